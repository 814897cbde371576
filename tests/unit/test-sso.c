/* SPDX-License-Identifier: MIT */
/*
 * test-sso.c: the SSO-OIDC and portal answer parsers (aws/sso.c) on the
 * sample responses in $AV_SHARED_TESTDATA/aws-responses/{sso,sso-oidc}
 * (model examples and constructed error bodies), the error codes and
 * messages, and the token cache of vault/sso.c: the exact item bytes of
 * spec 6.9, Go-written items with local offsets, expiry against a pinned
 * clock in a real file keystore, and the AWS CLI cache file of spec 6.5.5.
 */
#include "test.h"

#include <sys/stat.h>

#include <jansson.h>

#include "aws/creds.h"
#include "aws/sso.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "vault/sso.h"
#include "vault/vault.h"

#define NOW_ENV	"AWS_VAULT_TEST_NOW"

/* The "response_body" of a model-example file, as compact JSON. */
static char *
response_body(const char *rel)
{
	char *raw = test_read_data(rel, NULL), *out;
	json_error_t jerr;
	json_t *root, *body;

	root = json_loads(raw, 0, &jerr);
	assert_non_null(root);
	body = json_object_get(root, "response_body");
	assert_non_null(body);
	out = json_dumps(body, JSON_COMPACT);
	json_decref(root);
	free(raw);
	return out;
}

static void
test_registration(void **state)
{
	char *body = response_body(
	    "aws-responses/sso-oidc/RegisterClient.model-example.json");
	struct sso_registration reg;

	(void)state;
	memset(&reg, 0, sizeof(reg));
	assert_int_equal(sso_parse_registration(body, strlen(body), &reg), 0);
	assert_string_equal(reg.client_id,
	    "_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID");
	assert_string_equal(secbuf_ptr(reg.client_secret), "VERYLONGSECRETey"
	    "JraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0");
	assert_int_equal(reg.client_id_issued_at, 1579725929);
	assert_int_equal(reg.client_secret_expires_at, 1587584729);
	sso_registration_release(&reg);
	free(body);
}

static void
test_device_auth(void **state)
{
	char *body = response_body("aws-responses/sso-oidc/"
	    "StartDeviceAuthorization.model-example.json");
	struct sso_device_auth a;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(sso_parse_device_auth(body, strlen(body), &a), 0);
	assert_string_equal(secbuf_ptr(a.device_code), "yJraWQiOiJrZXktMTU2N"
	    "jk2ODA4OCIsImFsZyI6IkhTMzIn0EXAMPLEDEVICECODE");
	assert_string_equal(a.user_code, "makdfsk83yJraWQiOiJrZXktMTU2Njk2sIm"
	    "FsZyI6IkhTMzIn0EXAMPLEUSERCODE");
	assert_string_equal(a.verification_uri,
	    "https://directory-alias-example.awsapps.com/start/#/device");
	assert_string_equal(a.verification_uri_complete,
	    "https://directory-alias-example.awsapps.com/start/#/device?"
	    "user_code=makdfsk83yJraWQiOiJrZXktMTU2Njk2sImFsZyI6IkhTMzIn0EX"
	    "AMPLEUSERCODE");
	assert_int_equal(a.expires_in, 1579729529);
	assert_int_equal(a.interval, 1);
	sso_device_auth_release(&a);
	free(body);
}

static void
test_token(void **state)
{
	char *body = response_body("aws-responses/sso-oidc/"
	    "CreateToken-device-code.model-example.json");
	struct sso_token t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(sso_parse_token(body, strlen(body), &t), 0);
	assert_true(str_has_prefix(secbuf_ptr(t.access_token),
	    "aoal-YigITUDiNX1xZwOMXM5MxOWDL0E0jg9P6_C_jKQPxS_SKCP6f0kh1Up4g"));
	assert_true(str_has_suffix(secbuf_ptr(t.access_token),
	    "/3C1Zj0CMQCKWOgRaiz6AIhza3DSXQNMLjRKXC8F8ceCsHlgYLMZ7hZidEXAMPL"
	    "EACCESSTOKEN"));
	assert_int_equal(secbuf_len(t.access_token), 233);
	assert_string_equal(t.token_type, "Bearer");
	assert_int_equal(t.expires_in, 1579729529);
	assert_non_null(t.refresh_token);
	assert_true(str_has_suffix(secbuf_ptr(t.refresh_token),
	    "EXAMPLEREFRESHTOKEN"));
	assert_null(t.id_token);
	sso_token_release(&t);
	free(body);
}

