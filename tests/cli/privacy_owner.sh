# SPDX-License-Identifier: ISC
# A user database that is not the caller's alone is refused before anything is written
# to it (issue 15): another user's file (empty, or a user database, mode 0666) in their
# open directory or planted in the caller's, a link to one, another user's -wal beside
# the caller's database, the caller's own file or directory open to group or others;
# through MEDIFLUX_USER_DB, --user-db, XDG_DATA_HOME and restore --user. The message
# names the path, its owner's uid and its mode; the file stays byte-identical and its
# owner finds none of the caller's data. As root, two throwaway users are made (the
# owner O and the caller C, removed at exit); otherwise the caller is the current user
# and the cases that need O are skipped.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/users_lib.sh"

# The caller's marker: it may appear in no file of O's.
MUT="Quetzal Mutuelle 5519"

UO=""
UC=""
VGLOGS=""
# Removes the throwaway users; hands the other users' valgrind logs to report.sh.
owner_cleanup() {
	if [ -n "$VGLOGS" ] && [ -d "$top_builddir/tests/valgrind/logs" ]; then
		for _l in "$VGLOGS"/*.log; do
			[ -f "$_l" ] && cp "$_l" "$top_builddir/tests/valgrind/logs/"
		done
	fi
	users_remove
	tap_cleanup
}
trap owner_cleanup EXIT
trap 'exit 1' HUP INT TERM

CAP="$TEST_TMP/capture"
mkdir -p "$CAP"

UO="mfxo$$"
UC="mfxc$$"
users_make "$UO" "$UC"
two_users=no
if [ -z "$why" ]; then
	chmod 755 "$TEST_TMP" "$CAP"
	if runuser -u "$UC" -- test -x "$MEDIFLUX" -a -r "$REFDB"; then
		two_users=yes
	else
		why="the build tree is not readable by another user"
	fi
fi
if [ $two_users = yes ]; then
	C=$UC
	uid_c=$(id -u "$UC")
	uid_o=$(id -u "$UO")
	# Under valgrind, the other users' runs log to a directory they can write.
	VGLOGS="$TEST_TMP/vglogs"
	mkdir -p "$VGLOGS"
	chmod 1777 "$VGLOGS"
else
	UO=""
	UC=""
	C=self
	uid_c=$(id -u)
	VGLOGS=""
fi
HC="$TEST_TMP/home-$C"
mkdir -p "$HC"
[ $two_users = yes ] && chown "$UC:" "$HC"
chmod 700 "$HC"

# as_user USER [VAR=VALUE...] COMMAND...: runs it as USER (self: as we are) with a clean
# environment, C's HOME and XDG_DATA_HOME unless given, and umask 022; OUT, ERR, RC.
as_user() {
	_u=$1
	shift
	set -- env -i PATH="$PATH" LANG=C.UTF-8 HOME="$HC" XDG_DATA_HOME="$HC/xdg" \
	    MEDIFLUX_DB="$REFDB" top_srcdir="$top_srcdir" top_builddir="$top_builddir" \
	    MEDIFLUX_TEST_NAME="$MEDIFLUX_TEST_NAME" ${VGLOGS:+VALGRIND_LOG_DIR="$VGLOGS"} "$@"
	users_run "$_u" 022 "$@"
}

# beside FILE: the journals mediflux (or SQLite) left beside FILE.
beside() {
	for _s in -wal -shm -journal; do
		[ -e "$1$_s" ] && printf '%s ' "$(basename "$1$_s")"
	done
}

# refused WHAT FILE MESSAGE HOW...: C's 'profile set' and 'search' with FILE through each
# HOW (env, option, xdg): profile set exits 1 with MESSAGE, search warns with it and
# still answers; FILE is byte-identical, with no new journal beside it.
refused() {
	_what=$1
	_f=$2
	_msg=$3
	shift 3
	_before=$(sum_of "$_f"):$(beside "$_f")
	for _how in "$@"; do
		case $_how in
		env)
			as_user "$C" MEDIFLUX_USER_DB="$_f" "$MEDIFLUX" profile set mutuelle.name "$MUT" ;;
		option)
			as_user "$C" "$MEDIFLUX" --user-db "$_f" profile set mutuelle.name "$MUT" ;;
		xdg)
			as_user "$C" XDG_DATA_HOME="${_f%/mediflux/user.db}" "$MEDIFLUX" profile set \
			    mutuelle.name "$MUT" ;;
		esac
		is "$RC:$OUT:$ERR" "1::mediflux: $_msg" "$_what ($_how): profile set refused, saying why"
	done
	as_user "$C" MEDIFLUX_USER_DB="$_f" "$MEDIFLUX" search brest --json
	is "$RC:$ERR" "0:mediflux: warning: not recorded in your history: $_msg" \
	    "$_what: search answers, warning that it records nothing"
	is "$(sum_of "$_f"):$(beside "$_f")" "$_before" "$_what: byte-identical, no new journal beside it"
}

# --- The caller's own file and directory, open to others (no second user needed). -------

W="$HC/wide"
mkdir -p "$W/d777" "$W/d755" "$W/ok"
chmod 777 "$W/d777"
chmod 755 "$W/d755"
chmod 700 "$W" "$W/ok"
: > "$W/ok/f644.db"
chmod 644 "$W/ok/f644.db"
: > "$W/ok/f640.db"
chmod 640 "$W/ok/f640.db"
[ $two_users = yes ] && chown -R "$UC:" "$W"

refused "C's 0777 directory" "$W/d777/user.db" \
    "$W/d777: refused as the user database's directory: mode 0777 lets group or others in; make it yours alone with 'chmod 700 $W/d777' (what it holds may have been read)" \
    env option
is "$(ls -A "$W/d777")" "" "nothing was created in it"
refused "C's 0755 directory" "$W/d755/user.db" \
    "$W/d755: refused as the user database's directory: mode 0755 lets group or others in; make it yours alone with 'chmod 700 $W/d755' (what it holds may have been read)" \
    env
is "$(ls -A "$W/d755")" "" "nothing was created in it"
refused "C's 0644 file" "$W/ok/f644.db" \
    "$W/ok/f644.db: refused as user database: mode 0644 lets group or others in; make it yours alone with 'chmod 600 $W/ok/f644.db' (what it holds may have been read)" \
    env option
refused "C's 0640 file" "$W/ok/f640.db" \
    "$W/ok/f640.db: refused as user database: mode 0640 lets group or others in; make it yours alone with 'chmod 600 $W/ok/f640.db' (what it holds may have been read)" \
    option
is "$(stat -c %a "$W/ok/f644.db" "$W/d777")" "644
777" "the modes are left as they were: the caller decides"
# Done as told, the file is used.
chmod 600 "$W/ok/f644.db"
as_user "$C" MEDIFLUX_USER_DB="$W/ok/f644.db" "$MEDIFLUX" profile set mutuelle.name "$MUT"
is "$RC:$OUT:$ERR" "0:mutuelle.name: $MUT:" "after 'chmod 600', the file is used"
# A -journal of the caller's, left open to others beside the database.
: > "$W/ok/f644.db-journal"
chmod 666 "$W/ok/f644.db-journal"
[ $two_users = yes ] && chown "$UC:" "$W/ok/f644.db-journal"
as_user "$C" MEDIFLUX_USER_DB="$W/ok/f644.db" "$MEDIFLUX" profile show
is "$RC:$OUT:$ERR" "1::mediflux: $W/ok/f644.db-journal: refused as the user database's journal: mode 0666 lets group or others in; make it yours alone with 'chmod 600 $W/ok/f644.db-journal' (what it holds may have been read)" \
    "C's own -journal open to others: refused"
rm -f "$W/ok/f644.db-journal"
# The default place: a data directory left open by an old version is mediflux's own to tighten.
mkdir -p "$HC/xdg/mediflux"
chmod 755 "$HC/xdg/mediflux"
[ $two_users = yes ] && chown -R "$UC:" "$HC/xdg"
as_user "$C" "$MEDIFLUX" profile show --json
is "$RC:$OUT:$ERR:$(stat -c %a "$HC/xdg/mediflux" "$HC/xdg/mediflux/user.db" | tr '\n' ' ')" \
    "0:{}::700 600 " "the default data directory is tightened to 0700, the new file is 0600"

# --- Another user's files. ------------------------------------------------------------------

# The number of cases below, skipped as one each without a second user.
O_CASES=29
if [ $two_users = yes ]; then
	HO="$TEST_TMP/home-$UO"
	mkdir -p "$HO/open" "$HO/xdg/mediflux" "$HO/own"
	chmod 755 "$HO"
	chmod 700 "$HO/own"
	chmod 777 "$HO/open" "$HO/xdg/mediflux"
	# O's traps: an empty file and a user database of O's, both 0666, in O's open directory.
	: > "$HO/open/empty.db"
	chown -R "$UO:" "$HO"
	runuser -u "$UO" -- env -i PATH="$PATH" top_srcdir="$top_srcdir" \
	    top_builddir="$top_builddir" VALGRIND_LOG_DIR="$VGLOGS" \
	    MEDIFLUX_TEST_NAME="$MEDIFLUX_TEST_NAME" \
	    "$MEDIFLUX" --db "$REFDB" --user-db "$HO/own/user.db" profile set mutuelle.coverage 150 \
	    >/dev/null
	runuser -u "$UO" -- sqlite3 "$HO/own/user.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$HO/own/user.db-wal" "$HO/own/user.db-shm"
	cp "$HO/own/user.db" "$HO/open/user.db"
	cp "$HO/own/user.db" "$HO/xdg/mediflux/user.db"
	chown "$UO:" "$HO/open/user.db" "$HO/xdg/mediflux/user.db"
	chmod 666 "$HO/open/empty.db" "$HO/open/user.db" "$HO/xdg/mediflux/user.db"

	refused "O's empty file in O's 0777 directory" "$HO/open/empty.db" \
	    "$HO/open: refused as the user database's directory: owned by uid $uid_o, mode 0777, not by you (uid $uid_c)" \
	    env option
	refused "O's user database in O's 0777 directory" "$HO/open/user.db" \
	    "$HO/open: refused as the user database's directory: owned by uid $uid_o, mode 0777, not by you (uid $uid_c)" \
	    env option

	# O's files found in C's own private directory (planted, or left by a chown).
	P="$HC/private"
	mkdir -p "$P"
	chown "$UC:" "$P"
	chmod 700 "$P"
	: > "$P/empty.db"
	cp "$HO/own/user.db" "$P/user.db"
	chown "$UO:" "$P/empty.db" "$P/user.db"
	chmod 666 "$P/empty.db" "$P/user.db"
	refused "O's empty file in C's directory" "$P/empty.db" \
	    "$P/empty.db: refused as user database: owned by uid $uid_o, mode 0666, not by you (uid $uid_c)" \
	    env
	refused "O's user database in C's directory" "$P/user.db" \
	    "$P/user.db: refused as user database: owned by uid $uid_o, mode 0666, not by you (uid $uid_c)" \
	    env
	# A link in C's directory to O's file.
	ln -s "$HO/open/empty.db" "$P/link.db"
	chown -h "$UC:" "$P/link.db"
	refused "a link to O's file" "$P/link.db" \
	    "$P/link.db: refused as user database: a symbolic link (name the file itself)" \
	    env option
	is "$(sum_of "$HO/open/empty.db")" "$(sum_of /dev/null)" "O's file behind the link is still empty"
	# O's -wal (empty, 0666) beside C's own database: SQLite would write C's pages into it.
	as_user "$C" MEDIFLUX_USER_DB="$P/mine.db" "$MEDIFLUX" profile show
	: > "$P/mine.db-wal"
	chown "$UO:" "$P/mine.db-wal"
	chmod 666 "$P/mine.db-wal"
	refused "O's -wal beside C's database" "$P/mine.db" \
	    "$P/mine.db-wal: refused as the user database's journal: owned by uid $uid_o, mode 0666, not by you (uid $uid_c)"
	is "$(stat -c %s "$P/mine.db-wal")" 0 "O's -wal is still empty"
	rm -f "$P/mine.db-wal"
	# XDG_DATA_HOME pointing into O's home: O's directory is not tightened, nor used.
	refused "O's data directory by XDG_DATA_HOME" "$HO/xdg/mediflux/user.db" \
	    "$HO/xdg/mediflux: refused as the user database's directory: owned by uid $uid_o, mode 0777, not by you (uid $uid_c)" \
	    xdg
	is "$(stat -c %a:%U "$HO/xdg/mediflux")" "777:$UO" "O's data directory keeps its mode and owner"
	# restore --user into O's file.
	as_user "$C" MEDIFLUX_USER_DB="$P/mine.db" "$MEDIFLUX" profile set mutuelle.name "$MUT"
	as_user "$C" MEDIFLUX_USER_DB="$P/mine.db" "$MEDIFLUX" backup --user "$P/backup.db"
	before=$(sum_of "$P/user.db")
	as_user "$C" MEDIFLUX_USER_DB="$P/user.db" "$MEDIFLUX" restore --user "$P/backup.db"
	is "$RC:$ERR" "1:mediflux: $P/user.db: refused as user database: owned by uid $uid_o, mode 0666, not by you (uid $uid_c)" \
	    "restore --user into O's file: refused, saying why"
	is "$(sum_of "$P/user.db"):$(beside "$P/user.db")" "$before:" "O's file is byte-identical"

	# None of C's data in any file of O's.
	found=$(find "$TEST_TMP" -user "$UO" -type f -exec grep -l "Quetzal" {} + 2>/dev/null)
	is "$found" "" "no file of O's holds C's data"
else
	for c in $(seq $O_CASES); do
		skip "another user's file, case $c: $why"
	done
fi

done_testing
