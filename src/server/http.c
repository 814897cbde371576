/* SPDX-License-Identifier: MIT */
/*
 * http.c: the only file that touches libmicrohttpd (see http.h).  The
 * library costs ~4 ms at start-up with GnuTLS behind it, so it is loaded
 * with dlopen when a server starts; <microhttpd.h> is used for types only
 * and every function is called through a pointer with its real prototype.
 *
 * We open the listening socket ourselves (socket, bind, listen) and hand
 * it to the daemon: the bind error is then exact ("bind: address already
 * in use", as Go words it) and the port is known at once.
 *
 * Per request: the URI-log callback (called once, before the headers are
 * parsed) allocates our request context and keeps the raw URI; the access
 * handler collects the body (bounded) and, on its last call, runs the
 * server's handler and queues the reply; the completion callback frees
 * the context.
 */
#include "util/common.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <unistd.h>

#include <microhttpd.h>

#include "server/http.h"
#include "util/buf.h"
#include "util/dl.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

static typeof(MHD_start_daemon) *dl_MHD_start_daemon;
static typeof(MHD_stop_daemon) *dl_MHD_stop_daemon;
static typeof(MHD_lookup_connection_value) *dl_MHD_lookup_connection_value;
static typeof(MHD_get_connection_values) *dl_MHD_get_connection_values;
static typeof(MHD_get_connection_info) *dl_MHD_get_connection_info;
static typeof(MHD_create_response_from_buffer_with_free_callback_cls)
    *dl_MHD_create_response_from_buffer_with_free_callback_cls;
static typeof(MHD_add_response_header) *dl_MHD_add_response_header;
static typeof(MHD_queue_response) *dl_MHD_queue_response;
static typeof(MHD_destroy_response) *dl_MHD_destroy_response;

static void *server_http_dl;

struct server_http {
	struct MHD_Daemon	*d;
	server_http_handler	*fn;
	void			*arg;
	unsigned		 flags;
	uint16_t		 port;
};

/* Our state for one request. */
struct server_http_ctx {
	char		*uri;
	struct buf	 body;
	bool		 started;
	bool		 answered;
	void		(*done)(void *arg);
	void		*done_arg;
};

int
server_http_load(void)
{
	static const char *const sonames[] = {
		"libmicrohttpd.so.12", NULL
	};
	static const struct dl_sym syms[] = {
		DL_SYM(MHD_start_daemon),
		DL_SYM(MHD_stop_daemon),
		DL_SYM(MHD_lookup_connection_value),
		DL_SYM(MHD_get_connection_values),
		DL_SYM(MHD_get_connection_info),
		DL_SYM(MHD_create_response_from_buffer_with_free_callback_cls),
		DL_SYM(MHD_add_response_header),
		DL_SYM(MHD_queue_response),
		DL_SYM(MHD_destroy_response),
		{ NULL, NULL }
	};

	return dl_open_many(&server_http_dl, sonames, syms, "libmicrohttpd",
	    "libmicrohttpd12");
}

bool
server_http_addr_is_loopback(const struct sockaddr *sa, socklen_t len)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET && len >= sizeof(*sin))
		return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6 && len >= sizeof(*sin6))
		return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) &&
		    sin6->sin6_addr.s6_addr[12] == 127);
	return false;
}

/* 169.254.169.254, the address the EC2 proxy listens on. */
static bool
server_http_addr_is_imds(const struct sockaddr *sa, socklen_t len)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

	return sa != NULL && sa->sa_family == AF_INET &&
	    len >= sizeof(*sin) &&
	    ntohl(sin->sin_addr.s_addr) == 0xa9fea9feu;
}

/* The IP address of sa as text into out (INET6_ADDRSTRLEN bytes). */
static void
server_http_addr_format(const struct sockaddr *sa, socklen_t len, char *out,
    size_t outlen)
{
	const void *a = NULL;

	if (sa != NULL && sa->sa_family == AF_INET &&
	    len >= sizeof(struct sockaddr_in))
		a = &((const struct sockaddr_in *)sa)->sin_addr;
	else if (sa != NULL && sa->sa_family == AF_INET6 &&
	    len >= sizeof(struct sockaddr_in6))
		a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (a == NULL || inet_ntop(sa->sa_family, a, out,
	    (socklen_t)outlen) == NULL)
		snprintf(out, outlen, "?");
}

static socklen_t
server_http_addr_len(const struct sockaddr *sa)
{
	if (sa == NULL)
		return 0;
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
}

