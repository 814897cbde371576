/* SPDX-License-Identifier: MIT */
/* output.c: export formats, exec's environment, %q and the list table. */
#include "util/common.h"

#include "aws/creds.h"
#include "cmd/output.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

int
export_format_parse(const char *s, enum export_format *fmtp)
{
	static const char *const names[] = { "env", "export-env", "json",
	    "ini" };
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			*fmtp = (enum export_format)i;
			return 0;
		}
	}
	return AV_ERR_INVALID;
}

/* go-ini's value quoting for export --format=ini (spec 3.6, go-ini
 * writeToBuffer): a newline or backquote gives """...""", '#' or ';'
 * backquotes, blanks at either end (strings.TrimSpace, ASCII) quotes. */
static int
export_ini_line(struct buf *out, const char *key, const char *value)
{
	static const char blanks[] = " \t\n\v\f\r";
	size_t n = strlen(value);

	if (n == 0)
		return 0;
	if (strpbrk(value, "\n`") != NULL)
		return buf_cat(out, key, "=\"\"\"", value, "\"\"\"\n",
		    (char *)NULL);
	if (strpbrk(value, "#;") != NULL)
		return buf_cat(out, key, "=`", value, "`\n", (char *)NULL);
	if (strchr(blanks, value[0]) != NULL ||
	    strchr(blanks, value[n - 1]) != NULL)
		return buf_cat(out, key, "=\"", value, "\"\n", (char *)NULL);
	return buf_cat(out, key, "=", value, "\n", (char *)NULL);
}

static int
export_json(struct buf *out, const struct aws_creds *c, const char *exp)
{
	const char *tok = aws_creds_token(c);
	int r;

	if ((r = buf_puts(out, "{\n  \"Version\": 1,\n  \"AccessKeyId\": ")) ||
	    (r = json_go_string(out, c->access_key_id,
	    strlen(c->access_key_id))) ||
	    (r = buf_puts(out, ",\n  \"SecretAccessKey\": ")) ||
	    (r = json_go_string(out, secbuf_ptr(c->secret_access_key),
	    secbuf_len(c->secret_access_key))))
		return r;
	if (*tok != '\0' && ((r = buf_puts(out, ",\n  \"SessionToken\": ")) ||
	    (r = json_go_string(out, tok, strlen(tok)))))
		return r;
	if (c->can_expire && (r = buf_cat(out, ",\n  \"Expiration\": \"", exp,
	    "\"", (char *)NULL)) != 0)
		return r;
	return buf_puts(out, "\n}\n");
}

/* "<pre><name>=<value>\n" */
static int
export_env_line(struct buf *out, const char *pre, const char *name,
    const char *value)
{
	return buf_cat(out, pre, name, "=", value, "\n", (char *)NULL);
}

/* True when s holds only what AWS keys, tokens and regions are made of
 * (base64, digits, letters, "-._:"): nothing a shell would act on. */
static bool
export_shell_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || strchr("+/=._:-", *s) != NULL))
			return false;
	return true;
}

int
export_format_creds(struct buf *out, enum export_format fmt,
    const struct aws_creds *c, const char *profile, const char *region)
{
	const char *tok = aws_creds_token(c);
	const char *pre = fmt == EXPORT_EXPORT_ENV ? "export " : "";
	char exp[32];
	int r;

	time_format_rfc3339(c->expires, exp, sizeof(exp));
	if (region == NULL)
		region = "";
	/* env and export-env are printed unquoted for `eval $(...)`: a
	 * credential_process or endpoint that answers with shell syntax must
	 * not get it run (never names the value: it is a secret). */
	if ((fmt == EXPORT_ENV || fmt == EXPORT_EXPORT_ENV) &&
	    (!export_shell_safe(c->access_key_id) ||
	    !export_shell_safe(secbuf_ptr(c->secret_access_key)) ||
	    !export_shell_safe(tok) || !export_shell_safe(region)))
		return av_error_set(AV_ERR_INVALID, "the credentials contain "
		    "characters a shell would interpret; not printing them "
		    "as --format=%s (use --format=json)",
		    fmt == EXPORT_ENV ? "env" : "export-env");
	switch (fmt) {
	case EXPORT_JSON:
		return export_json(out, c, exp);
	case EXPORT_INI:
		if ((r = buf_cat(out, "[", profile, "]\n", (char *)NULL)) ||
		    (r = export_ini_line(out, "aws_access_key_id",
		    c->access_key_id)) ||
		    (r = export_ini_line(out, "aws_secret_access_key",
		    secbuf_ptr(c->secret_access_key))) ||
		    (r = export_ini_line(out, "aws_session_token", tok)) ||
		    (c->can_expire && (r = export_ini_line(out,
		    "aws_credential_expiration", exp))) ||
		    (r = export_ini_line(out, "region", region)))
			return r;
		return 0;
	case EXPORT_ENV:
	case EXPORT_EXPORT_ENV:
		if ((r = export_env_line(out, pre, "AWS_ACCESS_KEY_ID",
		    c->access_key_id)) ||
		    (r = export_env_line(out, pre, "AWS_SECRET_ACCESS_KEY",
		    secbuf_ptr(c->secret_access_key))) ||
		    (*tok != '\0' && (r = export_env_line(out, pre,
		    "AWS_SESSION_TOKEN", tok))) ||
		    (c->can_expire && (r = export_env_line(out, pre,
		    "AWS_CREDENTIAL_EXPIRATION", exp))) ||
		    (*region != '\0' && ((r = export_env_line(out, pre,
		    "AWS_REGION", region)) || (r = export_env_line(out, pre,
		    "AWS_DEFAULT_REGION", region)))))
			return r;
		return 0;
	}
	return AV_ERR_INTERNAL;
}

