#!/bin/sh
# t0902-server-hardening.sh: a long-running `exec --ecs-server` holds
# credentials and the server token for hours, so check what protects it
# (CONVENTIONS.md 5 and 9): run as an unprivileged user, its /proc files
# are root's (not dumpable), so another process of the same user cannot
# read its environment or memory map, and its core-size limit is 0; the
# command it runs is the user's program again (dumpable, its own core
# limit).  libmicrohttpd is not NEEDED by the binary but is loaded while a
# server runs (dlopen).  Needs root (for setpriv), no network.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup

# --- linking -----------------------------------------------------------------
if command -v readelf >/dev/null 2>&1; then
	NEEDED=$(readelf -d "$AV_BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	t_unlike "libmicrohttpd is not NEEDED" " $(echo $NEEDED)" \
	    " libmicrohttpd"
	t_unlike "GnuTLS is not NEEDED" " $(echo $NEEDED)" " libgnutls"
else
	t_skip "libmicrohttpd and GnuTLS are not NEEDED" \
	    "readelf is not installed"
fi

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	t_skip "the server's /proc, as another process of its user" \
	    "needs root and setpriv"
	t_done
fi
U=65534
chmod 711 "$T_HOME"
NB=$T_HOME/nobody
mkdir -m 700 "$NB" "$NB/bin"
cp "$AV_BIN" "$NB/aws-vault"
# Server modes need an MFA prompt driver other than the terminal; this one
# is never run (nothing here asks for a code).
printf '#!/bin/sh\nexit 1\n' >"$NB/bin/zenity"
cat >"$NB/creds" <<'SH'
#!/bin/sh
printf '{"Version":1,"AccessKeyId":"AKIAHARDENTEST000002","SecretAccessKey":"hardenSecret","SessionToken":"hardenToken","Expiration":"2099-01-01T00:00:00Z"}\n'
SH
printf '[profile p]\ncredential_process = %s\n' "$NB/creds" >"$NB/config"
chmod 755 "$NB/bin/zenity" "$NB/creds"
chown -R "$U:$U" "$NB"
AS_NOBODY="setpriv --reuid=$U --regid=$U --clear-groups --"

# The server, as uid 65534; its child writes its pid and waits.
(
	ulimit -S -c 2048 2>/dev/null
	sed -n 's/^Max core file size *\([0-9a-z]*\).*/\1/p' /proc/self/limits \
	    >"$T_HOME/core.want"
	# (Under ASan, keep ASan from zeroing the core limit itself.)
	exec $AS_NOBODY env -i PATH="$NB/bin:/usr/bin:/bin" HOME="$NB" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}disable_coredump=0" \
	    AWS_CONFIG_FILE="$NB/config" AWS_VAULT_BACKEND=file \
	    AWS_VAULT_FILE_DIR="$NB/keys" AWS_VAULT_FILE_PASSPHRASE=x \
	    "$NB/aws-vault" exec --ecs-server p -- \
	    sh -c 'echo $$ >"$0.tmp"; mv "$0.tmp" "$0"; exec sleep 60' \
	    "$NB/child.pid"
) &
AVPID=$!
t_at_exit "kill $AVPID 2>/dev/null"
i=0
while [ ! -s "$NB/child.pid" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
CHILD=$(cat "$NB/child.pid" 2>/dev/null)
t_ok "the server started its command" test -n "$CHILD"

readable() {
	if $AS_NOBODY cat "$1" >/dev/null 2>&1; then echo readable; else
		echo unreadable; fi
}
t_is "aws-vault runs as uid $U" "$(stat -c %u /proc/$AVPID)" "$U"
t_is "its /proc files belong to root (not dumpable)" \
    "$(stat -c %u /proc/$AVPID/environ)" 0
t_is "its environment cannot be read by its own user" \
    "$(readable /proc/$AVPID/environ)" unreadable
t_is "nor its memory map" "$(readable /proc/$AVPID/maps)" unreadable
t_is "its core-size limit is 0" \
    "$(sed -n 's/^Max core file size *\([0-9a-z]*\).*/\1/p' /proc/$AVPID/limits)" 0
t_is "the command is the user's own program again: /proc readable" \
    "$(readable /proc/$CHILD/environ)" readable
if [ "$(cat "$T_HOME/core.want")" = 0 ]; then
	t_skip "... with the user's core-size limit back" \
	    "the hard core-size limit is 0 here"
else
	t_is "... with the user's core-size limit back" \
	    "$(sed -n 's/^Max core file size *\([0-9a-z]*\).*/\1/p' /proc/$CHILD/limits)" \
	    "$(cat "$T_HOME/core.want")"
fi
t_like "libmicrohttpd is loaded while the server runs (dlopen)" \
    "$(cat /proc/$AVPID/maps)" "libmicrohttpd"
t_like "the command has the server's address" \
    "$(tr '\0' '\n' </proc/$CHILD/environ)" \
    "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:"

kill -TERM "$AVPID"
wait "$AVPID"
t_is "SIGTERM, forwarded, ended the command: status 255 (BN)" "$?" 255

t_done
