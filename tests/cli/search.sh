# SPDX-License-Identifier: ISC
# mediflux search: cities (accents, case, hyphens, st/ste, word prefixes), postcodes
# (exact, CEDEX, prefix), département codes, ranking, filters, limits, hostile input,
# JSON keys and aligned text; on the bundled sample database and on a database of
# real FINESS lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

# search ARG...: the results of mediflux search --json on the sample database as
# "finess:match" words, or the exit status and stderr when it fails.
search() {
	run --db "$SEARCHDB" search --json "$@"
	if [ "$RC" -ne 0 ]; then
		printf 'exit %s: %s' "$RC" "$ERR"
		return
	fi
	printf '%s' "$OUT" | json '" ".join(r["finess"] + ":" + r["match"] for r in d["results"])'
}

# summary ARG...: kind key place count total total_all of a search.
summary() {
	run --db "$SEARCHDB" search --json "$@"
	printf '%s' "$OUT" | json '" ".join(str(d[k]) for k in ("kind", "key", "place", "count", "total", "total_all"))'
}

# layout WIDTH: checks text output on stdin: every line at most WIDTH columns wide
# (0: no limit) and, in the table (from the line starting FINESS), the postcode in
# the display column of its heading "Postcode" on every row.
layout() {
	python3 -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
limit = int(sys.argv[1])
lines = sys.stdin.read().splitlines()
head = [i for i, l in enumerate(lines) if l.startswith("FINESS ")][0]
cp = width(lines[head][:lines[head].index("  Postcode  ") + 2])
bad = [l for l in lines if limit and width(l) > limit]
for l in lines[head + 1:]:
    cut = [i for i in range(len(l)) if width(l[:i]) == cp]
    if not cut or not l[cut[0]:cut[0] + 5].isdigit() or l[cut[0] - 2:cut[0]] != "  ":
        bad.append(l)
print("\n".join(bad) if bad else "aligned")
' "$1"
}

SEARCHDB=$REFDB
before=$(sum_of "$REFDB")

# --- Cities on the sample database. ------------------------------------------------
ST_ETIENNE="420078719:exact 420094005:exact 420097289:exact 420071482:exact 420022782:exact 420005704:exact 420039331:exact 420090433:exact 150055580:prefix 440014272:prefix 820044576:prefix 850087438:prefix 620005710:prefix"
is "$(search "saint etienne" --limit 0)" "$ST_ETIENNE" \
    "saint etienne: Saint-Étienne itself (CHU, then CH, then others by name), then Saint-Étienne-de-…"
for q in "saint-étienne" "ST ETIENNE" "st-etienne" "Saint Étienne" "SAINT-ÉTIENNE" "sai eti" "St  Eti" "sAiNt-ÉtIeNnE"; do
	is "$(search "$q" --limit 0)" "$ST_ETIENNE" "'$q' gives the same list in the same order"
done
run --db "$REFDB" search saint etienne --limit 0 --json
is "$(printf '%s' "$OUT" | json '" ".join(r["finess"] + ":" + r["match"] for r in d["results"])')" \
    "$ST_ETIENNE" "several arguments are one query"
is "$(summary "saint etienne")" "city saint etienne None 13 13 17" \
    "13 hospitals and clinics of 17 establishments"
is "$(search "saint etienne" --all --limit 0)" \
    "420078719:exact 420094005:exact 420097289:exact 420071482:exact 420022782:exact 420005704:exact 420008724:exact 420035727:exact 420039331:exact 420090433:exact 150055580:prefix 440014272:prefix 820044576:prefix 850087438:prefix 190053298:prefix 760075374:prefix 620005710:prefix" \
    "--all adds the EHPAD, the PMI, the health centre of the same places"
