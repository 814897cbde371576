/* SPDX-License-Identifier: MIT */
/*
 * test-ini.c: the AWS-flavoured INI reader against the rules of spec 5.2
 * and the verified example of spec 5.6.  Expected values are written out
 * from the spec, not computed.
 */
#include "test.h"

#include <malloc.h>

#include "config/ini.h"

/*
 * To see what INI_SECRET leaves in freed memory, this binary wraps free():
 * while test_free_marker is set, every block about to be freed is searched
 * for it.  glibc only, and not under AddressSanitizer, which owns free.
 */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if defined(__GLIBC__) && !defined(TEST_ASAN)
#define TEST_FREE_HOOK 1
void __libc_free(void *);

static const char *test_free_marker;
static int test_free_hits;

void
free(void *p)
{
	if (p != NULL && test_free_marker != NULL &&
	    memmem(p, malloc_usable_size(p), test_free_marker,
	    strlen(test_free_marker)) != NULL)
		test_free_hits++;
	__libc_free(p);
}
#endif

/* The input of the spec's 5.6 rewrite example, verbatim. */
static const char spec_example[] =
    "# top comment\n"
    "[default]\n"
    "region = us-east-1   ; inline comment\n"
    "output = json\n"
    "\n"
    "; comment before section\n"
    "[profile Work]\n"
    "Role_Arn = arn:aws:iam::111111111111:role/ReadOnly\n"
    "mfa_serial=arn:aws:iam::111111111111:mfa/me # note\n"
    "sso_start_url = https://x.awsapps.com/start#/\n"
    "s3 =\n"
    "  max_concurrent_requests = 10\n"
    "region: eu-west-1\n";

static struct ini *
parse_ok(const char *text)
{
	struct ini *ini = NULL;

	if (ini_parse(text, strlen(text), "t.ini", &ini) != 0)
		fail_msg("parse failed: %s", av_error_msg());
	return ini;
}

/* Parsing fails with msg; len 0 means strlen(text). */
static void
parse_err(const char *text, size_t len, const char *msg)
{
	struct ini *ini = (struct ini *)1;

	if (len == 0)
		len = strlen(text);
	assert_int_equal(ini_parse(text, len, "t.ini", &ini), AV_ERR_INVALID);
	assert_null(ini);
	assert_string_equal(av_error_msg(), msg);
}

/* The value of key in section sname. */
static const char *
get(const struct ini *ini, const char *sname, const char *key)
{
	const struct ini_section *sec = ini_section_find(ini, sname);

	return sec != NULL ? ini_get(sec, key, NULL) : NULL;
}

static void
check_spec_example(const struct ini *ini)
{
	const struct ini_section *work, *def;
	unsigned line;

	assert_int_equal(ini_section_count(ini), 3);
	assert_string_equal(ini_section_at(ini, 0)->name, "DEFAULT");
	assert_int_equal(ini_section_at(ini, 0)->nkeys, 0);
	def = ini_section_at(ini, 1);
	work = ini_section_at(ini, 2);
	assert_string_equal(def->name, "default");
	assert_int_equal(def->line, 2);
	assert_string_equal(work->name, "profile Work");
	assert_int_equal(work->line, 7);
	assert_ptr_equal(ini_section_find(ini, "profile Work"), work);
	assert_null(ini_section_find(ini, "profile work"));

	assert_string_equal(ini_get(def, "region", &line), "us-east-1");
	assert_int_equal(line, 3);
	assert_string_equal(ini_get(def, "output", &line), "json");
	assert_int_equal(line, 4);

	assert_int_equal(work->nkeys, 5);
	assert_string_equal(work->keys[0].name, "role_arn");
	assert_string_equal(ini_get(work, "role_arn", &line),
	    "arn:aws:iam::111111111111:role/ReadOnly");
	assert_int_equal(line, 8);
	assert_string_equal(ini_get(work, "ROLE_ARN", NULL),
	    "arn:aws:iam::111111111111:role/ReadOnly");
	assert_string_equal(ini_get(work, "mfa_serial", NULL),
	    "arn:aws:iam::111111111111:mfa/me");
	assert_string_equal(ini_get(work, "sso_start_url", NULL),
	    "https://x.awsapps.com/start#/");
	assert_string_equal(ini_get(work, "s3", &line), "");
	assert_int_equal(line, 11);
	assert_string_equal(ini_get_nested(work, "s3",
	    "max_concurrent_requests", &line), "10");
	assert_int_equal(line, 12);
	assert_string_equal(ini_get(work, "region", &line), "eu-west-1");
	assert_int_equal(line, 13);
	assert_null(ini_get(work, "output", &line));
	assert_int_equal(line, 0);
}

