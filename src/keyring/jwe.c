/* SPDX-License-Identifier: MIT */
/*
 * jwe.c: JWE compact tokens with PBES2 key management, as jose2go writes
 * and reads them for the file backend (spec 11.3, jose/README.md).
 *
 * Decryption in four steps: split and decode the five segments, check
 * every length against the algorithms named in the header (cheap, before
 * any key derivation), derive the KEK and unwrap the CEK (a wrong
 * passphrase fails here), then authenticate and decrypt the content.
 * The header segment, exactly as given, is the AAD.
 */
#include "util/common.h"

#include "keyring/jwe.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/json.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define JWE_CEK_MAX	64	/* A256CBC-HS512 */
#define JWE_HEADER_MAX	(16 * 1024)

#define JWE_ERR_UNWRAP	"wrong passphrase, or the file was modified " \
			"(AES key unwrap integrity check failed)"
#define JWE_ERR_TAG	"wrong passphrase, or the file was modified " \
			"(authentication tag mismatch)"

struct jwe_alg {
	const char		*name;
	enum crypto_hash	 hash;
	size_t			 keklen;
};

static const struct jwe_alg jwe_algs[] = {
	{ "PBES2-HS256+A128KW", CRYPTO_HASH_SHA256, 16 },
	{ "PBES2-HS384+A192KW", CRYPTO_HASH_SHA384, 24 },
	{ "PBES2-HS512+A256KW", CRYPTO_HASH_SHA512, 32 },
};

struct jwe_enc {
	const char		*name;
	size_t			 ceklen;
	bool			 cbc;	/* CBC + HMAC, RFC 7518 5.2 */
	enum crypto_hash	 hash;	/* the HMAC of a cbc one */
};

static const struct jwe_enc jwe_encs[] = {
	{ "A128GCM", 16, false, CRYPTO_HASH_SHA256 },
	{ "A192GCM", 24, false, CRYPTO_HASH_SHA256 },
	{ "A256GCM", 32, false, CRYPTO_HASH_SHA256 },
	{ "A128CBC-HS256", 32, true, CRYPTO_HASH_SHA256 },
	{ "A192CBC-HS384", 48, true, CRYPTO_HASH_SHA384 },
	{ "A256CBC-HS512", 64, true, CRYPTO_HASH_SHA512 },
};

/* A token split and decoded; segments borrow the caller's text. */
struct jwe_token {
	struct str		 seg[5];
	const struct jwe_alg	*alg;
	const struct jwe_enc	*enc;
	unsigned		 p2c;
	unsigned char		*p2s, *ek, *iv, *ct, *tag;
	size_t			 p2slen, eklen, ivlen, ctlen, taglen;
};

static const struct jwe_alg *
jwe_alg_find(const char *name)
{
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(jwe_algs); i++)
		if (strcmp(jwe_algs[i].name, name) == 0)
			return &jwe_algs[i];
	return NULL;
}

static const struct jwe_enc *
jwe_enc_find(const char *name)
{
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(jwe_encs); i++)
		if (strcmp(jwe_encs[i].name, name) == 0)
			return &jwe_encs[i];
	return NULL;
}

int
jwe_pbes2_kek(const char *alg, const void *pw, size_t pwlen,
    const unsigned char *p2s, size_t p2slen, unsigned p2c,
    unsigned char kek[JWE_KEK_MAX], size_t *keklenp)
{
	const struct jwe_alg *a;
	unsigned char *salt;
	size_t nlen, saltlen;

	*keklenp = 0;
	if ((a = jwe_alg_find(alg)) == NULL)
		return av_error_set(AV_ERR_INVALID,
		    "unsupported JWE algorithm '%s'", alg);
	if (p2c < 1 || p2c > JWE_P2C_MAX)
		return av_error_set(AV_ERR_INVALID,
		    "JWE iteration count p2c %u is outside 1..%u", p2c,
		    JWE_P2C_MAX);
	/* RFC 7518 4.8.1.1: salt = UTF8(alg) || 0x00 || p2s. */
	nlen = strlen(a->name);
	saltlen = nlen + 1 + p2slen;
	salt = xmalloc(saltlen);
	memcpy(salt, a->name, nlen);
	salt[nlen] = 0;
	if (p2slen > 0)
		memcpy(salt + nlen + 1, p2s, p2slen);
	crypto_pbkdf2(a->hash, pw, pwlen, salt, saltlen, p2c, kek, a->keklen);
	free(salt);
	*keklenp = a->keklen;
	return 0;
}

