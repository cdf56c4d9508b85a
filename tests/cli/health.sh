# SPDX-License-Identifier: ISC
# health on the freshly built bundled database: counts and sums from the bundled
# geography CSV files, and the generated sample datasets flagged as such.
. "$top_srcdir/tests/lib.sh"

communes_csv=$((  $(wc -l < "$REFCSV/communes.csv") - 1 ))
is "$communes_csv" 34969 "communes.csv has 34,969 communes"

run --db "$REFDB" health --json
is "$RC" 0 "health --json exits 0"
J=$OUT
is "$(printf '%s' "$J" | json 'd["reference"]["tables"]["commune"]')" "$communes_csv" \
    "as many communes as communes.csv has rows"
is "$(printf '%s' "$J" | json 'd["reference"]["tables"]["region"]')" 26 "26 regions"
is "$(printf '%s' "$J" | json 'd["reference"]["tables"]["departement"]')" 109 "109 départements"
is "$(printf '%s' "$J" | json 'd["reference"]["tables"]["arrondissement"]')" 45 "45 arrondissements"
is "$(printf '%s' "$J" | json 'd["reference"]["quick_check"]')" ok "quick_check ok"
is "$(printf '%s' "$J" | json 'd["reference"]["schema_version"]')" 11 "schema version 11"
is "$(printf '%s' "$J" | json 'd["ok"]')" True "ok is true"
is "$(printf '%s' "$J" | json 'd["sample"]')" True "the bundled database says it holds sample data"
is "$(printf '%s' "$J" | json '" ".join(x["kind"] for x in d["datasets"] if not x["sample"])')" \
    "insee_regions insee_departements insee_communes insee_arrondissements" \
    "the geography is the only real data"

paris=$(printf '%s' "$J" | json '[c for c in d["geography"]["largest_communes"] if c["code"]=="75056"][0]["population"]')
is "$paris" 2103778 "Paris (75056) has 2,103,778 inhabitants"

sum84=$(awk -F, 'NR > 1 && $4 == "84" { s += $6 } END { print s }' "$REFCSV/communes.csv")
pop84=$(printf '%s' "$J" | json '[r for r in d["geography"]["regions"] if r["code"]=="84"][0]["population"]')
is "$pop84" "$sum84" "region 84's population is the sum of its communes ($sum84)"
total=$(awk -F, 'NR > 1 { s += $6 } END { print s }' "$REFCSV/communes.csv")
is "$(printf '%s' "$J" | json 'd["geography"]["population"]')" "$total" "population of France sums the communes"
is "$(printf '%s' "$J" | json 'd["geography"]["population_mismatches"]')" 0 "no region or département disagrees"

# Provenance: one dataset a file, with the real digest and size.
is "$(printf '%s' "$J" | json 'len(d["datasets"])')" 21 "21 datasets recorded: 4 geography files, 17 sample files"
for f in regions departements communes arrondissements-municipaux; do
	sha=$(sha256sum "$REFCSV/$f.csv" | cut -d' ' -f1)
	size=$(wc -c < "$REFCSV/$f.csv")
	got=$(printf '%s' "$J" | json "[x['sha256']+' '+str(x['file_size']) for x in d['datasets'] if x['file_name']=='$f.csv'][0]")
	is "$got" "$sha $size" "$f.csv recorded with its SHA-256 and size"
done
is "$(printf '%s' "$J" | json '[x["rows_kept"] for x in d["datasets"] if x["kind"]=="insee_communes"][0]')" \
    "$communes_csv" "communes dataset kept every row"

# health never creates the user database.
is "$(printf '%s' "$J" | json 'd["user"]["present"]')" False "no user database yet"
ok "health did not create one" test ! -e "$XDG_DATA_HOME/mediflux/user.db"

# Text output for people, aligned.
run --db "$REFDB" health
is "$RC" 0 "health exits 0"
contains "$OUT" "  commune               34,969" "text output aligns the counts"
contains "$OUT" "SAMPLE DATA: generated figures, not real ones" "and says first that the data is sample data"
contains "$OUT" "Status: ok" "and ends with the status"

# A file that is not a database: exit 1 with a message naming it.
printf 'hello\n' > "$TEST_TMP/notes.db"
run --db "$TEST_TMP/notes.db" health --json
is "$RC" 1 "health of a non-database exits 1"
contains "$OUT" "not an SQLite database" "and reports why in the JSON"
run health --db "$TEST_TMP/missing.db"
is "$RC" 1 "health of a missing file exits 1"
contains "$OUT" "missing.db: no such file" "and says it is missing"

done_testing