static void
test_spec_example(void **state)
{
	struct ini *ini;

	(void)state;
	ini = parse_ok(spec_example);
	assert_string_equal(ini_filename(ini), "t.ini");
	check_spec_example(ini);
	ini_free(ini);
}

/* The same file with CRLF line ends and a UTF-8 byte-order mark. */
static void
test_crlf_bom(void **state)
{
	struct buf b;
	struct ini *ini;
	const char *p;

	(void)state;
	buf_init(&b, 4096);
	buf_puts(&b, "\xef\xbb\xbf");
	for (p = spec_example; *p != '\0'; p++) {
		if (*p == '\n')
			buf_putc(&b, '\r');
		buf_putc(&b, *p);
	}
	ini = parse_ok(buf_cstr(&b));
	check_spec_example(ini);
	ini_free(ini);
	buf_release(&b);

	/* A raw multi-line value keeps its CRLF inside. */
	ini = parse_ok("[s]\r\nk = `a\r\nb`\r\n");
	assert_string_equal(get(ini, "s", "k"), "a\r\nb");
	ini_free(ini);
}

static void
test_comments_and_delimiters(void **state)
{
	struct ini *ini;

	(void)state;
	ini = parse_ok(
	    "# c1\n"
	    "; c2\n"
	    "  # indented comment\n"
	    "[s]\n"
	    "\t; another\n"
	    "a:b=c\n"
	    "d=e:f\n"
	    "  g  =  h i  \n"
	    "Mixed_Case = 1\n"
	    "empty =\n"
	    "colon_empty:\n");
	assert_string_equal(get(ini, "s", "a"), "b=c");
	assert_string_equal(get(ini, "s", "d"), "e:f");
	assert_string_equal(get(ini, "s", "g"), "h i");
	assert_string_equal(get(ini, "s", "mixed_case"), "1");
	assert_string_equal(get(ini, "s", "MIXED_CASE"), "1");
	assert_string_equal(get(ini, "s", "empty"), "");
	assert_string_equal(get(ini, "s", "colon_empty"), "");
	assert_int_equal(ini_section_find(ini, "s")->nkeys, 6);
	ini_free(ini);
}

/* BN: only " #" and then " ;" start an inline comment. */
static void
test_inline_comments(void **state)
{
	struct ini *ini;

	(void)state;
	ini = parse_ok(
	    "[s]\n"
	    "url = https://x.awsapps.com/start#/\n"
	    "a = x #c\n"
	    "b = x;y\n"
	    "c = x ;y # z\n"
	    "d = #x\n"
	    "e = ;x\n"
	    "f = x\t#y\n"
	    "g = x ;y\n"
	    "h = 'q' # quoted then comment\n");
	assert_string_equal(get(ini, "s", "url"),
	    "https://x.awsapps.com/start#/");
	assert_string_equal(get(ini, "s", "a"), "x");
	assert_string_equal(get(ini, "s", "b"), "x;y");
	assert_string_equal(get(ini, "s", "c"), "x ;y");
	assert_string_equal(get(ini, "s", "d"), "#x");
	assert_string_equal(get(ini, "s", "e"), ";x");
	assert_string_equal(get(ini, "s", "f"), "x\t#y");
	assert_string_equal(get(ini, "s", "g"), "x");
	assert_string_equal(get(ini, "s", "h"), "q");
	ini_free(ini);
}

