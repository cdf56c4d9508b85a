/* SPDX-License-Identifier: ISC */
/* The history: record, list, filter, delete, clear, retention, and two writers at once. */
#include "config.h"

#include <sys/wait.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "unit.h"

#include "db.h"
#include "history.h"
#include "history_pending.h"
#include "profile.h"

struct fixture {
	char	*root;
	char	*path;
	sqlite3	*udb;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->root = unit_tmpdir();
	assert_true(asprintf(&f->path, "%s/share/mediflux/user.db", f->root) > 0);
	assert_int_equal(history_open(f->path, 1, &f->udb, NULL), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	sqlite3_close(f->udb);
	unit_rm_rf(f->root);
	free(f->root);
	free(f->path);
	free(f);
	return 0;
}

static json_t *
parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	assert_non_null(j);
	return j;
}

/* Records one entry whose params are given as JSON text. */
static void
record(sqlite3 *udb, const char *pane, const char *command,
    const char *params, int64_t count)
{
	json_t *p = params != NULL ? parse(params) : NULL;

	assert_int_equal(history_record(udb, pane, command, p, count, 12.5,
	    NULL), 0);
	json_decref(p);
}

static int64_t
count_rows(sqlite3 *udb)
{
	int64_t n;

	assert_int_equal(db_query_int64(udb, "SELECT count(*) FROM history",
	    &n, NULL), 0);
	return n;
}

/* The ids of a list, newest first, as "3 2 1"; frees the list. */
static char *
ids_of(struct history_list *l)
{
	char *ids = strdup(""), *more;
	size_t i;

	for (i = 0; i < l->n; i++) {
		assert_true(asprintf(&more, "%s%s%lld", ids, i > 0 ? " " : "",
		    (long long)l->entries[i].id) > 0);
		free(ids);
		ids = more;
	}
	history_list_free(l);
	return ids;
}

/* The ids listed, newest first, as "3 2 1". */
static char *
listed_ids(sqlite3 *udb, const char *filter, size_t limit)
{
	struct history_list l;

	assert_int_equal(history_list(udb, filter, limit, &l, NULL), 0);
	return ids_of(&l);
}

static void
expect_ids(sqlite3 *udb, const char *filter, size_t limit, const char *want)
{
	char *ids = listed_ids(udb, filter, limit);

	assert_string_equal(ids, want);
	free(ids);
}

static void
test_record_and_list(void **state)
{
	struct fixture *f = *state;
	struct history_list l;
	struct history_entry e;
	const char *at;
	char *line, *cause = NULL;
	json_t *p;

	record(f->udb, "hospitals", "search", "{\"query\": \"Saint-Étienne\","
	    " \"limit\": 20}", 12);
	record(f->udb, "regions", "regions", "{\"level\": \"departement\","
	    " \"year\": 2024}", 101);
	record(f->udb, "meds", "meds", "{\"atc\": \"A10\", \"by\": \"atc3\","
	    " \"top\": 5}", HISTORY_NO_COUNT);
	record(f->udb, "hospitals", "hospital", NULL, 1);

	assert_int_equal(history_list(f->udb, NULL, 0, &l, NULL), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.entries[0].id, 4);
	assert_int_equal(l.entries[3].id, 1);
	assert_string_equal(l.entries[3].pane, "hospitals");
	assert_string_equal(l.entries[3].command, "search");
	assert_int_equal(json_integer_value(json_object_get(l.entries[3].params,
	    "limit")), 20);
	assert_int_equal(l.entries[3].result_count, 12);
	assert_int_equal(l.entries[1].result_count, HISTORY_NO_COUNT);
	assert_int_equal(json_object_size(l.entries[0].params), 0);
	assert_true(l.entries[3].duration_ms == 12.5);
	/* ISO 8601 UTC with milliseconds: 2026-11-21T10:00:00.123Z */
	at = l.entries[0].at;
	assert_int_equal(strlen(at), 24);
	assert_true(at[4] == '-' && at[10] == 'T' && at[19] == '.' &&
	    at[23] == 'Z');
	history_list_free(&l);

	expect_ids(f->udb, NULL, 2, "4 3");
	/* The filter reads the command line, in any case or accentuation. */
	expect_ids(f->udb, "ETIENNE", 0, "1");
	expect_ids(f->udb, "saint étienne", 0, "1");
	expect_ids(f->udb, "departement", 0, "2");
	expect_ids(f->udb, "atc3", 0, "3");
	expect_ids(f->udb, "hospital", 0, "4");
	expect_ids(f->udb, "--limit", 0, "1");
	expect_ids(f->udb, "s", 2, "4 3");
	expect_ids(f->udb, "nowhere", 0, "");
	expect_ids(f->udb, " - ", 0, "4 3 2 1");

	assert_int_equal(history_get(f->udb, 1, &e, NULL), 1);
	line = history_describe(&e);
	assert_string_equal(line, "search Saint-Étienne --limit 20");
	free(line);
	history_entry_free(&e);
	assert_int_equal(history_get(f->udb, 99, &e, NULL), 0);

	/* Parameters must be an object. */
	p = json_integer(3);
	assert_int_equal(history_record(f->udb, "meds", "meds", p, 1, 1, &cause),
	    -1);
	json_decref(p);
	assert_string_equal(cause, "history: parameters must be a JSON object");
	free(cause);
	assert_int_equal(count_rows(f->udb), 4);
}

