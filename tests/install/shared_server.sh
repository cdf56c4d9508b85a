# SPDX-License-Identifier: ISC
# make installcheck (issue 7): the installed program on a shared server, with real
# Unix users. As root, two admins in group $SHARED_GROUP and a reader outside it are
# made (and removed at exit, with the group if this test made it): an admin imports
# into the shared database and every user browses it; the reader cannot import into
# it (exit 1, a clear message, not a byte changed), but their own import goes to
# their XDG database, which then comes first for them only; a second admin takes
# the lock the first one made; rollback --shared. The shared directory is put back
# as it was at exit. Without root, or with DESTDIR, everything is skipped.
. "$top_srcdir/tests/lib.sh"

SH=$shareddbdir
SDB=$SH/mediflux.db
G=$SHARED_GROUP
FIXSRC="$top_srcdir/tests/fixtures/import"

why=""
if [ -n "${DESTDIR:-}" ]; then
	why="DESTDIR is set: the installed program looks in its final directories"
elif [ "$(id -u)" -ne 0 ]; then
	why="not root: cannot make Unix users and a group"
elif ! command -v useradd >/dev/null 2>&1 || ! command -v userdel >/dev/null 2>&1 ||
    ! command -v groupadd >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
	why="useradd, userdel, groupadd or runuser missing (packages passwd, util-linux)"
elif [ ! -x "$MEDIFLUX" ]; then
	why="$MEDIFLUX is not installed (make install first)"
elif [ ! -d "$SH" ] || [ ! -f "$SDB" ]; then
	why="$SDB is not installed (make install first)"
elif ! command -v sqlite3 >/dev/null 2>&1; then
	why="sqlite3 missing"
fi
if [ -n "$why" ]; then
	echo "1..0 # SKIP $why"
	exit 0
fi

# --- Set-up, undone at exit: the group, three users, the shared directory's state. ---
GROUP_MADE=""
USERS=""
BACKUP="$TEST_TMP/shared-backup"
server_cleanup() {
	if [ -d "$BACKUP" ]; then
		rm -rf "$SH"
		cp -a "$BACKUP" "$SH"
	fi
	for _u in $USERS; do
		userdel "$_u" 2>/dev/null
		getent group "$_u" >/dev/null 2>&1 && groupdel "$_u" 2>/dev/null
	done
	[ -n "$GROUP_MADE" ] && groupdel "$GROUP_MADE" 2>/dev/null
	tap_cleanup
}
trap server_cleanup EXIT
trap 'exit 1' HUP INT TERM

cp -a "$SH" "$BACKUP"
if ! getent group "$G" >/dev/null 2>&1; then
	groupadd --system "$G" || { echo "Bail out! groupadd $G failed"; exit 1; }
	GROUP_MADE=$G
	echo "# made group $G (the one-time step make install printed)"
fi
# What make install does with the group, or the admin's step after a later groupadd.
if [ "$(stat -c %G "$SH")" != "$G" ]; then
	chgrp -R "$G" "$SH"
	echo "# chgrp -R $G $SH (make install ran before the group existed)"
fi
A1="mfxadm1$$"
A2="mfxadm2$$"
R="mfxrdr$$"
for u in "$A1" "$A2" "$R"; do
	case $u in "$R") groups="" ;; *) groups="-G $G" ;; esac
	if ! useradd -M -d /nonexistent -s /usr/sbin/nologin $groups "$u"; then
		echo "Bail out! useradd $u failed"
		exit 1
	fi
	USERS="$USERS $u"
	mkdir -p "$TEST_TMP/home-$u"
	chown "$u:" "$TEST_TMP/home-$u"
done
chmod 755 "$TEST_TMP"
# The fixtures where the users can read them.
mkdir -p "$TEST_TMP/fix"
cp "$FIXSRC/finess/etalab-cs1100507-stock-20260512-0339.csv" \
    "$FIXSRC/finess/etalab-cs1100507-cp1252.csv" \
    "$FIXSRC/openmedic/OPEN_MEDIC_2022.CSV" "$FIXSRC/openmedic/OPEN_MEDIC_2016.CSV" \
    "$TEST_TMP/fix/"
chmod -R a+rX "$TEST_TMP/fix"
FIN="$TEST_TMP/fix/etalab-cs1100507-stock-20260512-0339.csv"
FIN2="$TEST_TMP/fix/etalab-cs1100507-cp1252.csv"
OM22="$TEST_TMP/fix/OPEN_MEDIC_2022.CSV"
OM16="$TEST_TMP/fix/OPEN_MEDIC_2016.CSV"

