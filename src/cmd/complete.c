/* SPDX-License-Identifier: MIT */
/*
 * complete.c: the --completion-bash protocol (spec 1.5), following
 * kingpin's completionOptions/FlagCompletion/CmdCompletion: candidates
 * newline-separated with no trailing newline; flags when the current or
 * previous word starts with "--" (none after a bare "--"); enum values
 * after an enum flag; profile names (those starting with a partly typed
 * name) at a profile argument, counted from the parsed arguments so that
 * flag values are not taken for them; command names at the top level.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/globals.h"
#include "config/profile.h"
#include "util/error.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Complete flag names or values from one option table.  Sets *matched
 * when flag_name names a flag there, *value_matched when flag_value is
 * exactly one of its values (or it has none). */
static void
complete_flags(const struct cmd_option *o, const char *flag_name,
    const char *flag_value, struct strv *out, bool *matched,
    bool *value_matched)
{
	struct strv values;
	size_t i;
	bool is_prefix = false, exact = false;

	*matched = *value_matched = false;
	for (; o != NULL && o->name != NULL; o++) {
		if (strcmp(o->name, flag_name) == 0) {
			strv_release(out);
			strv_init(&values);
			if (o->enum_values != NULL)
				o->enum_values(&values);
			*matched = true;
			if (values.n == 0) {
				*value_matched = true;
				strv_release(&values);
				return;
			}
			for (i = 0; i < values.n; i++) {
				if (strcmp(values.v[i], flag_value) == 0)
					exact = true;
				else if (str_has_prefix(values.v[i],
				    flag_value))
					is_prefix = true;
				strv_push(out, values.v[i]);
			}
			*value_matched = !is_prefix && exact;
			strv_release(&values);
			return;
		}
		if (!(o->flags & CMD_OPT_HIDDEN)) {
			char *s = xasprintf("--%s", o->name);
			strv_push_owned(out, s);
		}
	}
}

/* The completion hints of argument a: the profile names from the config
 * file for a profile argument (quietly none when it does not load). */
static void
complete_hints(struct cmd_ctx *ctx, const struct cmd_arg *a, struct strv *out)
{
	struct config *cf;

	if (!a->profile_hint)
		return;
	if (cmd_config(ctx, &cf) == 0)
		(void)config_profile_names(cf, out);
	av_error_clear();
}

/*
 * kingpin's CmdCompletion: walk the arguments given so far; a non-empty
 * one with hints is satisfied by an exact match, else its prefix matches
 * are the answer; then offer the hints of the first unsatisfied argument.
 * At the top level, the commands.
 */
static void
complete_commands(struct cmd_ctx *ctx, const struct strv *positional,
    struct strv *out)
{
	const struct cmd_entry *e = ctx->entry;
	const struct cmd_arg *a;
	size_t satisfied = 0, nargs = 0, i, k;
	bool all = false;

	if (e == NULL) {
		for (i = 0; cmd_table[i] != NULL; i++)
			if (!(cmd_table[i]->flags & CMD_HIDDEN))
				strv_push(out, cmd_table[i]->name);
		return;
	}
	for (a = e->args; a != NULL && a->name != NULL; a++)
		nargs++;
	for (k = 0; k < positional->n && satisfied < nargs; k++) {
		const char *v = positional->v[k];
		struct strv hints;
		bool exact = false;

		strv_release(out);
		strv_init(out);
		all = false;
		if (*v == '\0')
			continue;
		a = &e->args[satisfied];
		strv_init(&hints);
		complete_hints(ctx, a, &hints);
		for (i = 0; i < hints.n && !exact; i++) {
			if (strcmp(hints.v[i], v) == 0)
				exact = true;
			else if (str_has_prefix(hints.v[i], v))
				strv_push(out, hints.v[i]);
		}
		strv_release(&hints);
		if (!a->cumulative) {
			satisfied++;
			all = !exact;
		}
	}
	if (satisfied < nargs && !all)
		complete_hints(ctx, &e->args[satisfied], out);
}

