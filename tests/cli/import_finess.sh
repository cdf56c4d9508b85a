# SPDX-License-Identifier: ISC
# mediflux import: FINESS extractions (cs1100502 real lines; cs1100507 geolocated form in
# UTF-8 and in CP1252), commune codes of the overseas départements, CEDEX, coordinates.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

F502="$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
F507="$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
F507W="$FIX/finess/etalab-cs1100507-cp1252.csv"

# --- cs1100502: 14 real structureet lines. ----------------------------------------
DB="$TEST_TMP/finess.db"
import_into "$DB" "$F502"
is "$RC" 0 "the cs1100502 excerpt imports"
is "$(q "$DB" "SELECT count(*) FROM establishment")" 14 "14 establishments"
is "$(q "$DB" "SELECT finess, finess_ej, name, postal_code, city, commune_code, commune_known,
    finess_departement, departement, region, category_code, coalesce(phone, '')
    FROM establishment ORDER BY finess")" \
"010000024|010780054|CH DE FLEYRIAT|01440|VIRIAT|01451|1|01|01|84|355|0474454647
970100400|970100186|C.H. LOUIS CONSTANT FLEMING|97150|ST MARTIN|97801|1|9A|978|978|355|0590522525
970102018|970113015|PMI SAINT BARTHELEMY|97133|ST BARTHELEMY|97701|1|9A|977|977|223|0590276027
970102059|970112611|CLASS DE MARIGOT|97150|ST MARTIN|97801|1|9A|978|978|223|0590875093
970210126|970210118|CMPP  INTERSECTORIEL ALOES|97224|DUCOS|97207|1|9B|972|02|189|0596748677
970216057|590799730|ALEFPA S.M.J.P.M|97200|FORT DE FRANCE|97209|1|9B|972|02|340|0596712806
970300026|970302022|CENTRE HOSPITALIER DE CAYENNE|97306|CAYENNE|97302|1|9C|973|03|355|0594395050
970302287|970302022|E.H.P.A.D. EDMAR LAMA DE CAYENNE|97306|CAYENNE|97302|1|9C|973|03|500|0594395050
970400024|970408589|CHU SITE FELIX GUYON (SAINT DENIS)|97405|ST DENIS|97411|1|9D|974|04|101|0262905050
970405767|970400149|CENTRE EDUCATIF FERME JULES PALANT|97437|ST BENOIT|97410|1|9D|974|04|241|0262508105
970409645|970463600|UAD (LA POSSESSION)-ASDR|97419|LA POSSESSION|97408|1|9D|974|04|146|0262202820
980501506|980501498|LIEU DE VIE \"MAVOUNA MEMA 1\"|97620|CHIRONGUI|97606|1|9F|976|06|462|0269666815
980502199|980502181|UBIPHARM-MAYOTTE|97600|KOUNGOU|97610|1|9F|976|06|699|0269665008
980600027|980600019|HOPITAL DE SIA|98600|UVEA|98613|1|9J|986|986|355|" \
    "identity, postcode and city without CEDEX, INSEE commune (9A 123/127 -> 97701/97801, 9J -> 98), département and region"
is "$(q "$DB" "SELECT long_name FROM establishment WHERE finess = '980501506'")" \
    "LIEU DE VIE ET D'ACCUEIL \"MAVOUNA MEMA 1\"" "doubled quotes in a quoted field"
is "$(q "$DB" "SELECT category_label, category_group_code, category_group_label FROM establishment WHERE finess = '970409645'")" \
    "Structure d'Alternative à la dialyse en centre|1203|Dialyse Ambulatoire" "category labels as published"
is "$(q "$DB" "SELECT count(*) FROM establishment WHERE coord_x IS NOT NULL OR coord_epsg IS NOT NULL")" 0 \
    "no coordinates in the cs1100502 form"
is "$(provenance "$DB" finess)" \
    "finess|2026|etalab-cs1100502-excerpt.csv|$(file_facts "$F502")|14|14|0|0" \
    "provenance: year of the extraction date, 14 lines read and kept"
ok "control totals are JSON" is_json "$(q "$DB" "SELECT control_totals FROM dataset WHERE kind = 'finess'")"

import_into "$DB" "$F502"
is "$RC" 0 "the same extract again"
is "$(q "$DB" "SELECT count(*) FROM establishment")" 14 "still 14 establishments"

# The kind comes from the content: the same lines under another name, in a zip.
mkdir "$TEST_TMP/z"
cp "$F502" "$TEST_TMP/z/extraction.csv"
bsdtar --format zip -cf "$TEST_TMP/etablissements.zip" -C "$TEST_TMP/z" extraction.csv
DBZ="$TEST_TMP/zip.db"
import_into "$DBZ" "$TEST_TMP/etablissements.zip"
is "$RC" 0 "a zip of the extract under another name imports"
is "$(q "$DBZ" "SELECT count(*), count(DISTINCT commune_code) FROM establishment")" "14|12" "with the same 14 establishments"
is "$(q "$DBZ" "SELECT kind, file_name FROM dataset WHERE kind = 'finess'")" "finess|etablissements.zip" \
    "recorded under the zip's name"

