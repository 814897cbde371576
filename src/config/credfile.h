/* SPDX-License-Identifier: MIT */
/*
 * credfile.h: the plaintext files people move off when they adopt
 * aws-vault: the AWS shared credentials file (~/.aws/credentials) and the
 * console's access-key downloads (accessKeys.csv), for `import` and
 * `doctor`.
 *
 * The credentials file is read with the INI reader (ini.h), so it means
 * what it means to aws-vault; its sections are named `[name]`, not
 * `[profile name]`.  Sections are removed textually (credfile_remove):
 * every byte outside the removed sections stays as it was, and the result
 * is parsed again and compared with the original before anything is
 * written.
 *
 * Secrets (the file text, secret access keys) live in secbufs.  Messages
 * name files, lines and sections, never values.  Layering: config, on
 * ini.h and util/; never prints.
 */
#ifndef AV_CREDFILE_H
#define AV_CREDFILE_H

#include "util/common.h"

#include "util/str.h"

struct secbuf;

/* Larger credentials and CSV files are refused (a config-sized limit). */
#define CREDFILE_SIZE_MAX	(1024 * 1024)

/* One `[name]` section of the credentials file. */
struct credfile_section {
	char		*name;		/* as between the brackets */
	unsigned	 line;		/* its (first) header line */
	char		*access_key_id;	/* NULL when absent or empty */
	struct secbuf	*secret;	/* NULL when absent or empty */
	bool		 temporary;	/* has aws_session_token or
					   aws_security_token */
	/* The other keys, as name/value pairs (v[2i], v[2i+1]), file order;
	 * keys with nested lines are in `nested` instead. */
	struct strv	 settings;
	struct strv	 nested;	/* names of keys with nested values */
};

struct credfile {
	char			*path;
	struct secbuf		*text;		/* the bytes as read */
	struct credfile_section	*sections;	/* file order; no DEFAULT */
	size_t			 nsections;
	/* Lines (ascending) holding a live credential key of a section:
	 * aws_access_key_id, aws_secret_access_key, aws_session_token,
	 * aws_security_token, as the INI reader resolved them. */
	unsigned		*key_lines;
	size_t			 nkey_lines;
};

/* $AWS_SHARED_CREDENTIALS_FILE when non-empty (with ~ expanded, as the
 * AWS CLI does), else $HOME/.aws/credentials.  Caller frees. */
char *credfile_path(void);

/*
 * Read and parse the credentials file at path (symbolic links followed;
 * dotfile managers link it).  On success *cfp is owned by the caller
 * (credfile_free).  Returns 0, AV_ERR_NOT_FOUND (no file),
 * AV_ERR_INVALID (too big, or an INI error "<path>:<line>: <what>") or
 * AV_ERR_SYSTEM.
 */
int credfile_load(const char *path, struct credfile **cfp);

/* Parse len bytes of data; path is kept and used in messages.  Returns 0
 * or AV_ERR_INVALID; *cfp as for credfile_load. */
int credfile_parse(const char *data, size_t len, const char *path,
    struct credfile **cfp);

/* Wipe and free; NULL is a no-op. */
void credfile_free(struct credfile *cf);

/* The section called exactly name, or NULL.  Borrowed from cf. */
const struct credfile_section *credfile_find(const struct credfile *cf,
    const char *name);

/*
 * Remove the sections named in names from the text data (len bytes) and
 * put the result in *outp (a new secbuf, caller frees).
 *
 * A section's block is its header line and every line up to its last
 * key, value or nested line before the next header (comments between
 * keys included), plus the blank lines right after it; when the block
 * reaches the end of the file, the blank lines right before its header
 * go with it instead.  Comments after a section's last key, and above its
 * header, stay: they may describe the next section.  Every header of a
 * repeated section is removed.  Everything else (other sections, CRLF or
 * LF line ends, a missing final newline, a byte-order mark) is kept byte
 * for byte.  A file left without sections keeps what remains (comments),
 * or becomes empty.
 *
 * The result is parsed again: it must hold exactly the original sections
 * other than the removed ones, with the same keys and values, else
 * AV_ERR_INVALID ("cannot remove [x] from <path> without changing the
 * rest: edit it by hand").  path is used in messages only.  A name that
 * is not a section is AV_ERR_NOT_FOUND.  Returns 0 or a negative AV_ERR_*.
 */
int credfile_remove(const char *data, size_t len, const char *path,
    const struct strv *names, struct secbuf **outp);

/*
 * Rewrite cf->path without the sections in names, atomically (temp file
 * in the same directory, fsync, rename), keeping the file's mode; a
 * symbolic link is written through to its target.  The file is read
 * again first and must still hold exactly cf->text, so an edit made in
 * the meantime is never lost ("<path> changed while importing").
 * Returns 0 or a negative AV_ERR_*.
 */
int credfile_save_without(const struct credfile *cf,
    const struct strv *names);

/* A key read from an access-key CSV file. */
struct credfile_csv_key {
	char		*access_key_id;
	struct secbuf	*secret;
	char		*user;		/* "User name" column, or NULL */
	unsigned	 line;		/* where its record starts */
};

struct credfile_csv {
	struct credfile_csv_key	*keys;
	size_t			 nkeys;
};

/*
 * Parse an access-key CSV file as the AWS console writes it: a header
 * naming the columns `Access key ID` and `Secret access key` (any case,
 * spaces or underscores ignored; the older `User name,Password,Access
 * key ID,Secret access key,Console login link` and `User Name,Access Key
 * Id,Secret Access Key` layouts too), then one record per key.  A UTF-8
 * byte-order mark, CRLF line ends, RFC 4180 quoting and blank lines are
 * accepted.  Errors read "<path>:<line>: <what is wrong>" (an unclosed
 * quote, a record with the wrong number of fields, an empty or malformed
 * key id or secret, no key columns, no key) and never show a value.
 * On success *csvp is owned by the caller (credfile_csv_free).
 * Returns 0 or AV_ERR_INVALID.
 */
int credfile_csv_parse(const char *data, size_t len, const char *path,
    struct credfile_csv **csvp);

/* Read the file at path (not following a final symbolic link) and parse
 * it.  Returns as credfile_csv_parse, or AV_ERR_NOT_FOUND/AV_ERR_SYSTEM. */
int credfile_csv_load(const char *path, struct credfile_csv **csvp);

/* Wipe and free; NULL is a no-op. */
void credfile_csv_free(struct credfile_csv *csv);

/* True when s looks like an IAM access key id: 16 to 128 upper-case
 * letters and digits. */
bool credfile_is_key_id(const char *s);

/* Write the display form of an access key id into out: 16 '*' and its
 * last 4 characters (rotate's FormatKeyForDisplay); ids shorter than 4
 * show as 16 '*' alone.  Returns out. */
#define CREDFILE_MASK_LEN	21
const char *credfile_mask_key_id(const char *id, char out[CREDFILE_MASK_LEN]);

#endif