static void
test_describe(void **state)
{
	struct history_entry e;
	char *line;

	(void)state;
	memset(&e, 0, sizeof e);
	e.command = "search";
	e.params = parse("{\"limit\": 20, \"query\": \"l'isle d'abeau\","
	    " \"json\": true, \"sample\": false, \"region\": null,"
	    " \"by_year\": \"a b\", \"ratio\": 0.5, \"codes\": [1, 2]}");
	line = history_describe(&e);
	assert_string_equal(line, "search 'l'\\''isle d'\\''abeau' --limit 20"
	    " --json --by-year 'a b' --ratio 0.5 --codes '[1,2]'");
	free(line);
	json_decref(e.params);

	e.command = "hospital";
	e.params = parse("{\"finess\": \"420000012\"}");
	line = history_describe(&e);
	assert_string_equal(line, "hospital 420000012");
	free(line);
	json_decref(e.params);

	e.command = "search";
	e.params = parse("{\"query\": \"\"}");
	line = history_describe(&e);
	assert_string_equal(line, "search ''");
	free(line);
	json_decref(e.params);
}

static void
test_local_time(void **state)
{
	struct history_entry e;
	char buf[32];
	const char *tz = getenv("TZ");
	char *saved = tz != NULL ? strdup(tz) : NULL;

	(void)state;
	memset(&e, 0, sizeof e);
	e.at = "2026-01-15T10:00:00.250Z";
	setenv("TZ", "UTC0", 1);
	tzset();
	assert_string_equal(history_local_time(&e, buf), "2026-01-15 10:00:00");
	setenv("TZ", "XYZ-2", 1);
	tzset();
	assert_string_equal(history_local_time(&e, buf), "2026-01-15 12:00:00");
	e.at = "yesterday";
	assert_string_equal(history_local_time(&e, buf), "yesterday");
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void
test_delete_and_clear(void **state)
{
	struct fixture *f = *state;
	int64_t n;
	int i;

	for (i = 0; i < 5; i++)
		record(f->udb, "hospitals", "search", "{\"query\": \"lyon\"}", i);
	assert_int_equal(history_delete(f->udb, 3, NULL), 1);
	assert_int_equal(history_delete(f->udb, 3, NULL), 0);
	assert_int_equal(history_delete(f->udb, 999, NULL), 0);
	expect_ids(f->udb, NULL, 0, "5 4 2 1");
	assert_int_equal(history_clear(f->udb, &n, NULL), 0);
	assert_int_equal(n, 4);
	assert_int_equal(history_clear(f->udb, &n, NULL), 0);
	assert_int_equal(n, 0);
	expect_ids(f->udb, NULL, 0, "");
	/* Ids are never reused, so a replay never picks another entry. */
	record(f->udb, "hospitals", "search", "{\"query\": \"lyon\"}", 1);
	expect_ids(f->udb, NULL, 0, "6");
}

static void
expect_list(struct history_list *l, const char *want)
{
	char *ids = ids_of(l);

	assert_string_equal(ids, want);
	free(ids);
}

/*
 * What the Historique pane reads: a page older than an id, what is newer than
 * an id, and the count and oldest id up to one, around a deletion.
 */
static void
test_pages_and_span(void **state)
{
	struct fixture *f = *state;
	struct history_list l;
	int64_t count, oldest;
	int i;

	assert_int_equal(history_span(f->udb, INT64_MAX, &count, &oldest, NULL),
	    0);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	for (i = 0; i < 7; i++)
		record(f->udb, "meds", "meds", "{\"atc\": \"N\"}", i);
	assert_int_equal(history_list_before(f->udb, INT64_MAX, 3, &l, NULL), 0);
	assert_string_equal(l.entries[0].command, "meds");
	assert_string_equal(json_string_value(json_object_get(l.entries[2].params,
	    "atc")), "N");
	expect_list(&l, "7 6 5");
	assert_int_equal(history_list_before(f->udb, 5, 3, &l, NULL), 0);
	expect_list(&l, "4 3 2");
	assert_int_equal(history_list_before(f->udb, 2, 3, &l, NULL), 0);
	expect_list(&l, "1");
	assert_int_equal(history_list_before(f->udb, 4, 0, &l, NULL), 0);
	expect_list(&l, "3 2 1");
	assert_int_equal(history_list_newer(f->udb, 4, &l, NULL), 0);
	expect_list(&l, "7 6 5");
	assert_int_equal(history_list_newer(f->udb, 7, &l, NULL), 0);
	expect_list(&l, "");
	assert_int_equal(history_span(f->udb, 5, &count, &oldest, NULL), 0);
	assert_int_equal(count, 5);
	assert_int_equal(oldest, 1);
	/* The retention takes the oldest, a deletion one in the middle. */
	assert_int_equal(history_retain(f->udb, 0, 5, NULL, NULL), 0);
	assert_int_equal(history_delete(f->udb, 4, NULL), 1);
	assert_int_equal(history_span(f->udb, 5, &count, &oldest, NULL), 0);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 3);
	assert_int_equal(history_span(f->udb, INT64_MAX, &count, &oldest, NULL),
	    0);
	assert_int_equal(count, 4);
	assert_int_equal(history_list_before(f->udb, 6, 10, &l, NULL), 0);
	expect_list(&l, "5 3");
}

