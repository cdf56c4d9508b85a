# SPDX-License-Identifier: ISC
# The SAMPLE flag is per answer: in a copy of the bundled sample database into
# which published-layout files (not --sample) were imported, an answer made of
# those alone is not flagged, one touching a sample dataset is, and says which.
#
# A: the sample database + SAE 2022, Open Medic 2022 and the DREES physicians
#    file (2012-2025, replacing the sample's rows) from tests/fixtures/import.
# B: A + the FINESS extract of the fixtures (replacing the sample's).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/sample_lib.sh"

A="$TEST_TMP/a.db"
B="$TEST_TMP/b.db"
sample_mix "$A" "$B"
is "$RC" 0 "published SAE 2022, Open Medic 2022, DREES and FINESS import into copies of the sample"
is "$(q "$A" "SELECT kind || ' ' || year || ' ' || sample FROM dataset
    WHERE kind IN ('sae', 'openmedic') ORDER BY kind, year")" \
"openmedic 2022 0
openmedic 2023 1
openmedic 2024 1
sae 2022 0
sae 2023 1
sae 2024 1" "the database mixes published and sample years"
is "$(q "$B" "SELECT kind || ' ' || sample FROM dataset WHERE kind = 'finess'")" "finess 0" \
    "B's FINESS extract is the published one"
is "$(q "$A" "SELECT kind || ' ' || year || ' ' || sample FROM dataset WHERE kind = 'drees'")" \
    "drees 2024 0" "the sample's DREES provenance goes once no row comes from it (the published file replaced them all)"

# flag DB ARG...: sample and the sample datasets of a --json answer.
flag() {
	_db=$1
	shift
	"$MEDIFLUX" --db "$_db" "$@" --json | json '(d["sample"], " ".join("%s:%s" % (x["kind"], x["year"]) for x in d["sample_datasets"]))'
}
# plain DB ARG...: the first line of the plain answer.
plain() {
	_db=$1
	shift
	"$MEDIFLUX" --db "$_db" "$@" | head -1
}
# samples DB ARG...: how many lines of the plain answer say SAMPLE.
samples() {
	_db=$1
	shift
	"$MEDIFLUX" --db "$_db" "$@" | grep -c SAMPLE
}

# --- meds: the Open Medic dataset of the year asked. ---------------------------
is "$(flag "$A" meds --year 2022)" "(False, '')" "meds 2022: published Open Medic, not sample"
is "$(flag "$A" meds --year 2023)" "(True, 'openmedic:2023')" "meds 2023: the sample Open Medic year"
is "$(flag "$A" meds --year 2024 --atc N --by product)" "(True, 'openmedic:2024')" \
    "meds 2024 by product: sample"
is "$(samples "$A" meds --year 2022)" 0 "plain meds 2022 says nothing of SAMPLE"
is "$(plain "$A" meds --year 2024)" "SAMPLE DATA: generated figures, not real ones (openmedic 2024)" \
    "plain meds 2024 says SAMPLE first, and which dataset"

# --- regions: SAE, Open Medic and DREES of the year, the geography. ------------
is "$(flag "$A" regions --year 2022)" "(False, '')" \
    "regions 2022: SAE, Open Medic, DREES and geography all published"
is "$(flag "$A" regions --year 2022 --level departement)" "(False, '')" \
    "départements 2022: not sample"
is "$(flag "$A" regions --year 2023)" "(True, 'openmedic:2023 sae:2023')" \
    "regions 2023: the sample SAE and Open Medic years (DREES 2023 is published)"
is "$(flag "$A" regions --year 2024 --level departement)" "(True, 'sae:2024')" \
    "départements 2024: sample SAE only (no Open Medic by département)"
is "$(flag "$REFDB" regions --year 2022)" "(True, 'drees:2025')" \
    "the bundled database's 2022 regions: only the sample DREES file holds 2022"
is "$(samples "$A" regions --year 2022)" 0 "plain regions 2022 says nothing of SAMPLE"
is "$(plain "$A" regions --year 2023)" \
    "SAMPLE DATA: generated figures, not real ones (openmedic 2023, sae 2023)" \
    "plain regions 2023 says SAMPLE first"

# --- search: the FINESS dataset of the establishments listed. ------------------
is "$(flag "$A" search 01)" "(True, 'finess:2026')" "search in A lists sample FINESS establishments"
is "$(flag "$A" search zzzz)" "(True, 'finess:2026')" \
    "nothing found in A is still an answer of the sample FINESS extract"
is "$(flag "$B" search 01)" "(False, '')" "search in B lists published establishments only"
is "$(flag "$B" search lyon)" "(False, '')" "nothing found in B: the published extract, not sample"
is "$(plain "$A" search 01)" "SAMPLE DATA: generated figures, not real ones (finess 2026)" \
    "plain search in A says SAMPLE first"
is "$(samples "$B" search 01)" 0 "plain search in B says nothing of SAMPLE"
is "$(plain "$B" search 01)" '1 hospital or clinic in département 01 (Ain)' \
    "and starts with the list's heading"

# --- hospital: its FINESS source and its SAE years. ----------------------------
is "$(flag "$B" hospital 970100400)" "(False, '')" \
    "an establishment of the published FINESS without SAE years: not sample"
is "$(flag "$B" hospital 010000024)" "(True, 'sae:2023 sae:2024')" \
    "published FINESS and SAE 2022, sample SAE 2023 and 2024: sample, those two named"
is "$(flag "$A" hospital 010000024)" "(True, 'finess:2026 sae:2023 sae:2024')" \
    "in A its FINESS source is sample too"
is "$(samples "$B" hospital 970100400)" 0 "plain hospital says nothing of SAMPLE"
is "$(plain "$B" hospital 010000024)" "SAMPLE DATA: generated figures, not real ones (sae 2023, sae 2024)" \
    "plain hospital with sample SAE years says SAMPLE first"
is "$(samples "$B" hospital 010000024)" 3 "and flags the two sample SAE sources (3 lines in all)"

done_testing
