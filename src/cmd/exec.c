/* SPDX-License-Identifier: MIT */
/*
 * exec.c: `aws-vault exec [<profile>] [<cmd>] [<args>...]` (spec 3.5, 7):
 * run a command with temporary credentials in its environment.  In the
 * default mode aws-vault replaces itself with the command (execve), so
 * the exit status is the command's.
 *
 * Server modes (spec 8): --ecs-server (-s, --server) serves credentials to
 * the command from a local ECS credential server, --ec2-server from an
 * EC2 metadata emulation behind the root `aws-vault proxy`; the command
 * runs as a child with signals forwarded (server/child.h) and its exit
 * status is passed back.  The servers answer on their own thread
 * (server/http.h); the main thread only waits for the child meanwhile, and
 * every credential retrieval is serialised by the server's lock
 * (server/cache.h).  The error slot is per thread (util/error.h).
 */
#include "util/common.h"

#include <errno.h>
#include <unistd.h>

#include "aws/creds.h"
#include "aws/http.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/export.h"
#include "cmd/globals.h"
#include "cmd/output.h"
#include "config/profile.h"
#include "prompt/prompt.h"
#include "server/child.h"
#include "server/ec2.h"
#include "server/ecs.h"
#include "server/proxy.h"
#include "util/error.h"
#include "util/harden.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/sso.h"
#include "vault/vault.h"

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


/* Help messages go to stderr only for an interactive subshell. */
static bool
cmd_exec_help_messages(struct cmd_ctx *ctx)
{
	const char *d = getenv("AWS_VAULT_DISABLE_HELP_MESSAGE");

	return !ctx->g->debug && cmd_exec_cmd == NULL && isatty(1) &&
	    !(d != NULL && strcmp(d, "1") == 0);
}

/* The command (the argument, else $SHELL, else /bin/sh) and its argv. */
static const char *
cmd_exec_command(struct strv *argv)
{
	const char *cmd = cmd_exec_cmd, *shell;
	size_t i;

	if (cmd == NULL) {
		shell = getenv("SHELL");
		cmd = !str_empty(shell) ? shell : "/bin/sh";
	}
	strv_push(argv, cmd);
	for (i = 0; i < cmd_exec_args_rest.n; i++)
		strv_push(argv, cmd_exec_args_rest.v[i]);
	return cmd;
}

static int
cmd_exec_conflicts(struct vault *v)
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
	return 0;
}

/* What the server callbacks need; they run on the server thread. */
struct cmd_exec_srv {
	struct cmd_ctx		*ctx;
	struct cmd_creds	*cc;
};

/* The servers' base credentials: as the default mode gets them (the
 * kernel-keyring mirror, then the provider chain); cc->server_mode keeps
 * the provider's error as Go's servers report it. */
static int
cmd_exec_srv_base(void *arg, struct aws_creds **credsp)
{
	struct cmd_exec_srv *s = arg;

	/* cmd_creds_get builds the chain afresh when it needs one. */
	provider_free(s->cc->provider);
	s->cc->provider = NULL;
	return cmd_creds_get(s->ctx, s->cc, credsp);
}

/* The ECS server's /role-arn/ route. */
static int
cmd_exec_srv_role(void *arg, const struct aws_creds *base, const char *arn,
    struct aws_creds **credsp)
{
	struct cmd_exec_srv *s = arg;

	return server_ecs_assume_role(&s->cc->v, s->cc->pc, base, arn, credsp);
}

/* Start the server of spec 8.1 or 8.2, then the command as a child, and
 * return its exit status (>= 0) or a negative AV_ERR_*. */