void
jwe_created_now(char *out, size_t outlen)
{
	int64_t ns = clock_now_ns();
	int64_t sec = ns / DUR_SECOND, frac = ns % DUR_SECOND;
	char t[40];

	if (frac < 0) {
		frac += DUR_SECOND;
		sec--;
	}
	/* Go's time.Time.String() in UTC: RFC 3339 Nano with a blank for
	 * the 'T' and " +0000 UTC" for the 'Z'. */
	time_format_rfc3339_nano(sec, (int32_t)frac, t, sizeof(t));
	t[10] = ' ';
	t[strlen(t) - 1] = '\0';
	snprintf(out, outlen, "%s +0000 UTC", t);
}

/* Decode one base64url segment into a new allocation. */
static int
jwe_b64(struct str s, const char *what, unsigned char **outp, size_t *lenp)
{
	unsigned char *out = xmalloc(base64_decoded_max(s.len) + 1);

	if (base64_decode(s.p, s.len, BASE64_URL_RAW, out, lenp) != 0) {
		free(out);
		*outp = NULL;
		*lenp = 0;
		return av_error_set(AV_ERR_INVALID,
		    "malformed JWE: the %s is not base64url", what);
	}
	*outp = out;
	return 0;
}

static void
jwe_token_release(struct jwe_token *t)
{
	free(t->p2s);
	free(t->ek);
	free(t->iv);
	free(t->ct);
	free(t->tag);
	memset(t, 0, sizeof(*t));
}

/* Read alg, enc, p2c and p2s from the decoded protected header. */
static int
jwe_parse_header(struct jwe_token *t, const unsigned char *hdr, size_t n)
{
	json_error_t jerr;
	json_t *root, *v;
	const char *alg, *enc, *p2s;
	double d;
	int r;

	if ((root = json_loadb((const char *)hdr, n, 0, &jerr)) == NULL ||
	    !json_is_object(root)) {
		r = av_error_set(AV_ERR_INVALID,
		    "malformed JWE: the header is not a JSON object");
		goto out;
	}
	if ((alg = json_string_value(json_object_get(root, "alg"))) ==
	    NULL || (enc = json_string_value(json_object_get(root,
	    "enc"))) == NULL) {
		r = av_error_set(AV_ERR_INVALID,
		    "malformed JWE: the header lacks alg or enc");
		goto out;
	}
	if ((t->alg = jwe_alg_find(alg)) == NULL) {
		r = av_error_set(AV_ERR_INVALID,
		    "unsupported JWE algorithm '%.64s'", alg);
		goto out;
	}
	if ((t->enc = jwe_enc_find(enc)) == NULL) {
		r = av_error_set(AV_ERR_INVALID,
		    "unsupported JWE encryption '%.64s'", enc);
		goto out;
	}
	if (json_object_get(root, "zip") != NULL) {
		r = av_error_set(AV_ERR_INVALID,
		    "compressed JWE is not supported");
		goto out;
	}
	/* jose2go reads p2c as a JSON number (float64), then an int. */
	v = json_object_get(root, "p2c");
	if (!json_is_number(v)) {
		r = av_error_set(AV_ERR_INVALID,
		    "malformed JWE: the header lacks p2c");
		goto out;
	}
	d = json_number_value(v);
	if (!(d >= 1 && d <= JWE_P2C_MAX) || d != (double)(unsigned)d) {
		r = av_error_set(AV_ERR_INVALID,
		    "JWE iteration count p2c %.15g is not an integer in 1..%u",
		    d, JWE_P2C_MAX);
		goto out;
	}
	t->p2c = (unsigned)d;
	if ((p2s = json_string_value(json_object_get(root, "p2s"))) == NULL) {
		r = av_error_set(AV_ERR_INVALID,
		    "malformed JWE: the header lacks p2s");
		goto out;
	}
	if ((r = jwe_b64(str_from(p2s), "salt", &t->p2s, &t->p2slen)) != 0)
		goto out;
	r = 0;
out:
	json_decref(root);
	return r;
}

