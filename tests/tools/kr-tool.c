/* SPDX-License-Identifier: MIT */
/*
 * kr-tool.c: drives a keyring backend without the CLI, for the keystore
 * conformance tests (tests/integration/t020*-keyring-*.sh).  This is a
 * test tool: the data it prints are test values.
 *
 *   kr-tool [options] backend            open (choosing when no -b) and
 *                                        print the backend's name
 *   kr-tool [options] get KEY            print the item's Data
 *   kr-tool [options] item KEY           print the item as Item JSON
 *   kr-tool [options] set KEY [DATA]     store DATA (default: stdin)
 *   kr-tool [options] remove KEY
 *   kr-tool [options] keys               one key per line
 *   kr-tool [options] conformance        TAP lines without a plan
 *   kr-tool passcache-get DIR            print the cached passphrase
 *   kr-tool passcache-put DIR TTL        cache stdin as DIR's passphrase
 *   kr-tool passcache-forget DIR
 *   kr-tool passcache-forget-all         print how many were forgotten
 *
 * Options (each also read from the aws-vault environment variable named
 * in brackets): -b NAME [AWS_VAULT_BACKEND], --file-dir
 * [AWS_VAULT_FILE_DIR], --pass-dir [AWS_VAULT_PASS_PASSWORD_STORE_DIR],
 * --pass-cmd [AWS_VAULT_PASS_CMD], --pass-prefix [AWS_VAULT_PASS_PREFIX],
 * --collection [AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME], --keyctl-scope
 * [AWS_VAULT_KEYCTL_SCOPE], -l LABEL and -D DESCRIPTION (for set), -d
 * (debug log).  The file backend's passphrase comes from
 * AWS_VAULT_FILE_PASSPHRASE.
 *
 * Exit status: 0 done, 1 error ("kr-tool: <message>" on stderr), 2 usage,
 * 3 not found.
 */
#include "util/common.h"

#include <unistd.h>

#include "keyring/keyring.h"
#include "keyring/pass.h"
#include "keyring/passcache.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"

#define KR_TOOL_IN_MAX	(1024 * 1024)

struct kr_tool {
	struct keyring_config	 cfg;
	const char		*label;
	const char		*description;
	int			 ntests;
	int			 nfailed;
};

static int
kr_tool_usage(void)
{
	fprintf(stderr, "usage: kr-tool [-b backend] [options] backend|get|"
	    "item|set|remove|keys|conformance|passcache-* ...\n");
	return 2;
}

/* Read all of stdin into a new secbuf. */
static int
kr_tool_stdin(struct secbuf **outp)
{
	struct secbuf *sb = secbuf_new(KR_TOOL_IN_MAX);
	char chunk[4096];
	ssize_t n;
	int r = 0;

	*outp = NULL;
	while (r == 0 && (n = read(0, chunk, sizeof(chunk))) > 0)
		r = secbuf_put(sb, chunk, (size_t)n);
	explicit_bzero(chunk, sizeof(chunk));	/* on every path */
	if (r != 0)
		r = av_error_set(r, "stdin is too large");
	else if (n < 0)
		r = av_error_errno(AV_ERR_SYSTEM, "read stdin");
	if (r != 0) {
		secbuf_free(sb);
		return r;
	}
	*outp = sb;
	return 0;
}

static void
kr_tool_write(const void *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, stdout) != n)
		fatal("write stdout failed");
}

/* One TAP test point. */
static void kr_tool_check(struct kr_tool *t, bool ok, const char *fmt, ...)
    AV_PRINTF(3, 4);

static void
kr_tool_check(struct kr_tool *t, bool ok, const char *fmt, ...)
{
	va_list ap;

	t->ntests++;
	if (!ok)
		t->nfailed++;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok && av_error_msg()[0] != '\0')
		printf("# last error: %s\n", av_error_msg());
	fflush(stdout);
}

/* Data distinct for each key, with bytes JSON and shells find awkward. */
static struct secbuf *
kr_tool_data_for(const char *key, size_t size)
{
	struct secbuf *sb = secbuf_new(size > 0 ? size : 64 + strlen(key));
	static const char tail[] = { 0, 1, '"', '\\', '\n', (char)0xff };
	size_t i;

	if (size == 0) {
		(void)secbuf_puts(sb, "data for ");
		(void)secbuf_puts(sb, key);
		(void)secbuf_put(sb, tail, sizeof(tail));
		return sb;
	}
	for (i = 0; i < size; i++) {
		char c = (char)((i * 131 + strlen(key)) & 0xff);

		(void)secbuf_put(sb, &c, 1);
	}
	return sb;
}

