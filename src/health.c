/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "db.h"
#include "health.h"
#include "i18n.h"
#include "out.h"
#include "refdb.h"
#include "schema_check.h"
#include "xmalloc.h"

#define HEALTH_LARGEST 5

/*
 * The row count import stored for a table (table_count), so that a screen
 * need not count twenty million rows to open: DB_ROW when there is one,
 * DB_DONE when not, -1 with *cause when the file cannot be read.
 */
static int
health_stored_count(sqlite3 *db, const char *table, int64_t *rows,
    char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if (db_prepare(db, "SELECT rows FROM table_count WHERE name = ?1", &st,
	    &why) != 0) {
		/* An older or a user database: no such table, SQLite's plain error. */
		rc = (sqlite3_errcode(db) & 0xff) == SQLITE_ERROR ? DB_DONE :
		    error_set(cause, "%s", why);
		free(why);
		return rc;
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if ((rc = db_step(st, cause)) == DB_ROW)
		*rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Row counts of every table, in name order; full-text indexes' own tables
 * are the index's business. A check counts them; otherwise the counts the
 * last import stored are enough.
 */
static int
health_count_tables(sqlite3 *db, struct health_db *h, int check, char **cause)
{
	sqlite3_stmt *stmt;
	size_t size = 0;
	int rc;

	if (db_prepare(db, "SELECT name FROM pragma_table_list WHERE schema = "
	    "'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'"
	    " ORDER BY name", &stmt, cause) != 0)
		return -1;
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		if (h->ntables == size) {
			size = size ? 2 * size : 16;
			h->tables = xreallocarray(h->tables, size, sizeof *h->tables);
		}
		h->tables[h->ntables].name =
		    xstrdup((const char *)sqlite3_column_text(stmt, 0));
		h->tables[h->ntables].rows = 0;
		h->ntables++;
	}
	sqlite3_finalize(stmt);
	if (rc != DB_DONE)
		return -1;
	for (size = 0; size < h->ntables; size++) {
		rc = check ? DB_DONE : health_stored_count(db,
		    h->tables[size].name, &h->tables[size].rows, cause);
		if (rc < 0 || (rc == DB_DONE && db_count_rows(db,
		    h->tables[size].name, &h->tables[size].rows, cause) != 0))
			return -1;
	}
	return 0;
}

/*
 * The size of the file a connection reads: once an import or a rollback has put
 * another version at its path, stat() of the path would mix that version's size
 * with this one's contents.
 */
static int
health_open_size(sqlite3 *db, int64_t *size)
{
	sqlite3_file *f = NULL;
	sqlite3_int64 n;

	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) !=
	    SQLITE_OK || f == NULL || f->pMethods == NULL ||
	    f->pMethods->xFileSize(f, &n) != SQLITE_OK)
		return -1;
	*size = n;
	return 0;
}

/*
 * Fills in what health says of one file, through the caller's connection
 * when it has one (the interface), else opening it read-only.
 */
static sqlite3 *
health_look(struct health_db *h, const char *path, enum path_origin origin,
    enum db_kind kind, sqlite3 *open_db, int check)
{
	struct db_identity id = { kind, 0 };
	struct stat st;
	sqlite3 *db = open_db;
	char *wal, *cause = NULL;
	int64_t version, wal_size;
	double t0;

	h->path = xstrdup(path);
	h->origin = origin;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			h->error = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	h->present = 1;
	h->mode = st.st_mode & 07777;
	h->size_bytes = st.st_size;
	wal_size = 0;
	wal = xasprintf("%s-wal", path);
	if (stat(wal, &st) == 0)
		wal_size = st.st_size;
	free(wal);
	if (open_db != NULL) {
		if (db_pragma_int(db, "user_version", &version, &cause) != 0)
			goto fail;
		h->schema_version = (int)version;
	} else {
		if (db_identify(path, &id, &cause) != 0 ||
		    db_open_readonly(path, &db, &cause) != 0)
			goto fail;
		h->schema_version = id.version;
	}
	/*
	 * Before anything else reads it: a schema mediflux did not make is an
	 * error, and what it holds (a view that never ends) is not looked at.
	 */
	if (schema_check(db, path, id.kind, h->schema_version, &cause) != 0)
		goto fail;
	health_open_size(db, &h->size_bytes);
	h->size_bytes += wal_size;
	if (check) {
		t0 = clock_now_ms();
		if (db_quick_check(db, &h->quick_check, &cause) != 0)
			goto fail;
		h->check_ms = clock_now_ms() - t0;
	}
	if (health_count_tables(db, h, check, &cause) != 0)
		goto fail;
	return db;
fail:
	h->error = cause;
	if (db != open_db)
		sqlite3_close(db);
	return NULL;
}

