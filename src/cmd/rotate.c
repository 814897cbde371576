/* SPDX-License-Identifier: MIT */
/*
 * rotate.c: `aws-vault rotate [<profile>]` (spec 10): replace a stored
 * access key with a new one.
 *
 * Beyond the Go tool: the signing credentials are fetched once and used
 * for every IAM call (one MFA prompt at most); a user who already has two
 * keys is stopped before anything changes; the old key's last use is
 * shown before it is deleted; and a journal (~/.awsvault/rotate/, key ids
 * only, never secrets) makes a rotation killed at any point leave a
 * working stored key and be finished by running rotate again: an orphan
 * key created by the killed run (its secret was never stored) is deleted,
 * and an old key left behind is deleted.
 */
#include "util/common.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/iam.h"
#include "aws/query.h"
#include "cmd/cmd.h"
#include "cmd/creds.h"
#include "cmd/util.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/fetch.h"
#include "vault/master.h"
#include "vault/sessions.h"
#include "vault/vault.h"

#define ROTATE_DELETE_WINDOW	20	/* seconds of retrying the delete */
#define ROTATE_ORPHAN_AGE	(24 * 3600)

static char *cmd_rotate_profile;
static bool cmd_rotate_no_session;

static const struct cmd_option cmd_rotate_options[] = {
	{ "no-session", 'n', CMD_OPT_BOOL, &cmd_rotate_no_session,
	    "Use master credentials, no session or role used" },
	{ NULL },
};

static const struct cmd_arg cmd_rotate_args[] = {
	{ "profile", "Name of the profile", .profile_hint = true,
	    .target = &cmd_rotate_profile },
	{ NULL },
};

/* The rotation journal of one stored key. */
struct rotate_journal {
	char	*path;
	char	*phase;		/* "create" or "delete", or NULL: none */
	char	*old_id;
	char	*new_id;	/* "delete" only */
	int64_t	 started;
};

/* Test builds can die at a named step, to check that a killed rotation
 * can be finished (AWS_VAULT_TEST_ROTATE_KILL=<step>). */
static void
rotate_test_kill(const char *step)
{
#ifdef AV_TEST_HOOKS
	const char *at = getenv("AWS_VAULT_TEST_ROTATE_KILL");

	if (at != NULL && strcmp(at, step) == 0) {
		fflush(stdout);
		raise(SIGKILL);
	}
#else
	(void)step;
#endif
}

/* "****************WXYZ": 16 stars and the last four characters. */
static char *
rotate_mask(const char *id)
{
	size_t n = strlen(id);

	return xasprintf("****************%s", n >= 4 ? id + n - 4 : id);
}

static void
rotate_journal_load(struct rotate_journal *j, const char *ns,
    const char *master)
{
	struct str rest, f;
	char hex[65], *name;
	struct buf b;
	uint64_t t;

	memset(j, 0, sizeof(*j));
	name = xasprintf("%s\n%s", ns, master);
	crypto_sha256_hex(name, strlen(name), hex);
	free(name);
	j->path = xasprintf("%s/.awsvault/rotate/%.32s", fs_home(), hex);
	buf_init(&b, 4096);
	if (fs_read_private_file(j->path, b.max, &b) == 0) {
		/* "<phase> <old id> <new id or -> <unix time>\n" */
		rest = str_trim(str_make(buf_cstr(&b), b.len));
		if (str_split(&rest, ' ', &f))
			j->phase = str_dup(f);
		if (str_split(&rest, ' ', &f))
			j->old_id = str_dup(f);
		if (str_split(&rest, ' ', &f) && !str_eq(f, "-"))
			j->new_id = str_dup(f);
		if (str_to_u64(rest, 0, INT64_MAX, &t) == 0)
			j->started = (int64_t)t;
		if (j->phase == NULL || j->old_id == NULL) {
			free(j->phase);
			j->phase = NULL;
		}
	}
	av_error_clear();
	buf_release(&b);
}

static int
rotate_journal_save(struct rotate_journal *j, const char *phase,
    const char *old_id, const char *new_id)
{
	char *dir, *line;
	int r;

	dir = fs_join(fs_home(), ".awsvault/rotate");
	line = xasprintf("%s %s %s %lld\n", phase, old_id,
	    new_id != NULL ? new_id : "-", (long long)clock_now());
	if ((r = fs_mkdir_p(dir, 0700)) == 0)
		r = fs_write_atomic(j->path, line, strlen(line), 0600);
	free(line);
	free(dir);
	return r;
}

static void
rotate_journal_release(struct rotate_journal *j)
{
	free(j->path);
	free(j->phase);
	free(j->old_id);
	free(j->new_id);
	memset(j, 0, sizeof(*j));
}

/* Go FindMasterCredentialsNameFor: the profile, or its source one level
 * up, when that has a stored key. */
