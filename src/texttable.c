/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const char *
texttable_int(int64_t v, char buf[32])
{
	char digits[24];
	int n, i, o = 0;
	uint64_t u;

	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	if (v < 0)
		buf[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ' ';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
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
		snprintf(buf, 48, "%s%s,%0*lld", neg && units != 0 ? "-" : "",
		    whole, decimals, (long long)frac);
	return buf;
}

const char *
texttable_cents(int64_t cents, char buf[48])
{
	char whole[32];
	uint64_t u = cents < 0 ? -(uint64_t)cents : (uint64_t)cents;

	texttable_int((int64_t)(u / 100), whole);
	snprintf(buf, 48, "%s%s,%02u", cents < 0 ? "-" : "", whole,
	    (unsigned)(u % 100));
	return buf;
}
