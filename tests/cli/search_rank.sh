# SPDX-License-Identifier: ISC
# The stored first pages of the biggest searches (src/search_rank.c): each is
# the page the general search gives (asked for more than a page, which never
# reads them), with the same totals; searches read them only when their
# ranking made them; an Open Medic import keeps them, a FINESS import that
# changes a name ranks them again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

DB="$TEST_TMP/ref.db"
cp "$REFDB" "$DB"

# search_page DB ARG...: "total|total_all|finess:match ..." of a search's first twenty results.
search_page() {
	_db=$1
	shift
	"$MEDIFLUX" --db "$_db" --user-db "$TEST_TMP/user.db" search --json "$@" |
	python3 -c 'import json, sys
d = json.load(sys.stdin)
print("%s|%s|%s" % (d["total"], d["total_all"],
    " ".join(r["finess"] + ":" + r["match"] for r in d["results"][:20])))'
}

# --- What the sample stores. ------------------------------------------------------------------
is "$(q "$DB" "SELECT count(*), sum(all_kinds) FROM search_rank")" "92|46" \
    "the sample stores 46 searches, of hospitals and of every kind"
is "$(q "$DB" "SELECT group_concat(kind || ':' || key, ' ') FROM (SELECT kind, key FROM search_rank
    WHERE all_kinds = 0 AND kind = 2 ORDER BY key)")" "2:0 2:1 2:2 2:3 2:4 2:5 2:6 2:7 2:8 2:9" \
    "postcode prefixes of more than 150 establishments"
is "$(q "$DB" "SELECT count(*) FROM search_rank WHERE kind = 1 AND key IN ('s', 'sa', 'sai', 'saint', 'l', 'm')
    AND all_kinds = 0")" 6 "and the place names' prefixes a user types"
is "$(q "$DB" "SELECT count(*) FROM search_rank_row r WHERE NOT EXISTS (SELECT 1 FROM establishment e
    WHERE e.finess = r.finess)")" 0 "every row stored is an establishment"
is "$(q "$DB" "SELECT max(n) FROM (SELECT count(*) AS n FROM search_rank_row GROUP BY kind, key, all_kinds)")" \
    20 "at most a page (20) each"
is "$(q "$DB" "SELECT count(*) FROM search_rank_source WHERE engine = 1 AND length(digest) = 64")" 1 \
    "what they were ranked from, and by which ranking"
# check_db_pages DB WHAT: pages stored in DB against the general search's:
# those of one letter, a word and a postcode prefix, of both kinds
# (tests/unit/test_search checks every one in process).
check_db_pages() {
	_n=0
	_bad=
	for _key in s sa saint 7; do
		for _all in 0 1; do
			[ "$(q "$1" "SELECT count(*) FROM search_rank WHERE key = '$_key'
			    AND all_kinds = $_all")" = 1 ] || { _bad="$_bad [$_key all=$_all not stored]"; continue; }
			if [ "$_all" = 1 ]; then
				_stored=$(search_page "$1" "$_key" --all)
				_general=$(search_page "$1" "$_key" --all --limit 1000)
			else
				_stored=$(search_page "$1" "$_key")
				_general=$(search_page "$1" "$_key" --limit 1000)
			fi
			[ "$_stored" = "$_general" ] || _bad="$_bad [$_key all=$_all]"
			_n=$((_n + 1))
		done
	done
	is "$_bad" "" "$2: each of the $_n pages is the general search's first page, totals included"
}
check_db_pages "$DB" "the sample"

# --- Which searches read them. ----------------------------------------------------------------
# traced_search DB ARG...: the SQL a search runs.
traced_search() {
	_db=$1
	shift
	rm -f "$TEST_TMP/trace.sql"
	MEDIFLUX_TRACE_SQL="$TEST_TMP/trace.sql" "$MEDIFLUX" --db "$_db" \
	    --user-db "$TEST_TMP/user.db" search "$@" >/dev/null
	cat "$TEST_TMP/trace.sql"
}
T=$(traced_search "$DB" s)
contains "$T" "FROM search_rank_row" "search s reads its stored page"
lacks "$T" "place_search MATCH" "and ranks nothing"
T=$(traced_search "$DB" s --limit 21)
lacks "$T" "FROM search_rank_row" "a page longer than the one stored is ranked"
contains "$T" "place_search MATCH" "by the general search"
T=$(traced_search "$DB" s --with maternity)
lacks "$T" "FROM search_rank_row" "--with is ranked: the page stored knows nothing of activities"
T=$(traced_search "$DB" lyon)
lacks "$T" "FROM search_rank_row" "a search of few establishments (lyon) is ranked, not stored"
contains "$T" "place_search MATCH" "by the general search"

# A ranking other than this mediflux's: its pages are not read.
OTHER="$TEST_TMP/other.db"
cp "$DB" "$OTHER"
sqlite3 "$OTHER" "UPDATE search_rank_source SET engine = engine + 1"
T=$(traced_search "$OTHER" s)
lacks "$T" "FROM search_rank_row" "pages ranked by another ranking are not read"
is "$(search_page "$OTHER" s)" "$(search_page "$DB" s)" "and the search finds what the stored page says"

# --- Imports. ---------------------------------------------------------------------------------
BEFORE=$(q "$DB" "SELECT * FROM search_rank_source; SELECT count(*), total(rank) FROM search_rank_row")
import_into "$DB" --quiet "$top_srcdir/tests/fixtures/import/openmedic/OPEN_MEDIC_2016.CSV"
is "$RC" 0 "an Open Medic import exits 0"
is "$(q "$DB" "SELECT * FROM search_rank_source; SELECT count(*), total(rank) FROM search_rank_row")" \
    "$BEFORE" "and keeps the pages: nothing they were ranked from changed"

# The first hospital search s lists, renamed so that it sorts last of its tier.
FIRST=$("$MEDIFLUX" --db "$DB" --user-db "$TEST_TMP/user.db" search s --json | json 'd["results"][0]["finess"]')
FINESS_CSV=$(ls "$top_builddir"/data/sample/etalab-*.csv)
python3 - "$FINESS_CSV" "$TEST_TMP/etalab-cs1100507-stock-20260504-0400.csv" "$FIRST" <<'EOF'
import sys
src, dst, finess = sys.argv[1:4]
out = []
for line in open(src, "rb").read().split(b"\n"):
    f = line.split(b";")
    if len(f) > 4 and f[0] == b"structureet" and f[1] == finess.encode():
        f[3] = b"ZZZ " + f[3]
        line = b";".join(f)
    out.append(line)
open(dst, "wb").write(b"\n".join(out))
EOF
import_into "$DB" --sample --quiet "$TEST_TMP/etalab-cs1100507-stock-20260504-0400.csv"
is "$RC" 0 "a FINESS import that renames a hospital exits 0"
ok "ranks the pages again" test "$(q "$DB" "SELECT digest FROM search_rank_source")" != \
    "$(q "$OTHER" "SELECT digest FROM search_rank_source")"
lacks "$("$MEDIFLUX" --db "$DB" --user-db "$TEST_TMP/user.db" search s --json --limit 1 |
    json 'd["results"][0]["finess"]')" "$FIRST" "the hospital renamed no longer comes first"
check_db_pages "$DB" "after the FINESS import"

done_testing
