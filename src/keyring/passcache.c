/* SPDX-License-Identifier: MIT */
/*
 * passcache.c: the file backend's passphrase cached in the kernel user
 * keyring with a timeout (see passcache.h).  A new entry is built in our
 * process keyring, given its timeout there, and only then moved into the
 * user keyring (displacing the old one), so no other process ever sees it
 * without its expiry.
 */
#include "util/common.h"

#include "keyring/kcache.h"
#include "keyring/passcache.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

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

int
passcache_get(const char *dir, struct secbuf **pwp)
{
	char *desc = passcache_desc(dir);
	int r;

	if ((r = kcache_get(desc, pwp)) == AV_ERR_NOT_FOUND)
		av_error_set(r, "no cached passphrase for %s", dir);
	free(desc);
	return r;
}

int
passcache_put(const char *dir, const struct secbuf *pw,
    unsigned int ttl_seconds)
{
	char *desc;
	int r;

	if (secbuf_len(pw) == 0)
		return 0;
	desc = passcache_desc(dir);
	r = kcache_put(desc, secbuf_ptr(pw), secbuf_len(pw), ttl_seconds,
	    "the passphrase");
	free(desc);
	return r;
}

int
passcache_forget(const char *dir)
{
	char *desc = passcache_desc(dir);
	int r;

	if ((r = kcache_forget(desc)) == AV_ERR_NOT_FOUND)
		av_error_set(r, "no cached passphrase for %s", dir);
	free(desc);
	return r;
}

int
passcache_forget_all(size_t *countp)
{
	return kcache_forget_prefix(PASSCACHE_DESC_PREFIX, countp);
}
