/* SPDX-License-Identifier: MIT */
/*
 * credfile.c: reading the AWS shared credentials file, removing sections
 * from it without touching anything else, and the access key id helpers
 * (see credfile.h).  The console's CSV files are read in credfile-csv.c.
 *
 * Why removal is textual and then checked: the INI reader tells what the
 * file means but not where each section's bytes are, and re-serialising
 * the file would move the user's comments and spacing.  So a small line
 * classifier finds the blocks, and the INI reader, run again over the
 * result, proves that nothing but those sections changed; an unusual
 * layout (a multi-line value holding "[x]") is refused, never mangled.
 *
 * The credentials file is parsed with INI_SECRET: the reader wipes every
 * copy of a value it frees, growth and ini_free() included.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>

#include "config/credfile.h"
#include "config/ini.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

static const char *const credfile_key_names[] = {
	"aws_access_key_id",
	"aws_secret_access_key",
	"aws_session_token",
	"aws_security_token",
};

char *
credfile_path(void)
{
	const char *e = getenv("AWS_SHARED_CREDENTIALS_FILE");

	if (!str_empty(e))
		return fs_expand_home(e);
	return fs_join(fs_home(), ".aws/credentials");
}

static bool
credfile_is_cred_key(const char *name)
{
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(credfile_key_names); i++)
		if (strcmp(name, credfile_key_names[i]) == 0)
			return true;
	return false;
}

static int
credfile_uint_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* Fill s from the INI section sec, and note its credential key lines in
 * cf. */
static void
credfile_section_fill(struct credfile *cf, struct credfile_section *s,
    const struct ini_section *sec)
{
	const struct ini_key *k;
	size_t j;

	s->name = xstrdup(sec->name);
	s->line = sec->line;
	strv_init(&s->settings);
	strv_init(&s->nested);
	for (j = 0; j < sec->nkeys; j++) {
		k = &sec->keys[j];
		if (credfile_is_cred_key(k->name)) {
			cf->key_lines = xreallocarray(cf->key_lines,
			    cf->nkey_lines + 1, sizeof(*cf->key_lines));
			cf->key_lines[cf->nkey_lines++] = k->line;
		}
		if (strcmp(k->name, "aws_access_key_id") == 0) {
			if (k->value[0] != '\0')
				s->access_key_id = xstrdup(k->value);
		} else if (strcmp(k->name, "aws_secret_access_key") == 0) {
			if (k->value[0] != '\0')
				s->secret = secbuf_from_str(k->value);
		} else if (credfile_is_cred_key(k->name)) {
			s->temporary = s->temporary || k->value[0] != '\0';
		} else if (k->nnested > 0) {
			strv_push(&s->nested, k->name);
		} else {
			strv_push(&s->settings, k->name);
			strv_push(&s->settings, k->value);
		}
	}
}

int
credfile_parse(const char *data, size_t len, const char *path,
    struct credfile **cfp)
{
	struct credfile *cf;
	struct ini *ini = NULL;
	size_t i, nsec;
	int r = AV_ERR_INTERNAL;

	*cfp = NULL;
	cf = xcalloc(1, sizeof(*cf));
	cf->path = xstrdup(path != NULL ? path : "-");
	cf->text = secbuf_from(data, len);
	if ((r = ini_parse_flags(data, len, cf->path, INI_SECRET, &ini)) != 0)
		goto out;
	nsec = ini_section_count(ini);
	cf->sections = xcalloc(nsec, sizeof(*cf->sections));
	/* Section 0 is go-ini's implicit DEFAULT: no profile reads it. */
	for (i = 1; i < nsec; i++)
		credfile_section_fill(cf, &cf->sections[cf->nsections++],
		    ini_section_at(ini, i));
	if (cf->nkey_lines > 1)
		qsort(cf->key_lines, cf->nkey_lines, sizeof(*cf->key_lines),
		    credfile_uint_cmp);
	*cfp = cf;
	cf = NULL;	/* transferred */
	r = 0;
out:
	ini_free(ini);
	credfile_free(cf);
	return r;
}

int
credfile_load(const char *path, struct credfile **cfp)
{
	struct secbuf *sb = secbuf_new(CREDFILE_SIZE_MAX);
	int r;

	*cfp = NULL;
	if ((r = fs_read_file_follow(path, CREDFILE_SIZE_MAX,
	    secbuf_buf(sb))) == 0)
		r = credfile_parse(secbuf_ptr(sb), secbuf_len(sb), path, cfp);
	secbuf_free(sb);
	return r;
}

