/* SPDX-License-Identifier: MIT */
/* kcache.c: lifetime-bounded entries in the kernel user keyring. */
#include "util/common.h"

#include <errno.h>

#include <keyutils.h>

#include "keyring/kcache.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Link the user keyring into our process keyring so that its keys are
 * possessed (also under `keyctl session -`, which does not link @u). */
static void
kcache_possess(void)
{
	static bool done;

	if (!done)
		(void)keyctl_link(KEY_SPEC_USER_KEYRING,
		    KEY_SPEC_PROCESS_KEYRING);
	done = true;
}

static bool
kcache_gone(int e)
{
	return e == ENOKEY || e == EKEYEXPIRED || e == EKEYREVOKED;
}

/* The id of entry desc, or AV_ERR_NOT_FOUND (no message). */
static int
kcache_find(const char *desc, key_serial_t *idp)
{
	long id;

	kcache_possess();
	if ((id = keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0)) < 0)
		return kcache_gone(errno) ? AV_ERR_NOT_FOUND :
		    av_error_errno(AV_ERR_KEYRING,
		    "searching the user keyring");
	*idp = (key_serial_t)id;
	return 0;
}

int
kcache_get(const char *desc, struct secbuf **datap)
{
	struct secbuf *buf;
	key_serial_t id;
	char *space;
	long size, got;
	int r;

	*datap = NULL;
	if ((r = kcache_find(desc, &id)) != 0)
		return r;
	if ((size = keyctl_read(id, NULL, 0)) < 0)
		return kcache_gone(errno) ? AV_ERR_NOT_FOUND :
		    av_error_errno(AV_ERR_KEYRING, "reading the user keyring");
	if (size > KCACHE_DATA_MAX)
		return av_error_set(AV_ERR_KEYRING, "a cached entry is too "
		    "long");
	/* Read straight into the secbuf: no stray copy of the secret. */
	buf = secbuf_new((size_t)size + 1);
	if ((space = buf_space(secbuf_buf(buf), (size_t)size)) == NULL) {
		secbuf_free(buf);
		return AV_ERR_INTERNAL;
	}
	got = keyctl_read(id, space, (size_t)size);
	if (got < 0 || got > size) {
		r = got < 0 && kcache_gone(errno) ? AV_ERR_NOT_FOUND :
		    av_error_errno(AV_ERR_KEYRING, "reading the user keyring");
		secbuf_free(buf);
		return r;
	}
	buf_advance(secbuf_buf(buf), (size_t)got);
	*datap = buf;
	return 0;
}

int
kcache_put(const char *desc, const void *data, size_t n, unsigned int ttl,
    const char *what)
{
	key_serial_t old;
	long id;

	if (ttl == 0)
		return av_error_set(AV_ERR_INVALID, "caching %s needs a "
		    "lifetime of at least one second", what);
	if (n > KCACHE_DATA_MAX)
		return av_error_set(AV_ERR_INVALID, "%s is too long to cache "
		    "(%zu bytes, at most %d)", what, n, KCACHE_DATA_MAX);
	if (kcache_find(desc, &old) != 0)
		old = 0;
	av_error_clear();
	if ((id = add_key("user", desc, data, n,
	    KEY_SPEC_PROCESS_KEYRING)) < 0)
		return errno == EDQUOT ? av_error_set(AV_ERR_KEYRING,
		    "caching %s: the kernel keyring quota is exhausted", what) :
		    av_error_errno(AV_ERR_KEYRING, "caching %s", what);
	if (keyctl_set_timeout((key_serial_t)id, ttl) != 0) {
		(void)keyctl_invalidate((key_serial_t)id);
		return av_error_errno(AV_ERR_KEYRING, "setting the lifetime "
		    "of %s", what);
	}
	if (keyctl_move((key_serial_t)id, KEY_SPEC_PROCESS_KEYRING,
	    KEY_SPEC_USER_KEYRING, 0) != 0) {
		/* Kernel before 5.1: link, then drop our staging link. */
		if ((errno != EOPNOTSUPP && errno != ENOSYS) ||
		    keyctl_link((key_serial_t)id, KEY_SPEC_USER_KEYRING) != 0) {
			(void)keyctl_invalidate((key_serial_t)id);
			return av_error_errno(AV_ERR_KEYRING, "caching %s in "
			    "the user keyring", what);
		}
		(void)keyctl_unlink((key_serial_t)id, KEY_SPEC_PROCESS_KEYRING);
	}
	/* The displaced entry would linger until the kernel's garbage
	 * collector runs; destroy (and so wipe) it now. */
	if (old > 0 && old != (key_serial_t)id)
		(void)keyctl_invalidate(old);
	return 0;
}

int
kcache_forget(const char *desc)
{
	key_serial_t id;
	int r;

	if ((r = kcache_find(desc, &id)) != 0)
		return r;
	if (keyctl_invalidate(id) != 0 && !kcache_gone(errno))
		return av_error_errno(AV_ERR_KEYRING, "forgetting a cached "
		    "entry");
	return 0;
}

int
kcache_forget_prefix(const char *prefix, size_t *countp)
{
	key_serial_t *ids;
	void *raw = NULL;
	size_t i, count = 0;
	int len, r = 0;

	if (countp != NULL)
		*countp = 0;
	kcache_possess();
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
		    str_has_prefix(p, prefix)) {
			if (keyctl_invalidate(ids[i]) == 0)
				count++;
			else if (!kcache_gone(errno))
				r = av_error_errno(AV_ERR_KEYRING,
				    "forgetting a cached entry");
		}
		free(desc);
		if (r != 0)
			break;
	}
	if (countp != NULL)
		*countp = count;
	free(raw);
	return r;
}
