/* SPDX-License-Identifier: MIT */
/*
 * edit.c: append a profile section to the config file (see edit.h).
 *
 * The Go tool rewrites the whole file in place (spec 5.6); we append the
 * new text and replace the file atomically, leaving the user's
 * formatting, comments and any value go-ini would have backquoted alone.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>

#include "config/edit.h"
#include "config/ini.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Check that the new text reads back as what we mean to write. */
static int
edit_check_roundtrip(const char *text, const char *sname,
    const struct strv *settings)
{
	const struct ini_section *sec;
	struct ini *ini = NULL;
	const char *v;
	size_t i;
	int r = AV_ERR_INTERNAL;

	if (ini_parse(text, strlen(text), NULL, &ini) != 0 ||
	    ini_section_count(ini) != 2 ||
	    (sec = ini_section_at(ini, 1)) == NULL ||
	    strcmp(sec->name, sname) != 0) {
		r = av_error_set(AV_ERR_INVALID, "cannot write a config "
		    "section for profile '%s': the name would not read back "
		    "unchanged", sname);
		goto out;
	}
	for (i = 0; i + 1 < settings->n; i += 2) {
		v = ini_get(sec, settings->v[i], NULL);
		if (!streq(v, settings->v[i + 1])) {
			r = av_error_set(AV_ERR_INVALID, "cannot write %s to "
			    "the config file: the value would not read back "
			    "unchanged", settings->v[i]);
			goto out;
		}
	}
	if (sec->nkeys != settings->n / 2) {	/* a key nobody asked for */
		r = av_error_set(AV_ERR_INVALID, "cannot write a config "
		    "section for profile '%s': it would not read back "
		    "unchanged", sname);
		goto out;
	}
	r = 0;
out:
	ini_free(ini);
	return r;
}

int
config_append_profile(const char *path, const char *name,
    const char *mfa_serial)
{
	struct strv settings;
	int r;

	strv_init(&settings);
	if (!str_empty(mfa_serial)) {
		strv_push(&settings, "mfa_serial");
		strv_push(&settings, mfa_serial);
	}
	r = config_append_profile_settings(path, name, &settings);
	strv_release(&settings);
	return r;
}

int
config_append_profile_settings(const char *path, const char *name,
    const struct strv *settings)
{
	struct buf old, out;
	struct stat st;
	struct buf lines;
	char *target = NULL, *sname, *text = NULL;
	const char *eol = "\n", *nl;
	mode_t mode, mask;
	size_t k, i;
	bool bad;
	int r = AV_ERR_INTERNAL;

	buf_init(&old, BUF_CONFIG_MAX);
	buf_init(&out, 0);
	buf_init(&lines, BUF_CONFIG_MAX);
	sname = streq(name, "default") ? xstrdup("default") :
	    xasprintf("profile %s", name);
	bad = strpbrk(name, "\r\n") != NULL;
	for (i = 0; i < settings->n; i++)
		bad = bad || strpbrk(settings->v[i], "\r\n") != NULL;
	if (bad) {
		r = av_error_set(AV_ERR_INVALID, "cannot write a config "
		    "section for profile '%s': a line break in the name or "
		    "a value", name);
		goto out;
	}
	for (i = 0; i + 1 < settings->n; i += 2)
		if ((r = buf_printf(&lines, "%s=%s\n", settings->v[i],
		    settings->v[i + 1])) != 0)
			goto out;
	text = xasprintf("[%s]\n%s", sname, buf_cstr(&lines));
	if ((r = edit_check_roundtrip(text, sname, settings)) != 0)
		goto out;

	/* Write through a symbolic link, as Go's in-place write does. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((target = realpath(path, NULL)) == NULL) {
			r = av_error_errno(AV_ERR_SYSTEM, "resolve %s", path);
			goto out;
		}
	} else
		target = xstrdup(path);
	if (stat(target, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			r = av_error_set(AV_ERR_INVALID, "%s is not a regular "
			    "file", target);
			goto out;
		}
		mode = st.st_mode & 07777;
		if ((r = fs_read_file_follow(target, BUF_CONFIG_MAX,
		    &old)) != 0)
			goto out;
	} else if (errno == ENOENT) {
		mask = umask(0);
		(void)umask(mask);
		mode = 0666 & ~mask;
	} else {
		r = av_error_errno(AV_ERR_SYSTEM, "stat %s", target);
		goto out;
	}

	/* Room for everything, so the puts below cannot fail. */
	buf_init(&out, old.len + 2 * strlen(text) + 8);
	if ((nl = memchr(old.p != NULL ? old.p : "", '\n', old.len)) != NULL &&
	    nl > old.p && nl[-1] == '\r')
		eol = "\r\n";
	if (old.len > 0) {
		(void)buf_put(&out, old.p, old.len);
		if (out.p[out.len - 1] != '\n')
			(void)buf_puts(&out, eol);
		/* A blank line before the new section, unless one is there. */
		k = out.len - 1;
		if (k > 0 && out.p[k - 1] == '\r')
			k--;
		if (k > 0 && out.p[k - 1] != '\n')
			(void)buf_puts(&out, eol);
	}
	(void)buf_printf(&out, "[%s]%s", sname, eol);
	for (i = 0; i + 1 < settings->n; i += 2)
		(void)buf_printf(&out, "%s=%s%s", settings->v[i],
		    settings->v[i + 1], eol);
	if ((r = fs_write_atomic(target, out.p, out.len, mode)) != 0)
		goto out;
	r = 0;
out:
	free(text);
	free(target);
	free(sname);
	buf_release(&lines);
	buf_release(&out);
	buf_release(&old);
	return r;
}
