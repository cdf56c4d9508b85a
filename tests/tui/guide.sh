# SPDX-License-Identifier: ISC
# The screens of doc/guide.md (English) and doc/guide.fr.md (French) come from
# this session, run once in each language: a first visit on the bundled sample
# database at 100x30 (search a city, open a hospital, sort the regions, drill
# into medications, set the profile's place, read the history, then the help on
# a taller terminal). Each screen is compared with the block after
# `<!-- capture: NAME -->` in that language's guide, once the parts that change
# from run to run (query times, dates and times of day) are normalised the same
# way on both sides. GUIDE_UPDATE=1 writes the screens into the guides instead:
#   GUIDE_UPDATE=1 make check TESTS=tests/tui/guide.sh
. "$top_srcdir/tests/tui/lib.sh"

UPDATE=${GUIDE_UPDATE:-}

# What differs between two runs of the same session: the time a query took
# (status line, and the history's last column, whose width follows it), the
# date and time of a history entry, the day the sample database was built and
# the day a box is costed on, in English and in French.
normalise() {
	sed -E \
	    -e 's/(requête|query) [0-9][0-9, ]*[.,][0-9] ms */\1 N ms /' \
	    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/YYYY-MM-DD hh:mm:ss/g' \
	    -e 's/(importé le|imported) [0-9]{4}-[0-9]{2}-[0-9]{2}/\1 YYYY-MM-DD/g' \
	    -e 's/(une boîte le|a box costs on) [0-9]{4}-[0-9]{2}-[0-9]{2}/\1 YYYY-MM-DD/g' \
	    -e 's/^( *[0-9]+ YYYY-MM-DD hh:mm:ss .*[0-9]) +[0-9][0-9, ]*[.,][0-9]$/\1 N/' \
	    -e 's/^((n°|No\.) +Date .*(Résultats|Results)) +ms$/\1 ms/' \
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
	screen > "$CAP/$1"
	normalise < "$CAP/$1" > "$TEST_TMP/got"
	guide_block "$1" | normalise > "$TEST_TMP/want"
	if ! cmp -s "$TEST_TMP/got" "$TEST_TMP/want"; then
		diff -u "$TEST_TMP/want" "$TEST_TMP/got" | sed 's/^/# /' | head -60
		return 1
	fi
}

# capture NAME TEXT: once TEXT is on the screen, the screen is NAME's block
# in the guide of the session's language (or, with GUIDE_UPDATE=1, becomes it).
capture() {
	names="$names $1"
	if ! wait_for "$2" >/dev/null; then
		ok "$LANG_NOW screen $1: shows « $2 »" false
		return
	fi
	if [ -n "$UPDATE" ]; then
		sleep 0.5
		screen > "$CAP/$1"
		ok "$LANG_NOW screen $1: captured for $GUIDE_NAME" test -s "$CAP/$1"
	else
		ok "$LANG_NOW screen $1: as $GUIDE_NAME shows it" retry same_screen "$1"
	fi
}

# say ENGLISH FRENCH: the text the screen shows in the session's language.
say() {
	if [ "$LANG_NOW" = en ]; then
		printf '%s' "$1"
	else
		printf '%s' "$2"
	fi
}

