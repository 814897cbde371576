/* SPDX-License-Identifier: MIT */
/*
 * test-keyring.c: the Item JSON (keyring/item.c) against the spec's exact
 * example and the items inside the Go-made files (decrypted by the
 * independent Python decryptor, not by our JWE code), and the key
 * namespaces (keyring/keys.c) against Appendix B.2, the Go-made file
 * names and labels, and the edges of each Go pattern.
 */
#include "test.h"

#include <dirent.h>

#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/base64.h"
#include "util/secbuf.h"
#include "util/str.h"

/* Spec Appendix B.1: the decrypted plaintext and its Data. */
static const char b1_item[] =
    "{\"Key\":\"jonsmith\",\"Data\":\"eyJBY2Nlc3NLZXlJRCI6IkFLSUFJT1NGT0RO"
    "TjdFWEFNUExFIiwiU2VjcmV0QWNjZXNzS2V5Ijoid0phbHJYVXRuRkVNSS9LN01ERU5H"
    "L2JQeFJmaUNZRVhBTVBMRUtFWSIsIlNlc3Npb25Ub2tlbiI6IiIsIlNvdXJjZSI6IiIs"
    "IkNhbkV4cGlyZSI6ZmFsc2UsIkV4cGlyZXMiOiIwMDAxLTAxLTAxVDAwOjAwOjAwWiIs"
    "IkFjY291bnRJRCI6IiJ9\",\"Label\":\"aws-vault (jonsmith)\",\"Descript"
    "ion\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchroni"
    "zable\":false}";
static const char b1_data[] =
    "{\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":\"wJalrX"
    "UtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"SessionToken\":\"\",\"Source\":"
    "\"\",\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\",\"Accoun"
    "tID\":\"\"}";

static void
test_item_spec_example(void **state)
{
	struct keyring_item *item = NULL;
	struct secbuf *json = NULL;

	(void)state;
	assert_int_equal(keyring_item_json_parse(b1_item, strlen(b1_item),
	    &item), 0);
	assert_string_equal(item->key, "jonsmith");
	assert_string_equal(item->label, "aws-vault (jonsmith)");
	assert_string_equal(item->description, "");
	assert_true(item->keychain_not_trust_application);
	assert_false(item->keychain_not_synchronizable);
	assert_int_equal(secbuf_len(item->data), strlen(b1_data));
	assert_string_equal(secbuf_ptr(item->data), b1_data);
	assert_int_equal(keyring_item_json_format(item, &json), 0);
	assert_string_equal(secbuf_ptr(json), b1_item);
	secbuf_free(json);
	keyring_item_free(item);
}

/* Every Go-made item: parse, check the README's values, and format back
 * to the very same bytes. */
