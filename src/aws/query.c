/* SPDX-License-Identifier: MIT */
/*
 * query.c: AWS Query protocol calls (form POST, SigV4, XML answer) shared
 * by sts.c and iam.c.  The XML is parsed by expat into a flat node list;
 * nothing here knows an operation's fields.
 */
#include "util/common.h"

#include <inttypes.h>
#include <malloc.h>

#include <expat.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/http.h"
#include "aws/query.h"
#include "aws/request.h"
#include "aws/sigv4.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define QUERY_CONTENT_TYPE \
	"application/x-www-form-urlencoded; charset=utf-8"

static char query_last_code[128];

const char *
query_error_code(void)
{
	return query_last_code;
}

struct query_client *
query_client_new(enum endpoint_service svc, const struct endpoint_config *cfg,
    const struct aws_creds *creds)
{
	struct query_client *c;

	if (svc != ENDPOINT_STS && svc != ENDPOINT_IAM)
		BUG("query client for a non-Query service");
	c = xcalloc(1, sizeof(*c));
	c->service = svc;
	endpoint_config_copy(&c->endpoint, cfg);
	c->creds = creds;
	return c;
}

void
query_client_free(struct query_client *c)
{
	if (c == NULL)
		return;
	endpoint_config_release(&c->endpoint);
	free(c);
}

void
query_form_init(struct query_form *f, const char *action, const char *version)
{
	f->body = secbuf_new(BUF_HTTP_MAX);
	if (query_form_add(f, "Action", action) != 0 ||
	    query_form_add(f, "Version", version) != 0)
		BUG("form too small");
}

int
query_form_add_n(struct query_form *f, const char *name, const char *value,
    size_t n)
{
	struct buf *b = secbuf_buf(f->body);
	size_t mark = b->len;
	int r;

	if ((mark > 0 && (r = buf_putc(b, '&')) != 0) ||
	    (r = aws_uri_encode(b, name, strlen(name), false)) != 0 ||
	    (r = buf_putc(b, '=')) != 0 ||
	    (r = aws_uri_encode(b, value, n, false)) != 0) {
		/* Undo the partial parameter. */
		if (b->p != NULL) {
			explicit_bzero(b->p + mark, b->len - mark);
			b->len = mark;
			b->p[mark] = '\0';
		}
		return av_error_set(AV_ERR_INVALID,
		    "request parameter %s is too large", name);
	}
	return 0;
}

int
query_form_add(struct query_form *f, const char *name, const char *value)
{
	return query_form_add_n(f, name, value, strlen(value));
}

int
query_form_add_int(struct query_form *f, const char *name, int64_t v)
{
	char num[24];

	(void)snprintf(num, sizeof(num), "%" PRId64, v);
	return query_form_add(f, name, num);
}

void
query_form_release(struct query_form *f)
{
	secbuf_free(f->body);
	f->body = NULL;
}

/*
 * XML parsing.
 */

/* expat copies text into its own buffers: wipe them when it frees. */
static void
query_xml_free(void *p)
{
	if (p == NULL)
		return;
	explicit_bzero(p, malloc_usable_size(p));
	free(p);
}

static void *
query_xml_realloc(void *p, size_t n)
{
	size_t old;
	void *np;

	if (p == NULL)
		return malloc(n);
	if ((np = malloc(n)) == NULL)
		return NULL;
	old = malloc_usable_size(p);
	memcpy(np, p, old < n ? old : n);
	query_xml_free(p);
	return np;
}

static const XML_Memory_Handling_Suite query_xml_mem = {
	malloc, query_xml_realloc, query_xml_free
};

struct query_parser {
	XML_Parser	 xp;
	struct query_doc *doc;
	size_t		 stack[QUERY_DEPTH_MAX];
	size_t		 depth;
	bool		 leaf;		/* the innermost open element has no
					   child so far */
	struct secbuf	*text;		/* its text so far */
	const char	*error;		/* our reason to stop, or NULL */
};

static void
query_node_add(struct query_doc *d, char *path, size_t parent)
{
	if (d->nnodes == d->cap) {
		d->cap = d->cap == 0 ? 32 : d->cap * 2;
		d->nodes = xreallocarray(d->nodes, d->cap, sizeof(*d->nodes));
	}
	d->nodes[d->nnodes].path = path;
	d->nodes[d->nnodes].parent = parent;
	d->nodes[d->nnodes].value = NULL;
	d->nnodes++;
}

static void
query_xml_stop(struct query_parser *qp, const char *why)
{
	if (qp->error == NULL)
		qp->error = why;
	XML_StopParser(qp->xp, XML_FALSE);
}

