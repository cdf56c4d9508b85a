# SPDX-License-Identifier: ISC
# mediflux update against a publisher on 127.0.0.1 (tests/update_server.py): fetch and
# import, up to date on the second run with one request per file, --dry-run, --years,
# and every failure (404, 500, a cut body, an HTML page, a wrong checksum or size, a
# stalled body; the bomb is in update_hostile.sh) leaving the database byte-identical and no download behind; a cut body
# resumed with Range, a redirect followed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/update_lib.sh"

start_server
trap 'stop_server; tap_cleanup' EXIT
good_api
CAT="$TEST_TMP/sources.json"
catalogue "$CAT"
W="$TEST_TMP/w"
mkdir -p "$W"
DB="$W/ref.db"

upd() {
	run update --db "$DB" --geography "$GEO" --sources "$CAT" "$@"
}

# 1. --dry-run: the catalogue requests only.
upd --dry-run
is "$RC" 0 "--dry-run exits 0"
is "$(requests)" "/api/1/datasets/finess/ 200
/api/1/datasets/openmedic/ 200
/api/1/datasets/drees/ 200" "--dry-run asks the API of each dataset and fetches nothing"
contains "$OUT" "finess           $FINESS_NAME  3,510  planned" "it lists the newest FINESS extract with its size"
is "$(printf '%s\n' "$OUT" | grep '^bdpm ' | tr -s ' ')" "bdpm CIS_bdpm.txt ? no importer yet, not fetched" \
    "the BDPM is listed, not to be fetched"
ok "--dry-run creates no database" test ! -e "$DB"

# 2. The first run fetches and imports everything.
: > "$SRV/log"
upd --json
is "$RC" 0 "update exits 0"
is "$(printf '%s' "$OUT" | json '[(f["dataset"], f["file_name"], f["year"], f["status"]) for f in d["files"]]')" \
    "[('finess', '$FINESS_NAME', None, 'fetched'), ('sae', 'sae_2022_bases_statistiques.7z', 2022, 'fetched'), ('openmedic', 'OPEN_MEDIC_2016.zip', 2016, 'fetched'), ('openmedic', 'OPEN_MEDIC_2022.zip', 2022, 'fetched'), ('drees', 'medecins_rpps_2012_2025.csv', None, 'fetched'), ('bdpm', 'CIS_bdpm.txt', None, 'no importer yet, not fetched')]" \
    "--json lists every file and what became of it"
is "$(printf '%s' "$OUT" | json 'd["up_to_date"], d["requests"]')" "False 8" "3 API requests, 5 downloads"
ok "no download is left" no_download_left "$DB"
is "$(grep -c CIS_bdpm "$SRV/log")" 0 "the BDPM was not requested"
is "$ERR" "" "stderr not a terminal: no progress"

# The same files imported from disk give the same database content.
cp "$SRV/files/sae_2022_bases_statistiques_formats_sas_csv_7z" "$W/sae_2022_bases_statistiques.7z"
import_into "$W/local.db" "$SRV/files/$FINESS_NAME" "$W/sae_2022_bases_statistiques.7z" \
    "$SRV/files/OPEN_MEDIC_2016.zip" "$SRV/files/OPEN_MEDIC_2022.zip" \
    "$SRV/files/medecins_rpps_2012_2025.csv"
is "$RC" 0 "the same files import from disk"
PROV="SELECT kind, year, file_name, file_size, sha256, rows_read, rows_kept, rows_rejected,
    control_totals FROM dataset WHERE kind NOT LIKE 'insee%' ORDER BY kind, year"
is "$(q "$DB" "$PROV")" "$(q "$W/local.db" "$PROV")" "provenance: names, sizes, SHA-256 and counts as a local import"
for t in establishment sae_site med_fact professional region_metric; do
	is "$(q "$DB" "SELECT * FROM $t ORDER BY 1, 2, 3")" "$(q "$W/local.db" "SELECT * FROM $t ORDER BY 1, 2, 3")" \
	    "$t: the same rows as a local import"
