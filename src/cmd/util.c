/* SPDX-License-Identifier: MIT */
/*
 * util.c: the profile guard, the profile picker, the passphrase prompt
 * and the passphrase cache (--file-passphrase-ttl): a typed passphrase
 * that opened an item is kept in the kernel keyring for the TTL; a
 * cached one the store rejects is dropped.
 */
#include "util/common.h"

#include <inttypes.h>
#include <limits.h>

#include "cmd/cmd.h"
#include "cmd/util.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "keyring/passcache.h"
#include "prompt/tty.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

int
cmd_pick_profile(struct cmd_ctx *ctx, const struct config *cf, char **namep)
{
	return cmd_pick_profile_as(ctx, cf, namep,
	    "unable to select a 'profile'. Try --help");
}

int
cmd_pick_profile_as(struct cmd_ctx *ctx, const struct config *cf,
    char **namep, const char *failure)
{
	struct secbuf *answer = NULL;
	struct strv names;
	struct buf menu;
	uint64_t n;
	size_t i;
	int r;

	if (*namep != NULL && **namep != '\0')
		return 0;
	strv_init(&names);
	buf_init(&menu, SIZE_MAX);
	config_profile_names(cf, &names);
	if (names.n == 0) {
		r = cmd_fail_usage(ctx, "%s: no profiles in %s", failure,
		    cf->path);
		goto out;
	}
	buf_puts(&menu, "Choose AWS profile:\n");
	for (i = 0; i < names.n; i++)
		buf_printf(&menu, "  %zu) %s\n", i + 1, names.v[i]);
	buf_puts(&menu, "Enter a number: ");
	for (i = 0; i < 3; i++) {
		r = prompt_tty_read(buf_cstr(&menu), PROMPT_TTY_TRIM, &answer);
		if (r != 0) {
			r = cmd_fail_usage(ctx, "%s: %s", failure,
			    av_error_msg());
			goto out;
		}
		if (cstr_to_u64(secbuf_ptr(answer), 1, names.n, &n) == 0) {
			free(*namep);
			*namep = xstrdup(names.v[n - 1]);
			r = 0;
			goto out;
		}
		secbuf_free(answer);
		answer = NULL;
	}
	r = cmd_fail_usage(ctx, "%s: no valid choice", failure);
out:
	secbuf_free(answer);
	buf_release(&menu);
	strv_release(&names);
	return r;
}

/* Did the last passphrase cmd_file_passphrase gave come from the prompt
 * (true) or from the kernel keyring cache (false)? */
static bool cmd_file_passphrase_typed;

int
cmd_file_passphrase(void *arg, const char *dir, struct secbuf **pwp)
{
	struct cmd_ctx *ctx = arg;
	int64_t ttl = ctx->g->file_passphrase_ttl;
	char *prompt;
	int r;

	*pwp = NULL;
	cmd_file_passphrase_typed = false;
	if (ttl > 0 && passcache_get(dir, pwp) == 0) {
		log_debug("file passphrase from the kernel keyring cache");
		return 0;
	}
	av_error_clear();
	prompt = xasprintf("Enter passphrase to unlock \"%s\": ", dir);
	r = prompt_tty_read_passphrase(prompt, pwp);
	free(prompt);
	cmd_file_passphrase_typed = r == 0;
	return r;
}

void
cmd_file_passphrase_done(void *arg, const char *dir,
    const struct secbuf *pw, bool opened)
{
	struct cmd_ctx *ctx = arg;
	int64_t ttl = ctx->g->file_passphrase_ttl, secs;

	if (ttl <= 0)
		return;
	if (opened && cmd_file_passphrase_typed) {
		/* Whole seconds, rounded up; the kernel takes an unsigned. */
		secs = ttl / 1000000000 + (ttl % 1000000000 != 0);
		if (secs > UINT_MAX)
			secs = UINT_MAX;
		if (passcache_put(dir, pw, (unsigned int)secs) == 0)
			log_debug("file passphrase cached in the kernel "
			    "keyring for %" PRId64 "s", secs);
		else
			log_debug("file passphrase not cached: %s",
			    av_error_msg());
	} else if (!opened && !cmd_file_passphrase_typed) {
		/* A cached passphrase that no longer opens the store (it was
		 * re-keyed): drop it, so the next run asks. */
		if (passcache_forget(dir) == 0)
			log_debug("dropped the cached file passphrase: it "
			    "does not open %s", dir);
	}
	cmd_file_passphrase_typed = false;
}
