/* SPDX-License-Identifier: MIT */
/*
 * request.c: the request model shared by the SigV4 signer and the HTTP
 * transport, endpoint URL splitting and RFC 3986 percent-encoding.
 * Header values and bodies may be secret: every one is wiped on release.
 */
#include "util/common.h"

#include "aws/request.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

void
aws_request_init(struct aws_request *req, const char *method,
    const char *path, const char *query)
{
	memset(req, 0, sizeof(*req));
	req->method = xstrdup(method);
	req->path = xstrdup(str_empty(path) ? "/" : path);
	req->query = query != NULL ? xstrdup(query) : NULL;
}

/* Split an http(s) URL; the pieces are slices of url. */
static int
aws_request_split_url(const char *url, struct str *schemep,
    struct str *authp, struct str *hostp, struct str *portp,
    struct str *pathp, struct str *queryp, const char **whyp)
{
	const char *p, *e;
	struct str auth;

	if (strncasecmp(url, "https://", 8) == 0)
		*schemep = str_make(url, 5);
	else if (strncasecmp(url, "http://", 7) == 0)
		*schemep = str_make(url, 4);
	else {
		*whyp = "the scheme must be http or https";
		return AV_ERR_INVALID;
	}
	p = url + schemep->len + 3;
	e = p + strcspn(p, "/?#");
	auth = str_make(p, (size_t)(e - p));
	*authp = auth;
	if (memchr(auth.p, '@', auth.len) != NULL) {
		*whyp = "user information is not allowed";
		return AV_ERR_INVALID;
	}
	if (auth.len > 0 && auth.p[0] == '[') {
		const char *rb = memchr(auth.p, ']', auth.len);

		if (rb == NULL) {
			*whyp = "unterminated IPv6 address";
			return AV_ERR_INVALID;
		}
		*hostp = str_make(auth.p, (size_t)(rb + 1 - auth.p));
	} else {
		const char *c = memchr(auth.p, ':', auth.len);

		*hostp = str_make(auth.p, c != NULL ? (size_t)(c - auth.p) :
		    auth.len);
	}
	if (hostp->len == 0 || (hostp->p[0] == '[' && hostp->len == 2)) {
		*whyp = "the host is empty";
		return AV_ERR_INVALID;
	}
	*portp = str_make(hostp->p + hostp->len,
	    auth.len - hostp->len);
	if (portp->len > 0) {
		uint64_t port;

		if (portp->p[0] != ':') {
			*whyp = "junk after the host";
			return AV_ERR_INVALID;
		}
		portp->p++;
		portp->len--;
		if (str_to_u64(*portp, 1, 65535, &port) != 0) {
			*whyp = "invalid port";
			return AV_ERR_INVALID;
		}
	}
	p = e;
	e = p + strcspn(p, "?#");
	*pathp = str_make(p, (size_t)(e - p));
	*queryp = str_make(e, 0);
	if (*e == '?') {
		p = e + 1;
		*queryp = str_make(p, strcspn(p, "#"));
	}
	return 0;
}

int
aws_request_init_url(struct aws_request *req, const char *method,
    const char *url)
{
	struct str scheme, auth, host, port, path, query;
	const char *why = NULL;
	struct buf b;
	char *q = NULL;
	int r = AV_ERR_INTERNAL;

	buf_init(&b, strlen(url) + 2);
	aws_request_init(req, method, "/", NULL);
	if (aws_request_split_url(url, &scheme, &auth, &host, &port, &path,
	    &query, &why) != 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "invalid endpoint URL '%s': %s", url, why);
		goto out;
	}
	if (path.len > 0) {
		if ((r = aws_uri_decode(&b, path.p, path.len)) != 0)
			goto out;
		free(req->path);
		req->path = buf_detach(&b);
	}
	if (query.len > 0) {
		q = str_dup(query);
		req->query = q;
		q = NULL;	/* transferred */
	}
	req->origin = xasprintf("%.*s://%.*s", (int)scheme.len, scheme.p,
	    (int)auth.len, auth.p);
	str_lower(req->origin);
	/* The Host header curl would send: no port when it is the default. */
	if (port.len == 0 || (str_eq(scheme, "http") && str_eq(port, "80")) ||
	    (str_eq_nocase(scheme, "https") && str_eq(port, "443")))
		q = xasprintf("%.*s", (int)host.len, host.p);
	else
		q = xasprintf("%.*s:%.*s", (int)host.len, host.p,
		    (int)port.len, port.p);
	str_lower(q);
	aws_request_add_header(req, "Host", q);
	r = 0;
 out:
	free(q);
	buf_release(&b);
	if (r != 0)
		aws_request_release(req);
	return r;
}

