# SPDX-License-Identifier: ISC
# Numbers from outside read whole, never wrapped or truncated: import --year through
# the shared option parser (4294969296 used to become 2000 once cast to int), an EPSG
# code in a FINESS geolocalisation source, and SOURCE_DATE_EPOCH.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

YEAR_USAGE="mediflux import: --year wants a whole number from 1990 to 2100
Try 'mediflux import --help'."
OM="$TEST_TMP/medicaments.csv"
cp "$FIX/openmedic/OPEN_MEDIC_2022.CSV" "$OM"

# --- import --year. ------------------------------------------------------------------
DB="$TEST_TMP/year.db"
for y in 4294969296 -2024 2024x 2024.5 "" 1989 2101; do
	import_into "$DB" --year "$y" "$OM"
	is "$RC:$ERR" "2:$YEAR_USAGE" "--year '$y': refused, exit 2, the shared parser's message"
done
ok "no database is made by a refused --year" test ! -e "$DB"
import_into "$DB" --quiet --year 2017 "$OM"
is "$RC:$ERR" "0:" "--year 2017 is accepted"
is "$(q "$DB" "SELECT DISTINCT year FROM med_fact")" 2017 "and files every fact under that year"

# --- The EPSG code of a FINESS geolocalisation. ------------------------------------------
F507="$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
# 4294970268 is 2^32 + 2972: cast to int, it was read as 2972 (Guyane's UTM zone).
sed 's/EPSG:2972 /EPSG:4294970268 /' "$F507" > "$TEST_TMP/epsg.csv"
ok "the fixture names EPSG:4294970268" grep -q 'EPSG:4294970268 ' "$TEST_TMP/epsg.csv"
DBE="$TEST_TMP/epsg.db"
import_into "$DBE" --quiet "$TEST_TMP/epsg.csv"
is "$RC" 0 "an extract with an EPSG code of 10 digits imports"
is "$(q "$DBE" "SELECT finess, coord_epsg FROM establishment WHERE coord_x IS NOT NULL ORDER BY finess")" \
"010000024|2154
010008407|2154
750100125|2154
970100400|5490
970300026|NULL
970400024|2975
980501506|4471" "that code is no projection (NULL), not 2972; the others are read as before"

# --- SOURCE_DATE_EPOCH. ------------------------------------------------------------------
# epoch_import VALUE: the import time recorded with SOURCE_DATE_EPOCH=VALUE.
epoch_import() {
	rm -f "$TEST_TMP/epoch.db"
	SOURCE_DATE_EPOCH=$1 "$MEDIFLUX" import --quiet --db "$TEST_TMP/epoch.db" \
	    --geography "$GEO" --year 2017 "$OM" 2>"$TEST_TMP/stderr"
	q "$TEST_TMP/epoch.db" "SELECT DISTINCT imported_at FROM dataset WHERE kind = 'openmedic'"
}
is "$(epoch_import 1767225600)" 2026-01-01T00:00:00Z "SOURCE_DATE_EPOCH=1767225600 is 2026-01-01"
is "$(epoch_import 253402300799)" 9999-12-31T23:59:59Z "the last second of year 9999 is taken"
for e in 99999999999999999999 253402300800 -1 12x; do
	at=$(epoch_import "$e")
	ok "SOURCE_DATE_EPOCH=$e is ignored: the import time is now's ($at)" \
	    eval 'printf "%s" "$at" | grep -Eq "^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z$"'
done

done_testing
