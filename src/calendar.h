/* SPDX-License-Identifier: ISC */
/* Days written YYYY-MM-DD, as the cost rules and a prescription's date give them. */
#ifndef MEDIFLUX_CALENDAR_H
#define MEDIFLUX_CALENDAR_H

/* Whether s is a real calendar day written YYYY-MM-DD (29 February in leap years only). */
int	calendar_day_valid(const char *s);

#endif
