/* SPDX-License-Identifier: MIT */
/*
 * cache.h: the in-memory credential cache of the local servers (Go's
 * aws.CredentialsCache, one per key: the base credentials, and one per
 * role ARN for the ECS server's /role-arn/ route), and the lock that
 * serialises every credential retrieval of a server.
 *
 * Freshness: credentials that cannot expire are kept for good.  Others
 * are served until window before they expire, window being the session
 * cache's AWS_MIN_TTL (5 min by default), so the servers refresh when the
 * keystore's session cache would; credentials that arrive already inside
 * that window are served until they actually expire (as Go serves
 * everything).  A failed fetch is not cached.
 *
 * Threads: server_cache_get holds a recursive mutex while it fetches, so
 * retrievals never overlap (the error slot, the keystore and libcurl's
 * handle are the program's one copy) and a fetch may call
 * server_cache_get again for the credentials it is derived from.
 * server_cache_shutdown is how the main thread stops a server without
 * waiting on a fetch that may never end (an MFA prompt nobody answers).
 */
#ifndef AV_SERVER_CACHE_H
#define AV_SERVER_CACHE_H

#include "util/common.h"

struct aws_creds;
struct server_cache;

#define SERVER_CACHE_MAX	64	/* keys kept; the stalest goes first */

/* Fetch fresh credentials into *credsp (owned by the cache afterwards).
 * Returns 0 or a negative AV_ERR_* with the message set. */
typedef int server_cache_fetch(void *arg, const char *key,
    struct aws_creds **credsp);

/* window_ns: see above (tests pass their own; the servers pass
 * sessions_min_ttl()). */
struct server_cache *server_cache_new(int64_t window_ns);
/* Free; the caller makes sure no thread is inside server_cache_get. */
void server_cache_free(struct server_cache *c);

/* A copy of the credentials for key, fetched with fetch(arg, key, ...)
 * unless the cached ones are fresh.  *credsp is owned by the caller
 * (aws_creds_free).  Returns 0, fetch's error, or AV_ERR_CANCELLED
 * ("server is shutting down") after server_cache_shutdown. */
int server_cache_get(struct server_cache *c, const char *key,
    server_cache_fetch *fetch, void *arg, struct aws_creds **credsp);

/* From another thread: refuse every later server_cache_get.  Returns
 * false, changing nothing, when a fetch is running at this moment. */
bool server_cache_shutdown(struct server_cache *c);

#endif
