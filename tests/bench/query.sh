#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench, second part: the query functions in process (tests/bench/query_bench)
# on a database of ten full-scale Open Medic years, about 20 million rows (the
# year tests/bench/import.sh generated, imported under ten years' names), with
# the BDPM of its catalogue at full size (about 16 000 specialities) and the
# sample FINESS, SAE and DREES files. Exits 1 only when a step fails.

set -u

mediflux=./mediflux
measure=tests/bench/measure.py
bench=./tests/bench/query_bench
geography=data/geography.db
sample=data/sample
work=tests/bench/work
years="2015 2016 2017 2018 2019 2020 2021 2022 2023 2024"

usage() {
	echo "usage: query.sh [--mediflux PATH] [--measure measure.py] [--bench PATH] [--geography DB]" \
	    "[--sample DIR] [--work DIR]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--mediflux) mediflux=$2 ;;
	--measure) measure=$2 ;;
	--bench) bench=$2 ;;
	--geography) geography=$2 ;;
	--sample) sample=$2 ;;
	--work) work=$2 ;;
	*) usage ;;
	esac
	[ $# -ge 2 ] || usage
	shift 2
done

die() {
	echo "bench: $*" >&2
	exit 1
}

csv=$work/OPEN_MEDIC_2024.CSV
[ -f "$csv" ] || die "$csv: missing (tests/bench/import.py makes it)"
[ -x "$bench" ] || die "$bench: not built"

dir=$work/query
rm -rf "$dir" && mkdir -p "$dir" || die "cannot make $dir"
# One year's rows under ten names: the year comes from the file name.
for y in $years; do
	ln -s "$(cd "$work" && pwd)/OPEN_MEDIC_2024.CSV" "$dir/OPEN_MEDIC_$y.CSV" ||
		die "cannot link $dir/OPEN_MEDIC_$y.CSV"
done

echo "bench: importing ten Open Medic years, the full-size BDPM and the sample FINESS, SAE and DREES files ..."
# shellcheck disable=SC2046
python3 "$measure" --result "$dir/import.time" -- \
    "$mediflux" import --db "$dir/query.db" --geography "$geography" --sample --quiet \
    "$sample"/etalab-*.csv "$sample"/sae_*.7z "$sample"/medecins_*.csv \
    "$work"/CIS_*.txt "$work"/HAS_*.txt \
    $(for y in $years; do echo "$dir/OPEN_MEDIC_$y.CSV"; done) \
    >"$dir/import.log" 2>&1 || { cat "$dir/import.log" >&2; die "import failed"; }
read -r wall rss status < "$dir/import.time"
size=$(wc -c < "$dir/query.db")
# The rows are packed (med_fact_run): the import's own count, which it checked.
rows=$(sqlite3 "$dir/query.db" "SELECT sum(rows_kept) FROM dataset WHERE kind = 'openmedic'" 2>/dev/null) || rows=0
python3 - "$wall" "$rss" "$size" "$rows" <<'EOF'
import sys
wall, rss, size, rows = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
mb = rss * 1024 / 1e6
per_row = size / rows if rows else float("inf")
print("bench: ten years imported in %.1f s; %d Open Medic rows; database %.0f MiB"
      % (wall, rows, size / 1048576))
print("  targets: peak memory %.1f MB (<= 64 whatever the size): %s;"
      " database bytes per row %.1f (<= 40): %s"
      % (mb, "met" if mb <= 64 else "NOT met", per_row,
         "met" if per_row <= 40 else "NOT met"))
EOF

# Search at FINESS's national size: the database's establishments grown to 100 000.
"$bench" --db "$dir/query.db" --national-finess || die "query_bench failed"
