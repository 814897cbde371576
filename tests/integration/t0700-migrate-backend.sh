#!/bin/sh
# t0700-migrate-backend.sh: `aws-vault migrate-backend` (spec 3.11, BN
# cli/migrate_backend.go) against the real stores: file -> pass -> keyctl
# -> secret-service -> file and back the other way, each copy checked with
# the store's own tool (decrypt.py, pass show, keyctl pipe, secret-tool
# lookup) as the Go Item JSON.  The dry run, "copied, verified",
# "skipped, already exists in destination", --overwrite, --profile,
# --delete-source and the summary block are compared byte for byte;
# sessions and oidc: items stay behind; the error paths: same backends, a
# missing profile, and destinations that refuse a write (a pass store
# whose gpg key is gone, a file store where a directory sits on the name)
# print "failed: ...", stop, exit 1 and leave the source intact.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

peers_need dbus-run-session gnome-keyring-daemon secret-tool gdbus pass gpg \
    gpgconf keyctl unshare base64
peers_need_backend secret-service
t_own_keyring "$@"
peers_reexec_dbus "$@"
peers_home
peers_gnome_keyring awsvault
export AWS_CONFIG_FILE="$HOME/.aws/config"
export AWS_VAULT_FILE_DIR="$HOME/keys" AWS_VAULT_FILE_PASSPHRASE=t0700-pp
export PASSWORD_STORE_DIR="$HOME/pass-store"
keyctl link @u @s >/dev/null	# the shell can read @u's keys
peers_gpg
peers_pass_store "$PASSWORD_STORE_DIR"
mkdir -m 700 "$HOME/.aws"
: > "$AWS_CONFIG_FILE"

SESSION='sts.GetSessionToken,YQ,,1796013341'
OIDC='oidc:https://example.awsapps.com/start'
id_of() { printf 'AKIAMIGRATETEST000%s' "$(echo "$1" | tr a-z A-Z)"; }
sk_of() { printf 'migrate/%s+Secret00000000000000000000000000%s' "$1" "$2"; }

# item NAME [GEN]: the Go Item JSON of NAME's credentials (version GEN).
item() {
	_d='{"AccessKeyID":"'$(id_of "$1")'","SecretAccessKey":"'$(sk_of "$1" "${2:-1}")'","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z","AccountID":""}'
	printf '{"Key":"%s","Data":"%s","Label":"aws-vault (%s)","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}' \
	    "$1" "$(printf '%s' "$_d" | base64 -w0)" "$1"
}
# data NAME [GEN]: the Data alone (what keyctl holds).
data() { item "$@" | python3 -c 'import base64, json, sys
print(base64.b64decode(json.load(sys.stdin)["Data"]).decode(), end="")'; }

# add B NAME [GEN]: store NAME's credentials in backend B with the CLI.
add() {
	env AWS_ACCESS_KEY_ID="$(id_of "$2")" \
	    AWS_SECRET_ACCESS_KEY="$(sk_of "$2" "${3:-1}")" \
	    timeout 60 "$AV_BIN" --backend="$1" add --env --no-add-config "$2" \
	    >/dev/null
}

keyctl_ring() { keyctl search @u keyring aws-vault 2>/dev/null; }
# native B KEY: what backend B's own tool holds under KEY (the Item JSON;
# the raw Data for keyctl); fails when there is none.
native() {
	case $1 in
	file)	[ -f "$AWS_VAULT_FILE_DIR/$2" ] &&
		    python3 "$AV_SHARED_TESTDATA/go-file-backend/decrypt.py" \
		    "$AWS_VAULT_FILE_DIR/$2" "$AWS_VAULT_FILE_PASSPHRASE" |
		    sed -n 2p ;;
	pass)	[ -f "$PASSWORD_STORE_DIR/$2.gpg" ] && pass show "$2" ;;
	keyctl)	_id=$(keyctl search "$(keyctl_ring)" user "$2" 2>/dev/null) &&
		    keyctl pipe "$_id" ;;
	secret-service)
		[ -n "$(secret-tool search --all profile "$2" 2>&1)" ] &&
		    secret-tool lookup profile "$2" ;;
	esac
}
# holds B NAME... : B's own tool holds exactly NAME's Go item (gen 1).
holds() {
	_b=$1; shift
	for _n in "$@"; do
		if [ "$_b" = keyctl ]; then _w=$(data "$_n"); else _w=$(item "$_n"); fi
		[ "$(native "$_b" "$_n")" = "$_w" ] || return 1
	done
}
# lacks B NAME... : B holds none of them.
lacks() {
	_b=$1; shift
	for _n in "$@"; do native "$_b" "$_n" >/dev/null 2>&1 && return 1; done
	return 0
}
# migrate ARGS...: run migrate-backend; output in $T_OUT, $T_ERR, $T_RC.
migrate() { t_run timeout 120 "$AV_BIN" migrate-backend "$@"; }
# summary C O S D: the summary block.
summary() {
	printf '\nMigration summary:\n  copied: %s\n  overwritten: %s\n  skipped: %s\n  deleted from source: %s' "$@"
}

