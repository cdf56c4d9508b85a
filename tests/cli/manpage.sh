# SPDX-License-Identifier: ISC
# mediflux(1) against the program itself, in English (mediflux.1) and in French
# (man/fr/mediflux.1): every command that `mediflux --help` lists has its
# section, every option that `--help` and `COMMAND --help` print is in the page
# (a command's own in its section), every variable the sources read with getenv
# is under ENVIRONMENT, every key of the key tables (ui/keymap.c and each
# pane's) is under Keys, spelt as that language's help screen spells it, the
# exit statuses are listed, and groff and man find nothing to warn about. The
# lists come from the program and the sources at test time, so a new command,
# option, variable or key without its documentation fails here.
# The two pages are then held in step: the same sections in the same order, and
# in each section the same commands, options, variables and keys, so that what
# is added to one page and not to the other fails too.
. "$top_srcdir/tests/lib.sh"

EN="$top_srcdir/mediflux.1"
FR="$top_srcdir/man/fr/mediflux.1"

# plain PAGE: the page's source with roff's hyphens, unbreakable spaces and font
# changes made plain text.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\~/ /g' -e 's/\\ / /g' -e 's/\\f[BIRP]//g' "$1"
}
plain "$EN" > "$TEST_TMP/man.en"
plain "$FR" > "$TEST_TMP/man.fr"

# section LANG HEADING: the lines under one .SH or .SS line of LANG's page, up
# to the next heading.
section() {
	awk -v h="$2" '$0 == h { on = 1; next } on && /^\.S[HS]( |$)/ { exit } on' \
	    "$TEST_TMP/man.$1"
}

# The word test of has_word and of the sections' inventory below: WORD not as
# part of a longer option or name. Bytes of UTF-8 letters count as letters, so
# that the key e is not found in "Entrée".
WORD_AWK='
function is_word_char(c) { return c ~ /[-A-Za-z0-9_]/ || c >= "\200" }
function has(text, w,    at, i, before, after) {
	at = 0
	while ((i = index(substr(text, at + 1), w)) > 0) {
		at += i
		before = at > 1 ? substr(text, at - 1, 1) : ""
		after = substr(text, at + length(w), 1)
		if (!is_word_char(before) && !is_word_char(after))
			return 1
	}
	return 0
}'

# has_word TEXT WORD: WORD in TEXT, as a word.
has_word() {
	printf '%s\n' "$1" | LC_ALL=C awk -v w="$2" "$WORD_AWK"'
	    { text = text " " $0 } END { exit !has(text " ", w) }'
}

# The options in the "Options:" part of a --help text: the leading words of each
# line that start with '-', skipping their upper-case arguments.
help_options() {
	awk '/^Options:/ { on = 1; next } on && /^$/ { exit }
	    on && /^  -/ {
		for (i = 1; i <= NF; i++) {
			w = $i; sub(/,$/, "", w)
			if (w ~ /^-/) print w
			else if (w !~ /^[A-Z][A-Z_|.]*$/) break
		}
	    }'
}

# po_french MSGID: the French po/fr.po gives a string marked without a context.
po_french() {
	LC_ALL=C awk -v id="$1" '
	    /^msgctxt / { ctx = 1; next }
	    /^msgid / { m = !ctx && $0 == "msgid \"" id "\""; ctx = 0; next }
	    m && /^msgstr / { s = $0; sub(/^msgstr "/, "", s); sub(/"$/, "", s); print s; exit }' \
	    "$top_srcdir/po/fr.po"
}

