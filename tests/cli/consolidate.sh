# SPDX-License-Identifier: ISC
# mediflux consolidate with mediflux reference databases of every schema version:
# what is carried, the most recently imported dataset kept, derived tables rebuilt,
# the result healthy, the inputs never modified, and the refusals.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/consolidate_lib.sh"

MKOLD="$top_builddir/tests/consolidate/mkold"

# The rows of a table that are in a but not in b, and the other way.
differ() {
	q "$1" "ATTACH '$2' AS b; SELECT (SELECT count(*) FROM (SELECT $4 FROM main.$3
	    EXCEPT SELECT $4 FROM b.$3)) || '|' || (SELECT count(*) FROM (SELECT $4 FROM b.$3
	    EXCEPT SELECT $4 FROM main.$3))"
}

ref_sum=$(sum_of "$REFDB")
sqlite3 "$TEST_TMP/empty.db" "CREATE TABLE t (x); DROP TABLE t"

# 1. The sample database alone: everything carried, the derived tables as the import made them.
cons "$W/one.db" "$REFDB"
is "$RC" 0 "the sample database consolidates (exit 0)"
is "$ERR" "" "with nothing on stderr"
is "$(q "$W/one.db" "SELECT (SELECT count(*) FROM establishment) || '|' ||
    (SELECT count(*) FROM sae_site) || '|' || (SELECT count(*) FROM med_fact) || '|' ||
    (SELECT count(*) FROM professional) || '|' || (SELECT count(*) FROM med_product)
    || '|' || (SELECT count(*) FROM dataset)")" "3004|2666|200101|16800|483|21" \
    "establishments, SAE sites, Open Medic rows, professionals, products, datasets carried"
BDPM_COUNTS="SELECT (SELECT count(*) FROM bdpm_cis) || '|' || (SELECT count(*) FROM bdpm_cip)
    || '|' || (SELECT count(*) FROM bdpm_compo) || '|' || (SELECT count(*) FROM bdpm_has_smr)
    || '|' || (SELECT count(*) FROM bdpm_key) || '|' || (SELECT sum(price_cents) FROM bdpm_cip)"
is "$(q "$W/one.db" "$BDPM_COUNTS")" "$(q "$REFDB" "$BDPM_COUNTS")" \
    "the BDPM's rows carried, its search index rebuilt"
is "$(differ "$W/one.db" "$REFDB" med_total '*')" "0|0" "med_total rebuilt exactly as the import built it"
is "$(differ "$W/one.db" "$REFDB" region_metric '*')" "0|0" "region_metric rebuilt exactly"
is "$(differ "$W/one.db" "$REFDB" med_value '*')" "0|0" "med_value rebuilt exactly"
EST_COLS="finess, finess_ej, name, address, postal_code, city, commune_code, commune_known,
    departement, region, category_code, coord_x, coord_y, name_key, city_key"
PRO_COLS="profession, year, level, territory, specialty_group, specialty, practice, age_band,
    sex, is_total, count, density, mean_age"
SAE_COLS="finess, year, name, departement, commune_code, beds_mco, places_mco,
    er_passages_general, er_passages_paediatric, er_authorised, beds_source"
is "$(differ "$W/one.db" "$REFDB" establishment "$EST_COLS")" "0|0" "establishments identical"
is "$(differ "$W/one.db" "$REFDB" professional "$PRO_COLS")" "0|0" "professionals identical"
is "$(differ "$W/one.db" "$REFDB" dataset "kind, year, file_name, sha256, imported_at, sample")" "0|0" \
    "provenance carried as imported"
RUNS=$(q "$REFDB" "SELECT count(*) FROM main.med_fact_run")
is "$(q "$W/one.db" "SELECT group_concat(name || '=' || rows, ' ') FROM (SELECT * FROM table_count
    WHERE name IN ('med_fact_run', 'med_total', 'place', 'establishment') ORDER BY name)")" \
    "establishment=3004 med_fact_run=$RUNS med_total=44609 place=3170" "table_count rebuilt"
