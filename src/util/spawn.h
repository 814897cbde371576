/* SPDX-License-Identifier: MIT */
/*
 * spawn.h: run a subprocess from an argv, never through a shell string
 * the program built (pass, ykman, zenity, ...).  Config values that are
 * documented as shell commands (credential_process, mfa_process) are run
 * as argv { "/bin/sh", "-c", value }, which is what the user wrote.
 */
#ifndef AV_SPAWN_H
#define AV_SPAWN_H

#include "util/common.h"

struct buf;

enum spawn_stdio {
	SPAWN_INHERIT = 0,	/* the parent's fd */
	SPAWN_NULL,		/* /dev/null */
	SPAWN_TTY,		/* /dev/tty when it opens, else inherit */
	SPAWN_DATA,		/* stdin only: feed in_data, then EOF */
	SPAWN_CAPTURE,		/* stdout/stderr: collect into a buf */
};

struct spawn {
	const char *const	*argv;	   /* argv[0] is looked up on PATH */
	const char *const	*env_set;  /* "NAME=value" added or replaced;
					      NULL-terminated; may be NULL */
	enum spawn_stdio	 in, out, err;
	const void		*in_data;  /* for SPAWN_DATA (may be secret) */
	size_t			 in_len;
	struct buf		*out_buf;  /* for out == SPAWN_CAPTURE */
	struct buf		*err_buf;  /* for err == SPAWN_CAPTURE */
};

/* Run and wait.  *statusp is the exit status, or 128 + signal number.
 * Returns 0 when the child ran (whatever its status), AV_ERR_NOT_FOUND
 * when argv[0] is not on PATH (message: exec: "x": executable file not
 * found in $PATH), AV_ERR_SYSTEM or AV_ERR_INVALID (output too big). */
int spawn_run(const struct spawn *sp, int *statusp);

/* Build an environment: environ with each "NAME=value" of set replacing
 * or adding, and each NAME in unset removed.  Caller frees with
 * spawn_env_free. */
char **spawn_env_build(const char *const *set, const char *const *unset);
void spawn_env_free(char **env);

/* True when name is an executable file found on $PATH. */
bool spawn_in_path(const char *name);

#endif
