/* SPDX-License-Identifier: MIT */
/*
 * profile.c: resolving a profile of ~/.aws/config (spec 5.4-5.5; Go:
 * vault/config.go of BN v7.13.5).  Loading the file and the lookups that
 * need no resolution are in config.c.
 *
 * Resolution is iterative where Go recurses: the include_profile /
 * [default] walk is a loop with a visited list (Go's loop detection), and
 * the source_profile chain is a loop that refuses to revisit a profile
 * (Go recurses forever).  Clearing a self-referencing source_profile once
 * at the end of the walk gives the same result as Go clearing it at every
 * level on the way back up, because deeper levels only fill empty fields.
 */
#include "util/common.h"

#include <stddef.h>

#include "config/config-int.h"
#include "config/ini.h"
#include "config/profile.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

extern char **environ;

/* The keys of a profile section (Go ProfileSection, spec 5.4). */
static const char *const profile_keys[] = {
	"mfa_serial", "role_arn", "external_id", "region",
	"role_session_name", "duration_seconds", "source_profile",
	"include_profile", "sso_session", "sso_start_url", "sso_region",
	"sso_account_id", "sso_role_name", "web_identity_token_file",
	"web_identity_token_process", "sts_regional_endpoints",
	"endpoint_url", "session_tags", "transitive_session_tags",
	"source_identity", "credential_process", "mfa_process",
};

/* String keys that fill an empty field of the same meaning. */
static const struct {
	const char	*key;
	size_t		 off;
} profile_fill[] = {
	{ "mfa_serial", offsetof(struct profile_config, mfa_serial) },
	{ "role_arn", offsetof(struct profile_config, role_arn) },
	{ "external_id", offsetof(struct profile_config, external_id) },
	{ "region", offsetof(struct profile_config, region) },
	{ "role_session_name",
	    offsetof(struct profile_config, role_session_name) },
	{ "source_profile",
	    offsetof(struct profile_config, source_profile_name) },
	{ "sso_start_url", offsetof(struct profile_config, sso_start_url) },
	{ "sso_region", offsetof(struct profile_config, sso_region) },
	{ "sso_account_id", offsetof(struct profile_config, sso_account_id) },
	{ "sso_role_name", offsetof(struct profile_config, sso_role_name) },
	{ "web_identity_token_file",
	    offsetof(struct profile_config, web_identity_token_file) },
	{ "web_identity_token_process",
	    offsetof(struct profile_config, web_identity_token_process) },
	{ "sts_regional_endpoints",
	    offsetof(struct profile_config, sts_regional_endpoints) },
	{ "endpoint_url", offsetof(struct profile_config, endpoint_url) },
	{ "source_identity",
	    offsetof(struct profile_config, source_identity) },
	{ "credential_process",
	    offsetof(struct profile_config, credential_process) },
	{ "mfa_process", offsetof(struct profile_config, mfa_process) },
	{ "services", offsetof(struct profile_config, services) },
};

#define PROFILE_TAGS_MSG "session tags string must be " \
	"<key1>=<value1>,[<key2>=<value2>[,...]]"

/* Go strconv.ParseUint(s, 0, 64): decimal, 0x, 0o, 0b or a leading-0
 * octal, with `_` allowed between digits.  Returns 0 or AV_ERR_INVALID. */
static int
profile_parse_uint0(const char *s, uint64_t *outp)
{
	unsigned base = 10, d;
	uint64_t v = 0;
	bool digit = false;	/* previous char was a digit or prefix */
	const char *p = s;

	*outp = 0;
	if (p[0] == '0' && p[1] != '\0') {
		switch (p[1]) {
		case 'x': case 'X': base = 16; p += 2; break;
		case 'o': case 'O': base = 8; p += 2; break;
		case 'b': case 'B': base = 2; p += 2; break;
		default: base = 8; p += 1; break;
		}
		digit = true;
		if (*p == '\0' && base != 8)
			return AV_ERR_INVALID;
	}
	if (*p == '\0' && !digit)
		return AV_ERR_INVALID;
	for (; *p != '\0'; p++) {
		if (*p == '_') {
			if (!digit || p[1] == '\0')
				return AV_ERR_INVALID;
			digit = false;
			continue;
		}
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'z')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'Z')
			d = (unsigned)(*p - 'A' + 10);
		else
			return AV_ERR_INVALID;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return AV_ERR_INVALID;
		v = v * base + d;
		digit = true;
	}
	*outp = v;
	return 0;
}