/* The form in which backend lists key: pass and passage clean the path,
 * as Go does. */
static char *
kr_tool_listed(const char *backend, const char *key)
{
	const char *elems[1] = { key };

	if (streq(backend, "pass") || streq(backend, "passage"))
		return keyring_pass_join(elems, 1);
	return xstrdup(key);
}

static size_t
kr_tool_count(const struct strv *keys, const char *key)
{
	size_t i, n = 0;

	for (i = 0; i < keys->n; i++)
		if (streq(keys->v[i], key))
			n++;
	return n;
}

/* Store key with data, read it back, compare. */
static void
kr_tool_roundtrip(struct kr_tool *t, struct keyring *kr, const char *key,
    const struct secbuf *data, const char *what)
{
	const char *name = keyring_name(kr);
	bool keeps_label = !streq(name, "keyctl");
	struct keyring_item *in, *out = NULL;
	char *label = xasprintf("label of %s", key);
	int r;

	in = keyring_item_new(key, secbuf_ptr(data), secbuf_len(data), label,
	    "a description");
	in->keychain_not_trust_application = true;
	av_error_clear();
	r = keyring_set(kr, in);
	kr_tool_check(t, r == 0, "set %s '%s'", what, key);
	av_error_clear();
	r = keyring_get(kr, key, &out);
	kr_tool_check(t, r == 0 && out != NULL && secbuf_eq(out->data, data),
	    "get %s '%s' returns the data stored", what, key);
	if (r == 0 && out != NULL) {
		kr_tool_check(t, streq(out->key, key), "get '%s': Key field",
		    key);
		kr_tool_check(t, keeps_label ? streq(out->label, label) &&
		    streq(out->description, "a description") &&
		    out->keychain_not_trust_application :
		    streq(out->label, ""), "get '%s': Label and Description "
		    "%s", key, keeps_label ? "kept" : "dropped (Go layout)");
	}
	keyring_item_free(out);
	keyring_item_free(in);
	free(label);
}

/* The conformance suite: the behaviour every backend shares, with the
 * few differences the Go layouts impose. */
