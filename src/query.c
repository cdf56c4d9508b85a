/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "db.h"
#include "query.h"
#include "refdb.h"
#include "signal_pending.h"
#include "xmalloc.h"

/* Statements kept: more than every query function prepares, so none is evicted in use. */
#define QUERY_MAX_STATEMENTS 64

struct query_statement {
	char		*sql;
	sqlite3_stmt	*stmt;
};

/* SQLite's trace callback: each statement as run, its values in place. */
static int
query_db_trace_stmt(unsigned type, void *arg, void *stmt, void *text)
{
	struct query_db *q = arg;
	char *sql;

	(void)type;
	/*
	 * Statements of triggers come as comments (the reference has none);
	 * those the FTS5 and R*Tree modules run for themselves name their
	 * schema quoted, which the shell's modules would run again.
	 */
	if (strncmp(text, "--", 2) == 0 || strstr(text, "'main'.") != NULL ||
	    strstr(text, "\"main\".") != NULL ||
	    (sql = sqlite3_expanded_sql(stmt)) == NULL)
		return 0;
	fprintf(q->trace, "%s;\n", sql);
	sqlite3_free(sql);
	return 0;
}

/*
 * MEDIFLUX_TRACE_SQL=FILE appends to FILE (made 0600: a search's values may
 * come from the profile) every statement run on the reference database, so
 * that make bench can replay the same SQL in the sqlite3 shell.
 */
static void
query_db_trace_open(struct query_db *q)
{
	const char *path = getenv("MEDIFLUX_TRACE_SQL");
	int fd;

	if (path == NULL || *path == '\0')
		return;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600)) == -1)
		return;
	if ((q->trace_file = fdopen(fd, "a")) == NULL) {
		close(fd);
		return;
	}
	query_db_trace(q, q->trace_file);
}

void
query_db_trace(struct query_db *q, FILE *f)
{
	q->trace = f;
	sqlite3_trace_v2(q->db, f != NULL ? SQLITE_TRACE_STMT : 0,
	    f != NULL ? query_db_trace_stmt : NULL, q);
}

struct query_db *
query_db_open(const char *path, char **cause)
{
	struct query_db *q;
	sqlite3 *db;

	if (refdb_open(path, &db, cause) != 0)
		return NULL;
	q = xcalloc(1, sizeof *q);
	q->db = db;
	q->path = xstrdup(path);
	query_db_trace_open(q);
	if (dataset_summary(db, &q->sample, &q->data_year, cause) != 0) {
		query_db_free(q);
		return NULL;
	}
	return q;
}

struct query_db *
query_db_borrow(sqlite3 *db, const char *path)
{
	struct query_db *q;

	q = xcalloc(1, sizeof *q);
	q->db = db;
	q->path = xstrdup(path);
	q->borrowed = 1;
	/* Already inside the caller's transaction: begin and end only count. */
	q->depth = 1;
	return q;
}

/* SQLite's progress callback: non-zero cancels the statement running. */
static int
query_db_progress(void *arg)
{
	struct query_db *q = arg;

	if (!signal_pending_any())
		return 0;
	q->interrupted = 1;
	return 1;
}

void
query_db_cancel_on_signal(struct query_db *q)
{
	/* Every hundred virtual machine steps: three flags read, a microsecond apart. */
	sqlite3_progress_handler(q->db, 100, query_db_progress, q);
}

int
query_db_take_interrupted(struct query_db *q)
{
	int was = q->interrupted;

	q->interrupted = 0;
	return was;
}

void
query_db_free(struct query_db *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nstatements; i++) {
		sqlite3_finalize(q->statements[i].stmt);
		free(q->statements[i].sql);
	}
	free(q->statements);
	if (!q->borrowed)
		sqlite3_close(q->db);
	if (q->trace_file != NULL)
		fclose(q->trace_file);
	free(q->path);
	free(q);
}

