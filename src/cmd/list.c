/* SPDX-License-Identifier: MIT */
/*
 * list.c: `aws-vault list` (alias ls, spec 3.3): profiles, stored
 * credentials and cached sessions, as a Go text/tabwriter table or as
 * plain lists.  Only key names are read: no passphrase, no decryption.
 */
#include "util/common.h"

#include "cmd/cmd.h"
#include "cmd/output.h"
#include "config/profile.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static bool cmd_list_profiles;
static bool cmd_list_sessions;
static bool cmd_list_credentials;

static const struct cmd_option cmd_list_options[] = {
	{ "profiles", 0, CMD_OPT_BOOL, &cmd_list_profiles,
	    "Show only the profile names" },
	{ "sessions", 0, CMD_OPT_BOOL, &cmd_list_sessions,
	    "Show only the session names" },
	{ "credentials", 0, CMD_OPT_BOOL, &cmd_list_credentials,
	    "Show only the profiles with stored credential" },
	{ NULL },
};

struct cmd_list_label {
	char	*profile;	/* decoded profile, or NULL for tokens */
	char	*label;
	char	*url;		/* tokens: the start URL */
	bool	 shown;
};

/* BN's label for a token: the [sso-session] name, else the URL's host. */
static char *
cmd_list_oidc_label(const struct config *cf, const char *url)
{
	const char *name = config_sso_session_for_url(cf, url);
	const char *p, *end;

	if (name != NULL)
		return xasprintf("oidc:%s", name);
	if ((p = strstr(url, "://")) != NULL && p != url) {
		p += 3;
		end = p + strcspn(p, "/?#");
		if (end > p) {
			/* Go's URL.Host drops any userinfo. */
			const char *at = memchr(p, '@', (size_t)(end - p));
			if (at != NULL)
				p = at + 1;
			return xasprintf("oidc:%.*s", (int)(end - p), p);
		}
	}
	return xasprintf("oidc:%s", url);
}

/* Go drops a leftover label when a row already showed the same text
 * (stringslice.remove), so equal labels of another profile stay hidden. */
static bool
cmd_list_label_shown(const struct cmd_list_label *labels, size_t n,
    const char *label)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (labels[i].shown && strcmp(labels[i].label, label) == 0)
			return true;
	return false;
}

/* expiry - now truncated to whole seconds, as a Go Duration: saturated
 * at Go's bounds instead of overflowing. */
static int64_t
cmd_list_remaining(int64_t expiry, int64_t now_ns)
{
	int64_t now = now_ns / DUR_SECOND, frac = now_ns % DUR_SECOND;
	int64_t secs;

	if (expiry > INT64_MAX / DUR_SECOND + now)
		return INT64_MAX / DUR_SECOND * DUR_SECOND;
	if (expiry < INT64_MIN / DUR_SECOND + now + 1)
		return INT64_MIN / DUR_SECOND * DUR_SECOND;
	secs = expiry - now;
	/* Truncate toward zero, as Go's Duration.Truncate. */
	if (frac > 0 && secs > 0)
		secs--;
	return secs * DUR_SECOND;
}

static void
cmd_list_print(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		printf("%s\n", sv->v[i]);
}

