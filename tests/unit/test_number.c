/* SPDX-License-Identifier: ISC */
/* Numbers as published: decimal commas, thousands separators, negatives, empty cells. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "number.h"

static void
test_cents(void **state)
{
	static const struct {
		const char	*text;
		int		 rc;
		int64_t		 cents;
	} cases[] = {
		{ "135,06", 0, 13506 },
		{ "1.234,56", 0, 123456 },
		{ "1234.56", 0, 123456 },
		{ "1,234.56", 0, 123456 },
		{ "1 234,5", 0, 123450 },
		{ "-66596,25", 0, -6659625 },
		{ "-0,01", 0, -1 },
		{ "0", 0, 0 },
		{ "12", 0, 1200 },
		{ "12,345", 0, 1235 },		/* half away from zero */
		{ "-12,345", 0, -1235 },
		{ "12,3449", 0, 1234 },
		{ "1.234.567,8", 0, 123456780 },
		{ " 7,5 ", 0, 750 },
		{ "", 1, 0 },
		{ "   ", 1, 0 },
		{ "12,3x", -1, 0 },
		{ "abc", -1, 0 },
		{ "-", -1, 0 },
		{ "1,2,3", -1, 0 },
		{ ",5", 0, 50 },		/* as some exports write 0,5 */
	};
	size_t i;
	int64_t v;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = 0;
		assert_int_equal(number_parse_cents(cases[i].text, &v), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(v, cases[i].cents);
	}
}

