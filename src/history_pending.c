/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "dbfile.h"
#include "dbtx.h"
#include "history.h"
#include "history_pending.h"
#include "i18n.h"
#include "pathkind.h"
#include "userdb.h"
#include "userdb_owner.h"
#include "xmalloc.h"

/* The cache row naming the taken file last moved into the database. */
#define HISTORY_PENDING_MARK "history.pending.taken"

/* The entry as one line: the columns of history, at given now. */
static char *
history_pending_line(const char *pane, const char *command, json_t *params,
    int64_t result_count, double duration_ms)
{
	struct timespec ts;
	struct tm tm;
	char at[64], *line;
	json_t *o;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)(ts.tv_nsec / 1000000) % 1000);
	o = json_object();
	json_object_set_new(o, "at", json_string(at));
	json_object_set_new(o, "pane", json_string(pane));
	json_object_set_new(o, "command", json_string(command));
	json_object_set_new(o, "params", params != NULL ? json_incref(params) :
	    json_object());
	json_object_set_new(o, "results", result_count >= 0 ?
	    json_integer(result_count) : json_null());
	json_object_set_new(o, "ms", duration_ms >= 0 ?
	    json_real(duration_ms) : json_null());
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(9));
	json_decref(o);
	if (line == NULL)
		fatalx("cannot encode a history entry");
	return line;
}

/* Refuses st (the pending file at path) unless it is a plain file of the caller's alone. */
static int
history_pending_judge(const char *path, const struct stat *st, char **cause)
{
	if (!S_ISREG(st->st_mode))
		return error_set(cause, _("%s: refused as the history's pending "
		    "entries: not a regular file"), path);
	if (st->st_uid != geteuid() || (st->st_mode & 077) != 0)
		return error_set(cause, _("%s: refused as the history's pending "
		    "entries: owned by uid %lu, mode %04o, not yours alone"),
		    path, (unsigned long)st->st_uid,
		    (unsigned)(st->st_mode & 07777));
	return 0;
}

/*
 * Reads the header of the database claimed at path and refuses what
 * userdb_open would: not SQLite, another program's application_id, a newer
 * schema. An empty file is a database yet to be created.
 */
static int
history_pending_header(const char *path, const struct userdb_owner *o,
    char **cause)
{
	unsigned char h[100];
	uint32_t appid, version;
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return error_set(cause, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || st.st_dev != o->st.st_dev ||
	    st.st_ino != o->st.st_ino) {
		close(fd);
		return error_set(cause, _("%s: replaced while being opened: "
		    "refused"), path);
	}
	n = pread(fd, h, sizeof h, 0);
	close(fd);
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
		return error_set(cause, _("%s: file is not a database"), path);
	version = (uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 |
	    (uint32_t)h[62] << 8 | h[63];
	appid = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 |
	    (uint32_t)h[70] << 8 | h[71];
	if (appid != 0 && appid != DB_APPID_USER)
		return error_set(cause, _("%s: not a mediflux user database "
		    "(application_id %lld)"), path, (long long)appid);
	if (version > USERDB_SCHEMA_VERSION)
		return error_set(cause, _("%s: user database of schema version "
		    "%lld, newer than this mediflux knows (%d): upgrade "
		    "mediflux"), path, (long long)version,
		    USERDB_SCHEMA_VERSION);
	return 0;
}

/*
 * Takes an flock on fd, waiting at most DB_BUSY_TIMEOUT_MS: a holder keeps
 * it for one write, or one fold, never longer. Returns 0, or -1 on timeout.
 */
static int
history_pending_lock(int fd, int how)
{
	struct timespec pause = { 0, 1000 * 1000 };
	double deadline = clock_now_ms() + DB_BUSY_TIMEOUT_MS;

	while (flock(fd, how | LOCK_NB) != 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    clock_now_ms() >= deadline)
			return -1;
		nanosleep(&pause, NULL);
	}
	return 0;
}

/* Whether fd is still the file named file (a fold may have taken it since it was opened). */
static int
history_pending_still(int fd, const char *file)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && lstat(file, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Appends line (with its newline) to the pending file, under a shared lock a fold waits for. */
static int
history_pending_write(const char *file, const char *line, size_t len,
    char **cause)
{
	struct stat st;
	ssize_t n;
	int attempt, fd;

	for (attempt = 0; attempt < 8; attempt++) {
		fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC, 0600);
		if (fd < 0)
			return error_set(cause, "%s: %s", file,
			    errno == ELOOP ? _("a symbolic link: refused") :
			    strerror(errno));
		if (fstat(fd, &st) != 0) {
			error_set(cause, "%s: %s", file, strerror(errno));
			close(fd);
			return -1;
		}
		if (history_pending_judge(file, &st, cause) != 0) {
			close(fd);
			return -1;
		}
		if (history_pending_lock(fd, LOCK_SH) != 0) {
			close(fd);
			return error_set(cause, _("%s: locked by another program "
			    "for %d s"), file, DB_BUSY_TIMEOUT_MS / 1000);
		}
		if (!history_pending_still(fd, file)) {
			close(fd);
			continue;
		}
		/* One write: appends of several processes never interleave. */
		n = write(fd, line, len);
		if (n != (ssize_t)len) {
			error_set(cause, "%s: %s", file, n < 0 ?
			    strerror(errno) : _("short write (disk full?)"));
			close(fd);
			return -1;
		}
		close(fd);
		return 0;
	}
	return error_set(cause, _("%s: taken away at each attempt"), file);
}

