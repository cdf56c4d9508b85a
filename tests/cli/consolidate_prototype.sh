# SPDX-License-Identifier: ISC
# mediflux consolidate with the Python prototype's files (docs/legacy-schema.md):
# establishments, medications and professional densities carried with provenance,
# rows that cannot be carried counted and named, computed labels, caches and
# unknown tables reported, a mediflux import winning over the prototype.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/consolidate_lib.sh"

CFIX="$top_srcdir/tests/fixtures/consolidate"
SOURCE_DATE_EPOCH=1767225600	# 2026-01-01T00:00:00Z: provenance of the prototype tables
export SOURCE_DATE_EPOCH

PROD="$TEST_TMP/mediflux_production.db"
STAG="$TEST_TMP/staging.db"
sqlite3 "$PROD" < "$CFIX/production.sql"
sqlite3 "$STAG" < "$CFIX/staging.sql"
prod_sum=$(sum_of "$PROD")
stag_sum=$(sum_of "$STAG")
ref_sum=$(sum_of "$REFDB")

# 1. The two prototype files alone.
cons "$W/proto.db" "$PROD" "$STAG"
is "$RC" 0 "the prototype files consolidate (exit 0)"
P=$OUT
is "$(q "$W/proto.db" "SELECT finess || '|' || name || '|' || coalesce(commune_code, '') || '|' ||
    departement || '|' || coalesce(region, '') || '|' || commune_known FROM establishment ORDER BY finess")" \
"010000001|CH DE BOURG-EN-BRESSE|01053|01|84|1
130000001|HOPITAL NORD|13215|13|93|1
2A0000154|CENTRE HOSPITALIER DE CASTELLUCCIO|2A004|2A|94|1
2A0086494|CH D'AJACCIO|2A004|2A|94|1
2B0000020|CH DE BASTIA|2B033|2B|94|1
690000001|CLINIQUE DU PARC|69383|69|84|1
9A0000011|CHU FÉLIX GUYON|97411|974|04|1" "establishments: 5 from hospitals, 2 more from sae_hospitals, 2A/2B and 9A resolved"
is "$(q "$W/proto.db" "SELECT finess || '|' || year || '|' || coalesce(beds_mco, 'NULL') || '|' ||
    coalesce(er_authorised, 'NULL') FROM sae_site ORDER BY finess")" \
"2A0000154|2023|120|0
2A0086494|2023|420|1
2B0000020|2023|310|1
9A0000011|2022|650|2" "beds and emergency services by data_year; none for an empty mco_beds"
is "$(q "$W/proto.db" "SELECT count(*) FROM establishment WHERE finess IN ('350000001', '290000001', '750000001')")" 0 \
    "the rows that cannot be carried are not"
is "$(q "$W/proto.db" "SELECT year || '|' || count(*) || '|' || sum(boxes) || '|' || sum(reimbursed_cents) || '|' ||
    sum(base_cents) FROM med_fact GROUP BY year")" "2022|3|2297|364757|558087
2024|1|150|80246|123456" "medications: rows, boxes, cents (the negative regularisation included), base"
is "$(q "$W/proto.db" "SELECT p.cip13 || '|' || coalesce(f.boxes, 'NULL') || '|' || f.region || '|' || p.atc5 || '|' || p.atc2
    FROM med_fact f JOIN med_product p ON p.id = f.product_id WHERE f.year = 2022 ORDER BY p.cip13")" \
"3400930000001|2300|93|N02BE01|N02
3400930000002|-3|11|J01CA04|J01
3400930000003|NULL|53|A10BA02|A10" "facts at product level: Corse under BEN_REG 93, an empty count stays NULL"
is "$(q "$W/proto.db" "SELECT profession || '|' || year || '|' || level || '|' || territory || '|' || count ||
    '|' || density || '|' || coalesce(mean_age, 'NULL') FROM professional ORDER BY profession, level, territory")" \
"dentistes|2023|france||43000|63.2|47.5
infirmiers|2023|departement|2A|1987|1210.5|44.0
medecins|2023|departement|69|5123|275.4|49.2
medecins|2023|region|94|812|236.1|52.3
sages-femmes|2023|departement|2B|45|24.3|NULL
sages-femmes|2023|region|84|2100|26.0|NULL" "professional densities from both tables, by territory level"
is "$(q "$W/proto.db" "SELECT kind || '|' || coalesce(year, '') || '|' || file_name || '|' || file_size || '|' ||
    sha256 || '|' || rows_read || '|' || rows_kept || '|' || rows_rejected || '|' || imported_at
    FROM dataset WHERE kind LIKE 'prototype%' ORDER BY id")" \
