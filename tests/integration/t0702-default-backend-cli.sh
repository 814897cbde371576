#!/bin/sh
# t0702-default-backend-cli.sh: the keystore the real CLI uses when none
# is named (no --backend, no AWS_VAULT_BACKEND): a deliberate difference
# from Go, which opens one backend and fails (spec 11.1).  No session bus:
# file (or pass when an initialised store and the program are there); a
# bus with no provider, or a provider that does not answer: file, within
# seconds; gnome-keyring up: secret-service.  Each time the credentials
# written by `add` are checked in the chosen store with its own tool, and
# --debug says what was chosen and why the others were not.  D-Bus is
# never autolaunched (a dbus-launch on PATH is never run).  An explicit
# choice is obeyed exactly, even when it fails.  Every call is bounded
# with timeout.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need dbus-run-session gnome-keyring-daemon secret-tool gdbus pass gpg \
    gpgconf keyctl unshare
peers_need_backend secret-service
t_own_keyring "$@"
peers_home
unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR DISPLAY AWS_VAULT_BACKEND
export AWS_VAULT_FILE_PASSPHRASE=t0702-pp AWS_VAULT_DISABLE_HELP_MESSAGE=1
KEYS="$HOME/.awsvault/keys"
ID=AKIADEFAULTEXAMPLE01
SK='defaultBackend/Secret+000000000000000001'
DATA='{"AccessKeyID":"'$ID'","SecretAccessKey":"'$SK'","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z","AccountID":""}'
ITEM='{"Key":"p","Data":"'$(printf '%s' "$DATA" | base64 -w0)'","Label":"aws-vault (p)","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}'

# add_p [ARGS...]: `aws-vault --debug [ARGS] add --env --no-add-config p`
# with no terminal; stdout, stderr (the debug log), status in T_*.  Kept
# in a file, for the scripts run on a private bus to use too.
cat > "$T_HOME/add_p.sh" <<EOF
add_p() {
	t_run env AWS_ACCESS_KEY_ID='$ID' AWS_SECRET_ACCESS_KEY='$SK' \\
	    timeout 60 "\$AV_BIN" --debug "\$@" add --env --no-add-config p
}
EOF
. "$T_HOME/add_p.sh"
keyctl link @u @s >/dev/null	# the shell can read @u's keys
added='Added credentials to profile "p" in vault'
in_file() {
	[ -f "$KEYS/p" ] && python3 \
	    "$AV_SHARED_TESTDATA/go-file-backend/decrypt.py" "$KEYS/p" \
	    "$AWS_VAULT_FILE_PASSPHRASE" | sed -n 2p
}
reset() { rm -rf "$KEYS" "$HOME/.password-store/p.gpg"; }

# ---- no session bus, no pass store: file ------------------------------
add_p
t_is "no bus, no pass store: add succeeds" "$T_RC:$(cat "$T_OUT")" "0:$added"
t_is "the item is in the file store's default dir" "$(in_file)" "$ITEM"
t_like "--debug: why not secret-service" "$(cat "$T_ERR")" \
    "[keyring] not using secret-service: secret-service: no D-Bus session bus"
t_like "--debug: why not pass" "$(cat "$T_ERR")" \
    "[keyring] not using pass: no pass store at $HOME/.password-store (no .gpg-id)"
t_like "--debug: what was chosen" "$(cat "$T_ERR")" \
    "[keyring] using backend file (first that works here)"
t_not "--debug: keyctl is never a default" grep -q keyctl "$T_ERR"
t_not "--debug never shows the secret" grep -q "$SK" "$T_ERR"
t_run timeout 60 "$AV_BIN" export --no-session --format=json p
t_like "and it is read back from there" "$T_RC:$(cat "$T_OUT")" \
    "0:{
  \"Version\": 1,
  \"AccessKeyId\": \"$ID\","
reset

