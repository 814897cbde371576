/* SPDX-License-Identifier: MIT */
/*
 * file.c: the "file" backend (spec 11.3): one JWE file per item in a
 * private directory, readable by the Go tool and vice versa.
 *
 * Layout as in 99designs/keyring: the directory (default
 * ~/.awsvault/keys/, only a leading "~/" expanded) is created 0700 on
 * every operation; the file name is the key with only '/' and '%'
 * percent-escaped; the content is the JWE of the Item JSON (jwe.h).
 *
 * Our hardening, where the Go tool is weaker:
 * - writes are atomic (temp file, fsync, rename; util/fs.h), so
 *   concurrent writers and crashes never leave a torn file; Keys() skips
 *   the in-flight temp files ("<name>.tmp-XXXXXX");
 * - files readable by group or others are refused;
 * - Set() first checks the passphrase against an item already in the
 *   directory, so a mistyped passphrase cannot leave items encrypted
 *   under two passphrases (Go writes them anyway);
 * - the keys "", "." and ".." are refused (Go would address the
 *   directory itself or its parent).
 *
 * The passphrase is obtained at most once per open keyring, from
 * AWS_VAULT_FILE_PASSPHRASE when it exists (even empty) or else from
 * cfg->file_passphrase; an empty answer is asked for again next time, as
 * in Go.  It lives in a secbuf, wiped on close.  Whether one from
 * cfg->file_passphrase opened an item or was wrong is told to
 * cfg->file_passphrase_done (the CLI's passphrase cache).
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>
#include <unistd.h>

#include "keyring/jwe.h"
#include "keyring/keyring.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define KEYRING_FILE_DEFAULT_DIR	"~/.awsvault/keys/"
#define KEYRING_FILE_ENV		"AWS_VAULT_FILE_PASSPHRASE"
/* A JWE of a 64 KiB item is about 120 KiB; leave room for items written
 * by other tools. */
#define KEYRING_FILE_MAX		(1024 * 1024)

struct keyring_file {
	char		*dir;		/* expanded */
	struct secbuf	*pw;		/* NULL until first needed */
	bool		 verified;	/* pw opened an item here */
	bool		 from_cb;	/* pw came from cfg->file_passphrase */
	bool		 told;		/* file_passphrase_done was called */
};

