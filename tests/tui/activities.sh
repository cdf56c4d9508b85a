# SPDX-License-Identifier: ISC
# The Hôpitaux pane on real FINESS lines and the real SAE 2021 and 2023 archives: a ticks
# activities in a checklist (a maternity's type with Space, 1 to 3), Entrée searches again
# with them as search --with does, Échap leaves the search as it was, x unticks all, the
# history records the list and replays it; the detail shows the Activités and the site's
# weight in its territory, as mediflux hospital says them.
. "$top_srcdir/tests/tui/lib.sh"

DB="$TEST_TMP/real.db"
"$MEDIFLUX" import --quiet --db "$DB" --geography "$top_builddir/data/geography.db" \
    "$top_srcdir/tests/fixtures/import/finess/etalab-cs1100507-stock-20260512-0339.csv" \
    "$top_srcdir/tests/fixtures/real/sae/SAE_2021_bases_statistiques_csv.7z" \
    "$top_srcdir/tests/fixtures/real/sae/SAE_2023_bases_statistiques_csv.7z" 2>/dev/null
ok "real FINESS lines and SAE archives import" test -s "$DB"
export XDG_DATA_HOME="$TEST_TMP/data"

# A line of `mediflux hospital` and of the screen, spaces squeezed.
squeeze() {
	sed 's/^ *//; s/ *$//' | tr -s ' '
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$DB"
ok "Hôpitaux opens" wait_for "Rechercher :"
keys 01
ok "the Ain's hospitals" wait_for "1 hôpital ou clinique · département 01 (Ain)"
keys Escape
ok "Échap: the list" wait_for "a activités"
keys a
ok "a opens the checklist of activities" wait_for "Les sites qui font tout ceci (dernière année SAE) : aucune"
contains "$(line 1)" "Espace cocher · x aucune · Entrée appliquer · Échap annuler" "its keys on the first line"
is "$(line 4 | sed 's/ *$//')" "[ ] Maternité (type 1, 2 ou 3)     maternity" \
    "the maternity first, unticked"
keys Space Space
ok "Space twice: a maternity of type 2 or more" wait_for "(dernière année SAE) : maternity:2"
is "$(line 4 | sed 's/ *$//')" "[2] Maternité (type 1, 2 ou 3), type 2 ou plus maternity" "the row says so"
keys Down Down Space
ok "and adult intensive care" wait_for "(dernière année SAE) : maternity:2,icu"
keys Enter
ok "Entrée searches again with them" wait_for "1 hôpital ou clinique · département 01 (Ain) · avec maternity:2,icu (0 sans)"
contains "$(line 5)" "010000024 CH DE FLEYRIAT" "CH de Fleyriat has both"
keys a Up Up Space Enter
ok "a type 3 maternity: none in the Ain's lines" \
    wait_for "Aucun hôpital ni clinique · département 01 (Ain) · avec maternity:3,icu"
keys a x
ok "x unticks all" wait_for "(dernière année SAE) : aucune"
keys Escape
ok "Échap closes the checklist without changing the search" wait_for "avec maternity:3,icu"
keys a Space Enter
ok "a type 3 maternity goes back to none: the search without the maternity" \
    wait_for "1 hôpital ou clinique · département 01 (Ain) · avec icu (0 sans)"

# The detail: the Activités and the weight in the territory, as mediflux hospital says them.
keys Enter
ok "Entrée opens CH de Fleyriat" wait_for "CH DE FLEYRIAT — 010000024"
D=$(LC_ALL=fr_FR.UTF-8 "$MEDIFLUX" --db "$DB" hospital 010000024)
keys PageDown
ok "the Activités follow the SAE figures" wait_for "Maternité (type)"
for label in "Maternité (type)" "Accouchements" "Réanimation adultes : lits"; do
	is "$(screen | grep -m1 "^     $label " | squeeze)" "$(printf '%s\n' "$D" | grep -m1 "^    $label " | squeeze)" \
	    "detail: $label as mediflux hospital says it"
done
keys PageDown
ok "further: the imaging" wait_for "Scanners"
is "$(screen | grep -m1 "^     IRM " | squeeze)" "$(printf '%s\n' "$D" | grep -m1 "^    IRM " | squeeze)" \
    "detail: IRM as mediflux hospital says it"
for i in 1 2 3; do
	screen | grep -q "Poids dans le territoire" && break
	keys PageDown
	sleep 0.2
done
ok "then the weight in the territory (the command line gives the totals)" \
    wait_for "Lits MCO          354 · 43,6 % du département · 1,6 % de la région"
contains "$(screen)" "Urgences          38 394 · 28,2 % du département · 1,6 % de la région" \
    "the emergency passages' shares"
keys BSpace

# The history has the search with its activities; it replays them.
keys F6
ok "Historique lists the searches with their activities" wait_for "maternity:3,icu"
keys q
is "$(wait_exit)" 0 "q quits"
H=$("$MEDIFLUX" --db "$DB" history --json)
is "$(printf '%s' "$H" | json '[e["params"].get("with") for e in d["entries"] if e["command"] == "search"]')" \
    "['icu', 'maternity:3,icu', 'maternity:2,icu', None]" \
    "each search settled on (each checklist applied) is recorded with its activities"

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$DB"
ok "the interface opens again" wait_for "Rechercher :"
keys F6
ok "Historique" wait_for "maternity:3,icu"
keys / 'maternity:3' Enter
ok "/ finds the entry, shown as the command line would run it" \
    wait_for "search 01 --limit 0 --with maternity:3,icu"
keys Enter
ok "Entrée replays the search with maternity:3,icu" \
    wait_for "avec maternity:3,icu"
keys q
is "$(wait_exit)" 0 "q quits"
done_testing
