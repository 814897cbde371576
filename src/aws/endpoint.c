/* SPDX-License-Identifier: MIT */
/*
 * endpoint.c: endpoint and signing-region resolution for STS, IAM, SSO and
 * SSO-OIDC.  The partition table holds what the Go SDK's endpoint rules
 * give for these four services; regions outside every listed prefix are
 * in the aws partition, as in the SDK.
 */
#include "util/common.h"

#include "aws/endpoint.h"
#include "util/error.h"
#include "util/str.h"
#include "util/xmalloc.h"

struct endpoint_partition {
	const char	*prefix;	/* region prefix, "" = aws */
	const char	*dns;		/* DNS suffix */
	const char	*iam_url;	/* global IAM endpoint */
	const char	*iam_region;	/* its signing region */
};

static const struct endpoint_partition endpoint_partitions[] = {
	{ "cn-", "amazonaws.com.cn", "https://iam.cn-north-1.amazonaws.com.cn",
	    "cn-north-1" },
	{ "us-gov-", "amazonaws.com", "https://iam.us-gov.amazonaws.com",
	    "us-gov-west-1" },
	{ "us-isob-", "sc2s.sgov.gov",
	    "https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1" },
	{ "us-iso-", "c2s.ic.gov", "https://iam.us-iso-east-1.c2s.ic.gov",
	    "us-iso-east-1" },
	{ "", "amazonaws.com", "https://iam.amazonaws.com", "us-east-1" },
};

/* Regions that sts_regional_endpoints=legacy sends to sts.amazonaws.com
 * (vault/stsendpointresolver.go). */
static const char *const endpoint_sts_legacy[] = {
	"ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"aws-global", "ca-central-1", "eu-central-1", "eu-north-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1",
	"us-east-2", "us-west-1", "us-west-2",
};

static const struct {
	const char	*env;
	const char	*signing_name;
} endpoint_services[] = {
	[ENDPOINT_STS] = { "AWS_ENDPOINT_URL_STS", "sts" },
	[ENDPOINT_IAM] = { "AWS_ENDPOINT_URL_IAM", "iam" },
	[ENDPOINT_SSO] = { "AWS_ENDPOINT_URL_SSO", "awsssoportal" },
	[ENDPOINT_SSO_OIDC] = { "AWS_ENDPOINT_URL_SSO_OIDC", "sso-oauth" },
};

const char *
endpoint_env_name(enum endpoint_service svc)
{
	return endpoint_services[svc].env;
}

static const struct endpoint_partition *
endpoint_partition_of(const char *region)
{
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(endpoint_partitions) - 1; i++)
		if (str_has_prefix(region, endpoint_partitions[i].prefix))
			return &endpoint_partitions[i];
	return &endpoint_partitions[i];
}

/* A region is one or more DNS labels of [a-z0-9-]: it becomes part of a
 * host name, so nothing else may pass. */
static bool
endpoint_region_valid(const char *r)
{
	size_t i;

	if (r[0] == '-' || r[0] == '\0' || strlen(r) > 63)
		return false;
	for (i = 0; r[i] != '\0'; i++)
		if (!((r[i] >= 'a' && r[i] <= 'z') ||
		    (r[i] >= '0' && r[i] <= '9') || r[i] == '-'))
			return false;
	return r[i - 1] != '-';
}

static int
endpoint_no_region(void)
{
	return av_error_set(AV_ERR_INVALID, "failed to resolve service "
	    "endpoint, an AWS region is required, but was not found (set "
	    "region in the [default] section of ~/.aws/config or AWS_REGION)");
}

int
endpoint_resolve(enum endpoint_service svc, const struct endpoint_config *cfg,
    struct endpoint *ep)
{
	const struct endpoint_partition *part;
	const char *region = cfg->region != NULL ? cfg->region : "";
	const char *custom;
	size_t i;

	memset(ep, 0, sizeof(*ep));
	ep->signing_name = endpoint_services[svc].signing_name;
	if (*region != '\0' && !endpoint_region_valid(region))
		return av_error_set(AV_ERR_INVALID, "invalid region '%s'",
		    region);

	if (!str_empty(custom = getenv(endpoint_services[svc].env)) ||
	    !str_empty(custom = getenv("AWS_ENDPOINT_URL")) ||
	    !str_empty(custom = cfg->service_url) ||
	    !str_empty(custom = cfg->profile_url)) {
		if (svc == ENDPOINT_IAM && *region == '\0')
			region = "us-east-1";
		if (svc == ENDPOINT_STS && *region == '\0')
			return endpoint_no_region();
		ep->url = xstrdup(custom);
		ep->signing_region = xstrdup(region);
		ep->custom = true;
		return 0;
	}

	if (*region == '\0')
		return endpoint_no_region();
	part = endpoint_partition_of(region);
	switch (svc) {
	case ENDPOINT_STS:
		if (strcmp(region, "aws-global") == 0) {
			ep->url = xstrdup("https://sts.amazonaws.com");
			ep->signing_region = xstrdup("us-east-1");
			return 0;
		}
		for (i = 0; streq(cfg->sts_regional, "legacy") &&
		    i < AV_ARRAY_SIZE(endpoint_sts_legacy); i++) {
			if (strcmp(region, endpoint_sts_legacy[i]) != 0)
				continue;
			ep->url = xstrdup("https://sts.amazonaws.com");
			ep->signing_region = xstrdup(region);
			return 0;
		}
		ep->url = xasprintf("https://sts.%s.%s", region, part->dns);
		ep->signing_region = xstrdup(region);
		return 0;
	case ENDPOINT_IAM:
		ep->url = xstrdup(part->iam_url);
		ep->signing_region = xstrdup(part->iam_region);
		return 0;
	case ENDPOINT_SSO:
		ep->url = xasprintf("https://portal.sso.%s.%s", region,
		    part->dns);
		ep->signing_region = xstrdup(region);
		return 0;
	case ENDPOINT_SSO_OIDC:
		ep->url = xasprintf("https://oidc.%s.%s", region, part->dns);
		ep->signing_region = xstrdup(region);
		return 0;
	}
	BUG("unknown endpoint service");
}

void
endpoint_release(struct endpoint *ep)
{
	free(ep->url);
	free(ep->signing_region);
	memset(ep, 0, sizeof(*ep));
}

void
endpoint_config_copy(struct endpoint_config *dst,
    const struct endpoint_config *src)
{
	dst->region = xstrdup_nonempty(src->region);
	dst->service_url = xstrdup_nonempty(src->service_url);
	dst->profile_url = xstrdup_nonempty(src->profile_url);
	dst->sts_regional = xstrdup_nonempty(src->sts_regional);
}

void
endpoint_config_release(struct endpoint_config *cfg)
{
	free((char *)cfg->region);
	free((char *)cfg->service_url);
	free((char *)cfg->profile_url);
	free((char *)cfg->sts_regional);
	memset(cfg, 0, sizeof(*cfg));
}
