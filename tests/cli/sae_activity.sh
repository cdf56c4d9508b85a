# SPDX-License-Identifier: ISC
# What each establishment does, from the real SAE 2021 and 2023 archives: every activity
# figure's national sum and site count equal to those taken straight from the CSVs, named
# establishments' figures read by hand from the raw rows, the Activités section of
# `hospital` (text and JSON), `search --with` (filters, counts, errors, hostile text,
# history), and doc/import.md documenting every figure the importer reads.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

REAL="$top_srcdir/tests/fixtures/real/sae"
A21="$REAL/SAE_2021_bases_statistiques_csv.7z"
A23="$REAL/SAE_2023_bases_statistiques_csv.7z"
F507="$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
DB="$TEST_TMP/real.db"
export SOURCE_DATE_EPOCH=1767225600
import_into "$DB" --quiet "$F507" "$A21" "$A23"
unset SOURCE_DATE_EPOCH
is "$RC" 0 "real FINESS lines and both real SAE archives import"
is "$(q "$DB" "SELECT year, count(*), count(DISTINCT finess), count(DISTINCT measure)
    FROM sae_activity GROUP BY year ORDER BY year")" "2021|31307|3822|66
2023|31690|3793|67" "activity figures of 3,822 sites in 2021 and 3,793 in 2023 (dialysis centres included)"
is "$(q "$DB" "SELECT year || ' ' || json_extract(control_totals, '$.activity_columns_missing')
    FROM dataset WHERE kind = 'sae' ORDER BY year")" '2021 ["BLOCS.SALHYB"]
2023 []' "2021 publishes no hybrid rooms (BLOCS.SALHYB): that figure is left out of 2021, and said"
is "$(q "$DB" "SELECT count(*) FROM sae_activity a LEFT JOIN dataset d ON d.id = a.dataset_id
    WHERE d.kind IS NOT 'sae' OR d.year <> a.year")" 0 "each figure belongs to its year's SAE dataset"

# raw_sums ARCHIVE YEAR: for each figure the provenance names (table, kind of row,
# columns), its site count and sum computed from the CSV rows of the year that have a
# FINESS (and, in URGENCES2, a kind of unit), printed as "measure sites sum".
raw_sums() {
	q "$DB" "SELECT control_totals FROM dataset WHERE kind = 'sae' AND year = $2" |
	python3 -c '
import csv, io, json, subprocess, sys
archive, year = sys.argv[1], sys.argv[2]
act = json.load(sys.stdin)["activity"]
names = subprocess.run(["bsdtar", "-tf", archive], capture_output=True, text=True).stdout.split()
tables = {}
def rows(table):
    if table not in tables:
        name = [n for n in names if n.upper().startswith(table + "_" + year)][0]
        raw = subprocess.run(["bsdtar", "-xOf", archive, name], capture_output=True).stdout
        r = list(csv.reader(io.StringIO(raw.decode("cp1252")), delimiter=";"))
        head = [h.strip("\"").upper() for h in r[0]]
        tables[table] = [dict(zip(head, x)) for x in r[1:]]
    return tables[table]
for key in sorted(act):
    m = act[key]
    per = {}
    for r in rows(m["table"]):
        if r["AN"] != year or r["FI"] == "" or (m["table"] == "URGENCES2" and r["URG"] == ""):
            continue
        if m["kind_column"]:
            v = r[m["kind_column"]].upper()
            want = m["kind_value"]
            if (want[0] == "!" and v == want[1:]) or (want[0] != "!" and v != want):
                continue
        if m["columns"] is None:
            per[r["FI"]] = 1
        elif key == "maternity.level":
            if r["AUTOR"] in ("TYPE1", "TYPE2", "TYPE3"):
                per[r["FI"]] = int(r["AUTOR"][4])
        else:
            cells = [r[c] for c in m["columns"].split("+") if r[c] != ""]
            if cells:
                per[r["FI"]] = per.get(r["FI"], 0) + sum(int(c) for c in cells)
    print(key, len(per), sum(per.values()))
' "$1" "$2"
}

# db_sums YEAR: the same, as the database holds them.
db_sums() {
	q "$DB" "SELECT measure || ' ' || count(*) || ' ' || sum(value) FROM sae_activity
	    WHERE year = $1 GROUP BY measure ORDER BY measure"
}

