/* SPDX-License-Identifier: ISC */
/*
 * What every importer shares: the job (database, current file, provenance,
 * progress) and the interface each kind of published file implements.
 */
#ifndef MEDIFLUX_IMPORT_ENGINE_H
#define MEDIFLUX_IMPORT_ENGINE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "csv.h"
#include "import.h"

struct archive_stream;
struct progress;

enum import_kind_id {
	IMPORT_FINESS,
	IMPORT_SAE,
	IMPORT_OPENMEDIC,
	IMPORT_DREES,
	IMPORT_BDPM,
	IMPORT_NKINDS
};

/* A FILE of the command line, as provenance records it. */
struct import_file {
	char				*name;		/* basename */
	int64_t				 size;
	char				 sha256[65];
	const struct dataset_origin	*origin;	/* a download's, or NULL */
};

struct import_digests;

struct import_job {
	sqlite3				*db;
	const struct import_options	*options;
	struct import_report		*report;
	struct progress			*progress;

	/* The FILE being read. */
	const char			*path;
	const char			*file_name;	/* basename, for provenance */
	const struct dataset_origin	*origin;	/* a download's, or NULL */
	int64_t				 file_size;
	char				 sha256[65];
	/*
	 * One state per kind for the whole run, so that the tables of one
	 * dataset combine whichever files and order they come in.
	 */
	void				*state[IMPORT_NKINDS];
	/* Every FILE started so far; the last is the one being read. */
	struct import_file		*files;
	size_t				 nfiles;
	struct archive_stream		*stream;
	uint64_t			 rows;		/* read from the FILE so far */
	struct import_digests		*digests;	/* every FILE's SHA-256 */
	/* Checks run on the committed copy (import_defer_check). */
	struct import_check		*checks;
	size_t				 nchecks;
};

/*
 * A check of what an importer wrote that needs nothing but the database:
 * run once the copy is committed, on a connection of its own, while
 * quick_check reads the copy; one that fails (-1 with *cause) fails the
 * import. arg is freed with free_arg after the run.
 */
typedef int (*import_check_fn)(sqlite3 *db, const void *arg, char **cause);
void	import_defer_check(struct import_job *, import_check_fn fn, void *arg,
	    void (*free_arg)(void *));
/* Runs the deferred checks on db, in order, up to the first that fails. */
int	import_checks_run(const struct import_job *, sqlite3 *db, char **cause);
/* Drops the deferred checks, run or not. */
void	import_checks_free(struct import_job *);

struct import_kind {
	const char	*name;
	/* How it is recognised, for error messages (marked N_()). */
	const char	*expect;
	/* Whether the first record (already read) starts a file of this kind. */
	int		(*detect)(struct csv_reader *);
	/* Reads the rest of one recognised CSV; state lives in job->state[id]. */
	int		(*read)(struct import_job *, struct csv_reader *,
			    const char *entry, char **cause);
	/*
	 * Writes what the run read once every FILE is read; NULL (with free)
	 * for kinds that write each entry as they read it.
	 */
	int		(*finish)(struct import_job *, void *state, char **cause);
	void		(*free)(void *state);
	/*
	 * Whether a table no kind recognised by its content is still one of
	 * this kind's by its name (to be told "not used", not "not
	 * recognised"); NULL when content alone tells.
	 */
	int		(*detect_name)(const char *name);
};

extern const struct import_kind import_finess_kind;
extern const struct import_kind import_sae_kind;
extern const struct import_kind import_openmedic_kind;
extern const struct import_kind import_drees_kind;
extern const struct import_kind import_bdpm_kind;

/*
 * Starts a dataset's provenance row (counts filled by import_dataset_end),
 * replacing earlier rows of the same kind, source and year; returns its id or -1.
 */
int64_t	import_dataset_begin(struct import_job *, const char *kind,
	    const char *source, int year, char **cause);
/*
 * The same for a dataset made of several FILEs (indexes into job->files,
 * in the order given): their names, summed sizes and a digest of their
 * SHA-256 list (doc/import.md); the FILE itself when there is one.
 */
int64_t	import_dataset_begin_files(struct import_job *, const char *kind,
	    const char *source, int year, const size_t *files, size_t nfiles,
	    char **cause);
/* Completes the provenance row; steals totals. */
int	import_dataset_end(struct import_job *, int64_t id, int64_t rows_read,
	    int64_t rows_kept, int64_t rows_rejected, json_t *totals, char **cause);

/* "file: entry: line N: field 'F': why 'value'" for the current record. */
int	import_field_error(char **cause, const struct csv_reader *,
	    const char *field, const char *why, const char *value);
/* "file: entry: line N: why" for the current record. */
int	import_record_error(char **cause, const struct csv_reader *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Whether a record (a header) has every one of the NULL-terminated names, in any case. */
int	import_record_has(const struct csv_reader *, const char *const *names);

/*
 * Keeps the current record as the header, refusing a name found twice in any
 * case (which of the two would be read?). Empty names, as in trailing ';;'
 * of spreadsheet exports, are not columns and may repeat.
 */
int	import_take_header(struct csv_reader *, char **cause);

/* Index of a header column, or an error naming the missing column. */
int	import_require_column(const struct csv_reader *, const char *name,
	    char **cause);

/* Counts a row for progress (cheap; redraws a few times a second). */
void	import_progress_row(struct import_job *);

/* Steps a prepared statement that returns no row, then resets it for the next. */
int	import_sql_step(sqlite3_stmt *, const char *what, char **cause);

/* The INSEE département of a FINESS-style code ("9A" is 971); NULL for "". */
const char *import_departement_from_finess(const char *);

/* Notes an entry of the FILE that was recognised but is not used, and why. */
void	import_not_used(struct import_job *, const char *entry, const char *why);
/* Notes an entry of a container FILE whose content mediflux does not know. */
void	import_not_recognised(struct import_job *, const char *entry);
/*
 * Adds a warning about one field to the report, worded and quoted as
 * import_field_error words an error, with what was done about it (then).
 */
void	import_field_warn(struct import_job *, const struct csv_reader *,
	    const char *field, const char *why, const char *value,
	    const char *then);
/* Adds a warning to the report (a row set aside, say), shown after the import. */
void	import_warn(struct import_job *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Derived regional metrics, rebuilt from what the database holds. */
int	import_metrics_rebuild(sqlite3 *, char **cause);

/* Binds a C string, or NULL for an empty cell (not declared). */
void	import_bind_text(sqlite3_stmt *, int, const char *);

#endif
