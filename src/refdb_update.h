/* SPDX-License-Identifier: ISC */
/*
 * Crash-safe updates of the reference database: work on a copy beside it,
 * check it, switch by rename, keep the replaced version for rollback.
 */
#ifndef MEDIFLUX_REFDB_UPDATE_H
#define MEDIFLUX_REFDB_UPDATE_H

#include <sqlite3.h>

struct refdb_update;

/*
 * Locks target against other updates and opens a private copy of it (or, when
 * target does not exist, a new database holding geography's reference
 * geography only). *db is the copy, at the current schema version.
 */
struct refdb_update	*refdb_update_begin(const char *target, const char *geography,
			     sqlite3 **db, char **cause);

/* Whether target did not exist before. */
int			 refdb_update_created(const struct refdb_update *);

/*
 * Checks the copy (quick_check), makes it durable and puts it in target's
 * place, keeping the version replaced as target.prev. Frees the update.
 */
int			 refdb_update_commit(struct refdb_update *, char **cause);

/*
 * refdb_update_commit, running check on the committed copy meanwhile: on a
 * second thread, given the copy's path to open read-only, while quick_check
 * reads it on this one. A check that fails (-1 with *cause) fails the
 * update, as quick_check would.
 */
typedef int (*refdb_update_check_fn)(const char *path, void *arg,
		    char **cause);
int			 refdb_update_commit_checked(struct refdb_update *,
			     refdb_update_check_fn, void *arg, char **cause);

/*
 * Has the lock file removed when the update ends (commit or abort), if this
 * update created it: by this process, while it still holds the lock, so that
 * no other process's lock is ever removed (consolidate's new OUT).
 */
void			 refdb_update_remove_own_lock(struct refdb_update *);

/* Drops the copy; target is untouched. */
void			 refdb_update_abort(struct refdb_update *);

/* Swaps target and target.prev after checking target.prev. */
int			 refdb_rollback(const char *target, char **cause);

#endif
