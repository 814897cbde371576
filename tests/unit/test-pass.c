/* SPDX-License-Identifier: MIT */
/*
 * test-pass.c: the path rules of the pass/passage backends, against the
 * test tables of Go's path package (path_test.go: cleantests, jointests)
 * and the aws-vault example of spec 11.7.
 */
#include "test.h"

#include "keyring/pass.h"

static void
test_pass_clean(void **state)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{ "", "." },
		{ "abc", "abc" },
		{ "abc/def", "abc/def" },
		{ "a/b/c", "a/b/c" },
		{ ".", "." },
		{ "..", ".." },
		{ "../..", "../.." },
		{ "../../abc", "../../abc" },
		{ "/abc", "/abc" },
		{ "/", "/" },
		{ "abc/", "abc" },
		{ "abc/def/", "abc/def" },
		{ "a/b/c/", "a/b/c" },
		{ "./", "." },
		{ "../", ".." },
		{ "../../", "../.." },
		{ "/abc/", "/abc" },
		{ "abc//def//ghi", "abc/def/ghi" },
		{ "//abc", "/abc" },
		{ "///abc", "/abc" },
		{ "//abc//", "/abc" },
		{ "abc//", "abc" },
		{ "abc/./def", "abc/def" },
		{ "/./abc/def", "/abc/def" },
		{ "abc/.", "abc" },
		{ "abc/def/ghi/../jkl", "abc/def/jkl" },
		{ "abc/def/../ghi/../jkl", "abc/jkl" },
		{ "abc/def/..", "abc" },
		{ "abc/def/../..", "." },
		{ "/abc/def/../..", "/" },
		{ "abc/def/../../..", ".." },
		{ "/abc/def/../../..", "/" },
		{ "abc/def/../../../ghi/jkl/../../../mno", "../../mno" },
		{ "abc/./../def", "def" },
		{ "abc//./../def", "def" },
		{ "abc/../../././../def", "../../def" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(v); i++) {
		char *got = keyring_pass_clean(v[i].in);

		if (strcmp(got, v[i].want) != 0)
			fail_msg("clean(\"%s\") = \"%s\", want \"%s\"", v[i].in,
			    got, v[i].want);
		free(got);
	}
}

static void
test_pass_join(void **state)
{
	static const struct {
		const char *e[3];
		size_t n;
		const char *want;
	} v[] = {
		{ { NULL }, 0, "" },
		{ { "" }, 1, "" },
		{ { "a" }, 1, "a" },
		{ { "a", "b" }, 2, "a/b" },
		{ { "a", "" }, 2, "a" },
		{ { "", "b" }, 2, "b" },
		{ { "/", "a" }, 2, "/a" },
		{ { "/", "" }, 2, "/" },
		{ { "a/", "b" }, 2, "a/b" },
		{ { "a/", "" }, 2, "a" },
		{ { "", "" }, 2, "" },
		{ { "a", "", "b" }, 3, "a/b" },
		/* spec 11.7: the OIDC key loses a slash, as in Go */
		{ { "", "oidc:https://host/start" }, 2,
		    "oidc:https:/host/start" },
		{ { "aws-vault", "sts.GetSessionToken,am9uc21pdGg,,17672256" },
		    2, "aws-vault/sts.GetSessionToken,am9uc21pdGg,,17672256" },
		{ { "/store", "", "jonsmith.gpg" }, 3, "/store/jonsmith.gpg" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(v); i++) {
		char *got = keyring_pass_join(v[i].e, v[i].n);

		if (strcmp(got, v[i].want) != 0)
			fail_msg("join #%zu = \"%s\", want \"%s\"", i, got,
			    v[i].want);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_clean),
		cmocka_unit_test(test_pass_join),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
