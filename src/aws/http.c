/* SPDX-License-Identifier: MIT */
/*
 * http.c: the only file that loads libcurl.  libcurl pulls in ~30
 * libraries and costs ~13 ms at start-up, so it is loaded with dlopen at
 * the first request (ARCHITECTURE.md 2); <curl/curl.h> is used for types
 * only and every function is called through a pointer declared with its
 * real prototype.  One easy handle is kept so that the calls of one run
 * (rotate makes several) reuse the connection.
 *
 * Proxies: libcurl itself reads https_proxy/HTTPS_PROXY, http_proxy (but
 * not upper-case HTTP_PROXY, which it ignores for CGI safety) and
 * no_proxy/NO_PROXY, and applies no_proxy even to a proxy set here.  To
 * choose as Go's net/http does, we set HTTP_PROXY ourselves for http://
 * URLs when http_proxy is unset, and bypass proxies for localhost and
 * loopback addresses.
 */
#include "util/common.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <time.h>

#include <curl/curl.h>

#include "aws/curl-api.h"
#include "aws/http.h"
#include "aws/request.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/dl.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

static struct http_curl http_api;
static void *http_dl;
static CURL *http_curl;

/* What one attempt collects. */
struct http_attempt {
	struct secbuf	*body;
	char		*content_type;
	char		*error_type;
	char		*request_id;
	bool		 too_big;
};

static const char *const http_retryable_codes[] = {
	/* aws-sdk-go-v2 aws/retry: DefaultThrottleErrorCodes */
	"Throttling", "ThrottlingException", "ThrottledException",
	"RequestThrottledException", "TooManyRequestsException",
	"ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded",
	"BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
	"SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
	/* DefaultRetryableErrorCodes, and STS's own */
	"RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
};

bool
http_is_retryable_code(const char *code)
{
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(http_retryable_codes); i++)
		if (streq(code, http_retryable_codes[i]))
			return true;
	return false;
}

static int
http_load(void)
{
	static const char *const sonames[] = {
		"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4", NULL
	};
	static const struct dl_sym syms[] = {
		{ "curl_global_init", (void **)&http_api.global_init },
		{ "curl_easy_init", (void **)&http_api.easy_init },
		{ "curl_easy_reset", (void **)&http_api.easy_reset },
		{ "curl_easy_cleanup", (void **)&http_api.easy_cleanup },
		{ "curl_easy_setopt", (void **)&http_api.easy_setopt },
		{ "curl_easy_perform", (void **)&http_api.easy_perform },
		{ "curl_easy_getinfo", (void **)&http_api.easy_getinfo },
		{ "curl_easy_strerror", (void **)&http_api.easy_strerror },
		{ "curl_slist_append", (void **)&http_api.slist_append },
		{ "curl_slist_free_all", (void **)&http_api.slist_free_all },
		{ NULL, NULL }
	};
	int r;

	if (http_curl != NULL)
		return 0;
	if ((r = dl_open_many(&http_dl, sonames, syms, "libcurl",
	    "libcurl4")) != 0)
		return r;
	if (http_api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (http_curl = http_api.easy_init()) == NULL)
		return av_error_set(AV_ERR_UNSUPPORTED,
		    "libcurl failed to initialise");
	return 0;
}

int
http_curl_api(const struct http_curl **apip)
{
	int r;

	if ((r = http_load()) != 0)
		return r;
	*apip = &http_api;
	return 0;
}

void
http_shutdown(void)
{
	if (http_curl != NULL)
		http_api.easy_cleanup(http_curl);
	http_curl = NULL;
}

static size_t
http_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_attempt *a = arg;
	size_t n = size * nmemb;

	if (secbuf_put(a->body, data, n) != 0) {
		a->too_big = true;
		return 0;	/* makes curl fail with CURLE_WRITE_ERROR */
	}
	return n;
}

/* Keep a copy of a response header value when name matches. */
static void
http_keep_header(struct str line, const char *name, char **dst)
{
	size_t n = strlen(name);
	struct str v;

	if (line.len <= n || line.p[n] != ':' ||
	    strncasecmp(line.p, name, n) != 0)
		return;
	v = str_trim(str_make(line.p + n + 1, line.len - n - 1));
	free(*dst);
	*dst = str_dup(v);
}

static size_t
http_header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_attempt *a = arg;
	struct str line = str_make(data, size * nmemb);

	/* A new status line starts a new response (after 100 Continue). */
	if (str_startswith(line, "HTTP/")) {
		free(a->content_type);
		free(a->error_type);
		free(a->request_id);
		a->content_type = a->error_type = a->request_id = NULL;
		return line.len;
	}
	http_keep_header(line, "Content-Type", &a->content_type);
	http_keep_header(line, "x-amzn-ErrorType", &a->error_type);
	http_keep_header(line, "x-amzn-RequestId", &a->request_id);
	if (a->request_id == NULL)
		http_keep_header(line, "x-amz-request-id", &a->request_id);
	return line.len;
}