int
history_pending_append(const char *path, int private_dir, const char *pane,
    const char *command, json_t *params, int64_t result_count,
    double duration_ms, char **cause)
{
	struct userdb_owner owner;
	char *text, *line, *file;
	size_t len;
	int rc;

	text = history_pending_line(pane, command, params, result_count,
	    duration_ms);
	len = strlen(text);
	if (len + 1 > HISTORY_PENDING_LINE_MAX) {
		free(text);
		return 1;
	}
	line = xasprintf("%s\n", text);
	free(text);
	if (pathkind_check_regular(path, 1, cause) != 0 ||
	    dbfile_make_parents(path, cause) != 0 ||
	    userdb_owner_look(path, private_dir, &owner, cause) != 0) {
		free(line);
		return -1;
	}
	/* An absent database is created by the next to open it, moving this entry in. */
	rc = owner.fd >= 0 ? history_pending_header(path, &owner, cause) : 0;
	userdb_owner_release(&owner);
	if (rc == 0) {
		file = xasprintf("%s" HISTORY_PENDING_SUFFIX, path);
		rc = history_pending_write(file, line, len + 1, cause);
		free(file);
	}
	free(line);
	return rc;
}

struct history_pending_fold {
	char	*pending;
	char	*taken;
	int64_t	 skipped;
	int	 folded;	/* the taken file is in the database: unlink it */
};

/*
 * Renames the pending file to the taken one, once the appenders writing to
 * it have finished: those that come after see the name gone and create a new
 * pending file. Only called inside the fold's transaction, with no taken
 * file: the database's write lock makes one fold at a time.
 */
static int
history_pending_take(struct history_pending_fold *f, char **cause)
{
	struct stat st;
	int fd, rc = 0;

	if ((fd = open(f->pending, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : error_set(cause, "%s: %s",
		    f->pending, strerror(errno));
	if (fstat(fd, &st) != 0)
		rc = error_set(cause, "%s: %s", f->pending, strerror(errno));
	else if (history_pending_judge(f->pending, &st, cause) != 0)
		rc = -1;
	else if (history_pending_lock(fd, LOCK_EX) != 0 ||
	    !history_pending_still(fd, f->pending))
		rc = 0;		/* an appender stuck, or another took it: next time */
	else if (fstat(fd, &st) != 0)
		rc = error_set(cause, "%s: %s", f->pending, strerror(errno));
	else if (st.st_size == 0) {
		/* Left by a command killed before its write: an appender now would wait. */
		if (unlink(f->pending) != 0 && errno != ENOENT)
			rc = error_set(cause, "%s: %s", f->pending,
			    strerror(errno));
	} else if (rename(f->pending, f->taken) != 0)
		rc = error_set(cause, "%s: %s", f->taken, strerror(errno));
	close(fd);
	return rc;
}

/* Whether a line of the pending file holds a string of at most max bytes at key. */
static const char *
history_pending_text(json_t *o, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

/* Whether at is ISO 8601 UTC with milliseconds, as history stores it. */
static int
history_pending_at_valid(const char *at)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	size_t i;

	if (strlen(at) != sizeof shape - 1)
		return 0;
	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? (at[i] < '0' || at[i] > '9') :
		    at[i] != shape[i])
			return 0;
	return 1;
}

/* Inserts the entry one line holds; a line that is no entry is counted and left out. */
static int
history_pending_insert(sqlite3 *udb, struct history_pending_fold *f,
    const char *line, char **cause)
{
	const char *at, *pane, *command;
	json_t *o, *params, *results, *ms;
	int64_t count = HISTORY_NO_COUNT;
	double took = -1;
	int rc;

	o = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	at = history_pending_text(o, "at", 32);
	pane = history_pending_text(o, "pane", 64);
	command = history_pending_text(o, "command", 64);
	params = json_object_get(o, "params");
	results = json_object_get(o, "results");
	ms = json_object_get(o, "ms");
	if (!json_is_object(o) || at == NULL || !history_pending_at_valid(at) ||
	    pane == NULL || command == NULL || !json_is_object(params) ||
	    (results != NULL && !json_is_null(results) &&
	    (!json_is_integer(results) || json_integer_value(results) < 0)) ||
	    (ms != NULL && !json_is_null(ms) && (!json_is_number(ms) ||
	    json_number_value(ms) < 0))) {
		json_decref(o);
		f->skipped++;
		return 0;
	}
	if (json_is_integer(results))
		count = json_integer_value(results);
	if (json_is_number(ms))
		took = json_number_value(ms);
	rc = history_insert(udb, at, pane, command, params, count, took,
	    cause);
	json_decref(o);
	return rc;
}

/* Reads the taken file's lines into udb; whole lines only, each at most HISTORY_PENDING_LINE_MAX. */
static int
history_pending_read(sqlite3 *udb, struct history_pending_fold *f, FILE *in,
    char **cause)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	errno = 0;
	while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
		if (n == 0 || line[n - 1] != '\n' || n > HISTORY_PENDING_LINE_MAX ||
		    strlen(line) != (size_t)n) {
			f->skipped++;
			continue;
		}
		line[n - 1] = '\0';
		rc = history_pending_insert(udb, f, line, cause);
	}
	if (rc == 0 && ferror(in))
		rc = error_set(cause, "%s: %s", f->taken, strerror(errno));
	free(line);
	return rc;
}

