# SPDX-License-Identifier: ISC
# The bundled database: the generated sample files, loaded through mediflux import,
# hold exactly what the generator wrote (figures counted independently from the
# files), every dataset is flagged as sample, and the generator is deterministic.
. "$top_srcdir/tests/lib.sh"

q() {
	"$top_builddir/tests/refdb_sql" "$REFDB" "$1"
}

is "$(q "SELECT kind, year, sample FROM dataset WHERE kind NOT LIKE 'insee%' ORDER BY id")" \
"openmedic|2023|1
openmedic|2024|1
finess|2026|1
drees|2025|1
bdpm_cis|NULL|1
bdpm_cip|NULL|1
bdpm_compo|NULL|1
bdpm_gener|NULL|1
bdpm_cpd|NULL|1
bdpm_has_smr|NULL|1
bdpm_has_asmr|NULL|1
bdpm_has_link|NULL|1
bdpm_info|NULL|1
bdpm_dispo|NULL|1
bdpm_mitm|NULL|1
sae|2023|1
sae|2024|1" "seventeen sample datasets, each flagged as sample (Open Medic read first, SAE years written once every file is read)"
for f in "$top_builddir"/data/sample/*; do
	name=$(basename "$f")
	is "$(q "SELECT sha256 || ' ' || file_size FROM dataset WHERE file_name = '$name'")" \
	    "$(sha256sum < "$f" | cut -d' ' -f1) $(wc -c < "$f")" "$name recorded with its SHA-256 and size"
done

is "$(q "SELECT count(*), sum(commune_known), count(coord_x) FROM establishment")" "3004|3004|2885" \
    "FINESS: 3,004 establishments, every commune known, 2,885 geolocated"
is "$(q "SELECT name, commune_code, departement FROM establishment WHERE finess = '970102018'")" \
    "PMI SAINT BARTHELEMY|97701|977" "the real lines are in it (Saint-Barthélemy)"
is "$(q "SELECT year, beds_source, count(*), sum(beds_mco), sum(places_mco),
    sum(er_passages_general), sum(er_passages_paediatric), sum(er_authorised)
    FROM sae_site GROUP BY year")" \
"2023|MCO|1333|199240|26948|18278455|1623856|548
2024|SYGEN|1333|195289|25918|18693795|1717684|549" \
    "SAE: beds from MCO in 2023 (no SYGEN), from SYGEN in 2024"
is "$(q "SELECT year, count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents)
    FROM med_fact GROUP BY year")" \
"2023|100013|2594874204|2416486616969|2749766968373
2024|100088|2615325596|2577350569992|2921904190673" \
    "Open Medic: every row of both years, to the cent"
is "$(q "SELECT count FROM professional WHERE level = 'france' AND is_total = 1
    AND year IN (2012, 2025) ORDER BY year")" "220499
232394" "DREES: physicians in France, 2012 and 2025"
is "$(q "SELECT code, boxes, meds_population, meds_basis FROM region_metric
    WHERE level = 'region' AND year = 2024 AND code IN ('04', '93', '94') ORDER BY code")" \
"04|83045868|2184983|5: 01,02,03,04,06
93|212020621|5574446|93: 93,94
94|212020621|5574446|93: 93,94" \
    "regional metrics: BEN_REG 93 covers PACA and Corse, 5 every overseas region"

# The BDPM: one presentation a line, each Open Medic product among them (same CIP13).
is "$(q "SELECT count(*) FROM bdpm_cip")" "$(grep -c . "$top_builddir/data/sample/CIS_CIP_bdpm.txt")" \
    "BDPM: a presentation per line of CIS_CIP_bdpm.txt"
is "$(q "SELECT count(*) FROM bdpm_cpd")" "$(grep -c . "$top_builddir/data/sample/CIS_CPD_bdpm.txt")" \
    "BDPM: a prescribing condition per line of CIS_CPD, its blank lines skipped"
is "$(q "SELECT count(*) FROM med_product WHERE cip13 NOT IN (SELECT cip13 FROM bdpm_cip)")" 0 \
    "every Open Medic product is a BDPM presentation"
is "$(q "SELECT count(*) FROM bdpm_cis WHERE cis NOT IN (SELECT cis FROM bdpm_cip)")" 0 \
    "every speciality has a presentation"
is "$(q "SELECT sum(price_cents) FROM bdpm_cip")" \
    "$(iconv -f CP1252 -t UTF-8 "$top_builddir/data/sample/CIS_CIP_bdpm.txt" |
    awk -F'\t' '{ p = $10; gsub(",", "", p); s += p } END { printf "%d\n", s }')" \
    "BDPM: prices sum as in the file, thousands included"

# SAE: the activity tables in the published layouts (header and CRLF as in the
# 2023 files), totals the sums of their rows; the import lists among the year's
# tables not used only those it does not read, never the tables it reads.
ACT="BLOCS BRULES CANCERO CHIRCAR DIALYSE HAD IMAGES MCOAVC NEUROCHIR PALIA PERINAT PSY REA SMURSAMU SSR"
for y in 2023 2024; do
	sae="$top_builddir/data/sample/sae_${y}_bases_statistiques_formats_sas_csv.7z"
	entry() {
		bsdtar -xOf "$sae" "SAE $y Bases statistiques - formats SAS-CSV/Bases statistiques/Bases CSV/$1_${y}r.csv"
	}
	is "$(bsdtar -tf "$sae" | sed -n 's|.*/Bases CSV/\(.*\)_'$y'r\.csv$|\1|p' | tr '\n' ' ')" \
	    "$(printf '%s\n' $ACT ID MCO URGENCES URGENCES2 $([ $y = 2024 ] && echo SYGEN) |
	    LC_ALL=C sort | tr '\n' ' ')" "SAE $y: the activity tables beside ID, MCO and URGENCES"
	bad=
	for t in $ACT; do
		entry $t | awk -v t=$t -F';' 'NR == 1 && $1 != "BOR" { exit 1 }
		    !/\r$/ || $1 != (NR == 1 ? "BOR" : t) || NF != n && NR > 1 { exit 1 }
		    { n = NF }' || bad="$bad $t"
	done
	is "$bad" "" "SAE $y: every activity table CRLF, its rows as wide as its header"
	is "$(entry DIALYSE | head -1 | tr -d '\r')" \
	    "BOR;AN;FI;RS;DIALYSE_AA100;DIALYSE_AA101;FI_EJ;DIALY;UDM;NBUDM;PATUM;CAPA;NBPAT;SEAN;SEA_HOS;PREPLI;SEM;NVPAT;NVPERIT" \
	    "SAE $y: DIALYSE in its 2023 layout"
	is "$(entry PERINAT | awk -F';' 'NR > 1 && ($38 != $34 + 2 * $35 || ($6 == "TYPE3" && $12 < 1))' | wc -l)" 0 \
	    "SAE $y: PERINAT ENFANTS = ACCUN + 2 ACCMU, a TYPE3 maternity with LIT_REA"
	is "$(entry REA | awk -F';' 'NR > 1 { if ($6 == "SITOT") { t[$3] += $7 } else if ($6 ~ /^(AUTSI|SIUNV|USIC)$/) { t[$3] -= $7 } }
	    END { for (f in t) if (t[f] != 0) print f }' | wc -l)" 0 "SAE $y: REA SITOT the sum of AUTSI, SIUNV and USIC"
	is "$(q "SELECT count(*) FROM dataset, json_each(control_totals, '$.tables_not_used')
	    WHERE kind = 'sae' AND year = $y AND ' $ACT ' NOT LIKE '% ' || value || ' %'")" 0 \
	    "SAE $y: the tables not used are activity tables only"
done

run --db "$REFDB" health --json
is "$(printf '%s' "$OUT" | json '[(m["year"], m["aggregates_match"]) for m in d["medications"]]')" \
    "[(2023, True), (2024, True)]" "health: the aggregates add up to the rows"

# Same seed, same bytes.
"$top_builddir/data/mksample" --geography "$top_builddir/data/geography.db" \
    --out "$TEST_TMP/again" --seed 20260504 \
    --finess-excerpt "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv" \
    >/dev/null 2>&1
for f in "$top_builddir"/data/sample/*; do
	ok "$(basename "$f") is generated byte for byte again" cmp -s "$f" "$TEST_TMP/again/$(basename "$f")"
done

done_testing
