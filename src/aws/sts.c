/* SPDX-License-Identifier: MIT */
/*
 * sts.c: STS GetSessionToken, AssumeRole, AssumeRoleWithWebIdentity,
 * GetFederationToken and GetCallerIdentity over the Query protocol.
 * Parameters are sent as the Go SDK sends them (spec 6.5.2); answers are
 * read from the parsed XML, secrets moved straight into the credentials.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "aws/query.h"
#include "aws/sts.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Take one credential field of <Op>Result/Credentials out of doc. */
static struct secbuf *
sts_take(struct query_doc *doc, const char *field)
{
	char *path = xasprintf("%sResult/Credentials/%s", doc->op, field);
	struct secbuf *v = query_doc_take(doc, path);

	free(path);
	return v;
}

int
sts_parse_credentials(struct query_doc *doc, struct aws_creds **credsp)
{
	struct aws_creds *c = NULL;
	struct secbuf *akid = NULL;
	char *path = NULL;
	const char *exp;
	int64_t sec;
	int32_t nsec;
	int r = AV_ERR_INTERNAL;

	*credsp = NULL;
	c = aws_creds_new();
	akid = sts_take(doc, "AccessKeyId");
	c->secret_access_key = sts_take(doc, "SecretAccessKey");
	c->session_token = sts_take(doc, "SessionToken");
	path = xasprintf("%sResult/Credentials/Expiration", doc->op);
	exp = query_doc_get(doc, path);
	if (akid == NULL || secbuf_len(akid) == 0) {
		r = query_doc_malformed(doc, "no Credentials/AccessKeyId");
		goto out;
	}
	if (c->secret_access_key == NULL ||
	    secbuf_len(c->secret_access_key) == 0) {
		r = query_doc_malformed(doc, "no Credentials/SecretAccessKey");
		goto out;
	}
	if (c->session_token == NULL || secbuf_len(c->session_token) == 0) {
		r = query_doc_malformed(doc, "no Credentials/SessionToken");
		goto out;
	}
	if (exp == NULL) {
		r = query_doc_malformed(doc, "no Credentials/Expiration");
		goto out;
	}
	if (time_parse_rfc3339(exp, &sec, &nsec) != 0) {
		r = query_doc_malformed(doc, "invalid Expiration '%s'", exp);
		goto out;
	}
	c->access_key_id = xstrdup(secbuf_ptr(akid));
	c->can_expire = true;
	c->expires = sec;
	*credsp = c;
	c = NULL;			/* transferred */
	r = 0;
 out:
	free(path);
	secbuf_free(akid);
	aws_creds_free(c);
	return r;
}

/* Call op with form and read the credentials it returns. */
static int
sts_call_creds(const struct query_client *c, const char *op,
    struct query_form *form, bool sign, struct aws_creds **credsp)
{
	struct query_doc *doc = NULL;
	int r;

	if ((r = query_call(c, op, form, sign, &doc)) == 0)
		r = sts_parse_credentials(doc, credsp);
	query_doc_free(doc);
	return r;
}

/* Add SerialNumber and TokenCode when an MFA device is given. */
static int
sts_add_mfa(struct query_form *f, const char *serial, const char *code)
{
	int r;

	if (str_empty(serial))
		return 0;
	if ((r = query_form_add(f, "SerialNumber", serial)) != 0 ||
	    (r = query_form_add(f, "TokenCode", code != NULL ? code : "")) != 0)
		return r;
	return 0;
}

int
sts_get_session_token(const struct query_client *c,
    const struct sts_get_session_token_input *in, struct aws_creds **credsp)
{
	struct query_form f;
	int r;

	*credsp = NULL;
	query_form_init(&f, "GetSessionToken", QUERY_STS_VERSION);
	if ((r = query_form_add_int(&f, "DurationSeconds",
	    in->duration)) != 0 ||
	    (r = sts_add_mfa(&f, in->serial_number, in->token_code)) != 0) {
		query_form_release(&f);
		return r;
	}
	return sts_call_creds(c, "GetSessionToken", &f, true, credsp);
}

