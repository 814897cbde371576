/* SPDX-License-Identifier: MIT */
/*
 * test-server.c: the local credential servers without AWS: the loopback
 * test on real socket addresses; the ECS and EC2 bodies byte for byte
 * (expected texts written out by hand from spec 8.1/8.2 and Go's
 * json.Encoder rules, not produced by the code under test); the cache's
 * refresh window on a pinned clock and its shutdown handshake from a
 * second thread; a real ECS server and a real EC2 server on loopback,
 * driven over plain sockets (token check, routes, limits, IMDSv2, a peer
 * that is not loopback); and the child runner's exit statuses and signal
 * forwarding.
 */
#include "test.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "aws/creds.h"
#include "server/cache.h"
#include "server/child.h"
#include "server/ec2.h"
#include "server/ecs.h"
#include "server/http.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"

/* ---- a tiny HTTP client: one request per connection ----------------- */

struct reply {
	unsigned	 status;
	char		*head;	/* status line and headers */
	char		*body;
	bool		 closed_unanswered;
};

static void
reply_release(struct reply *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Connect to 127.0.0.1:port from src (NULL: any), send raw, read to EOF. */
static void
http_raw(uint16_t port, const char *src, const char *raw, size_t rawlen,
    struct reply *rep)
{
	struct sockaddr_in sin;
	struct pollfd pfd;
	struct buf b;
	char chunk[4096], *sep;
	size_t off = 0;
	ssize_t n;
	uint64_t st;
	int fd;

	memset(rep, 0, sizeof(*rep));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	if (src != NULL) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, src, &sin.sin_addr), 1);
		assert_int_equal(bind(fd, (struct sockaddr *)&sin,
		    sizeof(sin)), 0);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)),
	    0);
	while (off < rawlen) {
		n = send(fd, raw + off, rawlen - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;	/* the server may close early (413) */
		off += (size_t)n;
	}
	buf_init(&b, 4 * 1024 * 1024);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, 5000) == 1 &&
	    (n = read(fd, chunk, sizeof(chunk))) > 0)
		assert_int_equal(buf_put(&b, chunk, (size_t)n), 0);
	close(fd);
	if (b.len == 0) {
		rep->closed_unanswered = true;
		buf_release(&b);
		return;
	}
	sep = strstr(b.p, "\r\n\r\n");
	assert_non_null(sep);
	rep->head = xstrndup(b.p, (size_t)(sep - b.p));
	rep->body = xstrdup(sep + 4);
	assert_true(strncmp(rep->head, "HTTP/1.1 ", 9) == 0);
	assert_int_equal(str_to_u64(str_make(rep->head + 9, 3), 100, 599,
	    &st), 0);
	rep->status = (unsigned)st;
	buf_release(&b);
}

static void
http_get(uint16_t port, const char *method, const char *path,
    const char *headers, struct reply *rep)
{
	char *raw = xasprintf("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n%s\r\n", method, path, headers);

	http_raw(port, NULL, raw, strlen(raw), rep);
	free(raw);
}

/* The value of header name in r->head (exact case), or NULL. */
static const char *
header(const struct reply *r, const char *name, char *out, size_t outlen)
{
	char *needle = xasprintf("\r\n%s: ", name);
	const char *p = strstr(r->head, needle), *e;

	free(needle);
	if (p == NULL)
		return NULL;
	p += strlen(name) + 4;
	e = strstr(p, "\r\n");
	if (e == NULL)
		e = p + strlen(p);
	snprintf(out, outlen, "%.*s", (int)(e - p), p);
	return out;
}

/* ---- addresses ------------------------------------------------------ */

static bool
loopback4(const char *ip)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, ip, &sin.sin_addr), 1);
	return server_http_addr_is_loopback((struct sockaddr *)&sin,
	    sizeof(sin));
}

static bool
loopback6(const char *ip)
{
	struct sockaddr_in6 sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, ip, &sin6.sin6_addr), 1);
	return server_http_addr_is_loopback((struct sockaddr *)&sin6,
	    sizeof(sin6));
}

