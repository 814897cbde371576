/* SPDX-License-Identifier: MIT */
/*
 * fuzz-process-json.c: the credential_process output parser
 * (vault/fetch.c) on untrusted bytes: whatever the configured command
 * prints.  Nothing may crash or leak; an error always comes with a
 * message and no credentials; what parses has a key id, a secret, a
 * session token and an expiry.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "vault/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aws_creds *c = (struct aws_creds *)1;
	int r;

	r = fetch_parse_process_json("fuzz-cred-proc", (const char *)data,
	    size, &c);
	if (r != 0) {
		if (c != NULL || av_error_msg()[0] == '\0')
			abort();
		av_error_clear();
		return 0;
	}
	if (c == NULL || *c->access_key_id == '\0' ||
	    secbuf_len(c->secret_access_key) == 0 ||
	    c->session_token == NULL || secbuf_len(c->session_token) == 0 ||
	    !c->can_expire)
		abort();
	aws_creds_free(c);
	return 0;
}
