/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fold.h"
#include "utf8.h"
#include "xmalloc.h"

/* What reaches the terminal: sanitised, and spelt in ASCII where UTF-8 is not available. */
static char *
draw_prepare(const char *s)
{
	char *clean, *ascii;

	clean = utf8_sanitize(s);
	if (term_utf8())
		return clean;
	ascii = fold_transliterate(clean);
	free(clean);
	return ascii;
}

int
draw_width(const char *s)
{
	char *p = draw_prepare(s);
	int w = utf8_width(p);

	free(p);
	return w;
}

int
draw_text(int y, int x, int width, const char *s, int attr)
{
	return draw_text_from(y, x, width, s, 0, attr);
}

int
draw_text_from(int y, int x, int width, const char *s, int skip, int attr)
{
	const char *start;
	char *p;
	size_t n;
	int used, skipped;

	if (width <= 0)
		return 0;
	p = draw_prepare(s);
	/* Whole characters only: a wide one straddling the edge is hidden. */
	n = utf8_fit(p, skip, &skipped);
	start = p + n;
	if (skipped < skip && *start != '\0')
		start += utf8_fit(start, 2, NULL);
	n = utf8_fit(start, width, &used);
	attrset(attr);
	mvaddnstr(y, x, start, (int)n);
	attrset(A_NORMAL);
	free(p);
	return used;
}

void
draw_fill(int y, int x, int width, int attr)
{
	if (width <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void
draw_cell(int y, int x, int width, const char *s, int attr, int right)
{
	char *p, *cut;
	int w;

	if (width <= 0)
		return;
	p = draw_prepare(s);
	cut = utf8_cut(p, width, term_utf8());
	w = utf8_width(cut);
	draw_fill(y, x, width, attr);
	attrset(attr);
	mvaddstr(y, right ? x + width - w : x, cut);
	attrset(A_NORMAL);
	free(cut);
	free(p);
}
