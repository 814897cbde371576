# Real keystore peers for the keyring tests (POSIX sh, sourced after
# lib.sh).  Recipes from TEST-PEERS.md sections 3-5.  Every daemon started
# here is stopped when the test exits: gnome-keyring and its dbus-daemon
# end with dbus-run-session; gpg-agent is killed with gpgconf; keys live in
# a user namespace of their own and vanish with it.
#
#   peers_need CMD...             skip the whole test when a CMD is missing
#   peers_need_backend NAME       skip it when backend NAME is not built in
#   peers_home                    a private HOME (and TMP) for this test
#   peers_reexec_dbus "$@"        re-run this script inside dbus-run-session
#   peers_gnome_keyring [NAME...] pre-create collections, start the daemon
#   peers_wait_secrets            wait until the session bus has a Secret
#                                 Service (org.freedesktop.secrets) owner
#   peers_bus_conf FILE           a session bus configuration with no
#                                 service directories: no Secret Service
#   peers_reexec_keyctl "$@"      re-run inside a fresh user namespace with
#                                 a fresh session keyring
#   peers_gpg                     a throwaway GNUPGHOME with one key ($FPR)
#   peers_pass_store DIR          pass init DIR for $FPR
#   peers_passage_store DIR       an age identity and recipients for DIR,
#                                 and a passage stand-in on PATH
#   kr ARGS...                    the kr-tool program
#   kr_conformance                run kr-tool conformance as test points
#   kr_concurrent N               N processes writing at once
#
# Conventions: the key of every item a test writes starts with the test's
# own prefix, so a failed run leaves nothing another test could trip on.

: "${AV_TOOLS_DIR:=$AV_SOURCE_ROOT/build/tests/tools}"
KR_TOOL="$AV_TOOLS_DIR/kr-tool"

kr() { "$KR_TOOL" "$@"; }

peers_need() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || t_skip_all "$_c is not installed"
	done
	[ -x "$KR_TOOL" ] || t_skip_all "kr-tool is not built ($KR_TOOL)"
}

# Skip when backend NAME is not compiled in (e.g. built without libsecret).
# Asked with no bus and a scratch HOME, so that nothing is started or
# written.
peers_need_backend() {
	case $(env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR= HOME=/nonexistent \
	    "$KR_TOOL" -b "$1" backend 2>&1) in
	*"unknown keyring backend"*) t_skip_all "the $1 backend is not built in" ;;
	esac
}

