#!/bin/sh
# exec and export with real STS sessions from moto: GetSessionToken for a
# user, AssumeRole for a role profile, the session cache reused, the AWS
# CLI as the consumer of exec's environment and of credential_process.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
command -v aws >/dev/null 2>&1 || t_skip_all "the AWS CLI is not installed"
t_setup
moto_start
moto_env

moto_user --admin alice
moto_role admin
cat > "$AWS_CONFIG_FILE" <<CONF
[default]
region = us-east-1

[profile alice]

[profile admin]
source_profile = alice
role_arn = arn:aws:iam::123456789012:role/admin
role_session_name = t0400

[profile cp]
region = us-east-1
credential_process = $AV_BIN export --no-session --format=json alice
CONF

out=$(env AWS_ACCESS_KEY_ID="$USER_KEY_ID" \
    AWS_SECRET_ACCESS_KEY="$USER_SECRET" \
    "$AV_BIN" add --env --no-add-config alice)
t_is "add --env stores alice's key" "$out" \
    'Added credentials to profile "alice" in vault'

# A GetSessionToken session: moto answers with its fixed example session.
out=$(av exec alice -- sh -c 'echo "$AWS_ACCESS_KEY_ID $AWS_VAULT"; [ -n "$AWS_SESSION_TOKEN" ] && echo token')
t_is "exec alice gets a session" "$out" "AKIAIOSFODNN7EXAMPLE alice
token"
t_ok "the session is cached under the Go key" \
    sh -c "ls '$AWS_VAULT_FILE_DIR' | grep -q '^sts.GetSessionToken,YWxpY2U,,[0-9]*$'"
json=$(av export --format=json alice)
t_like "export json has a SessionToken" "$json" '"SessionToken": "AQoEXAMPLE'
t_like "export json has an Expiration" "$json" '"Expiration": "20'

# --profile-env: credentials are fetched (and cached) but not injected;
# the child gets AWS_PROFILE instead.
out=$(av exec --profile-env alice -- sh -c 'echo "$AWS_PROFILE ${AWS_ACCESS_KEY_ID:-none} ${AWS_SESSION_TOKEN:-none} $AWS_VAULT"')
t_is "exec --profile-env sets AWS_PROFILE only" "$out" "alice none none alice"
out=$(AWS_VAULT_PROFILE_ENV=true av exec alice -- sh -c 'echo "$AWS_PROFILE ${AWS_ACCESS_KEY_ID:-none}"')
t_is "AWS_VAULT_PROFILE_ENV=true does the same" "$out" "alice none"

# No session: the long-term key itself, seen by the AWS CLI.
arn=$(av exec --no-session alice -- aws sts get-caller-identity --query Arn --output text)
t_is "exec --no-session: the CLI is alice" "$arn" "arn:aws:iam::123456789012:user/alice"

# A role profile: AssumeRole straight from alice's key (spec 6.3).
arn=$(av exec admin -- aws sts get-caller-identity --query Arn --output text)
t_is "exec admin: the CLI is the assumed role" "$arn" \
    "arn:aws:sts::123456789012:assumed-role/admin/t0400"

# credential_process consumed by the AWS CLI.
arn=$(aws sts get-caller-identity --profile cp --query Arn --output text)
t_is "credential_process with the AWS CLI" "$arn" "arn:aws:iam::123456789012:user/alice"

# Under SigV4 enforcement the right key works and a wrong one is refused.
moto_auth_on
arn=$(av exec admin -- aws sts get-caller-identity --query Arn --output text)
t_is "auth on: exec admin still works" "$arn" \
    "arn:aws:sts::123456789012:assumed-role/admin/t0400"
env AWS_ACCESS_KEY_ID="$USER_KEY_ID" AWS_SECRET_ACCESS_KEY=wrongwrongwrong \
    "$AV_BIN" add --env --no-add-config alice >/dev/null
err=$(av exec admin -- true 2>&1); rc=$?
t_is "a wrong secret fails with status 1" "$rc" 1
t_like "the error names the operation and AWS code" "$err" \
    "aws-vault: error: exec: Failed to get credentials for admin: sts:AssumeRole: SignatureDoesNotMatch"
moto_auth_off

t_done
