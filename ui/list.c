/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "dbfile.h"
#include "draw.h"
#include "fold.h"
#include "i18n.h"
#include "list.h"
#include "number.h"
#include "tui.h"
#include "xmalloc.h"

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
	l->sort_column = -1;
	l->sortable = row_attr == NULL;	/* headings would be sorted away */
}

void
list_show_columns(struct list *l, int ncolumns)
{
	l->ncolumns = ncolumns < LIST_MAX_COLUMNS ? ncolumns : LIST_MAX_COLUMNS;
	if (l->sort_column >= l->ncolumns)
		l->sort_column = -1;
}

void
list_free(struct list *l)
{
	free(l->order);
	free(l->search_key);
	l->order = NULL;
	l->search_key = NULL;
}

/* The data row shown at a display position. */
static size_t
list_row(const struct list *l, size_t pos)
{
	return l->order != NULL ? l->order[pos] : pos;
}

size_t
list_selected(const struct list *l)
{
	return l->nrows == 0 ? (size_t)-1 : list_row(l, l->cursor);
}

void
list_select(struct list *l, size_t row)
{
	size_t pos;

	for (pos = 0; pos < l->nrows; pos++) {
		if (list_row(l, pos) == row) {
			l->cursor = pos;
			return;
		}
	}
}

/* A cell read as a number, French style ("1 234,5", "12,3 %"); 0 when it is none. */
static int
list_number(const char *s, double *out)
{
	char buf[64];
	size_t i, o = 0;

	for (i = 0; s[i] != '\0' && o + 1 < sizeof buf; i++) {
		if (s[i] == ' ' || s[i] == '%' || (unsigned char)s[i] >= 0x80)
			continue;	/* spaces, %, € and thin spaces */
		buf[o++] = s[i] == ',' ? '.' : s[i];
	}
	buf[o] = '\0';
	return o > 0 && number_parse_double(buf, out) == 0;
}

/* One row's sort key: a number, or the folded text. */
struct list_key {
	size_t	 row;
	int	 empty;		/* nothing to sort by: last, whichever way */
	double	 number;
	char	*text;		/* NULL for a number column */
};

static int
list_key_compare(const void *a, const void *b, void *arg)
{
	const struct list_key *x = a, *y = b;
	const int *descending = arg;
	int c;

	if (x->empty != y->empty)
		return x->empty ? 1 : -1;
	if (x->text == NULL)
		c = x->number < y->number ? -1 : x->number > y->number;
	else
		c = strcmp(x->text, y->text);
	if (*descending)
		c = -c;
	return c != 0 ? c : (x->row < y->row ? -1 : x->row > y->row);
}

/* Orders the rows by the sort column, keeping the cursor on its row. */
static void
list_sort(struct list *l)
{
	struct list_key *keys;
	size_t i, selected = list_selected(l);
	const char *cell;

	free(l->order);
	l->order = NULL;
	if (l->sort_column < 0 || l->nrows == 0)
		return;
	keys = xcalloc(l->nrows, sizeof *keys);
	for (i = 0; i < l->nrows; i++) {
		cell = l->cell(l->arg, i, l->sort_column);
		keys[i].row = i;
		if (l->columns[l->sort_column].right)
			keys[i].empty = !list_number(cell, &keys[i].number);
		else {
			keys[i].text = fold_key(cell);
			keys[i].empty = *keys[i].text == '\0';
		}
	}
	qsort_r(keys, l->nrows, sizeof *keys, list_key_compare,
	    &l->sort_descending);
	l->order = xreallocarray(NULL, l->nrows, sizeof *l->order);
	for (i = 0; i < l->nrows; i++) {
		l->order[i] = keys[i].row;
		free(keys[i].text);
	}
	free(keys);
	if (selected != (size_t)-1)
		list_select(l, selected);
}

