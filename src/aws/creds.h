/* SPDX-License-Identifier: MIT */
/*
 * creds.h: AWS credentials as the program passes them around.
 * The secret and the session token live in secbufs; aws_creds_free wipes.
 */
#ifndef AV_AWS_CREDS_H
#define AV_AWS_CREDS_H

#include "util/common.h"

struct secbuf;

struct aws_creds {
	char		*access_key_id;
	struct secbuf	*secret_access_key;
	struct secbuf	*session_token;	/* NULL when there is none */
	bool		 can_expire;
	int64_t		 expires;	/* Unix seconds, when can_expire */
};

/* A new zeroed struct (caller frees with aws_creds_free). */
struct aws_creds *aws_creds_new(void);
/* Build from strings; token may be NULL or "". */
struct aws_creds *aws_creds_from(const char *akid, const char *secret,
    const char *token);
struct aws_creds *aws_creds_dup(const struct aws_creds *c);
/* The session token or "" (borrowed). */
const char *aws_creds_token(const struct aws_creds *c);
void aws_creds_free(struct aws_creds *c);

#endif
