/* SPDX-License-Identifier: MIT */
/* fetch.c: the calls behind each provider (spec 6.5). */
#include "util/common.h"

#include <jansson.h>

#include "aws/creds.h"
#include "aws/endpoint.h"
#include "aws/query.h"
#include "aws/sts.h"
#include "config/profile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/spawn.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/fetch.h"
#include "vault/mfa.h"
#include "vault/sso.h"
#include "vault/vault.h"

struct query_client *
fetch_client(const struct vault *v, const struct profile_config *cfg,
    int service, const struct aws_creds *creds)
{
	static const char *const names[] = { "sts", "iam", "sso", "sso_oidc" };
	struct endpoint_config ec;

	memset(&ec, 0, sizeof(ec));
	ec.region = cfg->region;
	ec.profile_url = cfg->endpoint_url;
	ec.sts_regional = cfg->sts_regional_endpoints;
	if (v->cf != NULL && !str_empty(cfg->services))
		ec.service_url = config_services_endpoint(v->cf, cfg->services,
		    names[service]);
	return query_client_new((enum endpoint_service)service, &ec, creds);
}

/* Go's default RoleSessionName: the current Unix time in nanoseconds. */
static char *
fetch_session_name(const struct profile_config *cfg)
{
	if (!str_empty(cfg->role_session_name))
		return xstrdup(cfg->role_session_name);
	return xasprintf("%lld", (long long)clock_now_ns());
}

int
fetch_session_token(struct provider *p, const struct aws_creds *src,
    struct aws_creds **credsp)
{
	struct sts_get_session_token_input in;
	struct query_client *c = NULL;
	struct secbuf *code = NULL;
	int r;

	memset(&in, 0, sizeof(in));
	in.duration = p->duration / DUR_SECOND;
	if (p->mfa_serial != NULL) {
		if ((r = mfa_get_code(p->v, p->cfg, p->mfa_serial, &code)) != 0)
			goto out;
		in.serial_number = p->mfa_serial;
		in.token_code = secbuf_ptr(code);
	}
	log_debug("profile %s: using GetSessionToken %s", p->cfg->name,
	    p->mfa_serial != NULL ? "with MFA" : "without MFA");
	c = fetch_client(p->v, p->cfg, ENDPOINT_STS, src);
	if ((r = sts_get_session_token(c, &in, credsp)) == 0 && code != NULL)
		mfa_code_used(p->mfa_serial, code);
out:
	query_client_free(c);
	secbuf_free(code);
	return r;
}

int
fetch_assume_role(struct provider *p, const struct aws_creds *src,
    struct aws_creds **credsp)
{
	const struct profile_config *cfg = p->cfg;
	struct sts_assume_role_input in;
	struct query_client *c = NULL;
	struct secbuf *code = NULL;
	struct sts_tag *tags = NULL;
	char *name;
	size_t i;
	int r;

	memset(&in, 0, sizeof(in));
	name = fetch_session_name(cfg);
	in.role_arn = cfg->role_arn;
	in.role_session_name = name;
	in.duration = p->duration / DUR_SECOND;
	in.external_id = str_empty(cfg->external_id) ? NULL :
	    cfg->external_id;
	in.source_identity = str_empty(cfg->source_identity) ? NULL :
	    cfg->source_identity;
	if (cfg->nsession_tags > 0) {
		tags = xcalloc(cfg->nsession_tags, sizeof(*tags));
		for (i = 0; i < cfg->nsession_tags; i++) {
			tags[i].key = cfg->session_tags[i].key;
			tags[i].value = cfg->session_tags[i].value;
		}
		in.tags = tags;
		in.ntags = cfg->nsession_tags;
	}
	in.transitive_tag_keys = (const char *const *)cfg->transitive_tags.v;
	in.ntransitive_tag_keys = cfg->transitive_tags.n;
	if (p->mfa_serial != NULL) {
		if ((r = mfa_get_code(p->v, cfg, p->mfa_serial, &code)) != 0)
			goto out;
		in.serial_number = p->mfa_serial;
		in.token_code = secbuf_ptr(code);
	}
	log_debug("profile %s: using AssumeRole %s for %s", cfg->name,
	    p->mfa_serial != NULL ? "with MFA" : "without MFA",
	    cfg->role_arn);
	c = fetch_client(p->v, cfg, ENDPOINT_STS, src);
	if ((r = sts_assume_role(c, &in, credsp)) == 0 && code != NULL)
		mfa_code_used(p->mfa_serial, code);
out:
	query_client_free(c);
	secbuf_free(code);
	free(tags);
	free(name);
	return r;
}

