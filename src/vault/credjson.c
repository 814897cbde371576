/* SPDX-License-Identifier: MIT */
/*
 * credjson.c: credentials <-> the Data JSON of keyring items (spec 11.2,
 * 6.8).  Parsed with jansson (its frees are wiped once json_wipe_init has
 * run); written by hand with Go's escaping into secbufs.
 *
 * jansson's error text ends with "near '<token>'", which could quote part
 * of a secret; only the part before it and the position are reported.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "vault/credjson.h"

#define CREDJSON_MAX		BUF_ITEM_MAX
#define CREDJSON_ZERO_TIME	"0001-01-01T00:00:00Z"
#define CREDJSON_TIME_MIN	INT64_C(-62135596800)	/* 0001-01-01 */
#define CREDJSON_TIME_MAX	INT64_C(253402300799)	/* 9999-12-31 */


/* A time member (RFC 3339 string); *setp tells whether it was present. */
static int
credjson_time(const json_t *root, const char *name, const char *what,
    int64_t *secp, bool *setp)
{
	const char *s;
	int32_t nsec;
	int r;

	*secp = 0;
	*setp = false;
	if ((r = json_get_string_field(root, name, what, &s)) != 0)
		return r;
	if (s == NULL)
		return 0;
	/* Years 1..9999 only: what Go can marshal and we can write back. */
	if (time_parse_rfc3339(s, secp, &nsec) != 0 ||
	    *secp < CREDJSON_TIME_MIN || *secp > CREDJSON_TIME_MAX)
		return av_error_set(AV_ERR_INVALID, "%s: field %s is not an "
		    "RFC 3339 time", what, name);
	*setp = true;
	return 0;
}

int
credjson_master_parse(const char *json, size_t n, struct aws_creds **credsp)
{
	static const char what[] = "Invalid data in keyring";
	const char *akid, *secret, *token, *ignored;
	json_t *root = NULL, *v;
	int64_t expires;
	bool set;
	int r;

	*credsp = NULL;
	if ((r = json_load_object(json, n, what, &root)) != 0 ||
	    (r = json_get_string_field(root, "AccessKeyID", what,
	    &akid)) != 0 ||
	    (r = json_get_string_field(root, "SecretAccessKey", what,
	    &secret)) != 0 ||
	    (r = json_get_string_field(root, "SessionToken", what,
	    &token)) != 0 ||
	    (r = json_get_string_field(root, "Source", what, &ignored)) != 0 ||
	    (r = json_get_string_field(root, "AccountID", what,
	    &ignored)) != 0 ||
	    (r = credjson_time(root, "Expires", what, &expires, &set)) != 0)
		goto out;
	v = json_get_nocase(root, "CanExpire");
	if (v != NULL && !json_is_boolean(v) && !json_is_null(v)) {
		r = av_error_set(AV_ERR_INVALID,
		    "%s: field CanExpire is not a boolean", what);
		goto out;
	}
	*credsp = aws_creds_from(akid != NULL ? akid : "",
	    secret != NULL ? secret : "", token);
	(*credsp)->can_expire = json_is_true(v);
	(*credsp)->expires = expires;
	r = 0;
out:
	json_decref(root);
	return r;
}

int
credjson_master_format(const struct aws_creds *c, struct secbuf **jsonp)
{
	struct secbuf *out;
	struct buf *b;
	const char *secret = c->secret_access_key != NULL ?
	    secbuf_ptr(c->secret_access_key) : "";
	const char *akid = c->access_key_id != NULL ? c->access_key_id : "";
	const char *token = aws_creds_token(c);
	char expires[40] = CREDJSON_ZERO_TIME;
	int r;

	*jsonp = NULL;
	if (c->can_expire)
		time_format_rfc3339(c->expires, expires, sizeof(expires));
	out = secbuf_new(CREDJSON_MAX);
	b = secbuf_buf(out);
	if ((r = json_go_member(b, "{\"AccessKeyID\":", akid,
	    strlen(akid))) != 0 ||
	    (r = json_go_member(b, ",\"SecretAccessKey\":", secret,
	    strlen(secret))) != 0 ||
	    (r = json_go_member(b, ",\"SessionToken\":", token,
	    strlen(token))) != 0 ||
	    (r = buf_printf(b, ",\"Source\":\"\",\"CanExpire\":%s,"
	    "\"Expires\":\"%s\",\"AccountID\":\"\"}",
	    c->can_expire ? "true" : "false", expires)) != 0)
		goto out;
	*jsonp = out;
	out = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(out);
	return r;
}

int
credjson_session_parse(const char *json, size_t n, struct aws_creds **credsp)
{
	static const char what[] = "invalid session data in keyring";
	const char *akid, *secret, *token;
	json_t *root = NULL;
	int64_t expires;
	bool set;
	int r;

	*credsp = NULL;
	if ((r = json_load_object(json, n, what, &root)) != 0 ||
	    (r = json_get_string_field(root, "AccessKeyId", what,
	    &akid)) != 0 ||
	    (r = json_get_string_field(root, "SecretAccessKey", what,
	    &secret)) != 0 ||
	    (r = json_get_string_field(root, "SessionToken", what,
	    &token)) != 0 ||
	    (r = credjson_time(root, "Expiration", what, &expires,
	    &set)) != 0)
		goto out;
	if (str_empty(akid) || str_empty(secret) || !set) {
		r = av_error_set(AV_ERR_INVALID, "%s: AccessKeyId, "
		    "SecretAccessKey or Expiration missing", what);
		goto out;
	}
	*credsp = aws_creds_from(akid, secret, token);
	(*credsp)->can_expire = true;
	(*credsp)->expires = expires;
	r = 0;
out:
	json_decref(root);
	return r;
}

int
credjson_session_format(const struct aws_creds *c, struct secbuf **jsonp)
{
	struct secbuf *out;
	struct buf *b;
	const char *secret = c->secret_access_key != NULL ?
	    secbuf_ptr(c->secret_access_key) : "";
	const char *akid = c->access_key_id != NULL ? c->access_key_id : "";
	char expiration[40];
	int r;

	*jsonp = NULL;
	time_format_rfc3339(c->expires, expiration, sizeof(expiration));
	out = secbuf_new(CREDJSON_MAX);
	b = secbuf_buf(out);
	/* Go marshals the nil *string of a missing token as null. */
	if ((r = json_go_member(b, "{\"AccessKeyId\":", akid,
	    strlen(akid))) != 0 ||
	    (r = buf_cat(b, ",\"Expiration\":\"", expiration, "\"",
	    (char *)NULL)) != 0 ||
	    (r = json_go_member(b, ",\"SecretAccessKey\":", secret,
	    strlen(secret))) != 0 ||
	    (r = json_go_member(b, ",\"SessionToken\":",
	    c->session_token != NULL ? secbuf_ptr(c->session_token) : NULL,
	    c->session_token != NULL ? secbuf_len(c->session_token) : 0)) ||
	    (r = buf_putc(b, '}')) != 0)
		goto out;
	*jsonp = out;
	out = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(out);
	return r;
}
