/* SPDX-License-Identifier: MIT */
/*
 * import.c: `aws-vault import [<profile>...]` and `aws-vault import
 * --csv FILE --profile NAME`: move long-term keys from the plaintext
 * shared credentials file (or a console accessKeys.csv) into the
 * keystore.  Not in the Go tool.
 *
 * For each key: store it as `add` does, read it back and compare
 * (constant time), add a config section when the profile has none; then
 * remove every imported section from the credentials file in one atomic
 * rewrite that keeps all other bytes (config/credfile.h).  A key that
 * fails any step stays in the file, and the command exits 1 after doing
 * the others.  Then the leftovers report (doctor.h) lists what else still
 * holds plaintext keys.
 *
 * Settings rule: the keys of a credentials section other than
 * aws_access_key_id, aws_secret_access_key, aws_session_token and
 * aws_security_token (region, output, mfa_serial, ...) are not secret and
 * belong in ~/.aws/config: they are copied into the new [profile NAME]
 * section.  When the config already has that section they are not copied
 * (the config wins), and the output names them.
 *
 * Sections with aws_session_token hold temporary credentials: skipped,
 * they expire.  Secrets are never printed; key ids only masked.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/doctor.h"
#include "cmd/output.h"
#include "config/credfile.h"
#include "config/edit.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/leftovers.h"
#include "vault/master.h"
#include "vault/sessions.h"

static struct strv cmd_import_names;
static char *cmd_import_csv;
static char *cmd_import_profile;
static bool cmd_import_dry_run;
static bool cmd_import_keep;
static bool cmd_import_overwrite;
static bool cmd_import_add_config;
static bool cmd_import_scan_only;

static const struct cmd_option cmd_import_options[] = {
	{ "csv", 0, CMD_OPT_STRING, &cmd_import_csv,
	    "Import the key in an access-key CSV file downloaded from the "
	    "AWS console (needs --profile)", .placeholder = "FILE" },
	{ "profile", 0, CMD_OPT_STRING, &cmd_import_profile,
	    "Profile name to store the --csv key under",
	    .placeholder = "NAME" },
	{ "dry-run", 0, CMD_OPT_BOOL, &cmd_import_dry_run,
	    "Say what would be imported and removed; change nothing" },
	{ "keep", 0, CMD_OPT_BOOL, &cmd_import_keep,
	    "Store and verify, but leave the credentials file as it is" },
	{ "overwrite", 0, CMD_OPT_BOOL, &cmd_import_overwrite,
	    "Replace credentials already stored under the same name" },
	{ "add-config", 0, CMD_OPT_BOOL, &cmd_import_add_config,
	    "Add a profile to ~/.aws/config if one doesn't exist, with the "
	    "section's other settings (region, output, mfa_serial, ...)",
	    .def = "true" },
	{ "scan-only", 0, CMD_OPT_BOOL, &cmd_import_scan_only,
	    "Only list plaintext keys left on disk (as `aws-vault doctor`)" },
	{ NULL },
};

static const struct cmd_arg cmd_import_args[] = {
	{ "profile", "Sections of the credentials file to import (default: "
	    "every one with a long-term key)", .cumulative = true,
	    .rest = &cmd_import_names },
	{ NULL },
};

/* One key to import. */
struct cmd_import_key {
	const char			*name;
	const char			*akid;
	const struct secbuf		*secret;
	const struct credfile_section	*sec;	/* NULL for --csv */
};

/* What happened to one key, for the summary. */
struct cmd_import_done {
	char	*name;
	char	 mask[CREDFILE_MASK_LEN];
	bool	 already;	/* the keystore held the same key */
	char	*config_note;	/* a line about ~/.aws/config, or NULL */
};

struct cmd_import_run {
	struct keyring		*kr;
	struct config		*cf;
	const char		*source;	/* file the keys come from */
	struct cmd_import_done	*done;
	size_t			 ndone;
	struct strv		 failed;
};

/* name in Go %q quoting, as a new string. */
static char *
cmd_import_quote(const char *name)
{
	struct buf b;

	buf_init(&b, SIZE_MAX);
	(void)output_go_quote(&b, name);
	return buf_detach(&b);
}

/* Report a profile that could not be imported (the message is set). */
static void
cmd_import_fail(struct cmd_import_run *run, const char *name)
{
	char *q = cmd_import_quote(name);

	fprintf(stderr, "aws-vault: profile %s not imported: %s\n", q,
	    av_error_msg());
	free(q);
	av_error_clear();
	strv_push(&run->failed, name);
}

