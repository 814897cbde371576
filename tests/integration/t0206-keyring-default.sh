#!/bin/sh
# t0206-keyring-default.sh: the backend chosen when none is named (a
# deliberate difference from Go, which opens one backend and fails):
# secret-service when a session bus has a Secret Service provider (running
# or activatable), else pass when an initialised store and the program are
# there, else file; keyctl never.  An explicit choice is obeyed exactly,
# with no fallback.  --debug says why each candidate was not used.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need dbus-run-session gnome-keyring-daemon gdbus pass
peers_need_backend secret-service
peers_home
unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR DISPLAY
export AWS_VAULT_FILE_DIR="$T_HOME/keys" AWS_VAULT_FILE_PASSPHRASE=x

# kr backend with --debug: stdout is the choice, $T_HOME/log the reasons.
choice() { "$KR_TOOL" -d "$@" backend 2>"$T_HOME/log"; }
log() { cat "$T_HOME/log"; }

t_is "no session bus, no pass store: file" "$(choice)" file
t_like "debug: why not secret-service" "$(log)" \
    "[keyring] not using secret-service: secret-service: no D-Bus session bus"
t_like "debug: why not pass" "$(log)" \
    "[keyring] not using pass: no pass store at $HOME/.password-store (no .gpg-id)"
t_like "debug: what was chosen" "$(log)" \
    "[keyring] using backend file (first that works here)"
t_unlike "keyctl is never probed" "$(log)" keyctl

mkdir -p -m 700 "$HOME/.password-store"
echo 0000000000000000000000000000000000000000 > "$HOME/.password-store/.gpg-id"
t_is "no session bus, an initialised pass store: pass" "$(choice)" pass
t_is "the same store without the pass program: file" \
    "$(AWS_VAULT_PASS_CMD=no-such-pass choice)" file
t_like "debug: why not pass" "$(log)" "the pass program is not available"
rm -rf "$HOME/.password-store"

# A session bus without any Secret Service (no service directories).
peers_bus_conf "$T_HOME/bus.conf"
t_is "a session bus with no provider: file" "$(timeout 60 dbus-run-session \
    --config-file="$T_HOME/bus.conf" -- "$KR_TOOL" -d backend 2>"$T_HOME/log")" file
t_like "debug: no provider" "$(log)" \
    "no Secret Service provider (org.freedesktop.secrets) on the session bus"

# The standard session bus: gnome-keyring can be activated.
# (The daemon the bus starts writes to the bus's stdout, so kr-tool's
# answer goes to a file.)
timeout 60 dbus-run-session -- sh -c '"$1" -d backend >"$2"' sh "$KR_TOOL" \
    "$T_HOME/out" >/dev/null 2>"$T_HOME/log"
t_is "a session bus where gnome-keyring is activatable: secret-service" \
    "$(cat "$T_HOME/out")" secret-service
t_like "debug: activatable" "$(log)" "org.freedesktop.secrets can be activated"

# A running gnome-keyring.
cat > "$T_HOME/inner.sh" <<-'EOF2'
	. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"
	printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
	peers_wait_secrets
	exec "$KR_TOOL" -d backend
EOF2
t_is "gnome-keyring running: secret-service" "$(timeout 60 \
    dbus-run-session -- sh "$T_HOME/inner.sh" 2>"$T_HOME/log")" secret-service
t_like "debug: running" "$(log)" "org.freedesktop.secrets is running"

# An explicit choice is obeyed exactly.
out=$(AWS_VAULT_BACKEND=secret-service "$KR_TOOL" backend 2>&1)
t_like "explicit secret-service without a bus fails, no fallback" "$out" \
    "kr-tool: secret-service: no D-Bus session bus"
t_is "explicit keyctl is used" "$(AWS_VAULT_BACKEND=keyctl choice)" keyctl
t_like "debug: chosen explicitly" "$(log)" \
    "[keyring] using backend keyctl (chosen explicitly)"
t_is "explicit pass is used without a store" \
    "$(AWS_VAULT_BACKEND=pass choice)" pass

t_done
