# SPDX-License-Identifier: ISC
# SQLite errors are never read as "no row", "not found" or "done" (issue 21: 4):
# commands meet a damaged page (tests/cli/corrupt_page.py) in the middle of their
# work, and fail with exit status 1 and SQLite's message, leaving the database
# as it was; never a label, a count or an import made of what could not be read.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

MALFORMED="database disk image is malformed"

# damaged NAME TABLE...: a copy of the sample database, those tables damaged.
damaged() {
	_name=$1
	shift
	cp "$REFDB" "$TEST_TMP/$_name.db"
	python3 "$top_srcdir/tests/cli/corrupt_page.py" "$TEST_TMP/$_name.db" "$@"
}

# --- FINESS: the commune lookup of each line. --------------------------------------
# The import reads the geography of the database it replaces: a lookup that
# fails is an error on that line, not an "unknown commune" kept in the import.
DB="$TEST_TMP/finess.db"
import_into "$DB" --quiet "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
is "$RC" 0 "a FINESS import to start from"
python3 "$top_srcdir/tests/cli/corrupt_page.py" "$DB" commune arrondissement
expect_failure "FINESS, commune table damaged" "$DB" \
    "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
contains "$ERR" "etalab-cs1100502-excerpt.csv: line 2: commune 01451: $MALFORMED" \
    "FINESS: the error names the file, the line and the commune looked up"

# --- meds: the labels of the filters. --------------------------------------------
# (Age bands, sexes and prescriber groups are labelled by mediflux itself; the
# regions' labels are the database's.)
damaged meds_region med_region
run --db "$TEST_TMP/meds_region.db" meds --region 93
is "$RC" 1 "meds --region, med_region damaged: exit status 1"
is "$ERR" "mediflux: $MALFORMED" "meds --region: SQLite's message"
is "$OUT" "" "meds --region: no table with the code shown for its label"

run --db "$TEST_TMP/meds_region.db" meds --region 5 --json
is "$RC" 1 "meds --region --json, med_region damaged: exit status 1"
is "$ERR" "mediflux: $MALFORMED" "meds --region --json: SQLite's message"

damaged meds_total med_total
run --db "$TEST_TMP/meds_total.db" meds
is "$RC" 1 "meds, med_total damaged: exit status 1"
is "$ERR" "mediflux: med_total: $MALFORMED" "meds: the table and SQLite's message"

# --- search, regions, hospital: the loops over their rows. -----------------------
damaged search establishment
run --db "$TEST_TMP/search.db" search Lyon
is "$RC" 1 "search, establishment damaged: exit status 1"
is "$ERR" "mediflux: $MALFORMED" "search: SQLite's message, not zero results"
is "$OUT" "" "search: nothing listed"

damaged regions region_metric
run --db "$TEST_TMP/regions.db" regions
is "$RC" 1 "regions, region_metric damaged: exit status 1"
is "$ERR" "mediflux: region_metric: $MALFORMED" "regions: the table and SQLite's message"

damaged hospital establishment
run --db "$TEST_TMP/hospital.db" hospital 010000024
is "$RC" 1 "hospital, establishment damaged: exit status 1"
is "$ERR" "mediflux: $MALFORMED" "hospital: SQLite's message, not 'no establishment'"

damaged years sae_site
run --db "$TEST_TMP/years.db" hospital 010000024
is "$RC" 1 "hospital, sae_site damaged: exit status 1"
is "$ERR" "mediflux: $MALFORMED" "hospital: its years not read as none"

done_testing
