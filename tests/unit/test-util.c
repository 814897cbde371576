/* SPDX-License-Identifier: MIT */
/* test-util.c: buffers, secret buffers, base64, numbers, time, files. */
#include "test.h"

#include <sys/stat.h>

#include <pthread.h>

#include <unistd.h>

#include <nettle/pbkdf2.h>

#include "util/base64.h"
#include "util/crypto.h"
#include "util/json.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/timeutil.h"

static void
test_buf_bounded(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "abcd"), 0);
	assert_int_equal(buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(buf_cstr(&b), "abcd1234");
	assert_int_equal(buf_putc(&b, 'x'), AV_ERR_INVALID);
	assert_string_equal(buf_cstr(&b), "abcd1234");	/* unchanged */
	buf_release(&b);
	assert_string_equal(buf_cstr(&b), "");
	/* buf_cat: all or nothing. */
	buf_init(&b, 8);
	assert_int_equal(buf_cat(&b, "ab", "", "cd", (char *)NULL), 0);
	assert_int_equal(buf_cat(&b, "ef", "ghi", (char *)NULL),
	    AV_ERR_INVALID);
	assert_string_equal(buf_cstr(&b), "abcd");
	buf_release(&b);
}

static void
test_joins_and_numbers(void **state)
{
	static const struct {
		int64_t v;
		const char *s;
	} nums[] = {
		{ 0, "0" }, { 7, "7" }, { -5, "-5" },
		{ 1234567890123, "1234567890123" },
		{ INT64_MAX, "9223372036854775807" },
		{ INT64_MIN, "-9223372036854775808" },
	};
	static const char *const joins[][3] = {
		{ "/a//", "/b", "/a/b" }, { "/", "x", "/x" }, { "d", "", "d/" },
		{ "~/.aws", "config", "~/.aws/config" },
	};
	struct buf b;
	char *s;
	size_t i;

	(void)state;
	s = xstrjoin("a", "", "bc", (char *)NULL);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrjoin("", (char *)NULL);
	assert_string_equal(s, "");
	free(s);
	for (i = 0; i < AV_ARRAY_SIZE(nums); i++) {
		buf_init(&b, 64);
		assert_int_equal(buf_put_i64(&b, nums[i].v), 0);
		assert_string_equal(buf_cstr(&b), nums[i].s);
		buf_release(&b);
	}
	for (i = 0; i < AV_ARRAY_SIZE(joins); i++) {
		s = fs_join(joins[i][0], joins[i][1]);
		assert_string_equal(s, joins[i][2]);
		free(s);
	}
}

static void
test_secbuf(void **state)
{
	struct secbuf *a, *b;
	int i;

	(void)state;
	a = secbuf_new(10000);
	for (i = 0; i < 1000; i++)	/* several copy-then-wipe growths */
		assert_int_equal(secbuf_puts(a, "0123456789"), 0);
	assert_int_equal(secbuf_len(a), 10000);
	for (i = 0; i < 1000; i++)	/* every growth kept the bytes */
		assert_memory_equal(secbuf_ptr(a) + 10 * i, "0123456789", 10);
	assert_int_equal(secbuf_puts(a, "x"), AV_ERR_INVALID);
	b = secbuf_dup(a);
	assert_true(secbuf_eq(a, b));
	secbuf_reset(b);
	assert_int_equal(secbuf_len(b), 0);
	assert_false(secbuf_eq(a, b));
	secbuf_free(a);
	secbuf_free(b);
	secbuf_free(NULL);
}

/* One thread's share of test_secbuf_threads: one-page secrets filled with
 * the thread's own byte, each checked after the others had time to run.
 * Two buffers handed the same arena page would see each other's bytes. */
static void *
secbuf_thread(void *arg)
{
	const char c = (char)(uintptr_t)arg;
	struct secbuf *sb[3];
	char line[64];
	size_t i, j, k;
	bool ok = true;

	memset(line, c, sizeof(line));
	for (i = 0; i < 2000 && ok; i++) {
		for (j = 0; j < AV_ARRAY_SIZE(sb); j++) {
			sb[j] = secbuf_new(sizeof(line) * 8);
			for (k = 0; k < 8; k++)
				(void)buf_put(secbuf_buf(sb[j]), line,
				    sizeof(line));
		}
		for (j = 0; j < AV_ARRAY_SIZE(sb); j++) {
			for (k = 0; k < secbuf_len(sb[j]); k++)
				ok = ok && secbuf_ptr(sb[j])[k] == c;
			ok = ok && secbuf_len(sb[j]) == sizeof(line) * 8;
			secbuf_free(sb[j]);
		}
	}
	return ok ? arg : NULL;
}

