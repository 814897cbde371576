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
#include "util/str.h"
#include "vault/fastcache.h"

#define FASTCACHE_PREFIX	"aws-vault:s:"

static void
fastcache_hash16(const char *s, char out[17])
{
	char hex[65];

	crypto_sha512_256_hex(s, strlen(s), hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

char *
fastcache_desc(const char *ns, const char *fingerprint)
{
	char n[17], hex[65];

	fastcache_hash16(ns, n);
	crypto_sha512_256_hex(fingerprint, strlen(fingerprint), hex);
	hex[32] = '\0';
	return xstrjoin(FASTCACHE_PREFIX, n, ":", hex, (char *)NULL);
}

int
fastcache_get(const char *desc, int64_t min_ttl, char **itemp,
    struct aws_creds **credsp)
{
	struct secbuf *data = NULL;
	struct aws_creds *c = NULL;
	struct str rest, version, backend, key, akid, secret, token, exp;
	uint64_t expires;
	int r = AV_ERR_NOT_FOUND;

	*itemp = NULL;
	*credsp = NULL;
	if (kcache_get(desc, &data) != 0)
		goto out;
	/* Our own format, no JSON parser on the warm path:
	 * "v1\n<backend>\n<key>\n<id>\n<secret>\n<token>\n<expires>\n" */
	rest = str_make(secbuf_ptr(data), secbuf_len(data));
	if (!str_split(&rest, '\n', &version) || !str_eq(version, "v1") ||
	    !str_split(&rest, '\n', &backend) ||
	    !str_split(&rest, '\n', &key) || !str_split(&rest, '\n', &akid) ||
	    !str_split(&rest, '\n', &secret) ||
	    !str_split(&rest, '\n', &token) || !str_split(&rest, '\n', &exp) ||
	    str_to_u64(exp, 1, INT64_MAX, &expires) != 0 || akid.len == 0)
		goto out;
	if ((int64_t)expires - clock_now() <
	    (min_ttl + DUR_SECOND - 1) / DUR_SECOND)
		goto out;
	c = aws_creds_new();
	c->access_key_id = str_dup(akid);
	c->secret_access_key = secbuf_from(secret.p, secret.len);
	if (token.len > 0)
		c->session_token = secbuf_from(token.p, token.len);
	c->can_expire = true;
	c->expires = (int64_t)expires;
	/* "<backend>\n<key>": the two lines as they are in data. */
	*itemp = xstrndup(backend.p, (size_t)(key.p + key.len - backend.p));
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
	struct secbuf *data = NULL;
	int64_t ttl = creds->expires - clock_now();

	if (max_life > FASTCACHE_MAX_LIFE)
		max_life = FASTCACHE_MAX_LIFE;
	if (ttl > max_life)
		ttl = max_life;
	if (!creds->can_expire || ttl < 1)
		return;
	if (strchr(creds->access_key_id, '\n') != NULL ||
	    strchr(secbuf_ptr(creds->secret_access_key), '\n') != NULL ||
	    strchr(aws_creds_token(creds), '\n') != NULL)
		goto out;
	data = secbuf_new(KCACHE_DATA_MAX);
	if (buf_printf(secbuf_buf(data), "v1\n%s\n%s\n", item,
	    creds->access_key_id) != 0 ||
	    secbuf_put(data, secbuf_ptr(creds->secret_access_key),
	    secbuf_len(creds->secret_access_key)) != 0 ||
	    secbuf_put(data, "\n", 1) != 0 ||
	    secbuf_puts(data, aws_creds_token(creds)) != 0 ||
	    buf_printf(secbuf_buf(data), "\n%lld\n",
	    (long long)creds->expires) != 0)
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

void
fastcache_forget_all(void)
{
	if (kcache_forget_prefix(FASTCACHE_PREFIX, NULL) != 0)
		log_debug("kernel keyring session cache: %s", av_error_msg());
	av_error_clear();
}