/* Constant-time equality of two credentials' key pairs. */
static bool
cmd_import_same(const struct aws_creds *a, const struct aws_creds *b)
{
	size_t n = strlen(a->access_key_id);
	bool same;

	same = n == strlen(b->access_key_id) &&
	    crypto_memeq(a->access_key_id, b->access_key_id, n);
	return secbuf_eq(a->secret_access_key, b->secret_access_key) && same &&
	    str_empty(aws_creds_token(b));
}

/* The section sets key (a name in its name/value settings). */
static bool
cmd_import_has_setting(const struct credfile_section *sec, const char *key)
{
	size_t i;

	for (i = 0; sec != NULL && i + 1 < sec->settings.n; i += 2)
		if (strcmp(sec->settings.v[i], key) == 0)
			return true;
	return false;
}

/* Add the config section (or say why not) for an imported key, with the
 * credentials section's other settings. */
static int
cmd_import_config(struct cmd_import_run *run, const struct cmd_import_key *k,
    struct cmd_import_done *d)
{
	static const struct strv none;
	const struct strv *settings = k->sec != NULL ? &k->sec->settings :
	    &none;
	struct buf names, skipped;
	size_t i;
	int r = 0;

	buf_init(&names, SIZE_MAX);
	buf_init(&skipped, SIZE_MAX);
	for (i = 0; i + 1 < settings->n; i += 2)
		(void)buf_printf(&names, "%s%s", i ? ", " : "",
		    settings->v[i]);
	for (i = 0; k->sec != NULL && i < k->sec->nested.n; i++)
		(void)buf_printf(&skipped, "%s%s", i ? ", " : "",
		    k->sec->nested.v[i]);
	if (!cmd_import_add_config) {
		if (names.len > 0)
			d->config_note = xasprintf("  not copied to %s "
			    "(--no-add-config): %s", run->cf->path,
			    buf_cstr(&names));
		goto out;
	}
	if (config_has_profile_section(run->cf, k->name)) {
		if (names.len > 0)
			d->config_note = xasprintf("  %s already has this "
			    "profile; not copied: %s", run->cf->path,
			    buf_cstr(&names));
		goto out;
	}
	if (!cmd_import_dry_run && (r = config_append_profile_settings(
	    run->cf->path, k->name, settings)) != 0) {
		av_error_prefix("Error adding profile");
		goto out;
	}
	d->config_note = xasprintf("  %s [%s%s] to %s%s%s%s%s",
	    cmd_import_dry_run ? "would add" : "added",
	    streq(k->name, "default") ? "" : "profile ", k->name,
	    run->cf->path, names.len ? " with " : "", buf_cstr(&names),
	    skipped.len ? "; not copied (nested values): " : "",
	    buf_cstr(&skipped));
out:
	buf_release(&skipped);
	buf_release(&names);
	return r;
}

/*
 * Import one key: checks, store, read back, sessions, config.  On success
 * a summary entry is added; on failure the message is set and nothing of
 * the source is to be removed.
 */
static int
cmd_import_one(struct cmd_import_run *run, const struct cmd_import_key *k)
{
	struct aws_creds *creds = NULL, *old = NULL, *back = NULL;
	struct cmd_import_done d;
	const char *src;
	int r, n;

	memset(&d, 0, sizeof(d));
	d.name = xstrdup(k->name);
	credfile_mask_key_id(k->akid, d.mask);
	if (!keys_is_credentials(k->name)) {
		r = av_error_set(AV_ERR_INVALID, "the name looks like an "
		    "aws-vault session or token key");
		goto out;
	}
	if (((src = config_profile_get(run->cf, k->name, "source_profile")) !=
	    NULL && *src != '\0') ||
	    cmd_import_has_setting(k->sec, "source_profile")) {
		r = av_error_set(AV_ERR_INVALID, "the profile has a "
		    "source_profile, so credentials stored under it would not "
		    "be used");
		goto out;
	}
	creds = aws_creds_from(k->akid, secbuf_ptr(k->secret), NULL);
	r = master_get(run->kr, k->name, &old);
	if (r == 0) {
		d.already = cmd_import_same(creds, old);
		if (!d.already && !cmd_import_overwrite) {
			char mask[CREDFILE_MASK_LEN];

			r = av_error_set(AV_ERR_INVALID, "other credentials "
			    "(%s) are already stored under this name; use "
			    "--overwrite to replace them",
			    credfile_mask_key_id(old->access_key_id, mask));
			goto out;
		}
	} else if (r != AV_ERR_NOT_FOUND && !cmd_import_overwrite) {
		av_error_prefix("reading what is stored under this name");
		goto out;
	}
	av_error_clear();
	if (!cmd_import_dry_run && !d.already) {
		if ((r = master_set(run->kr, k->name, creds)) != 0)
			goto out;
		if ((r = master_get(run->kr, k->name, &back)) != 0) {
			av_error_prefix("stored, but reading it back failed");
			goto out;
		}
		if (!cmd_import_same(creds, back)) {
			r = av_error_set(AV_ERR_KEYRING, "stored, but the "
			    "keystore gave back different credentials");
			goto out;
		}
		if (sessions_remove_for_profile(run->kr, k->name, &n) == 0 &&
		    n > 0)
			printf("Deleted %d existing sessions of %s.\n", n,
			    k->name);
		av_error_clear();
	}
	if ((r = cmd_import_config(run, k, &d)) != 0)
		goto out;
	run->done = xreallocarray(run->done, run->ndone + 1,
	    sizeof(*run->done));
	run->done[run->ndone++] = d;
	memset(&d, 0, sizeof(d));	/* transferred */
	r = 0;
out:
	free(d.name);
	free(d.config_note);
	aws_creds_free(creds);
	aws_creds_free(old);
	aws_creds_free(back);
	return r;
}

