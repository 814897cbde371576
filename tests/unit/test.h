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

/* The helpers below live in test.c, linked into every unit test. */

/* A fresh private temporary directory; caller removes it with
 * test_rm_rf and frees the string. */
char *test_mkdtemp(void);
void test_rm_rf(const char *path);

/* What the independent Python decryptor of the Go samples
 * (go-file-backend/decrypt.py) prints for the JWE file at path: line 1
 * the header, line 2 the plaintext, each with its newline.  Fails the
 * test unless it exits 0; caller frees. */
char *test_decrypt_py(const char *path, const char *passphrase);

/* The Item JSON inside the Go-made file go-file-backend/keys/<name>
 * (passphrase "test"), by test_decrypt_py, without its newline; caller
 * frees. */
char *test_go_item_json(const char *name);

#endif
