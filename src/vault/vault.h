/* SPDX-License-Identifier: MIT */
/*
 * vault.h: credential providers (spec 6): which chain of calls turns a
 * profile into credentials (6.2, 6.3 as ByteNess does it), and running
 * that chain with the session cache (6.8) and single-flight locking, so
 * that many processes asking for the same session make one STS call and
 * one MFA prompt.
 *
 * Layering: vault, on config, aws, keyring and prompt.  Never prints
 * (except through the MFA prompt drivers, which talk to the terminal).
 */
#ifndef AV_VAULT_H
#define AV_VAULT_H

#include "util/common.h"

#include "util/str.h"

struct aws_creds;
struct config;
struct keyring;
struct profile_config;
struct prompt_ops;

/* Per-run state and options (Go's TempCredentialsCreator).  The keystore
 * and the MFA prompt driver are only opened or chosen when a call needs
 * them, so a warm run touches neither. */
struct vault {
	struct keyring		*kr;		/* borrowed, once opened */
	int			(*open_keyring)(void *arg,
				    struct keyring **krp);
	void			*open_arg;
	const struct config	*cf;		/* borrowed: services sections */
	const struct prompt_ops	*prompt;	/* MFA driver, once chosen */
	const char		*prompt_name;	/* --prompt, or NULL: auto */
	bool			 server_mode;	/* exec --ecs/ec2-server */
	bool			 disable_sessions;	/* --no-session */
	const char		*disable_sessions_for;	/* login's target */
	bool			 disable_cache;		/* rotate */
	/* Internal. */
	char			*chained_mfa;
	struct strv		 keys;
	bool			 keys_loaded;
	char			*ns;		/* keyring_namespace, for locks */
};

enum provider_kind {
	PROVIDER_MASTER,
	PROVIDER_SESSION_TOKEN,
	PROVIDER_ASSUME_ROLE,
	PROVIDER_WEB_IDENTITY,
	PROVIDER_CREDENTIAL_PROCESS,
	PROVIDER_SSO,
};

struct provider {
	enum provider_kind	 kind;
	struct vault		*v;
	const struct profile_config *cfg;	/* borrowed */
	struct provider		*source;	/* owned */
	const char		*cache_type;	/* NULL: not cached */
	char			*cache_key;	/* the keystore item that held
						   or took the result */
	char			*mfa_serial;	/* MFA sent with this call */
	int64_t			 duration;	/* ns */
};

/* open_keyring(open_arg, &kr) opens the keystore on first use (the
 * keyring stays owned by the caller). */
void vault_init(struct vault *v, const struct config *cf,
    int (*open_keyring)(void *arg, struct keyring **krp), void *open_arg);
void vault_release(struct vault *v);

/* The keystore / the MFA prompt driver, opened or chosen on first use. */
int vault_keyring(struct vault *v, struct keyring **krp);
/* Go: keyring.Keys() contains name; the list is read once per run. */
int vault_has_stored(struct vault *v, const char *name, bool *storedp);
int vault_prompt(struct vault *v, const struct prompt_ops **opsp);

/* Choose the provider chain for cfg (Go GetProviderForProfile).  *pp is
 * owned by the caller (provider_free).  Returns 0 or AV_ERR_*
 * ("profile x: credentials missing"). */
int vault_provider(struct vault *v, const struct profile_config *cfg,
    struct provider **pp);

/* Run the chain.  *credsp is owned by the caller. */
int provider_retrieve(struct provider *p, struct aws_creds **credsp);
void provider_free(struct provider *p);

#endif