# A private HOME; the aws-vault and store variables of the caller dropped.
peers_home() {
	for _v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do
		unset "$_v"
	done
	unset PASSWORD_STORE_DIR PASSAGE_DIR PASSAGE_IDENTITIES_FILE \
	    GNUPGHOME 2>/dev/null || true
	T_HOME=${AV_PEERS_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/avpeers.XXXXXX")}
	t_at_exit "rm -rf '$T_HOME'"
	export HOME="$T_HOME"
	mkdir -p -m 700 "$T_HOME/bin"
	PATH="$T_HOME/bin:$PATH"
	export PATH
}

# Re-run the calling script under a private session bus (at most 300 s).
# The bus, and every service it started, ends with the script.  The bus
# already runs with the test's HOME (made here, used by peers_home), so
# that services it activates (gcr-prompter, ...) write nothing elsewhere.
peers_reexec_dbus() {
	[ -n "${AV_PEERS_IN_DBUS:-}" ] && return 0
	_h=$(mktemp -d "${TMPDIR:-/tmp}/avpeers.XXXXXX")
	AV_PEERS_HOME=$_h HOME=$_h AV_PEERS_IN_DBUS=1 \
	    exec timeout 300 dbus-run-session -- "$0" "$@"
}

# gnome-keyring, headless: one unencrypted keyring file per collection
# name given (TEST-PEERS.md 3: CreateCollection cannot prompt without a
# display), then the daemon, unlocked with a login password.  A NAME of
# the form FILE=LABEL names the keyring file and its label separately.
peers_gnome_keyring() {
	_kr="$HOME/.local/share/keyrings"
	mkdir -p -m 700 "$_kr"
	for _n in "$@"; do
		_file=${_n%%=*}
		_label=${_n#*=}
		printf '[keyring]\ndisplay-name=%s\nctime=0\nmtime=0\nlock-on-idle=false\nlock-after=false\n' \
		    "$_label" > "$_kr/$_file.keyring"
		chmod 600 "$_kr/$_file.keyring"
	done
	printf pass | gnome-keyring-daemon --unlock --components=secrets \
	    >/dev/null 2>"$T_HOME/gkd.log" ||
	    t_skip_all "gnome-keyring-daemon did not start"
	# --unlock returns before the daemon owns its name; a client that came
	# first would activate a second daemon.
	peers_wait_secrets ||
	    t_skip_all "gnome-keyring-daemon did not take org.freedesktop.secrets"
}

# Wait (up to 5 s) for an owner of org.freedesktop.secrets; fails when
# none came.
peers_wait_secrets() {
	for _i in $(seq 1 50); do
		gdbus call --session --dest org.freedesktop.DBus \
		    --object-path /org/freedesktop/DBus \
		    --method org.freedesktop.DBus.NameHasOwner \
		    org.freedesktop.secrets 2>/dev/null | grep -q true && return 0
		sleep 0.1
	done
	return 1
}

peers_bus_conf() {
	cat > "$1" <<-'EOF'
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
	  <type>session</type>
	  <listen>unix:tmpdir=/tmp</listen>
	  <auth>EXTERNAL</auth>
	  <policy context="default">
	    <allow send_destination="*" eavesdrop="true"/>
	    <allow eavesdrop="true"/>
	    <allow own="*"/>
	  </policy>
	</busconfig>
	EOF
}

# Re-run the calling script in a user namespace of its own, so that the
# user keyring (@u) is fresh too, with a fresh session keyring.
peers_reexec_keyctl() {
	[ -n "${AV_PEERS_IN_KEYCTL:-}" ] && return 0
	unshare --user --map-root-user true 2>/dev/null ||
	    t_skip_all "cannot create a user namespace"
	AV_PEERS_IN_KEYCTL=1 exec unshare --user --map-root-user \
	    keyctl session - "$0" "$@"
}

# A throwaway GnuPG home with one unprotected ed25519/cv25519 key.
peers_gpg() {
	GNUPGHOME="$T_HOME/gnupg"
	export GNUPGHOME
	mkdir -m 700 "$GNUPGHOME"
	t_at_exit "gpgconf --kill all >/dev/null 2>&1"
	cat > "$T_HOME/keyparams" <<-'EOF'
	%no-protection
	Key-Type: EDDSA
	Key-Curve: ed25519
	Subkey-Type: ECDH
	Subkey-Curve: cv25519
	Name-Real: aws-vault test
	Name-Email: test@example.invalid
	Expire-Date: 0
	%commit
	EOF
	gpg --batch --gen-key "$T_HOME/keyparams" >/dev/null 2>&1 ||
	    t_skip_all "gpg cannot make a key"
	FPR=$(gpg --list-secret-keys --with-colons | awk -F: '/^fpr/{print $10; exit}')
}

peers_pass_store() {
	PASSWORD_STORE_DIR=$1 pass init "$FPR" >/dev/null ||
	    t_skip_all "pass init failed"
}

# passage is not packaged in Debian 12 (the "passage" package there is a
# game), so a stand-in script with passage's store layout and the three
# commands aws-vault uses runs the real age on the store: PASSAGE_DIR,
# <name>.age files, .age-recipients, PASSAGE_IDENTITIES_FILE.
peers_passage_store() {
	mkdir -p -m 700 "$1" "$HOME/.passage"
	age-keygen -o "$HOME/.passage/identities" 2>/dev/null ||
	    t_skip_all "age-keygen failed"
	age-keygen -y "$HOME/.passage/identities" > "$1/.age-recipients"
	cat > "$HOME/bin/passage" <<-'EOF'
	#!/bin/sh
	# passage stand-in for the tests: show, insert -m -f, rm -f.  Like
	# passage's getopt, it takes a leading "-..." for an option (only
	# -m and -f are known) unless it follows "--".
	set -eu
	dir=${PASSAGE_DIR:-$HOME/.passage/store}
	ids=${PASSAGE_IDENTITIES_FILE:-$HOME/.passage/identities}
	cmd=$1; shift
	while [ $# -gt 0 ]; do
		case $1 in
		--)	shift; break ;;
		-m|-f)	shift ;;
		-*)	echo "passage: invalid option -- '${1#-}'" >&2; exit 1 ;;
		*)	break ;;
		esac
	done
	[ $# -eq 1 ] || { echo "Usage: passage $cmd [options] pass-name" >&2; exit 1; }
	case $cmd in
	show)	[ -f "$dir/$1.age" ] || { echo "Error: $1 is not in the password store." >&2; exit 1; }
		exec age -d -i "$ids" "$dir/$1.age" ;;
	insert)	mkdir -p "$(dirname "$dir/$1")"
		exec age -e -R "$dir/.age-recipients" -o "$dir/$1.age" ;;
	rm)	exec rm -f "$dir/$1.age" ;;
	*)	echo "passage stand-in: $cmd is not supported" >&2; exit 2 ;;
	esac
	EOF
	chmod 755 "$HOME/bin/passage"
}

# The conformance suite of kr-tool, one test point per line it prints.
kr_conformance() {
	kr "$@" conformance > "$T_HOME/conformance.out" 2> "$T_HOME/conformance.err"
	_rc=$?
	while IFS= read -r _l; do
		case $_l in
		"ok - "*) t_pass "${_l#ok - }" ;;
		"not ok - "*) t_fail "${_l#not ok - }" ;;
		*) echo "$_l" ;;
		esac
	done < "$T_HOME/conformance.out"
	if [ $_rc -ne 0 ]; then
		t_fail "kr-tool conformance exits 0 (got $_rc)"
		sed 's/^/# /' "$T_HOME/conformance.err"
	fi
}

# N writers at once, three items each; every item must be there after.
kr_concurrent() {
	_n=$1; shift
	_pids=""
	for _i in $(seq 1 "$_n"); do
		( for _j in 1 2 3; do
			kr "$@" set "conc-$_i-$_j" "value $_i $_j" || exit 1
		done ) 2>>"$T_HOME/concurrent.err" &
		_pids="$_pids $!"
	done
	_bad=0
	for _p in $_pids; do wait "$_p" || _bad=$((_bad + 1)); done
	t_is "$_n concurrent writers all succeed" "$_bad" 0
	[ "$_bad" = 0 ] || sed 's/^/# /' "$T_HOME/concurrent.err"
	_want=$(for _i in $(seq 1 "$_n"); do for _j in 1 2 3; do
		echo "conc-$_i-$_j"; done; done | sort)
	t_is "every item written concurrently is listed" \
	    "$(kr "$@" keys | grep '^conc-' | sort)" "$_want"
	_bad=0
	for _i in $(seq 1 "$_n"); do for _j in 1 2 3; do
		[ "$(kr "$@" get "conc-$_i-$_j")" = "value $_i $_j" ] ||
		    _bad=$((_bad + 1))
	done; done
	t_is "every item written concurrently reads back" "$_bad" 0
	for _i in $(seq 1 "$_n"); do for _j in 1 2 3; do
		kr "$@" remove "conc-$_i-$_j"
	done; done
}