static void
test_quoting(void **state)
{
	struct ini *ini;
	unsigned line;

	(void)state;
	ini = parse_ok(
	    "[s]\n"
	    "raw = `x # y ; z` trailing text is ignored\n"
	    "multi = `line1\n"
	    "line2 # not a comment\n"
	    "end` after\n"
	    "triple = \"\"\"one\n"
	    "two\"\"\"\n"
	    "triple1 = \"\"\"a \"quoted\" b\"\"\"\n"
	    "sq = 'single'\n"
	    "dq = \"double\"\n"
	    "inner = \"a\"b\"\n"
	    "unmatched = 'x\n"
	    "mixed = 'x\"\n"
	    "empty = \"\"\n"
	    "next = 1\n");
	assert_string_equal(get(ini, "s", "raw"), "x # y ; z");
	assert_string_equal(get(ini, "s", "multi"),
	    "line1\nline2 # not a comment\nend");
	assert_string_equal(get(ini, "s", "triple"), "one\ntwo");
	assert_string_equal(get(ini, "s", "triple1"), "a \"quoted\" b");
	assert_string_equal(get(ini, "s", "sq"), "single");
	assert_string_equal(get(ini, "s", "dq"), "double");
	assert_string_equal(get(ini, "s", "inner"), "\"a\"b\"");
	assert_string_equal(get(ini, "s", "unmatched"), "'x");
	assert_string_equal(get(ini, "s", "mixed"), "'x\"");
	assert_string_equal(get(ini, "s", "empty"), "");
	/* Line numbers keep counting through multi-line values. */
	assert_string_equal(ini_get(ini_section_find(ini, "s"), "next",
	    &line), "1");
	assert_int_equal(line, 15);
	ini_free(ini);

	/* Quoted key names. */
	ini = parse_ok("[s]\n\"my key\" = v1\n`k=2` = v2\n");
	assert_string_equal(get(ini, "s", "my key"), "v1");
	assert_string_equal(get(ini, "s", "k=2"), "v2");
	ini_free(ini);
}

static void
test_continuation(void **state)
{
	struct ini *ini;
	unsigned line;

	(void)state;
	ini = parse_ok(
	    "[s]\n"
	    "a = x \\\n"
	    "   y\n"
	    "b = 1\\\n"
	    "2\\\n"
	    "  3\n"
	    "c = stop\\\n"
	    "\n"
	    "d = kept # continuation lines keep comments \\\n"
	    "[not a section] # consumed\n"
	    "e = 5\n");
	assert_string_equal(get(ini, "s", "a"), "x y");
	assert_string_equal(get(ini, "s", "b"), "123");
	assert_string_equal(get(ini, "s", "c"), "stop");
	assert_string_equal(get(ini, "s", "d"),
	    "kept # continuation lines keep comments "
	    "[not a section] # consumed");
	assert_null(ini_section_find(ini, "not a section"));
	assert_string_equal(ini_get(ini_section_find(ini, "s"), "e", &line),
	    "5");
	assert_int_equal(line, 11);
	ini_free(ini);
}

