# SPDX-License-Identifier: ISC
# mediflux meds: volumes by ATC level and product, drill-down, filters, top-N,
# on the 19-row Open Medic 2022 fixture (sums known by hand, see
# tests/fixtures/import/README.md) and, against the stored rows themselves, on
# many filter combinations of the sample database.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

OM="$FIX/openmedic"
DB="$TEST_TMP/meds.db"
import_into "$DB" --quiet "$OM/OPEN_MEDIC_2016.CSV" "$OM/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "the 2016 and 2022 fixtures import"

meds() {
	run --db "$DB" meds "$@"
}
# rows CODE|BOXES|REIMBURSED|BASE of a --json answer, one a line.
rows() {
	json '"\n".join("%s|%s|%s|%s" % (r["code"], r["boxes"], r["reimbursed"], r["base"]) for r in d["rows"])'
}

# --- ATC1, the latest year, all of France, largest amount first. ---------------
meds --json
is "$RC" 0 "meds --json exits 0"
J=$OUT
is "$(printf '%s' "$J" | json '(d["year"], d["years"], d["by"], d["count"], d["sample"])')" \
    "(2022, [2016, 2022], 'atc1', 6, False)" "2022 by default, by ATC1, six classes, real data"
is "$(printf '%s' "$J" | rows)" \
"N|27|165834.0|165834.0
B|2243|67920.01|71557.42
S|12|1296.08|1368.54
C|94|1109.29|1664.34
A|5|0.0|0.0
L|-51|-66596.25|-66900.0" "six ATC1 rows by amount reimbursed, the regularisation of L last"
is "$(printf '%s' "$J" | json 'd["total"]')" \
    "{'rows': 19, 'boxes': 2330, 'reimbursed': 169563.13, 'base': 173524.3}" \
    "the total is the file's"
is "$(printf '%s' "$J" | json '"%.6f %.6f" % (d["rows"][0]["share"], sum(r["share"] for r in d["rows"]))')" \
    "0.978007 1.000000" "shares of the amount reimbursed add up to 1"
is "$(printf '%s' "$J" | json 'd["rows"][1]["label"]')" "Sang et organes hématopoïétiques" \
    "labels as the file gives them"

# --- Drill-down: ATC1 -> ATC2 -> ... -> product. --------------------------------
meds --atc c --json
is "$(printf '%s' "$OUT" | json '(d["by"], d["atc"])')" \
    "('atc2', {'code': 'C', 'label': 'Système cardio-vasculaire'})" "--atc c lists the ATC2 under C"
is "$(printf '%s' "$OUT" | rows)" \
"C09|36|708.12|1089.42
C08|49|299.88|462.07
C01|9|101.29|112.85" "three ATC2 under C"
meds --atc C08DA01 --json
is "$(printf '%s' "$OUT" | json '[(r["code"], r["atc"], r["label"], r["boxes"]) for r in d["rows"]]')" \
    "[('3400937140423', 'C08DA01', 'ISOPTINE 120 MG GELULE 90', 49)]" "an ATC5 lists its products"
meds --by product --top 2 --json
is "$(printf '%s' "$OUT" | json '([r["code"] for r in d["rows"]], d["count"])')" \
    "(['3400930202074', '3400926784102'], 8)" "--by product --top 2: the two largest of 8 products"
meds --atc N02 --json
is "$(printf '%s' "$OUT" | json '(d["count"], d["total"]["boxes"])')" "(0, 0)" \
    "an ATC code with nothing under it is an empty list"

# --- Filters: region (INSEE or BEN_REG), age, sex, prescriber, year. ------------
meds --region 93 --json
is "$(printf '%s' "$OUT" | json '(d["total"]["boxes"], d["total"]["reimbursed"], d["filters"]["region"])')" \
    "(2005, 206630.29, {'code': 93, 'label': \"Provence-Alpes-Côte d'Azur et Corse\"})" \
    "--region 93: BEN_REG 93"
meds --region Corse --json
is "$(printf '%s' "$OUT" | json '(d["total"]["boxes"], d["filters"]["region"]["code"])')" "(2005, 93)" \
    "Corse is counted with PACA"
