/* SPDX-License-Identifier: MIT */
/*
 * test-profile.c: profile resolution (spec 5.5, BN), profile names
 * (5.3), the config path and its auto-creation (5.1), and the config
 * lookups the commands use.  Every test starts from an environment
 * without the variables resolution reads, and restores it afterwards.
 */
#include "test.h"

#include <sys/stat.h>

#include <unistd.h>

#include "config/ini.h"
#include "config/profile.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/timeutil.h"

static const char *const env_vars[] = {
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_STS_REGIONAL_ENDPOINTS",
	"AWS_ENDPOINT_URL", "AWS_MFA_SERIAL", "AWS_ASSUME_ROLE_TTL",
	"AWS_SESSION_TOKEN_TTL", "AWS_CHAINED_SESSION_TOKEN_TTL",
	"AWS_FEDERATION_TOKEN_TTL", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
	"AWS_SESSION_TAGS", "AWS_TRANSITIVE_TAGS", "AWS_SOURCE_IDENTITY",
	"AWS_CONFIG_FILE", "HOME",
};
static char *saved_env[AV_ARRAY_SIZE(env_vars)];

static int
env_setup(void **state)
{
	size_t i;
	const char *v;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(env_vars); i++) {
		v = getenv(env_vars[i]);
		saved_env[i] = v != NULL ? xstrdup(v) : NULL;
		unsetenv(env_vars[i]);
	}
	return 0;
}

static int
env_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < AV_ARRAY_SIZE(env_vars); i++) {
		if (saved_env[i] != NULL)
			setenv(env_vars[i], saved_env[i], 1);
		else
			unsetenv(env_vars[i]);
		free(saved_env[i]);
		saved_env[i] = NULL;
	}
	return 0;
}

static struct config *
cfg(const char *text)
{
	struct config *cf = NULL;

	if (config_parse(text, strlen(text), "/cfg", &cf) != 0)
		fail_msg("config_parse: %s", av_error_msg());
	return cf;
}

static struct profile_config *
resolve(const struct config *cf, const char *name,
    const struct profile_base *base)
{
	struct profile_config *pc = NULL;

	if (profile_resolve(cf, name, base, &pc) != 0)
		fail_msg("profile_resolve(%s): %s", name, av_error_msg());
	return pc;
}

static void
resolve_err(const struct config *cf, const char *name, const char *msg)
{
	struct profile_config *pc = (struct profile_config *)1;

	assert_int_equal(profile_resolve(cf, name, NULL, &pc),
	    AV_ERR_INVALID);
	assert_null(pc);
	assert_string_equal(av_error_msg(), msg);
}

/* CLI flags > environment > profile > [default] > defaults. */
static void
test_precedence(void **state)
{
	struct profile_base base = { .region = "cli-region" };
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[default]\nregion = default-region\n"
	    "[profile p]\nregion = profile-region\n[profile q]\n");
	setenv("AWS_REGION", "env-region", 1);
	setenv("AWS_DEFAULT_REGION", "env-default-region", 1);
	pc = resolve(cf, "p", &base);
	assert_string_equal(pc->region, "cli-region");
	profile_config_free(pc);
	pc = resolve(cf, "p", NULL);
	assert_string_equal(pc->region, "env-region");
	profile_config_free(pc);
	/* Empty is unset; a longer name is another variable. */
	setenv("AWS_REGION", "", 1);
	setenv("AWS_REGIONS", "env-regions", 1);
	pc = resolve(cf, "p", NULL);
	assert_string_equal(pc->region, "env-default-region");
	profile_config_free(pc);
	unsetenv("AWS_REGIONS");
	unsetenv("AWS_REGION");
	pc = resolve(cf, "p", NULL);
	assert_string_equal(pc->region, "env-default-region");
	profile_config_free(pc);
	unsetenv("AWS_DEFAULT_REGION");
	pc = resolve(cf, "p", NULL);
	assert_string_equal(pc->region, "profile-region");
	profile_config_free(pc);
	pc = resolve(cf, "q", NULL);
	assert_string_equal(pc->region, "default-region");
	profile_config_free(pc);
	/* A profile without a section still inherits [default]. */
	pc = resolve(cf, "nosuch", NULL);
	assert_string_equal(pc->region, "default-region");
	profile_config_free(pc);
	config_free(cf);
}