/* The servers take secrets on their own threads: the locked arena must
 * never give one page to two buffers. */
static void
test_secbuf_threads(void **state)
{
	pthread_t t[4];
	void *ret;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(t); i++)
		assert_int_equal(pthread_create(&t[i], NULL, secbuf_thread,
		    (void *)(uintptr_t)('a' + i)), 0);
	for (i = 0; i < AV_ARRAY_SIZE(t); i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_ptr_equal(ret, (void *)(uintptr_t)('a' + i));
	}
}

static void
test_base64(void **state)
{
	static const struct {
		const char *plain, *std, *url;
	} v[] = {
		{ "", "", "" },
		{ "f", "Zg==", "Zg" },
		{ "fo", "Zm8=", "Zm8" },
		{ "foo", "Zm9v", "Zm9v" },
		{ "foob", "Zm9vYg==", "Zm9vYg" },
		{ "\xfb\xff", "+/8=", "-_8" },
		{ "jonsmith", "am9uc21pdGg=", "am9uc21pdGg" },
	};
	unsigned char out[64];
	char enc[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(v); i++) {
		base64_encode(v[i].plain, strlen(v[i].plain), BASE64_STD, enc);
		assert_string_equal(enc, v[i].std);
		base64_encode(v[i].plain, strlen(v[i].plain), BASE64_URL_RAW,
		    enc);
		assert_string_equal(enc, v[i].url);
		assert_int_equal(base64_decode(v[i].std, strlen(v[i].std),
		    BASE64_STD, out, &n), 0);
		assert_int_equal(n, strlen(v[i].plain));
		assert_memory_equal(out, v[i].plain, n);
		assert_int_equal(base64_decode(v[i].url, strlen(v[i].url),
		    BASE64_URL_RAW, out, &n), 0);
		assert_int_equal(n, strlen(v[i].plain));
		assert_memory_equal(out, v[i].plain, n);
	}
	/* Go's strictness: no padding in raw, padding required in std. */
	assert_int_equal(base64_decode("Zg==", 4, BASE64_URL_RAW, out, &n),
	    AV_ERR_INVALID);
	assert_int_equal(base64_decode("Zg", 2, BASE64_STD, out, &n),
	    AV_ERR_INVALID);
	assert_int_equal(base64_decode("Z", 1, BASE64_URL_RAW, out, &n),
	    AV_ERR_INVALID);
	assert_int_equal(base64_decode("Zg=", 3, BASE64_STD, out, &n),
	    AV_ERR_INVALID);
	assert_int_equal(base64_decode("Zg==Zg==", 8, BASE64_STD, out, &n),
	    AV_ERR_INVALID);
	assert_int_equal(base64_decode("a+b", 3, BASE64_URL_RAW, out, &n),
	    AV_ERR_INVALID);
	assert_int_equal(base64_decode("Zm9v\r\nYg==", 10, BASE64_STD, out,
	    &n), 0);
	assert_int_equal(n, 4);
}

static void
test_numbers(void **state)
{
	uint64_t u;
	int64_t i;
	bool b;

	(void)state;
	assert_int_equal(cstr_to_u64("3600", 0, 100000, &u), 0);
	assert_int_equal(u, 3600);
	assert_int_equal(cstr_to_u64("", 0, 10, &u), AV_ERR_INVALID);
	assert_int_equal(cstr_to_u64("1h", 0, 10, &u), AV_ERR_INVALID);
	assert_int_equal(cstr_to_u64("11", 0, 10, &u), AV_ERR_INVALID);
	assert_int_equal(cstr_to_u64("18446744073709551616", 0, UINT64_MAX,
	    &u), AV_ERR_INVALID);
	assert_int_equal(cstr_to_i64("-5", -10, 10, &i), 0);
	assert_int_equal(i, -5);
	assert_int_equal(str_parse_bool("True", &b), 0);
	assert_true(b);
	assert_int_equal(str_parse_bool("F", &b), 0);
	assert_false(b);
	assert_int_equal(str_parse_bool("yes", &b), AV_ERR_INVALID);
}

