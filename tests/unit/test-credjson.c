/* SPDX-License-Identifier: MIT */
/*
 * test-credjson.c: the Data JSON of credential items (vault/credjson.c)
 * against the spec's exact bytes (11.2, 6.8, B.1), the Data inside the
 * Go-made files (decrypted by the independent Python decryptor), Go's
 * lenient decoding (any case, any order, missing and unknown members),
 * and errors that never quote the input.
 */
#include "test.h"

#include "aws/creds.h"
#include "keyring/keyring.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "vault/credjson.h"

/* Spec 11.2 / B.1, byte for byte. */
static const char bn_master[] =
    "{\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":\"wJalrX"
    "UtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":"
    "\"\",\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\",\"Accoun"
    "tID\":\"\"}";

/* The Data of a Go-made item, via decrypt.py and the Item parser. */
static struct secbuf *
go_item_data(const char *name)
{
	char *json = test_go_item_json(name);
	struct keyring_item *item = NULL;
	struct secbuf *data;

	assert_int_equal(keyring_item_json_parse(json, strlen(json), &item),
	    0);
	data = secbuf_dup(item->data);
	keyring_item_free(item);
	free(json);
	return data;
}

static void
test_master_bn_exact(void **state)
{
	struct aws_creds *c = NULL;
	struct secbuf *json = NULL;

	(void)state;
	assert_int_equal(credjson_master_parse(bn_master, strlen(bn_master),
	    &c), 0);
	assert_string_equal(c->access_key_id, "AKIAIOSFODNN7EXAMPLE");
	assert_string_equal(secbuf_ptr(c->secret_access_key),
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	assert_null(c->session_token);
	assert_false(c->can_expire);
	assert_int_equal(credjson_master_format(c, &json), 0);
	assert_string_equal(secbuf_ptr(json), bn_master);
	secbuf_free(json);
	aws_creds_free(c);

	/* What add and rotate write: the two key fields only. */
	c = aws_creds_from("AKIAIOSFODNN7EXAMPLE",
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL);
	assert_int_equal(credjson_master_format(c, &json), 0);
	assert_string_equal(secbuf_ptr(json), bn_master);
	secbuf_free(json);
	aws_creds_free(c);
}

/* The 99designs v7.2.0 files have no AccountID; we read them and write
 * the BN shape. */
static void
test_master_go_files(void **state)
{
	static const struct {
		const char *file, *akid, *secret;
	} want[] = {
		{ "p1", "AKIAIOSFODNN7EXAMPLE",
		    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
		{ "org%2Fdev", "AKIAI44QH8DHBEXAMPLE",
		    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY" },
		{ "p3", "AKIAJEXAMPLEMFAUSER1",
		    "fakeFakeFakeMfaSecretKeyEXAMPLE0000000000" },
	};
	struct aws_creds *c;
	struct secbuf *data, *json;
	char *expect;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(want); i++) {
		data = go_item_data(want[i].file);
		assert_null(strstr(secbuf_ptr(data), "AccountID"));
		c = NULL;
		assert_int_equal(credjson_master_parse(secbuf_ptr(data),
		    secbuf_len(data), &c), 0);
		assert_string_equal(c->access_key_id, want[i].akid);
		assert_string_equal(secbuf_ptr(c->secret_access_key),
		    want[i].secret);
		json = NULL;
		assert_int_equal(credjson_master_format(c, &json), 0);
		/* 99's bytes plus the BN field. */
		expect = xstrndup(secbuf_ptr(data), secbuf_len(data) - 1);
		assert_true(str_has_prefix(secbuf_ptr(json), expect));
		assert_string_equal(secbuf_ptr(json) + strlen(expect),
		    ",\"AccountID\":\"\"}");
		free(expect);
		secbuf_free(json);
		secbuf_free(data);
		aws_creds_free(c);
	}
}

static void
test_master_lenient(void **state)
{
	static const char *const ok[] = {
		"{\"AccessKeyID\":\"ABC\",\"SecretAccessKey\":\"XYZ\"}",
		"{\"AccessKeyId\":\"ABC\",\"SecretAccessKey\":\"XYZ\"}",
		"{\"secretaccesskey\":\"XYZ\",\"accesskeyid\":\"ABC\","
		    "\"Unknown\":{\"x\":[1,2]},\"AccountID\":\"123\"}",
		"{\"AccessKeyID\":\"ABC\",\"SecretAccessKey\":\"XYZ\","
		    "\"SessionToken\":null,\"Expires\":null,"
		    "\"CanExpire\":null}",
	};
	static const char expiring[] = "{\"AccessKeyID\":\"A\","
	    "\"SecretAccessKey\":\"S<&>\",\"SessionToken\":\"T\","
	    "\"CanExpire\":true,\"Expires\":\"2026-01-01T10:00:00+10:00\"}";
	struct aws_creds *c;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(ok); i++) {
		c = NULL;
		if (credjson_master_parse(ok[i], strlen(ok[i]), &c) != 0)
			fail_msg("%s: %s", ok[i], av_error_msg());
		assert_string_equal(c->access_key_id, "ABC");
		assert_string_equal(secbuf_ptr(c->secret_access_key), "XYZ");
		aws_creds_free(c);
	}
	c = NULL;
	assert_int_equal(credjson_master_parse("{}", 2, &c), 0);
	assert_string_equal(c->access_key_id, "");
	assert_string_equal(secbuf_ptr(c->secret_access_key), "");
	aws_creds_free(c);

	/* A token and an expiry survive a round trip. */
	c = NULL;
	assert_int_equal(credjson_master_parse(expiring, strlen(expiring), &c),
	    0);
	assert_true(c->can_expire);
	assert_int_equal(c->expires, 1767225600);
	{
		struct secbuf *json = NULL;

		assert_int_equal(credjson_master_format(c, &json), 0);
		assert_string_equal(secbuf_ptr(json), "{\"AccessKeyID\":\"A\","
		    "\"SecretAccessKey\":\"S\\u003c\\u0026\\u003e\","
		    "\"SessionToken\":\"T\",\"Source\":\"\",\"CanExpire\":true,"
		    "\"Expires\":\"2026-01-01T00:00:00Z\",\"AccountID\":\"\"}");
		secbuf_free(json);
	}
	aws_creds_free(c);
}

static void
test_master_errors(void **state)
{
	static const char *const bad[] = {
		"{\"SecretAccessKey\": wJalrXUtnFEMISECRETPART}",
		"{\"SecretAccessKey\":\"wJalrXUtnFEMISECRETPART\"",
		"wJalrXUtnFEMISECRETPART",
		"[\"wJalrXUtnFEMISECRETPART\"]",
		"{\"AccessKeyID\":5,"
		    "\"SecretAccessKey\":\"wJalrXUtnFEMISECRETPART\"}",
		"{\"CanExpire\":\"yes\"}",
		"{\"Expires\":\"tomorrow\"}",
		"",
	};
	struct aws_creds *c;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(bad); i++) {
		c = NULL;
		if (credjson_master_parse(bad[i], strlen(bad[i]), &c) !=
		    AV_ERR_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_null(c);
		assert_true(str_has_prefix(av_error_msg(),
		    "Invalid data in keyring: "));
		if (strstr(av_error_msg(), "SECRET") != NULL)
			fail_msg("message quotes the input: %s",
			    av_error_msg());
	}
	assert_int_equal(credjson_master_parse(bad[4], strlen(bad[4]), &c),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "Invalid data in keyring: field AccessKeyID is not a string");
}

static void
test_session_go_files(void **state)
{
	static const struct {
		const char *file, *expiration;
	} want[] = {
		{ "sts.GetSessionToken,cDE,,1796005026",
		    "\"Expiration\":\"2026-11-30T02:17:06.798703Z\"" },
		{ "sts.GetSessionToken,b3JnL2Rldg,,1796005026",
		    "\"Expiration\":\"2026-11-30T02:17:06.955836Z\"" },
		{ "sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjpt"
		    "ZmEvcGVlcnVzZXI,1796005026",
		    "\"Expiration\":\"2026-11-30T02:17:06.880085Z\"" },
	};
	struct aws_creds *c;
	struct secbuf *data;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(want); i++) {
		data = go_item_data(want[i].file);
		assert_non_null(strstr(secbuf_ptr(data), want[i].expiration));
		c = NULL;
		assert_int_equal(credjson_session_parse(secbuf_ptr(data),
		    secbuf_len(data), &c), 0);
		assert_string_equal(c->access_key_id, "AKIAIOSFODNN7EXAMPLE");
		assert_string_equal(secbuf_ptr(c->secret_access_key),
		    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
		assert_true(str_has_prefix(aws_creds_token(c),
		    "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+"));
		assert_true(str_has_suffix(aws_creds_token(c),
		    "+OtkIKGO7fAE"));
		assert_true(c->can_expire);
		/* Truncated to seconds, the key's expiry. */
		assert_int_equal(c->expires, 1796005026);
		aws_creds_free(c);
		secbuf_free(data);
	}
}

static void
test_session_format_and_read(void **state)
{
	static const char want[] = "{\"AccessKeyId\":\"ASIAEXAMPLE\","
	    "\"Expiration\":\"2026-01-01T00:00:00Z\",\"SecretAccessKey\":"
	    "\"s/+\\u003c\",\"SessionToken\":\"tok==\"}";
	static const char *const variants[] = {
		/* any order, any case, offsets, fractions, extra members */
		"{\"SessionToken\":\"tok==\",\"secretaccesskey\":\"s/+<\","
		    "\"EXPIRATION\":\"2026-01-01T10:00:00.999+10:00\","
		    "\"accessKeyID\":\"ASIAEXAMPLE\",\"x\":1}",
		"{\"AccessKeyId\":\"ASIAEXAMPLE\",\"Expiration\":"
		    "\"2025-12-31T19:00:00-05:00\",\"SecretAccessKey\":"
		    "\"s/+<\",\"SessionToken\":\"tok==\"}",
	};
	struct aws_creds *c, *back;
	struct secbuf *json = NULL;
	size_t i;

	(void)state;
	c = aws_creds_from("ASIAEXAMPLE", "s/+<", "tok==");
	c->can_expire = true;
	c->expires = 1767225600;
	assert_int_equal(credjson_session_format(c, &json), 0);
	assert_string_equal(secbuf_ptr(json), want);
	back = NULL;
	assert_int_equal(credjson_session_parse(secbuf_ptr(json),
	    secbuf_len(json), &back), 0);
	assert_int_equal(back->expires, 1767225600);
	aws_creds_free(back);
	secbuf_free(json);
	for (i = 0; i < AV_ARRAY_SIZE(variants); i++) {
		back = NULL;
		assert_int_equal(credjson_session_parse(variants[i],
		    strlen(variants[i]), &back), 0);
		assert_string_equal(back->access_key_id, "ASIAEXAMPLE");
		assert_string_equal(secbuf_ptr(back->secret_access_key),
		    "s/+<");
		assert_string_equal(aws_creds_token(back), "tok==");
		assert_int_equal(back->expires, 1767225600);
		aws_creds_free(back);
	}
	/* No token: Go's nil *string. */
	secbuf_free(c->session_token);
	c->session_token = NULL;
	assert_int_equal(credjson_session_format(c, &json), 0);
	assert_true(str_has_suffix(secbuf_ptr(json),
	    ",\"SessionToken\":null}"));
	secbuf_free(json);
	aws_creds_free(c);
}

static void
test_session_invalid(void **state)
{
	static const char *const bad[] = {
		"",
		"null",
		"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}",
		"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\","
		    "\"Expiration\":\"soon\"}",
		"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\","
		    "\"Expiration\":1767225600}",
		"{\"AccessKeyId\":\"A\",\"Expiration\":"
		    "\"2026-01-01T00:00:00Z\"}",
		"{\"SecretAccessKey\":\"S\",\"Expiration\":"
		    "\"2026-01-01T00:00:00Z\"}",
		"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\","
		    "\"SessionToken\":[],"
		    "\"Expiration\":\"2026-01-01T00:00:00Z\"}",
		"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\","
		    "\"Expiration\":\"2026-01-01T00:00:00Z\"",
	};
	struct aws_creds *c;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(bad); i++) {
		c = NULL;
		if (credjson_session_parse(bad[i], strlen(bad[i]), &c) !=
		    AV_ERR_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_null(c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_master_bn_exact),
		cmocka_unit_test(test_master_go_files),
		cmocka_unit_test(test_master_lenient),
		cmocka_unit_test(test_master_errors),
		cmocka_unit_test(test_session_go_files),
		cmocka_unit_test(test_session_format_and_read),
		cmocka_unit_test(test_session_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
