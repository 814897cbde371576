/* SPDX-License-Identifier: MIT */
/*
 * proxy.c: the EC2 metadata endpoint proxy and how exec drives it (see
 * proxy.h).
 *
 * The proxy process is single-purpose: its main thread blocks SIGINT,
 * SIGTERM and SIGUSR1 before the server thread starts (so that thread
 * inherits them blocked) and waits for one of them with sigwaitinfo.
 * SIGUSR1 is how the /stop handler says "done" once its reply has gone
 * out; one sent by anybody else is ignored.
 */
#include "util/common.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/curl-api.h"
#include "server/ec2.h"
#include "server/http.h"
#include "server/proxy.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

extern char **environ;

#define SERVER_PROXY_TIMEOUT_MS	60000

/* libcurl as aws/http.c loaded it; set before the server thread starts. */
static const struct http_curl *server_proxy_curl;

/* A non-blocking TCP connection to 169.254.169.254:80 made within
 * timeout_ms, or -1. */
static int
server_proxy_connect(int timeout_ms)
{
	struct sockaddr_in sin;
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, err = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(SERVER_PROXY_PORT);
	(void)inet_pton(AF_INET, SERVER_PROXY_IP, &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, timeout_ms) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

bool
server_proxy_running(void)
{
	int fd = server_proxy_connect(10);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

void
server_proxy_stop(void)
{
	static const char req[] = "GET /stop HTTP/1.1\r\n"
	    "Host: " SERVER_PROXY_IP "\r\nConnection: close\r\n\r\n";
	struct pollfd pfd;
	char buf[512];
	int fd;

	if ((fd = server_proxy_connect(1000)) < 0) {
		log_debug("proxy: not running, nothing to stop");
		return;
	}
	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) ==
	    (ssize_t)sizeof(req) - 1) {
		/* Wait for the answer (or the close) so the proxy has
		 * seen the request before we go. */
		pfd.fd = fd;
		pfd.events = POLLIN;
		while (poll(&pfd, 1, 1000) == 1 &&
		    read(fd, buf, sizeof(buf)) > 0)
			;
	}
	close(fd);
	log_debug("proxy: asked to stop");
}

/* Our own executable, by absolute path when the kernel says (caller
 * frees). */
static char *
server_proxy_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n;

	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return xstrdup("aws-vault");
	buf[n] = '\0';
	return xstrdup(buf);
}

/* As root: start `<exe> proxy` in a session of its own, stdin and
 * stdout on /dev/null, stderr ours; it is not waited for. */
static int
server_proxy_spawn(const char *exe, pid_t *pidp)
{
	const char *argv[] = { exe, "proxy", NULL, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int e;

	if (log_debug_enabled()) {
		argv[1] = "--debug";
		argv[2] = "proxy";
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	(void)posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID);
	if ((e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
	    O_RDONLY, 0)) == 0 &&
	    (e = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null",
	    O_WRONLY, 0)) == 0)
		e = posix_spawn(pidp, exe, &fa, &at, (char *const *)argv,
		    environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (e != 0) {
		errno = e;
		return av_error_errno(AV_ERR_SYSTEM, "exec: \"%s\"", exe);
	}
	log_debug("started `%s proxy` as process %d", exe, (int)*pidp);
	return 0;
}

int
server_proxy_launch(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	char *exe = server_proxy_exe();
	const char *argv[] = { "sudo", "-b", exe, "proxy", NULL };
	struct spawn sp;
	pid_t pid = 0;
	int r, st, i;

	if (geteuid() == 0) {
		if ((r = server_proxy_spawn(exe, &pid)) != 0)
			goto out;
	} else {
		log_debug("starting `aws-vault proxy` as root in the "
		    "background");
		memset(&sp, 0, sizeof(sp));
		sp.argv = argv;
		if ((r = spawn_run(&sp, &st)) != 0)
			goto out;
		if (st != 0) {
			r = av_error_set(AV_ERR_SYSTEM, "exit status %d", st);
			goto out;
		}
	}
	for (i = 0; i < SERVER_PROXY_WAIT_MS / 20; i++) {
		if (server_proxy_running()) {
			r = 0;
			goto out;
		}
		/* Our own child gave up already: no point waiting. */
		if (pid > 0 && waitpid(pid, &st, WNOHANG) == pid)
			break;
		nanosleep(&ts, NULL);
	}
	r = av_error_set(AV_ERR_SYSTEM, "The EC2 Instance Metadata endpoint "
	    "proxy server isn't running. Run `aws-vault proxy` as "
	    "Administrator or root in the background and then try this "
	    "command again");
out:
	free(exe);
	return r;
}

