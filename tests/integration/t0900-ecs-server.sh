#!/bin/sh
# t0900-ecs-server.sh: `exec --ecs-server` (spec 8.1, 3.5) with real
# consumers: the AWS CLI and boto3 read the session through
# AWS_CONTAINER_CREDENTIALS_FULL_URI, with moto behind aws-vault; the
# token check (403, exact body), the /role-arn/ route (an AssumeRole moto
# honours), a peer that is not loopback refused, the in-memory cache and
# --lazy counted at a proxy in front of moto, the exit status and signal
# forwarding, the help messages on a terminal, the pre-fetch failure, and
# no secret in --debug output.
#
# It runs in a user and network namespace of its own, with a stand-in
# zenity that never runs (lib-server.sh).
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-server.sh"
server_enter_ns "$@"
server_setup

moto_user alice alice
moto_role x
cat >"$AWS_CONFIG_FILE" <<CONF
[default]
region = us-east-1

[profile alice]

[profile broken]
credential_process = sh -c 'echo no credentials here >&2; exit 3'

[profile slow]
credential_process = sh -c 'sleep 4; printf "{\\"Version\\":1,\\"AccessKeyId\\":\\"AKIASLOW\\",\\"SecretAccessKey\\":\\"s\\",\\"SessionToken\\":\\"t\\",\\"Expiration\\":\\"2099-01-01T00:00:00Z\\"}"'
CONF

# --- consumers: the AWS CLI and boto3 ----------------------------------
arn=$(av exec --ecs-server alice -- aws sts get-caller-identity \
    --query Arn --output text)
t_is "the AWS CLI gets the GetSessionToken session (moto's user/moto)" \
    "$arn" "arn:aws:sts::123456789012:user/moto"
out=$(av exec -s alice -- python3 -c '
import boto3
c = boto3.Session().get_credentials()
f = c.get_frozen_credentials()
print(c.method, f.access_key, f.token[:10])')
t_is "boto3: method container-role, the session key and token" "$out" \
    "container-role AKIAIOSFODNN7EXAMPLE AQoEXAMPLE"
out=$(av exec --server alice -- env)
t_like "--server is --ecs-server" "$out" \
    "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:"
for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN; do
	t_unlike "no $v in the child's environment" "$out" "$v="
done
t_like "AWS_VAULT is set" "$out" "AWS_VAULT=alice"
uri=$(echo "$out" | sed -n 's/^AWS_CONTAINER_CREDENTIALS_FULL_URI=//p')
tok=$(echo "$out" | sed -n 's/^AWS_CONTAINER_AUTHORIZATION_TOKEN=//p')
t_ok "the URL is http://127.0.0.1:<port>, no path" \
    sh -c "echo '$uri' | grep -Eq '^http://127\\.0\\.0\\.1:[0-9]+\$'"
t_ok "the token is 40 base64url characters" \
    sh -c "echo '$tok' | grep -Eq '^[A-Za-z0-9_-]{40}\$'"

# The command gets stdin, stdout and stderr only (the Go tool's exec.Cmd):
# not fd 5, left open by the caller, nor any of the server's.  `ls` opens
# the directory itself as fd 3.
fds=$(av exec --ecs-server alice -- sh -c 'exec ls /proc/self/fd' 5</dev/null)
t_is "the command's descriptors: 0 1 2 (and ls's own 3)" "$(echo $fds)" \
    "0 1 2 3"

# --- the token check ---------------------------------------------------
# probe: what curl sees, as "<status> <content type>" then the body.
cat >"$T_HOME/bin/probe" <<'SH'
#!/bin/sh
# probe [curl args...]: status, content type, body of one request.
curl -s -o "$HOME/.probe.body" -w '%{http_code} %{content_type}\n' "$@"
cat "$HOME/.probe.body" 2>/dev/null
SH
chmod +x "$T_HOME/bin/probe"
out=$(av exec --ecs-server alice -- sh -c '
probe "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
probe -H "Authorization: wrong" "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"
probe -H "Authorization: Bearer $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"
probe -H "Authorization: ${AWS_CONTAINER_AUTHORIZATION_TOKEN}x" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"')
t_is "no token, a wrong one, Bearer, one extra byte: 403 with Go's body" \
    "$out" '403 application/json; charset=utf-8
{"Message":"invalid Authorization token"}
403 application/json; charset=utf-8
{"Message":"invalid Authorization token"}
403 application/json; charset=utf-8
{"Message":"invalid Authorization token"}
403 application/json; charset=utf-8
{"Message":"invalid Authorization token"}'
out=$(av exec --ecs-server alice -- sh -c '
probe -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/any/path"')
t_like "the right token: 200 text/plain" "$out" "200 text/plain; charset=utf-8"
t_ok "the body has Go's sorted keys and a final newline" \
    python3 -c '
import json, re, sys
head, body = sys.argv[1].split("\n", 1)
assert body.endswith("}") and body.count("\n") == 0, body
d = json.loads(body)
assert list(d) == ["AccessKeyId", "Expiration", "SecretAccessKey", "Token"], list(d)
assert d["AccessKeyId"] == "AKIAIOSFODNN7EXAMPLE"
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["Expiration"])
' "$out"

# --- /role-arn/ -----------------------------------------------------------
out=$(av exec --ecs-server alice -- python3 -c '
import boto3, json, os, urllib.request
req = urllib.request.Request(
    os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] +
    "/role-arn/arn:aws:iam::123456789012:role/x",
    headers={"Authorization": os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]})
d = json.load(urllib.request.urlopen(req))
sts = boto3.client("sts", aws_access_key_id=d["AccessKeyId"],
    aws_secret_access_key=d["SecretAccessKey"], aws_session_token=d["Token"])
print(d["AccessKeyId"][:4], sts.get_caller_identity()["Arn"].rsplit("/", 1)[0])')
t_is "/role-arn/<ARN>: credentials of that role (AssumeRole at moto)" \
    "$out" "ASIA arn:aws:sts::123456789012:assumed-role/x"

# --- a peer that is not loopback ---------------------------------------------
out=$(av exec --ecs-server alice -- sh -c '
A="Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN"
curl -s -o /dev/null -w "%{http_code}" -H "$A" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"; echo " $?"
curl -s -o /dev/null -w "%{http_code}" --interface '"$OTHER_IP"' -H "$A" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"
case $? in 52|56) echo " closed unanswered" ;; *) echo " curl $?" ;; esac')
t_is "from 127.0.0.1: 200" "$(echo "$out" | sed -n 1p)" "200 0"
t_is "from $OTHER_IP: the connection is closed unanswered" \
    "$(echo "$out" | sed -n 2p)" "000 closed unanswered"

