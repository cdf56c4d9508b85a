# SPDX-License-Identifier: ISC
# Historique on a long history, read in pages: the newest page when the pane
# opens, the rest when scrolled to or filtered; then only what changed, as the
# retention drops the oldest, another program records or deletes entries.
. "$top_srcdir/tests/tui/lib.sh"

UDB="$XDG_DATA_HOME/mediflux/user.db"
"$MEDIFLUX" history >/dev/null
# 600 searches, q0001 the oldest, q0600 the newest: more than two pages.
sqlite3 "$UDB" "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 600)
    INSERT INTO history (at, pane, command, params, result_count, duration_ms)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (700 - n) || ' seconds'),
        'hospitals', 'search', json_object('query', printf('q%04d', n)), n, 1.5 FROM k"
cli() {
	"$MEDIFLUX" --db "$REFDB" "$@" >/dev/null
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
wait_for "Rechercher :" >/dev/null
keys F6
ok "Historique counts every entry" wait_for "ligne 1/600"
contains "$(line 3)" "search q0600" "the newest first"
keys End
ok "End goes to the oldest" wait_for "ligne 600/600"
contains "$(screen)" "search q0001" "read when scrolled to"
lacks "$(screen)" "q0600" "the newest are off the screen"
keys Home / q0007 Enter
ok "a filter searches every entry" wait_for "Filtre « q0007 » : 1 entrée"
contains "$(line 3)" "search q0007" "one beyond the first pages"
keys Escape
ok "Esc drops the filter" wait_for "ligne 1/600"

# The retention keeps 600: a search elsewhere, the next opening drops q0001.
cli profile set preferences.history_max 600
cli search lyon
cli history
is "$(sqlite3 "$UDB" "SELECT count(*) || ' ' || min(id) || ' ' || max(id) FROM history")" \
    "600 2 601" "the retention dropped the oldest"
ok "the new entry is listed" wait_for "search lyon"
contains "$(line 3)" "search lyon" "newest first"
contains "$(screen)" "ligne 1/600" "as many entries as before"
keys End
ok "End: the oldest is now q0002" wait_for "search q0002"
lacks "$(screen)" "q0001" "q0001 is gone"

# Another program deletes one in the middle and records a search.
cli history delete 300
cli search 2A
keys Home
ok "the list follows" wait_for "search 2A"
contains "$(screen)" "ligne 1/600" "600 entries: one deleted, one new"
keys / q0300 Enter
ok "the deleted entry is gone" wait_for "Aucune entrée ne correspond au filtre."
keys Escape / q0301 Enter
ok "its neighbour is still there" wait_for "Filtre « q0301 » : 1 entrée"
keys Escape q
is "$(wait_exit)" 0 "q quits"

done_testing
