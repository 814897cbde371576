/* SPDX-License-Identifier: MIT */
/*
 * test-file.c: the file backend (keyring/file.c) on a copy of the
 * directory the Go aws-vault left (shared/testdata/go-file-backend), and
 * on fresh directories: listing order and decoding, every Go item, round
 * trips, modes, refusal of readable files, wrong passphrases that change
 * nothing, tampering, file-name escaping (spec 11.3, B.3), a 64 KiB item,
 * concurrent writers, passphrase sourcing, and Python decrypting what we
 * wrote.
 */
#include "test.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <unistd.h>

#include "aws/creds.h"
#include "keyring/keyring.h"
#include "util/crypto.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "vault/credjson.h"

#define PW_ENV	"AWS_VAULT_FILE_PASSPHRASE"

static const char *const go_keys[] = {
	"org/dev",
	"p1",
	"p3",
	"sts.GetSessionToken,b3JnL2Rldg,,1796005026",
	"sts.GetSessionToken,cDE,,1796005026",
	("sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvcGVl"
	    "cnVzZXI,1796005026"),
};

struct fixture {
	char			*tmp;	/* removed at the end */
	char			*dir;	/* the key directory */
	struct keyring_config	 cfg;
	struct keyring		*kr;
	int			 prompts;
	const char		*answer;
};

static int
fixture_prompt(void *arg, const char *dir, struct secbuf **pwp)
{
	struct fixture *f = arg;

	assert_string_equal(dir, f->dir);
	f->prompts++;
	*pwp = secbuf_from_str(f->answer);
	return 0;
}

static void
run(const char *const *argv)
{
	struct spawn sp;
	int st;

	memset(&sp, 0, sizeof(sp));
	sp.argv = argv;
	assert_int_equal(spawn_run(&sp, &st), 0);
	assert_int_equal(st, 0);
}

/* A private copy of the Go directory (git keeps no modes: fix them). */
static struct fixture *
fixture_go(void)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char *src = test_data_path("go-file-backend/keys");
	const char *cp[] = { "cp", "-r", src, NULL, NULL };
	struct dirent *de;
	DIR *d;
	char *p;

	f->tmp = test_mkdtemp();
	f->dir = fs_join(f->tmp, "keys");
	cp[3] = f->dir;
	run(cp);
	assert_int_equal(chmod(f->dir, 0700), 0);
	assert_non_null(d = opendir(f->dir));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = fs_join(f->dir, de->d_name);
		assert_int_equal(chmod(p, 0600), 0);
		free(p);
	}
	closedir(d);
	free(src);
	f->cfg.backend = "file";
	f->cfg.file_dir = f->dir;
	setenv(PW_ENV, "test", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	assert_string_equal(keyring_name(f->kr), "file");
	return f;
}

/* An empty temp dir and a key dir below it that does not exist yet. */
static struct fixture *
fixture_empty(void)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->tmp = test_mkdtemp();
	f->dir = fs_join(f->tmp, "a/b/keys");
	f->cfg.backend = "file";
	f->cfg.file_dir = f->dir;
	setenv(PW_ENV, "pw", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	return f;
}

static void
fixture_free(struct fixture *f)
{
	keyring_close(f->kr);
	test_rm_rf(f->tmp);
	free(f->tmp);
	free(f->dir);
	free(f);
	unsetenv(PW_ENV);
}

/* Names, modes and bytes of every entry: to prove nothing changed. */
static char *
snapshot(const char *dir)
{
	struct strv names;
	struct dirent *de;
	struct stat st;
	struct buf b;
	DIR *d;
	size_t i;
	char *p;

	strv_init(&names);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
			strv_push(&names, de->d_name);
	closedir(d);
	strv_sort(&names);
	buf_init(&b, 64 << 20);
	for (i = 0; i < names.n; i++) {
		p = fs_join(dir, names.v[i]);
		assert_int_equal(lstat(p, &st), 0);
		assert_int_equal(buf_printf(&b, "%s %o %lld\n", names.v[i],
		    (unsigned)st.st_mode, (long long)st.st_mtim.tv_nsec), 0);
		if (S_ISREG(st.st_mode))
			assert_int_equal(fs_read_file(p, b.max, &b), 0);
		free(p);
	}
	strv_release(&names);
	return buf_detach(&b);
}

