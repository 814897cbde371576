/* SPDX-License-Identifier: MIT */
/*
 * prompt-tool.c: drives src/prompt without the CLI, for the pty tests in
 * tests/integration/t0300-prompt-*.  It prints what it read between
 * brackets on stdout (this is a test tool: the "secrets" are test data).
 *
 *   prompt-tool read echo|mask|silent|trim PROMPT   a line from /dev/tty
 *   prompt-tool confirm PROMPT                      yes or no
 *   prompt-tool passphrase PROMPT                   the file passphrase
 *   prompt-tool mfa DRIVER|auto [server] SERIAL     a code from a driver
 *   prompt-tool process COMMAND                     a code from mfa_process
 *   prompt-tool available                           driver names
 *
 * Errors: "prompt-tool: <message>" on stderr, exit 1 (2 for usage).
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "prompt/tty.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"

static int
prompt_tool_usage(void)
{
	fprintf(stderr, "usage: prompt-tool read|confirm|passphrase|mfa|"
	    "process|available ...\n");
	return 2;
}

static int
prompt_tool_read(const char *mode, const char *prompt, struct secbuf **linep)
{
	unsigned flags;

	if (streq(mode, "echo"))
		flags = PROMPT_TTY_ECHO;
	else if (streq(mode, "mask"))
		flags = PROMPT_TTY_MASK;
	else if (streq(mode, "silent"))
		flags = PROMPT_TTY_SILENT;
	else if (streq(mode, "trim"))
		flags = PROMPT_TTY_TRIM;
	else
		return av_error_set(AV_ERR_INVALID, "unknown mode '%s'", mode);
	return prompt_tty_read(prompt, flags, linep);
}

static int
prompt_tool_mfa(int argc, char **argv, struct secbuf **codep)
{
	const struct prompt_ops *ops;
	bool server = argc == 4 && streq(argv[2], "server");
	int r;

	if ((r = prompt_select(streq(argv[1], "auto") ? NULL : argv[1],
	    server, &ops)) != 0)
		return r;
	fprintf(stderr, "driver: %s\n", ops->name);
	return ops->read_mfa(argv[argc - 1], codep);
}

int
main(int argc, char **argv)
{
	struct secbuf *out = NULL;
	struct strv names;
	bool yes;
	size_t i;
	int r;

	if (argc < 2)
		return prompt_tool_usage();
	argc--;
	argv++;
	if (streq(argv[0], "read") && argc == 3)
		r = prompt_tool_read(argv[1], argv[2], &out);
	else if (streq(argv[0], "passphrase") && argc == 2)
		r = prompt_tty_read_passphrase(argv[1], &out);
	else if (streq(argv[0], "mfa") && (argc == 3 || argc == 4))
		r = prompt_tool_mfa(argc, argv, &out);
	else if (streq(argv[0], "process") && argc == 2)
		r = prompt_process_read_mfa(argv[1], &out);
	else if (streq(argv[0], "confirm") && argc == 2) {
		if ((r = prompt_tty_confirm(argv[1], &yes)) == 0)
			printf("%s\n", yes ? "yes" : "no");
	} else if (streq(argv[0], "available") && argc == 1) {
		strv_init(&names);
		prompt_available_names(&names);
		for (i = 0; i < names.n; i++)
			printf("%s\n", names.v[i]);
		strv_release(&names);
		r = 0;
	} else
		return prompt_tool_usage();
	if (r != 0) {
		fprintf(stderr, "prompt-tool: %s\n", av_error_msg());
		secbuf_free(out);
		return 1;
	}
	if (out != NULL)
		printf("[%s]\n", secbuf_ptr(out));
	secbuf_free(out);
	return 0;
}