# ---- never autolaunch: a display and a dbus-launch on PATH -------------
cat > "$HOME/bin/dbus-launch" <<EOF
#!/bin/sh
echo "\$*" >> "$HOME/dbus-launch-ran"
exit 1
EOF
chmod 755 "$HOME/bin/dbus-launch"
DISPLAY=:0 add_p
t_is "a display but no bus: file" "$T_RC:$(in_file)" "0:$ITEM"
t_not "dbus-launch was never run" test -e "$HOME/dbus-launch-ran"
reset
DBUS_SESSION_BUS_ADDRESS=autolaunch: DISPLAY=:0 add_p
t_is "an autolaunch: bus address: file" "$T_RC:$(in_file)" "0:$ITEM"
t_like "--debug: will not autolaunch" "$(cat "$T_ERR")" \
    "will not autolaunch a D-Bus session bus"
t_not "dbus-launch was still never run" test -e "$HOME/dbus-launch-ran"
reset

# ---- no session bus, an initialised pass store: pass ------------------
peers_gpg
peers_pass_store "$HOME/.password-store"
add_p
t_is "no bus, a pass store: add succeeds" "$T_RC:$(cat "$T_OUT")" "0:$added"
t_is "pass show p gives the Go Item JSON" "$(pass show p 2>/dev/null)" "$ITEM"
t_like "--debug: pass chosen" "$(cat "$T_ERR")" \
    "[keyring] using backend pass (first that works here)"
t_not "nothing went to the file store" test -e "$KEYS/p"
reset
add_p --pass-cmd=no-such-pass
t_is "the store without the pass program: file" "$T_RC:$(in_file)" \
    "0:$ITEM"
t_like "--debug: why not pass" "$(cat "$T_ERR")" \
    "[keyring] not using pass: the pass program is not available"
reset

# ---- an explicit choice is obeyed exactly -----------------------------
hint="aws-vault: error: specified keyring backend not available, try --help"
t_run timeout 60 "$AV_BIN" --backend=secret-service list
t_is "--backend=secret-service with no bus fails, no fallback" \
    "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" "1:$hint"
AWS_VAULT_BACKEND=secret-service t_run timeout 60 "$AV_BIN" --debug list
t_is "AWS_VAULT_BACKEND=secret-service: the same" \
    "$T_RC:$(cat "$T_OUT")$(tail -1 "$T_ERR")" "1:$hint"
t_like "--debug: why" "$(cat "$T_ERR")" \
    "[keyring] Failed backend secret-service: secret-service: no D-Bus session bus"
add_p --backend=pass --pass-cmd=no-such-pass
t_is "--backend=pass without the program fails, no fallback" \
    "$T_RC:$(cat "$T_OUT")$(tail -1 "$T_ERR")" "1:$hint"
t_not "and wrote nothing to the file store" test -e "$KEYS/p"
add_p --backend=file
t_is "--backend=file is used although pass would be chosen" \
    "$T_RC:$(in_file)" "0:$ITEM"
t_like "--debug: chosen explicitly" "$(cat "$T_ERR")" \
    "[keyring] using backend file (chosen explicitly)"
t_not "--debug: nothing else probed" grep -q "not using" "$T_ERR"
reset
add_p --backend=keyctl
t_is "--backend=keyctl is used (never a default)" "$T_RC:$(keyctl pipe \
    "$(keyctl search "$(keyctl search @u keyring aws-vault)" user p)")" \
    "0:$DATA"
t_run timeout 60 "$AV_BIN" --backend=bogus list
t_is "an unknown backend" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: enum value must be one of secret-service,keyctl,pass,passage,file, got 'bogus', try --help"

