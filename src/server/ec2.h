/* SPDX-License-Identifier: MIT */
/*
 * ec2.h: the EC2 instance metadata (IMDS) emulation of `exec
 * --ec2-server` (spec 8.2; Go server/ec2server.go): an HTTP server on
 * 127.0.0.1:9099 that the root proxy (server/proxy.h) makes reachable as
 * http://169.254.169.254/.
 *
 * Every request must come from a loopback peer (else 401 "Access denied
 * from non-localhost address") and carry Host 169.254.169.254 or
 * 169.254.169.254:80 (else 401 "Access denied for host '<host>'": the
 * DNS-rebinding protection).  Routes, any method, with Go ServeMux's
 * subtree matching, its 301 to the slash form and its 404:
 *
 *   /latest/meta-data/iam/security-credentials/local-credentials  JSON
 *   /latest/meta-data/iam/security-credentials/...   "local-credentials"
 *   /latest/meta-data/instance-id/...                 "aws-vault"
 *   /latest/meta-data/iam/info/...                    {"Code" : "Success"}
 *   /latest/dynamic/instance-identity/document        {"region": "<r>"}
 *
 * Credentials: {"AccessKeyId","Code","Expiration","LastUpdated",
 * "SecretAccessKey","Token","Type"} (sorted, newline-terminated), or 504
 * with the error text.
 *
 * IMDSv2, beyond the Go tool (which answers 404, so clients fall back to
 * v1): PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds
 * (1..21600) returns a token (43 characters, kept only as its SHA-256);
 * a request that presents X-aws-ec2-metadata-token must present a live
 * one (else 401).  Requests without a token are still served (v1), as Go
 * serves them, so no client breaks; clients that insist on v2
 * (AWS_EC2_METADATA_V1_DISABLED=true) now work.
 */
#ifndef AV_SERVER_EC2_H
#define AV_SERVER_EC2_H

#include "util/common.h"

struct aws_creds;
struct server_ec2;

#define SERVER_EC2_ADDR		"127.0.0.1"
#define SERVER_EC2_PORT		9099
#define SERVER_EC2_TOKENS	32	/* live IMDSv2 tokens kept */
#define SERVER_EC2_TOKEN_TTL_MAX 21600

/* Fetch the credentials once with base(arg, ...) (a failure is only
 * logged: Go ignores it), then listen on 127.0.0.1:9099.  base runs on
 * the server thread afterwards, never two at a time; region may be NULL.
 * *ep is owned by the caller (server_ec2_close).  Returns 0 or a negative
 * AV_ERR_* ("listen tcp 127.0.0.1:9099: bind: address already in use",
 * libmicrohttpd missing). */
int server_ec2_open(int (*base)(void *arg, struct aws_creds **credsp),
    void *arg, const char *region, struct server_ec2 **ep);
/* As server_ecs_close. */
bool server_ec2_close(struct server_ec2 *e);

/* The credentials body for creds at time now: exposed for tests. */
struct secbuf;
int server_ec2_format(const struct aws_creds *creds, int64_t now,
    struct secbuf *out);

#endif
