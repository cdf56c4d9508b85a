# SPDX-License-Identifier: ISC
# make install / uninstall DESTDIR=... from this build tree (issue 7): exact paths and
# modes, the shared directory 2775 with its database and lock 0664, the admin's steps
# when the group is missing, a group given when it exists (as root, with a throwaway
# group), a re-install that keeps an admin's database and modes byte for byte, an
# uninstall that leaves the shared data (but takes back an untouched sample), and the
# installed program naming the directory.
. "$top_srcdir/tests/lib.sh"

MAKE_CMD=${MAKE_FOR_TESTS:-make}
GROUP_MADE=""
install_cleanup() {
	[ -n "$GROUP_MADE" ] && groupdel "$GROUP_MADE" 2>/dev/null
	tap_cleanup
}
trap install_cleanup EXIT
trap 'exit 1' HUP INT TERM

# inner_make ARG...: make in the build tree, clean of the outer make's job server;
# its output in MOUT, its status in MRC.
inner_make() {
	MOUT=$(cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    $MAKE_CMD "$@" 2>&1)
	MRC=$?
}

# (make check has built everything first, so the inner make install builds nothing.)

# modes PATH...: "mode path" per line, paths relative to the DESTDIR D.
modes() {
	for _p in "$@"; do
		printf '%s %s\n' "$(stat -c %A "$D$_p")" "$_p"
	done
}
# files_under: every file and link under D, sorted.
files_under() {
	(cd "$D" && find . ! -type d | sed 's|^\.||' | sort)
}

SH=$shareddbdir
SDB=$SH/mediflux.db
NOGROUP="mfxnogroup$$"

# --- A first install, the group missing. ---------------------------------------
D="$TEST_TMP/dest1"
inner_make install DESTDIR="$D" SHARED_GROUP="$NOGROUP"
is "$MRC" 0 "make install DESTDIR=... succeeds without the group"
[ "$MRC" -eq 0 ] || printf '%s\n' "$MOUT" | tail -20 | sed 's/^/# /'
UNITS="$systemdsystemunitdir"
is "$(files_under)" "$(printf '%s\n' "$bindir/mediflux" "$mandir/man1/mediflux.1" \
    "$mandir/fr/man1/mediflux.1" "$pkgdatadir/mediflux.db" "$pkgdatadir/sources.json" "$SDB" "$SDB.lock" \
    "$pkgdatadir/rules/medicines.csv" "$localedir/fr/LC_MESSAGES/mediflux.mo" \
    "$UNITS/mediflux-update.service" "$UNITS/mediflux-update.timer" | sort)" \
    "exactly the program, the man page and its French, the bundled and the shared database, its lock, the catalogue, the cost rules, the French translation, the update service and timer"
is "$(modes "$pkgdatadir/sources.json" "$pkgdatadir/rules/medicines.csv" "$UNITS/mediflux-update.service" "$UNITS/mediflux-update.timer")" \
    "-rw-r--r-- $pkgdatadir/sources.json
-rw-r--r-- $pkgdatadir/rules/medicines.csv
-rw-r--r-- $UNITS/mediflux-update.service
-rw-r--r-- $UNITS/mediflux-update.timer" "the catalogue, the cost rules and the units are 0644"
is "$(grep -E '^(User|Group|ExecStart|ReadWritePaths)=' "$D$UNITS/mediflux-update.service")" \
    "User=mediflux
Group=$SHARED_GROUP
ExecStart=$bindir/mediflux update --shared --quiet
ReadWritePaths=$SH" "the service runs the installed mediflux update --shared in the group"
is "$(grep -E '^(OnCalendar|Persistent)=' "$D$UNITS/mediflux-update.timer")" "OnCalendar=monthly
Persistent=true" "the timer is monthly, catching up a missed run"
ok "nothing enables the timer" test -z "$(find "$D" -name '*.wants' -o -type l)"
if [ -e "$D$pkgdatadir/sources.json" ]; then
	cmp -s "$D$pkgdatadir/sources.json" "$top_srcdir/data/sources.json"
	is "$?" 0 "the installed catalogue is data/sources.json"
fi
cmp -s "$D$mandir/fr/man1/mediflux.1" "$top_srcdir/man/fr/mediflux.1"
is "$?" 0 "the French page installed is man/fr/mediflux.1"
if command -v man >/dev/null 2>&1; then
	is "$(MANPATH="$D$mandir" man -L fr -w mediflux 2>&1)|$(MANPATH="$D$mandir" man -L en -w mediflux 2>&1)" \
	    "$D$mandir/fr/man1/mediflux.1|$D$mandir/man1/mediflux.1" \
	    "man -L fr finds the French page, man -L en the English one"
else
	skip "man is not installed (Debian package man-db)"
fi
is "$(modes "$bindir/mediflux" "$pkgdatadir/mediflux.db" "$SH" "$SDB" "$SDB.lock")" \
    "-rwxr-xr-x $bindir/mediflux
-rw-r--r-- $pkgdatadir/mediflux.db
drwxrwsr-x $SH
-rw-rw-r-- $SDB
-rw-rw-r-- $SDB.lock" "modes: the shared directory 2775 (setgid), its database and lock 0664"
is "$(sha256sum < "$D$SDB")" "$(sha256sum < "$REFDB")" "the shared database is the bundled one"
is "$(sha256sum < "$D$pkgdatadir/mediflux.db")" "$(sha256sum < "$REFDB")" \
    "and so is the installed bundled database"
