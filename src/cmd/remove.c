/* SPDX-License-Identifier: MIT */
/*
 * remove.c: `aws-vault remove <profile>` (alias rm, spec 3.2): delete a
 * stored key after a confirmation; the hidden legacy -s deletes only the
 * profile's sessions.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/output.h"
#include "keyring/keyring.h"
#include "prompt/tty.h"
#include "util/buf.h"
#include "util/error.h"
#include "vault/sessions.h"

static char *cmd_remove_profile;
static bool cmd_remove_force;
static bool cmd_remove_sessions_only;

static const struct cmd_option cmd_remove_options[] = {
	{ "force", 'f', CMD_OPT_BOOL, &cmd_remove_force,
	    "Force-remove the profile without a prompt" },
	{ "sessions-only", 's', CMD_OPT_BOOL, &cmd_remove_sessions_only,
	    "Only remove sessions, leave credentials intact",
	    .flags = CMD_OPT_HIDDEN },
	{ NULL },
};

static const struct cmd_arg cmd_remove_args[] = {
	{ "profile", "Name of the profile", .required = true,
	    .profile_hint = true, .target = &cmd_remove_profile },
	{ NULL },
};

static int
cmd_remove_exec(struct cmd_ctx *ctx)
{
	struct keyring *kr;
	struct buf q;
	bool yes;
	int r, n;

	if ((r = cmd_keyring(ctx, &kr)) != 0)
		return r;
	cmd_creds_forget_fast(ctx);
	if (cmd_remove_sessions_only) {
		if ((r = sessions_remove_for_profile(kr, cmd_remove_profile,
		    &n)) != 0)
			return r;
		printf("Deleted %d sessions.\n", n);
		return 0;
	}
	if (!cmd_remove_force) {
		buf_init(&q, 4096);
		buf_puts(&q, "Delete credentials for profile ");
		output_go_quote(&q, cmd_remove_profile);
		buf_puts(&q, "? (y|N) ");
		r = prompt_tty_confirm(buf_cstr(&q), &yes);
		buf_release(&q);
		if (r != 0)
			return r;
		if (!yes)
			return 0;
	}
	if ((r = keyring_remove(kr, cmd_remove_profile)) != 0)
		return r;
	printf("Deleted credentials.\n");
	return 0;
}

const struct cmd_entry cmd_remove_entry = {
	.name = "remove",
	.alias = "rm",
	.help = "Remove credentials from the secure keystore.",
	.options = cmd_remove_options,
	.args = cmd_remove_args,
	.exec = cmd_remove_exec,
};
