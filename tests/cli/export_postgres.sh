# SPDX-License-Identifier: ISC
# mediflux export --postgres: the script it writes, how it fails, and, with
# PostgreSQL installed, what psql loads from it: every table's rows, the
# medication totals and hostile text exactly as in SQLite.
. "$top_srcdir/tests/lib.sh"

COMPARE="$top_srcdir/tests/cli/export_postgres_compare.py"
GEO="$top_builddir/data/geography.db"
EPOCH=1000000000	# 2001-09-09T01:46:40Z
X="$TEST_TMP/sample.sql"

# sq DB SQL: SQLite's answer, read-only.
sq() {
	sqlite3 -batch -readonly "$1" "$2" 2>&1
}

# No file named like dbfile_atomic_open's temporary files in directory $1.
no_temp_in() {
	[ -z "$(find "$1" -name '.mediflux-write-*' -print)" ]
}

# rq DB SQL: the same through tests/refdb_sql, which reads the packed tables
# as rows: med_fact (med_fact_run's runs) and med_total_all (med_total and
# med_cell's finest cells).
rq() {
	"$top_builddir/tests/refdb_sql" "$1" "$2" 2>&1
}

# The ordinary tables of a SQLite database, as the export should list them:
# the packed ones as the rows they pack (med_fact_run as med_fact; med_cell
# within med_total).
tables_of() {
	sq "$1" "SELECT CASE name WHEN 'med_fact_run' THEN 'med_fact' ELSE name END
	    FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
	    AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'med_cell'
	    ORDER BY 1"
}

# The rows of one table as the export writes them, and how to select them.
source_of() {
	case $1 in
	med_total) echo med_total_all ;;
	*) echo "\"$1\"" ;;
	esac
}
count_of() {
	rq "$1" "SELECT count(*) FROM $(source_of "$2")"
}

# The tables a script COPYs into (export_info aside).
copied_tables() {
	sed -n 's/^COPY "mediflux"\."\([^"]*\)" .*/\1/p' "$1" | grep -vx export_info | sort
}

# --- The command line. -------------------------------------------------------
run --help
contains "$OUT" "export --postgres [FILE]" "mediflux --help lists export"

run --db "$REFDB" export
is "$RC" 2 "export without a format exits 2"
is "$ERR" "mediflux export: say which format: --postgres (PostgreSQL) is the only one so far
Try 'mediflux export --help'." "and names the formats there are"

run --db "$REFDB" export --postgres --csv
is "$RC" 2 "an unknown option exits 2"
contains "$ERR" "mediflux export: unknown option --csv" "and names it"

run --db "$REFDB" export --postgres a.sql b.sql
is "$RC" 2 "two files exit 2"
contains "$ERR" "too many arguments" "and say so"
ok "and write nothing" test ! -e a.sql -a ! -e b.sql

# --- The sample database's script. ------------------------------------------
ntables=$(tables_of "$REFDB" | wc -l)
nrows=0
for t in $(tables_of "$REFDB"); do
	nrows=$((nrows + $(count_of "$REFDB" "$t")))
done
OUT=$(umask 022; SOURCE_DATE_EPOCH=$EPOCH "$MEDIFLUX" --db "$REFDB" \
    export --postgres "$X" 2>"$TEST_TMP/stderr")
