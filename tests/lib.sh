# SPDX-License-Identifier: ISC
# TAP helpers for the shell tests: each check prints "ok N - what" or "not ok N - what".
# Sourced by tests/cli/*.sh and tests/tui/*.sh; the harness sets MEDIFLUX,
# top_srcdir and top_builddir.

set -u
tap_count=0
tap_failed=0

: "${MEDIFLUX:?run through make check}"
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"

# A private scratch directory and data home for this test, removed at exit.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mediflux-test.XXXXXX")
# Names this test in the logs of runs made under tests/valgrind/mediflux.
MEDIFLUX_TEST_NAME=$(basename "$0" .sh)
export MEDIFLUX_TEST_NAME
export XDG_DATA_HOME="$TEST_TMP/xdg"
export HOME="$TEST_TMP/home"
mkdir -p "$HOME"
# The python3 the tests run is Debian's, which the README installs, for this
# test and whatever it starts: a version manager's shim first in PATH (pyenv)
# costs half a second a call, and the tests make thousands of them.
if [ -x /usr/bin/python3 ]; then
	mkdir -p "$TEST_TMP/bin"
	ln -s /usr/bin/python3 "$TEST_TMP/bin/python3"
	PATH="$TEST_TMP/bin:$PATH"
	export PATH
fi
REFDB="$top_builddir/data/mediflux.db"
REFCSV="$top_srcdir/data/reference"

tap_cleanup() {
	rm -rf "$TEST_TMP"
}
trap tap_cleanup EXIT

# leave_in_wal DB N: N history entries of 4 kB another program commits to the user
# database DB and leaves in its WAL, never copied into the file (it exits without
# closing, as a killed program would).
leave_in_wal() {
	python3 - "$1" "$2" <<'EOF'
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA wal_autocheckpoint = 0")
for i in range(int(sys.argv[2])):
    con.execute("INSERT INTO history (at, pane, command, params) VALUES"
                " (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'meds', 'meds', ?)",
                ('{"atc":"%s"}' % ("A" * 4000),))
os._exit(0)
EOF
}

wait_for_file() {
	# wait_for_file FILE [SECONDS]: until FILE exists (another process made it), at most
	# SECONDS (30); a guard against a helper that never starts, not a timing assertion.
	_w=0
	while [ ! -e "$1" ] && [ $_w -lt $((${2:-30} * 10)) ]; do
		sleep 0.1
		_w=$((_w + 1))
	done
}

traced() {
	# traced STRACE_ARG...: strace, with a sanitizer build's leak check off for what it
	# runs: LeakSanitizer cannot work under ptrace (the valgrind lane checks those leaks).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}

skip() {
	# skip WHY: one TAP case skipped with its reason.
	tap_count=$((tap_count + 1))
	echo "ok $tap_count # SKIP $1"
}

ok() {
	# ok DESCRIPTION COMMAND...: passes when the command succeeds.
	desc=$1
	shift
	tap_count=$((tap_count + 1))
	if "$@"; then
		echo "ok $tap_count - $desc"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_count - $desc"
	fi
}

is() {
	# is GOT EXPECTED DESCRIPTION
	tap_count=$((tap_count + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $tap_count - $3"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_count - $3"
		printf '# got:      %s\n# expected: %s\n' "$1" "$2" | head -40
	fi
}

contains() {
	# contains TEXT NEEDLE DESCRIPTION
	tap_count=$((tap_count + 1))
	case $1 in
	*"$2"*)
		echo "ok $tap_count - $3" ;;
	*)
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_count - $3"
		printf '# %s\n' "did not find: $2" "in:"
		printf '%s\n' "$1" | sed 's/^/#   /' | head -40 ;;
	esac
}

lacks() {
	# lacks TEXT NEEDLE DESCRIPTION: passes when NEEDLE is nowhere in TEXT.
	tap_count=$((tap_count + 1))
	case $1 in
	*"$2"*)
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_count - $3"
		printf '# %s\n' "found: $2" "in:"
		printf '%s\n' "$1" | sed 's/^/#   /' | head -40 ;;
	*)
		echo "ok $tap_count - $3" ;;
	esac
}

# Runs mediflux, keeping stdout, stderr and the exit status in OUT, ERR, RC.
run() {
	OUT=$("$MEDIFLUX" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}

# Moves the entries commands left pending into the user database, as any
# command that opens it does (history_pending.h), for sqlite3 to read them;
# arguments go before the command (--user-db PATH).
history_fold() {
	"$MEDIFLUX" "$@" history --limit 1 >/dev/null
}

# A value from JSON on stdin, by a jq-like Python expression on d.
json() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

done_testing() {
	echo "1..$tap_count"
	[ "$tap_failed" -eq 0 ]
}
