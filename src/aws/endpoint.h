/* SPDX-License-Identifier: MIT */
/*
 * endpoint.h: which URL an AWS call goes to and which region signs it
 * (spec 6.10, the AWS SDKs' endpoint conventions).
 *
 * Precedence, highest first: AWS_ENDPOINT_URL_<SERVICE> (STS, IAM, SSO,
 * SSO_OIDC), AWS_ENDPOINT_URL, the profile's services-section value for
 * the service, the profile's endpoint_url, then the defaults: STS
 * regional (https://sts.<region>.<dns suffix>; https://sts.amazonaws.com
 * for the 16 legacy regions with sts_regional_endpoints=legacy, signed
 * with the profile's region), IAM global per partition, SSO portal and
 * SSO-OIDC regional.  An empty value counts as unset.  With a custom URL
 * the signing region is the client's region (IAM: us-east-1 when none).
 * Only the environment is read here; the caller passes the profile's
 * values.
 */
#ifndef AV_AWS_ENDPOINT_H
#define AV_AWS_ENDPOINT_H

#include "util/common.h"

enum endpoint_service {
	ENDPOINT_STS,
	ENDPOINT_IAM,
	ENDPOINT_SSO,		/* the SSO portal (GetRoleCredentials) */
	ENDPOINT_SSO_OIDC,
};

struct endpoint_config {
	const char	*region;	/* the client's region, or NULL/"" */
	const char	*service_url;	/* the [services x] value for it */
	const char	*profile_url;	/* the profile's endpoint_url */
	const char	*sts_regional;	/* "legacy", "regional" or NULL: the
					   resolved sts_regional_endpoints
					   (env or profile) */
};

struct endpoint {
	char		*url;		/* no trailing slash added or removed */
	char		*signing_region; /* may be "" for SSO and SSO-OIDC,
					    which are unsigned */
	const char	*signing_name;	/* "sts", "iam", "awsssoportal",
					   "sso-oauth" (static) */
	bool		 custom;	/* url came from configuration */
};

/* The environment variable that overrides svc's endpoint
 * ("AWS_ENDPOINT_URL_STS"); static. */
const char *endpoint_env_name(enum endpoint_service svc);

/* Resolve svc's endpoint under cfg into *ep (caller releases it with
 * endpoint_release).  Returns 0, or AV_ERR_INVALID with "failed to resolve
 * service endpoint, an AWS region is required, but was not found (set
 * region ...)" when the call cannot be addressed or signed without a
 * region, or "invalid region '<r>'" for a region that is not a DNS label
 * sequence. */
int endpoint_resolve(enum endpoint_service svc,
    const struct endpoint_config *cfg, struct endpoint *ep);
void endpoint_release(struct endpoint *ep);

/* Fill *dst with copies of src's strings, owned by dst (empty ones become
 * NULL): what a client keeps to resolve at each call.  Free them with
 * endpoint_config_release (only on such a copy). */
void endpoint_config_copy(struct endpoint_config *dst,
    const struct endpoint_config *src);
void endpoint_config_release(struct endpoint_config *cfg);

#endif
