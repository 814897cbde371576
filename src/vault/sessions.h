/* SPDX-License-Identifier: MIT */
/*
 * sessions.h: the session cache in the keyring (spec 6.8), exactly as the
 * Go tool keeps it, so sessions either tool wrote are used by the other:
 * one item per session under "<Type>,<b64 profile>,<b64 mfa>,<expiry>",
 * Data = session JSON, looked up by prefix, used while at least
 * AWS_MIN_TTL (default 5m) remains; legacy and expired keys are deleted
 * on every read and write.
 *
 * Layering: vault, on keyring and aws/creds.
 */
#ifndef AV_VAULT_SESSIONS_H
#define AV_VAULT_SESSIONS_H

#include "util/common.h"

struct aws_creds;
struct keyring;
struct strv;

/* The minimum remaining lifetime of a usable cached session, in ns:
 * AWS_MIN_TTL (Go duration; an unparsable value is ignored) or 5m. */
int64_t sessions_min_ttl(void);

/* Delete every current-format session of profile (Go RemoveForProfile).
 * *np is the count.  Returns 0 or the error of listing the keys. */
int sessions_remove_for_profile(struct keyring *kr, const char *profile,
    int *np);

/* Delete every session (old, expired and current): `clear`.  *np is the
 * count.  OIDC tokens are left alone. */
int sessions_remove_all(struct keyring *kr, int *np);

/* Look the session (type, profile, mfa) up.  Returns 0 with *credsp set
 * when one with at least min_ttl left exists; AV_ERR_NOT_FOUND when there
 * is none, it is too close to expiry, or its data does not parse; other
 * codes for keyring failures.  mfa may be NULL. */
int sessions_get(struct keyring *kr, const char *type, const char *profile,
    const char *mfa, int64_t min_ttl, struct aws_creds **credsp,
    char **keyp);

/* Store creds as the session (type, profile, mfa), replacing an older
 * entry with the same prefix.  Returns 0 or AV_ERR_*.
 * For both: *keyp (may be NULL) receives the item's key (caller frees). */
int sessions_set(struct keyring *kr, const char *type, const char *profile,
    const char *mfa, const struct aws_creds *creds, char **keyp);

#endif
