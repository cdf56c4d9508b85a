# SPDX-License-Identifier: ISC
# mediflux profile: show, set, unset, export, import; locations found in the
# reference geography; bad files refused whole; a private file; nothing of the
# profile quoted in error messages.
. "$top_srcdir/tests/lib.sh"

export MEDIFLUX_DB="$REFDB"
FIX="$top_srcdir/tests/fixtures/profile"
DIR="$XDG_DATA_HOME/mediflux"
UDB="$DIR/user.db"

# Prints a field of the stored profile (python expression on d), or MISSING.
field() {
	"$MEDIFLUX" profile show --json | json "eval('$1', {'d': d}) if True else ''" 2>/dev/null || echo MISSING
}

# --- A private file and directory, whatever the umask. ------------------------------
(umask 000 && "$MEDIFLUX" profile show >/dev/null)
is "$(stat -c %a "$DIR")" 700 "the data directory is created 0700 under umask 000"
is "$(stat -c %a "$UDB")" 600 "the user database is created 0600 under umask 000"

# --- An empty profile. ------------------------------------------------------------------
run profile show
is "$RC" 0 "show an empty profile"
contains "$OUT" "$(printf '%-24s  %s' location '(not set)')" "keys aligned, unset ones said so"
contains "$OUT" "preferences.history_days  365 (default)" "defaults shown as such"
run profile show --json
is "$OUT" "{}" "show --json of an empty profile is {}"

# --- Set and show. ----------------------------------------------------------------------
run profile set mutuelle.name "Harmonie Mutuelle"
is "$RC:$OUT" "0:mutuelle.name: Harmonie Mutuelle" "set mutuelle.name"
run profile set mutuelle.coverage "250 %"
is "$RC:$OUT" "0:mutuelle.coverage: 250%" "set mutuelle.coverage, with a % sign"
run profile set pathologies "DIABETE, hta,Asthme"
is "$RC:$OUT" "0:pathologies: diabète, hypertension, asthme" "pathologies in any case and accentuation, stored canonically"
run profile set preferences.history_days 90
is "$RC" 0 "set preferences.history_days"
is "$(field 'd["mutuelle"]["coverage"]')" 250 "the coverage is a number in the JSON"
is "$(field 'd["pathologies"]')" "['diabète', 'hypertension', 'asthme']" "pathologies are a list"
is "$(field 'list(d)')" "['mutuelle', 'pathologies', 'preferences']" "keys in the schema's order"
run profile show
contains "$OUT" "mutuelle.coverage         250%" "show in text"
contains "$OUT" "preferences.history_days  90" "a preference set is shown without (default)"

# --- Locations. -------------------------------------------------------------------------
run profile set location "Saint-Denis"
is "$RC" 1 "an ambiguous name is refused"
contains "$ERR" "location: " "naming the field"
contains "$ERR" "Saint-Denis (93, 93200)" "listing Saint-Denis in Seine-Saint-Denis"
contains "$ERR" "Saint-Denis (974, 97400)" "and Saint-Denis de La Réunion"
is "$(field '"location" in d')" False "nothing stored"
run profile set location "Saint-Denis (974)"
is "$RC:$OUT" "0:location: Saint-Denis (974, 97400), INSEE 97411" "disambiguated by its département"
is "$(field 'd["location"]["region"]')" 04 "with its region"
run profile set location "Saint-Denis (93, 93210)"
is "$(field 'd["location"]["commune_code"] + " " + d["location"]["postal_code"]')" "93066 93210" \
    "a candidate as shown, with another of its postcodes"
for name in "Saint-Étienne" "SAINT-ETIENNE" "saint etienne" "St Étienne" "st-etienne"; do
	run profile set location "$name"
	is "$RC:$(field 'd["location"]["commune_code"]')" "0:42218" "'$name' is Saint-Étienne"
done
run profile set location 42100
is "$(field 'd["location"]["commune_code"] + " " + d["location"]["postal_code"]')" "42218 42100" \
    "a postcode alone"
