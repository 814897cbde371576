#!/bin/sh
# t0101-aws-http.sh: the HTTP side of the AWS layer against small Python
# servers that script their answers and record every request: retries
# (500 then 200, throttling, 429; no retry on 403 or a bad body), an
# unreachable endpoint, a server that accepts and never answers, the exact
# request STS receives (form body, headers, and the SigV4 signature
# recomputed by botocore), the unsigned web identity call, TLS verification
# with AWS_CA_BUNDLE, and proxies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, no
# proxy for loopback).
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"

: "${AV_TOOLS_DIR:=$AV_SOURCE_ROOT/build/tests/tools}"
AC="$AV_TOOLS_DIR/aws-call"
[ -x "$AC" ] || t_skip_all "aws-call is not built ($AC)"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 is not installed"
t_setup
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY \
    all_proxy ALL_PROXY 2>/dev/null || true
W="$T_HOME/stub"
mkdir "$W"
HOOKS=$("$AC" --test-hooks)

# The stub: "http" mode answers request i with script[min(i, last)] and
# logs each request as a JSON line; "https" the same over TLS; "hang"
# accepts connections and never answers.  It writes its port to a file.
cat > "$W/stub.py" <<'EOF'
import http.server, json, socket, ssl, sys, threading, time
mode, portfile, logfile = sys.argv[1:4]
script = json.loads(sys.argv[4]) if len(sys.argv) > 4 else [[200, ""]]
lock = threading.Lock()
count = [0]
def log(d):
    with lock, open(logfile, "a") as f:
        f.write(json.dumps(d) + "\n")
if mode == "hang":
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    open(portfile, "w").write(str(s.getsockname()[1]))
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)
        log({"accept": len(held)})
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        with lock:
            i = count[0]
            count[0] += 1
        log({"method": self.command, "path": self.path,
             "headers": dict(self.headers), "body": body})
        st, text = script[min(i, len(script) - 1)][:2]
        b = text.encode()
        self.send_response(st)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    do_GET = do_POST = answer
    def do_CONNECT(self):
        log({"method": "CONNECT", "path": self.path,
             "headers": dict(self.headers), "body": ""})
        self.send_response(502)
        self.send_header("Content-Length", "0")
        self.end_headers()
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
if mode == "https":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[5], sys.argv[6])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
open(portfile, "w").write(str(srv.server_address[1]))
srv.serve_forever()
EOF

STUB_PID=
stub_stop() {
	if [ -n "$STUB_PID" ]; then
		kill "$STUB_PID" 2>/dev/null
		wait "$STUB_PID" 2>/dev/null
		STUB_PID=
	fi
}
t_at_exit stub_stop
# stub MODE [SCRIPT [CERT KEY]]: (re)start the stub; sets STUB_PORT and
# STUB_URL and empties the request log $W/log.
stub() {
	stub_stop
	rm -f "$W/port" "$W/log"
	: > "$W/log"
	timeout 300 python3 "$W/stub.py" "$1" "$W/port" "$W/log" \
	    "${2:-[[200, \"\"]]}" ${3:+"$3"} ${4:+"$4"} 2>"$W/stub.err" &
	STUB_PID=$!
	_i=0
	while [ ! -s "$W/port" ] && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	STUB_PORT=$(cat "$W/port")
	STUB_URL="http://127.0.0.1:$STUB_PORT"
}
requests() { wc -l < "$W/log" | tr -d ' '; }
# req N EXPR: a Python expression over request N (1-based) as `r`.
req() {
	python3 -c 'import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2]) - 1]
print(eval(sys.argv[3]))' "$W/log" "$1" "$2"
}

# call 'VAR=value ...' ARGS...: aws-call ARGS with a fixed key, region
# eu-west-1, the stub as endpoint, and the given variables (values without
# spaces) exported; output in $OUT, status in $RC, milliseconds in $MS.
call() {
	_t0=$(date +%s%N)
	OUT=$(
		export AWS_ACCESS_KEY_ID=AKIDEXAMPLE \
		    AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
		    AWS_REGION=eu-west-1 AWS_ENDPOINT_URL="$STUB_URL"
		[ -z "$1" ] || eval "export $(printf %s "$1" | tr "\n" " ")"
		shift
		exec "$AC" "$@" 2>&1
	)
	RC=$?
	MS=$((($(date +%s%N) - _t0) / 1000000))
}
field() { printf '%s\n' "$OUT" | sed -n "s/^$1=//p"; }

GCI='<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/stub</Arn><UserId>AIDASTUB</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>'
ERR500='<ErrorResponse><Error><Code>InternalFailure</Code><Message>boom</Message></Error></ErrorResponse>'
THROTTLE='<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>'
DENIED='<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>'
AR='<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIASTUB</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey><SessionToken>FQoGZXIvYXdzEXAMPLEtoken</SessionToken><Expiration>2030-01-01T00:00:00.123456Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>'
ARW=$(printf '%s' "$AR" | sed 's/AssumeRole\(Response\|Result\)/AssumeRoleWithWebIdentity\1/g')

