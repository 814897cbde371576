/* SPDX-License-Identifier: MIT */
/*
 * export.c: `aws-vault export [<profile>]` (spec 3.6): print credentials
 * as env lines, export lines, credential_process JSON or an INI section.
 * This is the hot path of credential_process.
 */
#include "util/common.h"

#include <unistd.h>

#include "aws/creds.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/export.h"
#include "cmd/output.h"
#include "config/profile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"

static char *cmd_export_profile;
static struct cmd_export_flags cmd_export_f;

static void
cmd_export_formats(struct strv *values)
{
	strv_push(values, "env");
	strv_push(values, "export-env");
	strv_push(values, "json");
	strv_push(values, "ini");
}

static const struct cmd_option cmd_export_options[] = {
	{ "duration", 'd', CMD_OPT_DURATION, &cmd_export_f.duration,
	    "Duration of the temporary or assume-role session. Defaults to 1h",
	    "AWS_VAULT_DURATION" },
	{ "no-session", 'n', CMD_OPT_BOOL, &cmd_export_f.no_session,
	    "Skip creating STS session with GetSessionToken" },
	{ "region", 0, CMD_OPT_STRING, &cmd_export_f.region,
	    "The AWS region" },
	{ "mfa-token", 't', CMD_OPT_STRING, &cmd_export_f.mfa_token,
	    "The MFA token to use" },
	{ "format", 0, CMD_OPT_ENUM, &cmd_export_f.format,
	    "Format to output credentials. Valid formats: env, export-env, "
	    "json, ini", .def = "env", .enum_values = cmd_export_formats },
	{ "stdout", 0, CMD_OPT_BOOL, &cmd_export_f.sso_stdout,
	    "Print the SSO link to the terminal without automatically "
	    "opening the browser", "AWS_VAULT_STDOUT" },
	{ NULL },
};

static const struct cmd_arg cmd_export_args[] = {
	{ "profile", "Name of the profile", .profile_hint = true,
	    .target = &cmd_export_profile },
	{ NULL },
};

int
cmd_export_run(struct cmd_ctx *ctx, char **profile,
    struct cmd_export_flags *f)
{
	struct aws_creds *creds = NULL;
	struct secbuf *out = NULL;
	enum export_format fmt;
	struct cmd_creds cc;
	const char *av;
	int r;

	memset(&cc, 0, sizeof(cc));
	cc.profile = profile;
	cc.duration = f->duration;
	cc.no_session = f->no_session;
	cc.region = f->region;
	cc.mfa_token = f->mfa_token;
	f->mfa_token = NULL;	/* transferred */
	cc.sso_stdout = f->sso_stdout;
	if ((r = cmd_creds_prepare(ctx, &cc)) != 0)
		goto out;
	if ((av = getenv("AWS_VAULT")) != NULL && *av != '\0') {
		r = av_error_set(AV_ERR_INVALID, "in an existing aws-vault "
		    "subshell; 'exit' from the subshell or unset AWS_VAULT to "
		    "force");
		goto out;
	}
	if ((r = cmd_creds_resolve(ctx, &cc)) != 0 ||
	    (r = cmd_creds_get(ctx, &cc, &creds)) != 0)
		goto out;
	if (export_format_parse(f->format ? f->format : "env", &fmt) != 0) {
		r = av_error_set(AV_ERR_INVALID, "invalid format '%s'",
		    f->format);
		goto out;
	}
	out = secbuf_new(BUF_HTTP_MAX);
	if ((r = export_format_creds(secbuf_buf(out), fmt, creds, *profile,
	    cc.pc->region)) != 0)
		goto out;
	/* Straight to fd 1: no stdio copy of the secret to wipe. */
	fflush(stdout);
	if (fs_write_all(1, secbuf_ptr(out), secbuf_len(out)) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "writing to stdout");
		goto out;
	}
	r = 0;
out:
	secbuf_free(out);
	aws_creds_free(creds);
	cmd_creds_release(&cc);
	return r;
}

static int
cmd_export_exec(struct cmd_ctx *ctx)
{
	return cmd_export_run(ctx, &cmd_export_profile, &cmd_export_f);
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.help = "Export AWS credentials.",
	.options = cmd_export_options,
	.args = cmd_export_args,
	.exec = cmd_export_exec,
};
