/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "dbfile.h"
#include "i18n.h"
#include "pathkind.h"
#include "schema_check.h"
#include "userdb.h"
#include "userdb_owner.h"
#include "xmalloc.h"

/* userdb_migrations[i] takes the schema from version i to i + 1. */
static const char *const userdb_migrations[] = {
	/* 1: profile (one JSON document), history, cache. */
	"CREATE TABLE profile ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" document TEXT NOT NULL,"
	" updated_at TEXT NOT NULL"
	");"
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at TEXT NOT NULL,"
	" pane TEXT NOT NULL,"
	" command TEXT NOT NULL,"
	" params TEXT NOT NULL DEFAULT '{}',"
	" result_count INTEGER,"
	" duration_ms REAL"
	");"
	"CREATE INDEX history_at ON history(at);"
	"CREATE TABLE cache ("
	" key TEXT PRIMARY KEY,"
	" value BLOB,"
	" expires_at TEXT"
	") WITHOUT ROWID;",
	/*
	 * 2: prescriptions read and confirmed (issue 20): what was read and
	 * chosen, never the image; the file's base name at most.
	 */
	"CREATE TABLE prescription ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" kept_at TEXT NOT NULL,"
	" cost_date TEXT NOT NULL,"
	" prescribed_on TEXT,"
	" file TEXT NOT NULL,"
	" coverage_pct INTEGER,"
	" base_cents INTEGER,"
	" am_cents INTEGER,"
	" mutuelle_cents INTEGER,"
	" franchise_cents INTEGER,"
	" left_cents INTEGER"
	");"
	"CREATE TABLE prescription_line ("
	" prescription_id INTEGER NOT NULL"
	" REFERENCES prescription(id) ON DELETE CASCADE,"
	" number INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" instructions TEXT,"
	" cip13 TEXT,"
	" name TEXT,"
	" presentation TEXT,"
	" confidence INTEGER,"
	" boxes INTEGER NOT NULL,"
	" base_cents INTEGER,"
	" am_cents INTEGER,"
	" mutuelle_cents INTEGER,"
	" franchise_cents INTEGER,"
	" left_cents INTEGER,"
	" PRIMARY KEY (prescription_id, number)"
	") WITHOUT ROWID;",
};

#define USERDB_NMIGRATIONS \
	((int)(sizeof userdb_migrations / sizeof userdb_migrations[0]))

_Static_assert(USERDB_NMIGRATIONS == USERDB_SCHEMA_VERSION,
    "one migration per schema version");

