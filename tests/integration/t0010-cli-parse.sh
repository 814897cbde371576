#!/bin/sh
# t0010-cli-parse.sh: the kingpin command-line rules of spec 1.1 and 1.2
# on the real binary: flags before and after the command word, "--",
# --flag=value and --flag value, -d1h and -d 1h, bundled short flags,
# --no-NAME, env-var defaults (empty = unset, bad values are errors),
# @file expansion, the parse error texts, the order kingpin reports them
# in, both error formats and the exit statuses.  Effects are observed
# through list and export (file keystore, --no-session or the Go-made
# sessions under the pinned clock), never through timing.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
unset COLUMNS

cat >"$AWS_CONFIG_FILE" <<'EOF'
[default]
region=us-east-1

[profile p]
EOF
P_ID=AKIAPARSETEST0000001
P_SECRET=parseSecretKey/00000000000000000000000001
t_av_keys "$AWS_VAULT_FILE_DIR" "p=$P_ID:$P_SECRET" ||
    { t_fail "store p's keys with add --env"; t_done; }
t_av_keys "$T_HOME/other" "other=AKIAPARSETEST0000002:otherSecret"

# usage_err DESC MESSAGE CMD...: kingpin's format, status 1, no stdout.
usage_err() {
	_d=$1 _m=$2
	shift 2
	t_run "$@"
	t_is "$_d" "$(cat "$T_ERR")" "aws-vault: error: $_m, try --help"
	t_is "$_d: status 1, nothing on stdout" "$T_RC:$(cat "$T_OUT")" "1:"
}

# ok_out DESC WANT CMD...: status 0 and exactly WANT (plus newline) on stdout.
ok_out() {
	_d=$1 _w=$2
	shift 2
	t_run "$@"
	t_is "$_d" "$T_RC:$(cat "$T_OUT")" "0:$_w"
}

# --- "--" ends the flags --------------------------------------------
usage_err "exec p ls -la: -l is taken for a flag" \
    "unknown short flag '-l'" av exec p ls -la
t_run av exec -n p -- printf '%s\n' -la --debug @nofile -- x
t_file_is "after --, flags, @file and a second -- are plain arguments" \
    "$T_OUT" "-la
--debug
@nofile
--
x
"
ok_out "a command word after a leading -- is still the command" \
    "$("$AV_BIN" version)" av -- version
usage_err "after a leading --, a flag word is an argument" \
    "unexpected --credentials" av -- list --credentials

# --- flags before and after the command word ---------------------------
ok_out "baseline: list --credentials" "p" av list --credentials
ok_out "global flag before the command word" "other" \
    av --file-dir "$T_HOME/other" list --credentials
ok_out "global flag after the command word" "other" \
    av list --credentials --file-dir "$T_HOME/other"
ok_out "--flag=value between command flags" "other" \
    av list --file-dir="$T_HOME/other" --credentials
ok_out "the alias ls" "p" av ls --credentials
usage_err "a command flag before the command word is unknown" \
    "unknown long flag '--credentials'" av --credentials list
usage_err "a command's short flag before the command word is unknown" \
    "unknown short flag '-d'" av -d 1h export -n p

# --- durations -------------------------------------------------------
for d in "-n -d1h" "-n -d 1h" "-n --duration=90m" "--duration 1h30m -n" \
    -nd2h; do
	# shellcheck disable=SC2086
	t_run av export $d p
	t_is "duration $d is accepted" "$T_RC:$(head -1 "$T_OUT")" \
	    "0:AWS_ACCESS_KEY_ID=$P_ID"
done
usage_err "-d5x" 'time: unknown unit "x" in duration "5x"' \
    av export -n -d5x p
usage_err "-d 3600 (a unit is required)" \
    'time: missing unit in duration "3600"' av export -n -d 3600 p
usage_err "-d without a value" "expected argument for flag '-d'" \
    av export -n p -d
usage_err "a flag word is not a value" \
    "expected argument for flag '--region'" av export -n --region -x p
usage_err "a bad AWS_VAULT_DURATION" \
    'time: unknown unit "x" in duration "5x"' \
    env AWS_VAULT_DURATION=5x "$AV_BIN" export -n p
t_run env AWS_VAULT_DURATION= "$AV_BIN" export -n p
t_is "an empty AWS_VAULT_DURATION counts as unset" "$T_RC" 0
t_run env AWS_VAULT_DURATION=5x "$AV_BIN" export -n -d 1h p
t_is "the flag wins over a bad env value (env is not read)" "$T_RC" 0

