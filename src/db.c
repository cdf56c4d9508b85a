/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"
#include "med_pack.h"
#include "refdb.h"
#include "userdb.h"
#include "xmalloc.h"

const char *
db_kind_name(enum db_kind kind)
{
	return kind == DB_KIND_REFERENCE ? "reference" : "user";
}

const char *
db_errstr(int code)
{
	/* SQLite's own words as the English, so that they read as before. */
	switch (code & 0xff) {
	case SQLITE_NOTADB:	return _("file is not a database");
	case SQLITE_CORRUPT:	return _("database disk image is malformed");
	case SQLITE_FULL:	return _("database or disk is full");
	case SQLITE_READONLY:	return _("attempt to write a readonly database");
	case SQLITE_BUSY:	return _("database is locked");
	case SQLITE_LOCKED:	return _("database table is locked");
	case SQLITE_CANTOPEN:	return _("unable to open database file");
	case SQLITE_IOERR:	return _("disk I/O error");
	case SQLITE_PERM:	return _("access permission denied");
	case SQLITE_NOMEM:	return _("out of memory");
	case SQLITE_TOOBIG:	return _("string or blob too big");
	case SQLITE_INTERRUPT:	return _("interrupted");
	case SQLITE_AUTH:	return _("authorization denied");
	case SQLITE_PROTOCOL:	return _("locking protocol");
	default:		return sqlite3_errstr(code);
	}
}

const char *
db_errmsg(sqlite3 *db)
{
	int code = sqlite3_extended_errcode(db);
	const char *msg = sqlite3_errmsg(db);

	/* A message of SQLite's own making (a table, a column) stays as is. */
	if (strcmp(msg, sqlite3_errstr(code)) == 0)
		return db_errstr(code);
	return msg;
}

char *
db_error_text(sqlite3 *db)
{
	int code = sqlite3_extended_errcode(db) & 0xff, sys;

	sys = sqlite3_system_errno(db);
	if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) &&
	    sys != 0)
		return xasprintf("%s: %s", db_errmsg(db), strerror(sys));
	return xstrdup(db_errmsg(db));
}

int
db_exec(sqlite3 *db, const char *sql, char **cause)
{
	char *msg = NULL, *text;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		text = db_error_text(db);
		error_set(cause, "%s", text);
		free(text);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
db_step(sqlite3_stmt *stmt, char **cause)
{
	char *text;

	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	}
	text = db_error_text(sqlite3_db_handle(stmt));
	error_set(cause, "%s", text);
	free(text);
	return -1;
}

int
db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, char **cause)
{
	char *text;

	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		text = db_error_text(db);
		error_set(cause, "%s", text);
		free(text);
		return -1;
	}
	return 0;
}