static void
test_loopback(void **state)
{
	(void)state;
	assert_true(loopback4("127.0.0.1"));
	assert_true(loopback4("127.254.3.9"));
	assert_false(loopback4("128.0.0.1"));
	assert_false(loopback4("10.0.0.1"));
	assert_false(loopback4("169.254.169.254"));
	assert_false(loopback4("0.0.0.0"));
	assert_true(loopback6("::1"));
	assert_true(loopback6("::ffff:127.0.0.1"));
	assert_false(loopback6("::ffff:10.1.2.3"));
	assert_false(loopback6("::"));
	assert_false(loopback6("fe80::1"));
	assert_false(server_http_addr_is_loopback(NULL, 0));
}

/* ---- bodies --------------------------------------------------------- */

static struct aws_creds *
creds_fixture(void)
{
	struct aws_creds *c = aws_creds_from("ASIAEXAMPLEKEY000001",
	    "se/cret+<&>", "tok\"en");

	c->can_expire = true;
	c->expires = 1796014449;	/* 2026-11-30T04:54:09Z */
	return c;
}

static void
test_ecs_format(void **state)
{
	struct aws_creds *c = creds_fixture();
	struct secbuf *out = secbuf_new(4096);

	(void)state;
	assert_int_equal(server_ecs_format(c, 1796000000, out), 0);
	assert_string_equal(secbuf_ptr(out),
	    "{\"AccessKeyId\":\"ASIAEXAMPLEKEY000001\","
	    "\"Expiration\":\"2026-11-30T04:54:09Z\","
	    "\"SecretAccessKey\":\"se/cret+\\u003c\\u0026\\u003e\","
	    "\"Token\":\"tok\\\"en\"}\n");
	/* Credentials that cannot expire: an hour from now. */
	secbuf_reset(out);
	c->can_expire = false;
	assert_int_equal(server_ecs_format(c, 1796000000, out), 0);
	assert_non_null(strstr(secbuf_ptr(out),
	    "\"Expiration\":\"2026-11-30T01:53:20Z\""));
	/* No session token: "Token":"". */
	secbuf_free(c->session_token);
	c->session_token = NULL;
	secbuf_reset(out);
	assert_int_equal(server_ecs_format(c, 1796000000, out), 0);
	assert_non_null(strstr(secbuf_ptr(out), ",\"Token\":\"\"}\n"));
	secbuf_free(out);
	aws_creds_free(c);
}

static void
test_ec2_format(void **state)
{
	struct aws_creds *c = creds_fixture();
	struct secbuf *out = secbuf_new(4096);

	(void)state;
	assert_int_equal(server_ec2_format(c, 1796000000, out), 0);
	assert_string_equal(secbuf_ptr(out),
	    "{\"AccessKeyId\":\"ASIAEXAMPLEKEY000001\",\"Code\":\"Success\","
	    "\"Expiration\":\"2026-11-30T04:54:09Z\","
	    "\"LastUpdated\":\"2026-11-30T00:53:20Z\","
	    "\"SecretAccessKey\":\"se/cret+\\u003c\\u0026\\u003e\","
	    "\"Token\":\"tok\\\"en\",\"Type\":\"AWS-HMAC\"}\n");
	secbuf_free(out);
	aws_creds_free(c);
}

/* ---- the cache ------------------------------------------------------ */

struct counter {
	int		 calls;
	int64_t		 expires;
	bool		 can_expire;
	bool		 fail;
	struct server_cache *cache;	/* for the shutdown test */
	bool		 shutdown_result;
};

static int
count_fetch(void *arg, const char *key, struct aws_creds **credsp)
{
	struct counter *k = arg;
	char id[32];

	k->calls++;
	if (k->fail)
		return av_error_set(AV_ERR_AWS, "no credentials for %s", key);
	snprintf(id, sizeof(id), "AKIA%d", k->calls);
	*credsp = aws_creds_from(id, "s", "t");
	(*credsp)->can_expire = k->can_expire;
	(*credsp)->expires = k->expires;
	return 0;
}

static void
pin(int64_t t)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", (long long)t);
	setenv("AWS_VAULT_TEST_NOW", s, 1);
}

