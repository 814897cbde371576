/* SPDX-License-Identifier: MIT */
/*
 * fuzz-aws-xml.c: the STS/IAM answer parser (aws/query.c on expat) and the
 * readers of each operation (aws/sts.c, aws/iam.c) on untrusted bytes: a
 * server, a proxy or a captive portal can answer anything.  The first byte
 * picks the operation and the HTTP status; the rest is the body.  Nothing
 * may crash or leak, and an error must always come with a message.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "aws/iam.h"
#include "aws/query.h"
#include "aws/sts.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *svc, *op;
} fuzz_ops[] = {
	{ "sts", "GetSessionToken" },
	{ "sts", "AssumeRole" },
	{ "sts", "AssumeRoleWithWebIdentity" },
	{ "sts", "GetFederationToken" },
	{ "sts", "GetCallerIdentity" },
	{ "iam", "GetUser" },
	{ "iam", "CreateAccessKey" },
	{ "iam", "DeleteAccessKey" },
	{ "iam", "ListAccessKeys" },
	{ "iam", "GetAccessKeyLastUsed" },
};

static const long fuzz_status[] = { 200, 403, 500 };

/* Run the reader of op on a parsed answer. */
static void
fuzz_read(struct query_doc *doc, const char *op)
{
	struct iam_access_key key, *keys = NULL;
	struct iam_key_last_used lu;
	struct aws_creds *c = NULL;
	struct sts_identity id;
	struct iam_user user;
	size_t n = 0;
	char *marker = NULL;

	if (strcmp(op, "GetCallerIdentity") == 0) {
		if (sts_parse_caller_identity(doc, &id) == 0)
			sts_identity_release(&id);
	} else if (strcmp(op, "GetUser") == 0) {
		if (iam_parse_user(doc, &user) == 0)
			iam_user_release(&user);
	} else if (strcmp(op, "CreateAccessKey") == 0) {
		if (iam_parse_access_key(doc, &key) == 0)
			iam_access_key_release(&key);
	} else if (strcmp(op, "ListAccessKeys") == 0) {
		(void)iam_parse_access_keys(doc, &keys, &n, &marker);
		iam_access_keys_free(keys, n);
		free(marker);
	} else if (strcmp(op, "GetAccessKeyLastUsed") == 0) {
		if (iam_parse_last_used(doc, &lu) == 0)
			iam_key_last_used_release(&lu);
	} else if (strcmp(op, "DeleteAccessKey") != 0) {
		if (sts_parse_credentials(doc, &c) == 0 &&
		    (c->access_key_id == NULL || c->session_token == NULL))
			abort();
		aws_creds_free(c);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query_doc *doc = NULL;
	size_t op, st;
	int r;

	if (size < 1)
		return 0;
	op = data[0] % AV_ARRAY_SIZE(fuzz_ops);
	st = (data[0] / AV_ARRAY_SIZE(fuzz_ops)) % AV_ARRAY_SIZE(fuzz_status);
	av_error_clear();
	r = query_parse_response(fuzz_ops[op].svc, fuzz_ops[op].op,
	    fuzz_status[st], (const char *)data + 1, size - 1, &doc);
	if (r != 0) {
		if (doc != NULL || *av_error_msg() == '\0')
			abort();
		return 0;
	}
	if (fuzz_status[st] != 200)
		abort();		/* errors are never documents */
	fuzz_read(doc, fuzz_ops[op].op);
	query_doc_free(doc);
	return 0;
}
