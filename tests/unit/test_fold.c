/* SPDX-License-Identifier: ISC */
/* Search keys: every spelling of a place gives one key. */
#include "config.h"

#include "unit.h"

#include "fold.h"

static void
check_key(const char *input, const char *expected)
{
	char *key = fold_key(input);

	assert_string_equal(key, expected);
	free(key);
}

static void
test_saint_etienne_spellings(void **state)
{
	(void)state;
	check_key("ST ETIENNE", "saint etienne");
	check_key("Saint-Étienne", "saint etienne");
	check_key("saint etienne", "saint etienne");
	check_key("St-Étienne", "saint etienne");
	check_key("  SAINT   ÉTIENNE  ", "saint etienne");
	/* Decomposed accents (NFD) fold like composed ones. */
	check_key("Saint-E\xcc\x81tienne", "saint etienne");
}

static void
test_sainte_and_apostrophes(void **state)
{
	(void)state;
	check_key("Sainte-Foy-lès-Lyon", "sainte foy les lyon");
	check_key("STE FOY LES LYON", "sainte foy les lyon");
	check_key("L'Haÿ-les-Roses", "l hay les roses");
	check_key("L’Haÿ-les-Roses", "l hay les roses");
	check_key("Val-d'Oise", "val d oise");
	/* Only whole words are abbreviations: "Ste" inside a word stays. */
	check_key("Stenay", "stenay");
	check_key("Ouistreham", "ouistreham");
	check_key("Estaires", "estaires");
}

static void
test_ligatures_and_other_letters(void **state)
{
	(void)state;
	check_key("Œuilly", "oeuilly");
	check_key("Cœuvres-et-Valsery", "coeuvres et valsery");
	check_key("Île de Clipperton", "ile de clipperton");
	check_key("Provence-Alpes-Côte d'Azur", "provence alpes cote d azur");
	check_key("Paris 13e Arrondissement", "paris 13e arrondissement");
	check_key("CHU SITE FELIX GUYON (SAINT DENIS)",
	    "chu site felix guyon saint denis");
	check_key("", "");
	check_key("---", "");
	/* Letters outside Latin are kept, not lost. */
	check_key("Αθήνα", "Αθήνα");
	/* Invalid UTF-8 becomes a separator rather than garbage. */
	check_key("Bad\xffName", "bad name");
}

static void
test_transliterate(void **state)
{
	char *s;

	(void)state;
	s = fold_transliterate("Hôpital Édouard Herriot — Lyon");
	assert_string_equal(s, "Hopital Edouard Herriot - Lyon");
	free(s);
	s = fold_transliterate("Œ漢");
	assert_string_equal(s, "OE?");
	free(s);
}

/* What folds to nothing is nothing to look for; anything with a letter or digit is. */
static void
test_blank(void **state)
{
	(void)state;
	assert_true(fold_is_blank(""));
	assert_true(fold_is_blank("%"));
	assert_true(fold_is_blank(" - ' _ %% "));
	assert_false(fold_is_blank("a"));
	assert_false(fold_is_blank("%69"));
	assert_false(fold_is_blank("東"));
	assert_false(fold_is_blank("É"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saint_etienne_spellings),
		cmocka_unit_test(test_sainte_and_apostrophes),
		cmocka_unit_test(test_ligatures_and_other_letters),
		cmocka_unit_test(test_transliterate),
		cmocka_unit_test(test_blank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