void
list_set_rows(struct list *l, size_t nrows)
{
	/* The old order speaks of rows that are gone. */
	free(l->order);
	l->order = NULL;
	l->nrows = nrows;
	if (l->cursor >= nrows)
		l->cursor = nrows > 0 ? nrows - 1 : 0;
	if (l->top > l->cursor)
		l->top = l->cursor;
	list_sort(l);
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

/* A column's title, with the sort direction when the list is sorted by it. */
static const char *
list_title(const struct list *l, int c, char *buf, size_t size)
{
	if (c != l->sort_column)
		return _(l->columns[c].title);
	snprintf(buf, size, "%s%s", _(l->columns[c].title), l->sort_descending ?
	    (term_utf8() ? "▼" : "v") : (term_utf8() ? "▲" : "^"));
	return buf;
}

/* Column widths from the header and the visible rows, shrunk to fit width. */
static void
list_widths(struct list *l, int rows, int width, int *w)
{
	char title[128];
	size_t r;
	int c, total, cw, widest;

	for (c = 0; c < l->ncolumns; c++)
		w[c] = draw_width(list_title(l, c, title, sizeof title));
	for (r = l->top; r < l->nrows && r < l->top + (size_t)rows; r++) {
		for (c = 0; c < l->ncolumns; c++) {
			cw = draw_width(l->cell(l->arg, list_row(l, r), c));
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
	int w[LIST_MAX_COLUMNS], c, cx, rows, attr, i, heading;
	char title[128];
	size_t r, row;

	if (height < 2 || width < 1)
		return;
	rows = height - 1 - (l->searching ? 1 : 0);
	l->page = rows;
	list_scroll(l, rows);
	list_widths(l, rows, width, w);

	draw_fill(y, x, width, term_attr(C_HEADER));
	for (c = 0, cx = x; c < l->ncolumns && cx < x + width; c++) {
		draw_cell(y, cx, w[c] < x + width - cx ? w[c] : x + width - cx,
		    list_title(l, c, title, sizeof title), term_attr(C_HEADER),
		    l->columns[c].right);
		cx += w[c] + 1;
	}
	for (i = 0; i < rows; i++) {
		r = l->top + i;
		if (r >= l->nrows)
			break;
		row = list_row(l, r);
		attr = l->row_attr != NULL ? l->row_attr(l->arg, row) : -1;
		heading = attr >= 0;
		if (attr < 0)
			attr = term_attr(C_NORMAL);
		if (r == l->cursor)
			attr = term_attr(C_SELECTED);
		draw_fill(y + 1 + i, x, width, attr);
		if (heading && r != l->cursor) {
			/* A row with its own attribute is a heading across the list. */
			draw_text(y + 1 + i, x, width, l->cell(l->arg, row, 0), attr);
			continue;
		}
		for (c = 0, cx = x; c < l->ncolumns && cx < x + width; c++) {
			draw_cell(y + 1 + i, cx, w[c] < x + width - cx ? w[c] :
			    x + width - cx, l->cell(l->arg, row, c), attr,
			    l->columns[c].right);
			cx += w[c] + 1;
		}
	}
	if (l->searching) {
		draw_text(y + height - 1, x, 1, "/", term_attr(C_KEY));
		input_draw(&l->search, y + height - 1, x + 1, width - 1,
		    term_attr(C_NORMAL), 1);
	} else if (l->nrows > 0 && l->cursor >= l->top &&
	    l->cursor < l->top + (size_t)rows)
		move(y + 1 + (int)(l->cursor - l->top), x);	/* screen readers */
}

/* Whether a row holds the folded key in one of its cells. */
static int
list_row_matches(struct list *l, size_t row, const char *key)
{
	char *cell;
	int c, found = 0;

	for (c = 0; c < l->ncolumns && !found; c++) {
		cell = fold_key(l->cell(l->arg, row, c));
		found = strstr(cell, key) != NULL;
		free(cell);
	}
	return found;
}

/* Moves to the next (or previous) row matching the search, wrapping round. */
static void
list_search_step(struct list *l, int backwards, int include_current)
{
	size_t i, pos;

	l->search_failed = 0;
	if (l->search_key == NULL || *l->search_key == '\0' || l->nrows == 0)
		return;
	for (i = include_current ? 0 : 1; i <= l->nrows; i++) {
		pos = backwards ? (l->cursor + l->nrows - i % l->nrows) % l->nrows :
		    (l->cursor + i) % l->nrows;
		if (list_row_matches(l, list_row(l, pos), l->search_key)) {
			l->cursor = pos;
			return;
		}
	}
	l->search_failed = 1;
}

/* A key while typing after /: the cursor follows the text as it is typed. */
static int
list_search_key(struct list *l, int key)
{
	switch (input_key(&l->search, key)) {
	case INPUT_CHANGED:
		free(l->search_key);
		l->search_key = fold_key(l->search.text);
		list_search_step(l, 0, 1);
		break;
	case INPUT_SUBMIT:
		l->searching = 0;
		curs_set(0);
		break;
	case INPUT_CANCEL:
		l->searching = 0;
		curs_set(0);
		free(l->search_key);
		l->search_key = NULL;
		l->search_failed = 0;
		break;
	default:
		break;
	}
	return R_HANDLED | R_REDRAW;
}

int
list_key(struct list *l, enum action a, int key)
{
	size_t page = l->page > 1 ? (size_t)l->page - 1 : 1;

	if (l->searching)
		return list_search_key(l, key);
	switch (a) {
	case ACT_UP:
		if (l->cursor > 0)
			l->cursor--;
		break;
	case ACT_DOWN:
		if (l->cursor + 1 < l->nrows)
			l->cursor++;
		break;
	case ACT_PAGE_UP:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		break;
	case ACT_PAGE_DOWN:
		l->cursor = l->cursor + page < l->nrows ? l->cursor + page :
		    (l->nrows > 0 ? l->nrows - 1 : 0);
		break;
	case ACT_HOME:
		l->cursor = 0;
		break;
	case ACT_END:
		l->cursor = l->nrows > 0 ? l->nrows - 1 : 0;
		break;
	case ACT_SEARCH:
		l->searching = 1;
		input_clear(&l->search);
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		list_search_step(l, a == ACT_SEARCH_PREV, 0);
		break;
	case ACT_SORT:
		if (!l->sortable)
			return 0;
		l->sort_column = l->sort_column + 1 < l->ncolumns ?
		    l->sort_column + 1 : -1;
		/* Numbers read best largest first, names A to Z. */
		l->sort_descending = l->sort_column >= 0 &&
		    l->columns[l->sort_column].right;
		list_sort(l);
		break;
	case ACT_SORT_REVERSE:
		if (!l->sortable || l->sort_column < 0)
			return 0;
		l->sort_descending = !l->sort_descending;
		list_sort(l);
		break;
	default:
		return 0;
	}
	return R_HANDLED | R_REDRAW;
}

void
list_position(const struct list *l, char *buf, size_t size)
{
	char sort[96] = "", search[INPUT_MAX + 32] = "";

	if (l->sort_column >= 0)
		snprintf(sort, sizeof sort, _(" · sort: %s"),
		    _(l->columns[l->sort_column].title));
	if (l->search_failed && l->search_key != NULL)
		snprintf(search, sizeof search, _(" · \"%s\" not found"),
		    l->search.text);
	snprintf(buf, size, _("%sline %zu/%zu%s"), search,
	    l->nrows ? l->cursor + 1 : 0, l->total > l->nrows ? l->total :
	    l->nrows, sort);
}

long
list_export_csv(struct list *l, const char *path, char **cause)
{
	const char *cells[LIST_MAX_COLUMNS];
	char *copies[LIST_MAX_COLUMNS];
	struct dbfile_atomic a;
	size_t pos;
	int c, rc;

	if (dbfile_atomic_open(&a, path, cause) != 0)
		return -1;
	for (c = 0; c < l->ncolumns; c++)
		cells[c] = _(l->columns[c].title);
	rc = csv_write_record(a.f, cells, (size_t)l->ncolumns, ';');
	for (pos = 0; pos < l->nrows && rc == 0; pos++) {
		/* Copies: a pane may give every cell from one buffer. */
		for (c = 0; c < l->ncolumns; c++)
			copies[c] = xstrdup(l->cell(l->arg, list_row(l, pos), c));
		rc = csv_write_record(a.f, (const char *const *)copies,
		    (size_t)l->ncolumns, ';');
		for (c = 0; c < l->ncolumns; c++)
			free(copies[c]);
	}
	if (rc != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		dbfile_atomic_abort(&a);
		return -1;
	}
	if (dbfile_atomic_commit(&a, cause) != 0)
		return -1;
	return (long)l->nrows;
}

int
list_scroll_text(size_t *top, size_t nlines, int page, enum action a)
{
	size_t step = page > 1 ? (size_t)page - 1 : 1;
	size_t last = nlines > (size_t)page ? nlines - (size_t)page : 0;

	switch (a) {
	case ACT_UP:
		if (*top > 0)
			(*top)--;
		return 1;
	case ACT_DOWN:
		if (*top < last)
			(*top)++;
		return 1;
	case ACT_PAGE_UP:
		*top = *top > step ? *top - step : 0;
		return 1;
	case ACT_PAGE_DOWN:
		*top = *top + step < last ? *top + step : last;
		return 1;
	case ACT_HOME:
		*top = 0;
		return 1;
	case ACT_END:
		*top = last;
		return 1;
	default:
		return 0;
	}
}