void
aws_request_release(struct aws_request *req)
{
	size_t i;

	for (i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		freezero_str(req->headers[i].value);
	}
	free(req->headers);
	secbuf_free(req->body);
	free(req->method);
	free(req->origin);
	free(req->path);
	freezero_str(req->query);	/* may hold a secret (sign-in) */
	memset(req, 0, sizeof(*req));
}

void
aws_request_add_header(struct aws_request *req, const char *name,
    const char *value)
{
	if (req->nheaders == req->cap) {
		req->cap = req->cap == 0 ? 8 : req->cap * 2;
		req->headers = xreallocarray(req->headers, req->cap,
		    sizeof(*req->headers));
	}
	req->headers[req->nheaders].name = xstrdup(name);
	req->headers[req->nheaders].value = xstrdup(value);
	req->nheaders++;
}

void
aws_request_set_header(struct aws_request *req, const char *name,
    const char *value)
{
	size_t i, j;
	bool found = false;

	for (i = 0, j = 0; i < req->nheaders; i++) {
		struct aws_header *h = &req->headers[i];

		if (strcasecmp(h->name, name) == 0) {
			freezero_str(h->value);
			if (found) {
				free(h->name);
				continue;
			}
			h->value = xstrdup(value);
			found = true;
		}
		req->headers[j++] = *h;
	}
	req->nheaders = j;
	if (!found)
		aws_request_add_header(req, name, value);
}

const char *
aws_request_header(const struct aws_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

void
aws_request_set_body(struct aws_request *req, struct secbuf *body)
{
	secbuf_free(req->body);
	req->body = body;
}

static bool
aws_uri_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

int
aws_uri_encode(struct buf *out, const char *s, size_t n, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[3] = { '%', hex[c >> 4], hex[c & 15] };

		if (aws_uri_unreserved(c) || (keep_slash && c == '/'))
			r = buf_putc(out, (char)c);
		else
			r = buf_put(out, esc, sizeof(esc));
		if (r != 0)
			return r;
	}
	return 0;
}

int
aws_uri_decode(struct buf *out, const char *s, size_t n)
{
	size_t i;
	int r, hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = str_hexval(s[i + 1])) >= 0 &&
		    (lo = str_hexval(s[i + 2])) >= 0) {
			r = buf_putc(out, (char)(hi << 4 | lo));
			i += 2;
		} else
			r = buf_putc(out, s[i]);
		if (r != 0)
			return r;
	}
	return 0;
}

/* origin + encoded path, and "?query" when with_query. */
static char *
aws_request_format_url(const struct aws_request *req, bool with_query)
{
	struct buf b;

	buf_init(&b, SIZE_MAX / 2);	/* bounded by the inputs */
	(void)buf_puts(&b, req->origin != NULL ? req->origin : "");
	(void)aws_uri_encode(&b, req->path, strlen(req->path), true);
	if (with_query && !str_empty(req->query))
		(void)buf_printf(&b, "?%s", req->query);
	return buf_detach(&b);
}

char *
aws_request_url(const struct aws_request *req)
{
	return aws_request_format_url(req, true);
}

char *
aws_request_url_for_log(const struct aws_request *req)
{
	return aws_request_format_url(req, false);
}
