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
#include "util/str.h"

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
		r = str_utf8_decode(s + i, len - i, &clen);
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
