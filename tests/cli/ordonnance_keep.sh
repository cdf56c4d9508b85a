# SPDX-License-Identifier: ISC
# mediflux ordonnance --keep, --pick, --list, --show: the three-line prescription
# of ordonnance.sh rendered at 200 dpi (tests/ocr/mkscan), kept as read without a
# mutuelle, then with runner-ups and a presentation from outside the candidates
# picked with a mutuelle at 100 %; what the user database holds (the base name,
# never the image, 0600); mediflux history listing each; profile export carrying
# them and profile import bringing them back, once, into another user database.
. "$top_srcdir/tests/lib.sh"

MKSCAN="$top_builddir/tests/ocr/mkscan"
if ! [ -f /usr/share/tesseract-ocr/5/tessdata/fra.traineddata ] && [ -z "${TESSDATA_PREFIX:-}" ]; then
	echo "1..0 # SKIP Tesseract's French model is not installed (Debian: tesseract-ocr-fra)"
	exit 0
fi
export MEDIFLUX_DB="$REFDB"
W="$TEST_TMP/scans/private"
mkdir -p "$W"
UDB="$XDG_DATA_HOME/mediflux/user.db"
DATE=2026-12-07

# ordo ARG...: mediflux ordonnance, bounded in time.
ordo() {
	OUT=$(timeout 60 "$MEDIFLUX" ordonnance "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}

"$MKSCAN" -d 200 "$W/rx200.png" < "$top_srcdir/tests/fixtures/ordonnance/three-lines.txt"
is "$?" 0 "the prescription renders at 200 dpi"

# --- Nothing kept yet. -------------------------------------------------------------------
ordo --list
is "$RC|$OUT|$ERR" "0|No prescription kept yet.|" "--list says when nothing was kept"
ordo --list --json
is "$RC|$OUT" "0|[]" "--list --json: an empty list"

# --- Kept as read, without a mutuelle. ---------------------------------------------------
ordo --date "$DATE" --keep "$W/rx200.png"
is "$RC|$ERR" "0|" "--keep reads and keeps"
contains "$OUT" "Total  20.08              13.06      0.00       4.00        11.02" "the total as read: 11.02 left"
contains "$OUT" "Kept as prescription 1: mediflux ordonnance --show 1 shows it again." "it says under which number"
is "$(stat -c %a "$UDB")" 600 "the user database stays 0600"

# --- Runner-ups and another presentation picked, with a mutuelle at 100 %. -------------
"$MEDIFLUX" profile set mutuelle.coverage 100 >/dev/null
# The day it is kept is today's, whichever side of midnight the command ran.
KEPT_FIRST=$(date +%F)
ordo --date "$DATE" --pick 2=3400975479981 --pick=1=3400917107071 --pi 3=3400978351543 \
    --keep --prescribed 2026-12-05 "$W/rx200.png"
KEPT_LAST=$(date +%F)
is "$RC|$ERR" "0|" "three picks, then kept"
contains "$OUT" "Line  Medicine                              CIP13           Match  Boxes
   1  EUPANTOL 20 mg, comprimé              3400917107071     70%      1
   2  AMOXICILLINE BIOGARAN 500 mg, gélule  3400975479981     75%      2
   3  LEVOTHYROX 75 microgrammes, comprimé  3400978351543  chosen      1" \
    "the runner-ups EUPANTOL 20 and AMOXICILLINE BIOGARAN, and LEVOTHYROX 75 from outside the candidates"
# 6.64 - 4.32 = 2.32; two boxes of 3.58: 2 x (3.58 - 2.33); 6.99 - 4.54 = 2.45.
contains "$OUT" " Line   Base  Assurance Maladie  Mutuelle  Franchise  Left to pay
    1   6.64               4.32      2.32       1.00         1.00
    2   7.16               4.66      2.50       2.00         2.00
    3   6.99               4.54      2.45       1.00         1.00
Total  20.79              13.52      7.27       4.00         4.00" \
    "every line's costs counted again: 4.00 left, the franchises"
contains "$OUT" "   or: EUPANTOL 40 mg, comprimé (3400907973242, 100%)" "the match read first is now a runner-up"
contains "$OUT" "Kept as prescription 2: mediflux ordonnance --show 2 shows it again." "kept as number 2"

ordo --date "$DATE" --pick 2=3400975479981 --json "$W/rx200.png"
is "$(printf '%s' "$OUT" | json "d['lines'][1]['match']['cip13'], d['lines'][1]['picked'], d['lines'][0]['picked'], d['total']['left_to_pay_cents'], 'kept_id' in d")" \
    "3400975479981 True False 400 False" "--pick without --keep: shown, not kept"

# --- Picks refused. ----------------------------------------------------------------------
ordo --date "$DATE" --pick 2:3400975479981 "$W/rx200.png"
is "$RC|$OUT|$ERR" "2||mediflux ordonnance: --pick takes a line's number and a CIP13, such as 2=3400912345678
Try 'mediflux ordonnance --help'." "--pick needs N=CIP13"
ordo --date "$DATE" --pick 5=3400975479981 "$W/rx200.png"
is "$RC|$OUT|$ERR" "1||mediflux: --pick 5=3400975479981: the prescription has 3 lines" "a line the page does not have"
ordo --date "$DATE" --pick 3=3400930000000 "$W/rx200.png"
is "$RC|$OUT|$ERR" "1||mediflux: --pick 3=3400930000000: no presentation of the BDPM has this CIP13" \
    "a CIP13 the BDPM does not have"
ordo --list "$W/rx200.png"
is "$RC|$ERR" "2|mediflux ordonnance: --list and --show go alone, without a file
Try 'mediflux ordonnance --help'." "--list takes no file"
ordo --show 7
is "$RC|$OUT|$ERR" "1||mediflux: no prescription kept with this number (mediflux ordonnance --list lists them)" \
    "--show of a number never kept"
is "$(sqlite3 "$UDB" "SELECT count(*) FROM prescription")" 2 "refused picks keep nothing"

# --- Listed and shown again. -------------------------------------------------------------
ordo --list
is "$RC" 0 "--list"
is "$(printf '%s\n' "$OUT" | sed 's/[0-9-]* [0-9:]*  rx/WHEN  rx/')" "id  kept                 file       medicines  Left to pay
 2  WHEN  rx200.png     3 of 3         4.00
 1  WHEN  rx200.png     3 of 3        11.02" "newest first, with their file's name and what is left to pay"
ordo --show 2
is "$RC" 0 "--show 2"
is "$(printf '%s\n' "$OUT" | sed -n "s/^\(Prescription 2 (rx200.png), kept\) \($KEPT_FIRST\|$KEPT_LAST\) [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\$/\1 TODAY/p")" \
    "Prescription 2 (rx200.png), kept TODAY" "its number, file and day"
contains "$OUT" "Prescribed on 2026-12-05
Costs on $DATE with a mutuelle covering 100% of the base" "the prescription's date and the mutuelle counted"
contains "$OUT" "   3  LEVOTHYROX 75 microgrammes, comprimé  3400978351543  chosen      1" "the presentation picked"
contains "$OUT" "Total  20.79              13.52      7.27       4.00         4.00" "the total kept"
ordo --show 1 --json
is "$(printf '%s' "$OUT" | json "d['id'], d['file'], d['prescribed_on'], d['mutuelle_coverage_pct'], d['total']['left_to_pay_cents'], [l['cip13'] for l in d['lines']], [l['boxes'] for l in d['lines']]")" \
    "1 rx200.png 2026-12-07 None 1102 ['3400907973242', '3400905544673', '3400907032147'] [1, 2, 1]" \
    "--show --json: the day read on the page, the three presentations read, 11.02 left, no mutuelle"
is "$(printf '%s' "$OUT" | json "d['lines'][1]['text'], d['lines'][1]['instructions'], d['lines'][1]['cost']['left_to_pay_cents']")" \
    "AMOXICILLINE SANDOZ 500 mg, gélule 2 gélules matin et soir pendant 6 jours 448" \
    "each line's text and instructions as read, and its cost"

# --- What the user database holds. ------------------------------------------------------
is "$(sqlite3 "$UDB" "SELECT group_concat(file, ' ') FROM prescription")" "rx200.png rx200.png" "the file's base name only"
is "$(sqlite3 "$UDB" "SELECT count(*) FROM prescription_line WHERE typeof(text) <> 'text' OR length(text) > 200")" 0 \
    "each line's text, short: no image"
lacks "$(sqlite3 "$UDB" .dump)" "$TEST_TMP" "nothing of the scan's directory"

# --- mediflux history lists each. --------------------------------------------------------
run history
is "$RC" 0 "history"
is "$(printf '%s\n' "$OUT" | sed 's/[0-9-]* [0-9:]*  ordo/WHEN  ordo/')" "id  when                 command              results  ms
 2  WHEN  ordonnance --show 2        3
 1  WHEN  ordonnance --show 1        3" "each kept prescription is an entry, the command that shows it again"

# --- profile export carries them, profile import brings them back. -----------------------
run profile export "$TEST_TMP/export.json"
is "$RC" 0 "profile export"
is "$(json "d['mutuelle']['coverage'], len(d['prescriptions']), [p['file'] for p in d['prescriptions']], d['prescriptions'][1]['lines'][2]['cip13'], 'id' in d['prescriptions'][0]" < "$TEST_TMP/export.json")" \
    "100 2 ['rx200.png', 'rx200.png'] 3400978351543 False" \
    "the export keeps the profile and adds the prescriptions, oldest first, without their numbers"
OTHER="$TEST_TMP/other.db"
run --user-db "$OTHER" profile import "$TEST_TMP/export.json"
is "$RC|$OUT|$ERR" "0|Profile imported from $TEST_TMP/export.json
2 prescriptions kept added|" "import into another user database adds both"
run --user-db "$OTHER" profile import "$TEST_TMP/export.json"
is "$RC|$OUT" "0|Profile imported from $TEST_TMP/export.json" "importing again adds nothing"
run --user-db "$OTHER" ordonnance --show 2
contains "$OUT" "Total  20.79              13.52      7.27       4.00         4.00" "the one picked, whole"
run --user-db "$OTHER" history
contains "$OUT" "ordonnance --show 2" "and history lists them there"
run --user-db "$OTHER" profile export "$TEST_TMP/again.json"
is "$(cmp "$TEST_TMP/export.json" "$TEST_TMP/again.json" && echo same)" same "exported again, the same file"

# Many kept prescriptions make a file over 1 MiB: still a profile file.
python3 -c "
import copy, json, sys
d = json.load(sys.stdin)
one = d['prescriptions'][1]
d['prescriptions'] = []
for i in range(600):
    p = copy.deepcopy(one)
    p['kept_at'] = '2025-%02d-%02dT10:00:%02d.000Z' % (i % 12 + 1, i % 28 + 1, i % 60)
    p['file'] = 'scan%03d.png' % i
    d['prescriptions'].append(p)
json.dump(d, sys.stdout, indent=2)" < "$TEST_TMP/export.json" > "$TEST_TMP/many.json"
is "$(($(stat -c %s "$TEST_TMP/many.json") > 1048576))" 1 "600 prescriptions kept: over 1 MiB"
run --user-db "$TEST_TMP/many.db" profile import "$TEST_TMP/many.json"
is "$RC|$ERR|$(printf '%s' "$OUT" | tail -1)" "0||600 prescriptions kept added" "imported whole"

# A damaged prescription refuses the whole file, naming the place only.
python3 -c "import json, sys; d = json.load(sys.stdin); d['prescriptions'][0]['lines'][1]['cip13'] = 'SECRET'; json.dump(d, sys.stdout)" \
    < "$TEST_TMP/export.json" > "$TEST_TMP/bad.json"
run --user-db "$TEST_TMP/third.db" profile import "$TEST_TMP/bad.json"
is "$RC|$OUT|$ERR" "1||mediflux: $TEST_TMP/bad.json: prescriptions[0].lines[1].cip13: missing or not valid" \
    "a bad CIP13 is refused, not quoted"
is "$(sqlite3 "$TEST_TMP/third.db" "SELECT count(*) FROM prescription" 2>/dev/null || echo none)" none \
    "and the user database is not even created"

done_testing
