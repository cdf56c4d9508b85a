# SPDX-License-Identifier: ISC
# mediflux import: Open Medic, 21 columns (CP1252 + CRLF in a zip; UTF-8 + BOM + LF,
# gzipped) and 15 columns (2014/2015), with exact facts, sums and aggregates.
# Expected values were computed once by an independent Python reading of the fixtures
# (see tests/fixtures/import/README.md) and are written here literally.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

OM="$FIX/openmedic"
mkdir "$TEST_TMP/zip"
cp "$OM/OPEN_MEDIC_2022.CSV" "$TEST_TMP/zip/"
ZIP="$TEST_TMP/OPEN_MEDIC_2022.zip"
bsdtar --format zip -cf "$ZIP" -C "$TEST_TMP/zip" OPEN_MEDIC_2022.CSV
GZ="$TEST_TMP/OPEN_MEDIC_2016.CSV.gz"
gzip -c "$OM/OPEN_MEDIC_2016.CSV" > "$GZ"

# --- 2022: 21 columns, lower-case l_cip13/age/sexe, CP1252, CRLF, in a zip. -------
DB="$TEST_TMP/om.db"
# med_total's all-France rows, and its finest cells.
ALL="region = -2 AND age = -2 AND sex = -2 AND prescriber = -2"
FINEST="region <> -2 AND age <> -2 AND sex <> -2 AND prescriber <> -2"
import_into "$DB" "$ZIP"
is "$RC" 0 "the 2022 zip imports"
is "$(q "$DB" "SELECT count(*) FROM commune")" 34969 "the new target holds the reference geography"
is "$(q "$DB" "SELECT count(*) FROM establishment")" 0 "and no sample data"

is "$(q "$DB" "SELECT count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents),
    count(reimbursed_cents), count(base_cents) FROM med_fact WHERE year = 2022")" \
    "19|2330|16956313|17352430|18|18" \
    "2022: 19 facts, every row kept; sums of boxes, REM and BSE in cents; empty REM/BSE are NULL"
is "$(q "$DB" "SELECT age, sex, region, prescriber, boxes, reimbursed_cents, base_cents
    FROM med_fact WHERE year = 2022 ORDER BY id")" \
"60|2|93|1|1520|4602725|4850000
60|1|5|90|310|938712|988010
20|9|0|99|2|6056|6375
99|2|99|98|1|3028|3187
60|1|93|3|12|13506|15047
60|2|11|1|-3|-3377|-3762
20|2|11|1|0|0|0
0|1|84|12|5|NULL|NULL
60|2|84|15|7|123456|130000
20|2|76|90|-51|-6659625|-6690000
60|1|52|1|40|24480|37720
60|9|53|90|6|11802|18157
60|1|93|90|24|14740800|14740800
60|2|5|90|3|1842600|1842600
0|1|27|15|2|861|1230
60|2|93|90|410|1241480|1308170
60|1|93|3|9|5508|8487
60|1|93|1|30|59010|90785
60|2|84|1|3|5291|5624" \
    "2022 facts in file order: 46.027,25 1234.56 1.300,00 -66596,25 -66.900,00 18426 12,3 0,00 and empty cells"
is "$(q "$DB" "SELECT p.cip13, count(*), sum(f.boxes), sum(f.reimbursed_cents), sum(f.base_cents)
    FROM med_fact f JOIN med_product p ON p.id = f.product_id WHERE f.year = 2022
    GROUP BY p.cip13 ORDER BY p.cip13")" \
"3400921604696|3|12|129608|136854
3400921609080|1|-51|-6659625|-6690000
3400921610840|2|9|10129|11285
3400926784102|5|2243|6792001|7155742
3400927352898|2|5|0|0
3400930202074|2|27|16583400|16583400
3400930212356|2|36|70812|108942
3400937140423|2|49|29988|46207" \
    "2022 facts point at their products (CIP13)"
is "$(q "$DB" "SELECT cip13, label, atc1, atc2, atc3, atc4, atc5, generic_status, generic_group
    FROM med_product ORDER BY cip13")" \
