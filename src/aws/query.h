/* SPDX-License-Identifier: MIT */
/*
 * query.h: the AWS Query protocol shared by STS and IAM: a client (where
 * to send, which credentials sign), the form body, the call, and the XML
 * answer parsed with expat into a flat list of elements.
 *
 * A call POSTs "Action=<Op>&Version=<v>&..." (RFC 3986 encoded values) as
 * application/x-www-form-urlencoded, signs it with SigV4 over the exact
 * body, and parses the answer.  Leaf text is trimmed of surrounding white
 * space and stored in secbufs (answers carry credentials); the expat
 * allocator wipes what it frees.  Errors follow one format, set once:
 *   AV_ERR_AWS      "<svc>:<Op>: <Code>: <Message>" (an ErrorResponse), or
 *                   "<svc>:<Op>: HTTP <status>" (no parsable error),
 *   AV_ERR_INVALID  "<svc>:<Op>: malformed response: <why>",
 *   AV_ERR_NETWORK  "<svc>:<Op>: <transport message>",
 * and endpoint errors prefixed "<svc>:<Op>: ".
 * Layering: request, sigv4, http, endpoint <- query <- sts, iam.
 */
#ifndef AV_AWS_QUERY_H
#define AV_AWS_QUERY_H

#include "util/common.h"

#include "aws/endpoint.h"

struct aws_creds;
struct secbuf;

#define QUERY_STS_VERSION	"2011-06-15"
#define QUERY_IAM_VERSION	"2010-05-08"
/* Bounds on a parsed answer.  Real STS/IAM answers are a few dozen short
 * elements; each node stores its full path, so without the caps a hostile
 * 1 MiB body of deep long names and many siblings asked for tens of GiB
 * (with them: under 40 MiB). */
#define QUERY_DEPTH_MAX		32
#define QUERY_NAME_MAX		256	/* bytes in one element name */
#define QUERY_PATH_MAX		1024	/* bytes in a node's path */
#define QUERY_NODES_MAX		10000	/* elements in one answer */

/* Where and as whom a Query service is called.  The endpoint is resolved
 * at each call, so a missing region is reported with the operation. */
struct query_client {
	enum endpoint_service	 service;	/* ENDPOINT_STS or _IAM */
	struct endpoint_config	 endpoint;	/* endpoint_config_copy */
	const struct aws_creds	*creds;		/* borrowed; NULL: unsigned */
};

/* A new client for svc (STS or IAM) with copies of cfg's strings; creds
 * are borrowed and must outlive the client (NULL for unsigned calls).
 * Free with query_client_free. */
struct query_client *query_client_new(enum endpoint_service svc,
    const struct endpoint_config *cfg, const struct aws_creds *creds);
void query_client_free(struct query_client *c);

/* A form body under construction (may hold an MFA code or a web identity
 * token, so it lives in a secbuf). */
struct query_form {
	struct secbuf	*body;
};

/* Start a form with Action and Version. */
void query_form_init(struct query_form *f, const char *action,
    const char *version);
/* Append "&name=<value encoded>".  Returns 0 or AV_ERR_INVALID when the
 * body would exceed BUF_HTTP_MAX. */
int query_form_add(struct query_form *f, const char *name, const char *value);
int query_form_add_n(struct query_form *f, const char *name,
    const char *value, size_t n);
int query_form_add_int(struct query_form *f, const char *name, int64_t v);
/* Wipe and free. */
void query_form_release(struct query_form *f);

/* A parsed answer: every element, in document order. */
struct query_node {
	char		*path;		/* below the root, e.g.
					   "GetUserResult/User/Arn";
					   "" for the root itself */
	size_t		 parent;	/* index of the parent (root: itself) */
	struct secbuf	*value;		/* trimmed text of a leaf; NULL for an
					   element with children */
};

struct query_doc {
	char			*svc;	/* "sts", for messages */
	char			*op;	/* "GetUser" */
	char			*root;	/* "GetUserResponse" */
	struct query_node	*nodes;
	size_t			 nnodes;
	size_t			 cap;
};

/* Parse an answer to svc:op received with HTTP status.  A 2xx answer must
 * have the root "<op>Response"; an ErrorResponse (any status) or a status
 * >= 300 becomes an AV_ERR_AWS error in the format above.  No DTD; depth,
 * names, paths and the element count within the caps above (else
 * AV_ERR_INVALID, "malformed response: ...").  Returns 0 and *docp (free
 * with query_doc_free) or a negative AV_ERR_* code. */
int query_parse_response(const char *svc, const char *op, long status,
    const char *body, size_t len, struct query_doc **docp);
void query_doc_free(struct query_doc *d);

/* The text of the first leaf at path (below the root), or NULL; borrowed
 * from d.  Never use it for a secret that must outlive d: take it. */
const char *query_doc_get(const struct query_doc *d, const char *path);
/* Transfer the value of the first leaf at path to the caller (NULL when
 * missing); the node keeps an empty value. */
struct secbuf *query_doc_take(struct query_doc *d, const char *path);
/* The indexes of the elements at path, in order ("...Metadata/member"):
 * call with i = 0, 1, ... until it returns false. */
bool query_doc_nth(const struct query_doc *d, const char *path, size_t i,
    size_t *idxp);
/* The text of the child called name of element idx, or NULL; borrowed. */
const char *query_doc_child(const struct query_doc *d, size_t idx,
    const char *name);
/* "<svc>:<op>: malformed response: <what>"; returns AV_ERR_INVALID. */
int query_doc_malformed(const struct query_doc *d, const char *fmt, ...)
    AV_PRINTF(2, 3);

/* Send form (consumed: released whatever happens) as svc:op with c,
 * signed when sign is true, and parse the answer into *docp.  Returns 0 or
 * a negative AV_ERR_* code in the format above. */
int query_call(const struct query_client *c, const char *op,
    struct query_form *form, bool sign, struct query_doc **docp);

/* The AWS error code (e.g. "AccessDenied") of the last query call or parse
 * that failed with AV_ERR_AWS, or "" (static storage, cleared at the start
 * of every call).  Lets callers branch on a code without parsing the
 * message. */
const char *query_error_code(void);

#endif
