/* SPDX-License-Identifier: MIT */
/*
 * test-prompt.c: MFA code normalisation, driver choice, the exact argv of
 * each driver (through recording stub programs on a private PATH), and
 * the raw-mode line reader on a real pseudo-terminal.
 */
#include "test.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "prompt/prompt.h"
#include "prompt/tty.h"
#include "util/secbuf.h"
#include "util/str.h"

#define SERIAL	"arn:aws:iam::123456789012:mfa/alice"
#define MESSAGE	"Enter MFA code for " SERIAL ": "

/* A stub that records its name and arguments, one per line, in
 * <dir>/<name>.log, whether stdin is a terminal in <name>.stdin, prints
 * $STUB_OUT (default "123456\n") and exits with $STUB_EXIT. */
static const char stub_script[] =
    "#!/bin/sh\n"
    "d=${0%/*}\n"
    "n=${0##*/}\n"
    ": > \"$d/$n.log\"\n"
    "for a in \"$n\" \"$@\"; do printf '%s\\n' \"$a\" >> \"$d/$n.log\"; done\n"
    "if [ -t 0 ]; then echo tty; else echo notty; fi > \"$d/$n.stdin\"\n"
    "if [ -n \"$STUB_ERR\" ]; then printf '%s\\n' \"$STUB_ERR\" >&2; fi\n"
    "printf '%s' \"${STUB_OUT-123456\n}\"\n"
    "exit \"${STUB_EXIT:-0}\"\n";

static char *tmpdir;		/* holds all/, some/, none/ */
static char *dir_all, *dir_some, *dir_none;

static void
write_stub(const char *dir, const char *name)
{
	char *path = fs_join(dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(stub_script, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0755), 0);
	free(path);
}

static int
setup(void **state)
{
	static const char *const all[] = {
		"kdialog", "osascript", "ykman", "zenity",
	};
	size_t i;

	(void)state;
	tmpdir = test_mkdtemp();
	dir_all = fs_join(tmpdir, "all");
	dir_some = fs_join(tmpdir, "some");
	dir_none = fs_join(tmpdir, "none");
	if (mkdir(dir_all, 0700) != 0 || mkdir(dir_some, 0700) != 0 ||
	    mkdir(dir_none, 0700) != 0)
		return -1;
	for (i = 0; i < AV_ARRAY_SIZE(all); i++)
		write_stub(dir_all, all[i]);
	write_stub(dir_some, "zenity");
	write_stub(dir_some, "ykman");
	/* A directory and a non-executable file do not count as drivers. */
	{
		char *p = fs_join(dir_some, "kdialog"), *q;

		q = fs_join(dir_some, "osascript");
		if (mkdir(p, 0700) != 0 || creat(q, 0644) < 0)
			return -1;
		free(p);
		free(q);
	}
	unsetenv("YKMAN_OATH_CREDENTIAL_NAME");
	unsetenv("YKMAN_OATH_DEVICE_SERIAL");
	unsetenv("AWS_VAULT_YKMAN_VERSION");
	unsetenv("STUB_OUT");
	unsetenv("STUB_EXIT");
	unsetenv("STUB_ERR");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_rm_rf(tmpdir);
	free(dir_all);
	free(dir_some);
	free(dir_none);
	free(tmpdir);
	return 0;
}

/* The contents of <dir_all>/<file>; caller frees. */
static char *
stub_file(const char *file)
{
	char *path = fs_join(dir_all, file);
	struct buf b;

	buf_init(&b, 64 * 1024);
	if (fs_read_file(path, b.max, &b) != 0)
		fail_msg("cannot read %s: %s", path, av_error_msg());
	free(path);
	return buf_detach(&b);
}

static void
assert_stub_log(const char *name, const char *want)
{
	char *file = xasprintf("%s.log", name), *got = stub_file(file);

	assert_string_equal(got, want);
	free(got);
	free(file);
}

/* Whether this process can open a controlling terminal: the drivers
 * that use /dev/tty then hand it to their child as stdin. */
