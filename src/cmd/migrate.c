/* SPDX-License-Identifier: MIT */
/*
 * migrate.c: `aws-vault migrate-backend --from=A --to=B` (BN, spec 3.11):
 * copy long-term credentials between keystores, reading each copy back
 * before counting it (and before deleting the source, when asked).
 * Sessions and SSO tokens are not copied.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/globals.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"

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

/* Copy one item and read it back. */
static int
cmd_migrate_one(struct keyring *src, struct keyring *dst, const char *name,
    bool exists)
{
	struct keyring_item *item = NULL, *back = NULL;
	int r;

	if ((r = keyring_get(src, name, &item)) != 0 ||
	    (r = keyring_set(dst, item)) != 0)
		goto out;
	if ((r = keyring_get(dst, name, &back)) != 0)
		goto out;
	if (strcmp(back->key, item->key) != 0 ||
	    !secbuf_eq(back->data, item->data)) {
		r = av_error_set(AV_ERR_KEYRING, "verification failed: the "
		    "destination holds different data");
		goto out;
	}
	printf("%s, verified", exists ? "overwritten" : "copied");
	r = 0;
out:
	keyring_item_free(item);
	keyring_item_free(back);
	return r;
}

static int
cmd_migrate_exec(struct cmd_ctx *ctx)
{
	struct keyring_config src_cfg, dst_cfg;
	struct keyring *src = NULL, *dst = NULL;
	struct cmd_migrate_counts n = { 0, 0, 0, 0 };
	struct strv keys, names, dkeys;
	size_t i;
	int r;

	strv_init(&keys);
	strv_init(&names);
	strv_init(&dkeys);
	if (strcmp(cmd_migrate_from, cmd_migrate_to) == 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "source and destination backends must differ");
		goto out;
	}
	if ((r = cmd_migrate_open(ctx, &src_cfg, cmd_migrate_from, &src))) {
		av_error_prefix("open source backend \"%s\"", cmd_migrate_from);
		goto out;
	}
	if ((r = keyring_keys(src, &keys)) != 0)
		goto out;
	for (i = 0; i < keys.n; i++)
		if (keys_is_credentials(keys.v[i]) &&
		    (str_empty(cmd_migrate_profile) ||
		    strcmp(keys.v[i], cmd_migrate_profile) == 0))
			strv_push(&names, keys.v[i]);
	strv_sort(&names);
	if (!str_empty(cmd_migrate_profile) && names.n == 0) {
		r = av_error_set(AV_ERR_NOT_FOUND,
		    "profile \"%s\" not found in source backend",
		    cmd_migrate_profile);
		goto out;
	}
	if (cmd_migrate_dry_run) {
		if (names.n == 0) {
			printf("No credentials found in source backend %s.\n",
			    cmd_migrate_from);
		} else {
			printf("Would migrate %zu credential profile(s) from "
			    "%s to %s:\n", names.n, cmd_migrate_from,
			    cmd_migrate_to);
			for (i = 0; i < names.n; i++)
				printf("  %s\n", names.v[i]);
			printf("\nNo changes made.\n");
		}
		r = 0;
		goto out;
	}
	if ((r = cmd_migrate_open(ctx, &dst_cfg, cmd_migrate_to, &dst))) {
		av_error_prefix("open destination backend \"%s\"",
		    cmd_migrate_to);
		goto out;
	}
	if ((r = keyring_keys(dst, &dkeys)) != 0)
		goto out;
	cmd_creds_forget_fast(ctx);
	for (i = 0; i < names.n; i++) {
		bool exists = strv_contains(&dkeys, names.v[i]);

		printf("Migrating %s... ", names.v[i]);
		fflush(stdout);
		if (exists && !cmd_migrate_overwrite) {
			printf("skipped, already exists in destination\n");
			n.skipped++;
			continue;
		}
		if ((r = cmd_migrate_one(src, dst, names.v[i], exists)) == 0 &&
		    cmd_migrate_delete_source &&
		    (r = keyring_remove(src, names.v[i])) == 0)
			printf(", deleted source");
		if (r != 0) {
			printf("failed: %s\nMigration stopped. Source "
			    "credentials were not deleted for the failed "
			    "profile.\n", av_error_msg());
			goto out;
		}
		printf("\n");
		if (exists)
			n.overwritten++;
		else
			n.copied++;
		if (cmd_migrate_delete_source)
			n.deleted++;
	}
	printf("\nMigration summary:\n  copied: %d\n  overwritten: %d\n"
	    "  skipped: %d\n  deleted from source: %d\n", n.copied,
	    n.overwritten, n.skipped, n.deleted);
	r = 0;
out:
	keyring_close(src);
	keyring_close(dst);
	strv_release(&keys);
	strv_release(&names);
	strv_release(&dkeys);
	return r;
}

const struct cmd_entry cmd_migrate_entry = {
	.name = "migrate-backend",
	.help = "Migrate stored credentials between keyring backends.",
	.options = cmd_migrate_options,
	.exec = cmd_migrate_exec,
};
