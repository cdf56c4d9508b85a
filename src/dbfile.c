/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "dbfile.h"
#include "i18n.h"
#include "pathkind.h"
#include "refdb.h"
#include "schema_check.h"
#include "userdb.h"
#include "xmalloc.h"

int
dbfile_copy(sqlite3 *from, sqlite3 *to, const char *what, char **cause)
{
	sqlite3_backup *b;
	int rc;

	if ((b = sqlite3_backup_init(to, "main", from, "main")) == NULL)
		return error_set(cause, "%s: %s", what, db_errmsg(to));
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return error_set(cause, "%s: %s", what, db_errstr(rc));
	return 0;
}

/* Copies n bytes of from_fd to to_fd, both from their start: 0, or an errno. */
static int
dbfile_copy_range(int from_fd, int to_fd, off_t n)
{
	char *buf;
	off_t done = 0;
	ssize_t got, put;
#ifdef HAVE_COPY_FILE_RANGE
	off_t in = 0, out = 0;

	/* In the kernel: no pass through here, shared extents where it can. */
	while (in < n) {
		if ((got = copy_file_range(from_fd, &in, to_fd, &out,
		    (size_t)(n - in), 0)) > 0)
			continue;
		if (got == 0)
			return EIO;	/* the file got shorter */
		if (errno == EINTR)
			continue;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL &&
		    errno != EOPNOTSUPP)
			return errno;
		break;
	}
	if (in == n)
		return 0;
	done = in;
#endif
	buf = xmalloc(1 << 20);
	while (done < n) {
		got = pread(from_fd, buf, (size_t)(n - done) < (1 << 20) ?
		    (size_t)(n - done) : (1 << 20), done);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			free(buf);
			return got == 0 ? EIO : errno;
		}
		for (put = 0; put < got; ) {
			ssize_t w = pwrite(to_fd, buf + put, (size_t)(got - put),
			    done + put);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				free(buf);
				return errno;
			}
			put += w;
		}
		done += got;
	}
	free(buf);
	return 0;
}

int
dbfile_copy_bytes(sqlite3 *from, const char *what, int to_fd, char **cause)
{
	const char *path = sqlite3_db_filename(from, "main");
	unsigned char head[20];
	int64_t page_size, pages;
	struct stat st;
	int fd = -1, rc = -1, err;

	if (path == NULL || *path == '\0')
		return 0;
	/*
	 * A read transaction holds SQLite's shared lock: no writer commits
	 * while the bytes are copied. Ended before the descriptor is closed,
	 * as closing it drops every POSIX lock the process holds on the file.
	 */
	if (db_exec(from, "BEGIN", cause) != 0)
		return -1;
	if (db_query_int64(from, "PRAGMA page_size", &page_size, cause) != 0 ||
	    db_query_int64(from, "PRAGMA page_count", &pages, cause) != 0)
		goto out;
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0) {
		error_set(cause, "%s: %s", what, strerror(errno));
		goto out;
	}
	/* In WAL mode, pages may be in the WAL only: SQLite copies them. */
	if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
	    memcmp(head, "SQLite format 3", 16) != 0 || head[18] != 1 ||
	    head[19] != 1 || page_size <= 0 || pages <= 0 ||
	    st.st_size < page_size * pages) {
		rc = 0;
		goto out;
	}
	if ((err = dbfile_copy_range(fd, to_fd, (off_t)(page_size * pages))) !=
	    0) {
		error_set(cause, "%s: %s", what, strerror(err));
		goto out;
	}
	rc = 1;
out:
	if (db_exec(from, "COMMIT", rc < 0 ? NULL : cause) != 0 && rc >= 0)
		rc = -1;
	if (fd >= 0)
		close(fd);
	return rc;
}

