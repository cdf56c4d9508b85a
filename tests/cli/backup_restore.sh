# SPDX-License-Identifier: ISC
# backup and restore through the command line: consistent copies, bad files change nothing.
. "$top_srcdir/tests/lib.sh"

cp "$REFDB" "$TEST_TMP/ref.db"
DB="$TEST_TMP/ref.db"

run --db "$DB" backup "$TEST_TMP/backup.db"
is "$RC" 0 "backup exits 0"
contains "$OUT" "backed up to $TEST_TMP/backup.db" "and says where"
is "$("$MEDIFLUX" --db "$TEST_TMP/backup.db" health --json | json 'd["reference"]["tables"]["commune"]')" \
    34969 "the backup holds every commune"

# Restoring a file that is not a database: exit 1, database byte-identical.
sum_before=$(sha256sum < "$DB")
printf 'definitely not SQLite\n' > "$TEST_TMP/junk.db"
run --db "$DB" restore "$TEST_TMP/junk.db"
is "$RC" 1 "restore of a non-database exits 1"
contains "$ERR" "junk.db: not an SQLite database" "naming the file and the problem"
is "$(sha256sum < "$DB")" "$sum_before" "the database is byte-identical"
run --db "$DB" restore "$TEST_TMP/nowhere.db"
is "$RC" 1 "restore of a missing file exits 1"
is "$(sha256sum < "$DB")" "$sum_before" "the database is still byte-identical"
ok "no temporary file is left beside it" test -z "$(ls -A "$TEST_TMP" | grep mediflux-tmp)"

# A changed backup restores atomically.
sqlite3 "$TEST_TMP/backup.db" "DELETE FROM commune WHERE code = '01001'"
run --db "$DB" restore "$TEST_TMP/backup.db"
is "$RC" 0 "restore of a good backup exits 0"
is "$("$MEDIFLUX" --db "$DB" health --json | json 'd["reference"]["tables"]["commune"]')" \
    34968 "the restored database is the backup's"

# Options may follow the file, as with most GNU tools.
run restore "$TEST_TMP/backup.db" --db "$DB"
is "$RC" 0 "restore FILE --db PATH works too"

# The user database: --user backs up and restores yours.
"$MEDIFLUX" --db "$DB" health >/dev/null
mkdir -p "$XDG_DATA_HOME/mediflux"
run --db "$DB" backup --user "$TEST_TMP/me.db"
is "$RC" 1 "backup --user before the user database exists exits 1"
# The entries commands left pending go into the copy.
"$MEDIFLUX" --db "$DB" profile set mutuelle.name "Témoin" >/dev/null
"$MEDIFLUX" --db "$DB" search lyon >/dev/null
run --db "$DB" backup --user "$TEST_TMP/me.db"
is "$RC:$(sqlite3 "$TEST_TMP/me.db" "SELECT command || ' ' || params FROM history")" \
    '0:search {"query":"lyon","limit":20,"all":false}' "backup --user copies the search a command left pending"
is "$(stat -c %a "$TEST_TMP/me.db")" 600 "into a private copy"
cp "$REFDB" "$TEST_TMP/not-user.db"
run --db "$DB" restore --user "$TEST_TMP/not-user.db"
is "$RC" 1 "a reference database is refused as a user database"
contains "$ERR" "a reference database, not a user database" "and says why"

done_testing
