/* SPDX-License-Identifier: MIT */
/*
 * sso.c: the SSO provider and its OIDC token cache (see sso.h).
 *
 * Deliberate difference from Go (ByteNess v7.13.5): on SlowDownException
 * Go adds 5 s to the poll interval and then aborts anyway; we keep
 * polling at the longer interval, as RFC 8628 3.5 asks.
 */
#include "util/common.h"

#include <errno.h>
#include <time.h>

#include <jansson.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/sso.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "prompt/tty.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/sso.h"
#include "vault/vault.h"

#define VAULT_SSO_ITEM_MAX	BUF_ITEM_MAX
#define VAULT_SSO_ZERO_TIME	INT64_C(-62135596800)	/* 0001-01-01 */
#define VAULT_SSO_TIME_MAX	INT64_C(253402300799)	/* 9999-12-31 */

/*
 * The token item.
 */

int
vault_sso_token_parse(const char *json, size_t n, struct sso_token *tokp,
    int64_t *secp, int32_t *nsecp)
{
	static const char what[] = "Invalid data in keyring";
	const char *access, *id, *refresh, *type, *exp;
	json_t *root = NULL, *t, *v;
	int64_t sec = VAULT_SSO_ZERO_TIME, expires_in = 0;
	int32_t nsec = 0;
	int r;

	memset(tokp, 0, sizeof(*tokp));
	if ((r = json_load_object(json, n, what, &root)) != 0)
		return r;
	t = json_get_nocase(root, "Token");
	if (!json_is_object(t)) {
		r = av_error_set(AV_ERR_INVALID, "%s: no Token object", what);
		goto out;
	}
	if ((r = json_get_string_field(t, "AccessToken", what,
	    &access)) != 0 ||
	    (r = json_get_string_field(t, "IdToken", what, &id)) != 0 ||
	    (r = json_get_string_field(t, "RefreshToken", what,
	    &refresh)) != 0 ||
	    (r = json_get_string_field(t, "TokenType", what, &type)) != 0 ||
	    (r = json_get_string_field(root, "Expiration", what, &exp)) != 0)
		goto out;
	v = json_get_nocase(t, "ExpiresIn");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < INT32_MIN ||
		    json_integer_value(v) > INT32_MAX) {
			r = av_error_set(AV_ERR_INVALID, "%s: field ExpiresIn "
			    "is not an int32", what);
			goto out;
		}
		expires_in = json_integer_value(v);
	}
	if (exp != NULL && (time_parse_rfc3339(exp, &sec, &nsec) != 0 ||
	    sec < VAULT_SSO_ZERO_TIME || sec > VAULT_SSO_TIME_MAX)) {
		r = av_error_set(AV_ERR_INVALID, "%s: field Expiration is not "
		    "an RFC 3339 time", what);
		goto out;
	}
	if (str_empty(access)) {
		r = av_error_set(AV_ERR_INVALID, "%s: no AccessToken", what);
		goto out;
	}
	tokp->access_token = secbuf_from_str(access);
	tokp->expires_in = expires_in;
	tokp->token_type = type != NULL ? xstrdup(type) : NULL;
	tokp->refresh_token = refresh != NULL ? secbuf_from_str(refresh) :
	    NULL;
	tokp->id_token = id != NULL ? secbuf_from_str(id) : NULL;
	*secp = sec;
	*nsecp = nsec;
	r = 0;
out:
	json_decref(root);
	return r;
}

/* Append pre and the secret as a JSON member, or null. */
static int
vault_sso_put_opt(struct buf *b, const char *pre, const struct secbuf *s)
{
	return json_go_member(b, pre, s != NULL ? secbuf_ptr(s) : NULL,
	    s != NULL ? secbuf_len(s) : 0);
}

