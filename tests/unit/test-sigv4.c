/* SPDX-License-Identifier: MIT */
/*
 * test-sigv4.c: the SigV4 signer against every case of the AWS SigV4 test
 * suite ($AV_SHARED_TESTDATA/sigv4, 34 cases: .req in, .creq/.sts/.authz/
 * .sreq expected) and the header-signed cases of the aws-c-auth suite
 * ($AV_SHARED_TESTDATA/sigv4-aws-c-auth/v4, context.json layout).  All
 * expected values are read from those files at run time.
 */
#include "test.h"

#include <sys/stat.h>

#include <dirent.h>
#include <ftw.h>

#include <jansson.h>

#include "aws/creds.h"
#include "aws/request.h"
#include "aws/sigv4.h"
#include "util/crypto.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"

/* The parameters every classic case is signed with (sigv4/README.md). */
#define SUITE_AKID	"AKIDEXAMPLE"
#define SUITE_SECRET	"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_REGION	"us-east-1"
#define SUITE_SERVICE	"service"
#define SUITE_TIME	"2015-08-30T12:36:00Z"

/* A .req file parsed: the request line's target kept raw for .sreq. */
struct parsed_req {
	struct aws_request	 req;
	char			*target;	/* path[?query] as written */
	bool			 has_body;
};

static char *
read_file(const char *path, size_t *lenp)
{
	struct buf b;

	buf_init(&b, 1024 * 1024);
	if (fs_read_file(path, b.max, &b) != 0)
		fail_msg("cannot read %s: %s", path, av_error_msg());
	if (lenp != NULL)
		*lenp = b.len;
	return buf_detach(&b);
}

/* Parse a raw HTTP request: "METHOD target HTTP/1.1", "Name:value" lines
 * (a line starting with white space continues the previous value), an
 * empty line, the body.  The target is everything between the first and
 * the last space of the request line (get-space has a raw space). */
static void
parse_req(const char *text, size_t len, struct parsed_req *pr)
{
	struct str rest = str_make(text, len), line, target;
	const char *sp1, *sp2;
	char *method, *path, *q;
	struct buf val;

	memset(pr, 0, sizeof(*pr));
	assert_true(str_split(&rest, '\n', &line));
	sp1 = memchr(line.p, ' ', line.len);
	sp2 = memrchr(line.p, ' ', line.len);
	assert_non_null(sp1);
	assert_true(sp2 > sp1);
	method = xstrndup(line.p, (size_t)(sp1 - line.p));
	target = str_make(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	pr->target = str_dup(target);
	path = xstrdup(pr->target);
	if ((q = strchr(path, '?')) != NULL)
		*q++ = '\0';
	aws_request_init(&pr->req, method, path, q);
	free(method);
	free(path);

	buf_init(&val, len + 1);
	while (rest.len > 0) {
		const char *nl = memchr(rest.p, '\n', rest.len);

		line = str_make(rest.p, nl != NULL ? (size_t)(nl - rest.p) :
		    rest.len);
		rest.p += line.len + (nl != NULL);
		rest.len -= line.len + (nl != NULL);
		if (line.len == 0) {		/* end of headers */
			pr->has_body = rest.len > 0;
			if (pr->has_body)
				aws_request_set_body(&pr->req,
				    secbuf_from(rest.p, rest.len));
			break;
		}
		if (line.p[0] == ' ' || line.p[0] == '\t') {
			struct aws_header *h;
			char *v;

			assert_true(pr->req.nheaders > 0);
			h = &pr->req.headers[pr->req.nheaders - 1];
			v = xasprintf("%s\n%.*s", h->value, (int)line.len,
			    line.p);
			free(h->value);
			h->value = v;
		} else {
			const char *colon = memchr(line.p, ':', line.len);
			char *name;

			assert_non_null(colon);
			name = xstrndup(line.p, (size_t)(colon - line.p));
			buf_reset(&val);
			assert_int_equal(buf_put(&val, colon + 1,
			    line.len - (size_t)(colon + 1 - line.p)), 0);
			aws_request_add_header(&pr->req, name, buf_cstr(&val));
			free(name);
		}
	}
	buf_release(&val);
}

static void
parsed_req_release(struct parsed_req *pr)
{
	aws_request_release(&pr->req);
	free(pr->target);
}

/* Serialise a signed request the way the suite's .sreq files do. */
static char *
format_sreq(const struct parsed_req *pr)
{
	struct buf b;
	size_t i;

	buf_init(&b, 1024 * 1024);
	assert_int_equal(buf_printf(&b, "%s %s HTTP/1.1", pr->req.method,
	    pr->target), 0);
	for (i = 0; i < pr->req.nheaders; i++) {
		const struct aws_header *h = &pr->req.headers[i];

		assert_int_equal(buf_printf(&b, "\n%s:%s%s", h->name,
		    strcmp(h->name, "Authorization") == 0 ? " " : "",
		    h->value), 0);
	}
	if (pr->has_body)
		assert_int_equal(buf_printf(&b, "\n\n%s",
		    secbuf_ptr(pr->req.body)), 0);
	return buf_detach(&b);
}

/* The value of "Name:" in a raw request text, or NULL (caller frees). */
static char *
raw_header(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p = text, *e;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ':') {
			p += n + 1;
			e = p + strcspn(p, "\n");
			return xstrndup(p, (size_t)(e - p));
		}
		p += n;
	}
	return NULL;
}

