/* SPDX-License-Identifier: MIT */
/*
 * process.c: mfa_process (spec 6.5.6): the code printed by the command
 * the user configured, run as /bin/sh -c "<value>" (the value is a shell
 * command by definition; we never build one).  It inherits our whole
 * environment; in BN its stdin and stderr are /dev/tty when that opens.
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "util/log.h"

int
prompt_process_read_mfa(const char *command, struct secbuf **codep)
{
	const char *argv[] = { "/bin/sh", "-c", command, NULL };

	log_debug("Executing mfa_process");
	return prompt_run("process provider", argv, true, codep);
}