static bool
have_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void
test_normalize(void **state)
{
	static const struct {
		const char *in;
		size_t len;	/* 0: strlen */
		const char *code, *err;
	} v[] = {
		{ "123456", 0, "123456", NULL },
		{ "123456\n", 0, "123456", NULL },
		{ "\t123456\r\n", 0, "123456", NULL },
		{ " 123 456 ", 0, "123456", NULL },
		{ "012345", 0, "012345", NULL },
		/* full-width digits U+FF11..U+FF16, as typed with an IME */
		{ "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
		  "\xef\xbc\x95\xef\xbc\x96", 0, "123456", NULL },
		/* mixed full-width U+FF10/U+FF19 and ASCII */
		{ "\xef\xbc\x90" "12" "\xef\xbc\x99" "45", 0, "012945", NULL },
		/* ideographic space U+3000 inside and around */
		{ "\xe3\x80\x80" "123" "\xe3\x80\x80" "456" "\xe3\x80\x80", 0,
		  "123456", NULL },
		{ "12345", 0, NULL, "MFA code must be 6 digits, got 5" },
		{ "1234567", 0, NULL, "MFA code must be 6 digits, got 7" },
		{ "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
		  "\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97", 0, NULL,
		  "MFA code must be 6 digits, got 7" },
		{ "12345a", 0, NULL, "MFA code contains 'a'" },
		{ "abcdef", 0, NULL, "MFA code contains 'a'" },
		{ "123-456", 0, NULL, "MFA code contains '-'" },
		{ "", 0, NULL, "MFA code is empty" },
		{ " \n", 0, NULL, "MFA code is empty" },
		/* ARABIC-INDIC DIGIT SIX is not an ASCII or full-width digit */
		{ "12345\xd9\xa6", 0, NULL, "MFA code contains U+0666" },
		/* NO-BREAK SPACE is not one of the spaces we drop */
		{ "123\xc2\xa0" "456", 0, NULL, "MFA code contains U+00A0" },
		{ "123\0" "456", 7, NULL, "MFA code contains U+0000" },
		{ "12345\xff", 0, NULL, "MFA code is not valid UTF-8" },
		{ "12345\xef\xbc", 0, NULL, "MFA code is not valid UTF-8" },
		{ "\xc0\xb1" "23456", 0, NULL, "MFA code is not valid UTF-8" },
	};
	struct secbuf *code;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(v); i++) {
		size_t len = v[i].len ? v[i].len : strlen(v[i].in);

		av_error_clear();
		r = prompt_code_normalize(v[i].in, len, &code);
		if (v[i].code != NULL) {
			assert_int_equal(r, 0);
			assert_string_equal(secbuf_ptr(code), v[i].code);
			assert_int_equal(secbuf_len(code), PROMPT_CODE_LEN);
		} else {
			assert_int_equal(r, AV_ERR_INVALID);
			assert_null(code);
			assert_string_equal(av_error_msg(), v[i].err);
		}
		secbuf_free(code);
	}
}

/* prompt_select with stdout on a pseudo-terminal, as in an interactive
 * shell, or on /dev/null, as under credential_process. */
