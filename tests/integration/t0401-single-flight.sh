#!/bin/sh
# Single-flight: 32 concurrent `export` calls for the same MFA session make
# exactly one GetSessionToken call and ask for exactly one MFA code; a
# lock holder killed with SIGKILL does not block the next caller.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
t_setup
moto_start
work=$(mktemp -d "${TMPDIR:-/tmp}/avflight.XXXXXX")
t_at_exit "rm -rf '$work'"

moto_user alice alice

# The MFA "prompt" counts how often it is asked in $work/asked.
moto_mfa_process "$work"
cat > "$AWS_CONFIG_FILE" <<CONF
[profile alice]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/alice
mfa_process = $work/mfa.sh
CONF

moto_proxy "$work/requests"
export AWS_ENDPOINT_URL="$PROXY_URL"

pids=
i=1
while [ $i -le 32 ]; do
	"$AV_BIN" export --format=json alice > "$work/out.$i" 2> "$work/err.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
failed=0
for p in $pids; do wait "$p" || failed=$((failed + 1)); done

t_is "32 callers, one GetSessionToken" \
    "$(grep -c GetSessionToken "$work/requests")" 1
t_is "32 callers, one MFA prompt" "$(wc -l < "$work/asked")" 1
t_is "every caller exits 0" "$failed" 0
t_is "every caller printed a session" \
    "$(grep -l '"SessionToken"' "$work"/out.* | wc -l)" 32
t_is "every caller printed the same session" \
    "$(cat "$work"/out.* | grep -E 'AccessKeyId|SessionToken|Expiration' | sort -u | wc -l)" 3
# Waiters may say why they wait (after a second); none may fail.
t_is "no caller failed" "$(cat "$work"/err.* | grep -v '^waiting for another aws-vault')" ""
t_is "one cached session" \
    "$(ls "$AWS_VAULT_FILE_DIR" | grep -c '^sts.GetSessionToken,')" 1

# A holder killed in the middle of its STS call releases the lock.
av clear >/dev/null
moto_proxy "$work/requests2" --delay 2
"$AV_BIN" export --format=json alice > /dev/null 2>&1 &
holder=$!
i=0
until grep -q GetSessionToken "$work/requests2" 2>/dev/null || [ $i -gt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
kill -9 "$holder"
wait "$holder" 2>/dev/null
out=$(timeout 20 "$AV_BIN" export --format=json alice); rc=$?
t_is "after SIGKILL of the holder the next caller gets a session" "$rc" 0
t_like "and prints it" "$out" '"SessionToken"'

t_done