version=$("$MEDIFLUX" --version | head -1)
commands=$("$MEDIFLUX" --help | awk '/^Commands:/ { on = 1; next }
    on && /^$/ { exit } on { print $1 }')
ok "mediflux --help lists its commands" test -n "$commands"
global=$("$MEDIFLUX" --help | help_options)
ok "mediflux --help lists its options" test -n "$global"
: > "$TEST_TMP/options"
for cmd in $commands; do
	"$MEDIFLUX" "$cmd" --help | help_options > "$TEST_TMP/options.$cmd"
	cat "$TEST_TMP/options.$cmd" >> "$TEST_TMP/options"
done
printf '%s\n' $global >> "$TEST_TMP/options"

# Every variable read, through getenv or a wrapper whose name ends in getenv.
variables=$(cat "$top_srcdir"/src/*.c "$top_srcdir"/ui/*.c |
    grep -o 'getenv("[A-Za-z_][A-Za-z0-9_]*")' | sed 's/.*("//; s/")//' | sort -u)
contains "$variables" MEDIFLUX_DB "the sources read MEDIFLUX_DB (the grep works)"

# Every key name of the key tables (the help screen's), as "ENGLISH FRENCH"
# lines: the French is po/fr.po's for a name marked N_(), the arrows are
# Up, Down, Right, Left and Haut, Bas, Droite, Gauche as the pages spell them.
sed -n 's/^[[:space:]]*{[[:space:]]*[^,]*,[[:space:]]*ACT_[A-Z_]*,[[:space:]]*\(N_(\)\{0,1\}"\([^"]*\)".*/\1\2/p' \
    "$top_srcdir/ui/keymap.c" "$top_srcdir"/ui/pane_*.c | sort -u > "$TEST_TMP/keystrings"
: > "$TEST_TMP/keys"
unpaired=
while IFS= read -r k; do
	case $k in
	'N_('*) k=${k#N_(}; f=$(po_french "$k") ;;
	*) f=$k ;;
	esac
	en_words=$(printf '%s\n' "$k" | sed 's/↑↓/↑ ↓/g' | tr ' ' '\n' | sed '/^$/d' |
	    sed -e 's/^↑$/Up/' -e 's/^↓$/Down/' -e 's/^→$/Right/' -e 's/^←$/Left/')
	fr_words=$(printf '%s\n' "$f" | sed 's/↑↓/↑ ↓/g' | tr ' ' '\n' | sed '/^$/d' |
	    sed -e 's/^↑$/Haut/' -e 's/^↓$/Bas/' -e 's/^→$/Droite/' -e 's/^←$/Gauche/')
	if [ "$(printf '%s\n' "$en_words" | wc -l)" -ne "$(printf '%s\n' "$fr_words" | wc -l)" ]; then
		unpaired="$unpaired « $k » « $f »"
		continue
	fi
	printf '%s\n' "$en_words" > "$TEST_TMP/k.en"
	printf '%s\n' "$fr_words" > "$TEST_TMP/k.fr"
	paste -d' ' "$TEST_TMP/k.en" "$TEST_TMP/k.fr" >> "$TEST_TMP/keys"
done < "$TEST_TMP/keystrings"
is "$unpaired" "" "each key name of the key tables has as many keys in French (po/fr.po)"
sort -u -o "$TEST_TMP/keys" "$TEST_TMP/keys"
contains "$(cat "$TEST_TMP/keys")" "F10 F10" "the keymap's key names are read (the sed works)"
contains "$(cat "$TEST_TMP/keys")" "Enter Entrée" "and their French from po/fr.po"

# check_page LANG: the checks against the program, on LANG's page, its headings
# named as that language names them.
check_page() {
	lang=$1
	if [ "$lang" = en ]; then
		page=$EN h_commands=".SH COMMANDS" h_options=".SH OPTIONS"
		h_environment=".SH ENVIRONMENT" h_keys=".SS Keys"
		h_exit=".SH EXIT STATUS" h_see_also=".SH SEE ALSO" guide=doc/guide.md
		keycol=1
	else
		page=$FR h_commands=".SH COMMANDES" h_options=".SH OPTIONS"
		h_environment=".SH ENVIRONNEMENT" h_keys=".SS Touches"
		h_exit=".SH CODE DE RETOUR" h_see_also=".SH VOIR AUSSI" guide=doc/guide.fr.md
		keycol=2
	fi

	intro=$(section "$lang" "$h_commands")
	for cmd in $commands; do
		ok "$lang: $cmd has its section (.SS $cmd)" grep -qx "\\.SS $cmd" "$TEST_TMP/man.$lang"
		body=$(section "$lang" ".SS $cmd")
		for opt in $(cat "$TEST_TMP/options.$cmd"); do
			case $opt in
			--db|--user-db|-h|--help)
				ok "$lang: $cmd $opt: in the options every command takes" \
				    has_word "$intro" "$opt" ;;
			*)
				ok "$lang: $cmd $opt: in the section of $cmd" has_word "$body" "$opt" ;;
			esac
		done
	done

	options=$(section "$lang" "$h_options")
	for opt in $global; do
		ok "$lang: global option $opt: under $h_options" has_word "$options" "$opt"
	done

	environment=$(section "$lang" "$h_environment")
	for v in $variables; do
		ok "$lang: variable $v: under $h_environment" has_word "$environment" "$v"
	done

	keys_section=$(section "$lang" "$h_keys")
	for k in $(cut -d' ' -f"$keycol" "$TEST_TMP/keys" | sort -u); do
		ok "$lang: key $k: under $h_keys" has_word "$keys_section" "$k"
	done

	# Exit statuses: 0, 1, 2 and any other that mediflux --help names.
	statuses=$( { echo 0 1 2; "$MEDIFLUX" --help | tr '\n' ' ' |
	    sed -n 's/.*Exit status: *//p' | grep -o '[0-9][0-9]* [a-z]' | cut -d' ' -f1; } |
	    tr ' ' '\n' | sed '/^$/d' | sort -un)
	exit_section=$(section "$lang" "$h_exit")
	for s in $statuses; do
		contains "$exit_section" ".B $s
