/* SPDX-License-Identifier: ISC */
/*
 * Bulk inserts of integer rows on a second thread, so that parsing the next
 * rows and SQLite storing the last ones overlap.
 */
#ifndef MEDIFLUX_BULK_INSERT_H
#define MEDIFLUX_BULK_INSERT_H

#include <sqlite3.h>
#include <stdint.h>

#define BULK_INSERT_MAX_COLUMNS 16

struct bulk_insert;

/*
 * Starts the writer on st, an INSERT with ncolumns parameters; until
 * bulk_insert_finish, no one else may use st's connection.
 */
struct bulk_insert	*bulk_insert_start(sqlite3_stmt *st, int ncolumns);

/*
 * The next row to fill: ncolumns values, and *nulls, a bit per column that is
 * NULL (cleared). Returns NULL once the writer has failed.
 */
int64_t			*bulk_insert_row(struct bulk_insert *, uint32_t **nulls);

/* Writes what is queued, stops the thread; -1 with *cause if any insert failed. */
int			 bulk_insert_finish(struct bulk_insert *, char **cause);

#endif
