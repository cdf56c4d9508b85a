/* SPDX-License-Identifier: ISC */
/* The reference database as a psql script: schema, COPY data, indexes (issue 7). */
#ifndef MEDIFLUX_EXPORT_POSTGRES_H
#define MEDIFLUX_EXPORT_POSTGRES_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

/* The PostgreSQL schema every table goes into. */
#define EXPORT_PG_SCHEMA	"mediflux"
/* The table the export adds there: provenance and the sample flag. */
#define EXPORT_PG_INFO_TABLE	"export_info"

/* What the header and mediflux.export_info say about the export. */
struct export_pg_options {
	const char	*version;	/* mediflux's */
	const char	*source;	/* the database's path, as shown */
	time_t		 exported_at;
};

/* What was written, for the command's summary. */
struct export_pg_stats {
	int		 tables;	/* exported, export_info not counted */
	int		 left_out;	/* tables, views and triggers not exported */
	int64_t		 rows;
	int		 sample;	/* some dataset is sample data */
	int		 schema_version;
	int		 write_errno;	/* why writing the script first failed, 0 if it did not */
};

/*
 * Writes every ordinary table of db (a reference database open read-only) to
 * out as one psql script: one transaction creating schema mediflux, each table
 * with its data through COPY FROM stdin, its keys and indexes, then ANALYZE.
 * Rows are streamed, never held. What cannot be carried over (SQLite's own
 * tables, full-text indexes, views...) is listed in the script's header. A
 * value PostgreSQL would refuse (text that is not UTF-8, a NUL, a text in an
 * INTEGER column) fails with *cause naming table, row and column, and the
 * script then never reaches its COMMIT. Write errors are the caller's to check.
 */
int	export_postgres_write(sqlite3 *db, FILE *out,
	    const struct export_pg_options *, struct export_pg_stats *,
	    char **cause);

#endif
