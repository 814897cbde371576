/* SPDX-License-Identifier: MIT */
/*
 * zenity.c: the "zenity" MFA driver (GNOME dialog, spec 12):
 * zenity --entry --title aws-vault --text "Enter MFA code for <serial>: "
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "util/spawn.h"

static bool
prompt_zenity_available(void)
{
	return spawn_in_path("zenity");
}

static int
prompt_zenity_read_mfa(const char *mfa_serial, struct secbuf **codep)
{
	char *msg = prompt_mfa_message(mfa_serial);
	const char *argv[] = {
		"zenity", "--entry", "--title", "aws-vault", "--text", msg,
		NULL,
	};
	int r;

	r = prompt_run("zenity", argv, false, codep);
	free(msg);
	return r;
}

const struct prompt_ops prompt_zenity_ops = {
	.name = "zenity",
	.available = prompt_zenity_available,
	.read_mfa = prompt_zenity_read_mfa,
};