static int
select_stdout(bool tty, const char *name, bool server,
    const struct prompt_ops **opsp)
{
	int m = -1, s, saved, r;

	if (tty) {
		m = posix_openpt(O_RDWR | O_NOCTTY);
		assert_true(m >= 0);
		assert_int_equal(grantpt(m), 0);
		assert_int_equal(unlockpt(m), 0);
		s = open(ptsname(m), O_RDWR | O_NOCTTY);
	} else
		s = open("/dev/null", O_WRONLY);
	assert_true(s >= 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_int_equal(dup2(s, STDOUT_FILENO), STDOUT_FILENO);
	r = prompt_select(name, server, opsp);
	assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
	close(saved);
	close(s);
	if (m >= 0)
		close(m);
	return r;
}

static void
test_select(void **state)
{
	const struct prompt_ops *ops;
	struct strv names;

	(void)state;
	setenv("PATH", dir_some, 1);
	strv_init(&names);
	prompt_available_names(&names);
	assert_int_equal(names.n, 3);
	assert_string_equal(names.v[0], "terminal");
	assert_string_equal(names.v[1], "ykman");
	assert_string_equal(names.v[2], "zenity");
	strv_release(&names);

	/* stdout not a terminal: the first driver that is not terminal */
	assert_int_equal(select_stdout(false, NULL, false, &ops), 0);
	assert_string_equal(ops->name, "ykman");
	assert_int_equal(select_stdout(false, "", false, &ops), 0);
	assert_string_equal(ops->name, "ykman");
	/* stdout a terminal: terminal, unless a server runs */
	assert_int_equal(select_stdout(true, NULL, false, &ops), 0);
	assert_string_equal(ops->name, "terminal");
	assert_int_equal(select_stdout(true, NULL, true, &ops), 0);
	assert_string_equal(ops->name, "ykman");
	/* explicit names are obeyed, whatever stdout is */
	assert_int_equal(select_stdout(false, "terminal", true, &ops), 0);
	assert_string_equal(ops->name, "terminal");
	assert_int_equal(select_stdout(true, "zenity", false, &ops), 0);
	assert_string_equal(ops->name, "zenity");
	assert_int_equal(prompt_select("kdialog", false, &ops),
	    AV_ERR_INVALID);
	assert_null(ops);
	assert_string_equal(av_error_msg(), "--prompt value must be one of "
	    "terminal,ykman,zenity, got 'kdialog'");
	assert_int_equal(prompt_select("pass", false, &ops),
	    AV_ERR_UNSUPPORTED);
	assert_string_equal(av_error_msg(), "--prompt=pass (or "
	    "AWS_VAULT_PROMPT=pass) has been removed from aws-vault as using "
	    "TOTPs without a dedicated device goes against security best "
	    "practices. If you wish to continue using pass, add `mfa_process "
	    "= pass otp <your mfa_serial>` to profiles in your ~/.aws/config "
	    "file.");

	/* all drivers: sorted, kdialog first */
	setenv("PATH", dir_all, 1);
	strv_init(&names);
	prompt_available_names(&names);
	assert_int_equal(names.n, 5);
	assert_string_equal(names.v[0], "kdialog");
	assert_string_equal(names.v[1], "osascript");
	assert_string_equal(names.v[2], "terminal");
	assert_string_equal(names.v[3], "ykman");
	assert_string_equal(names.v[4], "zenity");
	strv_release(&names);
	assert_int_equal(select_stdout(false, NULL, true, &ops), 0);
	assert_string_equal(ops->name, "kdialog");
	assert_int_equal(prompt_select("x", false, &ops), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "--prompt value must be one of "
	    "kdialog,osascript,terminal,ykman,zenity, got 'x'");

	/* nothing but terminal: terminal even when avoided */
	setenv("PATH", dir_none, 1);
	assert_int_equal(select_stdout(false, NULL, true, &ops), 0);
	assert_string_equal(ops->name, "terminal");
	assert_ptr_equal(prompt_find("terminal"), &prompt_terminal_ops);
	assert_null(prompt_find("zenity"));
	assert_null(prompt_find("pass"));
}

/* Run one driver against the stubs and check the code it returned. */
static void
read_ok(const struct prompt_ops *ops, const char *want)
{
	struct secbuf *code = NULL;
	int r;

	r = ops->read_mfa(SERIAL, &code);
	if (r != 0)
		fail_msg("%s: %s", ops->name, av_error_msg());
	assert_string_equal(secbuf_ptr(code), want);
	secbuf_free(code);
}

static void
test_driver_argv(void **state)
{
	char *s;

	(void)state;
	setenv("PATH", dir_all, 1);
	read_ok(&prompt_zenity_ops, "123456");
	assert_stub_log("zenity", "zenity\n--entry\n--title\naws-vault\n"
	    "--text\n" MESSAGE "\n");
	s = stub_file("zenity.stdin");
	assert_string_equal(s, "notty\n");	/* /dev/null, as Go */
	free(s);

	read_ok(&prompt_kdialog_ops, "123456");
	assert_stub_log("kdialog", "kdialog\n--inputbox\n" MESSAGE "\n"
	    "--title\naws-vault\n");

	read_ok(&prompt_osascript_ops, "123456");
	assert_stub_log("osascript", "osascript\n-e\n"
	    "\n\t\tdisplay dialog \"" MESSAGE "\" default answer \"\" "
	    "buttons {\"OK\", \"Cancel\"} default button 1\n"
	    "        text returned of the result\n"
	    "        return result\n");

	read_ok(&prompt_ykman_ops, "123456");
	assert_stub_log("ykman", "ykman\noath\naccounts\ncode\n--single\n"
	    SERIAL "\n");
	s = stub_file("ykman.stdin");
	assert_string_equal(s, have_tty() ? "tty\n" : "notty\n");
	free(s);

	setenv("YKMAN_OATH_CREDENTIAL_NAME", "aws:alice", 1);
	setenv("YKMAN_OATH_DEVICE_SERIAL", "12345678", 1);
	read_ok(&prompt_ykman_ops, "123456");
	assert_stub_log("ykman", "ykman\n--device\n12345678\noath\naccounts\n"
	    "code\n--single\naws:alice\n");
	setenv("AWS_VAULT_YKMAN_VERSION", "3", 1);
	unsetenv("YKMAN_OATH_DEVICE_SERIAL");
	read_ok(&prompt_ykman_ops, "123456");
	assert_stub_log("ykman", "ykman\noath\ncode\n--single\naws:alice\n");
	setenv("AWS_VAULT_YKMAN_VERSION", "1", 1);
	setenv("YKMAN_OATH_CREDENTIAL_NAME", "", 1);	/* empty = unset */
	read_ok(&prompt_ykman_ops, "123456");
	assert_stub_log("ykman", "ykman\noath\ncode\n--single\n" SERIAL "\n");
	setenv("AWS_VAULT_YKMAN_VERSION", "4", 1);
	read_ok(&prompt_ykman_ops, "123456");
	assert_stub_log("ykman", "ykman\noath\naccounts\ncode\n--single\n"
	    SERIAL "\n");
	unsetenv("AWS_VAULT_YKMAN_VERSION");
	unsetenv("YKMAN_OATH_CREDENTIAL_NAME");
}

static void
test_driver_output(void **state)
{
	struct secbuf *code = NULL;

	(void)state;
	setenv("PATH", dir_all, 1);
	/* what the dialog printed is normalised */
	setenv("STUB_OUT", "\xef\xbc\x96\xef\xbc\x95 4321\n", 1);
	read_ok(&prompt_zenity_ops, "654321");
	setenv("STUB_OUT", "12345\n", 1);
	assert_int_equal(prompt_kdialog_ops.read_mfa(SERIAL, &code),
	    AV_ERR_INVALID);
	assert_null(code);
	assert_string_equal(av_error_msg(),
	    "kdialog: MFA code must be 6 digits, got 5");
	setenv("STUB_OUT", "OATH code 123456\n", 1);
	assert_int_equal(prompt_ykman_ops.read_mfa(SERIAL, &code),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "ykman: MFA code contains 'O'");
	unsetenv("STUB_OUT");

	/* Cancel in a dialog, and its diagnostics */
	setenv("STUB_EXIT", "1", 1);
	setenv("STUB_OUT", "", 1);
	setenv("STUB_ERR", "Gtk-WARNING: cannot open display: :9", 1);
	assert_int_equal(prompt_zenity_ops.read_mfa(SERIAL, &code),
	    AV_ERR_CANCELLED);
	assert_string_equal(av_error_msg(), "zenity: exit status 1: "
	    "Gtk-WARNING: cannot open display: :9");
	unsetenv("STUB_ERR");
	setenv("STUB_EXIT", "5", 1);
	assert_int_equal(prompt_kdialog_ops.read_mfa(SERIAL, &code),
	    AV_ERR_SYSTEM);
	assert_string_equal(av_error_msg(), "kdialog: exit status 5");
	setenv("STUB_EXIT", "1", 1);
	assert_int_equal(prompt_ykman_ops.read_mfa(SERIAL, &code),
	    AV_ERR_SYSTEM);
	assert_string_equal(av_error_msg(), "ykman: exit status 1");
	unsetenv("STUB_EXIT");
	unsetenv("STUB_OUT");

	/* the program vanished from PATH after the list was made */
	setenv("PATH", dir_none, 1);
	assert_int_equal(prompt_zenity_ops.read_mfa(SERIAL, &code),
	    AV_ERR_NOT_FOUND);
	assert_string_equal(av_error_msg(), "zenity: exec: \"zenity\": "
	    "executable file not found in $PATH");
}

static void
test_process(void **state)
{
	struct secbuf *code = NULL;
	char *log = fs_join(tmpdir, "process.log"), *cmd, *got;
	struct buf b;

	(void)state;
	setenv("PATH", "/usr/bin:/bin", 1);
	setenv("AV_TEST_PROCESS_VAR", "inherited", 1);
	/* a shell command line, our environment, stdout trimmed */
	cmd = xasprintf("printf '%%s|%%s\\n' \"$AV_TEST_PROCESS_VAR\" "
	    "\"$(if [ -t 0 ]; then echo tty; else echo notty; fi)\" > '%s'; "
	    "echo '  654321  '", log);
	assert_int_equal(prompt_process_read_mfa(cmd, &code), 0);
	assert_string_equal(secbuf_ptr(code), "654321");
	secbuf_free(code);
	buf_init(&b, 4096);
	assert_int_equal(fs_read_file(log, b.max, &b), 0);
	got = xasprintf("inherited|%s\n", have_tty() ? "tty" : "notty");
	assert_string_equal(buf_cstr(&b), got);
	free(got);
	buf_release(&b);
	free(cmd);

	assert_int_equal(prompt_process_read_mfa("exit 3", &code),
	    AV_ERR_SYSTEM);
	assert_null(code);
	assert_string_equal(av_error_msg(),
	    "process provider: exit status 3");
	assert_int_equal(prompt_process_read_mfa("echo 1234567", &code),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "process provider: MFA code must be 6 digits, got 7");
	assert_int_equal(prompt_process_read_mfa("echo", &code),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "process provider: MFA code is empty");
	unsetenv("AV_TEST_PROCESS_VAR");
	free(log);
}

/* ---- the line reader on a pseudo-terminal ---- */

enum pty_op { PTY_READ, PTY_CONFIRM, PTY_PASSPHRASE, PTY_PASSPHRASE_TTY };

struct pty_result {
	int	 r;		/* the function's result */
	bool	 restored;	/* termios on exit == termios on entry */
	bool	 yes;		/* PTY_CONFIRM */
	size_t	 line_len;
	char	 line[PROMPT_TTY_LINE_MAX + 1];
	char	 msg[256];
	/* filled by the parent */
	int	 status;	/* wait status of the child */
	bool	 restored_outside; /* the parent sees the saved settings */
	size_t	 screen_len;
	char	 screen[8192];	/* what the terminal showed */
};

/* Field by field: struct termios has padding that tcgetattr leaves. */
static bool
termios_eq(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	    a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag &&
	    a->c_line == b->c_line &&
	    memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)) == 0 &&
	    cfgetispeed(a) == cfgetispeed(b) &&
	    cfgetospeed(a) == cfgetospeed(b);
}

