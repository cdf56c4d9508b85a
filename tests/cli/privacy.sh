# SPDX-License-Identifier: ISC
# Privacy with two real Unix users: A's profile and history live in a 0600 database
# (and 0600 -wal/-shm) in a 0700 directory whatever the umask; B can neither read nor
# list them, mediflux refuses B's attempts to use them without showing any of A's data,
# B's own profile is empty; nothing of A's profile reaches an error message or any file
# but A's user database. As root, two throwaway users are made (and removed at exit);
# otherwise A is the current user and the cases that need B are skipped.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/users_lib.sh"

# A's marker values: none of them may appear anywhere but in A's user database.
MUT="Zorglub Mutuelle 7431"
MARKERS="zorglub plougastel parkinson"

# markers_in TEXT: the markers TEXT contains (case-insensitive), or nothing.
markers_in() {
	for _m in $MARKERS; do
		case $(printf '%s' "$1" | tr '[:upper:]' '[:lower:]') in
		*"$_m"*) printf '%s ' "$_m" ;;
		esac
	done
}

UA=""
UB=""
# Removes the throwaway users, even when the test fails or is interrupted.
holder_pid=""
privacy_cleanup() {
	if [ -n "$holder_pid" ]; then
		touch "$CAP/stop"
		wait "$holder_pid"
	fi
	users_remove
	tap_cleanup
}
trap privacy_cleanup EXIT
trap 'exit 1' HUP INT TERM

# The test's own files (captured output, input files): outside the homes.
CAP="$TEST_TMP/capture"
mkdir -p "$CAP"

UA="mfxa$$"
UB="mfxb$$"
users_make "$UA" "$UB"
two_users=no
if [ -z "$why" ]; then
	chmod 755 "$TEST_TMP" "$CAP"
	for u in "$UA" "$UB"; do
		mkdir -p "$TEST_TMP/home-$u"
		chown "$u:" "$TEST_TMP/home-$u"
		chmod 755 "$TEST_TMP/home-$u"
		mkdir -p "$TEST_TMP/tmp-$u"
		chown "$u:" "$TEST_TMP/tmp-$u"
		chmod 700 "$TEST_TMP/tmp-$u"
	done
	if runuser -u "$UA" -- test -x "$MEDIFLUX" -a -r "$REFDB" -a -r "$GEO" \
	    -a -r "$FIX/bad/empty.csv"; then
		two_users=yes
	else
		why="the build tree is not readable by another user"
	fi
fi
if [ $two_users = no ]; then
	UA=""
	UB=""
	A=self
	mkdir -p "$TEST_TMP/home-self" "$TEST_TMP/tmp-self"
else
	A=$UA
fi
HA="$TEST_TMP/home-$A"
DA="$HA/xdg/mediflux"
UDBA="$DA/user.db"

# as_user USER [VAR=VALUE...] COMMAND...: runs it as USER (self: as we are) with a clean
# environment, its own HOME, XDG_DATA_HOME and temporary directory (TMPDIR and
# SQLITE_TMPDIR: tmp-USER in the test's directory), and umask 000; OUT, ERR and RC as run.
as_user() {
	_u=$1
	shift
	set -- env -i PATH="$PATH" LANG=C.UTF-8 HOME="$TEST_TMP/home-$_u" \
	    XDG_DATA_HOME="$TEST_TMP/home-$_u/xdg" MEDIFLUX_DB="$REFDB" \
	    TMPDIR="$TEST_TMP/tmp-$_u" SQLITE_TMPDIR="$TEST_TMP/tmp-$_u" "$@"
	users_run "$_u" 000 "$@"
}

# --- A sets a profile and searches, under umask 000. ---------------------------------

as_user $A "$MEDIFLUX" profile set mutuelle.name "$MUT"
is "$RC:$OUT" "0:mutuelle.name: $MUT" "A sets a mutuelle"
as_user $A "$MEDIFLUX" profile set mutuelle.coverage 437
is "$RC" 0 "and its coverage"
as_user $A "$MEDIFLUX" profile set location Plougastel-Daoulas
is "$RC:$OUT" "0:location: Plougastel-Daoulas (29, 29470), INSEE 29189" "a location"
as_user $A "$MEDIFLUX" profile set pathologies "parkinson, asthme"
is "$RC:$OUT" "0:pathologies: maladie de Parkinson, asthme" "pathologies"
as_user $A "$MEDIFLUX" search plougastel --json
is "$RC:$ERR" "0:" "A searches"
as_user $A "$MEDIFLUX" history --json
is "$(printf '%s' "$OUT" | json '[e["params"]["query"] for e in d["entries"]]')" "['plougastel']" \
    "the search is in A's history"