RC=$?
is "$RC" 0 "export --postgres FILE exits 0"
# The count of rows in English digit groups (741,761).
grouped=$(python3 -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$nrows")
is "$OUT" "Reference database $REFDB exported to $X for PostgreSQL: $ntables tables, $grouped rows, SAMPLE data; 15 left out (see its header)" \
    "and says what it wrote ($ntables tables, $grouped rows)"
is "$(stat -c %a "$X")" 644 "the file is 0644 under umask 022 (reference data is public)"
ok "no temporary file is left" no_temp_in "$TEST_TMP"

# The same on the (smaller) geography: under valgrind every export counts.
G="$TEST_TMP/geo.sql"
SOURCE_DATE_EPOCH=$EPOCH "$MEDIFLUX" --db "$GEO" export --postgres "$G" >/dev/null 2>&1
SOURCE_DATE_EPOCH=$EPOCH "$MEDIFLUX" --db "$GEO" export --postgres \
    >"$TEST_TMP/stdout.sql" 2>"$TEST_TMP/stderr"
is "$?" 0 "export --postgres without FILE exits 0"
ok "and writes to standard output exactly what it wrote to FILE" cmp -s "$G" "$TEST_TMP/stdout.sql"
SOURCE_DATE_EPOCH=$EPOCH "$MEDIFLUX" --db "$GEO" export --postgres - \
    >"$TEST_TMP/dash.sql" 2>"$TEST_TMP/stderr"
ok "so does FILE -" cmp -s "$G" "$TEST_TMP/dash.sql"
ok "a second export at the same SOURCE_DATE_EPOCH is byte-identical" eval \
    'SOURCE_DATE_EPOCH=$EPOCH "$MEDIFLUX" --db "$REFDB" export --postgres 2>/dev/null | cmp -s - "$X"'

is "$(sed -n '2,4p' "$X")" "-- Source: $(realpath "$REFDB") (reference schema version 11)
-- Exported: 2001-09-09T01:46:40Z
-- Data: SAMPLE: synthetic sample data, not the published files" \
    "the header names the source, its schema version, the export time and SAMPLE"
HEAD=$(sed -n '1,/^BEGIN;$/p' "$X")
contains "$HEAD" "--  place_search: SQLite fts5 virtual table, an index over place_key (rebuilt from it; in PostgreSQL use full-text search on place_key)" \
    "the header says the FTS5 index is left out, and why"
contains "$HEAD" "--  establishment_rtree: SQLite rtree virtual table, a spatial index over the latitude and longitude of its rows' table (rebuilt from it; in PostgreSQL use a GiST index on point(longitude, latitude))" \
    "and the R*Tree of positions, with what PostgreSQL has instead"
for s in data idx docsize config; do
	contains "$HEAD" "--  place_search_$s: storage of the virtual table place_search" \
	    "and its shadow table place_search_$s"
done
contains "$HEAD" "--  sqlite_stat1: SQLite's own (query planner statistics" "and sqlite_stat1"
contains "$HEAD" "--  med_cell: med_total's finest cells, packed; written unpacked into med_total" \
    "the header says med_total holds the packed finest cells"
contains "$HEAD" "--  med_fact_run: the published rows, packed in runs; written unpacked as med_fact" \
    "and that med_fact holds the packed rows"
is "$(sed -n '/^CREATE TABLE "mediflux"."med_fact"/,/^);/p' "$X")" 'CREATE TABLE "mediflux"."med_fact" (
    "id" bigint,
    "year" bigint NOT NULL,
    "product_id" bigint NOT NULL,
    "age" bigint,
    "sex" bigint,
    "region" bigint,
    "prescriber" bigint,
    "boxes" bigint,
    "reimbursed_cents" bigint,
    "base_cents" bigint
);' "med_fact's columns, as schema 8 declared them"
contains "$(cat "$X")" 'ALTER TABLE "mediflux"."med_fact" ADD PRIMARY KEY ("id");' \
    "and its primary key"
contains "$HEAD" "--  commune(departement_code) references departement(code)" \
    "the foreign keys are listed, not declared"
is "$(copied_tables "$X")" "$(tables_of "$REFDB")" "every ordinary table is copied, and nothing else"
is "$(grep -c '^BEGIN;$' "$X") $(grep -c '^COMMIT;$' "$X") $(tail -n 1 "$X")" "1 1 COMMIT;" \
    "one transaction, committed on the last line"
is "$(grep -c '^ANALYZE "mediflux"\.' "$X")" "$ntables" "every table is analysed"
is "$(sed -n '/^CREATE TABLE "mediflux"."med_total"/,/^);/p' "$X")" 'CREATE TABLE "mediflux"."med_total" (
    "year" bigint NOT NULL,
    "level" bigint NOT NULL,
    "region" bigint NOT NULL,
    "age" bigint NOT NULL,
    "sex" bigint NOT NULL,
    "prescriber" bigint NOT NULL,
    "code" text NOT NULL,
    "rows" bigint NOT NULL,
    "boxes" bigint,
    "reimbursed_cents" bigint,
    "base_cents" bigint
);' "med_total's columns: types and NOT NULL translated, names quoted"
contains "$(cat "$X")" 'ALTER TABLE "mediflux"."med_total" ADD PRIMARY KEY ("year", "level", "region", "age", "sex", "prescriber", "code");' \
    "its primary key, in order"
