/* SPDX-License-Identifier: MIT */
/*
 * dl.h: the one dlopen helper (ARCHITECTURE.md 2, after systemd's
 * dlopen_many_sym_or_warn).  Heavy optional libraries (libcurl,
 * libsecret/GLib, libmicrohttpd) are reached through a table of function
 * pointers filled here on first use, so they never appear in the
 * binary's DT_NEEDED list.  Each user declares its pointers with the
 * real prototypes (typeof) so the compiler still checks every call.
 */
#ifndef AV_DL_H
#define AV_DL_H

#include "util/common.h"

struct dl_sym {
	const char	 *name;
	void		**addr;
};

#define DL_SYM(fn) { #fn, (void **)&dl_##fn }

/* Open the first of the NULL-terminated sonames that loads and resolve
 * every symbol of syms (terminated by { NULL, NULL }) into *handlep.
 * Idempotent: once *handlep is set it returns 0 at once.  On failure sets
 * "<what> is not installed (<dlerror>): apt install <package>" and returns
 * AV_ERR_UNSUPPORTED. */
int dl_open_many(void **handlep, const char *const *sonames,
    const struct dl_sym *syms, const char *what, const char *package);

#endif