"prototype_hospitals||mediflux_production.db|$(stat -c %s "$PROD")|${prod_sum%% *}|8|5|3|2026-01-01T00:00:00Z
prototype_medications||mediflux_production.db|$(stat -c %s "$PROD")|${prod_sum%% *}|6|4|2|2026-01-01T00:00:00Z
prototype_professional_demographics||mediflux_production.db|$(stat -c %s "$PROD")|${prod_sum%% *}|6|4|2|2026-01-01T00:00:00Z
prototype_drees_professional_density||staging.db|$(stat -c %s "$STAG")|${stag_sum%% *}|3|2|1|2026-01-01T00:00:00Z
prototype_sae_hospitals||staging.db|$(stat -c %s "$STAG")|${stag_sum%% *}|3|2|0|2026-01-01T00:00:00Z" \
    "one provenance row per table carried: file, size, SHA-256, rows read, kept, rejected"
run health --db "$W/proto.db"
is "$RC" 0 "mediflux health passes on OUT"
contains "$OUT" "Open Medic 2022: 3 rows; every aggregate adds up to the rows" "the cube of the prototype's year adds up"
is "$(q "$W/proto.db" "SELECT rows || '|' || boxes || '|' || reimbursed_cents FROM med_total WHERE year = 2022
    AND level = 1 AND region = -2 AND age = -2 AND sex = -2 AND prescriber = -2 AND code = 'N'")" "1|2300|325007" \
    "med_total rebuilt from the carried facts (ATC N)"
is "$(q "$W/proto.db" "SELECT count(*) FROM region_metric WHERE level = 'departement' AND code IN ('2A', '2B') AND year = 2023 AND beds_mco > 0")" 2 \
    "regional metrics recomputed from the carried establishments (2A, 2B)"

# The report: the exact lines.
contains "$P" "$PROD: prototype file" "the input is recognised as a prototype file"
contains "$P" "  hospitals                  carried      8     5         3" "hospitals: 8 read, 5 kept, 3 left out"
contains "$P" "  medications                carried      6     4         2" "medications: 6, 4, 2"
contains "$P" "  not consolidated: unknown table feature_flags (2 rows)" "the unknown table, by name and rows"
contains "$P" "  api_cache: a cache of answers from web services, refetched on demand" "api_cache left out, with its reason"
contains "$P" "  api_cache                  left out     4     0         4" "and its row count"
contains "$P" "  app_metadata: the prototype's own settings, meaningless to mediflux" "app_metadata left out"
contains "$P" "  regional_metrics           derived      3     0         3" "regional_metrics: 3 rows"
contains "$P" "  regional_metrics: derived: recomputed from the carried establishments, not copied" "derived, not copied"
contains "$P" "  sae_regional_metrics: derived: recomputed from the carried establishments, not copied" "likewise sae_regional_metrics"
contains "$P" "  sae_mco_activity: no year: SAE figures are kept for the year they describe" "SAE tables without a year are left out"
contains "$P" "mediflux_production.db: hospitals row 5: column commune_insee: a commune code that is not in the geography" \
    "a commune outside the geography: table, row, column"
contains "$P" "mediflux_production.db: hospitals row 6: column mco_beds: not a whole number" "a non-numeric count"
contains "$P" "mediflux_production.db: hospitals row 8: column name: empty" "an empty name"
contains "$P" "mediflux_production.db: medications row 5: column nb_boites: not a whole number" "a box count in words"
contains "$P" "mediflux_production.db: medications row 6: column region_code: not a region code" "an unknown region"
contains "$P" "staging.db: drees_professional_density row 3: column territoire_code: a code that is not in the geography" \
    "an unknown territory"
contains "$P" "mediflux_production.db: hospitals: occupancy_rate, availability_score not carried: computed from a doubtful formula, not facts" \
    "the computed rates are not carried, said once"