static void
test_durations(void **state)
{
	static const struct {
		const char *in;
		int64_t ns;
	} ok[] = {
		{ "1h", DUR_HOUR }, { "90m", 90 * DUR_MINUTE },
		{ "3600s", DUR_HOUR }, { "1h30m", 90 * DUR_MINUTE },
		{ "500ms", 500000000 }, { "0", 0 }, { "-5s", -5 * DUR_SECOND },
		{ "1.5h", 90 * DUR_MINUTE }, { "2us", 2000 },
	};
	static const struct {
		int64_t ns;
		const char *out;
	} fmt[] = {
		{ 3600 * DUR_SECOND, "1h0m0s" }, { 3599 * DUR_SECOND, "59m59s" },
		{ 28740 * DUR_SECOND, "7h59m0s" }, { -5 * DUR_SECOND, "-5s" },
		{ 45 * DUR_SECOND, "45s" }, { 0, "0s" },
		{ 1500000000, "1.5s" }, { 500000000, "500ms" },
		{ 1500, "1.5\xc2\xb5s" }, { 7, "7ns" },
	};
	char out[40];
	int64_t ns;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(ok); i++) {
		assert_int_equal(duration_parse(ok[i].in, &ns), 0);
		assert_int_equal(ns, ok[i].ns);
	}
	assert_int_equal(duration_parse("5x", &ns), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "time: unknown unit \"x\" in duration \"5x\"");
	assert_int_equal(duration_parse("3600", &ns), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "time: missing unit in duration \"3600\"");
	assert_int_equal(duration_parse("", &ns), AV_ERR_INVALID);
	assert_int_equal(duration_parse("h", &ns), AV_ERR_INVALID);
	for (i = 0; i < AV_ARRAY_SIZE(fmt); i++) {
		duration_format(fmt[i].ns, out, sizeof(out));
		assert_string_equal(out, fmt[i].out);
	}
}

/* "<head><n copies of c><tail>"; caller frees. */
static char *
repeat_between(const char *head, char c, size_t n, const char *tail)
{
	struct buf b;
	size_t i;

	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_puts(&b, head), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_putc(&b, c), 0);
	assert_int_equal(buf_puts(&b, tail), 0);
	return buf_detach(&b);
}

/* Hundreds of digits: a fraction is cut at 18 digits as in Go (it used
 * to become inf/inf = NaN and an undefined conversion), an integer part
 * out of range is refused. */
static void
test_duration_many_digits(void **state)
{
	int64_t ns = 7;
	char *s;

	(void)state;
	s = repeat_between("1.", '0', 400, "1s");
	assert_int_equal(duration_parse(s, &ns), 0);
	assert_int_equal(ns, DUR_SECOND);
	free(s);
	s = repeat_between("0.", '5', 400, "s");
	assert_int_equal(duration_parse(s, &ns), 0);
	assert_int_equal(ns, 555555555);
	free(s);
	s = repeat_between("1h0.", '5', 400, "s");
	assert_int_equal(duration_parse(s, &ns), 0);
	assert_int_equal(ns, DUR_HOUR + 555555555);
	free(s);
	s = repeat_between("-0.", '2', 20, "ms");
	assert_int_equal(duration_parse(s, &ns), 0);
	assert_int_equal(ns, -222222);
	free(s);
	s = repeat_between("1", '0', 400, "s");
	assert_int_equal(duration_parse(s, &ns), AV_ERR_INVALID);
	assert_int_equal(ns, 0);
	free(s);
	s = repeat_between("1", '0', 400, ".5s");
	assert_int_equal(duration_parse(s, &ns), AV_ERR_INVALID);
	free(s);
	assert_int_equal(duration_parse("9000000000s", &ns), 0);
	assert_int_equal(ns, 9000000000 * DUR_SECOND);
	assert_int_equal(duration_parse("9300000000s", &ns), AV_ERR_INVALID);
	assert_string_equal(av_error_msg(),
	    "time: invalid duration \"9300000000s\"");
}

