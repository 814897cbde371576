#!/bin/sh
# t0031-exec-env.sh: `aws-vault exec` without STS (spec 3.5, 7): the
# child's environment (what is removed, what is kept, AWS_VAULT, the
# region pair, the endpoint, credentials; a session token and expiry only
# for the Go tool's cached session), the command as typed in argv[0], the
# exit status passed through (also a signal's), $SHELL and /bin/sh as the
# default command, AWS_PROFILE as the default profile, the AWS_VAULT
# guard (also from a nested exec), an unknown command, and the subshell
# notice that only a terminal gets.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
ID=AKIAEXECTEST00000001
SECRET=execSecret/Key+00000000000000000000000001
cat >"$AWS_CONFIG_FILE" <<'EOF'
[profile p]
region=eu-west-3

[profile noreg]

[profile ep]
region=us-east-2
endpoint_url=http://127.0.0.1:9
EOF
t_av_keys "$AWS_VAULT_FILE_DIR" "p=$ID:$SECRET" "noreg=$ID:$SECRET" \
    "ep=$ID:$SECRET"

# The caller's environment is full of credentials and profile settings.
POLLUTE="AWS_ACCESS_KEY_ID=AKIAOLDEXAMPLE000001 AWS_SECRET_ACCESS_KEY=oldsecret
AWS_SESSION_TOKEN=oldtoken AWS_SECURITY_TOKEN=oldsectoken
AWS_CREDENTIAL_FILE=/old/credentials AWS_DEFAULT_PROFILE=old
AWS_PROFILE=old AWS_SDK_LOAD_CONFIG=1
AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/old
AWS_WEB_IDENTITY_TOKEN_FILE=/old/token AWS_CA_BUNDLE=/old/ca.pem
UNRELATED=kept"
# shellcheck disable=SC2086
t_run env $POLLUTE "$AV_BIN" exec -n p -- env
t_is "exec -n p -- env: status 0" "$T_RC:$(cat "$T_ERR")" "0:"
sort "$T_OUT" >"$T_HOME/env"
envval() { sed -n "s/^$1=//p" "$T_HOME/env"; }
envcount() { grep -c "^$1=" "$T_HOME/env"; }
t_is "AWS_VAULT is the profile" "$(envval AWS_VAULT)" p
t_is "AWS_REGION" "$(envval AWS_REGION)" eu-west-3
t_is "AWS_DEFAULT_REGION" "$(envval AWS_DEFAULT_REGION)" eu-west-3
t_is "AWS_ACCESS_KEY_ID is the stored key" "$(envval AWS_ACCESS_KEY_ID)" "$ID"
t_is "AWS_SECRET_ACCESS_KEY" "$(envval AWS_SECRET_ACCESS_KEY)" "$SECRET"
for v in AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CREDENTIAL_FILE \
    AWS_DEFAULT_PROFILE AWS_PROFILE AWS_SDK_LOAD_CONFIG \
    AWS_CREDENTIAL_EXPIRATION AWS_ENDPOINT_URL; do
	t_is "$v is not in the child" "$(envcount $v)" 0
done
t_is "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is kept (Go keeps it)" \
    "$(envval AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)" /v2/old
t_is "AWS_WEB_IDENTITY_TOKEN_FILE is kept" \
    "$(envval AWS_WEB_IDENTITY_TOKEN_FILE)" /old/token
t_is "other variables are kept" "$(envval UNRELATED):$(envval AWS_CA_BUNDLE)" \
    "kept:/old/ca.pem"
t_is "every variable once" "$(cut -d= -f1 "$T_HOME/env" | uniq -d)" ""

t_run av exec -n noreg -- env
t_is "no region known: no region variables" \
    "$(grep -c '^AWS_\(DEFAULT_\)\{0,1\}REGION=' "$T_OUT")" 0
t_run env AWS_DEFAULT_REGION=ap-south-1 "$AV_BIN" exec -n noreg -- env
t_is "AWS_DEFAULT_REGION gives the region of both" \
    "$(grep '^AWS_\(DEFAULT_\)\{0,1\}REGION=' "$T_OUT" | sort)" \
    "AWS_DEFAULT_REGION=ap-south-1
AWS_REGION=ap-south-1"
t_run av exec -n --region sa-east-1 p -- env
t_is "--region wins" "$(grep '^AWS_\(DEFAULT_\)\{0,1\}REGION=' "$T_OUT" |
    sort)" "AWS_DEFAULT_REGION=sa-east-1
AWS_REGION=sa-east-1"
t_run av exec -n ep -- env
t_is "the profile's endpoint_url is passed on (BN)" \
    "$(sed -n 's/^AWS_ENDPOINT_URL=//p' "$T_OUT")" "http://127.0.0.1:9"

# --- a cached session of the Go tool --------------------------------------------
t_go_store
t_go_run exec p1 -- env
t_like "a session: AWS_SESSION_TOKEN" "$(cat "$T_OUT")" \
    "AWS_SESSION_TOKEN=AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT"
t_like "... AWS_CREDENTIAL_EXPIRATION in UTC to the second" \
    "$(cat "$T_OUT")" "AWS_CREDENTIAL_EXPIRATION=2026-11-30T02:17:06Z"
