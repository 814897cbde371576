/* SPDX-License-Identifier: MIT */
/*
 * pass.c: the pass and passage backends (spec 11.7), two ops structs over
 * one implementation.  Every operation runs the password manager as an
 * argv subprocess (util/spawn.h, never a shell) with PASSWORD_STORE_DIR
 * (passage: PASSAGE_DIR) set to the store; the stored entry is the Item
 * JSON, byte-compatible with the Go tool.
 *
 * Layout (Go's): entry name = path.Join(prefix, key), cleaned, so
 * "oidc:https://h/s" lives at "oidc:https:/h/s" and is listed so.  keys
 * walks <store>/<prefix> for *.gpg (*.age) files.
 *
 * Decision on the Go quirk "with an empty prefix every entry of the store
 * is listed": kept for compatibility (listing would need a decryption per
 * entry to tell them apart), but an entry whose content is not Item JSON
 * is never taken for ours: reading it fails with "pass entry 'x' is not an
 * aws-vault item".  A key whose cleaned name leaves the store ("../x") is
 * refused before pass runs.  The entry name always follows "--" (pass and
 * passage read options with getopt), so a key such as "-c" is a name,
 * never an option.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>

#include "keyring/keyring.h"
#include "keyring/pass.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Item JSON of a 64 KiB item is about 90 KiB; stay well above. */
#define KEYRING_PASS_OUT_MAX	(4 * 1024 * 1024)

/* What differs between pass and passage. */
struct keyring_pass_kind {
	const char	*name;		/* "pass" */
	const char	*cmd;		/* default command */
	const char	*dir_env;	/* PASSWORD_STORE_DIR */
	const char	*dir_default;	/* under $HOME */
	const char	*suffix;	/* ".gpg" */
	const char	*id_file;	/* marks an initialised store */
};

static const struct keyring_pass_kind keyring_pass_kind_pass = {
	"pass", "pass", "PASSWORD_STORE_DIR", ".password-store", ".gpg",
	".gpg-id",
};

static const struct keyring_pass_kind keyring_pass_kind_passage = {
	"passage", "passage", "PASSAGE_DIR", ".passage/store", ".age",
	".age-recipients",
};

struct keyring_pass {
	const struct keyring_pass_kind	*kind;
	char				*cmd;
	char				*dir;
	char				*prefix;
	char				*env;	/* NAME=<dir> */
};

