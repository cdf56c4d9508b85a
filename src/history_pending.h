/* SPDX-License-Identifier: ISC */
/*
 * The history's pending entries: a command of the command line appends its
 * entry, one JSON line, to a file beside the user database (PATH-pending,
 * 0600, the user's alone, as the database) instead of opening the database
 * itself, which cost more than the query it records (WAL recovery, schema
 * checks, retention, a transaction). Whoever opens the database for its
 * history (history_open: the interface, `history`, `profile`, a backup)
 * first moves the pending entries into it, in one transaction, so that every
 * reader sees them and the ids keep the order the commands ran in.
 */
#ifndef MEDIFLUX_HISTORY_PENDING_H
#define MEDIFLUX_HISTORY_PENDING_H

#include <sqlite3.h>
#include <stdint.h>

#include <jansson.h>

/* The two files beside the user database, after its path. */
#define HISTORY_PENDING_SUFFIX	"-pending"
#define HISTORY_PENDING_TAKEN	"-pending.taken"

/* Longest line appended: a longer entry is recorded in the database itself. */
#define HISTORY_PENDING_LINE_MAX (64 * 1024)

/*
 * Appends one entry recorded now to the pending file of the user database
 * at path, having judged the database, its directory and the files beside
 * it as userdb_open does, and read the database's header when it exists: a
 * file that is not a mediflux user database, or of a newer schema, is
 * refused as opening it would be (an absent one is created by the next to
 * open it). params is borrowed. Returns 1 when the entry is too long for a
 * line (the caller records it through the database), 0 when appended, -1
 * with *cause otherwise.
 */
int	history_pending_append(const char *path, int private_dir,
	    const char *pane, const char *command, json_t *params,
	    int64_t result_count, double duration_ms, char **cause);

/*
 * Moves the pending entries of the user database at path into udb, opened
 * on it, in one transaction, exactly once even if a process dies on the
 * way. Lines that are not entries (a torn write, a hand edit) are skipped;
 * *skipped (when not NULL) counts them. Returns 0, or -1 with *cause, the
 * entries staying pending.
 */
int	history_pending_fold(sqlite3 *udb, const char *path, int64_t *skipped,
	    char **cause);

#endif
