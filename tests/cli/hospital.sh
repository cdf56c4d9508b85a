# SPDX-License-Identifier: ISC
# mediflux hospital: one establishment of real FINESS lines with the SAE figures of two
# years (each year from its own archive), field by field in JSON and as text; unknown
# and malformed numbers; the sample database says it is sample data.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

F507="$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
bsdtar -cf "$TEST_TMP/sae_2021.tar" -C "$FIX/sae" 2021
bsdtar -cf "$TEST_TMP/sae_2022.tar" -C "$FIX/sae" 2022
DB="$TEST_TMP/real.db"
# A fixed import time, so that the text output below is exact.
export SOURCE_DATE_EPOCH=1767225600
import_into "$DB" --quiet "$F507" "$TEST_TMP/sae_2021.tar" "$TEST_TMP/sae_2022.tar"
unset SOURCE_DATE_EPOCH
is "$RC" 0 "a database of real FINESS lines and SAE 2021 and 2022"

sha() {
	sha256sum < "$1" | cut -d' ' -f1
}

# hj FINESS EXPR: a value of the JSON detail, by a Python expression on d.
hj() {
	run --db "$DB" hospital "$1" --json
	printf '%s' "$OUT" | json "$2"
}

# --- 010000024, CH de Fleyriat: every field. -------------------------------------------
run --db "$DB" hospital 010000024 --json
is "$RC" 0 "hospital --json exits 0"
J=$OUT
is "$(printf '%s' "$J" | json '" ".join(list(d)[:4])')" "sample database sample_datasets finess" "the envelope comes first"
is "$(printf '%s' "$J" | json 'd["sample"]')" False "sample: false"
is "$(printf '%s' "$J" | json '"|".join(str(d[k]) for k in ("finess", "finess_ej", "name", "long_name", "name_extra",
    "category", "category_code", "category_group_code", "category_group", "sph_code", "sph_label", "mft_code",
    "mft_label", "siret", "ape", "opened", "authorised", "updated"))')" \
    "010000024|010780054|CH DE FLEYRIAT|CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT|None|Centre Hospitalier (C.H.)|355|1102|Centres Hospitaliers|1|Etablissement public de santé|03|ARS établissements Publics de santé dotation globale|26010004500012|8610Z|1979-02-13|1979-02-13|2020-02-04" \
    "identity as published"
is "$(printf '%s' "$J" | json '"|".join(str(d[k]) for k in ("address", "address_extra", "postal_code", "city",
    "commune_code", "commune_name", "commune_known", "finess_departement", "departement", "departement_name",
    "region", "region_name", "phone", "fax"))')" \
    "900 RTE DE PARIS|None|01440|VIRIAT|01451|Viriat|True|01|01|Ain|84|Auvergne-Rhône-Alpes|0474454647|0474454114" \
    "address, commune, département and region named from the geography, phone and fax"
is "$(printf '%s' "$J" | json '"|".join(str(d[k]) for k in ("coord_x", "coord_y", "coord_epsg", "coord_source", "coord_updated"))')" \
    "870262.2|6571540.8|2154|1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)|2026-05-04" \
    "coordinates with their EPSG code and source"
is "$(printf '%s' "$J" | json '"|".join(str(d["source"][k]) for k in ("kind", "year", "file_name", "sha256", "imported_at", "sample"))')" \
    "finess|2026|etalab-cs1100507-stock-20260512-0339.csv|$(sha "$F507")|2026-01-01T00:00:00Z|False" \
    "provenance of the FINESS fields"
SAE_KEYS='("year", "beds_mco", "places_mco", "stays_full_mco", "stays_partial_mco", "er_passages_general", "er_passages_paediatric", "er_passages_other", "er_authorised", "beds_source")'
is "$(printf '%s' "$J" | json "'\n'.join('|'.join(str(y[k]) for k in $SAE_KEYS) for y in d['sae'])")" \
"2021|405|36|None|None|43950|11800|None|True|MCO
2022|412|38|31250|11840|45177|12034|None|True|SYGEN" \
    "SAE by year: 2021 beds from MCO, stays not declared (null, not 0); 2022 from SYGEN; no other kind of emergency unit"