/*
 * duration_seconds as go-ini maps it into a uint: a value that
 * time.ParseDuration accepts as non-zero ("1h") makes Go panic, and is an
 * error here; anything else is strconv.ParseUint(v, 0, 64), and a failure
 * means 0 (ignored).  Returns 0 or AV_ERR_INVALID.
 */
static int
profile_duration_seconds(const char *v, uint64_t *secsp)
{
	int64_t ns;

	*secsp = 0;
	if (duration_parse(v, &ns) != 0)
		av_error_clear();
	else if (ns != 0)
		return av_error_set(AV_ERR_INVALID, "duration_seconds must "
		    "be a number of seconds without a unit, like 3600: '%s'",
		    v);
	if (profile_parse_uint0(v, secsp) != 0) {
		log_debug("Ignoring duration_seconds '%s': not a number", v);
		*secsp = 0;
	}
	if (*secsp > (uint64_t)(INT64_MAX / DUR_SECOND))
		return av_error_set(AV_ERR_INVALID, "duration_seconds is too "
		    "large: '%s'", v);
	return 0;
}

/* Go ProfileSection.IsEmpty (see config-int.h). */
bool
profile_section_is_empty(const struct ini_section *sec)
{
	uint64_t secs;
	size_t i;

	for (i = 0; i < AV_ARRAY_SIZE(profile_keys); i++) {
		const char *v = config_value(sec, profile_keys[i]);

		if (v == NULL)
			continue;
		if (strcmp(profile_keys[i], "duration_seconds") != 0)
			return false;
		if (profile_duration_seconds(v, &secs) != 0 || secs != 0)
			return false;
	}
	return true;
}

bool
profile_has_role(const struct profile_config *pc)
{
	return pc->role_arn != NULL;
}

bool
profile_is_chained(const struct profile_config *pc)
{
	return pc->chained_from != NULL;
}

static void
profile_tags_release(struct profile_config *pc)
{
	size_t i;

	for (i = 0; i < pc->nsession_tags; i++) {
		free(pc->session_tags[i].key);
		free(pc->session_tags[i].value);
	}
	free(pc->session_tags);
	pc->session_tags = NULL;
	pc->nsession_tags = 0;
}

/* Parse a session-tags string "k1=v1,k2=v2" into pc's tags (Go
 * SetSessionTags: every element needs '=', keys and values are trimmed, a
 * repeated key keeps its first position and takes the last value).
 * Returns 0 or AV_ERR_INVALID (PROFILE_TAGS_MSG). */
static int
profile_set_session_tags(struct profile_config *pc, const char *s)
{
	struct str rest = str_from(s), elem, key;
	char *k;
	size_t i;

	profile_tags_release(pc);
	pc->session_tags_set = true;
	/* Go strings.Split: "" and a trailing ',' give empty elements. */
	for (;;) {
		const char *comma = memchr(rest.p, ',', rest.len);

		elem = str_make(rest.p, comma != NULL ?
		    (size_t)(comma - rest.p) : rest.len);
		if (memchr(elem.p, '=', elem.len) == NULL)
			return av_error_set(AV_ERR_INVALID, PROFILE_TAGS_MSG);
		(void)str_split(&elem, '=', &key);
		k = str_dup(str_trim(key));
		for (i = 0; i < pc->nsession_tags; i++)
			if (strcmp(pc->session_tags[i].key, k) == 0)
				break;
		if (i == pc->nsession_tags) {
			pc->session_tags = xreallocarray(pc->session_tags,
			    pc->nsession_tags + 1, sizeof(*pc->session_tags));
			pc->session_tags[i].key = k;
			pc->nsession_tags++;
		} else {
			free(k);
			free(pc->session_tags[i].value);
		}
		pc->session_tags[i].value = str_dup(str_trim(elem));
		if (comma == NULL)
			break;
		rest = str_make(comma + 1,
		    rest.len - (size_t)(comma + 1 - rest.p));
	}
	return 0;
}

