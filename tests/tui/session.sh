# SPDX-License-Identifier: ISC
# One scripted session through every pane, as a user would go: search, open a
# detail, browse regions, drill into medications, set the profile's place, replay
# from the history, look at the data, read the help, quit. It runs in the
# normal suite and again under valgrind (make check-valgrind), where any
# invalid access or definite leak makes the program exit 97, not 0.
. "$top_srcdir/tests/tui/lib.sh"

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
ok "Hôpitaux opens with the field ready" wait_for "Rechercher :"

keys 'saint-étienne'
ok "a city lists its hospitals" wait_for "13 hôpitaux et cliniques · lieux nommés « saint etienne »"
keys Enter
ok "Enter opens the first one's detail" wait_for "CHU DE ST ETIENNE — 420078719"
keys End
ok "End scrolls to its sources" wait_for "SAE 2024"
keys BSpace Escape
ok "back to the list" wait_for "Liste : / chercher"

keys F3
ok "F3: Régions" wait_for "Régions 2024 · tri : Code ▲"
keys s
ok "s sorts by name" wait_for "tri : Nom ▲"
keys l
ok "l: the départements" wait_for "Départements 2024 · tri : Nom ▲"

keys F4
ok "F4: Médicaments by ATC1" wait_for "ATC : toutes les classes · par ATC1"
keys j j Enter
ok "Enter on N: its ATC2 classes" wait_for "ATC N Système nerveux · par ATC2"
keys BSpace
ok "Backspace: back to ATC1" wait_for "ATC : toutes les classes · par ATC1"

keys F5
ok "F5: the Profil form" wait_for "Votre profil"
keys j j Enter
ok "Enter edits the location" wait_for "Entrée : enregistrer"
keys -l "Saint-Étienne"
keys Enter
ok "the place is saved" wait_for "Saint-Étienne (42, 42000), INSEE 42218"

keys F6
ok "F6: the history holds the search" wait_for "saint-étienne"
keys F7
ok "F7: the Données screen" wait_for "Base de référence : schéma 11"
keys F1
ok "F1: the help" wait_for "Aide de mediflux"
keys Escape
wait_gone "Aide de mediflux" >/dev/null

keys F10
is "$(wait_exit)" 0 "F10 quits with status 0 (97 would be a memory error under valgrind)"
ok "the terminal is restored" terminal_restored
is "$("$MEDIFLUX" profile show --json | json 'd["location"]["commune_code"]')" 42218 \
    "the profile kept the place chosen on screen"

done_testing