/* Run cmd with /bin/sh -c, stdout captured into a new secbuf. */
static int
fetch_run(const char *cmd, struct secbuf **outp)
{
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	struct spawn sp;
	struct secbuf *out;
	int r, st;

	*outp = NULL;
	out = secbuf_new(BUF_HTTP_MAX);
	memset(&sp, 0, sizeof(sp));
	sp.argv = argv;
	sp.out = SPAWN_CAPTURE;
	sp.out_buf = secbuf_buf(out);
	if ((r = spawn_run(&sp, &st)) != 0) {
		av_error_prefix("running command \"%s\"", cmd);
		goto out;
	}
	if (st != 0) {
		r = av_error_set(AV_ERR_INVALID,
		    "running command \"%s\": exit status %d", cmd, st);
		goto out;
	}
	*outp = out;
	out = NULL;	/* transferred */
out:
	secbuf_free(out);
	return r;
}

int
fetch_web_identity(struct provider *p, struct aws_creds **credsp)
{
	const struct profile_config *cfg = p->cfg;
	struct sts_web_identity_input in;
	struct query_client *c = NULL;
	struct secbuf *token = NULL;
	char *name = NULL;
	int r;

	if (!str_empty(cfg->web_identity_token_file)) {
		token = secbuf_new(BUF_HTTP_MAX);
		/* Followed: Kubernetes projects the token as a symlink. */
		if ((r = fs_read_file_follow(cfg->web_identity_token_file,
		    BUF_HTTP_MAX, secbuf_buf(token))) != 0) {
			av_error_prefix("unable to read file at %s",
			    cfg->web_identity_token_file);
			goto out;
		}
	} else if ((r = fetch_run(cfg->web_identity_token_process,
	    &token)) != 0) {
		goto out;
	}
	memset(&in, 0, sizeof(in));
	name = fetch_session_name(cfg);
	in.role_arn = cfg->role_arn ? cfg->role_arn : "";
	in.role_session_name = name;
	in.duration = p->duration / DUR_SECOND;
	in.token = token;
	c = fetch_client(p->v, cfg, ENDPOINT_STS, NULL);
	r = sts_assume_role_with_web_identity(c, &in, credsp);
out:
	query_client_free(c);
	secbuf_free(token);
	free(name);
	return r;
}

int
fetch_parse_process_json(const char *cmd, const char *json, size_t n,
    struct aws_creds **credsp)
{
	static const char *const fields[] = { "AccessKeyId", "Expiration",
	    "SecretAccessKey", "SessionToken" };
	const char *val[4];
	struct buf missing;
	json_t *root;
	int64_t sec;
	int32_t nsec;
	size_t i;
	int r;

	*credsp = NULL;
	if ((r = json_load_object(json, n, "JSON", &root)) != 0) {
		av_error_prefix("invalid JSON format from command \"%s\"", cmd);
		return r;
	}
	buf_init(&missing, 4096);
	for (i = 0; i < 4; i++) {
		json_t *v = json_get_nocase(root, fields[i]);

		if (v != NULL && !json_is_string(v) && !json_is_null(v)) {
			r = av_error_set(AV_ERR_INVALID, "invalid JSON format "
			    "from command \"%s\": %s is not a string", cmd,
			    fields[i]);
			goto out;
		}
		val[i] = json_is_string(v) ? json_string_value(v) : "";
		if (*val[i] == '\0')
			buf_printf(&missing, "%s%s", missing.len ? " " : "",
			    fields[i]);
	}
	if (missing.len > 0) {
		r = av_error_set(AV_ERR_INVALID, "JSON credential from command "
		    "\"%s\" missing the following fields: [%s]", cmd,
		    buf_cstr(&missing));
		goto out;
	}
	if (time_parse_rfc3339(val[1], &sec, &nsec) != 0) {
		r = av_error_set(AV_ERR_INVALID, "invalid JSON format from "
		    "command \"%s\": Expiration is not an RFC 3339 time", cmd);
		goto out;
	}
	*credsp = aws_creds_from(val[0], val[2], val[3]);
	(*credsp)->can_expire = true;
	(*credsp)->expires = sec;
	r = 0;
out:
	buf_release(&missing);
	json_decref(root);
	return r;
}

int
fetch_credential_process(struct provider *p, struct aws_creds **credsp)
{
	struct secbuf *out = NULL;
	int r;

	if ((r = fetch_run(p->cfg->credential_process, &out)) != 0)
		return r;
	r = fetch_parse_process_json(p->cfg->credential_process,
	    secbuf_ptr(out), secbuf_len(out), credsp);
	secbuf_free(out);
	return r;
}

int
fetch_sso(struct provider *p, struct aws_creds **credsp)
{
	return vault_sso_credentials(p->v, p->cfg, credsp);
}
