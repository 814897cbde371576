/* SPDX-License-Identifier: MIT */
/*
 * tty.c: one line from a terminal in raw mode (see tty.h).
 *
 * The terminal is put in the same mode as mattn/go-tty, which the Go
 * aws-vault uses: ICANON, ECHO, ICRNL (and ISTRIP, INLCR, IGNCR, IXOFF)
 * off, ISIG on, VMIN 1.  We then do the line editing ourselves, so the
 * echo can be the text, stars or nothing.  Because ISIG stays on, ^C
 * raises SIGINT while the terminal is in raw mode: the handlers here put
 * the saved settings back before the signal does its usual work.  The
 * program is single-threaded and reads one prompt at a time, so that
 * state lives in a few statics.
 */
#include "util/common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "prompt/tty.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"

#define PROMPT_TTY_PATH	"/dev/tty"

/* Signals that end or stop the process while a prompt waits. */
static const int prompt_tty_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP,
};
static struct sigaction prompt_tty_oldact[AV_ARRAY_SIZE(prompt_tty_signals)];
static bool prompt_tty_hooked[AV_ARRAY_SIZE(prompt_tty_signals)];

/* The terminal being read, its settings on entry and our raw ones. */
static volatile sig_atomic_t prompt_tty_sig_fd = -1;
static volatile sig_atomic_t prompt_tty_caught;
static volatile sig_atomic_t prompt_tty_resumed;
static struct termios prompt_tty_saved, prompt_tty_raw;

/* Put the terminal back, then let the signal act (die, or stop and come
 * back to raw mode on SIGCONT).  Only async-signal-safe calls here. */
static void
prompt_tty_on_signal(int sig)
{
	int saved_errno = errno, fd = prompt_tty_sig_fd;
	struct sigaction dfl, ours;
	sigset_t set;
	size_t i;

	if (fd >= 0)
		(void)tcsetattr(fd, TCSANOW, &prompt_tty_saved);
	if (sig == SIGTSTP) {
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		(void)sigaction(SIGTSTP, &dfl, &ours);
		sigemptyset(&set);
		sigaddset(&set, SIGTSTP);
		(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
		(void)raise(SIGTSTP);		/* stopped until SIGCONT */
		(void)sigprocmask(SIG_BLOCK, &set, NULL);
		(void)sigaction(SIGTSTP, &ours, NULL);
		if (fd >= 0)
			(void)tcsetattr(fd, TCSANOW, &prompt_tty_raw);
		prompt_tty_resumed = 1;
		errno = saved_errno;
		return;
	}
	if (fd >= 0 && write(fd, "\n", 1) < 0) {
		/* nothing to do about it in a handler */
	}
	prompt_tty_caught = sig;
	for (i = 0; i < AV_ARRAY_SIZE(prompt_tty_signals); i++) {
		if (prompt_tty_signals[i] == sig && prompt_tty_hooked[i]) {
			(void)sigaction(sig, &prompt_tty_oldact[i], NULL);
			prompt_tty_hooked[i] = false;
		}
	}
	(void)raise(sig);	/* delivered when this handler returns */
	errno = saved_errno;
}

/* Catch the signals above, except those the process ignores (nohup). */
static void
prompt_tty_hook_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = prompt_tty_on_signal;
	sigfillset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: read() sees EINTR */
	for (i = 0; i < AV_ARRAY_SIZE(prompt_tty_signals); i++) {
		prompt_tty_hooked[i] = false;
		if (sigaction(prompt_tty_signals[i], NULL,
		    &prompt_tty_oldact[i]) != 0 ||
		    prompt_tty_oldact[i].sa_handler == SIG_IGN)
			continue;
		if (sigaction(prompt_tty_signals[i], &sa, NULL) == 0)
			prompt_tty_hooked[i] = true;
	}
}

/* Give the signals back their previous handlers. */
static void
prompt_tty_unhook_signals(void)
{
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(prompt_tty_signals); i++) {
		if (prompt_tty_hooked[i])
			(void)sigaction(prompt_tty_signals[i],
			    &prompt_tty_oldact[i], NULL);
		prompt_tty_hooked[i] = false;
	}
}

