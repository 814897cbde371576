/* SPDX-License-Identifier: MIT */
/*
 * ini.c: the AWS-flavoured INI reader (spec 5.2), written by hand.
 *
 * Why not a library: no packaged C INI parser (inih, iniparser, libconfini,
 * GLib's GKeyFile) has go-ini's semantics, and aws-vault users' files are
 * read through those semantics: ` #` / ` ;` inline comments (so
 * `https://x/start#/` survives), `:` as a delimiter, nested values under an
 * empty `key =`, backquote and `"""` raw multi-line values, `\`
 * continuation, merged duplicate sections, an implicit DEFAULT section.
 *
 * The parser follows go-ini's parser.go line by line (readKeyName,
 * readValue, readMultilines, readContinuationLines), including its quirks:
 * the "last value was empty" flag that turns indented lines into nested
 * values is not reset by a section header; a continuation swallows the
 * following lines whatever they look like; text after a closing quote is
 * ignored.  White space is Go's unicode.IsSpace over UTF-8.
 * Not reproduced: go-ini's `%(name)s` value interpolation and its
 * auto-numbered `-` keys, which AWS config files do not use.
 *
 * Under INI_SECRET every heap copy of a value is wiped before it is freed:
 * value buffers are BUF_WIPE (wiped as they grow), and values and nested
 * lines are freed through ini_str_free.  Lines are never copied: they are
 * slices of the input.
 */
#include "util/common.h"

#include <sys/types.h>

#include "config/ini.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"
#include "util/xmalloc.h"

struct ini {
	char			 *filename;
	unsigned		  flags;	/* enum ini_flags */
	struct ini_section	**sections;
	size_t			  nsections;
	size_t			  sections_cap;
	struct ini_map		  map;
};

/* Line-by-line reading state, as go-ini's parser struct. */
struct ini_reader {
	const char	*p;
	const char	*end;
	unsigned	 lineno;	/* of the line last read */
	bool		 eof;
};

/* Name of entry i for the map lookups. */
typedef const char *(*ini_map_name_fn)(const void *ctx, size_t i);

static uint32_t
ini_map_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Find name; returns the entry index or SIZE_MAX. */
static size_t
ini_map_find(const struct ini_map *m, const char *name, ini_map_name_fn fn,
    const void *ctx)
{
	size_t i, mask;

	if (m->cap == 0)
		return SIZE_MAX;
	mask = m->cap - 1;
	for (i = ini_map_hash(name) & mask; m->slot[i] != 0;
	    i = (i + 1) & mask) {
		if (strcmp(fn(ctx, m->slot[i] - 1), name) == 0)
			return m->slot[i] - 1;
	}
	return SIZE_MAX;
}

static void
ini_map_put_slot(struct ini_map *m, const char *name, size_t idx)
{
	size_t i, mask = m->cap - 1;

	for (i = ini_map_hash(name) & mask; m->slot[i] != 0;
	    i = (i + 1) & mask)
		;
	m->slot[i] = (uint32_t)idx + 1;
}

/* Add entry idx (not yet present), growing at half load. */
static void
ini_map_add(struct ini_map *m, const char *name, size_t idx,
    ini_map_name_fn fn, const void *ctx)
{
	struct ini_map old = *m;
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		m->cap = old.cap ? old.cap * 2 : 8;
		m->slot = xcalloc(m->cap, sizeof(*m->slot));
		for (i = 0; i < old.cap; i++)
			if (old.slot[i] != 0)
				ini_map_put_slot(m, fn(ctx, old.slot[i] - 1),
				    old.slot[i] - 1);
		free(old.slot);
	}
	ini_map_put_slot(m, name, idx);
	m->n++;
}

static const char *
ini_section_name_at(const void *ctx, size_t i)
{
	const struct ini *ini = ctx;

	return ini->sections[i]->name;
}

static const char *
ini_key_name_at(const void *ctx, size_t i)
{
	const struct ini_section *sec = ctx;

	return sec->keys[i].name;
}

/* Length of the Go unicode.IsSpace rune starting at p, or 0. */
static size_t
ini_space_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))
		return 1;
	if (n >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;				/* NEL, NBSP */
	if (n < 3)
		return 0;
	if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3;				/* U+1680 */
	if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8a) ||
	    p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
		return 3;		/* U+2000..200A, 2028, 2029, 202F */
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
		return 3;				/* U+205F */
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;				/* U+3000 */
	return 0;
}

