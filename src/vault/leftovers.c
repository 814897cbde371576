/* SPDX-License-Identifier: MIT */
/*
 * leftovers.c: the scan for plaintext AWS keys left on disk (see
 * leftovers.h).  A fixed list of places, read with bounds, reported as
 * paths and line numbers; the text of a file is held in secret memory
 * and never copied into a finding.  What is done with the findings
 * (keystore check, delete, scrub, report) is in leftovers-act.c.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <libgen.h>

#include "config/credfile.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/leftovers.h"

static const char leftovers_secret_name[] = "aws_secret_access_key";

/* Scan state: HOME as the kernel sees it, and the files already seen. */
struct leftovers_scan {
	struct leftovers	*lo;
	char			*home_real;
	struct strv		 seen;		/* real paths */
};

void
leftovers_init(struct leftovers *lo)
{
	memset(lo, 0, sizeof(*lo));
	strv_init(&lo->notes);
}

void
leftovers_release(struct leftovers *lo)
{
	size_t i;

	for (i = 0; i < lo->n; i++) {
		free(lo->v[i].path);
		free(lo->v[i].real);
		free(lo->v[i].profile);
		free(lo->v[i].lines);
		strv_release(&lo->v[i].key_ids);
		free(lo->v[i].stored_as);
	}
	free(lo->v);
	strv_release(&lo->notes);
	leftovers_init(lo);
}

static bool
leftovers_is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9');
}

bool
leftovers_key_id_at(const char *p, size_t n, size_t i)
{
	size_t k;

	if (n < 20 || i > n - 20 || (memcmp(p + i, "AKIA", 4) != 0 &&
	    memcmp(p + i, "ASIA", 4) != 0))
		return false;
	if (i > 0 && leftovers_is_alnum(p[i - 1]))
		return false;
	for (k = i + 4; k < i + 20; k++)
		if (!((p[k] >= 'A' && p[k] <= 'Z') ||
		    (p[k] >= '0' && p[k] <= '9')))
			return false;
	return i + 20 == n || !leftovers_is_alnum(p[i + 20]);
}

/* aws_secret_access_key at p[i] followed by a literal value. */
static bool
leftovers_secret_at(const char *p, size_t n, size_t i)
{
	size_t len = sizeof(leftovers_secret_name) - 1, j, run;
	bool sep = false;

	if (i + len > n || strncasecmp(p + i, leftovers_secret_name, len) != 0)
		return false;
	j = i + len;
	while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '"' ||
	    p[j] == '\'')) {
		sep = sep || p[j] == ' ' || p[j] == '\t';
		j++;
	}
	if (j < n && (p[j] == '=' || p[j] == ':')) {
		sep = true;
		j++;
	}
	if (!sep)
		return false;
	while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '"' ||
	    p[j] == '\''))
		j++;
	for (run = 0; j < n && (leftovers_is_alnum(p[j]) || p[j] == '/' ||
	    p[j] == '+'); j++)
		run++;
	return run >= 20;
}

bool
leftovers_line_has_key(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == 'A' && leftovers_key_id_at(p, n, i))
			return true;
		if ((p[i] == 'a' || p[i] == 'A') && leftovers_secret_at(p, n, i))
			return true;
	}
	return false;
}

bool
leftovers_is_backup_name(const char *name, const char *stem)
{
	size_t n = strlen(stem);
	char *swp;
	bool ok;

	if (strncmp(name, stem, n) == 0)
		return name[n] != '\0' && strchr(".-_~ ", name[n]) != NULL;
	/* Editor files: vim's .credentials.swp, emacs' #credentials#. */
	if (name[0] == '#' && strncmp(name + 1, stem, n) == 0 &&
	    strcmp(name + 1 + n, "#") == 0)
		return true;
	swp = xasprintf(".%s.sw", stem);
	ok = strncmp(name, swp, n + 4) == 0 && name[n + 4] != '\0' &&
	    name[n + 5] == '\0';
	free(swp);
	return ok;
}

bool
leftovers_is_csv_name(const char *name)
{
	size_t n = strlen(name);

	if (n < 4 || strcasecmp(name + n - 4, ".csv") != 0)
		return false;
	return strcasestr(name, "accesskeys") != NULL ||
	    strncmp(name, "credentials", 11) == 0 ||
	    strncmp(name, "new_user_credentials", 20) == 0;
}

