# SPDX-License-Identifier: ISC
# The SAMPLE flag of the status line is the answer's, not the database's: on
# copies of the sample database with published files imported
# (tests/cli/sample_lib.sh), a pane showing published data alone does not say
# ÉCHANTILLON, one showing sample figures does. The first screen says how to
# get real data while the database holds sample data, and not otherwise.
. "$top_srcdir/tests/tui/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/sample_lib.sh"

HINT="Données d'exemple (SAMPLE) — pour les vraies données : mediflux update"
A="$TEST_TMP/a.db"
B="$TEST_TMP/b.db"
sample_mix "$A" "$B"
is "$RC" 0 "the mixed databases are built"

# --- B: published FINESS, SAE 2022, Open Medic 2022, DREES; sample SAE and
# Open Medic 2023 and 2024. ------------------------------------------------------
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$B"
ok "the interface opens on Hôpitaux" wait_for "Rechercher :"
is "$(line 5 | sed 's/ *$//')" " $HINT" \
    "the first screen says how to get real data, below the search's help"
contains "$(line 22)" " b.db · données 2026" "no search yet: the status line starts with the database"
is "$(line 22 | grep -c "ÉCHANTILLON")" 0 "and says no ÉCHANTILLON"
keys 0 1
ok "a search of published establishments" wait_for "1 hôpital ou clinique · département 01 (Ain)"
ok "its only row" wait_for "010000024 CH DE FLEYRIAT"
is "$(screen | grep -c "$HINT")" 0 "the list takes the hint's place"
is "$(line 22 | grep -c "ÉCHANTILLON")" 0 "published FINESS rows: no ÉCHANTILLON"
keys Enter
ok "Enter opens it" wait_for "CH DE FLEYRIAT — 010000024"
ok "its SAE 2023 and 2024 are sample: ÉCHANTILLON" wait_for " ÉCHANTILLON  b.db"
keys Escape
ok "back to the list" wait_for "1 hôpital ou clinique · département 01 (Ain)"
ok "the list's flag again: none" wait_gone "ÉCHANTILLON"

keys F3
ok "Régions opens on 2024" wait_for "Régions 2024 · tri : Code ▲"
ok "sample SAE 2024: ÉCHANTILLON" wait_for " ÉCHANTILLON  b.db"
keys Y Y
ok "Y Y: 2022" wait_for "Régions 2022 · tri : Code ▲"
ok "2022 is published SAE, Open Medic and DREES: no ÉCHANTILLON" wait_gone "ÉCHANTILLON"

keys F4
ok "Médicaments opens on 2024" wait_for "Année : 2024 · France entière"
ok "sample Open Medic 2024: ÉCHANTILLON" wait_for " ÉCHANTILLON  b.db"
keys Left Left
ok "← ←: 2022" wait_for "Année : 2022 · France entière"
ok "published Open Medic 2022: no ÉCHANTILLON" wait_gone "ÉCHANTILLON"
keys Right
ok "→: 2023, sample again" wait_for "Année : 2023 · France entière"
ok "ÉCHANTILLON again" wait_for " ÉCHANTILLON  b.db"

keys F5
ok "Profil shows no reference figures" wait_for " 4 Profil "
ok "and so no ÉCHANTILLON" wait_gone "ÉCHANTILLON"
keys F7
ok "Données lists every dataset, sample ones among them" wait_for "ÉCHANTILLON"
ok "so it says ÉCHANTILLON" wait_for " ÉCHANTILLON  b.db"
keys F10
is "$(wait_exit)" 0 "F10 quits"

# --- A database of published files only: no hint, no flag. ----------------------
C="$TEST_TMP/published.db"
import_into "$C" --quiet "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
is "$RC" 0 "a database of the published FINESS extract alone"
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$C"
ok "the interface opens on Hôpitaux" wait_for "Rechercher :"
is "$(screen | grep -c 'mediflux update')" 0 "no sample data: no hint"
is "$(line 22 | grep -c "ÉCHANTILLON")" 0 "and no ÉCHANTILLON"
keys F7
ok "Données" wait_for "publiée"
is "$(screen | grep -c "ÉCHANTILLON")" 0 "nothing says sample"
keys F10
is "$(wait_exit)" 0 "F10 quits"

done_testing
