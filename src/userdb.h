/* The user database: one per Unix user, private (0600 in a 0700 directory). */
#ifndef MEDIFLUX_USERDB_H
#define MEDIFLUX_USERDB_H

#include <sqlite3.h>

#define USERDB_SCHEMA_VERSION 1

/*
 * Opens (creating if needed) the user database at path: file 0600, parent
 * directories created 0700 (and a private_dir that is ours tightened to 0700),
 * WAL, busy timeout, migrated to the current schema. A file, directory or
 * journal that is not the caller's alone is refused (userdb_owner_claim).
 */
int	userdb_open(const char *path, int private_dir, sqlite3 **, char **cause);

#endif
