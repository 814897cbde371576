/* SPDX-License-Identifier: MIT */
/*
 * tty.h: terminal primitives (spec 12, mattn/go-tty as used by aws-vault).
 *
 * A prompt opens the controlling terminal, switches it to a raw line mode
 * (no ICANON, no ECHO, no ICRNL; ISIG kept so ^C still works), writes the
 * prompt and reads one line that ends at CR or LF.  Backspace and DEL
 * erase the last character, escape sequences (arrow keys) and other
 * control characters are ignored, UTF-8 characters are kept whole.  The
 * terminal settings are restored on every path, also when SIGINT,
 * SIGTERM, SIGHUP or SIGQUIT arrives (restore, then re-raise) and around
 * a ^Z stop.  A newline is written at the end.
 *
 * Lines are returned in a struct secbuf: the same reader takes secrets.
 * Layering: prompt uses util only; these functions write to the
 * terminal, never to stdout, and never exit.
 */
#ifndef AV_PROMPT_TTY_H
#define AV_PROMPT_TTY_H

#include "util/common.h"

struct secbuf;

/* Longest line accepted, in bytes; further input is ignored. */
#define PROMPT_TTY_LINE_MAX	1024

enum prompt_tty_flags {
	PROMPT_TTY_ECHO = 0,		/* show what is typed (default) */
	PROMPT_TTY_MASK = 1 << 0,	/* show each character as '*' */
	PROMPT_TTY_SILENT = 1 << 1,	/* show nothing */
	PROMPT_TTY_TRIM = 1 << 2,	/* trim ASCII white space at both ends
					   (Go strings.TrimSpace) */
};

/* Write prompt to /dev/tty and read a line from it, as flags say.
 * *linep is set to a new secbuf holding the line without its CR/LF
 * (caller frees with secbuf_free).  Returns 0 on success,
 * AV_ERR_UNSUPPORTED without a controlling terminal ("open /dev/tty:
 * <strerror>"), AV_ERR_CANCELLED on end of input or when a signal
 * interrupted the read, or AV_ERR_SYSTEM. */
int prompt_tty_read(const char *prompt, unsigned flags,
    struct secbuf **linep);

/* Ask a yes/no question on /dev/tty (remove's confirmation, spec 3.2).
 * *yesp is true when the trimmed answer is "y" or "yes" in any case.
 * Returns 0 or an error of prompt_tty_read. */
int prompt_tty_confirm(const char *prompt, bool *yesp);

/* The file backend's passphrase prompt (spec 2, 11.3): write prompt to
 * stderr and read a line with no echo from stdin when stdin is a
 * terminal; otherwise prompt and read on /dev/tty.  The line is not
 * trimmed.  The closing newline goes where the prompt went (Go prints it
 * to stdout).  *pwp is owned by the caller.  Returns 0 or an error of
 * prompt_tty_read. */
int prompt_tty_read_passphrase(const char *prompt, struct secbuf **pwp);

/* Tell the user something (one line) on the terminal, or on stderr when
 * there is none.  Never carries a secret.  Cannot fail. */
void prompt_tty_notice(const char *msg);

#endif
