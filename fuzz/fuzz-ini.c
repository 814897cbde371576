/* SPDX-License-Identifier: MIT */
/*
 * fuzz-ini.c: libFuzzer target for the config reader (config/ini.c) and
 * the profile resolution built on it (config/profile.c).  Besides
 * looking for crashes, it checks that every section and key the parser
 * produced can be found again by name, then resolves every profile.
 */
#include "util/common.h"

#include "config/ini.h"
#include "config/profile.h"
#include "util/str.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Variables profile resolution reads: the input alone must decide. */
static const char *const fuzz_ini_env[] = {
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_STS_REGIONAL_ENDPOINTS",
	"AWS_ENDPOINT_URL", "AWS_MFA_SERIAL", "AWS_ASSUME_ROLE_TTL",
	"AWS_SESSION_TOKEN_TTL", "AWS_CHAINED_SESSION_TOKEN_TTL",
	"AWS_FEDERATION_TOKEN_TTL", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
	"AWS_SESSION_TAGS", "AWS_TRANSITIVE_TAGS", "AWS_SOURCE_IDENTITY",
};

/* Every section and key is found again under its own name. */
static void
fuzz_ini_check_lookups(const struct ini *ini)
{
	const struct ini_section *sec;
	const struct ini_key *k;
	size_t i, j, n;

	for (i = 0; i < ini_section_count(ini); i++) {
		sec = ini_section_at(ini, i);
		if (ini_section_find(ini, sec->name) != sec)
			BUG("section not found by its name");
		for (j = 0; j < sec->nkeys; j++) {
			k = &sec->keys[j];
			if (ini_get(sec, k->name, NULL) != k->value)
				BUG("key not found by its name");
			for (n = 0; n < k->nnested; n++)
				(void)ini_get_nested(sec, k->name,
				    k->nested[n].text, NULL);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	struct profile_config *pc, *p;
	struct config *cf = NULL;
	struct strv names;
	size_t i;

	if (!init) {
		for (i = 0; i < AV_ARRAY_SIZE(fuzz_ini_env); i++)
			unsetenv(fuzz_ini_env[i]);
		init = true;
	}
	if (config_parse((const char *)data, size, "fuzz", &cf) != 0)
		return 0;
	fuzz_ini_check_lookups(cf->ini);
	strv_init(&names);
	config_profile_names(cf, &names);
	for (i = 0; i < names.n && i < 64; i++) {
		(void)config_profile_sso_start_url(cf, names.v[i]);
		(void)config_profile_get(cf, names.v[i], "source_profile");
		if (profile_resolve(cf, names.v[i], NULL, &pc) != 0)
			continue;
		for (p = pc; p != NULL; p = p->source) {
			if (p->services != NULL)
				(void)config_services_endpoint(cf, p->services,
				    "sts");
			if (p->sso_start_url != NULL)
				(void)config_sso_session_for_url(cf,
				    p->sso_start_url);
		}
		profile_config_free(pc);
	}
	strv_release(&names);
	config_free(cf);
	return 0;
}
