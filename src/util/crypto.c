/* SPDX-License-Identifier: MIT */
/*
 * crypto.c: HMAC-SHA256, SHA-256, PBKDF2, AES key wrap, AES-GCM and
 * AES-CBC on nettle, and getrandom(2).  The only file that includes
 * nettle, so the choice of library stays a one-file decision.
 */
#include "util/common.h"

#include <sys/random.h>

#include <errno.h>

#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/gcm.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/nettle-meta.h>
#include <nettle/nist-keywrap.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "util/crypto.h"
#include "util/error.h"
#include "util/xmalloc.h"

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
crypto_sha1_hex(const void *data, size_t n, char out[41])
{
	static const char hex[] = "0123456789abcdef";
	struct sha1_ctx ctx;
	unsigned char d[SHA1_DIGEST_SIZE];
	size_t i;

	sha1_init(&ctx);
	sha1_update(&ctx, n, data);
	sha1_digest(&ctx, SHA1_DIGEST_SIZE, d);
	for (i = 0; i < SHA1_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[40] = '\0';
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

void
crypto_hmac(enum crypto_hash h, const void *key, size_t keylen,
    const void *msg, size_t msglen, unsigned char *out)
{
	union {
		struct hmac_sha256_ctx s256;
		struct hmac_sha512_ctx s512;	/* also SHA-384 */
	} ctx;

	switch (h) {
	case CRYPTO_HASH_SHA256:
		hmac_sha256_set_key(&ctx.s256, keylen, key);
		hmac_sha256_update(&ctx.s256, msglen, msg);
		hmac_sha256_digest(&ctx.s256, SHA256_DIGEST_SIZE, out);
		break;
	case CRYPTO_HASH_SHA384:
		hmac_sha384_set_key(&ctx.s512, keylen, key);
		hmac_sha384_update(&ctx.s512, msglen, msg);
		hmac_sha384_digest(&ctx.s512, SHA384_DIGEST_SIZE, out);
		break;
	case CRYPTO_HASH_SHA512:
		hmac_sha512_set_key(&ctx.s512, keylen, key);
		hmac_sha512_update(&ctx.s512, msglen, msg);
		hmac_sha512_digest(&ctx.s512, SHA512_DIGEST_SIZE, out);
		break;
	}
	explicit_bzero(&ctx, sizeof(ctx));
}

void
crypto_pbkdf2(enum crypto_hash h, const void *pw, size_t pwlen,
    const void *salt, size_t saltlen, unsigned iterations,
    unsigned char *out, size_t outlen)
{
	union {
		struct hmac_sha256_ctx s256;
		struct hmac_sha512_ctx s512;	/* also SHA-384 */
	} ctx;

	/* Our own context, so the keyed HMAC state can be wiped. */
	switch (h) {
	case CRYPTO_HASH_SHA256:
		hmac_sha256_set_key(&ctx.s256, pwlen, pw);
		PBKDF2(&ctx.s256, hmac_sha256_update, hmac_sha256_digest,
		    SHA256_DIGEST_SIZE, iterations, saltlen, salt, outlen,
		    out);
		break;
	case CRYPTO_HASH_SHA384:
		hmac_sha384_set_key(&ctx.s512, pwlen, pw);
		PBKDF2(&ctx.s512, hmac_sha384_update, hmac_sha384_digest,
		    SHA384_DIGEST_SIZE, iterations, saltlen, salt, outlen,
		    out);
		break;
	case CRYPTO_HASH_SHA512:
		hmac_sha512_set_key(&ctx.s512, pwlen, pw);
		PBKDF2(&ctx.s512, hmac_sha512_update, hmac_sha512_digest,
		    SHA512_DIGEST_SIZE, iterations, saltlen, salt, outlen,
		    out);
		break;
	}
	explicit_bzero(&ctx, sizeof(ctx));
}

/* An AES key schedule of any of the three sizes, with the matching
 * block function for nettle's generic modes. */
struct crypto_aes {
	union {
		struct aes128_ctx	a128;
		struct aes192_ctx	a192;
		struct aes256_ctx	a256;
	} u;
	nettle_cipher_func	*f;
};

/* Set up c for encryption (or decryption) with a 16, 24 or 32-byte key. */
static void
crypto_aes_init(struct crypto_aes *c, const unsigned char *key,
    size_t keylen, bool decrypt)
{
	static const struct nettle_cipher *const aes[] = {
		&nettle_aes128, &nettle_aes192, &nettle_aes256
	};
	const struct nettle_cipher *m = NULL;
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(aes); i++)
		if (aes[i]->key_size == keylen)
			m = aes[i];
	if (m == NULL || m->context_size > sizeof(c->u))
		BUG("AES key length");
	(decrypt ? m->set_decrypt_key : m->set_encrypt_key)(&c->u, key);
	c->f = decrypt ? m->decrypt : m->encrypt;
}

void
crypto_aes_kw_wrap(const unsigned char *kek, size_t keklen,
    const unsigned char *in, size_t n, unsigned char *out)
{
	struct crypto_aes c;

	crypto_aes_init(&c, kek, keklen, false);
	nist_keywrap16(&c.u, c.f, crypto_kw_iv, n + 8, out, in);
	explicit_bzero(&c, sizeof(c));
}

int
crypto_aes_kw_unwrap(const unsigned char *kek, size_t keklen,
    const unsigned char *in, size_t n, unsigned char *out)
{
	struct crypto_aes c;
	int ok;

	crypto_aes_init(&c, kek, keklen, true);
	ok = nist_keyunwrap16(&c.u, c.f, crypto_kw_iv, n - 8, out, in);
	explicit_bzero(&c, sizeof(c));
	if (!ok) {
		explicit_bzero(out, n - 8);
		return AV_ERR_AUTH;
	}
	return 0;
}

void
crypto_aes_gcm_encrypt(const unsigned char *key, size_t keylen,
    const unsigned char *iv, size_t ivlen, const void *aad, size_t aadlen,
    const unsigned char *pt, size_t n, unsigned char *ct,
    unsigned char tag[CRYPTO_GCM_TAG_LEN])
{
	struct crypto_aes c;
	struct gcm_key gk;
	struct gcm_ctx gc;

	crypto_aes_init(&c, key, keylen, false);
	gcm_set_key(&gk, &c.u, c.f);
	gcm_set_iv(&gc, &gk, ivlen, iv);
	gcm_update(&gc, &gk, aadlen, aad);
	gcm_encrypt(&gc, &gk, &c.u, c.f, n, ct, pt);
	gcm_digest(&gc, &gk, &c.u, c.f, GCM_DIGEST_SIZE, tag);
	explicit_bzero(&c, sizeof(c));
	explicit_bzero(&gk, sizeof(gk));
	explicit_bzero(&gc, sizeof(gc));
}

int
crypto_aes_gcm_decrypt(const unsigned char *key, size_t keylen,
    const unsigned char *iv, size_t ivlen, const void *aad, size_t aadlen,
    const unsigned char *ct, size_t n, const unsigned char tag[16],
    unsigned char *pt)
{
	struct crypto_aes c;
	struct gcm_key gk;
	struct gcm_ctx gc;
	unsigned char want[GCM_DIGEST_SIZE];
	int r = 0;

	crypto_aes_init(&c, key, keylen, false);
	gcm_set_key(&gk, &c.u, c.f);
	gcm_set_iv(&gc, &gk, ivlen, iv);
	gcm_update(&gc, &gk, aadlen, aad);
	gcm_decrypt(&gc, &gk, &c.u, c.f, n, pt, ct);
	gcm_digest(&gc, &gk, &c.u, c.f, GCM_DIGEST_SIZE, want);
	if (!memeql_sec(want, tag, GCM_DIGEST_SIZE)) {
		explicit_bzero(pt, n);
		r = AV_ERR_AUTH;
	}
	explicit_bzero(&c, sizeof(c));
	explicit_bzero(&gk, sizeof(gk));
	explicit_bzero(&gc, sizeof(gc));
	explicit_bzero(want, sizeof(want));
	return r;
}

int
crypto_aes_cbc_decrypt(const unsigned char *key, size_t keylen,
    const unsigned char iv[16], const unsigned char *in, size_t n,
    unsigned char *out, size_t *outlenp)
{
	struct crypto_aes c;
	unsigned char civ[AES_BLOCK_SIZE];
	size_t pad, i;
	unsigned bad = 0;

	*outlenp = 0;
	if (n == 0 || n % AES_BLOCK_SIZE != 0)
		return AV_ERR_INVALID;
	memcpy(civ, iv, AES_BLOCK_SIZE);
	crypto_aes_init(&c, key, keylen, true);
	cbc_decrypt(&c.u, c.f, AES_BLOCK_SIZE, civ, n, out, in);
	explicit_bzero(&c, sizeof(c));
	pad = out[n - 1];
	if (pad == 0 || pad > AES_BLOCK_SIZE) {
		explicit_bzero(out, n);
		return AV_ERR_INVALID;
	}
	for (i = n - pad; i < n; i++)
		bad |= out[i] ^ (unsigned)pad;
	if (bad != 0) {
		explicit_bzero(out, n);
		return AV_ERR_INVALID;
	}
	*outlenp = n - pad;
	return 0;
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