done
is "$(q "$DB" "SELECT count(*) FROM establishment")" 7 "the extract's 7 establishments"
is "$(q "$DB" "SELECT kind, year, url FROM dataset WHERE kind NOT LIKE 'insee%' ORDER BY kind, year")" \
"drees|2024|$BASE/f/medecins_rpps_2012_2025.csv
finess|2026|$BASE/f/$FINESS_NAME
openmedic|2016|$BASE/f/OPEN_MEDIC_2016.zip
openmedic|2022|$BASE/f/OPEN_MEDIC_2022.zip
sae|2022|$BASE/f/sae_2022_bases_statistiques_formats_sas_csv_7z" "each dataset records the URL it came from"
is "$(q "$DB" "SELECT count(*) FROM dataset WHERE url IS NOT NULL AND etag LIKE '\"%\"'
    AND last_modified LIKE '%GMT' AND retrieved_at GLOB '20[0-9][0-9]-[01][0-9]-*T*Z'")" 5 \
    "with its ETag, Last-Modified and retrieval time"
is "$(q "$DB" "SELECT count(*) FROM dataset WHERE url IS NULL")" 4 "the geography has no URL"
run health --db "$DB" --json
is "$(printf '%s' "$OUT" | json '[(x["kind"], x["url"] is None, x["etag"] == "\"" + x["etag"].strip("\"") + "\"" if x["etag"] else None) for x in d["datasets"] if x["kind"] in ("finess", "insee_regions")]')" \
    "[('insee_regions', True, None), ('finess', False, True)]" "health --json shows each dataset's URL and ETag, null for a local import"
"$top_builddir/tests/consolidate/mkold" "$W/v3.db" 3 "$GEO"
run health --db "$W/v3.db" --json
is "$RC|$(printf '%s' "$OUT" | json 'len(d["datasets"]), d["datasets"][0]["url"]')" "0|4 None" \
    "health still lists the datasets of a schema 3 database, which has no URL columns"

# 3. The second run: one conditional request a file, nothing imported.
cp "$DB" "$W/before.db"
: > "$SRV/log"
upd
is "$RC" 0 "a second update exits 0"
contains "$OUT" "$DB is up to date (5 files unchanged, 8 requests)" "and says up to date"
is "$(requests | grep -v /api/)" "/f/$FINESS_NAME 304
/f/sae_2022_bases_statistiques_formats_sas_csv_7z 304
/f/OPEN_MEDIC_2016.zip 304
/f/OPEN_MEDIC_2022.zip 304
/f/medecins_rpps_2012_2025.csv 304" "one request a file, answered 304"
is "$(grep -c 'if-none-match="' "$SRV/log")" 5 "each with the ETag stored"
ok "the database is byte-identical" cmp -s "$DB" "$W/before.db"

# 4. A dataset by name, a year by --years; a changed file is fetched again.
: > "$SRV/log"
touch -d '2027-01-01' "$SRV/files/OPEN_MEDIC_2022.zip"
printf '\n' >> "$SRV/files/OPEN_MEDIC_2022.zip"
good_api
upd openmedic --years 2022
is "$RC" 0 "update openmedic --years 2022 exits 0"
is "$(requests)" "/api/1/datasets/openmedic/ 200
/f/OPEN_MEDIC_2022.zip 200" "only that dataset and year are asked for, and the changed file is sent"
contains "$OUT" "updated: 1 dataset from 1 file fetched, 0 up to date" "the summary counts it"
is "$(q "$DB" "SELECT file_size FROM dataset WHERE kind = 'openmedic' AND year = 2022")" \
    "$(stat -c %s "$SRV/files/OPEN_MEDIC_2022.zip")" "its new size is recorded"
run update --db "$DB" --sources "$CAT" nosuch
is "$RC" 1 "an unknown dataset exits 1"
contains "$ERR" "no dataset 'nosuch' in the catalogue" "and is named"
run update --db "$DB" --sources "$CAT" --years 20x
is "$RC" 2 "a bad --years is a usage error"