static void
test_rfc3339(void **state)
{
	int64_t s;
	int32_t ns;
	char out[32];

	(void)state;
	assert_int_equal(time_parse_rfc3339("2026-01-01T00:00:00Z", &s, &ns),
	    0);
	assert_int_equal(s, 1767225600);
	assert_int_equal(time_parse_rfc3339(
	    "2026-11-30T02:17:06.798703Z", &s, &ns), 0);
	assert_int_equal(s, 1796005026);
	assert_int_equal(ns, 798703000);
	assert_int_equal(time_parse_rfc3339(
	    "2026-01-01T01:00:00.123+01:00", &s, &ns), 0);
	assert_int_equal(s, 1767225600);
	assert_int_equal(time_parse_rfc3339("2026-01-01 00:00:00Z", &s, &ns),
	    AV_ERR_INVALID);
	assert_int_equal(time_parse_rfc3339("2026-01-01T00:00:00", &s, &ns),
	    AV_ERR_INVALID);
	/* Days that do not exist, as Go's time.Parse ("day out of range"). */
	assert_int_equal(time_parse_rfc3339("2026-02-31T00:00:00Z", &s, &ns),
	    AV_ERR_INVALID);
	assert_int_equal(time_parse_rfc3339("2026-04-31T00:00:00Z", &s, &ns),
	    AV_ERR_INVALID);
	assert_int_equal(time_parse_rfc3339("2025-02-29T00:00:00Z", &s, &ns),
	    AV_ERR_INVALID);
	assert_int_equal(time_parse_rfc3339("1900-02-29T00:00:00Z", &s, &ns),
	    AV_ERR_INVALID);
	assert_int_equal(time_parse_rfc3339("2028-02-29T00:00:00Z", &s, &ns),
	    0);
	assert_int_equal(time_parse_rfc3339("2000-02-29T00:00:00Z", &s, &ns),
	    0);
	assert_int_equal(s, 951782400);
	time_format_rfc3339(1767225600, out, sizeof(out));
	assert_string_equal(out, "2026-01-01T00:00:00Z");
	time_format_rfc3339(1796005026, out, sizeof(out));
	assert_string_equal(out, "2026-11-30T02:17:06Z");
	time_format_rfc3339(253402300799, out, sizeof(out));
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	time_format_rfc3339(-62135596800, out, sizeof(out));
	assert_string_equal(out, "0001-01-01T00:00:00Z");
	/* Out of range (Go's zero time), and cut short like snprintf. */
	time_format_rfc3339(253402300800, out, sizeof(out));
	assert_string_equal(out, "0001-01-01T00:00:00Z");
	time_format_rfc3339(-62135596801, out, sizeof(out));
	assert_string_equal(out, "0001-01-01T00:00:00Z");
	time_format_rfc3339(1796005026, out, 5);
	assert_string_equal(out, "2026");
	/* RFC 3339 Nano, Go's way. */
	time_format_rfc3339_nano(1796005026, 798703000, out, sizeof(out));
	assert_string_equal(out, "2026-11-30T02:17:06.798703Z");
	time_format_rfc3339_nano(1796005026, 1, out, sizeof(out));
	assert_string_equal(out, "2026-11-30T02:17:06.000000001Z");
	time_format_rfc3339_nano(1796005026, 0, out, sizeof(out));
	assert_string_equal(out, "2026-11-30T02:17:06Z");
	time_format_rfc3339_nano(1796005026, 500000000, out, sizeof(out));
	assert_string_equal(out, "2026-11-30T02:17:06.5Z");
}

