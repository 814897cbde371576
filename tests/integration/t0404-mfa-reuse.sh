#!/bin/sh
# The TOTP reuse guard: a code AWS already accepted is not sent again in
# the same window; the user is told when the next one appears and a fresh
# code is fetched instead.  The clock is pinned one second before a
# 30-second step ends, so the waits are short.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"
t_own_keyring "$@"
moto_need
t_setup
moto_start
work=$(mktemp -d "${TMPDIR:-/tmp}/avreuse.XXXXXX")
t_at_exit "rm -rf '$work'"
moto_user alice alice
# The "authenticator" gives the codes listed in $work/codes, one per call.
cat > "$work/mfa.sh" <<MFA
#!/bin/sh
code=\$(head -n 1 "$work/codes")
sed -i 1d "$work/codes"
echo asked >> "$work/asked"
echo "\$code"
MFA
chmod +x "$work/mfa.sh"
cat > "$AWS_CONFIG_FILE" <<CONF
[profile alice]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/alice
mfa_process = $work/mfa.sh
CONF
moto_proxy "$work/log"
export AWS_ENDPOINT_URL="$PROXY_URL"
export AWS_VAULT_TEST_NOW=2026-11-30T10:00:29Z

printf '123456\n' > "$work/codes"
t_ok "first use of a code" sh -c '"$AV_BIN" export alice >/dev/null'
av clear >/dev/null

# Same code again in the same window: told, then asked again.
printf '123456\n654321\n' > "$work/codes"
: > "$work/asked"
: > "$work/log"
err=$("$AV_BIN" export alice 2>&1 >/dev/null); rc=$?
t_is "a reused code is replaced by a fresh one" "$rc" 0
t_like "the user is told when the next code appears" "$err" \
    "this code was already used; the next one appears in 1 s"
t_is "the authenticator was asked twice" "$(wc -l < "$work/asked")" 2
t_is "STS saw only the fresh code (one call)" \
    "$(grep -c GetSessionToken "$work/log")" 1
av clear >/dev/null

# An authenticator that keeps giving the used code: a clear failure.
printf '654321\n654321\n654321\n' > "$work/codes"
: > "$work/log"
err=$("$AV_BIN" export alice 2>&1 >/dev/null); rc=$?
t_is "only used codes: status 1" "$rc" 1
t_like "only used codes: says so" "$err" "every code offered was already used"
t_is "only used codes: nothing sent to STS" "$(grep -c GetSessionToken "$work/log")" 0

# --mfa-token with a used code fails at once, before AWS sees it.
: > "$work/log"
err=$("$AV_BIN" export --mfa-token 654321 alice 2>&1 >/dev/null); rc=$?
t_is "--mfa-token reuse: status 1" "$rc" 1
t_like "--mfa-token reuse: the message" "$err" \
    "MFA code from --mfa-token: this code was already used; the next one appears in 1 s"
t_is "--mfa-token reuse: nothing sent to STS" \
    "$(grep -c GetSessionToken "$work/log")" 0

# Outside the window the same code may be sent again.
printf '654321\n' > "$work/codes"
: > "$work/log"
t_ok "the same code two minutes later is accepted" sh -c \
    'AWS_VAULT_TEST_NOW=2026-11-30T10:02:29Z "$AV_BIN" export alice >/dev/null'
t_is "... and sent, once" \
    "$(grep -c 'GetSessionToken.*TokenCode' "$work/log")" 1

# Full-width digits and spaces from the authenticator are normalised.
av clear >/dev/null
printf '\357\274\221\357\274\222\357\274\223 \357\274\224\357\274\225\357\274\226\n' > "$work/codes"
: > "$work/log"
t_ok "full-width digits are accepted" sh -c '"$AV_BIN" export alice >/dev/null'
t_is "and sent once" "$(grep -c 'GetSessionToken.*TokenCode' "$work/log")" 1
av clear >/dev/null
printf '12345\n' > "$work/codes"
: > "$work/log"
err=$("$AV_BIN" export alice 2>&1 >/dev/null); rc=$?
t_is "a 5-digit code: status 1" "$rc" 1
t_like "a 5-digit code: refused" "$err" "MFA code must be 6 digits"
t_is "... before AWS sees it" "$(grep -c GetSessionToken "$work/log")" 0

t_done
