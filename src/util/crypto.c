/* SPDX-License-Identifier: MIT */
/*
 * crypto.c: SHA-1/256/512, HMAC, PBKDF2, AES key wrap, AES-GCM and AES-CBC on
 * nettle, and getrandom(2).  The only file that includes
 * nettle, so the choice of library stays a one-file decision.
 *
 * One loop is ours: PBKDF2-HMAC-SHA256's iterations (crypto_pbkdf2_sha256).
 * The file keystore's format, shared with the Go tool, costs 8,192 of them
 * per item read, and nettle's generic HMAC spends more than half again the
 * SHA-256 compressions on padding, big-endian output and context copies
 * for each (bench/README.md).  The loop feeds nettle's SHA-256 blocks it
 * has padded once, and reads the state words nettle's public context
 * holds; key set-up, the first iteration and every other hash stay
 * nettle's.
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
crypto_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Lower-case hex of hash h of data into out (2 * digest size + 1). */
static void
crypto_hash_hex(const struct nettle_hash *h, const void *data, size_t n,
    char *out)
{
	union {
		struct sha1_ctx		sha1;
		struct sha256_ctx	sha256;
		struct sha512_ctx	sha512;
	} ctx;
	unsigned char d[SHA512_DIGEST_SIZE];

	h->init(&ctx);
	h->update(&ctx, n, data);
	h->digest(&ctx, h->digest_size, d);
	crypto_hex(d, h->digest_size, out);
	explicit_bzero(&ctx, sizeof(ctx));	/* maybe a code's hash */
	explicit_bzero(d, sizeof(d));
}

void
crypto_sha256_hex(const void *data, size_t n, char out[65])
{
	crypto_hash_hex(&nettle_sha256, data, n, out);
}

void
crypto_sha512_256_hex(const void *data, size_t n, char out[65])
{
	crypto_hash_hex(&nettle_sha512_256, data, n, out);
}

void
crypto_sha1_hex(const void *data, size_t n, char out[41])
{
	crypto_hash_hex(&nettle_sha1, data, n, out);
}

/*
 * HMAC over any enum crypto_hash, on nettle's generic HMAC and its
 * struct nettle_hash (the per-hash hmac_sha*_ functions are the same code
 * behind a fixed hash).  Our own context rather than nettle's
 * pbkdf2_hmac_*, so the keyed state can be wiped; its update and digest
 * have the shape PBKDF2 takes.
 */
struct crypto_hmac_ctx {
	const struct nettle_hash	*hash;
	struct sha512_ctx		 outer, inner, state; /* the largest */
};

static void
crypto_hmac_init(struct crypto_hmac_ctx *c, enum crypto_hash h,
    const void *key, size_t keylen)
{
	static const struct nettle_hash *const hashes[] = {
		[CRYPTO_HASH_SHA256] = &nettle_sha256,
		[CRYPTO_HASH_SHA384] = &nettle_sha384,
		[CRYPTO_HASH_SHA512] = &nettle_sha512,
	};

	if ((size_t)h >= AV_ARRAY_SIZE(hashes) ||
	    hashes[h]->context_size > sizeof(c->state))
		BUG("HMAC hash");
	c->hash = hashes[h];
	hmac_set_key(&c->outer, &c->inner, &c->state, c->hash, keylen, key);
}

static void
crypto_hmac_update(void *ctx, size_t n, const uint8_t *data)
{
	struct crypto_hmac_ctx *c = ctx;

	hmac_update(&c->state, c->hash, n, data);
}

static void
crypto_hmac_digest(void *ctx, size_t n, uint8_t *out)
{
	struct crypto_hmac_ctx *c = ctx;

	hmac_digest(&c->outer, &c->inner, &c->state, c->hash, n, out);
}

void
crypto_hmac(enum crypto_hash h, const void *key, size_t keylen,
    const void *msg, size_t msglen, unsigned char *out)
{
	struct crypto_hmac_ctx c;

	crypto_hmac_init(&c, h, key, keylen);
	crypto_hmac_update(&c, msglen, msg);
	crypto_hmac_digest(&c, c.hash->digest_size, out);
	explicit_bzero(&c, sizeof(c));
}

