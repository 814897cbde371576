/* SPDX-License-Identifier: MIT */
/*
 * secret-service.c: the freedesktop Secret Service backend (spec 11.4)
 * through libsecret, which is loaded with dlopen when the backend opens
 * (or is probed), never at program start (ARCHITECTURE.md 2).  The
 * headers are used at compile time only; every call goes through the
 * symbol table below, declared with the real prototypes.  No GLib macro
 * that expands to a function call (G_OBJECT, G_VARIANT_TYPE, ...) is used,
 * since those symbols are not linked.
 *
 * Layout (Go's, 99designs/keyring): a collection found by name (default
 * "awsvault"), created on the first set; one item per key with label =
 * key, attribute profile = key (no xdg:schema, so `secret-tool search
 * profile X` finds it), secret = Item JSON, content type
 * application/json.
 *
 * Decisions:
 * - Without a session bus address (DBUS_SESSION_BUS_ADDRESS or
 *   $XDG_RUNTIME_DIR/bus) we fail at once, before GLib is touched: GLib
 *   would otherwise try to autolaunch a bus.
 * - The collection list and item labels are read with D-Bus property
 *   calls rather than libsecret's proxy caches, so they are never stale.
 * - remove deletes every item matching the key (Go deletes the first).
 */
#include "util/common.h"

#include "config.h"

#if HAVE_LIBSECRET

#include <sys/stat.h>

#define SECRET_API_SUBJECT_TO_CHANGE 1
#include <libsecret/secret.h>

#include "keyring/keyring.h"
#include "util/dl.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define KEYRING_SS_BUS		"org.freedesktop.secrets"
#define KEYRING_SS_PATH		"/org/freedesktop/secrets"
#define KEYRING_SS_COLL_PREFIX	KEYRING_SS_PATH "/collection/"
#define KEYRING_SS_DEFAULT	"awsvault"
/* Method calls time out (a prompt waiting for the user does not). */
#define KEYRING_SS_TIMEOUT_MS	10000
#define KEYRING_SS_PROBE_MS	2000

/* The symbol table: one pointer per function we call. */
static typeof(secret_service_get_sync) *dl_secret_service_get_sync;
static typeof(secret_service_unlock_sync) *dl_secret_service_unlock_sync;
static typeof(secret_collection_new_for_dbus_path_sync)
    *dl_secret_collection_new_for_dbus_path_sync;
static typeof(secret_collection_create_sync) *dl_secret_collection_create_sync;
static typeof(secret_collection_get_locked) *dl_secret_collection_get_locked;
static typeof(secret_collection_search_sync) *dl_secret_collection_search_sync;
static typeof(secret_item_create_sync) *dl_secret_item_create_sync;
static typeof(secret_item_delete_sync) *dl_secret_item_delete_sync;
static typeof(secret_item_get_secret) *dl_secret_item_get_secret;
static typeof(secret_value_new) *dl_secret_value_new;
static typeof(secret_value_get) *dl_secret_value_get;
static typeof(secret_value_unref) *dl_secret_value_unref;
static typeof(g_bus_get_sync) *dl_g_bus_get_sync;
static typeof(g_dbus_connection_call_sync) *dl_g_dbus_connection_call_sync;
static typeof(g_dbus_proxy_get_connection) *dl_g_dbus_proxy_get_connection;
static typeof(g_dbus_proxy_get_object_path) *dl_g_dbus_proxy_get_object_path;
static typeof(g_dbus_proxy_set_default_timeout)
    *dl_g_dbus_proxy_set_default_timeout;
static typeof(g_variant_new) *dl_g_variant_new;
static typeof(g_variant_get) *dl_g_variant_get;
static typeof(g_variant_get_child_value) *dl_g_variant_get_child_value;
static typeof(g_variant_n_children) *dl_g_variant_n_children;
static typeof(g_variant_get_string) *dl_g_variant_get_string;
static typeof(g_variant_get_boolean) *dl_g_variant_get_boolean;
static typeof(g_variant_is_of_type) *dl_g_variant_is_of_type;
static typeof(g_variant_unref) *dl_g_variant_unref;
static typeof(g_error_free) *dl_g_error_free;
static typeof(g_hash_table_new) *dl_g_hash_table_new;
static typeof(g_hash_table_insert) *dl_g_hash_table_insert;
static typeof(g_hash_table_unref) *dl_g_hash_table_unref;
static typeof(g_str_hash) *dl_g_str_hash;
static typeof(g_str_equal) *dl_g_str_equal;
static typeof(g_list_free_full) *dl_g_list_free_full;
static typeof(g_object_unref) *dl_g_object_unref;