contains "$(grep '^ALTER TABLE "mediflux"."med_product"' "$X")" 'ADD UNIQUE ("cip13");' \
    "a UNIQUE column becomes a UNIQUE constraint"
contains "$(cat "$X")" 'CREATE UNIQUE INDEX "professional_key" ON "mediflux"."professional" ("profession", "year", "level", "territory", "specialty_group", "specialty", "practice", "age_band", "sex");' \
    "a unique index is translated"
contains "$(cat "$X")" '"sample" bigint DEFAULT 0 NOT NULL' "a plain default is kept"

# --- Failures: nothing is written, the reason is given. ---------------------
run --db "$REFDB" export --postgres "$TEST_TMP/missing/x.sql"
is "$RC" 1 "a FILE in a missing directory exits 1"
is "$ERR" "mediflux: $TEST_TMP/missing/x.sql: No such file or directory" "and says why"

mkdir "$TEST_TMP/adir"
run --db "$GEO" export --postgres "$TEST_TMP/adir"
is "$RC" 1 "a FILE that is a directory exits 1"
is "$ERR" "mediflux: $TEST_TMP/adir: not a regular file" "and says why"
ok "no temporary file is left beside it" no_temp_in "$TEST_TMP"

"$MEDIFLUX" --db "$GEO" export --postgres >/dev/full 2>"$TEST_TMP/stderr"
is "$?" 1 "a full standard output exits 1"
is "$(cat "$TEST_TMP/stderr")" "mediflux: standard output: No space left on device" "and says why"

printf 'old\n' >"$TEST_TMP/keep.sql"
printf 'not a database at all, but long enough\n' >"$TEST_TMP/text.db"
run --db "$TEST_TMP/text.db" export --postgres "$TEST_TMP/keep.sql"
is "$RC" 1 "a file that is not SQLite exits 1"
is "$ERR" "mediflux: $TEST_TMP/text.db: not an SQLite database" "and says so"
is "$(cat "$TEST_TMP/keep.sql")" "old" "an existing FILE is left as it was"

sqlite3 "$TEST_TMP/other.db" "CREATE TABLE t (x)"
run --db "$TEST_TMP/other.db" export --postgres "$TEST_TMP/other.sql"
is "$RC" 1 "a SQLite file that is not mediflux's exits 1"
is "$ERR" "mediflux: $TEST_TMP/other.db: not a mediflux database (application_id 0)" "and says so"
ok "and writes no FILE" test ! -e "$TEST_TMP/other.sql"

sqlite3 "$TEST_TMP/user.db" "PRAGMA application_id = 1296455765; PRAGMA user_version = 1; CREATE TABLE t (x)"
run --db "$TEST_TMP/user.db" export --postgres "$TEST_TMP/user.sql"
is "$RC" 1 "a mediflux user database exits 1"
is "$ERR" "mediflux: $TEST_TMP/user.db: a mediflux user database, not a reference database" "and says so"

# Values PostgreSQL would refuse stop the export, named by table, row and column.
bad_value() {
	# bad_value WHAT SQL EXPECTED-MESSAGE-TAIL
	cp "$GEO" "$TEST_TMP/bad.db"
	sqlite3 "$TEST_TMP/bad.db" "$2"
	rm -f "$TEST_TMP/bad.sql"
	run --db "$TEST_TMP/bad.db" export --postgres "$TEST_TMP/bad.sql"
	is "$RC" 1 "$1 exits 1"
	is "$ERR" "mediflux: $TEST_TMP/bad.db: $3" "and names table, row and column"
	ok "and writes no FILE, nor a temporary one" eval \
	    'test ! -e "$TEST_TMP/bad.sql" && no_temp_in "$TEST_TMP"'
}
row11=$(sq "$GEO" "SELECT count(*) FROM region WHERE rowid <= (SELECT rowid FROM region WHERE code = '11')")
bad_value "text that is not UTF-8" \
    "UPDATE region SET name = CAST(x'4cc3' AS TEXT) WHERE code = '11'" \
    "table region, row $row11, column name: text that is not UTF-8, which PostgreSQL refuses in text"
