/* SPDX-License-Identifier: MIT */
/*
 * child.c: the server modes' child process and signal forwarding (see
 * child.h).
 *
 * Why handlers and not sigwaitinfo: a signal sent to the process may land
 * on any thread that does not block it, and the server thread must not
 * block signals, or every program it starts (an MFA prompt driver, a
 * credential_process) would inherit them blocked.  So each forwarded
 * signal gets a handler that only does async-signal-safe things: it sets
 * the signal's bit in a pending mask and, once the child exists, sends
 * every pending signal on.  The main thread drains the mask right after
 * the spawn, so a signal that arrives while the child is being created
 * is forwarded, not lost.  Signals go through a pidfd when the kernel has
 * them, so a late handler can never signal a recycled pid.
 */
#include "util/common.h"

#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include "server/child.h"
#include "util/error.h"
#include "util/harden.h"
#include "util/log.h"

#define SERVER_CHILD_SIGMAX	64	/* bits in the pending mask */

static int server_child_pid;		/* 0: no child (yet) */
static int server_child_pidfd = -1;
static uint64_t server_child_pending;	/* bit sig - 1 */

bool
server_child_forwards(int sig)
{
	switch (sig) {
	case SIGKILL: case SIGSTOP:			/* cannot be caught */
	case SIGCHLD:					/* ours */
	case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL:
	case SIGTRAP: case SIGSYS: case SIGABRT:	/* stay fatal */
	case SIGTSTP: case SIGTTIN: case SIGTTOU:	/* job control */
		return false;
	default:
		return sig >= 1 && sig <= SERVER_CHILD_SIGMAX &&
		    sig <= SIGRTMAX;
	}
}

/* Send sig to the child.  Async-signal-safe.  With a pidfd, a failure
 * (the child was reaped and the fd closed under us) is final: kill()
 * could then reach a recycled pid. */
static void
server_child_send(int sig)
{
	int fd = __atomic_load_n(&server_child_pidfd, __ATOMIC_SEQ_CST);
	int pid = __atomic_load_n(&server_child_pid, __ATOMIC_SEQ_CST);

	if (fd >= 0 && (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) == 0 ||
	    errno != ENOSYS))
		return;
	if (pid > 0)
		(void)kill(pid, sig);
}

/* Send every pending signal on.  Async-signal-safe. */
static void
server_child_drain(void)
{
	uint64_t bits;
	int sig;

	bits = __atomic_exchange_n(&server_child_pending, 0,
	    __ATOMIC_SEQ_CST);
	for (sig = 1; sig <= SERVER_CHILD_SIGMAX; sig++)
		if (bits & (UINT64_C(1) << (sig - 1)))
			server_child_send(sig);
}

static void
server_child_on_signal(int sig)
{
	int saved = errno;

	if (sig >= 1 && sig <= SERVER_CHILD_SIGMAX) {
		__atomic_or_fetch(&server_child_pending,
		    UINT64_C(1) << (sig - 1), __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&server_child_pid, __ATOMIC_SEQ_CST) > 0)
			server_child_drain();
	}
	errno = saved;
}

/* Start the command with stdin, stdout and stderr only, as the Go tool's
 * exec.Cmd does: none of our descriptors (a connection libcurl keeps
 * after the first fetch) nor any other the caller left open. */
static int
server_child_spawn(pid_t *pidp, const char *path, char *const argv[],
    char *const envp[])
{
	posix_spawn_file_actions_t fa;
	int e;

	if ((e = posix_spawn_file_actions_init(&fa)) != 0)
		return e;
	if ((e = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) == 0)
		e = posix_spawn(pidp, path, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	return e;
}

int
server_child_run(const char *path, char *const argv[], char *const envp[],
    int *statusp)
{
	struct sigaction sa, cur, old[SERVER_CHILD_SIGMAX + 1];
	bool installed[SERVER_CHILD_SIGMAX + 1];
	pid_t pid;
	int sig, st, e, fd, r;

	*statusp = 255;
	memset(installed, 0, sizeof(installed));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = server_child_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	__atomic_store_n(&server_child_pending, 0, __ATOMIC_SEQ_CST);
	for (sig = 1; sig <= SERVER_CHILD_SIGMAX; sig++) {
		if (!server_child_forwards(sig) ||
		    sigaction(sig, NULL, &cur) != 0 ||
		    cur.sa_handler == SIG_IGN)
			continue;
		if (sigaction(sig, &sa, &old[sig]) == 0)
			installed[sig] = true;
	}
	/* glibc resets our handlers to SIG_DFL in the child before exec.
	 * The child gets the user's core-size limit back; we take ours
	 * away again once it is made (posix_spawn returns after the exec,
	 * and we are not dumpable meanwhile). */
	harden_release_for_exec();
	e = server_child_spawn(&pid, path, argv, envp);
	harden_process();
	if (e != 0) {
		errno = e;
		r = av_error_errno(AV_ERR_SYSTEM, "exec: \"%s\"", argv[0]);
		goto out;
	}
	log_debug("started %s as process %d", path, (int)pid);
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	__atomic_store_n(&server_child_pidfd, fd, __ATOMIC_SEQ_CST);
	__atomic_store_n(&server_child_pid, (int)pid, __ATOMIC_SEQ_CST);
	server_child_drain();
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			r = av_error_errno(AV_ERR_SYSTEM, "wait");
			goto reaped;
		}
	}
	if (WIFEXITED(st))
		*statusp = WEXITSTATUS(st);
	log_debug("process %d ended: %s %d", (int)pid,
	    WIFEXITED(st) ? "exit status" : "signal",
	    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	r = 0;
reaped:
	__atomic_store_n(&server_child_pid, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&server_child_pidfd, -1, __ATOMIC_SEQ_CST);
	if (fd >= 0)
		close(fd);
out:
	for (sig = 1; sig <= SERVER_CHILD_SIGMAX; sig++)
		if (installed[sig])
			(void)sigaction(sig, &old[sig], NULL);
	return r;
}
