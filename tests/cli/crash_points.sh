# SPDX-License-Identifier: ISC
# Crash safety, point by point: mediflux import is killed with SIGKILL at the Nth
# read (spread over the input, both passes), the Nth pwrite64 (the new database being
# built), at every fsync/fdatasync, link, rename and unlink, and at
# seeded delays over one import's duration; each time the target opens, passes
# integrity_check and holds exactly the old bytes or exactly the new data. Then rollback is killed at its swap,
# with RENAME_EXCHANGE and without, and a command at each write, sync, truncation and
# unlink of its history entry in the user database (WAL and checkpoint). strace
# (package strace) delivers the signal at the chosen system call.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

# Killing a process at a system call tests what is on disk, not memory: the plain
# lane does it; under AddressSanitizer (.ci/run's second lane) it would take six
# minutes to say the same, the import paths it runs being those the other tests
# run whole under the sanitizer.
if [ "${MEDIFLUX_CI_LANE:-}" = asan ]; then
	echo "1..0 # SKIP crash points run in the plain lane, not under ASan"
	exit 0
fi

# How densely the kills are spread: every kind of point in every lane, the full
# sweep (22 reads, 14 writes, 12 delays an input) under make check-long.
if [ -n "${MEDIFLUX_TEST_LONG:-}" ]; then
	n_reads=22 n_writes=14 n_delays=12 min_points=80
else
	n_reads=8 n_writes=5 n_delays=4 min_points=40
fi

# fingerprint DB: one line per table (name, row count, hash of its sorted rows), the
# import time left out: two imports of the same files give the same fingerprint.
fingerprint() {
	python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                           " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"):
    cols = [r[1] for r in con.execute("PRAGMA table_info(\"%s\")" % name)
            if (name, r[1]) != ("dataset", "imported_at")]
    rows = sorted(repr(r) for r in con.execute(
        "SELECT %s FROM \"%s\"" % (", ".join('"%s"' % c for c in cols), name)))
    print(name, len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
PY
}

WORK="$TEST_TMP/db"
IN="$TEST_TMP/in"
mkdir -p "$WORK" "$IN"
DB="$WORK/ref.db"
OLD="$TEST_TMP/old.db"

# The old version: Open Medic 2022 (19 rows) alone, with no .prev beside it.
import_into "$DB" --quiet "$FIX/openmedic/OPEN_MEDIC_2022.CSV"
is "$RC" 0 "the old version: Open Medic 2022"
cp "$DB" "$OLD"
old_sum=$(sum_of "$OLD")

# The new data: 10 000 rows (2.4 MB, 37 blocks of 64 KiB) as a plain CSV and as a
# zip made with bsdtar; the zip stores the CSV uncompressed so that its reads, too,
# spread over megabytes.
csv="$IN/OPEN_MEDIC_2023.CSV"
om_rows "$csv" 10000
zip="$IN/OPEN_MEDIC_2023.zip"
bsdtar -a -cf "$zip" --options zip:compression=store -C "$IN" OPEN_MEDIC_2023.CSV

# restore: the old version back, exactly, for the next kill.
restore() {
	cp "$OLD" "$DB"
	rm -f "$DB.prev"
}

# The reference fingerprint of each input: an import that nobody kills.
for f in "$csv" "$zip"; do
	restore
	import_into "$DB" --quiet "$f"
	is "$RC:$ERR" "0:" "un-killed import of $(basename "$f")"
	case $f in
	*.zip) new_zip=$(fingerprint "$DB") ;;
	*) new_csv=$(fingerprint "$DB") ;;
	esac
done
is "$(q "$DB" "SELECT count(*) FROM med_fact WHERE year = 2023")" 10000 \
    "the new version holds the 10 000 rows of 2023"
is "$(q "$DB" "SELECT count(*) FROM med_fact")" 10019 "it holds the old and new rows"
contains "$new_csv" "med_fact_run $(q "$DB" "SELECT count(*) FROM main.med_fact_run") " \
    "the fingerprint counts their packed runs"
restore
import_into "$DB" --quiet "$csv"
is "$(fingerprint "$DB")" "$new_csv" "two un-killed imports give the same fingerprint"

# Tally of the outcomes: old, new, and anything else (kept for the message).
n_old=0
n_new=0
n_missed=0
bad=""

