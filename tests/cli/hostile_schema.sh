# SPDX-License-Identifier: ISC
# Hostile schemas (issue 15): a file whose schema is not exactly one mediflux
# creates -- a trigger that deletes the DREES rows on every insert, a recursive
# view in place of a table, an extra table, an extra index, an altered column --
# is refused by restore (reference and --user) and by consolidate, naming the
# file and the first difference, exit 1, nothing changed; health reports it as
# an error when it is planted in the live databases. Legitimate backups, of this
# schema and of older ones, still pass.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

MKOLD="$top_builddir/tests/consolidate/mkold"
H="$TEST_TMP/h"
mkdir -m 700 -p "$H"  # a user database is refused in a directory others can enter

# trun ARG...: run, stopped after two minutes: a hostile view must not hang a
# check (a guard, not a timing assertion: the checks take well under a second).
trun() {
	OUT=$(timeout 120 "$MEDIFLUX" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}

# The live databases: the sample reference database, and a user database with a
# profile and one history entry; and good backups of both.
DB="$TEST_TMP/ref.db"
UDB="$TEST_TMP/user.db"
cp "$REFDB" "$DB"
run --db "$DB" --user-db "$UDB" profile set location lyon
is "$RC" 0 "a user database with a profile"
run --db "$DB" --user-db "$UDB" search lyon
is "$RC" 0 "and a history entry"
run --db "$DB" backup "$H/good.db"
is "$RC" 0 "a backup of the reference database"
run --db "$DB" --user-db "$UDB" backup --user "$H/ugood.db"
is "$RC" 0 "a backup of the user database"
DREES=$(q "$DB" "SELECT count(*) FROM professional")
ok "the sample holds DREES rows" test "$DREES" -gt 0

# hostile NAME BASE SQL: $H/NAME.db, a copy of BASE changed by SQL.
hostile() {
	cp "$2" "$H/$1.db"
	sqlite3 "$H/$1.db" "$3"
}

# Reference files: the difference each must be refused for.
hostile trigger "$H/good.db" "CREATE TRIGGER drees_wipe AFTER INSERT ON dataset
    BEGIN DELETE FROM professional; END;"
hostile view "$H/good.db" "DROP TABLE departement; CREATE VIEW departement AS
    WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
    SELECT '01' AS code, 'x' AS name, 'x' AS name_key, '84' AS region_code,
    NULL AS chef_lieu, 'metro' AS zone, n AS population FROM r;"
hostile table "$H/good.db" "CREATE TABLE notes (body TEXT)"
hostile index "$H/good.db" "CREATE INDEX commune_population ON commune(population)"
hostile column "$H/good.db" "ALTER TABLE region RENAME COLUMN population TO pop"
PREFIX="foreign schema, not the one mediflux creates for a reference database of version 11"
REF_CASES="trigger view table index column"
ref_diff() {
	case $1 in
	trigger) echo "extra trigger drees_wipe on dataset" ;;
	view) echo "view departement in place of table departement" ;;
	table) echo "extra table notes" ;;
	index) echo "extra index commune_population on commune" ;;
	column) echo "table region altered: \"pop INTEGER)\" where mediflux has \"population INTEGER)\"" ;;
	esac
}

# User files.
hostile utrigger "$H/ugood.db" "CREATE TRIGGER profile_wipe AFTER INSERT ON history
    BEGIN DELETE FROM profile; END;"
hostile uview "$H/ugood.db" "DROP TABLE cache; CREATE VIEW cache AS
    WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
    SELECT 'k' || n AS key, NULL AS value, NULL AS expires_at FROM r;"
hostile utable "$H/ugood.db" "CREATE TABLE notes (body TEXT)"
hostile uindex "$H/ugood.db" "CREATE INDEX history_pane ON history(pane)"
hostile ucolumn "$H/ugood.db" "ALTER TABLE history RENAME COLUMN pane TO screen"
UPREFIX="foreign schema, not the one mediflux creates for a user database of version 2"
USER_CASES="utrigger uview utable uindex ucolumn"
user_diff() {
	case $1 in
	utrigger) echo "extra trigger profile_wipe on history" ;;
	uview) echo "view cache in place of table cache" ;;
	utable) echo "extra table notes" ;;
	uindex) echo "extra index history_pane on history" ;;
	ucolumn) echo "table history altered: \"screen TEXT NOT NULL,\" where mediflux has \"pane TEXT NOT NULL,\"" ;;
	esac
}

