/* SPDX-License-Identifier: MIT */
/*
 * globals.c: the global flags of spec 2 and the shared resources.
 *
 * Beyond the Go tool: --keyctl-scope (the Go keyctl backend never had a
 * scope, spec 11.6) and --file-passphrase-ttl.  The 1Password, Proton
 * Pass and biometrics flags of BN are accepted and ignored (hidden), so
 * scripts that pass them keep working; those backends are not built.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/globals.h"
#include "cmd/util.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "prompt/prompt.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"

struct cmd_globals cmd_g;
bool cmd_g_help, cmd_g_help_long, cmd_g_help_man, cmd_g_version;
bool cmd_g_completion, cmd_g_completion_script_bash;
bool cmd_g_completion_script_zsh;
static bool cmd_g_biometrics;
static char *cmd_g_ignored[10];
static int64_t cmd_g_ignored_dur[2];

void
cmd_backend_names(struct strv *values)
{
	size_t i;

	for (i = 0; keyring_backends[i] != NULL; i++)
		strv_push(values, keyring_backends[i]->name);
}

const struct cmd_option cmd_global_options[] = {
	{ "help", 0, CMD_OPT_BOOL, &cmd_g_help,
	    "Show context-sensitive help (also try --help-long and "
	    "--help-man)." },
	{ "help-long", 0, CMD_OPT_BOOL, &cmd_g_help_long,
	    "Generate long help.", .flags = CMD_OPT_HIDDEN },
	{ "help-man", 0, CMD_OPT_BOOL, &cmd_g_help_man,
	    "Generate a man page.", .flags = CMD_OPT_HIDDEN },
	{ "completion-bash", 0, CMD_OPT_BOOL, &cmd_g_completion,
	    "Output possible completions for the given args.",
	    .flags = CMD_OPT_HIDDEN },
	{ "completion-script-bash", 0, CMD_OPT_BOOL,
	    &cmd_g_completion_script_bash,
	    "Generate completion script for bash.", .flags = CMD_OPT_HIDDEN },
	{ "completion-script-zsh", 0, CMD_OPT_BOOL,
	    &cmd_g_completion_script_zsh,
	    "Generate completion script for ZSH.", .flags = CMD_OPT_HIDDEN },
	{ "version", 'v', CMD_OPT_BOOL, &cmd_g_version,
	    "Show application version." },
	{ "debug", 0, CMD_OPT_BOOL, &cmd_g.debug, "Show debugging output" },
	{ "backend", 0, CMD_OPT_ENUM, &cmd_g.backend,
	    "Secret backend to use", "AWS_VAULT_BACKEND",
	    .flags = CMD_OPT_HELP_VALUES, .enum_values = cmd_backend_names },
	{ "prompt", 0, CMD_OPT_STRING, &cmd_g.prompt,
	    "Prompt driver to use", "AWS_VAULT_PROMPT",
	    .flags = CMD_OPT_HELP_VALUES,
	    .enum_values = prompt_available_names },
	{ "keychain", 0, CMD_OPT_STRING, &cmd_g.keychain,
	    "Name of macOS keychain to use, if it doesn't exist it will be "
	    "created", "AWS_VAULT_KEYCHAIN_NAME", "aws-vault",
	    .flags = CMD_OPT_QUOTE },
	{ "secret-service-collection", 0, CMD_OPT_STRING,
	    &cmd_g.secret_service_collection,
	    "Name of secret-service collection to use, if it doesn't exist "
	    "it will be created", "AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME",
	    "awsvault", .flags = CMD_OPT_QUOTE },
	{ "pass-dir", 0, CMD_OPT_STRING, &cmd_g.pass_dir,
	    "Pass password store directory",
	    "AWS_VAULT_PASS_PASSWORD_STORE_DIR" },
	{ "pass-cmd", 0, CMD_OPT_STRING, &cmd_g.pass_cmd,
	    "Name of the pass executable", "AWS_VAULT_PASS_CMD" },
	{ "pass-prefix", 0, CMD_OPT_STRING, &cmd_g.pass_prefix,
	    "Prefix to prepend to the item path stored in pass",
	    "AWS_VAULT_PASS_PREFIX" },
	{ "file-dir", 0, CMD_OPT_STRING, &cmd_g.file_dir,
	    "Directory for the \"file\" password store", "AWS_VAULT_FILE_DIR",
	    "~/.awsvault/keys/", .flags = CMD_OPT_QUOTE },
	{ "file-passphrase-ttl", 0, CMD_OPT_DURATION,
	    &cmd_g.file_passphrase_ttl,
	    "Remember the \"file\" passphrase in the kernel keyring for this "
	    "long (0: never)", "AWS_VAULT_FILE_PASSPHRASE_TTL" },
	{ "keyctl-scope", 0, CMD_OPT_STRING, &cmd_g.keyctl_scope,
	    "Kernel keyring that holds the \"keyctl\" store: user, session, "
	    "process, thread or usersession", "AWS_VAULT_KEYCTL_SCOPE",
	    "user", .flags = CMD_OPT_QUOTE },
	/* BN flags for backends this build does not have: accepted. */
	{ "op-timeout", 0, CMD_OPT_DURATION, &cmd_g_ignored_dur[0], "",
	    "AWS_VAULT_OP_TIMEOUT", .flags = CMD_OPT_HIDDEN },
	{ "op-vault-id", 0, CMD_OPT_STRING, &cmd_g_ignored[0], "",
	    "AWS_VAULT_OP_VAULT_ID", .flags = CMD_OPT_HIDDEN },
	{ "op-item-title-prefix", 0, CMD_OPT_STRING, &cmd_g_ignored[1], "",
	    "AWS_VAULT_OP_ITEM_TITLE_PREFIX", .flags = CMD_OPT_HIDDEN },
	{ "op-item-tag", 0, CMD_OPT_STRING, &cmd_g_ignored[2], "",
	    "AWS_VAULT_OP_ITEM_TAG", .flags = CMD_OPT_HIDDEN },
	{ "op-connect-host", 0, CMD_OPT_STRING, &cmd_g_ignored[3], "",
	    "AWS_VAULT_OP_CONNECT_HOST", .flags = CMD_OPT_HIDDEN },
	{ "op-desktop-account-id", 0, CMD_OPT_STRING, &cmd_g_ignored[4], "",
	    "AWS_VAULT_OP_DESKTOP_ACCOUNT_ID", .flags = CMD_OPT_HIDDEN },
	{ "proton-pass-share-id", 0, CMD_OPT_STRING, &cmd_g_ignored[5], "",
	    "AWS_VAULT_PROTON_PASS_SHARE_ID", .flags = CMD_OPT_HIDDEN },
	{ "proton-pass-item-title-prefix", 0, CMD_OPT_STRING,
	    &cmd_g_ignored[6], "", "AWS_VAULT_PROTON_PASS_ITEM_TITLE_PREFIX",
	    .flags = CMD_OPT_HIDDEN },
	{ "proton-pass-api-base", 0, CMD_OPT_STRING, &cmd_g_ignored[7], "",
	    "AWS_VAULT_PROTON_PASS_API_BASE", .flags = CMD_OPT_HIDDEN },
	{ "proton-pass-timeout", 0, CMD_OPT_STRING, &cmd_g_ignored[8], "",
	    "AWS_VAULT_PROTON_PASS_TIMEOUT", .flags = CMD_OPT_HIDDEN },
	{ "biometrics", 0, CMD_OPT_BOOL, &cmd_g_biometrics, "",
	    "AWS_VAULT_BIOMETRICS", .flags = CMD_OPT_HIDDEN },
	{ NULL },
};