is "$(printf '%s\n' "$P" | grep -c "occupancy_rate")" 1 "once per table"
contains "$P" "  sae_hospitals: 1 establishment already carried from an earlier prototype table (same FINESS)" \
    "a FINESS in both prototype files is carried once"
is "$(sum_of "$PROD")|$(sum_of "$STAG")" "$prod_sum|$stag_sum" "the prototype files are unchanged"

# A table with two reasons: one sentence each, joined in the language.
STAG2="$TEST_TMP/staging2.db"
cp "$STAG" "$STAG2"
sqlite3 "$STAG2" "INSERT INTO sae_hospitals VALUES ('350000002', 'CH NULLE PART', '35', '53', '35999',
    'NULLE PART', '355', '1', 'RUE', 'X', '35000', 'NULLE PART', NULL)"
cons "$W/two.db" "$PROD" "$STAG2"
is "$(printf '%s\n' "$OUT" | grep '^  sae_hospitals: ')" \
    "  sae_hospitals: 1 establishment already carried from an earlier prototype table (same FINESS); 1 row that cannot be carried (see below)" \
    "en: two reasons joined by a semicolon"
OUT=$(LC_ALL=fr_FR.UTF-8 "$MEDIFLUX" consolidate -o "$W/two-fr.db" --geography "$GEO" "$PROD" "$STAG2" 2>&1)
is "$(printf '%s\n' "$OUT" | grep '^  sae_hospitals : ')" \
    "  sae_hospitals : 1 établissement déjà repris d'une table précédente du prototype (même FINESS) ; 1 ligne qui ne peut pas être reprise (voir plus bas)" \
    "fr: the table's line in French, a space before the colon and the semicolon"
is "$(printf '%s\n' "$OUT" | grep '^  professional_demographics : ')" \
    "  professional_demographics : 2 lignes qui ne peuvent pas être reprises (voir plus bas)" \
    "fr: a line of one reason"
rm -rf "$W/two.db" "$W/two.db.users" "$W/two-fr.db" "$W/two-fr.db.users"

# 2. With the sample database: the mediflux import wins.
cons "$W/all.db" "$REFDB" "$PROD" "$STAG"
is "$RC" 0 "sample database and prototype files consolidate"
A=$OUT
is "$(q "$W/all.db" "SELECT (SELECT count(*) FROM establishment) || '|' || (SELECT count(*) FROM med_fact) || '|' ||
    (SELECT count(*) FROM sae_site) || '|' || (SELECT count(*) FROM professional)")" "3010|200104|2669|16806" \
    "3004+4+2 establishments, 200101+3 Open Medic rows, 2666+3 SAE sites, 16800+6 professionals"
is "$(q "$W/all.db" "SELECT e.name || '|' || d.kind FROM establishment e JOIN dataset d ON d.id = e.dataset_id
    WHERE e.finess = '2A0086494'")" "$(q "$REFDB" "SELECT name FROM establishment WHERE finess = '2A0086494'")|finess" \
    "the FINESS both have keeps the mediflux import's row"
contains "$A" "  hospitals: 1 establishment already carried from a mediflux import (same FINESS), which wins; 3 rows that cannot be carried (see below)" \
    "and the report says how many"
contains "$A" "  medications: 1 row of years a mediflux Open Medic import holds, which wins; 2 rows that cannot be carried (see below)" \
    "the prototype's 2024 medication gives way to the Open Medic 2024 import"
is "$(q "$W/all.db" "SELECT count(*) FROM med_fact WHERE year = 2024")" 100088 "Open Medic 2024 is the import's alone"
is "$(q "$W/all.db" "SELECT count(*) FROM dataset WHERE sample = 1 AND kind NOT LIKE 'insee%'")" 22 \
    "OUT is flagged sample: an input is sample data"
run health --db "$W/all.db"
is "$RC" 0 "mediflux health passes on the merge"
run --db "$W/all.db" search ajaccio
contains "$OUT" "3 hospitals and clinics in places named \"ajaccio\"" "search finds the prototype's establishment too"
contains "$OUT" "2A0000154  CENTRE HOSPITALIER DE CASTELLUCCIO  Centre Hospitalier (C.H.)" \
    "with the category FINESS gives its code"
