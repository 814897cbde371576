/* SPDX-License-Identifier: MIT */
/*
 * buf.h: a bounded, growable byte buffer (OpenSSH sshbuf, curl dynbuf).
 *
 * Invariants: p is NULL or holds len bytes plus a NUL at p[len];
 * len <= max.  A put that would exceed max fails with AV_ERR_INVALID and
 * leaves the buffer unchanged.  A buf is a low-level primitive: it knows
 * nothing of the rest of the program.  For secrets use secbuf.h, which
 * shares this implementation.  BUF_WIPE is for text that may hold a
 * secret but must end up in ordinary memory (buf_detach): the storage is
 * wiped when it grows, is reset or is released, but not locked.
 */
#ifndef AV_BUF_H
#define AV_BUF_H

#include "util/common.h"

#include <stdarg.h>

/* Sizes used across the program (CONVENTIONS.md 6). */
#define BUF_HTTP_MAX	(1024 * 1024)
#define BUF_CONFIG_MAX	(1024 * 1024)
#define BUF_ITEM_MAX	(64 * 1024)
#define BUF_REQUEST_MAX	(16 * 1024)

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
	size_t	 hw;		/* bytes ever written in this storage */
	unsigned flags;		/* set after buf_init */
};

#define BUF_SECRET	(1u << 0)	/* a secbuf's: see secbuf.h */
#define BUF_WIPE	(1u << 1)	/* ordinary memory, wiped */

/* Initialise an empty buffer that may hold at most max bytes. */
void buf_init(struct buf *b, size_t max);
/* Free the contents (wiping them under BUF_SECRET or BUF_WIPE); b may be
 * reused after init. */
void buf_release(struct buf *b);
/* Drop the contents but keep the allocation (wiped as by buf_release). */
void buf_reset(struct buf *b);

/* Append.  Return 0 or AV_ERR_INVALID when max would be exceeded. */
int buf_put(struct buf *b, const void *data, size_t n);
int buf_putc(struct buf *b, char c);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) AV_PRINTF(2, 3);
/* Append the strings up to NULL (all or, on error, none; as with
 * xstrjoin, a NULL ends the list); a number in decimal.  What the warm
 * path writes, without printf's code (xstrjoin). */
int buf_cat(struct buf *b, ...) AV_SENTINEL;
int buf_put_i64(struct buf *b, int64_t v);
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) AV_PRINTF(2, 0);

/* Room for n more bytes at the end, for a reader that writes in place
 * (read(2), keyctl_read): returns where they go, or NULL (AV_ERR_INVALID
 * set) when max would be exceeded.  buf_advance(b, k) then keeps the k
 * (<= n) bytes written. */
char *buf_space(struct buf *b, size_t n);
void buf_advance(struct buf *b, size_t k);

/* The contents as a NUL-terminated string; "" for an empty buffer.
 * Borrowed until the next change to b. */
const char *buf_cstr(const struct buf *b);
/* Hand the contents to the caller (free() it, or freezero_str() it under
 * BUF_WIPE) and reset b to empty.  Not for BUF_SECRET. */
char *buf_detach(struct buf *b);

#endif
