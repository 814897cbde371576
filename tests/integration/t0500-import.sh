#!/bin/sh
# t0500-import.sh: `aws-vault import` in a home seeded with the fixtures
# of tests/data/import: --dry-run changes no byte; importing everything
# stores the keys (read back through `export --no-session`), removes
# their sections and keeps every other byte of the credentials file
# (compared with a hand-written expected file), skips the temporary
# section, adds config sections carrying region / mfa_serial; CSV import;
# unknown names, keys already stored (same, different, --overwrite),
# --keep; a keystore that takes a key but cannot give it back (pass with
# a recipient whose secret key is not on this machine) leaves that
# section in place and exits 1.  No output ever shows a secret.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"
. "$AV_SOURCE_ROOT/tests/integration/lib-peers.sh"

t_setup
t_import_home

# Every file under HOME with its checksum and mode.  (Opening the file
# keystore may create its empty directory, as every command does.)
sums() {
	(cd "$HOME" && find . -type f -exec sha256sum {} + | sort &&
	    find . -type f -exec stat -c '%n %a' {} + | sort)
}

# stored NAME: "<AccessKeyId> <SecretAccessKey>" as export reads them.
stored() {
	"$AV_BIN" export --no-session --format=json "$1" 2>>"$LOG" |
	    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["AccessKeyId"], d["SecretAccessKey"])'
}

# --dry-run: says what it would do, changes nothing.
before=$(sums)
t_run_logged --debug import --dry-run
t_is "dry run exits 0" "$RC" 0
t_like "dry run names default" "$OUT" \
    "Would import credentials for profile \"default\" (****************MPLE) and would remove them from $C"
t_like "dry run names work" "$OUT" \
    "Would import credentials for profile \"work\" (****************WXYZ) and would remove them from $C"
t_like "dry run skips the temporary section" "$OUT" \
    'Skipped profile "sts": temporary credentials (aws_session_token) expire by themselves'
t_like "dry run says what goes to the config" "$OUT" \
    "would add [profile work] to $AWS_CONFIG_FILE with mfa_serial; not copied (nested values): s3"
t_is "dry run changes no file" "$(sums)" "$before"
t_is "and stores nothing" "$(ls -A "$HOME/keys" 2>/dev/null)" ""

# Import everything.
t_run_logged --debug import
t_is "import exits 0" "$RC" 0
t_like "default imported and removed" "$OUT" \
    "Imported credentials for profile \"default\" (****************MPLE) and removed them from $C"
t_like "work imported and removed" "$OUT" \
    "Imported credentials for profile \"work\" (****************WXYZ) and removed them from $C"
t_like "the config section for default carries region" "$OUT" \
    "added [default] to $AWS_CONFIG_FILE with region"
t_is "default is stored" "$(stored default)" \
    "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
t_is "work is stored" "$(stored work)" \
    "AKIAEXAMPLEWORK0WXYZ workEXAMPLEsecretKey/0123456789abcdefghij"
t_ok "the credentials file lost exactly the two sections" \
    cmp "$C" "$D/credentials.expected"
t_is "and kept its mode" "$(stat -c %a "$C")" 600
t_ok "the config got the two sections, appended" \
    cmp "$AWS_CONFIG_FILE" "$D/config.expected"
t_like "then the leftovers report lists the backup" "$OUT" \
    "$HOME/.aws/credentials.bak.2024-01-01: a copy of access keys ****************MPLE, ****************WXYZ, in the keystore: delete it"
t_like "and the temporary section" "$OUT" \
    "$C:4: [sts] holds temporary credentials"
t_like "and a download not in the keystore" "$OUT" \
    "$HOME/Downloads/alice_accessKeys.csv: access key ****************0ALI, not in the keystore: import it with"
t_like "and the history lines" "$OUT" \
    "$HOME/.bash_history: lines 2, 3, 5 hold AWS keys"
t_ok "the backup is not touched" \
    cmp "$HOME/.aws/credentials.bak.2024-01-01" "$D/credentials"

t_run_logged import
t_like "a second import finds nothing" "$OUT" \
    "No long-term keys to import in $C"
t_is "and exits 0" "$RC" 0

