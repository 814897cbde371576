/* SPDX-License-Identifier: MIT */
/*
 * test-credfile.c: the shared credentials file and access-key CSV files
 * (config/credfile.h): parsing, byte-exact section removal (comments,
 * CRLF, a missing final newline, a byte-order mark, nested values,
 * repeated sections, layouts that must be refused), the atomic rewrite,
 * and CSV parsing of both console layouts with its error messages.
 * Expected texts are written out by hand; the fixture files are the ones
 * the integration tests use (tests/data/import).
 */
#include "test.h"

#include <sys/stat.h>

#include <unistd.h>

#include "config/credfile.h"
#include "config/edit.h"
#include "util/secbuf.h"

/* A fixture file under tests/data/import; caller frees. */
static char *
fixture(const char *name, size_t *lenp)
{
	const char *root = getenv("AV_SOURCE_ROOT");
	char *path = xasprintf("%s/tests/data/import/%s",
	    root != NULL ? root : ".", name);
	struct buf b;

	buf_init(&b, 1024 * 1024);
	if (fs_read_file(path, b.max, &b) != 0)
		fail_msg("cannot read %s: %s", path, av_error_msg());
	free(path);
	*lenp = b.len;
	return buf_detach(&b);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Remove names (NULL-terminated) from in; the result must be want. */
static void
assert_removes(const char *in, const char *want, ...)
{
	struct secbuf *out = NULL;
	struct strv names;
	const char *n;
	va_list ap;
	int r;

	strv_init(&names);
	va_start(ap, want);
	while ((n = va_arg(ap, const char *)) != NULL)
		strv_push(&names, n);
	va_end(ap);
	r = credfile_remove(in, strlen(in), "creds", &names, &out);
	if (r != 0)
		fail_msg("credfile_remove: %s", av_error_msg());
	assert_int_equal(secbuf_len(out), strlen(want));
	assert_memory_equal(secbuf_ptr(out), want, strlen(want));
	secbuf_free(out);
	strv_release(&names);
}

/* Removing name from in fails with code, and the message holds what. */
static void
assert_remove_fails(const char *in, const char *name, int code,
    const char *what)
{
	struct secbuf *out = NULL;
	struct strv names;

	strv_init(&names);
	strv_push(&names, name);
	assert_int_equal(credfile_remove(in, strlen(in), "creds", &names,
	    &out), code);
	assert_null(out);
	assert_non_null(strstr(av_error_msg(), what));
	strv_release(&names);
}

static void
test_parse_fixture(void **state)
{
	const struct credfile_section *s;
	struct credfile *cf = NULL;
	char *text;
	size_t len;

	(void)state;
	text = fixture("credentials", &len);
	assert_int_equal(credfile_parse(text, len, "creds", &cf), 0);
	assert_int_equal(cf->nsections, 3);

	s = credfile_find(cf, "default");
	assert_non_null(s);
	assert_int_equal(s->line, 2);
	assert_string_equal(s->access_key_id, "AKIAIOSFODNN7EXAMPLE");
	assert_string_equal(secbuf_ptr(s->secret),
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	assert_false(s->temporary);
	assert_int_equal(s->settings.n, 2);
	assert_string_equal(s->settings.v[0], "region");
	assert_string_equal(s->settings.v[1], "eu-west-1");

	s = credfile_find(cf, "work");
	assert_non_null(s);
	assert_int_equal(s->line, 8);
	assert_string_equal(s->access_key_id, "AKIAEXAMPLEWORK0WXYZ");
	assert_int_equal(s->settings.n, 2);
	assert_string_equal(s->settings.v[0], "mfa_serial");
	assert_string_equal(s->settings.v[1],
	    "arn:aws:iam::111111111111:mfa/worker");
	assert_int_equal(s->nested.n, 1);
	assert_string_equal(s->nested.v[0], "s3");

	s = credfile_find(cf, "sts");
	assert_non_null(s);
	assert_true(s->temporary);
	assert_int_equal(s->settings.n, 0);
	assert_null(credfile_find(cf, "DEFAULT"));
	assert_null(credfile_find(cf, "nope"));

	/* The credential keys' lines: 3 4 9 10 17 18 19. */
	assert_int_equal(cf->nkey_lines, 7);
	assert_int_equal(cf->key_lines[0], 3);
	assert_int_equal(cf->key_lines[3], 10);
	assert_int_equal(cf->key_lines[6], 19);
	credfile_free(cf);
	free(text);
}

static void
test_parse_edges(void **state)
{
	static const char keys_first[] =
	    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
	    "[only-id]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
	    "[empty-secret]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
	    "aws_secret_access_key =\n"
	    "[legacy]\nAWS_Access_Key_ID = AKIAIOSFODNN7EXAMPLE\n"
	    "aws_secret_access_key = x\naws_security_token = t\n";
	const struct credfile_section *s;
	struct credfile *cf = NULL;

	(void)state;
	assert_int_equal(credfile_parse(keys_first, strlen(keys_first), "c",
	    &cf), 0);
	/* Keys before the first header are no profile's. */
	assert_int_equal(cf->nsections, 3);
	s = credfile_find(cf, "only-id");
	assert_non_null(s->access_key_id);
	assert_null(s->secret);
	s = credfile_find(cf, "empty-secret");
	assert_null(s->secret);
	s = credfile_find(cf, "legacy");
	assert_string_equal(s->access_key_id, "AKIAIOSFODNN7EXAMPLE");
	assert_true(s->temporary);
	credfile_free(cf);

	assert_int_equal(credfile_parse("[a\n", 3, "bad", &cf),
	    AV_ERR_INVALID);
	assert_null(cf);
	assert_string_equal(av_error_msg(), "bad:1: unclosed section header");
}

static void
test_remove_fixture(void **state)
{
	char *in, *want;
	size_t len, wlen;

	(void)state;
	in = fixture("credentials", &len);
	want = fixture("credentials.expected", &wlen);
	assert_int_equal(strlen(in), len);
	assert_removes(in, want, "default", "work", NULL);
	free(in);
	free(want);
}

static void
test_remove_layouts(void **state)
{
	(void)state;
	/* A middle section takes its trailing blank line, not the comment
	 * above the next header nor the one above its own. */
	assert_removes(
	    "[a]\nk = 1\n\n# about b\n[b]\nk = 2\n# b's old key\nk2 = 3\n\n"
	    "# about c\n[c]\nk = 3\n",
	    "[a]\nk = 1\n\n# about b\n# about c\n[c]\nk = 3\n", "b", NULL);
	/* The last section takes the blank lines before it. */
	assert_removes("[a]\nk = 1\n\n\n[b]\nk = 2\n\n", "[a]\nk = 1\n",
	    "b", NULL);
	/* No final newline. */
	assert_removes("[a]\nk = 1\n\n[b]\nk = 2", "[a]\nk = 1\n", "b", NULL);
	assert_removes("[a]\nk = 1\n\n[b]\nk = 2", "[b]\nk = 2", "a", NULL);
	/* CRLF kept as it is. */
	assert_removes("; top\r\n[a]\r\nk = 1\r\n\r\n[b]\r\nk = 2\r\n",
	    "; top\r\n[b]\r\nk = 2\r\n", "a", NULL);
	assert_removes("[a]\r\nk = 1\r\n\r\n[b]\r\nk = 2\r\n",
	    "[a]\r\nk = 1\r\n", "b", NULL);
	/* A byte-order mark stays in front. */
	assert_removes("\xef\xbb\xbf[a]\nk = 1\n[b]\nk = 2\n",
	    "\xef\xbb\xbf[b]\nk = 2\n", "a", NULL);
	/* Nested values go with their section, and stay with another. */
	assert_removes("[a]\ns3 =\n  max = 10\n  x = y\n\n[b]\ns3 =\n"
	    "  max = 20\n", "[b]\ns3 =\n  max = 20\n", "a", NULL);
	assert_removes("[a]\ns3 =\n  max = 10\n\n[b]\nk = 2\n",
	    "[a]\ns3 =\n  max = 10\n", "b", NULL);
	/* Every header of a repeated section. */
	assert_removes("[a]\nk = 1\n[b]\nk = 2\n[a]\nj = 3\n[c]\nk = 4\n",
	    "[b]\nk = 2\n[c]\nk = 4\n", "a", NULL);
	/* Everything: the comments remain, or nothing does. */
	assert_removes("# keys\n[a]\nk = 1\n\n[b]\nk = 2\n", "# keys\n",
	    "a", "b", NULL);
	assert_removes("[a]\nk = 1\n\n[b]\nk = 2\n", "", "b", "a", NULL);
	/* Header with a comment after it, and odd spacing. */
	assert_removes("  [a] ; note\n  k = 1\n[b]\nk = 2\n",
	    "[b]\nk = 2\n", "a", NULL);
	/* Keys before the first header stay (no profile owns them). */
	assert_removes("k = 0\n[a]\nk = 1\n", "k = 0\n", "a", NULL);
}

static void
test_remove_refusals(void **state)
{
	(void)state;
	assert_remove_fails("[a]\nk = 1\n", "b", AV_ERR_NOT_FOUND,
	    "no section [b] in creds");
	assert_remove_fails("k = 1\n[a]\n", "DEFAULT", AV_ERR_NOT_FOUND,
	    "no section [DEFAULT]");
	/* "[b]" inside a multi-line value is not a header: refuse rather
	 * than cut the value. */
	assert_remove_fails("[a]\nk = `x\n[b]\ny`\n[b]\nz = 1\n", "b",
	    AV_ERR_INVALID, "cannot remove [b] from creds without changing "
	    "the rest");
	/* An indented line after `key =` is a nested value of a, even if it
	 * looks like a header: refuse. */
	assert_remove_fails("[a]\nk =\n  [b]\n[b]\nz = 1\n", "b",
	    AV_ERR_INVALID, "without changing the rest");
	assert_remove_fails("[a\n", "a", AV_ERR_INVALID,
	    "creds:1: unclosed section header");
}

static void
test_save_without(void **state)
{
	struct credfile *cf = NULL;
	struct strv names;
	struct stat st;
	struct buf b;
	char *dir, *path, *link, *in, *want;
	size_t len, wlen;

	(void)state;
	dir = test_mkdtemp();
	path = fs_join(dir, "credentials");
	link = fs_join(dir, "link");
	in = fixture("credentials", &len);
	want = fixture("credentials.expected", &wlen);
	write_file(path, in, len);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(symlink("credentials", link), 0);
	strv_init(&names);
	strv_push(&names, "default");
	strv_push(&names, "work");

	/* Through the link: the target is rewritten, the link stays. */
	assert_int_equal(credfile_load(link, &cf), 0);
	assert_int_equal(credfile_save_without(cf, &names), 0);
	credfile_free(cf);
	buf_init(&b, 1024 * 1024);
	assert_int_equal(fs_read_file(path, b.max, &b), 0);
	assert_int_equal(b.len, wlen);
	assert_memory_equal(b.p, want, wlen);
	buf_release(&b);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* A file changed after loading is left alone. */
	write_file(path, in, len);
	assert_int_equal(credfile_load(path, &cf), 0);
	write_file(path, "[x]\n", 4);
	assert_int_equal(credfile_save_without(cf, &names), AV_ERR_INVALID);
	assert_non_null(strstr(av_error_msg(), "changed while importing"));
	credfile_free(cf);
	buf_init(&b, 1024);
	assert_int_equal(fs_read_file(path, b.max, &b), 0);
	assert_string_equal(buf_cstr(&b), "[x]\n");
	buf_release(&b);

	free(link);
	link = fs_join(dir, "missing");
	assert_int_equal(credfile_load(link, &cf), AV_ERR_NOT_FOUND);
	assert_null(cf);
	strv_release(&names);
	test_rm_rf(dir);
	free(in);
	free(want);
	free(link);
	free(path);
	free(dir);
}

static void
test_csv_layouts(void **state)
{
	static const char quoted[] =
	    "\"Access key ID\",\"Secret access key\"\n"
	    "\n"
	    "\"AKIAIOSFODNN7EXAMPLE\",\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n"
	    "\n";
	static const char legacy[] =
	    "User Name,Access Key Id,Secret Access Key\r\n"
	    "\"bob, the \"\"builder\"\"\",AKIAIOSFODNN7EXAMPLE,abc+/def\r\n"
	    "carol,AKIAEXAMPLEWORK0WXYZ,xyz\r\n";
	struct credfile_csv *csv = NULL;
	char *text;
	size_t len;

	(void)state;
	/* The console's current layout: BOM, CRLF. */
	text = fixture("accessKeys.csv", &len);
	assert_int_equal(credfile_csv_parse(text, len, "a.csv", &csv), 0);
	assert_int_equal(csv->nkeys, 1);
	assert_string_equal(csv->keys[0].access_key_id,
	    "AKIAEXAMPLECSV00CSV1");
	assert_string_equal(secbuf_ptr(csv->keys[0].secret),
	    "csvEXAMPLEsecretKey/0123456789abcdefghijk");
	assert_null(csv->keys[0].user);
	assert_int_equal(csv->keys[0].line, 2);
	credfile_csv_free(csv);
	free(text);

	/* The old layout with the user name, password and link. */
	text = fixture("alice_accessKeys.csv", &len);
	assert_int_equal(credfile_csv_parse(text, len, "b.csv", &csv), 0);
	assert_int_equal(csv->nkeys, 1);
	assert_string_equal(csv->keys[0].user, "alice");
	assert_string_equal(csv->keys[0].access_key_id,
	    "AKIAEXAMPLEALICE0ALI");
	assert_string_equal(secbuf_ptr(csv->keys[0].secret),
	    "aliceEXAMPLEsecretKey/0123456789abcdefghi");
	credfile_csv_free(csv);
	free(text);

	assert_int_equal(credfile_csv_parse(quoted, strlen(quoted), "q.csv",
	    &csv), 0);
	assert_int_equal(csv->nkeys, 1);
	assert_int_equal(csv->keys[0].line, 3);
	assert_string_equal(secbuf_ptr(csv->keys[0].secret),
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	credfile_csv_free(csv);

	assert_int_equal(credfile_csv_parse(legacy, strlen(legacy), "l.csv",
	    &csv), 0);
	assert_int_equal(csv->nkeys, 2);
	assert_string_equal(csv->keys[0].user, "bob, the \"builder\"");
	assert_string_equal(secbuf_ptr(csv->keys[0].secret), "abc+/def");
	assert_string_equal(csv->keys[1].user, "carol");
	assert_string_equal(csv->keys[1].access_key_id,
	    "AKIAEXAMPLEWORK0WXYZ");
	assert_int_equal(csv->keys[1].line, 3);
	credfile_csv_free(csv);
}

/* Parsing text fails with exactly msg, which never shows a value. */
static void
assert_csv_error(const char *text, size_t len, const char *msg)
{
	struct credfile_csv *csv = NULL;

	assert_int_equal(credfile_csv_parse(text, len, "k.csv", &csv),
	    AV_ERR_INVALID);
	assert_null(csv);
	assert_string_equal(av_error_msg(), msg);
}

#define CSV_ERR(text, msg)	assert_csv_error(text, sizeof(text) - 1, msg)

static void
test_csv_errors(void **state)
{
	(void)state;
	CSV_ERR("", "k.csv: the file is empty");
	CSV_ERR("\n\r\n", "k.csv: the file is empty");
	CSV_ERR("Access key ID,Secret access key\n",
	    "k.csv: no access key after the header");
	CSV_ERR("AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
	    "k.csv:1: the header has no \"Access key ID\" column");
	CSV_ERR("Access key ID,Password\nAKIAIOSFODNN7EXAMPLE,x\n",
	    "k.csv:1: the header has no \"Secret access key\" column");
	CSV_ERR("Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE\n",
	    "k.csv:2: 1 field, but the header has 2");
	CSV_ERR("Access key ID,Secret access key\n\n"
	    "AKIAIOSFODNN7EXAMPLE,wJalr,extra\n",
	    "k.csv:3: 3 fields, but the header has 2");
	CSV_ERR("Access key ID,Secret access key\n"
	    "AKIAIOSFODNN7EXAMPLE,\"wJalr\n\nXUtn\n",
	    "k.csv:2: a quoted field is not closed");
	CSV_ERR("Access key ID,Secret access key\n"
	    "AKIAIOSFODNN7EXAMPLE,\"wJalr\"XUtn\n",
	    "k.csv:2: text after the closing quote of a field");
	CSV_ERR("Access key ID,Secret access key\nAKIA\"X,wJalr\n",
	    "k.csv:2: a quote inside a field that does not start with one");
	CSV_ERR("Access key ID,Secret access key\n ,wJalrXUtnFEMI\n",
	    "k.csv:2: the access key ID is empty");
	CSV_ERR("Access key ID,Secret access key\nakiaiosfodnn7example,x\n",
	    "k.csv:2: the access key ID is not 16 to 128 upper-case letters "
	    "and digits");
	CSV_ERR("Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,\n",
	    "k.csv:2: the secret access key is empty");
	CSV_ERR("Access key ID,Secret access key\n"
	    "AKIAIOSFODNN7EXAMPLE,wJalr XUtn\n",
	    "k.csv:2: the secret access key holds a space, a control or a "
	    "non-ASCII character");
	CSV_ERR("A\0c\nx\n", "k.csv:1: a NUL byte (is the file UTF-16? save "
	    "it as UTF-8)");
}

static void
test_key_ids(void **state)
{
	char mask[CREDFILE_MASK_LEN];

	(void)state;
	assert_true(credfile_is_key_id("AKIAIOSFODNN7EXAMPLE"));
	assert_true(credfile_is_key_id("ASIAEXAMPLETEMP01234"));
	assert_false(credfile_is_key_id("AKIAIOSFODNN7EX"));
	assert_false(credfile_is_key_id("AKIAIOSFODNN7EXAMPLe"));
	assert_false(credfile_is_key_id(""));
	assert_string_equal(credfile_mask_key_id("AKIAEXAMPLEWORK0WXYZ",
	    mask), "****************WXYZ");
	assert_string_equal(credfile_mask_key_id("abc", mask),
	    "****************");
}

static void
test_append_settings(void **state)
{
	struct strv settings;
	struct buf b;
	char *dir, *path;

	(void)state;
	dir = test_mkdtemp();
	path = fs_join(dir, "config");
	write_file(path, "[profile x]\r\n", 13);
	strv_init(&settings);
	strv_push(&settings, "region");
	strv_push(&settings, "eu-west-1");
	strv_push(&settings, "output");
	strv_push(&settings, "json");
	assert_int_equal(config_append_profile_settings(path, "y", &settings),
	    0);
	buf_init(&b, 4096);
	assert_int_equal(fs_read_file(path, b.max, &b), 0);
	assert_string_equal(buf_cstr(&b), "[profile x]\r\n\r\n[profile y]\r\n"
	    "region=eu-west-1\r\noutput=json\r\n");
	buf_release(&b);
	/* A value that would read back as something else is refused. */
	strv_release(&settings);
	strv_push(&settings, "region");
	strv_push(&settings, "eu-west-1 # no");
	assert_int_equal(config_append_profile_settings(path, "z", &settings),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "cannot write region to the "
	    "config file: the value would not read back unchanged");
	strv_release(&settings);
	test_rm_rf(dir);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_parse_edges),
		cmocka_unit_test(test_remove_fixture),
		cmocka_unit_test(test_remove_layouts),
		cmocka_unit_test(test_remove_refusals),
		cmocka_unit_test(test_save_without),
		cmocka_unit_test(test_csv_layouts),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_key_ids),
		cmocka_unit_test(test_append_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