/* Length of the white-space rune ending s[n-1], or 0. */
static size_t
ini_space_before(const char *s, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++)
		if (ini_space_at(s + n - k, k) == k)
			return k;
	return 0;
}

static struct str
ini_trim_left(struct str s)
{
	size_t k;

	while ((k = ini_space_at(s.p, s.len)) != 0) {
		s.p += k;
		s.len -= k;
	}
	return s;
}

static struct str
ini_trim(struct str s)
{
	size_t k;

	s = ini_trim_left(s);
	while ((k = ini_space_before(s.p, s.len)) != 0)
		s.len -= k;
	return s;
}

/* Offset of the first occurrence of needle in s, or -1. */
static ssize_t
ini_index(struct str s, const char *needle, size_t nlen)
{
	size_t i;

	for (i = 0; i + nlen <= s.len; i++)
		if (memcmp(s.p + i, needle, nlen) == 0)
			return (ssize_t)i;
	return -1;
}

/* Offset of the last occurrence of needle in s, or -1. */
static ssize_t
ini_last_index(struct str s, const char *needle, size_t nlen)
{
	size_t i;

	for (i = s.len + 1; i-- > 0;)
		if (i + nlen <= s.len && memcmp(s.p + i, needle, nlen) == 0)
			return (ssize_t)i;
	return -1;
}

/* Offset of the first byte of s that is in set, or -1. */
static ssize_t
ini_index_any(struct str s, const char *set)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if (strchr(set, s.p[i]) != NULL)
			return (ssize_t)i;
	return -1;
}

static struct str
ini_sub(struct str s, size_t from, size_t to)
{
	return str_make(s.p + from, to - from);
}

/* The next line including its '\n' (go-ini readUntil); sets eof when the
 * input ends without one. */
static struct str
ini_read_line(struct ini_reader *rd)
{
	const char *nl;
	struct str line;

	rd->lineno++;
	nl = memchr(rd->p, '\n', (size_t)(rd->end - rd->p));
	if (nl == NULL) {
		line = str_make(rd->p, (size_t)(rd->end - rd->p));
		rd->p = rd->end;
		rd->eof = true;
		return line;
	}
	line = str_make(rd->p, (size_t)(nl + 1 - rd->p));
	rd->p = nl + 1;
	return line;
}

static int
ini_error(const struct ini *ini, unsigned line, const char *what)
{
	return av_error_set(AV_ERR_INVALID, "%s:%u: %s",
	    ini->filename != NULL ? ini->filename : "-", line, what);
}

/* Free a value or nested line of ini, wiping it under INI_SECRET. */
static void
ini_str_free(const struct ini *ini, char *s)
{
	if (ini->flags & INI_SECRET)
		freezero_str(s);
	else
		free(s);
}

/* The section named name, created at the end when new. */
static struct ini_section *
ini_section_get(struct ini *ini, struct str name, unsigned line)
{
	struct ini_section *sec;
	char *cname = str_dup(name);
	size_t i;

	i = ini_map_find(&ini->map, cname, ini_section_name_at, ini);
	if (i != SIZE_MAX) {
		free(cname);
		return ini->sections[i];
	}
	if (ini->nsections == ini->sections_cap) {
		ini->sections_cap = ini->sections_cap ?
		    ini->sections_cap * 2 : 8;
		ini->sections = xreallocarray(ini->sections,
		    ini->sections_cap, sizeof(*ini->sections));
	}
	sec = xcalloc(1, sizeof(*sec));
	sec->name = cname;	/* transferred */
	sec->line = line;
	ini->sections[ini->nsections] = sec;
	ini_map_add(&ini->map, sec->name, ini->nsections, ini_section_name_at,
	    ini);
	ini->nsections++;
	return sec;
}

/* Set key name (already lower-cased, owned: transferred) to value (owned:
 * transferred); returns the key's index. */