is "$(summary "saint etienne" --all)" "city saint etienne None 17 17 17" "--all: 17"
is "$(search "etienne" --limit 0 | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "$(printf '%s' "$ST_ETIENNE" | sed 's/:[a-z]*/:word/g' | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "etienne: the same establishments, by a later word"
is "$(search "etienne" --limit 4)" "420078719:word 420094005:word 420097289:word 150055580:word" \
    "a later word: every place alike, so CHR, then CH by name (CH DE SAINT-ETIENNE before CH DE SAINT-ETIENNE-DE-MAURS)"
is "$(summary "saint etienne" --limit 3)" "city saint etienne None 3 13 17" "--limit 3: 3 listed of 13"
is "$(search "saint etienne" --limit 3)" "420078719:exact 420094005:exact 420097289:exact" "the first three"
is "$(summary "lyon")" "city lyon None 13 13 25" "default limit 20, fewer found"
is "$(summary "s")" "city s None 20 292 677" "one letter: 20 listed of 292 (677 of every kind)"

# The index holds each place name once; a name's rows in place are the range
# place_key gives, and nothing else is in it.
is "$(q "$SEARCHDB" "SELECT count(*), sum(last - first + 1), (SELECT count(*) FROM place),
    (SELECT count(DISTINCT key) FROM place) FROM place_key")" "2195|3170|3170|2195" \
    "place_key: each of the sample's 2,195 place names once, its ranges the 3,170 rows of place"
is "$(q "$SEARCHDB" "SELECT count(*) FROM place p JOIN place_key k
    ON p.id BETWEEN k.first AND k.last WHERE p.key <> k.key")" 0 "no range holds another name's row"
is "$(q "$SEARCHDB" "SELECT count(*) FROM place_search WHERE place_search MATCH '\"s\"*'")" \
    "$(q "$SEARCHDB" "SELECT count(DISTINCT key) FROM place WHERE ' ' || key LIKE '% s%'")" \
    "the index finds a name once, not once per establishment"

# Exact city before prefix: "lyon" is Lyon, then Lyons-la-Forêt would follow.
is "$(search "lyon" --limit 3)" "690049705:exact 690089107:exact 690082755:exact" \
    "Lyon: its three CHU sites first"

# --- Postcodes. -------------------------------------------------------------------
P42000="420078719:area 420094005:area 420097289:area 420071482:area 420022782:area 420005704:area 420039331:area 420090433:area"
is "$(search 42000 --limit 0)" "$P42000" \
    "42000: Saint-Étienne's, including the CHU and the clinic published with CEDEX codes 42005 and 42004"
is "$(summary 42000)" "postcode 42000 None 8 8 10" "postcode kind"
is "$(search 42005)" "420078719:area" "the CEDEX code itself finds its establishment"
is "$(search 420 --limit 0)" "$P42000" "a prefix: every postcode starting 420"

# A list longer than a batch of rows (20) keeps the ranking's order: a
# département's hospitals are all of one match, so by tier, folded name, FINESS.
is "$(search 75 --limit 0)" "$(q "$REFDB" "SELECT group_concat(finess || ':area', ' ')
    FROM (SELECT finess FROM establishment WHERE departement = '75'
    AND category_group_code LIKE '11%' ORDER BY CASE category_code WHEN '101' THEN 0
    WHEN '355' THEN 1 WHEN '106' THEN 1 ELSE 2 END, name_key, finess)")" \
    "the 52 hospitals of Paris, three batches of rows, in the ranking's order"
run --db "$REFDB" search 75 --limit 0 --json
is "$(printf '%s' "$OUT" | json '"\n".join(sorted(r["finess"] + "|" + r["name"] + "|" + r["city"] for r in d["results"]))')" \
    "$(q "$REFDB" "SELECT finess || '|' || name || '|' || city FROM establishment
    WHERE departement = '75' AND category_group_code LIKE '11%' ORDER BY 1")" \
    "each row holds its own establishment's name and city"
is "$(summary 20)" "postcode 20 None 4 4 10" "20 is not a département: Corsica's postcodes"
is "$(search 20)" "2A0086494:area 2B0044402:area 2A0003382:area 2B0066553:area" \
    "CH of Ajaccio and Bastia, then the clinics"

# --- Départements. ----------------------------------------------------------------
is "$(summary 42)" "departement 42 Loire 16 16 35" "42 is the Loire, not a postcode prefix"
is "$(search 42 --limit 3)" "420078719:area 420026841:area 420074031:area" \
    "CHU, then CH (ex-hôpital local included) by name"
for q in 2A 2a " 2a "; do
	is "$(search "$q")" "2A0086494:area 2A0003382:area" "'$q': Corse-du-Sud"
done
is "$(summary 2a)" "departement 2A Corse-du-Sud 2 2 5" "2a is read as 2A"
is "$(summary 974)" "departement 974 La Réunion 19 19 43" "974: La Réunion"
is "$(search 974 --limit 2)" "970401253:area 970400024:area" "its two CHU sites first"
is "$(summary 01)" "departement 01 Ain 13 13 29" "01: Ain"
is "$(summary 1)" "postcode 1 None 20 103 239" "one digit: a postcode prefix (10000 to 19999)"

# --- Hostile input is only text. --------------------------------------------------
is "$(summary "'; DROP TABLE establishment; --")" "city drop table establishment None 0 0 0" \
    "SQL is searched for as words"
is "$(summary 'lyon" OR "a')" "city lyon or a None 0 0 0" "FTS syntax is searched for as words"
is "$(summary 'NEAR(a b)')" "city near a b None 0 0 0" "NEAR is a word"
is "$(summary 'saint* etienne^')" "city saint etienne None 13 13 17" "* and ^ are punctuation"
is "$(search 'a*' --limit 0)" "$(search a --limit 0)" "a* is a"
is "$(sum_of "$REFDB")" "$before" "the database is unchanged"
is "$(sqlite3 -readonly "$REFDB" "SELECT count(*) FROM establishment")" 3004 "every establishment is still there"

run --db "$REFDB" search '*'
is "$RC" 2 "a query of punctuation alone is a usage error"
contains "$ERR" "nothing to search for" "which says so"
run --db "$REFDB" search "$(printf '\033\007-- \033')"
is "$RC" 2 "control characters and punctuation: a usage error"
is "$(printf '%s' "$ERR" | tr -d '\033\007' | wc -c)" "$(printf '%s' "$ERR" | wc -c)" \
    "whose message carries no control character to the terminal"
run --db "$REFDB" search ""
is "$RC" 2 "an empty query is a usage error"
run --db "$REFDB" search
is "$RC" 2 "no query is a usage error"
run --db "$REFDB" search lyon --limit x
is "$RC" 2 "--limit x is a usage error"
contains "$ERR" "--limit wants a number" "which names the option"
run --db "$REFDB" search lyon --limit -1
is "$RC" 2 "--limit -1 is a usage error"

# --- Nothing found. ---------------------------------------------------------------
run --db "$REFDB" search zzz
is "$RC" 0 "nothing found is not an error"
is "$OUT" 'SAMPLE DATA: generated figures, not real ones (finess 2026)
No hospital or clinic in places named "zzz".' "and says so"
is "$(summary zzz)" "city zzz None 0 0 0" "JSON: count 0"
run --db "$REFDB" search zzz --json
is "$(printf '%s' "$OUT" | json 'd["results"]')" "[]" "and an empty list"

# --- JSON. ------------------------------------------------------------------------
run --db "$REFDB" search "saint etienne" --json
is "$RC" 0 "search --json exits 0"
is "$(printf '%s' "$OUT" | json '" ".join(list(d)[:4])')" "sample database sample_datasets query" "the envelope comes first"
is "$(printf '%s' "$OUT" | json 'd["sample"]')" True "sample: true on the bundled database"
is "$(printf '%s' "$OUT" | json 'd["database"]')" "$REFDB" "the database it read"
is "$(printf '%s' "$OUT" | json 'all(set(r) >= {"finess", "name", "category", "city", "postal_code", "commune_code", "departement", "region"} for r in d["results"])')" \
    True "every row carries the keys of DESIGN §5"
is "$(printf '%s' "$OUT" | json '"|".join(str(d["results"][0][k]) for k in ("finess", "name", "category", "category_code", "category_group_code", "city", "postal_code", "commune_code", "departement", "departement_name", "region", "region_name", "match"))')" \
    "420078719|CHU DE ST ETIENNE|Centre Hospitalier Régional (C.H.R.)|101|1101|ST ETIENNE|42005|42218|42|Loire|84|Auvergne-Rhône-Alpes|exact" \
    "the first row, field by field"

# --- Text. ------------------------------------------------------------------------
COLUMNS=200 run --db "$REFDB" search lyon --limit 4
is "$OUT" 'SAMPLE DATA: generated figures, not real ones (finess 2026)
4 of 13 hospitals and clinics in places named "lyon" (--limit 0 lists them all)
FINESS     Name                     Category                              Postcode  City  Dept
690049705  CHU LYON - HÔPITAL NORD  Centre Hospitalier Régional (C.H.R.)  69091     LYON  69
690089107  CHU LYON - HÔPITAL SUD   Centre Hospitalier Régional (C.H.R.)  69009     LYON  69
690082755  CHU LYON - HÔTEL-DIEU    Centre Hospitalier Régional (C.H.R.)  69007     LYON  69
690003900  CH DE LYON               Centre Hospitalier (C.H.)             69009     LYON  69' \
    "a heading, then columns aligned by display width (Ô is one column)"
for w in 80 60; do
	COLUMNS=$w run --db "$REFDB" search "saint etienne" --all --limit 0
	is "$(printf '%s\n' "$OUT" | layout $w)" aligned "COLUMNS=$w: every line fits and the columns line up"
done
COLUMNS=30 run --db "$REFDB" search "saint etienne" --all --limit 0
is "$(printf '%s\n' "$OUT" | layout 0)" aligned "COLUMNS=30: too narrow to fit, still aligned"
contains "$OUT" "420071482  CHS DE …  Centre …  42000     ST ETIE…  42" "cut no narrower than 8 columns or the heading"
COLUMNS=60 run --db "$REFDB" search "saint etienne" --all --limit 0
contains "$OUT" "420071482  CHS DE SAINT…" "names cut with an ellipsis when the terminal is narrow"
COLUMNS= run --db "$REFDB" search "saint etienne" --all --limit 0
contains "$OUT" "Etablissement d'hébergement pour personnes âgées dépendantes" "not cut in a pipe"
is "$(printf '%s\n' "$OUT" | layout 0)" aligned "and aligned"
COLUMNS=80 run --db "$REFDB" search 974 --all --limit 0
is "$(printf '%s\n' "$OUT" | layout 80)" aligned "accented names and categories (La Réunion) align too"

# --- History: each search is recorded with the options given. -----------------------
run --db "$REFDB" history --json
is "$(printf '%s' "$OUT" | json '[(e["pane"], e["command"], e["params"], e["result_count"]) for e in d["entries"] if e["params"].get("query") == "saint etienne" and e["params"]["limit"] == 3][0]')" \
    "('hospitals', 'search', {'query': 'saint etienne', 'limit': 3, 'all': False}, 13)" \
    "search records pane, command, options and the number found in the history"

# --- Real FINESS lines. -----------------------------------------------------------
SEARCHDB="$TEST_TMP/real.db"
import_into "$SEARCHDB" --quiet "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
is "$RC" 0 "a database of the real lines"
run --db "$SEARCHDB" search "saint denis" --json
is "$(printf '%s' "$OUT" | json 'd["sample"]')" False "sample: false"
for q in "saint denis" "ST DENIS" "St-Denis" "saint-denis" "sai den"; do
	is "$(search "$q")" "970400024:exact" "'$q': the CHU of La Réunion"
done
is "$(search paris)" "750100125:exact" "Paris (its FINESS city and its commune)"
is "$(search "paris 13")" "750100125:prefix" "paris 13: its arrondissement by prefix"
is "$(search 13e)" "750100125:word" "13e: a later word of the arrondissement"
is "$(search 75013)" "750100125:area" "75013 finds the hospital published under CEDEX 75651"
is "$(search 75651)" "750100125:area" "and 75651 itself"
is "$(search 97400)" "970400024:area" "97400 finds the CHU published under CEDEX 97405"
is "$(search 97490)" "970400024:area" "as does any other postcode of Saint-Denis"
is "$(search 9740)" "970400024:area" "a prefix matches the published code"
is "$(summary 97)" "postcode 97 None 3 3 4" "97 is a postcode prefix"
is "$(search 97)" "970400024:area 970100400:area 970300026:area" "CHU, then the CH by name (C.H. before CENTRE)"
is "$(search 01)" "010000024:area" "Ain: the hospital"
is "$(search 01 --all)" "010000024:area 010008407:area" "--all: and the EHPAD of a commune the geography no longer has"
is "$(summary 2A)" "departement 2A Corse-du-Sud 0 0 0" "2A with nothing in it"
run --db "$SEARCHDB" search francheleins
is "$RC" 0 "a place with no hospital: exit 0"
is "$OUT" 'No hospital or clinic in places named "francheleins".
1 other establishment there: --all lists it.' "says that --all has one"
is "$(search francheleins --all)" "010008407:exact" "found by its FINESS city, commune unknown"
is "$(search chirongui)" "" "chirongui: a lieu de vie, not a hospital"
run --db "$SEARCHDB" search chirongui --all
contains "$OUT" '980501506  LIEU DE VIE "MAVOUNA MEMA 1"' "--all lists it, quotes as published"

# A page of text is not a place: refused at once, not searched word by word.
run --db "$REFDB" search "$(python3 -c 'print("saint " * 5000)')"
is "$RC" 1 "a 30 000-byte search exits 1"
contains "$ERR" "a search of more than 200 bytes" "saying why"

# --with on the sample: its SAE activity tables went through the real import.
run --db "$REFDB" search lyon --with maternity:3,icu,pet
is "$RC|$(printf '%s\n' "$OUT" | sed -n '2p;$p')" \
    "0|3 hospitals and clinics in places named \"lyon\" with maternity:3,icu,pet (SAE 2024)
10 others there without maternity:3,icu,pet." "--with on the sample: 3 of Lyon's 13, the others counted"
is "$(printf '%s\n' "$OUT" | head -1)" "SAMPLE DATA: generated figures, not real ones (finess 2026)" \
    "and said to be sample data"
run --db "$REFDB" search lyon --with maternity:3,icu,pet --json
is "$(printf '%s' "$OUT" | json '"%s %s %d %d %s" % (d["sample"], d["with"], d["total"],
    d["without_activity"], " ".join(r["finess"] for r in d["results"]))')" \
    "True maternity:3,icu,pet 3 10 690049705 690089107 690082755" "--json: the same, flagged SAMPLE"
