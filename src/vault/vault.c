/* SPDX-License-Identifier: MIT */
/*
 * vault.c: provider selection (spec 6.2, 6.3: ByteNess v7.13.5 rules) and
 * running a chain with the session cache and single-flight.
 *
 * Single-flight: before a cached provider calls AWS it takes a lock named
 * after the store and the session's cache prefix, then looks in the cache
 * again: when N processes miss at once, the first fetches (and prompts for
 * MFA) while the others wait and then find its session.  The lock is
 * flock(2), so a holder that dies releases it.  Locks are taken from the
 * outermost cached provider inwards, the same order in every process, so
 * they cannot deadlock.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "prompt/prompt.h"
#include "prompt/tty.h"
#include "util/error.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/fetch.h"
#include "vault/master.h"
#include "vault/sessions.h"
#include "vault/vault.h"

void
vault_init(struct vault *v, const struct config *cf,
    int (*open_keyring)(void *arg, struct keyring **krp), void *open_arg)
{
	memset(v, 0, sizeof(*v));
	v->cf = cf;
	v->open_keyring = open_keyring;
	v->open_arg = open_arg;
	strv_init(&v->keys);
}

int
vault_keyring(struct vault *v, struct keyring **krp)
{
	int r;

	if (v->kr == NULL && (r = v->open_keyring(v->open_arg, &v->kr)) != 0)
		return r;
	*krp = v->kr;
	return 0;
}

int
vault_prompt(struct vault *v, const struct prompt_ops **opsp)
{
	int r;

	if (v->prompt == NULL &&
	    (r = prompt_select(v->prompt_name, v->server_mode, &v->prompt)))
		return r;
	*opsp = v->prompt;
	return 0;
}

void
vault_release(struct vault *v)
{
	free(v->chained_mfa);
	free(v->ns);
	strv_release(&v->keys);
	memset(v, 0, sizeof(*v));
}

int
vault_has_stored(struct vault *v, const char *name, bool *storedp)
{
	struct keyring *kr;
	int r;

	*storedp = false;
	if (!v->keys_loaded) {
		if ((r = vault_keyring(v, &kr)) != 0)
			return r;
		if (keyring_keys(kr, &v->keys) != 0)
			log_debug("listing keys: %s", av_error_msg());
		v->keys_loaded = true;
	}
	*storedp = strv_contains(&v->keys, name);
	return 0;
}

static struct provider *
provider_new(struct vault *v, enum provider_kind kind,
    const struct profile_config *cfg, struct provider *source)
{
	struct provider *p = xcalloc(1, sizeof(*p));

	p->kind = kind;
	p->v = v;
	p->cfg = cfg;
	p->source = source;
	return p;
}

void
provider_free(struct provider *p)
{
	if (p == NULL)
		return;
	provider_free(p->source);
	free(p->mfa_serial);
	free(p->cache_key);
	free(p);
}

/* True when p (ignoring the cache) is GetSessionToken or AssumeRole. */
static bool
provider_is_sts_session(const struct provider *p)
{
	return p->kind == PROVIDER_SESSION_TOKEN ||
	    p->kind == PROVIDER_ASSUME_ROLE;
}

static int vault_source_with_session(struct vault *v,
    const struct profile_config *cfg, bool has_stored, struct provider **pp);

int
vault_provider(struct vault *v, const struct profile_config *cfg,
    struct provider **pp)
{
	bool stored;
	int r;

	*pp = NULL;
	if ((r = vault_has_stored(v, cfg->name, &stored)) != 0)
		return r;
	if (stored || cfg->source != NULL)
		return vault_source_with_session(v, cfg, stored, pp);
	if (!str_empty(cfg->sso_start_url)) {
		*pp = provider_new(v, PROVIDER_SSO, cfg, NULL);
		(*pp)->cache_type = KEYS_TYPE_SSO;
		return 0;
	}
	if (!str_empty(cfg->web_identity_token_file) ||
	    !str_empty(cfg->web_identity_token_process)) {
		*pp = provider_new(v, PROVIDER_WEB_IDENTITY, cfg, NULL);
		(*pp)->cache_type = KEYS_TYPE_WEB_IDENTITY;
		(*pp)->duration = cfg->assume_role_duration;
		return 0;
	}
	if (!str_empty(cfg->credential_process)) {
		*pp = provider_new(v, PROVIDER_CREDENTIAL_PROCESS, cfg, NULL);
		(*pp)->cache_type = KEYS_TYPE_CREDENTIAL_PROCESS;
		return 0;
	}
	return av_error_set(AV_ERR_NOT_FOUND,
	    "profile %s: credentials missing", cfg->name);
}

