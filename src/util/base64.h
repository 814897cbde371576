/* SPDX-License-Identifier: MIT */
/*
 * base64.h: RFC 4648 base64 in the two flavours the Go tool writes:
 * standard with padding (Item JSON "Data", Go StdEncoding) and URL-safe
 * without padding (session keys, JWE segments, Go RawURLEncoding).
 * Hand-written rather than nettle's because decoding must be exactly as
 * strict as Go's: the session-key parser decides "is this a session?"
 * by whether the fields decode.
 */
#ifndef AV_BASE64_H
#define AV_BASE64_H

#include "util/common.h"

enum base64_variant {
	BASE64_STD,		/* +/ with = padding */
	BASE64_URL_RAW,		/* -_ without padding */
};

/* Length of the encoding of n bytes, without the NUL. */
size_t base64_encoded_len(size_t n, enum base64_variant v);
/* Encode n bytes into out, which holds base64_encoded_len(n) + 1 bytes;
 * out is NUL-terminated. */
void base64_encode(const void *in, size_t n, enum base64_variant v,
    char *out);
/* A newly allocated encoding (caller frees). */
char *base64_encode_dup(const void *in, size_t n, enum base64_variant v);

/* Upper bound on the decoded size of n characters. */
size_t base64_decoded_max(size_t n);
/* Decode inlen characters.  out holds base64_decoded_max(inlen) + 1
 * bytes and is NUL-terminated for convenience.  Go semantics: \r and \n
 * are skipped; padding is required for STD and refused for URL_RAW.
 * Returns 0 or AV_ERR_INVALID (no message set). */
int base64_decode(const char *in, size_t inlen, enum base64_variant v,
    unsigned char *out, size_t *outlenp);

#endif
