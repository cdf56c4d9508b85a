# SPDX-License-Identifier: ISC
# Open Medic rows read from their bytes (om_prepare), on the CSV reader's thread when
# it would otherwise wait for the import, else on the import's own: every row that
# reading refuses is read again from its decoded fields (om_row_read), which names what
# is wrong. A small file, all of it split before om_prepare is set, and a large one made
# of its rows over and over, much of it read ahead, give the same facts, the same
# totals and the same messages, whatever the numbers' syntax and the record's encoding
# (CP1252, UTF-8, ASCII).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

SMALL="$TEST_TMP/small/OPEN_MEDIC_2023.CSV"
BIG="$TEST_TMP/big/OPEN_MEDIC_2023.CSV"
mkdir "$TEST_TMP/small" "$TEST_TMP/big"
# Copies of the rows in the large file: 3.5 MB, some thirty batches of the reader's.
COPIES=1200

# om_file OUT COPIES [LINE ROW]: the rows below COPIES times after the header (CRLF), with
# line LINE (the header is line 1) replaced by ROW (bytes, Python escapes) when given.
om_file() {
	python3 - "$@" <<'PY'
import sys
out, copies = sys.argv[1], int(sys.argv[2])
header = (b"ATC1;l_ATC1;ATC2;L_ATC2;ATC3;L_ATC3;ATC4;L_ATC4;ATC5;L_ATC5;CIP13;l_cip13;"
          b"TOP_GEN;GEN_NUM;age;sexe;BEN_REG;PSP_SPE;BOITES;REM;BSE")
# Products: CP1252 labels; CP1252 again; a CIP13 that is the first one's prefix; UTF-8
# labels; ASCII only.
a = (b"B;Sang et organes h\xe9matopo\xef\xe9tiques;B01;Antithrombotiques;B01A;"
     b"Antithrombotiques;B01AF;Inhibiteurs directs du facteur Xa;B01AF02;Apixaban;"
     b"3400926784102;ELIQUIS 5MG CPR 60;0;0;")
b = (b"C;Syst\xe8me cardio-vasculaire;C01;M\xe9dicaments en cardiologie;C01D;"
     b"Vasodilatateurs en cardiologie;C01DX;Autres vasodilatateurs en cardiologie;"
     b"C01DX16;Nicorandil;3400921610840;NICORANDIL SDZ 20MG CPR 30;1;1101;")
e = (b"B;Sang et organes h\xe9matopo\xef\xe9tiques;B01;Antithrombotiques;B01A;"
     b"Antithrombotiques;B01AF;Inhibiteurs directs du facteur Xa;B01AF02;Apixaban;"
     b"340092678410;ELIQUIS 2,5MG CPR 60;0;0;")
c = ("A;Système digestif et métabolisme;A02;Médicaments pour les troubles de l'acidité;"
     "A02B;Médicaments pour l'ulcère peptique;A02BC;Inhibiteurs de la pompe à protons;"
     "A02BC01;Oméprazole;3400902536565;OMÉPRAZOLE 10MG GÉLULE 14;1;1;").encode()
d = (b"N;Systeme nerveux;N02;Analgesiques;N02B;Autres analgesiques;N02BE;Anilides;"
     b"N02BE01;Paracetamol;3400930000001;DOLIPRANE 1000MG CPR 8;1;2;")
rows = [
    a + b"60;2;93;1;1520;46.027,25;48.500,00",
    a + b"60;1;5;90;310;9.387,12;9.880,10",
    a + b"20;9;0;99; 7 ; +12,5 ;-0,01",
    a + b"99;2;99;98;12,0;1 234,5;1.234.567,8",
    e + b"60;1;93;1;3;12,345;-12,345",
    a + b"60;2;11;1;-3;-33,77;-37,62",
    b + b"0;1;84;12;5;;",
    # A tab and a control character inside numbers: decoded, a space and nothing.
    b + b"01; 2;+84;015;1\t234;12\x0134,5;,5",
    c + b"60,0;2;76;90;-51;-66596,25;-66.900,00",
    c + b"65;1;99;0;18426;1234.56;1,234.56",
    c + b"60;1;11;1;2; 1 234 ;1\t234",
    d + b"20;2;11;1;0;0;0",
    d + b"  ;  ;  ;  ;   ;  ;  ",
    d + b"20;2;11;1;+0;-0;-0,00",
]
lines = [header] + rows * copies
if len(sys.argv) > 3:
    lines[int(sys.argv[3]) - 1] = sys.argv[4].encode().decode("unicode_escape").encode("latin-1")
open(out, "wb").write(b"".join(l + b"\r\n" for l in lines))
PY
}

# facts DB: the facts in file order, with their product's CIP13.
facts() {
	q "$1" "SELECT p.cip13, f.age, f.sex, f.region, f.prescriber, f.boxes,
	    f.reimbursed_cents, f.base_cents FROM med_fact f
	    JOIN med_product p ON p.id = f.product_id ORDER BY f.id"
}

