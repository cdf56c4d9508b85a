/* SPDX-License-Identifier: ISC */
/*
 * The list engine every pane shares: columns, cursor, scrolling, / search
 * with n and N, sorting by any column, "ligne i/n", and export to CSV.
 * Panes give the cells of their data rows through a callback; the engine
 * never owns row data, only the order they are shown in.
 */
#ifndef MEDIFLUX_LIST_H
#define MEDIFLUX_LIST_H

#include <stddef.h>

#include "input.h"
#include "keymap.h"

#define LIST_MAX_COLUMNS 16

struct list_column {
	const char	*title;
	int		 max_width;	/* 0: no limit */
	int		 right;		/* right-aligned, and sorted as a number */
};

/* Text of a cell of a data row; the pointer must stay valid until the next call. */
typedef const char *(*list_cell_fn)(void *arg, size_t row, int column);
/* Attribute of a heading row, drawn across the list from its first cell; -1 for plain rows. */
typedef int (*list_row_attr_fn)(void *arg, size_t row);

struct list {
	const struct list_column	*columns;
	int				 ncolumns;
	list_cell_fn			 cell;
	list_row_attr_fn		 row_attr;
	void				*arg;
	size_t				 nrows;
	size_t				 total;		/* rows it stands for, when only the first are read; 0: nrows */
	size_t				 cursor;	/* a display position */
	size_t				 top;
	int				 page;	/* rows shown at the last draw */

	size_t				*order;	/* display position -> data row */
	int				 sort_column;	/* -1: the pane's order */
	int				 sort_descending;
	int				 sortable;	/* s and S sort */

	int				 searching;	/* typing after / */
	struct input			 search;
	char				*search_key;	/* folded, last searched */
	int				 search_failed;
};

void	list_init(struct list *, const struct list_column *, int ncolumns,
	    list_cell_fn, list_row_attr_fn, void *arg);
void	list_free(struct list *);

/*
 * Shows the first ncolumns of the columns given to list_init: a column only
 * some views have (Hôpitaux's distance) goes last. A sort on a column no
 * longer shown returns to the pane's order.
 */
void	list_show_columns(struct list *, int ncolumns);

/* The rows changed: nrows of them, sorted again; the cursor stays in range. */
void	list_set_rows(struct list *, size_t nrows);

/* The data row at the cursor, or (size_t)-1 when the list is empty. */
size_t	list_selected(const struct list *);

/* Puts the cursor on a data row. */
void	list_select(struct list *, size_t row);

/* Draws the header and the rows that fit in the rectangle (and the / field). */
void	list_draw(struct list *, int y, int x, int height, int width);

/*
 * Handles the list's keys: moves, / search (typing included), n, N, s, S.
 * Returns R_HANDLED | R_REDRAW when the key was the list's, else 0. While
 * l->searching every key is the list's: a pane asks it first.
 */
int	list_key(struct list *, enum action, int key);

/* "ligne i/n", with the search or sort in force, for the status line. */
void	list_position(const struct list *, char *, size_t);

/*
 * Scrolls a text of nlines lines, page of them shown, whose first shown is
 * *top: the arrows, pages, Home and End; 1 when a was one of them.
 */
int	list_scroll_text(size_t *top, size_t nlines, int page, enum action a);

/*
 * Writes every row in the order shown, with the column titles, as CSV (";"
 * separated, UTF-8, quoted where needed) to path, through a temporary file
 * renamed into place. Returns the rows written, -1 with *cause.
 */
long	list_export_csv(struct list *, const char *path, char **cause);

#endif
