/* SPDX-License-Identifier: MIT */
/*
 * config-int.h: what config.c (the file and its raw lookups) and
 * profile.c (profile resolution) share.  Private to src/config/: the
 * public API of both is profile.h.
 */
#ifndef AV_CONFIG_INT_H
#define AV_CONFIG_INT_H

#include "util/common.h"

struct config;
struct ini_section;

/* A non-empty value of key in sec, or NULL (sec may be NULL).  Borrowed
 * from the section's struct ini. */
const char *config_value(const struct ini_section *sec, const char *key);

/* The [sso-session NAME] section of cf, or NULL.  Borrowed from cf. */
const struct ini_section *config_sso_section(const struct config *cf,
    const char *name);

/* Go ProfileSection.IsEmpty for [default]: no key of spec 5.4 has a
 * value (a duration_seconds of 0 counts as none). */
bool profile_section_is_empty(const struct ini_section *sec);

#endif