static const struct dl_sym keyring_ss_syms[] = {
	DL_SYM(secret_service_get_sync),
	DL_SYM(secret_service_unlock_sync),
	DL_SYM(secret_collection_new_for_dbus_path_sync),
	DL_SYM(secret_collection_create_sync),
	DL_SYM(secret_collection_get_locked),
	DL_SYM(secret_collection_search_sync),
	DL_SYM(secret_item_create_sync),
	DL_SYM(secret_item_delete_sync),
	DL_SYM(secret_item_get_secret),
	DL_SYM(secret_value_new),
	DL_SYM(secret_value_get),
	DL_SYM(secret_value_unref),
	DL_SYM(g_bus_get_sync),
	DL_SYM(g_dbus_connection_call_sync),
	DL_SYM(g_dbus_proxy_get_connection),
	DL_SYM(g_dbus_proxy_get_object_path),
	DL_SYM(g_dbus_proxy_set_default_timeout),
	DL_SYM(g_variant_new),
	DL_SYM(g_variant_get),
	DL_SYM(g_variant_get_child_value),
	DL_SYM(g_variant_n_children),
	DL_SYM(g_variant_get_string),
	DL_SYM(g_variant_get_boolean),
	DL_SYM(g_variant_is_of_type),
	DL_SYM(g_variant_unref),
	DL_SYM(g_error_free),
	DL_SYM(g_hash_table_new),
	DL_SYM(g_hash_table_insert),
	DL_SYM(g_hash_table_unref),
	DL_SYM(g_str_hash),
	DL_SYM(g_str_equal),
	DL_SYM(g_list_free_full),
	DL_SYM(g_object_unref),
	{ NULL, NULL },
};

static void *keyring_ss_handle;

/* G_VARIANT_TYPE without the checking function it would call. */
#define KEYRING_SS_TYPE(s)	((const GVariantType *)(s))

struct keyring_ss {
	SecretService		*service;
	GDBusConnection		*conn;		/* service's */
	SecretCollection	*coll;		/* NULL while missing */
	char			*name;		/* collection name */
};

/* Load libsecret (and with it GIO, GObject and GLib). */
static int
keyring_ss_load(void)
{
	static const char *const sonames[] = { "libsecret-1.so.0", NULL };

	return dl_open_many(&keyring_ss_handle, sonames, keyring_ss_syms,
	    "libsecret", "libsecret-1-0");
}

/* Record "<what>: <GError message>", free the GError, return code. */
static int
keyring_ss_gerror(int code, GError *err, const char *what)
{
	int r = av_error_set(code, "%s: %s", what,
	    err != NULL ? err->message : "unknown error");

	if (err != NULL)
		dl_g_error_free(err);
	return r;
}

/* Is a session bus address there?  Checked before GLib is loaded so GLib
 * never autolaunches a bus (it would run dbus-launch). */
static int
keyring_ss_check_bus(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	struct stat st;
	char *path;
	bool ok;

	if (!str_empty(addr)) {
		if (strstr(addr, "autolaunch:") == NULL)
			return 0;
		return av_error_set(AV_ERR_KEYRING, "secret-service: will not "
		    "autolaunch a D-Bus session bus "
		    "(DBUS_SESSION_BUS_ADDRESS=%s)", addr);
	}
	if (!str_empty(rt)) {
		path = xasprintf("%s/bus", rt);
		ok = stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
		free(path);
		if (ok)
			return 0;
	}
	return av_error_set(AV_ERR_KEYRING, "secret-service: no D-Bus session "
	    "bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no "
	    "$XDG_RUNTIME_DIR/bus)");
}

/* Call a method and return its reply tuple (NULL and a message on
 * failure). */
