#!/bin/sh
# t0011-cli-help.sh: help and version output (spec 1.2, 1.4, 1.5 and
# Appendix A).  The expected files in tests/data/cli/ were made by
# kingpin's own usage templates and Go's doc.ToText (help-oracle.go) for
# our flag tables; the lines our flags share with the Go tool are also
# checked here against the text of the spec's Appendix A.  Help goes to
# stderr with status 0 and is 80 columns wide when stderr is not a
# terminal ($COLUMNS wins, as in kingpin).
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
unset COLUMNS
DATA=$AV_SOURCE_ROOT/tests/data/cli
# hrun [VAR=value...] av ARGS...: t_run the binary with no MFA helper
# program on PATH, so that the --prompt list is [terminal] whatever is
# installed.
hrun() {
	_envs=""
	while [ "$1" != av ]; do
		_envs="$_envs $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	t_run env PATH=/nonexistent $_envs "$AV_BIN" "$@"
}

# known FILE: FILE without the commands the oracle does not know (added
# to the binary since help-oracle.go was last run): in the command list
# of the top-level and long help, a command's block runs from its name
# line to the next; in the man page, from one .SS to the next.
KNOWN=" help add remove migrate-backend list exec export clear version "
known() {
	awk -v known="$KNOWN" '
	/^Commands:$|^\.SH "COMMANDS"$/ {
		for (; blanks > 0; blanks--) print ""
		cmds = 1; keep = 1; print; next
	}
	cmds && /^[a-z]/ { split($0, w, " "); keep = index(known, " " w[1] " ") }
	cmds && /^\.SS$/ { man = 1; held = $0; next }
	man && held != "" {
		name = $0; sub(/^\\fB/, "", name); split(name, w, " ")
		keep = index(known, " " w[1] " ")
		if (keep) print held
		held = ""
	}
	(!cmds || keep) && $0 == "" { blanks++; next }
	!cmds || keep { for (; blanks > 0; blanks--) print ""; print }' "$1"
}
# ends FILE: the number of newlines that end FILE.
ends() {
	tail -c 8 "$1" | od -An -c | tr -s ' ' '\n' | awk '
	    /^\\n$/ {n++; next} /./ {n = 0} END {print n + 0}'
}

# help_is DESC FILE CMD...: CMD prints FILE on stderr, nothing on stdout,
# and exits 0.  Commands newer than the oracle are left out of both.
help_is() {
	_d=$1 _f=$2
	shift 2
	hrun "$@"
	t_is "$_d: status 0, stdout empty" "$T_RC:$(cat "$T_OUT")" "0:"
	known "$T_ERR" >"$T_HOME/got"
	known "$_f" >"$T_HOME/want"
	t_cmp "$_d: stderr is $(basename "$_f")" "$T_HOME/got" "$T_HOME/want"
	t_is "$_d: ends with as many newlines" "$(ends "$T_ERR")" \
	    "$(ends "$_f")"
}

# The help files list all five backends: a build without libsecret
# (-Dsecret_service=disabled) cannot match them; any other list is a bug.
t_run av --completion-bash --backend
case $(tr '\n' ' ' <"$T_OUT") in
"secret-service keyctl pass passage file") ;;
"keyctl pass passage file")
	t_skip_all "built without secret-service; the help files list it" ;;
*)
	t_fail "completion lists the five backends: $(tr '\n' ' ' <"$T_OUT")"
	t_done ;;
esac

# --- the top-level help, four ways ------------------------------------
help_is "--help" "$DATA/help.txt" av --help
help_is "help" "$DATA/help.txt" av help
help_is "no command" "$DATA/help.txt" av
help_is "--help with a global flag" "$DATA/help.txt" av --debug --help
help_is "--no-help shows help too (kingpin)" "$DATA/help.txt" av --no-help
help_is "COLUMNS=100 wraps at 100 columns" "$DATA/help-100.txt" \
    COLUMNS=100 av --help
help_is "a COLUMNS that is not a number is ignored" "$DATA/help.txt" \
    COLUMNS=junk av --help
if t_have_pexpect; then
	export T_PTY_COLS=100
	t_pty "$T_HOME/pty.log" -- env PATH=/nonexistent "$AV_BIN" --help
	unset T_PTY_COLS
	tr -d '\r' <"$T_HOME/pty.log" >"$T_HOME/pty.txt"
	known "$T_HOME/pty.txt" >"$T_HOME/got"
	known "$DATA/help-100.txt" >"$T_HOME/want"
	t_cmp "on a terminal 100 columns wide, help is 100 columns wide" \
	    "$T_HOME/got" "$T_HOME/want"
else
	t_skip "on a terminal, help is as wide as the terminal" \
	    "python3 pexpect is missing"
fi

# --- per-command help -------------------------------------------------
help_is "exec --help" "$DATA/help-exec.txt" av exec --help
help_is "help exec" "$DATA/help-exec.txt" av help exec
help_is "--help exec" "$DATA/help-exec.txt" av --help exec
help_is "exec --help with arguments" "$DATA/help-exec.txt" \
    av exec p --help -- ls
help_is "help exec <args> (kingpin parses them)" "$DATA/help-exec.txt" \
    av help exec p ls -- -la
help_is "export --help" "$DATA/help-export.txt" av export --help
help_is "add --help" "$DATA/help-add.txt" av add --help
help_is "clear --help" "$DATA/help-clear.txt" av clear --help
help_is "migrate-backend --help" "$DATA/help-migrate-backend.txt" \
    av migrate-backend --help
hrun av help remove
cp "$T_ERR" "$T_HOME/help-remove"
help_is "an alias: rm --help is remove's help" "$T_HOME/help-remove" \
    av rm --help
