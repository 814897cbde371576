#!/bin/sh
# t1000-sso.sh: SSO profiles (spec 6.5.4, 6.5.5, 6.9) against the local
# IAM Identity Center stub (tests/stubs/sso.py): the device flow with the
# browser opened by xdg-open (a recording stand-in on PATH) or the URL
# printed (--stdout), polling while authorization is pending, the token
# cached in the keystore exactly as Go writes it and reused by another
# profile, the session cache, a revoked token (HTTP 401) leading to one
# new device flow, slow_down, expired and denied device codes, list and
# clear, exec --profile-env writing the AWS CLI's SSO cache, and no secret
# in --debug.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"	# free_port
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"	# kr
t_own_keyring "$@"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 is not installed"
[ -x "$KR_TOOL" ] || t_skip_all "kr-tool is not built ($KR_TOOL)"
t_setup
work=$(mktemp -d "${TMPDIR:-/tmp}/avsso.XXXXXX")
t_at_exit "rm -rf '$work'"
port=$(free_port)
python3 "$AV_SOURCE_ROOT/tests/stubs/sso.py" "$port" "$work/log" \
    2>"$work/stub.err" &
t_at_exit "kill $! 2>/dev/null"
wait_port "$port" ||
    { t_fail "the SSO stub (tests/stubs/sso.py) starts"; t_done; }
export AWS_ENDPOINT_URL_SSO="http://127.0.0.1:$port"
export AWS_ENDPOINT_URL_SSO_OIDC="http://127.0.0.1:$port"
URL=https://example.awsapps.com/start
CORP=https://corp.awsapps.com/start
cat >"$AWS_CONFIG_FILE" <<EOF
[profile ssoprof]
sso_start_url = $URL
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Admin
region = eu-west-1

[profile ssoprof2]
sso_start_url = $URL
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = ReadOnly

[profile ssoprof3]
sso_start_url = $URL
sso_region = eu-west-1
sso_account_id = 210987654321
sso_role_name = Admin

[profile ssoprof4]
sso_start_url = $URL
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = Admin

[profile corpprof]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Dev

[sso-session corp]
sso_start_url = $CORP
sso_region = us-east-1
EOF

# The "browser": records the URL and visits it (the user approves).
mkdir "$work/bin"
cat >"$work/bin/xdg-open" <<EOF
#!/bin/sh
echo "\$1" >>"$work/opened"
exec python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' "\$1"
EOF
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"

# ctl PATH: a stub-only control request.
ctl() {
	python3 -c 'import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"")).read()' \
	    "http://127.0.0.1:$port$1"
}
# ops: the stub requests since the log was emptied, one line each.
ops() {
	python3 - "$work/log" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    op = e["op"]
    if op.startswith("stub:"):
        continue
    out = [op, str(e.get("outcome", e.get("status")))]
    if op == "RegisterClient":
        out += [e["clientName"], e["clientType"], ",".join(e["keys"]),
                e["contentType"]]
    elif op == "StartDeviceAuthorization":
        out += [e["startUrl"], ",".join(e["keys"])]
    elif op == "CreateToken" and "keys" in e:
        out += [e["grantType"], e.get("token", "")]
    elif op == "GetRoleCredentials":
        out += [e["account_id"], e["role_name"], e["token"]]
    print(" ".join(x for x in out if x))
PY
}
# gap OUTCOME: seconds between the first CreateToken with OUTCOME and
# the next CreateToken.
gap() {
	python3 - "$work/log" "$1" <<'PY'
import json, sys
ts = [json.loads(l) for l in open(sys.argv[1])]
ts = [e for e in ts if e["op"] == "CreateToken"]
i = next(i for i, e in enumerate(ts) if e["outcome"] == sys.argv[2])
print("%.1f" % (ts[i + 1]["t"] - ts[i]["t"]))
PY
}
# usercode: the user code of the last device authorization.
usercode() {
	sed -n 's/.*"userCode": "\([^"]*\)".*/\1/p' "$work/log" | tail -n 1
}
# item_field KEY EXPR: a field of the Data JSON of keystore item KEY.
item_field() {
	kr get "$1" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$2"
}
envvar() { sed -n "s/^$1=//p" "$T_OUT"; }
REG="RegisterClient registered aws-vault public clientName,clientType application/json"
GRANT="urn:ietf:params:oauth:grant-type:device_code"

