/* SPDX-License-Identifier: MIT */
/*
 * prompt.h: MFA prompt drivers (spec 12) and the MFA code check.
 *
 * A driver asks the user (or a device) for the MFA code of one MFA
 * serial.  Drivers sit behind struct prompt_ops, one file each, like the
 * keyring backends: terminal.c, kdialog.c, osascript.c, ykman.c,
 * zenity.c.  mfa_process (spec 6.5.6) is not a selectable driver; it has
 * its own entry point below.  Every code a driver returns has passed
 * prompt_code_normalize: it is exactly six ASCII digits.
 *
 * Layering: prompt uses util only.  Drivers talk to the terminal or run
 * programs; they never print to stdout and never exit.
 */
#ifndef AV_PROMPT_H
#define AV_PROMPT_H

#include "util/common.h"

struct secbuf;
struct strv;

/* AWS takes 6-digit TOTP codes only. */
#define PROMPT_CODE_LEN		6
/* Times the terminal driver asks again after a malformed code. */
#define PROMPT_TERMINAL_TRIES	3

struct prompt_ops {
	const char *name;
	/* Can this driver run here (its program is on PATH)?  Cannot fail. */
	bool (*available)(void);
	/* Ask for the code of mfa_serial.  *codep (six ASCII digits) is
	 * owned by the caller.  Returns 0 or a negative AV_ERR_* code. */
	int  (*read_mfa)(const char *mfa_serial, struct secbuf **codep);
};

extern const struct prompt_ops prompt_kdialog_ops;
extern const struct prompt_ops prompt_osascript_ops;
extern const struct prompt_ops prompt_terminal_ops;
extern const struct prompt_ops prompt_ykman_ops;
extern const struct prompt_ops prompt_zenity_ops;

/* Every driver compiled in, sorted by name, NULL-terminated. */
extern const struct prompt_ops *const prompt_drivers[];

/* Append the names of the drivers available here, sorted (Go
 * prompt.Available()), to names (caller-initialised). */
void prompt_available_names(struct strv *names);

/* The available driver called name, or NULL.  Borrowed, static. */
const struct prompt_ops *prompt_find(const char *name);

/* Choose the driver (spec 12).  name is --prompt / AWS_VAULT_PROMPT, or
 * NULL or "" for automatic: "terminal", unless stdout is not a terminal
 * or server_mode is set (exec --ecs-server / --ec2-server), in which case
 * the first available driver that is not "terminal", if any.
 * *opsp is borrowed and static.  Returns 0; AV_ERR_INVALID when name is
 * not available ("--prompt value must be one of a,b,c, got 'x'", for
 * kingpin's ", try --help" path); AV_ERR_UNSUPPORTED for "pass", with
 * the removal message printed through kingpin Fatalf (no ", try --help"). */
int prompt_select(const char *name, bool server_mode,
    const struct prompt_ops **opsp);

/* "Enter MFA code for <serial>: ".  Caller frees. */
char *prompt_mfa_message(const char *mfa_serial);

/* Run mfa_process (spec 6.5.6): /bin/sh -c command, stdin and stderr on
 * /dev/tty when it opens (else stdin /dev/null, stderr inherited),
 * stdout captured and normalised into *codep (owned by the caller).
 * Errors read "process provider: <err>".  Returns 0 or AV_ERR_*. */
int prompt_process_read_mfa(const char *command, struct secbuf **codep);

/* Turn what a user typed or a program printed into six ASCII digits:
 * full-width digits become ASCII, ASCII white space and U+3000 anywhere
 * are dropped; the rest must be exactly six digits.  in holds len bytes
 * (not a secret buffer: the caller wipes it).  *codep is owned by the
 * caller.  Returns 0 or AV_ERR_INVALID with a message that names the
 * problem ("MFA code must be 6 digits, got 7", "MFA code contains 'x'",
 * "MFA code is empty") but never the code. */
int prompt_code_normalize(const char *in, size_t len, struct secbuf **codep);

/* Internal to the drivers: run argv, capture stdout and normalise it.
 * what prefixes every error ("ykman", "process provider").  With
 * use_tty, stdin and stderr are /dev/tty when it opens (BN); otherwise
 * stdin is /dev/null and stderr is collected for the error message (Go
 * exec.Cmd.Output).  A non-zero exit is an error ("<what>: exit status
 * N"); status 1 of a dialog (Cancel) is AV_ERR_CANCELLED. */
int prompt_run(const char *what, const char *const *argv, bool use_tty,
    struct secbuf **codep);

#endif