static int
rotate_master_name(struct keyring *kr, const struct profile_config *pc,
    const char **namep)
{
	if (keyring_has(kr, pc->name)) {
		*namep = pc->name;
		return 0;
	}
	if (pc->source_profile_name != NULL &&
	    strcmp(pc->source_profile_name, pc->name) != 0 &&
	    keyring_has(kr, pc->source_profile_name)) {
		*namep = pc->source_profile_name;
		return 0;
	}
	return av_error_set(AV_ERR_NOT_FOUND, "Error determining credential "
	    "name for '%s': No master credentials found", pc->name);
}

/* "last used 2026-11-30 10:00 UTC in us-east-1 (sts)" or "never used". */
static void
rotate_print_last_used(const struct query_client *iam, const char *id,
    const char *masked)
{
	struct iam_key_last_used u;
	char when[32];

	memset(&u, 0, sizeof(u));
	if (iam_get_access_key_last_used(iam, id, &u) != 0) {
		log_debug("GetAccessKeyLastUsed: %s", av_error_msg());
		av_error_clear();
		return;
	}
	if (u.last_used == 0) {
		printf("Old access key %s was never used\n", masked);
	} else {
		time_format_rfc3339(u.last_used, when, sizeof(when));
		printf("Old access key %s was last used %s in %s (%s); if "
		    "another machine still uses it, it will stop working\n",
		    masked, when, u.region ? u.region : "?",
		    u.service_name ? u.service_name : "?");
	}
	iam_key_last_used_release(&u);
}

/* Delete id, retrying for ROTATE_DELETE_WINDOW seconds (IAM is
 * eventually consistent: a new key may not sign yet). */
static int
rotate_delete(const struct query_client *iam, const char *id,
    const char *user, const char *masked)
{
	int64_t start = clock_now();
	int attempts = 0, r;

	for (;;) {
		attempts++;
		if ((r = iam_delete_access_key(iam, id, user)) == 0)
			return 0;
		if (strcmp(query_error_code(), "NoSuchEntity") == 0) {
			av_error_clear();
			return 0;	/* already gone */
		}
		if (clock_now() - start > ROTATE_DELETE_WINDOW)
			break;
		sleep(2);
	}
	return av_error_set(r, "Can't delete old access key %s: After %d "
	    "attempts, last error: %s", masked, attempts, av_error_msg());
}

/* Before creating a key: the user must have room for one.  A key that
 * our own killed run created (after the journal, never used, not the
 * stored one) is an orphan whose secret is lost: delete it. */
static int
rotate_check_room(const struct query_client *iam, const char *user,
    const char *stored_id, const struct rotate_journal *j)
{
	struct iam_access_key *keys = NULL;
	struct iam_key_last_used u;
	size_t n = 0, i, deleted = 0;
	char *masked;
	int r;

	if ((r = iam_list_access_keys(iam, user, &keys, &n)) != 0)
		return r;
	for (i = 0; i < n; i++) {
		if (strcmp(keys[i].access_key_id, stored_id) == 0)
			continue;
		memset(&u, 0, sizeof(u));
		if (j->phase != NULL && strcmp(j->phase, "create") == 0 &&
		    keys[i].create_date >= j->started - 60 &&
		    clock_now() - keys[i].create_date < ROTATE_ORPHAN_AGE &&
		    iam_get_access_key_last_used(iam, keys[i].access_key_id,
		    &u) == 0 && u.last_used == 0) {
			masked = rotate_mask(keys[i].access_key_id);
			printf("Deleting access key %s left by an interrupted "
			    "rotation (never used, its secret was never "
			    "stored)\n", masked);
			r = iam_delete_access_key(iam, keys[i].access_key_id,
			    user);
			free(masked);
			iam_key_last_used_release(&u);
			if (r != 0)
				goto out;
			deleted++;
			continue;
		}
		iam_key_last_used_release(&u);
		av_error_clear();
	}
	if (n - deleted >= 2) {
		r = av_error_set(AV_ERR_INVALID, "the IAM user already has two "
		    "access keys (IAM allows no more): delete the one not "
		    "stored here (aws iam list-access-keys) and run rotate "
		    "again");
		goto out;
	}
	r = 0;
out:
	iam_access_keys_free(keys, n);
	return r;
}

/* The credentials that sign every IAM call of this rotation, fetched
 * once: the target profile's stored key (-n), or a fresh session or role
 * through the usual chain with the session cache off. */
static int
rotate_signing_creds(struct cmd_creds *cc, struct aws_creds **credsp)
{
	struct keyring *kr;
	int r;

	if (cmd_rotate_no_session) {
		if ((r = vault_keyring(&cc->v, &kr)) != 0 ||
		    (r = master_get(kr, cc->pc->name, credsp)) != 0)
			av_error_prefix("Error getting temporary credentials");
		return r;
	}
	cc->v.disable_cache = true;
	if ((r = vault_provider(&cc->v, cc->pc, &cc->provider)) != 0 ||
	    (r = provider_retrieve(cc->provider, credsp)) != 0)
		av_error_prefix("Error getting temporary credentials");
	return r;
}

/* Delete the sessions of every profile of the chain. */
static void
rotate_clear_sessions(struct cmd_ctx *ctx, struct keyring *kr,
    const struct profile_config *pc)
{
	int n;

	for (; pc != NULL; pc = pc->source) {
		if (sessions_remove_for_profile(kr, pc->name, &n) == 0 &&
		    n > 0)
			printf("Deleted %d sessions for %s\n", n, pc->name);
	}
	av_error_clear();
	cmd_creds_forget_fast(ctx);
}