static int
cmd_list_exec(struct cmd_ctx *ctx)
{
	struct cmd_list_label *labels = NULL;
	struct strv keys, creds, profiles, cells;
	struct keys_session s;
	struct keyring *kr;
	struct config *cf;
	int64_t now = clock_now_ns();
	size_t i, j, nlabels = 0, ntok = 0;
	struct buf out;
	int r;

	strv_init(&keys);
	strv_init(&creds);
	strv_init(&profiles);
	strv_init(&cells);
	buf_init(&out, 64 * 1024 * 1024);
	if ((r = cmd_keyring(ctx, &kr)) != 0 || (r = cmd_config(ctx, &cf)) ||
	    (r = keyring_keys(kr, &keys)) != 0)
		goto out;
	config_profile_names(cf, &profiles);
	/* Tokens first, then sessions: the order of --sessions. */
	for (i = 0; i < keys.n; i++) {
		const char *url = keys_oidc_url(keys.v[i]);

		if (keys_is_credentials(keys.v[i]))
			strv_push(&creds, keys.v[i]);
		if (url == NULL)
			continue;
		labels = xreallocarray(labels, nlabels + 1, sizeof(*labels));
		labels[nlabels].profile = NULL;
		labels[nlabels].url = xstrdup(url);
		labels[nlabels].label = cmd_list_oidc_label(cf, url);
		labels[nlabels].shown = false;
		nlabels++;
	}
	ntok = nlabels;
	for (i = 0; i < keys.n; i++) {
		char d[40];
		int64_t left;

		if (keys_session_parse(keys.v[i], &s) != 0)
			continue;
		left = cmd_list_remaining(s.expiry, now);
		duration_format(left, d, sizeof(d));
		labels = xreallocarray(labels, nlabels + 1, sizeof(*labels));
		labels[nlabels].profile = xstrdup(s.profile);
		labels[nlabels].url = NULL;
		labels[nlabels].label = xasprintf("%s:%s", s.type, d);
		labels[nlabels].shown = false;
		nlabels++;
		keys_session_release(&s);
	}
	if (cmd_list_credentials) {
		cmd_list_print(&creds);
	} else if (cmd_list_profiles) {
		cmd_list_print(&profiles);
	} else if (cmd_list_sessions) {
		for (i = 0; i < nlabels; i++)
			printf("%s\n", labels[i].label);
	} else {
		strv_push(&cells, "Profile");
		strv_push(&cells, "Credentials");
		strv_push(&cells, "Sessions");
		strv_push(&cells, "=======");
		strv_push(&cells, "===========");
		strv_push(&cells, "========");
		for (i = 0; i < profiles.n; i++) {
			const char *p = profiles.v[i];
			const char *url = config_profile_sso_start_url(cf, p);
			struct buf col;

			buf_init(&col, 1024 * 1024);
			for (j = 0; j < ntok; j++) {
				if (url == NULL || strcmp(labels[j].url, url))
					continue;
				buf_printf(&col, "%s%s", col.len ? ", " : "",
				    labels[j].label);
				labels[j].shown = true;
			}
			for (j = ntok; j < nlabels; j++) {
				if (strcmp(labels[j].profile, p) != 0)
					continue;
				buf_printf(&col, "%s%s", col.len ? ", " : "",
				    labels[j].label);
				labels[j].shown = true;
			}
			strv_push(&cells, p);
			strv_push(&cells, strv_contains(&creds, p) ? p : "-");
			strv_push(&cells, col.len ? buf_cstr(&col) : "-");
			buf_release(&col);
		}
		/* A stored key whose section exists is not an orphan, even
		 * when the section is a [default] too empty to be listed. */
		for (i = 0; i < creds.n; i++) {
			if (config_has_profile_section(cf, creds.v[i]))
				continue;
			strv_push(&cells, "-");
			strv_push(&cells, creds.v[i]);
			strv_push(&cells, "-");
		}
		for (i = 0; i < nlabels; i++) {
			if (labels[i].shown || cmd_list_label_shown(labels,
			    nlabels, labels[i].label))
				continue;
			strv_push(&cells, "-");
			strv_push(&cells, "-");
			strv_push(&cells, labels[i].label);
		}
		output_table(&out, cells.v, cells.n / 3, 3);
		fputs(buf_cstr(&out), stdout);
	}
	r = 0;
out:
	for (i = 0; i < nlabels; i++) {
		free(labels[i].profile);
		free(labels[i].label);
		free(labels[i].url);
	}
	free(labels);
	buf_release(&out);
	strv_release(&cells);
	strv_release(&profiles);
	strv_release(&creds);
	strv_release(&keys);
	return r;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.alias = "ls",
	.help = "List profiles, along with their credentials and sessions.",
	.options = cmd_list_options,
	.exec = cmd_list_exec,
};
