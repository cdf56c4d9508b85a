/* SPDX-License-Identifier: ISC */
/* Drawing text by display width: sanitised, never cut inside a character. */
#ifndef MEDIFLUX_DRAW_H
#define MEDIFLUX_DRAW_H

#include <curses.h>

#include "term.h"

/* Draws s at (y, x) in at most width columns; returns the columns used. */
int	draw_text(int y, int x, int width, const char *s, int attr);

/* Draws s without its first skip columns (a scrolled text field). */
int	draw_text_from(int y, int x, int width, const char *s, int skip,
	    int attr);

/* Draws s padded (or cut with "…") to exactly width columns. */
void	draw_cell(int y, int x, int width, const char *s, int attr, int right);

/* Fills width columns of row y from x with attr. */
void	draw_fill(int y, int x, int width, int attr);

/* Width of a string as draw_text would show it. */
int	draw_width(const char *s);

#endif