# CSV.
t_run_logged import --csv "$HOME/Downloads/accessKeys.csv" --profile csvuser
t_is "csv import exits 0" "$RC" 0
t_like "csv import says so" "$OUT" \
    "Imported credentials for profile \"csvuser\" (****************CSV1) from $HOME/Downloads/accessKeys.csv"
t_is "the csv key is stored" "$(stored csvuser)" \
    "AKIAEXAMPLECSV00CSV1 csvEXAMPLEsecretKey/0123456789abcdefghijk"
t_ok "the csv file is left for doctor --delete" \
    test -f "$HOME/Downloads/accessKeys.csv"
t_like "which the report now says is stored" "$OUT" \
    "$HOME/Downloads/accessKeys.csv: access key ****************CSV1, in the keystore as profile \"csvuser\": delete it"
t_run_logged import --csv "$HOME/Downloads/alice_accessKeys.csv" --profile alice
t_is "the old console layout imports" "$(stored alice)" \
    "AKIAEXAMPLEALICE0ALI aliceEXAMPLEsecretKey/0123456789abcdefghi"

printf 'Access key ID,Secret access key\r\nAKIAEXAMPLEBAD000BAD,"wJalrXUtnFEMI/K7MDENG\r\n' \
    > "$T_HOME/bad.csv"
t_run_logged import --csv "$T_HOME/bad.csv" --profile bad
t_is "a malformed csv fails" "$RC" 1
t_is "naming the file and line" "$ERR" \
    "aws-vault: error: import: $T_HOME/bad.csv:2: a quoted field is not closed"
printf 'User name,Access key ID,Secret access key\na,AKIAEXAMPLEBAD000BAD,x\nb,AKIAEXAMPLEBAD000BA2,y\n' \
    > "$T_HOME/two.csv"
t_run_logged import --csv "$T_HOME/two.csv" --profile bad
t_like "a csv with two keys is refused" "$ERR" \
    "holds 2 keys (records at lines 2 and 3, ...); --csv imports a file with one key"
t_run_logged import --csv "$T_HOME/two.csv"
t_is "--csv needs --profile" "$ERR" \
    "aws-vault: error: --csv needs --profile NAME, try --help"
t_run_logged export --no-session --format=json bad
t_is "nothing was stored for the bad files" "$RC" 1
t_run_logged import --profile x
t_is "--profile goes with --csv only" "$ERR" \
    "aws-vault: error: --profile goes with --csv; name credentials-file sections as arguments, try --help"

# Names on the command line.
cat > "$C" <<'EOF'
[work]
aws_access_key_id = AKIAEXAMPLEWORK0WXYZ
aws_secret_access_key = rotatedEXAMPLEsecret/0123456789abcdefghi