# ---- a session bus with no Secret Service provider: pass, then file ----
peers_bus_conf "$T_HOME/bus.conf"
# inbus SCRIPT [CONF]: run SCRIPT (sh) on a private bus (of config CONF),
# where add_p and lib-peers.sh are known; at most 120 s.
inbus() {
	cat > "$T_HOME/inner.sh" <<-EOF
	. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
	. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"
	trap - EXIT
	. "$T_HOME/add_p.sh"
	$1
	EOF
	timeout 120 dbus-run-session ${2:+--config-file="$2"} -- \
	    sh "$T_HOME/inner.sh" >/dev/null 2>"$T_HOME/bus.err"
}
inbus 'add_p; cp "$T_OUT" "$HOME/o"; cp "$T_ERR" "$HOME/e"' "$T_HOME/bus.conf"
t_is "a bus with no provider, a pass store: pass" \
    "$(cat "$HOME/o"):$(pass show p 2>/dev/null)" "$added:$ITEM"
t_like "--debug: no provider" "$(cat "$HOME/e")" \
    "no Secret Service provider (org.freedesktop.secrets) on the session bus"
reset
mv "$HOME/.password-store" "$HOME/password-store.off"
inbus 'add_p; cp "$T_ERR" "$HOME/e"' "$T_HOME/bus.conf"
t_is "a bus with no provider, no pass store: file" "$(in_file)" "$ITEM"
reset

# ---- a provider that holds the name but never answers: file, quickly ---
if /usr/bin/python3 -c 'import dbus' 2>/dev/null; then
	cat > "$T_HOME/stuck.py" <<-'EOF'
	import dbus, sys, time
	bus = dbus.SessionBus()
	bus.request_name("org.freedesktop.secrets")
	open(sys.argv[1], "w").close()
	time.sleep(15)	# no main loop: calls to it are never answered
	EOF
	inbus '/usr/bin/python3 "$HOME/stuck.py" "$HOME/owned" & pid=$!
	while [ ! -e "$HOME/owned" ]; do sleep 0.1; done
	s=$(date +%s); add_p; echo $(($(date +%s) - s)) > "$HOME/secs"
	cp "$T_ERR" "$HOME/e"; kill $pid' "$T_HOME/bus.conf"
	t_is "a provider that never answers: file" "$(in_file)" "$ITEM"
	t_like "--debug: it did not answer" "$(cat "$HOME/e")" \
	    "not using secret-service: secret-service: org.freedesktop.DBus.Peer.Ping: Timeout was reached"
	secs=$(cat "$HOME/secs")
	t_ok "and the choice took at most 5 s (took ${secs}s)" test "$secs" -le 5
	reset
else
	t_skip "a provider that never answers" \
	    "/usr/bin/python3 has no dbus module"
fi
mv "$HOME/password-store.off" "$HOME/.password-store"

# ---- gnome-keyring up: secret-service (before pass) --------------------
mkdir -p -m 700 "$HOME/.local/share/keyrings"
printf '[keyring]\ndisplay-name=awsvault\nctime=0\nmtime=0\nlock-on-idle=false\nlock-after=false\n' \
    > "$HOME/.local/share/keyrings/awsvault.keyring"
chmod 600 "$HOME/.local/share/keyrings/awsvault.keyring"
inbus 'printf pass | gnome-keyring-daemon --unlock --components=secrets \
	    >/dev/null 2>&1
	peers_wait_secrets
	add_p; cp "$T_OUT" "$HOME/o"; cp "$T_ERR" "$HOME/e"
	secret-tool lookup profile p > "$HOME/ss"
	timeout 60 "$AV_BIN" list --credentials > "$HOME/list"'
t_is "gnome-keyring running: add succeeds" "$(cat "$HOME/o")" "$added"
t_is "secret-tool lookup profile p gives the Go Item JSON" \
    "$(cat "$HOME/ss")" "$ITEM"
t_like "--debug: secret-service chosen" "$(cat "$HOME/e")" \
    "[keyring] using backend secret-service (first that works here)"
t_is "a later run without --debug lists it" "$(cat "$HOME/list")" p
t_not "not in pass" test -e "$HOME/.password-store/p.gpg"
t_not "not in the file store" test -e "$KEYS/p"

t_done
