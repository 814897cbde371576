/* SPDX-License-Identifier: MIT */
/*
 * log.h: --debug output.  Lines go to stderr as
 * "YYYY/MM/DD HH:MM:SS message" (Go's log format, spec 1.3) only when
 * debugging is on.  Never pass a secret to log_debug.
 */
#ifndef AV_LOG_H
#define AV_LOG_H

#include "util/common.h"

void log_set_debug(bool on);
bool log_debug_enabled(void);
void log_debug(const char *fmt, ...) AV_PRINTF(1, 2);

#endif
