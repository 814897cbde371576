#!/bin/sh
# t0501-doctor.sh: `aws-vault doctor` in a home seeded with the fixtures
# of tests/data/import (a credentials file with a temporary section, a
# dated backup, two console downloads, bash and zsh history with key
# lines, and decoys without keys): it lists exactly the seeded leftovers
# by path and line, never a secret; it compares key ids with the keystore
# only when that needs no prompt; --delete asks first and removes only
# copies and downloads whose keys are stored; --scrub-history removes
# exactly the flagged lines; a clean home says so.
. "$AV_SOURCE_ROOT/tests/integration/lib.sh"

t_setup
t_import_home
# Decoys that only look like leftovers.
cp "$D/credentials.example" "$HOME/.aws/"
mkdir "$HOME/Documents"
echo "notes without keys" > "$HOME/Documents/credentials.csv"

H=$HOME
HINT="Nothing was changed. \`aws-vault doctor --delete\` deletes the copies and downloads whose keys are in the keystore; \`--scrub-history\` removes the history lines."
CRED_LINES="$C:2: [default] holds a long-term key: run \`aws-vault import default\`
$C:8: [work] holds a long-term key: run \`aws-vault import work\`
$C:16: [sts] holds temporary credentials: they expire; delete the section when you no longer need it"
HIST_LINES="$H/.bash_history: lines 2, 3, 5 hold AWS keys: delete those lines (\`aws-vault doctor --scrub-history\`)
$H/.zsh_history: line 2 holds an AWS key: delete it (\`aws-vault doctor --scrub-history\`)"

# Before anything is imported; the keystore is readable (the passphrase
# is in the environment) and empty.
REPORT="$CRED_LINES
$H/.aws/credentials.bak.2024-01-01: a copy of access keys ****************MPLE, ****************WXYZ, not all in the keystore: import them with \`AWS_SHARED_CREDENTIALS_FILE=$H/.aws/credentials.bak.2024-01-01 aws-vault import\`, or delete it if they are no longer used
$H/Downloads/accessKeys.csv: access key ****************CSV1, not in the keystore: import it with \`aws-vault import --csv $H/Downloads/accessKeys.csv --profile NAME\`
$H/Downloads/alice_accessKeys.csv: access key ****************0ALI, not in the keystore: import it with \`aws-vault import --csv $H/Downloads/alice_accessKeys.csv --profile NAME\`
$HIST_LINES"
t_run_logged doctor
t_is "doctor exits 0 when it finds something" "$RC" 0
t_is "it lists exactly the seeded leftovers" "$OUT" "$REPORT
$HINT"
t_is "and nothing on stderr" "$ERR" ""
t_run_logged import --scan-only
t_is "import --scan-only gives the same report" "$OUT" "$REPORT"
t_is "and exits 0" "$RC" 0

# Import the credentials file and one download.
t_run_logged import
t_is "import works" "$RC" 0
t_run_logged import --csv "$H/Downloads/accessKeys.csv" --profile csvuser
t_is "csv import works" "$RC" 0
# Without the passphrase the stored keys cannot be read: nothing is
# compared and nothing is asked.
sums=$(cd "$HOME" && find . -type f -exec sha256sum {} + | sort)
unset AWS_VAULT_FILE_PASSPHRASE
t_run_logged doctor
t_is "a locked keystore: doctor still exits 0" "$RC" 0
t_like "and suggests importing before deleting" "$OUT" \
    "$H/Downloads/accessKeys.csv: access key ****************CSV1: delete it after importing it with \`aws-vault import --csv $H/Downloads/accessKeys.csv --profile NAME\`"
t_like "for the backup too" "$OUT" \
    "$H/.aws/credentials.bak.2024-01-01: a copy of access keys ****************MPLE, ****************WXYZ: delete it after importing what you still use"
t_is "without a prompt" "$ERR" ""
export AWS_VAULT_FILE_PASSPHRASE=test-passphrase
t_is "doctor changed no file" \
    "$(cd "$HOME" && find . -type f -exec sha256sum {} + | sort)" "$sums"

t_run_logged doctor
t_is "after importing, the report changes" "$OUT" "$C:4: [sts] holds temporary credentials: they expire; delete the section when you no longer need it
$H/.aws/credentials.bak.2024-01-01: a copy of access keys ****************MPLE, ****************WXYZ, in the keystore: delete it
$H/Downloads/accessKeys.csv: access key ****************CSV1, in the keystore as profile \"csvuser\": delete it
$H/Downloads/alice_accessKeys.csv: access key ****************0ALI, not in the keystore: import it with \`aws-vault import --csv $H/Downloads/alice_accessKeys.csv --profile NAME\`
$HIST_LINES
$HINT"

# --delete asks first; without a terminal and --force nothing goes.
sums=$(cd "$HOME" && find . -type f -exec sha256sum {} + | sort)
t_run_logged doctor --delete
t_is "--delete without a terminal fails" "$RC" 1
t_like "saying why" "$ERR" "aws-vault: error: doctor: open /dev/tty"
t_is "and neither deletes nor changes anything" \
    "$(cd "$HOME" && find . -type f -exec sha256sum {} + | sort)" "$sums"
cp -p "$C" "$W/credentials.before"

t_run_logged --debug doctor --delete --force
t_is "--delete --force exits 0" "$RC" 0
t_like "it deletes the backup" "$OUT" \
    "Deleted $H/.aws/credentials.bak.2024-01-01"
t_like "and the stored download" "$OUT" \
    "Deleted $H/Downloads/accessKeys.csv"
t_like "not the download whose key is not stored" "$OUT" \
    "Not deleting $H/Downloads/alice_accessKeys.csv: it holds a key that is not in the keystore"
t_ok "the backup is gone" test ! -e "$H/.aws/credentials.bak.2024-01-01"
t_ok "the stored download is gone" test ! -e "$H/Downloads/accessKeys.csv"
t_ok "the other download stays" test -f "$H/Downloads/alice_accessKeys.csv"
t_ok "the decoys stay" test -f "$H/.aws/credentials.example" -a \
    -f "$H/Downloads/accessKeys_template.csv" -a \
    -f "$H/Documents/credentials.csv"
t_ok "history is not touched by --delete" cmp "$H/.bash_history" \
    "$D/bash_history"
t_ok "nor is the credentials file" cmp "$C" "$W/credentials.before"

t_run_logged doctor --scrub-history --force
t_is "--scrub-history exits 0" "$RC" 0
t_like "it says what it removed" "$OUT" \
    "Removed 3 lines from $H/.bash_history"
t_ok "bash history lost exactly the key lines" cmp "$H/.bash_history" \
    "$D/bash_history.expected"
t_ok "zsh history too" cmp "$H/.zsh_history" "$D/zsh_history.expected"

t_run_logged import --csv "$H/Downloads/alice_accessKeys.csv" --profile alice
t_run_logged doctor --delete --force
t_like "once imported, the last download goes" "$OUT" \
    "Deleted $H/Downloads/alice_accessKeys.csv"

# Only the temporary section is left; then nothing.
t_run_logged doctor
t_is "what remains" "$OUT" "$C:4: [sts] holds temporary credentials: they expire; delete the section when you no longer need it
$HINT"
: > "$C"
t_run_logged doctor
t_is "a clean home" "$OUT" "No plaintext AWS keys found."
t_is "exits 0" "$RC" 0

leak=
while IFS= read -r s; do
	[ -n "$s" ] && grep -qF -- "$s" "$LOG" && leak="$leak $s"
done < "$D/secrets"
t_is "no secret in any output" "$leak" ""

t_done
