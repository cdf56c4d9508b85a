# SPDX-License-Identifier: ISC
# PROJ, GeographicLib, libcurl, libarchive and nettle are opened when a command first
# needs them (src/dynlib.c), as the dynamic loader reports (LD_DEBUG=files): never by
# --version, a search, meds or the history; GeographicLib by --near, PROJ by a FINESS
# import, libarchive and
# nettle (the file's digest) by every import, libcurl by update. A library that cannot
# be opened (here an empty file of its name, first on LD_LIBRARY_PATH) fails only the
# commands that need it, with its name and the loader's reason, exit status 1 and the
# database as it was; every other command still runs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/update_lib.sh"

PROJ_SONAME=$(sed -n 's/^#define PROJ_SONAME "\(.*\)"$/\1/p' "$top_builddir/config.h")
GEODESIC_SONAME=$(sed -n 's/^#define GEOGRAPHICLIB_SONAME "\(.*\)"$/\1/p' "$top_builddir/config.h")
CURL_SONAME=$(sed -n 's/^#define CURL_SONAME "\(.*\)"$/\1/p' "$top_builddir/config.h")
ARCHIVE_SONAME=$(sed -n 's/^#define ARCHIVE_SONAME "\(.*\)"$/\1/p' "$top_builddir/config.h")
NETTLE_SONAME=$(sed -n 's/^#define NETTLE_SONAME "\(.*\)"$/\1/p' "$top_builddir/config.h")
is "${PROJ_SONAME%.so.[0-9]*}" libproj "configure found PROJ's soname ($PROJ_SONAME)"
is "${GEODESIC_SONAME%.so.[0-9]*}" libGeographicLib "configure found GeographicLib's soname ($GEODESIC_SONAME)"
is "${CURL_SONAME%.so.[0-9]*}" libcurl "configure found libcurl's soname ($CURL_SONAME)"
is "${ARCHIVE_SONAME%.so.[0-9]*}" libarchive "configure found libarchive's soname ($ARCHIVE_SONAME)"
is "${NETTLE_SONAME%.so.[0-9]*}" libnettle "configure found nettle's soname ($NETTLE_SONAME)"