/* libmicrohttpd's accept policy. */
static enum MHD_Result
server_http_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct server_http *s = cls;
	char ip[INET6_ADDRSTRLEN];

	if (!(s->flags & SERVER_HTTP_LOOPBACK_ONLY) ||
	    server_http_addr_is_loopback(sa, len) ||
	    ((s->flags & SERVER_HTTP_ALLOW_IMDS) &&
	    server_http_addr_is_imds(sa, len)))
		return MHD_YES;
	server_http_addr_format(sa, len, ip, sizeof(ip));
	log_debug("http: refused a connection from %s (not loopback)", ip);
	return MHD_NO;
}

/* libmicrohttpd's error log, shown with --debug. */
static void
server_http_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_debug("libmicrohttpd: %s", msg);
}

/* Called once per request, before the headers: our context. */
static void *
server_http_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server_http_ctx *x;

	(void)cls;
	(void)conn;
	x = xcalloc(1, sizeof(*x));
	x->uri = xstrdup(uri != NULL ? uri : "");
	buf_init(&x->body, SERVER_HTTP_BODY_MAX);
	x->body.flags |= BUF_SECRET;	/* a body may carry anything */
	return x;
}

static void
server_http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server_http_ctx *x = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (x == NULL)
		return;
	if (x->done != NULL)
		x->done(x->done_arg);
	buf_release(&x->body);
	free(x->uri);
	free(x);
	*con_cls = NULL;
}

static void
server_http_body_free(void *cls)
{
	secbuf_free(cls);
}

/* Hand rep to libmicrohttpd; the body secbuf goes with it. */
static enum MHD_Result
server_http_queue(struct MHD_Connection *conn, struct server_http_reply *rep)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i;

	resp = dl_MHD_create_response_from_buffer_with_free_callback_cls(
	    secbuf_len(rep->body), (void *)secbuf_ptr(rep->body),
	    server_http_body_free, rep->body);
	if (resp == NULL) {
		secbuf_free(rep->body);
		rep->body = NULL;
		return MHD_NO;
	}
	rep->body = NULL;	/* transferred */
	for (i = 0; i + 1 < rep->headers.n; i += 2)
		(void)dl_MHD_add_response_header(resp, rep->headers.v[i],
		    rep->headers.v[i + 1]);
	ret = dl_MHD_queue_response(conn, rep->status, resp);
	dl_MHD_destroy_response(resp);
	return ret;
}

static void
server_http_reply_init(struct server_http_reply *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->status = 200;
	rep->body = secbuf_new(BUF_HTTP_MAX);
	strv_init(&rep->headers);
}

static void
server_http_reply_release(struct server_http_reply *rep)
{
	secbuf_free(rep->body);
	rep->body = NULL;
	strv_release(&rep->headers);
}

/* Answer status with text and close, without calling the handler. */
static enum MHD_Result
server_http_refuse(struct MHD_Connection *conn, struct server_http_ctx *x,
    unsigned status, const char *text)
{
	struct server_http_reply rep;
	enum MHD_Result ret;

	server_http_reply_init(&rep);
	server_http_reply_text(&rep, status, "text/plain; charset=utf-8",
	    text);
	server_http_reply_header(&rep, "Connection", "close");
	x->answered = true;
	ret = server_http_queue(conn, &rep);
	server_http_reply_release(&rep);
	log_debug("http: request refused: %u", status);
	return ret;
}

static enum MHD_Result
server_http_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct server_http *s = cls;
	struct server_http_ctx *x = *con_cls;
	const union MHD_ConnectionInfo *ci;
	struct server_http_req req;
	struct server_http_reply rep;
	char ip[INET6_ADDRSTRLEN];
	const char *cl;
	uint64_t n;
	enum MHD_Result ret;

	(void)version;
	if (x == NULL) {
		x = server_http_uri(NULL, url, conn);
		*con_cls = x;
	}
	if (!x->started) {
		/* Headers are in; the body (if any) comes next. */
		x->started = true;
		/* Only a path is a request target here, as in Go's server:
		 * libmicrohttpd passes "@host/x" on, and the EC2 proxy would
		 * have forwarded it to that host. */
		if (x->uri[0] != '/')
			return server_http_refuse(conn, x, 400,
			    "400 Bad Request");
		cl = dl_MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && (cstr_to_u64(cl, 0, UINT64_MAX, &n) != 0 ||
		    n > SERVER_HTTP_BODY_MAX))
			return server_http_refuse(conn, x, 413,
			    "request body too large\n");
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (!x->answered &&
		    buf_put(&x->body, upload_data, *upload_data_size) != 0) {
			/* A chunked body past the limit: libmicrohttpd cannot
			 * answer in mid-upload, and reading on to the end
			 * would let a client stream forever.  Hang up. */
			log_debug("http: request body over %d bytes: closed",
			    SERVER_HTTP_BODY_MAX);
			return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->answered)
		return MHD_YES;
	x->answered = true;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.uri = x->uri;
	ci = dl_MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	req.peer = ci != NULL ? ci->client_addr : NULL;
	req.peer_len = server_http_addr_len(req.peer);
	server_http_addr_format(req.peer, req.peer_len, ip, sizeof(ip));
	req.peer_ip = ip;
	req.body = buf_cstr(&x->body);
	req.body_len = x->body.len;
	req.conn = conn;

	server_http_reply_init(&rep);
	s->fn(s->arg, &req, &rep);
	log_debug("http: %s %s from %s: %u", method, url, ip, rep.status);
	x->done = rep.done;
	x->done_arg = rep.done_arg;
	ret = server_http_queue(conn, &rep);
	server_http_reply_release(&rep);
	return ret;
}

