# SPDX-License-Identifier: ISC
# Concurrency: eight processes racing to create the user database; six processes
# browsing at once for the same user while two more delete history entries and change
# the profile: no error reaches anyone and no history entry or profile change is
# lost. Then imports and rollbacks switch the reference database back and forth
# under readers looping on meds, regions, search and health --json: each reader's
# output is exactly the old version's or the new one's, never a mix.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

UDB="$XDG_DATA_HOME/mediflux/user.db"
LOG="$TEST_TMP/log"
mkdir -p "$LOG"

# --- Browsing and writing history, six processes x 50 commands. ---------------------

export MEDIFLUX_DB="$REFDB"

# browse W: 50 commands of five kinds, each tagged with W where an option allows;
# one line per command in $LOG/wW: number, exit status, bytes of stderr.
browse() {
	_w=$1
	_j=0
	while [ $_j -lt 50 ]; do
		case $((_j % 5)) in
		0) set -- search lyon --limit "$_w" --json ;;
		1) set -- search 69 --limit "$_w" ;;
		2) set -- meds --top "$_w" --json ;;
		3) set -- regions --year $((2012 + _w)) --json ;;
		4) set -- hospital 690049705 --json ;;
		esac
		"$MEDIFLUX" "$@" >/dev/null 2>"$LOG/w$_w.err"
		echo "$_j $? $(wc -c < "$LOG/w$_w.err")" >> "$LOG/w$_w"
		cat "$LOG/w$_w.err" >> "$LOG/stderr"
		_j=$((_j + 1))
	done
}

# edit KEY BASE DELETE: sets KEY to BASE+1 .. BASE+20, after deleting history entry i
# first when DELETE is yes; logs like browse, in $LOG/KEY.
edit() {
	_i=1
	while [ $_i -le 20 ]; do
		if [ "$3" = yes ]; then
			_out=$("$MEDIFLUX" history delete $_i 2>"$LOG/$1.err")
			echo "delete$_i $? $(wc -c < "$LOG/$1.err") $_out" >> "$LOG/$1"
			cat "$LOG/$1.err" >> "$LOG/stderr"
		fi
		"$MEDIFLUX" profile set "$1" "$2$_i" >/dev/null 2>"$LOG/$1.err"
		echo "set$_i $? $(wc -c < "$LOG/$1.err")" >> "$LOG/$1"
		cat "$LOG/$1.err" >> "$LOG/stderr"
		_i=$((_i + 1))
	done
}

# Eight processes at once find no user database: one creates it, none fails;
# then eight at once find it empty with 8 entries pending: one creates its
# schema and moves them in, none fails.
for step in meds history; do
	cpids=""
	for w in 1 2 3 4 5 6 7 8; do
		case $step in
		meds) "$MEDIFLUX" meds --top 99 ;;
		history) "$MEDIFLUX" history --limit 1 ;;
		esac >/dev/null 2>"$LOG/create-$step$w.err" &
		cpids="$cpids $!"
	done
	failed=""
	for p in $cpids; do
		wait "$p" || failed="$failed $p"
	done
	is "$failed$(cat "$LOG"/create-$step*.err)" "" \
	    "8 processes at once, the user database to create ($step), all succeed, silently"
done
is "$(q "$UDB" "SELECT count(*) FROM history")" 8 "and all 8 are recorded"
is "$(ls "$XDG_DATA_HOME/mediflux")" "user.db
user.db-shm
user.db-wal" "none is left pending"
is "$(q "$UDB" "PRAGMA journal_mode")" wal "in WAL mode"

# The history starts with 20 entries (ids 1 to 20) that an editor deletes meanwhile.
rm -f "$UDB" "$UDB-wal" "$UDB-shm" "$UDB-pending"
i=0
while [ $i -lt 20 ]; do
	"$MEDIFLUX" meds --top 99 >/dev/null 2>&1
	i=$((i + 1))
done
history_fold
is "$(q "$UDB" "SELECT count(*), min(id), max(id) FROM history")" "20|1|20" \
    "20 entries to delete during the race"

pids=""
for w in 1 2 3 4 5 6; do
	browse $w &
	pids="$pids $!"
done
edit mutuelle.name "Mutuelle " yes &
pids="$pids $!"
edit preferences.history_days 10 no &
pids="$pids $!"
for p in $pids; do
	wait "$p"
done

