/* SPDX-License-Identifier: MIT */
/*
 * cmd.c: the command table, the kingpin-compatible command-line parser
 * (spec 1.1, 1.2) and dispatch.
 *
 * Kingpin rules reproduced: global and command flags anywhere until a
 * bare "--" (command flags only after the command word); --name=value and
 * --name value; -d1h and -d 1h; bundled bool short flags (-nt123456);
 * --no-NAME for bool flags (also --no-no-session); @file expansion;
 * env-var defaults that count only when non-empty; "cannot be repeated";
 * the error wording and the two error formats with their exit status 1.
 *
 * The order in which kingpin reports things is kept too (app.go Parse):
 * env defaults first (skipped when --help or --version is on the line),
 * then the pre-actions of --version, the help command, --help-long and
 * --help-man in command-line order (even when a later word failed to
 * parse), then the parse error, then --help, then bad flag values and
 * repeated flags, then missing required flags and arguments.
 */
#include "util/common.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/globals.h"
#include "cmd/output.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

extern char **environ;

extern const struct cmd_entry cmd_add_entry;
extern const struct cmd_entry cmd_remove_entry;
extern const struct cmd_entry cmd_migrate_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_rotate_entry;
extern const struct cmd_entry cmd_exec_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_clear_entry;
extern const struct cmd_entry cmd_login_entry;
extern const struct cmd_entry cmd_version_entry;
extern const struct cmd_entry cmd_import_entry, cmd_doctor_entry;
extern const struct cmd_entry cmd_lock_entry;
extern const struct cmd_entry cmd_proxy_entry;
extern const struct cmd_entry cmd_help_entry;

/* In the order of the Go tool's help and completion (spec 1.5). */
const struct cmd_entry *const cmd_table[] = {
	&cmd_help_entry,
	&cmd_add_entry,
	&cmd_remove_entry,
	&cmd_migrate_entry,
	&cmd_list_entry,
	&cmd_rotate_entry,
	&cmd_exec_entry,
	&cmd_export_entry,
	&cmd_clear_entry,
	&cmd_login_entry,
	&cmd_proxy_entry,
	&cmd_version_entry,
	&cmd_import_entry, &cmd_doctor_entry,
	&cmd_lock_entry,
	NULL,
};

/* Kingpin pre-actions: flags and the help command that act as soon as
 * they are seen, before the line is validated. */
enum cmd_pre {
	CMD_PRE_NONE,
	CMD_PRE_VERSION,
	CMD_PRE_HELP_CMD,
	CMD_PRE_HELP_LONG,
	CMD_PRE_HELP_MAN,
	CMD_PRE_SCRIPT_BASH,
	CMD_PRE_SCRIPT_ZSH,
};

/* What the parser saw on the command line. */
struct cmd_parse {
	const struct cmd_entry	 *entry;
	struct strv		  positional;
	const struct cmd_option	**seen;
	size_t			  nseen;
	enum cmd_pre		  pre;		/* the first one seen */
	char			 *value_err;	/* first bad value, deferred */
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0 ||
		    (cmd_table[i]->alias != NULL &&
		    strcmp(cmd_table[i]->alias, name) == 0))
			return cmd_table[i];
	return NULL;
}

static bool
cmd_parse_seen(struct cmd_parse *p, const struct cmd_option *o)
{
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (p->seen[i] == o)
			return true;
	return false;
}

/* True when a flag whose target is target was on the command line. */
static bool
cmd_parse_seen_target(const struct cmd_parse *p, const void *target)
{
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (p->seen[i]->target == target)
			return true;
	return false;
}

/* How many positional words the command takes; SIZE_MAX when one of its
 * arguments takes the rest. */
static size_t
cmd_nargs(const struct cmd_entry *e)
{
	const struct cmd_arg *a;
	size_t n = 0;

	for (a = e->args; a != NULL && a->name != NULL; a++) {
		if (a->cumulative)
			return SIZE_MAX;
		n++;
	}
	return n;
}

/* Find a long flag among the globals and the command's options. */
static const struct cmd_option *
cmd_find_long(const struct cmd_parse *p, const char *name, size_t len)
{
	const struct cmd_option *tables[2] = { cmd_global_options,
	    p->entry != NULL ? p->entry->options : NULL };
	const struct cmd_option *o;
	size_t t;

	for (t = 0; t < 2; t++) {
		if (tables[t] == NULL)
			continue;
		for (o = tables[t]; o->name != NULL; o++)
			if (strlen(o->name) == len &&
			    memcmp(o->name, name, len) == 0)
				return o;
	}
	return NULL;
}

