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
	const char *const	*argv;	   /* argv[0] is found with
					      spawn_lookpath and passed on
					      unchanged */
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
 * when spawn_lookpath finds no argv[0] (its message) or the kernel says
 * ENOENT ("fork/exec <path>: no such file or directory"), AV_ERR_SYSTEM
 * or AV_ERR_INVALID (output too big). */
int spawn_run(const struct spawn *sp, int *statusp);

/* Build an environment: environ with each "NAME=value" of set replacing
 * or adding, and each NAME in unset removed.  Caller frees with
 * spawn_env_free. */
char **spawn_env_build(const char *const *set, const char *const *unset);
void spawn_env_free(char **env);

/*
 * Go's exec.LookPath without the current directory.  A name containing
 * '/' is used as is when it is an executable non-directory file.  Any
 * other name is searched in the absolute elements of $PATH, in order;
 * empty and relative elements (the current directory, where Go 1.19+
 * fails with exec.ErrDot) are skipped, as are directories and files we
 * may not execute (faccessat AT_EACCESS).  PATH unset or empty finds
 * nothing.  On success *pathp is the file to pass to execve (caller
 * frees); argv[0] stays as the user wrote it.  Returns 0 or
 * AV_ERR_NOT_FOUND with, as Go words them:
 *	exec: "<name>": executable file not found in $PATH
 *	exec: "<name>": stat <name>: <errno text>	(a name with '/')
 *	exec: "<name>": permission denied		(ditto: a directory
 *							 or not executable)
 */
int spawn_lookpath(const char *name, char **pathp);

/* True when spawn_lookpath would find name; sets no error. */
bool spawn_in_path(const char *name);

#endif
