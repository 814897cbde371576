#!/bin/sh
# t0100-aws-moto.sh: the AWS layer (SigV4, HTTP over libcurl, STS and IAM
# clients) against moto_server, driven through the aws-call tool.  First
# with auth off: every STS call and the IAM calls rotate needs.  Then with
# auth enforcement on: the right key is accepted, a wrong secret and an
# unknown key are refused in AWS's words, role credentials with a session
# token are accepted (and refused without it), an AccessDenied reads
# "sts:AssumeRole: AccessDenied: ...", and the rotate sequence works.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"

: "${AV_TOOLS_DIR:=$AV_SOURCE_ROOT/build/tests/tools}"
AC="$AV_TOOLS_DIR/aws-call"
[ -x "$AC" ] || t_skip_all "aws-call is not built ($AC)"
moto_need
t_setup
moto_start
moto_env
ACCT=123456789012

# as KEY SECRET TOKEN ARGS...: aws-call with those credentials; output and
# errors together, exit status in $RC.
as() {
	_k=$1 _s=$2 _t=$3
	shift 3
	OUT=$(env AWS_ACCESS_KEY_ID="$_k" AWS_SECRET_ACCESS_KEY="$_s" \
	    AWS_SESSION_TOKEN="$_t" "$AC" "$@" 2>&1)
	RC=$?
}
# field NAME: the value of NAME=... in $OUT.
field() { printf '%s\n' "$OUT" | sed -n "s/^$1=//p"; }
# near_now_plus SECONDS: the Expiration in $OUT is now + SECONDS (+-60 s).
near_now_plus() {
	_exp=$(date -u -d "$(field Expiration)" +%s) || return 1
	_off=$((_exp - $(date +%s) - $1))
	[ "$_off" -ge -60 ] && [ "$_off" -le 60 ]
}
is_rc() { [ "$RC" = "$1" ]; }

# --- auth off -------------------------------------------------------------
as testing testing "" sts get-caller-identity
t_is "GetCallerIdentity reaches STS signed" "$(field Arn)" \
    "arn:aws:sts::$ACCT:user/moto"

as testing testing "" sts get-session-token duration=900
t_is "GetSessionToken returns moto's fixed key" "$(field AccessKeyId)" \
    AKIAIOSFODNN7EXAMPLE
t_ok "GetSessionToken expiration is now + DurationSeconds" near_now_plus 900
as testing testing "" sts get-session-token duration=3600 \
    serial=arn:aws:iam::$ACCT:mfa/alice code=123456
t_ok "GetSessionToken with SerialNumber and TokenCode" is_rc 0

moto_py "$ACCT" <<'EOF'
acct = sys.argv[1]
allow = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})
def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal},
         "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity",
                    "sts:TagSession", "sts:SetSourceIdentity"]}]})
iam.create_user(UserName="alice")
iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=allow)
iam.create_user(UserName="nopol")
iam.create_role(RoleName="r1", AssumeRolePolicyDocument=trust("*"))
iam.put_role_policy(RoleName="r1", PolicyName="all", PolicyDocument=allow)
iam.create_role(RoleName="r2", AssumeRolePolicyDocument=trust(
    "arn:aws:iam::%s:user/somebody-else" % acct))
EOF
t_ok "seeded users alice, nopol and roles r1, r2" test $? = 0

as testing testing "" --secrets iam create-access-key user=alice
AK_A=$(field AccessKeyId)
SK_A=$(field SecretAccessKey)
t_like "CreateAccessKey returns a key id" "$AK_A" AKIA
t_is "CreateAccessKey returns a 40-byte secret" "${#SK_A}" 40
t_is "CreateAccessKey status and user" "$(field Status) $(field UserName)" \
    "Active alice"
as testing testing "" --secrets iam create-access-key user=nopol
AK_N=$(field AccessKeyId)
SK_N=$(field SecretAccessKey)

as testing testing "" iam list-access-keys user=alice
t_is "ListAccessKeys lists the one key" \
    "$(printf '%s\n' "$OUT" | sed 's/ created=.*//')" \
    "count=1
key=$AK_A Active alice"
as "$AK_A" "$SK_A" "" iam get-user
t_is "GetUser without a name is the caller" "$(field UserName) $(field Arn)" \
    "alice arn:aws:iam::$ACCT:user/alice"
as testing testing "" iam get-access-key-last-used id="$AK_A"
t_is "GetAccessKeyLastUsed after a call" \
    "$(field UserName) $(field ServiceName) $(field Region)" \
    "alice iam us-east-1"