# as_user USER UMASK ARG...: the installed mediflux as USER with a clean environment,
# its own HOME and XDG_DATA_HOME; OUT, ERR and RC as with run.
as_user() {
	_u=$1
	_m=$2
	shift 2
	OUT=$(env -i PATH="$PATH" LANG=C.UTF-8 HOME="$TEST_TMP/home-$_u" \
	    XDG_DATA_HOME="$TEST_TMP/home-$_u/xdg" \
	    runuser -u "$_u" -- /bin/sh -c 'umask "$0" && exec "$@"' "$_m" "$MEDIFLUX" "$@" \
	    2>"$TEST_TMP/stderr" </dev/null)
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}
# ref USER: "path origin establishments" of the reference database USER browses.
ref() {
	as_user "$1" 022 health --json
	printf '%s' "$OUT" | json 'd["reference"]["path"] + " " + d["reference"]["origin"] + " " + str(d["reference"]["tables"].get("establishment"))'
}
q() {
	sqlite3 -batch -readonly "$1" "$2"
}
sum_of() {
	if [ -e "$1" ]; then sha256sum < "$1"; else echo absent; fi
}
# listing: the shared directory's entries, sorted, on one line.
listing() {
	ls -A "$SH" | sort | tr '\n' ' '
}

n0=$(q "$SDB" "SELECT count(*) FROM establishment")

# --- The installation. -------------------------------------------------------------
is "$(stat -c '%a %G' "$SH" "$SDB" | tr '\n' ' ')" "2775 $G 664 $G " \
    "installed: the shared directory 2775 and its database 0664, group $G"
as_user "$R" 022 --version
contains "$OUT" "shared database directory: $SH" "the installed program names the shared directory"
is "$(ref "$R")" "$SDB shared $n0" "the reader browses the shared database (origin shared)"
is "$(ref "$A1")" "$SDB shared $n0" "so does an admin"
as_user "$R" 022 hospital 010008407
is "$RC" 1 "FINESS 010008407 is not in it yet"

# --- An admin imports; the lock file the first admin makes is the group's. ---------
rm -f "$SDB.lock"
as_user "$A1" 022 import --shared --quiet "$FIN"
is "$RC:$ERR" "0:" "admin 1 (umask 022) imports a FINESS file into the shared database"
sum1=$(sum_of "$SDB")
is "$(stat -c '%a %U %G' "$SDB" "$SDB.lock" "$SDB.prev" | tr '\n' ' ')" \
    "664 $A1 $G 664 $A1 $G 664 root $G " \
    "the new version and the lock are 0664 in group $G whatever the umask; the old one is kept"
is "$(listing)" "mediflux.db mediflux.db.lock mediflux.db.prev " "nothing else is left in the directory"
is "$(ref "$R")" "$SDB shared 7" "the reader sees the new rows: the file's 7 establishments"
as_user "$R" 022 hospital 010008407 --json
is "$RC:$(printf '%s' "$OUT" | json 'd["finess"]')" "0:010008407" \
    "the reader finds an establishment only the imported file has"
as_user "$R" 022 search 75013
contains "$OUT" "750100125" "and searches it"
# The installed cost rules: ELIQUIS 5 mg at 65 %, 105,38 EUR, no mutuelle.
as_user "$R" 022 --db "$pkgdatadir/mediflux.db" drug 3400926784102 --date 2026-12-04 --json
is "$RC:$(printf '%s' "$OUT" | json 'd["presentations"][0]["cost"]["left_to_pay_cents"]')" "0:3788" \
    "drug reads the installed rules/medicines.csv: 37,88 EUR left on a box"

# --- The reader cannot write it. ---------------------------------------------------
before="$(sum_of "$SDB") $(sum_of "$SDB.prev") $(sum_of "$SDB.lock")"
as_user "$R" 000 import --shared "$FIN2"
is "$RC:$OUT" "1:" "the reader's import --shared: exit 1, nothing on stdout"
is "$ERR" "mediflux: $SH: Permission denied: importing into the shared database needs membership of group $G" \
    "saying why: the directory, Permission denied, group $G"
as_user "$R" 000 rollback --shared
is "$RC:$ERR" "1:mediflux: $SH: Permission denied: rolling back the shared database needs membership of group $G" \
    "the reader's rollback --shared is refused the same way"
