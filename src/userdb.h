/* SPDX-License-Identifier: ISC */
/* The user database: one per Unix user, private (0600 in a 0700 directory). */
#ifndef MEDIFLUX_USERDB_H
#define MEDIFLUX_USERDB_H

#include <sqlite3.h>

#define USERDB_SCHEMA_VERSION 2

/*
 * Opens (creating if needed) the user database at path: file 0600, parent
 * directories created 0700 (and a private_dir that is ours tightened to 0700),
 * WAL, busy timeout, migrated to the current schema. A file, directory or
 * journal that is not the caller's alone is refused (userdb_owner_claim), and
 * so is a file whose schema is not exactly mediflux's (schema_check).
 */
int	userdb_open(const char *path, int private_dir, sqlite3 **, char **cause);

/*
 * userdb_open for a restore, which replaces every page: a file whose schema
 * is not mediflux's is opened too (with triggers and views off), so that a
 * backup can repair it.
 */
int	userdb_open_to_replace(const char *path, sqlite3 **, char **cause);

/*
 * Brings a user database to a schema version up to the current one (the real
 * steps, stopped there): how schema_check knows what each version holds.
 */
int	userdb_migrate_to(sqlite3 *, int version, char **cause);

#endif
