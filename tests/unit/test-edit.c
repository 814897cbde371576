/* SPDX-License-Identifier: MIT */
/*
 * test-edit.c: appending a profile section to the config file.  The
 * result must be the old bytes plus the new section, and must parse to
 * the same sections and keys as the file the Go tool writes (spec 5.6
 * and shared/testdata/go-file-backend/aws-config-after-add).
 */
#include "test.h"

#include <sys/stat.h>

#include <unistd.h>

#include "config/edit.h"
#include "config/ini.h"

/* The input and the Go output of the spec's 5.6 example, verbatim. */
static const char spec_input[] =
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

static const char spec_go_output[] =
    "# top comment\n"
    "[default]\n"
    "; inline comment\n"
    "region=us-east-1\n"
    "output=json\n"
    "\n"
    "; comment before section\n"
    "[profile Work]\n"
    "role_arn=arn:aws:iam::111111111111:role/ReadOnly\n"
    "# note\n"
    "mfa_serial=arn:aws:iam::111111111111:mfa/me\n"
    "sso_start_url=`https://x.awsapps.com/start#/`\n"
    "s3=\n"
    "  max_concurrent_requests = 10\n"
    "region=eu-west-1\n"
    "\n"
    "[profile llamas]\n"
    "mfa_serial=arn:aws:iam::1:mfa/x\n";

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *
read_file(const char *path, size_t *lenp)
{
	struct buf b;

	buf_init(&b, 4 * 1024 * 1024);
	if (fs_read_file(path, b.max, &b) != 0)
		fail_msg("read %s: %s", path, av_error_msg());
	*lenp = b.len;
	return buf_detach(&b);
}

/* Both texts parse to the same non-empty sections, keys, values and
 * nested values, in the same order. */
static void
assert_same_ini(const char *a, size_t alen, const char *b, size_t blen)
{
	struct ini *x = NULL, *y = NULL;
	const struct ini_section *sx, *sy;
	size_t i, j, k;

	assert_int_equal(ini_parse(a, alen, "a", &x), 0);
	assert_int_equal(ini_parse(b, blen, "b", &y), 0);
	/* The implicit DEFAULT section is always first and empty here. */
	assert_int_equal(ini_section_count(x), ini_section_count(y));
	for (i = 0; i < ini_section_count(x); i++) {
		sx = ini_section_at(x, i);
		sy = ini_section_at(y, i);
		assert_string_equal(sx->name, sy->name);
		assert_int_equal(sx->nkeys, sy->nkeys);
		for (j = 0; j < sx->nkeys; j++) {
			assert_string_equal(sx->keys[j].name, sy->keys[j].name);
			assert_string_equal(sx->keys[j].value,
			    sy->keys[j].value);
			assert_int_equal(sx->keys[j].nnested,
			    sy->keys[j].nnested);
			for (k = 0; k < sx->keys[j].nnested; k++)
				assert_string_equal(sx->keys[j].nested[k].text,
				    sy->keys[j].nested[k].text);
		}
	}
	ini_free(x);
	ini_free(y);
}

static void
test_append_spec_example(void **state)
{
	static const char added[] =
	    "\n[profile llamas]\nmfa_serial=arn:aws:iam::1:mfa/x\n";
	struct stat st;
	char *dir, *path, *got, *want;
	size_t len;

	(void)state;
	dir = test_mkdtemp();
	path = fs_join(dir, "config");
	write_file(path, spec_input, strlen(spec_input));
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(config_append_profile(path, "llamas",
	    "arn:aws:iam::1:mfa/x"), 0);
	got = read_file(path, &len);
	want = xasprintf("%s%s", spec_input, added);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(got, want, len);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* Same meaning as the file the Go tool writes. */
	assert_same_ini(got, len, spec_go_output, strlen(spec_go_output));
	free(got);
	free(want);
	test_rm_rf(dir);
	free(path);
	free(dir);
}

/* The Go tool's file after `add p1` and `add org/dev` on a config with
 * [default] and [profile p3] (go-file-backend/README.md). */
