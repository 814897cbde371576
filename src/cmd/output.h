/* SPDX-License-Identifier: MIT */
/*
 * output.h: the byte-exact outputs scripts parse: export's four formats
 * (spec 3.6), exec's child environment (spec 7), Go's %q quoting, and
 * Go's text/tabwriter layout used by `list` (spec 3.3).
 */
#ifndef AV_CMD_OUTPUT_H
#define AV_CMD_OUTPUT_H

#include "util/common.h"

struct aws_creds;
struct buf;
struct strv;

enum export_format {
	EXPORT_ENV,
	EXPORT_EXPORT_ENV,
	EXPORT_JSON,
	EXPORT_INI,
};

/* Parse a --format value; returns 0 or AV_ERR_INVALID. */
int export_format_parse(const char *s, enum export_format *fmtp);
/* Append creds in format to out; region may be NULL or "".  The result
 * holds secrets: out should be a secbuf's buf. */
int export_format_creds(struct buf *out, enum export_format fmt,
    const struct aws_creds *creds, const char *profile, const char *region);

/* Go's strconv.Quote (as %q prints it) of s, appended to out. */
int output_go_quote(struct buf *out, const char *s);

/* The environment exec gives its child (spec 7): environ with the
 * credential variables removed, AWS_VAULT=profile, the region, the
 * endpoint and, when creds is non-NULL, the credentials; extra holds more
 * "NAME=value" entries (server modes, --profile-env).  Caller frees with
 * spawn_env_free. */
char **exec_env_build(const char *profile, const char *region,
    const char *endpoint_url, const struct aws_creds *creds,
    const char *const *extra);

/* The width of s in runes (UTF-8 lead bytes), as text/tabwriter and the
 * help layout count it. */
size_t output_runes(const char *s);

/* Go text/tabwriter with minwidth 25, tabwidth 4, padding 2, flags 0,
 * every cell tab-terminated: rows of ncols cells, appended to out. */
void output_table(struct buf *out, char **cells, size_t nrows,
    size_t ncols);

#endif
