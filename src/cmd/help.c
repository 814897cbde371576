/* SPDX-License-Identifier: MIT */
/*
 * help.c: help text generated from the command and option tables, in the
 * layout of kingpin's DefaultUsageTemplate (spec Appendix A): two-column
 * flag lists whose help column wraps like Go's go/doc/comment printer
 * (minimum raggedness with a penalty for lines that do not end in
 * punctuation, not greedy filling), 80 columns unless $COLUMNS or the
 * width of the terminal says otherwise.
 */
#include "util/common.h"

#include <sys/ioctl.h>

#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/globals.h"
#include "cmd/output.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define HELP_APP_HELP "A vault for securely storing and accessing AWS " \
	"credentials in development environments."

/* kingpin's guessWidth: $COLUMNS when it is a number, else the width of
 * the terminal f writes to, else 80. */
static int
help_width(FILE *f)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	int64_t n;

	if (cols != NULL && cstr_to_i64(cols, 1, 100000, &n) == 0)
		return (int)n;
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

struct help_score {
	int64_t hi, lo;
};

static int
help_score_cmp(struct help_score a, struct help_score b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

/*
 * Wrap text to lines of at most max runes, as Go's comment.Printer does:
 * minimise first the squared overflow of too-long lines, then the sum of
 * squared leftover space plus 64 for each line (but the last) that does
 * not end in . , : or ;.  Each line is printed with prefix before it.
 */
static void
help_wrap(struct buf *out, const char *text, const char *prefix, int max)
{
	struct strv words;
	struct str rest = str_from(text), w;
	struct help_score *best;
	size_t *from, *total, n, i, j, k, nseq;
	size_t *seq;

	strv_init(&words);
	while (rest.len > 0) {
		while (rest.len > 0 && strchr(" \t\n", rest.p[0]) != NULL)
			rest.p++, rest.len--;
		w = rest;
		w.len = 0;
		while (w.len < rest.len && strchr(" \t\n", rest.p[w.len]) ==
		    NULL)
			w.len++;
		if (w.len == 0)
			break;
		strv_push_owned(&words, str_dup(w));
		rest.p += w.len;
		rest.len -= w.len;
	}
	n = words.n;
	if (n == 0) {
		strv_release(&words);
		return;
	}
	total = xcalloc(n + 1, sizeof(*total));
	for (i = 0; i < n; i++)
		total[i + 1] = total[i] + output_runes(words.v[i]) + 1;
	best = xcalloc(n + 1, sizeof(*best));
	from = xcalloc(n + 1, sizeof(*from));
	for (j = 1; j <= n; j++) {
		bool have = false;

		for (i = 0; i < j; i++) {
			int64_t len = (int64_t)(total[j] - 1 - total[i]);
			int64_t slack = max - len;
			const char *lw = words.v[j - 1];
			char last = lw[strlen(lw) - 1];
			int64_t pen = strchr(".,:;", last) != NULL ? 0 : 64;
			struct help_score s = best[i];

			if (j == n && len <= max) {
				/* The last line costs nothing when it fits. */
			} else if (len > max) {
				s.hi += slack * slack;
				s.lo += pen;
			} else {
				s.lo += slack * slack + pen;
			}
			if (!have || help_score_cmp(s, best[j]) < 0) {
				best[j] = s;
				from[j] = i;
				have = true;
			}
		}
	}
	seq = xcalloc(n + 1, sizeof(*seq));
	nseq = 0;
	for (j = n; j > 0; j = from[j])
		seq[nseq++] = j;
	for (k = nseq; k > 0; k--) {
		size_t end = seq[k - 1], start = k == nseq ? 0 : seq[k];

		buf_puts(out, prefix);
		for (i = start; i < end; i++)
			buf_printf(out, "%s%s", i > start ? " " : "",
			    words.v[i]);
		buf_putc(out, '\n');
	}
	free(seq);
	free(from);
	free(best);
	free(total);
	strv_release(&words);
}

/* The help text of an option, with its value list when the Go help
 * string has one (--backend, --prompt) and, when with_env, its env var
 * (kingpin's HelpWithEnvar). */
static char *
help_option_text(const struct cmd_option *o, bool with_env)
{
	struct buf b;
	struct strv values;
	size_t i;

	buf_init(&b, 8192);
	buf_puts(&b, o->help);
	if (o->flags & CMD_OPT_HELP_VALUES) {
		strv_init(&values);
		o->enum_values(&values);
		buf_puts(&b, " [");
		for (i = 0; i < values.n; i++)
			buf_printf(&b, "%s%s", i ? " " : "", values.v[i]);
		buf_putc(&b, ']');
		strv_release(&values);
	}
	if (with_env && o->env != NULL)
		buf_printf(&b, " ($%s)", o->env);
	return buf_detach(&b);
}

/* kingpin's FormatPlaceHolder: the placeholder, the default (quoted for
 * a string flag) or the name in capitals. */
static void
help_placeholder(struct buf *b, const struct cmd_option *o)
{
	const char *p;

	if (o->placeholder != NULL) {
		buf_puts(b, o->placeholder);
	} else if (o->def != NULL) {
		buf_printf(b, (o->flags & CMD_OPT_QUOTE) ? "\"%s\"" : "%s",
		    o->def);
	} else {
		for (p = o->name; *p != '\0'; p++)
			buf_putc(b, *p >= 'a' && *p <= 'z' ?
			    (char)(*p - 'a' + 'A') : *p);
	}
}

/* kingpin's formatFlag. */
static char *
help_option_name(const struct cmd_option *o, bool have_short)
{
	struct buf b;

	buf_init(&b, 1024);
	if (o->short_name != 0)
		buf_printf(&b, "-%c, ", o->short_name);
	else if (have_short)
		buf_puts(&b, "    ");
	buf_printf(&b, "--%s%s", o->type == CMD_OPT_BOOL ? "[no-]" : "",
	    o->name);
	if (o->type != CMD_OPT_BOOL) {
		buf_putc(&b, '=');
		help_placeholder(&b, o);
	}
	return buf_detach(&b);
}

struct help_row {
	char *left, *right;
};

/* kingpin's formatTwoColumns(w, indent, padding, width, rows). */
static void
help_two_columns(struct buf *out, struct help_row *rows, size_t n, int width,
    int indent, int padding)
{
	size_t i, s = 0;
	char *offset;

	for (i = 0; i < n; i++) {
		size_t c = strlen(rows[i].left);
		if (c > s && c < 30)
			s = c;
	}
	offset = xmalloc(s + (size_t)indent + (size_t)padding + 1);
	memset(offset, ' ', s + (size_t)indent + (size_t)padding);
	offset[s + (size_t)indent + (size_t)padding] = '\0';
	for (i = 0; i < n; i++) {
		struct buf wrapped;
		const char *line, *nl;
		bool first = true;

		buf_init(&wrapped, 64 * 1024);
		help_wrap(&wrapped, rows[i].right, "", width - (int)s -
		    padding - indent);
		buf_printf(out, "%*s%-*s%*s", indent, "", (int)s,
		    rows[i].left, padding, "");
		if (strlen(rows[i].left) >= 30)
			buf_printf(out, "\n%s", offset);
		line = buf_cstr(&wrapped);
		if (*line == '\0')
			buf_putc(out, '\n');
		while (*line != '\0') {
			nl = strchr(line, '\n');
			if (!first)
				buf_puts(out, offset);
			buf_put(out, line, (size_t)(nl - line) + 1);
			line = nl + 1;
			first = false;
		}
		buf_release(&wrapped);
	}
	free(offset);
}

static void
help_rows_free(struct help_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].left);
		free(rows[i].right);
	}
	free(rows);
}

