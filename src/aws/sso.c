/* SPDX-License-Identifier: MIT */
/*
 * sso.c: the SSO-OIDC and SSO portal clients (see sso.h).  REST-JSON,
 * unsigned: a request is a method, an operation path under the endpoint,
 * a JSON body or a query, and for the portal the bearer token header.
 */
#include "util/common.h"

#include <jansson.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "aws/request.h"
#include "aws/sso.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define SSO_JSON_TYPE		"application/json"
#define SSO_BEARER_HEADER	"x-amz-sso_bearer_token"
/* Epoch milliseconds we can turn into a time and write back (9999). */
#define SSO_MS_MAX		INT64_C(253402300799999)

static char sso_last_code[128];
static long sso_last_status;

const char *
sso_error_code(void)
{
	return sso_last_code;
}

long
sso_error_status(void)
{
	return sso_last_status;
}

static const char *
sso_svc_name(enum endpoint_service svc)
{
	return svc == ENDPOINT_SSO ? "sso" : "sso-oidc";
}

struct sso_client *
sso_client_new(enum endpoint_service svc, const struct endpoint_config *cfg)
{
	struct sso_client *c;

	if (svc != ENDPOINT_SSO && svc != ENDPOINT_SSO_OIDC)
		BUG("SSO client for another service");
	c = xcalloc(1, sizeof(*c));
	c->service = svc;
	endpoint_config_copy(&c->endpoint, cfg);
	return c;
}

void
sso_client_free(struct sso_client *c)
{
	if (c == NULL)
		return;
	endpoint_config_release(&c->endpoint);
	free(c);
}

void
sso_registration_release(struct sso_registration *reg)
{
	free(reg->client_id);
	secbuf_free(reg->client_secret);
	memset(reg, 0, sizeof(*reg));
}

void
sso_device_auth_release(struct sso_device_auth *auth)
{
	secbuf_free(auth->device_code);
	free(auth->user_code);
	free(auth->verification_uri);
	free(auth->verification_uri_complete);
	memset(auth, 0, sizeof(*auth));
}

void
sso_token_release(struct sso_token *tok)
{
	secbuf_free(tok->access_token);
	free(tok->token_type);
	secbuf_free(tok->refresh_token);
	secbuf_free(tok->id_token);
	memset(tok, 0, sizeof(*tok));
}

/*
 * Errors.
 */

/* The OAuth 2.0 error values (RFC 6749 5.2, RFC 8628 3.5) and the
 * exceptions SSO-OIDC names them with in x-amzn-ErrorType. */
static const struct {
	const char	*oauth;
	const char	*code;
} sso_oauth_errors[] = {
	{ "access_denied", "AccessDeniedException" },
	{ "authorization_pending", "AuthorizationPendingException" },
	{ "expired_token", "ExpiredTokenException" },
	{ "invalid_client", "InvalidClientException" },
	{ "invalid_grant", "InvalidGrantException" },
	{ "invalid_request", "InvalidRequestException" },
	{ "invalid_scope", "InvalidScopeException" },
	{ "slow_down", "SlowDownException" },
	{ "unauthorized_client", "UnauthorizedClientException" },
	{ "unsupported_grant_type", "UnsupportedGrantTypeException" },
};

/* An error type as AWS spells it ("ns#Name:http://..."): just Name. */
static void
sso_error_name(const char *s, char *out, size_t outlen)
{
	const char *hash = strchr(s, '#');
	size_t n;

	if (hash != NULL)
		s = hash + 1;
	n = strcspn(s, ":");
	(void)snprintf(out, outlen, "%.*s", (int)n, s);
}

/* A printable, single-line copy of an error text from a server, at most
 * 200 bytes (it ends up on the terminal). */
