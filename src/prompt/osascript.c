/* SPDX-License-Identifier: MIT */
/*
 * osascript.c: the "osascript" MFA driver (macOS dialog, spec 12).  The
 * script is byte for byte the Go one, the message quoted as Go %q does:
 *
 *   osascript -e '
 *   		display dialog "<msg>" default answer "" buttons {"OK", ...
 *           text returned of the result
 *           return result'
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "util/buf.h"
#include "util/spawn.h"
#include "util/xmalloc.h"

static bool
prompt_osascript_available(void)
{
	return spawn_in_path("osascript");
}

/* Go strconv.Quote, closely enough for a message built from an ARN:
 * printable characters stay, quotes and backslashes are escaped, control
 * bytes and invalid UTF-8 become \xHH or the C escapes.  Caller frees. */
static char *
prompt_osascript_quote(const char *s)
{
	static const char esc[] = "\a\b\f\n\r\t\v", letter[] = "abfnrtv";
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;
	const char *e;

	buf_init(&b, 8 * strlen(s) + 3);
	(void)buf_putc(&b, '"');
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			(void)buf_printf(&b, "\\%c", *p);
		else if ((e = strchr(esc, *p)) != NULL)
			(void)buf_printf(&b, "\\%c", letter[e - esc]);
		else if (*p < 0x20 || *p == 0x7f)
			(void)buf_printf(&b, "\\x%02x", *p);
		else
			(void)buf_putc(&b, (char)*p);
	}
	(void)buf_putc(&b, '"');
	return buf_detach(&b);
}

static int
prompt_osascript_read_mfa(const char *mfa_serial, struct secbuf **codep)
{
	char *msg = prompt_mfa_message(mfa_serial);
	char *quoted = prompt_osascript_quote(msg);
	char *script = xasprintf("\n\t\tdisplay dialog %s default answer \"\" "
	    "buttons {\"OK\", \"Cancel\"} default button 1\n"
	    "        text returned of the result\n"
	    "        return result", quoted);
	const char *argv[] = { "osascript", "-e", script, NULL };
	int r;

	r = prompt_run("osascript", argv, false, codep);
	free(script);
	free(quoted);
	free(msg);
	return r;
}

const struct prompt_ops prompt_osascript_ops = {
	.name = "osascript",
	.available = prompt_osascript_available,
	.read_mfa = prompt_osascript_read_mfa,
};
