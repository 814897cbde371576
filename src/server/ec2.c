/* SPDX-License-Identifier: MIT */
/*
 * ec2.c: the EC2 metadata server on 127.0.0.1:9099 (see ec2.h).  Runs on
 * the http server's thread; the credential retrieval goes through the
 * cache's lock (server/cache.h).  The IMDSv2 token table is only touched
 * on the server thread.
 */
#include "util/common.h"

#include "aws/creds.h"
#include "aws/http.h"
#include "server/cache.h"
#include "server/ec2.h"
#include "server/http.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/json.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/sessions.h"

#define SERVER_EC2_IMDS_IP	"169.254.169.254"
#define SERVER_EC2_CREDS	"/latest/meta-data/iam/security-credentials/"
#define SERVER_EC2_ROLE		"local-credentials"
#define SERVER_EC2_TEXT		"text/plain; charset=utf-8"
#define SERVER_EC2_TOKEN_BYTES	32
#define SERVER_EC2_TTL_HEADER	"X-aws-ec2-metadata-token-ttl-seconds"
#define SERVER_EC2_TOKEN_HEADER	"X-aws-ec2-metadata-token"

struct server_ec2_token {
	unsigned char	hash[CRYPTO_SHA256_LEN];
	int64_t		expires;	/* 0: free slot */
};

struct server_ec2 {
	int			(*base)(void *arg, struct aws_creds **credsp);
	void			*arg;
	char			*region;
	struct server_http	*http;
	struct server_cache	*cache;
	struct server_ec2_token	 tokens[SERVER_EC2_TOKENS];
};

/* The subtree patterns (Go ServeMux: a pattern ending in / matches its
 * subtree, and the path without the slash is redirected). */
static const char *const server_ec2_subtrees[] = {
	SERVER_EC2_CREDS,
	"/latest/meta-data/instance-id/",
	"/latest/meta-data/iam/info/",
};

static int
server_ec2_fetch(void *arg, const char *key, struct aws_creds **credsp)
{
	struct server_ec2 *e = arg;

	(void)key;
	return e->base(e->arg, credsp);
}

/* Go's http.Error: the text and a newline, as plain text, nosniff. */
static void
server_ec2_error(struct server_http_reply *rep, unsigned status,
    const char *text)
{
	server_http_reply_text(rep, status, SERVER_EC2_TEXT, text);
	(void)secbuf_puts(rep->body, "\n");
	server_http_reply_header(rep, "X-Content-Type-Options", "nosniff");
}

int
server_ec2_format(const struct aws_creds *creds, int64_t now,
    struct secbuf *out)
{
	struct buf *b = secbuf_buf(out);
	char exp[32], upd[32];
	int r;

	/* Non-expiring credentials: ask again in an hour (see ecs.h). */
	time_format_rfc3339(creds->can_expire ? creds->expires : now + 3600,
	    exp, sizeof(exp));
	time_format_rfc3339(now, upd, sizeof(upd));
	if ((r = buf_puts(b, "{\"AccessKeyId\":")) != 0 ||
	    (r = json_go_string(b, creds->access_key_id,
	    strlen(creds->access_key_id))) != 0 ||
	    (r = buf_printf(b, ",\"Code\":\"Success\",\"Expiration\":\"%s\","
	    "\"LastUpdated\":\"%s\",\"SecretAccessKey\":", exp, upd)) != 0 ||
	    (r = json_go_string(b, secbuf_ptr(creds->secret_access_key),
	    secbuf_len(creds->secret_access_key))) != 0 ||
	    (r = buf_puts(b, ",\"Token\":")) != 0 ||
	    (r = json_go_string(b, aws_creds_token(creds),
	    strlen(aws_creds_token(creds)))) != 0 ||
	    (r = buf_puts(b, ",\"Type\":\"AWS-HMAC\"}\n")) != 0)
		return r;
	return 0;
}

/* PUT /latest/api/token: a new IMDSv2 token. */
static void
server_ec2_new_token(struct server_ec2 *e, const struct server_http_req *req,
    struct server_http_reply *rep)
{
	unsigned char raw[SERVER_EC2_TOKEN_BYTES];
	char tok[64];
	struct server_ec2_token *t, *slot = NULL;
	const char *ttl = server_http_header(req, SERVER_EC2_TTL_HEADER);
	int64_t now = clock_now();
	uint64_t secs;
	size_t i;