/* path is inside dir (both real paths). */
static bool
leftovers_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

static void
leftovers_note(struct leftovers_scan *sc, const char *fmt, ...)
    AV_PRINTF(2, 3);

static void
leftovers_note(struct leftovers_scan *sc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strv_push_owned(&sc->lo->notes, xvasprintf(fmt, ap));
	va_end(ap);
}

/*
 * The file to read for path: path itself when it is a regular file; when
 * it is a symbolic link and follow is set, its target.  Either must lie
 * inside HOME unless the user named the place (explicit).  NULL (with a
 * note when worth saying) for a missing file, a link not followed, a
 * file outside HOME, one too big, or one seen already.
 */
static char *
leftovers_resolve(struct leftovers_scan *sc, const char *path, bool follow,
    bool explicit)
{
	struct stat st;
	char *real = NULL;

	if (lstat(path, &st) != 0 || (S_ISLNK(st.st_mode) && !follow) ||
	    (real = realpath(path, NULL)) == NULL || stat(real, &st) != 0)
		goto skip;
	if (!explicit && !leftovers_inside(real, sc->home_real)) {
		leftovers_note(sc, "%s: outside your home directory (a link?), "
		    "not read", path);
		goto skip;
	}
	if (!S_ISREG(st.st_mode) || strv_contains(&sc->seen, real))
		goto skip;
	if (st.st_size > LEFTOVERS_FILE_MAX) {
		leftovers_note(sc, "%s: larger than %d MiB, not read", path,
		    LEFTOVERS_FILE_MAX / (1024 * 1024));
		goto skip;
	}
	strv_push(&sc->seen, real);
	return real;
skip:
	free(real);
	return NULL;
}

/* Read real into a new secbuf; NULL with a note when it cannot be read. */
static struct secbuf *
leftovers_read(struct leftovers_scan *sc, const char *path, const char *real)
{
	struct secbuf *sb = secbuf_new(LEFTOVERS_FILE_MAX);

	if (fs_read_file(real, LEFTOVERS_FILE_MAX, secbuf_buf(sb)) != 0) {
		leftovers_note(sc, "%s: not read: %s", path, av_error_msg());
		av_error_clear();
		secbuf_free(sb);
		return NULL;
	}
	return sb;
}

/*
 * The lines of text (1-based) that hold a key into *linesp (*np of them;
 * caller frees); the distinct AKIA ids into ids when it is not NULL.
 */
static void
leftovers_match(const char *text, size_t len, unsigned **linesp, size_t *np,
    struct strv *ids)
{
	const char *p = text, *end = text + len, *nl;
	unsigned line = 1;
	size_t n, i;
	char id[21];

	*linesp = NULL;
	*np = 0;
	for (; p < end; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (!leftovers_line_has_key(p, n))
			continue;
		*linesp = xreallocarray(*linesp, *np + 1, sizeof(**linesp));
		(*linesp)[(*np)++] = line;
		for (i = 0; ids != NULL && i < n; i++) {
			if (p[i] != 'A' || !leftovers_key_id_at(p, n, i) ||
			    memcmp(p + i, "AKIA", 4) != 0)
				continue;
			memcpy(id, p + i, 20);
			id[20] = '\0';
			if (!strv_contains(ids, id))
				strv_push(ids, id);
		}
	}
}

/* A new finding appended to the list (zeroed but for kind and paths). */
static struct leftover *
leftovers_add(struct leftovers *lo, enum leftover_kind kind,
    const char *path, const char *real)
{
	struct leftover *l;

	lo->v = xreallocarray(lo->v, lo->n + 1, sizeof(*lo->v));
	l = &lo->v[lo->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->path = xstrdup(path);
	l->real = xstrdup(real);
	strv_init(&l->key_ids);
	return l;
}

static bool
leftovers_line_in(unsigned line, const unsigned *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == line)
			return true;
	return false;
}

