/* SPDX-License-Identifier: MIT */
/* base64.c: Go-compatible standard and raw URL-safe base64. */
#include "util/common.h"

#include "util/base64.h"
#include "util/error.h"
#include "util/xmalloc.h"

static const char base64_std_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char base64_url_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t
base64_encoded_len(size_t n, enum base64_variant v)
{
	if (v == BASE64_STD)
		return (n + 2) / 3 * 4;
	return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

void
base64_encode(const void *in, size_t n, enum base64_variant v, char *out)
{
	const unsigned char *s = in;
	const char *a = v == BASE64_STD ? base64_std_alpha : base64_url_alpha;
	size_t i;
	char *o = out;

	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t w = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 |
		    s[i + 2];
		*o++ = a[w >> 18 & 63];
		*o++ = a[w >> 12 & 63];
		*o++ = a[w >> 6 & 63];
		*o++ = a[w & 63];
	}
	if (n - i == 1) {
		uint32_t w = (uint32_t)s[i] << 16;
		*o++ = a[w >> 18 & 63];
		*o++ = a[w >> 12 & 63];
		if (v == BASE64_STD) {
			*o++ = '=';
			*o++ = '=';
		}
	} else if (n - i == 2) {
		uint32_t w = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
		*o++ = a[w >> 18 & 63];
		*o++ = a[w >> 12 & 63];
		*o++ = a[w >> 6 & 63];
		if (v == BASE64_STD)
			*o++ = '=';
	}
	*o = '\0';
}

char *
base64_encode_dup(const void *in, size_t n, enum base64_variant v)
{
	char *out = xmalloc(base64_encoded_len(n, v) + 1);

	base64_encode(in, n, v, out);
	return out;
}

size_t
base64_decoded_max(size_t n)
{
	return n / 4 * 3 + 3;
}

static int
base64_value(char c, enum base64_variant v)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (v == BASE64_STD)
		return c == '+' ? 62 : c == '/' ? 63 : -1;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

int
base64_decode(const char *in, size_t inlen, enum base64_variant v,
    unsigned char *out, size_t *outlenp)
{
	uint32_t acc = 0;
	size_t i, nq = 0, o = 0, pad = 0;

	*outlenp = 0;
	for (i = 0; i < inlen; i++) {
		char c = in[i];
		int d;

		if (c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			if (v != BASE64_STD || nq < 2)
				return AV_ERR_INVALID;
			pad++;
			nq++;
			if (nq == 4)
				break;
			continue;
		}
		if (pad > 0 || (d = base64_value(c, v)) < 0)
			return AV_ERR_INVALID;
		acc = acc << 6 | (uint32_t)d;
		if (++nq == 4) {
			out[o++] = (unsigned char)(acc >> 16);
			out[o++] = (unsigned char)(acc >> 8);
			out[o++] = (unsigned char)acc;
			acc = 0;
			nq = 0;
		}
	}
	/* Nothing but line breaks may follow the padding. */
	for (i++; i < inlen; i++)
		if (in[i] != '\r' && in[i] != '\n')
			return AV_ERR_INVALID;
	if (pad > 0) {
		if (nq != 4)
			return AV_ERR_INVALID;
		/* 2 or 3 data characters, then padding. */
		acc <<= 6 * pad;
		out[o++] = (unsigned char)(acc >> 16);
		if (pad == 1)
			out[o++] = (unsigned char)(acc >> 8);
	} else if (nq != 0) {
		if (v == BASE64_STD || nq == 1)
			return AV_ERR_INVALID;
		acc <<= 6 * (4 - nq);
		out[o++] = (unsigned char)(acc >> 16);
		if (nq == 3)
			out[o++] = (unsigned char)(acc >> 8);
	}
	out[o] = '\0';
	*outlenp = o;
	return 0;
}
