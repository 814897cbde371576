/* SPDX-License-Identifier: MIT */
/*
 * fuzz-session-json.c: the credentials Data parsers (vault/credjson.c),
 * session and master, on untrusted item data.  What parses must format
 * and parse back to the same credentials.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "util/secbuf.h"
#include "vault/credjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
fuzz_same(const struct aws_creds *a, const struct aws_creds *b)
{
	return strcmp(a->access_key_id, b->access_key_id) == 0 &&
	    secbuf_eq(a->secret_access_key, b->secret_access_key) &&
	    strcmp(aws_creds_token(a), aws_creds_token(b)) == 0 &&
	    a->can_expire == b->can_expire &&
	    (!a->can_expire || a->expires == b->expires);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aws_creds *c = NULL, *back = NULL;
	struct secbuf *json = NULL;

	if (credjson_session_parse((const char *)data, size, &c) == 0) {
		if (credjson_session_format(c, &json) != 0 ||
		    credjson_session_parse(secbuf_ptr(json), secbuf_len(json),
		    &back) != 0 || !fuzz_same(c, back))
			abort();
		aws_creds_free(back);
		secbuf_free(json);
		aws_creds_free(c);
		back = c = NULL;
		json = NULL;
	}
	if (credjson_master_parse((const char *)data, size, &c) == 0) {
		if (credjson_master_format(c, &json) != 0 ||
		    credjson_master_parse(secbuf_ptr(json), secbuf_len(json),
		    &back) != 0 || !fuzz_same(c, back))
			abort();
		aws_creds_free(back);
		secbuf_free(json);
		aws_creds_free(c);
	}
	return 0;
}
