/* SPDX-License-Identifier: MIT */
/*
 * migrate.c: `aws-vault migrate-backend --from=A --to=B` (BN, spec 3.11):
 * copy long-term credentials between keystores, reading each copy back
 * before counting it (and before deleting the source, when asked).
 * Sessions and SSO tokens are not copied.
 *
 * Follows BN cli/migrate_backend.go: the credentials are decoded and
 * written again as `add` writes them (label "aws-vault (<name>)"), every
 * check, read, write and read-back error names its step ("write
 * destination profile \"p\": ..."), and a failure stops the run before
 * anything more is deleted.  Deliberate differences: --profile must name
 * long-term credentials (Go would also take a session key), and an open
 * error says why the backend did not open, where Go says only "specified
 * keyring backend not available".
 */
#include "util/common.h"

#include "aws/creds.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/globals.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "vault/master.h"

static char *cmd_migrate_from;
static char *cmd_migrate_to;
static char *cmd_migrate_profile;
static bool cmd_migrate_dry_run;
static bool cmd_migrate_overwrite;
static bool cmd_migrate_delete_source;

static const struct cmd_option cmd_migrate_options[] = {
	{ "from", 0, CMD_OPT_ENUM, &cmd_migrate_from,
	    "Source keyring backend.", .flags = CMD_OPT_REQUIRED,
	    .enum_values = cmd_backend_names },
	{ "to", 0, CMD_OPT_ENUM, &cmd_migrate_to,
	    "Destination keyring backend.", .flags = CMD_OPT_REQUIRED,
	    .enum_values = cmd_backend_names },
	{ "profile", 0, CMD_OPT_STRING, &cmd_migrate_profile,
	    "Migrate only this profile." },
	{ "dry-run", 0, CMD_OPT_BOOL, &cmd_migrate_dry_run,
	    "Show what would be migrated without writing anything." },
	{ "overwrite", 0, CMD_OPT_BOOL, &cmd_migrate_overwrite,
	    "Overwrite destination credentials if they already exist." },
	{ "delete-source", 0, CMD_OPT_BOOL, &cmd_migrate_delete_source,
	    "Delete source credentials after successful destination "
	    "verification." },
	{ NULL },
};

struct cmd_migrate_counts {
	int copied, overwritten, skipped, deleted;
};

/* Open backend name with the global settings. */
static int
cmd_migrate_open(struct cmd_ctx *ctx, struct keyring_config *kc,
    const char *name, struct keyring **krp)
{
	cmd_keyring_config_fill(ctx, kc);
	kc->backend = name;
	return keyring_open(kc, krp);
}

/* Is name stored in kr (Go CredentialKeyring.Has)? */
static int
cmd_migrate_has(struct keyring *kr, const char *name, bool *hasp)
{
	struct strv keys;
	int r;

	*hasp = false;
	strv_init(&keys);
	if ((r = keyring_keys(kr, &keys)) == 0)
		*hasp = strv_contains(&keys, name);
	strv_release(&keys);
	return r;
}

/* The credentials to migrate: every long-term key of src, sorted, or
 * only profile (which must be one). */
static int
cmd_migrate_names(struct keyring *src, const char *profile,
    struct strv *names)
{
	struct strv keys;
	size_t i;
	int r;

	strv_init(&keys);
	if ((r = keyring_keys(src, &keys)) != 0)
		goto out;
	for (i = 0; i < keys.n; i++)
		if (keys_is_credentials(keys.v[i]) && (str_empty(profile) ||
		    strcmp(keys.v[i], profile) == 0))
			strv_push(names, keys.v[i]);
	if (!str_empty(profile) && names->n == 0) {
		r = av_error_set(AV_ERR_NOT_FOUND,
		    "profile \"%s\" not found in source backend", profile);
		goto out;
	}
	strv_sort(names);
	r = 0;
out:
	strv_release(&keys);
	return r;
}

/* Copy the credentials name unless the destination has them (and no
 * --overwrite), then read them back and compare (Go
 * migrateOneCredential).  The item is written as `add` writes it (label
 * "aws-vault (<name>)"), whatever the source's item looked like.  *existsp
 * says whether the destination had them; *copiedp whether they were
 * written. */
