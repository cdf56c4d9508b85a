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
		cmocka_unit_test(test_width_and_cut),
		cmocka_unit_test(test_width_under_c_locale),
		cmocka_unit_test(test_skip_bom),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
