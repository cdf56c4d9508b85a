# SPDX-License-Identifier: ISC
# Key tables, one a pane and mode as tmux has them: the help lists the keys of
# the pane and mode shown (the field's while typing, the list's after Échap), the
# first line shows the same table's hints, and a key acts only where its table
# is looked up.
. "$top_srcdir/tests/tui/lib.sh"

start_ui 80 30 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for "Rechercher :" >/dev/null
contains "$(line 1)" "Saisie : ↑↓ choisir · Entrée fiche · Échap : la liste (/ n s e a p)" \
    "while typing, the first line shows the field's keys"
keys F1
ok "F1 opens the help, even in the field" wait_for "Aide de mediflux"
ok "the field's table" wait_for "Hôpitaux (saisie)"
contains "$(screen)" "↑↓ PgUp PgDn Choisir, même pendant la saisie" "its keys"
lacks "$(screen)" "Listes" "not the lists' keys, which are text while typing"
keys x
wait_gone "Aide de mediflux" >/dev/null
keys lyon
wait_for "hôpitaux et cliniques" >/dev/null
keys Escape
ok "Échap: the list's hints" wait_for "Liste : / chercher · s S trier · e exporter · a activités · p proches"
keys '?'
wait_for "Aide de mediflux" >/dev/null
contains "$(screen)" "Listes" "in the list, the lists' table"
keys End
ok "and the list mode's own" wait_for "Échap        La saisie"
keys x
wait_gone "Aide de mediflux" >/dev/null

keys F6
ok "Historique" wait_for "Entrée rejouer · d supprimer · D tout effacer · / filtrer · e exporter"
keys '?'
wait_for "Aide de mediflux" >/dev/null
keys End
ok "its table at the end of the help" wait_for "Entrée       Rejouer l'entrée dans son écran"
contains "$(screen)" "D            Tout effacer (avec confirmation)" "with its other keys"
keys x
wait_gone "Aide de mediflux" >/dev/null

keys F3
wait_for "Régions 2024" >/dev/null
keys '?'
wait_for "Aide de mediflux" >/dev/null
keys End
ok "Régions' table" wait_for "l            Régions ou départements"
lacks "$(screen)" "Supprimer l'entrée" "not Historique's keys"
keys x
wait_gone "Aide de mediflux" >/dev/null
keys D
sleep 0.3
lacks "$(screen)" "Effacer tout l'historique" "D does nothing outside Historique"
keys Left
ok "← is Régions' own: the columns" wait_for "colonnes"

# The title bar names the keys that show each pane where the user is: the
# digits in a list, the function keys while a digit is text (F11 for
# Documents, F8 and F9 being the lists'). At 80 columns the seven tabs leave
# no room for the program's name.
TABS_DIGITS=" 1 Hôpitaux 2 Régions 3 Médicaments 4 Profil 5 Historique 6 Données 7 Documents"
TABS_F=" F2Hôpitaux F3Régions F4Médicaments F5Profil F6Historique F7Données F11Documents"
title() { line 0 | sed 's/ *$//'; }
title_is() { [ "$(title)" = "$1" ]; }
is "$(title)" "$TABS_DIGITS" "in Régions' table, the digits"
keys /
ok "a / search in Régions: the function keys" retry title_is "$TABS_F"
keys 9
ok "where a digit is text" wait_for "/9"
keys Escape
ok "out of the search: the digits again" retry title_is "$TABS_DIGITS"
keys 1
ok "1 in a list shows Hôpitaux as it was left" wait_for "Rechercher : lyon"
is "$(title)" "$TABS_DIGITS" "its list: the digits"
keys Escape
ok "Échap: the field, the function keys" retry title_is "$TABS_F"
keys 2
ok "2 typed goes to the field" wait_for "Rechercher : lyon2"
contains "$(title)" "F2Hôpitaux" "still on Hôpitaux"
keys BSpace F3
ok "F3 while typing shows Régions" wait_for "Régions 2024"
is "$(title)" "$TABS_DIGITS" "and Régions' list names the digits"
keys F4 m
ok "the medicine field of Médicaments" wait_for "Médicament :"
is "$(title)" "$TABS_F" "typing a medicine's name: the function keys"
keys Escape F5
wait_for "Profil" >/dev/null
keys Enter
ok "editing a field of the profile" retry title_is "$TABS_F"
keys Escape
ok "the profile's list: the digits" retry title_is "$TABS_DIGITS"

keys q
is "$(wait_exit)" 0 "q quits"

done_testing
