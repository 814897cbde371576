/* SPDX-License-Identifier: MIT */
/*
 * http.h: the small HTTP server under the credential servers (spec 8):
 * one libmicrohttpd daemon, loaded with dlopen when a server starts
 * (ARCHITECTURE.md 2), so the binary never lists libmicrohttpd or GnuTLS
 * as NEEDED.  Only this module includes <microhttpd.h>.
 *
 * Threading: the daemon runs one internal polling thread, so every
 * handler of one server runs on that thread, one request at a time.
 * Handlers may block (an STS call, an MFA prompt); other clients wait.
 * The thread inherits the caller's signal mask; nothing here touches
 * signals (server/child.h forwards them from whichever thread gets one).
 *
 * A request target that is not a path ("@host/x", "http://host/") gets
 * 400 before the handler runs, as from Go's server.
 *
 * Limits (CONVENTIONS.md 6): the request line and headers must fit in
 * SERVER_HTTP_MEMORY bytes per connection (libmicrohttpd answers 431 or
 * 414 otherwise), a request body may hold SERVER_HTTP_BODY_MAX bytes (413
 * before it is read when Content-Length says more; a chunked body that
 * grows past it gets the connection closed), at most
 * SERVER_HTTP_CONNECTIONS connections at once, idle connections close
 * after SERVER_HTTP_TIMEOUT seconds, and a reply body holds at most
 * BUF_HTTP_MAX bytes.  Reply bodies live in a secbuf (they carry
 * credentials) and are wiped when libmicrohttpd is done with them.
 *
 * Layering: server, on util.  Never prints; with --debug it logs one line
 * per request (method, path, status: no header, query or body).
 */
#ifndef AV_SERVER_HTTP_H
#define AV_SERVER_HTTP_H

#include "util/common.h"

#include <sys/socket.h>

#include "util/str.h"

struct secbuf;
struct server_http;

#define SERVER_HTTP_MEMORY	(32 * 1024)
#define SERVER_HTTP_BODY_MAX	(16 * 1024)
#define SERVER_HTTP_CONNECTIONS	64
#define SERVER_HTTP_TIMEOUT	30

/* One request, valid during the handler call. */
struct server_http_req {
	const char		*method;
	const char		*path;	/* decoded by libmicrohttpd, no query */
	const char		*uri;	/* as sent: path and query */
	const char		*peer_ip; /* "127.0.0.1", "::1" */
	const struct sockaddr	*peer;
	socklen_t		 peer_len;
	const char		*body;	/* NUL-terminated; "" when none */
	size_t			 body_len;
	void			*conn;	/* internal */
};

/* What a handler answers.  The server fills in status 200 and an empty
 * body; the handler sets what it needs. */
struct server_http_reply {
	unsigned		 status;
	struct secbuf		*body;		/* never NULL */
	struct strv		 headers;	/* name, value, ... */
	/* Called once the reply has been sent (or the connection lost). */
	void			(*done)(void *arg);
	void			*done_arg;
};

typedef void server_http_handler(void *arg, const struct server_http_req *req,
    struct server_http_reply *rep);

enum server_http_flags {
	/* Close connections from any peer that is not loopback
	 * (server_http_addr_is_loopback) before reading a byte. */
	SERVER_HTTP_LOOPBACK_ONLY = 1 << 0,
	/* Also let 169.254.169.254 in (the EC2 proxy's own address). */
	SERVER_HTTP_ALLOW_IMDS = 1 << 1,
};

/* Load libmicrohttpd, as server_http_start does first: for a caller with
 * slow work to do before it starts a server.  Returns 0 or
 * AV_ERR_UNSUPPORTED. */
int server_http_load(void);

/*
 * Listen on addr (an IPv4 literal) and port (0: any free port), and serve
 * every request with fn(arg, ...) on the server thread.  On success *sp
 * is owned by the caller (server_http_stop).  Returns 0 or
 *   AV_ERR_UNSUPPORTED  libmicrohttpd cannot be loaded,
 *   AV_ERR_SYSTEM       "listen tcp 127.0.0.1:9099: bind: address already
 *                       in use" (Go's words),
 *   AV_ERR_INTERNAL     the daemon did not start.
 */
int server_http_start(const char *addr, uint16_t port, unsigned flags,
    server_http_handler *fn, void *arg, struct server_http **sp);
/* The port listened on. */
uint16_t server_http_port(const struct server_http *s);
/* Stop: close the listener and every connection, wait for the server
 * thread (so a handler still running is waited for), free s.  NULL is a
 * no-op. */
void server_http_stop(struct server_http *s);

/* The value of request header name (case-insensitive; the first one when
 * repeated), or NULL.  Borrowed for the handler call. */
const char *server_http_header(const struct server_http_req *req,
    const char *name);
/* Call fn for every request header, in the order received. */
void server_http_each_header(const struct server_http_req *req,
    void (*fn)(void *arg, const char *name, const char *value), void *arg);

/* Add a reply header (copied). */
void server_http_reply_header(struct server_http_reply *rep,
    const char *name, const char *value);
/* Set status, Content-Type and the body text (copied; a body that would
 * exceed the maximum is cut, which no caller's text comes near). */
void server_http_reply_text(struct server_http_reply *rep, unsigned status,
    const char *content_type, const char *text);

/* True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104 (Go's IsLoopback). */
bool server_http_addr_is_loopback(const struct sockaddr *sa, socklen_t len);

#endif
