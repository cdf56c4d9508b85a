# SPDX-License-Identifier: ISC
# The Profil pane at 80x24: each field edited and saved at once, a location
# chosen among its candidates, errors that save nothing, Esc and Ctrl-C that
# cancel, a resize in the middle of typing.
. "$top_srcdir/tests/tui/lib.sh"

# A value of the stored profile, read by the command line.
stored() {
	"$MEDIFLUX" --db "$REFDB" profile show --json | json "$1"
}

# The form's row for a field, spaces squeezed.
field() {
	screen | grep "^ $1 " | head -1 | tr -s ' '
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 "XDG_DATA_HOME=$XDG_DATA_HOME" -- --db "$REFDB"
ok "the interface starts" wait_for "F10Quit"
keys F5
# F5 rather than 4: the search field of Hôpitaux takes digits (postcodes).
ok "F5 shows the Profil form" wait_for "Votre profil"
is "$(field Lieu)" " Lieu —" "an unset field shows a dash"
is "$(field 'Historique : jours')" \
    " Historique : jours gardés 365 (par défaut)" \
    "a preference shows its default"
contains "$(screen)" "diabète → A10 · hypertension → C02 C03 C07 C08 C09" \
    "the pathology table shows the ATC classes"
contains "$(screen)" "asthme → R03" "asthma is in the table"
contains "$(line 22)" "champ 1/8" "status line: field i/n"

# A location with one place is saved at once.
keys j j Enter
ok "Enter edits the location" wait_for "Entrée : enregistrer"
contains "$(line 22)" "champ 3/8" "the cursor was on the third field"
keys -l "Saint-Étienne"
ok "the typed name shows in the field" wait_for "Saint-Étienne"
is "$(field Lieu)" " Lieu Saint-Étienne" "in the location row"
keys Enter
ok "Saint-Étienne is saved" wait_for "Saint-Étienne (42, 42000), INSEE 42218"
contains "$(line 22)" "Enregistré : lieu." "the status line confirms"
is "$(line 22 | grep -c 'Saint')" 0 "the message does not quote the value"
is "$(stored 'd["location"]["commune_code"]')" 42218 "stored: commune 42218"
is "$(stored 'd["location"]["name"]')" "Saint-Étienne" "stored with its accent"

# Several places: the pick-list.
keys Enter C-u
keys -l "Saint-Denis"
keys Enter
ok "Saint-Denis opens a pick-list" wait_for "4 lieux correspondent"
contains "$(screen | tr -s ' ')" "Saint-Denis (93, 93200) 93066" \
    "candidate in 93"
contains "$(screen | tr -s ' ')" "Saint-Denis (974, 97400) 97411" \
    "candidate in 974"
contains "$(line 22)" "ligne 1/4" "status line: candidate i/n"
is "$(stored 'd["location"]["commune_code"]')" 42218 \
    "nothing saved while choosing"
first=$(screen | grep -n '^Saint-Denis (' | head -1 | cut -d: -f1)
target=$(screen | grep -n '^Saint-Denis (974' | cut -d: -f1)
n=$first
while [ "$n" -lt "$target" ]; do
	keys Down
	n=$((n + 1))
done
ok "the arrows reach the 974 one" wait_for "ligne $((target - first + 1))/4"
keys Enter
ok "Enter chooses it" wait_for "Saint-Denis (974, 97400), INSEE 97411"
is "$(stored 'd["location"]["commune_code"]')" 97411 "stored: commune 97411"

# Esc in the pick-list goes back to the text; Esc again keeps the old value.
keys Enter C-u
keys -l "Saint-Denis"
keys Enter
ok "the pick-list again" wait_for "4 lieux correspondent"
keys Escape
ok "Esc goes back to editing" wait_for "Entrée : enregistrer"
is "$(field Lieu)" " Lieu Saint-Denis" "with the text typed"
keys C-u
keys -l "Lyon"
keys Escape
ok "Esc cancels the edit" wait_for "Modification annulée"
is "$(field Lieu)" " Lieu Saint-Denis (974, 97400), INSEE 97411" \
    "the old value is shown"
is "$(stored 'd["location"]["commune_code"]')" 97411 "and still stored"

# An unknown place is refused, the text kept for correcting.
keys Enter C-u
keys -l "Xqzzy"
keys Enter
ok "an unknown place is refused" wait_for "Lieu : aucune commune"
is "$(field Lieu)" " Lieu Xqzzy" "the text stays to be corrected"
keys Escape
ok "Esc again" wait_for "Modification annulée"

# A coverage out of range: an error, nothing saved, still editing.
keys k Enter
ok "Enter edits the coverage" wait_for "Couverture : un nombre entier"
keys -l "50"
keys Enter
ok "50 % is refused" \
    wait_for "Couverture : il faut un nombre entier de 100 à 500"
contains "$(screen)" "Entrée : enregistrer" "still editing after the error"
is "$(stored '"mutuelle" in d')" False "nothing saved"
keys C-u
keys -l "200"
keys Enter
ok "200 is saved" wait_for "Enregistré : couverture."
is "$(field Couverture)" " Couverture 200 %" "and shown as a percentage"
is "$(stored 'd["mutuelle"]["coverage"]')" 200 "stored: coverage 200"

# Pathologies: checked against the table, shown, stored canonically.
keys j j Enter
ok "Enter edits the pathologies" wait_for "Pathologies : des noms"
keys -l "diabète, grippe"
keys Enter
ok "an unknown pathology is refused" wait_for "la n° 2 n'est pas dans la table"
keys C-u
keys -l "diabète, asthme"
keys Enter
ok "the pathologies are saved" wait_for "Enregistré : pathologies."
is "$(field Pathologies)" " Pathologies diabète, asthme" "and shown"
is "$(stored '",".join(d["pathologies"])')" "diabète,asthme" \
    "stored: diabète, asthme"

# A resize while typing keeps the text.
keys g Enter
ok "Enter edits the mutuelle" wait_for "Mutuelle : le nom"
keys -l "Mutuelle Générale de l'Éducation"
ok "the name is typed" wait_for "Mutuelle Générale de l'Éducation"
tm resize-window -t t -x 40 -y 10
ok "a small terminal shows a notice" wait_for "Terminal trop petit (40x10)"
tm resize-window -t t -x 80 -y 24
ok "back to 80x24" wait_for "Entrée : enregistrer"
is "$(field Mutuelle)" " Mutuelle Mutuelle Générale de l'Éducation" \
    "the text being typed is still there"
keys Enter
ok "the name is saved" wait_for "Enregistré : mutuelle."
is "$(stored 'd["mutuelle"]["name"]')" "Mutuelle Générale de l'Éducation" \
    "stored with its accents"

# d removes a field; Ctrl-C cancels an edit before it quits.
keys j d
ok "d removes the coverage" wait_for "Effacé : couverture."
is "$(field Couverture)" " Couverture —" "shown unset"
is "$(stored '"coverage" in d["mutuelle"]')" False "removed from the store"
keys Enter
ok "editing again" wait_for "Entrée : enregistrer"
keys C-c
ok "a first Ctrl-C cancels the edit" wait_for "Modification annulée"
sleep 0.5
ok "and does not quit" test ! -f "$TEST_TMP/exit"

# The smallest terminal still shows the form and part of the table.
tm resize-window -t t -x 60 -y 15
ok "60x15 shows the form" wait_for "Pathologies connues"
tm resize-window -t t -x 80 -y 24
ok "80x24 again" wait_for "champ 2/8"

# The language of the screens: the profile's preference, over the locale's
# (French here), from the message that confirms it.
keys End
ok "the last field: the language" wait_for "champ 8/8"
is "$(field 'Langue des')" " Langue des écrans fr (celle de la locale)" \
    "unset: the locale's language"
keys Enter
keys -l "en"
keys Enter
ok "en: the screens speak English at once" wait_for "Saved: language."
contains "$(line 0)" " 1 Hospitals 2 Regions 3 Medicines 4 Profile" \
    "the title bar too"
is "$(stored 'd["preferences"]["language"]')" en "stored"
keys d
ok "d: back to the locale's French" wait_for "Effacé : langue."
is "$(stored '"language" in d.get("preferences", {})')" False "removed from the store"
keys Enter
keys -l "de"
keys Enter
ok "a language mediflux does not speak is refused" wait_for "il faut en (anglais) ou fr (français)"
is "$(stored '"language" in d.get("preferences", {})')" False "and not stored"
keys Escape

keys q
is "$(wait_exit)" 0 "q quits with status 0"
ok "the terminal is restored" terminal_restored
is "$(stored 'd["location"]["name"]')" "Saint-Denis" \
    "the profile outlives the session"

done_testing