# 5. Failures: exit 1, a message naming the URL, the database byte-identical, nothing left.
cp "$DB" "$W/before.db"
# fails WHAT NEEDLE: the update exits 1 saying NEEDLE, and changes nothing.
fails() {
	upd
	is "$RC" 1 "$1: exit status 1"
	contains "$ERR" "$2" "$1: the message says what and where"
	ok "$1: the database is byte-identical" cmp -s "$DB" "$W/before.db"
	ok "$1: no download is left" no_download_left "$DB"
}
rm "$DB.prev" 2>/dev/null
api openmedic "$(resource 404 OPEN_MEDIC_2016.zip)"
fails "a 404" "$BASE/404/OPEN_MEDIC_2016.zip: HTTP status 404"
: > "$SRV/log"
api openmedic "$(resource 500 OPEN_MEDIC_2016.zip)"
fails "a 500" "$BASE/500/OPEN_MEDIC_2016.zip: HTTP status 500 (3 attempts)"
is "$(grep -c '^GET /500/' "$SRV/log")" 3 "a 500 is tried three times (MEDIFLUX_HTTP_RETRIES=2)"
: > "$SRV/log"
HALF=$(( $(stat -c %s "$SRV/files/OPEN_MEDIC_2016.zip") / 2 ))
api openmedic "$(resource cut OPEN_MEDIC_2016.zip)"
fails "a body cut mid-way" "$BASE/cut/OPEN_MEDIC_2016.zip: the connection broke during the transfer (3 attempts)"
is "$(grep '^GET /cut/' "$SRV/log" | sed 's/ if-none-match.*//')" \
"GET /cut/OPEN_MEDIC_2016.zip 200 range=-
GET /cut/OPEN_MEDIC_2016.zip 200 range=bytes=$HALF-
GET /cut/OPEN_MEDIC_2016.zip 200 range=bytes=$HALF-" "each retry asks for the rest with Range"
# In French, the failure's own words too (not libcurl's English).
: > "$SRV/log"
OUT=$(LC_ALL=fr_FR.UTF-8 "$MEDIFLUX" update --db "$DB" --geography "$GEO" --sources "$CAT" 2>&1 >/dev/null)
contains "$OUT" "$BASE/cut/OPEN_MEDIC_2016.zip: la connexion s'est interrompue pendant le transfert (3 tentatives)" \
    "a body cut mid-way, in French"
# A port nothing listens on: the connection's failure in the user's language.
api openmedic '{"id": "r-closed", "title": "OPEN_MEDIC_2016.zip", "url": "http://127.0.0.1:9/OPEN_MEDIC_2016.zip", "format": "csv"}'
OUT=$(LC_ALL=fr_FR.UTF-8 MEDIFLUX_HTTP_RETRIES=0 "$MEDIFLUX" update --db "$DB" --geography "$GEO" --sources "$CAT" 2>&1 >/dev/null)
contains "$OUT" "http://127.0.0.1:9/OPEN_MEDIC_2016.zip: impossible de joindre le serveur" \
    "a refused connection, in French"
upd
contains "$ERR" "http://127.0.0.1:9/OPEN_MEDIC_2016.zip: cannot connect to the server" \
    "and in English"
api openmedic "$(resource html OPEN_MEDIC_2016.zip)"
fails "an HTML page" "$BASE/html/OPEN_MEDIC_2016.zip: an HTML page (Content-Type text/html; charset=utf-8), not a data file"
# (A file the database does not hold yet: one it holds is answered 304.)
cp "$SRV/files/OPEN_MEDIC_2016.zip" "$SRV/files/OPEN_MEDIC_2017.zip"
api openmedic "$(resource f OPEN_MEDIC_2017.zip 0123456789012345678901234567890123456789)"
fails "a checksum mismatch" "$BASE/f/OPEN_MEDIC_2017.zip: sha1 checksum mismatch: the publisher says 0123456789012345678901234567890123456789"
cp "$SRV/files/OPEN_MEDIC_2016.zip" "$SRV/files/OPEN_MEDIC_2018.zip"
api openmedic "$(resource f OPEN_MEDIC_2018.zip)"
sed -i 's/"filesize": [0-9]*/"filesize": 5/' "$SRV/api/openmedic.json"
fails "a size mismatch" "$BASE/f/OPEN_MEDIC_2018.zip: $(stat -c %s "$SRV/files/OPEN_MEDIC_2018.zip") bytes received, the publisher says 5"
: > "$SRV/log"
api openmedic "$(resource slow OPEN_MEDIC_2016.zip)"
fails "a stalled body" "$BASE/slow/OPEN_MEDIC_2016.zip: the transfer was too slow or stalled"
api openmedic "$(resource f OPEN_MEDIC_2016.zip)" "$(resource f OPEN_MEDIC_2022.zip)"
sed 's/"match": "etalab-cs1100507-stock-\*.csv"/"match": "nothing-*.csv"/' "$CAT" > "$TEST_TMP/nomatch.json"
run update --db "$DB" --sources "$TEST_TMP/nomatch.json"
is "$RC" 1 "a dataset whose resources match nothing exits 1"
contains "$ERR" "$BASE/api/1/datasets/finess/: no resource named like 'nothing-*.csv'" "and says so"
ok "the database is byte-identical" cmp -s "$DB" "$W/before.db"
printf '{"sources": [' > "$TEST_TMP/bad.json"
run update --db "$DB" --sources "$TEST_TMP/bad.json"
is "$RC" 1 "a malformed catalogue exits 1"
contains "$ERR" "$TEST_TMP/bad.json: line" "and is named"
# A failure of a new database's first update leaves no database at all.
api openmedic "$(resource 404 OPEN_MEDIC_2016.zip)"
run update --db "$W/new.db" --geography "$GEO" --sources "$CAT"
is "$RC" 1 "a first update that fails exits 1"
ok "and leaves no database" test ! -e "$W/new.db"

