/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hospital_context.h"
#include "hospital_activity.h"
#include "i18n.h"
#include "sae_activity.h"
#include "texttable.h"
#include "xmalloc.h"

/* The département's and region's MCO beds and emergency passages of a year. */
static const char context_metric_sql[] =
	"SELECT beds_mco, er_passages FROM region_metric"
	" WHERE level = ?1 AND code = ?2 AND year = ?3";

/* Births in the département's (or region's) SAE sites of a year. */
static const char context_births_departement_sql[] =
	"SELECT sum(a.value) FROM sae_activity a JOIN sae_site s"
	" ON s.finess = a.finess AND s.year = a.year"
	" WHERE a.year = ?2 AND a.measure = 'maternity.births'"
	" AND s.departement = ?1";
static const char context_births_region_sql[] =
	"SELECT sum(a.value) FROM sae_activity a JOIN sae_site s"
	" ON s.finess = a.finess AND s.year = a.year"
	" JOIN departement d ON d.code = s.departement"
	" WHERE a.year = ?2 AND a.measure = 'maternity.births'"
	" AND d.region_code = ?1";

static int64_t
context_column(sqlite3_stmt *stmt, int i)
{
	return sqlite3_column_type(stmt, i) == SQLITE_NULL ? HOSPITAL_UNKNOWN :
	    sqlite3_column_int64(stmt, i);
}

/* Reads one territory's totals into the departement or region member. */
static int
context_territory(struct query_db *q, struct hospital_detail *d,
    const char *level, const char *code, int region, char **cause)
{
	struct hospital_share *c = d->context;
	sqlite3_stmt *stmt;
	int64_t *beds = region ? &c[0].region : &c[0].departement;
	int64_t *er = region ? &c[1].region : &c[1].departement;
	int64_t *births = region ? &c[2].region : &c[2].departement;
	int rc;

	if ((stmt = query_db_statement(q, context_metric_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, d->context_year);
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		*beds = context_column(stmt, 0);
		*er = context_column(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc < 0)
		return -1;
	if ((stmt = query_db_statement(q, region ? context_births_region_sql :
	    context_births_departement_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, d->context_year);
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		*births = context_column(stmt, 0);
	sqlite3_reset(stmt);
	return rc < 0 ? -1 : 0;
}

int
hospital_context_read(struct query_db *q, struct hospital_detail *d,
    char **cause)
{
	const struct hospital_year *y;
	const struct sae_measure *births = sae_measure_find("maternity.births");
	struct hospital_share *c = d->context;
	int64_t v, er = HOSPITAL_UNKNOWN;
	int i;

	/* The keys are JSON's; the labels are shown as they are, translated. */
	c[0] = (struct hospital_share){ "beds_mco", _("MCO beds"),
	    _("MCO beds"), HOSPITAL_UNKNOWN, HOSPITAL_UNKNOWN,
	    HOSPITAL_UNKNOWN };
	c[1] = (struct hospital_share){ "er_passages", _("Emergency visits"),
	    /* TRANSLATORS: "Emergency visits" where room is short. */
	    _("ER visits"), HOSPITAL_UNKNOWN, HOSPITAL_UNKNOWN,
	    HOSPITAL_UNKNOWN };
	c[2] = (struct hospital_share){ "births", _("Births"), _("Births"),
	    HOSPITAL_UNKNOWN, HOSPITAL_UNKNOWN, HOSPITAL_UNKNOWN };
	if (d->nyears == 0)
		return 0;
	y = &d->years[d->nyears - 1];
	d->context_year = y->year;
	c[0].site = y->beds_mco;
	/* Every kind of unit's passages, as region_metric counts them. */
	for (i = 0; i < 3; i++) {
		v = i == 0 ? y->er_passages_general : i == 1 ?
		    y->er_passages_paediatric : y->er_passages_other;
		if (v != HOSPITAL_UNKNOWN)
			er = (er == HOSPITAL_UNKNOWN ? 0 : er) + v;
	}
	c[1].site = er;
	c[2].site = hospital_activity_value(d, d->nyears - 1,
	    sae_measure_index(births));
	if (d->row.departement != NULL && context_territory(q, d, "departement",
	    d->row.departement, 0, cause) != 0)
		return -1;
	if (d->row.region != NULL && context_territory(q, d, "region",
	    d->row.region, 1, cause) != 0)
		return -1;
	return 0;
}

const char *
hospital_share_text(int64_t part, int64_t whole, char buf[16])
{
	char wide[48];

	if (part == HOSPITAL_UNKNOWN || whole == HOSPITAL_UNKNOWN || whole <= 0 ||
	    part < 0)
		return "";
	texttable_percent(100.0 * (double)part / (double)whole, 1, 0, wide);
	snprintf(buf, 16, "%.15s", wide);
	return buf;
}

json_t *
hospital_context_json(const struct hospital_detail *d)
{
	const struct hospital_share *c;
	json_t *o, *figures;
	int i;

	if (d->context_year == 0)
		return json_null();
	figures = json_object();
	for (i = 0; i < HOSPITAL_NSHARES; i++) {
		c = &d->context[i];
		json_object_set_new(figures, c->key, json_pack("{s:o, s:o, s:o}",
		    "site", c->site == HOSPITAL_UNKNOWN ? json_null() :
		    json_integer(c->site), "departement", c->departement ==
		    HOSPITAL_UNKNOWN ? json_null() : json_integer(c->departement),
		    "region", c->region == HOSPITAL_UNKNOWN ? json_null() :
		    json_integer(c->region)));
	}
	o = json_pack("{s:i, s:o}", "year", d->context_year, "figures", figures);
	return o;
}
