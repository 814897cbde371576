/* SPDX-License-Identifier: MIT */
/*
 * ykman.c: the "ykman" MFA driver: a TOTP code from a YubiKey (spec 12).
 *
 *   ykman [--device $YKMAN_OATH_DEVICE_SERIAL] oath accounts code --single
 *       <$YKMAN_OATH_CREDENTIAL_NAME or the MFA serial>
 *
 * with "oath code" instead of "oath accounts code" when
 * AWS_VAULT_YKMAN_VERSION is 1, 2 or 3.  As in BN, ykman's stdin and
 * stderr are /dev/tty when it opens, so "Touch your YubiKey" and an OATH
 * password prompt reach the user under credential_process.
 */
#include "util/common.h"

#include "prompt/prompt.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/str.h"

static bool
prompt_ykman_available(void)
{
	return spawn_in_path("ykman");
}

static int
prompt_ykman_read_mfa(const char *mfa_serial, struct secbuf **codep)
{
	const char *name = getenv("YKMAN_OATH_CREDENTIAL_NAME");
	const char *device = getenv("YKMAN_OATH_DEVICE_SERIAL");
	const char *version = getenv("AWS_VAULT_YKMAN_VERSION");
	const char *argv[10];
	size_t n = 0;
	bool old;

	if (str_empty(name))
		name = mfa_serial;
	old = streq(version, "1") || streq(version, "2") ||
	    streq(version, "3");
	argv[n++] = "ykman";
	if (!str_empty(device)) {
		argv[n++] = "--device";
		argv[n++] = device;
	}
	argv[n++] = "oath";
	if (!old)
		argv[n++] = "accounts";
	argv[n++] = "code";
	argv[n++] = "--single";
	argv[n++] = name;
	argv[n] = NULL;
	log_debug("Fetching MFA code using `ykman%s%s oath%s code --single "
	    "%s`", str_empty(device) ? "" : " --device ",
	    str_empty(device) ? "" : device, old ? "" : " accounts", name);
	return prompt_run("ykman", argv, true, codep);
}

const struct prompt_ops prompt_ykman_ops = {
	.name = "ykman",
	.available = prompt_ykman_available,
	.read_mfa = prompt_ykman_read_mfa,
};
