/* SPDX-License-Identifier: MIT */
/*
 * login.c: `aws-vault login [<profile>]` (spec 9): a sign-in link for the
 * AWS console.  Role, SSO and web identity credentials are used as they
 * are; long-term keys (stored, from the environment, or from a
 * credential_process) are first turned into a federated session with
 * GetFederationToken.  The federation endpoint can be pointed elsewhere
 * with AWS_ENDPOINT_URL_SIGNIN (its base URL; "/federation" is appended),
 * the AWS SDKs' variable for the sign-in service.
 */
#include "util/common.h"

#include <jansson.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "aws/iam.h"
#include "aws/query.h"
#include "aws/request.h"
#include "aws/sts.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/util.h"
#include "config/profile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/fetch.h"
#include "vault/vault.h"

#define LOGIN_POLICY "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":" \
	"\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"

static char *cmd_login_profile;
static int64_t cmd_login_duration;
static bool cmd_login_no_session;
static bool cmd_login_auto_logout;
static char *cmd_login_mfa_token;
static char *cmd_login_path;
static char *cmd_login_region;
static bool cmd_login_stdout;

static const struct cmd_option cmd_login_options[] = {
	{ "duration", 'd', CMD_OPT_DURATION, &cmd_login_duration,
	    "Duration of the assume-role or federated session. Defaults to 1h",
	    "AWS_VAULT_DURATION" },
	{ "no-session", 'n', CMD_OPT_BOOL, &cmd_login_no_session,
	    "Skip creating STS session with GetSessionToken" },
	{ "auto-logout", 'a', CMD_OPT_BOOL, &cmd_login_auto_logout,
	    "Auto logout when starting a new login", "AWS_VAULT_AUTO_LOGOUT" },
	{ "mfa-token", 't', CMD_OPT_STRING, &cmd_login_mfa_token,
	    "The MFA token to use" },
	{ "path", 0, CMD_OPT_STRING, &cmd_login_path,
	    "The AWS service you would like access" },
	{ "region", 0, CMD_OPT_STRING, &cmd_login_region, "The AWS region" },
	{ "stdout", 's', CMD_OPT_BOOL, &cmd_login_stdout,
	    "Print login URL to stdout instead of opening in default browser",
	    "AWS_VAULT_STDOUT" },
	{ NULL },
};

static const struct cmd_arg cmd_login_args[] = {
	{ "profile", "Name of the profile. If none given, credentials will be "
	    "sourced from env vars", .profile_hint = true,
	    .target = &cmd_login_profile },
	{ NULL },
};

/* Go url.QueryEscape: RFC 3986 unreserved kept, space as '+'. */
static int
login_query_escape(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		int r = *s == ' ' ? buf_putc(out, '+') :
		    aws_uri_encode(out, s, 1, false);
		if (r != 0)
			return r;
	}
	return 0;
}

/* The federation endpoint and the console's domain for region (spec 9.3
 * table). */
static void
login_endpoints(const char *region, char **prefixp, const char **domainp)
{
	const char *over = getenv("AWS_ENDPOINT_URL_SIGNIN");

	*domainp = "console.aws.amazon.com";
	if (region != NULL && str_has_prefix(region, "cn-")) {
		*prefixp = xstrdup("https://signin.amazonaws.cn/federation");
		*domainp = "console.amazonaws.cn";
	} else if (region != NULL && str_has_prefix(region, "us-gov-")) {
		*prefixp = xstrdup(
		    "https://signin.amazonaws-us-gov.com/federation");
		*domainp = "console.amazonaws-us-gov.com";
	} else if (region != NULL && str_has_prefix(region, "eusc-")) {
		*prefixp = xstrdup(
		    "https://signin.amazonaws-eusc.eu/federation");
		*domainp = "console.amazonaws-eusc.eu";
	} else {
		*prefixp = xstrdup(
		    "https://us-east-1.signin.aws.amazon.com/federation");
	}
	if (!str_empty(over)) {
		free(*prefixp);
		*prefixp = xasprintf("%.*s/federation",
		    (int)(strlen(over) - (str_has_suffix(over, "/") ? 1 : 0)),
		    over);
	}
}

