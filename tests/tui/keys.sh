# SPDX-License-Identifier: ISC
# Key tables, one a pane and mode as tmux has them: the help lists the keys of
# the pane and mode shown (the field's while typing, the list's after Échap), the
# first line shows the same table's hints, and a key acts only where its table
# is looked up.
. "$top_srcdir/tests/tui/lib.sh"

start_ui 80 30 LANG=C.UTF-8 -- --db "$REFDB"
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

keys q
is "$(wait_exit)" 0 "q quits"

done_testing
