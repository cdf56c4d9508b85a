# SPDX-License-Identifier: ISC
# Escape injection (issue 15, point 4): terminal escape sequences, the C1 CSI
# (U+009B, UTF-8 C2 9B), bidi controls and zero-width characters planted in
# stored strings (with sqlite3, and through import), in the command line and
# in profile values never reach stdout or stderr, plain or --json: each is
# dropped (a line or paragraph separator shows as a space), what is printable
# around it is shown.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

# ESC [31m, ESC [2J (clear the screen), BEL, C1 CSI 1m, RLO, LRI, ZWSP, ZWJ,
# BOM, LRM, ALM, then x, LINE SEPARATOR, y (no ';': it goes in CSV fields).
P=$(printf '\033[31m\033[2J\007\302\2331m\342\200\256\342\201\246\342\200\213\342\200\215\357\273\277\342\200\216\330\234x\342\200\250y')
# What is left of it to show.
SHOWN='[31m[2J1mx y'
# The same in a JSON string, where C0 controls must be escaped.
PJ=$(printf '\\u001b[31m\\u001b[2J\\u0007\302\2331m\342\200\256\342\201\246\342\200\213\342\200\215\357\273\277\342\200\216\330\234x\342\200\250y')

cat > "$TEST_TMP/scan.py" <<'PY'
# Names every byte or character of the files that must not reach a terminal.
import sys
bad = {0x1B: 'ESC', 0x07: 'BEL', 0x202A: 'LRE', 0x202B: 'RLE', 0x202C: 'PDF',
       0x202D: 'LRO', 0x202E: 'RLO', 0x2066: 'LRI', 0x2067: 'RLI', 0x2068: 'FSI',
       0x2069: 'PDI', 0x200E: 'LRM', 0x200F: 'RLM', 0x061C: 'ALM',
       0x2028: 'LS', 0x2029: 'PS', 0x200B: 'ZWSP', 0x200C: 'ZWNJ',
       0x200D: 'ZWJ', 0x2060: 'WJ', 0xFEFF: 'BOM'}
found = set()
for name in sys.argv[1:]:
    data = open(name, 'rb').read()
    if b'\xc2\x9b' in data:
        found.add('C2 9B')
    text = data.decode('utf-8', errors='replace')
    for ch in text:
        c = ord(ch)
        if c in bad:
            found.add(bad[c])
        elif 0x80 <= c < 0xA0:
            found.add('C1 U+%04X' % c)
        elif c < 0x20 and ch != '\n':
            found.add('C0 %02X' % c)
print(' '.join(sorted(found)))
PY

# hrun ARG...: mediflux ARG..., stdout and stderr kept as bytes (and in OUT, ERR).
hrun() {
	"$MEDIFLUX" "$@" > "$TEST_TMP/out" 2> "$TEST_TMP/err"
	RC=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
}

# clean WHAT: the last hrun printed nothing that drives or reorders a terminal.
clean() {
	_found=$(python3 "$TEST_TMP/scan.py" "$TEST_TMP/out" "$TEST_TMP/err")
	is "$_found" "" "$1: no escape, C1, bidi or zero-width character on stdout or stderr"
}

# db_clean WHAT DB: no text cell of any table of DB holds one either.
db_clean() {
	_found=$(python3 - "$2" "$TEST_TMP/scan.py" <<'PY'
import os, sqlite3, subprocess, sys
if not os.path.isfile(sys.argv[1]):
    print('no database'); sys.exit(0)
db = sqlite3.connect(sys.argv[1])
with open(sys.argv[1] + '.text', 'w', encoding='utf-8', errors='surrogateescape') as f:
    for (t,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'"
                           " AND name NOT LIKE 'place_search%' AND name NOT LIKE 'sqlite%'"):
        for row in db.execute('SELECT * FROM "%s"' % t):
            for v in row:
                if isinstance(v, str):
                    f.write(v.replace('\n', ' ') + '\n')
print(subprocess.run([sys.executable, sys.argv[2], sys.argv[1] + '.text'],
                     capture_output=True, text=True).stdout.strip())
PY
)
	is "$_found" "" "$1: no escape, C1, bidi or zero-width character stored"
}

# --- Stored strings planted with sqlite3 into a copy of the sample database. ----------
H="$TEST_TMP/hostile.db"
cp "$REFDB" "$H"
sqlite3 "$H" "
UPDATE establishment SET name = name || '$P', long_name = long_name || '$P',
    address = '$P' || address, category_label = category_label || '$P'
    WHERE finess = '010000024';
