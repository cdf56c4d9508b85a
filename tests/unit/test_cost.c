/* SPDX-License-Identifier: ISC */
/*
 * The cost of one box, computed by hand from data/rules/medicines.csv. The
 * boxes are one real BDPM presentation's prices: base de remboursement
 * 32,61 € at 100 %, 8,43 € at 15 %, 26,16 € at 65 %, 9,84 € at 30 %.
 * AM = base x rate, rounded to the cent half away from zero; mutuelle =
 * min(max(0, coverage x base - AM), base - AM); left = base - AM - mutuelle
 * + franchise.
 */
#include "config.h"

#include "unit.h"

#include "cost.h"

#define RULES RULESDIR "/medicines.csv"

/* A day when the franchise is 1 € a box. */
#define DAY "2024-04-15"

struct cost_case {
	const char	*what;
	int64_t		 base;
	int		 rate;
	const char	*date;
	int		 coverage;
	const char	*ex[3];
	int64_t		 paid;		/* franchises already retained this year */
	int64_t		 am, mutuelle, franchise, left;
	int		 applied;	/* the rate after exemptions */
};

static int
setup(void **state)
{
	char *cause = NULL;
	struct cost_rules *rules;

	if ((rules = cost_rules_load(RULES, &cause)) == NULL)
		fail_msg("%s", cause);
	*state = rules;
	return 0;
}

static int
teardown(void **state)
{
	cost_rules_free(*state);
	return 0;
}

/* Computes a case and checks every amount; returns the result for more checks. */
static struct cost_result
check_case(const struct cost_rules *rules, const struct cost_case *c)
{
	struct cost_box box = { c->base, c->rate };
	struct cost_person p = { c->date, c->coverage, c->ex, c->paid };
	struct cost_result r;
	char *cause = NULL;

	if (cost_compute(rules, &box, &p, &r, &cause) != 0)
		fail_msg("%s: %s", c->what, cause);
	if (r.am_cents != c->am || r.mutuelle_cents != c->mutuelle ||
	    r.franchise_cents != c->franchise || r.left_cents != c->left ||
	    r.rate_pct != c->applied || r.base_cents != c->base)
		fail_msg("%s: got am %lld mutuelle %lld franchise %lld left %lld "
		    "rate %d", c->what, (long long)r.am_cents,
		    (long long)r.mutuelle_cents, (long long)r.franchise_cents,
		    (long long)r.left_cents, r.rate_pct);
	/* The parts always add up to the base. */
	assert_true(r.am_cents + r.mutuelle_cents + r.left_cents -
	    r.franchise_cents == r.base_cents);
	return r;
}

static void
check_cases(const struct cost_rules *rules, const struct cost_case *cases,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_case(rules, &cases[i]);
}

/* Each rate without a mutuelle, and a box the AM does not reimburse. */
static void
test_rates(void **state)
{
	static const struct cost_case cases[] = {
		/* 100 %: AM 3261; left 3261 - 3261 - 0 + 100 = 100 */
		{ "100 %", 3261, 100, DAY, -1, { NULL }, 0, 3261, 0, 100, 100,
		    100 },
		/* 65 %: 2616 x 0,65 = 1700,4 -> 1700; left 2616 - 1700 + 100 = 1016 */
		{ "65 %", 2616, 65, DAY, -1, { NULL }, 0, 1700, 0, 100, 1016,
		    65 },
		/* 30 %: 984 x 0,30 = 295,2 -> 295; left 984 - 295 + 100 = 789 */
		{ "30 %", 984, 30, DAY, -1, { NULL }, 0, 295, 0, 100, 789, 30 },
		/* 15 %: 843 x 0,15 = 126,45 -> 126; left 843 - 126 + 100 = 817 */
		{ "15 %", 843, 15, DAY, -1, { NULL }, 0, 126, 0, 100, 817, 15 },
		/* not reimbursed: AM 0, no franchise; left = base 843 */
		{ "0 %", 843, 0, DAY, -1, { NULL }, 0, 0, 0, 0, 843, 0 },
		/* half a cent rounds away from zero: 10 x 0,65 = 6,5 -> 7; left 10 - 7 + 100 = 103 */
		{ "6,5 cents", 10, 65, DAY, -1, { NULL }, 0, 7, 0, 100, 103,
		    65 },
	};
	const struct cost_rules *rules = *state;
	struct cost_case c = cases[0];
	struct cost_result r;

	check_cases(rules, cases, sizeof cases / sizeof cases[0]);

	/* The fiche names the rules that applied. */
	r = check_case(rules, &c);
	assert_non_null(r.rate_rule);
	assert_string_equal(r.rate_rule->key, "100");
	unit_assert_says(r.rate_rule->source, "R160-8");
	assert_non_null(r.franchise_rule);
	assert_string_equal(r.franchise_rule->value, "100");
	unit_assert_says(r.franchise_rule->source, "2024-114");
	assert_null(r.rate_exemption);
	assert_null(r.franchise_exemption);
	assert_null(r.cap_rule);
	assert_null(r.rest_exemption);

	c = cases[4];
	r = check_case(rules, &c);
	assert_null(r.rate_rule);
	assert_null(r.franchise_rule);
}