" "$lang: exit status $s: under $h_exit"
	done

	see_also=$(section "$lang" "$h_see_also")
	contains "$see_also" "$guide" "$lang: $h_see_also names the guide $guide"
	ok "$lang: the guide it names exists" test -f "$top_srcdir/$guide"

	# The lint: groff's warnings of every kind, on a page formatted for
	# nothing (-k: read as UTF-8, as man reads it); then the page as man
	# shows it on an 80-column terminal.
	if command -v groff >/dev/null 2>&1; then
		lint=$(groff -k -man -ww -z "$page" 2>&1)
		is "$lint" "" "$lang: groff -k -man -ww -z prints no warning"
	elif [ "${CI:-}" = true ]; then
		is "groff missing" "" "groff is installed in CI (Debian package groff-base)"
	else
		skip "groff is not installed (Debian package groff-base): no lint"
	fi
	if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" \
		    > "$TEST_TMP/shown.$lang" 2> "$TEST_TMP/warnings.$lang"
		is "$?|$(cat "$TEST_TMP/warnings.$lang")" "0|" \
		    "$lang: man --warnings -l renders the page at 80 columns without a warning"
		ok "$lang: and the page it renders is there (its footer names $version)" \
		    grep -qF "$version" "$TEST_TMP/shown.$lang"
	elif [ "${CI:-}" = true ]; then
		is "man missing" "" "man is installed in CI (Debian package man-db)"
	else
		skip "man is not installed (Debian package man-db): no rendering"
	fi
}

check_page en
check_page fr

# --- The two pages in step. ---------------------------------------------------

# Their title lines name the program's version, and the same date.
th_en=$(sed -n 's/^\.TH MEDIFLUX 1 "\([^"]*\)" "\([^"]*\)".*/\1|\2/p' "$EN")
th_fr=$(sed -n 's/^\.TH MEDIFLUX 1 "\([^"]*\)" "\([^"]*\)".*/\1|\2/p' "$FR")
is "${th_en#*|}" "$version" "mediflux.1's title line names the program's version"
is "$th_fr" "$th_en" "the French page's title line has the same date and version"

# The same sections in the same order: the French page's headings, named in
# English, are the English page's.
sed -n 's/^\.\(S[HS]\) /\1 /p' "$TEST_TMP/man.en" > "$TEST_TMP/headings.en"
sed -n 's/^\.\(S[HS]\) /\1 /p' "$TEST_TMP/man.fr" | sed \
    -e 's/^SH NOM$/SH NAME/' -e 's/^SS Touches$/SS Keys/' -e 's/^SH COMMANDES$/SH COMMANDS/' \
    -e 's/^SH ENVIRONNEMENT$/SH ENVIRONMENT/' -e 's/^SH FICHIERS$/SH FILES/' \
    -e 's/^SH CODE DE RETOUR$/SH EXIT STATUS/' -e 's/^SH EXEMPLES$/SH EXAMPLES/' \
    -e 's/^SH VOIR AUSSI$/SH SEE ALSO/' > "$TEST_TMP/headings.fr"
