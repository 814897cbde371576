/* SPDX-License-Identifier: MIT */
/*
 * fuzz-credfile.c: libFuzzer target for the plaintext-key readers of
 * `import` and `doctor`: the credentials file (config/credfile.c) with
 * its section removal, the access-key CSV parser, and the leftovers line
 * matcher.  Besides crashes it checks the removal's promises: a removal
 * that succeeds leaves a text no longer than the input in which the
 * removed section is gone and every other one is still there.
 */
#include "util/common.h"

#include "config/credfile.h"
#include "util/error.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/xmalloc.h"
#include "vault/leftovers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Remove section i of cf from text and check the result. */
static void
fuzz_credfile_remove_one(const struct credfile *cf, const char *text,
    size_t len, size_t i)
{
	struct credfile *after = NULL;
	struct secbuf *out = NULL;
	struct strv names;
	size_t k;

	strv_init(&names);
	strv_push(&names, cf->sections[i].name);
	if (credfile_remove(text, len, "fuzz", &names, &out) == 0) {
		if (secbuf_len(out) > len)
			BUG("removal made the file longer");
		if (credfile_parse(secbuf_ptr(out), secbuf_len(out), "fuzz",
		    &after) != 0)
			BUG("removal result does not parse");
		if (credfile_find(after, cf->sections[i].name) != NULL)
			BUG("removed section still there");
		for (k = 0; k < cf->nsections; k++)
			if (k != i && credfile_find(after,
			    cf->sections[k].name) == NULL)
				BUG("another section was lost");
		credfile_free(after);
	}
	av_error_clear();
	secbuf_free(out);
	strv_release(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *p, *end, *nl;
	struct credfile_csv *csv = NULL;
	struct credfile *cf = NULL;
	size_t i;

	if (credfile_parse(text, size, "fuzz", &cf) == 0) {
		for (i = 0; i < cf->nsections && i < 16; i++)
			fuzz_credfile_remove_one(cf, text, size, i);
		credfile_free(cf);
	}
	av_error_clear();
	if (credfile_csv_parse(text, size, "fuzz", &csv) == 0) {
		if (csv->nkeys == 0)
			BUG("csv parsed without a key");
		for (i = 0; i < csv->nkeys; i++)
			if (!credfile_is_key_id(csv->keys[i].access_key_id))
				BUG("csv key id not checked");
		credfile_csv_free(csv);
	}
	av_error_clear();
	for (p = text, end = text + size; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		(void)leftovers_line_has_key(p, (size_t)(nl - p));
	}
	return 0;
}
