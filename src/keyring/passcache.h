/* SPDX-License-Identifier: MIT */
/*
 * passcache.h: an optional cache of the file backend's passphrase in the
 * Linux kernel keyring, so a headless user is not asked for it on every
 * credential_process call.  Off unless the CLI asks for it.
 *
 * The passphrase of key directory DIR is a "user" key in the user keyring
 * (@u), described "aws-vault:file-passphrase:<sha256 hex of DIR>" (DIR
 * made absolute and canonical with realpath when it exists), with a
 * kernel timeout equal to the TTL: it expires by itself, never touches
 * disk, and is wiped by the kernel when destroyed.  It is readable only by
 * processes of the same user (and possessed by ours: the user keyring is
 * linked into our process keyring first, as keyctl.c does).
 *
 * Layering: keyring layer, util only; never prints.
 */
#ifndef AV_KEYRING_PASSCACHE_H
#define AV_KEYRING_PASSCACHE_H

#include "util/common.h"

struct secbuf;

#define PASSCACHE_DESC_PREFIX	"aws-vault:file-passphrase:"

/* The cached passphrase of dir into a new secbuf *pwp (caller frees).
 * Returns 0, AV_ERR_NOT_FOUND (nothing cached, or expired) or
 * AV_ERR_KEYRING. */
int passcache_get(const char *dir, struct secbuf **pwp);

/* Cache pw for dir for ttl_seconds (>= 1), replacing an earlier entry
 * atomically.  An empty pw is not cached (returns 0; Go asks again for an
 * empty passphrase anyway).  Returns 0, AV_ERR_INVALID (ttl 0, or pw over
 * 32767 bytes) or AV_ERR_KEYRING. */
int passcache_put(const char *dir, const struct secbuf *pw,
    unsigned int ttl_seconds);

/* Destroy the cached passphrase of dir.  Returns 0, AV_ERR_NOT_FOUND
 * ("no cached passphrase for <dir>") or AV_ERR_KEYRING. */
int passcache_forget(const char *dir);

/* Destroy every cached passphrase of this user; *countp (may be NULL)
 * says how many.  Returns 0 or AV_ERR_KEYRING. */
int passcache_forget_all(size_t *countp);

#endif
