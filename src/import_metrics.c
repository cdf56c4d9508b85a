/* SPDX-License-Identifier: ISC */
/*
 * Derived regional metrics (region_metric), rebuilt from whatever the
 * database holds after each import, so that no pane ever computes them.
 */
#include "config.h"

#include "db.h"
#include "import_engine.h"
#include "refdb.h"
#include "search_rank.h"

/*
 * One statement per level. Populations are the reference geography's; Open
 * Medic is by BEN_REG, so a region's medication figures are those of the
 * BEN_REG covering it, over the population that BEN_REG covers (PACA and
 * Corse together, all overseas regions together).
 */
static const char import_metrics_sql[] =
	"DELETE FROM region_metric;"
	"CREATE TEMP TABLE metric_year AS " MED_YEAR_SQL
	" SELECT year FROM sae_site UNION SELECT year FROM med_year"
	" WHERE year IS NOT NULL UNION SELECT year FROM professional"
	" WHERE profession = 'medecins' AND is_total = 1;"
	"CREATE TEMP TABLE metric_sae AS"
	" SELECT s.year, s.departement, d.region_code AS region, count(*) AS sites,"
	"  sum(s.beds_mco) AS beds, sum(s.places_mco) AS places,"
	"  CASE WHEN count(s.er_passages_general) + count(s.er_passages_paediatric)"
	"   + count(s.er_passages_other) = 0 THEN NULL"
	"   ELSE total(s.er_passages_general) + total(s.er_passages_paediatric)"
	"   + total(s.er_passages_other) END AS er"
	" FROM sae_site s JOIN departement d ON d.code = s.departement"
	" GROUP BY s.year, s.departement;"
	"CREATE TEMP TABLE metric_doctors AS"
	" SELECT year, level, territory, max(count) AS count, max(density) AS density"
	" FROM professional WHERE profession = 'medecins' AND is_total = 1"
	" GROUP BY year, level, territory;"
	"CREATE TEMP TABLE metric_meds AS"
	" SELECT m.code AS ben_reg, m.regions, t.year, sum(t.boxes) AS boxes,"
	"  sum(t.reimbursed_cents) AS cents,"
	"  (SELECT sum(r.population) FROM region r WHERE instr(',' || m.regions"
	"   || ',', ',' || r.code || ',') > 0) AS population"
	" FROM med_region m JOIN (" MED_YEAR_SQL "SELECT t.* FROM med_year y"
	"  CROSS JOIN med_total t ON t.year = y.year AND t.level = 1"
	"  WHERE t.age = -2 AND t.sex = -2 AND t.prescriber = -2) t"
	"  ON t.region = m.code"
	" WHERE m.regions IS NOT NULL GROUP BY m.code, t.year;"
	"INSERT INTO region_metric (level, code, year, population, establishments,"
	" beds_mco, places_mco, beds_per_100k, er_passages, er_per_1000, doctors,"
	" doctors_per_100k, boxes, reimbursed_cents, meds_population, meds_basis,"
	" boxes_per_inhabitant, reimbursed_per_inhabitant)"
	" SELECT 'region', r.code, y.year, r.population, s.sites, s.beds, s.places,"
	"  s.beds * 100000.0 / r.population, s.er, s.er * 1000.0 / r.population,"
	"  p.count, coalesce(p.density, p.count * 100000.0 / r.population),"
	"  m.boxes, m.cents, m.population, m.ben_reg || ': ' || m.regions,"
	"  m.boxes * 1.0 / m.population, m.cents / 100.0 / m.population"
	" FROM region r CROSS JOIN metric_year y"
	" LEFT JOIN (SELECT year, region, sum(sites) AS sites, sum(beds) AS beds,"
	"  sum(places) AS places, sum(er) AS er FROM metric_sae"
	"  GROUP BY year, region) s ON s.region = r.code AND s.year = y.year"
	" LEFT JOIN metric_doctors p ON p.level = 'region'"
	"  AND p.territory = r.code AND p.year = y.year"
	" LEFT JOIN metric_meds m ON instr(',' || m.regions || ',',"
	"  ',' || r.code || ',') > 0 AND m.year = y.year"
	" WHERE r.population IS NOT NULL;"
	"INSERT INTO region_metric (level, code, year, population, establishments,"
	" beds_mco, places_mco, beds_per_100k, er_passages, er_per_1000, doctors,"
	" doctors_per_100k)"
	" SELECT 'departement', d.code, y.year, d.population, s.sites, s.beds,"
	"  s.places, s.beds * 100000.0 / d.population, s.er,"
	"  s.er * 1000.0 / d.population,"
	"  p.count, coalesce(p.density, p.count * 100000.0 / d.population)"
	" FROM departement d CROSS JOIN metric_year y"
	" LEFT JOIN metric_sae s ON s.departement = d.code AND s.year = y.year"
	" LEFT JOIN metric_doctors p ON p.level = 'departement'"
	"  AND p.territory = d.code AND p.year = y.year"
	" WHERE d.population IS NOT NULL;"
	"DROP TABLE metric_year; DROP TABLE metric_sae; DROP TABLE metric_meds;"
	" DROP TABLE metric_doctors;";

/* Stores every table's row count in table_count, as the import leaves them. */
static int
import_count_tables(sqlite3 *db, char **cause)
{
	sqlite3_stmt *names, *store;
	int64_t rows;
	int rc = 0, step = DB_DONE;

	if (db_exec(db, "DELETE FROM table_count", cause) != 0 ||
	    db_prepare(db, "SELECT name FROM pragma_table_list WHERE schema = "
	    "'main' AND type IN ('table', 'virtual') AND name NOT LIKE "
	    "'sqlite_%' AND name <> 'table_count'", &names, cause) != 0)
		return -1;
	if (db_prepare(db, "INSERT INTO table_count (name, rows) VALUES (?1, ?2)",
	    &store, cause) != 0) {
		sqlite3_finalize(names);
		return -1;
	}
	while (rc == 0 && (step = db_step(names, cause)) == DB_ROW) {
		const char *name = (const char *)sqlite3_column_text(names, 0);

		if ((rc = db_count_rows(db, name, &rows, cause)) != 0)
			break;
		sqlite3_reset(store);
		sqlite3_bind_text(store, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(store, 2, rows);
		rc = import_sql_step(store, "table_count", cause);
	}
	sqlite3_finalize(store);
	sqlite3_finalize(names);
	return rc == 0 && step < 0 ? -1 : rc;
}

int
import_metrics_rebuild(sqlite3 *db, char **cause)
{
	if (db_exec(db, import_metrics_sql, cause) != 0)
		return -1;
	if (db_exec(db, REFDB_PLACE_SEARCH_SQL REFDB_MED_VALUE_SQL
	    REFDB_BDPM_SEARCH_SQL REFDB_POSITION_SQL, cause) != 0 ||
	    search_rank_rebuild(db, cause) != 0)
		return -1;
	return import_count_tables(db, cause);
}
