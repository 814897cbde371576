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
#include "util/xmalloc.h"

struct lock {
	int	 fd;
	char	*name;
};

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
lock_acquire(const char *name, struct lock **lockp)
{
	char hex[65], *dir, *path = NULL;
	struct lock *l;
	int fd = -1, r;

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
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		log_debug("waiting for another aws-vault to finish (%s)",
		    path);
		while (flock(fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				r = av_error_errno(AV_ERR_SYSTEM, "lock %s",
				    path);
				goto out;
			}
		}
	}
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	l->name = xstrdup(name);
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
	free(l->name);
	free(l);
}