# --- restore refuses each, the live database byte-identical. ----------------------
ref_sum=$(sum_of "$DB")
user_sum=$(sum_of "$UDB")
for c in $REF_CASES; do
	trun --db "$DB" restore "$H/$c.db"
	is "$RC" 1 "restore of a reference file with a $c: exit status 1"
	is "$ERR" "mediflux: $H/$c.db: $PREFIX: $(ref_diff "$c")" "restore ($c): the file and the first difference"
	is "$(sum_of "$DB")" "$ref_sum" "restore ($c): the reference database is byte-identical"
done
ok "no temporary file is left beside it" test -z "$(ls -A "$TEST_TMP" | grep mediflux-tmp)"
for c in $USER_CASES; do
	trun --db "$DB" --user-db "$UDB" restore --user "$H/$c.db"
	is "$RC" 1 "restore --user of a file with a ${c#u}: exit status 1"
	is "$ERR" "mediflux: $H/$c.db: $UPREFIX: $(user_diff "$c")" "restore --user (${c#u}): the file and the first difference"
	is "$(sum_of "$UDB")" "$user_sum" "restore --user (${c#u}): the user database is byte-identical"
done

# --- consolidate refuses each as an input, writing nothing. ---------------------
for c in $REF_CASES $USER_CASES; do
	trun consolidate -o "$H/out-$c.db" --geography "$GEO" "$H/$c.db"
	is "$RC" 1 "consolidate with a file with a $c: exit status 1"
	case $c in
	u*) want="$H/$c.db: $UPREFIX: $(user_diff "$c")" ;;
	*) want="$H/$c.db: $PREFIX: $(ref_diff "$c")" ;;
	esac
	is "$ERR" "mediflux: $want" "consolidate ($c): the file and the first difference"
	ok "consolidate ($c): no output written" test ! -e "$H/out-$c.db" -a ! -e "$H/out-$c.db.users"
done
# A prototype file (no mediflux mark) may hold any tables, but never code.
sqlite3 "$H/proto.db" "CREATE TABLE hospitals (finess_id TEXT PRIMARY KEY, name TEXT);
    CREATE VIEW hospitals_all AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL
    SELECT n + 1 FROM r) SELECT n FROM r;"
trun consolidate -o "$H/out-proto.db" --geography "$GEO" "$H/proto.db"
is "$RC" 1 "consolidate of a prototype file with a view: exit status 1"
is "$ERR" "mediflux: $H/proto.db: foreign schema, a prototype file holds no views or triggers: view hospitals_all" \
    "the prototype file and its view are named"

# --- health flags each planted in the live databases. -----------------------------
for c in $REF_CASES; do
	cp "$H/$c.db" "$H/live.db"
	trun --db "$H/live.db" --user-db "$UDB" health
	is "$RC" 1 "health with a $c planted in the reference database: exit status 1"
	contains "$OUT" "  error: $H/live.db: $PREFIX: $(ref_diff "$c")" "health ($c): an error naming it"
	contains "$OUT" "Status: PROBLEMS FOUND" "health ($c): problems found"
	trun --db "$H/live.db" --user-db "$UDB" health --json
	is "$(printf '%s' "$OUT" | json 'd["ok"], d["reference"]["error"]')" \
	    "False $H/live.db: $PREFIX: $(ref_diff "$c")" "health --json ($c): not ok, the error"
done
for c in $USER_CASES; do
	cp "$H/$c.db" "$H/ulive.db"
	trun --db "$DB" --user-db "$H/ulive.db" health
	is "$RC" 1 "health with a ${c#u} planted in the user database: exit status 1"
	contains "$OUT" "  error: $H/ulive.db: $UPREFIX: $(user_diff "$c")" "health (${c#u}, user): an error naming it"
done
# A command that writes to the user database refuses it too, and leaves it alone.
cp "$H/utrigger.db" "$H/ulive.db"
usum=$(sum_of "$H/ulive.db")
trun --db "$DB" --user-db "$H/ulive.db" history
is "$RC" 1 "history with a trigger in the user database: exit status 1"
is "$ERR" "mediflux: $H/ulive.db: $UPREFIX: extra trigger profile_wipe on history" "naming it"
# A search leaves its entry pending beside it (reading only its header); the next
# to open it refuses it, saying why, and moves nothing in.
trun --db "$DB" --user-db "$H/ulive.db" search lyon
is "$RC:$ERR:$(wc -l < "$H/ulive.db-pending" | tr -d ' ')" "0::1" \
    "search does not open it: its entry waits beside it"
trun --db "$DB" --user-db "$H/ulive.db" history
is "$RC:$ERR" "1:mediflux: $H/ulive.db: $UPREFIX: extra trigger profile_wipe on history" \
    "the next open refuses it, naming the trigger"