/* [default] values, even role_arn and source_profile, reach every
 * profile without include_profile; include_profile replaces [default]
 * for that level but the included profile may fall back to it. */
static void
test_default_and_include(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg(
	    "[default]\n"
	    "region = eu-west-1\n"
	    "mfa_serial = arn:aws:iam::1:mfa/default\n"
	    "role_arn = arn:aws:iam::1:role/DefaultRole\n"
	    "[profile plain]\n"
	    "output = json\n"
	    "[profile inc]\n"
	    "include_profile = base\n"
	    "[profile base]\n"
	    "external_id = ext-base\n"
	    "region = base-region\n"
	    "[profile inc2]\n"
	    "include_profile = leaf\n"
	    "[profile leaf]\n"
	    "include_profile = base\n"
	    "role_session_name = leaf-session\n");
	pc = resolve(cf, "plain", NULL);
	assert_string_equal(pc->region, "eu-west-1");
	assert_string_equal(pc->mfa_serial, "arn:aws:iam::1:mfa/default");
	assert_string_equal(pc->role_arn, "arn:aws:iam::1:role/DefaultRole");
	assert_true(profile_has_role(pc));
	profile_config_free(pc);

	pc = resolve(cf, "inc", NULL);
	assert_string_equal(pc->region, "base-region");
	assert_string_equal(pc->external_id, "ext-base");
	/* base has no include_profile, so it falls back to [default]. */
	assert_string_equal(pc->mfa_serial, "arn:aws:iam::1:mfa/default");
	profile_config_free(pc);

	pc = resolve(cf, "inc2", NULL);
	assert_string_equal(pc->role_session_name, "leaf-session");
	assert_string_equal(pc->external_id, "ext-base");
	assert_string_equal(pc->region, "base-region");
	profile_config_free(pc);
	config_free(cf);

	/* Fill-only-empty: the more specific profile wins. */
	cf = cfg("[profile a]\ninclude_profile = b\nregion = a-r\n"
	    "[profile b]\nregion = b-r\nsts_regional_endpoints = legacy\n");
	pc = resolve(cf, "a", NULL);
	assert_string_equal(pc->region, "a-r");
	assert_string_equal(pc->sts_regional_endpoints, "legacy");
	profile_config_free(pc);
	config_free(cf);
}

static void
test_include_loops(void **state)
{
	struct config *cf;

	(void)state;
	cf = cfg("[profile a]\ninclude_profile = b\n"
	    "[profile b]\ninclude_profile = a\n");
	resolve_err(cf, "a", "Loop detected in config file for profile 'a'");
	resolve_err(cf, "b", "Loop detected in config file for profile 'b'");
	config_free(cf);
	/* A [default] that includes a profile falling back to [default]. */
	cf = cfg("[default]\ninclude_profile = x\n[profile x]\nregion = r\n");
	resolve_err(cf, "x", "Loop detected in config file for profile 'x'");
	resolve_err(cf, "default",
	    "Loop detected in config file for profile 'default'");
	config_free(cf);
	/* Self-include. */
	cf = cfg("[profile s]\ninclude_profile = s\n");
	resolve_err(cf, "s", "Loop detected in config file for profile 's'");
	config_free(cf);
}

/* mfa_serial is inherited from [default]/include_profile, not from the
 * source profile; the chain is linked both ways. */
static void
test_source_chain(void **state)
{
	struct profile_config *pc, *src, *top;
	struct config *cf;

	(void)state;
	cf = cfg(
	    "[profile src]\n"
	    "mfa_serial = arn:aws:iam::1:mfa/src\n"
	    "region = us-east-2\n"
	    "[profile r1]\n"
	    "source_profile = src\n"
	    "role_arn = arn:aws:iam::1:role/R1\n"
	    "[profile r2]\n"
	    "source_profile = r1\n"
	    "role_arn = arn:aws:iam::1:role/R2\n"
	    "mfa_serial = arn:aws:iam::1:mfa/src\n");
	pc = resolve(cf, "r1", NULL);
	assert_null(pc->mfa_serial);
	assert_null(pc->region);
	assert_string_equal(pc->source_profile_name, "src");
	src = pc->source;
	assert_non_null(src);
	assert_string_equal(src->name, "src");
	assert_string_equal(src->mfa_serial, "arn:aws:iam::1:mfa/src");
	assert_ptr_equal(src->chained_from, pc);
	assert_true(profile_is_chained(src));
	assert_false(profile_is_chained(pc));
	assert_false(profile_has_role(src));
	assert_null(src->source);
	profile_config_free(pc);

	top = resolve(cf, "r2", NULL);
	assert_string_equal(top->source->name, "r1");
	assert_string_equal(top->source->source->name, "src");
	assert_ptr_equal(top->source->source->chained_from, top->source);
	assert_ptr_equal(top->source->chained_from, top);
	assert_null(top->chained_from);
	profile_config_free(top);
	config_free(cf);
}

