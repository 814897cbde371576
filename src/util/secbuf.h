/* SPDX-License-Identifier: MIT */
/*
 * secbuf.h: memory for secrets (CONVENTIONS.md 5).
 *
 * A secbuf has a hard maximum, lives in page-aligned memory that is
 * best-effort locked (mlock) and excluded from core dumps
 * (MADV_DONTDUMP), grows only by copy-then-wipe, and is wiped on free.
 * The distinct type keeps a secret from reaching printf or log_debug
 * without a deliberate secbuf_ptr().
 */
#ifndef AV_SECBUF_H
#define AV_SECBUF_H

#include "util/common.h"

struct secbuf;

/* A new empty secbuf that may hold at most max bytes.  Never NULL. */
struct secbuf *secbuf_new(size_t max);
/* A new secbuf holding a copy of n bytes of data (max = n, at least 1). */
struct secbuf *secbuf_from(const void *data, size_t n);
struct secbuf *secbuf_from_str(const char *s);
/* Wipe and free; NULL is a no-op. */
void secbuf_free(struct secbuf *sb);

/* Append; 0 or AV_ERR_INVALID when the maximum would be exceeded. */
int secbuf_put(struct secbuf *sb, const void *data, size_t n);
int secbuf_puts(struct secbuf *sb, const char *s);
/* Wipe the contents and make it empty. */
void secbuf_reset(struct secbuf *sb);

/* The bytes, always NUL-terminated; borrowed until the next change. */
const char *secbuf_ptr(const struct secbuf *sb);
size_t secbuf_len(const struct secbuf *sb);
/* Copy into a new secbuf (NULL for NULL). */
struct secbuf *secbuf_dup(const struct secbuf *sb);
/* Constant-time equality of contents. */
bool secbuf_eq(const struct secbuf *a, const struct secbuf *b);

/* The underlying buf, for code that fills secrets through buf_* calls
 * (an HTTP write callback, a subprocess reader). */
struct buf *secbuf_buf(struct secbuf *sb);

#endif
