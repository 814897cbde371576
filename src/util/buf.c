/* SPDX-License-Identifier: MIT */
/*
 * buf.c: bounded buffers, ordinary and secret.  Secret buffers (secbuf)
 * use the same code with BUF_SECRET set: their storage is page-aligned,
 * mlock'ed and MADV_DONTDUMP, growth copies then wipes the old storage,
 * and every release wipes.  BUF_WIPE keeps the wiping on ordinary heap
 * storage.
 */
#include "util/common.h"

#include <sys/mman.h>

#include <stdio.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"

struct secbuf {
	struct buf b;
};

/*
 * One-page secrets (nearly all of them) come from a small arena of pages
 * locked and excluded from core dumps once, instead of an mlock/madvise
 * pair per buffer: a warm export holds a handful of secrets and pays two
 * system calls for all of them.  Pages go back to the arena wiped.
 *
 * The servers take secrets on their own threads while the main thread
 * may too, so the arena is set up and its pages handed out with atomic
 * operations: two buffers must never share a page.
 */
#define BUF_ARENA_PAGES	4	/* what a warm export holds at once */
static char *buf_arena;
static uint32_t buf_arena_used;

static size_t
buf_pagesize(void)
{
	static size_t page;
	size_t v = __atomic_load_n(&page, __ATOMIC_RELAXED);
	long l;

	if (v == 0) {
		l = sysconf(_SC_PAGESIZE);
		v = l > 0 ? (size_t)l : 4096;
		__atomic_store_n(&page, v, __ATOMIC_RELAXED);
	}
	return v;
}

/* The arena, set up by whichever thread comes first; NULL if it cannot
 * be. */
