/* SPDX-License-Identifier: MIT */
/*
 * kdialog.c: the "kdialog" MFA driver (KDE dialog, spec 12):
 * kdialog --inputbox "Enter MFA code for <serial>: " --title aws-vault
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "util/spawn.h"

static bool
prompt_kdialog_available(void)
{
	return spawn_in_path("kdialog");
}

static int
prompt_kdialog_read_mfa(const char *mfa_serial, struct secbuf **codep)
{
	char *msg = prompt_mfa_message(mfa_serial);
	const char *argv[] = {
		"kdialog", "--inputbox", msg, "--title", "aws-vault", NULL,
	};
	int r;

	r = prompt_run("kdialog", argv, false, codep);
	free(msg);
	return r;
}

const struct prompt_ops prompt_kdialog_ops = {
	.name = "kdialog",
	.available = prompt_kdialog_available,
	.read_mfa = prompt_kdialog_read_mfa,
};
