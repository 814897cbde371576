#!/bin/sh
# t0202-keyring-pass.sh: the pass backend against the real pass and gpg
# (throwaway GNUPGHOME): conformance, concurrent writers, the Go layout as
# pass sees it (Item JSON, path-cleaned names, the prefix), entries stored
# by hand read back, foreign entries listed but never taken for ours, and
# the errors for a missing program and a name leaving the store, and a key
# that looks like an option.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need pass gpg gpgconf
peers_home
peers_gpg
STORE="$T_HOME/store"
export PASSWORD_STORE_DIR="$STORE"
peers_pass_store "$STORE"
export AWS_VAULT_BACKEND=pass

kr_conformance
kr_concurrent 4

# The Go layout, seen by pass.
kr -l "layout label" set layout-x hello
t_is "pass show X prints the Item JSON" "$(pass show layout-x)" \
    '{"Key":"layout-x","Data":"aGVsbG8=","Label":"layout label","Description":"","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}'
t_is "with no trailing newline" "$(pass show layout-x | tail -c 1)" "}"
t_ok "the entry is <store>/<key>.gpg" test -f "$STORE/layout-x.gpg"
kr set "oidc:https://example.awsapps.com/start" token
t_ok "an OIDC key is path-cleaned, as in Go" \
    test -f "$STORE/oidc:https:/example.awsapps.com/start.gpg"
t_like "and listed in its cleaned form" "$(kr keys)" \
    "oidc:https:/example.awsapps.com/start"
t_is "and read with the original key" \
    "$(kr get oidc:https://example.awsapps.com/start)" token
kr --pass-prefix aws-vault set prefixed pv
t_ok "--pass-prefix puts entries below it" test -f "$STORE/aws-vault/prefixed.gpg"
t_is "keys with a prefix lists only what is below it" \
    "$(kr --pass-prefix aws-vault keys)" prefixed
t_is "get with a prefix" "$(kr --pass-prefix aws-vault get prefixed)" pv

# Entries stored by hand are read back.
printf '%s' '{"Key":"handmade","Data":"aGFuZCBtYWRl","Label":"x","Description":"","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}' |
    pass insert -m handmade >/dev/null
t_is "an entry stored with pass insert is read" "$(kr get handmade)" "hand made"
kr remove handmade
t_not "remove deletes the file" test -e "$STORE/handmade.gpg"

# A foreign entry: listed (Go lists the whole store with an empty
# prefix) but never read as an aws-vault item.
printf 'hunter2\n' | pass insert -m websites/example >/dev/null
t_like "a foreign entry is listed (Go behaviour)" "$(kr keys)" "websites/example"
out=$(kr get websites/example 2>&1)
t_is "reading it fails clearly" "$out" \
    "kr-tool: pass entry 'websites/example' is not an aws-vault item"

# A key that looks like an option reaches pass as a name (after "--").
kr set -x dash-value
t_ok "a key starting with '-' is stored as <store>/-x.gpg" \
    test -f "$STORE/-x.gpg"
t_is "pass sees it as the entry -x" "$(pass show -- -x)" \
    '{"Key":"-x","Data":"ZGFzaC12YWx1ZQ==","Label":"","Description":"","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}'
t_is "it is read back" "$(kr get -x)" dash-value
kr remove -x
t_not "and removed" test -e "$STORE/-x.gpg"
kr set -c clip-value
t_is "a key that is a pass option (-c, --clip) round-trips too" \
    "$(kr get -c)" clip-value
kr remove -c

# Names that leave the store never reach pass.
out=$(kr get ../outside 2>&1)
t_is "a key leaving the store is refused" "$out" \
    "kr-tool: item key '../outside' is not a valid pass entry name"

# The store directory: --pass-dir with ~/ beats PASSWORD_STORE_DIR.
peers_pass_store "$HOME/other-store"
kr --pass-dir "~/other-store" set elsewhere v2
t_ok "--pass-dir ~/... is expanded and used" test -f "$HOME/other-store/elsewhere.gpg"
t_not "and PASSWORD_STORE_DIR is not" test -e "$STORE/elsewhere.gpg"

# A missing program.
out=$(kr --pass-cmd no-such-pass keys 2>&1)
t_is "a missing pass program" "$out" \
    "kr-tool: the pass program is not available"

t_done
