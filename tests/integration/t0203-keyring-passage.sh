#!/bin/sh
# t0203-keyring-passage.sh: the passage backend.  passage itself is not
# packaged in Debian 12, so a stand-in with passage's store layout runs
# the real age (lib-peers.sh): conformance, concurrent writers, the Go
# layout (<store>/<name>.age holding Item JSON, PASSAGE_DIR passed to the
# child), entries stored by hand read back, a key that looks like an
# option, and a missing program.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need age age-keygen
peers_home
STORE="$T_HOME/store"
peers_passage_store "$STORE"
export PASSAGE_DIR="$STORE" AWS_VAULT_BACKEND=passage

kr_conformance
kr_concurrent 4

kr -l "layout label" set layout-x hello
t_ok "the entry is <store>/<key>.age" test -f "$STORE/layout-x.age"
t_is "it decrypts with age to the Item JSON" \
    "$(age -d -i "$HOME/.passage/identities" "$STORE/layout-x.age")" \
    '{"Key":"layout-x","Data":"aGVsbG8=","Label":"layout label","Description":"","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}'
kr set "oidc:https://example.awsapps.com/start" token
t_ok "an OIDC key is path-cleaned, as in Go" \
    test -f "$STORE/oidc:https:/example.awsapps.com/start.age"

printf '%s' '{"Key":"handmade","Data":"aGFuZCBtYWRl"}' |
    age -e -R "$STORE/.age-recipients" -o "$STORE/handmade.age"
t_is "an entry written with age by hand is read" "$(kr get handmade)" "hand made"

# A key that looks like an option reaches passage as a name (after "--").
kr set -x dash-value
t_ok "a key starting with '-' is stored as <store>/-x.age" \
    test -f "$STORE/-x.age"
t_is "it is read back" "$(kr get -x)" dash-value
kr remove -x
t_not "and removed" test -e "$STORE/-x.age"

mkdir -p "$HOME/.passage/store"
cp "$STORE/.age-recipients" "$HOME/.passage/store/"
env -u PASSAGE_DIR "$KR_TOOL" set in-default v3
t_ok "without PASSAGE_DIR the store is ~/.passage/store" \
    test -f "$HOME/.passage/store/in-default.age"
kr --pass-dir "~/elsewhere" keys >/dev/null
t_is "--pass-dir of a missing store lists nothing" \
    "$(kr --pass-dir "~/elsewhere" keys)" ""

out=$(kr --pass-cmd no-such-passage keys 2>&1)
t_is "a missing passage program" "$out" \
    "kr-tool: the passage program is not available"

t_done
