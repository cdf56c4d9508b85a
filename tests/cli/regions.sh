# SPDX-License-Identifier: ISC
# mediflux regions: regional metrics of one year, by region or département,
# sorted by any metric, on the bundled sample database.
. "$top_srcdir/tests/lib.sh"

regions() {
	run --db "$REFDB" regions "$@"
}
# SQL on the sample database, fields separated by '|'.
q() {
	sqlite3 -batch -readonly "$REFDB" "$1"
}

regions --json
is "$RC" 0 "regions --json exits 0"
J=$OUT
is "$(printf '%s' "$J" | json '(d["sample"], d["level"], d["year"], d["count"])')" \
    "(True, 'region', 2024, 24)" \
    "sample data, regions, 2024 (the latest with hospital figures, not 2025's doctors alone), 24 regions"
is "$(printf '%s' "$J" | json '(d["years"][0], d["years"][-1])')" "(2012, 2025)" "the years there are"
is "$(printf '%s' "$J" | json '" ".join(r["code"] for r in d["rows"][:6])')" "01 02 03 04 06 11" \
    "sorted by code by default"
is "$(printf '%s' "$J" | json 'sorted(d["rows"][0])')" \
    "['beds_mco', 'beds_per_100k', 'boxes', 'boxes_per_inhabitant', 'code', 'doctors', 'doctors_per_100k', 'er_passages', 'er_per_1000', 'establishments', 'meds_basis', 'meds_population', 'name', 'places_mco', 'population', 'reimbursed', 'reimbursed_cents', 'reimbursed_per_inhabitant']" \
    "every metric of region_metric, and the basis of the medication figures"
is "$(printf '%s' "$J" | json '[(r["population"], r["establishments"], r["beds_mco"], r["er_passages"], r["doctors"], r["boxes"], r["reimbursed_cents"]) for r in d["rows"] if r["code"] == "53"][0]')" \
    "($(q "SELECT printf('%d, %d, %d, %d, %d, %d, %d', population, establishments, beds_mco, er_passages, doctors, boxes, reimbursed_cents) FROM region_metric WHERE level = 'region' AND code = '53' AND year = 2024"))" \
    "Bretagne's figures are region_metric's"
is "$(printf '%s' "$J" | json '[r["meds_basis"] for r in d["rows"] if r["code"] in ("93", "94")]')" \
    "['93: 93,94', '93: 93,94']" "PACA and Corse share BEN_REG 93"
is "$(printf '%s' "$J" | json '[r["boxes"] for r in d["rows"] if r["code"] == "975"]')" "[None]" \
    "a figure not declared is null"

regions --sort beds_per_100k --json
is "$(printf '%s' "$OUT" | json '" ".join(r["code"] for r in d["rows"][:3])')" \
    "$(q "SELECT group_concat(code, ' ') FROM (SELECT code FROM region_metric WHERE level = 'region' AND year = 2024 ORDER BY beds_per_100k DESC, code LIMIT 3)")" \
    "--sort beds_per_100k: largest first"
is "$(printf '%s' "$OUT" | json '" ".join(r["code"] for r in d["rows"][-3:])')" "986 987 988" \
    "regions without the figure last"
regions --sort population --asc --json
is "$(printf '%s' "$OUT" | json 'd["rows"][0]["code"]')" "975" "--asc: smallest first (Saint-Pierre-et-Miquelon)"
regions --sort name --json
is "$(printf '%s' "$OUT" | json '(d["rows"][0]["name"], d["rows"][1]["name"])')" \
    "('Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté')" "--sort name"

regions --level departement --year 2023 --json
is "$(printf '%s' "$OUT" | json '(d["level"], d["year"], d["count"])')" "('departement', 2023, 107)" \
    "107 départements in 2023"
is "$(printf '%s' "$OUT" | json '[(r["name"], r["beds_mco"]) for r in d["rows"] if r["code"] == "2A"]')" \
    "[('Corse-du-Sud', $(q "SELECT beds_mco FROM region_metric WHERE level = 'departement' AND code = '2A' AND year = 2023"))]" \
    "Corse-du-Sud by its code 2A"
regions --year 2025 --json
is "$(printf '%s' "$OUT" | json '(d["year"], d["rows"][0]["beds_mco"], d["rows"][0]["doctors"] is not None)')" \
    "(2025, None, True)" "2025 has doctors only"

regions
is "$RC" 0 "text output exits 0"
is "$(printf '%s\n' "$OUT" | sed -n 1,2p)" "SAMPLE DATA: generated figures, not real ones (drees 2025, openmedic 2024, sae 2024)
Regions, 2024: 24 rows" "says the data is sample data, then what is listed"
contains "$(printf '%s\n' "$OUT" | sed -n 3p)" \
    "Code  Name                          Population  Estab.  MCO beds  MCO places  Beds/100k" "a header"
contains "$(printf '%s\n' "$OUT" | grep '^94 ')" "94    Corse *                          355,486       4     1,016" \
    "Corse's line: the star of a shared BEN_REG, numbers right-aligned under their headers"
contains "$OUT" "* Open Medic counts PACA with Corse and the overseas regions together" \
    "and the note explaining it"

regions --year 1999
is "$RC" 1 "a year without metrics exits 1"
contains "$ERR" "no regional metrics for 1999 (years 2012 to 2025)" "naming the years there are"
regions --level canton
is "$RC" 2 "an unknown level is a usage error"
regions --sort "population; DROP TABLE region"
is "$RC" 2 "an unknown metric is a usage error"
contains "$ERR" "is not code, name or a metric" "saying so"

done_testing