UPDATE dataset SET source = source || '$P', file_name = '$P' || file_name;
UPDATE departement SET name = name || '$P' WHERE code = '01';
UPDATE region SET name = name || '$P';
UPDATE commune SET name = name || '$P' WHERE departement_code = '01';
UPDATE sae_site SET beds_source = beds_source || '$P';
UPDATE atc SET label = label || '$P';
UPDATE med_product SET label = label || '$P';
UPDATE professional SET territory_label = territory_label || '$P';"
is "$(sqlite3 "$H" "SELECT count(*) FROM establishment WHERE instr(name, char(27, 91)) AND instr(name, char(155)) AND instr(name, char(8238))")" 1 \
    "the hostile database holds ESC, C1 CSI and RLO in a hospital name"
U="$TEST_TMP/user.db"

hrun --db "$H" --user-db "$U" hospital 010000024
is "$RC" 0 "hospital of a hostile name: exit 0"
is "$(sed -n 2p "$TEST_TMP/out")" "CH DE FLEYRIAT$SHOWN" "hospital: the title line shows the name sanitised"
contains "$OUT" "Centre Hospitalier (C.H.)$SHOWN" "hospital: a field of the table too"
contains "$OUT" "Ain$SHOWN" "hospital: the département named from the geography"
clean "hospital"
hrun --db "$H" --user-db "$U" hospital --json 010000024
is "$(json 'd["name"]' < "$TEST_TMP/out")" "CH DE FLEYRIAT$SHOWN" "hospital --json: the name sanitised"
clean "hospital --json"

hrun --db "$H" --user-db "$U" search 01
is "$RC" 0 "search of a hostile département: exit 0"
is "$(sed -n 2p "$TEST_TMP/out")" "13 hospitals and clinics in département 01 (Ain$SHOWN)" "search: the département name sanitised"
clean "search 01"
hrun --db "$H" --user-db "$U" search --json 01
clean "search --json 01"

hrun --db "$H" --user-db "$U" health
contains "$OUT" "  source: INSEE Code officiel géographique 2026, INSEE Populations légales, La Poste Base officielle des codes postaux, via @etalab/decoupage-administratif 6.0.0 (Licence Ouverte)$SHOWN" \
    "health: the source line sanitised"
clean "health"
hrun --db "$H" --user-db "$U" health --json
clean "health --json"

for args in "regions" "regions --json" "regions --level departement" \
    "regions --level departement --json" "meds" "meds --json" \
    "meds --by product" "meds --atc N" "meds --atc N --json" "history" \
    "history --json"; do
	# shellcheck disable=SC2086
	hrun --db "$H" --user-db "$U" $args
	is "$RC" 0 "$args on the hostile database: exit 0"
	clean "$args"
done
hrun --db "$H" --user-db "$U" meds --atc N
contains "$(sed -n 2p "$TEST_TMP/out")" ", ATC N Système nerveux$SHOWN" "meds: the ATC label sanitised"

# --- Through import: a FINESS file with a hostile name, under a hostile file name. -----
FI="$TEST_TMP/etalab-cs1100507-$P.csv"
sed "2s/;CH DE FLEYRIAT;/;CH DE FLEYRIAT$P;/" "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv" > "$FI"
is "$(grep -cF "$P" "$FI")" 1 "the FINESS file holds the payload in a name"
I="$TEST_TMP/imported.db"
hrun import --db "$I" --geography "$GEO" "$FI"
is "$RC" 0 "import of the hostile FINESS file: exit 0"
clean "import"
is "$(q "$I" "SELECT name FROM establishment WHERE finess = '010000024'")" "CH DE FLEYRIAT$SHOWN" \
    "import: the name stored sanitised"
is "$(q "$I" "SELECT file_name FROM dataset WHERE kind = 'finess'")" "etalab-cs1100507-$SHOWN.csv" \
    "import: the file name recorded sanitised"
db_clean "import" "$I"
rm -f "$I"
hrun import --json --db "$I" --geography "$GEO" "$FI"
is "$RC" 0 "import --json: exit 0"
clean "import --json"

# The geography and its source, through the import code that builds it (mkrefdb).
G="$TEST_TMP/geo"
cp -R "$top_srcdir/tests/fixtures/geo" "$G"
chmod -R u+w "$G"
sed -i "s/^01,Ain,/01,Ain$P,/" "$G/departements.csv"
"$top_builddir/data/mkrefdb" -o "$TEST_TMP/geo.db" --year 2026 --source "INSEE$P" "$G" 2>"$TEST_TMP/err"
is "$?" 0 "a geography with a hostile département name and source builds"
is "$(q "$TEST_TMP/geo.db" "SELECT name FROM departement WHERE code = '01'")|$(q "$TEST_TMP/geo.db" "SELECT DISTINCT source FROM dataset")" \
    "Ain$SHOWN|INSEE$SHOWN" "the département name and the source stored sanitised"