"3400921604696|YELLOX 0,9MG/ML COLLY FL5ML 1|S|S01|S01B|S01BC|S01BC11|0|0
3400921609080|AVONEX 0,03MG/0,5ML SOL INJ STYLO 4|L|L03|L03A|L03AB|L03AB07|0|NULL
3400921610840|NICORANDIL SDZ 20MG CPR 30|C|C01|C01D|C01DX|C01DX16|1|1101
3400926784102|ELIQUIS 5MG CPR 60|B|B01|B01A|B01AF|B01AF02|0|0
3400927352898|LANSOPRAZOLE VIATRIS 15MG CPR OROD 14|A|A02|A02B|A02BC|A02BC03|1|478
3400930202074|VYNDAQEL 61 MG CAPSULE MOLLE 30|N|N07|N07X|N07XX|N07XX08|0|NULL
3400930212356|AMLODIPINE/VALSARTAN ACC 5/160MG CPR 90|C|C09|C09D|C09DB|C09DB01|1|1150
3400937140423|ISOPTINE 120 MG GELULE 90|C|C08|C08D|C08DA|C08DA01|4|312" \
    "products: labels with commas, ATC chain, TOP_GEN, GEN_NUM (empty is NULL)"
is "$(q "$DB" "SELECT level, count(*) FROM atc GROUP BY level ORDER BY level")" \
"1|6
2|8
3|8
4|8
5|8" "the ATC dictionary holds the 38 codes of the five levels"
is "$(q "$DB" "SELECT code, level, label, parent FROM atc WHERE code LIKE 'A%' ORDER BY code")" \
"A|1|Système digestif et métabolisme|NULL
A02|2|Médicaments pour les troubles de l'acidité|A
A02B|3|Médicaments pour l'ulcère peptique et le reflux gastro-œsophagien (RGO)|A02
A02BC|4|Inhibiteurs de la pompe à protons|A02B
A02BC03|5|Lansoprazole|A02BC" \
    "ATC labels decoded from CP1252 (é, à, and 0x9C as œ), with their parents"
is "$(q "$DB" "SELECT level, count(*), sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)
    FROM med_total_all WHERE year = 2022 AND $ALL GROUP BY level ORDER BY level")" \
"1|6|19|2330|16956313|17352430
2|8|19|2330|16956313|17352430
3|8|19|2330|16956313|17352430
4|8|19|2330|16956313|17352430
5|8|19|2330|16956313|17352430
6|8|19|2330|16956313|17352430" \
    "med_total: one all-France row per code (6 ATC1, 8 below) at every level, adding up to the facts"
is "$(q "$DB" "SELECT level, count(*), sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)
    FROM med_total_all WHERE year = 2022 AND $FINEST GROUP BY level ORDER BY level")" \
"1|18|19|2330|16956313|17352430
2|19|19|2330|16956313|17352430
3|19|19|2330|16956313|17352430
4|19|19|2330|16956313|17352430
5|19|19|2330|16956313|17352430
6|19|19|2330|16956313|17352430" \
    "and the finest cells (BEN_REG x age x sex x prescriber group) too; two C rows share one at level 1"
is "$(q "$DB" "SELECT code, sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)
    FROM med_total_all WHERE year = 2022 AND level = 1 AND $FINEST GROUP BY code ORDER BY code")" \
"A|2|5|0|0
B|5|2243|6792001|7155742
C|6|94|110929|166434
L|1|-51|-6659625|-6690000
N|2|27|16583400|16583400
S|3|12|129608|136854" "level 1 by ATC1, negatives summed"
is "$(q "$DB" "SELECT prescriber, rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2022 AND level = 1 AND code = 'C' AND region = 93 AND age = 60 AND sex = 1
    ORDER BY prescriber")" \
"1|1|30|59010|90785
2|2|21|19014|23534" "three products of ATC1 C (93, 60 ans, men): PSP_SPE 3 twice is one specialist cell"
is "$(q "$DB" "SELECT prescriber, rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2022 AND level = 5 AND code = 'B01AF02' AND region = 93 AND age = 60 AND sex = 2
    ORDER BY prescriber")" \
"1|1|1520|4602725|4850000
4|1|410|1241480|1308170" "PSP_SPE 1 is a GP, 90 a salaried prescriber"
is "$(q "$DB" "SELECT rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2022 AND level = 5 AND code = 'B01AF02' AND region = 93 AND age = -2 AND sex = -2
    AND prescriber = -2")" \
    "2|1930|5844205|6158170" "both meet in BEN_REG 93's roll-up"
is "$(q "$DB" "SELECT prescriber, sum(rows) FROM med_total_all WHERE year = 2022 AND level = 1
    AND region = -2 AND age = -2 AND sex = -2 AND prescriber <> -2 GROUP BY prescriber")" \
