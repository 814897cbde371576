/* SPDX-License-Identifier: MIT */
/*
 * keyctl.c: the Linux kernel keyring backend (spec 11.6), in the Go
 * layout: a keyring of type "keyring" described "aws-vault", linked in a
 * scope keyring (--keyctl-scope: user by default), holding one "user" key
 * per item, described by the item key, whose payload is the raw Data (not
 * Item JSON).  Labels and descriptions are lost, as in Go.  Go's backend
 * never opens (no scope is configured); this one does.
 *
 * Decisions:
 * - The aws-vault keyring is created on the first set, not at open, and
 *   without a race: it is built in our process keyring and moved into
 *   the scope with KEYCTL_MOVE_EXCL, so two first writers cannot displace
 *   each other's keyring (add_key of a keyring would replace the link).
 * - The scope keyring is linked into our process keyring at open, so
 *   that every key below it is "possessed" by us: under a session keyring
 *   that does not link @u (keyctl session -, some services) the default
 *   key permissions would otherwise refuse reads and writes.
 * - A user key holds 1 to 32767 bytes; bigger items and an exhausted
 *   quota (/proc/sys/kernel/keys/maxbytes) get a clear error.
 */
#include "util/common.h"

#include <errno.h>

#include <keyutils.h>

#include "keyring/kcache.h"
#include "keyring/keyring.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define KEYRING_KEYCTL_NAME	"aws-vault"

struct keyring_keyctl {
	const char	*scope_name;
	key_serial_t	 scope;
	key_serial_t	 ring;		/* 0 until found or created */
};

static const struct {
	const char	*name;
	key_serial_t	 id;
} keyring_keyctl_scopes[] = {
	{ "user",	 KEY_SPEC_USER_KEYRING },
	{ "usersession", KEY_SPEC_USER_SESSION_KEYRING },
	{ "session",	 KEY_SPEC_SESSION_KEYRING },
	{ "process",	 KEY_SPEC_PROCESS_KEYRING },
	{ "thread",	 KEY_SPEC_THREAD_KEYRING },
};

/* Turn a failed add_key/keyctl errno into our error, naming what failed. */
static int
keyring_keyctl_err(const char *what, const char *key)
{
	if (errno == EDQUOT)
		return av_error_set(AV_ERR_KEYRING, "%s '%s': the kernel "
		    "keyring quota is exhausted (see "
		    "/proc/sys/kernel/keys/maxbytes and maxkeys)", what, key);
	return av_error_errno(AV_ERR_KEYRING, "%s '%s'", what, key);
}

/* Find the aws-vault keyring in the scope; with create, make it when it
 * is missing.  Returns 0, AV_ERR_NOT_FOUND (missing, no message) or
 * AV_ERR_KEYRING. */
static int
keyring_keyctl_ring(struct keyring_keyctl *kk, bool create)
{
	long id, tmp;

	if (kk->ring > 0)
		return 0;
	id = keyctl_search(kk->scope, "keyring", KEYRING_KEYCTL_NAME, 0);
	if (id >= 0) {
		kk->ring = (key_serial_t)id;
		return 0;
	}
	if (!kcache_gone(errno))
		return av_error_errno(AV_ERR_KEYRING, "searching the %s "
		    "keyring for '%s'", kk->scope_name, KEYRING_KEYCTL_NAME);
	if (!create)
		return AV_ERR_NOT_FOUND;
	if (kk->scope == KEY_SPEC_PROCESS_KEYRING ||
	    kk->scope == KEY_SPEC_THREAD_KEYRING) {
		/* Private to this process: nobody to race with. */
		id = add_key("keyring", KEYRING_KEYCTL_NAME, NULL, 0,
		    kk->scope);
		if (id < 0)
			return keyring_keyctl_err("creating keyring",
			    KEYRING_KEYCTL_NAME);
		kk->ring = (key_serial_t)id;
		return 0;
	}
	tmp = add_key("keyring", KEYRING_KEYCTL_NAME, NULL, 0,
	    KEY_SPEC_PROCESS_KEYRING);
	if (tmp < 0)
		return keyring_keyctl_err("creating keyring",
		    KEYRING_KEYCTL_NAME);
	if (kcache_move((key_serial_t)tmp, kk->scope,
	    KEYCTL_MOVE_EXCL) == 0) {
		kk->ring = (key_serial_t)tmp;
		log_debug("[keyctl] created keyring %s in the %s keyring",
		    KEYRING_KEYCTL_NAME, kk->scope_name);
		return 0;
	}
	if (errno != EEXIST) {
		int r = keyring_keyctl_err("moving keyring",
		    KEYRING_KEYCTL_NAME);

		(void)keyctl_unlink((key_serial_t)tmp,
		    KEY_SPEC_PROCESS_KEYRING);
		return r;
	}
	/* Another process created it first: use theirs. */
	(void)keyctl_unlink((key_serial_t)tmp, KEY_SPEC_PROCESS_KEYRING);
	return keyring_keyctl_ring(kk, false);
}

/* Find the user key named key in our keyring.  Returns 0,
 * AV_ERR_NOT_FOUND (with Go's message) or AV_ERR_KEYRING. */
