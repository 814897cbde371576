/* SPDX-License-Identifier: MIT */
/*
 * iam.c: IAM GetUser, CreateAccessKey, DeleteAccessKey, ListAccessKeys and
 * GetAccessKeyLastUsed over the Query protocol.
 */
#include "util/common.h"

#include "aws/iam.h"
#include "aws/query.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Most pages ListAccessKeys follows (IAM allows 2 keys per user). */
#define IAM_PAGES_MAX	100
/* Where the answers' fields are. */
#define IAM_AK		"CreateAccessKeyResult/AccessKey/"
#define IAM_LU		"GetAccessKeyLastUsedResult/AccessKeyLastUsed/"

static char *
iam_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Parse an optional IAM date; absent is 0. */
static int
iam_date(const struct query_doc *doc, const char *field, const char *v,
    int64_t *outp)
{
	int32_t nsec;

	*outp = 0;
	if (str_empty(v))
		return 0;
	if (time_parse_rfc3339(v, outp, &nsec) != 0)
		return query_doc_malformed(doc, "invalid %s '%s'", field, v);
	return 0;
}

/* Start a form for op with an optional UserName.  Returns 0, or
 * AV_ERR_INVALID with the form released. */
static int
iam_form(struct query_form *f, const char *op, const char *user_name)
{
	int r;

	query_form_init(f, op, QUERY_IAM_VERSION);
	if (!str_empty(user_name) &&
	    (r = query_form_add(f, "UserName", user_name)) != 0) {
		query_form_release(f);
		return r;
	}
	return 0;
}

int
iam_parse_user(const struct query_doc *doc, struct iam_user *user)
{
	const char *arn = query_doc_get(doc, "GetUserResult/User/Arn");

	memset(user, 0, sizeof(*user));
	if (str_empty(arn))
		return query_doc_malformed(doc, "no User/Arn");
	user->arn = xstrdup(arn);
	user->user_name = iam_dup(query_doc_get(doc,
	    "GetUserResult/User/UserName"));
	user->user_id = iam_dup(query_doc_get(doc,
	    "GetUserResult/User/UserId"));
	return 0;
}

int
iam_get_user(const struct query_client *c, const char *user_name,
    struct iam_user *user)
{
	struct query_doc *doc = NULL;
	struct query_form f;
	int r;

	memset(user, 0, sizeof(*user));
	if ((r = iam_form(&f, "GetUser", user_name)) != 0)
		return r;
	if ((r = query_call(c, "GetUser", &f, true, &doc)) == 0)
		r = iam_parse_user(doc, user);
	query_doc_free(doc);
	return r;
}

void
iam_user_release(struct iam_user *user)
{
	free(user->user_name);
	free(user->user_id);
	free(user->arn);
	memset(user, 0, sizeof(*user));
}

int
iam_parse_access_key(struct query_doc *doc, struct iam_access_key *key)
{
	const char *akid = query_doc_get(doc, IAM_AK "AccessKeyId");
	int r = AV_ERR_INTERNAL;

	memset(key, 0, sizeof(*key));
	key->secret_access_key = query_doc_take(doc, IAM_AK "SecretAccessKey");
	if (str_empty(akid)) {
		r = query_doc_malformed(doc, "no AccessKey/AccessKeyId");
		goto out;
	}
	if (key->secret_access_key == NULL ||
	    secbuf_len(key->secret_access_key) == 0) {
		r = query_doc_malformed(doc, "no AccessKey/SecretAccessKey");
		goto out;
	}
	key->access_key_id = xstrdup(akid);
	key->user_name = iam_dup(query_doc_get(doc, IAM_AK "UserName"));
	key->status = iam_dup(query_doc_get(doc, IAM_AK "Status"));
	r = iam_date(doc, "CreateDate", query_doc_get(doc,
	    IAM_AK "CreateDate"), &key->create_date);
 out:
	if (r != 0)
		iam_access_key_release(key);
	return r;
}

int
iam_create_access_key(const struct query_client *c, const char *user_name,
    struct iam_access_key *key)
{
	struct query_doc *doc = NULL;
	struct query_form f;
	int r;

	memset(key, 0, sizeof(*key));
	if ((r = iam_form(&f, "CreateAccessKey", user_name)) != 0)
		return r;
	if ((r = query_call(c, "CreateAccessKey", &f, true, &doc)) == 0)
		r = iam_parse_access_key(doc, key);
	query_doc_free(doc);
	return r;
}

int
iam_delete_access_key(const struct query_client *c, const char *access_key_id,
    const char *user_name)
{
	struct query_doc *doc = NULL;
	struct query_form f;
	int r;

	if ((r = iam_form(&f, "DeleteAccessKey", user_name)) != 0)
		return r;
	if ((r = query_form_add(&f, "AccessKeyId", access_key_id)) != 0) {
		query_form_release(&f);
		return r;
	}
	r = query_call(c, "DeleteAccessKey", &f, true, &doc);
	query_doc_free(doc);
	return r;
}

