/* SPDX-License-Identifier: ISC */
/* UTF-8 decoding, sanitising and cutting by display width. */
#include "config.h"

#include <locale.h>

#include "unit.h"

#include "utf8.h"

static void
test_decode_rejects_invalid(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xe2\x80\xaf", 3, &cp), 3);
	assert_int_equal(cp, 0x202F);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), -1);	/* overlong NUL */
	assert_int_equal(utf8_decode("\xe0\x80\xaf", 3, &cp), -1);	/* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), -1);	/* surrogate */
	assert_int_equal(utf8_decode("\xf5\x80\x80\x80", 4, &cp), -1);
	assert_int_equal(utf8_decode("\xc3", 1, &cp), -1);	/* truncated */
	assert_int_equal(utf8_decode("\xe9t\xe9", 3, &cp), -1);	/* Latin-1 */
	assert_true(utf8_valid("Saint-Étienne", strlen("Saint-Étienne")));
	assert_false(utf8_valid("Saint-\xc9tienne", 13));
}

static void
test_sanitize_drops_controls(void **state)
{
	char *s;

	(void)state;
	s = utf8_sanitize("CH\x1b[31mROUGE\x1b[0m\tfin\x7f\xc2\x9b");
	assert_string_equal(s, "CH[31mROUGE[0m fin");
	free(s);
	s = utf8_sanitize("caf\xe9");
	assert_string_equal(s, "caf\xef\xbf\xbd");
	free(s);
}

static void
test_sanitize_drops_c1(void **state)
{
	char *s;

	(void)state;
	/* U+0080, U+0085 (NEL), U+009B (CSI) and U+009F: C1 controls, as UTF-8. */
	s = utf8_sanitize("\xc2\x80" "a\xc2\x85" "b\xc2\x9b" "31mc\xc2\x9f");
	assert_string_equal(s, "ab31mc");
	free(s);
	/* U+00A0 and U+00AD are the first characters after C1: kept. */
	s = utf8_sanitize("1\xc2\xa0" "000\xc2\xad");
	assert_string_equal(s, "1\xc2\xa0" "000\xc2\xad");
	free(s);
}

static void
test_sanitize_drops_bidi(void **state)
{
	char *s;

	(void)state;
	/* LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM; ALM. */
	s = utf8_sanitize("a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac"
	    "d\xe2\x80\xad" "e\xe2\x80\xae" "f\xe2\x81\xa6" "g\xe2\x81\xa7"
	    "h\xe2\x81\xa8" "i\xe2\x81\xa9" "j\xe2\x80\x8e" "k\xe2\x80\x8f"
	    "l\xd8\x9c" "m");
	assert_string_equal(s, "abcdefghijklm");
	free(s);
	/* Their neighbours stay: U+202F, U+061B, U+061D, U+2070, U+2027. */
	s = utf8_sanitize("\xe2\x80\xaf" "\xd8\x9b" "\xd8\x9d" "\xe2\x81\xb0"
	    "\xe2\x80\xa7");
	assert_string_equal(s, "\xe2\x80\xaf" "\xd8\x9b" "\xd8\x9d"
	    "\xe2\x81\xb0" "\xe2\x80\xa7");
	free(s);
}

static void
test_sanitize_drops_zero_width(void **state)
{
	char *s;

	(void)state;
	/* ZWSP, ZWNJ, ZWJ, WORD JOINER, the invisible operators, BOM. */
	s = utf8_sanitize("\xef\xbb\xbf" "C\xe2\x80\x8b" "H\xe2\x80\x8c"
	    " \xe2\x80\x8d" "N\xe2\x81\xa0" "I\xe2\x81\xa2" "M\xe2\x81\xaf"
	    "E\xef\xbb\xbf");
	assert_string_equal(s, "CH NIME");
	free(s);
	/* U+200A (hair space) and U+2010 (hyphen) around them stay. */
	s = utf8_sanitize("\xe2\x80\x8a" "\xe2\x80\x90");
	assert_string_equal(s, "\xe2\x80\x8a" "\xe2\x80\x90");
	free(s);
	assert_true(utf8_is_invisible(0xFEFF));
	assert_true(utf8_is_invisible(0x1B));
	assert_false(utf8_is_invisible(0xE9));
	assert_int_equal(utf8_cp_width(0x200B), 0);
	assert_int_equal(utf8_width("a\xe2\x80\xae" "b"), 2);
}

static void
test_sanitize_separators_are_spaces(void **state)
{
	char *s;

	(void)state;
	/* Line breaks of any kind and tabs separate words: a space each. */
	s = utf8_sanitize("Centre\xe2\x80\xa8hospitalier\xe2\x80\xa9"
	    "de\tBrest\nnord");
	assert_string_equal(s, "Centre hospitalier de Brest nord");
	free(s);
}

static void
test_width_and_cut(void **state)
{
	char *s;
	int used;

	(void)state;
	assert_int_equal(utf8_width("Saint-Étienne"), 13);
	assert_int_equal(utf8_width("E\xcc\x81"), 1);	/* combining accent */
	assert_int_equal(utf8_width("漢字"), 4);
	s = utf8_cut("Saint-Étienne", 7, 0);
	assert_string_equal(s, "Saint-É");
	free(s);
	s = utf8_cut("Saint-Étienne", 7, 1);
	assert_string_equal(s, "Saint-…");
	free(s);
	s = utf8_cut("Saint-Étienne", 13, 1);
	assert_string_equal(s, "Saint-Étienne");
	free(s);
	/* A wide character that does not fit whole is left out, never split. */
	assert_int_equal(utf8_fit("a漢", 2, &used), 1);
	assert_int_equal(used, 1);
	s = utf8_pad("Évry", 6, 0);
	assert_string_equal(s, "Évry  ");
	free(s);
	s = utf8_pad("42", 5, 1);
	assert_string_equal(s, "   42");
	free(s);
}

/* Widths come from UTF-8 whatever the locale: under C, a CJK character is still 2 columns. */
static void
test_width_under_c_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_int_equal(utf8_width("東京"), 4);
	assert_int_equal(utf8_width("ＬＹＯＮ"), 8);
	assert_int_equal(utf8_width("Orle\xCC\x81" "ans"), 7);
	assert_int_equal(utf8_width("Évry"), 4);
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_int_equal(utf8_width("東京"), 4);
}

/* A leading byte order mark is skipped, and only that. */
static void
test_skip_bom(void **state)
{
	static const struct {
		const char	*text;
		const char	*rest;
	} cases[] = {
		{ "\xEF\xBB\xBF{}", "{}" },
		{ "{}", "{}" },
		{ "\xEF\xBB", "\xEF\xBB" },
		{ "\xEF\xBB\xBF\xEF\xBB\xBF", "\xEF\xBB\xBF" },
		{ "", "" },
	};
	char buf[16];
	size_t i, n;
	FILE *f;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_non_null(f = tmpfile());
		fputs(cases[i].text, f);
		rewind(f);
		utf8_skip_bom(f);
		n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		assert_string_equal(buf, cases[i].rest);
		fclose(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_rejects_invalid),
		cmocka_unit_test(test_sanitize_drops_controls),
		cmocka_unit_test(test_sanitize_drops_c1),
		cmocka_unit_test(test_sanitize_drops_bidi),
		cmocka_unit_test(test_sanitize_drops_zero_width),
		cmocka_unit_test(test_sanitize_separators_are_spaces),
		cmocka_unit_test(test_width_and_cut),
		cmocka_unit_test(test_width_under_c_locale),
		cmocka_unit_test(test_skip_bom),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
