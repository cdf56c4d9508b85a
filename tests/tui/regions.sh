# SPDX-License-Identifier: ISC
# The Régions screen at 80x24 on the sample database: figures as the command
# line gives them, départements, years, sorting with its bar, history, export,
# the profile's region, and bars without colours or UTF-8.
. "$top_srcdir/tests/tui/lib.sh"

# Reference figures from the command line, kept out of the history tested below.
cli() {
	XDG_DATA_HOME="$TEST_TMP/cli" "$MEDIFLUX" --db "$REFDB" "$@"
}
cli regions --json > "$TEST_TMP/regions.json"
cli regions --json --year 2023 > "$TEST_TMP/regions2023.json"
cli regions --json --level departement > "$TEST_TMP/departements.json"

# check_rows JSON FIRST COLUMNS...: the screen's rows from line FIRST on are
# the JSON's rows in order, as far as they are shown: code, name (maybe cut),
# then the columns named (metric keys, "bar" for a bar); prints what differs.
check_rows_once() {
	json_file=$1
	first=$2
	shift 2
	screen > "$TEST_TMP/screen"
	python3 - "$json_file" "$TEST_TMP/screen" "$first" "$@" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
first = int(sys.argv[3])
cols = sys.argv[4:]
def fmt(row, key):
    v = row.get(key)
    if v is None:
        return ""
    if key == "reimbursed":
        c = row["reimbursed_cents"]
        return f"{c // 100:,}".replace(",", " ") + "," + f"{c % 100:02d}"
    dec = {"beds_per_100k": 1, "er_per_1000": 1, "doctors_per_100k": 1,
           "boxes_per_inhabitant": 2, "reimbursed_per_inhabitant": 2}.get(key, 0)
    return f"{v:,.{dec}f}".replace(",", " ").replace(".", ",")
bad = 0
shown = 0
for i, row in enumerate(d["rows"]):
    n = first + i
    if n >= len(lines) or not re.match(r"\S", lines[n]) or lines[n].startswith(" "):
        break
    pat = "^" + re.escape(row["code"]) + " +" + re.escape(row["name"][:12]) + ".*?"
    for c in cols:
        if c == "bar":
            pat += r" +[█▉▊▋▌▍▎▏#]*"
        else:
            f = fmt(row, c)
            pat += (" +" + re.escape(f)) if f else ""
    pat += " *$"
    if not re.match(pat, lines[n]):
        print(f"# line {n}: {lines[n]!r} !~ {pat!r}")
        bad += 1
    shown += 1
if shown < 10:
    print(f"# only {shown} rows checked")
    bad += 1
sys.exit(1 if bad else 0)
EOF
}

# The bars of the screen's rows against their values: value/max of the
# column's width in eighths of a block (the largest row's bar is full).
check_bars_once() {
	json_file=$1
	key=$2
	screen > "$TEST_TMP/screen"
	python3 - "$json_file" "$TEST_TMP/screen" "$key" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2], encoding="utf-8").read()
key = sys.argv[3]
rows = {r["code"]: r for r in d["rows"]}
top = max(r[key] for r in d["rows"] if r[key] is not None)
eighths = " ▏▎▍▌▋▊▉"
bars = {}
for line in text.split("\n"):
    m = re.match(r"^(\S+) .*? ([█▉▊▋▌▍▎▏]+)", line)
    if m and m.group(1) in rows:
        bars[m.group(1)] = m.group(2)
width = max(len(b) for b in bars.values())
bad = 0
for code, bar in bars.items():
    units = int(rows[code][key] / top * width * 8 + 0.5)
    want = "█" * (units // 8) + (eighths[units % 8] if units % 8 else "")
    if bar != want:
        print(f"# {code}: bar {bar!r}, expected {want!r}")
        bad += 1
sys.exit(1 if bad or len(bars) < 10 else 0)
EOF
}