as_user $A "$MEDIFLUX" profile show --json
a_profile=$OUT
is "$(printf '%s' "$a_profile" | json 'd["mutuelle"]["name"], d["location"]["name"], d["pathologies"]')" \
    "$MUT Plougastel-Daoulas ['maladie de Parkinson', 'asthme']" "A's profile holds the markers"

is "$(stat -c %a "$DA")" 700 "A's data directory is 0700 under umask 000"
is "$(stat -c %a "$UDBA")" 600 "A's user database is 0600 under umask 000"
if [ $two_users = yes ]; then
	is "$(stat -c %U "$DA" "$UDBA" | tr '\n' ' ')" "$UA $UA " "both owned by A"
fi

# A process of A's holds the database open, so that its -wal and -shm exist.
holder() {
	_script='import os, sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN")
con.execute("SELECT count(*) FROM profile").fetchone()
print("open", flush=True)
while not os.path.exists(sys.argv[2]):
    time.sleep(0.05)
con.execute("COMMIT")
con.close()'
	if [ $two_users = yes ]; then
		runuser -u "$UA" -- python3 -c "$_script" "$UDBA" "$CAP/stop"
	else
		python3 -c "$_script" "$UDBA" "$CAP/stop"
	fi
}
holder > "$CAP/holder" 2>&1 &
holder_pid=$!
n=0
while [ "$(cat "$CAP/holder")" != open ] && [ $n -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
is "$(stat -c %a "$UDBA-wal" "$UDBA-shm" 2>&1 | tr '\n' ' ')" "600 600 " \
    "its -wal and -shm are 0600 too"

# --- B. ----------------------------------------------------------------------------------

B_CASES="cannot-read-db cannot-read-wal cannot-read-shm cannot-list-dir cannot-open-with-sqlite3
xdg-show xdg-show-json env-show env-show-json option-show history set export interface
search-warning export-file export-file-read a-unchanged b-empty b-private"
if [ $two_users = yes ]; then
	a_sum=$(sum_of "$UDBA")
	for f in "$UDBA" "$UDBA-wal" "$UDBA-shm"; do
		out=$(runuser -u "$UB" -- cat "$f" 2>&1)
		rc=$?
		ok "B cannot read A's $(basename "$f") ($out)" test $rc -ne 0
	done
	out=$(runuser -u "$UB" -- ls -A "$DA" 2>&1)
	rc=$?
	ok "B cannot list A's data directory ($out)" test $rc -ne 0
	out=$(runuser -u "$UB" -- sqlite3 -readonly "$UDBA" "SELECT document FROM profile" 2>&1)
	rc=$?
	is "$rc:$(markers_in "$out")" "1:" "nor open it with sqlite3"

	# B points mediflux at A's data: refused, clearly, with none of A's data.
	for how in "XDG_DATA_HOME=$HA/xdg" "MEDIFLUX_USER_DB=$UDBA" "--user-db $UDBA"; do
		for fmt in "" --json; do
			case $how in
			--user-db*) as_user "$UB" "$MEDIFLUX" profile show $fmt $how ;;
			*) as_user "$UB" "$how" "$MEDIFLUX" profile show $fmt ;;
			esac
			is "$RC:$OUT" "1:" "B's 'profile show $fmt' with $how: refused, nothing on stdout"
			is "$ERR" "mediflux: $DA: Permission denied" \
			    "saying why, naming A's data directory"
			is "$(markers_in "$OUT$ERR")" "" "none of A's data shown"
		done
	done
	as_user "$UB" "MEDIFLUX_USER_DB=$UDBA" "$MEDIFLUX" history --json
	is "$RC:$OUT:$(markers_in "$ERR")" "1::" "B's 'history' on A's file: refused, nothing of A's"
	as_user "$UB" "MEDIFLUX_USER_DB=$UDBA" "$MEDIFLUX" profile set mutuelle.name "B was here"
	is "$RC:$OUT:$(markers_in "$ERR")" "1::" "B cannot change A's profile"
	as_user "$UB" "MEDIFLUX_USER_DB=$UDBA" "$MEDIFLUX" profile export
	is "$RC:$OUT:$(markers_in "$ERR")" "1::" "B cannot export A's profile"
	# The interface opens both databases before curses starts: in a terminal (script
	# gives it one), it says why it cannot start.
	if command -v script >/dev/null 2>&1; then
		as_user "$UB" script -qec "TERM=xterm '$MEDIFLUX' --user-db '$UDBA'" /dev/null
		is "$RC:$(printf '%s' "$OUT" | tr -d '\r')" "1:mediflux: $DA: Permission denied" \
		    "B's interface on A's file does not start, and says why"
		is "$(markers_in "$OUT$ERR")" "" "showing none of A's data"
	else
		skip "B's interface on A's file: script (bsdutils) is missing"
		skip "B's interface on A's file: script (bsdutils) is missing"
	fi
	as_user "$UB" "MEDIFLUX_USER_DB=$UDBA" "$MEDIFLUX" search brest --json
	is "$RC" 0 "B's search still works on the reference database"
	is "$ERR" "mediflux: warning: not recorded in your history: $DA: Permission denied" \
	    "warning that it cannot be recorded"
	is "$(markers_in "$OUT$ERR")" "" "with none of A's data"
	is "$(sum_of "$UDBA")" "$a_sum" "A's database is untouched by all this"
	as_user "$A" "$MEDIFLUX" profile show --json
	is "$OUT" "$a_profile" "and A's profile is the same"

	# A exports the profile to a file in A's (0755) home, under umask 000: B cannot read it.
	as_user "$UA" "$MEDIFLUX" profile export "$HA/profile.json"
	is "$RC:$(stat -c %a:%U "$HA/profile.json")" "0:600:$UA" "A's export is 0600 under umask 000"
	out=$(runuser -u "$UB" -- cat "$HA/profile.json" 2>&1)
	rc=$?
	is "$rc:$(markers_in "$out")" "1:" "and B cannot read it"
	rm -f "$HA/profile.json"

	# B's own profile and history: empty, and private.
	as_user "$UB" "$MEDIFLUX" profile show --json
	is "$RC:$OUT:$ERR" "0:{}:" "B's own profile is empty"
	as_user "$UB" "$MEDIFLUX" history --json
	is "$RC:$(printf '%s' "$OUT" | json 'len(d["entries"])')" "0:0" "B's own history is empty"
	is "$(stat -c %a:%U "$TEST_TMP/home-$UB/xdg/mediflux" "$TEST_TMP/home-$UB/xdg/mediflux/user.db" |
	    tr '\n' ' ')" "700:$UB 600:$UB " "B's own data directory and database are private to B"
