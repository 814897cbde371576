#!/bin/sh
# t0030-export-formats.sh: `aws-vault export` output (spec 3.6), byte for
# byte, in the four formats: long-term keys with --no-session (with and
# without a region, and values that need go-ini's quoting or Go's JSON
# escaping), and the sessions the Go tool cached, alive under the pinned
# clock, whose values come from decrypting the Go-made files with the
# independent decrypt.py.  Also the AWS_VAULT guard in export's wording,
# the hidden exec --json, and the error prefix "export:".
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
ID=AKIAEXPORTTEST000001
SECRET=exportSecret/Key+0000000000000000000000001
printf '[profile plain]\n\n[profile reg]\nregion=ap-southeast-2\n' \
    >"$AWS_CONFIG_FILE"
t_av_keys "$AWS_VAULT_FILE_DIR" "plain=$ID:$SECRET" "reg=$ID:$SECRET"

exp() { # PROFILE ARGS...: export --no-session
	_p=$1
	shift
	t_run av export --no-session "$@" "$_p"
}

# --- long-term keys, no region ----------------------------------------------
exp plain
t_file_is "env (the default)" "$T_OUT" "AWS_ACCESS_KEY_ID=$ID
AWS_SECRET_ACCESS_KEY=$SECRET
"
t_is "status 0, nothing on stderr" "$T_RC:$(cat "$T_ERR")" "0:"
exp plain --format=env
t_file_is "--format=env" "$T_OUT" "AWS_ACCESS_KEY_ID=$ID
AWS_SECRET_ACCESS_KEY=$SECRET
"
exp plain --format export-env
t_file_is "export-env" "$T_OUT" "export AWS_ACCESS_KEY_ID=$ID
export AWS_SECRET_ACCESS_KEY=$SECRET
"
exp plain --format=json
t_file_is "json: 2-space indent, Version 1, no token, no expiration" \
    "$T_OUT" "{
  \"Version\": 1,
  \"AccessKeyId\": \"$ID\",
  \"SecretAccessKey\": \"$SECRET\"
}
"
exp plain --format=ini
t_file_is "ini: section named after the profile, no blank line at the end" \
    "$T_OUT" "[plain]
aws_access_key_id=$ID
aws_secret_access_key=$SECRET
"

# --- with a region (config, then --region) ---------------------------------
exp reg
t_file_is "env with the profile's region" "$T_OUT" "AWS_ACCESS_KEY_ID=$ID
AWS_SECRET_ACCESS_KEY=$SECRET
AWS_REGION=ap-southeast-2
AWS_DEFAULT_REGION=ap-southeast-2
"
exp reg --region eu-central-1 --format=export-env
t_file_is "export-env with --region" "$T_OUT" "export AWS_ACCESS_KEY_ID=$ID
export AWS_SECRET_ACCESS_KEY=$SECRET
export AWS_REGION=eu-central-1
export AWS_DEFAULT_REGION=eu-central-1
"
exp reg --format=json
t_file_is "json has no region" "$T_OUT" "{
  \"Version\": 1,
  \"AccessKeyId\": \"$ID\",
  \"SecretAccessKey\": \"$SECRET\"
}
"
exp reg --format=ini
t_file_is "ini with region" "$T_OUT" "[reg]
aws_access_key_id=$ID
aws_secret_access_key=$SECRET
region=ap-southeast-2
"
t_run env AWS_REGION=us-west-2 AWS_DEFAULT_REGION=ca-central-1 "$AV_BIN" \
    export -n reg
t_like "AWS_REGION wins over the config (spec 5.5)" "$(cat "$T_OUT")" \
    "AWS_REGION=us-west-2
AWS_DEFAULT_REGION=us-west-2"

# --- values that need quoting or escaping ----------------------------------
t_av_keys "$AWS_VAULT_FILE_DIR" "hash=$ID:se#cr;et" "html=$ID:a<b>&c\"d" \
    "tick=$ID:back\`tick"
t_run env AWS_ACCESS_KEY_ID="$ID" AWS_SECRET_ACCESS_KEY=" spaced " \
    "$AV_BIN" add --env --no-add-config spaced
