# SPDX-License-Identifier: ISC
# Crash safety and readers: kill -9 at any moment leaves a valid database holding
# the old or the new data; a reader keeps the version it opened; health re-checks
# the Open Medic aggregates against the rows.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

DB="$TEST_TMP/ref.db"
import_into "$DB" --quiet "$FIX/openmedic/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "a first import (Open Medic 2022, 19 rows)"
old_sum=$(sum_of "$DB")

# A year big enough to be caught mid-import: 60 000 rows written from the fixture's
# rows, in the same CP1252 layout.
big="$TEST_TMP/OPEN_MEDIC_2023.CSV"
om_rows "$big" 60000

states=""
for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.5; do
	"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$big" \
	    >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	years=$(q "$DB" "SELECT group_concat(year) FROM (SELECT DISTINCT year
	    FROM med_fact ORDER BY year)")
	check=$(q "$DB" "PRAGMA quick_check")
	case "$years:$check" in
	2022:ok) states="$states old" ;;
	2022,2023:ok) states="$states new" ;;
	*) states="$states BROKEN($years:$check)" ;;
	esac
	# Once the new version is in, start again from the old one.
	if [ "$years" = "2022,2023" ]; then
		"$MEDIFLUX" rollback --db "$DB" >/dev/null
	fi
done
contains " $states " " old" "kill -9 during the import leaves the old data"
case $states in
*BROKEN*) ok "every killed import left a valid database ($states)" false ;;
*) ok "every killed import left a valid database ($states)" true ;;
esac
rm -f "$DB.prev"
"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$big" >/dev/null 2>&1
ok "the next import clears the copies the killed ones left" no_temp_left "$DB"
is "$(q "$DB" "SELECT count(*) FROM med_fact WHERE year = 2023")" 60000 \
    "and imports the whole year"

# A reader with a transaction open keeps reading the version it opened.
"$MEDIFLUX" rollback --db "$DB" >/dev/null
fifo="$TEST_TMP/reader"
mkfifo "$fifo"
python3 - "$DB" "$fifo" > "$TEST_TMP/reader.out" <<'PY' &
import sqlite3, sys
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, isolation_level=None)
# The rows are packed (med_fact_run): the count each import kept and checked.
rows = "SELECT sum(rows_kept) FROM dataset WHERE kind = 'openmedic'"
con.execute("BEGIN")
print(con.execute(rows).fetchone()[0], flush=True)
open(sys.argv[2]).read()          # wait until the import is done
print(con.execute(rows).fetchone()[0], flush=True)
con.execute("COMMIT")
con2 = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(con2.execute(rows).fetchone()[0], flush=True)
PY
reader=$!
n=0
while [ ! -s "$TEST_TMP/reader.out" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
import_into "$DB" --quiet "$big"
is "$RC" 0 "an import while a reader has the database open"
echo done > "$fifo"
wait "$reader"
is "$(tr '\n' ' ' < "$TEST_TMP/reader.out")" "19 19 60019 " \
    "the reader keeps its version; a new reader sees the new one"

# health checks the aggregates against the rows, and says when they do not add up.
run --db "$DB" health --json
is "$RC" 0 "health passes after the imports"
is "$(printf '%s' "$OUT" | json '[(m["year"], m["rows"], m["aggregates_match"]) for m in d["medications"]]')" \
    "[(2022, 19, True), (2023, 60000, True)]" "health checks each Open Medic year"
run --db "$DB" health
contains "$OUT" "Open Medic 2023: 60,000 rows; every aggregate adds up to the rows" \
    "and says so in text"
# A cell packed in med_cell (the sqlite3 shell cannot read them): its code's cells are
# swapped for another code's of the same level, so that the level no longer adds up.
sqlite3 "$DB" "UPDATE med_cell SET cells = (SELECT cells FROM med_cell WHERE year = 2023 AND level = 3
    ORDER BY length(cells) DESC LIMIT 1) WHERE (year, level, code) IN (SELECT year, level, code FROM med_cell
    WHERE year = 2023 AND level = 3 ORDER BY length(cells) LIMIT 1)"
run --db "$DB" health
is "$RC" 1 "health exits 1 when an aggregate no longer adds up"
contains "$OUT" "Open Medic 2023: 60,000 rows; 1 aggregate does NOT add up to the rows" \
    "naming the year"

done_testing
