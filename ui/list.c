#include "config.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "list.h"

void
list_init(struct list *l, const struct list_column *columns, int ncolumns,
    list_cell_fn cell, list_row_attr_fn row_attr, void *arg)
{
	memset(l, 0, sizeof *l);
	l->columns = columns;
	l->ncolumns = ncolumns < LIST_MAX_COLUMNS ? ncolumns : LIST_MAX_COLUMNS;
	l->cell = cell;
	l->row_attr = row_attr;
	l->arg = arg;
}

void
list_set_rows(struct list *l, size_t nrows)
{
	l->nrows = nrows;
	if (l->cursor >= nrows)
		l->cursor = nrows > 0 ? nrows - 1 : 0;
	if (l->top > l->cursor)
		l->top = l->cursor;
}

/* Keeps the cursor on screen. */
static void
list_scroll(struct list *l, int rows)
{
	if (rows <= 0)
		return;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + (size_t)rows)
		l->top = l->cursor - rows + 1;
	if (l->nrows > (size_t)rows && l->top > l->nrows - rows)
		l->top = l->nrows - rows;
	if (l->nrows <= (size_t)rows)
		l->top = 0;
}

/* Column widths from the header and the visible rows, shrunk to fit width. */
static void
list_widths(struct list *l, int rows, int width, int *w)
{
	size_t r;
	int c, total, cw, widest;

	for (c = 0; c < l->ncolumns; c++)
		w[c] = draw_width(l->columns[c].title);
	for (r = l->top; r < l->nrows && r < l->top + (size_t)rows; r++) {
		for (c = 0; c < l->ncolumns; c++) {
			cw = draw_width(l->cell(l->arg, r, c));
			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (c = 0; c < l->ncolumns; c++) {
		if (l->columns[c].max_width > 0 && w[c] > l->columns[c].max_width)
			w[c] = l->columns[c].max_width;
	}
	/* Take one column at a time from the widest until the row fits. */
	for (;;) {
		total = l->ncolumns - 1;
		widest = 0;
		for (c = 0; c < l->ncolumns; c++) {
			total += w[c];
			if (w[c] > w[widest])
				widest = c;
		}
		if (total <= width || w[widest] <= 4)
			break;
		w[widest]--;
	}
}

void
list_draw(struct list *l, int y, int x, int height, int width)
{
	int w[LIST_MAX_COLUMNS], c, cx, rows, attr, i;
	size_t r;

	if (height < 2 || width < 1)
		return;
	rows = height - 1;
	l->page = rows;
	list_scroll(l, rows);
	list_widths(l, rows, width, w);

	draw_fill(y, x, width, term_attr(C_HEADER));
	for (c = 0, cx = x; c < l->ncolumns && cx < x + width; c++) {
		draw_cell(y, cx, w[c] < x + width - cx ? w[c] : x + width - cx,
		    l->columns[c].title, term_attr(C_HEADER), l->columns[c].right);
		cx += w[c] + 1;
	}
	for (i = 0; i < rows; i++) {
		r = l->top + i;
		if (r >= l->nrows)
			break;
		attr = l->row_attr != NULL ? l->row_attr(l->arg, r) : -1;
		if (attr < 0)
			attr = term_attr(C_NORMAL);
		if (r == l->cursor)
			attr = term_attr(C_SELECTED);
		draw_fill(y + 1 + i, x, width, attr);
		if (l->row_attr != NULL && r != l->cursor &&
		    l->row_attr(l->arg, r) >= 0) {
			/* A row with its own attribute is a heading across the list. */
			draw_text(y + 1 + i, x, width, l->cell(l->arg, r, 0), attr);
			continue;
		}
		for (c = 0, cx = x; c < l->ncolumns && cx < x + width; c++) {
			draw_cell(y + 1 + i, cx, w[c] < x + width - cx ? w[c] :
			    x + width - cx, l->cell(l->arg, r, c), attr,
			    l->columns[c].right);
			cx += w[c] + 1;
		}
		if (r == l->cursor)
			move(y + 1 + i, x);	/* for screen readers (ncdu) */
	}
}

int
list_key(struct list *l, enum action a)
{
	size_t page = l->page > 1 ? (size_t)l->page - 1 : 1;

	if (l->nrows == 0)
		return a == ACT_UP || a == ACT_DOWN || a == ACT_PAGE_UP ||
		    a == ACT_PAGE_DOWN || a == ACT_HOME || a == ACT_END;
	switch (a) {
	case ACT_UP:
		if (l->cursor > 0)
			l->cursor--;
		return 1;
	case ACT_DOWN:
		if (l->cursor + 1 < l->nrows)
			l->cursor++;
		return 1;
	case ACT_PAGE_UP:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		return 1;
	case ACT_PAGE_DOWN:
		l->cursor = l->cursor + page < l->nrows ? l->cursor + page :
		    l->nrows - 1;
		return 1;
	case ACT_HOME:
		l->cursor = 0;
		return 1;
	case ACT_END:
		l->cursor = l->nrows - 1;
		return 1;
	default:
		return 0;
	}
}

void
list_position(const struct list *l, char *buf, size_t size)
{
	snprintf(buf, size, "ligne %zu/%zu", l->nrows ? l->cursor + 1 : 0,
	    l->nrows);
}
