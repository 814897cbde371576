/* SPDX-License-Identifier: MIT */
/*
 * credfile.c: reading the AWS shared credentials file and the console's
 * access-key CSV files, and removing sections from the credentials file
 * without touching anything else (see credfile.h).
 *
 * Why removal is textual and then checked: the INI reader tells what the
 * file means but not where each section's bytes are, and re-serialising
 * the file would move the user's comments and spacing.  So a small line
 * classifier finds the blocks, and the INI reader, run again over the
 * result, proves that nothing but those sections changed; an unusual
 * layout (a multi-line value holding "[x]") is refused, never mangled.
 *
 * The struct ini of a credentials file holds secret values in ordinary
 * memory; credfile_ini_wipe() clears them before ini_free().
 */
#include "util/common.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>

#include "config/credfile.h"
#include "config/ini.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Fields per CSV record we accept (the console writes 2 to 5). */
#define CREDFILE_CSV_FIELDS_MAX	64

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

/* Clear every value and nested line of ini (they may be secrets). */
static void
credfile_ini_wipe(struct ini *ini)
{
	const struct ini_section *sec;
	size_t i, j, k;

	for (i = 0; ini != NULL && i < ini_section_count(ini); i++) {
		sec = ini_section_at(ini, i);
		for (j = 0; j < sec->nkeys; j++) {
			explicit_bzero(sec->keys[j].value,
			    strlen(sec->keys[j].value));
			for (k = 0; k < sec->keys[j].nnested; k++)
				explicit_bzero(sec->keys[j].nested[k].text,
				    strlen(sec->keys[j].nested[k].text));
		}
	}
}

