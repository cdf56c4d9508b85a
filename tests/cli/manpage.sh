# SPDX-License-Identifier: ISC
# mediflux(1) against the program itself: every command that `mediflux --help`
# lists has its section, every option that `--help` and `COMMAND --help` print is
# in the page (a command's own in its section), every variable the sources read
# with getenv is under ENVIRONMENT, every key of the key tables (ui/keymap.c and
# each pane's) is under Keys, the exit statuses are listed, and groff finds
# nothing to warn about. The lists come
# from the program and the sources at test time, so a new command, option,
# variable or key without its documentation fails here.
. "$top_srcdir/tests/lib.sh"

MAN="$top_srcdir/mediflux.1"

# The page's source with roff's hyphens and font changes made plain text.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" > "$TEST_TMP/man"

# section HEADING: the lines under one .SH or .SS line, up to the next heading.
section() {
	awk -v h="$1" '$0 == h { on = 1; next } on && /^\.S[HS]( |$)/ { exit } on' \
	    "$TEST_TMP/man"
}

# has_word TEXT WORD: WORD in TEXT, not as part of a longer option or name.
has_word() {
	printf '%s\n' "$1" | grep -Eq -- "(^|[^-A-Za-z0-9_])$(printf '%s' "$2" |
	    sed 's/[].[*^$+?(){}|\\/]/\\&/g')([^-A-Za-z0-9_]|$)"
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

commands=$("$MEDIFLUX" --help | awk '/^Commands:/ { on = 1; next }
    on && /^$/ { exit } on { print $1 }')
ok "mediflux --help lists its commands" test -n "$commands"

intro=$(section ".SH COMMANDS")
for cmd in $commands; do
	ok "$cmd has its section (.SS $cmd)" grep -qx "\\.SS $cmd" "$TEST_TMP/man"
	body=$(section ".SS $cmd")
	for opt in $("$MEDIFLUX" "$cmd" --help | help_options); do
		case $opt in
		--db|--user-db|-h|--help)
			ok "$cmd $opt: in the options every command takes" \
			    has_word "$intro" "$opt" ;;
		*)
			ok "$cmd $opt: in the section of $cmd" has_word "$body" "$opt" ;;
		esac
	done
done

options=$(section ".SH OPTIONS")
global=$("$MEDIFLUX" --help | help_options)
ok "mediflux --help lists its options" test -n "$global"
for opt in $global; do
	ok "global option $opt: under OPTIONS" has_word "$options" "$opt"
done

# Every variable read, through getenv or a wrapper whose name ends in getenv.
variables=$(cat "$top_srcdir"/src/*.c "$top_srcdir"/ui/*.c |
    grep -o 'getenv("[A-Za-z_][A-Za-z0-9_]*")' | sed 's/.*("//; s/")//' | sort -u)
contains "$variables" MEDIFLUX_DB "the sources read MEDIFLUX_DB (the grep works)"
environment=$(section ".SH ENVIRONMENT")
for v in $variables; do
	ok "variable $v: under ENVIRONMENT" has_word "$environment" "$v"
done

# Every key name of the key tables (the help screen's), spelt as the page spells it.
keys_section=$(section ".SS Keys")
keynames=$(sed -n 's/^[[:space:]]*{[[:space:]]*[^,]*,[[:space:]]*ACT_[A-Z_]*,[[:space:]]*"\([^"]*\)".*/\1/p' \
    "$top_srcdir/ui/keymap.c" "$top_srcdir"/ui/pane_*.c |
    sed -e 's/↑↓/↑ ↓/g' | tr ' ' '\n' | sed -e '/^$/d' \
	-e 's/^Maj-Tab$/Shift-Tab/' -e 's/^Entrée$/Enter/' -e 's/^Retour$/Backspace/' \
	-e 's/^Échap$/Esc/' -e 's/^Espace$/Space/' -e 's/^Suppr$/Delete/' \
	-e 's/^↑$/Up/' -e 's/^↓$/Down/' -e 's/^→$/Right/' -e 's/^←$/Left/' | sort -u)
contains "$keynames" F10 "the keymap's key names are read (the sed works)"
for k in $keynames; do
	ok "key $k: under Keys" has_word "$keys_section" "$k"
done

# Exit statuses: 0, 1, 2 and any other that mediflux --help names.
statuses=$( { echo 0 1 2; "$MEDIFLUX" --help | tr '\n' ' ' |
    sed -n 's/.*Exit status: *//p' | grep -o '[0-9][0-9]* [a-z]' | cut -d' ' -f1; } |
    tr ' ' '\n' | sed '/^$/d' | sort -un)
exit_section=$(section ".SH EXIT STATUS")
for s in $statuses; do
	contains "$exit_section" ".B $s
" "exit status $s: under EXIT STATUS"
done

see_also=$(section ".SH SEE ALSO")
contains "$see_also" "doc/guide.md" "SEE ALSO names the guide"
ok "the guide it names exists" test -f "$top_srcdir/doc/guide.md"

# The lint: groff's warnings of every kind, on a page formatted for nothing.
if command -v groff >/dev/null 2>&1; then
	lint=$(groff -man -ww -z "$MAN" 2>&1)
	is "$lint" "" "groff -man -ww -z mediflux.1 prints no warning"
elif [ "${CI:-}" = true ]; then
	is "groff missing" "" "groff is installed in CI (Debian package groff-base)"
else
	tap_count=$((tap_count + 1))
	echo "ok $tap_count # SKIP groff is not installed (Debian package groff-base): no lint"
fi

done_testing
