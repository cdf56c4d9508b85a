/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "db.h"
#include "dbtx.h"
#include "fold.h"
#include "history.h"
#include "history_pending.h"
#include "profile.h"
#include "userdb.h"
#include "xmalloc.h"

#define HISTORY_COLUMNS \
	"id, at, pane, command, params, result_count, duration_ms"

/* ISO 8601 UTC with milliseconds, the same in every row so that text order is time order. */
#define HISTORY_NOW_SQL "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

/*
 * Bytes of WAL a session finds beside the file before it checkpoints it: a
 * recorded command writes three or four pages, so one command in about
 * twenty pays for the checkpoint.
 */
#define HISTORY_WAL_KEEP (64 * 4096)

/* Parameters shown without their option name: the command's own argument. */
static const char *const history_positional[] = { "query", "finess", NULL };

/*
 * Sessions close without checkpointing (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE): a
 * command then appends to the WAL it finds instead of creating it, syncing
 * its header and the directory, checkpointing and deleting it, four
 * fdatasyncs that were a third of a search's time. Once the WAL has grown
 * past HISTORY_WAL_KEEP it is checkpointed and truncated here: a new process
 * alone on the file rebuilds the WAL's index and takes no frame as copied,
 * so SQLite's own checkpoints would copy every frame again at each commit
 * and never restart the log. Another session reading keeps the WAL: the
 * checkpoint gives way at once and waits for a later command.
 */
static void
history_wal_trim(sqlite3 *db)
{
	const char *file = sqlite3_db_filename(db, "main");
	struct stat st;
	char *wal;
	int big;

	if (file == NULL || *file == '\0')
		return;
	wal = xasprintf("%s-wal", file);
	big = stat(wal, &st) == 0 && st.st_size > HISTORY_WAL_KEEP;
	free(wal);
	if (!big)
		return;
	sqlite3_busy_timeout(db, 0);
	(void)sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL);
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
}

int
history_open(const char *path, int private_dir, sqlite3 **out, char **cause)
{
	return history_open_folding(path, private_dir, out, NULL, cause);
}

