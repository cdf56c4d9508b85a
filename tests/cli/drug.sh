# SPDX-License-Identifier: ISC
# mediflux drug: medicines of the BDPM fixture (tests/fixtures/import/bdpm, with two
# presentations added here, at 30 % and not reimbursed) found by name, substance,
# CIS and CIP13, and the fiche with what a box costs: checked against amounts worked
# out by hand for each rate, with and without a mutuelle, before and after the
# franchise went to 1 EUR; --json, history, errors.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

BF="$FIX/bdpm"
W="$TEST_TMP/bdpm"
mkdir -p "$W"
cp "$BF"/* "$W/"
printf '60002504\t3320870\ttube(s) de 10 comprim\xe9(s)\tPr\xe9sentation active\tD\xe9claration de commercialisation\t03/12/2003\t3400933208707\toui\t30%%\t3,14\t4,16\t1,02\t\n60002504\t3320871\tbo\xeete de 20\tPr\xe9sentation active\tD\xe9claration de commercialisation\t03/12/2003\t3400933208714\tnon\t\t5,00\t5,00\t\t\n' \
    >> "$W/CIS_CIP_bdpm.txt"
DB="$TEST_TMP/drug.db"
import_into "$DB" "$W"/*
is "$RC" 0 "the BDPM fixture imports"

# Finding a medicine.
run --db "$DB" drug ceftri
is "$RC" 0 "drug WORD exits 0"
is "$OUT" "1 medicine matching \"ceftri\"
CIS       Medicine name                                                Holder                   Reimbursable presentations
68646885  CEFTRIAXONE VIATRIS 250 mg, poudre pour solution injectable  VIATRIS SANTE;MYLAN SAS                         1/2" \
    "a prefix of the name lists the speciality, its holder and reimbursable presentations"
run --db "$DB" drug CHLORHYDRATE ranitidine
contains "$OUT" "60002504  RANITIDINE BIOGARAN 150 mg, comprimé effervescent" \
    "a substance's words, in any order and any case"
run --db "$DB" drug "unités flexpen"
contains "$OUT" "61693569  NOVOMIX 30 FLEXPEN" "accents in the query are ignored"
run --db "$DB" drug "insul aspar"
contains "$OUT" "61693569  NOVOMIX 30 FLEXPEN" "the substance INSULINE ASPARTE finds NOVOMIX"
run --db "$DB" drug --json comprime
is "$(printf '%s' "$OUT" | json '[r["cis"] for r in d["specialities"]]')" \
    "['60002283', '60002504']" "--json lists the matches, by name"
is "$(printf '%s' "$OUT" | json 'd["sample"]')" False "published data is not flagged SAMPLE"
run --db "$DB" drug --limit 1 comprime
contains "$OUT" '1 of 2 medicines matching "comprime" (--limit 0 lists them all)' "--limit cuts the list and says so"
run --db "$DB" drug zzz
is "$OUT" 'No medicine matches "zzz".' "no match is said"
is "$RC" 0 "and is not an error"

# The fiche, by CIS and by CIP13.
run --db "$DB" drug 60002283 --date 2026-12-04
is "$RC" 0 "drug CIS exits 0"
contains "$OUT" "ANASTROZOLE ACCORD 1 mg, comprimé pelliculé" "the fiche names the speciality"
contains "$OUT" "  Composition            ANASTROZOLE 1,00 mg per un comprimé (active substance)" "its substance and dosage"
contains "$OUT" "  3400949497294  plaquette(s) PVC PVDC aluminium de 30 comprimé(s)  100%  31.59 €    32.61 €" \
    "each presentation with rate, price and price with fee"
contains "$OUT" "  This speciality  generic" "its place in its generic group"
contains "$OUT" "2011-06-15  SMR Important: Inscription (CT) — Le service médical rendu par ANASTROZOLE ACCORD est important. Avis & conclusions." \
    "the HAS's opinion"
contains "$OUT" "  liste I" "the prescribing condition"
run --db "$DB" drug 3400936165434 --json --date 2026-12-04
is "$(printf '%s' "$OUT" | json 'd["cis"] + " " + d["focus_cip13"]')" "68646885 3400936165434" \
    "a CIP13 gives its speciality's fiche, focused on it"
is "$(printf '%s' "$OUT" | json '[a["code"] for a in d["availability"]]')" "[2]" "with its shortage"
is "$(printf '%s' "$OUT" | json 'd["safety_notices"][0]["text"]')" \
    "Ceftriaxone : risque de précipitation & calcium" "and its safety notice"
is "$(printf '%s' "$OUT" | json 'd["mitm_atc"]')" J01DD04 "and that it is of major therapeutic interest"
run --db "$DB" drug 12345678
is "$RC" 1 "an unknown CIS exits 1"
contains "$ERR" "no medicine with CIS or CIP13 12345678" "and says so"

# What a box costs, by hand (base = price with fee; AM = rate x base, to the cent).
# cost CIP13 [DATE]: base am mutuelle franchise left, in cents. The fiche of the
# presentation's speciality holds every presentation: it is asked once per
# speciality, day and profile (profile_set changes the profile).
PROFILE_STATE=0
COST_KEY=
cost() {
	case $1 in
	3400949497294) _cis=60002283 ;;
	3400936174597) _cis=61693569 ;;
	3400936165441) _cis=68646885 ;;
	*) _cis=60002504 ;;
	esac
	_key="$_cis ${2:-2026-12-04} $PROFILE_STATE"
	if [ "$_key" != "$COST_KEY" ]; then
		run --db "$DB" drug "$_cis" --json --date "${2:-2026-12-04}"
		COST_JSON=$OUT
		COST_KEY=$_key
	fi
	printf '%s' "$COST_JSON" | json "[' '.join(str(p['cost'][k]) for k in ('base_cents', 'assurance_maladie_cents', 'mutuelle_cents', 'franchise_cents', 'left_to_pay_cents')) if p['cost'] else 'none' for p in d['presentations'] if p['cip13'] == '$1'][0]"
}
profile_set() {
	"$MEDIFLUX" profile "$@" >/dev/null
	PROFILE_STATE=$((PROFILE_STATE + 1))
}
# 100 %: 32,61 reimbursed, the franchise of 1 EUR is left.
is "$(cost 3400949497294)" "3261 3261 0 100 100" "100 %, no mutuelle: 1,00 EUR left (the franchise)"
# 65 %: 1 235,58 x 0,65 = 803,127 -> 803,13; left 1 235,58 - 803,13 + 1,00 = 433,45.
is "$(cost 3400936174597)" "123558 80313 0 100 43345" "65 %, no mutuelle: 433,45 EUR left"
# 30 %: 4,16 x 0,30 = 1,248 -> 1,25; left 4,16 - 1,25 + 1,00 = 3,91.
is "$(cost 3400933208707)" "416 125 0 100 391" "30 %, no mutuelle: 3,91 EUR left"
# 15 %: 8,43 x 0,15 = 1,2645 -> 1,26; left 8,43 - 1,26 + 1,00 = 8,17.
is "$(cost 3400933208639)" "843 126 0 100 817" "15 %, no mutuelle: 8,17 EUR left"
# Not reimbursed: all of 5,00, no franchise.
is "$(cost 3400933208714)" "500 0 0 0 500" "not reimbursed: the whole price, no franchise"
is "$(cost 3400936165441)" "none" "no price published: no cost"
# Before 2024-03-31 the franchise was 0,50 EUR.
is "$(cost 3400949497294 2024-03-30)" "3261 3261 0 50 50" "on 2024-03-30 the franchise is 0,50 EUR"
is "$(cost 3400949497294 2024-03-31)" "3261 3261 0 100 100" "from 2024-03-31, 1,00 EUR"
run --db "$DB" drug 60002504 --date 2026-12-04
contains "$OUT" "no mutuelle: none in your profile" "without a mutuelle the fiche says so"
contains "$OUT" "  3400933208639  8.43 €             1.26 €    0.00 €     1.00 €       8.17 €" \
    "and counts none"
contains "$OUT" "franchise médicale de 1 € par boîte de médicament (Code de la sécurité sociale" \
    "it names the rules applied, with their source"

# With a mutuelle at 100 % of the base: the rest of the base, never the franchise.
profile_set set mutuelle.coverage 100
# 15 %: mutuelle min(8,43 - 1,26, 8,43 - 1,26) = 7,17; left 1,00.
is "$(cost 3400933208639)" "843 126 717 100 100" "15 %, mutuelle 100 %: the franchise alone is left"
# 65 %: mutuelle 1 235,58 - 803,13 = 432,45; left 1,00.
is "$(cost 3400936174597)" "123558 80313 43245 100 100" "65 %, mutuelle 100 %: 1,00 EUR left"
is "$(cost 3400933208707)" "416 125 291 100 100" "30 %, mutuelle 100 %: 1,00 EUR left"
is "$(cost 3400933208714)" "500 0 0 0 500" "not reimbursed: the mutuelle adds nothing either"
profile_set set mutuelle.coverage 300
is "$(cost 3400933208639)" "843 126 717 100 100" "300 %: capped at what is left of the base"
run --db "$DB" drug 60002504 --date 2026-12-04
contains "$OUT" "(mutuelle: 300% of the base)" "the fiche says which coverage it counted"

# Exemptions in the profile, as the rules name them.
profile_set unset mutuelle.coverage
run profile set exemptions "ald, sécu"
is "$RC" 1 "an exemption the rules do not know is refused"
contains "$ERR" "exemptions: item 2 is not an exemption the cost rules know (known: mineur, cmuc, css, ame, ame_mineur, grossesse, ald)" \
    "naming the ones they know"
profile_set set exemptions ald
# ALD: 65 % and 30 % become 100 %, the franchise is still due; 15 % stays 15 %.
is "$(cost 3400936174597)" "123558 123558 0 100 100" "ALD: a 65 % box at 100 %, the franchise left"
is "$(cost 3400933208707)" "416 416 0 100 100" "ALD: a 30 % box at 100 %"
is "$(cost 3400933208639)" "843 126 0 100 817" "ALD: a 15 % box stays at 15 %"
is "$(cost 3400933208714)" "500 0 0 0 500" "ALD: not reimbursed stays so"
run --db "$DB" drug 3400936174597 --json --date 2026-12-04
is "$(printf '%s' "$OUT" | json 'd["presentations"][0]["cost"]["rate_pct"], d["cost_for"]["exemptions"]')" \
    "100 ['ald']" "the rate applied and the exemptions counted, in --json"
contains "$(printf '%s' "$OUT" | json 'd["presentations"][0]["cost"]["rules"]["rate_exemption"]["label"]')" \
    "affection de longue durée" "with the rule that changed the rate"
profile_set set exemptions mineur
# Under 18: no franchise. 15 %: 8,43 - 1,26 = 7,17 left; 100 %: nothing left.
is "$(cost 3400933208639)" "843 126 0 0 717" "minor: no franchise on a 15 % box"
is "$(cost 3400949497294)" "3261 3261 0 0 0" "minor: nothing left on a 100 % box"
profile_set set exemptions css
# CSS: no franchise, and the CSS pays the rest of the base: 8,43 - 1,26 = 7,17.
is "$(cost 3400933208639)" "843 126 717 0 0" "CSS: the rest of the base paid, no franchise"
profile_set set exemptions "ald, mineur"
is "$(cost 3400936174597)" "123558 123558 0 0 0" "ALD and minor together: 100 %, no franchise"
run --db "$DB" drug 60002504 --date 2026-12-04
contains "$OUT" "exemptions: ald, mineur)" "the fiche says which exemptions it counted"
profile_set unset exemptions

# History: one entry per query, in the Médicaments pane.
history_fold --db "$DB"
is "$(sqlite3 "$XDG_DATA_HOME/mediflux/user.db" "SELECT command || ' ' || params FROM history
    WHERE command = 'drug' ORDER BY id DESC LIMIT 1")" 'drug {"query":"60002504"}' \
    "the last drug query is in the history"

# Errors.
run --db "$DB" drug 60002283 --date 2026-13-45x
is "$RC" 2 "a bad --date is a usage error"
run --db "$DB" drug 60002283 --rules "$TEST_TMP/none.csv"
is "$RC" 1 "rules that cannot be read exit 1"
contains "$ERR" "none.csv" "naming the file"
printf 'rule;key;value;valid_from;valid_to;source;label\nrate;65;sixty;2008-01-01;;x;y\n' > "$TEST_TMP/bad.csv"
run --db "$DB" drug 60002283 --rules "$TEST_TMP/bad.csv"
is "$RC" 1 "a bad rules file exits 1"
contains "$ERR" "bad.csv: line 2" "naming its line"
run --db "$DB" drug "%%%"
is "$RC" 1 "nothing to look for exits 1"

# A list of several batches of rows (twenty a statement) in the index's order:
# the names starting with the word, then the others, each in name order.
cis_list() {
	printf '%s' "$OUT" | json '" ".join(s["cis"] for s in d["specialities"])'
}
ORDER=$(q "$REFDB" "SELECT group_concat(cis, ' ') FROM (SELECT c.cis FROM
    (SELECT rowid AS id, 0 AS part FROM bdpm_search WHERE bdpm_search MATCH '^\"a\"*'
     UNION ALL SELECT rowid, 1 FROM bdpm_search WHERE bdpm_search MATCH '(\"a\"*) NOT (^\"a\"*)') m
    JOIN bdpm_key k ON k.id = m.id JOIN bdpm_cis c ON c.cis = k.cis ORDER BY m.part, m.id)")
run --db "$REFDB" drug --json --limit 0 a
is "$(printf '%s' "$OUT" | json 'len(d["specialities"])')" 200 "'a' in the sample: 200 specialities"
is "$(cis_list)" "$ORDER" "in the index's order, across ten batches"
run --db "$REFDB" drug --json a
is "$(cis_list)" "$(printf '%s' "$ORDER" | cut -d' ' -f1-50)" "the default 50: the first two batches and half a third"

done_testing