static void
test_cache_window(void **state)
{
	struct server_cache *c = server_cache_new(5 * DUR_MINUTE);
	struct counter k = { .expires = 10000, .can_expire = true };
	struct aws_creds *got = NULL;

	(void)state;
#ifndef AV_TEST_HOOKS
	skip();
#endif
	pin(1000);
	assert_int_equal(server_cache_get(c, "", count_fetch, &k, &got), 0);
	assert_string_equal(got->access_key_id, "AKIA1");
	aws_creds_free(got);
	pin(9699);	/* 301 s before expiry: still fresh */
	assert_int_equal(server_cache_get(c, "", count_fetch, &k, &got), 0);
	assert_string_equal(got->access_key_id, "AKIA1");
	aws_creds_free(got);
	assert_int_equal(k.calls, 1);
	pin(9700);	/* inside the 5-minute window: fetched again */
	k.expires = 20000;
	assert_int_equal(server_cache_get(c, "", count_fetch, &k, &got), 0);
	assert_string_equal(got->access_key_id, "AKIA2");
	aws_creds_free(got);
	/* Another key has its own entry. */
	assert_int_equal(server_cache_get(c, "/role-arn/x", count_fetch, &k,
	    &got), 0);
	assert_string_equal(got->access_key_id, "AKIA3");
	aws_creds_free(got);
	/* Credentials born inside the window live until they expire. */
	k.expires = 9800;
	assert_int_equal(server_cache_get(c, "short", count_fetch, &k, &got),
	    0);
	aws_creds_free(got);
	pin(9799);
	assert_int_equal(server_cache_get(c, "short", count_fetch, &k, &got),
	    0);
	assert_string_equal(got->access_key_id, "AKIA4");
	aws_creds_free(got);
	pin(9800);
	assert_int_equal(server_cache_get(c, "short", count_fetch, &k, &got),
	    0);
	assert_string_equal(got->access_key_id, "AKIA5");
	aws_creds_free(got);
	/* A failure is not cached. */
	k.fail = true;
	assert_int_equal(server_cache_get(c, "bad", count_fetch, &k, &got),
	    AV_ERR_AWS);
	assert_null(got);
	assert_string_equal(av_error_msg(), "no credentials for bad");
	k.fail = false;
	assert_int_equal(server_cache_get(c, "bad", count_fetch, &k, &got),
	    0);
	aws_creds_free(got);
	/* Non-expiring credentials are kept for good. */
	k.can_expire = false;
	assert_int_equal(server_cache_get(c, "static", count_fetch, &k,
	    &got), 0);
	aws_creds_free(got);
	pin(999999999);
	assert_int_equal(server_cache_get(c, "static", count_fetch, &k,
	    &got), 0);
	assert_string_equal(got->access_key_id, "AKIA8");
	aws_creds_free(got);
	assert_int_equal(k.calls, 8);
	unsetenv("AWS_VAULT_TEST_NOW");
	server_cache_free(c);
}

static void *
shutdown_thread(void *arg)
{
	struct counter *k = arg;

	k->shutdown_result = server_cache_shutdown(k->cache);
	return NULL;
}

/* A fetch that asks, from another thread, to shut the cache down. */
static int
busy_fetch(void *arg, const char *key, struct aws_creds **credsp)
{
	struct counter *k = arg;
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, shutdown_thread, k), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	return count_fetch(arg, key, credsp);
}

