#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs each fuzz target for $FUZZ_SECONDS on its corpus in the build tree:
# run.sh SRCDIR DIR TARGET... Prints "fuzz_x: N execs, M corpus, K crashes"
# per target; fails when any target found something (kept in DIR/findings-x/).
set -u
src=$1
dir=$2
shift 2
secs=${FUZZ_SECONDS:-60}
failed=0
for t in "$@"; do
	# Each target has a dictionary of its format's tokens, to get past headers.
	case $t in
	csv) len=16384 dict=csv ;;
	archive) len=32768 dict=archive ;;
	profile) len=4096 dict=profile ;;
	ordonnance) len=4096 dict=ordonnance ;;
	import_*) len=8192 dict=${t#import_} ;;
	*) echo "run.sh: no dictionary for target $t" >&2; exit 2 ;;
	esac
	mkdir -p "$dir/corpus-$t" "$dir/findings-$t"
	log=$dir/fuzz_$t.fuzzlog
	MEDIFLUX_FUZZ_GEOGRAPHY=${MEDIFLUX_FUZZ_GEOGRAPHY:-data/geography.db} \
	"$dir/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 \
	    -max_len="$len" -timeout=30 -print_final_stats=1 \
	    ${dict:+-dict="$src/tests/fuzz/$dict.dict"} \
	    -artifact_prefix="$dir/findings-$t/" "$dir/corpus-$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	# libFuzzer's own count (the directory also keeps units it replaced).
	corpus=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -n 1)
	[ -n "$corpus" ] || corpus=$(ls "$dir/corpus-$t" | wc -l)
	crashes=$(ls "$dir/findings-$t" | wc -l)
	[ $rc -eq 0 ] || [ "$crashes" -gt 0 ] || crashes=1
	echo "fuzz_$t: ${runs:-0} execs, $corpus corpus, $crashes crashes"
	if [ "$crashes" -gt 0 ]; then
		failed=1
		echo "  see $log and $dir/findings-$t/"
	fi
done
exit $failed
