/* SPDX-License-Identifier: ISC */
/*
 * Numbers as French agencies publish them: "1234,56", "1.234,56", "1234.56",
 * "1 234", negatives. Every parser returns 0 with *out set, 1 for an empty cell
 * (not declared: the caller stores NULL), -1 when the text is not a number.
 */
#ifndef MEDIFLUX_NUMBER_H
#define MEDIFLUX_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* A whole number; "12,0" is accepted, "12,5" is not. */
int	number_parse_int(const char *, int64_t *out);

/* An amount in euros as integer cents, rounded half away from zero past two decimals. */
int	number_parse_cents(const char *, int64_t *out);

/*
 * The same, of the len bytes at s, which need no NUL after them: fields read
 * in place in a CSV record. Any byte past the syntax (a NUL too) is refused.
 */
int	number_parse_int_bytes(const char *s, size_t len, int64_t *out);
int	number_parse_cents_bytes(const char *s, size_t len, int64_t *out);

/* Any decimal number, as a double (densities, averages, coordinates). */
int	number_parse_double(const char *, double *out);

/* Adds v to *to; -1, leaving *to as it was, when the sum would leave int64_t. */
int	number_add(int64_t *to, int64_t v);

/*
 * Adds |v| to a running magnitude; -1 when it would pass INT64_MAX. While the
 * magnitude of a set of figures fits, every sum of any of them fits too, in
 * any order: importers bound their accumulators once, row by row, with it.
 */
int	number_magnitude_add(int64_t *magnitude, int64_t v);

#endif