void
query_sample_add(struct query_sample *s, const char *kind, int year)
{
	size_t i;

	s->sample = 1;
	for (i = 0; i < s->ndatasets; i++)
		if (s->datasets[i].year == year &&
		    strcmp(s->datasets[i].kind, kind) == 0)
			return;
	s->datasets = xreallocarray(s->datasets, s->ndatasets + 1,
	    sizeof *s->datasets);
	s->datasets[s->ndatasets].kind = xstrdup(kind);
	s->datasets[s->ndatasets].year = year;
	s->ndatasets++;
}

int
query_sample_read(struct query_db *q, sqlite3_stmt *st, struct query_sample *s,
    char **cause)
{
	const unsigned char *kind;
	char *why = NULL;
	int rc;

	(void)q;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		kind = sqlite3_column_text(st, 0);
		query_sample_add(s, kind != NULL ? (const char *)kind : "",
		    sqlite3_column_int(st, 1));
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, "dataset: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

void
query_sample_clear(struct query_sample *s)
{
	size_t i;

	for (i = 0; i < s->ndatasets; i++)
		free(s->datasets[i].kind);
	free(s->datasets);
	memset(s, 0, sizeof *s);
}

json_t *
query_json_envelope(const struct query_db *q, const struct query_sample *s)
{
	json_t *o, *list;
	size_t i;

	o = json_pack("{s:b, s:s}", "sample", s->sample, "database", q->path);
	list = json_array();
	for (i = 0; i < s->ndatasets; i++)
		json_array_append_new(list, json_pack("{s:s, s:o}", "kind",
		    s->datasets[i].kind, "year", s->datasets[i].year != 0 ?
		    json_integer(s->datasets[i].year) : json_null()));
	json_object_set_new(o, "sample_datasets", list);
	return o;
}

sqlite3_stmt *
query_db_statement(struct query_db *q, const char *sql, char **cause)
{
	struct query_statement *s;
	sqlite3_stmt *stmt;
	size_t i;

	for (i = 0; i < q->nstatements; i++) {
		s = &q->statements[i];
		if (strcmp(s->sql, sql) == 0) {
			sqlite3_reset(s->stmt);
			sqlite3_clear_bindings(s->stmt);
			return s->stmt;
		}
	}
	if (db_prepare(q->db, sql, &stmt, cause) != 0)
		return NULL;
	if (q->nstatements == QUERY_MAX_STATEMENTS) {
		/* The oldest goes: built SQL (meds filters) varies, the rest does not. */
		sqlite3_finalize(q->statements[0].stmt);
		free(q->statements[0].sql);
		memmove(q->statements, q->statements + 1,
		    (q->nstatements - 1) * sizeof *q->statements);
		q->nstatements--;
	}
	q->statements = xreallocarray(q->statements, q->nstatements + 1,
	    sizeof *q->statements);
	q->statements[q->nstatements].sql = xstrdup(sql);
	q->statements[q->nstatements].stmt = stmt;
	q->nstatements++;
	return stmt;
}

void
query_batch_bind_rest(sqlite3_stmt *stmt, size_t n)
{
	for (; n < QUERY_BATCH; n++)
		sqlite3_bind_null(stmt, (int)n + 1);
}

int
query_db_begin(struct query_db *q, char **cause)
{
	sqlite3_stmt *st;

	if (q->depth++ > 0)
		return 0;
	if ((st = query_db_statement(q, "BEGIN", cause)) == NULL ||
	    db_step(st, cause) < 0) {
		if (st != NULL)
			sqlite3_reset(st);
		q->depth--;
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

void
query_db_end(struct query_db *q)
{
	sqlite3_stmt *st;
	char *cause = NULL;

	if (q->depth == 0)
		fatalx("query_db_end without query_db_begin");
	if (--q->depth > 0)
		return;
	/* A read-only transaction has nothing to lose: only its lock ends here. */
	if ((st = query_db_statement(q, "COMMIT", &cause)) == NULL ||
	    db_step(st, &cause) < 0) {
		free(cause);
		if (!sqlite3_get_autocommit(q->db))
			sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (st != NULL)
		sqlite3_reset(st);
}
