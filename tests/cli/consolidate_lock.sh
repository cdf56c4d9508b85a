# SPDX-License-Identifier: ISC
# consolidate and the update lock beside OUT: a lock file another process holds is
# never removed (removing a flock'ed file lets a second process lock a new file of
# the same name while the first still runs). The lock file consolidate made itself
# is removed by it while it still holds it; whoever locked a file that is no longer
# the one named takes the lock again. strace (package strace) orders the races.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/consolidate_lib.sh"

OUTDB="$W/out.db"
LOCK="$OUTDB.lock"
BUSY="mediflux: $OUTDB: another import or rollback is updating it; try again when it has finished"

# hold FILE READY: a python3 process holding flock(LOCK_EX) on FILE (created if need
# be) until killed; READY appears once it holds it. HOLDER is its pid.
hold() {
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(300)' "$1" "$2" &
	HOLDER=$!
	wait_for_file "$2"
}

inode() {
	stat -c %i "$1" 2>&1
}

# Without any lock file: consolidate removes the one it made.
cons "$OUTDB" "$REFDB"
is "$RC:$ERR" "0:" "a consolidation with no lock file beforehand"
ok "removes the lock file it made, nothing else is left" only_in_w "out.db "
rm -f "$OUTDB"

# A lock file another process holds: refused, the file kept.
: > "$LOCK"
before=$(inode "$LOCK")
hold "$LOCK" "$TEST_TMP/held1"
cons "$OUTDB" "$REFDB"
is "$RC:$ERR" "1:$BUSY" "another process holds OUT's lock: refused, saying so"
is "$(inode "$LOCK")" "$before" "its lock file is kept (same inode)"

# The same when the lock file appears between a look for it and the lock: an
# access() answering ENOENT (injected) made the refused run remove the held file.
probe=1
if command -v strace >/dev/null 2>&1; then
	traced -qq -o "$TEST_TMP/probe.log" -e trace=access,faccessat,faccessat2 \
	    -e inject=access,faccessat,faccessat2:error=ENOENT \
	    python3 -c 'import os, sys; sys.exit(0 if os.access(sys.argv[1], os.F_OK) else 1)' \
	    "$LOCK" 2>/dev/null
	probe=$?
fi
if [ "$probe" -ne 1 ]; then
	skip "strace is missing or cannot inject here: no lock file appearing after a look"
	skip "strace is missing or cannot inject here: no lock file appearing after a look"
	skip "strace is missing or cannot inject here: no lock file replaced before its flock"
	skip "strace is missing or cannot inject here: no lock file replaced before its flock"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
else
	traced -f -qq -o "$TEST_TMP/strace1.log" -P "$LOCK" \
	    -e trace=access,faccessat,faccessat2 \
	    -e inject=access,faccessat,faccessat2:error=ENOENT \
	    "$MEDIFLUX" consolidate -o "$OUTDB" --geography "$GEO" "$REFDB" \
	    >"$TEST_TMP/out1" 2>"$TEST_TMP/err1"
	is "$?:$(cat "$TEST_TMP/err1")" "1:$BUSY" \
	    "the lock file seen absent, then held by another: refused, saying so"
	is "$(inode "$LOCK")" "$before" "and the lock file another process holds is kept (same inode)"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null

	# The other way round: consolidate opens the lock file; before its flock (delayed),
	# the holder removes the file and lets go, and a third process locks a new file of
	# that name. The old file's lock excludes nobody: consolidate must see that.
	rm -f "$LOCK" "$OUTDB"
	hold "$LOCK" "$TEST_TMP/held2"
	traced -f -qq -o "$TEST_TMP/strace2.log" -e trace=openat,flock \
	    -e inject=flock:delay_enter=8000000 \
	    "$MEDIFLUX" consolidate -o "$OUTDB" --geography "$GEO" "$REFDB" \
	    >"$TEST_TMP/out2" 2>"$TEST_TMP/err2" &
	cons_pid=$!
	_i=0
	while ! grep -q "out.db.lock\"" "$TEST_TMP/strace2.log" 2>/dev/null && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	rm -f "$LOCK"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
	hold "$LOCK" "$TEST_TMP/held3"
	new=$(inode "$LOCK")
	wait "$cons_pid"
	is "$?:$(cat "$TEST_TMP/err2")" "1:$BUSY" \
	    "a lock taken on a file removed meanwhile is taken again: refused while a new one is held"
	is "$(inode "$LOCK")" "$new" "and the new lock file is kept (same inode)"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
fi
ok "OUT was never written" test ! -e "$OUTDB"

# Once nobody holds it, an existing lock file is used and kept.
before=$(inode "$LOCK")
cons "$OUTDB" "$REFDB"
is "$RC:$ERR" "0:" "with the lock file free, consolidate succeeds"
is "$(inode "$LOCK")" "$before" "and keeps the lock file it found (same inode)"

done_testing
