/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "dbfile.h"
#include "i18n.h"
#include "pathkind.h"
#include "position.h"
#include "refdb.h"
#include "refdb_update.h"
#include "schema_check.h"
#include "xmalloc.h"

#define REFDB_TEMP_INFIX ".import-"

/* Times the lock is taken again when its file went meanwhile (each time another holder's). */
#define REFDB_LOCK_TRIES 100

struct refdb_update {
	char	*target;
	char	*dir;
	char	*temp;
	int	 lock_fd;
	int	 lock_created;	/* the lock file is this update's own */
	int	 lock_remove;	/* removed at the end, while still held */
	int	 created;
	mode_t	 mode;
	sqlite3	*db;
	struct dbfile_sync *sync;	/* the copy on its way to the disk */
};

/* The tables a new database keeps from its geography source; the rest is emptied. */
static const char refdb_update_clear_sql[] =
	"DELETE FROM establishment; DELETE FROM sae_site; DELETE FROM sae_activity;"
	" DELETE FROM atc;"
	" DELETE FROM med_product; DELETE FROM med_fact_run; DELETE FROM med_total;"
	" DELETE FROM med_cell;"
	" DELETE FROM med_value; DELETE FROM search_rank;"
	" DELETE FROM search_rank_row; DELETE FROM search_rank_source;"
	" DELETE FROM place; DELETE FROM place_key;"
	" INSERT INTO place_search (place_search) VALUES ('rebuild');"
	" DELETE FROM professional;"
	" DELETE FROM region_metric;"
	" DELETE FROM dataset WHERE kind NOT LIKE 'insee\\_%' ESCAPE '\\';";

static char *
refdb_update_sibling(const char *target, const char *suffix)
{
	return xasprintf("%s%s", target, suffix);
}

/*
 * The mode of a new database or lock file beside target: the database's own
 * when it exists, so that a lock taken by one admin of a shared database can be
 * taken by the next; else group-writable in a setgid group-writable directory
 * (the shared database's), else 0644.
 */
static mode_t
refdb_update_new_mode(const char *target)
{
	struct stat st;
	char *dir;
	mode_t mode = 0644;

	if (stat(target, &st) == 0)
		return st.st_mode & 0666;
	dir = dbfile_dirname(target);
	if (stat(dir, &st) == 0 && (st.st_mode & S_ISGID) &&
	    (st.st_mode & S_IWGRP))
		mode = 0664;
	free(dir);
	return mode;
}

/*
 * Opens the lock file, creating it (*created then set); -1 with errno set
 * when it cannot be opened.
 */
static int
refdb_update_lock_open(const char *target, const char *path, int *created)
{
	mode_t mode = refdb_update_new_mode(target);
	char *dir;
	int fd, saved;

	*created = 0;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd >= 0) {
		*created = 1;
		/* Whatever the umask: the next admin of a shared database locks it too. */
		if (fchmod(fd, mode) != 0) {
			saved = errno;
			close(fd);
			unlink(path);
			errno = saved;
			return -1;
		}
	} else if (errno == EEXIST) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		/*
		 * A lock file another admin made 0644 (an older mediflux) locks
		 * as well read-only, for whoever may write the directory anyway.
		 */
		if (fd < 0 && errno == EACCES) {
			dir = dbfile_dirname(target);
			if (access(dir, W_OK | X_OK) == 0)
				fd = open(path, O_RDONLY | O_CLOEXEC);
			else
				errno = EACCES;
			free(dir);
		}
	}
	return fd;
}

/*
 * Takes the update lock: one import or rollback per target at a time. The
 * file locked must still be the one the name gives: its holder may remove it
 * (refdb_update_remove_own_lock) between our open and our flock, and a lock on
 * a file no longer named would exclude nobody.
 */
