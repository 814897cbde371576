/* SPDX-License-Identifier: MIT */
/* str.c: slices, strict number parsing and string vectors. */
#include "util/common.h"

#include "util/error.h"
#include "util/str.h"
#include "util/xmalloc.h"

static bool
str_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

bool
str_eq(struct str s, const char *c)
{
	return strlen(c) == s.len && memcmp(s.p, c, s.len) == 0;
}

bool
str_eq_nocase(struct str s, const char *c)
{
	return strlen(c) == s.len && strncasecmp(s.p, c, s.len) == 0;
}

bool
str_startswith(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

struct str
str_trim(struct str s)
{
	while (s.len > 0 && str_is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && str_is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

bool
str_split(struct str *s, char sep, struct str *head)
{
	const char *q;

	if (s->len == 0)
		return false;
	if ((q = memchr(s->p, sep, s->len)) == NULL) {
		*head = *s;
		s->p += s->len;
		s->len = 0;
		return true;
	}
	*head = str_make(s->p, (size_t)(q - s->p));
	s->len -= (size_t)(q - s->p) + 1;
	s->p = q + 1;
	return true;
}

char *
str_dup(struct str s)
{
	return xstrndup(s.p, s.len);
}

bool
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool
str_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

int
str_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
str_utf8_len(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

uint32_t
str_utf8_decode(const unsigned char *s, size_t n, size_t *lenp)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t need, i;
	uint32_t r;

	*lenp = 0;
	if (n == 0 || (need = str_utf8_len(s[0])) == 0 || n < need)
		return 0;
	r = s[0] & lead_mask[need];
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		r = (r << 6) | (s[i] & 0x3f);
	}
	if (r < min[need] || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return 0;
	*lenp = need;
	return r;
}

void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

char *
str_trim_dup(const char *s)
{
	return str_dup(str_trim(str_from(s)));
}

int
str_to_u64(struct str s, uint64_t min, uint64_t max, uint64_t *outp)
{
	uint64_t v = 0;
	size_t i;

	*outp = 0;
	if (s.len == 0)
		return AV_ERR_INVALID;
	for (i = 0; i < s.len; i++) {
		unsigned d;

		if (s.p[i] < '0' || s.p[i] > '9')
			return AV_ERR_INVALID;
		d = (unsigned)(s.p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return AV_ERR_INVALID;
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return AV_ERR_INVALID;
	*outp = v;
	return 0;
}

int
cstr_to_u64(const char *s, uint64_t min, uint64_t max, uint64_t *outp)
{
	return str_to_u64(str_from(s), min, max, outp);
}

int
cstr_to_i64(const char *s, int64_t min, int64_t max, int64_t *outp)
{
	uint64_t u;
	bool neg = false;
	int64_t v;

	*outp = 0;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (str_to_u64(str_from(s), 0, (uint64_t)INT64_MAX + (neg ? 1 : 0),
	    &u) != 0)
		return AV_ERR_INVALID;
	if (neg)
		v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	else
		v = (int64_t)u;
	if (v < min || v > max)
		return AV_ERR_INVALID;
	*outp = v;
	return 0;
}

int
str_parse_bool(const char *s, bool *outp)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true",
	    "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false",
	    "False" };
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*outp = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*outp = false;
			return 0;
		}
	}
	return AV_ERR_INVALID;
}

void
strv_init(struct strv *sv)
{
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

void
strv_push_owned(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strv_push(struct strv *sv, const char *s)
{
	strv_push_owned(sv, xstrdup(s));
}

bool
strv_contains(const struct strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

static int
strv_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strv_sort(struct strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), strv_cmp);
}

void
strv_release(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	strv_init(sv);
}
