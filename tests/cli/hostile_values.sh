# SPDX-License-Identifier: ISC
# Hostile values (issue 15, points 6 and 7): totals that would leave 64 bits are
# refused naming file, line and field; FINESS lines are validated field by field.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

SRC="$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"

# --- Open Medic: 11 rows of 9e15 euros pass 2^63 cents at the 11th (line 12). ---
OMF="$TEST_TMP/OPEN_MEDIC_2022.CSV"
python3 - "$FIX/openmedic/OPEN_MEDIC_2022.CSV" "$OMF" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
row = lines[1].split(b';')
row[19] = b'9000000000000000'	# REM, whole euros (9e17 cents)
with open(sys.argv[2], 'wb') as f:
    f.write(lines[0] + b'\r\n' + b''.join(b';'.join(row) + b'\r\n' for _ in range(11)))
PY
DB="$TEST_TMP/om.db"
import_into "$DB" "$FIX/openmedic/OPEN_MEDIC_2016.CSV"
is "$RC" 0 "a first Open Medic year imports"
expect_failure "Open Medic REM past 2^63" "$DB" "$OMF"
contains "$ERR" "OPEN_MEDIC_2022.CSV: line 12: field 'REM': the file's total of this column goes out of range" \
    "the message names the file, the line and the field where the total went out of range"
lacks "$ERR" "runtime error" "no undefined behaviour is reported"
lacks "$ERR" "integer overflow" "no bare SQLite message"

# Ten such rows still fit: the bound is the sum, not the value.
head -c $(( $(head -n 11 "$OMF" | wc -c) )) "$OMF" > "$TEST_TMP/OPEN_MEDIC_2021.CSV"
import_into "$DB" "$TEST_TMP/OPEN_MEDIC_2021.CSV"
is "$RC" 0 "ten rows of 9e17 cents import"
is "$(q "$DB" "SELECT sum(reimbursed_cents) FROM med_fact WHERE year = 2021")" \
    "9000000000000000000" "and their sum is exact"
is "$(q "$DB" "SELECT reimbursed_cents FROM med_total WHERE year = 2021 AND level = 1
    AND region = -2 AND age = -2 AND sex = -2 AND prescriber = -2")" \
    "9000000000000000000" "the all-France total holds it exactly"

# A positive and a negative figure may add to little while their magnitude
# cannot be summed in any order: refused too, at the row that passes the bound.
python3 - "$FIX/openmedic/OPEN_MEDIC_2022.CSV" "$TEST_TMP/OPEN_MEDIC_2020.CSV" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
out = [lines[0]]
for i in range(11):
    row = lines[1 + i % 2].split(b';')
    row[19] = (b'-' if i % 2 else b'') + b'9000000000000000'	# REM, euros
    out.append(b';'.join(row))
open(sys.argv[2], 'wb').write(b'\r\n'.join(out) + b'\r\n')
PY
expect_failure "Open Medic REM of both signs" "$DB" "$TEST_TMP/OPEN_MEDIC_2020.CSV"
contains "$ERR" "OPEN_MEDIC_2020.CSV: line 12: field 'REM'" "the message names the row where the magnitude passed 2^63"

# --- SAE: 1025 sites of 9e15 beds pass 2^63 at the last one. -------------------
mkdir "$TEST_TMP/sae"
awk 'BEGIN { print "BOR;AN;FI;RS;FI_EJ;LIT_MCO;PLA_MCO;SEJHC_MCO;SEJHP_MCO;JOU_MCO";
    for (i = 0; i < 1025; i++)
        printf "SYGEN;2022;01%07d;SITE;010780054;9000000000000000;1;1;1;1\n", i }' \
    > "$TEST_TMP/sae/SYGEN_2022r.csv"
SDB="$TEST_TMP/sae.db"
import_into "$SDB" "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
expect_failure "SAE beds past 2^63" "$SDB" "$TEST_TMP/sae/SYGEN_2022r.csv"
contains "$ERR" "SYGEN_2022r.csv: line 1026: field 'LIT_MCO': the year's figures add up beyond what can be counted" \
    "the SAE message names the file, the line and the field"
lacks "$ERR" "runtime error" "no undefined behaviour in SAE sums"

# --- FINESS: nofinesset that is no FINESS number. -------------------------------
FDB="$TEST_TMP/finess.db"
import_into "$FDB" "$SRC"
is "$RC" 0 "the FINESS fixture imports"
for bad in 01000002 0100000245 01000002X 2C0000024 " 10000024" 2a0000024; do
	sed "2s/^structureet;010000024;/structureet;$bad;/" "$SRC" > "$TEST_TMP/bad.csv"
	expect_failure "nofinesset '$bad'" "$FDB" "$TEST_TMP/bad.csv"
	contains "$ERR" "bad.csv: line 2: field 'nofinesset': not a FINESS number" \
	    "nofinesset '$bad': the message names file, line and field"