static char *
sso_clean_text(const char *s)
{
	size_t i, n = strlen(s);
	char *t;

	if (n > 200)
		n = 200;
	t = xstrndup(s, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = ' ';
	return t;
}

int
sso_parse_error(const char *svc, const char *op, long status,
    const char *error_type, const char *body, size_t n)
{
	json_t *root = NULL;
	const char *v, *msg = NULL;
	char *clean = NULL;
	size_t i;
	int r;

	sso_last_code[0] = '\0';
	sso_last_status = status;
	if (json_load_object(body, n, "error", &root) != 0) {
		av_error_clear();
		root = NULL;
	}
	if (!str_empty(error_type))
		sso_error_name(error_type, sso_last_code,
		    sizeof(sso_last_code));
	if (sso_last_code[0] == '\0' && root != NULL &&
	    ((v = json_get_string(root, "__type")) != NULL ||
	    (v = json_get_string(root, "code")) != NULL))
		sso_error_name(v, sso_last_code, sizeof(sso_last_code));
	if (sso_last_code[0] == '\0' && root != NULL &&
	    (v = json_get_string(root, "error")) != NULL) {
		for (i = 0; i < AV_ARRAY_SIZE(sso_oauth_errors); i++)
			if (strcmp(v, sso_oauth_errors[i].oauth) == 0)
				(void)snprintf(sso_last_code,
				    sizeof(sso_last_code), "%s",
				    sso_oauth_errors[i].code);
	}
	if (root != NULL) {
		msg = json_get_string(root, "message");
		if (str_empty(msg))
			msg = json_get_string(root, "error_description");
	}
	if (!str_empty(msg))
		clean = sso_clean_text(msg);
	if (sso_last_code[0] == '\0') {
		if (clean != NULL)
			r = av_error_set(AV_ERR_AWS, "%s:%s: HTTP %ld: %s",
			    svc, op, status, clean);
		else
			r = av_error_set(AV_ERR_AWS, "%s:%s: HTTP %ld", svc,
			    op, status);
	} else if (clean != NULL) {
		r = av_error_set(AV_ERR_AWS, "%s:%s: %s: %s", svc, op,
		    sso_last_code, clean);
	} else {
		r = av_error_set(AV_ERR_AWS, "%s:%s: %s", svc, op,
		    sso_last_code);
	}
	free(clean);
	json_decref(root);
	return r;
}

/*
 * Parsing answers.
 */

static int
sso_malformed(const char *svc, const char *op, const char *why)
{
	return av_error_set(AV_ERR_INVALID, "%s:%s: malformed response: %s",
	    svc, op, why);
}

/* Parse an answer that must be a JSON object. */
static int
sso_load(const char *svc, const char *op, const char *body, size_t n,
    json_t **rootp)
{
	char *what = xasprintf("%s:%s: malformed response", svc, op);
	int r;

	r = json_load_object(body, n, what, rootp);
	free(what);
	return r;
}

/* Member name of root as a string: absent or null is NULL; another type
 * sets *badp. */
static const char *
sso_json_str(const json_t *root, const char *name, bool *badp)
{
	json_t *v = json_object_get(root, name);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*badp = true;
		return NULL;
	}
	return json_string_value(v);
}

/* Member name as an integer in [min, max]: absent or null is 0. */
static int64_t
sso_json_int(const json_t *root, const char *name, int64_t min, int64_t max,
    bool *badp)
{
	json_t *v = json_object_get(root, name);
	json_int_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || (i = json_integer_value(v)) < min ||
	    i > max) {
		*badp = true;
		return 0;
	}
	return (int64_t)i;
}

static struct secbuf *
sso_secret_or_null(const char *s)
{
	return s != NULL ? secbuf_from_str(s) : NULL;
}

int
sso_parse_registration(const char *body, size_t n,
    struct sso_registration *regp)
{
	static const char svc[] = "sso-oidc", op[] = "RegisterClient";
	const char *id, *secret;
	json_t *root = NULL;
	bool bad = false;
	int r;

