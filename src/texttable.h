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

/* Formats an integer with a space every three digits ("34 969"). */
const char		*texttable_int(int64_t, char buf[32]);

/* Formats a number the French way with a fixed number of decimals ("1 234,56"). */
const char		*texttable_decimal(double, int decimals, char buf[48]);

/* Formats cents as euros ("75 526 638,95"). */
const char		*texttable_cents(int64_t, char buf[48]);

#endif
