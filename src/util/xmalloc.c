/* SPDX-License-Identifier: MIT */
/* xmalloc.c: allocation wrappers that abort on failure. */
#include "util/common.h"

#include <stdio.h>
#include <unistd.h>

#include "util/xmalloc.h"

void
fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("aws-vault: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", nmemb, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = reallocarray(ptr, nmemb, size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", nmemb, size);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrdup_nonempty(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : xstrdup(s);
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char *p;

	if (vasprintf(&p, fmt, ap) < 0)
		fatal("out of memory formatting a string");
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

char *
xstrjoin(const char *s, ...)
{
	va_list ap;
	const char *t;
	size_t n = 0, k;
	char *p, *q;

	va_start(ap, s);
	for (t = s; t != NULL; t = va_arg(ap, const char *)) {
		if ((k = strlen(t)) >= SIZE_MAX - n)
			fatal("out of memory joining strings");
		n += k;
	}
	va_end(ap);
	q = p = xmalloc(n + 1);
	va_start(ap, s);
	for (t = s; t != NULL; t = va_arg(ap, const char *)) {
		k = strlen(t);
		memcpy(q, t, k);
		q += k;
	}
	va_end(ap);
	*q = '\0';
	return p;
}

void
freezero(void *p, size_t n)
{
	if (p == NULL)
		return;
	explicit_bzero(p, n);
	free(p);
}

void
freezero_str(char *s)
{
	if (s == NULL)
		return;
	freezero(s, strlen(s));
}