	if (ttl == NULL || cstr_to_u64(ttl, 1, SERVER_EC2_TOKEN_TTL_MAX,
	    &secs) != 0) {
		server_ec2_error(rep, 400, "Bad Request: " SERVER_EC2_TTL_HEADER
		    " must be 1 to 21600");
		return;
	}
	if (crypto_random(raw, sizeof(raw)) != 0) {
		server_ec2_error(rep, 500, av_error_msg());
		return;
	}
	base64_encode(raw, sizeof(raw), BASE64_URL_RAW, tok);
	/* A free or expired slot, else the one that expires first. */
	for (i = 0; i < SERVER_EC2_TOKENS; i++) {
		t = &e->tokens[i];
		if (t->expires <= now) {
			slot = t;
			break;
		}
		if (slot == NULL || t->expires < slot->expires)
			slot = t;
	}
	crypto_sha256(tok, strlen(tok), slot->hash);
	slot->expires = now + (int64_t)secs;
	rep->status = 200;
	(void)secbuf_puts(rep->body, tok);
	server_http_reply_header(rep, "Content-Type", SERVER_EC2_TEXT);
	server_http_reply_header(rep, SERVER_EC2_TTL_HEADER, ttl);
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(tok, sizeof(tok));
	log_debug("ec2 server: IMDSv2 token issued for %llu s",
	    (unsigned long long)secs);
}

/* A presented IMDSv2 token is one we issued and it has not expired. */
static bool
server_ec2_token_ok(const struct server_ec2 *e, const char *tok)
{
	unsigned char h[CRYPTO_SHA256_LEN];
	int64_t now = clock_now();
	bool ok = false;
	size_t i;

	crypto_sha256(tok, strlen(tok), h);
	for (i = 0; i < SERVER_EC2_TOKENS; i++)
		if (e->tokens[i].expires > now &&
		    crypto_memeq(h, e->tokens[i].hash, sizeof(h)))
			ok = true;
	return ok;
}

static void
server_ec2_creds(struct server_ec2 *e, struct server_http_reply *rep)
{
	struct aws_creds *creds = NULL;
	int r;

	r = server_cache_get(e->cache, "", server_ec2_fetch, e, &creds);
	if (r == 0)
		r = server_ec2_format(creds, clock_now(), rep->body);
	if (r != 0) {
		log_debug("ec2 server: %s", av_error_msg());
		server_ec2_error(rep, 504, av_error_msg());
	} else {
		log_debug("ec2 server: serving credentials ****%s",
		    strlen(creds->access_key_id) > 4 ? creds->access_key_id +
		    strlen(creds->access_key_id) - 4 : "");
		server_http_reply_header(rep, "Content-Type", SERVER_EC2_TEXT);
	}
	aws_creds_free(creds);
}

/* Go ServeMux's redirect of /x to /x/ (a non-empty query kept), with
 * http.Redirect's body: the target HTML-escaped (Go's htmlEscape). */
static void
server_ec2_redirect(const struct server_http_req *req,
    struct server_http_reply *rep, const char *to)
{
	static const char special[] = "&<>\"'";
	static const char *const entity[] = {
		"&amp;", "&lt;", "&gt;", "&#34;", "&#39;"
	};
	const char *q = strchr(req->uri, '?'), *p, *e;
	struct buf *b = secbuf_buf(rep->body);
	char *loc;

	loc = xasprintf("%s%s", to, q != NULL && q[1] != '\0' ? q : "");
	rep->status = 301;
	server_http_reply_header(rep, "Location", loc);
	if (streq(req->method, "GET") || streq(req->method, "HEAD")) {
		(void)buf_puts(b, "<a href=\"");
		for (p = loc; *p != '\0'; p++) {
			if ((e = strchr(special, *p)) != NULL)
				(void)buf_puts(b, entity[e - special]);
			else
				(void)buf_putc(b, *p);
		}
		(void)buf_puts(b, "\">Moved Permanently</a>.\n\n");
		server_http_reply_header(rep, "Content-Type",
		    "text/html; charset=utf-8");
	}
	free(loc);
}

static void
server_ec2_route(struct server_ec2 *e, const struct server_http_req *req,
    struct server_http_reply *rep)
{
	const char *p = req->path;
	char *doc;
	size_t i, n;

