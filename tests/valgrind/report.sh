# SPDX-License-Identifier: ISC
# The valgrind lane's verdict: one check per test that ran mediflux under
# memcheck (tests/valgrind/mediflux), failing on any memory error or definite
# leak; memory still reachable at exit, other than ncurses' (suppressed by
# tests/valgrind/mediflux.supp), is reported as a diagnostic.
. "$top_srcdir/tests/lib.sh"

logs=${VALGRIND_LOG_DIR:-$top_builddir/tests/valgrind/logs}
if ! ls "$logs"/*.log >/dev/null 2>&1; then
	ok "mediflux ran under valgrind (no log in $logs)" false
	done_testing
fi
for name in $(ls "$logs" | sed 's/\.[0-9]*\.log$//' | sort -u); do
	runs=0
	bad=
	for log in "$logs/$name".*.log; do
		runs=$((runs + 1))
		errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$log" | tr -d ,)
		if [ -z "$errors" ]; then
			# Killed on purpose (a crash test) or still running: no summary.
			continue
		fi
		[ "$errors" -eq 0 ] || bad="$bad $log"
		reachable=$(sed -n 's/.*still reachable: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d ,)
		if [ -n "$reachable" ] && [ "$reachable" != 0 ]; then
			echo "# $log: $reachable bytes still reachable at exit"
		fi
	done
	for log in $bad; do
		sed 's/^/# /' "$log" | head -60
	done
	is "$bad" "" "$name: $runs runs under memcheck, no invalid access, no definite leak"
done
done_testing
