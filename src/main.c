/* SPDX-License-Identifier: MIT */
/*
 * main.c: harden the process before anything else (no core dumps, not
 * dumpable or traceable, sane stdio fds), make jansson wipe what it frees,
 * then hand over to the command dispatcher.
 */
#include "util/common.h"

#include <locale.h>

#include "cmd/cmd.h"
#include "util/harden.h"
#include "util/json.h"

int
main(int argc, char **argv)
{
	harden_process();
	json_wipe_init();
	return cmd_main(argc, argv);
}
