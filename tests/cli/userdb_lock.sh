# SPDX-License-Identifier: ISC
# A user database another program keeps locked: opening it waits 5 s in all, then
# gives up with a message naming the file and the lock, instead of retrying each
# of its attempts with the full busy timeout (about 21 minutes). timeout 60 only
# keeps a wrong build from hanging the suite; no time is measured.
. "$top_srcdir/tests/lib.sh"

export MEDIFLUX_DB="$REFDB"
UDB="$XDG_DATA_HOME/mediflux/user.db"

# hold MODE: a python3 process holding an exclusive lock on the user database,
# in its journal mode MODE (wal or delete), until killed; HOLDER is its pid.
hold() {
	rm -f "$TEST_TMP/held"
	python3 - "$UDB" "$1" "$TEST_TMP/held" <<'EOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = " + sys.argv[2])
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[3], "w").close()
time.sleep(300)
EOF
	HOLDER=$!
	wait_for_file "$TEST_TMP/held"
}

release() {
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
}

run profile set mutuelle.name "Mutuelle A"
is "$RC" 0 "the user database is made"

for mode in wal delete; do
	hold $mode
	ok "$mode: another process holds an exclusive lock" test -e "$TEST_TMP/held"
	OUT=$(timeout 60 "$MEDIFLUX" profile set mutuelle.name "Mutuelle B" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
	is "$RC" 1 "$mode: profile set gives up (status 1, not killed by the 60 s guard)"
	is "$ERR" "mediflux: $UDB: another program kept it locked for 5 s (database is locked): try again when it has finished" \
	    "$mode: and says which file another program keeps locked"
	release
done

run profile show --json
is "$(printf '%s' "$OUT" | json 'd["mutuelle"]["name"]')" "Mutuelle A" \
    "the refused changes were not made"
run profile set mutuelle.name "Mutuelle C"
is "$RC:$ERR" "0:" "once the lock is released, the user database opens at once"
run profile show --json
is "$(printf '%s' "$OUT" | json 'd["mutuelle"]["name"]')" "Mutuelle C" "and the change is kept"

done_testing