"1|6
2|5
4|6
5|1
6|1" "prescriber groups: 1 GP; 3, 12 and 15 specialists; 90 salaried; 98 other; 99 unknown"
is "$(q "$DB" "SELECT rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2022 AND level = 1 AND code = 'A' AND region = 84 AND age = 0 AND sex = 1
    AND prescriber = 2")" \
    "1|5|NULL|NULL" "a cell whose only REM and BSE are empty sums to NULL, not 0"
is "$(q "$DB" "SELECT code, rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2022 AND level = 6 AND $ALL AND code LIKE 'B01AF02 %'")" \
    "B01AF02 3400926784102|5|2243|6792001|7155742" "a product's code is its ATC5 and its CIP13"
is "$(q "$DB" "SELECT rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2022 AND level = 6 AND code = 'B01AF02 3400926784102' AND region = 93
    AND age = -2 AND sex = -2 AND prescriber = -2")" \
    "2|1930|5844205|6158170" "ELIQUIS in BEN_REG 93: two rows"

ZIPFACTS=$(file_facts "$ZIP")
is "$(provenance "$DB" openmedic)" "openmedic|2022|OPEN_MEDIC_2022.zip|$ZIPFACTS|19|19|0|0" \
    "provenance: kind, year, the zip's name, size and SHA-256, rows read/kept/rejected"
ok "control totals are JSON" is_json "$(q "$DB" "SELECT control_totals FROM dataset WHERE kind = 'openmedic'")"

# Regional metrics: BEN_REG 93 covers PACA and Corse, BEN_REG 5 every DROM.
is "$(q "$DB" "SELECT code, population, boxes, reimbursed_cents, meds_population, meds_basis,
    printf('%.9f', boxes_per_inhabitant) FROM region_metric
    WHERE level = 'region' AND year = 2022 AND code IN ('01', '06', '84', '93', '94') ORDER BY code")" \
"01|384160|313|2781312|2184983|5: 01,02,03,04,06|0.000143251
06|256518|313|2781312|2184983|5: 01,02,03,04,06|0.000143251
84|8205557|15|128747|8205557|84: 84|0.000001828
93|5218960|2005|20663029|5574446|93: 93,94|0.000359677
94|355486|2005|20663029|5574446|93: 93,94|0.000359677" \
    "region metrics: 93 and 94 share BEN_REG 93, DROM share BEN_REG 5, with the matching population"

# --- 2016: L_CIP13/AGE case, UTF-8 with BOM, LF, gzipped; into the same target. ---
import_into "$DB" "$GZ"
is "$RC" 0 "the 2016 .gz imports beside 2022"
is "$(q "$DB" "SELECT year, count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents),
    count(reimbursed_cents), count(region) FROM med_fact GROUP BY year ORDER BY year")" \
"2016|12|900|2620546|2766820|11|11
2022|19|2330|16956313|17352430|18|19" "2016 facts added, 2022 untouched; an empty BEN_REG is NULL"
is "$(q "$DB" "SELECT count(*) FROM med_product")" 10 "10 products in all"
is "$(q "$DB" "SELECT count(*) FROM atc")" 46 "46 ATC codes in all"
is "$(q "$DB" "SELECT label, generic_status, generic_group FROM med_product WHERE cip13 = '3400949497294'")" \
    'ANASTROZOLE ACCORD 1MG CPR "B/28"; PELLICULE|1|805' \
    "a quoted label with ';' and doubled quotes"
is "$(q "$DB" "SELECT atc4, coalesce(atc5, '') FROM med_product WHERE cip13 = '3400930039946'")" "V03AX|" \
    "a product without ATC5"
is "$(q "$DB" "SELECT label FROM atc WHERE code IN ('B', 'C08D') ORDER BY code")" \
"Sang et organes hématopoïétiques
Inhibiteurs calciques sélectifs à effet cardiaque direct" \
    "the same labels whether read from CP1252 or UTF-8"
is "$(q "$DB" "SELECT level, sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)
    FROM med_total_all WHERE year = 2016 AND $ALL GROUP BY level ORDER BY level")" \
"1|12|900|2620546|2766820
2|12|900|2620546|2766820
3|12|900|2620546|2766820
4|12|900|2620546|2766820
5|12|900|2620546|2766820
6|12|900|2620546|2766820" "2016 aggregates add up to the facts"
is "$(q "$DB" "SELECT count(*), sum(rows) FROM med_total_all WHERE year = 2016 AND level = 5 AND code = 'V03AX'
    AND $FINEST")" \
    "3|3" "rows without ATC5 gather under their ATC4 at level 5, so that a drill-down under V03 finds them"