[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
EOF
cp "$C" "$T_HOME/c.before"
t_run_logged import nosuch
t_is "an unknown name fails" "$RC" 1
t_is "naming it" "$ERR" \
    "aws-vault: error: import: profile 'nosuch' not found in $C"
t_run_logged import work
t_is "a different stored key is not replaced" "$RC" 1
t_is "and the command says why" "$ERR" \
    "aws-vault: profile \"work\" not imported: other credentials (****************WXYZ) are already stored under this name; use --overwrite to replace them
aws-vault: error: import: not imported (still in plaintext): work"
t_ok "the file is untouched" cmp "$C" "$T_HOME/c.before"
t_is "the stored key too" "$(stored work)" \
    "AKIAEXAMPLEWORK0WXYZ workEXAMPLEsecretKey/0123456789abcdefghij"
t_run_logged import default
t_is "the same key already stored is fine" "$RC" 0
t_like "and its section goes" "$OUT" \
    "Credentials for profile \"default\" (****************MPLE) were already in the keystore; removed them from $C"
t_run_logged import --overwrite work
t_is "--overwrite replaces it" "$(stored work)" \
    "AKIAEXAMPLEWORK0WXYZ rotatedEXAMPLEsecret/0123456789abcdefghi"
t_ok "the emptied credentials file stays, empty" test -f "$C" -a ! -s "$C"

printf '[keepme]\naws_access_key_id=AKIAEXAMPLEKEEP0KEEP\naws_secret_access_key=keepEXAMPLEsecretKey/0123456789abcdefghij\n' > "$C"
cp "$C" "$T_HOME/c.before"
t_run_logged import --keep
t_like "--keep stores" "$OUT" \
    "Imported credentials for profile \"keepme\" (****************KEEP); $C still holds them (--keep)"
t_ok "and leaves the file alone" cmp "$C" "$T_HOME/c.before"
t_is "the kept key is stored" "$(stored keepme)" \
    "AKIAEXAMPLEKEEP0KEEP keepEXAMPLEsecretKey/0123456789abcdefghij"

# AWS_SHARED_CREDENTIALS_FILE names the source.
printf '[other]\naws_access_key_id=AKIAEXAMPLEOTHR0OTHR\naws_secret_access_key=otherEXAMPLEsecretKey/0123456789abcdefgh\n' \
    > "$T_HOME/other-creds"
export AWS_SHARED_CREDENTIALS_FILE="$T_HOME/other-creds"
t_run_logged import
unset AWS_SHARED_CREDENTIALS_FILE
t_like "AWS_SHARED_CREDENTIALS_FILE is the source" "$OUT" \
    "and removed them from $T_HOME/other-creds"
t_ok "and was emptied" test ! -s "$T_HOME/other-creds"

# A keystore that accepts a key but cannot read it back.  pass encrypts
# team/* to a second gpg key whose secret half is deleted: `pass insert`
# works, `pass show` fails, as on a machine that lacks the recipient's
# private key.
if command -v pass >/dev/null && command -v gpg >/dev/null; then
	peers_gpg
	sed -e 's/aws-vault test/second key/' -e 's/test@/second@/' \
	    "$T_HOME/keyparams" > "$T_HOME/keyparams2"
	gpg --batch --gen-key "$T_HOME/keyparams2" >/dev/null 2>&1
	FPR2=$(gpg --list-keys --with-colons second@example.invalid 2>/dev/null |
	    awk -F: '/^fpr/{print $10; exit}')
	gpg --batch --yes --delete-secret-keys "$FPR2" >/dev/null 2>&1
	export PASSWORD_STORE_DIR="$T_HOME/store"
	pass init "$FPR" >/dev/null 2>&1
	pass init -p team "$FPR2" >/dev/null 2>&1
	cat > "$C" <<'EOF'
# pass test
[good]
aws_access_key_id = AKIAEXAMPLEGOOD0GOOD
aws_secret_access_key = goodEXAMPLEsecretKey/0123456789abcdefghij

[team/ci]
aws_access_key_id = AKIAEXAMPLETEAM0TEAM
aws_secret_access_key = teamEXAMPLEsecretKey/0123456789abcdefghij
EOF
	export AWS_VAULT_BACKEND=pass
	t_run_logged import
	t_is "a failed read-back exits 1" "$RC" 1
	t_like "the other key is imported" "$OUT" \
	    "Imported credentials for profile \"good\" (****************GOOD) and removed them from $C"
	t_like "the failed one is named" "$ERR" \
	    "aws-vault: profile \"team/ci\" not imported: stored, but reading it back failed: "
	t_like "at the end too" "$ERR" \
	    "aws-vault: error: import: not imported (still in plaintext): team/ci"
	t_is "only the good section left the file" "$(cat "$C")" "# pass test
[team/ci]
aws_access_key_id = AKIAEXAMPLETEAM0TEAM
aws_secret_access_key = teamEXAMPLEsecretKey/0123456789abcdefghij"
	t_is "the good key reads back from pass" "$(stored good)" \
	    "AKIAEXAMPLEGOOD0GOOD goodEXAMPLEsecretKey/0123456789abcdefghij"
	export AWS_VAULT_BACKEND=file
	unset PASSWORD_STORE_DIR
else
	t_skip "a keystore that cannot read a key back" \
	    "pass or gpg not installed"
fi

# Nothing printed anywhere showed a secret.
leak=
while IFS= read -r s; do
	[ -n "$s" ] && grep -qF -- "$s" "$LOG" && leak="$leak $s"
done < "$D/secrets"
for s in rotatedEXAMPLEsecret keepEXAMPLEsecret otherEXAMPLEsecret \
    goodEXAMPLEsecret teamEXAMPLEsecret; do
	grep -qF -- "$s" "$LOG" && leak="$leak $s"
done
t_is "no secret in any output" "$leak" ""

t_done
