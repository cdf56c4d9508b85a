#!/bin/sh
# SPDX-License-Identifier: ISC
# Builds the seed corpora tests/fuzz/corpus-<target>/ in the build tree from
# the test fixtures, in each target's input format (see the targets' first
# comment): seed.sh SRCDIR OUTDIR. Corpora already there are added to, not
# replaced, so that what earlier runs found is kept.
set -eu
src=$1
out=$2
fix=$src/tests/fixtures
imp=$fix/import
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mk() { mkdir -p "$out/corpus-$1"; }
# seed TARGET NAME: standard input becomes the seed NAME.
seed() { cat >"$out/corpus-$1/seed-$2"; }
# body FILE: FILE without its first line (the layout gives the header).
body() { tail -n +2 "$1"; }

mk csv
for f in "$fix"/csv/*.csv "$fix"/geo/*.csv "$fix"/finess/*.csv \
    "$imp"/*/*.csv "$imp"/*/*.CSV "$imp"/sae/*/*.csv; do
	n=$(basename "$f")
	{ printf '\000\000'; cat "$f"; } | seed csv "$n"
	{ printf '\013\003'; cat "$f"; } | seed csv "$n-3bytes-header"
done

# Importers: first byte = layout (see fuzz_import_<kind>.c), then the body.
mk import_finess
for f in "$imp"/finess/*.csv "$fix"/finess/*.csv "$imp"/bad/etalab-*.csv; do
	{ printf '\000'; body "$f"; } | seed import_finess "$(basename "$f")"
	{ printf '\200'; cat "$f"; } | seed import_finess "raw-$(basename "$f")"
done
mk import_sae
i=0
for t in ID MCO URGENCES2 URGENCES SYGEN REA; do
	for f in "$imp"/sae/*/"${t}"_*.csv; do
		{ printf "\\$(printf %03o $i)"; body "$f"; } |
		    seed import_sae "$(basename "$f")"
	done
	i=$((i + 1))
done
{ printf '\000'; body "$imp/sae/2022/ID_2022r.csv"; printf '\n@@ENTRY@@\n\001';
    body "$imp/sae/2022/MCO_2022r.csv"; printf '\n@@ENTRY@@\n\002';
    body "$imp/sae/2022/URGENCES2_2022r.csv"; } | seed import_sae id-mco-urg2
mk import_openmedic
for y in 2014:0 2016:1 2022:2; do
	f=$imp/openmedic/OPEN_MEDIC_${y%:*}.CSV
	{ printf "\\$(printf %03o ${y#*:})"; body "$f"; } |
	    seed import_openmedic "$(basename "$f")"
done
for f in "$imp"/bad/OPEN_MEDIC_*.CSV; do
	{ printf '\002'; body "$f"; } | seed import_openmedic "$(basename "$f")"
done
mk import_drees
for f in "$imp"/drees/*.csv; do
	{ printf '\000'; body "$f"; } | seed import_drees "$(basename "$f")"
	{ printf '\200'; cat "$f"; } | seed import_drees "raw-$(basename "$f")"
done

# Archives of the fixtures, in every format the importer reads.
mk archive
cp "$imp/sae/2022/MCO_2022r.csv" "$imp/openmedic/OPEN_MEDIC_2014.CSV" \
    "$imp/drees/medecins_rpps_2012_2025.csv" "$tmp/"
( cd "$tmp" && mkdir -p d && cp MCO_2022r.csv d/ &&
  bsdtar -a -cf a.zip MCO_2022r.csv OPEN_MEDIC_2014.CSV d &&
  bsdtar --format 7zip -cf a.7z MCO_2022r.csv medecins_rpps_2012_2025.csv &&
  bsdtar -cf a.tar OPEN_MEDIC_2014.CSV d &&
  bsdtar -czf a.tar.gz MCO_2022r.csv &&
  bsdtar -cjf a.tar.bz2 MCO_2022r.csv &&
  bsdtar -cJf a.tar.xz OPEN_MEDIC_2014.CSV &&
  gzip -c OPEN_MEDIC_2014.CSV >a.csv.gz )
for f in a.zip a.7z a.tar a.tar.gz a.tar.bz2 a.tar.xz a.csv.gz MCO_2022r.csv; do
	seed archive "$f" <"$tmp/$f"
done

mk ordonnance
seed ordonnance three-lines <"$fix/ordonnance/three-lines.txt"
for f in "$src"/tests/fuzz/seeds/ordonnance/*; do
	seed ordonnance "$(basename "$f")" <"$f"
done
mk profile
for f in "$fix"/profile/*.json; do
	seed profile "$(basename "$f")" <"$f"
done
