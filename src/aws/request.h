/* SPDX-License-Identifier: MIT */
/*
 * request.h: an HTTP request to an AWS service, as the signer (sigv4.c)
 * and the transport (http.c) see it, plus RFC 3986 percent-encoding.
 *
 * Invariants: method and path are never NULL; path is absolute and NOT
 * percent-encoded (the signer encodes it once for the canonical request
 * and the transport once for the wire); query is already encoded, without
 * the '?', or NULL.  Header values may be secret (Authorization,
 * X-Amz-Security-Token, x-amz-sso_bearer_token) and the body may be secret
 * (an MFA code, a web identity token), so aws_request_release wipes both.
 * Layering: util <- request <- sigv4, http <- query, sts, iam, sso.
 */
#ifndef AV_AWS_REQUEST_H
#define AV_AWS_REQUEST_H

#include "util/common.h"

struct buf;
struct secbuf;

struct aws_header {
	char	*name;		/* as given, e.g. "X-Amz-Date" */
	char	*value;		/* wiped on release */
};

struct aws_request {
	char			*method;	/* "GET", "POST" */
	char			*origin;	/* "https://host[:port]", or
						   NULL for a request that is
						   only signed (tests) */
	char			*path;		/* absolute, not encoded */
	char			*query;		/* encoded, no '?', or NULL */
	struct aws_header	*headers;	/* in the order added */
	size_t			 nheaders;
	size_t			 cap;
	struct secbuf		*body;		/* owned; NULL for none */
};

/* Initialise req with copies of method, path (NULL or "" means "/") and
 * query (may be NULL).  No origin, headers or body. */
void aws_request_init(struct aws_request *req, const char *method,
    const char *path, const char *query);

/* Initialise req for method on url ("https://host[:port][/path][?query]",
 * http or https): origin, path (percent-decoded) and query from the URL,
 * and a Host header ("host" or "host:port" when the port is not the
 * scheme's default).  Returns 0 or AV_ERR_INVALID ("invalid endpoint URL
 * '<url>': <why>"); req is then released. */
int aws_request_init_url(struct aws_request *req, const char *method,
    const char *url);

/* Wipe every header value and the body, free everything.  req may be
 * initialised again afterwards. */
void aws_request_release(struct aws_request *req);

/* Append a header (copies of name and value). */
void aws_request_add_header(struct aws_request *req, const char *name,
    const char *value);
/* Set a header: replace the value of the first header with this name
 * (compared case-insensitively) in place, drop later ones, or append. */
void aws_request_set_header(struct aws_request *req, const char *name,
    const char *value);
/* The value of the first header called name (case-insensitive), or NULL.
 * Borrowed until req changes. */
const char *aws_request_header(const struct aws_request *req,
    const char *name);
/* Replace the body; takes ownership of body (may be NULL). */
void aws_request_set_body(struct aws_request *req, struct secbuf *body);

/* Append s[0..n) to out percent-encoded as RFC 3986 (every byte outside
 * A-Z a-z 0-9 - . _ ~ becomes %XX, upper-case hex); '/' is kept when
 * keep_slash.  Returns 0 or AV_ERR_INVALID when out is full. */
int aws_uri_encode(struct buf *out, const char *s, size_t n, bool keep_slash);
/* Append s[0..n) to out with %XX sequences decoded; a '%' not followed by
 * two hex digits is kept as is, '+' is kept.  Returns 0 or
 * AV_ERR_INVALID when out is full. */
int aws_uri_decode(struct buf *out, const char *s, size_t n);

/* The URL to send req to: origin, encoded path and "?query" (caller
 * frees). */
char *aws_request_url(const struct aws_request *req);
/* The URL of req for messages and logs: origin and encoded path, never
 * the query (caller frees). */
char *aws_request_url_for_log(const struct aws_request *req);

#endif
