/* SPDX-License-Identifier: MIT */
/*
 * exec.c: `aws-vault exec [<profile>] [<cmd>] [<args>...]` (spec 3.5, 7):
 * run a command with temporary credentials in its environment.  In the
 * default mode aws-vault replaces itself with the command (execve), so
 * the exit status is the command's.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>
#include <unistd.h>

#include "aws/creds.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/export.h"
#include "cmd/globals.h"
#include "cmd/output.h"
#include "config/profile.h"
#include "prompt/prompt.h"
#include "util/error.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/xmalloc.h"

static char *cmd_exec_profile;
static char *cmd_exec_cmd;
static struct strv cmd_exec_args_rest;
static struct cmd_export_flags cmd_exec_f;
static bool cmd_exec_json;
static bool cmd_exec_server;
static bool cmd_exec_ec2_server;
static bool cmd_exec_ecs_server;
static bool cmd_exec_lazy;
static bool cmd_exec_profile_env;

static const struct cmd_option cmd_exec_options[] = {
	{ "duration", 'd', CMD_OPT_DURATION, &cmd_exec_f.duration,
	    "Duration of the temporary or assume-role session. Defaults to 1h",
	    "AWS_VAULT_DURATION" },
	{ "no-session", 'n', CMD_OPT_BOOL, &cmd_exec_f.no_session,
	    "Skip creating STS session with GetSessionToken" },
	{ "region", 0, CMD_OPT_STRING, &cmd_exec_f.region, "The AWS region" },
	{ "mfa-token", 't', CMD_OPT_STRING, &cmd_exec_f.mfa_token,
	    "The MFA token to use" },
	{ "json", 'j', CMD_OPT_BOOL, &cmd_exec_json,
	    "Output credentials in JSON that can be used by "
	    "credential_process", .flags = CMD_OPT_HIDDEN },
	{ "server", 's', CMD_OPT_BOOL, &cmd_exec_server,
	    "Alias for --ecs-server" },
	{ "ec2-server", 0, CMD_OPT_BOOL, &cmd_exec_ec2_server,
	    "Run a EC2 metadata server in the background for credentials" },
	{ "ecs-server", 0, CMD_OPT_BOOL, &cmd_exec_ecs_server,
	    "Run a ECS credential server in the background for credentials "
	    "(the SDK or app must support "
	    "AWS_CONTAINER_CREDENTIALS_FULL_URI)" },
	{ "lazy", 0, CMD_OPT_BOOL, &cmd_exec_lazy,
	    "When using --ecs-server, lazily fetch credentials" },
	{ "stdout", 0, CMD_OPT_BOOL, &cmd_exec_f.sso_stdout,
	    "Print the SSO link to the terminal without automatically "
	    "opening the browser", "AWS_VAULT_STDOUT" },
	{ "profile-env", 0, CMD_OPT_BOOL, &cmd_exec_profile_env,
	    "Set AWS_PROFILE instead of injecting AWS_ACCESS_KEY_ID and "
	    "AWS_SECRET_ACCESS_KEY", "AWS_VAULT_PROFILE_ENV" },
	{ NULL },
};

static const struct cmd_arg cmd_exec_args[] = {
	{ "profile", "Name of the profile", .profile_hint = true,
	    .target = &cmd_exec_profile },
	{ "cmd", "Command to execute, defaults to $SHELL",
	    .target = &cmd_exec_cmd },
	{ "args", "Command arguments", .cumulative = true,
	    .rest = &cmd_exec_args_rest },
	{ NULL },
};

/* Go exec.LookPath: the path execve should run, or an error worded as
 * Go words it. */
static int
cmd_exec_lookpath(const char *name, char **pathp)
{
	const char *path = getenv("PATH");
	struct str rest, dir;
	struct stat st;

	*pathp = NULL;
	if (strchr(name, '/') != NULL) {
		if (stat(name, &st) != 0)
			return av_error_errno(AV_ERR_NOT_FOUND,
			    "exec: \"%s\": stat %s", name, name);
		if (S_ISDIR(st.st_mode) || access(name, X_OK) != 0)
			return av_error_set(AV_ERR_NOT_FOUND,
			    "exec: \"%s\": permission denied", name);
		*pathp = xstrdup(name);
		return 0;
	}
	rest = str_from(path != NULL ? path : "");
	while (str_split(&rest, ':', &dir)) {
		char *p = xasprintf("%.*s/%s", (int)(dir.len ? dir.len : 1),
		    dir.len ? dir.p : ".", name);

		if (stat(p, &st) == 0 && !S_ISDIR(st.st_mode) &&
		    access(p, X_OK) == 0) {
			*pathp = p;
			return 0;
		}
		free(p);
	}
	return av_error_set(AV_ERR_NOT_FOUND, "exec: \"%s\": executable file "
	    "not found in $PATH", name);
}

/* Help messages go to stderr only for an interactive subshell. */
static bool
cmd_exec_help_messages(struct cmd_ctx *ctx)
{
	const char *d = getenv("AWS_VAULT_DISABLE_HELP_MESSAGE");

	return !ctx->g->debug && cmd_exec_cmd == NULL && isatty(1) &&
	    !(d != NULL && strcmp(d, "1") == 0);
}

