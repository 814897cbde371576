/* SPDX-License-Identifier: MIT */
/*
 * spawn.c: argv-only subprocesses with optional stdin data and capture,
 * and the PATH lookup they use.  The lookup is ours, not posix_spawnp's:
 * posix_spawnp (like execvp) takes an empty PATH element for ".", so a
 * "pass" or "sh" planted in the working directory would run.
 */
#include "util/common.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/xmalloc.h"

extern char **environ;

static size_t
spawn_name_len(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq != NULL ? (size_t)(eq - kv) : strlen(kv);
}

char **
spawn_env_build(const char *const *set, const char *const *unset)
{
	struct strv sv;
	size_t i, j;

	strv_init(&sv);
	for (i = 0; environ[i] != NULL; i++) {
		size_t n = spawn_name_len(environ[i]);
		bool drop = false;

		for (j = 0; set != NULL && set[j] != NULL && !drop; j++)
			drop = spawn_name_len(set[j]) == n &&
			    strncmp(set[j], environ[i], n) == 0;
		for (j = 0; unset != NULL && unset[j] != NULL && !drop; j++)
			drop = strlen(unset[j]) == n &&
			    strncmp(unset[j], environ[i], n) == 0;
		if (!drop)
			strv_push(&sv, environ[i]);
	}
	for (j = 0; set != NULL && set[j] != NULL; j++)
		strv_push(&sv, set[j]);
	if (sv.v == NULL)
		return xcalloc(1, sizeof(char *));
	return sv.v;
}

void
spawn_env_free(char **env)
{
	size_t i;

	if (env == NULL)
		return;
	for (i = 0; env[i] != NULL; i++)
		freezero_str(env[i]);	/* may hold credentials */
	free(env);
}

/* Go's findExecutable: an existing non-directory we may execute. */
static bool
spawn_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode) &&
	    faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0;
}

/* The first executable path/name over the absolute elements of $PATH, or
 * NULL (caller frees). */
static char *
spawn_search_path(const char *name)
{
	const char *path = getenv("PATH");
	struct str rest, dir;
	char *p;

	rest = str_from(path != NULL ? path : "");
	while (str_split(&rest, ':', &dir)) {
		/* "" and "bin" are relative to the working directory. */
		if (dir.len == 0 || dir.p[0] != '/')
			continue;
		p = xasprintf("%.*s/%s", (int)dir.len, dir.p, name);
		if (spawn_executable(p))
			return p;
		free(p);
	}
	return NULL;
}

int
spawn_lookpath(const char *name, char **pathp)
{
	struct stat st;

	*pathp = NULL;
	if (strchr(name, '/') != NULL) {
		if (stat(name, &st) != 0)
			return av_error_errno(AV_ERR_NOT_FOUND,
			    "exec: \"%s\": stat %s", name, name);
		if (!spawn_executable(name))
			return av_error_set(AV_ERR_NOT_FOUND,
			    "exec: \"%s\": permission denied", name);
		*pathp = xstrdup(name);
		return 0;
	}
	if ((*pathp = spawn_search_path(name)) == NULL)
		return av_error_set(AV_ERR_NOT_FOUND, "exec: \"%s\": "
		    "executable file not found in $PATH", name);
	return 0;
}

bool
spawn_in_path(const char *name)
{
	char *p;
	bool found;

	if (strchr(name, '/') != NULL)
		return spawn_executable(name);
	p = spawn_search_path(name);
	found = p != NULL;
	free(p);
	return found;
}