static int
cmd_exec_serve(struct cmd_ctx *ctx, struct cmd_creds *cc)
{
	struct cmd_exec_srv srv = { ctx, cc };
	struct server_ecs_source src;
	struct server_ecs *ecs = NULL;
	struct server_ec2 *ec2 = NULL;
	bool help = cmd_exec_help_messages(ctx), proxy = false;
	const char *cmd, *extra[3] = { NULL, NULL, NULL };
	char **env = NULL, *path = NULL, *uri = NULL, *tok = NULL;
	struct strv argv;
	int r, status;

	strv_init(&argv);
	/* Go builds the provider before it starts anything. */
	if ((r = cmd_creds_provider(ctx, cc)) != 0)
		goto out;
	cmd = cmd_exec_command(&argv);
	if (cmd_exec_ec2_server) {
		if (server_proxy_running()) {
			r = av_error_set(AV_ERR_INVALID, "Another process is "
			    "already bound to 169.254.169.254:80");
			goto out;
		}
		if (help)
			fprintf(stderr, "Warning: Starting a local EC2 "
			    "credential server on 169.254.169.254:80; AWS "
			    "credentials will be accessible to any process "
			    "while it is running\n");
		if ((r = server_proxy_launch()) != 0)
			goto out;
		proxy = true;
		if ((r = server_ec2_open(cmd_exec_srv_base, &srv,
		    cc->pc->region, &ec2)) != 0) {
			av_error_prefix("Failed to start credential server");
			goto out;
		}
	} else {
		if (help)
			fprintf(stderr, "Starting a local ECS credential "
			    "server; your app's AWS sdk must support "
			    "AWS_CONTAINER_CREDENTIALS_FULL_URI.\n");
		src.base = cmd_exec_srv_base;
		src.role = cmd_exec_srv_role;
		src.arg = &srv;
		if ((r = server_ecs_open(&src, cmd_exec_lazy, &ecs)) != 0)
			goto out;
		uri = xasprintf("AWS_CONTAINER_CREDENTIALS_FULL_URI=%s",
		    server_ecs_url(ecs));
		tok = xasprintf("AWS_CONTAINER_AUTHORIZATION_TOKEN=%s",
		    secbuf_ptr(server_ecs_token(ecs)));
		extra[0] = uri;
		extra[1] = tok;
	}
	if (help)
		fprintf(stderr, "Starting subshell %s, use `exit` to exit the "
		    "subshell\n", cmd);
	env = exec_env_build(cmd_exec_profile, cc->pc->region,
	    cc->pc->endpoint_url, NULL, extra);
	if ((r = spawn_lookpath(cmd, &path)) != 0)
		goto out;
	fflush(stdout);
	fflush(stderr);
	if ((r = server_child_run(path, argv.v, env, &status)) != 0)
		goto out;
	r = status;
out:
	spawn_env_free(env);
	freezero_str(tok);
	free(uri);
	free(path);
	strv_release(&argv);
	if (!server_ecs_close(ecs) || !server_ec2_close(ec2)) {
		/* A retrieval is still running on the server thread (an MFA
		 * prompt nobody answers?).  Go would not wait for it either;
		 * the kernel drops the process and its memory. */
		if (proxy)
			server_proxy_stop();
		if (r < 0)
			fprintf(stderr, "aws-vault: error: exec: %s\n",
			    av_error_msg());
		fflush(stdout);
		fflush(stderr);
		_exit(r < 0 ? 1 : r);
	}
	if (proxy)
		server_proxy_stop();
	return r;
}

static int
cmd_exec_exec(struct cmd_ctx *ctx)
{
	struct aws_creds *creds = NULL;
	struct strv argv;
	struct cmd_creds cc;
	const char *av, *cmd, *extra[2] = { NULL, NULL };
	char **env = NULL, *path = NULL, *profile_kv = NULL;
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
	if ((r = cmd_exec_conflicts(&cc.v)) != 0 ||
	    (r = cmd_creds_resolve(ctx, &cc)) != 0)
		goto out;
	if (cc.server_mode) {
		r = cmd_exec_serve(ctx, &cc);
		goto out;
	}
	if ((r = cmd_creds_get(ctx, &cc, &creds)) != 0) {
		if (cmd_exec_profile_env &&
		    str_has_prefix(av_error_msg(), "Failed to get")) {
			/* BN words this one in lower case. */
			char *m = xstrdup(av_error_msg());

			m[0] = 'f';
			r = av_error_set(r, "%s", m);
			free(m);
		}
		goto out;
	}
	cmd = cmd_exec_command(&argv);
	if (cmd_exec_help_messages(ctx))
		fprintf(stderr, "Starting subshell %s, use `exit` to exit the "
		    "subshell\n", cmd);
	if (cmd_exec_profile_env) {
		/* BN: hand the SSO token to the AWS CLI too (spec 6.5.5);
		 * a failure is only logged. */
		if (!str_empty(cc.pc->sso_start_url) &&
		    vault_sso_sync_cli_cache(&cc.v, cc.pc) != 0) {
			log_debug("Failed to sync the SSO token to the AWS CLI "
			    "cache: %s", av_error_msg());
			av_error_clear();
		}
		profile_kv = xasprintf("AWS_PROFILE=%s", cmd_exec_profile);
		extra[0] = profile_kv;
	}
	env = exec_env_build(cmd_exec_profile, cc.pc->region,
	    cc.pc->endpoint_url, cmd_exec_profile_env ? NULL : creds, extra);
	aws_creds_free(creds);
	creds = NULL;
	if ((r = spawn_lookpath(cmd, &path)) != 0)
		goto out;
	log_debug("exec %s", path);
	cmd_creds_release(&cc);
	cmd_ctx_release(ctx);
	fflush(stdout);
	fflush(stderr);
	http_shutdown();	/* libcurl's sockets must not reach the command */
	harden_release_for_exec();
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