# judge WHAT NEW_FINGERPRINT: classifies the database a killed import left, then
# puts the old version back.
judge() {
	_what=$1
	_check=$(q "$DB" "PRAGMA integrity_check")
	if [ "$_check" != ok ]; then
		bad="$bad [$_what: integrity_check: $_check]"
	elif [ "$(sum_of "$DB")" = "$old_sum" ]; then
		# Old data: a .prev may already be there, and is then the old version.
		if [ -e "$DB.prev" ] && [ "$(sum_of "$DB.prev")" != "$old_sum" ]; then
			bad="$bad [$_what: old data but .prev is not the old version]"
		else
			n_old=$((n_old + 1))
		fi
	elif [ "$(fingerprint "$DB")" = "$2" ]; then
		if [ "$(sum_of "$DB.prev")" != "$old_sum" ]; then
			bad="$bad [$_what: new data but .prev is not the old version]"
		else
			n_new=$((n_new + 1))
		fi
	else
		bad="$bad [$_what: neither old nor new data]"
	fi
	restore
}

# kill_at SYSCALL N FILE NEW_FINGERPRINT [PATH]: the import is killed on entering
# the Nth SYSCALL of one of its threads (strace counts each thread's apart), of
# those on PATH when given.
kill_at() {
	# Without the copies the last killed import left, which this one would sweep in
	# system calls the reference run did not make.
	rm -f "$WORK"/.ref.db.import-*
	# In the background, so that the shell does not report the kill. With a
	# fifth argument, only the calls on that file count (-P).
	strace -f -qq -o /dev/null ${5:+-P "$5"} -e trace="$1" \
	    -e inject="$1":signal=SIGKILL:when="$2" \
	    "$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$3" \
	    >/dev/null 2>&1 &
	# strace dies of its tracee's signal: 128 + 9.
	wait $! 2>/dev/null
	if [ $? -ne 137 ]; then
		n_missed=$((n_missed + 1))
		bad="$bad [$1 #$2 of $(basename "$3"): the import was not killed]"
	fi
	judge "$1 #$2 of $(basename "$3")" "$4"
}

# count SYSCALL: how many times the traced import made that system call.
count() {
	awk -v s="$1(" 'index($2, s) == 1 { n++ } END { print n + 0 }' "$trace"
}