static void
test_cache_shutdown(void **state)
{
	struct server_cache *c = server_cache_new(0);
	struct counter k = { .cache = c, .shutdown_result = true };
	struct aws_creds *got = NULL;
	pthread_t t;

	(void)state;
	/* Refused while a fetch runs; nothing changes. */
	assert_int_equal(server_cache_get(c, "", busy_fetch, &k, &got), 0);
	assert_false(k.shutdown_result);
	aws_creds_free(got);
	assert_int_equal(server_cache_get(c, "x", count_fetch, &k, &got), 0);
	aws_creds_free(got);
	/* Accepted when idle; every later get is refused. */
	assert_int_equal(pthread_create(&t, NULL, shutdown_thread, &k), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(k.shutdown_result);
	assert_int_equal(server_cache_get(c, "", count_fetch, &k, &got),
	    AV_ERR_CANCELLED);
	assert_null(got);
	server_cache_free(c);
}

/* ---- a real ECS server ------------------------------------------------ */

struct ecs_stub {
	int		 base_calls;
	int		 role_calls;
	bool		 fail;
	char		*last_arn;
	char		*last_base;
};

static int
stub_base(void *arg, struct aws_creds **credsp)
{
	struct ecs_stub *s = arg;

	s->base_calls++;
	if (s->fail)
		return av_error_set(AV_ERR_AWS, "sts:GetSessionToken: "
		    "AccessDenied: <nope> & \"no\"");
	*credsp = aws_creds_from("ASIABASEEXAMPLE00001", "base-secret",
	    "base-token");
	(*credsp)->can_expire = true;
	(*credsp)->expires = clock_now() + 3600;
	return 0;
}

static int
stub_role(void *arg, const struct aws_creds *base, const char *arn,
    struct aws_creds **credsp)
{
	struct ecs_stub *s = arg;

	s->role_calls++;
	free(s->last_arn);
	free(s->last_base);
	s->last_arn = xstrdup(arn);
	s->last_base = xstrdup(base->access_key_id);
	*credsp = aws_creds_from("ASIAROLEEXAMPLE00001", "role-secret",
	    "role-token");
	(*credsp)->can_expire = true;
	(*credsp)->expires = clock_now() + 3600;
	return 0;
}

/* A local IPv4 address that is not loopback, or NULL. */
static char *
non_loopback_ip(void)
{
	struct ifaddrs *ifa, *i;
	char ip[INET_ADDRSTRLEN];
	char *found = NULL;

	if (getifaddrs(&ifa) != 0)
		return NULL;
	for (i = ifa; i != NULL && found == NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
		    server_http_addr_is_loopback(i->ifa_addr,
		    sizeof(struct sockaddr_in)))
			continue;
		if (inet_ntop(AF_INET,
		    &((struct sockaddr_in *)i->ifa_addr)->sin_addr, ip,
		    sizeof(ip)) != NULL)
			found = xstrdup(ip);
	}
	freeifaddrs(ifa);
	return found;
}

