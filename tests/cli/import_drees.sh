# SPDX-License-Identifier: ISC
# mediflux import: DREES démographie des professionnels de santé, a CSV with the
# workbook's column names (effectif_/am_/densite_<YYYY>), ND cells, territory labels.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

CSV="$FIX/drees/medecins_rpps_2012_2025.csv"
DB="$TEST_TMP/drees.db"
import_into "$DB" "$CSV"
is "$RC" 0 "the physicians' CSV imports"
is "$(q "$DB" "SELECT count(*) FROM professional")" 24 "12 rows x 2 years"
is "$(q "$DB" "SELECT DISTINCT profession FROM professional")" medecins \
    "the profession comes from the file name (medecins_rpps_...)"
is "$(q "$DB" "SELECT level, count(*) FROM professional GROUP BY level ORDER BY level")" \
"departement|8
france|4
region|12" "levels: France, region, département"
is "$(q "$DB" "SELECT level, territory, year, is_total, count, density, mean_age FROM professional
    ORDER BY level, territory, is_total DESC, year")" \
"departement|2A|2023|1|640|390.3|51.4
departement|2A|2024|1|652|396.5|51.1
departement|2A|2023|0|NULL|NULL|NULL
departement|2A|2024|0|NULL|NULL|NULL
departement|75|2023|1|20150|947.7|50.9
departement|75|2024|1|20080|949.4|50.7
departement|971|2023|1|1160|302.0|50.4
departement|971|2024|1|1172|305.0|50.5
france||2023|1|233870|343.1|49.6
france||2024|1|235412|344.9|49.4
france||2023|0|57860|84.9|51.3
france||2024|0|57410|84.1|51.2
region|01|2023|1|1160|302.0|50.4
region|01|2024|1|1172|305.0|50.5
region|11|2023|1|46210|370.8|50.1
region|11|2024|1|46385|371.8|49.9
region|84|2023|1|28530|347.7|48.9
region|84|2024|1|28812|350.1|48.7
region|84|2023|0|812|NULL|32.1
region|84|2024|0|845|NULL|32.2
region|93|2023|1|21705|415.9|50.8
region|93|2024|1|21840|417.6|50.6
region|94|2023|1|1198|337.0|51.2
region|94|2024|1|1215|340.3|51.0" \
    "one row per data row and year: territory codes from '075-Paris', '02A-Corse-du-Sud', '971 -Guadeloupe', ND is NULL, decimal commas"
is "$(q "$DB" "SELECT count(*), sum(count) FROM professional WHERE is_total = 1 AND level = 'region' AND year = 2024")" \
    "5|99424" "2024 regional totals"
is "$(q "$DB" "SELECT count(*), sum(count) FROM professional WHERE year = 2023")" "12|413295" "2023 counts"
is "$(q "$DB" "SELECT practice, age_band, sex FROM professional WHERE level = 'region' AND is_total = 0 AND year = 2024")" \
    "0-Ensemble|03-30-34 ans|1-Hommes" "dimension labels as published"
is "$(q "$DB" "SELECT kind, year, file_name, file_size, sha256, rows_read, rows_rejected, sample
    FROM dataset WHERE kind = 'drees'")" \
    "drees|2024|medecins_rpps_2012_2025.csv|$(file_facts "$CSV")|12|0|0" \
    "provenance: the latest year column, 12 rows read"

is "$(q "$DB" "SELECT code, doctors FROM region_metric WHERE level = 'region' AND year = 2024
    AND code IN ('01', '11', '84', '93', '94') ORDER BY code")" \
"01|1172
11|46385
84|28812
93|21840
94|1215" "doctors per region from the total rows"
is "$(q "$DB" "SELECT code, doctors FROM region_metric WHERE level = 'departement' AND year = 2023
    AND code IN ('2A', '75', '971') ORDER BY code")" \
"2A|640
75|20150
971|1160" "doctors per département"

import_into "$DB" "$CSV"
is "$RC" 0 "the same file again"
is "$(q "$DB" "SELECT count(*), sum(count) FROM professional")" "24|828290" "replaced, not doubled"

done_testing
