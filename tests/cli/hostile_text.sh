# SPDX-License-Identifier: ISC
# Hostile text: a 100 MB line (as text, inside quotes, as separators), NUL bytes
# (a label, a quoted field in a zip, a UTF-16 file), malformed UTF-8 beside valid
# UTF-8 (overlong, surrogate, past U+10FFFF), a header with a column twice or one
# missing, a profile nested 10 000 deep. Each: exact message with file, line and
# field, exit status 1, the database byte-identical, no temporary file, bounded memory.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/hostile_lib.sh"

OM="$FIX/openmedic/OPEN_MEDIC_2022.CSV"
hostile_target

# --- Lines of 100 MB, written in pieces: stopped at the 1 MiB record bound. ----------------
python3 - "$OM" "$W" <<'PY'
import gzip, sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
head = b'\r\n'.join(lines[:2]) + b'\r\n'
mib = 1024 * 1024
def long_line(f, start, unit, end):
    f.write(head + start)
    for _ in range(100):
        f.write(unit * (mib // len(unit)))
    f.write(end)
# A label of 100 MB, plain.
with open(sys.argv[2] + '/OPEN_MEDIC_2021.CSV', 'wb') as f:
    long_line(f, b'N;x;N05;x;N05B;x;N05BA;x;N05BA01;x;3400930000001;', b'X', b';0;0;0;1;11;99;1;2;3\r\n')
# The same inside quotes, with line breaks, gzipped.
with gzip.open(sys.argv[2] + '/OPEN_MEDIC_2020.CSV.gz', 'wb', compresslevel=1) as f:
    long_line(f, b'N;x;N05;x;N05B;x;N05BA;x;N05BA01;x;3400930000001;"', b'ab\r\n', b'";0\r\n')
# 100 MB of separators and nothing else.
with open(sys.argv[2] + '/OPEN_MEDIC_2019.CSV', 'wb') as f:
    long_line(f, b'', b';', b'\r\n')
PY
is "$(wc -c < "$W/OPEN_MEDIC_2021.CSV" | tr -d ' ')" 104858012 "a file with a line of 100 MB"
refused "a label of 100 MB" "$W/OPEN_MEDIC_2021.CSV: line 3: record longer than 1048576 bytes" \
    "$DB" "$W/OPEN_MEDIC_2021.CSV"
refused "a quoted field of 100 MB with line breaks, gzipped" \
    "$W/OPEN_MEDIC_2020.CSV.gz: line 3: record longer than 1048576 bytes" \
    "$DB" "$W/OPEN_MEDIC_2020.CSV.gz"
refused "a line of 100 MB of separators" "$W/OPEN_MEDIC_2019.CSV: line 3: record longer than 1048576 bytes" \
    "$DB" "$W/OPEN_MEDIC_2019.CSV"
rm -f "$W/OPEN_MEDIC_2021.CSV" "$W/OPEN_MEDIC_2019.CSV"

# --- NUL bytes: binary data, not text in any encoding. ---------------------------------------
python3 - "$OM" "$W" <<'PY'
import sys, zipfile
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
l = lines[:]
l[0] = l[0].replace(b'BOITES', b'BOI\x00TES')
open(sys.argv[2] + '/OPEN_MEDIC_2018.CSV', 'wb').write(b'\r\n'.join(l))
l = lines[:]
l[7] = b'"' + l[7][:1] + b'\x00"' + l[7][1:]
with zipfile.ZipFile(sys.argv[2] + '/nul.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('OPEN_MEDIC_2018.CSV', b'\r\n'.join(l))
# Excel's "Unicode text": UTF-16 with a BOM.
text = b'\r\n'.join(lines).decode('cp1252')
open(sys.argv[2] + '/OPEN_MEDIC_2017.CSV', 'wb').write(text.encode('utf-16'))
PY
refused "a NUL byte in the header" "$W/OPEN_MEDIC_2018.CSV: line 1: a NUL byte: binary data, not a CSV file" \
    "$DB" "$W/OPEN_MEDIC_2018.CSV"
refused "a NUL byte in a quoted field in a zip" \
    "$W/nul.zip: OPEN_MEDIC_2018.CSV: line 8: a NUL byte: binary data, not a CSV file" \
    "$DB" "$W/nul.zip"
refused "a UTF-16 file" "$W/OPEN_MEDIC_2017.CSV: line 1: a NUL byte: binary data, not a CSV file" \
    "$DB" "$W/OPEN_MEDIC_2017.CSV"

# --- Malformed UTF-8 beside valid UTF-8: neither UTF-8 nor CP1252. ---------------------------
# Row 3 re-encoded as UTF-8 (valid "é"), with the malformed sequence in its label.
MALFORMED="malformed UTF-8 (overlong, surrogate or past U+10FFFF) beside valid UTF-8: neither UTF-8 nor CP1252"
for c in "C0AF:overlong '/' in 2 bytes" "E080AF:overlong '/' in 3 bytes" \
    "F08080AF:overlong '/' in 4 bytes" "EDA080:the surrogate U+D800" \
    "F4908080:U+110000, past U+10FFFF"; do
	hex=${c%%:*}
	python3 - "$OM" "$W/OPEN_MEDIC_2015.CSV" "$hex" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
row = lines[2].decode('cp1252').encode('utf-8')
lines[2] = row.replace(b'ELIQUIS ', b'ELIQUIS' + bytes.fromhex(sys.argv[3]), 1)
open(sys.argv[2], 'wb').write(b'\r\n'.join(lines))
PY
	refused "${c#*:} beside valid UTF-8" \
	    "$W/OPEN_MEDIC_2015.CSV: line 3: field 'l_cip13': $MALFORMED" "$DB" "$W/OPEN_MEDIC_2015.CSV"
done
# Alone in a Latin-1 record, the same bytes are CP1252 ("À¯"), as in real files.
python3 - "$OM" "$W/OPEN_MEDIC_2015.CSV" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
lines = [l.replace(b'AVONEX ', b'AVONEX\xc0\xaf') for l in lines]
open(sys.argv[2], 'wb').write(b'\r\n'.join(lines))
PY
import_into "$TEST_TMP/latin.db" --quiet "$W/OPEN_MEDIC_2015.CSV"
is "$RC" 0 "C0 AF in a record without valid UTF-8 imports as CP1252"
is "$(q "$TEST_TMP/latin.db" "SELECT label FROM med_product WHERE cip13 = '3400921609080'")" \
    "AVONEXÀ¯0,03MG/0,5ML SOL INJ STYLO 4" "and reads 'À¯'"

# --- Headers: a column twice (in any case), a column missing. ---------------------------------
python3 - "$OM" "$FIX" "$W" <<'PY'
import sys
om, fix, w = sys.argv[1:]
lines = open(om, 'rb').read().split(b'\r\n')
out = [lines[0] + b';boites'] + [l + b';1' for l in lines[1:] if l]
open(w + '/OPEN_MEDIC_2014.CSV', 'wb').write(b'\r\n'.join(out) + b'\r\n')
out = [lines[0].replace(b';sexe;', b';')] + lines[1:]
open(w + '/OPEN_MEDIC_2013.CSV', 'wb').write(b'\r\n'.join(out))
d = open(fix + '/drees/medecins_rpps_2012_2025.csv', 'rb').read().split(b'\n')
d[0] = d[0].replace(b'sexe', b'REGION', 1)
open(w + '/medecins_rpps_2012_2025.csv', 'wb').write(b'\n'.join(d))
PY
mkdir -p "$W/sae/SAE 2022/Bases CSV"
sed '1s/;FI_EJ;/;fi;/' "$FIX/sae/2022/MCO_2022r.csv" > "$W/sae/SAE 2022/Bases CSV/MCO_2022r.csv"
bsdtar --format 7zip -cf "$W/sae_2022.7z" -C "$W/sae" "SAE 2022"
refused "Open Medic with BOITES and boites" \
    "$W/OPEN_MEDIC_2014.CSV: line 1: column 'boites' appears twice in the header" \
    "$DB" "$W/OPEN_MEDIC_2014.CSV"
refused "an SAE table with FI and fi, in a 7z" \
    "$W/sae_2022.7z: SAE 2022/Bases CSV/MCO_2022r.csv: line 1: column 'fi' appears twice in the header" \
    "$DB" "$W/sae_2022.7z"
refused "DREES with region and REGION" \
    "$W/medecins_rpps_2012_2025.csv: line 1: column 'REGION' appears twice in the header" \
    "$DB" "$W/medecins_rpps_2012_2025.csv"
refused "Open Medic without its sexe column" \
    "$W/OPEN_MEDIC_2013.CSV: line 1: no column 'SEXE' in the header" \
    "$DB" "$W/OPEN_MEDIC_2013.CSV"

# --- A profile nested 10 000 deep: jansson's depth limit, at once. ------------------------------
export MEDIFLUX_DB="$REFDB"
export MEDIFLUX_USER_DB="$TEST_TMP/user.db"
"$MEDIFLUX" profile set location Lyon >/dev/null
python3 -c 'print("{\"preferences\": " + "[" * 10000 + "]" * 10000 + "}")' > "$W/deep.json"
python3 -c 'print("{\"a\": " * 10000 + "1" + "}" * 10000)' > "$W/deep-objects.json"
for c in "deep.json:2064" "deep-objects.json:12289"; do
	f=${c%%:*}
	HOSTILE_INPUTS=$((HOSTILE_INPUTS + 1))
	before=$(sum_of "$MEDIFLUX_USER_DB")
	measured profile import "$W/$f"
	is "$RC:$ERR" "1:mediflux: $W/$f: line 1, column ${c#*:}: maximum parsing depth reached" \
	    "a profile $f nested 10 000 deep: exit 1, the place"
	is "$(sum_of "$MEDIFLUX_USER_DB")" "$before" "$f: the user database is byte-identical"
	bounded "$f"
done

report_inputs
done_testing