static const struct cmd_option *
cmd_find_short(const struct cmd_parse *p, char c)
{
	const struct cmd_option *tables[2] = { cmd_global_options,
	    p->entry != NULL ? p->entry->options : NULL };
	const struct cmd_option *o;
	size_t t;

	for (t = 0; t < 2; t++) {
		if (tables[t] == NULL)
			continue;
		for (o = tables[t]; o->name != NULL; o++)
			if (o->short_name == c)
				return o;
	}
	return NULL;
}

/* Store value into o's target after validating it. */
static int
cmd_set_value(const struct cmd_option *o, const char *value)
{
	struct strv values;
	int64_t ns;
	bool b;
	int r;

	switch (o->type) {
	case CMD_OPT_BOOL:
		if (str_parse_bool(value, &b) != 0)
			return av_error_set(AV_ERR_INVALID,
			    "strconv.ParseBool: parsing \"%s\": invalid "
			    "syntax", value);
		*(bool *)o->target = b;
		return 0;
	case CMD_OPT_DURATION:
		if ((r = duration_parse(value, &ns)) != 0)
			return r;
		*(int64_t *)o->target = ns;
		return 0;
	case CMD_OPT_ENUM:
		strv_init(&values);
		o->enum_values(&values);
		if (!strv_contains(&values, value)) {
			struct buf b2;

			buf_init(&b2, 4096);
			for (size_t i = 0; i < values.n; i++)
				buf_printf(&b2, "%s%s", i ? "," : "",
				    values.v[i]);
			r = av_error_set(AV_ERR_INVALID,
			    "enum value must be one of %s, got '%s'",
			    buf_cstr(&b2), value);
			buf_release(&b2);
			strv_release(&values);
			return r;
		}
		strv_release(&values);
		/* FALLTHROUGH */
	case CMD_OPT_STRING:
		free(*(char **)o->target);
		*(char **)o->target = xstrdup(value);
		return 0;
	}
	return AV_ERR_INTERNAL;
}

/* The pre-action a flag triggers, if any (kingpin's PreAction). */
static enum cmd_pre
cmd_flag_pre(const struct cmd_option *o)
{
	if (o->target == &cmd_g_version)
		return CMD_PRE_VERSION;
	if (o->target == &cmd_g_help_long)
		return CMD_PRE_HELP_LONG;
	if (o->target == &cmd_g_help_man)
		return CMD_PRE_HELP_MAN;
	if (o->target == &cmd_g_completion_script_bash)
		return CMD_PRE_SCRIPT_BASH;
	if (o->target == &cmd_g_completion_script_zsh)
		return CMD_PRE_SCRIPT_ZSH;
	return CMD_PRE_NONE;
}

/*
 * Apply one flag occurrence.  As in kingpin, a bad value or a repeated
 * flag does not stop the parse: the first such error is kept in
 * p->value_err and reported after the parse error and --help.
 */
static int
cmd_apply_flag(struct cmd_parse *p, const struct cmd_option *o,
    const char *value, bool negate)
{
	bool repeated = cmd_parse_seen(p, o);
	int r;

	if (p->pre == CMD_PRE_NONE)
		p->pre = cmd_flag_pre(o);
	if (!repeated) {
		p->seen = xreallocarray(p->seen, p->nseen + 1,
		    sizeof(*p->seen));
		p->seen[p->nseen++] = o;
	}
	if (p->value_err != NULL)
		return 0;
	if (repeated) {
		p->value_err = xasprintf("flag '%s' cannot be repeated",
		    o->name);
		return 0;
	}
	if (o->type == CMD_OPT_BOOL && value == NULL)
		value = negate ? "false" : "true";
	if ((r = cmd_set_value(o, value)) != 0)
		p->value_err = xstrdup(av_error_msg());
	av_error_clear();
	return 0;
}

static int
cmd_parse_long(struct cmd_parse *p, char **argv, int argc, int *ip)
{
	const char *tok = argv[*ip] + 2, *eq, *value = NULL;
	const struct cmd_option *o;
	size_t len;
	bool negate = false;

	eq = strchr(tok, '=');
	len = eq != NULL ? (size_t)(eq - tok) : strlen(tok);
	if (eq != NULL)
		value = eq + 1;
	o = cmd_find_long(p, tok, len);
	if (o == NULL && len > 3 && strncmp(tok, "no-", 3) == 0) {
		o = cmd_find_long(p, tok + 3, len - 3);
		if (o != NULL && o->type != CMD_OPT_BOOL)
			o = NULL;
		negate = o != NULL;
	}
	if (o == NULL)
		return av_error_set(AV_ERR_INVALID,
		    "unknown long flag '--%.*s'", (int)len, tok);
	if (o->type != CMD_OPT_BOOL && value == NULL) {
		if (*ip + 1 >= argc || (argv[*ip + 1][0] == '-' &&
		    argv[*ip + 1][1] != '\0'))
			return av_error_set(AV_ERR_INVALID,
			    "expected argument for flag '--%s'", o->name);
		value = argv[++*ip];
	}
	if (negate && value != NULL) {
		bool b;

		if (str_parse_bool(value, &b) != 0)
			return cmd_apply_flag(p, o, value, false);
		value = b ? "false" : "true";
	}
	return cmd_apply_flag(p, o, value, negate);
}