static GVariant *
keyring_ss_call(GDBusConnection *conn, const char *dest, const char *path,
    const char *iface, const char *method, GVariant *args, const char *type,
    int timeout_ms)
{
	GError *err = NULL;
	GVariant *ret;

	ret = dl_g_dbus_connection_call_sync(conn, dest, path, iface, method,
	    args, KEYRING_SS_TYPE(type), G_DBUS_CALL_FLAGS_NONE, timeout_ms,
	    NULL, &err);
	if (ret == NULL) {
		char *what = xasprintf("secret-service: %s.%s", iface, method);

		keyring_ss_gerror(AV_ERR_KEYRING, err, what);
		free(what);
	}
	return ret;
}

/* Read property iface.name of the object at path; *vp is the value. */
static int
keyring_ss_prop(struct keyring_ss *ss, const char *path, const char *iface,
    const char *name, GVariant **vp)
{
	GVariant *ret;

	*vp = NULL;
	ret = keyring_ss_call(ss->conn, KEYRING_SS_BUS, path,
	    "org.freedesktop.DBus.Properties", "Get",
	    dl_g_variant_new("(ss)", iface, name), "(v)",
	    KEYRING_SS_TIMEOUT_MS);
	if (ret == NULL)
		return AV_ERR_KEYRING;
	dl_g_variant_get(ret, "(v)", vp);
	dl_g_variant_unref(ret);
	return 0;
}

/* Go's decodeKeyringString: every "_XX" (two hex digits) becomes that
 * byte; a malformed escape leaves the whole string as it was. */
static char *
keyring_ss_decode_path(const char *s)
{
	size_t i, w = 0, n = strlen(s);
	char *out = xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] != '_') {
			out[w++] = s[i];
			continue;
		}
		if (i + 3 > n || (hi = str_hexval(s[i + 1])) < 0 ||
		    (lo = str_hexval(s[i + 2])) < 0) {
			free(out);
			return xstrdup(s);
		}
		out[w++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[w] = '\0';
	return out;
}

/* Find the collection named ss->name: its decoded object path is
 * .../collection/<name> (Go's rule), or else its label is <name>. */
static int
keyring_ss_find(struct keyring_ss *ss)
{
	GVariant *cols = NULL;
	GError *err = NULL;
	char *want = xasprintf("%s%s", KEYRING_SS_COLL_PREFIX, ss->name);
	char *found = NULL;
	size_t i, n;
	int r, pass;

	if ((r = keyring_ss_prop(ss, KEYRING_SS_PATH,
	    "org.freedesktop.Secret.Service", "Collections", &cols)) != 0)
		goto out;
	if (!dl_g_variant_is_of_type(cols, KEYRING_SS_TYPE("ao"))) {
		r = av_error_set(AV_ERR_KEYRING, "secret-service: the "
		    "Collections property is not a list of object paths");
		goto out;
	}
	n = dl_g_variant_n_children(cols);
	for (pass = 0; pass < 2 && found == NULL; pass++) {
		for (i = 0; i < n && found == NULL; i++) {
			GVariant *c = dl_g_variant_get_child_value(cols, i);
			const char *path = dl_g_variant_get_string(c, NULL);

			if (pass == 0) {
				char *dec = keyring_ss_decode_path(path);

				if (strcmp(dec, want) == 0)
					found = xstrdup(path);
				free(dec);
			} else {
				GVariant *label = NULL;

				if (keyring_ss_prop(ss, path,
				    "org.freedesktop.Secret.Collection",
				    "Label", &label) == 0 &&
				    dl_g_variant_is_of_type(label,
				    KEYRING_SS_TYPE("s")) &&
				    strcmp(dl_g_variant_get_string(label, NULL),
				    ss->name) == 0)
					found = xstrdup(path);
				if (label != NULL)
					dl_g_variant_unref(label);
			}
			dl_g_variant_unref(c);
		}
	}
	if (found == NULL) {
		log_debug("[secret-service] collection '%s' not found",
		    ss->name);
		r = 0;
		goto out;
	}
	ss->coll = dl_secret_collection_new_for_dbus_path_sync(ss->service,
	    found, SECRET_COLLECTION_NONE, NULL, &err);
	if (ss->coll == NULL) {
		r = keyring_ss_gerror(AV_ERR_KEYRING, err,
		    "secret-service: opening the collection");
		goto out;
	}
	dl_g_dbus_proxy_set_default_timeout((GDBusProxy *)ss->coll,
	    KEYRING_SS_TIMEOUT_MS);
	log_debug("[secret-service] using collection %s", found);
	r = 0;
out:
	if (cols != NULL)
		dl_g_variant_unref(cols);
	free(found);
	free(want);
	return r;
}

