#!/bin/sh
# t0012-cli-complete.sh: the --completion-bash protocol (spec 1.5, kingpin
# completionOptions): candidates separated by newlines with no newline at
# the end; the commands at the top level, in the Go order; the long flags
# of the command and then the global ones when the word starts with "--"
# (hidden flags left out, nothing after a bare "--"); an enum flag's
# values; profile names at a profile argument, narrowed to a partly typed
# name, counted from the parsed arguments (a flag's value is not one);
# and the bash script kingpin prints, driven by bash itself.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
t_setup
unset COLUMNS

# [default] has none of the keys aws-vault reads: it is not a profile.
cat >"$AWS_CONFIG_FILE" <<'EOF'
[default]
output=json

[profile p1]

[profile prod]
region=eu-west-1

[profile prod-eu]
include_profile=prod
EOF

# comp_is DESC WANT WORDS...: exactly WANT (newline-separated, no newline
# at the end) for `aws-vault --completion-bash WORDS...`.
comp_is() {
	_d=$1 _w=$2
	shift 2
	t_run av --completion-bash "$@"
	t_file_is "$_d" "$T_OUT" "$_w"
	[ "$T_RC" = 0 ] || t_fail "$_d: status $T_RC"
}
lines() { for _x in "$@"; do printf '%s\n' "$_x"; done; }
join() { lines "$@" | awk 'NR > 1 {printf "\n"} {printf "%s", $0}'; }

PROFILES=$(join p1 prod prod-eu)
GLOBALS=$(join --help --version --debug --backend --prompt --keychain \
    --secret-service-collection --pass-dir --pass-cmd --pass-prefix \
    --file-dir --file-passphrase-ttl --keyctl-scope)
EXEC_FLAGS=$(join --duration --no-session --region --mfa-token --server \
    --ec2-server --ecs-server --lazy --stdout --profile-env)
EXPORT_FLAGS=$(join --duration --no-session --region --mfa-token --format \
    --stdout)

# --- commands ----------------------------------------------------------
# The Go order (spec 1.5), keeping the commands this build has (its help
# lists them), then the commands the Go tool does not have.
t_run av --help
HAVE=$(awk '/^Commands:/ {c = 1; next} c && /^[a-z]/ {print $1}' "$T_ERR")
GO_ORDER="help add remove migrate-backend list rotate exec export clear login
version"
WANT=""
for c in $GO_ORDER; do
	case " $(echo $HAVE) " in *" $c "*) WANT="$WANT $c" ;; esac
done
for c in $HAVE; do
	case " $(echo $GO_ORDER) " in *" $c "*) ;; *) WANT="$WANT $c" ;; esac
done
# shellcheck disable=SC2086
WANT=$(join $WANT)
t_like "the build has the commands of issue 2" "$(echo $HAVE)" \
    "help add remove"
comp_is "no word: the commands, in order, no trailing newline" "$WANT"
comp_is "an empty word: the commands" "$WANT" ""
comp_is "a partly typed command: all commands (the shell filters)" \
    "$WANT" ex
comp_is "after a global flag: the commands" "$WANT" --debug ""
t_run av --completion-bash
t_is "no newline at the end" "$(tail -c 1 "$T_OUT" | od -An -c | tr -d ' ')" \
    "$(printf '%s' "$WANT" | tail -c 1)"

# --- flags -------------------------------------------------------------
comp_is "-- at the top level: the visible global flags" "$GLOBALS" --
comp_is "exec --: exec's flags, then the global ones" \
    "$EXEC_FLAGS
$GLOBALS" exec --
comp_is "a partly typed flag: the same list" "$EXEC_FLAGS
$GLOBALS" exec --reg
comp_is "export --" "$EXPORT_FLAGS
$GLOBALS" export p1 --
comp_is "list --" "$(join --profiles --sessions --credentials)
$GLOBALS" list --
comp_is "nothing after a bare --" "" exec p1 -- --
comp_is "nothing after a bare -- (word being typed)" "" exec p1 -- --x

