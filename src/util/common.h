/* SPDX-License-Identifier: MIT */
/*
 * common.h: included first by every .c file of the project.  It pulls in
 * the few libc headers nearly everything uses and, last, banned.h, which
 * turns unsafe libc functions into compile errors.
 */
#ifndef AV_COMMON_H
#define AV_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* Every libc header that declares a banned function comes before
 * banned.h, so later includes find them already declared. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define AV_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define AV_UNUSED		__attribute__((unused))
#define AV_PRINTF(f, a)		__attribute__((format(printf, f, a)))
#define AV_NORETURN		__attribute__((noreturn))
#define AV_SENTINEL		__attribute__((sentinel))

#ifndef AV_VERSION
#define AV_VERSION "dev"
#endif

#include "util/banned.h"

#endif
