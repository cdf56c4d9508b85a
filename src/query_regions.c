/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "query_regions.h"
#include "xmalloc.h"

/* Headers and labels are translated where they are shown: _(header). */
const struct region_metric_info region_metrics[REGION_NMETRICS] = {
	{ "population", N_("Population"), N_("Municipal population"), 0 },
	{ "establishments", N_("Estab."),
	    N_("Establishments reporting to the SAE"), 0 },
	{ "beds_mco", N_("MCO beds"),
	    N_("Medicine, surgery and obstetrics beds"), 0 },
	{ "places_mco", N_("MCO places"),
	    N_("MCO partial hospitalisation places"), 0 },
	{ "beds_per_100k", N_("Beds/100k"),
	    N_("MCO beds per 100,000 inhabitants"), 1 },
	{ "er_passages", N_("ER visits"), N_("Emergency department visits"),
	    0 },
	{ "er_per_1000", N_("ER/1000"),
	    N_("Emergency department visits per 1,000 inhabitants"), 1 },
	{ "doctors", N_("Doctors"), N_("Doctors (DREES)"), 0 },
	{ "doctors_per_100k", N_("Drs/100k"),
	    N_("Doctors per 100,000 inhabitants"), 1 },
	{ "boxes", N_("Boxes"), N_("Medicine boxes reimbursed"), 0 },
	{ "reimbursed", N_("Reimb. €"), N_("Amount reimbursed (€)"), 2 },
	{ "boxes_per_inhabitant", N_("Boxes/inh."), N_("Boxes per inhabitant"),
	    2 },
	{ "reimbursed_per_inhabitant", N_("€/inh."),
	    N_("Amount reimbursed per inhabitant (€)"), 2 },
};

/* The columns of region_metric, in enum region_metric order. */
static const char region_select_sql[] =
	"SELECT m.code, coalesce(r.name, d.name, m.code), m.population,"
	" m.establishments, m.beds_mco, m.places_mco, m.beds_per_100k,"
	" m.er_passages, m.er_per_1000, m.doctors, m.doctors_per_100k, m.boxes,"
	" m.reimbursed_cents, m.boxes_per_inhabitant, m.reimbursed_per_inhabitant,"
	" m.meds_population, m.meds_basis"
	" FROM region_metric m"
	" LEFT JOIN region r ON ?1 = 'region' AND r.code = m.code"
	" LEFT JOIN departement d ON ?1 = 'departement' AND d.code = m.code"
	" WHERE m.level = ?1 AND m.year = ?2";

/*
 * The sample datasets the metrics of a year (?1) and level (?2) are made of:
 * the geography's populations, the SAE and Open Medic years (Open Medic is
 * by region only), and the DREES files the year's doctors come from (a DREES
 * file holds many years, so its rows say which).
 */
static const char region_sample_sql[] =
	"SELECT kind, year FROM dataset WHERE sample <> 0 AND ("
	" kind IN ('insee_regions', 'insee_departements')"
	" OR (kind = 'sae' AND year = ?1)"
	" OR (kind = 'openmedic' AND year = ?1 AND ?2 = 'region')"
	" OR id IN (SELECT dataset_id FROM professional WHERE is_total = 1"
	"  AND profession = 'medecins' AND level = ?2 AND year = ?1))"
	" ORDER BY kind, year";

const char *
region_level_name(enum region_level level)
{
	return level == REGION_LEVEL_REGION ? "region" : "departement";
}

int
region_sort_from_name(const char *name)
{
	int i;

	if (strcmp(name, "code") == 0)
		return REGION_SORT_CODE;
	if (strcmp(name, "name") == 0)
		return REGION_SORT_NAME;
	for (i = 0; i < REGION_NMETRICS; i++)
		if (strcmp(name, region_metrics[i].name) == 0)
			return i;
	return -3;
}

void
region_table_free(struct region_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].code);
		free(t->rows[i].name);
		free(t->rows[i].meds_basis);
	}
	free(t->rows);
	free(t->years);
	query_sample_clear(&t->sample);
	free(t);
}

/* Every year of a level, and the latest one with hospital or medication figures. */
static int
region_years(struct query_db *q, struct region_table *t, int *latest,
    char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	*latest = 0;
	if ((st = query_db_statement(q, "SELECT year, count(establishments) +"
	    " count(boxes) FROM region_metric WHERE level = ?1 GROUP BY year"
	    " ORDER BY year", cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, region_level_name(t->level), -1, SQLITE_STATIC);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		t->years = xreallocarray(t->years, t->nyears + 1,
		    sizeof *t->years);
		t->years[t->nyears++] = sqlite3_column_int(st, 0);
		if (sqlite3_column_int(st, 1) > 0)
			*latest = sqlite3_column_int(st, 0);
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, _("region_metric: %s"), why);
		free(why);
		return -1;
	}
	if (*latest == 0 && t->nyears > 0)
		*latest = t->years[t->nyears - 1];
	return 0;
}

