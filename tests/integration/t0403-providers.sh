#!/bin/sh
# Which calls a profile makes (spec 6.2, 6.3: the ByteNess rules), seen
# through a counting proxy in front of moto: GetSessionToken priming,
# role chaining with MFA and the 1h cap, chained MFA reuse, what is
# cached, web identity tokens (file and process) and credential_process
# as a source.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
t_setup
moto_start
work=$(mktemp -d "${TMPDIR:-/tmp}/avprov.XXXXXX")
t_at_exit "rm -rf '$work'"

# alice's key is stored as "s" (with MFA) and as "plain".
moto_user alice s plain
moto_role r1 r2 web
M=arn:aws:iam::123456789012:mfa/alice
R=arn:aws:iam::123456789012:role
moto_mfa_process "$work"
printf 'header.payload.sig\n' > "$work/token"
cat > "$work/cp.sh" <<CP
#!/bin/sh
cat <<JSON
{"Version": 1, "AccessKeyId": "$USER_KEY_ID", "SecretAccessKey": "$USER_SECRET",
 "SessionToken": "tok", "Expiration": "2099-01-01T00:00:00Z"}
JSON
CP
chmod +x "$work/cp.sh"
cat > "$AWS_CONFIG_FILE" <<CONF
[default]
region = us-east-1
mfa_process = $work/mfa.sh

[profile s]
mfa_serial = $M

[profile plain]

[profile r1]
source_profile = s
role_arn = $R/r1
mfa_serial = $M

[profile r1nomfa]
source_profile = plain
role_arn = $R/r1

[profile r1long]
source_profile = s
role_arn = $R/r1
mfa_serial = $M
duration_seconds = 7200

[profile r2]
source_profile = r1
role_arn = $R/r2
mfa_serial = $M

[profile web]
role_arn = $R/web
web_identity_token_file = $work/token

[profile webproc]
role_arn = $R/web
web_identity_token_process = cat $work/token

[profile cpsrc]
credential_process = $work/cp.sh

[profile cprole]
source_profile = cpsrc
role_arn = $R/r1
CONF
moto_proxy "$work/log"
export AWS_ENDPOINT_URL="$PROXY_URL"

# calls PROFILE [FLAGS]: run export, print the STS calls it made.
calls() {
	: > "$work/log"
	_p=$1; shift
	"$AV_BIN" export "$@" "$_p" > "$work/out" 2> "$work/err" ||
	    sed 's/^/# /' "$work/err"
	sed 's/ RoleSessionName=[^ ]*//' "$work/log"
}
cached() { ls "$AWS_VAULT_FILE_DIR" | grep -c "^$1,"; }

t_is "user with MFA: GetSessionToken 1h with MFA" "$(calls s)" \
    "GetSessionToken DurationSeconds=3600 SerialNumber=$M TokenCode signed"
t_is "user: the session is cached" "$(cached sts.GetSessionToken)" 1
t_is "user: cached session reused" "$(calls s)" ""
t_is "user --no-session: no call" "$(calls s --no-session)" ""
av clear >/dev/null

t_is "role from an MFA user: GetSessionToken 8h, then AssumeRole without MFA" \
    "$(calls r1)" "GetSessionToken DurationSeconds=28800 SerialNumber=$M TokenCode signed
AssumeRole DurationSeconds=3600 RoleArn=$R/r1 signed"
t_is "role from an MFA user: only the GetSessionToken is cached" \
    "$(cached sts.GetSessionToken) $(cached sts.AssumeRole)" "1 0"
t_is "role again: the session is reused, AssumeRole called again" \
    "$(calls r1)" "AssumeRole DurationSeconds=3600 RoleArn=$R/r1 signed"
av clear >/dev/null

t_is "role without MFA: AssumeRole from the long-term key, not cached" \
    "$(calls r1nomfa)" "AssumeRole DurationSeconds=3600 RoleArn=$R/r1 signed"
t_is "role without MFA: nothing cached" "$(cached sts.AssumeRole)" 0

t_is "role asking for 2h: AssumeRole with MFA from the long-term key" \
    "$(calls r1long)" \
    "AssumeRole DurationSeconds=7200 SerialNumber=$M RoleArn=$R/r1 TokenCode signed"
t_is "role asking for 2h: the AssumeRole session is cached" \
    "$(cached sts.AssumeRole)" 1
t_is "-d 2h on the role does the same" "$(calls r1 -d 2h | head -n 1)" \
    "AssumeRole DurationSeconds=7200 SerialNumber=$M RoleArn=$R/r1 TokenCode signed"
av clear >/dev/null

t_is "two roles: GetSessionToken, then each AssumeRole capped to 1h" \
    "$(calls r2 -d 4h)" \
    "GetSessionToken DurationSeconds=14400 SerialNumber=$M TokenCode signed
AssumeRole DurationSeconds=3600 RoleArn=$R/r1 signed
AssumeRole DurationSeconds=3600 RoleArn=$R/r2 signed"
av clear >/dev/null

t_is "web identity from a file: unsigned, token sent" "$(calls web)" \
    "AssumeRoleWithWebIdentity DurationSeconds=3600 RoleArn=$R/web WebIdentityToken unsigned"
t_is "web identity: cached" "$(cached sts.AssumeRoleWithWebIdentity)" 1
t_is "web identity from a process" "$(calls webproc)" \
    "AssumeRoleWithWebIdentity DurationSeconds=3600 RoleArn=$R/web WebIdentityToken unsigned"

t_is "credential_process as a role's source" "$(calls cprole)" \
    "AssumeRole DurationSeconds=3600 RoleArn=$R/r1 signed"
t_is "credential_process result cached" "$(cached credential_process)" 1
out=$(calls cpsrc --format=json; cat "$work/out")
t_like "credential_process profile exported" "$out" "\"AccessKeyId\": \"$USER_KEY_ID\""

t_done
