/* SPDX-License-Identifier: ISC */
/*
 * The user's history: every search, filter and drill-down, newest first, for
 * the Historique pane to show, filter and replay. Kept in the user database
 * within the retention the profile's preferences set.
 */
#ifndef MEDIFLUX_HISTORY_H
#define MEDIFLUX_HISTORY_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* result_count when a query has no count of results. */
#define HISTORY_NO_COUNT (-1)

struct history_entry {
	int64_t	 id;
	char	*at;		/* ISO 8601 UTC with milliseconds */
	char	*pane;		/* "hospitals", "regions", "meds" */
	char	*command;	/* "search", "hospital", "regions", "meds" */
	json_t	*params;	/* an object: the options given */
	int64_t	 result_count;	/* HISTORY_NO_COUNT: none */
	double	 duration_ms;	/* negative: not measured */
};

struct history_list {
	struct history_entry	*entries;
	size_t			 n;
};

/*
 * Opens the user database for profile and history work (userdb_open), moves
 * in the entries commands left pending beside it (history_pending.h) and
 * applies the retention of the stored profile's preferences: every caller
 * goes through here, so each sees every entry recorded, and the history
 * never outlives what the user chose.
 */
int	 history_open(const char *path, int private_dir, sqlite3 **,
	     char **cause);

/*
 * history_open, counting in *skipped the pending lines that held no entry,
 * for the command line to warn of.
 */
int	 history_open_folding(const char *path, int private_dir, sqlite3 **,
	     int64_t *skipped, char **cause);

/*
 * Records one query now: params (an object, or NULL for none) is borrowed.
 * Safe while other processes write to the same file.
 */
int	 history_record(sqlite3 *udb, const char *pane, const char *command,
	     json_t *params, int64_t result_count, double duration_ms,
	     char **cause);

/*
 * Inserts one entry (at: NULL for now) within a transaction the caller
 * holds: the pending entries moved in all at once.
 */
int	 history_insert(sqlite3 *udb, const char *at, const char *pane,
	     const char *command, json_t *params, int64_t result_count,
	     double duration_ms, char **cause);

/*
 * Records one query made at a past time (ISO 8601 UTC with milliseconds, as
 * entries store it; NULL: now): what consolidate carries from older files.
 */
int	 history_record_at(sqlite3 *udb, const char *at, const char *pane,
	     const char *command, json_t *params, int64_t result_count,
	     double duration_ms, char **cause);
/*
 * Lists entries newest first, at most limit of them (0: all); with a filter,
 * only those whose command or parameters contain it, ignoring case and
 * accents.
 */
int	 history_list(sqlite3 *udb, const char *filter, size_t limit,
	     struct history_list *, char **cause);
void	 history_list_free(struct history_list *);

/*
 * Lists the entries newer than id after, newest first: what a list read
 * earlier lacks.
 */
int	 history_list_newer(sqlite3 *udb, int64_t after, struct history_list *,
	     char **cause);

/*
 * Lists at most limit (0: all) of the entries older than id before, newest
 * first: the next page of a list read in pages.
 */
int	 history_list_before(sqlite3 *udb, int64_t before, size_t limit,
	     struct history_list *, char **cause);

/*
 * How many entries have ids up to upto, and the oldest id (0: none): tells
 * a list read earlier whether entries it holds were deleted since.
 */
int	 history_span(sqlite3 *udb, int64_t upto, int64_t *count,
	     int64_t *oldest, char **cause);

/* Reads one entry (for a replay): 1 found, 0 no such entry, -1 error. */
int	 history_get(sqlite3 *udb, int64_t id, struct history_entry *,
	     char **cause);
void	 history_entry_free(struct history_entry *);

/* Deletes one entry: 1 deleted, 0 no such entry, -1 error. */
int	 history_delete(sqlite3 *udb, int64_t id, char **cause);

/* Deletes every entry; *deleted receives how many there were. */
int	 history_clear(sqlite3 *udb, int64_t *deleted, char **cause);

/*
 * Deletes entries older than days days and all but the newest max ones (0
 * for either: no such limit); *deleted (may be NULL) receives how many.
 */
int	 history_retain(sqlite3 *udb, int64_t days, int64_t max,
	     int64_t *deleted, char **cause);

/* The entry as a command line people read: "search lyon --limit 20". */
char	*history_describe(const struct history_entry *);

/* The entry's time in local time, "2026-11-21 11:02:03" (the stored text if unreadable). */
const char *history_local_time(const struct history_entry *, char buf[32]);

/* The entry as --json prints it: id, at, pane, command, params, result_count, duration_ms. */
json_t	*history_entry_json(const struct history_entry *);

#endif
