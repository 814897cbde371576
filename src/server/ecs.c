/* SPDX-License-Identifier: MIT */
/*
 * ecs.c: the ECS container credential server (see ecs.h; Go
 * server/ecsserver.go).  Requests run on the http server's thread; every
 * credential retrieval goes through the cache's lock (server/cache.h).
 */
#include "util/common.h"

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "aws/query.h"
#include "aws/sts.h"
#include "config/profile.h"
#include "server/cache.h"
#include "server/ecs.h"
#include "server/http.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/json.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/fetch.h"
#include "vault/sessions.h"

#define SERVER_ECS_TOKEN_BYTES	30	/* 40 characters of base64url */
#define SERVER_ECS_ROLE_PREFIX	"/role-arn/"
#define SERVER_ECS_JSON		"application/json; charset=utf-8"

struct server_ecs {
	struct server_ecs_source src;
	struct server_http	*http;
	struct server_cache	*cache;
	struct secbuf		*token;
	char			*url;
};

/* cache fetch: the base credentials (key ""). */
static int
server_ecs_fetch_base(void *arg, const char *key, struct aws_creds **credsp)
{
	struct server_ecs *e = arg;

	(void)key;
	return e->src.base(e->src.arg, credsp);
}

/* cache fetch: a role, key "/role-arn/<ARN>", from the cached base. */
static int
server_ecs_fetch_role(void *arg, const char *key, struct aws_creds **credsp)
{
	struct server_ecs *e = arg;
	struct aws_creds *base = NULL;
	int r;

	if ((r = server_cache_get(e->cache, "", server_ecs_fetch_base, e,
	    &base)) != 0)
		return r;
	r = e->src.role(e->src.arg, base,
	    key + strlen(SERVER_ECS_ROLE_PREFIX), credsp);
	aws_creds_free(base);
	return r;
}

int
server_ecs_format(const struct aws_creds *creds, int64_t now,
    struct secbuf *out)
{
	struct buf *b = secbuf_buf(out);
	char exp[32];
	int r;

	/* Non-expiring credentials: ask again in an hour (see ecs.h). */
	time_format_rfc3339(creds->can_expire ? creds->expires : now + 3600,
	    exp, sizeof(exp));
	if ((r = buf_puts(b, "{\"AccessKeyId\":")) != 0 ||
	    (r = json_go_string(b, creds->access_key_id,
	    strlen(creds->access_key_id))) != 0 ||
	    (r = buf_printf(b, ",\"Expiration\":\"%s\"", exp)) != 0 ||
	    (r = buf_puts(b, ",\"SecretAccessKey\":")) != 0 ||
	    (r = json_go_string(b, secbuf_ptr(creds->secret_access_key),
	    secbuf_len(creds->secret_access_key))) != 0 ||
	    (r = buf_puts(b, ",\"Token\":")) != 0 ||
	    (r = json_go_string(b, aws_creds_token(creds),
	    strlen(aws_creds_token(creds)))) != 0 ||
	    (r = buf_puts(b, "}\n")) != 0)
		return r;
	return 0;
}

/* {"Message":"<msg>"} and a newline, as Go's writeErrorMessage. */
static void
server_ecs_error(struct server_http_reply *rep, unsigned status,
    const char *msg)
{
	struct buf *b = secbuf_buf(rep->body);

	rep->status = status;
	secbuf_reset(rep->body);
	(void)buf_puts(b, "{\"Message\":");
	(void)json_go_string(b, msg, strlen(msg));
	(void)buf_puts(b, "}\n");
	server_http_reply_header(rep, "Content-Type", SERVER_ECS_JSON);
}

/* True when the request's Authorization header is the token, compared in
 * constant time (Go compares with !=). */
static bool
server_ecs_authorized(const struct server_ecs *e,
    const struct server_http_req *req)
{
	const char *got = server_http_header(req, "Authorization");

	return got != NULL && strlen(got) == secbuf_len(e->token) &&
	    crypto_memeq(got, secbuf_ptr(e->token), secbuf_len(e->token));
}

static void
server_ecs_handle(void *arg, const struct server_http_req *req,
    struct server_http_reply *rep)
{
	struct server_ecs *e = arg;
	struct aws_creds *creds = NULL;
	bool role;
	int r;

