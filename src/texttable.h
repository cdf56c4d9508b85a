/* SPDX-License-Identifier: ISC */
/* Plain-text tables for people: columns aligned by display width, never by bytes. */
#ifndef MEDIFLUX_TEXTTABLE_H
#define MEDIFLUX_TEXTTABLE_H

#include <stdint.h>
#include <stdio.h>

struct texttable;

struct texttable	*texttable_new(int ncolumns);
void			 texttable_free(struct texttable *);
/* Right-aligns a column (numbers). */
void			 texttable_align_right(struct texttable *, int column);
/* Adds a row; cells are copied and sanitised; NULL prints as empty. */
void			 texttable_add(struct texttable *, const char *const *cells);
/* Prints with indent spaces before each row and two spaces between columns. */
void			 texttable_print(const struct texttable *, FILE *, int indent);

/*
 * Numbers for people, in the language of the messages (the marks are the
 * catalogue's): English "34,969", "1,234.56", "82.5%"; French "34 969",
 * "1 234,56", "82,5 %".
 */

/* An integer, its digits grouped by three. */
const char		*texttable_int(int64_t, char buf[32]);

/* A number with a fixed number of decimals, rounded half away from zero. */
const char		*texttable_decimal(double, int decimals, char buf[48]);

/*
 * A coordinate or other measure read digit by digit: the decimals printf
 * gives, with the language's decimal mark and no group mark, so that a pair
 * reads as two numbers ("870262.2"; French "870262,2").
 */
const char		*texttable_coordinate(double, int decimals, char buf[48]);

/* Cents as euros, two decimals ("75,526,638.95"). */
const char		*texttable_cents(int64_t, char buf[48]);

/*
 * A percentage of v (already times 100) with decimals; with sign, "+" in
 * front of what is not negative, and a change rounded to zero keeps the
 * sign of v ("+0%", "-0%").
 */
const char		*texttable_percent(double v, int decimals, int sign,
			    char buf[48]);

#endif