is "$(stat -c %s "$D$SDB.lock")" 0 "the lock file is empty"
contains "$MOUT" "mediflux: group $NOGROUP does not exist: no one can import into
  the shared database yet. On the final system, as root, once:
    groupadd --system $NOGROUP
    chgrp -R $NOGROUP $SH
    usermod -aG $NOGROUP ADMIN    (each admin, who then logs in again)" \
    "the admin's one-time steps, naming the final directory"
case $MOUT in
*"$D$SH exists"*) ok "a new directory is not reported as existing" false ;;
*) ok "a new directory is not reported as existing" true ;;
esac

# The installed program, away from the build tree, names the shared directory.
OUT=$("$D$bindir/mediflux" --version)
is "$?:$(printf '%s\n' "$OUT" | tail -1)" "0:shared database directory: $SH" \
    "the installed program's --version names the shared directory"

# --- The admin has imported, and chosen stricter modes; a re-install keeps it all. ---
sqlite3 "$D$SDB" "DELETE FROM establishment WHERE rowid IN (SELECT rowid FROM establishment LIMIT 3)"
chmod 2770 "$D$SH"
chmod 0660 "$D$SDB"
rm -f "$D$SDB.lock"
before=$(sha256sum < "$D$SDB")
ok "the shared database now differs from the bundled one" \
    test "$before" != "$(sha256sum < "$REFDB")"
inner_make install DESTDIR="$D" SHARED_GROUP="$NOGROUP"
is "$MRC" 0 "a second make install over it succeeds"
is "$(sha256sum < "$D$SDB")" "$before" "the admin's shared database is byte-identical"
is "$(modes "$SH" "$SDB" "$SDB.lock")" "drwxrws--- $SH
-rw-rw---- $SDB
-rw-rw-r-- $SDB.lock" "its directory and database keep their modes; a missing lock comes back 0664"
contains "$MOUT" "mediflux: $D$SH/mediflux.db exists: kept as it is (never overwritten)" \
    "the install says the database was kept"
contains "$MOUT" "mediflux: $D$SH exists: its mode and group are left as they are" \
    "and that the directory was left as it is"

# --- Uninstall: the program goes, the shared data stays. --------------------------
inner_make uninstall DESTDIR="$D"
is "$MRC" 0 "make uninstall DESTDIR=... succeeds"
is "$(files_under)" "$(printf '%s\n' "$SDB" "$SDB.lock" | sort)" \
    "only the shared database and its lock are left"
is "$(sha256sum < "$D$SDB")" "$before" "the shared database is byte-identical"
contains "$MOUT" "mediflux: $D$SH (the shared database) is left in place; remove it by hand if no one needs it any more" \
    "uninstall says it leaves the shared data"

# --- With the group: as root, a throwaway one. -----------------------------------
why=""
if [ "$(id -u)" -ne 0 ]; then
	why="not root: cannot create a group"
elif ! command -v groupadd >/dev/null 2>&1 || ! command -v groupdel >/dev/null 2>&1; then
	why="groupadd or groupdel missing (package passwd)"
elif ! groupadd "mfxg$$" 2>"$TEST_TMP/err"; then
	why="groupadd failed: $(head -1 "$TEST_TMP/err")"
else
	GROUP_MADE="mfxg$$"
fi
if [ -n "$why" ]; then
	for i in 1 2 3 4 5 6; do skip "$why"; done
else
	D="$TEST_TMP/dest2"
	inner_make install DESTDIR="$D" SHARED_GROUP="$GROUP_MADE"
	is "$MRC" 0 "make install with the group existing succeeds"
	is "$(stat -c '%A %G' "$D$SH" "$D$SDB" "$D$SDB.lock" | tr '\n' ' ')" \
	    "drwxrwsr-x $GROUP_MADE -rw-rw-r-- $GROUP_MADE -rw-rw-r-- $GROUP_MADE " \
	    "directory 2775, database and lock 0664, all in the group"
	case $MOUT in
	*"does not exist"*|*warning*) ok "no steps or warning printed" false ;;
	*) ok "no steps or warning printed" true ;;
	esac
	# A file the admin's import makes there gets the group by the setgid bit.
	touch "$D$SH/new"
	is "$(stat -c %G "$D$SH/new")" "$GROUP_MADE" "a new file in the directory gets the group"
	rm -f "$D$SH/new"
	inner_make uninstall DESTDIR="$D"
	is "$MRC:$(files_under)" "0:" \
	    "uninstall takes back the sample it installed, never imported into, and its lock"
	ok "and the directory, then empty" test ! -e "$D$SH"
fi

# --- A group we may not give files to: a warning, not a failure (not as root). -------
if [ "$(id -u)" -eq 0 ]; then
	skip "root may give any group"
	skip "root may give any group"
elif id -Gn | tr ' ' '\n' | grep -qx root; then
	skip "this user is in group root"
	skip "this user is in group root"
else
	D="$TEST_TMP/dest3"
	inner_make install DESTDIR="$D" SHARED_GROUP=root
	is "$MRC" 0 "make install as a user outside the group still succeeds"
	contains "$MOUT" "mediflux: warning: cannot give $D$SH to group root; on the final system, as root: chgrp -R root $SH" \
	    "warning with what root has to do"
fi

done_testing
