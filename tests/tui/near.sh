# SPDX-License-Identifier: ISC
# The Hôpitaux pane's nearest first (p), on the sample database: around the place
# typed, with a km column, wider and nearer with + and -, back with p; recorded as
# search --near; with nothing typed, around the profile's location, or a hint when
# the profile has none. The rows are those `mediflux search --near` lists.
. "$top_srcdir/tests/tui/lib.sh"

export XDG_DATA_HOME="$TEST_TMP/data"

start_ui 100 30 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
ok "Hôpitaux opens" wait_for "Rechercher :"
keys vienne
ok "Vienne's hospitals" wait_for "lieux nommés « vienne »"
lacks "$(line 3)" " km" "no distance column before p"
keys Escape
ok "the list names p" wait_for "p proches"
keys p
ok "p: the nearest first, within 30 km" \
    wait_for "35 hôpitaux et cliniques · à moins de 30 km de Vienne (38), à vol d'oiseau"
contains "$(screen | grep -m1 "FINESS")" " km" "a km column"
is "$(screen | grep -m1 "380029942" | sed 's/  */ /g; s/ $//')" \
    "380029942 CLINIQUE DU MAIL Etablissement… 38200 VIENNE 38 0,9" \
    "the nearest, 0,9 km away"
# The rows in the order the command line gives them.
want=$("$MEDIFLUX" --db "$REFDB" search vienne --near --json --limit 0 |
    json '" ".join(r["finess"] for r in d["results"][:10])')
got=$(screen | grep -Eo '^ *[0-9AB]{9} ' | head -10 | tr -d ' ' | tr '\n' ' ' | sed 's/ $//')
is "$got" "$want" "the first ten as search vienne --near lists them"
keys +
ok "+ looks further: 50 km" wait_for "à moins de 50 km de Vienne (38)"
keys - -
ok "- - nearer: 20 km" wait_for "à moins de 20 km de Vienne (38)"
keys p
ok "p again: the place's own" wait_for "hôpital ou clinique · lieux nommés « vienne »"
lacks "$(screen | grep -m1 "FINESS")" " km" "without the km column"
keys +
sleep 0.3
contains "$(screen)" "lieux nommés « vienne »" "+ does nothing then"

# Nothing typed: the profile's location, else a hint.
keys Escape C-c
ok "Ctrl-C in the field: nothing typed" wait_for "Une ville (« sai eti » trouve Saint-Étienne)"
keys Escape p
ok "no place and no location: said where to give one" \
    wait_for "Les plus proches : tapez un lieu, ou donnez votre commune dans Profil."
"$MEDIFLUX" --db "$REFDB" profile set location "Saint-Denis (974)" >/dev/null
keys p p
ok "with a location in the profile: around it" \
    wait_for "à moins de 30 km de Saint-Denis (974), à vol d'oiseau"

keys F6
ok "Historique lists them as search --near" wait_for "--near 20"
contains "$(screen)" "search 'Saint-Denis (974, 97400)' --limit 0 --near 30" \
    "the profile's place recorded as it was searched (the pane lists them all)"
keys q
is "$(wait_exit)" 0 "q quits"
done_testing
