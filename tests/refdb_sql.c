/* SPDX-License-Identifier: ISC */
/*
 * refdb_sql DB SQL: what `sqlite3 -batch -readonly -nullvalue NULL DB SQL`
 * prints, on a connection that knows med_unpack, with a temporary table
 * med_total_all holding every cell of med_total as schema 8 stored them (its
 * roll-ups and med_cell's finest cells unpacked), and one med_fact holding
 * med_fact_run's facts unpacked, so that the tests read the totals and the
 * rows an import wrote in one place, as the queries see them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "refdb.h"

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	const char *sql, *tail;
	char *cause = NULL;
	int i, rc, status = 0;

	if (argc != 3) {
		fputs("usage: refdb_sql DB SQL\n", stderr);
		return 2;
	}
	if (db_open_readonly(argv[1], &db, &cause) != 0) {
		fprintf(stderr, "Error: %s\n", cause);
		return 1;
	}
	if (sqlite3_exec(db, "CREATE TEMP TABLE med_total_all AS SELECT year,"
	    " level, region, age, sex, prescriber, code, rows, boxes,"
	    " reimbursed_cents, base_cents FROM main.med_total UNION ALL"
	    " SELECT c.year, c.level, u.region, u.age, u.sex, u.prescriber,"
	    " c.code, u.rows, u.boxes, u.reimbursed_cents, u.base_cents FROM"
	    " main.med_cell c, med_unpack(c.cells) u", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		/* A file without Open Medic's tables: the SQL says what it reads. */
		sqlite3_exec(db, "DROP TABLE IF EXISTS temp.med_total_all", NULL,
		    NULL, NULL);
	}
	/* Before schema 9, main.med_fact is the table itself. */
	if (sqlite3_exec(db, "CREATE TEMP TABLE med_fact " REFDB_MED_FACT_COLUMNS
	    "; INSERT INTO temp.med_fact SELECT * FROM " MED_FACT_ROWS_SQL, NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(db, "DROP TABLE IF EXISTS temp.med_fact", NULL, NULL,
		    NULL);
	for (sql = argv[2]; status == 0 && *sql != '\0'; sql = tail) {
		if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
			fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
			status = 1;
			break;
		}
		if (st == NULL)
			continue;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *v = sqlite3_column_text(st, i);

				printf("%s%s", i > 0 ? "|" : "", v != NULL ?
				    (const char *)v : "NULL");
			}
			putchar('\n');
		}
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
			status = 1;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return status;
}