static void
test_source_cycles(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[profile a]\nsource_profile = b\n"
	    "[profile b]\nsource_profile = a\n"
	    "[profile x]\nsource_profile = y\n"
	    "[profile y]\nsource_profile = z\n"
	    "[profile z]\nsource_profile = x\n"
	    "[profile root]\nsource_profile = root\n"
	    "[profile child]\nsource_profile = root\n"
	    "role_arn = arn:aws:iam::1:role/C\n");
	resolve_err(cf, "a", "Loop detected in source_profile chain for "
	    "profile 'a': a -> b -> a");
	resolve_err(cf, "x", "Loop detected in source_profile chain for "
	    "profile 'x': x -> y -> z -> x");
	resolve_err(cf, "y", "Loop detected in source_profile chain for "
	    "profile 'y': y -> z -> x -> y");
	/* A self reference is ignored (the documented parent style). */
	pc = resolve(cf, "root", NULL);
	assert_null(pc->source_profile_name);
	assert_null(pc->source);
	profile_config_free(pc);
	pc = resolve(cf, "child", NULL);
	assert_string_equal(pc->source->name, "root");
	assert_null(pc->source->source);
	profile_config_free(pc);
	config_free(cf);

	/* A source_profile in [default] is inherited, and [default] itself
	 * drops it as a self reference. */
	cf = cfg("[default]\nsource_profile = default\n[profile p]\n");
	pc = resolve(cf, "p", NULL);
	assert_string_equal(pc->source->name, "default");
	assert_null(pc->source->source);
	profile_config_free(pc);
	config_free(cf);
}

/* AWS_MFA_SERIAL applies to every hop; AWS_ROLE_ARN and friends only to
 * the active profile. */
static void
test_env_scope(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[profile top]\nsource_profile = src\n"
	    "[profile src]\nmfa_serial = own\n");
	setenv("AWS_MFA_SERIAL", "arn:aws:iam::1:mfa/env", 1);
	setenv("AWS_ROLE_ARN", "arn:aws:iam::1:role/Env", 1);
	setenv("AWS_ROLE_SESSION_NAME", "env-session", 1);
	setenv("AWS_SOURCE_IDENTITY", "env-identity", 1);
	setenv("AWS_SESSION_TAGS", "team=blue", 1);
	setenv("AWS_TRANSITIVE_TAGS", "team", 1);
	setenv("AWS_STS_REGIONAL_ENDPOINTS", "legacy", 1);
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000", 1);
	pc = resolve(cf, "top", NULL);
	assert_string_equal(pc->mfa_serial, "arn:aws:iam::1:mfa/env");
	assert_string_equal(pc->role_arn, "arn:aws:iam::1:role/Env");
	assert_string_equal(pc->role_session_name, "env-session");
	assert_string_equal(pc->source_identity, "env-identity");
	assert_int_equal(pc->nsession_tags, 1);
	assert_string_equal(pc->session_tags[0].key, "team");
	assert_string_equal(pc->session_tags[0].value, "blue");
	assert_int_equal(pc->transitive_tags.n, 1);
	assert_string_equal(pc->transitive_tags.v[0], "team");
	assert_string_equal(pc->sts_regional_endpoints, "legacy");
	assert_string_equal(pc->endpoint_url, "http://127.0.0.1:5000");
	/* The environment beats the source's own mfa_serial, too. */
	assert_string_equal(pc->source->mfa_serial, "arn:aws:iam::1:mfa/env");
	assert_null(pc->source->role_arn);
	assert_null(pc->source->role_session_name);
	assert_null(pc->source->source_identity);
	assert_int_equal(pc->source->nsession_tags, 0);
	assert_false(pc->source->session_tags_set);
	assert_int_equal(pc->source->transitive_tags.n, 0);
	assert_string_equal(pc->source->endpoint_url, "http://127.0.0.1:5000");
	profile_config_free(pc);
	config_free(cf);
}

