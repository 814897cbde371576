/* SPDX-License-Identifier: MIT */
/*
 * proxy.c: `aws-vault proxy` (hidden; alias `server`; spec 3.9, 8.2): the
 * root half of `exec --ec2-server`, which puts 169.254.169.254:80 in front
 * of the credentials server on 127.0.0.1:9099 (server/proxy.h).  With
 * --stop it asks a running proxy to stop.  Its errors are action errors
 * in kingpin's sense: "aws-vault: error: <msg>, try --help".
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "server/proxy.h"

static bool cmd_proxy_stop;

static const struct cmd_option cmd_proxy_options[] = {
	{ "stop", 0, CMD_OPT_BOOL, &cmd_proxy_stop, "Stop the proxy" },
	{ NULL },
};

static int
cmd_proxy_exec(struct cmd_ctx *ctx)
{
	int r;

	if (cmd_proxy_stop) {
		server_proxy_stop();
		return 0;
	}
	if ((r = server_proxy_serve()) != 0)
		ctx->usage_error = true;
	return r;
}

const struct cmd_entry cmd_proxy_entry = {
	.name = "proxy",
	.alias = "server",
	.help = "Start a proxy for the ec2 instance role server locally",
	.options = cmd_proxy_options,
	.flags = CMD_HIDDEN,
	.exec = cmd_proxy_exec,
};