static int64_t
suite_time(const char *rfc3339)
{
	int64_t sec;
	int32_t nsec;

	assert_int_equal(time_parse_rfc3339(rfc3339, &sec, &nsec), 0);
	return sec;
}

static struct strv suite_cases;

static int
collect_req(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F && str_has_suffix(path, ".req"))
		strv_push(&suite_cases, path);
	return 0;
}

/* Run one classic case; base is the path without ".req". */
static void
run_classic_case(const char *base)
{
	struct parsed_req pr;
	struct aws_creds *creds;
	struct secbuf *creq, *sts;
	char *path, *text, *want, *sreq, *token, *scope;
	const char *name = strrchr(base, '/') + 1;
	bool token_signed;
	size_t len;

	path = xasprintf("%s.req", base);
	text = read_file(path, &len);
	free(path);
	parse_req(text, len, &pr);
	free(text);

	/* The session token of a case is the one its signed request
	 * carries; it is signed unless the expected canonical request
	 * leaves it out (post-sts-header-after). */
	path = xasprintf("%s.sreq", base);
	sreq = read_file(path, NULL);
	free(path);
	token = raw_header(sreq, "X-Amz-Security-Token");
	path = xasprintf("%s.creq", base);
	want = read_file(path, NULL);
	free(path);
	token_signed = strstr(want, "\nx-amz-security-token:") != NULL;
	assert_true(token != NULL || !token_signed);
	creds = aws_creds_from(SUITE_AKID, SUITE_SECRET,
	    token_signed ? token : NULL);

	assert_int_equal(sigv4_sign_request(&pr.req, creds, SUITE_REGION,
	    SUITE_SERVICE, suite_time(SUITE_TIME)), 0);
	if (token != NULL && !token_signed) {
		/* Added after signing, in front of Authorization (.sreq). */
		struct aws_header *h, tmp;

		aws_request_add_header(&pr.req, "X-Amz-Security-Token", token);
		h = &pr.req.headers[pr.req.nheaders - 2];
		assert_string_equal(h->name, "Authorization");
		tmp = h[0];
		h[0] = h[1];
		h[1] = tmp;
	}

	/* Canonical request. */
	creq = secbuf_new(SIGV4_CREQ_MAX);
	assert_int_equal(sigv4_canonical_request(&pr.req, creq, NULL), 0);
	if (!token_signed && token != NULL) {
		/* Recompute without the unsigned token, as it was signed. */
		struct aws_request copy;
		size_t i;

		aws_request_init(&copy, pr.req.method, pr.req.path,
		    pr.req.query);
		for (i = 0; i < pr.req.nheaders; i++)
			if (strcasecmp(pr.req.headers[i].name,
			    "X-Amz-Security-Token") != 0)
				aws_request_add_header(&copy,
				    pr.req.headers[i].name,
				    pr.req.headers[i].value);
		secbuf_reset(creq);
		assert_int_equal(sigv4_canonical_request(&copy, creq, NULL), 0);
		aws_request_release(&copy);
	}
	if (strcmp(secbuf_ptr(creq), want) != 0)
		fail_msg("%s: canonical request\n--- got\n%s\n--- want\n%s",
		    name, secbuf_ptr(creq), want);
	free(want);

	/* String to sign. */
	path = xasprintf("%s.sts", base);
	want = read_file(path, NULL);
	free(path);
	scope = xasprintf("%.8s/%s/%s/aws4_request",
	    aws_request_header(&pr.req, "X-Amz-Date"), SUITE_REGION,
	    SUITE_SERVICE);
	sts = secbuf_new(4096);
	assert_int_equal(sigv4_string_to_sign(aws_request_header(&pr.req,
	    "X-Amz-Date"), scope, creq, sts), 0);
	if (strcmp(secbuf_ptr(sts), want) != 0)
		fail_msg("%s: string to sign\n--- got\n%s\n--- want\n%s", name,
		    secbuf_ptr(sts), want);
	free(want);

	/* Authorization. */
	path = xasprintf("%s.authz", base);
	want = read_file(path, NULL);
	free(path);
	assert_non_null(aws_request_header(&pr.req, "Authorization"));
	if (strcmp(aws_request_header(&pr.req, "Authorization"), want) != 0)
		fail_msg("%s: authorization\n--- got\n%s\n--- want\n%s", name,
		    aws_request_header(&pr.req, "Authorization"), want);
	free(want);

	/* The whole signed request, except where the suite's .sreq is
	 * known to be wrong (README: get-vanilla-with-session-token). */
	if (strcmp(name, "get-vanilla-with-session-token") != 0) {
		char *got = format_sreq(&pr);

		if (strcmp(got, sreq) != 0)
			fail_msg("%s: signed request\n--- got\n%s\n"
			    "--- want\n%s", name, got, sreq);
		free(got);
	}

	free(scope);
	free(token);
	free(sreq);
	secbuf_free(sts);
	secbuf_free(creq);
	aws_creds_free(creds);
	parsed_req_release(&pr);
}