/* Unlock the collection when it is locked (may prompt). */
static int
keyring_ss_unlock(struct keyring_ss *ss)
{
	GList objs = { ss->coll, NULL, NULL };
	GError *err = NULL;
	gint n;

	if (!dl_secret_collection_get_locked(ss->coll))
		return 0;
	n = dl_secret_service_unlock_sync(ss->service, &objs, NULL, NULL,
	    &err);
	if (err != NULL)
		return keyring_ss_gerror(AV_ERR_KEYRING, err,
		    "secret-service: unlocking the collection");
	if (n == 0)
		return av_error_set(AV_ERR_KEYRING, "secret-service: the "
		    "collection '%s' is locked and was not unlocked", ss->name);
	return 0;
}

/* Create the collection (first set only); headless keyrings cannot show
 * the prompt that needs. */
static int
keyring_ss_create(struct keyring_ss *ss)
{
	GError *err = NULL;

	ss->coll = dl_secret_collection_create_sync(ss->service, ss->name,
	    NULL, SECRET_COLLECTION_CREATE_NONE, NULL, &err);
	if (ss->coll == NULL) {
		int r = av_error_set(AV_ERR_KEYRING, "secret-service: cannot "
		    "create the collection '%s': %s (creating a collection "
		    "needs a prompt, which a keyring daemon without a display "
		    "cannot show: create it from a desktop session, e.g. with "
		    "seahorse)", ss->name,
		    err != NULL ? err->message : "unknown error");

		if (err != NULL)
			dl_g_error_free(err);
		return r;
	}
	dl_g_dbus_proxy_set_default_timeout((GDBusProxy *)ss->coll,
	    KEYRING_SS_TIMEOUT_MS);
	log_debug("[secret-service] created collection '%s'", ss->name);
	return 0;
}

/* Items of the collection whose attribute profile is key. */
static int
keyring_ss_search(struct keyring_ss *ss, const char *key,
    SecretSearchFlags flags, GList **itemsp)
{
	GHashTable *attrs;
	GError *err = NULL;

	attrs = dl_g_hash_table_new(dl_g_str_hash, dl_g_str_equal);
	dl_g_hash_table_insert(attrs, (gpointer)"profile", (gpointer)key);
	*itemsp = dl_secret_collection_search_sync(ss->coll, NULL, attrs,
	    flags, NULL, &err);
	dl_g_hash_table_unref(attrs);
	if (err != NULL)
		return keyring_ss_gerror(AV_ERR_KEYRING, err,
		    "secret-service: searching the collection");
	return 0;
}

static void
keyring_ss_close(struct keyring *kr)
{
	struct keyring_ss *ss = kr->priv;

	if (ss == NULL)
		return;
	if (ss->coll != NULL)
		dl_g_object_unref(ss->coll);
	if (ss->service != NULL)
		dl_g_object_unref(ss->service);
	free(ss->name);
	free(ss);
	kr->priv = NULL;
}

static int
keyring_ss_open(struct keyring *kr)
{
	struct keyring_ss *ss;
	GError *err = NULL;
	int r;

	if ((r = keyring_ss_check_bus()) != 0 || (r = keyring_ss_load()) != 0)
		return r;
	ss = xcalloc(1, sizeof(*ss));
	kr->priv = ss;
	ss->name = xstrdup(str_empty(kr->cfg->secret_service_collection) ?
	    KEYRING_SS_DEFAULT : kr->cfg->secret_service_collection);
	ss->service = dl_secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION,
	    NULL, &err);
	if (ss->service == NULL) {
		r = keyring_ss_gerror(AV_ERR_KEYRING, err,
		    "secret-service: connecting to the Secret Service");
		goto out;
	}
	dl_g_dbus_proxy_set_default_timeout((GDBusProxy *)ss->service,
	    KEYRING_SS_TIMEOUT_MS);
	ss->conn = dl_g_dbus_proxy_get_connection((GDBusProxy *)ss->service);
	r = keyring_ss_find(ss);
