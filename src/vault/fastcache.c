/* SPDX-License-Identifier: MIT */
/* fastcache.c: session credentials mirrored in the kernel keyring. */
#include "util/common.h"

#include "aws/creds.h"
#include "keyring/kcache.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/credjson.h"
#include "vault/fastcache.h"

#define FASTCACHE_PREFIX	"aws-vault:s:"

static void
fastcache_hash16(const char *s, char out[17])
{
	char hex[65];

	crypto_sha256_hex(s, strlen(s), hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

char *
fastcache_desc(const char *ns, const char *fingerprint)
{
	char n[17], hex[65];

	fastcache_hash16(ns, n);
	crypto_sha256_hex(fingerprint, strlen(fingerprint), hex);
	return xasprintf(FASTCACHE_PREFIX "%s:%.32s", n, hex);
}

int
fastcache_get(const char *desc, int64_t min_ttl, char **itemp,
    struct aws_creds **credsp)
{
	struct secbuf *data = NULL;
	struct aws_creds *c = NULL;
	const char *p, *nl;
	int r = AV_ERR_NOT_FOUND;

	*itemp = NULL;
	*credsp = NULL;
	if (kcache_get(desc, &data) != 0)
		goto out;
	/* "<item>\n<session JSON>"; item has no "\n{" */
	p = secbuf_ptr(data);
	if ((nl = strstr(p, "\n{")) == NULL ||
	    credjson_session_parse(nl + 1, secbuf_len(data) -
	    (size_t)(nl + 1 - p), &c) != 0)
		goto out;
	if (c->expires - clock_now() < (min_ttl + DUR_SECOND - 1) / DUR_SECOND)
		goto out;
	*itemp = xstrndup(p, (size_t)(nl - p));
	*credsp = c;
	c = NULL;	/* transferred */
	r = 0;
out:
	av_error_clear();
	aws_creds_free(c);
	secbuf_free(data);
	return r;
}

void
fastcache_put(const char *desc, const char *item,
    const struct aws_creds *creds, int64_t max_life)
{
	struct secbuf *json = NULL, *data = NULL;
	int64_t ttl = creds->expires - clock_now();

	if (max_life > FASTCACHE_MAX_LIFE)
		max_life = FASTCACHE_MAX_LIFE;
	if (ttl > max_life)
		ttl = max_life;
	if (!creds->can_expire || ttl < 1)
		return;
	if (credjson_session_format(creds, &json) != 0)
		goto out;
	data = secbuf_new(KCACHE_DATA_MAX);
	if (secbuf_puts(data, item) != 0 || secbuf_put(data, "\n", 1) != 0 ||
	    secbuf_put(data, secbuf_ptr(json), secbuf_len(json)) != 0)
		goto out;
	kcache_prune_prefix(FASTCACHE_PREFIX, FASTCACHE_KEEP - 1);
	if (!kcache_room(secbuf_len(data) + strlen(desc))) {
		log_debug("kernel keyring session cache: the key quota is half "
		    "used, not mirroring");
		goto out;
	}
	if (kcache_put(desc, secbuf_ptr(data), secbuf_len(data),
	    (unsigned int)ttl, "a session") != 0)
		log_debug("kernel keyring session cache: %s", av_error_msg());
out:
	av_error_clear();
	secbuf_free(json);
	secbuf_free(data);
}

void
fastcache_forget(const char *desc)
{
	(void)kcache_forget(desc);
	av_error_clear();
}

void
fastcache_forget_ns(const char *ns)
{
	char n[17], *prefix;

	fastcache_hash16(ns, n);
	prefix = xasprintf(FASTCACHE_PREFIX "%s:", n);
	if (kcache_forget_prefix(prefix, NULL) != 0)
		log_debug("kernel keyring session cache: %s", av_error_msg());
	av_error_clear();
	free(prefix);
}
