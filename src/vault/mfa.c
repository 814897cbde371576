/* SPDX-License-Identifier: MIT */
/* mfa.c: where an MFA code comes from, and the TOTP reuse guard. */
#include "util/common.h"

#include <time.h>

#include "config/profile.h"
#include "prompt/prompt.h"
#include "prompt/tty.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/secbuf.h"
#include "util/str.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "vault/mfa.h"
#include "vault/vault.h"

#define MFA_STEP	30	/* TOTP time step, seconds */
#define MFA_REUSE_WINDOW 90	/* the step and AWS's tolerance around it */
#define MFA_TRIES	3

enum mfa_source {
	MFA_FIXED,		/* --mfa-token */
	MFA_TERMINAL,		/* a person at the terminal driver */
	MFA_PROGRAM,		/* mfa_process, ykman, a dialog */
};

/* The state file of serial: <lockdir>/mfa-<hash>. Caller frees. */
static char *
mfa_state_path(const char *serial)
{
	char hex[65], *dir, *p;

	crypto_sha256_hex(serial, strlen(serial), hex);
	dir = lock_dir();
	p = xasprintf("%s/mfa-%.32s", dir, hex);
	free(dir);
	return p;
}

/* Hex of SHA-256(serial NUL code). */
static void
mfa_code_hash(const char *serial, const struct secbuf *code, char out[65])
{
	struct secbuf *m = secbuf_new(4096);

	secbuf_put(m, serial, strlen(serial) + 1);
	secbuf_put(m, secbuf_ptr(code), secbuf_len(code));
	crypto_sha256_hex(secbuf_ptr(m), secbuf_len(m), out);
	secbuf_free(m);
}

/* When code was last accepted for serial, or -1. */
static int64_t
mfa_code_last_used(const char *serial, const struct secbuf *code)
{
	char want[65], *path = mfa_state_path(serial);
	struct str rest, when, hash;
	struct buf b;
	uint64_t t;
	int64_t r = -1;

	buf_init(&b, 4096);
	mfa_code_hash(serial, code, want);
	if (fs_read_private_file(path, b.max, &b) == 0) {
		rest = str_make(buf_cstr(&b), b.len);
		if (str_split(&rest, ' ', &when) &&
		    str_split(&rest, '\n', &hash) &&
		    str_to_u64(when, 0, INT64_MAX, &t) == 0 &&
		    hash.len == 64 && crypto_memeq(hash.p, want, 64))
			r = (int64_t)t;
	}
	av_error_clear();
	buf_release(&b);
	free(path);
	return r;
}

void
mfa_code_used(const char *serial, const struct secbuf *code)
{
	char hash[65], *path, *dir, *line;

	dir = lock_dir();
	path = mfa_state_path(serial);
	mfa_code_hash(serial, code, hash);
	line = xasprintf("%lld %s\n", (long long)clock_now(), hash);
	if (fs_mkdir_p(dir, 0700) != 0 ||
	    fs_write_atomic(path, line, strlen(line), 0600) != 0)
		log_debug("remembering the MFA code failed: %s",
		    av_error_msg());
	av_error_clear();
	free(line);
	free(path);
	free(dir);
}

/* Ask the configured source once. */
static int
mfa_ask(struct vault *v, const struct profile_config *cfg, const char *serial,
    enum mfa_source *srcp, struct secbuf **codep)
{
	const struct prompt_ops *ops;
	int r;

	if (cfg->mfa_token != NULL && secbuf_len(cfg->mfa_token) > 0) {
		*srcp = MFA_FIXED;
		return prompt_code_normalize(secbuf_ptr(cfg->mfa_token),
		    secbuf_len(cfg->mfa_token), codep);
	}
	*srcp = MFA_PROGRAM;
	if (!str_empty(cfg->mfa_process)) {
		log_debug("profile %s: MFA code from mfa_process", cfg->name);
		return prompt_process_read_mfa(cfg->mfa_process, codep);
	}
	if ((r = vault_prompt(v, &ops)) != 0)
		return r;
	if (strcmp(ops->name, "terminal") == 0)
		*srcp = MFA_TERMINAL;
	return ops->read_mfa(serial, codep);
}

int
mfa_get_code(struct vault *v, const struct profile_config *cfg,
    const char *serial, struct secbuf **codep)
{
	enum mfa_source src;
	struct timespec ts;
	int64_t used, now, wait;
	char msg[128];
	int r, i;

	*codep = NULL;
	for (i = 0; i < MFA_TRIES; i++) {
		if ((r = mfa_ask(v, cfg, serial, &src, codep)) != 0)
			return r;
		now = clock_now();
		used = mfa_code_last_used(serial, *codep);
		if (used < 0 || now - used >= MFA_REUSE_WINDOW)
			return 0;
		secbuf_free(*codep);
		*codep = NULL;
		wait = MFA_STEP - now % MFA_STEP;
		snprintf(msg, sizeof(msg), "this code was already used; the "
		    "next one appears in %lld s", (long long)wait);
		if (src == MFA_FIXED)
			return av_error_set(AV_ERR_INVALID, "MFA code from "
			    "--mfa-token: %s", msg);
		prompt_tty_notice(msg);
		if (src == MFA_PROGRAM) {
			ts.tv_sec = (time_t)wait;
			ts.tv_nsec = 100 * 1000 * 1000;
			while (nanosleep(&ts, &ts) != 0)
				;
		}
	}
	return av_error_set(AV_ERR_INVALID, "MFA code for %s: every code "
	    "offered was already used", serial);
}
