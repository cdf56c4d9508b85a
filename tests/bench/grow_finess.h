/* SPDX-License-Identifier: ISC */
/*
 * What the benchmarks at national FINESS size share: a reference database's
 * establishments grown to about 100 000, some 3 700 of them hospitals and
 * clinics, as FINESS lists them, each new one a copy of a placed
 * establishment of the database moved up to 15 km (deterministic); then the
 * R*Tree, the place search and the stored rankings rebuilt as an import
 * does.
 */
#ifndef MEDIFLUX_BENCH_GROW_FINESS_H
#define MEDIFLUX_BENCH_GROW_FINESS_H

#include <sqlite3.h>

#include "db.h"
#include "refdb.h"
#include "search_rank.h"
#include "xmalloc.h"

#define BENCH_FINESS_ESTABLISHMENTS	100000
#define BENCH_FINESS_HOSPITALS		3700

/*
 * Copies %lld placed establishments whose category group is (or is NOT)
 * LIKE '11%' (hospitals and clinics), each with a new FINESS number from
 * the offset given, moved by up to 15 km (a deterministic offset).
 */
#define BENCH_FINESS_GROW \
	"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k" \
	" WHERE i < %lld), src AS (SELECT row_number() OVER (ORDER BY" \
	" finess) - 1 AS r, * FROM establishment WHERE latitude IS NOT" \
	" NULL AND category_group_code %s '11%%'), m AS (SELECT count(*)" \
	" AS c FROM src)" \
	" INSERT INTO establishment (finess, name, commune_known," \
	" departement, region, category_code, category_label," \
	" category_group_code, category_group_label, name_key, city," \
	" city_key, postal_code, commune_code, dataset_id, latitude," \
	" longitude) SELECT printf('B%%08d', %lld + k.i), s.name," \
	" s.commune_known, s.departement, s.region, s.category_code," \
	" s.category_label, s.category_group_code, s.category_group_label," \
	" s.name_key, s.city, s.city_key, s.postal_code, s.commune_code," \
	" s.dataset_id," \
	" s.latitude + ((k.i * 7919) %% 2001 - 1000) * 0.000135," \
	" s.longitude + ((k.i * 6271) %% 2001 - 1000) * 0.000190" \
	" FROM k, m JOIN src s ON s.r = k.i %% m.c;"

/* Grows the database at path to FINESS's size and make-up (nothing when it is there already). */
static inline int
bench_grow_finess(const char *path, char **cause)
{
	sqlite3 *db;
	char *sql;
	int64_t n, hospitals;
	int rc = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		error_set(cause, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	if (db_query_int64(db, "SELECT count(*) FROM establishment", &n,
	    cause) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM establishment WHERE"
	    " category_group_code LIKE '11%'", &hospitals, cause) != 0)
		goto out;
	if (n >= BENCH_FINESS_ESTABLISHMENTS) {
		rc = 0;
		goto out;
	}
	sql = xasprintf("BEGIN;" BENCH_FINESS_GROW BENCH_FINESS_GROW,
	    (long long)(BENCH_FINESS_HOSPITALS - hospitals), "LIKE", 0LL,
	    (long long)(BENCH_FINESS_ESTABLISHMENTS - n -
	    (BENCH_FINESS_HOSPITALS - hospitals)), "NOT LIKE", 10000000LL);
	rc = db_exec(db, sql, cause) != 0 || db_exec(db, REFDB_POSITION_SQL
	    REFDB_PLACE_SEARCH_SQL, cause) != 0 ||
	    search_rank_rebuild(db, cause) != 0 ||
	    db_exec(db, "COMMIT; ANALYZE", cause) != 0 ? -1 : 0;
	free(sql);
out:
	sqlite3_close(db);
	return rc;
}

#endif