static int
cmd_parse_short(struct cmd_parse *p, char **argv, int argc, int *ip)
{
	const char *tok = argv[*ip] + 1;
	const struct cmd_option *o;
	int r;

	for (; *tok != '\0'; tok++) {
		if ((o = cmd_find_short(p, *tok)) == NULL)
			return av_error_set(AV_ERR_INVALID,
			    "unknown short flag '-%c'", *tok);
		if (o->type == CMD_OPT_BOOL) {
			if ((r = cmd_apply_flag(p, o, NULL, false)) != 0)
				return r;
			continue;
		}
		if (tok[1] != '\0')
			return cmd_apply_flag(p, o, tok + 1, false);
		if (*ip + 1 >= argc || (argv[*ip + 1][0] == '-' &&
		    argv[*ip + 1][1] != '\0'))
			return av_error_set(AV_ERR_INVALID,
			    "expected argument for flag '-%c'", *tok);
		return cmd_apply_flag(p, o, argv[++*ip], false);
	}
	return 0;
}

/* Put kingpin's words before fs's message for an @file that cannot be
 * read ("open <path>: <errno text>" or "read <path>: ...", Go's). */
static int
cmd_expand_error(const char *path)
{
	struct buf q;
	int r = av_error_code();

	buf_init(&q, 8192);
	output_go_quote(&q, path);
	if (str_has_prefix(av_error_msg(), "open "))
		av_error_prefix("failed to open arguments file %s",
		    buf_cstr(&q));
	else
		av_error_prefix("failed to read arguments from %s",
		    buf_cstr(&q));
	buf_release(&q);
	return r;
}

/*
 * Expand @file arguments before "--" (kingpin's ExpandArgsFromFile): each
 * line is one argument; lines starting with '#' and blank lines are
 * skipped; a line's trailing CR goes (bufio.ScanLines).
 */
static int
cmd_expand_args(int argc, char **argv, struct strv *out)
{
	bool rest = false;
	int i;

	for (i = 0; i < argc; i++) {
		struct buf b;
		struct str text, line;
		const char *path = argv[i] + 1;

		if (rest || argv[i][0] != '@') {
			rest = rest || strcmp(argv[i], "--") == 0;
			strv_push(out, argv[i]);
			continue;
		}
		if (*path == '\0')
			return av_error_set(AV_ERR_INVALID,
			    "expected @ file to expand arguments from");
		buf_init(&b, 1024 * 1024);
		if (fs_read_file_follow(path, b.max, &b) != 0) {
			buf_release(&b);
			return cmd_expand_error(path);
		}
		text = str_make(buf_cstr(&b), b.len);
		while (str_split(&text, '\n', &line)) {
			if (line.len > 0 && line.p[line.len - 1] == '\r')
				line.len--;
			if (str_trim(line).len == 0 || line.p[0] == '#')
				continue;
			strv_push_owned(out, str_dup(line));
		}
		buf_release(&b);
	}
	return 0;
}

static int
cmd_parse(struct cmd_parse *p, int argc, char **argv)
{
	bool args_only = false;
	int i, r;

	for (i = 0; i < argc; i++) {
		const char *t = argv[i];

		if (!args_only && strcmp(t, "--") == 0) {
			args_only = true;
		} else if (!args_only && t[0] == '-' && t[1] == '-') {
			if ((r = cmd_parse_long(p, argv, argc, &i)) != 0)
				return r;
		} else if (!args_only && t[0] == '-' && t[1] != '\0') {
			if ((r = cmd_parse_short(p, argv, argc, &i)) != 0)
				return r;
		} else if (p->entry == NULL) {
			/* Kingpin looks the command up even after "--". */
			if ((p->entry = cmd_find(t)) == NULL)
				return av_error_set(AV_ERR_INVALID,
				    "expected command but got \"%s\"", t);
			if (p->entry == &cmd_help_entry &&
			    p->pre == CMD_PRE_NONE)
				p->pre = CMD_PRE_HELP_CMD;
		} else if (p->positional.n >= cmd_nargs(p->entry)) {
			return av_error_set(AV_ERR_INVALID, "unexpected %s", t);
		} else {
			strv_push(&p->positional, t);
		}
	}
	return 0;
}

