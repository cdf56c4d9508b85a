/* SPDX-License-Identifier: ISC */
/* schema_check: mediflux's own schemas of every version pass; any difference is named. */
#include "config.h"

#include "unit.h"

#include "db.h"
#include "refdb.h"
#include "schema_check.h"
#include "userdb.h"

#define REF4 "x.db: foreign schema, not the one mediflux creates for a " \
	"reference database of version 4: "

/* A database in memory brought to a version by the real steps, then changed by sql. */
static sqlite3 *
made(enum db_kind kind, int version, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(kind == DB_KIND_REFERENCE ?
	    refdb_migrate_to(db, version, NULL) :
	    userdb_migrate_to(db, version, NULL), 0);
	if (sql != NULL)
		assert_int_equal(db_exec(db, sql, NULL), 0);
	return db;
}

/* Checks the reference database of schema 4 changed by sql: refused, saying want. */
static void
refused(const char *sql, const char *want)
{
	sqlite3 *db = made(DB_KIND_REFERENCE, 4, sql);
	char *cause = NULL;

	assert_int_equal(schema_check(db, "x.db", DB_KIND_REFERENCE, 4, &cause),
	    -1);
	assert_string_equal(cause, want);
	free(cause);
	sqlite3_close(db);
}

static void
test_every_version_passes(void **state)
{
	sqlite3 *db;
	char *cause = NULL;
	int v;

	(void)state;
	for (v = 1; v <= REFDB_SCHEMA_VERSION; v++) {
		db = made(DB_KIND_REFERENCE, v, NULL);
		assert_int_equal(schema_check(db, "x.db", DB_KIND_REFERENCE, v,
		    &cause), 0);
		/* The statistics ANALYZE keeps (the builder runs it) are ours too. */
		assert_int_equal(db_exec(db, "ANALYZE", NULL), 0);
		assert_int_equal(schema_check(db, "x.db", DB_KIND_REFERENCE, v,
		    &cause), 0);
		sqlite3_close(db);
	}
	for (v = 1; v <= USERDB_SCHEMA_VERSION; v++) {
		db = made(DB_KIND_USER, v, NULL);
		assert_int_equal(schema_check(db, "u.db", DB_KIND_USER, v,
		    &cause), 0);
		sqlite3_close(db);
	}
	assert_null(cause);
}

static void
test_differences_are_named(void **state)
{
	(void)state;
	refused("CREATE TRIGGER drees_wipe AFTER INSERT ON dataset BEGIN"
	    " DELETE FROM professional; END",
	    REF4 "extra trigger drees_wipe on dataset");
	refused("DROP TABLE departement; CREATE VIEW departement AS SELECT 1 AS code",
	    REF4 "view departement in place of table departement");
	refused("CREATE TABLE notes (body TEXT)", REF4 "extra table notes");
	refused("CREATE INDEX commune_population ON commune(population)",
	    REF4 "extra index commune_population on commune");
	refused("ALTER TABLE region RENAME COLUMN population TO pop",
	    REF4 "table region altered: \"pop INTEGER)\" where mediflux has"
	    " \"population INTEGER)\"");
	refused("DROP INDEX commune_name_key",
	    REF4 "missing index commune_name_key on commune");
	/* The same name on another table is another index. */
	refused("DROP INDEX postcode_place; CREATE INDEX postcode_place ON"
	    " commune(code)", REF4 "index postcode_place on postcode altered:"
	    " \"commune(code)\" where mediflux has \"postcode(place_code)\"");
	/* A trigger comes first, whatever else differs. */
	refused("CREATE TABLE a (x); CREATE TRIGGER z AFTER INSERT ON a BEGIN"
	    " SELECT 1; END", REF4 "extra trigger z on a");
}

static void
test_version_is_compared(void **state)
{
	sqlite3 *db = made(DB_KIND_REFERENCE, 3, NULL);
	char *cause = NULL;

	(void)state;
	/* Version 4 added columns to dataset: a version 3 file is not a 4. */
	assert_int_equal(schema_check(db, "x.db", DB_KIND_REFERENCE, 4, &cause),
	    -1);
	unit_assert_says(cause, "table dataset altered: \"0)\" where mediflux has"
	    " \"0, url TEXT,\"");
	free(cause);
	cause = NULL;
	/* Nor a reference schema a user one; without a path, none is named. */
	assert_int_equal(schema_check(db, NULL, DB_KIND_USER, 1, &cause), -1);
	assert_string_equal(cause, "foreign schema, not the one mediflux creates"
	    " for a user database of version 1: extra table arrondissement");
	free(cause);
	sqlite3_close(db);
}

static void
test_names_are_sanitised(void **state)
{
	sqlite3 *db = made(DB_KIND_USER, 1, "CREATE TABLE \"t\033[31m\" (x)");
	char *cause = NULL;

	(void)state;
	assert_int_equal(schema_check(db, "u\033]0;x\a.db", DB_KIND_USER, 1,
	    &cause), -1);
	assert_null(strchr(cause, '\033'));
	assert_null(strchr(cause, '\a'));
	unit_assert_says(cause, "extra table t");
	free(cause);
	sqlite3_close(db);
}

