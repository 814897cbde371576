/* SPDX-License-Identifier: MIT */
/* log.c: debug logging in Go's log format. */
#include "util/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "util/log.h"

static bool log_debug_on;

void
log_set_debug(bool on)
{
	log_debug_on = on;
}

bool
log_debug_enabled(void)
{
	return log_debug_on;
}

void
log_debug(const char *fmt, ...)
{
	char stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (!log_debug_on)
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y/%m/%d %H:%M:%S", &tm);
	fprintf(stderr, "%s ", stamp);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
