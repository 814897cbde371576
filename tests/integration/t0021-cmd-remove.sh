#!/bin/sh
# t0021-cmd-remove.sh: `aws-vault remove` (alias rm, spec 3.2): -f, the
# y|N confirmation on a real terminal (y, yes in any case and with blanks;
# anything else keeps the key and exits 0 in silence), the file backend's
# error for a missing key, cached sessions left alone, and the hidden
# legacy -s that deletes only a profile's sessions (Go-made store).
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
KEYS=$AWS_VAULT_FILE_DIR
printf '[profile a]\n' >"$AWS_CONFIG_FILE"

t_av_keys "$KEYS" a=AKIAREMOVETEST000001:s1 b=AKIAREMOVETEST000002:s2 \
    c=AKIAREMOVETEST000003:s3

t_run av remove -f a
t_is "remove -f: message, status 0" "$T_RC:$(cat "$T_OUT"):$(cat "$T_ERR")" \
    "0:Deleted credentials.:"
t_not "remove -f: the key file is gone" test -e "$KEYS/a"
t_run av rm --force b
t_is "rm --force" "$T_RC:$(cat "$T_OUT")" "0:Deleted credentials."
t_not "rm --force: gone" test -e "$KEYS/b"
t_run av remove -f nope
t_is "a missing key: the file backend's error" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: remove: remove $KEYS/nope: no such file or directory"
t_run av remove c
t_is "no -f and no terminal: an error" "$T_RC" 1
t_ok "... and the key is kept" test -e "$KEYS/c"
t_run av remove
t_is "the profile is required" "$(cat "$T_ERR")" \
    "aws-vault: error: required argument 'profile' not provided, try --help"

# --- sessions: -s deletes them, remove leaves them --------------------------
t_go_store
S_P1="$T_HOME/go/sts.GetSessionToken,cDE,,1796005026"
S_P3="$T_HOME/go/sts.GetSessionToken,cDM,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvcGVlcnVzZXI,1796005026"
t_go_run remove -s p1
t_is "remove -s: counts the deleted sessions" "$T_RC:$(cat "$T_OUT")" \
    "0:Deleted 1 sessions."
t_not "... p1's session is gone" test -e "$S_P1"
t_ok "... p1's key is kept" test -e "$T_HOME/go/p1"
t_ok "... p3's session is kept" test -e "$S_P3"
t_go_run rm --sessions-only p1
t_is "again: nothing left" "$(cat "$T_OUT")" "Deleted 0 sessions."
t_go_run remove -f p3
t_is "remove -f p3" "$(cat "$T_OUT")" "Deleted credentials."
t_ok "... leaves p3's cached session (as Go does)" test -e "$S_P3"
t_run av remove --help
t_like "remove --help lists its flags" "$(cat "$T_ERR")" "-f, --[no-]force"
t_unlike "... but not -s" "$(cat "$T_ERR")" "sessions-only"

# --- the confirmation on a terminal -------------------------------------
if ! t_have_pexpect; then
	t_skip "the confirmation on a terminal" "python3 pexpect is missing"
	t_done
fi
Q='Delete credentials for profile "k"? (y|N) '
# confirm ANSWER KEPT|DELETED
confirm() {
	t_av_keys "$KEYS" k=AKIAREMOVETEST000009:s9
	t_pty "$T_HOME/pty.log" "<$Q" ">$1" -- "$AV_BIN" remove k
	_rc=$?
	if [ -e "$KEYS/k" ]; then _st=kept; else _st=deleted; fi
	t_is "answer '$1': $2" "$_rc:$_st" "0:$2"
	case $2 in
	deleted) t_like "... Deleted credentials." "$(cat "$T_HOME/pty.log")" \
	    "Deleted credentials." ;;
	kept) t_is "... and nothing is printed" \
	    "$(sed "s/^.*(y|N) $1//" "$T_HOME/pty.log" | tr -d '\r\n')" "" ;;
	esac
}
confirm y deleted
confirm yes deleted
confirm ' YeS ' deleted
confirm Y deleted
confirm N kept
confirm n kept
confirm '' kept
confirm yep kept
confirm 'y y' kept
t_like "the question, %q-quoted" "$(cat "$T_HOME/pty.log")" "$Q"

t_done