int
history_open_folding(const char *path, int private_dir, sqlite3 **out,
    int64_t *skipped, char **cause)
{
	sqlite3 *db;
	json_t *doc;
	int rc;

	if (userdb_open(path, private_dir, &db, cause) != 0)
		return -1;
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	history_wal_trim(db);
	/* Before the retention, which then applies to the entries moved in too. */
	if (history_pending_fold(db, path, skipped, cause) != 0) {
		sqlite3_close(db);
		return -1;
	}
	/* A damaged profile is reported where it is shown; retention falls back to defaults. */
	if (profile_load(db, &doc, NULL) != 0)
		doc = json_object();
	rc = history_retain(db, profile_preference(doc, "history_days"),
	    profile_preference(doc, "history_max"), NULL, cause);
	json_decref(doc);
	if (rc != 0) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

struct history_new {
	const char	*at;		/* NULL: now */
	const char	*pane;
	const char	*command;
	char		*text;		/* the parameters, encoded */
	int64_t		 result_count;
	double		 duration_ms;
};

/* Checks an entry's parameters and encodes them as the column stores them. */
static int
history_new_fill(struct history_new *h, const char *at, const char *pane,
    const char *command, json_t *params, int64_t result_count,
    double duration_ms, char **cause)
{
	h->at = at;
	h->pane = pane;
	h->command = command;
	h->result_count = result_count;
	h->duration_ms = duration_ms;
	h->text = NULL;
	if (params != NULL && !json_is_object(params))
		return error_set(cause, "history: parameters must be a JSON "
		    "object");
	h->text = params != NULL ? json_dumps(params, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : xstrdup("{}");
	if (h->text == NULL)
		fatalx("cannot encode history parameters");
	return 0;
}

static int
history_record_step(sqlite3 *udb, void *arg, char **cause)
{
	struct history_new *h = arg;
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(udb, "INSERT INTO history (at, pane, command, params,"
	    " result_count, duration_ms) VALUES (coalesce(?6, " HISTORY_NOW_SQL
	    "), ?1, ?2, ?3, ?4, ?5)", &stmt, cause) != 0)
		return -1;
	if (h->at != NULL)
		sqlite3_bind_text(stmt, 6, h->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 1, h->pane, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, h->command, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->text, -1, SQLITE_STATIC);
	if (h->result_count >= 0)
		sqlite3_bind_int64(stmt, 4, h->result_count);
	if (h->duration_ms >= 0)
		sqlite3_bind_double(stmt, 5, h->duration_ms);
	rc = db_step(stmt, cause) < 0 ? -1 : 0;
	sqlite3_finalize(stmt);
	return rc;
}

int
history_record(sqlite3 *udb, const char *pane, const char *command,
    json_t *params, int64_t result_count, double duration_ms, char **cause)
{
	return history_record_at(udb, NULL, pane, command, params, result_count,
	    duration_ms, cause);
}

/* An entry to record: history_record_at's arguments, for its transaction. */
struct history_args {
	const char	*at, *pane, *command;
	json_t		*params;
	int64_t		 result_count;
	double		 duration_ms;
};

static int
history_record_tx(sqlite3 *udb, void *arg, char **cause)
{
	const struct history_args *a = arg;

	return history_insert(udb, a->at, a->pane, a->command, a->params,
	    a->result_count, a->duration_ms, cause);
}

int
history_record_at(sqlite3 *udb, const char *at, const char *pane,
    const char *command, json_t *params, int64_t result_count,
    double duration_ms, char **cause)
{
	struct history_args a = { at, pane, command, params, result_count,
	    duration_ms };

	if (params != NULL && !json_is_object(params))
		return error_set(cause, "history: parameters must be a JSON "
		    "object");
	return dbtx_run(udb, history_record_tx, &a, cause);
}

int
history_insert(sqlite3 *udb, const char *at, const char *pane,
    const char *command, json_t *params, int64_t result_count,
    double duration_ms, char **cause)
{
	struct history_new h;
	int rc;

	if (history_new_fill(&h, at, pane, command, params, result_count,
	    duration_ms, cause) != 0)
		return -1;
	rc = history_record_step(udb, &h, cause);
	free(h.text);
	return rc;
}

void
history_entry_free(struct history_entry *e)
{
	free(e->at);
	free(e->pane);
	free(e->command);
	json_decref(e->params);
	memset(e, 0, sizeof *e);
}

void
history_list_free(struct history_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		history_entry_free(&l->entries[i]);
	free(l->entries);
	memset(l, 0, sizeof *l);
}

static char *
history_column_dup(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return xstrdup(s != NULL ? s : "");
}

/* Fills an entry from a row of HISTORY_COLUMNS. */
static void
history_read_row(sqlite3_stmt *stmt, struct history_entry *e)
{
	const char *params = (const char *)sqlite3_column_text(stmt, 4);

	e->id = sqlite3_column_int64(stmt, 0);
	e->at = history_column_dup(stmt, 1);
	e->pane = history_column_dup(stmt, 2);
	e->command = history_column_dup(stmt, 3);
	e->params = params != NULL ? json_loads(params, 0, NULL) : NULL;
	if (!json_is_object(e->params)) {
		json_decref(e->params);
		e->params = json_object();
	}
	e->result_count = sqlite3_column_type(stmt, 5) == SQLITE_NULL ?
	    HISTORY_NO_COUNT : sqlite3_column_int64(stmt, 5);
	e->duration_ms = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? -1 :
	    sqlite3_column_double(stmt, 6);
}

/* Tells whether an entry's command line holds the folded filter key. */
static int
history_matches(const struct history_entry *e, const char *key)
{
	char *line, *folded;
	int found;

	line = history_describe(e);
	folded = fold_key(line);
	found = strstr(folded, key) != NULL;
	free(folded);
	free(line);
	return found;
}

/*
 * Appends stmt's rows to l, those whose search key holds key (NULL: all), at
 * most limit entries in l (0: no limit); finalises stmt.
 */
static int
history_list_read(sqlite3_stmt *stmt, const char *key, size_t limit,
    struct history_list *l, char **cause)
{
	struct history_entry e;
	size_t size = l->n;
	int rc = DB_DONE;

	while ((limit == 0 || l->n < limit) &&
	    (rc = db_step(stmt, cause)) == DB_ROW) {
		history_read_row(stmt, &e);
		if (key != NULL && !history_matches(&e, key)) {
			history_entry_free(&e);
			continue;
		}
		if (l->n == size) {
			size = size ? 2 * size : 16;
			l->entries = xreallocarray(l->entries, size,
			    sizeof *l->entries);
		}
		l->entries[l->n++] = e;
	}
	if (limit > 0 && l->n == limit)
		rc = DB_DONE;
	sqlite3_finalize(stmt);
	if (rc != DB_DONE) {
		history_list_free(l);
		return -1;
	}
	return 0;
}

int
history_list(sqlite3 *udb, const char *filter, size_t limit,
    struct history_list *l, char **cause)
{
	sqlite3_stmt *stmt;
	char *key = NULL;
	int rc;

	memset(l, 0, sizeof *l);
	if (filter != NULL && *(key = fold_key(filter)) == '\0') {
		free(key);
		key = NULL;
	}
	/* Without a filter SQLite stops at the limit; with one, the loop does. */
	if (db_prepare(udb, key == NULL && limit > 0 ?
	    "SELECT " HISTORY_COLUMNS " FROM history ORDER BY id DESC LIMIT ?" :
	    "SELECT " HISTORY_COLUMNS " FROM history ORDER BY id DESC", &stmt,
	    cause) != 0) {
		free(key);
		return -1;
	}
	if (key == NULL && limit > 0)
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)limit);
	rc = history_list_read(stmt, key, limit, l, cause);
	free(key);
	return rc;
}