run profile set location 01000
is "$RC" 1 "a postcode of two communes is refused"
contains "$ERR" "Bourg-en-Bresse (01, 01000)" "listing one"
contains "$ERR" "Saint-Denis-lès-Bourg (01, 01000)" "and the other"
run profile set location "01000 Bourg-en-Bresse"
is "$RC:$(field 'd["location"]["commune_code"]')" "0:01053" "postcode and name"
run profile set location 75016
is "$(field 'd["location"]["name"]')" "Paris 16e Arrondissement" "a Paris postcode is its arrondissement"
run profile set location "Lyo"
is "$RC" 1 "an unknown name is refused"
contains "$ERR" "did you mean: Lyon (69, 69001)" "with the communes starting so"
run profile set location "Xyzzyville"
is "$RC" 1 "a name nothing starts with is refused"
contains "$ERR" "location: no commune of the reference geography has that name" "saying so"
case $ERR in *Xyzzyville*) leak=yes ;; *) leak=no ;; esac
is "$leak" no "without quoting what was typed"
run profile set location 99999
is "$RC" 1 "an unknown postcode is refused"
is "$(field 'd["location"]["commune_code"]')" 75116 "a refused location leaves the stored one"

# --- Input that looks like SQL is text. --------------------------------------------------
run profile set location "'; DROP TABLE profile; --"
is "$RC" 1 "SQL as a location is an unknown name"
run profile set mutuelle.name "'; DROP TABLE profile; --"
is "$RC" 0 "SQL as a mutuelle name is a name"
is "$(field 'd["mutuelle"]["name"]')" "'; DROP TABLE profile; --" "stored literally"
is "$(sqlite3 "$UDB" "SELECT count(*) FROM sqlite_master WHERE name IN ('profile', 'history')")" 2 \
    "and every table is still there"

# --- Bad values: refused, named, not quoted. ---------------------------------------------
run profile set mutuelle.coverage 1000
is "$RC" 1 "a coverage of 1000% is refused"
contains "$ERR" "mutuelle.coverage: must be a whole number from 100 to 500" "with the rule"
run profile set preferences.history_days secret42
is "$RC" 1 "a preference that is not a number is refused"
contains "$ERR" "preferences.history_days: must be a whole number from 1 to 36500" "with the rule"
run profile set pathologies "asthme, secretitis"
is "$RC" 1 "an unknown pathology is refused"
contains "$ERR" "pathologies: item 2 is not a known pathology (known: diabète, hypertension" \
    "by position, with the known ones"
case $ERR in *1000*|*secret42*|*secretitis*) leak=yes ;; *) leak=no ;; esac
is "$leak" no "no refused value is quoted"

# --- Unset. -------------------------------------------------------------------------------
run profile unset mutuelle.name
is "$RC:$OUT" "0:mutuelle.name: (not set)" "unset mutuelle.name"
is "$(field 'd["mutuelle"]')" "{'coverage': 250}" "the rest of the mutuelle stays"
run profile unset preferences.history_days
is "$OUT" "preferences.history_days: 365 (default)" "an unset preference is back to its default"

# --- Usage errors. -----------------------------------------------------------------------
for args in "profile" "profile frobnicate" "profile set location" "profile set colour blue" \
    "profile unset a b" "profile export --json" "profile show extra" "profile import"; do
	run $args
	is "$RC" 2 "'mediflux $args' is a usage error"
done
run profile set colour blue
contains "$ERR" "unknown profile key 'colour' (keys: mutuelle.name," "an unknown key lists the keys"