static int
keyring_keyctl_find(struct keyring_keyctl *kk, const char *key,
    key_serial_t *idp)
{
	long id;
	int r;

	*idp = 0;
	if ((r = keyring_keyctl_ring(kk, false)) != 0) {
		if (r == AV_ERR_NOT_FOUND)
			return keyring_err_not_found();
		return r;
	}
	if ((id = keyctl_search(kk->ring, "user", key, 0)) < 0) {
		if (kcache_gone(errno))
			return keyring_err_not_found();
		return keyring_keyctl_err("searching the kernel keyring for",
		    key);
	}
	*idp = (key_serial_t)id;
	return 0;
}

static int
keyring_keyctl_open(struct keyring *kr)
{
	const char *scope = kr->cfg->keyctl_scope;
	struct keyring_keyctl *kk;
	size_t i;

	if (str_empty(scope))
		scope = "user";
	for (i = 0; i < AV_ARRAY_SIZE(keyring_keyctl_scopes); i++)
		if (strcmp(keyring_keyctl_scopes[i].name, scope) == 0)
			break;
	if (i == AV_ARRAY_SIZE(keyring_keyctl_scopes))
		return av_error_set(AV_ERR_KEYRING, "accessing \"%s\" keyring "
		    "failed: unknown scope \"%s\" (want user, usersession, "
		    "session, process or thread)", scope, scope);
	kk = xcalloc(1, sizeof(*kk));
	kk->scope_name = keyring_keyctl_scopes[i].name;
	kk->scope = keyring_keyctl_scopes[i].id;
	if ((kk->scope == KEY_SPEC_USER_KEYRING ||
	    kk->scope == KEY_SPEC_USER_SESSION_KEYRING) &&
	    keyctl_link(kk->scope, KEY_SPEC_PROCESS_KEYRING) != 0)
		log_debug("[keyctl] cannot link the %s keyring into the "
		    "process keyring: %s", kk->scope_name, strerror(errno));
	kr->priv = kk;
	return 0;
}

static int
keyring_keyctl_get(struct keyring *kr, const char *key,
    struct keyring_item **itemp)
{
	struct keyring_keyctl *kk = kr->priv;
	struct secbuf *data;
	key_serial_t id;
	int r;

	if ((r = keyring_keyctl_find(kk, key, &id)) != 0)
		return r;
	if ((r = kcache_read(id, key, &data)) != 0)
		return r == AV_ERR_NOT_FOUND ? keyring_err_not_found() : r;
	*itemp = keyring_item_new(key, secbuf_ptr(data), secbuf_len(data),
	    "", "");
	secbuf_free(data);
	return 0;
}

static int
keyring_keyctl_set(struct keyring *kr, const struct keyring_item *item)
{
	struct keyring_keyctl *kk = kr->priv;
	size_t n = item->data != NULL ? secbuf_len(item->data) : 0;
	int r, tries;

	if (n == 0 || n > KCACHE_DATA_MAX)
		return av_error_set(AV_ERR_INVALID, "item '%s' is %zu bytes: "
		    "a kernel keyring user key holds 1 to %d bytes", item->key,
		    n, KCACHE_DATA_MAX);
	for (tries = 0;; tries++) {
		if ((r = keyring_keyctl_ring(kk, true)) != 0)
			return r;
		/* add_key replaces the payload of an existing key. */
		if (add_key("user", item->key, secbuf_ptr(item->data), n,
		    kk->ring) >= 0)
			return 0;
		if ((errno != ENOKEY && errno != EKEYREVOKED) || tries > 0)
			return keyring_keyctl_err("adding", item->key);
		/* Removed under us: find or make it again. */
		kk->ring = 0;
	}
}

static int
keyring_keyctl_remove(struct keyring *kr, const char *key)
{
	struct keyring_keyctl *kk = kr->priv;
	key_serial_t id;
	int r;

	if ((r = keyring_keyctl_find(kk, key, &id)) != 0)
		return r;
	if (keyctl_unlink(id, kk->ring) != 0) {
		if (errno == ENOENT || errno == ENOKEY)
			return keyring_err_not_found();
		return keyring_keyctl_err("removing", key);
	}
	return 0;
}

static int
keyring_keyctl_keys(struct keyring *kr, struct strv *keys)
{
	struct keyring_keyctl *kk = kr->priv;
	key_serial_t *ids = NULL;
	void *raw = NULL;
	int r, len;
	size_t i;

	if ((r = keyring_keyctl_ring(kk, false)) != 0)
		return r == AV_ERR_NOT_FOUND ? 0 : r;
	if ((len = keyctl_read_alloc(kk->ring, &raw)) < 0)
		return keyring_keyctl_err("listing keyring",
		    KEYRING_KEYCTL_NAME);
	ids = raw;
	for (i = 0; i < (size_t)len / sizeof(*ids); i++) {
		char *described = NULL;
		const char *desc;

		if (keyctl_describe_alloc(ids[i], &described) < 0) {
			if (kcache_gone(errno))
				continue;	/* went away meanwhile */
			r = av_error_errno(AV_ERR_KEYRING, "describing key "
			    "%d", ids[i]);
			goto out;
		}
		if ((desc = kcache_user_desc(described)) != NULL)
			strv_push(keys, desc);
		free(described);
	}
	r = 0;
out:
	free(raw);
	return r;
}

static void
keyring_keyctl_close(struct keyring *kr)
{
	free(kr->priv);
	kr->priv = NULL;
}

const struct keyring_ops keyring_keyctl_ops = {
	.name = "keyctl",
	.open = keyring_keyctl_open,
	.get = keyring_keyctl_get,
	.set = keyring_keyctl_set,
	.remove = keyring_keyctl_remove,
	.keys = keyring_keyctl_keys,
	.close = keyring_keyctl_close,
};