static void
test_nested(void **state)
{
	const struct ini_section *sec;
	struct ini *ini;
	unsigned line;

	(void)state;
	ini = parse_ok(
	    "[services local]\n"
	    "sts =\n"
	    "  endpoint_url = http://127.0.0.1:5000\n"
	    "\tregion = x\n"
	    "iam =\n"
	    "  Endpoint_URL=http://127.0.0.1:6000\n"
	    "  endpoint_url = http://127.0.0.1:7000\n"
	    "plain = v\n"
	    "  indented = not nested after a non-empty value\n");
	sec = ini_section_find(ini, "services local");
	assert_non_null(sec);
	assert_string_equal(ini_get_nested(sec, "sts", "endpoint_url", &line),
	    "http://127.0.0.1:5000");
	assert_int_equal(line, 3);
	assert_string_equal(ini_get_nested(sec, "STS", "region", NULL), "x");
	/* The last of several wins. */
	assert_string_equal(ini_get_nested(sec, "iam", "endpoint_url", &line),
	    "http://127.0.0.1:7000");
	assert_int_equal(line, 7);
	assert_null(ini_get_nested(sec, "sso", "endpoint_url", &line));
	assert_int_equal(line, 0);
	assert_string_equal(ini_get(sec, "sts", NULL), "");
	assert_string_equal(ini_get(sec, "plain", NULL), "v");
	assert_string_equal(ini_get(sec, "indented", NULL),
	    "not nested after a non-empty value");
	ini_free(ini);

	/* go-ini quirk: the "last value was empty" state survives a header,
	 * so an indented line under the next header is still nested. */
	ini = parse_ok(
	    "[profile a]\n"
	    "s3 =\n"
	    "[profile b]\n"
	    "  region = us-east-1\n");
	assert_null(get(ini, "profile b", "region"));
	assert_string_equal(ini_get_nested(ini_section_find(ini,
	    "profile a"), "s3", "region", NULL), "us-east-1");
	ini_free(ini);
}

static void
test_duplicates_and_default(void **state)
{
	const struct ini_section *sec;
	struct ini *ini;
	unsigned line;

	(void)state;
	ini = parse_ok(
	    "top = 1\n"
	    "[profile a]\n"
	    "region = r1\n"
	    "output = o\n"
	    "[default]\n"
	    "region = d\n"
	    "[profile a]\n"
	    "region = r2\n"
	    "extra = e\n"
	    "[DEFAULT]\n"
	    "more = 2\n");
	assert_int_equal(ini_section_count(ini), 3);
	sec = ini_section_at(ini, 0);
	assert_string_equal(sec->name, "DEFAULT");
	assert_string_equal(ini_get(sec, "top", NULL), "1");
	assert_string_equal(ini_get(sec, "more", NULL), "2");
	sec = ini_section_at(ini, 1);
	assert_string_equal(sec->name, "profile a");
	assert_int_equal(sec->line, 2);
	assert_int_equal(sec->nkeys, 3);
	assert_string_equal(sec->keys[0].name, "region");
	assert_string_equal(ini_get(sec, "region", &line), "r2");
	assert_int_equal(line, 8);
	assert_string_equal(sec->keys[2].name, "extra");
	assert_string_equal(ini_section_at(ini, 2)->name, "default");
	assert_string_equal(get(ini, "default", "region"), "d");
	assert_null(get(ini, "default", "top"));
	ini_free(ini);

	/* Section names are not trimmed; go-ini takes up to the last ']'. */
	ini = parse_ok("[ profile x ]\na=1\n[profile a]b] ; c\nb=2\n");
	assert_string_equal(get(ini, " profile x ", "a"), "1");
	assert_string_equal(get(ini, "profile a]b", "b"), "2");
	ini_free(ini);
}

static void
test_errors(void **state)
{
	(void)state;
	parse_err("[s]\na = 1\nthis line has no delimiter\n", 0,
	    "t.ini:3: key-value delimiter not found");
	parse_err("[s]\n[unclosed\n", 0, "t.ini:2: unclosed section header");
	parse_err("\n\n[]\n", 0, "t.ini:3: empty section name");
	parse_err("[s]\n = v\n", 0, "t.ini:2: empty key name");
	parse_err("[s]\nk = `open\nmore\n", 0,
	    "t.ini:2: missing closing backquote of a multi-line value");
	parse_err("[s]\nk = \"\"\"open\n", 0,
	    "t.ini:2: missing closing \"\"\" of a multi-line value");
	parse_err("[s]\n\"key = v\n", 0, "t.ini:2: missing closing key quote");
	parse_err("[s]\na = 1\nb = x\0y\n", 18, "t.ini:3: NUL byte in file");
	/* The offending text (maybe a secret) never reaches the message. */
	parse_err("[s]\nwJalrXUtnFEMI/K7MDENG\n", 0,
	    "t.ini:2: key-value delimiter not found");
}

