#!/bin/sh
# t0701-backends-cli.sh: every backend through the real CLI, each checked
# with the store's own tool: file (decrypt.py), pass (pass show / pass ls),
# passage (the lib-peers stand-in; age -d), keyctl (keyctl, in a user
# keyring of its own) and secret-service (secret-tool, headless
# gnome-keyring).  For each: `--backend=X add --env p`, `list`, `export
# --no-session --format=json p` (exact), `exec --no-session p -- env`,
# `remove -f p`; then `exec p` with a real GetSessionToken session from
# moto, which must land in that store under the Go key
# "sts.GetSessionToken,<b64url p>,,<unix expiry>" with the session JSON,
# and `clear` takes it out again.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-moto.sh"

peers_need dbus-run-session gnome-keyring-daemon secret-tool gdbus pass gpg \
    gpgconf keyctl unshare age age-keygen base64
peers_need_backend secret-service
moto_need
t_own_keyring "$@"
peers_reexec_dbus "$@"
peers_home
peers_gnome_keyring awsvault
export AWS_CONFIG_FILE="$HOME/.aws/config"
export AWS_VAULT_FILE_DIR="$HOME/keys" AWS_VAULT_FILE_PASSPHRASE=t0701-pp
export AWS_VAULT_DISABLE_HELP_MESSAGE=1
export PASSWORD_STORE_DIR="$HOME/pass-store" PASSAGE_DIR="$HOME/passage-store"
keyctl link @u @s >/dev/null	# the shell can read @u's keys
peers_gpg
peers_pass_store "$PASSWORD_STORE_DIR"
peers_passage_store "$PASSAGE_DIR"
mkdir -m 700 "$HOME/.aws"
printf '[profile p]\nregion = us-east-1\n' > "$AWS_CONFIG_FILE"

ID=AKIABACKENDTEST00001
SK='backendCli/Secret+00000000000000000000001'
DATA='{"AccessKeyID":"'$ID'","SecretAccessKey":"'$SK'","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z","AccountID":""}'
ITEM='{"Key":"p","Data":"'$(printf '%s' "$DATA" | base64 -w0)'","Label":"aws-vault (p)","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}'
EXPORT='{
  "Version": 1,
  "AccessKeyId": "'$ID'",
  "SecretAccessKey": "'$SK'"
}'
LIST="Profile                  Credentials              Sessions                 
=======                  ===========              ========                 
p                        p                        -                        "

# keyctl_id KEY: the id of KEY in the aws-vault keyring of @u.
keyctl_id() {
	keyctl search "$(keyctl search @u keyring aws-vault)" user "$1" \
	    2>/dev/null
}

# native B KEY: what backend B's own tool holds under KEY: the Item JSON
# (the raw Data for keyctl); fails when there is none.
native() {
	case $1 in
	file)	[ -f "$AWS_VAULT_FILE_DIR/$2" ] &&
		    python3 "$AV_SHARED_TESTDATA/go-file-backend/decrypt.py" \
		    "$AWS_VAULT_FILE_DIR/$2" "$AWS_VAULT_FILE_PASSPHRASE" |
		    sed -n 2p ;;
	pass)	pass show "$2" 2>/dev/null ;;
	passage) [ -f "$PASSAGE_DIR/$2.age" ] &&
		    age -d -i "$HOME/.passage/identities" "$PASSAGE_DIR/$2.age" ;;
	keyctl)	_id=$(keyctl_id "$2") && keyctl pipe "$_id" ;;
	secret-service)
		[ -n "$(secret-tool search --all profile "$2" 2>&1)" ] &&
		    secret-tool lookup profile "$2" ;;
	esac
}

# native_data B KEY: the Data of KEY as B's own tool shows it.
native_data() {
	if [ "$1" = keyctl ]; then
		native "$@"
	else
		native "$@" | python3 -c 'import base64, json, sys
print(base64.b64decode(json.load(sys.stdin)["Data"]).decode(), end="")'
	fi
}

# native_keys B: every key B's own tool lists, one per line.
native_keys() {
	case $1 in
	file)	ls "$AWS_VAULT_FILE_DIR" ;;
	pass)	pass ls | sed 's/\x1b\[[0-9;]*m//g' |
		    sed -n '2,$s/^[^[:alnum:]]* //p' ;;
	passage) ls "$PASSAGE_DIR" | sed -n 's/\.age$//p' ;;
	keyctl)	for _k in $(keyctl rlist "$(keyctl search @u keyring \
		    aws-vault)"); do keyctl rdescribe "$_k" | cut -d';' -f5-
		done ;;
	secret-service)
		gdbus call --session --dest org.freedesktop.secrets \
		    --object-path /org/freedesktop/secrets/collection/awsvault \
		    --method org.freedesktop.DBus.Properties.Get \
		    org.freedesktop.Secret.Collection Items |
		    grep -o "/org/freedesktop/secrets/collection/awsvault/[0-9]*" |
		    while read -r _o; do gdbus call --session \
		    --dest org.freedesktop.secrets --object-path "$_o" \
		    --method org.freedesktop.DBus.Properties.Get \
		    org.freedesktop.Secret.Item Label |
		    sed "s/^(<'\\(.*\\)'>,)\$/\\1/"; done ;;
	esac
}