else
	for c in $B_CASES; do
		skip "$c: two-user case: $why"
	done
fi
touch "$CAP/stop"
wait $holder_pid
holder_pid=""
is "$(cat "$CAP/holder")" open "A's holder closed the database"

# --- Nothing of A's profile in error messages. ---------------------------------------------

# A profile file with the markers and one bad value: refused whole, quoting nothing.
cat > "$CAP/bad-profile.json" <<EOF
{"mutuelle": {"name": "$MUT (nouvelle)", "coverage": 9999},
 "pathologies": ["parkinson"], "location": "Plougastel-Daoulas"}
EOF
chmod 644 "$CAP/bad-profile.json"
printf '{"mutuelle": {"name": "%s", "name": "Zorglub twice"}}' "$MUT" > "$CAP/dup-profile.json"
printf '{"mutuelle": {"name": "%s" zorglub}}' "$MUT" > "$CAP/syntax-profile.json"
chmod 644 "$CAP/dup-profile.json" "$CAP/syntax-profile.json"
for f in bad-profile dup-profile syntax-profile; do
	as_user $A "$MEDIFLUX" profile import "$CAP/$f.json"
	is "$RC:$(markers_in "$OUT$ERR")" "1:" "A's 'profile import' of $f.json fails quoting none of it"
