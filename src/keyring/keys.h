/* SPDX-License-Identifier: MIT */
/*
 * keys.h: the three key namespaces that share one keyring (spec 11.2):
 * long-term credentials under the profile name, cached sessions under
 * "<Type>,<b64url profile>,<b64url mfa>,<unix expiry>" (spec 6.8, plus
 * three legacy patterns that are only ever deleted), and SSO tokens under
 * "oidc:<start url>" (spec 6.9).  Also the item labels and descriptions
 * the Go tool writes.
 *
 * The predicates are exactly the Go ones (ByteNess vault/sessionkeyring.go
 * and oidctokenkeyring.go), hand-written instead of regexes: Go's regexp
 * "$" is end of text and "." does not match a newline.
 *
 * Layering: keyring, on util only.  Pure functions of their arguments,
 * except that labels format times.
 */
#ifndef AV_KEYRING_KEYS_H
#define AV_KEYRING_KEYS_H

#include "util/common.h"

#define KEYS_OIDC_PREFIX		"oidc:"
#define KEYS_SESSION_DESCRIPTION	"aws-vault session"
#define KEYS_OIDC_DESCRIPTION		"aws-vault oidc token"

/* Session types written by the Go tool (the first field of the key). */
#define KEYS_TYPE_GET_SESSION_TOKEN	"sts.GetSessionToken"
#define KEYS_TYPE_ASSUME_ROLE		"sts.AssumeRole"
#define KEYS_TYPE_WEB_IDENTITY		"sts.AssumeRoleWithWebIdentity"
#define KEYS_TYPE_SSO			"sso.GetRoleCredentials"
#define KEYS_TYPE_CREDENTIAL_PROCESS	"credential_process"

enum keys_kind {
	KEYS_CREDENTIALS,	/* anything else: a profile's long-term key */
	KEYS_SESSION,		/* current session key (parses) */
	KEYS_SESSION_LEGACY,	/* one of the three legacy patterns */
	KEYS_OIDC,		/* "oidc:" prefix */
};

/* A parsed current-format session key.  Strings are owned (release with
 * keys_session_release); profile and mfa are the decoded fields. */
struct keys_session {
	char	*type;
	char	*profile;
	char	*mfa;		/* MFA serial, SSO start URL, or "" */
	int64_t	 expiry;	/* Unix seconds */
};

/* Which namespace key belongs to.  Go checks legacy patterns before the
 * current one (RemoveOldSessions), so "session,c2Vzc2lvbg,,1572281751" is
 * KEYS_SESSION_LEGACY; a key that is both a session and "oidc:"-prefixed
 * is a session.  `list` in Go counts such a key in both lists; use the
 * predicates below to mirror that. */
enum keys_kind keys_classify(const char *key);

/* Go IsOldSessionKey: one of the three legacy patterns of spec 6.8. */
bool keys_is_legacy_session(const char *key);
/* Go IsCurrentSessionKey: keys_session_parse succeeds. */
bool keys_is_session(const char *key);
/* Go IsOIDCTokenKey: the "oidc:" prefix. */
bool keys_is_oidc(const char *key);
/* Go list's credentialNames: neither kind of session nor OIDC. */
bool keys_is_credentials(const char *key);

/* Parse a current-format session key: the regex
 * ^([^,]+),([^,]+),([^,]*),([0-9]{1,})$ with both middle fields valid
 * unpadded base64url without a NUL byte (the one deliberate difference
 * from Go, which would accept one) and the expiry a decimal that fits an
 * int64.  *s is filled (caller releases) on success, zeroed otherwise.
 * Returns 0 or AV_ERR_INVALID (no message set). */
int keys_session_parse(const char *key, struct keys_session *s);
void keys_session_release(struct keys_session *s);

/* "<type>,<b64url(profile)>,<b64url(mfa)>,<expiry>"; mfa may be NULL.
 * Caller frees. */
char *keys_session_format(const char *type, const char *profile,
    const char *mfa, int64_t expiry);
/* The lookup prefix "<type>,<b64url(profile)>,<b64url(mfa)>,": the first
 * key, in backend order, that starts with it is the cached session.
 * Caller frees. */
char *keys_session_prefix(const char *type, const char *profile,
    const char *mfa);

/* "oidc:<url>" (caller frees), and the URL of an OIDC key (borrowed from
 * key) or NULL when key is not one. */
char *keys_oidc_key(const char *url);
const char *keys_oidc_url(const char *key);

/* Labels (caller frees); times are written as UTC RFC 3339:
 * "aws-vault (<profile>)",
 * "aws-vault session for <profile> (expires <RFC3339>)",
 * "aws-vault oidc token for <url> (expires <RFC3339>)". */
char *keys_credentials_label(const char *profile);
char *keys_session_label(const char *profile, int64_t expiry);
char *keys_oidc_label(const char *url, int64_t expiry);

#endif