contains "$ERR" "Open Medic counts Corse within BEN_REG 93" "and a note says so"
meds --region 01 --json
is "$(printf '%s' "$OUT" | json '(d["total"]["boxes"], d["total"]["reimbursed"])')" "(313, 27813.12)" \
    "Guadeloupe is BEN_REG 5, every overseas region"
meds --region "Île-de-France" --json
is "$(printf '%s' "$OUT" | rows)" \
"A|0|0.0|0.0
C|-3|-33.77|-37.62" "a region by its accented name"
meds --age 60+ --sex femme --json
is "$(printf '%s' "$OUT" | rows)" \
"B|1930|58442.05|61581.7
N|3|18426.0|18426.0
S|10|1287.47|1356.24
C|-3|-33.77|-37.62" "two filters (60 ans et +, women) sum the finest cells"
# The labels of the code lists mediflux writes are the interface's language.
is "$(printf '%s' "$OUT" | json '" · ".join(d["filters"][k]["label"] for k in ("region", "age", "sex", "prescriber"))')" \
    "All of France · 60 and over · Female · All prescribers" "the filters' labels in English"
run --db "$REFDB" meds --age 0-19 --sex homme --prescriber salarie
is "$(printf '%s\n' "$OUT" | sed -n 3p)" \
    "All of France · 0-19 years · Male · Salaried prescribers (mostly public hospitals)" \
    "the table's filter line too"
OUT=$(LC_ALL=fr_FR.UTF-8 "$MEDIFLUX" --db "$REFDB" meds --age 99 --sex inconnu --prescriber generaliste)
is "$(printf '%s\n' "$OUT" | sed -n 3p)" \
    "France entière · Âge inconnu · Valeur inconnue · Médecins généralistes libéraux" \
    "in French as the reference database holds them"
meds --age 60 --sex 1 --region 93 --prescriber specialiste --json
is "$(printf '%s' "$OUT" | rows)" "C|21|190.14|235.34" \
    "four filters: one cell (two PSP_SPE 3 rows of ATC1 C)"
meds --prescriber salarie --by atc5 --json
is "$(printf '%s' "$OUT" | json '[(r["code"], r["boxes"]) for r in d["rows"]]')" \
    "[('N07XX08', 27), ('B01AF02', 720), ('C09DB01', 6), ('L03AB07', -51)]" \
    "salaried prescribers (PSP_SPE 90) by ATC5"
meds --year 2016 --json
is "$(printf '%s' "$OUT" | json '(d["year"], d["total"]["rows"], d["total"]["boxes"])')" "(2016, 12, 900)" \
    "--year 2016"
meds --year 2016 --atc V03 --by atc5 --json
is "$(printf '%s' "$OUT" | json '[(r["code"], r["label"]) for r in d["rows"]]')" \
    "[('V03AX', '(no ATC5 code)')]" "a product without ATC5 is listed under its ATC4 at level 5"
meds --age 0-19 --json
is "$(printf '%s' "$OUT" | json '[(r["code"], r["boxes"], r["reimbursed"]) for r in d["rows"]]')" \
    "[('S', 2, 8.61), ('A', 5, None)]" "an amount nobody declared is null, not 0"

# --- The filters' values in English and in French, whatever the language. -------
# same_rows OPTION ENGLISH FRENCH CODE: the English value filters exactly as the
# French one (the whole --json answer), to the code CODE, and the rows are not
# the unfiltered ones.
ALL=$("$MEDIFLUX" --db "$DB" meds --json | rows)
same_rows() {
	meds "--$1" "$3" --json
	_fr=$OUT
	meds "--$1" "$2" --json
	is "$RC|$OUT" "0|$_fr" "--$1 $2 gives the rows of --$1 $3"
	is "$(printf '%s' "$OUT" | json "d['filters']['$1']['code']")" "$4" "--$1 $2 is code $4"
	ok "--$1 $2 filters the rows" test "$(printf '%s' "$OUT" | rows)" != "$ALL"
}
same_rows sex male homme 1
same_rows sex Women femme 2
same_rows sex unknown inconnu 9
same_rows age unknown inconnu 99
same_rows prescriber GP generaliste 1
same_rows prescriber general-practitioner généraliste 1
same_rows prescriber specialist specialiste 2
same_rows prescriber dentist dentiste 3
same_rows prescriber Salaried salarié 4
same_rows prescriber other autre 5
same_rows prescriber unknown inconnu 6
meds --sex man --age 60+ --prescriber specialist --json
_en=$OUT
meds --sex homme --age 60 --prescriber specialiste --json
is "$_en" "$OUT" "three English values together, as the French ones"

