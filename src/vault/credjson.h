/* SPDX-License-Identifier: MIT */
/*
 * credjson.h: the Data JSON of credential items in the keyring (spec
 * 11.2, 6.8), byte-compatible with the Go tool.
 *
 * - Long-term ("master") credentials: Go's aws.Credentials,
 *   {"AccessKeyID":..,"SecretAccessKey":..,"SessionToken":..,"Source":"",
 *    "CanExpire":..,"Expires":..,"AccountID":""}.
 * - Cached sessions: STS types.Credentials,
 *   {"AccessKeyId":..,"Expiration":..,"SecretAccessKey":..,"SessionToken":..}.
 *
 * Readers follow Go's encoding/json: member names match
 * case-insensitively (so AccessKeyID and AccessKeyId both work), unknown
 * members are ignored, order does not matter.  Output is written by hand
 * with Go's string escaping into a secbuf, so secrets never pass through
 * jansson on the way out.  Error messages never quote the input.
 *
 * Layering: vault, on aws/creds.h and util.
 */
#ifndef AV_VAULT_CREDJSON_H
#define AV_VAULT_CREDJSON_H

#include "util/common.h"

struct aws_creds;
struct secbuf;

/* Parse master credentials.  Missing members are empty; a present member
 * of the wrong type, or a bad time, is an error as in Go.  *credsp is new
 * (aws_creds_free).  Returns 0 or AV_ERR_INVALID with the message
 * "Invalid data in keyring: <why>". */
int credjson_master_parse(const char *json, size_t n,
    struct aws_creds **credsp);

/* Format master credentials exactly as ByteNess writes them; Expires is
 * "0001-01-01T00:00:00Z" unless c->can_expire.  *jsonp is a new secbuf.
 * Returns 0 or AV_ERR_INVALID (too large). */
int credjson_master_format(const struct aws_creds *c, struct secbuf **jsonp);

/* Parse session credentials: AccessKeyId, SecretAccessKey and
 * Expiration (any RFC 3339; fractional seconds truncated) are required,
 * SessionToken optional.  The result has can_expire set.  Returns 0 or
 * AV_ERR_INVALID (the caller then treats the entry as not found). */
int credjson_session_parse(const char *json, size_t n,
    struct aws_creds **credsp);

/* Format session credentials with Expiration as UTC RFC 3339 "...Z".
 * *jsonp is a new secbuf.  Returns 0 or AV_ERR_INVALID. */
int credjson_session_format(const struct aws_creds *c,
    struct secbuf **jsonp);

#endif