# --- bundled short flags and --no-NAME, seen through cached sessions ----
# The Go-made store holds a GetSessionToken session for p1 that is alive
# under the pinned clock: with --no-session the long-term key is printed
# (no SessionToken), without it the cached session.
t_go_store
# has_token DESC yes|no ARGS...: whether export's JSON has a SessionToken.
has_token() {
	_d=$1 _want=$2
	shift 2
	t_go_run export --format=json "$@"
	if [ "$T_RC" != 0 ]; then
		t_fail "$_d (status $T_RC: $(cat "$T_ERR"))"
	elif grep -q '"SessionToken"' "$T_OUT"; then
		t_is "$_d" yes "$_want"
	else
		t_is "$_d" no "$_want"
	fi
}
has_token "no flag: the cached session" yes p1
has_token "-n: the long-term key" no -n p1
has_token "-nt123456: -n then -t with a glued value" no -nt123456 p1
has_token "-n -t 123456" no -n -t 123456 p1
has_token "-t123456 alone" yes -t123456 p1
has_token "-tn: n is -t's value, not -n" yes -tn p1
has_token "--no-session" no --no-session p1
has_token "--no-no-session negates --no-session" yes --no-no-session p1
has_token "--no-debug is accepted" yes --no-debug p1
t_go_run export --format=json -n p1
t_like "the long-term key of p1 is the Go store's" "$(cat "$T_OUT")" \
    '"AccessKeyId": "AKIAIOSFODNN7EXAMPLE"'
usage_err "--no- on a flag that takes a value" \
    "unknown long flag '--no-region'" av export --no-region p
usage_err "--no-no-session and --no-session together" \
    "flag 'no-session' cannot be repeated" av export --no-no-session \
    --no-session p
usage_err "-n twice" "flag 'no-session' cannot be repeated" \
    av export -n -n p

# --- env-var defaults --------------------------------------------------
t_av_keys "$HOME/.awsvault/keys" "home=AKIAPARSETEST0000003:homeSecret"
t_run env AWS_VAULT_FILE_DIR= "$AV_BIN" list --credentials
t_is "an empty AWS_VAULT_FILE_DIR counts as unset (default dir)" \
    "$T_RC:$(cat "$T_OUT")" "0:home"
t_run env AWS_VAULT_FILE_DIR="$T_HOME/other" "$AV_BIN" list --credentials
t_is "AWS_VAULT_FILE_DIR gives the default" "$(cat "$T_OUT")" "other"
t_run env AWS_VAULT_FILE_DIR="$T_HOME/other" "$AV_BIN" list \
    --file-dir "$AWS_VAULT_FILE_DIR" --credentials
t_is "the flag wins over the env var" "$(cat "$T_OUT")" "p"
for v in 1 t T TRUE true True 0 f F FALSE false False ""; do
	t_run env AWS_VAULT_STDOUT="$v" "$AV_BIN" export -n p
	t_is "bool env value '$v' is accepted" "$T_RC" 0
done
usage_err "a bad bool env value" \
    'strconv.ParseBool: parsing "maybe": invalid syntax' \
    env AWS_VAULT_STDOUT=maybe "$AV_BIN" export -n p
usage_err "a bad value of a hidden global's env" \
    'strconv.ParseBool: parsing "yes": invalid syntax' \
    env AWS_VAULT_BIOMETRICS=yes "$AV_BIN" list
t_run env AWS_VAULT_BACKEND=nope "$AV_BIN" list
t_like "a bad enum env value" "$(cat "$T_ERR")" \
    "aws-vault: error: enum value must be one of "
t_like "... names the value" "$(cat "$T_ERR")" ", got 'nope', try --help"
t_run env AWS_VAULT_BACKEND=nope "$AV_BIN" nosuchcommand
t_like "env defaults are checked before the parse error (kingpin order)" \
    "$(cat "$T_ERR")" ", got 'nope', try --help"
t_run env AWS_VAULT_BACKEND=nope "$AV_BIN" --backend file list --credentials
t_is "the flag wins over a bad enum env value" "$T_RC:$(cat "$T_OUT")" "0:p"
t_run env AWS_VAULT_BACKEND=nope "$AV_BIN" --help
t_is "--help does not read the env defaults" "$T_RC" 0

