/* SPDX-License-Identifier: MIT */
/*
 * leftovers.h: finding the plaintext copies of AWS keys that people leave
 * behind when they move to a keystore (`aws-vault doctor`, and the check
 * at the end of `aws-vault import`).
 *
 * Where it looks, and nowhere else (no recursion):
 *  - the shared credentials file (credfile_path()): sections that still
 *    hold aws_secret_access_key, and other lines holding keys (comments,
 *    keys before the first section);
 *  - copies next to it, and in ~/.aws: "credentials" followed by one of
 *    ". - _ ~" or a space (credentials.bak, credentials~,
 *    credentials.2024-01-01.bak, credentials-old, ...), an editor's
 *    ".credentials.swp" or "#credentials#";
 *  - console downloads in ~, ~/Downloads, ~/Desktop, ~/Documents and
 *    $XDG_DOWNLOAD_DIR: *.csv files whose name contains "accessKeys"
 *    (any case) or starts with "credentials" or "new_user_credentials";
 *  - shell history: ~/.bash_history, ~/.zsh_history, ~/.histfile,
 *    ~/.history, ~/.local/share/fish/fish_history and $HISTFILE.
 * A file counts only when one of its lines holds a key
 * (leftovers_line_has_key); a copy or download that does not is ignored.
 *
 * Bounds: files over LEFTOVERS_FILE_MAX are skipped (with a note); backup
 * and CSV files must be regular files, never symbolic links; the
 * credentials file, history files and the searched directories may be
 * links only to places inside HOME.  Files are read into secret memory
 * and never quoted: results are paths, line numbers and access key ids
 * (shown masked).
 *
 * Layering: vault, on config/credfile, keyring and util.  Never prints:
 * leftovers_format() writes the report into a buffer for cmd/.
 */
#ifndef AV_VAULT_LEFTOVERS_H
#define AV_VAULT_LEFTOVERS_H

#include "util/common.h"

#include "util/str.h"

struct buf;
struct keyring;

#define LEFTOVERS_FILE_MAX	(16 * 1024 * 1024)

enum leftover_kind {
	LEFTOVER_PROFILE,	/* a credentials-file section with a key */
	LEFTOVER_LINES,		/* other credentials-file lines with keys */
	LEFTOVER_BACKUP,	/* a copy of the credentials file */
	LEFTOVER_CSV,		/* a console access-key download */
	LEFTOVER_HISTORY,	/* shell history lines */
};

enum leftover_stored {
	LEFTOVER_STORED_UNKNOWN,	/* not checked, or no key id found */
	LEFTOVER_STORED_ALL,		/* every key id is in the keystore */
	LEFTOVER_STORED_MISSING,	/* some key id is not */
};

struct leftover {
	enum leftover_kind	 kind;
	char			*path;		/* as found (for display) */
	char			*real;		/* the file read (a link's
						   target), for changes */
	char			*profile;	/* PROFILE: the section */
	bool			 temporary;	/* PROFILE: session token */
	unsigned		*lines;		/* PROFILE: header; LINES,
						   HISTORY: the lines */
	size_t			 nlines;
	struct strv		 key_ids;	/* BACKUP, CSV: distinct
						   long-term (AKIA) ids */
	enum leftover_stored	 stored;	/* BACKUP, CSV */
	char			*stored_as;	/* profile of key_ids[0] */
};

struct leftovers {
	struct leftover	*v;
	size_t		 n;
	struct strv	 notes;		/* what was skipped, and why */
};

void leftovers_init(struct leftovers *lo);
/* Free the contents; lo may be reused after leftovers_init. */
void leftovers_release(struct leftovers *lo);

/* Look everywhere listed above ($HOME, $AWS_SHARED_CREDENTIALS_FILE,
 * $HISTFILE and $XDG_DOWNLOAD_DIR from the environment) and append what
 * is found to lo.  Unreadable or oversized files become notes, not
 * errors, so this cannot fail. */
void leftovers_scan(struct leftovers *lo);

/* The long-term keys in the keystore: for every credentials item (not a
 * session or token), its name into names and its access key id into ids
 * (parallel).  Reading items may need the keystore's passphrase.
 * Returns 0 or the first error of listing or reading. */
int leftovers_stored_keys(struct keyring *kr, struct strv *names,
    struct strv *ids);

/* Set stored and stored_as of every BACKUP and CSV finding from the
 * stored keys (names and ids as leftovers_stored_keys fills them). */
void leftovers_check_stored(struct leftovers *lo, const struct strv *names,
    const struct strv *ids);

/* Whether leftovers_delete may remove this finding: a BACKUP or CSV
 * file whose key ids are all in the keystore, or which holds none
 * (only secrets or temporary ids).  Anything else might be the last
 * copy of a key. */
bool leftovers_deletable(const struct leftover *l);

/* Delete a BACKUP or CSV finding (never a link: lstat must still show a
 * regular file).  Returns 0, AV_ERR_INVALID (another kind, or not a
 * regular file any more) or AV_ERR_SYSTEM. */
int leftovers_delete(const struct leftover *l);

/* Remove the lines of a HISTORY finding from its file, in one atomic
 * rewrite keeping the mode and every other byte.  Each line must still
 * hold a key, else nothing is written ("<path> changed since it was
 * scanned").  Returns 0 or a negative AV_ERR_*. */
int leftovers_scrub(const struct leftover *l);

/* Append the report: one line per finding, "<path>[:<line>]: <what>:
 * <what to do>".  Nothing for an empty list. */
void leftovers_format(const struct leftovers *lo, struct buf *out);

/* Matchers (pure). */

/* A line holds an AWS key: an access key id (AKIA or ASIA and 16
 * upper-case letters or digits, not inside a longer word), or
 * aws_secret_access_key (any case) followed by an optional '=' or ':'
 * (or white space) and a value of at least 20 characters of
 * [A-Za-z0-9/+] (quotes allowed), as in a credentials file,
 * `export AWS_SECRET_ACCESS_KEY=...` or
 * `aws configure set aws_secret_access_key ...`.  Mentions without a
 * literal value ("$SECRET", "unset AWS_SECRET_ACCESS_KEY") do not
 * count. */
bool leftovers_line_has_key(const char *p, size_t n);

/* The access key id starting at p[i] (see above), or false. */
bool leftovers_key_id_at(const char *p, size_t n, size_t i);

/* A copy of the credentials file whose name is stem (its basename). */
bool leftovers_is_backup_name(const char *name, const char *stem);

/* A console access-key download. */
bool leftovers_is_csv_name(const char *name);

#endif