exp hash --format=ini
t_file_is "ini: # or ; in a value gives backquotes" "$T_OUT" "[hash]
aws_access_key_id=$ID
aws_secret_access_key=\`se#cr;et\`
"
exp tick --format=ini
t_file_is "ini: a backquote gives triple quotes" "$T_OUT" "[tick]
aws_access_key_id=$ID
aws_secret_access_key=\"\"\"back\`tick\"\"\"
"
exp spaced --format=ini
t_file_is "ini: blanks at the ends give double quotes (--env keeps them)" \
    "$T_OUT" "[spaced]
aws_access_key_id=$ID
aws_secret_access_key=\" spaced \"
"
# Go prints env lines unquoted whatever they hold; we refuse values a
# shell would interpret (docs/COMPATIBILITY.md), without naming them.
exp spaced
t_is "env: a value a shell would split is refused" "$T_RC:$(cat "$T_OUT")" "1:"
t_is "env: ... with a message that does not show it" "$(cat "$T_ERR")" \
    "aws-vault: error: export: the credentials contain characters a shell would interpret; not printing them as --format=env (use --format=json)"
exp tick --format=export-env
t_is "export-env: a backquote is refused too" "$T_RC" 1
exp html --format=json
t_file_is "json: Go escapes <, > and & (and quotes)" "$T_OUT" "{
  \"Version\": 1,
  \"AccessKeyId\": \"$ID\",
  \"SecretAccessKey\": \"a\\u003cb\\u003e\\u0026c\\\"d\"
}
"

# --- the Go tool's cached sessions --------------------------------------------
t_go_store
SESSFILE="$T_HOME/go/sts.GetSessionToken,cDE,,1796005026"
if python3 -c 'import cryptography' 2>/dev/null; then
	DATA=$(python3 "$AV_SHARED_TESTDATA/go-file-backend/decrypt.py" \
	    "$SESSFILE" test | sed -n 2p |
	    sed -n 's/.*"Data":"\([^"]*\)".*/\1/p' | base64 -d)
else
	DATA=$(sed -n 's/^    \({"AccessKeyId".*\)$/\1/p' \
	    "$AV_SHARED_TESTDATA/go-file-backend/README.md")
fi
field() { printf '%s' "$DATA" | sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
S_ID=$(field AccessKeyId)
S_SECRET=$(field SecretAccessKey)
S_TOKEN=$(field SessionToken)
t_like "the Go session's expiry has fractional seconds" \
    "$(field Expiration)" "2026-11-30T02:17:06."
S_EXP=2026-11-30T02:17:06Z
goexp() { t_go_run export "$@"; }
goexp p1
t_file_is "env: the cached session, with token and UTC expiry to the second" \
    "$T_OUT" "AWS_ACCESS_KEY_ID=$S_ID
AWS_SECRET_ACCESS_KEY=$S_SECRET
AWS_SESSION_TOKEN=$S_TOKEN
AWS_CREDENTIAL_EXPIRATION=$S_EXP
AWS_REGION=us-east-1
AWS_DEFAULT_REGION=us-east-1
"
goexp --format=export-env org/dev
t_file_is "export-env (org/dev)" "$T_OUT" "export AWS_ACCESS_KEY_ID=$S_ID
export AWS_SECRET_ACCESS_KEY=$S_SECRET
export AWS_SESSION_TOKEN=$S_TOKEN
export AWS_CREDENTIAL_EXPIRATION=$S_EXP
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
"
goexp --format=json p3
t_file_is "json: SessionToken and Expiration (p3, MFA session)" "$T_OUT" "{
  \"Version\": 1,
  \"AccessKeyId\": \"$S_ID\",
  \"SecretAccessKey\": \"$S_SECRET\",
  \"SessionToken\": \"$S_TOKEN\",
  \"Expiration\": \"$S_EXP\"
}
"
goexp --format=ini p1
t_file_is "ini: token and expiration" "$T_OUT" "[p1]
aws_access_key_id=$S_ID
aws_secret_access_key=$S_SECRET
aws_session_token=$S_TOKEN
aws_credential_expiration=$S_EXP
region=us-east-1
"
goexp --format=json p1 --region eu-west-1
t_like "json never carries a region" "$(cat "$T_OUT")" "\"Expiration\": \"$S_EXP\"
}"
t_go_run exec --json p1
t_like "exec --json (hidden) prints export's JSON" "$(cat "$T_OUT")" \
    "\"SessionToken\": \"$S_TOKEN\","

# --- errors ---------------------------------------------------------------
t_run env AWS_VAULT=plain "$AV_BIN" export -n plain
t_is "AWS_VAULT set: export's wording" "$T_RC:$(cat "$T_OUT"):$(cat "$T_ERR")" \
    "1::aws-vault: error: export: in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force"
t_run env AWS_VAULT=plain "$AV_BIN" exec --json -n plain
t_is "exec --json uses export's wording too" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force"
t_run env AWS_VAULT= "$AV_BIN" export -n plain
t_is "an empty AWS_VAULT is no subshell" "$T_RC" 0
t_run av export -n nosuch
t_is "an unknown profile: BN's guard, kingpin format" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: profile 'nosuch' not found in ~/.aws/config and no stored credentials exist for it, try --help"
printf '\n[profile nokey]\n' >>"$AWS_CONFIG_FILE"
t_run av export -n nokey
t_like "a command error is prefixed export:" "$(cat "$T_ERR")" \
    "aws-vault: error: export: "
t_is "... status 1, nothing on stdout" "$T_RC:$(cat "$T_OUT")" "1:"

# --- the file passphrase ---------------------------------------------------
t_run env AWS_VAULT_FILE_DIR="$T_HOME/empty-pass" AWS_VAULT_FILE_PASSPHRASE= \
    AWS_ACCESS_KEY_ID="$ID" AWS_SECRET_ACCESS_KEY="$SECRET" \
    "$AV_BIN" add --env --no-add-config plain
t_run env AWS_VAULT_FILE_DIR="$T_HOME/empty-pass" AWS_VAULT_FILE_PASSPHRASE= \
    "$AV_BIN" export -n plain
t_is "an empty AWS_VAULT_FILE_PASSPHRASE is a passphrase: no prompt" \
    "$T_RC:$(head -1 "$T_OUT")" "0:AWS_ACCESS_KEY_ID=$ID"
if t_have_pexpect; then
	t_pty "$T_HOME/pty.log" \
	    "<Enter passphrase to unlock \"$AWS_VAULT_FILE_DIR\": " \
	    ">$AWS_VAULT_FILE_PASSPHRASE" '<AWS_SECRET_ACCESS_KEY=' -- \
	    env -u AWS_VAULT_FILE_PASSPHRASE "$AV_BIN" export -n plain
	t_is "no AWS_VAULT_FILE_PASSPHRASE: asked on the terminal" "$?" 0
	t_is "... without echo" "$(grep -c "$AWS_VAULT_FILE_PASSPHRASE" \
	    "$T_HOME/pty.log")" 0
	t_like "... then the export" "$(cat "$T_HOME/pty.log")" \
	    "AWS_ACCESS_KEY_ID=$ID"
else
	t_skip "the passphrase prompt on a terminal" \
	    "python3 pexpect is missing"
fi

t_done
