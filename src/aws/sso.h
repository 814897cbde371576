/* SPDX-License-Identifier: MIT */
/*
 * sso.h: the IAM Identity Center calls aws-vault makes (spec 6.5.4,
 * Appendix C): SSO-OIDC RegisterClient, StartDeviceAuthorization and
 * CreateToken, and the SSO portal's GetRoleCredentials.  Both services are
 * REST-JSON and unsigned.
 *
 * Requests are written by hand into secbufs (they carry the client secret,
 * the device code or the access token); answers are parsed with jansson
 * (whose frees are wiped once json_wipe_init has run) and every secret in
 * them is copied into a secbuf: the client secret, the device code, the
 * access, refresh and id tokens, the role's secret key and session token.
 * Errors follow one format, set once:
 *   AV_ERR_AWS      "<svc>:<Op>: <Code>: <message>" or "<svc>:<Op>: <Code>"
 *                   (svc "sso-oidc" or "sso"; Code from x-amzn-ErrorType,
 *                   else the body's "__type"/"code", else the OAuth
 *                   "error" mapped to its exception name, else
 *                   "HTTP <status>"),
 *   AV_ERR_INVALID  "<svc>:<Op>: malformed response: <why>",
 *   AV_ERR_NETWORK  "<svc>:<Op>: <transport message>".
 * Messages never quote a body.  sso_error_code() and sso_error_status()
 * let callers branch on the last failure (AuthorizationPendingException,
 * HTTP 401) without parsing the message.
 *
 * Layering: request, http, endpoint <- sso <- vault/sso.
 */
#ifndef AV_AWS_SSO_H
#define AV_AWS_SSO_H

#include "util/common.h"

#include "aws/endpoint.h"

struct aws_creds;
struct secbuf;

#define SSO_GRANT_DEVICE_CODE \
	"urn:ietf:params:oauth:grant-type:device_code"

/* Where an SSO portal or SSO-OIDC call goes: copies of the endpoint
 * inputs, resolved at each call (endpoint.h).  region is sso_region. */
struct sso_client {
	enum endpoint_service	 service;	/* SSO or SSO_OIDC */
	struct endpoint_config	 endpoint;	/* endpoint_config_copy */
};

/* RegisterClient's answer. */
struct sso_registration {
	char		*client_id;
	struct secbuf	*client_secret;
	int64_t		 client_id_issued_at;	/* Unix seconds */
	int64_t		 client_secret_expires_at; /* Unix seconds */
};

/* StartDeviceAuthorization's answer.  The URLs and the user code are shown
 * to the user and are not secret; the device code is. */
struct sso_device_auth {
	struct secbuf	*device_code;
	char		*user_code;
	char		*verification_uri;
	char		*verification_uri_complete;
	int64_t		 expires_in;	/* seconds */
	int64_t		 interval;	/* seconds; 0 when not given */
};

/* CreateToken's answer (Go ssooidc.CreateTokenOutput). */
struct sso_token {
	struct secbuf	*access_token;
	int64_t		 expires_in;	/* seconds */
	char		*token_type;	/* "Bearer", or NULL */
	struct secbuf	*refresh_token;	/* or NULL */
	struct secbuf	*id_token;	/* or NULL */
};

/* A new client for svc (ENDPOINT_SSO or ENDPOINT_SSO_OIDC) with copies of
 * cfg's strings.  Free with sso_client_free. */
struct sso_client *sso_client_new(enum endpoint_service svc,
    const struct endpoint_config *cfg);
void sso_client_free(struct sso_client *c);

/* POST /client/register {"clientName","clientType"} (no scopes: spec 5.4).
 * *regp is filled on success (release with sso_registration_release).
 * Returns 0 or a negative AV_ERR_* code in the format above. */
int sso_register_client(const struct sso_client *c, const char *name,
    const char *type, struct sso_registration *regp);

/* POST /device_authorization {"clientId","clientSecret","startUrl"}.
 * Release *authp with sso_device_auth_release. */
int sso_start_device_authorization(const struct sso_client *c,
    const struct sso_registration *reg, const char *start_url,
    struct sso_device_auth *authp);

/* POST /token {"clientId","clientSecret","deviceCode","grantType"} with
 * the device code grant.  While the user has not approved, this fails
 * with AV_ERR_AWS and sso_error_code() "AuthorizationPendingException";
 * other codes the flow knows: "SlowDownException",
 * "ExpiredTokenException", "AccessDeniedException".  Release *tokp with
 * sso_token_release. */
int sso_create_token(const struct sso_client *c,
    const struct sso_registration *reg, const struct secbuf *device_code,
    struct sso_token *tokp);

/* GET /federation/credentials?account_id=&role_name= with the header
 * x-amz-sso_bearer_token.  *credsp (aws_creds_free) has can_expire set
 * and expires = the answer's epoch milliseconds / 1000.  An expired or
 * revoked token fails with AV_ERR_AWS and sso_error_status() 401. */
int sso_get_role_credentials(const struct sso_client *c,
    const struct secbuf *access_token, const char *account_id,
    const char *role_name, struct aws_creds **credsp);

/* The error code of the last call that failed with AV_ERR_AWS, or ""
 * (static storage, cleared at the start of every call), and its HTTP
 * status (0 when the call did not get an answer). */
const char *sso_error_code(void);
long sso_error_status(void);

/*
 * The parsers behind the calls, for tests and fuzzing.  body is n bytes
 * of a 2xx answer to svc:op; out-parameters are filled on success only.
 * Return 0 or AV_ERR_INVALID ("<svc>:<Op>: malformed response: <why>").
 */
int sso_parse_registration(const char *body, size_t n,
    struct sso_registration *regp);
int sso_parse_device_auth(const char *body, size_t n,
    struct sso_device_auth *authp);
int sso_parse_token(const char *body, size_t n, struct sso_token *tokp);
int sso_parse_role_credentials(const char *body, size_t n,
    struct aws_creds **credsp);

/* Turn a failed answer (status >= 300) to svc:op into the error above:
 * sets the message, sso_error_code() and sso_error_status(), and returns
 * AV_ERR_AWS.  error_type is the x-amzn-ErrorType header or NULL. */
int sso_parse_error(const char *svc, const char *op, long status,
    const char *error_type, const char *body, size_t n);

void sso_registration_release(struct sso_registration *reg);
void sso_device_auth_release(struct sso_device_auth *auth);
void sso_token_release(struct sso_token *tok);

#endif
