# SPDX-License-Identifier: ISC
# mediflux import of the real SAE bases statistiques 2021 and 2023 (as DREES published
# them, copied from ../shared/data/real/sae/ into tests/fixtures/real/sae/): national
# totals equal to sums taken directly from the CSVs, rows of another year set aside,
# tables of one year combined whatever way they arrive, a year's table given twice
# refused, rows whose year is an export placeholder set aside with a warning, quoted
# headers, every kind of emergency unit counted, and health reconciling each year.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

REAL="$top_srcdir/tests/fixtures/real/sae"
A21="$REAL/SAE_2021_bases_statistiques_csv.7z"
A23="$REAL/SAE_2023_bases_statistiques_csv.7z"

# csv_sum ARCHIVE ENTRY YEAR COLUMN [FILTER]: the sum of COLUMN over the rows of YEAR
# with a FINESS (and, for URGENCES2, a kind of unit), read straight from the archive.
csv_sum() {
	bsdtar -xOf "$1" "$2" | tr -d '\r' | awk -F';' -v year="$3" -v col="$4" '
	NR == 1 { for (i = 1; i <= NF; i++) { h = toupper($i); gsub(/"/, "", h); c[h] = i }; next }
	$c["AN"] == year && $c["FI"] != "" && (!("URG" in c) || $c["URG"] != "") { s += $c[col] }
	END { printf "%d\n", s }'
}

# sites SQL-less dump of a database's SAE rows, to compare two imports.
sites() {
	q "$1" "SELECT finess, year, finess_ej, name, category_code, departement, commune_code,
	    beds_mco, places_mco, stays_full_mco, stays_partial_mco, er_passages_general,
	    er_passages_paediatric, er_passages_other, er_authorised, beds_source
	    FROM sae_site ORDER BY year, finess"
}

DB="$TEST_TMP/real.db"
import_into "$DB" "$A21" "$A23"
is "$RC" 0 "both real archives import"
is "$(q "$DB" "SELECT year, count(*) FROM sae_site GROUP BY year ORDER BY year")" \
"2021|3998
2023|3975" "3,998 sites in 2021, 3,975 in 2023, and no phantom year 2018"
is "$(q "$DB" "SELECT group_concat(year) FROM dataset WHERE kind = 'sae' ORDER BY year")" \
    "2021,2023" "one dataset per year of the files, none for the 2018 rows"

for y in 2021 2023; do
	A=$REAL/SAE_${y}_bases_statistiques_csv.7z
	for col in LIT_MCO:beds_mco PLA_MCO:places_mco SEJHC_MCO:stays_full_mco \
	    SEJHP_MCO:stays_partial_mco; do
		is "$(q "$DB" "SELECT sum(${col#*:}) FROM sae_site WHERE year = $y")" \
		    "$(csv_sum "$A" "SYGEN_${y}r.csv" $y "${col%:*}")" \
		    "$y: national ${col#*:} is the sum of SYGEN's ${col%:*} in the CSV"
	done
	is "$(q "$DB" "SELECT sum(er_passages_general) + sum(er_passages_paediatric)
	    + coalesce(sum(er_passages_other), 0) FROM sae_site WHERE year = $y")" \
	    "$(csv_sum "$A" "URGENCES2_${y}r.csv" $y PASSU)" \
	    "$y: national emergency passages are the sum of URGENCES2's PASSU, every kind of unit"
	is "$(q "$DB" "SELECT sum(er_passages) FROM region_metric WHERE level = 'region'
	    AND year = $y")" "$(csv_sum "$A" "URGENCES2_${y}r.csv" $y PASSU)" \
	    "$y: the regions' emergency passages add up to the national PASSU"
	is "$(q "$DB" "SELECT sum(er_authorised) FROM sae_site WHERE year = $y")" \
	    "$(csv_sum "$A" "URGENCES_${y}r.csv" $y AUTSU)" "$y: AUTSU as in the CSV"
done
is "$(q "$DB" "SELECT sum(beds_mco), sum(stays_full_mco), sum(er_passages_general),
    sum(er_passages_paediatric) FROM sae_site WHERE year = 2021")" \
    "195324|10266513|18218589|2153508" "2021's national figures, as summed by hand once"

contains "$ERR" "mediflux: warning: $A21: SYGEN_2021r.csv: 2 rows of another year than 2021 set aside (the first at line 1177): they belong to no dataset" \
    "the 2018 rows inside SYGEN 2021 are set aside with a warning naming the file and line"
is "$(q "$DB" "SELECT rows_read, rows_kept, rows_rejected, json_extract(control_totals,
    '$.other_years') FROM dataset WHERE kind = 'sae' AND year = 2021")" \
    '34285|34271|14|{"2018":14}' "2021's provenance counts the 14 rows of 2018 (2 in SYGEN, 12 in IMAGES) as rejected"
contains "$ERR" "mediflux: warning: $A21: IMAGES_2021r.csv: 12 rows of another year than 2021 set aside (the first at line" \
    "and so are IMAGES 2021's"
contains "$OUT" "not used: SAE_2021_bases_statistiques_csv.7z: BLOCS_P_2021a.csv (SAE BLOCS_P, a table mediflux does not read)" \
    "a table skipped by design says so"
contains "$OUT" "not used: SAE_2021_bases_statistiques_csv.7z: HPR_2021r.csv (SAE HPR, a table mediflux does not read)" \
    "HPR, a table without BOR, is known as SAE and not used"
contains "$OUT" "not used: SAE_2023_bases_statistiques_csv.7z: GHT_2023r.csv (SAE GHT, a table mediflux does not read)" \
    "GHT, a table by GHT without FI, is known as SAE by its name"
is "$(printf '%s\n' "$OUT" | grep -c '^not recognised')" 0 "nothing in the real archives is unrecognised"
is "$(q "$DB" "SELECT json_array_length(control_totals, '$.tables_not_used'),
    json_extract(control_totals, '$.tables') FROM dataset WHERE kind = 'sae' AND year = 2023")" \
    '32|{"BLOCS":993,"BRULES":17,"CANCERO":995,"CHIRCAR":240,"DIALYSE":3302,"HAD":293,"ID":3975,"IMAGES":3773,"MCO":1528,"MCOAVC":147,"NEUROCHIR":65,"PALIA":1029,"PERINAT":634,"PSY":1685,"REA":2112,"SMURSAMU":456,"SSR":7703,"SYGEN":3965,"URGENCES":620,"URGENCES2":689}' \
    "2023's provenance lists the 20 tables used with their rows and the 32 not used"

run --db "$DB" health --json
is "$RC" 0 "health of the real import: exit 0"
is "$(printf '%s' "$OUT" | json '[(s["year"], s["reconciled"], s["totals_match"]) for s in d["sae"]]')" \
    "[(2021, True, True), (2023, True, True)]" "health reconciles both years with their files"
is "$(printf '%s' "$OUT" | json '[s["er_passages_by_type"] for s in d["sae"] if s["year"] == 2023][0]')" \
    "{'GEN': 18645922, 'PED': 2247133}" "health gives 2023's passages by kind of unit"
run --db "$DB" health
contains "$OUT" "SAE 2021: 195,324 MCO beds, 10,266,513 + 7,724,839 stays, 20,372,097 emergency passages (file: GEN 18,218,589, PED 2,153,508); every total matches the file" \
    "health's line for 2021"
cp "$DB" "$TEST_TMP/tampered.db"
sqlite3 "$TEST_TMP/tampered.db" "UPDATE sae_site SET er_passages_general = er_passages_general + 5
    WHERE year = 2023 AND finess = '010000024'"
run --db "$TEST_TMP/tampered.db" health
is "$RC" 1 "a stored total that no longer matches its file: health exits 1"
contains "$OUT" "SAE 2023: 187,427 MCO beds, 10,239,054 + 8,919,139 stays, 20,893,060 emergency passages (file: GEN 18,645,922, PED 2,247,133); 1 total does NOT match the file: er_passages 20,893,060 stored, 20,893,055 in the file" \
    "health names the total that differs and both figures"

# --- One year's tables as loose CSVs, several archives, any order. ---
L="$TEST_TMP/loose"
mkdir -p "$L"
bsdtar -xf "$A21" -C "$L" ID_2021r.csv SYGEN_2021r.csv MCO_2021r.csv URGENCES_2021r.csv \
    URGENCES2_2021r.csv
ARCH="$TEST_TMP/arch21.db"
import_into "$ARCH" "$A21"
LDB="$TEST_TMP/loose.db"
import_into "$LDB" "$L/URGENCES2_2021r.csv" "$L/SYGEN_2021r.csv" "$L/ID_2021r.csv" \
    "$L/URGENCES_2021r.csv" "$L/MCO_2021r.csv"
is "$RC" 0 "five loose CSVs of 2021 in one command: exit 0"
is "$(sites "$LDB")" "$(sites "$ARCH")" "the loose CSVs in any order give every site and figure the archive gives"
is "$(q "$LDB" "SELECT count(name), sum(beds_mco) FROM sae_site")" "3998|195324" \
    "names from ID and beds from SYGEN are both kept"
listing=$(cd "$L" && for f in URGENCES2_2021r.csv SYGEN_2021r.csv ID_2021r.csv URGENCES_2021r.csv \
    MCO_2021r.csv; do printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"; done)
size=$(cat "$L"/URGENCES2_2021r.csv "$L"/SYGEN_2021r.csv "$L"/ID_2021r.csv \
    "$L"/URGENCES_2021r.csv "$L"/MCO_2021r.csv | wc -c | tr -d ' ')
is "$(q "$LDB" "SELECT file_name, file_size, sha256, json_array_length(control_totals, '$.files')
    FROM dataset WHERE kind = 'sae'")" \
    "URGENCES2_2021r.csv, SYGEN_2021r.csv, ID_2021r.csv, URGENCES_2021r.csv, MCO_2021r.csv|$size|$(printf '%s\n' "$listing" | sha256sum | cut -d' ' -f1)|5" \
    "provenance of a year from five files: their names, total size, the SHA-256 of their sha256sum listing, each file"
bsdtar --format 7zip -cf "$TEST_TMP/a.7z" -C "$L" MCO_2021r.csv URGENCES2_2021r.csv
bsdtar --format 7zip -cf "$TEST_TMP/b.7z" -C "$L" SYGEN_2021r.csv ID_2021r.csv URGENCES_2021r.csv
TWO="$TEST_TMP/two.db"
import_into "$TWO" "$TEST_TMP/a.7z" "$TEST_TMP/b.7z"
is "$RC" 0 "one year split over two archives: exit 0"
is "$(sites "$TWO")" "$(sites "$ARCH")" "two archives of one year combine into the same sites"

cp "$L/SYGEN_2021r.csv" "$TEST_TMP/SYGEN_2021.csv"
expect_failure "a year's table twice" "$ARCH" "$TEST_TMP/SYGEN_2021.csv" "$A21"
contains "$ERR" "$A21: SYGEN_2021r.csv: SAE SYGEN 2021 a second time in one import (the first is $TEST_TMP/SYGEN_2021.csv): import each table of a year once" \
    "the message names both copies"

# --- A row whose year is an export placeholder (SYGEN 2019 had one). ---
P="$TEST_TMP/placeholder"
mkdir -p "$P"
cp "$L"/*.csv "$P/"
line=$(grep -n '^SYGEN;2021;010000024;' "$P/SYGEN_2021r.csv" | cut -d: -f1)
sed -i "${line}s/^SYGEN;2021;/SYGEN;\&an.;/" "$P/SYGEN_2021r.csv"
PDB="$TEST_TMP/placeholder.db"
import_into "$PDB" "$P"/*.csv
is "$RC" 0 "a table with a row of year '&an.' imports"
contains "$ERR" "mediflux: warning: $P/SYGEN_2021r.csv: line $line: field 'AN': not a year '&an.': row set aside" \
    "the row is set aside with a warning naming file, line and field"
is "$(q "$PDB" "SELECT rows_rejected, json_extract(control_totals, '$.rows_set_aside'),
    json_extract(control_totals, '$.set_aside[0].where'), json_extract(control_totals, '$.set_aside[0].value')
    FROM dataset WHERE kind = 'sae'")" "3|1|SYGEN_2021r.csv: line $line|&an." \
    "the provenance counts it and says where and what"
is "$(q "$PDB" "SELECT beds_mco, name FROM sae_site WHERE finess = '010000024'")" \
    "NULL|CH DE FLEYRIAT" "that site has no SYGEN beds (its SYGEN row is set aside), its identity stays"
is "$(q "$PDB" "SELECT sum(beds_mco) FROM sae_site")" \
    "$(sed -n "1p; ${line}!p" "$P/SYGEN_2021r.csv" | tr -d '\r' | awk -F';' 'NR > 1 && $2 == 2021 { s += $8 } END { print s }')" \
    "national beds are the CSV's rows of 2021 (the set-aside row not among them)"
run --db "$PDB" health
contains "$OUT" "1 row set aside; every total matches the file" "health shows the row set aside and still reconciles"
run --db "$PDB" health --json
is "$(printf '%s' "$OUT" | json '[d2["control_totals"]["set_aside"][0]["field"] for d2 in d["datasets"] if d2["kind"] == "sae"][0]')" \
    "AN" "health --json carries the set-aside row in the provenance"

# --- Quoted headers: each name quoted, or the whole line in one pair of quotes. ---
for style in names line; do
	Q="$TEST_TMP/quoted-$style"
	mkdir -p "$Q"
	cp "$L"/*.csv "$Q/"
	if [ $style = names ]; then
		sed -i '1s/\([^;\r]*\)/"\1"/g' "$Q/SYGEN_2021r.csv"
	else
		sed -i '1s/^/"/; 1s/\r$/"\r/' "$Q/SYGEN_2021r.csv"
	fi
	QDB="$TEST_TMP/quoted-$style.db"
	import_into "$QDB" "$Q"/*.csv
	is "$RC" 0 "a SYGEN header quoted ($style): exit 0"
	is "$(sites "$QDB")" "$(sites "$ARCH")" "a SYGEN header quoted ($style) is read as the header"
done
head -c 40 "$TEST_TMP/quoted-line/SYGEN_2021r.csv" | grep -q '^"BOR;AN;FI;' ||
    echo "# the whole-line quoted header was not made"

# --- A kind of emergency unit beyond GEN and PED. ---
U="$TEST_TMP/amu"
mkdir -p "$U"
cp "$L"/*.csv "$U/"
uline=$(grep -n '^URGENCES2;2021;010000024;[^;]*;[^;]*;GEN;' "$U/URGENCES2_2021r.csv" | cut -d: -f1)
sed -i "${uline}s/;GEN;/;AMU;/" "$U/URGENCES2_2021r.csv"
UDB="$TEST_TMP/amu.db"
FN="$top_srcdir/tests/fixtures/import/finess/etalab-cs1100507-stock-20260512-0339.csv"
import_into "$UDB" "$FN" "$U"/*.csv
is "$RC" 0 "URGENCES2 with an AMU unit imports"
is "$(q "$UDB" "SELECT er_passages_general, er_passages_other FROM sae_site WHERE finess = '010000024'")" \
    "NULL|41722" "the AMU unit's passages are kept as another kind, not dropped"
is "$(q "$UDB" "SELECT json_extract(control_totals, '$.er_passages_by_type') FROM dataset
    WHERE kind = 'sae'")" '{"AMU":41722,"GEN":18176867,"PED":2153508}' "the breakdown by kind of unit"
is "$(q "$UDB" "SELECT sum(er_passages) FROM region_metric WHERE level = 'region' AND year = 2021")" \
    "20372097" "the regions still count every passage of the file"
run --db "$UDB" hospital 010000024
contains "$OUT" "  Emergency visits (other units)  41,722" "the fiche shows the other kind of unit's passages"
run --db "$UDB" hospital 010000024 --json
is "$(printf '%s' "$OUT" | json '[(y["er_passages_general"], y["er_passages_other"]) for y in d["sae"]]')" \
    "[(None, 41722)]" "hospital --json: er_passages_other"
import_into "$ARCH" "$FN"
run --db "$ARCH" hospital 010000024
case $OUT in *"(other units)"*) r=shown ;; *) r=absent ;; esac
is "$r" absent "a fiche whose years have no other kind of unit has no such line"

# --- Another dataset given twice in one import is refused, not silently replaced. ---
OM="$top_srcdir/tests/fixtures/import/openmedic/OPEN_MEDIC_2022.CSV"
cp "$OM" "$TEST_TMP/copy_OPEN_MEDIC_2022.CSV"
expect_failure "Open Medic 2022 twice" "$ARCH" "$OM" "$TEST_TMP/copy_OPEN_MEDIC_2022.CSV"
contains "$ERR" "$TEST_TMP/copy_OPEN_MEDIC_2022.CSV: Open Medic 2022 a second time in one import (the first is $OM): each would replace the other, import the year once" \
    "Open Medic: the message names both files"
expect_failure "two FINESS extracts" "$ARCH" "$FN" "$top_srcdir/tests/fixtures/import/finess/etalab-cs1100507-cp1252.csv"
contains "$ERR" "a second FINESS extract in one import (the first is $FN)" "FINESS: the message names the first extract"

done_testing