char *
keyring_pass_clean(const char *p)
{
	size_t n = strlen(p), r = 0, w = 0, dotdot = 0;
	bool rooted = n > 0 && p[0] == '/';
	char *out;

	if (n == 0)
		return xstrdup(".");
	out = xmalloc(n + 3);	/* never longer than the input + 2 */
	if (rooted) {
		out[w++] = '/';
		r = dotdot = 1;
	}
	while (r < n) {
		if (p[r] == '/') {
			r++;
		} else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) {
			r++;
		} else if (p[r] == '.' && p[r + 1] == '.' &&
		    (r + 2 == n || p[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			for (; r < n && p[r] != '/'; r++)
				out[w++] = p[r];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

char *
keyring_pass_join(const char *const *elems, size_t n)
{
	char *joined, *clean;
	size_t i, j, len = 0, w = 0;

	for (i = 0; i < n && str_empty(elems[i]); i++)
		;
	if (i == n)
		return xstrdup("");
	/* Go joins every element from the first non-empty one on, empty
	 * ones included ("a", "", "b" gives "a//b", cleaned to "a/b"). */
	for (j = i; j < n; j++)
		len += (elems[j] != NULL ? strlen(elems[j]) : 0) + 1;
	joined = xmalloc(len);
	for (j = i; j < n; j++) {
		size_t el = elems[j] != NULL ? strlen(elems[j]) : 0;

		if (j > i)
			joined[w++] = '/';
		memcpy(joined + w, elems[j] != NULL ? elems[j] : "", el);
		w += el;
	}
	joined[w] = '\0';
	clean = keyring_pass_clean(joined);
	free(joined);
	return clean;
}

/* The entry name of key; refuses names that leave the store. */
static int
keyring_pass_name(struct keyring_pass *kp, const char *key, char **namep)
{
	const char *elems[2] = { kp->prefix, key };
	char *name = keyring_pass_join(elems, 2);

	*namep = NULL;
	if (strcmp(name, "..") == 0 || str_has_prefix(name, "../") ||
	    strcmp(name, ".") == 0 || *name == '\0') {
		free(name);
		return av_error_set(AV_ERR_INVALID, "item key '%s' is not a "
		    "valid %s entry name", key, kp->kind->name);
	}
	*namep = name;
	return 0;
}

/* True when the entry file of key exists (Go's itemExists: os.Stat of
 * filepath.Join(dir, prefix, key + suffix)). */
static bool
keyring_pass_exists(struct keyring_pass *kp, const char *key)
{
	char *file = xasprintf("%s%s", key, kp->kind->suffix);
	const char *elems[3] = { kp->dir, kp->prefix, file };
	char *path = keyring_pass_join(elems, 3);
	struct stat st;
	bool found;

	found = stat(path, &st) == 0;
	free(path);
	free(file);
	return found;
}

/* Run "<cmd> <args...>" with the store in the environment. */
static int
keyring_pass_run(struct keyring_pass *kp, const char *const *args,
    const struct secbuf *in, struct secbuf *out)
{
	const char *argv[8];
	const char *env[2] = { kp->env, NULL };
	struct spawn sp = { 0 };
	size_t i;
	int r, status;

	argv[0] = kp->cmd;
	for (i = 0; args[i] != NULL && i + 2 < AV_ARRAY_SIZE(argv); i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	sp.argv = argv;
	sp.env_set = env;
	sp.in = in != NULL ? SPAWN_DATA : SPAWN_NULL;
	if (in != NULL) {
		sp.in_data = secbuf_ptr(in);
		sp.in_len = secbuf_len(in);
	}
	sp.out = out != NULL ? SPAWN_CAPTURE : SPAWN_NULL;
	sp.out_buf = out != NULL ? secbuf_buf(out) : NULL;
	sp.err = SPAWN_INHERIT;	/* gpg and pinentry talk to the user */
	if ((r = spawn_run(&sp, &status)) != 0)
		return r == AV_ERR_NOT_FOUND ? av_error_set(AV_ERR_KEYRING,
		    "the %s program is not available", kp->kind->name) : r;
	if (status != 0)
		return av_error_set(AV_ERR_KEYRING, "%s %s %s failed (exit "
		    "status %d)", kp->cmd, args[0], args[i - 1], status);
	return 0;
}

static int
keyring_pass_open_kind(struct keyring *kr,
    const struct keyring_pass_kind *kind)
{
	const struct keyring_config *cfg = kr->cfg;
	struct keyring_pass *kp;
	const char *env;

	kp = xcalloc(1, sizeof(*kp));
	kp->kind = kind;
	kp->cmd = xstrdup(str_empty(cfg->pass_cmd) ? kind->cmd :
	    cfg->pass_cmd);
	if (!str_empty(cfg->pass_dir))
		kp->dir = fs_expand_home(cfg->pass_dir);
	else if (!str_empty(env = getenv(kind->dir_env)))
		kp->dir = xstrdup(env);
	else
		kp->dir = fs_join(fs_home(), kind->dir_default);
	kp->prefix = xstrdup(cfg->pass_prefix != NULL ? cfg->pass_prefix :
	    "");
	kp->env = xasprintf("%s=%s", kind->dir_env, kp->dir);
	kr->priv = kp;
	if (!spawn_in_path(kp->cmd))
		return av_error_set(AV_ERR_KEYRING,
		    "the %s program is not available", kind->name);
	return 0;
}

static void
keyring_pass_close(struct keyring *kr)
{
	struct keyring_pass *kp = kr->priv;

	if (kp == NULL)
		return;
	free(kp->cmd);
	free(kp->dir);
	free(kp->prefix);
	free(kp->env);
	free(kp);
	kr->priv = NULL;
}

static int
keyring_pass_open(struct keyring *kr)
{
	int r;

	if ((r = keyring_pass_open_kind(kr, &keyring_pass_kind_pass)) != 0)
		keyring_pass_close(kr);
	return r;
}

static int
keyring_passage_open(struct keyring *kr)
{
	int r;

	if ((r = keyring_pass_open_kind(kr, &keyring_pass_kind_passage)) != 0)
		keyring_pass_close(kr);
	return r;
}

/* Used by the default choice: an initialised store and the command. */
static bool
keyring_pass_probe_kind(const struct keyring_config *cfg,
    const struct keyring_pass_kind *kind)
{
	struct keyring kr = { .cfg = cfg };
	struct keyring_pass *kp;
	char *id;
	bool ok;

	if (keyring_pass_open_kind(&kr, kind) != 0) {
		keyring_pass_close(&kr);
		return false;
	}
	kp = kr.priv;
	id = fs_join(kp->dir, kind->id_file);
	if (!(ok = fs_exists(id)))
		av_error_set(AV_ERR_KEYRING, "no %s store at %s (no %s)",
		    kind->name, kp->dir, kind->id_file);
	free(id);
	keyring_pass_close(&kr);
	return ok;
}

static bool
keyring_pass_probe(const struct keyring_config *cfg)
{
	return keyring_pass_probe_kind(cfg, &keyring_pass_kind_pass);
}

static bool
keyring_passage_probe(const struct keyring_config *cfg)
{
	return keyring_pass_probe_kind(cfg, &keyring_pass_kind_passage);
}

static int
keyring_pass_get(struct keyring *kr, const char *key,
    struct keyring_item **itemp)
{
	struct keyring_pass *kp = kr->priv;
	struct secbuf *out = NULL;
	char *name = NULL;
	int r;

	if ((r = keyring_pass_name(kp, key, &name)) != 0)
		goto out;
	if (!keyring_pass_exists(kp, key)) {
		r = keyring_err_not_found();
		goto out;
	}
	out = secbuf_new(KEYRING_PASS_OUT_MAX);
	if ((r = keyring_pass_run(kp, (const char *const[]){ "show", "--",
	    name, NULL }, NULL, out)) != 0)
		goto out;
	if (keyring_item_json_parse(secbuf_ptr(out), secbuf_len(out),
	    itemp) != 0 || str_empty((*itemp)->key)) {
		keyring_item_free(*itemp);
		*itemp = NULL;
		r = av_error_set(AV_ERR_INVALID, "%s entry '%s' is not an "
		    "aws-vault item", kp->kind->name, name);
		goto out;
	}
	r = 0;
out:
	secbuf_free(out);
	free(name);
	return r;
}

static int
keyring_pass_set(struct keyring *kr, const struct keyring_item *item)
{
	struct keyring_pass *kp = kr->priv;
	struct secbuf *json = NULL;
	char *name = NULL;
	int r;

	if ((r = keyring_pass_name(kp, item->key, &name)) != 0 ||
	    (r = keyring_item_json_format(item, &json)) != 0)
		goto out;
	r = keyring_pass_run(kp, (const char *const[]){ "insert", "-m", "-f",
	    "--", name, NULL }, json, NULL);
out:
	secbuf_free(json);
	free(name);
	return r;
}

static int
keyring_pass_remove(struct keyring *kr, const char *key)
{
	struct keyring_pass *kp = kr->priv;
	char *name = NULL;
	int r;

	if ((r = keyring_pass_name(kp, key, &name)) != 0)
		goto out;
	if (!keyring_pass_exists(kp, key)) {
		r = keyring_err_not_found();
		goto out;
	}
	r = keyring_pass_run(kp, (const char *const[]){ "rm", "-f", "--",
	    name, NULL }, NULL, NULL);
out:
	free(name);
	return r;
}

/* Go's filepath.Walk below root (lexical order, symlinks not followed):
 * push the path of every suffix file, relative to root, without it. */
static int
keyring_pass_walk(struct keyring_pass *kp, const char *root,
    const char *rel, struct strv *keys)
{
	char *dirpath = *rel ? fs_join(root, rel) : xstrdup(root);
	struct strv names;
	size_t i, slen = strlen(kp->kind->suffix);
	int r;

	strv_init(&names);
	r = fs_list_dir(dirpath, &names);
	for (i = 0; i < names.n && r == 0; i++) {
		char *sub = *rel ? fs_join(rel, names.v[i]) :
		    xstrdup(names.v[i]);
		char *path = fs_join(root, sub);
		struct stat st;

		if (lstat(path, &st) != 0)
			r = av_error_errno(AV_ERR_KEYRING, "lstat %s", path);
		else if (S_ISDIR(st.st_mode))
			r = keyring_pass_walk(kp, root, sub, keys);
		else if (str_has_suffix(names.v[i], kp->kind->suffix))
			strv_push_owned(keys, xstrndup(sub,
			    strlen(sub) - slen));
		free(path);
		free(sub);
	}
	strv_release(&names);
	free(dirpath);
	return r;
}

static int
keyring_pass_keys(struct keyring *kr, struct strv *keys)
{
	struct keyring_pass *kp = kr->priv;
	const char *elems[2] = { kp->dir, kp->prefix };
	char *root = keyring_pass_join(elems, 2);
	struct stat st;
	int r;

	if (stat(root, &st) != 0) {
		r = errno == ENOENT ? 0 :
		    av_error_errno(AV_ERR_KEYRING, "stat %s", root);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		r = av_error_set(AV_ERR_KEYRING, "%s is not a directory", root);
		goto out;
	}
	r = keyring_pass_walk(kp, root, "", keys);
out:
	free(root);
	return r;
}

const struct keyring_ops keyring_pass_ops = {
	.name = "pass",
	.probe = keyring_pass_probe,
	.open = keyring_pass_open,
	.get = keyring_pass_get,
	.set = keyring_pass_set,
	.remove = keyring_pass_remove,
	.keys = keyring_pass_keys,
	.close = keyring_pass_close,
};

const struct keyring_ops keyring_passage_ops = {
	.name = "passage",
	.probe = keyring_passage_probe,
	.open = keyring_passage_open,
	.get = keyring_pass_get,
	.set = keyring_pass_set,
	.remove = keyring_pass_remove,
	.keys = keyring_pass_keys,
	.close = keyring_pass_close,
};
