#!/bin/sh
# t0207-passcache.sh: the file-backend passphrase cache in the kernel user
# keyring (src/keyring/passcache.c), in a user namespace of its own: the
# entry's name (checked against sha256sum of the real path), its timeout,
# expiry, atomic replacement, forget and forget-all.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need keyctl unshare sha256sum realpath
peers_reexec_keyctl "$@"
peers_home
keyctl link @u @s		# the shell reads @u's keys too
mkdir -p "$HOME/keys" "$HOME/other"
desc="aws-vault:file-passphrase:$(printf '%s' "$(realpath "$HOME/keys")" |
    sha256sum | cut -d' ' -f1)"

printf 'pass phrase 1' | kr passcache-put "$HOME/keys" 60
t_is "a cached passphrase is read back" \
    "$(kr passcache-get "$HOME/keys")" "pass phrase 1"
t_is "under the same dir written another way" \
    "$(kr passcache-get "$HOME/keys/")" "pass phrase 1"
id=$(keyctl search @u user "$desc" 2>/dev/null)
t_ok "it is a user key in @u named after sha256(realpath)" test -n "$id"
t_is "its payload is the passphrase" "$(keyctl pipe "$id")" "pass phrase 1"
t_match "it has a timeout (60 s)" "$(t_key_timeout "$id")" '[0-9]+s|1m'
kr passcache-get "$HOME/other" >/dev/null 2>&1
t_is "another dir has nothing cached (exit 3)" "$?" 3

printf 'pass phrase 2' | kr passcache-put "$HOME/keys" 60
t_is "put again replaces it" "$(kr passcache-get "$HOME/keys")" "pass phrase 2"
t_is "leaving one entry in @u" "$(keyctl rlist @u | tr ' ' '\n' |
    while read -r k; do keyctl rdescribe "$k"; echo; done | grep -c "$desc")" 1
t_not "and destroying the old one at once" keyctl pipe "$id" 2>/dev/null

t_ok "forget" kr passcache-forget "$HOME/keys"
kr passcache-get "$HOME/keys" >/dev/null 2>&1
t_is "forgotten: nothing cached (exit 3)" "$?" 3
out=$(kr passcache-forget "$HOME/keys" 2>&1)
t_is "forget again: not found" "$out" \
    "kr-tool: no cached passphrase for $HOME/keys"

printf a | kr passcache-put "$HOME/keys" 60
printf b | kr passcache-put "$HOME/other" 60
t_is "forget-all forgets both" "$(kr passcache-forget-all)" 2
kr passcache-get "$HOME/other" >/dev/null 2>&1
t_is "and they are gone (exit 3)" "$?" 3

printf 'short lived' | kr passcache-put "$HOME/keys" 1
t_is "a 1 s entry is there at first" "$(kr passcache-get "$HOME/keys")" \
    "short lived"
sleep 2
kr passcache-get "$HOME/keys" >/dev/null 2>&1
t_is "and expires by itself (exit 3)" "$?" 3

out=$(printf x | kr passcache-put "$HOME/keys" 0 2>&1)
t_like "a zero TTL is refused" "$out" "at least one second"
t_ok "an empty passphrase is not cached" sh -c \
    "printf '' | '$KR_TOOL' passcache-put '$HOME/keys' 60 &&
    ! '$KR_TOOL' passcache-get '$HOME/keys' >/dev/null 2>&1"

t_done