t_is "... never AWS_SECURITY_TOKEN" "$(grep -c '^AWS_SECURITY_TOKEN=' \
    "$T_OUT")" 0

# --- the command ---------------------------------------------------------------
t_run av exec -n p -- sh -c 'echo "$0"'
t_is "argv[0] is the command as typed" "$(cat "$T_OUT")" "sh"
t_run av exec -n p -- printf '[%s]' 'a b' '' '*' '$HOME'
t_is "arguments are passed as they are" "$(cat "$T_OUT")" "[a b][][*][\$HOME]"
t_run av exec -n p -- sh -c 'exit 7'
t_is "the child's exit status is passed through" "$T_RC" 7
t_run av exec -n p -- false
t_is "... 1" "$T_RC" 1
t_run av exec -n p -- sh -c 'kill -TERM $$'
t_is "... death by a signal (exec replaced aws-vault)" "$T_RC" 143
OUT=$(echo piped | "$AV_BIN" exec -n p -- cat)
t_is "stdin and stdout are the child's" "$OUT" "piped"
t_run av exec -n p -- no-such-command-xyz
t_is "an unknown command" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: exec: \"no-such-command-xyz\": executable file not found in \$PATH"
t_run av exec -n p -- ./no/such/path
t_is "a missing path: Go's LookPath error" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: exec: \"./no/such/path\": stat ./no/such/path: no such file or directory"

# The default command: $SHELL, else /bin/sh; the profile: $AWS_PROFILE.
cat >"$T_HOME/fakeshell" <<'EOF'
#!/bin/sh
echo "shell=$0 vault=$AWS_VAULT profile=${AWS_PROFILE-unset} args=$#"
EOF
chmod +x "$T_HOME/fakeshell"
t_run env SHELL="$T_HOME/fakeshell" "$AV_BIN" exec -n p
t_is "no command: \$SHELL" "$T_RC:$(cat "$T_OUT")" \
    "0:shell=$T_HOME/fakeshell vault=p profile=unset args=0"
t_run env SHELL="$T_HOME/fakeshell" AWS_PROFILE=noreg "$AV_BIN" exec -n
t_is "no profile: \$AWS_PROFILE, which the child does not get" \
    "$T_RC:$(cat "$T_OUT")" \
    "0:shell=$T_HOME/fakeshell vault=noreg profile=unset args=0"
OUT=$(echo 'echo "$0:$AWS_VAULT"' | env -u SHELL "$AV_BIN" exec -n p)
t_is "no \$SHELL: /bin/sh" "$OUT" "/bin/sh:p"
OUT=$(echo 'echo "$0:$AWS_VAULT"' | env SHELL= "$AV_BIN" exec -n p)
t_is "an empty \$SHELL: /bin/sh" "$OUT" "/bin/sh:p"

# --- the AWS_VAULT guard -----------------------------------------------------
t_run env AWS_VAULT=p "$AV_BIN" exec -n p -- true
t_is "AWS_VAULT set: refused" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: running in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force"
t_run av exec -n p -- "$AV_BIN" exec -n p -- true
t_is "a nested exec is refused" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: running in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force"
t_run av exec -n p -- env -u AWS_VAULT "$AV_BIN" exec -n p -- true
t_is "... unless AWS_VAULT is unset" "$T_RC" 0
t_run env AWS_VAULT= "$AV_BIN" exec -n p -- true
t_is "an empty AWS_VAULT is no subshell" "$T_RC" 0

# --- the subshell notice -------------------------------------------------------
if t_have_pexpect; then
	t_pty "$T_HOME/pty.log" '<shell=' -- env -u AWS_VAULT_DISABLE_HELP_MESSAGE \
	    SHELL="$T_HOME/fakeshell" "$AV_BIN" exec -n p
	t_like "on a terminal, no command: the subshell notice" \
	    "$(cat "$T_HOME/pty.log")" \
	    "Starting subshell $T_HOME/fakeshell, use \`exit\` to exit the subshell"
	t_pty "$T_HOME/pty.log" '<shell=' -- env \
	    AWS_VAULT_DISABLE_HELP_MESSAGE=1 SHELL="$T_HOME/fakeshell" \
	    "$AV_BIN" exec -n p
	t_is "AWS_VAULT_DISABLE_HELP_MESSAGE=1: none" \
	    "$(grep -c 'Starting subshell' "$T_HOME/pty.log")" 0
	t_pty "$T_HOME/pty.log" '<shell=' -- env -u AWS_VAULT_DISABLE_HELP_MESSAGE \
	    "$AV_BIN" exec -n p -- "$T_HOME/fakeshell"
	t_is "a command given: none" \
	    "$(grep -c 'Starting subshell' "$T_HOME/pty.log")" 0
else
	t_skip "the subshell notice on a terminal" "python3 pexpect is missing"
fi
t_run env -u AWS_VAULT_DISABLE_HELP_MESSAGE SHELL="$T_HOME/fakeshell" \
    "$AV_BIN" exec -n p
t_is "stdout not a terminal: no notice" "$(cat "$T_ERR")" ""

t_done
