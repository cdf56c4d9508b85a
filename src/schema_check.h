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

/* A schema's digest in hexadecimal, with its NUL. */
#define SCHEMA_DIGEST_SIZE 65

/*
 * The digest schema_check takes of a file's schema to accept it at once when
 * it is exactly the one mediflux makes for that kind and version without
 * statistics, or NULL when it knows none: schema_check then compares object
 * by object. schema_expected_digest computes it from the schema steps.
 */
const char *schema_known_digest(enum db_kind, int version);
int	schema_expected_digest(enum db_kind, int version,
	    char hex[SCHEMA_DIGEST_SIZE], char **cause);

/*
 * For a file of another program (the prototype's), whose tables are its own:
 * -1 with *cause when it holds a view or a trigger.
 */
int	schema_check_no_code(sqlite3 *db, const char *path, char **cause);

#endif
