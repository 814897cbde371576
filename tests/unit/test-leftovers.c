/* SPDX-License-Identifier: MIT */
/*
 * test-leftovers.c: the plaintext-key scan (vault/leftovers.h): the line
 * and file-name matchers, a scan of a home directory seeded with the
 * fixtures of tests/data/import plus links, decoys and an oversized file,
 * the keystore comparison, the report (which must not show a secret),
 * deleting and scrubbing.
 */
#include "test.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include "util/secbuf.h"
#include "util/str.h"
#include "vault/leftovers.h"

static char *
fixture_path(const char *name)
{
	const char *root = getenv("AV_SOURCE_ROOT");

	return xasprintf("%s/tests/data/import/%s", root != NULL ? root : ".",
	    name);
}

static char *
read_all(const char *path, size_t *lenp)
{
	struct buf b;

	buf_init(&b, 4 * 1024 * 1024);
	if (fs_read_file(path, b.max, &b) != 0)
		fail_msg("cannot read %s: %s", path, av_error_msg());
	if (lenp != NULL)
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

/* Copy fixture name to dir/rel; returns the new path (caller frees). */
static char *
put_fixture(const char *dir, const char *rel, const char *name)
{
	char *src = fixture_path(name), *dst = fs_join(dir, rel), *data;
	size_t len;

	data = read_all(src, &len);
	write_file(dst, data, len);
	free(data);
	free(src);
	return dst;
}

static bool
has_key(const char *s)
{
	return leftovers_line_has_key(s, strlen(s));
}

static void
test_line_matcher(void **state)
{
	(void)state;
	assert_true(has_key("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"));
	assert_true(has_key("AKIAIOSFODNN7EXAMPLE"));
	assert_true(has_key("id:ASIAEXAMPLETEMP01234,"));
	assert_true(has_key("aws_secret_access_key = "
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
	assert_true(has_key("AWS_SECRET_ACCESS_KEY=\"wJalrXUtnFEMI/K7MDENG/"
	    "bPxRfiCYEXAMPLEKEY\" aws s3 ls"));
	assert_true(has_key(": 1700000005:0;aws configure set "
	    "aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
	assert_true(has_key("  \"aws_secret_access_key\": "
	    "\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","));
	assert_true(has_key("- cmd: export AWS_SECRET_ACCESS_KEY='abcdefghij"
	    "klmnopqrst'"));

	/* Mentions without a literal value, and look-alikes. */
	assert_false(has_key("unset AWS_SECRET_ACCESS_KEY"));
	assert_false(has_key("echo $AWS_SECRET_ACCESS_KEY"));
	assert_false(has_key("export AWS_SECRET_ACCESS_KEY=$(pass show x)"));
	assert_false(has_key("aws_secret_access_key = <your secret>"));
	assert_false(has_key("aws_secret_access_key=short"));
	assert_false(has_key("aws_secret_access_keyabcdefghijklmnopqrstu"));
	assert_false(has_key("grep aws_secret_access_key ~/.aws/credentials"));
	assert_false(has_key("AKIAIOSFODNN7EXAMPL"));
	assert_false(has_key("XAKIAIOSFODNN7EXAMPLE"));
	assert_false(has_key("AKIAIOSFODNN7EXAMPLE1"));
	assert_false(has_key("AKIAIOSFODNN7EXAMPLe"));
	assert_false(has_key("aws sts get-caller-identity"));
	assert_false(has_key(""));
}

static void
test_names(void **state)
{
	(void)state;
	assert_true(leftovers_is_backup_name("credentials.bak", "credentials"));
	assert_true(leftovers_is_backup_name("credentials.bak.2024-01-01",
	    "credentials"));
	assert_true(leftovers_is_backup_name("credentials~", "credentials"));
	assert_true(leftovers_is_backup_name("credentials.old", "credentials"));
	assert_true(leftovers_is_backup_name("credentials.2024.bak",
	    "credentials"));
	assert_true(leftovers_is_backup_name("credentials-work",
	    "credentials"));
	assert_true(leftovers_is_backup_name("credentials copy",
	    "credentials"));
	assert_true(leftovers_is_backup_name(".credentials.swp",
	    "credentials"));
	assert_true(leftovers_is_backup_name("#credentials#", "credentials"));
	assert_true(leftovers_is_backup_name("creds.orig", "creds"));
	assert_false(leftovers_is_backup_name("credentials", "credentials"));
	assert_false(leftovers_is_backup_name("credentialsX", "credentials"));
	assert_false(leftovers_is_backup_name("config.bak", "credentials"));
	assert_false(leftovers_is_backup_name(".credentials.swpx",
	    "credentials"));

	assert_true(leftovers_is_csv_name("accessKeys.csv"));
	assert_true(leftovers_is_csv_name("alice_accessKeys.csv"));
	assert_true(leftovers_is_csv_name("accessKeys (1).csv"));
	assert_true(leftovers_is_csv_name("ACCESSKEYS.CSV"));
	assert_true(leftovers_is_csv_name("credentials.csv"));
	assert_true(leftovers_is_csv_name("new_user_credentials.csv"));
	assert_false(leftovers_is_csv_name("accessKeys.txt"));
	assert_false(leftovers_is_csv_name("report.csv"));
	assert_false(leftovers_is_csv_name(".csv"));
}

/* The seeded home directory of test_scan. */
struct home {
	char	*dir;		/* HOME */
	char	*outside;	/* a directory outside it */
	char	*histfile;	/* $HISTFILE, outside HOME */
};

static void
home_make(struct home *h)
{
	const char *p2;
	char *p;
	int fd;

	h->dir = test_mkdtemp();
	h->outside = test_mkdtemp();
	setenv("HOME", h->dir, 1);
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	unsetenv("XDG_DOWNLOAD_DIR");

	p = fs_join(h->dir, ".aws");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	free(put_fixture(h->dir, ".aws/credentials", "credentials"));
	/* A commented-out key after [sts]'s last key: line 20. */
	p = fs_join(h->dir, ".aws/credentials");
	{
		FILE *f = fopen(p, "a");

		assert_non_null(f);
		fputs("# aws_access_key_id = AKIAEXAMPLEOLD00OLD1\n", f);
		fclose(f);
	}
	free(p);
	free(put_fixture(h->dir, ".aws/credentials.bak.2024-01-01",
	    "credentials"));
	free(put_fixture(h->dir, ".aws/credentials.example",
	    "credentials.example"));
	free(put_fixture(h->dir, ".aws/config", "config"));

	p = fs_join(h->dir, "Downloads");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	free(put_fixture(h->dir, "Downloads/accessKeys.csv",
	    "accessKeys.csv"));
	free(put_fixture(h->dir, "Downloads/alice_accessKeys.csv",
	    "alice_accessKeys.csv"));
	free(put_fixture(h->dir, "Downloads/accessKeys_template.csv",
	    "accessKeys_template.csv"));
	p = fs_join(h->dir, "Downloads/link_accessKeys.csv");
	assert_int_equal(symlink("accessKeys.csv", p), 0);
	free(p);

	/* An oversized download (sparse). */
	p = fs_join(h->dir, "Documents");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = fs_join(h->dir, "Documents/big_accessKeys.csv");
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, LEFTOVERS_FILE_MAX + 1), 0);
	close(fd);
	free(p);

	/* Desktop is a link to a directory outside HOME: not searched. */
	free(put_fixture(h->outside, "accessKeys.csv", "accessKeys.csv"));
	p = fs_join(h->dir, "Desktop");
	assert_int_equal(symlink(h->outside, p), 0);
	free(p);

	free(put_fixture(h->dir, ".bash_history", "bash_history"));
	free(put_fixture(h->dir, ".zsh_history", "zsh_history"));
	/* A history link out of HOME is not followed... */
	p = fs_join(h->dir, ".histfile");
	h->histfile = fs_join(h->outside, "hist");
	p2 = "x\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n";
	write_file(h->histfile, p2, strlen(p2));
	assert_int_equal(symlink(h->histfile, p), 0);
	free(p);
	/* ...but $HISTFILE is read wherever it is. */
	setenv("HISTFILE", h->histfile, 1);
}

static void
home_free(struct home *h)
{
	test_rm_rf(h->dir);
	test_rm_rf(h->outside);
	free(h->dir);
	free(h->outside);
	free(h->histfile);
	unsetenv("HISTFILE");
}

static void
assert_finding(const struct leftover *l, enum leftover_kind kind,
    const char *home, const char *rel)
{
	char *want = rel[0] == '/' ? xstrdup(rel) : fs_join(home, rel);

	assert_int_equal(l->kind, kind);
	assert_string_equal(l->path, want);
	free(want);
}

static void
test_scan(void **state)
{
	const struct leftover *l;
	struct leftovers lo;
	struct home h;

	(void)state;
	home_make(&h);
	leftovers_init(&lo);
	leftovers_scan(&lo);
	assert_int_equal(lo.n, 10);

	l = &lo.v[0];
	assert_finding(l, LEFTOVER_PROFILE, h.dir, ".aws/credentials");
	assert_string_equal(l->profile, "default");
	assert_int_equal(l->lines[0], 2);
	assert_false(l->temporary);
	l = &lo.v[1];
	assert_finding(l, LEFTOVER_PROFILE, h.dir, ".aws/credentials");
	assert_string_equal(l->profile, "work");
	assert_int_equal(l->lines[0], 8);
	l = &lo.v[2];
	assert_string_equal(l->profile, "sts");
	assert_int_equal(l->lines[0], 16);
	assert_true(l->temporary);
	l = &lo.v[3];
	assert_finding(l, LEFTOVER_LINES, h.dir, ".aws/credentials");
	assert_int_equal(l->nlines, 1);
	assert_int_equal(l->lines[0], 20);

	l = &lo.v[4];
	assert_finding(l, LEFTOVER_BACKUP, h.dir,
	    ".aws/credentials.bak.2024-01-01");
	assert_int_equal(l->key_ids.n, 2);
	assert_string_equal(l->key_ids.v[0], "AKIAIOSFODNN7EXAMPLE");
	assert_string_equal(l->key_ids.v[1], "AKIAEXAMPLEWORK0WXYZ");

	l = &lo.v[5];
	assert_finding(l, LEFTOVER_CSV, h.dir, "Downloads/accessKeys.csv");
	assert_int_equal(l->key_ids.n, 1);
	assert_string_equal(l->key_ids.v[0], "AKIAEXAMPLECSV00CSV1");
	l = &lo.v[6];
	assert_finding(l, LEFTOVER_CSV, h.dir, "Downloads/alice_accessKeys.csv");
	assert_string_equal(l->key_ids.v[0], "AKIAEXAMPLEALICE0ALI");

	l = &lo.v[7];
	assert_finding(l, LEFTOVER_HISTORY, h.dir, ".bash_history");
	assert_int_equal(l->nlines, 3);
	assert_int_equal(l->lines[0], 2);
	assert_int_equal(l->lines[1], 3);
	assert_int_equal(l->lines[2], 5);
	l = &lo.v[8];
	assert_finding(l, LEFTOVER_HISTORY, h.dir, ".zsh_history");
	assert_int_equal(l->nlines, 1);
	assert_int_equal(l->lines[0], 2);
	l = &lo.v[9];
	assert_finding(l, LEFTOVER_HISTORY, h.dir, h.histfile);
	assert_int_equal(l->lines[0], 2);

	/* What was skipped, and why. */
	assert_int_equal(lo.notes.n, 2);
	assert_non_null(strstr(lo.notes.v[0], "Documents/big_accessKeys.csv: "
	    "larger than 16 MiB, not read"));
	assert_non_null(strstr(lo.notes.v[1], ".histfile: outside your home "
	    "directory (a link?), not read"));
	leftovers_release(&lo);
	home_free(&h);
}

static void
test_stored_and_report(void **state)
{
	struct leftovers lo;
	struct strv names, ids;
	struct home h;
	struct buf out;
	char *secrets, *line, *want;
	struct str s, one;

	(void)state;
	home_make(&h);
	leftovers_init(&lo);
	leftovers_scan(&lo);
	strv_init(&names);
	strv_init(&ids);
	strv_push(&names, "default");
	strv_push(&ids, "AKIAIOSFODNN7EXAMPLE");
	strv_push(&names, "csvuser");
	strv_push(&ids, "AKIAEXAMPLECSV00CSV1");
	leftovers_check_stored(&lo, &names, &ids);
	assert_int_equal(lo.v[4].stored, LEFTOVER_STORED_MISSING);
	assert_int_equal(lo.v[5].stored, LEFTOVER_STORED_ALL);
	assert_string_equal(lo.v[5].stored_as, "csvuser");
	assert_int_equal(lo.v[6].stored, LEFTOVER_STORED_MISSING);
	assert_false(leftovers_deletable(&lo.v[4]));
	assert_true(leftovers_deletable(&lo.v[5]));
	assert_false(leftovers_deletable(&lo.v[6]));
	assert_false(leftovers_deletable(&lo.v[7]));
	assert_false(leftovers_deletable(&lo.v[0]));

	buf_init(&out, SIZE_MAX);
	leftovers_format(&lo, &out);
	want = xasprintf(
	    "%1$s/.aws/credentials:2: [default] holds a long-term key: run "
	    "`aws-vault import default`\n"
	    "%1$s/.aws/credentials:8: [work] holds a long-term key: run "
	    "`aws-vault import work`\n"
	    "%1$s/.aws/credentials:16: [sts] holds temporary credentials: they "
	    "expire; delete the section when you no longer need it\n"
	    "%1$s/.aws/credentials: line 20 holds a key outside a profile (a "
	    "comment?): delete it\n"
	    "%1$s/.aws/credentials.bak.2024-01-01: a copy of access keys "
	    "****************MPLE, ****************WXYZ, not all in the "
	    "keystore: import them with `AWS_SHARED_CREDENTIALS_FILE=%1$s/.aws/"
	    "credentials.bak.2024-01-01 aws-vault import`, or delete it if they "
	    "are no longer used\n"
	    "%1$s/Downloads/accessKeys.csv: access key ****************CSV1, "
	    "in the keystore as profile \"csvuser\": delete it\n"
	    "%1$s/Downloads/alice_accessKeys.csv: access key "
	    "****************0ALI, not in the keystore: import it with "
	    "`aws-vault import --csv %1$s/Downloads/alice_accessKeys.csv "
	    "--profile NAME`\n"
	    "%1$s/.bash_history: lines 2, 3, 5 hold AWS keys: delete those "
	    "lines (`aws-vault doctor --scrub-history`)\n"
	    "%1$s/.zsh_history: line 2 holds an AWS key: delete it "
	    "(`aws-vault doctor --scrub-history`)\n"
	    "%2$s: line 2 holds an AWS key: delete it (`aws-vault doctor "
	    "--scrub-history`)\n", h.dir, h.histfile);
	assert_string_equal(buf_cstr(&out), want);
	free(want);

	/* No secret of the fixtures shows. */
	line = fixture_path("secrets");
	secrets = read_all(line, NULL);
	free(line);
	s = str_from(secrets);
	while (str_split(&s, '\n', &one)) {
		line = str_dup(one);
		if (*line != '\0' && strstr(buf_cstr(&out), line) != NULL)
			fail_msg("the report shows a secret");
		free(line);
	}
	free(secrets);
	buf_release(&out);

	/* Unknown keystore: the suggestion changes, --delete holds off. */
	leftovers_release(&lo);
	leftovers_scan(&lo);
	assert_int_equal(lo.v[5].stored, LEFTOVER_STORED_UNKNOWN);
	assert_false(leftovers_deletable(&lo.v[5]));
	buf_init(&out, SIZE_MAX);
	leftovers_format(&lo, &out);
	assert_non_null(strstr(buf_cstr(&out), "/Downloads/accessKeys.csv: "
	    "access key ****************CSV1: delete it after importing it "
	    "with `aws-vault import --csv "));
	assert_non_null(strstr(buf_cstr(&out), "credentials.bak.2024-01-01: "
	    "a copy of access keys ****************MPLE, ****************WXYZ: "
	    "delete it after importing what you still use\n"));
	buf_release(&out);

	strv_release(&names);
	strv_release(&ids);
	leftovers_release(&lo);
	home_free(&h);
}

static void
test_delete_and_scrub(void **state)
{
	struct leftovers lo;
	struct home h;
	char *got, *want, *p;
	size_t glen, wlen;

	(void)state;
	home_make(&h);
	leftovers_init(&lo);
	leftovers_scan(&lo);

	/* Only copies and downloads are deleted. */
	assert_int_equal(leftovers_delete(&lo.v[7]), AV_ERR_INVALID);
	assert_int_equal(leftovers_delete(&lo.v[5]), 0);
	assert_false(fs_exists(lo.v[5].path));
	p = fs_join(h.dir, "Downloads/link_accessKeys.csv");
	assert_true(fs_exists(p));	/* the dangling link was not a finding */
	free(p);

	/* History: exactly the flagged lines go; mode kept (0640: not what
	 * a new private file gets). */
	assert_int_equal(chmod(lo.v[7].path, 0640), 0);
	assert_int_equal(leftovers_scrub(&lo.v[7]), 0);
	assert_int_equal(leftovers_scrub(&lo.v[8]), 0);
	got = read_all(lo.v[7].path, &glen);
	p = fixture_path("bash_history.expected");
	want = read_all(p, &wlen);
	free(p);
	assert_int_equal(glen, wlen);
	assert_memory_equal(got, want, wlen);
	free(got);
	free(want);
	got = read_all(lo.v[8].path, &glen);
	p = fixture_path("zsh_history.expected");
	want = read_all(p, &wlen);
	free(p);
	assert_int_equal(glen, wlen);
	assert_memory_equal(got, want, wlen);
	free(got);
	free(want);
	{
		struct stat st;

		assert_int_equal(stat(lo.v[7].path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
	}

	/* A second scrub with the stale finding changes nothing. */
	assert_int_equal(leftovers_scrub(&lo.v[7]), AV_ERR_INVALID);
	assert_non_null(strstr(av_error_msg(), "changed since it was "
	    "scanned"));
	got = read_all(lo.v[7].path, &glen);
	p = fixture_path("bash_history.expected");
	want = read_all(p, &wlen);
	free(p);
	assert_int_equal(glen, wlen);
	assert_memory_equal(got, want, wlen);
	free(got);
	free(want);
	assert_int_equal(leftovers_scrub(&lo.v[5]), AV_ERR_INVALID);

	leftovers_release(&lo);
	home_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_matcher),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_stored_and_report),
		cmocka_unit_test(test_delete_and_scrub),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