/* `ip addr <op> 169.254.169.254/24 dev lo label lo:0`, failing as Go's
 * CombinedOutput does: "<trimmed output>: <error>". */
static int
server_proxy_alias(const char *op)
{
	const char *argv[] = { "ip", "addr", op, SERVER_PROXY_IP "/24", "dev",
	    "lo", "label", "lo:0", NULL };
	struct buf out, err;
	struct spawn sp;
	char *msg, *text;
	int r, st;

	buf_init(&out, 64 * 1024);
	buf_init(&err, 64 * 1024);
	memset(&sp, 0, sizeof(sp));
	sp.argv = argv;
	sp.in = SPAWN_NULL;
	sp.out = SPAWN_CAPTURE;
	sp.out_buf = &out;
	sp.err = SPAWN_CAPTURE;
	sp.err_buf = &err;
	log_debug("proxy: ip addr %s %s/24 dev lo label lo:0", op,
	    SERVER_PROXY_IP);
	if ((r = spawn_run(&sp, &st)) != 0) {
		msg = xstrdup(av_error_msg());
		r = av_error_set(r, ": %s", msg);
		free(msg);
	} else if (st != 0) {
		(void)buf_puts(&out, buf_cstr(&err));
		text = str_trim_dup(buf_cstr(&out));
		r = av_error_set(AV_ERR_SYSTEM, "%s: exit status %d", text, st);
		free(text);
	}
	buf_release(&out);
	buf_release(&err);
	return r;
}

/* The request headers to pass on, as curl wants them. */
struct server_proxy_fwd {
	struct curl_slist	*headers;
	char			*xff;		/* X-Forwarded-For so far */
	bool			 has_accept;
	bool			 has_type;
	bool			 bad;		/* curl_slist_append failed */
};

static bool
server_proxy_hop_by_hop(const char *name)
{
	static const char *const hop[] = { "Connection", "Keep-Alive",
	    "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
	    "TE", "Trailer", "Transfer-Encoding", "Upgrade" };
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(hop); i++)
		if (strcasecmp(name, hop[i]) == 0)
			return true;
	return false;
}

static void
server_proxy_add(struct server_proxy_fwd *f, const char *line)
{
	struct curl_slist *l;

	l = server_proxy_curl->slist_append(f->headers, line);

	if (l == NULL)
		f->bad = true;
	else
		f->headers = l;
}

static void
server_proxy_req_header(void *arg, const char *name, const char *value)
{
	struct server_proxy_fwd *f = arg;
	char *line, *x;

	if (server_proxy_hop_by_hop(name) || strcasecmp(name, "Host") == 0 ||
	    strcasecmp(name, "Content-Length") == 0 ||
	    strcasecmp(name, "Expect") == 0)
		return;
	if (strcasecmp(name, "X-Forwarded-For") == 0) {
		x = f->xff == NULL ? xstrdup(value) :
		    xasprintf("%s, %s", f->xff, value);
		free(f->xff);
		f->xff = x;
		return;
	}
	if (strcasecmp(name, "Accept") == 0)
		f->has_accept = true;
	if (strcasecmp(name, "Content-Type") == 0)
		f->has_type = true;
	/* "Name;" is how curl sends a header with an empty value. */
	line = *value != '\0' ? xasprintf("%s: %s", name, value) :
	    xasprintf("%s;", name);
	server_proxy_add(f, line);
	freezero_str(line);
}

static size_t
server_proxy_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct secbuf *body = arg;

	if (secbuf_put(body, data, size * nmemb) != 0)
		return 0;
	return size * nmemb;
}

/* The upstream's end-to-end headers, for our reply. */
static size_t
server_proxy_header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct server_http_reply *rep = arg;
	struct str line = str_trim(str_make(data, size * nmemb)), name;
	char *n, *v;

	if (str_startswith(line, "HTTP/")) {
		/* A new status line (after a 100 Continue): start over. */
		strv_release(&rep->headers);	/* and ready for reuse */
		return size * nmemb;
	}
	if (!str_split(&line, ':', &name))
		return size * nmemb;
	n = str_dup(str_trim(name));
	if (!server_proxy_hop_by_hop(n) &&
	    strcasecmp(n, "Content-Length") != 0 &&
	    strcasecmp(n, "Date") != 0) {
		v = str_dup(str_trim(line));
		server_http_reply_header(rep, n, v);
		free(v);
	}
	free(n);
	return size * nmemb;
}

/* Pass req on to 127.0.0.1:9099 and its answer back (Go's
 * httputil.ReverseProxy: 502 with no body when that fails). */