static void
test_durations(void **state)
{
	struct profile_base base = { .duration = 2 * DUR_HOUR };
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[profile p]\nduration_seconds = 7200\n"
	    "[profile bad]\nduration_seconds = abc\n"
	    "[profile hex]\nduration_seconds = 0x384\n"
	    "[profile unit]\nregion = r\nduration_seconds = 1h\n"
	    "[profile viadefault]\n"
	    "[default]\nduration_seconds = 1800\n"
	    "[profile zero]\nduration_seconds = 0\n");
	pc = resolve(cf, "p", NULL);
	assert_int_equal(pc->assume_role_duration, 2 * DUR_HOUR);
	assert_int_equal(pc->non_chained_gst_duration, DUR_HOUR);
	assert_int_equal(pc->chained_gst_duration, 8 * DUR_HOUR);
	assert_int_equal(pc->federation_duration, DUR_HOUR);
	profile_config_free(pc);
	/* Non-numeric: ignored as in Go, so [default]'s 1800 applies. */
	pc = resolve(cf, "bad", NULL);
	assert_int_equal(pc->assume_role_duration, 1800 * DUR_SECOND);
	profile_config_free(pc);
	pc = resolve(cf, "hex", NULL);
	assert_int_equal(pc->assume_role_duration, 900 * DUR_SECOND);
	profile_config_free(pc);
	pc = resolve(cf, "viadefault", NULL);
	assert_int_equal(pc->assume_role_duration, 1800 * DUR_SECOND);
	profile_config_free(pc);
	pc = resolve(cf, "zero", NULL);
	assert_int_equal(pc->assume_role_duration, 1800 * DUR_SECOND);
	profile_config_free(pc);
	resolve_err(cf, "unit", "/cfg:9: duration_seconds must be a number "
	    "of seconds without a unit, like 3600: '1h'");

	/* TTL variables: Go durations; a bad one is ignored. */
	setenv("AWS_ASSUME_ROLE_TTL", "45m", 1);
	setenv("AWS_SESSION_TOKEN_TTL", "3600", 1);	/* no unit */
	setenv("AWS_CHAINED_SESSION_TOKEN_TTL", "12h", 1);
	setenv("AWS_FEDERATION_TOKEN_TTL", "90m", 1);
	pc = resolve(cf, "p", NULL);
	assert_int_equal(pc->assume_role_duration, 45 * DUR_MINUTE);
	assert_int_equal(pc->non_chained_gst_duration, DUR_HOUR);
	assert_int_equal(pc->chained_gst_duration, 12 * DUR_HOUR);
	assert_int_equal(pc->federation_duration, 90 * DUR_MINUTE);
	profile_config_free(pc);

	/* --duration sets AssumeRole and both GetSessionToken durations
	 * (BN), and GetFederationToken only for login. */
	pc = resolve(cf, "p", &base);
	assert_int_equal(pc->assume_role_duration, 2 * DUR_HOUR);
	assert_int_equal(pc->non_chained_gst_duration, 2 * DUR_HOUR);
	assert_int_equal(pc->chained_gst_duration, 2 * DUR_HOUR);
	assert_int_equal(pc->federation_duration, 90 * DUR_MINUTE);
	profile_config_free(pc);
	base.login = true;
	pc = resolve(cf, "p", &base);
	assert_int_equal(pc->federation_duration, 2 * DUR_HOUR);
	profile_config_free(pc);
	config_free(cf);
}

