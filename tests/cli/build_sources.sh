# SPDX-License-Identifier: ISC
# What the program is made of is said by the build itself: every core source
# (src/) is in the library's list and every interface source (ui/) in the
# program's, both in Makefile.am; the tests/*.am fragments list only tests, so
# dropping one never breaks the program. configure.ac names no file that does
# not exist, and keeps automake's warnings from failing a packager's build.
. "$top_srcdir/tests/lib.sh"

cd "$top_srcdir" || exit 1

# am_list FILE VAR: the words VAR is given in FILE (= and +=, over continued
# lines), one a line.
am_list() {
	awk -v var="$2" '
	    cont { line = $0; cont = sub(/\\$/, "", line); print line; next }
	    $1 == var && ($2 == "=" || $2 == "+=") {
	        line = $0; sub(/^[^=]*=/, "", line)
	        cont = sub(/\\$/, "", line); print line
	    }' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d'
}

# missing_from LIST FILE...: the FILEs (that exist) not in LIST, space separated.
missing_from() {
	_list=$1
	shift
	for _f in "$@"; do
		[ -e "$_f" ] || continue
		printf '%s\n' "$_list" | grep -qxF "$_f" || printf '%s ' "$_f"
	done
}

# --- Sources: in Makefile.am, not in a test fragment. -------------------------------

lib_sources=$(am_list Makefile.am src_libmediflux_a_SOURCES)
prog_sources=$(am_list Makefile.am mediflux_SOURCES)

is "$(missing_from "$lib_sources" src/*.c)" "" \
    "every src/*.c is in Makefile.am's src_libmediflux_a_SOURCES"
is "$(missing_from "$lib_sources" src/*.h)" "" \
    "every src/*.h is in Makefile.am's src_libmediflux_a_SOURCES"
is "$(missing_from "$prog_sources" ui/*.c)" "" \
    "every ui/*.c is in Makefile.am's mediflux_SOURCES"
is "$(missing_from "$prog_sources" ui/*.h)" "" \
    "every ui/*.h is in Makefile.am's mediflux_SOURCES"

stale=""
for f in $lib_sources $prog_sources; do
	[ -e "$f" ] || stale="$stale$f "
done
is "$stale" "" "every source Makefile.am lists exists"

misplaced=$(printf '%s\n' $lib_sources | grep -v '^src/' | tr '\n' ' ')
is "$misplaced" "" "the library's list holds only src/ files"
misplaced=$(printf '%s\n' $prog_sources | grep -v '^ui/' | tr '\n' ' ')
is "$misplaced" "" "the program's list holds only ui/ files"

# A fragment may build test programs from tests/ files, never add to the
# program, the library or their link.
offenders=""
for am in tests/*.am; do
	if grep -Eq '^[[:space:]]*(src_libmediflux_a|mediflux)_(SOURCES|LIBADD|LDADD)[[:space:]]*\+?=' "$am" ||
	    grep -Eq '^[[:space:]]*(bin_PROGRAMS|noinst_LIBRARIES)[[:space:]]*\+?=' "$am"; then
		offenders="$offenders$am "
	fi
done
is "$offenders" "" "no tests/*.am adds to the program's or the library's sources"

named=$(cat tests/*.am | grep -v '^[[:space:]]*#' | grep -Eo '(^|[[:space:]])(src|ui)/[A-Za-z0-9_./-]+' | tr -d ' \t' | sort -u |
    tr '\n' ' ')
is "$named" "" "no tests/*.am names a file of src/ or ui/"

# --- configure.ac -----------------------------------------------------------------

# The arguments of MACRO in configure.ac (the first [...] of each call), one a line.
ac_args() {
	sed -n "s/^[[:space:]]*$1(\[\([^]]*\)\].*/\1/p" configure.ac | tr -s ' \t' '\n\n' | sed '/^$/d'
}

is "$(grep -c '^AM_INIT_AUTOMAKE(' configure.ac)" 1 "configure.ac calls AM_INIT_AUTOMAKE once"
lacks "$(grep '^AM_INIT_AUTOMAKE(' configure.ac)" "-Werror" \
    "AM_INIT_AUTOMAKE has no -Werror (a newer automake's new warning would fail the build)"
contains "$(grep '^AM_INIT_AUTOMAKE(' configure.ac)" "-Wall" "AM_INIT_AUTOMAKE keeps -Wall"

srcdir_file=$(ac_args AC_CONFIG_SRCDIR)
ok "AC_CONFIG_SRCDIR names a file that exists ($srcdir_file)" test -n "$srcdir_file" -a -f "$srcdir_file"
aux=$(ac_args AC_CONFIG_AUX_DIR)
ok "AC_CONFIG_AUX_DIR names a directory that exists ($aux)" test -n "$aux" -a -d "$aux"
for d in $(ac_args AC_CONFIG_MACRO_DIR) $(ac_args AC_CONFIG_MACRO_DIRS); do
	ok "AC_CONFIG_MACRO_DIR names a directory that exists ($d)" test -d "$d"
done
for f in $(ac_args AC_REQUIRE_AUX_FILE); do
	ok "AC_REQUIRE_AUX_FILE names a file that exists ($aux/$f)" test -f "${aux:-.}/$f"
done
# Made from a template: FILE:IN names its template, else FILE.in (FILE.am for a
# Makefile automake writes the .in of).
for spec in $(ac_args AC_CONFIG_FILES) $(ac_args AC_CONFIG_HEADERS); do
	out=${spec%%:*}
	case $spec in
	*:*) ins=$(printf '%s' "${spec#*:}" | tr ':' ' ') ;;
	*) ins=$out.in ;;
	esac
	missing=""
	for in in $ins; do
		[ -f "$in" ] && continue
		case $in in
		*Makefile.in) [ -f "${in%.in}.am" ] && continue ;;
		esac
		missing="$missing$in "
	done
	is "$missing" "" "$out's template exists"
done

# The files configure.ac's comments and messages name (a path with an extension):
# each must exist, so that a reader who follows one finds it (system headers,
# included or checked for, are the system's).
unknown=""
for f in $(grep -v -e '#include <' -e 'AC_CHECK_HEADERS' configure.ac |
    grep -Eo '[A-Za-z0-9_][A-Za-z0-9_./-]*\.(md|c|h|sh|py|am|in|ac|txt)\b' | sort -u); do
	[ -e "$f" ] || [ -e "${aux:-.}/$f" ] && continue
	case $f in
	*.h) [ -e "$f.in" ] && continue ;;
	esac
	unknown="$unknown$f "
done
is "$unknown" "" "every file configure.ac names exists"

done_testing
