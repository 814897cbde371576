/* SPDX-License-Identifier: MIT */
/*
 * profile.h: the AWS config file (~/.aws/config) as aws-vault reads it:
 * where it lives and its creation (spec 5.1), its sections (5.3), and the
 * resolution of a profile (5.5, BN v7.13.5): CLI flags > environment >
 * profile section > include_profile chain or [default] > defaults, then
 * the source_profile chain.
 *
 * Layering: built on ini.h and util/; knows nothing of keyrings or AWS
 * calls.  Never prints; failures come back as AV_ERR_* with a message.
 *
 * Deliberate differences from the Go tool (docs/COMPATIBILITY.md):
 *  - go-ini's dotted-section inheritance ([profile a.b] reading missing
 *    keys from [profile a]) is not copied; --debug says when it would
 *    have applied;
 *  - a duration_seconds with a unit ("1h") is an error naming file and
 *    line (Go panics);
 *  - a source_profile cycle is an error (Go overflows its stack);
 *  - a bad AWS_SESSION_TAGS is an error with a message (Go exits 1
 *    silently).
 */
#ifndef AV_PROFILE_H
#define AV_PROFILE_H

#include "util/common.h"

#include "util/str.h"

struct ini;
struct ini_section;
struct secbuf;

/* A loaded config file.  Read-only after config_load. */
struct config {
	char		*path;		/* as given to config_load */
	struct ini	*ini;
};

/* $AWS_CONFIG_FILE verbatim when non-empty (no ~ expansion), else
 * $HOME/.aws/config.  Owned by the caller. */
char *config_path(void);

/*
 * Load the config file at path.  When it does not exist it is created
 * first, as the Go tool does: its parent directory with mkdir 0700 (not
 * recursive, so a missing grandparent is an error), then an empty file
 * with mode 0666 minus umask.  Symbolic links are followed (dotfile
 * managers link ~/.aws/config).  Parse errors read
 * "Error parsing config file <path>: <path>:<line>: <what>".
 * On success *cfp is owned by the caller (config_free).
 * Returns 0, AV_ERR_INVALID (parse error, too big), AV_ERR_NOT_FOUND (a
 * dangling symbolic link) or AV_ERR_SYSTEM.
 */
int config_load(const char *path, struct config **cfp);

/* Parse a config held in memory (path is used in messages and kept in
 * the result).  Returns 0 or AV_ERR_INVALID; *cfp as for config_load. */
int config_parse(const char *data, size_t len, const char *path,
    struct config **cfp);

/* Free; NULL is a no-op. */
void config_free(struct config *cf);

/*
 * Append the profile names to names, in file order (Go ProfileNames):
 * [default] as "default" unless none of the keys of spec 5.4 has a
 * non-empty value; [profile NAME] as NAME (a [profile default] appears
 * as "default", so "default" can appear twice, as in Go).  Other
 * sections are skipped (with a debug line).
 */
void config_profile_names(const struct config *cf, struct strv *names);

/* The section that holds profile name: [default] for "default", else
 * [profile NAME]; NULL when absent.  Borrowed from cf. */
const struct ini_section *config_profile_section(const struct config *cf,
    const char *name);

/* True when the profile has its own section (BN profileResolvable). */
bool config_has_profile_section(const struct config *cf, const char *name);

/* The raw value of key in the profile's own section (no include_profile,
 * no [default]), or NULL when absent or empty.  Borrowed from cf.
 * add uses it for "source_profile". */
const char *config_profile_get(const struct config *cf, const char *name,
    const char *key);

/* The SSO start URL the profile's own section resolves to (spec 3.7):
 * the sso_start_url of its [sso-session S] when it names one that
 * exists and has one, else its inline sso_start_url; NULL when neither.
 * Borrowed from cf. */
const char *config_profile_sso_start_url(const struct config *cf,
    const char *name);

