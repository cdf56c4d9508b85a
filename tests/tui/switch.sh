# SPDX-License-Identifier: ISC
# The interface while imports and rollbacks replace its reference database underneath:
# it keeps reading the version it opened, in every pane, with no error on the screen,
# and the Données pane describes that version (its size too), not the file now there.
. "$top_srcdir/tests/tui/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

DB="$TEST_TMP/ref.db"
# Version A: Open Medic 2022 and 14 FINESS establishments; B adds Open Medic 2023
# and replaces the establishments.
import_into "$DB" --quiet "$FIX/openmedic/OPEN_MEDIC_2022.CSV" \
    "$top_srcdir/tests/fixtures/finess/etalab-cs1100502-excerpt.csv"
is "$RC" 0 "version A"
a_size=$(stat -c %s "$DB")
om_rows "$TEST_TMP/OPEN_MEDIC_2023.CSV" 3000
new_files="$TEST_TMP/OPEN_MEDIC_2023.CSV $FIX/finess/etalab-cs1100507-stock-20260512-0339.csv"

# no_error: the screen shows no error message (nor a warning that history was lost).
no_error() {
	_s=$(screen)
	case $_s in
	*rreur*|*rror*|*database*|*disk*|*malformed*|*locked*|*busy*|*"non enregistré"*|*impossible*)
		printf '%s\n' "$_s" | sed 's/^/#   /'
		return 1 ;;
	esac
	return 0
}

start_ui 100 30 LC_ALL=fr_FR.UTF-8 -- --db "$DB"
ok "the interface opens on version A" wait_for "Rechercher :"
keys cayenne
ok "A has one hospital in Cayenne" wait_for "1 hôpital ou clinique · lieux nommés « cayenne »"

# Ten imports and ten rollbacks in the background while the panes are browsed.
(
	i=0
	while [ $i -lt 10 ]; do
		"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet $new_files || echo "import $i failed"
		sleep 0.1
		"$MEDIFLUX" rollback --db "$DB" >/dev/null || echo "rollback $i failed"
		sleep 0.1
		i=$((i + 1))
	done
) > "$TEST_TMP/switcher" 2>&1 &
switcher=$!
round=0
broken=""
while [ $round -lt 6 ]; do
	keys F3
	wait_for "Régions 2022" >/dev/null || broken="$broken regions$round"
	no_error >/dev/null || broken="$broken regions-error$round"
	keys F4
	wait_for "Total : 2 330 boîtes" >/dev/null || broken="$broken meds$round"
	no_error >/dev/null || broken="$broken meds-error$round"
	keys F2
	wait_for "« cayenne »" >/dev/null || broken="$broken hospitals$round"
	keys BSpace
	wait_for "« cayenn »" >/dev/null || broken="$broken search$round"
	keys e
	wait_for "1 hôpital ou clinique · lieux nommés « cayenne »" >/dev/null ||
	    broken="$broken search-again$round"
	no_error >/dev/null || broken="$broken hospitals-error$round"
	round=$((round + 1))
done
wait $switcher
is "$(cat "$TEST_TMP/switcher")" "" "10 imports and 10 rollbacks meanwhile, all fine"
is "$broken" "" "6 rounds of Régions, Médicaments and a search: version A's figures, no error"

# The file at the path is now version B; the Données pane, first shown now, describes A.
"$MEDIFLUX" import --db "$DB" --geography "$GEO" --quiet $new_files
ok "the path now holds version B, of another size" test "$(stat -c %s "$DB")" -ne "$a_size"
keys F7
ok "Données shows the datasets" wait_for "Jeux de données chargés"
shown=$(printf '%s' "$a_size" | python3 -c 'import sys; print(f"{int(sys.stdin.read()):,}".replace(",", " "))')
contains "$(screen)" "Base de référence : schéma 11 · $shown octets" \
    "with the size of the version it reads (A), not of the file now at its path"
case $(screen) in
*OPEN_MEDIC_2023*) in_b=yes ;;
*) in_b=no ;;
esac
is "$in_b" no "and A's datasets only"
ok "no error on the screen" no_error
keys F10
is "$(wait_exit)" 0 "the interface quits normally"

done_testing
