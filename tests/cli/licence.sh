# SPDX-License-Identifier: ISC
# The licence: COPYING holds the ISC licence, make dist ships it, the README says
# what the code and the bundled data are under, and every source file and script
# carries the SPDX line (the C sources and headers everywhere, the shell and Python
# scripts under tests/ and .ci/), whatever files a merge adds.
. "$top_srcdir/tests/lib.sh"

cd "$top_srcdir" || exit 1

C_LINE='/* SPDX-License-Identifier: ISC */'
SCRIPT_LINE='# SPDX-License-Identifier: ISC'

ok "COPYING exists" test -f COPYING
copying=$(cat COPYING 2>/dev/null | tr -s ' \n' '  ')
contains "$copying" \
    "Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies." \
    "COPYING grants the ISC licence"
contains "$copying" \
    "THE SOFTWARE IS PROVIDED \"AS IS\" AND THE AUTHOR DISCLAIMS ALL WARRANTIES" \
    "with the ISC licence's disclaimer"
# automake distributes COPYING by itself once it exists (in am__DIST_COMMON).
dist_common=$(awk '/^am__DIST_COMMON =/ { on = 1 } on { print; if (!/\\$/) exit }' \
    "$top_builddir/Makefile")
ok "make dist ships COPYING" eval 'printf "%s\n" "$dist_common" | grep -qw COPYING'

# The README's Licence section, its lines joined.
licence=$(sed -n '/^Licence$/,$p' README 2>/dev/null | tr -s ' \n' '  ')
contains "$licence" "ISC licence (COPYING)" "the README's Licence section names the ISC licence"
contains "$licence" "data/reference/" "and what data/ holds"
contains "$licence" "Licence Ouverte 2.0 / MIT" "and its licence, Licence Ouverte 2.0 / MIT"

# Files the build or the fuzzers make (corpora, findings, logs) and the fixtures,
# which are data, are not sources.
not_sources() {
	grep -v -e '^tests/fixtures/' -e '^tests/fuzz/seeds/' -e '^tests/fuzz/regressions/' \
	    -e '^tests/fuzz/corpus-' -e '^tests/fuzz/findings-' -e '^tests/bench/work/' \
	    -e '^tests/valgrind/logs/' -e '\.log$' -e '\.trs$'
}

c_files=$(find src ui data tests -type f \( -name '*.c' -o -name '*.h' \) | not_sources | sort)
# Every script: a .sh or .py file, or any other file starting with #!.
scripts=$(find tests .ci -type f | not_sources | sort | while read -r f; do
	case $f in
	*.sh|*.py) echo "$f" ;;
	*) [ "$(head -c 2 "$f")" = '#!' ] && echo "$f" ;;
	esac
done)

ok "the C files are found ($(printf '%s\n' "$c_files" | wc -l) of them)" \
    test "$(printf '%s\n' "$c_files" | grep -c '^src/.*\.c$')" -ge 40
ok "the scripts are found ($(printf '%s\n' "$scripts" | wc -l) of them)" \
    test "$(printf '%s\n' "$scripts" | grep -c '^tests/cli/.*\.sh$')" -ge 40

missing=""
for f in $c_files; do
	[ "$(head -n 1 "$f")" = "$C_LINE" ] || missing="$missing$f "
done
is "$missing" "" "every C source and header starts with $C_LINE"

missing=""
for f in $scripts; do
	first=$(head -n 1 "$f")
	case $first in
	'#!'*) first=$(sed -n 2p "$f") ;;
	esac
	[ "$first" = "$SCRIPT_LINE" ] || missing="$missing$f "
done
is "$missing" "" "every script under tests/ and .ci/ has $SCRIPT_LINE first (after its #! line)"

done_testing
