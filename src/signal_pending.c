/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <signal.h>

#include "signal_pending.h"

/* By priority: what ends the program comes before what interrupts it. */
static const int signal_pending_order[] = { SIGTERM, SIGHUP, SIGINT };

#define SIGNAL_PENDING_N \
	(sizeof signal_pending_order / sizeof signal_pending_order[0])

/*
 * One flag a signal, each only ever stored whole: a handler interrupting
 * another (or the main loop between its read and its clear) loses nothing,
 * as a read-modify-write of one shared mask could.
 */
static volatile sig_atomic_t signal_pending_flags[SIGNAL_PENDING_N];

void
signal_pending_note(int sig)
{
	size_t i;

	for (i = 0; i < SIGNAL_PENDING_N; i++) {
		if (signal_pending_order[i] == sig)
			signal_pending_flags[i] = 1;
	}
}

int
signal_pending_take(void)
{
	size_t i;

	for (i = 0; i < SIGNAL_PENDING_N; i++) {
		if (signal_pending_flags[i]) {
			signal_pending_flags[i] = 0;
			return signal_pending_order[i];
		}
	}
	return 0;
}

int
signal_pending_any(void)
{
	size_t i;

	for (i = 0; i < SIGNAL_PENDING_N; i++) {
		if (signal_pending_flags[i])
			return 1;
	}
	return 0;
}

int
signal_pending_take_interrupt(void)
{
	size_t i = SIGNAL_PENDING_N - 1;	/* SIGINT, the last */

	if (!signal_pending_flags[i])
		return 0;
	signal_pending_flags[i] = 0;
	return 1;
}