is "$(sqlite3 -readonly "$REFDB" "SELECT group_concat(finess, ' ') FROM (SELECT a.finess FROM sae_activity a
    JOIN establishment e ON e.finess = a.finess WHERE a.year = 2024 AND e.city = 'LYON'
    AND e.category_group_code LIKE '11%' AND ((a.measure = 'maternity.level' AND a.value >= 3)
    OR (a.measure = 'icu_adult.beds' AND a.value >= 1) OR (a.measure = 'imaging.pet' AND a.value >= 1))
    GROUP BY a.finess HAVING count(*) = 3 ORDER BY a.finess)")" "690049705 690082755 690089107" \
    "the same three sites as SQL over sae_activity finds"

# --near (tests/cli/near.sh has the rest; these run under valgrind too).
run --db "$REFDB" search vienne --near 12 --json
is "$(printf '%s' "$OUT" | json '"%s %d %s" % (d["near"]["code"], d["near"]["km"],
    " ".join("%s:%s" % (r["finess"], r["distance_km"]) for r in d["results"]))')" \
    "38544 12 380029942:0.9 690016860:10.6 690083571:11.1" "--near 12 around Vienne, nearest first"
run --db "$REFDB" search "sai eti" --near 5 --with maternity
is "$RC|$(printf '%s\n' "$OUT" | sed -n '2p')" \
    "0|3 hospitals and clinics within 5 km of Saint-Étienne (42) with maternity (SAE 2024)" \
    "--near with --with, around a place found by word prefixes"

# MEDIFLUX_TRACE_SQL (make bench replays it in the sqlite3 shell): every statement run
# on the reference database, values in place, in a file of the user's alone; replayed,
# the place search returns what mediflux counted, and the modules' own statements are
# not there to be run twice.
TRACE=$TEST_TMP/trace.sql
MEDIFLUX_TRACE_SQL=$TRACE run --db "$REFDB" search lyon --json
is "$(stat -c %a "$TRACE")" 600 "the trace is the user's alone"
contains "$(cat "$TRACE")" "WHERE place_search MATCH '\"lyon\"*';" "it holds the search's SQL with its value"
lacks "$(cat "$TRACE")" "'main'." "and none of the modules' own statements"
total_all=$(printf '%s' "$OUT" | json 'd["total_all"]')
is "$(sqlite3 -readonly "$REFDB" < "$TRACE" 2>&1 | grep -c '^[0-9A-Z]\{9\}|lyon|')" "$total_all" \
    "replayed by the sqlite3 shell, the place search finds the $total_all establishments mediflux counted"
rm -f "$TRACE"
run --db "$REFDB" search lyon
is "$(ls "$TRACE" 2>&1 | grep -c 'No such')" 1 "without the variable, no trace"

done_testing
