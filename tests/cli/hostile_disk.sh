# SPDX-License-Identifier: ISC
# Hostile databases and disks: a reference or user database that is not SQLite
# (random bytes, text, empty, truncated), another program's SQLite file, a newer
# schema, another application_id; a read-only directory or file; a full disk
# (a small tmpfs). Import, browsing and the user commands exit 1 with a clear
# message naming the file, and every file stays byte-identical.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/hostile_lib.sh"

OM="$FIX/openmedic/OPEN_MEDIC_2022.CSV"
D="$TEST_TMP/dbs"
mkdir "$D"
REF_VERSION=$(q "$REFDB" "PRAGMA user_version")

# --- Reference databases that are not ours. -------------------------------------------------
head -c 8192 /dev/urandom > "$D/random.db"
printf 'SQLite format 2? no: just some text\n' > "$D/text.db"
: > "$D/empty.db"
head -c 3000 "$GEO" > "$D/truncated.db"
sqlite3 "$D/other-program.db" "CREATE TABLE notes (x); INSERT INTO notes VALUES ('keep me')"
cp "$GEO" "$D/newer.db"
sqlite3 "$D/newer.db" "PRAGMA user_version = 99"
cp "$GEO" "$D/foreign.db"
sqlite3 "$D/foreign.db" "PRAGMA application_id = 1234"
mkdir "$D/directory.db"

for c in "random.db:not an SQLite database" "text.db:not an SQLite database" \
    "empty.db:not an SQLite database" "truncated.db:database disk image is malformed" \
    "other-program.db:not a mediflux database (application_id 0)" \
    "newer.db:reference database of schema version 99, newer than this mediflux knows ($REF_VERSION): upgrade mediflux" \
    "foreign.db:not a mediflux database (application_id 1234)" \
    "directory.db:not a regular file"; do
	f=$D/${c%%:*}
	want="$f: ${c#*:}"
	if [ -f "$f" ]; then
		refused "import into $(basename "$f")" "$want" "$f" "$OM"
	else
		HOSTILE_INPUTS=$((HOSTILE_INPUTS + 1))
		import_into "$f" --quiet "$OM"
		is "$RC:$ERR" "1:mediflux: $want" "import into $(basename "$f"): exit 1, the message"
	fi
	before=$(if [ -d "$f" ]; then ls -A "$f"; else sum_of "$f"; fi)
	run --db "$f" search Lyon
	is "$RC:$ERR" "1:mediflux: $want" "search in $(basename "$f"): exit 1, the message"
	run --db "$f" health
	is "$RC" 1 "health of $(basename "$f"): exit 1"
	contains "$OUT" "  error: $want" "health of $(basename "$f"): the message"
	is "$(if [ -d "$f" ]; then ls -A "$f"; else sum_of "$f"; fi)" "$before" \
	    "$(basename "$f") is byte-identical after search and health"
done

