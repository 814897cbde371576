/* SPDX-License-Identifier: MIT */
/* kcache.c: lifetime-bounded entries in the kernel user keyring. */
#include "util/common.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <keyutils.h>

#include "keyring/kcache.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

/*
 * Who may use an entry: its possessor, and processes of our user (view,
 * read, search).  That is no wider than possession: any process of the
 * user may link @u into its own keyrings and so possess all it holds
 * (login sessions do, pam_keyinit).  It lets a lookup go straight to @u
 * with no link first (a keyctl call, and a process keyring made and
 * freed, on every warm run).
 */
#define KCACHE_PERM	(KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ | \
	KEY_USR_SEARCH)

static bool kcache_possessed;	/* atomic: servers run threads */

/* Link the user keyring into our process keyring so that its keys are
 * possessed when named by id (also under `keyctl session -`, which does
 * not link @u): for changing entries, and for reading those stored
 * before KCACHE_PERM.  (A search through KEY_SPEC_USER_KEYRING finds
 * them either way: the kernel counts @u as possessed when named so.) */
static void
kcache_possess(void)
{
	if (__atomic_load_n(&kcache_possessed, __ATOMIC_ACQUIRE))
		return;
	log_debug("[keyring] linking the user keyring into ours");
	(void)keyctl_link(KEY_SPEC_USER_KEYRING, KEY_SPEC_PROCESS_KEYRING);
	__atomic_store_n(&kcache_possessed, true, __ATOMIC_RELEASE);
}

bool
kcache_gone(int e)
{
	return e == ENOKEY || e == EKEYEXPIRED || e == EKEYREVOKED;
}

const char *
kcache_user_desc(const char *raw)
{
	const char *p = raw;
	int k;

	if (!str_has_prefix(raw, "user;"))
		return NULL;
	for (k = 0; k < 4 && p != NULL; k++)
		if ((p = strchr(p, ';')) != NULL)
			p++;
	return p;
}

/* True when id is a "user" key whose description starts with prefix. */
static bool
kcache_is_ours(key_serial_t id, const char *prefix)
{
	char *raw = NULL;
	const char *desc;
	bool ours;

	if (keyctl_describe_alloc(id, &raw) < 0)
		return false;	/* gone, or not ours to see */
	ours = (desc = kcache_user_desc(raw)) != NULL &&
	    str_has_prefix(desc, prefix);
	free(raw);
	return ours;
}

/* The id of entry desc, or AV_ERR_NOT_FOUND (no message). */
static int
kcache_find(const char *desc, key_serial_t *idp)
{
	long id;

	*idp = 0;
	if ((id = keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0)) < 0)
		return kcache_gone(errno) ? AV_ERR_NOT_FOUND :
		    av_error_errno(AV_ERR_KEYRING,
		    "searching the user keyring");
	*idp = (key_serial_t)id;
	return 0;
}

int
kcache_read(int32_t id, const char *what, struct secbuf **datap)
{
	struct secbuf *buf;
	char *space;
	long size, got;
	int r;

	*datap = NULL;
	/* Read straight into the secbuf (no stray copy of the secret), in
	 * one call when the payload fits a page, as ours do. */
	buf = secbuf_new(KCACHE_DATA_MAX);
	size = 4000;
	for (;;) {
		if ((space = buf_space(secbuf_buf(buf), (size_t)size)) ==
		    NULL) {
			secbuf_free(buf);
			return av_error_set(AV_ERR_KEYRING, "reading %s: "
			    "the payload is too long", what);
		}
		if ((got = keyctl_read((key_serial_t)id, space,
		    (size_t)size)) < 0 && errno == EACCES &&
		    !__atomic_load_n(&kcache_possessed, __ATOMIC_ACQUIRE)) {
			kcache_possess();	/* stored before KCACHE_PERM */
			continue;
		}
		if (got < 0) {
			r = kcache_gone(errno) ? AV_ERR_NOT_FOUND :
			    av_error_errno(AV_ERR_KEYRING, "reading %s",
			    what);
			secbuf_free(buf);
			return r;
		}
		if (got <= size)
			break;
		size = got;	/* it grew, or it never fitted: again */
	}
	buf_advance(secbuf_buf(buf), (size_t)got);
	*datap = buf;
	return 0;
}

int
kcache_get(const char *desc, struct secbuf **datap)
{
	key_serial_t id;
	int r;

	*datap = NULL;
	if ((r = kcache_find(desc, &id)) != 0)
		return r;
	return kcache_read(id, "the user keyring", datap);
}