	if ((r = sso_load(svc, op, body, n, &root)) != 0)
		return r;
	id = sso_json_str(root, "clientId", &bad);
	secret = sso_json_str(root, "clientSecret", &bad);
	regp->client_id_issued_at = sso_json_int(root, "clientIdIssuedAt",
	    INT64_MIN, INT64_MAX, &bad);
	regp->client_secret_expires_at = sso_json_int(root,
	    "clientSecretExpiresAt", INT64_MIN, INT64_MAX, &bad);
	if (bad || str_empty(id) || str_empty(secret)) {
		r = sso_malformed(svc, op, bad ? "a member has the wrong type" :
		    "clientId or clientSecret missing");
		goto out;
	}
	regp->client_id = xstrdup(id);
	regp->client_secret = secbuf_from_str(secret);
	r = 0;
out:
	json_decref(root);
	return r;
}

int
sso_parse_device_auth(const char *body, size_t n,
    struct sso_device_auth *authp)
{
	static const char svc[] = "sso-oidc", op[] = "StartDeviceAuthorization";
	const char *code, *user, *uri, *complete;
	json_t *root = NULL;
	bool bad = false;
	int64_t expires, interval;
	int r;

	if ((r = sso_load(svc, op, body, n, &root)) != 0)
		return r;
	code = sso_json_str(root, "deviceCode", &bad);
	user = sso_json_str(root, "userCode", &bad);
	uri = sso_json_str(root, "verificationUri", &bad);
	complete = sso_json_str(root, "verificationUriComplete", &bad);
	expires = sso_json_int(root, "expiresIn", INT32_MIN, INT32_MAX, &bad);
	interval = sso_json_int(root, "interval", INT32_MIN, INT32_MAX, &bad);
	if (bad || str_empty(code) || (str_empty(uri) &&
	    str_empty(complete))) {
		r = sso_malformed(svc, op, bad ? "a member has the wrong type" :
		    "deviceCode or verificationUri missing");
		goto out;
	}
	authp->device_code = secbuf_from_str(code);
	authp->user_code = xstrdup_nonempty(user);
	authp->verification_uri = xstrdup_nonempty(uri);
	authp->verification_uri_complete = xstrdup_nonempty(complete);
	authp->expires_in = expires;
	authp->interval = interval;
	r = 0;
out:
	json_decref(root);
	return r;
}

int
sso_parse_token(const char *body, size_t n, struct sso_token *tokp)
{
	static const char svc[] = "sso-oidc", op[] = "CreateToken";
	const char *access, *type, *refresh, *id;
	json_t *root = NULL;
	bool bad = false;
	int64_t expires;
	int r;

	if ((r = sso_load(svc, op, body, n, &root)) != 0)
		return r;
	access = sso_json_str(root, "accessToken", &bad);
	type = sso_json_str(root, "tokenType", &bad);
	refresh = sso_json_str(root, "refreshToken", &bad);
	id = sso_json_str(root, "idToken", &bad);
	expires = sso_json_int(root, "expiresIn", INT32_MIN, INT32_MAX, &bad);
	if (bad || str_empty(access)) {
		r = sso_malformed(svc, op, bad ? "a member has the wrong type" :
		    "accessToken missing");
		goto out;
	}
	tokp->access_token = secbuf_from_str(access);
	tokp->expires_in = expires;
	tokp->token_type = type != NULL ? xstrdup(type) : NULL;
	tokp->refresh_token = sso_secret_or_null(refresh);
	tokp->id_token = sso_secret_or_null(id);
	r = 0;
out:
	json_decref(root);
	return r;
}

int
sso_parse_role_credentials(const char *body, size_t n,
    struct aws_creds **credsp)
{
	static const char svc[] = "sso", op[] = "GetRoleCredentials";
	const char *akid, *secret, *token;
	json_t *root = NULL, *rc;
	bool bad = false;
	int64_t ms;
	int r;

	*credsp = NULL;
	if ((r = sso_load(svc, op, body, n, &root)) != 0)
		return r;
	if ((rc = json_object_get(root, "roleCredentials")) == NULL ||
	    !json_is_object(rc)) {
		r = sso_malformed(svc, op, "roleCredentials missing");
		goto out;
	}
	akid = sso_json_str(rc, "accessKeyId", &bad);
	secret = sso_json_str(rc, "secretAccessKey", &bad);
	token = sso_json_str(rc, "sessionToken", &bad);
	ms = sso_json_int(rc, "expiration", 0, SSO_MS_MAX, &bad);
	if (bad || str_empty(akid) || str_empty(secret)) {
		r = sso_malformed(svc, op, bad ? "a member has the wrong type "
		    "or range" : "accessKeyId or secretAccessKey missing");
		goto out;
	}
	*credsp = aws_creds_from(akid, secret, token);
	(*credsp)->can_expire = true;
	(*credsp)->expires = ms / 1000;
	r = 0;
out:
	json_decref(root);
	return r;
}