static void
server_proxy_forward(const struct server_http_req *req,
    struct server_http_reply *rep)
{
	const struct http_curl *cu = server_proxy_curl;
	struct server_proxy_fwd f;
	const char *host = server_http_header(req, "Host");
	char *url, *line;
	long status = 0;
	CURLcode rc;
	CURL *h;

	memset(&f, 0, sizeof(f));
	url = xasprintf("http://%s:%d%s", SERVER_EC2_ADDR, SERVER_EC2_PORT,
	    req->uri);
	server_http_each_header(req, server_proxy_req_header, &f);
	if (host != NULL) {
		line = xasprintf("Host: %s", host);
		server_proxy_add(&f, line);
		free(line);
	}
	line = xasprintf("X-Forwarded-For: %s%s%s", f.xff != NULL ? f.xff :
	    "", f.xff != NULL ? ", " : "", req->peer_ip);
	server_proxy_add(&f, line);
	free(line);
	server_proxy_add(&f, "Expect:");
	if (!f.has_accept)
		server_proxy_add(&f, "Accept:");
	if (!f.has_type)
		server_proxy_add(&f, "Content-Type:");
	if (f.bad || (h = cu->easy_init()) == NULL) {
		rep->status = 502;
		goto out;
	}
	cu->easy_setopt(h, CURLOPT_URL, url);
	cu->easy_setopt(h, CURLOPT_PROXY, "");
	cu->easy_setopt(h, CURLOPT_NOPROXY, "*");
	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	cu->easy_setopt(h, CURLOPT_TIMEOUT_MS,
	    (long)SERVER_PROXY_TIMEOUT_MS);
	cu->easy_setopt(h, CURLOPT_HTTPHEADER, f.headers);
	cu->easy_setopt(h, CURLOPT_WRITEFUNCTION, server_proxy_write_cb);
	cu->easy_setopt(h, CURLOPT_WRITEDATA, rep->body);
	cu->easy_setopt(h, CURLOPT_HEADERFUNCTION, server_proxy_header_cb);
	cu->easy_setopt(h, CURLOPT_HEADERDATA, rep);
	if (streq(req->method, "HEAD")) {
		cu->easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else if (!streq(req->method, "GET")) {
		cu->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
		cu->easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
		cu->easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	}
	if ((rc = cu->easy_perform(h)) != CURLE_OK) {
		log_debug("proxy: %s %s: %s", req->method, req->path,
		    cu->easy_strerror(rc));
		strv_release(&rep->headers);
		secbuf_reset(rep->body);
		rep->status = 502;
	} else {
		cu->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		rep->status = (unsigned)status;
	}
	cu->easy_cleanup(h);
out:
	http_curl_slist_free(f.headers);	/* a metadata token */
	free(f.xff);
	free(url);
}

/* The /stop reply has gone out: tell the main thread. */
static void
server_proxy_stop_done(void *arg)
{
	(void)arg;
	(void)kill(getpid(), SIGUSR1);
}

static void
server_proxy_handle(void *arg, const struct server_http_req *req,
    struct server_http_reply *rep)
{
	(void)arg;
	if (streq(req->path, "/stop")) {
		rep->status = 200;
		rep->done = server_proxy_stop_done;
		return;
	}
	server_proxy_forward(req, rep);
}

int
server_proxy_serve(void)
{
	struct server_http *http = NULL;
	sigset_t set, old;
	siginfo_t si;
	char *msg;
	int r, sig;

	if ((r = http_curl_api(&server_proxy_curl)) != 0)
		return r;
	if ((r = server_proxy_alias("add")) != 0)
		return r;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if ((r = server_http_start(SERVER_PROXY_IP, SERVER_PROXY_PORT,
	    SERVER_HTTP_LOOPBACK_ONLY | SERVER_HTTP_ALLOW_IMDS,
	    server_proxy_handle, NULL, &http)) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		msg = xstrdup(av_error_msg());
		(void)server_proxy_alias("del");
		r = av_error_set(r, "%s", msg);
		free(msg);
		return r;
	}
	log_debug("EC2 Instance Metadata endpoint proxy server running on "
	    "%s:%d", SERVER_PROXY_IP, SERVER_PROXY_PORT);
	for (;;) {
		if ((sig = sigwaitinfo(&set, &si)) < 0)
			continue;	/* EINTR */
		if (sig == SIGUSR1 && si.si_pid != getpid())
			continue;
		log_debug("proxy: stopping (%s)", sig == SIGUSR1 ? "/stop" :
		    strsignal(sig));
		break;
	}
	server_http_stop(http);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return server_proxy_alias("del");
}