/* Write all of s to fd. */
static int
prompt_tty_write(int fd, const char *name, const void *s, size_t n)
{
	const char *p = s;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return av_error_errno(AV_ERR_SYSTEM, "write %s", name);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One line being read. */
struct prompt_tty_ctx {
	int		 infd, outfd;
	const char	*name;		/* "/dev/tty" or "stdin" */
	const char	*prompt;
	unsigned	 flags;
	int		 pending;	/* a pushed-back byte, or -1 */
	size_t		 len;
	char		 line[PROMPT_TTY_LINE_MAX];
};

/* Show what has been typed so far the way it was echoed. */
static void
prompt_tty_echo(struct prompt_tty_ctx *c, const char *s, size_t n)
{
	size_t i;

	if (c->flags & PROMPT_TTY_SILENT)
		return;
	if ((c->flags & PROMPT_TTY_MASK) == 0) {
		(void)prompt_tty_write(c->outfd, c->name, s, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			(void)prompt_tty_write(c->outfd, c->name, "*", 1);
}

/* Read one byte, first the pushed-back one if any.  After a ^Z stop the
 * prompt and the echo so far are shown again. */
static int
prompt_tty_getc(struct prompt_tty_ctx *c, unsigned char *cp)
{
	ssize_t n;

	if (c->pending >= 0) {
		*cp = (unsigned char)c->pending;
		c->pending = -1;
		return 0;
	}
	for (;;) {
		n = read(c->infd, cp, 1);
		if (n == 1)
			return 0;
		if (n == 0)
			return av_error_set(AV_ERR_CANCELLED, "read %s: EOF",
			    c->name);
		if (errno != EINTR)
			return av_error_errno(AV_ERR_SYSTEM, "read %s",
			    c->name);
		if (prompt_tty_caught != 0)
			return av_error_set(AV_ERR_CANCELLED,
			    "read %s: interrupted", c->name);
		if (prompt_tty_resumed) {
			prompt_tty_resumed = 0;
			(void)prompt_tty_write(c->outfd, c->name, c->prompt,
			    strlen(c->prompt));
			prompt_tty_echo(c, c->line, c->len);
		}
	}
}

/* Skip the rest of an escape sequence (ESC [ ... final, ESC O x), so that
 * arrow keys do not insert text.  A byte that starts no sequence is
 * pushed back. */
static int
prompt_tty_skip_escape(struct prompt_tty_ctx *c)
{
	unsigned char b;
	int r;

	if ((r = prompt_tty_getc(c, &b)) != 0)
		return r;
	if (b == 'O')
		return prompt_tty_getc(c, &b);
	if (b != '[') {
		c->pending = b;
		return 0;
	}
	do {
		if ((r = prompt_tty_getc(c, &b)) != 0)
			return r;
		if (b < 0x20) {
			c->pending = b;
			break;
		}
	} while (b < 0x40 || b > 0x7e);
	return 0;
}

/* Whether a character takes two terminal columns (East Asian wide and
 * full-width forms, after Markus Kuhn's wcwidth), so that erasing it
 * takes two backspaces. */
static bool
prompt_tty_wide(uint32_t r)
{
	return (r >= 0x1100 && r <= 0x115f) ||
	    (r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) ||
	    (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) ||
	    (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
	    (r >= 0xffe0 && r <= 0xffe6) || (r >= 0x1f300 && r <= 0x1f64f) ||
	    (r >= 0x1f900 && r <= 0x1f9ff) || (r >= 0x20000 && r <= 0x3fffd);
}

/* Read the continuation bytes of a character led by u[0].  Returns 0 and
 * sets *np to the sequence length, or to 0 when the sequence is invalid
 * (a byte that does not continue it is pushed back). */
static int
prompt_tty_read_rune(struct prompt_tty_ctx *c, unsigned char *u, size_t *np)
{
	size_t need = str_utf8_len(u[0]), n = 1, len;
	uint32_t rune;
	int r;

	*np = 0;
	if (need == 0)
		return 0;
	while (n < need) {
		if ((r = prompt_tty_getc(c, &u[n])) != 0)
			return r;
		if ((u[n] & 0xc0) != 0x80) {
			c->pending = u[n];
			return 0;
		}
		n++;
	}
	rune = str_utf8_decode(u, n, &len);
	if (len != n || (rune >= 0x80 && rune < 0xa0))	/* C1 controls */
		return 0;
	*np = n;
	return 0;
}

/* Erase the last character of the line and of the echo. */
static void
prompt_tty_erase(struct prompt_tty_ctx *c)
{
	static const char bs[] = "\b \b\b \b";
	size_t i = c->len, cols = 1, len;

	if (i == 0)
		return;
	i--;
	while (i > 0 && ((unsigned char)c->line[i] & 0xc0) == 0x80)
		i--;
	if ((c->flags & (PROMPT_TTY_MASK | PROMPT_TTY_SILENT)) == 0 &&
	    prompt_tty_wide(str_utf8_decode((unsigned char *)c->line + i,
	    c->len - i, &len)))
		cols = 2;
	explicit_bzero(c->line + i, c->len - i);
	c->len = i;
	if ((c->flags & PROMPT_TTY_SILENT) == 0)
		(void)prompt_tty_write(c->outfd, c->name, bs, 3 * cols);
}

/* Read characters into the line until CR or LF. */
static int
prompt_tty_edit(struct prompt_tty_ctx *c)
{
	unsigned char u[4];
	size_t n;
	int r = AV_ERR_INTERNAL;

	for (;;) {
		if ((r = prompt_tty_getc(c, u)) != 0)
			goto out;
		if (u[0] == '\r' || u[0] == '\n')
			break;
		if (u[0] == 8 || u[0] == 127) {
			prompt_tty_erase(c);
			continue;
		}
		if (u[0] == 27) {
			if ((r = prompt_tty_skip_escape(c)) != 0)
				goto out;
			continue;
		}
		if (u[0] < 0x20)
			continue;	/* other control characters */
		if ((r = prompt_tty_read_rune(c, u, &n)) != 0)
			goto out;
		if (n == 0 || c->len + n > sizeof(c->line))
			continue;	/* invalid UTF-8, or full */
		memcpy(c->line + c->len, u, n);
		c->len += n;
		prompt_tty_echo(c, (char *)u, n);
	}
	r = 0;
out:
	explicit_bzero(u, sizeof(u));
	return r;
}

/* Prompt on outfd and read a line from the terminal infd in raw mode. */
static int
prompt_tty_line(int infd, int outfd, const char *name, const char *prompt,
    unsigned flags, struct secbuf **linep)
{
	struct prompt_tty_ctx c;
	int r = AV_ERR_INTERNAL;
	bool raw = false, prompted = false;
	struct str s;

	*linep = NULL;
	memset(&c, 0, sizeof(c));
	c.infd = infd;
	c.outfd = outfd;
	c.name = name;
	c.prompt = prompt;
	c.flags = flags;
	c.pending = -1;
	if (tcgetattr(infd, &prompt_tty_saved) != 0) {
		r = av_error_errno(AV_ERR_UNSUPPORTED, "%s", name);
		goto out;
	}
	prompt_tty_raw = prompt_tty_saved;
	prompt_tty_raw.c_iflag &= ~(tcflag_t)(ISTRIP | INLCR | ICRNL | IGNCR |
	    IXOFF);
	prompt_tty_raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
	prompt_tty_raw.c_lflag |= ISIG;
	prompt_tty_raw.c_cc[VMIN] = 1;
	prompt_tty_raw.c_cc[VTIME] = 0;
	prompt_tty_caught = 0;
	prompt_tty_resumed = 0;
	prompt_tty_sig_fd = infd;
	prompt_tty_hook_signals();
	if (tcsetattr(infd, TCSANOW, &prompt_tty_raw) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "set up %s", name);
		goto out;
	}
	raw = true;
	if ((r = prompt_tty_write(outfd, name, prompt, strlen(prompt))) != 0)
		goto out;
	prompted = true;
	if ((r = prompt_tty_edit(&c)) != 0)
		goto out;
	s = str_make(c.line, c.len);
	if (flags & PROMPT_TTY_TRIM)
		s = str_trim(s);
	*linep = secbuf_from(s.p, s.len);
	r = 0;
out:
	if (prompted)
		(void)prompt_tty_write(outfd, name, "\n", 1);
	if (raw)
		(void)tcsetattr(infd, TCSANOW, &prompt_tty_saved);
	prompt_tty_sig_fd = -1;
	prompt_tty_unhook_signals();
	explicit_bzero(&c, sizeof(c));
	return r;
}

int
prompt_tty_read(const char *prompt, unsigned flags, struct secbuf **linep)
{
	int fd, r;

	*linep = NULL;
	fd = open(PROMPT_TTY_PATH, O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return av_error_errno(AV_ERR_UNSUPPORTED, "open %s",
		    PROMPT_TTY_PATH);
	r = prompt_tty_line(fd, fd, PROMPT_TTY_PATH, prompt, flags, linep);
	close(fd);
	return r;
}

int
prompt_tty_confirm(const char *prompt, bool *yesp)
{
	struct secbuf *line = NULL;
	struct str s;
	int r;

	*yesp = false;
	if ((r = prompt_tty_read(prompt, PROMPT_TTY_TRIM, &line)) != 0)
		return r;
	s = str_make(secbuf_ptr(line), secbuf_len(line));
	*yesp = str_eq_nocase(s, "y") || str_eq_nocase(s, "yes");
	secbuf_free(line);
	return 0;
}

int
prompt_tty_read_passphrase(const char *prompt, struct secbuf **pwp)
{
	*pwp = NULL;
	if (isatty(STDIN_FILENO))
		return prompt_tty_line(STDIN_FILENO, STDERR_FILENO, "stdin",
		    prompt, PROMPT_TTY_SILENT, pwp);
	return prompt_tty_read(prompt, PROMPT_TTY_SILENT, pwp);
}

void
prompt_tty_notice(const char *msg)
{
	int fd = open(PROMPT_TTY_PATH, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	int out = fd >= 0 ? fd : 2;
	size_t n = strlen(msg);

	if (write(out, msg, n) != (ssize_t)n || write(out, "\n", 1) != 1) {
		/* Nothing better to do: the message is advisory. */
	}
	if (fd >= 0)
		close(fd);
}
