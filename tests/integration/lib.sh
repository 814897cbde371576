# Shared helpers for the integration tests (POSIX sh, sourced).
#
# Every test runs the real binary ($AV_BIN) in a private, throwaway HOME
# with a clean AWS environment, prints TAP, and cleans up after itself.
#   . "$AV_SOURCE_ROOT/tests/integration/lib.sh"
#   t_setup                      # private HOME, config, key dir
#   t_ok "what" cmd args...      # one test point: passes when cmd succeeds
#   t_is "what" "$got" "$want"   # one test point: string equality
#   t_skip "what" "why"          # one test point that cannot run here
#   t_done                       # plan and exit status

set -u

: "${AV_BIN:=$(cd "$(dirname "$0")/../.." && pwd)/build/aws-vault}"
: "${AV_SOURCE_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${AV_SHARED_TESTDATA:=$AV_SOURCE_ROOT/../shared/testdata}"
export AV_BIN AV_SOURCE_ROOT AV_SHARED_TESTDATA

T_N=0
T_FAIL=0
T_CLEANUP=""

t_pass() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
t_fail() { T_N=$((T_N + 1)); T_FAIL=1; echo "not ok $T_N - $*"; }

# t_ok DESCRIPTION CMD...: passes when CMD exits 0.
t_ok() {
	_d=$1; shift
	if "$@"; then t_pass "$_d"; else t_fail "$_d"; fi
}

# t_not DESCRIPTION CMD...: passes when CMD exits non-zero.
t_not() {
	_d=$1; shift
	if "$@"; then t_fail "$_d"; else t_pass "$_d"; fi
}

# t_is DESCRIPTION GOT WANT
t_is() {
	if [ "$2" = "$3" ]; then
		t_pass "$1"
	else
		t_fail "$1"
		printf '# got:\n%s\n# want:\n%s\n' "$2" "$3" | sed 's/^/#   /'
	fi
}

# t_like DESCRIPTION GOT SUBSTRING
t_like() {
	case "$2" in
	*"$3"*) t_pass "$1" ;;
	*) t_fail "$1"; printf '%s\ndoes not contain: %s\n' "$2" "$3" |
	    sed 's/^/# /' ;;
	esac
}

# t_unlike DESCRIPTION GOT SUBSTRING: GOT does not contain SUBSTRING.
t_unlike() {
	case "$2" in
	*"$3"*) t_fail "$1"; echo "# contains: $3" ;;
	*) t_pass "$1" ;;
	esac
}

# t_match DESCRIPTION GOT ERE: GOT (one line) is a whole match of the
# extended regular expression ERE.
t_match() {
	if printf '%s\n' "$2" | grep -Eqx -- "$3"; then
		t_pass "$1"
	else
		t_fail "$1"
		printf '%s\ndoes not match: %s\n' "$2" "$3" | sed 's/^/# /'
	fi
}

# t_skip DESCRIPTION REASON: a test point that cannot run here (a TAP
# SKIP: not a failure, and not counted as a pass either).
t_skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }

t_skip_all() { echo "1..0 # SKIP $*"; exit 0; }

t_done() {
	echo "1..$T_N"
	exit $T_FAIL
}

t_at_exit() { T_CLEANUP="$*; $T_CLEANUP"; }

t_cleanup() { eval "$T_CLEANUP"; }
trap t_cleanup EXIT
trap 'exit 130' INT TERM

# A private HOME with an empty config file and a file keystore; every
# AWS_* and aws-vault variable from the caller's environment is dropped.
t_setup() {
	for _v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do
		unset "$_v"
	done
	unset DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR PASSWORD_STORE_DIR \
	    PASSAGE_DIR SHELL 2>/dev/null || true
	T_HOME=$(mktemp -d "${TMPDIR:-/tmp}/avhome.XXXXXX")
	t_at_exit "rm -rf '$T_HOME'"
	export HOME="$T_HOME"
	export AWS_CONFIG_FILE="$T_HOME/.aws/config"
	export AWS_VAULT_BACKEND=file
	export AWS_VAULT_FILE_DIR="$T_HOME/keys"
	export AWS_VAULT_FILE_PASSPHRASE=test-passphrase
	export AWS_VAULT_DISABLE_HELP_MESSAGE=1
	mkdir -m 700 "$T_HOME/.aws"
	: > "$AWS_CONFIG_FILE"
}