t_like "remove's usage line" "$(head -1 "$T_HOME/help-remove")" \
    "usage: aws-vault remove [<flags>] <profile>"

# --- lines shared with the Go tool, from the spec's Appendix A ----------
hrun av --help
# block FIRST LAST: the lines of the help from FIRST up to before LAST.
block() {
	awk -v a="$1" -v b="$2" 'index($0, a) == 1 {p = 1} index($0, b) == 1 {p = 0} p' "$T_ERR"
}
t_is "Appendix A: the usage lines" "$(head -7 "$T_ERR"; echo .)" \
    "usage: aws-vault [<flags>] <command> [<args> ...]

A vault for securely storing and accessing AWS credentials in development
environments.


Flags:
."
t_is "Appendix A: help, version, debug" \
    "$(block '      --[no-]help' '      --backend=')" \
"      --[no-]help                Show context-sensitive help (also try
                                 --help-long and --help-man).
  -v, --[no-]version             Show application version.
      --[no-]debug               Show debugging output"
# The two trailing blanks after a flag too wide for its column are kept.
t_is "Appendix A: keychain .. file-dir, wrapping and trailing blanks" \
    "$(block '      --prompt=' '      --file-passphrase-ttl=')" \
"      --prompt=PROMPT            Prompt driver to use [terminal]
                                 (\$AWS_VAULT_PROMPT)
      --keychain=\"aws-vault\"     Name of macOS keychain to use,
                                 if it doesn't exist it will be created
                                 (\$AWS_VAULT_KEYCHAIN_NAME)
      --secret-service-collection=\"awsvault\"  
                                 Name of secret-service collection to use,
                                 if it doesn't exist it will be created
                                 (\$AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
      --pass-dir=PASS-DIR        Pass password store directory
                                 (\$AWS_VAULT_PASS_PASSWORD_STORE_DIR)
      --pass-cmd=PASS-CMD        Name of the pass executable
                                 (\$AWS_VAULT_PASS_CMD)
      --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in
                                 pass (\$AWS_VAULT_PASS_PREFIX)
      --file-dir=\"~/.awsvault/keys/\"  
                                 Directory for the \"file\" password store
                                 (\$AWS_VAULT_FILE_DIR)"
known "$T_ERR" >"$T_HOME/known"
t_is "Appendix A: the commands we have, in the Go order" \
    "$(sed -n '/^Commands:/,$p' "$T_HOME/known")" "Commands:
help [<command>...]
    Show help.

add [<flags>] <profile>
    Add credentials to the secure keystore.

remove [<flags>] <profile>
    Remove credentials from the secure keystore.

migrate-backend --from=FROM --to=TO [<flags>]
    Migrate stored credentials between keyring backends.

list [<flags>]
    List profiles, along with their credentials and sessions.

exec [<flags>] [<profile>] [<cmd>] [<args>...]
    Execute a command with AWS credentials.

export [<flags>] [<profile>]
    Export AWS credentials.

clear [<profile>]
    Clear temporary credentials from the secure keystore.

version
    Print the aws-vault version and build info."
hrun av exec --help
t_is "Appendix A: exec's usage line, help line and two blank lines" \
    "$(head -5 "$T_ERR"; echo .)" \
    "usage: aws-vault exec [<flags>] [<profile>] [<cmd>] [<args>...]

Execute a command with AWS credentials.


."
t_is "Appendix A: exec's --ecs-server wraps as in Go" \
    "$(block '      --[no-]ecs-server' '      --[no-]lazy')" \
"      --[no-]ecs-server          Run a ECS credential server in the background
                                 for credentials (the SDK or app must support
                                 AWS_CONTAINER_CREDENTIALS_FULL_URI)"
t_is "Appendix A: exec's Args" "$(block 'Args:' '__end__')" "Args:
  [<profile>]  Name of the profile
  [<cmd>]      Command to execute, defaults to \$SHELL
  [<args>]     Command arguments"

# --- hidden flags: long help and the man page go to stdout --------------
hrun av --help-long
t_is "--help-long: status 0, nothing on stderr" "$T_RC:$(cat "$T_ERR")" "0:"
known "$T_OUT" >"$T_HOME/got"
known "$DATA/help-long.txt" >"$T_HOME/want"
t_cmp "--help-long is kingpin's long help" "$T_HOME/got" "$T_HOME/want"
hrun av --help-man
known "$T_OUT" >"$T_HOME/got"
sed "s/@VERSION@/$("$AV_BIN" version)/" "$DATA/help-man.txt" >"$T_HOME/man"
known "$T_HOME/man" >"$T_HOME/want"
t_cmp "--help-man is kingpin's man page" "$T_HOME/got" "$T_HOME/want"

# --- version ----------------------------------------------------------
VERSION=$(sed -n "s/^ *version : '\(.*\)',$/\1/p" "$AV_SOURCE_ROOT/meson.build" |
    head -1)
t_like "the version is BN's without a v, with our suffix" "$VERSION" "7.13.5-c."
t_run av --version
t_is "--version: on stderr, status 0" "$T_RC:$(cat "$T_OUT"):$(cat "$T_ERR")" \
    "0::$VERSION"
t_run av -v
t_is "-v: on stderr, status 0" "$T_RC:$(cat "$T_OUT"):$(cat "$T_ERR")" \
    "0::$VERSION"
t_run av version
t_is "version: on stdout" "$T_RC:$(cat "$T_OUT"):$(cat "$T_ERR")" \
    "0:$VERSION:"
t_run av list --version
t_is "--version after a command word still prints the version" \
    "$T_RC:$(cat "$T_ERR")" "0:$VERSION"
usage_line() { t_run "$@"; cat "$T_ERR"; }
t_is "version takes no argument" "$(usage_line av version x)" \
    "aws-vault: error: unexpected x, try --help"

t_done
