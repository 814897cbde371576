/* SPDX-License-Identifier: MIT */
/*
 * fuzz-sso-json.c: the SSO-OIDC and portal answer parsers (aws/sso.c),
 * the error reader, and the OIDC token item parser (vault/sso.c) on
 * untrusted bytes: a server, a proxy or another program writing the
 * keystore can put anything there.  Every parser sees the whole input.
 * Nothing may crash or leak; an error always comes with a message; a
 * token item that parses must format and parse back to the same token.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "aws/sso.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "vault/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_check(int r)
{
	if (r != 0 && av_error_msg()[0] == '\0')
		abort();
	av_error_clear();
}

static bool
fuzz_same_secret(const struct secbuf *a, const struct secbuf *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return secbuf_eq(a, b);
}

/* Format tok back and parse it again: the same token, the same time. */
static void
fuzz_roundtrip(const struct sso_token *tok, int64_t sec, int32_t nsec)
{
	struct secbuf *json = NULL;
	struct sso_token back;
	int64_t sec2;
	int32_t nsec2;

	if (vault_sso_token_format(tok, sec, nsec, &json) != 0 ||
	    vault_sso_token_parse(secbuf_ptr(json), secbuf_len(json), &back,
	    &sec2, &nsec2) != 0)
		abort();
	if (!secbuf_eq(tok->access_token, back.access_token) ||
	    tok->expires_in != back.expires_in ||
	    !fuzz_same_secret(tok->refresh_token, back.refresh_token) ||
	    !fuzz_same_secret(tok->id_token, back.id_token) ||
	    (tok->token_type == NULL) != (back.token_type == NULL) ||
	    (tok->token_type != NULL &&
	    strcmp(tok->token_type, back.token_type) != 0) ||
	    sec != sec2 || nsec != nsec2)
		abort();
	sso_token_release(&back);
	secbuf_free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct sso_registration reg;
	struct sso_device_auth auth;
	struct sso_token tok;
	struct aws_creds *c = NULL;
	int64_t sec;
	int32_t nsec;
	int r;

	memset(&reg, 0, sizeof(reg));
	memset(&auth, 0, sizeof(auth));
	memset(&tok, 0, sizeof(tok));
	fuzz_check(sso_parse_registration(body, size, &reg));
	sso_registration_release(&reg);
	fuzz_check(sso_parse_device_auth(body, size, &auth));
	sso_device_auth_release(&auth);
	fuzz_check(sso_parse_token(body, size, &tok));
	sso_token_release(&tok);
	fuzz_check(sso_parse_role_credentials(body, size, &c));
	aws_creds_free(c);
	if (sso_parse_error("sso-oidc", "CreateToken", 400, NULL, body,
	    size) != AV_ERR_AWS || av_error_msg()[0] == '\0')
		abort();
	av_error_clear();
	r = vault_sso_token_parse(body, size, &tok, &sec, &nsec);
	fuzz_check(r);
	if (r == 0) {
		fuzz_roundtrip(&tok, sec, nsec);
		sso_token_release(&tok);
	}
	return 0;
}
