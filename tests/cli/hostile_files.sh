# SPDX-License-Identifier: ISC
# Hostile files and paths (issue 15, points 1, 5 and 8): a reference database left
# in WAL mode by another program (a writer that died, one still running), special
# files (devices, FIFOs, directories) wherever a path is taken, symbolic links to
# a database, a full disk. Nothing runs forever (every command under timeout),
# nothing is left beside a database, reads after a switch see the new file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/hostile_lib.sh"

OM16="$FIX/openmedic/OPEN_MEDIC_2016.CSV"
OM22="$FIX/openmedic/OPEN_MEDIC_2022.CSV"
# Every command is bounded: a regression to "blocks" or "runs forever" fails.
T="timeout -k 5 60"
W="$TEST_TMP/w"
mkdir "$W"

# trun ARG...: run under timeout (OUT, ERR, RC as with run; RC 124 on timeout).
trun() {
	OUT=$($T "$MEDIFLUX" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}

# timport DB ARG...: import into DB under timeout.
timport() {
	_db=$1
	shift
	trun import --db "$_db" --geography "$GEO" --quiet "$@"
}

# leftovers DB: the -wal, -shm and -journal files beside DB (empty when none).
leftovers() {
	for _s in -wal -shm -journal; do
		if [ -e "$1$_s" ]; then printf '%s ' "$(basename "$1")$_s"; fi
	done
}

# years DB: the Open Medic years DB holds, one line.
years() {
	q "$1" "SELECT group_concat(year, ' ') FROM (SELECT year FROM dataset
	    WHERE kind = 'openmedic' ORDER BY year)"
}

# reads_clean WHAT DB: search and health read DB without error, health is clean.
reads_clean() {
	trun --db "$2" search Lyon
	is "$RC" 0 "$1: search reads it"
	trun --db "$2" health
	is "$RC" 0 "$1: health exits 0"
	ok "$1: health reports no error" sh -c '! printf "%s" "$1" | grep -q "error"' sh "$OUT"
	is "$(q "$2" "PRAGMA quick_check")" ok "$1: quick_check ok"
}

# wal_dead DB SQL: DB put in WAL mode by another program that ran SQL, then was
# killed (kill -9): its committed frames stay in DB-wal, never checkpointed.
wal_dead() {
	python3 - "$1" "$2" <<'PY'
import os, signal, sqlite3, sys
# The child dies; the parent waits, so that no shell reports the kill.
pid = os.fork()
if pid == 0:
    c = sqlite3.connect(sys.argv[1], isolation_level=None)
    c.execute("PRAGMA journal_mode = WAL")
    c.execute("PRAGMA wal_autocheckpoint = 0")
    c.execute(sys.argv[2])
    os.kill(os.getpid(), signal.SIGKILL)
os.waitpid(pid, 0)
PY
}

# wal_live DB SQL: the same program, still running (its pid in WAL_PID) until
# wal_stop; it holds DB open in WAL mode with its frames not checkpointed.
wal_live() {
	rm -f "$TEST_TMP/ready"
	python3 - "$1" "$2" "$TEST_TMP/ready" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode = WAL")
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute(sys.argv[2])
open(sys.argv[3], "w").close()
time.sleep(120)
PY
	WAL_PID=$!
	wait_for_file "$TEST_TMP/ready" 10
}

wal_stop() {
	kill "$WAL_PID" 2>/dev/null
	wait "$WAL_PID" 2>/dev/null
}

# --- 1. A reference database in WAL mode. -----------------------------------------------------
# A writer that died: its frames are kept (checkpointed into the old version), the
# new file stands alone, every read sees it.
DB="$W/dead.db"
import_into "$DB" --quiet "$OM16"
is "$RC" 0 "a database to import into"
wal_dead "$DB" "UPDATE dataset SET imported_at = '2000-01-01T00:00:00Z' WHERE kind = 'openmedic'"
ok "the dead writer left its WAL with frames" test -s "$DB-wal"
timport "$DB" "$OM22"
is "$RC:$ERR" "0:" "import into a database a dead writer left in WAL mode: exit 0"
is "$(leftovers "$DB")" "" "no -wal or -shm is left beside the new file"
is "$(years "$DB")" "2016 2022" "reads see the new data"
is "$(q "$DB" "SELECT imported_at FROM dataset WHERE year = 2016")" "2000-01-01T00:00:00Z" \
    "and what the dead writer committed to its WAL was kept"
