/* SPDX-License-Identifier: ISC */
/*
 * Backups and restores: consistent copies, atomic replacement, bad files
 * change nothing. A sync ahead keeps SQLite's locks and reports its errors.
 * A database in rollback mode is copied as bytes, one in WAL mode is not.
 */
#include "config.h"

#include "unit.h"

#include <fcntl.h>
#include <sys/wait.h>

#include "dbfile.h"
#include "geo.h"
#include "refdb.h"
#include "refdb_update.h"
#include "userdb.h"
#include "xmalloc.h"

struct files {
	char	*root;
	char	*ref;		/* a reference database built from the fixtures */
	char	*user;		/* a user database with two history rows */
};

static char *
in(const struct files *f, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", f->root, name) > 0);
	return p;
}

static int
setup(void **state)
{
	static const struct geo_info info = { 2026, "test fixtures" };
	struct files *f = calloc(1, sizeof *f);
	sqlite3 *db;

	f->root = unit_tmpdir();
	f->ref = in(f, "ref.db");
	f->user = in(f, "user.db");
	assert_int_equal(sqlite3_open(f->ref, &db), SQLITE_OK);
	assert_int_equal(refdb_create_schema(db, NULL), 0);
	assert_int_equal(db_exec(db, "BEGIN", NULL), 0);
	assert_int_equal(geo_load_dir(db, FIXTURES "/geo", &info, NULL), 0);
	assert_int_equal(db_exec(db, "COMMIT", NULL), 0);
	sqlite3_close(db);
	assert_int_equal(userdb_open(f->user, 0, &db, NULL), 0);
	assert_int_equal(db_exec(db, "INSERT INTO history (at, pane, command)"
	    " VALUES ('a', 'p', 'one'), ('b', 'p', 'two')", NULL), 0);
	sqlite3_close(db);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct files *f = *state;

	unit_rm_rf(f->root);
	free(f->root);
	free(f->ref);
	free(f->user);
	free(f);
	return 0;
}

static int64_t
count(const char *path, const char *table)
{
	sqlite3 *db;
	int64_t n = -1;

	assert_int_equal(db_open_readonly(path, &db, NULL), 0);
	assert_int_equal(db_count_rows(db, table, &n, NULL), 0);
	sqlite3_close(db);
	return n;
}

/* Checks that restoring bad into target fails with why and leaves target byte-identical. */
static void
expect_restore_refused(const char *bad, enum db_kind kind, const char *target,
    const char *why)
{
	char *before, *cause = NULL;
	size_t len;

	before = unit_read_file(target, &len);
	assert_int_equal(dbfile_restore(bad, kind, target, &cause), -1);
	unit_assert_says(cause, why);
	unit_assert_unchanged(target, before, len);
	free(cause);
}

static void
test_reference_backup_and_restore(void **state)
{
	struct files *f = *state;
	char *copy = in(f, "copy.db"), *cause = NULL;
	struct db_identity id;
	sqlite3 *reader;

	assert_int_equal(dbfile_backup(f->ref, DB_KIND_REFERENCE, copy, &cause), 0);
	assert_int_equal(db_identify(copy, &id, NULL), 0);
	assert_int_equal(id.kind, DB_KIND_REFERENCE);
	assert_int_equal(count(copy, "commune"), 7);
	/* Backing a database up onto itself is refused. */
	assert_int_equal(dbfile_backup(f->ref, DB_KIND_REFERENCE, f->ref, &cause), -1);
	assert_non_null(strstr(cause, "is the database itself"));
	free(cause);

	/* A reader keeps its old file while the restore swaps in the new one. */
	assert_int_equal(db_open_readonly(f->ref, &reader, NULL), 0);
	assert_int_equal(db_exec(reader, "BEGIN; SELECT count(*) FROM commune", NULL), 0);
	{
		sqlite3 *w;

		assert_int_equal(sqlite3_open(copy, &w), SQLITE_OK);
		assert_int_equal(db_exec(w, "DELETE FROM commune WHERE code = '01001'",
		    NULL), 0);
		sqlite3_close(w);
	}
	assert_int_equal(dbfile_restore(copy, DB_KIND_REFERENCE, f->ref, &cause), 0);
	assert_int_equal(count(f->ref, "commune"), 6);
	{
		int64_t n;

		assert_int_equal(db_count_rows(reader, "commune", &n, NULL), 0);
		assert_int_equal(n, 7);
	}
	sqlite3_close(reader);
	free(copy);
}