/* The shared credentials file: sections with keys, and stray lines. */
static void
leftovers_scan_credentials(struct leftovers_scan *sc, const char *path,
    bool explicit)
{
	const struct credfile_section *s;
	struct credfile *cf = NULL;
	struct secbuf *text = NULL;
	struct leftover *l;
	unsigned *lines = NULL;
	size_t n = 0, i;
	char *real;

	if ((real = leftovers_resolve(sc, path, true, explicit)) == NULL)
		return;
	if ((text = leftovers_read(sc, path, real)) == NULL)
		goto out;
	if (credfile_parse(secbuf_ptr(text), secbuf_len(text), path,
	    &cf) != 0) {
		leftovers_note(sc, "%s: %s; listing every line with a key",
		    path, av_error_msg());
		av_error_clear();
	}
	for (i = 0; cf != NULL && i < cf->nsections; i++) {
		s = &cf->sections[i];
		if (s->secret == NULL)
			continue;
		l = leftovers_add(sc->lo, LEFTOVER_PROFILE, path, real);
		l->profile = xstrdup(s->name);
		l->temporary = s->temporary;
		l->lines = xmalloc(sizeof(*l->lines));
		l->lines[0] = s->line;
		l->nlines = 1;
	}
	leftovers_match(secbuf_ptr(text), secbuf_len(text), &lines, &n, NULL);
	l = NULL;
	for (i = 0; i < n; i++) {
		if (cf != NULL && leftovers_line_in(lines[i], cf->key_lines,
		    cf->nkey_lines))
			continue;
		if (l == NULL)
			l = leftovers_add(sc->lo, LEFTOVER_LINES, path, real);
		l->lines = xreallocarray(l->lines, l->nlines + 1,
		    sizeof(*l->lines));
		l->lines[l->nlines++] = lines[i];
	}
out:
	free(lines);
	credfile_free(cf);
	secbuf_free(text);
	free(real);
}

/* The entries of dir whose names pass match (sorted).  Missing or
 * unreadable directories give none, or what could be read. */
static void
leftovers_list_dir(const char *dir, bool (*match)(const char *, const char *),
    const char *arg, struct strv *names)
{
	struct strv all;
	size_t i;

	strv_init(&all);
	if (fs_list_dir(dir, &all) != 0)
		av_error_clear();
	for (i = 0; i < all.n; i++)
		if (match(all.v[i], arg))
			strv_push(names, all.v[i]);
	strv_release(&all);
}

/* Files named in dir (regular files only, never links) that hold keys. */
static void
leftovers_scan_files(struct leftovers_scan *sc, const char *dir,
    bool explicit, enum leftover_kind kind,
    bool (*match)(const char *, const char *), const char *arg)
{
	struct secbuf *text;
	struct leftover *l;
	struct strv names, ids;
	unsigned *lines;
	size_t i, n;
	char *path, *real;

	strv_init(&names);
	leftovers_list_dir(dir, match, arg, &names);
	for (i = 0; i < names.n; i++) {
		path = fs_join(dir, names.v[i]);
		text = NULL;
		lines = NULL;
		strv_init(&ids);
		if ((real = leftovers_resolve(sc, path, false,
		    explicit)) == NULL ||
		    (text = leftovers_read(sc, path, real)) == NULL)
			goto next;
		leftovers_match(secbuf_ptr(text), secbuf_len(text), &lines,
		    &n, &ids);
		if (n > 0) {
			l = leftovers_add(sc->lo, kind, path, real);
			l->key_ids = ids;
			strv_init(&ids);	/* transferred */
		}
next:
		strv_release(&ids);
		free(lines);
		secbuf_free(text);
		free(real);
		free(path);
	}
	strv_release(&names);
}

static bool
leftovers_csv_match(const char *name, const char *unused AV_UNUSED)
{
	return leftovers_is_csv_name(name);
}

/* dir as a real path if it may be searched: a directory inside HOME, or
 * anywhere when the user named it (explicit).  NULL otherwise. */
static char *
leftovers_dir(struct leftovers_scan *sc, const char *dir, bool explicit)
{
	struct stat st;
	char *real;

	if ((real = realpath(dir, NULL)) == NULL)
		return NULL;
	if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    (!explicit && !leftovers_inside(real, sc->home_real))) {
		free(real);
		return NULL;
	}
	return real;
}