# --- the cache and --lazy, counted at a proxy in front of moto -----------
LOG=$T_HOME/sts.log
moto_proxy "$LOG"
export AWS_ENDPOINT_URL="$PROXY_URL"
cold() { av clear alice >/dev/null; t_forget_fast; : >"$LOG"; }
cold
out=$(av exec --ecs-server --lazy alice -- sh -c '
cat "$0"; echo --
for i in 1 2 3; do
	curl -s -o /dev/null -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
	    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"
done
cat "$0"' "$LOG")
t_is "--lazy: no STS call before the first request; then one for three" \
    "$out" "--
GetSessionToken DurationSeconds=3600 signed"
cold
out=$(av exec --ecs-server alice -- sh -c 'cat "$0"' "$LOG")
t_is "without --lazy: the session is fetched before the command starts" \
    "$out" "GetSessionToken DurationSeconds=3600 signed"
cold
out=$(av exec --ecs-server alice -- sh -c '
for r in x x y; do
	curl -s -o /dev/null -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
	    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/role-arn/arn:aws:iam::123456789012:role/$r"
done'; sed 's/RoleSessionName=[0-9]*/RoleSessionName=N/' "$LOG")
t_is "roles: one AssumeRole per ARN, the base session fetched once" "$out" \
    "GetSessionToken DurationSeconds=3600 signed
AssumeRole DurationSeconds=3600 RoleArn=arn:aws:iam::123456789012:role/x RoleSessionName=N signed
AssumeRole DurationSeconds=3600 RoleArn=arn:aws:iam::123456789012:role/y RoleSessionName=N signed"
export AWS_ENDPOINT_URL="$MOTO_URL"

# --- the pre-fetch failure -------------------------------------------------
t_run av exec --ecs-server broken -- sh -c 'echo the command ran'
t_is "a failed first fetch: status 1, the command never runs" \
    "$T_RC:$(cat "$T_OUT")" "1:"
t_like "... Retrieving creds: <the provider's error>" "$(cat "$T_ERR")" \
    "aws-vault: error: exec: Retrieving creds: "
t_unlike "... without exec's 'Failed to get credentials' prefix" \
    "$(cat "$T_ERR")" "Failed to get credentials"
out=$(av exec --ecs-server --lazy broken -- sh -c '
probe -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"')
t_like "--lazy: the failure is a 500 with a JSON Message" "$out" \
    '500 application/json; charset=utf-8
{"Message":"'

# The command ends while the server thread is still fetching (a slow
# credential_process; think of an MFA prompt nobody answers): aws-vault
# does not wait for the fetch, it leaves with the command's status.
start=$(date +%s)
av exec --ecs-server --lazy slow -- sh -c '
curl -s -o /dev/null --max-time 0.5 \
    -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"; exit 4'
rc=$?
t_is "the command ends mid-fetch: its status, at once" \
    "$rc $(( $(date +%s) - start < 3 ))" "4 1"
out=$(av exec --ecs-server --lazy slow -- sh -c '
curl -s -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/"')
t_like "... and the slow process does answer when waited for" "$out" \
    '"AccessKeyId":"AKIASLOW"'

# --- flag conflicts ---------------------------------------------------------
t_run av exec --ecs-server --no-session alice -- true
t_is "--ecs-server --no-session is refused" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: Can't use --ecs-server with --no-session"
t_run av exec -s --ec2-server alice -- true
t_is "--server --ec2-server is refused" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: Can't use --ec2-server with --ecs-server"
t_run env PATH=/usr/bin:/bin "$AV_BIN" exec --ecs-server alice -- true
t_like "only the terminal prompt available: refused, as in Go" \
    "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: Can't use --prompt=terminal with --ecs-server"

# --- exit status -------------------------------------------------------------
av exec --ecs-server alice -- sh -c 'exit 7'
t_is "the child's exit status is passed through" "$?" 7
av exec --ecs-server alice -- sh -c 'kill -TERM $$'
t_is "a child killed by a signal: 255 (BN)" "$?" 255
t_run av exec --ecs-server alice -- no-such-command-t0900
t_is "an unknown command: Go's LookPath error" "$T_RC:$(cat "$T_ERR")" \
    '1:aws-vault: error: exec: exec: "no-such-command-t0900": executable file not found in $PATH'

# --- signal forwarding -------------------------------------------------------
SIG=$T_HOME/sig.log
: >"$SIG"
# Started from python so that SIGINT and SIGQUIT are not ignored, as they
# are for a background job of this (non-interactive) shell.
python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGQUIT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$AV_BIN" exec --ecs-server alice -- \
    sh -c 'for s in INT HUP USR1 USR2 WINCH QUIT; do trap "echo $s >>\"$0\"" $s; done
trap "echo TERM >>\"$0\"; exit 3" TERM
echo ready >>"$0"
while :; do sleep 0.05; done' "$SIG" &
AVPID=$!
waitfor() {
	_i=0
	while ! grep -qx "$1" "$SIG" && [ $_i -lt 200 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
}
waitfor ready
for s in INT HUP USR1 USR2 WINCH QUIT; do
	kill -"$s" "$AVPID"
	waitfor "$s"
done
kill -TERM "$AVPID"
wait "$AVPID"
t_is "SIGTERM reached the child, whose exit status 3 came back" "$?" 3
t_is "INT HUP USR1 USR2 WINCH QUIT TERM sent to aws-vault reached the child" \
    "$(tr '\n' ' ' <"$SIG")" "ready INT HUP USR1 USR2 WINCH QUIT TERM "

# --- help messages on a terminal ----------------------------------------------
if t_have_pexpect; then
	(
		unset AWS_VAULT_DISABLE_HELP_MESSAGE
		SHELL=/bin/sh
		export SHELL
		t_pty "$T_HOME/pty.log" '<use `exit` to exit the subshell' \
		    '>exit 5' -- "$AV_BIN" exec --ecs-server alice
	)
	t_is "a subshell on a terminal: its exit status" "$?" 5
	t_like "the ECS notice, then the subshell line" \
	    "$(tr -d '\r' <"$T_HOME/pty.log")" \
	    "Starting a local ECS credential server; your app's AWS sdk must support AWS_CONTAINER_CREDENTIALS_FULL_URI.
Starting subshell /bin/sh, use \`exit\` to exit the subshell"
	out=$(env -u AWS_VAULT_DISABLE_HELP_MESSAGE "$AV_BIN" exec \
	    --ecs-server alice -- true 2>&1)
	t_is "with a command (and no terminal): no help messages" "$out" ""
else
	t_skip "help messages on a terminal" "python3 has no pexpect"
fi

# --- --debug shows no secret -------------------------------------------------
cold
t_run av --debug exec --ecs-server alice -- sh -c '
echo "$AWS_CONTAINER_AUTHORIZATION_TOKEN"
curl -s -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" \
    "$AWS_CONTAINER_CREDENTIALS_FULL_URI/role-arn/arn:aws:iam::123456789012:role/x"'
t_is "--debug run: status 0" "$T_RC" 0
tok=$(sed -n 1p "$T_OUT")
role_secret=$(sed -n 2p "$T_OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["SecretAccessKey"])')
t_ok "the child saw the token and the role's secret key" \
    test -n "$tok" -a -n "$role_secret"
t_like "the debug log shows the requests" "$(cat "$T_ERR")" \
    "http: GET /role-arn/arn:aws:iam::123456789012:role/x from 127.0.0.1: 200"
hits=""
for s in "$tok" "$USER_SECRET" wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY \
    AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT "$role_secret"; do
	[ -n "$s" ] && grep -qF -- "$s" "$T_ERR" && hits="$hits $s"
done
t_is "no token, secret key or session token in the --debug log" "$hits" ""

t_done
