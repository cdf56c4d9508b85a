/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fiche_view.h"
#include "i18n.h"
#include "list.h"
#include "term.h"
#include "tui.h"
#include "xmalloc.h"

enum fiche_line_kind { FLINE_BLANK, FLINE_TITLE, FLINE_ROW, FLINE_NOTE };

/* One line as drawn: a section's title, one of its rows or notes, or a blank. */
struct fiche_line {
	enum fiche_line_kind	 kind;
	size_t			 section;
	size_t			 index;		/* the row or the note */
};

static void
fiche_view_add(struct fiche_view *v, enum fiche_line_kind kind, size_t section,
    size_t index)
{
	struct fiche_line *l;

	v->lines = xreallocarray(v->lines, v->nlines + 1, sizeof *v->lines);
	l = &v->lines[v->nlines++];
	l->kind = kind;
	l->section = section;
	l->index = index;
}

void
fiche_view_open(struct fiche_view *v, struct fiche *f)
{
	const struct fiche_section *s;
	size_t i, r;
	int c, w;

	fiche_view_close(v);
	v->fiche = f;
	v->widths = xcalloc(f->nsections > 0 ? f->nsections : 1,
	    sizeof *v->widths);
	for (i = 0; i < f->nsections; i++) {
		s = &f->sections[i];
		if (i > 0)
			fiche_view_add(v, FLINE_BLANK, i, 0);
		fiche_view_add(v, FLINE_TITLE, i, 0);
		for (r = 0; r < s->nrows; r++) {
			fiche_view_add(v, FLINE_ROW, i, r);
			for (c = 0; c < s->ncols; c++) {
				w = draw_width(s->cells[r * (size_t)s->ncols +
				    (size_t)c]);
				if (w > v->widths[i][c])
					v->widths[i][c] = w;
			}
		}
		for (r = 0; r < s->nnotes; r++)
			fiche_view_add(v, FLINE_NOTE, i, r);
	}
}

void
fiche_view_close(struct fiche_view *v)
{
	fiche_free(v->fiche);
	free(v->lines);
	free(v->widths);
	memset(v, 0, sizeof *v);
}

/* One row of a section: each column as wide as its widest cell, the last takes the rest. */
static void
fiche_view_draw_row(const struct fiche_view *v, const struct fiche_line *l,
    int y, int x, int width)
{
	const struct fiche_section *s = &v->fiche->sections[l->section];
	const char *cell;
	int c, cx = x + 2, w, attr, widths[FICHE_MAX_COLUMNS], total = 0;
	int widest = -1;

	/*
	 * Too wide: the widest column of text but the last gives way (down to
	 * 8), so that the figures to its right stay whole.
	 */
	for (c = 0; c < s->ncols; c++) {
		widths[c] = v->widths[l->section][c];
		/* A last column of text is cut first: 10 of it are kept. */
		total += (c == s->ncols - 1 && !(s->right & (1u << c)) &&
		    widths[c] > 10 ? 10 : widths[c]) + (c > 0 ? 2 : 0);
		if (c < s->ncols - 1 && !(s->right & (1u << c)) &&
		    (widest < 0 || widths[c] > widths[widest]))
			widest = c;
	}
	if (total > width - 2 && widest >= 0) {
		widths[widest] -= total - (width - 2);
		if (widths[widest] < 8)
			widths[widest] = 8;
	}
	attr = s->header && l->index == 0 ? term_attr(C_SECTION) :
	    term_attr(C_NORMAL);
	for (c = 0; c < s->ncols && cx < x + width; c++) {
		cell = s->cells[l->index * (size_t)s->ncols + (size_t)c];
		w = c == s->ncols - 1 && !(s->right & (1u << c)) ?
		    x + width - cx : widths[c];
		if (w > x + width - cx)
			w = x + width - cx;
		draw_cell(y, cx, w, cell, attr, (s->right & (1u << c)) != 0);
		cx += w + 2;
	}
}

void
fiche_view_draw(struct fiche_view *v, int y, int x, int height, int width,
    char *status, size_t statussize)
{
	const struct fiche_line *l;
	const struct fiche_section *s;
	int i, rows = height - 2;

	draw_text(y, x + 1, width - 2, _("Details: ↑↓ PgUp PgDn scroll · "
	    "Backspace or Esc: back"), term_attr(C_KEY));
	draw_text(y + 1, x + 1, width - 2, v->fiche->title, term_attr(C_TITLE));
	v->page = rows > 0 ? rows : 1;
	if (v->nlines <= (size_t)v->page)
		v->top = 0;
	else if (v->top > v->nlines - v->page)
		v->top = v->nlines - v->page;
	for (i = 0; i < rows && v->top + i < v->nlines; i++) {
		l = &v->lines[v->top + i];
		s = &v->fiche->sections[l->section];
		switch (l->kind) {
		case FLINE_BLANK:
			break;
		case FLINE_TITLE:
			draw_text(y + 2 + i, x + 1, width - 2, s->title,
			    term_attr(C_SECTION));
			break;
		case FLINE_ROW:
			fiche_view_draw_row(v, l, y + 2 + i, x + 1, width - 2);
			break;
		case FLINE_NOTE:
			draw_text(y + 2 + i, x + 3, width - 4, s->notes[l->index],
			    term_attr(C_NORMAL));
			break;
		}
	}
	snprintf(status, statussize, _("line %zu/%zu"), v->top + 1, v->nlines);
}

int
fiche_view_key(struct fiche_view *v, enum action a)
{
	if (list_scroll_text(&v->top, v->nlines, v->page, a))
		return R_HANDLED | R_REDRAW;
	switch (a) {
	case ACT_BACK:
	case ACT_CANCEL:
		fiche_view_close(v);
		break;
	case ACT_OPEN:
		break;
	default:
		return R_NONE;
	}
	return R_HANDLED | R_REDRAW;
}