static void
test_session_tags(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[profile t]\n"
	    "session_tags = a=1, b = 2 ,a=3,c=x=y\n"
	    "transitive_session_tags = a, ,b ,\n"
	    "[profile bad]\nsession_tags = a=1,b\n"
	    "[profile trailing]\nsession_tags = a=1,\n"
	    "[profile inherit]\ninclude_profile = t\n"
	    "session_tags = own=1\n");
	pc = resolve(cf, "t", NULL);
	assert_int_equal(pc->nsession_tags, 3);
	assert_string_equal(pc->session_tags[0].key, "a");
	assert_string_equal(pc->session_tags[0].value, "3");
	assert_string_equal(pc->session_tags[1].key, "b");
	assert_string_equal(pc->session_tags[1].value, "2");
	assert_string_equal(pc->session_tags[2].key, "c");
	assert_string_equal(pc->session_tags[2].value, "x=y");
	assert_int_equal(pc->transitive_tags.n, 2);
	assert_string_equal(pc->transitive_tags.v[0], "a");
	assert_string_equal(pc->transitive_tags.v[1], "b");
	profile_config_free(pc);
	resolve_err(cf, "bad", "Failed to parse session_tags profile setting: "
	    "session tags string must be <key1>=<value1>,"
	    "[<key2>=<value2>[,...]]");
	resolve_err(cf, "trailing", "Failed to parse session_tags profile "
	    "setting: session tags string must be <key1>=<value1>,"
	    "[<key2>=<value2>[,...]]");
	/* The first level that sets session_tags wins; transitive tags come
	 * from the included profile because this one has none. */
	pc = resolve(cf, "inherit", NULL);
	assert_int_equal(pc->nsession_tags, 1);
	assert_string_equal(pc->session_tags[0].key, "own");
	assert_int_equal(pc->transitive_tags.n, 2);
	profile_config_free(pc);

	/* The environment wins over the file; a bad value is an error
	 * (Go exits 1 silently). */
	setenv("AWS_SESSION_TAGS", "env=1", 1);
	pc = resolve(cf, "bad", NULL);
	assert_int_equal(pc->nsession_tags, 1);
	assert_string_equal(pc->session_tags[0].key, "env");
	profile_config_free(pc);
	setenv("AWS_SESSION_TAGS", "novalue", 1);
	resolve_err(cf, "t", "Failed to parse AWS_SESSION_TAGS environment "
	    "variable: session tags string must be <key1>=<value1>,"
	    "[<key2>=<value2>[,...]]");
	config_free(cf);
}

/* The [sso-session] values overwrite at the level that first sets
 * sso_session, even a less specific one (quirk, spec 5.5). */
static void
test_sso_session(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg(
	    "[sso-session corp]\n"
	    "sso_start_url = https://corp.awsapps.com/start#/\n"
	    "sso_region = eu-central-1\n"
	    "sso_registration_scopes = sso:account:access\n"
	    "[profile own]\n"
	    "sso_session = corp\n"
	    "sso_start_url = https://inline.awsapps.com/start\n"
	    "sso_region = us-west-2\n"
	    "sso_account_id = 111122223333\n"
	    "sso_role_name = Admin\n"
	    "[default]\n"
	    "sso_session = corp\n"
	    "[profile specific]\n"
	    "sso_start_url = https://specific.awsapps.com/start\n"
	    "[profile missing]\n"
	    "include_profile = nodefault\n"
	    "sso_session = nosuch\n"
	    "sso_start_url = https://kept.awsapps.com/start\n"
	    "[profile nodefault]\n"
	    "include_profile = nodefault2\n"
	    "[profile nodefault2]\n"
	    "region = r\n"
	    "include_profile = own\n");
	pc = resolve(cf, "own", NULL);
	assert_string_equal(pc->sso_session, "corp");
	assert_string_equal(pc->sso_start_url,
	    "https://corp.awsapps.com/start#/");
	assert_string_equal(pc->sso_region, "eu-central-1");
	assert_string_equal(pc->sso_registration_scopes,
	    "sso:account:access");
	assert_string_equal(pc->sso_account_id, "111122223333");
	assert_string_equal(pc->sso_role_name, "Admin");
	profile_config_free(pc);
	pc = resolve(cf, "specific", NULL);
	assert_string_equal(pc->sso_start_url,
	    "https://corp.awsapps.com/start#/");
	profile_config_free(pc);
	/* A missing [sso-session] changes nothing, and the first
	 * sso_session found stays. */
	pc = resolve(cf, "missing", NULL);
	assert_string_equal(pc->sso_session, "nosuch");
	assert_string_equal(pc->sso_start_url,
	    "https://kept.awsapps.com/start");
	assert_string_equal(pc->sso_region, "us-west-2");
	profile_config_free(pc);

	/* The raw-section lookups of clear and list. */
	assert_string_equal(config_profile_sso_start_url(cf, "own"),
	    "https://corp.awsapps.com/start#/");
	assert_string_equal(config_profile_sso_start_url(cf, "specific"),
	    "https://specific.awsapps.com/start");
	assert_string_equal(config_profile_sso_start_url(cf, "missing"),
	    "https://kept.awsapps.com/start");
	assert_null(config_profile_sso_start_url(cf, "nodefault"));
	assert_null(config_profile_sso_start_url(cf, "nosuch"));
	assert_string_equal(config_sso_session_for_url(cf,
	    "https://corp.awsapps.com/start#/"), "corp");
	assert_null(config_sso_session_for_url(cf,
	    "https://inline.awsapps.com/start"));
	config_free(cf);
}

