#!/bin/sh
# rotate against moto with SigV4 enforcement on: afterwards the old key is
# rejected and the stored new key works; one signing session (one MFA
# prompt, one GetSessionToken); a user with two keys is stopped; and a
# rotation killed with SIGKILL at each step leaves a working stored key
# and is finished by running rotate again.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
t_setup
moto_start
work=$(mktemp -d "${TMPDIR:-/tmp}/avrot.XXXXXX")
t_at_exit "rm -rf '$work'"

# moto_admin: moto_py with enforcement paused (its setup keys are fake).
AUTH=off
moto_admin() {
	[ "$AUTH" = on ] && moto_auth_off
	moto_py "$@"
	_rc=$?
	[ "$AUTH" = on ] && moto_auth_on
	return $_rc
}
auth() { AUTH=$1; if [ "$1" = on ]; then moto_auth_on; else moto_auth_off; fi; }

# seed_user NAME: a user allowed everything, with one key (USER_KEY_ID),
# stored as NAME.
seed_user() {
	[ "$AUTH" = on ] && moto_auth_off
	moto_user --admin "$1" "$1"
	[ "$AUTH" = on ] && moto_auth_on
}
stored_id() { av export --no-session --format=json "$1" | sed -n 's/.*"AccessKeyId": "\(.*\)".*/\1/p'; }
iam_keys() { moto_admin "$1" <<'PY'
print(" ".join(sorted(k["AccessKeyId"] for k in iam.list_access_keys(UserName=sys.argv[1])["AccessKeyMetadata"])))
PY
}
works() { av exec --no-session "$1" -- aws sts get-caller-identity --query Arn --output text 2>/dev/null; }
# rejected ID: a call signed with key id ID (and a dummy secret) gets
# InvalidClientTokenId, as it does once the key is gone.
rejected() {
	AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=x aws sts get-caller-identity 2>&1 |
	    grep -q InvalidClientTokenId
}
cat > "$AWS_CONFIG_FILE" <<CONF
[default]
region = us-east-1
CONF
export AWS_DEFAULT_REGION=us-east-1
moto_env

seed_user alice
old=$USER_KEY_ID
auth on
out=$(av rotate -n alice); rc=$?
t_is "rotate -n: status 0" "$rc" 0
new=$(stored_id alice)
m_old="****************$(echo "$old" | tail -c 5)"
m_new="****************$(echo "$new" | tail -c 5)"
t_is "rotate -n: the output" "$(echo "$out" | grep -v 'was last used')" \
    "Rotating credentials stored for profile 'alice' using master credentials (takes 10-20 seconds)
Creating a new access key
Created new access key $m_new
Deleting old access key $m_old
Deleted old access key $m_old
Finished rotating access key"
t_like "rotate -n: says when the old key was last used" "$out" \
    "Old access key $m_old was last used 20"
t_not "a new key is stored" [ "$new" = "$old" ]
t_is "IAM has only the new key" "$(iam_keys alice)" "$new"
t_is "the stored new key works" "$(works alice)" "arn:aws:iam::123456789012:user/alice"
t_ok "the old key is rejected" rejected "$old"

# Two keys already: stopped before anything changes.
moto_admin <<'PY' >/dev/null
iam.create_access_key(UserName="alice")
PY
before=$(iam_keys alice)
err=$(av rotate -n alice 2>&1); rc=$?
t_is "two keys: status 1" "$rc" 1
t_like "two keys: a clear message" "$err" "already has two access keys"
t_is "two keys: nothing changed in IAM" "$(iam_keys alice)" "$before"
t_is "two keys: the stored key is unchanged" "$(stored_id alice)" "$new"

# SIGKILL at each step, then rotate again.
for step in journal created stored sessions deleted; do
	u="k$step"
	seed_user "$u"
	o=$USER_KEY_ID
	AWS_VAULT_TEST_ROTATE_KILL=$step av rotate -n "$u" >/dev/null 2>&1
	t_is "killed at '$step': the stored key still works" "$(works "$u")" \
	    "arn:aws:iam::123456789012:user/$u"
	av rotate -n "$u" >"$work/out" 2>&1; rc=$?
	t_is "killed at '$step': rotate again finishes" "$rc" 0
	[ $rc -eq 0 ] || sed 's/^/# /' "$work/out"
	n=$(stored_id "$u")
	t_is "killed at '$step': IAM has one key, the stored one" "$(iam_keys "$u")" "$n"
	t_is "killed at '$step': it works" "$(works "$u")" \
	    "arn:aws:iam::123456789012:user/$u"
	t_ok "killed at '$step': the first key is rejected" rejected "$o"
done
auth off

# With a session: one MFA prompt and one GetSessionToken sign every IAM
# call.  moto's GetSessionToken returns a fixed fake key that IAM does not
# map back to the user (TEST-PEERS.md), so ListAccessKeys fails there with
# NoSuchEntity: the rotation must stop before changing anything.
seed_user bob
o=$USER_KEY_ID
moto_mfa_process "$work"
cat >> "$AWS_CONFIG_FILE" <<CONF

[profile bob]
mfa_serial = arn:aws:iam::123456789012:mfa/bob
mfa_process = $work/mfa.sh
CONF
moto_proxy "$work/log"
out=$(AWS_ENDPOINT_URL="$PROXY_URL" av rotate bob); rc=$?
t_like "rotate with a session: says so" "$out" "using a session from profile 'bob'"
t_is "one MFA prompt" "$(wc -l < "$work/asked")" 1
t_is "one GetSessionToken" "$(grep -c GetSessionToken "$work/log")" 1
t_is "the IAM call is signed with that session" \
    "$(grep -c 'ListAccessKeys.* signed' "$work/log")" 1
t_is "moto's fake session stops it (status 1)" "$rc" 1
t_is "nothing created" "$(grep -c CreateAccessKey "$work/log")" 0
t_is "bob's key is unchanged" "$(stored_id bob)" "$o"
t_is "nothing cached from the rotation" \
    "$(ls "$AWS_VAULT_FILE_DIR" | grep -c '^sts\.')" 0

t_done
