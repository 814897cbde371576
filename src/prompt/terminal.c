/* SPDX-License-Identifier: MIT */
/*
 * terminal.c: the "terminal" MFA driver: ask on /dev/tty (spec 12).
 *
 * Unlike Go, a code that is not six digits once normalised is not sent
 * to AWS: the driver says what was wrong and asks again, up to
 * PROMPT_TERMINAL_TRIES times.
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "prompt/tty.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"

static bool
prompt_terminal_available(void)
{
	return true;
}

/* Read a code, asking again with the reason after a malformed one. */
static int
prompt_terminal_read_mfa(const char *mfa_serial, struct secbuf **codep)
{
	char *msg = prompt_mfa_message(mfa_serial), *ask = NULL;
	struct secbuf *line = NULL;
	int i, r = AV_ERR_INTERNAL;

	*codep = NULL;
	for (i = 0; i < PROMPT_TERMINAL_TRIES; i++) {
		r = prompt_tty_read(ask != NULL ? ask : msg, PROMPT_TTY_TRIM,
		    &line);
		if (r != 0)
			goto out;
		r = prompt_code_normalize(secbuf_ptr(line), secbuf_len(line),
		    codep);
		secbuf_free(line);
		line = NULL;
		if (r == 0)
			goto out;
		free(ask);
		ask = xasprintf("%s\n%s", av_error_msg(), msg);
	}
out:
	free(ask);
	free(msg);
	return r;
}

const struct prompt_ops prompt_terminal_ops = {
	.name = "terminal",
	.available = prompt_terminal_available,
	.read_mfa = prompt_terminal_read_mfa,
};
