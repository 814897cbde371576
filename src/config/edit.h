/* SPDX-License-Identifier: MIT */
/*
 * edit.h: writing to ~/.aws/config (spec 5.6) for `add` and `import`.
 *
 * Unlike the Go tool, which re-serialises the whole file through go-ini
 * (moving inline comments, backquoting values with '#'), the new section
 * is appended textually: every existing byte stays as it was.  The write
 * is atomic (temp file, fsync, rename) and keeps the file's mode.
 */
#ifndef AV_EDIT_H
#define AV_EDIT_H

#include "util/common.h"

struct strv;

/*
 * Append "[profile NAME]" ("[default]" for "default") and, when
 * mfa_serial is not NULL or empty, "mfa_serial=<mfa_serial>" to the
 * config file at path.  A missing file is created (mode 0666 minus
 * umask); an existing one keeps its mode, and a symbolic link is written
 * through to its target.  When the file is not empty, a line break is
 * added first if it lacks a final one, then a blank line unless it ends
 * with one.  Lines end in "\r\n" when the file's first line does.
 * A name or value that would not read back unchanged (a line break, a
 * value that starts with a quote, ...) is refused.
 * Returns 0, AV_ERR_INVALID or AV_ERR_SYSTEM.
 */
int config_append_profile(const char *path, const char *name,
    const char *mfa_serial);

/*
 * Like config_append_profile, with any plain settings (import carries
 * region, output, ... over from the credentials file): settings holds
 * name/value pairs (v[2i], v[2i+1]), written as "name=value" lines in
 * that order; none when empty.  Each must read back unchanged, and names
 * must be distinct lower-case keys.  Returns as config_append_profile.
 */
int config_append_profile_settings(const char *path, const char *name,
    const struct strv *settings);

#endif
