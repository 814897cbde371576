/* SPDX-License-Identifier: MIT */
/*
 * util.h: pieces several commands share: the BN profile guard and
 * picker, and the file backend's passphrase callback.
 */
#ifndef AV_CMD_UTIL_H
#define AV_CMD_UTIL_H

#include "util/common.h"

struct cmd_ctx;
struct config;
struct keyring;
struct secbuf;

/* BN: when *namep is NULL or empty, let the user choose a profile on the
 * terminal ("Choose AWS profile:").  *namep is replaced (owned). */
int cmd_pick_profile(struct cmd_ctx *ctx, const struct config *cf,
    char **namep);
/* The same, with failure as the start of the error message. */
int cmd_pick_profile_as(struct cmd_ctx *ctx, const struct config *cf,
    char **namep, const char *failure);

/* keyring_config.file_passphrase: the kernel-keyring cache when
 * --file-passphrase-ttl is set, else the prompt
 * `Enter passphrase to unlock "<dir>": `. */
int cmd_file_passphrase(void *arg, const char *dir, struct secbuf **pwp);

/* keyring_config.file_passphrase_done: with --file-passphrase-ttl, cache
 * a passphrase typed at cmd_file_passphrase's prompt that opened an item
 * (passcache_put for the TTL, rounded up to whole seconds), or forget a
 * cached one that was rejected.  Never caches a wrong passphrase or one
 * from AWS_VAULT_FILE_PASSPHRASE (the backend does not report those). */
void cmd_file_passphrase_done(void *arg, const char *dir,
    const struct secbuf *pw, bool opened);

#endif
