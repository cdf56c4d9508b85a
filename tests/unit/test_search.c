/* SPDX-License-Identifier: ISC */
/*
 * The hospital query layer as the terminal interface calls it: FINESS
 * numbers, empty queries, the order and counts of every list, limits, the
 * detail of one establishment and the JSON both share; on the bundled
 * sample database (REFDB).
 */
#include "config.h"

#include "unit.h"

#include "query_hospital.h"

static struct hospital_results *
search(struct query_db *q, const char *query, int limit, int all)
{
	struct hospital_results *r;
	char *cause = NULL;

	if (hospital_search(q, query, limit, all, &r, &cause) != 0)
		fail_msg("%s: %s", query, cause);
	return r;
}

static void
check_finess(const char *text, const char *expected)
{
	char *finess = hospital_finess_parse(text);

	if (expected == NULL)
		assert_null(finess);
	else
		assert_string_equal(finess, expected);
	free(finess);
}

static void
test_finess_numbers(void **state)
{
	(void)state;
	check_finess("010000024", "010000024");
	check_finess("  010000024\t", "010000024");
	check_finess("2a0000014", "2A0000014");
	check_finess("2B0044402", "2B0044402");
	check_finess("970400024", "970400024");
	check_finess("01000002", NULL);
	check_finess("0100000245", NULL);
	check_finess("2C0000014", NULL);
	check_finess("A10000024", NULL);
	check_finess("01000002A", NULL);
	check_finess("010 000 024", NULL);
	check_finess("2", NULL);
	check_finess("", NULL);
}

/* The search box empty or holding only punctuation: an empty list, not an error. */
static void
test_empty_query(void **state)
{
	static const char *const queries[] = { "", "   ", "-'*\"", "()" };
	struct query_db *q = unit_open_refdb();
	struct hospital_results *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		r = search(q, queries[i], 20, 0);
		assert_int_equal(r->kind, HOSPITAL_QUERY_EMPTY);
		assert_int_equal(r->nrows, 0);
		assert_int_equal(r->total, 0);
		assert_int_equal(r->total_all, 0);
		/* Nothing asked, nothing answered: no dataset, no flag. */
		assert_false(r->sample.sample);
		assert_int_equal(r->sample.ndatasets, 0);
		hospital_results_free(r);
	}
	query_db_free(q);
}

static int
tier_of(const char *category)
{
	if (strcmp(category, "101") == 0)
		return 0;
	return strcmp(category, "355") == 0 || strcmp(category, "106") == 0 ?
	    1 : 2;
}

/* Every list is ordered by place match, then tier, and holds the kinds asked for. */
static void
test_order_and_counts(void **state)
{
	static const char *const queries[] = { "saint etienne", "s", "st",
	    "paris", "42", "974", "75", "6", "69003", "lyon", "marseille", "a" };
	struct query_db *q = unit_open_refdb();
	struct hospital_results *r;
	const struct hospital_row *a, *b;
	size_t i, k;
	int all;

	(void)state;
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		for (all = 0; all <= 1; all++) {
			r = search(q, queries[i], 0, all);
			assert_true(r->nrows > 0);
			assert_int_equal(r->nrows, r->total);
			assert_true(r->total <= r->total_all);
			if (all)
				assert_int_equal(r->total, r->total_all);
			for (k = 0; k < r->nrows; k++) {
				a = &r->rows[k];
				if (!all)
					assert_memory_equal(a->category_group_code,
					    "11", 2);
				if (k == 0)
					continue;
				b = &r->rows[k - 1];
				assert_true(b->match <= a->match);
				if (b->match == a->match)
					assert_true(tier_of(b->category_code) <=
					    tier_of(a->category_code));
				assert_string_not_equal(b->finess, a->finess);
			}
			hospital_results_free(r);
		}
	}
	query_db_free(q);
}

