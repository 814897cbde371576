/* SPDX-License-Identifier: MIT */
/*
 * clear.c: `aws-vault clear [<profile>]` (spec 3.7): delete cached
 * sessions (and SSO tokens), all of them or one profile's.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/error.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/sessions.h"

static char *cmd_clear_profile;

static const struct cmd_arg cmd_clear_args[] = {
	{ "profile", "Name of the profile", .profile_hint = true,
	    .target = &cmd_clear_profile },
	{ NULL },
};

/* Remove every "oidc:" key (all profiles) or the one of url. */
static int
cmd_clear_tokens(struct keyring *kr, const char *url, int *np)
{
	struct strv keys;
	size_t i;
	int r;

	strv_init(&keys);
	if ((r = keyring_keys(kr, &keys)) != 0)
		goto out;
	for (i = 0; i < keys.n; i++) {
		const char *u = keys_oidc_url(keys.v[i]);

		if (u == NULL || keys_is_session(keys.v[i]) ||
		    (url != NULL && strcmp(u, url) != 0))
			continue;
		if ((r = keyring_remove(kr, keys.v[i])) != 0)
			goto out;
		(*np)++;
	}
	r = 0;
out:
	strv_release(&keys);
	return r;
}

static int
cmd_clear_exec(struct cmd_ctx *ctx)
{
	const char *url;
	struct keyring *kr;
	struct config *cf;
	int r, n = 0, m = 0;

	if ((r = cmd_keyring(ctx, &kr)) != 0)
		return r;
	if (str_empty(cmd_clear_profile)) {
		if ((r = sessions_remove_all(kr, &n)) != 0 ||
		    (r = cmd_clear_tokens(kr, NULL, &m)) != 0)
			return r;
	} else {
		if ((r = sessions_remove_for_profile(kr, cmd_clear_profile,
		    &n)) != 0)
			return r;
		if ((r = cmd_config(ctx, &cf)) != 0)
			return r;
		url = config_profile_sso_start_url(cf, cmd_clear_profile);
		if (url != NULL && (r = cmd_clear_tokens(kr, url, &m)) != 0)
			return r;
	}
	cmd_creds_forget_fast(ctx);
	printf("Cleared %d sessions.\n", n + m);
	return 0;
}

const struct cmd_entry cmd_clear_entry = {
	.name = "clear",
	.help = "Clear temporary credentials from the secure keystore.",
	.args = cmd_clear_args,
	.exec = cmd_clear_exec,
};
