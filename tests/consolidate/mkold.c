/* SPDX-License-Identifier: ISC */
/*
 * Makes the reference database of an earlier mediflux version for the
 * consolidate tests: the real schema steps up to VERSION (refdb_migrate_to),
 * then the rows of a current database that the tables of that version hold.
 *
 *   mkold OUT VERSION SOURCE
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "refdb.h"
#include "xmalloc.h"

/* Tables of each version, copied column by column as that version has them. */
static const char *const mkold_v1[] = {
	"region", "departement", "commune", "arrondissement", "postcode", NULL,
};
static const char *const mkold_v2[] = {
	"establishment", "sae_site", "atc", "med_product", "med_fact",
	"professional", "region_metric", NULL,
};

/* The columns of main's table, comma-separated: those of the version made. */
static char *
mkold_columns(sqlite3 *db, const char *table, char **cause)
{
	sqlite3_stmt *st;
	char *list = NULL, *t;

	if (db_prepare(db, "SELECT name FROM pragma_table_info(?1, 'main')", &st,
	    cause) != 0)
		return NULL;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		t = xasprintf("%s%s\"%s\"", list != NULL ? list : "",
		    list != NULL ? ", " : "", sqlite3_column_text(st, 0));
		free(list);
		list = t;
	}
	sqlite3_finalize(st);
	return list;
}

/*
 * Copies the rows of src's table that match where (NULL: all) into main's;
 * med_fact's from src's packed runs (main, of an older version, has none).
 */
static int
mkold_copy_rows(sqlite3 *db, const char *table, const char *where, char **cause)
{
	char *sql, *cols, *from;
	int rc;

	if ((cols = mkold_columns(db, table, cause)) == NULL)
		return -1;
	if (strcmp(table, "med_fact") == 0)
		from = xstrdup(MED_FACT_ROWS_SQL);
	else
		from = xasprintf("src.%s", table);
	sql = xasprintf("INSERT INTO main.%s (%s) SELECT %s FROM %s%s%s",
	    table, cols, cols, from, where != NULL ? " WHERE " : "",
	    where != NULL ? where : "");
	rc = db_exec(db, sql, cause);
	free(sql);
	free(from);
	free(cols);
	return rc;
}

static int
mkold_copy(sqlite3 *db, const char *const *tables, char **cause)
{
	int rc = 0;

	for (; *tables != NULL && rc == 0; tables++)
		rc = mkold_copy_rows(db, *tables, NULL, cause);
	return rc;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *cause = NULL;
	int version;

	if (argc != 4) {
		fprintf(stderr, "usage: mkold OUT VERSION SOURCE\n");
		return 2;
	}
	version = atoi(argv[2]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    refdb_migrate_to(db, version, &cause) != 0)
		goto fail;
	if (db_prepare(db, "ATTACH ?1 AS src", &st, &cause) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, argv[3], -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		cause = xstrdup(sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	if (db_exec(db, "BEGIN", &cause) != 0)
		goto fail;
	/* Version 1 held the geography and its provenance only. */
	if (version >= 1 && (mkold_copy(db, mkold_v1, &cause) != 0 ||
	    mkold_copy_rows(db, "dataset", version >= 2 ? NULL :
	    "kind LIKE 'insee%'", &cause) != 0))
		goto fail;
	if (version >= 2 && mkold_copy(db, mkold_v2, &cause) != 0)
		goto fail;
	if (db_exec(db, "COMMIT; DETACH src", &cause) != 0)
		goto fail;
	sqlite3_close(db);
	return 0;
fail:
	fprintf(stderr, "mkold: %s: %s\n", argv[1], cause != NULL ? cause :
	    sqlite3_errmsg(db));
	return 1;
}
