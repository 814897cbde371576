/* SPDX-License-Identifier: MIT */
/*
 * sigv4.c: AWS Signature Version 4, written by hand.
 *
 * Why not a library: nothing in our linked dependency set (libc, nettle,
 * jansson, expat) signs AWS requests.  libcurl's CURLOPT_AWS_SIGV4 lives in
 * a library we only dlopen at the first network call, signs only what
 * curl itself sends (we need the same signature for requests we test
 * without a network), and does not expose the canonical request, so the
 * details the AWS test suite checks (path normalisation, query ordering,
 * header folding, the session-token header) could not be tested.  The
 * algorithm is small: canonical request, string to sign, an HMAC chain.
 * Checked against every case of the AWS SigV4 test suite
 * (tests/unit/test-sigv4.c).
 */
#include "util/common.h"

#include <time.h>

#include "aws/creds.h"
#include "aws/request.h"
#include "aws/sigv4.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

struct sigv4_pair {
	char	*key;		/* encoded */
	char	*value;		/* encoded */
};

struct sigv4_hdr {
	char	*lname;		/* lower-cased name */
	size_t	 idx;		/* position in the request: keeps order */
};

/* Append the normalised, encoded path: "/" + segments joined by "/", a
 * trailing "/" kept when the input had one. */
static int
sigv4_canonical_path(const char *path, struct buf *out)
{
	struct str rest = str_from(path), seg, *segs = NULL;
	size_t nsegs = 0, cap = 0, i;
	int r = AV_ERR_INTERNAL;

	while (str_split(&rest, '/', &seg)) {
		if (seg.len == 0 || str_eq(seg, "."))
			continue;
		if (str_eq(seg, "..")) {
			if (nsegs > 0)
				nsegs--;
			continue;
		}
		if (nsegs == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			segs = xreallocarray(segs, cap, sizeof(*segs));
		}
		segs[nsegs++] = seg;
	}
	if ((r = buf_putc(out, '/')) != 0)
		goto out;
	for (i = 0; i < nsegs; i++) {
		if (i > 0 && (r = buf_putc(out, '/')) != 0)
			goto out;
		if ((r = aws_uri_encode(out, segs[i].p, segs[i].len,
		    false)) != 0)
			goto out;
	}
	if (nsegs > 0 && str_has_suffix(path, "/") &&
	    (r = buf_putc(out, '/')) != 0)
		goto out;
	r = 0;
 out:
	free(segs);
	return r;
}

/* Decode then encode once one side of a query parameter. */
static char *
sigv4_reencode(struct str s)
{
	struct buf dec, enc;

	buf_init(&dec, s.len + 1);
	buf_init(&enc, 3 * s.len + 1);
	(void)aws_uri_decode(&dec, s.p, s.len);	/* can't fail: sized */
	(void)aws_uri_encode(&enc, dec.p != NULL ? dec.p : "", dec.len, false);
	buf_release(&dec);
	return buf_detach(&enc);
}

static int
sigv4_pair_cmp(const void *a, const void *b)
{
	const struct sigv4_pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* Append the canonical query string. */
static int
sigv4_canonical_query(const char *query, struct buf *out)
{
	struct str rest = str_from(query != NULL ? query : ""), part, key;
	struct sigv4_pair *pairs = NULL;
	size_t n = 0, cap = 0, i;
	int r = AV_ERR_INTERNAL;

	while (str_split(&rest, '&', &part)) {
		if (part.len == 0)
			continue;
		(void)str_split(&part, '=', &key);	/* part: the value */
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			pairs = xreallocarray(pairs, cap, sizeof(*pairs));
		}
		pairs[n].key = sigv4_reencode(key);
		pairs[n].value = sigv4_reencode(part);
		n++;
	}
	if (n > 0)
		qsort(pairs, n, sizeof(*pairs), sigv4_pair_cmp);
	for (i = 0; i < n; i++)
		if ((r = buf_printf(out, "%s%s=%s", i > 0 ? "&" : "",
		    pairs[i].key, pairs[i].value)) != 0)
			goto out;
	r = 0;
 out:
	for (i = 0; i < n; i++) {
		free(pairs[i].key);
		free(pairs[i].value);
	}
	free(pairs);
	return r;
}

