/* SPDX-License-Identifier: ISC */
/*
 * db_step tells a row, the end and an error apart, with SQLite's own errors
 * (a constraint, an interrupted statement, a damaged page), never mocked; and
 * a loop that used to read an error as "done" now fails with it.
 */
#include "config.h"

#include "unit.h"

#include "db.h"
#include "import_engine.h"
#include "refdb.h"
#include "xmalloc.h"

static sqlite3 *
memory_db(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	sqlite3_extended_result_codes(db, 1);
	return db;
}

static void
test_rows_then_done(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(db_prepare(db, "SELECT 7 UNION ALL SELECT 8", &st,
	    NULL), 0);
	assert_int_equal(db_step(st, &cause), DB_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 7);
	assert_int_equal(db_step(st, &cause), DB_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 8);
	assert_int_equal(db_step(st, &cause), DB_DONE);
	assert_null(cause);
	sqlite3_finalize(st);
	/* A statement without rows is done at once. */
	assert_int_equal(db_prepare(db, "CREATE TABLE t (x)", &st, NULL), 0);
	assert_int_equal(db_step(st, &cause), DB_DONE);
	assert_null(cause);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
test_constraint_is_an_error(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE t (x UNIQUE);"
	    " INSERT INTO t VALUES (1)", NULL), 0);
	assert_int_equal(db_prepare(db, "INSERT INTO t VALUES (1)", &st, NULL), 0);
	assert_int_equal(db_step(st, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, "UNIQUE constraint failed: t.x");
	assert_int_equal(sqlite3_extended_errcode(db),
	    SQLITE_CONSTRAINT_UNIQUE);
	free(cause);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int
interrupt_at_once(void *arg)
{
	(void)arg;
	return 1;
}

static void
test_interrupt_is_an_error(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(db_prepare(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION"
	    " ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i FROM n", &st,
	    NULL), 0);
	sqlite3_progress_handler(db, 1, interrupt_at_once, NULL);
	assert_int_equal(db_step(st, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, "interrupted");
	free(cause);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/*
 * A file of one table t of many pages, its last page (a leaf of t) damaged,
 * in a directory of its own (*dir, for the caller to remove).
 */
static char *
damaged_file(char **dir, int64_t *rows)
{
	char *path;
	sqlite3 *db;
	int64_t pages, size;
	FILE *f;
	char *junk;

	*dir = unit_tmpdir();
	path = xasprintf("%s/damaged.db", *dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "PRAGMA page_size = 4096; CREATE TABLE t"
	    " (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 5000) INSERT INTO t SELECT printf('%0100d', i) FROM n",
	    NULL), 0);
	assert_int_equal(db_pragma_int(db, "page_count", &pages, NULL), 0);
	assert_int_equal(db_pragma_int(db, "page_size", &size, NULL), 0);
	assert_true(pages > 10);
	sqlite3_close(db);
	*rows = 5000;
	junk = xmalloc((size_t)size);
	memset(junk, 0xff, (size_t)size);
	assert_non_null(f = fopen(path, "r+b"));
	assert_int_equal(fseek(f, (long)((pages - 1) * size), SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, (size_t)size, f), (size_t)size);
	assert_int_equal(fclose(f), 0);
	free(junk);
	return path;
}

static void
test_damaged_page_is_an_error(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *dir, *path, *cause = NULL;
	int64_t rows, n = 0;
	int rc;

	(void)state;
	path = damaged_file(&dir, &rows);
	assert_int_equal(db_open_readonly(path, &db, NULL), 0);
	assert_int_equal(db_prepare(db, "SELECT x FROM t", &st, NULL), 0);
	while ((rc = db_step(st, &cause)) == DB_ROW)
		n++;
	/* Rows up to the damaged page, then the error: never "done". */
	assert_int_equal(rc, -1);
	assert_true(n > 0 && n < rows);
	assert_non_null(cause);
	assert_string_equal(cause, "database disk image is malformed");
	free(cause);
	sqlite3_finalize(st);
	sqlite3_close(db);
	unit_rm_rf(dir);
	free(dir);
	free(path);
}

/* Interrupts the listing of the tables, and nothing else. */
static int
interrupt_table_list(void *arg)
{
	sqlite3 *db = arg;
	sqlite3_stmt *st = NULL;
	const char *sql;
	int listing = 0, others = 0;

	while ((st = sqlite3_next_stmt(db, st)) != NULL) {
		if (!sqlite3_stmt_busy(st))
			continue;
		if ((sql = sqlite3_sql(st)) != NULL &&
		    strstr(sql, "pragma_table_list") != NULL)
			listing++;
		else
			others++;
	}
	return listing > 0 && others == 0;
}

static void
test_count_tables_interrupted(void **state)
{
	sqlite3 *db = memory_db();
	char *cause = NULL;
	int64_t stored;

	(void)state;
	assert_int_equal(refdb_create_schema(db, NULL), 0);
	assert_int_equal(import_metrics_rebuild(db, NULL), 0);
	assert_int_equal(db_query_int64(db, "SELECT count(*) FROM table_count",
	    &stored, NULL), 0);
	assert_true(stored > 10);
	/* Stopped while listing the tables: the rebuild fails, not half done. */
	sqlite3_progress_handler(db, 1, interrupt_table_list, db);
	assert_int_equal(import_metrics_rebuild(db, &cause), -1);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	assert_non_null(cause);
	assert_string_equal(cause, "interrupted");
	free(cause);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_then_done),
		cmocka_unit_test(test_constraint_is_an_error),
		cmocka_unit_test(test_interrupt_is_an_error),
		cmocka_unit_test(test_damaged_page_is_an_error),
		cmocka_unit_test(test_count_tables_interrupted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