static void
test_int(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(number_parse_int("45177", &v), 0);
	assert_int_equal(v, 45177);
	assert_int_equal(number_parse_int("-51", &v), 0);
	assert_int_equal(v, -51);
	assert_int_equal(number_parse_int("1.275", &v), -1);	/* a decimal, not whole */
	assert_int_equal(number_parse_int("1.275.000", &v), 0);
	assert_int_equal(v, 1275000);
	assert_int_equal(number_parse_int("12,0", &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(number_parse_int("12,5", &v), -1);
	assert_int_equal(number_parse_int("", &v), 1);
	assert_int_equal(number_parse_int("ND", &v), -1);
	assert_int_equal(number_parse_int("99999999999999999999", &v), -1);
}

static void
test_double(void **state)
{
	double d;

	(void)state;
	assert_int_equal(number_parse_double("870262.2", &d), 0);
	assert_true(d > 870262.19 && d < 870262.21);
	assert_int_equal(number_parse_double("339,5", &d), 0);
	assert_true(d > 339.49 && d < 339.51);
	assert_int_equal(number_parse_double("-0,25", &d), 0);
	assert_true(d < -0.249 && d > -0.251);
	assert_int_equal(number_parse_double("", &d), 1);
	assert_int_equal(number_parse_double("1e5", &d), -1);
}

/* Checked sums: what fits is added, what would leave int64_t is refused untouched. */
static void
test_add(void **state)
{
	int64_t v = INT64_MAX - 1, m = 0;

	(void)state;
	assert_int_equal(number_add(&v, 1), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(number_add(&v, 1), -1);
	assert_true(v == INT64_MAX);
	assert_int_equal(number_add(&v, INT64_MIN), 0);
	assert_true(v == -1);
	assert_int_equal(number_add(&v, INT64_MIN), -1);
	assert_true(v == -1);
	v = INT64_MIN + 1;
	assert_int_equal(number_add(&v, -1), 0);
	assert_int_equal(number_add(&v, -1), -1);
	assert_true(v == INT64_MIN);

	assert_int_equal(number_magnitude_add(&m, -5), 0);
	assert_int_equal(number_magnitude_add(&m, 5), 0);
	assert_true(m == 10);
	assert_int_equal(number_magnitude_add(&m, INT64_MIN), -1);
	assert_true(m == 10);
	assert_int_equal(number_magnitude_add(&m, INT64_MAX - 10), 0);
	assert_true(m == INT64_MAX);
	assert_int_equal(number_magnitude_add(&m, -1), -1);
	assert_int_equal(number_magnitude_add(&m, 0), 0);
}

/*
 * Fills text (room for 19) with up to 18 characters drawn from alphabet by
 * a linear congruential generator, so that a failure can be replayed;
 * returns the length.
 */
static int
random_text(uint32_t *seed, const char *alphabet, char *text)
{
	size_t n = strlen(alphabet);
	int j, len;

	*seed = *seed * 1103515245 + 12345;
	len = (int)(*seed >> 16) % 19;
	for (j = 0; j < len; j++) {
		*seed = *seed * 1103515245 + 12345;
		text[j] = alphabet[(*seed >> 16) % n];
	}
	text[len] = '\0';
	return len;
}

/*
 * A cell of the common shape is read without number_scan (number_plain);
 * with a space before it, it takes number_scan's way. Both ways give the
 * same status and value for 300 000 strings of digits, signs and marks,
 * and the shapes at number_plain's edges (15 and 16 digits, a mark without
 * decimals, three decimals) are checked by value.
 */
static void
test_plain_same_as_scan(void **state)
{
	static const char alphabet[] = "0123456789999-,.";
	char text[24], spaced[26];
	uint32_t seed = 20261206;
	int64_t a, b;
	int i, len, ra, rb, plain = 0;

	(void)state;
	for (i = 0; i < 300000; i++) {
		len = random_text(&seed, alphabet, text);
		snprintf(spaced, sizeof spaced, " %s", text);
		a = b = 7;
		ra = number_parse_cents(text, &a);
		rb = number_parse_cents(spaced, &b);
		assert_int_equal(ra, rb);
		if (ra == 0) {
			assert_true(a == b);
			plain++;
		}
		a = b = 7;
		ra = number_parse_int(text, &a);
		rb = number_parse_int(spaced, &b);
		assert_int_equal(ra, rb);
		if (ra == 0)
			assert_true(a == b);
	}
	/* Enough of them were numbers for the comparison to say something. */
	assert_true(plain > 10000);

	assert_int_equal(number_parse_cents("999999999999999", &a), 0);
	assert_true(a == INT64_C(99999999999999900));
	assert_int_equal(number_parse_cents("-999999999999999,99", &a), 0);
	assert_true(a == -INT64_C(99999999999999999));
	/* Sixteen digits take number_scan's way, which keeps whole parts to 2^53. */
	assert_int_equal(number_parse_cents("9007199254740992", &a), 0);
	assert_true(a == INT64_C(900719925474099200));
	assert_int_equal(number_parse_cents("9007199254740993", &a), -1);
	assert_int_equal(number_parse_cents("12,", &a), 0);
	assert_true(a == 1200);
	assert_int_equal(number_parse_cents("1.234", &a), 0);
	assert_true(a == 123);
	assert_int_equal(number_parse_int("-0", &a), 0);
	assert_true(a == 0);
	assert_int_equal(number_parse_int("-", &a), -1);
}

/*
 * The length-bounded readers (fields read in place in a CSV record) are the
 * string readers' rules: for 300 000 strings of digits, signs, marks, spaces
 * and other bytes, each followed in memory by more digits, the same status
 * and value; nothing past the length is read as part of the number, and a
 * NUL within it is refused, not taken for the end.
 */
static void
test_bytes_same_as_string(void **state)
{
	static const char alphabet[] = "0123456789 -+,.;x\xe9";
	char text[24], buf[40];
	uint32_t seed = 20260504;
	int64_t a, b;
	int i, len, ra, rb, numbers = 0;

	(void)state;
	for (i = 0; i < 300000; i++) {
		len = random_text(&seed, alphabet, text);
		/* As in a record: the next field's digits right after. */
		snprintf(buf, sizeof buf, "%s5,25", text);
		a = b = 7;
		ra = number_parse_cents(text, &a);
		rb = number_parse_cents_bytes(buf, (size_t)len, &b);
		assert_int_equal(ra, rb);
		assert_true(a == b);
		numbers += ra == 0;
		a = b = 7;
		ra = number_parse_int(text, &a);
		rb = number_parse_int_bytes(buf, (size_t)len, &b);
		assert_int_equal(ra, rb);
		assert_true(a == b);
	}
	assert_true(numbers > 10000);

	assert_int_equal(number_parse_cents_bytes("292,31;439,28", 6, &a), 0);
	assert_true(a == 29231);
	assert_int_equal(number_parse_cents_bytes("12,345", 5, &a), 0);
	assert_true(a == 1234);
	assert_int_equal(number_parse_int_bytes("12,5", 2, &a), 0);
	assert_true(a == 12);
	assert_int_equal(number_parse_int_bytes(" 1 234 ;9", 7, &a), 0);
	assert_true(a == 1234);
	assert_int_equal(number_parse_int_bytes("12;", 0, &a), 1);
	assert_int_equal(number_parse_int_bytes("   ;1", 3, &a), 1);
	assert_int_equal(number_parse_int_bytes("12\0", 3, &a), -1);
	assert_int_equal(number_parse_cents_bytes("1,5\0", 4, &a), -1);
	assert_int_equal(number_parse_cents_bytes("1\t234", 5, &a), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cents),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_double),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_plain_same_as_scan),
		cmocka_unit_test(test_bytes_same_as_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
