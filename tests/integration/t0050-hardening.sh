#!/bin/sh
# t0050-hardening.sh: the security properties of CONVENTIONS.md 5 and 9,
# seen from outside: the heavy libraries are not linked (dlopen only);
# the process is not dumpable, so another process of the same user cannot
# read its /proc files while it waits at a prompt (checked against a
# dumpable control); core dumps are off; --debug never shows a secret;
# a key file others can read is refused with the chmod that fixes it; a
# wrong passphrase is one line, status 1, and changes nothing.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
PASS='Hardening-Passphrase-1f2e3d'
export AWS_VAULT_FILE_PASSPHRASE="$PASS"
ID=AKIAHARDENTEST000001
SECRET=hardenSecret/Key+QX7v0000000000000000001
printf '[profile p]\nregion=eu-west-1\n' >"$AWS_CONFIG_FILE"

# --- linking -----------------------------------------------------------------
if command -v readelf >/dev/null 2>&1; then
	NEEDED=$(readelf -d "$AV_BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	t_like "readelf lists the needed libraries" "$NEEDED" "libc.so"
	for lib in libcurl libsecret libglib libgio libgobject libmicrohttpd \
	    libgnutls libssl libcrypto; do
		t_unlike "$lib is not NEEDED" " $(echo $NEEDED)" " $lib"
	done
else
	t_skip "the heavy libraries are not NEEDED" "readelf is not installed"
fi

# --- --debug shows no secret ----------------------------------------------
# nosecret DESC FILE: none of the secrets of this test is in FILE.
nosecret() {
	_hit=""
	for _s in "$SECRET" "$PASS" "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT" \
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY" \
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"; do
		grep -qF -- "$_s" "$2" && _hit="$_hit $_s"
	done
	t_is "$1" "$_hit" ""
}
t_run env AWS_ACCESS_KEY_ID="$ID" AWS_SECRET_ACCESS_KEY="$SECRET" \
    "$AV_BIN" --debug add --env p
t_like "add --debug logs" "$(cat "$T_ERR")" "aws-vault "
nosecret "add --debug: no secret in the log" "$T_ERR"
t_run av --debug export -n p
t_like "export --debug logs, and prints the key" "$(cat "$T_OUT")" "$SECRET"
nosecret "export --debug: no secret in the log" "$T_ERR"
t_run av --debug exec -n p -- true
t_is "exec --debug" "$T_RC" 0
nosecret "exec --debug: no secret in the log" "$T_ERR"
t_run av --debug export -n p --format=json --mfa-token 654321
t_is "... nor the MFA code" "$(grep -c 654321 "$T_ERR")" 0
# The Go tool's cached sessions: their secret and token must not leak.
t_go_store
for cmd in "export p1" "exec p3 -- true" "export --format=json org/dev"; do
	# shellcheck disable=SC2086
	t_go_run --debug $cmd
	t_is "$cmd --debug with a cached session: status 0" "$T_RC" 0
	nosecret "$cmd --debug: no secret, no token in the log" "$T_ERR"
done

# --- key files others can read ---------------------------------------------------
KEY=$AWS_VAULT_FILE_DIR/p
cp -p "$KEY" "$T_HOME/p.before"
for mode in 640 604 660; do
	chmod "$mode" "$KEY"
	t_run av export -n p
	t_is "mode $mode: refused, status 1, nothing on stdout" \
	    "$T_RC:$(cat "$T_OUT")" "1:"
	t_like "... the message names the file" "$(cat "$T_ERR")" "$KEY"
	t_like "... and the fix" "$(cat "$T_ERR")" "chmod 600"
done
chmod 600 "$KEY"
t_run av export -n p
t_is "mode 600 again: accepted" "$T_RC" 0

# --- the wrong passphrase ----------------------------------------------------------
mkdir "$T_HOME/before"
cp -p "$AWS_VAULT_FILE_DIR"/* "$T_HOME/before/"
t_run env AWS_VAULT_FILE_PASSPHRASE=wrong "$AV_BIN" export -n p
t_is "wrong passphrase: status 1, one line, nothing on stdout" \
    "$T_RC:$(wc -l <"$T_ERR"):$(cat "$T_OUT")" "1:1:"
t_like "... an export error" "$(cat "$T_ERR")" "aws-vault: error: export: "
t_run env AWS_VAULT_FILE_PASSPHRASE=wrong AWS_ACCESS_KEY_ID=AKIAX \
    AWS_SECRET_ACCESS_KEY=y "$AV_BIN" add --env p
t_is "add with the wrong passphrase: status 1, one line" \
    "$T_RC:$(wc -l <"$T_ERR")" "1:1"
t_run env AWS_VAULT_FILE_PASSPHRASE=wrong AWS_ACCESS_KEY_ID=AKIAX \
    AWS_SECRET_ACCESS_KEY=y "$AV_BIN" add --env --no-add-config other
t_is "add of a new key with the wrong passphrase is refused too" "$T_RC" 1
t_ok "the store is unchanged" diff -r "$T_HOME/before" "$AWS_VAULT_FILE_DIR"

# --- not dumpable: /proc of a waiting process ------------------------------------
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1 ||
    ! t_have_pexpect; then
	t_skip "/proc of a waiting process" \
	    "needs root, setpriv and python3 pexpect"
	t_done
fi
U=65534
chmod 711 "$T_HOME"
NB=$T_HOME/nobody
mkdir -m 700 "$NB"
cp "$AV_BIN" "$NB/aws-vault"
printf '[profile p]\n' >"$NB/config"
chown -R "$U:$U" "$NB"
AS_NOBODY="setpriv --reuid=$U --regid=$U --clear-groups --"
# probe NAME: what another process of uid 65534 sees of $T_PTY_PID.
PROBE='p=/proc/$T_PTY_PID; n=$0
stat -c %u "$p/environ" >"$n.owner"
if '"$AS_NOBODY"' cat "$p/environ" >/dev/null 2>&1; then echo readable; else echo unreadable; fi >"$n.read"
if '"$AS_NOBODY"' cat "$p/maps" >/dev/null 2>&1; then echo readable; else echo unreadable; fi >"$n.maps"
sed -n "s/^Max core file size *\([0-9a-z]*\).*/\1/p" "$p/limits" >"$n.core"'
# The control: a dumpable program of that user, waiting on the terminal.
t_pty "$T_HOME/ctl.log" "!sh -c '$PROBE' $T_HOME/ctl" '>x' -- \
    $AS_NOBODY sh -c 'read x'
t_is "control (a plain process of uid $U): /proc is its own" \
    "$(cat "$T_HOME/ctl.owner"):$(cat "$T_HOME/ctl.read")" "$U:readable"
t_pty "$T_HOME/av.log" '<Enter Access Key ID: ' "!sh -c '$PROBE' $T_HOME/av" \
    ">$ID" '<Enter Secret Access Key: ' ">$SECRET" '<leave this blank): ' \
    '>' '<in vault' -- $AS_NOBODY env HOME="$NB" AWS_CONFIG_FILE="$NB/config" \
    AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR="$NB/keys" \
    AWS_VAULT_FILE_PASSPHRASE="$PASS" "$NB/aws-vault" add p
t_is "aws-vault as uid $U, waiting at a prompt, then done" "$?" 0
t_is "its /proc files belong to root (not dumpable)" \
    "$(cat "$T_HOME/av.owner")" 0
t_is "its environment cannot be read by its own user" \
    "$(cat "$T_HOME/av.read")" unreadable
t_is "nor its memory map" "$(cat "$T_HOME/av.maps")" unreadable
t_is "core dumps are off (RLIMIT_CORE 0)" "$(cat "$T_HOME/av.core")" 0
t_ok "the key was stored" test -s "$NB/keys/p"

t_done
