# SPDX-License-Identifier: ISC
# mediflux import of the BDPM (base de données publique des médicaments): the real
# excerpts of CIS_CIP and CIS_COMPO (tests/fixtures/real/bdpm, UTF-8 copies) as they
# are and turned back into CP1252 as published, with sums taken straight from the files;
# a fixture of each of the eleven files (tests/fixtures/import/bdpm, CP1252) with the
# published traps: no header, multi-values split by ';' inside a tab field, three date
# formats, leading spaces, blank lines, thousands in prices, HTML; files renamed,
# zipped or given twice; and bad lines refused naming file, line and field, the
# database left byte for byte.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

REAL="$top_srcdir/tests/fixtures/real/bdpm"
BF="$FIX/bdpm"
CIP="$REAL/CIS_CIP_bdpm-excerpt.txt"
COMPO="$REAL/CIS_COMPO_bdpm-excerpt.txt"

# The real excerpts: counts and sums against awk over the files themselves.
DB="$TEST_TMP/real.db"
import_into "$DB" "$CIP" "$COMPO"
is "$RC" 0 "the real CIS_CIP and CIS_COMPO excerpts import"
is "$(q "$DB" "SELECT count(*) FROM bdpm_cip")" "$(wc -l < "$CIP" | tr -d ' ')" \
    "one presentation per line of CIS_CIP"
is "$(q "$DB" "SELECT count(*) FROM bdpm_compo")" "$(wc -l < "$COMPO" | tr -d ' ')" \
    "one composition row per line of CIS_COMPO"
# Prices: every comma out, as cents ("4,755,42" is 475542 cents).
price_sum() {
	awk -F'\t' -v c="$1" '{ p = $c; gsub(",", "", p); s += p } END { printf "%d\n", s }' "$CIP"
}
is "$(q "$DB" "SELECT sum(price_cents) || ' ' || sum(price_fee_cents) || ' ' ||
    sum(fee_cents) FROM bdpm_cip")" "$(price_sum 10) $(price_sum 11) $(price_sum 12)" \
    "prices, prices with fee and fees sum as in the file, thousands included"
is "$(q "$DB" "SELECT sum(price_cents) FROM bdpm_cip")" 9736771 "97 367,71 EUR of prices"
is "$(q "$DB" "SELECT price_cents FROM bdpm_cip WHERE cip13 = '3400930144213'")" 475542 \
    "'4,755,42' is 4 755,42 EUR"
is "$(q "$DB" "SELECT count(*) FROM bdpm_cip WHERE price_cents IS NOT NULL")" \
    "$(awk -F'\t' '$10 != ""' "$CIP" | wc -l | tr -d ' ')" "every price published is kept"
is "$(q "$DB" "SELECT coalesce(rate_pct, 'none') || ':' || count(*) FROM bdpm_cip
    GROUP BY rate_pct ORDER BY rate_pct")" \
"none:745
15:37
30:103
65:1033
100:82" "rates as published, '65 %' and '65%' alike"
is "$(awk -F'\t' '{ r = $9; gsub(" ", "", r); n[r]++ } END { print n["65%"], n["30%"], n["100%"] }' "$CIP")" \
    "1033 103 82" "(the same counts taken with awk)"
is "$(q "$DB" "SELECT count(DISTINCT cis) FROM bdpm_compo")" \
    "$(cut -f1 "$COMPO" | sort -u | wc -l | tr -d ' ')" "CIS of the compositions"
is "$(q "$DB" "SELECT nature || ':' || count(*) FROM bdpm_compo GROUP BY nature")" \
"FT:542
SA:2458" "active substances and therapeutic fractions"
is "$(q "$DB" "SELECT marketing_date FROM bdpm_cip WHERE cip13 = '3400949497294'")" \
    "2011-03-16" "16/03/2011 is stored 2011-03-16"
is "$(q "$DB" "SELECT json_extract(control_totals, '$.price_cents') FROM dataset
    WHERE kind = 'bdpm_cip'")" 9736771 "provenance records the sum of the prices"
is "$(provenance "$DB" bdpm_cip)" \
    "bdpm_cip|NULL|CIS_CIP_bdpm-excerpt.txt|$(file_facts "$CIP" | tr -d '\n')|2000|2000|0|0" \
    "provenance of the presentations: no year, the file's size and SHA-256"

