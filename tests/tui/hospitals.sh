# SPDX-License-Identifier: ISC
# The Hôpitaux pane at 80x24: search as you type (city, postcode, département),
# the detail of an establishment, the history it records, Ctrl-C, resizing.
. "$top_srcdir/tests/tui/lib.sh"

# The command line records what it is asked too: its own history, not the UI's.
# The command line, in French as the screens these tests read.
cli() {
	LC_ALL=fr_FR.UTF-8 XDG_DATA_HOME="$TEST_TMP/cli" "$MEDIFLUX" --db "$REFDB" "$@"
}

# The FINESS numbers `mediflux search` lists for a text, in its order.
cli_finess() {
	cli search "$1" --limit 0 --json |
	    json '" ".join(r["finess"] for r in d["results"])'
}

# The FINESS numbers on the screen, from the list's first row (line 5) on.
screen_finess() {
	screen | sed -n '6,21p' | grep -oE '^[0-9][0-9AB][0-9]{7} ' |
	    tr -d ' ' | tr '\n' ' ' | sed 's/ $//'
}

# A line of `mediflux hospital` and of the screen, spaces squeezed.
squeeze() {
	sed 's/^ *//; s/ *$//' | tr -s ' '
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
ok "Hôpitaux opens with the field ready" wait_for "Rechercher :"
contains "$(line 1)" "Saisie : ↑↓ choisir · Entrée fiche · Échap : la liste" \
    "the first line says how the keys work"
contains "$(line 3)" "Une ville (« sai eti » trouve Saint-Étienne)" \
    "an empty field shows a hint"

keys 'saint-étienne'
ok "typing a city lists its hospitals" wait_for "13 hôpitaux et cliniques · lieux nommés « saint etienne »"
is "$(line 2 | sed 's/ *$//')" " Rechercher : saint-étienne" "the text typed, accents intact"
is "$(line 4 | sed 's/ *$//')" "FINESS    Nom                         Catégorie      CP    Ville            Dép." \
    "the columns at 80 columns"
is "$(line 5 | sed 's/ *$//')" "420078719 CHU DE ST ETIENNE           Centre Hospit… 42005 ST ETIENNE       42" \
    "the CHU first"
is "$(screen_finess)" "$(cli_finess saint-étienne)" "the same establishments as mediflux search, in its order"
contains "$(line 22)" "ligne 1/13" "the status line: ligne i/n"

keys C-u 'sai eti'
ok "'sai eti' finds Saint-Étienne too" wait_for "lieux nommés « sai eti »"
is "$(screen_finess)" "$(cli_finess saint-étienne)" "'sai eti': the same list"

keys C-u 42000
ok "a postcode" wait_for "8 hôpitaux et cliniques · code postal 42000"
is "$(screen_finess)" "$(cli_finess 42000)" "42000: the same list as mediflux search"

keys C-u 2A
ok "a département" wait_for "2 hôpitaux et cliniques · département 2A (Corse-du-Sud)"
is "$(screen_finess)" "$(cli_finess 2A)" "2A: the same list as mediflux search"
contains "$(line 5)" "2A0086494 CH D'AJACCIO" "CH d'Ajaccio first"

# One letter: the first page alone is read while typing (a stored ranking,
# src/search_rank.c), the rest when the user moves past it.
S_LIST=$(cli_finess s)
S_COUNT=$(printf '%s\n' "$S_LIST" | wc -w)
keys C-u s
ok "one letter: every hospital counted" \
    wait_for "$S_COUNT hôpitaux et cliniques · lieux nommés « s »"
ok "the status line counts them all, the first page read alone" wait_for "ligne 1/$S_COUNT"
is "$(line 5 | cut -c1-9)" "$(printf '%s' "$S_LIST" | cut -d' ' -f1)" "search's first first"
keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down \
    Down Down Down Down Down Down Down Down Down Down
ok "Down past the first page reads the rest" wait_for "ligne 26/$S_COUNT"
contains "$(screen | cut -c1-10)" "$(printf '%s' "$S_LIST" | cut -d' ' -f26) " "the 26th on screen is search's 26th"
keys C-u 2A
ok "back to 2A" wait_for "2 hôpitaux et cliniques · département 2A (Corse-du-Sud)"

keys Down
ok "Down moves the list while typing" wait_for "ligne 2/2"
keys Up
ok "Up moves it back" wait_for "ligne 1/2"

keys Enter
ok "Enter opens the detail of the selected establishment" \
    wait_for "CH D'AJACCIO — 2A0086494 — Centre Hospitalier (C.H.)"
contains "$(line 1)" "Retour ou Échap : revenir à la liste" "the detail says how to leave"
D=$(cli hospital 2A0086494)
for label in "Téléphone" "Département" "Lits MCO" "Passages aux urgences pédiatriques" "Urgences autorisées"; do
	is "$(screen | grep -m1 "^   $label " | squeeze)" "$(printf '%s\n' "$D" | grep -m1 "^  $label " | squeeze)" \
	    "detail: $label as mediflux hospital says it"
done
keys End
ok "End scrolls to the sources" wait_for "SAE 2024"
contains "$(screen)" "FINESS            2A0086494" "the identity, with the FINESS number"
contains "$(screen | grep '^   SAE 2023 ')" "importé le" "each SAE year has its source file"
keys BSpace
ok "Backspace goes back to the list" wait_for "2 hôpitaux et cliniques"
is "$(line 2 | sed 's/ *$//')" " Rechercher : 2A" "the text is still there"

# One entry per search settled on (not per key) and one per detail opened.
H=$("$MEDIFLUX" history --json)
is "$(printf '%s' "$H" | json 'len(d["entries"])')" 2 "two history entries, not one per key"
is "$(printf '%s' "$H" | json 'd["entries"][0]["command"], d["entries"][0]["params"], d["entries"][0]["result_count"]')" \
    "hospital {'finess': '2A0086494'} 1" "the detail opened, as mediflux hospital records it"
is "$(printf '%s' "$H" | json 'd["entries"][1]["pane"], d["entries"][1]["command"], d["entries"][1]["params"], d["entries"][1]["result_count"]')" \
    "hospitals search {'query': '2A', 'limit': 0, 'all': False} 2" \
    "the search, with the parameters mediflux search records"
contains "$("$MEDIFLUX" history)" "search 2A --limit 0" "mediflux history shows it as a command line"

# Esc leaves the field for the list, where the list's keys work.
keys Escape
ok "Esc goes to the list" wait_for "Liste : / chercher"
keys s
ok "s sorts in the list" wait_for "FINESS▲"
contains "$(line 5)" "2A0003382 CLINIQUE DE L'EUROPE" "sorted by FINESS"
keys e
ok "e offers to export the list" wait_for "Exporter en CSV vers :"
keys C-u "$TEST_TMP/hopitaux.csv" Enter
ok "the rows are written" wait_for "2 lignes exportées"
is "$(head -2 "$TEST_TMP/hopitaux.csv" | tr -d '\r')" "FINESS;Nom;Catégorie;CP;Ville;Dép.
2A0003382;CLINIQUE DE L'EUROPE;Etablissement de Soins Pluridisciplinaire;20085;AJACCIO;2A" \
    "in the order shown, whole (not cut to the screen)"
is "$(line 2 | sed 's/ *$//')" " Rechercher : 2A" "s was not typed"
keys 5
ok "5 shows Historique from the list" wait_for " 5 Historique "
keys 1
ok "1 comes back" wait_for "Liste : / chercher"
keys Escape
ok "Esc goes back to the field" wait_for "Saisie : ↑↓ choisir"
keys C-u q 5
ok "q and digits are text in the field" wait_for " Rechercher : q5"
contains "$(line 3)" "Aucun hôpital ni clinique" "an unknown place finds nothing"
keys C-u 42000 Escape
ok "leaving the field records the search" wait_for "Liste : / chercher"
is "$("$MEDIFLUX" history --json | json 'd["entries"][0]["params"]["query"], len(d["entries"])')" \
    "42000 3" "the postcode search recorded once"
keys BSpace
ok "Backspace in the list goes back to the field" wait_for "Saisie : ↑↓ choisir"

# Resizing while typing keeps the text.
keys C-u lyo
ok "typing lyo" wait_for " Rechercher : lyo"
tm resize-window -t t -x 40 -y 10
ok "a small terminal shows a notice" wait_for "Terminal trop petit (40x10)"
tm resize-window -t t -x 80 -y 24
ok "back at 80x24" wait_for " Rechercher : lyo"
keys n
ok "the field still takes text" wait_for " Rechercher : lyon"

# Ctrl-C clears the field first, then quits.
keys C-c
ok "Ctrl-C clears the field" wait_for "Une ville (« sai eti »"
is "$(line 2 | sed 's/ *$//')" " Rechercher :" "the field is empty"
is "$(cat "$TEST_TMP/exit" 2>/dev/null || echo running)" running "and the program runs on"
keys C-c
is "$(wait_exit)" 0 "a second Ctrl-C quits with status 0"
ok "the terminal is restored" terminal_restored
is "$("$MEDIFLUX" history --json | json 'len(d["entries"])')" 3 \
    "a search cancelled with Ctrl-C is not recorded"

done_testing