out:
	if (r != 0)
		keyring_ss_close(kr);
	return r;
}

/* Default choice: a session bus, and a Secret Service provider on it
 * (running, or activatable by the bus). */
static bool
keyring_ss_probe(const struct keyring_config *cfg)
{
	GDBusConnection *conn = NULL;
	GVariant *ret = NULL, *names;
	GError *err = NULL;
	gboolean owned = FALSE;
	bool ok = false;
	size_t i, n;

	(void)cfg;
	if (keyring_ss_check_bus() != 0 || keyring_ss_load() != 0)
		return false;
	if ((conn = dl_g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err)) ==
	    NULL) {
		keyring_ss_gerror(AV_ERR_KEYRING, err,
		    "secret-service: connecting to the session bus");
		return false;
	}
	if ((ret = keyring_ss_call(conn, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
	    dl_g_variant_new("(s)", KEYRING_SS_BUS), "(b)",
	    KEYRING_SS_PROBE_MS)) == NULL)
		goto out;
	dl_g_variant_get(ret, "(b)", &owned);
	dl_g_variant_unref(ret);
	if (owned) {
		/* A provider that holds the name but does not answer would
		 * stall libsecret's calls for their 25 s timeouts: ask it
		 * first, briefly. */
		if ((ret = keyring_ss_call(conn, KEYRING_SS_BUS,
		    KEYRING_SS_PATH, "org.freedesktop.DBus.Peer", "Ping", NULL,
		    "()", KEYRING_SS_PROBE_MS)) == NULL)
			goto out;
		dl_g_variant_unref(ret);
		log_debug("[secret-service] %s is running", KEYRING_SS_BUS);
		ok = true;
		goto out;
	}
	if ((ret = keyring_ss_call(conn, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus",
	    "ListActivatableNames", NULL, "(as)", KEYRING_SS_PROBE_MS)) ==
	    NULL)
		goto out;
	names = dl_g_variant_get_child_value(ret, 0);
	n = dl_g_variant_n_children(names);
	for (i = 0; i < n && !ok; i++) {
		GVariant *c = dl_g_variant_get_child_value(names, i);

		ok = strcmp(dl_g_variant_get_string(c, NULL),
		    KEYRING_SS_BUS) == 0;
		dl_g_variant_unref(c);
	}
	dl_g_variant_unref(names);
	dl_g_variant_unref(ret);
	if (ok)
		log_debug("[secret-service] %s can be activated",
		    KEYRING_SS_BUS);
	else
		av_error_set(AV_ERR_KEYRING, "secret-service: no Secret "
		    "Service provider (%s) on the session bus", KEYRING_SS_BUS);
out:
	dl_g_object_unref(conn);
	return ok;
}

static int
keyring_ss_get(struct keyring *kr, const char *key,
    struct keyring_item **itemp)
{
	struct keyring_ss *ss = kr->priv;
	SecretValue *value = NULL;
	GList *items = NULL;
	const gchar *data;
	gsize len;
	int r;

	if (ss->coll == NULL)
		return keyring_err_not_found();
	if ((r = keyring_ss_search(ss, key, SECRET_SEARCH_UNLOCK |
	    SECRET_SEARCH_LOAD_SECRETS, &items)) != 0)
		goto out;
	if (items == NULL) {
		r = keyring_err_not_found();
		goto out;
	}
	if ((value = dl_secret_item_get_secret(items->data)) == NULL) {
		r = av_error_set(AV_ERR_KEYRING, "secret-service: item '%s' "
		    "is locked", key);
		goto out;
	}
	data = dl_secret_value_get(value, &len);
	r = keyring_item_json_parse(data, len, itemp);
out:
	if (value != NULL)
		dl_secret_value_unref(value);	/* wipes */
	dl_g_list_free_full(items, dl_g_object_unref);
	return r;
}

