/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* Digits of a parsed number: value = sign * (whole + frac / 10^nfrac). */
struct number {
	int		 negative;
	uint64_t	 whole;
	uint64_t	 frac;		/* first NUMBER_FRAC_MAX decimals */
	int		 nfrac;
	int		 frac_nonzero;	/* any decimal at all was not 0 */
};

#define NUMBER_FRAC_MAX 9
#define NUMBER_WHOLE_MAX (UINT64_C(1) << 53)

/*
 * Finds which of '.' and ',' is the decimal mark: the last one when both occur,
 * ',' when alone, '.' when it occurs once (1234.56); several '.' are thousands.
 */
static char
number_decimal_mark(const char *s, const char *end)
{
	const char *p, *last_dot = NULL, *last_comma = NULL;
	int dots = 0;

	for (p = s; p < end; p++) {
		if (*p == '.') {
			dots++;
			last_dot = p;
		} else if (*p == ',')
			last_comma = p;
	}
	if (last_dot != NULL && last_comma != NULL)
		return last_dot > last_comma ? '.' : ',';
	if (last_comma != NULL)
		return ',';
	return dots == 1 ? '.' : 0;
}

/* Splits s .. end into sign, whole part and decimals; 1 for blank, -1 if not a number. */
static int
number_scan(const char *s, const char *end, struct number *n)
{
	const char *p;
	char mark, thousands;
	int digits = 0, in_frac = 0;

	memset(n, 0, sizeof *n);
	while (s < end && *s == ' ')
		s++;
	while (end > s && end[-1] == ' ')
		end--;
	if (s == end)
		return 1;
	if (*s == '-' || *s == '+') {
		n->negative = *s == '-';
		s++;
	}
	mark = number_decimal_mark(s, end);
	thousands = mark == ',' ? '.' : mark == '.' ? ',' : '.';
	for (p = s; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			if (!in_frac) {
				n->whole = n->whole * 10 + (uint64_t)(*p - '0');
				if (n->whole > NUMBER_WHOLE_MAX)
					return -1;
			} else {
				if (*p != '0')
					n->frac_nonzero = 1;
				if (n->nfrac < NUMBER_FRAC_MAX) {
					n->frac = n->frac * 10 + (uint64_t)(*p - '0');
					n->nfrac++;
				}
			}
		} else if (*p == mark && mark != 0 && !in_frac)
			in_frac = 1;
		else if ((*p == thousands || *p == ' ') && !in_frac && digits > 0)
			continue;
		else
			return -1;
	}
	return digits > 0 ? 0 : -1;
}

/* Whether p is before the end: end, or the NUL of a string when end is NULL. */
#define NUMBER_MORE(p, end)	((end) != NULL ? (p) < (end) : *(p) != '\0')

/*
 * The shape of nearly every published cell, read without number_scan's
 * passes over it: an optional '-', 1 to 15 digits (under 2^53), then,
 * where decimals is set, an optional ',' or '.' and one or two digits.
 * 0 with *out in cents (or units), -1 for any other shape, which
 * number_scan then reads as before. s ends at end, or at its NUL when end
 * is NULL: inlined, a string costs no strlen on this path.
 */
static inline int
number_plain(const char *s, const char *end, int decimals, int64_t *out)
{
	const char *p = s + (NUMBER_MORE(s, end) && *s == '-');
	uint64_t v = 0;
	int n = 0, nfrac = 0;

	while (NUMBER_MORE(p, end) && *p >= '0' && *p <= '9' && n < 16) {
		v = v * 10 + (uint64_t)(*p++ - '0');
		n++;
	}
	if (n == 0 || n > 15)
		return -1;
	if (decimals) {
		v *= 100;
		if (NUMBER_MORE(p, end) && (*p == ',' || *p == '.')) {
			p++;
			if (NUMBER_MORE(p, end) && *p >= '0' && *p <= '9') {
				v += (uint64_t)(*p++ - '0') * 10;
				nfrac++;
				if (NUMBER_MORE(p, end) && *p >= '0' &&
				    *p <= '9') {
					v += (uint64_t)(*p++ - '0');
					nfrac++;
				}
			}
			if (nfrac == 0)
				return -1;
		}
	}
	if (NUMBER_MORE(p, end))
		return -1;
	*out = *s == '-' ? -(int64_t)v : (int64_t)v;
	return 0;
}

/*
 * A whole number of s .. end, or of the string s when end is NULL: the one
 * reading of number_parse_int and number_parse_int_bytes.
 */
static inline int
number_int(const char *s, const char *end, int64_t *out)
{
	struct number n;
	int rc;

	if (!NUMBER_MORE(s, end))
		return 1;
	if (number_plain(s, end, 0, out) == 0)
		return 0;
	if ((rc = number_scan(s, end != NULL ? end : s + strlen(s), &n)) != 0)
		return rc;
	if (n.frac_nonzero)
		return -1;
	*out = n.negative ? -(int64_t)n.whole : (int64_t)n.whole;
	return 0;
}

/* An amount in cents of s .. end, or of the string s when end is NULL. */
static inline int
number_cents(const char *s, const char *end, int64_t *out)
{
	struct number n;
	uint64_t cents, rest, scale = 1;
	int rc, i;

	if (!NUMBER_MORE(s, end))
		return 1;
	if (number_plain(s, end, 1, out) == 0)
		return 0;
	if ((rc = number_scan(s, end != NULL ? end : s + strlen(s), &n)) != 0)
		return rc;
	cents = n.whole * 100;
	if (n.nfrac <= 2) {
		for (i = n.nfrac; i < 2; i++)
			n.frac *= 10;
		cents += n.frac;
	} else {
		for (i = 2; i < n.nfrac; i++)
			scale *= 10;
		rest = n.frac % scale;
		cents += n.frac / scale;
		if (rest * 2 >= scale)
			cents++;
	}
	*out = n.negative ? -(int64_t)cents : (int64_t)cents;
	return 0;
}

int
number_parse_int(const char *s, int64_t *out)
{
	return number_int(s, NULL, out);
}

int
number_parse_int_bytes(const char *s, size_t len, int64_t *out)
{
	return number_int(s, s + len, out);
}

int
number_parse_cents(const char *s, int64_t *out)
{
	return number_cents(s, NULL, out);
}

int
number_parse_cents_bytes(const char *s, size_t len, int64_t *out)
{
	return number_cents(s, s + len, out);
}

int
number_parse_double(const char *s, double *out)
{
	struct number n;
	static const double power[NUMBER_FRAC_MAX + 1] = {
		1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	};
	double v;
	int rc;

	if ((rc = number_scan(s, s + strlen(s), &n)) != 0)
		return rc;
	v = (double)n.whole + (double)n.frac / power[n.nfrac];
	*out = n.negative ? -v : v;
	return 0;
}

int
number_add(int64_t *to, int64_t v)
{
	if ((v > 0 && *to > INT64_MAX - v) || (v < 0 && *to < INT64_MIN - v))
		return -1;
	*to += v;
	return 0;
}

int
number_magnitude_add(int64_t *magnitude, int64_t v)
{
	if (v == INT64_MIN)
		return -1;
	return number_add(magnitude, v < 0 ? -v : v);
}