# ---- long-term credentials, each backend -----------------------------
for B in file pass passage keyctl secret-service; do
	t_run env AWS_ACCESS_KEY_ID=$ID AWS_SECRET_ACCESS_KEY=$SK \
	    timeout 60 "$AV_BIN" --backend=$B add --env p
	t_is "$B: add --env p" "$T_RC:$(cat "$T_OUT")$(cat "$T_ERR")" \
	    "0:Added credentials to profile \"p\" in vault"
	if [ $B = keyctl ]; then
		t_is "$B: keyctl holds the raw Data" "$(native $B p)" "$DATA"
	else
		t_is "$B: its own tool holds the Go Item JSON" \
		    "$(native $B p)" "$ITEM"
	fi
	t_run timeout 60 "$AV_BIN" --backend=$B list
	t_is "$B: list" "$T_RC:$(cat "$T_OUT")" "0:$LIST"
	t_run timeout 60 "$AV_BIN" --backend=$B list --credentials
	t_is "$B: list --credentials" "$T_RC:$(cat "$T_OUT")" "0:p"
	t_run timeout 60 "$AV_BIN" --backend=$B export --no-session \
	    --format=json p
	t_is "$B: export --no-session --format=json p" \
	    "$T_RC:$(cat "$T_OUT")" "0:$EXPORT"
	t_run timeout 60 "$AV_BIN" --backend=$B exec --no-session p -- env
	t_is "$B: exec --no-session: the child sees the key" \
	    "$T_RC:$(grep -E '^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|VAULT)=' \
	    "$T_OUT" | sort)" "0:AWS_ACCESS_KEY_ID=$ID
AWS_SECRET_ACCESS_KEY=$SK
AWS_VAULT=p"
	t_run timeout 60 "$AV_BIN" --backend=$B remove -f p
	t_is "$B: remove -f p" "$T_RC:$(cat "$T_OUT")" "0:Deleted credentials."
	t_not "$B: gone from the store" native $B p
	t_run timeout 60 "$AV_BIN" --backend=$B list --credentials
	t_is "$B: list --credentials is empty" "$T_RC:$(cat "$T_OUT")" "0:"
done

# ---- a real session from moto lands in each backend ------------------
moto_start
moto_env
for B in file pass passage keyctl secret-service; do
	AWS_ACCESS_KEY_ID=$ID AWS_SECRET_ACCESS_KEY=$SK \
	    timeout 60 "$AV_BIN" --backend=$B add --env p >/dev/null
	t_run timeout 60 "$AV_BIN" --backend=$B exec p -- env
	t_is "$B: exec p: the child has moto's session" \
	    "$T_RC:$(grep -E '^AWS_(ACCESS_KEY_ID|VAULT)=' "$T_OUT" | sort)" \
	    "0:AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_VAULT=p"
	exp=$(sed -n 's/^AWS_CREDENTIAL_EXPIRATION=//p' "$T_OUT")
	unix=$(date -u -d "$exp" +%s 2>/dev/null)
	key="sts.GetSessionToken,cA,,$unix"
	t_is "$B: the store's own tool lists the Go session key" \
	    "$(native_keys $B | grep '^sts\.' | sed 's/%2F/\//g')" "$key"
	data=$(native_data $B "$key")
	t_is "$B: the session item holds the session JSON" \
	    "$(printf '%s' "$data" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(sorted(d), d["AccessKeyId"], d["Expiration"][:19])')" \
	    "['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken'] AKIAIOSFODNN7EXAMPLE $(date -u -d "$exp" +%Y-%m-%dT%H:%M:%S)"
	t_run timeout 60 "$AV_BIN" --backend=$B list --sessions
	t_like "$B: list --sessions shows it" "$(cat "$T_OUT")" \
	    "sts.GetSessionToken:"
	t_run timeout 60 "$AV_BIN" --backend=$B clear
	t_is "$B: clear" "$T_RC:$(cat "$T_OUT")" "0:Cleared 1 sessions."
	t_not "$B: the session is gone from the store" native $B "$key"
	t_is "$B: only the credentials are left" "$(native_keys $B)" p
	timeout 60 "$AV_BIN" --backend=$B remove -f p >/dev/null
done

t_done
