/* SPDX-License-Identifier: MIT */
/*
 * xmalloc.h: allocation that cannot fail (it aborts on exhaustion, as in
 * tmux and OpenSSH), fatal() for broken invariants, and BUG().
 * Every returned pointer is owned by the caller and released with free().
 */
#ifndef AV_XMALLOC_H
#define AV_XMALLOC_H

#include "util/common.h"

#include <stdarg.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A copy of s, or NULL when s is NULL or "". */
char *xstrdup_nonempty(const char *s);
char *xasprintf(const char *fmt, ...) AV_PRINTF(1, 2);
/* The strings up to NULL, joined (none of them may be NULL: it ends the
 * list).  Without printf: a warm run never touches its code (a few page
 * faults, bench/README.md). */
char *xstrjoin(const char *s, ...) AV_SENTINEL;
char *xvasprintf(const char *fmt, va_list ap) AV_PRINTF(1, 0);

/* Free s after wiping strlen(s) bytes; NULL is a no-op. */
void freezero_str(char *s);
/* Free p after wiping n bytes; NULL is a no-op. */
void freezero(void *p, size_t n);

void fatal(const char *fmt, ...) AV_PRINTF(1, 2) AV_NORETURN;
#define BUG(msg) fatal("BUG: %s:%d: %s", __FILE__, __LINE__, (msg))

#endif
