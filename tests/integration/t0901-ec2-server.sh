#!/bin/sh
# t0901-ec2-server.sh: `exec --ec2-server` and `aws-vault proxy` (spec
# 8.2, 3.9) for real, inside a user and network namespace of our own where
# we are root: exec starts the proxy (directly: it is already root), the
# proxy puts 169.254.169.254 on lo and listens on port 80, the AWS CLI and
# boto3 in the child find the credentials at the standard IMDS address
# (IMDSv2 tokens first, v1 fallback, v2 required), with moto behind
# aws-vault; the proxy and the 9099 server's checks (a non-loopback peer,
# a foreign Host header), the proxy stopped and the address removed at
# the end, `proxy --stop`, and "Another process is already bound".
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-server.sh"
server_enter_ns "$@"
server_setup
unset AWS_REGION	# the region comes from the config file

moto_user bob bob
moto_role ec2role
cat >"$AWS_CONFIG_FILE" <<CONF
[default]
region = eu-west-3

[profile bob]

[profile r]
source_profile = bob
role_arn = arn:aws:iam::123456789012:role/ec2role
role_session_name = t0901
CONF

alias_up() { ip -4 addr show dev lo | grep -c '169\.254\.169\.254/24'; }
# Wait (up to 5 s) until the alias is gone: the proxy removes it after
# answering /stop, while exec is already on its way out.
alias_gone() {
	_i=0
	while [ "$(alias_up)" != 0 ] && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ "$(alias_up)" = 0 ]
}

# --- the AWS CLI and boto3 at 169.254.169.254 ------------------------------
t_is "no alias before" "$(alias_up)" 0
arn=$(av exec --ec2-server r -- aws sts get-caller-identity --query Arn \
    --output text)
t_is "the AWS CLI finds the role's credentials at the IMDS address" "$arn" \
    "arn:aws:sts::123456789012:assumed-role/ec2role/t0901"
t_ok "the proxy removed 169.254.169.254 from lo when exec ended" alias_gone
t_is "and port 80 is closed again" \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    http://169.254.169.254/latest/meta-data/instance-id/)" 000