/* Reads code, name, population rows into a list of places. */
static int
health_places(sqlite3 *db, const char *sql, struct health_place **out,
    size_t *count, char **cause)
{
	struct health_place *list = NULL, *p;
	sqlite3_stmt *stmt;
	size_t n = 0, size = 0;
	int rc;

	if (db_prepare(db, sql, &stmt, cause) != 0)
		return -1;
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		if (n == size) {
			size = size ? 2 * size : 32;
			list = xreallocarray(list, size, sizeof *list);
		}
		p = &list[n++];
		p->code = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		p->name = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		p->has_population = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
		p->population = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_finalize(stmt);
	*out = list;
	*count = n;
	return rc == DB_DONE ? 0 : -1;
}

static const char health_mismatch_sql[] =
	"SELECT (SELECT count(*) FROM region r WHERE r.population IS NOT"
	"  (SELECT sum(population) FROM commune WHERE region_code = r.code))"
	" + (SELECT count(*) FROM departement d WHERE d.population IS NOT"
	"  (SELECT sum(population) FROM commune WHERE departement_code = d.code)),"
	" (SELECT sum(population) FROM commune),"
	" (SELECT count(*) FROM dataset WHERE sample <> 0)";

/*
 * Without a check, the total population is the regions' (which import made
 * the sums of their communes) and nothing scans the communes: a screen opens
 * at once; population_mismatches is then -1, not checked.
 */
static const char health_population_sql[] =
	"SELECT -1, (SELECT sum(population) FROM region),"
	" (SELECT count(*) FROM dataset WHERE sample <> 0)";

/* Geography figures: populations, and (when checking) whether the sums hold. */
static int
health_geography(sqlite3 *db, struct health_report *r, int check,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(db, check ? health_mismatch_sql : health_population_sql,
	    &stmt, cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) != DB_ROW) {
		if (rc == DB_DONE)
			error_set(cause, _("geography: no row"));
		sqlite3_finalize(stmt);
		return -1;
	}
	r->population_mismatches = sqlite3_column_int64(stmt, 0);
	r->population = sqlite3_column_int64(stmt, 1);
	r->sample = sqlite3_column_int64(stmt, 2) > 0;
	sqlite3_finalize(stmt);
	if (health_places(db, "SELECT code, name, population FROM region"
	    " ORDER BY code", &r->regions, &r->nregions, cause) != 0)
		return -1;
	if (!check)
		return 0;
	return health_places(db, "SELECT code, name, population FROM commune"
	    " WHERE population IS NOT NULL ORDER BY population DESC, code LIMIT 5",
	    &r->largest, &r->nlargest, cause);
}

/* The facts of each year, then every aggregate's sums, which must be the same. */
#define HEALTH_MEDS_FACTS_SQL(facts) \
	"SELECT year, count(*), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM " facts " GROUP BY year ORDER BY year"
/* From schema 9, the facts are med_fact_run's, packed. */
static const char health_meds_facts_sql[] =
	HEALTH_MEDS_FACTS_SQL(MED_FACT_ROWS_SQL);
static const char health_meds_facts_v8_sql[] = HEALTH_MEDS_FACTS_SQL("med_fact");
#define HEALTH_MEDS_TOTALS_SQL \
	"SELECT year, sum(rows), sum(boxes), sum(reimbursed_cents), sum(base_cents)" \
	" FROM med_total GROUP BY year, level, (region = -2) | ((age = -2) << 1)" \
	" | ((sex = -2) << 2) | ((prescriber = -2) << 3)"
/* From schema 9, the finest cells are med_cell's, packed. */
static const char health_meds_totals_sql[] = HEALTH_MEDS_TOTALS_SQL
	" UNION ALL SELECT c.year, sum(u.rows), sum(u.boxes),"
	" sum(u.reimbursed_cents), sum(u.base_cents) FROM med_cell c,"
	" med_unpack(c.cells) u GROUP BY c.year, c.level";
static const char health_meds_totals_v8_sql[] = HEALTH_MEDS_TOTALS_SQL;

