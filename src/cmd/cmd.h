/* SPDX-License-Identifier: MIT */
/*
 * cmd.h: subcommands (tmux/git style).  Each src/cmd/<name>.c defines one
 * `const struct cmd_entry`; cmd.c holds the table, the kingpin-compatible
 * parser (spec 1.1) and dispatch; help.c renders help from the tables
 * (spec Appendix A); complete.c answers --completion-bash (spec 1.5).
 *
 * Only cmd/ and main.c print to the user or choose an exit status.
 */
#ifndef AV_CMD_H
#define AV_CMD_H

#include "util/common.h"

#include "util/str.h"

struct config;
struct keyring;
struct cmd_ctx;

enum cmd_opt_type {
	CMD_OPT_BOOL,		/* bool *target; --[no-]name */
	CMD_OPT_STRING,		/* char **target (owned by the parser) */
	CMD_OPT_DURATION,	/* int64_t *target, nanoseconds */
	CMD_OPT_ENUM,		/* char **target, one of enum_values() */
};

enum cmd_opt_flags {
	CMD_OPT_HIDDEN = 1 << 0,	/* parsed but not shown in help */
	CMD_OPT_REQUIRED = 1 << 1,
	CMD_OPT_QUOTE = 1 << 2,		/* help shows the default "quoted" */
	CMD_OPT_HELP_VALUES = 1 << 3,	/* help ends with "[v1 v2 ...]" */
};

struct cmd_option {
	const char	*name;		/* long name, without -- */
	char		 short_name;	/* 0 when none */
	enum cmd_opt_type type;
	void		*target;
	const char	*help;
	const char	*env;		/* env var giving the default, or NULL */
	const char	*def;		/* built-in default, or NULL */
	const char	*placeholder;	/* help placeholder, or NULL */
	unsigned	 flags;
	/* For CMD_OPT_ENUM: fill the allowed values. */
	void		(*enum_values)(struct strv *values);
};

struct cmd_arg {
	const char	*name;
	const char	*help;
	bool		 required;
	bool		 cumulative;	/* takes all remaining words */
	bool		 profile_hint;	/* completes profile names */
	char		**target;	/* single arg */
	struct strv	*rest;		/* cumulative arg */
};

enum cmd_flags {
	CMD_HIDDEN = 1 << 0,
};

struct cmd_entry {
	const char		*name;
	const char		*alias;		/* "ls", "rm", or NULL */
	const char		*help;		/* one line */
	const struct cmd_option	*options;	/* terminated by { NULL } */
	const struct cmd_arg	*args;		/* terminated by { NULL } */
	unsigned		 flags;
	/* Returns an exit status (>= 0) or a negative AV_ERR_* with the
	 * message set; cmd_main prints it as "aws-vault: error: <cmd>:
	 * <message>" unless cmd_fail_usage() asked for the other form. */
	int			(*exec)(struct cmd_ctx *ctx);
};

/* The global flags of spec 2. */
struct cmd_globals {
	bool	 debug;
	char	*backend;
	char	*prompt;
	char	*keychain;
	char	*secret_service_collection;
	char	*pass_dir;
	char	*pass_cmd;
	char	*pass_prefix;
	char	*file_dir;
	char	*keyctl_scope;
	int64_t	 file_passphrase_ttl;
};

struct cmd_ctx {
	const struct cmd_entry	*entry;
	struct cmd_globals	*g;
	const char		*argv0;		/* basename */
	bool			 usage_error;	/* print kingpin-style */
	bool			 fatalf_error;	/* kingpin Fatalf: no hint */
	struct keyring		*keyring;	/* opened lazily */
	struct config	*config;	/* loaded lazily */
};

extern const struct cmd_entry *const cmd_table[];

/* Parse argv and run the command.  Returns the process exit status. */
int cmd_main(int argc, char **argv);

/* Open the keyring selected by the global flags (once per process).  On
 * failure the message is "specified keyring backend not available" style
 * and the error is marked for the kingpin path. */
int cmd_keyring(struct cmd_ctx *ctx, struct keyring **krp);
/* Load ~/.aws/config (once per process); errors take the kingpin path. */
int cmd_config(struct cmd_ctx *ctx, struct config **cfp);

/* Record a message to be printed as "<argv0>: error: <msg>, try --help"
 * and return AV_ERR_INVALID. */
int cmd_fail_usage(struct cmd_ctx *ctx, const char *fmt, ...)
    AV_PRINTF(2, 3);

/* Help and completion (help.c, complete.c). */
void cmd_help_print(FILE *f, const struct cmd_entry *entry);
void cmd_help_long_print(FILE *f, const struct cmd_entry *entry);
/* argv: the words after argv[0]; positional: the command's arguments as
 * the parser assigned them before it stopped. */
void cmd_complete(struct cmd_ctx *ctx, int argc, char **argv,
    const struct strv *positional);
extern const struct cmd_option cmd_global_options[];
const struct cmd_entry *cmd_find(const char *name);

#endif