run health --db "$W/one.db"
is "$RC" 0 "mediflux health passes on OUT"
contains "$OUT" "Open Medic 2024: 100,088 rows; every aggregate adds up to the rows" "health checks the cube of OUT"
is "$(sum_of "$REFDB")" "$ref_sum" "the input's bytes are unchanged"
is "$(stat -c %a "$W/one.db")" 644 "OUT is 0644 under umask 022"
ok "no temporary or lock file is left" only_in_w "one.db "
(umask 027; "$MEDIFLUX" consolidate -o "$TEST_TMP/umask.db" --geography "$GEO" "$TEST_TMP/empty.db" >/dev/null 2>&1)
is "$(stat -c %a "$TEST_TMP/umask.db")" 640 "OUT follows the umask (027: 0640)"
run --db "$W/one.db" search lyon
one_search=$OUT
run --db "$REFDB" search lyon
is "$one_search" "$OUT" "search lyon on OUT finds what it finds on the sample database"
contains "$one_search" "13 hospitals and clinics in places named \"lyon\"" "13 of them"
run --db "$W/one.db" meds --year 2023 --by atc1 --json
one_meds=$(printf '%s' "$OUT" | grep -v '"database":')
run --db "$REFDB" meds --year 2023 --by atc1 --json
is "$one_meds" "$(printf '%s' "$OUT" | grep -v '"database":')" "meds --year 2023 on OUT gives the sample database's totals"

# The text report.
cons "$W/text.db" "$REFDB"
contains "$OUT" "$REFDB: reference database, schema version 11" "the report names the input and its schema"
contains "$OUT" "  med_fact_run          carried        $RUNS     $RUNS         0" \
    "med_fact_run (the rows, packed in runs): read, kept, left out"
contains "$OUT" "  med_total             derived     44,609       0    44,609" "med_total: derived"
contains "$OUT" "  med_total: recomputed from the carried rows, not copied" "derived tables say so"
contains "$OUT" "  dataset               provenance      21      17         4" "dataset: 17 carried, the 4 of the geography not"
contains "$OUT" "  dataset: 4 of the geography, which OUT has from the reference geography" "and why"
contains "$OUT" "rule: of two datasets of the same kind and year, the one imported most recently is kept" \
    "the report states the rule"
contains "$OUT" "$W/text.db written (sample data): " "and that OUT holds sample data"

# 2. Earlier schema versions, made with the real schema steps.
for v in 0 1 2 3; do
	"$MKOLD" "$TEST_TMP/v$v.db" "$v" "$REFDB"
	is "$?|$(q "$TEST_TMP/v$v.db" "PRAGMA user_version")" "0|$v" "a version $v database is made"
done
v2_sum=$(sum_of "$TEST_TMP/v2.db")
cons "$W/v2.db" "$TEST_TMP/v2.db"
is "$RC" 0 "a version 2 database consolidates"
contains "$OUT" "$TEST_TMP/v2.db: reference database, schema version 2" "reported as version 2"
is "$(sum_of "$TEST_TMP/v2.db")" "$v2_sum" "the version 2 file is not migrated in place"
is "$(differ "$W/v2.db" "$REFDB" med_total '*')" "0|0" "its med_total is rebuilt from its rows, as the import's"
is "$(differ "$W/v2.db" "$REFDB" sae_site "$SAE_COLS")" "0|0" "its SAE sites carried"
run health --db "$W/v2.db"
is "$RC" 0 "health passes on OUT from version 2"
cons "$W/v3.db" "$TEST_TMP/v3.db"
is "$RC" 0 "a version 3 database consolidates"
contains "$OUT" "$TEST_TMP/v3.db: reference database, schema version 3" "reported as version 3"
is "$(differ "$W/v3.db" "$REFDB" sae_site "$SAE_COLS")" "0|0" "its SAE sites carried"
is "$(q "$W/v3.db" "SELECT count(*) FROM sae_site WHERE er_passages_other IS NOT NULL")" 0 \
    "version 3 had no other kinds of emergency unit: NULL, not 0"
for v in 0 1; do
	cons "$W/v$v.db" "$TEST_TMP/v$v.db"
	is "$RC|$(q "$W/v$v.db" "SELECT count(*) FROM dataset WHERE kind NOT LIKE 'insee%'")" "0|0" \
	    "a version $v database consolidates, with no dataset to carry"
	if [ "$v" = 0 ]; then
		# The first step was never run: an empty SQLite file, nothing marks it as ours.
		contains "$OUT" "$TEST_TMP/v0.db: prototype file" "version 0 is an empty file, read as such"
	else
		contains "$OUT" "schema version $v" "reported as version $v"
	fi