# ---- the source: three credentials, a session and an SSO token -------
for n in a b c; do add file $n; done
"$KR_TOOL" -b file set "$SESSION" '{"AccessKeyId":"ASIASESSION"}'
"$KR_TOOL" -b file set "$OIDC" '{"Token":{}}'
t_ok "file holds a, b, c as the Go tool writes them" holds file a b c

# ---- errors before anything is written -------------------------------
migrate --from=file --to=file
t_is "same source and destination" "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
    "1:aws-vault: error: migrate-backend: source and destination backends must differ"
migrate --from=file --to=pass --profile=zz
t_is "a profile that is not in the source" \
    "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
    '1:aws-vault: error: migrate-backend: profile "zz" not found in source backend'
migrate --from=file --to=pass --profile="$SESSION"
t_is "a session key is not a profile to migrate" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: migrate-backend: profile \"$SESSION\" not found in source backend"
migrate --from=pass --to=file --dry-run
t_is "dry run from an empty source" "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
    "0:No credentials found in source backend pass."
migrate --from=pass --to=file
t_is "migrating from an empty source" "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
    "0:No credentials found in source backend pass."
migrate --from=file --to=bogus
t_is "an unknown backend (kingpin enum)" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: enum value must be one of secret-service,keyctl,pass,passage,file, got 'bogus', try --help"
migrate --from=file
t_is "--to is required" "$T_RC:$(cat "$T_ERR")" \
    "1:aws-vault: error: required flag(s) '--to' not provided, try --help"

nobus() {
	t_run env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR timeout 60 \
	    "$AV_BIN" migrate-backend "$@"
}
nobus --from=secret-service --to=file
t_is "a source that does not open" "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
    '1:aws-vault: error: migrate-backend: open source backend "secret-service": secret-service: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus)'
nobus --from=file --to=secret-service
t_is "a destination that does not open" "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
    '1:aws-vault: error: migrate-backend: open destination backend "secret-service": secret-service: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus)'
nobus --from=file --to=secret-service --dry-run
t_is "a dry run does not open the destination" "$T_RC:$(head -1 "$T_OUT")" \
    "0:Would migrate 3 credential profile(s) from file to secret-service:"

# ---- file -> pass ------------------------------------------------------
migrate --from=file --to=pass --dry-run
t_file_is "dry run: the list, no changes" "$T_OUT" "Would migrate 3 credential profile(s) from file to pass:
  a
  b
  c

No changes made.
"
t_ok "dry run: pass holds nothing" lacks pass a b c
migrate --from=file --to=pass
t_file_is "file -> pass: copied, verified; the summary" "$T_OUT" \
    "Migrating a... copied, verified
