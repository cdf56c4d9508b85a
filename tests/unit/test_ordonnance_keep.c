/* SPDX-License-Identifier: ISC */
/*
 * Prescriptions kept in the user database (src/ordonnance_keep.c): the
 * migration from schema 1, what a kept one holds and what it never does,
 * reading it back, the history entry, and the checks and merge of import.
 */
#include "config.h"

#include "unit.h"

#include "db.h"
#include "history.h"
#include "ordonnance.h"
#include "ordonnance_keep.h"
#include "userdb.h"
#include "xmalloc.h"

/* Two lines as a read gives them: one matched and priced, one not a medicine. */
static struct ordonnance *
made(void)
{
	struct ordonnance *o = xcalloc(1, sizeof *o);
	struct ord_line *l;

	snprintf(o->date, sizeof o->date, "2026-12-07");
	o->coverage_pct = 100;
	o->nlines = 2;
	o->lines = xcalloc(2, sizeof *o->lines);
	l = &o->lines[0];
	l->number = 1;
	/* An escape sequence OCR could never mean: it must not be kept. */
	l->text = xstrdup("EUPANTOL 40 mg\x1b[31m, comprimé");
	l->instructions = xstrdup("1 cp le soir");
	l->status = ORD_MATCHED;
	l->ncandidates = 1;
	snprintf(l->candidates[0].cip13, 14, "3400907973242");
	l->candidates[0].name = xstrdup("EUPANTOL 40 mg, comprimé");
	l->candidates[0].label = xstrdup("plaquette(s) de 14 comprimé(s)");
	l->candidates[0].score = 100;
	l->boxes = 1;
	l->has_cost = 1;
	l->base_cents = 861;
	l->am_cents = 560;
	l->mutuelle_cents = 301;
	l->franchise_cents = 100;
	l->left_cents = 100;
	l = &o->lines[1];
	l->number = 2;
	l->text = xstrdup("Renouveler une fois");
	l->status = ORD_UNMATCHED;
	l->boxes = 1;
	o->matched = 1;
	o->base_cents = 861;
	o->am_cents = 560;
	o->mutuelle_cents = 301;
	o->franchise_cents = 100;
	o->left_cents = 100;
	return o;
}

static char *
text_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *s = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static void
test_migration_from_schema_1(void **state)
{
	char *root = unit_tmpdir(), *path;
	sqlite3 *db;
	int64_t v;

	(void)state;
	assert_true(asprintf(&path, "%s/user.db", root) > 0);
	/* A file as mediflux left it before prescriptions were kept. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(userdb_migrate_to(db, 1, NULL), 0);
	assert_int_equal(db_exec(db, "INSERT INTO history (at, pane, command)"
	    " VALUES ('2026-11-21T10:00:00.000Z', 'hospitals', 'search')",
	    NULL), 0);
	sqlite3_close(db);
	assert_int_equal(chmod(path, 0600), 0);

	assert_int_equal(userdb_open(path, 0, &db, NULL), 0);
	assert_int_equal(db_pragma_int(db, "user_version", &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_int_equal(db_count_rows(db, "history", &v, NULL), 0);
	assert_int_equal(v, 1);
	assert_int_equal(db_count_rows(db, "prescription", &v, NULL), 0);
	assert_int_equal(v, 0);
	assert_int_equal(db_count_rows(db, "prescription_line", &v, NULL), 0);
	assert_int_equal(v, 0);
	sqlite3_close(db);
	/* Opened again, the migrated file passes schema_check as it is. */
	assert_int_equal(userdb_open(path, 0, &db, NULL), 0);
	sqlite3_close(db);
	unit_rm_rf(root);
	free(root);
	free(path);
}