# --- Text for people. -----------------------------------------------------------
meds --region 93
is "$RC" 0 "text output exits 0"
is "$(printf '%s\n' "$OUT" | sed -n 1,2p)" \
"Reimbursed medicines 2022, by ATC1
Provence-Alpes-Côte d'Azur et Corse · All ages · All · All prescribers" "a title naming year and filters"
is "$(printf '%s\n' "$OUT" | sed -n 3,7p)" \
"Code   Label                             Boxes  Reimbursed €      Base €   Share
N      Système nerveux                      24    147,408.00  147,408.00   71.3%
B      Sang et organes hématopoïétiques  1,930     58,442.05   61,581.70   28.3%
C      Système cardio-vasculaire            51        780.24    1,143.19    0.4%
Total                                    2,005    206,630.29  210,132.89  100.0%" \
    "columns aligned by display width, amounts in euros, a total"
meds --top 2
contains "$OUT" "2 of 6 rows shown (--top)" "--top says what it left out"

# --- Bad input: a clear message, exit 2 for usage, 1 for what the data lacks. ---
meds --year 2019
is "$RC" 1 "a year without data exits 1"
contains "$ERR" "no Open Medic data for 2019 (years 2016 to 2022)" "naming the years there are"
meds --atc 1N
is "$RC" 2 "--atc that is not an ATC prefix is a usage error"
meds --atc N02 --by atc1
is "$RC" 1 "--by above --atc exits 1"
contains "$ERR" "ATC N02 is already at level 2" "and says why"
meds --region atlantis
is "$RC" 1 "an unknown region exits 1"
contains "$ERR" "unknown region 'atlantis'" "naming it"
meds --age 45
is "$RC" 2 "an unknown age band is a usage error"
meds --prescriber kine
is "$RC" 2 "an unknown prescriber group is a usage error"
is "$(printf '%s\n' "$ERR" | head -1)" "mediflux meds: --prescriber: unknown prescriber group 'kine': gp, specialist, dentist, salaried, other, unknown (or 1 to 6)" \
    "listing the groups by their English names"
meds --sex x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds: --sex is male, female or unknown" \
    "an unknown sex names the English values"
meds --age x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds: --age is 0-19, 20-59, 60+ or unknown" \
    "an unknown age band too"
BEFORE=$(sha256sum < "$DB")
meds --region "'; DROP TABLE med_total; --"
is "$RC" 1 "input that looks like SQL is an unknown region"
meds --prescriber "1 OR 1=1"
is "$RC" 2 "and an unknown prescriber group"
is "$(sha256sum < "$DB")" "$BEFORE" "the database is untouched"

# A damaged BLOB of finest cells, under a code with an escape in it, as a
# hostile file would have them: the query of several filters says which.
cp "$DB" "$TEST_TMP/damaged.db"
sqlite3 "$TEST_TMP/damaged.db" "UPDATE med_cell SET code = 'C' || char(27) || '[31m', cells = x'0aff'
    WHERE year = 2022 AND level = 1 AND code = 'C'"
