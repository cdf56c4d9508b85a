# SPDX-License-Identifier: ISC
# Shared by the consolidate tests, after tests/lib.sh and import_lib.sh:
# a work directory W that only OUT (and its users directory) should appear in.
W="$TEST_TMP/w"
mkdir -p "$W"

# cons OUT ARG...: mediflux consolidate into OUT from the reference geography.
cons() {
	_out=$1
	shift
	run consolidate -o "$_out" --geography "$GEO" "$@"
}

# Nothing but the names given in W (with a trailing space): no temporary file.
only_in_w() {
	[ "$(ls -A "$W" | tr '\n' ' ')" = "$1" ]
}
