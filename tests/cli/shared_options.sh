# SPDX-License-Identifier: ISC
# --shared on the command line (issue 7): only import and rollback take it, never
# with --db; --version and health name the compiled-in shared directory. What a
# real shared directory does with two Unix users is make installcheck's
# (tests/install/shared_server.sh): the directory is fixed at configure time.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

FIN="$FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"
SHARED_DB="$shareddbdir/mediflux.db"

run --version
is "$(printf '%s\n' "$OUT" | tail -1)" "shared database directory: $shareddbdir" \
    "--version names the shared directory"

# --shared with --db, before or after the command: a usage error, nothing written.
run import --shared --db "$TEST_TMP/x.db" --geography "$GEO" "$FIN"
is "$RC:$OUT" "2:" "import --shared --db: exit 2, nothing on stdout"
is "$ERR" "mediflux import: --shared and --db cannot go together
Try 'mediflux import --help'." "saying why"
ok "no database written" test ! -e "$TEST_TMP/x.db"
run --db "$TEST_TMP/x.db" import --geography "$GEO" --shared "$FIN"
is "$RC" 2 "--db before the command too"
run rollback --shared --db "$TEST_TMP/x.db"
is "$RC:$ERR" "2:mediflux rollback: --shared and --db cannot go together
Try 'mediflux rollback --help'." "rollback --shared --db: the same usage error"
ok "still nothing written" test ! -e "$TEST_TMP/x.db"

# Only import and rollback know --shared.
for c in "search paris" "health" "backup $TEST_TMP/b.db" "hospital 010000024"; do
	run $c --shared
	is "$RC:$(printf '%s' "$ERR" | head -1)" \
	    "2:mediflux ${c%% *}: unknown option --shared" "${c%% *} has no --shared"
done
run import --help
contains "$OUT" "  --shared          into the shared database (group $SHARED_GROUP only)" \
    "import --help describes --shared"
contains "$OUT" "Usage: mediflux import [--db PATH | --shared] FILE..." "and its usage line shows it"
run rollback --help
contains "$OUT" "  --shared          the shared database (group $SHARED_GROUP only)" \
    "rollback --help describes --shared"

# health names the shared directory and whether it holds a database.
run health --json
is "$(printf '%s' "$OUT" | json 'd["shared"]["dir"], d["shared"]["path"], d["shared"]["present"]')" \
    "$shareddbdir $SHARED_DB $([ -e "$SHARED_DB" ] && echo True || echo False)" \
    "health --json: the shared directory, its database and whether it is there"
run health
if [ -e "$SHARED_DB" ]; then present="mediflux.db present"; else present="no mediflux.db"; fi
contains "$OUT" "
Shared directory: $shareddbdir ($present)
" "health names it in text"

# Without the directory (not installed here), --shared says what is missing.
if [ -e "$shareddbdir" ]; then
	tap_count=$((tap_count + 3))
	for i in 3 2 1; do
		echo "ok $((tap_count - i + 1)) # SKIP $shareddbdir exists on this machine"
	done
else
	run import --shared --geography "$GEO" "$FIN"
	is "$RC:$OUT" "1:" "import --shared without the directory: exit 1"
	is "$ERR" "mediflux: $shareddbdir: No such file or directory (make install creates the shared database's directory)" \
	    "naming the directory and what creates it"
	run rollback --shared
	is "$RC:$ERR" "1:mediflux: $shareddbdir: No such file or directory (make install creates the shared database's directory)" \
	    "rollback --shared the same"
fi
ok "nor did it write the user's own database" test ! -e "$XDG_DATA_HOME/mediflux/mediflux.db"

done_testing