is "$(q "$DB" "SELECT sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_total_all
    WHERE year = 2016 AND level = 5 AND code = 'V03AX' AND region = 53 AND age = 0 AND sex = 1
    AND prescriber <> -2")" \
    "2|2|120|495" "an empty REM beside a filled one sums to the filled one"
is "$(q "$DB" "SELECT rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2016 AND level = 1 AND code = 'L' AND region = -1 AND age = 60 AND sex = 2")" \
    "1|3|4656|5412" "an undeclared BEN_REG is region -1 in med_total"
is "$(q "$DB" "SELECT rows, boxes, reimbursed_cents, base_cents FROM med_total_all
    WHERE year = 2016 AND level = 6 AND code LIKE '% 3400949497294' AND region = -1 AND age = -2")" \
    "1|3|4656|5412" "and in the product roll-up"
is "$(q "$DB" "SELECT count(*), sum(rows), sum(boxes) FROM med_total_all WHERE year = 2016 AND level = 6
    AND $ALL")" \
    "5|12|900" "2016 product totals: five products"
is "$(q "$DB" "SELECT code FROM med_total_all WHERE year = 2016 AND level = 6 AND $ALL
    AND code LIKE 'V%'")" "V03AX 3400930039946" "a product without ATC5 is coded under its ATC4"
is "$(q "$DB" "SELECT kind, year, file_name, rows_read, rows_kept, rows_rejected FROM dataset
    WHERE kind = 'openmedic' ORDER BY year")" \
"openmedic|2016|OPEN_MEDIC_2016.CSV.gz|12|12|0
openmedic|2022|OPEN_MEDIC_2022.zip|19|19|0" "one dataset per year, named after the file given"
is "$(q "$DB" "SELECT code, boxes, reimbursed_cents, meds_population FROM region_metric
    WHERE level = 'region' AND year = 2016 AND code IN ('04', '93', '94') ORDER BY code")" \
"04|45|136238|2184983
93|800|2422500|5574446
94|800|2422500|5574446" "2016 regional metrics"

# Re-importing replaces the year, never doubles it; --json and --quiet.
import_into "$DB" --json "$ZIP"
is "$RC" 0 "re-importing the 2022 zip with --json exits 0"
ok "and prints JSON" is_json "$OUT"
is "$(q "$DB" "SELECT year, count(*), sum(boxes), sum(reimbursed_cents) FROM med_fact GROUP BY year ORDER BY year")" \
"2016|12|900|2620546
2022|19|2330|16956313" "the 2022 facts are replaced, not doubled"
is "$(q "$DB" "SELECT sum(rows), sum(boxes) FROM med_total_all WHERE year = 2022 AND level = 3 AND $ALL")" \
    "19|2330" "and so are their aggregates"
is "$(q "$DB" "SELECT count(*) FROM med_product")" 10 "no product twice"
import_into "$DB" --quiet "$GZ"
is "$RC" 0 "re-importing the 2016 file with --quiet exits 0"
is "$ERR" "" "and no progress on stderr"
is "$OUT" "" "nor a summary on stdout"
is "$(q "$DB" "SELECT count(*) FROM med_fact")" 31 "still 31 facts"

# --- 2014: 15 columns, no labels; labels already known are kept. -----------------
DB14="$TEST_TMP/om2014.db"
import_into "$DB14" "$OM/OPEN_MEDIC_2014.CSV"
is "$RC" 0 "the 15-column 2014 file imports"
is "$(q "$DB14" "SELECT year, count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_fact GROUP BY year")" \
    "2014|6|59|61178|74347" "2014 facts and sums"
is "$(q "$DB14" "SELECT count(*), count(label) FROM med_product")" "4|0" "4 products, no label"
is "$(q "$DB14" "SELECT count(*), count(label) FROM atc")" "19|0" "19 ATC codes, no label"
is "$(q "$DB14" "SELECT code, level, parent FROM atc WHERE code = 'C' OR code LIKE 'C08%' ORDER BY code")" \
"C|1|NULL
C08|2|C
C08D|3|C08
C08DA|4|C08D
C08DA01|5|C08DA" "ATC levels and parents from the column positions"
is "$(q "$DB14" "SELECT level, sum(rows), sum(boxes), sum(reimbursed_cents)
    FROM med_total_all WHERE year = 2014 AND $FINEST GROUP BY level ORDER BY level")" \