static struct keyring_item *
get_ok(struct keyring *kr, const char *key)
{
	struct keyring_item *item = NULL;

	if (keyring_get(kr, key, &item) != 0)
		fail_msg("get %s: %s", key, av_error_msg());
	assert_string_equal(item->key, key);
	return item;
}

static void
set_ok(struct keyring *kr, const char *key, const void *data, size_t n)
{
	struct keyring_item *item = keyring_item_new(key, data, n, "label",
	    "desc");

	if (keyring_set(kr, item) != 0)
		fail_msg("set %s: %s", key, av_error_msg());
	keyring_item_free(item);
}

static void
test_go_dir(void **state)
{
	struct fixture *f = fixture_go();
	struct keyring_item *item;
	struct aws_creds *c;
	struct strv keys;
	size_t i;

	(void)state;
	strv_init(&keys);
	assert_int_equal(keyring_keys(f->kr, &keys), 0);
	assert_int_equal(keys.n, AV_ARRAY_SIZE(go_keys));
	for (i = 0; i < keys.n; i++)
		assert_string_equal(keys.v[i], go_keys[i]);
	strv_release(&keys);

	/* The cheap check needs neither an open keyring nor a passphrase. */
	unsetenv(PW_ENV);
	assert_false(keyring_item_gone(&f->cfg, "file", "p1"));
	assert_false(keyring_item_gone(&f->cfg, "file", "org/dev"));
	assert_true(keyring_item_gone(&f->cfg, "file", "org%2Fdev"));
	assert_true(keyring_item_gone(&f->cfg, "file", "nope"));
	assert_false(keyring_item_gone(&f->cfg, "file", ".."));
	setenv(PW_ENV, "test", 1);

	static const struct {
		const char *key, *akid, *secret;
	} masters[] = {
		{ "p1", "AKIAIOSFODNN7EXAMPLE",
		    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
		{ "org/dev", "AKIAI44QH8DHBEXAMPLE",
		    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY" },
		{ "p3", "AKIAJEXAMPLEMFAUSER1",
		    "fakeFakeFakeMfaSecretKeyEXAMPLE0000000000" },
	};
	for (i = 0; i < AV_ARRAY_SIZE(masters); i++) {
		item = get_ok(f->kr, masters[i].key);
		c = NULL;
		assert_int_equal(credjson_master_parse(secbuf_ptr(item->data),
		    secbuf_len(item->data), &c), 0);
		assert_string_equal(c->access_key_id, masters[i].akid);
		assert_string_equal(secbuf_ptr(c->secret_access_key),
		    masters[i].secret);
		aws_creds_free(c);
		keyring_item_free(item);
	}
	for (i = 3; i < AV_ARRAY_SIZE(go_keys); i++) {
		item = get_ok(f->kr, go_keys[i]);
		assert_string_equal(item->description, "aws-vault session");
		c = NULL;
		assert_int_equal(credjson_session_parse(secbuf_ptr(item->data),
		    secbuf_len(item->data), &c), 0);
		assert_string_equal(c->access_key_id, "AKIAIOSFODNN7EXAMPLE");
		assert_string_equal(secbuf_ptr(c->secret_access_key),
		    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
		assert_true(str_has_prefix(aws_creds_token(c), "AQoEXAMPLEH4"));
		assert_int_equal(c->expires, 1796005026);
		if (i == 4)
			assert_non_null(strstr(secbuf_ptr(item->data),
			    "\"Expiration\":\"2026-11-30T02:17:06.798703Z\""));
		aws_creds_free(c);
		keyring_item_free(item);
	}
	fixture_free(f);
}

static void
test_round_trip_and_modes(void **state)
{
	struct fixture *f = fixture_empty();
	struct keyring_item *item;
	struct strv keys;
	struct stat st;
	char *p;

	(void)state;
	assert_false(fs_exists(f->dir));
	set_ok(f->kr, "jonsmith", "{\"AccessKeyID\":\"A\"}", 19);
	assert_int_equal(stat(f->dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	p = fs_join(f->dir, "jonsmith");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(p);
	item = get_ok(f->kr, "jonsmith");
	assert_string_equal(secbuf_ptr(item->data), "{\"AccessKeyID\":\"A\"}");
	assert_string_equal(item->label, "label");
	assert_string_equal(item->description, "desc");
	keyring_item_free(item);
	/* Overwrite. */
	set_ok(f->kr, "jonsmith", "v2", 2);
	item = get_ok(f->kr, "jonsmith");
	assert_string_equal(secbuf_ptr(item->data), "v2");
	keyring_item_free(item);
	/* Keys sees exactly one, and no temp file is left behind (Keys
	 * skips those: the directory is listed). */
	strv_init(&keys);
	assert_int_equal(keyring_keys(f->kr, &keys), 0);
	assert_int_equal(keys.n, 1);
	strv_release(&keys);
	strv_init(&keys);
	assert_int_equal(fs_list_dir(f->dir, &keys), 0);
	assert_int_equal(keys.n, 1);
	strv_release(&keys);
	assert_true(keyring_has(f->kr, "jonsmith"));
	/* Remove, then remove again. */
	assert_int_equal(keyring_remove(f->kr, "jonsmith"), 0);
	assert_false(keyring_has(f->kr, "jonsmith"));
	assert_int_equal(keyring_remove(f->kr, "jonsmith"), AV_ERR_NOT_FOUND);
	p = xasprintf("remove %s/jonsmith: no such file or directory", f->dir);
	assert_string_equal(av_error_msg(), p);
	free(p);
	item = NULL;
	assert_int_equal(keyring_get(f->kr, "jonsmith", &item),
	    AV_ERR_NOT_FOUND);
	assert_string_equal(av_error_msg(),
	    "the specified item could not be found in the keyring");
	assert_null(item);
	fixture_free(f);
}

static void
test_readable_file_refused(void **state)
{
	struct fixture *f = fixture_go();
	struct keyring_item *item = NULL;
	char *p = fs_join(f->dir, "p1");

	(void)state;
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_INVALID);
	assert_non_null(strstr(av_error_msg(), "accessible by other users"));
	assert_null(item);
	assert_int_equal(chmod(p, 0604), 0);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_INVALID);
	assert_int_equal(chmod(p, 0600), 0);
	item = get_ok(f->kr, "p1");
	keyring_item_free(item);
	free(p);
	fixture_free(f);
}

static void
test_wrong_passphrase_changes_nothing(void **state)
{
	struct fixture *f = fixture_go();
	struct keyring_item *item = NULL, *nitem;
	char *before, *after;

	(void)state;
	keyring_close(f->kr);
	setenv(PW_ENV, "wrong", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	before = snapshot(f->dir);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_AUTH);
	assert_null(item);
	assert_non_null(strstr(av_error_msg(), "wrong passphrase, or the file "
	    "was modified (AES key unwrap integrity check failed)"));
	assert_null(strchr(av_error_msg(), '\n'));
	/* Set refuses, both for an existing and for a new key. */
	nitem = keyring_item_new("p1", "x", 1, "", "");
	assert_int_equal(keyring_set(f->kr, nitem), AV_ERR_AUTH);
	keyring_item_free(nitem);
	nitem = keyring_item_new("brand-new", "x", 1, "", "");
	assert_int_equal(keyring_set(f->kr, nitem), AV_ERR_AUTH);
	assert_non_null(strstr(av_error_msg(), "wrong passphrase"));
	keyring_item_free(nitem);
	after = snapshot(f->dir);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* The right one works, in a new keyring. */
	keyring_close(f->kr);
	setenv(PW_ENV, "test", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	set_ok(f->kr, "brand-new", "x", 1);
	item = get_ok(f->kr, "brand-new");
	keyring_item_free(item);
	fixture_free(f);
}

/* Garbage and tampered files do not block writes and fail alone. */
static void
test_tampered_file(void **state)
{
	struct fixture *f = fixture_go();
	struct keyring_item *item = NULL;
	char *p = fs_join(f->dir, "p1"), *q;
	struct buf b;
	size_t mid;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(fs_read_file(p, b.max, &b), 0);
	/* A byte of the ciphertext. */
	mid = (size_t)(strrchr(b.p, '.') - b.p) - 10;
	b.p[mid] = b.p[mid] == 'A' ? 'B' : 'A';
	assert_int_equal(fs_write_atomic(p, b.p, b.len, 0600), 0);
	buf_release(&b);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_AUTH);
	q = xasprintf("%s: wrong passphrase, or the file was modified "
	    "(authentication tag mismatch)", p);
	assert_string_equal(av_error_msg(), q);
	free(q);
	/* The others still open; a write still works. */
	item = get_ok(f->kr, "p3");
	keyring_item_free(item);
	set_ok(f->kr, "another", "y", 1);
	/* A file that is not a JWE at all. */
	assert_int_equal(fs_write_atomic(p, "garbage", 7, 0600), 0);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_INVALID);
	free(p);
	fixture_free(f);
}

static void
test_escaping(void **state)
{
	static const struct {
		const char *key, *file;
	} v[] = {
		/* spec B.3 */
		{ "abc/.././123", "abc%2F..%2F.%2F123" },
		{ "oidc:https://x.awsapps.com/start#/",
		    "oidc:https:%2F%2Fx.awsapps.com%2Fstart#%2F" },
		{ "100%", "100%25" },
		{ "%2F", "%252F" },
		{ "with space, comma=equals:colon",
		    "with space, comma=equals:colon" },
		{ "pr\xc3\xb8" "fil-\xc3\xa9-\xf0\x9f\x98\x80",
		    "pr\xc3\xb8" "fil-\xc3\xa9-\xf0\x9f\x98\x80" },
		{ ".hidden", ".hidden" },
		{ "sts.GetSessionToken,am9uc21pdGg,,1767225600",
		    "sts.GetSessionToken,am9uc21pdGg,,1767225600" },
	};
	struct fixture *f = fixture_empty();
	struct keyring_item *item, *bad;
	struct strv keys;
	char *p;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(v); i++) {
		set_ok(f->kr, v[i].key, v[i].file, strlen(v[i].file));
		p = fs_join(f->dir, v[i].file);
		if (!fs_exists(p))
			fail_msg("no file %s", v[i].file);
		free(p);
		item = get_ok(f->kr, v[i].key);
		assert_string_equal(secbuf_ptr(item->data), v[i].file);
		keyring_item_free(item);
	}
	strv_init(&keys);
	assert_int_equal(keyring_keys(f->kr, &keys), 0);
	assert_int_equal(keys.n, AV_ARRAY_SIZE(v));
	for (i = 0; i < AV_ARRAY_SIZE(v); i++)
		assert_true(strv_contains(&keys, v[i].key));
	strv_release(&keys);

	/* Keys that would address the directory or its parent. */
	bad = keyring_item_new("..", "x", 1, "", "");
	assert_int_equal(keyring_set(f->kr, bad), AV_ERR_INVALID);
	keyring_item_free(bad);
	bad = keyring_item_new("", "x", 1, "", "");
	assert_int_equal(keyring_set(f->kr, bad), AV_ERR_INVALID);
	keyring_item_free(bad);
	assert_int_equal(keyring_remove(f->kr, "."), AV_ERR_INVALID);
	fixture_free(f);
}

/* Keys(): every entry, sorted by file name, decoded leniently; our own
 * temp files are skipped. */
static void
test_keys_listing(void **state)
{
	static const char *const names[] = {
		"b%2f%zz%4",		/* lower-case hex, junk, short */
		"a%25",
		"%41",
		"p1.tmp-AbC123",	/* in-flight temp file: skipped */
		"p1.tmp-AbC12",		/* not ours: listed */
		".dot",
	};
	struct fixture *f = fixture_empty();
	struct strv keys;
	char *p;
	size_t i;

	(void)state;
	assert_int_equal(fs_mkdir_p(f->dir, 0700), 0);
	for (i = 0; i < AV_ARRAY_SIZE(names); i++) {
		p = fs_join(f->dir, names[i]);
		assert_int_equal(fs_write_atomic(p, "x", 1, 0600), 0);
		free(p);
	}
	p = fs_join(f->dir, "sub");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	strv_init(&keys);
	assert_int_equal(keyring_keys(f->kr, &keys), 0);
	/* File-name order: "%41" < ".dot" < "a%25" < "b%2f..." < "p1..." */
	assert_int_equal(keys.n, 6);
	assert_string_equal(keys.v[0], "A");
	assert_string_equal(keys.v[1], ".dot");
	assert_string_equal(keys.v[2], "a%");
	assert_string_equal(keys.v[3], "b/%zz%4");
	assert_string_equal(keys.v[4], "p1.tmp-AbC12");
	assert_string_equal(keys.v[5], "sub");
	strv_release(&keys);
	fixture_free(f);
}

static void
test_big_item(void **state)
{
	struct fixture *f = fixture_empty();
	struct keyring_item *item;
	unsigned char *data = xmalloc(BUF_ITEM_MAX + 1);

	(void)state;
	assert_int_equal(crypto_random(data, BUF_ITEM_MAX + 1), 0);
	set_ok(f->kr, "big", data, BUF_ITEM_MAX);
	item = get_ok(f->kr, "big");
	assert_int_equal(secbuf_len(item->data), BUF_ITEM_MAX);
	assert_memory_equal(secbuf_ptr(item->data), data, BUF_ITEM_MAX);
	keyring_item_free(item);
	item = keyring_item_new("bigger", data, BUF_ITEM_MAX + 1, "", "");
	assert_int_equal(keyring_set(f->kr, item), AV_ERR_INVALID);
	keyring_item_free(item);
	free(data);
	fixture_free(f);
}

/* N processes write different keys (and one shared key) at once. */
static void
test_concurrent_writers(void **state)
{
	enum { N = 8, ROUNDS = 5 };
	struct fixture *f = fixture_empty();
	struct keyring_item *item;
	struct strv keys;
	pid_t pids[N];
	char key[32], val[32];
	int i, j, st;

	(void)state;
	for (i = 0; i < N; i++) {
		if ((pids[i] = fork()) == 0) {
			struct keyring *kr = NULL;
			struct keyring_item *it;
			int bad = 0;

			if (keyring_open(&f->cfg, &kr) != 0)
				_exit(2);
			for (j = 0; j < ROUNDS; j++) {
				snprintf(key, sizeof(key), "k%d-%d", i, j);
				snprintf(val, sizeof(val), "v%d-%d", i, j);
				it = keyring_item_new(key, val, strlen(val),
				    "", "");
				bad |= keyring_set(kr, it) != 0;
				keyring_item_free(it);
				it = keyring_item_new("shared", val,
				    strlen(val), "", "");
				bad |= keyring_set(kr, it) != 0;
				keyring_item_free(it);
			}
			keyring_close(kr);
			_exit(bad);
		}
		assert_true(pids[i] > 0);
	}
	for (i = 0; i < N; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	strv_init(&keys);
	assert_int_equal(keyring_keys(f->kr, &keys), 0);
	assert_int_equal(keys.n, N * ROUNDS + 1);
	strv_release(&keys);
	strv_init(&keys);	/* and no temp file left by any writer */
	assert_int_equal(fs_list_dir(f->dir, &keys), 0);
	assert_int_equal(keys.n, N * ROUNDS + 1);
	strv_release(&keys);
	for (i = 0; i < N; i++) {
		for (j = 0; j < ROUNDS; j++) {
			snprintf(key, sizeof(key), "k%d-%d", i, j);
			snprintf(val, sizeof(val), "v%d-%d", i, j);
			item = get_ok(f->kr, key);
			assert_string_equal(secbuf_ptr(item->data), val);
			keyring_item_free(item);
		}
	}
	/* "shared" holds one writer's last value whole: v<i>-<ROUNDS-1>. */
	item = get_ok(f->kr, "shared");
	snprintf(val, sizeof(val), "-%d", ROUNDS - 1);
	assert_int_equal(secbuf_len(item->data), 2 + strlen(val));
	assert_int_equal(secbuf_ptr(item->data)[0], 'v');
	assert_in_range(secbuf_ptr(item->data)[1], '0', '0' + N - 1);
	assert_string_equal(secbuf_ptr(item->data) + 2, val);
	keyring_item_free(item);
	fixture_free(f);
}

static void
test_passphrase_sources(void **state)
{
	struct fixture *f = fixture_go();
	struct keyring_item *item = NULL;

	(void)state;
	keyring_close(f->kr);
	unsetenv(PW_ENV);

	/* No variable and no prompt. */
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_KEYRING);
	assert_string_equal(av_error_msg(),
	    "no passphrase: set AWS_VAULT_FILE_PASSPHRASE");
	/* A missing item needs no passphrase. */
	assert_int_equal(keyring_get(f->kr, "nope", &item), AV_ERR_NOT_FOUND);
	keyring_close(f->kr);

	/* The prompt is asked once per keyring. */
	f->cfg.file_passphrase = fixture_prompt;
	f->cfg.file_passphrase_arg = f;
	f->answer = "test";
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	item = get_ok(f->kr, "p1");
	keyring_item_free(item);
	item = get_ok(f->kr, "p3");
	keyring_item_free(item);
	set_ok(f->kr, "p4", "z", 1);
	assert_int_equal(f->prompts, 1);
	keyring_close(f->kr);

	/* An empty answer is asked for again. */
	f->prompts = 0;
	f->answer = "";
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_AUTH);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_AUTH);
	assert_int_equal(f->prompts, 2);
	keyring_close(f->kr);

	/* The variable wins over the prompt. */
	f->prompts = 0;
	setenv(PW_ENV, "test", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	item = get_ok(f->kr, "p1");
	keyring_item_free(item);
	assert_int_equal(f->prompts, 0);
	fixture_free(f);
}

