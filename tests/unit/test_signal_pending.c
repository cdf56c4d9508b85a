/* SPDX-License-Identifier: ISC */
/* Pending stop signals: none overwrites another, and what ends the program comes first. */
#include "config.h"

#include <signal.h>

#include "unit.h"

#include "signal_pending.h"

static void
test_order(void **state)
{
	(void)state;
	assert_int_equal(signal_pending_take(), 0);
	assert_false(signal_pending_any());
	/* A Ctrl-C after a SIGTERM: the SIGTERM is not lost, and comes first. */
	signal_pending_note(SIGTERM);
	signal_pending_note(SIGINT);
	assert_true(signal_pending_any());
	assert_int_equal(signal_pending_take(), SIGTERM);
	assert_true(signal_pending_any());
	assert_int_equal(signal_pending_take(), SIGINT);
	assert_false(signal_pending_any());
	assert_int_equal(signal_pending_take(), 0);
	/* The same the other way round, and with SIGHUP between them. */
	signal_pending_note(SIGINT);
	signal_pending_note(SIGHUP);
	signal_pending_note(SIGTERM);
	assert_int_equal(signal_pending_take(), SIGTERM);
	assert_int_equal(signal_pending_take(), SIGHUP);
	assert_int_equal(signal_pending_take(), SIGINT);
	assert_int_equal(signal_pending_take(), 0);
	/* One signal twice is pending once; others are not noted. */
	signal_pending_note(SIGINT);
	signal_pending_note(SIGINT);
	signal_pending_note(SIGUSR1);
	assert_int_equal(signal_pending_take(), SIGINT);
	assert_int_equal(signal_pending_take(), 0);
}

static void
test_handler(int sig)
{
	signal_pending_note(sig);
}

/* Real signals, delivered to a handler as the terminal interface installs it. */
static void
test_raised(void **state)
{
	struct sigaction sa, old_int, old_term, old_hup;

	(void)state;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = test_handler;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	raise(SIGHUP);
	raise(SIGINT);
	assert_int_equal(signal_pending_take(), SIGHUP);
	assert_int_equal(signal_pending_take(), SIGINT);
	raise(SIGTERM);
	raise(SIGINT);
	raise(SIGHUP);
	assert_int_equal(signal_pending_take(), SIGTERM);
	assert_int_equal(signal_pending_take(), SIGHUP);
	assert_int_equal(signal_pending_take(), SIGINT);
	assert_int_equal(signal_pending_take(), 0);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_raised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