is "$(printf '%s' "$J" | json "'\n'.join('|'.join(str(y['source'][k]) for k in ('kind', 'year', 'file_name', 'sha256', 'sample')) for y in d['sae'])")" \
"sae|2021|sae_2021.tar|$(sha "$TEST_TMP/sae_2021.tar")|False
sae|2022|sae_2022.tar|$(sha "$TEST_TMP/sae_2022.tar")|False" \
    "each year names the archive it came from"

run --db "$DB" hospital 010000024
is "$RC" 0 "hospital exits 0"
S21=$(sha "$TEST_TMP/sae_2021.tar" | cut -c1-16)
S22=$(sha "$TEST_TMP/sae_2022.tar" | cut -c1-16)
S507=$(sha "$F507" | cut -c1-16)
is "$OUT" "CH DE FLEYRIAT

Identity
  FINESS               010000024
  Legal entity FINESS  010780054
  Long name            CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT
  Category             355 Centre Hospitalier (C.H.)
  Group                1102 Centres Hospitaliers
  Status               1 Etablissement public de santé
  Pricing              03 ARS établissements Publics de santé dotation globale
  SIRET                26010004500012
  APE code             8610Z
  Opened               1979-02-13
  Authorised           1979-02-13
  Updated              2020-02-04

Address
  Street       900 RTE DE PARIS
  City         01440 VIRIAT
  Commune      Viriat (01451)
  Département  Ain (01)
  Region       Auvergne-Rhône-Alpes (84)
  Phone        04 74 45 46 47
  Fax          04 74 45 41 14
  Coordinates  x 870262.2, y 6571540.8 (EPSG:2154)

Activity (SAE)
                                 2021    2022  Trend
  MCO beds                        405     412    +2%
  MCO places                       36      38    +6%
  MCO full stays                  n/a  31,250
  MCO partial stays               n/a  11,840
  Emergency visits             43,950  45,177    +3%
  Paediatric emergency visits  11,800  12,034    +2%
  Emergencies authorised          yes     yes
  Beds source                     MCO   SYGEN

Activities (SAE)
                                          2021    2022  Trend
  Critical care
    Adult intensive care: beds             n/a      12
  Emergency care
    General emergencies authorised         yes     yes
    Paediatric emergencies authorised      yes     yes
    Seasonal emergencies authorised         no      no
    General emergency visits            43,950  45,177    +3%
    Paediatric emergency visits         11,800  12,034    +2%
    Short-stay observation beds (UHCD)      12      12      =

Weight in its area (SAE 2022)
                      Site  Département   Share  Region   Share
  MCO beds             412          412  100.0%     412  100.0%
  Emergency visits  57,211       57,211  100.0%  57,211  100.0%

Sources
  FINESS 2026  etalab-cs1100507-stock-20260512-0339.csv, imported 2026-01-01T00:00:00Z, sha256 $S507…
  SAE 2021     sae_2021.tar, imported 2026-01-01T00:00:00Z, sha256 $S21…
  SAE 2022     sae_2022.tar, imported 2026-01-01T00:00:00Z, sha256 $S22…" \
    "text: sections aligned, years side by side, n/a where not declared, provenance"

# --- Paris 13e: a CEDEX address, an arrondissement, a paediatric figure never declared. ---
is "$(hj 750100125 '"|".join(str(d[k]) for k in ("postal_code", "city", "commune_code", "commune_name", "departement_name", "region_name"))')" \
    "75651|PARIS|75113|Paris 13e Arrondissement|Paris|Île-de-France" \
    "CEDEX postcode as published, the arrondissement from the geography"
is "$(hj 750100125 "'\n'.join('|'.join(str(y[k]) for k in $SAE_KEYS) for y in d['sae'])")" \
"2021|1290|150|None|None|60020|None|None|True|MCO
2022|1275|160|78420|65210|61540|None|None|True|SYGEN" \
    "SAE 2022 beds from SYGEN (1275), not MCO (1281)"
run --db "$DB" hospital 750100125
contains "$OUT" "  MCO beds                      1,290   1,275" "thousands spaced"
contains "$OUT" "  Paediatric emergency visits     n/a     n/a" "never declared: n/a"
contains "$OUT" "  Street       47 BD DE L'HOPITAL" "street"
contains "$OUT" "  Commune      Paris 13e Arrondissement (75113)" "commune named"