/* A mutuelle covering 100 % and 300 % of the base; never the franchise. */
static void
test_mutuelle(void **state)
{
	static const struct cost_case cases[] = {
		/* 100 % box, 100 %: 3261 - 3261 = 0 for the mutuelle; left = the franchise 100 */
		{ "100 % at 100 %", 3261, 100, DAY, 100, { NULL }, 0, 3261, 0,
		    100, 100, 100 },
		/* 65 % box, 100 %: min(max(0, 2616 - 1700), 2616 - 1700) = 916; left 2616 - 1700 - 916 + 100 = 100 */
		{ "65 % at 100 %", 2616, 65, DAY, 100, { NULL }, 0, 1700, 916,
		    100, 100, 65 },
		/* 30 % box, 100 %: 984 - 295 = 689; left 100 */
		{ "30 % at 100 %", 984, 30, DAY, 100, { NULL }, 0, 295, 689,
		    100, 100, 30 },
		/* 15 % box, 100 %: 843 - 126 = 717; left 100 */
		{ "15 % at 100 %", 843, 15, DAY, 100, { NULL }, 0, 126, 717,
		    100, 100, 15 },
		/* 65 % box, 300 %: 3 x 2616 = 7848, 7848 - 1700 = 6148 capped at 2616 - 1700 = 916; left 100 */
		{ "65 % at 300 %", 2616, 65, DAY, 300, { NULL }, 0, 1700, 916,
		    100, 100, 65 },
		/* 30 % box, 300 %: 2952 - 295 = 2657 capped at 689; left 100 */
		{ "30 % at 300 %", 984, 30, DAY, 300, { NULL }, 0, 295, 689,
		    100, 100, 30 },
		/* 15 % box, 300 %: 2529 - 126 = 2403 capped at 717; left 100 */
		{ "15 % at 300 %", 843, 15, DAY, 300, { NULL }, 0, 126, 717,
		    100, 100, 15 },
		/* 100 % box, 300 %: 9783 - 3261 = 6522 capped at 0; left 100 */
		{ "100 % at 300 %", 3261, 100, DAY, 300, { NULL }, 0, 3261, 0,
		    100, 100, 100 },
		/* not reimbursed, 300 %: no mutuelle covers it; left 843 */
		{ "0 % at 300 %", 843, 0, DAY, 300, { NULL }, 0, 0, 0, 0, 843,
		    0 },
	};

	check_cases(*state, cases, sizeof cases / sizeof cases[0]);
}

