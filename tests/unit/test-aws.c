/* SPDX-License-Identifier: MIT */
/*
 * test-aws.c: the AWS layer without a network: every STS and IAM answer in
 * $AV_SHARED_TESTDATA/aws-responses parsed and compared with the values in
 * those files (the botocore .expected.json where there is one, otherwise
 * the element text found by a plain string search, independent of expat),
 * error formatting, truncated and hostile XML, endpoint resolution,
 * endpoint URL splitting and form encoding.
 */
#include "test.h"

#include <dirent.h>

#include <jansson.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "aws/iam.h"
#include "aws/query.h"
#include "aws/request.h"
#include "aws/sts.h"
#include "util/secbuf.h"
#include "util/str.h"

/* The trimmed text of the first <tag>...</tag> in xml, or NULL (caller
 * frees).  Deliberately not expat: an independent reading of the file. */
static char *
xml_text(const char *xml, const char *tag)
{
	char *open = xasprintf("<%s>", tag), *close = xasprintf("</%s>", tag);
	const char *s, *e;
	char *v = NULL;

	if ((s = strstr(xml, open)) != NULL &&
	    (e = strstr(s, close)) != NULL) {
		s += strlen(open);
		v = str_dup(str_trim(str_make(s, (size_t)(e - s))));
	}
	free(open);
	free(close);
	return v;
}

/* Unix seconds of an RFC 3339 UTC time, by strptime/timegm (not the code
 * under test).  Fractions are ignored, as our parser's seconds are. */
static int64_t
utc_seconds(const char *s)
{
	struct tm tm;
	const char *e;

	memset(&tm, 0, sizeof(tm));
	e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	assert_non_null(e);
	return (int64_t)timegm(&tm);
}

static json_t *
load_expected(const char *dir, const char *file)
{
	char *base = xstrndup(file, strlen(file) - 4);	/* drop ".xml" */
	char *rel = xasprintf("aws-responses/%s/%s.expected.json", dir, base);
	char *path = test_data_path(rel);
	json_error_t jerr;
	json_t *j = NULL;

	if (fs_exists(path)) {
		j = json_load_file(path, 0, &jerr);
		if (j == NULL)
			fail_msg("%s: %s", path, jerr.text);
	}
	free(path);
	free(rel);
	free(base);
	return j;
}

/* The operation a response file answers: the name up to the first '.' or
 * '-'; for "error-<Code>-<Op>..." the part after the code. */
static char *
file_op(const char *file)
{
	const char *p = file;

	if (str_has_prefix(file, "error-")) {
		p = strchr(file + 6, '-');
		if (p == NULL || p[1] < 'A' || p[1] > 'Z')
			return xstrdup("AssumeRole");	/* no op in name */
		p++;
	}
	return xstrndup(p, strcspn(p, ".-"));
}

static void
check_error_file(const char *svc, const char *dir, const char *file,
    const char *xml)
{
	json_t *exp = load_expected(dir, file);
	char *op = file_op(file), *code, *msg, *want;
	struct query_doc *doc = (struct query_doc *)1;

	if (exp != NULL) {
		code = xstrdup(json_string_value(json_object_get(
		    json_object_get(exp, "Error"), "Code")));
		msg = xstrdup(json_string_value(json_object_get(
		    json_object_get(exp, "Error"), "Message")));
	} else {
		code = xml_text(xml, "Code");
		msg = xml_text(xml, "Message");
	}
	assert_non_null(code);
	assert_non_null(msg);
	want = xasprintf("%s:%s: %s: %s", svc, op, code, msg);
	assert_int_equal(query_parse_response(svc, op, 403, xml, strlen(xml),
	    &doc), AV_ERR_AWS);
	assert_null(doc);
	assert_string_equal(av_error_msg(), want);
	assert_string_equal(query_error_code(), code);
	/* An error document is an error whatever the status says. */
	assert_int_equal(query_parse_response(svc, op, 200, xml, strlen(xml),
	    &doc), AV_ERR_AWS);
	assert_string_equal(av_error_msg(), want);
	free(want);
	free(code);
	free(msg);
	free(op);
	json_decref(exp);
}

