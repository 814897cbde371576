/* SPDX-License-Identifier: MIT */
/* test.h: shared includes and helpers for the cmocka unit tests. */
#ifndef AV_TEST_H
#define AV_TEST_H

#include "util/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/xmalloc.h"

/* Path under ../shared/testdata (AV_SHARED_TESTDATA); caller frees. */
static inline char *
test_data_path(const char *rel)
{
	const char *root = getenv("AV_SHARED_TESTDATA");

	if (root == NULL)
		root = "../shared/testdata";
	return fs_join(root, rel);
}

/* Read a test data file whole; fails the test when it cannot. */
static inline char *
test_read_data(const char *rel, size_t *lenp)
{
	struct buf b;
	char *path = test_data_path(rel);

	buf_init(&b, 16 * 1024 * 1024);
	if (fs_read_file(path, b.max, &b) != 0)
		fail_msg("cannot read %s: %s", path, av_error_msg());
	free(path);
	if (lenp != NULL)
		*lenp = b.len;
	return buf_detach(&b);
}

/* A fresh private temporary directory; caller removes it with
 * test_rm_rf and frees the string. */
char *test_mkdtemp(void);
void test_rm_rf(const char *path);

#define TEST_HELPERS_IMPL \
char * \
test_mkdtemp(void) \
{ \
	const char *t = getenv("TMPDIR"); \
	char *p = xasprintf("%s/avtest.XXXXXX", t ? t : "/tmp"); \
	if (mkdtemp(p) == NULL) \
		fail_msg("mkdtemp failed"); \
	return p; \
} \
void \
test_rm_rf(const char *path) \
{ \
	const char *argv[] = { "rm", "-rf", path, NULL }; \
	struct spawn sp = { .argv = argv }; \
	int st; \
	(void)spawn_run(&sp, &st); \
}

#endif
