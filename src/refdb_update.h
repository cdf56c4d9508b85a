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
