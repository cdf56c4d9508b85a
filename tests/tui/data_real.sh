# SPDX-License-Identifier: ISC
# The Données screen on the real SAE 2021 archive: the dataset row under the cursor says in
# the status line how many rows the import set aside, and why (fourteen rows of 2018
# inside SYGEN and IMAGES 2021); a dataset from published files says "publiée", never ÉCHANTILLON.
. "$top_srcdir/tests/tui/lib.sh"

DB="$TEST_TMP/real.db"
"$MEDIFLUX" import --quiet --db "$DB" --geography "$top_builddir/data/geography.db" \
    "$top_srcdir/tests/fixtures/real/sae/SAE_2021_bases_statistiques_csv.7z" 2>/dev/null
ok "the real SAE 2021 archive imports" test -s "$DB"

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$DB"
ok "the interface opens" wait_for " F2Hôpitaux "
keys F7
ok "F7 shows the Données screen" wait_for "Jeux de données chargés"
contains "$(screen | grep '^sae ')" "sae                2021 SAE_2021_bases_s… 34 271 c2f3b918ebae" \
    "the SAE 2021 dataset and the rows it kept"
contains "$(screen | grep '^sae ')" "publiée" "published data is said to be published"
contains "$(line 22)" "ligne 2/" "the cursor starts on the first dataset, with no note"
keys j j j j
ok "on the SAE dataset, the status line tells the rows set aside and why" \
    wait_for "sae 2021 : 14 lignes écartées à l'import (de l'année 2018 : 14)"
keys j
ok "one row further, the note is gone" wait_gone "lignes écartées"
keys F10
is "$(wait_exit)" 0 "F10 quits with status 0"
done_testing