/* Long-term credentials become a federated session (spec 9.2). */
static int
login_federate(struct vault *v, const struct profile_config *pc,
    struct aws_creds *base, struct aws_creds **credsp)
{
	struct sts_federation_input in;
	struct query_client *sts = NULL, *iam = NULL;
	struct sts_identity id;
	struct iam_user user;
	struct strv parts;
	struct str rest, f;
	const char *name;
	char *trunc = NULL;
	int r;

	*credsp = NULL;
	memset(&id, 0, sizeof(id));
	memset(&user, 0, sizeof(user));
	strv_init(&parts);
	sts = fetch_client(v, pc, ENDPOINT_STS, base);
	if ((r = sts_get_caller_identity(sts, &id)) != 0)
		goto out;
	rest = str_from(id.arn != NULL ? id.arn : "");
	while (str_split(&rest, ':', &f))
		strv_push_owned(&parts, str_dup(f));
	if (parts.n < 6) {
		r = av_error_set(AV_ERR_INVALID, "unable to parse ARN: %s",
		    id.arn != NULL ? id.arn : "");
		goto out;
	}
	if (str_has_prefix(parts.v[5], "assumed-role")) {
		*credsp = aws_creds_dup(base);
		r = 0;
		goto out;
	}
	iam = fetch_client(v, pc, ENDPOINT_IAM, base);
	if ((r = iam_get_user(iam, NULL, &user)) != 0)
		goto out;
	if (!str_empty(user.user_name)) {
		name = user.user_name;
	} else if (user.arn != NULL && strrchr(user.arn, ':') != NULL) {
		name = strrchr(user.arn, ':') + 1;
	} else {
		r = av_error_set(AV_ERR_INVALID,
		    "Couldn't determine current username");
		goto out;
	}
	trunc = xstrndup(name, strlen(name) > 32 ? 32 : strlen(name));
	memset(&in, 0, sizeof(in));
	in.name = trunc;
	in.duration = pc->federation_duration / DUR_SECOND;
	in.policy = LOGIN_POLICY;
	r = sts_get_federation_token(sts, &in, credsp);
out:
	free(trunc);
	strv_release(&parts);
	iam_user_release(&user);
	sts_identity_release(&id);
	query_client_free(sts);
	query_client_free(iam);
	return r;
}

/* GET <prefix>?Action=getSigninToken&Session=... → the SigninToken. */
static int
login_signin_token(const char *prefix, const struct aws_creds *c,
    struct secbuf **tokenp)
{
	struct aws_request req;
	struct http_response resp;
	struct secbuf *session = NULL, *url = NULL;
	struct buf *b;
	json_t *root = NULL;
	const char *tok;
	int r;

