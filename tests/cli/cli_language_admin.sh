# SPDX-License-Identifier: ISC
# The command line's own words and its admin commands in the user's language:
# `mediflux --help`, a command's --help, usage errors, health, an import's error
# and a count in words, in French under fr_FR.UTF-8 (installed or not, with the
# uninstalled catalogue of MEDIFLUX_LOCALEDIR) and in English under C.UTF-8,
# line for line; the --json keys stay the same in both.
. "$top_srcdir/tests/lib.sh"

# run_in LOCALE ARGS...: mediflux under LC_ALL=LOCALE, into OUT, ERR and RC.
run_in() {
	_locale=$1
	shift
	OUT=$(LC_ALL=$_locale "$MEDIFLUX" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}

# line_of TEXT PREFIX: the first line of TEXT that starts with PREFIX.
line_of() {
	printf '%s\n' "$1" | grep -m1 -F -- "$2"
}

# A whole number as the tables print it: "68 952 941".
# grouped N [MARK]: N with its digits grouped by three, French (a space) or with MARK.
grouped() {
	python3 -c 'import sys; print(f"{int(sys.argv[1]):,}".replace(",", sys.argv[2]))' "$1" "${2:- }"
}

fr=fr_FR.UTF-8
en=C.UTF-8

# --- mediflux --help --------------------------------------------------------------
run_in $fr --help
is "$RC" 0 "fr: --help exits 0"
is "$(printf '%s\n' "$OUT" | sed -n 1,2p)" "Utilisation : mediflux [--db CHEMIN] [--user-db CHEMIN] [--mouse]
              mediflux [--db CHEMIN] [--user-db CHEMIN] COMMANDE [ARGUMENTS]" \
    "fr: the usage lines, the second aligned under the first, their placeholders in French"
is "$(line_of "$OUT" "Commandes")" "Commandes :" "fr: Commandes :"
is "$(line_of "$OUT" "  health ")" \
    "  health [--json]                vérifier les bases : intégrité, comptes, tailles, provenance" \
    "fr: a command's summary"
is "$(line_of "$OUT" "  import ")" \
    "  import [--db CHEMIN | --shared] FICHIER... charger les fichiers publiés (FINESS, SAE, Open Medic, DREES)" \
    "fr: import's summary"
is "$(line_of "$OUT" "  backup ")" \
    "  backup [--user] FICHIER        copier une base dans FICHIER, cohérente pendant que d'autres la lisent" \
    "fr: the summaries aligned by display width, after a placeholder of more letters"
is "$(line_of "$OUT" "  --user-db")" "  --user-db CHEMIN  votre profil et votre historique (aussi MEDIFLUX_USER_DB)" \
    "fr: a global option's placeholder"
is "$(line_of "$OUT" "  -h, --help")" "  -h, --help        afficher cette aide" "fr: a global option"
is "$(printf '%s\n' "$OUT" | tail -n 2)" "« mediflux COMMANDE --help » décrit une commande. Code de sortie : 0 succès,
1 entrée incorrecte ou échec, 2 erreur d'utilisation." "fr: the exit statuses"
lacks "$OUT" "Usage:" "fr: no English heading"
is "$(printf '%s\n' "$OUT" | grep -owE 'PATH|FILE|COMMAND|ARGS|CITY|POSTCODE|KEY|VALUE|DATASET|LIST|OUT|DIR|DB|NAME|DAY' | sort -u)" "" \
    "fr: no English placeholder"

run_in $en --help
is "$(printf '%s\n' "$OUT" | sed -n 1p)" "Usage: mediflux [--db PATH] [--user-db PATH] [--mouse]" "en: the usage line"
is "$(line_of "$OUT" "  backup ")" \
    "  backup [--user] FILE           copy a database to FILE, consistent while others read" \
    "en: a summary after its usage"
is "$(line_of "$OUT" "  health ")" \
    "  health [--json]                check the databases: integrity, counts, sizes, provenance" \
    "en: a command's summary"
is "$(line_of "$OUT" "  -h, --help")" "  -h, --help        show this help" "en: a global option"

# --- A command's --help -------------------------------------------------------------
run_in $fr import --help
is "$RC" 0 "fr: import --help exits 0"
is "$(printf '%s\n' "$OUT" | sed -n 1p)" "Utilisation : mediflux import [--db CHEMIN | --shared] FICHIER..." \
    "fr: import --help's usage"
is "$(printf '%s\n' "$OUT" | sed -n 3p)" "Charge les fichiers exactement tels que les agences les publient : CSV," \
    "fr: its help, in French"
contains "$OUT" "partagée que consultent tous les utilisateurs (membres du groupe mediflux
seulement)." "fr: the shared database's group named in the help"
is "$(line_of "$OUT" "  --shared")" "  --shared          dans la base partagée (groupe mediflux seulement)" \
    "fr: an option of its own, with the group"