check_rows() {
	retry check_rows_once "$@"
}
check_bars() {
	retry check_bars_once "$@"
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F3
ok "F3 shows Régions, the latest year with figures" wait_for "Régions 2024 · tri : Code ▲"
contains "$(line 0)" " 2 Régions " "the title bar names the pane"
is "$(line 2 | sed 's/ *$//')" "Code Nom                      Population           Étab. Lits MCO Places MCO" \
    "columns: code, name, population and its bar, then what fits"
ok "every row shown has the command line's figures" \
    check_rows "$TEST_TMP/regions.json" 3 population bar establishments beds_mco places_mco
ok "bars are population against the largest" check_bars "$TEST_TMP/regions.json" population
contains "$(line 8)" "Île-de-France            12 463 067 █████████   247" \
    "the largest population has the full bar"
contains "$(line 1)" "colonnes 1–3/12 (← →)" "the head says which metrics are shown"
contains "$(screen)" "Provence-Alpes-Côte d… *" "a cut name keeps the star of the shared BEN_REG"
contains "$(screen)" "* Médicaments : Open Medic compte PACA avec la Corse" "the star is explained"
contains "$(line 22)" "ligne 1/24" "24 rows"
contains "$(line 22)" " ÉCHANTILLON " "the sample flag on the status line"

keys Right Right
ok "→ scrolls the other metrics" wait_for "colonnes 3–4/12"
is "$(line 2 | sed 's/ *$//')" "Code Nom                      Population           Places MCO Lits/100k" \
    "the columns scrolled to"
ok "with their figures" check_rows "$TEST_TMP/regions.json" 3 population bar places_mco beds_per_100k
keys Left Left

# s: name, then each metric; the cursor stays on its region; the bar follows.
keys s
ok "s sorts by name" wait_for "tri : Nom ▲"
contains "$(line 3)" "84   Auvergne-Rhône-Alpes" "A to Z"
contains "$(line 22)" "ligne 7/24" "the cursor stays on Guadeloupe, now 7th"
keys s
ok "s again sorts by population" wait_for "tri : Population ▼"
contains "$(line 3)" "11   Île-de-France" "largest first"
contains "$(line 4)" "84   Auvergne-Rhône-Alpes" "then the next"
keys s
ok "then by establishments" wait_for "tri : Étab. ▼"
is "$(line 2 | sed 's/ *$//')" "Code Nom                      Étab.            Population Lits MCO Places MCO" \
    "the sorted metric's column comes next to the name, with the bar"
ok "the bar follows the sorted metric" check_bars "$TEST_TMP/regions.json" establishments
contains "$(line 3)" "11   Île-de-France" "the most establishments first"
keys S
ok "S reverses" wait_for "tri : Étab. ▲"
first_asc=$(python3 -c "import json; d=json.load(open('$TEST_TMP/regions.json')); print(min((r['establishments'], r['code']) for r in d['rows'] if r['establishments'] is not None)[1])")
contains "$(line 3)" "$first_asc " "the fewest establishments first ($first_asc)"
keys G
ok "G: the last row" wait_for "ligne 24/24"
contains "$(screen)" "988  Nouvelle-Calédonie" "figures not declared go last whichever the direction"
keys g

# Years: Y and y step through those with figures.
keys Y
ok "Y: the previous year" wait_for "Régions 2023 · tri : Étab. ▲"
keys S
wait_for "tri : Étab. ▼" >/dev/null
keys s s s s s s s s s s s s
ok "s comes round to the code" wait_for "tri : Code ▲"
is "$(line 2 | sed 's/ *$//')" "Code Nom                      €/hab.            Population Étab. Lits MCO" \
    "the bar stays on the last metric sorted"
ok "2023's figures" check_rows "$TEST_TMP/regions2023.json" 3 reimbursed_per_inhabitant bar population establishments beds_mco
keys y y
ok "y y: 2025" wait_for "Régions 2025"
keys y
ok "no year after the last: said so" wait_for "pas d'année plus récente que 2025"
keys Y

# l: départements.
keys l
ok "l shows the départements" wait_for "Départements 2024 · tri : Code ▲"
contains "$(line 22)" "ligne 1/107" "107 départements"
ok "with the command line's figures" check_rows "$TEST_TMP/departements.json" 3 reimbursed_per_inhabitant bar population establishments beds_mco
contains "$(line 3)" "01   Ain                                          679 344" \
    "no medication figures by département: no bar"
keys l
ok "l again: the regions" wait_for "Régions 2024"

# Export: every metric, not only the columns shown.
keys e
ok "e asks for a file" wait_for "Exporter en CSV vers :"
keys Enter
ok "the export is written" wait_for "lignes exportées dans"
csv=$(ls "$HOME"/mediflux-regions-*.csv 2>/dev/null | head -1)
is "$(head -1 "$csv" | tr -d '\r')" "Code;Nom;Population;Étab.;Lits MCO;Places MCO;Lits/100k;Urgences;Urg./1000;Médecins;Méd./100k;Boîtes;Remb. €;Boîtes/hab.;€/hab." \
    "the export has every metric"
is "$(wc -l < "$csv" | tr -d ' ')" 25 "and every row"
contains "$(grep '^11;' "$csv")" "11;Île-de-France;12 463 067;247;35 611" "in the command line's format"

keys q
is "$(wait_exit)" 0 "q quits"

# The history: each change, with the command line's options.
"$MEDIFLUX" history --json > "$TEST_TMP/history.json"
is "$(json '[(e["pane"], e["command"], e["params"], e["result_count"]) for e in reversed(d["entries"])][:5]' < "$TEST_TMP/history.json")" \
    "[('regions', 'regions', {'sort': 'name'}, 24), ('regions', 'regions', {'sort': 'population'}, 24), ('regions', 'regions', {'sort': 'establishments'}, 24), ('regions', 'regions', {'sort': 'establishments', 'asc': True}, 24), ('regions', 'regions', {'year': 2023, 'sort': 'establishments', 'asc': True}, 24)]" \
    "sorts and years are recorded as regions --sort/--asc/--year"
is "$(json '[e["params"] for e in d["entries"] if e["params"].get("level")][0]' < "$TEST_TMP/history.json")" \
    "{'level': 'departement', 'year': 2024}" "the level too"
is "$("$MEDIFLUX" history | grep -c 'regions --level departement --year 2024')" 1 \
    "the command line shows it as its own command"

# The profile's region: the cursor starts on it, and on its département.
"$MEDIFLUX" --db "$REFDB" profile set location Rennes >/dev/null
dep_pos=$(json '[r["code"] for r in d["rows"]].index("35") + 1' < "$TEST_TMP/departements.json")
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F3
ok "the profile's region is preselected" wait_for "ligne 13/24"
keys l
ok "and its département" wait_for "ligne $dep_pos/107"
keys q
wait_exit >/dev/null

# A command line query replayed from Historique shows here as it was asked.
"$MEDIFLUX" --db "$REFDB" regions --level departement --year 2023 \
    --sort beds_per_100k --asc >/dev/null
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F6
ok "Historique lists the command" wait_for "regions --level departement --year 2023"
keys Enter
ok "Enter replays it in Régions: level, year, sort, direction" \
    wait_for "Départements 2023 · tri : Lits/100k ▲"
contains "$(line 0)" " 2 Régions " "the pane shown is Régions"
keys g
wait_for "ligne 1/107" >/dev/null
cli regions --json --level departement --year 2023 --sort beds_per_100k --asc \
    > "$TEST_TMP/replayed.json"
ok "with the command line's rows in its order" check_rows "$TEST_TMP/replayed.json" 3 \
    beds_per_100k bar population establishments beds_mco
keys q
wait_exit >/dev/null

# NO_COLOR and a plain C locale: the bars are still there.
start_ui 80 24 LC_ALL=fr_FR.UTF-8 NO_COLOR=1 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F3
ok "NO_COLOR: the pane appears" wait_for "Régions 2024"
ok "NO_COLOR: bars in block characters" wait_for "12 463 067 █████████"
keys q
wait_exit >/dev/null
# A charset other than UTF-8 (the locale need not exist): ASCII.
start_ui 80 24 LC_ALL= LANG=en_US.ISO-8859-1 LANGUAGE=fr -- --db "$REFDB"
wait_for " F2Hopitaux " >/dev/null
keys F3
ok "no UTF-8: the pane appears" wait_for "tri : Code ^"
ok "no UTF-8: bars in #" wait_for "12 463 067 #########"
keys q
wait_exit >/dev/null

done_testing