/* Whether db has a table of that name (an older schema may not). */
static int
health_table_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int found;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type ="
	    " 'table' AND name = ?1", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* Checks that the Open Medic aggregates browsing reads add up to the rows stored. */
static int
health_medications(sqlite3 *db, struct health_report *r, char **cause)
{
	struct health_meds *m;
	sqlite3_stmt *st;
	char *why = NULL;
	size_t i;
	int rc, found, year, v9;

	v9 = health_table_exists(db, "med_fact_run");
	if (db_prepare(db, v9 ? health_meds_facts_sql : health_meds_facts_v8_sql,
	    &st, cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		r->meds = xreallocarray(r->meds, r->nmeds + 1, sizeof *r->meds);
		m = &r->meds[r->nmeds++];
		m->year = sqlite3_column_int(st, 0);
		m->rows = sqlite3_column_int64(st, 1);
		m->boxes = sqlite3_column_int64(st, 2);
		m->reimbursed_cents = sqlite3_column_int64(st, 3);
		m->base_cents = sqlite3_column_int64(st, 4);
		m->mismatches = 0;
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "%s: %s", v9 ? "med_fact_run" : "med_fact", why);
		free(why);
		return -1;
	}
	if (db_prepare(db, v9 ?
	    health_meds_totals_sql : health_meds_totals_v8_sql, &st, cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		year = sqlite3_column_int(st, 0);
		found = 0;
		for (i = 0; i < r->nmeds; i++) {
			m = &r->meds[i];
			if (m->year != year)
				continue;
			found = 1;
			if (sqlite3_column_int64(st, 1) != m->rows ||
			    sqlite3_column_int64(st, 2) != m->boxes ||
			    sqlite3_column_int64(st, 3) != m->reimbursed_cents ||
			    sqlite3_column_int64(st, 4) != m->base_cents)
				m->mismatches++;
		}
		if (!found) {
			/* Totals without rows behind them. */
			r->meds = xreallocarray(r->meds, r->nmeds + 1,
			    sizeof *r->meds);
			m = &r->meds[r->nmeds++];
			memset(m, 0, sizeof *m);
			m->year = year;
			m->mismatches = 1;
		}
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "med_total: %s", why);
		free(why);
		return -1;
	}
	r->meds_checked = 1;
	return 0;
}

/* What sae_site holds of each reconciled total, in dataset_sae_totals' order. */
static const char health_sae_sql[] =
	"SELECT total(beds_mco), total(places_mco), total(stays_full_mco),"
	" total(stays_partial_mco), total(er_passages_general)"
	" + total(er_passages_paediatric) + total(er_passages_other),"
	" total(er_authorised) FROM sae_site WHERE year = ?1 AND dataset_id = ?2";

