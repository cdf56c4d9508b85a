# SPDX-License-Identifier: ISC
# mediflux search --near: positions converted by PROJ at import (checked against
# commune centres that come from elsewhere, geo.api.gouv.fr), the centre each kind
# of place gives, the radius and the order checked against distances computed here
# (haversine, independently of PROJ's geodesics), the profile's location, the
# history, --with, errors; the FINESS import's positions and what it cannot place;
# a database of schema 6 placed by its next import.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

MKOLD="$top_builddir/tests/consolidate/mkold"

# near_json ARG...: mediflux search --json on the sample database.
near_json() {
	run --db "$REFDB" search --json "$@"
}

# haversine LAT LON: "finess km" of every hospital or clinic placed in DB ($NEARDB),
# by the haversine formula (mean Earth radius), nearest first.
haversine() {
	sqlite3 -batch -readonly "$NEARDB" "SELECT finess, latitude, longitude
	    FROM establishment WHERE latitude IS NOT NULL
	    AND category_group_code LIKE '11%'" |
	python3 -c '
import math, sys
lat0, lon0 = map(float, sys.argv[1:3])
out = []
for line in sys.stdin:
    f, la, lo = line.strip().split("|")
    p1, p2 = math.radians(lat0), math.radians(float(la))
    dp, dl = p2 - p1, math.radians(float(lo) - lon0)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    out.append((2 * 6371.0088 * math.asin(math.sqrt(h)), f))
for d, f in sorted(out):
    print(f, "%.4f" % d)' "$1" "$2"
}

NEARDB=$REFDB