"1|6|59|61178
2|6|59|61178
3|6|59|61178
4|6|59|61178
5|6|59|61178
6|6|59|61178" "2014 aggregates"
is "$(provenance "$DB14" openmedic)" \
    "openmedic|2014|OPEN_MEDIC_2014.CSV|$(file_facts "$OM/OPEN_MEDIC_2014.CSV")|6|6|0|0" "2014 provenance"
import_into "$DB14" "$ZIP"
is "$RC" 0 "2022 imports after 2014"
is "$(q "$DB14" "SELECT cip13, coalesce(label, 'NULL') FROM med_product
    WHERE cip13 IN ('3400921610840', '3400949497294') ORDER BY cip13")" \
"3400921610840|NICORANDIL SDZ 20MG CPR 30
3400949497294|NULL" "2022 names the products it has"
import_into "$DB14" "$OM/OPEN_MEDIC_2014.CSV"
is "$RC" 0 "2014 imports again"
is "$(q "$DB14" "SELECT label FROM med_product WHERE cip13 = '3400921610840'")" \
    "NICORANDIL SDZ 20MG CPR 30" "a label-less year does not erase a known label"
is "$(q "$DB14" "SELECT label FROM atc WHERE code = 'C08DA01'")" "Vérapamil" "nor an ATC label"
is "$(q "$DB14" "SELECT count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_fact")" \
    "25|2389|17017491|17426777" "6 + 19 facts, 2014 not doubled"
is "$(q "$DB14" "SELECT count(*), count(label) FROM med_product")" "9|8" "9 products, 8 named"

# --- A byte CP1252 leaves undefined (0x81) is dropped, the row kept. --------------
python3 - "$OM/OPEN_MEDIC_2022.CSV" "$TEST_TMP/OPEN_MEDIC_2022.CSV" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
assert data.count(b'0,5ML SOL') == 1
open(sys.argv[2], 'wb').write(data.replace(b'0,5ML SOL', b'0,5ML\x81 SOL'))
EOF
DB81="$TEST_TMP/x81.db"
import_into "$DB81" "$TEST_TMP/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "a label with the undefined byte 0x81 imports"
is "$(q "$DB81" "SELECT label FROM med_product WHERE cip13 = '3400921609080'")" \
    "AVONEX 0,03MG/0,5ML SOL INJ STYLO 4" "the byte is dropped from the label"
is "$(q "$DB81" "SELECT count(*), sum(boxes) FROM med_fact")" "19|2330" "every row kept"

# --- The year from --year when the name has none; --sample. ----------------------
cp "$OM/OPEN_MEDIC_2016.CSV" "$TEST_TMP/medicaments.csv"
DBY="$TEST_TMP/year.db"
import_into "$DBY" --year 2017 --sample "$TEST_TMP/medicaments.csv"
is "$RC" 0 "a file without a year in its name imports with --year"
is "$(q "$DBY" "SELECT year, count(*), sum(boxes) FROM med_fact GROUP BY year")" "2017|12|900" \
    "its facts are filed under that year"
is "$(provenance "$DBY" openmedic)" \
    "openmedic|2017|medicaments.csv|$(file_facts "$TEST_TMP/medicaments.csv")|12|12|0|1" \
    "provenance says 2017 and sample data"

# --- A database of schema 2 (two aggregate tables) keeps its years: the ---------
# migration to 3 rebuilds med_total from the stored rows, in SQL, and must
# give exactly what the import computed in memory. The schema 2 file is made
# by the real schema steps (mkold), with the rows of a current import.
DBN="$TEST_TMP/migrate-new.db"
DBM="$TEST_TMP/migrate.db"
import_into "$DBN" "$ZIP"
CUBE="SELECT * FROM med_total_all WHERE year = 2022 ORDER BY 1, 2, 3, 4, 5, 6, 7"
BEFORE=$(q "$DBN" "$CUBE")
"$top_builddir/tests/consolidate/mkold" "$DBM" 2 "$DBN"
is "$(q "$DBM" "PRAGMA user_version")" 2 "a database of schema 2"
import_into "$DBM" "$GZ"
is "$RC" 0 "importing into a schema 2 database migrates it"
is "$(q "$DBM" "PRAGMA user_version")" 11 "to schema 11 (through 3 to 10)"
is "$(q "$DBM" "$CUBE")" "$BEFORE" "the SQL rebuild of 2022 equals the import's own, cell for cell"
ok "2022 has cells at all six levels" test "$(q "$DBM" "SELECT count(DISTINCT level) FROM med_total_all
    WHERE year = 2022")" = 6

done_testing
