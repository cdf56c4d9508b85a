# SPDX-License-Identifier: ISC
# mediflux history: list (text and JSON), --limit, delete, clear, and the
# retention the profile's preferences set, applied whenever it is opened.
. "$top_srcdir/tests/lib.sh"

export MEDIFLUX_DB="$REFDB"
UDB="$XDG_DATA_HOME/mediflux/user.db"

# Adds entries as the query commands record them (at: SQL time expression).
add() {
	sqlite3 "$UDB" "INSERT INTO history (at, pane, command, params, result_count, duration_ms)
	    VALUES ($1, '$2', '$3', '$4', $5, $6)"
}
NOW="strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
history_count() {
	sqlite3 "$UDB" "SELECT count(*) FROM history"
}

run history
is "$RC:$OUT" "0:No history yet." "an empty history"
is "$(stat -c %a "$UDB")" 600 "the user database is private"

# A fixed date to compare the text with, kept whatever day the test runs on.
run profile set preferences.history_days 36500
add "'2026-01-15T10:00:00.250Z'" hospitals search '{"query":"lyon","limit":20}' 12 3.25
add "$NOW" regions regions '{"level":"departement","year":2024}' 101 15.5
add "$NOW" meds meds '{"atc":"A10","by":"atc3","top":5}' NULL 7
add "$NOW" hospitals search '{"query":"saint étienne"}' 0 1

# --- Text. --------------------------------------------------------------------------
TZ=UTC0 run history
is "$RC" 0 "list the history"
is "$(printf '%s\n' "$OUT" | head -1)" \
    "id  when                 command                                  results    ms" \
    "a header, columns aligned"
is "$(printf '%s\n' "$OUT" | sed -n 2p | cut -c1-2)" " 4" "newest first"
is "$(printf '%s\n' "$OUT" | tail -1)" \
    " 1  2026-01-15 10:00:00  search lyon --limit 20                        12   3.3" \
    "id, time, the command as typed, results, milliseconds rounded as the History pane does"
contains "$OUT" "  101  15.5" "English decimals"
TZ=UTC0 LC_ALL=fr_FR.UTF-8 run history
is "$(printf '%s\n' "$OUT" | tail -1 | tr -s ' ')" " 1 2026-01-15 10:00:00 search lyon --limit 20 12 3,3" \
    "fr: the milliseconds with a decimal comma"
contains "$OUT" "  101  15,5" "fr: every one"
lacks "$OUT" "15.5" "fr: no decimal point"
contains "$OUT" "search 'saint étienne'" "a parameter with a space is quoted"
contains "$OUT" "meds --atc A10 --by atc3 --top 5" "options in the order given"
TZ=XYZ-2 run history
contains "$OUT" "2026-01-15 12:00:00  search lyon" "times are local"

# --- JSON. --------------------------------------------------------------------------
run history --json
is "$RC" 0 "history --json"
is "$(printf '%s' "$OUT" | json 'len(d["entries"])')" 4 "every entry"
is "$(printf '%s' "$OUT" | json 'd["entries"][3]')" \
    "{'id': 1, 'at': '2026-01-15T10:00:00.250Z', 'pane': 'hospitals', 'command': 'search', 'params': {'query': 'lyon', 'limit': 20}, 'result_count': 12, 'duration_ms': 3.25}" \
    "id, at, pane, command, params, result_count, duration_ms"
is "$(printf '%s' "$OUT" | json 'd["entries"][1]["result_count"]')" None "no count is null"
run history --limit 2 --json
is "$(printf '%s' "$OUT" | json '[e["id"] for e in d["entries"]]')" "[4, 3]" "--limit 2 gives the newest two"

# --- Usage errors. -------------------------------------------------------------------
for args in "history --limit 0" "history --limit ten" "history --limit" "history delete" \
    "history delete abc" "history delete 1 2" "history delete -1" "history clear now" \
    "history frobnicate" "history delete 1 --json" "history clear --limit 3"; do
	run $args
	is "$RC" 2 "'mediflux $args' is a usage error"
done