int
sts_assume_role(const struct query_client *c,
    const struct sts_assume_role_input *in, struct aws_creds **credsp)
{
	struct query_form f;
	char name[64];
	size_t i;
	int r = AV_ERR_INTERNAL;

	*credsp = NULL;
	query_form_init(&f, "AssumeRole", QUERY_STS_VERSION);
	if ((r = query_form_add(&f, "RoleArn", in->role_arn)) != 0 ||
	    (r = query_form_add(&f, "RoleSessionName",
	    in->role_session_name)) != 0 ||
	    (r = query_form_add_int(&f, "DurationSeconds", in->duration)) != 0)
		goto fail;
	if (!str_empty(in->external_id) &&
	    (r = query_form_add(&f, "ExternalId", in->external_id)) != 0)
		goto fail;
	if ((r = sts_add_mfa(&f, in->serial_number, in->token_code)) != 0)
		goto fail;
	for (i = 0; i < in->ntags; i++) {
		(void)snprintf(name, sizeof(name), "Tags.member.%zu.Key",
		    i + 1);
		if ((r = query_form_add(&f, name, in->tags[i].key)) != 0)
			goto fail;
		(void)snprintf(name, sizeof(name), "Tags.member.%zu.Value",
		    i + 1);
		if ((r = query_form_add(&f, name, in->tags[i].value)) != 0)
			goto fail;
	}
	for (i = 0; i < in->ntransitive_tag_keys; i++) {
		(void)snprintf(name, sizeof(name),
		    "TransitiveTagKeys.member.%zu", i + 1);
		if ((r = query_form_add(&f, name,
		    in->transitive_tag_keys[i])) != 0)
			goto fail;
	}
	if (!str_empty(in->source_identity) &&
	    (r = query_form_add(&f, "SourceIdentity",
	    in->source_identity)) != 0)
		goto fail;
	return sts_call_creds(c, "AssumeRole", &f, true, credsp);
 fail:
	query_form_release(&f);
	return r;
}

int
sts_assume_role_with_web_identity(const struct query_client *c,
    const struct sts_web_identity_input *in, struct aws_creds **credsp)
{
	struct query_form f;
	int r;

	*credsp = NULL;
	query_form_init(&f, "AssumeRoleWithWebIdentity", QUERY_STS_VERSION);
	if ((r = query_form_add(&f, "RoleArn", in->role_arn)) != 0 ||
	    (r = query_form_add(&f, "RoleSessionName",
	    in->role_session_name)) != 0 ||
	    (r = query_form_add_int(&f, "DurationSeconds",
	    in->duration)) != 0 ||
	    (r = query_form_add_n(&f, "WebIdentityToken",
	    secbuf_ptr(in->token), secbuf_len(in->token))) != 0) {
		query_form_release(&f);
		return r;
	}
	return sts_call_creds(c, "AssumeRoleWithWebIdentity", &f, false,
	    credsp);
}

int
sts_get_federation_token(const struct query_client *c,
    const struct sts_federation_input *in, struct aws_creds **credsp)
{
	struct query_form f;
	int r;

	*credsp = NULL;
	query_form_init(&f, "GetFederationToken", QUERY_STS_VERSION);
	if ((r = query_form_add(&f, "Name", in->name)) != 0 ||
	    (r = query_form_add_int(&f, "DurationSeconds",
	    in->duration)) != 0 ||
	    (!str_empty(in->policy) &&
	    (r = query_form_add(&f, "Policy", in->policy)) != 0)) {
		query_form_release(&f);
		return r;
	}
	return sts_call_creds(c, "GetFederationToken", &f, true, credsp);
}

int
sts_parse_caller_identity(const struct query_doc *doc, struct sts_identity *id)
{
	const char *arn, *uid, *acct;

	memset(id, 0, sizeof(*id));
	arn = query_doc_get(doc, "GetCallerIdentityResult/Arn");
	uid = query_doc_get(doc, "GetCallerIdentityResult/UserId");
	acct = query_doc_get(doc, "GetCallerIdentityResult/Account");
	if (str_empty(arn))
		return query_doc_malformed(doc, "no Arn");
	id->arn = xstrdup(arn);
	id->user_id = xstrdup(uid != NULL ? uid : "");
	id->account = xstrdup(acct != NULL ? acct : "");
	return 0;
}

int
sts_get_caller_identity(const struct query_client *c, struct sts_identity *id)
{
	struct query_doc *doc = NULL;
	struct query_form f;
	int r;

	memset(id, 0, sizeof(*id));
	query_form_init(&f, "GetCallerIdentity", QUERY_STS_VERSION);
	if ((r = query_call(c, "GetCallerIdentity", &f, true, &doc)) == 0)
		r = sts_parse_caller_identity(doc, id);
	query_doc_free(doc);
	return r;
}

void
sts_identity_release(struct sts_identity *id)
{
	free(id->arn);
	free(id->user_id);
	free(id->account);
	memset(id, 0, sizeof(*id));
}