int
vault_sso_token_format(const struct sso_token *tok, int64_t sec,
    int32_t nsec, struct secbuf **jsonp)
{
	struct secbuf *out;
	struct buf *b;
	char exp[48];
	int r;

	*jsonp = NULL;
	time_format_rfc3339_nano(sec, nsec, exp, sizeof(exp));	/* Go JSON */
	out = secbuf_new(VAULT_SSO_ITEM_MAX);
	b = secbuf_buf(out);
	if ((r = vault_sso_put_opt(b, "{\"Token\":{\"AccessToken\":",
	    tok->access_token)) != 0 ||
	    (r = buf_puts(b, ",\"ExpiresIn\":")) != 0 ||
	    (r = buf_put_i64(b, tok->expires_in)) != 0 ||
	    (r = vault_sso_put_opt(b, ",\"IdToken\":", tok->id_token)) != 0 ||
	    (r = vault_sso_put_opt(b, ",\"RefreshToken\":",
	    tok->refresh_token)) != 0 ||
	    (r = json_go_member(b, ",\"TokenType\":", tok->token_type,
	    tok->token_type != NULL ? strlen(tok->token_type) : 0)) != 0 ||
	    (r = buf_cat(b, ",\"ResultMetadata\":{}},\"Expiration\":\"", exp,
	    "\"}", (char *)NULL)) != 0)
		goto out;
	*jsonp = out;
	out = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(out);
	return r;
}

int
vault_sso_token_get(struct keyring *kr, const char *start_url,
    struct sso_token *tokp, int64_t *secp)
{
	struct keyring_item *item = NULL;
	char *key = keys_oidc_key(start_url);
	int64_t sec, now_ns = clock_now_ns(), left;
	int32_t nsec;
	int r;