/* A recorded total; an empty one (null, nothing declared) sums to 0. */
static int64_t
health_json_total(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/*
 * Reconciles each SAE year with its file: what is stored must be what the
 * file's rows of the year add up to, less the rows set aside.
 */
static int
health_sae_years(sqlite3 *db, struct health_report *r, char **cause)
{
	const struct dataset_record *d;
	struct health_sae *y;
	json_t *totals, *file, *aside;
	sqlite3_stmt *st;
	char *why = NULL;
	size_t i;
	int t, rc;

	if (db_prepare(db, health_sae_sql, &st, cause) != 0)
		return -1;
	for (i = 0; i < r->ndatasets; i++) {
		d = &r->datasets[i];
		if (strcmp(d->kind, "sae") != 0)
			continue;
		r->sae = xreallocarray(r->sae, r->nsae + 1, sizeof *r->sae);
		y = &r->sae[r->nsae++];
		memset(y, 0, sizeof *y);
		y->year = d->year;
		totals = d->control_totals != NULL ?
		    json_loads(d->control_totals, 0, NULL) : NULL;
		file = json_object_get(totals, "file_totals");
		aside = json_object_get(totals, "set_aside_totals");
		y->reconciled = json_is_object(file);
		y->rows_set_aside = health_json_total(totals, "rows_set_aside");
		y->er_types = json_incref(json_object_get(totals,
		    "er_passages_by_type"));
		sqlite3_bind_int(st, 1, d->year);
		sqlite3_bind_int64(st, 2, d->id);
		if ((rc = db_step(st, &why)) != DB_ROW) {
			json_decref(totals);
			sqlite3_finalize(st);
			error_set(cause, "sae_site: %s", why != NULL ? why :
			    _("no row"));
			free(why);
			return -1;
		}
		for (t = 0; t < DATASET_SAE_NTOTALS; t++) {
			y->totals[t].name = dataset_sae_totals[t];
			y->totals[t].stored = (int64_t)sqlite3_column_double(st, t);
			y->totals[t].file = health_json_total(file, dataset_sae_totals[t]);
			y->totals[t].aside = health_json_total(aside,
			    dataset_sae_totals[t]);
			if (y->reconciled && y->totals[t].stored !=
			    y->totals[t].file - y->totals[t].aside)
				y->mismatches++;
		}
		sqlite3_reset(st);
		json_decref(totals);
	}
	sqlite3_finalize(st);
	return 0;
}

void
health_collect(struct health_report *r, const struct health_source *ref,
    const struct health_source *user, int check)
{
	sqlite3 *db;
	char *cause = NULL;

	memset(r, 0, sizeof *r);
	if ((db = health_look(&r->ref, ref->path, ref->origin,
	    DB_KIND_REFERENCE, ref->db, check)) != NULL) {
		if (dataset_list(db, &r->datasets, &r->ndatasets, &cause) != 0 ||
		    health_geography(db, r, check, &cause) != 0 ||
		    (check && health_medications(db, r, &cause) != 0) ||
		    (check && r->ref.schema_version >= 4 &&
		    health_sae_years(db, r, &cause) != 0))
			r->ref.error = cause;
		if (db != ref->db)
			sqlite3_close(db);
	} else if (!r->ref.present && r->ref.error == NULL)
		r->ref.error = xasprintf(_("%s: no such file"), ref->path);
	if (user->path != NULL && (db = health_look(&r->user, user->path,
	    user->origin, DB_KIND_USER, user->db, check)) != NULL &&
	    db != user->db)
		sqlite3_close(db);
}

static void
health_db_free(struct health_db *h)
{
	size_t i;

	for (i = 0; i < h->ntables; i++)
		free(h->tables[i].name);
	free(h->tables);
	free(h->path);
	free(h->error);
	free(h->quick_check);
}

static void
health_places_free(struct health_place *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].code);
		free(list[i].name);
	}
	free(list);
}

void
health_free(struct health_report *r)
{
	size_t i;

	health_db_free(&r->ref);
	health_db_free(&r->user);
	dataset_list_free(r->datasets, r->ndatasets);
	health_places_free(r->regions, r->nregions);
	health_places_free(r->largest, r->nlargest);
	free(r->meds);
	for (i = 0; i < r->nsae; i++)
		json_decref(r->sae[i].er_types);
	free(r->sae);
	memset(r, 0, sizeof *r);
}

static int
health_db_ok(const struct health_db *h)
{
	if (h->error != NULL)
		return 0;
	return !h->present || h->quick_check == NULL ||
	    strcmp(h->quick_check, "ok") == 0;
}

int
health_ok(const struct health_report *r)
{
	size_t i;

	for (i = 0; i < r->nmeds; i++) {
		if (r->meds[i].mismatches != 0)
			return 0;
	}
	for (i = 0; i < r->nsae; i++) {
		if (r->sae[i].mismatches != 0)
			return 0;
	}
	return r->ref.present && health_db_ok(&r->ref) && health_db_ok(&r->user) &&
	    r->population_mismatches == 0;
}

static json_t *
health_db_json(const struct health_db *h)
{
	json_t *o, *tables;
	char mode[8];
	size_t i;

	o = json_pack("{s:s, s:s, s:b}", "path", h->path != NULL ? h->path : "",
	    "origin", paths_origin_name(h->origin), "present", h->present);
	if (h->error != NULL)
		json_object_set_new(o, "error", json_string(h->error));
	if (!h->present || h->error != NULL)
		return o;
	snprintf(mode, sizeof mode, "%04o", h->mode);
	json_object_set_new(o, "mode", json_string(mode));
	json_object_set_new(o, "size_bytes", json_integer(h->size_bytes));
	json_object_set_new(o, "schema_version", json_integer(h->schema_version));
	if (h->quick_check != NULL) {
		json_object_set_new(o, "quick_check", json_string(h->quick_check));
		json_object_set_new(o, "check_ms", json_real(h->check_ms));
	}
	tables = json_object();
	for (i = 0; i < h->ntables; i++)
		json_object_set_new(tables, h->tables[i].name,
		    json_integer(h->tables[i].rows));
	json_object_set_new(o, "tables", tables);
	return o;
}