# 1. The first exec runs the device flow; xdg-open approves.
: >"$work/log"
t_run av exec ssoprof -- env
t_is "exec: status 0" "$T_RC" 0
t_is "exec: the role's credentials" \
    "$(envvar AWS_ACCESS_KEY_ID) $(envvar AWS_SECRET_ACCESS_KEY) $(envvar AWS_SESSION_TOKEN)" \
    "ASIASSOEXAMPLE000001 sso-secret-ASIASSOEXAMPLE000001 sso-token-ASIASSOEXAMPLE000001"
exp_ms=$(sed -n 's/.*"expiration": \([0-9]*\).*/\1/p' "$work/log")
t_is "exec: AWS_CREDENTIAL_EXPIRATION from the epoch milliseconds" \
    "$(envvar AWS_CREDENTIAL_EXPIRATION)" \
    "$(python3 -c 'import sys, time; print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(sys.argv[1]) // 1000)))' "$exp_ms")"
t_is "exec: the calls" "$(ops)" "$REG
StartDeviceAuthorization started $URL clientId,clientSecret,startUrl
browser:approve 200
CreateToken issued $GRANT tok#1
GetRoleCredentials credentials 123456789012 Admin tok#1"
dev="http://127.0.0.1:$port/device?user_code=$(usercode)"
t_is "exec: xdg-open got the verification URL" "$(cat "$work/opened")" "$dev"
t_file_is "exec: stderr says what happens" "$T_ERR" \
    "Opening the SSO authorization page in your default browser (use Ctrl-C to abort)
$dev
"

# 2. The token item, as Go writes it.
t_like "the token is stored under oidc:<start url>" "$(kr keys)" "oidc:$URL"
item=$(kr item "oidc:$URL")
t_like "token item: label" "$item" \
    "\"Label\":\"aws-vault oidc token for $URL (expires 20"
t_like "token item: description" "$item" \
    '"Description":"aws-vault oidc token"'
t_is "token item: Data fields in Go's order" \
    "$(item_field "oidc:$URL" 'list(d) + list(d["Token"])')" \
    "['Token', 'Expiration', 'AccessToken', 'ExpiresIn', 'IdToken', 'RefreshToken', 'TokenType', 'ResultMetadata']"
t_is "token item: values" "$(item_field "oidc:$URL" \
    '(d["Token"]["AccessToken"][:8], d["Token"]["ExpiresIn"], d["Token"]["IdToken"], d["Token"]["RefreshToken"], d["Token"]["TokenType"], d["Token"]["ResultMetadata"])')" \
    "('ssotok1-', 28800, None, None, 'Bearer', {})"
t_is "token item: Expiration is now + 8h" "$(item_field "oidc:$URL" \
    'abs(__import__("datetime").datetime.fromisoformat(d["Expiration"].replace("Z", "+00:00")).timestamp() - __import__("time").time() - 28800) < 60')" \
    True
t_like "the session is cached with the start URL in its key" "$(kr keys)" \
    "sso.GetRoleCredentials,c3NvcHJvZg,aHR0cHM6Ly9leGFtcGxlLmF3c2FwcHMuY29tL3N0YXJ0,"

# 3. The session cache: no request at all.
: >"$work/log"
t_run av export --format=json ssoprof
t_is "export again: status 0" "$T_RC" 0
t_like "export again: the same credentials" "$(cat "$T_OUT")" \
    '"AccessKeyId": "ASIASSOEXAMPLE000001"'
t_is "export again: no request" "$(ops)" ""

# 4. Another role under the same start URL reuses the token.
: >"$work/log"
t_run av export --format=json ssoprof2
t_is "token reused: status 0, nothing on stderr" "$T_RC:$(cat "$T_ERR")" "0:"
t_like "token reused: new credentials" "$(cat "$T_OUT")" \
    '"AccessKeyId": "ASIASSOEXAMPLE000002"'
t_is "token reused: only GetRoleCredentials" "$(ops)" \
    "GetRoleCredentials credentials 123456789012 ReadOnly tok#1"

