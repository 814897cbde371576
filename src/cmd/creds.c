/* SPDX-License-Identifier: MIT */
/*
 * creds.c: the credential-resolving preamble shared by several commands,
 * and the warm path: a profile whose session is mirrored in the kernel
 * keyring (vault/fastcache.h) is answered before the keystore is opened.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/globals.h"
#include "cmd/util.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "prompt/prompt.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/fastcache.h"
#include "vault/sessions.h"
#include "vault/vault.h"

/* vault's open_keyring callback. */
static int
cmd_creds_open_keyring(void *arg, struct keyring **krp)
{
	return cmd_keyring(arg, krp);
}

int
cmd_creds_prepare(struct cmd_ctx *ctx, struct cmd_creds *cc)
{
	const struct prompt_ops *ops = NULL;
	struct config *cf;
	int r;

	/* An explicit driver is checked now; the automatic choice is made
	 * only when an MFA code is needed. */
	if (!str_empty(ctx->g->prompt) &&
	    (r = prompt_select(ctx->g->prompt, cc->server_mode, &ops)) != 0) {
		if (r == AV_ERR_UNSUPPORTED)
			ctx->fatalf_error = true;
		else
			ctx->usage_error = true;
		return r;
	}
	if ((r = cmd_config(ctx, &cf)) != 0)
		return r;
	vault_init(&cc->v, cf, cmd_creds_open_keyring, ctx);
	cc->v.prompt = ops;
	cc->v.prompt_name = ctx->g->prompt;
	cc->v.server_mode = cc->server_mode;
	cc->v.disable_sessions = cc->no_session;
	return 0;
}

int
cmd_creds_resolve(struct cmd_ctx *ctx, struct cmd_creds *cc)
{
	struct profile_base base;
	struct secbuf *token = NULL;
	int r;

	if ((r = cmd_pick_profile(ctx, cc->v.cf, cc->profile)) != 0)
		return r;
	memset(&base, 0, sizeof(base));
	base.region = cc->region;
	base.mfa_prompt = ctx->g->prompt;
	base.duration = cc->duration;
	base.login = cc->login;
	base.sso_use_stdout = cc->sso_stdout;
	if (cc->mfa_token != NULL) {
		token = secbuf_from_str(cc->mfa_token);
		freezero_str(cc->mfa_token);
		cc->mfa_token = NULL;
		base.mfa_token = token;
	}
	r = profile_resolve(cc->v.cf, *cc->profile, &base, &cc->pc);
	secbuf_free(token);
	if (r != 0) {
		av_error_prefix("Error loading config");
		return r;
	}
	return 0;
}

int
cmd_creds_guard(struct cmd_ctx *ctx, struct cmd_creds *cc)
{
	bool stored;
	int r;

	if (config_has_profile_section(cc->v.cf, *cc->profile))
		return 0;
	if ((r = vault_has_stored(&cc->v, *cc->profile, &stored)) != 0)
		return r;
	if (stored)
		return 0;
	return cmd_fail_usage(ctx, "profile '%s' not found in ~/.aws/config "
	    "and no stored credentials exist for it", *cc->profile);
}

int
cmd_creds_provider(struct cmd_ctx *ctx, struct cmd_creds *cc)
{
	int r;

	if ((r = cmd_creds_guard(ctx, cc)) != 0)
		return r;
	if ((r = vault_provider(&cc->v, cc->pc, &cc->provider)) != 0) {
		av_error_prefix("Error getting temporary credentials");
		return r;
	}
	return 0;
}

/* The kernel-keyring description of this request (see fastcache.h). */
static char *
cmd_creds_fast_desc(struct cmd_ctx *ctx, struct cmd_creds *cc)
{
	struct keyring_config kc;
	struct buf fp;
	char *ns, *desc;

	cmd_keyring_config_fill(ctx, &kc);
	ns = keyring_config_namespace(&kc, kc.backend);
	buf_init(&fp, 1024 * 1024);
	profile_fingerprint(cc->pc, &fp);
	buf_puts(&fp, cc->no_session ? "no_session=1\n" : "no_session=0\n");
	desc = fastcache_desc(ns, buf_cstr(&fp));
	buf_release(&fp);
	free(ns);
	return desc;
}

