# SPDX-License-Identifier: ISC
# The mixed database of the per-answer SAMPLE tests (tests/cli/sample_flag.sh,
# tests/tui/sample_flag.sh), sourced after tests/lib.sh and
# tests/cli/import_lib.sh: copies of the bundled sample database into which
# published-layout fixtures were imported without --sample.
#
# sample_mix A B: A is the sample + SAE 2022 (a 7z in the published layout),
# Open Medic 2022 and the DREES physicians file (2012-2025, which replaces the
# sample's rows); B is A + the FINESS extract (which replaces the sample's).
# RC is the last import's exit status; 0 when both worked.
sample_mix() {
	_top="SAE 2022 Bases statistiques - formats SAS-CSV"
	mkdir -p "$TEST_TMP/sae/$_top/Bases statistiques/Bases CSV"
	cp "$FIX/sae/2022/"*.csv "$TEST_TMP/sae/$_top/Bases statistiques/Bases CSV/"
	bsdtar --format 7zip -cf "$TEST_TMP/sae_2022.7z" -C "$TEST_TMP/sae" "$_top"
	cp "$REFDB" "$1"
	run import --db "$1" --quiet "$TEST_TMP/sae_2022.7z" \
	    "$FIX/openmedic/OPEN_MEDIC_2022.CSV" "$FIX/drees/medecins_rpps_2012_2025.csv"
	[ "$RC" -eq 0 ] || return 1
	cp "$1" "$2"
	run import --db "$2" --quiet "$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
}