static int
kr_tool_conformance(struct kr_tool *t, struct keyring *kr)
{
	static const char *const keys[] = {
		"conf-plain",
		"conf/with/slash",
		"conf%percent",
		"conf%2Fescaped",
		"conf with space",
		"conf-\xc3\xbc" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9-"
		    "\xe6\x97\xa5\xe6\x9c\xac",	/* ünïcödé, 日本 */
		"oidc:https://example.awsapps.com/start",
		"sts.GetSessionToken,Y29uZg,,1767225600",
		"conf,comma=equals;semi",
	};
	const char *name = keyring_name(kr);
	bool is_keyctl = streq(name, "keyctl");
	struct keyring_item *item = NULL;
	struct secbuf *data, *big;
	struct strv list;
	size_t i, bigsize;
	int r;

	printf("# conformance of backend %s\n", name);
	strv_init(&list);
	av_error_clear();
	r = keyring_keys(kr, &list);
	kr_tool_check(t, r == 0, "keys works");
	for (i = 0; i < AV_ARRAY_SIZE(keys); i++) {
		char *l = kr_tool_listed(name, keys[i]);

		kr_tool_check(t, kr_tool_count(&list, l) == 0,
		    "'%s' is not there before the test", l);
		free(l);
	}
	strv_release(&list);

	av_error_clear();
	r = keyring_get(kr, "conf-missing", &item);
	kr_tool_check(t, r == AV_ERR_NOT_FOUND && item == NULL,
	    "get of a missing item: not found (%d)", r);
	r = keyring_remove(kr, "conf-missing");
	if (streq(name, "secret-service"))
		kr_tool_check(t, r == 0, "remove of a missing item: success "
		    "(Go secret-service behaviour)");
	else
		kr_tool_check(t, r == AV_ERR_NOT_FOUND,
		    "remove of a missing item: not found (%d)", r);

	for (i = 0; i < AV_ARRAY_SIZE(keys); i++) {
		data = kr_tool_data_for(keys[i], 0);
		kr_tool_roundtrip(t, kr, keys[i], data, "item");
		secbuf_free(data);
	}
	/* Overwrite: the new data wins and the key is listed once. */
	data = kr_tool_data_for("overwritten", 0);
	kr_tool_roundtrip(t, kr, keys[0], data, "a second time");
	secbuf_free(data);

	strv_init(&list);
	av_error_clear();
	r = keyring_keys(kr, &list);
	kr_tool_check(t, r == 0, "keys works with items");
	for (i = 0; i < AV_ARRAY_SIZE(keys); i++) {
		char *l = kr_tool_listed(name, keys[i]);

		kr_tool_check(t, kr_tool_count(&list, l) == 1,
		    "keys lists '%s' once", l);
		free(l);
	}
	strv_release(&list);

	/* A big item: 64 KiB, or as much as a kernel user key holds. */
	bigsize = is_keyctl ? 32767 : 64 * 1024;
	big = kr_tool_data_for("big", bigsize);
	kr_tool_roundtrip(t, kr, "conf-big", big, "a big item");
	secbuf_free(big);
	if (is_keyctl) {
		big = kr_tool_data_for("too big", 64 * 1024);
		item = keyring_item_new("conf-too-big", secbuf_ptr(big),
		    secbuf_len(big), NULL, NULL);
		av_error_clear();
		r = keyring_set(kr, item);
		kr_tool_check(t, r == AV_ERR_INVALID &&
		    strstr(av_error_msg(), "1 to 32767 bytes") != NULL,
		    "a 64 KiB item is refused with a clear error");
		printf("# %s\n", av_error_msg());
		keyring_item_free(item);
		item = NULL;
		secbuf_free(big);
	}
	av_error_clear();
	kr_tool_check(t, keyring_remove(kr, "conf-big") == 0,
	    "remove the big item");

	for (i = 0; i < AV_ARRAY_SIZE(keys); i++) {
		av_error_clear();
		r = keyring_remove(kr, keys[i]);
		kr_tool_check(t, r == 0, "remove '%s'", keys[i]);
		r = keyring_get(kr, keys[i], &item);
		kr_tool_check(t, r == AV_ERR_NOT_FOUND, "get '%s' after "
		    "remove: not found", keys[i]);
		keyring_item_free(item);
		item = NULL;
	}
	strv_init(&list);
	av_error_clear();
	r = keyring_keys(kr, &list);
	for (i = 0; i < AV_ARRAY_SIZE(keys) && r == 0; i++) {
		char *l = kr_tool_listed(name, keys[i]);

		if (kr_tool_count(&list, l) != 0)
			r = av_error_set(AV_ERR_INTERNAL, "'%s' still listed",
			    l);
		free(l);
	}
	kr_tool_check(t, r == 0, "keys lists none of them after remove");
	strv_release(&list);
	return t->nfailed == 0 ? 0 : 1;
}

static int
kr_tool_passcache(int argc, char **argv)
{
	struct secbuf *pw = NULL;
	uint64_t ttl;
	size_t n;
	int r;

	if (streq(argv[0], "passcache-get") && argc == 2) {
		if ((r = passcache_get(argv[1], &pw)) == 0)
			kr_tool_write(secbuf_ptr(pw), secbuf_len(pw));
	} else if (streq(argv[0], "passcache-put") && argc == 3) {
		if (cstr_to_u64(argv[2], 0, UINT32_MAX, &ttl) != 0)
			return kr_tool_usage();
		if ((r = kr_tool_stdin(&pw)) == 0)
			r = passcache_put(argv[1], pw, (unsigned int)ttl);
	} else if (streq(argv[0], "passcache-forget") && argc == 2) {
		r = passcache_forget(argv[1]);
	} else if (streq(argv[0], "passcache-forget-all") && argc == 1) {
		if ((r = passcache_forget_all(&n)) == 0)
			printf("%zu\n", n);
	} else {
		return kr_tool_usage();
	}
	secbuf_free(pw);
	return r;
}