run --db "$W/all.db" meds --year 2022 --by product --json
is "$(printf '%s' "$OUT" | json "(d['total']['rows'], d['total']['boxes'], d['total']['reimbursed'], [r['code'] for r in d['rows']])")" \
    "(3, 2297, 3647.57, ['3400930000001', '3400930000003', '3400930000002'])" "meds 2022 lists the prototype's products"
is "$(sum_of "$REFDB")|$(sum_of "$PROD")|$(sum_of "$STAG")" "$ref_sum|$prod_sum|$stag_sum" "no input was modified"

# JSON report.
cons "$W/json.db" --json "$PROD" "$STAG"
is "$(printf '%s' "$OUT" | json "[(t['name'], t['action'], t['rows'], t['kept'], t['left_out']) for t in d['inputs'][0]['tables'] if t['name'] in ('hospitals', 'feature_flags', 'api_cache')]")" \
    "[('hospitals', 'carried', 8, 5, 3), ('api_cache', 'left out', 4, 0, 4), ('feature_flags', 'unknown', 2, 0, 2)]" \
    "inputs[].tables[]: name, action, rows, kept, left_out"
is "$(printf '%s' "$OUT" | json "[t['reason'] for t in d['inputs'][0]['tables'] if t['name'] == 'feature_flags'][0]")" \
    "not consolidated: unknown table feature_flags (2 rows)" "and the reason"
is "$(printf '%s' "$OUT" | json "(d['inputs'][0]['kind'], d['output']['sample'], d['output']['tables']['establishment'])")" \
    "('prototype', False, 7)" "kind, sample flag and counts of OUT"

# Determinism.
cons "$W/proto2.db" "$PROD" "$STAG"
is "$(sqlite3 "$W/proto.db" .dump | sha256sum)" "$(sqlite3 "$W/proto2.db" .dump | sha256sum)" "two runs give the same data"

# 3. A prototype table without a column it needs: exit 1, nothing written.
rm -rf "$W"; mkdir -p "$W"
sqlite3 "$TEST_TMP/nocol.db" "CREATE TABLE hospitals (finess_id TEXT PRIMARY KEY, city TEXT); INSERT INTO hospitals VALUES ('2A0000154', 'AJACCIO');"
nocol_sum=$(sum_of "$TEST_TMP/nocol.db")
cons "$W/out.db" "$PROD" "$TEST_TMP/nocol.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/nocol.db: table hospitals: no column 'name', which it needs to be consolidated" \
    "a missing required column: exit 1, file, table and column named"
ok "OUT does not exist and no temporary file is left" only_in_w ""
is "$(sum_of "$TEST_TMP/nocol.db")|$(sum_of "$PROD")" "$nocol_sum|$prod_sum" "the inputs are unchanged after the failure"
sqlite3 "$TEST_TMP/nocol2.db" "CREATE TABLE medications (cip13 TEXT PRIMARY KEY, nb_boites INTEGER, region_code TEXT)"
cons "$W/out.db" "$TEST_TMP/nocol2.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/nocol2.db: table medications: no column 'data_year', which it needs to be consolidated" \
    "medications without data_year: refused"
ok "still nothing written" only_in_w ""

# Table names are another program's text: one that reads as SQL and one with
# an escape sequence are counted as written and reported, sanitised.
sqlite3 "$TEST_TMP/odd.db" 'CREATE TABLE "evil""; DROP TABLE x; --" (a); INSERT INTO "evil""; DROP TABLE x; --" VALUES (1);'
sqlite3 "$TEST_TMP/odd.db" "CREATE TABLE \"t$(printf '\033')[31mred\" (b)"
odd_sum=$(sum_of "$TEST_TMP/odd.db")
cons "$W/odd_out.db" "$TEST_TMP/odd.db"
is "$RC" 0 "odd table names: exit 0"
contains "$OUT" '  not consolidated: unknown table evil"; DROP TABLE x; -- (1 row)' "a name that reads as SQL is reported as a name, its row counted"
contains "$OUT" '  not consolidated: unknown table t[31mred (0 rows)' "an escape in a name is shown without its control character"
is "$(printf '%s' "$OUT" | tr -d '\n' | tr -d '[:print:]' | wc -c)" 0 "no raw control character reaches the report"
is "$(sum_of "$TEST_TMP/odd.db")" "$odd_sum" "the input is unchanged"

done_testing
