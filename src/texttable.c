/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

struct texttable {
	int	  ncolumns;
	int	 *right;
	int	 *width;
	char	**cells;	/* nrows * ncolumns */
	size_t	  nrows, size;
};

struct texttable *
texttable_new(int ncolumns)
{
	struct texttable *t;

	t = xcalloc(1, sizeof *t);
	t->ncolumns = ncolumns;
	t->right = xcalloc(ncolumns, sizeof *t->right);
	t->width = xcalloc(ncolumns, sizeof *t->width);
	return t;
}

void
texttable_free(struct texttable *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncolumns; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->right);
	free(t->width);
	free(t);
}

void
texttable_align_right(struct texttable *t, int column)
{
	t->right[column] = 1;
}

void
texttable_add(struct texttable *t, const char *const *cells)
{
	char **row;
	int i, w;

	if (t->nrows == t->size) {
		t->size = t->size ? 2 * t->size : 16;
		t->cells = xreallocarray(t->cells, t->size * t->ncolumns,
		    sizeof *t->cells);
	}
	row = t->cells + t->nrows * t->ncolumns;
	for (i = 0; i < t->ncolumns; i++) {
		row[i] = utf8_sanitize(cells[i] != NULL ? cells[i] : "");
		if ((w = utf8_width(row[i])) > t->width[i])
			t->width[i] = w;
	}
	t->nrows++;
}

void
texttable_print(const struct texttable *t, FILE *f, int indent)
{
	size_t r;
	char *cell;
	int i, last;

	for (r = 0; r < t->nrows; r++) {
		fprintf(f, "%*s", indent, "");
		for (last = t->ncolumns - 1; last > 0 &&
		    t->cells[r * t->ncolumns + last][0] == '\0'; last--)
			;
		for (i = 0; i <= last; i++) {
			if (i == last && !t->right[i])
				cell = xstrdup(t->cells[r * t->ncolumns + i]);
			else
				cell = utf8_pad(t->cells[r * t->ncolumns + i],
				    t->width[i], t->right[i]);
			fprintf(f, "%s%s", i > 0 ? "  " : "", cell);
			free(cell);
		}
		fputc('\n', f);
	}
}

/*
 * The language's mark from the catalogue (the translators' choice, as GNU
 * programs take it), one byte so that the callers' buffers hold any number;
 * dflt otherwise.
 */
static char
texttable_mark(const char *translated, char dflt)
{
	return translated[0] != '\0' && translated[1] == '\0' ? translated[0] :
	    dflt;
}

/* The mark between groups of three digits: "," in English, " " in French. */
static char
texttable_group_mark(void)
{
	return texttable_mark(C_("digit group separator", ","), ',');
}

/* The decimal mark: "." in English, "," in French. */
static char
texttable_decimal_mark(void)
{
	return texttable_mark(C_("decimal separator", "."), '.');
}

/* Writes u with a group mark every three digits into buf. */
static void
texttable_group(uint64_t u, int negative, char buf[32])
{
	char digits[24], mark = texttable_group_mark();
	int n, i, o = 0;

	n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	if (negative)
		buf[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = mark;
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

const char *
texttable_int(int64_t v, char buf[32])
{
	texttable_group(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, buf);
	return buf;
}

const char *
texttable_decimal(double v, int decimals, char buf[48])
{
	char whole[32];
	double scale = 1;
	int64_t units, frac;
	int i, neg;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	neg = v < 0;
	units = (int64_t)((neg ? -v : v) * scale + 0.5);
	frac = units % (int64_t)scale;
	texttable_int(units / (int64_t)scale, whole);
	if (decimals == 0)
		snprintf(buf, 48, "%s%s", neg && units != 0 ? "-" : "", whole);
	else
		snprintf(buf, 48, "%s%s%c%0*lld", neg && units != 0 ? "-" : "",
		    whole, texttable_decimal_mark(), decimals, (long long)frac);
	return buf;
}

const char *
texttable_coordinate(double v, int decimals, char buf[48])
{
	char *point;

	snprintf(buf, 48, "%.*f", decimals, v);
	if ((point = strchr(buf, '.')) != NULL)
		*point = texttable_decimal_mark();
	return buf;
}

const char *
texttable_cents(int64_t cents, char buf[48])
{
	char whole[32];
	uint64_t u = cents < 0 ? -(uint64_t)cents : (uint64_t)cents;

	texttable_group(u / 100, 0, whole);
	snprintf(buf, 48, "%s%s%c%02u", cents < 0 ? "-" : "", whole,
	    texttable_decimal_mark(), (unsigned)(u % 100));
	return buf;
}

const char *
texttable_percent(double v, int decimals, int sign, char buf[48])
{
	char magnitude[48], number[50];
	const char *prefix = "";

	texttable_decimal(v < 0 ? -v : v, decimals, magnitude);
	if (v < 0 && (sign || strcspn(magnitude, "123456789") <
	    strlen(magnitude)))
		prefix = "-";
	else if (sign)
		prefix = "+";
	snprintf(number, sizeof number, "%s%s", prefix, magnitude);
	/* TRANSLATORS: a percentage; French puts a space before the sign. */
	snprintf(buf, 48, C_("percentage", "%s%%"), number);
	return buf;
}
