/* SPDX-License-Identifier: MIT */
/*
 * keys.c: classify, parse and build keyring keys and labels (spec 6.8,
 * 6.9, 11.2).  The Go patterns are matched by hand; each matcher names
 * the regex it implements.
 */
#include "util/common.h"

#include "keyring/keys.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static bool
keys_all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Split key at commas into exactly four fields; false otherwise. */
static bool
keys_split4(const char *key, struct str f[4])
{
	const char *p = key, *c;
	int i;

	for (i = 0; i < 3; i++) {
		if ((c = strchr(p, ',')) == NULL)
			return false;
		f[i] = str_make(p, (size_t)(c - p));
		p = c + 1;
	}
	if (strchr(p, ',') != NULL)
		return false;
	f[3] = str_from(p);
	return true;
}

/* ^session,([^,]+),([^,]*),([0-9]{2,})$ */
static bool
keys_legacy_comma(const char *key)
{
	struct str f[4];

	return keys_split4(key, f) && str_eq(f[0], "session") &&
	    f[1].len > 0 && f[3].len >= 2 && keys_all_digits(f[3].p, f[3].len);
}

/* ^session:([^ ]+):([^ ]*):([^:]+)$ : the last field runs from the last
 * colon; before it, a colon after at least one character and no space. */
static bool
keys_legacy_colon(const char *key)
{
	const char *rest, *last, *c;

	if (!str_has_prefix(key, "session:"))
		return false;
	rest = key + strlen("session:");
	if ((last = strrchr(rest, ':')) == NULL || last[1] == '\0')
		return false;
	if (memchr(rest, ' ', (size_t)(last - rest)) != NULL)
		return false;
	c = memchr(rest, ':', (size_t)(last - rest));
	/* The first colon may sit at index 0 only if another follows:
	 * ([^ ]+) can swallow colons, so any colon at index >= 1 splits. */
	if (c == rest)
		c = memchr(rest + 1, ':', (size_t)(last - rest - 1));
	return c != NULL && c > rest;
}

/* ^(.+?) session \((\d+)\)$ with Go's "." (no newline). */
static bool
keys_legacy_paren(const char *key)
{
	static const char mid[] = " session (";
	size_t n = strlen(key), d = 0, m = sizeof(mid) - 1;

	if (n == 0 || key[n - 1] != ')')
		return false;
	n--;
	while (d < n && key[n - 1 - d] >= '0' && key[n - 1 - d] <= '9')
		d++;
	if (d == 0)
		return false;
	n -= d;
	if (n < m + 1 || memcmp(key + n - m, mid, m) != 0)
		return false;
	n -= m;
	return memchr(key, '\n', n) == NULL;
}

bool
keys_is_legacy_session(const char *key)
{
	return keys_legacy_comma(key) || keys_legacy_colon(key) ||
	    keys_legacy_paren(key);
}

/* Decode an unpadded base64url field into a new string.  A decoded NUL
 * is refused: no profile name or MFA serial holds one, and a C string
 * could not carry it (Go would accept it). */
static int
keys_b64_field(struct str f, char **outp)
{
	unsigned char *out = xmalloc(base64_decoded_max(f.len) + 1);
	size_t n;

	if (base64_decode(f.p, f.len, BASE64_URL_RAW, out, &n) != 0 ||
	    memchr(out, '\0', n) != NULL) {
		free(out);
		*outp = NULL;
		return AV_ERR_INVALID;
	}
	*outp = (char *)out;
	return 0;
}

int
keys_session_parse(const char *key, struct keys_session *s)
{
	struct str f[4];
	uint64_t exp;

	memset(s, 0, sizeof(*s));
	/* Go: strconv.Atoi on [0-9]{1,}, so it must fit an int64. */
	if (!keys_split4(key, f) || f[0].len == 0 || f[1].len == 0 ||
	    str_to_u64(f[3], 0, INT64_MAX, &exp) != 0)
		return AV_ERR_INVALID;
	if (keys_b64_field(f[1], &s->profile) != 0 ||
	    keys_b64_field(f[2], &s->mfa) != 0) {
		keys_session_release(s);
		return AV_ERR_INVALID;
	}
	s->type = str_dup(f[0]);
	s->expiry = (int64_t)exp;
	return 0;
}

void
keys_session_release(struct keys_session *s)
{
	free(s->type);
	free(s->profile);
	free(s->mfa);
	memset(s, 0, sizeof(*s));
}

bool
keys_is_session(const char *key)
{
	struct keys_session s;

	if (keys_session_parse(key, &s) != 0)
		return false;
	keys_session_release(&s);
	return true;
}

bool
keys_is_oidc(const char *key)
{
	return str_has_prefix(key, KEYS_OIDC_PREFIX);
}

enum keys_kind
keys_classify(const char *key)
{
	if (keys_is_legacy_session(key))
		return KEYS_SESSION_LEGACY;
	if (keys_is_session(key))
		return KEYS_SESSION;
	if (keys_is_oidc(key))
		return KEYS_OIDC;
	return KEYS_CREDENTIALS;
}

bool
keys_is_credentials(const char *key)
{
	return keys_classify(key) == KEYS_CREDENTIALS;
}

char *
keys_session_prefix(const char *type, const char *profile, const char *mfa)
{
	char *p64, *m64, *out;

	if (mfa == NULL)
		mfa = "";
	p64 = base64_encode_dup(profile, strlen(profile), BASE64_URL_RAW);
	m64 = base64_encode_dup(mfa, strlen(mfa), BASE64_URL_RAW);
	out = xasprintf("%s,%s,%s,", type, p64, m64);
	free(p64);
	free(m64);
	return out;
}

char *
keys_session_format(const char *type, const char *profile, const char *mfa,
    int64_t expiry)
{
	char *prefix = keys_session_prefix(type, profile, mfa), *out;

	out = xasprintf("%s%lld", prefix, (long long)expiry);
	free(prefix);
	return out;
}

char *
keys_oidc_key(const char *url)
{
	return xasprintf("%s%s", KEYS_OIDC_PREFIX, url);
}

const char *
keys_oidc_url(const char *key)
{
	if (!keys_is_oidc(key))
		return NULL;
	return key + strlen(KEYS_OIDC_PREFIX);
}

char *
keys_credentials_label(const char *profile)
{
	return xasprintf("aws-vault (%s)", profile);
}

char *
keys_session_label(const char *profile, int64_t expiry)
{
	char t[40];

	time_format_rfc3339(expiry, t, sizeof(t));
	return xasprintf("aws-vault session for %s (expires %s)", profile, t);
}

char *
keys_oidc_label(const char *url, int64_t expiry)
{
	char t[40];

	time_format_rfc3339(expiry, t, sizeof(t));
	return xasprintf("aws-vault oidc token for %s (expires %s)", url, t);
}
