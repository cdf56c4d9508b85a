# SPDX-License-Identifier: ISC
# The Documents pane at 120x30 (the costs' columns beside the presentations),
# and at 80x24 (what is left to pay only):
# the three-line prescription of ordonnance.sh drawn at 200 dpi by
# tests/ocr/mkscan, read by real keystrokes (o, its path, Enter) while the
# screen stays alive; the three presentations and the total left to pay
# without a mutuelle, a runner-up picked on line 1 and the total counted again,
# c keeping it, `mediflux history` and `ordonnance --show` then showing it, the
# History pane replaying it; then again with the profile's mutuelle at 100 %,
# and Esc stopping the reading of a ten-page PDF, its thread and renderer.
. "$top_srcdir/tests/tui/lib.sh"

MKSCAN="$top_builddir/tests/ocr/mkscan"
if ! [ -f /usr/share/tesseract-ocr/5/tessdata/fra.traineddata ] && [ -z "${TESSDATA_PREFIX:-}" ]; then
	echo "1..0 # SKIP Tesseract's French model is not installed (Debian: tesseract-ocr-fra)"
	exit 0
fi
export MEDIFLUX_DB="$REFDB"
W="$TEST_TMP/scans"
mkdir -p "$W"
"$MKSCAN" -d 200 "$W/rx200.png" < "$top_srcdir/tests/fixtures/ordonnance/three-lines.txt"
is "$?" 0 "the prescription renders at 200 dpi"

# row CIP13: the screen's row of that presentation, spaces squeezed.
row() {
	screen | grep -e "$1" | head -1 | tr -s ' '
}

# read_scan [FILE]: o, the scan's path (the 200 dpi page unless given), Enter.
read_scan() {
	keys o
	wait_for "Scan de l'ordonnance (PNG, JPEG, TIFF ou PDF) :" >/dev/null
	keys -l "${1:-$W/rx200.png}"
	keys Enter
}

# threads: how many threads mediflux runs, and its child processes.
threads() {
	_pid=$(ui_pid)
	echo "threads: $(ls "/proc/$_pid/task" | wc -l), children: $(pgrep -c -P "$_pid")"
}

