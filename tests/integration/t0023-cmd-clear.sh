#!/bin/sh
# t0023-cmd-clear.sh: `aws-vault clear [<profile>]` (spec 3.7, 6.8, 6.9)
# on a copy of the Go-made store plus legacy, expired and SSO entries:
# one profile's sessions (expired ones too) and its SSO token, then
# everything (legacy and expired keys counted, as BN counts them); the
# long-term keys always stay.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"
t_setup
[ -x "$KR_TOOL" ] || t_skip_all "kr-tool is not built ($KR_TOOL)"
export AWS_VAULT_FILE_DIR="$T_HOME/go" AWS_VAULT_FILE_PASSPHRASE=test
export AWS_VAULT_TEST_NOW=2026-11-30T01:30:00Z	# the Go sessions are alive
t_go_keys "$AWS_VAULT_FILE_DIR"
cp "$AV_SHARED_TESTDATA/go-file-backend/aws-config-after-add" \
    "$AWS_CONFIG_FILE"
cat >>"$AWS_CONFIG_FILE" <<'EOF'

[profile sso]
sso_session=corp
sso_account_id=111111111111
sso_role_name=Dev

[sso-session corp]
sso_start_url=https://corp.awsapps.com/start
sso_region=us-east-1
EOF
S='{"AccessKeyId":"ASIACLEARTEST0000001","Expiration":"2026-11-30T00:00:00Z","SecretAccessKey":"x","SessionToken":"y"}'
T='{"Token":{"AccessToken":"t"},"Expiration":"2026-11-30T08:00:00Z"}'
kr set "sts.AssumeRole,cDE,,1796000000" "$S"		# p1, expired
kr set "sts.GetSessionToken,b3RoZXI,,1796000000" "$S"	# "other", expired
kr set "blah session (61633665646639303539)" "$S"	# legacy
kr set "oidc:https://corp.awsapps.com/start" "$T"
kr set "oidc:https://ops.awsapps.com/start" "$T"
keys() { ls "$AWS_VAULT_FILE_DIR" | tr '\n' ' '; }
CREDS="org%2Fdev p1 p3"

t_run av clear p1
t_is "clear p1: its two sessions (one expired)" "$T_RC:$(cat "$T_OUT")" \
    "0:Cleared 2 sessions."
t_is "... the rest is there" "$(keys)" "blah session (61633665646639303539) oidc:https:%2F%2Fcorp.awsapps.com%2Fstart oidc:https:%2F%2Fops.awsapps.com%2Fstart $CREDS sts.GetSessionToken,b3JnL2Rldg,,1796005026 sts.GetSessionToken,b3RoZXI,,1796000000 sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvcGVlcnVzZXI,1796005026 "
t_run av clear nosuch
t_is "a profile with nothing cached" "$T_RC:$(cat "$T_OUT")" \
    "0:Cleared 0 sessions."
t_run av clear sso
t_is "clear sso: the token of its [sso-session] start URL" \
    "$T_RC:$(cat "$T_OUT")" "0:Cleared 1 sessions."
t_not "... is gone" test -e \
    "$AWS_VAULT_FILE_DIR/oidc:https:%2F%2Fcorp.awsapps.com%2Fstart"
t_ok "... the other token stays" test -e \
    "$AWS_VAULT_FILE_DIR/oidc:https:%2F%2Fops.awsapps.com%2Fstart"

t_run av clear
t_is "clear: legacy, expired, current sessions and tokens" \
    "$T_RC:$(cat "$T_OUT")" "0:Cleared 5 sessions."
t_is "... only the long-term keys are left" "$(keys)" "$CREDS "
t_run av clear
t_is "clear again" "$(cat "$T_OUT")" "Cleared 0 sessions."
t_run av export --no-session --format=json p1
t_like "the keys still work" "$(cat "$T_OUT")" \
    '"AccessKeyId": "AKIAIOSFODNN7EXAMPLE"'
t_run av clear a b
t_is "one profile at most" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: unexpected b, try --help"

t_done
