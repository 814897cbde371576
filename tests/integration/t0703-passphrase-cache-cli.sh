#!/bin/sh
# t0703-passphrase-cache-cli.sh: the file passphrase cache through the
# real CLI, on a real terminal (pexpect), in a user keyring of its own.
# With --file-passphrase-ttl / AWS_VAULT_FILE_PASSPHRASE_TTL a typed
# passphrase that opened an item is remembered in the kernel user keyring
# (key "aws-vault:file-passphrase:<sha256 of the real key dir>") with a
# kernel timeout, and later runs need no prompt until it runs out; a wrong
# one, one from AWS_VAULT_FILE_PASSPHRASE, one that opened nothing (a new
# store) and any without a TTL are never cached; a cached one the store
# rejects is dropped; `aws-vault lock [--all]` forgets at once.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_own_keyring "$@"
t_have_pexpect || t_skip_all "python3 has no pexpect"
command -v sha256sum >/dev/null 2>&1 || t_skip_all "sha256sum is not installed"
t_setup
unset AWS_VAULT_FILE_PASSPHRASE
keyctl link @u @s >/dev/null	# the shell can see and read @u's keys

PP='correct horse battery'
KEYS=$AWS_VAULT_FILE_DIR
OTHER=$T_HOME/other-keys
LOG=$T_HOME/pty.log
EXPORT_P='{
  "Version": 1,
  "AccessKeyId": "AKIAPASSCACHETEST001",
  "SecretAccessKey": "passCacheSecret/0000000000000000000000001"
}'

# desc DIR: the kernel key description of DIR's cached passphrase.
desc() {
	printf 'aws-vault:file-passphrase:%s' "$(printf '%s' \
	    "$(realpath "$1")" | sha256sum | cut -d' ' -f1)"
}
# cached DIR: print the cached passphrase of DIR; fails when none.
cached() {
	_id=$(keyctl search @u user "$(desc "$1")" 2>/dev/null) &&
	    keyctl pipe "$_id"
}
is_cached() { cached "$1" >/dev/null; }
# typed TTL STEP...: export p on a terminal, answering the prompt(s).
typed() {
	_ttl=$1; shift
	t_pty "$LOG" "$@" -- "$AV_BIN" ${_ttl:+--file-passphrase-ttl=$_ttl} \
	    export --no-session --format=json p
}
# quiet TTL: export p with no terminal at all (a prompt fails at once).
quiet() {
	t_run av ${1:+--file-passphrase-ttl=$1} export --no-session \
	    --format=json p
}
prompt="Enter passphrase to unlock \"$KEYS\": "

# A store made with the passphrase from the environment.
AWS_VAULT_FILE_PASSPHRASE=$PP t_av_keys "$KEYS" \
    p=AKIAPASSCACHETEST001:passCacheSecret/0000000000000000000000001
AWS_VAULT_FILE_PASSPHRASE=$PP t_run av --file-passphrase-ttl=1m \
    export --no-session --format=json p
t_is "with the passphrase in the environment: the credentials" \
    "$T_RC:$(cat "$T_OUT")" "0:$EXPORT_P"
t_not "a passphrase from the environment is not cached" is_cached "$KEYS"

# --- without a TTL nothing is cached ----------------------------------
typed "" "<$prompt" ">$PP"
t_is "no TTL: the typed passphrase opens the store" "$?" 0
t_not "no TTL: nothing cached" is_cached "$KEYS"
quiet ""
t_is "no TTL: the next run asks again (and fails with no terminal)" \
    "$T_RC" 1

# --- typed once, no prompt within the TTL, expired after it -----------
typed 2s "<$prompt" ">$PP"
t_is "TTL 2s: the typed passphrase opens the store" "$?" 0
t_like "TTL 2s: the credentials were printed" "$(cat "$LOG")" \
    '"AccessKeyId": "AKIAPASSCACHETEST001"'
t_is "the passphrase is cached under the key dir's name" \
    "$(cached "$KEYS")" "$PP"
t_match "the cached key has a kernel timeout (2 s)" \
    "$(t_key_timeout "$(keyctl search @u user "$(desc "$KEYS")")")" '[0-2]s'
quiet 2s
t_is "within the TTL: no prompt, no terminal needed" \
    "$T_RC:$(cat "$T_OUT")" "0:$EXPORT_P"
t_is "within the TTL: nothing on stderr" "$(cat "$T_ERR")" ""
t_run av --debug --file-passphrase-ttl=2s export --no-session \
    --format=json p
t_like "--debug says where the passphrase came from" "$(cat "$T_ERR")" \
    "file passphrase from the kernel keyring cache"