# threads_become TEXT: waits (5 s at most) until threads says TEXT.
threads_become() {
	_i=0
	while [ $_i -lt 50 ]; do
		[ "$(threads)" = "$1" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "# still $(threads), not $1"
	return 1
}

# --- Without a mutuelle. ----------------------------------------------------------------
start_ui 120 30 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
ok "the interface opens on Hôpitaux" wait_for "Rechercher :"
is "$(line 0 | sed 's/ *$//')" " mediflux  F2Hôpitaux F3Régions F4Médicaments F5Profil F6Historique F7Données F11Documents" \
    "while typing, the title names F11 for Documents"
keys F11
ok "F11 shows Documents, even from the text field" \
    wait_for "Aucune ordonnance gardée pour l'instant : o lit un scan (PNG, JPEG, TIFF ou PDF)."
contains "$(line 1)" "o lire un scan · Entrée afficher" "the first line says what the keys do"
is "$(line 0 | sed 's/ *$//')" " mediflux  1 Hôpitaux 2 Régions 3 Médicaments 4 Profil 5 Historique 6 Données 7 Documents" \
    "the seventh tab, highlighted"

read_scan
ok "the scan is read, matched and costed" wait_for "Total : reste à payer"
is "$(row 3400907973242)" " 1 EUPANTOL 40 mg, comprimé 3400907973242 100 % 1 4,01 8,61 5,60 0,00 1,00" \
    "line 1: EUPANTOL 40 mg, its boxes and costs"
is "$(row 3400905544673)" " 2 AMOXICILLINE SANDOZ 500 mg, gélule 3400905544673 100 % 2 4,48 7,10 4,62 0,00 2,00" \
    "line 2: AMOXICILLINE SANDOZ 500 mg, two boxes"
is "$(row 3400907032147)" " 3 LEVOTHYROXINE ALMUS 75 microgrammes, … 3400907032147 100 % 1 2,53 4,37 2,84 0,00 1,00" \
    "line 3: LEVOTHYROXINE ALMUS 75, cut to its column"
contains "$(screen)" " Total : reste à payer 11,02 · base 20,08 · Assurance Maladie 13,06 · mutuelle 0,00 · franchise 4,00" \
    "the total: 11,02 left to pay, as the command line says"
contains "$(screen)" ": coûts au " "the heading says which day the costs are for"
contains "$(screen)" "sans mutuelle · prescrite le 2026-12-07" "and that no mutuelle counts, and the day read on the page"
contains "$(screen)" " Lu : « EUPANTOL 40 mg, comprimé » · 1 cp le soir pendant 14 jours" \
    "the line selected as read, with its instructions"
contains "$(line 28)" "3 médicaments reconnus : Entrée sur une ligne pour en choisir un autre, c pour garder" \
    "the status line says what to do next"
contains "$(line 28)" "ÉCHANTILLON" "sample data flagged"

# A runner-up picked on line 1.
keys Enter
ok "Enter lists line 1's candidates" wait_for "Ligne 1, lue « EUPANTOL 40 mg, comprimé » : ses candidats"
is "$(row 'EUPANTOL 20 mg')" "EUPANTOL 20 mg, comprimé 3400917107071 70 % plaquette(s) PVC aluminium de 14 comprimé(s)" \
    "the runner-up, with its confidence and presentation"
keys Down Enter
ok "the pick counts every cost again" wait_for "reste à payer 10,33"
is "$(row 3400917107071)" " 1 EUPANTOL 20 mg, comprimé 3400917107071 70 % 1 3,32 6,64 4,32 0,00 1,00" \
    "line 1 is EUPANTOL 20 mg now"
contains "$(screen)" " Total : reste à payer 10,33 · base 18,11 · Assurance Maladie 11,78 · mutuelle 0,00 · franchise 4,00" \
    "the total follows"
contains "$(line 28)" "ligne 1 : EUPANTOL 20 mg, comprimé choisi ; reste à payer en tout : 10,33" "the status line says so"

# Kept.
keys c
ok "c keeps it" wait_for "ordonnance gardée sous le n° 1 (mediflux ordonnance --show 1)"
is "$(sqlite3 "$XDG_DATA_HOME/mediflux/user.db" "SELECT count(*) FROM prescription")" 1 "one prescription in the user database"
contains "$("$MEDIFLUX" history)" "ordonnance --show 1        3" "mediflux history lists it"
is "$("$MEDIFLUX" ordonnance --show 1 --json | json "[l['cip13'] for l in d['lines']], d['total']['left_to_pay_cents']")" \
    "['3400917107071', '3400905544673', '3400907032147'] 1033" "as it was confirmed: the pick and 10,33"
keys BSpace
ok "Backspace shows the prescriptions kept" wait_for "Ordonnances gardées, les plus récentes d'abord"
contains "$(row rx200.png)" " 1 " "the one kept is listed"
contains "$(row rx200.png)" "rx200.png 3 sur 3 10,33" "with its medicines and what is left to pay"
keys Enter
ok "Enter shows it again" wait_for "Ordonnance n° 1 (rx200.png), gardée le"
contains "$(screen)" " · prescrite le 2026-12-07" "with the day the prescription was written"
contains "$(row 3400917107071)" "EUPANTOL 20 mg, comprimé" "with the presentation picked"

# The History pane replays it here.
keys 5
ok "the History pane" wait_for "ordonnance --show 1"
keys Enter
ok "Enter replays it in Documents" wait_for "Ordonnance n° 1 (rx200.png), gardée le"
keys q
is "$(wait_exit)" 0 "q quits with status 0"

# --- With the profile's mutuelle at 100 %: the franchises alone are left. --------------
"$MEDIFLUX" profile set mutuelle.coverage 100 >/dev/null
start_ui 120 30 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
ok "the interface opens again" wait_for "Rechercher :"
keys F11
ok "Documents lists the one kept" wait_for "rx200.png"
read_scan
ok "the scan is read again" wait_for "mutuelle à 100 %"
is "$(row 3400907973242)" " 1 EUPANTOL 40 mg, comprimé 3400907973242 100 % 1 1,00 8,61 5,60 3,01 1,00" \
    "line 1 as read, the mutuelle paying the rest of the base"
is "$(row 3400905544673)" " 2 AMOXICILLINE SANDOZ 500 mg, gélule 3400905544673 100 % 2 2,00 7,10 4,62 2,48 2,00" \
    "line 2"
is "$(row 3400907032147)" " 3 LEVOTHYROXINE ALMUS 75 microgrammes, … 3400907032147 100 % 1 1,00 4,37 2,84 1,53 1,00" \
    "line 3"
contains "$(screen)" " Total : reste à payer 4,00 · base 20,08 · Assurance Maladie 13,06 · mutuelle 7,02 · franchise 4,00" \
    "4,00 left to pay, the franchises"

# At 80 columns the breakdown is left to the total's line, which says first
# what is left to pay.
tm resize-window -t t -x 80 -y 24
ok "at 80 columns" wait_for "Confiance Boîtes Reste à payer"
is "$(screen | grep -c 'Mutuelle Franchise')" 0 "the columns stop at what is left to pay"
contains "$(row 3400907973242)" " 100 % 1 1,00" "line 1: 1,00 left to pay"
contains "$(screen)" " Total : reste à payer 4,00 · base 20,08" "the total's line starts with what is left"

# m on line 3: another medicine found in the BDPM by the user's words, or a
# CIP13, then picked; words naming nothing say so.
keys Down Down m
ok "m asks for the words" wait_for "Médicament de la ligne 3 (nom et dosage, ou CIP13) :"
keys -l "levothyrox 75"
keys Enter
ok "the BDPM's presentations for them" wait_for "Ligne 3 : les présentations de la BDPM pour « levothyrox 75 »"
is "$(row 3400978351543)" "LEVOTHYROX 75 microgrammes… 3400978351543 95 % plaquette(s) PVC aluminium …" \
    "LEVOTHYROX 75 among them, its confidence and box"
keys Escape
ok "Esc goes back" wait_for "rx200.png : coûts au"
contains "$(row 3400907032147)" " 3 LEVOTHYROXINE ALMUS 75 micro… 3400907032147 100 % 1 1,00" "the match as it was"
keys m
wait_for "Médicament de la ligne 3" >/dev/null
keys -l "zzzqqq"
keys Enter
ok "words naming nothing say so" wait_for "rien dans la BDPM pour « zzzqqq »"
keys m
wait_for "Médicament de la ligne 3" >/dev/null
keys -l "3400978351543"
keys Enter
ok "a CIP13 finds its presentation" wait_for "Ligne 3 : les présentations de la BDPM pour « 3400978351543 »"
keys Enter
ok "Enter picks it" wait_for "ligne 3 : LEVOTHYROX 75 microgrammes, comprimé choisi"
contains "$(row 3400978351543)" " 3 LEVOTHYROX 75 microgrammes, … 3400978351543 choisie 1 1,00" \
    "line 3 is LEVOTHYROX 75 now, chosen"
ok "every cost counted again" wait_for "Total : reste à payer 4,00 · base 22,70"

# Esc stops a reading; the screen never waited for it. Ten dense pages of a
# PDF take Tesseract well over ten seconds: stopped, its thread and the PDF's
# renderer end within a few, and nothing the worker read is shown.
for i in $(seq 1 30); do
	echo "Ligne $i : PARACETAMOL BIOGARAN 1000 mg, comprimé, 1 comprimé 3 fois par jour pendant 5 jours"
done | "$MKSCAN" -s 9 -p 10 "$W/long.pdf"
keys BSpace
wait_for "Ordonnances gardées, les plus récentes d'abord" >/dev/null
IDLE=$(threads)
is "$IDLE" "threads: 1, children: 0" "one thread, no child, before a reading"
read_scan "$W/long.pdf"
ok "the long PDF is being read" wait_for "Lecture du scan… Échap l'arrête."
ok "by a worker thread, a child rendering the pages" threads_become "threads: 2, children: 1"
keys Escape
ok "Esc stops the reading" wait_for "lecture abandonnée"
ok "the worker and the renderer end within seconds" threads_become "$IDLE"
sleep 1
contains "$(screen)" "Ordonnances gardées, les plus récentes d'abord" "and what the worker read is dropped"
keys q
is "$(wait_exit)" 0 "q quits with status 0"
ok "the terminal is restored" terminal_restored

done_testing