static void
http_attempt_release(struct http_attempt *a)
{
	secbuf_free(a->body);
	free(a->content_type);
	free(a->error_type);
	free(a->request_id);
	memset(a, 0, sizeof(*a));
}

void
http_curl_slist_free(struct curl_slist *list)
{
	struct curl_slist *s;

	for (s = list; s != NULL; s = s->next)
		explicit_bzero(s->data, strlen(s->data));
	http_api.slist_free_all(list);
}

/* True when host (from an origin, maybe "[::1]" or with a port) is
 * localhost or a loopback address: Go never proxies those. */
static bool
http_is_loopback(const char *origin)
{
	const char *h = strstr(origin, "://");
	char host[256];
	struct in6_addr a6;
	struct in_addr a4;
	size_t n;

	if (h == NULL)
		return false;
	h += 3;
	if (*h == '[') {
		h++;
		n = strcspn(h, "]");
	} else
		n = strcspn(h, ":/");
	if (n == 0 || n >= sizeof(host))
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

static void
http_timeouts(long *connectp, long *totalp)
{
	*connectp = HTTP_CONNECT_TIMEOUT_MS;
	*totalp = HTTP_TIMEOUT_MS;
#ifdef AV_TEST_HOOKS
	{
		const char *v = getenv("AWS_VAULT_TEST_HTTP_TIMEOUT_MS");
		uint64_t ms;

		if (v != NULL && cstr_to_u64(v, 1, 3600000, &ms) == 0) {
			*totalp = (long)ms;
			if (*connectp > *totalp)
				*connectp = *totalp;
		}
	}
#endif
}

/* Set the options of one attempt on the (reset) handle. */
static int
http_setup(const struct aws_request *req, const char *url,
    struct curl_slist *headers, struct http_attempt *a, char *errbuf)
{
	CURL *c = http_curl;
	const char *ca, *proxy;
	long connect_ms, total_ms;
	CURLcode e = CURLE_OK;

	http_timeouts(&connect_ms, &total_ms);
#define SET(opt, val) do { \
	if (e == CURLE_OK) \
		e = http_api.easy_setopt(c, opt, val); \
} while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_NOPROGRESS, 1L);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	SET(CURLOPT_TIMEOUT_MS, total_ms);
	SET(CURLOPT_USERAGENT, "aws-vault/" AV_VERSION);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_WRITEFUNCTION, http_write_cb);
	SET(CURLOPT_WRITEDATA, a);
	SET(CURLOPT_HEADERFUNCTION, http_header_cb);
	SET(CURLOPT_HEADERDATA, a);
	if (!str_empty(ca = getenv("AWS_CA_BUNDLE")))
		SET(CURLOPT_CAINFO, ca);
	if (http_is_loopback(req->origin))
		SET(CURLOPT_NOPROXY, "*");
	else if (str_has_prefix(req->origin, "http://") &&
	    getenv("http_proxy") == NULL &&
	    !str_empty(proxy = getenv("HTTP_PROXY")))
		SET(CURLOPT_PROXY, proxy);
	if (strcmp(req->method, "GET") == 0)
		SET(CURLOPT_HTTPGET, 1L);
	else {
		if (strcmp(req->method, "POST") == 0)
			SET(CURLOPT_POST, 1L);
		else
			SET(CURLOPT_CUSTOMREQUEST, req->method);
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(req->body !=
		    NULL ? secbuf_len(req->body) : 0));
		SET(CURLOPT_POSTFIELDS, req->body != NULL ?
		    secbuf_ptr(req->body) : "");
	}
#undef SET
	if (e != CURLE_OK)
		return av_error_set(AV_ERR_INTERNAL, "libcurl option: %s",
		    http_api.easy_strerror(e));
	/* Only http and https, whatever the URL says; best effort because
	 * CURLOPT_PROTOCOLS_STR is newer than some libcurls. */
	(void)http_api.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	return 0;
}

/* The header list for curl: ours, and an empty Expect to stop curl from
 * waiting for "100 Continue" on larger bodies. */
static struct curl_slist *
http_headers(const struct aws_request *req)
{
	struct curl_slist *list = NULL, *n;
	size_t i;
	char *line;

	for (i = 0; i <= req->nheaders; i++) {
		if (i < req->nheaders)
			line = xasprintf("%s: %s", req->headers[i].name,
			    req->headers[i].value);
		else
			line = xstrdup("Expect:");
		n = http_api.slist_append(list, line);
		freezero_str(line);
		if (n == NULL) {
			http_curl_slist_free(list);
			fatal("out of memory building request headers");
		}
		list = n;
	}
	return list;
}