static size_t
ini_section_set(const struct ini *ini, struct ini_section *sec, char *name,
    char *value, unsigned line)
{
	struct ini_key *k;
	size_t i;

	i = ini_map_find(&sec->map, name, ini_key_name_at, sec);
	if (i != SIZE_MAX) {
		/* go-ini: a duplicate overwrites the value only. */
		k = &sec->keys[i];
		free(name);
		ini_str_free(ini, k->value);
		k->value = value;
		k->line = line;
		return i;
	}
	if (sec->nkeys == sec->keys_cap) {
		sec->keys_cap = sec->keys_cap ? sec->keys_cap * 2 : 8;
		sec->keys = xreallocarray(sec->keys, sec->keys_cap,
		    sizeof(*sec->keys));
	}
	k = &sec->keys[sec->nkeys];
	memset(k, 0, sizeof(*k));
	k->name = name;
	k->value = value;
	k->line = line;
	ini_map_add(&sec->map, k->name, sec->nkeys, ini_key_name_at, sec);
	return sec->nkeys++;
}

static void
ini_key_add_nested(struct ini_key *k, struct str text, unsigned line)
{
	if (k->nnested == k->nested_cap) {
		k->nested_cap = k->nested_cap ? k->nested_cap * 2 : 4;
		k->nested = xreallocarray(k->nested, k->nested_cap,
		    sizeof(*k->nested));
	}
	k->nested[k->nnested].text = str_dup(text);
	k->nested[k->nnested].line = line;
	k->nnested++;
}

/* go-ini readKeyName: the key and the offset of the value in line. */
static int
ini_read_key_name(const struct ini *ini, unsigned lineno, struct str line,
    struct str *keyp, size_t *offsetp)
{
	const char *quote = NULL;
	size_t qlen = 0, pos;
	ssize_t i;

	if (line.p[0] == '"') {
		if (line.len > 6 && memcmp(line.p, "\"\"\"", 3) == 0)
			quote = "\"\"\"";
		else
			quote = "\"";
	} else if (line.p[0] == '`')
		quote = "`";
	if (quote != NULL) {
		qlen = strlen(quote);
		i = ini_index(ini_sub(line, qlen, line.len), quote, qlen);
		if (i < 0)
			return ini_error(ini, lineno,
			    "missing closing key quote");
		pos = (size_t)i + qlen;
		i = ini_index_any(ini_sub(line, pos + qlen, line.len), "=:");
		if (i < 0)
			return ini_error(ini, lineno,
			    "key-value delimiter not found");
		*keyp = ini_trim(ini_sub(line, qlen, pos));
		*offsetp = pos + (size_t)i + qlen + 1;
		return 0;
	}
	if ((i = ini_index_any(line, "=:")) < 0)
		return ini_error(ini, lineno, "key-value delimiter not found");
	*keyp = ini_trim(ini_sub(line, 0, (size_t)i));
	*offsetp = (size_t)i + 1;
	return 0;
}

/* go-ini hasSurroundedQuote. */
static bool
ini_surrounded(struct str s, char q)
{
	return s.len >= 2 && s.p[0] == q && s.p[s.len - 1] == q &&
	    memchr(s.p + 1, q, s.len - 1) == s.p + s.len - 1;
}

/* go-ini readMultilines: append lines to val until the closing quote. */
static int
ini_read_multilines(const struct ini *ini, struct ini_reader *rd,
    unsigned keyline, const char *quote, struct buf *val)
{
	size_t qlen = strlen(quote);
	struct str next;
	ssize_t pos;

	for (;;) {
		next = ini_read_line(rd);
		if ((pos = ini_last_index(next, quote, qlen)) >= 0) {
			/* Text after the closing quote is a comment. */
			(void)buf_put(val, next.p, (size_t)pos);
			return 0;
		}
		(void)buf_put(val, next.p, next.len);
		if (rd->eof)
			return ini_error(ini, keyline,
			    quote[0] == '`' ? "missing closing backquote "
			    "of a multi-line value" : "missing closing \"\"\" "
			    "of a multi-line value");
	}
}

/* go-ini readContinuationLines. */
static void
ini_read_continuation(struct ini_reader *rd, struct buf *val)
{
	struct str next;

	for (;;) {
		next = ini_trim(ini_read_line(rd));
		if (next.len == 0)
			break;
		(void)buf_put(val, next.p, next.len);
		if (val->p[val->len - 1] != '\\')
			break;
		val->p[--val->len] = '\0';
	}
}

/* go-ini readValue for the text after the delimiter; *valuep is owned by
 * the caller. */
static int
ini_read_value(const struct ini *ini, struct ini_reader *rd, unsigned lineno,
    struct str in, char **valuep)
{
	struct str line = ini_trim_left(in);
	const char *quote = NULL;
	struct buf val;
	ssize_t i;
	int r;