# --- Delete and clear. ---------------------------------------------------------------
run history delete 2
is "$RC:$OUT" "0:Deleted history entry 2" "delete one entry"
run history delete 2
is "$RC" 1 "deleting it again fails"
contains "$ERR" "history: no entry 2" "saying there is no such entry"
run history delete 999
is "$RC" 1 "an id never used fails the same way"
run history --json
is "$(printf '%s' "$OUT" | json '[e["id"] for e in d["entries"]]')" "[4, 3, 1]" "the others stay"
run history clear
is "$RC:$OUT" "0:Deleted 3 history entries" "clear all, saying how many"
run history
is "$OUT" "No history yet." "nothing left"

# --- Retention, applied on opening. ---------------------------------------------------
run profile unset preferences.history_days
is "$RC" 0 "back to the default of 365 days"
i=0
while [ $i -lt 10 ]; do
	add "$NOW" meds meds "{\"top\":$i}" $i 1
	i=$((i + 1))
done
run profile set preferences.history_max 3
is "$RC" 0 "keep at most 3 entries"
run history --json
is "$(printf '%s' "$OUT" | json '[e["params"]["top"] for e in d["entries"]]')" "[9, 8, 7]" \
    "only the newest 3 are left"
is "$(sqlite3 "$UDB" "SELECT count(*) FROM history")" 3 "the others are deleted from the file"
run profile set preferences.history_max 100
add "'2001-01-01T00:00:00.000Z'" meds meds '{}' 1 1
add "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 days')" meds meds '{}' 1 1
run history --json
is "$(printf '%s' "$OUT" | json 'len(d["entries"])')" 4 "entries older than 365 days are deleted"
run profile set preferences.history_days 10
run history --json
is "$(printf '%s' "$OUT" | json 'len(d["entries"])')" 3 "and older than history_days when set"

# --- What the query commands record. -------------------------------------------------
run search lyon
is "$RC" 0 "a search"
run history --limit 1 --json
is "$(printf '%s' "$OUT" | json 'd["entries"][0]["pane"] + " " + d["entries"][0]["command"] + " " + d["entries"][0]["params"]["query"]')" \
    "hospitals search lyon" "is recorded with its pane, command and parameters"
# Every query command records one entry: pane, command, the options given, the
# result count it printed and a duration.
last() {
	run history --limit 1 --json
	printf '%s' "$OUT" | json '(lambda e: (e["pane"], e["command"], e["params"], e["result_count"], e["duration_ms"] >= 0))(d["entries"][0])'
}
run --db "$REFDB" search "saint-étienne" --limit 5 --json
is "$(last)" "('hospitals', 'search', {'query': 'saint-étienne', 'limit': 5, 'all': False}, $(printf '%s' "$OUT" | json 'd["total"]'), True)" \
    "search records its query, limit and how many establishments matched"
run --db "$REFDB" hospital 970400024
is "$RC" 0 "a hospital"
is "$(last)" "('hospitals', 'hospital', {'finess': '970400024'}, 1, True)" "hospital records the FINESS number"
run --db "$REFDB" regions --level departement --sort beds_per_100k
is "$(last)" "('regions', 'regions', {'level': 'departement', 'sort': 'beds_per_100k'}, 107, True)" \
    "regions records its level, sort and the 107 départements listed"
run --db "$REFDB" meds --atc N02 --age 60+ --top 2
is "$(last)" "('meds', 'meds', {'top': 2, 'atc': 'N02', 'age': 60}, 3, True)" \
    "meds records its filters and the rows before --top"
N=$(history_count)
run --db "$REFDB" meds --atc 9X
run --db "$REFDB" meds --year 1990
run --db "$REFDB" regions --level canton
is "$(history_count)" "$N" "a query that fails or is refused records nothing"
# A command that fails says its own error alone, and leaves the user database whole.
run --db "$TEST_TMP/none.db" search lyon
is "$RC:$(printf '%s\n' "$ERR" | wc -l)" "1:1" "a search of a missing reference database: one message"
contains "$ERR" "none.db" "naming the database"
is "$(history_count):$(sqlite3 "$UDB" "PRAGMA integrity_check")" "$N:ok" "and records nothing"
# The user database, opened while the query runs, only when it exists: a query
# that fails creates nothing, one that succeeds creates it to record itself.
run --db "$TEST_TMP/none.db" --user-db "$TEST_TMP/new/user.db" search lyon
is "$RC" 1 "a search of a missing reference database fails"
[ ! -e "$TEST_TMP/new" ]
is "$?" 0 "and creates no user database"
run --db "$REFDB" --user-db "$TEST_TMP/new/user.db" search lyon
is "$RC:$(stat -c %a "$TEST_TMP/new"):$(ls "$TEST_TMP/new")" "0:700:user.db-pending" \
    "the first search that succeeds creates its private directory"