# session LANG LOCALE GUIDE: the guide's session in one language, with a user
# database of its own (the second session must not see the first's history),
# then the guide's markers checked and, with GUIDE_UPDATE=1, its blocks rewritten.
session() {
	LANG_NOW=$1
	GUIDE_NAME=$3
	GUIDE="$top_srcdir/$3"
	CAP="$TEST_TMP/cap-$1"
	mkdir -p "$CAP" "$TEST_TMP/xdg-$1"
	names=

	start_ui 100 30 "LC_ALL=$2" "XDG_DATA_HOME=$TEST_TMP/xdg-$1" -- --db "$REFDB"
	capture start "$(say 'Search:' 'Rechercher :')"

	keys -l 'lyon'
	capture search "$(say '13 hospitals and clinics · places named "lyon"' \
	    '13 hôpitaux et cliniques · lieux nommés « lyon »')"

	keys Enter
	capture detail "CHU LYON - HÔPITAL NORD — 690049705"

	# Back to the list, then the nearest first around Vienne.
	keys BSpace
	keys BSpace BSpace BSpace BSpace
	keys -l 'vienne'
	wait_for "$(say 'places named "vienne"' 'lieux nommés « vienne »')" >/dev/null
	keys Escape p
	capture near "$(say '35 hospitals and clinics · within 30 km of Vienne (38)' \
	    '35 hôpitaux et cliniques · à moins de 30 km de Vienne (38)')"

	keys F3
	wait_for "$(say 'Regions 2024 · sort: Code ▲' 'Régions 2024 · tri : Code ▲')" >/dev/null
	keys s s
	capture regions "$(say 'sort: Population ▼' 'tri : Population ▼')"

	keys F4
	capture meds "$(say 'ATC: all classes · by ATC1' 'ATC : toutes les classes · par ATC1')"
	keys j j Enter
	meds_n=$(say 'ATC N Système nerveux · by ATC2' 'ATC N Système nerveux · par ATC2')
	capture meds-n "$meds_n"
	keys m
	keys -l 'eliq'
	capture drug-search "$(say '2 medicines · "eliq"' '2 médicaments · « eliq »')"
	keys Down Enter
	capture drug "$(say 'Details: ↑↓ PgUp PgDn scroll' 'Fiche : ↑↓ PgUp PgDn défiler')"
	keys Escape Escape
	wait_for "$meds_n" >/dev/null

	keys F5
	wait_for "$(say 'Your profile' 'Votre profil')" >/dev/null
	keys j j Enter
	wait_for "$(say 'Enter: save' 'Entrée : enregistrer')" >/dev/null
	keys -l 'Lyon'
	keys Enter
	capture profile "$(say 'Saved: ' 'Enregistré : ')"

	keys F6
	capture history "search lyon --limit 0"

	# The help lists the keys of the pane shown; at 100x44 the medicines'
	# pane's fit whole, without scrolling.
	keys F4
	wait_for "$meds_n" >/dev/null
	tm resize-window -t t -x 100 -y 44
	keys F1
	capture help "$(say 'My pathologies (profile)' 'Mes pathologies (profil)')"

	keys Escape
	wait_gone "$(say 'mediflux help' 'Aide de mediflux')" >/dev/null
	keys F10
	is "$(wait_exit)" 0 "$LANG_NOW: F10 ends the session with status 0"

	# No block in the guide that this session does not take, and no name twice.
	markers=$(sed -n 's/^<!-- capture: \(.*\) -->$/\1/p' "$GUIDE" | sort)
	is "$markers" "$(printf '%s\n' $names | sort)" \
	    "$GUIDE_NAME: its capture markers are exactly this session's screens, once each"

	if [ -n "$UPDATE" ]; then
		# The block after each marker (blank lines before it skipped) is
		# replaced by the screen captured, and one blank line follows it.
		awk -v dir="$CAP" '
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
		ok "$GUIDE_NAME rewritten with the screens (GUIDE_UPDATE=1)" test $? -eq 0
	fi
}

session en en_US.UTF-8 doc/guide.md
session fr fr_FR.UTF-8 doc/guide.fr.md

# first_lines GUIDE: the first line of each captured screen, its title bar.
first_lines() {
	awk '/^<!-- capture: / { f = 1; next }
	    f == 1 && /^```/ { f = 2; next }
	    f == 2 { print; f = 0 }' "$top_srcdir/$1"
}
# The English guide shows the English screens and the French one the French:
# every title bar names the panes in the guide's language.
is "$(first_lines doc/guide.md | grep -Evc '^ mediflux  (1 |F2)Hospitals (2 |F3)Regions (3 |F4)Medicines')" 0 \
    "every screen of doc/guide.md is the English interface's"
is "$(first_lines doc/guide.fr.md | grep -Evc '^ mediflux  (1 |F2)Hôpitaux (2 |F3)Régions (3 |F4)Médicaments')" 0 \
    "every screen of doc/guide.fr.md is the French interface's"

done_testing
