/* SPDX-License-Identifier: MIT */
/*
 * doctor.c: `aws-vault doctor`: list the plaintext copies of AWS keys
 * still on disk (vault/leftovers.h says where it looks), with what to do
 * about each; delete copies and downloads, or scrub history lines, only
 * on request.  Not in the Go tool.
 *
 * Output is paths, line numbers and masked key ids, never contents.
 * Exit status: 0 whether or not something was found (the report says),
 * 1 when a requested deletion or scrub failed.
 *
 * --delete never removes a file that might hold the last copy of a key:
 * a copy or download is deleted only when every key id in it is in the
 * keystore (or it holds no long-term key id at all).  To know that, it
 * may unlock the keystore; without --delete, the keystore is read only
 * when that needs no prompt.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/doctor.h"
#include "cmd/globals.h"
#include "keyring/keyring.h"
#include "keyring/passcache.h"
#include "prompt/tty.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/leftovers.h"

static bool cmd_doctor_delete;
static bool cmd_doctor_force;
static bool cmd_doctor_scrub_history;

static const struct cmd_option cmd_doctor_options[] = {
	{ "delete", 0, CMD_OPT_BOOL, &cmd_doctor_delete,
	    "Delete the listed credentials-file copies and key downloads "
	    "whose keys are in the keystore" },
	{ "scrub-history", 0, CMD_OPT_BOOL, &cmd_doctor_scrub_history,
	    "Remove the listed lines from shell history files" },
	{ "force", 'f', CMD_OPT_BOOL, &cmd_doctor_force,
	    "Do not ask for confirmation" },
	{ NULL },
};

/* The file backend's passphrase when it is at hand without asking: the
 * kernel keyring cache (AWS_VAULT_FILE_PASSPHRASE is read by the backend
 * itself). */
static int
cmd_doctor_passphrase(void *arg AV_UNUSED, const char *dir,
    struct secbuf **pwp)
{
	*pwp = NULL;
	if (passcache_get(dir, pwp) == 0)
		return 0;
	return av_error_set(AV_ERR_UNSUPPORTED, "the keystore is locked");
}

/* The stored key ids, from a keystore that can be read without a
 * prompt.  Returns 0, or an error when it cannot be read so. */
static int
cmd_doctor_stored_quiet(struct cmd_ctx *ctx, struct strv *names,
    struct strv *ids)
{
	struct keyring_config kc;
	struct keyring *kr = NULL;
	const char *name;
	int r;

	cmd_keyring_config_fill(ctx, &kc);
	kc.file_passphrase = cmd_doctor_passphrase;
	if ((r = keyring_open(&kc, &kr)) != 0)
		goto out;
	name = keyring_name(kr);
	if (strcmp(name, "file") != 0 && strcmp(name, "keyctl") != 0) {
		r = av_error_set(AV_ERR_UNSUPPORTED, "reading the %s keystore "
		    "may ask to unlock it", name);
		goto out;
	}
	r = leftovers_stored_keys(kr, names, ids);
out:
	keyring_close(kr);
	return r;
}

/* Does any finding carry key ids to look up? */
static bool
cmd_doctor_has_ids(const struct leftovers *lo)
{
	size_t i;

	for (i = 0; i < lo->n; i++)
		if (lo->v[i].key_ids.n > 0)
			return true;
	return false;
}

void
cmd_doctor_report(struct cmd_ctx *ctx, struct keyring *kr, bool may_prompt,
    struct leftovers *lo)
{
	struct strv names, ids;
	struct buf out;
	size_t i;
	int r;

	strv_init(&names);
	strv_init(&ids);
	buf_init(&out, SIZE_MAX);
	leftovers_scan(lo);
	if (cmd_doctor_has_ids(lo)) {
		if (kr == NULL && may_prompt && cmd_keyring(ctx, &kr) != 0)
			ctx->usage_error = false;	/* not our error */
		if (kr != NULL)
			r = leftovers_stored_keys(kr, &names, &ids);
		else
			r = cmd_doctor_stored_quiet(ctx, &names, &ids);
		if (r == 0)
			leftovers_check_stored(lo, &names, &ids);
		else
			log_debug("keystore not compared: %s", av_error_msg());
		av_error_clear();
	}
	for (i = 0; i < lo->notes.n; i++)
		fprintf(stderr, "aws-vault: skipped %s\n", lo->notes.v[i]);
	if (lo->n == 0) {
		printf("No plaintext AWS keys found.\n");
		goto out;
	}
	leftovers_format(lo, &out);
	fputs(buf_cstr(&out), stdout);
out:
	fflush(stdout);
	buf_release(&out);
	strv_release(&names);
	strv_release(&ids);
}

