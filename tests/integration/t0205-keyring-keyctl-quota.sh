#!/bin/sh
# t0205-keyring-keyctl-quota.sh: the kernel's key quota for a non-root
# user (/proc/sys/kernel/keys/maxbytes, 20000 bytes by default) gives a
# clear error, not a bare errno.  Runs kr-tool as an unused uid in a user
# namespace of its own (a fresh user keyring, and a quota nobody else
# shares).
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need keyctl unshare setpriv
[ "$(id -u)" = 0 ] || t_skip_all "needs root to switch to an unused uid"
peers_home
maxbytes=$(cat /proc/sys/kernel/keys/maxbytes)
[ "$maxbytes" -le 30000 ] || t_skip_all "maxbytes is $maxbytes: too big to fill"
# A copy of the tool any uid can run.
dir=$(mktemp -d /tmp/avquota.XXXXXX)
t_at_exit "rm -rf '$dir'"
chmod 755 "$dir"
cp "$KR_TOOL" "$dir/kr-tool"
uid=$((200000 + $$ % 50000))
size=$((maxbytes * 6 / 10))
run() {
	setpriv --reuid=$uid --regid=$uid --clear-groups env HOME="$dir" \
	    unshare --user --map-root-user keyctl session - sh -c "$1" 2>&1 |
	    grep -v '^Joined session keyring'
}
setpriv --reuid=$uid --regid=$uid --clear-groups \
    unshare --user --map-root-user true 2>/dev/null ||
    t_skip_all "unprivileged user namespaces are not available"

out=$(run "head -c $size /dev/zero | tr '\\0' a | '$dir/kr-tool' -b keyctl set q1 &&
	echo first-ok &&
	head -c $size /dev/zero | tr '\\0' b | '$dir/kr-tool' -b keyctl set q2;
	echo rc=\$?")
t_like "the first item fits the quota" "$out" "first-ok"
t_like "the second fails (exit 1)" "$out" "rc=1"
t_like "with a clear quota message" "$out" \
    "kr-tool: adding 'q2': the kernel keyring quota is exhausted (see /proc/sys/kernel/keys/maxbytes and maxkeys)"

t_done
