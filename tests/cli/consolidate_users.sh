# SPDX-License-Identifier: ISC
# mediflux consolidate with per-user data: the prototype's profiles and sessions and
# mediflux user databases become one private user database per user id, never part
# of OUT, and the report shows counts and ids only, never what a profile holds.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

CFIX="$top_srcdir/tests/fixtures/consolidate"
W="$TEST_TMP/w"
mkdir -p "$W"
umask 022

PROD="$TEST_TMP/mediflux_production.db"
MEM="$TEST_TMP/user_memory.db"
V2="$TEST_TMP/mediflux_v2.db"
DAVE="$TEST_TMP/dave.db"
sqlite3 "$PROD" < "$CFIX/production.sql"
sqlite3 "$MEM" < "$CFIX/user_memory.sql"
sqlite3 "$V2" < "$CFIX/v2.sql"
# The fixtures' sessions of 2026 stay within the 365 days the history keeps: from
# December 2026 on, they move by whole days so that the newest (2026-11-01) is a
# month old. alice's session of 2024 stays, the one the retention drops.
SHIFT=$(sqlite3 :memory: "SELECT max(0, CAST(julianday('now', '-30 days') - julianday('2026-11-01') AS INTEGER))")
sqlite3 "$MEM" "UPDATE session_history SET timestamp = datetime(timestamp, '+$SHIFT days') WHERE timestamp >= '2026-01-01' AND timestamp < '2027-01-01'"
sqlite3 "$V2" "UPDATE sessions SET timestamp = datetime(timestamp, '+$SHIFT days') WHERE timestamp >= '2026-01-01' AND timestamp < '2027-01-01'"
# at TIME: a fixture's session time as the history keeps it, shifted.
at() {
	sqlite3 :memory: "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', '$1', '+$SHIFT days')"
}
# A user database made by mediflux itself: a profile key and one search.
"$MEDIFLUX" --db "$REFDB" --user-db "$DAVE" profile set mutuelle.name "Mutuelle Générale" >/dev/null
"$MEDIFLUX" --db "$REFDB" --user-db "$DAVE" search brest >/dev/null
history_fold --db "$REFDB" --user-db "$DAVE"
sqlite3 "$DAVE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sums() {
	for f in "$PROD" "$MEM" "$V2" "$DAVE"; do sum_of "$f"; done
}
before=$(sums)

run consolidate -o "$W/out.db" --geography "$GEO" "$PROD" "$MEM" "$V2" "$DAVE"
is "$RC" 0 "profiles, sessions and a user database consolidate (exit 0)"
R=$OUT
U="$W/out.db.users"
is "$(ls "$U" | tr '\n' ' ')" "alice.db bob_.._x.db carol.db dave.db erin.db frank.db gina.db " \
    "one user database per user id, in OUT.users, named by the sanitised id"
is "$(stat -c %a "$U")" 700 "the directory is 0700"
is "$(stat -c %a "$U"/*.db | sort -u)" 600 "every file is 0600"
is "$(q "$W/out.db" "SELECT count(*) FROM sqlite_master WHERE name LIKE '%user%' OR name LIKE '%session%' OR name = 'profile' OR name = 'history'")" 0 \
    "OUT holds no per-user table"
is "$(q "$U/alice.db" "PRAGMA application_id") $(q "$U/alice.db" "PRAGMA user_version")" "$((0x4D465855)) 2" \
    "a current-schema mediflux user database"

# Profiles mapped onto mediflux's keys.
is "$(q "$U/alice.db" "SELECT document FROM profile")" \
    '{"mutuelle":{"name":"MGEN"},"location":{"commune_code":"2A004","name":"Ajaccio","postal_code":"20000","departement":"2A","region":"94"},"pathologies":["diabète"]}' \
    "mutuelle string, location resolved against the geography, pathology as the profile allows"
is "$(q "$U/bob_.._x.db" "SELECT document FROM profile")" '{"mutuelle":{"name":"Harmonie Mutuelle","coverage":200}}' \
    "a mutuelle object: provider and coverage; the ambiguous Saint-Denis left unset"
is "$(q "$U/carol.db" "SELECT json_extract(document, '\$.location.commune_code') FROM profile")" 69383 "a postcode location (69003)"
is "$(q "$U/gina.db" "SELECT document FROM profile")" '{"mutuelle":{"name":"Malakoff Humanis","coverage":150}}' \
    "users.profile of mediflux_v2.db, coverage '150 %'"
is "$(q "$U/frank.db" "SELECT count(*) FROM profile")" 0 "a profile that is not JSON is not carried"
is "$(q "$U/dave.db" "SELECT document FROM profile")" '{"mutuelle":{"name":"Mutuelle Générale"}}' \
    "a mediflux user database's profile as it was"

