# SPDX-License-Identifier: ISC
# A medicine in the Médicaments screen, on the sample database at 100x30: m opens the
# field, the list follows what is typed (name, substance, CIP13), Enter opens the fiche,
# Esc closes it and then the field; Enter on a product row of the ATC drill-down opens
# the same fiche; the cost changes once `mediflux profile set mutuelle.coverage` has
# given a mutuelle; Historique replays the fiche.
. "$top_srcdir/tests/tui/lib.sh"

ELIQUIS=3400926784102	# ELIQUIS 5 mg, 60 tablets, 65 %: 105,38 EUR with the fee
# The products of B01AF02, in the history to be replayed.
"$MEDIFLUX" --db "$REFDB" meds --atc B01AF02 >/dev/null
start_ui 100 30 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for " F2Hôpitaux " >/dev/null
keys F6
wait_for "meds" >/dev/null
keys Enter
ok "the products of B01AF02" wait_for "B01AF02 APIXABAN · par produit"
keys / "$ELIQUIS" Enter
wait_for "ligne " >/dev/null
keys Enter
ok "Enter on a product row opens its fiche" wait_for "Fiche : ↑↓ PgUp PgDn défiler"
contains "$(line 2)" "ELIQUIS 5 mg, comprimé" "the product's speciality"
contains "$(screen)" "Composition                   APIXABAN 5 mg pour un comprimé (substance active)" \
    "its substance and dosage"
# 65 % of 105,38 = 68,497 -> 68,50; left 105,38 - 68,50 + 1,00 = 37,88.
contains "$(screen)" "$ELIQUIS  105,38 €            68,50 €    0,00 €     1,00 €        37,88 €" \
    "what a box costs without a mutuelle"
contains "$(screen)" "sans mutuelle : aucune dans votre profil" "and that no mutuelle is counted"
contains "$(screen)" "ÉCHANTILLON" "the status line flags the sample"
keys PageDown
ok "PgDn scrolls to the Open Medic volumes" wait_for "Open Medic (boîtes remboursées en officine)"
keys BSpace
ok "Backspace closes it: the products again" wait_for "B01AF02 APIXABAN · par produit"

# The medicine field.
keys m
ok "m opens the medicine field" wait_for "Médicament : ↑↓ choisir · Entrée fiche · Échap classes ATC"
contains "$(screen)" "Un nom (« amlo bioga »), une substance, un CIS" "it says what it takes"
keys e l i q
ok "the list follows what is typed" wait_for "2 médicaments · « eliq »"
contains "$(line 5)" "69374842 ELIQUIS 2,5 mg, comprimé" "by name"
contains "$(line 6)" "60165870 ELIQUIS 5 mg, comprimé" "both strengths"
keys BSpace BSpace BSpace BSpace a p i x
ok "a substance finds its specialities" wait_for "2 médicaments · « apix »"
keys Down Enter
ok "Enter opens the fiche" wait_for "Fiche : ↑↓ PgUp PgDn défiler"
contains "$(line 2)" "ELIQUIS 5 mg, comprimé" "of the medicine chosen"
keys Escape
ok "Esc closes the fiche: the list again" wait_for "2 médicaments · « apix »"

# A mutuelle in the profile, from the command line: the next fiche counts it.
"$MEDIFLUX" --db "$REFDB" profile set mutuelle.coverage 100 >/dev/null
keys Enter
ok "the fiche again" wait_for "Fiche : ↑↓ PgUp PgDn défiler"
# Mutuelle 100 %: 105,38 - 68,50 = 36,88; the franchise alone is left.
ok "with the mutuelle, the franchise alone is left" wait_for \
    "$ELIQUIS  105,38 €            68,50 €   36,88 €     1,00 €         1,00 €"
contains "$(screen)" "(mutuelle : 100 % de la base)" "the fiche says which coverage it counted"
keys Escape Escape
ok "Esc, Esc: the ATC classes" wait_for "B01AF02 APIXABAN · par produit"

# Historique: the fiche, replayed in Médicaments.
keys F6
ok "Historique lists the fiche" wait_for "drug"
keys Enter
ok "Enter replays it: the fiche" wait_for "Fiche : ↑↓ PgUp PgDn défiler"
contains "$(line 2)" "ELIQUIS 5 mg, comprimé" "of the same medicine"
is "$(sqlite3 "$XDG_DATA_HOME/mediflux/user.db" "SELECT params FROM history WHERE command = 'drug'
    ORDER BY id")" '{"query":"3400926784102"}
{"query":"apix","limit":200}
{"query":"60165870"}
{"query":"60165870"}' "recorded: each fiche by its code, and the search"

keys q
is "$(wait_exit)" 0 "q quits"

done_testing
