# SPDX-License-Identifier: ISC
# Small hostile inputs (issue 15, point 9): a location that folds to nothing ("%", "-")
# is refused as search refuses it, never answered with every commune; a profile file or
# update catalogue starting with a UTF-8 byte order mark is read; plain tables align by
# display columns (wide, fullwidth and decomposed characters) the same under LC_ALL=C as
# under C.UTF-8.
. "$top_srcdir/tests/lib.sh"

export MEDIFLUX_DB="$REFDB"

# field EXPR: a value from 'profile show --json'.
field() {
	"$MEDIFLUX" profile show --json | json "$1"
}

# --- A location that folds to nothing. ---------------------------------------------------

run profile set location "Brest (29)"
is "$RC:$OUT" "0:location: Brest (29, 29200), INSEE 29019" "a location to keep"
for term in "%" "-" "'" " % _ " "%%%"; do
	run profile set location "$term"
	is "$RC:$OUT:$ERR" "1::mediflux: location: give a commune name, a postcode or an INSEE code" \
	    "location '$term': refused as giving nothing to look for"
done
# Only a département or a postcode beside it: no name to suggest communes from.
run profile set location "% (69)"
is "$RC:$OUT:$ERR" \
    "1::mediflux: location: no commune of the reference geography matches (give a commune name, a postcode or an INSEE code)" \
    "location '% (69)': no list of the département's communes"
run profile set location "69001 %"
is "$RC:$OUT" "0:location: Lyon 1er Arrondissement (69, 69001), INSEE 69381" \
    "location '69001 %': the postcode alone decides"
run profile set location "Brest (29)"
is "$(field 'd["location"]["name"]')" Brest "the stored location is unchanged by the refusals"
# search shares the check.
run search "%"
is "$RC:$OUT" "2:" "search '%': refused too"
contains "$ERR" "nothing to search for (a city, a postcode or a département code) in '%'" \
    "with search's own message"

# --- A UTF-8 byte order mark. ----------------------------------------------------------------

printf '\357\273\277{"mutuelle": {"name": "Mutuelle BOM", "coverage": 180}}\n' > "$TEST_TMP/bom.json"
run profile import "$TEST_TMP/bom.json"
is "$RC:$ERR" "0:" "a profile file with a byte order mark is imported"
is "$(field 'd["mutuelle"]["name"], d["mutuelle"]["coverage"]')" "Mutuelle BOM 180" "its values stored"
# An error after the mark is placed as the user sees the text (the mark is invisible).
printf '\357\273\277{"mutuelle": x}\n' > "$TEST_TMP/bom-bad.json"
run profile import "$TEST_TMP/bom-bad.json"
is "$RC:$ERR" "1:mediflux: $TEST_TMP/bom-bad.json: line 1, column 14: invalid token" \
    "an error after the mark: its line and column, counted without the mark"
# A mark alone, or two of them: still not a profile.
printf '\357\273\277' > "$TEST_TMP/bom-only.json"
run profile import "$TEST_TMP/bom-only.json"
is "$RC:$ERR" "1:mediflux: $TEST_TMP/bom-only.json: line 1, column 0: '[' or '{' expected" \
    "a file holding only the mark: refused"
printf '\357\273\277\357\273\277{}' > "$TEST_TMP/bom-twice.json"
run profile import "$TEST_TMP/bom-twice.json"
is "$RC" 1 "two marks: the second is not skipped"
is "$(field 'd["mutuelle"]["name"]')" "Mutuelle BOM" "the profile is unchanged by the refusals"
# An update catalogue with a mark is read as JSON (it names no source here, so no fetch).
printf '\357\273\277{"version": 1}\n' > "$TEST_TMP/catalogue.json"
run update --db "$TEST_TMP/ref.db" --sources "$TEST_TMP/catalogue.json"
is "$RC:$ERR" "1:mediflux: $TEST_TMP/catalogue.json: no \"sources\" array" \
    "an update catalogue with a byte order mark is parsed"
run update --db "$TEST_TMP/ref.db" --sources "$TEST_TMP"
is "$RC:$ERR" "1:mediflux: $TEST_TMP: not a regular file" "a directory as catalogue: named"
is "$(ls "$TEST_TMP" | grep -c '^ref\.db')" 0 "and no database is created"

# --- Plain tables align by display columns, whatever the locale. ----------------------------

# widths: the display width of each line of stdin (East Asian wide and fullwidth count 2,
# combining marks 0), as a set: one number when every line has the same width.
widths() {
	python3 -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(" ".join(sorted({str(width(l.rstrip("\n"))) for l in sys.stdin})))'
}
for q in "東京東京" "ＬＹＯＮ" "$(printf 'Orle\314\201ans')" "Orléans" "lyon"; do
	"$MEDIFLUX" search "$q" >/dev/null 2>&1
done
LC_ALL=C.UTF-8 "$MEDIFLUX" history > "$TEST_TMP/utf8.txt"
is "$(wc -l < "$TEST_TMP/utf8.txt" | tr -d ' ')" 6 "the history: a header and five searches"
contains "$(cat "$TEST_TMP/utf8.txt")" "search 東京東京 --limit 20" "wide characters shown as typed"
is "$(widths < "$TEST_TMP/utf8.txt")" "$(head -1 "$TEST_TMP/utf8.txt" | widths)" \
    "under C.UTF-8, every line as wide as the header"
LC_ALL=C "$MEDIFLUX" history > "$TEST_TMP/c.txt"
is "$(widths < "$TEST_TMP/c.txt")" "$(head -1 "$TEST_TMP/utf8.txt" | widths)" \
    "under LC_ALL=C, the same widths"
is "$(cmp "$TEST_TMP/c.txt" "$TEST_TMP/utf8.txt" && echo same)" same \
    "and the same bytes as under C.UTF-8"
LC_ALL=C LANG=C "$MEDIFLUX" search orleans > "$TEST_TMP/c-search.txt"
LC_ALL=C.UTF-8 "$MEDIFLUX" search orleans > "$TEST_TMP/utf8-search.txt"
is "$(cmp "$TEST_TMP/c-search.txt" "$TEST_TMP/utf8-search.txt" && echo same)" same \
    "a search's table (accented names) is the same under LC_ALL=C"

done_testing