for y in 2021 2023; do
	A=$REAL/SAE_${y}_bases_statistiques_csv.7z
	RAW=$(raw_sums "$A" $y)
	is "$(db_sums $y)" "$RAW" "$y: every activity figure's sites and sum equal the CSV's"
	is "$(q "$DB" "SELECT control_totals FROM dataset WHERE kind = 'sae' AND year = $y" |
	    json '"\n".join("%s %d %d" % (k, v["sites"], v["sum"]) for k, v in sorted(d["activity"].items()))')" \
	    "$RAW" "$y: the provenance records the same sums, with each figure's table and columns"
done

# Figures read by hand from the raw rows, without the importer's list.
# cell ARCHIVE TABLE FI COLUMN [KINDCOL KINDVAL]: the cell of the site's row (of that kind).
cell() {
	bsdtar -xOf "$1" "$(bsdtar -tf "$1" | grep "^$2_20")" | tr -d '\r' | awk -F';' \
	    -v fi="$3" -v col="$4" -v kc="${5:-}" -v kv="${6:-}" '
	NR == 1 { for (i = 1; i <= NF; i++) c[toupper($i)] = i; next }
	$c["FI"] == fi && (kc == "" || $c[kc] == kv) { print $c[col] }'
}
act() {
	q "$DB" "SELECT value FROM sae_activity WHERE finess = '$1' AND year = $2 AND measure = '$3'"
}
is "$(act 010000024 2023 maternity.deliveries)" \
    "$(( $(cell "$A23" PERINAT 010000024 ACCUN) + $(cell "$A23" PERINAT 010000024 ACCMU) ))" \
    "CH de Fleyriat 2023: deliveries are ACCUN + ACCMU of its PERINAT row"
is "$(act 010000024 2023 maternity.level)|$(cell "$A23" PERINAT 010000024 AUTOR)" "2|TYPE2" \
    "CH de Fleyriat: a type 2 maternity"
is "$(act 010000024 2023 icu_adult.beds)" "$(cell "$A23" REA 010000024 LIT UNI REAADU)" \
    "CH de Fleyriat 2023: adult intensive care beds are REA's LIT of its REAADU row"
is "$(act 010000024 2023 imaging.mri)|$(act 010000024 2021 imaging.mri)" \
    "$(cell "$A23" IMAGES 010000024 NB EQUIPIMA IRM)|$(cell "$A21" IMAGES 010000024 NB EQUIPIMA IRM)" \
    "CH de Fleyriat: its MRIs of 2021 and 2023 (IMAGES, EQUIPIMA IRM, NB)"
is "$(act 010000024 2023 dialysis.patients)" \
    "$(cell "$A23" DIALYSE 010000024 NBPAT | awk '$1 != "" { s += $1 } END { print s }')" \
    "CH de Fleyriat 2023: dialysis patients summed over its modality rows"
# A handful of named sites, each figure read by hand from its table.
is "$(act 750100125 2023 imaging.pet)|$(act 750100125 2023 imaging.mri)|$(act 750100125 2023 icu_adult.beds)" \
    "$(cell "$A23" IMAGES 750100125 NB EQUIPIMA TOMO)|$(cell "$A23" IMAGES 750100125 NB EQUIPIMA IRM)|$(cell "$A23" REA 750100125 LIT UNI REAADU)" \
    "la Pitié-Salpêtrière 2023: PET, MRI and adult intensive care beds as in IMAGES and REA"
is "$(act 690783154 2023 burns.beds)|$(act 690783154 2023 burns.icu_beds)|$(act 690783154 2023 burns.present)" \
    "$(cell "$A23" BRULES 690783154 LIT_BRU)|$(cell "$A23" BRULES 690783154 LIT_REA)|1" \
    "Édouard-Herriot (HCL) 2023: a burns centre, its beds as in BRULES"
is "$(act 330783648 2023 cardiac_surgery.adult)|$(act 330783648 2021 cardiac_surgery.adult)|$(act 330783648 2023 cath_lab.rooms)" \
    "$(cell "$A23" CHIRCAR 330783648 INTADU)|$(cell "$A21" CHIRCAR 330783648 INTADU)|$(cell "$A23" CHIRCAR 330783648 SALANG)" \
    "Haut-Lévêque (CHU de Bordeaux): adult cardiac surgery of both years and its cath labs, as in CHIRCAR"
