/* SPDX-License-Identifier: MIT */
/*
 * master.h: long-term ("master") credentials stored under a profile name
 * (spec 6.5.1, 11.2).
 */
#ifndef AV_VAULT_MASTER_H
#define AV_VAULT_MASTER_H

#include "util/common.h"

struct aws_creds;
struct keyring;

/* Read and decode the item stored under profile.  Returns 0,
 * AV_ERR_NOT_FOUND, or the keyring's / the decoder's error ("Invalid data
 * in keyring: ..."). */
int master_get(struct keyring *kr, const char *profile,
    struct aws_creds **credsp);

/* Store creds under profile with the Go tool's label and flags. */
int master_set(struct keyring *kr, const char *profile,
    const struct aws_creds *creds);

#endif