/* Percent-escape '/' and '%' (mtibben/percent Encode(key, "/")). */
static char *
keyring_file_escape(const char *key)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(key), i, o = 0;
	char *out = xreallocarray(NULL, n + 1, 3);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)key[i];
		if (c == '/' || c == '%') {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

/* Decode every %XY (either case) to a byte; leave anything else alone
 * (mtibben/percent Decode).  A decoded NUL would end the C string. */
static char *
keyring_file_unescape(const char *name)
{
	size_t n = strlen(name), i, o = 0;
	char *out = xmalloc(n + 1);
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (name[i] == '%' && i + 2 < n &&
		    (hi = str_hexval(name[i + 1])) >= 0 &&
		    (lo = str_hexval(name[i + 2])) >= 0) {
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = name[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* True for the temp files of fs_write_atomic: "<name>.tmp-XXXXXX". */
static bool
keyring_file_is_temp(const char *name)
{
	size_t n = strlen(name), i;

	if (n <= 11 || memcmp(name + n - 11, ".tmp-", 5) != 0)
		return false;
	for (i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

/* Make sure the directory exists (mkdir -p, 0700), as Go does on every
 * operation. */
static int
keyring_file_dir(struct keyring_file *kf)
{
	return fs_mkdir_p(kf->dir, 0700);
}

/* The path of key's file (caller frees), or AV_ERR_INVALID. */
static int
keyring_file_path(struct keyring_file *kf, const char *key, char **pathp)
{
	char *name;

	*pathp = NULL;
	if (*key == '\0' || strcmp(key, ".") == 0 || strcmp(key, "..") == 0)
		return av_error_set(AV_ERR_INVALID,
		    "invalid keyring key '%s'", key);
	name = keyring_file_escape(key);
	*pathp = fs_join(kf->dir, name);
	free(name);
	return 0;
}

/* Obtain the passphrase unless a non-empty one is already held. */
static int
keyring_file_passphrase(struct keyring *kr, struct keyring_file *kf)
{
	const struct keyring_config *cfg = kr->cfg;
	const char *env;
	int r;

	if (kf->pw != NULL && secbuf_len(kf->pw) > 0)
		return 0;
	secbuf_free(kf->pw);
	kf->pw = NULL;
	kf->verified = false;
	kf->from_cb = false;
	kf->told = false;
	if ((env = getenv(KEYRING_FILE_ENV)) != NULL) {
		kf->pw = secbuf_from_str(env);
		return 0;
	}
	if (cfg->file_passphrase == NULL)
		return av_error_set(AV_ERR_KEYRING,
		    "no passphrase: set " KEYRING_FILE_ENV);
	if ((r = cfg->file_passphrase(cfg->file_passphrase_arg, kf->dir,
	    &kf->pw)) != 0) {
		secbuf_free(kf->pw);
		kf->pw = NULL;
		return r;
	}
	if (kf->pw == NULL)
		kf->pw = secbuf_new(1);
	kf->from_cb = true;
	return 0;
}

/* Tell cfg->file_passphrase_done, once, whether the passphrase it gave
 * opened an item (r == 0) or was wrong (AV_ERR_AUTH); other results say
 * nothing about the passphrase.  The error slot survives the call. */
static void
keyring_file_tell(struct keyring *kr, struct keyring_file *kf, int r)
{
	const struct keyring_config *cfg = kr->cfg;
	char *msg;

	if (!kf->from_cb || kf->told || cfg->file_passphrase_done == NULL ||
	    (r != 0 && r != AV_ERR_AUTH))
		return;
	kf->told = true;
	msg = xstrdup(av_error_msg());
	cfg->file_passphrase_done(cfg->file_passphrase_arg, kf->dir, kf->pw,
	    r == 0);
	if (r != 0)
		av_error_set(r, "%s", msg);
	else
		av_error_clear();
	free(msg);
}

/* Read the JWE at path (private regular file) into b. */
static int
keyring_file_read(const char *path, struct buf *b)
{
	buf_init(b, KEYRING_FILE_MAX);
	return fs_read_private_file(path, KEYRING_FILE_MAX, b);
}

/* Does the passphrase open the item at path?  0 yes, AV_ERR_AUTH no,
 * another code when the file says nothing (unreadable, malformed). */
static int
keyring_file_try(struct keyring *kr, struct keyring_file *kf,
    const char *path)
{
	struct buf b;
	int r;

	if ((r = keyring_file_read(path, &b)) == 0) {
		r = jwe_check_passphrase(secbuf_ptr(kf->pw),
		    secbuf_len(kf->pw), b.p, b.len);
		if (r == AV_ERR_AUTH)
			av_error_prefix("%s", path);
		keyring_file_tell(kr, kf, r);
	}
	buf_release(&b);
	return r;
}

/* Before writing, make sure the passphrase opens an item already in the
 * directory: the target's own file first, else the first file in name
 * order that is a readable, well-formed JWE.  One such item decides. */
static int
keyring_file_verify(struct keyring *kr, struct keyring_file *kf,
    const char *target)
{
	struct strv names;
	char *path;
	size_t i;
	int r;

	strv_init(&names);
	if (kf->verified) {
		r = 0;
		goto out;
	}
	if (fs_exists(target) && ((r = keyring_file_try(kr, kf, target)) == 0 ||
	    r == AV_ERR_AUTH))
		goto out;
	if ((r = fs_list_dir(kf->dir, &names)) != 0)
		goto out;
	r = 0;	/* nothing to compare with: a new store */
	for (i = 0; i < names.n; i++) {
		if (keyring_file_is_temp(names.v[i]))
			continue;
		path = fs_join(kf->dir, names.v[i]);
		r = strcmp(path, target) == 0 ? AV_ERR_NOT_FOUND :
		    keyring_file_try(kr, kf, path);
		free(path);
		if (r == 0 || r == AV_ERR_AUTH)
			break;
		r = 0;	/* this file says nothing; try the next */
	}
out:
	if (r == 0) {
		kf->verified = true;
		av_error_clear();	/* skipped files left messages */
	}
	strv_release(&names);
	return r;
}

/* The key directory of cfg, expanded (caller frees). */
static char *
keyring_file_config_dir(const struct keyring_config *cfg)
{
	const char *dir = cfg->file_dir;

	if (dir == NULL || *dir == '\0')
		dir = KEYRING_FILE_DEFAULT_DIR;
	/* Only a leading "~/" means home (spec 11.3). */
	if (str_has_prefix(dir, "~/"))
		return fs_expand_home(dir);
	return xstrdup(dir);
}

static int
keyring_file_open(struct keyring *kr)
{
	struct keyring_file *kf = xcalloc(1, sizeof(*kf));

	kf->dir = keyring_file_config_dir(kr->cfg);
	kr->priv = kf;
	return 0;
}

/* Without opening or a passphrase: true only when key's file is surely
 * missing. */
static bool
keyring_file_gone(const struct keyring_config *cfg, const char *key)
{
	struct keyring_file kf = { .dir = keyring_file_config_dir(cfg) };
	struct stat st;
	char *path = NULL;
	bool gone = false;

	if (keyring_file_path(&kf, key, &path) == 0)
		gone = lstat(path, &st) != 0 && errno == ENOENT;
	else
		av_error_clear();
	free(path);
	free(kf.dir);
	return gone;
}

static void
keyring_file_close(struct keyring *kr)
{
	struct keyring_file *kf = kr->priv;

	if (kf == NULL)
		return;
	secbuf_free(kf->pw);
	free(kf->dir);
	free(kf);
	kr->priv = NULL;
}

static int
keyring_file_get(struct keyring *kr, const char *key,
    struct keyring_item **itemp)
{
	struct keyring_file *kf = kr->priv;
	struct secbuf *pt = NULL;
	struct buf b;
	struct stat st;
	char *path = NULL;
	int r;

	*itemp = NULL;
	buf_init(&b, KEYRING_FILE_MAX);
	if ((r = keyring_file_dir(kf)) != 0 ||
	    (r = keyring_file_path(kf, key, &path)) != 0)
		goto out;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			r = keyring_err_not_found();
		else
			r = av_error_errno(AV_ERR_SYSTEM, "stat %s", path);
		goto out;
	}
	if ((r = keyring_file_passphrase(kr, kf)) != 0 ||
	    (r = keyring_file_read(path, &b)) != 0)
		goto out;
	r = jwe_decrypt(secbuf_ptr(kf->pw), secbuf_len(kf->pw), b.p, b.len,
	    &pt);
	if (r != 0)
		av_error_prefix("%s", path);
	keyring_file_tell(kr, kf, r);
	if (r != 0)
		goto out;
	kf->verified = true;
	if ((r = keyring_item_json_parse(secbuf_ptr(pt), secbuf_len(pt),
	    itemp)) != 0) {
		av_error_prefix("%s", path);
		goto out;
	}
	r = 0;
out:
	secbuf_free(pt);
	buf_release(&b);
	free(path);
	return r;
}

static int
keyring_file_set(struct keyring *kr, const struct keyring_item *item)
{
	struct keyring_file *kf = kr->priv;
	struct secbuf *json = NULL;
	char *path = NULL, *jwe = NULL;
	int r;

	if (item->data != NULL && secbuf_len(item->data) > BUF_ITEM_MAX) {
		r = av_error_set(AV_ERR_INVALID, "keyring item '%s' is larger "
		    "than %d bytes", item->key, BUF_ITEM_MAX);
		goto out;
	}
	if ((r = keyring_file_dir(kf)) != 0 ||
	    (r = keyring_file_path(kf, item->key, &path)) != 0 ||
	    (r = keyring_file_passphrase(kr, kf)) != 0 ||
	    (r = keyring_file_verify(kr, kf, path)) != 0 ||
	    (r = keyring_item_json_format(item, &json)) != 0 ||
	    (r = jwe_encrypt(secbuf_ptr(kf->pw), secbuf_len(kf->pw),
	    secbuf_ptr(json), secbuf_len(json), &jwe)) != 0 ||
	    (r = fs_write_atomic(path, jwe, strlen(jwe), 0600)) != 0)
		goto out;
	r = 0;
out:
	free(jwe);
	secbuf_free(json);
	free(path);
	return r;
}

static int
keyring_file_remove(struct keyring *kr, const char *key)
{
	struct keyring_file *kf = kr->priv;
	char *path = NULL;
	int r;

	if ((r = keyring_file_dir(kf)) != 0 ||
	    (r = keyring_file_path(kf, key, &path)) != 0)
		goto out;
	if (unlink(path) != 0) {
		/* Go's os.Remove wording. */
		if (errno == ENOENT)
			r = av_error_set(AV_ERR_NOT_FOUND,
			    "remove %s: no such file or directory", path);
		else
			r = av_error_errno(AV_ERR_SYSTEM, "remove %s", path);
		goto out;
	}
	r = 0;
out:
	free(path);
	return r;
}

static int
keyring_file_keys(struct keyring *kr, struct strv *keys)
{
	struct keyring_file *kf = kr->priv;
	struct strv names;
	size_t i;
	int r;

	strv_init(&names);
	if ((r = keyring_file_dir(kf)) != 0 ||
	    (r = fs_list_dir(kf->dir, &names)) != 0)
		goto out;
	/* Go's os.ReadDir order: file names, byte-wise, then decoded. */
	for (i = 0; i < names.n; i++) {
		if (!keyring_file_is_temp(names.v[i]))
			strv_push_owned(keys,
			    keyring_file_unescape(names.v[i]));
	}
	r = 0;
out:
	strv_release(&names);
	return r;
}

const struct keyring_ops keyring_file_ops = {
	.name = "file",
	.open = keyring_file_open,
	.get = keyring_file_get,
	.set = keyring_file_set,
	.remove = keyring_file_remove,
	.keys = keyring_file_keys,
	.close = keyring_file_close,
	.gone = keyring_file_gone,
};