# 6. What succeeds: a redirect followed, a cut body resumed with Range.
: > "$SRV/log"
api openmedic "$(resource redirect OPEN_MEDIC_2016.zip)" "$(resource cutonce OPEN_MEDIC_2022.zip)"
run update --db "$DB" --geography "$GEO" --sources "$CAT" openmedic
is "$RC" 0 "a redirect and a resumed body import"
is "$(requests)" "/api/1/datasets/openmedic/ 200
/redirect/OPEN_MEDIC_2016.zip 302
/f/OPEN_MEDIC_2016.zip 200
/cutonce/OPEN_MEDIC_2022.zip 200
/cutonce/OPEN_MEDIC_2022.zip 206" "the redirect is followed, the cut body resumed"
is "$(grep '^GET /cutonce/' "$SRV/log" | sed -n 2p | cut -d' ' -f4)" \
    "range=bytes=$(( $(stat -c %s "$SRV/files/OPEN_MEDIC_2022.zip") / 2 ))-" "from the byte where it was cut"
is "$(q "$DB" "SELECT file_name, file_size, sha256 FROM dataset WHERE kind = 'openmedic' ORDER BY year")" \
"OPEN_MEDIC_2016.zip|$(file_facts "$SRV/files/OPEN_MEDIC_2016.zip" | tr -d '\n')
OPEN_MEDIC_2022.zip|$(file_facts "$SRV/files/OPEN_MEDIC_2022.zip" | tr -d '\n')" "both recorded whole, with their SHA-256"
ok "no download is left" no_download_left "$DB"

# Progress on a terminal (script(1) gives one): the file, bytes of its size, the rate.
api drees "$(resource trickle medecins_rpps_2012_2025.csv)"
script -qec "'$MEDIFLUX' update --db '$W/tty.db' --geography '$GEO' --sources '$CAT' drees" \
    /dev/null > "$TEST_TMP/tty.out" 2>&1
shown=$(tr '\r' '\n' < "$TEST_TMP/tty.out")
ok "on a terminal, each file shows bytes of its size and the rate" \
    sh -c "printf '%s' \"\$1\" | grep -Eq '^medecins_rpps_2012_2025.csv: [0-9.]+/0.0 MB, [0-9.]+ MB/s'" sh "$shown"
contains "$shown" "$W/tty.db created: 1 dataset from 1 file fetched" "and the summary follows"
script -qec "'$MEDIFLUX' update --quiet --db '$W/tty.db' --geography '$GEO' --sources '$CAT' drees" \
    /dev/null > "$TEST_TMP/quiet.out" 2>&1
is "$(cat "$TEST_TMP/quiet.out")" "" "--quiet on a terminal prints nothing"
good_api

# --shared is the shared database's, never with --db.
run update --shared --db "$DB" --sources "$CAT"
is "$RC" 2 "--shared with --db is a usage error"