	if (!server_ecs_authorized(e, req)) {
		server_ecs_error(rep, 403, "invalid Authorization token");
		return;
	}
	role = str_has_prefix(req->path, SERVER_ECS_ROLE_PREFIX);
	if (role)
		r = server_cache_get(e->cache, req->path,
		    server_ecs_fetch_role, e, &creds);
	else
		r = server_cache_get(e->cache, "", server_ecs_fetch_base, e,
		    &creds);
	if (r == 0)
		r = server_ecs_format(creds, clock_now(), rep->body);
	if (r != 0) {
		log_debug("ecs server: %s", av_error_msg());
		server_ecs_error(rep, 500, av_error_msg());
	} else {
		/* Go sets no type and net/http sniffs this one. */
		server_http_reply_header(rep, "Content-Type",
		    "text/plain; charset=utf-8");
	}
	aws_creds_free(creds);
}

int
server_ecs_open(const struct server_ecs_source *src, bool lazy,
    struct server_ecs **ep)
{
	unsigned char raw[SERVER_ECS_TOKEN_BYTES];
	char tok[64];
	struct server_ecs *e;
	struct aws_creds *creds = NULL;
	int r;

	*ep = NULL;
	e = xcalloc(1, sizeof(*e));
	e->src = *src;
	e->cache = server_cache_new(sessions_min_ttl());
	if ((r = crypto_random(raw, sizeof(raw))) != 0)
		goto out;
	base64_encode(raw, sizeof(raw), BASE64_URL_RAW, tok);
	e->token = secbuf_from_str(tok);
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(tok, sizeof(tok));
	/* The first fetch (maybe an MFA prompt) runs before the server
	 * thread exists, as the EC2 server's does, not beside requests
	 * that any local process may send.  A missing libmicrohttpd is
	 * still reported first. */
	if ((r = server_http_load()) != 0)
		goto out;
	if (!lazy) {
		if ((r = server_cache_get(e->cache, "", server_ecs_fetch_base,
		    e, &creds)) != 0) {
			av_error_prefix("Retrieving creds");
			goto out;
		}
		aws_creds_free(creds);
		/* Drop libcurl's kept handle: its internal socketpair is
		 * not close-on-exec and would leak into the child. */
		http_shutdown();
	}
	if ((r = server_http_start("127.0.0.1", 0, SERVER_HTTP_LOOPBACK_ONLY,
	    server_ecs_handle, e, &e->http)) != 0)
		goto out;
	e->url = xasprintf("http://127.0.0.1:%u", server_http_port(e->http));
	*ep = e;
	e = NULL;	/* transferred */
	r = 0;
out:
	if (e != NULL)
		(void)server_ecs_close(e);
	return r;
}

const char *
server_ecs_url(const struct server_ecs *e)
{
	return e->url;
}

const struct secbuf *
server_ecs_token(const struct server_ecs *e)
{
	return e->token;
}

bool
server_ecs_close(struct server_ecs *e)
{
	if (e == NULL)
		return true;
	if (!server_cache_shutdown(e->cache))
		return false;
	server_http_stop(e->http);
	server_cache_free(e->cache);
	secbuf_free(e->token);
	free(e->url);
	free(e);
	return true;
}

int
server_ecs_assume_role(const struct vault *v, const struct profile_config *pc,
    const struct aws_creds *base, const char *arn, struct aws_creds **credsp)
{
	struct sts_assume_role_input in;
	struct query_client *c;
	char *name;
	int r;

	*credsp = NULL;
	memset(&in, 0, sizeof(in));
	/* Go AssumeRoleProvider's default RoleSessionName. */
	name = xasprintf("%lld", (long long)clock_now_ns());
	in.role_arn = arn;
	in.role_session_name = name;
	in.duration = pc->assume_role_duration / DUR_SECOND;
	log_debug("ecs server: AssumeRole %s", arn);
	c = fetch_client(v, pc, ENDPOINT_STS, base);
	r = sts_assume_role(c, &in, credsp);
	query_client_free(c);
	free(name);
	return r;
}