run --db "$TEST_TMP/damaged.db" meds --age 60+ --sex femme
is "$RC" 1 "a damaged BLOB of cells exits 1"
contains "$ERR" "med_cell: code C" "naming the code"
contains "$ERR" "holds bytes that are not packed cells" "and what is wrong"
ok "the escape in the code is not echoed" test "$(printf '%s' "$ERR" | tr -d '\033')" = "$ERR"
# Two cells (60 ans et +, women) of 2^62 boxes each: their sum overflows.
huge=$(python3 -c '
def uv(u):
    out = b""
    while u >= 0x80:
        out += bytes([u & 0x7f | 0x80]); u >>= 7
    return out + bytes([u])
zz = lambda v: uv(v << 1 if v >= 0 else (-v << 1) - 1)
cell = uv(0x3) + zz(11) + zz(60) + zz(2) + zz(1) + zz(1) + zz(1 << 62)
print((cell * 2).hex())')
sqlite3 "$TEST_TMP/damaged.db" "UPDATE med_cell SET cells = x'$huge' WHERE year = 2022 AND level = 1 AND code = 'B'"
run --db "$TEST_TMP/damaged.db" meds --age 60+ --sex femme
is "$RC|$ERR" "1|mediflux: med_cell: code B: its sums overflow" "sums that overflow exit 1, saying so"

# --- The sample database: every answer equals the stored rows summed. ----------
run --db "$REFDB" meds --json
is "$(printf '%s' "$OUT" | json 'd["sample"]')" True "sample data says so in --json"
# The stored rows are packed (med_fact_run): tests/refdb_sql reads them as rows.
"$top_builddir/tests/refdb_sql" "$REFDB" "SELECT year, product_id, age, sex, region,
    prescriber, boxes, reimbursed_cents FROM med_fact" > "$TEST_TMP/facts"
python3 - "$MEDIFLUX" "$REFDB" "$TEST_TMP/facts" > "$TEST_TMP/cross" <<'PY'
import json, sqlite3, subprocess, sys, random
exe, db, facts = sys.argv[1], sys.argv[2], sys.argv[3]
con = sqlite3.connect("file::memory:", uri=True)
con.execute("ATTACH ? AS ref", ("file:%s?mode=ro" % db,))
con.execute("CREATE TABLE med_fact (year, product_id, age, sex, region, prescriber,"
            " boxes, reimbursed_cents)")
con.executemany("INSERT INTO med_fact VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ([None if v == "NULL" else int(v) for v in line.split("|")]
                 for line in open(facts)))
if con.execute("SELECT count(*) FROM med_fact").fetchone()[0] < 1000:
    print("too few facts read")
rnd = random.Random(20261121)
regions = {"84": 84, "corse": 93, "01": 5, "11": 11}
ages = {"0-19": 0, "20-59": 20, "60+": 60}
sexes = {"homme": 1, "femme": 2}
groups = {"generaliste": 1, "specialiste": 2, "salarie": 4}
grp = ("CASE WHEN f.prescriber IS NULL THEN -1 WHEN f.prescriber = 1 THEN 1 WHEN f.prescriber IN (19, 36) "
       "THEN 3 WHEN f.prescriber BETWEEN 2 AND 89 THEN 2 WHEN f.prescriber = 90 THEN 4 "
       "WHEN f.prescriber = 98 THEN 5 ELSE 6 END")
bad = 0
for case in range(24):
    args, where, params = ["--year", "2024"], ["f.year = 2024"], []
    atc = rnd.choice(["", "N", "C09", "A10B", "N02BE", "J01CA04"])
    level = {"": 0, "N": 1, "C09": 2, "A10B": 3, "N02BE": 4, "J01CA04": 5}[atc]
    if atc:
        args += ["--atc", atc]
        where.append("p.atc%d = ?" % level)
        params.append(atc)
    for opt, table, col in (("--region", regions, "f.region"), ("--age", ages, "f.age"),
                            ("--sex", sexes, "f.sex"), ("--prescriber", groups, grp)):
        if rnd.random() < 0.5:
            k = rnd.choice(sorted(table))
            args += [opt, k]
            where.append("%s = %d" % (col, table[k]))
    out = json.loads(subprocess.run([exe, "--db", db, "meds", "--json"] + args,
                                    capture_output=True, check=True).stdout)
    by = level + 1
    key = "p.cip13" if by == 6 else "coalesce(p.atc%d, '')" % by
    want = {}
    for code, boxes, rem in con.execute(
            "SELECT %s, sum(f.boxes), sum(f.reimbursed_cents) FROM med_fact f "
            "JOIN ref.med_product p ON p.id = f.product_id WHERE %s GROUP BY 1"
            % (key, " AND ".join(where)), params):
        want[code] = (boxes, rem)
    got = {r["code"]: (r["boxes"], round(r["reimbursed"] * 100)) for r in out["rows"]}
    if got != want:
        bad += 1
        print("MISMATCH", " ".join(args), file=sys.stderr)