static void
test_retention_by_days(void **state)
{
	struct fixture *f = *state;
	int64_t deleted;

	assert_int_equal(db_exec(f->udb, "INSERT INTO history (at, pane, command)"
	    " VALUES ('2001-01-01T00:00:00.000Z', 'meds', 'meds'),"
	    " (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-40 days'), 'meds', 'meds'),"
	    " (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 days'), 'meds', 'meds')",
	    NULL), 0);
	record(f->udb, "meds", "meds", NULL, 1);
	assert_int_equal(history_retain(f->udb, 30, 0, &deleted, NULL), 0);
	assert_int_equal(deleted, 2);
	expect_ids(f->udb, NULL, 0, "4 3");
	assert_int_equal(history_retain(f->udb, 10, 0, &deleted, NULL), 0);
	assert_int_equal(deleted, 1);
	expect_ids(f->udb, NULL, 0, "4");
}

static void
test_retention_by_count(void **state)
{
	struct fixture *f = *state;
	int64_t deleted;
	int i;

	for (i = 0; i < 10; i++)
		record(f->udb, "regions", "regions", NULL, i);
	assert_int_equal(history_retain(f->udb, 0, 20, &deleted, NULL), 0);
	assert_int_equal(deleted, 0);
	assert_int_equal(history_retain(f->udb, 365, 3, &deleted, NULL), 0);
	assert_int_equal(deleted, 7);
	expect_ids(f->udb, NULL, 0, "10 9 8");
	/* Ids spanning more than the maximum after one deleted by hand: counted. */
	assert_int_equal(history_delete(f->udb, 9, NULL), 1);
	assert_int_equal(history_retain(f->udb, 365, 2, &deleted, NULL), 0);
	assert_int_equal(deleted, 0);
	expect_ids(f->udb, NULL, 0, "10 8");
	assert_int_equal(history_retain(f->udb, 365, 1, &deleted, NULL), 0);
	assert_int_equal(deleted, 1);
	expect_ids(f->udb, NULL, 0, "10");
}