int
iam_parse_access_keys(const struct query_doc *doc,
    struct iam_access_key **keysp, size_t *nkeysp, char **markerp)
{
	const char *list = "ListAccessKeysResult/AccessKeyMetadata/member";
	struct iam_access_key *k;
	const char *akid, *trunc, *marker;
	size_t i, idx;
	int r;

	*markerp = NULL;
	for (i = 0; query_doc_nth(doc, list, i, &idx); i++) {
		akid = query_doc_child(doc, idx, "AccessKeyId");
		if (str_empty(akid))
			return query_doc_malformed(doc,
			    "member %zu has no AccessKeyId", i + 1);
		*keysp = xreallocarray(*keysp, *nkeysp + 1, sizeof(**keysp));
		k = &(*keysp)[*nkeysp];
		memset(k, 0, sizeof(*k));
		(*nkeysp)++;
		k->access_key_id = xstrdup(akid);
		k->user_name = iam_dup(query_doc_child(doc, idx, "UserName"));
		k->status = iam_dup(query_doc_child(doc, idx, "Status"));
		if ((r = iam_date(doc, "CreateDate", query_doc_child(doc, idx,
		    "CreateDate"), &k->create_date)) != 0)
			return r;
	}
	trunc = query_doc_get(doc, "ListAccessKeysResult/IsTruncated");
	marker = query_doc_get(doc, "ListAccessKeysResult/Marker");
	if (streq(trunc, "true")) {
		if (str_empty(marker))
			return query_doc_malformed(doc,
			    "IsTruncated without a Marker");
		*markerp = xstrdup(marker);
	}
	return 0;
}

int
iam_list_access_keys(const struct query_client *c, const char *user_name,
    struct iam_access_key **keysp, size_t *nkeysp)
{
	struct query_doc *doc = NULL;
	struct query_form f;
	char *marker = NULL, *next = NULL;
	int r = AV_ERR_INTERNAL, page;

	*keysp = NULL;
	*nkeysp = 0;
	for (page = 0; page < IAM_PAGES_MAX; page++) {
		if ((r = iam_form(&f, "ListAccessKeys", user_name)) != 0)
			goto out;
		if (marker != NULL &&
		    (r = query_form_add(&f, "Marker", marker)) != 0) {
			query_form_release(&f);
			goto out;
		}
		if ((r = query_call(c, "ListAccessKeys", &f, true, &doc)) != 0)
			goto out;
		r = iam_parse_access_keys(doc, keysp, nkeysp, &next);
		query_doc_free(doc);
		doc = NULL;
		if (r != 0)
			goto out;
		free(marker);
		marker = next;
		next = NULL;
		if (marker == NULL)
			break;
	}
	if (marker != NULL) {
		r = av_error_set(AV_ERR_INVALID, "iam:ListAccessKeys: more "
		    "than %d pages", IAM_PAGES_MAX);
		goto out;
	}
	r = 0;
 out:
	free(marker);
	if (r != 0) {
		iam_access_keys_free(*keysp, *nkeysp);
		*keysp = NULL;
		*nkeysp = 0;
	}
	return r;
}

int
iam_parse_last_used(const struct query_doc *doc, struct iam_key_last_used *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	out->user_name = iam_dup(query_doc_get(doc,
	    "GetAccessKeyLastUsedResult/UserName"));
	out->service_name = iam_dup(query_doc_get(doc, IAM_LU "ServiceName"));
	out->region = iam_dup(query_doc_get(doc, IAM_LU "Region"));
	r = iam_date(doc, "LastUsedDate", query_doc_get(doc,
	    IAM_LU "LastUsedDate"), &out->last_used);
	if (r == 0 && out->service_name == NULL)
		r = query_doc_malformed(doc,
		    "no AccessKeyLastUsed/ServiceName");
	if (r != 0)
		iam_key_last_used_release(out);
	return r;
}

int
iam_get_access_key_last_used(const struct query_client *c,
    const char *access_key_id, struct iam_key_last_used *out)
{
	struct query_doc *doc = NULL;
	struct query_form f;
	int r;

	memset(out, 0, sizeof(*out));
	query_form_init(&f, "GetAccessKeyLastUsed", QUERY_IAM_VERSION);
	if ((r = query_form_add(&f, "AccessKeyId", access_key_id)) != 0) {
		query_form_release(&f);
		return r;
	}
	if ((r = query_call(c, "GetAccessKeyLastUsed", &f, true, &doc)) == 0)
		r = iam_parse_last_used(doc, out);
	query_doc_free(doc);
	return r;
}

void
iam_access_key_release(struct iam_access_key *key)
{
	free(key->user_name);
	free(key->access_key_id);
	secbuf_free(key->secret_access_key);
	free(key->status);
	memset(key, 0, sizeof(*key));
}

void
iam_access_keys_free(struct iam_access_key *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		iam_access_key_release(&keys[i]);
	free(keys);
}

void
iam_key_last_used_release(struct iam_key_last_used *u)
{
	free(u->user_name);
	free(u->service_name);
	free(u->region);
	memset(u, 0, sizeof(*u));
}