ok "the English page has its sections (the sed works)" test "$(wc -l < "$TEST_TMP/headings.en")" -gt 20
is "$(cat "$TEST_TMP/headings.fr")" "$(cat "$TEST_TMP/headings.en")" \
    "the French page has the English page's sections, in the same order"

# inventory LANG: "SECTION KIND NAME" for every command, option, variable and
# key found in each section of LANG's page (numbered in order), named in
# English: options and variables anywhere in the section's text, commands and
# keys in its bold text only (a command's name is also an English word, a
# key's a letter): the bold arguments of .B, .BR, .RB, .BI and .IB, and what
# \fB makes bold up to the next font change.
{
	for c in $commands; do echo "command $c $c"; done
	sort -u "$TEST_TMP/options" | while read -r o; do echo "option $o $o"; done
	for v in $variables; do echo "variable $v $v"; done
	while read -r e f; do echo "key $e $f"; done < "$TEST_TMP/keys"
} > "$TEST_TMP/inventory.names"
inventory() {
	col=$([ "$1" = en ] && echo 2 || echo 3)
	LC_ALL=C awk -v col="$col" "$WORD_AWK"'
	    function plain(t) {
		gsub(/\\f[BIRP]/, "", t); gsub(/\\-/, "-", t)
		gsub(/\\~/, " ", t); gsub(/\\ /, " ", t)
		return t
	    }
	    # The arguments of a macro line, split as roff splits them.
	    function macro_args(t, a,    n, q, c, w, i) {
		n = 0; w = ""; q = 0
		for (i = 1; i <= length(t); i++) {
			c = substr(t, i, 1)
			if (c == "\"") q = !q
			else if (c == " " && !q) { if (w != "") a[++n] = w; w = "" }
			else w = w c
		}
		if (w != "") a[++n] = w
		return n
	    }
	    # What \fB makes bold in T.
	    function spans(t,    out, i, rest, j) {
		out = ""
		while ((i = index(t, "\\fB")) > 0) {
			rest = substr(t, i + 3)
			if (match(rest, /\\f[IRP]/)) { out = out " " substr(rest, 1, RSTART - 1); t = substr(rest, RSTART) }
			else { out = out " " rest; t = "" }
		}
		return out
	    }
	    FNR == NR { kind[NR] = $1; en[NR] = $2; name[NR] = $col; n = NR; next }
	    FNR == 1 { sec = 0 }
	    /^[.'"'"']\\"/ { next }
	    /^\.S[HS]( |$)/ { flush(); sec++; next }
	    {
		bold = spans($0)
		if (match($0, /^\.(B|BR|RB|BI|IB) /)) {
			m = substr($0, 2, RSTART + RLENGTH - 3)
			na = macro_args(substr($0, RLENGTH + 1), arg)
			for (k = 1; k <= na; k++)
				if (m == "B" || ((m == "BR" || m == "BI") && k % 2 == 1) ||
				    ((m == "RB" || m == "IB") && k % 2 == 0))
					bold = bold " " arg[k]
		}
		all = all " " plain($0)
		bolds = bolds " " plain(bold)
	    }
	    function flush(   i, text) {
		for (i = 1; i <= n; i++) {
			text = (kind[i] == "command" || kind[i] == "key") ? bolds : all
			if (has(text " ", name[i]))
				print sec, kind[i], en[i]
		}
		all = ""; bolds = ""
	    }
	    END { flush() }' "$TEST_TMP/inventory.names" "$2" | sort -u
}
inventory en "$EN" > "$TEST_TMP/inventory.en"
inventory fr "$FR" > "$TEST_TMP/inventory.fr"
contains "$(cat "$TEST_TMP/inventory.en")" "option --near" "the inventory finds options (the awk works)"
contains "$(cat "$TEST_TMP/inventory.fr")" "key Enter" "and keys by their French names"
is "$(diff "$TEST_TMP/inventory.en" "$TEST_TMP/inventory.fr" | sed -n 's/^</only in English:/p; s/^>/only in French:/p')" "" \
    "each section names the same commands, options, variables and keys in both pages"

done_testing