/* Append the trimmed, non-empty elements of "k1,k2" to pc's transitive
 * tag keys (Go SetTransitiveSessionTags). */
static void
profile_add_transitive_tags(struct profile_config *pc, const char *s)
{
	struct str rest = str_from(s), elem;

	while (str_split(&rest, ',', &elem)) {
		elem = str_trim(elem);
		if (elem.len > 0)
			strv_push_owned(&pc->transitive_tags, str_dup(elem));
	}
}

/* The environment variables Go populateFromEnv reads. */
enum profile_env_var {
	PROFILE_ENV_REGION,
	PROFILE_ENV_DEFAULT_REGION,
	PROFILE_ENV_STS_REGIONAL_ENDPOINTS,
	PROFILE_ENV_ENDPOINT_URL,
	PROFILE_ENV_MFA_SERIAL,
	PROFILE_ENV_ASSUME_ROLE_TTL,
	PROFILE_ENV_SESSION_TOKEN_TTL,
	PROFILE_ENV_CHAINED_SESSION_TOKEN_TTL,
	PROFILE_ENV_FEDERATION_TOKEN_TTL,
	PROFILE_ENV_ROLE_ARN,
	PROFILE_ENV_ROLE_SESSION_NAME,
	PROFILE_ENV_SESSION_TAGS,
	PROFILE_ENV_TRANSITIVE_TAGS,
	PROFILE_ENV_SOURCE_IDENTITY,
	PROFILE_ENV_N
};

static const char *const profile_env_names[PROFILE_ENV_N] = {
	[PROFILE_ENV_REGION] = "AWS_REGION",
	[PROFILE_ENV_DEFAULT_REGION] = "AWS_DEFAULT_REGION",
	[PROFILE_ENV_STS_REGIONAL_ENDPOINTS] = "AWS_STS_REGIONAL_ENDPOINTS",
	[PROFILE_ENV_ENDPOINT_URL] = "AWS_ENDPOINT_URL",
	[PROFILE_ENV_MFA_SERIAL] = "AWS_MFA_SERIAL",
	[PROFILE_ENV_ASSUME_ROLE_TTL] = "AWS_ASSUME_ROLE_TTL",
	[PROFILE_ENV_SESSION_TOKEN_TTL] = "AWS_SESSION_TOKEN_TTL",
	[PROFILE_ENV_CHAINED_SESSION_TOKEN_TTL] =
	    "AWS_CHAINED_SESSION_TOKEN_TTL",
	[PROFILE_ENV_FEDERATION_TOKEN_TTL] = "AWS_FEDERATION_TOKEN_TTL",
	[PROFILE_ENV_ROLE_ARN] = "AWS_ROLE_ARN",
	[PROFILE_ENV_ROLE_SESSION_NAME] = "AWS_ROLE_SESSION_NAME",
	[PROFILE_ENV_SESSION_TAGS] = "AWS_SESSION_TAGS",
	[PROFILE_ENV_TRANSITIVE_TAGS] = "AWS_TRANSITIVE_TAGS",
	[PROFILE_ENV_SOURCE_IDENTITY] = "AWS_SOURCE_IDENTITY",
};

/* The value of "name=value" entry e, or NULL when e is another name's. */
static const char *
profile_env_value(const char *e, const char *name)
{
	while (*name != '\0' && *e == *name) {
		e++;
		name++;
	}
	return *name == '\0' && *e == '=' ? e + 1 : NULL;
}

