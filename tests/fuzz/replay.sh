#!/bin/sh
# SPDX-License-Identifier: ISC
# Replays what the fuzzers found (tests/fuzz/regressions/<target>/) and a few
# seeds (tests/fuzz/seeds/<target>/) through each fuzz target's code, one
# case per input: it must run to its end, silently (under --enable-asan any
# sanitizer report fails it too).
. "$top_srcdir/tests/lib.sh"

export MEDIFLUX_FUZZ_GEOGRAPHY="$top_builddir/data/geography.db"
for t in csv import_finess import_sae import_openmedic import_drees archive \
    profile ordonnance; do
	prog=$top_builddir/tests/fuzz/replay_$t
	n=0
	for f in "$top_srcdir/tests/fuzz/regressions/$t"/* \
	    "$top_srcdir/tests/fuzz/seeds/$t"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		what=$(basename "$(dirname "$(dirname "$f")")")/$t/$(basename "$f")
		size=$(wc -c <"$f" | tr -d ' ')
		out=$(timeout 120 "$prog" "$f" 2>"$TEST_TMP/stderr")
		rc=$?
		err=$(head -c 2000 "$TEST_TMP/stderr")
		is "$rc:$out:$err" "0:ran $f ($size bytes):" "$what runs cleanly"
	done
	ok "$t: at least one input to replay ($n)" test "$n" -gt 0
done
done_testing