static void
test_item_go_files(void **state)
{
	static const struct {
		const char *file, *key, *label, *desc, *in_data;
		bool trust;
	} want[] = {
		{ "p1", "p1", "aws-vault (p1)", "",
		    "\"AccessKeyID\":\"AKIAIOSFODNN7EXAMPLE\","
		    "\"SecretAccessKey\""
		    ":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"", true },
		{ "org%2Fdev", "org/dev", "aws-vault (org/dev)", "",
		    "\"AccessKeyID\":\"AKIAI44QH8DHBEXAMPLE\","
		    "\"SecretAccessKey\""
		    ":\"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\"", true },
		{ "p3", "p3", "aws-vault (p3)", "",
		    "\"AccessKeyID\":\"AKIAJEXAMPLEMFAUSER1\","
		    "\"SecretAccessKey\""
		    ":\"fakeFakeFakeMfaSecretKeyEXAMPLE0000000000\"", true },
		{ "sts.GetSessionToken,cDE,,1796005026",
		    "sts.GetSessionToken,cDE,,1796005026",
		    "aws-vault session for p1 (expires 2026-11-30T02:17:06Z)",
		    "aws-vault session",
		    "\"Expiration\":\"2026-11-30T02:17:06.798703Z\"", false },
		{ "sts.GetSessionToken,b3JnL2Rldg,,1796005026",
		    "sts.GetSessionToken,b3JnL2Rldg,,1796005026",
		    "aws-vault session for org/dev "
		    "(expires 2026-11-30T02:17:06Z)",
		    "aws-vault session",
		    "\"AccessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"", false },
		{ "sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjpt"
		    "ZmEvcGVlcnVzZXI,1796005026",
		    "sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAx"
		    "MjptZmEvcGVlcnVzZXI,1796005026",
		    "aws-vault session for p3 (expires 2026-11-30T02:17:06Z)",
		    "aws-vault session",
		    "\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/"
		    "bPxRfiCYzEXAMPLEKEY\"", false },
	};
	struct keyring_item *item;
	struct secbuf *json;
	char *text;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(want); i++) {
		text = test_go_item_json(want[i].file);
		item = NULL;
		assert_int_equal(keyring_item_json_parse(text, strlen(text),
		    &item), 0);
		assert_string_equal(item->key, want[i].key);
		assert_string_equal(item->label, want[i].label);
		assert_string_equal(item->description, want[i].desc);
		assert_int_equal(item->keychain_not_trust_application,
		    want[i].trust);
		assert_non_null(strstr(secbuf_ptr(item->data),
		    want[i].in_data));
		json = NULL;
		assert_int_equal(keyring_item_json_format(item, &json), 0);
		assert_string_equal(secbuf_ptr(json), text);
		secbuf_free(json);
		keyring_item_free(item);
		free(text);
	}
}

static void
test_item_lenient_and_strict(void **state)
{
	static const char lenient[] = "{\"key\":\"k\",\"DATA\":\"eA==\","
	    "\"unknown\":[1,{\"a\":2}],\"keychainnottrustapplication\":true}";
	static const char *const bad[] = {
		"{\"Key\":\"k\",\"Data\":\"eA=\"}",	/* bad padding */
		"{\"Key\":\"k\",\"Data\":\"e-A=\"}",	/* url alphabet */
		"{\"Key\":\"k\",\"Data\":5}",
		"{\"Key\":7}",
		"{\"Key\":\"k\",\"KeychainNotSynchronizable\":\"yes\"}",
		"[\"Key\"]",
		"{\"Key\":",
		"",
	};
	struct keyring_item *item = NULL;
	size_t i;

	(void)state;
	assert_int_equal(keyring_item_json_parse(lenient, strlen(lenient),
	    &item), 0);
	assert_string_equal(item->key, "k");
	assert_string_equal(secbuf_ptr(item->data), "x");
	assert_string_equal(item->label, "");
	assert_string_equal(item->description, "");
	assert_true(item->keychain_not_trust_application);
	keyring_item_free(item);
	for (i = 0; i < AV_ARRAY_SIZE(bad); i++) {
		item = NULL;
		if (keyring_item_json_parse(bad[i], strlen(bad[i]), &item) !=
		    AV_ERR_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_null(item);
	}
	assert_int_equal(keyring_item_json_parse(bad[2], strlen(bad[2]),
	    &item), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "keyring item: field Data is not a string");
	assert_int_equal(keyring_item_json_parse(bad[3], strlen(bad[3]),
	    &item), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "keyring item: field Key is not a string");
}

/* Go's encoding/json escaping of the string fields. */
static void
test_item_go_escaping(void **state)
{
	struct keyring_item *item, *back = NULL;
	struct secbuf *json = NULL;

	(void)state;
	item = keyring_item_new("a<b>&\"c\\\n\x01", "\xff\x00", 2,
	    "\xe2\x80\xa8 \xc3\xa9 \xff", NULL);
	assert_int_equal(keyring_item_json_format(item, &json), 0);
	assert_string_equal(secbuf_ptr(json),
	    "{\"Key\":\"a\\u003cb\\u003e\\u0026\\\"c\\\\\\n\\u0001\","
	    "\"Data\":\"/wA=\",\"Label\":\"\\u2028 \xc3\xa9 \\ufffd\","
	    "\"Description\":\"\",\"KeychainNotTrustApplication\":false,"
	    "\"KeychainNotSynchronizable\":false}");
	assert_int_equal(keyring_item_json_parse(secbuf_ptr(json),
	    secbuf_len(json), &back), 0);
	assert_string_equal(back->key, item->key);
	assert_int_equal(secbuf_len(back->data), 2);
	assert_memory_equal(secbuf_ptr(back->data), "\xff\x00", 2);
	keyring_item_free(back);
	secbuf_free(json);
	keyring_item_free(item);
}

static void
test_keys_spec_b2(void **state)
{
	static const char b2[] = "sts.GetSessionToken,am9uc21pdGg,YXJuOmF3czpp"
	    "YW06OjExMTExMTExMTExMTptZmEvam9uc21pdGg,1767225600";
	struct keys_session s;
	char *k;

	(void)state;
	k = keys_session_format(KEYS_TYPE_GET_SESSION_TOKEN, "jonsmith",
	    "arn:aws:iam::111111111111:mfa/jonsmith", 1767225600);
	assert_string_equal(k, b2);
	free(k);
	k = keys_session_prefix("sts.GetSessionToken", "jonsmith",
	    "arn:aws:iam::111111111111:mfa/jonsmith");
	assert_true(str_has_prefix(b2, k));
	assert_string_equal(k + strlen(k) - 1, ",");
	assert_int_equal(strlen(k), strlen(b2) - strlen("1767225600"));
	free(k);
	k = keys_session_prefix("sts.AssumeRole", "jonsmith", NULL);
	assert_string_equal(k, "sts.AssumeRole,am9uc21pdGg,,");
	free(k);

	assert_int_equal(keys_session_parse(b2, &s), 0);
	assert_string_equal(s.type, "sts.GetSessionToken");
	assert_string_equal(s.profile, "jonsmith");
	assert_string_equal(s.mfa, "arn:aws:iam::111111111111:mfa/jonsmith");
	assert_int_equal(s.expiry, 1767225600);
	keys_session_release(&s);
	assert_int_equal(keys_classify(b2), KEYS_SESSION);
	assert_true(keys_is_session(b2));
	assert_false(keys_is_credentials(b2));
}

/* The names of the Go-made files, read from the directory, decoded. */
static void
test_keys_go_file_names(void **state)
{
	char *dir = test_data_path("go-file-backend/keys");
	struct keys_session s;
	struct dirent *de;
	DIR *d;
	int sessions = 0, creds = 0;

	(void)state;
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (keys_classify(de->d_name) == KEYS_CREDENTIALS) {
			assert_true(streq(de->d_name, "p1") ||
			    streq(de->d_name, "p3") ||
			    streq(de->d_name, "org%2Fdev"));
			creds++;
			continue;
		}
		assert_int_equal(keys_classify(de->d_name), KEYS_SESSION);
		assert_int_equal(keys_session_parse(de->d_name, &s), 0);
		assert_string_equal(s.type, "sts.GetSessionToken");
		assert_int_equal(s.expiry, 1796005026);
		if (streq(s.profile, "p3"))
			assert_string_equal(s.mfa,
			    "arn:aws:iam::123456789012:mfa/peeruser");
		else
			assert_true(streq(s.profile, "p1") ||
			    streq(s.profile, "org/dev"));
		if (!streq(s.profile, "p3"))
			assert_string_equal(s.mfa, "");
		/* Our builder gives back the Go file name. */
		char *k = keys_session_format(s.type, s.profile, s.mfa,
		    s.expiry);
		assert_string_equal(k, de->d_name);
		free(k);
		/* And our label is the one Go wrote into the item. */
		k = keys_session_label(s.profile, s.expiry);
		char *item = test_go_item_json(de->d_name);
		char *want = xasprintf("\"Label\":\"%s\"", k);
		assert_non_null(strstr(item, want));
		free(want);
		free(item);
		free(k);
		keys_session_release(&s);
		sessions++;
	}
	closedir(d);
	free(dir);
	assert_int_equal(sessions, 3);
	assert_int_equal(creds, 3);
}

static void
test_keys_legacy(void **state)
{
	static const char *const legacy[] = {
		"blah session (61633665646639303539)",	/* spec B.2 */
		"session,c2Vzc2lvbg,,1572281751",	/* spec B.2 */
		"session,anything,,12",
		"session,a b,x y,00",
		"session:prof:mfa:123",
		"session:prof::whatever with spaces",
		"session:a:b:c:d",
		"session::x:y:z",	/* ([^ ]+) = ":x" */
		"x session (1)",
		"a session (1) session (2)",
	};
	static const char *const not_legacy[] = {
		"session,c2Vzc2lvbg,,1",	/* one digit: current only */
		"session,,x,12",
		"session,a,b,1x",
		"session:prof:mfa:",
		"session:pr of:mfa:1",
		"session:prof:m fa:1",
		"session::x",
		"session:x",
		" session (1)",
		"x\ny session (1)",
		"x session ()",
		"x session (1) ",
		"x session (1a)",
		"sessions",
	};
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(legacy); i++) {
		if (!keys_is_legacy_session(legacy[i]))
			fail_msg("not legacy: %s", legacy[i]);
		assert_int_equal(keys_classify(legacy[i]),
		    KEYS_SESSION_LEGACY);
		assert_false(keys_is_credentials(legacy[i]));
	}
	for (i = 0; i < AV_ARRAY_SIZE(not_legacy); i++)
		if (keys_is_legacy_session(not_legacy[i]))
			fail_msg("legacy: %s", not_legacy[i]);
	assert_int_equal(keys_classify("session,c2Vzc2lvbg,,1"), KEYS_SESSION);
	assert_int_equal(keys_classify("x session ()"), KEYS_CREDENTIALS);
}

