/* SPDX-License-Identifier: ISC */
/* The reference database: geography and everything imported, read-only when browsing. */
#ifndef MEDIFLUX_REFDB_H
#define MEDIFLUX_REFDB_H

#include <sqlite3.h>

#define REFDB_SCHEMA_VERSION 11

/* med_total's value for a dimension summed over every value. */
#define MED_ALL		(-2)
/* Product rows of med_total; 1 to 5 are the ATC levels. */
#define MED_LEVEL_PRODUCT 6

/* The prescriber group of a PSP_SPE code, in SQL (see med_prescriber_group_of). */
#define MED_PRESCRIBER_GROUP_SQL(x) \
	"CASE WHEN " x " IS NULL THEN -1 WHEN " x " = 1 THEN 1" \
	" WHEN " x " IN (19, 36) THEN 3 WHEN " x " BETWEEN 2 AND 89 THEN 2" \
	" WHEN " x " = 90 THEN 4 WHEN " x " = 98 THEN 5 ELSE 6 END"

/*
 * med_fact's columns, as schema 2 declared them (the bytes of its CREATE
 * TABLE, which older files hold): the columns of MED_FACT_ROWS_SQL, and of
 * the tables that hold such rows for a while.
 */
#define REFDB_MED_FACT_COLUMNS \
	"(" \
	" id INTEGER PRIMARY KEY," \
	" year INTEGER NOT NULL," \
	" product_id INTEGER NOT NULL," \
	" age INTEGER," \
	" sex INTEGER," \
	" region INTEGER,"		/* BEN_REG as published */ \
	" prescriber INTEGER,"		/* PSP_SPE */ \
	" boxes INTEGER," \
	" reimbursed_cents INTEGER," \
	" base_cents INTEGER" \
	")"

/*
 * The published rows as med_fact held them until schema 9 (id, year,
 * product_id, age, sex, region, prescriber, boxes, reimbursed_cents,
 * base_cents; NULL where not declared), read from med_fact_run's packed runs:
 * a fact's id is its run's plus its place in the run.
 */
#define MED_FACT_ROWS_SQL \
	"(SELECT r.id + u.rowid AS id, r.year AS year, r.product_id AS product_id," \
	" nullif(u.age, -1) AS age, nullif(u.sex, -1) AS sex," \
	" nullif(u.region, -1) AS region, nullif(u.prescriber, -1) AS prescriber," \
	" u.boxes AS boxes, u.reimbursed_cents AS reimbursed_cents," \
	" u.base_cents AS base_cents FROM med_fact_run r, med_unpack(r.facts) u)"

/*
 * Packs the facts of FACTS (a table or subquery of med_fact's columns) into
 * med_fact_run: one run per stretch of consecutive ids of one product, as
 * the import writes them, so that every id is kept.
 */
#define REFDB_MED_FACT_PACK_SQL(facts) \
	"INSERT INTO med_fact_run (id, year, product_id, facts) SELECT min(id)," \
	" year, product_id, med_pack(region, age, sex, prescriber, 1, boxes," \
	" reimbursed_cents, base_cents) FROM (SELECT *, id - row_number() OVER" \
	" (PARTITION BY year, product_id ORDER BY id) AS stretch FROM " facts \
	" ORDER BY year, product_id, stretch, id) GROUP BY year, product_id," \
	" stretch;"

/*
 * med_total's finest cells of every ATC level and of the products, summed
 * from FACTS, a table or subquery of med_fact's columns (then
 * REFDB_MED_ROLLUP_SQL adds the roll-ups): how schema 3 kept an older
 * database's years, and how consolidate rebuilds them.
 */
#define REFDB_MED_TOTAL_FROM_SQL(facts) \
	"INSERT INTO med_total SELECT f.year, l.level," \
	" coalesce(f.region, -1), coalesce(f.age, -1), coalesce(f.sex, -1)," \
	" " MED_PRESCRIBER_GROUP_SQL("f.prescriber") "," \
	" CASE l.level WHEN 1 THEN coalesce(p.atc1, '')" \
	"  WHEN 2 THEN coalesce(p.atc2, p.atc1, '')" \
	"  WHEN 3 THEN coalesce(p.atc3, p.atc2, p.atc1, '')" \
	"  WHEN 4 THEN coalesce(p.atc4, p.atc3, p.atc2, p.atc1, '')" \
	"  WHEN 5 THEN coalesce(p.atc5, p.atc4, p.atc3, p.atc2, p.atc1, '')" \
	"  ELSE coalesce(p.atc5, p.atc4, p.atc3, p.atc2, p.atc1, '') || ' ' ||" \
	"  p.cip13 END," \
	" count(*), sum(f.boxes), sum(f.reimbursed_cents), sum(f.base_cents)" \
	" FROM " facts " f JOIN med_product p ON p.id = f.product_id" \
	" CROSS JOIN (SELECT 1 AS level UNION ALL SELECT 2 UNION ALL SELECT 3" \
	"  UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) l" \
	" GROUP BY 1, 2, 3, 4, 5, 6, 7;"

