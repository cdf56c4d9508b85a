/* SPDX-License-Identifier: ISC */
/*
 * Each query's parameters have one owner (params_meds.c, params_regions.c,
 * params_search.c): options read into a query, the query as its history
 * entry, the entry read back into the same query; entries no command wrote
 * are refused. On the bundled sample database (REFDB).
 */
#include "config.h"

#include "unit.h"

#include <sqlite3.h>

#include "params_meds.h"
#include "params_regions.h"
#include "params_search.h"

/* The entry as history stores it. */
static char *
dump(json_t *params)
{
	char *text = json_dumps(params, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(params);
	assert_non_null(text);
	return text;
}

static json_t *
parse(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);

	if (v == NULL)
		fail_msg("%s: %s", text, err.text);
	return v;
}

/* Reads one history entry as a query's replay would; -1 with *cause when refused. */
typedef int (*read_entry_fn)(struct query_db *, const json_t *, char **cause);

static int
read_meds(struct query_db *q, const json_t *entry, char **cause)
{
	struct meds_query mq;

	return meds_params_read_json(q, entry, &mq, cause);
}

static int
read_regions(struct query_db *q, const json_t *entry, char **cause)
{
	struct region_query rq;

	(void)q;
	return regions_params_read_json(entry, &rq, cause);
}

static int
read_search(struct query_db *q, const json_t *entry, char **cause)
{
	struct search_params sp = { 0 };
	int rc;

	(void)q;
	rc = search_params_read_json(entry, &sp, cause);
	if (rc != 0)
		assert_null(sp.query);
	search_params_clear(&sp);
	return rc;
}

static int
read_hospital(struct query_db *q, const json_t *entry, char **cause)
{
	char finess[10];

	(void)q;
	return hospital_params_read_json(entry, finess, cause);
}

/* Each entry of bad (entry text, then what the refusal says) is refused, saying so. */
static void
assert_refused(read_entry_fn read, struct query_db *q, const char *const bad[][2],
    size_t n)
{
	char *cause;
	json_t *entry;
	size_t i;

	for (i = 0; i < n; i++) {
		entry = parse(bad[i][0]);
		cause = NULL;
		if (read(q, entry, &cause) == 0)
			fail_msg("%s was read", bad[i][0]);
		if (strstr(cause, bad[i][1]) == NULL)
			fail_msg("%s: '%s' does not say '%s'", bad[i][0], cause,
			    bad[i][1]);
		free(cause);
		json_decref(entry);
	}
}

static void
assert_meds_equal(const struct meds_query *a, const struct meds_query *b)
{
	assert_int_equal(a->year, b->year);
	assert_string_equal(a->atc, b->atc);
	assert_int_equal(a->by, b->by);
	assert_int_equal(a->region, b->region);
	assert_int_equal(a->age, b->age);
	assert_int_equal(a->sex, b->sex);
	assert_int_equal(a->prescriber, b->prescriber);
	assert_int_equal(a->top, b->top);
}

/* Every option given as typed: one entry, which reads back as the same query. */
static void
test_meds_round_trip(void **state)
{
	const char *option[MEDS_NOPTIONS] = {
		[MEDS_OPT_YEAR] = "2024", [MEDS_OPT_REGION] = "guadeloupe",
		[MEDS_OPT_ATC] = "n02", [MEDS_OPT_BY] = "ATC4",
		[MEDS_OPT_AGE] = "60+", [MEDS_OPT_SEX] = "femme",
		[MEDS_OPT_PRESCRIBER] = "Généraliste", [MEDS_OPT_TOP] = "10",
	};
	struct query_db *q = unit_open_refdb();
	struct meds_query mq, back;
	char *cause = NULL, *note = NULL, *text;
	json_t *entry;

	(void)state;
	meds_query_init(&mq);
	assert_int_equal(meds_params_read_options(q, option, &mq, &note,
	    &cause), 0);
	assert_non_null(note);
	assert_non_null(strstr(note, "BEN_REG 5"));
	free(note);
	text = dump(meds_params_to_json(&mq));
	assert_string_equal(text, "{\"year\":2024,\"top\":10,\"atc\":\"N02\","
	    "\"by\":\"atc4\",\"age\":60,\"sex\":2,\"prescriber\":1,"
	    "\"region\":\"5\"}");
	entry = parse(text);
	assert_int_equal(meds_params_read_json(q, entry, &back, &cause), 0);
	assert_meds_equal(&mq, &back);
	/* Written again, byte for byte the same. */
	free(text);
	text = dump(meds_params_to_json(&back));
	assert_string_equal(text, "{\"year\":2024,\"top\":10,\"atc\":\"N02\","
	    "\"by\":\"atc4\",\"age\":60,\"sex\":2,\"prescriber\":1,"
	    "\"region\":\"5\"}");
	free(text);
	json_decref(entry);
	/* Nothing given: the defaults, and an empty entry. */
	meds_query_init(&mq);
	text = dump(meds_params_to_json(&mq));
	assert_string_equal(text, "{}");
	entry = parse(text);
	assert_int_equal(meds_params_read_json(q, entry, &back, &cause), 0);
	assert_meds_equal(&mq, &back);
	json_decref(entry);
	free(text);
	query_db_free(q);
}