static void
test_sigv4_suite(void **state)
{
	char *root = test_data_path("sigv4");
	size_t i;

	(void)state;
	strv_init(&suite_cases);
	assert_int_equal(nftw(root, collect_req, 16, FTW_PHYS), 0);
	strv_sort(&suite_cases);
	for (i = 0; i < suite_cases.n; i++) {
		char *base = xstrndup(suite_cases.v[i],
		    strlen(suite_cases.v[i]) - 4);

		run_classic_case(base);
		free(base);
	}
	/* Every case ran and passed (a failure aborts above). */
	assert_int_equal(suite_cases.n, 34);
	strv_release(&suite_cases);
	free(root);
}

/* One aws-c-auth case: the request has no signing headers; context.json
 * says how to sign it.  Returns false when the case is out of scope (an
 * unnormalised path: we always normalise, as every non-S3 service does). */
static bool
run_crt_case(const char *dir)
{
	struct parsed_req pr;
	struct aws_creds *creds;
	struct secbuf *creq;
	json_t *ctx, *c;
	json_error_t jerr;
	char *path, *text, *want, *authz;
	const char *token;
	bool omit, sign_body;
	size_t len;

	path = fs_join(dir, "context.json");
	ctx = json_load_file(path, 0, &jerr);
	if (ctx == NULL)
		fail_msg("%s: %s", path, jerr.text);
	free(path);
	if (!json_is_true(json_object_get(ctx, "normalize"))) {
		json_decref(ctx);
		return false;
	}
	c = json_object_get(ctx, "credentials");
	token = json_string_value(json_object_get(c, "token"));
	omit = json_is_true(json_object_get(ctx, "omit_session_token"));
	sign_body = json_is_true(json_object_get(ctx, "sign_body"));
	creds = aws_creds_from(json_string_value(json_object_get(c,
	    "access_key_id")), json_string_value(json_object_get(c,
	    "secret_access_key")), omit ? NULL : token);

	path = fs_join(dir, "request.txt");
	text = read_file(path, &len);
	free(path);
	parse_req(text, len, &pr);
	free(text);
	if (sign_body) {
		char hash[65];

		crypto_sha256_hex(pr.req.body ? secbuf_ptr(pr.req.body) : "",
		    pr.req.body ? secbuf_len(pr.req.body) : 0, hash);
		aws_request_add_header(&pr.req, "x-amz-content-sha256", hash);
	}
	assert_int_equal(sigv4_sign_request(&pr.req, creds,
	    json_string_value(json_object_get(ctx, "region")),
	    json_string_value(json_object_get(ctx, "service")),
	    suite_time(json_string_value(json_object_get(ctx, "timestamp")))),
	    0);

	creq = secbuf_new(SIGV4_CREQ_MAX);
	assert_int_equal(sigv4_canonical_request(&pr.req, creq, NULL), 0);
	path = fs_join(dir, "header-canonical-request.txt");
	want = read_file(path, NULL);
	free(path);
	if (strcmp(secbuf_ptr(creq), want) != 0)
		fail_msg("%s: canonical request\n--- got\n%s\n--- want\n%s",
		    dir, secbuf_ptr(creq), want);
	free(want);

	path = fs_join(dir, "header-signature.txt");
	want = read_file(path, NULL);
	free(path);
	authz = xasprintf("Signature=%s", want);
	assert_non_null(strstr(aws_request_header(&pr.req, "Authorization"),
	    authz));
	free(authz);
	free(want);
	if (token != NULL && omit)
		assert_null(aws_request_header(&pr.req,
		    "X-Amz-Security-Token"));
	else if (token != NULL)
		assert_string_equal(aws_request_header(&pr.req,
		    "X-Amz-Security-Token"), token);

	secbuf_free(creq);
	aws_creds_free(creds);
	parsed_req_release(&pr);
	json_decref(ctx);
	return true;
}

