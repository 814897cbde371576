#!/bin/sh
# t0020-cmd-add.sh: `aws-vault add` (spec 3.1, 5.6, 11.2, 11.3): --env
# and its errors, the stored item as the Go tool would write it (decrypted
# with the independent decrypt.py), --add-config appending a section and
# leaving every earlier byte alone, --no-add-config, an existing section,
# the source_profile refusal, "Deleted N existing sessions." against the
# Go-made store, and the three prompts on a real terminal (pexpect),
# including the MFA ARN that becomes mfa_serial=.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
unset COLUMNS
DECRYPT=$AV_SHARED_TESTDATA/go-file-backend/decrypt.py
KEYS=$AWS_VAULT_FILE_DIR
ID=AKIAADDTEST000000001
SECRET='addSecret/Key+With/Slash00000000000000001'

printf '# top comment\n[default]\nregion = us-east-1   ; inline\n' \
    >"$AWS_CONFIG_FILE"
cp "$AWS_CONFIG_FILE" "$T_HOME/config.0"

# add_env ID SECRET ARGS...: add --env with exactly these variables.
add_env() {
	_i=$1 _s=$2
	shift 2
	t_run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
	    ${_i:+AWS_ACCESS_KEY_ID=$_i} ${_s:+AWS_SECRET_ACCESS_KEY=$_s} \
	    "$AV_BIN" add --env "$@"
}

# --- --env and its errors -------------------------------------------------
add_env "" "" p
t_is "--env without AWS_ACCESS_KEY_ID" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: add: Missing value for AWS_ACCESS_KEY_ID"
add_env "$ID" "" p
t_is "--env without AWS_SECRET_ACCESS_KEY" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: add: Missing value for AWS_SECRET_ACCESS_KEY"
t_run env AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY=x "$AV_BIN" add --env p
t_is "--env with an empty AWS_ACCESS_KEY_ID" "$(cat "$T_ERR")" \
    "aws-vault: error: add: Missing value for AWS_ACCESS_KEY_ID"
t_not "nothing was stored" test -e "$KEYS/p"
t_cmp "the config was not touched" "$AWS_CONFIG_FILE" "$T_HOME/config.0"

add_env "$ID" "$SECRET" p
t_is "add --env p: the message (%q of the name)" "$T_RC:$(cat "$T_OUT")" \
    "0:Added credentials to profile \"p\" in vault"
t_is "nothing on stderr" "$(cat "$T_ERR")" ""

# --- the stored item, decrypted independently ---------------------------
t_is "key file mode 0600" "$(stat -c %a "$KEYS/p")" 600
t_is "key dir mode 0700" "$(stat -c %a "$KEYS")" 700
if python3 -c 'import cryptography' 2>/dev/null; then
	python3 "$DECRYPT" "$KEYS/p" "$AWS_VAULT_FILE_PASSPHRASE" \
	    >"$T_HOME/dec" 2>&1
	HDR=$(sed -n 1p "$T_HOME/dec")
	ITEM=$(sed -n 2p "$T_HOME/dec")
	t_like "JWE header: PBES2-HS256+A128KW" "$HDR" \
	    '"alg": "PBES2-HS256+A128KW"'
	t_like "JWE header: A256GCM" "$HDR" '"enc": "A256GCM"'
	t_like "JWE header: p2c 8192" "$HDR" '"p2c": 8192'
	DATA=$(printf '%s' "$(printf '%s' "$ITEM" |
	    sed -n 's/.*"Data":"\([^"]*\)".*/\1/p')" | base64 -d)
	t_is "the Item JSON, byte for byte as BN writes it" "$ITEM" \
	    "{\"Key\":\"p\",\"Data\":\"$(printf '%s' "$DATA" | base64 -w0)\",\"Label\":\"aws-vault (p)\",\"Description\":\"\",\"KeychainNotTrustApplication\":true,\"KeychainNotSynchronizable\":false}"
	t_is "Data: the credentials JSON of BN (AccessKeyID, AccountID)" \
	    "$DATA" \
	    "{\"AccessKeyID\":\"$ID\",\"SecretAccessKey\":\"$SECRET\",\"SessionToken\":\"\",\"Source\":\"\",\"CanExpire\":false,\"Expires\":\"0001-01-01T00:00:00Z\",\"AccountID\":\"\"}"
	t_like "Data is standard base64 with padding (this length needs it)" "$ITEM" '==","Label"'
