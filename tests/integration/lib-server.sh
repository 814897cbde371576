# SPDX-License-Identifier: MIT
# lib-server.sh: the set-up the server tests (t0900, t0901) share, sourced
# after lib.sh and lib-moto.sh.
#
#   server_enter_ns "$@"  first thing: re-run the test in a user and network
#                         namespace of its own (root there, a private
#                         loopback, a fresh session keyring); inside, lo
#                         is up with a second, non-loopback address OTHER_IP
#   server_setup          moto and the AWS CLI needed, t_setup, a stand-in
#                         zenity on PATH, moto started and in the
#                         environment
#
# Server modes refuse the terminal MFA prompt (as Go does), so the stand-in
# zenity is the automatic choice; it fails loudly if a test ever runs it.

OTHER_IP=10.203.0.1

server_enter_ns() {
	if [ -z "${T_OWN_KEYRING:-}" ]; then
		for _c in unshare keyctl ip; do
			command -v "$_c" >/dev/null 2>&1 ||
			    t_skip_all "$_c is not installed"
		done
		unshare --user --map-root-user --net true 2>/dev/null ||
		    t_skip_all "cannot make a user and network namespace"
		T_OWN_KEYRING=1 exec unshare --user --map-root-user --net \
		    keyctl session - sh "$0" "$@"
	fi
	ip link set lo up
	ip addr add "$OTHER_IP/32" dev lo
}

server_setup() {
	moto_need
	command -v aws >/dev/null 2>&1 ||
	    t_skip_all "the AWS CLI is not installed"
	t_setup
	mkdir "$T_HOME/bin"
	printf '#!/bin/sh\necho "zenity must not run" >&2; exit 1\n' \
	    >"$T_HOME/bin/zenity"
	chmod +x "$T_HOME/bin/zenity"
	export PATH="$T_HOME/bin:$PATH"
	moto_start
	moto_env
}