/*
 * Look up every variable of profile_env_names in one pass over environ
 * (a getenv each was a scan of the environment per variable and per
 * profile of the chain, on every warm export).  env[i] is the value of
 * the first entry with that name, as getenv finds it, or NULL; borrowed
 * from environ.
 */
static void
profile_env_scan(const char *env[PROFILE_ENV_N])
{
	char **ep;
	size_t i;

	for (i = 0; i < PROFILE_ENV_N; i++)
		env[i] = NULL;
	for (ep = environ; *ep != NULL; ep++) {
		if (strncmp(*ep, "AWS_", 4) != 0)
			continue;
		for (i = 0; i < PROFILE_ENV_N; i++) {
			if (env[i] != NULL)
				continue;	/* getenv's is the first */
			if ((env[i] = profile_env_value(*ep,
			    profile_env_names[i])) != NULL)
				break;
		}
	}
}

/* Fill *field from environment variable var when both call for it. */
static void
profile_env_fill(char **field, const char *const *env,
    enum profile_env_var var, const char *what)
{
	const char *v = env[var];

	if (*field != NULL || str_empty(v))
		return;
	*field = xstrdup(v);
	log_debug("Using %s \"%s\" from %s", what, v,
	    profile_env_names[var]);
}

/* Fill a duration from a Go-duration variable; bad values are ignored. */
static void
profile_env_duration(int64_t *field, const char *const *env,
    enum profile_env_var var)
{
	const char *v = env[var], *name = profile_env_names[var];
	int64_t d;

	if (*field != 0 || str_empty(v))
		return;
	if (duration_parse(v, &d) != 0) {
		av_error_clear();
		log_debug("Ignoring %s: not a duration", name);
		return;
	}
	*field = d;
	log_debug("Using a duration of %s from %s", v, name);
}

/* Go populateFromEnv, from the variables in env (profile_env_scan). */
static int
profile_apply_env(struct profile_config *pc, const char *const *env,
    bool active)
{
	const char *v;

	profile_env_fill(&pc->region, env, PROFILE_ENV_REGION, "region");
	profile_env_fill(&pc->region, env, PROFILE_ENV_DEFAULT_REGION,
	    "region");
	profile_env_fill(&pc->sts_regional_endpoints, env,
	    PROFILE_ENV_STS_REGIONAL_ENDPOINTS, "sts_regional_endpoints");
	profile_env_fill(&pc->endpoint_url, env, PROFILE_ENV_ENDPOINT_URL,
	    "endpoint_url");
	profile_env_fill(&pc->mfa_serial, env, PROFILE_ENV_MFA_SERIAL,
	    "mfa_serial");
	profile_env_duration(&pc->assume_role_duration, env,
	    PROFILE_ENV_ASSUME_ROLE_TTL);
	profile_env_duration(&pc->non_chained_gst_duration, env,
	    PROFILE_ENV_SESSION_TOKEN_TTL);
	profile_env_duration(&pc->chained_gst_duration, env,
	    PROFILE_ENV_CHAINED_SESSION_TOKEN_TTL);
	profile_env_duration(&pc->federation_duration, env,
	    PROFILE_ENV_FEDERATION_TOKEN_TTL);
	if (!active)
		return 0;
	profile_env_fill(&pc->role_arn, env, PROFILE_ENV_ROLE_ARN, "role_arn");
	profile_env_fill(&pc->role_session_name, env,
	    PROFILE_ENV_ROLE_SESSION_NAME, "role_session_name");
	v = env[PROFILE_ENV_SESSION_TAGS];
	if (!str_empty(v) && !pc->session_tags_set) {
		if (profile_set_session_tags(pc, v) != 0) {
			av_error_prefix("Failed to parse AWS_SESSION_TAGS "
			    "environment variable");
			return AV_ERR_INVALID;
		}
		log_debug("Using session_tags from AWS_SESSION_TAGS");
	}
	v = env[PROFILE_ENV_TRANSITIVE_TAGS];
	if (!str_empty(v) && pc->transitive_tags.n == 0) {
		profile_add_transitive_tags(pc, v);
		log_debug("Using transitive_session_tags from "
		    "AWS_TRANSITIVE_TAGS");
	}
	profile_env_fill(&pc->source_identity, env,
	    PROFILE_ENV_SOURCE_IDENTITY, "source_identity");
	return 0;
}