/* The mark of the last taken file moved into udb, or NULL. */
static int
history_pending_mark(sqlite3 *udb, char **seen, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	*seen = NULL;
	if (db_prepare(udb, "SELECT value FROM cache WHERE key = '"
	    HISTORY_PENDING_MARK "' AND typeof(value) = 'text'", &stmt,
	    cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		*seen = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return rc < 0 ? -1 : 0;
}

/*
 * The fold's transaction: takes the pending file when no taken one is left
 * from a fold that died, then moves the taken file's entries in, unless the
 * mark says this very file (device, inode, size, time) is in already.
 */
static int
history_pending_fold_step(sqlite3 *udb, void *arg, char **cause)
{
	struct history_pending_fold *f = arg;
	sqlite3_stmt *stmt;
	struct stat st;
	char *mark = NULL, *seen = NULL;
	FILE *in;
	int fd, rc;

	f->skipped = 0;
	f->folded = 0;
	if (lstat(f->taken, &st) != 0) {
		if (errno != ENOENT)
			return error_set(cause, "%s: %s", f->taken,
			    strerror(errno));
		if (history_pending_take(f, cause) != 0)
			return -1;
	}
	if ((fd = open(f->taken, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : error_set(cause, "%s: %s",
		    f->taken, strerror(errno));
	if (fstat(fd, &st) != 0 || history_pending_judge(f->taken, &st,
	    cause) != 0) {
		if (cause != NULL && *cause == NULL)
			error_set(cause, "%s: %s", f->taken, strerror(errno));
		close(fd);
		return -1;
	}
	mark = xasprintf("%ju:%ju:%jd:%jd.%09ld", (uintmax_t)st.st_dev,
	    (uintmax_t)st.st_ino, (intmax_t)st.st_size,
	    (intmax_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	if (history_pending_mark(udb, &seen, cause) != 0) {
		close(fd);
		free(mark);
		return -1;
	}
	if (seen != NULL && strcmp(seen, mark) == 0) {
		/* In already: the fold that moved it died before unlinking it. */
		close(fd);
		free(mark);
		free(seen);
		f->folded = 1;
		return 0;
	}
	free(seen);
	if ((in = fdopen(fd, "r")) == NULL)
		fatal("fdopen");
	rc = history_pending_read(udb, f, in, cause);
	fclose(in);
	if (rc == 0 && (rc = db_prepare(udb, "INSERT OR REPLACE INTO cache "
	    "(key, value, expires_at) VALUES ('" HISTORY_PENDING_MARK "', ?1, "
	    "NULL)", &stmt, cause)) == 0) {
		sqlite3_bind_text(stmt, 1, mark, -1, SQLITE_STATIC);
		rc = db_step(stmt, cause) < 0 ? -1 : 0;
		sqlite3_finalize(stmt);
	}
	free(mark);
	if (rc == 0)
		f->folded = 1;
	return rc;
}

int
history_pending_fold(sqlite3 *udb, const char *path, int64_t *skipped,
    char **cause)
{
	struct history_pending_fold f;
	struct stat st;
	int round, rc = 0;

	memset(&f, 0, sizeof f);
	f.pending = xasprintf("%s" HISTORY_PENDING_SUFFIX, path);
	f.taken = xasprintf("%s" HISTORY_PENDING_TAKEN, path);
	if (skipped != NULL)
		*skipped = 0;
	/* Two rounds: a taken file left by a fold that died, then the pending one. */
	for (round = 0; rc == 0 && round < 2; round++) {
		/* Nothing pending, the common case, costs two lstat and no transaction. */
		if (lstat(f.taken, &st) != 0 && lstat(f.pending, &st) != 0)
			break;
		if ((rc = dbtx_run(udb, history_pending_fold_step, &f,
		    cause)) != 0)
			break;
		if (skipped != NULL)
			*skipped += f.skipped;
		if (!f.folded)
			break;
		if (unlink(f.taken) != 0 && errno != ENOENT)
			rc = error_set(cause, "%s: %s", f.taken,
			    strerror(errno));
	}
	free(f.pending);
	free(f.taken);
	return rc;
}
