# SPDX-License-Identifier: ISC
# mediflux import: SAE bases statistiques, two year folders as published in a 7z (2022 with
# SYGEN, 2021 without: beds from MCO), skipped bordereaux and non-CSV entries, a tar.gz.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

# The published layout, built from the committed tables (paths with spaces stay out of git).
for y in 2022 2021; do
	top="SAE $y Bases statistiques - formats SAS-CSV"
	base="$TEST_TMP/sae/$top/Bases statistiques"
	mkdir -p "$base/Bases CSV" "$base/Bases SAS" "$TEST_TMP/sae/$top/Documentation"
	cp "$FIX/sae/$y/"*.csv "$base/Bases CSV/"
	printf '\000\000\000\000SAS FILE\000\377\376 id_%sr' "$y" > "$base/Bases SAS/id_${y}r.sas7bdat"
	printf 'PK\003\004\024\000\000\000not a real workbook' \
	    > "$TEST_TMP/sae/$top/Documentation/SAE${y}_Dictionnaire des variables par bordereaux.xlsx"
done
SEVENZ="$TEST_TMP/sae_2021_2022.7z"
bsdtar --format 7zip -cf "$SEVENZ" -C "$TEST_TMP/sae" \
    "SAE 2022 Bases statistiques - formats SAS-CSV" "SAE 2021 Bases statistiques - formats SAS-CSV"
TGZ="$TEST_TMP/sae_2022.tar.gz"
bsdtar -czf "$TGZ" -C "$TEST_TMP/sae" "SAE 2022 Bases statistiques - formats SAS-CSV"
contains "$(bsdtar -tf "$SEVENZ")" \
    "SAE 2022 Bases statistiques - formats SAS-CSV/Bases statistiques/Bases CSV/URGENCES2_2022r.csv" \
    "the 7z has the published layout"

DB="$TEST_TMP/sae.db"
import_into "$DB" "$SEVENZ"
is "$RC" 0 "the 7z imports"
is "$(q "$DB" "SELECT year, count(*) FROM sae_site GROUP BY year ORDER BY year")" \
"2021|3
2022|5" "5 sites in 2022, 3 in 2021"
SQLSITE="SELECT finess, year, finess_ej, name, category_code, departement, commune_code,
    beds_mco, places_mco, stays_full_mco, stays_partial_mco, er_passages_general,
    er_passages_paediatric, er_authorised, beds_source FROM sae_site"
SITES2022="010000024|2022|010780054|CH DE FLEYRIAT|355|01|01451|412|38|31250|11840|45177|12034|1|SYGEN
2A0000014|2022|2A0000022|CH D'AJACCIO|355|2A|2A004|310|24|17800|6950|NULL|NULL|0|SYGEN
590796975|2022|590780193|HÔPITAL SALENGRO CHU LILLE|101|59|59350|520|NULL|21400|NULL|52110|NULL|1|SYGEN
750100125|2022|750712184|GHU APHP SUN SITE PITIÉ SALPÊTRIÈRE|101|75|75113|1275|160|78420|65210|61540|NULL|1|SYGEN
970400024|2022|970408589|CHU SITE FELIX GUYON (SAINT DENIS)|101|974|97411|690|55|40110|18905|58230|14720|1|SYGEN"
is "$(q "$DB" "$SQLSITE WHERE year = 2022 ORDER BY finess")" "$SITES2022" \
    "2022: beds, places and stays from SYGEN (not MCO), ER passages by URG, AUTSU, identity from ID (Latin-1 and UTF-8 names), INSEE département, empty cells NULL"
is "$(q "$DB" "$SQLSITE WHERE year = 2021 ORDER BY finess")" \
"010000024|2021|010780054|CH DE FLEYRIAT|355|01|01451|405|36|NULL|NULL|43950|11800|1|MCO
750100125|2021|750712184|GHU APHP SUN SITE PITIÉ SALPÊTRIÈRE|101|75|75113|1290|150|NULL|NULL|60020|NULL|1|MCO
970400024|2021|970408589|CHU SITE FELIX GUYON (SAINT DENIS)|101|974|97411|684|NULL|NULL|NULL|56870|14010|1|MCO" \
    "2021 has no SYGEN: beds and places from MCO"
is "$(q "$DB" "SELECT kind, year, file_name, rows_rejected, rows_read = rows_kept + rows_rejected
    FROM dataset WHERE kind = 'sae' ORDER BY year")" \
"sae|2021|sae_2021_2022.7z|1|1
sae|2022|sae_2021_2022.7z|1|1" "one dataset per year; the URGENCES2 row without URG is rejected"
is "$(q "$DB" "SELECT file_size, sha256 FROM dataset WHERE kind = 'sae' AND year = 2022")" \
    "$(file_facts "$SEVENZ")" "size and SHA-256 of the 7z"

is "$(q "$DB" "SELECT code, establishments, beds_mco, places_mco, printf('%.4f', beds_per_100k),
    er_passages, printf('%.4f', er_per_1000) FROM region_metric
    WHERE level = 'region' AND year = 2022 AND code IN ('04', '11', '32', '84') ORDER BY code")" \
"04|1|690|55|77.5561|72950|81.9959
11|1|1275|160|10.2302|61540|4.9378
32|1|520|NULL|8.6780|52110|8.6963
84|1|412|38|5.0210|57211|6.9722" "2022 regional metrics: sites, beds, per 100 000, ER passages (GEN + PED), per 1 000"
is "$(q "$DB" "SELECT code, establishments, beds_mco, printf('%.4f', beds_per_100k) FROM region_metric
    WHERE level = 'region' AND year = 2022 AND code = '94'")" \
    "94|1|310|87.2046" "Corse on its own population"
is "$(q "$DB" "SELECT code, establishments, beds_mco, places_mco, er_passages, printf('%.4f', er_per_1000)
    FROM region_metric WHERE level = 'region' AND year = 2021 AND code IN ('04', '84') ORDER BY code")" \
"04|1|684|NULL|70880|79.6692
84|1|405|36|55750|6.7942" "2021 regional metrics"
is "$(q "$DB" "SELECT code, establishments, beds_mco, printf('%.4f', beds_per_100k), er_passages
    FROM region_metric WHERE level = 'departement' AND year = 2022 AND code IN ('2A', '974') ORDER BY code")" \
"2A|1|310|184.1883|NULL
974|1|690|77.5561|72950" "département metrics"

# Re-import: the same rows; a tar.gz of 2022 alone replaces 2022 and leaves 2021.
import_into "$DB" "$SEVENZ"
is "$RC" 0 "the 7z again"
is "$(q "$DB" "SELECT count(*), sum(beds_mco), sum(er_passages_general) FROM sae_site")" \
    "8|5586|377897" "not doubled"
import_into "$DB" "$TGZ"
is "$RC" 0 "the 2022 tar.gz over it"
is "$(q "$DB" "$SQLSITE WHERE year = 2022 ORDER BY finess")" "$SITES2022" "the same 2022 sites from the tar.gz"
is "$(q "$DB" "SELECT year, count(*) FROM sae_site GROUP BY year ORDER BY year")" \
"2021|3
2022|5" "2021 kept"
is "$(q "$DB" "SELECT file_name FROM dataset WHERE kind = 'sae' ORDER BY year")" \
"sae_2021_2022.7z
sae_2022.tar.gz" "the 2022 dataset now names the tar.gz"

DBT="$TEST_TMP/tgz.db"
import_into "$DBT" "$TGZ"
is "$RC" 0 "the tar.gz into a new target"
is "$(q "$DBT" "$SQLSITE ORDER BY finess")" "$SITES2022" "gives the same 2022 sites"

done_testing