/* Say in --debug when go-ini would have read key from a dotted parent
 * section ([profile a.b] from [profile a]); we deliberately do not. */
static void
profile_dotted_note(const struct config *cf, const struct ini_section *sec,
    const char *key)
{
	const struct ini_section *parent;
	char *sname, *dot;

	if (!log_debug_enabled() || strchr(sec->name, '.') == NULL ||
	    ini_key_find(sec, key) != NULL)
		return;
	sname = xstrdup(sec->name);
	while ((dot = strrchr(sname, '.')) != NULL) {
		*dot = '\0';
		parent = ini_section_find(cf->ini, sname);
		if (parent != NULL && ini_key_find(parent, key) != NULL) {
			log_debug("[%s] has no %s; the Go aws-vault would "
			    "inherit it from [%s] (go-ini dotted sections), "
			    "this one does not", sec->name, key, sname);
			break;
		}
	}
	free(sname);
}

static void
profile_set_str(char **field, const char *v)
{
	free(*field);
	*field = xstrdup_nonempty(v);
}

/* Apply one section of the include/default walk (Go
 * populateFromConfigFile without the recursion). */
static int
profile_apply_section(const struct config *cf, struct profile_config *pc,
    const struct ini_section *sec)
{
	const struct ini_section *sso;
	const char *v;
	char **field;
	uint64_t secs;
	unsigned line;
	size_t i;

	/* Go maps the whole section first, and panics there on a unit. */
	if ((v = ini_get(sec, "duration_seconds", &line)) != NULL) {
		if (profile_duration_seconds(v, &secs) != 0) {
			av_error_prefix("%s:%u", cf->path, line);
			return AV_ERR_INVALID;
		}
		if (pc->assume_role_duration == 0)
			pc->assume_role_duration = (int64_t)secs * DUR_SECOND;
	}
	if (pc->sso_session == NULL &&
	    (v = config_value(sec, "sso_session")) != NULL) {
		pc->sso_session = xstrdup(v);
		/* The [sso-session] values overwrite (quirk, spec 5.5). */
		if ((sso = config_sso_section(cf, v)) != NULL) {
			profile_set_str(&pc->sso_start_url,
			    config_value(sso, "sso_start_url"));
			profile_set_str(&pc->sso_region,
			    config_value(sso, "sso_region"));
			profile_set_str(&pc->sso_registration_scopes,
			    config_value(sso, "sso_registration_scopes"));
			profile_dotted_note(cf, sso, "sso_start_url");
			profile_dotted_note(cf, sso, "sso_region");
			profile_dotted_note(cf, sso, "sso_registration_scopes");
		} else
			log_debug("[sso-session] '%s' missing in config file",
			    v);
	}
	for (i = 0; i < AV_ARRAY_SIZE(profile_fill); i++) {
		field = (char **)(void *)((char *)pc + profile_fill[i].off);
		if (*field == NULL &&
		    (v = config_value(sec, profile_fill[i].key)) != NULL)
			*field = xstrdup(v);
	}
	if ((v = config_value(sec, "session_tags")) != NULL &&
	    !pc->session_tags_set) {
		if (profile_set_session_tags(pc, v) != 0) {
			av_error_prefix("Failed to parse session_tags profile "
			    "setting");
			return AV_ERR_INVALID;
		}
	}
	if ((v = config_value(sec, "transitive_session_tags")) != NULL &&
	    pc->transitive_tags.n == 0)
		profile_add_transitive_tags(pc, v);
	for (i = 0; i < AV_ARRAY_SIZE(profile_keys); i++)
		profile_dotted_note(cf, sec, profile_keys[i]);
	return 0;
}

