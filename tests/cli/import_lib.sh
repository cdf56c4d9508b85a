# SPDX-License-Identifier: ISC
# Helpers shared by the importer tests (tests/cli/import_*.sh), sourced after tests/lib.sh.
# Every import goes into a fresh database under $TEST_TMP created from the reference
# geography alone, so that every count below is exact.

GEO="$top_builddir/data/geography.db"
FIX="$top_srcdir/tests/fixtures/import"

# import_into DB ARG...: mediflux import into DB (OUT, ERR, RC as with run).
import_into() {
	_db=$1
	shift
	run import --db "$_db" --geography "$GEO" "$@"
}

# q DB SQL: the rows of one query, fields separated by '|', NULL written NULL (tests/refdb_sql:
# med_total_all holds med_total's roll-ups and med_cell's cells unpacked).
q() {
	"$top_builddir/tests/refdb_sql" "$1" "$2" 2>&1
}

# sum_of FILE: its SHA-256, or "absent".
sum_of() {
	if [ -e "$1" ]; then
		sha256sum < "$1"
	else
		echo absent
	fi
}

# no_temp_left DB: true when no .<name>.import-* file is left beside DB.
no_temp_left() {
	! ls -A "$(dirname "$1")" | grep -q "^\.$(basename "$1")\.import-"
}

# is_json TEXT: true when TEXT is one JSON document.
is_json() {
	printf '%s' "$1" | python3 -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null
}

# expect_failure WHAT DB ARG...: the import exits 1, DB keeps its exact bytes
# (or stays absent) and no temporary file is left. ERR stays for more checks.
expect_failure() {
	_what=$1
	_fdb=$2
	shift 2
	_before=$(sum_of "$_fdb")
	import_into "$_fdb" "$@"
	is "$RC" 1 "$_what: exit status 1"
	is "$(sum_of "$_fdb")" "$_before" "$_what: the database is byte-identical"
	ok "$_what: no temporary file is left" no_temp_left "$_fdb"
}

# provenance DB KIND: kind|year|file_name|file_size|sha256|rows_read|rows_kept|rows_rejected|sample
# of the datasets of that kind, by year.
provenance() {
	q "$1" "SELECT kind, year, file_name, file_size, sha256, rows_read, rows_kept,
	    rows_rejected, sample FROM dataset WHERE kind = '$2' ORDER BY year"
}

# file_facts FILE: size|sha256 of a file, as provenance should record them.
file_facts() {
	printf '%s|%s' "$(wc -c < "$1" | tr -d ' ')" "$(sha256sum < "$1" | cut -d' ' -f1)"
}

# om_rows FILE N: an Open Medic CSV of N rows, made of the 2022 fixture's rows
# over and over, in its own layout (CP1252, CRLF).
om_rows() {
	python3 - "$FIX/openmedic/OPEN_MEDIC_2022.CSV" "$1" "$2" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
header, rows = lines[0], [l for l in lines[1:] if l]
n = int(sys.argv[3])
with open(sys.argv[2], 'wb') as f:
    f.write(header + b'\r\n')
    f.write(b''.join(rows[i % len(rows)] + b'\r\n' for i in range(n)))
PY
}