/* The exemptions: mineur, ald, ame, grossesse, css. */
static void
test_exemptions(void **state)
{
	static const struct cost_case cases[] = {
		/* mineur, 65 %: AM 1700, no franchise; left 2616 - 1700 = 916 */
		{ "mineur 65 %", 2616, 65, DAY, -1, { "mineur", NULL }, 0, 1700,
		    0, 0, 916, 65 },
		/* mineur, 65 %, mutuelle 100 %: 916 for the mutuelle; left 0 */
		{ "mineur 65 % at 100 %", 2616, 65, DAY, 100, { "mineur", NULL },
		    0, 1700, 916, 0, 0, 65 },
		/* ald, 65 % becomes 100 %: AM 2616, franchise due; left 100 */
		{ "ald 65 %", 2616, 65, DAY, -1, { "ald", NULL }, 0, 2616, 0,
		    100, 100, 100 },
		/* ald, 30 % becomes 100 %: AM 984; left 100 */
		{ "ald 30 %", 984, 30, DAY, -1, { "ald", NULL }, 0, 984, 0, 100,
		    100, 100 },
		/* ald, 15 % stays 15 %: AM 126; left 843 - 126 + 100 = 817 */
		{ "ald 15 %", 843, 15, DAY, -1, { "ald", NULL }, 0, 126, 0, 100,
		    817, 15 },
		/* ame, 65 % becomes 100 %: AM 2616, no franchise; left 0 */
		{ "ame 65 %", 2616, 65, DAY, -1, { "ame", NULL }, 0, 2616, 0, 0,
		    0, 100 },
		/* ame (adult) since 2015-02-06: 15 % not covered; left = base 843 */
		{ "ame 15 %", 843, 15, DAY, -1, { "ame", NULL }, 0, 0, 0, 0, 843,
		    0 },
		/* ame before 2015-02-06: 15 % at 100 %, AM 843, franchise 0,50 € waived; left 0 */
		{ "ame 15 % in 2014", 843, 15, "2014-06-01", -1, { "ame", NULL },
		    0, 843, 0, 0, 0, 100 },
		/* ame_mineur: 15 % at 100 %; left 0 */
		{ "ame_mineur 15 %", 843, 15, DAY, -1, { "ame_mineur", NULL }, 0,
		    843, 0, 0, 0, 100 },
		/* grossesse, 15 % becomes 100 %: AM 843, no franchise; left 0 */
		{ "grossesse 15 %", 843, 15, DAY, -1, { "grossesse", NULL }, 0,
		    843, 0, 0, 0, 100 },
		/* grossesse, 65 %: AM 2616; left 0 */
		{ "grossesse 65 %", 2616, 65, DAY, -1, { "grossesse", NULL }, 0,
		    2616, 0, 0, 0, 100 },
		/* css, 30 %: AM 295, the CSS pays 984 - 295 = 689, no franchise; left 0 */
		{ "css 30 %", 984, 30, DAY, -1, { "css", NULL }, 0, 295, 689, 0,
		    0, 30 },
		/* css with ald, 15 %: AM 126, CSS 717, no franchise; left 0 */
		{ "css+ald 15 %", 843, 15, DAY, -1, { "ald", "css", NULL }, 0,
		    126, 717, 0, 0, 15 },
		/* ald with a mutuelle 100 %, 65 %: AM 2616, mutuelle 0; left 100 */
		{ "ald 65 % at 100 %", 2616, 65, DAY, 100, { "ald", NULL }, 0,
		    2616, 0, 100, 100, 100 },
		/* an exemption does not make an unreimbursed box reimbursed; left 843 */
		{ "ald 0 %", 843, 0, DAY, -1, { "ald", NULL }, 0, 0, 0, 0, 843,
		    0 },
	};
	const struct cost_rules *rules = *state;
	struct cost_result r;

	check_cases(rules, cases, sizeof cases / sizeof cases[0]);

	r = check_case(rules, &cases[2]);		/* ald 65 % */
	assert_non_null(r.rate_exemption);
	assert_string_equal(r.rate_exemption->key, "ald");
	unit_assert_says(r.rate_exemption->source, "L160-14");
	assert_string_equal(r.rate_rule->key, "65");
	assert_null(r.franchise_exemption);

	r = check_case(rules, &cases[4]);		/* ald 15 % */
	assert_null(r.rate_exemption);

	r = check_case(rules, &cases[0]);		/* mineur */
	assert_non_null(r.franchise_exemption);
	assert_string_equal(r.franchise_exemption->key, "mineur");
	assert_null(r.franchise_rule);

	r = check_case(rules, &cases[11]);		/* css */
	assert_non_null(r.rest_exemption);
	assert_string_equal(r.rest_exemption->key, "css");
}