/* A limit shows the head of the same list and says how long the whole is. */
static void
test_limit(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct hospital_results *whole, *head;
	size_t k;

	(void)state;
	whole = search(q, "s", 0, 0);
	head = search(q, "s", 5, 0);
	assert_int_equal(head->nrows, 5);
	assert_int_equal(head->total, whole->total);
	assert_int_equal(head->total_all, whole->total_all);
	for (k = 0; k < head->nrows; k++)
		assert_string_equal(head->rows[k].finess, whole->rows[k].finess);
	hospital_results_free(head);
	head = search(q, "s", HOSPITAL_SEARCH_LIMIT, 0);
	assert_int_equal(head->nrows, HOSPITAL_SEARCH_LIMIT);
	hospital_results_free(head);
	hospital_results_free(whole);
	query_db_free(q);
}

/* What the search read the text as, and what it looked for. */
static void
test_kinds(void **state)
{
	static const struct {
		const char			*query;
		enum hospital_query_kind	 kind;
		const char			*key;
	} cases[] = {
		{ "Saint-Étienne", HOSPITAL_QUERY_CITY, "saint etienne" },
		{ "ST-ETIENNE", HOSPITAL_QUERY_CITY, "saint etienne" },
		{ "42", HOSPITAL_QUERY_DEPARTEMENT, "42" },
		{ "2a", HOSPITAL_QUERY_DEPARTEMENT, "2A" },
		{ "974", HOSPITAL_QUERY_DEPARTEMENT, "974" },
		{ "20", HOSPITAL_QUERY_POSTCODE, "20" },
		{ "975", HOSPITAL_QUERY_DEPARTEMENT, "975" },
		{ "979", HOSPITAL_QUERY_POSTCODE, "979" },
		{ "42000", HOSPITAL_QUERY_POSTCODE, "42000" },
		{ "420001", HOSPITAL_QUERY_CITY, "420001" },
	};
	struct query_db *q = unit_open_refdb();
	struct hospital_results *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = search(q, cases[i].query, 20, 0);
		assert_int_equal(r->kind, cases[i].kind);
		assert_string_equal(r->key, cases[i].key);
		assert_string_equal(r->query, cases[i].query);
		hospital_results_free(r);
	}
	r = search(q, "2A", 20, 0);
	assert_string_equal(r->place, "Corse-du-Sud");
	hospital_results_free(r);
	query_db_free(q);
}

static void
test_detail(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct hospital_detail *d;
	char *cause = NULL;
	int i;

	(void)state;
	assert_int_equal(hospital_detail_get(q, "010000024", &d, &cause), 0);
	assert_string_equal(d->row.finess, "010000024");
	assert_string_equal(d->row.name, "CH DE FLEYRIAT");
	assert_string_equal(d->commune_name, "Viriat");
	assert_string_equal(d->row.departement_name, "Ain");
	assert_true(d->commune_known);
	assert_true(d->has_coordinates);
	assert_int_equal(d->coord_epsg, 2154);
	assert_string_equal(d->source.kind, "finess");
	assert_true(d->source.sample);
	assert_int_equal(d->nyears, 2);
	assert_int_equal(d->years[0].year, 2023);
	assert_int_equal(d->years[1].year, 2024);
	assert_string_equal(d->years[1].beds_source, "SYGEN");
	assert_int_equal(d->years[1].source.year, 2024);
	/* The table of figures reads the members themselves. */
	assert_int_equal(hospital_year_value(&d->years[0], &hospital_figures[0]),
	    d->years[0].beds_mco);
	/* The answer's flag is its sources', each sample dataset named once. */
	assert_true(d->sample.sample);
	assert_int_equal(d->sample.ndatasets, 3);
	assert_string_equal(d->sample.datasets[0].kind, "finess");
	assert_string_equal(d->sample.datasets[1].kind, "sae");
	assert_int_equal(d->sample.datasets[1].year, 2023);
	assert_int_equal(d->sample.datasets[2].year, 2024);
	for (i = 0; i < HOSPITAL_NFIGURES; i++)
		assert_non_null(hospital_figures[i].label);
	hospital_detail_free(d);

	assert_int_equal(hospital_detail_get(q, "010000032", &d, &cause), 1);
	assert_null(d);
	assert_int_equal(hospital_detail_get(q, "lyon", &d, &cause), 1);
	assert_null(d);
	query_db_free(q);
}

