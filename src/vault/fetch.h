/* SPDX-License-Identifier: MIT */
/*
 * fetch.h: the calls each provider makes (spec 6.5): STS
 * GetSessionToken and AssumeRole from source credentials,
 * AssumeRoleWithWebIdentity, credential_process and SSO.  Internal to
 * vault.c; p is the provider being fetched.
 */
#ifndef AV_VAULT_FETCH_H
#define AV_VAULT_FETCH_H

#include "util/common.h"

struct aws_creds;
struct provider;
struct query_client;
struct profile_config;
struct vault;

int fetch_session_token(struct provider *p, const struct aws_creds *src,
    struct aws_creds **credsp);
int fetch_assume_role(struct provider *p, const struct aws_creds *src,
    struct aws_creds **credsp);
int fetch_web_identity(struct provider *p, struct aws_creds **credsp);
int fetch_credential_process(struct provider *p, struct aws_creds **credsp);
int fetch_sso(struct provider *p, struct aws_creds **credsp);

/* An STS or IAM client for cfg's region and endpoints, signing with creds
 * (borrowed; NULL: unsigned).  Caller frees with query_client_free. */
struct query_client *fetch_client(const struct vault *v,
    const struct profile_config *cfg, int service,
    const struct aws_creds *creds);

/* Parse credential_process output (spec 6.5.3) for command cmd. */
int fetch_parse_process_json(const char *cmd, const char *json, size_t n,
    struct aws_creds **credsp);

#endif
