# moto_server as the STS/IAM peer (POSIX sh, sourced after lib.sh).
# Recipes from TEST-PEERS.md section 1.  The server runs on a free
# loopback port under `timeout`, is ready in ~1.3 s, and is stopped when
# the test exits (lib.sh's t_at_exit).
#
#   moto_need            skip the whole test unless moto_server, curl and
#                        python3 with boto3 are there
#   moto_start           start moto_server; sets MOTO_PORT and MOTO_URL
#                        (http://127.0.0.1:PORT) and waits until it answers
#   moto_reset           wipe all state (the auth setting stays as it is:
#                        turn auth off first, or no key survives to sign)
#   moto_auth_on         enforce SigV4 and IAM policies from now on
#   moto_auth_off        stop enforcing
#   moto_stop            stop it now (also done at exit)
#   moto_env             point AWS_ENDPOINT_URL and AWS_REGION (us-east-1)
#                        at moto; credentials are left to the caller
#   moto_py [ARGS]       run the Python program on stdin with boto3
#                        clients `iam` and `sts` pointed at moto (keys
#                        $MOTO_KEY_ID/$MOTO_SECRET, default testing/testing),
#                        `json` and `sys` imported, ARGS in sys.argv[1:]
#   moto_user [--admin] USER [PROFILE...]
#                        an IAM user USER with one access key, its id and
#                        secret in USER_KEY_ID and USER_SECRET, stored in
#                        the file keystore under each PROFILE (`add --env
#                        --no-add-config`); --admin: a policy allowing
#                        every action.  A failure fails the test here.
#   moto_role NAME...    roles anyone may assume (AssumeRole and
#                        AssumeRoleWithWebIdentity)
#   moto_mfa_process DIR an mfa_process program, DIR/mfa.sh, that gives a
#                        fresh code each time (the same code twice would
#                        trip the reuse guard) and adds a line to
#                        DIR/asked each time it is run
#   moto_proxy LOG [OPTION...]
#                        (re)start count-proxy.py in front of moto on
#                        PROXY_PORT (chosen once) with OPTIONs, its log in
#                        LOG (emptied); sets PROXY_URL
#   moto_proxy_stop      stop it now (also done at exit)
#   free_port            print a TCP port free on 127.0.0.1 right now
#
# moto quirks worth knowing (TEST-PEERS.md): requests are routed by the
# service in the SigV4 credential scope, so they must be signed (an
# unsigned AssumeRoleWithWebIdentity reaches STS only with auth off);
# GetSessionToken and GetFederationToken return a fixed AKIAIOSFODNN7EXAMPLE
# key that fails under auth; MFA codes, durations, the date and the region
# of a signature are never checked; trust principals are compared as exact
# strings ("*" or the exact ARN, never ":root").

MOTO_PORT=
MOTO_URL=
MOTO_PID=
PROXY_PORT=
PROXY_URL=
PROXY_PID=

