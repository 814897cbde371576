/* SPDX-License-Identifier: MIT */
/*
 * keyring.c: the backend table, backend choice, and the thin wrappers
 * every caller uses.
 *
 * Choice (a deliberate difference from the Go tool, which opens one
 * backend and fails, spec 11.1): an explicit --backend/AWS_VAULT_BACKEND
 * is obeyed exactly.  Without one, the backends of keyring_default_order
 * are probed in turn and the first that works here is used; keyctl is
 * never a default because the kernel keyring does not survive a reboot.
 * --debug says what was chosen and why the others were not.
 */
#include "util/common.h"

#include "config.h"
#include "keyring/keyring.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xmalloc.h"

extern const struct keyring_ops keyring_file_ops;
extern const struct keyring_ops keyring_keyctl_ops;
extern const struct keyring_ops keyring_pass_ops;
extern const struct keyring_ops keyring_passage_ops;
#if HAVE_LIBSECRET
extern const struct keyring_ops keyring_secret_service_ops;
#endif

const struct keyring_ops *const keyring_backends[] = {
#if HAVE_LIBSECRET
	&keyring_secret_service_ops,
#endif
	&keyring_keyctl_ops,
	&keyring_pass_ops,
	&keyring_passage_ops,
	&keyring_file_ops,
	NULL,
};

/* Names probed, in order, when no backend is named. */
static const char *const keyring_default_order[] = {
	"secret-service",
	"pass",
	"file",
	NULL,
};

/* The backend called name, or NULL. */
static const struct keyring_ops *
keyring_backend_find(const char *name)
{
	size_t i;

	for (i = 0; keyring_backends[i] != NULL; i++)
		if (strcmp(keyring_backends[i]->name, name) == 0)
			return keyring_backends[i];
	return NULL;
}

static int
keyring_open_ops(const struct keyring_ops *ops,
    const struct keyring_config *cfg, struct keyring **krp)
{
	struct keyring *kr;
	int r;

	kr = xcalloc(1, sizeof(*kr));
	kr->ops = ops;
	kr->cfg = cfg;
	if ((r = ops->open(kr)) != 0) {
		free(kr);
		return r;
	}
	*krp = kr;
	return 0;
}

int
keyring_open(const struct keyring_config *cfg, struct keyring **krp)
{
	const struct keyring_ops *ops;
	size_t i;
	int r;

	*krp = NULL;
	if (cfg->backend != NULL && *cfg->backend != '\0') {
		if ((ops = keyring_backend_find(cfg->backend)) == NULL)
			return av_error_set(AV_ERR_KEYRING,
			    "unknown keyring backend '%s'", cfg->backend);
		if ((r = keyring_open_ops(ops, cfg, krp)) != 0) {
			log_debug("[keyring] Failed backend %s: %s",
			    ops->name, av_error_msg());
			return r;
		}
		log_debug("[keyring] using backend %s (chosen explicitly)",
		    ops->name);
		return 0;
	}
	for (i = 0; keyring_default_order[i] != NULL; i++) {
		if ((ops = keyring_backend_find(keyring_default_order[i])) ==
		    NULL)
			continue;
		av_error_clear();
		if (ops->probe != NULL && !ops->probe(cfg)) {
			log_debug("[keyring] not using %s: %s", ops->name,
			    av_error_msg());
			continue;
		}
		if ((r = keyring_open_ops(ops, cfg, krp)) != 0) {
			log_debug("[keyring] not using %s: %s", ops->name,
			    av_error_msg());
			continue;
		}
		log_debug("[keyring] using backend %s (first that works here)",
		    ops->name);
		return 0;
	}
	return av_error_set(AV_ERR_KEYRING, "no keyring backend works here");
}

void
keyring_close(struct keyring *kr)
{
	if (kr == NULL)
		return;
	if (kr->ops->close != NULL)
		kr->ops->close(kr);
	free(kr);
}

const char *
keyring_name(const struct keyring *kr)
{
	return kr->ops->name;
}

int
keyring_err_not_found(void)
{
	return av_error_set(AV_ERR_NOT_FOUND,
	    "the specified item could not be found in the keyring");
}

int
keyring_get(struct keyring *kr, const char *key, struct keyring_item **itemp)
{
	*itemp = NULL;
	return kr->ops->get(kr, key, itemp);
}

int
keyring_set(struct keyring *kr, const struct keyring_item *item)
{
	return kr->ops->set(kr, item);
}

int
keyring_remove(struct keyring *kr, const char *key)
{
	return kr->ops->remove(kr, key);
}

int
keyring_keys(struct keyring *kr, struct strv *keys)
{
	return kr->ops->keys(kr, keys);
}

bool
keyring_has(struct keyring *kr, const char *key)
{
	struct strv keys;
	bool found;

	strv_init(&keys);
	found = keyring_keys(kr, &keys) == 0 && strv_contains(&keys, key);
	strv_release(&keys);
	return found;
}

char *
keyring_config_namespace(const struct keyring_config *c, const char *name)
{
	const char *dir, *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	char *path, *ns;

	if (str_empty(name)) {
		/* The default choice depends on the session bus and on
		 * which stores exist; name what it can pick from. */
		char *f = keyring_config_namespace(c, "file");
		char *p = keyring_config_namespace(c, "pass");
		char *s = keyring_config_namespace(c, "secret-service");

		ns = xstrjoin("auto\n", f, "\n", p, "\n", s, (char *)NULL);
		free(f);
		free(p);
		free(s);
		return ns;
	}
	if (strcmp(name, "file") == 0) {
		path = fs_expand_home(str_empty(c->file_dir) ?
		    "~/.awsvault/keys/" : c->file_dir);
		ns = xstrjoin("file:", path, (char *)NULL);
		free(path);
		return ns;
	}
	if (strcmp(name, "pass") == 0 || strcmp(name, "passage") == 0) {
		dir = c->pass_dir;
		if (str_empty(dir))
			dir = getenv(strcmp(name, "pass") == 0 ?
			    "PASSWORD_STORE_DIR" : "PASSAGE_DIR");
		return xstrjoin(name, ":", dir ? dir : "", ":",
		    c->pass_prefix ? c->pass_prefix : "", (char *)NULL);
	}
	if (strcmp(name, "secret-service") == 0)
		return xstrjoin(name, ":",
		    str_empty(c->secret_service_collection) ? "awsvault" :
		    c->secret_service_collection, ":", bus ? bus : "",
		    (char *)NULL);
	return xstrjoin(name, ":",
	    str_empty(c->keyctl_scope) ? "user" : c->keyctl_scope,
	    (char *)NULL);
}

char *
keyring_namespace(const struct keyring *kr)
{
	return keyring_config_namespace(kr->cfg, kr->ops->name);
}

bool
keyring_item_gone(const struct keyring_config *cfg, const char *backend,
    const char *key)
{
	const struct keyring_ops *ops = keyring_backend_find(backend);

	return ops != NULL && ops->gone != NULL && ops->gone(cfg, key);
}