Migrating b... copied, verified
Migrating c... copied, verified
$(summary 3 0 0 0)
"
t_is "file -> pass: exit 0, nothing on stderr" "$T_RC:$(cat "$T_ERR")" "0:"
t_ok "pass show gives each as the Go Item JSON" holds pass a b c
t_not "the session was not copied" test -e "$PASSWORD_STORE_DIR/$SESSION.gpg"
t_is "nor the SSO token: pass holds only a, b, c" \
    "$(cd "$PASSWORD_STORE_DIR" && find . -name '*.gpg' | sort)" \
    "./a.gpg
./b.gpg
./c.gpg"
t_ok "the source is untouched" holds file a b c
t_is "with its session and token" "$(ls "$AWS_VAULT_FILE_DIR" | sort)" \
    "a
b
c
oidc:https:%2F%2Fexample.awsapps.com%2Fstart
$SESSION"

migrate --from=file --to=pass
t_file_is "again: skipped, already exists" "$T_OUT" \
    "Migrating a... skipped, already exists in destination
Migrating b... skipped, already exists in destination
Migrating c... skipped, already exists in destination
$(summary 0 0 3 0)
"
add file b 2
migrate --from=file --to=pass --profile=b
t_file_is "--profile=b without --overwrite: skipped" "$T_OUT" \
    "Migrating b... skipped, already exists in destination
$(summary 0 0 1 0)
"
t_ok "pass still has the old b" holds pass b
migrate --from=file --to=pass --profile=b --overwrite
t_file_is "--profile=b --overwrite: overwritten, verified" "$T_OUT" \
    "Migrating b... overwritten, verified
$(summary 0 1 0 0)
"
t_is "pass now has the new b" "$(native pass b)" "$(item b 2)"
t_ok "a and c are unchanged" holds pass a c
add file b
add pass b

# ---- pass -> keyctl, deleting the source ------------------------------
migrate --from=pass --to=keyctl --delete-source
t_file_is "pass -> keyctl --delete-source" "$T_OUT" \
    "Migrating a... copied, verified, deleted source
Migrating b... copied, verified, deleted source
Migrating c... copied, verified, deleted source
$(summary 3 0 0 3)
"
t_ok "keyctl holds the raw Data of each" holds keyctl a b c
t_ok "pass holds none of them any more" lacks pass a b c

# ---- keyctl -> secret-service -> file ---------------------------------
migrate --from=keyctl --to=secret-service --dry-run
t_file_is "keyctl dry run" "$T_OUT" "Would migrate 3 credential profile(s) from keyctl to secret-service:
  a
  b
  c

No changes made.
"
migrate --from=keyctl --to=secret-service --delete-source --profile=a
t_file_is "keyctl -> secret-service --profile=a --delete-source" "$T_OUT" \
    "Migrating a... copied, verified, deleted source
$(summary 1 0 0 1)
"
migrate --from=keyctl --to=secret-service --delete-source
t_file_is "keyctl -> secret-service --delete-source: the rest" "$T_OUT" \
    "Migrating b... copied, verified, deleted source
Migrating c... copied, verified, deleted source
$(summary 2 0 0 2)
"
t_ok "secret-tool lookup gives each as the Go Item JSON" \
    holds secret-service a b c
t_is "the keyctl store is empty" "$(keyctl rlist "$(keyctl_ring)")" ""
migrate --from=secret-service --to=file --delete-source
t_file_is "secret-service -> file --delete-source: all there already" \
    "$T_OUT" "Migrating a... skipped, already exists in destination
Migrating b... skipped, already exists in destination
Migrating c... skipped, already exists in destination
$(summary 0 0 3 0)
"
t_ok "skipped credentials are never deleted from the source" \
    holds secret-service a b c
migrate --from=secret-service --to=file --delete-source --overwrite
t_file_is "secret-service -> file --overwrite --delete-source" "$T_OUT" \
    "Migrating a... overwritten, verified, deleted source