/* Print what was imported; removed says the source no longer has it. */
static void
cmd_import_summary(const struct cmd_import_run *run, bool removed)
{
	const struct cmd_import_done *d;
	bool dry = cmd_import_dry_run;
	size_t i;
	char *q;

	for (i = 0; i < run->ndone; i++) {
		d = &run->done[i];
		q = cmd_import_quote(d->name);
		if (d->already)
			printf("Credentials for profile %s (%s) %s already in "
			    "the keystore", q, d->mask, dry ? "are" : "were");
		else
			printf("%s credentials for profile %s (%s)", dry ?
			    "Would import" : "Imported", q, d->mask);
		if (cmd_import_csv != NULL)
			printf("%s from %s\n", d->already ? "," : "",
			    run->source);
		else if (removed)
			printf("%s %s them from %s\n", d->already ? ";" :
			    " and", dry ? "would remove" : "removed",
			    run->source);
		else
			printf("; %s still holds them%s\n", run->source,
			    cmd_import_keep ? " (--keep)" : "");
		if (d->config_note != NULL)
			printf("%s\n", d->config_note);
		free(q);
	}
}

/* The keys to import from the credentials file, in file order. */
static int
cmd_import_select(const struct credfile *cfile, struct cmd_import_key **keysp,
    size_t *np)
{
	const struct credfile_section *s;
	struct cmd_import_key *keys;
	size_t i, n = 0;
	char *q;

	*keysp = NULL;
	*np = 0;
	for (i = 0; i < cmd_import_names.n; i++) {
		if ((s = credfile_find(cfile, cmd_import_names.v[i])) == NULL)
			return av_error_set(AV_ERR_NOT_FOUND, "profile '%s' "
			    "not found in %s", cmd_import_names.v[i],
			    cfile->path);
		if (s->access_key_id == NULL || s->secret == NULL)
			return av_error_set(AV_ERR_INVALID, "[%s] in %s has no "
			    "aws_access_key_id and aws_secret_access_key",
			    s->name, cfile->path);
	}
	keys = xcalloc(cfile->nsections + 1, sizeof(*keys));
	for (i = 0; i < cfile->nsections; i++) {
		s = &cfile->sections[i];
		if (cmd_import_names.n > 0 &&
		    !strv_contains(&cmd_import_names, s->name))
			continue;
		if (s->access_key_id == NULL && s->secret == NULL)
			continue;
		q = cmd_import_quote(s->name);
		if (s->temporary)
			printf("Skipped profile %s: temporary credentials "
			    "(aws_session_token) expire by themselves\n", q);
		else if (s->access_key_id == NULL || s->secret == NULL)
			printf("Skipped profile %s: it has only one of "
			    "aws_access_key_id and aws_secret_access_key\n",
			    q);
		free(q);
		if (s->temporary || s->access_key_id == NULL ||
		    s->secret == NULL)
			continue;
		keys[n].name = s->name;
		keys[n].akid = s->access_key_id;
		keys[n].secret = s->secret;
		keys[n].sec = s;
		n++;
	}
	*keysp = keys;
	*np = n;
	return 0;
}

/* --csv FILE --profile NAME. */
static int
cmd_import_from_csv(struct cmd_import_run *run)
{
	struct credfile_csv *csv = NULL;
	struct cmd_import_key k;
	int r;

	run->source = cmd_import_csv;
	if ((r = credfile_csv_load(cmd_import_csv, &csv)) != 0)
		return r;
	if (csv->nkeys != 1) {
		r = av_error_set(AV_ERR_INVALID, "%s holds %zu keys (records "
		    "at lines %u and %u, ...); --csv imports a file with one "
		    "key", cmd_import_csv, csv->nkeys, csv->keys[0].line,
		    csv->keys[1].line);
		goto out;
	}
	memset(&k, 0, sizeof(k));
	k.name = cmd_import_profile;
	k.akid = csv->keys[0].access_key_id;
	k.secret = csv->keys[0].secret;
	if (cmd_import_one(run, &k) != 0)
		cmd_import_fail(run, k.name);
	cmd_import_summary(run, false);
	r = 0;
out:
	credfile_csv_free(csv);
	return r;
}