done

# Every number imported opens with hospital.
for fi in $(q "$FDB" "SELECT finess FROM establishment"); do
	run hospital --db "$FDB" "$fi"
	is "$RC" 0 "hospital $fi opens what the import stored"
done

# A FINESS number twice: a clear message, not SQLite's.
sed -n 2p "$SRC" > "$TEST_TMP/line2"
{ cat "$SRC"; cat "$TEST_TMP/line2"; } > "$TEST_TMP/dup.csv"
expect_failure "nofinesset twice" "$FDB" "$TEST_TMP/dup.csv"
contains "$ERR" "dup.csv: line 16: field 'nofinesset': appears twice in the extract '010000024'" \
    "a duplicate names file, line, field and number"
lacks "$ERR" "UNIQUE constraint" "and no raw SQLite message"

# Impossible dates are stored as not declared, each said with file, line and field;
# a date re-saved by a spreadsheet (DD/MM/YYYY) is read.
sed -e '2s/;1979-02-13;1979-02-13;2020-02-04;$/;2026-13-45;0000-01-01;04\/02\/2020;/' \
    -e '3s/;1951-01-01;1951-01-01;2024-04-08;$/;2023-02-29;2024-02-29;1951-1-01;/' \
    "$SRC" > "$TEST_TMP/dates.csv"
import_into "$FDB" "$TEST_TMP/dates.csv"
is "$RC" 0 "an extract with impossible dates imports"
contains "$ERR" "dates.csv: line 2: field 'dateouv': not a date '2026-13-45': stored as not declared" \
    "month 13 is said"
contains "$ERR" "dates.csv: line 2: field 'dateautor': not a date '0000-01-01'" "year 0 is said"
contains "$ERR" "dates.csv: line 3: field 'dateouv': not a date '2023-02-29'" "29 February 2023 is said"
contains "$ERR" "dates.csv: line 3: field 'datemaj': not a date '1951-1-01'" "a short month is said"
is "$(q "$FDB" "SELECT finess, opened, authorised, updated FROM establishment
    WHERE finess IN ('010000024', '970100400') ORDER BY finess")" \
"010000024|NULL|NULL|2020-02-04
970100400|NULL|2024-02-29|NULL" "bad dates are NULL, good ones kept, DD/MM/YYYY made ISO"
is "$(q "$FDB" "SELECT json_extract(control_totals, '\$.fields_not_valid') FROM dataset WHERE kind = 'finess'")" \
    4 "provenance counts the fields not valid"

# An impossible extraction date refuses the extract (it dates the dataset).
sed '1s/2026-05-12/2026-02-30/' "$SRC" > "$TEST_TMP/meta.csv"
expect_failure "extraction date 2026-02-30" "$FDB" "$TEST_TMP/meta.csv"
contains "$ERR" "meta.csv: line 1: field 'date d'extraction': not a date '2026-02-30'" \
    "the meta line's date is checked"

# Record types mediflux does not read are reported, not skipped silently.
{ cat "$SRC"; printf 'activiteoffresoin;010000024;01;x\nactiviteoffresoin;970100400;02;y\nequipementsocial;010000024;1\n'; } \
    > "$TEST_TMP/kinds.csv"
import_into "$FDB" "$TEST_TMP/kinds.csv"
is "$RC" 0 "an extract with other record types imports"
contains "$ERR" "kinds.csv: 2 'activiteoffresoin' records not read (mediflux reads structureet and geolocalisation lines), the first at line 16" \
    "each skipped record type is said with its count and first line"
contains "$ERR" "1 'equipementsocial' record not read" "the second type too"
is "$(q "$FDB" "SELECT json_extract(control_totals, '\$.other_record_types.activiteoffresoin.rows'),
    json_extract(control_totals, '\$.other_records') FROM dataset WHERE kind = 'finess'")" "2|3" \
    "provenance keeps them by type"
import_into "$FDB" --json "$TEST_TMP/kinds.csv"
is "$(printf '%s' "$OUT" | json "[w for w in d['warnings'] if 'equipementsocial' in w][0]")" \
    "$TEST_TMP/kinds.csv: 1 'equipementsocial' record not read (mediflux reads structureet and geolocalisation lines), the first at line 18" \
    "--json lists them among the warnings"

# A record type carrying an escape reaches no terminal raw.
{ cat "$SRC"; printf 'evil\033[31m;x\n'; } > "$TEST_TMP/esc.csv"
import_into "$FDB" "$TEST_TMP/esc.csv"
is "$RC" 0 "an unknown record type with an escape imports"
lacks "$ERR" "$(printf '\033')" "its name is sanitised in the warning"

done_testing