static void
test_ecs_server(void **state)
{
	struct ecs_stub stub = { 0 };
	struct server_ecs_source src = { stub_base, stub_role, &stub };
	struct server_ecs *e = NULL;
	struct reply r;
	const char *tok;
	char *auth, *raw, *big, *ip, h[256];
	uint64_t port;
	int rc;

	(void)state;
	rc = server_ecs_open(&src, false, &e);
	if (rc == AV_ERR_UNSUPPORTED)
		skip();	/* libmicrohttpd is not installed */
	assert_int_equal(rc, 0);
	assert_int_equal(stub.base_calls, 1);	/* fetched up front */
	tok = secbuf_ptr(server_ecs_token(e));
	assert_int_equal(strlen(tok), 40);
	assert_int_equal(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	    "nopqrstuvwxyz0123456789-_"), 40);
	assert_true(str_has_prefix(server_ecs_url(e), "http://127.0.0.1:"));
	assert_int_equal(cstr_to_u64(server_ecs_url(e) + 17, 1, 65535, &port),
	    0);
	auth = xasprintf("Authorization: %s\r\n", tok);

	/* No token, a wrong one, a Bearer one: 403, exact body. */
	http_get((uint16_t)port, "GET", "/", "", &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(r.body, "{\"Message\":\"invalid Authorization "
	    "token\"}\n");
	assert_string_equal(header(&r, "Content-Type", h, sizeof(h)),
	    "application/json; charset=utf-8");
	reply_release(&r);
	http_get((uint16_t)port, "GET", "/",
	    "Authorization: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n", &r);
	assert_int_equal(r.status, 403);
	reply_release(&r);
	raw = xasprintf("Authorization: Bearer %s\r\n", tok);
	http_get((uint16_t)port, "GET", "/", raw, &r);
	assert_int_equal(r.status, 403);
	reply_release(&r);
	free(raw);

	/* The right token: the base credentials, from the cache. */
	http_get((uint16_t)port, "GET", "/", auth, &r);
	assert_int_equal(r.status, 200);
	assert_true(str_has_prefix(r.body, "{\"AccessKeyId\":"
	    "\"ASIABASEEXAMPLE00001\",\"Expiration\":\""));
	assert_true(str_has_suffix(r.body, "\",\"SecretAccessKey\":"
	    "\"base-secret\",\"Token\":\"base-token\"}\n"));
	assert_string_equal(header(&r, "Content-Type", h, sizeof(h)),
	    "text/plain; charset=utf-8");
	reply_release(&r);
	http_get((uint16_t)port, "POST", "/any/path?x=1", auth, &r);
	assert_int_equal(r.status, 200);
	reply_release(&r);
	assert_int_equal(stub.base_calls, 1);

	/* A role: AssumeRole from the base credentials, once per ARN. */
	http_get((uint16_t)port, "GET",
	    "/role-arn/arn:aws:iam::123456789012:role/x", auth, &r);
	assert_int_equal(r.status, 200);
	assert_true(str_has_prefix(r.body, "{\"AccessKeyId\":"
	    "\"ASIAROLEEXAMPLE00001\""));
	reply_release(&r);
	assert_string_equal(stub.last_arn, "arn:aws:iam::123456789012:role/x");
	assert_string_equal(stub.last_base, "ASIABASEEXAMPLE00001");
	http_get((uint16_t)port, "GET",
	    "/role-arn/arn:aws:iam::123456789012:role/x", auth, &r);
	reply_release(&r);
	assert_int_equal(stub.role_calls, 1);
	http_get((uint16_t)port, "GET",
	    "/role-arn/arn:aws:iam::123456789012:role/y", auth, &r);
	reply_release(&r);
	assert_int_equal(stub.role_calls, 2);
	assert_int_equal(stub.base_calls, 1);

	/* HEAD: the headers only. */
	http_get((uint16_t)port, "HEAD", "/", auth, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "");
	reply_release(&r);

	/* A body over 16 KiB: 413 without reading it. */
	big = xmalloc(SERVER_HTTP_BODY_MAX + 2);
	memset(big, 'a', SERVER_HTTP_BODY_MAX + 1);
	big[SERVER_HTTP_BODY_MAX + 1] = '\0';
	raw = xasprintf("PUT / HTTP/1.1\r\nHost: x\r\n%sContent-Length: "
	    "%d\r\n\r\n%s", auth, SERVER_HTTP_BODY_MAX + 1, big);
	http_raw((uint16_t)port, NULL, raw, strlen(raw), &r);
	assert_int_equal(r.status, 413);
	reply_release(&r);
	free(raw);
	/* The same body chunked: the connection is closed when it grows
	 * past the limit. */
	raw = xasprintf("PUT / HTTP/1.1\r\nHost: x\r\n%sTransfer-Encoding: "
	    "chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", auth,
	    SERVER_HTTP_BODY_MAX + 1, big);
	http_raw((uint16_t)port, NULL, raw, strlen(raw), &r);
	assert_true(r.closed_unanswered);
	reply_release(&r);
	free(raw);
	/* A small body is fine. */
	raw = xasprintf("PUT / HTTP/1.1\r\nHost: x\r\n%sContent-Length: 5\r\n"
	    "Connection: close\r\n\r\nhello", auth);
	http_raw((uint16_t)port, NULL, raw, strlen(raw), &r);
	assert_int_equal(r.status, 200);
	reply_release(&r);
	free(raw);
	/* Headers over the per-connection memory: refused. */
	free(big);
	big = xmalloc(SERVER_HTTP_MEMORY + 2);
	memset(big, 'b', SERVER_HTTP_MEMORY + 1);
	big[SERVER_HTTP_MEMORY + 1] = '\0';
	raw = xasprintf("GET / HTTP/1.1\r\nHost: x\r\n%sX-Big: %s\r\n\r\n",
	    auth, big);
	http_raw((uint16_t)port, NULL, raw, strlen(raw), &r);
	assert_true(r.closed_unanswered || r.status == 431 ||
	    r.status == 413 || r.status == 400);
	assert_int_not_equal(r.status, 200);
	reply_release(&r);
	free(raw);
	free(big);

	/* A peer that is not loopback: closed before anything is read. */
	if ((ip = non_loopback_ip()) != NULL) {
		raw = xasprintf("GET / HTTP/1.1\r\nHost: x\r\nConnection: "
		    "close\r\n%s\r\n", auth);
		http_raw((uint16_t)port, ip, raw, strlen(raw), &r);
		assert_true(r.closed_unanswered);
		reply_release(&r);
		free(raw);
		free(ip);
	} else {
		print_message("# no non-loopback IPv4 address here\n");
	}

	assert_true(server_ecs_close(e));
	free(auth);
	free(stub.last_arn);
	free(stub.last_base);
}