/*
 * Calls.
 */

/* A member of a JSON request body; value holds len bytes (may be
 * secret). */
struct sso_member {
	const char	*name;
	const char	*value;
	size_t		 len;
};

/* {"name":"value",...} of the n members of m, in a new secbuf *bodyp.
 * Returns 0 or AV_ERR_INVALID (too big; *bodyp is NULL then). */
static int
sso_json_body(const struct sso_member *m, size_t n, struct secbuf **bodyp)
{
	struct secbuf *body = secbuf_new(BUF_REQUEST_MAX);
	struct buf *b = secbuf_buf(body);
	size_t i;
	int r;

	*bodyp = NULL;
	if ((r = buf_putc(b, '{')) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if ((r = buf_puts(b, i > 0 ? ",\"" : "\"")) != 0 ||
		    (r = buf_puts(b, m[i].name)) != 0 ||
		    (r = buf_puts(b, "\":")) != 0 ||
		    (r = json_go_string(b, m[i].value, m[i].len)) != 0)
			goto out;
	}
	if ((r = buf_putc(b, '}')) != 0)
		goto out;
	*bodyp = body;
	body = NULL;	/* transferred */
out:
	secbuf_free(body);
	return r;
}

/* Send method op_path (under the endpoint) with body (consumed; NULL for
 * none), query (encoded, or NULL) and the bearer token (or NULL), and
 * return a 2xx answer in *resp.  Any other answer becomes the error of
 * sso.h. */
static int
sso_call(const struct sso_client *c, const char *op, const char *method,
    const char *op_path, const char *query, struct secbuf *body,
    const struct secbuf *bearer, struct http_response *resp)
{
	const char *svc = sso_svc_name(c->service);
	struct aws_request req = { 0 };
	struct endpoint ep = { 0 };
	size_t plen;
	char *path;
	int r;

	memset(resp, 0, sizeof(*resp));
	sso_last_code[0] = '\0';
	sso_last_status = 0;
	if ((r = endpoint_resolve(c->service, &c->endpoint, &ep)) != 0 ||
	    (r = aws_request_init_url(&req, method, ep.url)) != 0) {
		av_error_prefix("%s:%s", svc, op);
		goto out;
	}
	/* The operation's path goes under the endpoint's own path. */
	plen = strlen(req.path);
	while (plen > 0 && req.path[plen - 1] == '/')
		plen--;
	path = xasprintf("%.*s%s", (int)plen, req.path, op_path);
	free(req.path);
	req.path = path;
	free(req.query);
	req.query = query != NULL ? xstrdup(query) : NULL;
	if (body != NULL) {
		aws_request_add_header(&req, "Content-Type", SSO_JSON_TYPE);
		aws_request_set_body(&req, body);
		body = NULL;	/* transferred */
	}
	if (bearer != NULL)
		aws_request_add_header(&req, SSO_BEARER_HEADER,
		    secbuf_ptr(bearer));
	log_debug("%s:%s: calling %s (unsigned)", svc, op, ep.url);
	if ((r = http_send(&req, resp)) != 0) {
		av_error_prefix("%s:%s", svc, op);
		goto out;
	}
	if (resp->status < 200 || resp->status >= 300) {
		r = sso_parse_error(svc, op, resp->status, resp->error_type,
		    secbuf_ptr(resp->body), secbuf_len(resp->body));
		http_response_release(resp);
		goto out;
	}
	r = 0;
out:
	secbuf_free(body);
	aws_request_release(&req);
	endpoint_release(&ep);
	return r;
}