static void XMLCALL
query_xml_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct query_parser *qp = arg;
	struct query_doc *d = qp->doc;
	const char *ppath;
	size_t parent, nlen;

	(void)attrs;
	if (qp->error != NULL)
		return;
	if (qp->depth == QUERY_DEPTH_MAX) {
		query_xml_stop(qp, "elements nested too deeply");
		return;
	}
	if ((nlen = strlen(name)) > QUERY_NAME_MAX) {
		query_xml_stop(qp, "element name too long");
		return;
	}
	if (d->nnodes == QUERY_NODES_MAX) {
		query_xml_stop(qp, "too many elements");
		return;
	}
	if (qp->depth == 0) {
		if (d->root != NULL) {	/* expat rejects this itself */
			query_xml_stop(qp, "more than one root element");
			return;
		}
		d->root = xstrdup(name);
		query_node_add(d, xstrdup(""), 0);
	} else {
		parent = qp->stack[qp->depth - 1];
		ppath = d->nodes[parent].path;
		if (strlen(ppath) + 1 + nlen > QUERY_PATH_MAX) {
			query_xml_stop(qp, "element path too long");
			return;
		}
		query_node_add(d, *ppath == '\0' ? xstrdup(name) :
		    xasprintf("%s/%s", ppath, name), parent);
	}
	qp->stack[qp->depth++] = d->nnodes - 1;
	qp->leaf = true;
	secbuf_reset(qp->text);
}

static void XMLCALL
query_xml_end(void *arg, const XML_Char *name)
{
	struct query_parser *qp = arg;
	struct query_node *node;

	(void)name;
	if (qp->error != NULL || qp->depth == 0)
		return;
	node = &qp->doc->nodes[qp->stack[--qp->depth]];
	if (qp->leaf) {
		const struct str t = str_trim(str_make(secbuf_ptr(qp->text),
		    secbuf_len(qp->text)));

		node->value = secbuf_from(t.p, t.len);
	}
	qp->leaf = false;	/* the parent now has a child */
	secbuf_reset(qp->text);
}

static void XMLCALL
query_xml_text(void *arg, const XML_Char *s, int len)
{
	struct query_parser *qp = arg;

	if (qp->error != NULL || !qp->leaf || len <= 0)
		return;
	if (secbuf_put(qp->text, s, (size_t)len) != 0)
		query_xml_stop(qp, "text too long");
}

static void XMLCALL
query_xml_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	query_xml_stop(arg, "a DTD is not allowed");
}

/* Parse body into a new doc; on failure set *whyp (static or from expat)
 * and return AV_ERR_INVALID. */
static int
query_xml_parse(const char *body, size_t len, struct query_doc *d,
    char **whyp)
{
	struct query_parser qp = { 0 };
	int r = AV_ERR_INTERNAL;

	*whyp = NULL;
	if (len > BUF_HTTP_MAX || len > INT32_MAX) {
		*whyp = xstrdup("response too large");
		return AV_ERR_INVALID;
	}
	qp.doc = d;
	qp.text = secbuf_new(BUF_HTTP_MAX);
	if ((qp.xp = XML_ParserCreate_MM(NULL, &query_xml_mem, NULL)) == NULL)
		fatal("out of memory creating an XML parser");
	XML_SetUserData(qp.xp, &qp);
	XML_SetElementHandler(qp.xp, query_xml_start, query_xml_end);
	XML_SetCharacterDataHandler(qp.xp, query_xml_text);
	XML_SetStartDoctypeDeclHandler(qp.xp, query_xml_doctype);
	XML_SetParamEntityParsing(qp.xp, XML_PARAM_ENTITY_PARSING_NEVER);
	if (XML_Parse(qp.xp, body, (int)len, XML_TRUE) != XML_STATUS_OK ||
	    qp.error != NULL) {
		if (qp.error != NULL)
			*whyp = xstrdup(qp.error);
		else
			*whyp = xasprintf("%s at line %lu, column %lu",
			    XML_ErrorString(XML_GetErrorCode(qp.xp)),
			    (unsigned long)XML_GetCurrentLineNumber(qp.xp),
			    (unsigned long)XML_GetCurrentColumnNumber(qp.xp));
		r = AV_ERR_INVALID;
		goto out;
	}
	r = 0;
 out:
	XML_ParserFree(qp.xp);
	secbuf_free(qp.text);
	return r;
}

void
query_doc_free(struct query_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nnodes; i++) {
		free(d->nodes[i].path);
		secbuf_free(d->nodes[i].value);
	}
	free(d->nodes);
	free(d->svc);
	free(d->op);
	free(d->root);
	free(d);
}

static const struct query_node *
query_doc_find(const struct query_doc *d, const char *path)
{
	size_t i;

	for (i = 0; i < d->nnodes; i++)
		if (d->nodes[i].value != NULL &&
		    strcmp(d->nodes[i].path, path) == 0)
			return &d->nodes[i];
	return NULL;
}

const char *
query_doc_get(const struct query_doc *d, const char *path)
{
	const struct query_node *n = query_doc_find(d, path);

	return n != NULL ? secbuf_ptr(n->value) : NULL;
}

struct secbuf *
query_doc_take(struct query_doc *d, const char *path)
{
	struct query_node *n = (struct query_node *)query_doc_find(d, path);
	struct secbuf *v;

	if (n == NULL)
		return NULL;
	v = n->value;
	n->value = secbuf_new(1);	/* keeps the node a leaf */
	return v;
}

