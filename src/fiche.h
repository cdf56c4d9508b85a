/* SPDX-License-Identifier: ISC */
/*
 * A fiche: what the command line prints and the terminal interface scrolls
 * through, built once from a query's answer. A title, then sections, each
 * rows of cells (label and value, or a table whose first row may name its
 * columns) and lines of text under them.
 */
#ifndef MEDIFLUX_FICHE_H
#define MEDIFLUX_FICHE_H

#include <stddef.h>
#include <stdio.h>

#include "xmalloc.h"

#define FICHE_MAX_COLUMNS 8

struct fiche_section {
	char		*title;
	int		 ncols;
	int		 header;	/* the first row names the columns */
	unsigned	 right;		/* bit c: column c aligned right */
	char		**cells;	/* nrows rows of ncols cells */
	size_t		 nrows;
	char		**notes;
	size_t		 nnotes;
};

struct fiche {
	char			*title;
	struct fiche_section	*sections;
	size_t			 nsections;
};

struct fiche		*fiche_new(const char *title);
void			 fiche_free(struct fiche *);

/* Starts a section of ncols columns (2 for label and value). */
struct fiche_section	*fiche_section(struct fiche *, const char *title,
			     int ncols, int header);
void			 fiche_align_right(struct fiche_section *, int column);
/* Adds a row (NULL cells are empty). */
void			 fiche_row(struct fiche_section *, const char *const *cells);
/* Adds a label and a value (NULL: "n/a", translated: not declared). */
void			 fiche_field(struct fiche_section *, const char *label,
			     const char *value);
void			 fiche_note(struct fiche_section *, const char *fmt, ...)
			     PRINTFLIKE(2, 3);

/* Prints the fiche: its title, then each section, sanitised for the terminal. */
void			 fiche_print(const struct fiche *, FILE *);

#endif