/* Whether db's last failure was another connection's lock. */
static int
userdb_failed_busy(sqlite3 *db)
{
	int code = sqlite3_extended_errcode(db) & 0xff;

	return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/*
 * One attempt at opening and migrating, waiting at most wait_ms for locks;
 * *busy tells whether it failed only because another process held a lock
 * (the switch to WAL and WAL recovery report SQLITE_BUSY at once, without
 * waiting). With check_schema, a file whose schema is not ours is refused.
 */
static int
userdb_try_open(const char *path, const struct userdb_owner *owner,
    int check_schema, int wait_ms, sqlite3 **out, int *busy, char **why)
{
	sqlite3 *db = NULL;
	int64_t appid, version, tables = 0;

	*busy = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		error_set(why, "%s", db != NULL ? db_errmsg(db) :
		    "cannot open");
		sqlite3_close(db);
		return -1;
	}
	/* At least 1 ms: 0 would remove the handler, not shorten it. */
	sqlite3_busy_timeout(db, wait_ms > 0 ? wait_ms : 1);
	sqlite3_extended_result_codes(db, 1);
	db_harden(db);
	if (userdb_owner_same(owner, db, path, why) != 0)
		goto fail;

	/*
	 * Look before writing anything: a foreign or newer file stays untouched.
	 * One read transaction, so that another process creating the database
	 * meanwhile is seen either before or after its migration, never as
	 * tables without our mark.
	 */
	if (db_exec(db, "BEGIN", why) != 0)
		goto fail;
	if (db_pragma_int(db, "application_id", &appid, why) != 0 ||
	    db_pragma_int(db, "user_version", &version, why) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM sqlite_master", &tables,
	    why) != 0) {
		/* Read before ROLLBACK, which would reset it. */
		*busy = userdb_failed_busy(db);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(db);
		return -1;
	}
	if (db_exec(db, "COMMIT", why) != 0)
		goto fail;
	if (appid != 0 && appid != DB_APPID_USER) {
		error_set(why, _("not a mediflux user database "
		    "(application_id %lld)"), (long long)appid);
		goto fail;
	}
	/* Without our mark, only an empty database (or file) is ours to fill. */
	if (appid == 0 && tables != 0) {
		error_set(why, "%s", _("not a mediflux user database "
		    "(application_id 0, with another program's tables)"));
		goto fail;
	}
	if (version > USERDB_SCHEMA_VERSION) {
		error_set(why, _("user database of schema version %lld, newer than "
		    "this mediflux knows (%d): upgrade mediflux"),
		    (long long)version, USERDB_SCHEMA_VERSION);
		goto fail;
	}
	/* Nothing of a file that holds more than our schema is used. */
	if (check_schema && version > 0 && schema_check(db, NULL, DB_KIND_USER,
	    (int)version, why) != 0)
		goto fail;
	/*
	 * In WAL mode, NORMAL syncs at checkpoints only: a commit (a search
	 * recorded in the history) costs no fdatasync, and a power cut loses at
	 * most the last few, never the file's consistency.
	 */
	if (db_exec(db, "PRAGMA journal_mode = WAL", why) != 0 ||
	    db_exec(db, "PRAGMA synchronous = NORMAL", why) != 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", why) != 0 ||
	    db_migrate(db, userdb_migrations, USERDB_NMIGRATIONS, DB_APPID_USER,
	    why) != 0)
		goto fail;
	/*
	 * A file just created or upgraded holds its schema itself, not only in
	 * the WAL that commands leave beside it (history_open).
	 */
	if (version < USERDB_SCHEMA_VERSION)
		(void)sqlite3_wal_checkpoint_v2(db, "main",
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	*out = db;
	return 0;
fail:
	*busy = userdb_failed_busy(db);
	sqlite3_close(db);
	return -1;
}

int
userdb_migrate_to(sqlite3 *db, int version, char **cause)
{
	if (version < 0 || version > USERDB_SCHEMA_VERSION)
		return error_set(cause, "no user schema version %d", version);
	return db_migrate(db, userdb_migrations, version, DB_APPID_USER, cause);
}

/*
 * userdb_open, and userdb_open_to_replace when check_schema is 0. Another
 * process's lock is waited for DB_BUSY_TIMEOUT_MS in all: the attempts share
 * one deadline, each one's busy timeout being what is left of it, so that
 * retries never multiply the wait.
 */
static int
userdb_open_as(const char *path, int private_dir, int check_schema,
    sqlite3 **out, char **cause)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct userdb_owner owner;
	char *why = NULL;
	double deadline, left;
	int busy;

	/* Before creating anything for it: a directory, device or FIFO is refused. */
	if (pathkind_check_regular(path, 1, cause) != 0 ||
	    dbfile_make_parents(path, cause) != 0)
		return -1;
	if (userdb_owner_claim(path, private_dir, &owner, cause) != 0)
		return -1;
	deadline = clock_now_ms() + DB_BUSY_TIMEOUT_MS;
	for (;;) {
		free(why);
		why = NULL;
		left = deadline - clock_now_ms();
		if (userdb_try_open(path, &owner, check_schema, (int)left, out,
		    &busy, &why) == 0) {
			userdb_owner_release(&owner);
			return 0;
		}
		if (!busy || clock_now_ms() >= deadline)
			break;
		nanosleep(&pause, NULL);
	}
	userdb_owner_release(&owner);
	if (busy)
		error_set(cause, _("%s: another program kept it locked for %d s "
		    "(%s): try again when it has finished"), path,
		    DB_BUSY_TIMEOUT_MS / 1000, why);
	else
		error_set(cause, "%s: %s", path, why);
	free(why);
	return -1;
}

int
userdb_open(const char *path, int private_dir, sqlite3 **out, char **cause)
{
	return userdb_open_as(path, private_dir, 1, out, cause);
}

int
userdb_open_to_replace(const char *path, sqlite3 **out, char **cause)
{
	return userdb_open_as(path, 0, 0, out, cause);
}
