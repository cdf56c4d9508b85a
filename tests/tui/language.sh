# SPDX-License-Identifier: ISC
# The interface's language, chosen as every GNU program chooses it: English
# (the source's) under C, C.UTF-8 or en_US.UTF-8, French under fr_FR.UTF-8,
# LANGUAGE first; whether or not the locale named is installed. In English,
# no screen shows a French word of the catalogue (po/fr.po's translations),
# and 80x24 holds the English layout as it holds the French one.
. "$top_srcdir/tests/tui/lib.sh"

# The interface's French, from the catalogue: each translation's pieces
# between conversions (%s, %zu...) of 6 characters or more that differ from
# the English, one a line.
python3 - "$top_srcdir/po/fr.po" > "$TEST_TMP/french" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
pieces = set()
for entry in text.split("\n\n"):
    def strings(key):
        out = []
        for m in re.finditer(r'^%s "(.*)"\n((?:".*"\n?)*)' % re.escape(key), entry + "\n", re.M):
            out.append(m.group(1) + "".join(re.findall(r'^"(.*)"$', m.group(2), re.M)))
        return out
    ids = strings("msgid") + strings("msgid_plural")
    strs = strings("msgstr") + strings("msgstr[0]") + strings("msgstr[1]")
    for s in strs:
        s = s.replace('\\"', '"')
        for piece in re.split(r'%[-0-9.*]*[a-z]+', s):
            piece = piece.strip(" ·:")
            if len(piece) >= 6 and not any(piece in i for i in ids):
                pieces.add(piece)
print("\n".join(sorted(pieces)))
EOF
ok "the catalogue gives French to look for" test "$(wc -l < "$TEST_TMP/french")" -gt 150

# no_french NAME: the screen shows none of the catalogue's French.
no_french() {
	screen > "$TEST_TMP/screen"
	found=$(grep -F -f "$TEST_TMP/french" "$TEST_TMP/screen" | head -3)
	if [ -n "$found" ]; then
		printf '# French on the %s screen:\n' "$1"
		printf '%s\n' "$found" | sed 's/^/#   /'
		sed 's/^/#   | /' "$TEST_TMP/screen"
		return 1
	fi
	return 0
}

# At 80 columns the seven tabs leave no room for the program's name.
TITLE_EN=" F2Hospitals F3Regions F4Medicines F5Profile F6History F7Data F11Documents"
BAR_EN="F1Help F2Hosp. F3Reg. F4Meds F5Prof. F6Hist. F7Data F8Find F9Sort F10Quit"

# English: en_US.UTF-8, which this system may not have installed.
start_ui 80 24 LC_ALL= LANG=en_US.UTF-8 -- --db "$REFDB"
ok "en_US.UTF-8: the interface opens" wait_for "Search:"
is "$(line 0 | sed 's/ *$//')" "$TITLE_EN" "the title bar in English, at 80 columns"
is "$(line 1 | sed 's/ *$//')" " Typing: ↑↓ choose · Enter details · Esc: the list (/ n s e a p)" \
    "the field's keys in English"
is "$(line 23 | sed 's/ *$//')" "$BAR_EN" "the function bar in English"
contains "$(line 22)" "mediflux.db · data 2026 · query" "the status line in English"
ok "the first screen: no French" no_french start
keys lyon
ok "a search: its summary in English" wait_for '13 hospitals and clinics · places named "lyon"'
is "$(line 4 | sed 's/ *$//')" "FINESS    Name                              Category       Postcode City Dept" \
    "the columns' headers in English, fitting 80 columns"
ok "the search: no French" no_french search
keys Escape
ok "the list's keys" wait_for "List: / search"
keys Enter
# The details' own labels (Adresse, Région...) are the core's, which speaks
# French to the interface and the command line alike until it is translated
# with the command line's tables: only the interface's part is checked.
ok "an establishment's details" wait_for "Details: ↑↓ PgUp PgDn scroll · Backspace or Esc: back to the list"
keys Escape F1
ok "the help" wait_for "mediflux help"
contains "$(screen)" "Hospitals: search by city" "the help's keys in English"
ok "the help: no French" no_french help
keys x F3
ok "Regions" wait_for "Regions 2024"
ok "Regions: no French" no_french regions
keys /
ok "a / search: its prompt" wait_for "line 1/"
keys Escape F4
ok "Medicines" wait_for "Total:"
ok "Medicines: no French" no_french meds
keys m
ok "a medicine's name" wait_for "Medicine:"
keys Escape F5
ok "Profile" wait_for "Mutuelle"
ok "Profile: no French" no_french profile
keys F6
ok "History" wait_for "search lyon"
ok "History: no French" no_french history
keys F7
ok "Data" wait_for "Reference database: schema"
ok "Data: no French" no_french data
keys q
is "$(wait_exit)" 0 "q quits"

# French: fr_FR.UTF-8, installed or not.
start_ui 80 24 LC_ALL= LANG=fr_FR.UTF-8 -- --db "$REFDB"
ok "fr_FR.UTF-8: the interface opens in French" wait_for "Rechercher :"
is "$(line 0 | sed 's/ *$//')" " F2Hôpitaux F3Régions F4Médicaments F5Profil F6Historique F7Données F11Documents" \
    "the title bar in French"
keys F10
is "$(wait_exit)" 0 "F10 quits, from the field too"

# LANGUAGE comes first, as for every gettext program.
start_ui 80 24 LC_ALL= LANG=fr_FR.UTF-8 LANGUAGE=en -- --db "$REFDB"
ok "LANGUAGE=en over LANG=fr_FR.UTF-8: English" wait_for "Search:"
keys F10
is "$(wait_exit)" 0 "F10 quits, from the field too"
start_ui 80 24 LC_ALL= LANG=C.UTF-8 LANGUAGE=fr -- --db "$REFDB"
ok "LANGUAGE=fr over LANG=C.UTF-8: French" wait_for "Rechercher :"
keys F10
is "$(wait_exit)" 0 "F10 quits, from the field too"
# LC_ALL outranks LANG.
start_ui 80 24 LC_ALL=en_US.UTF-8 LANG=fr_FR.UTF-8 -- --db "$REFDB"
ok "LC_ALL=en_US.UTF-8 over LANG=fr_FR.UTF-8: English" wait_for "Search:"
keys F10
is "$(wait_exit)" 0 "F10 quits, from the field too"
# Under plain C, gettext translates nothing: English, whatever LANGUAGE says.
start_ui 80 24 LC_ALL=C LANGUAGE=fr -- --db "$REFDB"
ok "LC_ALL=C: English" wait_for "Search:"
keys F10
is "$(wait_exit)" 0 "F10 quits, from the field too"

done_testing