static void
test_unicode_space(void **state)
{
	struct ini *ini;

	(void)state;
	/* Go's TrimSpace knows NBSP (U+00A0) and IDEOGRAPHIC SPACE. */
	ini = parse_ok("[s]\nregion =\xc2\xa0" "eu-west-1\xc2\xa0\n"
	    "\xe3\x80\x80" "k2 = v\n");
	assert_string_equal(get(ini, "s", "region"), "eu-west-1");
	assert_string_equal(get(ini, "s", "k2"), "v");
	ini_free(ini);
}

static void
test_size_bound(void **state)
{
	struct ini *ini = NULL;
	char *big;

	(void)state;
	big = xmalloc(INI_SIZE_MAX + 1);
	/* A comment line as long as the whole bound. */
	big[0] = '#';
	memset(big + 1, 'x', INI_SIZE_MAX);
	assert_int_equal(ini_parse(big, INI_SIZE_MAX, "big", &ini), 0);
	ini_free(ini);
	assert_int_equal(ini_parse(big, INI_SIZE_MAX + 1, "big", &ini),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "big: larger than 1048576 bytes");

	free(big);
}

static void
test_many_keys(void **state)
{
	struct ini *ini;
	struct buf b;
	char name[32];
	int i;

	(void)state;
	buf_init(&b, INI_SIZE_MAX);
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "[profile p%d]\nregion = r%d\n", i, i);
	buf_puts(&b, "[profile p7]\n");
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "k%d = %d\n", i, i);
	ini = parse_ok(buf_cstr(&b));
	assert_int_equal(ini_section_count(ini), 20001);
	assert_string_equal(get(ini, "profile p19999", "region"), "r19999");
	for (i = 0; i < 20000; i += 997) {
		char val[16];

		snprintf(name, sizeof(name), "K%d", i);
		snprintf(val, sizeof(val), "%d", i);
		assert_string_equal(get(ini, "profile p7", name), val);
	}
	assert_string_equal(get(ini, "profile p7", "region"), "r7");
	ini_free(ini);
	buf_release(&b);
}

/* a and b hold the same sections, keys, values, lines and nested lines. */
static void
assert_ini_equal(const struct ini *a, const struct ini *b)
{
	const struct ini_section *sa, *sb;
	size_t i, j, k;

	assert_int_equal(ini_section_count(a), ini_section_count(b));
	for (i = 0; i < ini_section_count(a); i++) {
		sa = ini_section_at(a, i);
		sb = ini_section_at(b, i);
		assert_string_equal(sa->name, sb->name);
		assert_int_equal(sa->line, sb->line);
		assert_int_equal(sa->nkeys, sb->nkeys);
		for (j = 0; j < sa->nkeys; j++) {
			assert_string_equal(sa->keys[j].name,
			    sb->keys[j].name);
			assert_string_equal(sa->keys[j].value,
			    sb->keys[j].value);
			assert_int_equal(sa->keys[j].line, sb->keys[j].line);
			assert_int_equal(sa->keys[j].nnested,
			    sb->keys[j].nnested);
			for (k = 0; k < sa->keys[j].nnested; k++)
				assert_string_equal(sa->keys[j].nested[k].text,
				    sb->keys[j].nested[k].text);
		}
	}
}

/* A credentials file whose secret (the marker) is copied every way the
 * reader copies values: a replaced duplicate, a multi-line value and a
 * continuation that outgrow the first value buffer, a nested line. */
