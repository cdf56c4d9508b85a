# SPDX-License-Identifier: ISC
# Every chmod and fchmod is checked: one that fails (injected by strace, package
# strace) ends the command with status 1 and a message naming the file, and leaves
# nothing behind, instead of going on with a file of the wrong mode. Covered: the
# update lock file and the copy of import (refdb_update.c), export --postgres's
# script (cmd_export.c), consolidate's OUT (consolidate.c).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

OM="$FIX/openmedic/OPEN_MEDIC_2022.CSV"
D="$TEST_TMP/d"
mkdir "$D"
EIO="Input/output error"

# inject CALLS WHEN ARG...: mediflux ARG... with the WHENth of the system calls CALLS
# failing with EIO; sets RC and ERR.
inject() {
	_calls=$1
	_when=$2
	shift 2
	traced -f -qq -o "$TEST_TMP/strace.log" -e trace="$_calls" \
	    -e inject="$_calls":error=EIO:when="$_when" \
	    "$MEDIFLUX" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	RC=$?
	ERR=$(cat "$TEST_TMP/err")
}

probe=1
if command -v strace >/dev/null 2>&1; then
	traced -qq -o "$TEST_TMP/probe.log" -e trace=fchmodat,chmod \
	    -e inject=fchmodat,chmod:error=EIO \
	    python3 -c 'import os, sys
try:
    os.chmod(sys.argv[1], 0o700)
except OSError:
    sys.exit(1)' "$D" 2>/dev/null
	probe=$?
fi
if [ "$probe" -ne 1 ]; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		skip "strace is missing or cannot inject system call errors here"
	done
	done_testing
	exit
fi

# import into a new database: the lock file's fchmod, then the copy's.
inject fchmod 1 import --db "$D/new.db" --geography "$GEO" --quiet "$OM"
is "$RC:$ERR" "1:mediflux: $D/new.db.lock: $EIO" "import: the lock file's fchmod failing: exit 1, the lock file named"
is "$(ls -A "$D")" "" "nothing is left (no database, no lock file)"
inject fchmod 2 import --db "$D/new.db" --geography "$GEO" --quiet "$OM"
is "$RC" 1 "import: the copy's fchmod failing: exit 1"
contains "$ERR" "mediflux: $D/.new.db.import-" "the copy named"
contains "$ERR" ": $EIO" "with the reason"
is "$(ls -A "$D" | grep -v '^new\.db\.lock$')" "" "nothing is left but the lock file"

# export --postgres: the script's fchmod.
import_into "$D/ref.db" --quiet "$OM"
inject fchmod 1 --db "$D/ref.db" export --postgres "$D/ref.sql"
is "$RC:$ERR" "1:mediflux: $D/ref.sql: $EIO" "export --postgres: the script's fchmod failing: exit 1, the script named"
ok "no script is left" test ! -e "$D/ref.sql"
is "$(ls -A "$D" | grep -c '^\.mediflux-write-')" 0 "nor a temporary one"

# consolidate: OUT's chmod once in place (chmod or fchmodat, whichever libc calls).
inject chmod,fchmodat 1 consolidate -o "$D/c.db" --geography "$GEO" "$D/ref.db"
is "$RC:$ERR" "1:mediflux: $D/c.db: $EIO" "consolidate: OUT's chmod failing: exit 1, OUT named"
ok "OUT is removed" test ! -e "$D/c.db"
ok "and its lock file" test ! -e "$D/c.db.lock"

done_testing
