/* SPDX-License-Identifier: MIT */
/*
 * sts.h: the STS calls aws-vault makes (spec 6.5.2, Appendix C), over the
 * Query protocol (query.h), with the error format described there
 * ("sts:AssumeRole: AccessDenied: <message>").
 *
 * Every call takes a client from query_client_new(ENDPOINT_STS, ...).
 * Credentials come back as a new struct aws_creds (secret and token in
 * secbufs, can_expire = true, expires = Expiration); the caller frees them
 * with aws_creds_free.  Out-parameters are cleared on entry.  String
 * inputs are borrowed for the call; a token code is wiped from our copies
 * (the form body) when the call returns.
 */
#ifndef AV_AWS_STS_H
#define AV_AWS_STS_H

#include "util/common.h"

struct aws_creds;
struct query_client;
struct query_doc;
struct secbuf;

struct sts_get_session_token_input {
	int64_t		 duration;	/* DurationSeconds; always sent */
	const char	*serial_number;	/* MFA device ARN or serial, or NULL */
	const char	*token_code;	/* sent with serial_number */
};

struct sts_tag {
	const char	*key;
	const char	*value;
};

struct sts_assume_role_input {
	const char		*role_arn;
	const char		*role_session_name;
	int64_t			 duration;	/* always sent */
	const char		*external_id;	/* or NULL */
	const char		*serial_number;	/* or NULL */
	const char		*token_code;	/* with serial_number */
	const struct sts_tag	*tags;		/* Tags.member.N.Key/Value */
	size_t			 ntags;
	const char *const	*transitive_tag_keys;	/* TransitiveTagKeys
							   .member.N */
	size_t			 ntransitive_tag_keys;
	const char		*source_identity;	/* or NULL */
};

struct sts_web_identity_input {
	const char		*role_arn;
	const char		*role_session_name;
	int64_t			 duration;
	const struct secbuf	*token;	/* WebIdentityToken, sent verbatim */
};

struct sts_federation_input {
	const char	*name;		/* at most 32 bytes: the caller
					   truncates */
	int64_t		 duration;
	const char	*policy;	/* JSON policy, or NULL */
};

struct sts_identity {
	char	*arn;
	char	*user_id;
	char	*account;
};

/* GetSessionToken.  Returns 0 and *credsp, or a negative AV_ERR_*. */
int sts_get_session_token(const struct query_client *c,
    const struct sts_get_session_token_input *in, struct aws_creds **credsp);
/* AssumeRole.  Returns 0 and *credsp, or a negative AV_ERR_*. */
int sts_assume_role(const struct query_client *c,
    const struct sts_assume_role_input *in, struct aws_creds **credsp);
/* AssumeRoleWithWebIdentity, sent unsigned (no Authorization header; the
 * client's credentials are not used).  Returns 0 and *credsp, or a
 * negative AV_ERR_*. */
int sts_assume_role_with_web_identity(const struct query_client *c,
    const struct sts_web_identity_input *in, struct aws_creds **credsp);
/* GetFederationToken.  Returns 0 and *credsp, or a negative AV_ERR_*. */
int sts_get_federation_token(const struct query_client *c,
    const struct sts_federation_input *in, struct aws_creds **credsp);
/* GetCallerIdentity into *id (release with sts_identity_release).
 * Returns 0 or a negative AV_ERR_*. */
int sts_get_caller_identity(const struct query_client *c,
    struct sts_identity *id);
void sts_identity_release(struct sts_identity *id);

/* The parsing halves of the calls above, for tests and fuzzing: read the
 * <Op>Result/Credentials of a parsed answer (the secrets are taken out of
 * doc), or the caller identity.  Return 0 or AV_ERR_INVALID
 * ("sts:<Op>: malformed response: ..."). */
int sts_parse_credentials(struct query_doc *doc, struct aws_creds **credsp);
int sts_parse_caller_identity(const struct query_doc *doc,
    struct sts_identity *id);

#endif