out=$(av exec --ec2-server r -- python3 -c '
import boto3
s = boto3.Session()
c = s.get_credentials()
print(c.method, c.access_key[:4], s.region_name)')
t_is "boto3: method iam-role, an ASIA key, the region from the environment" \
    "$out" "iam-role ASIA eu-west-3"
out=$(av exec --ec2-server r -- env AWS_EC2_METADATA_V1_DISABLED=true \
    python3 -c '
import boto3
print(boto3.Session().get_credentials().method)')
t_is "a client that requires IMDSv2 works (tokens; Go answers 404)" "$out" \
    "iam-role"

# --- the wire, seen by curl in the child -----------------------------------
out=$(av exec --ec2-server r -- sh -c '
M=http://169.254.169.254
p() { rm -f "$HOME/.b"; curl -s -o "$HOME/.b" -w "%{http_code}" "$@"; echo " $(cat "$HOME/.b")"; }
p $M/latest/meta-data/iam/security-credentials/
p $M/latest/meta-data/instance-id/
p $M/latest/meta-data/iam/info/
p $M/latest/dynamic/instance-identity/document
p $M/latest/meta-data/instance-id
p $M/nope
p -H "Host: attacker.example" $M/latest/meta-data/iam/security-credentials/
T=$(curl -s -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" $M/latest/api/token)
echo "${#T}"
p -H "X-aws-ec2-metadata-token: $T" $M/latest/meta-data/iam/security-credentials/
p -H "X-aws-ec2-metadata-token: x$T" $M/latest/meta-data/iam/security-credentials/
curl -s -o /dev/null -w "%{http_code}" --interface '"$OTHER_IP"' \
    $M/latest/meta-data/iam/security-credentials/
case $? in 52|56) echo " closed unanswered" ;; *) echo " curl $?" ;; esac')
t_is "routes, redirect, 404, DNS-rebinding check, IMDSv2, foreign peer" \
    "$out" '200 local-credentials
200 aws-vault
200 {"Code" : "Success"}
200 {"region": "eu-west-3"}
301 <a href="/latest/meta-data/instance-id/">Moved Permanently</a>.
404 404 page not found
401 Access denied for host '"'attacker.example'"'
43
200 local-credentials
401 Unauthorized
000 closed unanswered'
out=$(av exec --ec2-server r -- python3 -c '
import json, urllib.request
r = urllib.request.urlopen("http://169.254.169.254/latest/meta-data/iam/security-credentials/local-credentials")
d = json.loads(r.read())
print(r.headers["Content-Type"], list(d), d["Code"], d["Type"], d["AccessKeyId"][:4])')
t_is "the credentials document: Go's sorted keys" "$out" \
    "text/plain; charset=utf-8 ['AccessKeyId', 'Code', 'Expiration', 'LastUpdated', 'SecretAccessKey', 'Token', 'Type'] Success AWS-HMAC ASIA"
t_ok "the alias is gone again" alias_gone

# --- the 9099 server directly ---------------------------------------------
out=$(av exec --ec2-server r -- sh -c '
curl -s -w " %{http_code}" http://127.0.0.1:9099/latest/meta-data/instance-id/
echo
curl -s -w " %{http_code}" -H "Host: 169.254.169.254" http://127.0.0.1:9099/latest/meta-data/instance-id/')
t_is "127.0.0.1:9099 answers only for Host 169.254.169.254" "$out" \
    "Access denied for host '127.0.0.1:9099'
 401
aws-vault 200"

# --- help messages on a terminal ----------------------------------------------
if t_have_pexpect; then
	(
		unset AWS_VAULT_DISABLE_HELP_MESSAGE
		SHELL=/bin/sh
		export SHELL
		t_pty "$T_HOME/pty.log" '<use `exit` to exit the subshell' \
		    '>exit 6' -- "$AV_BIN" exec --ec2-server r
	)
	t_is "a subshell on a terminal: its exit status" "$?" 6
	t_like "the EC2 warning, then the subshell line" \
	    "$(tr -d '\r' <"$T_HOME/pty.log")" \
	    "Warning: Starting a local EC2 credential server on 169.254.169.254:80; AWS credentials will be accessible to any process while it is running
Starting subshell /bin/sh, use \`exit\` to exit the subshell"
	t_ok "the alias is gone" alias_gone
else
	t_skip "help messages on a terminal" "python3 has no pexpect"
fi

# --- exit status, and the proxy already there --------------------------------
av exec --ec2-server r -- sh -c 'exit 9'
t_is "the child's exit status is passed through" "$?" 9
t_ok "the alias is gone" alias_gone

python3 -c 'import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 9099))
s.listen(1)
time.sleep(60)' &
SQUAT=$!
t_at_exit "kill $SQUAT 2>/dev/null"
wait_port 9099
t_run av exec --ec2-server r -- true
t_is "127.0.0.1:9099 taken: the listen error (Go exits silently)" \
    "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: Failed to start credential server: listen tcp 127.0.0.1:9099: bind: address already in use"
t_ok "and the proxy it started is stopped" alias_gone
kill "$SQUAT"
wait "$SQUAT" 2>/dev/null

"$AV_BIN" proxy &
PPID_=$!
t_at_exit "kill $PPID_ 2>/dev/null"
i=0
while ! curl -s -o /dev/null --max-time 1 http://169.254.169.254/ &&
    [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
t_is "aws-vault proxy alone: the alias is up" "$(alias_up)" 1
t_run av exec --ec2-server r -- true
t_is "exec --ec2-server with a proxy already there: refused" \
    "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: exec: Another process is already bound to 169.254.169.254:80"
out=$(curl -s -w '%{http_code}' \
    http://169.254.169.254/latest/meta-data/instance-id/)
t_is "the proxy with no server behind it: 502" "$out" 502
t_run av server --stop
t_is "aws-vault server --stop (the alias): status 0, silent" \
    "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" "0:"
wait "$PPID_"
t_is "the proxy exits 0 after /stop" "$?" 0
t_ok "and removed the alias" alias_gone

"$AV_BIN" proxy &
PPID_=$!
i=0
while [ "$(alias_up)" = 0 ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
sleep 0.2
kill -TERM "$PPID_"
wait "$PPID_"
t_is "SIGTERM: the proxy exits 0" "$?" 0
t_ok "and removed the alias" alias_gone

ip addr add 169.254.169.254/24 dev lo label lo:0
t_run av proxy
t_like "the alias already there: ip's words, exit status 2, kingpin style" \
    "$T_RC:$(cat "$T_ERR")" "1:aws-vault: error: "
t_like "..." "$(cat "$T_ERR")" ": exit status 2, try --help"
ip addr del 169.254.169.254/24 dev lo label lo:0

t_done
