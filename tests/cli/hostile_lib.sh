# SPDX-License-Identifier: ISC
# Helpers shared by the hostile-input tests (tests/cli/hostile_*.sh), sourced after
# tests/lib.sh and tests/cli/import_lib.sh. Every hostile input runs under a
# wrapper that reports the child's peak resident memory: memory is behaviour and
# is checked; time is not (no timing assertions), but every input is built to
# take minutes if it were not stopped early.

# The bound on any hostile import's peak resident memory, in KiB: 200 MB, or
# 600 MB in a sanitizer build, whose quarantine alone keeps up to 256 MB of
# freed blocks (a bomb held in memory would still go far past it).
if [ "${MEDIFLUX_SANITIZED:-no}" = yes ]; then
	HOSTILE_MAX_MB=600
else
	HOSTILE_MAX_MB=200
fi
HOSTILE_MAX_KB=$((HOSTILE_MAX_MB * 1024))
HOSTILE_INPUTS=0
BOMBS="$top_srcdir/tests/cli/hostile_bombs.py"

# The wrapper: runs a command with its stdout and stderr in two files and
# writes its peak resident memory (getrusage of the children, in KiB) to a third.
cat > "$TEST_TMP/measure.py" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], 'wb') as out, open(sys.argv[2], 'wb') as err:
    rc = subprocess.call(sys.argv[4:], stdout=out, stderr=err)
with open(sys.argv[3], 'w') as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc if rc >= 0 else 128 - rc)
PY

# measured ARG...: runs mediflux ARG... like run (OUT, ERR, RC) and sets PEAK_KB
# to its peak resident memory. $HOSTILE_AS, when set, is a command to run it
# under (another user).
measured() {
	# shellcheck disable=SC2086
	python3 "$TEST_TMP/measure.py" "$TEST_TMP/m.out" "$TEST_TMP/m.err" \
	    "$TEST_TMP/m.rss" ${HOSTILE_AS:-} "$MEDIFLUX" "$@"
	RC=$?
	OUT=$(cat "$TEST_TMP/m.out")
	ERR=$(cat "$TEST_TMP/m.err")
	PEAK_KB=$(cat "$TEST_TMP/m.rss")
}

# bounded WHAT: the last measured command stayed under the memory bound.
bounded() {
	tap_count=$((tap_count + 1))
	if [ "${PEAK_KB:-0}" -gt 0 ] && [ "$PEAK_KB" -lt "$HOSTILE_MAX_KB" ]; then
		echo "ok $tap_count - $1: peak memory under $HOSTILE_MAX_MB MB (${PEAK_KB} KiB)"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_count - $1: peak memory under $HOSTILE_MAX_MB MB (${PEAK_KB:-?} KiB)"
	fi
}

# refused WHAT MESSAGE DB ARG...: mediflux import of ARG... into DB exits 1
# with MESSAGE (after "mediflux: ") as its whole stderr (a shell pattern when
# MESSAGE starts with '~'), DB keeps its exact bytes
# (or stays absent), no temporary file is left, memory stays bounded; and there
# is no raw escape or BEL on stderr.
refused() {
	_what=$1
	_want=$2
	_rdb=$3
	shift 3
	HOSTILE_INPUTS=$((HOSTILE_INPUTS + 1))
	_before=$(sum_of "$_rdb")
	measured import --db "$_rdb" --geography "$GEO" --quiet "$@"
	is "$RC" 1 "$_what: exit status 1"
	case $_want in
	"~"*)
		tap_count=$((tap_count + 1))
		# shellcheck disable=SC2254
		case $ERR in
		"mediflux: "${_want#"~"}) echo "ok $tap_count - $_what: the message" ;;
		*)
			tap_failed=$((tap_failed + 1))
			echo "not ok $tap_count - $_what: the message"
			printf '# got:      %s\n# expected: mediflux: %s\n' "$ERR" "${_want#"~"}" ;;
		esac ;;
	*)
		is "$ERR" "mediflux: $_want" "$_what: the message" ;;
	esac
	is "$(sum_of "$_rdb")" "$_before" "$_what: the database is byte-identical"
	ok "$_what: no temporary file is left" no_temp_left "$_rdb"
	bounded "$_what"
	ok "$_what: no raw control character on stderr" no_controls "$ERR"
}

# no_controls TEXT: true when TEXT holds no ESC, BEL or other C0 control but newline.
no_controls() {
	! printf '%s' "$1" | LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')"
}

# report_inputs: a TAP comment with the number of hostile inputs tried.
report_inputs() {
	echo "# $HOSTILE_INPUTS hostile inputs tried"
}

# hostile_target: a work directory $W for the hostile files, and a target $DB
# holding a good import (Open Medic 2016) that every refusal must leave as it is.
hostile_target() {
	W="$TEST_TMP/work"
	mkdir "$W"
	DB="$TEST_TMP/target.db"
	import_into "$DB" --quiet "$FIX/openmedic/OPEN_MEDIC_2016.CSV"
	is "$RC" 0 "a good import first"
}
