#!/bin/sh
# t0040-go-interop.sh: the binary on a copy of the keystore the Go
# aws-vault wrote (shared/testdata/go-file-backend, passphrase "test"):
# its keys are listed and exported as documented, its cached sessions are
# used under the pinned clock without any call to AWS (the endpoint is a
# closed port) and without rewriting a file, and with the real clock the
# expired sessions are deleted on the next read while the long-term keys
# stay byte for byte.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
GO=$AV_SHARED_TESTDATA/go-file-backend
export AWS_VAULT_FILE_DIR="$T_HOME/go" AWS_VAULT_FILE_PASSPHRASE=test
export AWS_ENDPOINT_URL=http://127.0.0.1:1	# any AWS call fails at once
t_go_keys "$AWS_VAULT_FILE_DIR"
cp "$GO/aws-config-after-add" "$AWS_CONFIG_FILE"

# --- long-term keys --------------------------------------------------------
t_run av list --credentials
t_is "list --credentials: the Go keys, decoded file names, in order" \
    "$T_RC:$(cat "$T_OUT")" "0:org/dev
p1
p3"
t_run av export --no-session --format=json p1
t_file_is "export --no-session --format=json p1: the documented key" \
    "$T_OUT" '{
  "Version": 1,
  "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
  "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
'
t_run av export --no-session org/dev
t_file_is "org/dev (a / in the name: file org%2Fdev)" "$T_OUT" \
    "AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE
AWS_SECRET_ACCESS_KEY=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
AWS_REGION=us-east-1
AWS_DEFAULT_REGION=us-east-1
"
t_run av export --no-session --format=ini p3
t_file_is "p3" "$T_OUT" "[p3]
aws_access_key_id=AKIAJEXAMPLEMFAUSER1
aws_secret_access_key=fakeFakeFakeMfaSecretKeyEXAMPLE0000000000
region=us-east-1
"
t_run env AWS_VAULT_FILE_PASSPHRASE=wrong "$AV_BIN" export -n p1
t_is "the wrong passphrase: one line, status 1" \
    "$T_RC:$(wc -l <"$T_ERR"):$(cat "$T_OUT")" "1:1:"

# --- cached sessions, alive under the pinned clock ------------------------
export AWS_VAULT_TEST_NOW=2026-11-30T01:30:00Z
mkdir "$T_HOME/before"
cp -p "$AWS_VAULT_FILE_DIR"/* "$T_HOME/before/"
t_run av list
t_cmp "list: the Go sessions with 47m6s left (Go tabwriter layout)" \
    "$T_OUT" "$AV_SOURCE_ROOT/tests/data/cli/list-go.txt"
for p in p1 org/dev p3; do
	t_run av export --format=json "$p"
	t_is "export $p: the cached session, no AWS call" \
	    "$T_RC:$(grep -c '"SessionToken": "AQoEXAMPLEH4' "$T_OUT")" "0:1"
done
t_like "... its expiry" "$(cat "$T_OUT")" \
    '"Expiration": "2026-11-30T02:17:06Z"'
t_run av exec p1 -- sh -c 'echo "$AWS_ACCESS_KEY_ID $AWS_CREDENTIAL_EXPIRATION"'
t_is "exec p1: the cached session too" "$T_RC:$(cat "$T_OUT")" \
    "0:AKIAIOSFODNN7EXAMPLE 2026-11-30T02:17:06Z"
t_ok "no file of the store was written" \
    diff -r "$T_HOME/before" "$AWS_VAULT_FILE_DIR"
t_run env AWS_VAULT_TEST_NOW=2026-11-30T02:13:00Z "$AV_BIN" export p1
t_like "4m6s left is under AWS_MIN_TTL (5m): a new session is asked for" \
    "$T_RC:$(cat "$T_ERR")" "1:aws-vault: error: export: Failed to get credentials for p1: "
t_run env AWS_VAULT_TEST_NOW=2026-11-30T02:13:00Z AWS_MIN_TTL=1m \
    "$AV_BIN" export --format=json p1
t_is "... unless AWS_MIN_TTL is lower" "$T_RC" 0
t_ok "still nothing written" diff -r "$T_HOME/before" "$AWS_VAULT_FILE_DIR"
unset AWS_VAULT_TEST_NOW

# --- expired sessions, real clock ------------------------------------------
if [ "$(date +%s)" -le 1796005026 ]; then
	t_skip "expired sessions under the real clock" \
	    "the real clock is before the Go sessions expire"
	t_done
fi
t_run av export p1
t_is "real clock: export needs a new session, and AWS is unreachable" \
    "$T_RC" 1
t_is "the three expired sessions are deleted" \
    "$(ls "$AWS_VAULT_FILE_DIR" | grep -c '^sts\.')" 0
for f in p1 p3 org%2Fdev; do
	t_ok "long-term key $f is kept, byte for byte" \
	    cmp "$T_HOME/before/$f" "$AWS_VAULT_FILE_DIR/$f"
done
t_run av export -n --format=json org/dev
t_like "... and still decrypts" "$(cat "$T_OUT")" \
    '"AccessKeyId": "AKIAI44QH8DHBEXAMPLE"'

t_done
