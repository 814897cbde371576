/* SPDX-License-Identifier: MIT */
/*
 * kcache.h: small secrets cached in the Linux kernel keyring with a
 * lifetime: the file passphrase cache (passcache.c) and the session fast
 * path (vault/fastcache.c).
 *
 * An entry is a "user" key in the user keyring (@u) with a kernel
 * timeout: it expires by itself, never touches disk, and is wiped by the
 * kernel when destroyed.  Entries are staged in our process keyring with
 * their timeout and then moved into @u, so no process ever sees one
 * without an expiry, and a replaced entry is destroyed at once.  Entries
 * are readable by processes of the same user only (KCACHE_PERM).
 *
 * Layering: keyring layer, util only; never prints.
 */
#ifndef AV_KEYRING_KCACHE_H
#define AV_KEYRING_KCACHE_H

#include "util/common.h"

struct secbuf;

/* A user key's payload limit (user_preparse() in the kernel). */
#define KCACHE_DATA_MAX	32767

/* The entry called desc into a new secbuf *datap (caller frees).
 * Returns 0, AV_ERR_NOT_FOUND (no message: absent or expired) or
 * AV_ERR_KEYRING. */
int kcache_get(const char *desc, struct secbuf **datap);

/* Store n bytes under desc for ttl seconds (>= 1), replacing an earlier
 * entry.  what names the entry in messages ("the passphrase").  Returns 0,
 * AV_ERR_INVALID (ttl 0, too long) or AV_ERR_KEYRING. */
int kcache_put(const char *desc, const void *data, size_t n,
    unsigned int ttl, const char *what);

/* Destroy the entry desc.  Returns 0, AV_ERR_NOT_FOUND (no message) or
 * AV_ERR_KEYRING. */
int kcache_forget(const char *desc);

/* Destroy every entry whose description starts with prefix; *countp (may
 * be NULL) is how many.  Returns 0 or AV_ERR_KEYRING. */
int kcache_forget_prefix(const char *prefix, size_t *countp);

/* Whether n more bytes in one more key leave at least half of this user's
 * kernel key quota free (/proc/key-users; true when it cannot be read).
 * A cache must never crowd out other users of the keyring (Kerberos
 * ccaches, the keyctl store). */
bool kcache_room(size_t n);

/* Destroy entries starting with prefix, oldest first, until at most keep
 * remain.  Errors are ignored. */
void kcache_prune_prefix(const char *prefix, size_t keep);

/*
 * The keyutils pieces the keyctl backend (keyctl.c) shares.  id is a
 * key_serial_t.
 */

/* Move key id, staged in our process keyring, into keyring dest
 * (keyctl_move's flags); on kernels before 5.1, link it there and drop
 * the staging link.  Returns 0, or -1 with errno set (the staging link
 * is then the caller's to drop). */
int kcache_move(int32_t id, int32_t dest, unsigned int flags);

/* True when errno e says a key is gone (absent, expired or revoked). */
bool kcache_gone(int e);

/* The payload of key id, read in place into a new secbuf *datap (caller
 * frees).  Returns 0, AV_ERR_NOT_FOUND (gone; no message) or
 * AV_ERR_KEYRING ("reading <what>: ..."). */
int kcache_read(int32_t id, const char *what, struct secbuf **datap);

/* The description in keyctl_describe's "type;uid;gid;perm;description"
 * when the type is "user", else NULL.  Borrowed from raw. */
const char *kcache_user_desc(const char *raw);

#endif