is "$(q "$DB" "PRAGMA journal_mode")" delete "the new file is in rollback-journal mode"
reads_clean "after an import over a dead writer's WAL" "$DB"
ok "the previous version has no WAL of its own either" test -z "$(leftovers "$DB.prev")"
is "$(q "$DB.prev" "SELECT imported_at FROM dataset WHERE kind = 'openmedic'")" "2000-01-01T00:00:00Z" \
    "the previous version holds the dead writer's change"

# Put in WAL mode by another tool, with nobody writing since (the sqlite3 shell).
DB="$W/tool.db"
import_into "$DB" --quiet "$OM16"
sqlite3 "$DB" "PRAGMA journal_mode = WAL" >/dev/null
timport "$DB" "$OM22"
is "$RC:$ERR" "0:" "import into a database the sqlite3 shell put in WAL mode: exit 0"
is "$(years "$DB"):$(leftovers "$DB")" "2016 2022:" "reads see the new data, nothing beside it"

# A writer still running: refused, naming the database; the database and its WAL
# are untouched; once the writer is gone, the import goes through.
DB="$W/live.db"
import_into "$DB" --quiet "$OM16"
wal_live "$DB" "UPDATE dataset SET imported_at = '2001-01-01T00:00:00Z' WHERE kind = 'openmedic'"
ok "the live writer holds its WAL" test -s "$DB-wal"
before="$(sum_of "$DB") $(sum_of "$DB-wal")"
timport "$DB" "$OM22"
is "$RC" 1 "import while another program writes the database in WAL mode: exit 1"
is "$ERR" "mediflux: $DB: another program has it open in WAL mode ($DB-wal): close that program, then try again" \
    "the message names the database and its WAL"
is "$(sum_of "$DB") $(sum_of "$DB-wal")" "$before" "the database and its WAL are byte-identical"
ok "no temporary file is left" no_temp_left "$DB"
is "$(q "$DB" "SELECT imported_at FROM dataset WHERE kind = 'openmedic'")" "2001-01-01T00:00:00Z" \
    "the writer's change is still readable"
trun --db "$DB" rollback
is "$RC:$ERR" "1:mediflux: $DB: another program has it open in WAL mode ($DB-wal): close that program, then try again" \
    "rollback is refused the same way"
trun --db "$DB" restore "$W/dead.db.prev"
is "$RC:$ERR" "1:mediflux: $DB: another program has it open in WAL mode ($DB-wal): close that program, then try again" \
    "restore is refused the same way"
wal_stop
timport "$DB" "$OM22"
is "$RC:$ERR" "0:" "once the writer is gone, the import goes through"
is "$(years "$DB"):$(leftovers "$DB")" "2016 2022:" "and reads see it, nothing beside it"
is "$(q "$DB" "SELECT imported_at FROM dataset WHERE year = 2016")" "2001-01-01T00:00:00Z" \
    "with the writer's change kept"
reads_clean "after the writer stopped" "$DB"

# The other commands that put a file in a database's place: restore, rollback, backup.
DB="$W/restore.db"
import_into "$DB" --quiet "$OM16"
wal_dead "$DB" "DELETE FROM commune WHERE code = '01001'"
trun --db "$DB" restore "$W/tool.db"
is "$RC" 0 "restore over a database a dead writer left in WAL mode: exit 0"
is "$(years "$DB"):$(leftovers "$DB")" "2016 2022:" "reads see the restored file, nothing beside it"
reads_clean "after restore" "$DB"

DB="$W/rollback.db"
import_into "$DB" --quiet "$OM16"
import_into "$DB" --quiet "$OM22"
wal_dead "$DB" "DELETE FROM commune WHERE code = '01001'"
trun --db "$DB" rollback
is "$RC" 0 "rollback of a database a dead writer left in WAL mode: exit 0"
is "$(years "$DB"):$(leftovers "$DB")" "2016:" "reads see the previous version, nothing beside it"
reads_clean "after rollback" "$DB"
trun --db "$DB" rollback
is "$RC:$(years "$DB"):$(q "$DB" "SELECT count(*) FROM commune WHERE code = '01001'")" "0:2016 2022:0" \
    "and rollback again returns to the import, with the dead writer's change"

DEST="$W/old-backup.db"
cp "$W/tool.db" "$DEST"
wal_dead "$DEST" "DELETE FROM commune"
trun --db "$W/restore.db" backup "$DEST"
is "$RC" 0 "backup over a file a dead writer left in WAL mode: exit 0"
is "$(years "$DEST"):$(leftovers "$DEST")" "2016 2022:" "reads see the backup, nothing beside it"
is "$(q "$DEST" "SELECT count(*) FROM commune")" "$(q "$W/restore.db" "SELECT count(*) FROM commune")" \
    "the backup is the database's copy"