	if (streq(p, SERVER_EC2_CREDS SERVER_EC2_ROLE)) {
		server_ec2_creds(e, rep);
		return;
	}
	if (str_has_prefix(p, SERVER_EC2_CREDS)) {
		server_http_reply_text(rep, 200, SERVER_EC2_TEXT,
		    SERVER_EC2_ROLE);
		return;
	}
	if (str_has_prefix(p, "/latest/meta-data/instance-id/")) {
		server_http_reply_text(rep, 200, SERVER_EC2_TEXT, "aws-vault");
		return;
	}
	if (str_has_prefix(p, "/latest/meta-data/iam/info/")) {
		server_http_reply_text(rep, 200, SERVER_EC2_TEXT,
		    "{\"Code\" : \"Success\"}");
		return;
	}
	if (streq(p, "/latest/dynamic/instance-identity/document")) {
		doc = xasprintf("{\"region\": \"%s\"}",
		    e->region != NULL ? e->region : "");
		server_http_reply_text(rep, 200, SERVER_EC2_TEXT, doc);
		free(doc);
		return;
	}
	n = strlen(p);
	for (i = 0; i < AV_ARRAY_SIZE(server_ec2_subtrees); i++) {
		if (strlen(server_ec2_subtrees[i]) == n + 1 &&
		    strncmp(p, server_ec2_subtrees[i], n) == 0) {
			server_ec2_redirect(req, rep, server_ec2_subtrees[i]);
			return;
		}
	}
	server_ec2_error(rep, 404, "404 page not found");
}

static void
server_ec2_handle(void *arg, const struct server_http_req *req,
    struct server_http_reply *rep)
{
	struct server_ec2 *e = arg;
	const char *host = server_http_header(req, "Host");
	const char *tok;
	char *msg;

	if (!server_http_addr_is_loopback(req->peer, req->peer_len)) {
		server_ec2_error(rep, 401,
		    "Access denied from non-localhost address");
		return;
	}
	if (host == NULL)
		host = "";
	if (!streq(host, SERVER_EC2_IMDS_IP) &&
	    !streq(host, SERVER_EC2_IMDS_IP ":80")) {
		msg = xasprintf("Access denied for host '%s'", host);
		server_ec2_error(rep, 401, msg);
		free(msg);
		return;
	}
	if (streq(req->path, "/latest/api/token") &&
	    streq(req->method, "PUT")) {
		server_ec2_new_token(e, req, rep);
		return;
	}
	tok = server_http_header(req, SERVER_EC2_TOKEN_HEADER);
	if (tok != NULL && !server_ec2_token_ok(e, tok)) {
		server_ec2_error(rep, 401, "Unauthorized");
		return;
	}
	server_ec2_route(e, req, rep);
}

int
server_ec2_open(int (*base)(void *arg, struct aws_creds **credsp), void *arg,
    const char *region, struct server_ec2 **ep)
{
	struct server_ec2 *e;
	struct aws_creds *creds = NULL;
	int r;

	*ep = NULL;
	e = xcalloc(1, sizeof(*e));
	e->base = base;
	e->arg = arg;
	e->region = region != NULL ? xstrdup(region) : NULL;
	e->cache = server_cache_new(sessions_min_ttl());
	/* Go pre-fetches "so that we can respond quickly to the first
	 * request" and ignores a failure; then it listens. */
	if (server_cache_get(e->cache, "", server_ec2_fetch, e, &creds) != 0)
		log_debug("ec2 server: first fetch failed: %s",
		    av_error_msg());
	aws_creds_free(creds);
	/* Drop libcurl's kept handle before anybody else can ask: its
	 * internal socketpair is not close-on-exec and would leak into
	 * exec's child. */
	http_shutdown();
	if ((r = server_http_start(SERVER_EC2_ADDR, SERVER_EC2_PORT, 0,
	    server_ec2_handle, e, &e->http)) != 0) {
		(void)server_ec2_close(e);
		return r;
	}
	*ep = e;
	return 0;
}

bool
server_ec2_close(struct server_ec2 *e)
{
	if (e == NULL)
		return true;
	if (!server_cache_shutdown(e->cache))
		return false;
	server_http_stop(e->http);
	server_cache_free(e->cache);
	free(e->region);
	explicit_bzero(e->tokens, sizeof(e->tokens));
	free(e);
	return true;
}