static void
test_keys_current_edges(void **state)
{
	static const char *const bad[] = {
		"",
		"a,b,c",
		"a,YQ,,",
		"a,YQ,,1x",
		"a,YQ,,1\n",		/* Go's $ is end of text */
		"a,YQ,,-1",
		"a,YQ,,+1",
		"a,YQ,,99999999999999999999",	/* overflows Atoi */
		"a,YQ==,,1",		/* padding is refused */
		"a,Y,,1",		/* one character is no byte */
		"a,Y+,,1",		/* std alphabet */
		"a,YQ,Y,1",
		",YQ,,1",
		"a,,,1",
		"a,YQ,,1,2",
		"a,YQ,b,c,1",
	};
	static const char *const good[] = {
		"a,YQ,,0",
		"a,YQ,,0001",
		"a,YQ,,9223372036854775807",
		"t y p e,_-8,,5",	/* any type; url alphabet */
		"oidc:x,YQ,,1",		/* a session first, as in Go */
	};
	struct keys_session s;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(bad); i++) {
		if (keys_session_parse(bad[i], &s) == 0)
			fail_msg("parsed: %s", bad[i]);
		assert_null(s.type);
		assert_null(s.profile);
	}
	for (i = 0; i < AV_ARRAY_SIZE(good); i++) {
		if (keys_session_parse(good[i], &s) != 0)
			fail_msg("refused: %s", good[i]);
		keys_session_release(&s);
	}
	assert_int_equal(keys_session_parse("a,YQ,,0001", &s), 0);
	assert_int_equal(s.expiry, 1);
	assert_string_equal(s.profile, "a");
	keys_session_release(&s);
	assert_int_equal(keys_session_parse("t,_-8,,5", &s), 0);
	assert_string_equal(s.profile, "\xff\xef");
	keys_session_release(&s);
	assert_int_equal(keys_classify("oidc:x,YQ,,1"), KEYS_SESSION);
	/* Go's list shows it twice. */
	assert_true(keys_is_oidc("oidc:x,YQ,,1"));
}