/* Arrange fd `target` in the child according to mode. */
static int
spawn_setup_fd(posix_spawn_file_actions_t *fa, enum spawn_stdio mode,
    int target, int pipe_end, int *ttyfdp)
{
	switch (mode) {
	case SPAWN_INHERIT:
		return 0;
	case SPAWN_NULL:
		return posix_spawn_file_actions_addopen(fa, target,
		    "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0);
	case SPAWN_TTY:
		if (*ttyfdp == -1)
			*ttyfdp = open("/dev/tty", O_RDWR | O_CLOEXEC |
			    O_NOCTTY);
		if (*ttyfdp < 0)
			return 0;
		return posix_spawn_file_actions_adddup2(fa, *ttyfdp, target);
	case SPAWN_DATA:
	case SPAWN_CAPTURE:
		return posix_spawn_file_actions_adddup2(fa, pipe_end, target);
	}
	return EINVAL;
}

/* Feed stdin and drain stdout/stderr until all pipes are done. */
static int
spawn_pump(const struct spawn *sp, int infd, int outfd, int errfd)
{
	struct pollfd pfd[3];
	size_t off = 0;
	char chunk[4096];
	int r = 0;

	for (;;) {
		nfds_t n = 0;
		int idx_in = -1, idx_out = -1, idx_err = -1;

		if (infd >= 0) {
			pfd[n].fd = infd;
			pfd[n].events = POLLOUT;
			idx_in = (int)n++;
		}
		if (outfd >= 0) {
			pfd[n].fd = outfd;
			pfd[n].events = POLLIN;
			idx_out = (int)n++;
		}
		if (errfd >= 0) {
			pfd[n].fd = errfd;
			pfd[n].events = POLLIN;
			idx_err = (int)n++;
		}
		if (n == 0)
			break;
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = av_error_errno(AV_ERR_SYSTEM, "poll");
			break;
		}
		if (idx_in >= 0 && pfd[idx_in].revents != 0) {
			ssize_t w = 0;

			if (pfd[idx_in].revents & POLLOUT)
				w = write(infd, (const char *)sp->in_data + off,
				    sp->in_len - off);
			if (w > 0)
				off += (size_t)w;
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0 || off == sp->in_len) {
				close(infd);
				infd = -1;
			}
		}
		for (int k = 0; k < 2; k++) {
			int idx = k == 0 ? idx_out : idx_err;
			int *fdp = k == 0 ? &outfd : &errfd;
			struct buf *b = k == 0 ? sp->out_buf : sp->err_buf;
			ssize_t got;

			if (idx < 0 || pfd[idx].revents == 0)
				continue;
			got = read(*fdp, chunk, sizeof(chunk));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(*fdp);
				*fdp = -1;
				continue;
			}
			if (r == 0 && buf_put(b, chunk, (size_t)got) != 0)
				r = av_error_set(AV_ERR_INVALID,
				    "output of %s is too large",
				    sp->argv[0]);
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	if (infd >= 0)
		close(infd);
	if (outfd >= 0)
		close(outfd);
	if (errfd >= 0)
		close(errfd);
	return r;
}

int
spawn_run(const struct spawn *sp, int *statusp)
{
	posix_spawn_file_actions_t fa;
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int ttyfd = -1, status, r, e;
	char **env = NULL, *path = NULL;
	pid_t pid;
	void (*oldpipe)(int);

	*statusp = -1;
	if ((r = spawn_lookpath(sp->argv[0], &path)) != 0)
		return r;
	if ((sp->in == SPAWN_DATA && pipe2(inp, O_CLOEXEC) != 0) ||
	    (sp->out == SPAWN_CAPTURE && pipe2(outp, O_CLOEXEC) != 0) ||
	    (sp->err == SPAWN_CAPTURE && pipe2(errp, O_CLOEXEC) != 0)) {
		r = av_error_errno(AV_ERR_SYSTEM, "pipe");
		goto close_pipes;
	}
	posix_spawn_file_actions_init(&fa);
	if ((e = spawn_setup_fd(&fa, sp->in, 0, inp[0], &ttyfd)) != 0 ||
	    (e = spawn_setup_fd(&fa, sp->out, 1, outp[1], &ttyfd)) != 0 ||
	    (e = spawn_setup_fd(&fa, sp->err, 2, errp[1], &ttyfd)) != 0) {
		errno = e;
		r = av_error_errno(AV_ERR_SYSTEM, "spawn %s", sp->argv[0]);
		posix_spawn_file_actions_destroy(&fa);
		goto close_pipes;
	}
	env = spawn_env_build(sp->env_set, NULL);
	e = posix_spawn(&pid, path, &fa, NULL, (char *const *)sp->argv,
	    env);
	posix_spawn_file_actions_destroy(&fa);
	spawn_env_free(env);
	if (e != 0) {
		errno = e;
		r = av_error_errno(e == ENOENT ? AV_ERR_NOT_FOUND :
		    AV_ERR_SYSTEM, "fork/exec %s", path);
		goto close_pipes;
	}
	/* The child has its copies; keep only our ends. */
	if (inp[0] >= 0)
		close(inp[0]), inp[0] = -1;
	if (outp[1] >= 0)
		close(outp[1]), outp[1] = -1;
	if (errp[1] >= 0)
		close(errp[1]), errp[1] = -1;
	oldpipe = signal(SIGPIPE, SIG_IGN);
	r = spawn_pump(sp, inp[1], outp[0], errp[0]);
	inp[1] = outp[0] = errp[0] = -1;	/* closed by spawn_pump */
	signal(SIGPIPE, oldpipe);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			r = av_error_errno(AV_ERR_SYSTEM, "wait");
			goto close_pipes;
		}
	}
	if (WIFEXITED(status))
		*statusp = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		*statusp = 128 + WTERMSIG(status);
close_pipes:
	for (int i = 0; i < 2; i++) {
		if (inp[i] >= 0)
			close(inp[i]);
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	if (ttyfd >= 0)
		close(ttyfd);
	free(path);
	return r;
}