static void
test_restore_refuses_bad_files(void **state)
{
	struct files *f = *state;
	char *text = in(f, "notes.txt"), *newer = in(f, "newer.db");
	char *foreign = in(f, "foreign.db");
	sqlite3 *db;

	unit_write_file(text, "SQLite format 2\nnot really\n", 27);
	expect_restore_refused(text, DB_KIND_REFERENCE, f->ref,
	    "not an SQLite database");
	expect_restore_refused(text, DB_KIND_USER, f->user, "not an SQLite database");
	/* Kinds are not interchangeable. */
	expect_restore_refused(f->user, DB_KIND_REFERENCE, f->ref,
	    "a user database, not a reference database");
	expect_restore_refused(f->ref, DB_KIND_USER, f->user,
	    "a reference database, not a user database");
	/* A newer schema than we know. */
	assert_int_equal(dbfile_backup(f->ref, DB_KIND_REFERENCE, newer, NULL), 0);
	assert_int_equal(sqlite3_open(newer, &db), SQLITE_OK);
	{
		char *sql = xasprintf("PRAGMA user_version = %d",
		    REFDB_SCHEMA_VERSION + 1);

		assert_int_equal(db_exec(db, sql, NULL), 0);
		free(sql);
	}
	sqlite3_close(db);
	expect_restore_refused(newer, DB_KIND_REFERENCE, f->ref,
	    "newer than this mediflux knows");
	/* Somebody else's SQLite file. */
	assert_int_equal(sqlite3_open(foreign, &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE hospitals (finess_id TEXT)", NULL), 0);
	sqlite3_close(db);
	expect_restore_refused(foreign, DB_KIND_REFERENCE, f->ref,
	    "not a mediflux database");
	/* A missing file. */
	expect_restore_refused("/nonexistent/backup.db", DB_KIND_REFERENCE, f->ref,
	    "No such file or directory");
	free(text);
	free(newer);
	free(foreign);
}

static void
test_user_backup_and_restore(void **state)
{
	struct files *f = *state;
	char *copy = in(f, "user-copy.db"), *cause = NULL;
	sqlite3 *live;
	struct stat st;
	int64_t n;

	assert_int_equal(dbfile_backup(f->user, DB_KIND_USER, copy, &cause), 0);
	assert_int_equal(stat(copy, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count(copy, "history"), 2);

	/* The user writes more, with a connection still open, then restores. */
	assert_int_equal(userdb_open(f->user, 0, &live, NULL), 0);
	assert_int_equal(db_exec(live, "INSERT INTO history (at, pane, command)"
	    " VALUES ('c', 'p', 'three')", NULL), 0);
	assert_int_equal(dbfile_restore(copy, DB_KIND_USER, f->user, &cause), 0);
	assert_int_equal(db_count_rows(live, "history", &n, NULL), 0);
	assert_int_equal(n, 2);
	sqlite3_close(live);
	assert_int_equal(count(f->user, "history"), 2);
	free(copy);
}

/* Whether another process sees a lock on path (a child asks fcntl). */
static int
locked_for_others(const char *path)
{
	struct flock fl;
	pid_t pid;
	int status, fd;

	if ((pid = fork()) == 0) {
		if ((fd = open(path, O_RDWR)) < 0)
			_exit(2);
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_GETLK, &fl) != 0)
			_exit(2);
		_exit(fl.l_type != F_UNLCK ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 2);
	return WEXITSTATUS(status) == 0;
}

static void
test_sync_ahead(void **state)
{
	struct files *f = *state;
	struct dbfile_sync *sync;
	char *path = in(f, "synced.db"), *none = in(f, "none.db"), *cause = NULL;
	sqlite3 *db;

	/* As an import holds its new database: an exclusive lock, data written. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "PRAGMA locking_mode = EXCLUSIVE;"
	    " CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL), 0);
	assert_true(locked_for_others(path));
	sync = dbfile_sync_start(path);
	/* Written while the pages go to the disk: the flush takes them too. */
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (2)", NULL), 0);
	usleep(120 * 1000);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)", NULL), 0);
	dbfile_sync_flush(sync);
	assert_int_equal(dbfile_sync_wait(sync, &cause), 0);
	assert_null(cause);
	/* Its descriptor still open, SQLite's lock is still there. */
	assert_true(locked_for_others(path));
	assert_int_equal(dbfile_sync_wait(sync, &cause), 0);
	sqlite3_close(db);
	assert_false(locked_for_others(path));
	dbfile_sync_free(sync);

	/* Let go before the flush, as a failed import does: nothing waits. */
	sync = dbfile_sync_start(path);
	dbfile_sync_free(sync);

	sync = dbfile_sync_start(none);
	dbfile_sync_flush(sync);
	assert_int_equal(dbfile_sync_wait(sync, &cause), -1);
	unit_assert_says(cause, "none.db: No such file or directory");
	dbfile_sync_free(sync);
	free(cause);
	free(path);
	free(none);
}

/* Whether two files hold the same bytes. */
static int
same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb;

	assert_non_null(fa);
	assert_non_null(fb);
	do {
		ca = getc(fa);
		cb = getc(fb);
	} while (ca == cb && ca != EOF);
	fclose(fa);
	fclose(fb);
	return ca == cb;
}

