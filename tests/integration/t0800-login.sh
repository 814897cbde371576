#!/bin/sh
# login: the console sign-in URL (spec 9) against moto (STS, IAM) and the
# local sign-in stub (tests/stubs/signin.py): federation for long-term
# keys, role credentials used as they are, the URL's exact shape, auto
# logout, the browser opener, and the errors.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
t_setup
moto_start
work=$(mktemp -d "${TMPDIR:-/tmp}/avlogin.XXXXXX")
t_at_exit "rm -rf '$work'"
moto_user alice alice
moto_role admin
cat > "$AWS_CONFIG_FILE" <<CONF
[profile alice]
region = us-east-1

[profile admin]
region = eu-west-1
source_profile = alice
role_arn = arn:aws:iam::123456789012:role/admin
role_session_name = console
CONF

sport=$(free_port)
python3 "$AV_SOURCE_ROOT/tests/stubs/signin.py" "$sport" "$work/signin" 2>/dev/null &
t_at_exit "kill $! 2>/dev/null"
wait_port "$sport"
moto_proxy "$work/sts"
export AWS_ENDPOINT_URL="$PROXY_URL"
export AWS_ENDPOINT_URL_SIGNIN="http://127.0.0.1:$sport"
S="http://127.0.0.1:$sport/federation"
# The stub's token for a session id, as it makes it, escaped for a URL.
tok() { python3 -c 'import hashlib,sys; print("signin-" + hashlib.sha256(sys.argv[1].encode()).hexdigest()[:16] + "%2B%2F%3D")' "$1"; }

# Long-term keys: GetCallerIdentity, GetUser, GetFederationToken.
: > "$work/sts"
url=$(av login --stdout alice); rc=$?
t_is "login alice: status 0" "$rc" 0
t_is "login alice: federation calls" "$(sed 's/ signed//' "$work/sts")" \
    "GetCallerIdentity
GetUser
GetFederationToken DurationSeconds=3600"
t_is "login alice: the URL" "$url" \
    "$S?Action=login&Issuer=aws-vault&Destination=https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Dus-east-1&SigninToken=$(tok AKIAIOSFODNN7EXAMPLE)"
t_like "login alice: the sign-in request" "$(tail -n 1 "$work/signin")" \
    '"keys": ["Action", "Session"], "action": "getSigninToken", "sessionId": "AKIAIOSFODNN7EXAMPLE", "hasKey": true, "hasToken": true'

# A role: its credentials are used as they are (no federation).
: > "$work/sts"
url=$(av login -s --path s3 admin); rc=$?
t_is "login admin: status 0" "$rc" 0
t_is "login admin: only AssumeRole" "$(sed 's/ signed//; s/ RoleSessionName=[^ ]*//' "$work/sts")" \
    "AssumeRole DurationSeconds=3600 RoleArn=arn:aws:iam::123456789012:role/admin"
t_like "login admin: --path and the role's region" "$url" \
    "&Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fs3%3Fregion%3Deu-west-1&SigninToken="
t_like "login admin: the session is the role's" "$(tail -n 1 "$work/signin")" '"sessionId": "ASIA'

# -d sets the federation duration.
: > "$work/sts"
av login -s -d 2h alice >/dev/null
t_like "-d 2h: GetFederationToken for 7200 s" "$(cat "$work/sts")" \
    "GetFederationToken DurationSeconds=7200"

# No profile: the environment's keys.
: > "$work/sts"
url=$(env AWS_ACCESS_KEY_ID="$USER_KEY_ID" AWS_SECRET_ACCESS_KEY="$USER_SECRET" \
    AWS_REGION=us-east-1 "$AV_BIN" login --stdout); rc=$?
t_is "login from the environment: status 0" "$rc" 0
t_like "login from the environment: federated" "$(cat "$work/sts")" "GetFederationToken"

# Auto logout wraps the login URL.
url=$(av login -s -a alice)
t_like "--auto-logout: the logout URL" "$url" \
    "https://us-east-1.signin.aws.amazon.com/oauth?Action=logout&redirect_uri=http%3A%2F%2F127.0.0.1%3A$sport%2Ffederation%3FAction%3Dlogin%26Issuer%3Daws-vault%26Destination%3Dhttps%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Dus-east-1%26SigninToken%3D"

# Without --stdout the URL goes to xdg-open, never to the terminal.
mkdir "$work/bin"
printf '#!/bin/sh\necho "$1" > "%s/opened"\n' "$work" > "$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
out=$(PATH="$work/bin:$PATH" av login alice 2>&1); rc=$?
t_is "xdg-open: status 0, nothing printed" "$rc:$out" "0:"
t_like "xdg-open: got the URL" "$(cat "$work/opened")" "$S?Action=login&Issuer=aws-vault"
printf '#!/bin/sh\nexit 3\n' > "$work/bin/xdg-open"
err=$(PATH="$work/bin:$PATH" av login alice 2>&1); rc=$?
t_is "xdg-open fails: status 1" "$rc" 1
t_like "xdg-open fails: a clear error" "$err" \
    "aws-vault: error: login: Failed to open the login URL with xdg-open: exit status 3"
t_unlike "xdg-open fails: the token is not in the message" "$err" signin-

# The sign-in endpoint refuses: Go's wording.
eport=$(free_port)
python3 "$AV_SOURCE_ROOT/tests/integration/count-proxy.py" "$eport" \
    "http://127.0.0.1:$sport" "$work/bad" --fail-first 99 --status 400 --body x 2>/dev/null &
t_at_exit "kill $! 2>/dev/null"
wait_port "$eport"
err=$(AWS_ENDPOINT_URL_SIGNIN="http://127.0.0.1:$eport" av login -s alice 2>&1); rc=$?
t_is "sign-in refused: status 1" "$rc" 1
t_is "sign-in refused: the message" "$err" \
    "aws-vault: error: login: Call to getSigninToken failed with 400 Bad Request"

t_done
