/* SPDX-License-Identifier: MIT */
/*
 * creds.h: the common preamble of the commands that resolve credentials
 * (exec, export, login, rotate; spec 3): choose the MFA prompt driver,
 * load the config, open the keyring, pick and check the profile, resolve
 * its configuration and build its provider chain.
 */
#ifndef AV_CMD_CREDS_H
#define AV_CMD_CREDS_H

#include "util/common.h"

#include "vault/vault.h"

struct aws_creds;
struct cmd_ctx;
struct profile_config;
struct provider;

struct cmd_creds {
	/* In: the command's flags. */
	char		**profile;	/* may be filled by the picker */
	int64_t		  duration;
	bool		  no_session;
	char		 *region;
	char		 *mfa_token;	/* wiped and cleared once read */
	bool		  sso_stdout;
	bool		  server_mode;
	bool		  login;
	/* Out. */
	struct profile_config	*pc;
	struct vault		 v;
	struct provider		*provider;
};

/* An explicit prompt driver is valid; load the config (spec 3
 * preamble).  The keystore is opened later, only if needed. */
int cmd_creds_prepare(struct cmd_ctx *ctx, struct cmd_creds *cc);
/* Picker, and the profile's resolved configuration ("Error loading
 * config: ..."). */
int cmd_creds_resolve(struct cmd_ctx *ctx, struct cmd_creds *cc);
/* BN profileResolvable (spec 3): the profile has a config section or a
 * stored key under exactly its name (the vault's one listing of the
 * keystore).  Fails on the kingpin path. */
int cmd_creds_guard(struct cmd_ctx *ctx, struct cmd_creds *cc);
/* The guard (so not on a kernel-keyring hit), then the provider chain ("Error getting temporary credentials: ..."); needed
 * only when the credentials are not served from the kernel keyring.
 * cmd_creds_get calls it. */
int cmd_creds_provider(struct cmd_ctx *ctx, struct cmd_creds *cc);
/* The credentials: from the kernel keyring when a mirrored session is
 * warm, else through the provider chain ("Failed to get credentials for
 * <p>: ...", without that prefix in server_mode). */
int cmd_creds_get(struct cmd_ctx *ctx, struct cmd_creds *cc,
    struct aws_creds **credsp);
void cmd_creds_release(struct cmd_creds *cc);

/* Drop the kernel-keyring mirrors of this store's sessions: after any
 * change to stored credentials or sessions (add, import, remove, clear,
 * rotate, migrate-backend). */
void cmd_creds_forget_fast(struct cmd_ctx *ctx);

#endif