else
	t_skip "the stored item, decrypted" "python3 cryptography is missing"
fi
t_run av export --no-session --format=json p
t_like "export reads it back" "$(cat "$T_OUT")" "\"SecretAccessKey\": \"$SECRET\""

# --- --add-config (default on) ------------------------------------------
SIZE0=$(wc -c <"$T_HOME/config.0")
t_ok "the earlier bytes of the config are untouched" \
    cmp -n "$SIZE0" "$AWS_CONFIG_FILE" "$T_HOME/config.0"
tail -c +"$((SIZE0 + 1))" "$AWS_CONFIG_FILE" >"$T_HOME/added"
t_file_is "a [profile p] section is appended" "$T_HOME/added" "
[profile p]
"
cp "$AWS_CONFIG_FILE" "$T_HOME/config.1"
add_env "$ID" "$SECRET" p
t_is "adding p again: same message" "$(cat "$T_OUT")" \
    "Added credentials to profile \"p\" in vault"
t_cmp "an existing section: the config is untouched" "$AWS_CONFIG_FILE" \
    "$T_HOME/config.1"
add_env "$ID" "$SECRET" --no-add-config q
t_is "--no-add-config: stored" "$T_RC:$(cat "$T_OUT")" \
    "0:Added credentials to profile \"q\" in vault"
t_cmp "--no-add-config: the config is untouched" "$AWS_CONFIG_FILE" \
    "$T_HOME/config.1"
add_env "$ID" "$SECRET" default
t_cmp "[default] exists: untouched" "$AWS_CONFIG_FILE" "$T_HOME/config.1"
t_run av list --profiles
t_is "list --profiles sees p" "$(cat "$T_OUT")" "default
p"

# A config with no [default] and no newline at its end.
printf '[profile x]\nregion=eu-west-1' >"$T_HOME/config2"
t_run env AWS_CONFIG_FILE="$T_HOME/config2" AWS_ACCESS_KEY_ID="$ID" \
    AWS_SECRET_ACCESS_KEY="$SECRET" "$AV_BIN" add --env default
t_file_is "default gets [default]; a missing final newline is added" \
    "$T_HOME/config2" "[profile x]
region=eu-west-1

[default]
"
rm -f "$T_HOME/config3"
t_run env AWS_CONFIG_FILE="$T_HOME/config3" AWS_ACCESS_KEY_ID="$ID" \
    AWS_SECRET_ACCESS_KEY="$SECRET" "$AV_BIN" add --env new
t_is "a missing config file is created" "$T_RC:$(grep -c '^\[profile new\]$' \
    "$T_HOME/config3")" "0:1"

# --- source_profile ---------------------------------------------------
printf '\n[profile child]\nsource_profile=p\n' >>"$AWS_CONFIG_FILE"
cp "$AWS_CONFIG_FILE" "$T_HOME/config.2"
add_env "$ID" "$SECRET" child
t_is "a profile with source_profile is refused" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: add: Your profile has a source_profile of p, adding credentials to child won't have any effect"
t_not "... nothing stored" test -e "$KEYS/child"
t_cmp "... config untouched" "$AWS_CONFIG_FILE" "$T_HOME/config.2"

# --- quoting of the name ---------------------------------------------
add_env "$ID" "$SECRET" --no-add-config 'we"ird\name'
t_is "the name is Go-%q-quoted" "$(cat "$T_OUT")" \
    'Added credentials to profile "we\"ird\\name" in vault'