# Sessions become history entries keeping their times.
is "$(q "$U/erin.db" "SELECT at || '|' || pane || '|' || command || '|' || params FROM history ORDER BY at")" \
"$(at '2026-10-02 08:15:00')|hospitals|search|{\"query\":\"rennes\"}
$(at '2026-10-03 19:40:12')|hospitals|search|{\"query\":\"cardiologie brest\"}
$(at '2026-10-04 11:11:11')|hospitals|search|{\"query\":\"saint-malo\"}" \
    "session_history and sessions of one user, with their times; the unreadable time left out"
is "$(q "$U/alice.db" "SELECT group_concat(at, ' ') FROM (SELECT at FROM history ORDER BY at)")" \
    "2024-01-15T12:00:00.000Z $(at '2026-10-05 07:00:01')" "alice's two sessions"
is "$(q "$U/dave.db" "SELECT pane || '|' || command || '|' || params || '|' || (at = '$(q "$DAVE" "SELECT at FROM history")') FROM history")" \
    'hospitals|search|{"query":"brest","limit":20,"all":false}|1' "a mediflux history entry carried whole, its time kept"
run --user-db "$U/erin.db" history --json
is "$(printf '%s' "$OUT" | json "[e['params']['query'] for e in d['entries']]")" \
    "['saint-malo', 'cardiologie brest', 'rennes']" "mediflux history reads the consolidated entries"
run --db "$W/out.db" --user-db "$U/erin.db" profile show
contains "$OUT" "location                  Rennes (35, 35000), INSEE 35238" "mediflux profile show reads the consolidated profile"

# The report: counts and ids, never contents.
contains "$R" "user alice: $U/alice.db: profile with 3 keys, 2 history entries; not carried: age_range" "alice's line"
contains "$R" "user bob_.._x: $U/bob_.._x.db: profile with 1 key, 0 history entries; not carried: location, region" \
    "a location that is not one place is reported as not carried"
contains "$R" "user frank: $U/frank.db: profile with 0 keys, 0 history entries; not carried: profile (not a JSON object)" \
    "frank's unreadable profile"
contains "$R" "user alice: 1 history entry older than 365 days: the retention drops it when the user next opens mediflux" \
    "entries the retention will drop are announced"
is "$(printf '%s\n' "$R" | grep "^  session_history ")" "  session_history      per-user     6     4         2" \
    "session_history: 6 read, 4 kept, 2 left out"
contains "$R" "  compressed_sessions: a cache: summaries of sessions, rebuilt from them" "compressed_sessions left out"
contains "$R" "  documents: documents users uploaded: private, and not reference data" "documents left out"
leak=
for secret in MGEN diab Harmonie Malakoff "MAAF" asthme Ajaccio Rennes "cardiologie" "Mutuelle G" "saint-malo" "60+" compact; do
	case $R in *"$secret"*) leak="$leak $secret" ;; esac
done
is "$leak" "" "the report prints nothing a profile or a session holds"
is "$(sums)" "$before" "no input was modified"

# --users DIR and --json.
run consolidate -o "$W/two.db" --users "$W/people" --json --geography "$GEO" "$MEM"
is "$RC" 0 "--users DIR"
is "$(printf '%s' "$OUT" | json "[(u['user_id'], u['profile_keys'], u['history']) for u in d['users']]")" \
    "[('alice', 0, 2), ('erin', 3, 2), ('frank', 0, 0)]" "users[]: id, profile keys, history entries"
is "$(ls "$W/people" | tr '\n' ' ')$(stat -c %a "$W/people")" "alice.db erin.db frank.db 700" "written to DIR, 0700"
ok "and not to OUT.users" test ! -e "$W/two.db.users"

# A user file already there: refused, nothing left behind, OUT not written.
run consolidate -o "$W/three.db" --users "$W/people" --geography "$GEO" "$MEM"
is "$RC|$ERR" "1|mediflux: $W/people/alice.db exists: consolidate writes new user databases" \
    "an existing user database is refused"
ok "OUT is not left behind" test ! -e "$W/three.db"
is "$(ls "$W/people" | tr '\n' ' ')" "alice.db erin.db frank.db " "the user files there are untouched"

# Two ids that only differ where sanitised share one file, and the report says so.
sqlite3 "$TEST_TMP/twins.db" "CREATE TABLE users (id INTEGER PRIMARY KEY, user_id TEXT UNIQUE, profile JSON);
    INSERT INTO users (user_id, profile) VALUES ('h_i', '{\"mutuelle\": \"A\"}'), ('h/i', '{\"pathology\": \"asthme\"}')"
run consolidate -o "$W/twins.db" --geography "$GEO" "$TEST_TMP/twins.db"
is "$RC|$(ls "$W/twins.db.users" | tr '\n' ' ')" "0|h_i.db " "h_i and h/i: one file"
contains "$OUT" "user h_i: $W/twins.db.users/h_i.db: profile with 2 keys, 0 history entries; not carried: id shared after sanitising" \
    "the shared file is reported"

# A profiles table without its JSON column: exit 1 naming file, table and column.
sqlite3 "$TEST_TMP/badusers.db" "CREATE TABLE users (id INTEGER PRIMARY KEY, user_id TEXT UNIQUE)"
run consolidate -o "$W/four.db" --geography "$GEO" "$TEST_TMP/badusers.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/badusers.db: table users: no column 'profile_data' or 'profile', which it needs to be consolidated" \
    "a users table without a profile column is refused"
ok "and nothing is written" test ! -e "$W/four.db" -a ! -e "$W/four.db.users"

done_testing