static int
refdb_update_lock(const char *target, int *created, char **cause)
{
	char *path = refdb_update_sibling(target, ".lock");
	struct stat held, named;
	int fd, tries, gone;

	for (tries = 0; tries < REFDB_LOCK_TRIES; tries++) {
		if ((fd = refdb_update_lock_open(target, path, created)) < 0) {
			error_set(cause, "%s: %s", path, strerror(errno));
			free(path);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno == EWOULDBLOCK)
				error_set(cause, _("%s: another import or "
				    "rollback is updating it; try again when "
				    "it has finished"), target);
			else
				error_set(cause, "%s: %s", path, strerror(errno));
			close(fd);
			free(path);
			return -1;
		}
		if (fstat(fd, &held) != 0) {
			error_set(cause, "%s: %s", path, strerror(errno));
			close(fd);
			free(path);
			return -1;
		}
		gone = stat(path, &named) != 0;
		if (!gone && named.st_dev == held.st_dev &&
		    named.st_ino == held.st_ino) {
			free(path);
			return fd;
		}
		if (gone && errno != ENOENT) {
			error_set(cause, "%s: %s", path, strerror(errno));
			close(fd);
			free(path);
			return -1;
		}
		close(fd);
	}
	error_set(cause, _("%s: removed or replaced each time it was locked; "
	    "try again"), path);
	free(path);
	return -1;
}

/* Removes copies left by an import that was killed (we hold the lock, so none is live). */
static void
refdb_update_remove_stale(const char *dir, const char *base)
{
	struct dirent *de;
	char *prefix, *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	prefix = xasprintf(".%s%s", base, REFDB_TEMP_INFIX);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
	free(prefix);
}

static const char *
refdb_update_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * Finishes a swap through a third link (below) that was killed half-way: the only
 * moment .prev is missing is when it has become the target and the other version
 * is in the link, which then becomes .prev; otherwise the link is a spare name.
 */
static void
refdb_finish_swap(const char *target)
{
	char *dir, *prefix, *path, *prev;
	struct dirent *de;
	int found = 0;
	DIR *d;

	dir = dbfile_dirname(target);
	prev = refdb_update_sibling(target, ".prev");
	prefix = xasprintf("%s.swap.", refdb_update_base(target));
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
				continue;
			path = xasprintf("%s/%s", dir, de->d_name);
			if (access(prev, F_OK) != 0 && errno == ENOENT)
				rename(path, prev);
			else
				unlink(path);
			free(path);
			found = 1;
		}
		closedir(d);
		if (found)
			dbfile_fsync_path(dir, 1, NULL);
	}
	free(prefix);
	free(prev);
	free(dir);
}

/*
 * Opens the new copy, private until the rename: no journal, no syncs while
 * copying (six fdatasyncs, each a wait for the disk) and loading;
 * durability comes from the fsync before the switch. 8 MiB of cache
 * imports a national Open Medic year as fast as 16 did (paired runs) and
 * keeps the import's peak under 64 MB.
 */