static int
cmd_exec_conflicts(struct cmd_ctx *ctx, struct vault *v)
{
	bool server = cmd_exec_ecs_server || cmd_exec_server;
	const struct prompt_ops *prompt = NULL;

	if (cmd_exec_ec2_server && server)
		return av_error_set(AV_ERR_INVALID,
		    "Can't use --ec2-server with --ecs-server");
	if (cmd_exec_ec2_server && cmd_exec_f.no_session)
		return av_error_set(AV_ERR_INVALID,
		    "Can't use --ec2-server with --no-session");
	if (server && cmd_exec_f.no_session)
		return av_error_set(AV_ERR_INVALID,
		    "Can't use --ecs-server with --no-session");
	/* The driver that would be used, chosen as for a server. */
	if ((server || cmd_exec_ec2_server) && vault_prompt(v, &prompt) != 0)
		prompt = NULL;
	av_error_clear();
	if (prompt != NULL && strcmp(prompt->name, "terminal") == 0) {
		if (server)
			return av_error_set(AV_ERR_INVALID, "Can't use "
			    "--prompt=terminal with --ecs-server. Specify a "
			    "different prompt driver");
		if (cmd_exec_ec2_server)
			return av_error_set(AV_ERR_INVALID, "Can't use "
			    "--prompt=terminal with --ec2-server. Specify a "
			    "different prompt driver");
	}
	if (server || cmd_exec_ec2_server)
		return av_error_set(AV_ERR_UNSUPPORTED, "the %s server is not "
		    "available in this build", server ? "ECS" : "EC2");
	(void)ctx;
	(void)cmd_exec_lazy;
	return 0;
}

static int
cmd_exec_exec(struct cmd_ctx *ctx)
{
	struct aws_creds *creds = NULL;
	struct strv argv;
	struct cmd_creds cc;
	const char *av, *shell, *extra[2] = { NULL, NULL };
	char **env = NULL, *path = NULL, *profile_kv = NULL;
	const char *cmd;
	size_t i;
	int r;

	if (str_empty(cmd_exec_profile) && (av = getenv("AWS_PROFILE")) &&
	    *av != '\0') {
		free(cmd_exec_profile);
		cmd_exec_profile = xstrdup(av);
	}
	if (cmd_exec_json) {
		cmd_exec_f.format = xstrdup("json");
		return cmd_export_run(ctx, &cmd_exec_profile, &cmd_exec_f);
	}
	memset(&cc, 0, sizeof(cc));
	strv_init(&argv);
	cc.profile = &cmd_exec_profile;
	cc.duration = cmd_exec_f.duration;
	cc.no_session = cmd_exec_f.no_session;
	cc.region = cmd_exec_f.region;
	cc.mfa_token = cmd_exec_f.mfa_token;
	cmd_exec_f.mfa_token = NULL;	/* transferred */
	cc.sso_stdout = cmd_exec_f.sso_stdout;
	cc.server_mode = cmd_exec_server || cmd_exec_ecs_server ||
	    cmd_exec_ec2_server;
	if ((r = cmd_creds_prepare(ctx, &cc)) != 0)
		goto out;
	if ((av = getenv("AWS_VAULT")) != NULL && *av != '\0') {
		r = av_error_set(AV_ERR_INVALID, "running in an existing "
		    "aws-vault subshell; 'exit' from the subshell or unset "
		    "AWS_VAULT to force");
		goto out;
	}
	if ((r = cmd_exec_conflicts(ctx, &cc.v)) != 0 ||
	    (r = cmd_creds_resolve(ctx, &cc)) != 0)
		goto out;
	if ((r = cmd_creds_get(ctx, &cc, &creds)) != 0) {
		if (cmd_exec_profile_env) {
			/* BN words this one in lower case. */
			r = av_error_set(r, "failed%s", av_error_msg() + 6);
		}
		goto out;
	}
	cmd = cmd_exec_cmd;
	if (cmd == NULL) {
		shell = getenv("SHELL");
		cmd = shell != NULL && *shell != '\0' ? shell : "/bin/sh";
		if (cmd_exec_help_messages(ctx))
			fprintf(stderr, "Starting subshell %s, use `exit` to "
			    "exit the subshell\n", cmd);
	}
	if (cmd_exec_profile_env) {
		profile_kv = xasprintf("AWS_PROFILE=%s", cmd_exec_profile);
		extra[0] = profile_kv;
	}
	env = exec_env_build(cmd_exec_profile, cc.pc->region,
	    cc.pc->endpoint_url, cmd_exec_profile_env ? NULL : creds, extra);
	aws_creds_free(creds);
	creds = NULL;
	strv_push(&argv, cmd);
	for (i = 0; i < cmd_exec_args_rest.n; i++)
		strv_push(&argv, cmd_exec_args_rest.v[i]);
	if ((r = cmd_exec_lookpath(cmd, &path)) != 0)
		goto out;
	log_debug("exec %s", path);
	cmd_creds_release(&cc);
	cmd_ctx_release(ctx);
	fflush(stdout);
	fflush(stderr);
	execve(path, argv.v, env);
	r = av_error_errno(AV_ERR_SYSTEM, "exec: \"%s\"", cmd);
out:
	spawn_env_free(env);
	free(profile_kv);
	free(path);
	strv_release(&argv);
	aws_creds_free(creds);
	cmd_creds_release(&cc);
	return r;
}

const struct cmd_entry cmd_exec_entry = {
	.name = "exec",
	.help = "Execute a command with AWS credentials.",
	.options = cmd_exec_options,
	.args = cmd_exec_args,
	.exec = cmd_exec_exec,
};
