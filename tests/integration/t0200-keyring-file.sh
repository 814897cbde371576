#!/bin/sh
# t0200-keyring-file.sh: the file backend through the same conformance
# suite as the other keystores (keys with "/", "%", spaces, unicode and
# OIDC URLs, a 64 KiB item, not-found errors), concurrent writers, and the
# Go file names (only "/" and "%" escaped).  The JWE format itself is
# tested against Go-made files by the file backend's own tests.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need
peers_home
export AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR="$T_HOME/keys" \
    AWS_VAULT_FILE_PASSPHRASE=conformance-passphrase

kr_conformance
kr_concurrent 6

kr set "layout/with%chars and space" v
t_ok "file name escapes only / and %" \
    test -f "$T_HOME/keys/layout%2Fwith%25chars and space"
kr set "oidc:https://example.awsapps.com/start" v
t_ok "an OIDC key keeps its colons" \
    test -f "$T_HOME/keys/oidc:https:%2F%2Fexample.awsapps.com%2Fstart"
t_is "and is listed unescaped" "$(kr keys | grep oidc)" \
    "oidc:https://example.awsapps.com/start"

t_done