# --- @file expansion ---------------------------------------------------
printf 'list\n# a comment\n\n   \n--credentials\r\n' >"$T_HOME/args"
ok_out "@file: one argument per line, comments and blank lines skipped" \
    "p" av "@$T_HOME/args"
ok_out "@file mixed with more arguments" "other" \
    av "@$T_HOME/args" --file-dir "$T_HOME/other"
printf -- '--file-dir\n%s\n' "$T_HOME/other" >"$T_HOME/args2"
ok_out "@file as a flag's value" "other" \
    av list --credentials "@$T_HOME/args2"
usage_err "@ alone" "expected @ file to expand arguments from" av @
usage_err "@ of a missing file (Go's os.Open text)" \
    'failed to open arguments file "/nonexistent/args": open /nonexistent/args: no such file or directory' \
    av @/nonexistent/args
usage_err "@ of a directory" \
    "failed to read arguments from \"$T_HOME\": read $T_HOME: is a directory" \
    av "@$T_HOME"
truncate -s 2M "$T_HOME/huge-args"
usage_err "@ of a file over 1 MiB: says so (not a stale errno)" \
    "failed to read arguments from \"$T_HOME/huge-args\": $T_HOME/huge-args is larger than 1048576 bytes" \
    av "@$T_HOME/huge-args"

# --- parse error texts ---------------------------------------------------
usage_err "an unknown command" 'expected command but got "foo"' av foo
usage_err "an empty command word" 'expected command but got ""' av ""
usage_err "a missing required argument" \
    "required argument 'profile' not provided" av add
usage_err "a repeated flag" "flag 'profiles' cannot be repeated" \
    av list --profiles --profiles
usage_err "a surplus argument" "unexpected extra" av list extra
usage_err "too many arguments for remove" "unexpected b" av remove a b
usage_err "an unknown long flag" "unknown long flag '--bogus'" av --bogus
usage_err "an unknown short flag" "unknown short flag '-x'" av -x
usage_err "an unknown flag bundled after a bool" "unknown short flag '-x'" \
    av export -nx p
usage_err "a bad enum value" \
    "enum value must be one of env,export-env,json,ini, got 'x'" \
    av export --format=x p
usage_err "an enum flag without its value" \
    "expected argument for flag '--format'" av export p --format
usage_err "an enum flag followed by a flag" \
    "expected argument for flag '--format'" av export --format --region x p

# --- the order kingpin reports things in ---------------------------------
t_run av list --profiles --profiles --help
t_is "--help wins over a repeated flag" "$T_RC:$(head -1 "$T_ERR")" \
    "0:usage: aws-vault list [<flags>]"
t_run av export --format=x --help
t_is "--help wins over a bad value" "$T_RC:$(head -1 "$T_ERR")" \
    "0:usage: aws-vault export [<flags>] [<profile>]"
usage_err "a parse error wins over an earlier bad value" \
    "unknown long flag '--bogus'" av export --format=x --bogus p
usage_err "a parse error wins over --help after it" \
    "unexpected extra" av list extra --help
t_run av --version --bogus
t_is "--version acts before a later parse error" \
    "$T_RC:$(cat "$T_OUT"):$(cat "$T_ERR")" "0::$(av version)"
t_run av --version --help
t_is "--version wins over --help" "$T_RC:$(cat "$T_ERR")" "0:$(av version)"

# --- the two error formats -----------------------------------------------
t_run env -u AWS_ACCESS_KEY_ID "$AV_BIN" add --env p2
t_is "a command's error: 'aws-vault: error: <cmd>: <msg>', no hint" \
    "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: add: Missing value for AWS_ACCESS_KEY_ID"
ln -s "$AV_BIN" "$T_HOME/av-link"
t_run "$T_HOME/av-link" foo
t_is "usage errors name basename(argv[0])" "$T_RC:$(cat "$T_ERR")" \
    '1:av-link: error: expected command but got "foo", try --help'
t_run env -u AWS_ACCESS_KEY_ID "$T_HOME/av-link" add --env p2
t_is "command errors use the literal name aws-vault" "$(cat "$T_ERR")" \
    "aws-vault: error: add: Missing value for AWS_ACCESS_KEY_ID"
t_run av help foo
t_is "help <unknown>: app name, no hint" "$T_RC:$(cat "$T_ERR")" \
    '1:aws-vault: error: expected command but got "foo"'
t_run av help list x
t_is "help with a surplus word" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: unexpected x"

t_done