static int
cmd_migrate_one(struct keyring *src, struct keyring *dst, const char *name,
    bool *existsp, bool *copiedp)
{
	struct aws_creds *creds = NULL, *back = NULL;
	int r;

	*copiedp = false;
	if ((r = cmd_migrate_has(dst, name, existsp)) != 0) {
		av_error_prefix("check destination profile \"%s\"", name);
		goto out;
	}
	if (*existsp && !cmd_migrate_overwrite) {
		r = 0;
		goto out;
	}
	if ((r = master_get(src, name, &creds)) != 0) {
		av_error_prefix("read source profile \"%s\"", name);
		goto out;
	}
	if ((r = master_set(dst, name, creds)) != 0) {
		av_error_prefix("write destination profile \"%s\"", name);
		goto out;
	}
	if ((r = master_get(dst, name, &back)) != 0) {
		av_error_prefix("verify destination profile \"%s\"", name);
		goto out;
	}
	if (strcmp(back->access_key_id, creds->access_key_id) != 0 ||
	    !secbuf_eq(back->secret_access_key, creds->secret_access_key) ||
	    strcmp(aws_creds_token(back), aws_creds_token(creds)) != 0) {
		r = av_error_set(AV_ERR_KEYRING, "verify destination profile "
		    "\"%s\": credential mismatch", name);
		goto out;
	}
	*copiedp = true;
	r = 0;
out:
	aws_creds_free(creds);
	aws_creds_free(back);
	return r;
}

/* Migrate names one by one, printing a line each, then the summary.  On
 * an error the line says "failed: ..." and the migration stops. */
static int
cmd_migrate_all(struct keyring *src, struct keyring *dst,
    const struct strv *names)
{
	struct cmd_migrate_counts n = { 0, 0, 0, 0 };
	const char *msg;
	bool exists, copied;
	size_t i;
	int r;

	for (i = 0; i < names->n; i++) {
		printf("Migrating %s... ", names->v[i]);
		fflush(stdout);
		if ((r = cmd_migrate_one(src, dst, names->v[i], &exists,
		    &copied)) != 0) {
			printf("failed: %s\nMigration stopped. Source "
			    "credentials were not deleted for the failed "
			    "profile.\n", av_error_msg());
			return r;
		}
		if (!copied) {
			msg = "skipped, already exists in destination";
			n.skipped++;
		} else if (exists) {
			msg = "overwritten, verified";
			n.overwritten++;
		} else {
			msg = "copied, verified";
			n.copied++;
		}
		if (copied && cmd_migrate_delete_source) {
			if ((r = keyring_remove(src, names->v[i])) != 0) {
				printf("failed: %s\n", av_error_msg());
				av_error_prefix("delete source profile \"%s\"",
				    names->v[i]);
				return r;
			}
			printf("%s, deleted source\n", msg);
			n.deleted++;
		} else {
			printf("%s\n", msg);
		}
	}
	printf("\nMigration summary:\n  copied: %d\n  overwritten: %d\n"
	    "  skipped: %d\n  deleted from source: %d\n", n.copied,
	    n.overwritten, n.skipped, n.deleted);
	return 0;
}

static int
cmd_migrate_exec(struct cmd_ctx *ctx)
{
	struct keyring_config src_cfg, dst_cfg;
	struct keyring *src = NULL, *dst = NULL;
	struct strv names;
	size_t i;
	int r;

	strv_init(&names);
	if (strcmp(cmd_migrate_from, cmd_migrate_to) == 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "source and destination backends must differ");
		goto out;
	}
	if ((r = cmd_migrate_open(ctx, &src_cfg, cmd_migrate_from, &src))) {
		av_error_prefix("open source backend \"%s\"", cmd_migrate_from);
		goto out;
	}
	if ((r = cmd_migrate_names(src, cmd_migrate_profile, &names)) != 0)
		goto out;
	if (names.n == 0) {
		printf("No credentials found in source backend %s.\n",
		    cmd_migrate_from);
		r = 0;
		goto out;
	}
	if (cmd_migrate_dry_run) {
		printf("Would migrate %zu credential profile(s) from %s to "
		    "%s:\n", names.n, cmd_migrate_from, cmd_migrate_to);
		for (i = 0; i < names.n; i++)
			printf("  %s\n", names.v[i]);
		printf("\nNo changes made.\n");
		r = 0;
		goto out;
	}
	if ((r = cmd_migrate_open(ctx, &dst_cfg, cmd_migrate_to, &dst))) {
		av_error_prefix("open destination backend \"%s\"",
		    cmd_migrate_to);
		goto out;
	}
	/* The kernel-keyring mirrors must not outlive a moved key. */
	cmd_creds_forget_fast(ctx);
	r = cmd_migrate_all(src, dst, &names);
out:
	keyring_close(src);
	keyring_close(dst);
	strv_release(&names);
	return r;
}

const struct cmd_entry cmd_migrate_entry = {
	.name = "migrate-backend",
	.help = "Migrate stored credentials between keyring backends.",
	.options = cmd_migrate_options,
	.exec = cmd_migrate_exec,
};
