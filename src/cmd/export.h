/* SPDX-License-Identifier: MIT */
/* export.h: export's body, shared with the deprecated `exec --json`. */
#ifndef AV_CMD_EXPORT_H
#define AV_CMD_EXPORT_H

#include "util/common.h"

struct cmd_ctx;

struct cmd_export_flags {
	int64_t	 duration;
	bool	 no_session;
	char	*region;
	char	*mfa_token;
	char	*format;
	bool	 sso_stdout;
};

int cmd_export_run(struct cmd_ctx *ctx, char **profile,
    struct cmd_export_flags *f);

#endif