/* socket, bind, listen on addr:port, in Go's words on failure. */
static int
server_http_listen(const char *addr, uint16_t port, int *fdp, uint16_t *portp)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd, one = 1, r;

	*fdp = -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		return av_error_set(AV_ERR_INVALID,
		    "listen tcp %s:%u: not an IPv4 address", addr, port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return av_error_errno(AV_ERR_SYSTEM, "listen tcp %s:%u: socket",
		    addr, port);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "listen tcp %s:%u: bind",
		    addr, port);
		goto fail;
	}
	if (listen(fd, 64) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "listen tcp %s:%u: listen",
		    addr, port);
		goto fail;
	}
	if (getsockname(fd, (struct sockaddr *)&sin, &len) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "getsockname");
		goto fail;
	}
	*portp = ntohs(sin.sin_port);
	*fdp = fd;
	return 0;
fail:
	close(fd);
	return r;
}

int
server_http_start(const char *addr, uint16_t port, unsigned flags,
    server_http_handler *fn, void *arg, struct server_http **sp)
{
	struct server_http *s = NULL;
	unsigned mflags = MHD_USE_AUTO_INTERNAL_THREAD;
	int fd = -1, r;

	*sp = NULL;
	if ((r = server_http_load()) != 0)
		return r;
	s = xcalloc(1, sizeof(*s));
	s->fn = fn;
	s->arg = arg;
	s->flags = flags;
	if ((r = server_http_listen(addr, port, &fd, &s->port)) != 0)
		goto out;
	if (log_debug_enabled())
		mflags |= MHD_USE_ERROR_LOG;
	s->d = dl_MHD_start_daemon(mflags, 0, server_http_accept, s,
	    server_http_access, s,
	    MHD_OPTION_EXTERNAL_LOGGER, server_http_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_HTTP_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_HTTP_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_HTTP_MEMORY,
	    MHD_OPTION_URI_LOG_CALLBACK, server_http_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, server_http_completed, NULL,
	    MHD_OPTION_STRICT_FOR_CLIENT, 1,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		/* XXX the daemon may or may not have closed fd: leave it. */
		r = av_error_set(AV_ERR_INTERNAL, "libmicrohttpd did not start "
		    "a server on %s:%u", addr, s->port);
		goto out;
	}
	log_debug("http: listening on %s:%u", addr, s->port);
	*sp = s;
	s = NULL;	/* transferred */
	r = 0;
out:
	free(s);
	return r;
}

uint16_t
server_http_port(const struct server_http *s)
{
	return s->port;
}

void
server_http_stop(struct server_http *s)
{
	if (s == NULL)
		return;
	if (s->d != NULL)
		dl_MHD_stop_daemon(s->d);	/* closes the listener too */
	free(s);
}

const char *
server_http_header(const struct server_http_req *req, const char *name)
{
	return dl_MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
	    name);
}

struct server_http_each {
	void	(*fn)(void *arg, const char *name, const char *value);
	void	*arg;
};

static enum MHD_Result
server_http_each_cb(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct server_http_each *e = cls;

	(void)kind;
	e->fn(e->arg, key, value != NULL ? value : "");
	return MHD_YES;
}

void
server_http_each_header(const struct server_http_req *req,
    void (*fn)(void *arg, const char *name, const char *value), void *arg)
{
	struct server_http_each e = { fn, arg };

	(void)dl_MHD_get_connection_values(req->conn, MHD_HEADER_KIND,
	    server_http_each_cb, &e);
}

void
server_http_reply_header(struct server_http_reply *rep, const char *name,
    const char *value)
{
	strv_push(&rep->headers, name);
	strv_push(&rep->headers, value);
}

void
server_http_reply_text(struct server_http_reply *rep, unsigned status,
    const char *content_type, const char *text)
{
	rep->status = status;
	secbuf_reset(rep->body);
	(void)secbuf_puts(rep->body, text);
	if (content_type != NULL)
		server_http_reply_header(rep, "Content-Type", content_type);
}