/* True when a bare "--" comes before the last word: the words after it
 * are arguments, so no flag is completed (kingpin's argsOnly). */
static bool
complete_args_only(int argc, char **argv)
{
	int k;

	for (k = 0; k + 1 < argc; k++)
		if (strcmp(argv[k], "--") == 0)
			return true;
	return false;
}

void
cmd_complete(struct cmd_ctx *ctx, int argc, char **argv,
    const struct strv *positional)
{
	const char *curr = "", *prev = "";
	const char *flag_name = NULL, *flag_value = "";
	struct strv out;
	size_t i;
	bool matched, value_matched;

	strv_init(&out);
	/* argv holds every word but argv[0]; the first is the flag itself
	 * unless it came later, which kingpin's args[1:] ignores too. */
	if (argc > 0)
		curr = argv[argc - 1];
	if (argc > 1)
		prev = argv[argc - 2];
	if (strcmp(curr, "--completion-bash") == 0)
		curr = "";
	if (strcmp(prev, "--completion-bash") == 0)
		prev = "";
	if (str_has_prefix(curr, "--") || str_has_prefix(prev, "--")) {
		if (complete_args_only(argc, argv))
			goto done;
		if (str_has_prefix(prev, "--") && !str_has_prefix(curr, "--")) {
			flag_name = prev + 2;
			flag_value = curr;
		} else {
			flag_name = curr + 2;
		}
		complete_flags(ctx->entry != NULL ? ctx->entry->options :
		    cmd_global_options, flag_name, flag_value, &out, &matched,
		    &value_matched);
		if (value_matched) {
			strv_release(&out);
			complete_commands(ctx, positional, &out);
		} else if (ctx->entry != NULL && !matched) {
			struct strv top;
			bool tm, tv;

			strv_init(&top);
			complete_flags(cmd_global_options, flag_name,
			    flag_value, &top, &tm, &tv);
			if (tv) {
				strv_release(&out);
				complete_commands(ctx, positional, &out);
			} else if (tm) {
				strv_release(&out);
				out = top;
				strv_init(&top);
			} else {
				for (i = 0; i < top.n; i++)
					strv_push(&out, top.v[i]);
			}
			strv_release(&top);
		}
	} else {
		complete_commands(ctx, positional, &out);
	}
done:
	for (i = 0; i < out.n; i++)
		printf("%s%s", i ? "\n" : "", out.v[i]);
	strv_release(&out);
}

/* kingpin v2's BashCompletionTemplate and ZshCompletionTemplate. */
void
cmd_print_completion_script(FILE *f, const char *name, bool zsh)
{
	if (zsh) {
		fprintf(f, "#compdef %s\n\n"
		    "_%s() {\n"
		    "    local matches=($(${words[1]} --completion-bash "
		    "\"${(@)words[1,$CURRENT]}\"))\n"
		    "    compadd -a matches\n\n"
		    "    if [[ $compstate[nmatches] -eq 0 && $words[$CURRENT] "
		    "!= -* ]]; then\n"
		    "        _files\n"
		    "    fi\n"
		    "}\n\n"
		    "if [[ \"$(basename -- ${(%%):-%%x})\" != \"_%s\" ]]; "
		    "then\n"
		    "    compdef _%s %s\n"
		    "fi\n", name, name, name, name, name);
		return;
	}
	fprintf(f, "\n_%s_bash_autocomplete() {\n"
	    "    local cur prev opts base\n"
	    "    COMPREPLY=()\n"
	    "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
	    "    opts=$( ${COMP_WORDS[0]} --completion-bash "
	    "\"${COMP_WORDS[@]:1:$COMP_CWORD}\" )\n"
	    "    COMPREPLY=( $(compgen -W \"${opts}\" -- ${cur}) )\n"
	    "    return 0\n"
	    "}\n"
	    "complete -F _%s_bash_autocomplete -o default %s\n\n",
	    name, name, name);
}
