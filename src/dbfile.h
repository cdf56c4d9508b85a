/* SPDX-License-Identifier: ISC */
/* Whole-file operations: consistent backups and atomic restores. */
#ifndef MEDIFLUX_DBFILE_H
#define MEDIFLUX_DBFILE_H

#include <stdio.h>

#include "db.h"

/*
 * Copies the live database src (of kind expected) to dest with SQLite's online
 * backup, so the copy is consistent while others read; dest appears whole or
 * not at all. A dest that is a symbolic link gets the file it points to.
 */
int	dbfile_backup(const char *src, enum db_kind expected, const char *dest,
	    char **cause);

/*
 * Replaces target with file after checking that file is a mediflux database of
 * the expected kind, of a schema this program reads, passing quick_check. A
 * reference database is swapped by rename (readers keep the old one); a user
 * database, which may be open in WAL mode elsewhere, is overwritten through
 * SQLite in one transaction. A bad file changes nothing. A reference target
 * that is a symbolic link gets the file it points to replaced.
 */
int	dbfile_restore(const char *file, enum db_kind expected, const char *target,
	    char **cause);

/*
 * Makes target safe to replace by renaming a new file over it: a WAL left by
 * a program that died is checkpointed into it and removed, a hot journal
 * rolled back, files left beside a target that no longer exists removed. A
 * WAL still in use (another program holds target open in WAL mode) refuses,
 * since that program would go on writing it beside the new file, which every
 * reader would then take for its own: "database disk image is malformed".
 */
int	dbfile_settle(const char *target, char **cause);

/* Removes a database file of ours and whatever SQLite left beside it (-journal...). */
void	dbfile_unlink_db(const char *path);

/* Copies every page of the open database from into to, in one go. */
int	dbfile_copy(sqlite3 *from, sqlite3 *to, const char *what, char **cause);

/*
 * Copies the open database from, byte for byte, into the empty file to_fd,
 * which SQLite has not opened: 1 when copied, 0 when it must go through
 * dbfile_copy instead (a WAL database), -1 on error.
 */
int	dbfile_copy_bytes(sqlite3 *from, const char *what, int to_fd,
	    char **cause);

/* Makes a file's data (or a directory's entries) durable. */
int	dbfile_fsync_path(const char *path, int directory, char **cause);

/*
 * A file being written, kept going to the disk on a second thread from the
 * start (dbfile_sync_start), then synced there at dbfile_sync_flush while
 * the caller reads or checks it; the caller's fsync then has little left to
 * do. The descriptor stays open until dbfile_sync_free, which comes after
 * SQLite has closed the file: closing another descriptor of a file drops
 * every POSIX lock the process holds on it, SQLite's included.
 */
struct dbfile_sync;

struct dbfile_sync *dbfile_sync_start(const char *path);
/* Starts the final sync: everything written before it goes to the disk. */
void	dbfile_sync_flush(struct dbfile_sync *);
/* Waits for the sync: 0, or -1 with *cause (an error it met is never lost). */
int	dbfile_sync_wait(struct dbfile_sync *, char **cause);
void	dbfile_sync_free(struct dbfile_sync *);

/* The directory part of path ("." when there is none). */
char	*dbfile_dirname(const char *path);

/* Creates every missing directory above path, mode 0700 (ours are private). */
int	dbfile_make_parents(const char *path, char **cause);

/*
 * A file written whole or not at all (exports): a private (0600) temporary
 * file beside path, renamed over it by dbfile_atomic_commit, or removed by
 * dbfile_atomic_abort. Either ends it.
 */
struct dbfile_atomic {
	FILE	*f;
	char	*path;
	char	*tmp;
};

int	dbfile_atomic_open(struct dbfile_atomic *, const char *path,
	    char **cause);
int	dbfile_atomic_commit(struct dbfile_atomic *, char **cause);
void	dbfile_atomic_abort(struct dbfile_atomic *);

#endif