static void
test_keys_oidc_and_labels(void **state)
{
	char *s;

	(void)state;
	s = keys_oidc_key("https://x.awsapps.com/start#/");
	assert_string_equal(s, "oidc:https://x.awsapps.com/start#/");
	assert_int_equal(keys_classify(s), KEYS_OIDC);
	assert_string_equal(keys_oidc_url(s), "https://x.awsapps.com/start#/");
	assert_false(keys_is_credentials(s));
	free(s);
	assert_null(keys_oidc_url("OIDC:x"));
	assert_int_equal(keys_classify("OIDC:x"), KEYS_CREDENTIALS);
	assert_int_equal(keys_classify("jonsmith"), KEYS_CREDENTIALS);
	assert_int_equal(keys_classify("org/dev"), KEYS_CREDENTIALS);
	assert_true(keys_is_credentials("p1"));

	s = keys_credentials_label("jonsmith");
	assert_string_equal(s, "aws-vault (jonsmith)");
	free(s);
	s = keys_session_label("jonsmith", 1767225600);
	assert_string_equal(s,
	    "aws-vault session for jonsmith (expires 2026-01-01T00:00:00Z)");
	free(s);
	s = keys_oidc_label("https://x.awsapps.com/start", 1767225600);
	assert_string_equal(s, "aws-vault oidc token for "
	    "https://x.awsapps.com/start (expires 2026-01-01T00:00:00Z)");
	free(s);
	assert_string_equal(KEYS_SESSION_DESCRIPTION, "aws-vault session");
	assert_string_equal(KEYS_OIDC_DESCRIPTION, "aws-vault oidc token");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item_spec_example),
		cmocka_unit_test(test_item_go_files),
		cmocka_unit_test(test_item_lenient_and_strict),
		cmocka_unit_test(test_item_go_escaping),
		cmocka_unit_test(test_keys_spec_b2),
		cmocka_unit_test(test_keys_go_file_names),
		cmocka_unit_test(test_keys_legacy),
		cmocka_unit_test(test_keys_current_edges),
		cmocka_unit_test(test_keys_oidc_and_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