# --- Export. ----------------------------------------------------------------------------
run profile show --json
SHOWN=$OUT
(umask 000 && "$MEDIFLUX" profile export "$TEST_TMP/profile.json")
is "$?" 0 "export to a file"
is "$(stat -c %a "$TEST_TMP/profile.json")" 600 "the file is private even under umask 000"
is "$(cat "$TEST_TMP/profile.json")" "$SHOWN" "and holds the profile as show --json prints it"
run profile export
is "$OUT" "$SHOWN" "export without FILE writes to the standard output"
run profile export "$TEST_TMP/no/such/dir/p.json"
is "$RC" 1 "export into a missing directory fails"
contains "$ERR" "$TEST_TMP/no/such/dir/p.json" "naming the file"

# --- Import. ----------------------------------------------------------------------------
OTHER="$TEST_TMP/other.db"
run --user-db "$OTHER" profile import "$TEST_TMP/profile.json"
is "$RC" 0 "import into another user database"
run --user-db "$OTHER" profile export
is "$OUT" "$SHOWN" "the round trip gives the same document"
run --user-db "$OTHER" profile import "$FIX/full.json"
is "$RC" 0 "import a full profile"
is "$("$MEDIFLUX" --user-db "$OTHER" profile show --json | python3 -c '
import json, sys
print(json.load(sys.stdin) == json.load(open(sys.argv[1])))' "$FIX/full.json")" True \
    "it is stored as it was written"
run --user-db "$OTHER" profile show
contains "$OUT" "Saint-Denis (974, 97490), INSEE 97411" "its location shown"

# Bad files: exit 1, the file and the field named, nothing written, nothing quoted.
SUM=$(sha256sum < "$UDB")
check_refused() {
	file=$1
	want=$2
	run profile import "$file"
	is "$RC" 1 "import $(basename "$file") is refused"
	contains "$ERR" "$file: $want" "naming the file and the field"
	case $ERR in *Secret*) leak=yes ;; *) leak=no ;; esac
	is "$leak" no "quoting nothing of the file"
	is "$(sha256sum < "$UDB")" "$SUM" "the user database is byte-identical"
}
check_refused "$FIX/bad-days.json" \
    "preferences.history_days: must be a whole number from 1 to 36500"
check_refused "$FIX/bad-coverage.json" \
    "mutuelle.coverage: must be a whole number from 100 to 500"
check_refused "$FIX/bad-unknown-key.json" "blood_group: unknown key"
check_refused "$FIX/bad-pathology.json" "pathologies[1]: not a known pathology"
check_refused "$FIX/bad-location.json" \
    "location.name: must be 'Saint-Étienne' for commune 42218"
check_refused "$FIX/bad-syntax.json" "line 2, column"
check_refused "$FIX/bad-not-object.json" "profile: must be a JSON object"
printf '{"mutuelle": {"coverage": 200}, "mutuelle": {"coverage": 300}}\n' > "$TEST_TMP/dup.json"
check_refused "$TEST_TMP/dup.json" "line 1, column"
# Nested 10 000 deep: jansson stops at its depth limit, at once, with the place.
python3 -c 'print("{\"preferences\": " + "[" * 10000 + "]" * 10000 + "}")' > "$TEST_TMP/deep.json"
check_refused "$TEST_TMP/deep.json" "line 1, column 2064: maximum parsing depth reached"
check_refused "$TEST_TMP/nowhere.json" "No such file or directory"
mkdir "$TEST_TMP/adir.json"
check_refused "$TEST_TMP/adir.json" "not a regular file"

# The language of the screens, over the locale's.
run profile show
contains "$OUT" "preferences.language      en (default: the locale's)" "unset: the locale's language"
run profile set preferences.language fr
is "$RC" 0 "set preferences.language fr"
is "$(field 'd["preferences"]["language"]')" fr "stored as given"
run profile set preferences.language de
is "$RC|$ERR" "1|mediflux: preferences.language: must be en (English) or fr (French)" \
    "a language mediflux does not speak is refused"
run profile set preferences.language "fr en"
is "$RC" 1 "and so are two"
printf '{"preferences": {"language": "FR"}}\n' > "$TEST_TMP/lang.json"
check_refused "$TEST_TMP/lang.json" "preferences.language: must be en (English) or fr (French)"

done_testing