/* Compare credentials parsed from xml with the file's own values. */
static void
check_sts_creds(const char *file, const char *xml, struct aws_creds *c)
{
	json_t *exp = load_expected("sts", file), *ec;
	char *v;

	if (exp != NULL) {
		ec = json_object_get(exp, "Credentials");
		assert_string_equal(c->access_key_id, json_string_value(
		    json_object_get(ec, "AccessKeyId")));
		assert_string_equal(secbuf_ptr(c->secret_access_key),
		    json_string_value(json_object_get(ec, "SecretAccessKey")));
		assert_string_equal(secbuf_ptr(c->session_token),
		    json_string_value(json_object_get(ec, "SessionToken")));
		assert_int_equal(c->expires, utc_seconds(json_string_value(
		    json_object_get(ec, "Expiration"))));
		json_decref(exp);
		return;
	}
	v = xml_text(xml, "AccessKeyId");
	assert_string_equal(c->access_key_id, v);
	free(v);
	v = xml_text(xml, "SecretAccessKey");
	assert_string_equal(secbuf_ptr(c->secret_access_key), v);
	free(v);
	v = xml_text(xml, "SessionToken");
	assert_string_equal(secbuf_ptr(c->session_token), v);
	free(v);
	v = xml_text(xml, "Expiration");
	assert_int_equal(c->expires, utc_seconds(v));
	free(v);
}

static void
check_sts_file(const char *file, const char *xml)
{
	struct query_doc *doc = NULL;
	struct aws_creds *c = NULL;
	struct sts_identity id;
	char *op = file_op(file), *v;

	assert_int_equal(query_parse_response("sts", op, 200, xml,
	    strlen(xml), &doc), 0);
	if (strcmp(op, "GetCallerIdentity") == 0) {
		assert_int_equal(sts_parse_caller_identity(doc, &id), 0);
		v = xml_text(xml, "Arn");
		assert_string_equal(id.arn, v);
		free(v);
		v = xml_text(xml, "UserId");
		assert_string_equal(id.user_id, v);
		free(v);
		v = xml_text(xml, "Account");
		assert_string_equal(id.account, v);
		free(v);
		sts_identity_release(&id);
	} else {
		assert_int_equal(sts_parse_credentials(doc, &c), 0);
		assert_true(c->can_expire);
		check_sts_creds(file, xml, c);
		aws_creds_free(c);
	}
	query_doc_free(doc);
	free(op);
}

