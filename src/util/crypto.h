/* SPDX-License-Identifier: MIT */
/*
 * crypto.h: the primitives the program needs, on nettle.  crypto.c is the
 * one file that includes nettle.  Randomness comes from getrandom(2).
 * Functions that take a key never keep it; callers wipe their own copies.
 */
#ifndef AV_CRYPTO_H
#define AV_CRYPTO_H

#include "util/common.h"

#define CRYPTO_SHA256_LEN	32
#define CRYPTO_GCM_TAG_LEN	16

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void crypto_hex(const unsigned char *d, size_t n, char *out);
void crypto_sha256(const void *data, size_t n,
    unsigned char out[CRYPTO_SHA256_LEN]);
/* Lower-case hex of SHA-256; out holds 65 bytes. */
void crypto_sha256_hex(const void *data, size_t n, char out[65]);
/* Lower-case hex of SHA-512/256 (FIPS 180-4); out holds 65 bytes.  For
 * names computed on the warm path: nettle dispatches SHA-256 on CPU
 * features, whose first use runs its CPUID probe (a trap to the
 * hypervisor on a VM, meson.build), and SHA-512 it does not. */
void crypto_sha512_256_hex(const void *data, size_t n, char out[65]);
/* Lower-case hex of SHA-1 (not for security: the AWS CLI's SSO cache file
 * names); out holds 41 bytes. */
void crypto_sha1_hex(const void *data, size_t n, char out[41]);
void crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[CRYPTO_SHA256_LEN]);

/*
 * The forms below serve the file backend's JWE (keyring/jwe.c), which
 * reads the whole PBES2 family: HMAC and PBKDF2 over SHA-256/384/512,
 * and AES with a 16, 24 or 32-byte key (keylen; any other length is a
 * BUG).
 */
enum crypto_hash {
	CRYPTO_HASH_SHA256,
	CRYPTO_HASH_SHA384,
	CRYPTO_HASH_SHA512,
};
#define CRYPTO_HASH_MAX_LEN	64
#define CRYPTO_AES_BLOCK_LEN	16

/* HMAC-h of msg; out holds the digest (32, 48 or 64 bytes). */
void crypto_hmac(enum crypto_hash h, const void *key, size_t keylen,
    const void *msg, size_t msglen, unsigned char *out);
/* PBKDF2 with HMAC-h (RFC 8018); iterations >= 1. */
void crypto_pbkdf2(enum crypto_hash h, const void *pw, size_t pwlen,
    const void *salt, size_t saltlen, unsigned iterations,
    unsigned char *out, size_t outlen);

/* RFC 3394 AES key wrap with the default IV.  n is a multiple of 8, at
 * least 16; out holds n + 8 bytes. */
void crypto_aes_kw_wrap(const unsigned char *kek, size_t keklen,
    const unsigned char *in, size_t n, unsigned char *out);
/* Unwrap n bytes (a multiple of 8, at least 24) into n - 8 bytes.
 * Returns 0, or AV_ERR_AUTH when the integrity check fails (wrong key or
 * tampered data); out is wiped then. */
int crypto_aes_kw_unwrap(const unsigned char *kek, size_t keklen,
    const unsigned char *in, size_t n, unsigned char *out);

/* AES-GCM with a 16-byte tag. */
void crypto_aes_gcm_encrypt(const unsigned char *key, size_t keylen,
    const unsigned char *iv, size_t ivlen, const void *aad, size_t aadlen,
    const unsigned char *pt, size_t n, unsigned char *ct,
    unsigned char tag[CRYPTO_GCM_TAG_LEN]);
/* Returns 0, or AV_ERR_AUTH when the tag does not match; pt is wiped
 * then. */
int crypto_aes_gcm_decrypt(const unsigned char *key, size_t keylen,
    const unsigned char *iv, size_t ivlen, const void *aad, size_t aadlen,
    const unsigned char *ct, size_t n, const unsigned char tag[16],
    unsigned char *pt);

/* AES-CBC decryption with PKCS#7 padding (read-only: we never write
 * CBC).  Decrypt n bytes (a non-zero multiple of 16) into out (n bytes;
 * out may equal in) and strip the padding into *outlenp.  Returns 0 or
 * AV_ERR_INVALID (bad length or padding; no message set, out wiped).
 * Padding is checked after decryption, so callers authenticate the
 * ciphertext first. */
int crypto_aes_cbc_decrypt(const unsigned char *key, size_t keylen,
    const unsigned char iv[16], const unsigned char *in, size_t n,
    unsigned char *out, size_t *outlenp);

/* Fill buf with n random bytes; returns 0 or AV_ERR_SYSTEM. */
int crypto_random(void *buf, size_t n);
/* Constant-time equality. */
bool crypto_memeq(const void *a, const void *b, size_t n);

#endif
