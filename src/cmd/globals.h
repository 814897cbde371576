/* SPDX-License-Identifier: MIT */
/*
 * globals.h: the global flags (spec 2) and the lazily opened shared
 * resources every command uses: the keyring and the config file.
 */
#ifndef AV_CMD_GLOBALS_H
#define AV_CMD_GLOBALS_H

#include "util/common.h"

struct cmd_ctx;

extern struct cmd_globals cmd_g;
extern bool cmd_g_help, cmd_g_help_long, cmd_g_help_man, cmd_g_version;
extern bool cmd_g_completion, cmd_g_completion_script_bash;
extern bool cmd_g_completion_script_zsh;
extern const struct cmd_entry cmd_help_entry;

/* Fill values with the backends compiled in. */
void cmd_backend_names(struct strv *values);

/* The keyring settings of the global flags (strings borrowed from them). */
struct keyring_config;
void cmd_keyring_config_fill(struct cmd_ctx *ctx, struct keyring_config *kc);

/* Release what cmd_keyring/cmd_config opened. */
void cmd_ctx_release(struct cmd_ctx *ctx);

void cmd_print_completion_script(FILE *f, const char *name, bool zsh);
void cmd_help_man_print(FILE *f);

#endif
