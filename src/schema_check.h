/* SPDX-License-Identifier: ISC */
/*
 * Whether a database's schema is exactly one mediflux creates: what restore,
 * consolidate, health and the user database accept, so that a file never
 * brings a trigger, a view or a table of its own.
 */
#ifndef MEDIFLUX_SCHEMA_CHECK_H
#define MEDIFLUX_SCHEMA_CHECK_H

#include <sqlite3.h>

#include "db.h"

/*
 * Compares db's sqlite_schema (type, name, table, SQL with its white space
 * folded) with what mediflux's own schema steps make for a database of that
 * kind and version, built in memory. -1 with *cause naming path (unless
 * NULL, when the caller names the file) and the first difference (an extra
 * trigger, view, table or index, one in place of another, an altered one, a
 * missing one), or why the schema cannot be read. Only the statistics tables
 * ANALYZE makes may be absent.
 */
int	schema_check(sqlite3 *db, const char *path, enum db_kind, int version,
	    char **cause);

/*
 * schema_check accepts at once a file whose schema is exactly the one it
 * knows by heart for that kind and version (statistics aside); with none, or
 * another schema, it builds ours and compares object by object.
 * schema_known_has tells whether it knows one; schema_known_same, whether
 * that one is what the schema steps make (-1 with *cause listing what it
 * should be).
 */
int	schema_known_has(enum db_kind, int version);
int	schema_known_same(enum db_kind, int version, char **cause);

/*
 * For a file of another program (the prototype's), whose tables are its own:
 * -1 with *cause when it holds a view or a trigger.
 */
int	schema_check_no_code(sqlite3 *db, const char *path, char **cause);

#endif