/* history_open applies the profile's preferences, or the defaults. */
static void
test_retention_on_open(void **state)
{
	struct fixture *f = *state;
	int i;

	assert_int_equal(profile_store_key(f->udb, "preferences.history_max",
	    "2", NULL, NULL), 0);
	for (i = 0; i < 5; i++)
		record(f->udb, "meds", "meds", NULL, i);
	assert_int_equal(db_exec(f->udb, "UPDATE history SET at ="
	    " '2020-01-01T00:00:00.000Z' WHERE id = 5", NULL), 0);
	sqlite3_close(f->udb);
	assert_int_equal(history_open(f->path, 1, &f->udb, NULL), 0);
	/* Older than 365 days goes first, then all but the newest two. */
	expect_ids(f->udb, NULL, 0, "4 3");

	assert_int_equal(profile_store_key(f->udb, "preferences.history_max",
	    NULL, NULL, NULL), 0);
	for (i = 0; i < 5; i++)
		record(f->udb, "meds", "meds", NULL, i);
	sqlite3_close(f->udb);
	assert_int_equal(history_open(f->path, 1, &f->udb, NULL), 0);
	assert_int_equal(count_rows(f->udb), 7);
}

#define WRITERS	2
#define RECORDS	1000

/* Two processes recording at the same time on the same file lose nothing. */
static void
test_concurrent_writers(void **state)
{
	struct fixture *f = *state;
	pid_t pids[WRITERS];
	json_t *params;
	sqlite3 *udb;
	int64_t n;
	int w, i, status, go[2];

	assert_int_equal(pipe(go), 0);
	for (w = 0; w < WRITERS; w++) {
		if ((pids[w] = fork()) == 0) {
			char c;

			close(go[1]);
			if (history_open(f->path, 1, &udb, NULL) != 0)
				_exit(1);
			/* Wait until every writer is ready, then all start at once. */
			if (read(go[0], &c, 1) < 0)
				_exit(1);
			for (i = 0; i < RECORDS; i++) {
				params = json_pack("{s:i, s:i}", "writer", w,
				    "n", i);
				if (history_record(udb, "hospitals", "search",
				    params, i, 0.1, NULL) != 0)
					_exit(2);
				json_decref(params);
			}
			sqlite3_close(udb);
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);	/* end of file wakes them all */
	for (w = 0; w < WRITERS; w++) {
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(count_rows(f->udb), WRITERS * RECORDS);
	assert_int_equal(db_query_int64(f->udb, "SELECT count(DISTINCT id)"
	    " FROM history", &n, NULL), 0);
	assert_int_equal(n, WRITERS * RECORDS);
	assert_int_equal(db_query_int64(f->udb, "SELECT count(DISTINCT params)"
	    " FROM history", &n, NULL), 0);
	assert_int_equal(n, WRITERS * RECORDS);
}

#define APPENDERS	3
#define APPENDS		400

/*
 * Processes appending entries while another moves them in, again and again,
 * on its own connection: every entry lands once, each process's in the order
 * it appended them.
 */
static void
test_pending_appenders_and_folder(void **state)
{
	struct fixture *f = *state;
	pid_t pids[APPENDERS], folder;
	json_t *params;
	sqlite3 *udb;
	sqlite3_stmt *stmt;
	int64_t n, last[APPENDERS];
	int w, i, status, done[2];
	char c;

	assert_int_equal(pipe(done), 0);
	if ((folder = fork()) == 0) {
		close(done[1]);
		if (history_open(f->path, 1, &udb, NULL) != 0)
			_exit(1);
		/* Until the appenders are done: end of file on the pipe. */
		fcntl(done[0], F_SETFL, O_NONBLOCK);
		while (read(done[0], &c, 1) != 0)
			if (history_pending_fold(udb, f->path, NULL, NULL) != 0)
				_exit(2);
		sqlite3_close(udb);
		_exit(0);
	}
	close(done[0]);
	for (w = 0; w < APPENDERS; w++) {
		if ((pids[w] = fork()) == 0) {
			for (i = 0; i < APPENDS; i++) {
				params = json_pack("{s:i, s:i}", "writer", w,
				    "n", i);
				if (history_pending_append(f->path, 1,
				    "hospitals", "search", params, i, 0.1,
				    NULL) != 0)
					_exit(2);
				json_decref(params);
			}
			_exit(0);
		}
	}
	for (w = 0; w < APPENDERS; w++) {
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	close(done[1]);
	assert_int_equal(waitpid(folder, &status, 0), folder);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(history_pending_fold(f->udb, f->path, &n, NULL), 0);
	assert_int_equal(n, 0);

	assert_int_equal(count_rows(f->udb), APPENDERS * APPENDS);
	assert_int_equal(db_query_int64(f->udb, "SELECT count(DISTINCT params)"
	    " FROM history", &n, NULL), 0);
	assert_int_equal(n, APPENDERS * APPENDS);
	assert_int_equal(sqlite3_prepare_v2(f->udb, "SELECT"
	    " json_extract(params, '$.writer'), json_extract(params, '$.n')"
	    " FROM history ORDER BY id", -1, &stmt, NULL), SQLITE_OK);
	for (w = 0; w < APPENDERS; w++)
		last[w] = -1;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		w = sqlite3_column_int(stmt, 0);
		assert_true(w >= 0 && w < APPENDERS);
		assert_int_equal(sqlite3_column_int64(stmt, 1), last[w] + 1);
		last[w]++;
	}
	sqlite3_finalize(stmt);
}

/* An entry too long for a line is handed back to be recorded in the database. */
static void
test_pending_too_long(void **state)
{
	struct fixture *f = *state;
	char *big, *pending;
	json_t *params;

	big = malloc(HISTORY_PENDING_LINE_MAX);
	memset(big, 'x', HISTORY_PENDING_LINE_MAX - 1);
	big[HISTORY_PENDING_LINE_MAX - 1] = '\0';
	params = json_pack("{s:s}", "query", big);
	assert_int_equal(history_pending_append(f->path, 1, "hospitals",
	    "search", params, 0, 0.1, NULL), 1);
	assert_true(asprintf(&pending, "%s" HISTORY_PENDING_SUFFIX, f->path) > 0);
	assert_int_equal(access(pending, F_OK), -1);
	json_object_set_new(params, "query", json_string("lyon"));
	assert_int_equal(history_pending_append(f->path, 1, "hospitals",
	    "search", params, 0, 0.1, NULL), 0);
	assert_int_equal(access(pending, F_OK), 0);
	json_decref(params);
	free(pending);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_and_list, setup,
		    teardown),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_local_time),
		cmocka_unit_test_setup_teardown(test_delete_and_clear, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pages_and_span, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retention_by_days, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retention_by_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retention_on_open, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pending_appenders_and_folder,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_too_long, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