static void
test_role_credentials(void **state)
{
	size_t n;
	char *body = test_read_data(
	    "aws-responses/sso/GetRoleCredentials.constructed.json", &n);
	struct aws_creds *c = NULL;

	(void)state;
	assert_int_equal(sso_parse_role_credentials(body, n, &c), 0);
	assert_string_equal(c->access_key_id, "ASIAIOSFODNN7EXAMPLE");
	assert_string_equal(secbuf_ptr(c->secret_access_key),
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
	assert_true(str_has_prefix(aws_creds_token(c),
	    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4"));
	assert_true(str_has_suffix(aws_creds_token(c), "oLxBA=="));
	assert_true(c->can_expire);
	/* 1579729529000 ms. */
	assert_int_equal(c->expires, 1579729529);
	aws_creds_free(c);
	free(body);
}

/* Errors from the sample bodies: the code from the header, else mapped
 * from the OAuth "error" value. */
static void
test_errors(void **state)
{
	static const struct {
		const char	*file;
		const char	*code;
	} oidc[] = {
		{ "error-AccessDeniedException", "AccessDeniedException" },
		{ "error-AuthorizationPendingException",
		    "AuthorizationPendingException" },
		{ "error-ExpiredTokenException", "ExpiredTokenException" },
		{ "error-SlowDownException", "SlowDownException" },
	};
	static const char typed[] = "{\"__type\":\"com.amazonaws.ssooidc#"
	    "InvalidRequestException\",\"message\":\"bad\\nthing\"}";
	char *rel, *body, *hdr, *want;
	size_t i, n;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(oidc); i++) {
		rel = xasprintf("aws-responses/sso-oidc/%s.constructed.json",
		    oidc[i].file);
		body = test_read_data(rel, &n);
		assert_int_equal(sso_parse_error("sso-oidc", "CreateToken", 400,
		    NULL, body, n), AV_ERR_AWS);
		assert_string_equal(sso_error_code(), oidc[i].code);
		assert_int_equal(sso_error_status(), 400);
		want = xasprintf("sso-oidc:CreateToken: %s", oidc[i].code);
		assert_string_equal(av_error_msg(), want);
		/* As AWS sends it: the type, then a namespace URL. */
		hdr = xasprintf("%s:http://internal.amazon.com/coral/com.amazon"
		    ".switchboard.service/", oidc[i].code);
		assert_int_equal(sso_parse_error("sso-oidc", "CreateToken", 400,
		    hdr, "", 0), AV_ERR_AWS);
		assert_string_equal(sso_error_code(), oidc[i].code);
		assert_string_equal(av_error_msg(), want);
		free(want);
		free(hdr);
		free(body);
		free(rel);
	}
	body = test_read_data(
	    "aws-responses/sso/error-UnauthorizedException.constructed.json",
	    &n);
	assert_int_equal(sso_parse_error("sso", "GetRoleCredentials", 401,
	    "UnauthorizedException", body, n), AV_ERR_AWS);
	assert_string_equal(sso_error_code(), "UnauthorizedException");
	assert_int_equal(sso_error_status(), 401);
	assert_string_equal(av_error_msg(), "sso:GetRoleCredentials: "
	    "UnauthorizedException: Session token not found or invalid");
	assert_int_equal(sso_parse_error("sso", "GetRoleCredentials", 401,
	    NULL, body, n), AV_ERR_AWS);
	assert_string_equal(sso_error_code(), "");
	assert_string_equal(av_error_msg(), "sso:GetRoleCredentials: HTTP "
	    "401: Session token not found or invalid");
	free(body);
	/* A body that is not JSON: just the status. */
	assert_int_equal(sso_parse_error("sso", "GetRoleCredentials", 502,
	    NULL, "<html>secret</html>", 19), AV_ERR_AWS);
	assert_string_equal(av_error_msg(), "sso:GetRoleCredentials: HTTP 502");
	/* "__type" with a namespace, and a control character cleaned. */
	assert_int_equal(sso_parse_error("sso-oidc", "RegisterClient", 400,
	    NULL, typed, strlen(typed)), AV_ERR_AWS);
	assert_string_equal(av_error_msg(), "sso-oidc:RegisterClient: "
	    "InvalidRequestException: bad thing");
}

/* Malformed answers are refused without quoting them. */
static void
test_malformed(void **state)
{
	static const char *const creds_bad[] = {
		"{}",
		"{\"roleCredentials\":null}",
		"{\"roleCredentials\":{\"accessKeyId\":\"A\"}}",
		"{\"roleCredentials\":{\"accessKeyId\":\"A\","
		    "\"secretAccessKey\":\"S3CR3T\","
		    "\"expiration\":\"1579729529000\"}}",
		"{\"roleCredentials\":{\"accessKeyId\":\"A\","
		    "\"secretAccessKey\":\"S3CR3T\",\"expiration\":-1}}",
		"{\"roleCredentials\":{\"accessKeyId\":\"A\","
		    "\"secretAccessKey\":7}}",
		"[\"S3CR3T\"]",
		"S3CR3T",
	};
	static const char no_access[] = "{\"tokenType\":\"Bearer\"}";
	static const char big[] = "{\"accessToken\":\"x\",\"expiresIn\":"
	    "4294967296}";
	static const char no_secret[] = "{\"clientId\":\"a\"}";
	struct sso_token t;
	struct sso_registration reg;
	struct aws_creds *c;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(creds_bad); i++) {
		c = NULL;
		if (sso_parse_role_credentials(creds_bad[i],
		    strlen(creds_bad[i]), &c) != AV_ERR_INVALID)
			fail_msg("accepted %s", creds_bad[i]);
		assert_null(c);
		assert_true(str_has_prefix(av_error_msg(),
		    "sso:GetRoleCredentials: malformed response: "));
		assert_null(strstr(av_error_msg(), "S3CR3T"));
	}
	memset(&t, 0, sizeof(t));
	assert_int_equal(sso_parse_token(no_access, strlen(no_access), &t),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "sso-oidc:CreateToken: malformed "
	    "response: accessToken missing");
	assert_int_equal(sso_parse_token(big, strlen(big), &t),
	    AV_ERR_INVALID);
	assert_null(t.access_token);
	memset(&reg, 0, sizeof(reg));
	assert_int_equal(sso_parse_registration(no_secret, strlen(no_secret),
	    &reg), AV_ERR_INVALID);
	assert_null(reg.client_id);
}

/* Spec 6.9, byte for byte; nanoseconds as Go's RFC3339Nano. */
static void
test_token_item_format(void **state)
{
	struct sso_token t;
	struct secbuf *json = NULL;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.access_token = secbuf_from_str("tok<&>");
	t.expires_in = 28800;
	t.token_type = xstrdup("Bearer");
	assert_int_equal(vault_sso_token_format(&t, 1767225600, 123456000,
	    &json), 0);
	assert_string_equal(secbuf_ptr(json), "{\"Token\":{\"AccessToken\":"
	    "\"tok\\u003c\\u0026\\u003e\",\"ExpiresIn\":28800,\"IdToken\":"
	    "null,\"RefreshToken\":null,\"TokenType\":\"Bearer\","
	    "\"ResultMetadata\":{}},\"Expiration\":"
	    "\"2026-01-01T00:00:00.123456Z\"}");
	secbuf_free(json);
	t.refresh_token = secbuf_from_str("r");
	free(t.token_type);
	t.token_type = NULL;
	assert_int_equal(vault_sso_token_format(&t, 1767225600, 0, &json), 0);
	assert_string_equal(secbuf_ptr(json), "{\"Token\":{\"AccessToken\":"
	    "\"tok\\u003c\\u0026\\u003e\",\"ExpiresIn\":28800,\"IdToken\":"
	    "null,\"RefreshToken\":\"r\",\"TokenType\":null,"
	    "\"ResultMetadata\":{}},\"Expiration\":\"2026-01-01T00:00:00Z\"}");
	secbuf_free(json);
	sso_token_release(&t);
}

/* Items as Go writes them (local time with an offset), read with Go's
 * lenient rules. */
static void
test_token_item_parse(void **state)
{
	static const char go[] = "{\"Token\":{\"AccessToken\":\"abc\","
	    "\"ExpiresIn\":28800,\"IdToken\":null,\"RefreshToken\":null,"
	    "\"TokenType\":\"Bearer\",\"ResultMetadata\":{}},"
	    "\"Expiration\":\"2026-01-01T09:00:00.123456789+01:00\"}";
	static const char lower[] = "{\"token\":{\"accesstoken\":\"abc\","
	    "\"EXPIRESIN\":5,\"refreshToken\":\"r\",\"Extra\":[1]},"
	    "\"Unknown\":true}";
	static const char *const bad[] = {
		"{\"Token\":{\"AccessToken\":\"abc\",\"ExpiresIn\":\"5\"}}",
		"{\"Token\":{\"AccessToken\":\"abc\"},\"Expiration\":\"soon\"}",
		"{\"Token\":{\"AccessToken\":7}}",
		"{\"Token\":{\"ExpiresIn\":5}}",
		"{\"Expiration\":\"2026-01-01T00:00:00Z\"}",
		"{\"Token\":",
	};
	struct sso_token t;
	int64_t sec;
	int32_t nsec;
	size_t i;

	(void)state;
	assert_int_equal(vault_sso_token_parse(go, strlen(go), &t, &sec,
	    &nsec), 0);
	assert_string_equal(secbuf_ptr(t.access_token), "abc");
	assert_int_equal(t.expires_in, 28800);
	assert_string_equal(t.token_type, "Bearer");
	assert_null(t.refresh_token);
	assert_int_equal(sec, 1767254400);	/* 08:00:00Z */
	assert_int_equal(nsec, 123456789);
	sso_token_release(&t);
	/* Any case; no Expiration is Go's zero time (long expired). */
	assert_int_equal(vault_sso_token_parse(lower, strlen(lower), &t, &sec,
	    &nsec), 0);
	assert_string_equal(secbuf_ptr(t.refresh_token), "r");
	assert_int_equal(t.expires_in, 5);
	assert_int_equal(sec, INT64_C(-62135596800));
	sso_token_release(&t);
	for (i = 0; i < AV_ARRAY_SIZE(bad); i++) {
		if (vault_sso_token_parse(bad[i], strlen(bad[i]), &t, &sec,
		    &nsec) != AV_ERR_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_null(t.access_token);
		assert_true(str_has_prefix(av_error_msg(),
		    "Invalid data in keyring"));
	}
	assert_int_equal(vault_sso_token_parse(bad[2], strlen(bad[2]), &t,
	    &sec, &nsec), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "Invalid data in keyring: field AccessToken is not a string");
}

struct kr_fixture {
	char			*tmp;
	char			*dir;
	struct keyring_config	 cfg;
	struct keyring		*kr;
};

static int
kr_setup(void **state)
{
	struct kr_fixture *f = xcalloc(1, sizeof(*f));

	f->tmp = test_mkdtemp();
	f->dir = fs_join(f->tmp, "keys");
	f->cfg.backend = "file";
	f->cfg.file_dir = f->dir;
	setenv("AWS_VAULT_FILE_PASSPHRASE", "pw", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	*state = f;
	return 0;
}

static int
kr_teardown(void **state)
{
	struct kr_fixture *f = *state;

	keyring_close(f->kr);
	test_rm_rf(f->tmp);
	free(f->dir);
	free(f->tmp);
	free(f);
	unsetenv(NOW_ENV);
	return 0;
}

/* Set, then get at later times: ExpiresIn recomputed, then expired and
 * deleted; invalid data is "not found" but kept. */
static void
test_token_cache(void **state)
{
	static const char url[] = "https://x.example/start";
	struct kr_fixture *f = *state;
	struct keyring_item *item = NULL;
	struct sso_token t, got;
	int64_t sec;

	memset(&t, 0, sizeof(t));
	t.access_token = secbuf_from_str("tok");
	t.expires_in = 28800;
	t.token_type = xstrdup("Bearer");
	setenv(NOW_ENV, "2026-01-01T00:00:00.25Z", 1);
	assert_int_equal(vault_sso_token_set(f->kr, url, &t), 0);
	assert_int_equal(keyring_get(f->kr, "oidc:https://x.example/start",
	    &item), 0);
	assert_string_equal(item->label, "aws-vault oidc token for "
	    "https://x.example/start (expires 2026-01-01T08:00:00Z)");
	assert_string_equal(item->description, "aws-vault oidc token");
	assert_string_equal(secbuf_ptr(item->data), "{\"Token\":{\"AccessToken"
	    "\":\"tok\",\"ExpiresIn\":28800,\"IdToken\":null,\"RefreshToken\":"
	    "null,\"TokenType\":\"Bearer\",\"ResultMetadata\":{}},"
	    "\"Expiration\":\"2026-01-01T08:00:00.25Z\"}");
	keyring_item_free(item);

	setenv(NOW_ENV, "2026-01-01T00:01:40.25Z", 1);
	assert_int_equal(vault_sso_token_get(f->kr, url, &got, &sec), 0);
	assert_string_equal(secbuf_ptr(got.access_token), "tok");
	assert_int_equal(got.expires_in, 28700);
	assert_int_equal(sec, 1767254400);
	sso_token_release(&got);
	/* Not yet after Expiration: still valid, 0 s left. */
	setenv(NOW_ENV, "2026-01-01T08:00:00.2Z", 1);
	assert_int_equal(vault_sso_token_get(f->kr, url, &got, NULL), 0);
	assert_int_equal(got.expires_in, 0);
	sso_token_release(&got);
	setenv(NOW_ENV, "2026-01-01T08:00:00.3Z", 1);
	assert_int_equal(vault_sso_token_get(f->kr, url, &got, NULL),
	    AV_ERR_NOT_FOUND);
	assert_null(got.access_token);
	assert_int_equal(keyring_get(f->kr, "oidc:https://x.example/start",
	    &item), AV_ERR_NOT_FOUND);

	item = keyring_item_new("oidc:https://x.example/start", "{]", 2,
	    "l", "d");
	assert_int_equal(keyring_set(f->kr, item), 0);
	keyring_item_free(item);
	assert_int_equal(vault_sso_token_get(f->kr, url, &got, NULL),
	    AV_ERR_NOT_FOUND);
	assert_int_equal(keyring_get(f->kr, "oidc:https://x.example/start",
	    &item), 0);
	keyring_item_free(item);
	sso_token_release(&t);
}

static int
kr_open_cb(void *arg, struct keyring **krp)
{
	*krp = arg;
	return 0;
}

/* Spec 6.5.5: the file name, the bytes, the modes. */
static void
test_cli_cache(void **state)
{
	struct kr_fixture *f = *state;
	struct profile_config cfg;
	struct sso_token t;
	struct secbuf *json = NULL;
	struct vault v;
	struct stat st;
	struct buf b;
	char *home, *path, *want, *dir;

	memset(&t, 0, sizeof(t));
	t.access_token = secbuf_from_str("tok\"1");
	assert_int_equal(vault_sso_cli_cache_format(&t, 1767254400, &json), 0);
	assert_string_equal(secbuf_ptr(json), "{\"accessToken\":\"tok\\\"1\","
	    "\"expiresAt\":\"2026-01-01T08:00:00Z\"}");
	secbuf_free(json);
	t.refresh_token = secbuf_from_str("ref");
	assert_int_equal(vault_sso_cli_cache_format(&t, 1767254400, &json), 0);
	assert_string_equal(secbuf_ptr(json), "{\"accessToken\":\"tok\\\"1\","
	    "\"expiresAt\":\"2026-01-01T08:00:00Z\",\"refreshToken\":\"ref\"}");
	secbuf_free(json);

	home = fs_join(f->tmp, "home");
	setenv("HOME", home, 1);
	memset(&cfg, 0, sizeof(cfg));
	cfg.name = "p";
	cfg.sso_start_url = "https://example.awsapps.com/start";
	/* sha1 of the URL, and of the sso-session name (Python hashlib). */
	path = vault_sso_cli_cache_path(&cfg);
	want = xasprintf("%s/.aws/sso/cache/"
	    "e8be5486177c5b5392bd9aa76563515b29358e6e.json", home);
	assert_string_equal(path, want);
	free(path);
	free(want);
	cfg.sso_session = "corp";
	path = vault_sso_cli_cache_path(&cfg);
	want = xasprintf("%s/.aws/sso/cache/"
	    "ee0bfd2552fbd840c02cc48b6e823320543c450f.json", home);
	assert_string_equal(path, want);

	vault_init(&v, NULL, kr_open_cb, f->kr);
	/* No token yet. */
	assert_int_equal(vault_sso_sync_cli_cache(&v, &cfg), AV_ERR_NOT_FOUND);
	assert_false(fs_exists(path));
	setenv(NOW_ENV, "2026-01-01T00:00:00Z", 1);
	t.expires_in = 3600;
	assert_int_equal(vault_sso_token_set(f->kr, cfg.sso_start_url, &t), 0);
	assert_int_equal(vault_sso_sync_cli_cache(&v, &cfg), 0);
	buf_init(&b, 4096);
	assert_int_equal(fs_read_file(path, b.max, &b), 0);
	/* The cached token, its refresh token included. */
	assert_string_equal(buf_cstr(&b), "{\"accessToken\":\"tok\\\"1\","
	    "\"expiresAt\":\"2026-01-01T01:00:00Z\",\"refreshToken\":\"ref\"}");
	buf_release(&b);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	dir = fs_join(home, ".aws/sso/cache");
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	vault_release(&v);
	sso_token_release(&t);
	free(dir);
	free(path);
	free(want);
	free(home);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registration),
		cmocka_unit_test(test_device_auth),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_role_credentials),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_token_item_format),
		cmocka_unit_test(test_token_item_parse),
		cmocka_unit_test_setup_teardown(test_token_cache, kr_setup,
		    kr_teardown),
		cmocka_unit_test_setup_teardown(test_cli_cache, kr_setup,
		    kr_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