# 5. list: the token's label, BN style.
t_run av list
t_like "list: ssoprof's token and session" "$(grep '^ssoprof ' "$T_OUT")" \
    "oidc:example.awsapps.com, sso.GetRoleCredentials:"
t_run av list --sessions
t_is "list --sessions: the token first" "$(head -n 1 "$T_OUT")" \
    "oidc:example.awsapps.com"

# 6. A revoked token: 401, dropped, one new device flow.
ctl /stub/revoke
: >"$work/log"
: >"$work/opened"
t_run av exec ssoprof3 -- env
t_is "revoked: status 0" "$T_RC" 0
t_is "revoked: the calls" "$(ops)" \
    "GetRoleCredentials revoked 210987654321 Admin tok#1
$REG
StartDeviceAuthorization started $URL clientId,clientSecret,startUrl
browser:approve 200
CreateToken issued $GRANT tok#2
GetRoleCredentials credentials 210987654321 Admin tok#2"
t_is "revoked: one browser" "$(wc -l <"$work/opened")" 1
t_is "revoked: the new token is cached" \
    "$(item_field "oidc:$URL" 'd["Token"]["AccessToken"][:8]')" "ssotok2-"

# 7. --stdout, an [sso-session], polling while pending (interval 1 s).
ctl '/stub/set?approve_after=2'
: >"$work/log"
: >"$work/opened"
t_run av exec --stdout corpprof -- env
t_is "--stdout: status 0" "$T_RC" 0
t_is "--stdout: polled until approved" "$(ops)" "$REG
StartDeviceAuthorization started $CORP clientId,clientSecret,startUrl
CreateToken authorization_pending $GRANT
CreateToken authorization_pending $GRANT
CreateToken issued $GRANT tok#3
GetRoleCredentials credentials 111111111111 Dev tok#3"
t_file_is "--stdout: the URL on stderr" "$T_ERR" \
    "Open the SSO authorization page in a browser (use Ctrl-C to abort)
http://127.0.0.1:$port/device?user_code=$(usercode)
"
t_is "--stdout: no browser" "$(cat "$work/opened")" ""
g=$(gap authorization_pending)
t_ok "--stdout: polls 1 s apart ($g s)" \
    python3 -c 'import sys; sys.exit(not 0.9 <= float(sys.argv[1]) < 2)' "$g"
ctl '/stub/set?approve_after=-1'
t_run av list --sessions
t_like "list: the [sso-session] name" "$(cat "$T_OUT")" "oidc:corp"

# 8. --profile-env: AWS_PROFILE, and the token in the AWS CLI's cache.
t_not "no AWS CLI cache yet" test -e "$HOME/.aws/sso"
t_run av exec --profile-env corpprof -- env
t_is "--profile-env: status 0" "$T_RC" 0
t_is "--profile-env: AWS_PROFILE, no keys" \
    "$(envvar AWS_PROFILE):$(envvar AWS_ACCESS_KEY_ID)" "corpprof:"
f="$HOME/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"
t_ok "--profile-env: sha1(\"corp\").json" test -f "$f"
t_is "--profile-env: modes" "$(stat -c %a "$HOME/.aws/sso/cache" "$f" | tr '\n' ' ')" \
    "700 600 "
want=$(item_field "oidc:$CORP" \
    '__import__("json").dumps({"accessToken": d["Token"]["AccessToken"], "expiresAt": __import__("datetime").datetime.fromisoformat(d["Expiration"][:19]).strftime("%Y-%m-%dT%H:%M:%SZ")}, separators=(",", ":"))')
t_is "--profile-env: the cached token, its expiry in UTC" "$(cat "$f")" \
    "$want"
t_run av exec --profile-env ssoprof -- true
t_ok "--profile-env: sha1(start URL).json without an sso-session" \
    test -f "$HOME/.aws/sso/cache/e8be5486177c5b5392bd9aa76563515b29358e6e.json"
t_is "--profile-env: no temp file left" \
    "$(ls -a "$HOME/.aws/sso/cache" | grep -c tmp)" 0