static void
test_kept_and_read_back(void **state)
{
	char *root = unit_tmpdir(), *path, *s, *dumped;
	struct ordonnance *o = made(), *back;
	struct history_list hl;
	struct stat st;
	json_t *doc, *all;
	sqlite3 *db;
	int64_t id, id2;

	(void)state;
	assert_true(asprintf(&path, "%s/share/user.db", root) > 0);
	assert_int_equal(userdb_open(path, 1, &db, NULL), 0);
	assert_int_equal(ordonnance_keep(db, o, "/home/claire/scans/rx 7.png",
	    "2026-12-05", &id, NULL), 0);
	assert_int_equal(id, 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* The base name only; the text's escape character dropped, its visible rest kept. */
	s = text_of(db, "SELECT file FROM prescription");
	assert_string_equal(s, "rx 7.png");
	free(s);
	s = text_of(db, "SELECT text FROM prescription_line WHERE number = 1");
	assert_string_equal(s, "EUPANTOL 40 mg[31m, comprimé");
	free(s);
	s = text_of(db, "SELECT group_concat(coalesce(cip13, 'none') || ':' ||"
	    " boxes || ':' || coalesce(left_cents, 'none'), ' ') FROM"
	    " prescription_line");
	assert_string_equal(s, "3400907973242:1:100 none:0:none");
	free(s);

	assert_int_equal(ordonnance_kept_get(db, id, &doc, NULL), 1);
	json_object_del(doc, "kept_at");
	dumped = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(dumped, "{\"id\":1,\"date\":\"2026-12-07\","
	    "\"prescribed_on\":\"2026-12-05\",\"file\":\"rx 7.png\","
	    "\"mutuelle_coverage_pct\":100,\"total\":{\"base_cents\":861,"
	    "\"assurance_maladie_cents\":560,\"mutuelle_cents\":301,"
	    "\"franchise_cents\":100,\"left_to_pay_cents\":100},\"lines\":"
	    "[{\"line\":1,\"status\":\"matched\",\"text\":\"EUPANTOL 40 mg[31m, "
	    "comprimé\",\"instructions\":\"1 cp le soir\",\"cip13\":"
	    "\"3400907973242\",\"name\":\"EUPANTOL 40 mg, comprimé\","
	    "\"presentation\":\"plaquette(s) de 14 comprimé(s)\","
	    "\"confidence\":100,\"boxes\":1,\"cost\":{\"base_cents\":861,"
	    "\"assurance_maladie_cents\":560,\"mutuelle_cents\":301,"
	    "\"franchise_cents\":100,\"left_to_pay_cents\":100}},{\"line\":2,"
	    "\"status\":\"unmatched\",\"text\":\"Renouveler une fois\","
	    "\"instructions\":null,\"cip13\":null,\"name\":null,"
	    "\"presentation\":null,\"confidence\":null,\"boxes\":0,\"cost\":"
	    "null}]}");
	free(dumped);

	back = ordonnance_from_kept(doc);
	assert_int_equal(back->kept_id, 1);
	assert_int_equal(back->nlines, 2);
	assert_int_equal(back->matched, 1);
	assert_int_equal(back->left_cents, 100);
	assert_int_equal(back->coverage_pct, 100);
	assert_string_equal(back->prescribed_on, "2026-12-05");
	assert_string_equal(back->lines[0].candidates[0].cip13, "3400907973242");
	assert_int_equal(back->lines[0].mutuelle_cents, 301);
	assert_int_equal(back->lines[1].status, ORD_UNMATCHED);
	ordonnance_free(back);
	json_decref(doc);
	assert_int_equal(ordonnance_kept_get(db, 2, &doc, NULL), 0);

	/* The history lists it as the command that shows it again. */
	assert_int_equal(history_list(db, NULL, 0, &hl, NULL), 0);
	assert_int_equal(hl.n, 1);
	s = history_describe(&hl.entries[0]);
	assert_string_equal(s, "ordonnance --show 1");
	assert_string_equal(hl.entries[0].pane, "documents");
	assert_int_equal(hl.entries[0].result_count, 1);
	free(s);
	history_list_free(&hl);

	/* Newest first. */
	assert_int_equal(ordonnance_keep(db, o, "scan.pdf", NULL, &id2, NULL), 0);
	assert_int_equal(id2, 2);
	assert_int_equal(ordonnance_kept_list(db, &all, NULL), 0);
	assert_int_equal(json_array_size(all), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(all,
	    0), "id")), 2);
	assert_true(json_is_null(json_object_get(json_array_get(all, 0),
	    "prescribed_on")));
	json_decref(all);

	sqlite3_close(db);
	ordonnance_free(o);
	unit_rm_rf(root);
	free(root);
	free(path);
}

