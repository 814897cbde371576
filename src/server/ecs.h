/* SPDX-License-Identifier: MIT */
/*
 * ecs.h: the ECS container credential server of `exec --ecs-server`
 * (spec 8.1).  It listens on 127.0.0.1 at a free port and answers every
 * request that carries the right Authorization token:
 *
 *   /role-arn/<ARN>  AssumeRole <ARN> from the base credentials (default
 *                    session name, the profile's AssumeRole duration, no
 *                    MFA), cached per ARN
 *   anything else    the base credentials
 *
 * with {"AccessKeyId","Expiration","SecretAccessKey","Token"} (sorted
 * keys, newline-terminated, as Go's json.Encoder writes a map), or 500
 * {"Message":"<error>"}, or 403 {"Message":"invalid Authorization token"}.
 * Any method is accepted, as in Go; the token is the gate.
 *
 * Beyond the Go tool: the token is compared in constant time and kept in
 * a secbuf; connections from a non-loopback peer are closed unread;
 * request sizes and connections are bounded (server/http.h); credentials
 * that cannot expire are served with an Expiration one hour ahead (Go
 * writes 0001-01-01T00:00:00Z, which SDKs take as already expired); the
 * cache refreshes AWS_MIN_TTL early (server/cache.h).
 */
#ifndef AV_SERVER_ECS_H
#define AV_SERVER_ECS_H

#include "util/common.h"

struct aws_creds;
struct profile_config;
struct secbuf;
struct server_ecs;
struct vault;

/* Where the credentials come from.  Both run on the server thread (and
 * base once on the caller's, before the server answers anything), never
 * two at a time. */
struct server_ecs_source {
	/* The profile's credentials (Go: the provider behind exec). */
	int	(*base)(void *arg, struct aws_creds **credsp);
	/* AssumeRole arn from base; server_ecs_assume_role fits. */
	int	(*role)(void *arg, const struct aws_creds *base,
		    const char *arn, struct aws_creds **credsp);
	void	*arg;
};

/* Start the server: make a token, unless lazy fetch the base credentials
 * once, then listen on 127.0.0.1:0.  *ep is owned by the caller
 * (server_ecs_close).  Returns 0 or a negative AV_ERR_*: "listen tcp
 * 127.0.0.1:0: ...", "Retrieving creds: <error>", or libmicrohttpd
 * missing. */
int server_ecs_open(const struct server_ecs_source *src, bool lazy,
    struct server_ecs **ep);
/* "http://127.0.0.1:<port>" (borrowed from e). */
const char *server_ecs_url(const struct server_ecs *e);
/* The 40-character token (borrowed from e). */
const struct secbuf *server_ecs_token(const struct server_ecs *e);
/* Stop and free e.  Returns false, freeing nothing, when a retrieval is
 * running on the server thread at this moment (an STS call, an MFA
 * prompt): the caller is on its way out and should leave with _exit
 * rather than wait for it.  NULL: true. */
bool server_ecs_close(struct server_ecs *e);

/* The role route's AssumeRole (spec 8.1): RoleArn=arn, RoleSessionName
 * the current Unix time in nanoseconds, DurationSeconds the profile's
 * AssumeRole duration, through pc's STS endpoint, signed with base.
 * *credsp is owned by the caller.  Returns 0 or a negative AV_ERR_*. */
int server_ecs_assume_role(const struct vault *v,
    const struct profile_config *pc, const struct aws_creds *base,
    const char *arn, struct aws_creds **credsp);

/* The success body for creds at time now (Unix seconds), into out:
 * exposed for tests. */
int server_ecs_format(const struct aws_creds *creds, int64_t now,
    struct secbuf *out);

#endif