is "$(line_of "$OUT" "  --json")" "  --json            sortie lisible par une machine" "fr: --json"
is "$(line_of "$OUT" "  --user-db")" "  --user-db CHEMIN  base personnelle" "fr: an option every command takes"
is "$(line_of "$OUT" "  --year")" "  --year ANNÉE      année des fichiers Open Medic qui ne sont pas nommés OPEN_MEDIC_<ANNÉE>" \
    "fr: an accented placeholder, the help aligned by display width"

run_in $en import --help
is "$(line_of "$OUT" "  --shared")" "  --shared          into the shared database (group mediflux only)" \
    "en: an option of its own, with the group"
is "$(printf '%s\n' "$OUT" | sed -n 3p)" "Loads the files exactly as the agencies publish them: CSV, gzip, zip," \
    "en: its help"

run_in $fr health --help
is "$(printf '%s\n' "$OUT" | sed -n 1,3p)" "Utilisation : mediflux health [--json]

Lance le quick_check de SQLite sur la base de référence et sur votre base" "fr: health --help"

# --- Usage errors ---------------------------------------------------------------
run_in $fr backup
is "$RC|$ERR" "2|mediflux backup : argument manquant
Essayez « mediflux backup --help »." "fr: a missing argument"
run_in $en backup
is "$RC|$ERR" "2|mediflux backup: missing argument
Try 'mediflux backup --help'." "en: a missing argument"
run_in $fr health --bogus
is "$RC|$ERR" "2|mediflux health : option inconnue --bogus
Essayez « mediflux health --help »." "fr: an unknown option of a command"
run_in $fr frobnicate
is "$RC|$ERR" "2|mediflux : commande inconnue « frobnicate »
Essayez « mediflux --help »." "fr: an unknown command"
run_in $en frobnicate
is "$RC|$ERR" "2|mediflux: unknown command 'frobnicate'
Try 'mediflux --help'." "en: an unknown command"
run_in $fr history --limit 0
is "$RC|$ERR" "2|mediflux history : --limit attend un nombre entier de 1 à 1000000
Essayez « mediflux history --help »." "fr: a value out of range"

# --- health ------------------------------------------------------------------------
run_in $en --db "$REFDB" health --json
J=$OUT
pop=$(grouped "$(printf '%s' "$J" | json 'd["geography"]["population"]')")
om=$(printf '%s' "$J" | json 'd["medications"][0]["year"]')
om_rows=$(grouped "$(printf '%s' "$J" | json 'd["medications"][0]["rows"]')")
sae=$(printf '%s' "$J" | json 'd["sae"][0]["year"]')
t() {
	grouped "$(printf '%s' "$J" | json "d['sae'][0]['totals']['$1']['stored']")" "${2:- }"
}
aside=$(printf '%s' "$J" | json 'd["sae"][0]["rows_set_aside"]')
by_type=$(printf '%s' "$J" | json '", ".join(k + " " + f"{v:,}".replace(",", " ") for k, v in d["sae"][0]["er_passages_by_type"].items())')
by_type_en=$(printf '%s' "$J" | json '", ".join(k + " " + f"{v:,}" for k, v in d["sae"][0]["er_passages_by_type"].items())')
run_in $fr --db "$REFDB" --user-db "$TEST_TMP/none.db" health --json
is "$(printf '%s' "$OUT" | json 'sorted(d)')" "$(printf '%s' "$J" | json 'sorted(d)')" \
    "fr: health --json has the same keys"

run_in $fr --db "$REFDB" --user-db "$TEST_TMP/none.db" health
is "$RC" 0 "fr: health exits 0"
is "$(printf '%s\n' "$OUT" | sed -n 1,2p)" "DONNÉES D'EXEMPLE : chiffres générés, pas des chiffres réels
Base de référence : $REFDB (option)" "fr: the sample data said first, then the reference database"
contains "$(printf '%s\n' "$OUT" | sed -n 3p)" "  schéma 11, " "fr: its schema"
contains "$(printf '%s\n' "$OUT" | sed -n 3p)" " octets, mode 0644, quick_check ok (" "fr: its size and check"
is "$(line_of "$OUT" "Base personnelle")" "Base personnelle : $TEST_TMP/none.db (option)" "fr: the user database"
is "$(printf '%s\n' "$OUT" | grep -A1 '^Base personnelle' | sed -n 2p)" "  pas encore créée" \
    "fr: not created yet"