static struct keyring_config cmd_keyring_config;

void
cmd_keyring_config_fill(struct cmd_ctx *ctx, struct keyring_config *kc)
{
	memset(kc, 0, sizeof(*kc));
	kc->backend = cmd_g.backend;
	kc->file_dir = cmd_g.file_dir;
	kc->pass_dir = cmd_g.pass_dir;
	kc->pass_cmd = cmd_g.pass_cmd;
	kc->pass_prefix = cmd_g.pass_prefix;
	kc->secret_service_collection = cmd_g.secret_service_collection;
	kc->keyctl_scope = cmd_g.keyctl_scope;
	kc->file_passphrase = cmd_file_passphrase;
	kc->file_passphrase_done = cmd_file_passphrase_done;
	kc->file_passphrase_arg = ctx;
}

int
cmd_keyring(struct cmd_ctx *ctx, struct keyring **krp)
{
	struct keyring_config *kc = &cmd_keyring_config;
	int r;

	*krp = NULL;
	if (ctx->keyring != NULL) {
		*krp = ctx->keyring;
		return 0;
	}
	cmd_keyring_config_fill(ctx, kc);
	if ((r = keyring_open(kc, &ctx->keyring)) != 0) {
		log_debug("[keyring] %s", av_error_msg());
		ctx->usage_error = true;
		return av_error_set(AV_ERR_KEYRING,
		    "specified keyring backend not available");
	}
	*krp = ctx->keyring;
	return 0;
}

int
cmd_config(struct cmd_ctx *ctx, struct config **cfp)
{
	char *path;
	int r;

	*cfp = NULL;
	if (ctx->config == NULL) {
		path = config_path();
		r = config_load(path, &ctx->config);
		free(path);
		if (r != 0) {
			ctx->usage_error = true;
			return r;
		}
	}
	*cfp = ctx->config;
	return 0;
}

void
cmd_ctx_release(struct cmd_ctx *ctx)
{
	keyring_close(ctx->keyring);
	ctx->keyring = NULL;
	config_free(ctx->config);
	ctx->config = NULL;
}