# A copy of the Go-made file keystore (dir 0700, files 0600).
t_go_keys() {
	mkdir -m 700 "$1"
	cp "$AV_SHARED_TESTDATA/go-file-backend/keys/"* "$1/"
	chmod 600 "$1"/*
}

# t_go_store: t_go_keys in $T_HOME/go, and the config the Go tool left
# beside it in $T_HOME/go-config.
t_go_store() {
	t_go_keys "$T_HOME/go"
	cp "$AV_SHARED_TESTDATA/go-file-backend/aws-config-after-add" \
	    "$T_HOME/go-config"
}

# t_go_run ARGS...: t_run the binary on the t_go_store copy (passphrase
# "test") with the clock pinned while its sessions are alive (47m6s left).
t_go_run() {
	t_run env AWS_VAULT_FILE_DIR="$T_HOME/go" AWS_VAULT_FILE_PASSPHRASE=test \
	    AWS_CONFIG_FILE="$T_HOME/go-config" \
	    AWS_VAULT_TEST_NOW=2026-11-30T01:30:00Z "$AV_BIN" "$@"
}

av() { "$AV_BIN" "$@"; }

# wait_port PORT: wait (up to 10 s) until something accepts TCP
# connections on 127.0.0.1:PORT, without sending a request.
wait_port() {
	python3 - "$1" <<'PY'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# ---- CLI test helpers (t00xx) ----------------------------------------

# t_run CMD...: run CMD with no controlling terminal (setsid, so that a
# stray prompt fails instead of waiting) and stdin from /dev/null.  Its
# stdout and stderr are kept byte-exact in the files $T_OUT and $T_ERR,
# its exit status in $T_RC.  A first word "av" stands for $AV_BIN.
t_run() {
	if [ "$1" = av ]; then
		shift
		set -- "$AV_BIN" "$@"
	fi
	T_OUT=${T_HOME:-${TMPDIR:-/tmp}}/.t_run.out
	T_ERR=${T_HOME:-${TMPDIR:-/tmp}}/.t_run.err
	if command -v setsid >/dev/null 2>&1; then
		setsid -w "$@" </dev/null >"$T_OUT" 2>"$T_ERR"
	else
		"$@" </dev/null >"$T_OUT" 2>"$T_ERR"
	fi
	T_RC=$?
}

# t_import_home (after t_setup): HOME holds the plaintext keys of
# tests/data/import ($D) the way people leave them: ~/.aws/credentials
# ($C), a dated backup copy, downloaded key CSVs and shell histories,
# with its config.  $W is a work directory outside HOME (where scans do
# not look) and $LOG collects every output of t_run_logged.
t_import_home() {
	D="$AV_SOURCE_ROOT/tests/data/import"
	C="$HOME/.aws/credentials"
	W=$(mktemp -d "${TMPDIR:-/tmp}/avwork.XXXXXX")
	t_at_exit "rm -rf '$W'"
	LOG="$W/all-output"
	: > "$LOG"
	cp "$D/credentials" "$C"
	chmod 600 "$C"
	cp "$D/config" "$AWS_CONFIG_FILE"
	cp "$D/credentials" "$HOME/.aws/credentials.bak.2024-01-01"
	mkdir "$HOME/Downloads"
	cp "$D/accessKeys.csv" "$D/alice_accessKeys.csv" \
	    "$D/accessKeys_template.csv" "$HOME/Downloads/"
	cp "$D/bash_history" "$HOME/.bash_history"
	cp "$D/zsh_history" "$HOME/.zsh_history"
}

# t_run_logged ARGS...: aws-vault without a terminal (a prompt fails
# rather than waits), its outputs kept in $W, not HOME: stdout in $OUT,
# stderr in $ERR, status in $RC, both appended to $LOG.
t_run_logged() {
	setsid -w timeout 60 "$AV_BIN" "$@" >"$W/out" 2>"$W/err" </dev/null
	RC=$?
	OUT=$(cat "$W/out")
	ERR=$(cat "$W/err")
	cat "$W/out" "$W/err" >> "$LOG"
}

# t_file_is DESCRIPTION FILE WANT: the bytes of FILE are exactly WANT
# (printf %s, so a trailing newline must be written into WANT).
t_file_is() {
	_w=${T_HOME:-${TMPDIR:-/tmp}}/.t_want
	printf '%s' "$3" >"$_w"
	t_cmp "$1" "$2" "$_w"
}

# t_cmp DESCRIPTION GOT_FILE WANT_FILE: byte-exact comparison, with a
# diff (trailing blanks shown as '$') when it fails.
t_cmp() {
	if cmp -s "$2" "$3"; then
		t_pass "$1"
	else
		t_fail "$1"
		diff -u "$3" "$2" | sed -n '1,60{s/ *$/&$/;s/^/#   /;p}'
	fi
}

# t_pty LOG STEP... -- CMD...: run CMD on a new pseudo-terminal (python3
# pexpect) and play the steps: "<TEXT" waits for TEXT, ">TEXT" types TEXT
# and Enter, "!SHELL" runs SHELL with T_PTY_PID set to CMD's pid.  What
# the terminal showed goes to LOG; the status is CMD's exit status, or 99
# when an expectation timed out.  The terminal is $T_PTY_COLS (default
# 200) columns wide.  Check t_have_pexpect first.
t_pty() {
	python3 - "$@" <<'PY'
import os, subprocess, sys
import pexpect
log, args = sys.argv[1], sys.argv[2:]
i = args.index("--")
steps, cmd = args[:i], args[i + 1:]
child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", timeout=15,
                      dimensions=(24, int(os.environ.get("T_PTY_COLS",
                                                         "200"))))
out = open(log, "w")
child.logfile_read = out
s = "EOF"
try:
    for s in steps:
        if s[0] == "<":
            child.expect_exact(s[1:])
        elif s[0] == ">":
            child.sendline(s[1:])
        elif s[0] == "!":
            env = dict(os.environ, T_PTY_PID=str(child.pid))
            subprocess.call(["sh", "-c", s[1:]], env=env)
    child.expect(pexpect.EOF)
except pexpect.ExceptionPexpect as e:
    print("# t_pty: %s waiting in step %r" % (type(e).__name__, s))
    child.close(force=True)
    sys.exit(99)
child.close()
out.close()
sys.exit(child.exitstatus if child.exitstatus is not None
         else 128 + child.signalstatus)
PY
}

t_have_pexpect() { python3 -c 'import pexpect' >/dev/null 2>&1; }

# t_av_keys DIR NAME=AKID:SECRET...: store long-term keys in the file
# keystore at DIR with the binary itself (`add --env --no-add-config`).
t_av_keys() {
	_d=$1; shift
	for _kv in "$@"; do
		_n=${_kv%%=*}; _id=${_kv#*=}; _sk=${_id#*:}; _id=${_id%%:*}
		AWS_ACCESS_KEY_ID=$_id AWS_SECRET_ACCESS_KEY=$_sk \
		    AWS_VAULT_FILE_DIR=$_d "$AV_BIN" add --env --no-add-config \
		    "$_n" >/dev/null || return 1
	done
}

# t_todo DESCRIPTION REASON GOT WANT: like t_is, but a known difference
# (a bug reported, not fixed yet) is a TAP "# TODO": it shows in the log
# and does not fail the run.  Passes plainly once fixed.
t_todo() {
	if [ "$3" = "$4" ]; then
		t_pass "$1"
	else
		T_N=$((T_N + 1))
		echo "not ok $T_N - $1 # TODO $2"
		printf '# got:\n%s\n# want:\n%s\n' "$3" "$4" | sed 's/^/#   /'
	fi
}

# t_own_keyring "$@": re-run this script in a new user namespace with its
# own user and session keyrings, so aws-vault's kernel-keyring caches (the
# session fast path, the passphrase cache) are private to this test and
# vanish with it.  Call it first, before t_setup.
t_own_keyring() {
	[ -n "${T_OWN_KEYRING:-}" ] && return 0
	command -v unshare >/dev/null 2>&1 && command -v keyctl >/dev/null 2>&1 ||
	    t_skip_all "unshare or keyctl is not installed"
	T_OWN_KEYRING=1 exec unshare --user --map-root-user \
	    keyctl session - sh "$0" "$@"
}

# t_key_timeout ID: the time kernel key ID has left as /proc/keys shows it
# ("59s", "47m", ...), "perm" when it never expires, nothing when there
# is no such key.
t_key_timeout() {
	awk -v id="$(printf '%08x' "$1")" '$1 == id { print $4 }' /proc/keys
}

# t_forget_fast: drop every kernel-keyring session mirror (inside
# t_own_keyring), making the next call cold.
t_forget_fast() {
	keyctl link @u @s >/dev/null 2>&1
	keyctl purge -p user aws-vault:s: >/dev/null 2>&1
	return 0
}
