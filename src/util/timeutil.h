/* SPDX-License-Identifier: MIT */
/*
 * timeutil.h: the clock, RFC 3339 times and Go durations.
 *
 * The clock can be pinned for tests with AWS_VAULT_TEST_NOW (Unix seconds
 * or RFC 3339), honoured only in builds configured with
 * -Dtest_hooks=true (curl's CURL_FORCETIME under DEBUGBUILD).
 * Durations are int64 nanoseconds, like Go's time.Duration.
 */
#ifndef AV_TIMEUTIL_H
#define AV_TIMEUTIL_H

#include "util/common.h"

#include <time.h>

#define DUR_SECOND	INT64_C(1000000000)
#define DUR_MINUTE	(60 * DUR_SECOND)
#define DUR_HOUR	(60 * DUR_MINUTE)

/* Now, as Unix nanoseconds / seconds. */
int64_t clock_now_ns(void);
int64_t clock_now(void);

/* Parse an RFC 3339 time (fractional seconds and offsets allowed) into
 * Unix seconds and nanoseconds.  Returns 0 or AV_ERR_INVALID (no message
 * set). */
int time_parse_rfc3339(const char *s, int64_t *secp, int32_t *nsecp);
/* Format Unix seconds as UTC RFC 3339 "2006-01-02T15:04:05Z" into out
 * (at least 32 bytes). */
void time_format_rfc3339(int64_t sec, char *out, size_t outlen);
/* The same with nsec (0 to 999999999) as Go's time.RFC3339Nano writes
 * it: ".999999999", trailing zeros dropped, no dot when zero. */
void time_format_rfc3339_nano(int64_t sec, int32_t nsec, char *out,
    size_t outlen);

/* Parse a Go duration ("1h", "90m", "1h30m", "500ms").  On error sets a
 * message in Go's words (time: unknown unit "x" in duration "5x") and
 * returns AV_ERR_INVALID. */
int duration_parse(const char *s, int64_t *nsp);
/* Format as Go's Duration.String() ("1h0m0s", "59m59s", "-5s") into out
 * (at least 40 bytes). */
void duration_format(int64_t ns, char *out, size_t outlen);

#endif