# --- cs1100507: structureet lines, then geolocalisation lines. ---------------------
DB7="$TEST_TMP/geo.db"
import_into "$DB7" "$F507"
is "$RC" 0 "the geolocated form imports"
EXPECTED507="010000024|01451|1|01440|VIRIAT|870262.2|6571540.8|2154
010008407|01003|0|01090|FRANCHELEINS|844306.1|6547935.8|2154
750100125|75113|1|75651|PARIS|653187.0|6859420.6|2154
970100400|97801|1|97150|ST MARTIN|491530.4|1998612.7|5490
970300026|97302|1|97306|CAYENNE|352518.6|545301.9|2972
970400024|97411|1|97405|ST DENIS|338792.3|7690214.5|2975
980501506|97606|1|97620|CHIRONGUI|516084.7|8570412.2|4471"
SQL507="SELECT finess, commune_code, commune_known, postal_code, city, coord_x, coord_y, coord_epsg
    FROM establishment ORDER BY finess"
is "$(q "$DB7" "$SQL507")" "$EXPECTED507" \
    "7 establishments with coordinates and EPSG codes (2154, 5490, 2972, 2975, 4471; LAMBERT_93 is 2154)"
# Converted by PROJ: Viriat, Francheleins, the Pitié-Salpêtrière, Saint-Martin,
# Cayenne, Saint-Denis de La Réunion and Chirongui where they are.
is "$(q "$DB7" "SELECT finess, round(latitude, 4), round(longitude, 4) FROM establishment
    ORDER BY finess")" "010000024|46.2223|5.2092
010008407|46.0158|4.8653
750100125|48.8331|2.3623
970100400|18.0762|-63.08
970300026|4.9321|-52.3302
970400024|-20.8813|55.4502
980501506|-12.9317|45.1483" "each placed in latitude and longitude, in its own system"
is "$(q "$DB7" "SELECT json_extract(control_totals, '$.placed'), (SELECT count(*)
    FROM establishment_rtree) FROM dataset WHERE kind = 'finess'")" "7|7" \
    "placed, counted in the provenance, and in the R*Tree"
is "$(q "$DB7" "SELECT finess, departement, region FROM establishment WHERE commune_known = 1 ORDER BY finess")" \
"010000024|01|84
750100125|75|11
970100400|978|978
970300026|973|03
970400024|974|04
980501506|976|06" "département and region from the reference commune (an arrondissement for Paris 13e)"
is "$(q "$DB7" "SELECT coord_source, coord_updated FROM establishment WHERE finess = '970300026'")" \
    "1,ATLASANTE,96,BAN,EPSG:2972 RGFG95/UTM zone 22N (Guyane)|2026-05-04" "the coordinates' source and date"
is "$(q "$DB7" "SELECT category_label, mft_label FROM establishment WHERE finess = '010008407'")" \
    "Etablissement d'hébergement pour personnes âgées dépendantes|ARS/PCD, Tarif global, habilité aide sociale, recours PUI" \
    "UTF-8 labels"
is "$(q "$DB7" "SELECT kind, year, file_name, rows_read, rows_rejected FROM dataset WHERE kind = 'finess'")" \
    "finess|2026|etalab-cs1100507-stock-20260512-0339.csv|14|0" "provenance: 7 + 7 lines read"

# The same extract in CP1252 with CRLF gives the same rows.
DBW="$TEST_TMP/cp1252.db"
import_into "$DBW" "$F507W"
is "$RC" 0 "the CP1252 re-encoding imports"
is "$(q "$DBW" "$SQL507")" "$EXPECTED507" "the same establishments and coordinates"
is "$(q "$DBW" "SELECT category_label, mft_label FROM establishment WHERE finess = '010008407'")" \
    "Etablissement d'hébergement pour personnes âgées dépendantes|ARS/PCD, Tarif global, habilité aide sociale, recours PUI" \
    "CP1252 labels decoded to the same UTF-8"
SQLALL="SELECT finess, finess_ej, name, long_name, name_extra, address, address_extra, postal_code,
    city, commune_code, commune_known, finess_departement, departement, region, phone, fax,
    category_code, category_label, category_group_code, category_group_label, siret, ape,
    mft_code, mft_label, sph_code, sph_label, opened, authorised, updated, coord_x, coord_y,
    coord_epsg, coord_source, coord_updated FROM establishment ORDER BY finess"
is "$(q "$DBW" "$SQLALL")" "$(q "$DB7" "$SQLALL")" "every column equal between the UTF-8 and CP1252 imports"

# Re-importing FINESS replaces the establishments.
import_into "$DB7" "$F502"
is "$RC" 0 "the cs1100502 excerpt over the geolocated import"
is "$(q "$DB7" "SELECT count(*), sum(finess = '750100125'), count(coord_x) FROM establishment")" "14|0|0" \
    "the establishments are replaced, not merged"

done_testing
