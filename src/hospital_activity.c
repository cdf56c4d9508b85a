/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hospital_activity.h"
#include "hospital_text.h"
#include "i18n.h"
#include "sae_activity.h"
#include "texttable.h"
#include "xmalloc.h"

static const char activity_sql[] =
	"SELECT year, measure, value FROM sae_activity WHERE finess = ?1";

int
hospital_activity_read(struct query_db *q, const char *finess,
    struct hospital_detail *d, char **cause)
{
	const struct sae_measure *m;
	sqlite3_stmt *stmt;
	size_t i, y;
	int rc, year;

	d->activity = xreallocarray(NULL, d->nyears * sae_nmeasures + 1,
	    sizeof *d->activity);
	for (i = 0; i < d->nyears * sae_nmeasures; i++)
		d->activity[i] = HOSPITAL_UNKNOWN;
	if ((stmt = query_db_statement(q, activity_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, finess, -1, SQLITE_STATIC);
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		year = sqlite3_column_int(stmt, 0);
		/* A measure a newer mediflux wrote is not shown. */
		if ((m = sae_measure_find((const char *)sqlite3_column_text(stmt,
		    1))) == NULL)
			continue;
		for (y = 0; y < d->nyears && d->years[y].year != year; y++)
			;
		if (y < d->nyears)
			d->activity[y * sae_nmeasures + sae_measure_index(m)] =
			    sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	return rc == DB_DONE ? 0 : -1;
}

int64_t
hospital_activity_value(const struct hospital_detail *d, size_t y,
    size_t measure)
{
	int64_t v = d->activity[y * sae_nmeasures + measure];

	/* A site without the bordereau's row that year has none of it. */
	if (v == HOSPITAL_UNKNOWN &&
	    sae_measures[measure].kind == SAE_MEASURE_PRESENT)
		return 0;
	return v;
}

int
hospital_activity_shown(const struct hospital_detail *d, size_t measure)
{
	size_t y;

	for (y = 0; y < d->nyears; y++) {
		if (d->activity[y * sae_nmeasures + measure] != HOSPITAL_UNKNOWN)
			return 1;
	}
	return 0;
}

const char *
hospital_activity_text(const struct hospital_detail *d, size_t y,
    size_t measure, char buf[32])
{
	int64_t v = hospital_activity_value(d, y, measure);

	if (v == HOSPITAL_UNKNOWN)
		return HOSPITAL_NOT_DECLARED;
	switch (sae_measures[measure].kind) {
	case SAE_MEASURE_LEVEL:
		/* TRANSLATORS: a maternity's type (level), 1 to 3. */
		snprintf(buf, 32, _("type %lld"), (long long)v);
		return buf;
	case SAE_MEASURE_FLAG:
	case SAE_MEASURE_PRESENT:
		return v != 0 ? _("yes") : _("no");
	default:
		return texttable_int(v, buf);
	}
}

const char *
hospital_trend_text(int64_t before, int64_t after, char buf[16])
{
	char wide[48];
	double pct;

	if (before == HOSPITAL_UNKNOWN || after == HOSPITAL_UNKNOWN ||
	    before <= 0 || after < 0)
		return "";
	if (after == before)
		return "=";
	pct = 100.0 * (double)(after - before) / (double)before;
	texttable_percent(pct, 0, 1, wide);
	snprintf(buf, 16, "%.15s", wide);
	return buf;
}

const char *
hospital_activity_trend(const struct hospital_detail *d, size_t measure,
    char buf[16])
{
	if (d->nyears < 2 || sae_measures[measure].kind != SAE_MEASURE_COUNT)
		return "";
	return hospital_trend_text(hospital_activity_value(d, d->nyears - 2,
	    measure), hospital_activity_value(d, d->nyears - 1, measure), buf);
}

json_t *
hospital_activity_json(const struct hospital_detail *d)
{
	const struct sae_measure *m;
	json_t *list = json_array(), *o, *years;
	char buf[16], year[16];
	const char *trend;
	size_t i, y;
	int64_t v;

	for (i = 0; i < sae_nmeasures; i++) {
		if (!hospital_activity_shown(d, i))
			continue;
		m = &sae_measures[i];
		years = json_object();
		for (y = 0; y < d->nyears; y++) {
			v = hospital_activity_value(d, y, i);
			snprintf(year, sizeof year, "%d", d->years[y].year);
			json_object_set_new(years, year, v == HOSPITAL_UNKNOWN ?
			    json_null() : json_integer(v));
		}
		trend = hospital_activity_trend(d, i, buf);
		/* Key and source are identifiers; group and label are shown. */
		o = json_pack("{s:s, s:s, s:s, s:{s:s, s:s?, s:s?, s:s?}, s:o}",
		    "measure", m->key, "group", sae_measure_group(m), "label",
		    sae_measure_label(m),
		    "source", "table", m->table, "kind_column", m->kind_column,
		    "kind_value", m->kind_value, "columns", m->columns,
		    "years", years);
		json_object_set_new(o, "trend", *trend != '\0' ?
		    json_string(trend) : json_null());
		json_array_append_new(list, o);
	}
	return list;
}
