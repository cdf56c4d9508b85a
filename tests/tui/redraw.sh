# SPDX-License-Identifier: ISC
# The screen is drawn when something changed, as htop's ScreenManager does:
# idle seconds and keys bound to nothing draw nothing (MEDIFLUX_TIMINGS logs
# each drawing); a key that moves the cursor does, and so does a query another
# program records while Historique is shown.
. "$top_srcdir/tests/tui/lib.sh"

TIMINGS="$TEST_TMP/timings"

# draws: how many times the screen was drawn so far.
draws() {
	awk -F '\t' '$1 == "draw" { n++ } END { print n + 0 }' "$TIMINGS"
}

# settled: the count once the last key's drawing is logged (the log is
# written just after the screen: a loaded machine may lag), at most 5 s.
settled() {
	_n=$(draws)
	_i=0
	while [ $_i -lt 10 ]; do
		sleep 0.5
		[ "$(draws)" = "$_n" ] && break
		_n=$(draws)
		_i=$((_i + 1))
	done
	echo "$_n"
}

start_ui 80 24 LC_ALL=fr_FR.UTF-8 MEDIFLUX_TIMINGS="$TIMINGS" -- --db "$REFDB"
wait_for "Rechercher :" >/dev/null
keys F3
ok "Régions" wait_for "Régions 2024 · tri : Code ▲"
keys j
ok "j moves down" wait_for "ligne 2/24"
before=$(settled)
ok "the screens so far were drawn and logged ($before)" test "$before" -ge 3
sleep 3.2
is "$(draws)" "$before" "three idle seconds drew nothing"
keys x z '!'
sleep 0.5
is "$(draws)" "$before" "nor did three keys bound to nothing in Régions"
keys j
ok "j moves down again" wait_for "ligne 3/24"
is "$(settled)" "$((before + 1))" "and that key drew the screen once"

# Historique notices what another program recorded, within a second.
keys F6
ok "Historique" wait_for "Aucune requête enregistrée"
"$MEDIFLUX" --db "$REFDB" search lyon >/dev/null 2>&1
ok "a search run from the command line meanwhile appears" wait_for "search lyon"
keys q
is "$(wait_exit)" 0 "q quits"

done_testing