/*
 * May a session read from kr be mirrored in the kernel keyring, and for
 * how long at most (*lifep, seconds)?  The mirror must not make a session
 * readable without what the store itself asks for: so only the keyctl
 * store (already the kernel keyring) and the file store when its
 * passphrase needs no one (AWS_VAULT_FILE_PASSPHRASE, which every process
 * of the user can read in the caller's environment) or is cached in the
 * kernel keyring anyway (--file-passphrase-ttl, which then also bounds the
 * mirror's life).  Never pass, passage or secret-service: their agents may
 * lock again, and a mirror must not outlive that.
 */
static bool
cmd_creds_may_mirror(struct cmd_ctx *ctx, const char *b, int64_t *lifep)
{
	*lifep = FASTCACHE_MAX_LIFE;
	if (strcmp(b, "keyctl") == 0)
		return true;
	if (strcmp(b, "file") != 0)
		return false;
	if (getenv("AWS_VAULT_FILE_PASSPHRASE") != NULL)
		return true;
	if (ctx->g->file_passphrase_ttl > 0) {
		*lifep = ctx->g->file_passphrase_ttl / DUR_SECOND;
		return *lifep > 0;
	}
	return false;
}

/* A hit in the kernel keyring whose keystore item still exists, for a
 * caller the store would not have asked for a secret either. */
static int
cmd_creds_fast_get(struct cmd_ctx *ctx, const char *desc,
    struct aws_creds **credsp)
{
	struct keyring_config kc;
	char *item = NULL, *nl;
	int64_t life;
	int r;

	if ((r = fastcache_get(desc, sessions_min_ttl(), &item, credsp)))
		return r;
	/* item is "<backend>\n<key>", as cmd_creds_get stored it. */
	if ((nl = strchr(item, '\n')) == NULL) {
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	*nl = '\0';
	if (!cmd_creds_may_mirror(ctx, item, &life)) {
		/* This caller would have been asked for the store's secret:
		 * so must it be now. */
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	cmd_keyring_config_fill(ctx, &kc);
	if (keyring_item_gone(&kc, item, nl + 1)) {
		log_debug("kernel keyring session: %s item is gone", item);
		fastcache_forget(desc);
		r = AV_ERR_NOT_FOUND;
	}
out:
	if (r != 0) {
		aws_creds_free(*credsp);
		*credsp = NULL;
	}
	free(item);
	return r;
}

int
cmd_creds_get(struct cmd_ctx *ctx, struct cmd_creds *cc,
    struct aws_creds **credsp)
{
	struct keyring *kr;
	char *desc, *item;
	int64_t life;
	int r;

	*credsp = NULL;
	desc = cmd_creds_fast_desc(ctx, cc);
	if (cmd_creds_fast_get(ctx, desc, credsp) == 0) {
		log_debug("profile %s: session from the kernel keyring",
		    *cc->profile);
		free(desc);
		return 0;
	}
	if ((r = cmd_creds_provider(ctx, cc)) != 0)
		goto out;
	if ((r = provider_retrieve(cc->provider, credsp)) != 0) {
		/* Go's servers report the provider's error as it is. */
		if (!cc->server_mode)
			av_error_prefix("Failed to get credentials for %s",
			    *cc->profile);
		goto out;
	}
	/* Mirror only what the keystore's session cache holds, and only
	 * from a store that would have handed it over without asking. */
	if (cc->provider->cache_type != NULL &&
	    cc->provider->cache_key != NULL && (kr = cc->v.kr) != NULL &&
	    cmd_creds_may_mirror(ctx, keyring_name(kr), &life)) {
		item = xasprintf("%s\n%s", keyring_name(kr),
		    cc->provider->cache_key);
		fastcache_put(desc, item, *credsp, life);
		free(item);
	}
	r = 0;
out:
	free(desc);
	return r;
}

void
cmd_creds_release(struct cmd_creds *cc)
{
	provider_free(cc->provider);
	cc->provider = NULL;
	profile_config_free(cc->pc);
	cc->pc = NULL;
	vault_release(&cc->v);
	freezero_str(cc->mfa_token);
	cc->mfa_token = NULL;
}

void
cmd_creds_forget_fast(struct cmd_ctx *ctx)
{
	struct keyring_config kc;
	char *ns, *opened = NULL;

	cmd_keyring_config_fill(ctx, &kc);
	ns = keyring_config_namespace(&kc, kc.backend);
	fastcache_forget_ns(ns);
	/* The store actually opened, when it was chosen for us. */
	if (ctx->keyring != NULL &&
	    !streq(opened = keyring_namespace(ctx->keyring), ns))
		fastcache_forget_ns(opened);
	free(opened);
	free(ns);
}