/* Give each argument its positional word(s). */
static int
cmd_assign_args(struct cmd_parse *p)
{
	const struct cmd_arg *a;
	size_t k = 0;

	for (a = p->entry->args; a != NULL && a->name != NULL; a++) {
		if (a->cumulative) {
			for (; k < p->positional.n; k++)
				strv_push(a->rest, p->positional.v[k]);
			continue;
		}
		if (k < p->positional.n)
			*a->target = xstrdup(p->positional.v[k++]);
	}
	if (k < p->positional.n)
		return av_error_set(AV_ERR_INVALID, "unexpected %s",
		    p->positional.v[k]);
	return 0;
}

/* getenv for the flags' variables, which all start with "AWS_VAULT_":
 * the environment is scanned once for them instead of once per flag (a
 * warm export has ~30 such flags and every run pays for the lookups). */
static const char *
cmd_flag_env(const char *name)
{
	static const char **vars;
	static size_t nvars;
	static bool scanned;
	size_t i, n = strlen(name);

	if (!scanned) {
		scanned = true;
		for (i = 0; environ[i] != NULL; i++) {
			if (strncmp(environ[i], "AWS_VAULT_", 10) != 0)
				continue;
			vars = xreallocarray(vars, nvars + 1, sizeof(*vars));
			vars[nvars++] = environ[i];
		}
	}
	/* The first match, as getenv finds it. */
	for (i = 0; i < nvars; i++)
		if (strncmp(vars[i], name, n) == 0 && vars[i][n] == '=')
			return vars[i] + n + 1;
	return str_has_prefix(name, "AWS_VAULT_") ? NULL : getenv(name);
}

/* Defaults from the environment, then built-in defaults (kingpin
 * setDefaults): for the flags not on the command line. */
static int
cmd_apply_defaults(struct cmd_parse *p, const struct cmd_option *o)
{
	const char *v;
	int r;

	for (; o != NULL && o->name != NULL; o++) {
		if (cmd_parse_seen(p, o))
			continue;
		v = o->env != NULL ? cmd_flag_env(o->env) : NULL;
		if (v != NULL && *v != '\0') {
			if ((r = cmd_set_value(o, v)) != 0)
				return r;
			continue;
		}
		if (o->def != NULL && (r = cmd_set_value(o, o->def)) != 0)
			return r;
	}
	return 0;
}

/* Kingpin validateRequired: required flags (all named at once), then
 * required arguments. */
static int
cmd_check_required(struct cmd_parse *p)
{
	const struct cmd_option *tables[2] = { cmd_global_options,
	    p->entry->options };
	const struct cmd_option *o;
	const struct cmd_arg *a;
	struct buf missing;
	size_t t;
	int r = 0;

	buf_init(&missing, 4096);
	for (t = 0; t < 2; t++) {
		for (o = tables[t]; o != NULL && o->name != NULL; o++) {
			const char *v;

			if (!(o->flags & CMD_OPT_REQUIRED) ||
			    cmd_parse_seen(p, o))
				continue;
			v = o->env != NULL ? cmd_flag_env(o->env) : NULL;
			if (v != NULL && *v != '\0')
				continue;
			buf_printf(&missing, "%s'--%s'",
			    missing.len ? ", " : "", o->name);
		}
	}
	if (missing.len > 0) {
		r = av_error_set(AV_ERR_INVALID, "required flag(s) %s not "
		    "provided", buf_cstr(&missing));
		goto out;
	}
	for (a = p->entry->args; a != NULL && a->name != NULL; a++) {
		if (!a->required)
			continue;
		if ((a->cumulative && a->rest->n == 0) ||
		    (!a->cumulative && *a->target == NULL)) {
			r = av_error_set(AV_ERR_INVALID,
			    "required argument '%s' not provided", a->name);
			goto out;
		}
	}
out:
	buf_release(&missing);
	return r;
}

int
cmd_fail_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->usage_error = true;
	return av_error_set(AV_ERR_INVALID, "%s", msg);
}

static void
cmd_print_usage_error(const char *argv0, const char *msg)
{
	fprintf(stderr, "%s: error: %s, try --help\n", argv0, msg);
}

/*
 * `help [<command>...]`: kingpin parses the words again and fails on an
 * unknown command or a surplus word, printed with the literal app name
 * and no hint (Application.Usage, FatalIfError).
 */