/* The JSON the command line prints and the interface may export. */
static void
test_json(void **state)
{
	static const char *const keys[] = { "finess", "name", "category",
	    "category_code", "city", "postal_code", "commune_code",
	    "departement", "region", "match" };
	struct query_db *q = unit_open_refdb();
	struct hospital_results *r;
	struct hospital_detail *d;
	json_t *j, *row;
	char *cause = NULL;
	size_t i, k;

	(void)state;
	r = search(q, "lyon", 3, 0);
	j = hospital_results_to_json(q, r);
	assert_true(json_is_true(json_object_get(j, "sample")));
	assert_int_equal(r->sample.ndatasets, 1);
	row = json_array_get(json_object_get(j, "sample_datasets"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "kind")),
	    "finess");
	assert_int_equal(json_integer_value(json_object_get(row, "year")), 2026);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "city");
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "total")),
	    r->total);
	assert_int_equal(json_array_size(json_object_get(j, "results")), 3);
	json_array_foreach(json_object_get(j, "results"), i, row) {
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			assert_non_null(json_object_get(row, keys[k]));
		assert_string_equal(json_string_value(json_object_get(row,
		    "finess")), r->rows[i].finess);
	}
	json_decref(j);
	hospital_results_free(r);

	assert_int_equal(hospital_detail_get(q, "010000024", &d, &cause), 0);
	j = hospital_detail_to_json(q, d);
	assert_string_equal(json_string_value(json_object_get(j, "finess")),
	    "010000024");
	row = json_array_get(json_object_get(j, "sae"), 0);
	assert_int_equal(json_integer_value(json_object_get(row, "beds_mco")),
	    d->years[0].beds_mco);
	assert_true(json_is_boolean(json_object_get(row, "er_authorised")));
	json_decref(j);
	hospital_detail_free(d);
	query_db_free(q);
}

/*
 * Every page stored at import (src/search_rank.c) is the general search's
 * first page (asked for more than a page, which never reads them): the
 * same rows, matches and totals.
 */
static void
test_stored_pages(void **state)
{
	struct hospital_results *stored, *general;
	struct query_db *q;
	sqlite3_stmt *st;
	char *cause = NULL, *key;
	size_t i;
	int all, n = 0;

	(void)state;
	if ((q = query_db_open(REFDB, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(sqlite3_prepare_v2(q->db, "SELECT key, all_kinds"
	    " FROM search_rank ORDER BY kind, key, all_kinds", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		key = strdup((const char *)sqlite3_column_text(st, 0));
		all = sqlite3_column_int(st, 1);
		stored = search(q, key, 20, all);
		general = search(q, key, 1000, all);
		assert_int_equal(stored->total, general->total);
		assert_int_equal(stored->total_all, general->total_all);
		assert_int_equal(stored->nrows, general->nrows < 20 ?
		    general->nrows : 20);
		for (i = 0; i < stored->nrows; i++) {
			assert_string_equal(stored->rows[i].finess,
			    general->rows[i].finess);
			assert_int_equal(stored->rows[i].match,
			    general->rows[i].match);
		}
		hospital_results_free(stored);
		hospital_results_free(general);
		free(key);
		n++;
	}
	sqlite3_finalize(st);
	/* The searches read them: the ranking that made them is this one. */
	assert_int_equal(q->search_rank, 1);
	assert_int_equal(n, 92);
	query_db_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finess_numbers),
		cmocka_unit_test(test_empty_query),
		cmocka_unit_test(test_order_and_counts),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_stored_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