static void
test_ecs_errors(void **state)
{
	struct ecs_stub stub = { .fail = true };
	struct server_ecs_source src = { stub_base, stub_role, &stub };
	struct server_ecs *e = NULL;
	struct reply r;
	char *auth;
	uint64_t port;
	int rc;

	(void)state;
	/* Not lazy: the first fetch fails the start. */
	rc = server_ecs_open(&src, false, &e);
	if (rc == AV_ERR_UNSUPPORTED)
		skip();
	assert_int_equal(rc, AV_ERR_AWS);
	assert_null(e);
	assert_string_equal(av_error_msg(), "Retrieving creds: "
	    "sts:GetSessionToken: AccessDenied: <nope> & \"no\"");
	/* Lazy: nothing fetched until asked; then a 500 with the error in
	 * Go's JSON. */
	stub.base_calls = 0;
	assert_int_equal(server_ecs_open(&src, true, &e), 0);
	assert_int_equal(stub.base_calls, 0);
	assert_int_equal(cstr_to_u64(server_ecs_url(e) + 17, 1, 65535, &port),
	    0);
	auth = xasprintf("Authorization: %s\r\n",
	    secbuf_ptr(server_ecs_token(e)));
	http_get((uint16_t)port, "GET", "/", auth, &r);
	assert_int_equal(r.status, 500);
	assert_string_equal(r.body, "{\"Message\":\"sts:GetSessionToken: "
	    "AccessDenied: \\u003cnope\\u003e \\u0026 \\\"no\\\"\"}\n");
	reply_release(&r);
	assert_int_equal(stub.base_calls, 1);
	/* Not cached: the next request tries again and succeeds. */
	stub.fail = false;
	http_get((uint16_t)port, "GET", "/", auth, &r);
	assert_int_equal(r.status, 200);
	reply_release(&r);
	assert_int_equal(stub.base_calls, 2);
	/* A request target that is not a path: 400, as Go's server (the
	 * EC2 proxy would forward "@host/x" to host). */
	http_get((uint16_t)port, "GET", "@127.0.0.1:1/x", auth, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(r.body, "400 Bad Request");
	reply_release(&r);
	assert_int_equal(stub.base_calls, 2);
	assert_true(server_ecs_close(e));
	free(auth);
}

/* ---- a real EC2 server ------------------------------------------------ */

static void
ec2_get(const char *method, const char *path, const char *host,
    const char *more, struct reply *rep)
{
	char *raw = xasprintf("%s %s HTTP/1.1\r\n%s%s%sConnection: close\r\n"
	    "%s\r\n", method, path, host != NULL ? "Host: " : "",
	    host != NULL ? host : "", host != NULL ? "\r\n" : "", more);

	http_raw(SERVER_EC2_PORT, NULL, raw, strlen(raw), rep);
	free(raw);
}

static void
test_ec2_server(void **state)
{
	struct ecs_stub stub = { 0 };
	struct server_ec2 *e = NULL;
	struct reply r;
	char h[256], *tokhdr, *tok;
	int rc;

	(void)state;
	rc = server_ec2_open(stub_base, &stub, "eu-west-3", &e);
	if (rc == AV_ERR_UNSUPPORTED || rc == AV_ERR_SYSTEM) {
		print_message("# %s\n", av_error_msg());
		skip();	/* no libmicrohttpd, or port 9099 is taken */
	}
	assert_int_equal(rc, 0);
	assert_int_equal(stub.base_calls, 1);

	/* The DNS-rebinding check. */
	ec2_get("GET", "/latest/meta-data/iam/security-credentials/",
	    "evil.example:80", "", &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(r.body, "Access denied for host "
	    "'evil.example:80'\n");
	assert_string_equal(header(&r, "Content-Type", h, sizeof(h)),
	    "text/plain; charset=utf-8");
	assert_string_equal(header(&r, "X-Content-Type-Options", h,
	    sizeof(h)), "nosniff");
	reply_release(&r);
	ec2_get("GET", "/", "127.0.0.1:9099", "", &r);
	assert_int_equal(r.status, 401);
	reply_release(&r);

	/* The routes, with either Host spelling. */
	ec2_get("GET", "/latest/meta-data/iam/security-credentials/",
	    "169.254.169.254", "", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "local-credentials");
	reply_release(&r);
	ec2_get("GET", "/latest/meta-data/iam/security-credentials/other",
	    "169.254.169.254:80", "", &r);
	assert_string_equal(r.body, "local-credentials");
	reply_release(&r);
	ec2_get("GET", "/latest/meta-data/instance-id/", "169.254.169.254",
	    "", &r);
	assert_string_equal(r.body, "aws-vault");
	reply_release(&r);
	ec2_get("GET", "/latest/meta-data/iam/info/", "169.254.169.254", "",
	    &r);
	assert_string_equal(r.body, "{\"Code\" : \"Success\"}");
	reply_release(&r);
	ec2_get("GET", "/latest/dynamic/instance-identity/document",
	    "169.254.169.254", "", &r);
	assert_string_equal(r.body, "{\"region\": \"eu-west-3\"}");
	reply_release(&r);
	ec2_get("GET", "/latest/meta-data/instance-id?a=b", "169.254.169.254",
	    "", &r);
	assert_int_equal(r.status, 301);
	assert_string_equal(header(&r, "Location", h, sizeof(h)),
	    "/latest/meta-data/instance-id/?a=b");
	reply_release(&r);
	ec2_get("GET", "/latest/meta-data/instance-id?a=1&b=%3Cx%3E",
	    "169.254.169.254", "", &r);
	assert_string_equal(r.body, "<a href=\"/latest/meta-data/instance-id/"
	    "?a=1&amp;b=%3Cx%3E\">Moved Permanently</a>.\n\n");
	reply_release(&r);
	ec2_get("GET", "/latest/meta-data/instance-id?", "169.254.169.254",
	    "", &r);
	assert_string_equal(header(&r, "Location", h, sizeof(h)),
	    "/latest/meta-data/instance-id/");
	reply_release(&r);
	ec2_get("GET", "/nope", "169.254.169.254", "", &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.body, "404 page not found\n");
	reply_release(&r);

	/* Credentials, IMDSv1 style. */
	ec2_get("GET", "/latest/meta-data/iam/security-credentials/"
	    "local-credentials", "169.254.169.254", "", &r);
	assert_int_equal(r.status, 200);
	assert_true(str_has_prefix(r.body, "{\"AccessKeyId\":"
	    "\"ASIABASEEXAMPLE00001\",\"Code\":\"Success\",\"Expiration\":"));
	assert_true(str_has_suffix(r.body, ",\"SecretAccessKey\":"
	    "\"base-secret\",\"Token\":\"base-token\",\"Type\":"
	    "\"AWS-HMAC\"}\n"));
	reply_release(&r);
	assert_int_equal(stub.base_calls, 1);

	/* IMDSv2: a TTL is required; the token works; a wrong one is 401. */
	ec2_get("PUT", "/latest/api/token", "169.254.169.254",
	    "Content-Length: 0\r\n", &r);
	assert_int_equal(r.status, 400);
	reply_release(&r);
	ec2_get("PUT", "/latest/api/token", "169.254.169.254",
	    "X-aws-ec2-metadata-token-ttl-seconds: 21601\r\n", &r);
	assert_int_equal(r.status, 400);
	reply_release(&r);
	ec2_get("PUT", "/latest/api/token", "169.254.169.254",
	    "X-aws-ec2-metadata-token-ttl-seconds: 21600\r\n"
	    "Content-Length: 0\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(strlen(r.body), 43);
	assert_string_equal(header(&r, "X-aws-ec2-metadata-token-ttl-seconds",
	    h, sizeof(h)), "21600");
	tok = xstrdup(r.body);
	reply_release(&r);
	tokhdr = xasprintf("X-aws-ec2-metadata-token: %s\r\n", tok);
	ec2_get("GET", "/latest/meta-data/iam/security-credentials/"
	    "local-credentials", "169.254.169.254", tokhdr, &r);
	assert_int_equal(r.status, 200);
	reply_release(&r);
	tok[0] = tok[0] == 'A' ? 'B' : 'A';
	free(tokhdr);
	tokhdr = xasprintf("X-aws-ec2-metadata-token: %s\r\n", tok);
	ec2_get("GET", "/latest/meta-data/iam/security-credentials/",
	    "169.254.169.254", tokhdr, &r);
	assert_int_equal(r.status, 401);
	reply_release(&r);
	free(tokhdr);
	free(tok);

	assert_true(server_ec2_close(e));
	free(stub.last_arn);
	free(stub.last_base);
}

/* ---- the child ---------------------------------------------------------- */

static int
run_sh(const char *script)
{
	char *const argv[] = { "sh", "-c", (char *)script, NULL };
	extern char **environ;
	int st = -1;

	assert_int_equal(server_child_run("/bin/sh", argv, environ, &st), 0);
	return st;
}

static void *
signal_later(void *arg)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	kill(getpid(), *(int *)arg);
	return NULL;
}

static void
test_child(void **state)
{
	char *const argv[] = { "nope", NULL };
	extern char **environ;
	struct sigaction sa;
	pthread_t t;
	int sig = SIGUSR1, st;

	(void)state;
	assert_true(server_child_forwards(SIGINT));
	assert_true(server_child_forwards(SIGTERM));
	assert_true(server_child_forwards(SIGHUP));
	assert_true(server_child_forwards(SIGUSR1));
	assert_true(server_child_forwards(SIGWINCH));
	assert_true(server_child_forwards(SIGCONT));
	assert_true(server_child_forwards(SIGRTMIN));
	assert_false(server_child_forwards(SIGCHLD));
	assert_false(server_child_forwards(SIGKILL));
	assert_false(server_child_forwards(SIGSEGV));
	assert_false(server_child_forwards(SIGTSTP));
	assert_false(server_child_forwards(0));

	assert_int_equal(run_sh("exit 7"), 7);
	assert_int_equal(run_sh("exit 0"), 0);
	assert_int_equal(run_sh("kill -TERM $$"), 255);
	assert_int_equal(server_child_run("/nonexistent/nope", argv, environ,
	    &st), AV_ERR_SYSTEM);
	assert_string_equal(av_error_msg(), "exec: \"nope\": no such file or "
	    "directory");
	/* SIGUSR1 sent to us (from another thread, process-directed) reaches
	 * the child, and our own disposition is back afterwards. */
	assert_int_equal(pthread_create(&t, NULL, signal_later, &sig), 0);
	assert_int_equal(run_sh("trap 'exit 42' USR1; i=0; "
	    "while [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; exit 1"),
	    42);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(sigaction(SIGUSR1, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_DFL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_ecs_format),
		cmocka_unit_test(test_ec2_format),
		cmocka_unit_test(test_cache_window),
		cmocka_unit_test(test_cache_shutdown),
		cmocka_unit_test(test_ecs_server),
		cmocka_unit_test(test_ecs_errors),
		cmocka_unit_test(test_ec2_server),
		cmocka_unit_test(test_child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