# --- Saint-Martin: no SAE, a BP for address, an overseas projection. ------------------
is "$(hj 970100400 'd["sae"]')" "[]" "no SAE figures: an empty list"
run --db "$DB" hospital 970100400
contains "$OUT" "Activity (SAE)
  no SAE figures for this site" "and says so in text"
contains "$OUT" "  Street       BP 381" "a BP alone is the address"
contains "$OUT" "  Coordinates  x 491530.4, y 1998612.7 (EPSG:5490)" "Antilles coordinates"
contains "$OUT" "  Département  Saint-Martin (978)" "Saint-Martin, code 978 (FINESS 9A, commune 127)"

# --- Mayotte: quotes in names, no fax. --------------------------------------------------
is "$(hj 980501506 '"|".join(str(d[k]) for k in ("name", "long_name", "fax", "category_group"))')" \
    "LIEU DE VIE \"MAVOUNA MEMA 1\"|LIEU DE VIE ET D'ACCUEIL \"MAVOUNA MEMA 1\"|None|Etablissements et services multi-clientèles" \
    "doubled quotes as published; fax null"
run --db "$DB" hospital 980501506
is "$(printf '%s\n' "$OUT" | grep -c '^  Fax')" 0 "no Fax line when there is none"

# --- FINESS numbers: spelling, unknown, malformed. ------------------------------------
is "$(hj " 010000024 " 'd["finess"]')" 010000024 "spaces around the number are allowed"
run --db "$DB" hospital 010000032
is "$RC" 1 "an unknown FINESS number: exit 1"
is "$ERR" "mediflux: no establishment with FINESS number 010000032 in $DB" "with a message naming it"
is "$OUT" "" "and nothing on stdout"
run --db "$DB" hospital 2a0000014
is "$RC" 1 "2A0000014 is in the SAE but not in FINESS: exit 1"
contains "$ERR" "no establishment with FINESS number 2A0000014" "2a is read as 2A"
for bad in 12345 0100000245 01000002A ABC000014 2C0000014 "01 000 0024" ""; do
	run --db "$DB" hospital "$bad"
	is "$RC" 1 "'$bad' is bad input: exit 1"
	contains "$ERR" "'$bad' is not a FINESS number" "and says so"
done
run --db "$DB" hospital "$(printf '\033[2J01')"
is "$RC" 1 "an escape sequence is bad input"
is "$ERR" "mediflux: '[2J01' is not a FINESS number (nine characters: the département, such as 01, 2A or 97, then digits)" \
    "echoed without its control character"
run --db "$DB" hospital
is "$RC" 2 "no number: usage error"
run --db "$DB" hospital 010000024 970100400
is "$RC" 2 "two numbers: usage error"

run --db "$DB" history --json
is "$(printf '%s' "$OUT" | json '[(e["pane"], e["command"], e["params"]) for e in d["entries"]][-1]')" \
    "('hospitals', 'hospital', {'finess': '010000024'})" \
    "the first detail shown is in the history; unknown numbers are not"
is "$(printf '%s' "$OUT" | json 'sorted(set(e["params"]["finess"] for e in d["entries"]))')" \
    "['010000024', '750100125', '970100400', '980501506']" "every establishment shown, and only those"

# --- The sample database says so. -----------------------------------------------------
run --db "$REFDB" hospital 010000024
is "$RC" 0 "a real line of the sample database"
is "$(printf '%s\n' "$OUT" | head -2)" "SAMPLE DATA: generated figures, not real ones (finess 2026, sae 2023, sae 2024)
CH DE FLEYRIAT" "text starts by saying it is sample data, and which datasets are"
contains "$OUT" ", SAMPLE, sha256" "and flags each source"
run --db "$REFDB" hospital 010000024 --json
is "$(printf '%s' "$OUT" | json '[d["sample"], d["source"]["sample"], [y["year"] for y in d["sae"]], [y["source"]["sample"] for y in d["sae"]]]')" \
    "[True, True, [2023, 2024], [True, True]]" "JSON: sample true, SAE 2023 and 2024, each flagged"
is "$(printf '%s' "$OUT" | json 'd["sample_datasets"]')" \
    "[{'kind': 'finess', 'year': 2026}, {'kind': 'sae', 'year': 2023}, {'kind': 'sae', 'year': 2024}]" \
    "JSON: sample_datasets names the sample sources of this answer"

done_testing