static int
cmd_rotate_exec(struct cmd_ctx *ctx)
{
	struct aws_creds *old = NULL, *sign = NULL, *fresh = NULL;
	struct query_client *iam = NULL;
	struct rotate_journal j;
	struct iam_access_key created;
	struct iam_user user;
	struct cmd_creds cc;
	struct keyring *kr;
	const char *master = NULL, *uname = NULL, *delete_id;
	char *ns = NULL, *old_masked = NULL, *new_masked = NULL;
	int r;

	memset(&cc, 0, sizeof(cc));
	memset(&j, 0, sizeof(j));
	memset(&created, 0, sizeof(created));
	memset(&user, 0, sizeof(user));
	cc.profile = &cmd_rotate_profile;
	if ((r = cmd_creds_prepare(ctx, &cc)) != 0 ||
	    (r = cmd_creds_resolve(ctx, &cc)) != 0 ||
	    (r = cmd_creds_guard(ctx, &cc)) != 0 ||
	    (r = vault_keyring(&cc.v, &kr)) != 0 ||
	    (r = rotate_master_name(kr, cc.pc, &master)) != 0)
		goto out;
	ns = keyring_namespace(kr);
	rotate_journal_load(&j, ns, master);
	if (cmd_rotate_no_session)
		printf("Rotating credentials stored for profile '%s' using "
		    "master credentials (takes 10-20 seconds)\n", master);
	else
		printf("Rotating credentials stored for profile '%s' using a "
		    "session from profile '%s' (takes 10-20 seconds)\n",
		    master, cc.pc->name);
	if ((r = master_get(kr, master, &old)) != 0) {
		av_error_prefix("Error loading source credentials for '%s'",
		    master);
		goto out;
	}
	old_masked = rotate_mask(old->access_key_id);
	if ((r = rotate_signing_creds(&cc, &sign)) != 0)
		goto out;
	iam = fetch_client(&cc.v, cc.pc, ENDPOINT_IAM, sign);
	if (profile_has_role(cc.pc)) {
		if ((r = iam_get_user(iam, NULL, &user)) != 0) {
			av_error_prefix("Error getting IAM username from "
			    "session");
			goto out;
		}
		uname = user.user_name;
	}

	/* A rotation killed after storing its new key (the stored key is no
	 * longer the journal's old one): finish it. */
	if (j.phase != NULL && strcmp(j.old_id, old->access_key_id) != 0) {
		delete_id = j.old_id;
		free(old_masked);
		old_masked = rotate_mask(delete_id);
		printf("Finishing an interrupted rotation: the new key is "
		    "stored, the old key %s is left\n", old_masked);
		rotate_clear_sessions(ctx, kr, cc.pc);
		goto delete_old;
	}

	printf("Creating a new access key\n");
	if ((r = rotate_check_room(iam, uname, old->access_key_id, &j)) != 0 ||
	    (r = rotate_journal_save(&j, "create", old->access_key_id,
	    NULL)) != 0)
		goto out;
	rotate_test_kill("journal");
	if ((r = iam_create_access_key(iam, uname, &created)) != 0) {
		av_error_prefix("Error creating a new access key");
		goto out;
	}
	rotate_test_kill("created");
	new_masked = rotate_mask(created.access_key_id);
	printf("Created new access key %s\n", new_masked);
	fresh = aws_creds_from(created.access_key_id,
	    secbuf_ptr(created.secret_access_key), NULL);
	if ((r = master_set(kr, master, fresh)) != 0) {
		av_error_prefix("Error storing new access key %s", new_masked);
		goto out;
	}
	rotate_test_kill("stored");
	if ((r = rotate_journal_save(&j, "delete", old->access_key_id,
	    created.access_key_id)) != 0)
		goto out;
	rotate_clear_sessions(ctx, kr, cc.pc);
	rotate_test_kill("sessions");
	delete_id = old->access_key_id;

delete_old:
	rotate_print_last_used(iam, delete_id, old_masked);
	printf("Deleting old access key %s\n", old_masked);
	if ((r = rotate_delete(iam, delete_id, uname, old_masked)) != 0)
		goto out;
	rotate_test_kill("deleted");
	(void)unlink(j.path);
	printf("Deleted old access key %s\n", old_masked);
	printf("Finished rotating access key\n");
	r = 0;
out:
	iam_access_key_release(&created);
	iam_user_release(&user);
	query_client_free(iam);
	aws_creds_free(old);
	aws_creds_free(sign);
	aws_creds_free(fresh);
	rotate_journal_release(&j);
	cmd_creds_release(&cc);
	free(ns);
	free(old_masked);
	free(new_masked);
	return r;
}

const struct cmd_entry cmd_rotate_entry = {
	.name = "rotate",
	.help = "Rotate credentials.",
	.options = cmd_rotate_options,
	.args = cmd_rotate_args,
	.exec = cmd_rotate_exec,
};