int
sso_register_client(const struct sso_client *c, const char *name,
    const char *type, struct sso_registration *regp)
{
	const struct sso_member m[] = {
		{ "clientName", name, strlen(name) },
		{ "clientType", type, strlen(type) },
	};
	struct http_response resp;
	struct secbuf *body;
	int r;

	memset(regp, 0, sizeof(*regp));
	if ((r = sso_json_body(m, AV_ARRAY_SIZE(m), &body)) != 0 ||
	    (r = sso_call(c, "RegisterClient", "POST", "/client/register",
	    NULL, body, NULL, &resp)) != 0)
		return r;
	r = sso_parse_registration(secbuf_ptr(resp.body),
	    secbuf_len(resp.body), regp);
	http_response_release(&resp);
	return r;
}

int
sso_start_device_authorization(const struct sso_client *c,
    const struct sso_registration *reg, const char *start_url,
    struct sso_device_auth *authp)
{
	const struct sso_member m[] = {
		{ "clientId", reg->client_id, strlen(reg->client_id) },
		{ "clientSecret", secbuf_ptr(reg->client_secret),
		    secbuf_len(reg->client_secret) },
		{ "startUrl", start_url, strlen(start_url) },
	};
	struct http_response resp;
	struct secbuf *body;
	int r;

	memset(authp, 0, sizeof(*authp));
	if ((r = sso_json_body(m, AV_ARRAY_SIZE(m), &body)) != 0 ||
	    (r = sso_call(c, "StartDeviceAuthorization", "POST",
	    "/device_authorization", NULL, body, NULL, &resp)) != 0)
		return r;
	r = sso_parse_device_auth(secbuf_ptr(resp.body),
	    secbuf_len(resp.body), authp);
	http_response_release(&resp);
	return r;
}

int
sso_create_token(const struct sso_client *c,
    const struct sso_registration *reg, const struct secbuf *device_code,
    struct sso_token *tokp)
{
	const struct sso_member m[] = {
		{ "clientId", reg->client_id, strlen(reg->client_id) },
		{ "clientSecret", secbuf_ptr(reg->client_secret),
		    secbuf_len(reg->client_secret) },
		{ "deviceCode", secbuf_ptr(device_code),
		    secbuf_len(device_code) },
		{ "grantType", SSO_GRANT_DEVICE_CODE,
		    strlen(SSO_GRANT_DEVICE_CODE) },
	};
	struct http_response resp;
	struct secbuf *body;
	int r;

	memset(tokp, 0, sizeof(*tokp));
	if ((r = sso_json_body(m, AV_ARRAY_SIZE(m), &body)) != 0 ||
	    (r = sso_call(c, "CreateToken", "POST", "/token", NULL, body,
	    NULL, &resp)) != 0)
		return r;
	r = sso_parse_token(secbuf_ptr(resp.body), secbuf_len(resp.body),
	    tokp);
	http_response_release(&resp);
	return r;
}

int
sso_get_role_credentials(const struct sso_client *c,
    const struct secbuf *access_token, const char *account_id,
    const char *role_name, struct aws_creds **credsp)
{
	struct http_response resp;
	struct buf q;
	int r;

	*credsp = NULL;
	buf_init(&q, BUF_REQUEST_MAX);
	if ((r = buf_puts(&q, "account_id=")) != 0 ||
	    (r = aws_uri_encode(&q, account_id, strlen(account_id),
	    false)) != 0 || (r = buf_puts(&q, "&role_name=")) != 0 ||
	    (r = aws_uri_encode(&q, role_name, strlen(role_name),
	    false)) != 0) {
		r = av_error_set(AV_ERR_INVALID, "sso:GetRoleCredentials: "
		    "account or role name too long");
		goto out;
	}
	if ((r = sso_call(c, "GetRoleCredentials", "GET",
	    "/federation/credentials", buf_cstr(&q), NULL, access_token,
	    &resp)) != 0)
		goto out;
	r = sso_parse_role_credentials(secbuf_ptr(resp.body),
	    secbuf_len(resp.body), credsp);
	http_response_release(&resp);
out:
	buf_release(&q);
	return r;
}
