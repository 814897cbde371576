/* SPDX-License-Identifier: MIT */
/* test.c: the helpers of test.h that need more than an inline function. */
#include "test.h"

#include "util/spawn.h"
#include "util/str.h"

char *
test_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char *p = xasprintf("%s/avtest.XXXXXX", t ? t : "/tmp");

	if (mkdtemp(p) == NULL)
		fail_msg("mkdtemp failed");
	return p;
}

void
test_rm_rf(const char *path)
{
	const char *argv[] = { "rm", "-rf", path, NULL };
	struct spawn sp = { .argv = argv };
	int st;

	(void)spawn_run(&sp, &st);
}

char *
test_decrypt_py(const char *path, const char *passphrase)
{
	char *script = test_data_path("go-file-backend/decrypt.py");
	const char *argv[] = { "python3", script, path, passphrase, NULL };
	struct spawn sp = { .argv = argv, .out = SPAWN_CAPTURE };
	struct buf out;
	int st;

	buf_init(&out, 1 << 20);
	sp.out_buf = &out;
	assert_int_equal(spawn_run(&sp, &st), 0);
	assert_int_equal(st, 0);
	free(script);
	return buf_detach(&out);
}

char *
test_go_item_json(const char *name)
{
	char *rel = xasprintf("go-file-backend/keys/%s", name);
	char *file = test_data_path(rel);
	char *out = test_decrypt_py(file, "test"), *nl, *res;

	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_true(str_has_suffix(nl + 1, "\n"));
	res = xstrndup(nl + 1, strlen(nl + 1) - 1);
	free(out);
	free(file);
	free(rel);
	return res;
}
