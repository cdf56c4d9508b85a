# SPDX-License-Identifier: ISC
# One owner per query's parameters: the history the panes write for a search,
# a detail, regions and meds is byte for byte what the command line writes for
# the same queries typed by hand; and a replay refuses an entry that neither
# wrote, saying why, with the pane left as it was.
. "$top_srcdir/tests/tui/lib.sh"

UDB="$XDG_DATA_HOME/mediflux/user.db"
CLI_HOME="$TEST_TMP/cli"

# The history as stored: pane, command and the parameters' text.
stored() {
	sqlite3 -separator ' ' "$1" "SELECT pane, command, params FROM history ORDER BY id"
}

cli() {
	XDG_DATA_HOME="$CLI_HOME" "$MEDIFLUX" --db "$REFDB" "$@" >/dev/null 2>&1
}

"$MEDIFLUX" --db "$REFDB" profile set pathologies "diabète, asthme" >/dev/null
XDG_DATA_HOME="$CLI_HOME" "$MEDIFLUX" --db "$REFDB" profile set pathologies "diabète, asthme" >/dev/null
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for "Rechercher :" >/dev/null
keys 'saint-étienne'
wait_for "13 hôpitaux et cliniques" >/dev/null
keys Escape
ok "a search, settled" wait_for "Liste : / chercher"
keys Enter
ok "a detail" wait_for "CHU DE ST ETIENNE — 420078719"
keys BSpace F3
ok "Régions" wait_for "Régions 2024 · tri : Code ▲"
keys s
wait_for "tri : Nom ▲" >/dev/null
keys s
wait_for "tri : Population ▼" >/dev/null
keys S
ok "sorted by name, by population, reversed" wait_for "tri : Population ▲"
keys l
ok "the départements" wait_for "Départements 2024"
keys F4
wait_for "ATC : toutes les classes · par ATC1" >/dev/null
keys j j
wait_for "ligne 3/14" >/dev/null
keys Enter
ok "Médicaments: N" wait_for "ATC N Système nerveux · par ATC2"
keys f f
wait_for "Âge : Tous âges" >/dev/null
keys Left
wait_for "Âge : Âge inconnu" >/dev/null
keys Left
ok "60 and over" wait_for "Âge : 60 ans et +"
keys f f f f
wait_for "Région : France entière" >/dev/null
keys Right
wait_for "Région : " >/dev/null
keys Right
ok "the overseas regions" wait_for "Région : Régions et Départements d'outre-mer"
keys p
ok "mes pathologies, with those filters" wait_for "Mes pathologies : diabète → A10 ; asthme → R03"
keys p
ok "p again: back to N" wait_for "ATC N Système nerveux · par ATC2"
keys F6
wait_for "ligne 1/12" >/dev/null
keys Enter
ok "Historique replays mes pathologies" wait_for "Mes pathologies : diabète → A10 ; asthme → R03"
keys q
is "$(wait_exit)" 0 "q quits"

# The same queries on the command line, typed as a user would.
cli search saint-étienne --limit 0
cli hospital 420078719
cli regions --sort name
cli regions --sort population
cli regions --sort population --asc
cli regions --level département --sort population --asc
cli meds --atc n
cli meds --atc N --age inconnu
cli meds --atc N --age 60+
cli meds --atc N --age 60+ --region 0
cli meds --atc N --age 60+ --region guadeloupe
cli meds --pathologies --age 60+ --region 5
is "$(stored "$UDB" | wc -l)" 12 "the panes recorded twelve queries"
XDG_DATA_HOME="$CLI_HOME" history_fold --db "$REFDB"
is "$(stored "$UDB")" "$(stored "$CLI_HOME/mediflux/user.db")" \
    "the panes' history is byte for byte the command line's"
contains "$(stored "$UDB")" 'meds meds {"atc":"N","age":60,"region":"5"}' \
    "a region typed by name and one picked in the pane: the same BEN_REG"

# Entries no command wrote, newest first in Historique.
sqlite3 "$UDB" "DELETE FROM history;
    INSERT INTO history (at, pane, command, params) VALUES
    (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 seconds'), 'hospitals', 'search', '{\"query\":\"lyon\\u001b[2J\",\"limit\":0,\"all\":false}'),
    (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'), 'regions', 'regions', '{\"sort\":\"beds\"}'),
    (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 seconds'), 'meds', 'meds', '{\"atc\":\"N\",\"age\":61}')"
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for "Rechercher :" >/dev/null
keys F6
ok "Historique lists them" wait_for "ligne 1/3"
keys Enter
ok "a meds entry with an age band no command writes: refused" \
    wait_for "non rejoué : --age vaut 0-19, 20-59, 60+ ou inconnu"
ok "Médicaments as it was: every ATC1 class" wait_for "ATC : toutes les classes · par ATC1"
keys F6 j
wait_for "ligne 2/3" >/dev/null
keys Enter
ok "a regions entry with an unknown sort: refused" wait_for "non rejoué : --sort : « beds » n'est ni code"
ok "Régions as it was" wait_for "Régions 2024 · tri : Code ▲"
keys F6 j
wait_for "ligne 3/3" >/dev/null
keys Enter
ok "a search holding an escape: refused" wait_for "caractères qu'aucune recherche n'enregistre"
ok "Hôpitaux as it was" wait_for "Une ville (« sai eti » trouve Saint-Étienne)"
is "$(line 2 | sed 's/ *$//')" " Rechercher :" "nothing searched"
lacks "$(screen)" "lyon" "the tampered text is nowhere"
keys F10
is "$(wait_exit)" 0 "q quits"
is "$(sqlite3 "$UDB" "SELECT count(*) FROM history")" 3 "a refused replay records nothing"

done_testing
