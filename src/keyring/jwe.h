/* SPDX-License-Identifier: MIT */
/*
 * jwe.h: JWE compact serialization with password-based key management
 * (RFC 7516, RFC 7518 4.8), the format of the file backend (spec 11.3).
 *
 * Writing always produces what jose2go v1.5.0 produces for
 * 99designs/keyring: PBES2-HS256+A128KW with A256GCM, p2c 8192, a 12-byte
 * random salt, a 32-byte random CEK, a 12-byte random IV, and the
 * protected header {"alg":...,"created":...,"enc":...,"p2c":...,"p2s":...}
 * (sorted keys, no spaces), whose base64url form is the AAD.
 *
 * Reading accepts the whole PBES2 family (PBES2-HS256+A128KW,
 * PBES2-HS384+A192KW, PBES2-HS512+A256KW) with A128GCM, A192GCM, A256GCM,
 * A128CBC-HS256, A192CBC-HS384 and A256CBC-HS512; any p2c in
 * 1..JWE_P2C_MAX, any salt length; other header fields are ignored.
 *
 * Key material (KEK, CEK) never leaves this module and is wiped; the
 * plaintext lands in a secbuf.  Structural checks run before the key
 * derivation, so a malformed token costs no PBKDF2.
 *
 * Layering: keyring, on util only.
 */
#ifndef AV_KEYRING_JWE_H
#define AV_KEYRING_JWE_H

#include "util/common.h"

struct secbuf;

#define JWE_P2C_WRITE	8192
#define JWE_P2C_MAX	1300000
#define JWE_SALT_LEN	12
#define JWE_CEK_LEN	32
#define JWE_IV_LEN	12
#define JWE_KEK_MAX	32

/* The random inputs of one encryption and the informational "created"
 * header.  jwe_encrypt draws them; tests pass fixed ones to reproduce
 * tokens made by jose2go. */
struct jwe_seed {
	const char	*created;	/* "created" value; NULL: none */
	unsigned char	 p2s[JWE_SALT_LEN];
	unsigned char	 cek[JWE_CEK_LEN];
	unsigned char	 iv[JWE_IV_LEN];
};

/* Encrypt n bytes of pt under the passphrase pw (pwlen bytes), with fresh
 * randomness and "created" set to the current time in the shape of Go's
 * time.Now().String().  *compactp is a new NUL-terminated string owned by
 * the caller (not secret).  Returns 0 or AV_ERR_SYSTEM (no randomness). */
int jwe_encrypt(const void *pw, size_t pwlen, const void *pt, size_t n,
    char **compactp);

/* Like jwe_encrypt with the caller's seed.  Returns 0. */
int jwe_encrypt_seeded(const struct jwe_seed *seed, const void *pw,
    size_t pwlen, const void *pt, size_t n, char **compactp);

/* Decrypt the compact token (len bytes) with the passphrase.  *ptp is a
 * new secbuf owned by the caller.  Returns 0; AV_ERR_INVALID when the
 * token is malformed or uses something unsupported; AV_ERR_AUTH when the
 * passphrase is wrong or the token was modified ("wrong passphrase, or
 * the file was modified (...)"). */
int jwe_decrypt(const void *pw, size_t pwlen, const char *compact,
    size_t len, struct secbuf **ptp);

/* Check only that pw unwraps the token's content key (one PBKDF2 and one
 * key unwrap, no content decryption).  Returns 0, AV_ERR_INVALID or
 * AV_ERR_AUTH as jwe_decrypt. */
int jwe_check_passphrase(const void *pw, size_t pwlen, const char *compact,
    size_t len);

/* The PBES2 key-encryption key of RFC 7518 4.8.1.1 for alg (one of the
 * three PBES2 names): PBKDF2-HMAC(pw, alg || 0x00 || p2s, p2c).  kek holds
 * JWE_KEK_MAX bytes; *keklenp gets 16, 24 or 32.  The caller wipes kek.
 * Returns 0 or AV_ERR_INVALID (unknown alg, p2c out of range). */
int jwe_pbes2_kek(const char *alg, const void *pw, size_t pwlen,
    const unsigned char *p2s, size_t p2slen, unsigned p2c,
    unsigned char kek[JWE_KEK_MAX], size_t *keklenp);

/* Go's time.Now().String() without the monotonic suffix, in UTC:
 * "2026-11-30 01:15:42.624694103 +0000 UTC", into out (>= 48 bytes). */
void jwe_created_now(char *out, size_t outlen);

#endif
