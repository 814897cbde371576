/* SPDX-License-Identifier: MIT */
/*
 * prompt.c: the driver table, driver choice (spec 12) and the runner the
 * program-based drivers share.
 *
 * Go registers a driver when its program is on PATH at start-up; we ask
 * PATH when the list is needed, which gives the same answer without a
 * start-up cost for commands that never prompt.
 */
#include "util/common.h"

#include <fcntl.h>
#include <unistd.h>

#include "prompt/prompt.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Biggest output a driver may print; a code is 6 digits. */
#define PROMPT_OUTPUT_MAX	4096
/* Diagnostics kept from a dialog's stderr. */
#define PROMPT_STDERR_MAX	(64 * 1024)
/* Characters of it shown in an error message. */
#define PROMPT_DIAG_MAX		200

/* Sorted by name, as Go's prompt.Available() sorts. */
const struct prompt_ops *const prompt_drivers[] = {
	&prompt_kdialog_ops,
	&prompt_osascript_ops,
	&prompt_terminal_ops,
	&prompt_ykman_ops,
	&prompt_zenity_ops,
	NULL,
};

static const char prompt_pass_removed[] =
    "--prompt=pass (or AWS_VAULT_PROMPT=pass) has been removed from "
    "aws-vault as using TOTPs without a dedicated device goes against "
    "security best practices. If you wish to continue using pass, add "
    "`mfa_process = pass otp <your mfa_serial>` to profiles in your "
    "~/.aws/config file.";

void
prompt_available_names(struct strv *names)
{
	size_t i;

	for (i = 0; prompt_drivers[i] != NULL; i++)
		if (prompt_drivers[i]->available())
			strv_push(names, prompt_drivers[i]->name);
}

const struct prompt_ops *
prompt_find(const char *name)
{
	size_t i;

	for (i = 0; prompt_drivers[i] != NULL; i++)
		if (streq(prompt_drivers[i]->name, name) &&
		    prompt_drivers[i]->available())
			return prompt_drivers[i];
	return NULL;
}

int
prompt_select(const char *name, bool server_mode,
    const struct prompt_ops **opsp)
{
	struct buf list;
	size_t i;
	int r;

	*opsp = NULL;
	if (!str_empty(name)) {
		if (streq(name, "pass"))
			return av_error_set(AV_ERR_UNSUPPORTED, "%s",
			    prompt_pass_removed);
		if ((*opsp = prompt_find(name)) != NULL)
			return 0;
		buf_init(&list, 4096);
		for (i = 0; prompt_drivers[i] != NULL; i++) {
			if (!prompt_drivers[i]->available())
				continue;
			(void)buf_printf(&list, "%s%s", list.len ? "," : "",
			    prompt_drivers[i]->name);
		}
		r = av_error_set(AV_ERR_INVALID,
		    "--prompt value must be one of %s, got '%s'",
		    buf_cstr(&list), name);
		buf_release(&list);
		return r;
	}
	*opsp = &prompt_terminal_ops;
	if (!server_mode && isatty(STDOUT_FILENO))
		return 0;
	for (i = 0; prompt_drivers[i] != NULL; i++) {
		if (prompt_drivers[i] != &prompt_terminal_ops &&
		    prompt_drivers[i]->available()) {
			*opsp = prompt_drivers[i];
			break;
		}
	}
	return 0;
}

char *
prompt_mfa_message(const char *mfa_serial)
{
	return xasprintf("Enter MFA code for %s: ", mfa_serial);
}

/* The first line of a dialog's stderr, trimmed, for an error message. */
static struct str
prompt_first_line(const struct buf *b)
{
	struct str s = str_trim(str_make(buf_cstr(b), b->len)), line;

	if (!str_split(&s, '\n', &line))
		return s;
	return str_trim(line);
}

int
prompt_run(const char *what, const char *const *argv, bool use_tty,
    struct secbuf **codep)
{
	struct secbuf *out = secbuf_new(PROMPT_OUTPUT_MAX);
	struct spawn sp;
	struct buf err;
	struct str diag;
	int fd, status, r = AV_ERR_INTERNAL;

	*codep = NULL;
	buf_init(&err, PROMPT_STDERR_MAX);
	memset(&sp, 0, sizeof(sp));
	sp.argv = argv;
	sp.out = SPAWN_CAPTURE;
	sp.out_buf = secbuf_buf(out);
	if (use_tty) {
		/* BN: prompts of ykman or a script reach the user even when
		 * our stdin and stderr are pipes (credential_process).
		 * Without a terminal stdin is /dev/null, stderr ours. */
		sp.in = SPAWN_NULL;
		if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) >=
		    0) {
			close(fd);
			sp.in = SPAWN_TTY;
		}
		sp.err = SPAWN_TTY;
	} else {
		sp.in = SPAWN_NULL;
		sp.err = SPAWN_CAPTURE;
		sp.err_buf = &err;
	}
	if ((r = spawn_run(&sp, &status)) != 0) {
		av_error_prefix("%s", what);
		goto out;
	}
	if (status != 0) {
		diag = prompt_first_line(&err);
		if (diag.len > PROMPT_DIAG_MAX)
			diag.len = PROMPT_DIAG_MAX;
		r = av_error_set(!use_tty && status == 1 ? AV_ERR_CANCELLED :
		    AV_ERR_SYSTEM, "%s: exit status %d%s%.*s", what, status,
		    diag.len ? ": " : "", (int)diag.len, diag.p);
		goto out;
	}
	if ((r = prompt_code_normalize(secbuf_ptr(out), secbuf_len(out),
	    codep)) != 0) {
		av_error_prefix("%s", what);
		goto out;
	}
	r = 0;
out:
	buf_release(&err);
	secbuf_free(out);
	return r;
}
