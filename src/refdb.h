/* The reference database: geography and everything imported, read-only when browsing. */
#ifndef MEDIFLUX_REFDB_H
#define MEDIFLUX_REFDB_H

#include <sqlite3.h>

#define REFDB_SCHEMA_VERSION 2

/* Creates the reference schema in an empty database (the builder's first step). */
int	refdb_create_schema(sqlite3 *, char **cause);

/* Brings a reference database opened for writing up to this schema version. */
int	refdb_migrate(sqlite3 *, char **cause);

/*
 * Opens a reference database read-only for browsing; refuses files that are not
 * one, or whose schema this program cannot read.
 */
int	refdb_open(const char *path, sqlite3 **, char **cause);

#endif