/* BN: a profile without mfa_process inherits its source's, bottom-up. */
static void
test_mfa_process(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[profile top]\nsource_profile = mid\n"
	    "[profile mid]\nsource_profile = base\n"
	    "[profile base]\nmfa_process = oathtool --totp -b KEY\n"
	    "[profile own]\nsource_profile = base\nmfa_process = mine\n");
	pc = resolve(cf, "top", NULL);
	assert_string_equal(pc->mfa_process, "oathtool --totp -b KEY");
	assert_string_equal(pc->source->mfa_process,
	    "oathtool --totp -b KEY");
	profile_config_free(pc);
	pc = resolve(cf, "own", NULL);
	assert_string_equal(pc->mfa_process, "mine");
	profile_config_free(pc);
	config_free(cf);
}

static void
test_base(void **state)
{
	struct secbuf *token = secbuf_from_str("123456");
	struct profile_base base = {
		.mfa_token = token, .mfa_prompt = "terminal",
		.sso_use_stdout = true,
	};
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg("[profile a]\nsource_profile = b\n[profile b]\n");
	pc = resolve(cf, "a", &base);
	assert_string_equal(secbuf_ptr(pc->mfa_token), "123456");
	assert_ptr_not_equal(pc->mfa_token, token);
	assert_string_equal(pc->mfa_prompt, "terminal");
	assert_true(pc->sso_use_stdout);
	assert_string_equal(secbuf_ptr(pc->source->mfa_token), "123456");
	assert_true(pc->source->sso_use_stdout);
	profile_config_free(pc);
	pc = resolve(cf, "a", NULL);
	assert_null(pc->mfa_token);
	assert_null(pc->mfa_prompt);
	profile_config_free(pc);
	config_free(cf);
	secbuf_free(token);
}

/* Every key of spec 5.4 reaches its field, first value wins. */
static void
test_all_keys(void **state)
{
	struct profile_config *pc;
	struct config *cf;

	(void)state;
	cf = cfg(
	    "[profile all]\n"
	    "region = r\n"
	    "mfa_serial = m\n"
	    "role_arn = ra\n"
	    "external_id = ei\n"
	    "role_session_name = rsn\n"
	    "sso_account_id = sai\n"
	    "sso_role_name = srn\n"
	    "web_identity_token_file = /tmp/token file\n"
	    "web_identity_token_process = cat /tmp/t\n"
	    "credential_process = /bin/cred --x\n"
	    "mfa_process = /bin/mfa\n"
	    "sts_regional_endpoints = regional\n"
	    "endpoint_url = http://localhost:4566\n"
	    "services = local\n"
	    "source_identity = si\n"
	    "output = ignored\n"
	    "aws_secret_access_key = ignored\n"
	    "[services local]\n"
	    "sts =\n"
	    "  endpoint_url = http://127.0.0.1:5000\n"
	    "sso-oidc =\n"
	    "  endpoint_url = http://127.0.0.1:5001\n");
	pc = resolve(cf, "all", NULL);
	assert_string_equal(pc->region, "r");
	assert_string_equal(pc->mfa_serial, "m");
	assert_string_equal(pc->role_arn, "ra");
	assert_string_equal(pc->external_id, "ei");
	assert_string_equal(pc->role_session_name, "rsn");
	assert_string_equal(pc->sso_account_id, "sai");
	assert_string_equal(pc->sso_role_name, "srn");
	assert_string_equal(pc->web_identity_token_file, "/tmp/token file");
	assert_string_equal(pc->web_identity_token_process, "cat /tmp/t");
	assert_string_equal(pc->credential_process, "/bin/cred --x");
	assert_string_equal(pc->mfa_process, "/bin/mfa");
	assert_string_equal(pc->sts_regional_endpoints, "regional");
	assert_string_equal(pc->endpoint_url, "http://localhost:4566");
	assert_string_equal(pc->services, "local");
	assert_string_equal(pc->source_identity, "si");
	assert_string_equal(config_services_endpoint(cf, pc->services, "sts"),
	    "http://127.0.0.1:5000");
	assert_string_equal(config_services_endpoint(cf, "local", "sso-oidc"),
	    "http://127.0.0.1:5001");
	assert_null(config_services_endpoint(cf, "local", "iam"));
	assert_null(config_services_endpoint(cf, "other", "sts"));
	profile_config_free(pc);
	config_free(cf);
}