# 7. The shipped catalogue: SAE by URL pattern and the BDPM need no request to be planned.
# (Found beside the binary in the build tree; a VPATH build, as make distcheck's, has
# it in the source tree only.)
unset MEDIFLUX_SOURCES
SHIPPED=
[ -e "$top_builddir/data/sources.json" ] || SHIPPED="--sources $top_srcdir/data/sources.json"
run update --db "$DB" --dry-run $SHIPPED sae bdpm --years 2023,2024
is "$RC" 0 "the shipped catalogue (data/sources.json) is read"
is "$(printf '%s\n' "$OUT" | tr -s ' ')" "sae 2023 sae_2023_bases_statistiques.7z ? planned
sae 2024 sae_2024_bases_statistiques.7z ? planned
bdpm CIS_bdpm.txt ? planned
bdpm CIS_CIP_bdpm.txt ? planned
bdpm CIS_COMPO_bdpm.txt ? planned
bdpm CIS_GENER_bdpm.txt ? planned
bdpm CIS_CPD_bdpm.txt ? planned
bdpm CIS_HAS_SMR_bdpm.txt ? planned
bdpm CIS_HAS_ASMR_bdpm.txt ? planned
bdpm HAS_LiensPageCT_bdpm.txt ? planned
bdpm CIS_InfoImportantes.txt ? planned
bdpm CIS_CIP_Dispo_Spec.txt ? planned
bdpm CIS_MITM.txt ? planned
13 files would be fetched (dry run: 0 catalogue requests made)" "SAE years by --years, the eleven BDPM files"
MEDIFLUX_SOURCES="$CAT" run update --db "$DB" --dry-run --json sae
is "$(printf '%s' "$OUT" | json '[f["url"] for f in d["files"]]')" "['$BASE/f/sae_2022_bases_statistiques_formats_sas_csv_7z']" \
    "MEDIFLUX_SOURCES replaces the catalogue"
sed 's/"name": "drees",/"name": "drees", "default": false,/' "$CAT" > "$TEST_TMP/nodefault.json"
: > "$SRV/log"
run update --db "$DB" --dry-run --sources "$TEST_TMP/nodefault.json"
is "$(requests | grep -c drees)" 0 "an entry with \"default\": false is left out of a plain update"
run update --db "$DB" --dry-run --sources "$TEST_TMP/nodefault.json" drees
is "$(requests | grep -c drees)" 1 "and updated when named"

# 8. The BDPM: each file fetched and imported as published, then up to date.
cp "$FIX/bdpm/CIS_bdpm.txt" "$FIX/bdpm/CIS_CIP_bdpm.txt" "$SRV/files/"
cp "$FIX/bdpm/CIS_InfoImportantes_20260504120000_bdpm.txt" "$SRV/files/CIS_InfoImportantes.txt"
cat > "$TEST_TMP/bdpm.json" <<EOC
{ "sources": [ { "name": "bdpm", "files": [ { "url": "$BASE/f/CIS_bdpm.txt" },
    { "url": "$BASE/f/CIS_CIP_bdpm.txt" }, { "url": "$BASE/f/CIS_InfoImportantes.txt" } ] } ] }
EOC
B="$W/bdpm.db"
: > "$SRV/log"
run update --db "$B" --geography "$GEO" --sources "$TEST_TMP/bdpm.json" bdpm
is "$RC" 0 "update bdpm fetches and imports the BDPM's files"
is "$(q "$B" "SELECT kind || ':' || rows_kept || ':' || file_name || ':' || url FROM dataset
    WHERE kind LIKE 'bdpm%' ORDER BY kind")" "bdpm_cip:6:CIS_CIP_bdpm.txt:$BASE/f/CIS_CIP_bdpm.txt
bdpm_cis:4:CIS_bdpm.txt:$BASE/f/CIS_bdpm.txt
bdpm_info:1:CIS_InfoImportantes.txt:$BASE/f/CIS_InfoImportantes.txt" \
    "each file its dataset, recognised by its content, with the URL it came from"
is "$(q "$B" "SELECT sum(price_cents) FROM bdpm_cip")" 136266 "the presentations' prices"
: > "$SRV/log"
run update --db "$B" --geography "$GEO" --sources "$TEST_TMP/bdpm.json" bdpm
is "$RC" 0 "a second update exits 0"
is "$(requests | wc -l | tr -d ' ')" 3 "one request per file"
contains "$OUT" "up to date" "unchanged files: up to date"

done_testing
