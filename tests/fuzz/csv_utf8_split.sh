#!/bin/sh
# SPDX-License-Identifier: ISC
# The first fuzzing finding, through the command line: a UTF-8 sequence cut by
# a separator ("...\xc3;\xa9...") made each field invalid UTF-8 alone while the
# record passed as UTF-8, and decoding it wrote past its buffer (a crash). Such
# a record is now CP1252, like any record that is not UTF-8 field by field.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

F=$TEST_TMP/etalab-cs1100507-stock-20260512-0339.csv
python3 - "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv" "$F" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
old = b'CH DE FLEYRIAT;CENTRE HOSPITALIER'
assert data.count(old) == 1
open(sys.argv[2], 'wb').write(data.replace(old, b'CH DE FLEYRIAT\xc3;\xa9CENTRE HOSPITALIER'))
PY
DB=$TEST_TMP/ref.db
import_into "$DB" "$F"
is "$RC" 0 "the FINESS extract imports"
is "$ERR" "" "without a message"
is "$(q "$DB" "SELECT name || '|' || long_name FROM establishment WHERE finess = '010000024'")" \
    "CH DE FLEYRIATÃ|©CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT" \
    "the two bytes read as CP1252, one in each field"
is "$(q "$DB" "SELECT mft_label FROM establishment WHERE finess = '010000024'")" \
    "ARS Ã©tablissements Publics de santÃ© dotation globale" \
    "the whole record is CP1252, as the reader decides per record"
is "$(q "$DB" "SELECT mft_label FROM establishment WHERE finess = '970100400'")" \
    "ARS établissements Publics de santé dotation globale" \
    "the next record, whole UTF-8, stays UTF-8"
done_testing