/* Ask unless --force.  Returns 0 with *yesp, or a prompt error. */
static int
cmd_doctor_confirm(const char *question, bool *yesp)
{
	*yesp = true;
	if (cmd_doctor_force)
		return 0;
	return prompt_tty_confirm(question, yesp);
}

/* --delete: the copies and downloads that cannot hold a last copy. */
static int
cmd_doctor_do_delete(const struct leftovers *lo)
{
	const struct leftover *l;
	size_t i, n = 0;
	char *q;
	bool yes;
	int r, status = 0;

	for (i = 0; i < lo->n; i++) {
		l = &lo->v[i];
		if (l->kind != LEFTOVER_BACKUP && l->kind != LEFTOVER_CSV)
			continue;
		if (leftovers_deletable(l))
			n++;
		else
			printf("Not deleting %s: %s\n", l->path,
			    l->stored == LEFTOVER_STORED_MISSING ? "it holds a "
			    "key that is not in the keystore" : "the keystore "
			    "could not be checked for its keys");
	}
	if (n == 0) {
		printf("No files to delete.\n");
		return 0;
	}
	q = xasprintf("Delete %zu file%s listed above? (y|N) ", n,
	    n == 1 ? "" : "s");
	r = cmd_doctor_confirm(q, &yes);
	free(q);
	if (r != 0)
		return r;
	if (!yes)
		return 0;
	for (i = 0; i < lo->n; i++) {
		l = &lo->v[i];
		if (!leftovers_deletable(l))
			continue;
		if (leftovers_delete(l) != 0) {
			fprintf(stderr, "aws-vault: error: doctor: %s\n",
			    av_error_msg());
			status = 1;
			continue;
		}
		printf("Deleted %s\n", l->path);
	}
	return status;
}

/* --scrub-history: remove the flagged history lines. */
static int
cmd_doctor_do_scrub(const struct leftovers *lo)
{
	const struct leftover *l;
	size_t i, files = 0, lines = 0;
	char *q;
	bool yes;
	int r, status = 0;

	for (i = 0; i < lo->n; i++)
		if (lo->v[i].kind == LEFTOVER_HISTORY) {
			files++;
			lines += lo->v[i].nlines;
		}
	if (files == 0) {
		printf("No history lines to remove.\n");
		return 0;
	}
	q = xasprintf("Remove %zu line%s from %zu history file%s? (y|N) ",
	    lines, lines == 1 ? "" : "s", files, files == 1 ? "" : "s");
	r = cmd_doctor_confirm(q, &yes);
	free(q);
	if (r != 0)
		return r;
	if (!yes)
		return 0;
	for (i = 0; i < lo->n; i++) {
		l = &lo->v[i];
		if (l->kind != LEFTOVER_HISTORY)
			continue;
		if (leftovers_scrub(l) != 0) {
			fprintf(stderr, "aws-vault: error: doctor: %s\n",
			    av_error_msg());
			status = 1;
			continue;
		}
		printf("Removed %zu line%s from %s\n", l->nlines,
		    l->nlines == 1 ? "" : "s", l->path);
	}
	printf("A shell that is still running keeps its history in memory "
	    "and may write these lines back when it exits: clear it there "
	    "(bash: history -c) or close it first.\n");
	return status;
}

static int
cmd_doctor_exec(struct cmd_ctx *ctx)
{
	struct leftovers lo;
	int r, status = 0;

	leftovers_init(&lo);
	cmd_doctor_report(ctx, NULL, cmd_doctor_delete, &lo);
	if (lo.n > 0 && !cmd_doctor_delete && !cmd_doctor_scrub_history)
		printf("Nothing was changed. `aws-vault doctor --delete` "
		    "deletes the copies and downloads whose keys are in the "
		    "keystore; `--scrub-history` removes the history lines.\n");
	if (cmd_doctor_delete) {
		if ((r = cmd_doctor_do_delete(&lo)) < 0)
			goto out;
		status |= r;
	}
	if (cmd_doctor_scrub_history) {
		if ((r = cmd_doctor_do_scrub(&lo)) < 0)
			goto out;
		status |= r;
	}
	r = status;
out:
	leftovers_release(&lo);
	return r;
}

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.help = "Find plaintext AWS keys left on disk (credentials file, "
	    "its backups, console key downloads, shell history).",
	.options = cmd_doctor_options,
	.exec = cmd_doctor_exec,
};