static char *
buf_arena_base(size_t page)
{
	char *a = __atomic_load_n(&buf_arena, __ATOMIC_ACQUIRE), *none = NULL;
	void *p;

	if (a != NULL)
		return a;
	if (posix_memalign(&p, page, BUF_ARENA_PAGES * page) != 0)
		return NULL;
	(void)mlock(p, BUF_ARENA_PAGES * page);	/* best effort */
#ifdef MADV_DONTDUMP
	(void)madvise(p, BUF_ARENA_PAGES * page, MADV_DONTDUMP);
#endif
	if (__atomic_compare_exchange_n(&buf_arena, &none, (char *)p, false,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return p;
	/* Another thread was quicker: use its arena. */
	(void)munlock(p, BUF_ARENA_PAGES * page);
	free(p);
	return none;
}

/* A free arena page, or NULL when the arena is full or unavailable. */
static char *
buf_arena_get(void)
{
	size_t page = buf_pagesize();
	char *a = buf_arena_base(page);
	uint32_t used, bit;
	int i;

	if (a == NULL)
		return NULL;
	used = __atomic_load_n(&buf_arena_used, __ATOMIC_RELAXED);
	for (i = 0; i < BUF_ARENA_PAGES; ) {
		bit = UINT32_C(1) << i;
		if (used & bit) {
			i++;
			continue;
		}
		/* On failure, used is reloaded and page i looked at again. */
		if (__atomic_compare_exchange_n(&buf_arena_used, &used,
		    used | bit, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return a + (size_t)i * page;
	}
	return NULL;
}

/* Give p back if it is an arena page (already wiped). */
static bool
buf_arena_put(char *p)
{
	size_t page = buf_pagesize();
	char *a = __atomic_load_n(&buf_arena, __ATOMIC_ACQUIRE);
	uint32_t bit;

	if (a == NULL || p < a || p >= a + BUF_ARENA_PAGES * page)
		return false;
	bit = UINT32_C(1) << ((size_t)(p - a) / page);
	/* Release: the wipe happens before the page can be handed out. */
	(void)__atomic_fetch_and(&buf_arena_used, ~bit, __ATOMIC_RELEASE);
	return true;
}

/* Allocate cap bytes of storage suited to the buffer's kind. */
static char *
buf_alloc_storage(const struct buf *b, size_t cap)
{
	void *p;
	size_t page;

	if (!(b->flags & BUF_SECRET))
		return xmalloc(cap);
	page = buf_pagesize();
	if (cap <= page && (p = buf_arena_get()) != NULL)
		return p;
	cap = (cap + page - 1) / page * page;
	if (posix_memalign(&p, page, cap) != 0)
		fatal("out of memory allocating %zu bytes", cap);
	(void)mlock(p, cap);		/* best effort */
#ifdef MADV_DONTDUMP
	(void)madvise(p, cap, MADV_DONTDUMP);
#endif
	return p;
}

static size_t
buf_storage_size(const struct buf *b)
{
	size_t page;

	if (!(b->flags & BUF_SECRET))
		return b->cap;
	page = buf_pagesize();
	return (b->cap + page - 1) / page * page;
}

static void
buf_free_storage(struct buf *b)
{
	size_t n;

	if (b->p == NULL)
		return;
	if (b->flags & BUF_SECRET) {
		n = buf_storage_size(b);
		/* Nothing was ever written past the high-water mark. */
		explicit_bzero(b->p, b->hw < n ? b->hw : n);
		if (buf_arena_put(b->p)) {
			b->p = NULL;
			b->hw = 0;
			return;
		}
		(void)munlock(b->p, n);
#ifdef MADV_DODUMP
		(void)madvise(b->p, n, MADV_DODUMP);
#endif
	} else if (b->flags & BUF_WIPE) {
		explicit_bzero(b->p, b->hw < b->cap ? b->hw : b->cap);
	}
	free(b->p);
	b->p = NULL;
	b->hw = 0;
}

void
buf_init(struct buf *b, size_t max)
{
	b->p = NULL;
	b->len = b->cap = b->hw = 0;
	b->max = max;
	b->flags = 0;
}

void
buf_release(struct buf *b)
{
	buf_free_storage(b);
	b->len = b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	if (b->p == NULL)
		return;
	if (b->flags & (BUF_SECRET | BUF_WIPE))
		explicit_bzero(b->p, b->len);
	b->len = 0;
	b->p[0] = '\0';
}

/* Make room for n more bytes plus the NUL. */
static int
buf_reserve(struct buf *b, size_t n)
{
	size_t need, cap;
	char *np;

	if (n > b->max || b->len > b->max - n)
		return av_error_set(AV_ERR_INVALID,
		    "data exceeds the limit of %zu bytes", b->max);
	need = b->len + n + 1;
	if (b->p != NULL && need <= b->cap) {
		if (need > b->hw)
			b->hw = need;
		return 0;
	}
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	/* Secret storage comes in whole locked pages: use all of it, so a
	 * growing secbuf moves (and re-locks) once per page, not per
	 * doubling. */
	if ((b->flags & BUF_SECRET) && cap <= SIZE_MAX - buf_pagesize())
		cap = (cap + buf_pagesize() - 1) / buf_pagesize() *
		    buf_pagesize();
	if (b->max < SIZE_MAX && cap > b->max + 1)
		cap = b->max + 1;
	np = buf_alloc_storage(b, cap);
	if (b->p != NULL)
		memcpy(np, b->p, b->len + 1);
	else
		np[0] = '\0';
	buf_free_storage(b);	/* wipes the old copy of a secret */
	b->p = np;
	b->cap = cap;
	b->hw = need;
	return 0;
}

int
buf_put(struct buf *b, const void *data, size_t n)
{
	int r;

	if ((r = buf_reserve(b, n)) != 0)
		return r;
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

char *
buf_space(struct buf *b, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return NULL;
	return b->p + b->len;
}

void
buf_advance(struct buf *b, size_t k)
{
	if (b->p == NULL || b->len + k >= b->cap)
		BUG("buf_advance beyond buf_space");
	b->len += k;
	b->p[b->len] = '\0';
}

int
buf_putc(struct buf *b, char c)
{
	return buf_put(b, &c, 1);
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

int
buf_cat(struct buf *b, ...)
{
	va_list ap;
	const char *s;
	size_t len = b->len;
	int r = 0;

	va_start(ap, b);
	while (r == 0 && (s = va_arg(ap, const char *)) != NULL)
		r = buf_puts(b, s);
	va_end(ap);
	/* All or nothing, as buf_printf. */
	if (r != 0 && b->p != NULL) {
		b->len = len;
		b->p[len] = '\0';
	}
	return r;
}

int
buf_put_i64(struct buf *b, int64_t v)
{
	char d[24], *p = d + sizeof(d);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return buf_put(b, p, (size_t)(d + sizeof(d) - p));
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, r;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return av_error_set(AV_ERR_INTERNAL, "bad format string");
	if ((r = buf_reserve(b, (size_t)n)) != 0)
		return r;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *
buf_cstr(const struct buf *b)
{
	return b->p != NULL ? b->p : "";
}

char *
buf_detach(struct buf *b)
{
	char *p;

	if (b->flags & BUF_SECRET)
		BUG("buf_detach on a secret buffer");
	p = b->p != NULL ? b->p : xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

struct secbuf *
secbuf_new(size_t max)
{
	struct secbuf *sb;

	sb = xcalloc(1, sizeof(*sb));
	buf_init(&sb->b, max);
	sb->b.flags = BUF_SECRET;
	return sb;
}

struct secbuf *
secbuf_from(const void *data, size_t n)
{
	struct secbuf *sb;

	sb = secbuf_new(n > 0 ? n : 1);
	if (buf_put(&sb->b, data, n) != 0)
		BUG("secbuf_from overflow");
	return sb;
}

struct secbuf *
secbuf_from_str(const char *s)
{
	return secbuf_from(s, strlen(s));
}

void
secbuf_free(struct secbuf *sb)
{
	if (sb == NULL)
		return;
	buf_release(&sb->b);
	free(sb);
}

int
secbuf_put(struct secbuf *sb, const void *data, size_t n)
{
	return buf_put(&sb->b, data, n);
}

int
secbuf_puts(struct secbuf *sb, const char *s)
{
	return buf_put(&sb->b, s, strlen(s));
}

void
secbuf_reset(struct secbuf *sb)
{
	buf_reset(&sb->b);
}

const char *
secbuf_ptr(const struct secbuf *sb)
{
	return buf_cstr(&sb->b);
}

size_t
secbuf_len(const struct secbuf *sb)
{
	return sb->b.len;
}

struct secbuf *
secbuf_dup(const struct secbuf *sb)
{
	if (sb == NULL)
		return NULL;
	return secbuf_from(buf_cstr(&sb->b), sb->b.len);
}

bool
secbuf_eq(const struct secbuf *a, const struct secbuf *b)
{
	if (a->b.len != b->b.len)
		return false;
	return crypto_memeq(buf_cstr(&a->b), buf_cstr(&b->b), a->b.len);
}

struct buf *
secbuf_buf(struct secbuf *sb)
{
	return &sb->b;
}