/*
 * Lists the entries that sql selects by an id (?1), newest first, at most
 * limit of them (?2; 0: all).
 */
static int
history_list_by_id(sqlite3 *udb, const char *sql, int64_t id, size_t limit,
    struct history_list *l, char **cause)
{
	sqlite3_stmt *stmt;

	memset(l, 0, sizeof *l);
	if (db_prepare(udb, sql, &stmt, cause) != 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, limit > 0 ? (sqlite3_int64)limit : -1);
	return history_list_read(stmt, NULL, limit, l, cause);
}

int
history_list_newer(sqlite3 *udb, int64_t after, struct history_list *l,
    char **cause)
{
	return history_list_by_id(udb, "SELECT " HISTORY_COLUMNS " FROM history"
	    " WHERE id > ?1 ORDER BY id DESC LIMIT ?2", after, 0, l, cause);
}

int
history_list_before(sqlite3 *udb, int64_t before, size_t limit,
    struct history_list *l, char **cause)
{
	return history_list_by_id(udb, "SELECT " HISTORY_COLUMNS " FROM history"
	    " WHERE id < ?1 ORDER BY id DESC LIMIT ?2", before, limit, l, cause);
}

int
history_span(sqlite3 *udb, int64_t upto, int64_t *count, int64_t *oldest,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(udb, "SELECT count(*), ifnull(min(id), 0) FROM history"
	    " WHERE id <= ?", &stmt, cause) != 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, upto);
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		*count = sqlite3_column_int64(stmt, 0);
		*oldest = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc == DB_DONE)
		return error_set(cause, "history: no row");
	return rc == DB_ROW ? 0 : -1;
}

int
history_get(sqlite3 *udb, int64_t id, struct history_entry *e, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	memset(e, 0, sizeof *e);
	if (db_prepare(udb, "SELECT " HISTORY_COLUMNS " FROM history"
	    " WHERE id = ?", &stmt, cause) != 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		history_read_row(stmt, e);
	sqlite3_finalize(stmt);
	return rc;
}

/* Runs one parameterised DELETE (with an optional integer or text bound) and counts. */
static int
history_delete_where(sqlite3 *udb, const char *sql, const char *text,
    int64_t value, int64_t *deleted, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(udb, sql, &stmt, cause) != 0)
		return -1;
	if (text != NULL)
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	else if (sqlite3_bind_parameter_count(stmt) > 0)
		sqlite3_bind_int64(stmt, 1, value);
	rc = db_step(stmt, cause) < 0 ? -1 : 0;
	sqlite3_finalize(stmt);
	if (rc == 0)
		*deleted += sqlite3_changes(udb);
	return rc;
}

int
history_delete(sqlite3 *udb, int64_t id, char **cause)
{
	int64_t deleted = 0;

	if (history_delete_where(udb, "DELETE FROM history WHERE id = ?", NULL,
	    id, &deleted, cause) != 0)
		return -1;
	return deleted > 0 ? 1 : 0;
}

int
history_clear(sqlite3 *udb, int64_t *deleted, char **cause)
{
	*deleted = 0;
	return history_delete_where(udb, "DELETE FROM history", NULL, 0,
	    deleted, cause);
}

struct history_retention {
	int64_t	 days, max, deleted;
};

/* The time before which entries are older than the days kept, bound as ?N. */
#define HISTORY_CUTOFF_SQL(n) "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?" #n ")"

/* The modifier HISTORY_CUTOFF_SQL takes for r's days. */
static char *
history_cutoff_age(const struct history_retention *r)
{
	return xasprintf("-%lld days", (long long)r->days);
}

static int
history_retain_step(sqlite3 *udb, void *arg, char **cause)
{
	struct history_retention *r = arg;
	char *age;
	int rc = 0;

	r->deleted = 0;
	if (r->days > 0) {
		age = history_cutoff_age(r);
		rc = history_delete_where(udb, "DELETE FROM history WHERE at < "
		    HISTORY_CUTOFF_SQL(1), age, 0, &r->deleted, cause);
		free(age);
	}
	/* Newest by id: ids only grow, whatever the clocks of two sessions say. */
	if (rc == 0 && r->max > 0)
		rc = history_delete_where(udb, "DELETE FROM history WHERE id <="
		    " (SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?)",
		    NULL, r->max, &r->deleted, cause);
	return rc;
}

