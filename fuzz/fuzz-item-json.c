/* SPDX-License-Identifier: MIT */
/*
 * fuzz-item-json.c: the keyring Item JSON parser (keyring/item.c) on
 * untrusted bytes (a decrypted file, a pass entry, a Secret Service
 * secret).  What parses must format and parse back to the same item.
 * The same bytes, as a NUL-free string, also go through the key
 * classifier (keyring/keys.c), whose input is untrusted file names.
 */
#include "util/common.h"

#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parsed session key, formatted again, parses to the same fields
 * (unless the profile decoded to nothing: as in Go, "\n" is a field that
 * decodes to "" since line breaks are skipped, and "" cannot be written
 * back into the non-empty second field). */
static void
fuzz_keys(const uint8_t *data, size_t size)
{
	struct keys_session s, t;
	char *key = xstrndup((const char *)data, size), *again;

	(void)keys_classify(key);
	if (keys_session_parse(key, &s) == 0 && *s.profile != '\0') {
		again = keys_session_format(s.type, s.profile, s.mfa, s.expiry);
		if (keys_session_parse(again, &t) != 0 ||
		    strcmp(s.type, t.type) != 0 ||
		    strcmp(s.profile, t.profile) != 0 ||
		    strcmp(s.mfa, t.mfa) != 0 || s.expiry != t.expiry)
			abort();
		keys_session_release(&t);
		free(again);
	}
	keys_session_release(&s);
	free(key);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyring_item *item = NULL, *back = NULL;
	struct secbuf *json = NULL;

	fuzz_keys(data, size);
	if (keyring_item_json_parse((const char *)data, size, &item) != 0)
		return 0;
	if (keyring_item_json_format(item, &json) != 0)
		abort();
	if (keyring_item_json_parse(secbuf_ptr(json), secbuf_len(json),
	    &back) != 0)
		abort();
	if (strcmp(back->key, item->key) != 0 ||
	    strcmp(back->label, item->label) != 0 ||
	    strcmp(back->description, item->description) != 0 ||
	    secbuf_len(back->data) != secbuf_len(item->data) ||
	    memcmp(secbuf_ptr(back->data), secbuf_ptr(item->data),
	    secbuf_len(item->data)) != 0 ||
	    back->keychain_not_trust_application !=
	    item->keychain_not_trust_application ||
	    back->keychain_not_synchronizable !=
	    item->keychain_not_synchronizable)
		abort();
	keyring_item_free(back);
	secbuf_free(json);
	keyring_item_free(item);
	return 0;
}
