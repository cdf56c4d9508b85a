# SPDX-License-Identifier: ISC
# The command line contract: help, version, usage errors and exit statuses 0/1/2.
. "$top_srcdir/tests/lib.sh"

run --help
is "$RC" 0 "--help exits 0"
contains "$OUT" "health [--json]" "--help lists health"
contains "$OUT" "backup [--user] FILE" "--help lists backup"
contains "$OUT" "restore [--user] FILE" "--help lists restore"

run --version
is "$RC" 0 "--version exits 0"
contains "$OUT" "mediflux 0.1.0" "--version names the version"
contains "$OUT" "sqlite 3." "--version names the libraries"

run health --help
is "$RC" 0 "health --help exits 0"
contains "$OUT" "Usage: mediflux health [--json]" "health --help shows its usage"

run frobnicate
is "$RC" 2 "an unknown command exits 2"
contains "$ERR" "unknown command 'frobnicate'" "and says which"

run health --bogus
is "$RC" 2 "an unknown option exits 2"
contains "$ERR" "mediflux health: unknown option --bogus" "and names it"
contains "$ERR" "Try 'mediflux health --help'." "and points to help"

run health --user
is "$RC" 2 "an option of another command exits 2"

run backup
is "$RC" 2 "backup without FILE exits 2"
contains "$ERR" "missing argument" "and says what is missing"

run consolidate --help
is "$RC" 0 "consolidate --help exits 0"
contains "$OUT" "Usage: mediflux consolidate -o OUT [--users DIR] [--json] DB..." "consolidate --help shows its usage"
run --help
contains "$OUT" "  consolidate -o OUT [--users DIR] [--json] DB... merge older mediflux and prototype databases into a new one" \
    "--help lists consolidate"

run restore a b
is "$RC" 2 "restore with two files exits 2"

run --db
is "$RC" 2 "--db without a value exits 2"
contains "$ERR" "option --db needs a value" "and says so"

run --bogus
is "$RC" 2 "an unknown global option exits 2"

# Every query command answers --help, and is listed by mediflux --help.
run --help
HELP=$OUT
for c in search hospital regions meds profile history; do
	run "$c" --help
	is "$RC" 0 "'$c --help' exits 0"
	contains "$OUT" "Usage: mediflux $c" "and shows its usage"
	contains "$HELP" "  $c" "'$c' is listed in mediflux --help"
done

# Without a terminal the interface refuses with one line and status 1.
OUT=$("$MEDIFLUX" --db "$REFDB" </dev/null 2>&1 >/dev/null)
RC=$?
is "$RC" 1 "the interface without a terminal exits 1"
is "$(printf '%s\n' "$OUT" | wc -l)" 1 "with a one-line message"
contains "$OUT" "needs a terminal" "saying it needs a terminal"

done_testing