static void
region_row_read(sqlite3_stmt *st, struct region_row *row)
{
	int i, col;

	memset(row, 0, sizeof *row);
	row->code = xstrdup((const char *)sqlite3_column_text(st, 0));
	row->name = xstrdup((const char *)sqlite3_column_text(st, 1));
	for (i = 0; i < REGION_NMETRICS; i++) {
		col = 2 + i;
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			continue;
		row->present |= 1u << i;
		row->value[i] = sqlite3_column_double(st, col);
		if (i == REGION_REIMBURSED) {
			row->reimbursed_cents = sqlite3_column_int64(st, col);
			row->value[i] = row->reimbursed_cents / 100.0;
		}
	}
	row->meds_population = sqlite3_column_int64(st, 2 + REGION_NMETRICS);
	if (sqlite3_column_type(st, 3 + REGION_NMETRICS) != SQLITE_NULL)
		row->meds_basis = xstrdup((const char *)
		    sqlite3_column_text(st, 3 + REGION_NMETRICS));
}

/* region_table_get, inside the read transaction its caller opened. */
static int
region_table_read(struct query_db *q, const struct region_query *rq,
    struct region_table **out, char **cause)
{
	struct region_table *t;
	sqlite3_stmt *st;
	char *why = NULL;
	size_t i;
	int rc, latest, known = 0;

	*out = NULL;
	t = xcalloc(1, sizeof *t);
	t->level = rq->level;
	if (region_years(q, t, &latest, cause) != 0)
		goto fail;
	t->year = rq->year != 0 ? rq->year : latest;
	for (i = 0; i < t->nyears; i++)
		known |= t->years[i] == t->year;
	if (!known) {
		if (t->nyears == 0)
			error_set(cause, _("no regional metrics in %s: import "
			    "SAE, Open Medic or DREES files first"), q->path);
		else
			error_set(cause, _("no regional metrics for %d (years "
			    "%d to %d)"), t->year, t->years[0],
			    t->years[t->nyears - 1]);
		goto fail;
	}
	if ((st = query_db_statement(q, region_select_sql, cause)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, region_level_name(t->level), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, t->year);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		t->rows = xreallocarray(t->rows, t->nrows + 1, sizeof *t->rows);
		region_row_read(st, &t->rows[t->nrows++]);
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, _("region_metric: %s"), why);
		free(why);
		goto fail;
	}
	if ((st = query_db_statement(q, region_sample_sql, cause)) == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, t->year);
	sqlite3_bind_text(st, 2, region_level_name(t->level), -1, SQLITE_STATIC);
	if (query_sample_read(q, st, &t->sample, cause) != 0)
		goto fail;
	region_table_sort(t, rq->sort, rq->descending);
	*out = t;
	return 0;
fail:
	region_table_free(t);
	return -1;
}

int
region_table_get(struct query_db *q, const struct region_query *rq,
    struct region_table **out, char **cause)
{
	int rc;

	if (query_db_begin(q, cause) != 0)
		return -1;
	rc = region_table_read(q, rq, out, cause);
	query_db_end(q);
	return rc;
}

struct region_sort {
	int	key;
	int	descending;
};

static int
region_row_compare(const void *a, const void *b, void *arg)
{
	const struct region_row *x = a, *y = b;
	const struct region_sort *sort = arg;
	int key = sort->key;
	unsigned bit;
	int c = 0;

	if (key == REGION_SORT_NAME)
		c = strcmp(x->name, y->name);
	else if (key >= 0) {
		bit = 1u << key;
		/* Figures not declared go last whichever the direction. */
		if ((x->present & bit) != (y->present & bit))
			return (x->present & bit) ? -1 : 1;
		if (x->value[key] != y->value[key])
			c = x->value[key] < y->value[key] ?
			    -1 : 1;
	}
	if (sort->descending)
		c = -c;
	return c != 0 ? c : strcmp(x->code, y->code);
}

void
region_table_sort(struct region_table *t, int sort, int descending)
{
	struct region_sort how = { sort, descending };

	if (t->nrows > 0)	/* qsort's array must not be NULL, even empty */
		qsort_r(t->rows, t->nrows, sizeof *t->rows, region_row_compare,
		    &how);
}

json_t *
region_table_to_json(const struct query_db *q, const struct region_table *t)
{
	const struct region_row *row;
	json_t *j, *rows, *o, *years;
	size_t i;
	int m;

	j = query_json_envelope(q, &t->sample);
	json_object_set_new(j, "level", json_string(region_level_name(t->level)));
	json_object_set_new(j, "year", json_integer(t->year));
	years = json_array();
	for (i = 0; i < t->nyears; i++)
		json_array_append_new(years, json_integer(t->years[i]));
	json_object_set_new(j, "years", years);
	json_object_set_new(j, "count", json_integer((json_int_t)t->nrows));
	rows = json_array();
	for (i = 0; i < t->nrows; i++) {
		row = &t->rows[i];
		o = json_pack("{s:s, s:s}", "code", row->code, "name", row->name);
		for (m = 0; m < REGION_NMETRICS; m++) {
			if (!(row->present & (1u << m)))
				json_object_set_new(o, region_metrics[m].name,
				    json_null());
			else if (region_metrics[m].decimals == 0)
				json_object_set_new(o, region_metrics[m].name,
				    json_integer((json_int_t)row->value[m]));
			else
				json_object_set_new(o, region_metrics[m].name,
				    json_real(row->value[m]));
		}
		if (row->present & (1u << REGION_REIMBURSED))
			json_object_set_new(o, "reimbursed_cents",
			    json_integer(row->reimbursed_cents));
		if (row->meds_basis != NULL) {
			json_object_set_new(o, "meds_population",
			    json_integer(row->meds_population));
			json_object_set_new(o, "meds_basis",
			    json_string(row->meds_basis));
		}
		json_array_append_new(rows, o);
	}
	json_object_set_new(j, "rows", rows);
	return j;
}