# --- retries --------------------------------------------------------------
stub http "[[500, \"$ERR500\"], [200, \"$GCI\"]]"
call '' sts get-caller-identity
t_is "500 then 200: the retry succeeds" "$RC $(field Arn)" \
    "0 arn:aws:iam::123456789012:user/stub"
t_is "500 then 200: two requests" "$(requests)" 2
t_is "a retry resends the same signed request" \
    "$(req 1 'r["headers"]["Authorization"]')" \
    "$(req 2 'r["headers"]["Authorization"]')"

stub http "[[500, \"$ERR500\"]]"
call '' sts get-caller-identity
t_is "500 three times: the AWS error after 3 attempts" "$RC $OUT $(requests)" \
    "1 aws-call: sts:GetCallerIdentity: InternalFailure: boom
code: InternalFailure 3"
t_ok "the backoff stays short (${MS} ms)" test "$MS" -lt 3000

stub http "[[400, \"$THROTTLE\"], [429, \"\"], [200, \"$GCI\"]]"
call '' sts get-caller-identity
t_is "Throttling and 429 are retried" "$RC $(requests)" "0 3"

stub http "[[403, \"$DENIED\"], [200, \"$GCI\"]]"
call '' sts get-caller-identity
t_is "403 AccessDenied is not retried" "$RC $(requests) $OUT" \
    "1 1 aws-call: sts:GetCallerIdentity: AccessDenied: no
code: AccessDenied"

stub http "[[200, \"<html>oops\"], [200, \"$GCI\"]]"
call '' sts get-caller-identity
t_like "a bad 200 body is malformed, not retried" "$RC $(requests) $OUT" \
    "1 1 aws-call: sts:GetCallerIdentity: malformed response: "

stub http "[[502, \"<html>Bad Gateway</html>\"]]"
call '' sts get-caller-identity
t_is "an HTML 502 reads HTTP 502" "$RC $OUT" \
    "1 aws-call: sts:GetCallerIdentity: HTTP 502"

# --- network failures -----------------------------------------------------
DEAD=$(free_port)
call "AWS_ENDPOINT_URL=http://127.0.0.1:$DEAD" sts get-caller-identity
t_like "an unreachable endpoint: a network error" "$RC $OUT" \
    "1 aws-call: sts:GetCallerIdentity: POST \"http://127.0.0.1:$DEAD/\": "
t_like "an unreachable endpoint: tried 3 times" "$OUT" "(3 attempts)"
t_ok "an unreachable endpoint fails fast (${MS} ms)" test "$MS" -lt 3000

if [ "$HOOKS" = yes ]; then
	stub hang
	call AWS_VAULT_TEST_HTTP_TIMEOUT_MS=300 sts get-caller-identity
	t_like "a server that never answers times out" "$RC $OUT" \
	    "1 aws-call: sts:GetCallerIdentity: POST \"$STUB_URL/\": "
	t_like "the timeout is curl's, after 3 attempts" "$OUT" \
	    "timed out after"
	t_is "three connections were made" "$(requests)" 3
	t_ok "the timeout test took ${MS} ms" test "$MS" -lt 5000
else
	t_skip "a server that never answers times out" \
	    "built without -Dtest_hooks"
fi

# --- the request STS receives ---------------------------------------------
stub http "[[200, \"$AR\"]]"
call AWS_SESSION_TOKEN=the-session-token \
    sts assume-role arn=arn:aws:iam::123456789012:role/r1 \
    "session=s n" duration=900 external-id=ext \
    serial=arn:aws:iam::123456789012:mfa/u code=123456 \
    tag=Project=uni+corn tag=Team=a transitive=Project source-identity=me
t_is "AssumeRole answer parsed" \
    "$RC $(field AccessKeyId) $(field Expiration)" \
    "0 ASIASTUB 2030-01-01T00:00:00Z"
t_is "AssumeRole form body" "$(req 1 'r["body"]')" \
"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr1&RoleSessionName=s%20n&DurationSeconds=900&ExternalId=ext&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fu&TokenCode=123456&Tags.member.1.Key=Project&Tags.member.1.Value=uni%2Bcorn&Tags.member.2.Key=Team&Tags.member.2.Value=a&TransitiveTagKeys.member.1=Project&SourceIdentity=me"
t_is "POST / with the form content type" \
    "$(req 1 'r["method"] + " " + r["path"] + " " + r["headers"]["Content-Type"]')" \
    "POST / application/x-www-form-urlencoded; charset=utf-8"
t_is "Host and the session token header" \
    "$(req 1 'r["headers"]["Host"] + " " + r["headers"]["X-Amz-Security-Token"]')" \
    "127.0.0.1:$STUB_PORT the-session-token"
t_like "signed for eu-west-1/sts, token included" \
    "$(req 1 'r["headers"]["Authorization"]')" \
    "/eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="
