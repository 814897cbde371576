/* SPDX-License-Identifier: MIT */
/*
 * sigv4.h: AWS Signature Version 4 (header-signed requests).
 *
 * Every header of the request except Authorization is signed; the caller
 * adds only the headers it means to sign (Host, Content-Type, ...) and
 * leaves the rest (User-Agent, Content-Length) to the transport.  The
 * canonical request and the string to sign may contain the session token,
 * so they are built in secbufs; the signing key and the intermediate HMAC
 * keys live on the stack and are wiped on every path.
 * Layering: util, aws/request, aws/creds <- sigv4 <- query, http clients.
 */
#ifndef AV_AWS_SIGV4_H
#define AV_AWS_SIGV4_H

#include "util/common.h"

struct aws_creds;
struct aws_request;
struct buf;
struct secbuf;

#define SIGV4_ALGORITHM		"AWS4-HMAC-SHA256"
#define SIGV4_KEY_LEN		32
/* Bound on a canonical request: headers, query and path, not the body. */
#define SIGV4_CREQ_MAX		(256 * 1024)

/* Append the canonical request of req to creq and the signed header list
 * ("host;x-amz-date") to signed_headers (may be NULL).  The path is
 * normalised (".", ".." and empty segments removed) and each segment
 * encoded once; the query is decoded, encoded once and sorted by key then
 * value; header names are lower-cased, values trimmed with inner white
 * space (folded lines included) collapsed to one space, repeated headers
 * joined with ',' in order.  Returns 0, AV_ERR_INVALID when creq is full.
 */
int sigv4_canonical_request(const struct aws_request *req,
    struct secbuf *creq, struct buf *signed_headers);

/* Append the string to sign for the canonical request creq to out:
 * "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256(creq)>".
 * Returns 0 or AV_ERR_INVALID when out is full. */
int sigv4_string_to_sign(const char *amz_date, const char *scope,
    const struct secbuf *creq, struct secbuf *out);

/* Derive the signing key from the secret key, the date (YYYYMMDD), region
 * and service into key.  The caller wipes key. */
void sigv4_signing_key(const struct secbuf *secret, const char *date,
    const char *region, const char *service,
    unsigned char key[SIGV4_KEY_LEN]);

/* Format now (Unix seconds) as X-Amz-Date "YYYYMMDDTHHMMSSZ" into out (at
 * least 17 bytes). */
void sigv4_format_date(int64_t now, char out[17]);

/* Sign req for service in region at time now with creds: set X-Amz-Date,
 * set X-Amz-Security-Token when creds carry a session token (it is
 * signed), then set Authorization.  req must have a Host header.  Any
 * earlier Authorization is replaced, so signing again is idempotent.
 * Returns 0 or a negative AV_ERR_* code (AV_ERR_INVALID for missing
 * credentials or an oversized request). */
int sigv4_sign_request(struct aws_request *req, const struct aws_creds *creds,
    const char *region, const char *service, int64_t now);

#endif