is "$(stat -c %a "$TEST_TMP/new/user.db-pending"):$(sed 's/"at":"[^"]*"/"at":T/; s/"ms":[0-9.e-]*/"ms":N/' \
    "$TEST_TMP/new/user.db-pending")" \
    '600:{"at":T,"pane":"hospitals","command":"search","params":{"query":"lyon","limit":20,"all":false},"results":13,"ms":N}' \
    "and leaves its entry pending beside it, one JSON line, private too"
run --db "$REFDB" --user-db "$TEST_TMP/new/user.db" history --json
is "$RC:$(printf '%s' "$OUT" | json '[e["command"] for e in d["entries"]]')" "0:['search']" \
    "the next to open the database moves it in"
is "$(ls "$TEST_TMP/new" | tr '\n' ' '):$(sqlite3 "$TEST_TMP/new/user.db" "SELECT command FROM history")" \
    "user.db user.db-shm user.db-wal :search" "into the file, nothing left pending"
sqlite3 "$TEST_TMP/new/user.db" "PRAGMA application_id = 7"
run --db "$REFDB" --user-db "$TEST_TMP/new/user.db" meds --atc N02
is "$RC" 0 "a query whose user database is another program's still succeeds"
contains "$ERR" "mediflux: warning: not recorded in your history: $TEST_TMP/new/user.db: not a mediflux user database (application_id 7)" \
    "saying why, as opening it would"
is "$(ls "$TEST_TMP/new" | grep -c pending)" 0 "and leaves nothing pending"
printf 'not a database at all, 100 bytes or more: %100s\n' x > "$TEST_TMP/new/text.db"
chmod 600 "$TEST_TMP/new/text.db"
run --db "$REFDB" --user-db "$TEST_TMP/new/text.db" meds --atc N02
is "$RC:$ERR" "0:mediflux: warning: not recorded in your history: $TEST_TMP/new/text.db: file is not a database" \
    "nor a file that is no database"

# --- The entries commands leave pending. ------------------------------------------------
# Commands append, the next to open the database moves them in, in the order they ran,
# exactly once; lines that are no entry are left out with a warning.
PDB="$TEST_TMP/pending/user.db"
run --user-db "$PDB" search lyon
run --user-db "$PDB" regions
run --user-db "$PDB" meds --atc N02
is "$(wc -l < "$PDB-pending" | tr -d ' '):$(ls "$TEST_TMP/pending")" "3:user.db-pending" \
    "three commands, three lines pending, the database not even created"
printf '{"at":"2026-01-01T00:00:00.000Z","pane":"meds","command":"meds","params":[],"results":1,"ms":1}\n' >> "$PDB-pending"
printf '{"at":"yesterday","pane":"meds","command":"meds","params":{},"results":1,"ms":1}\n' >> "$PDB-pending"
printf '\001\377 not json\n' >> "$PDB-pending"
printf '{"at":"2026-01-01T00:00:00.000Z","pane":"meds","command":"meds","params":{},"results":-4,"ms":1}\n' >> "$PDB-pending"
run --user-db "$PDB" search 69
printf '{"at":"2026-01-01T00:00:00.000Z","pane":"meds","command":"meds","params":{},"res' >> "$PDB-pending"
run --user-db "$PDB" history --json
is "$RC:$(printf '%s' "$OUT" | json '" ".join(e["command"] + ":" + str(e["result_count"]) for e in reversed(d["entries"]))')" \
    "0:search:13 regions:24 meds:3 search:40" "history moves the 4 entries in, in the order they ran"
is "$ERR" "mediflux: warning: $PDB-pending: 5 damaged lines left out of your history" \
    "and says how many lines held no entry (a torn one included)"
is "$(ls "$TEST_TMP/pending" | grep -c pending)" 0 "nothing is left pending"
run --user-db "$PDB" history --json
is "$RC:$ERR:$(printf '%s' "$OUT" | json 'len(d["entries"])')" "0::4" "opened again: the same 4, no warning"

# A fold that died after its transaction, before removing the file it took, has
# left that file: the mark of its device, inode, size and time in the database
# says it is in already. One that died before (another file) moves it in.
run --user-db "$PDB" search lyon
mv "$PDB-pending" "$PDB-pending.taken"
ln "$PDB-pending.taken" "$TEST_TMP/kept"
run --user-db "$PDB" history --json
is "$RC:$(printf '%s' "$OUT" | json 'len(d["entries"])')" "0:5" "a taken file left by a fold that died is moved in"
mv "$TEST_TMP/kept" "$PDB-pending.taken"
run --user-db "$PDB" regions
run --user-db "$PDB" history --json
is "$RC:$(printf '%s' "$OUT" | json '" ".join(e["command"] for e in d["entries"][:3])')" \
    "0:regions search search" "the same file left again is not moved in twice; what came meanwhile is"
is "$(ls "$TEST_TMP/pending" | grep -c pending)" 0 "and both are gone"

# Pending files are judged as the database is: the user's alone, plain files.
run --user-db "$PDB" search lyon
chmod 644 "$PDB-pending"
run --user-db "$PDB" history
is "$RC" 1 "a pending file others may read is refused"
contains "$ERR" "$PDB-pending: refused as the user database's journal: mode 0644 lets group or others in" \
    "naming it and its mode"
run --user-db "$PDB" search lyon
contains "$RC:$ERR" "0:mediflux: warning: not recorded in your history: $PDB-pending: refused" \
    "a command does not add to it"
rm "$PDB-pending"
ln -s "$TEST_TMP/elsewhere" "$PDB-pending"
run --user-db "$PDB" search lyon
contains "$RC:$ERR" "0:mediflux: warning: not recorded in your history: $PDB-pending: refused as the user database's journal: a symbolic link" \
    "nor follows a link put in its place"
[ ! -e "$TEST_TMP/elsewhere" ]
is "$?" 0 "creating nothing where it leads"
rm "$PDB-pending"

# --- The WAL the database is left with. ----------------------------------------------
# Whoever opens the database leaves its WAL for the next one, unless it has grown past
# 64 pages: then the next one copies it into the file and starts it again. Another
# program leaves 300 entries of 4 kB in the WAL, never copied into the file. (The
# sqlite3 shell would copy it and remove it on closing: files are measured first.)
WDB="$TEST_TMP/wal/user.db"
run --user-db "$WDB" search lyon
history_fold --user-db "$WDB"
leave_in_wal "$WDB" 300
wal=$(stat -c %s "$WDB-wal")
[ "$wal" -gt 1000000 ]
is "$?" 0 "another program left a WAL of over 1 MB ($wal bytes)"
run --user-db "$WDB" search lyon
history_fold --user-db "$WDB"
is "$RC" 0 "the next search, moved in"
wal=$(stat -c %s "$WDB-wal")
[ "$wal" -le $((64 * 4096)) ]
is "$?" 0 "starts the WAL again ($wal bytes)"
run --user-db "$WDB" search lyon
history_fold --user-db "$WDB"
[ "$(stat -c %s "$WDB-wal")" -gt "$wal" ]
is "$?" 0 "the WAL one leaves, the next one appends to"
is "$(stat -c %a "$WDB-wal"):$(stat -c %a "$WDB-shm")" "600:600" "both private"
is "$(sqlite3 "$WDB" "SELECT count(*) FROM history")" 303 "no entry was lost"

: > "$TEST_TMP/a-file"
run --user-db "$TEST_TMP/a-file/user.db" search lyon
is "$RC" 0 "a search whose history cannot be written still succeeds"
contains "$ERR" "mediflux: warning: not recorded in your history: " "with a warning"

done_testing
