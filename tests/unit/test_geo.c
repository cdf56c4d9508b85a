/* SPDX-License-Identifier: ISC */
/* Loading the reference geography: counts, sums, keys, and errors naming file, line, field. */
#include "config.h"

#include "unit.h"

#include "db.h"
#include "geo.h"
#include "refdb.h"

static const struct geo_info geo_test_info = { 2026, "test fixtures" };

static sqlite3 *
new_refdb(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(refdb_create_schema(db, NULL), 0);
	return db;
}

static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t v;

	assert_int_equal(db_prepare(db, sql, &stmt, NULL), 0);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static char *
query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	char *v;

	assert_int_equal(db_prepare(db, sql, &stmt, NULL), 0);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return v;
}

static void
test_load_fixture_geography(void **state)
{
	sqlite3 *db = new_refdb();
	char *cause = NULL, *s;

	(void)state;
	assert_int_equal(geo_load_dir(db, FIXTURES "/geo", &geo_test_info,
	    &cause), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM region"), 3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM departement"), 4);
	assert_int_equal(query_int(db, "SELECT count(*) FROM commune"), 7);
	assert_int_equal(query_int(db, "SELECT count(*) FROM arrondissement"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM postcode"), 14);

	/* Populations sum up from communes; none declared stays NULL. */
	assert_int_equal(query_int(db, "SELECT population FROM region"
	    " WHERE code = '84'"), 227076);
	assert_int_equal(query_int(db, "SELECT population FROM departement"
	    " WHERE code = '42'"), 177233);
	assert_int_equal(query_int(db, "SELECT population FROM region"
	    " WHERE code = '11'"), 2103778);
	assert_int_equal(query_int(db, "SELECT population FROM region"
	    " WHERE code = '984'"), -1);
	assert_int_equal(query_int(db, "SELECT population FROM commune"
	    " WHERE code = '98411'"), -1);

	/* Folded keys, quoted names, postcodes of arrondissements. */
	s = query_text(db, "SELECT name FROM commune WHERE name_key ="
	    " 'saint etienne'");
	assert_string_equal(s, "Saint-Étienne");
	free(s);
	s = query_text(db, "SELECT name_key FROM commune WHERE code = '01001'");
	assert_string_equal(s, "l abergement clemenciat");
	free(s);
	assert_int_equal(query_int(db, "SELECT count(*) FROM postcode"
	    " WHERE place_code = '75116'"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM postcode"
	    " WHERE postal_code = '75116'"), 2);

	/* Provenance: one row a file, with its digest and totals. */
	assert_int_equal(query_int(db, "SELECT count(*) FROM dataset"), 4);
	s = query_text(db, "SELECT control_totals FROM dataset"
	    " WHERE kind = 'insee_communes'");
	assert_string_equal(s, "{\"population\":2330854,\"postcodes\":11,\"rows\":7}");
	free(s);
	s = query_text(db, "SELECT sha256 || ' ' || file_size FROM dataset"
	    " WHERE kind = 'insee_regions'");
	assert_int_equal(strlen(s), 64 + 1 + 3);
	free(s);
	sqlite3_close(db);
}

/* Copies the fixtures to a directory where one file is replaced by content. */
static char *
broken_copy(const char *file, const char *content)
{
	char *dir = unit_tmpdir(), *cmd, *path;

	assert_true(asprintf(&cmd, "cp %s/geo/*.csv %s/", FIXTURES, dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	unit_write_file(path, content, strlen(content));
	free(path);
	return dir;
}

static void
check_error(const char *file, const char *content, const char *expected)
{
	char *dir, *cause = NULL, *want;
	sqlite3 *db = new_refdb();

	dir = broken_copy(file, content);
	assert_int_equal(geo_load_dir(db, dir, &geo_test_info, &cause), -1);
	assert_true(asprintf(&want, "%s/%s", dir, expected) > 0);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	sqlite3_close(db);
	unit_rm_rf(dir);
	free(dir);
}

static void
test_errors_name_file_line_field(void **state)
{
	(void)state;
	check_error("communes.csv",
	    "code,nom,departement,region,codes_postaux,population\n"
	    "01053,Bourg-en-Bresse,01,84,01000,42372\n"
	    "99001,Nulle-Part,99,84,99000,10\n",
	    "communes.csv: line 3: field 'departement': unknown '99'");
	check_error("communes.csv",
	    "code,nom,departement,region,codes_postaux,population\n"
	    "01053,Bourg-en-Bresse,01,84,01000,beaucoup\n",
	    "communes.csv: line 2: field 'population': not a population 'beaucoup'");
	check_error("communes.csv",
	    "code,nom,departement,region,codes_postaux,population\n"
	    "01053,Bourg-en-Bresse,01,84,1000,42372\n",
	    "communes.csv: line 2: field 'codes_postaux': not a postcode '1000'");
	check_error("regions.csv", "code,nom,zone\n11,Île-de-France,metro\n",
	    "regions.csv: line 1: missing column 'chef_lieu'");
	check_error("departements.csv", "",
	    "departements.csv: empty file (a header line was expected)");
	check_error("communes.csv",
	    "code,nom,departement,region,codes_postaux,population\n"
	    "01053,,01,84,01000,42372\n",
	    "communes.csv: line 2: field 'nom': empty ''");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_fixture_geography),
		cmocka_unit_test(test_errors_name_file_line_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