static int
refdb_update_open(struct refdb_update *u, char **cause)
{
	if (sqlite3_open_v2(u->temp, &u->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return error_set(cause, "%s: %s", u->temp, db_errmsg(u->db));
	sqlite3_extended_result_codes(u->db, 1);
	/*
	 * SQLite opens a file it may not write read-only: the copy took the
	 * mode of a database made read-only, which the import may not change.
	 */
	if (sqlite3_db_readonly(u->db, "main") == 1)
		return error_set(cause, "%s: %s", u->target,
		    db_errstr(SQLITE_READONLY));
	return db_exec(u->db, "PRAGMA journal_mode = OFF; PRAGMA synchronous ="
	    " OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -8192;"
	    " PRAGMA temp_store = FILE", cause);
}

/*
 * Fills the new copy, the empty file fd (closed here), from src (the
 * target, or the geography source), then opens it. The bytes are copied as
 * they are where they can be: SQLite's backup took 45 ms for the 6 MB of
 * geography a first import starts from, copying them 8 ms.
 */
static int
refdb_update_fill(struct refdb_update *u, const char *src, int fd,
    char **cause)
{
	struct db_identity id;
	sqlite3 *from = NULL;
	int rc = -1, copied = 0;

	/* An older schema is fine: the copy is migrated. */
	if (db_identify(src, &id, cause) != 0)
		goto out;
	if (id.kind != DB_KIND_REFERENCE) {
		error_set(cause, _("%s: a mediflux user database, not a "
		    "reference database"), src);
		goto out;
	}
	if (db_open_readonly(src, &from, cause) != 0)
		goto out;
	/* A trigger or a table of its own would be carried into every import. */
	if (schema_check(from, src, DB_KIND_REFERENCE, id.version, cause) != 0)
		goto out;
	if ((copied = dbfile_copy_bytes(from, src, fd, cause)) < 0)
		goto out;
	/* Before SQLite opens it: see dbfile_sync. */
	close(fd);
	fd = -1;
	if (refdb_update_open(u, cause) != 0 ||
	    (!copied && dbfile_copy(from, u->db, src, cause) != 0))
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	sqlite3_close(from);
	return rc;
}

/*
 * Places the establishments of a database imported before schema 7, from
 * the coordinates FINESS published (a line PROJ cannot convert stays
 * without a position, as at import).
 */
static int
refdb_update_place_establishments(sqlite3 *db, char **cause)
{
	struct position_converter *pc;
	sqlite3_stmt *sel = NULL, *upd = NULL;
	struct position_why why;
	double lat, lon;
	int rc;

	if (db_prepare(db, "SELECT rowid, coord_x, coord_y, coord_epsg FROM"
	    " establishment WHERE latitude IS NULL AND coord_x IS NOT NULL AND"
	    " coord_y IS NOT NULL AND coord_epsg IS NOT NULL", &sel,
	    cause) != 0 ||
	    db_prepare(db, "UPDATE establishment SET latitude = ?2, longitude ="
	    " ?3 WHERE rowid = ?1", &upd, cause) != 0 ||
	    (pc = position_converter_new(cause)) == NULL) {
		sqlite3_finalize(sel);
		sqlite3_finalize(upd);
		return -1;
	}
	while ((rc = db_step(sel, cause)) == DB_ROW) {
		if (position_from_projected(pc, sqlite3_column_int(sel, 3),
		    sqlite3_column_double(sel, 1), sqlite3_column_double(sel, 2),
		    &lat, &lon, &why) != 0)
			continue;
		sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
		sqlite3_bind_double(upd, 2, lat);
		sqlite3_bind_double(upd, 3, lon);
		if (db_step(upd, cause) < 0) {
			rc = -1;
			break;
		}
		sqlite3_reset(upd);
	}
	position_converter_free(pc);
	sqlite3_finalize(upd);
	sqlite3_finalize(sel);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * A database from before schema 7 gains what positions need: its communes'
 * and arrondissements' centres from the geography source (when it has
 * them) and its establishments' from their coordinates. Only then: a
 * current one is never read for it.
 */
static int
refdb_update_add_positions(sqlite3 *db, const char *geography, char **cause)
{
	sqlite3_stmt *st;
	int rc, placed;

	if (db_prepare(db, "SELECT EXISTS (SELECT 1 FROM commune WHERE"
	    " latitude IS NOT NULL)", &st, cause) != 0)
		return -1;
	rc = db_step(st, cause);
	placed = rc == DB_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != DB_ROW)
		return -1;
	if (!placed && geography != NULL) {
		if (db_prepare(db, "ATTACH DATABASE ?1 AS geography", &st,
		    cause) != 0)
			return -1;
		sqlite3_bind_text(st, 1, geography, -1, SQLITE_STATIC);
		rc = db_step(st, cause);
		sqlite3_finalize(st);
		if (rc < 0)
			return -1;
		rc = db_exec(db, "UPDATE commune SET (latitude, longitude) ="
		    " (SELECT latitude, longitude FROM geography.commune g"
		    "  WHERE g.code = commune.code);"
		    "UPDATE arrondissement SET (latitude, longitude) ="
		    " (SELECT latitude, longitude FROM geography.arrondissement g"
		    "  WHERE g.code = arrondissement.code)", cause);
		if (db_exec(db, "DETACH DATABASE geography", rc == 0 ? cause :
		    NULL) != 0 || rc != 0)
			return -1;
	}
	return refdb_update_place_establishments(db, cause);
}

struct refdb_update *
refdb_update_begin(const char *target, const char *geography, sqlite3 **db,
    char **cause)
{
	struct refdb_update *u;
	struct stat st;
	int64_t version;
	int fd;

	u = xcalloc(1, sizeof *u);
	u->lock_fd = -1;
	/*
	 * A link is followed, as SQLite does: the file it points to is updated
	 * (its lock, copy and previous version beside it), the link stays.
	 */
	if ((u->target = pathkind_follow(target, cause)) == NULL)
		goto fail;
	target = u->target;
	u->dir = dbfile_dirname(target);
	u->mode = 0644;
	/* Before creating anything beside it: a device or a FIFO is no database. */
	if (pathkind_check_regular(target, 1, cause) != 0)
		goto fail;
	if ((u->lock_fd = refdb_update_lock(target, &u->lock_created,
	    cause)) < 0)
		goto fail;
	refdb_finish_swap(target);
	refdb_update_remove_stale(u->dir, refdb_update_base(target));
	/* The copy starts from the whole of it: a dead writer's WAL included. */
	if (dbfile_settle(target, cause) != 0)
		goto fail;
	if (stat(target, &st) == 0)
		u->mode = st.st_mode & 0777;
	else if (errno == ENOENT) {
		u->created = 1;
		u->mode = refdb_update_new_mode(target);
	} else {
		error_set(cause, "%s: %s", target, strerror(errno));
		goto fail;
	}
	if (u->created && geography == NULL) {
		error_set(cause, _("%s does not exist and no reference "
		    "geography was found to start it from (--geography)"),
		    target);
		goto fail;
	}
	u->temp = xasprintf("%s/.%s%sXXXXXX", u->dir, refdb_update_base(target),
	    REFDB_TEMP_INFIX);
	if ((fd = mkstemp(u->temp)) < 0) {
		error_set(cause, _("cannot write beside %s: %s"), target,
		    strerror(errno));
		free(u->temp);
		u->temp = NULL;
		goto fail;
	}
	/* The new version gets the mode of the one it replaces. */
	if (fchmod(fd, u->mode) != 0) {
		error_set(cause, "%s: %s", u->temp, strerror(errno));
		close(fd);
		goto fail;
	}
	if (refdb_update_fill(u, u->created ? geography : target, fd,
	    cause) != 0 ||
	    db_query_int64(u->db, "PRAGMA user_version", &version, cause) != 0 ||
	    refdb_migrate(u->db, cause) != 0)
		goto fail;
	if (u->created && db_exec(u->db, refdb_update_clear_sql, cause) != 0)
		goto fail;
	if (!u->created && version < 7 && refdb_update_add_positions(u->db,
	    geography, cause) != 0)
		goto fail;
	/* The import's pages start for the disk as they are written. */
	u->sync = dbfile_sync_start(u->temp);
	*db = u->db;
	return u;
fail:
	refdb_update_abort(u);
	return NULL;
}

int
refdb_update_created(const struct refdb_update *u)
{
	return u->created;
}

void
refdb_update_remove_own_lock(struct refdb_update *u)
{
	u->lock_remove = 1;
}

void
refdb_update_abort(struct refdb_update *u)
{
	char *lock;

	if (u == NULL)
		return;
	sqlite3_close(u->db);
	/* After SQLite has let go of the file: see dbfile_sync. */
	dbfile_sync_free(u->sync);
	/* With its journal: the copy failing on a full disk leaves one. */
	if (u->temp != NULL)
		dbfile_unlink_db(u->temp);
	if (u->lock_fd >= 0) {
		if (u->lock_remove && u->lock_created) {
			lock = refdb_update_sibling(u->target, ".lock");
			unlink(lock);
			free(lock);
		}
		close(u->lock_fd);
	}
	free(u->temp);
	free(u->target);
	free(u->dir);
	free(u);
}

/*
 * Settles target and target.prev (dbfile_settle) before either name is given
 * to another file: no WAL or journal of the old ones may stay beside them.
 */
static int
refdb_update_settle_pair(const char *target, char **cause)
{
	char *prev = refdb_update_sibling(target, ".prev");
	int rc;

	rc = dbfile_settle(target, cause) != 0 || dbfile_settle(prev, cause) != 0 ?
	    -1 : 0;
	free(prev);
	return rc;
}

/*
 * Keeps the current target as target.prev without a moment where target is missing;
 * the link on the way is named like the import's copies, so that the next import
 * sweeps it away if this one is killed before the rename.
 */
static int
refdb_update_keep_previous(struct refdb_update *u, char **cause)
{
	char *prev = refdb_update_sibling(u->target, ".prev");
	char *tmp = xasprintf("%s/.%s%sprev-%ld", u->dir,
	    refdb_update_base(u->target), REFDB_TEMP_INFIX, (long)getpid());
	int rc = 0;

	unlink(tmp);
	if (link(u->target, tmp) != 0 || rename(tmp, prev) != 0) {
		rc = error_set(cause, _("cannot keep the previous version as "
		    "%s: %s"), prev, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(prev);
	return rc;
}

/* A check run beside quick_check (refdb_update_commit_checked). */
struct refdb_update_check {
	pthread_t		 thread;
	refdb_update_check_fn	 fn;
	void			*arg;
	const char		*path;
	int			 rc;
	char			*cause;
};

static void *
refdb_update_check_main(void *arg)
{
	struct refdb_update_check *c = arg;

	c->rc = c->fn(c->path, c->arg, &c->cause);
	return NULL;
}

/*
 * Starts c on a second thread, or runs it here without one. The exclusive
 * lock the import kept is dropped first (locking_mode NORMAL, then a read),
 * so that the second connection can read what was committed.
 */
static int
refdb_update_check_start(struct refdb_update *u, struct refdb_update_check *c,
    char **cause)
{
	if (db_exec(u->db, "PRAGMA locking_mode = NORMAL; SELECT count(*) FROM"
	    " sqlite_schema", cause) != 0)
		return -1;
	c->path = u->temp;
	if (pthread_create(&c->thread, NULL, refdb_update_check_main, c) == 0)
		return 1;
	refdb_update_check_main(c);
	return 0;
}

int
refdb_update_commit(struct refdb_update *u, char **cause)
{
	return refdb_update_commit_checked(u, NULL, NULL, cause);
}

int
refdb_update_commit_checked(struct refdb_update *u, refdb_update_check_fn fn,
    void *arg, char **cause)
{
	struct refdb_update_check check;
	char *result = NULL;
	int rc = -1, checked, started = 0;

	memset(&check, 0, sizeof check);
	check.fn = fn;
	check.arg = arg;
	if (fn != NULL && (started = refdb_update_check_start(u, &check,
	    cause)) < 0) {
		refdb_update_abort(u);
		return -1;
	}
	/*
	 * The pages left to write go to the disk while quick_check reads them
	 * back: two waits of the same order (a national year's database, 60
	 * and 80 ms) taken at once. The fsync after closing makes it all
	 * durable, with whatever closing wrote.
	 */
	dbfile_sync_flush(u->sync);
	checked = db_quick_check(u->db, &result, cause);
	if (started)
		pthread_join(check.thread, NULL);
	if (dbfile_sync_wait(u->sync, checked == 0 ? cause : NULL) != 0 ||
	    checked != 0)
		goto out;
	if (fn != NULL && check.rc != 0) {
		if (cause != NULL) {
			*cause = check.cause;
			check.cause = NULL;
		}
		goto out;
	}
	if (strcmp(result, "ok") != 0) {
		error_set(cause, _("the new database fails its integrity "
		    "check: %s"), result);
		goto out;
	}
	if (db_exec(u->db, "PRAGMA journal_mode = DELETE", cause) != 0)
		goto out;
	if (sqlite3_close(u->db) != SQLITE_OK) {
		error_set(cause, "%s: %s", u->temp, db_errmsg(u->db));
		goto out;
	}
	u->db = NULL;
	if (dbfile_fsync_path(u->temp, 0, cause) != 0)
		goto out;
	/* A program may have opened it in WAL mode since the copy was made. */
	if (refdb_update_settle_pair(u->target, cause) != 0)
		goto out;
	if (!u->created && refdb_update_keep_previous(u, cause) != 0)
		goto out;
	if (rename(u->temp, u->target) != 0) {
		error_set(cause, "%s: %s", u->target, strerror(errno));
		goto out;
	}
	free(u->temp);
	u->temp = NULL;
	dbfile_fsync_path(u->dir, 1, NULL);
	rc = 0;
out:
	free(check.cause);
	free(result);
	refdb_update_abort(u);
	return rc;
}

/* Exchanges two names in one step where the kernel can, else through a third link. */
static int
refdb_swap(const char *a, const char *b)
{
	char *tmp;
	int rc;

#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	tmp = xasprintf("%s.swap.%ld", a, (long)getpid());
	unlink(tmp);
	rc = -1;
	if (link(a, tmp) == 0 && rename(b, a) == 0 && rename(tmp, b) == 0)
		rc = 0;
	unlink(tmp);
	free(tmp);
	return rc;
}

int
refdb_rollback(const char *target, char **cause)
{
	struct db_identity id;
	char *prev = NULL, *result = NULL, *dir, *real;
	sqlite3 *db = NULL;
	int fd = -1, rc = -1, created;

	/* A link is followed: the file it points to and its .prev are swapped. */
	if ((real = pathkind_follow(target, cause)) == NULL)
		return -1;
	target = real;
	if (pathkind_check_regular(target, 1, cause) != 0)
		goto out;
	prev = refdb_update_sibling(target, ".prev");
	if ((fd = refdb_update_lock(target, &created, cause)) < 0)
		goto out;
	refdb_finish_swap(target);
	if (refdb_update_settle_pair(target, cause) != 0)
		goto out;
	if (access(prev, F_OK) != 0) {
		error_set(cause, _("%s: no previous version to return to (%s)"),
		    target, strerror(errno));
		goto out;
	}
	if (db_identify(prev, &id, cause) != 0)
		goto out;
	if (id.kind != DB_KIND_REFERENCE) {
		error_set(cause, _("%s: not a reference database"), prev);
		goto out;
	}
	if (refdb_open(prev, &db, cause) != 0 ||
	    db_quick_check(db, &result, cause) != 0 ||
	    schema_check(db, prev, DB_KIND_REFERENCE, id.version, cause) != 0)
		goto out;
	if (strcmp(result, "ok") != 0) {
		error_set(cause, _("%s: fails its integrity check: %s"), prev,
		    result);
		goto out;
	}
	sqlite3_close(db);
	db = NULL;
	if (refdb_swap(target, prev) != 0) {
		error_set(cause, "%s: %s", target, strerror(errno));
		goto out;
	}
	dir = dbfile_dirname(target);
	dbfile_fsync_path(dir, 1, NULL);
	free(dir);
	rc = 0;
out:
	sqlite3_close(db);
	if (fd >= 0)
		close(fd);
	free(result);
	free(prev);
	free(real);
	return rc;
}