/* Import from the shared credentials file. */
static int
cmd_import_from_credfile(struct cmd_import_run *run)
{
	struct cmd_import_key *keys = NULL;
	struct credfile *cfile = NULL;
	struct strv remove;
	char *path = credfile_path();
	size_t i, n = 0;
	int r;

	strv_init(&remove);
	run->source = path;
	if ((r = credfile_load(path, &cfile)) == AV_ERR_NOT_FOUND &&
	    cmd_import_names.n == 0) {
		printf("Nothing to import: there is no %s\n", path);
		r = 0;
		goto out;
	}
	if (r != 0 || (r = cmd_import_select(cfile, &keys, &n)) != 0)
		goto out;
	if (n == 0) {
		printf("No long-term keys to import in %s\n", path);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (cmd_import_one(run, &keys[i]) != 0)
			cmd_import_fail(run, keys[i].name);
	for (i = 0; i < run->ndone; i++)
		strv_push(&remove, run->done[i].name);
	if (remove.n > 0 && !cmd_import_keep && !cmd_import_dry_run &&
	    (r = credfile_save_without(cfile, &remove)) != 0) {
		cmd_import_summary(run, false);
		av_error_prefix("the keys are stored, but removing them from "
		    "%s failed", path);
		goto out;
	}
	cmd_import_summary(run, !cmd_import_keep);
	r = 0;
out:
	strv_release(&remove);
	free(keys);
	credfile_free(cfile);
	run->source = NULL;
	free(path);
	return r;
}

static int
cmd_import_exec(struct cmd_ctx *ctx)
{
	struct cmd_import_run run;
	struct leftovers lo;
	struct buf list;
	size_t i;
	int r;

	memset(&run, 0, sizeof(run));
	strv_init(&run.failed);
	leftovers_init(&lo);
	buf_init(&list, SIZE_MAX);
	if (cmd_import_scan_only) {
		cmd_doctor_report(ctx, NULL, false, &lo);
		r = 0;
		goto out;
	}
	if (cmd_import_csv != NULL && str_empty(cmd_import_profile)) {
		r = cmd_fail_usage(ctx, "--csv needs --profile NAME");
		goto out;
	}
	if (cmd_import_csv == NULL && cmd_import_profile != NULL) {
		r = cmd_fail_usage(ctx, "--profile goes with --csv; name "
		    "credentials-file sections as arguments");
		goto out;
	}
	if (cmd_import_csv != NULL && cmd_import_names.n > 0) {
		r = cmd_fail_usage(ctx, "unexpected %s",
		    cmd_import_names.v[0]);
		goto out;
	}
	if ((r = cmd_keyring(ctx, &run.kr)) != 0 ||
	    (r = cmd_config(ctx, &run.cf)) != 0)
		goto out;
	if (cmd_import_csv != NULL)
		r = cmd_import_from_csv(&run);
	else
		r = cmd_import_from_credfile(&run);
	/* As after `add`: no kernel-keyring mirror may answer for a
	 * profile whose key changed and whose sessions were deleted. */
	if (run.ndone > 0 && !cmd_import_dry_run)
		cmd_creds_forget_fast(ctx);
	if (r != 0)
		goto out;
	if (run.ndone > 0 && !cmd_import_dry_run) {
		printf("\nOther plaintext AWS keys on disk (as `aws-vault "
		    "doctor` finds them):\n");
		cmd_doctor_report(ctx, run.kr, false, &lo);
		printf("\nUse the keys with `aws-vault exec %s -- <command>`.\n",
		    run.done[0].name);
	}
	if (run.failed.n > 0) {
		for (i = 0; i < run.failed.n; i++)
			(void)buf_printf(&list, "%s%s", i > 0 ? ", " : "",
			    run.failed.v[i]);
		r = av_error_set(AV_ERR_INVALID, "not imported (still in "
		    "plaintext): %s", buf_cstr(&list));
		goto out;
	}
	r = 0;
out:
	for (i = 0; i < run.ndone; i++) {
		free(run.done[i].name);
		free(run.done[i].config_note);
	}
	free(run.done);
	strv_release(&run.failed);
	leftovers_release(&lo);
	buf_release(&list);
	return r;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.help = "Move keys from ~/.aws/credentials or an accessKeys.csv into "
	    "the secure keystore.",
	.options = cmd_import_options,
	.args = cmd_import_args,
	.exec = cmd_import_exec,
};
