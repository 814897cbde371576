/* SPDX-License-Identifier: MIT */
/*
 * doctor.h: the leftovers report shared by `doctor`, `import
 * --scan-only` and the check at the end of `import`.
 */
#ifndef AV_CMD_DOCTOR_H
#define AV_CMD_DOCTOR_H

#include "util/common.h"

struct cmd_ctx;
struct keyring;
struct leftovers;

/*
 * Scan for plaintext keys into lo (caller-initialised), compare the key
 * ids of copies and downloads with the keystore, and print the report on
 * stdout ("No plaintext AWS keys found." when there is nothing).  The
 * keystore is kr when not NULL (already unlocked by the caller); else,
 * with may_prompt, the one the global flags select (which may ask for a
 * passphrase); else only a store that can be read without asking (the
 * file backend with AWS_VAULT_FILE_PASSPHRASE or a cached passphrase, or
 * keyctl).  Cannot fail: what cannot be checked is reported as such.
 */
void cmd_doctor_report(struct cmd_ctx *ctx, struct keyring *kr,
    bool may_prompt, struct leftovers *lo);

#endif
