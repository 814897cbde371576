#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/profile.sh BINARY [kernel|file|cold|list]: where a call spends its
# time, for the hot-spot analysis in bench/README.md.  In the same
# throwaway set-up as bench/run.sh (bench/lib.sh), it prints for the
# hello-world and for one `export --format=json` (default: warm, a
# kernel-keyring hit; "file": warm from the file keystore alone, mirror
# purged; "cold": a GetSessionToken call to moto_server after `clear`;
# "list": `list` with 1,000 items):
#   - strace -c (system call counts) and the file/read system calls in order
#   - ltrace -c (library calls), when ltrace works on the binary
#   - perf stat -e instructions, when the machine exposes the counter
#   - valgrind callgrind: total instructions, and per function
#     (inclusive and self), when valgrind is installed
# Informational only; the exit status is 0.
set -u
[ $# -ge 1 ] || { echo "usage: bench/profile.sh BINARY [kernel|file|cold|list]" >&2; exit 2; }
. "$(dirname "$0")/lib.sh"
b_enter_ns "$@"
MODE=${2:-kernel}
b_setup "$1"

if [ "$MODE" = list ]; then
	b_items 1000
	set -- "$B_BIN" list
	prep=:
else
	set -- "$B_BIN" export --format=json p
	prep=:
	[ "$MODE" = file ] && prep=b_purge
	[ "$MODE" = cold ] && prep=b_clear
fi
"$B_BIN" export --format=json p >/dev/null
echo "profiling: $* ($MODE)"

section() { echo; echo "== $*"; }
b_clear() { "$B_BIN" clear >/dev/null 2>&1; }

if command -v strace >/dev/null 2>&1; then
	section "strace -c: hello-world"
	strace -c -o "$B_W/st.hello" "$B_HELLO" >/dev/null
	sed 's/^/  /' "$B_W/st.hello"
	section "strace -c: aws-vault"
	$prep
	strace -c -o "$B_W/st.av" "$@" >/dev/null
	sed 's/^/  /' "$B_W/st.av"
	section "strace -f -e trace=file,read,openat,mmap,mprotect,brk,add_key,request_key,keyctl: aws-vault"
	$prep
	strace -f -e trace=file,read,openat,mmap,mprotect,brk,add_key,request_key,keyctl \
	    -o "$B_W/st.f" "$@" >/dev/null
	# No secret in the report: read() buffers are cut short.
	sed 's/^/  /; s/\(read([0-9]*, "\)[^"]*"/\1..."/' "$B_W/st.f"
fi

if command -v ltrace >/dev/null 2>&1; then
	section "ltrace -c: aws-vault"
	$prep
	if ltrace -c -o "$B_W/lt" "$@" >/dev/null 2>&1; then
		head -40 "$B_W/lt" | sed 's/^/  /'
	else
		echo "  ltrace failed on this binary"
	fi
fi

if command -v perf >/dev/null 2>&1; then
	section "perf stat -e instructions,task-clock"
	for c in hello av; do
		$prep
		if [ $c = hello ]; then
			perf stat -e instructions,task-clock -r 20 "$B_HELLO" 2>&1 >/dev/null
		else
			perf stat -e instructions,task-clock -r 20 "$@" 2>&1 >/dev/null
		fi | grep -E 'instructions|task-clock' | sed "s/^/  $c: /"
	done
fi

if command -v valgrind >/dev/null 2>&1; then
	section "callgrind: total instructions (Ir), whole process from exec"
	valgrind --tool=callgrind --callgrind-out-file="$B_W/cg.hello" \
	    "$B_HELLO" >/dev/null 2>"$B_W/cg.hello.err"
	$prep
	valgrind --tool=callgrind --callgrind-out-file="$B_W/cg.av" \
	    "$@" >/dev/null 2>"$B_W/cg.av.err"
	for c in hello av; do
		echo "  $c: $(sed -n 's/.*Collected : //p' "$B_W/cg.$c.err") Ir"
	done
	section "callgrind: aws-vault, inclusive Ir per function (top 45)"
	callgrind_annotate --inclusive=yes "$B_W/cg.av" 2>/dev/null |
	    sed -n '/^Ir/,$p' | sed -n '1,48p' | sed 's/^/  /'
	section "callgrind: aws-vault, self Ir per object (the binary, ld.so, each library)"
	callgrind_annotate --threshold=100 "$B_W/cg.av" 2>/dev/null |
	    awk '/^ *[0-9,]+ \(/ && /\[/ {
		n = $1; gsub(",", "", n)
		o = $0; sub(/.*\[/, "", o); sub(/\].*/, "", o)
		sub(/.*\//, "", o); ir[o] += n; t += n }
	    END { for (o in ir) printf "  %12d  %5.1f%%  %s\n", ir[o], 100 * ir[o] / t, o }' |
	    sort -rn | head -25
	section "callgrind: aws-vault, self Ir per function (top 30)"
	callgrind_annotate "$B_W/cg.av" 2>/dev/null |
	    sed -n '/^Ir/,$p' | sed -n '1,33p' | sed 's/^/  /'
fi
exit 0