/* The NAME of the first [sso-session NAME] whose sso_start_url is url
 * (list's oidc:<name> labels), or NULL.  Borrowed from cf. */
const char *config_sso_session_for_url(const struct config *cf,
    const char *url);

/* The endpoint_url nested under `<service> =` in [services NAME], e.g.
 * service "sts", "iam", "sso", "sso_oidc"; NULL when absent.  Borrowed. */
const char *config_services_endpoint(const struct config *cf,
    const char *services, const char *service);

/* A session tag (AssumeRole Tags), in the order first given. */
struct profile_tag {
	char	*key;
	char	*value;
};

/* What the command line contributes to every profile of a chain. */
struct profile_base {
	const char		*region;	/* --region or NULL */
	const struct secbuf	*mfa_token;	/* --mfa-token or NULL */
	const char		*mfa_prompt;	/* driver name or NULL */
	int64_t			 duration;	/* --duration (ns) or 0 */
	bool			 login;		/* duration also sets
						   the federation one */
	bool			 sso_use_stdout; /* --stdout */
};

/*
 * A resolved profile (Go ProfileConfig).  Strings are owned, NULL when
 * unset and never empty.  Durations are nanoseconds and, after
 * resolution, never 0 (defaults 1h, 1h, 8h, 1h); they may be negative
 * when an environment variable says so, as in Go.
 */
struct profile_config {
	char		*name;

	char		*region;
	char		*mfa_serial;
	char		*role_arn;
	char		*external_id;
	char		*role_session_name;
	char		*source_profile_name;
	char		*sso_session;
	char		*sso_start_url;
	char		*sso_region;
	char		*sso_account_id;
	char		*sso_role_name;
	char		*sso_registration_scopes;
	char		*web_identity_token_file;
	char		*web_identity_token_process;
	char		*credential_process;
	char		*mfa_process;
	char		*sts_regional_endpoints;
	char		*endpoint_url;
	char		*services;	/* a [services NAME] */
	char		*source_identity;

	struct profile_tag *session_tags;
	size_t		 nsession_tags;
	bool		 session_tags_set;
	struct strv	 transitive_tags;

	int64_t		 assume_role_duration;
	int64_t		 non_chained_gst_duration;
	int64_t		 chained_gst_duration;
	int64_t		 federation_duration;

	struct secbuf	*mfa_token;	/* --mfa-token, or NULL */
	char		*mfa_prompt;
	bool		 sso_use_stdout;

	struct profile_config *source;	     /* owned; NULL without one */
	struct profile_config *chained_from; /* borrowed back pointer */
};

/*
 * Resolve profile name (the active profile) with the algorithm of spec
 * 5.5 (BN), then its source_profile chain: pc->source is the resolved
 * source profile, whose chained_from points back; a profile without
 * mfa_process inherits its source's (BN).  base may be NULL.
 * Errors: "Loop detected in config file for profile '<p>'"
 * (include_profile), "Loop detected in source_profile chain for profile
 * '<p>': a -> b -> a", bad session_tags / AWS_SESSION_TAGS, and a
 * duration_seconds with a unit.  On success *pcp is owned by the caller
 * (profile_config_free).  Returns 0 or AV_ERR_INVALID.
 */
int profile_resolve(const struct config *cf, const char *name,
    const struct profile_base *base, struct profile_config **pcp);

/* Free pc and its source chain, wiping the MFA token; NULL is a no-op. */
void profile_config_free(struct profile_config *pc);

/* Append to out a text that changes whenever anything that decides which
 * AWS calls the chain makes, and with what, changes (every setting of
 * pc and of its source chain, but not the MFA token).  For cache keys. */
struct buf;
void profile_fingerprint(const struct profile_config *pc, struct buf *out);

/* role_arn is set (Go HasRole). */
bool profile_has_role(const struct profile_config *pc);
/* The profile is some other profile's source (Go IsChained). */
bool profile_is_chained(const struct profile_config *pc);

#endif