/* [profile a.b] does not inherit from [profile a] (deliberate). */
static void
test_dotted_not_inherited(void **state)
{
	struct profile_config *pc;
	struct config *cf;
	char chunk[512];
	struct buf out;
	FILE *tmp;
	size_t n;
	int saved;

	(void)state;
	cf = cfg("[profile dev]\nregion = eu-west-1\nrole_arn = x\n"
	    "[profile dev.admin]\nmfa_serial = m\n");
	/* With --debug, say what the Go tool would have inherited. */
	buf_init(&out, 64 * 1024);
	tmp = tmpfile();
	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	assert_int_equal(dup2(fileno(tmp), 2), 2);
	log_set_debug(true);
	pc = resolve(cf, "dev.admin", NULL);
	log_set_debug(false);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	while ((n = fread(chunk, 1, sizeof(chunk), tmp)) > 0)
		buf_put(&out, chunk, n);
	fclose(tmp);
	assert_non_null(strstr(buf_cstr(&out), "[profile dev.admin] has no "
	    "region; the Go aws-vault would inherit it from [profile dev] "
	    "(go-ini dotted sections), this one does not"));
	assert_non_null(strstr(buf_cstr(&out), "[profile dev.admin] has no "
	    "role_arn;"));
	assert_null(strstr(buf_cstr(&out), "has no mfa_serial"));
	buf_release(&out);

	assert_null(pc->region);
	assert_null(pc->role_arn);
	assert_string_equal(pc->mfa_serial, "m");
	profile_config_free(pc);
	config_free(cf);
}

static void
test_profile_names(void **state)
{
	struct config *cf;
	struct strv names;

	(void)state;
	strv_init(&names);
	cf = cfg("top = 1\n"
	    "[profile b]\n"
	    "[default]\noutput = json\nduration_seconds = abc\n"
	    "[sso-session s]\nsso_start_url = u\n"
	    "[services local]\nsts =\n  endpoint_url = x\n"
	    "[profile a]\nregion = r\n"
	    "[other]\n"
	    "[profile default]\n"
	    "[profile b]\nregion = again\n");
	config_profile_names(cf, &names);
	assert_int_equal(names.n, 3);
	assert_string_equal(names.v[0], "b");
	assert_string_equal(names.v[1], "a");
	assert_string_equal(names.v[2], "default");
	strv_release(&names);
	assert_true(config_has_profile_section(cf, "a"));
	assert_true(config_has_profile_section(cf, "default"));
	assert_false(config_has_profile_section(cf, "other"));
	assert_false(config_has_profile_section(cf, "s"));
	config_free(cf);

	/* A [default] with a known key is listed, in file order. */
	strv_init(&names);
	cf = cfg("[profile z]\n[default]\nregion = r\n");
	config_profile_names(cf, &names);
	assert_int_equal(names.n, 2);
	assert_string_equal(names.v[0], "z");
	assert_string_equal(names.v[1], "default");
	strv_release(&names);
	/* [profile default] is not the default profile's section. */
	assert_false(config_has_profile_section(cf, "nosuch"));
	config_free(cf);
	cf = cfg("[profile default]\nregion = r\n");
	assert_false(config_has_profile_section(cf, "default"));
	assert_null(config_profile_get(cf, "default", "region"));
	config_free(cf);
}

