/* SPDX-License-Identifier: MIT */
/*
 * leftovers-act.c: what is done with the findings of the scan in
 * leftovers.c (see leftovers.h): comparing their key ids with the
 * keystore, deleting copies and downloads, scrubbing history lines, and
 * the report.  The report shows paths, line numbers and masked key ids
 * only, with control bytes escaped.
 */
#include "util/common.h"

#include <sys/stat.h>

#include <unistd.h>

#include "aws/creds.h"
#include "config/credfile.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/leftovers.h"
#include "vault/master.h"

/* Line numbers shown per finding before "...". */
#define LEFTOVERS_LINES_SHOWN	10

int
leftovers_stored_keys(struct keyring *kr, struct strv *names,
    struct strv *ids)
{
	struct aws_creds *creds;
	struct strv keys;
	size_t i;
	int r;

	strv_init(&keys);
	if ((r = keyring_keys(kr, &keys)) != 0)
		goto out;
	for (i = 0; i < keys.n; i++) {
		if (!keys_is_credentials(keys.v[i]))
			continue;
		if ((r = master_get(kr, keys.v[i], &creds)) != 0)
			goto out;
		strv_push(names, keys.v[i]);
		strv_push(ids, creds->access_key_id != NULL ?
		    creds->access_key_id : "");
		aws_creds_free(creds);
	}
	r = 0;
out:
	strv_release(&keys);
	return r;
}

void
leftovers_check_stored(struct leftovers *lo, const struct strv *names,
    const struct strv *ids)
{
	struct leftover *l;
	size_t i, k, j;

	for (i = 0; i < lo->n; i++) {
		l = &lo->v[i];
		if ((l->kind != LEFTOVER_BACKUP && l->kind != LEFTOVER_CSV) ||
		    l->key_ids.n == 0)
			continue;
		l->stored = LEFTOVER_STORED_ALL;
		for (k = 0; k < l->key_ids.n; k++) {
			for (j = 0; j < ids->n; j++)
				if (strcmp(ids->v[j], l->key_ids.v[k]) == 0)
					break;
			if (j == ids->n) {
				l->stored = LEFTOVER_STORED_MISSING;
				break;
			}
			if (k == 0) {
				free(l->stored_as);
				l->stored_as = xstrdup(names->v[j]);
			}
		}
	}
}

bool
leftovers_deletable(const struct leftover *l)
{
	return (l->kind == LEFTOVER_BACKUP || l->kind == LEFTOVER_CSV) &&
	    (l->key_ids.n == 0 || l->stored == LEFTOVER_STORED_ALL);
}

int
leftovers_delete(const struct leftover *l)
{
	struct stat st;

	if (l->kind != LEFTOVER_BACKUP && l->kind != LEFTOVER_CSV)
		return av_error_set(AV_ERR_INVALID, "%s: only copies and "
		    "downloads are deleted", l->path);
	if (lstat(l->path, &st) != 0)
		return av_error_errno(AV_ERR_SYSTEM, "%s", l->path);
	if (!S_ISREG(st.st_mode))
		return av_error_set(AV_ERR_INVALID, "%s is not a regular file "
		    "any more", l->path);
	if (unlink(l->path) != 0)
		return av_error_errno(AV_ERR_SYSTEM, "delete %s", l->path);
	return 0;
}

int
leftovers_scrub(const struct leftover *l)
{
	struct secbuf *text = NULL, *out = NULL;
	const char *p, *end, *nl;
	struct stat st;
	unsigned line;
	size_t k = 0;
	int r = AV_ERR_INTERNAL;

	if (l->kind != LEFTOVER_HISTORY)
		return av_error_set(AV_ERR_INVALID, "%s: only history lines "
		    "are scrubbed", l->path);
	if (stat(l->real, &st) != 0)
		return av_error_errno(AV_ERR_SYSTEM, "%s", l->path);
	text = secbuf_new(LEFTOVERS_FILE_MAX);
	if ((r = fs_read_file(l->real, LEFTOVERS_FILE_MAX,
	    secbuf_buf(text))) != 0)
		goto out;
	out = secbuf_new(secbuf_len(text) + 1);
	p = secbuf_ptr(text);
	end = p + secbuf_len(text);
	for (line = 1; p < end; p = nl, line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		else
			nl++;
		if (k < l->nlines && l->lines[k] == line) {
			if (!leftovers_line_has_key(p, (size_t)(nl - p))) {
				r = av_error_set(AV_ERR_INVALID, "%s changed "
				    "since it was scanned: nothing removed",
				    l->path);
				goto out;
			}
			k++;
			continue;
		}
		(void)secbuf_put(out, p, (size_t)(nl - p));
	}
	if (k != l->nlines) {
		r = av_error_set(AV_ERR_INVALID, "%s changed since it was "
		    "scanned: nothing removed", l->path);
		goto out;
	}
	r = fs_write_atomic(l->real, secbuf_ptr(out), secbuf_len(out),
	    st.st_mode & 07777);
out:
	secbuf_free(text);
	secbuf_free(out);
	return r;
}

/* Append s, with control bytes shown as \xNN so a file name cannot
 * drive the terminal. */