is "$(sum_of "$SDB") $(sum_of "$SDB.prev") $(sum_of "$SDB.lock")" "$before" \
    "the shared database, its previous version and lock are byte-identical"
is "$(listing)" "mediflux.db mediflux.db.lock mediflux.db.prev " "and nothing was added beside them"

# --- The reader's own import goes to their XDG database, first for them only. -----
as_user "$R" 022 import --quiet "$OM22"
RDB="$TEST_TMP/home-$R/xdg/mediflux/mediflux.db"
is "$RC:$ERR" "0:" "the reader imports Open Medic 2022 without --shared (geography from the installed bundled database)"
is "$(stat -c '%a %U' "$(dirname "$RDB")" "$RDB" | tr '\n' ' ')" "700 $R 644 $R " \
    "into their own database under XDG_DATA_HOME"
is "$(q "$RDB" "SELECT kind || ' ' || year FROM dataset WHERE kind NOT LIKE 'insee%'")" \
    "openmedic 2022" "holding their import only (the geography and Open Medic 2022)"
is "$(ref "$R")" "$RDB user data directory 0" "which the reader now browses instead of the shared one"
as_user "$R" 022 hospital 010008407
is "$RC" 1 "so the shared rows are not theirs to see any more"
is "$(ref "$A1")" "$SDB shared 7" "admin 1 still browses the shared database"
is "$(sum_of "$SDB")" "$sum1" "which the reader's import did not touch"

# --- A second admin, another umask, takes the lock admin 1 made. --------------------
as_user "$A2" 077 import --shared --quiet "$OM16"
is "$RC:$ERR" "0:" "admin 2 (umask 077) imports Open Medic 2016 into the shared database"
sum2=$(sum_of "$SDB")
is "$(stat -c '%a %U %G' "$SDB" "$SDB.lock" | tr '\n' ' ')" "664 $A2 $G 664 $A1 $G " \
    "the new version is 0664 in group $G; the lock is still admin 1's"
is "$(sum_of "$SDB.prev")" "$sum1" "admin 1's version is kept as the previous one"
is "$(q "$SDB" "SELECT group_concat(kind || ' ' || year, ', ') FROM (SELECT kind, year FROM dataset WHERE NOT sample AND kind NOT LIKE 'insee%' ORDER BY kind, year)")" \
    "finess 2026, openmedic 2016" "the shared database holds both admins' imports"

# --- Rollback, by the other admin, through a lock an older mediflux made 0644. -------
chown "$A2" "$SDB.lock"
chmod 644 "$SDB.lock"
as_user "$A1" 022 rollback --shared
is "$RC:$ERR" "0:" "admin 1 rolls the shared database back (the lock admin 2's, 0644)"
contains "$OUT" "$SDB is back to the version before the last import" "saying which database"
is "$(sum_of "$SDB") $(sum_of "$SDB.prev")" "$sum1 $sum2" "to admin 1's version, admin 2's kept as the previous"
as_user "$A1" 022 health --json
is "$RC:$(printf '%s' "$OUT" | json 'd["reference"]["origin"], d["reference"]["mode"], d["shared"]["present"], d["ok"]')" \
    "0:shared 0664 True True" "health: origin shared, mode 0664, passes"
as_user "$A2" 022 rollback --shared
is "$RC:$(sum_of "$SDB")" "0:$sum2" "admin 2's rollback --shared swaps back"
is "$(listing)" "mediflux.db mediflux.db.lock mediflux.db.prev " "no temporary file is left"
is "$(stat -c '%a %G' "$SH")" "2775 $G" "the directory keeps mode 2775 and group $G"

# --- A shared database started afresh by an admin: the group's too. ------------------
rm -f "$SDB" "$SDB.prev" "$SDB.lock"
as_user "$A2" 077 import --shared --quiet "$OM16"
is "$RC:$ERR" "0:" "admin 2 (umask 077) starts a new shared database (geography from the installed one)"
is "$(stat -c '%a %G' "$SDB" "$SDB.lock" | tr '\n' ' ')" "664 $G 664 $G " \
    "it and its lock are 0664 in group $G, so that admin 1 can take over"
as_user "$A1" 022 import --shared --quiet "$FIN"
is "$RC:$ERR:$(ref "$R")" "0::$RDB user data directory 0" \
    "admin 1 imports into it; the reader still browses their own"
is "$(ref "$A2")" "$SDB shared 7" "admin 2 browses it"

done_testing