# As published: CP1252, zipped together. Same rows, byte for byte.
W="$TEST_TMP/cp1252"
mkdir -p "$W"
iconv -f UTF-8 -t CP1252 "$CIP" > "$W/CIS_CIP_bdpm.txt"
iconv -f UTF-8 -t CP1252 "$COMPO" > "$W/CIS_COMPO_bdpm.txt"
bsdtar -a -cf "$W/bdpm.zip" -C "$W" CIS_CIP_bdpm.txt CIS_COMPO_bdpm.txt
DBZ="$TEST_TMP/zip.db"
import_into "$DBZ" "$W/bdpm.zip"
is "$RC" 0 "a zip of the CP1252 files imports"
ROWS="SELECT cip13, cis, cip7, label, status, marketing, marketing_date, collectivites,
    rates, rate_pct, price_cents, price_fee_cents, fee_cents, indications FROM bdpm_cip
    ORDER BY cip13"
is "$(q "$DBZ" "$ROWS")" "$(q "$DB" "$ROWS")" "CP1252 gives the rows UTF-8 gave"
is "$(q "$DBZ" "SELECT group_concat(substance, '|') FROM (SELECT substance FROM bdpm_compo
    ORDER BY id)")" "$(q "$DB" "SELECT group_concat(substance, '|') FROM (SELECT substance
    FROM bdpm_compo ORDER BY id)")" "the same substances, accents and all"
is "$(q "$DBZ" "SELECT substance FROM bdpm_compo WHERE cis = '60002504' ORDER BY id LIMIT 1")" \
    "RANITIDINE (CHLORHYDRATE DE)" "a substance as published"

