# SPDX-License-Identifier: ISC
# The query commands speak one language (issue 19): under LC_ALL=fr_FR.UTF-8
# search, hospital, regions, meds, drug and profile print French headings,
# titles, counts (one and two, singular and plural), notes and errors, with no
# English word left; under C.UTF-8 the same commands print English. Columns
# hold in both languages: the headings are measured in display columns. The
# first line of an answer from the sample database is the SAMPLE banner, which
# cmd.c prints for every command (tests/cli/sample.sh): it is left out here.
. "$top_srcdir/tests/lib.sh"

export MEDIFLUX_DB="$REFDB"

# in_lang LOCALE ARG...: mediflux under LOCALE (LANGUAGE unset, which would
# override it), OUT, ERR and RC as run sets them.
in_lang() {
	_locale=$1
	shift
	OUT=$(env -u LANGUAGE LC_ALL="$_locale" "$MEDIFLUX" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}
fr() { in_lang fr_FR.UTF-8 "$@"; }
en() { in_lang C.UTF-8 "$@"; }

# body: the answer without its first line, the SAMPLE banner.
body() {
	printf '%s\n' "$OUT" | sed 1d
}

# english_in: the English words of what mediflux says found in stdin, one a
# line (none: empty). Function words in lower case, headings and nouns
# capitalised: the data (names, categories, ATC labels) is French and
# mostly upper case, so that it cannot be mistaken for them.
english_in() {
	python3 -c '
import re, sys
words = ("the of and in with within without by no not to other others there "
         "lists shown rows row hospital hospitals clinic clinics establishment "
         "establishments medicine medicines matching named postcode "
         "default set yes emergency beds stays imported").split()
capital = ("Name Category Postcode City Dept Label Boxes Reimbursed Share Trend "
           "Activity Activities Identity Address Holder Regions Region Departments "
           "Medicine Medicines Hospitals Establishments Weight Reimbursable "
           "Presentations Emergency Emergencies MCO\\s+beds SAMPLE No").split()
text = sys.stdin.read()
found = set()
for w in words:
    found.update(re.findall(r"(?<![\w.-])%s(?![\w.-])" % w, text))
for w in capital:
    found.update(re.findall(r"(?<![\w.-])%s(?![\w.-])" % w, text))
print("\n".join(sorted(found)))
'
}

# french_only DESCRIPTION: checks that the French answer in OUT (banner left
# out) and ERR hold no English word.
french_only() {
	is "$( (body; printf '%s\n' "$ERR") | english_in)" "" "$1: no English word left"
}

# --- The checker itself finds English: a test that cannot fail is no test. ----------
is "$(printf '2 hospitals and clinics\nFINESS  Name  Postcode\n' | english_in | tr '\n' ' ')" \
    "Name Postcode and clinics hospitals " "the English detector finds English words"
is "$(printf 'CH DE LYON  Centre Hospitalier Régional (C.H.R.)\nDistances à vol d'"'"'oiseau\n' | english_in)" "" \
    "and none in French data and sentences"

# --- search: one and two results, the heading of the table, a cut list. -----------------
en search 42005
is "$(body | sed -n '1,2p')" "1 hospital or clinic with postcode 42005
FINESS     Name               Category                              Postcode  City        Dept" \
    "search, English: one hospital, in the singular; the headings"
fr search 42005
is "$(body | sed -n '1,3p')" "1 hôpital ou clinique au code postal 42005
FINESS     Nom                Catégorie                             CP     Ville       Dép.
420078719  CHU DE ST ETIENNE  Centre Hospitalier Régional (C.H.R.)  42005  ST ETIENNE  42" \
    "search, French: one hospital, in the singular; the headings of the Hôpitaux pane, aligned with the cells"
french_only "search 42005"
en search 2a
is "$(body | sed -n 1p)" "2 hospitals and clinics in département 2A (Corse-du-Sud)" "search, English: two, in the plural"
fr search 2a
is "$(body | sed -n 1p)" "2 hôpitaux et cliniques dans le département 2A (Corse-du-Sud)" "search, French: two, in the plural"
french_only "search 2a"
fr search 42005 --all
is "$(body | sed -n 1p)" "1 établissement au code postal 42005" "search --all, French: one establishment"
fr search 2a --all
is "$(body | sed -n 1p)" "5 établissements dans le département 2A (Corse-du-Sud)" "search --all, French: five establishments"
en search lyon --limit 3
is "$(body | sed -n 1p)" '3 of 13 hospitals and clinics in places named "lyon" (--limit 0 lists them all)' \
    "search, English: a list cut by --limit"
fr search lyon --limit 3
is "$(body | sed -n 1p)" "3 sur 13 hôpitaux et cliniques dans les lieux nommés « lyon » (--limit 0 les affiche tous)" \
    "search, French: a list cut by --limit"
french_only "search lyon --limit 3"

# Nothing found, the others of the place: one, then two.
en search ajaccio --with pet
is "$(body)" 'No hospital or clinic in places named "ajaccio" with pet (SAE 2024).
1 other establishment there: --all lists it.
2 others there without pet.' "search --with, English: none, one other establishment, two others without"
fr search ajaccio --with pet
is "$(body)" "Aucun hôpital ni clinique dans les lieux nommés « ajaccio » avec pet (SAE 2024).
1 autre établissement à cet endroit : --all l'affiche.
2 autres à cet endroit sans pet." "search --with, French: none, one other establishment, two others without"
french_only "search ajaccio --with pet"
fr search 42000 --with maternity:3
is "$(body | sed -n 2p)" "2 autres établissements à cet endroit : --all les affiche." \
    "search --with, French: two other establishments"
en search 69009 --with pet
is "$(body | sed -n '1p;$p')" '2 hospitals and clinics with postcode 69009 with pet (SAE 2024)
1 other there without pet.' "search --with, English: two with, one other without"
fr search 69009 --with pet
is "$(body | sed -n '1p;$p')" "2 hôpitaux et cliniques au code postal 69009 avec pet (SAE 2024)
1 autre à cet endroit sans pet." "search --with, French: two with, one other without"
french_only "search 69009 --with pet"

# --near: the distance column and how it is measured.
fr search 42 --near 10 --limit 2
is "$(body)" "2 sur 10 hôpitaux et cliniques à moins de 10 km de Saint-Étienne (42) (--limit 0 les affiche tous)
FINESS     Nom                      Catégorie                                  CP     Ville       Dép.   km
420090433  POLYCLINIQUE SAINT-JEAN  Etablissement de Soins Pluridisciplinaire  42000  ST ETIENNE  42    0,2
420039331  POLYCLINIQUE SAINT-JEAN  Etablissement de Soins Pluridisciplinaire  42004  ST ETIENNE  42    0,2
Distances à vol d'oiseau depuis le centre de Saint-Étienne (42218)." "search --near, French"
french_only "search 42 --near 10"
en search 42 --near 10 --limit 2
is "$(body | sed -n '$p')" "Distances as the crow flies from the centre of Saint-Étienne (42218)." "search --near, English"

# A usage error, then what --help calls it (cmd.c's line, not checked here).
fr search lyon --limit x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux search : --limit attend un nombre de résultats (0 pour tous), pas « x »" \
    "search, French: a usage error"
en search lyon --limit x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux search: --limit wants a number of results (0 for all), not 'x'" \
    "search, English: a usage error"

# --- hospital: the sections, the SAE years, the weight in the territory. ---------------
fr hospital 690049705
is "$RC" 0 "hospital, French: exit 0"
is "$(body | sed -n '/^Activité (SAE)$/,/^$/p' | sed -n '1,4p;9,10p')" "Activité (SAE)
                                        2023    2024  Évolution
  Lits MCO                               448     443       -1 %
  Places MCO                            n.d.    n.d.
  Urgences autorisées                    oui     oui
  Source des lits                        MCO   SYGEN" "hospital, French: the SAE figures, their labels and the trend"
is "$(body | sed -n '/^Poids dans le territoire/,/^$/p' | sed -n '1,3p')" "Poids dans le territoire (SAE 2024)
                           Site  Département    Part     Région   Part
  Lits MCO                  443        5 473   8,1 %     23 443  1,9 %" \
    "hospital, French: the weight in the territory"
contains "$OUT" "
Identité
" "hospital, French: the Identité section"
contains "$OUT" ", importé le " "hospital, French: the sources"
is "$(body | grep '^  Coordonnées')" "  Coordonnées  x 843470,4 ; y 6520510,9 (EPSG:2154)" \
    "hospital, French: the coordinates with decimal commas, apart by a semicolon"
french_only "hospital 690049705"
en hospital 690049705
is "$(body | sed -n '/^Activity (SAE)$/,/^$/p' | sed -n '1,3p')" "Activity (SAE)
                                 2023    2024  Trend
  MCO beds                        448     443    -1%" "hospital, English: the SAE figures"
is "$(body | grep '^  Coordinates')" "  Coordinates  x 843470.4, y 6520510.9 (EPSG:2154)" \
    "hospital, English: the coordinates"
fr hospital 12345
is "$RC|$ERR" "1|mediflux : « 12345 » n'est pas un numéro FINESS (neuf caractères : le département, comme 01, 2A ou 97, puis des chiffres)" \
    "hospital, French: not a FINESS number"

# --- regions: the title with its count of rows, the headings, the note. ----------------
fr regions
is "$(body | sed -n 1p)" "Régions, 2024 : 24 lignes" "regions, French: the title"
contains "$(body | sed -n 2p)" "Code  Nom                           Population  Étab.  Lits MCO  Places MCO" \
    "regions, French: the headings"
is "$(body | tail -2)" "* Open Medic compte la PACA avec la Corse et les régions d'outre-mer ensemble :
  boîtes et montants sont ceux du groupe, par habitant sur la population du groupe." \
    "regions, French: the note on Open Medic's groups"
french_only "regions"
en regions
is "$(body | sed -n 1p)" "Regions, 2024: 24 rows" "regions, English: the title"
fr regions --level departement
is "$(body | sed -n 1p)" "Départements, 2024 : 107 lignes" "regions --level departement, French"
fr regions --sort beds
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux regions : --sort : « beds » n'est ni code, ni name, ni un indicateur (voir mediflux regions --help)" \
    "regions, French: an unknown metric"

# --- meds: the title, the headings, the total, what --top left out. ---------------------
fr meds --top 2
is "$(body)" "Médicaments remboursés 2024, par ATC1
France entière · Tous âges · Tous · Tous prescripteurs
Code   Libellé                                         Boîtes        Remboursé €             Base €     Part
A      Système digestif et métabolisme            445 850 493   6 776 566 609,12   7 542 110 610,75   26,3 %
B      Sang et organes hématopoïétiques           203 251 484   5 682 604 320,31   6 063 254 796,78   22,0 %
Total  (toutes les lignes, même non affichées)  2 615 325 596  25 773 505 699,92  29 219 041 906,73  100,0 %
2 sur 14 lignes affichées (--top)" "meds, French: a table aligned by display width"
french_only "meds --top 2"
en meds --top 2
is "$(body | sed -n '1p;3p;$p')" "Reimbursed medicines 2024, by ATC1
Code   Label                                      Boxes       Reimbursed €             Base €   Share
2 of 14 rows shown (--top)" "meds, English"
fr meds --atc N02BE01 --by product
is "$(body | sed -n 1p)" "Médicaments remboursés 2024, par produit, ATC N02BE01 PARACETAMOL" "meds --by product, French"
fr meds --pathologies
is "$RC|$ERR" '1|mediflux : votre profil ne nomme aucune pathologie (mediflux profile set pathologies "diabète, asthme")' \
    "meds --pathologies, French: a profile without pathology"
fr meds --sex x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds : --sex vaut homme, femme ou inconnu" "meds, French: a usage error"

# The filters' values: each language's help and errors name its own words, and
# either language's words choose the same filter, named in the language.
fr meds --help
is "$(printf '%s\n' "$OUT" | grep -E '^  --(by|age|sex|prescriber) ')" \
"  --by NIVEAU       atc1 à atc5 ou produit (par défaut : le niveau sous --atc)
  --age TRANCHE     0-19, 20-59, 60+ ou inconnu
  --sex SEXE        homme, femme ou inconnu
  --prescriber GROUPE generaliste, specialiste, dentiste, salarie, autre ou inconnu" \
    "meds --help, French: the filters' values and placeholders in French"
en meds --help
is "$(printf '%s\n' "$OUT" | grep -E '^  --(by|age|sex|prescriber) ')" \
"  --by LEVEL        atc1 to atc5 or product (default: the level below --atc)
  --age BAND        0-19, 20-59, 60+ or unknown
  --sex SEX         male, female or unknown
  --prescriber GROUP gp, specialist, dentist, salaried, other or unknown" \
    "meds --help, English: the filters' values in English"
en meds --sex x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds: --sex is male, female or unknown" "meds, English: the sexes"
fr meds --age x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds : --age vaut 0-19, 20-59, 60+ ou inconnu" "meds, French: the age bands"
en meds --age x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds: --age is 0-19, 20-59, 60+ or unknown" "meds, English: the age bands"
fr meds --prescriber kine
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds : --prescriber : groupe de prescripteurs inconnu « kine » : generaliste, specialiste, dentiste, salarie, autre, inconnu (ou 1 à 6)" \
    "meds, French: the prescriber groups"
en meds --prescriber kine
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds: --prescriber: unknown prescriber group 'kine': gp, specialist, dentist, salaried, other, unknown (or 1 to 6)" \
    "meds, English: the prescriber groups"
fr meds --by x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux meds : --by vaut atc1 à atc5 ou produit" "meds, French: the levels"
fr meds --sex male --age unknown --prescriber gp --top 1
is "$RC|$(body | sed -n 2p)" "0|France entière · Âge inconnu · Masculin · Médecins généralistes libéraux" \
    "meds, French: English values choose the filters, named in French"
en meds --sex homme --age inconnu --prescriber généraliste --top 1
is "$RC|$(body | sed -n 2p)" "0|All of France · Age unknown · Male · Self-employed general practitioners" \
    "meds, English: French values choose the filters, named in English"
fr meds --region corse --top 1
is "$RC|$ERR" "0|mediflux : remarque : Open Medic compte Corse dans le BEN_REG 93, Provence-Alpes-Côte d'Azur et Corse" \
    "meds, French: the note on Corse"

# regions --level: department in English, departement in French, both read.
fr regions --level department
is "$RC|$(body | sed -n 1p)" "0|Départements, 2024 : 107 lignes" "regions --level department, French"
en regions --level departement
is "$RC|$(body | sed -n 1p)" "0|Departments, 2024: 107 rows" "regions --level departement, English"
fr regions --level x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux regions : --level vaut region ou departement" "regions, French: the levels"
en regions --level x
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux regions: --level is region or department" "regions, English: the levels"

# --- drug: one and two medicines, a cut list, none. -------------------------------------
fr drug ventoline
is "$(body)" "1 médicament correspondant à « ventoline »
CIS       Dénomination                                                                      Titulaire                    Présentations remboursables
67197393  VENTOLINE 100 microgrammes/dose, suspension pour inhalation en flacon pressurisé  BOEHRINGER INGELHEIM FRANCE                          1/1" \
    "drug, French: one medicine, the headings of the Médicaments pane"
french_only "drug ventoline"
en drug ventoline
is "$(body | sed -n 1,2p)" '1 medicine matching "ventoline"
CIS       Medicine name                                                                     Holder                       Reimbursable presentations' \
    "drug, English: one medicine"
fr drug eliq
is "$(body | sed -n 1p)" "2 médicaments correspondant à « eliq »" "drug, French: two medicines"
en drug eliq
is "$(body | sed -n 1p)" '2 medicines matching "eliq"' "drug, English: two medicines"
fr drug amlodipine --limit 2
is "$(body | sed -n 1p)" "2 sur 16 médicaments correspondant à « amlodipine » (--limit 0 les affiche tous)" \
    "drug, French: a list cut by --limit"
fr drug zzzz
is "$(body)" "Aucun médicament ne correspond à « zzzz »." "drug, French: none"
en drug zzzz
is "$(body)" 'No medicine matches "zzzz".' "drug, English: none"
fr drug x --date 2026
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux drug : --date doit être un jour comme 2026-12-04" \
    "drug, French: a usage error"

# --- drug: a medicine's fiche, what a box costs, the cost rules' errors. ----------------
fr drug 67564661 --date 2025-06-01
is "$RC|$(body | grep -E '^(Ce que|  Règles)')" "0|Ce que coûte une boîte le 2025-06-01 (sans mutuelle : aucune dans votre profil ; mediflux profile set mutuelle.coverage 100)
  Règles appliquées :" "drug fiche, French: no mutuelle, the rules applied"
is "$(body | grep -cE '^  [0-9-]{10}  A?SMR [^:]* : ')|$(body | grep -cE 'SMR [^ :]*: ')" "3|0" \
    "drug fiche, French: the HAS's opinions with a French colon"
# The command it suggests is the one exception: "profile set".
is "$( (body | sed 's/mediflux profile set [^)]*//'; printf '%s\n' "$ERR") | english_in)" "" \
    "drug 67564661: no English word left"
en drug 67564661 --date 2025-06-01
is "$RC|$(body | grep -E '^(What a box|  Rules)')" "0|What a box costs on 2025-06-01 (no mutuelle: none in your profile; mediflux profile set mutuelle.coverage 100)
  Rules applied:" "drug fiche, English"
fr drug 67564661 --date 2024-13-45
is "$RC|$ERR" "1|mediflux : date « 2024-13-45 » : pas un jour AAAA-MM-JJ" "drug, French: not a day"
en drug 67564661 --date 2024-13-45
is "$RC|$ERR" "1|mediflux: date '2024-13-45': not a day YYYY-MM-DD" "drug, English: not a day"
fr drug 67564661 --date 1990-01-01
is "$RC|$ERR" "1|mediflux : date 1990-01-01 : avant toutes les règles (la première est en vigueur à partir du 2008-01-01)" \
    "drug, French: a day before every rule"
printf 'rule;key;value;valid_from;valid_to;source;label\nrate;65;65;2008-13-01;;s;l\n' > "$TEST_TMP/rules.csv"
fr drug 67564661 --rules "$TEST_TMP/rules.csv"
is "$RC|$ERR" "1|mediflux : $TEST_TMP/rules.csv : ligne 2 : champ « valid_from » : pas un jour AAAA-MM-JJ : « 2008-13-01 »" \
    "drug --rules, French: a rule's field, by file and line"
en drug 67564661 --rules "$TEST_TMP/rules.csv"
is "$RC|$ERR" "1|mediflux: $TEST_TMP/rules.csv: line 2: field 'valid_from': not a day YYYY-MM-DD: '2008-13-01'" \
    "drug --rules, English"
printf 'règle;clé\n' > "$TEST_TMP/rules.csv"
fr drug 67564661 --rules "$TEST_TMP/rules.csv"
is "$RC|$ERR" "1|mediflux : $TEST_TMP/rules.csv : ligne 1 : pas de colonne « rule » dans l'en-tête" \
    "drug --rules, French: a missing column"

# --- The terminal interface without a terminal. ------------------------------------------
fr
is "$RC|$ERR" "1|mediflux : l'interface du terminal a besoin d'un terminal ; dans un script, utilisez une commande (voir mediflux --help)" \
    "no command and no terminal, French"
en
is "$RC|$ERR" "1|mediflux: the terminal interface needs a terminal; for scripts use a command (see mediflux --help)" \
    "no command and no terminal, English"

# --- profile: what is not set, the defaults, errors. ------------------------------------
fr profile show
is "$(printf '%s\n' "$OUT" | sed -n '1p;6p;8p')" "mutuelle.name             (non renseigné)
preferences.history_days  365 (par défaut)
preferences.language      fr (par défaut : celle de la locale)" "profile show, French"
is "$( (printf '%s\n' "$OUT" | sed 's/^[a-z._]* *//') | english_in)" "" "profile show, French: no English word left"
en profile show
is "$(printf '%s\n' "$OUT" | sed -n '1p;6p;8p')" "mutuelle.name             (not set)
preferences.history_days  365 (default)
preferences.language      en (default: the locale's)" "profile show, English"
fr profile set mutuelle.coverage 50
is "$RC|$ERR" "1|mediflux : mutuelle.coverage : doit être un nombre entier de 100 à 500 (pourcentage de la base de remboursement)" \
    "profile set, French: the rule broken"
fr profile set pathologies "diabète, asthme"
is "$RC|$OUT" "0|pathologies : diabète, asthme" "profile set, French: the key and its value"
en profile set pathologies "diabète, asthme"
is "$RC|$OUT" "0|pathologies: diabète, asthme" "profile set, English"
fr profile frob
is "$RC|$(printf '%s\n' "$ERR" | head -1)" "2|mediflux profile : action inconnue (show, set, unset, export ou import)" \
    "profile, French: an unknown action"

# The pathologies now set: meds lists their classes, saying so in French.
fr meds --pathologies
is "$(body | sed -n 1p)" "Médicaments remboursés 2024, mes pathologies : diabète → A10 ; asthme → R03" \
    "meds --pathologies, French: whose classes"
contains "$(body | tail -1)" "Total  (tous les médicaments : la base des parts)" "and what the total is"
french_only "meds --pathologies"

done_testing