static json_t *
health_places_json(const struct health_place *list, size_t n)
{
	json_t *a, *o;
	size_t i;

	a = json_array();
	for (i = 0; i < n; i++) {
		o = json_pack("{s:s, s:s}", "code", list[i].code, "name",
		    list[i].name);
		json_object_set_new(o, "population", list[i].has_population ?
		    json_integer(list[i].population) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
health_dataset_json(const struct dataset_record *d)
{
	json_t *o, *totals = NULL;

	if (d->control_totals != NULL)
		totals = json_loads(d->control_totals, 0, NULL);
	o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:s, s:b}",
	    "id", (json_int_t)d->id, "kind", d->kind, "source", d->source,
	    "file_name", d->file_name, "file_size", (json_int_t)d->file_size,
	    "sha256", d->sha256, "rows_read", (json_int_t)d->rows_read,
	    "rows_kept", (json_int_t)d->rows_kept,
	    "rows_rejected", (json_int_t)d->rows_rejected,
	    "imported_at", d->imported_at, "sample", d->sample);
	json_object_set_new(o, "year", d->year ? json_integer(d->year) :
	    json_null());
	json_object_set_new(o, "control_totals", totals != NULL ? totals :
	    json_null());
	/* Where mediflux update fetched the file; null for a local import. */
	json_object_set_new(o, "url", out_json_text(d->url));
	json_object_set_new(o, "retrieved_at", out_json_text(d->retrieved_at));
	json_object_set_new(o, "etag", out_json_text(d->etag));
	json_object_set_new(o, "last_modified", out_json_text(d->last_modified));
	return o;
}

static json_t *
health_sae_json(const struct health_report *r)
{
	json_t *list = json_array(), *o, *totals;
	const struct health_sae *y;
	size_t i;
	int t;

	for (i = 0; i < r->nsae; i++) {
		y = &r->sae[i];
		totals = json_object();
		for (t = 0; t < DATASET_SAE_NTOTALS; t++)
			json_object_set_new(totals, y->totals[t].name, json_pack(
			    "{s:I, s:I, s:I}", "stored", (json_int_t)y->totals[t].stored,
			    "file", (json_int_t)y->totals[t].file,
			    "set_aside", (json_int_t)y->totals[t].aside));
		o = json_pack("{s:i, s:b, s:b, s:I, s:o}", "year", y->year,
		    "reconciled", y->reconciled, "totals_match", y->mismatches == 0,
		    "rows_set_aside", (json_int_t)y->rows_set_aside, "totals", totals);
		json_object_set(o, "er_passages_by_type", y->er_types != NULL ?
		    y->er_types : json_null());
		json_array_append_new(list, o);
	}
	return list;
}

json_t *
health_to_json(const struct health_report *r)
{
	json_t *o, *datasets, *geo, *meds;
	size_t i;

	o = json_pack("{s:b, s:b}", "ok", health_ok(r), "sample", r->sample);
	json_object_set_new(o, "reference", health_db_json(&r->ref));
	json_object_set_new(o, "user", health_db_json(&r->user));
	datasets = json_array();
	for (i = 0; i < r->ndatasets; i++)
		json_array_append_new(datasets, health_dataset_json(&r->datasets[i]));
	json_object_set_new(o, "datasets", datasets);
	geo = json_pack("{s:I, s:I}", "population", (json_int_t)r->population,
	    "population_mismatches", (json_int_t)r->population_mismatches);
	json_object_set_new(geo, "regions", health_places_json(r->regions,
	    r->nregions));
	json_object_set_new(geo, "largest_communes", health_places_json(r->largest,
	    r->nlargest));
	json_object_set_new(o, "geography", geo);
	if (r->meds_checked) {
		meds = json_array();
		for (i = 0; i < r->nmeds; i++) {
			const struct health_meds *m = &r->meds[i];

			json_array_append_new(meds, json_pack("{s:i, s:I, s:I, s:I,"
			    " s:I, s:b}", "year", m->year, "rows", (json_int_t)m->rows,
			    "boxes", (json_int_t)m->boxes, "reimbursed_cents",
			    (json_int_t)m->reimbursed_cents, "base_cents",
			    (json_int_t)m->base_cents, "aggregates_match",
			    m->mismatches == 0));
		}
		json_object_set_new(o, "medications", meds);
		json_object_set_new(o, "sae", health_sae_json(r));
	}
	return o;
}