/*
 * Whether the retention may have entries to delete: an entry older than the
 * days, found in the index of times, or ids spanning more than the maximum
 * (they only grow, so that the span is the count until one is deleted by
 * hand). Both are lookups, where the deletions would take a write lock and
 * count back through every entry the maximum keeps, at every command. max()
 * and min() in subqueries of their own: together in one, SQLite scans the
 * whole history instead of looking at both ends of its ids.
 */
static int
history_retain_due(sqlite3 *udb, const struct history_retention *r, int *due,
    char **cause)
{
	sqlite3_stmt *stmt;
	char *age;
	int rc;

	if (db_prepare(udb, "SELECT (?1 > 0 AND EXISTS (SELECT 1 FROM history"
	    " WHERE at < " HISTORY_CUTOFF_SQL(2) ")) OR"
	    " (?3 > 0 AND (SELECT max(id) FROM history) -"
	    " (SELECT min(id) FROM history) + 1 > ?3)",
	    &stmt, cause) != 0)
		return -1;
	age = history_cutoff_age(r);
	sqlite3_bind_int64(stmt, 1, r->days);
	sqlite3_bind_text(stmt, 2, age, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, r->max);
	free(age);
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		*due = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == DB_DONE)
		return error_set(cause, "history: no row");
	return rc == DB_ROW ? 0 : -1;
}

int
history_retain(sqlite3 *udb, int64_t days, int64_t max, int64_t *deleted,
    char **cause)
{
	struct history_retention r = { days, max, 0 };
	int due = 0;

	if (history_retain_due(udb, &r, &due, cause) != 0)
		return -1;
	if (due && dbtx_run(udb, history_retain_step, &r, cause) != 0)
		return -1;
	if (deleted != NULL)
		*deleted = r.deleted;
	return 0;
}

/* Appends a word to a command line, quoted as a shell would need it. */
static char *
history_append_word(char *line, const char *word)
{
	const char *special = " \t\n'\"\\$`!*?[]{}()<>|&;#~";
	char *out, *quoted;
	size_t i, o = 0;

	if (*word != '\0' && strpbrk(word, special) == NULL)
		out = xasprintf("%s %s", line, word);
	else {
		quoted = xmalloc(4 * strlen(word) + 3);
		quoted[o++] = '\'';
		for (i = 0; word[i] != '\0'; i++) {
			if (word[i] == '\'') {
				memcpy(quoted + o, "'\\''", 4);
				o += 4;
			} else
				quoted[o++] = word[i];
		}
		quoted[o++] = '\'';
		quoted[o] = '\0';
		out = xasprintf("%s %s", line, quoted);
		free(quoted);
	}
	free(line);
	return out;
}

/* A parameter's value as it would be typed: text as is, anything else as JSON. */
static char *
history_value_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static int
history_is_positional(const char *key)
{
	const char *const *p;

	for (p = history_positional; *p != NULL; p++)
		if (strcmp(*p, key) == 0)
			return 1;
	return 0;
}

char *
history_describe(const struct history_entry *e)
{
	const char *const *p;
	const char *key;
	char *line, *text, *option;
	json_t *v;
	size_t i;

	line = xstrdup(e->command);
	for (p = history_positional; *p != NULL; p++) {
		if ((v = json_object_get(e->params, *p)) == NULL ||
		    json_is_null(v))
			continue;
		text = history_value_text(v);
		line = history_append_word(line, text);
		free(text);
	}
	json_object_foreach(e->params, key, v) {
		if (history_is_positional(key) || json_is_null(v) ||
		    json_is_false(v))
			continue;
		option = xasprintf("--%s", key);
		for (i = 2; option[i] != '\0'; i++)
			if (option[i] == '_')
				option[i] = '-';
		line = history_append_word(line, option);
		free(option);
		if (json_is_true(v))
			continue;
		text = history_value_text(v);
		line = history_append_word(line, text);
		free(text);
	}
	return line;
}

const char *
history_local_time(const struct history_entry *e, char buf[32])
{
	struct tm tm;
	time_t t;
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(e->at, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL || (t = timegm(&tm)) == (time_t)-1 ||
	    localtime_r(&t, &tm) == NULL ||
	    strftime(buf, 32, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, 32, "%s", e->at);
	return buf;
}

json_t *
history_entry_json(const struct history_entry *e)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:O, s:o, s:o}",
	    "id", (json_int_t)e->id, "at", e->at, "pane", e->pane,
	    "command", e->command, "params", e->params,
	    "result_count", e->result_count >= 0 ?
	    json_integer(e->result_count) : json_null(),
	    "duration_ms", e->duration_ms >= 0 ? json_real(e->duration_ms) :
	    json_null());
}