/* The error code of a failed response, for the retry decision: the
 * x-amzn-ErrorType header (JSON services) or the first <Code> element
 * (Query/XML services).  Caller frees. */
static char *
http_error_code(const struct http_attempt *a)
{
	const char *b, *s, *e;

	if (a->error_type != NULL)
		return xstrndup(a->error_type, strcspn(a->error_type, ":"));
	b = secbuf_ptr(a->body);
	if ((s = strstr(b, "<Code>")) == NULL)
		return NULL;
	s += 6;
	if ((e = strstr(s, "</Code>")) == NULL)
		return NULL;
	return str_dup(str_trim(str_make(s, (size_t)(e - s))));
}

static bool
http_curl_retryable(CURLcode e)
{
	switch (e) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* Sleep before attempt n+1: a random time in [base/2, base] with
 * base = 200 ms << (n - 1), so ~100-200 ms then ~200-400 ms. */
static void
http_backoff(int n)
{
	unsigned int rnd = 0;
	long base = 200L << (n - 1), ms;
	struct timespec ts;

	(void)crypto_random(&rnd, sizeof(rnd));
	ms = base / 2 + (long)(rnd % (unsigned int)(base / 2 + 1));
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
http_send(const struct aws_request *req, struct http_response *resp)
{
	struct http_attempt a = { 0 };
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE];
	char *url = NULL, *logurl = NULL, *code = NULL;
	const char *why;
	CURLcode e = CURLE_OK;
	long status = 0;
	int r = AV_ERR_INTERNAL, n;
	bool retry;

	memset(resp, 0, sizeof(*resp));
	if (req->origin == NULL)
		BUG("http_send without an origin");
	if ((r = http_load()) != 0)
		goto out;
	url = aws_request_url(req);
	logurl = aws_request_url_for_log(req);
	headers = http_headers(req);
	for (n = 1; n <= HTTP_ATTEMPTS; n++) {
		http_attempt_release(&a);
		a.body = secbuf_new(BUF_HTTP_MAX);
		errbuf[0] = '\0';
		status = 0;
		http_api.easy_reset(http_curl);
		if ((r = http_setup(req, url, headers, &a, errbuf)) != 0)
			goto out;
		log_debug("http: %s %s (attempt %d)", req->method, logurl, n);
		e = http_api.easy_perform(http_curl);
		if (a.too_big) {
			r = av_error_set(AV_ERR_INVALID, "%s \"%s\": response "
			    "larger than %d bytes", req->method, logurl,
			    BUF_HTTP_MAX);
			goto out;
		}
		if (e == CURLE_OK) {
			(void)http_api.easy_getinfo(http_curl,
			    CURLINFO_RESPONSE_CODE, &status);
			log_debug("http: %ld from %s", status, logurl);
			free(code);
			code = status >= 400 ? http_error_code(&a) : NULL;
			retry = status >= 500 || status == 429 ||
			    http_is_retryable_code(code);
		} else {
			why = errbuf[0] != '\0' ? errbuf :
			    http_api.easy_strerror(e);
			log_debug("http: %s %s: %s", req->method, logurl, why);
			retry = http_curl_retryable(e);
		}
		if (!retry || n == HTTP_ATTEMPTS)
			break;
		http_backoff(n);
	}
	if (e != CURLE_OK) {
		why = errbuf[0] != '\0' ? errbuf : http_api.easy_strerror(e);
		r = av_error_set(AV_ERR_NETWORK, "%s \"%s\": %s (%d attempt%s)",
		    req->method, logurl, why, n, n == 1 ? "" : "s");
		goto out;
	}
	resp->status = status;
	resp->body = a.body;
	a.body = NULL;			/* transferred */
	resp->content_type = a.content_type;
	resp->error_type = a.error_type;
	resp->request_id = a.request_id;
	a.content_type = a.error_type = a.request_id = NULL;
	resp->attempts = n;
	r = 0;
 out:
	if (http_curl != NULL) {
		/* Drop curl's pointers to our buffers before freeing them. */
		http_api.easy_reset(http_curl);
	}
	if (headers != NULL)
		http_curl_slist_free(headers);
	http_attempt_release(&a);
	free(code);
	free(url);
	free(logurl);
	return r;
}

void
http_response_release(struct http_response *resp)
{
	secbuf_free(resp->body);
	free(resp->content_type);
	free(resp->error_type);
	free(resp->request_id);
	memset(resp, 0, sizeof(*resp));
}