is "$(line_of "$OUT" "  id  " | tr -s ' ')" " id type année fichier lignes sha256 importé le exemple" \
    "fr: the provenance's headers"
is "$(line_of "$OUT" "Géographie")" \
    "Géographie : population $pop ; chaque région et chaque département est la somme de ses communes" \
    "fr: the geography's sums"
is "$(line_of "$OUT" "Open Medic $om")" "Open Medic $om : $om_rows lignes ; chaque agrégat est la somme des lignes" \
    "fr: Open Medic's sums"
is "$(line_of "$OUT" "SAE $sae")" "SAE $sae : $(t beds_mco) lits MCO, $(t stays_full_mco) + $(t stays_partial_mco) séjours, $(t er_passages) passages aux urgences (fichier : $by_type) ; $aside lignes écartées ; chaque total correspond au fichier" \
    "fr: an SAE year's totals"
is "$(printf '%s\n' "$OUT" | tail -n 1)" "État : ok" "fr: the status"
lacks "$OUT" "rows" "fr: no English word for rows"

run_in $en --db "$REFDB" --user-db "$TEST_TMP/none.db" health
is "$(line_of "$OUT" "SAE $sae")" "SAE $sae: $(t beds_mco ,) MCO beds, $(t stays_full_mco ,) + $(t stays_partial_mco ,) stays, $(t er_passages ,) emergency passages (file: $by_type_en); $aside rows set aside; every total matches the file" \
    "en: an SAE year's totals"
is "$(line_of "$OUT" "User database")" "User database: $TEST_TMP/none.db (option)" "en: the user database"
is "$(printf '%s\n' "$OUT" | tail -n 1)" "Status: ok" "en: the status"

run_in $fr --db "$TEST_TMP/missing.db" health
is "$RC" 1 "fr: health of a missing database exits 1"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "  erreur : $TEST_TMP/missing.db : fichier inexistant" \
    "fr: and says so"
is "$(printf '%s\n' "$OUT" | tail -n 1)" "État : PROBLÈMES TROUVÉS" "fr: problems found"

# --- An import's errors name the file, the line and the field --------------------------
W="$TEST_TMP/w"
mkdir -p "$W"
printf 'finess;etalab;100;2024-05-04\nstructureet;310000000\n' > "$W/short.csv"
run_in $fr --db "$W/a.db" import "$W/short.csv"
is "$RC|$ERR" "1|mediflux : $W/short.csv : ligne 2 : un enregistrement structureet de 2 champs, là où FINESS en publie 32" \
    "fr: a short record, by file and line"
run_in $en --db "$W/a.db" import "$W/short.csv"
is "$RC|$ERR" "1|mediflux: $W/short.csv: line 2: a structureet record of 2 fields, where FINESS publishes 32" \
    "en: a short record, by file and line"
# 32 fields, the second not a FINESS number.
{
	printf 'finess;etalab;100;2024-05-04\n'
	printf 'structureet;12345'
	i=2
	while [ $i -lt 32 ]; do printf ';'; i=$((i + 1)); done
	printf '\n'
} > "$W/number.csv"
run_in $fr --db "$W/a.db" import "$W/number.csv"
is "$RC|$ERR" "1|mediflux : $W/number.csv : ligne 2 : champ « nofinesset » : pas un numéro FINESS (neuf caractères : le département, comme 01 ou 2A, puis des chiffres) « 12345 »" \
    "fr: a field's error names the file, the line and the field"
run_in $en --db "$W/a.db" import "$W/number.csv"
is "$RC|$ERR" "1|mediflux: $W/number.csv: line 2: field 'nofinesset': not a FINESS number (nine characters: the département, such as 01 or 2A, then digits) '12345'" \
    "en: the same error"
ok "no database was made" test ! -e "$W/a.db"
printf 'bonjour\n' > "$W/hello.csv"
run_in $fr --db "$W/a.db" import "$W/hello.csv"
contains "$ERR" "mediflux : $W/hello.csv : ligne 1 : pas un fichier que mediflux connaît : attendu : une extraction FINESS (première ligne « finess;etalab;… »), " \
    "fr: a file mediflux does not know, and what it expects"