Migrating b... overwritten, verified, deleted source
Migrating c... overwritten, verified, deleted source
$(summary 0 3 0 3)
"
t_ok "file holds each as the Go Item JSON" holds file a b c
t_ok "secret-service holds none" lacks secret-service a b c

# ---- the other way round: file -> secret-service -> keyctl -> pass -> file
migrate --from=file --to=secret-service
t_is "file -> secret-service" "$T_RC:$(head -1 "$T_OUT")" \
    "0:Migrating a... copied, verified"
migrate --from=secret-service --to=keyctl --delete-source
t_is "secret-service -> keyctl" "$T_RC:$(tail -1 "$T_OUT")" \
    "0:  deleted from source: 3"
migrate --from=keyctl --to=pass --delete-source
t_is "keyctl -> pass" "$T_RC:$(tail -1 "$T_OUT")" "0:  deleted from source: 3"
t_ok "pass holds them as the Go Item JSON" holds pass a b c
rm -f "$AWS_VAULT_FILE_DIR/a" "$AWS_VAULT_FILE_DIR/b" "$AWS_VAULT_FILE_DIR/c"
migrate --from=pass --to=file --delete-source
t_file_is "pass -> file: the round trip ends where it began" "$T_OUT" \
    "Migrating a... copied, verified, deleted source
Migrating b... copied, verified, deleted source
Migrating c... copied, verified, deleted source
$(summary 3 0 0 3)
"
t_ok "file holds a, b, c again" holds file a b c
t_ok "the session and token never left the file store" \
    test -e "$AWS_VAULT_FILE_DIR/$SESSION"

# ---- a destination that refuses a write: the pass store's key is gone --
add pass zz-first
gpg --batch --yes --delete-secret-and-public-key "$FPR" >/dev/null 2>&1
t_is "the pass store's gpg key is gone" \
    "$(gpg --list-keys --with-colons 2>/dev/null | grep -c '^pub')" 0
migrate --from=file --to=pass --delete-source
t_is "pass refuses the write: exit 1" "$T_RC" 1
t_like "the first profile fails with the write step named" \
    "$(head -1 "$T_OUT")" 'Migrating a... failed: write destination profile "a": '
t_is "and the run stops there" "$(sed -n '2,$p' "$T_OUT")" \
    "Migration stopped. Source credentials were not deleted for the failed profile."
t_like "the error, once more on stderr" "$(cat "$T_ERR")" \
    'aws-vault: error: migrate-backend: write destination profile "a": '
t_ok "the source is intact" holds file a b c
t_ok "nothing was written to pass" lacks pass a b c

# ---- a failure mid-way: a directory sits on the destination's name -----
add keyctl a
add keyctl b
add keyctl c
rm -f "$AWS_VAULT_FILE_DIR/a" "$AWS_VAULT_FILE_DIR/b" "$AWS_VAULT_FILE_DIR/c"
mkdir -p "$AWS_VAULT_FILE_DIR/b/in-the-way"
migrate --from=keyctl --to=file --delete-source --overwrite
t_is "the write of b fails: exit 1" "$T_RC" 1
t_like "a was copied and deleted, b failed" "$(cat "$T_OUT")" \
    'Migrating a... copied, verified, deleted source
Migrating b... failed: write destination profile "b": '
t_is "the last line" "$(tail -1 "$T_OUT")" \
    "Migration stopped. Source credentials were not deleted for the failed profile."
t_not "no summary after a failure" grep -q 'Migration summary' "$T_OUT"
t_like "stderr names the step" "$(cat "$T_ERR")" \
    'aws-vault: error: migrate-backend: write destination profile "b": '
t_ok "the failed profile and the rest are still in the source" \
    holds keyctl b c
t_ok "the one done moved" holds file a
t_ok "and left the source" lacks keyctl a
t_ok "the obstacle is untouched" test -d "$AWS_VAULT_FILE_DIR/b/in-the-way"
t_is "no temp file is left behind" \
    "$(ls -a "$AWS_VAULT_FILE_DIR" | grep -c 'tmp-')" 0

t_done
