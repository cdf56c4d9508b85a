/* The reference database: geography and everything imported, read-only when browsing. */
#ifndef MEDIFLUX_REFDB_H
#define MEDIFLUX_REFDB_H

#include <sqlite3.h>

#define REFDB_SCHEMA_VERSION 1

/* Creates the reference schema in an empty database (the builder's first step). */
int	refdb_create_schema(sqlite3 *, char **cause);

/*
 * Opens a reference database read-only for browsing; refuses files that are not
 * one, or whose schema this program cannot read.
 */
int	refdb_open(const char *path, sqlite3 **, char **cause);

#endif