/* What cfg.file_passphrase_done was told (test_passphrase_done). */
struct done_log {
	int	 calls;
	bool	 opened;
	char	 pw[32];
	char	 dir[4096];
};

static int
done_prompt(void *arg, const char *dir, struct secbuf **pwp)
{
	(void)arg;
	(void)dir;
	*pwp = secbuf_from_str(getenv("TEST_ANSWER"));
	return 0;
}

/* Records the call, and clobbers the error slot as a careless callback
 * might: the backend must keep its own message. */
static void
done_record(void *arg, const char *dir, const struct secbuf *pw,
    bool opened)
{
	struct done_log *log = arg;

	log->calls++;
	log->opened = opened;
	snprintf(log->pw, sizeof(log->pw), "%s", secbuf_ptr(pw));
	snprintf(log->dir, sizeof(log->dir), "%s", dir);
	av_error_set(AV_ERR_NOT_FOUND, "clobbered");
}

/* file_passphrase_done: told once whether a prompted passphrase opened an
 * item, never about one from the environment or one that opened nothing
 * (a new store); the backend's error message survives the call. */
static void
test_passphrase_done(void **state)
{
	struct fixture *f = fixture_go();
	struct keyring_item *item = NULL;
	struct done_log log;

	(void)state;
	keyring_close(f->kr);
	unsetenv(PW_ENV);
	f->cfg.file_passphrase = done_prompt;
	f->cfg.file_passphrase_done = done_record;
	f->cfg.file_passphrase_arg = &log;

	/* The right passphrase: told once, opened. */
	memset(&log, 0, sizeof(log));
	setenv("TEST_ANSWER", "test", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	item = get_ok(f->kr, "p1");
	keyring_item_free(item);
	item = get_ok(f->kr, "p3");
	keyring_item_free(item);
	set_ok(f->kr, "p4", "z", 1);
	assert_int_equal(log.calls, 1);
	assert_true(log.opened);
	assert_string_equal(log.pw, "test");
	assert_string_equal(log.dir, f->dir);
	keyring_close(f->kr);

	/* A write checks the passphrase against an item first: opened. */
	memset(&log, 0, sizeof(log));
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	set_ok(f->kr, "p5", "z", 1);
	assert_int_equal(log.calls, 1);
	assert_true(log.opened);
	keyring_close(f->kr);

	/* A wrong one: told once, not opened; the message is the JWE's. */
	memset(&log, 0, sizeof(log));
	setenv("TEST_ANSWER", "wrong", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	assert_int_equal(keyring_get(f->kr, "p1", &item), AV_ERR_AUTH);
	assert_non_null(strstr(av_error_msg(), "wrong passphrase"));
	assert_int_equal(av_error_code(), AV_ERR_AUTH);
	assert_int_equal(keyring_get(f->kr, "p3", &item), AV_ERR_AUTH);
	assert_int_equal(log.calls, 1);
	assert_false(log.opened);
	assert_string_equal(log.pw, "wrong");
	keyring_close(f->kr);

	/* The same on a write refused by the check. */
	memset(&log, 0, sizeof(log));
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	item = keyring_item_new("p6", "z", 1, "", "");
	assert_int_equal(keyring_set(f->kr, item), AV_ERR_AUTH);
	assert_non_null(strstr(av_error_msg(), "wrong passphrase"));
	keyring_item_free(item);
	assert_int_equal(log.calls, 1);
	assert_false(log.opened);
	keyring_close(f->kr);

	/* From the environment: never told. */
	memset(&log, 0, sizeof(log));
	setenv(PW_ENV, "test", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	item = get_ok(f->kr, "p1");
	keyring_item_free(item);
	set_ok(f->kr, "p7", "z", 1);
	assert_int_equal(log.calls, 0);
	unsetenv(PW_ENV);
	fixture_free(f);

	/* A new store: the first passphrase opens nothing, is not told. */
	f = fixture_empty();
	keyring_close(f->kr);
	unsetenv(PW_ENV);
	f->cfg.file_passphrase = done_prompt;
	f->cfg.file_passphrase_done = done_record;
	f->cfg.file_passphrase_arg = &log;
	memset(&log, 0, sizeof(log));
	setenv("TEST_ANSWER", "fresh", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	set_ok(f->kr, "n1", "z", 1);
	set_ok(f->kr, "n2", "z", 1);
	assert_int_equal(log.calls, 0);
	keyring_close(f->kr);
	/* Reading it back in a new keyring does open an item. */
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	item = get_ok(f->kr, "n1");
	keyring_item_free(item);
	assert_int_equal(log.calls, 1);
	assert_true(log.opened);
	unsetenv("TEST_ANSWER");
	fixture_free(f);
}

/* An empty variable is a passphrase, as in Go. */
static void
test_empty_passphrase_store(void **state)
{
	struct fixture *f = fixture_empty();
	struct keyring_item *item;

	(void)state;
	keyring_close(f->kr);
	setenv(PW_ENV, "", 1);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	set_ok(f->kr, "e", "empty", 5);
	item = get_ok(f->kr, "e");
	assert_string_equal(secbuf_ptr(item->data), "empty");
	keyring_item_free(item);
	fixture_free(f);
}

static void
test_dir_is_a_file(void **state)
{
	struct fixture *f = fixture_empty();
	struct keyring_item *item = NULL;
	struct strv keys;
	char *msg;

	(void)state;
	assert_int_equal(fs_mkdir_p(f->tmp, 0700), 0);
	keyring_close(f->kr);
	free(f->dir);
	f->dir = fs_join(f->tmp, "plain");
	f->cfg.file_dir = f->dir;
	assert_int_equal(fs_write_atomic(f->dir, "x", 1, 0600), 0);
	assert_int_equal(keyring_open(&f->cfg, &f->kr), 0);
	strv_init(&keys);
	assert_int_not_equal(keyring_keys(f->kr, &keys), 0);
	msg = xasprintf("%s is a file, not a directory", f->dir);
	assert_string_equal(av_error_msg(), msg);
	assert_int_not_equal(keyring_get(f->kr, "x", &item), 0);
	assert_string_equal(av_error_msg(), msg);
	free(msg);
	strv_release(&keys);
	fixture_free(f);
}

/* The independent Python decryptor opens our file and finds exactly the
 * Item JSON of spec 11.2. */
static void
test_python_reads_ours(void **state)
{
	static const char want[] = "{\"Key\":\"org/dev\",\"Data\":\"eyJ4Ijox"
	    "fQ==\",\"Label\":\"aws-vault (org/dev)\",\"Description\":\"\","
	    "\"KeychainNotTrustApplication\":true,"
	    "\"KeychainNotSynchronizable\":false}\n";
	struct fixture *f = fixture_empty();
	struct keyring_item *item;
	char *file, *out, *nl;

	(void)state;
	item = keyring_item_new("org/dev", "{\"x\":1}", 7,
	    "aws-vault (org/dev)", "");
	item->keychain_not_trust_application = true;
	assert_int_equal(keyring_set(f->kr, item), 0);
	keyring_item_free(item);
	file = fs_join(f->dir, "org%2Fdev");
	out = test_decrypt_py(file, "pw");
	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_string_equal(nl + 1, want);
	assert_true(str_has_prefix(out,
	    "{\"alg\": \"PBES2-HS256+A128KW\", \"created\": \""));
	free(out);
	free(file);
	fixture_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_dir),
		cmocka_unit_test(test_round_trip_and_modes),
		cmocka_unit_test(test_readable_file_refused),
		cmocka_unit_test(test_wrong_passphrase_changes_nothing),
		cmocka_unit_test(test_tampered_file),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_keys_listing),
		cmocka_unit_test(test_big_item),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_passphrase_sources),
		cmocka_unit_test(test_passphrase_done),
		cmocka_unit_test(test_empty_passphrase_store),
		cmocka_unit_test(test_dir_is_a_file),
		cmocka_unit_test(test_python_reads_ours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