	*valuep = NULL;
	/* The value can never be longer than the whole input. */
	buf_init(&val, INI_SIZE_MAX + 1);
	if (ini->flags & INI_SECRET)
		val.flags = BUF_WIPE;
	if (line.len == 0)
		goto done;
	if (line.len > 3 && memcmp(line.p, "\"\"\"", 3) == 0)
		quote = "\"\"\"";
	else if (line.p[0] == '`')
		quote = "`";
	if (quote != NULL) {
		size_t qlen = strlen(quote);
		struct str rest = ini_sub(line, qlen, line.len);

		if ((i = ini_last_index(rest, quote, qlen)) < 0) {
			(void)buf_put(&val, rest.p, rest.len);
			if ((r = ini_read_multilines(ini, rd, lineno, quote,
			    &val)) != 0) {
				buf_release(&val);
				return r;
			}
			goto done;
		}
		(void)buf_put(&val, rest.p, (size_t)i);
		goto done;
	}
	line = ini_trim(line);
	if (line.p[line.len - 1] == '\\') {
		(void)buf_put(&val, line.p, line.len - 1);
		ini_read_continuation(rd, &val);
		goto done;
	}
	/* BN SpaceBeforeInlineComment: cut at " #", else at " ;". */
	if ((i = ini_index(line, " #", 2)) < 0)
		i = ini_index(line, " ;", 2);
	if (i >= 0)
		line = ini_trim(ini_sub(line, 0, (size_t)i));
	if (ini_surrounded(line, '\'') || ini_surrounded(line, '"'))
		line = ini_sub(line, 1, line.len - 1);
	(void)buf_put(&val, line.p, line.len);
done:
	*valuep = buf_detach(&val);
	return 0;
}

