/* SPDX-License-Identifier: ISC */
/* Elapsed-time readings for the figures shown to users (query and check times). */
#ifndef MEDIFLUX_CLOCK_H
#define MEDIFLUX_CLOCK_H

/* Milliseconds on a monotonic clock, for differences only. */
double	clock_now_ms(void);

#endif
