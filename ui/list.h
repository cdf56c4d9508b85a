/*
 * The list engine every pane shares: columns, cursor, scrolling and "ligne i/n".
 * Panes give the cells through a callback; the engine never owns row data.
 */
#ifndef MEDIFLUX_LIST_H
#define MEDIFLUX_LIST_H

#include <stddef.h>

#include "keymap.h"

#define LIST_MAX_COLUMNS 12

struct list_column {
	const char	*title;
	int		 max_width;	/* 0: no limit */
	int		 right;		/* right-aligned (numbers) */
};

/* Text of a cell; the pointer must stay valid until the next call. */
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
	size_t				 cursor;
	size_t				 top;
	int				 page;	/* rows shown at the last draw */
};

void	list_init(struct list *, const struct list_column *, int ncolumns,
	    list_cell_fn, list_row_attr_fn, void *arg);
void	list_set_rows(struct list *, size_t nrows);

/* Draws the header and the rows that fit in the rectangle. */
void	list_draw(struct list *, int y, int x, int height, int width);

/* Moves the cursor for a navigation action; returns whether it was one. */
int	list_key(struct list *, enum action);

/* "ligne i/n" for the status line. */
void	list_position(const struct list *, char *, size_t);

#endif
