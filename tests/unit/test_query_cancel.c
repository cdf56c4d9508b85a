/* SPDX-License-Identifier: ISC */
/*
 * Ctrl-C cancels a long query in the terminal interface: with
 * query_db_cancel_on_signal, a pending stop signal makes the query running
 * fail (never an empty result), says so, and the next query runs; without it a
 * pending signal changes nothing. On the bundled sample database (REFDB).
 */
#include "config.h"

#include "unit.h"

#include <signal.h>

#include "query_hospital.h"
#include "query_meds.h"
#include "signal_pending.h"

/* The whole of France by ATC1: two hundred thousand rows read, cancelled. */
static void
test_cancelled_query_fails(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;
	struct meds_result *r = NULL;
	struct hospital_results *h = NULL;
	char *cause = NULL;

	(void)state;
	query_db_cancel_on_signal(q);
	meds_query_init(&mq);
	signal_pending_note(SIGINT);
	assert_int_equal(meds_query_run(q, &mq, &r, &cause), -1);
	assert_null(r);
	assert_non_null(strstr(cause, "interrupt"));
	free(cause);
	cause = NULL;
	assert_int_equal(query_db_take_interrupted(q), 1);
	assert_int_equal(query_db_take_interrupted(q), 0);
	/* A search, the same way: an error, not "nothing found". */
	assert_int_equal(hospital_search(q, "lyon", 0, 0, &h, &cause), -1);
	assert_null(h);
	free(cause);
	cause = NULL;
	assert_int_equal(query_db_take_interrupted(q), 1);
	/* The Ctrl-C taken, the same queries answer. */
	assert_int_equal(signal_pending_take_interrupt(), 1);
	assert_int_equal(signal_pending_any(), 0);
	assert_int_equal(meds_query_run(q, &mq, &r, &cause), 0);
	assert_int_equal(r->nrows, 14);
	meds_result_free(r);
	assert_int_equal(hospital_search(q, "lyon", 0, 0, &h, &cause), 0);
	assert_true(h->total > 0);
	hospital_results_free(h);
	assert_int_equal(query_db_take_interrupted(q), 0);
	query_db_free(q);
}

/* The command line does not ask for it: a pending signal cancels nothing. */
static void
test_not_asked_not_cancelled(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;
	struct meds_result *r = NULL;
	char *cause = NULL;

	(void)state;
	meds_query_init(&mq);
	signal_pending_note(SIGINT);
	assert_int_equal(meds_query_run(q, &mq, &r, &cause), 0);
	assert_int_equal(r->nrows, 14);
	meds_result_free(r);
	assert_int_equal(query_db_take_interrupted(q), 0);
	assert_int_equal(signal_pending_take_interrupt(), 1);
	query_db_free(q);
}

/* A pending SIGTERM cancels the query too, and stays pending to end the program. */
static void
test_sigterm_stays(void **state)
{
	struct query_db *q = unit_open_refdb();
	struct meds_query mq;
	struct meds_result *r = NULL;
	char *cause = NULL;

	(void)state;
	query_db_cancel_on_signal(q);
	meds_query_init(&mq);
	signal_pending_note(SIGTERM);
	assert_int_equal(meds_query_run(q, &mq, &r, &cause), -1);
	free(cause);
	assert_int_equal(query_db_take_interrupted(q), 1);
	assert_int_equal(signal_pending_take_interrupt(), 0);
	assert_int_equal(signal_pending_take(), SIGTERM);
	query_db_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cancelled_query_fails),
		cmocka_unit_test(test_not_asked_not_cancelled),
		cmocka_unit_test(test_sigterm_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