bad_value "a NUL byte in text" \
    "UPDATE region SET name = 'a' || char(0) || 'b' WHERE code = '11'" \
    "table region, row $row11, column name: a NUL byte, which PostgreSQL refuses in text"
bad_value "text in an INTEGER column" \
    "UPDATE region SET population = 'many' WHERE code = '11'" \
    "table region, row $row11, column population: a text value in a column of type INTEGER (PostgreSQL bigint)"

# --- A hostile copy: awkward text and numbers, and SQLite-only schema. --------
H="$TEST_TMP/hostile.db"
HX="$TEST_TMP/hostile.sql"
cp "$GEO" "$H"
# One name with every byte COPY must escape, the literal text \N and \. and accents.
HOSTILE="'a' || char(9) || 'b' || char(10) || 'c' || char(13) || 'd\\e' || char(1) || char(127) || char(8) || char(12) || char(11) || ' \\N \\. L''Hôpital « Sainte-Thérèse »'"
sqlite3 "$H" "
INSERT INTO establishment (finess, name, long_name, address, address_extra, commune_known,
    coord_x, coord_y, coord_epsg, name_key, dataset_id)
VALUES ('HOSTILE01', $HOSTILE, '', '\\N', char(10) || '\\.' || char(10), 1,
    0.1, 1e300, 9223372036854775807, 'k', -9223372036854775808),
    ('HOSTILE02', 'x', NULL, NULL, NULL, 0, -2.5e-7, 5e-324, 0, 'k', 0),
    ('HOSTILE03', 'y', NULL, NULL, NULL, 0, 123456789.12345679, 2.2250738585072014e-308, 0, 'k', 0);
CREATE TABLE extra (
    id INTEGER PRIMARY KEY,
    blobby BLOB,
    anything,
    amount NUMERIC,
    label TEXT COLLATE NOCASE DEFAULT 'n/a',
    stamp TEXT DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (label)
);
CREATE INDEX extra_partial ON extra(amount) WHERE amount > 0;
CREATE INDEX extra_expr ON extra(lower(label));
CREATE INDEX extra_desc ON extra(amount DESC, id);
CREATE INDEX extra_nocase ON extra(label COLLATE NOCASE);
CREATE VIEW extra_view AS SELECT id FROM extra;
CREATE TRIGGER extra_trig AFTER INSERT ON extra BEGIN SELECT 1; END;
INSERT INTO extra VALUES (1, x'00ff5c0a', x'', 12.5, 'x', '2026'),
    (2, NULL, 'as text', 3, 'Y', NULL);"
run --db "$H" export --postgres "$HX"
is "$RC" 0 "the hostile copy exports"
TAB=$(printf '\t')
E1='a\tb\nc\rd\\e\001\177\b\f\v \\N \\. L'"'"'Hôpital « Sainte-Thérèse »'
is "$(grep '^HOSTILE01	' "$HX" | cut -f 3-7)" "$E1$TAB$TAB"'\N'"$TAB"'\\N'"$TAB"'\n\\.\n' \
    "control bytes, backslashes, \\N and \\. are escaped; '' is not NULL; accents pass"