/* Each BEN_REG Open Medic publishes is recorded as text that reads back as itself. */
static void
test_meds_every_region(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq, back;
	sqlite3 *db;
	sqlite3_stmt *st;
	char *cause = NULL;
	json_t *entry;
	int n = 0;

	(void)state;
	assert_int_equal(sqlite3_open_v2(REFDB, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT code FROM med_region "
	    "ORDER BY code", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		meds_query_init(&mq);
		mq.region = sqlite3_column_int(st, 0);
		entry = meds_params_to_json(&mq);
		if (meds_params_read_json(q, entry, &back, &cause) != 0)
			fail_msg("BEN_REG %d: %s", mq.region, cause);
		assert_int_equal(back.region, mq.region);
		json_decref(entry);
		n++;
	}
	assert_int_equal(n, 15);
	sqlite3_finalize(st);
	sqlite3_close(db);
	query_db_free(q);
}

/* An entry from before the owner: the region as typed still reads back. */
static void
test_meds_region_as_typed(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;
	char *cause = NULL;
	json_t *entry = parse("{\"region\":\"bretagne\",\"age\":99}");

	(void)state;
	assert_int_equal(meds_params_read_json(q, entry, &mq, &cause), 0);
	assert_int_equal(mq.region, 53);
	assert_int_equal(mq.age, 99);
	json_decref(entry);
	query_db_free(q);
}

/* Entries no command wrote: refused, saying which parameter is wrong. */
static void
test_meds_tampered(void **state)
{
	static const char *const bad[][2] = {
		{ "[]", "not an object" },
		{ "{\"colour\":\"red\"}", "unknown parameter 'colour'" },
		{ "{\"age\":61}", "--age is" },
		{ "{\"age\":\"60\"}", "age is not a whole number" },
		{ "{\"age\":100}", "age is not a whole number from 0 to 99" },
		{ "{\"sex\":3}", "--sex is" },
		{ "{\"prescriber\":7}", "unknown prescriber group '7'" },
		{ "{\"region\":\"atlantis\"}", "unknown region 'atlantis'" },
		{ "{\"region\":53}", "region is not a text" },
		{ "{\"atc\":\"N0A\"}", "not the beginning of an ATC code" },
		{ "{\"atc\":\"N02BE01X\"}", "atc is not a text of 1 to 7" },
		{ "{\"atc\":\"N\\u0000\"}", "atc is not a text" },
		{ "{\"by\":\"atc9\"}", "--by is" },
		{ "{\"year\":1800}", "year is not a whole number" },
		{ "{\"year\":2024.0}", "year is not a whole number" },
		{ "{\"top\":-1}", "top is not a whole number" },
	};
	struct query_db *q = unit_open_refdb();

	(void)state;
	assert_refused(read_meds, q, bad, sizeof bad / sizeof bad[0]);
	query_db_free(q);
}

static void
assert_regions_equal(const struct region_query *a, const struct region_query *b)
{
	assert_int_equal(a->level, b->level);
	assert_int_equal(a->year, b->year);
	assert_int_equal(a->sort, b->sort);
	assert_int_equal(a->descending, b->descending);
}

/* Options as typed, their entry, and the entry read back as the same query. */
static void
check_regions(const char *level, const char *year, const char *sort,
    const char *asc, const char *expected)
{
	const char *option[REGIONS_NOPTIONS] = { level, year, sort, asc };
	struct region_query rq, back;
	char *cause = NULL, *text;
	json_t *entry;

	assert_int_equal(regions_params_read_options(option, &rq, &cause), 0);
	text = dump(regions_params_to_json(&rq));
	assert_string_equal(text, expected);
	entry = parse(text);
	assert_int_equal(regions_params_read_json(entry, &back, &cause), 0);
	assert_regions_equal(&rq, &back);
	json_decref(entry);
	free(text);
}

static void
test_regions(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"level\":\"canton\"}", "--level is region or department" },
		{ "{\"sort\":\"beds\"}", "--sort: 'beds' is not code, name" },
		{ "{\"asc\":\"yes\"}", "asc is not true or false" },
		{ "{\"year\":\"2024\"}", "year is not a whole number" },
		{ "{\"at\":1}", "unknown parameter 'at'" },
	};
	(void)state;
	check_regions(NULL, NULL, NULL, NULL, "{}");
	check_regions("region", NULL, "code", NULL, "{}");
	check_regions("département", "2023", "beds_per_100k", "",
	    "{\"level\":\"departement\",\"year\":2023,"
	    "\"sort\":\"beds_per_100k\",\"asc\":true}");
	check_regions(NULL, NULL, "population", NULL, "{\"sort\":\"population\"}");
	check_regions(NULL, NULL, "name", "", "{\"sort\":\"name\"}");
	assert_refused(read_regions, NULL, bad, sizeof bad / sizeof bad[0]);
}

