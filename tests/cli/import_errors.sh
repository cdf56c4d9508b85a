# SPDX-License-Identifier: ISC
# mediflux import: bad inputs exit 1 with a message naming the file (and entry), the line
# and the field, and leave the target byte-identical (or absent) with no temporary file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

OM="$FIX/openmedic"
BAD="$FIX/bad"
W="$TEST_TMP/work"
mkdir "$W" "$TEST_TMP/new"
cp "$OM/OPEN_MEDIC_2022.CSV" "$W/"

DB="$TEST_TMP/target.db"
import_into "$DB" "$OM/OPEN_MEDIC_2016.CSV"
is "$RC" 0 "a good import first"
NEW="$TEST_TMP/new/never.db"

# --- Records of the wrong width. ---------------------------------------------------
expect_failure "an Open Medic row of 20 fields" "$DB" "$BAD/OPEN_MEDIC_2022_bad_width.CSV"
contains "$ERR" "OPEN_MEDIC_2022_bad_width.CSV" "the message names the file"
contains "$ERR" "line 5" "and the line"
expect_failure "the same into a target not yet created" "$NEW" "$BAD/OPEN_MEDIC_2022_bad_width.CSV"
ok "the new target still does not exist" test ! -e "$NEW"
is "$(ls -A "$TEST_TMP/new" | grep -v '^never\.db\.lock$')" "" "and nothing but its lock file is left in its directory"

expect_failure "a FINESS structureet line of 20 fields" "$DB" "$BAD/etalab-cs1100502-bad-width.csv"
contains "$ERR" "etalab-cs1100502-bad-width.csv" "the message names the file"
contains "$ERR" "line 4" "and the line"

# --- Invalid bytes: a NUL is binary data, not text in any encoding. ---------------------
python3 - "$FIX/openmedic/OPEN_MEDIC_2022.CSV" "$TEST_TMP/OPEN_MEDIC_2022.CSV" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
lines[6] = lines[6].replace(b'CPR', b'C\x00PR', 1)
open(sys.argv[2], 'wb').write(b'\r\n'.join(lines))
PY
expect_failure "a NUL byte in a label" "$DB" "$TEST_TMP/OPEN_MEDIC_2022.CSV"
contains "$ERR" "OPEN_MEDIC_2022.CSV: line 7: a NUL byte: binary data, not a CSV file" \
    "the message names the file, the line and the problem"
head -c 3000 /dev/urandom > "$TEST_TMP/noise.bin"
printf 'x\000y' >> "$TEST_TMP/noise.bin"
expect_failure "random bytes" "$DB" "$TEST_TMP/noise.bin"
contains "$ERR" "noise.bin" "the message names the file"

# --- Unreadable numbers. --------------------------------------------------------------
expect_failure "REM '12,3x'" "$DB" "$BAD/OPEN_MEDIC_2022_bad_number.CSV"
contains "$ERR" "OPEN_MEDIC_2022_bad_number.CSV: line 4: field 'REM'" "file, line and field"
contains "$ERR" "'12,3x'" "and the value"

mkdir "$W/badzip"
cp "$BAD/OPEN_MEDIC_2022_bad_number.CSV" "$W/badzip/"
bsdtar --format zip -cf "$W/bad.zip" -C "$W/badzip" OPEN_MEDIC_2022_bad_number.CSV
expect_failure "REM '12,3x' inside a zip" "$DB" "$W/bad.zip"
contains "$ERR" "bad.zip: OPEN_MEDIC_2022_bad_number.CSV: line 4: field 'REM'" "file, entry, line and field"

expect_failure "a FINESS coordinate '3525I8.6'" "$DB" "$BAD/etalab-cs1100507-bad-coord.csv"
contains "$ERR" "etalab-cs1100507-bad-coord.csv: line 11: field 'coordxet'" "file, line and the XSD field name"
contains "$ERR" "'3525I8.6'" "and the value"

# --- Files that are nothing mediflux knows. -------------------------------------------
expect_failure "a CSV of another kind" "$DB" "$BAD/other-kind.csv"
contains "$ERR" "other-kind.csv" "the message names the file"
expect_failure "an empty file" "$DB" "$BAD/empty.csv"
contains "$ERR" "empty.csv" "the message names the file"
expect_failure "a file that does not exist" "$DB" "$W/nowhere.csv"
contains "$ERR" "nowhere.csv" "the message names the file"

cp "$OM/OPEN_MEDIC_2016.CSV" "$W/medicaments.csv"
expect_failure "Open Medic without a year in its name and no --year" "$DB" "$W/medicaments.csv"
contains "$ERR" "medicaments.csv" "the message names the file"

