/* SPDX-License-Identifier: MIT */
/*
 * fastcache.h: the warm path of credential_process (beyond the Go tool).
 *
 * Next to the session cache in the configured keystore (sessions.c, which
 * the Go tool shares), the final credentials of a profile are also kept
 * in the kernel user keyring, as one key per (store, profile settings,
 * flags) with a kernel timeout at the session's expiry.  A warm `export`
 * finds them there before it opens the keystore: no file read, no key
 * derivation, no D-Bus, no network.  Only what the session cache would
 * hold is mirrored (the outermost provider is a cached one), so the AWS
 * calls made are those the Go tool makes; and an entry records which
 * keystore item it mirrors, so that when that item is gone (cleared by
 * either tool) the entry is ignored.
 *
 * Layering: vault, on keyring (kcache) and aws/creds.
 */
#ifndef AV_VAULT_FASTCACHE_H
#define AV_VAULT_FASTCACHE_H

#include "util/common.h"

struct aws_creds;

/* The kernel key description for a request: "aws-vault:s:<ns>:<fp>",
 * hashes of the store namespace and of the request fingerprint.  Caller
 * frees. */
char *fastcache_desc(const char *ns, const char *fingerprint);

/* Look desc up.  On a hit with at least min_ttl (ns) left, *credsp is set
 * and *itemp names the keystore item it mirrors (both owned by the
 * caller).  Returns 0 or AV_ERR_NOT_FOUND (never another error: the fast
 * path only ever falls back). */
int fastcache_get(const char *desc, int64_t min_ttl, char **itemp,
    struct aws_creds **credsp);

/* Mirror creds (which must expire), stored in the keystore as item
 * ("<backend>\n<key>", returned as is by fastcache_get), for at most
 * max_life seconds and never past the session's expiry.  Nothing is
 * stored when it would use more than half of the user's kernel key quota,
 * and at most FASTCACHE_KEEP mirrors are kept (the oldest go first). */
#define FASTCACHE_KEEP		8
#define FASTCACHE_MAX_LIFE	(12 * 3600)
void fastcache_put(const char *desc, const char *item,
    const struct aws_creds *creds, int64_t max_life);

/* Drop the entry desc, or every entry of store namespace ns. */
void fastcache_forget(const char *desc);
void fastcache_forget_ns(const char *ns);
void fastcache_forget_all(void);

#endif
