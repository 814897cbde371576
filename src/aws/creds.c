/* SPDX-License-Identifier: MIT */
/* creds.c: the credentials struct. */
#include "util/common.h"

#include "aws/creds.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"

struct aws_creds *
aws_creds_new(void)
{
	return xcalloc(1, sizeof(struct aws_creds));
}

struct aws_creds *
aws_creds_from(const char *akid, const char *secret, const char *token)
{
	struct aws_creds *c = aws_creds_new();

	c->access_key_id = xstrdup(akid);
	c->secret_access_key = secbuf_from_str(secret);
	if (token != NULL && *token != '\0')
		c->session_token = secbuf_from_str(token);
	return c;
}

struct aws_creds *
aws_creds_dup(const struct aws_creds *c)
{
	struct aws_creds *d;

	if (c == NULL)
		return NULL;
	d = aws_creds_new();
	d->access_key_id = xstrdup(c->access_key_id);
	d->secret_access_key = secbuf_dup(c->secret_access_key);
	d->session_token = secbuf_dup(c->session_token);
	d->can_expire = c->can_expire;
	d->expires = c->expires;
	return d;
}

const char *
aws_creds_token(const struct aws_creds *c)
{
	return c->session_token != NULL ? secbuf_ptr(c->session_token) : "";
}

void
aws_creds_free(struct aws_creds *c)
{
	if (c == NULL)
		return;
	free(c->access_key_id);
	secbuf_free(c->secret_access_key);
	secbuf_free(c->session_token);
	freezero(c, sizeof(*c));
}