static int
keyring_ss_set(struct keyring *kr, const struct keyring_item *item)
{
	struct keyring_ss *ss = kr->priv;
	struct secbuf *json = NULL;
	SecretValue *value = NULL;
	SecretItem *created;
	GHashTable *attrs = NULL;
	GError *err = NULL;
	int r;

	if (ss->coll == NULL && (r = keyring_ss_create(ss)) != 0)
		goto out;
	if ((r = keyring_ss_unlock(ss)) != 0 ||
	    (r = keyring_item_json_format(item, &json)) != 0)
		goto out;
	value = dl_secret_value_new(secbuf_ptr(json), (gssize)secbuf_len(json),
	    "application/json");
	attrs = dl_g_hash_table_new(dl_g_str_hash, dl_g_str_equal);
	dl_g_hash_table_insert(attrs, (gpointer)"profile", item->key);
	created = dl_secret_item_create_sync(ss->coll, NULL, attrs, item->key,
	    value, SECRET_ITEM_CREATE_REPLACE, NULL, &err);
	if (created == NULL) {
		r = keyring_ss_gerror(AV_ERR_KEYRING, err,
		    "secret-service: storing the item");
		goto out;
	}
	dl_g_object_unref(created);
	r = 0;
out:
	if (attrs != NULL)
		dl_g_hash_table_unref(attrs);
	if (value != NULL)
		dl_secret_value_unref(value);
	secbuf_free(json);
	return r;
}

static int
keyring_ss_remove(struct keyring *kr, const char *key)
{
	struct keyring_ss *ss = kr->priv;
	GList *items = NULL, *l;
	GError *err = NULL;
	int r;

	if (ss->coll == NULL)
		return keyring_err_not_found();
	if ((r = keyring_ss_search(ss, key, SECRET_SEARCH_ALL |
	    SECRET_SEARCH_UNLOCK, &items)) != 0)
		goto out;
	for (l = items; l != NULL; l = l->next) {
		if (!dl_secret_item_delete_sync(l->data, NULL, &err)) {
			r = keyring_ss_gerror(AV_ERR_KEYRING, err,
			    "secret-service: deleting the item");
			goto out;
		}
	}
	r = 0;	/* nothing to delete is success, as in Go */
out:
	dl_g_list_free_full(items, dl_g_object_unref);
	return r;
}

static int
keyring_ss_keys(struct keyring *kr, struct strv *keys)
{
	struct keyring_ss *ss = kr->priv;
	const char *cpath;
	GVariant *items = NULL;
	size_t i, n;
	int r;

	if (ss->coll == NULL)
		return 0;
	if ((r = keyring_ss_unlock(ss)) != 0)
		return r;
	cpath = dl_g_dbus_proxy_get_object_path((GDBusProxy *)ss->coll);
	if ((r = keyring_ss_prop(ss, cpath,
	    "org.freedesktop.Secret.Collection", "Items", &items)) != 0)
		return r;
	if (!dl_g_variant_is_of_type(items, KEYRING_SS_TYPE("ao"))) {
		r = av_error_set(AV_ERR_KEYRING, "secret-service: the Items "
		    "property is not a list of object paths");
		goto out;
	}
	n = dl_g_variant_n_children(items);
	for (i = 0; i < n; i++) {
		GVariant *c = dl_g_variant_get_child_value(items, i);
		GVariant *label = NULL;

		/* Labels that cannot be read are skipped, as in Go. */
		if (keyring_ss_prop(ss, dl_g_variant_get_string(c, NULL),
		    "org.freedesktop.Secret.Item", "Label", &label) == 0 &&
		    dl_g_variant_is_of_type(label, KEYRING_SS_TYPE("s")))
			strv_push(keys, dl_g_variant_get_string(label, NULL));
		if (label != NULL)
			dl_g_variant_unref(label);
		dl_g_variant_unref(c);
	}
	r = 0;
out:
	dl_g_variant_unref(items);
	return r;
}

const struct keyring_ops keyring_secret_service_ops = {
	.name = "secret-service",
	.probe = keyring_ss_probe,
	.open = keyring_ss_open,
	.get = keyring_ss_get,
	.set = keyring_ss_set,
	.remove = keyring_ss_remove,
	.keys = keyring_ss_keys,
	.close = keyring_ss_close,
};

#endif /* HAVE_LIBSECRET */