static int
sigv4_hdr_cmp(const void *a, const void *b)
{
	const struct sigv4_hdr *x = a, *y = b;
	int c = strcmp(x->lname, y->lname);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool
sigv4_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Append a header value trimmed, each run of white space (line folds
 * included) collapsed to one space. */
static int
sigv4_put_value(struct buf *out, const char *v)
{
	bool pending = false, any = false;
	int r;

	for (; *v != '\0'; v++) {
		if (sigv4_is_space(*v)) {
			pending = any;
			continue;
		}
		if (pending && (r = buf_putc(out, ' ')) != 0)
			return r;
		if ((r = buf_putc(out, *v)) != 0)
			return r;
		pending = false;
		any = true;
	}
	return 0;
}

/* Append the canonical header block and the signed header list. */
static int
sigv4_canonical_headers(const struct aws_request *req, struct buf *out,
    struct buf *signed_headers)
{
	struct sigv4_hdr *h;
	size_t n = 0, i;
	int r = AV_ERR_INTERNAL;

	h = xcalloc(req->nheaders + 1, sizeof(*h));
	for (i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, "Authorization") == 0)
			continue;
		h[n].lname = str_trim_dup(req->headers[i].name);
		str_lower(h[n].lname);
		h[n].idx = i;
		n++;
	}
	if (n > 0)
		qsort(h, n, sizeof(*h), sigv4_hdr_cmp);
	for (i = 0; i < n; i++) {
		bool first = i == 0 ||
		    strcmp(h[i - 1].lname, h[i].lname) != 0;
		bool last = i + 1 == n ||
		    strcmp(h[i + 1].lname, h[i].lname) != 0;

		if (first) {
			if ((r = buf_printf(out, "%s:", h[i].lname)) != 0)
				goto out;
			if (signed_headers != NULL && (r = buf_printf(
			    signed_headers, "%s%s", i > 0 ? ";" : "",
			    h[i].lname)) != 0)
				goto out;
		} else if ((r = buf_putc(out, ',')) != 0)
			goto out;
		if ((r = sigv4_put_value(out,
		    req->headers[h[i].idx].value)) != 0)
			goto out;
		if (last && (r = buf_putc(out, '\n')) != 0)
			goto out;
	}
	r = 0;
 out:
	for (i = 0; i < n; i++)
		free(h[i].lname);
	free(h);
	return r;
}

int
sigv4_canonical_request(const struct aws_request *req, struct secbuf *creq,
    struct buf *signed_headers)
{
	struct buf *out = secbuf_buf(creq);
	struct buf sh;
	char hash[65];
	int r = AV_ERR_INTERNAL;

	buf_init(&sh, SIGV4_CREQ_MAX);
	if ((r = buf_printf(out, "%s\n", req->method)) != 0 ||
	    (r = sigv4_canonical_path(req->path, out)) != 0 ||
	    (r = buf_putc(out, '\n')) != 0 ||
	    (r = sigv4_canonical_query(req->query, out)) != 0 ||
	    (r = buf_putc(out, '\n')) != 0 ||
	    (r = sigv4_canonical_headers(req, out, &sh)) != 0)
		goto out;
	if (req->body != NULL)
		crypto_sha256_hex(secbuf_ptr(req->body), secbuf_len(req->body),
		    hash);
	else
		crypto_sha256_hex("", 0, hash);
	if ((r = buf_printf(out, "\n%s\n%s", buf_cstr(&sh), hash)) != 0)
		goto out;
	if (signed_headers != NULL &&
	    (r = buf_puts(signed_headers, buf_cstr(&sh))) != 0)
		goto out;
	r = 0;
 out:
	if (r != 0)
		r = av_error_set(r, "sigv4: request too large to sign");
	buf_release(&sh);
	return r;
}

int
sigv4_string_to_sign(const char *amz_date, const char *scope,
    const struct secbuf *creq, struct secbuf *out)
{
	char hash[65];

	crypto_sha256_hex(secbuf_ptr(creq), secbuf_len(creq), hash);
	if (buf_printf(secbuf_buf(out), "%s\n%s\n%s\n%s", SIGV4_ALGORITHM,
	    amz_date, scope, hash) != 0)
		return av_error_set(AV_ERR_INVALID,
		    "sigv4: request too large to sign");
	return 0;
}

