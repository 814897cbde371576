/* SPDX-License-Identifier: MIT */
/*
 * pass.h: helpers of the pass/passage backends (pass.c) exposed for unit
 * tests.  The backends themselves are reached only through
 * keyring_pass_ops and keyring_passage_ops.
 */
#ifndef AV_KEYRING_PASS_H
#define AV_KEYRING_PASS_H

#include "util/common.h"

/* Go's path.Clean: the shortest equivalent path ("" gives "."). */
char *keyring_pass_clean(const char *path);

/* Go's path.Join of the n elements: empty elements are skipped, the rest
 * joined with "/" and cleaned; "" when all are empty.  The entry name of
 * an item is keyring_pass_join({ prefix, key }, 2), so
 * "oidc:https://h/s" becomes "oidc:https:/h/s" as in Go.  Caller frees. */
char *keyring_pass_join(const char *const *elems, size_t n);

#endif