is "$(grep '^HOSTILE0[123]	' "$HX" | cut -f 30-32)" "0.1	1e+300	9223372036854775807
-2.5e-07	4.94065645841247e-324	0
123456789.12345679	2.2250738585072014e-308	0" "doubles are written exactly; 64-bit integers whole"
is "$(grep '^HOSTILE01	' "$HX" | cut -f 37)" "-9223372036854775808" "the smallest integer too"
is "$(sed -n '/^COPY "mediflux"."extra"/,/^\\\.$/p' "$HX")" 'COPY "mediflux"."extra" ("id", "blobby", "anything", "amount", "label", "stamp") FROM stdin;
1	\\x00ff5c0a	\\x	12.5	x	2026
2	\N	\\x61732074657874	3	Y	\N
\.' "blobs are bytea hex, an untyped column bytea, NUMERIC numbers as they are"
EX=$(sed -n '/^CREATE TABLE "mediflux"."extra"/,/^CREATE TABLE\|^ANALYZE/p' "$HX")
contains "$EX" '"anything" bytea,' "a column without a type is bytea (SQLite's BLOB affinity)"
contains "$EX" '"amount" numeric,' "NUMERIC affinity is numeric"
contains "$EX" '"label" text DEFAULT '"'n/a'"',' "a quoted default is kept"
contains "$EX" '"stamp" text
' "CURRENT_TIMESTAMP is not carried over as a default"
contains "$EX" 'ALTER TABLE "mediflux"."extra" ADD UNIQUE ("label");' "UNIQUE (label) is a constraint"
contains "$EX" 'CREATE INDEX "extra_desc" ON "mediflux"."extra" ("amount" DESC, "id");' "a DESC index is translated"
contains "$EX" "-- Not translated: index extra_partial (partial: its WHERE is SQLite SQL)" "a partial index is reported"
contains "$EX" "-- Not translated: index extra_expr (on an expression or the rowid)" "an expression index is reported"
contains "$EX" "-- Index extra_nocase uses a SQLite collation: PostgreSQL's default here" "a collation is reported"
HHEAD=$(sed -n '1,/^BEGIN;$/p' "$HX")
contains "$HHEAD" "--  extra.stamp: default CURRENT_TIMESTAMP not carried over (not a plain value)" "the header says so"
contains "$HHEAD" "--  view extra_view: SQLite SQL, not translated" "views are reported"
contains "$HHEAD" "--  trigger extra_trig: SQLite SQL, not translated" "triggers too"
contains "$HHEAD" "-- Data: imported from the published files (no sample dataset)" "a database without sample data says so"

# --- PostgreSQL: load the scripts and compare. -------------------------------
# Debian keeps the server programs off PATH, in /usr/lib/postgresql/VERSION/bin.
# PG_BINDIR, when set, is the only place looked at (another version, or none).
pg_find_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		[ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ] &&
		    [ -x "$PG_BINDIR/postgres" ] && echo "$PG_BINDIR"
		return
	fi
	for d in "$(pg_config --bindir 2>/dev/null)" \
	    $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV) \
	    /usr/local/pgsql/bin "$(dirname "$(command -v initdb 2>/dev/null || echo /none/x)")"; do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

skip_pg() {
	tap_count=$((tap_count + 1))
	if [ "${CI:-}" = true ]; then
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_count - PostgreSQL cases: $1 (CI installs postgresql)"
	else
		echo "ok $tap_count # SKIP PostgreSQL cases: $1"
	fi
}