int
dbfile_fsync_path(const char *path, int directory, char **cause)
{
	int fd, rc;

	fd = open(path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(cause, "%s: %s", path, strerror(errno));
	rc = fsync(fd);
	close(fd);
	if (rc != 0 && !directory)
		return error_set(cause, "%s: %s", path, strerror(errno));
	return 0;
}

struct dbfile_sync {
	char		*path;
	int		 fd;
	int		 error;		/* errno of open or fdatasync, 0 if none */
	int		 started, joined;
	int		 flush;		/* dbfile_sync_flush: the final sync */
	int		 stop;		/* dbfile_sync_free before the flush */
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;
	pthread_t	 thread;
};

/* How often the kernel is asked to start writing what was written since. */
#define DBFILE_WRITEBACK_MS 50

/*
 * Until the flush, asks the kernel every DBFILE_WRITEBACK_MS to start
 * writing the file's dirty pages, without waiting for them: left alone it
 * would hold them for seconds, and the disk would start only at the sync.
 * Then the flush: fdatasync, allocation included, which leaves the caller's
 * own fsync next to nothing to do.
 */
static void *
dbfile_sync_main(void *arg)
{
	struct dbfile_sync *s = arg;
	struct timespec ts;
	int rc;

	pthread_mutex_lock(&s->lock);
	while (!s->flush && !s->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += DBFILE_WRITEBACK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&s->changed, &s->lock, &ts);
		if (s->flush || s->stop)
			break;
		pthread_mutex_unlock(&s->lock);
#ifdef SYNC_FILE_RANGE_WRITE
		/* An error comes back again at the fdatasync. */
		(void)sync_file_range(s->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
		pthread_mutex_lock(&s->lock);
	}
	if (s->stop) {
		pthread_mutex_unlock(&s->lock);
		return NULL;
	}
	pthread_mutex_unlock(&s->lock);
	if ((rc = fdatasync(s->fd)) != 0)
		s->error = errno;
	return NULL;
}

struct dbfile_sync *
dbfile_sync_start(const char *path)
{
	struct dbfile_sync *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		s->error = errno;
	else if (pthread_create(&s->thread, NULL, dbfile_sync_main, s) == 0)
		s->started = 1;
	return s;
}

void
dbfile_sync_flush(struct dbfile_sync *s)
{
	pthread_mutex_lock(&s->lock);
	s->flush = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	/* Without its thread, the caller waits for the sync here. */
	if (!s->started && s->fd >= 0 && fdatasync(s->fd) != 0)
		s->error = errno;
}

int
dbfile_sync_wait(struct dbfile_sync *s, char **cause)
{
	if (s->started && !s->joined) {
		pthread_join(s->thread, NULL);
		s->joined = 1;
	}
	if (s->error != 0)
		return error_set(cause, "%s: %s", s->path, strerror(s->error));
	return 0;
}

void
dbfile_sync_free(struct dbfile_sync *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	if (s->started && !s->joined)
		pthread_join(s->thread, NULL);
	if (s->fd >= 0)
		close(s->fd);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->changed);
	free(s->path);
	free(s);
}

char *
dbfile_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, slash - path);
}

/* The files SQLite keeps beside a database, named after it. */
static const char *const dbfile_sidecars[] = { "-wal", "-shm", "-journal" };
#define DBFILE_NSIDECARS 3
enum { DBFILE_WAL = 1, DBFILE_SHM = 2, DBFILE_JOURNAL = 4 };

/* Which of path's sidecar files exist, as DBFILE_WAL | DBFILE_SHM | DBFILE_JOURNAL. */
static int
dbfile_sidecars_present(const char *path)
{
	struct stat st;
	char *side;
	int i, present = 0;

	for (i = 0; i < DBFILE_NSIDECARS; i++) {
		side = xasprintf("%s%s", path, dbfile_sidecars[i]);
		if (lstat(side, &st) == 0)
			present |= 1 << i;
		free(side);
	}
	return present;
}

/* Removes the sidecar files of path that are in which. */
static void
dbfile_sidecars_remove(const char *path, int which)
{
	char *side;
	int i;

	for (i = 0; i < DBFILE_NSIDECARS; i++) {
		if (!(which & (1 << i)))
			continue;
		side = xasprintf("%s%s", path, dbfile_sidecars[i]);
		unlink(side);
		free(side);
	}
}