/* In a child whose controlling terminal is a new pty, run op with prompt
 * "P: "; type input once the prompt shows; collect the screen. */
static void
pty_run(enum pty_op op, unsigned flags, const char *input, size_t inlen,
    struct pty_result *res)
{
	struct termios before, after;
	struct pollfd pfd[2];
	int m, s, p[2], n;
	bool typed = false, done = false;
	char name[128];
	pid_t pid;

	memset(res, 0, sizeof(*res));
	m = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(m >= 0);
	assert_int_equal(grantpt(m), 0);
	assert_int_equal(unlockpt(m), 0);
	assert_int_equal(ptsname_r(m, name, sizeof(name)), 0);
	/* Our own handle keeps the pty's settings alive after the child. */
	s = open(name, O_RDWR | O_NOCTTY);
	assert_true(s >= 0);
	assert_int_equal(tcgetattr(s, &before), 0);
	assert_int_equal(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct secbuf *line = NULL;
		struct termios t0, t1;
		int ct;

		close(m);
		close(p[0]);
		setsid();
		ct = open(name, O_RDWR);	/* becomes the ctty */
		tcgetattr(ct, &t0);
		if (op == PTY_PASSPHRASE) {
			dup2(ct, STDIN_FILENO);
			dup2(ct, STDERR_FILENO);
		} else if (op == PTY_PASSPHRASE_TTY) {
			int null = open("/dev/null", O_RDWR);

			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		if (op == PTY_CONFIRM)
			res->r = prompt_tty_confirm("P: ", &res->yes);
		else if (op == PTY_READ)
			res->r = prompt_tty_read("P: ", flags, &line);
		else
			res->r = prompt_tty_read_passphrase("P: ", &line);
		tcgetattr(ct, &t1);
		res->restored = termios_eq(&t0, &t1);
		if (line != NULL) {
			res->line_len = secbuf_len(line);
			memcpy(res->line, secbuf_ptr(line), res->line_len);
		}
		snprintf(res->msg, sizeof(res->msg), "%s", av_error_msg());
		if (write(p[1], res, sizeof(*res)) != (ssize_t)sizeof(*res))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	while (!done) {
		pfd[0].fd = m;
		pfd[0].events = POLLIN;
		pfd[1].fd = p[0];
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, 5000) <= 0)
			fail_msg("pty child hangs; screen so far: %.*s",
			    (int)res->screen_len, res->screen);
		if (pfd[0].revents & POLLIN) {
			n = read(m, res->screen + res->screen_len,
			    sizeof(res->screen) - 1 - res->screen_len);
			if (n > 0)
				res->screen_len += (size_t)n;
		}
		if (!typed && memmem(res->screen, res->screen_len, "P: ", 3)) {
			assert_int_equal(write(m, input, inlen),
			    (ssize_t)inlen);
			typed = true;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			struct pty_result got;
			size_t have = 0;

			while (have < sizeof(got) && (n = read(p[0],
			    (char *)&got + have, sizeof(got) - have)) > 0)
				have += (size_t)n;
			if (have == sizeof(got)) {
				res->r = got.r;
				res->restored = got.restored;
				res->yes = got.yes;
				res->line_len = got.line_len;
				memcpy(res->line, got.line, sizeof(got.line));
				memcpy(res->msg, got.msg, sizeof(got.msg));
			}
			done = true;
		}
	}
	/* The last echo may still be on its way. */
	pfd[0].fd = m;
	pfd[0].events = POLLIN;
	while (poll(pfd, 1, 100) > 0 && (n = read(m, res->screen +
	    res->screen_len, sizeof(res->screen) - 1 - res->screen_len)) > 0)
		res->screen_len += (size_t)n;
	res->screen[res->screen_len] = '\0';
	assert_int_equal(waitpid(pid, &res->status, 0), pid);
	assert_int_equal(tcgetattr(s, &after), 0);
	res->restored_outside = termios_eq(&before, &after);
	close(p[0]);
	close(s);
	close(m);
}