int
kcache_move(int32_t id, int32_t dest, unsigned int flags)
{
	if (keyctl_move(id, KEY_SPEC_PROCESS_KEYRING, dest, flags) == 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != ENOSYS)
		return -1;
	/* Kernel before 5.1: link (KEYCTL_MOVE_EXCL's check is lost: the
	 * old race), then drop our staging link. */
	if (keyctl_link(id, dest) != 0)
		return -1;
	(void)keyctl_unlink(id, KEY_SPEC_PROCESS_KEYRING);
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
	kcache_possess();
	if (kcache_find(desc, &old) != 0)
		old = 0;
	av_error_clear();
	if ((id = add_key("user", desc, data, n,
	    KEY_SPEC_PROCESS_KEYRING)) < 0)
		return errno == EDQUOT ? av_error_set(AV_ERR_KEYRING,
		    "caching %s: the kernel keyring quota is exhausted", what) :
		    av_error_errno(AV_ERR_KEYRING, "caching %s", what);
	if (keyctl_setperm((key_serial_t)id, KCACHE_PERM) != 0 ||
	    keyctl_set_timeout((key_serial_t)id, ttl) != 0) {
		(void)keyctl_invalidate((key_serial_t)id);
		return av_error_errno(AV_ERR_KEYRING, "setting the access and "
		    "lifetime of %s", what);
	}
	if (kcache_move((key_serial_t)id, KEY_SPEC_USER_KEYRING, 0) != 0) {
		(void)keyctl_invalidate((key_serial_t)id);
		return av_error_errno(AV_ERR_KEYRING, "caching %s in the user "
		    "keyring", what);
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

	kcache_possess();
	if ((r = kcache_find(desc, &id)) != 0)
		return r;
	if (keyctl_invalidate(id) != 0 && !kcache_gone(errno))
		return av_error_errno(AV_ERR_KEYRING, "forgetting a cached "
		    "entry");
	return 0;
}

bool
kcache_room(size_t n)
{
	char line[256], want[32];
	uint64_t keys = 0, maxkeys = 0, bytes = 0, maxbytes = 0;
	bool room = true;
	FILE *f;

	if ((f = fopen("/proc/key-users", "re")) == NULL)
		return true;
	snprintf(want, sizeof(want), "%u:", (unsigned)getuid());
	while (fgets(line, sizeof(line), f) != NULL) {
		struct str rest = str_trim(str_from(line)), w;

		/* "<uid>: <usage> <nkeys>/<nikeys> <qnkeys>/<maxkeys>
		 *  <qnbytes>/<maxbytes>" */
		if (!str_split(&rest, ' ', &w) || !str_eq(w, want))
			continue;
		rest = str_trim(rest);
		if (!str_split(&rest, ' ', &w))		/* usage */
			break;
		rest = str_trim(rest);
		if (!str_split(&rest, ' ', &w))		/* nkeys/nikeys */
			break;
		rest = str_trim(rest);
		if (!str_split(&rest, '/', &w) ||
		    str_to_u64(w, 0, UINT64_MAX, &keys) != 0 ||
		    !str_split(&rest, ' ', &w) ||
		    str_to_u64(w, 0, UINT64_MAX, &maxkeys) != 0)
			break;
		rest = str_trim(rest);
		if (!str_split(&rest, '/', &w) ||
		    str_to_u64(w, 0, UINT64_MAX, &bytes) != 0 ||
		    str_to_u64(str_trim(rest), 0, UINT64_MAX, &maxbytes) != 0)
			break;
		room = keys + 1 <= maxkeys / 2 && bytes + n <= maxbytes / 2;
		break;
	}
	fclose(f);
	return room;
}

/* The entries of @u whose description starts with prefix, into *idsp
 * (*np of them; caller frees).  Returns 0, or -1 with errno set. */
static int
kcache_list_ours(const char *prefix, key_serial_t **idsp, size_t *np)
{
	key_serial_t *ids;
	void *raw = NULL;
	size_t i, n = 0;
	int len;

	*idsp = NULL;
	*np = 0;
	kcache_possess();
	if ((len = keyctl_read_alloc(KEY_SPEC_USER_KEYRING, &raw)) < 0)
		return -1;
	ids = raw;
	for (i = 0; i < (size_t)len / sizeof(*ids); i++)
		if (kcache_is_ours(ids[i], prefix))
			ids[n++] = ids[i];
	*idsp = ids;
	*np = n;
	return 0;
}

void
kcache_prune_prefix(const char *prefix, size_t keep)
{
	key_serial_t *mine;
	size_t i, n;

	if (kcache_list_ours(prefix, &mine, &n) != 0)
		return;
	/* Serials grow: the list's lowest are the oldest entries. */
	while (n > keep) {
		size_t oldest = 0;

		for (i = 1; i < n; i++)
			if (mine[i] < mine[oldest])
				oldest = i;
		(void)keyctl_invalidate(mine[oldest]);
		mine[oldest] = mine[--n];
	}
	free(mine);
}

int
kcache_forget_prefix(const char *prefix, size_t *countp)
{
	key_serial_t *mine;
	size_t i, n, count = 0;
	int r = 0;

	if (countp != NULL)
		*countp = 0;
	if (kcache_list_ours(prefix, &mine, &n) != 0)
		return av_error_errno(AV_ERR_KEYRING, "listing the user "
		    "keyring");
	for (i = 0; i < n && r == 0; i++) {
		if (keyctl_invalidate(mine[i]) == 0)
			count++;
		else if (!kcache_gone(errno))
			r = av_error_errno(AV_ERR_KEYRING,
			    "forgetting a cached entry");
	}
	if (countp != NULL)
		*countp = count;
	free(mine);
	return r;
}
