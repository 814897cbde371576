#!/bin/sh
# t0201-keyring-secret-service.sh: the secret-service backend against a
# real gnome-keyring (headless, on a private session bus): conformance,
# concurrent writers, the Go layout as secret-tool and D-Bus see it, items
# stored by hand read back, collections found by Go's path rule, a missing
# collection, and no session bus at all (fails at once, no autolaunch).
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need dbus-run-session gnome-keyring-daemon secret-tool gdbus
peers_need_backend secret-service
peers_reexec_dbus "$@"
peers_home
# "aws vault" is a keyring file whose D-Bus path is .../aws_20vault while
# its label is something else: only Go's path decoding finds it by name.
peers_gnome_keyring awsvault "aws vault=another label"
export AWS_VAULT_BACKEND=secret-service

kr_conformance
kr_concurrent 6

# The Go layout, seen by other tools.
kr -l "layout label" set layout-x hello
t_is "secret-tool lookup profile X prints the Item JSON" \
    "$(secret-tool lookup profile layout-x)" \
    '{"Key":"layout-x","Data":"aGVsbG8=","Label":"layout label","Description":"","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}'
s=$(secret-tool search profile layout-x 2>&1)
t_like "the item's label is the key" "$s" "label = layout-x"
t_like "the item's attribute profile is the key" "$s" \
    "attribute.profile = layout-x"
t_unlike "no xdg:schema attribute" "$s" xdg:schema
t_like "the item is in the awsvault collection" \
    "$(gdbus call --session --dest org.freedesktop.secrets \
    --object-path /org/freedesktop/secrets/collection/awsvault \
    --method org.freedesktop.Secret.Collection.SearchItems \
    "{'profile': 'layout-x'}")" "/org/freedesktop/secrets/collection/awsvault/"

# The content type travels in the CreateItem call (gnome-keyring does not
# keep it: GetSecret always answers text/plain), so watch the bus.
if command -v dbus-monitor >/dev/null 2>&1; then
	dbus-monitor --session "interface='org.freedesktop.Secret.Collection',member='CreateItem'" \
	    > "$T_HOME/monitor" 2>/dev/null &
	mon=$!
	sleep 0.3
	kr set layout-ct hello
	sleep 0.3
	kill "$mon"; wait "$mon" 2>/dev/null
	t_like "CreateItem sends content type application/json" \
	    "$(cat "$T_HOME/monitor")" 'string "application/json"'
	flat=$(tr -s ' \n' ' ' < "$T_HOME/monitor")
	t_like "with attribute profile = key" "$flat" \
	    'string "org.freedesktop.Secret.Item.Attributes" variant array [ dict entry( string "profile" string "layout-ct" ) ]'
	t_like "and label = key" "$flat" \
	    'string "org.freedesktop.Secret.Item.Label" variant string "layout-ct"'
	# Go opens a "plain" session; libsecret negotiates an encrypted one,
	# so the Item JSON ({"Key":") never crosses the bus in clear.
	t_unlike "the secret is encrypted on the bus" "$flat" \
	    "7b 22 4b 65 79 22 3a 22"
else
	t_skip "what CreateItem sends on the bus" "dbus-monitor is not installed"
fi

# An item stored by hand in the Go layout is read back.
printf '%s' '{"Key":"handmade","Data":"aGFuZCBtYWRl","Label":"x","Description":"","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}' |
    secret-tool store --collection=/org/freedesktop/secrets/collection/awsvault \
    --label=handmade profile handmade
t_is "an item stored with secret-tool is read" "$(kr get handmade)" "hand made"
t_like "and listed" "$(kr keys)" "handmade"
kr remove handmade
t_is "remove deletes it for secret-tool too" \
    "$(secret-tool lookup profile handmade; echo "rc=$?")" "rc=1"

# Collections are found by Go's rule: the decoded object path.
kr --collection "aws vault" set pathrule value
t_like "collection 'aws vault' is .../aws_20vault" \
    "$(gdbus call --session --dest org.freedesktop.secrets \
    --object-path /org/freedesktop/secrets/collection/aws_20vault \
    --method org.freedesktop.Secret.Collection.SearchItems \
    "{'profile': 'pathrule'}")" "/collection/aws_20vault/"

# A missing collection: reads find nothing; creating it needs a prompt
# that a headless daemon cannot show, and the error says so.
kr --collection nosuch get x 2>"$T_HOME/err"
t_is "get from a missing collection: not found (exit 3)" "$?" 3
t_is "keys of a missing collection: empty" "$(kr --collection nosuch keys)" ""
kr --collection nosuch remove x 2>/dev/null
t_is "remove from a missing collection: not found (exit 3)" "$?" 3
kr --collection nosuch set x y 2>"$T_HOME/err"
t_is "set into a missing collection fails here" "$?" 1
t_like "with a clear message" "$(cat "$T_HOME/err")" \
    "cannot create the collection 'nosuch'"

# libsecret missing at run time (hidden by a bind mount in a mount
# namespace of its own): one clear line, no crash.
lib=$(ldconfig -p | awk '/libsecret-1\.so\.0 /{ print $NF; exit }')
if [ -n "$lib" ] && unshare --mount true 2>/dev/null; then
	out=$(unshare --mount sh -c 'mount --bind /dev/null "$1" &&
	    exec "$2" keys' sh "$lib" "$KR_TOOL" 2>&1)
	t_is "without libsecret: exit 1 and one line" \
	    "$?:$(printf '%s\n' "$out" | wc -l)" "1:1"
	t_like "which says what to install" "$out" \
	    "kr-tool: libsecret is not installed ("
	t_like "and how" "$out" "): apt install libsecret-1-0"
else
	t_skip "without libsecret" "cannot hide libsecret here"
fi

# No session bus: one clear line at once, and GLib never autolaunches
# one (a dbus-launch on PATH that records being run, DISPLAY set).
printf '#!/bin/sh\ntouch "%s/autolaunched"\nexit 1\n' "$T_HOME" > "$HOME/bin/dbus-launch"
chmod 755 "$HOME/bin/dbus-launch"
start=$(date +%s)
out=$(env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$T_HOME" DISPLAY=:99 \
    "$KR_TOOL" keys 2>&1)
rc=$?
t_is "no session bus: fails (exit 1)" "$rc" 1
t_is "no session bus: one clear line" "$out" \
    "kr-tool: secret-service: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no \$XDG_RUNTIME_DIR/bus)"
t_ok "no session bus: fails within 2 s" test $(( $(date +%s) - start )) -le 2
t_not "no session bus: dbus-launch was never run" test -e "$T_HOME/autolaunched"
out=$(DBUS_SESSION_BUS_ADDRESS=autolaunch: DISPLAY=:99 "$KR_TOOL" keys 2>&1)
t_like "an autolaunch: address is refused" "$out" "will not autolaunch"
t_not "autolaunch: dbus-launch was never run" test -e "$T_HOME/autolaunched"

t_done