void
crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[32])
{
	crypto_hmac(CRYPTO_HASH_SHA256, key, keylen, msg, msglen, out);
}

/* The 32-byte hash in c's state words, big-endian, into out: the digest
 * of a message c has absorbed whole, padding included. */
static void
crypto_sha256_state(const struct sha256_ctx *c, unsigned char *out)
{
	int i;

	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->state[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->state[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->state[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->state[i];
	}
}

/*
 * PBKDF2-HMAC-SHA256 (RFC 8018 5.2).  After the key set-up, nettle's inner
 * and outer contexts have absorbed one block each.  Every iteration after
 * the first hashes a 32-byte U: inner(U) and outer(inner(U)) are each one
 * more block, U || 0x80 || zeros || the length (64 + 32 bytes, 768 bits),
 * whose padding never changes; so U is written into that block, the block
 * absorbed, and the state read back as the digest.
 */
static void
crypto_pbkdf2_sha256(const void *pw, size_t pwlen, const void *salt,
    size_t saltlen, unsigned iterations, unsigned char *out, size_t outlen)
{
	struct sha256_ctx inner, outer, c;
	unsigned char blk[SHA256_BLOCK_SIZE], t[SHA256_DIGEST_SIZE], be[4];
	uint32_t i;
	unsigned j;
	size_t k, n;

	if (iterations == 0)
		BUG("PBKDF2 with no iteration");
	/* Our own contexts, as crypto_hmac_ctx: c is scratch here. */
	hmac_set_key(&outer, &inner, &c, &nettle_sha256, pwlen, pw);
	memset(blk, 0, sizeof(blk));
	blk[SHA256_DIGEST_SIZE] = 0x80;
	blk[SHA256_BLOCK_SIZE - 2] = 0x03;	/* 768 bits, big-endian */
	for (i = 1; outlen > 0; i++) {
		be[0] = (unsigned char)(i >> 24);
		be[1] = (unsigned char)(i >> 16);
		be[2] = (unsigned char)(i >> 8);
		be[3] = (unsigned char)i;
		/* U1 = HMAC(P, S || INT(i)), all nettle's. */
		c = inner;
		sha256_update(&c, saltlen, salt);
		sha256_update(&c, sizeof(be), be);
		sha256_digest(&c, SHA256_DIGEST_SIZE, blk);
		c = outer;
		sha256_update(&c, SHA256_DIGEST_SIZE, blk);
		sha256_digest(&c, SHA256_DIGEST_SIZE, blk);
		memcpy(t, blk, sizeof(t));
		for (j = 1; j < iterations; j++) {
			c = inner;
			sha256_update(&c, sizeof(blk), blk);
			crypto_sha256_state(&c, blk);
			c = outer;
			sha256_update(&c, sizeof(blk), blk);
			crypto_sha256_state(&c, blk);
			for (k = 0; k < sizeof(t); k++)
				t[k] ^= blk[k];
		}
		n = outlen < sizeof(t) ? outlen : sizeof(t);
		memcpy(out, t, n);
		out += n;
		outlen -= n;
	}
	explicit_bzero(&inner, sizeof(inner));
	explicit_bzero(&outer, sizeof(outer));
	explicit_bzero(&c, sizeof(c));
	explicit_bzero(blk, sizeof(blk));
	explicit_bzero(t, sizeof(t));
}

void
crypto_pbkdf2(enum crypto_hash h, const void *pw, size_t pwlen,
    const void *salt, size_t saltlen, unsigned iterations,
    unsigned char *out, size_t outlen)
{
	struct crypto_hmac_ctx c;

	if (h == CRYPTO_HASH_SHA256) {
		crypto_pbkdf2_sha256(pw, pwlen, salt, saltlen, iterations,
		    out, outlen);
		return;
	}
	crypto_hmac_init(&c, h, pw, pwlen);
	pbkdf2(&c, crypto_hmac_update, crypto_hmac_digest,
	    c.hash->digest_size, iterations, saltlen, salt, outlen, out);
	explicit_bzero(&c, sizeof(c));
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
