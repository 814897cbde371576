/* SPDX-License-Identifier: MIT */
/* lock.c: flock-based named locks (see lock.h). */
#include "util/common.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "util/crypto.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/str.h"
#include "util/xmalloc.h"

struct lock {
	int	 fd;
};

#define LOCK_POLL_NS	(20 * 1000 * 1000)
#define LOCK_NOTICE_AFTER 50	/* polls: about a second */

/* The pid the holder wrote into the lock file, or 0. */
static long
lock_holder(int fd)
{
	char buf[24];
	ssize_t n;
	uint64_t pid;

	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return cstr_to_u64(buf, 1, INT32_MAX, &pid) == 0 ? (long)pid : 0;
}

char *
lock_dir(void)
{
	const char *rt = getenv("XDG_RUNTIME_DIR");
	struct stat st;

	if (rt != NULL && *rt == '/' && stat(rt, &st) == 0 &&
	    S_ISDIR(st.st_mode) && st.st_uid == getuid())
		return fs_join(rt, "aws-vault");
	return fs_join(fs_home(), ".awsvault/locks");
}

int
lock_acquire_notify(const char *name, void (*waiting)(long holder),
    struct lock **lockp)
{
	struct timespec ts = { 0, LOCK_POLL_NS };
	char hex[65], *dir, *path = NULL, pid[24];
	struct lock *l;
	int fd = -1, r, polls = 0;

	*lockp = NULL;
	dir = lock_dir();
	if ((r = fs_mkdir_p(dir, 0700)) != 0)
		goto out;
	crypto_sha256_hex(name, strlen(name), hex);
	path = xasprintf("%s/%.32s.lock", dir, hex);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "open %s", path);
		goto out;
	}
	/* Poll rather than block, to tell the user after a second. */
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			r = av_error_errno(AV_ERR_SYSTEM, "lock %s", path);
			goto out;
		}
		if (polls++ == 0)
			log_debug("waiting for another aws-vault to finish "
			    "(%s)", path);
		if (polls == LOCK_NOTICE_AFTER && waiting != NULL)
			waiting(lock_holder(fd));
		(void)nanosleep(&ts, NULL);
	}
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 ||
	    pwrite(fd, pid, strlen(pid), 0) != (ssize_t)strlen(pid))
		log_debug("writing our pid into %s failed", path);
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	fd = -1;
	*lockp = l;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	free(dir);
	return r;
}

void
lock_release(struct lock *l)
{
	if (l == NULL)
		return;
	(void)flock(l->fd, LOCK_UN);
	close(l->fd);
	free(l);
}
