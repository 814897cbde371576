#!/bin/sh
# make demo: the main job end to end against a local STS (moto_server).
# Everything happens in a throwaway HOME; what is started is stopped.
set -eu
AV=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
for d in "${PYENV_ROOT:-$HOME/.pyenv}/shims" /root/.pyenv/shims; do
	[ -d "$d" ] && PATH="$d:$PATH"
done
export PATH
for c in moto_server aws python3 curl; do
	command -v "$c" >/dev/null || { echo "demo: $c is not installed" >&2; exit 1; }
done

DEMO=$(mktemp -d "${TMPDIR:-/tmp}/aws-vault-demo.XXXXXX")
MOTO_PID=
PROXY_PID=
cleanup() {
	[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null
	[ -n "$MOTO_PID" ] && kill "$MOTO_PID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$DEMO"
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A clean environment: nothing of the caller's AWS setup leaks in.
for v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
export HOME="$DEMO/home"
mkdir -p -m 700 "$HOME/.aws"
export AWS_CONFIG_FILE="$HOME/.aws/config"
export AWS_VAULT_BACKEND=file AWS_VAULT_FILE_PASSPHRASE=demo-passphrase
export AWS_VAULT_DISABLE_HELP_MESSAGE=1

say "Starting moto_server (a local STS and IAM) on 127.0.0.1"
MOTO_PORT=$(port)
timeout 600 moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$DEMO/moto.log" 2>&1 &
MOTO_PID=$!
i=0
until curl -fs -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/"; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "moto did not start" >&2; exit 1; }
	sleep 0.1
done
# aws-vault talks to STS through a proxy that counts the calls.
PROXY_PORT=$(port)
python3 "$ROOT/tests/integration/count-proxy.py" "$PROXY_PORT" \
    "http://127.0.0.1:$MOTO_PORT" "$DEMO/sts-calls" 2>/dev/null &
PROXY_PID=$!
sleep 0.5
: > "$DEMO/sts-calls"
echo "moto on port $MOTO_PORT, STS call counter on port $PROXY_PORT"

say "Creating an IAM user 'demo', an access key and a role 'admin' in moto"
KEYS=$(MOTO="http://127.0.0.1:$MOTO_PORT" python3 - <<'PY'
import json, os, boto3
kw = dict(endpoint_url=os.environ["MOTO"], region_name="us-east-1",
          aws_access_key_id="setup", aws_secret_access_key="setup")
iam = boto3.client("iam", **kw)
iam.create_user(UserName="demo")
k = iam.create_access_key(UserName="demo")["AccessKey"]
iam.create_role(RoleName="admin", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}))
print(k["AccessKeyId"], k["SecretAccessKey"])
PY
)
echo "access key id: ${KEYS% *}"
export AWS_ENDPOINT_URL="http://127.0.0.1:$PROXY_PORT" AWS_DEFAULT_REGION=us-east-1
cat > "$AWS_CONFIG_FILE" <<CONF
[default]
region = us-east-1

[profile admin]
source_profile = demo
role_arn = arn:aws:iam::123456789012:role/admin
role_session_name = demo-session
CONF

say "Storing the key in the encrypted file keystore (no plaintext anywhere)"
AWS_ACCESS_KEY_ID=${KEYS% *} AWS_SECRET_ACCESS_KEY=${KEYS#* } run "$AV" add --env demo
run ls -l "$HOME/.awsvault/keys/"

say "What aws-vault knows"
run "$AV" list

say "The AWS CLI, run with the long-term key (no session)"
run "$AV" exec --no-session demo -- aws sts get-caller-identity --query Arn --output text

say "The AWS CLI, run with an assumed role (STS AssumeRole)"
run "$AV" exec admin -- aws sts get-caller-identity --query Arn --output text

say "credential_process output: a temporary STS session (GetSessionToken)"
: > "$DEMO/sts-calls"
run "$AV" export --format=json demo | sed 's/\("SecretAccessKey": "\).*"/\1<hidden>"/; s/\("SessionToken": "\).\{12\}.*"/\1AQoEXAMPLE...<hidden>"/'
echo "STS calls: $(wc -l < "$DEMO/sts-calls")"

say "Asking again: the cached session is reused (no STS call)"
: > "$DEMO/sts-calls"
run "$AV" export --format=env demo | sed 's/^\(AWS_[A-Z_]*\)=.*/\1=<hidden>/'
echo "STS calls: $(wc -l < "$DEMO/sts-calls")"
run "$AV" list

say "Done; moto stopped, the temporary HOME removed"