/*
 * kingpin's FlagsToTwoColumns over the global flags (when globals) and
 * e's: the visible ones, with room for "-x, " when any flag of the list,
 * hidden or not, has a short name.  Returns the number of rows.
 */
static size_t
help_flag_rows(const struct cmd_entry *e, bool globals,
    struct help_row **rowsp)
{
	const struct cmd_option *tables[2] = { globals ? cmd_global_options :
	    NULL, e != NULL ? e->options : NULL };
	const struct cmd_option *o;
	struct help_row *rows = NULL;
	size_t n = 0, t;
	bool have_short = false;

	for (t = 0; t < 2; t++)
		for (o = tables[t]; o != NULL && o->name != NULL; o++)
			have_short = have_short || o->short_name != 0;
	for (t = 0; t < 2; t++) {
		for (o = tables[t]; o != NULL && o->name != NULL; o++) {
			if (o->flags & CMD_OPT_HIDDEN)
				continue;
			rows = xreallocarray(rows, n + 1, sizeof(*rows));
			rows[n].left = help_option_name(o, have_short);
			rows[n].right = help_option_text(o, true);
			n++;
		}
	}
	*rowsp = rows;
	return n;
}

static void
help_flags(struct buf *out, const struct cmd_entry *e, int width)
{
	struct help_row *rows;
	size_t n;

	n = help_flag_rows(e, true, &rows);
	buf_puts(out, "Flags:\n");
	help_two_columns(out, rows, n, width, 2, 2);
	buf_putc(out, '\n');
	help_rows_free(rows, n);
}

