#!/bin/sh
# The warm path: a cached session is mirrored in the kernel keyring and
# served from there without opening the keystore (no decryption, so even
# a wrong passphrase does not matter), the mirror follows the keystore
# (an item deleted by either tool, `clear`, `add`, `remove`), never leaks
# between stores, and carries a kernel timeout.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_own_keyring "$@"
t_setup
t_go_keys "$AWS_VAULT_FILE_DIR"
cp "$AV_SHARED_TESTDATA/go-file-backend/aws-config-after-add" "$AWS_CONFIG_FILE"
export AWS_VAULT_FILE_PASSPHRASE=test
export AWS_VAULT_TEST_NOW=2026-11-30T01:30:00Z
# Any call to STS would fail fast: nothing listens there.
export AWS_ENDPOINT_URL=http://127.0.0.1:9

mirrors() { keyctl link @u @s >/dev/null 2>&1; keyctl show @u | grep -c 'user: aws-vault:s:'; }

out=$(av --debug export p1 2>&1)
t_like "cold: the session comes from the keystore" "$out" \
    "Re-using cached credentials AKIAIOSFODNN7EXAMPLE from sts.GetSessionToken"
t_is "cold: one mirror in the kernel keyring" "$(mirrors)" 1
expiry=
for id in $(keyctl rlist @u); do
	case $(keyctl rdescribe "$id") in
	*";aws-vault:s:"*) expiry=$(t_key_timeout "$id") ;;
	esac
done
# 47m6s from the pinned clock to the session's expiry.
t_match "the mirror expires with the session (kernel timeout)" "$expiry" \
    '4[67]m'

out=$(av --debug export p1 2>&1)
t_like "warm: served from the kernel keyring" "$out" \
    "profile p1: session from the kernel keyring"
t_unlike "warm: the keystore is not opened" "$out" "[keyring] using backend"
# A profile with stored keys and no config section: its guard (are keys
# stored?) lists the keystore, so it waits for a miss.
grep -v '^\[profile p1\]' "$AWS_CONFIG_FILE" > "$T_HOME/no-p1-section"
out=$(AWS_CONFIG_FILE="$T_HOME/no-p1-section" av --debug export p1 2>&1)
t_like "warm, no config section: served from the kernel keyring" "$out" \
    "profile p1: session from the kernel keyring"
t_unlike "... without opening the keystore" "$out" "[keyring] using backend"
json=$(AWS_VAULT_FILE_PASSPHRASE=wrong av export --format=json p1); rc=$?
t_is "warm: no decryption (a wrong passphrase does not matter)" "$rc" 0
t_like "warm: the same session" "$json" '"AccessKeyId": "AKIAIOSFODNN7EXAMPLE"'
t_like "warm: with its token" "$json" '"SessionToken": "AQoEXAMPLEH4'

# Readable by the user without possession, so the warm path links
# nothing first (older mirrors, possessor-only, still read by linking).
mirror=
for id in $(keyctl rlist @u); do
	case $(keyctl rdescribe "$id") in
	*";aws-vault:s:"*) mirror=$id ;;
	esac
done
perm=$(keyctl rdescribe "$mirror" | cut -d';' -f4)
t_is "the mirror: all for its possessor; view, read, search for the user" \
    "$perm" 3f0b0000
fresh() { keyctl session - sh -c '"$@" 2>&1' sh "$@" 2>/dev/null; }
out=$(fresh "$AV_BIN" --debug export p1)
t_like "warm, @u not possessed: served from the kernel keyring" "$out" \
    "session from the kernel keyring"
t_unlike "... with no link first" "$out" "linking the user keyring"
keyctl setperm "$mirror" 0x3f010000
out=$(fresh "$AV_BIN" --debug export p1)
t_like "a possessor-only mirror (older): still served" "$out" \
    "session from the kernel keyring"
t_like "... after linking the user keyring" "$out" "linking the user keyring"

# nettle probes the CPU (CPUID, a trap to the hypervisor on a VM) at its
# first SHA-256 or AES call and no sooner: the warm path makes none.
if [ "${AV_NETTLE_NOCTOR:-1}" = 1 ]; then
	# The cold run first: only a fat nettle says anything at all.
	t_forget_fast
	cold=$(NETTLE_FAT_VERBOSE=1 av export p1 2>&1 >/dev/null)
	warm=$(NETTLE_FAT_VERBOSE=1 av export p1 2>&1 >/dev/null)
	case $cold in
	*libnettle*)
		t_pass "cold: a decryption makes nettle probe the CPU"
		t_unlike "warm: nettle never probes the CPU" "$warm" "libnettle"
		;;
	*)
		t_skip "cold: a decryption makes nettle probe" "not a fat nettle"
		t_skip "warm: nettle never probes the CPU" "not a fat nettle"
		;;
	esac
else
	t_skip "warm: nettle never probes the CPU" \
	    "this build links nettle with its constructor (shared, or no objcopy)"
fi

# Another store (another key directory) never sees this mirror.
other="$T_HOME/other"
t_go_keys "$other"
out=$(AWS_VAULT_FILE_DIR="$other" av --debug export p1 2>&1)
t_like "another store reads its own keystore" "$out" "Re-using cached credentials"
t_is "and gets its own mirror" "$(mirrors)" 2

# Deleted from the keystore behind our back (the Go tool's clear): ignored.
rm "$AWS_VAULT_FILE_DIR/sts.GetSessionToken,cDE,,1796005026"
out=$(av --debug export p1 2>&1); rc=$?
t_is "item gone: the mirror is not used" "$rc" 1
t_like "item gone: a fresh session is asked for" "$out" "sts:GetSessionToken"
t_like "item gone: the mirror is dropped" "$out" "item is gone"

# Our own commands that change the store drop the store's mirrors.
av export p3 >/dev/null
t_is "p3 mirrored" "$(AWS_VAULT_FILE_DIR="$other" mirrors)" 2
av clear org/dev >/dev/null
t_is "clear drops this store's mirrors" "$(mirrors)" 1
av export p3 >/dev/null
env AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=x \
    "$AV_BIN" add --env --no-add-config newone >/dev/null
t_is "add drops them" "$(mirrors)" 1
av export p3 >/dev/null
av remove -f newone >/dev/null
t_is "remove drops them" "$(mirrors)" 1
av export p3 >/dev/null
printf '[imported]\naws_access_key_id = %s\naws_secret_access_key = %s\n' \
    AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
    > "$T_HOME/imported-credentials"
AWS_SHARED_CREDENTIALS_FILE="$T_HOME/imported-credentials" \
    av import --no-add-config >/dev/null
t_is "import drops them" "$(mirrors)" 1

# Without the kernel keyring's mirror, the session is still used.
t_forget_fast
out=$(av --debug export p3 2>&1)
t_like "cold again: the keystore's session" "$out" "Re-using cached credentials"

t_done