# totals DB: the import's control totals, one per line.
totals() {
	q "$1" "SELECT control_totals FROM dataset WHERE kind = 'openmedic'" |
	    json 'chr(10).join("%s=%s" % kv for kv in sorted(d.items()))'
}

ROWS="3400926784102|60|2|93|1|1520|4602725|4850000
3400926784102|60|1|5|90|310|938712|988010
3400926784102|20|9|0|99|7|1250|-1
3400926784102|99|2|99|98|12|123450|123456780
340092678410|60|1|93|1|3|1235|-1235
3400926784102|60|2|11|1|-3|-3377|-3762
3400921610840|0|1|84|12|5|NULL|NULL
3400921610840|1|2|84|15|1234|123450|50
3400902536565|60|2|76|90|-51|-6659625|-6690000
3400902536565|65|1|99|0|18426|123456|123456
3400902536565|60|1|11|1|2|123400|123400
3400930000001|20|2|11|1|0|0|0
3400930000001|NULL|NULL|NULL|NULL|NULL|NULL|NULL
3400930000001|20|2|11|1|0|0|0"

# --- The rows once: a small file. ------------------------------------------------------
om_file "$SMALL" 1
DBS="$TEST_TMP/small.db"
import_into "$DBS" --quiet "$SMALL"
is "$RC:$ERR" "0:" "the small file imports"
is "$(facts "$DBS")" "$ROWS" \
    "every syntax read: thousands by '.', ',' and ' ', '+', '-0', 12,0 boxes, rounding half away, a tab and a control character decoded, blank cells not declared"

# --- The same rows 1200 times: a large file, read ahead. ------------------------------------
om_file "$BIG" "$COPIES"
DBB="$TEST_TMP/big.db"
import_into "$DBB" --quiet "$BIG"
is "$RC:$ERR" "0:" "the large file imports"
expected=$(i=0; while [ $i -lt $COPIES ]; do printf '%s\n' "$ROWS"; i=$((i + 1)); done)
got=$(facts "$DBB")
is "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" $((14 * COPIES)) "its 16 800 facts"
ok "are the small file's, row by row, 1200 times" test "$got" = "$expected"
is "$(totals "$DBB")" "$(totals "$DBS" | python3 -c '
import sys
scaled = ("base_cents", "boxes", "empty_cells", "negative_rows", "reimbursed_cents", "rows")
for line in sys.stdin.read().split():
    k, v = line.split("=")
    print("%s=%s" % (k, int(v) * 1200 if k in scaled else v))')" \
    "its totals are the small file's, times 1200 (products and regions the same)"
is "$(q "$DBB" "SELECT cip13, label, atc5, generic_status, generic_group FROM med_product ORDER BY cip13")" \
    "$(q "$DBS" "SELECT cip13, label, atc5, generic_status, generic_group FROM med_product ORDER BY cip13")" \
    "the same products"

# --- The same errors, a row deep in the large file or in the small one. ---------------------
# bad WHAT ROW MESSAGE: ROW (Python escapes) as line 5 of the small file and as line 9 005
# of the large one: the import fails with MESSAGE, naming that file and line.
bad() {
	om_file "$SMALL" 1 5 "$2"
	expect_failure "$1, in a small file" "$DBS" "$SMALL"
	is "$ERR" "mediflux: $SMALL: line 5: $3" "$1, in a small file: the message"
	om_file "$BIG" "$COPIES" 9005 "$2"
	expect_failure "$1, deep in a large file" "$DBB" "$BIG"
	is "$ERR" "mediflux: $BIG: line 9005: $3" "$1, deep in a large file: the same message"
}
P="N;Systeme nerveux;N02;Analgesiques;N02B;Autres analgesiques;N02BE;Anilides;N02BE01;Paracetamol;3400930000001;DOLIPRANE 1000MG CPR 8;1;2;"
PC="C;Syst\\xe8me cardio-vasculaire;C01;M\\xe9dicaments;C01D;Vasodilatateurs;C01DX;Autres;C01DX16;Nicorandil;3400921610840;NICORANDIL SDZ 20MG CPR 30;1;1101;"
bad "REM '12,3x'" "${P}20;2;11;1;1;12,3x;5" "field 'REM': not an amount '12,3x'"
bad "BOITES '12,5'" "${P}20;2;11;1;12,5;1;5" "field 'BOITES': not a whole number '12,5'"
bad "age '6O'" "${P}6O;2;11;1;1;1;5" "field 'AGE': not a code '6O'"
bad "BEN_REG '255'" "${P}20;2;255;1;1;1;5" "field 'BEN_REG': not a code '255'"
bad "a CP1252 BSE '4,5\\xe9'" "${PC}20;2;11;1;1;1;4,5\\xe9" "field 'BSE': not an amount '4,5é'"
bad "a tab that makes no whole number" "${PC}20;2;11;1;1\\t2,5;1;5" "field 'BOITES': not a whole number '1 2,5'"
bad "20 fields" "${P}20;2;11;1;1;1" "20 fields where the header has 21"

done_testing
