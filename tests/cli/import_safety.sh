# SPDX-License-Identifier: ISC
# mediflux import and rollback: the replaced version is kept as <name>.prev, rollback
# brings it back, a failed import changes nothing, a re-import never doubles.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

OM="$FIX/openmedic"
BAD="$FIX/bad"
DB="$TEST_TMP/ref.db"

counts() {
	q "$DB" "SELECT (SELECT count(*) FROM med_fact) || '|' || (SELECT count(*) FROM med_product)
	    || '|' || (SELECT count(*) FROM atc) || '|' || (SELECT count(*) FROM med_total_all)
	    || '|' || (SELECT count(*) FROM establishment)"
}

# Version 1: Open Medic 2022.
import_into "$DB" "$OM/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "first import"
is "$(counts)" "19|8|38|510|0" "version 1: 19 facts, 8 products, 38 ATC codes, 510 med_total cells"
ok "no temporary file is left" no_temp_left "$DB"
v1=$(sum_of "$DB")

# Version 2: plus Open Medic 2016 and FINESS.
import_into "$DB" "$OM/OPEN_MEDIC_2016.CSV" "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
is "$RC" 0 "second import, two files at once"
is "$(counts)" "31|10|46|828|14" "version 2: both years and the establishments"
is "$(sum_of "$DB.prev")" "$v1" "version 1 is kept byte for byte as ref.db.prev"
ok "no temporary file is left" no_temp_left "$DB"
v2=$(sum_of "$DB")

# A failed import changes neither the target nor the previous version.
import_into "$DB" "$OM/OPEN_MEDIC_2014.CSV" "$BAD/OPEN_MEDIC_2022_bad_number.CSV"
is "$RC" 1 "a failed import exits 1"
is "$(sum_of "$DB")" "$v2" "the target is byte-identical"
is "$(sum_of "$DB.prev")" "$v1" "and so is ref.db.prev"
ok "no temporary file is left" no_temp_left "$DB"
is "$(counts)" "31|10|46|828|14" "the counts are version 2's"

# Rollback returns to version 1.
run rollback --db "$DB"
is "$RC" 0 "rollback exits 0"
is "$(sum_of "$DB")" "$v1" "the target is version 1 again, byte for byte"
is "$(counts)" "19|8|38|510|0" "with version 1's counts"
is "$(q "$DB" "SELECT year, count(*), sum(boxes), sum(reimbursed_cents) FROM med_fact GROUP BY year")" \
    "2022|19|2330|16956313" "and version 1's facts"

# Re-importing the same files never doubles anything.
import_into "$DB" "$OM/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "the 2022 file again"
is "$(counts)" "19|8|38|510|0" "the same counts"
is "$(q "$DB" "SELECT level, sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_total
    WHERE year = 2022 AND level IN (1, 5) AND region = -2 AND age = -2 AND sex = -2 AND prescriber = -2
    GROUP BY level ORDER BY level")" \
"1|19|2330|16956313|17352430
5|19|2330|16956313|17352430" "the same aggregates"
import_into "$DB" "$OM/OPEN_MEDIC_2022.CSV" "$OM/OPEN_MEDIC_2022.CSV"
is "$RC" 1 "the same file twice in one command is refused, not read twice"
contains "$ERR" "Open Medic 2022 a second time in one import" "saying which year came twice"
is "$(counts)" "19|8|38|510|0" "still the same counts"

# Rollback with nothing to roll back to.
cp "$GEO" "$TEST_TMP/lone.db"
lone=$(sum_of "$TEST_TMP/lone.db")
run rollback --db "$TEST_TMP/lone.db"
is "$RC" 1 "rollback without a previous version exits 1"
contains "$ERR" "lone.db" "and names the database"
is "$(sum_of "$TEST_TMP/lone.db")" "$lone" "which is unchanged"

# A full disk, as a file size limit (EFBIG) a little above the database: the
# copy fits, the new data does not. Nothing is lost, nothing is left behind.
before=$(sum_of "$DB")
limit=$(( $(wc -c < "$DB") / 1024 + 2048 ))
(trap '' XFSZ; ulimit -f "$limit"; exec "$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet \
    "$top_builddir/data/sample/OPEN_MEDIC_2024.zip") > "$TEST_TMP/full.out" 2>&1
is "$?" 1 "an import that cannot write (file size limit) exits 1"
contains "$(cat "$TEST_TMP/full.out")" "$DB: writing the new database beside it:" \
    "naming the database it could not write"
is "$(sum_of "$DB")" "$before" "which is byte-identical"
is "$(ls -a "$TEST_TMP" | grep -c '\.import-')" 0 "and no temporary copy is left"

# Without --db or MEDIFLUX_DB, the import writes the user's own reference database
# under XDG (its directory created 0700), which then comes first for browsing.
unset MEDIFLUX_DB
run import --geography "$GEO" --quiet "$FIX/openmedic/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "an import without --db"
ok "creates \$XDG_DATA_HOME/mediflux/mediflux.db" test -f "$XDG_DATA_HOME/mediflux/mediflux.db"
is "$(stat -c %a "$XDG_DATA_HOME/mediflux")" 700 "in a private directory"
run health --json
is "$(printf '%s' "$OUT" | json 'd["reference"]["origin"] + " " + str(d["reference"]["tables"]["med_fact_run"])')" \
    "user data directory $(q "$XDG_DATA_HOME/mediflux/mediflux.db" "SELECT count(*) FROM med_fact_run")" \
    "which browsing then uses"

done_testing