static void
test_sigv4_crt_suite(void **state)
{
	char *root = test_data_path("sigv4-aws-c-auth/v4");
	struct dirent *de;
	struct strv dirs;
	size_t i, ran = 0;
	DIR *d;

	(void)state;
	strv_init(&dirs);
	assert_non_null(d = opendir(root));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strv_push_owned(&dirs, fs_join(root, de->d_name));
	closedir(d);
	strv_sort(&dirs);
	for (i = 0; i < dirs.n; i++)
		ran += run_crt_case(dirs.v[i]);
	assert_int_equal(dirs.n, 38);
	/* 7 cases are the unnormalised (S3-style) variants. */
	assert_int_equal(ran, 31);
	strv_release(&dirs);
	free(root);
}

/* Signing again replaces Authorization and X-Amz-Date, and the token
 * header follows the credentials. */
static void
test_sigv4_resign(void **state)
{
	struct aws_request req;
	struct aws_creds *creds;
	char *first;
	size_t i, n;

	(void)state;
	creds = aws_creds_from(SUITE_AKID, SUITE_SECRET, "tok");
	aws_request_init(&req, "POST", "/", NULL);
	aws_request_add_header(&req, "Host", "sts.amazonaws.com");
	assert_int_equal(sigv4_sign_request(&req, creds, "us-east-1", "sts",
	    1000), 0);
	first = xstrdup(aws_request_header(&req, "Authorization"));
	assert_string_equal(aws_request_header(&req, "X-Amz-Date"),
	    "19700101T001640Z");
	assert_string_equal(aws_request_header(&req, "X-Amz-Security-Token"),
	    "tok");
	assert_int_equal(sigv4_sign_request(&req, creds, "us-east-1", "sts",
	    1000), 0);
	assert_string_equal(aws_request_header(&req, "Authorization"), first);
	for (i = 0, n = 0; i < req.nheaders; i++)
		n += strcasecmp(req.headers[i].name, "Authorization") == 0;
	assert_int_equal(n, 1);
	assert_int_equal(req.nheaders, 4);
	assert_non_null(strstr(first,
	    "SignedHeaders=host;x-amz-date;x-amz-security-token,"));
	free(first);
	aws_creds_free(creds);

	/* No credentials, no region, no Host: errors, not crashes. */
	creds = aws_creds_from(SUITE_AKID, "", NULL);
	assert_int_equal(sigv4_sign_request(&req, creds, "us-east-1", "sts",
	    1000), AV_ERR_INVALID);
	aws_creds_free(creds);
	creds = aws_creds_from(SUITE_AKID, SUITE_SECRET, NULL);
	assert_int_equal(sigv4_sign_request(&req, creds, "", "sts", 1000),
	    AV_ERR_INVALID);
	aws_request_release(&req);
	aws_request_init(&req, "GET", NULL, NULL);
	assert_int_equal(sigv4_sign_request(&req, creds, "us-east-1", "sts",
	    1000), AV_ERR_INTERNAL);
	aws_request_release(&req);
	aws_creds_free(creds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigv4_suite),
		cmocka_unit_test(test_sigv4_crt_suite),
		cmocka_unit_test(test_sigv4_resign),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
