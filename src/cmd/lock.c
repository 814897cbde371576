/* SPDX-License-Identifier: MIT */
/*
 * lock.c: `aws-vault lock [--all]`: forget the file keystore's passphrase
 * cached in the kernel keyring by --file-passphrase-ttl (util.c), now
 * rather than when its TTL runs out; --all forgets every cached
 * passphrase of this user (every key directory).  Not in the Go tool,
 * which has no passphrase cache.
 *
 * The key directory is the one the file backend would use (--file-dir /
 * AWS_VAULT_FILE_DIR, default ~/.awsvault/keys/, only a leading "~/"
 * expanded), whatever --backend says; nothing is opened or unlocked.
 * Exit status 0 whether or not something was cached.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "keyring/passcache.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/fastcache.h"

#define CMD_LOCK_DEFAULT_DIR	"~/.awsvault/keys/"

static bool cmd_lock_all;

static const struct cmd_option cmd_lock_options[] = {
	{ "all", 0, CMD_OPT_BOOL, &cmd_lock_all,
	    "Forget every cached passphrase, not only that of the file "
	    "keystore in use" },
	{ NULL },
};

/* The file backend's key directory as it would expand it (caller frees). */
static char *
cmd_lock_dir(struct cmd_ctx *ctx)
{
	const char *dir = ctx->g->file_dir;

	if (str_empty(dir))
		dir = CMD_LOCK_DEFAULT_DIR;
	if (str_has_prefix(dir, "~/"))
		return fs_expand_home(dir);
	return xstrdup(dir);
}

static int
cmd_lock_exec(struct cmd_ctx *ctx)
{
	char *dir = NULL;
	size_t n = 0;
	int r;

	/* Sessions mirrored in the kernel keyring answer without the
	 * passphrase: they go too (all of them with --all). */
	if (cmd_lock_all) {
		fastcache_forget_all();
		if ((r = passcache_forget_all(&n)) != 0)
			goto out;
		printf("Forgot %zu cached passphrase%s\n", n,
		    n == 1 ? "" : "s");
		r = 0;
		goto out;
	}
	cmd_creds_forget_fast(ctx);
	dir = cmd_lock_dir(ctx);
	if ((r = passcache_forget(dir)) == AV_ERR_NOT_FOUND) {
		av_error_clear();
		printf("No cached passphrase for %s\n", dir);
		r = 0;
		goto out;
	}
	if (r != 0)
		goto out;
	printf("Forgot the cached passphrase for %s\n", dir);
out:
	free(dir);
	return r;
}

const struct cmd_entry cmd_lock_entry = {
	.name = "lock",
	.help = "Forget the file keystore's passphrase cached by "
	    "--file-passphrase-ttl, and the sessions it unlocked.",
	.options = cmd_lock_options,
	.exec = cmd_lock_exec,
};
