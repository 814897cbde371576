/* SPDX-License-Identifier: MIT */
/*
 * http.h: send one request over HTTP(S) with libcurl, which is loaded with
 * dlopen at the first call (ARCHITECTURE.md 2) and never linked.
 *
 * Policy, the same for every caller: TLS peer and host verification on;
 * AWS_CA_BUNDLE is the CA file when set; proxies as Go's net/http chooses
 * them (HTTPS_PROXY/https_proxy, HTTP_PROXY/http_proxy, NO_PROXY/no_proxy,
 * never for localhost or a loopback address); a connect timeout and an
 * overall timeout; up to HTTP_ATTEMPTS attempts with exponential backoff
 * and jitter on connection errors, timeouts, HTTP 5xx, 429 and throttling
 * error codes.  Response bodies may carry credentials: they are received
 * into a secbuf of at most BUF_HTTP_MAX bytes.  Header lists that held
 * Authorization or a token are wiped before curl frees them.  --debug logs
 * the method, the URL without its query, the status and the attempt,
 * never a header value or a body.
 */
#ifndef AV_AWS_HTTP_H
#define AV_AWS_HTTP_H

#include "util/common.h"

struct aws_request;
struct secbuf;

#define HTTP_ATTEMPTS			3
#define HTTP_CONNECT_TIMEOUT_MS		10000
#define HTTP_TIMEOUT_MS			60000

struct http_response {
	long		 status;	/* HTTP status of the last attempt */
	struct secbuf	*body;		/* never NULL after success */
	char		*content_type;	/* or NULL */
	char		*error_type;	/* x-amzn-ErrorType, or NULL */
	char		*request_id;	/* x-amzn-RequestId or
					   x-amz-request-id */
	int		 attempts;	/* how many were made */
};

/* Send req (its origin must be set) and fill *resp with the final answer,
 * whatever its status: a 4xx, or a 5xx/throttling answer still failing
 * after the last attempt, is returned as a response, not an error.
 * Returns 0 (release *resp with http_response_release), or
 *   AV_ERR_NETWORK  "<Method> \"<url>\": <curl's words> (<n> attempts)",
 *   AV_ERR_INVALID  when the body exceeds BUF_HTTP_MAX or the URL is bad,
 *   AV_ERR_UNSUPPORTED when libcurl cannot be loaded;
 * *resp is empty then. */
int http_send(const struct aws_request *req, struct http_response *resp);

/* Wipe and free the contents of resp; NULL fields are fine. */
void http_response_release(struct http_response *resp);

/* True for the error codes the AWS SDKs retry as throttling or transient
 * (Throttling, ThrottlingException, RequestLimitExceeded, ...). */
bool http_is_retryable_code(const char *code);

/* Release the curl handle kept for connection reuse (at exit; optional). */
void http_shutdown(void);

#endif