# --- enum values -------------------------------------------------------
FORMATS=$(join env export-env json ini)
comp_is "after --format: its values" "$FORMATS" export --format
comp_is "after --format, empty word" "$FORMATS" export --format ""
comp_is "after --format, partly typed: all values" "$FORMATS" \
    export --format j
comp_is "after --format json: back to the profile" "$PROFILES" \
    export --format json ""
t_run av --help
HELP_BACKENDS=$(tr '\n' ' ' <"$T_ERR" | sed 's/  */ /g' |
    sed -n 's/.*Secret backend to use \[\([^]]*\)\].*/\1/p')
t_run av --completion-bash --backend
t_is "after --backend: the backends help lists" "$(echo $(cat "$T_OUT"))" \
    "$HELP_BACKENDS"
t_like "... file among them" " $HELP_BACKENDS " " file "
comp_is "after --backend file: the commands" "$WANT" --backend file ""
comp_is "a flag without values, then a word: the profiles" "$PROFILES" \
    exec --region eu-west-1 ""

# --- profile names -----------------------------------------------------
comp_is "exec: the profiles ([default] without keys is left out)" \
    "$PROFILES" exec
comp_is "exec, empty word" "$PROFILES" exec ""
comp_is "exec pr: the profiles starting with pr" "$(join prod prod-eu)" \
    exec pr
comp_is "exec prod: an exact name needs nothing more" "" exec prod
comp_is "exec p1 <cmd>: no completion for the command" "" exec p1 ""
comp_is "exec -d 1h: a flag's value is not the profile" "$PROFILES" \
    exec -d 1h ""
comp_is "exec -n -t 123456" "$PROFILES" exec -n -t 123456 ""
comp_is "export" "$PROFILES" export ""
comp_is "remove" "$PROFILES" remove ""
comp_is "the alias rm" "$PROFILES" rm ""
comp_is "clear" "$PROFILES" clear ""
comp_is "add has no profile hint" "" add ""
comp_is "list takes no argument" "" list ""
printf '[default]\nregion=us-east-1\n\n[profile solo]\n' >"$T_HOME/config2"
t_run env AWS_CONFIG_FILE="$T_HOME/config2" "$AV_BIN" --completion-bash \
    exec ""
t_file_is "a [default] with a known key is a profile" "$T_OUT" "default
solo"

# --- the scripts -----------------------------------------------------------
t_run av --completion-script-bash
t_like "bash script: calls --completion-bash with the quoted words" \
    "$(cat "$T_OUT")" \
    'opts=$( ${COMP_WORDS[0]} --completion-bash "${COMP_WORDS[@]:1:$COMP_CWORD}" )'
t_like "bash script: registered for aws-vault" "$(cat "$T_OUT")" \
    "complete -F _aws-vault_bash_autocomplete -o default aws-vault"
t_run av --completion-script-zsh
t_like "zsh script" "$(head -1 "$T_OUT")" "#compdef aws-vault"
if command -v bash >/dev/null 2>&1; then
	t_run av --completion-script-bash
	cp "$T_OUT" "$T_HOME/complete.bash"
	# bash runs the function as a shell would on <TAB>.
	comp_bash() {
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		    _aws-vault_bash_autocomplete; printf "%s\n" "${COMPREPLY[@]}"' \
		    bash "$T_HOME/complete.bash" "$AV_BIN" "$@"
	}
	t_is "bash: aws-vault exec pr<TAB>" "$(comp_bash exec pr)" "prod
prod-eu"
	t_is "bash: aws-vault exp<TAB>" "$(comp_bash exp)" "export"
	t_is "bash: aws-vault export --format e<TAB>" \
	    "$(comp_bash export --format e)" "env
export-env"
	t_is "bash: aws-vault exec <TAB> (empty word)" "$(comp_bash exec '')" \
	    "p1
prod
prod-eu"
else
	t_skip "the bash script driven by bash" "bash is not installed"
fi

t_done