void
sigv4_signing_key(const struct secbuf *secret, const char *date,
    const char *region, const char *service, unsigned char key[SIGV4_KEY_LEN])
{
	unsigned char k1[SIGV4_KEY_LEN], k2[SIGV4_KEY_LEN];
	struct secbuf *k0;

	k0 = secbuf_new(secbuf_len(secret) + 4);
	if (secbuf_puts(k0, "AWS4") != 0 ||
	    secbuf_put(k0, secbuf_ptr(secret), secbuf_len(secret)) != 0)
		BUG("signing key buffer too small");
	crypto_hmac_sha256(secbuf_ptr(k0), secbuf_len(k0), date, strlen(date),
	    k1);
	crypto_hmac_sha256(k1, sizeof(k1), region, strlen(region), k2);
	crypto_hmac_sha256(k2, sizeof(k2), service, strlen(service), k1);
	crypto_hmac_sha256(k1, sizeof(k1), "aws4_request", 12, key);
	explicit_bzero(k1, sizeof(k1));
	explicit_bzero(k2, sizeof(k2));
	secbuf_free(k0);
}

void
sigv4_format_date(int64_t now, char out[17])
{
	time_t t = (time_t)now;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		BUG("cannot format the signing time");
}

int
sigv4_sign_request(struct aws_request *req, const struct aws_creds *creds,
    const char *region, const char *service, int64_t now)
{
	unsigned char key[SIGV4_KEY_LEN], sig[CRYPTO_SHA256_LEN];
	char amz_date[17], date[9], sighex[2 * CRYPTO_SHA256_LEN + 1];
	struct secbuf *creq = NULL, *sts = NULL;
	struct buf signed_headers;
	char *scope = NULL, *authz = NULL;
	int r = AV_ERR_INTERNAL;

	buf_init(&signed_headers, SIGV4_CREQ_MAX);
	if (creds == NULL || str_empty(creds->access_key_id) ||
	    creds->secret_access_key == NULL ||
	    secbuf_len(creds->secret_access_key) == 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "sigv4: no credentials to sign the request with");
		goto out;
	}
	if (str_empty(region)) {
		r = av_error_set(AV_ERR_INVALID, "sigv4: no signing region");
		goto out;
	}
	if (aws_request_header(req, "Host") == NULL) {
		r = av_error_set(AV_ERR_INTERNAL,
		    "sigv4: request has no Host header");
		goto out;
	}
	sigv4_format_date(now, amz_date);
	memcpy(date, amz_date, 8);
	date[8] = '\0';
	aws_request_set_header(req, "X-Amz-Date", amz_date);
	if (*aws_creds_token(creds) != '\0')
		aws_request_set_header(req, "X-Amz-Security-Token",
		    aws_creds_token(creds));

	creq = secbuf_new(SIGV4_CREQ_MAX);
	sts = secbuf_new(1024 + strlen(region) + strlen(service));
	if ((r = sigv4_canonical_request(req, creq, &signed_headers)) != 0)
		goto out;
	scope = xasprintf("%s/%s/%s/aws4_request", date, region, service);
	if ((r = sigv4_string_to_sign(amz_date, scope, creq, sts)) != 0)
		goto out;
	sigv4_signing_key(creds->secret_access_key, date, region, service,
	    key);
	crypto_hmac_sha256(key, sizeof(key), secbuf_ptr(sts), secbuf_len(sts),
	    sig);
	crypto_hex(sig, sizeof(sig), sighex);
	authz = xasprintf("%s Credential=%s/%s, SignedHeaders=%s, "
	    "Signature=%s", SIGV4_ALGORITHM, creds->access_key_id, scope,
	    buf_cstr(&signed_headers), sighex);
	aws_request_set_header(req, "Authorization", authz);
	r = 0;
 out:
	explicit_bzero(key, sizeof(key));
	explicit_bzero(sig, sizeof(sig));
	explicit_bzero(sighex, sizeof(sighex));
	freezero_str(authz);
	free(scope);
	secbuf_free(sts);
	secbuf_free(creq);
	buf_release(&signed_headers);
	return r;
}