done
run health --db "$W/v1.db"
is "$RC" 0 "health passes on OUT from version 1"

# 3. Two inputs holding the same datasets: the one imported most recently is kept.
cp "$TEST_TMP/v2.db" "$TEST_TMP/older.db"
sqlite3 "$TEST_TMP/older.db" "UPDATE dataset SET imported_at = '2025-01-01T00:00:00Z' WHERE kind NOT LIKE 'insee%';
    UPDATE dataset SET imported_at = '2027-01-01T00:00:00Z' WHERE kind = 'openmedic' AND year = 2024;
    DELETE FROM med_fact WHERE year = 2024 AND region = 11;"
older_rows=$(q "$TEST_TMP/older.db" "SELECT count(*) FROM med_fact WHERE year = 2024")
# The runs schema 9 packs older.db's rows in: one per stretch of consecutive
# rows of one product.
older_runs() {
	q "$TEST_TMP/older.db" "SELECT count(*) FROM (SELECT DISTINCT year, product_id,
	    id - row_number() OVER (PARTITION BY year, product_id ORDER BY id) FROM med_fact
	    WHERE $1)"
}
older_all=$(older_runs 1)
older_runs_2024=$(older_runs "year = 2024")
runs_2023=$(q "$REFDB" "SELECT count(*) FROM main.med_fact_run WHERE year = 2023")
older_sum=$(sum_of "$TEST_TMP/older.db")
cons "$W/two.db" "$REFDB" "$TEST_TMP/older.db"
is "$RC" 0 "two inputs with the same datasets consolidate"
is "$(q "$W/two.db" "SELECT year, count(*) FROM med_fact GROUP BY year")" "2023|100013
2024|$older_rows" "Open Medic 2024 comes from the file that imported it later, 2023 from the other"
is "$(q "$W/two.db" "SELECT count(*) FROM med_fact WHERE year = 2024 AND region = 11")" 0 \
    "the kept 2024 has none of the rows the other had for BEN_REG 11"
is "$(q "$W/two.db" "SELECT kind || ' ' || year || ' ' || imported_at FROM dataset WHERE kind = 'openmedic' ORDER BY year")" \
    "openmedic 2023 2026-$(q "$REFDB" "SELECT substr(imported_at, 6) FROM dataset WHERE kind = 'openmedic' AND year = 2023")
openmedic 2024 2027-01-01T00:00:00Z" "one provenance row per kind and year, the newer one"
is "$(q "$W/two.db" "SELECT count(*) FROM dataset WHERE kind NOT LIKE 'insee%'")" 17 "seventeen datasets, none twice"
contains "$OUT" "superseded: openmedic 2024 of mediflux.db (imported " "the superseded 2024 is reported"
contains "$OUT" "by the one of older.db (imported 2027-01-01T00:00:00Z)" "with the one kept"
contains "$OUT" "superseded: finess 2026 of older.db (imported 2025-01-01T00:00:00Z) by the one of mediflux.db" \
    "and the other way for FINESS"
contains "$OUT" "  dataset: 16 superseded (the same kind and year imported later), 4 of the geography" \
    "the older file's superseded datasets are counted"
run health --db "$W/two.db"
is "$RC" 0 "health passes on the merge"
is "$(sum_of "$REFDB")|$(sum_of "$TEST_TMP/older.db")" "$ref_sum|$older_sum" "neither input was modified"

# The same as JSON.
cons "$W/two-json.db" --json "$REFDB" "$TEST_TMP/older.db"
is "$RC" 0 "--json exits 0"
is "$(printf '%s' "$OUT" | json "[i['kind'] + ':' + str(i['schema_version']) for i in d['inputs']]")" \
    "['reference:11', 'reference:2']" "inputs[]: kind and schema_version"
is "$(printf '%s' "$OUT" | json "[(t['action'], t['rows'], t['kept'], t['left_out']) for t in d['inputs'][1]['tables'] if t['name'] in ('med_fact_run', 'dataset')]")" \
    "[('provenance', 21, 1, 20), ('carried', $older_all, $older_runs_2024, $((older_all - older_runs_2024)))]" \
    "tables[]: rows, kept, left_out (the rows' runs)"
is "$(printf '%s' "$OUT" | json "(d['output']['sample'], d['output']['tables']['med_fact_run'], d['output']['path'].endswith('two-json.db'))")" \
    "(True, $((runs_2023 + older_runs_2024)), True)" "output: sample, table counts, path"