static void
test_fs_atomic_and_private(void **state)
{
	struct buf b;
	struct stat st;
	char *dir, *path, *sub;

	(void)state;
	dir = test_mkdtemp();
	sub = fs_join(dir, "a/b/c");
	assert_int_equal(fs_mkdir_p(sub, 0700), 0);
	path = fs_join(sub, "f");
	assert_int_equal(fs_write_atomic(path, "hello", 5, 0600), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	buf_init(&b, 100);
	assert_int_equal(fs_read_private_file(path, b.max, &b), 0);
	assert_string_equal(buf_cstr(&b), "hello");
	buf_reset(&b);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(fs_read_private_file(path, b.max, &b),
	    AV_ERR_INVALID);
	assert_non_null(strstr(av_error_msg(), "accessible by other users"));
	assert_int_equal(fs_read_file(path, 3, &b), AV_ERR_INVALID);
	free(path);
	path = fs_join(sub, "missing");
	assert_int_equal(fs_read_file(path, 100, &b), AV_ERR_NOT_FOUND);
	/* A file where a directory should be. */
	free(path);
	path = fs_join(sub, "f/g");
	assert_int_not_equal(fs_mkdir_p(path, 0700), 0);
	buf_release(&b);
	free(path);
	free(sub);
	test_rm_rf(dir);
	free(dir);
}

static void
test_crypto_vectors(void **state)
{
	/* RFC 4231 case 2 and RFC 3394 4.1. */
	static const unsigned char kek[16] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	static const unsigned char key[16] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const unsigned char wrapped[24] = {
		0x1f, 0xa6, 0x8b, 0x0a, 0x81, 0x12, 0xb4, 0x47,
		0xae, 0xf3, 0x4b, 0xd8, 0xfb, 0x5a, 0x7b, 0x82,
		0x9d, 0x3e, 0x86, 0x23, 0x71, 0xd2, 0xcf, 0xe5 };
	unsigned char mac[32], out[24], un[16];
	char hex[65];
	size_t i;

	(void)state;
	crypto_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28,
	    mac);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	crypto_aes_kw_wrap(kek, 16, key, 16, out);
	assert_memory_equal(out, wrapped, 24);
	assert_int_equal(crypto_aes_kw_unwrap(kek, 16, wrapped, 24, un), 0);
	assert_memory_equal(un, key, 16);
	out[3] ^= 1;
	assert_int_equal(crypto_aes_kw_unwrap(kek, 16, out, 24, un),
	    AV_ERR_AUTH);
	crypto_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	/* FIPS 180-4 example (SHA-512/256, "abc"). */
	crypto_sha512_256_hex("abc", 3, hex);
	assert_string_equal(hex, "53048e2681941ef99b2e29b76b4c7dab"
	    "e4c2d0c634fc6d46e0e2f13107e7af23");
}

/* PBKDF2-HMAC-SHA256: RFC 7914 section 11's vectors, then our loop
 * against nettle's pbkdf2_hmac_sha256 over key and salt lengths across
 * block sizes, iteration counts and output lengths across blocks. */
static void
test_pbkdf2(void **state)
{
	static const unsigned iters[] = { 1, 2, 3, 8192 };
	static const size_t lens[] = { 0, 1, 31, 55, 56, 63, 64, 65, 100 };
	static const size_t outs[] = { 1, 16, 32, 33, 64, 100 };
	static unsigned char big[2][32 * 257 + 1];
	unsigned char pw[100], salt[100], got[100], want[100];
	char hex[129];
	size_t a, b, o, i;

	(void)state;
	crypto_pbkdf2(CRYPTO_HASH_SHA256, "passwd", 6, "salt", 4, 1, got, 64);
	crypto_hex(got, 64, hex);
	assert_string_equal(hex, "55ac046e56e3089fec1691c22544b605"
	    "f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b3"
	    "9d77ef317c71b845b1e30bd509112041d3a19783");
	crypto_pbkdf2(CRYPTO_HASH_SHA256, "Password", 8, "NaCl", 4, 80000,
	    got, 64);
	crypto_hex(got, 64, hex);
	assert_string_equal(hex, "4ddcd8f60b98be21830cee5ef22701f9"
	    "641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b"
	    "51c9b3176a272bdebba1d078478f62b397f33c8d");
	for (i = 0; i < sizeof(pw); i++) {
		pw[i] = (unsigned char)(i * 7 + 1);
		salt[i] = (unsigned char)(i * 13 + 5);
	}
	for (a = 0; a < AV_ARRAY_SIZE(lens); a++)
		for (b = 0; b < AV_ARRAY_SIZE(lens); b++)
			for (i = 0; i < AV_ARRAY_SIZE(iters); i++)
				for (o = 0; o < AV_ARRAY_SIZE(outs); o++) {
					if (iters[i] > 3 && o != 1)
						continue;
					pbkdf2_hmac_sha256(lens[a], pw,
					    iters[i], lens[b], salt, outs[o],
					    want);
					crypto_pbkdf2(CRYPTO_HASH_SHA256, pw,
					    lens[a], salt, lens[b], iters[i],
					    got, outs[o]);
					assert_memory_equal(got, want,
					    outs[o]);
				}
	/* Past 256 blocks: every byte of the block counter counts. */
	pbkdf2_hmac_sha256(8, pw, 1, 8, salt, sizeof(big[0]), big[0]);
	crypto_pbkdf2(CRYPTO_HASH_SHA256, pw, 8, salt, 8, 1, big[1],
	    sizeof(big[1]));
	assert_memory_equal(big[0], big[1], sizeof(big[0]));
}

