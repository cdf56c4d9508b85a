/* SPDX-License-Identifier: ISC */
/* SQLite helpers shared by the reference and user databases. */
#ifndef MEDIFLUX_DB_H
#define MEDIFLUX_DB_H

#include <sqlite3.h>
#include <stdint.h>

/* PRAGMA application_id values that mark our files ("MFXR", "MFXU"). */
#define DB_APPID_REFERENCE	0x4D465852
#define DB_APPID_USER		0x4D465855

enum db_kind {
	DB_KIND_REFERENCE,
	DB_KIND_USER,
};

/* What a file on disk is, read without writing anything to it. */
struct db_identity {
	enum db_kind	kind;
	int		version;
};

const char	*db_kind_name(enum db_kind);
int		 db_kind_schema_version(enum db_kind);

/*
 * The last error of db for a message: SQLite's text, and the system's when
 * a read or write failed ("disk I/O error: File too large"). Caller frees.
 */
/*
 * SQLite's message for a result code, or the last error of a connection,
 * in the user's language where SQLite gave its generic words.
 */
const char	*db_errstr(int code);
const char	*db_errmsg(sqlite3 *);
char		*db_error_text(sqlite3 *);

/* What db_step found: a row to read, or the end of the statement. */
#define DB_DONE	0
#define DB_ROW	1

/*
 * Steps a prepared statement: DB_ROW, DB_DONE, or -1 with *cause holding
 * SQLite's message (never an error read as "no row" or "done").
 */
int		 db_step(sqlite3_stmt *, char **cause);

/* Runs SQL that returns no rows; -1 with *cause on failure. */
int		 db_exec(sqlite3 *, const char *sql, char **cause);

/* Prepares one statement; -1 with *cause on failure. The caller finalises it. */
int		 db_prepare(sqlite3 *, const char *sql, sqlite3_stmt **, char **cause);

/* Runs a query whose first column of its first row is an integer. */
int		 db_query_int64(sqlite3 *, const char *sql, int64_t *out, char **cause);

/* Reads an integer PRAGMA (application_id, user_version, page_count...). */
int		 db_pragma_int(sqlite3 *, const char *pragma, int64_t *out, char **cause);

/* Runs PRAGMA quick_check; *result receives "ok" or the first problem (caller frees). */
int		 db_quick_check(sqlite3 *, char **result, char **cause);

/*
 * Identifies the SQLite file at path as one of ours, opening it read-only: a
 * clear message when it is missing, not SQLite, someone else's, or of a schema
 * newer than this program knows.
 */
int		 db_identify(const char *path, struct db_identity *, char **cause);
/* db_identify, keeping the read-only connection it read the file with. */
int		 db_identify_open(const char *path, struct db_identity *,
		    sqlite3 **out, char **cause);

/*
 * Opens a file read-only, with the busy timeout every connection of ours uses,
 * hardened (db_harden): what a file holds is read, never run.
 */
int		 db_open_readonly(const char *path, sqlite3 **, char **cause);

/*
 * The process's SQLite settings, before its first connection: no memory
 * statistics, which nothing reads and which took a global mutex at every
 * allocation (regions 0.12 ms faster from the command line).
 */
void		 db_library_init(void);

/*
 * Turns off on a connection everything a file's schema could make it run or
 * change: defensive mode (no writable schema, no corrupting pragmas), an
 * untrusted schema, no extension loading, and no views or triggers at all
 * (mediflux's own schemas have none; schema_check refuses them).
 */
void		 db_harden(sqlite3 *);

/* Counts the rows of a table whose name came from sqlite_master (quoted here). */
int		 db_count_rows(sqlite3 *, const char *table, int64_t *out, char **cause);

#define DB_BUSY_TIMEOUT_MS 5000

#endif

/*
 * Brings a database to version nsteps: steps[i] takes version i to i + 1. Runs
 * in one IMMEDIATE transaction (so two processes never migrate twice) and sets
 * application_id; a failed step leaves the file as it was. A version newer than
 * nsteps is refused without writing.
 */
int		 db_migrate(sqlite3 *, const char *const *steps, int nsteps,
		     int appid, char **cause);