	*tokenp = NULL;
	memset(&resp, 0, sizeof(resp));
	memset(&req, 0, sizeof(req));
	session = secbuf_new(BUF_HTTP_MAX);
	b = secbuf_buf(session);
	if ((r = buf_puts(b, "{\"sessionId\":")) != 0 ||
	    (r = json_go_string(b, c->access_key_id,
	    strlen(c->access_key_id))) != 0 ||
	    (r = buf_puts(b, ",\"sessionKey\":")) != 0 ||
	    (r = json_go_string(b, secbuf_ptr(c->secret_access_key),
	    secbuf_len(c->secret_access_key))) != 0 ||
	    (r = buf_puts(b, ",\"sessionToken\":")) != 0 ||
	    (r = json_go_string(b, aws_creds_token(c),
	    strlen(aws_creds_token(c)))) != 0 || (r = buf_putc(b, '}')) != 0)
		goto out;
	url = secbuf_new(BUF_HTTP_MAX);
	b = secbuf_buf(url);
	if ((r = buf_printf(b, "%s?Action=getSigninToken&Session=",
	    prefix)) != 0 ||
	    (r = login_query_escape(b, secbuf_ptr(session))) != 0 ||
	    (r = aws_request_init_url(&req, "GET", secbuf_ptr(url))) != 0 ||
	    (r = http_send(&req, &resp)) != 0)
		goto out;
	if (resp.status != 200) {
		r = av_error_set(AV_ERR_AWS, "Call to getSigninToken failed "
		    "with %ld %s", resp.status, resp.status == 400 ?
		    "Bad Request" : resp.status == 403 ? "Forbidden" :
		    resp.status == 404 ? "Not Found" : resp.status == 500 ?
		    "Internal Server Error" : "");
		goto out;
	}
	if (json_load_object(secbuf_ptr(resp.body), secbuf_len(resp.body),
	    "getSigninToken response", &root) != 0 ||
	    (tok = json_get_string(root, "SigninToken")) == NULL ||
	    *tok == '\0') {
		r = av_error_set(AV_ERR_AWS,
		    "Expected a response with SigninToken");
		goto out;
	}
	*tokenp = secbuf_from_str(tok);
	r = 0;
out:
	json_decref(root);
	http_response_release(&resp);
	aws_request_release(&req);
	secbuf_free(session);
	secbuf_free(url);
	return r;
}

/* The login URL (spec 9.3) into out (a secbuf's buf: it holds a token);
 * prefix and domain as login_endpoints gave them for region. */
static int
login_url(struct buf *out, const char *prefix, const char *domain,
    const char *region, const struct secbuf *token)
{
	char *dest;
	struct buf inner;
	int r;

	if (str_empty(region))
		dest = xstrdup("https://console.aws.amazon.com/");
	else if (!str_empty(cmd_login_path))
		dest = xasprintf("https://%s.%s/%s?region=%s", region, domain,
		    cmd_login_path, region);
	else
		dest = xasprintf("https://%s.%s/console/home?region=%s", region,
		    domain, region);
	if (!cmd_login_auto_logout) {
		r = buf_printf(out, "%s?Action=login&Issuer=aws-vault&"
		    "Destination=", prefix);
		if (r == 0)
			r = login_query_escape(out, dest);
		if (r == 0)
			r = buf_puts(out, "&SigninToken=");
		if (r == 0)
			r = login_query_escape(out, secbuf_ptr(token));
		free(dest);
		return r;
	}
	buf_init(&inner, BUF_HTTP_MAX);
	inner.flags = BUF_SECRET;
	r = buf_printf(&inner, "%s?Action=login&Issuer=aws-vault&Destination="
	    "%s&SigninToken=%s", prefix, dest, secbuf_ptr(token));
	if (r == 0)
		r = buf_puts(out, "https://us-east-1.signin.aws.amazon.com/oauth"
		    "?Action=logout&redirect_uri=");
	if (r == 0)
		r = login_query_escape(out, buf_cstr(&inner));
	buf_release(&inner);
	free(dest);
	return r;
}

