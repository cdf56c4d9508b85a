# SPDX-License-Identifier: ISC
# The interface at 80x24: first screen, keys, help, resize, quit.
. "$top_srcdir/tests/tui/lib.sh"

saved_umask=$(umask)
umask 000
N=$(data_rows)
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
umask "$saved_umask"
imported_day() {
	"$MEDIFLUX" --db "$REFDB" health --json |
	    json '[x["imported_at"][:10] for x in d["datasets"] if x["kind"] == "insee_communes"][0]'
}
ok "the interface opens on Hôpitaux" wait_for " F2Hôpitaux "
is "$(line 5 | sed 's/ *$//')" " Données d'exemple (SAMPLE) — pour les vraies données : mediflux update" \
    "the first screen of the sample database says how to get real data"
is "$(line 0 | sed 's/ *$//')" " F2Hôpitaux F3Régions F4Médicaments F5Profil F6Historique F7Données F11Documents" \
    "the title bar names every pane at 80 columns, by the function keys while the field has the focus, leaving its name out"
keys F7
ok "F7 shows the Données screen" wait_for "ligne 2/$N"
contains "$(line 1)" "Base de référence : schéma 11 ·" "the reference database is described"
contains "$(line 3)" "Population : 68 952 941 habitants · sommes vérifiées par « mediflux health »" \
    "the population, and where its sums are checked"
is "$(line 5)" "Jeu de donnée… Année Fichier          Lignes SHA-256      Importé le Origine" \
    "column headers fit 80 columns"
is "$(line 9)" "insee_communes  2026 communes.csv     34 969 $(sha256sum < "$REFCSV/communes.csv" | cut -c1-12) $(imported_day) publiée" \
    "the communes dataset row: year, file, rows, digest, date, origin"
is "$(line 12)" "openmedic       2024 OPEN_MEDIC_202… 100 088 $(sha256sum < "$top_builddir/data/sample/OPEN_MEDIC_2024.zip" | cut -c1-12) $(imported_day) ÉCHANTILLON" \
    "a generated dataset row says it is a sample (échantillon)"
contains "$(line 22)" " ÉCHANTILLON " "the status line flags the sample datasets listed"
contains "$(line 22)" "mediflux.db · données 2026 · requête" "status line: database, latest data year, query time"
contains "$(line 22)" "ligne 2/$N" "status line: row i/n"
is "$(line 23 | sed 's/ *$//')" "F1Aide F2Hôpit. F3Rég. F4Médic. F5Prof. F6Hist. F7Donn. F8Cherch. F9Tri F10Quit." \
    "function bar from the keymap, F1 to F10"

# The user database was created private although the umask was 000.
ok "user directory created 0700" test "$(stat -c %a "$XDG_DATA_HOME/mediflux")" = 700
ok "user database created 0600" test "$(stat -c %a "$XDG_DATA_HOME/mediflux/user.db")" = 600

keys j
ok "j moves down" wait_for "ligne 3/$N"
keys G
ok "G goes to the last row" wait_for "ligne $N/$N"
keys g
ok "g goes back to the first" wait_for "ligne 1/$N"
# The tables come after the datasets: / finds the communes' dataset, n the table.
keys /
keys -l commune
keys Enter n
commune_count() {
	screen | grep -Eq '^ *commune +34 969 *$'
}
ok "the commune table count" retry commune_count
keys g
wait_for "ligne 1/$N" >/dev/null

keys '?'
ok "? opens the help" wait_for "Aide de mediflux"
contains "$(screen)" "q            Quitter" "help is drawn from the keymap"
contains "$(screen)" "6 F7         Données : provenance et volumes" "with every pane's key"
contains "$(screen)" "7 F11        Documents : ordonnances lues et gardées" "Documents too"
# Données' 31 lines of help do not fit in 24 rows: it scrolls, and says
# where it is.
contains "$(screen)" "lignes 1-19/31, une autre touche pour revenir." "the help says it scrolls"
keys Down
ok "Down scrolls the help by one line" wait_for "lignes 2-20/31"
keys End
ok "End shows its last lines" wait_for "lignes 13-31/31"
contains "$(screen)" "Échap        Annuler la saisie" "down to the last key"
keys Home
ok "Home goes back to the top" wait_for "lignes 1-19/31"
keys x
ok "any key closes the help" wait_for "ligne 1/$N"
is "$(screen | grep -c 'Aide de mediflux')" 0 "help is gone"

tm resize-window -t t -x 40 -y 10
ok "a small terminal shows a notice" wait_for "Terminal trop petit (40x10)"
tm resize-window -t t -x 100 -y 30
ok "enlarging restores the screen" wait_for "ligne 1/$N"
contains "$(line 0)" " 6 Données" "title redrawn at the new size"

keys q
is "$(wait_exit)" 0 "q quits with status 0"
ok "the terminal is restored" terminal_restored

done_testing
