/* SPDX-License-Identifier: MIT */
/*
 * code.c: the one check every MFA code passes before it reaches AWS.
 *
 * AWS accepts only 6-digit TOTP codes for MFA.  Codes are typed on
 * terminals with Japanese or Chinese input methods (full-width digits
 * U+FF10..U+FF19, the ideographic space U+3000), pasted with spaces
 * ("123 456") or printed by a program with a trailing newline.  We turn
 * all of that into six ASCII digits, and refuse anything else here with a
 * message that says what is wrong, instead of letting STS answer with a
 * vague validation error.  Messages name at most one offending character,
 * never the code.
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "util/error.h"
#include "util/secbuf.h"

size_t
prompt_utf8_len(unsigned char lead)
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
prompt_utf8_decode(const unsigned char *s, size_t n, size_t *lenp)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t need = prompt_utf8_len(s[0]), i;
	uint32_t r;

	*lenp = 0;
	if (need == 0 || n < need)
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

int
prompt_code_normalize(const char *in, size_t len, struct secbuf **codep)
{
	const unsigned char *s = (const unsigned char *)in;
	char digits[PROMPT_CODE_LEN];
	size_t i = 0, n = 0, clen;
	uint32_t r;
	int rc = AV_ERR_INTERNAL;

	*codep = NULL;
	while (i < len) {
		r = prompt_utf8_decode(s + i, len - i, &clen);
		if (clen == 0) {
			rc = av_error_set(AV_ERR_INVALID,
			    "MFA code is not valid UTF-8");
			goto out;
		}
		i += clen;
		if (r == ' ' || (r >= '\t' && r <= '\r') || r == 0x3000)
			continue;
		if (r >= 0xff10 && r <= 0xff19)
			r = '0' + (r - 0xff10);
		if (r < '0' || r > '9') {
			if (r > 0x20 && r < 0x7f)
				rc = av_error_set(AV_ERR_INVALID,
				    "MFA code contains '%c'", (char)r);
			else
				rc = av_error_set(AV_ERR_INVALID,
				    "MFA code contains U+%04X", (unsigned)r);
			goto out;
		}
		if (n < sizeof(digits))
			digits[n] = (char)r;
		n++;
	}
	if (n == 0) {
		rc = av_error_set(AV_ERR_INVALID, "MFA code is empty");
		goto out;
	}
	if (n != PROMPT_CODE_LEN) {
		rc = av_error_set(AV_ERR_INVALID,
		    "MFA code must be %d digits, got %zu", PROMPT_CODE_LEN, n);
		goto out;
	}
	*codep = secbuf_from(digits, n);
	rc = 0;
out:
	explicit_bzero(digits, sizeof(digits));
	return rc;
}
