/* SPDX-License-Identifier: MIT */
/*
 * add.c: `aws-vault add <profile>` (spec 3.1): store a long-term key,
 * drop the profile's cached sessions, and append a config section when
 * the profile has none (as text, atomically: config/edit.c).
 */
#include "util/common.h"

#include "aws/creds.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/output.h"
#include "cmd/util.h"
#include "config/edit.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "prompt/tty.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"
#include "vault/master.h"
#include "vault/sessions.h"

static char *cmd_add_profile;
static bool cmd_add_env;
static bool cmd_add_add_config;

static const struct cmd_option cmd_add_options[] = {
	{ "env", 0, CMD_OPT_BOOL, &cmd_add_env,
	    "Read the credentials from the environment (AWS_ACCESS_KEY_ID "
	    "and AWS_SECRET_ACCESS_KEY)" },
	{ "add-config", 0, CMD_OPT_BOOL, &cmd_add_add_config,
	    "Add a profile to ~/.aws/config if one doesn't exist",
	    .def = "true" },
	{ NULL },
};

static const struct cmd_arg cmd_add_args[] = {
	{ "profile", "Name of the profile", .required = true,
	    .target = &cmd_add_profile },
	{ NULL },
};

/* Read the key pair (and the MFA ARN) from the environment or the tty. */
static int
cmd_add_read(struct aws_creds **credsp, char **mfap)
{
	struct secbuf *id = NULL, *secret = NULL, *mfa = NULL;
	const char *e;
	int r;

	*credsp = NULL;
	*mfap = NULL;
	if (cmd_add_env) {
		if ((e = getenv("AWS_ACCESS_KEY_ID")) == NULL || *e == '\0')
			return av_error_set(AV_ERR_INVALID,
			    "Missing value for AWS_ACCESS_KEY_ID");
		if ((e = getenv("AWS_SECRET_ACCESS_KEY")) == NULL ||
		    *e == '\0')
			return av_error_set(AV_ERR_INVALID,
			    "Missing value for AWS_SECRET_ACCESS_KEY");
		*credsp = aws_creds_from(getenv("AWS_ACCESS_KEY_ID"), e, NULL);
		return 0;
	}
	if ((r = prompt_tty_read("Enter Access Key ID: ",
	    PROMPT_TTY_ECHO | PROMPT_TTY_TRIM, &id)) != 0 ||
	    (r = prompt_tty_read("Enter Secret Access Key: ",
	    PROMPT_TTY_MASK | PROMPT_TTY_TRIM, &secret)) != 0 ||
	    (r = prompt_tty_read("Enter MFA Device ARN (If MFA is not "
	    "enabled, leave this blank): ", PROMPT_TTY_ECHO |
	    PROMPT_TTY_TRIM, &mfa)) != 0)
		goto out;
	*credsp = aws_creds_from(secbuf_ptr(id), secbuf_ptr(secret), NULL);
	if (secbuf_len(mfa) > 0)
		*mfap = xstrdup(secbuf_ptr(mfa));
	r = 0;
out:
	secbuf_free(id);
	secbuf_free(secret);
	secbuf_free(mfa);
	return r;
}

static int
cmd_add_exec(struct cmd_ctx *ctx)
{
	const char *name = cmd_add_profile, *src;
	struct aws_creds *creds = NULL;
	struct keyring *kr;
	struct config *cf;
	struct buf out;
	char *mfa = NULL;
	int r, n;

	buf_init(&out, 64 * 1024);
	if ((r = cmd_keyring(ctx, &kr)) != 0 || (r = cmd_config(ctx, &cf)))
		goto out;
	if ((src = config_profile_get(cf, name, "source_profile")) != NULL &&
	    *src != '\0') {
		r = av_error_set(AV_ERR_INVALID, "Your profile has a "
		    "source_profile of %s, adding credentials to %s won't have "
		    "any effect", src, name);
		goto out;
	}
	if ((r = cmd_add_read(&creds, &mfa)) != 0 ||
	    (r = master_set(kr, name, creds)) != 0)
		goto out;
	buf_puts(&out, "Added credentials to profile ");
	output_go_quote(&out, name);
	printf("%s in vault\n", buf_cstr(&out));
	cmd_creds_forget_fast(ctx);
	if (sessions_remove_for_profile(kr, name, &n) == 0 && n > 0)
		printf("Deleted %d existing sessions.\n", n);
	av_error_clear();
	if (cmd_add_add_config && !config_has_profile_section(cf, name) &&
	    (r = config_append_profile(cf->path, name, mfa)) != 0) {
		av_error_prefix("Error adding profile");
		goto out;
	}
	r = 0;
out:
	buf_release(&out);
	aws_creds_free(creds);
	free(mfa);
	return r;
}

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.help = "Add credentials to the secure keystore.",
	.options = cmd_add_options,
	.args = cmd_add_args,
	.exec = cmd_add_exec,
};
