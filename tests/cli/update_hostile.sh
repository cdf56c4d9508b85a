# SPDX-License-Identifier: ISC
# mediflux update killed (SIGKILL) in the middle of a download: the half-received file
# was an unlinked temporary file, so nothing is left anywhere, and the database keeps
# its exact bytes. And a zip bomb served as Open Medic is refused. (Out of the valgrind
# lane, as the other hostile tests: it kills the program on purpose, and the bomb's
# bounded expansion is still minutes under memcheck.)
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/update_lib.sh"

start_server
trap 'kill -9 "$UPD_PID" 2>/dev/null; stop_server; tap_cleanup' EXIT
UPD_PID=
CAT="$TEST_TMP/sources.json"
catalogue "$CAT"
W="$TEST_TMP/w"
mkdir -p "$W"
DB="$W/ref.db"
cp "$GEO" "$DB"
cp "$DB" "$W/before.db"
ls -A "$W" > "$TEST_TMP/listing.before"
export MEDIFLUX_HTTP_TIMEOUT=60

# upd_fails WHAT NEEDLE: the update exits 1 saying NEEDLE, and changes nothing.
upd_fails() {
	run update --db "$DB" --sources "$CAT" openmedic
	is "$RC" 1 "$1: exit status 1"
	contains "$ERR" "$2" "$1: the message says what and where"
	ok "$1: the database is byte-identical" cmp -s "$DB" "$W/before.db"
	ok "$1: no download is left" no_download_left "$DB"
}

# The body stops half-way and the server says nothing more for 60 s.
api openmedic "$(resource slow OPEN_MEDIC_2022.zip)"
HALF=$(( $(stat -c %s "$SRV/files/OPEN_MEDIC_2022.zip") / 2 ))
"$MEDIFLUX" update --db "$DB" --sources "$CAT" openmedic > "$TEST_TMP/out" 2>&1 &
UPD_PID=$!

# held_download: the size of the deleted file the process holds under $DL, once it has HALF bytes.
held_download() {
	for _fd in /proc/"$UPD_PID"/fd/*; do
		case $(readlink "$_fd" 2>/dev/null) in
		"$DL"/*"(deleted)")
			[ "$(stat -L -c %s "$_fd" 2>/dev/null)" = "$HALF" ] && return 0 ;;
		esac
	done
	return 1
}
for _i in $(seq 200); do
	held_download && break
	sleep 0.1
done
ok "mid-download, the process holds the half-received body in a deleted file of $DL" held_download
is "$(ls -A "$DL")" "" "which no name in $DL points to"
kill -9 "$UPD_PID"
wait "$UPD_PID" 2>/dev/null
is "$?" 137 "the update is killed"
UPD_PID=
is "$(ls -A "$DL")" "" "nothing is left in the download directory"
ls -A "$W" > "$TEST_TMP/listing.after"
ok "nothing new beside the database" cmp -s "$TEST_TMP/listing.before" "$TEST_TMP/listing.after"
ok "the database is byte-identical" cmp -s "$DB" "$W/before.db"

# A zip bomb: the import refuses it, the message names the URL.
export MEDIFLUX_HTTP_TIMEOUT=2
python3 "$top_srcdir/tests/cli/hostile_bombs.py" zip "$SRV/files/OPEN_MEDIC_2019.zip" OPEN_MEDIC_2019.CSV $((1024 * 1024 * 1024))
api openmedic "$(resource f OPEN_MEDIC_2019.zip)"
upd_fails "a zip bomb" "$BASE/f/OPEN_MEDIC_2019.zip: OPEN_MEDIC_2019.CSV: line"
contains "$ERR" "a compression bomb?" "the bomb is named as one"

done_testing
