/* SPDX-License-Identifier: ISC */
/*
 * The stored first pages of the searches that find the most establishments:
 * a one-letter query finds some 23 000 at FINESS's national size, which
 * ranking at each keystroke cannot do in a quarter of a millisecond.
 */
#ifndef MEDIFLUX_SEARCH_RANK_H
#define MEDIFLUX_SEARCH_RANK_H

#include <sqlite3.h>

/*
 * The ranking the stored pages were made by: bump it whenever the order of
 * a search changes (query_search.c), so that a database ranked by an older
 * mediflux is searched the general way until its next import.
 */
#define SEARCH_RANK_ENGINE	1

/* Rows stored per search: the command line's page (HOSPITAL_SEARCH_LIMIT). */
#define SEARCH_RANK_ROWS	20

/*
 * The searches stored: those with more candidates (of every kind) than
 * this, which take the general path over 0.1 ms at national size.
 */
#define SEARCH_RANK_MIN		150

/*
 * Stores the first page of every search with more than SEARCH_RANK_MIN
 * candidates (the prefixes of the place names, postcodes and their
 * prefixes, départements), ranked by the search itself, unless what they
 * were ranked from has not changed since; inside the caller's transaction.
 */
int	search_rank_rebuild(sqlite3 *db, char **cause);

#endif