/* Read a line in the given mode and check line and screen. */
static void
pty_case(unsigned flags, const char *input, const char *line,
    const char *screen)
{
	struct pty_result *res = xcalloc(1, sizeof(*res));
	size_t line_len = strlen(line);

	pty_run(PTY_READ, flags, input, strlen(input), res);
	if (res->r != 0)
		fail_msg("prompt_tty_read: %s", res->msg);
	assert_true(WIFEXITED(res->status));
	assert_true(res->restored);
	assert_true(res->restored_outside);
	assert_int_equal(res->line_len, line_len);
	assert_memory_equal(res->line, line, line_len);
	if (screen != NULL)
		assert_string_equal(res->screen, screen);
	free(res);
}

static void
test_tty_read(void **state)
{
	char big[PROMPT_TTY_LINE_MAX + 100];

	(void)state;
	/* echo; CR or LF ends the line; the final newline becomes CR LF */
	pty_case(PROMPT_TTY_ECHO, "123456\r", "123456",
	    "P: 123456\r\n");
	pty_case(PROMPT_TTY_ECHO, "abc\n", "abc", "P: abc\r\n");
	/* backspace (8) and DEL (127) erase on screen and in the line */
	pty_case(PROMPT_TTY_ECHO, "ab\bc\x7f" "d\r", "ad",
	    "P: ab\b \bc\b \bd\r\n");
	pty_case(PROMPT_TTY_ECHO, "\x7f\x7fx\r", "x", "P: x\r\n");
	/* masked and silent */
	pty_case(PROMPT_TTY_MASK, "s3cr\x7f" "et\r", "s3cet",
	    "P: ****\b \b**\r\n");
	pty_case(PROMPT_TTY_SILENT, "pw\x7fx\r", "px", "P: \r\n");
	/* arrow keys and other control characters are ignored */
	pty_case(PROMPT_TTY_ECHO, "1\x1b[D2\x1bOA3\x1b[1;5C4\x01\x04\t5\r",
	    "12345", "P: 12345\r\n");
	/* a lone ESC does not eat the next character */
	pty_case(PROMPT_TTY_ECHO, "1\x1bx\r", "1x", NULL);
	/* UTF-8 is kept whole; C1 controls and broken bytes are dropped */
	pty_case(PROMPT_TTY_ECHO,
	    "\xef\xbc\x91\xc2\x85\xff\xe3\x80x\xc3\xa9\r",
	    "\xef\xbc\x91x\xc3\xa9", "P: \xef\xbc\x91x\xc3\xa9\r\n");
	/* a wide character takes two columns to erase */
	pty_case(PROMPT_TTY_ECHO, "\xef\xbc\x91\x7f\xc3\xa9\x7f\r", "",
	    "P: \xef\xbc\x91\b \b\b \b\xc3\xa9\b \b\r\n");
	/* trimming, as add does */
	pty_case(PROMPT_TTY_TRIM, "  AKIA X \r", "AKIA X", NULL);
	pty_case(PROMPT_TTY_ECHO, "  AKIA X \r", "  AKIA X ", NULL);
	/* a bounded line: the rest is ignored */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\r';
	{
		struct pty_result *res = xcalloc(1, sizeof(*res));

		pty_run(PTY_READ, PROMPT_TTY_SILENT, big, sizeof(big), res);
		assert_int_equal(res->r, 0);
		assert_int_equal(res->line_len, PROMPT_TTY_LINE_MAX);
		free(res);
	}
}