#define SECRET_MARK "wJalrXUtnFEMI"
static const char secret_text[] =
    "[default]\n"
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = " SECRET_MARK "/first/duplicate\n"
    "aws_secret_access_key = \"\"\"" SECRET_MARK "/K7MDENG/bPxRfiCY\n"
    "  " SECRET_MARK "/line-two-makes-the-buffer-grow-past-64-bytes\n"
    "  " SECRET_MARK "/line-three-grows-it-again-past-128-bytes-xxxxxxxxx\n"
    "  end\"\"\"\n"
    "aws_session_token = " SECRET_MARK "/continued/over/lines/xxxxxxxxxxxxx"
    "xxxxxxxx\\\n"
    "  " SECRET_MARK "/second/continuation/line/xxxxxxxxxxxxxxxxxxxxxxxxxx\\\n"
    "  " SECRET_MARK "/third\n"
    "s3 =\n"
    "  token = " SECRET_MARK "/nested\n";

/* INI_SECRET changes nothing in the results, and no block freed while
 * parsing (success or error) or by ini_free still holds a value. */
static void
test_secret_flag(void **state)
{
	struct ini *plain = NULL, *secret = NULL;
	const char *v;
	int r;

	(void)state;
	assert_int_equal(ini_parse(secret_text, strlen(secret_text), "c",
	    &plain), 0);
	assert_int_equal(ini_parse_flags(secret_text, strlen(secret_text), "c",
	    INI_SECRET, &secret), 0);
	assert_ini_equal(plain, secret);
	v = ini_get(ini_section_find(secret, "default"),
	    "aws_secret_access_key", NULL);
	assert_string_equal(v, SECRET_MARK "/K7MDENG/bPxRfiCY\n"
	    "  " SECRET_MARK "/line-two-makes-the-buffer-grow-past-64-bytes\n"
	    "  " SECRET_MARK "/line-three-grows-it-again-past-128-bytes-"
	    "xxxxxxxxx\n  end");
	assert_string_equal(ini_get(ini_section_find(secret, "default"),
	    "aws_session_token", NULL), SECRET_MARK "/continued/over/lines/"
	    "xxxxxxxxxxxxxxxxxxxxx" SECRET_MARK "/second/continuation/line/"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxx" SECRET_MARK "/third");
	assert_string_equal(ini_get_nested(ini_section_find(secret,
	    "default"), "s3", "token", NULL), SECRET_MARK "/nested");
	ini_free(plain);
	ini_free(secret);
	/* The same error either way. */
	r = ini_parse_flags("[s]\nk = \"\"\"open\n", 15, "c", INI_SECRET,
	    &secret);
	assert_int_equal(r, AV_ERR_INVALID);
	assert_null(secret);
	assert_string_equal(av_error_msg(),
	    "c:2: missing closing \"\"\" of a multi-line value");

#ifdef TEST_FREE_HOOK
	/* Without the flag the copies stay in freed memory: the hook sees
	 * them (so it would see a missed wipe). */
	test_free_hits = 0;
	test_free_marker = SECRET_MARK;
	assert_int_equal(ini_parse(secret_text, strlen(secret_text), "c",
	    &plain), 0);
	ini_free(plain);
	test_free_marker = NULL;
	assert_true(test_free_hits >= 6);

	test_free_hits = 0;
	test_free_marker = SECRET_MARK;
	assert_int_equal(ini_parse_flags(secret_text, strlen(secret_text), "c",
	    INI_SECRET, &secret), 0);
	ini_free(secret);
	/* An error after a multi-line value has grown twice. */
	r = ini_parse_flags(secret_text, (size_t)(strstr(secret_text,
	    "  end") - secret_text), "c", INI_SECRET, &secret);
	test_free_marker = NULL;
	assert_int_equal(r, AV_ERR_INVALID);
	assert_null(secret);
	assert_int_equal(test_free_hits, 0);
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_comments_and_delimiters),
		cmocka_unit_test(test_inline_comments),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_duplicates_and_default),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unicode_space),
		cmocka_unit_test(test_size_bound),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_secret_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