/* The franchise: 0,50 € until 2024-03-30, 1 € from 2024-03-31, 50 € a year at most. */
static void
test_franchise(void **state)
{
	static const struct cost_case cases[] = {
		/* 100 % box on 2024-03-30: franchise 50; left 3261 - 3261 + 50 = 50 */
		{ "2024-03-30", 3261, 100, "2024-03-30", -1, { NULL }, 0, 3261, 0,
		    50, 50, 100 },
		/* 100 % box on 2024-03-31: franchise 100; left 100 */
		{ "2024-03-31", 3261, 100, "2024-03-31", -1, { NULL }, 0, 3261, 0,
		    100, 100, 100 },
		/* 15 % box on 2024-03-30, mutuelle 100 %: 126 + 717 = 843; left the franchise 50 */
		{ "15 % 2024-03-30", 843, 15, "2024-03-30", 100, { NULL }, 0, 126,
		    717, 50, 50, 15 },
		/* first day of the franchise, 2008-01-01: 50 */
		{ "2008-01-01", 3261, 100, "2008-01-01", -1, { NULL }, 0, 3261, 0,
		    50, 50, 100 },
		/* 49,50 € already retained this year: 50 - 49,50 = 0,50 left of the cap; left 50 */
		{ "cap 4950", 3261, 100, DAY, -1, { NULL }, 4950, 3261, 0, 50, 50,
		    100 },
		/* 50 € already retained: the cap is reached; left 0 */
		{ "cap 5000", 3261, 100, DAY, -1, { NULL }, 5000, 3261, 0, 0, 0,
		    100 },
		/* 49 € retained: 1 € of room, all of the franchise 100; left 100 */
		{ "cap 4900", 3261, 100, DAY, -1, { NULL }, 4900, 3261, 0, 100,
		    100, 100 },
		/* 35 % until 2011-05-01: 984 x 0,35 = 344,4 -> 344; left 984 - 344 + 50 = 690 */
		{ "35 % 2011-05-01", 984, 35, "2011-05-01", -1, { NULL }, 0, 344,
		    0, 50, 690, 35 },
		/* 30 % from 2011-05-02: 295; left 984 - 295 + 50 = 739 */
		{ "30 % 2011-05-02", 984, 30, "2011-05-02", -1, { NULL }, 0, 295,
		    0, 50, 739, 30 },
	};
	const struct cost_rules *rules = *state;
	struct cost_result r;

	check_cases(rules, cases, sizeof cases / sizeof cases[0]);

	r = check_case(rules, &cases[0]);
	assert_string_equal(r.franchise_rule->value, "50");
	unit_assert_says(r.franchise_rule->source, "2007-1937");
	assert_null(r.cap_rule);
	r = check_case(rules, &cases[4]);
	assert_non_null(r.cap_rule);
	assert_string_equal(r.cap_rule->value, "5000");
	r = check_case(rules, &cases[6]);
	assert_null(r.cap_rule);
}

/* Computes one box that must fail, and checks what the message says. */
static void
check_refused(const struct cost_rules *rules, int64_t base, int rate,
    const char *date, const char *const *ex, const char *why)
{
	struct cost_box box = { base, rate };
	struct cost_person p = { date, -1, ex, 0 };
	struct cost_result r;
	char *cause = NULL;

	assert_int_equal(cost_compute(rules, &box, &p, &r, &cause), -1);
	unit_assert_says(cause, why);
	free(cause);
}

/* What cost_compute refuses, each time naming what is wrong. */
static void
test_errors(void **state)
{
	static const char *const unknown[] = { "ald", "retraite", NULL };
	static const char *const css[] = { "css", NULL };
	const struct cost_rules *rules = *state;

	check_refused(rules, 843, 15, DAY, unknown,
	    "unknown exemption 'retraite'");
	check_refused(rules, 843, 15, DAY, unknown, "known: mineur, cmuc, css, "
	    "ame, ame_mineur, grossesse, ald");
	/* Refused even for a box the AM does not reimburse. */
	check_refused(rules, 843, 0, DAY, unknown, "'retraite'");
	check_refused(rules, 843, 15, "2007-12-31", NULL,
	    "date 2007-12-31: before every rule (the first is in force from "
	    "2008-01-01)");
	/* The CSS began on 2019-11-01 (the CMU-C before it). */
	check_refused(rules, 843, 30, "2019-10-31", css,
	    "exemption 'css': no rule in force on 2019-10-31");
	/* No 15 % rate before 2010-04-01, no 35 % after 2011-05-01, no 40 % ever. */
	check_refused(rules, 843, 15, "2010-03-31", NULL,
	    "rate 15 %: no rule in force on 2010-03-31");
	check_refused(rules, 984, 35, "2011-05-02", NULL,
	    "rate 35 %: no rule in force on 2011-05-02");
	check_refused(rules, 984, 40, DAY, NULL, "rate 40 %");
	check_refused(rules, 843, 15, "2024-02-30", NULL,
	    "date '2024-02-30': not a day");
	check_refused(rules, 843, 101, DAY, NULL, "rate 101 %");
	check_refused(rules, -1, 15, DAY, NULL, "base -1 cents");
}

