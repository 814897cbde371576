/* SPDX-License-Identifier: MIT */
/*
 * fuzz-jwe.c: the JWE reader (keyring/jwe.c) on untrusted file contents.
 * Input: a passphrase, a newline, then the token, so the corpus can
 * carry the right passphrase and reach the content decryption.  A token
 * that decrypts is encrypted again and must decrypt to the same bytes.
 * Tokens with a large p2c are slow by design (up to 1.3M PBKDF2 rounds).
 */
#include "util/common.h"

#include "keyring/jwe.h"
#include "util/secbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl;
	struct secbuf *pt = NULL, *pt2 = NULL;
	size_t pwlen;
	char *tok = NULL;

	if ((nl = memchr(p, '\n', size)) == NULL)
		return 0;
	pwlen = (size_t)(nl - p);
	(void)jwe_check_passphrase(p, pwlen, nl + 1, size - pwlen - 1);
	if (jwe_decrypt(p, pwlen, nl + 1, size - pwlen - 1, &pt) != 0)
		return 0;
	if (jwe_encrypt(p, pwlen, secbuf_ptr(pt), secbuf_len(pt), &tok) != 0 ||
	    jwe_decrypt(p, pwlen, tok, strlen(tok), &pt2) != 0 ||
	    secbuf_len(pt) != secbuf_len(pt2) ||
	    memcmp(secbuf_ptr(pt), secbuf_ptr(pt2), secbuf_len(pt)) != 0)
		abort();
	free(tok);
	secbuf_free(pt2);
	secbuf_free(pt);
	return 0;
}