/* Split, decode and check the shape of a compact token. */
static int
jwe_parse(struct jwe_token *t, const char *compact, size_t len)
{
	static const char *const names[5] = {
		"header", "encrypted key", "IV", "ciphertext", "tag"
	};
	unsigned char *hdr = NULL;
	size_t hdrlen, i, ivlen, taglen, start = 0, k = 0;
	int r;

	memset(t, 0, sizeof(*t));
	for (i = 0; i <= len; i++) {
		if (i < len && compact[i] != '.')
			continue;
		if (k == 5)
			break;
		t->seg[k++] = str_make(compact + start, i - start);
		start = i + 1;
	}
	if (k != 5 || i <= len || t->seg[0].len == 0 ||
	    t->seg[0].len > JWE_HEADER_MAX) {
		r = av_error_set(AV_ERR_INVALID,
		    "malformed JWE: expected 5 parts separated by dots");
		goto out;
	}
	if ((r = jwe_b64(t->seg[0], names[0], &hdr, &hdrlen)) != 0 ||
	    (r = jwe_parse_header(t, hdr, hdrlen)) != 0 ||
	    (r = jwe_b64(t->seg[1], names[1], &t->ek, &t->eklen)) != 0 ||
	    (r = jwe_b64(t->seg[2], names[2], &t->iv, &t->ivlen)) != 0 ||
	    (r = jwe_b64(t->seg[3], names[3], &t->ct, &t->ctlen)) != 0 ||
	    (r = jwe_b64(t->seg[4], names[4], &t->tag, &t->taglen)) != 0)
		goto out;
	ivlen = t->enc->cbc ? CRYPTO_AES_BLOCK_LEN : JWE_IV_LEN;
	taglen = t->enc->cbc ? t->enc->ceklen / 2 : CRYPTO_GCM_TAG_LEN;
	if (t->eklen != t->enc->ceklen + 8) {
		r = av_error_set(AV_ERR_INVALID, "malformed JWE: the encrypted "
		    "key has %zu bytes, %s needs %zu", t->eklen, t->enc->name,
		    t->enc->ceklen + 8);
		goto out;
	}
	if (t->ivlen != ivlen || t->taglen != taglen ||
	    (t->enc->cbc && (t->ctlen == 0 ||
	    t->ctlen % CRYPTO_AES_BLOCK_LEN != 0))) {
		r = av_error_set(AV_ERR_INVALID, "malformed JWE: wrong IV, "
		    "ciphertext or tag length for %s", t->enc->name);
		goto out;
	}
	r = 0;
out:
	free(hdr);
	if (r != 0)
		jwe_token_release(t);
	return r;
}

/* Derive the KEK and unwrap the CEK (t->enc->ceklen bytes). */
static int
jwe_unwrap(const struct jwe_token *t, const void *pw, size_t pwlen,
    unsigned char cek[JWE_CEK_MAX])
{
	unsigned char kek[JWE_KEK_MAX];
	size_t keklen;
	int r;

	if ((r = jwe_pbes2_kek(t->alg->name, pw, pwlen, t->p2s, t->p2slen,
	    t->p2c, kek, &keklen)) != 0)
		goto out;
	if (crypto_aes_kw_unwrap(kek, keklen, t->ek, t->eklen, cek) != 0) {
		r = av_error_set(AV_ERR_AUTH, JWE_ERR_UNWRAP);
		goto out;
	}
	r = 0;
out:
	explicit_bzero(kek, sizeof(kek));
	return r;
}

