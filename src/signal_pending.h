/* SPDX-License-Identifier: ISC */
/*
 * Signals that asked the program to stop, noted by a handler and taken by the
 * main loop: each kept in its own slot, so that a later one never overwrites
 * an earlier one (a Ctrl-C must not turn a pending SIGTERM into an interrupt).
 */
#ifndef MEDIFLUX_SIGNAL_PENDING_H
#define MEDIFLUX_SIGNAL_PENDING_H

/* Notes sig (SIGTERM, SIGHUP or SIGINT; others are ignored); async-signal-safe. */
void	signal_pending_note(int sig);

/*
 * The most pressing pending signal, which is no longer pending: SIGTERM, then
 * SIGHUP (both end the program), then SIGINT (an interrupt); 0 for none.
 */
int	signal_pending_take(void);

/* Whether any signal is pending, leaving it so. */
int	signal_pending_any(void);

/*
 * Takes a pending SIGINT that interrupted a query (which it cancelled), so
 * that it does nothing more; 0 when none is pending.
 */
int	signal_pending_take_interrupt(void);

#endif
