#!/bin/sh
# t0204-keyring-keyctl.sh: the keyctl backend in a user namespace of its
# own (a fresh @u) and a fresh session keyring that does not link @u:
# conformance (with the 32767-byte limit of a user key), concurrent first
# writers racing to create the aws-vault keyring, the Go layout as keyctl
# sees it (raw Data in user keys of keyring "aws-vault"), keys added by
# hand read back, and the scopes.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need keyctl unshare
peers_reexec_keyctl "$@"
peers_home
export AWS_VAULT_BACKEND=keyctl
has_key() { keyctl search "$@" >/dev/null 2>&1; }

t_not "the fresh user keyring has no aws-vault keyring" \
    has_key @u keyring aws-vault
kr_conformance
kr_concurrent 1

# Concurrent first writers: each would create the aws-vault keyring.
keyctl unlink "$(keyctl search @u keyring aws-vault)" @u >/dev/null
kr_concurrent 8
t_is "exactly one aws-vault keyring in @u" \
    "$(keyctl rlist @u | tr ' ' '\n' | while read -r id; do
	keyctl rdescribe "$id"; echo; done | grep -c '^keyring;.*;aws-vault$')" 1

# The Go layout.  The shell needs @u in its session to read its keys.
keyctl link @u @s
kr -l "dropped label" set layout-x hello
ring=$(keyctl search @u keyring aws-vault)
id=$(keyctl search "$ring" user layout-x)
t_is "the item is a user key in keyring aws-vault, payload = raw Data" \
    "$(keyctl pipe "$id")" hello
t_like "keyctl print shows the raw Data" "$(keyctl print "$id")" hello
t_is "its description is the key" \
    "$(keyctl rdescribe "$id" | awk -F';' '{ print $1, $NF }')" "user layout-x"
keyctl padd user handmade "$ring" <<-'EOF2' >/dev/null
	hand made
	EOF2
t_is "a key added with keyctl by hand is read" "$(kr get handmade)" "hand made"
kr remove handmade
t_not "remove unlinks it" has_key "$ring" user handmade
out=$(kr remove handmade 2>&1)
t_is "remove of a missing item: Go's not-found message" "$out" \
    "kr-tool: the specified item could not be found in the keyring"

# Scopes.
kr --keyctl-scope session set in-session v
t_ok "--keyctl-scope session uses @s" has_key @s user in-session
kr_conformance --keyctl-scope process
out=$(kr --keyctl-scope bogus keys 2>&1)
t_like "an unknown scope is refused" "$out" 'unknown scope "bogus"'

t_done
