/* SPDX-License-Identifier: MIT */
/* json.c: jansson helpers: wiping allocator, Go string escaping. */
#include "util/common.h"

#include <malloc.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/str.h"

static void
json_wiping_free(void *p)
{
	if (p == NULL)
		return;
	explicit_bzero(p, malloc_usable_size(p));
	free(p);
}

void
json_wipe_init(void)
{
	json_set_alloc_funcs(malloc, json_wiping_free);
}

/* Go's escape for ASCII byte c, written into u when it is \u00XX. */
static const char *
json_go_escape(unsigned char c, char u[7])
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	}
	memcpy(u, "\\u00", 4);
	u[4] = hex[c >> 4];
	u[5] = hex[c & 15];
	u[6] = '\0';
	return u;
}

int
json_go_string(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	const char *esc;
	size_t i, start, len;
	uint32_t cp;
	char u[7];
	int r;

	if ((r = buf_putc(b, '"')) != 0)
		return r;
	/* Bytes that need no escaping are copied in runs, up to the next
	 * escape or the end. */
	for (i = start = 0; i < n; i += len) {
		/* Most are printable ASCII: a tight loop passes them. */
		while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' &&
		    s[i] != '\\' && s[i] != '<' && s[i] != '>' && s[i] != '&')
			i++;
		if (i == n)
			break;
		len = 1;
		if (s[i] < 0x80) {
			esc = json_go_escape(s[i], u);
		} else if ((cp = str_utf8_decode(s + i, n - i,
		    &len)) == 0x2028) {
			esc = "\\u2028";
		} else if (cp == 0x2029) {
			esc = "\\u2029";
		} else if (len > 0) {
			continue;	/* valid UTF-8 is copied as is */
		} else {
			len = 1;	/* Go: one U+FFFD per invalid byte */
			esc = "\\ufffd";
		}
		if (i > start && (r = buf_put(b, s + start, i - start)) != 0)
			return r;
		if ((r = buf_puts(b, esc)) != 0)
			return r;
		start = i + len;
	}
	if (n > start && (r = buf_put(b, s + start, n - start)) != 0)
		return r;
	return buf_putc(b, '"');
}

int
json_go_member(struct buf *b, const char *pre, const char *s, size_t n)
{
	int r;

	if ((r = buf_puts(b, pre)) != 0)
		return r;
	return s == NULL ? buf_puts(b, "null") : json_go_string(b, s, n);
}

json_t *
json_get_nocase(const json_t *obj, const char *key)
{
	const char *k;
	json_t *v;

	if (!json_is_object(obj))
		return NULL;
	if ((v = json_object_get(obj, key)) != NULL)
		return v;
	json_object_foreach((json_t *)obj, k, v)
		if (strcasecmp(k, key) == 0)
			return v;
	return NULL;
}

const char *
json_get_string(const json_t *obj, const char *key)
{
	json_t *v = json_get_nocase(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int
json_get_string_field(const json_t *obj, const char *key, const char *what,
    const char **vp)
{
	json_t *v = json_get_nocase(obj, key);

	*vp = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return av_error_set(AV_ERR_INVALID, "%s: field %s is not a "
		    "string", what, key);
	*vp = json_string_value(v);
	return 0;
}

int
json_load_object(const char *json, size_t n, const char *what, json_t **rootp)
{
	json_error_t jerr;
	json_t *root;
	const char *near;
	size_t cut;

	*rootp = NULL;
	if ((root = json_loadb(json, n, 0, &jerr)) == NULL) {
		/* jansson ends with "near '<token>'": never quote input. */
		near = strstr(jerr.text, " near ");
		cut = near != NULL ? (size_t)(near - jerr.text) :
		    strlen(jerr.text);
		return av_error_set(AV_ERR_INVALID,
		    "%s: %.*s at line %d column %d", what, (int)cut,
		    jerr.text, jerr.line, jerr.column);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return av_error_set(AV_ERR_INVALID, "%s: not a JSON object",
		    what);
	}
	*rootp = root;
	return 0;
}