is "$(act 540002698 2023 imaging.pet)|$(act 540002698 2023 icu_paediatric.beds)|$(act 540002698 2023 smur.outings)" \
    "$(cell "$A23" IMAGES 540002698 NB EQUIPIMA TOMO)|$(cell "$A23" REA 540002698 LIT UNI REAENF)|$(cell "$A23" SMURSAMU 540002698 SORTIES)" \
    "CHRU de Nancy, Brabois 2023: PET, paediatric intensive care beds and SMUR outings as in IMAGES, REA and SMURSAMU"
is "$(act 540002698 2023 stroke_unit.beds)|$(act 540002698 2023 samu.present)" "|0" \
    "Brabois: no stroke unit row (not declared, no figure), and no SAMU (0 as published)"
# The largest maternity of 2023 and its neonatal intensive care.
BIG=$(q "$DB" "SELECT finess FROM sae_activity WHERE year = 2023
    AND measure = 'maternity.births' ORDER BY value DESC, finess LIMIT 1")
is "$(act "$BIG" 2023 maternity.births)|$(act "$BIG" 2023 maternity.level)" \
    "$(cell "$A23" PERINAT "$BIG" ENFANTS)|$(cell "$A23" PERINAT "$BIG" AUTOR | tr -d TYPE)" \
    "the most births of 2023 ($BIG): ENFANTS and its type, as in the CSV"
is "$(q "$DB" "SELECT count(*) FROM sae_activity WHERE measure = 'maternity.level' AND year = 2023
    AND value = 3")" "$(bsdtar -xOf "$A23" PERINAT_2023r.csv | tr -d '\r' | grep -c ';TYPE3;')" \
    "every TYPE3 maternity of 2023 is a level 3"
is "$(q "$DB" "SELECT value FROM sae_activity WHERE measure = 'maternity.cppr' AND year = 2023
    LIMIT 1")|$(q "$DB" "SELECT count(*) FROM sae_activity a JOIN sae_activity b ON
    b.finess = a.finess AND b.year = a.year AND b.measure = 'maternity.level'
    WHERE a.measure = 'maternity.cppr'")" "1|0" "a CPPR is no maternity level"

# --- hospital: the Activities section. ------------------------------------------------
run --db "$DB" hospital 010000024
is "$RC" 0 "hospital shows CH de Fleyriat"
SECTION=$(printf '%s\n' "$OUT" | sed -n '/^Activities (SAE)$/,/^$/p')
contains "$SECTION" "                                                    2021    2023  Trend" \
    "the section's years side by side, then the change"
contains "$SECTION" "
  Maternity
    Maternity (type)                              type 2  type 2
    Deliveries                                     2,071   1,841   -11%" \
    "grouped: the maternity's type, then its deliveries with their change"
contains "$SECTION" "    Adult intensive care: beds                        12      12      =" \
    "an unchanged figure says ="
contains "$SECTION" "    Interventional rooms                               1     n/a" \
    "a figure a year did not declare is n/a, never 0"
contains "$SECTION" "    Follow-up care and rehabilitation                 no     yes" \
    "a bordereau filed one year and not the other: no, then yes"
lacks "$SECTION" "CT scanners                                        0" "no figure is invented"
run --db "$DB" hospital 010000024 --json
is "$(printf '%s' "$OUT" | json '[a for a in d["activities"] if a["measure"] == "maternity.deliveries"][0]')" \
    "{'measure': 'maternity.deliveries', 'group': 'Maternity', 'label': 'Deliveries', 'source': {'table': 'PERINAT', 'kind_column': None, 'kind_value': None, 'columns': 'ACCUN+ACCMU'}, 'years': {'2021': 2071, '2023': 1841}, 'trend': '-11%'}" \
    "--json: each figure with its source table and columns, its years and trend"
is "$(printf '%s' "$OUT" | json 'len(d["activities"])')" 48 "48 figures for CH de Fleyriat"

# --- hospital: its weight in its département and region. -----------------------------
run --db "$DB" hospital 010000024
is "$(printf '%s\n' "$OUT" | sed -n '/^Weight in its area/,/^$/p')" "Weight in its area (SAE 2023)
                      Site  Département  Share     Region  Share
  MCO beds             354          811  43.6%     22,464   1.6%
  Emergency visits  38,394      136,106  28.2%  2,460,592   1.6%
  Births             1,875        3,312  56.6%     78,997   2.4%" "the latest year's beds, passages and births beside the Ain's and Auvergne-Rhône-Alpes'"
run --db "$DB" hospital 010000024 --json
C=$(printf '%s' "$OUT" | json '"%d %d %d" % (d["context"]["figures"]["beds_mco"]["departement"],
    d["context"]["figures"]["er_passages"]["region"], d["context"]["figures"]["births"]["departement"])')
is "$C" "$(q "$DB" "SELECT sum(beds_mco) FROM sae_site WHERE year = 2023 AND departement = '01'") $(q "$DB" \
    "SELECT sum(er_passages_general) + sum(er_passages_paediatric) + coalesce(sum(er_passages_other), 0)
    FROM sae_site s JOIN departement d ON d.code = s.departement WHERE year = 2023
    AND d.region_code = '84'") $(bsdtar -xOf "$A23" PERINAT_2023r.csv | tr -d '\r' | awk -F';' '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["FI"] ~ /^01/ { s += $c["ENFANTS"] } END { print s }')" \
    "--json: the département's beds, the region's passages and the Ain's births (from the CSV) as summed by hand"

# --- search --with. ------------------------------------------------------------------
run --db "$DB" search 01 --with maternity:2,icu
is "$RC" 0 "search --with exits 0"
is "$OUT" "1 hospital or clinic in département 01 (Ain) with maternity:2,icu (SAE 2023)
FINESS     Name            Category                   Postcode  City    Dept
010000024  CH DE FLEYRIAT  Centre Hospitalier (C.H.)  01440     VIRIAT  01" \
    "a type 2 maternity with adult intensive care: CH de Fleyriat, the year named"
run --db "$DB" search 01 --with maternity:3
is "$OUT" "No hospital or clinic in département 01 (Ain) with maternity:3 (SAE 2023).
1 other establishment there: --all lists it.
1 other there without maternity:3." "no type 3 maternity in the Ain's lines: said, and counted"
run --db "$DB" search 01 --with "mri, ICU,maternity:1,maternity:2" --json
is "$(printf '%s' "$OUT" | json '"%s|%s|%s|%s" % (d["with"], d["with_year"], d["total"], d["without_activity"])')" \
    "mri,icu,maternity:2|2023|1|0" "--json: the list as read (the stricter level of two), the year, the counts"
run --db "$DB" search 01 --with pet
is "$(printf '%s\n' "$OUT" | tail -1)" "1 other there without pet." "CH de Fleyriat has no PET"
run --db "$DB" search 01 --with helicopter
is "$RC" 2 "an unknown activity is a usage error"
contains "$ERR" "--with: 'helicopter' is no activity mediflux knows (maternity[:1-3], nicu, icu," \
    "the message names it and lists those known"
run --db "$DB" search 01 --with maternity:4
is "$RC|$ERR" "2|mediflux search: --with: maternity's level is 1 to 3, not '4'
Try 'mediflux search --help'." "a level past 3 is refused"
run --db "$DB" search 01 --with icu:2
contains "$ERR" "--with: icu takes no level (':2')" "a level where none is taken is refused"
run --db "$DB" search 01 --with "$(printf 'x\033]0;pwned\007y')"
is "$RC" 2 "hostile text in --with is refused"
lacks "$ERR" "$(printf '\033')" "and echoed without its escape sequence"
run --db "$DB" search 01 --with ,
contains "$ERR" "--with: no activity given" "an empty list is refused"
# Without activity figures, --with says what to import.
import_into "$TEST_TMP/finess.db" --quiet "$F507"
run --db "$TEST_TMP/finess.db" search 01 --with icu
is "$RC" 1 "--with on a database without SAE activity fails"
contains "$ERR" "holds no SAE activity figures (import the SAE's bases statistiques" "and says why"
# History keeps the list, and an entry replays it.
USERDB="$TEST_TMP/user.db"
run --db "$DB" --user-db "$USERDB" search 01 --with maternity:2,icu
run --db "$DB" --user-db "$USERDB" history --json
is "$(printf '%s' "$OUT" | json 'd["entries"][0]["params"]')" \
    "{'query': '01', 'limit': 20, 'all': False, 'with': 'maternity:2,icu'}" "history records --with"

# --- Every figure the importer reads is documented. ----------------------------------
for k in $(sed -n 's/^	{ "\([a-z_]*\.[a-z_]*\)".*/\1/p' "$top_srcdir/src/sae_activity.c"); do
	grep -q "\`$k\`" "$top_srcdir/doc/import.md" || missing="$missing $k"
done
is "${missing:-}" "" "doc/import.md names every measure of src/sae_activity.c"

done_testing
