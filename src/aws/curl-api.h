/* SPDX-License-Identifier: MIT */
/*
 * curl-api.h: libcurl's functions as aws/http.c loads them with dlopen
 * (the load-time rule: libcurl is never linked).  http.c is the one place
 * that loads libcurl; the EC2 proxy (server/proxy.c), which forwards HTTP
 * as it is, uses the same table rather than loading it a second time.
 * Include only where curl's types are needed: it pulls in <curl/curl.h>.
 */
#ifndef AV_AWS_CURL_API_H
#define AV_AWS_CURL_API_H

#include "util/common.h"

#include <curl/curl.h>

struct http_curl {
	typeof(curl_global_init)	*global_init;
	typeof(curl_easy_init)		*easy_init;
	typeof(curl_easy_reset)		*easy_reset;
	typeof(curl_easy_cleanup)	*easy_cleanup;
	typeof(curl_easy_setopt)	*easy_setopt;
	typeof(curl_easy_perform)	*easy_perform;
	typeof(curl_easy_getinfo)	*easy_getinfo;
	typeof(curl_easy_strerror)	*easy_strerror;
	typeof(curl_slist_append)	*slist_append;
	typeof(curl_slist_free_all)	*slist_free_all;
};

/* Load libcurl once and initialise it; *apip is static.  Returns 0 or
 * AV_ERR_UNSUPPORTED ("libcurl is not installed ...: apt install
 * libcurl4"). */
int http_curl_api(const struct http_curl **apip);

/* Wipe every line of list (they may hold Authorization or a token), then
 * let curl free it.  NULL is a no-op.  Only after http_curl_api. */
void http_curl_slist_free(struct curl_slist *list);

#endif