# A -wal or -journal left beside a database that no longer exists belongs to nothing.
DB="$W/orphan.db"
import_into "$W/orphan-src.db" --quiet "$OM16"
cp "$W/orphan-src.db" "$DB"
wal_dead "$DB" "DELETE FROM commune"
rm "$DB"
timport "$DB" "$OM22"
is "$RC:$(years "$DB"):$(leftovers "$DB")" "0:2022:" \
    "import creating a database beside an orphaned WAL: the WAL goes"
reads_clean "a database created beside an orphaned WAL" "$DB"

# --- 5. Special files: refused at once, named, nothing created beside them. ---------------------
mkfifo "$W/fifo"
mkdir "$W/dir"
DB="$W/special.db"
import_into "$DB" --quiet "$OM16"
for f in /dev/zero /dev/urandom "$W/fifo" "$W/dir"; do
	before=$(sum_of "$DB")
	timport "$DB" "$f"
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "import $f: exit 1 at once, naming it"
	is "$(sum_of "$DB")" "$before" "import $f: the database is byte-identical"
	ok "import $f: no temporary file is left" no_temp_left "$DB"
done
# A special file after a good one: the good one is not kept either.
timport "$DB" "$OM22" "$W/fifo"
is "$RC:$ERR" "1:mediflux: $W/fifo: not a regular file" "a FIFO after a good file: exit 1"

# --db naming a device, a FIFO or a directory: nothing is created beside it. The
# device is one of our own (a copy of /dev/null's node), never /dev/null itself:
# a regression would replace it with a regular file for the whole machine.
specials="$W/fifo $W/dir"
if mknod "$W/null" c 1 3 2>/dev/null; then
	specials="$W/null $specials"
else
	tap_count=$((tap_count + 1))
	echo "ok $tap_count # SKIP a device as --db: mknod not permitted"
fi
for d in $specials; do
	lock_before=$(sum_of "$d.lock")
	# update is refused before it plans any download.
	for cmd in import rollback restore backup update; do
		case $cmd in
		import) timport "$d" "$OM16" ;;
		rollback) trun --db "$d" rollback ;;
		restore) trun --db "$d" restore "$W/tool.db" ;;
		backup) trun --db "$d" backup "$W/backup-of-special.db" ;;
		update) trun --db "$d" update ;;
		esac
		is "$RC:$ERR" "1:mediflux: $d: not a regular file" "$cmd --db $d: exit 1, naming it"
	done
	is "$(sum_of "$d.lock")" "$lock_before" "--db $d: no lock file is created beside it"
done
ok "the FIFO is still a FIFO" test -p "$W/fifo"
ok "the directory is still an empty directory" test -z "$(ls -A "$W/dir")"
ok "the device is still a device" sh -c '! [ -e "$1" ] || [ -c "$1" ]' sh "$W/null"

# backup to, restore from and profile import of special files.
for f in $specials; do
	trun --db "$W/tool.db" backup "$f"
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "backup to $f: exit 1, naming it"
	trun --db "$W/tool.db" restore "$f"
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "restore from $f: exit 1, naming it"
	MEDIFLUX_DB="$W/tool.db" trun profile import "$f"
	is "$RC" 1 "profile import $f: exit 1"
	contains "$ERR" "mediflux: $f: " "profile import $f: naming it"
	MEDIFLUX_DB="$W/tool.db" trun profile export "$f"
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "profile export to $f: exit 1, naming it"
	MEDIFLUX_DB="$W/tool.db" trun export --postgres "$f"
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "export to $f: exit 1, naming it"
	MEDIFLUX_USER_DB="$f" MEDIFLUX_DB="$W/tool.db" trun history
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "a user database that is $f: exit 1, naming it"
	trun consolidate -o "$W/cons.db" --geography "$GEO" "$f"
	is "$RC:$ERR" "1:mediflux: $f: not a regular file" "consolidate of $f: exit 1, naming it"
done
ok "the FIFO is still a FIFO after all that" test -p "$W/fifo"
ok "the device is still a device after all that" sh -c '! [ -e "$1" ] || [ -c "$1" ]' sh "$W/null"
ok "the directory is still empty" test -z "$(ls -A "$W/dir")"
ok "consolidate wrote nothing" test ! -e "$W/cons.db"
trun consolidate -o "$W/cons.db" --geography "$GEO" /dev/zero
is "$RC:$ERR" "1:mediflux: /dev/zero: not a regular file" "consolidate of /dev/zero: exit 1 at once"


