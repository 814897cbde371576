/* SPDX-License-Identifier: MIT */
/*
 * error.h: the project's error codes and the one error-message slot.
 *
 * A fallible function returns 0 or a negative AV_ERR_* code.  The detail
 * is recorded once, where the failure is detected, with
 * `return av_error_set(code, fmt, ...)`; callers propagate the code
 * unchanged and may add context at module boundaries with
 * av_error_prefix().  Only cmd/ and main.c print the message.  There is
 * one slot per thread (the local credential servers answer on their own
 * thread), so a message is read on the thread that set it.
 * Messages never contain secret values.
 */
#ifndef AV_ERROR_H
#define AV_ERROR_H

#include "util/common.h"

enum av_err {
	AV_OK = 0,
	AV_ERR_INTERNAL = -1,	/* broken invariant we could recover from */
	AV_ERR_INVALID = -2,	/* bad input: config, item, response, flag */
	AV_ERR_NOT_FOUND = -3,	/* no such item, profile, file */
	AV_ERR_SYSTEM = -4,	/* a system call failed; the message says which */
	AV_ERR_NETWORK = -5,	/* could not talk to a server */
	AV_ERR_AWS = -6,	/* AWS answered with an error */
	AV_ERR_KEYRING = -7,	/* the keystore failed or is unavailable */
	AV_ERR_CANCELLED = -8,	/* the user said no */
	AV_ERR_AUTH = -9,	/* wrong passphrase or tampered data */
	AV_ERR_UNSUPPORTED = -10, /* feature or backend not available here */
};

/* Record a message for code and return code.  The format never receives a
 * secret. */
int av_error_set(int code, const char *fmt, ...) AV_PRINTF(2, 3);

/* Like av_error_set, appending ": strerror(errno)" with its first letter
 * in lower case, as Go words errno (errno is kept as on entry). */
int av_error_errno(int code, const char *fmt, ...) AV_PRINTF(2, 3);

/* Prepend "<context>: " to the current message.  Returns nothing. */
void av_error_prefix(const char *fmt, ...) AV_PRINTF(1, 2);

/* The current message and code.  The message is borrowed until the next
 * av_error_* call; "" when none was set. */
const char *av_error_msg(void);	
int av_error_code(void);
void av_error_clear(void);

#endif
