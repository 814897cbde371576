/* SPDX-License-Identifier: MIT */
/*
 * mfa.h: getting an MFA code for a call (spec 6.5.6): --mfa-token, else
 * mfa_process, else the prompt driver; every code is six ASCII digits
 * (prompt_code_normalize).
 *
 * Reuse guard (beyond the Go tool): AWS rejects a TOTP code that was
 * already accepted, so after a call succeeds the code is remembered per
 * MFA serial (a hash and the time, in a 0600 file in the lock directory).
 * Asked for a code that was used in the last 90 seconds (the current
 * 30 s step and AWS's tolerance around it), we say "this code was
 * already used; the next one appears in N s" and get a fresh one: the
 * terminal asks again, a program (mfa_process, ykman, a dialog) is asked
 * again after the next step begins, and a fixed --mfa-token fails.
 */
#ifndef AV_VAULT_MFA_H
#define AV_VAULT_MFA_H

#include "util/common.h"

struct profile_config;
struct secbuf;
struct vault;

/* *codep is owned by the caller.  Returns 0 or AV_ERR_*. */
int mfa_get_code(struct vault *v, const struct profile_config *cfg,
    const char *serial, struct secbuf **codep);

/* Remember that code was accepted for serial (after a successful call).
 * Failures are only logged. */
void mfa_code_used(const char *serial, const struct secbuf *code);

#endif
