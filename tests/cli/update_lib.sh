# SPDX-License-Identifier: ISC
# Helpers of the update tests (tests/cli/update*.sh), sourced after tests/lib.sh and
# tests/cli/import_lib.sh: a publisher on 127.0.0.1 (tests/update_server.py) serving
# files built here from tests/fixtures/import/, and a catalogue pointing at it.

SRV="$TEST_TMP/srv"
mkdir -p "$SRV/files" "$SRV/api"
# Downloads go to their own directory, so that a temporary file left would show.
DL="$TEST_TMP/dl"
mkdir -p "$DL"
export TMPDIR="$DL"
# Quick failures: a stalled body gives up after 2 s, retries wait 10 ms then 20.
export MEDIFLUX_HTTP_TIMEOUT=2 MEDIFLUX_HTTP_RETRIES=2 MEDIFLUX_HTTP_BACKOFF_MS=10
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export no_proxy='*'

FINESS_NAME=etalab-cs1100507-stock-20260512-0339.csv
cp "$FIX/finess/$FINESS_NAME" "$SRV/files/"
# An older extract the catalogue's "latest" must pass over.
cp "$FIX/finess/$FINESS_NAME" "$SRV/files/etalab-cs1100507-stock-20250101-0000.csv"
for y in 2016 2022; do
	(cd "$FIX/openmedic" && bsdtar -a -cf "$SRV/files/OPEN_MEDIC_$y.zip" "OPEN_MEDIC_$y.CSV")
done
top="SAE 2022 Bases statistiques - formats SAS-CSV"
mkdir -p "$TEST_TMP/sae/$top/Bases statistiques/Bases CSV"
cp "$FIX/sae/2022/"*.csv "$TEST_TMP/sae/$top/Bases statistiques/Bases CSV/"
bsdtar --format 7zip -cf "$SRV/files/sae_2022_bases_statistiques_formats_sas_csv_7z" \
    -C "$TEST_TMP/sae" "$top"
cp "$FIX/drees/medecins_rpps_2012_2025.csv" "$SRV/files/"

# start_server: runs the publisher; PORT, BASE and SRV_PID are set.
start_server() {
	rm -f "$SRV/port" "$SRV/log"
	: > "$SRV/log"
	python3 "$top_srcdir/tests/update_server.py" "$SRV" "$SRV/port" "$SRV/log" &
	SRV_PID=$!
	for _i in $(seq 100); do
		[ -s "$SRV/port" ] && break
		sleep 0.1
	done
	PORT=$(cat "$SRV/port")
	BASE="http://127.0.0.1:$PORT"
}

stop_server() {
	kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
}

# resource MODE FILE [CHECKSUM]: one data.gouv.fr resource of the fake API.
resource() {
	_sum=${3:-$(sha1sum < "$SRV/files/$2" | cut -c1-40)}
	printf '{"id": "r-%s", "title": "%s", "url": "{base}/%s/%s", "filesize": %s,'\
' "checksum": {"type": "sha1", "value": "%s"}, "last_modified": "2026-05-12T03:39:00",'\
' "format": "csv"}' "$2" "$2" "$1" "$2" "$(stat -c %s "$SRV/files/$2")" "$_sum"
}

# api SLUG RESOURCE...: the API's answer for one dataset.
api() {
	_slug=$1
	shift
	{
		printf '{"id": "%s", "slug": "%s", "resources": [' "$_slug" "$_slug"
		_sep=
		for _r in "$@"; do
			printf '%s%s' "$_sep" "$_r"
			_sep=', '
		done
		printf ']}\n'
	} > "$SRV/api/$_slug.json"
}

# catalogue FILE [SAE_MODE]: a catalogue of the local publisher, shaped as data/sources.json.
catalogue() {
	cat > "$1" <<EOC
{
  "note": "tests/cli/update.sh: the publisher on 127.0.0.1",
  "sources": [
    { "name": "finess", "api": "$BASE/api/1/datasets/finess/",
      "match": "etalab-cs1100507-stock-*.csv", "latest": true },
    { "name": "sae", "url": "$BASE/${2:-f}/sae_{year}_bases_statistiques_formats_sas_csv_7z",
      "file": "sae_{year}_bases_statistiques.7z", "years": [2022] },
    { "name": "openmedic", "api": "$BASE/api/1/datasets/openmedic/",
      "match": "OPEN_MEDIC_{year}.zip" },
    { "name": "drees", "api": "$BASE/api/1/datasets/drees/", "match": "*.csv" },
    { "name": "bdpm", "importer": false,
      "files": [ { "url": "$BASE/f/CIS_bdpm.txt" } ] }
  ]
}
EOC
}

# good_api: every dataset served whole.
good_api() {
	api finess "$(resource f "$FINESS_NAME")" \
	    "$(resource f etalab-cs1100507-stock-20250101-0000.csv)"
	api openmedic "$(resource f OPEN_MEDIC_2016.zip)" "$(resource f OPEN_MEDIC_2022.zip)"
	api drees "$(resource f medecins_rpps_2012_2025.csv)"
}

# requests: the requests logged so far, "PATH STATUS" a line.
requests() {
	cut -d' ' -f2,3 "$SRV/log"
}

# no_download_left: the download directory is empty, and no hidden file is beside DB.
no_download_left() {
	[ -z "$(ls -A "$DL")" ] && ! ls -A "$(dirname "$1")" | grep -q '^\.'
}