# --- Over-long lines (the bound is 1 MiB). ---------------------------------------------
python3 - "$OM/OPEN_MEDIC_2022.CSV" "$W/OPEN_MEDIC_2022_long.CSV" <<'EOF'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
lines[2] = lines[2].replace(b'ELIQUIS 5MG CPR 60', b'ELIQUIS ' + b'X' * (1100 * 1024))
open(sys.argv[2], 'wb').write(b'\r\n'.join(lines[:4]) + b'\r\n')
EOF
expect_failure "a line over 1 MiB" "$DB" "$W/OPEN_MEDIC_2022_long.CSV"
contains "$ERR" "OPEN_MEDIC_2022_long.CSV" "the message names the file"
contains "$ERR" "line 3" "and the line"

# --- Damaged and hostile archives. ------------------------------------------------------
bsdtar --format zip -cf "$W/whole.zip" -C "$W" OPEN_MEDIC_2022.CSV
head -c $(($(wc -c < "$W/whole.zip") / 2)) "$W/whole.zip" > "$W/trunc.zip"
expect_failure "a truncated zip" "$DB" "$W/trunc.zip"
contains "$ERR" "trunc.zip" "the message names the file"

bsdtar --format 7zip -cf "$W/whole.7z" -C "$W" OPEN_MEDIC_2022.CSV
head -c $(($(wc -c < "$W/whole.7z") / 2)) "$W/whole.7z" > "$W/trunc.7z"
expect_failure "a truncated 7z" "$DB" "$W/trunc.7z"
contains "$ERR" "trunc.7z" "the message names the file"

bsdtar --format zip -cf "$W/evil.zip" -P -s ',^,../,' -C "$W" OPEN_MEDIC_2022.CSV
is "$(bsdtar -tf "$W/evil.zip")" "../OPEN_MEDIC_2022.CSV" "the zip really holds a ../ name"
expect_failure "an entry named ../" "$DB" "$W/evil.zip"
contains "$ERR" "evil.zip" "the message names the file"

bsdtar --format pax -cf "$W/abs.tar" -P -s ',^,/tmp/,' -C "$W" OPEN_MEDIC_2022.CSV
is "$(bsdtar -tf "$W/abs.tar")" "/tmp/OPEN_MEDIC_2022.CSV" "the tar really holds an absolute name"
expect_failure "an entry with an absolute name" "$DB" "$W/abs.tar"
contains "$ERR" "abs.tar" "the message names the file"

mkdir "$W/many"
cp "$OM/OPEN_MEDIC_2022.CSV" "$W/many/"
i=1
while [ $i -le 1999 ]; do
	printf 'x\n' > "$W/many/note$i.txt"
	i=$((i + 1))
done
(cd "$W/many" && bsdtar --format zip -cf ../many.zip OPEN_MEDIC_2022.CSV note*.txt)
is "$(bsdtar -tf "$W/many.zip" | wc -l | tr -d ' ')" 2000 "a zip of 2000 entries"
expect_failure "an archive of 2000 entries" "$DB" "$W/many.zip"
contains "$ERR" "many.zip" "the message names the file"

# --- One bad file spoils the whole command. ----------------------------------------------
expect_failure "a good file followed by a bad one" "$DB" "$OM/OPEN_MEDIC_2022.CSV" "$BAD/OPEN_MEDIC_2022_bad_number.CSV"
is "$(q "$DB" "SELECT year, count(*) FROM med_fact GROUP BY year")" "2016|12" "the good file was not loaded either"
expect_failure "a good file followed by a bad one, new target" "$NEW" "$OM/OPEN_MEDIC_2022.CSV" "$BAD/other-kind.csv"
ok "the new target still does not exist" test ! -e "$NEW"

# --- The commit itself fails: a file size limit (SIGXFSZ ignored, as a quota would
# make write fail) lets the copy of the old version through but not the sample
# Open Medic year. Exit 1 saying where, the target as it was, and (valgrind lane)
# nothing of the report leaked.
before=$(sum_of "$DB")
OUT=$( (trap '' XFSZ; ulimit -f 8000; "$MEDIFLUX" import --db "$DB" --geography "$GEO" \
    --quiet "$top_builddir/data/sample/OPEN_MEDIC_2024.zip") 2>"$TEST_TMP/stderr")
RC=$?
ERR=$(cat "$TEST_TMP/stderr")
is "$RC" 1 "an import whose commit fails exits 1"
contains "$ERR" "$DB: writing the new database beside it:" "saying it could not write the new version"
is "$(sum_of "$DB")" "$before" "the target byte-identical"
is "$(ls -A "$(dirname "$DB")" | grep -c '\.import-')" 0 "no half-written copy left beside it"

# --- Usage errors exit 2. ------------------------------------------------------------------
import_into "$DB"
is "$RC" 2 "import without a file exits 2"
import_into "$DB" --bogus "$OM/OPEN_MEDIC_2022.CSV"
is "$RC" 2 "an unknown option exits 2"
is "$(q "$DB" "SELECT year, count(*) FROM med_fact GROUP BY year")" "2016|12" "the target is as the good import left it"

done_testing
