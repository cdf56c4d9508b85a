/* SPDX-License-Identifier: ISC */
/* Write transactions that wait their turn behind other processes. */
#ifndef MEDIFLUX_DBTX_H
#define MEDIFLUX_DBTX_H

#include <sqlite3.h>

/*
 * Runs fn(db, arg, cause) inside BEGIN IMMEDIATE ... COMMIT: the write lock is
 * taken first, so a read inside never has to be upgraded (which SQLite refuses
 * at once when another process wrote meanwhile). While another process holds
 * the lock past the busy timeout, the transaction is tried again, up to
 * DBTX_ATTEMPTS times. A failing fn rolls everything back.
 */
int	dbtx_run(sqlite3 *, int (*fn)(sqlite3 *, void *, char **), void *arg,
	    char **cause);

#define DBTX_ATTEMPTS 6

#endif
