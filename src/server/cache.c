/* SPDX-License-Identifier: MIT */
/* cache.c: the servers' in-memory credential cache (see cache.h). */
#include "util/common.h"

#include <pthread.h>

#include "aws/creds.h"
#include "server/cache.h"
#include "util/error.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

struct server_cache_entry {
	char		*key;
	struct aws_creds *creds;
	int64_t		 refresh_at;	/* Unix seconds; INT64_MAX: never */
};

struct server_cache {
	pthread_mutex_t		 lock;	/* recursive */
	int64_t			 window;	/* seconds */
	bool			 stopping;
	struct server_cache_entry entries[SERVER_CACHE_MAX];
};

struct server_cache *
server_cache_new(int64_t window_ns)
{
	struct server_cache *c = xcalloc(1, sizeof(*c));
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	if (pthread_mutex_init(&c->lock, &attr) != 0)
		fatal("pthread_mutex_init failed");
	pthread_mutexattr_destroy(&attr);
	c->window = window_ns > 0 ? window_ns / DUR_SECOND : 0;
	return c;
}

static void
server_cache_entry_clear(struct server_cache_entry *e)
{
	free(e->key);
	aws_creds_free(e->creds);
	memset(e, 0, sizeof(*e));
}

void
server_cache_free(struct server_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < SERVER_CACHE_MAX; i++)
		server_cache_entry_clear(&c->entries[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* When to fetch again credentials fetched at now. */
static int64_t
server_cache_refresh_at(const struct server_cache *c,
    const struct aws_creds *creds, int64_t now)
{
	if (!creds->can_expire)
		return INT64_MAX;
	if (creds->expires - c->window > now)
		return creds->expires - c->window;
	return creds->expires;
}

/* The entry for key, or the slot to (re)use for it. */
static struct server_cache_entry *
server_cache_slot(struct server_cache *c, const char *key, bool *foundp)
{
	struct server_cache_entry *e, *free_slot = NULL, *stalest = NULL;
	size_t i;

	*foundp = false;
	for (i = 0; i < SERVER_CACHE_MAX; i++) {
		e = &c->entries[i];
		if (e->key == NULL) {
			if (free_slot == NULL)
				free_slot = e;
			continue;
		}
		if (strcmp(e->key, key) == 0) {
			*foundp = true;
			return e;
		}
		if (stalest == NULL || e->refresh_at < stalest->refresh_at)
			stalest = e;
	}
	return free_slot != NULL ? free_slot : stalest;
}

int
server_cache_get(struct server_cache *c, const char *key,
    server_cache_fetch *fetch, void *arg, struct aws_creds **credsp)
{
	struct server_cache_entry *e;
	struct aws_creds *fresh = NULL;
	int64_t now;
	bool found;
	int r;

	*credsp = NULL;
	pthread_mutex_lock(&c->lock);
	if (c->stopping) {
		r = av_error_set(AV_ERR_CANCELLED, "server is shutting down");
		goto out;
	}
	now = clock_now();
	e = server_cache_slot(c, key, &found);
	if (found && now < e->refresh_at) {
		*credsp = aws_creds_dup(e->creds);
		r = 0;
		goto out;
	}
	if ((r = fetch(arg, key, &fresh)) != 0)
		goto out;
	/* fetch may have used the cache (recursively): look again. */
	e = server_cache_slot(c, key, &found);
	server_cache_entry_clear(e);
	e->key = xstrdup(key);
	e->refresh_at = server_cache_refresh_at(c, fresh, clock_now());
	e->creds = fresh;
	fresh = NULL;	/* transferred */
	log_debug("server cache: new credentials for %s",
	    *key != '\0' ? key : "the profile");
	*credsp = aws_creds_dup(e->creds);
	r = 0;
out:
	pthread_mutex_unlock(&c->lock);
	return r;
}

bool
server_cache_shutdown(struct server_cache *c)
{
	if (pthread_mutex_trylock(&c->lock) != 0)
		return false;
	c->stopping = true;
	pthread_mutex_unlock(&c->lock);
	return true;
}