void
credfile_free(struct credfile *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nsections; i++) {
		free(cf->sections[i].name);
		free(cf->sections[i].access_key_id);
		secbuf_free(cf->sections[i].secret);
		strv_release(&cf->sections[i].settings);
		strv_release(&cf->sections[i].nested);
	}
	free(cf->sections);
	free(cf->key_lines);
	secbuf_free(cf->text);
	free(cf->path);
	free(cf);
}

const struct credfile_section *
credfile_find(const struct credfile *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nsections; i++)
		if (strcmp(cf->sections[i].name, name) == 0)
			return &cf->sections[i];
	return NULL;
}

/* What a line of the credentials file is, for finding section blocks. */
enum credfile_line_kind {
	CREDFILE_LINE_BLANK,
	CREDFILE_LINE_COMMENT,
	CREDFILE_LINE_HEADER,
	CREDFILE_LINE_CONTENT,
};

struct credfile_line {
	size_t			 off;	/* first byte (after a BOM) */
	size_t			 end;	/* one past its '\n', or EOF */
	enum credfile_line_kind	 kind;
	struct str		 name;	/* HEADER: between the brackets */
};

static bool
credfile_is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Classify the line [p, p + n) as the INI reader would see it. */
static void
credfile_line_classify(struct credfile_line *l, const char *p, size_t n)
{
	const char *close;
	size_t i = 0;

	while (i < n && credfile_is_space(p[i]))
		i++;
	if (i == n) {
		l->kind = CREDFILE_LINE_BLANK;
	} else if (p[i] == '#' || p[i] == ';') {
		l->kind = CREDFILE_LINE_COMMENT;
	} else if (p[i] == '[' &&
	    (close = memrchr(p + i, ']', n - i)) != NULL && close > p + i + 1) {
		l->kind = CREDFILE_LINE_HEADER;
		l->name = str_make(p + i + 1, (size_t)(close - p - i - 1));
	} else {
		l->kind = CREDFILE_LINE_CONTENT;
	}
}

/* Split data into classified lines; *np gets the count.  Caller frees. */
static struct credfile_line *
credfile_lines(const char *data, size_t len, size_t *np)
{
	struct credfile_line *lines = NULL;
	size_t n = 0, cap = 0, off = 0;
	const char *nl;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	while (off < len) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			lines = xreallocarray(lines, cap, sizeof(*lines));
		}
		memset(&lines[n], 0, sizeof(lines[n]));
		lines[n].off = off;
		nl = memchr(data + off, '\n', len - off);
		lines[n].end = nl != NULL ? (size_t)(nl - data) + 1 : len;
		credfile_line_classify(&lines[n], data + off,
		    lines[n].end - off);
		off = lines[n].end;
		n++;
	}
	*np = n;
	return lines;
}

/* Two parsed sections hold the same keys, values and nested lines. */
static bool
credfile_section_equal(const struct ini_section *a,
    const struct ini_section *b)
{
	const struct ini_key *ka, *kb;
	size_t j, k;

	if (strcmp(a->name, b->name) != 0 || a->nkeys != b->nkeys)
		return false;
	for (j = 0; j < a->nkeys; j++) {
		ka = &a->keys[j];
		kb = &b->keys[j];
		if (strcmp(ka->name, kb->name) != 0 ||
		    strcmp(ka->value, kb->value) != 0 ||
		    ka->nnested != kb->nnested)
			return false;
		for (k = 0; k < ka->nnested; k++)
			if (strcmp(ka->nested[k].text, kb->nested[k].text) != 0)
				return false;
	}
	return true;
}

/* after is before without the sections in names, and nothing else. */
static bool
credfile_ini_equal_except(const struct ini *before, const struct ini *after,
    const struct strv *names)
{
	const struct ini_section *sa;
	size_t i, j = 0;

	for (i = 0; i < ini_section_count(before); i++) {
		sa = ini_section_at(before, i);
		if (i > 0 && strv_contains(names, sa->name))
			continue;
		if (j >= ini_section_count(after) ||
		    !credfile_section_equal(sa, ini_section_at(after, j)))
			return false;
		j++;
	}
	return j == ini_section_count(after);
}