db_clean "geography" "$TEST_TMP/geo.db"
I2="$TEST_TMP/imported2.db"
hrun import --db "$I2" --geography "$TEST_TMP/geo.db" --quiet "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
is "$RC" 0 "import on the hostile geography: exit 0"
hrun --db "$I2" --user-db "$U" search 01
contains "$OUT" "1 hospital or clinic in département 01 (Ain$SHOWN)
" "search on it names the département sanitised"
clean "search on the imported geography"
hrun --db "$I2" --user-db "$U" health
contains "$OUT" "  source: INSEE$SHOWN" "health on it: the source line sanitised"
clean "health on the imported geography"

# --- The command line. ----------------------------------------------------------------
hrun "$P"
is "$RC" 2 "an unknown command: exit 2"
is "$(sed -n 1p "$TEST_TMP/err")" "mediflux: unknown command '$SHOWN'" "an unknown command: echoed sanitised"
clean "an unknown command"
hrun "--x$P"
is "$RC" 2 "an unknown option: exit 2"
is "$(sed -n 1p "$TEST_TMP/err")" "mediflux: unknown option --x$SHOWN" "an unknown option: echoed sanitised"
clean "an unknown option"
hrun --db "$H" search "--x$P" 01
is "$(sed -n 1p "$TEST_TMP/err")" "mediflux search: unknown option --x$SHOWN" "an unknown option of a command: echoed sanitised"
clean "an unknown option of a command"
hrun --db "$H" import --year "2024$P" x.csv
is "$RC" 2 "import --year with escapes: exit 2"
is "$(sed -n 1p "$TEST_TMP/err")" "mediflux import: --year wants a whole number from 1990 to 2100" \
    "import --year: the shared option parser's message, nothing echoed"
clean "import --year"
hrun --db "$H" --user-db "$U" hospital "01$P"
is "$RC" 1 "hospital of an escape: exit 1"
clean "hospital of an escape"
hrun --db "$H" --user-db "$U" search "Bourg$P"
clean "search of an escape"
hrun --db "$H" --user-db "$U" meds --region "$P"
clean "meds --region"
hrun --db "$H" --user-db "$U" regions --sort "$P"
clean "regions --sort"
hrun --user-db "$U" profile set "$P" x
clean "profile set of an unknown key"
hrun --db "$H" update --dry-run "$P"
clean "update of an unknown dataset"
hrun --db "$TEST_TMP/none$P.db" --user-db "$U" search lyon
is "$ERR" "mediflux: $TEST_TMP/none$SHOWN.db: No such file or directory" "--db of a missing file: named sanitised"
clean "--db of a missing file"
hrun --db "$TEST_TMP/none$P.db" --user-db "$U" health
clean "health --db of a missing file"
hrun --user-db "$U" profile import "$TEST_TMP/none$P.json"
clean "profile import of a missing file"

B="$TEST_TMP/backup$P.db"
hrun --db "$H" backup "$B"
is "$RC" 0 "backup to a hostile name: exit 0"
is "$OUT" "Reference database $H backed up to $TEST_TMP/backup$SHOWN.db" "backup: the path echoed sanitised"
clean "backup"
R="$TEST_TMP/restored.db"
cp "$REFDB" "$R"
hrun --db "$R" restore "$B"
is "$RC" 0 "restore from a hostile name: exit 0"
is "$OUT" "Reference database $R restored from $TEST_TMP/backup$SHOWN.db" "restore: the path echoed sanitised"
clean "restore"
hrun --db "$H" backup "$TEST_TMP/none$P/b.db"
is "$RC" 1 "backup into a missing directory: exit 1"
clean "backup into a missing directory"
hrun --db "$R" restore "$TEST_TMP/none$P.db"
is "$RC" 1 "restore of a missing file: exit 1"
clean "restore of a missing file"