static void
check_iam_file(const char *file, const char *xml)
{
	struct query_doc *doc = NULL;
	struct iam_access_key key, *keys = NULL;
	struct iam_user user;
	json_t *exp = load_expected("iam", file), *list;
	char *op = file_op(file), *v, *marker = NULL;
	size_t n = 0, i, idx;

	assert_int_equal(query_parse_response("iam", op, 200, xml,
	    strlen(xml), &doc), 0);
	if (strcmp(op, "GetUser") == 0) {
		assert_non_null(exp);
		assert_int_equal(iam_parse_user(doc, &user), 0);
		assert_string_equal(user.arn, json_string_value(
		    json_object_get(json_object_get(exp, "User"), "Arn")));
		assert_string_equal(user.user_id, json_string_value(
		    json_object_get(json_object_get(exp, "User"), "UserId")));
		assert_null(json_object_get(json_object_get(exp, "User"),
		    "UserName"));
		assert_null(user.user_name);
		iam_user_release(&user);
	} else if (strcmp(op, "CreateAccessKey") == 0) {
		assert_int_equal(iam_parse_access_key(doc, &key), 0);
		v = xml_text(xml, "AccessKeyId");
		assert_string_equal(key.access_key_id, v);
		free(v);
		v = xml_text(xml, "SecretAccessKey");
		assert_string_equal(secbuf_ptr(key.secret_access_key), v);
		free(v);
		v = xml_text(xml, "Status");
		assert_string_equal(key.status, v);
		free(v);
		v = xml_text(xml, "UserName");
		assert_string_equal(key.user_name, v);
		free(v);
		iam_access_key_release(&key);
	} else if (strcmp(op, "ListAccessKeys") == 0) {
		assert_int_equal(iam_parse_access_keys(doc, &keys, &n,
		    &marker), 0);
		assert_null(marker);
		if (exp != NULL) {
			list = json_object_get(exp, "AccessKeyMetadata");
			assert_int_equal(n, json_array_size(list));
			for (i = 0; i < n; i++) {
				json_t *m = json_array_get(list, i);

				assert_string_equal(keys[i].access_key_id,
				    json_string_value(json_object_get(m,
				    "AccessKeyId")));
				assert_string_equal(keys[i].status,
				    json_string_value(json_object_get(m,
				    "Status")));
				assert_string_equal(keys[i].user_name,
				    json_string_value(json_object_get(m,
				    "UserName")));
				assert_int_equal(keys[i].create_date, 0);
			}
		} else {
			/* Walk the members by string search. */
			const char *p = xml;

			for (i = 0; (p = strstr(p, "<member>")) != NULL;
			    i++, p++) {
				assert_true(i < n);
				v = xml_text(p, "AccessKeyId");
				assert_string_equal(keys[i].access_key_id, v);
				free(v);
				v = xml_text(p, "UserName");
				assert_string_equal(keys[i].user_name, v);
				free(v);
				v = xml_text(p, "Status");
				assert_string_equal(keys[i].status, v);
				free(v);
				v = xml_text(p, "CreateDate");
				assert_int_equal(keys[i].create_date,
				    utc_seconds(v));
				free(v);
			}
			assert_int_equal(i, n);
			assert_int_equal(n, 2);
		}
		iam_access_keys_free(keys, n);
	} else if (strcmp(op, "ListMFADevices") == 0) {
		/* Not a call we make; the generic reader still walks it. */
		assert_non_null(exp);
		list = json_object_get(exp, "MFADevices");
		for (i = 0; query_doc_nth(doc,
		    "ListMFADevicesResult/MFADevices/member", i, &idx); i++)
			assert_string_equal(query_doc_child(doc, idx,
			    "SerialNumber"), json_string_value(json_object_get(
			    json_array_get(list, i), "SerialNumber")));
		assert_int_equal(i, json_array_size(list));
	} else
		assert_string_equal(op, "DeleteAccessKey");
	query_doc_free(doc);
	json_decref(exp);
	free(op);
}

/* Parse every .xml of aws-responses/<dir>; returns how many. */
static size_t
run_response_dir(const char *svc, const char *dir)
{
	char *rel = xasprintf("aws-responses/%s", dir);
	char *path = test_data_path(rel);
	struct dirent *de;
	struct strv files;
	size_t i, n = 0;
	DIR *d;

	strv_init(&files);
	assert_non_null(d = opendir(path));
	while ((de = readdir(d)) != NULL)
		if (str_has_suffix(de->d_name, ".xml"))
			strv_push(&files, de->d_name);
	closedir(d);
	strv_sort(&files);
	for (i = 0; i < files.n; i++) {
		char *frel = xasprintf("%s/%s", rel, files.v[i]);
		char *xml = test_read_data(frel, NULL);

		if (str_has_prefix(files.v[i], "error-"))
			check_error_file(svc, dir, files.v[i], xml);
		else if (strcmp(svc, "sts") == 0)
			check_sts_file(files.v[i], xml);
		else
			check_iam_file(files.v[i], xml);
		n++;
		free(xml);
		free(frel);
	}
	strv_release(&files);
	free(path);
	free(rel);
	return n;
}

static void
test_sts_responses(void **state)
{
	(void)state;
	/* 10 answers and 4 errors in the shared data. */
	assert_int_equal(run_response_dir("sts", "sts"), 14);
}

static void
test_iam_responses(void **state)
{
	(void)state;
	assert_int_equal(run_response_dir("iam", "iam"), 8);
}