static void
help_args(struct buf *out, const struct cmd_entry *e, int width)
{
	const struct cmd_arg *a;
	struct help_row *rows = NULL;
	size_t n = 0;

	for (a = e->args; a != NULL && a->name != NULL; a++) {
		rows = xreallocarray(rows, n + 1, sizeof(*rows));
		rows[n].left = xasprintf(a->required ? "<%s>" : "[<%s>]",
		    a->name);
		rows[n].right = xstrdup(a->help);
		n++;
	}
	if (n == 0)
		return;
	buf_puts(out, "Args:\n");
	help_two_columns(out, rows, n, width, 2, 2);
	buf_putc(out, '\n');
	help_rows_free(rows, n);
}

/* kingpin's FormatCommand: " [<flags>] <arg> [<arg>]...". */
static void
help_command_summary(struct buf *out, const struct cmd_entry *e)
{
	const struct cmd_option *o;
	const struct cmd_arg *a;
	size_t count = 0, req = 0;

	for (o = e->options; o != NULL && o->name != NULL; o++) {
		count++;
		if (o->flags & CMD_OPT_REQUIRED) {
			char *name = help_option_name(o, false);
			buf_printf(out, " %s", name);
			free(name);
			req++;
		}
	}
	if (count != req)
		buf_puts(out, " [<flags>]");
	for (a = e->args; a != NULL && a->name != NULL; a++)
		buf_printf(out, " %s<%s>%s%s", a->required ? "" : "[",
		    a->name, a->cumulative ? "..." : "",
		    a->required ? "" : "]");
}

/* The command list of both usage templates; with_flags adds each
 * command's own flags, indented (--help-long). */
static void
help_commands(struct buf *out, int width, bool with_flags)
{
	struct help_row *rows;
	size_t i, n;

	buf_puts(out, "Commands:\n");
	for (i = 0; cmd_table[i] != NULL; i++) {
		if (cmd_table[i]->flags & CMD_HIDDEN)
			continue;
		buf_puts(out, cmd_table[i]->name);
		help_command_summary(out, cmd_table[i]);
		buf_putc(out, '\n');
		help_wrap(out, cmd_table[i]->help, "    ", width - 4);
		buf_putc(out, '\n');
		if (with_flags) {
			n = help_flag_rows(cmd_table[i], false, &rows);
			help_two_columns(out, rows, n, width, 4, 2);
			help_rows_free(rows, n);
			buf_putc(out, '\n');
		}
	}
	buf_putc(out, '\n');
}

