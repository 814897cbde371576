/* SPDX-License-Identifier: MIT */
/*
 * fs.h: file helpers for secrets and config (CONVENTIONS.md 5.6).
 * Reads never follow a symlink in the last component; secret writes are
 * temp + fsync + rename in the same directory, so readers never see a
 * torn file.
 */
#ifndef AV_FS_H
#define AV_FS_H

#include "util/common.h"

#include <sys/types.h>

struct buf;
struct strv;

/* Read the whole file into out (appending; at most max bytes).  Opens with
 * O_NOFOLLOW.  Returns 0, AV_ERR_NOT_FOUND (missing file), AV_ERR_SYSTEM
 * or AV_ERR_INVALID (too big), with a message naming the path. */
int fs_read_file(const char *path, size_t max, struct buf *out);

/* Like fs_read_file but follows symbolic links and accepts any readable
 * file (a pipe too): for user-edited files such as ~/.aws/config, which
 * dotfile managers often link. */
int fs_read_file_follow(const char *path, size_t max, struct buf *out);

/* Like fs_read_file but refuses a file that is not a regular file or is
 * accessible by group or others ("<path> is readable by other users: ...").
 */
int fs_read_private_file(const char *path, size_t max, struct buf *out);

/* Write data to path atomically: a temp file in the same directory
 * created O_EXCL|O_NOFOLLOW with the given mode, fsync, rename, fsync of
 * the directory.  Returns 0 or AV_ERR_SYSTEM. */
int fs_write_atomic(const char *path, const void *data, size_t n,
    mode_t mode);

/* Write all n bytes to fd, retrying on EINTR and short writes.  Returns
 * 0, or -1 with errno set. */
int fs_write_all(int fd, const void *data, size_t n);

/* Create dir and its missing parents with mode.  An existing directory is
 * fine; an existing non-directory gives "<dir> is a file, not a
 * directory".  Returns 0 or AV_ERR_SYSTEM/AV_ERR_INVALID. */
int fs_mkdir_p(const char *dir, mode_t mode);

/* Append the entry names of dir, except "." and "..", to names, then sort
 * names byte-wise (Go's os.ReadDir order).  Returns 0 or AV_ERR_SYSTEM
 * ("open <dir>: ..." or "read <dir>: ..."). */
int fs_list_dir(const char *dir, struct strv *names);

/* $HOME (or the passwd entry); never NULL.  Borrowed. */
const char *fs_home(void);
/* A copy of path with a leading "~/" (or a lone "~") replaced by $HOME. */
char *fs_expand_home(const char *path);
/* path joined to name with exactly one '/' (caller frees). */
char *fs_join(const char *dir, const char *name);
/* True when path exists (lstat). */
bool fs_exists(const char *path);

#endif
