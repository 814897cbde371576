/* SPDX-License-Identifier: MIT */
/*
 * str.h: string slices and small parsing helpers (curl strparse).
 * A struct str never owns its bytes; it borrows them from a longer-lived
 * string.  Numbers are parsed strictly with explicit bounds; no atoi,
 * sscanf or strtok.
 */
#ifndef AV_STR_H
#define AV_STR_H

#include "util/common.h"

struct str {
	const char	*p;
	size_t		 len;
};

static inline struct str
str_make(const char *p, size_t len)
{
	struct str s = { p, len };
	return s;
}

static inline struct str
str_from(const char *s)
{
	return str_make(s, strlen(s));
}

bool str_eq(struct str s, const char *c);
bool str_eq_nocase(struct str s, const char *c);
bool str_startswith(struct str s, const char *prefix);
/* Trim ASCII white space (space, \t, \n, \v, \f, \r) from both ends. */
struct str str_trim(struct str s);
/* Split at the first sep: *head gets the text before it and *s the text
 * after it; without sep, *head = *s and *s becomes empty.  Returns false
 * (and leaves both alone) when *s is empty. */
bool str_split(struct str *s, char sep, struct str *head);
/* A new NUL-terminated copy (owned by the caller). */
char *str_dup(struct str s);

/* C-string helpers. */
bool streq(const char *a, const char *b);	/* NULL-safe */
bool str_has_prefix(const char *s, const char *prefix);
bool str_has_suffix(const char *s, const char *suffix);
bool str_empty(const char *s);			/* NULL or "" */
/* The value of hex digit c (either case), or -1. */
int str_hexval(char c);

/* UTF-8 as Go's unicode/utf8 accepts it.  str_utf8_len: the length of the
 * sequence that lead starts (1-4), or 0 when no valid one starts with it.
 * str_utf8_decode: the character at s[0..n), with *lenp its length, or 0
 * with *lenp 0 when the bytes are not valid UTF-8 (overlong, surrogate,
 * past U+10FFFF, cut short, n == 0). */
size_t str_utf8_len(unsigned char lead);
uint32_t str_utf8_decode(const unsigned char *s, size_t n, size_t *lenp);
/* Lower-case ASCII in place. */
void str_lower(char *s);
/* A trimmed copy of s (owned by the caller). */
char *str_trim_dup(const char *s);

/* Parse all of s as an unsigned decimal number in [min, max].
 * Returns 0 or AV_ERR_INVALID (no message is set). */
int str_to_u64(struct str s, uint64_t min, uint64_t max, uint64_t *outp);
int cstr_to_u64(const char *s, uint64_t min, uint64_t max, uint64_t *outp);
int cstr_to_i64(const char *s, int64_t min, int64_t max, int64_t *outp);

/* Parse a Go strconv.ParseBool value ("1 t T TRUE true True 0 f F FALSE
 * false False").  Returns 0 or AV_ERR_INVALID. */
int str_parse_bool(const char *s, bool *outp);

/* A NULL-terminated array of strings, all owned. */
struct strv {
	char	**v;
	size_t	  n;
	size_t	  cap;
};
void strv_init(struct strv *sv);
void strv_push(struct strv *sv, const char *s);		/* copies s */
void strv_push_owned(struct strv *sv, char *s);		/* takes s */
bool strv_contains(const struct strv *sv, const char *s);
void strv_sort(struct strv *sv);
void strv_release(struct strv *sv);

#endif