void
cmd_help_print(FILE *f, const struct cmd_entry *e)
{
	int width = help_width(f);
	struct buf out;

	buf_init(&out, 1024 * 1024);
	if (e != NULL) {
		buf_printf(&out, "usage: aws-vault %s", e->name);
		help_command_summary(&out, e);
		buf_puts(&out, "\n\n");
		help_wrap(&out, e->help, "", width);
		buf_puts(&out, "\n\n");
		help_flags(&out, e, width);
		help_args(&out, e, width);
	} else {
		buf_puts(&out, "usage: aws-vault [<flags>] <command> "
		    "[<args> ...]\n\n");
		help_wrap(&out, HELP_APP_HELP, "", width);
		buf_puts(&out, "\n\n");
		help_flags(&out, NULL, width);
		help_commands(&out, width, false);
	}
	fputs(buf_cstr(&out), f);
	buf_release(&out);
}

/*
 * --help-long: kingpin's LongHelpTemplate, on stdout: the usage, the
 * flags of the context (the globals, and e's when a command was named),
 * e's arguments, then every command with its own flags indented.
 */
void
cmd_help_long_print(FILE *f, const struct cmd_entry *e)
{
	int width = help_width(f);
	struct buf out;

	buf_init(&out, 1024 * 1024);
	buf_puts(&out, "usage: aws-vault [<flags>] <command> [<args> ...]\n\n");
	help_wrap(&out, HELP_APP_HELP, "", width);
	buf_putc(&out, '\n');
	help_flags(&out, e, width);
	if (e != NULL)
		help_args(&out, e, width);
	help_commands(&out, width, true);
	fputs(buf_cstr(&out), f);
	buf_release(&out);
}

/* One flag list of kingpin's ManPageTemplate. */
static void
help_man_flags(struct buf *out, const struct cmd_option *o)
{
	char *text;

	for (; o != NULL && o->name != NULL; o++) {
		if (o->flags & CMD_OPT_HIDDEN)
			continue;
		buf_puts(out, ".TP\n\\fB");
		if (o->short_name != 0)
			buf_printf(out, "-%c, ", o->short_name);
		buf_printf(out, "--%s", o->name);
		if (o->type != CMD_OPT_BOOL) {
			buf_putc(out, '=');
			help_placeholder(out, o);
		}
		text = help_option_text(o, false);
		buf_printf(out, "\\fR\n%s\n", text);
		free(text);
	}
}

/* --help-man: kingpin's ManPageTemplate, on stdout. */
void
cmd_help_man_print(FILE *f)
{
	struct buf out;
	size_t i;

	buf_init(&out, 1024 * 1024);
	buf_printf(&out, ".TH aws-vault 1 %s \"\"\n.SH \"NAME\"\naws-vault\n"
	    ".SH \"SYNOPSIS\"\n.TP\n\\fBaws-vault [<flags>] <command> "
	    "[<args> ...]\\fR\n\n.SH \"DESCRIPTION\"\n%s\n"
	    ".SH \"OPTIONS\"\n", AV_VERSION, HELP_APP_HELP);
	help_man_flags(&out, cmd_global_options);
	buf_puts(&out, ".SH \"COMMANDS\"\n");
	for (i = 0; cmd_table[i] != NULL; i++) {
		if (cmd_table[i]->flags & CMD_HIDDEN)
			continue;
		buf_printf(&out, ".SS\n\\fB%s", cmd_table[i]->name);
		help_command_summary(&out, cmd_table[i]);
		buf_printf(&out, "\\fR\n.PP\n%s\n", cmd_table[i]->help);
		help_man_flags(&out, cmd_table[i]->options);
	}
	fputs(buf_cstr(&out), f);
	buf_release(&out);
}