/* Checks the array parsed from text and expects the message why. */
static void
expect_refused(const char *text, const char *why)
{
	json_t *a = json_loads(text, 0, NULL);
	char *cause = NULL;

	assert_non_null(a);
	assert_int_equal(ordonnance_kept_check(a, &cause), -1);
	assert_string_equal(cause, why);
	free(cause);
	json_decref(a);
}

#define TOTAL "\"total\":{\"base_cents\":1,\"assurance_maladie_cents\":1," \
	"\"mutuelle_cents\":0,\"franchise_cents\":0,\"left_to_pay_cents\":0}"

static void
test_import_checked_and_merged(void **state)
{
	char *root = unit_tmpdir(), *path;
	const char *good = "[{\"kept_at\":\"2026-12-01T09:00:00.000Z\","
	    "\"date\":\"2026-12-01\",\"file\":\"a.png\","
	    "\"mutuelle_coverage_pct\":null," TOTAL ",\"lines\":[{\"line\":1,"
	    "\"text\":\"DOLIPRANE\",\"cip13\":\"3400930000000\",\"boxes\":2,"
	    "\"cost\":null}]}]";
	json_t *a, *all;
	sqlite3 *db;
	int64_t added;

	(void)state;
	expect_refused("{}", "prescriptions: must be a list of at most 10000 "
	    "kept prescriptions");
	expect_refused("[{\"kept_at\":\"2026-12-01T09:00:00.000Z\",\"date\":"
	    "\"1 déc\"}]", "prescriptions[0].date: missing or not valid");
	expect_refused("[{\"kept_at\":\"2026-12-01T09:00:00.000Z\",\"date\":"
	    "\"2026-12-01\",\"file\":\"/etc/x.png\"," TOTAL ",\"lines\":[]}]",
	    "prescriptions[0].file: missing or not valid");
	expect_refused("[{\"kept_at\":\"2026-12-01T09:00:00.000Z\",\"date\":"
	    "\"2026-12-01\",\"file\":\"x.png\"," TOTAL ",\"lines\":[{\"line\":"
	    "1,\"text\":\"x\",\"cip13\":\"34009\",\"boxes\":1}]}]",
	    "prescriptions[0].lines[0].cip13: missing or not valid");

	assert_true(asprintf(&path, "%s/user.db", root) > 0);
	assert_int_equal(userdb_open(path, 0, &db, NULL), 0);
	a = json_loads(good, 0, NULL);
	assert_int_equal(ordonnance_kept_check(a, NULL), 0);
	/* In the transaction profile import writes the profile in. */
	assert_int_equal(db_exec(db, "BEGIN", NULL), 0);
	assert_int_equal(ordonnance_kept_add(db, a, &added, NULL), 0);
	assert_int_equal(db_exec(db, "COMMIT", NULL), 0);
	assert_int_equal(added, 1);
	/* Twice: nothing more. */
	assert_int_equal(ordonnance_kept_add(db, a, &added, NULL), 0);
	assert_int_equal(added, 0);
	/* Rolled back with it: nothing kept. */
	assert_int_equal(db_exec(db, "BEGIN; DELETE FROM prescription_line;"
	    " DELETE FROM prescription", NULL), 0);
	assert_int_equal(ordonnance_kept_add(db, a, &added, NULL), 0);
	assert_int_equal(added, 1);
	assert_int_equal(db_exec(db, "ROLLBACK", NULL), 0);
	assert_int_equal(ordonnance_kept_list(db, &all, NULL), 0);
	assert_int_equal(json_array_size(all), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    all, 0), "kept_at")), "2026-12-01T09:00:00.000Z");
	json_decref(all);
	json_decref(a);
	sqlite3_close(db);
	unit_rm_rf(root);
	free(root);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migration_from_schema_1),
		cmocka_unit_test(test_kept_and_read_back),
		cmocka_unit_test(test_import_checked_and_merged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
