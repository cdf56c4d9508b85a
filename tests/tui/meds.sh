# SPDX-License-Identifier: ISC
# The Médicaments screen at 80x24 on the sample database: ATC1 figures as the
# command line gives them, drill-down to products and back, filters, top-N,
# "mes pathologies", the history, and the profile's region.
. "$top_srcdir/tests/tui/lib.sh"

# Reference figures from the command line, kept out of the history tested below.
cli() {
	XDG_DATA_HOME="$TEST_TMP/cli" "$MEDIFLUX" --db "$REFDB" "$@"
}
cli meds --json > "$TEST_TMP/atc1.json"
cli meds --json --atc N > "$TEST_TMP/N.json"
cli meds --json --atc N02 > "$TEST_TMP/N02.json"
cli meds --json --atc N02BE01 > "$TEST_TMP/N02BE01.json"
cli meds --json --atc N --age 60+ > "$TEST_TMP/N-60.json"
cli meds --json --atc N --region 5 > "$TEST_TMP/N-5.json"
cli meds --json --region Bretagne > "$TEST_TMP/bzh.json"
for c in A10 R03; do
	cli meds --json --atc $c > "$TEST_TMP/$c.json"
done

# check_rows JSON FIRST: the screen's rows from line FIRST on are the JSON's
# rows in order: code, label (maybe cut), boxes, € reimbursed, € base,
# share, then a bar; prints what differs.
check_rows_once() {
	screen > "$TEST_TMP/screen"
	python3 - "$1" "$TEST_TMP/screen" "$2" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
first = int(sys.argv[3])
def num(v):
    return f"{v:,}".replace(",", " ")
def euros(v):
    c = round(v * 100)
    return num(c // 100) + "," + f"{c % 100:02d}"
def pct(v):
    return f"{v * 100:.1f}".replace(".", ",") + " %"
bad = 0
for i, row in enumerate(d["rows"]):
    n = first + i
    if n >= len(lines) or not lines[n].strip():
        break
    pat = ("^" + re.escape(row["code"]) + " +" + re.escape((row["label"] or "")[:6]) +
           ".*? +" + re.escape(num(row["boxes"])) + " +" + re.escape(euros(row["reimbursed"])) +
           " +" + re.escape(euros(row["base"])) + " +" + re.escape(pct(row["share"])) +
           r" *[█▉▊▋▌▍▎▏]* *$")
    if not re.match(pat, lines[n]):
        print(f"# line {n}: {lines[n]!r} !~ {pat!r}")
        bad += 1
if i + 1 < min(len(d["rows"]), 5):
    print(f"# only {i} rows checked")
    bad += 1
sys.exit(1 if bad else 0)
EOF
}

# total JSON [TOP]: the total line the screen should show for a result.
total() {
	python3 - "$1" "${2:-0}" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
top = int(sys.argv[2])
def num(v):
    return f"{v:,}".replace(",", " ")
c = round(d["total"]["reimbursed"] * 100)
n = d["count"]
rows = f"top {top} sur {n}" if top else f"{n} ligne" + ("s" if n > 1 else "")
print(f"Total : {num(d['total']['boxes'])} boîtes · {num(c // 100)},{c % 100:02d} € remboursés · {rows}")
EOF
}

# The row of a code, from line FIRST on (0-based), as its position in the list.
position() {
	screen | awk -v c="$1" -v f="$2" 'NR > f + 1 && $1 == c { print NR - f - 1; exit }'
}

check_rows() {
	retry check_rows_once "$@"
}

"$MEDIFLUX" --db "$REFDB" profile set pathologies "diabète, asthme" >/dev/null
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F4
ok "F4 shows Médicaments: every ATC1 class" wait_for "ATC : toutes les classes · par ATC1"
contains "$(line 2)" "Année : 2024 · France entière · Tous âges · Tous sexes · Tous prescripteurs" \
    "the filters, the year chosen first"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/atc1.json")" "the totals"
is "$(line 4 | sed 's/ *$//')" "Code Libellé              Boîtes      Remboursé €           Base €   Part" \
    "the columns"
ok "the command line's figures, largest amount first" check_rows "$TEST_TMP/atc1.json" 5
contains "$(line 5)" "26,3 % ██████" "the largest share has the full bar"
contains "$(line 22)" "ligne 1/14" "14 classes"

# Enter goes down a level, Backspace up, the cursor back on the class left.
keys j j
ok "j j: N" wait_for "ligne 3/14"
keys Enter
ok "Enter on N: its ATC2 classes" wait_for "ATC N Système nerveux · par ATC2"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/N.json")" "N's totals"
ok "N's classes" check_rows "$TEST_TMP/N.json" 5
keys j Enter
ok "Enter on N02: ATC3" wait_for "ATC N → N02 ANALGESIQUES · par ATC3"
ok "N02's classes" check_rows "$TEST_TMP/N02.json" 5
keys / N02B Enter
ok "/ finds N02B" wait_for "ligne $(position N02B 4)/"
keys Enter
ok "Enter: ATC4" wait_for "ATC N → N02 → N02B AUTRES ANALGESIQUES ET ANTIPYRETIQUES · par ATC4"
keys Enter
ok "Enter: ATC5" wait_for "ATC N → N02 → N02B → N02BE ANILIDES · par ATC5"
keys / N02BE01 Enter
wait_for "ligne $(position N02BE01 4)/" >/dev/null
keys Enter
ok "Enter on N02BE01: the products" wait_for "ATC N → N02 → N02B → N02BE → N02BE01 PARACETAMOL · par produit"
ok "the products' figures" check_rows "$TEST_TMP/N02BE01.json" 5
contains "$(line 5)" "3400962224631 DOLIPRANE" "by CIP13, largest amount first"
keys Enter
ok "Enter on a product: its BDPM fiche" wait_for "Fiche : ↑↓ PgUp PgDn défiler"
contains "$(screen)" "3400962224631" "the fiche of the product's CIP13"
keys BSpace
ok "Backspace closes the fiche: the products" wait_for "N02BE01 PARACETAMOL · par produit"
keys BSpace
ok "Backspace: up to N02BE" wait_for "ATC N → N02 → N02B → N02BE ANILIDES · par ATC5"
contains "$(line 22)" "ligne $(position N02BE01 4)/" "the cursor on the class left"
keys BSpace BSpace BSpace
ok "up to N" wait_for "ATC N Système nerveux · par ATC2"
contains "$(line 22)" "ligne 2/6" "on N02"

# Filters: f picks one, → and ← step through its values.
keys f f
ok "f f: the age band" wait_for "Âge : Tous âges"
keys Left
ok "←: the last band first" wait_for "Âge : Âge inconnu"
keys Left
ok "←: 60 and over" wait_for "Âge : 60 ans et +"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/N-60.json")" "the totals of meds --age 60+"
ok "its classes" check_rows "$TEST_TMP/N-60.json" 5
keys Right Right
ok "→ →: every age again" wait_for "Âge : Tous âges"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/N.json")" "the totals of every age"
keys f f f f
ok "f comes round to the region" wait_for "Région : France entière"
keys Right Right
ok "→ →: BEN_REG 0 then 5" wait_for "Région : Régions et Départements d'outre-mer"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/N-5.json")" "the totals of meds --region 5"
keys Left Left

# t: top 10, 20, 50, all.
keys BSpace
wait_for "ATC : toutes les classes" >/dev/null
keys t
ok "t: top 10" wait_for "top 10 sur 14"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/atc1.json" 10)" "said on the total line"
is "$(screen | sed -n '6,22p' | grep -c ' %')" 10 "10 rows"
keys t t t
ok "t t t: every row again" wait_for "· 14 lignes"

# p: the profile's pathologies and their classes.
keys p
ok "p: mes pathologies" wait_for "Mes pathologies : diabète → A10 ; asthme → R03"
share() {
	python3 -c "import json; a = json.load(open('$TEST_TMP/$1.json')); t = json.load(open('$TEST_TMP/atc1.json')); print(f'{a[\"total\"][\"reimbursed\"] / t[\"total\"][\"reimbursed\"] * 100:.1f}'.replace('.', ','))"
}
for c in A10 R03; do
	want=$(json "'%s +.* %s +%s +%s +%s %%' % ('$c', f'{d[\"total\"][\"boxes\"]:,}'.replace(',', ' '), *[(lambda c: f'{c // 100:,}'.replace(',', ' ') + ',' + f'{c % 100:02d}')(round(d['total'][k] * 100)) for k in ('reimbursed', 'base')], '$(share $c)')" < "$TEST_TMP/$c.json")
	ok "$c: the class's totals and share of all" sh -c "tmux_screen=\$1; printf '%s\n' \"\$tmux_screen\" | grep -Eq \"^\$2\"" sh "$(screen)" "$want"
done
contains "$(line 3)" "Part : du total remboursé, " "the shares are of every class"
keys Enter
ok "Enter on A10: its classes" wait_for "ATC A → A10 MEDICAMENTS DU DIABETE · par ATC3"
ok "with meds --atc A10's figures" check_rows "$TEST_TMP/A10.json" 5
keys p
wait_for "Mes pathologies" >/dev/null
keys BSpace
ok "Backspace leaves mes pathologies" wait_for "ATC A → A10 MEDICAMENTS DU DIABETE"

# Export: the rows shown, without the bar.
keys e
ok "e asks for a file" wait_for "Exporter en CSV vers :"
keys Enter
ok "the export is written" wait_for "lignes exportées dans"
csv=$(ls "$HOME"/mediflux-medicaments-*.csv 2>/dev/null | head -1)
is "$(head -1 "$csv" | tr -d '\r')" "Code;Libellé;Boîtes;Remboursé €;Base €;Part" "the columns, not the bar"
is "$(wc -l < "$csv" | tr -d ' ')" 3 "every row"

keys q
is "$(wait_exit)" 0 "q quits"

# The history: each drill-down and filter, as meds options.
"$MEDIFLUX" history --json > "$TEST_TMP/history.json"
is "$(json '" | ".join(" ".join(f"{k}={v}" for k, v in e["params"].items()) for e in reversed(d["entries"]) if e["pane"] == "meds")' < "$TEST_TMP/history.json")" \
    "atc=N | atc=N02 | atc=N02B | atc=N02BE | atc=N02BE01 | query=3400962224631 | atc=N02BE | atc=N02B | atc=N02 | atc=N | atc=N age=99 | atc=N age=60 | atc=N age=99 | atc=N | atc=N region=0 | atc=N region=5 | atc=N region=0 | atc=N |  | top=10 | top=20 | top=50 |  | pathologies=True | atc=A10 | pathologies=True" \
    "drill-downs, filters, top-N and the fiche opened recorded as the command line's options"
is "$("$MEDIFLUX" history | grep -c 'meds --atc N --region 5')" 1 "shown as meds commands"
is "$(cli meds --region 5 --atc N | sed -n 2p)" "$(XDG_DATA_HOME="$TEST_TMP/cli" "$MEDIFLUX" --db "$REFDB" meds --region "$(json '[e["params"]["region"] for e in d["entries"] if "region" in e["params"]][1]' < "$TEST_TMP/history.json")" --atc N | sed -n 2p)" \
    "a recorded region reads back as the same BEN_REG"

# The profile's region preselects the region filter (Rennes: Bretagne).
"$MEDIFLUX" --db "$REFDB" profile set location Rennes >/dev/null
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F4
ok "the profile's region is the filter" wait_for "Année : 2024 · Bretagne ·"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/bzh.json")" "with meds --region Bretagne's totals"
ok "and figures" check_rows "$TEST_TMP/bzh.json" 5
keys q
wait_exit >/dev/null

# A command line query replayed from Historique shows here as it was asked.
"$MEDIFLUX" --db "$REFDB" meds --atc N02 --age 60+ --region Corse --top 2 \
    >/dev/null 2>&1
cli meds --json --atc N02 --age 60+ --region Corse --top 2 > "$TEST_TMP/replayed.json" \
    2>/dev/null
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F6
ok "Historique lists the command" wait_for "meds --top 2 --atc N02"
keys Enter
ok "Enter replays it in Médicaments" wait_for "ATC N → N02 ANALGESIQUES · par ATC3"
contains "$(line 2)" "Provence-Alpes-Côte d'Azur et Corse · 60 ans et + · Tous sexes" \
    "with its region (the BEN_REG counting Corse) and age"
is "$(line 3 | sed 's/ *$//')" " $(total "$TEST_TMP/replayed.json" 2)" "its top 2 and totals"
ok "and its rows" check_rows "$TEST_TMP/replayed.json" 5
keys q
wait_exit >/dev/null

# A narrow terminal: Base € gives way rather than a figure being cut; the
# sort stays on its column when the columns change.
"$MEDIFLUX" profile unset location >/dev/null
start_ui 100 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F4
wait_for "ATC : toutes les classes" >/dev/null
keys s s s s s s
ok "s ×6: sorted by Part" wait_for "Part▼"
tm resize-window -t t -x 60 -y 15
ok "60 columns: no Base €" wait_for "Code Libellé           Boîtes      Remboursé €  Part▼"
contains "$(line 5)" "445 850 493 6 776 566 609,12 26,3 % ██████" "figures whole, a short bar"
tm resize-window -t t -x 100 -y 24
ok "100 columns: Base € again" wait_for "Base €  Part▼"
keys q
wait_exit >/dev/null

# NO_COLOR: the bars are still drawn.
start_ui 80 24 LC_ALL=fr_FR.UTF-8 NO_COLOR=1 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F4
ok "NO_COLOR: the pane appears" wait_for "ATC : toutes les classes"
contains "$(line 5)" "% ██████" "NO_COLOR: bars in block characters"
keys q
wait_exit >/dev/null

done_testing