t_not "--debug never shows the passphrase" grep -q "$PP" "$T_ERR"
quiet ""
t_is "without the flag the cache is not read" "$T_RC" 1
sleep 3
t_not "after the TTL the kernel dropped it" is_cached "$KEYS"
quiet 2s
t_is "after the TTL: asked again (fails with no terminal)" "$T_RC" 1
t_like "after the TTL: the prompt fails" "$(cat "$T_ERR")" \
    "aws-vault: error: export: Failed to get credentials for p: "

# --- the environment variable sets the TTL too ------------------------
AWS_VAULT_FILE_PASSPHRASE_TTL=1m typed "" "<$prompt" ">$PP"
t_is "AWS_VAULT_FILE_PASSPHRASE_TTL=1m: opens the store" "$?" 0
t_is "AWS_VAULT_FILE_PASSPHRASE_TTL=1m: cached" "$(cached "$KEYS")" "$PP"
AWS_VAULT_FILE_PASSPHRASE_TTL=1m quiet ""
t_is "AWS_VAULT_FILE_PASSPHRASE_TTL=1m: no prompt next time" \
    "$T_RC:$(cat "$T_OUT")" "0:$EXPORT_P"

# --- lock -------------------------------------------------------------
t_run av lock
t_is "lock forgets the cached passphrase" "$T_RC:$(cat "$T_OUT")" \
    "0:Forgot the cached passphrase for $KEYS"
t_not "lock: it is gone from the kernel keyring" is_cached "$KEYS"
quiet 1m
t_is "after lock the next run asks again" "$T_RC" 1
t_run av lock
t_is "lock with nothing cached says so, exit 0" \
    "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" "0:No cached passphrase for $KEYS"
t_run av --backend=pass lock
t_is "lock ignores --backend: it names the file key dir" \
    "$T_RC:$(cat "$T_OUT")" "0:No cached passphrase for $KEYS"

# --- a wrong passphrase is never cached -------------------------------
typed 1m "<$prompt" ">wrong $PP"
rc=$?
t_is "a wrong passphrase fails" "$rc" 1
t_like "with the Go error" "$(cat "$LOG")" "integrity check failed"
t_not "a wrong passphrase is not cached" is_cached "$KEYS"
quiet 1m
t_is "so the next run asks again" "$T_RC" 1

# --- add with a TTL: the passphrase checked against an existing item ---
t_pty "$LOG" "<$prompt" ">$PP" -- env AWS_ACCESS_KEY_ID=AKIAPASSCACHETEST002 \
    AWS_SECRET_ACCESS_KEY=secret2 "$AV_BIN" --file-passphrase-ttl=1m \
    add --env --no-add-config q
t_is "add: the typed passphrase opened an existing item" "$?" 0
t_is "add: so it is cached" "$(cached "$KEYS")" "$PP"
t_run av --file-passphrase-ttl=1m export --no-session --format=json q
t_like "the item add wrote reads back with no prompt" "$T_RC:$(cat "$T_OUT")" \
    '0:{
  "Version": 1,
  "AccessKeyId": "AKIAPASSCACHETEST002"'

# --- a new store: the first passphrase opened nothing, is not cached --
t_pty "$LOG" "<Enter passphrase to unlock \"$OTHER\": " ">other pp" -- \
    env AWS_ACCESS_KEY_ID=AKIAPASSCACHETEST003 AWS_SECRET_ACCESS_KEY=s3 \
    AWS_VAULT_FILE_DIR="$OTHER" "$AV_BIN" --file-passphrase-ttl=1m \
    add --env --no-add-config r
t_is "add to a new store succeeds" "$?" 0
t_not "the first passphrase of a new store is not cached" is_cached "$OTHER"

# --- a cached passphrase the store rejects is dropped -----------------
printf 'stale passphrase' | "$AV_TOOLS_DIR/kr-tool" passcache-put "$KEYS" 60
t_is "a stale passphrase is planted" "$(cached "$KEYS")" "stale passphrase"
quiet 1m
t_is "the stale passphrase fails" "$T_RC" 1
t_like "with the Go error" "$(cat "$T_ERR")" "integrity check failed"
t_not "and is dropped from the cache" is_cached "$KEYS"
typed 1m "<$prompt" ">$PP"
t_is "the next run asks; the right passphrase works" "$?" 0
t_is "and is cached" "$(cached "$KEYS")" "$PP"

# --- lock --all -------------------------------------------------------
printf 'other pp' | "$AV_TOOLS_DIR/kr-tool" passcache-put "$OTHER" 60
t_run av lock --all
t_is "lock --all forgets every cached passphrase" "$T_RC:$(cat "$T_OUT")" \
    "0:Forgot 2 cached passphrases"
t_not "lock --all: the first is gone" is_cached "$KEYS"
t_not "lock --all: the second is gone" is_cached "$OTHER"
t_run av lock --all
t_is "lock --all with nothing cached" "$T_RC:$(cat "$T_OUT")" \
    "0:Forgot 0 cached passphrases"

t_done