static void
test_append_like_go(void **state)
{
	static const char input[] =
	    "[default]\n"
	    "region = us-east-1\n"
	    "\n"
	    "[profile p3]\n"
	    "region = us-east-1\n"
	    "mfa_serial = arn:aws:iam::123456789012:mfa/peeruser\n";
	char *dir, *path, *got, *go;
	size_t len, golen;

	(void)state;
	dir = test_mkdtemp();
	path = fs_join(dir, "config");
	write_file(path, input, strlen(input));
	assert_int_equal(config_append_profile(path, "p1", NULL), 0);
	assert_int_equal(config_append_profile(path, "org/dev", ""), 0);
	got = read_file(path, &len);
	assert_string_equal(got,
	    "[default]\n"
	    "region = us-east-1\n"
	    "\n"
	    "[profile p3]\n"
	    "region = us-east-1\n"
	    "mfa_serial = arn:aws:iam::123456789012:mfa/peeruser\n"
	    "\n"
	    "[profile p1]\n"
	    "\n"
	    "[profile org/dev]\n");
	go = test_read_data("go-file-backend/aws-config-after-add", &golen);
	assert_same_ini(got, len, go, golen);
	free(go);
	free(got);
	test_rm_rf(dir);
	free(path);
	free(dir);
}

static void
test_create_and_layout(void **state)
{
	struct stat st;
	char *dir, *path, *got, *link;
	mode_t old;
	size_t len;

	(void)state;
	dir = test_mkdtemp();
	path = fs_join(dir, "config");

	/* A missing file is created with 0666 minus umask. */
	old = umask(027);
	assert_int_equal(config_append_profile(path, "default",
	    "arn:aws:iam::1:mfa/d"), 0);
	umask(old);
	got = read_file(path, &len);
	assert_string_equal(got,
	    "[default]\nmfa_serial=arn:aws:iam::1:mfa/d\n");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);

	/* No final newline: one is added, then the blank line. */
	write_file(path, "[profile a]\nregion = r", 22);
	assert_int_equal(config_append_profile(path, "b", NULL), 0);
	got = read_file(path, &len);
	assert_string_equal(got, "[profile a]\nregion = r\n\n[profile b]\n");
	free(got);

	/* Already ending with a blank line: no second one. */
	write_file(path, "[profile a]\n\n", 13);
	assert_int_equal(config_append_profile(path, "b", NULL), 0);
	got = read_file(path, &len);
	assert_string_equal(got, "[profile a]\n\n[profile b]\n");
	free(got);

	/* CRLF files get CRLF lines. */
	write_file(path, "[profile a]\r\nregion = r\r\n", 25);
	assert_int_equal(config_append_profile(path, "b", "m"), 0);
	got = read_file(path, &len);
	assert_string_equal(got, "[profile a]\r\nregion = r\r\n\r\n"
	    "[profile b]\r\nmfa_serial=m\r\n");
	free(got);

	/* A symbolic link is written through and stays a link. */
	write_file(path, "[profile a]\n", 12);
	link = fs_join(dir, "link");
	assert_int_equal(symlink("config", link), 0);
	assert_int_equal(config_append_profile(link, "c", NULL), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	got = read_file(path, &len);
	assert_string_equal(got, "[profile a]\n\n[profile c]\n");
	free(got);
	free(link);

	test_rm_rf(dir);
	free(path);
	free(dir);
}

static void
test_refusals(void **state)
{
	char *dir, *path, *got;
	size_t len;

	(void)state;
	dir = test_mkdtemp();
	path = fs_join(dir, "config");
	write_file(path, "[profile a]\n", 12);
	assert_int_equal(config_append_profile(path, "x\ny", NULL),
	    AV_ERR_INVALID);
	assert_int_equal(config_append_profile(path, "x", "a\nb"),
	    AV_ERR_INVALID);
	/* Values that go-ini would read back differently. */
	assert_int_equal(config_append_profile(path, "x", "'quoted'"),
	    AV_ERR_INVALID);
	assert_string_equal(av_error_msg(), "cannot write mfa_serial to the "
	    "config file: the value would not read back unchanged");
	assert_int_equal(config_append_profile(path, "x", "arn #comment"),
	    AV_ERR_INVALID);
	assert_int_equal(config_append_profile(path, "x", "ends\\"),
	    AV_ERR_INVALID);
	/* Nothing was written. */
	got = read_file(path, &len);
	assert_string_equal(got, "[profile a]\n");
	free(got);
	test_rm_rf(dir);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_spec_example),
		cmocka_unit_test(test_append_like_go),
		cmocka_unit_test(test_create_and_layout),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