static void
test_spawn_capture(void **state)
{
	const char *argv[] = { "sh", "-c", "cat; echo err >&2; exit 3",
	    NULL };
	const char *env[] = { "AV_SPAWN_TEST=1", NULL };
	struct spawn sp = { .argv = argv, .env_set = env };
	struct buf out, err;
	int st;

	(void)state;
	buf_init(&out, 1024);
	buf_init(&err, 1024);
	sp.in = SPAWN_DATA;
	sp.in_data = "secret-in";
	sp.in_len = 9;
	sp.out = SPAWN_CAPTURE;
	sp.out_buf = &out;
	sp.err = SPAWN_CAPTURE;
	sp.err_buf = &err;
	assert_int_equal(spawn_run(&sp, &st), 0);
	assert_int_equal(st, 3);
	assert_string_equal(buf_cstr(&out), "secret-in");
	assert_string_equal(buf_cstr(&err), "err\n");
	argv[0] = "no-such-program-av";
	assert_int_equal(spawn_run(&sp, &st), AV_ERR_NOT_FOUND);
	assert_string_equal(av_error_msg(), "exec: \"no-such-program-av\": "
	    "executable file not found in $PATH");
	buf_release(&out);
	buf_release(&err);
}

/* A "#!/bin/sh" script at dir/name that prints word, with mode. */
static void
put_script(const char *dir, const char *name, const char *word, mode_t mode)
{
	char *path = fs_join(dir, name);
	char *text = xasprintf("#!/bin/sh\necho %s\n", word);

	*strrchr(path, '/') = '\0';
	assert_int_equal(fs_mkdir_p(path, 0700), 0);
	path[strlen(path)] = '/';
	assert_int_equal(fs_write_atomic(path, text, strlen(text), mode), 0);
	free(text);
	free(path);
}

/* spawn_lookpath (and spawn_in_path) with name on PATH=path; want is the
 * path found (relative to tmp), or NULL for "not found in $PATH". */
static void
check_lookpath(const char *tmp, const char *path, const char *name,
    const char *want)
{
	char *got = (char *)1, *full = NULL, *msg;

	assert_int_equal(setenv("PATH", path, 1), 0);
	if (want == NULL) {
		assert_int_equal(spawn_lookpath(name, &got), AV_ERR_NOT_FOUND);
		assert_null(got);
		msg = xasprintf("exec: \"%s\": executable file not found in "
		    "$PATH", name);
		assert_string_equal(av_error_msg(), msg);
		free(msg);
		assert_false(spawn_in_path(name));
		return;
	}
	full = fs_join(tmp, want);
	assert_int_equal(spawn_lookpath(name, &got), 0);
	assert_string_equal(got, full);
	assert_true(spawn_in_path(name));
	free(got);
	free(full);
}

/* The PATH lookup skips what Go 1.19+ refuses (exec.ErrDot: the current
 * directory through an empty or relative element), directories and
 * files that are not executable; spawn_run uses it. */