static void
test_search(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"limit\":20}", "no query" },
		{ "{\"query\":\"  \"}", "nothing to search for" },
		{ "{\"query\":\"lyon\\u001b[2J\"}", "characters no search records" },
		{ "{\"query\":\"lyon\",\"limit\":-1}", "limit is not a whole number" },
		{ "{\"query\":\"lyon\",\"all\":1}", "all is not true or false" },
		{ "{\"query\":\"lyon\",\"nearby\":\"x\"}", "unknown parameter 'nearby'" },
		{ "{\"query\":\"lyon\",\"near\":\"x\"}",
		    "near is not a whole number from 1 to 1000" },
		{ "{\"query\":\"lyon\",\"near\":0}",
		    "near is not a whole number from 1 to 1000" },
	};
	char *words[] = { "saint", "étienne" };
	const char *option[SEARCH_NOPTIONS] = { "0", "" };
	struct search_params sp, back = { 0 };
	char *cause = NULL, *text;
	json_t *entry;

	(void)state;
	assert_int_equal(search_params_read_options(words, 2, option, &sp,
	    &cause), 0);
	text = dump(search_params_to_json(&sp));
	assert_string_equal(text, "{\"query\":\"saint étienne\",\"limit\":0,"
	    "\"all\":true}");
	entry = parse(text);
	assert_int_equal(search_params_read_json(entry, &back, &cause), 0);
	assert_string_equal(back.query, sp.query);
	assert_int_equal(back.limit, 0);
	assert_int_equal(back.all, 1);
	json_decref(entry);
	free(text);
	/* Without --limit: the command line's 20. */
	entry = parse("{\"query\":\"lyon\"}");
	assert_int_equal(search_params_read_json(entry, &back, &cause), 0);
	assert_int_equal(back.limit, 20);
	assert_int_equal(back.all, 0);
	assert_int_equal(back.near_km, 0);
	json_decref(entry);
	/* --near: its distance, the default when given bare, recorded and read back. */
	search_params_clear(&sp);
	{
		const char *near[SEARCH_NOPTIONS] = { NULL, NULL, NULL, "" };
		const char *near12[SEARCH_NOPTIONS] = { NULL, NULL, NULL, "12" };
		char *none[] = { NULL };

		assert_int_equal(search_params_read_options(words, 2, near, &sp,
		    &cause), 0);
		assert_int_equal(sp.near_km, 30);
		search_params_clear(&sp);
		/* No place: the caller measures from the profile's location. */
		assert_int_equal(search_params_read_options(none, 0, near12, &sp,
		    &cause), 0);
		assert_int_equal(sp.near_km, 12);
		search_params_clear(&sp);
		assert_int_equal(search_params_read_options(words, 2, near12, &sp,
		    &cause), 0);
		text = dump(search_params_to_json(&sp));
		assert_string_equal(text, "{\"query\":\"saint étienne\","
		    "\"limit\":20,\"all\":false,\"near\":12}");
		entry = parse(text);
		assert_int_equal(search_params_read_json(entry, &back, &cause), 0);
		assert_int_equal(back.near_km, 12);
		json_decref(entry);
		free(text);
	}
	assert_refused(read_search, NULL, bad, sizeof bad / sizeof bad[0]);
	search_params_clear(&sp);
	search_params_clear(&back);
}

static void
test_hospital(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"finess\":\"42007871X\"}", "has no FINESS number" },
		{ "{\"finess\":\"4200787190\"}", "finess is not a text of 9" },
		{ "{}", "has no FINESS number" },
		{ "{\"finess\":420078719}", "finess is not a text" },
		{ "{\"finess\":\"420078719\",\"x\":1}", "unknown parameter 'x'" },
	};
	char finess[10], *cause = NULL, *text;
	json_t *entry;

	(void)state;
	text = dump(hospital_params_to_json("2A0000154"));
	assert_string_equal(text, "{\"finess\":\"2A0000154\"}");
	entry = parse(text);
	assert_int_equal(hospital_params_read_json(entry, finess, &cause), 0);
	assert_string_equal(finess, "2A0000154");
	json_decref(entry);
	free(text);
	assert_refused(read_hospital, NULL, bad, sizeof bad / sizeof bad[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meds_round_trip),
		cmocka_unit_test(test_meds_every_region),
		cmocka_unit_test(test_meds_region_as_typed),
		cmocka_unit_test(test_meds_tampered),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_hospital),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
