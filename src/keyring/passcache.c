/* SPDX-License-Identifier: MIT */
/*
 * passcache.c: the file backend's passphrase cached in the kernel user
 * keyring with a timeout (see passcache.h).  A new entry is built in our
 * process keyring, given its timeout there, and only then moved into the
 * user keyring (displacing the old one), so no other process ever sees it
 * without its expiry.
 */
#include "util/common.h"

#include <errno.h>
#include <limits.h>

#include <keyutils.h>

#include "keyring/passcache.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define PASSCACHE_DATA_MAX	32767	/* a user key's payload limit */

/* The key description for dir. */
static char *
passcache_desc(const char *dir)
{
	char *exp = fs_expand_home(dir), *canon, *desc;
	char hex[65];
	size_t n;

	if ((canon = realpath(exp, NULL)) != NULL) {
		free(exp);
		exp = canon;
	}
	for (n = strlen(exp); n > 1 && exp[n - 1] == '/'; n--)
		exp[n - 1] = '\0';
	crypto_sha256_hex(exp, strlen(exp), hex);
	desc = xasprintf("%s%s", PASSCACHE_DESC_PREFIX, hex);
	free(exp);
	return desc;
}

/* Link the user keyring into our process keyring so that its keys are
 * possessed by us whatever the session keyring links (best effort). */
static void
passcache_possess(void)
{
	(void)keyctl_link(KEY_SPEC_USER_KEYRING, KEY_SPEC_PROCESS_KEYRING);
}

static bool
passcache_gone(int e)
{
	return e == ENOKEY || e == EKEYEXPIRED || e == EKEYREVOKED;
}

/* The id of the entry for dir, or AV_ERR_NOT_FOUND (no message). */
static int
passcache_find(const char *desc, key_serial_t *idp)
{
	long id;

	passcache_possess();
	if ((id = keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0)) < 0)
		return passcache_gone(errno) ? AV_ERR_NOT_FOUND :
		    av_error_errno(AV_ERR_KEYRING,
		    "searching the user keyring");
	*idp = (key_serial_t)id;
	return 0;
}

int
passcache_get(const char *dir, struct secbuf **pwp)
{
	char *desc = passcache_desc(dir), *data = NULL;
	key_serial_t id;
	long got = 0;
	int r;

	*pwp = NULL;
	if ((r = passcache_find(desc, &id)) != 0)
		goto out;
	data = xmalloc(PASSCACHE_DATA_MAX);
	if ((got = keyctl_read(id, data, PASSCACHE_DATA_MAX)) < 0) {
		r = passcache_gone(errno) ? AV_ERR_NOT_FOUND :
		    av_error_errno(AV_ERR_KEYRING, "reading the cached "
		    "passphrase");
		goto out;
	}
	if (got > PASSCACHE_DATA_MAX) {
		r = av_error_set(AV_ERR_KEYRING, "the cached passphrase is too "
		    "long");
		goto out;
	}
	*pwp = secbuf_from(data, (size_t)got);
	r = 0;
out:
	if (r == AV_ERR_NOT_FOUND)
		av_error_set(r, "no cached passphrase for %s", dir);
	if (data != NULL)
		freezero(data, PASSCACHE_DATA_MAX);
	free(desc);
	return r;
}

int
passcache_put(const char *dir, const struct secbuf *pw,
    unsigned int ttl_seconds)
{
	size_t n = secbuf_len(pw);
	char *desc = NULL;
	key_serial_t old;
	long id;
	int r;

	if (n == 0)
		return 0;
	if (ttl_seconds == 0)
		return av_error_set(AV_ERR_INVALID, "a cached passphrase needs "
		    "a lifetime of at least one second");
	if (n > PASSCACHE_DATA_MAX)
		return av_error_set(AV_ERR_INVALID, "the passphrase is too "
		    "long to cache (%zu bytes, at most %d)", n,
		    PASSCACHE_DATA_MAX);
	desc = passcache_desc(dir);
	if (passcache_find(desc, &old) != 0)
		old = 0;
	if ((id = add_key("user", desc, secbuf_ptr(pw), n,
	    KEY_SPEC_PROCESS_KEYRING)) < 0) {
		r = errno == EDQUOT ? av_error_set(AV_ERR_KEYRING,
		    "caching the passphrase: the kernel keyring quota is "
		    "exhausted") :
		    av_error_errno(AV_ERR_KEYRING, "caching the passphrase");
		goto out;
	}
	if (keyctl_set_timeout((key_serial_t)id, ttl_seconds) != 0) {
		r = av_error_errno(AV_ERR_KEYRING, "setting the lifetime of "
		    "the cached passphrase");
		(void)keyctl_invalidate((key_serial_t)id);
		goto out;
	}
	if (keyctl_move((key_serial_t)id, KEY_SPEC_PROCESS_KEYRING,
	    KEY_SPEC_USER_KEYRING, 0) != 0) {
		/* Kernel before 5.1: link, then drop our staging link. */
		if ((errno != EOPNOTSUPP && errno != ENOSYS) ||
		    keyctl_link((key_serial_t)id, KEY_SPEC_USER_KEYRING) != 0) {
			r = av_error_errno(AV_ERR_KEYRING, "caching the "
			    "passphrase in the user keyring");
			(void)keyctl_invalidate((key_serial_t)id);
			goto out;
		}
		(void)keyctl_unlink((key_serial_t)id, KEY_SPEC_PROCESS_KEYRING);
	}
	/* The displaced entry would linger until the kernel's garbage
	 * collector runs; destroy (and so wipe) it now. */
	if (old > 0 && old != (key_serial_t)id)
		(void)keyctl_invalidate(old);
	r = 0;
out:
	free(desc);
	return r;
}

int
passcache_forget(const char *dir)
{
	char *desc = passcache_desc(dir);
	key_serial_t id;
	int r;

	if ((r = passcache_find(desc, &id)) == 0 &&
	    keyctl_invalidate(id) != 0 && !passcache_gone(errno))
		r = av_error_errno(AV_ERR_KEYRING, "forgetting the cached "
		    "passphrase");
	if (r == AV_ERR_NOT_FOUND)
		av_error_set(r, "no cached passphrase for %s", dir);
	free(desc);
	return r;
}

int
passcache_forget_all(size_t *countp)
{
	key_serial_t *ids;
	void *raw = NULL;
	size_t i, count = 0;
	int len, r;

	if (countp != NULL)
		*countp = 0;
	passcache_possess();
	if ((len = keyctl_read_alloc(KEY_SPEC_USER_KEYRING, &raw)) < 0)
		return av_error_errno(AV_ERR_KEYRING, "listing the user "
		    "keyring");
	ids = raw;
	for (i = 0; i < (size_t)len / sizeof(*ids); i++) {
		char *desc = NULL, *p;
		int k;

		if (keyctl_describe_alloc(ids[i], &desc) < 0)
			continue;	/* gone, or not ours to see */
		/* "type;uid;gid;perm;description" */
		for (p = desc, k = 0; k < 4 && p != NULL; k++)
			if ((p = strchr(p, ';')) != NULL)
				p++;
		if (p != NULL && str_has_prefix(desc, "user;") &&
		    str_has_prefix(p, PASSCACHE_DESC_PREFIX)) {
			if (keyctl_invalidate(ids[i]) == 0)
				count++;
			else if (!passcache_gone(errno)) {
				r = av_error_errno(AV_ERR_KEYRING, "forgetting "
				    "a cached passphrase");
				free(desc);
				goto out;
			}
		}
		free(desc);
	}
	if (countp != NULL)
		*countp = count;
	r = 0;
out:
	free(raw);
	return r;
}
