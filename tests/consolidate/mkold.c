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

#include "db.h"
#include "refdb.h"
#include "xmalloc.h"

/* Tables of each version whose columns version 3 left unchanged. */
static const char *const mkold_v1[] = {
	"region", "departement", "commune", "arrondissement", "postcode", NULL,
};
static const char *const mkold_v2[] = {
	"establishment", "sae_site", "atc", "med_product", "med_fact",
	"professional", "region_metric", NULL,
};

/* The provenance columns before version 4 added where a download came from. */
#define MKOLD_DATASET_V1 "id, kind, year, source, file_name, file_size," \
	" sha256, rows_read, rows_kept, rows_rejected, control_totals," \
	" imported_at, sample"

static int
mkold_copy(sqlite3 *db, const char *const *tables, char **cause)
{
	char *sql;
	int rc = 0;

	for (; *tables != NULL && rc == 0; tables++) {
		sql = xasprintf("INSERT INTO main.%s SELECT * FROM src.%s",
		    *tables, *tables);
		rc = db_exec(db, sql, cause);
		free(sql);
	}
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
	    db_exec(db, version >= 2 ? "INSERT INTO main.dataset SELECT "
	    MKOLD_DATASET_V1 " FROM src.dataset" : "INSERT INTO main.dataset"
	    " SELECT " MKOLD_DATASET_V1 " FROM src.dataset WHERE kind LIKE"
	    " 'insee%'", &cause) != 0))
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