# --- Deleted N existing sessions (Go-made store) -------------------------
t_go_store
AWS_ACCESS_KEY_ID=$ID AWS_SECRET_ACCESS_KEY=$SECRET t_go_run add --env p1
t_is "re-adding p1 deletes its cached session" "$T_RC:$(cat "$T_OUT")" \
    "0:Added credentials to profile \"p1\" in vault
Deleted 1 existing sessions."
t_not "p1's session file is gone" \
    test -e "$T_HOME/go/sts.GetSessionToken,cDE,,1796005026"
t_ok "p3's session is kept" test -e \
    "$T_HOME/go/sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvcGVlcnVzZXI,1796005026"
t_ok "org/dev's session is kept" \
    test -e "$T_HOME/go/sts.GetSessionToken,b3JnL2Rldg,,1796005026"
AWS_ACCESS_KEY_ID=$ID AWS_SECRET_ACCESS_KEY=$SECRET t_go_run add --env p1
t_is "no session left: no Deleted line" "$(cat "$T_OUT")" \
    "Added credentials to profile \"p1\" in vault"

# --- no terminal ----------------------------------------------------------
t_run av add p
t_is "add without --env and without a terminal fails" "$T_RC" 1
t_is "... with Go's error text" \
    "$(cat "$T_ERR")" \
    "aws-vault: error: add: open /dev/tty: no such device or address"

# --- the prompts on a terminal ----------------------------------------------
if ! t_have_pexpect; then
	t_skip "the prompts on a terminal" "python3 pexpect is missing"
	t_done
fi
PTY_ID=AKIAPTYTEST000000001
PTY_SECRET=ptySecret/Key0000000000000000000000000001
MFA=arn:aws:iam::111111111111:mfa/pty-user
t_pty "$T_HOME/pty.log" '<Enter Access Key ID: ' ">  $PTY_ID  " \
    '<Enter Secret Access Key: ' ">$PTY_SECRET " \
    '<Enter MFA Device ARN (If MFA is not enabled, leave this blank): ' \
    ">$MFA" '<in vault' -- "$AV_BIN" add ptyprof
t_is "add on a terminal: status 0" "$?" 0
LOG=$(cat "$T_HOME/pty.log")
t_like "the access key id is echoed" "$LOG" \
    "Enter Access Key ID:   $PTY_ID  "
STARS=$(printf '%s ' "$PTY_SECRET" | sed 's/./*/g')
t_like "the secret is echoed as one * per character" "$LOG" \
    "Enter Secret Access Key: $STARS"
t_unlike "the secret never appears on the terminal" "$LOG" "$PTY_SECRET"
t_like "the confirmation" "$LOG" \
    'Added credentials to profile "ptyprof" in vault'
t_run av export --no-session --format=json ptyprof
t_like "the stored key id is trimmed" "$(cat "$T_OUT")" \
    "\"AccessKeyId\": \"$PTY_ID\","
t_like "the stored secret is trimmed" "$(cat "$T_OUT")" \
    "\"SecretAccessKey\": \"$PTY_SECRET\"
"
t_is "the MFA ARN becomes mfa_serial in the new section" \
    "$(sed -n '/^\[profile ptyprof\]$/,$p' "$AWS_CONFIG_FILE")" \
    "[profile ptyprof]
mfa_serial=$MFA"
t_pty "$T_HOME/pty2.log" '<Enter Access Key ID: ' ">$PTY_ID" \
    '<Enter Secret Access Key: ' ">$PTY_SECRET" \
    '<leave this blank): ' ">" '<in vault' -- "$AV_BIN" add ptyprof2
t_is "a blank MFA ARN: an empty section" "$?:$(sed -n \
    '/^\[profile ptyprof2\]$/,$p' "$AWS_CONFIG_FILE")" "0:[profile ptyprof2]"

t_done