print(bad)
PY
is "$(cat "$TEST_TMP/cross")" 0 "24 random drill-downs and filter sets equal the stored rows summed"

# --- meds --pathologies: the classes of the profile's pathologies. ----------------------
export MEDIFLUX_DB="$REFDB"
run meds --pathologies
is "$RC" 1 "no pathology in the profile: exit 1"
contains "$ERR" "your profile names no pathology" "saying how to add some"
for other in "--atc N" "--by atc2" "--top 3"; do
	run meds --pathologies $other
	is "$RC" 2 "--pathologies with $other: a usage error"
done
contains "$ERR" "--pathologies lists the classes of your pathologies: not with --atc, --by or --top" \
    "saying why"
"$MEDIFLUX" profile set pathologies "diabète, asthme, hypertension" >/dev/null
"$MEDIFLUX" history clear >/dev/null
run meds --pathologies --json
is "$RC" 0 "with pathologies in the profile: exit 0"
printf '%s' "$OUT" > "$TEST_TMP/mine.json"
is "$(json 'd["by"], d["pathologies"], d["count"]' < "$TEST_TMP/mine.json")" \
    "pathologies diabète → A10 ; asthme → R03 ; hypertension → C02 C03 C07 C08 C09 7" \
    "by pathologies, named, one row a class"
# Each class's row is meds --atc CLASS's total (a class with no row: not declared);
# the total is every class's (ATC1).
want=$(for c in A10 R03 C02 C03 C07 C08 C09; do
	"$MEDIFLUX" meds --atc $c --json |
	    json "'$c|%s|%s' % ((d['total']['boxes'], d['total']['reimbursed']) if d['total']['rows'] else (None, None))"
done)
is "$(json '"\n".join("%s|%s|%s" % (r["code"], r["boxes"], r["reimbursed"]) for r in d["rows"])' < "$TEST_TMP/mine.json")" \
    "$want" "each class's boxes and amount as meds --atc CLASS gives them"
is "$(json 'd["total"]' < "$TEST_TMP/mine.json")" "$("$MEDIFLUX" meds --json | json 'd["total"]')" \
    "the total: every medication's, the shares' base"
is "$(json 'round(sum(r["share"] for r in d["rows"]) * d["total"]["reimbursed"], 2) == round(sum(r["reimbursed"] or 0 for r in d["rows"]), 2)' < "$TEST_TMP/mine.json")" \
    True "each share is of that total"
run meds --pathologies --age 60+ --region bretagne --json
is "$(printf '%s' "$OUT" | json '[r["boxes"] for r in d["rows"]][:2]')" \
    "[$("$MEDIFLUX" meds --atc A10 --age 60+ --region bretagne --json | json 'd["total"]["boxes"]'), $("$MEDIFLUX" meds --atc R03 --age 60+ --region bretagne --json | json 'd["total"]["boxes"]')]" \
    "filters apply to every class"
run meds --pathologies
contains "$OUT" "my pathologies: diabète → A10 ; asthme → R03" "the table says whose classes"
contains "$OUT" "(every medication: the share's base)" "and what the total is"
is "$("$MEDIFLUX" history --json | json '[e["params"] for e in d["entries"] if e["command"] == "meds" and e["params"].get("pathologies")][-2:]')" \
    "[{'pathologies': True, 'age': 60, 'region': '53'}, {'pathologies': True}]" \
    "recorded as meds --pathologies with its filters"

done_testing
