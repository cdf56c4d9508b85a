/* SPDX-License-Identifier: ISC */
/* The user database: private modes, WAL, migrations, refusals that change nothing. */
#include "config.h"

#include <sys/wait.h>

#include "unit.h"

#include "db.h"
#include "userdb.h"

static void
test_created_private_under_open_umask(void **state)
{
	char *root = unit_tmpdir(), *dir, *path, *wal;
	struct stat st;
	sqlite3 *db;
	int64_t v;
	mode_t old;

	(void)state;
	assert_true(asprintf(&dir, "%s/share/mediflux", root) > 0);
	assert_true(asprintf(&path, "%s/user.db", dir) > 0);
	old = umask(0);
	assert_int_equal(userdb_open(path, 1, &db, NULL), 0);
	umask(old);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(asprintf(&wal, "%s-wal", path) > 0);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(db_pragma_int(db, "user_version", &v, NULL), 0);
	assert_int_equal(v, USERDB_SCHEMA_VERSION);
	assert_int_equal(db_pragma_int(db, "application_id", &v, NULL), 0);
	assert_int_equal(v, DB_APPID_USER);
	assert_int_equal(db_exec(db, "INSERT INTO history (at, pane, command)"
	    " VALUES ('2026-11-21T10:00:00Z', 'hospitals', 'search')", NULL), 0);
	sqlite3_close(db);

	/* A directory left open by someone's umask is tightened; reopening keeps data. */
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(userdb_open(path, 1, &db, NULL), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(db_count_rows(db, "history", &v, NULL), 0);
	assert_int_equal(v, 1);
	sqlite3_close(db);

	unit_rm_rf(root);
	free(root);
	free(dir);
	free(path);
	free(wal);
}

/* Tries to open path as a user database and checks it failed leaving it byte-identical. */
static void
expect_refused(const char *path, const char *why)
{
	char *before, *cause = NULL;
	size_t len;
	sqlite3 *db;

	/* Private, as a user database must be: what is refused is the content. */
	assert_int_equal(chmod(path, 0600), 0);
	before = unit_read_file(path, &len);
	assert_int_equal(userdb_open(path, 0, &db, &cause), -1);
	unit_assert_says(cause, why);
	unit_assert_unchanged(path, before, len);
	free(cause);
}

static void
test_refuses_newer_foreign_and_non_sqlite(void **state)
{
	char *root = unit_tmpdir(), *path;
	sqlite3 *db;

	(void)state;
	assert_true(asprintf(&path, "%s/newer.db", root) > 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE future (x);"
	    " PRAGMA application_id = 1296455765; PRAGMA user_version = 99", NULL), 0);
	sqlite3_close(db);
	expect_refused(path, "schema version 99, newer than this mediflux knows (2)");
	free(path);

	assert_true(asprintf(&path, "%s/foreign.db", root) > 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x); PRAGMA application_id = 42",
	    NULL), 0);
	sqlite3_close(db);
	expect_refused(path, "not a mediflux user database (application_id 42)");
	free(path);

	assert_true(asprintf(&path, "%s/text.db", root) > 0);
	unit_write_file(path, "this is not a database, just some text\n", 39);
	expect_refused(path, "file is not a database");
	free(path);
	unit_rm_rf(root);
	free(root);
}

/* Refuses path as a user database with a message holding why; nothing is created beside it. */
static void
expect_not_private(const char *path, const char *why)
{
	char *cause = NULL, *wal;
	struct stat st;
	sqlite3 *db;

	assert_int_equal(userdb_open(path, 0, &db, &cause), -1);
	unit_assert_says(cause, why);
	free(cause);
	assert_true(asprintf(&wal, "%s-wal", path) > 0);
	assert_int_not_equal(lstat(wal, &st), 0);
	free(wal);
}

