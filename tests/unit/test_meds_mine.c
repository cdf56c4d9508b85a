/* SPDX-License-Identifier: ISC */
/*
 * "Mes pathologies" in src/ (query_meds_mine.c): the classes of a profile's
 * pathologies, each once, with the figures `meds --atc CLASS` gives, their
 * shares of every medication, every class at once, in one read transaction.
 * On the bundled sample database (REFDB).
 */
#include "config.h"

#include "unit.h"

#include "pathology.h"
#include "query_meds.h"
#include "xmalloc.h"

/* The totals meds --atc CODE gives, with mq's filters. */
static struct meds_result *
class_totals(struct query_db *q, const struct meds_query *filters,
    const char *code)
{
	struct meds_query mq = *filters;
	struct meds_result *r;
	char *cause = NULL;

	snprintf(mq.atc, sizeof mq.atc, "%s", code);
	if (meds_query_run(q, &mq, &r, &cause) != 0)
		fail_msg("%s: %s", code, cause);
	return r;
}

static void
check_mine(struct query_db *q, const struct meds_query *mq, const char *doc,
    const char *line, size_t n)
{
	struct meds_result *r, *c, *all;
	struct meds_query atc1 = *mq;
	json_error_t err;
	json_t *profile = json_loads(doc, 0, &err);
	char *cause = NULL, *got;
	double d;
	size_t i;

	assert_non_null(profile);
	assert_int_equal(meds_mine_run(q, mq, profile, &r, &got, &cause), 0);
	assert_string_equal(got, line);
	assert_int_equal(r->nrows, n);
	assert_int_equal(r->nall, n);
	assert_int_equal(q->depth, 0);
	atc1.by = 1;
	all = class_totals(q, &atc1, "");
	assert_int_equal(r->total_reimbursed_cents, all->total_reimbursed_cents);
	assert_int_equal(r->total_boxes, all->total_boxes);
	for (i = 0; i < n; i++) {
		c = class_totals(q, mq, r->rows[i].code);
		assert_int_equal(r->rows[i].boxes, c->total_boxes);
		assert_int_equal(r->rows[i].reimbursed_cents,
		    c->total_reimbursed_cents);
		assert_int_equal(r->rows[i].base_cents, c->total_base_cents);
		d = r->rows[i].share * (double)all->total_reimbursed_cents -
		    (double)c->total_reimbursed_cents;
		assert_true(d < 0.5 && d > -0.5);
		meds_result_free(c);
	}
	meds_result_free(all);
	meds_result_free(r);
	free(got);
	json_decref(profile);
}

static void
test_two_pathologies(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;

	(void)state;
	meds_query_init(&mq);
	check_mine(q, &mq, "{\"pathologies\": [\"diabète\", \"asthme\"]}",
	    "diabète → A10 ; asthme → R03", 2);
	/* With filters, each class as meds --atc CLASS --age 60+ --region 53. */
	mq.age = 60;
	mq.region = 53;
	check_mine(q, &mq, "{\"pathologies\": [\"diabète\", \"asthme\"]}",
	    "diabète → A10 ; asthme → R03", 2);
	query_db_free(q);
}

/* Every pathology the profile knows: every class once, however many. */
static void
test_every_pathology(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;
	const struct pathology *p;
	const char *const *a, *seen[256];
	json_t *doc = json_object(), *list = json_array();
	char *text, *line = xstrdup(""), *more, *classes;
	size_t n = 0, i;

	(void)state;
	for (p = pathology_table; p->name != NULL; p++) {
		json_array_append_new(list, json_string(p->name));
		classes = xstrdup("");
		for (a = p->atc; *a != NULL; a++) {
			more = xasprintf("%s%s%s", classes, *classes ? " " : "", *a);
			free(classes);
			classes = more;
			for (i = 0; i < n && strcmp(seen[i], *a) != 0; i++)
				;
			if (i == n)
				seen[n++] = *a;
		}
		more = xasprintf("%s%s%s → %s", line, *line ? " ; " : "",
		    p->name, classes);
		free(line);
		free(classes);
		line = more;
	}
	json_object_set_new(doc, "pathologies", list);
	text = json_dumps(doc, 0);
	meds_query_init(&mq);
	check_mine(q, &mq, text, line, n);
	free(text);
	free(line);
	json_decref(doc);
	query_db_free(q);
}

/* No pathology, or only names no table entry has: 1, nothing else. */
static void
test_none(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;
	struct meds_result *r = (struct meds_result *)1;
	char *line = (char *)1, *cause = NULL;
	json_t *docs[3];
	int i;

	(void)state;
	meds_query_init(&mq);
	docs[0] = json_pack("{}");
	docs[1] = json_pack("{s:[]}", "pathologies");
	docs[2] = json_pack("{s:[s, i]}", "pathologies", "lycanthropie", 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(meds_mine_run(q, &mq, docs[i], &r, &line,
		    &cause), 1);
		assert_null(r);
		assert_null(line);
		json_decref(docs[i]);
	}
	assert_int_equal(q->depth, 0);
	query_db_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_pathologies),
		cmocka_unit_test(test_every_pathology),
		cmocka_unit_test(test_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
