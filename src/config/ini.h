/* SPDX-License-Identifier: MIT */
/*
 * ini.h: the AWS-flavoured INI reader (spec 5.2).
 *
 * It reproduces what aws-vault sees through go-ini v1.67 with the options
 * AllowNestedValues, InsensitiveKeys and SpaceBeforeInlineComment (BN):
 * `=` or `:` delimiters, keys lower-cased, section names case-sensitive,
 * inline comments only after a space, backquote and triple-quote raw
 * values, line continuation, nested values, duplicate keys (last wins)
 * and sections (merged), an implicit "DEFAULT" section for keys before
 * the first header, CRLF and a byte-order mark.
 *
 * A parsed struct ini is immutable: every string it hands out is
 * borrowed and lives as long as the struct ini.  Sections and keys keep
 * file order (the position of their first appearance) and remember the
 * line of their header or of the assignment that won.  This module knows
 * nothing of profiles: see profile.h.
 */
#ifndef AV_INI_H
#define AV_INI_H

#include "util/common.h"

/* Inputs larger than this are refused (CONVENTIONS.md 6: config files). */
#define INI_SIZE_MAX	(1024 * 1024)

/* The name go-ini gives to the keys before the first section header. */
#define INI_DEFAULT_SECTION	"DEFAULT"

/* Private to ini.c: an index over names (open addressing). */
struct ini_map {
	uint32_t	*slot;		/* index + 1; 0 is empty */
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};

/* One indented line under a `key =` with an empty value, trimmed. */
struct ini_nested {
	char		*text;
	unsigned	 line;
};

struct ini_key {
	char		*name;		/* lower-cased */
	char		*value;		/* never NULL; may be "" */
	unsigned	 line;		/* the assignment that won */
	struct ini_nested *nested;	/* in file order */
	size_t		 nnested;
	size_t		 nested_cap;
};

struct ini_section {
	char		*name;		/* as between the brackets */
	unsigned	 line;		/* first header; 0 if implicit */
	struct ini_key	*keys;		/* file order */
	size_t		 nkeys;
	size_t		 keys_cap;
	struct ini_map	 map;
};

struct ini;

/* Flags for ini_parse_flags. */
enum ini_flags {
	/*
	 * The text holds secrets (~/.aws/credentials): every copy of a
	 * value or of a nested line is wiped before its memory is freed,
	 * when a value buffer grows (copy, then wipe the old storage), when
	 * a duplicate key replaces a value, on an error path and in
	 * ini_free.  The results are the same as without the flag; only
	 * what is left behind in freed heap differs, so the unit tests can
	 * check the API, not the wiping.  The caller keeps the input itself
	 * (and anything it copies out) in a secbuf.
	 */
	INI_SECRET = 1 << 0,
};

/*
 * Parse len bytes of data.  filename is used only in messages, which
 * read "<filename>:<line>: <what is wrong>" (a NUL byte, an unclosed or
 * empty section header, a line without `=` or `:`, an empty key name, an
 * unterminated quoted value).  Messages never quote the offending line,
 * which might hold a secret.  On success *inip is a new struct ini owned
 * by the caller (ini_free).  Returns 0 or AV_ERR_INVALID.
 */
int ini_parse(const char *data, size_t len, const char *filename,
    struct ini **inip);
/* ini_parse with flags (enum ini_flags); ini_parse is flags 0. */
int ini_parse_flags(const char *data, size_t len, const char *filename,
    unsigned flags, struct ini **inip);

/* Free everything (wiping values under INI_SECRET); NULL is a no-op. */
void ini_free(struct ini *ini);

/* The filename given to ini_parse (borrowed; may be NULL). */
const char *ini_filename(const struct ini *ini);

/* Sections in file order.  Section 0 is always the implicit DEFAULT one
 * (go-ini creates it first), which may be empty. */
size_t ini_section_count(const struct ini *ini);
const struct ini_section *ini_section_at(const struct ini *ini, size_t i);

/* The section called exactly name (case-sensitive), or NULL. */
const struct ini_section *ini_section_find(const struct ini *ini,
    const char *name);

/* The key called name (any case), or NULL.  The result is borrowed. */
const struct ini_key *ini_key_find(const struct ini_section *sec,
    const char *name);

/* The value of key name in sec (any case), or NULL when the key is
 * absent (a key present with an empty value gives "").  *linep, when
 * linep is not NULL, gets the line of the assignment (0 when absent). */
const char *ini_get(const struct ini_section *sec, const char *name,
    unsigned *linep);

/*
 * A nested value: the last line "subkey = value" (split at the first
 * `=`, both sides trimmed, subkey compared in any case) among the
 * nested lines of key in sec, as in
 *	[services local]
 *	sts =
 *	  endpoint_url = http://127.0.0.1:5000
 * Returns the borrowed value or NULL; *linep as for ini_get.
 */
const char *ini_get_nested(const struct ini_section *sec, const char *key,
    const char *subkey, unsigned *linep);

#endif
