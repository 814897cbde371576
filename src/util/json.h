/* SPDX-License-Identifier: MIT */
/*
 * json.h: small helpers around jansson.
 *
 * - json_wipe_init() makes jansson wipe every block it frees, so the
 *   copies of secrets it makes while parsing do not linger on the heap.
 * - json_go_string() writes a JSON string exactly as Go's encoding/json
 *   does (\u003c \u003e \u0026, \u2028 \u2029, \ufffd for invalid UTF-8),
 *   for output that scripts or the Go tool compare byte for byte.
 * - json_get_nocase() looks a member up the way Go's decoder matches
 *   struct fields: the exact name first, then case-insensitively.
 */
#ifndef AV_JSON_H
#define AV_JSON_H

#include "util/common.h"

#include <jansson.h>

struct buf;

void json_wipe_init(void);
int json_go_string(struct buf *b, const char *s, size_t n);
/* Append pre (the member's name and colon as raw JSON, with any comma
 * or brace before it), then s as json_go_string, or null when s is
 * NULL (Go's nil *string). */
int json_go_member(struct buf *b, const char *pre, const char *s, size_t n);
/* Borrowed reference or NULL. */
json_t *json_get_nocase(const json_t *obj, const char *key);
/* The string value of member key (json_get_nocase) or NULL when it is
 * missing, null, or not a string.  Borrowed from obj. */
const char *json_get_string(const json_t *obj, const char *key);
/* Member key (json_get_nocase) as Go decodes it into a string field: *vp
 * is its value (borrowed from obj), or NULL when it is missing or null.
 * Returns 0, or AV_ERR_INVALID for another type, with the message
 * "<what>: field <key> is not a string". */
int json_get_string_field(const json_t *obj, const char *key,
    const char *what, const char **vp);

/* Parse n bytes that must hold a JSON object into *rootp (json_decref
 * it).  On error the message is "<what>: <jansson's reason> at line L
 * column C", never quoting the input (it may hold secrets).  Returns 0 or
 * AV_ERR_INVALID. */
int json_load_object(const char *json, size_t n, const char *what,
    json_t **rootp);

#endif
