/* SPDX-License-Identifier: MIT */
/* dl.c: load an optional library and resolve its symbols in one go. */
#include "util/common.h"

#include <dlfcn.h>

#include "util/dl.h"
#include "util/error.h"
#include "util/log.h"

int
dl_open_many(void **handlep, const char *const *sonames,
    const struct dl_sym *syms, const char *what, const char *package)
{
	const struct dl_sym *s;
	const char *err = "not found";
	void *h = NULL;
	size_t i;

	if (*handlep != NULL)
		return 0;
	for (i = 0; sonames[i] != NULL && h == NULL; i++) {
		h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
		if (h == NULL)
			err = dlerror();
		else
			log_debug("loaded %s", sonames[i]);
	}
	if (h == NULL)
		return av_error_set(AV_ERR_UNSUPPORTED,
		    "%s is not installed (%s): apt install %s", what, err,
		    package);
	for (s = syms; s->name != NULL; s++) {
		dlerror();
		*s->addr = dlsym(h, s->name);
		if (*s->addr == NULL) {
			const char *e = dlerror();
			int r = av_error_set(AV_ERR_UNSUPPORTED,
			    "%s is too old: symbol %s missing (%s)", what,
			    s->name, e != NULL ? e : "NULL");
			for (s = syms; s->name != NULL; s++)
				*s->addr = NULL;
			dlclose(h);
			return r;
		}
	}
	*handlep = h;
	return 0;
}