# 9. clear <profile> removes its sessions and the token of its start URL.
t_run av clear ssoprof
t_is "clear ssoprof: a session and the token" "$T_RC:$(cat "$T_OUT")" \
    "0:Cleared 2 sessions."
t_unlike "clear ssoprof: the token is gone" "$(kr keys)" "oidc:$URL"
t_like "clear ssoprof: ssoprof2's session stays" "$(kr keys)" \
    "sso.GetRoleCredentials,c3NvcHJvZjI,"

# 10. slow_down: poll again 5 s later (Go aborts here; we keep going).
ctl '/stub/set?slow_down=1'
: >"$work/log"
t_run av --debug exec ssoprof -- env
t_is "slow_down: status 0" "$T_RC" 0
t_is "slow_down: the token calls" "$(ops | grep CreateToken)" \
    "CreateToken slow_down $GRANT
CreateToken issued $GRANT tok#4"
g=$(gap slow_down)
t_ok "slow_down: the next poll after interval + 5 s ($g s)" \
    python3 -c 'import sys; sys.exit(not 5.9 <= float(sys.argv[1]) < 8)' "$g"
# No secret reaches --debug: tokens, role keys, client secret, device code.
t_like "--debug: the flow is logged" "$(cat "$T_ERR")" \
    "Created new OIDC access token for $URL, expires in 8h0m0s"
for s in ssotok sso-secret- sso-token-; do
	t_unlike "--debug: no $s..." "$(cat "$T_ERR")" "$s"
done

# 11. The device code expires before approval: a clear error.
t_run av clear ssoprof3
t_is "clear ssoprof3: its session and the token" "$T_RC:$(cat "$T_OUT")" \
    "0:Cleared 2 sessions."
ctl '/stub/set?expire=1'
t_run av exec ssoprof3 -- env
t_is "expired: status 1" "$T_RC" 1
t_is "expired: the message" "$(tail -n 1 "$T_ERR")" \
    "aws-vault: error: exec: Failed to get credentials for ssoprof3: SSO authorization for $URL expired before it was approved: sso-oidc:CreateToken: ExpiredTokenException: Device code has expired"
ctl '/stub/set?expire=0'

# 12. Denied, with the error only in the OAuth body (no x-amzn-ErrorType).
ctl '/stub/set?deny=1&error_header=0'
t_run av exec ssoprof3 -- env
t_is "denied: status 1" "$T_RC" 1
t_is "denied: the message" "$(tail -n 1 "$T_ERR")" \
    "aws-vault: error: exec: Failed to get credentials for ssoprof3: SSO authorization for $URL was denied: sso-oidc:CreateToken: AccessDeniedException"
ctl '/stub/set?deny=0&error_header=1'
t_unlike "denied: no token stored" "$(kr keys)" "oidc:$URL"

# 13. xdg-open fails: only logged, the flow goes on.
printf '#!/bin/sh\nexit 3\n' >"$work/bin/xdg-open"
ctl '/stub/set?approve_after=0'
: >"$work/log"
t_run av --debug exec ssoprof3 -- true
t_is "xdg-open fails: status 0" "$T_RC" 0
t_like "xdg-open fails: logged" "$(cat "$T_ERR")" \
    "Failed to open browser: exit status 3"
t_is "xdg-open fails: one device flow" \
    "$(ops | grep -c StartDeviceAuthorization)" 1

# 14. The portal refuses the cached token, then the new one too: one new
# device flow, not a loop.
ctl '/stub/set?refuse=1'
: >"$work/log"
t_run av exec ssoprof4 -- true
t_is "refused: status 1" "$T_RC" 1
t_is "refused: the calls" "$(ops)" \
    "GetRoleCredentials refused 333333333333 Admin tok#5
$REG
StartDeviceAuthorization started $URL clientId,clientSecret,startUrl
CreateToken issued $GRANT tok#6
GetRoleCredentials refused 333333333333 Admin tok#6"
t_is "refused: the portal's words" "$(tail -n 1 "$T_ERR")" \
    "aws-vault: error: exec: Failed to get credentials for ssoprof4: sso:GetRoleCredentials: UnauthorizedException: Session token not found or invalid"
ctl '/stub/set?refuse=0&approve_after=-1'

t_done