/*
 * The roll-ups of med_total's finest cells: every dimension summed, then all
 * but one. The import computes the same in memory; health compares both ways.
 */
#define REFDB_MED_ROLLUP_SQL \
	"INSERT INTO med_total SELECT year, level, -2, -2, -2, -2, code," \
	" sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM med_total WHERE region <> -2 AND age <> -2 AND sex <> -2" \
	" AND prescriber <> -2 GROUP BY year, level, code;" \
	"INSERT INTO med_total SELECT year, level, region, -2, -2, -2, code," \
	" sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM med_total WHERE region <> -2 AND age <> -2 AND sex <> -2" \
	" AND prescriber <> -2 GROUP BY year, level, region, code;" \
	"INSERT INTO med_total SELECT year, level, -2, age, -2, -2, code," \
	" sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM med_total WHERE region <> -2 AND age <> -2 AND sex <> -2" \
	" AND prescriber <> -2 GROUP BY year, level, age, code;" \
	"INSERT INTO med_total SELECT year, level, -2, -2, sex, -2, code," \
	" sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM med_total WHERE region <> -2 AND age <> -2 AND sex <> -2" \
	" AND prescriber <> -2 GROUP BY year, level, sex, code;" \
	"INSERT INTO med_total SELECT year, level, -2, -2, -2, prescriber, code," \
	" sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM med_total WHERE region <> -2 AND age <> -2 AND sex <> -2" \
	" AND prescriber <> -2 GROUP BY year, level, prescriber, code;"

/* A cell of med_total's with every dimension given: one of the finest. */
#define MED_FINEST_SQL \
	"region <> -2 AND age <> -2 AND sex <> -2 AND prescriber <> -2"

/*
 * Moves med_total's finest cells into med_cell, packed by year, level and
 * code (med_pack), in their key order: how schema 9 keeps an older
 * database's years, and how consolidate stores what it rebuilt.
 */
#define REFDB_MED_PACK_SQL \
	"INSERT INTO med_cell SELECT year, level, code, med_pack(region, age," \
	" sex, prescriber, rows, boxes, reimbursed_cents, base_cents) FROM" \
	" (SELECT * FROM med_total WHERE " MED_FINEST_SQL " ORDER BY year," \
	" level, code, region, age, sex, prescriber) GROUP BY year, level, code;" \
	"DELETE FROM med_total WHERE " MED_FINEST_SQL ";"

/* The kinds of med_total cell: finest, all summed, and all but one summed. */
#define MED_TOTAL_KINDS 6

/*
 * The years med_total holds, as the common table med_year (its last row
 * NULL), one step through the primary key a year: the rows are not read.
 */
#define MED_YEAR_SQL \
	"WITH RECURSIVE med_year(year) AS (SELECT min(year) FROM med_total" \
	" UNION ALL SELECT (SELECT min(t.year) FROM med_total t WHERE t.year >" \
	" med_year.year) FROM med_year WHERE med_year.year IS NOT NULL) "

/* The rest of a statement reading level 1's roll-ups that match where, year by year. */
#define MED_LEVEL1_SQL(where) \
	" FROM med_year y CROSS JOIN med_total t ON t.year = y.year" \
	" AND t.level = 1 WHERE " where ";"

/* Rebuilds med_value from the one-dimension roll-ups of level 1. */
#define REFDB_MED_VALUE_SQL \
	"DELETE FROM med_value;" \
	"INSERT INTO med_value " MED_YEAR_SQL \
	"SELECT DISTINCT t.year, 'region', t.region" MED_LEVEL1_SQL( \
	"t.region <> -2 AND t.age = -2 AND t.sex = -2 AND t.prescriber = -2") \
	"INSERT INTO med_value " MED_YEAR_SQL \
	"SELECT DISTINCT t.year, 'age', t.age" MED_LEVEL1_SQL( \
	"t.region = -2 AND t.age <> -2 AND t.sex = -2 AND t.prescriber = -2") \
	"INSERT INTO med_value " MED_YEAR_SQL \
	"SELECT DISTINCT t.year, 'sex', t.sex" MED_LEVEL1_SQL( \
	"t.region = -2 AND t.age = -2 AND t.sex <> -2 AND t.prescriber = -2") \
	"INSERT INTO med_value " MED_YEAR_SQL \
	"SELECT DISTINCT t.year, 'prescriber', t.prescriber" MED_LEVEL1_SQL( \
	"t.region = -2 AND t.age = -2 AND t.sex = -2 AND t.prescriber <> -2")