/* Go getSourceCreds. */
static int
vault_source(struct vault *v, const struct profile_config *cfg,
    bool has_stored, struct provider **pp)
{
	if (has_stored) {
		*pp = provider_new(v, PROVIDER_MASTER, cfg, NULL);
		return 0;
	}
	if (cfg->source != NULL)
		return vault_provider(v, cfg->source, pp);
	return av_error_set(AV_ERR_NOT_FOUND,
	    "profile %s: credentials missing", cfg->name);
}

/* Go assumeRoleKeepsFullDuration: exactly one role in the chain, asking
 * for more than the 1h chaining cap. */
static bool
vault_role_keeps_full_duration(const struct profile_config *cfg)
{
	const struct profile_config *c, *role = NULL;
	int roles = 0;

	for (c = cfg; c != NULL; c = c->chained_from) {
		if (profile_has_role(c)) {
			roles++;
			role = c;
		}
	}
	return roles == 1 && role->assume_role_duration > DUR_HOUR;
}

/* Go canUseGetSessionToken: NULL when it can, else the reason. */
static const char *
vault_cannot_use_gst(struct vault *v, const struct profile_config *c,
    char **whyp)
{
	const struct profile_config *from = c->chained_from;

	*whyp = NULL;
	if (v->disable_sessions)
		return "sessions are disabled";
	if (v->disable_sessions_for != NULL &&
	    strcmp(v->disable_sessions_for, c->name) == 0)
		return "sessions are disabled for this profile";
	if (from == NULL)
		return NULL;
	if (str_empty(from->mfa_serial))
		*whyp = xasprintf("profile '%s' has no MFA serial defined",
		    from->name);
	else if (str_empty(c->mfa_serial))
		*whyp = xasprintf("profile '%s' has no MFA serial defined",
		    c->name);
	else if (strcmp(from->mfa_serial, c->mfa_serial) != 0)
		*whyp = xasprintf("MFA serial doesn't match profile '%s'",
		    from->name);
	return *whyp;
}

/* Go getSourceCredWithSession (BN). */
static int
vault_source_with_session(struct vault *v, const struct profile_config *cfg,
    bool has_stored, struct provider **pp)
{
	struct provider *src = NULL, *p;
	const char *why;
	char *whybuf = NULL;
	bool is_source_for_role, should_prime, assume;
	int64_t dur;
	int r;

	if ((r = vault_source(v, cfg, has_stored, &src)) != 0)
		return r;
	is_source_for_role = cfg->chained_from != NULL &&
	    profile_has_role(cfg->chained_from);
	should_prime = (!profile_has_role(cfg) || is_source_for_role) &&
	    !vault_role_keeps_full_duration(cfg);
	if (!should_prime || src->kind != PROVIDER_MASTER) {
		assume = true;
	} else if ((why = vault_cannot_use_gst(v, cfg, &whybuf)) != NULL) {
		log_debug("profile %s: skipping GetSessionToken because %s",
		    cfg->name, why);
		assume = profile_has_role(cfg);
	} else {
		free(v->chained_mfa);
		v->chained_mfa = cfg->mfa_serial ? xstrdup(cfg->mfa_serial) :
		    NULL;
		p = provider_new(v, PROVIDER_SESSION_TOKEN, cfg, src);
		p->duration = profile_is_chained(cfg) ?
		    cfg->chained_gst_duration : cfg->non_chained_gst_duration;
		if (!str_empty(cfg->mfa_serial))
			p->mfa_serial = xstrdup(cfg->mfa_serial);
		if (!v->disable_cache)
			p->cache_type = KEYS_TYPE_GET_SESSION_TOKEN;
		src = p;
		assume = profile_has_role(cfg);
	}
	free(whybuf);
	if (!assume || !profile_has_role(cfg)) {
		*pp = src;
		return 0;
	}
	dur = cfg->assume_role_duration;
	if (provider_is_sts_session(src) && dur > DUR_HOUR) {
		log_debug("profile %s: capping AssumeRole duration to 1h for "
		    "role chaining", cfg->name);
		dur = DUR_HOUR;
	}
	p = provider_new(v, PROVIDER_ASSUME_ROLE, cfg, src);
	p->duration = dur;
	if (!str_empty(cfg->mfa_serial)) {
		if (v->chained_mfa != NULL &&
		    strcmp(cfg->mfa_serial, v->chained_mfa) == 0)
			log_debug("profile %s: using the session's MFA "
			    "(chained MFA)", cfg->name);
		else
			p->mfa_serial = xstrdup(cfg->mfa_serial);
	}
	if (p->mfa_serial != NULL && !v->disable_cache)
		p->cache_type = KEYS_TYPE_ASSUME_ROLE;
	*pp = p;
	return 0;
}