/* Walk the profile, then its include_profile chain or [default]. */
static int
profile_apply_file(const struct config *cf, struct profile_config *pc)
{
	const struct ini_section *sec;
	struct strv visited;
	const char *cur = pc->name, *inc;
	int r = AV_ERR_INTERNAL;

	strv_init(&visited);
	for (;;) {
		if (strv_contains(&visited, cur)) {
			r = av_error_set(AV_ERR_INVALID, "Loop detected in "
			    "config file for profile '%s'", cur);
			goto out;
		}
		strv_push(&visited, cur);
		if ((sec = config_profile_section(cf, cur)) == NULL) {
			log_debug("Profile '%s' missing in config file", cur);
			inc = NULL;
		} else {
			if ((r = profile_apply_section(cf, pc, sec)) != 0)
				goto out;
			inc = config_value(sec, "include_profile");
		}
		if (inc != NULL)
			cur = inc;
		else if (!streq(cur, "default"))
			cur = "default";
		else
			break;
	}
	/* A source_profile naming the profile itself is ignored. */
	if (streq(pc->source_profile_name, pc->name)) {
		free(pc->source_profile_name);
		pc->source_profile_name = NULL;
	}
	r = 0;
out:
	strv_release(&visited);
	return r;
}

/* Go GetProfileConfig for one profile, without hydrateSourceConfig. */
static int
profile_load(const struct config *cf, const char *name, bool active,
    const struct profile_base *base, const char *const *env,
    struct profile_config **pcp)
{
	struct profile_config *pc;
	int r = AV_ERR_INTERNAL;

	*pcp = NULL;
	pc = xcalloc(1, sizeof(*pc));
	strv_init(&pc->transitive_tags);
	pc->name = xstrdup(name);
	if (base != NULL) {
		if (!str_empty(base->region))
			pc->region = xstrdup(base->region);
		if (base->mfa_token != NULL)
			pc->mfa_token = secbuf_dup(base->mfa_token);
		if (!str_empty(base->mfa_prompt))
			pc->mfa_prompt = xstrdup(base->mfa_prompt);
		pc->assume_role_duration = base->duration;
		pc->non_chained_gst_duration = base->duration;
		pc->chained_gst_duration = base->duration;
		if (base->login)
			pc->federation_duration = base->duration;
		pc->sso_use_stdout = base->sso_use_stdout;
	}
	if ((r = profile_apply_env(pc, env, active)) != 0 ||
	    (r = profile_apply_file(cf, pc)) != 0)
		goto out;
	if (pc->assume_role_duration == 0)
		pc->assume_role_duration = DUR_HOUR;
	if (pc->federation_duration == 0)
		pc->federation_duration = DUR_HOUR;
	if (pc->non_chained_gst_duration == 0)
		pc->non_chained_gst_duration = DUR_HOUR;
	if (pc->chained_gst_duration == 0)
		pc->chained_gst_duration = 8 * DUR_HOUR;
	*pcp = pc;
	pc = NULL;	/* transferred */
	r = 0;
out:
	profile_config_free(pc);
	return r;
}

/* The message for a source_profile cycle back to name. */
static int
profile_cycle_error(const struct profile_config *head, const char *name)
{
	const struct profile_config *p;
	struct buf b;
	int r;

	buf_init(&b, 1024);
	for (p = head; p != NULL; p = p->source)
		(void)buf_printf(&b, "%s -> ", p->name);
	(void)buf_puts(&b, name);
	r = av_error_set(AV_ERR_INVALID, "Loop detected in source_profile "
	    "chain for profile '%s': %s", name, buf_cstr(&b));
	buf_release(&b);
	return r;
}

