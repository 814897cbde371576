/* SPDX-License-Identifier: MIT */
/*
 * keyring.h: the keystore layer (spec 11).  One flat namespace of items
 * (long-term credentials under the profile name, cached sessions under
 * session keys, SSO tokens under "oidc:<url>"; see keys.h), stored by one
 * of several backends behind struct keyring_ops, one file each (OpenSSH
 * sshkey_impl).  Mirrors 99designs/keyring's Get/Set/Remove/Keys.
 *
 * Layering: keyring uses util only.  It never prints; errors are
 * AV_ERR_* codes with a message.  "No such item" is always
 * AV_ERR_NOT_FOUND.
 */
#ifndef AV_KEYRING_H
#define AV_KEYRING_H

#include "util/common.h"

#include "util/str.h"

struct secbuf;

/* An item (99designs/keyring Item).  data is the payload (JSON of the
 * credentials, session or token), kept in a secbuf. */
struct keyring_item {
	char		*key;
	struct secbuf	*data;
	char		*label;
	char		*description;
	bool		 keychain_not_trust_application;
	bool		 keychain_not_synchronizable;
};

/* Settings for every backend; strings are borrowed for the lifetime of
 * the keyring.  NULL or "" means the backend's default. */
struct keyring_config {
	const char	*backend;	/* explicit choice, or NULL: choose */
	const char	*file_dir;	/* "~/" already expanded or not */
	const char	*pass_dir;
	const char	*pass_cmd;
	const char	*pass_prefix;
	const char	*secret_service_collection;
	const char	*keyctl_scope;	/* user (default), session, process */
	/* Ask the user for the file backend's passphrase (no echo).  Set by
	 * the CLI; NULL means "cannot prompt".  Returns 0 or AV_ERR_*. */
	int		(*file_passphrase)(void *arg, const char *dir,
			    struct secbuf **pwp);
	/* Told, at most once per passphrase, whether a passphrase that
	 * file_passphrase gave (never one from AWS_VAULT_FILE_PASSPHRASE)
	 * opened an item of dir (opened) or was rejected as wrong (!opened),
	 * so the CLI may remember it or drop a stale remembered one.  May be
	 * NULL.  pw is borrowed for the call.  Cannot fail; the backend keeps
	 * its own error message across the call. */
	void		(*file_passphrase_done)(void *arg, const char *dir,
			    const struct secbuf *pw, bool opened);
	void		*file_passphrase_arg;
};

struct keyring;

struct keyring_ops {
	const char *name;
	/* Cheap check used when choosing a default backend: can this backend
	 * work here at all (service answering, store existing)?  May be
	 * NULL (always).  Sets a message saying why not. */
	bool (*probe)(const struct keyring_config *cfg);
	int  (*open)(struct keyring *kr);
	/* *itemp is owned by the caller (keyring_item_free). */
	int  (*get)(struct keyring *kr, const char *key,
	    struct keyring_item **itemp);
	int  (*set)(struct keyring *kr, const struct keyring_item *item);
	int  (*remove)(struct keyring *kr, const char *key);
	/* Append every key to *keys (caller-initialised). */
	int  (*keys)(struct keyring *kr, struct strv *keys);
	void (*close)(struct keyring *kr);
	/* Optional, cheap, without opening: true only when key is surely
	 * not stored (a missing file).  NULL: cannot tell cheaply. */
	bool (*gone)(const struct keyring_config *cfg, const char *key);
};

struct keyring {
	const struct keyring_ops	*ops;
	const struct keyring_config	*cfg;
	void				*priv;	/* the backend's state */
};

/* The backends compiled in, in the order used for the default choice
 * and for help ([secret-service keyctl pass passage file]). */
extern const struct keyring_ops *const keyring_backends[];

/* Open cfg->backend, or choose one when it is NULL or "".  Returns 0 or
 * AV_ERR_KEYRING ("specified keyring backend not available" is the
 * caller's wording; the message here says why). */
int keyring_open(const struct keyring_config *cfg, struct keyring **krp);
void keyring_close(struct keyring *kr);
const char *keyring_name(const struct keyring *kr);

/* A string naming the store this keyring reads (backend and location:
 * key dir, pass dir and prefix, collection, keyctl scope), so caches and
 * locks of different stores never mix.  Caller frees. */
char *keyring_namespace(const struct keyring *kr);
/* The same for backend name (NULL or "": the default choice) without
 * opening anything. */
char *keyring_config_namespace(const struct keyring_config *cfg,
    const char *name);
/* True only when backend can tell cheaply (a stat, no decryption, no
 * D-Bus) that key is not stored. */
bool keyring_item_gone(const struct keyring_config *cfg, const char *backend,
    const char *key);

/* What every backend says of a missing item: records Go's
 * keyring.ErrKeyNotFound text and returns AV_ERR_NOT_FOUND. */
int keyring_err_not_found(void);

int keyring_get(struct keyring *kr, const char *key,
    struct keyring_item **itemp);
int keyring_set(struct keyring *kr, const struct keyring_item *item);
int keyring_remove(struct keyring *kr, const char *key);
/* Every key, in the backend's order. */
int keyring_keys(struct keyring *kr, struct strv *keys);
/* True when key is stored (from keyring_keys; errors count as no). */
bool keyring_has(struct keyring *kr, const char *key);

/* Items. */
struct keyring_item *keyring_item_new(const char *key, const void *data,
    size_t n, const char *label, const char *description);
void keyring_item_free(struct keyring_item *item);

/* Item JSON exactly as Go's json.Marshal(keyring.Item) writes it: fields
 * Key, Data (standard base64), Label, Description,
 * KeychainNotTrustApplication, KeychainNotSynchronizable.  *jsonp is a new
 * secbuf. */
int keyring_item_json_format(const struct keyring_item *item,
    struct secbuf **jsonp);
/* Parse Item JSON: names matched case-insensitively, unknown fields
 * ignored, missing fields empty.  AV_ERR_INVALID on bad JSON or Data. */
int keyring_item_json_parse(const char *json, size_t n,
    struct keyring_item **itemp);

#endif