done
contains "$ERR" "syntax-profile.json: line 1, column" "with the place of the error"
as_user $A "$MEDIFLUX" profile set mutuelle.coverage 9999
is "$RC:$(markers_in "$ERR")" "1:" "a bad coverage: refused, no marker in the message"
as_user $A "$MEDIFLUX" profile set location "Zorglubville-sur-Mer"
is "$RC:$(markers_in "$ERR")" "1:" "an unknown location: refused without quoting it"
as_user $A "$MEDIFLUX" profile set pathologies "parkinson, zorglubite"
# The message lists the known pathologies (Parkinson's among them), not A's.
is "$RC:$(markers_in "$(printf '%s' "$ERR" | sed 's/ (known: .*)$//')")" "1:" \
    "an unknown pathology: refused without quoting what was typed"
contains "$ERR" "pathologies: item 2 is not a known pathology (known: diabète" "naming its position"
as_user $A "$MEDIFLUX" history delete 999999
is "$RC:$(markers_in "$ERR")" "1:" "deleting a history entry that is not there"
as_user $A "$MEDIFLUX" profile export "$HA/no/such/dir/profile.json"
is "$RC:$(markers_in "$OUT$ERR")" "1:" "an export that cannot be written says so without the profile"
as_user $A "$MEDIFLUX" import --db "$HA/ref.db" --geography "$GEO" --quiet \
    "$FIX/bad/OPEN_MEDIC_2022_bad_number.CSV"
is "$RC:$(markers_in "$OUT$ERR")" "1:" "a failing import"
rm -f "$HA/ref.db.lock"
as_user $A "$MEDIFLUX" profile show --json
is "$OUT" "$a_profile" "A's profile is unchanged by all the refusals"

# A damaged stored profile: reported, without its text.
if [ $two_users = yes ]; then
	runuser -u "$UA" -- sqlite3 "$UDBA" \
	    "UPDATE profile SET document = substr(document, 1, length(document) - 5)"
else
	sqlite3 "$UDBA" "UPDATE profile SET document = substr(document, 1, length(document) - 5)"
fi
as_user $A "$MEDIFLUX" profile show
is "$RC:$OUT" "1:" "a damaged profile is not shown"
is "$ERR" "mediflux: the stored profile is damaged (not a JSON object): replace it with 'mediflux profile import'" \
    "the message says what to do and quotes none of it"
as_user $A "$MEDIFLUX" search plougastel
is "$RC:$(markers_in "$ERR")" "0:" "searching still works, with no marker on stderr"
as_user $A "$MEDIFLUX" profile set mutuelle.coverage 200
is "$RC:$(markers_in "$OUT$ERR")" "1:" "setting a key on a damaged profile fails without quoting it"

# --- Nothing of A's anywhere else. -----------------------------------------------------------

# Every file under the test's directory but A's user database and the test's own
# captures: none holds a marker.
found=$(grep -ril -e zorglub -e plougastel -e parkinson "$TEST_TMP" 2>/dev/null |
    grep -v -e "^$UDBA\(-wal\|-shm\)\?$" -e "^$CAP/")
is "$found" "" "no file outside A's user database holds A's data"
# mediflux wrote nothing but the user databases under the homes, each with the WAL and
# its index a session leaves for the next command, all three 0600.
files=$(cd "$TEST_TMP" && find "home-$A" ${UB:+"home-$UB"} -type f -printf '%p:%m ' |
    tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')
want=
for _h in "home-$A" ${UB:+"home-$UB"}; do
	for _f in user.db-shm user.db-wal user.db; do
		want="$want$_h/xdg/mediflux/$_f:600 "
	done
done
is "$files" "$want" "no other file in the homes"
# A's temporary files went to its own temporary directory, which is left empty; no
# other file of A's is anywhere in the test's directories. Only the test's own
# directories are searched: /tmp may hold files another program left under a user id
# that A's throwaway user now reuses.
left=$( {
	find "$TEST_TMP/tmp-$A" -mindepth 1
	[ $two_users = no ] || find "$TEST_TMP" -xdev -user "$UA" ! -type d ! -path "$UDBA" \
	    ! -path "$UDBA-wal" ! -path "$UDBA-shm"
} 2>/dev/null | sort -u | tr '\n' ' ')
is "$left" "" "no file of A's left in its temporary directory or anywhere else in the test's"

done_testing