# --- User databases that are not ours (MEDIFLUX_USER_DB): refused, never migrated. ------------
export MEDIFLUX_DB="$REFDB"
chmod 700 "$D"
MEDIFLUX_USER_DB="$D/fresh-user.db" "$MEDIFLUX" history >/dev/null
USER_VERSION=$(q "$D/fresh-user.db" "PRAGMA user_version")
cp "$D/fresh-user.db" "$D/newer-user.db"
sqlite3 "$D/newer-user.db" "PRAGMA user_version = 99"
cp "$D/random.db" "$D/random-user.db"
cp "$D/text.db" "$D/text-user.db"
head -c 3000 "$D/fresh-user.db" > "$D/truncated-user.db"
cp "$D/other-program.db" "$D/other-program-user.db"
cp "$D/foreign.db" "$D/foreign-user.db"
cp "$GEO" "$D/reference-user.db"
# Private, as a user database must be (privacy_owner.sh): what is refused here is the content.
chmod 600 "$D"/*-user.db
for c in "random-user.db:file is not a database" "text-user.db:file is not a database" \
    "truncated-user.db:database disk image is malformed" \
    "other-program-user.db:not a mediflux user database (application_id 0, with another program's tables)" \
    "foreign-user.db:not a mediflux user database (application_id 1234)" \
    "reference-user.db:not a mediflux user database (application_id 1296455762)" \
    "newer-user.db:user database of schema version 99, newer than this mediflux knows ($USER_VERSION): upgrade mediflux"; do
	f=$D/${c%%:*}
	HOSTILE_INPUTS=$((HOSTILE_INPUTS + 1))
	before=$(sum_of "$f")
	for cmd in "profile show" "history" "profile set location Lyon" "history clear"; do
		# shellcheck disable=SC2086
		MEDIFLUX_USER_DB=$f run $cmd
		is "$RC:$ERR" "1:mediflux: $f: ${c#*:}" "$cmd with $(basename "$f"): exit 1, the message"
	done
	is "$(sum_of "$f")" "$before" "$(basename "$f") is byte-identical"
	is "$(ls -A "$D" | grep -c "^$(basename "$f")-")" 0 "and no journal is left beside it"
done
# An empty file holds nothing to lose: it becomes a new user database.
: > "$D/empty-user.db"
chmod 600 "$D/empty-user.db"
MEDIFLUX_USER_DB="$D/empty-user.db" run profile show
is "$RC" 0 "an empty user database file is taken as a new one"
is "$(q "$D/empty-user.db" "PRAGMA application_id")" 1296455765 "and marked as ours"
unset MEDIFLUX_DB

# --- Read-only directory, read-only file. ------------------------------------------------------
# Root writes through permissions: as root, the imports run as nobody.
RO="$TEST_TMP/ro"
mkdir "$RO" "$RO/dir"
import_into "$RO/dir/ref.db" --quiet "$FIX/openmedic/OPEN_MEDIC_2016.CSV"
is "$RC" 0 "a database to protect"
cp "$OM" "$RO/"
HOSTILE_AS=
skip_ro=
if [ "$(id -u)" = 0 ]; then
	HOSTILE_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 "$TEST_TMP" "$RO"
	chmod 644 "$RO/OPEN_MEDIC_2022.CSV"
	# shellcheck disable=SC2086
	if ! $HOSTILE_AS test -x "$MEDIFLUX" || ! $HOSTILE_AS test -r "$GEO"; then
		skip_ro="nobody cannot run $MEDIFLUX or read $GEO"
	fi
fi
if [ -n "$skip_ro" ]; then
	for i in 1 2 3; do
		tap_count=$((tap_count + 1))
		echo "ok $tap_count # SKIP read-only cases: $skip_ro"
	done
else
	# The lock file is the first thing an import writes.
	chmod 555 "$RO/dir"
	refused "a read-only directory (its lock file not ours)" \
	    "$RO/dir/ref.db.lock: Permission denied" "$RO/dir/ref.db" "$RO/OPEN_MEDIC_2022.CSV"
	chmod 666 "$RO/dir/ref.db.lock"
	refused "a read-only directory" \
	    "cannot write beside $RO/dir/ref.db: Permission denied" "$RO/dir/ref.db" "$RO/OPEN_MEDIC_2022.CSV"
	chmod 777 "$RO/dir"
	chmod 444 "$RO/dir/ref.db"
	refused "a read-only database file" \
	    "$RO/dir/ref.db: attempt to write a readonly database" "$RO/dir/ref.db" "$RO/OPEN_MEDIC_2022.CSV"
	chmod 755 "$RO/dir"
fi
HOSTILE_AS=
chmod 700 "$TEST_TMP"

# --- A full disk: the target on a tmpfs with room for it and its copy, not for new data. ----------
FULL="$TEST_TMP/full"
mkdir "$FULL"
import_into "$TEST_TMP/full.db" --quiet "$OM"
size_k=$(( $(wc -c < "$TEST_TMP/full.db") * 2 / 1024 + 1024 ))
# A private mount namespace: the mount goes with the process, whatever happens.
if [ "$(id -u)" = 0 ]; then ns="unshare -m"; else ns="unshare -rm"; fi
# shellcheck disable=SC2086
if $ns sh -c 'mount -t tmpfs -o size=1m mediflux-test "$1"' sh "$FULL" 2>/dev/null; then
	HOSTILE_INPUTS=$((HOSTILE_INPUTS + 1))
	# shellcheck disable=SC2086
	$ns sh -s "$size_k" "$FULL" "$TEST_TMP" "$MEDIFLUX" "$GEO" \
	    "$top_builddir/data/sample/OPEN_MEDIC_2024.zip" > "$TEST_TMP/full.out" <<'SH'
mount -t tmpfs -o size="$1"k mediflux-test "$2" || exit 1
cp "$3/full.db" "$2/ref.db"
sha256sum < "$2/ref.db"
python3 "$3/measure.py" "$3/m.out" "$3/m.err" "$3/m.rss" "$4" import --db "$2/ref.db" \
    --geography "$5" --quiet "$6"
echo "rc $?"
sha256sum < "$2/ref.db"
ls -A "$2" | tr '\n' ' '
echo
SH
	before=$(sed -n 1p "$TEST_TMP/full.out")
	is "$(sed -n 2p "$TEST_TMP/full.out")" "rc 1" "an import onto a full disk (${size_k} KiB tmpfs): exit 1"
	# The table being written when the disk filled comes before the reason,
	# unless it filled at the commit.
	is "$(sed 's/beside it: [a-z_]*: database/beside it: database/' "$TEST_TMP/m.err")" \
	    "mediflux: $FULL/ref.db: writing the new database beside it: database or disk is full" \
	    "naming the database it could not write"
	is "$(sed -n 3p "$TEST_TMP/full.out")" "$before" "which is byte-identical"
	is "$(sed -n 4p "$TEST_TMP/full.out")" "ref.db ref.db.lock " "and no temporary file is left"
	PEAK_KB=$(cat "$TEST_TMP/m.rss")
	bounded "the import onto a full disk"
else
	for i in 1 2 3 4 5; do
		tap_count=$((tap_count + 1))
		echo "ok $tap_count # SKIP full disk: mounting a tmpfs is not permitted here (the file size limit case is in import_safety.sh)"
	done
fi

report_inputs
done_testing
