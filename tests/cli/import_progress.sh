# SPDX-License-Identifier: ISC
# Progress on stderr: bytes, rows, rows per second and time left on a terminal;
# nothing when stderr is not a terminal, or with --quiet.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

# 400 000 rows in the published layout. They take less than the 250 ms before
# progress is first drawn: MEDIFLUX_PROGRESS_MS=0 draws it from the first
# 16 384 rows, whatever the machine's speed.
big="$TEST_TMP/OPEN_MEDIC_2023.CSV"
om_rows "$big" 400000
gzip -1 "$big"

# script(1) gives the import a terminal; its output is what the terminal showed.
MEDIFLUX_PROGRESS_MS=0 script -qec "'$MEDIFLUX' import --db '$TEST_TMP/tty.db' --geography '$GEO' '$big.gz'" \
    /dev/null > "$TEST_TMP/tty.out" 2>&1
shown=$(tr '\r' '\n' < "$TEST_TMP/tty.out")
contains "$shown" "OPEN_MEDIC_2023.CSV.gz: " "on a terminal, progress names the file"
ok "with bytes read out of the file's size" \
    sh -c "printf '%s' \"\$1\" | grep -Eq ': [0-9]+\.[0-9]/[0-9]+\.[0-9] MB, [0-9]{1,3}(,[0-9]{3})* rows, [0-9]{1,3}(,[0-9]{3})* rows/s'" sh "$shown"
contains "$shown" "openmedic  2023" "and the summary follows"

# In French: megabytes with a decimal comma, rows grouped by a space (a
# smaller file: progress is drawn every 16 384 rows).
small="$TEST_TMP/fr/OPEN_MEDIC_2023.CSV"
mkdir -p "$TEST_TMP/fr"
om_rows "$small" 40000
gzip -1 "$small"
MEDIFLUX_PROGRESS_MS=0 LC_ALL=fr_FR.UTF-8 script -qec "'$MEDIFLUX' import --db '$TEST_TMP/tty-fr.db' --geography '$GEO' '$small.gz'" \
    /dev/null > "$TEST_TMP/tty-fr.out" 2>&1
shown=$(tr '\r' '\n' < "$TEST_TMP/tty-fr.out")
ok "fr: progress in French numbers" \
    sh -c "printf '%s' \"\$1\" | grep -Eq ' : [0-9]+,[0-9]/[0-9]+,[0-9] Mo, [0-9]{1,3}( [0-9]{3})* lignes, [0-9]{1,3}( [0-9]{3})* lignes/s'" sh "$shown"
contains "$shown" "OPEN_MEDIC_2023.CSV.gz : construction et vérification des totaux…" \
    "fr: and what the import is doing, a space before the colon"

# Drawn at once if it were drawn at all.
export MEDIFLUX_PROGRESS_MS=0
run import --db "$TEST_TMP/pipe.db" --geography "$GEO" "$big.gz"
unset MEDIFLUX_PROGRESS_MS
is "$RC" 0 "an import whose stderr is not a terminal"
is "$ERR" "" "prints no progress"
is "$(q "$TEST_TMP/pipe.db" "SELECT count(*) FROM med_fact")" 400000 "and loads every row"

MEDIFLUX_PROGRESS_MS=0 script -qec "'$MEDIFLUX' import --quiet --db '$TEST_TMP/quiet.db' --geography '$GEO' '$big.gz'" \
    /dev/null > "$TEST_TMP/quiet.out" 2>&1
ok "--quiet on a terminal draws no progress" \
    sh -c "! grep -q 'rows/s' '$TEST_TMP/quiet.out'"

done_testing