moto_need() {
	for _c in moto_server curl python3; do
		command -v "$_c" >/dev/null 2>&1 ||
		    t_skip_all "$_c is not installed"
	done
	python3 -c 'import boto3' 2>/dev/null ||
	    t_skip_all "python3 has no boto3"
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

moto_start() {
	_dir=$(mktemp -d "${TMPDIR:-/tmp}/moto.XXXXXX")
	t_at_exit "moto_stop; rm -rf '$_dir'"
	MOTO_PORT=$(free_port)
	MOTO_URL="http://127.0.0.1:$MOTO_PORT"
	timeout 3600 moto_server -H 127.0.0.1 -p "$MOTO_PORT" \
	    >"$_dir/moto.log" 2>&1 &
	MOTO_PID=$!
	_i=0
	while [ $_i -lt 200 ]; do
		curl -fsS -o /dev/null "$MOTO_URL/moto-api/" 2>/dev/null &&
		    return 0
		kill -0 "$MOTO_PID" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	sed 's/^/# moto: /' "$_dir/moto.log"
	t_skip_all "moto_server did not start"
}

moto_stop() {
	if [ -n "$MOTO_PID" ]; then
		# SIGTERM to `timeout` stops moto_server too.
		kill "$MOTO_PID" 2>/dev/null
		wait "$MOTO_PID" 2>/dev/null
		MOTO_PID=
	fi
}

moto_reset() {
	curl -fsS -o /dev/null -X POST "$MOTO_URL/moto-api/reset"
}

# The body must not be form-encoded (moto answers 500 to that).
moto_auth_on() {
	curl -fsS -o /dev/null -X POST -H 'Content-Type: text/plain' \
	    --data 0 "$MOTO_URL/moto-api/reset-auth"
}

moto_auth_off() {
	curl -fsS -o /dev/null -X POST -H 'Content-Type: text/plain' \
	    --data inf "$MOTO_URL/moto-api/reset-auth"
}

moto_env() {
	export AWS_ENDPOINT_URL="$MOTO_URL" AWS_REGION=us-east-1
}

moto_py() {
	MOTO_URL="$MOTO_URL" python3 -c '
import json, os, sys
import boto3
_kw = dict(endpoint_url=os.environ["MOTO_URL"], region_name="us-east-1",
    aws_access_key_id=os.environ.get("MOTO_KEY_ID", "testing"),
    aws_secret_access_key=os.environ.get("MOTO_SECRET", "testing"))
iam = boto3.client("iam", **_kw)
sts = boto3.client("sts", **_kw)
exec(sys.stdin.read())
' "$@"
}

moto_user() {
	_admin=
	if [ "$1" = --admin ]; then
		_admin=1
		shift
	fi
	_u=$1
	shift
	_keys=$(moto_py "$_u" "$_admin" <<'PY'
user, admin = sys.argv[1:3]
iam.create_user(UserName=user)
if admin:
    iam.put_user_policy(UserName=user, PolicyName="all",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
k = iam.create_access_key(UserName=user)["AccessKey"]
print(k["AccessKeyId"], k["SecretAccessKey"])
PY
) || { t_fail "moto: create IAM user $_u"; t_done; }
	USER_KEY_ID=${_keys% *}
	USER_SECRET=${_keys#* }
	for _p in "$@"; do
		t_av_keys "$AWS_VAULT_FILE_DIR" "$_p=$USER_KEY_ID:$USER_SECRET" ||
		    { t_fail "store $_u's key as profile $_p"; t_done; }
	done
}

moto_role() {
	moto_py "$@" <<'PY' >/dev/null || { t_fail "moto: create roles $*"; t_done; }
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "*"},
    "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]}]})
for name in sys.argv[1:]:
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
PY
}

moto_mfa_process() {
	cat > "$1/mfa.sh" <<-MFA
	#!/bin/sh
	echo asked >> "$1/asked"
	echo \$((100000 + \$(wc -l < "$1/asked")))
	MFA
	chmod +x "$1/mfa.sh"
}

moto_proxy() {
	_log=$1
	shift
	moto_proxy_stop
	if [ -z "$PROXY_PORT" ]; then
		PROXY_PORT=$(free_port)
		PROXY_URL="http://127.0.0.1:$PROXY_PORT"
		t_at_exit moto_proxy_stop
	fi
	: >"$_log"
	python3 "$AV_SOURCE_ROOT/tests/integration/count-proxy.py" \
	    "$PROXY_PORT" "$MOTO_URL" "$_log" "$@" 2>/dev/null &
	PROXY_PID=$!
	wait_port "$PROXY_PORT"
}

moto_proxy_stop() {
	if [ -n "$PROXY_PID" ]; then
		kill "$PROXY_PID" 2>/dev/null
		wait "$PROXY_PID" 2>/dev/null
		PROXY_PID=
	fi
}