/* Writes a rules file of a header and lines, loads it, and checks the message. */
static void
check_bad_file(const char *dir, const char *text, const char *why)
{
	struct cost_rules *rules;
	char *path, *cause = NULL;

	assert_true(asprintf(&path, "%s/medicines.csv", dir) >= 0);
	unit_write_file(path, text, strlen(text));
	rules = cost_rules_load(path, &cause);
	assert_null(rules);
	unit_assert_says(cause, path);
	unit_assert_says(cause, why);
	free(cause);
	free(path);
}

#define HEADER "rule;key;value;valid_from;valid_to;source;label\n"
#define GOOD "rate;65;65;2008-01-01;;CSS R160-5;SMR important\n"

/* A bad rules file is refused, naming its line and field. */
static void
test_bad_rules(void **state)
{
	static const char reordered[] =
	    "label;rule;key;value;valid_from;valid_to;source\n"
	    "SMR important;rate;65;65;2008-01-01;;CSS\n\n";
	char *dir = unit_tmpdir(), *path, *cause = NULL;
	struct cost_rules *rules;

	(void)state;
	check_bad_file(dir, HEADER GOOD
	    "franchise_box;;abc;2008-01-01;;décret;franchise\n",
	    "line 3: field 'value': not an amount in cents: 'abc'");
	check_bad_file(dir, HEADER GOOD
	    "rate;15;15;2010-02-30;;CSS R160-5;SMR faible\n",
	    "line 3: field 'valid_from': not a day YYYY-MM-DD: '2010-02-30'");
	check_bad_file(dir, HEADER "taux;65;65;2008-01-01;;CSS;SMR\n",
	    "line 2: field 'rule': not rate, franchise_box, franchise_year_cap "
	    "or exemption: 'taux'");
	check_bad_file(dir, HEADER GOOD
	    "exemption;ald;rate100:65,30+tiers;2008-01-01;;CSS L160-14;ALD\n",
	    "line 3: field 'value': not an effect (franchise, rest or "
	    "rateN:R,R...): 'tiers'");
	check_bad_file(dir, HEADER GOOD
	    "exemption;ald;rate100:65,300;2008-01-01;;CSS L160-14;ALD\n",
	    "line 3: field 'value': not a rate from 1 to 100: '300'");
	check_bad_file(dir, HEADER GOOD "rate;30;30;2011-05-02;;;SMR modéré\n",
	    "line 3: field 'source': empty");
	check_bad_file(dir, HEADER GOOD
	    "rate;30;30;2011-05-02;2011-05-01;CSS;SMR modéré\n",
	    "line 3: field 'valid_to': before valid_from: '2011-05-01'");
	check_bad_file(dir, HEADER GOOD "rate;30;30;2011-05-02\n",
	    "line 3: field 'valid_to': missing");
	check_bad_file(dir, HEADER GOOD "\n"
	    "rate;65;65;2020-01-01;;CSS;SMR important\n",
	    "line 4: field 'valid_from': rate '65' is also in force on line 2 "
	    "on 2020-01-01");
	check_bad_file(dir, "rule;key;value;valid_from;source;label\n" GOOD,
	    "line 1: no column 'valid_to'");
	check_bad_file(dir, HEADER, "no rule");
	check_bad_file(dir, "", "empty");

	/* Columns in another order, and a blank line, are fine. */
	assert_true(asprintf(&path, "%s/medicines.csv", dir) >= 0);
	unit_write_file(path, reordered, strlen(reordered));
	if ((rules = cost_rules_load(path, &cause)) == NULL)
		fail_msg("%s", cause);
	cost_rules_free(rules);
	free(path);

	/* A missing file is named. */
	assert_true(asprintf(&path, "%s/none.csv", dir) >= 0);
	assert_null(cost_rules_load(path, &cause));
	unit_assert_says(cause, path);
	free(cause);
	free(path);

	unit_rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_mutuelle),
		cmocka_unit_test(test_exemptions),
		cmocka_unit_test(test_franchise),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