bool
query_doc_nth(const struct query_doc *d, const char *path, size_t i,
    size_t *idxp)
{
	size_t k;

	for (k = 0; k < d->nnodes; k++)
		if (strcmp(d->nodes[k].path, path) == 0 && i-- == 0) {
			*idxp = k;
			return true;
		}
	return false;
}

const char *
query_doc_child(const struct query_doc *d, size_t idx, const char *name)
{
	const char *p = d->nodes[idx].path;
	size_t k, plen = strlen(p);

	for (k = idx + 1; k < d->nnodes; k++) {
		const struct query_node *n = &d->nodes[k];

		if (n->parent == idx && n->value != NULL &&
		    strncmp(n->path, p, plen) == 0 && n->path[plen] == '/' &&
		    strcmp(n->path + plen + 1, name) == 0)
			return secbuf_ptr(n->value);
	}
	return NULL;
}

int
query_doc_malformed(const struct query_doc *d, const char *fmt, ...)
{
	va_list ap;
	char *why;
	int r;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	r = av_error_set(AV_ERR_INVALID, "%s:%s: malformed response: %s",
	    d->svc, d->op, why);
	free(why);
	return r;
}

/* The AWS error in d, if it is an error document: Query services answer
 * <ErrorResponse><Error><Code/><Message/>; EC2-style <Response><Errors>
 * <Error> and moto's <ErrorResponse><Errors><Error> are accepted too. */
static bool
query_doc_error(const struct query_doc *d, const char **codep,
    const char **msgp)
{
	if (strcmp(d->root, "ErrorResponse") != 0 &&
	    strcmp(d->root, "Response") != 0)
		return false;
	if ((*codep = query_doc_get(d, "Error/Code")) != NULL)
		*msgp = query_doc_get(d, "Error/Message");
	else if ((*codep = query_doc_get(d, "Errors/Error/Code")) != NULL)
		*msgp = query_doc_get(d, "Errors/Error/Message");
	return !str_empty(*codep);
}

int
query_parse_response(const char *svc, const char *op, long status,
    const char *body, size_t len, struct query_doc **docp)
{
	struct query_doc *d;
	const char *code = NULL, *msg = NULL;
	char *why = NULL, *want = NULL;
	int r = AV_ERR_INTERNAL, pr;

	*docp = NULL;
	query_last_code[0] = '\0';
	d = xcalloc(1, sizeof(*d));
	d->svc = xstrdup(svc);
	d->op = xstrdup(op);
	pr = query_xml_parse(body, len, d, &why);
	if (pr == 0 && query_doc_error(d, &code, &msg)) {
		(void)snprintf(query_last_code, sizeof(query_last_code), "%s",
		    code);
		if (str_empty(msg))
			r = av_error_set(AV_ERR_AWS, "%s:%s: %s", svc, op,
			    code);
		else
			r = av_error_set(AV_ERR_AWS, "%s:%s: %s: %s", svc, op,
			    code, msg);
		goto out;
	}
	if (status < 200 || status >= 300) {
		r = av_error_set(AV_ERR_AWS, "%s:%s: HTTP %ld", svc, op,
		    status);
		goto out;
	}
	if (pr != 0) {
		r = query_doc_malformed(d, "%s", why);
		goto out;
	}
	want = xasprintf("%sResponse", op);
	if (strcmp(d->root, want) != 0) {
		r = query_doc_malformed(d, "unexpected root element <%s>",
		    d->root);
		goto out;
	}
	*docp = d;
	d = NULL;			/* transferred */
	r = 0;
 out:
	free(want);
	free(why);
	query_doc_free(d);
	return r;
}

int
query_call(const struct query_client *c, const char *op,
    struct query_form *form, bool sign, struct query_doc **docp)
{
	const char *svc = c->service == ENDPOINT_STS ? "sts" : "iam";
	struct aws_request req = { 0 };
	struct http_response resp = { 0 };
	struct endpoint ep = { 0 };
	bool prefix = true;	/* errors before the answer need "svc:Op" */
	int r = AV_ERR_INTERNAL;

	*docp = NULL;
	query_last_code[0] = '\0';
	if ((r = endpoint_resolve(c->service, &c->endpoint, &ep)) != 0 ||
	    (r = aws_request_init_url(&req, "POST", ep.url)) != 0)
		goto out;
	aws_request_add_header(&req, "Content-Type", QUERY_CONTENT_TYPE);
	aws_request_set_body(&req, form->body);
	form->body = NULL;		/* transferred */
	if (sign && (r = sigv4_sign_request(&req, c->creds, ep.signing_region,
	    ep.signing_name, clock_now())) != 0)
		goto out;
	log_debug("%s:%s: calling %s%s", svc, op, ep.url,
	    sign ? "" : " (unsigned)");
	if ((r = http_send(&req, &resp)) != 0)
		goto out;
	prefix = false;		/* the parser words its own errors */
	r = query_parse_response(svc, op, resp.status, secbuf_ptr(resp.body),
	    secbuf_len(resp.body), docp);
 out:
	if (r != 0 && prefix)
		av_error_prefix("%s:%s", svc, op);
	http_response_release(&resp);
	aws_request_release(&req);
	endpoint_release(&ep);
	query_form_release(form);
	return r;
}