# consolidate: an input that is no SQLite file, in mediflux's words, not SQLite's.
run_in $fr consolidate -o "$W/c.db" "$W/hello.csv"
is "$RC|$ERR" "1|mediflux : $W/hello.csv : pas une base SQLite" "fr: consolidate of a file that is no database"
run_in $en consolidate -o "$W/c.db" "$W/hello.csv"
is "$RC|$ERR" "1|mediflux: $W/hello.csv: not an SQLite database" "en: the same"

# --- Counts in words: one, two ----------------------------------------------------
search() {
	"$MEDIFLUX" --db "$REFDB" search brest >/dev/null
}
search
search
run_in $fr history clear
is "$RC|$OUT" "0|2 entrées d'historique supprimées" "fr: two entries deleted"
search
run_in $fr history clear
is "$RC|$OUT" "0|1 entrée d'historique supprimée" "fr: one entry deleted"
search
search
run_in $en history clear
is "$OUT" "Deleted 2 history entries" "en: two entries deleted"
search
run_in $en history clear
is "$OUT" "Deleted 1 history entry" "en: one entry deleted"
run_in $fr history
is "$OUT" "Pas encore d'historique." "fr: no history"
run_in $fr history delete 99
is "$RC|$ERR" "1|mediflux : historique : pas d'entrée 99" "fr: no such entry"

# --- SQLite's own words, in the user's language ---------------------------------------
# A user database that is no database: SQLite's generic message through db_errmsg.
mkdir -p "$TEST_TMP/notdb" && chmod 700 "$TEST_TMP/notdb"
printf 'SQLite format 3\000%s' "$(head -c 2000 /dev/zero | tr '\0' x)" > "$TEST_TMP/notdb/user.db"
chmod 600 "$TEST_TMP/notdb/user.db"
run_in $fr history --user-db "$TEST_TMP/notdb/user.db"
is "$RC|$ERR" "1|mediflux : $TEST_TMP/notdb/user.db: le fichier n'est pas une base de données" \
    "fr: SQLite's 'file is not a database' in French"
run_in $en history --user-db "$TEST_TMP/notdb/user.db"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/notdb/user.db: file is not a database" \
    "en: and in SQLite's own English"

# The JSON parser's words: a profile file that is not JSON.
printf '{"mutuelle": x}\n' > "$TEST_TMP/bad.json"
run_in $fr profile import --user-db "$TEST_TMP/u/user.db" "$TEST_TMP/bad.json"
is "$RC|$ERR" "1|mediflux : $TEST_TMP/bad.json : ligne 1, colonne 14 : élément non valide" \
    "fr: the JSON parser's 'invalid token' in French"
run_in $en profile import --user-db "$TEST_TMP/u/user.db" "$TEST_TMP/bad.json"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/bad.json: line 1, column 14: invalid token" \
    "en: and as the parser says it"
printf '{"a": 1, "a": 2}' > "$TEST_TMP/twice.json"
run_in $fr profile import --user-db "$TEST_TMP/u/user.db" "$TEST_TMP/twice.json"
is "$RC|$ERR" "1|mediflux : $TEST_TMP/twice.json : ligne 1, colonne 12 : clé en double dans un objet" \
    "fr: a key twice, in French"

# A damaged archive: libarchive's English account only in English.
mkdir -p "$TEST_TMP/zip"
cp "$top_srcdir/tests/fixtures/import/openmedic/OPEN_MEDIC_2022.CSV" "$TEST_TMP/zip/"
bsdtar --format zip -cf "$TEST_TMP/whole.zip" -C "$TEST_TMP/zip" OPEN_MEDIC_2022.CSV
head -c 60 "$TEST_TMP/whole.zip" > "$TEST_TMP/OPEN_MEDIC_2022.zip"
run_in $fr import --db "$TEST_TMP/arch.db" --geography "$top_builddir/data/geography.db" "$TEST_TMP/OPEN_MEDIC_2022.zip"
is "$RC|$ERR" "1|mediflux : $TEST_TMP/OPEN_MEDIC_2022.zip: archive endommagée ou tronquée" \
    "fr: a truncated zip in French alone"
run_in $en import --db "$TEST_TMP/arch.db" --geography "$top_builddir/data/geography.db" "$TEST_TMP/OPEN_MEDIC_2022.zip"
is "$RC" 1 "en: refused too"
contains "$ERR" "$TEST_TMP/OPEN_MEDIC_2022.zip: damaged or truncated archive: " "en: with libarchive's account"

done_testing