# loads ARG...: how the loader brought PROJ, GeographicLib, libcurl, libarchive and
# nettle into mediflux
# ARG..., one line each ("libproj.so.25 dynamically loaded"), sorted; OUT, ERR, RC
# as run's, loader lines aside.
loads() {
	OUT=$(LD_DEBUG=files LD_DEBUG_OUTPUT="$TEST_TMP/ld" "$MEDIFLUX" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
	LOADS=$(cat "$TEST_TMP"/ld.* 2>/dev/null |
	    sed -n "s/.*file=\($PROJ_SONAME\|$GEODESIC_SONAME\|$CURL_SONAME\|$ARCHIVE_SONAME\|$NETTLE_SONAME\) \[0\];  \(needed by\|dynamically loaded by\).*/\1 \2/p" |
	    sed 's/ by$//' | sort -u)
	rm -f "$TEST_TMP"/ld.*
}

# --- What each command opens. ---------------------------------------------------------
loads --version
is "$RC" 0 "--version runs"
contains "$OUT" "libarchive 3." "--version names the libarchive it was built with"
is "$LOADS" "" "--version opens none of the five"

loads --db "$REFDB" search vienne
is "$RC" 0 "search runs"
contains "$OUT" "VIENNE" "search finds Vienne's hospitals"
is "$LOADS" "" "a search by place opens none of the four"

loads --db "$REFDB" meds --json
is "$RC" 0 "meds runs"
is "$LOADS" "" "meds opens none"

loads --db "$REFDB" history
is "$RC" 0 "history runs"
is "$LOADS" "" "history opens none (the user database's schema is checked without a digest)"

loads --db "$REFDB" search vienne --near 10
is "$RC" 0 "search --near runs"
contains "$OUT" "within 10 km of Vienne" "--near measures from Vienne"
is "$LOADS" "$GEODESIC_SONAME dynamically loaded" \
    "--near opens GeographicLib, on its first distance, and nothing else: not PROJ and the forty libraries it needs"

W="$TEST_TMP/w"
mkdir -p "$W"
loads import --db "$W/finess.db" --geography "$GEO" --quiet "$FIX/finess/$FINESS_NAME"
is "$RC" 0 "a FINESS extract imports"
is "$LOADS" "$ARCHIVE_SONAME dynamically loaded
$NETTLE_SONAME needed
$PROJ_SONAME dynamically loaded" "the FINESS import opens libarchive to read it (which needs nettle, as the digest does), PROJ to convert the coordinates"
is "$(q "$W/finess.db" "SELECT count(*) FROM establishment WHERE latitude IS NOT NULL")" 7 \
    "and places the extract's 7 geolocated establishments"

start_server
trap 'stop_server; tap_cleanup' EXIT
good_api
CAT="$TEST_TMP/sources.json"
catalogue "$CAT"
loads update --db "$W/update.db" --geography "$GEO" --sources "$CAT" --dry-run
is "$RC" 0 "update --dry-run runs against the publisher on 127.0.0.1"
is "$LOADS" "$CURL_SONAME dynamically loaded
$NETTLE_SONAME needed" "update --dry-run opens libcurl alone (which needs nettle, as the digest does)"

# --- A library that cannot be opened. ------------------------------------------------
BAD="$TEST_TMP/badlibs"
mkdir -p "$BAD"
: > "$BAD/$PROJ_SONAME"
: > "$BAD/$GEODESIC_SONAME"
: > "$BAD/$CURL_SONAME"
: > "$BAD/$ARCHIVE_SONAME"
export LD_LIBRARY_PATH="$BAD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

run --version
is "$RC" 0 "without the four, --version still runs"
run --db "$REFDB" search vienne
is "$RC" 0 "so does a search by place"
contains "$OUT" "VIENNE" "and it finds Vienne's hospitals"
run --db "$REFDB" history
is "$RC" 0 "and the history"

run --db "$REFDB" search vienne --near 10
is "$RC" 1 "--near fails, exit status 1"
contains "$ERR" "$GEODESIC_SONAME cannot be loaded: $BAD/$GEODESIC_SONAME: file too short" \
    "saying which library could not be opened and why"
is "$OUT" "" "and prints no list"

cp "$W/finess.db" "$W/before.db"
run import --db "$W/finess.db" --geography "$GEO" --quiet "$FIX/finess/$FINESS_NAME"
is "$RC" 1 "an import fails, exit status 1"
contains "$ERR" "$ARCHIVE_SONAME cannot be loaded: $BAD/$ARCHIVE_SONAME: file too short" \
    "naming libarchive's library, which opens every file"
ok "the database is byte for byte as it was" cmp -s "$W/finess.db" "$W/before.db"
rm "$BAD/$ARCHIVE_SONAME"
run import --db "$W/finess.db" --geography "$GEO" --quiet "$FIX/finess/$FINESS_NAME"
is "$RC" 1 "with libarchive back, a FINESS import still fails without PROJ"
contains "$ERR" "$PROJ_SONAME cannot be loaded" "naming PROJ's library"
ok "the database is still byte for byte as it was" cmp -s "$W/finess.db" "$W/before.db"

run update --db "$W/update.db" --geography "$GEO" --sources "$CAT" --dry-run
is "$RC" 1 "update fails, exit status 1"
contains "$ERR" "$CURL_SONAME cannot be loaded: $BAD/$CURL_SONAME: file too short" \
    "naming libcurl's library and why"
ok "and creates no database" test ! -e "$W/update.db"

# --- Nettle alone missing: only what takes a digest fails. -----------------------------
rm -f "$BAD/$PROJ_SONAME" "$BAD/$GEODESIC_SONAME" "$BAD/$CURL_SONAME" "$BAD/$ARCHIVE_SONAME"
: > "$BAD/$NETTLE_SONAME"
run --db "$REFDB" meds --json
is "$RC" 0 "without nettle, meds runs"
run --db "$REFDB" search vienne
is "$RC" 0 "so does a search, which records the history"
contains "$OUT" "VIENNE" "and finds Vienne's hospitals"
is "$ERR" "" "with nothing to say"
run import --db "$W/finess.db" --geography "$GEO" --quiet "$FIX/finess/$FINESS_NAME"
is "$RC" 1 "an import fails, exit status 1"
contains "$ERR" "$NETTLE_SONAME cannot be loaded: $BAD/$NETTLE_SONAME: file too short" \
    "naming nettle's library, which takes the file's digest"
ok "the database is byte for byte as it was" cmp -s "$W/finess.db" "$W/before.db"

done_testing