/* Check the A*CBC-HS* tag: the first half of HMAC(mac key, AAD || IV ||
 * ciphertext || AL), AL = the AAD's length in bits, 64-bit big-endian. */
static bool
jwe_cbc_tag_ok(const struct jwe_token *t, const unsigned char *mackey)
{
	unsigned char mac[CRYPTO_HASH_MAX_LEN];
	const struct str *aad = &t->seg[0];
	uint64_t bits = (uint64_t)aad->len * 8;
	unsigned char *in;
	size_t n = aad->len + t->ivlen + t->ctlen + 8, o = 0, half;
	bool ok;
	int i;

	half = t->enc->ceklen / 2;
	in = xmalloc(n);
	memcpy(in, aad->p, aad->len);
	o += aad->len;
	memcpy(in + o, t->iv, t->ivlen);
	o += t->ivlen;
	memcpy(in + o, t->ct, t->ctlen);
	o += t->ctlen;
	for (i = 7; i >= 0; i--)
		in[o++] = (unsigned char)(bits >> (8 * i));
	crypto_hmac(t->enc->hash, mackey, half, in, n, mac);
	ok = crypto_memeq(mac, t->tag, half);
	free(in);
	explicit_bzero(mac, sizeof(mac));
	return ok;
}

/* Authenticate and decrypt the content with the CEK into a secbuf. */
static int
jwe_open(const struct jwe_token *t, const unsigned char *cek,
    struct secbuf **ptp)
{
	struct secbuf *sb;
	struct buf *b;
	size_t half, ptlen;
	int r;

	*ptp = NULL;
	sb = secbuf_new(t->ctlen > 0 ? t->ctlen : 1);
	b = secbuf_buf(sb);
	/* Decrypt in place inside the secbuf: the plaintext never sits in
	 * ordinary memory. */
	if ((r = buf_put(b, t->ct, t->ctlen)) != 0)
		goto out;
	if (!t->enc->cbc) {
		if (crypto_aes_gcm_decrypt(cek, t->enc->ceklen, t->iv, t->ivlen,
		    t->seg[0].p, t->seg[0].len, (unsigned char *)b->p, b->len,
		    t->tag, (unsigned char *)b->p) != 0) {
			r = av_error_set(AV_ERR_AUTH, JWE_ERR_TAG);
			goto out;
		}
	} else {
		half = t->enc->ceklen / 2;
		if (!jwe_cbc_tag_ok(t, cek)) {
			r = av_error_set(AV_ERR_AUTH, JWE_ERR_TAG);
			goto out;
		}
		if (crypto_aes_cbc_decrypt(cek + half, half, t->iv,
		    (unsigned char *)b->p, b->len, (unsigned char *)b->p,
		    &ptlen) != 0) {
			r = av_error_set(AV_ERR_INVALID,
			    "malformed JWE: bad padding");
			goto out;
		}
		explicit_bzero(b->p + ptlen, b->len - ptlen);
		b->len = ptlen;
		b->p[ptlen] = '\0';
	}
	*ptp = sb;
	sb = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(sb);
	return r;
}

int
jwe_decrypt(const void *pw, size_t pwlen, const char *compact, size_t len,
    struct secbuf **ptp)
{
	struct jwe_token t;
	unsigned char cek[JWE_CEK_MAX];
	int r;

	*ptp = NULL;
	if ((r = jwe_parse(&t, compact, len)) != 0)
		return r;
	if ((r = jwe_unwrap(&t, pw, pwlen, cek)) != 0)
		goto out;
	r = jwe_open(&t, cek, ptp);
out:
	explicit_bzero(cek, sizeof(cek));
	jwe_token_release(&t);
	return r;
}

