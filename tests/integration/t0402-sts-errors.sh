#!/bin/sh
# Bad answers from STS reach the user as one clear line with exit status 1
# and never cost a stored key; an expired or corrupt cached session is
# replaced by a fresh one.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
t_setup
moto_start
work=$(mktemp -d "${TMPDIR:-/tmp}/averr.XXXXXX")
t_at_exit "rm -rf '$work'"

moto_user alice alice
printf '[profile alice]\nregion = us-east-1\n' > "$AWS_CONFIG_FILE"

still_stored() { [ "$(av list --credentials)" = alice ]; }

# Every call goes through a counting proxy in front of moto, restarted
# with other options for each case.  Malformed XML with status 200.
moto_proxy "$work/r1" --fail-first 99 --status 200 --body '<GetSessionTokenResponse><Get'
export AWS_ENDPOINT_URL="$PROXY_URL"
err=$(av export alice 2>&1); rc=$?
t_is "malformed XML: status 1" "$rc" 1
t_like "malformed XML: one clear line" "$err" \
    "aws-vault: error: export: Failed to get credentials for alice: sts:GetSessionToken: malformed response"
t_is "malformed XML: one line only" "$(printf '%s\n' "$err" | wc -l)" 1
t_ok "malformed XML: the key is still stored" still_stored

# An AWS error document.
moto_proxy "$work/r2" --fail-first 99 --status 403 --body \
    '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed</Message></Error><RequestId>x</RequestId></ErrorResponse>'
err=$(av export alice 2>&1); rc=$?
t_is "AWS error: status 1" "$rc" 1
t_is "AWS error: operation, code and message" "$err" \
    "aws-vault: error: export: Failed to get credentials for alice: sts:GetSessionToken: AccessDenied: MultiFactorAuthentication failed"

# Throttled twice, then answered: retried.
moto_proxy "$work/r3" --fail-first 2 --status 400 --body \
    '<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>'
out=$(av export --format=json alice); rc=$?
t_is "throttling is retried" "$rc" 0
t_is "three attempts were made" "$(grep -c GetSessionToken "$work/r3")" 3
av clear alice >/dev/null

# Nothing listening: a network error, fast.
moto_proxy_stop
err=$(av export alice 2>&1); rc=$?
t_is "STS down: status 1" "$rc" 1
t_like "STS down: a network error naming the call" "$err" \
    "Failed to get credentials for alice: sts:GetSessionToken:"
t_ok "STS down: the key is still stored" still_stored

# A server that never answers: the (test-shortened) timeout fires.
moto_proxy "$work/r4" --delay 30
err=$(AWS_VAULT_TEST_HTTP_TIMEOUT_MS=300 av export alice 2>&1); rc=$?
t_is "hanging STS: status 1" "$rc" 1
t_like "hanging STS: says it timed out" "$err" "imed out"

# A cached session closer to expiry than AWS_MIN_TTL is replaced (the
# kernel keyring's mirror honours AWS_MIN_TTL too).
moto_proxy "$work/r5"
av export alice >/dev/null
AWS_MIN_TTL=2h av export alice >/dev/null
t_is "min TTL: a second GetSessionToken" "$(grep -c GetSessionToken "$work/r5")" 2
av export alice >/dev/null
t_is "fresh session reused" "$(grep -c GetSessionToken "$work/r5")" 2
t_is "one cached session" \
    "$(ls "$AWS_VAULT_FILE_DIR" | grep -c '^sts.GetSessionToken,')" 1

# A corrupt cached session is ignored and replaced (once the kernel
# keyring's mirror of it is gone too).
f=$(ls "$AWS_VAULT_FILE_DIR" | grep '^sts.GetSessionToken,')
printf 'garbage' > "$AWS_VAULT_FILE_DIR/$f"
t_forget_fast
out=$(av export --format=json alice); rc=$?
t_is "corrupt session: export still works" "$rc" 0
t_is "corrupt session: fetched again" "$(grep -c GetSessionToken "$work/r5")" 3
t_ok "corrupt session: the key is still stored" still_stored

t_done