/* Every prefix of every answer fails cleanly (no crash, no leak under
 * ASan), as a 200 (malformed) and as a 500 (HTTP 500). */
static void
test_truncated(void **state)
{
	static const char *const files[] = {
		"sts/AssumeRole.xml", "sts/GetSessionToken.botocore.xml",
		"iam/ListAccessKeys.xml", "iam/CreateAccessKey.xml",
		"sts/error-ExpiredToken.constructed.xml",
	};
	struct query_doc *doc;
	struct aws_creds *c;
	size_t i, len, cut;
	char *xml, *rel;
	int r;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(files); i++) {
		rel = xasprintf("aws-responses/%s", files[i]);
		xml = test_read_data(rel, &len);
		for (cut = 0; cut < len - 30; cut++) {
			r = query_parse_response("sts", "AssumeRole", 200, xml,
			    cut, &doc);
			assert_true(r == AV_ERR_INVALID || r == AV_ERR_AWS);
			assert_null(doc);
			r = query_parse_response("sts", "AssumeRole", 500, xml,
			    cut, &doc);
			assert_true(r == AV_ERR_AWS);
		}
		free(xml);
		free(rel);
	}

	/* A complete document missing a field is malformed, not a crash. */
	xml = xstrdup("<AssumeRoleResponse><AssumeRoleResult><Credentials>"
	    "<AccessKeyId>AKID</AccessKeyId><SecretAccessKey>s"
	    "</SecretAccessKey><SessionToken>t</SessionToken>"
	    "<Expiration>yesterday</Expiration></Credentials>"
	    "</AssumeRoleResult></AssumeRoleResponse>");
	assert_int_equal(query_parse_response("sts", "AssumeRole", 200, xml,
	    strlen(xml), &doc), 0);
	assert_int_equal(sts_parse_credentials(doc, &c), AV_ERR_INVALID);
	assert_null(c);
	assert_string_equal(av_error_msg(), "sts:AssumeRole: malformed "
	    "response: invalid Expiration 'yesterday'");
	query_doc_free(doc);
	free(xml);
}

static void
check_bad_body(long status, const char *body, int want_r,
    const char *want_msg)
{
	struct query_doc *doc = NULL;

	assert_int_equal(query_parse_response("sts", "GetSessionToken",
	    status, body, strlen(body), &doc), want_r);
	assert_null(doc);
	if (strncmp(av_error_msg(), want_msg, strlen(want_msg)) != 0)
		fail_msg("got '%s', want prefix '%s'", av_error_msg(),
		    want_msg);
}