# --- Profile values: refused when typed or imported, sanitised when found stored. -------
hrun --user-db "$U" profile set mutuelle.name MGEN
is "$RC" 0 "a plain mutuelle name is stored"
for what in "RLO:$(printf 'MG\342\200\256EN')" "C1 CSI:$(printf 'MG\302\2332JEN')" \
    "ZWSP:$(printf 'MG\342\200\213EN')" "BOM:$(printf '\357\273\277MGEN')" \
    "LINE SEPARATOR:$(printf 'MG\342\200\250EN')"; do
	hrun --user-db "$U" profile set mutuelle.name "${what#*:}"
	is "$RC|$ERR" "1|mediflux: mutuelle.name: must be text of 1 to 100 characters, without control or invisible characters" \
	    "profile set with a ${what%%:*}: refused"
	clean "profile set with a ${what%%:*}"
done
printf '{"mutuelle": {"name": "MG\\u202eEN"}}\n' > "$TEST_TMP/bidi.json"
before=$(sum_of "$U")
hrun --user-db "$U" profile import "$TEST_TMP/bidi.json"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/bidi.json: mutuelle.name: must be text of 1 to 100 characters, without control or invisible characters" \
    "profile import of a bidi override: refused"
is "$(sum_of "$U")" "$before" "the user database is byte-identical"
# A value stored before the rule, or by another tool, and a history entry.
sqlite3 "$U" "UPDATE profile SET document = '{\"mutuelle\": {\"name\": \"MGEN$PJ\"}}';
INSERT INTO history (at, pane, command, params) VALUES
    ('2026-01-01T00:00:00.000Z', 'hospitals', 'search', '{\"query\": \"lyon$PJ\"}');"
hrun --user-db "$U" profile show
contains "$OUT" "MGEN$SHOWN" "profile show: a stored value sanitised"
clean "profile show"
hrun --user-db "$U" profile show --json
is "$(json 'd["mutuelle"]["name"]' < "$TEST_TMP/out")" "MGEN$SHOWN" "profile show --json: sanitised"
clean "profile show --json"
hrun --user-db "$U" profile export
clean "profile export"
hrun --user-db "$U" history
contains "$OUT" "lyon$SHOWN" "history: a stored query sanitised"
clean "history"
hrun --user-db "$U" history --json
clean "history --json"
hrun --db "$H" --user-db "$U" backup --user "$TEST_TMP/user$P.db"
is "$OUT" "User database $U backed up to $TEST_TMP/user$SHOWN.db" "backup --user: the path echoed sanitised"
clean "backup --user"
hrun --db "$H" --user-db "$U" restore --user "$TEST_TMP/user$P.db"
is "$RC" 0 "restore --user from a hostile name: exit 0"
clean "restore --user"

# --- consolidate: what an input holds is sanitised on the way in. -----------------------
# A small reference database (the FINESS import above) with the payload planted
# back, and the user database with its planted profile and history entry.
C="$TEST_TMP/small.db"
cp "$I" "$C"
sqlite3 "$C" "UPDATE establishment SET name = 'CH DE FLEYRIAT$P' WHERE finess = '010000024';
UPDATE establishment SET city = city || '$P';
UPDATE dataset SET source = source || '$P' WHERE kind = 'finess';"
cp "$U" "$TEST_TMP/carol.db"
O="$TEST_TMP/out$P.db"
hrun consolidate -o "$O" --geography "$GEO" --users "$TEST_TMP/users" "$C" "$TEST_TMP/carol.db"
is "$RC|$ERR" "0|" "consolidate of hostile databases: exit 0, nothing on stderr"
contains "$OUT" "$TEST_TMP/out$SHOWN.db written" "consolidate: OUT named sanitised"
clean "consolidate"
is "$(q "$O" "SELECT name FROM establishment WHERE finess = '010000024'")" "CH DE FLEYRIAT$SHOWN" \
    "consolidate: the name carried sanitised"
db_clean "consolidate" "$O"
hrun --user-db "$TEST_TMP/users/carol.db" profile show --json
is "$(json 'd["mutuelle"]["name"]' < "$TEST_TMP/out")" "MGEN$SHOWN" "consolidate: a profile value carried sanitised"
hrun --user-db "$TEST_TMP/users/carol.db" history --json
is "$(json '[e["params"]["query"] for e in d["entries"] if e["params"].get("query", "").startswith("lyon")][0]' < "$TEST_TMP/out")" "lyon$SHOWN" \
    "consolidate: a history entry carried sanitised"
db_clean "consolidate: the user database written" "$TEST_TMP/users/carol.db"
rm -rf "$O" "$TEST_TMP/users"
hrun consolidate --json -o "$O" --geography "$GEO" "$C"
is "$RC" 0 "consolidate --json: exit 0"
clean "consolidate --json"

done_testing
