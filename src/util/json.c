/* SPDX-License-Identifier: MIT */
/* json.c: jansson helpers: wiping allocator, Go string escaping. */
#include "util/common.h"

#include <malloc.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"

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

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
json_utf8_len(const unsigned char *s, size_t n, uint32_t *cpp)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80) {
		*cpp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cpp = cp;
	return len;
}

int
json_go_string(struct buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;
	uint32_t cp;
	int r;

	if ((r = buf_putc(b, '"')) != 0)
		return r;
	while (i < n) {
		unsigned char c = s[i];
		size_t run = i;

		/* Copy runs that need no escaping in one go. */
		while (run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		    s[run] != '"' && s[run] != '\\' && s[run] != '<' &&
		    s[run] != '>' && s[run] != '&')
			run++;
		if (run > i) {
			if ((r = buf_put(b, s + i, run - i)) != 0)
				return r;
			i = run;
			continue;
		}

		if (c >= 0x80) {
			if ((len = json_utf8_len(s + i, n - i, &cp)) == 0) {
				r = buf_puts(b, "\\ufffd");
				len = 1;
			} else if (cp == 0x2028 || cp == 0x2029) {
				r = buf_printf(b, "\\u%04x", (unsigned)cp);
			} else {
				r = buf_put(b, s + i, len);
			}
			i += len;
		} else {
			char esc[7] = { '\\', 'u', '0', '0', 0, 0, 0 };

			switch (c) {
			case '"':
				r = buf_puts(b, "\\\"");
				break;
			case '\\':
				r = buf_puts(b, "\\\\");
				break;
			case '\n':
				r = buf_puts(b, "\\n");
				break;
			case '\r':
				r = buf_puts(b, "\\r");
				break;
			case '\t':
				r = buf_puts(b, "\\t");
				break;
			default:
				if (c < 0x20 || c == '<' || c == '>' ||
				    c == '&') {
					esc[4] = hex[c >> 4];
					esc[5] = hex[c & 15];
					r = buf_put(b, esc, 6);
				} else {
					r = buf_putc(b, (char)c);
				}
			}
			i++;
		}
		if (r != 0)
			return r;
	}
	return buf_putc(b, '"');
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
