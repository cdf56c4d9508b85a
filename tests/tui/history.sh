# SPDX-License-Identifier: ISC
# The Historique pane at 80x24: searches from Hôpitaux newest first, / filter,
# Enter replays, d deletes one, D clears them all once confirmed.
. "$top_srcdir/tests/tui/lib.sh"

# How many entries `mediflux history` has (the same data home as the UI).
entries() {
	"$MEDIFLUX" history --json | json 'len(d["entries"])'
}

# The local time `mediflux history` shows for the entry whose line has TEXT.
cli_when() {
	"$MEDIFLUX" history | grep -e "$1" | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}'
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
ok "the interface opens on Hôpitaux" wait_for "Rechercher :"
keys F6
ok "F6 shows Historique, even from the text field" wait_for "Aucune requête enregistrée"
contains "$(line 1)" "Entrée rejouer · d supprimer · D tout effacer · / filtrer" \
    "the first line says what the keys do"
keys F2
ok "F2 goes back to Hôpitaux" wait_for "Rechercher :"

# Two searches and a detail.
keys 'saint-étienne'
wait_for "13 hôpitaux et cliniques" >/dev/null
keys Escape
ok "Esc settles the first search" wait_for "Liste : / chercher"
keys C-c
ok "Ctrl-C in the list clears the search" wait_for "Saisie : ↑↓ choisir"
keys 42000
wait_for "8 hôpitaux et cliniques" >/dev/null
keys Escape
ok "Esc settles the second" wait_for "Liste : / chercher"
keys Enter
ok "Enter opens the CHU" wait_for "CHU DE ST ETIENNE — 420078719"
keys BSpace
wait_for "8 hôpitaux et cliniques" >/dev/null
is "$(entries)" 3 "three entries recorded"

keys 5
ok "5 shows Historique" wait_for "ligne 1/3"
# The ms column is as wide as the slowest query shown: a loaded machine widens it.
is "$(line 2 | sed 's/ *$//' | sed -E 's/Résultats +ms$/Résultats ms/')" \
    "n° Date                Commande                       Résultats ms" \
    "the column headers"
is "$(line 2 | sed 's/ *$//' | wc -m)" "$(line 3 | sed 's/ *$//' | wc -m)" \
    "ms right-aligned over the durations"
contains "$(line 3)" "hospital 420078719" "the detail, newest, first"
contains "$(line 4)" "search 42000 --limit 0" "then the postcode search"
contains "$(line 5)" "search saint-étienne --limit 0" "then the first search, accents intact"
contains "$(line 5)" "$(cli_when 'search saint-étienne')" "local time as mediflux history shows it"
is "$(line 4 | awk '{ print $1, $(NF - 1) }')" "2 8" "number and result count"
keys e
wait_for "Exporter en CSV vers :" >/dev/null
keys C-u "$TEST_TMP/historique.csv" Enter
ok "e exports the entries" wait_for "3 lignes exportées"
is "$(sed -n 3p "$TEST_TMP/historique.csv" | cut -d';' -f1,3,4)" "2;search 42000 --limit 0;8" \
    "each cell of a row its own (number, command, results)"

# / filters the entries as it is typed.
keys /
keys sai
ok "/ filters as it is typed" wait_for "/sai"
contains "$(line 3)" "search saint-étienne --limit 0" "the matching entry"
is "$(line 4 | tr -d ' ')" "" "alone"
keys Enter
ok "Enter keeps the filter" wait_for "Filtre « sai » : 1 entrée"
keys Escape
ok "Esc drops the filter" wait_for "ligne 1/3"
contains "$(line 1)" "Entrée rejouer" "the keys again on the first line"

# Enter replays the entry in the pane that recorded it.
keys /
keys sai Enter
wait_for "Filtre « sai » : 1 entrée" >/dev/null
keys Enter
ok "Enter replays a search in Hôpitaux" wait_for "13 hôpitaux et cliniques · lieux nommés « saint etienne »"
is "$(line 2 | sed 's/ *$//')" " Rechercher : saint-étienne" "with its text"
contains "$(line 5)" "420078719 CHU DE ST ETIENNE" "and its results"
is "$(entries)" 3 "a replay adds no entry"
keys 5
ok "5 goes back to Historique (the list has the keys after a replay)" \
    wait_for "Filtre « sai » : 1 entrée"
keys Escape
wait_for "ligne 1/3" >/dev/null
keys Enter
ok "Enter replays a detail" wait_for "CHU DE ST ETIENNE — 420078719"
keys BSpace 5
ok "Historique again" wait_for "ligne 1/3"

# d deletes the entry under the cursor.
keys j
ok "j moves down" wait_for "ligne 2/3"
keys d
ok "d deletes one" wait_for "entrée 2 supprimée"
is "$("$MEDIFLUX" history --json | json '[e["id"] for e in d["entries"]]')" "[3, 1]" \
    "the postcode search is gone from mediflux history"
contains "$(line 4)" "search saint-étienne" "the list follows"

# A new search shows up when Historique is shown again.
keys 1 Escape C-u 2A Escape
wait_for "2 hôpitaux et cliniques" >/dev/null
keys 5
ok "a new search is listed at once" wait_for "ligne 1/3"
contains "$(line 3)" "search 2A --limit 0" "newest first"
# So does a command run meanwhile, whose entry waits beside the database: the
# pane moves it in within an idle second.
"$MEDIFLUX" --db "$REFDB" regions --sort population >/dev/null
ok "a command's entry shows up in the pane shown" wait_for "ligne 1/4"
contains "$(line 3)" "regions --sort population" "newest first too"
is "$(ls "$XDG_DATA_HOME/mediflux" | grep -c pending)" 0 "nothing is left pending"

# D clears everything, only once confirmed.
keys D
ok "D asks first" wait_for "Effacer tout l'historique ? (oui/non)"
keys non Enter
ok "non keeps the history" wait_for "historique conservé"
is "$(entries)" 4 "nothing deleted"
keys D
wait_for "Effacer tout l'historique ?" >/dev/null
keys Escape
ok "Esc keeps it too" wait_for "historique conservé"
keys D
wait_for "Effacer tout l'historique ?" >/dev/null
keys oui Enter
ok "oui clears it" wait_for "4 entrées effacées"
ok "the pane says it is empty" wait_for "Aucune requête enregistrée"
is "$(entries)" 0 "mediflux history is empty"

keys q
is "$(wait_exit)" 0 "q quits with status 0"
ok "the terminal is restored" terminal_restored

done_testing
