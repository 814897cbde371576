/* SPDX-License-Identifier: MIT */
/*
 * crypto.c: HMAC-SHA256, SHA-256, PBKDF2, AES key wrap and AES-256-GCM on
 * nettle, and getrandom(2).  The only file that includes nettle, so the
 * choice of library stays a one-file decision.
 */
#include "util/common.h"

#include <sys/random.h>

#include <errno.h>

#include <nettle/aes.h>
#include <nettle/gcm.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/nist-keywrap.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "util/crypto.h"
#include "util/error.h"

static const unsigned char crypto_kw_iv[8] = {
	0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6
};

void
crypto_sha256(const void *data, size_t n, unsigned char out[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, n, data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void
crypto_sha256_hex(const void *data, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	size_t i;

	crypto_sha256(data, n, d);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

void
crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[32])
{
	struct hmac_sha256_ctx ctx;

	hmac_sha256_set_key(&ctx, keylen, key);
	hmac_sha256_update(&ctx, msglen, msg);
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

void
crypto_hmac_sha1(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[20])
{
	struct hmac_sha1_ctx ctx;

	hmac_sha1_set_key(&ctx, keylen, key);
	hmac_sha1_update(&ctx, msglen, msg);
	hmac_sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

void
crypto_pbkdf2_sha256(const void *pw, size_t pwlen, const void *salt,
    size_t saltlen, unsigned iterations, unsigned char *out, size_t outlen)
{
	struct hmac_sha256_ctx ctx;

	hmac_sha256_set_key(&ctx, pwlen, pw);
	PBKDF2(&ctx, hmac_sha256_update, hmac_sha256_digest,
	    SHA256_DIGEST_SIZE, iterations, saltlen, salt, outlen, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

void
crypto_aes128_kw_wrap(const unsigned char kek[16], const unsigned char *in,
    size_t n, unsigned char *out)
{
	struct aes128_ctx ctx;

	aes128_set_encrypt_key(&ctx, kek);
	aes128_keywrap(&ctx, crypto_kw_iv, n + 8, out, in);
	explicit_bzero(&ctx, sizeof(ctx));
}

int
crypto_aes128_kw_unwrap(const unsigned char kek[16], const unsigned char *in,
    size_t n, unsigned char *out)
{
	struct aes128_ctx ctx;
	int ok;

	aes128_set_decrypt_key(&ctx, kek);
	ok = aes128_keyunwrap(&ctx, crypto_kw_iv, n - 8, out, in);
	explicit_bzero(&ctx, sizeof(ctx));
	if (!ok) {
		explicit_bzero(out, n - 8);
		return AV_ERR_AUTH;
	}
	return 0;
}

void
crypto_aes256_gcm_encrypt(const unsigned char key[32],
    const unsigned char *iv, size_t ivlen, const void *aad, size_t aadlen,
    const unsigned char *pt, size_t n, unsigned char *ct,
    unsigned char tag[16])
{
	struct gcm_aes256_ctx ctx;

	gcm_aes256_set_key(&ctx, key);
	gcm_aes256_set_iv(&ctx, ivlen, iv);
	gcm_aes256_update(&ctx, aadlen, aad);
	gcm_aes256_encrypt(&ctx, n, ct, pt);
	gcm_aes256_digest(&ctx, GCM_DIGEST_SIZE, tag);
	explicit_bzero(&ctx, sizeof(ctx));
}

int
crypto_aes256_gcm_decrypt(const unsigned char key[32],
    const unsigned char *iv, size_t ivlen, const void *aad, size_t aadlen,
    const unsigned char *ct, size_t n, const unsigned char tag[16],
    unsigned char *pt)
{
	struct gcm_aes256_ctx ctx;
	unsigned char want[GCM_DIGEST_SIZE];
	int r = 0;

	gcm_aes256_set_key(&ctx, key);
	gcm_aes256_set_iv(&ctx, ivlen, iv);
	gcm_aes256_update(&ctx, aadlen, aad);
	gcm_aes256_decrypt(&ctx, n, pt, ct);
	gcm_aes256_digest(&ctx, GCM_DIGEST_SIZE, want);
	if (!memeql_sec(want, tag, GCM_DIGEST_SIZE)) {
		explicit_bzero(pt, n);
		r = AV_ERR_AUTH;
	}
	explicit_bzero(&ctx, sizeof(ctx));
	explicit_bzero(want, sizeof(want));
	return r;
}

int
crypto_random(void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t got;

	while (n > 0) {
		got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return av_error_errno(AV_ERR_SYSTEM, "getrandom");
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

bool
crypto_memeq(const void *a, const void *b, size_t n)
{
	return memeql_sec(a, b, n) != 0;
}