/*
 * Fills place from the establishments (the city as FINESS spells it, and the
 * names of its reference commune and arrondissement), a place name's rows
 * numbered one after the other.
 */
#define REFDB_PLACE_SQL \
	"DELETE FROM place;" \
	"INSERT INTO place (key, finess, category_code, category_group_code," \
	" name_key) SELECT p.key, e.finess, e.category_code," \
	" e.category_group_code, e.name_key FROM (" \
	"  SELECT city_key AS key, finess FROM establishment WHERE city_key <> ''" \
	"  UNION SELECT c.name_key, e.finess FROM establishment e" \
	"   JOIN commune c ON c.code = e.commune_code" \
	"  UNION SELECT c.name_key, e.finess FROM establishment e" \
	"   JOIN arrondissement a ON a.code = e.commune_code" \
	"   JOIN commune c ON c.code = a.commune_code" \
	"  UNION SELECT a.name_key, e.finess FROM establishment e" \
	"   JOIN arrondissement a ON a.code = e.commune_code" \
	" ) p JOIN establishment e ON e.finess = p.finess ORDER BY p.key;"

/*
 * Fills place, then place_key with each place name once and the range of its
 * rows in place, then rebuilds place_key's full-text index place_search.
 */
#define REFDB_PLACE_SEARCH_SQL \
	REFDB_PLACE_SQL \
	"DELETE FROM place_key;" \
	"INSERT INTO place_key (key, first, last) SELECT key, min(id), max(id)" \
	" FROM place GROUP BY key ORDER BY key;" \
	"INSERT INTO place_search (place_search) VALUES ('rebuild');"

/*
 * Fills the R*Tree of establishment positions (id: the establishment's
 * rowid; kind 1 for a hospital or clinic, 0 otherwise) from those placed.
 */
#define REFDB_POSITION_SQL \
	"DELETE FROM establishment_rtree;" \
	"INSERT INTO establishment_rtree (id, min_lat, max_lat, min_lon," \
	" max_lon, min_kind, max_kind) SELECT rowid, latitude, latitude," \
	" longitude, longitude, category_group_code LIKE '11%'," \
	" category_group_code LIKE '11%' FROM establishment" \
	" WHERE latitude IS NOT NULL AND longitude IS NOT NULL;"

/*
 * Fills bdpm_key with each speciality's folded name and the folded names of
 * its substances, numbered in name order so that the index hands matches
 * back sorted by name, then rebuilds its full-text index bdpm_search.
 */
#define REFDB_BDPM_SEARCH_SQL \
	"DELETE FROM bdpm_key;" \
	"INSERT INTO bdpm_key (id, cis, key) SELECT" \
	" row_number() OVER (ORDER BY c.name_key, c.cis), c.cis," \
	" c.name_key || coalesce(' ' || (SELECT group_concat(k, ' ') FROM" \
	"  (SELECT DISTINCT substance_key AS k FROM bdpm_compo" \
	"   WHERE cis = c.cis ORDER BY k)), '') FROM bdpm_cis c;" \
	"INSERT INTO bdpm_search (bdpm_search) VALUES ('rebuild');"

/* The prescriber group (med_prescriber_group) of a PSP_SPE code; -1 for none. */
int	med_prescriber_group_of(int psp_spe, int declared);

/* Creates the reference schema in an empty database (the builder's first step). */
int	refdb_create_schema(sqlite3 *, char **cause);

/* Brings a reference database opened for writing up to this schema version. */
int	refdb_migrate(sqlite3 *, char **cause);

/*
 * Brings a reference database to an older schema version than the current
 * one (the real steps, stopped early): how tests make the files of earlier
 * mediflux versions that consolidate reads.
 */
int	refdb_migrate_to(sqlite3 *, int version, char **cause);

/*
 * Opens a reference database read-only for browsing; refuses files that are not
 * one, or whose schema this program cannot read.
 */
int	refdb_open(const char *path, sqlite3 **, char **cause);

#endif