static int
cmd_help_command(const struct strv *words)
{
	const struct cmd_entry *e = NULL;

	if (words->n > 0) {
		if ((e = cmd_find(words->v[0])) == NULL) {
			fprintf(stderr, "aws-vault: error: expected command "
			    "but got \"%s\"\n", words->v[0]);
			return 1;
		}
		if (words->n - 1 > cmd_nargs(e)) {
			fprintf(stderr, "aws-vault: error: unexpected %s\n",
			    words->v[cmd_nargs(e) + 1]);
			return 1;
		}
	}
	cmd_help_print(stderr, e);
	return 0;
}

int
cmd_main(int argc, char **argv)
{
	struct cmd_parse p;
	struct cmd_ctx ctx;
	struct strv args;
	char *argv0copy, *parse_err = NULL;
	int r, status;

	memset(&p, 0, sizeof(p));
	memset(&ctx, 0, sizeof(ctx));
	strv_init(&p.positional);
	strv_init(&args);
	argv0copy = xstrdup(argc > 0 ? argv[0] : "aws-vault");
	ctx.argv0 = basename(argv0copy);
	ctx.g = &cmd_g;
	av_error_clear();

	if ((r = cmd_expand_args(argc - 1, argv + 1, &args)) == 0)
		r = cmd_parse(&p, (int)args.n, args.v);
	if (r != 0)
		parse_err = xstrdup(av_error_msg());
	if (cmd_g_completion) {
		ctx.entry = p.entry;
		cmd_complete(&ctx, (int)args.n, args.v, &p.positional);
		status = 0;
		goto out;
	}
	status = 1;
	if (!cmd_parse_seen_target(&p, &cmd_g_help) &&
	    !cmd_parse_seen_target(&p, &cmd_g_version) &&
	    ((r = cmd_apply_defaults(&p, cmd_global_options)) != 0 ||
	    (p.entry != NULL &&
	    (r = cmd_apply_defaults(&p, p.entry->options)) != 0))) {
		cmd_print_usage_error(ctx.argv0, av_error_msg());
		goto out;
	}
	status = 0;
	switch (p.pre) {
	case CMD_PRE_NONE:
		break;
	case CMD_PRE_VERSION:
		fprintf(stderr, "%s\n", AV_VERSION);
		goto out;
	case CMD_PRE_HELP_CMD:
		status = cmd_help_command(&p.positional);
		goto out;
	case CMD_PRE_HELP_LONG:
		cmd_help_long_print(stdout, p.entry);
		goto out;
	case CMD_PRE_HELP_MAN:
		cmd_help_man_print(stdout);
		goto out;
	case CMD_PRE_SCRIPT_BASH:
	case CMD_PRE_SCRIPT_ZSH:
		cmd_print_completion_script(stdout, ctx.argv0,
		    p.pre == CMD_PRE_SCRIPT_ZSH);
		goto out;
	}
	status = 1;
	if (parse_err != NULL) {
		cmd_print_usage_error(ctx.argv0, parse_err);
		goto out;
	}
	if (cmd_parse_seen_target(&p, &cmd_g_help)) {
		cmd_help_print(stderr, p.entry);
		status = 0;
		goto out;
	}
	if (p.value_err != NULL) {
		cmd_print_usage_error(ctx.argv0, p.value_err);
		goto out;
	}
	if (p.entry == NULL) {
		cmd_help_print(stderr, NULL);
		status = 0;
		goto out;
	}
	if ((r = cmd_assign_args(&p)) != 0 ||
	    (r = cmd_check_required(&p)) != 0) {
		cmd_print_usage_error(ctx.argv0, av_error_msg());
		goto out;
	}
	log_set_debug(cmd_g.debug);
	log_debug("aws-vault %s", AV_VERSION);
	ctx.entry = p.entry;
	av_error_clear();
	r = p.entry->exec(&ctx);
	if (r >= 0) {
		status = r;
	} else {
		if (ctx.fatalf_error)
			fprintf(stderr, "%s: error: %s\n", ctx.argv0,
			    av_error_msg());
		else if (ctx.usage_error)
			cmd_print_usage_error(ctx.argv0, av_error_msg());
		else
			fprintf(stderr, "aws-vault: error: %s: %s\n",
			    p.entry->name, av_error_msg());
		status = 1;
	}
out:
	fflush(stdout);
	cmd_ctx_release(&ctx);
	strv_release(&p.positional);
	strv_release(&args);
	free(p.seen);
	free(p.value_err);
	free(parse_err);
	free(argv0copy);
	return status;
}
