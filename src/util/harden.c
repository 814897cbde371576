/* SPDX-License-Identifier: MIT */
/* harden.c: see harden.h. */
#include "util/common.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "util/harden.h"

/* Make sure fds 0, 1 and 2 are open (OpenSSH sanitise_stdfd).  One poll
 * tells which are closed (POLLNVAL), so the usual case costs one system
 * call. */
static void
harden_stdfd(void)
{
	struct pollfd pfd[3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 2, 0, 0 } };
	int fd, i;

	if (poll(pfd, 3, 0) < 0)
		return;
	for (i = 0; i < 3; i++) {
		if (!(pfd[i].revents & POLLNVAL))
			continue;
		/* open gives the lowest free number: this one, or a lower
		 * closed one that a later turn of the loop then skips. */
		if ((fd = open("/dev/null", O_RDWR)) < 0)
			return;
		if (fd > 2)
			close(fd);
	}
}

static struct rlimit harden_saved_core;
static bool harden_saved;

void
harden_process(void)
{
	struct rlimit rl;

	/* Only the soft limit: the hard one stays, so harden_release_for_exec
	 * can give the child (the user's shell) back its own limit.  The
	 * usual hard limit is unlimited, and then one prlimit call both sets
	 * the new limit and returns the old one; else read it first. */
	rl.rlim_cur = 0;
	rl.rlim_max = RLIM_INFINITY;
	if (prlimit(0, RLIMIT_CORE, &rl, &harden_saved_core) == 0) {
		harden_saved = true;
	} else if (prlimit(0, RLIMIT_CORE, NULL, &harden_saved_core) == 0) {
		harden_saved = true;
		rl.rlim_max = harden_saved_core.rlim_max;
		(void)prlimit(0, RLIMIT_CORE, &rl, NULL);
	}
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	harden_stdfd();
}

void
harden_release_for_exec(void)
{
	if (harden_saved)
		(void)setrlimit(RLIMIT_CORE, &harden_saved_core);
}
