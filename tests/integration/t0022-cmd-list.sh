#!/bin/sh
# t0022-cmd-list.sh: `aws-vault list` (alias ls, spec 3.3).  The tables
# are compared byte for byte, trailing blanks included, with the files
# tests/data/cli/list-*.txt that Go's text/tabwriter made with the Go
# tool's list code (list-oracle.go); list-spec.txt is also the example of
# spec 3.3.  Then --credentials, --profiles (the [default] rule),
# --sessions and which of them wins.  The clock is pinned, so remaining
# times are exact; list purges nothing.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"
t_setup
DATA=$AV_SOURCE_ROOT/tests/data/cli
[ -x "$KR_TOOL" ] || t_skip_all "kr-tool is not built ($KR_TOOL)"
export AWS_VAULT_TEST_NOW=2026-01-01T00:00:00Z
SESSION='{"AccessKeyId":"ASIALISTTEST00000001","Expiration":"2026-01-01T00:59:59Z","SecretAccessKey":"x","SessionToken":"y"}'

# --- the example of spec 3.3 -----------------------------------------------
cat >"$AWS_CONFIG_FILE" <<'EOF'
[profile jonsmith]
region=us-east-1

[profile a-very-long-profile-name-over-25]
EOF
t_av_keys "$AWS_VAULT_FILE_DIR" jonsmith=AKIALISTTEST00000001:s1 \
    orphan=AKIALISTTEST00000002:s2
kr set "sts.GetSessionToken,am9uc21pdGg,,1767229199" "$SESSION"
t_run av list
t_is "list: status 0, nothing on stderr" "$T_RC:$(cat "$T_ERR")" "0:"
t_cmp "the spec's example, byte for byte (a 32-character name widens \
its column; an orphan key)" "$T_OUT" "$DATA/list-spec.txt"
t_run av ls
t_cmp "the alias ls" "$T_OUT" "$DATA/list-spec.txt"
t_run env AWS_VAULT_FILE_PASSPHRASE=wrong "$AV_BIN" list
t_cmp "list needs no passphrase (key names only)" "$T_OUT" \
    "$DATA/list-spec.txt"

# --- everything else -------------------------------------------------------
export AWS_VAULT_FILE_DIR="$T_HOME/keys2" AWS_CONFIG_FILE="$T_HOME/config2"
cat >"$AWS_CONFIG_FILE" <<'EOF'
[default]
output=json

[profile dev]
sso_session=corp
sso_account_id=111111111111
sso_role_name=Dev

[profile prød]
region=eu-west-1

[profile ops]
sso_start_url=https://ops.awsapps.com/start
sso_region=us-east-1

[sso-session corp]
sso_start_url=https://corp.awsapps.com/start
sso_region=us-east-1
EOF
t_av_keys "$AWS_VAULT_FILE_DIR" default=AKIALISTTEST00000003:s3 \
    prød=AKIALISTTEST00000004:s4 orphan-key=AKIALISTTEST00000005:s5
for k in "sts.GetSessionToken,ZGV2,,1767254340" \
    "sts.AssumeRole,cHLDuGQ,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvbWU,1767225595" \
    "sts.GetSessionToken,Z2hvc3Q,,1767229200" \
    "sts.GetSessionToken,Z2hvc3Qy,,1767254340" \
    "session,c2Vzc2lvbg,,1572281751"; do
	kr set "$k" "$SESSION"
done
for u in https://corp.awsapps.com/start https://ops.awsapps.com/start \
    https://other.example.com/start; do
	kr set "oidc:$u" '{"Token":{"AccessToken":"t"},"Expiration":"2026-01-01T08:00:00Z"}'
done
t_run av list
t_cmp "SSO tokens by [sso-session] name and by host, a non-ASCII name, a \
negative time, orphan rows, an empty [default] with a stored key" \
    "$T_OUT" "$DATA/list-mixed.txt"
t_ok "list purges no expired session" test -e \
    "$AWS_VAULT_FILE_DIR/sts.AssumeRole,cHLDuGQ,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvbWU,1767225595"
# (That legacy key also matches the current pattern, so Go lists it as a
# session of the profile "session", and so do we.)
t_ok "list purges no legacy session" \
    test -e "$AWS_VAULT_FILE_DIR/session,c2Vzc2lvbg,,1572281751"

t_run av list --credentials
t_is "--credentials: stored keys in backend order, no sessions, no tokens" \
    "$T_RC:$(cat "$T_OUT")" "0:default
orphan-key
prød"
t_run av list --profiles
t_is "--profiles: config order; [default] with no known key left out" \
    "$(cat "$T_OUT")" "dev
prød
ops"
t_run av list --sessions
t_is "--sessions: the tokens, then the sessions in backend order" \
    "$(cat "$T_OUT")" "oidc:corp
oidc:ops.awsapps.com
oidc:other.example.com
session:-54151h4m9s
sts.AssumeRole:-5s
sts.GetSessionToken:1h0m0s
sts.GetSessionToken:7h59m0s
sts.GetSessionToken:7h59m0s"
t_run av list --sessions --profiles
t_is "--profiles wins over --sessions" "$(cat "$T_OUT")" "dev
prød
ops"
t_run av list --sessions --credentials --profiles
t_is "--credentials wins over both" "$(cat "$T_OUT")" "default
orphan-key
prød"
printf '\n[default]\nregion=us-east-1\n' >>"$AWS_CONFIG_FILE"
t_run av list --profiles
t_is "a [default] with a known key is listed (where it first appears)" \
    "$(cat "$T_OUT")" "default
dev
prød
ops"

# --- time ----------------------------------------------------------------
t_run env AWS_VAULT_TEST_NOW=2026-01-01T00:00:00.9Z "$AV_BIN" list --sessions
t_is "remaining times are truncated to whole seconds, toward zero" \
    "$(grep -v oidc "$T_OUT")" "session:-54151h4m9s
sts.AssumeRole:-5s
sts.GetSessionToken:59m59s
sts.GetSessionToken:7h58m59s
sts.GetSessionToken:7h58m59s"

# --- no config file ---------------------------------------------------------
t_run env AWS_CONFIG_FILE="$T_HOME/newdir/config" "$AV_BIN" list --profiles
t_is "a missing config is created (spec 5.1)" \
    "$T_RC:$(cat "$T_OUT"):$(stat -c %a "$T_HOME/newdir")" "0::700"
t_ok "... as an empty file" test -f "$T_HOME/newdir/config"
t_run env AWS_CONFIG_FILE="$T_HOME/no/such/config" "$AV_BIN" list
t_is "... but not its grandparent" "$T_RC" 1

t_done