is "$(cat "$LOG"/w? | wc -l | tr -d ' ')" 300 "6 processes x 50 commands ran"
is "$(cat "$LOG"/w? | awk '$2 != 0 || $3 != 0' | head -5)" "" \
    "every command exited 0 with nothing on stderr"
is "$(cat "$LOG/stderr")" "" "no warning, no error (not even 'not recorded in your history')"
is "$(awk '$2 != 0 || $3 != 0' "$LOG/mutuelle.name" "$LOG/preferences.history_days")" "" \
    "every history delete and profile set exited 0 with nothing on stderr"
is "$(grep -c '^delete[0-9]* 0 0 Deleted history entry [0-9]*$' "$LOG/mutuelle.name")" 20 \
    "each of the 20 deletions found its entry"
# The two editors moved the entries in as they went; what the last commands left
# pending, the next to open the database does.
history_fold
is "$(q "$UDB" "SELECT count(*) FROM history")" 300 "the history holds exactly 300 entries"
is "$(q "$UDB" "SELECT count(*) FROM history WHERE id <= 20")" 0 "the 20 deleted ones are gone"
is "$(q "$UDB" "SELECT command, count(*) FROM history GROUP BY command ORDER BY command" |
    tr '\n' ' ')" "hospital|60 meds|60 regions|60 search|120 " "60 of each kind, 120 searches"
# Each process's own entries, by the tag it gave them: 10 of each kind per process.
tags=$(q "$UDB" "SELECT tag || '=' || count(*) FROM (SELECT command || ':' ||
    coalesce(json_extract(params, '\$.query'), '') || ':' || coalesce(json_extract(params, '\$.limit'),
    json_extract(params, '\$.top'), json_extract(params, '\$.year') - 2012,
    json_extract(params, '\$.finess')) AS tag FROM history) GROUP BY tag ORDER BY tag" | tr '\n' ' ')
expected=""
for kind in hospital::690049705=60 meds::W=10 regions::W=10 search:69:W=10 search:lyon:W=10; do
	case $kind in
	*W=10) for w in 1 2 3 4 5 6; do expected="$expected$(echo "$kind" | sed "s/W/$w/") "; done ;;
	*) expected="$expected$kind " ;;
	esac
done
is "$tags" "$expected" "10 entries of each kind from each process: none lost"
is "$(q "$UDB" "SELECT count(*) FROM history WHERE result_count IS NULL OR at IS NULL")" 0 \
    "every entry has its time and result count"
run profile show --json
is "$(printf '%s' "$OUT" | json 'd["mutuelle"]["name"], d["preferences"]["history_days"]')" \
    "Mutuelle 20 1020" "both writers' last profile changes are kept"
is "$(q "$UDB" "PRAGMA integrity_check")" ok "the user database passes integrity_check"
is "$(stat -c %a "$UDB")" 600 "and is still private"

# --- Imports and rollbacks under readers. --------------------------------------------

DB="$TEST_TMP/ref.db"
export MEDIFLUX_DB="$DB"
# Version A: Open Medic 2022 and 14 FINESS establishments; version B adds Open Medic
# 2023 (3 000 rows) and replaces the establishments with another extract.
import_into "$DB" --quiet "$FIX/openmedic/OPEN_MEDIC_2022.CSV" \
    "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
is "$RC" 0 "version A"
om_rows "$TEST_TMP/OPEN_MEDIC_2023.CSV" 3000
new_files="$TEST_TMP/OPEN_MEDIC_2023.CSV $FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
READS="meds regions search_cayenne health"
# reader_args NAME: the command line of one reader.
reader_args() {
	case $1 in
	search_*) echo "search ${1#search_} --json" ;;
	*) echo "$1 --json" ;;
	esac
}
# read_once NAME: one reader's output; health's without what legitimately differs from
# one run or one import to the next: timings, import times, the user database.
read_once() {
	if [ "$1" = health ]; then
		"$MEDIFLUX" health --json | python3 -c 'import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("check_ms", "imported_at", "user")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
print(json.dumps(strip(json.load(sys.stdin)), indent=1))'
	else
		"$MEDIFLUX" $(reader_args $1)
	fi
}
for r in $READS; do
	read_once $r > "$TEST_TMP/$r.A"
done
import_into "$DB" --quiet $new_files
is "$RC" 0 "version B"
for r in $READS; do
	read_once $r > "$TEST_TMP/$r.B"
	ok "$r: versions A and B differ" test "$(sum_of "$TEST_TMP/$r.A")" != "$(sum_of "$TEST_TMP/$r.B")"