int
credfile_remove(const char *data, size_t len, const char *path,
    const struct strv *names, struct secbuf **outp)
{
	struct credfile_line *lines = NULL;
	struct ini *before = NULL, *after = NULL;
	struct secbuf *out = NULL;
	bool *drop = NULL;
	size_t n, i, j, last, start, end, k;
	int r = AV_ERR_INTERNAL;

	*outp = NULL;
	if (path == NULL)
		path = "-";
	if ((r = ini_parse_flags(data, len, path, INI_SECRET, &before)) != 0)
		goto out;
	for (k = 0; k < names->n; k++) {
		if (ini_section_find(before, names->v[k]) == NULL ||
		    ini_section_at(before, 0) ==
		    ini_section_find(before, names->v[k])) {
			r = av_error_set(AV_ERR_NOT_FOUND, "no section [%s] in "
			    "%s", names->v[k], path);
			goto out;
		}
	}
	lines = credfile_lines(data, len, &n);
	drop = xcalloc(n + 1, sizeof(*drop));
	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (lines[i].kind != CREDFILE_LINE_HEADER)
			continue;
		for (last = i; j < n && lines[j].kind !=
		    CREDFILE_LINE_HEADER; j++)
			if (lines[j].kind == CREDFILE_LINE_CONTENT)
				last = j;
		for (k = 0; k < names->n; k++)
			if (str_eq(lines[i].name, names->v[k]))
				break;
		if (k == names->n)
			continue;
		start = i;
		for (end = last + 1; end < n &&
		    lines[end].kind == CREDFILE_LINE_BLANK; end++)
			;
		/* At the end of the file, take the separating blank lines
		 * before the header instead. */
		if (end == n)
			while (start > 0 && !drop[start - 1] &&
			    lines[start - 1].kind == CREDFILE_LINE_BLANK)
				start--;
		for (k = start; k < end; k++)
			drop[k] = true;
	}
	out = secbuf_new(len > 0 ? len : 1);
	if (n > 0 || len > 0)
		(void)secbuf_put(out, data, n > 0 ? lines[0].off : len);
	for (i = 0; i < n; i++)
		if (!drop[i])
			(void)secbuf_put(out, data + lines[i].off,
			    lines[i].end - lines[i].off);
	if (ini_parse_flags(secbuf_ptr(out), secbuf_len(out), path, INI_SECRET,
	    &after) != 0 ||
	    !credfile_ini_equal_except(before, after, names)) {
		struct buf list;

		buf_init(&list, SIZE_MAX);
		for (k = 0; k < names->n; k++)
			(void)buf_printf(&list, "%s[%s]", k > 0 ? ", " : "",
			    names->v[k]);
		r = av_error_set(AV_ERR_INVALID, "cannot remove %s from %s "
		    "without changing the rest: edit it by hand",
		    buf_cstr(&list), path);
		buf_release(&list);
		goto out;
	}
	*outp = out;
	out = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(out);
	ini_free(before);
	ini_free(after);
	free(lines);
	free(drop);
	return r;
}

int
credfile_save_without(const struct credfile *cf, const struct strv *names)
{
	struct secbuf *now = NULL, *out = NULL;
	struct stat st;
	char *target = NULL;
	int r = AV_ERR_INTERNAL;

	/* Write through a symbolic link, as edit.c does for the config. */
	if ((target = realpath(cf->path, NULL)) == NULL) {
		r = av_error_errno(errno == ENOENT ? AV_ERR_NOT_FOUND :
		    AV_ERR_SYSTEM, "resolve %s", cf->path);
		goto out;
	}
	if (stat(target, &st) != 0) {
		r = av_error_errno(AV_ERR_SYSTEM, "stat %s", target);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = av_error_set(AV_ERR_INVALID, "%s is not a regular file",
		    target);
		goto out;
	}
	now = secbuf_new(CREDFILE_SIZE_MAX);
	if ((r = fs_read_file(target, CREDFILE_SIZE_MAX,
	    secbuf_buf(now))) != 0)
		goto out;
	if (!secbuf_eq(now, cf->text)) {
		r = av_error_set(AV_ERR_INVALID, "%s changed while importing: "
		    "nothing was removed from it", cf->path);
		goto out;
	}
	if ((r = credfile_remove(secbuf_ptr(now), secbuf_len(now), cf->path,
	    names, &out)) != 0 ||
	    (r = fs_write_atomic(target, secbuf_ptr(out), secbuf_len(out),
	    st.st_mode & 07777)) != 0)
		goto out;
	r = 0;
out:
	secbuf_free(now);
	secbuf_free(out);
	free(target);
	return r;
}

bool
credfile_is_key_id(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= '0' && s[n] <= '9')))
			return false;
	return n >= 16 && n <= 128;
}

const char *
credfile_mask_key_id(const char *id, char out[CREDFILE_MASK_LEN])
{
	size_t n = strlen(id);

	memset(out, '*', 16);
	out[16] = '\0';
	if (n >= 4) {
		memcpy(out + 16, id + n - 4, 4);
		out[20] = '\0';
	}
	return out;
}