int
profile_resolve(const struct config *cf, const char *name,
    const struct profile_base *base, struct profile_config **pcp)
{
	struct profile_config *head = NULL, *cur, *next, *p;
	const char *env[PROFILE_ENV_N];
	int r = AV_ERR_INTERNAL;

	*pcp = NULL;
	profile_env_scan(env);
	if ((r = profile_load(cf, name, true, base, env, &head)) != 0)
		goto out;
	for (cur = head; cur->source_profile_name != NULL; cur = next) {
		for (p = head; p != NULL; p = p->source)
			if (streq(p->name, cur->source_profile_name)) {
				r = profile_cycle_error(head,
				    cur->source_profile_name);
				goto out;
			}
		/* Never the active profile: that would be a cycle. */
		if ((r = profile_load(cf, cur->source_profile_name, false,
		    base, env, &next)) != 0)
			goto out;
		next->chained_from = cur;
		cur->source = next;
	}
	/* BN: mfa_process is inherited from the source, bottom-up. */
	for (p = cur->chained_from; p != NULL; p = p->chained_from)
		if (p->mfa_process == NULL && p->source->mfa_process != NULL)
			p->mfa_process = xstrdup(p->source->mfa_process);
	*pcp = head;
	head = NULL;	/* transferred */
	r = 0;
out:
	profile_config_free(head);
	return r;
}

void
profile_config_free(struct profile_config *pc)
{
	struct profile_config *next;

	for (; pc != NULL; pc = next) {
		next = pc->source;
		free(pc->name);
		free(pc->region);
		free(pc->mfa_serial);
		free(pc->role_arn);
		free(pc->external_id);
		free(pc->role_session_name);
		free(pc->source_profile_name);
		free(pc->sso_session);
		free(pc->sso_start_url);
		free(pc->sso_region);
		free(pc->sso_account_id);
		free(pc->sso_role_name);
		free(pc->sso_registration_scopes);
		free(pc->web_identity_token_file);
		free(pc->web_identity_token_process);
		free(pc->credential_process);
		free(pc->mfa_process);
		free(pc->sts_regional_endpoints);
		free(pc->endpoint_url);
		free(pc->services);
		free(pc->source_identity);
		profile_tags_release(pc);
		strv_release(&pc->transitive_tags);
		secbuf_free(pc->mfa_token);
		free(pc->mfa_prompt);
		freezero(pc, sizeof(*pc));
	}
}

/* Append "name=value\n", nothing for an unset or empty value (the
 * same to every reader of the config; and fewer blocks to hash on the
 * warm path). */
static void
profile_fp_line(struct buf *out, const char *name, const char *value)
{
	if (str_empty(value))
		return;
	buf_cat(out, name, "=", value, "\n", (char *)NULL);
}

/* Append "durations=a,b\n". */
static void
profile_fp_durations(struct buf *out, int64_t a, int64_t b)
{
	buf_puts(out, "durations=");
	buf_put_i64(out, a);
	buf_putc(out, ',');
	buf_put_i64(out, b);
	buf_putc(out, '\n');
}

void
profile_fingerprint(const struct profile_config *pc, struct buf *out)
{
	const struct profile_config *c;
	size_t i;

	for (c = pc; c != NULL; c = c->source) {
		profile_fp_line(out, "profile", c->name);
		profile_fp_line(out, "sso_session", c->sso_session);
		for (i = 0; i < AV_ARRAY_SIZE(profile_fill); i++)
			profile_fp_line(out, profile_fill[i].key,
			    *(char *const *)((const char *)c +
			    profile_fill[i].off));
		for (i = 0; i < c->nsession_tags; i++) {
			profile_fp_line(out, "tag", c->session_tags[i].key);
			profile_fp_line(out, "=", c->session_tags[i].value);
		}
		for (i = 0; i < c->transitive_tags.n; i++)
			profile_fp_line(out, "transitive",
			    c->transitive_tags.v[i]);
		profile_fp_durations(out, c->assume_role_duration,
		    c->non_chained_gst_duration);
		profile_fp_durations(out, c->chained_gst_duration,
		    c->federation_duration);
	}
}