int
db_query_int64(sqlite3 *db, const char *sql, int64_t *out, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(db, sql, &stmt, cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else if (rc == DB_DONE)
		error_set(cause, "no row");
	sqlite3_finalize(stmt);
	return rc == DB_ROW ? 0 : -1;
}

int
db_pragma_int(sqlite3 *db, const char *pragma, int64_t *out, char **cause)
{
	char *sql;
	int rc;

	sql = xasprintf("PRAGMA %s", pragma);
	rc = db_query_int64(db, sql, out, cause);
	free(sql);
	return rc;
}

int
db_quick_check(sqlite3 *db, char **result, char **cause)
{
	sqlite3_stmt *stmt;
	const char *text;
	int rc;

	if (db_prepare(db, "PRAGMA quick_check(1)", &stmt, cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) != DB_ROW) {
		if (rc == DB_DONE)
			error_set(cause, "quick_check gave no row");
		sqlite3_finalize(stmt);
		return -1;
	}
	text = (const char *)sqlite3_column_text(stmt, 0);
	*result = xstrdup(text != NULL ? text : "");
	sqlite3_finalize(stmt);
	return 0;
}

int
db_open_readonly(const char *path, sqlite3 **out, char **cause)
{
	sqlite3 *db = NULL;
	struct stat st;

	if (stat(path, &st) != 0)
		return error_set(cause, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(cause, _("%s: not a regular file"), path);
	/* One thread a connection: SQLite's own locking would be pure cost. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		error_set(cause, "%s: %s", path, db != NULL ? db_errmsg(db) :
		    _("cannot open"));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	db_harden(db);
	/* Open Medic's packed cells are read through med_unpack. */
	if (med_pack_register(db, cause) != 0) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
db_library_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		fatalx("SQLite was initialised before db_library_init");
}

void
db_harden(sqlite3 *db)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
}

/* Reads the first 16 bytes so that a non-SQLite file gets a plain message. */
static int
db_check_magic(const char *path, char **cause)
{
	char head[16];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return error_set(cause, "%s: %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
		return error_set(cause, _("%s: not an SQLite database"), path);
	return 0;
}

int
db_identify_open(const char *path, struct db_identity *id, sqlite3 **out,
    char **cause)
{
	sqlite3 *db;
	int64_t appid, version;
	char *why = NULL;
	int known;

	if (db_open_readonly(path, &db, cause) != 0)
		return -1;
	if (db_check_magic(path, cause) != 0)
		goto fail;
	if (db_pragma_int(db, "application_id", &appid, &why) != 0 ||
	    db_pragma_int(db, "user_version", &version, &why) != 0) {
		error_set(cause, "%s: %s", path, why);
		free(why);
		goto fail;
	}
	if (appid == DB_APPID_REFERENCE)
		id->kind = DB_KIND_REFERENCE;
	else if (appid == DB_APPID_USER)
		id->kind = DB_KIND_USER;
	else {
		error_set(cause, _("%s: not a mediflux database "
		    "(application_id %lld)"), path, (long long)appid);
		goto fail;
	}
	id->version = (int)version;
	known = db_kind_schema_version(id->kind);
	if (version > known) {
		error_set(cause, id->kind == DB_KIND_REFERENCE ?
		    _("%s: reference database of schema version %lld, newer "
		    "than this mediflux knows (%d): upgrade mediflux") :
		    _("%s: user database of schema version %lld, newer than "
		    "this mediflux knows (%d): upgrade mediflux"), path,
		    (long long)version, known);
		goto fail;
	}
	if (out != NULL)
		*out = db;
	else
		sqlite3_close(db);
	return 0;
fail:
	sqlite3_close(db);
	return -1;
}

int
db_identify(const char *path, struct db_identity *id, char **cause)
{
	return db_identify_open(path, id, NULL, cause);
}

int
db_count_rows(sqlite3 *db, const char *table, int64_t *out, char **cause)
{
	char *sql;
	int rc;

	sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	rc = db_query_int64(db, sql, out, cause);
	sqlite3_free(sql);
	return rc;
}

int
db_kind_schema_version(enum db_kind kind)
{
	return kind == DB_KIND_REFERENCE ? REFDB_SCHEMA_VERSION :
	    USERDB_SCHEMA_VERSION;
}

int
db_migrate(sqlite3 *db, const char *const *steps, int nsteps, int appid,
    char **cause)
{
	int64_t version, have_appid;
	char *sql, *why = NULL;
	int v;

	if (db_exec(db, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	if (db_pragma_int(db, "user_version", &version, &why) != 0 ||
	    db_pragma_int(db, "application_id", &have_appid, &why) != 0)
		goto fail;
	if (have_appid != 0 && have_appid != appid) {
		why = xasprintf("not a mediflux database (application_id %lld)",
		    (long long)have_appid);
		goto fail;
	}
	if (version > nsteps) {
		why = xasprintf("schema version %lld is newer than this mediflux "
		    "knows (%d): upgrade mediflux", (long long)version, nsteps);
		goto fail;
	}
	for (v = (int)version; v < nsteps; v++) {
		if (db_exec(db, steps[v], &why) != 0) {
			sql = why;
			why = xasprintf("migration to version %d: %s", v + 1, sql);
			free(sql);
			goto fail;
		}
	}
	if (version < nsteps) {
		sql = xasprintf("PRAGMA application_id = %d; PRAGMA user_version = %d",
		    appid, nsteps);
		if (db_exec(db, sql, &why) != 0) {
			free(sql);
			goto fail;
		}
		free(sql);
	}
	if (db_exec(db, "COMMIT", &why) != 0)
		goto fail;
	return 0;

fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	error_set(cause, "%s", why);
	free(why);
	return -1;
}
