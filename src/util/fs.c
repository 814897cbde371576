/* SPDX-License-Identifier: MIT */
/* fs.c: careful file reading and atomic writing. */
#include "util/common.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Append what fd holds to out.  The chunk may hold a secret: its bytes
 * that ever held data (the longest read) are wiped, not all 8 KiB for a
 * file of a few bytes. */
static int
fs_read_fd(int fd, const char *path, size_t max, struct buf *out)
{
	char chunk[8192];
	size_t used = 0;
	ssize_t n;
	int r;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = av_error_errno(AV_ERR_SYSTEM, "read %s", path);
			goto out;
		}
		if (n == 0)
			break;
		if ((size_t)n > used)
			used = (size_t)n;
		if (out->len + (size_t)n > max) {
			r = av_error_set(AV_ERR_INVALID,
			    "%s is larger than %zu bytes", path, max);
			goto out;
		}
		if ((r = buf_put(out, chunk, (size_t)n)) != 0)
			goto out;
	}
	r = 0;
out:
	explicit_bzero(chunk, used);
	return r;
}

static int
fs_open_read(const char *path, int *fdp)
{
	int fd;

	*fdp = -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return av_error_errno(AV_ERR_NOT_FOUND, "open %s",
			    path);
		return av_error_errno(AV_ERR_SYSTEM, "open %s", path);
	}
	*fdp = fd;
	return 0;
}

int
fs_read_file(const char *path, size_t max, struct buf *out)
{
	int fd, r;

	if ((r = fs_open_read(path, &fd)) != 0)
		return r;
	r = fs_read_fd(fd, path, max, out);
	close(fd);
	return r;
}

int
fs_read_file_follow(const char *path, size_t max, struct buf *out)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return av_error_errno(errno == ENOENT ? AV_ERR_NOT_FOUND :
		    AV_ERR_SYSTEM, "open %s", path);
	r = fs_read_fd(fd, path, max, out);
	close(fd);
	return r;
}

int
fs_read_private_file(const char *path, size_t max, struct buf *out)
{
	struct stat st;
	int fd, r;

	if ((r = fs_open_read(path, &fd)) != 0)
		return r;
	if (fstat(fd, &st) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "stat %s", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = av_error_set(AV_ERR_INVALID, "%s is not a regular file",
		    path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "%s is accessible by other users (mode %04o): "
		    "run chmod 600 on it", path, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	r = fs_read_fd(fd, path, max, out);
out:
	close(fd);
	return r;
}

int
fs_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
fs_write_atomic(const char *path, const void *data, size_t n, mode_t mode)
{
	char *tmp = NULL, *dircopy = NULL;
	int fd = -1, dfd, r;

	tmp = xasprintf("%s.tmp-XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "create %s", tmp);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, mode) != 0 || fs_write_all(fd, data, n) != 0 ||
	    fsync(fd) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "write %s", tmp);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		r = av_error_errno(AV_ERR_SYSTEM, "write %s", tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "rename %s", path);
		goto out;
	}
	free(tmp);
	tmp = NULL;
	dircopy = xstrdup(path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		(void)unlink(tmp);
		free(tmp);
	}
	free(dircopy);
	return r;
}

int
fs_mkdir_p(const char *dir, mode_t mode)
{
	struct stat st;
	char *p, *copy;
	int r = 0;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return av_error_set(AV_ERR_INVALID,
			    "%s is a file, not a directory", dir);
		return 0;
	}
	copy = xstrdup(dir);
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char save = *p;
		*p = '\0';
		if (mkdir(copy, mode) != 0 && errno != EEXIST) {
			r = av_error_errno(AV_ERR_SYSTEM, "mkdir %s", copy);
			break;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	free(copy);
	if (r == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		r = av_error_set(AV_ERR_INVALID,
		    "%s is a file, not a directory", dir);
	return r;
}

int
fs_list_dir(const char *dir, struct strv *names)
{
	struct dirent *de;
	DIR *d;
	int r = 0;

	if ((d = opendir(dir)) == NULL)
		return av_error_errno(AV_ERR_SYSTEM, "open %s", dir);
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			strv_push(names, de->d_name);
		errno = 0;
	}
	if (errno != 0)
		r = av_error_errno(AV_ERR_SYSTEM, "read %s", dir);
	closedir(d);
	strv_sort(names);
	return r;
}

const char *
fs_home(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && *h != '\0')
		return h;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return "/";
}

char *
fs_expand_home(const char *path)
{
	if (strcmp(path, "~") == 0)
		return xstrdup(fs_home());
	if (strncmp(path, "~/", 2) == 0)
		return fs_join(fs_home(), path + 2);
	return xstrdup(path);
}

char *
fs_join(const char *dir, const char *name)
{
	size_t n = strlen(dir), k;
	char *p;

	while (n > 0 && dir[n - 1] == '/')	/* "/" + "x": "/x" */
		n--;
	while (*name == '/')
		name++;
	k = strlen(name);
	p = xmalloc(n + k + 2);
	memcpy(p, dir, n);
	p[n] = '/';
	memcpy(p + n + 1, name, k + 1);
	return p;
}

bool
fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}
