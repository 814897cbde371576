/* SPDX-License-Identifier: MIT */
/*
 * credfile-csv.c: the console's access-key CSV files (accessKeys.csv and
 * the older credentials.csv layouts), for `import` (see credfile.h).
 * RFC 4180 by hand: every field is read into a secbuf, since a record
 * holds a secret access key.
 */
#include "util/common.h"

#include "config/credfile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

/* Fields per CSV record we accept (the console writes 2 to 5). */
#define CREDFILE_CSV_FIELDS_MAX	64

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
