/* SPDX-License-Identifier: ISC */
/* A fiche (src/fiche.h) shown in a pane: its lines scroll, Backspace or Esc close it. */
#ifndef MEDIFLUX_FICHE_VIEW_H
#define MEDIFLUX_FICHE_VIEW_H

#include <stddef.h>

#include "fiche.h"
#include "keymap.h"

struct fiche_line;

struct fiche_view {
	struct fiche		*fiche;		/* NULL when closed */
	struct fiche_line	*lines;
	size_t			 nlines;
	size_t			 top;		/* first line shown */
	int			 page;		/* lines shown at the last draw */
	/* Column widths of each section, as wide as their widest cell. */
	int			(*widths)[FICHE_MAX_COLUMNS];
};

/* Shows f (the view owns it from now on), from its first line. */
void	fiche_view_open(struct fiche_view *, struct fiche *);
void	fiche_view_close(struct fiche_view *);

/* Draws the keys, the title and the lines that fit; status gets "ligne i/n". */
void	fiche_view_draw(struct fiche_view *, int y, int x, int height, int width,
	    char *status, size_t statussize);

/* Scrolls, or closes on Backspace and Esc: R_HANDLED | R_REDRAW, or R_NONE. */
int	fiche_view_key(struct fiche_view *, enum action);

#endif
