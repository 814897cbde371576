# SPDX-License-Identifier: MIT
# bench/lib.sh: the set-up shared by bench/run.sh and bench/profile.sh
# (POSIX sh, sourced).  Everything happens in a throwaway HOME inside a
# private user namespace with its own user and session keyrings, so the
# machine's keyring, ~/.aws and ~/.awsvault are never touched; what is
# started is stopped and the temporary directory removed at exit.
#
#   b_enter_ns "$@"   re-run the calling script in a private keyring
#                     (first thing, before anything else)
#   b_setup BINARY    B_BIN, B_ROOT (the source tree, unless set), B_W
#                     (the work dir), a clean AWS environment, B_HELLO
#                     (bench/hello.c compiled), moto_server on
#                     B_MOTO_URL, and profile "p" (file
#                     keystore, GetSessionToken) with its session cached
#                     in the keystore and mirrored in the kernel keyring
#   b_add PROFILE [KEY_ID SECRET]
#                     store long-term keys for PROFILE in the file
#                     keystore (default: bench keys moto takes while its
#                     auth is off)
#   b_items N         N profiles u000, u001, ... appended to
#                     $AWS_CONFIG_FILE, each with keys stored (b_add)
#   b_purge           drop every kernel-keyring session mirror
#   b_port            a TCP port free on 127.0.0.1 right now
#   b_at_exit CMD     run CMD at exit (before the work dir is removed)

B_CLEANUP=""
b_at_exit() { B_CLEANUP="$*; $B_CLEANUP"; }
b_cleanup() { eval "$B_CLEANUP"; }
trap b_cleanup EXIT
trap 'exit 130' INT TERM

b_enter_ns() {
	[ -n "${AV_BENCH_IN_NS:-}" ] && return 0
	for _c in unshare keyctl; do
		command -v "$_c" >/dev/null 2>&1 || {
			echo "bench: $_c is not installed; nothing measured" >&2
			exit 0
		}
	done
	unshare --user --map-root-user true 2>/dev/null || {
		echo "bench: no user namespaces here (unshare --user);" \
		    "nothing measured" >&2
		exit 0
	}
	AV_BENCH_IN_NS=1 exec unshare --user --map-root-user \
	    keyctl session - sh "$0" "$@"
}

b_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

b_add() {
	AWS_ACCESS_KEY_ID=${2:-AKIABENCHEXAMPLE0001} \
	    AWS_SECRET_ACCESS_KEY=${3:-benchBenchBenchBenchBenchBenchBenchBench} \
	    "$B_BIN" add --env --no-add-config "$1" >/dev/null
}

b_items() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
	    printf "[profile u%03d]\nregion = us-east-1\n\n", i }' \
	    >> "$AWS_CONFIG_FILE"
	_i=0
	while [ $_i -lt "$1" ]; do
		b_add "$(printf 'u%03d' $_i)" || return 1
		_i=$((_i + 1))
	done
}

b_purge() {
	keyctl purge -p user aws-vault:s: >/dev/null 2>&1
	return 0
}

b_setup() {
	B_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	: "${B_ROOT:=$(cd "$(dirname "$0")/.." && pwd)}"
	[ -x "$B_BIN" ] || { echo "bench: $1 is not an executable" >&2; exit 0; }
	for _d in "${PYENV_ROOT:-$HOME/.pyenv}/shims" /root/.pyenv/shims; do
		[ -d "$_d" ] && PATH="$_d:$PATH"
	done
	export PATH
	for _c in python3 curl moto_server; do
		command -v "$_c" >/dev/null 2>&1 || {
			echo "bench: $_c is not installed; nothing measured" >&2
			exit 0
		}
	done

	B_W=$(mktemp -d "${TMPDIR:-/tmp}/aws-vault-bench.XXXXXX")
	b_at_exit "rm -rf '$B_W'"
	# Nothing of the caller's AWS set-up leaks in.
	for _v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do
		unset "$_v"
	done
	unset DBUS_SESSION_BUS_ADDRESS PASSWORD_STORE_DIR PASSAGE_DIR
	export HOME="$B_W/home"
	mkdir -m 700 "$HOME" "$HOME/.aws"
	export AWS_CONFIG_FILE="$HOME/.aws/config"
	export AWS_VAULT_BACKEND=file AWS_VAULT_FILE_PASSPHRASE=bench-passphrase
	export AWS_VAULT_DISABLE_HELP_MESSAGE=1

	# The baseline, built like the binary: same compiler, -O2, PIE,
	# full RELRO, dynamically linked against libc.
	B_HELLO="$B_W/hello"
	${CC:-cc} -O2 -fPIE -pie -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
	    -Wl,-z,relro -Wl,-z,now -Wl,--as-needed \
	    -o "$B_HELLO" "$B_ROOT/bench/hello.c" || {
		echo "bench: cannot compile bench/hello.c" >&2; exit 0; }

	B_MOTO_PORT=$(b_port)
	B_MOTO_URL="http://127.0.0.1:$B_MOTO_PORT"
	timeout 900 moto_server -H 127.0.0.1 -p "$B_MOTO_PORT" \
	    >"$B_W/moto.log" 2>&1 &
	B_MOTO_PID=$!
	b_at_exit "kill $B_MOTO_PID 2>/dev/null; wait $B_MOTO_PID 2>/dev/null"
	_i=0
	until curl -fs -o /dev/null "$B_MOTO_URL/moto-api/"; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && {
			echo "bench: moto_server did not start" >&2; exit 0; }
		sleep 0.1
	done
	export AWS_ENDPOINT_URL="$B_MOTO_URL" AWS_REGION=us-east-1

	cat > "$AWS_CONFIG_FILE" <<-CONF
	[profile p]
	region = us-east-1
	CONF
	# moto does not check keys while its auth is off (the default).
	b_add p || { echo "bench: add failed" >&2; exit 0; }
	# The cold call: a GetSessionToken session, cached and mirrored.
	"$B_BIN" export --format=json p >/dev/null || {
		echo "bench: the first export failed" >&2; exit 0; }
	# Our session keyring possesses @u, so `keyctl purge` sees the mirrors.
	keyctl link @u @s >/dev/null 2>&1
}
