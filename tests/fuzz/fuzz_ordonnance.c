/* SPDX-License-Identifier: ISC */
/*
 * What Tesseract reads off a page is anyone's text: each line of the input
 * (split at line breaks, a NUL ending a line early) goes through
 * ord_line_kind, ord_normalise, ord_read_day, ord_posology_parse,
 * ord_units_per_box and ord_score. A day read must be a YYYY-MM-DD on the
 * calendar's range and not after the latest day given; counts must not be
 * negative, scores must stay within 0 to 100 (aborts otherwise).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ordonnance.h"

/* Whether day is YYYY-MM-DD, 1900 to 2100, a month and a day of 1 to 31, at most latest. */
static int
fuzz_ordonnance_day_ok(const char *day, const char *latest)
{
	int y, m, d, n = 0;

	if (strlen(day) != 10 || sscanf(day, "%4d-%2d-%2d%n", &y, &m, &d, &n)
	    != 3 || n != 10)
		return 0;
	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31 && strcmp(day, latest) <= 0;
}

/* One line through every reader of the page's text. */
static void
fuzz_ordonnance_line(const char *line)
{
	struct ord_posology p;
	enum ord_kind kind;
	char day[11], unit[16], *key;
	int score, units;

	kind = ord_line_kind(line);
	if (kind != ORD_KIND_NOISE && kind != ORD_KIND_HEADER &&
	    kind != ORD_KIND_INSTRUCTIONS && kind != ORD_KIND_OTHER)
		abort();
	if (ord_read_day(line, "2026-12-07", day) &&
	    !fuzz_ordonnance_day_ok(day, "2026-12-07"))
		abort();
	memset(&p, 0, sizeof p);
	ord_posology_parse(line, &p);
	if (p.per_take < 0 || p.takes_per_day < 0 || p.days < 0 || p.units < 0 ||
	    memchr(p.unit, '\0', sizeof p.unit) == NULL)
		abort();
	memset(unit, 0, sizeof unit);
	units = ord_units_per_box(line, unit);
	if (units < 0 || (units > 0 && memchr(unit, '\0', sizeof unit) == NULL))
		abort();
	key = ord_normalise(line);
	score = ord_score(key, "eupantol 40 mg", "comprime");
	if (score < 0 || score > 100)
		abort();
	score = ord_score(key, key, "");
	if (score < 0 || score > 100)
		abort();
	free(key);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *start = (const char *)data, *end = start + size, *nl;
	char *line;
	size_t n;

	while (start < end) {
		nl = memchr(start, '\n', (size_t)(end - start));
		n = nl != NULL ? (size_t)(nl - start) : (size_t)(end - start);
		line = malloc(n + 1);
		if (line == NULL)
			abort();
		memcpy(line, start, n);
		line[n] = '\0';
		fuzz_ordonnance_line(line);
		free(line);
		start += n + 1;
	}
	return 0;
}