static void
test_refuses_what_others_may_reach(void **state)
{
	char *root = unit_tmpdir(), *path, *link, *open_dir, *wal, *want;
	struct stat st;
	sqlite3 *db;

	(void)state;
	/* The caller's own file, readable by others: refused, its mode kept. */
	assert_true(asprintf(&path, "%s/user.db", root) > 0);
	unit_write_file(path, "", 0);
	assert_int_equal(chmod(path, 0644), 0);
	assert_true(asprintf(&want, "%s: refused as user database: mode 0644 lets "
	    "group or others in; make it yours alone with 'chmod 600 %s'", path,
	    path) > 0);
	expect_not_private(path, want);
	free(want);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_size, 0);

	/* A link to it, even once private. */
	assert_int_equal(chmod(path, 0600), 0);
	assert_true(asprintf(&link, "%s/link.db", root) > 0);
	assert_int_equal(symlink(path, link), 0);
	expect_not_private(link, "a symbolic link (name the file itself)");

	/* A -wal beside it that others may read. */
	assert_true(asprintf(&wal, "%s-wal", path) > 0);
	unit_write_file(wal, "", 0);
	assert_int_equal(chmod(wal, 0604), 0);
	assert_int_equal(userdb_open(path, 0, &db, NULL), -1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(unlink(wal), 0);
	assert_int_equal(userdb_open(path, 0, &db, NULL), 0);
	sqlite3_close(db);

	/* A directory open to others, unless it is our own data directory (private_dir). */
	assert_true(asprintf(&open_dir, "%s/open", root) > 0);
	assert_int_equal(mkdir(open_dir, 0700), 0);
	assert_int_equal(chmod(open_dir, 0711), 0);
	free(path);
	assert_true(asprintf(&path, "%s/user.db", open_dir) > 0);
	expect_not_private(path, "refused as the user database's directory: mode "
	    "0711 lets group or others in");
	assert_int_not_equal(lstat(path, &st), 0);
	assert_int_equal(userdb_open(path, 1, &db, NULL), 0);
	sqlite3_close(db);
	assert_int_equal(stat(open_dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	unit_rm_rf(root);
	free(root);
	free(path);
	free(link);
	free(wal);
	free(open_dir);
}

static void
test_migration_engine(void **state)
{
	static const char *const steps[] = {
		"CREATE TABLE a (x); INSERT INTO a VALUES (1);",
		"CREATE TABLE b (y); INSERT INTO b SELECT x + 1 FROM a;",
		"CREATE TABLE c (z); INSERT INTO nowhere VALUES (3);",
	};
	sqlite3 *db;
	char *cause = NULL;
	int64_t v;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	/* Two steps apply; running again changes nothing. */
	assert_int_equal(db_migrate(db, steps, 2, 7, NULL), 0);
	assert_int_equal(db_migrate(db, steps, 2, 7, NULL), 0);
	assert_int_equal(db_pragma_int(db, "user_version", &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_int_equal(db_count_rows(db, "b", &v, NULL), 0);
	assert_int_equal(v, 1);
	/* A failing third step leaves version 2 and no table c. */
	assert_int_equal(db_migrate(db, steps, 3, 7, &cause), -1);
	assert_string_equal(cause, "migration to version 3: no such table: nowhere");
	free(cause);
	assert_int_equal(db_pragma_int(db, "user_version", &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_int_equal(db_count_rows(db, "c", &v, &cause), -1);
	free(cause);
	/* An older program refuses the newer file. */
	assert_int_equal(db_migrate(db, steps, 1, 7, &cause), -1);
	assert_string_equal(cause, "schema version 2 is newer than this mediflux "
	    "knows (1): upgrade mediflux");
	free(cause);
	sqlite3_close(db);
}

/* Several processes creating the same database at once: one schema, no error. */
static void
test_concurrent_first_open(void **state)
{
	char *root = unit_tmpdir(), *path;
	pid_t pids[4];
	sqlite3 *db;
	int i, status;
	int64_t v;

	(void)state;
	assert_true(asprintf(&path, "%s/user.db", root) > 0);
	for (i = 0; i < 4; i++) {
		if ((pids[i] = fork()) == 0) {
			free(root);
			if (userdb_open(path, 1, &db, NULL) != 0)
				_exit(1);
			free(path);
			db_exec(db, "INSERT INTO history (at, pane, command)"
			    " VALUES ('t', 'p', 'c')", NULL);
			sqlite3_close(db);
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(userdb_open(path, 1, &db, NULL), 0);
	assert_int_equal(db_count_rows(db, "history", &v, NULL), 0);
	assert_int_equal(v, 4);
	sqlite3_close(db);
	unit_rm_rf(root);
	free(root);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created_private_under_open_umask),
		cmocka_unit_test(test_refuses_newer_foreign_and_non_sqlite),
		cmocka_unit_test(test_refuses_what_others_may_reach),
		cmocka_unit_test(test_migration_engine),
		cmocka_unit_test(test_concurrent_first_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