is "$(sum_of "$H/ulive.db"):$(wc -l < "$H/ulive.db-pending" | tr -d ' ')" "$usum:1" \
    "the user database is byte-identical, the entry still pending"

# Browsing never runs a view: the recursive one is an error, not a hang.
cp "$H/view.db" "$H/live.db"
trun --db "$H/live.db" regions --level departement
is "$RC" 1 "regions on a database whose departement is a recursive view: exit status 1"
ok "with a message" test -n "$ERR"

# --- import does not build on a database with a foreign schema. -------------------
# Before, the trigger ran during the import and deleted every DREES row.
cp "$H/trigger.db" "$H/live.db"
lsum=$(sum_of "$H/live.db")
trun import --db "$H/live.db" --quiet "$FIX/openmedic/OPEN_MEDIC_2016.CSV"
is "$RC" 1 "import into a reference database with a trigger: exit status 1"
is "$ERR" "mediflux: $H/live.db: $PREFIX: extra trigger drees_wipe on dataset" "naming it"
is "$(sum_of "$H/live.db")" "$lsum" "the database is byte-identical"
is "$(q "$H/live.db" "SELECT count(*) FROM professional")" "$DREES" "every DREES row is still there"
cp "$H/table.db" "$H/geo.db"
trun import --db "$H/new.db" --geography "$H/geo.db" --quiet "$FIX/openmedic/OPEN_MEDIC_2016.CSV"
is "$RC|$ERR" "1|mediflux: $H/geo.db: $PREFIX: extra table notes" \
    "a geography with a table of its own is refused too"
ok "and no database is created" test ! -e "$H/new.db"

# A previous version with a trigger is not rolled back to.
cp "$H/good.db" "$H/cur.db"
cp "$H/trigger.db" "$H/cur.db.prev"
csum=$(sum_of "$H/cur.db")
trun --db "$H/cur.db" rollback
is "$RC|$ERR" "1|mediflux: $H/cur.db.prev: $PREFIX: extra trigger drees_wipe on dataset" \
    "rollback to a previous version with a trigger is refused, naming it"
is "$(sum_of "$H/cur.db")" "$csum" "the database is byte-identical"

# --- The legitimate files still pass. -------------------------------------------
trun --db "$DB" restore "$H/good.db"
is "$RC" 0 "a good reference backup restores"
trun --db "$DB" --user-db "$UDB" restore --user "$H/ugood.db"
is "$RC" 0 "a good user backup restores"
trun --db "$DB" --user-db "$UDB" health
is "$RC" 0 "health passes on both"
# A backup repairs a database with a foreign schema.
cp "$H/trigger.db" "$H/live.db"
cp "$H/utrigger.db" "$H/ulive.db"
trun --db "$H/live.db" restore "$H/good.db"
is "$RC" 0 "a good backup restores over a reference database with a trigger"
trun --db "$H/live.db" --user-db "$H/ulive.db" restore --user "$H/ugood.db"
is "$RC" 0 "and over a user database with one"
is "$(q "$H/live.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")|$(q "$H/ulive.db" \
    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")" "0|0" "the triggers are gone"
trun --db "$H/live.db" --user-db "$H/ulive.db" health
is "$RC" 0 "health passes on the repaired databases"
# Older versions made by the real schema steps, from a small import (quick under valgrind).
import_into "$H/small.db" --quiet "$FIX/openmedic/OPEN_MEDIC_2016.CSV"
for v in 1 2 3 4 5 6 7; do
	"$MKOLD" "$H/v$v.db" "$v" "$H/small.db"
	# (health's other checks read what versions 1 and 2 do not have yet)
	trun --db "$H/v$v.db" health --json
	err=$(printf '%s' "$OUT" | json 'd["reference"].get("error", "")')
	ok "health finds the schema of version $v mediflux's own" \
	    test "${err#*schema}" = "$err"
	trun consolidate -o "$H/out-v$v.db" --geography "$GEO" "$H/v$v.db"
	is "$RC" 0 "a reference database of version $v consolidates"
	# restore reads this schema only: an older one is refused for its version.
	trun --db "$DB" restore "$H/v$v.db"
	is "$ERR" "mediflux: $H/v$v.db: reference schema version $v, this mediflux reads 11" \
	    "restore refuses version $v for its version, not its schema"
done
trun --db "$H/out-v2.db" health
is "$RC" 0 "health passes on what consolidate made of version 2"
# The bundled geography (built with ANALYZE: sqlite_stat1) is mediflux's too.
trun consolidate -o "$H/out-geo.db" --geography "$GEO" "$GEO"
is "$RC" 0 "the geography database consolidates"

done_testing
