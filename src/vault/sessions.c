/* SPDX-License-Identifier: MIT */
/* sessions.c: the keyring session cache (see sessions.h). */
#include "util/common.h"

#include "aws/creds.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/credjson.h"
#include "vault/sessions.h"

int64_t
sessions_min_ttl(void)
{
	static int64_t ttl = -1;
	const char *s;
	int64_t v;

	if (ttl >= 0)
		return ttl;
	ttl = 5 * DUR_MINUTE;
	if ((s = getenv("AWS_MIN_TTL")) != NULL && *s != '\0') {
		if (duration_parse(s, &v) == 0)
			ttl = v;
		av_error_clear();
	}
	return ttl;
}

/* Remove keys[i] from the list (order kept). */
static void
sessions_drop(struct strv *keys, size_t i)
{
	free(keys->v[i]);
	memmove(keys->v + i, keys->v + i + 1,
	    (keys->n - i) * sizeof(*keys->v));
	keys->n--;
}

/* Delete every legacy-format session key and every current-format one
 * whose expiry is in the past (Go RemoveOldSessions), and drop them from
 * keys, the key list already read.  Errors are only logged. */
static void
sessions_remove_old(struct keyring *kr, struct strv *keys)
{
	struct keys_session s;
	int64_t now = clock_now();
	size_t i;

	for (i = 0; i < keys->n; ) {
		bool old = keys_is_legacy_session(keys->v[i]);

		if (!old && keys_session_parse(keys->v[i], &s) == 0) {
			old = s.expiry < now;
			keys_session_release(&s);
		}
		if (!old) {
			i++;
			continue;
		}
		log_debug("deleting old session %s", keys->v[i]);
		if (keyring_remove(kr, keys->v[i]) != 0)
			log_debug("deleting %s: %s", keys->v[i],
			    av_error_msg());
		sessions_drop(keys, i);
	}
}

/* Delete the sessions of profile (every one when NULL) and, with old,
 * the legacy-format ones. */
static int
sessions_remove_matching(struct keyring *kr, const char *profile, bool old,
    int *np)
{
	struct strv keys;
	struct keys_session s;
	size_t i;
	int r;

	*np = 0;
	strv_init(&keys);
	if ((r = keyring_keys(kr, &keys)) != 0)
		goto out;
	for (i = 0; i < keys.n; i++) {
		bool del = false;

		if (keys_session_parse(keys.v[i], &s) == 0) {
			del = profile == NULL || strcmp(s.profile,
			    profile) == 0;
			keys_session_release(&s);
		} else if (old && keys_is_legacy_session(keys.v[i])) {
			del = true;
		}
		if (!del)
			continue;
		if (keyring_remove(kr, keys.v[i]) == 0)
			(*np)++;
		else
			log_debug("deleting %s: %s", keys.v[i],
			    av_error_msg());
	}
	r = 0;
out:
	strv_release(&keys);
	return r;
}

int
sessions_remove_for_profile(struct keyring *kr, const char *profile, int *np)
{
	return sessions_remove_matching(kr, profile, false, np);
}

int
sessions_remove_all(struct keyring *kr, int *np)
{
	return sessions_remove_matching(kr, NULL, true, np);
}

/* The first key in backend order with prefix, or NULL (borrowed). */
static const char *
sessions_find(const struct strv *keys, const char *prefix)
{
	size_t i;

	for (i = 0; i < keys->n; i++)
		if (str_has_prefix(keys->v[i], prefix) &&
		    keys_is_session(keys->v[i]))
			return keys->v[i];
	return NULL;
}

int
sessions_get(struct keyring *kr, const char *type, const char *profile,
    const char *mfa, int64_t min_ttl, struct aws_creds **credsp, char **keyp)
{
	struct keyring_item *item = NULL;
	struct aws_creds *c = NULL;
	struct strv keys;
	const char *key;
	char *prefix;
	int r;

	*credsp = NULL;
	strv_init(&keys);
	prefix = keys_session_prefix(type, profile, mfa);
	if ((r = keyring_keys(kr, &keys)) != 0)
		goto out;
	sessions_remove_old(kr, &keys);
	if ((key = sessions_find(&keys, prefix)) == NULL) {
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	/* Go refetches on any error reading the cached session. */
	if ((r = keyring_get(kr, key, &item)) != 0) {
		log_debug("SessionKeyring: Ignoring %s: %s", key,
		    av_error_msg());
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	if (credjson_session_parse(secbuf_ptr(item->data),
	    secbuf_len(item->data), &c) != 0) {
		log_debug("SessionKeyring: Ignoring invalid data: %s",
		    av_error_msg());
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	if (c->expires - clock_now() < (min_ttl + DUR_SECOND - 1) / DUR_SECOND) {
		log_debug("cached session %s expires too soon", key);
		r = AV_ERR_NOT_FOUND;
		goto out;
	}
	log_debug("Re-using cached credentials %s from %s, expires in %llds",
	    c->access_key_id, type,
	    (long long)(c->expires - clock_now()));
	*credsp = c;
	c = NULL;	/* transferred */
	if (keyp != NULL)
		*keyp = xstrdup(key);
	r = 0;
out:
	if (r == AV_ERR_NOT_FOUND)
		av_error_clear();
	aws_creds_free(c);
	keyring_item_free(item);
	strv_release(&keys);
	free(prefix);
	return r;
}

int
sessions_set(struct keyring *kr, const char *type, const char *profile,
    const char *mfa, const struct aws_creds *creds, char **keyp)
{
	struct keyring_item *item = NULL;
	struct secbuf *json = NULL;
	struct strv keys;
	const char *old;
	char *prefix = NULL, *key = NULL, *label = NULL;
	int r;

	strv_init(&keys);
	key = keys_session_format(type, profile, mfa, creds->expires);
	prefix = keys_session_prefix(type, profile, mfa);
	if (keyring_keys(kr, &keys) == 0) {
		sessions_remove_old(kr, &keys);
		if ((old = sessions_find(&keys, prefix)) != NULL &&
		    strcmp(old, key) != 0 && keyring_remove(kr, old) != 0)
			log_debug("deleting %s: %s", old, av_error_msg());
	}
	if ((r = credjson_session_format(creds, &json)) != 0)
		goto out;
	label = keys_session_label(profile, creds->expires);
	item = keyring_item_new(key, secbuf_ptr(json), secbuf_len(json), label,
	    KEYS_SESSION_DESCRIPTION);
	if ((r = keyring_set(kr, item)) == 0 && keyp != NULL)
		*keyp = xstrdup(key);
out:
	keyring_item_free(item);
	secbuf_free(json);
	strv_release(&keys);
	free(prefix);
	free(key);
	free(label);
	return r;
}