/*
 * The schema schema_check knows by heart is the one the steps make: a step
 * added without it would send every user database the long way.
 */
static void
test_known_schema(void **state)
{
	char *cause = NULL;

	(void)state;
	if (schema_known_same(DB_KIND_USER, USERDB_SCHEMA_VERSION, &cause) != 0)
		fail_msg("%s", cause);
	assert_true(schema_known_has(DB_KIND_USER, USERDB_SCHEMA_VERSION));
	assert_false(schema_known_has(DB_KIND_USER, USERDB_SCHEMA_VERSION - 1));
	assert_false(schema_known_has(DB_KIND_REFERENCE, REFDB_SCHEMA_VERSION));
	assert_int_equal(schema_known_same(DB_KIND_REFERENCE,
	    REFDB_SCHEMA_VERSION, &cause), -1);
	free(cause);
}

/* Statistics send a file the long way, which accepts SQLite's own alone. */
static void
test_statistics_compared(void **state)
{
	sqlite3 *db = made(DB_KIND_USER, USERDB_SCHEMA_VERSION, "ANALYZE");
	char *cause = NULL;

	(void)state;
	assert_int_equal(schema_check(db, "u.db", DB_KIND_USER,
	    USERDB_SCHEMA_VERSION, &cause), 0);
	sqlite3_close(db);
	db = made(DB_KIND_USER, USERDB_SCHEMA_VERSION, "PRAGMA writable_schema ="
	    " ON; CREATE TABLE sqlite_stat1(tbl, idx, stat, more)");
	assert_int_equal(schema_check(db, "u.db", DB_KIND_USER,
	    USERDB_SCHEMA_VERSION, &cause), -1);
	unit_assert_says(cause, "table sqlite_stat1 altered");
	free(cause);
	sqlite3_close(db);
}

static void
test_prototype_files(void **state)
{
	sqlite3 *db;
	char *cause = NULL;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE hospitals (finess_id TEXT"
	    " PRIMARY KEY); CREATE INDEX h ON hospitals(finess_id)", NULL), 0);
	assert_int_equal(schema_check_no_code(db, "p.db", &cause), 0);
	assert_int_equal(db_exec(db, "CREATE VIEW v AS SELECT 1", NULL), 0);
	assert_int_equal(schema_check_no_code(db, "p.db", &cause), -1);
	assert_string_equal(cause, "p.db: foreign schema, a prototype file holds"
	    " no views or triggers: view v");
	free(cause);
	sqlite3_close(db);
}

/* The text of sql's first row's first column, copied. */
static char *
text_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *text;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	text = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

/*
 * Step 10 moves med_cell out of WITHOUT ROWID: its rows come through whole,
 * in key order, and a drill-down finds them through the key's index.
 */
static void
test_v10_moves_cells(void **state)
{
	sqlite3 *db = made(DB_KIND_REFERENCE, 9, "INSERT INTO med_cell VALUES"
	    " (2024, 6, 'N02BE01 3400930000001', x'0a0b0c'),"
	    " (2023, 1, 'N', x'01'), (2024, 1, 'A', randomblob(20000)),"
	    " (2024, 1, 'N', x'0203')");
	sqlite3_stmt *st;
	char *before, *after, *plan;
	const char *rows = "SELECT group_concat(year || ' ' || level || ' ' ||"
	    " code || ' ' || hex(cells), ';') FROM (SELECT * FROM med_cell"
	    " ORDER BY year, level, code)";

	(void)state;
	before = text_of(db, rows);
	assert_int_equal(refdb_migrate_to(db, 10, NULL), 0);
	after = text_of(db, rows);
	assert_string_equal(after, before);
	/* Rowids in key order: a level's BLOBs are written together. */
	plan = text_of(db, "SELECT group_concat(code, ',') FROM"
	    " (SELECT code FROM med_cell ORDER BY rowid)");
	assert_string_equal(plan, "N,A,N,N02BE01 3400930000001");
	free(plan);
	assert_int_equal(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT"
	    " code, cells FROM med_cell WHERE year = 2024 AND level = 1 AND"
	    " code >= 'A' AND code < 'B'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 3),
	    "USING INDEX sqlite_autoindex_med_cell_1"));
	sqlite3_finalize(st);
	assert_int_equal(schema_check(db, "x.db", DB_KIND_REFERENCE, 10, NULL),
	    0);
	free(before);
	free(after);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_version_passes),
		cmocka_unit_test(test_differences_are_named),
		cmocka_unit_test(test_version_is_compared),
		cmocka_unit_test(test_names_are_sanitised),
		cmocka_unit_test(test_prototype_files),
		cmocka_unit_test(test_known_schema),
		cmocka_unit_test(test_statistics_compared),
		cmocka_unit_test(test_v10_moves_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