static void
test_spawn_lookpath(void **state)
{
	const char *argv[] = { "avprog", NULL, NULL, NULL };
	struct spawn sp = { .argv = argv, .out = SPAWN_CAPTURE };
	char *tmp, *oldcwd, *oldpath, *bin, *path, *got, *p;
	struct buf out;
	int st;

	(void)state;
	tmp = test_mkdtemp();
	oldcwd = getcwd(NULL, 0);
	oldpath = xstrdup(getenv("PATH"));
	bin = fs_join(tmp, "bin");
	put_script(tmp, "avprog", "cwd", 0755);	/* in the working dir */
	put_script(bin, "avprog", "bin", 0755);
	put_script(tmp, "rel/avprog", "rel", 0755);
	p = fs_join(tmp, "isdir/avprog");
	assert_int_equal(fs_mkdir_p(p, 0700), 0);	/* a directory */
	free(p);
	put_script(tmp, "noexec/avprog", "noexec", 0644);
	assert_int_equal(chdir(tmp), 0);

	/* An empty element or "." is not the working directory for us. */
	check_lookpath(tmp, "", "avprog", NULL);
	check_lookpath(tmp, ":", "avprog", NULL);
	check_lookpath(tmp, ".", "avprog", NULL);
	path = xasprintf(":%s", bin);
	check_lookpath(tmp, path, "avprog", "bin/avprog");
	free(path);
	/* Nor is a relative element. */
	check_lookpath(tmp, "rel", "avprog", NULL);
	check_lookpath(tmp, "rel:./rel", "avprog", NULL);
	/* A directory called like the program is passed over. */
	path = xasprintf("%s/isdir", tmp);
	check_lookpath(tmp, path, "avprog", NULL);
	free(path);
	path = xasprintf("%s/isdir:%s", tmp, bin);
	check_lookpath(tmp, path, "avprog", "bin/avprog");
	free(path);
	/* So is a file we may not execute. */
	path = xasprintf("%s/noexec", tmp);
	check_lookpath(tmp, path, "avprog", NULL);
	free(path);
	path = xasprintf("%s/noexec:%s/rel", tmp, tmp);
	check_lookpath(tmp, path, "avprog", "rel/avprog");
	free(path);

	/* A name with '/' is used as is, or refused in Go's words. */
	assert_int_equal(setenv("PATH", "", 1), 0);
	assert_int_equal(spawn_lookpath("./avprog", &got), 0);
	assert_string_equal(got, "./avprog");
	free(got);
	assert_true(spawn_in_path("./avprog"));
	assert_int_equal(spawn_lookpath("./nosuch", &got), AV_ERR_NOT_FOUND);
	assert_null(got);
	assert_string_equal(av_error_msg(), "exec: \"./nosuch\": stat "
	    "./nosuch: no such file or directory");
	assert_int_equal(spawn_lookpath("isdir/avprog", &got),
	    AV_ERR_NOT_FOUND);
	assert_string_equal(av_error_msg(),
	    "exec: \"isdir/avprog\": permission denied");
	assert_int_equal(spawn_lookpath("noexec/avprog", &got),
	    AV_ERR_NOT_FOUND);
	assert_string_equal(av_error_msg(),
	    "exec: \"noexec/avprog\": permission denied");
	assert_false(spawn_in_path("noexec/avprog"));

	/* spawn_run: the program in the working directory never runs. */
	buf_init(&out, 1024);
	sp.out_buf = &out;
	assert_int_equal(setenv("PATH", ":/nonexistent", 1), 0);
	assert_int_equal(spawn_run(&sp, &st), AV_ERR_NOT_FOUND);
	assert_string_equal(av_error_msg(),
	    "exec: \"avprog\": executable file not found in $PATH");
	assert_string_equal(buf_cstr(&out), "");
	path = xasprintf(":%s", bin);
	assert_int_equal(setenv("PATH", path, 1), 0);
	free(path);
	assert_int_equal(spawn_run(&sp, &st), 0);
	assert_int_equal(st, 0);
	assert_string_equal(buf_cstr(&out), "bin\n");
	/* argv[0] reaches the child as written, not as the path found. */
	p = fs_join(bin, "avsh");
	assert_int_equal(symlink("/bin/sh", p), 0);
	free(p);
	argv[0] = "avsh";
	argv[1] = "-c";
	argv[2] = "echo \"$0\"";
	buf_reset(&out);
	assert_int_equal(spawn_run(&sp, &st), 0);
	assert_string_equal(buf_cstr(&out), "avsh\n");
	buf_release(&out);

	assert_int_equal(chdir(oldcwd), 0);
	assert_int_equal(setenv("PATH", oldpath, 1), 0);
	test_rm_rf(tmp);
	free(bin);
	free(oldpath);
	free(oldcwd);
	free(tmp);
}