int
jwe_check_passphrase(const void *pw, size_t pwlen, const char *compact,
    size_t len)
{
	struct jwe_token t;
	unsigned char cek[JWE_CEK_MAX];
	int r;

	if ((r = jwe_parse(&t, compact, len)) != 0)
		return r;
	r = jwe_unwrap(&t, pw, pwlen, cek);
	explicit_bzero(cek, sizeof(cek));
	jwe_token_release(&t);
	return r;
}

int
jwe_encrypt_seeded(const struct jwe_seed *seed, const void *pw,
    size_t pwlen, const void *pt, size_t n, char **compactp)
{
	static const char alg[] = "PBES2-HS256+A128KW";
	unsigned char kek[JWE_KEK_MAX], ek[JWE_CEK_LEN + 8];
	unsigned char tag[CRYPTO_GCM_TAG_LEN], *ct = NULL;
	char *p2s = NULL, *h64 = NULL, *ek64 = NULL, *iv64 = NULL;
	char *ct64 = NULL, *tag64 = NULL;
	struct buf hdr;
	size_t keklen;
	int r;

	*compactp = NULL;
	buf_init(&hdr, JWE_HEADER_MAX);
	p2s = base64_encode_dup(seed->p2s, JWE_SALT_LEN, BASE64_URL_RAW);
	/* Go's json.Marshal of the header map: sorted keys, no spaces. */
	if ((r = buf_printf(&hdr, "{\"alg\":\"%s\"", alg)) != 0)
		goto out;
	if (seed->created != NULL &&
	    ((r = buf_puts(&hdr, ",\"created\":")) != 0 ||
	    (r = json_go_string(&hdr, seed->created,
	    strlen(seed->created))) != 0))
		goto out;
	if ((r = buf_printf(&hdr, ",\"enc\":\"A256GCM\",\"p2c\":%u,"
	    "\"p2s\":\"%s\"}", JWE_P2C_WRITE, p2s)) != 0)
		goto out;
	h64 = base64_encode_dup(hdr.p, hdr.len, BASE64_URL_RAW);

	if ((r = jwe_pbes2_kek(alg, pw, pwlen, seed->p2s, JWE_SALT_LEN,
	    JWE_P2C_WRITE, kek, &keklen)) != 0)
		goto out;
	crypto_aes_kw_wrap(kek, keklen, seed->cek, JWE_CEK_LEN, ek);
	ct = xmalloc(n > 0 ? n : 1);
	crypto_aes_gcm_encrypt(seed->cek, JWE_CEK_LEN, seed->iv, JWE_IV_LEN,
	    h64, strlen(h64), pt, n, ct, tag);

	ek64 = base64_encode_dup(ek, sizeof(ek), BASE64_URL_RAW);
	iv64 = base64_encode_dup(seed->iv, JWE_IV_LEN, BASE64_URL_RAW);
	ct64 = base64_encode_dup(ct, n, BASE64_URL_RAW);
	tag64 = base64_encode_dup(tag, sizeof(tag), BASE64_URL_RAW);
	*compactp = xasprintf("%s.%s.%s.%s.%s", h64, ek64, iv64, ct64, tag64);
	r = 0;
out:
	explicit_bzero(kek, sizeof(kek));
	buf_release(&hdr);
	free(p2s);
	free(h64);
	free(ek64);
	free(iv64);
	free(ct64);
	free(tag64);
	free(ct);
	return r;
}

int
jwe_encrypt(const void *pw, size_t pwlen, const void *pt, size_t n,
    char **compactp)
{
	struct jwe_seed seed;
	char created[128];
	int r;

	*compactp = NULL;
	jwe_created_now(created, sizeof(created));
	seed.created = created;
	if ((r = crypto_random(seed.p2s, sizeof(seed.p2s))) != 0 ||
	    (r = crypto_random(seed.cek, sizeof(seed.cek))) != 0 ||
	    (r = crypto_random(seed.iv, sizeof(seed.iv))) != 0)
		goto out;
	r = jwe_encrypt_seeded(&seed, pw, pwlen, pt, n, compactp);
out:
	explicit_bzero(&seed, sizeof(seed));
	return r;
}