/* A database in rollback mode is copied byte for byte; one in WAL mode is left to SQLite. */
static void
test_copy_bytes(void **state)
{
	struct files *f = *state;
	char *copy = in(f, "copy.db"), *wal = in(f, "wal.db"), *cause = NULL;
	sqlite3 *from, *db;
	int fd;

	assert_int_equal(db_open_readonly(f->ref, &from, NULL), 0);
	fd = open(copy, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(dbfile_copy_bytes(from, f->ref, fd, &cause), 1);
	assert_null(cause);
	close(fd);
	/* Its read transaction is over: the source can be written again. */
	assert_int_equal(sqlite3_get_autocommit(from), 1);
	sqlite3_close(from);
	assert_true(same_bytes(f->ref, copy));
	assert_int_equal(count(copy, "commune"), count(f->ref, "commune"));

	/* Its committed pages are still in its WAL: SQLite must copy them. */
	assert_int_equal(sqlite3_open(wal, &db), SQLITE_OK);
	assert_int_equal(db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA"
	    " wal_autocheckpoint = 0; CREATE TABLE t (x); INSERT INTO t"
	    " VALUES (1)", NULL), 0);
	assert_int_equal(db_open_readonly(wal, &from, NULL), 0);
	fd = open(copy, O_RDWR | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(dbfile_copy_bytes(from, wal, fd, &cause), 0);
	assert_null(cause);
	assert_int_equal(lseek(fd, 0, SEEK_END), 0);
	close(fd);
	sqlite3_close(from);
	sqlite3_close(db);
	free(copy);
	free(wal);
}

/* A check beside quick_check: what its connection sees of the copy. */
static int
check_counts(const char *path, void *arg, char **cause)
{
	sqlite3 *db;
	int64_t *n = arg;

	if (db_open_readonly(path, &db, cause) != 0)
		return -1;
	*n = -1;
	if (db_count_rows(db, "table_count", n, cause) != 0) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_close(db);
	return *n == 2 ? 0 : error_set(cause, "%lld rows in table_count",
	    (long long)*n);
}

/*
 * An update checked on a second connection while quick_check runs: the
 * check reads what was committed, and one that fails leaves the target as
 * it was, saying why.
 */
static void
test_commit_checked(void **state)
{
	struct files *f = *state;
	struct refdb_update *u;
	sqlite3 *db;
	char *before, *cause = NULL;
	int64_t seen = 0;
	size_t len;

	/* Two rows committed: the check sees both, and the update lands. */
	assert_non_null(u = refdb_update_begin(f->ref, NULL, &db, NULL));
	assert_int_equal(db_exec(db, "BEGIN; DELETE FROM table_count;"
	    " INSERT INTO table_count (name, rows) VALUES ('a', 1), ('b', 2);"
	    " COMMIT", NULL), 0);
	assert_int_equal(refdb_update_commit_checked(u, check_counts, &seen,
	    &cause), 0);
	assert_null(cause);
	assert_int_equal(seen, 2);
	assert_int_equal(count(f->ref, "table_count"), 2);

	/* Three rows: the check fails, and so does the update. */
	before = unit_read_file(f->ref, &len);
	assert_non_null(u = refdb_update_begin(f->ref, NULL, &db, NULL));
	assert_int_equal(db_exec(db, "INSERT INTO table_count (name, rows)"
	    " VALUES ('c', 3)", NULL), 0);
	assert_int_equal(refdb_update_commit_checked(u, check_counts, &seen,
	    &cause), -1);
	assert_int_equal(seen, 3);
	unit_assert_says(cause, "3 rows in table_count");
	unit_assert_unchanged(f->ref, before, len);
	assert_int_equal(count(f->ref, "table_count"), 2);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reference_backup_and_restore,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_bad_files,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_backup_and_restore,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_checked, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