static void
test_tty_signal(void **state)
{
	struct pty_result *res = xcalloc(1, sizeof(*res));

	(void)state;
	/* ^C: the child dies of SIGINT with the terminal put back */
	pty_run(PTY_READ, PROMPT_TTY_ECHO, "12\x03", 3, res);
	assert_true(WIFSIGNALED(res->status));
	assert_int_equal(WTERMSIG(res->status), SIGINT);
	assert_true(res->restored_outside);
	free(res);
}

static void
test_tty_confirm_and_passphrase(void **state)
{
	static const struct {
		const char *in;
		bool yes;
	} v[] = {
		{ "y\r", true }, { "YeS \r", true }, { " Y\r", true },
		{ "n\r", false }, { "\r", false }, { "yess\r", false },
		{ "ja\r", false },
	};
	struct pty_result *res = xcalloc(1, sizeof(*res));
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(v); i++) {
		pty_run(PTY_CONFIRM, 0, v[i].in, strlen(v[i].in), res);
		assert_int_equal(res->r, 0);
		assert_int_equal(res->yes, v[i].yes);
		assert_true(res->restored);
	}
	/* passphrase from stdin, a terminal: no echo, not trimmed */
	pty_run(PTY_PASSPHRASE, 0, " pass word \r", 12, res);
	assert_int_equal(res->r, 0);
	assert_string_equal(res->line, " pass word ");
	assert_string_equal(res->screen, "P: \r\n");
	assert_true(res->restored);
	/* stdin not a terminal: /dev/tty instead */
	pty_run(PTY_PASSPHRASE_TTY, 0, "pw\r", 3, res);
	assert_int_equal(res->r, 0);
	assert_string_equal(res->line, "pw");
	assert_string_equal(res->screen, "P: \r\n");
	free(res);
}

static void
test_tty_missing(void **state)
{
	struct secbuf *line = NULL;
	int p[2], st;
	char msg[256] = "";
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int r;

		close(p[0]);
		setsid();		/* no controlling terminal now */
		r = prompt_tty_read("P: ", 0, &line);
		snprintf(msg, sizeof(msg), "%d %s", r, av_error_msg());
		if (write(p[1], msg, strlen(msg)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	assert_true(read(p[0], msg, sizeof(msg) - 1) > 0);
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_string_equal(msg, "-10 open /dev/tty: no such device or "
	    "address");
	assert_int_equal(AV_ERR_UNSUPPORTED, -10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_driver_argv),
		cmocka_unit_test(test_driver_output),
		cmocka_unit_test(test_process),
		cmocka_unit_test(test_tty_read),
		cmocka_unit_test(test_tty_signal),
		cmocka_unit_test(test_tty_confirm_and_passphrase),
		cmocka_unit_test(test_tty_missing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