as testing testing "" sts assume-role arn=arn:aws:iam::$ACCT:role/r1 \
    session=tagged duration=900 tag=Project=unicorn transitive=Project \
    external-id=abc
t_like "AssumeRole with tags and an external id" "$(field AccessKeyId)" ASIA
t_ok "AssumeRole expiration is now + DurationSeconds" near_now_plus 900

as "" "" "" --secrets sts assume-role-with-web-identity \
    arn=arn:aws:iam::$ACCT:role/r1 session=web token=any-jwt
t_like "AssumeRoleWithWebIdentity, unsigned" "$(field AccessKeyId)" ASIA
WK=$(field AccessKeyId)
WS=$(field SecretAccessKey)
WT=$(field SessionToken)
as "$WK" "$WS" "$WT" sts get-caller-identity
t_is "the web identity credentials are the role's" "$(field Arn)" \
    "arn:aws:sts::$ACCT:assumed-role/r1/web"

as testing testing "" sts get-federation-token name=fed duration=1800 \
    'policy={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
t_is "GetFederationToken" "$RC $(field AccessKeyId)" \
    "0 AKIAIOSFODNN7EXAMPLE"

# --- auth on --------------------------------------------------------------
moto_auth_on
as "$AK_A" "$SK_A" "" sts get-caller-identity
t_is "auth on: the right key is accepted" "$(field Arn)" \
    "arn:aws:iam::$ACCT:user/alice"
as "$AK_A" "wrong$SK_A" "" sts get-caller-identity
t_like "auth on: a wrong secret is SignatureDoesNotMatch" "$RC $OUT" \
    "1 aws-call: sts:GetCallerIdentity: SignatureDoesNotMatch: "
as testing testing "" sts get-caller-identity
t_like "auth on: an unknown key is InvalidClientTokenId" "$RC $OUT" \
    "1 aws-call: sts:GetCallerIdentity: InvalidClientTokenId: "

as "$AK_A" "$SK_A" "" --secrets sts assume-role \
    arn=arn:aws:iam::$ACCT:role/r1 session=sess
RK=$(field AccessKeyId)
RS=$(field SecretAccessKey)
RT=$(field SessionToken)
as "$RK" "$RS" "$RT" sts get-caller-identity
t_is "auth on: role credentials with their session token are accepted" \
    "$(field Arn)" "arn:aws:sts::$ACCT:assumed-role/r1/sess"
as "$RK" "$RS" "" sts get-caller-identity
t_like "auth on: role credentials without the token are refused" "$OUT" \
    "sts:GetCallerIdentity: InvalidClientTokenId: "
as "$RK" "$RS" "$RT" sts assume-role arn=arn:aws:iam::$ACCT:role/r1 \
    session=chained
t_is "auth on: role chaining with session credentials" "$RC" 0
[ "$RC" = 0 ] || printf '%s\n' "$OUT" | sed 's/^/# /'
as "$AK_A" "$SK_A" "" sts assume-role arn=arn:aws:iam::$ACCT:role/r2 \
    session=denied
t_like "auth on: a trust policy refusal reads sts:AssumeRole: AccessDenied" \
    "$RC $OUT" "1 aws-call: sts:AssumeRole: AccessDenied: "
t_like "auth on: the AWS error code is reported" "$OUT" "code: AccessDenied"
as "$AK_N" "$SK_N" "" iam list-access-keys
t_like "auth on: a user without a policy gets iam AccessDenied" "$OUT" \
    "iam:ListAccessKeys: AccessDenied: "

# The rotate sequence: new key with the old, old deleted with the new.
as "$AK_A" "$SK_A" "" --secrets iam create-access-key
AK2=$(field AccessKeyId)
SK2=$(field SecretAccessKey)
t_is "auth on: CreateAccessKey for the calling user" "$(field UserName)" alice
as "$AK2" "$SK2" "" iam delete-access-key id="$AK_A"
t_is "auth on: the new key deletes the old one" "$OUT" deleted
as "$AK2" "$SK2" "" iam delete-access-key id="$AK_A"
t_like "deleting it again is NoSuchEntity" "$OUT" \
    "iam:DeleteAccessKey: NoSuchEntity: "
as "$AK_A" "$SK_A" "" sts get-caller-identity
t_like "the deleted key is refused" "$OUT" "InvalidClientTokenId"
as "$AK2" "$SK2" "" iam list-access-keys
t_is "one key is left" "$(printf '%s\n' "$OUT" | sed -n 1,2p |
    sed 's/ created=.*//')" "count=1
key=$AK2 Active alice"
moto_auth_off

t_done