static int
kr_tool_run(struct kr_tool *t, int argc, char **argv)
{
	struct keyring *kr = NULL;
	struct keyring_item *item = NULL;
	struct secbuf *data = NULL, *json = NULL;
	struct strv list;
	const char *cmd = argv[0];
	size_t i;
	int r;

	strv_init(&list);
	if ((r = keyring_open(&t->cfg, &kr)) != 0)
		goto out;
	if (streq(cmd, "backend") && argc == 1) {
		printf("%s\n", keyring_name(kr));
	} else if ((streq(cmd, "get") || streq(cmd, "item")) && argc == 2) {
		if ((r = keyring_get(kr, argv[1], &item)) != 0)
			goto out;
		if (streq(cmd, "get")) {
			kr_tool_write(secbuf_ptr(item->data),
			    secbuf_len(item->data));
		} else {
			if ((r = keyring_item_json_format(item, &json)) != 0)
				goto out;
			kr_tool_write(secbuf_ptr(json), secbuf_len(json));
		}
	} else if (streq(cmd, "set") && (argc == 2 || argc == 3)) {
		if (argc == 3)
			data = secbuf_from_str(argv[2]);
		else if ((r = kr_tool_stdin(&data)) != 0)
			goto out;
		item = keyring_item_new(argv[1], secbuf_ptr(data),
		    secbuf_len(data), t->label, t->description);
		r = keyring_set(kr, item);
	} else if (streq(cmd, "remove") && argc == 2) {
		r = keyring_remove(kr, argv[1]);
	} else if (streq(cmd, "keys") && argc == 1) {
		if ((r = keyring_keys(kr, &list)) != 0)
			goto out;
		for (i = 0; i < list.n; i++)
			printf("%s\n", list.v[i]);
	} else if (streq(cmd, "conformance") && argc == 1) {
		r = kr_tool_conformance(t, kr) == 0 ? 0 :
		    av_error_set(AV_ERR_INTERNAL, "%d of %d checks failed",
		    t->nfailed, t->ntests);
	} else {
		r = kr_tool_usage();
	}
out:
	strv_release(&list);
	secbuf_free(json);
	secbuf_free(data);
	keyring_item_free(item);
	keyring_close(kr);
	return r;
}

/* Take an option's value from argv (after "--name") or its variable. */
static bool
kr_tool_opt(int *ip, int argc, char **argv, const char *name,
    const char **dst)
{
	if (!streq(argv[*ip], name))
		return false;
	if (*ip + 1 >= argc)
		exit(kr_tool_usage());
	*dst = argv[++*ip];
	return true;
}

int
main(int argc, char **argv)
{
	struct kr_tool t = { 0 };
	int i, r;

	t.cfg.backend = getenv("AWS_VAULT_BACKEND");
	t.cfg.file_dir = getenv("AWS_VAULT_FILE_DIR");
	t.cfg.pass_dir = getenv("AWS_VAULT_PASS_PASSWORD_STORE_DIR");
	t.cfg.pass_cmd = getenv("AWS_VAULT_PASS_CMD");
	t.cfg.pass_prefix = getenv("AWS_VAULT_PASS_PREFIX");
	t.cfg.secret_service_collection =
	    getenv("AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME");
	t.cfg.keyctl_scope = getenv("AWS_VAULT_KEYCTL_SCOPE");
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (streq(argv[i], "-d"))
			log_set_debug(true);
		else if (kr_tool_opt(&i, argc, argv, "-b", &t.cfg.backend) ||
		    kr_tool_opt(&i, argc, argv, "--file-dir",
		    &t.cfg.file_dir) ||
		    kr_tool_opt(&i, argc, argv, "--pass-dir",
		    &t.cfg.pass_dir) ||
		    kr_tool_opt(&i, argc, argv, "--pass-cmd",
		    &t.cfg.pass_cmd) ||
		    kr_tool_opt(&i, argc, argv, "--pass-prefix",
		    &t.cfg.pass_prefix) ||
		    kr_tool_opt(&i, argc, argv, "--collection",
		    &t.cfg.secret_service_collection) ||
		    kr_tool_opt(&i, argc, argv, "--keyctl-scope",
		    &t.cfg.keyctl_scope) ||
		    kr_tool_opt(&i, argc, argv, "-l", &t.label) ||
		    kr_tool_opt(&i, argc, argv, "-D", &t.description))
			continue;
		else
			return kr_tool_usage();
	}
	if (i >= argc)
		return kr_tool_usage();
	if (str_has_prefix(argv[i], "passcache-"))
		r = kr_tool_passcache(argc - i, argv + i);
	else
		r = kr_tool_run(&t, argc - i, argv + i);
	if (fflush(stdout) != 0)
		r = av_error_errno(AV_ERR_SYSTEM, "write stdout");
	if (r == 2)
		return 2;
	if (r != 0) {
		fprintf(stderr, "kr-tool: %s\n", av_error_msg());
		return r == AV_ERR_NOT_FOUND ? 3 : 1;
	}
	return 0;
}