# Determinism: the same inputs give the same database.
cons "$W/again.db" "$REFDB" "$TEST_TMP/older.db"
is "$(sqlite3 "$W/two.db" .dump | sha256sum)" "$(sqlite3 "$W/again.db" .dump | sha256sum)" \
    "two runs give the same data"

# 4. Refusals: exit 1, nothing written, inputs unchanged.
before=$(sum_of "$W/one.db")
cons "$W/one.db" "$REFDB"
is "$RC|$ERR" "1|mediflux: $W/one.db exists: consolidate writes a new database" "an existing OUT is refused"
is "$(sum_of "$W/one.db")" "$before" "and left as it was"

rm -rf "$W"; mkdir -p "$W"
printf 'finess_id,name\n1,x\n' > "$TEST_TMP/notsqlite.db"
cons "$W/out.db" "$REFDB" "$TEST_TMP/notsqlite.db"
is "$RC" 1 "a file that is not SQLite: exit 1"
contains "$ERR" "$TEST_TMP/notsqlite.db: not an SQLite database" "naming the file"
ok "OUT does not exist and no temporary file is left" only_in_w ""

cons "$W/out.db" "$TEST_TMP/missing.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/missing.db: No such file or directory" "a missing input: exit 1, named"

mkdir "$TEST_TMP/adir"
cons "$W/out.db" "$TEST_TMP/adir"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/adir: not a regular file" "a directory given as input: exit 1, named"
if [ "$(id -u)" != 0 ]; then
	cp "$TEST_TMP/v1.db" "$TEST_TMP/unreadable.db"
	chmod 000 "$TEST_TMP/unreadable.db"
	cons "$W/out.db" "$TEST_TMP/unreadable.db"
	is "$RC|$ERR" "1|mediflux: $TEST_TMP/unreadable.db: Permission denied" "an unreadable input: exit 1, named"
	chmod 600 "$TEST_TMP/unreadable.db"
fi
ok "nothing written" only_in_w ""

cp "$TEST_TMP/v2.db" "$TEST_TMP/corrupt.db"
size=$(stat -c %s "$TEST_TMP/corrupt.db")
dd if=/dev/urandom of="$TEST_TMP/corrupt.db" bs=4096 seek=$((size / 4096 / 2)) count=8 conv=notrunc 2>/dev/null
corrupt_sum=$(sum_of "$TEST_TMP/corrupt.db")
cons "$W/out.db" "$REFDB" "$TEST_TMP/corrupt.db"
is "$RC" 1 "a damaged database: exit 1"
contains "$ERR" "$TEST_TMP/corrupt.db: " "naming the file"
ok "OUT does not exist and no temporary file is left" only_in_w ""
is "$(sum_of "$TEST_TMP/corrupt.db")|$(sum_of "$REFDB")" "$corrupt_sum|$ref_sum" "the inputs are unchanged after the failure"

sqlite3 "$TEST_TMP/newer.db" "PRAGMA application_id = $((0x4D465852)); PRAGMA user_version = 12; CREATE TABLE t (x)"
cons "$W/out.db" "$TEST_TMP/newer.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/newer.db: reference database of schema version 12, newer than this mediflux knows: upgrade mediflux" \
    "a newer schema is refused"
sqlite3 "$TEST_TMP/foreign.db" "PRAGMA application_id = 42; CREATE TABLE t (x)"
cons "$W/out.db" "$TEST_TMP/foreign.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/foreign.db: neither a mediflux database nor a file of the prototype (application_id 42)" \
    "someone else's SQLite file is refused"
ok "still nothing written" only_in_w ""

# Usage errors: exit 2.
run consolidate "$REFDB"
is "$RC" 2 "without -o: exit 2"
contains "$ERR" "mediflux consolidate: -o OUT is required" "and says so"
run consolidate -o "$W/out.db"
is "$RC" 2 "without an input: exit 2"
run consolidate -o
is "$RC|$ERR" "2|mediflux consolidate: option -o needs a value
Try 'mediflux consolidate --help'." "-o without a value: exit 2"
run consolidate --help
is "$RC" 0 "--help exits 0"
contains "$OUT" "  -o OUT            the database to write (must not exist)" "and lists -o"
ok "nothing written by the usage errors" only_in_w ""

done_testing