static void
test_raw_lookups(void **state)
{
	struct config *cf;

	(void)state;
	cf = cfg("[default]\nsource_profile = d\n"
	    "[profile a]\nsource_profile = base\ninclude_profile = i\n"
	    "[profile i]\nregion = r\n[profile e]\nsource_profile =\n");
	assert_string_equal(config_profile_get(cf, "a", "source_profile"),
	    "base");
	assert_string_equal(config_profile_get(cf, "a", "SOURCE_PROFILE"),
	    "base");
	assert_null(config_profile_get(cf, "i", "source_profile"));
	assert_null(config_profile_get(cf, "e", "source_profile"));
	assert_null(config_profile_get(cf, "nosuch", "source_profile"));
	assert_string_equal(config_profile_get(cf, "default",
	    "source_profile"), "d");
	config_free(cf);
}

static void
test_config_path(void **state)
{
	char *p;

	(void)state;
	setenv("HOME", "/home/u", 1);
	p = config_path();
	assert_string_equal(p, "/home/u/.aws/config");
	free(p);
	setenv("AWS_CONFIG_FILE", "", 1);
	p = config_path();
	assert_string_equal(p, "/home/u/.aws/config");
	free(p);
	setenv("AWS_CONFIG_FILE", "~/not/expanded", 1);
	p = config_path();
	assert_string_equal(p, "~/not/expanded");
	free(p);
}

static void
test_config_load(void **state)
{
	struct config *cf = NULL;
	struct stat st;
	char *dir, *awsdir, *path, *deep, *bad, *p;
	mode_t old;
	FILE *f;

	(void)state;
	dir = test_mkdtemp();
	awsdir = fs_join(dir, ".aws");
	path = fs_join(dir, ".aws/config");
	setenv("HOME", dir, 1);
	p = config_path();
	assert_string_equal(p, path);
	free(p);

	old = umask(022);
	assert_int_equal(config_load(path, &cf), 0);
	assert_non_null(cf);
	assert_string_equal(cf->path, path);
	assert_int_equal(ini_section_count(cf->ini), 1);	/* DEFAULT */
	config_free(cf);
	assert_int_equal(stat(awsdir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_mode & 0777, 0644);

	/* Not recursive: a missing grandparent is an error. */
	deep = fs_join(dir, "no/such/config");
	assert_int_equal(config_load(deep, &cf), AV_ERR_SYSTEM);
	assert_null(cf);
	assert_non_null(strstr(av_error_msg(), "mkdir"));
	assert_false(fs_exists(deep));

	/* An existing file is parsed; errors name file and line. */
	bad = fs_join(dir, "bad");
	f = fopen(bad, "w");
	assert_non_null(f);
	fputs("[profile x]\nregion = r\noops\n", f);
	fclose(f);
	assert_int_equal(config_load(bad, &cf), AV_ERR_INVALID);
	p = xasprintf("Error parsing config file %s: %s:3: "
	    "key-value delimiter not found", bad, bad);
	assert_string_equal(av_error_msg(), p);
	free(p);

	/* A symbolic link to the config is followed. */
	f = fopen(path, "w");
	fputs("[profile linked]\nregion = r\n", f);
	fclose(f);
	p = fs_join(dir, "link");
	assert_int_equal(symlink(path, p), 0);
	assert_int_equal(config_load(p, &cf), 0);
	assert_true(config_has_profile_section(cf, "linked"));
	config_free(cf);
	free(p);

	umask(old);
	test_rm_rf(dir);
	free(bad);
	free(deep);
	free(path);
	free(awsdir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)
		T(test_precedence),
		T(test_default_and_include),
		T(test_include_loops),
		T(test_source_chain),
		T(test_source_cycles),
		T(test_env_scope),
		T(test_durations),
		T(test_session_tags),
		T(test_sso_session),
		T(test_mfa_process),
		T(test_base),
		T(test_all_keys),
		T(test_dotted_not_inherited),
		T(test_profile_names),
		T(test_raw_lookups),
		T(test_config_path),
		T(test_config_load),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
