/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataset.h"
#include "db.h"
#include "utf8.h"
#include "xmalloc.h"

/* 9999-12-31T23:59:59Z: the last time a four-digit year can write. */
#define DATASET_EPOCH_MAX 253402300799LL

const char *const dataset_sae_totals[DATASET_SAE_NTOTALS] = {
	"beds_mco", "places_mco", "stays_full_mco", "stays_partial_mco",
	"er_passages", "er_authorised",
};

/*
 * Binds a text of provenance sanitised: file names, a catalogue's words and
 * a server's ETag are all shown back by hospital, health and --json.
 */
static void
dataset_bind_clean(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(stmt, i, utf8_sanitize(s), -1, free);
}

int
dataset_insert(sqlite3 *db, const struct dataset_record *d, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(db, "INSERT INTO dataset (kind, year, source, file_name,"
	    " file_size, sha256, rows_read, rows_kept, rows_rejected,"
	    " control_totals, imported_at, sample, url, retrieved_at, etag,"
	    " last_modified)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &stmt,
	    cause) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, d->kind, -1, SQLITE_STATIC);
	if (d->year != 0)
		sqlite3_bind_int(stmt, 2, d->year);
	dataset_bind_clean(stmt, 3, d->source);
	dataset_bind_clean(stmt, 4, d->file_name);
	sqlite3_bind_int64(stmt, 5, d->file_size);
	sqlite3_bind_text(stmt, 6, d->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 7, d->rows_read);
	sqlite3_bind_int64(stmt, 8, d->rows_kept);
	sqlite3_bind_int64(stmt, 9, d->rows_rejected);
	dataset_bind_clean(stmt, 10, d->control_totals);
	dataset_bind_clean(stmt, 11, d->imported_at);
	sqlite3_bind_int(stmt, 12, d->sample != 0);
	dataset_bind_clean(stmt, 13, d->url);
	dataset_bind_clean(stmt, 14, d->retrieved_at);
	dataset_bind_clean(stmt, 15, d->etag);
	dataset_bind_clean(stmt, 16, d->last_modified);
	rc = db_step(stmt, cause) < 0 ? -1 : 0;
	sqlite3_finalize(stmt);
	return rc;
}

static char *
dataset_column_dup(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return s != NULL ? xstrdup(s) : NULL;
}

int
dataset_list(sqlite3 *db, struct dataset_record **out, size_t *count,
    char **cause)
{
	struct dataset_record *list = NULL, *d;
	sqlite3_stmt *stmt;
	size_t n = 0, size = 0;
	const char *sha;
	char *why = NULL;
	int rc;

	/*
	 * A database older than schema 4 (health reads any) has no download
	 * columns: SQLite's plain error; any other is the file's, and told.
	 */
	if (db_prepare(db, "SELECT id, kind, year, source, file_name,"
	    " file_size, sha256, rows_read, rows_kept, rows_rejected,"
	    " control_totals, imported_at, sample, url, retrieved_at, etag,"
	    " last_modified FROM dataset ORDER BY id", &stmt, &why) != 0) {
		if ((sqlite3_errcode(db) & 0xff) != SQLITE_ERROR) {
			error_set(cause, "%s", why);
			free(why);
			return -1;
		}
		free(why);
		if (db_prepare(db, "SELECT id, kind, year, source, file_name,"
		    " file_size, sha256, rows_read, rows_kept, rows_rejected,"
		    " control_totals, imported_at, sample, NULL, NULL, NULL,"
		    " NULL FROM dataset ORDER BY id", &stmt, cause) != 0)
			return -1;
	}
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		if (n == size) {
			size = size ? 2 * size : 16;
			list = xreallocarray(list, size, sizeof *list);
		}
		d = &list[n++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(stmt, 0);
		d->kind = dataset_column_dup(stmt, 1);
		d->year = sqlite3_column_int(stmt, 2);
		d->source = dataset_column_dup(stmt, 3);
		d->file_name = dataset_column_dup(stmt, 4);
		d->file_size = sqlite3_column_int64(stmt, 5);
		sha = (const char *)sqlite3_column_text(stmt, 6);
		snprintf(d->sha256, sizeof d->sha256, "%s", sha != NULL ? sha : "");
		d->rows_read = sqlite3_column_int64(stmt, 7);
		d->rows_kept = sqlite3_column_int64(stmt, 8);
		d->rows_rejected = sqlite3_column_int64(stmt, 9);
		d->control_totals = dataset_column_dup(stmt, 10);
		d->imported_at = dataset_column_dup(stmt, 11);
		d->sample = sqlite3_column_int(stmt, 12);
		d->url = dataset_column_dup(stmt, 13);
		d->retrieved_at = dataset_column_dup(stmt, 14);
		d->etag = dataset_column_dup(stmt, 15);
		d->last_modified = dataset_column_dup(stmt, 16);
	}
	if (rc != DB_DONE) {
		sqlite3_finalize(stmt);
		dataset_list_free(list, n);
		return -1;
	}
	sqlite3_finalize(stmt);
	*out = list;
	*count = n;
	return 0;
}

void
dataset_list_free(struct dataset_record *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].kind);
		free(list[i].source);
		free(list[i].file_name);
		free(list[i].control_totals);
		free(list[i].imported_at);
		free(list[i].url);
		free(list[i].retrieved_at);
		free(list[i].etag);
		free(list[i].last_modified);
	}
	free(list);
}

char *
dataset_timestamp_now(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char buf[32], *end;
	time_t t;
	struct tm tm;

	/*
	 * SOURCE_DATE_EPOCH is anyone's text: one that is not a time gmtime_r can
	 * turn into a date (garbage, overflow, year past 9999) is ignored.
	 */
	t = time(NULL);
	if (epoch != NULL && *epoch != '\0') {
		long long v;

		errno = 0;
		v = strtoll(epoch, &end, 10);
		if (*end == '\0' && errno == 0 && v >= 0 &&
		    v <= DATASET_EPOCH_MAX)
			t = (time_t)v;
	}
	if (gmtime_r(&t, &tm) == NULL)
		fatal("the clock's time is not a date");
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

int
dataset_summary(sqlite3 *db, int *sample, int *year, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(db, "SELECT coalesce(max(sample), 0), coalesce(max(CASE"
	    " WHEN kind NOT LIKE 'insee\\_%' ESCAPE '\\' THEN year END), 0)"
	    " FROM dataset", &stmt, cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		*sample = sqlite3_column_int(stmt, 0);
		*year = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc == DB_DONE)
		return error_set(cause, "dataset: no row");
	if (rc != DB_ROW)
		return -1;
	return 0;
}
