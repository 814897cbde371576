/* SPDX-License-Identifier: MIT */
/*
 * sso.h: the SSO provider (spec 6.5.4): an OIDC access token from the
 * keyring cache "oidc:<start url>" (spec 6.9), else from the device
 * authorization flow, then GetRoleCredentials; and the copy of the token
 * into the AWS CLI's SSO cache for `exec --profile-env` (spec 6.5.5).
 *
 * The token item is byte-compatible with the Go tool: Data is
 *   {"Token":{"AccessToken":..,"ExpiresIn":N,"IdToken":null,
 *    "RefreshToken":null,"TokenType":"Bearer","ResultMetadata":{}},
 *    "Expiration":"<RFC 3339 with nanoseconds>"}
 * (we write Expiration in UTC; Go writes local time, and either reads
 * both), Label "aws-vault oidc token for <url> (expires <RFC3339>)",
 * Description "aws-vault oidc token".
 *
 * Like the MFA prompt drivers, the device flow talks to the user: it
 * prints the verification URL to stderr and runs xdg-open.  Nothing else
 * here prints.  The access token, client secret, device code and role
 * credentials stay in secbufs and never reach a message or --debug.
 *
 * Layering: vault, on aws/sso, keyring and config.
 */
#ifndef AV_VAULT_SSO_H
#define AV_VAULT_SSO_H

#include "util/common.h"

struct aws_creds;
struct keyring;
struct profile_config;
struct secbuf;
struct sso_token;
struct vault;

/* The default device-flow poll interval and the SlowDownException
 * increment (RFC 8628 3.5), in seconds. */
#define VAULT_SSO_INTERVAL	5
#define VAULT_SSO_SLOW_DOWN	5

/* Role credentials for cfg (sso_start_url, sso_region, sso_account_id,
 * sso_role_name, sso_use_stdout).  Uses the cached token when there is
 * one; when the portal answers HTTP 401 to a cached token, the token is
 * deleted and the whole thing runs once more (a new device flow).  One
 * process at a time runs the device flow for a start URL (a lock named
 * after the store and the URL).  *credsp is owned by the caller.
 * Returns 0 or a negative AV_ERR_* code. */
int vault_sso_credentials(struct vault *v, const struct profile_config *cfg,
    struct aws_creds **credsp);

/* Parse a token item's Data (Go's encoding/json rules: member names in
 * any case, unknown members ignored; a null or missing Expiration is the
 * zero time, i.e. long expired).  *tokp (sso_token_release) and the
 * expiration (Unix seconds and nanoseconds) are set on success.  Returns
 * 0 or AV_ERR_INVALID ("Invalid data in keyring: <why>"). */
int vault_sso_token_parse(const char *json, size_t n, struct sso_token *tokp,
    int64_t *secp, int32_t *nsecp);

/* Format a token item's Data with Expiration = (sec, nsec).  *jsonp is a
 * new secbuf.  Returns 0 or AV_ERR_INVALID (too large). */
int vault_sso_token_format(const struct sso_token *tok, int64_t sec,
    int32_t nsec, struct secbuf **jsonp);

/* The cached token for start_url (Go OIDCTokenKeyring.Get): invalid data
 * is AV_ERR_NOT_FOUND; an expired token is deleted and AV_ERR_NOT_FOUND;
 * otherwise tokp->expires_in is the whole seconds left and *secp (may be
 * NULL) the expiration.  Other codes are keyring failures. */
int vault_sso_token_get(struct keyring *kr, const char *start_url,
    struct sso_token *tokp, int64_t *secp);

/* Store tok for start_url, expiring tok->expires_in seconds from now
 * (Go OIDCTokenKeyring.Set).  Returns 0 or AV_ERR_*. */
int vault_sso_token_set(struct keyring *kr, const char *start_url,
    const struct sso_token *tok);

/* The AWS CLI SSO cache file of cfg (spec 6.5.5):
 * $HOME/.aws/sso/cache/<sha1 hex of the sso_session name, else the start
 * URL>.json.  Caller frees. */
char *vault_sso_cli_cache_path(const struct profile_config *cfg);

/* Its content: {"accessToken":..,"expiresAt":"<UTC RFC3339>"} plus
 * ,"refreshToken":.. when the token has one.  *jsonp is a new secbuf. */
int vault_sso_cli_cache_format(const struct sso_token *tok, int64_t expires,
    struct secbuf **jsonp);

/* Copy cfg's cached token into its AWS CLI SSO cache file: directory made
 * 0700 when missing, the file written 0600 through a temp file and
 * rename.  Returns 0, AV_ERR_NOT_FOUND when there is no valid cached
 * token, or another AV_ERR_* code. */
int vault_sso_sync_cli_cache(struct vault *v, const struct profile_config *cfg);

#endif
