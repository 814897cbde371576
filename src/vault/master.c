/* SPDX-License-Identifier: MIT */
/* master.c: long-term credentials in the keyring. */
#include "util/common.h"

#include "aws/creds.h"
#include "keyring/keyring.h"
#include "keyring/keys.h"
#include "util/secbuf.h"
#include "vault/credjson.h"
#include "vault/master.h"

int
master_get(struct keyring *kr, const char *profile, struct aws_creds **credsp)
{
	struct keyring_item *item = NULL;
	int r;

	*credsp = NULL;
	if ((r = keyring_get(kr, profile, &item)) != 0)
		return r;
	r = credjson_master_parse(secbuf_ptr(item->data),
	    secbuf_len(item->data), credsp);
	keyring_item_free(item);
	return r;
}

int
master_set(struct keyring *kr, const char *profile,
    const struct aws_creds *creds)
{
	struct keyring_item *item = NULL;
	struct secbuf *json = NULL;
	char *label;
	int r;

	if ((r = credjson_master_format(creds, &json)) != 0)
		return r;
	label = keys_credentials_label(profile);
	item = keyring_item_new(profile, secbuf_ptr(json), secbuf_len(json),
	    label, "");
	item->keychain_not_trust_application = true;
	r = keyring_set(kr, item);
	keyring_item_free(item);
	secbuf_free(json);
	free(label);
	return r;
}
