/* SPDX-License-Identifier: MIT */
/* error.c: the process-global error-message slot (see error.h). */
#include "util/common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "util/error.h"

/* One slot per thread: the credential servers answer requests on their
 * own thread while the main thread waits for exec's child. */
static __thread char av_error_buf[2048];
static __thread int av_error_last;

static void
av_error_vset(const char *fmt, va_list ap)
{
	vsnprintf(av_error_buf, sizeof(av_error_buf), fmt, ap);
}

int
av_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	av_error_vset(fmt, ap);
	va_end(ap);
	av_error_last = code;
	return code;
}

int
av_error_errno(int code, const char *fmt, ...)
{
	int saved = errno;
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	av_error_vset(fmt, ap);
	va_end(ap);
	n = strlen(av_error_buf);
	snprintf(av_error_buf + n, sizeof(av_error_buf) - n, ": %s",
	    strerror(saved));
	/* Go's errno texts are glibc's in lower case ("no such file or
	 * directory"); match them, since users and scripts see both. */
	if (n + 2 < sizeof(av_error_buf) && av_error_buf[n + 2] >= 'A' &&
	    av_error_buf[n + 2] <= 'Z')
		av_error_buf[n + 2] = (char)(av_error_buf[n + 2] - 'A' + 'a');
	av_error_last = code;
	errno = saved;
	return code;
}

void
av_error_prefix(const char *fmt, ...)
{
	char old[sizeof(av_error_buf)];
	size_t n;
	va_list ap;

	memcpy(old, av_error_buf, sizeof(old));
	va_start(ap, fmt);
	av_error_vset(fmt, ap);
	va_end(ap);
	n = strlen(av_error_buf);
	snprintf(av_error_buf + n, sizeof(av_error_buf) - n, ": %s", old);
}

const char *
av_error_msg(void)
{
	return av_error_buf;
}

int
av_error_code(void)
{
	return av_error_last;
}

void
av_error_clear(void)
{
	av_error_buf[0] = '\0';
	av_error_last = 0;
}