# --- Where the sample's establishments are. -----------------------------------------
# Positions from the FINESS coordinates (Lambert-93, UTM 20N, 22N, 40S, 38S) against
# the commune centres of the reference geography: the lines the sample copies from
# published extracts (their coordinates as published) within 5 km of their commune's
# centre (10 km: a hospital on the coast of a commune that climbs inland, as Saint-Denis
# de La Réunion, is 7 km from its centre; a wrong system is hundreds away), and every
# sample establishment within 3 km of its own.
far=$(sqlite3 -batch -readonly "$REFDB" "SELECT e.finess, e.coord_epsg, e.latitude,
    e.longitude, p.latitude, p.longitude FROM establishment e JOIN (SELECT code,
    latitude, longitude FROM commune UNION ALL SELECT code, latitude, longitude
    FROM arrondissement) p ON p.code = e.commune_code WHERE p.latitude IS NOT NULL
    AND e.coord_x IS NOT NULL" |
python3 -c '
import math, sys
real = {"010000024", "970300026", "970302287", "970400024", "970409645", "980501506",
        "970210126"}
seen, bad = set(), []
for line in sys.stdin:
    f, epsg, la, lo, pla, plo = line.strip().split("|")
    if la == "":
        bad.append(f + " unplaced")
        continue
    la, lo, pla, plo = map(float, (la, lo, pla, plo))
    d = 6371 * 2 * math.asin(math.sqrt(math.sin(math.radians(pla - la) / 2) ** 2 +
        math.cos(math.radians(la)) * math.cos(math.radians(pla)) *
        math.sin(math.radians(plo - lo) / 2) ** 2))
    if d > (10 if f in real else 3):
        bad.append("%s EPSG:%s %.1f km" % (f, epsg, d))
    if f in real:
        seen.add(f)
print(" ".join(bad) if bad else "none", "|", " ".join(sorted(seen)))')
is "$far" "none | 010000024 970210126 970300026 970302287 970400024 970409645 980501506" \
    "every establishment lies by its commune's centre, the published lines' in each system"
is "$(q "$REFDB" "SELECT count(*), count(latitude), count(DISTINCT coord_epsg)
    FROM establishment WHERE coord_x IS NOT NULL")" "2885|2885|5" \
    "every line with coordinates is placed, in five systems"
is "$(q "$REFDB" "SELECT count(*) FROM establishment_rtree")" 2885 "and in the R*Tree"
is "$(q "$REFDB" "SELECT json_extract(control_totals, '$.placed'),
    json_extract(control_totals, '$.not_placed') FROM dataset WHERE kind = 'finess'")" \
    "2885|{}" "the provenance counts them"

# --- Around a commune. ---------------------------------------------------------------
near_json vienne --near --limit 0
is "$RC" 0 "search vienne --near exits 0"
is "$(printf '%s' "$OUT" | json '[d["near"][k] for k in ("code", "name", "departement", "km", "how", "latitude", "longitude")]')" \
    "['38544', 'Vienne', '38', 30, 'place', 45.5214, 4.8822]" \
    "the centre is Vienne's, 30 km unless told"
got=$(printf '%s' "$OUT" | json '"\n".join("%s %s %s" % (r["finess"], r["distance_km"], r["match"]) for r in d["results"])')
want=$(haversine 45.5214 4.8822)
# The same establishments, nearest first, each at the haversine's distance to within
# its 0.5 % of the ellipsoid (so two sites 30 m apart in distance may swap, and a site
# within 150 m of the edge may fall either side: one does here).
check=$(python3 -c '
import sys
got = [l.split() for l in sys.argv[1].splitlines()]
ref = [l.split() for l in sys.argv[2].splitlines()]
edge = {f for f, d in ref if abs(float(d) - 30) < 0.15}
inside = [f for f, d in ref if float(d) <= 30 and f not in edge]
errors = []
if sorted(g[0] for g in got if g[0] not in edge) != sorted(inside):
    errors.append("sets differ: %d vs %d" % (len(got), len(inside)))
if [float(g[1]) for g in got] != sorted(float(g[1]) for g in got):
    errors.append("not nearest first")
dist = dict(ref)
for f, d, m in got:
    if abs(float(d) - float(dist.get(f, -99))) > 0.005 * float(d) + 0.06 or m != "near":
        errors.append("%s %s km, %s by haversine" % (f, d, dist.get(f)))
print("; ".join(errors) if errors else "%d same" % len(got))' "$got" "$want")
is "$check" "35 same" "the 35 hospitals and clinics within 30 km, nearest first, at the haversine's distances"
is "$(printf '%s' "$OUT" | json 'd["total"]')" 35 "total counts them"
# A list cut short is the head of the whole one, with the same totals: the search reads
# only the rows it may list and counts the others from the R*Tree's positions alone.
for opts in "paris --near" "paris --near 8 --all" "lyon --near 60"; do
	near_json $opts --limit 0
	whole=$(printf '%s' "$OUT" | json '"%d %s " % (d["total"], d["total_all"]) + " ".join("%s:%s" % (r["finess"], r["distance_km"]) for r in d["results"][:7])')
	near_json $opts --limit 7
	cut=$(printf '%s' "$OUT" | json '"%d %s " % (d["total"], d["total_all"]) + " ".join("%s:%s" % (r["finess"], r["distance_km"]) for r in d["results"])')
	is "$cut" "$whole" "$opts --limit 7: the first seven of the whole list, the same totals"
done
is "$(near_json paris --near --limit 0; printf '%s' "$OUT" | json '"%d %d" % (d["total"], len(d["results"]))')" \
    "193 193" "paris --near: 193 hospitals and clinics, all listed without a limit"

near_json vienne --near 12
is "$(printf '%s' "$OUT" | json '" ".join(r["finess"] for r in d["results"])')" \
    "380029942 690016860 690083571" "--near 12: the three within 12 km"

run --db "$REFDB" search vienne --near 12
is "$OUT" "SAMPLE DATA: generated figures, not real ones (finess 2026)
3 hospitals and clinics within 12 km of Vienne (38)
FINESS     Name                            Category                                      Postcode  City       Dept    km
380029942  CLINIQUE DU MAIL                Etablissement de Soins Pluridisciplinaire     38200     VIENNE     38     0.9
690016860  CENTRE DE READAPTATION DU PARC  Etablissement de santé privé autorisé en SSR  69360     SIMANDRES  69    10.6
690083571  CH DE SIMANDRES                 Centre Hospitalier (C.H.)                     69360     SIMANDRES  69    11.1
Distances as the crow flies from the centre of Vienne (38544)." \
    "text: the km column, right-aligned, and how distances are measured"

# --- What each kind of place is centred on. --------------------------------------------
centre() {
	near_json "$@"
	if [ "$RC" -ne 0 ]; then
		printf 'exit %s: %s' "$RC" "$ERR"
		return
	fi
	printf '%s' "$OUT" | json '"%s %s %s" % (d["near"]["code"], d["near"]["km"], d["near"]["how"])'
}
is "$(centre 69 --near 5)" "69123 5 chef-lieu" "a département: its chef-lieu"
is "$(centre 38200 --near)" "38544 30 most populous of 8 places found" \
    "a postcode: the most populous of its communes"
is "$(centre 3820 --near)" "38544 30 most populous of the postcodes starting so" "a postcode prefix"
is "$(centre --near 20 lyon)" "69123 20 place" "a number right after --near is the distance"
is "$(centre lyon --near=15)" "69123 15 place" "--near=KM"
is "$(centre "Saint-Denis" --near)" "97411 30 most populous of 4 places found" \
    "a name several communes have: the most populous (La Réunion's)"
is "$(centre "Mialet" --near)" "24269 30 most populous of 2 places found" \
    "two communes of 628 inhabitants named so: the lower code (Dordogne's, not the Gard's 30168)"
is "$(centre "Saint-Denis (974)" --near)" "97411 30 place" "disambiguated as the profile reads it"
is "$(centre 75016 --near 2)" "75116 2 place" "a Paris postcode: its arrondissement's centre"
is "$(centre "sai eti" --near)" "42218 30 most populous of 66 places whose name starts so" \
    "word prefixes, as the search reads a city: the most populous place starting so"
is "$(centre "bourg en" --near)" "01053 30 place" "the one place starting so"
is "$(centre "st etienne" --near)" "42218 30 place" "st is saint"
near_json 75016
is "$(printf '%s' "$OUT" | json 'str(d["near"]) + " " + str(set(r["distance_km"] for r in d["results"]))')" \
    "None {None}" "without --near: no centre, no distances"

# --- Errors. --------------------------------------------------------------------------------
for bad in 0 1001; do
	run --db "$REFDB" search lyon --near "$bad"
	is "$RC:$ERR" "2:mediflux search: --near wants a distance in km from 1 to 1000, not '$bad'
Try 'mediflux search --help'." "--near $bad is a usage error"
done
run --db "$REFDB" search lyon --near=abc
is "$RC" 2 "--near=abc is a usage error"
run --db "$REFDB" search xyzzyville --near
is "$RC:$ERR" "1:mediflux: --near: no commune found for 'xyzzyville' (a commune, a postcode or a département code)" \
    "a place nothing names: exit 1, said"
run --db "$REFDB" search "$(printf 'lyon\033[31m')" --near
is "$RC:$ERR" "1:mediflux: --near: no commune found for 'lyon[31m' (a commune, a postcode or a département code)" \
    "a control character in the place is not echoed"
run --db "$REFDB" search --near
is "$RC:$ERR" "1:mediflux: --near without a place needs a location in your profile (mediflux profile set location \"Vienne\")" \
    "no place and no location in the profile: exit 1, said"
run --db "$REFDB" search
is "$RC" 2 "no place without --near is still a usage error"

# --- From the profile's location; the history replays it. --------------------------------
run --db "$REFDB" profile set location "Vienne"
is "$RC" 0 "a location in the profile"
near_json --near 12
is "$(printf '%s' "$OUT" | json 'd["query"] + " " + d["near"]["code"] + " " + str(d["total"])')" \
    "Vienne (38, 38200) 38544 3" "no place: around the profile's location"
history_fold --db "$REFDB"
is "$(sqlite3 -batch "$XDG_DATA_HOME/mediflux/user.db" "SELECT params FROM history ORDER BY id DESC LIMIT 1")" \
    '{"query":"Vienne (38, 38200)","limit":20,"all":false,"near":12}' \
    "recorded with the place it measured from, which a replay reads back"
run --db "$REFDB" search "Vienne (38, 38200)" --near 12 --json
is "$(printf '%s' "$OUT" | json 'd["near"]["code"] + " " + str(d["total"])')" "38544 3" \
    "the recorded query finds the same centre"

# --- With activities. --------------------------------------------------------------------------
near_json lyon --near 30 --with maternity:3 --limit 0
withy=$(printf '%s' "$OUT" | json 'd["with_year"]')
listed=$(printf '%s' "$OUT" | json '" ".join(r["finess"] for r in d["results"])')
ok "--with keeps, of what is near, the sites with the activity" test -n "$listed"
bad=""
for f in $listed; do
	[ "$(q "$REFDB" "SELECT value >= 3 FROM sae_activity WHERE finess = '$f'
	    AND year = $withy AND measure = 'maternity.level'")" = 1 ] || bad="$bad $f"
done
is "$bad" "" "every one has a level-3 maternity in $withy"
is "$(printf '%s' "$OUT" | json 'all(a["distance_km"] <= b["distance_km"] for a, b in zip(d["results"], d["results"][1:]))')" \
    True "still nearest first"

# --- The import: positions, and lines it cannot place. --------------------------------------
F="$TEST_TMP/etalab-cs1100507-stock-20260512-0339.csv"
{
	echo "finess;etalab;111;2026-05-12"
	grep -E '^structureet;(010000024|970400024|970300026|970100400);' \
	    "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
	echo "geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04"
	echo "geolocalisation;970400024;338527.0;7690645.0;2,ATLASANTE,96,BAN,EPSG:2975 RGR92/UTM Zone 40S (Réunion);2026-05-04"
	echo "geolocalisation;970300026;353118.0;543492.0;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2026-05-04"
	echo "geolocalisation;970100400;491635.0;1998371.0;2,ATLASANTE,96,BAN,EPSG:4326 WGS 84;2026-05-04"
} > "$F"
DB="$TEST_TMP/placed.db"
import_into "$DB" "$F"
is "$RC" 0 "a FINESS extract with geolocalisation lines imports"
is "$(q "$DB" "SELECT finess, round(latitude, 4), round(longitude, 4) FROM establishment ORDER BY finess")" \
    "010000024|46.2223|5.2092
970100400|NULL|NULL
970300026|NULL|NULL
970400024|-20.8774|55.4477" \
    "Lambert-93 and UTM 40S converted; a system that is not projected, or not the one of the place, placed nowhere"
is "$(q "$DB" "SELECT json_extract(control_totals, '$.placed'),
    json_extract(control_totals, '$.not_placed') FROM dataset WHERE kind = 'finess'")" \
    '2|{"EPSG:2154: (353118.0, 543492.0) falls outside département 973":{"first_line":8,"rows":1},"EPSG:4326 is not a projected coordinate system":{"first_line":9,"rows":1}}' \
    "the provenance says why each line has no position, and where"
contains "$ERR" "geolocalisation line without a position (EPSG:4326 is not a projected coordinate system), the first at line 9" \
    "a warning says so"
contains "$ERR" "geolocalisation line without a position (EPSG:2154: (353118.0, 543492.0) falls outside département 973), the first at line 8" \
    "and one for the point in another département"
# In French the warnings are French, numbers and all; what is stored is the same.
DBFR="$TEST_TMP/placed-fr.db"
ERR=$(LC_ALL=fr_FR.UTF-8 "$MEDIFLUX" import --db "$DBFR" --geography "$GEO" "$F" 2>&1 >/dev/null)
contains "$ERR" "ligne geolocalisation sans position (EPSG:4326 n'est pas un système de coordonnées projeté), la première à la ligne 9" \
    "fr: a system that is not projected, in French"
contains "$ERR" "ligne geolocalisation sans position (EPSG:2154 : (353118,0 ; 543492,0) tombe hors du département 973), la première à la ligne 8" \
    "fr: a point outside its département, with French decimals"
lacks "$ERR" "coordinate system" "fr: no English reason"
is "$(q "$DBFR" "SELECT json_extract(control_totals, '$.not_placed') FROM dataset WHERE kind = 'finess'")" \
    '{"EPSG:2154: (353118.0, 543492.0) falls outside département 973":{"first_line":8,"rows":1},"EPSG:4326 is not a projected coordinate system":{"first_line":9,"rows":1}}' \
    "fr: the control totals keep the English keys earlier versions wrote"
is "$(q "$DB" "SELECT count(*) FROM establishment_rtree")" 2 "the R*Tree holds the two placed"

# --- A database of schema 6 is placed by its next import. -----------------------------------
OLD="$TEST_TMP/v6.db"
"$MKOLD" "$OLD" 6 "$REFDB"
is "$(q "$OLD" "PRAGMA user_version")" 6 "a database of schema 6, the sample's establishments in it"
import_into "$OLD" --quiet "$top_srcdir/tests/fixtures/import/openmedic/OPEN_MEDIC_2016.CSV"
is "$RC" 0 "an import into it exits 0"
is "$(q "$OLD" "SELECT (SELECT user_version FROM pragma_user_version),
    (SELECT count(latitude) FROM commune), (SELECT count(latitude) FROM arrondissement),
    (SELECT count(latitude) FROM establishment), (SELECT count(*) FROM establishment_rtree)")" \
    "11|34875|45|2885|2885" "now schema 11: communes' centres from the geography, establishments from their coordinates"
run --db "$OLD" search vienne --near --json
a=$(printf '%s' "$OUT" | json '" ".join("%s:%s" % (r["finess"], r["distance_km"]) for r in d["results"])')
run --db "$REFDB" search vienne --near --json
is "$a" "$(printf '%s' "$OUT" | json '" ".join("%s:%s" % (r["finess"], r["distance_km"]) for r in d["results"])')" \
    "and --near finds there what it finds in a database built at schema 7"

done_testing
