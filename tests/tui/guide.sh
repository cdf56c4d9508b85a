# SPDX-License-Identifier: ISC
# The screens of doc/guide.md come from this session: a first visit on the
# bundled sample database at 100x30 (search a city, open a hospital, sort the
# regions, drill into medications, set the profile's place, read the history,
# then the help on a taller terminal). Each screen is compared with the block
# after `<!-- capture: NAME -->` in the guide, once the parts that change from
# run to run (query times, dates and times of day) are normalised the same way
# on both sides. GUIDE_UPDATE=1 writes the screens into the guide instead:
#   GUIDE_UPDATE=1 make check TESTS=tests/tui/guide.sh
. "$top_srcdir/tests/tui/lib.sh"

GUIDE="$top_srcdir/doc/guide.md"
UPDATE=${GUIDE_UPDATE:-}
mkdir -p "$TEST_TMP/cap"
names=

# What differs between two runs of the same session: the time a query took
# (status line, and the history's last column), the date and time of a
# history entry, and the day the sample database was built.
normalise() {
	sed -E \
	    -e 's/requête [0-9]+\.[0-9] ms */requête N ms /' \
	    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/AAAA-MM-JJ hh:mm:ss/g' \
	    -e 's/importé le [0-9]{4}-[0-9]{2}-[0-9]{2}/importé le AAAA-MM-JJ/g' \
	    -e 's/une boîte le [0-9]{4}-[0-9]{2}-[0-9]{2}/une boîte le AAAA-MM-JJ/g' \
	    -e 's/^( *[0-9]+ AAAA-MM-JJ hh:mm:ss .*[0-9]) +[0-9]+\.[0-9]$/\1 N/' \
	    -e 's/^(n° Date .*Résultats) +ms$/\1 ms/' \
	    -e 's/ +$//'
}

# guide_block NAME: the lines of the fenced block after NAME's marker.
guide_block() {
	awk -v n="$1" '
	    $0 == "<!-- capture: " n " -->" { f = 1; next }
	    f == 1 && /^```/ { f = 2; next }
	    f == 2 && /^```$/ { exit }
	    f == 2 { print }' "$GUIDE"
}

# same_screen NAME: the screen, normalised, is the guide's block, normalised.
same_screen() {
	screen > "$TEST_TMP/cap/$1"
	normalise < "$TEST_TMP/cap/$1" > "$TEST_TMP/got"
	guide_block "$1" | normalise > "$TEST_TMP/want"
	if ! cmp -s "$TEST_TMP/got" "$TEST_TMP/want"; then
		diff -u "$TEST_TMP/want" "$TEST_TMP/got" | sed 's/^/# /' | head -60
		return 1
	fi
}

# capture NAME TEXT: once TEXT is on the screen, the screen is NAME's block
# (or, with GUIDE_UPDATE=1, becomes it).
capture() {
	names="$names $1"
	if ! wait_for "$2" >/dev/null; then
		ok "screen $1: shows « $2 »" false
		return
	fi
	if [ -n "$UPDATE" ]; then
		sleep 0.5
		screen > "$TEST_TMP/cap/$1"
		ok "screen $1: captured for the guide" test -s "$TEST_TMP/cap/$1"
	else
		ok "screen $1: as doc/guide.md shows it" retry same_screen "$1"
	fi
}

start_ui 100 30 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
capture start "Rechercher :"

keys -l 'lyon'
capture search "13 hôpitaux et cliniques · lieux nommés « lyon »"

keys Enter
capture detail "CHU LYON - HÔPITAL NORD — 690049705"

# Back to the list, then the nearest first around Vienne.
keys BSpace
keys BSpace BSpace BSpace BSpace
keys -l 'vienne'
wait_for "lieux nommés « vienne »" >/dev/null
keys Escape p
capture near "35 hôpitaux et cliniques · à moins de 30 km de Vienne (38)"

keys F3
wait_for "Régions 2024 · tri : Code ▲" >/dev/null
keys s s
capture regions "tri : Population ▼"

keys F4
capture meds "ATC : toutes les classes · par ATC1"
keys j j Enter
capture meds-n "ATC N Système nerveux · par ATC2"
keys m
keys -l 'eliq'
capture drug-search "2 médicaments · « eliq »"
keys Down Enter
capture drug "Fiche : ↑↓ PgUp PgDn défiler"
keys Escape Escape
wait_for "ATC N Système nerveux · par ATC2" >/dev/null

keys F5
wait_for "Votre profil" >/dev/null
keys j j Enter
wait_for "Entrée : enregistrer" >/dev/null
keys -l 'Lyon'
keys Enter
capture profile "Enregistré : lieu."

keys F6
capture history "search lyon --limit 0"

# The help lists the keys of the pane shown; at 100x43 Médicaments' fit
# whole, without scrolling.
keys F4
wait_for "ATC N Système nerveux · par ATC2" >/dev/null
tm resize-window -t t -x 100 -y 43
keys F1
capture help "Mes pathologies (profil)"

keys Escape
wait_gone "Aide de mediflux" >/dev/null
keys F10
is "$(wait_exit)" 0 "F10 ends the session with status 0"

# No block in the guide that this session does not take, and no name twice.
markers=$(sed -n 's/^<!-- capture: \(.*\) -->$/\1/p' "$GUIDE" | sort)
is "$markers" "$(printf '%s\n' $names | sort)" \
    "the guide's capture markers are exactly this session's screens, once each"

if [ -n "$UPDATE" ]; then
	# The block after each marker (blank lines before it skipped) is replaced
	# by the screen captured, and one blank line follows it.
	awk -v dir="$TEST_TMP/cap" '
	    skip == 2 { if ($0 == "```") skip = 3; next }
	    skip == 1 && /^$/ { next }
	    skip == 1 && /^```/ { skip = 2; next }
	    (skip == 1 || skip == 3) && /^$/ { skip = 0; print; next }
	    (skip == 1 || skip == 3) { print ""; skip = 0 }
	    /^<!-- capture: .* -->$/ {
		print
		n = $0; sub(/^<!-- capture: /, "", n); sub(/ -->$/, "", n)
		print "```text"
		while ((getline l < (dir "/" n)) > 0) { sub(/ +$/, "", l); print l }
		close(dir "/" n)
		print "```"
		skip = 1
		next
	    }
	    { print }' "$GUIDE" > "$TEST_TMP/guide.md" &&
	    cat "$TEST_TMP/guide.md" > "$GUIDE"
	ok "doc/guide.md rewritten with the screens (GUIDE_UPDATE=1)" test $? -eq 0
fi

done_testing