# spread FIRST LAST K: K numbers evenly spread from FIRST to LAST.
spread() {
	python3 -c 'import sys; a, b, k = map(int, sys.argv[1:])
print(" ".join(str(x) for x in sorted(set(a + (b - a) * i // max(k - 1, 1) for i in range(k)))))' "$@"
}

# A probe that injection works here: ptrace may be forbidden in a container.
syscall_kills=0
probe=1
if command -v strace >/dev/null 2>&1; then
	strace -qq -o /dev/null -e trace=read -e inject=read:signal=SIGKILL:when=1 \
	    cat /dev/null >/dev/null 2>&1 &
	wait $! 2>/dev/null
	probe=$?
fi
if ! command -v strace >/dev/null 2>&1; then
	skip "strace is not installed (Debian package strace): no kill at chosen system calls"
elif [ "$probe" -ne 137 ]; then
	skip "strace cannot inject signals here (ptrace restricted): no kill at chosen system calls"
else
	syscall_kills=1
fi

points=0
trace="$TEST_TMP/trace"
if [ $syscall_kills -eq 1 ]; then
	for f in "$csv" "$zip"; do
		case $f in
		*.zip) new=$new_zip ;;
		*) new=$new_csv ;;
		esac
		# One traced import, not killed, counts each system call of interest and
		# finds where the reading of the input begins, from a clean directory.
		restore
		rm -f "$WORK"/.ref.db.import-*
		strace -f -qq -o "$trace" \
		    -e trace=openat,read,pwrite64,fsync,fdatasync,sync_file_range,link,rename,unlink \
		    "$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$f" \
		    >/dev/null 2>&1
		restore
		# Reads before the input is first opened: the program loading.
		before=$(awk -v f="$f" '$2 ~ /^read\(/ { n++ }
		    index($0, "\"" f "\"") && $2 ~ /^openat\(/ { print n + 0; exit }' "$trace")
		size=$(wc -c < "$f")
		blocks=$(( (size + 65535) / 65536 ))
		reads=$(count read)
		# Two passes over the input (SHA-256, then the records), 64 KiB at a time.
		ok "$(basename "$f"): $reads reads, two passes of $blocks blocks after $before" \
		    test "$reads" -ge $((before + 2 * blocks))
		# By bytes read: one point in the program loading, then points over
		# the first pass, counting the reads of the input alone. strace counts
		# each thread's calls apart (when=N): the first pass is the digests'
		# thread's (import_digests), which starts first; the second pass, the
		# read-ahead thread's (csv_reader_read_ahead), never reaches a count
		# before it does: that pass is killed at its writes (pwrite64, below)
		# and by time.
		kill_at read 1 "$f" "$new"
		points=$((points + 1))
		for n in $(spread 1 "$blocks" $n_reads); do
			kill_at read "$n" "$f" "$new" "$f"
			points=$((points + 1))
		done
		# Mid-build: points over the writes to the new database.
		for n in $(spread 1 "$(count pwrite64)" $n_writes); do
			kill_at pwrite64 "$n" "$f" "$new"
			points=$((points + 1))
		done
		# Every flush to disk (the new database's pages synced on a thread
		# of their own while quick_check reads them: fdatasync), the hard
		# link to .prev, the two renames (the .prev, then the switch) and
		# every unlink. That thread's sync_file_range calls while the import
		# runs come with time, not at points a traced run can count: the
		# kills by time and at writes fall among them.
		for sc in fsync fdatasync link rename unlink; do
			total=$(count $sc)
			n=1
			while [ "$n" -le "$total" ]; do
				kill_at $sc "$n" "$f" "$new"
				points=$((points + 1))
				n=$((n + 1))
			done
		done
	done
fi

# By time: a seeded list of delays from 0 to the duration of one import, measured here.
restore
t0=$(date +%s%N)
"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$csv" >/dev/null 2>&1
t1=$(date +%s%N)
restore
duration_ms=$(( (t1 - t0) / 1000000 ))
delays=$(python3 -c 'import random, sys; r = random.Random(6); d = int(sys.argv[1])
k = int(sys.argv[2])
print(" ".join("%.3f" % (r.uniform(0, d * 1.1) / 1000) for _ in range(k)))' "$duration_ms" "$n_delays")
time_points=0
for f in "$csv" "$zip"; do
	case $f in
	*.zip) new=$new_zip ;;
	*) new=$new_csv ;;
	esac
	for delay in $delays; do
		"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$f" >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		judge "kill after ${delay}s of $(basename "$f")" "$new"
		time_points=$((time_points + 1))
	done
done

echo "# $points kills at system calls, $time_points by time (one import: ${duration_ms} ms):" \
    "$n_old left the old version, $n_new the new one"
is "$bad" "" "every killed import left a database that passes integrity_check, with exactly the old or the new data and a sane .prev"
if [ $syscall_kills -eq 1 ]; then
	is "$n_missed" 0 "every injected kill was delivered"
	ok "kills at system calls left the old version ($n_old old in all)" test "$n_old" -gt 0
	ok "and the new one ($n_new new in all)" test "$n_new" -gt 0
	ok "at least $min_points kill points at system calls ($points)" test "$points" -ge $min_points
fi

# After the campaign, a normal import succeeds and clears whatever the killed ones left:
# here, one killed between the link to the old version and its rename to .prev.
if [ $syscall_kills -eq 1 ]; then
	rm -f "$WORK"/.ref.db.import-*
	strace -f -qq -o /dev/null -e trace=rename -e inject=rename:signal=SIGKILL:when=1 \
	    "$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet "$csv" >/dev/null 2>&1 &
	wait $! 2>/dev/null
	is "$(ls -A "$WORK" | sed -e 's/^\.ref\.db\.import-prev-[0-9]*$/(link)/' \
	    -e 's/^\.ref\.db\.import-[A-Za-z0-9]\{6\}$/(copy)/' | LC_ALL=C sort | tr '\n' ' ')" \
	    "(copy) (link) ref.db ref.db.lock " \
	    "a kill before the rename to .prev leaves the new copy and the link to the old"
fi
import_into "$DB" --quiet "$zip"
is "$RC:$ERR" "0:" "a normal import after the campaign"
is "$(fingerprint "$DB")" "$new_zip" "holds the new data"
is "$(sum_of "$DB.prev")" "$old_sum" "keeps the old version as .prev"
is "$(ls -A "$WORK" | tr '\n' ' ')" "ref.db ref.db.lock ref.db.prev " \
    "and leaves nothing else beside the database"

# --- Rollback: killed at its swap, in one step (RENAME_EXCHANGE) or, where the file
# system lacks it (strace makes renameat2 fail with EINVAL), through a third link.
new_sum=$(sum_of "$DB")
cp "$DB" "$TEST_TMP/new.db"
rb_restore() {
	rm -f "$WORK"/ref.db.swap.*
	cp "$TEST_TMP/new.db" "$DB"
	cp "$OLD" "$DB.prev"
}
rb_points=0
rb_bad=""
# rb_kill MODE SYSCALL N: kills rollback at its Nth SYSCALL; the target must be a whole
# version, and the next rollback must leave the two versions as target and .prev.
rb_kill() {
	if [ "$1" = fallback ]; then
		set -- "$2" "$3" -e inject=renameat2:error=EINVAL
	else
		set -- "$2" "$3"
	fi
	_sc=$1
	_n=$2
	shift 2
	strace -f -qq -o /dev/null -e trace="$_sc,renameat2" "$@" \
	    -e inject="$_sc":signal=SIGKILL:when="$_n" \
	    "$MEDIFLUX" rollback --db "$DB" >/dev/null 2>&1 &
	wait $! 2>/dev/null
	_rc=$?
	_what="$mode $_sc #$_n"
	[ $_rc -eq 137 ] || rb_bad="$rb_bad [$_what: not killed ($_rc)]"
	_t=$(sum_of "$DB")
	if [ "$(q "$DB" "PRAGMA integrity_check")" != ok ] ||
	    { [ "$_t" != "$old_sum" ] && [ "$_t" != "$new_sum" ]; }; then
		rb_bad="$rb_bad [$_what: the target is not a whole version]"
	fi
	"$MEDIFLUX" rollback --db "$DB" >/dev/null 2>&1 ||
	    rb_bad="$rb_bad [$_what: the next rollback fails]"
	_pair="$(sum_of "$DB") $(sum_of "$DB.prev")"
	if [ "$_pair" != "$old_sum $new_sum" ] && [ "$_pair" != "$new_sum $old_sum" ]; then
		rb_bad="$rb_bad [$_what: after the next rollback, target and .prev are not the two versions]"
	fi
	_left=$(ls -A "$WORK" | tr '\n' ' ')
	[ "$_left" = "ref.db ref.db.lock ref.db.prev " ] ||
	    rb_bad="$rb_bad [$_what: left $_left]"
	rb_points=$((rb_points + 1))
	rb_restore
}
if [ $syscall_kills -eq 1 ]; then
	rb_restore
	mode=exchange
	rb_kill $mode renameat2 1
	rb_kill $mode fsync 1
	for n in 1 5 20; do
		rb_kill $mode pread64 $n
	done
	mode=fallback
	for k in link:1 rename:1 rename:2 unlink:1 unlink:2 fsync:1; do
		rb_kill $mode "${k%:*}" "${k#*:}"
	done
	is "$rb_bad" "" "$rb_points kills of rollback: the target always a whole version, the next rollback completes"
else
	skip "kills of rollback at chosen system calls: no working strace"
fi

# --- The user database: a command killed while it leaves its history entry pending
# (the write of its line); the next to open the database killed while it moves the
# pending entries in (the rename of the pending file, its WAL frames, the removal of
# the taken file); then while it first copies a WAL past 256 KiB into the file.
export MEDIFLUX_DB="$REFDB"
UDB="$XDG_DATA_HOME/mediflux/user.db"
"$MEDIFLUX" profile set mutuelle.name "Mutuelle Témoin" >/dev/null
"$MEDIFLUX" meds --top 1 >/dev/null
profile=$("$MEDIFLUX" profile show --json)
# history_count: the entries the next command would see, through mediflux itself.
history_count() {
	"$MEDIFLUX" history --json --limit 100000 | json 'len(d["entries"])'
}
if [ $syscall_kills -eq 1 ]; then
	strace -f -qq -o "$trace" -e trace=write,flock \
	    "$MEDIFLUX" meds --top 2 >/dev/null 2>&1
	u_points=0
	u_kept=0
	u_bad=""
	expected=$(history_count)
	for sc in write flock; do
		total=$(count $sc)
		n=1
		while [ "$n" -le "$total" ]; do
			strace -f -qq -o /dev/null -e trace=$sc \
			    -e inject=$sc:signal=SIGKILL:when=$n \
			    "$MEDIFLUX" meds --top 3 >/dev/null 2>&1 &
			wait $! 2>/dev/null
			[ $? -eq 137 ] || u_bad="$u_bad [$sc #$n: not killed]"
			got=$(history_count)
			case $got in
			"$expected") ;;
			$((expected + 1))) u_kept=$((u_kept + 1)) ;;
			*) u_bad="$u_bad [$sc #$n: $got entries, not $expected or one more]" ;;
			esac
			[ -z "$(ls "$UDB"-pending* 2>/dev/null)" ] ||
			    u_bad="$u_bad [$sc #$n: left pending: $(ls "$UDB"-pending*)]"
			expected=$got
			u_points=$((u_points + 1))
			n=$((n + 1))
		done
	done
	echo "# $u_points kills while a command leaves its entry pending: $u_kept kept the entry"
	is "$u_bad" "" "$u_points kills while a command appends its entry: the entry is recorded whole or not at all, and the next open moves it in"
	ok "at least 2 such kill points ($u_points)" test "$u_points" -ge 2

	# Three entries pending, then `history` killed at each point of moving them in.
	for k in 1 2 3; do "$MEDIFLUX" meds --top 2 >/dev/null; done
	strace -f -qq -o "$trace" -e trace=rename,pwrite64,fdatasync,unlink,flock \
	    "$MEDIFLUX" history --limit 1 >/dev/null 2>&1
	f_points=0
	f_bad=""
	for sc in rename pwrite64 fdatasync unlink flock; do
		total=$(count $sc)
		[ "$sc" = fdatasync ] || [ "$total" -gt 0 ] || f_bad="$f_bad [no $sc while moving entries in]"
		n=1
		while [ "$n" -le "$total" ]; do
			for k in 1 2 3; do "$MEDIFLUX" meds --top 2 >/dev/null; done
			expected=$(($("$MEDIFLUX" history --json --limit 100000 2>/dev/null | json 'len(d["entries"])') ))
			for k in 1 2 3; do "$MEDIFLUX" meds --top 2 >/dev/null; done
			strace -f -qq -o /dev/null -e trace=$sc \
			    -e inject=$sc:signal=SIGKILL:when=$n \
			    "$MEDIFLUX" history --limit 1 >/dev/null 2>&1 &
			wait $! 2>/dev/null
			[ $? -eq 137 ] || f_bad="$f_bad [$sc #$n: not killed]"
			check=$(sqlite3 "$UDB" "PRAGMA integrity_check" 2>&1)
			[ "$check" = ok ] || f_bad="$f_bad [$sc #$n: integrity_check: $check]"
			got=$(history_count)
			[ "$got" = $((expected + 3)) ] ||
			    f_bad="$f_bad [$sc #$n: $got entries, not $((expected + 3))]"
			[ -z "$(ls "$UDB"-pending* 2>/dev/null)" ] ||
			    f_bad="$f_bad [$sc #$n: left pending: $(ls "$UDB"-pending*)]"
			f_points=$((f_points + 1))
			n=$((n + 1))
		done
	done
	is "$f_bad" "" "$f_points kills while entries are moved in: each entry in the database exactly once, integrity_check passes"
	ok "at least 6 such kill points ($f_points)" test "$f_points" -ge 6

	leave_in_wal "$UDB" 80
	strace -f -qq -o "$trace" -e trace=pwrite64,fdatasync,ftruncate \
	    "$MEDIFLUX" history --limit 1 >/dev/null 2>&1
	t_points=0
	t_bad=""
	for sc in pwrite64 fdatasync ftruncate; do
		total=$(count $sc)
		[ "$total" -gt 0 ] || t_bad="$t_bad [no $sc while copying the WAL]"
		for n in $(spread 1 "$total" "$n_writes"); do
			"$MEDIFLUX" meds --top 3 >/dev/null
			expected=$(($(history_count) + 80))
			"$MEDIFLUX" meds --top 3 >/dev/null
			leave_in_wal "$UDB" 80
			strace -f -qq -o /dev/null -e trace=$sc \
			    -e inject=$sc:signal=SIGKILL:when=$n \
			    "$MEDIFLUX" history --limit 1 >/dev/null 2>&1 &
			wait $! 2>/dev/null
			[ $? -eq 137 ] || t_bad="$t_bad [$sc #$n: not killed]"
			check=$(sqlite3 "$UDB" "PRAGMA integrity_check" 2>&1)
			got=$(history_count)
			[ "$got" = $((expected + 1)) ] ||
			    t_bad="$t_bad [$sc #$n: $got entries, not $((expected + 1))]"
			[ "$check" = ok ] || t_bad="$t_bad [$sc #$n: integrity_check: $check]"
			t_points=$((t_points + 1))
		done
	done
	is "$t_bad" "" "$t_points kills while the WAL is copied into the file: every committed entry kept once, integrity_check passes"
	is "$("$MEDIFLUX" profile show --json)" "$profile" "the profile is intact"
else
	skip "kills while recording history: no working strace"
fi

done_testing