/* The cache's third key field: the MFA serial, or the SSO start URL. */
static const char *
provider_cache_mfa(const struct provider *p)
{
	if (p->kind == PROVIDER_SSO)
		return p->cfg->sso_start_url;
	if (p->kind == PROVIDER_SESSION_TOKEN ||
	    p->kind == PROVIDER_ASSUME_ROLE)
		return p->mfa_serial;
	return NULL;
}

/* Tell the user why nothing happens while another process fetches. */
static void
vault_lock_waiting(long holder)
{
	char msg[160];

	if (holder > 0)
		snprintf(msg, sizeof(msg), "waiting for another aws-vault "
		    "(pid %ld) to get this session; it may be asking for an "
		    "MFA code", holder);
	else
		snprintf(msg, sizeof(msg), "waiting for another aws-vault to "
		    "get this session; it may be asking for an MFA code");
	prompt_tty_notice(msg);
}

/* Call AWS (or the process) for p: the source first, then p itself. */
static int
provider_fetch(struct provider *p, struct aws_creds **credsp)
{
	struct aws_creds *src = NULL;
	struct keyring *kr;
	int r;

	switch (p->kind) {
	case PROVIDER_MASTER:
		if ((r = vault_keyring(p->v, &kr)) != 0)
			return r;
		return master_get(kr, p->cfg->name, credsp);
	case PROVIDER_SESSION_TOKEN:
	case PROVIDER_ASSUME_ROLE:
		if ((r = provider_retrieve(p->source, &src)) != 0)
			return r;
		r = p->kind == PROVIDER_SESSION_TOKEN ?
		    fetch_session_token(p, src, credsp) :
		    fetch_assume_role(p, src, credsp);
		aws_creds_free(src);
		return r;
	case PROVIDER_WEB_IDENTITY:
		return fetch_web_identity(p, credsp);
	case PROVIDER_CREDENTIAL_PROCESS:
		return fetch_credential_process(p, credsp);
	case PROVIDER_SSO:
		return fetch_sso(p, credsp);
	}
	return AV_ERR_INTERNAL;
}

int
provider_retrieve(struct provider *p, struct aws_creds **credsp)
{
	const char *mfa = provider_cache_mfa(p);
	int64_t min_ttl = sessions_min_ttl();
	struct lock *l = NULL;
	struct keyring *kr;
	char *prefix = NULL, *name = NULL;
	int r;

	*credsp = NULL;
	if (p->cache_type == NULL)
		return provider_fetch(p, credsp);
	if ((r = vault_keyring(p->v, &kr)) != 0)
		return r;
	free(p->cache_key);
	p->cache_key = NULL;
	r = sessions_get(kr, p->cache_type, p->cfg->name, mfa, min_ttl,
	    credsp, &p->cache_key);
	if (r != AV_ERR_NOT_FOUND)
		return r;
	if (p->v->ns == NULL)
		p->v->ns = keyring_namespace(kr);
	prefix = keys_session_prefix(p->cache_type, p->cfg->name, mfa);
	name = xasprintf("session:%s:%s", p->v->ns, prefix);
	/* Without a lock directory (a read-only HOME) there is no
	 * single-flight, as in the Go tool; never a failure. */
	if (lock_acquire_notify(name, vault_lock_waiting, &l) != 0) {
		log_debug("no single-flight lock: %s", av_error_msg());
		av_error_clear();
	}
	/* Another process may have fetched while we waited. */
	r = sessions_get(kr, p->cache_type, p->cfg->name, mfa, min_ttl,
	    credsp, &p->cache_key);
	if (r != AV_ERR_NOT_FOUND)
		goto out;
	if ((r = provider_fetch(p, credsp)) != 0)
		goto out;
	if (sessions_set(kr, p->cache_type, p->cfg->name, mfa, *credsp,
	    &p->cache_key) != 0)
		log_debug("caching the session failed: %s", av_error_msg());
	av_error_clear();
	r = 0;
out:
	lock_release(l);
	free(prefix);
	free(name);
	return r;
}
