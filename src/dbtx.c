/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "db.h"
#include "dbtx.h"
#include "xmalloc.h"

/* Tells whether the last error on db was another process's lock. */
static int
dbtx_busy(sqlite3 *db)
{
	int rc = sqlite3_extended_errcode(db) & 0xff;

	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

int
dbtx_run(sqlite3 *db, int (*fn)(sqlite3 *, void *, char **), void *arg,
    char **cause)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	char *why = NULL;
	int attempt, busy;

	for (attempt = 0; attempt < DBTX_ATTEMPTS; attempt++) {
		free(why);
		why = NULL;
		if (db_exec(db, "BEGIN IMMEDIATE", &why) != 0) {
			if (!dbtx_busy(db))
				break;
			nanosleep(&pause, NULL);
			continue;
		}
		if (fn(db, arg, &why) != 0) {
			db_exec(db, "ROLLBACK", NULL);
			break;
		}
		if (db_exec(db, "COMMIT", &why) == 0)
			return 0;
		/* Read before ROLLBACK, which sets the error code again. */
		busy = dbtx_busy(db);
		db_exec(db, "ROLLBACK", NULL);
		if (!busy)
			break;
		nanosleep(&pause, NULL);
	}
	error_set(cause, "%s", why != NULL ? why : "database busy");
	free(why);
	return -1;
}
