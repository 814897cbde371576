/* SPDX-License-Identifier: MIT */
/*
 * item.c: keyring items and their JSON (spec 11.2), byte-compatible with
 * Go's json.Marshal(keyring.Item).  Written by hand with Go's escaping so
 * the secret never passes through jansson's allocator on the way out;
 * parsed with jansson (whose frees are wiped, see util/json.h).
 */
#include "util/common.h"

#include "keyring/keyring.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/secbuf.h"
#include "util/xmalloc.h"

struct keyring_item *
keyring_item_new(const char *key, const void *data, size_t n,
    const char *label, const char *description)
{
	struct keyring_item *item = xcalloc(1, sizeof(*item));

	item->key = xstrdup(key);
	item->data = secbuf_from(data, n);
	item->label = xstrdup(label != NULL ? label : "");
	item->description = xstrdup(description != NULL ? description : "");
	return item;
}

void
keyring_item_free(struct keyring_item *item)
{
	if (item == NULL)
		return;
	free(item->key);
	secbuf_free(item->data);
	free(item->label);
	free(item->description);
	free(item);
}

int
keyring_item_json_format(const struct keyring_item *item,
    struct secbuf **jsonp)
{
	struct secbuf *out = NULL;
	struct buf *b;
	size_t dlen, n64;
	char *p;
	int r;

	*jsonp = NULL;
	dlen = item->data != NULL ? secbuf_len(item->data) : 0;
	n64 = base64_encoded_len(dlen, BASE64_STD);
	out = secbuf_new(4 * 1024 * 1024);
	b = secbuf_buf(out);
	if ((r = buf_puts(b, "{\"Key\":")) != 0 ||
	    (r = json_go_string(b, item->key, strlen(item->key))) != 0 ||
	    (r = buf_puts(b, ",\"Data\":\"")) != 0)
		goto out;
	/* Encoded in place: the secret has no copy outside secbufs. */
	if ((p = buf_space(b, n64)) == NULL) {
		r = AV_ERR_INVALID;
		goto out;
	}
	base64_encode(dlen ? secbuf_ptr(item->data) : "", dlen, BASE64_STD,
	    p);
	buf_advance(b, n64);
	if ((r = buf_puts(b, "\",\"Label\":")) != 0 ||
	    (r = json_go_string(b, item->label ? item->label : "",
	    item->label ? strlen(item->label) : 0)) != 0 ||
	    (r = buf_puts(b, ",\"Description\":")) != 0 ||
	    (r = json_go_string(b, item->description ? item->description : "",
	    item->description ? strlen(item->description) : 0)) != 0 ||
	    (r = buf_printf(b, ",\"KeychainNotTrustApplication\":%s"
	    ",\"KeychainNotSynchronizable\":%s}",
	    item->keychain_not_trust_application ? "true" : "false",
	    item->keychain_not_synchronizable ? "true" : "false")) != 0)
		goto out;
	*jsonp = out;
	out = NULL;	/* transferred */
	r = 0;
out:
	secbuf_free(out);
	return r;
}

/* Copy the string member name of obj into *dstp ("" when absent or null).
 * Returns AV_ERR_INVALID when present with another type. */
static int
keyring_item_json_str(const json_t *obj, const char *name, char **dstp)
{
	const char *v;
	int r;

	if ((r = json_get_string_field(obj, name, "keyring item", &v)) != 0)
		return r;
	*dstp = xstrdup(v != NULL ? v : "");
	return 0;
}

static int
keyring_item_json_bool(const json_t *obj, const char *name, bool *dstp)
{
	json_t *v = json_get_nocase(obj, name);

	if (v != NULL && !json_is_boolean(v) && !json_is_null(v))
		return av_error_set(AV_ERR_INVALID,
		    "keyring item: field %s is not a boolean", name);
	*dstp = json_is_true(v);
	return 0;
}

int
keyring_item_json_parse(const char *json, size_t n,
    struct keyring_item **itemp)
{
	struct keyring_item *item = NULL;
	json_t *root = NULL;
	const char *data;
	struct buf *b;
	size_t dl, max, rawlen;
	char *p;
	int r;

	*itemp = NULL;
	if ((r = json_load_object(json, n, "keyring item", &root)) != 0)
		goto out;
	item = xcalloc(1, sizeof(*item));
	if ((r = keyring_item_json_str(root, "Key", &item->key)) != 0 ||
	    (r = keyring_item_json_str(root, "Label", &item->label)) != 0 ||
	    (r = keyring_item_json_str(root, "Description",
	    &item->description)) != 0 ||
	    (r = keyring_item_json_bool(root, "KeychainNotTrustApplication",
	    &item->keychain_not_trust_application)) != 0 ||
	    (r = keyring_item_json_bool(root, "KeychainNotSynchronizable",
	    &item->keychain_not_synchronizable)) != 0)
		goto out;
	if ((r = json_get_string_field(root, "Data", "keyring item",
	    &data)) != 0)
		goto out;
	/* jansson refuses \u0000 without JSON_ALLOW_NUL: strlen is the
	 * string's length. */
	if (data == NULL)
		data = "";
	dl = strlen(data);
	max = base64_decoded_max(dl);
	/* Decoded in place: the secret has no copy outside secbufs. */
	item->data = secbuf_new(max);
	b = secbuf_buf(item->data);
	if ((p = buf_space(b, max)) == NULL)
		BUG("item data within its maximum");
	if (base64_decode(data, dl, BASE64_STD, (unsigned char *)p,
	    &rawlen) != 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "keyring item: Data is not valid base64");
		goto out;
	}
	buf_advance(b, rawlen);
	*itemp = item;
	item = NULL;	/* transferred */
	r = 0;
out:
	json_decref(root);
	keyring_item_free(item);
	return r;
}