/* Strip a byte-order mark the way go-ini's parser.BOM does. */
static struct str
ini_skip_bom(struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;

	if (s.len >= 2 && ((p[0] == 0xfe && p[1] == 0xff) ||
	    (p[0] == 0xff && p[1] == 0xfe)))
		return ini_sub(s, 2, s.len);
	if (s.len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return ini_sub(s, 3, s.len);
	return s;
}

/* The main loop of go-ini's File.parse. */
static int
ini_parse_lines(struct ini *ini, struct ini_reader *rd)
{
	struct ini_section *sec, *last_sec = NULL;
	size_t last_key = 0, offset = 0;
	bool last_empty = false;
	struct str raw, line, key;
	char *name, *value;
	const char *close;
	unsigned lineno;
	int r;

	sec = ini_section_get(ini, str_from(INI_DEFAULT_SECTION), 0);
	while (!rd->eof) {
		raw = ini_read_line(rd);
		lineno = rd->lineno;
		/* Indented lines after `key =` belong to that key. */
		if (last_empty && raw.len > 0 &&
		    (raw.p[0] == ' ' || raw.p[0] == '\t')) {
			ini_key_add_nested(&last_sec->keys[last_key],
			    ini_trim(raw), lineno);
			continue;
		}
		line = ini_trim_left(raw);
		if (line.len == 0 || line.p[0] == '#' || line.p[0] == ';')
			continue;
		if (line.p[0] == '[') {
			close = memrchr(line.p, ']', line.len);
			if (close == NULL)
				return ini_error(ini, lineno,
				    "unclosed section header");
			if (close == line.p + 1)
				return ini_error(ini, lineno,
				    "empty section name");
			sec = ini_section_get(ini, str_make(line.p + 1,
			    (size_t)(close - line.p - 1)), lineno);
			continue;
		}
		if ((r = ini_read_key_name(ini, lineno, line, &key,
		    &offset)) != 0)
			return r;
		if (key.len == 0)
			return ini_error(ini, lineno, "empty key name");
		if ((r = ini_read_value(ini, rd, lineno,
		    ini_sub(line, offset, line.len), &value)) != 0)
			return r;
		last_empty = value[0] == '\0';
		name = str_dup(key);
		str_lower(name);
		last_key = ini_section_set(ini, sec, name, value, lineno);
		last_sec = sec;
	}
	return 0;
}

int
ini_parse(const char *data, size_t len, const char *filename,
    struct ini **inip)
{
	return ini_parse_flags(data, len, filename, 0, inip);
}

int
ini_parse_flags(const char *data, size_t len, const char *filename,
    unsigned flags, struct ini **inip)
{
	struct ini_reader rd;
	struct ini *ini;
	const char *nul;
	struct str s;
	int r = AV_ERR_INTERNAL;

	*inip = NULL;
	ini = xcalloc(1, sizeof(*ini));
	ini->flags = flags;
	if (filename != NULL)
		ini->filename = xstrdup(filename);
	if (len > INI_SIZE_MAX) {
		r = av_error_set(AV_ERR_INVALID, "%s: larger than %d bytes",
		    filename != NULL ? filename : "-", INI_SIZE_MAX);
		goto out;
	}
	s = ini_skip_bom(str_make(data != NULL ? data : "", len));
	/* Values become C strings: a NUL byte cannot be represented. */
	if ((nul = memchr(s.p, '\0', s.len)) != NULL) {
		unsigned line = 1;
		const char *q;

		for (q = s.p; q < nul; q++)
			line += *q == '\n';
		r = ini_error(ini, line, "NUL byte in file");
		goto out;
	}
	memset(&rd, 0, sizeof(rd));
	rd.p = s.p;
	rd.end = s.p + s.len;
	if ((r = ini_parse_lines(ini, &rd)) != 0)
		goto out;
	*inip = ini;
	ini = NULL;	/* transferred */
	r = 0;
out:
	ini_free(ini);
	return r;
}

void
ini_free(struct ini *ini)
{
	size_t i, j, k;

	if (ini == NULL)
		return;
	for (i = 0; i < ini->nsections; i++) {
		struct ini_section *sec = ini->sections[i];

		for (j = 0; j < sec->nkeys; j++) {
			for (k = 0; k < sec->keys[j].nnested; k++)
				ini_str_free(ini, sec->keys[j].nested[k].text);
			free(sec->keys[j].nested);
			free(sec->keys[j].name);
			ini_str_free(ini, sec->keys[j].value);
		}
		free(sec->keys);
		free(sec->map.slot);
		free(sec->name);
		free(sec);
	}
	free(ini->sections);
	free(ini->map.slot);
	free(ini->filename);
	free(ini);
}

const char *
ini_filename(const struct ini *ini)
{
	return ini->filename;
}

size_t
ini_section_count(const struct ini *ini)
{
	return ini->nsections;
}

const struct ini_section *
ini_section_at(const struct ini *ini, size_t i)
{
	if (i >= ini->nsections)
		BUG("section index out of range");
	return ini->sections[i];
}

const struct ini_section *
ini_section_find(const struct ini *ini, const char *name)
{
	size_t i = ini_map_find(&ini->map, name, ini_section_name_at, ini);

	return i == SIZE_MAX ? NULL : ini->sections[i];
}

const struct ini_key *
ini_key_find(const struct ini_section *sec, const char *name)
{
	char small[64], *lower;
	size_t i, n = strlen(name);

	if (sec == NULL)
		return NULL;
	lower = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(lower, name, n + 1);
	str_lower(lower);
	i = ini_map_find(&sec->map, lower, ini_key_name_at, sec);
	if (lower != small)
		free(lower);
	return i == SIZE_MAX ? NULL : &sec->keys[i];
}

const char *
ini_get(const struct ini_section *sec, const char *name, unsigned *linep)
{
	const struct ini_key *k = ini_key_find(sec, name);

	if (linep != NULL)
		*linep = k != NULL ? k->line : 0;
	return k != NULL ? k->value : NULL;
}

const char *
ini_get_nested(const struct ini_section *sec, const char *key,
    const char *subkey, unsigned *linep)
{
	const struct ini_key *k = ini_key_find(sec, key);
	const char *found = NULL;
	unsigned line = 0;
	struct str s, head;
	size_t i;

	for (i = 0; k != NULL && i < k->nnested; i++) {
		s = str_from(k->nested[i].text);
		if (memchr(s.p, '=', s.len) == NULL)
			continue;
		(void)str_split(&s, '=', &head);
		if (!str_eq_nocase(ini_trim(head), subkey))
			continue;
		/* The text is trimmed already, so the value runs to its end. */
		found = ini_trim_left(s).p;
		line = k->nested[i].line;
	}
	if (linep != NULL)
		*linep = line;
	return found;
}
