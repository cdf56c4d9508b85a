/* SPDX-License-Identifier: ISC */
/*
 * The query layer: everything a user can ask of the reference database, as
 * functions the command line, the terminal interface and the tests all call.
 */
#ifndef MEDIFLUX_QUERY_H
#define MEDIFLUX_QUERY_H

#include <stdio.h>

#include <sqlite3.h>

#include <jansson.h>

struct query_statement;

/* The reference database opened read-only for queries. */
struct query_db {
	sqlite3	*db;
	char	*path;
	int	 sample;	/* the database holds some generated sample data */
	int	 data_year;	/* latest year of an imported dataset, 0 if none */
	struct query_statement *statements;	/* prepared once, kept */
	size_t	 nstatements;
	int	 depth;		/* query_db_begin calls not yet ended */
	int	 interrupted;	/* a pending signal cancelled a query */
	FILE	*trace;		/* where query_db_trace writes, or NULL */
	FILE	*trace_file;	/* MEDIFLUX_TRACE_SQL's, owned */
	int	 borrowed;	/* db is its caller's: left open by query_db_free */
	int	 search_rank;	/* stored rankings: 0 not yet looked, 1 usable, -1 not */
};

/* Opens path read-only for queries; NULL with *cause when it cannot be used. */
struct query_db	*query_db_open(const char *path, char **cause);
void		 query_db_free(struct query_db *);

/*
 * A query_db over a connection its caller keeps, in the transaction the
 * caller has open (an import building what the searches read): its queries
 * neither begin nor end one, and freeing it leaves db open.
 */
struct query_db	*query_db_borrow(sqlite3 *db, const char *path);

/*
 * Writes to f, until called with NULL, every statement then run on q, its
 * values in place, as MEDIFLUX_TRACE_SQL=FILE does for a whole run: the
 * benchmarks run the same SQL to compare with.
 */
void		 query_db_trace(struct query_db *, FILE *f);

/*
 * Makes a pending stop signal (src/signal_pending.c) cancel the query running
 * on q, which then fails (SQLITE_INTERRUPT) with interrupted set: the
 * terminal interface's Ctrl-C stops a long query, not the program.
 */
void		 query_db_cancel_on_signal(struct query_db *);

/* Whether a signal cancelled a query since the last call. */
int		 query_db_take_interrupted(struct query_db *);

/*
 * The statement for sql, prepared on first use and kept, since preparing
 * costs as much as a typical search: reset, bindings cleared. q finalises
 * it; the caller resets it when done (sqlite3_reset), so that no read
 * stays open between queries.
 */
sqlite3_stmt	*query_db_statement(struct query_db *, const char *sql,
		     char **cause);

/*
 * Rows read by a list of keys go QUERY_BATCH keys a statement, as
 * "... IN " QUERY_BATCH_PARAMS: one run for a page instead of one a row,
 * each run opening and closing the statement's cursors.
 */
#define QUERY_BATCH		20
#define QUERY_BATCH_PARAMS	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10," \
	" ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
/* Binds NULL, which matches no key, to a batch's parameters after its first n. */
void		 query_batch_bind_rest(sqlite3_stmt *, size_t n);

/*
 * Brackets the reads of one query: one transaction, so one lock for all its
 * statements (not one each) and one snapshot even if an import switches the
 * file meanwhile. Calls nest; only the outermost begins and ends.
 */
int		 query_db_begin(struct query_db *, char **cause);
void		 query_db_end(struct query_db *);

/* A dataset an answer is made of that is generated sample data. */
struct query_sample_dataset {
	char	*kind;		/* as in the dataset table: sae, openmedic ... */
	int	 year;		/* 0 when it has none */
};

/*
 * Whether one answer is made of sample data: set when any dataset whose rows
 * make it is, so that an answer of published data alone is never flagged,
 * even in a database that also holds sample datasets.
 */
struct query_sample {
	int				 sample;
	struct query_sample_dataset	*datasets;	/* each once, as found */
	size_t				 ndatasets;
};

/* Counts a sample dataset in an answer (once, however often it is added). */
void		 query_sample_add(struct query_sample *, const char *kind,
		     int year);

/*
 * Adds the sample datasets a statement returns, as rows (kind, year); binds
 * are the caller's, the statement is reset. -1 with *cause on failure.
 */
int		 query_sample_read(struct query_db *, sqlite3_stmt *,
		     struct query_sample *, char **cause);
void		 query_sample_clear(struct query_sample *);

/*
 * Starts the JSON document of a query result: {"sample": ..., "database":
 * ..., "sample_datasets": [{"kind": ..., "year": ...}]} so that every script
 * sees whether the figures of this answer are real.
 */
json_t		*query_json_envelope(const struct query_db *,
		     const struct query_sample *);

#endif