	memset(tokp, 0, sizeof(*tokp));
	if ((r = keyring_get(kr, key, &item)) != 0)
		goto out;
	if (vault_sso_token_parse(secbuf_ptr(item->data),
	    secbuf_len(item->data), tokp, &sec, &nsec) != 0) {
		log_debug("%s", av_error_msg());
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	/* Go: expired when now is after Expiration. */
	if (sec < now_ns / DUR_SECOND || (sec == now_ns / DUR_SECOND &&
	    nsec < now_ns % DUR_SECOND)) {
		log_debug("OIDC token for '%s' expired, removing", start_url);
		if (keyring_remove(kr, key) != 0)
			log_debug("deleting %s: %s", key, av_error_msg());
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	left = sec - now_ns / DUR_SECOND;
	if (nsec < now_ns % DUR_SECOND)
		left--;
	tokp->expires_in = left > INT32_MAX ? INT32_MAX : left;
	if (secp != NULL)
		*secp = sec;
	r = 0;
out:
	if (r != 0) {
		sso_token_release(tokp);
		if (r == AV_ERR_NOT_FOUND)
			av_error_clear();
	}
	keyring_item_free(item);
	free(key);
	return r;
}

int
vault_sso_token_set(struct keyring *kr, const char *start_url,
    const struct sso_token *tok)
{
	struct keyring_item *item = NULL;
	struct secbuf *json = NULL;
	int64_t now_ns = clock_now_ns(), sec;
	int32_t nsec;
	char *key, *label;
	int r;

	sec = now_ns / DUR_SECOND + tok->expires_in;
	nsec = (int32_t)(now_ns % DUR_SECOND);
	key = keys_oidc_key(start_url);
	label = keys_oidc_label(start_url, sec);
	if ((r = vault_sso_token_format(tok, sec, nsec, &json)) != 0)
		goto out;
	item = keyring_item_new(key, secbuf_ptr(json), secbuf_len(json), label,
	    KEYS_OIDC_DESCRIPTION);
	r = keyring_set(kr, item);
out:
	keyring_item_free(item);
	secbuf_free(json);
	free(label);
	free(key);
	return r;
}

/*
 * The device authorization flow.
 */

static void
vault_sso_sleep(int64_t sec)
{
	struct timespec ts = { (time_t)sec, 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Show the verification URL (spec 6.5.4 step 2.3). */
static void
vault_sso_show_url(const char *url, bool use_stdout)
{
	const char *argv[] = { "xdg-open", url, NULL };
	struct spawn sp;
	int r, st;

	if (use_stdout) {
		fprintf(stderr, "Open the SSO authorization page in a browser "
		    "(use Ctrl-C to abort)\n%s\n", url);
		return;
	}
	log_debug("Opening SSO authorization page in browser");
	fprintf(stderr, "Opening the SSO authorization page in your default "
	    "browser (use Ctrl-C to abort)\n%s\n", url);
	/* Go's open.Run: wait for it, its output to /dev/null. */
	memset(&sp, 0, sizeof(sp));
	sp.argv = argv;
	sp.in = SPAWN_NULL;
	sp.out = SPAWN_NULL;
	sp.err = SPAWN_NULL;
	if ((r = spawn_run(&sp, &st)) != 0)
		log_debug("Failed to open browser: %s", av_error_msg());
	else if (st != 0)
		log_debug("Failed to open browser: exit status %d", st);
	av_error_clear();
}

/* Register, start the device authorization, show the URL and poll until
 * the user approves (spec 6.5.4 step 2). */
static int
vault_sso_device_flow(const struct profile_config *cfg,
    const struct sso_client *oidc, struct sso_token *tokp)
{
	struct sso_registration reg;
	struct sso_device_auth auth;
	const char *url, *code;
	int64_t interval, deadline;
	char dur[40];
	int r;

	memset(&reg, 0, sizeof(reg));
	memset(&auth, 0, sizeof(auth));
	if ((r = sso_register_client(oidc, "aws-vault", "public", &reg)) != 0 ||
	    (r = sso_start_device_authorization(oidc, &reg,
	    cfg->sso_start_url, &auth)) != 0)
		goto out;
	url = auth.verification_uri_complete != NULL ?
	    auth.verification_uri_complete : auth.verification_uri;
	vault_sso_show_url(url, cfg->sso_use_stdout);
	interval = auth.interval > 0 ? auth.interval : VAULT_SSO_INTERVAL;
	deadline = auth.expires_in > 0 ? clock_now() + auth.expires_in : 0;
	for (;;) {
		if ((r = sso_create_token(oidc, &reg, auth.device_code,
		    tokp)) == 0)
			break;
		if (r != AV_ERR_AWS)
			goto out;
		code = sso_error_code();
		if (strcmp(code, "SlowDownException") == 0) {
			interval += VAULT_SSO_SLOW_DOWN;
			log_debug("SSO: slow down: polling every %llds",
			    (long long)interval);
		} else if (strcmp(code, "ExpiredTokenException") == 0) {
			av_error_prefix("SSO authorization for %s expired "
			    "before it was approved", cfg->sso_start_url);
			goto out;
		} else if (strcmp(code, "AccessDeniedException") == 0) {
			av_error_prefix("SSO authorization for %s was denied",
			    cfg->sso_start_url);
			goto out;
		} else if (strcmp(code, "AuthorizationPendingException") != 0) {
			goto out;
		}
		if (deadline != 0 && clock_now() + interval > deadline) {
			r = av_error_set(AV_ERR_AWS, "SSO authorization for %s "
			    "expired before it was approved",
			    cfg->sso_start_url);
			goto out;
		}
		vault_sso_sleep(interval);
	}
	duration_format(tokp->expires_in * DUR_SECOND, dur, sizeof(dur));
	log_debug("Created new OIDC access token for %s, expires in %s",
	    cfg->sso_start_url, dur);
	r = 0;
out:
	sso_device_auth_release(&auth);
	sso_registration_release(&reg);
	return r;
}

/* The cached token, else a new one stored in the cache (Go getOIDCToken).
 * *cachedp tells which. */
static int
vault_sso_token(struct keyring *kr, const struct profile_config *cfg,
    const struct sso_client *oidc, struct sso_token *tokp, bool *cachedp)
{
	int r;

	*cachedp = false;
	r = vault_sso_token_get(kr, cfg->sso_start_url, tokp, NULL);
	if (r == 0) {
		log_debug("Using the cached OIDC access token for %s",
		    cfg->sso_start_url);
		*cachedp = true;
		return 0;
	}
	if (r != AV_ERR_NOT_FOUND)
		return r;
	if ((r = vault_sso_device_flow(cfg, oidc, tokp)) != 0)
		return r;
	if ((r = vault_sso_token_set(kr, cfg->sso_start_url, tokp)) != 0) {
		sso_token_release(tokp);
		return r;
	}
	return 0;
}

/* lock_acquire_notify's notice: another process has the device flow. */
static void
vault_sso_lock_waiting(long holder)
{
	char msg[160];

	if (holder > 0)
		snprintf(msg, sizeof(msg), "waiting for another aws-vault "
		    "(pid %ld) to finish the SSO authorization", holder);
	else
		snprintf(msg, sizeof(msg), "waiting for another aws-vault to "
		    "finish the SSO authorization");
	prompt_tty_notice(msg);
}

/* A client for svc with cfg's SSO region and endpoints. */
static struct sso_client *
vault_sso_client(const struct vault *v, const struct profile_config *cfg,
    enum endpoint_service svc)
{
	struct endpoint_config ec;

	memset(&ec, 0, sizeof(ec));
	ec.region = cfg->sso_region;
	ec.profile_url = cfg->endpoint_url;
	/* The SDKs' services-section keys: the service id in snake case. */
	if (v->cf != NULL && !str_empty(cfg->services))
		ec.service_url = config_services_endpoint(v->cf, cfg->services,
		    svc == ENDPOINT_SSO ? "sso" : "sso_oidc");
	return sso_client_new(svc, &ec);
}

int
vault_sso_credentials(struct vault *v, const struct profile_config *cfg,
    struct aws_creds **credsp)
{
	struct sso_client *oidc = NULL, *portal = NULL;
	struct sso_token tok;
	struct keyring *kr;
	struct lock *l = NULL;
	char *name = NULL, *key = NULL, left[40];
	bool cached, retried = false;
	int r;

	*credsp = NULL;
	memset(&tok, 0, sizeof(tok));
	if ((r = vault_keyring(v, &kr)) != 0)
		return r;
	if (v->ns == NULL)
		v->ns = keyring_namespace(kr);
	/* One device flow at a time per store and start URL. */
	name = xasprintf("oidc:%s:%s", v->ns, cfg->sso_start_url);
	if (lock_acquire_notify(name, vault_sso_lock_waiting, &l) != 0) {
		/* No lock directory (a read-only HOME): no single-flight,
		 * as in Go; never a failure. */
		log_debug("no SSO lock: %s", av_error_msg());
		av_error_clear();
	}
	oidc = vault_sso_client(v, cfg, ENDPOINT_SSO_OIDC);
	portal = vault_sso_client(v, cfg, ENDPOINT_SSO);
	for (;;) {
		if ((r = vault_sso_token(kr, cfg, oidc, &tok, &cached)) != 0)
			goto out;
		r = sso_get_role_credentials(portal, tok.access_token,
		    cfg->sso_account_id != NULL ? cfg->sso_account_id : "",
		    cfg->sso_role_name != NULL ? cfg->sso_role_name : "",
		    credsp);
		sso_token_release(&tok);
		if (r == AV_ERR_AWS && cached && !retried &&
		    sso_error_status() == 401) {
			/* Expired or revoked early: drop it, start again. */
			log_debug("SSO: the cached OIDC token for %s was "
			    "refused (%s); removing it", cfg->sso_start_url,
			    av_error_msg());
			key = keys_oidc_key(cfg->sso_start_url);
			if ((r = keyring_remove(kr, key)) != 0)
				goto out;
			retried = true;
			continue;
		}
		if (r != 0)
			goto out;
		break;
	}
	duration_format(((*credsp)->expires - clock_now()) * DUR_SECOND, left,
	    sizeof(left));
	log_debug("Got credentials %s for SSO role %s (account: %s), expires "
	    "in %s", (*credsp)->access_key_id, cfg->sso_role_name,
	    cfg->sso_account_id, left);
	r = 0;
out:
	sso_token_release(&tok);
	sso_client_free(oidc);
	sso_client_free(portal);
	lock_release(l);
	free(name);
	free(key);
	return r;
}

/*
 * The AWS CLI's SSO cache (exec --profile-env).
 */

char *
vault_sso_cli_cache_path(const struct profile_config *cfg)
{
	const char *k = !str_empty(cfg->sso_session) ? cfg->sso_session :
	    cfg->sso_start_url != NULL ? cfg->sso_start_url : "";
	char hex[41], *dir, *name, *path;

	crypto_sha1_hex(k, strlen(k), hex);
	dir = fs_join(fs_home(), ".aws/sso/cache");
	name = xasprintf("%s.json", hex);
	path = fs_join(dir, name);
	free(name);
	free(dir);
	return path;
}

int
vault_sso_cli_cache_format(const struct sso_token *tok, int64_t expires,
    struct secbuf **jsonp)
{
	struct secbuf *out;
	struct buf *b;
	char at[40];
	int r;

	*jsonp = NULL;
	time_format_rfc3339(expires, at, sizeof(at));
	out = secbuf_new(VAULT_SSO_ITEM_MAX);
	b = secbuf_buf(out);
	if ((r = buf_puts(b, "{\"accessToken\":")) != 0 ||
	    (r = json_go_string(b, secbuf_ptr(tok->access_token),
	    secbuf_len(tok->access_token))) != 0 ||
	    (r = buf_printf(b, ",\"expiresAt\":\"%s\"", at)) != 0)
		goto out;
	if (tok->refresh_token != NULL && secbuf_len(tok->refresh_token) > 0 &&
	    ((r = buf_puts(b, ",\"refreshToken\":")) != 0 ||
	    (r = json_go_string(b, secbuf_ptr(tok->refresh_token),
	    secbuf_len(tok->refresh_token))) != 0))
		goto out;
	if ((r = buf_putc(b, '}')) != 0)
		goto out;
	*jsonp = out;
	out = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(out);
	return r;
}

int
vault_sso_sync_cli_cache(struct vault *v, const struct profile_config *cfg)
{
	struct secbuf *json = NULL;
	struct sso_token tok;
	struct keyring *kr;
	char *path = NULL, *dir = NULL, *slash;
	int64_t expires;
	int r;

	memset(&tok, 0, sizeof(tok));
	if (str_empty(cfg->sso_start_url))
		return av_error_set(AV_ERR_INVALID, "profile %s has no "
		    "sso_start_url", cfg->name);
	if ((r = vault_keyring(v, &kr)) != 0)
		return r;
	if ((r = vault_sso_token_get(kr, cfg->sso_start_url, &tok,
	    &expires)) != 0) {
		if (r == AV_ERR_NOT_FOUND)
			r = av_error_set(r, "no cached SSO token for %s",
			    cfg->sso_start_url);
		goto out;
	}
	if ((r = vault_sso_cli_cache_format(&tok, expires, &json)) != 0)
		goto out;
	path = vault_sso_cli_cache_path(cfg);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if ((r = fs_mkdir_p(dir, 0700)) != 0 ||
	    (r = fs_write_atomic(path, secbuf_ptr(json), secbuf_len(json),
	    0600)) != 0)
		goto out;
	log_debug("SSO: wrote the AWS CLI token cache %s", path);
	r = 0;
out:
	sso_token_release(&tok);
	secbuf_free(json);
	free(path);
	free(dir);
	return r;
}
