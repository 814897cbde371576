/* SPDX-License-Identifier: MIT */
/*
 * config.c: the AWS config file as a whole (spec 5.1, 5.3): where it
 * lives, loading (creating it when missing, as Go does), and the lookups
 * of sections and raw values that need no profile resolution.  The
 * resolution of a profile is in profile.c; config-int.h holds what the
 * two share.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <unistd.h>

#include "config/config-int.h"
#include "config/ini.h"
#include "config/profile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/str.h"
#include "util/xmalloc.h"

char *
config_path(void)
{
	const char *env = getenv("AWS_CONFIG_FILE");

	if (!str_empty(env)) {
		log_debug("Using AWS_CONFIG_FILE value: %s", env);
		return xstrdup(env);
	}
	return fs_join(fs_home(), ".aws/config");
}

/* Create a missing config file as Go's createConfigFilesIfMissing. */
static int
config_create(const char *path)
{
	struct stat st;
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	int fd, r = AV_ERR_INTERNAL;

	if (stat(dir, &st) != 0 && errno == ENOENT) {
		if (mkdir(dir, 0700) != 0) {
			r = av_error_errno(AV_ERR_SYSTEM, "mkdir %s", dir);
			goto out;
		}
		log_debug("Config directory %s created", dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
	    0666);
	if (fd < 0 && errno != EEXIST) {
		r = av_error_errno(AV_ERR_SYSTEM, "open %s", path);
		goto out;
	}
	if (fd >= 0) {
		close(fd);
		log_debug("Config file %s created", path);
	}
	r = 0;
out:
	free(copy);
	return r;
}

int
config_parse(const char *data, size_t len, const char *path,
    struct config **cfp)
{
	struct config *cf;
	int r;

	*cfp = NULL;
	cf = xcalloc(1, sizeof(*cf));
	cf->path = xstrdup(path != NULL ? path : "-");
	if ((r = ini_parse(data, len, cf->path, &cf->ini)) != 0) {
		config_free(cf);
		return r;
	}
	*cfp = cf;
	return 0;
}

int
config_load(const char *path, struct config **cfp)
{
	struct buf b;
	int r = AV_ERR_INTERNAL;

	*cfp = NULL;
	buf_init(&b, BUF_CONFIG_MAX);
	/* Read first and create only when missing: one system call less on
	 * every run than stat-then-read (the warm path counts them). */
	if ((r = fs_read_file_follow(path, BUF_CONFIG_MAX, &b)) ==
	    AV_ERR_NOT_FOUND) {
		log_debug("Config file %s doesn't exist so lets create it",
		    path);
		av_error_clear();
		if ((r = config_create(path)) != 0)
			goto out;
		r = fs_read_file_follow(path, BUF_CONFIG_MAX, &b);
	}
	log_debug("Parsing config file %s", path);
	if (r != 0 || (r = config_parse(b.p, b.len, path, cfp)) != 0) {
		av_error_prefix("Error parsing config file %s", path);
		goto out;
	}
	r = 0;
out:
	buf_release(&b);
	return r;
}

void
config_free(struct config *cf)
{
	if (cf == NULL)
		return;
	ini_free(cf->ini);
	free(cf->path);
	free(cf);
}

/* The section [<kind> <name>] of cf, or NULL. */
static const struct ini_section *
config_section(const struct config *cf, const char *kind, const char *name)
{
	const struct ini_section *sec;
	char *sname = xstrjoin(kind, " ", name, (char *)NULL);

	sec = ini_section_find(cf->ini, sname);
	free(sname);
	return sec;
}

const struct ini_section *
config_profile_section(const struct config *cf, const char *name)
{
	if (streq(name, "default"))
		return ini_section_find(cf->ini, "default");
	return config_section(cf, "profile", name);
}

bool
config_has_profile_section(const struct config *cf, const char *name)
{
	return config_profile_section(cf, name) != NULL;
}

const char *
config_value(const struct ini_section *sec, const char *key)
{
	const char *v = sec != NULL ? ini_get(sec, key, NULL) : NULL;

	return str_empty(v) ? NULL : v;
}

const char *
config_profile_get(const struct config *cf, const char *name,
    const char *key)
{
	return config_value(config_profile_section(cf, name), key);
}

const struct ini_section *
config_sso_section(const struct config *cf, const char *name)
{
	return config_section(cf, "sso-session", name);
}

const char *
config_profile_sso_start_url(const struct config *cf, const char *name)
{
	const struct ini_section *sec = config_profile_section(cf, name);
	const struct ini_section *sso;
	const char *session, *url = NULL;

	if (sec == NULL)
		return NULL;
	if ((session = config_value(sec, "sso_session")) != NULL &&
	    (sso = config_sso_section(cf, session)) != NULL)
		url = config_value(sso, "sso_start_url");
	if (url == NULL)
		url = config_value(sec, "sso_start_url");
	return url;
}

const char *
config_sso_session_for_url(const struct config *cf, const char *url)
{
	const struct ini_section *sec;
	size_t i;

	for (i = 0; i < ini_section_count(cf->ini); i++) {
		sec = ini_section_at(cf->ini, i);
		if (str_has_prefix(sec->name, "sso-session ") &&
		    streq(config_value(sec, "sso_start_url"), url))
			return sec->name + strlen("sso-session ");
	}
	return NULL;
}

const char *
config_services_endpoint(const struct config *cf, const char *services,
    const char *service)
{
	const struct ini_section *sec;
	const char *v;

	if ((sec = config_section(cf, "services", services)) == NULL)
		return NULL;
	v = ini_get_nested(sec, service, "endpoint_url", NULL);
	return str_empty(v) ? NULL : v;
}

void
config_profile_names(const struct config *cf, struct strv *names)
{
	const struct ini_section *sec;
	size_t i;

	for (i = 0; i < ini_section_count(cf->ini); i++) {
		sec = ini_section_at(cf->ini, i);
		if (streq(sec->name, "default")) {
			if (!profile_section_is_empty(sec))
				strv_push(names, "default");
		} else if (str_has_prefix(sec->name, "profile "))
			strv_push(names, sec->name + strlen("profile "));
		else if (!str_has_prefix(sec->name, "sso-session "))
			log_debug("Unrecognised ini file section: %s",
			    sec->name);
	}
}