/* What the UTF-8 decoder accepts: exactly Go's utf8.ValidString. */
static void
test_utf8_decode(void **state)
{
	static const struct {
		const char *s;
		size_t n, len;
		uint32_t cp;
	} cases[] = {
		{ "", 0, 0, 0 },
		{ "\0", 1, 1, 0 },
		{ "a", 1, 1, 'a' },
		{ "\x7f", 1, 1, 0x7f },
		{ "\xc2\x80", 2, 2, 0x80 },
		{ "\xdf\xbf", 2, 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 3, 0x800 },
		{ "\xed\x9f\xbf", 3, 3, 0xd7ff },
		{ "\xee\x80\x80", 3, 3, 0xe000 },
		{ "\xef\xbc\x91", 3, 3, 0xff11 },
		{ "\xf0\x90\x80\x80", 4, 4, 0x10000 },
		{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
		{ "\xc3\xa9x", 3, 2, 0xe9 },		/* stops after one */
		{ "\x80", 1, 0, 0 },			/* continuation */
		{ "\xc0\x80", 2, 0, 0 },		/* overlong */
		{ "\xc1\xbf", 2, 0, 0 },
		{ "\xe0\x9f\xbf", 3, 0, 0 },
		{ "\xf0\x8f\xbf\xbf", 4, 0, 0 },
		{ "\xed\xa0\x80", 3, 0, 0 },		/* surrogates */
		{ "\xed\xbf\xbf", 3, 0, 0 },
		{ "\xf4\x90\x80\x80", 4, 0, 0 },	/* past U+10FFFF */
		{ "\xf5\x80\x80\x80", 4, 0, 0 },
		{ "\xff", 1, 0, 0 },
		{ "\xe2\x82", 2, 0, 0 },		/* cut short */
		{ "\xe2\x82\xac", 2, 0, 0 },
		{ "\xe2\x28\xac", 3, 0, 0 },		/* not a continuation */
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(cases); i++) {
		assert_int_equal(str_utf8_decode((const unsigned char *)
		    cases[i].s, cases[i].n, &len), cases[i].cp);
		assert_int_equal(len, cases[i].len);
	}
	assert_int_equal(str_utf8_len(0x00), 1);
	assert_int_equal(str_utf8_len(0xc1), 0);
	assert_int_equal(str_utf8_len(0xc2), 2);
	assert_int_equal(str_utf8_len(0xe0), 3);
	assert_int_equal(str_utf8_len(0xf4), 4);
	assert_int_equal(str_utf8_len(0xf5), 0);
	assert_int_equal(str_utf8_len(0x80), 0);
}

/* Go's encoding/json string escaping, byte for byte. */
static void
test_json_go_string(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "", 0, "\"\"" },
		{ "AKIA/+= ~\x7f", 10, "\"AKIA/+= ~\x7f\"" },
		{ "\"\\\n\r\t\b\f\x01\x1f", 9,
		    "\"\\\"\\\\\\n\\r\\t\\u0008\\u000c\\u0001\\u001f\"" },
		{ "a\0b", 3, "\"a\\u0000b\"" },
		{ "<a&b>", 5, "\"\\u003ca\\u0026b\\u003e\"" },
		/* U+2028 and U+2029 escaped; other valid UTF-8 as is. */
		{ "\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\"" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf",
		    13, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
		    "\xf4\x8f\xbf\xbf\"" },
		/* Invalid UTF-8: U+FFFD for each byte (Go DecodeRune): a lone
		 * continuation, 0xff, overlongs, a surrogate, past U+10FFFF,
		 * a sequence cut short. */
		{ "\x80\xff", 2, "\"\\ufffd\\ufffd\"" },
		{ "\xc0\x80", 2, "\"\\ufffd\\ufffd\"" },
		{ "\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf4\x90\x80\x80", 4,
		    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "\xe2\x82", 2, "\"\\ufffd\\ufffd\"" },
		{ "\xe2\x82x\xc3\xa9", 5, "\"\\ufffd\\ufffdx\xc3\xa9\"" },
	};
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(cases); i++) {
		buf_init(&b, 1024);
		assert_int_equal(json_go_string(&b, cases[i].in, cases[i].len),
		    0);
		assert_string_equal(buf_cstr(&b), cases[i].out);
		buf_release(&b);
	}
	/* Bounded: an escape that does not fit is an error. */
	buf_init(&b, 6);
	assert_int_equal(json_go_string(&b, "ab<", 3), AV_ERR_INVALID);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_bounded),
		cmocka_unit_test(test_joins_and_numbers),
		cmocka_unit_test(test_secbuf),
		cmocka_unit_test(test_secbuf_threads),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_duration_many_digits),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_json_go_string),
		cmocka_unit_test(test_fs_atomic_and_private),
		cmocka_unit_test(test_crypto_vectors),
		cmocka_unit_test(test_pbkdf2),
		cmocka_unit_test(test_spawn_capture),
		cmocka_unit_test(test_spawn_lookpath),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