static void
test_bad_bodies(void **state)
{
	struct buf deep;
	int i;

	(void)state;
	check_bad_body(200, "", AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: no element found");
	check_bad_body(200, "not xml at all", AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: syntax error");
	check_bad_body(200, "<AssumeRoleResponse/>", AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: unexpected root "
	    "element <AssumeRoleResponse>");
	check_bad_body(503, "<html><body>Service Unavailable</body></html>",
	    AV_ERR_AWS, "sts:GetSessionToken: HTTP 503");
	check_bad_body(403, "", AV_ERR_AWS, "sts:GetSessionToken: HTTP 403");
	check_bad_body(400, "<ErrorResponse><Error><Code>Throttling</Code>"
	    "</Error></ErrorResponse>", AV_ERR_AWS,
	    "sts:GetSessionToken: Throttling");
	assert_string_equal(query_error_code(), "Throttling");
	/* A DTD (entity expansion, external entities) is refused. */
	check_bad_body(200, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a "
	    "\"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><r>&b;</r>",
	    AV_ERR_INVALID, "sts:GetSessionToken: malformed response: a DTD "
	    "is not allowed");
	assert_string_equal(query_error_code(), "");
	/* Nesting is bounded. */
	buf_init(&deep, 4096);
	for (i = 0; i < 40; i++)
		assert_int_equal(buf_puts(&deep, "<a>"), 0);
	check_bad_body(200, buf_cstr(&deep), AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: elements nested too "
	    "deeply");
	buf_release(&deep);
}

/* "<GetSessionTokenResponse>" + n copies of inner + the end tag. */
static char *
make_wide_body(const char *inner, int n)
{
	struct buf b;
	int i;

	buf_init(&b, BUF_HTTP_MAX);
	assert_int_equal(buf_puts(&b, "<GetSessionTokenResponse>"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_puts(&b, inner), 0);
	assert_int_equal(buf_puts(&b, "</GetSessionTokenResponse>"), 0);
	return buf_detach(&b);
}

/* Hostile answers (long names, long paths, many elements) stop with a
 * clean error instead of allocating paths without bound; answers at the
 * caps still parse. */
static void
test_bounded_answers(void **state)
{
	struct query_doc *doc = NULL;
	char name[QUERY_NAME_MAX + 2], *xml, *el;
	size_t idx;

	(void)state;
	/* A name of exactly QUERY_NAME_MAX bytes is fine, one more is not. */
	memset(name, 'a', QUERY_NAME_MAX);
	name[QUERY_NAME_MAX] = '\0';
	el = xasprintf("<%s>v</%s>", name, name);
	xml = make_wide_body(el, 1);
	assert_int_equal(query_parse_response("sts", "GetSessionToken", 200,
	    xml, strlen(xml), &doc), 0);
	assert_string_equal(query_doc_get(doc, name), "v");
	query_doc_free(doc);
	doc = NULL;
	free(xml);
	free(el);
	name[QUERY_NAME_MAX] = 'a';
	name[QUERY_NAME_MAX + 1] = '\0';
	el = xasprintf("<%s/>", name);
	xml = make_wide_body(el, 1);
	check_bad_body(200, xml, AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: element name too long");
	free(xml);
	free(el);

	/* Four nested 255-byte names make a 1023-byte path (fine); a
	 * fifth element below them does not fit QUERY_PATH_MAX. */
	name[QUERY_NAME_MAX - 1] = '\0';
	el = xasprintf("<%s><%s><%s><%s>v</%s></%s></%s></%s>", name, name,
	    name, name, name, name, name, name);
	xml = make_wide_body(el, 1);
	assert_int_equal(query_parse_response("sts", "GetSessionToken", 200,
	    xml, strlen(xml), &doc), 0);
	assert_true(query_doc_nth(doc, "", 0, &idx));
	assert_int_equal(idx, 0);
	assert_int_equal(doc->nnodes, 5);
	assert_int_equal(strlen(doc->nodes[4].path), 4 * 255 + 3);
	query_doc_free(doc);
	doc = NULL;
	free(xml);
	free(el);
	el = xasprintf("<%s><%s><%s><%s><x/></%s></%s></%s></%s>", name,
	    name, name, name, name, name, name, name);
	xml = make_wide_body(el, 1);
	check_bad_body(200, xml, AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: element path too long");
	free(xml);
	free(el);

	/* The root and QUERY_NODES_MAX - 1 children fit; one more does
	 * not. */
	xml = make_wide_body("<x/>", QUERY_NODES_MAX - 1);
	assert_int_equal(query_parse_response("sts", "GetSessionToken", 200,
	    xml, strlen(xml), &doc), 0);
	assert_int_equal(doc->nnodes, QUERY_NODES_MAX);
	query_doc_free(doc);
	doc = NULL;
	free(xml);
	xml = make_wide_body("<x/>", QUERY_NODES_MAX);
	check_bad_body(200, xml, AV_ERR_INVALID,
	    "sts:GetSessionToken: malformed response: too many elements");
	free(xml);
}

static void
unset_endpoint_env(void)
{
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_STS");
	unsetenv("AWS_ENDPOINT_URL_IAM");
	unsetenv("AWS_ENDPOINT_URL_SSO");
	unsetenv("AWS_ENDPOINT_URL_SSO_OIDC");
}

static void
test_endpoints(void **state)
{
	static const struct {
		enum endpoint_service svc;
		const char *region, *service_url, *profile_url, *regional;
		const char *env_svc, *env_all;
		const char *url, *signing;
	} t[] = {
		/* Defaults. */
		{ ENDPOINT_STS, "eu-west-1", NULL, NULL, NULL, NULL, NULL,
		    "https://sts.eu-west-1.amazonaws.com", "eu-west-1" },
		{ ENDPOINT_STS, "eu-west-1", NULL, NULL, "regional", NULL,
		    NULL, "https://sts.eu-west-1.amazonaws.com", "eu-west-1" },
		{ ENDPOINT_STS, "eu-west-1", NULL, NULL, "legacy", NULL, NULL,
		    "https://sts.amazonaws.com", "eu-west-1" },
		{ ENDPOINT_STS, "us-east-1", NULL, NULL, "legacy", NULL, NULL,
		    "https://sts.amazonaws.com", "us-east-1" },
		{ ENDPOINT_STS, "af-south-1", NULL, NULL, "legacy", NULL,
		    NULL, "https://sts.af-south-1.amazonaws.com",
		    "af-south-1" },
		{ ENDPOINT_STS, "cn-north-1", NULL, NULL, NULL, NULL, NULL,
		    "https://sts.cn-north-1.amazonaws.com.cn", "cn-north-1" },
		{ ENDPOINT_STS, "us-gov-west-1", NULL, NULL, NULL, NULL, NULL,
		    "https://sts.us-gov-west-1.amazonaws.com",
		    "us-gov-west-1" },
		{ ENDPOINT_STS, "aws-global", NULL, NULL, NULL, NULL, NULL,
		    "https://sts.amazonaws.com", "us-east-1" },
		{ ENDPOINT_IAM, "eu-west-1", NULL, NULL, NULL, NULL, NULL,
		    "https://iam.amazonaws.com", "us-east-1" },
		{ ENDPOINT_IAM, "cn-northwest-1", NULL, NULL, NULL, NULL, NULL,
		    "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1" },
		{ ENDPOINT_IAM, "us-gov-east-1", NULL, NULL, NULL, NULL, NULL,
		    "https://iam.us-gov.amazonaws.com", "us-gov-west-1" },
		{ ENDPOINT_SSO, "eu-central-1", NULL, NULL, NULL, NULL, NULL,
		    "https://portal.sso.eu-central-1.amazonaws.com",
		    "eu-central-1" },
		{ ENDPOINT_SSO_OIDC, "eu-central-1", NULL, NULL, NULL, NULL,
		    NULL, "https://oidc.eu-central-1.amazonaws.com",
		    "eu-central-1" },
		/* Precedence: service env > env > services > endpoint_url. */
		{ ENDPOINT_STS, "eu-west-1", "http://svc", "http://prof",
		    "legacy", "http://envsvc", "http://envall",
		    "http://envsvc", "eu-west-1" },
		{ ENDPOINT_STS, "eu-west-1", "http://svc", "http://prof", NULL,
		    NULL, "http://envall", "http://envall", "eu-west-1" },
		{ ENDPOINT_STS, "eu-west-1", "http://svc", "http://prof", NULL,
		    NULL, NULL, "http://svc", "eu-west-1" },
		{ ENDPOINT_STS, "eu-west-1", NULL, "http://prof", NULL, NULL,
		    NULL, "http://prof", "eu-west-1" },
		{ ENDPOINT_STS, "eu-west-1", "", "", NULL, "", "",
		    "https://sts.eu-west-1.amazonaws.com", "eu-west-1" },
		/* Custom IAM without a region signs with us-east-1;
		 * SSO needs no signing region. */
		{ ENDPOINT_IAM, NULL, NULL, "http://prof", NULL, NULL, NULL,
		    "http://prof", "us-east-1" },
		{ ENDPOINT_SSO, NULL, NULL, NULL, NULL, "http://sso", NULL,
		    "http://sso", "" },
	};
	struct endpoint_config cfg;
	struct endpoint ep;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(t); i++) {
		unset_endpoint_env();
		if (t[i].env_svc != NULL)
			setenv(endpoint_env_name(t[i].svc), t[i].env_svc, 1);
		if (t[i].env_all != NULL)
			setenv("AWS_ENDPOINT_URL", t[i].env_all, 1);
		cfg.region = t[i].region;
		cfg.service_url = t[i].service_url;
		cfg.profile_url = t[i].profile_url;
		cfg.sts_regional = t[i].regional;
		if (endpoint_resolve(t[i].svc, &cfg, &ep) != 0)
			fail_msg("case %zu: %s", i, av_error_msg());
		assert_string_equal(ep.url, t[i].url);
		assert_string_equal(ep.signing_region, t[i].signing);
		endpoint_release(&ep);
	}
	unset_endpoint_env();
	assert_string_equal(endpoint_env_name(ENDPOINT_SSO_OIDC),
	    "AWS_ENDPOINT_URL_SSO_OIDC");

	/* No region: STS and IAM cannot be addressed or signed. */
	memset(&cfg, 0, sizeof(cfg));
	assert_int_equal(endpoint_resolve(ENDPOINT_STS, &cfg, &ep),
	    AV_ERR_INVALID);
	assert_non_null(strstr(av_error_msg(),
	    "an AWS region is required, but was not found"));
	assert_non_null(strstr(av_error_msg(), "[default]"));
	assert_int_equal(endpoint_resolve(ENDPOINT_IAM, &cfg, &ep),
	    AV_ERR_INVALID);
	cfg.profile_url = "http://127.0.0.1:1";
	assert_int_equal(endpoint_resolve(ENDPOINT_STS, &cfg, &ep),
	    AV_ERR_INVALID);
	/* A region is part of a host name: nothing else gets in. */
	cfg.profile_url = NULL;
	cfg.region = "evil.com/x";
	assert_int_equal(endpoint_resolve(ENDPOINT_STS, &cfg, &ep),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "invalid region 'evil.com/x'");
}

static void
test_request_url(void **state)
{
	static const struct {
		const char *url, *origin, *host, *path, *query;
	} ok[] = {
		{ "http://127.0.0.1:5000", "http://127.0.0.1:5000",
		    "127.0.0.1:5000", "/", NULL },
		{ "https://STS.amazonaws.com:443/",
		    "https://sts.amazonaws.com:443", "sts.amazonaws.com", "/",
		    NULL },
		{ "http://[::1]:80/a%20b/c?x=1#frag", "http://[::1]:80",
		    "[::1]", "/a b/c", "x=1" },
		{ "https://h.example:8443/p", "https://h.example:8443",
		    "h.example:8443", "/p", NULL },
	};
	static const char *const bad[] = {
		"ftp://h", "http://", "http://u:p@h/", "http://h:99999",
		"http://h:x", "h.example", "http://[::1", "http://:80",
	};
	struct aws_request req;
	char *u;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(ok); i++) {
		assert_int_equal(aws_request_init_url(&req, "POST", ok[i].url),
		    0);
		assert_string_equal(req.origin, ok[i].origin);
		assert_string_equal(aws_request_header(&req, "host"),
		    ok[i].host);
		assert_string_equal(req.path, ok[i].path);
		if (ok[i].query == NULL)
			assert_null(req.query);
		else
			assert_string_equal(req.query, ok[i].query);
		aws_request_release(&req);
	}
	for (i = 0; i < AV_ARRAY_SIZE(bad); i++) {
		if (aws_request_init_url(&req, "GET", bad[i]) != AV_ERR_INVALID)
			fail_msg("accepted '%s'", bad[i]);
		assert_true(str_has_prefix(av_error_msg(),
		    "invalid endpoint URL"));
	}

	/* The wire URL encodes the path once and keeps the query. */
	assert_int_equal(aws_request_init_url(&req, "GET",
	    "http://h/a%20b?x=%2F"), 0);
	u = aws_request_url(&req);
	assert_string_equal(u, "http://h/a%20b?x=%2F");
	free(u);
	u = aws_request_url_for_log(&req);
	assert_string_equal(u, "http://h/a%20b");
	free(u);
	aws_request_release(&req);
}

static void
test_form_encoding(void **state)
{
	struct query_form f;
	struct buf b;

	(void)state;
	query_form_init(&f, "AssumeRole", QUERY_STS_VERSION);
	assert_int_equal(query_form_add(&f, "RoleArn",
	    "arn:aws:iam::123456789012:role/a b+c"), 0);
	assert_int_equal(query_form_add(&f, "Tags.member.1.Key",
	    "k=v&w~x/y\xe1\x88\xb4"), 0);
	assert_int_equal(query_form_add_int(&f, "DurationSeconds", 3600), 0);
	assert_int_equal(query_form_add_n(&f, "WebIdentityToken", "tok\n", 4),
	    0);
	assert_string_equal(secbuf_ptr(f.body),
	    "Action=AssumeRole&Version=2011-06-15"
	    "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa%20b%2Bc"
	    "&Tags.member.1.Key=k%3Dv%26w~x%2Fy%E1%88%B4"
	    "&DurationSeconds=3600&WebIdentityToken=tok%0A");
	query_form_release(&f);

	/* A parameter that would pass the bound is refused whole. */
	{
		size_t big = BUF_HTTP_MAX / 2;
		char *v = xmalloc(big + 1);

		memset(v, 'x', big);
		v[big] = '\0';
		query_form_init(&f, "GetSessionToken", QUERY_STS_VERSION);
		assert_int_equal(query_form_add(&f, "A", v), 0);
		assert_int_equal(query_form_add(&f, "B", v), AV_ERR_INVALID);
		assert_string_equal(av_error_msg(),
		    "request parameter B is too large");
		assert_int_equal(secbuf_len(f.body), strlen("Action="
		    "GetSessionToken&Version=2011-06-15&A=") + big);
		query_form_release(&f);
		free(v);
	}

	/* Percent-decoding keeps malformed escapes and '+'. */
	buf_init(&b, 64);
	assert_int_equal(aws_uri_decode(&b, "%41%4a%zz%4+%", 13), 0);
	assert_string_equal(buf_cstr(&b), "AJ%zz%4+%");
	buf_release(&b);
}

static void
test_retryable_codes(void **state)
{
	(void)state;
	assert_true(http_is_retryable_code("Throttling"));
	assert_true(http_is_retryable_code("ThrottlingException"));
	assert_true(http_is_retryable_code("RequestLimitExceeded"));
	assert_true(http_is_retryable_code("IDPCommunicationError"));
	assert_false(http_is_retryable_code("LimitExceeded"));	/* IAM quota */
	assert_false(http_is_retryable_code("AccessDenied"));
	assert_false(http_is_retryable_code("SlowDownException"));
	assert_false(http_is_retryable_code(NULL));
}

/* A call without a region fails before any network I/O, naming the
 * operation. */
static void
test_call_without_region(void **state)
{
	struct endpoint_config cfg = { 0 };
	struct query_client *c;
	struct aws_creds *creds = aws_creds_from("AKID", "secret", NULL), *out;
	struct sts_get_session_token_input in = { .duration = 3600 };

	(void)state;
	unset_endpoint_env();
	c = query_client_new(ENDPOINT_STS, &cfg, creds);
	assert_int_equal(sts_get_session_token(c, &in, &out), AV_ERR_INVALID);
	assert_null(out);
	assert_true(str_has_prefix(av_error_msg(), "sts:GetSessionToken: "
	    "failed to resolve service endpoint, an AWS region is required, "
	    "but was not found"));
	query_client_free(c);
	aws_creds_free(creds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sts_responses),
		cmocka_unit_test(test_iam_responses),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_bounded_answers),
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_request_url),
		cmocka_unit_test(test_form_encoding),
		cmocka_unit_test(test_retryable_codes),
		cmocka_unit_test(test_call_without_region),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