if python3 -c 'import botocore' 2>/dev/null; then
	SIG=$(python3 - "$W/log" <<'EOF'
import json, sys, datetime
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
r = json.loads(open(sys.argv[1]).readline())
h = r["headers"]
authz = h["Authorization"]
signed = authz.split("SignedHeaders=")[1].split(",")[0].split(";")
hdrs = {k: v for k, v in h.items() if k.lower() in signed}
req = AWSRequest(method=r["method"], url="http://" + h["Host"] + r["path"],
                 data=r["body"].encode(), headers=hdrs)
creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    "the-session-token")
auth = SigV4Auth(creds, "sts", "eu-west-1")
req.context["timestamp"] = h["X-Amz-Date"]
creq = auth.canonical_request(req)
sts = auth.string_to_sign(req, creq)
want = auth.signature(sts, req)
got = authz.split("Signature=")[1]
print("match" if got == want else "mismatch got=%s want=%s" % (got, want))
EOF
)
	t_is "botocore recomputes the same SigV4 signature" "$SIG" match
else
	t_skip "botocore recomputes the same SigV4 signature" \
	    "botocore is not installed"
fi

stub http "[[200, \"$ARW\"]]"
call AWS_SESSION_TOKEN=tok \
    sts assume-role-with-web-identity arn=arn:aws:iam::123456789012:role/w \
    session=web token=eyJ.jwt.sig
t_is "AssumeRoleWithWebIdentity answer parsed" "$RC $(field AccessKeyId)" \
    "0 ASIASTUB"
t_is "AssumeRoleWithWebIdentity is unsigned" \
    "$(req 1 '" ".join(sorted(k for k in r["headers"] if k.lower().startswith(("authorization", "x-amz"))))')" \
    ""
t_is "AssumeRoleWithWebIdentity form body" "$(req 1 'r["body"]')" \
    "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fw&RoleSessionName=web&DurationSeconds=3600&WebIdentityToken=eyJ.jwt.sig"

# --- TLS ------------------------------------------------------------------
if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$W/key.pem" \
    -out "$W/cert.pem" >/dev/null 2>&1; then
	stub https "[[200, \"$GCI\"]]" "$W/cert.pem" "$W/key.pem"
	call "AWS_ENDPOINT_URL=https://127.0.0.1:$STUB_PORT" \
	    sts get-caller-identity
	t_like "TLS: an unknown CA is refused" "$RC $OUT" "SSL certificate"
	t_like "TLS: a verification failure is not retried" "$OUT" \
	    "(1 attempt)"
	call "AWS_CA_BUNDLE=$W/cert.pem
	    AWS_ENDPOINT_URL=https://127.0.0.1:$STUB_PORT" \
	    sts get-caller-identity
	t_is "TLS: AWS_CA_BUNDLE is trusted" "$RC $(field Account)" \
	    "0 123456789012"
else
	t_skip "TLS" "openssl cannot make a certificate"
fi

# --- proxies --------------------------------------------------------------
stub http "[[200, \"$GCI\"]]"
call "AWS_ENDPOINT_URL=http://sts.example.test HTTP_PROXY=$STUB_URL" \
    sts get-caller-identity
t_is "HTTP_PROXY (upper case) is used for http://" \
    "$RC $(req 1 'r["path"]')" "0 http://sts.example.test/"
: > "$W/log"
V="AWS_VAULT_TEST_HTTP_TIMEOUT_MS=3000 NO_PROXY=.example.test"
call "$V AWS_ENDPOINT_URL=http://sts.example.test HTTP_PROXY=$STUB_URL" \
    sts get-caller-identity
t_is "NO_PROXY bypasses it" "$RC $(requests)" "1 0"
call "HTTP_PROXY=http://127.0.0.1:$DEAD HTTPS_PROXY=http://127.0.0.1:$DEAD" \
    sts get-caller-identity
t_is "loopback endpoints never use a proxy" "$RC $(requests)" "0 1"
: > "$W/log"
call "AWS_ENDPOINT_URL=https://sts.example.test HTTPS_PROXY=$STUB_URL" \
    sts get-caller-identity
t_is "HTTPS_PROXY (upper case) tunnels https://" \
    "$RC $(req 1 'r["method"] + " " + r["path"]')" \
    "1 CONNECT sts.example.test:443"
# --- hygiene --------------------------------------------------------------
stub http "[[200, \"$AR\"]]"
call AWS_SESSION_TOKEN=the-session-token --debug \
    sts assume-role arn=arn:aws:iam::123456789012:role/r1 session=dbg \
    serial=arn:aws:iam::123456789012:mfa/u code=654321
t_like "--debug logs the request" "$OUT" "http: POST $STUB_URL/ (attempt 1)"
t_is "--debug shows no secret, token, MFA code or signature" \
    "$(printf '%s\n' "$OUT" | grep -c -e the-session-token -e 654321 \
    -e wJalrXUtnFEMI -e s3cr3t -e Signature= -e FQoGZXIvYXdz)" 0
stub_stop
if command -v readelf >/dev/null 2>&1; then
	t_is "libcurl is not a load-time dependency (aws-call)" \
	    "$(readelf -d "$AC" | grep -c 'NEEDED.*libcurl')" 0
	if [ -x "$AV_BIN" ]; then
		t_is "libcurl is not a load-time dependency (aws-vault)" \
		    "$(readelf -d "$AV_BIN" | grep -c 'NEEDED.*libcurl')" 0
	fi
fi

t_done
