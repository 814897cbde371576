/* SPDX-License-Identifier: MIT */
/*
 * iam.h: the IAM calls rotate and the user-name lookup need, over the
 * Query protocol (query.h), errors as "iam:GetUser: NoSuchEntity: ...".
 *
 * Every call takes a client from query_client_new(ENDPOINT_IAM, ...).  A
 * NULL or "" user name means the calling user (IAM's own default).
 * Out-parameters are cleared on entry and owned by the caller.
 */
#ifndef AV_AWS_IAM_H
#define AV_AWS_IAM_H

#include "util/common.h"

struct query_client;
struct query_doc;
struct secbuf;

struct iam_user {
	char	*user_name;	/* NULL for the root user */
	char	*user_id;	/* or NULL */
	char	*arn;
};

struct iam_access_key {
	char		*user_name;		/* or NULL */
	char		*access_key_id;
	struct secbuf	*secret_access_key;	/* only from CreateAccessKey */
	char		*status;		/* "Active", "Inactive", NULL */
	int64_t		 create_date;		/* Unix seconds; 0 if absent */
};

struct iam_key_last_used {
	char	*user_name;	/* or NULL */
	char	*service_name;	/* "N/A" when never used */
	char	*region;	/* "N/A" when never used */
	int64_t	 last_used;	/* Unix seconds; 0 when never used */
};

/* GetUser into *user (release with iam_user_release). */
int iam_get_user(const struct query_client *c, const char *user_name,
    struct iam_user *user);
void iam_user_release(struct iam_user *user);

/* CreateAccessKey into *key, secret included (release with
 * iam_access_key_release, which wipes it). */
int iam_create_access_key(const struct query_client *c, const char *user_name,
    struct iam_access_key *key);
/* DeleteAccessKey. */
int iam_delete_access_key(const struct query_client *c,
    const char *access_key_id, const char *user_name);
/* ListAccessKeys, every page, into a new array *keysp of *nkeysp entries
 * without secrets (free with iam_access_keys_free). */
int iam_list_access_keys(const struct query_client *c, const char *user_name,
    struct iam_access_key **keysp, size_t *nkeysp);
/* GetAccessKeyLastUsed into *out (release with
 * iam_key_last_used_release). */
int iam_get_access_key_last_used(const struct query_client *c,
    const char *access_key_id, struct iam_key_last_used *out);

void iam_access_key_release(struct iam_access_key *key);
void iam_access_keys_free(struct iam_access_key *keys, size_t n);
void iam_key_last_used_release(struct iam_key_last_used *u);

/* The parsing halves, for tests and fuzzing.  Each returns 0 or
 * AV_ERR_INVALID ("iam:<Op>: malformed response: ..."). */
int iam_parse_user(const struct query_doc *doc, struct iam_user *user);
int iam_parse_access_key(struct query_doc *doc, struct iam_access_key *key);
/* Appends the page's keys to *keysp and *nkeysp; sets *markerp (caller
 * frees) when the list is truncated, else NULL. */
int iam_parse_access_keys(const struct query_doc *doc,
    struct iam_access_key **keysp, size_t *nkeysp, char **markerp);
int iam_parse_last_used(const struct query_doc *doc,
    struct iam_key_last_used *out);

#endif