static int
cmd_login_exec(struct cmd_ctx *ctx)
{
	struct aws_creds *creds = NULL, *fed = NULL;
	struct secbuf *token = NULL, *url = NULL;
	struct keyring *kr;
	struct cmd_creds cc;
	const char *akid, *secret, *av;
	char *prefix = NULL, *dummy;
	const char *domain;
	int r, st;

	memset(&cc, 0, sizeof(cc));
	if (str_empty(cmd_login_profile) && (av = getenv("AWS_PROFILE")) &&
	    *av != '\0') {
		free(cmd_login_profile);
		cmd_login_profile = xstrdup(av);
	}
	cc.profile = &cmd_login_profile;
	cc.duration = cmd_login_duration;
	cc.no_session = cmd_login_no_session;
	cc.region = cmd_login_region;
	cc.mfa_token = cmd_login_mfa_token;
	cmd_login_mfa_token = NULL;	/* transferred */
	cc.login = true;
	if ((r = cmd_keyring(ctx, &kr)) != 0 ||
	    (r = cmd_creds_prepare(ctx, &cc)) != 0)
		goto out;
	akid = getenv("AWS_ACCESS_KEY_ID");
	if (str_empty(akid))
		akid = getenv("AWS_ACCESS_KEY");
	secret = getenv("AWS_SECRET_ACCESS_KEY");
	if (str_empty(secret))
		secret = getenv("AWS_SECRET_KEY");
	if (str_empty(cmd_login_profile) && !str_empty(akid)) {
		/* No profile: the environment's credentials, as they are. */
		struct profile_base base;

		creds = aws_creds_from(akid, secret != NULL ? secret : "",
		    getenv("AWS_SESSION_TOKEN"));
		memset(&base, 0, sizeof(base));
		base.region = cmd_login_region;
		base.duration = cmd_login_duration;
		base.login = true;
		if ((r = profile_resolve(cc.v.cf, "", &base, &cc.pc)) != 0)
			goto out;
		if ((r = login_federate(&cc.v, cc.pc, creds, &fed)) != 0)
			goto out;
	} else {
		if (str_empty(cmd_login_profile) &&
		    (r = cmd_pick_profile_as(ctx, cc.v.cf, &cmd_login_profile,
		    "unable to select a 'profile', nor any AWS env vars found. "
		    "Try --help")) != 0)
			goto out;
		if ((r = cmd_creds_resolve(ctx, &cc)) != 0)
			goto out;
		cc.v.disable_sessions_for = cc.pc->name;
		if ((r = cmd_creds_provider(ctx, &cc)) != 0 ||
		    (r = provider_retrieve(cc.provider, &creds)) != 0) {
			av_error_prefix("profile %s", cc.pc->name);
			goto out;
		}
		if (cc.provider->kind == PROVIDER_ASSUME_ROLE ||
		    cc.provider->kind == PROVIDER_SSO ||
		    cc.provider->kind == PROVIDER_WEB_IDENTITY)
			fed = aws_creds_dup(creds);
		else if ((r = login_federate(&cc.v, cc.pc, creds, &fed)) != 0)
			goto out;
	}
	login_endpoints(cc.pc->region, &prefix, &domain);
	if ((r = login_signin_token(prefix, fed, &token)) != 0)
		goto out;
	url = secbuf_new(BUF_HTTP_MAX);
	if ((r = login_url(secbuf_buf(url), prefix, domain, cc.pc->region,
	    token)) != 0)
		goto out;
	if (cmd_login_stdout) {
		/* Straight to fd 1: no stdio copy of the token to wipe. */
		fflush(stdout);
		if (fs_write_all(1, secbuf_ptr(url), secbuf_len(url)) != 0 ||
		    fs_write_all(1, "\n", 1) != 0) {
			r = av_error_errno(AV_ERR_SYSTEM, "writing to stdout");
			goto out;
		}
	} else {
		const char *argv[] = { "xdg-open", secbuf_ptr(url), NULL };
		struct spawn sp;

		memset(&sp, 0, sizeof(sp));
		sp.argv = argv;
		if ((r = spawn_run(&sp, &st)) != 0 || st != 0) {
			if (r == 0)
				r = av_error_set(AV_ERR_SYSTEM,
				    "exit status %d", st);
			/* Go names the URL; it holds the sign-in token. */
			dummy = xstrdup(av_error_msg());
			r = av_error_set(r, "Failed to open the login URL with "
			    "xdg-open: %s (use --stdout)", dummy);
			free(dummy);
			goto out;
		}
	}
	r = 0;
out:
	aws_creds_free(creds);
	aws_creds_free(fed);
	secbuf_free(token);
	secbuf_free(url);
	free(prefix);
	cmd_creds_release(&cc);
	return r;
}

const struct cmd_entry cmd_login_entry = {
	.name = "login",
	.help = "Generate a login link for the AWS Console.",
	.options = cmd_login_options,
	.args = cmd_login_args,
	.exec = cmd_login_exec,
};