done
is "$(json 'd["total_all"]' < "$TEST_TMP/search_cayenne.A"):$(json 'd["total_all"]' \
    < "$TEST_TMP/search_cayenne.B")" 2:1 "search cayenne: 2 establishments in A, 1 in B"
run rollback
is "$RC" 0 "back to A"

# read_loop NAME ID: runs its reader until the stop file appears; one line per run:
# exit status, bytes of stderr, SHA-256 of the output.
read_loop() {
	while [ ! -e "$TEST_TMP/stop" ]; do
		read_once $1 > "$LOG/$1$2.out" 2>"$LOG/$1$2.err"
		echo "$? $(wc -c < "$LOG/$1$2.err") $(sha256sum < "$LOG/$1$2.out" | cut -c1-64)" \
		    >> "$LOG/$1.runs"
		cat "$LOG/$1$2.err" >> "$LOG/reader-stderr"
	done
}
: > "$LOG/reader-stderr"
rpids=""
for r in $READS; do
	read_loop $r 1 &
	rpids="$rpids $!"
	read_loop $r 2 &
	rpids="$rpids $!"
done
# met_both: whether every reader has had runs that saw A and runs that saw B.
met_both() {
	for _r in $READS; do
		for _v in A B; do
			grep -q " $(sum_of "$TEST_TMP/$_r.$_v" | cut -c1-64)\$" \
			    "$LOG/$_r.runs" 2>/dev/null || return 1
		done
	done
}
# Rounds: import B's files into A, rollback to A, rollback to B (the swap),
# rollback to A; each state held a little so that the readers meet all of them.
# Ten rounds, then more (up to thirty) until every reader has met both versions:
# B is current a fifth of a round, and health, which reads the whole file, runs
# only a few times a round, so ten rounds leave it seeing A alone now and then.
switches=0
failed=""
round=0
while [ $round -lt 10 ] || { [ $round -lt 30 ] && ! met_both; }; do
	sleep 0.1
	"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet $new_files >/dev/null 2>>"$LOG/writer"
	[ $? -eq 0 ] || failed="$failed import$round"
	for step in 1 2 3; do
		sleep 0.1
		"$MEDIFLUX" rollback --db "$DB" >/dev/null 2>>"$LOG/writer"
		[ $? -eq 0 ] || failed="$failed rollback$round.$step"
	done
	switches=$((switches + 4))
	round=$((round + 1))
done
touch "$TEST_TMP/stop"
for p in $rpids; do
	wait "$p"
done
is "$failed" "" "$switches switches ($round imports, $((3 * round)) rollbacks), all succeeded"
is "$(cat "$LOG/writer")" "" "with nothing on stderr"

total=0
for r in $READS; do
	a=$(sum_of "$TEST_TMP/$r.A" | cut -c1-64)
	b=$(sum_of "$TEST_TMP/$r.B" | cut -c1-64)
	runs=$(wc -l < "$LOG/$r.runs" | tr -d ' ')
	total=$((total + runs))
	is "$(awk '$1 != 0 || $2 != 0' "$LOG/$r.runs" | head -3)" "" \
	    "$r: all $runs runs exited 0 with nothing on stderr"
	is "$(awk -v a="$a" -v b="$b" '$3 != a && $3 != b' "$LOG/$r.runs" | head -3)" "" \
	    "$r: every output is exactly version A's or version B's"
	na=$(awk -v a="$a" '$3 == a' "$LOG/$r.runs" | wc -l | tr -d ' ')
	nb=$(awk -v b="$b" '$3 == b' "$LOG/$r.runs" | wc -l | tr -d ' ')
	echo "# $r: $na runs saw A, $nb saw B"
	ok "$r: the readers met both versions ($na A, $nb B)" test "$na" -gt 0 -a "$nb" -gt 0
done
is "$(cat "$LOG/reader-stderr")" "" "no reader ever printed an error or a warning"
# Every reader run but health's recorded its history entry too (retention keeps up to
# 10 000), as did the six runs that took each version's outputs.
health_runs=$(wc -l < "$LOG/health.runs" | tr -d ' ')
history_fold
is "$(q "$UDB" "SELECT count(*) FROM history")" $((300 + 6 + total - health_runs)) \
    "the history gained one entry per reader run ($((total - health_runs)))"
ok "no temporary file is left" no_temp_left "$DB"

done_testing