PGTMP=
pg_cleanup() {
	if [ -n "$PGTMP" ] && [ -f "$PGTMP/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1
	fi
	[ -n "$PGTMP" ] && rm -rf "$PGTMP"
	tap_cleanup
}
trap pg_cleanup EXIT
trap 'exit 1' HUP INT TERM

# Runs a command as the user the server runs as (PostgreSQL refuses root):
# $PGRUN is that prefix, set below, also handed to the comparison script.
as_pg() {
	$PGRUN "$@"
}

# pgq DATABASE SQL: the answer of the test server, unaligned, '|' between columns.
pgq() {
	as_pg "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGTMP/sock" -p "$PGPORT" \
	    -U mediflux_test -d "$1" -c "$2" 2>&1
}

# pg_load DATABASE SCRIPT: creates the database and runs the script in it.
pg_load() {
	cp "$2" "$PGTMP/load.sql" && chmod 644 "$PGTMP/load.sql" &&
	pgq postgres "CREATE DATABASE $1" >/dev/null &&
	as_pg "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$PGTMP/sock" -p "$PGPORT" \
	    -U mediflux_test -d "$1" -f "$PGTMP/load.sql" >"$PGTMP/load.log" 2>&1
}

# same DESCRIPTION SQL: the same non-empty answer from SQLite and PostgreSQL.
same() {
	want=$(sq "$REFDB" "$2")
	got=$(pgq sample "SET search_path = mediflux; $2")
	if [ -z "$want" ]; then
		want="(SQLite gave nothing)"
	fi
	is "$got" "$want" "$1"
}

# same_unpacked DESC SQL: the same, SQLite's side reading the packed tables as
# rows (rq), PostgreSQL's reading med_total for med_total_all.
same_unpacked() {
	is "$(pgq sample "SET search_path = mediflux; $(printf '%s' "$2" | sed 's/med_total_all/med_total/g')")" \
	    "$(rq "$REFDB" "$2")" "$1"
}

PGUSER_RUN=
if [ "$(id -u)" -eq 0 ]; then
	if id postgres >/dev/null 2>&1; then
		PGUSER_RUN=postgres
	else
		PGUSER_RUN=nobody
	fi
fi
# pg_run_prefix: how to run a program as $PGUSER_RUN, HOME in the private directory.
pg_run_prefix() {
	if [ -z "$PGUSER_RUN" ]; then
		echo "env HOME=$PGTMP"
	elif command -v runuser >/dev/null 2>&1; then
		echo "runuser -u $PGUSER_RUN -- env HOME=$PGTMP"
	else
		echo "setpriv --reuid=$PGUSER_RUN --regid=$(id -g "$PGUSER_RUN") --init-groups -- env HOME=$PGTMP"
	fi
}

if ! PGBIN=$(pg_find_bindir); then
	skip_pg "no PostgreSQL server programs (initdb, pg_ctl, postgres) found"
elif ! command -v "$PGBIN/psql" >/dev/null 2>&1 && ! command -v psql >/dev/null 2>&1; then
	skip_pg "no psql found"
else
	PSQL=$PGBIN/psql
	[ -x "$PSQL" ] || PSQL=$(command -v psql)
	PGTMP=$(mktemp -d /tmp/mediflux-pg.XXXXXX)
	PGRUN=$(pg_run_prefix)
	mkdir "$PGTMP/sock"
	[ -n "$PGUSER_RUN" ] && chown -R "$PGUSER_RUN" "$PGTMP"
	chmod 700 "$PGTMP"
	# The socket's name is all the port is for: no TCP (listen_addresses='').
	PGPORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000))
	# The server's user must be able to stay in the working directory.
	cd "$PGTMP" || exit 1
	as_pg "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U mediflux_test -E UTF8 \
	    --locale=C --no-sync >"$PGTMP/initdb.log" 2>&1
	ok "initdb creates a cluster as ${PGUSER_RUN:-$(id -un)}" test -f "$PGTMP/data/PG_VERSION"
	as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
	    -o "-c listen_addresses='' -k $PGTMP/sock -p $PGPORT -c fsync=off -c full_page_writes=off" \
	    start >/dev/null 2>&1
	ok "the server starts on a socket in a private directory" \
	    test "$(pgq postgres 'SELECT 1')" = 1
	[ "$(pgq postgres 'SELECT 1')" = 1 ] || sed 's/^/# /' "$PGTMP/initdb.log" "$PGTMP/server.log" | tail -20

	start=$(date +%s.%N)
	pg_load sample "$X"
	RC=$?
	end=$(date +%s.%N)
	is "$RC" 0 "psql -X -v ON_ERROR_STOP=1 -f loads the sample database's script"
	[ "$RC" = 0 ] || sed 's/^/# /' "$PGTMP/load.log" | tail -20
	echo "# loaded $(wc -c <"$X") bytes, $nrows rows in $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
	is "$(pgq sample "SELECT mediflux_version <> '', source_database, schema_version, exported_at, sample, data FROM mediflux.export_info")" \
	    "t|$(realpath "$REFDB")|11|2001-09-09 01:46:40+00|t|SAMPLE" "mediflux.export_info carries the provenance and the SAMPLE flag"
	contains "$(pgq sample "SELECT obj_description('mediflux'::regnamespace)")" "SAMPLE: synthetic" \
	    "and so does the schema's comment"
	is "$(pgq sample "SELECT table_name FROM information_schema.tables WHERE table_schema = 'mediflux' AND table_name <> 'export_info' ORDER BY table_name COLLATE \"C\"")" \
	    "$(tables_of "$REFDB")" "PostgreSQL has exactly SQLite's ordinary tables, the packed ones unpacked"
	for t in $(tables_of "$REFDB"); do
		is "$(pgq sample "SELECT count(*) FROM mediflux.\"$t\"")" \
		    "$(count_of "$REFDB" "$t")" "$t: as many rows as in SQLite"
	done

	# The medication aggregates, in integer cents: sums must match to the cent.
	same_unpacked "med_total: cells, rows, boxes, reimbursed and base cents overall" \
	    "SELECT count(*), sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_total_all"
	same_unpacked "med_total: the same per level" \
	    "SELECT level, count(*), sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_total_all GROUP BY level ORDER BY level"
	same_unpacked "med_total: the same per year" \
	    "SELECT year, count(*), sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_total_all GROUP BY year ORDER BY year"
	same_unpacked "med_total: the grand totals (every dimension summed) per year and level" \
	    "SELECT year, level, sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_total_all WHERE region = -2 AND age = -2 AND sex = -2 AND prescriber = -2 GROUP BY year, level ORDER BY year, level"
	same_unpacked "med_fact: rows, boxes, reimbursed and base cents per year" \
	    "SELECT year, count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents) FROM med_fact GROUP BY year ORDER BY year"
	same_unpacked "med_fact: per region (NULLs included)" \
	    "SELECT coalesce(region, -99), count(*), sum(boxes), sum(reimbursed_cents) FROM med_fact GROUP BY 1 ORDER BY 1"
	same "region_metric: reimbursed cents per level and year" \
	    "SELECT level, year, sum(reimbursed_cents), sum(boxes), count(beds_per_100k) FROM region_metric GROUP BY level, year ORDER BY level, year"

	# A few rows whole: an establishment with an apostrophe and an accent in its name.
	F=$(sq "$REFDB" "SELECT finess FROM establishment WHERE name LIKE '%''%' AND name LIKE '%É%' ORDER BY finess LIMIT 1")
	ok "the sample has an establishment named with an apostrophe and an accent ($F)" test -n "$F"
	cols=$(sq "$REFDB" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('establishment') WHERE type <> 'REAL'")
	same "establishment $F: every column but the coordinates (doubles: below), as in SQLite" \
	    "SELECT $cols FROM establishment WHERE finess = '$F'"
	same "the name of every establishment with an apostrophe, in FINESS order" \
	    "SELECT finess, name FROM establishment WHERE name LIKE '%''%' ORDER BY finess"

	# Every value of every table, exactly (doubles by their bits).
	for t in $(tables_of "$REFDB"); do
		case $t in
		med_fact|med_total) set -- "$(source_of "$t")" "$top_builddir/tests/refdb_sql" ;;
		*) set -- ;;
		esac
		r=$(python3 "$COMPARE" "$REFDB" "$t" "$@" -- $PGRUN "$PSQL" -X -q \
		    -h "$PGTMP/sock" -p "$PGPORT" -U mediflux_test -d sample 2>&1)
		is "$r" "same $(count_of "$REFDB" "$t") rows" "$t: every value equals SQLite's"
	done

	# The hostile copy round-trips.
	pg_load hostile "$HX"
	is "$?" 0 "the hostile copy's script loads"
	is "$(pgq hostile "SELECT encode(convert_to(name, 'UTF8'), 'hex'), long_name = '', address, encode(convert_to(address_extra, 'UTF8'), 'hex') FROM mediflux.establishment WHERE finess = 'HOSTILE01'")" \
	    "$(sq "$H" "SELECT lower(hex(name)), 1, address, lower(hex(address_extra)) FROM establishment WHERE finess = 'HOSTILE01'" | sed 's/|1|/|t|/')" \
	    "hostile text comes back byte for byte; '' stays '', \\N stays text"
	for t in establishment extra; do
		r=$(python3 "$COMPARE" "$H" "$t" -- $PGRUN "$PSQL" -X -q \
		    -h "$PGTMP/sock" -p "$PGPORT" -U mediflux_test -d hostile 2>&1)
		is "$r" "same $(sq "$H" "SELECT count(*) FROM \"$t\"") rows" "hostile $t: every value equals SQLite's"
	done
	is "$(pgq hostile "SELECT indexname FROM pg_indexes WHERE schemaname = 'mediflux' AND tablename = 'extra' ORDER BY 1")" \
	    "extra_desc
extra_label_key
extra_nocase
extra_pkey" "the hostile table's keys and indexes exist, the untranslatable ones do not"
fi

done_testing