int
output_go_quote(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	int r = buf_putc(out, '"');

	for (; r == 0 && *p != '\0'; p++) {
		switch (*p) {
		case '"':
			r = buf_puts(out, "\\\"");
			break;
		case '\\':
			r = buf_puts(out, "\\\\");
			break;
		case '\a':
			r = buf_puts(out, "\\a");
			break;
		case '\b':
			r = buf_puts(out, "\\b");
			break;
		case '\f':
			r = buf_puts(out, "\\f");
			break;
		case '\n':
			r = buf_puts(out, "\\n");
			break;
		case '\r':
			r = buf_puts(out, "\\r");
			break;
		case '\t':
			r = buf_puts(out, "\\t");
			break;
		case '\v':
			r = buf_puts(out, "\\v");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				r = buf_printf(out, "\\x%c%c", hex[*p >> 4],
				    hex[*p & 15]);
			else
				r = buf_putc(out, (char)*p);
		}
	}
	return r != 0 ? r : buf_putc(out, '"');
}

/* Push "name=value" onto set (a secret, maybe: freed with a wipe). */
static void
output_env_push(struct strv *set, const char *name, const char *value)
{
	strv_push_owned(set, xstrjoin(name, "=", value, (char *)NULL));
}

char **
exec_env_build(const char *profile, const char *region,
    const char *endpoint_url, const struct aws_creds *creds,
    const char *const *extra)
{
	static const char *const unset[] = { "AWS_ACCESS_KEY_ID",
	    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
	    "AWS_CREDENTIAL_FILE", "AWS_DEFAULT_PROFILE", "AWS_PROFILE",
	    "AWS_SDK_LOAD_CONFIG", NULL };
	struct strv set;
	char exp[32], **env;
	size_t i;

	strv_init(&set);
	output_env_push(&set, "AWS_VAULT", profile);
	if (region != NULL && *region != '\0') {
		output_env_push(&set, "AWS_REGION", region);
		output_env_push(&set, "AWS_DEFAULT_REGION", region);
	}
	if (endpoint_url != NULL && *endpoint_url != '\0')
		output_env_push(&set, "AWS_ENDPOINT_URL", endpoint_url);
	if (creds != NULL) {
		output_env_push(&set, "AWS_ACCESS_KEY_ID",
		    creds->access_key_id);
		output_env_push(&set, "AWS_SECRET_ACCESS_KEY",
		    secbuf_ptr(creds->secret_access_key));
		if (*aws_creds_token(creds) != '\0')
			output_env_push(&set, "AWS_SESSION_TOKEN",
			    aws_creds_token(creds));
		if (creds->can_expire) {
			time_format_rfc3339(creds->expires, exp, sizeof(exp));
			output_env_push(&set, "AWS_CREDENTIAL_EXPIRATION", exp);
		}
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		strv_push(&set, extra[i]);
	env = spawn_env_build((const char *const *)set.v, unset);
	for (i = 0; i < set.n; i++)
		freezero_str(set.v[i]);
	free(set.v);
	return env;
}

size_t
output_runes(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
output_table(struct buf *out, char **cells, size_t nrows, size_t ncols)
{
	size_t *width = xcalloc(ncols, sizeof(*width));
	size_t r, c, w;

	for (c = 0; c < ncols; c++) {
		width[c] = 25;
		for (r = 0; r < nrows; r++) {
			w = output_runes(cells[r * ncols + c]) + 2;
			if (w > width[c])
				width[c] = w;
		}
	}
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++) {
			const char *cell = cells[r * ncols + c];

			buf_puts(out, cell);
			for (w = output_runes(cell); w < width[c]; w++)
				buf_putc(out, ' ');
		}
		buf_putc(out, '\n');
	}
	free(width);
}