static void
leftovers_put_safe(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			(void)buf_printf(out, "\\x%02x", (unsigned char)*s);
		else
			(void)buf_putc(out, *s);
	}
}

/* Append s quoted for a POSIX shell when it needs it. */
static void
leftovers_put_shell(struct buf *out, const char *s)
{
	const char *p;

	if (*s != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_./@%+=:,-") == strlen(s)) {
		leftovers_put_safe(out, s);
		return;
	}
	(void)buf_putc(out, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'') {
			(void)buf_puts(out, "'\\''");
		} else {
			char one[2] = { *p, '\0' };

			leftovers_put_safe(out, one);
		}
	}
	(void)buf_putc(out, '\'');
}

/* "lines 3, 7, 9" (shortened after LEFTOVERS_LINES_SHOWN). */
static void
leftovers_put_lines(struct buf *out, const struct leftover *l)
{
	size_t i;

	(void)buf_puts(out, l->nlines == 1 ? "line " : "lines ");
	for (i = 0; i < l->nlines && i < LEFTOVERS_LINES_SHOWN; i++)
		(void)buf_printf(out, "%s%u", i > 0 ? ", " : "", l->lines[i]);
	if (l->nlines > LEFTOVERS_LINES_SHOWN)
		(void)buf_printf(out, ", ... (%zu in all)", l->nlines);
}

/* The key ids of a file finding, masked. */
static void
leftovers_put_ids(struct buf *out, const struct leftover *l)
{
	char mask[CREDFILE_MASK_LEN];
	size_t i;

	if (l->key_ids.n == 0) {
		(void)buf_puts(out, "AWS keys");
		return;
	}
	(void)buf_puts(out, l->key_ids.n == 1 ? "access key " :
	    "access keys ");
	for (i = 0; i < l->key_ids.n; i++)
		(void)buf_printf(out, "%s%s", i > 0 ? ", " : "",
		    credfile_mask_key_id(l->key_ids.v[i], mask));
}

static void
leftovers_format_one(const struct leftover *l, struct buf *out)
{
	leftovers_put_safe(out, l->path);
	switch (l->kind) {
	case LEFTOVER_PROFILE:
		(void)buf_printf(out, ":%u: [", l->lines[0]);
		leftovers_put_safe(out, l->profile);
		if (l->temporary) {
			(void)buf_puts(out, "] holds temporary credentials: "
			    "they expire; delete the section when you no "
			    "longer need it\n");
			break;
		}
		(void)buf_puts(out, "] holds a long-term key: run `aws-vault "
		    "import ");
		leftovers_put_shell(out, l->profile);
		(void)buf_puts(out, "`\n");
		break;
	case LEFTOVER_LINES:
		(void)buf_puts(out, ": ");
		leftovers_put_lines(out, l);
		(void)buf_puts(out, l->nlines == 1 ? " holds a key outside a "
		    "profile (a comment?): delete it\n" : " hold keys outside "
		    "a profile (comments?): delete those lines\n");
		break;
	case LEFTOVER_HISTORY:
		(void)buf_puts(out, ": ");
		leftovers_put_lines(out, l);
		(void)buf_puts(out, l->nlines == 1 ? " holds an AWS key: "
		    "delete it" : " hold AWS keys: delete those lines");
		(void)buf_puts(out, " (`aws-vault doctor --scrub-history`)\n");
		break;
	case LEFTOVER_BACKUP:
		(void)buf_puts(out, ": a copy of ");
		leftovers_put_ids(out, l);
		if (l->key_ids.n == 0 || l->stored == LEFTOVER_STORED_ALL) {
			(void)buf_puts(out, l->key_ids.n == 0 ? ": delete it\n" :
			    ", in the keystore: delete it\n");
		} else if (l->stored == LEFTOVER_STORED_MISSING) {
			(void)buf_puts(out, ", not all in the keystore: import "
			    "them with `AWS_SHARED_CREDENTIALS_FILE=");
			leftovers_put_shell(out, l->path);
			(void)buf_puts(out, " aws-vault import`, or delete it "
			    "if they are no longer used\n");
		} else {
			(void)buf_puts(out, ": delete it after importing what "
			    "you still use\n");
		}
		break;
	case LEFTOVER_CSV:
		(void)buf_puts(out, ": ");
		leftovers_put_ids(out, l);
		if (l->stored == LEFTOVER_STORED_ALL) {
			(void)buf_puts(out, ", in the keystore as profile \"");
			leftovers_put_safe(out, l->stored_as);
			(void)buf_puts(out, "\": delete it\n");
		} else if (l->key_ids.n == 0) {
			(void)buf_puts(out, ": delete it\n");
		} else {
			(void)buf_puts(out, l->stored ==
			    LEFTOVER_STORED_MISSING ? ", not in the keystore: "
			    "import it with `" : ": delete it after importing "
			    "it with `");
			(void)buf_puts(out, "aws-vault import --csv ");
			leftovers_put_shell(out, l->path);
			(void)buf_puts(out, " --profile NAME`\n");
		}
		break;
	}
}

void
leftovers_format(const struct leftovers *lo, struct buf *out)
{
	size_t i;

	for (i = 0; i < lo->n; i++)
		leftovers_format_one(&lo->v[i], out);
}