void
dbfile_unlink_db(const char *path)
{
	unlink(path);
	dbfile_sidecars_remove(path, DBFILE_WAL | DBFILE_SHM | DBFILE_JOURNAL);
}

/* Whether the header of the database at path says WAL mode (file format 2). */
static int
dbfile_header_wal(const char *path)
{
	unsigned char head[20];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head &&
	    memcmp(head, "SQLite format 3", 16) == 0 &&
	    (head[18] == 2 || head[19] == 2);
}


/*
 * Runs sql on the database being settled; when another program's lock stops
 * it, says what that program is doing (seen by its sidecar) and what to do.
 */
static int
dbfile_settle_exec(sqlite3 *db, const char *target, const char *sql,
    const char *doing, const char *sidecar, const char *advice, char **cause)
{
	char *why = NULL;
	int code;

	if (db_exec(db, sql, &why) == 0)
		return 0;
	code = sqlite3_extended_errcode(db) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		/*
		 * TRANSLATORS: "DB: another program is writing it (DB-journal):
		 * wait".
		 */
		error_set(cause, _("%s: another program %s (%s%s): %s"), target,
		    doing, target, sidecar, advice);
	else
		error_set(cause, "%s: %s", target, why);
	free(why);
	return -1;
}

int
dbfile_settle(const char *target, char **cause)
{
	struct stat st;
	sqlite3 *db = NULL;
	char *text;
	int present, rc = -1;

	present = dbfile_sidecars_present(target);
	if (lstat(target, &st) != 0) {
		/* Without its database they belong to nothing (SQLite drops them too). */
		dbfile_sidecars_remove(target, present);
		return 0;
	}
	if (present == 0 && !dbfile_header_wal(target))
		return 0;
	if (sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		error_set(cause, "%s: %s", target, db != NULL ?
		    db_errmsg(db) : _("cannot open"));
		goto out;
	}
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	/* A transaction rolls a dead writer's hot journal back, or waits for a live one. */
	if ((present & DBFILE_JOURNAL) && dbfile_settle_exec(db, target,
	    "BEGIN IMMEDIATE; ROLLBACK", _("is writing it"), "-journal",
	    _("try again when it has finished"), cause) != 0)
		goto out;
	/*
	 * Leaving WAL mode checkpoints every frame into the file and removes the
	 * WAL; it needs every other connection closed, and fails at once if one
	 * is open: that program would go on writing the WAL, beside the new file.
	 */
	if (dbfile_settle_exec(db, target, "PRAGMA journal_mode = DELETE",
	    _("has it open in WAL mode"), "-wal",
	    _("close that program, then try again"), cause) != 0)
		goto out;
	if (sqlite3_close(db) != SQLITE_OK) {
		text = db_error_text(db);
		error_set(cause, "%s: %s", target, text);
		free(text);
		goto out;
	}
	db = NULL;
	present = dbfile_sidecars_present(target);
	if (present & DBFILE_WAL) {
		error_set(cause, _("%s: another program has it open in WAL "
		    "mode (%s-wal): close that program, then try again"),
		    target, target);
		goto out;
	}
	/* An index of no WAL: nothing reads it, but it is not the new file's. */
	dbfile_sidecars_remove(target, present & DBFILE_SHM);
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

/*
 * Writes a standalone copy of the open database from into a new temporary file
 * beside final; returns its name (caller renames or unlinks it).
 */
static char *
dbfile_write_beside(sqlite3 *from, const char *final, mode_t mode, char **cause)
{
	sqlite3 *to = NULL;
	char *dir, *tmp;
	int fd;

	dir = dbfile_dirname(final);
	tmp = xasprintf("%s/.mediflux-tmp-XXXXXX", dir);
	free(dir);
	if ((fd = mkstemp(tmp)) < 0) {
		error_set(cause, _("cannot write beside %s: %s"), final,
		    strerror(errno));
		free(tmp);
		return NULL;
	}
	if (fchmod(fd, mode) != 0) {
		error_set(cause, "%s: %s", tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		error_set(cause, "%s: %s", tmp, db_errmsg(to));
		goto fail;
	}
	if (dbfile_copy(from, to, final, cause) != 0 ||
	    db_exec(to, "PRAGMA journal_mode = DELETE", cause) != 0)
		goto fail;
	if (sqlite3_close(to) != SQLITE_OK) {
		to = NULL;
		error_set(cause, _("%s: cannot close"), tmp);
		goto fail;
	}
	to = NULL;
	if (dbfile_fsync_path(tmp, 0, cause) != 0)
		goto fail;
	return tmp;
fail:
	sqlite3_close(to);
	/* With its journal: the copy failing on a full disk leaves one. */
	dbfile_unlink_db(tmp);
	free(tmp);
	return NULL;
}

/*
 * Renames the database tmp over final (settled first: no WAL or journal of the
 * file replaced may stay beside it) and makes the rename durable.
 */
static int
dbfile_commit(char *tmp, const char *final, char **cause)
{
	char *dir;
	int rc = 0;

	if (dbfile_settle(final, cause) != 0) {
		rc = -1;
		unlink(tmp);
	} else if (rename(tmp, final) != 0) {
		rc = error_set(cause, "%s: %s", final, strerror(errno));
		unlink(tmp);
	} else {
		dir = dbfile_dirname(final);
		dbfile_fsync_path(dir, 1, NULL);
		free(dir);
	}
	free(tmp);
	return rc;
}

static mode_t
dbfile_default_mode(enum db_kind kind)
{
	mode_t mask;

	if (kind == DB_KIND_USER)
		return 0600;
	mask = umask(022);
	umask(mask);
	return 0644 & ~mask;
}

/*
 * Refuses a database of the other kind than the one a backup or restore
 * expects.
 */
static int
dbfile_wrong_kind(const char *file, enum db_kind kind, char **cause)
{
	return error_set(cause, kind == DB_KIND_USER ?
	    _("%s: a user database, not a reference database") :
	    _("%s: a reference database, not a user database"), file);
}

int
dbfile_backup(const char *src, enum db_kind expected, const char *dest,
    char **cause)
{
	struct db_identity id;
	struct stat s1, s2;
	sqlite3 *from;
	char *tmp, *real;
	int rc = -1;

	if (db_identify(src, &id, cause) != 0)
		return -1;
	if (id.kind != expected)
		return dbfile_wrong_kind(src, id.kind, cause);
	/* A link is followed: the file it points to is the one replaced. */
	if ((real = pathkind_follow(dest, cause)) == NULL)
		return -1;
	if (pathkind_check_regular(real, 1, cause) != 0)
		goto out;
	if (stat(src, &s1) == 0 && stat(real, &s2) == 0 &&
	    s1.st_dev == s2.st_dev && s1.st_ino == s2.st_ino) {
		error_set(cause, _("%s: is the database itself"), dest);
		goto out;
	}
	if (db_open_readonly(src, &from, cause) != 0)
		goto out;
	tmp = dbfile_write_beside(from, real, dbfile_default_mode(expected), cause);
	sqlite3_close(from);
	if (tmp != NULL)
		rc = dbfile_commit(tmp, real, cause);
out:
	free(real);
	return rc;
}

/*
 * Checks that file is a sound database this program can read, of the right
 * kind, whose schema is exactly one mediflux creates.
 */
static int
dbfile_check(const char *file, enum db_kind expected, char **cause)
{
	struct db_identity id;
	sqlite3 *db;
	char *result = NULL;
	int rc;

	if (db_identify(file, &id, cause) != 0)
		return -1;
	if (id.kind != expected)
		return dbfile_wrong_kind(file, id.kind, cause);
	if (expected == DB_KIND_REFERENCE && id.version != REFDB_SCHEMA_VERSION)
		return error_set(cause, _("%s: reference schema version %d, "
		    "this mediflux reads %d"),
		    file, id.version, REFDB_SCHEMA_VERSION);
	if (db_open_readonly(file, &db, cause) != 0)
		return -1;
	/* What mediflux made, not a file bringing code of its own: before reading it all. */
	rc = schema_check(db, file, expected, id.version, cause);
	if (rc == 0)
		rc = db_quick_check(db, &result, cause);
	if (rc == 0 && strcmp(result, "ok") != 0)
		rc = error_set(cause, _("%s: damaged: %s"), file, result);
	sqlite3_close(db);
	free(result);
	return rc;
}

int
dbfile_restore(const char *file, enum db_kind expected, const char *target,
    char **cause)
{
	struct stat st;
	sqlite3 *from, *to;
	char *tmp, *real;
	int rc;

	if (expected == DB_KIND_REFERENCE &&
	    pathkind_check_regular(target, 1, cause) != 0)
		return -1;
	if (dbfile_check(file, expected, cause) != 0)
		return -1;
	if (expected == DB_KIND_REFERENCE) {
		/* A link is followed: the file it points to is the one replaced. */
		if ((real = pathkind_follow(target, cause)) == NULL)
			return -1;
		if (db_open_readonly(file, &from, cause) != 0) {
			free(real);
			return -1;
		}
		tmp = dbfile_write_beside(from, real, stat(real, &st) == 0 ?
		    (st.st_mode & 0777) : dbfile_default_mode(expected), cause);
		sqlite3_close(from);
		rc = tmp != NULL ? dbfile_commit(tmp, real, cause) : -1;
		free(real);
		return rc;
	}
	if (db_open_readonly(file, &from, cause) != 0)
		return -1;
	/* The backup repairs a database whose schema is not mediflux's. */
	if (userdb_open_to_replace(target, &to, cause) != 0) {
		sqlite3_close(from);
		return -1;
	}
	rc = dbfile_copy(from, to, target, cause);
	sqlite3_close(from);
	sqlite3_close(to);
	if (rc != 0)
		return -1;
	/* The restored copy may be of an older schema: bring it up to date. */
	if (userdb_open(target, 0, &to, cause) != 0)
		return -1;
	sqlite3_close(to);
	return 0;
}

int
dbfile_make_parents(const char *path, char **cause)
{
	char *copy, *p;

	copy = xstrdup(path);
	for (p = copy + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			error_set(cause, "%s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

int
dbfile_atomic_open(struct dbfile_atomic *a, const char *path, char **cause)
{
	char *dir, *real;
	int fd;

	memset(a, 0, sizeof *a);
	/* A link is followed (its file is written); a device or FIFO refused. */
	if ((real = pathkind_follow(path, cause)) == NULL)
		return -1;
	if (pathkind_check_regular(real, 1, cause) != 0) {
		free(real);
		return -1;
	}
	dir = dbfile_dirname(real);
	a->tmp = xasprintf("%s/.mediflux-write-XXXXXX", dir);
	free(dir);
	if ((fd = mkstemp(a->tmp)) < 0 || (a->f = fdopen(fd, "w")) == NULL) {
		error_set(cause, "%s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(a->tmp);
		}
		free(a->tmp);
		a->tmp = NULL;
		free(real);
		return -1;
	}
	a->path = real;
	return 0;
}

int
dbfile_atomic_commit(struct dbfile_atomic *a, char **cause)
{
	char *dir;
	int rc = 0;

	if (fflush(a->f) != 0 || fsync(fileno(a->f)) != 0 || ferror(a->f))
		rc = error_set(cause, "%s: %s", a->path, strerror(errno));
	if (fclose(a->f) != 0 && rc == 0)
		rc = error_set(cause, "%s: %s", a->path, strerror(errno));
	a->f = NULL;
	if (rc == 0 && rename(a->tmp, a->path) != 0)
		rc = error_set(cause, "%s: %s", a->path, strerror(errno));
	if (rc != 0)
		unlink(a->tmp);
	else {
		dir = dbfile_dirname(a->path);
		rc = dbfile_fsync_path(dir, 1, cause);
		free(dir);
	}
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return rc;
}

void
dbfile_atomic_abort(struct dbfile_atomic *a)
{
	if (a->f != NULL)
		fclose(a->f);
	if (a->tmp != NULL)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof *a);
}