# --- 8. Symbolic links to a database are followed: the file pointed to is updated. --------------
mkdir "$W/real" "$W/links"
import_into "$W/real/ref.db" --quiet "$OM16"
ln -s ../real/ref.db "$W/links/ref.db"
timport "$W/links/ref.db" "$OM22"
is "$RC:$ERR" "0:" "import into a symbolic link: exit 0"
ok "the link is still a link" test -L "$W/links/ref.db"
is "$(years "$W/real/ref.db")" "2016 2022" "the file it points to is updated"
ok "the previous version is kept beside the file" test -f "$W/real/ref.db.prev"
is "$(ls -A "$W/links")" "ref.db" "nothing is written beside the link"
trun --db "$W/links/ref.db" rollback
is "$RC:$(years "$W/real/ref.db")" "0:2016" "rollback through the link swaps the file pointed to"
ok "the link is still a link after rollback" test -L "$W/links/ref.db"
trun --db "$W/links/ref.db" restore "$W/tool.db"
is "$RC:$(years "$W/real/ref.db")" "0:2016 2022" "restore through the link replaces the file pointed to"
ok "the link is still a link after restore" test -L "$W/links/ref.db"
ln -s ../real/backup.db "$W/links/backup.db"
trun --db "$W/tool.db" backup "$W/links/backup.db"
is "$RC:$(years "$W/real/backup.db")" "0:2016 2022" "backup to a link writes the file pointed to"
ok "the backup link is still a link" test -L "$W/links/backup.db"
# A dangling link: the database is created where it points.
ln -s ../real/new.db "$W/links/new.db"
timport "$W/links/new.db" "$OM22"
is "$RC:$(years "$W/real/new.db")" "0:2022" "import into a dangling link creates the file it points to"
ok "and keeps the link" test -L "$W/links/new.db"
is "$(ls -A "$W/links" | tr '\n' ' ')" "backup.db new.db ref.db " "still nothing beside the links"
# A loop of links is refused, naming it.
ln -s loop2 "$W/links/loop1"
ln -s loop1 "$W/links/loop2"
timport "$W/links/loop1" "$OM22"
is "$RC:$ERR" "1:mediflux: $W/links/loop1: Too many levels of symbolic links" "a loop of links: exit 1, naming it"

# --- 8. A full disk: a failed import leaves no journal. ---------------------------------------
FULL="$TEST_TMP/full"
mkdir "$FULL"
import_into "$TEST_TMP/full.db" --quiet "$OM22"
db_k=$(( $(wc -c < "$TEST_TMP/full.db") / 1024 ))
if [ "$(id -u)" = 0 ]; then ns="unshare -m"; else ns="unshare -rm"; fi
# shellcheck disable=SC2086
if $ns sh -c 'mount -t tmpfs -o size=1m mediflux-test "$1"' sh "$FULL" 2>/dev/null; then
	# Room for the database and some of its copy, not all of it.
	for size_k in $((db_k + 1024)) $((db_k * 3 / 2)); do
		# shellcheck disable=SC2086
		$ns sh -s "$size_k" "$FULL" "$TEST_TMP" "$MEDIFLUX" "$GEO" "$OM16" \
		    > "$TEST_TMP/full.out" 2>&1 <<'SH'
mount -t tmpfs -o size="$1"k mediflux-test "$2" || exit 1
cp "$3/full.db" "$2/ref.db"
sha256sum < "$2/ref.db"
timeout -k 5 60 "$4" import --db "$2/ref.db" --geography "$5" --quiet "$6" 2>/dev/null
echo "rc $?"
sha256sum < "$2/ref.db"
ls -A "$2" | tr '\n' ' '
echo
SH
		is "$(sed -n 2p "$TEST_TMP/full.out")" "rc 1" "an import onto a full disk (${size_k} KiB): exit 1"
		is "$(sed -n 3p "$TEST_TMP/full.out")" "$(sed -n 1p "$TEST_TMP/full.out")" \
		    "the database is byte-identical (${size_k} KiB)"
		is "$(sed -n 4p "$TEST_TMP/full.out")" "ref.db ref.db.lock " \
		    "no journal or temporary file is left (${size_k} KiB)"
	done
else
	for i in 1 2 3 4 5 6; do
		tap_count=$((tap_count + 1))
		echo "ok $tap_count # SKIP full disk: mounting a tmpfs is not permitted here"
	done
fi

done_testing
