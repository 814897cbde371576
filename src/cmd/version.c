/* SPDX-License-Identifier: MIT */
/* version.c: `aws-vault version` (BN): the version on stdout. */
#include "util/common.h"

#include "cmd/cmd.h"

static int
cmd_version_exec(struct cmd_ctx *ctx)
{
	(void)ctx;
	printf("%s\n", AV_VERSION);
	return 0;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.help = "Print the aws-vault version and build info.",
	.exec = cmd_version_exec,
};

static struct strv cmd_help_words;

static const struct cmd_arg cmd_help_args[] = {
	{ "command", "Show help on command.", .cumulative = true,
	    .rest = &cmd_help_words },
	{ NULL },
};

/* Never run: cmd_main renders help itself. */
static int
cmd_help_exec(struct cmd_ctx *ctx)
{
	(void)ctx;
	return 0;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.help = "Show help.",
	.args = cmd_help_args,
	.exec = cmd_help_exec,
};