/* Copies of the credentials file next to it and in ~/.aws. */
static void
leftovers_scan_backups(struct leftovers_scan *sc, const char *credpath,
    bool explicit)
{
	char *copy = xstrdup(credpath), *stem, *aws, *real, *dir = NULL;

	stem = xstrdup(basename(copy));
	free(copy);
	copy = xstrdup(credpath);
	if ((dir = leftovers_dir(sc, dirname(copy), explicit)) != NULL)
		leftovers_scan_files(sc, dir, explicit, LEFTOVER_BACKUP,
		    leftovers_is_backup_name, stem);
	aws = fs_join(sc->home_real, ".aws");
	if ((real = leftovers_dir(sc, aws, false)) != NULL &&
	    (!streq(real, dir) || strcmp(stem, "credentials") != 0))
		leftovers_scan_files(sc, real, false, LEFTOVER_BACKUP,
		    leftovers_is_backup_name, "credentials");
	free(real);
	free(aws);
	free(dir);
	free(stem);
	free(copy);
}

/* Console downloads in the usual places. */
static void
leftovers_scan_downloads(struct leftovers_scan *sc, const char *home)
{
	static const char *const subdirs[] = { "", "Downloads", "Desktop",
	    "Documents" };
	const char *xdg = getenv("XDG_DOWNLOAD_DIR");
	struct strv dirs;
	char *dir, *real;
	size_t i;

	strv_init(&dirs);
	for (i = 0; i <= AV_ARRAY_SIZE(subdirs); i++) {
		if (i == AV_ARRAY_SIZE(subdirs)) {
			if (str_empty(xdg))
				break;
			dir = fs_expand_home(xdg);
		} else {
			dir = *subdirs[i] ? fs_join(home, subdirs[i]) :
			    xstrdup(home);
		}
		real = leftovers_dir(sc, dir, i == AV_ARRAY_SIZE(subdirs));
		if (real != NULL && !strv_contains(&dirs, real)) {
			leftovers_scan_files(sc, real,
			    i == AV_ARRAY_SIZE(subdirs), LEFTOVER_CSV,
			    leftovers_csv_match, NULL);
			strv_push(&dirs, real);
		}
		free(real);
		free(dir);
	}
	strv_release(&dirs);
}

/* Shell history files. */
static void
leftovers_scan_history(struct leftovers_scan *sc, const char *home)
{
	static const char *const files[] = { ".bash_history", ".zsh_history",
	    ".histfile", ".history", ".local/share/fish/fish_history" };
	const char *histfile = getenv("HISTFILE");
	struct secbuf *text;
	struct leftover *l;
	unsigned *lines;
	size_t i, n;
	char *path, *real;

	for (i = 0; i <= AV_ARRAY_SIZE(files); i++) {
		if (i == AV_ARRAY_SIZE(files)) {
			if (str_empty(histfile))
				break;
			path = fs_expand_home(histfile);
		} else {
			path = fs_join(home, files[i]);
		}
		text = NULL;
		lines = NULL;
		if ((real = leftovers_resolve(sc, path, true,
		    i == AV_ARRAY_SIZE(files))) == NULL ||
		    (text = leftovers_read(sc, path, real)) == NULL)
			goto next;
		leftovers_match(secbuf_ptr(text), secbuf_len(text), &lines,
		    &n, NULL);
		if (n > 0) {
			l = leftovers_add(sc->lo, LEFTOVER_HISTORY, path, real);
			l->lines = lines;
			l->nlines = n;
			lines = NULL;	/* transferred */
		}
next:
		free(lines);
		secbuf_free(text);
		free(real);
		free(path);
	}
}

void
leftovers_scan(struct leftovers *lo)
{
	struct leftovers_scan sc;
	const char *home = fs_home();
	char *credpath = credfile_path();
	bool explicit;

	memset(&sc, 0, sizeof(sc));
	sc.lo = lo;
	strv_init(&sc.seen);
	if ((sc.home_real = realpath(home, NULL)) == NULL)
		sc.home_real = xstrdup(home);
	explicit = !str_empty(getenv("AWS_SHARED_CREDENTIALS_FILE"));
	leftovers_scan_credentials(&sc, credpath, explicit);
	leftovers_scan_backups(&sc, credpath, explicit);
	leftovers_scan_downloads(&sc, home);
	leftovers_scan_history(&sc, home);
	strv_release(&sc.seen);
	free(sc.home_real);
	free(credpath);
}