# Every file of the fixture, each with its traps.
DBF="$TEST_TMP/fixture.db"
import_into "$DBF" "$BF"/*
is "$RC" 0 "the eleven BDPM files import together"
is "$(q "$DBF" "SELECT kind || ':' || rows_kept FROM dataset WHERE kind LIKE 'bdpm%' ORDER BY kind")" \
"bdpm_cip:6
bdpm_cis:4
bdpm_compo:6
bdpm_cpd:3
bdpm_dispo:2
bdpm_gener:3
bdpm_has_asmr:1
bdpm_has_link:2
bdpm_has_smr:2
bdpm_info:1
bdpm_mitm:1" "one dataset per file, its rows counted"
is "$(q "$DBF" "SELECT holders || '|' || routes || '|' || surveillance || '|' || amm_date
    FROM bdpm_cis WHERE cis = '68646885'")" \
    "VIATRIS SANTE;MYLAN SAS|intramusculaire;intraveineuse|1|2000-09-07" \
    "holders and routes trimmed around each ';', Oui is 1, the date ISO"
is "$(q "$DBF" "SELECT holders FROM bdpm_cis WHERE cis = '60002283'")" \
    "ACCORD HEALTHCARE FRANCE" "the holder's leading space is gone"
is "$(q "$DBF" "SELECT name_key FROM bdpm_cis WHERE cis = '61693569'")" \
    "novomix 30 flexpen 100 unites ml suspension injectable en stylo prerempli" \
    "the name's search key is folded"
is "$(q "$DBF" "SELECT rates || '|' || rate_pct || '|' || price_cents FROM bdpm_cip
    WHERE cip13 = '3400936165434'")" "30%;65%|65|200" "'30%;65%' keeps both, the rate is the highest"
is "$(q "$DBF" "SELECT rates || '|' || rate_pct || '|' || price_cents || '|' || price_fee_cents
    FROM bdpm_cip WHERE cip13 = '3400936174597'")" "65%|65|123456|123558" \
    "'65 %' is 65%, '1,234,56' is 1 234,56 EUR"
is "$(q "$DBF" "SELECT coalesce(rates, 'NULL') || '|' || coalesce(rate_pct, 'NULL') || '|' ||
    coalesce(price_cents, 'NULL') FROM bdpm_cip WHERE cip13 = '3400936165441'")" "NULL|NULL|NULL" \
    "empty rate and price: not reimbursed, no price (not zero)"
is "$(q "$DBF" "SELECT indications FROM bdpm_cip WHERE cip13 = '3400936174597'")" \
    "Ce médicament peut être pris en charge - diabète ; JOURNAL OFFICIEL ; 17/07/17" \
    "HTML breaks in the indications become a space"
is "$(q "$DBF" "SELECT price_cents FROM bdpm_cip WHERE cip13 = '3400936165434'")" 200 "2,00 EUR"
is "$(q "$DBF" "SELECT json_extract(control_totals, '$.rates') FROM dataset WHERE kind = 'bdpm_cip'")" \
    '{"100":2,"15":1,"65":2,"none":1}' "provenance counts the presentations by rate"
is "$(q "$DBF" "SELECT group_concat(condition, ' / ') FROM (SELECT condition FROM bdpm_cpd
    WHERE cis = '68646885' ORDER BY id)")" \
    "prescription réservée aux spécialistes et services ONCOLOGIE, HEMATOLOGIE, PEDIATRIE / réservé à l'usage hospitalier" \
    "a one-tab file whose first line has more commas than tabs is still tab-separated"
is "$(q "$DBF" "SELECT json_extract(control_totals, '$.blank_lines') FROM dataset WHERE kind = 'bdpm_cpd'")" \
    1 "blank lines of the CPD file are skipped (the one of spaces counted)"
is "$(q "$DBF" "SELECT date || '|' || value || '|' || label FROM bdpm_has_smr WHERE cis = '60002283'")" \
    "2011-06-15|Important|Le service médical rendu par ANASTROZOLE ACCORD est important. Avis & conclusions." \
    "SMR: YYYYMMDD made ISO, tags dropped, entities decoded"
is "$(q "$DBF" "SELECT value || '|' || date FROM bdpm_has_asmr")" "V|2001-05-23" \
    "ASMR, in its own table"
is "$(q "$DBF" "SELECT start_date || '|' || end_date || '|' || text || '|' || url FROM bdpm_info")" \
    "2024-11-18|2026-10-18|Ceftriaxone : risque de précipitation & calcium|https://ansm.sante.fr/informations-de-securite/ceftriaxone" \
    "safety notice: ISO dates as published, the anchor's text and link apart"
is "$(q "$DBF" "SELECT coalesce(cip13, 'all') || '|' || status_code || '|' || start_date || '|' ||
    coalesce(back_date, 'NULL') FROM bdpm_dispo ORDER BY id")" \
"all|2|2025-09-12|NULL
3400936174597|4|2025-04-02|2025-04-02" "shortages: an empty CIP13 is the whole speciality"
is "$(q "$DBF" "SELECT atc FROM bdpm_mitm")" J01DD04 "MITM with its ATC code"
is "$(q "$DBF" "SELECT group_id || ':' || type FROM bdpm_gener WHERE cis = '60002283'")" "422:1" \
    "generic group and type"
is "$(q "$DBF" "SELECT url FROM bdpm_has_link WHERE dossier = 'CT-14856'")" \
    "https://www.has-sante.fr/jcms/c_2724034" "HAS links by dossier"
is "$(q "$DBF" "SELECT key FROM bdpm_key WHERE cis = '60002504'")" \
    "ranitidine biogaran 150 mg comprime effervescent ranitidine base ranitidine chlorhydrate de" \
    "the search key: the name and each substance"
is "$(q "$DBF" "SELECT group_concat(k.cis) FROM bdpm_search s JOIN bdpm_key k ON k.id = s.rowid
    WHERE bdpm_search MATCH 'ceftri*'")" 68646885 "the full-text index finds a substance by prefix"
is "$(q "$DBF" "SELECT group_concat(cis) FROM (SELECT cis FROM bdpm_key ORDER BY id)")" \
    "60002283,68646885,61693569,60002504" "numbered in the order of their folded names, the index's order"
is "$(q "$DBF" "SELECT rows FROM table_count WHERE name = 'bdpm_cip'")" 6 "table_count knows the BDPM"

# Renamed files are recognised by what they hold, SMR and ASMR apart.
R="$TEST_TMP/renamed"
mkdir -p "$R"
cp "$BF/CIS_HAS_ASMR_bdpm.txt" "$R/avis-1.txt"
cp "$BF/CIS_HAS_SMR_bdpm.txt" "$R/avis-2.txt"
cp "$BF/CIS_CPD_bdpm.txt" "$R/download (3)"
DBR="$TEST_TMP/renamed.db"
import_into "$DBR" "$R/avis-1.txt" "$R/avis-2.txt" "$R/download (3)"
is "$RC" 0 "renamed files import"
is "$(q "$DBR" "SELECT kind || ':' || file_name FROM dataset WHERE kind LIKE 'bdpm%' ORDER BY kind")" \
"bdpm_cpd:download (3)
bdpm_has_asmr:avis-1.txt
bdpm_has_smr:avis-2.txt" "each by its content: ASMR by its roman figure, SMR by its level"

# A new file of one kind replaces that kind alone.
printf '60002283\t4949729\tbo\xeete de 28\tPr\xe9sentation active\tD\xe9claration de commercialisation\t01/01/2020\t3400949497294\toui\t65%%\t10,00\t11,02\t1,02\t\n' \
    > "$TEST_TMP/CIS_CIP_bdpm.txt"
import_into "$DBF" "$TEST_TMP/CIS_CIP_bdpm.txt"
is "$RC" 0 "a later CIS_CIP imports"
is "$(q "$DBF" "SELECT count(*) || '|' || label || '|' || price_cents FROM bdpm_cip")" \
    "1|boîte de 28|1000" "its presentations replace the earlier ones"
is "$(q "$DBF" "SELECT count(*) FROM bdpm_cis")" 4 "the specialities stay"
is "$(q "$DBF" "SELECT count(*) FROM dataset WHERE kind = 'bdpm_cip'")" 1 "one provenance row for it"

# Bad input: file, line and field named; nothing changes.
bad() {
	_name=$1
	_line=$2
	shift 2
	printf "$_line" > "$TEST_TMP/$_name"
	expect_failure "$*" "$DBF" "$TEST_TMP/$_name"
}
bad CIS_CIP_bdpm.txt "$(sed -n 1p "$BF/CIS_CIP_bdpm.txt" | tr -d '\n' | sed 's/%/%%/g')\n60002283\t4949729\tx\t\t\t16/03/2011\t340094949729\toui\t100%%\t31,59\t32,61\t1,02\t\n" \
    "a CIP13 of 12 digits"
contains "$ERR" "CIS_CIP_bdpm.txt: line 2: field 'Code CIP13': not a CIP13 of 13 digits '340094949729'" \
    "the message names file, line, field and value"
bad CIS_CIP_bdpm.txt "60002283\t4949729\tx\t\t\t31/02/2011\t3400949497294\toui\t100%%\t31,59\t32,61\t1,02\t\n" \
    "the 31st of February"
contains "$ERR" "line 1: field 'Date de la déclaration de commercialisation': not a date DD/MM/YYYY '31/02/2011'" \
    "a day that does not exist is refused"
bad CIS_CIP_bdpm.txt "60002283\t4949729\tx\t\t\t16/03/2011\t3400949497294\toui\t100%%\t31,59\t32,61\t1,02\t\n60002504\t3320863\tx\t\t\t03/12/2003\t3400933208639\toui\t15 %%\t7,4,1\t8,43\t1,02\t\n" \
    "a price '7,4,1'"
contains "$ERR" "line 2: field 'Prix du médicament': not a price in euros '7,4,1'" "a bad price is refused"
bad CIS_CIP_bdpm.txt "60002283\t4949729\tx\t\t\t16/03/2011\t3400949497294\toui\t100%%\t31,59\t32,61\t1,02\t\n60002283\t4949729\tx\t\t\t16/03/2011\t3400949497294\toui\t100%%\t31,59\t32,61\t1,02\t\n" \
    "a CIP13 twice"
contains "$ERR" "line 2: field 'Code CIP13': already on an earlier line '3400949497294'" \
    "a presentation twice is refused"
bad CIS_CIP_bdpm.txt "60002283\t4949729\tx\t\t\t16/03/2011\t3400949497294\toui\t100%%\t31,59\t32,61\t1,02\t\n60002504\t3320863\tx\t\t\t03/12/2003\t3400933208639\toui\t150%%\t7,41\t8,43\t1,02\t\n" \
    "a rate of 150%"
contains "$ERR" "line 2: field 'Taux de remboursement': not a reimbursement rate such as 65% or 30%;65% '150%'" \
    "a rate past 100 % is refused"
bad CIS_bdpm.txt "$(sed -n 1p "$BF/CIS_bdpm.txt" | tr -d '\r\n')\n6000228\tX\n" "a CIS of 7 digits"
contains "$ERR" "CIS_bdpm.txt: line 2: field 'Code CIS': not a CIS code of 8 digits '6000228'" \
    "a short CIS is refused"
bad CIS_bdpm.txt "$(sed -n 1p "$BF/CIS_bdpm.txt" | tr -d '\r\n')\n60002504\n" "a line of one field"
contains "$ERR" "CIS_bdpm.txt: line 2: 1 fields, where CIS_bdpm.txt has 12" "a short line is refused"
bad CIS_HAS_SMR_bdpm.txt "60002283\tCT-10521\tInscription (CT)\t2011-06-15\tImportant\tx\n" \
    "an SMR date in the wrong format"
contains "$ERR" "CIS_HAS_SMR_bdpm.txt: line 1: field 'Date de l'avis de la Commission de la transparence': not a date YYYYMMDD '2011-06-15'" \
    "an SMR date must be YYYYMMDD, even on the first line"
bad CIS_COMPO_bdpm.txt "60002283\tcomprimé\t42215\tANASTROZOLE\t1,00 mg\tun comprimé\tSA\t1\t\n60002283\tcomprimé\t42215\tANASTROZOLE\t1,00 mg\tun comprimé\tXX\t1\t\n" \
    "a nature XX"
contains "$ERR" "line 2: field 'Nature du composant': neither SA, FT nor ST 'XX'" "an unknown nature is refused"
expect_failure "the same file twice" "$DBF" "$BF/CIS_CIP_bdpm.txt" "$W/bdpm.zip"
contains "$ERR" "the BDPM's CIS_CIP_bdpm.txt again, already read from $BF/CIS_CIP_bdpm.txt" \
    "the same BDPM file twice in one run is refused, naming both"

done_testing