static void
credfile_ini_free(struct ini *ini)
{
	credfile_ini_wipe(ini);
	ini_free(ini);
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

/* Fill s from the INI section sec. */
static void
credfile_section_fill(struct credfile_section *s,
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
		if (strcmp(k->name, "aws_access_key_id") == 0) {
			if (k->value[0] != '\0')
				s->access_key_id = xstrdup(k->value);
		} else if (strcmp(k->name, "aws_secret_access_key") == 0) {
			if (k->value[0] != '\0')
				s->secret = secbuf_from_str(k->value);
			s->secret_line = k->line;
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
	const struct ini_section *sec;
	const struct ini_key *k;
	struct credfile *cf;
	struct ini *ini = NULL;
	size_t i, j, nsec;
	int r = AV_ERR_INTERNAL;

	*cfp = NULL;
	cf = xcalloc(1, sizeof(*cf));
	cf->path = xstrdup(path != NULL ? path : "-");
	cf->text = secbuf_from(data, len);
	if ((r = ini_parse(data, len, cf->path, &ini)) != 0)
		goto out;
	nsec = ini_section_count(ini);
	cf->sections = xcalloc(nsec, sizeof(*cf->sections));
	/* Section 0 is go-ini's implicit DEFAULT: no profile reads it. */
	for (i = 1; i < nsec; i++) {
		sec = ini_section_at(ini, i);
		credfile_section_fill(&cf->sections[cf->nsections++], sec);
		for (j = 0; j < AV_ARRAY_SIZE(credfile_key_names); j++) {
			if ((k = ini_key_find(sec, credfile_key_names[j])) ==
			    NULL)
				continue;
			cf->key_lines = xreallocarray(cf->key_lines,
			    cf->nkey_lines + 1, sizeof(*cf->key_lines));
			cf->key_lines[cf->nkey_lines++] = k->line;
		}
	}
	if (cf->nkey_lines > 1)
		qsort(cf->key_lines, cf->nkey_lines, sizeof(*cf->key_lines),
		    credfile_uint_cmp);
	*cfp = cf;
	cf = NULL;	/* transferred */
	r = 0;
out:
	credfile_ini_free(ini);
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
	if ((r = ini_parse(data, len, path, &before)) != 0)
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
	if (ini_parse(secbuf_ptr(out), secbuf_len(out), path, &after) != 0 ||
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
	credfile_ini_free(before);
	credfile_ini_free(after);
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

/* CSV reading state. */
struct credfile_csv_reader {
	const char	*p;
	const char	*end;
	const char	*path;
	unsigned	 line;		/* of p */
};

/* One record: its fields, in secbufs. */
struct credfile_csv_record {
	struct secbuf	*f[CREDFILE_CSV_FIELDS_MAX];
	size_t		 n;
	unsigned	 line;
};

static void
credfile_csv_record_release(struct credfile_csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		secbuf_free(rec->f[i]);
	rec->n = 0;
}

/* Read one field into a new secbuf; stops before ',', a line end or EOF. */
static int
credfile_csv_field(struct credfile_csv_reader *rd, struct secbuf **fp)
{
	struct secbuf *f = secbuf_new(CREDFILE_SIZE_MAX);
	unsigned start = rd->line;
	const char *q;
	int r;

	*fp = NULL;
	if (rd->p < rd->end && *rd->p == '"') {
		for (q = rd->p + 1;; q++) {
			if (q >= rd->end) {
				r = av_error_set(AV_ERR_INVALID, "%s:%u: a "
				    "quoted field is not closed", rd->path,
				    start);
				goto out;
			}
			if (*q == '\n')
				rd->line++;
			if (*q != '"') {
				(void)secbuf_put(f, q, 1);
				continue;
			}
			if (q + 1 < rd->end && q[1] == '"') {
				(void)secbuf_put(f, q++, 1);
				continue;
			}
			break;
		}
		rd->p = q + 1;
		if (rd->p < rd->end && *rd->p == '\r' && rd->p + 1 < rd->end &&
		    rd->p[1] == '\n')
			rd->p++;
		if (rd->p < rd->end && *rd->p != ',' && *rd->p != '\n') {
			r = av_error_set(AV_ERR_INVALID, "%s:%u: text after "
			    "the closing quote of a field", rd->path, rd->line);
			goto out;
		}
	} else {
		for (q = rd->p; q < rd->end && *q != ',' && *q != '\n'; q++)
			if (*q == '"') {
				r = av_error_set(AV_ERR_INVALID, "%s:%u: a quote "
				    "inside a field that does not start with "
				    "one", rd->path, rd->line);
				goto out;
			}
		(void)secbuf_put(f, rd->p, (size_t)(q - rd->p));
		/* CRLF: the CR belongs to the line end. */
		if (q < rd->end && *q == '\n' && secbuf_len(f) > 0 &&
		    secbuf_ptr(f)[secbuf_len(f) - 1] == '\r')
			secbuf_buf(f)->p[--secbuf_buf(f)->len] = '\0';
		rd->p = q;
	}
	*fp = f;
	f = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(f);
	return r;
}

/* Read the next record; rec->n == 0 at the end of the input.  Blank lines
 * are skipped. */
static int
credfile_csv_record(struct credfile_csv_reader *rd,
    struct credfile_csv_record *rec)
{
	struct secbuf *f;
	int r;

	rec->n = 0;
	for (;;) {
		if (rd->p >= rd->end)
			return 0;
		if (*rd->p == '\n' || (*rd->p == '\r' && rd->p + 1 < rd->end &&
		    rd->p[1] == '\n')) {
			rd->p += *rd->p == '\r' ? 2 : 1;
			rd->line++;
			continue;
		}
		break;
	}
	rec->line = rd->line;
	for (;;) {
		if (rec->n == CREDFILE_CSV_FIELDS_MAX)
			return av_error_set(AV_ERR_INVALID, "%s:%u: more than "
			    "%d fields", rd->path, rec->line,
			    CREDFILE_CSV_FIELDS_MAX);
		if ((r = credfile_csv_field(rd, &f)) != 0)
			return r;
		rec->f[rec->n++] = f;
		if (rd->p >= rd->end)
			return 0;
		if (*rd->p++ == '\n') {
			rd->line++;
			return 0;
		}
	}
}

/* A header cell reduced to lower-case letters and digits. */
static char *
credfile_csv_header_name(const struct secbuf *cell)
{
	const char *s = secbuf_ptr(cell);
	char *out = xmalloc(strlen(s) + 1), *w = out;

	for (; *s != '\0'; s++) {
		if (*s >= 'A' && *s <= 'Z')
			*w++ = (char)(*s - 'A' + 'a');
		else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			*w++ = *s;
	}
	*w = '\0';
	return out;
}

/* The column named name in the header, or -1. */
static int
credfile_csv_column(const struct credfile_csv_record *hdr, const char *name)
{
	char *h;
	size_t i;
	bool eq;

	for (i = 0; i < hdr->n; i++) {
		h = credfile_csv_header_name(hdr->f[i]);
		eq = strcmp(h, name) == 0;
		free(h);
		if (eq)
			return (int)i;
	}
	return -1;
}

/* A trimmed copy of a field, in a new secbuf. */
static struct secbuf *
credfile_csv_trimmed(const struct secbuf *f)
{
	struct str s = str_trim(str_make(secbuf_ptr(f), secbuf_len(f)));

	return secbuf_from(s.p, s.len);
}

/* Check and keep one key record. */
static int
credfile_csv_add_key(struct credfile_csv *csv, const char *path,
    const struct credfile_csv_record *rec, int cid, int csecret, int cuser)
{
	struct credfile_csv_key *k;
	struct secbuf *id, *secret;
	const char *p;
	int r = AV_ERR_INTERNAL;

	id = credfile_csv_trimmed(rec->f[cid]);
	secret = credfile_csv_trimmed(rec->f[csecret]);
	if (secbuf_len(id) == 0) {
		r = av_error_set(AV_ERR_INVALID, "%s:%u: the access key ID is "
		    "empty", path, rec->line);
		goto out;
	}
	if (!credfile_is_key_id(secbuf_ptr(id))) {
		r = av_error_set(AV_ERR_INVALID, "%s:%u: the access key ID is "
		    "not 16 to 128 upper-case letters and digits", path,
		    rec->line);
		goto out;
	}
	if (secbuf_len(secret) == 0) {
		r = av_error_set(AV_ERR_INVALID, "%s:%u: the secret access key "
		    "is empty", path, rec->line);
		goto out;
	}
	for (p = secbuf_ptr(secret); *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f) {
			r = av_error_set(AV_ERR_INVALID, "%s:%u: the secret "
			    "access key holds a space, a control or a "
			    "non-ASCII character", path, rec->line);
			goto out;
		}
	csv->keys = xreallocarray(csv->keys, csv->nkeys + 1,
	    sizeof(*csv->keys));
	k = &csv->keys[csv->nkeys++];
	memset(k, 0, sizeof(*k));
	k->access_key_id = xstrdup(secbuf_ptr(id));
	k->secret = secret;
	secret = NULL;	/* transferred */
	k->line = rec->line;
	if (cuser >= 0) {
		struct secbuf *u = credfile_csv_trimmed(rec->f[cuser]);

		k->user = xstrdup(secbuf_ptr(u));
		secbuf_free(u);
	}
	r = 0;
out:
	secbuf_free(id);
	secbuf_free(secret);
	return r;
}

int
credfile_csv_parse(const char *data, size_t len, const char *path,
    struct credfile_csv **csvp)
{
	struct credfile_csv_record hdr = { 0 }, rec = { 0 };
	struct credfile_csv_reader rd;
	struct credfile_csv *csv;
	const char *nul;
	int cid, csecret, cuser, r = AV_ERR_INTERNAL;

	*csvp = NULL;
	csv = xcalloc(1, sizeof(*csv));
	if (path == NULL)
		path = "-";
	memset(&rd, 0, sizeof(rd));
	rd.p = data;
	rd.end = data + len;
	rd.path = path;
	rd.line = 1;
	if (len > CREDFILE_SIZE_MAX) {
		r = av_error_set(AV_ERR_INVALID, "%s: larger than %d bytes",
		    path, CREDFILE_SIZE_MAX);
		goto out;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		rd.p += 3;
	if ((nul = memchr(data, '\0', len)) != NULL) {
		const char *q;

		for (q = data; q < nul; q++)
			rd.line += *q == '\n';
		r = av_error_set(AV_ERR_INVALID, "%s:%u: a NUL byte (is the "
		    "file UTF-16? save it as UTF-8)", path, rd.line);
		goto out;
	}
	if ((r = credfile_csv_record(&rd, &hdr)) != 0)
		goto out;
	if (hdr.n == 0) {
		r = av_error_set(AV_ERR_INVALID, "%s: the file is empty", path);
		goto out;
	}
	cid = credfile_csv_column(&hdr, "accesskeyid");
	csecret = credfile_csv_column(&hdr, "secretaccesskey");
	cuser = credfile_csv_column(&hdr, "username");
	if (cid < 0 || csecret < 0) {
		r = av_error_set(AV_ERR_INVALID, "%s:%u: the header has no "
		    "\"%s\" column", path, hdr.line, cid < 0 ?
		    "Access key ID" : "Secret access key");
		goto out;
	}
	for (;;) {
		credfile_csv_record_release(&rec);
		if ((r = credfile_csv_record(&rd, &rec)) != 0)
			goto out;
		if (rec.n == 0)
			break;
		if (rec.n != hdr.n) {
			r = av_error_set(AV_ERR_INVALID, "%s:%u: %zu field%s, "
			    "but the header has %zu", path, rec.line, rec.n,
			    rec.n == 1 ? "" : "s", hdr.n);
			goto out;
		}
		if ((r = credfile_csv_add_key(csv, path, &rec, cid, csecret,
		    cuser)) != 0)
			goto out;
	}
	if (csv->nkeys == 0) {
		r = av_error_set(AV_ERR_INVALID, "%s: no access key after the "
		    "header", path);
		goto out;
	}
	*csvp = csv;
	csv = NULL;	/* transferred */
	r = 0;
out:
	credfile_csv_record_release(&hdr);
	credfile_csv_record_release(&rec);
	credfile_csv_free(csv);
	return r;
}

int
credfile_csv_load(const char *path, struct credfile_csv **csvp)
{
	struct secbuf *sb = secbuf_new(CREDFILE_SIZE_MAX);
	int r;

	*csvp = NULL;
	if ((r = fs_read_file(path, CREDFILE_SIZE_MAX, secbuf_buf(sb))) == 0)
		r = credfile_csv_parse(secbuf_ptr(sb), secbuf_len(sb), path,
		    csvp);
	secbuf_free(sb);
	return r;
}

void
credfile_csv_free(struct credfile_csv *csv)
{
	size_t i;

	if (csv == NULL)
		return;
	for (i = 0; i < csv->nkeys; i++) {
		free(csv->keys[i].access_key_id);
		secbuf_free(csv->keys[i].secret);
		free(csv->keys[i].user);
	}
	free(csv->keys);
	free(csv);
}
