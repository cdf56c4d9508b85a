/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consolidate_int.h"
#include "i18n.h"
#include "dataset.h"
#include "db.h"
#include "fold.h"
#include "import_engine.h"
#include "number.h"
#include "refdb.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* How many rows that cannot be carried are named in the report, per table. */
#define CONS_REJECTS_SHOWN 3

/* Tables that are not reference data, and why they stay out. */
static const struct {
	const char	*name;
	const char	*reason;
} cons_left_out[] = {
	{ "api_cache", N_("a cache of answers from web services, refetched on "
	    "demand") },
	{ "compressed_sessions", N_("a cache: summaries of sessions, rebuilt "
	    "from them") },
	{ "documents", N_("documents users uploaded: private, and not "
	    "reference data") },
	{ "app_metadata", N_("the prototype's own settings, meaningless to "
	    "mediflux") },
	{ NULL, NULL },
};

/* Derived tables: recomputed in OUT from the establishments carried. */
static const char *const cons_derived[] = {
	"regional_metrics", "sae_regional_metrics", NULL,
};

/* Per-user tables: written to the user databases, never into OUT. */
static const char *const cons_per_user[] = {
	"user_profiles", "users", "sessions", "session_history", NULL,
};

/* One prototype table being read. */
struct cons_proto {
	struct cons		*c;
	struct cons_input	*in;
	const char		*table;
	sqlite3_stmt		*rows;		/* rowid, then the columns asked */
	int64_t			 rowid;
	int64_t			 read, kept, rejected, superseded;
	int64_t			 dataset_id;
	struct consolidate_table *report;
};

static int
cons_in_list(const char *const *list, const char *name)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* Whether the input's table has a column: 1, 0, or -1 with *cause. */
static int
cons_has_column(sqlite3 *db, const char *table, const char *column,
    char **cause)
{
	sqlite3_stmt *st;
	int found;

	if (db_prepare(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2",
	    &st, cause) != 0)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	found = db_step(st, cause);
	sqlite3_finalize(st);
	return found;
}

/*
 * Starts reading a table: rowid then each of cols (NULL where an optional
 * column is missing); a missing required column (leading '!') is an error.
 */
static int
cons_proto_open(struct cons_proto *p, const char *const *cols, char **cause)
{
	char *sql = xstrdup("SELECT rowid"), *t;
	const char *name;
	char *why = NULL;
	int rc;

	for (; *cols != NULL; cols++) {
		name = **cols == '!' ? *cols + 1 : *cols;
		if ((rc = cons_has_column(p->in->db, p->table, name, &why)) < 0) {
			free(sql);
			error_set(cause, "%s: table %s: %s", p->in->path, p->table,
			    why);
			free(why);
			return -1;
		}
		if (rc == DB_ROW)
			t = xasprintf("%s, \"%s\"", sql, name);
		else if (**cols == '!') {
			free(sql);
			return error_set(cause, _("%s: table %s: no column "
			    "'%s', which it needs to be consolidated"),
			    p->in->path, p->table, name);
		} else
			t = xasprintf("%s, NULL", sql);
		free(sql);
		sql = t;
	}
	t = xasprintf("%s FROM \"%s\" ORDER BY rowid", sql, p->table);
	free(sql);
	rc = db_prepare(p->in->db, t, &p->rows, cause);
	free(t);
	return rc;
}

/* Steps to the next row: 1, 0 at the end, -1 on error. */
static int
cons_proto_next(struct cons_proto *p, char **cause)
{
	char *why = NULL;
	int rc = db_step(p->rows, &why);

	if (rc == DB_ROW) {
		p->rowid = sqlite3_column_int64(p->rows, 0);
		p->read++;
		return 1;
	}
	if (rc == DB_DONE)
		return 0;
	error_set(cause, "%s: table %s: %s", p->in->path, p->table, why);
	free(why);
	return -1;
}

/* Column i (from 1) as text, NULL when empty. */
static const char *
cons_text(struct cons_proto *p, int i)
{
	const char *s = (const char *)sqlite3_column_text(p->rows, i);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Counts a row that cannot be carried, naming the first few. */
static void
cons_reject(struct cons_proto *p, const char *column, const char *why)
{
	if (p->rejected++ >= CONS_REJECTS_SHOWN)
		return;
	cons_note(p->c, _("%s: %s row %lld: column %s: %s"), p->in->name,
	    p->table, (long long)p->rowid, column, why);
}

/*
 * Column i as a whole number: 1 with *out, 0 when empty, -1 when it is not
 * one (the row is rejected, naming column).
 */
static int
cons_int(struct cons_proto *p, int i, const char *column, int64_t *out)
{
	double d;

	switch (sqlite3_column_type(p->rows, i)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		*out = sqlite3_column_int64(p->rows, i);
		return 1;
	case SQLITE_FLOAT:
		d = sqlite3_column_double(p->rows, i);
		if (d > -9e15 && d < 9e15 && d == (double)(int64_t)d) {
			*out = (int64_t)d;
			return 1;
		}
		break;
	default:
		if (cons_text(p, i) == NULL)
			return 0;
		if (number_parse_int(cons_text(p, i), out) == 0)
			return 1;
	}
	cons_reject(p, column, _("not a whole number"));
	return -1;
}

/* Column i as a decimal number, as cons_int. */
static int
cons_real(struct cons_proto *p, int i, const char *column, double *out)
{
	switch (sqlite3_column_type(p->rows, i)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		*out = sqlite3_column_double(p->rows, i);
		return 1;
	default:
		if (cons_text(p, i) == NULL)
			return 0;
		if (number_parse_double(cons_text(p, i), out) == 0)
			return 1;
	}
	cons_reject(p, column, _("not a number"));
	return -1;
}

/* Euros to whole cents, rounded half away from zero (no libm). */
static int64_t
cons_cents(double euros)
{
	return (int64_t)(euros * 100 + (euros >= 0 ? 0.5 : -0.5));
}

/* Starts the provenance row of a table carried. */
static int
cons_proto_dataset(struct cons_proto *p, char **cause)
{
	struct dataset_record rec;
	char *kind, *source, *ts;
	int rc;

	memset(&rec, 0, sizeof rec);
	rec.kind = kind = xasprintf("prototype_%s", p->table);
	rec.source = source = xasprintf("mediflux prototype (Python), table %s",
	    p->table);
	rec.file_name = (char *)p->in->name;
	rec.file_size = p->in->size;
	memcpy(rec.sha256, p->in->sha256, sizeof rec.sha256);
	rec.imported_at = ts = dataset_timestamp_now();
	rc = dataset_insert(p->c->db, &rec, cause);
	free(kind);
	free(source);
	free(ts);
	if (rc != 0)
		return -1;
	p->dataset_id = sqlite3_last_insert_rowid(p->c->db);
	return 0;
}

/* Finishes a table carried: provenance counts and the report's line. */
static int
cons_proto_end(struct cons_proto *p, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(p->c->db, "UPDATE dataset SET rows_read = ?2, rows_kept ="
	    " ?3, rows_rejected = ?4 WHERE id = ?1", &st, cause) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, p->dataset_id);
	sqlite3_bind_int64(st, 2, p->read);
	sqlite3_bind_int64(st, 3, p->kept);
	sqlite3_bind_int64(st, 4, p->rejected);
	rc = import_sql_step(st, "provenance", cause);
	sqlite3_finalize(st);
	p->report = cons_table(p->in, p->table, "carried", p->read);
	p->report->kept = p->kept;
	p->report->left_out = p->read - p->kept;
	return rc;
}

/*
 * The département and region of an INSEE commune or arrondissement code: 1,
 * 0 when it is not in the geography, -1 with *cause.
 */
static int
cons_commune(struct cons *c, const char *code, char **dep, char **reg,
    char **cause)
{
	sqlite3_stmt *st;
	int found;

	*dep = *reg = NULL;
	if (db_prepare(c->db, "SELECT departement_code, region_code FROM commune"
	    " WHERE code = ?1 UNION ALL SELECT departement_code, region_code FROM"
	    " arrondissement WHERE code = ?1", &st, cause) != 0)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((found = db_step(st, cause)) == DB_ROW) {
		*dep = xstrdup((const char *)sqlite3_column_text(st, 0));
		*reg = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return found;
}

/* What an establishment row of the prototype holds, by column index. */
struct cons_site {
	int	finess, name, dep, commune, city, postal, category, address;
	int	beds, emergency, year;	/* 0: none */
};

/*
 * Carries the establishments of hospitals or sae_hospitals: a FINESS that a
 * mediflux import already brought keeps that import's row.
 */
static int
cons_proto_sites(struct cons_proto *p, const struct cons_site *s, char **cause)
{
	sqlite3_stmt *est = NULL, *site = NULL, *have = NULL;
	const char *finess, *name, *commune, *depcol;
	char *dep = NULL, *reg = NULL, *nkey = NULL, *ckey = NULL, count[32];
	int64_t beds, er, year;
	int hb, he, hy, rc = -1, n, k, existing = 0, earlier = 0;

	if (cons_proto_dataset(p, cause) != 0 ||
	    db_prepare(p->c->db, "SELECT e.dataset_id, d.kind LIKE 'prototype%'"
	    " FROM establishment e JOIN dataset d ON d.id = e.dataset_id WHERE"
	    " e.finess = ?1", &have, cause) != 0 ||
	    db_prepare(p->c->db, "INSERT INTO establishment (finess, name,"
	    " address, postal_code, city, commune_code, commune_known,"
	    " finess_departement, departement, region, category_code, name_key,"
	    " city_key, dataset_id, category_label, category_group_code,"
	    " category_group_label) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14, c.label, c.gcode, c.glabel FROM (SELECT"
	    " NULL AS label, NULL AS gcode, NULL AS glabel UNION ALL SELECT"
	    /* A category's labels and group as FINESS gives them, when carried. */
	    " category_label, category_group_code, category_group_label FROM"
	    " (SELECT * FROM establishment WHERE category_code = ?11 AND"
	    " category_group_code IS NOT NULL LIMIT 1)) c ORDER BY c.gcode IS NULL"
	    " LIMIT 1", &est, cause) != 0 ||
	    db_prepare(p->c->db, "INSERT OR IGNORE INTO sae_site (finess, year,"
	    " name, category_code, departement, commune_code, beds_mco,"
	    " er_authorised, beds_source, dataset_id) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, 'MCO', ?9)", &site, cause) != 0)
		goto out;
	while ((n = cons_proto_next(p, cause)) == 1) {
		finess = cons_text(p, s->finess);
		name = cons_text(p, s->name);
		commune = cons_text(p, s->commune);
		depcol = cons_text(p, s->dep);
		if (finess == NULL) {
			cons_reject(p, sqlite3_column_name(p->rows, s->finess),
			    _("empty"));
			continue;
		}
		if (name == NULL) {
			cons_reject(p, sqlite3_column_name(p->rows, s->name),
			    _("empty"));
			continue;
		}
		free(dep);
		free(reg);
		dep = reg = NULL;
		k = commune != NULL ? cons_commune(p->c, commune, &dep, &reg,
		    cause) : DB_ROW;
		if (k < 0)
			goto out;
		if (k == DB_DONE) {
			cons_reject(p, sqlite3_column_name(p->rows, s->commune),
			    _("a commune code that is not in the geography"));
			continue;
		}
		hb = s->beds ? cons_int(p, s->beds, "mco_beds", &beds) : 0;
		he = s->emergency ? cons_int(p, s->emergency,
		    "emergency_services", &er) : 0;
		hy = s->year ? cons_int(p, s->year, "data_year", &year) : 0;
		if (hb < 0 || he < 0 || hy < 0)
			continue;
		sqlite3_bind_text(have, 1, finess, -1, SQLITE_TRANSIENT);
		if ((k = db_step(have, cause)) < 0)
			goto out;
		if (k == DB_ROW &&
		    sqlite3_column_int64(have, 0) != p->dataset_id) {
			if (sqlite3_column_int(have, 1))
				earlier++;
			else
				existing++;
			sqlite3_reset(have);
			p->superseded++;
			continue;
		}
		sqlite3_reset(have);
		if (dep == NULL && depcol != NULL &&
		    import_departement_from_finess(depcol) != NULL)
			dep = xstrdup(import_departement_from_finess(depcol));
		free(nkey);
		free(ckey);
		nkey = fold_key(name);
		ckey = cons_text(p, s->city) != NULL ?
		    fold_key(cons_text(p, s->city)) : NULL;
		sqlite3_bind_text(est, 1, finess, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(est, 2, name, -1, SQLITE_TRANSIENT);
		import_bind_text(est, 3, s->address ? cons_text(p, s->address) :
		    NULL);
		import_bind_text(est, 4, cons_text(p, s->postal));
		import_bind_text(est, 5, cons_text(p, s->city));
		import_bind_text(est, 6, commune);
		sqlite3_bind_int(est, 7, reg != NULL);
		import_bind_text(est, 8, depcol);
		import_bind_text(est, 9, dep);
		import_bind_text(est, 10, reg);
		import_bind_text(est, 11, cons_text(p, s->category));
		sqlite3_bind_text(est, 12, nkey, -1, SQLITE_TRANSIENT);
		import_bind_text(est, 13, ckey);
		sqlite3_bind_int64(est, 14, p->dataset_id);
		if (import_sql_step(est, "establishment", cause) != 0)
			goto out;
		if (sqlite3_changes(p->c->db) == 0) {
			cons_reject(p, sqlite3_column_name(p->rows, s->finess),
			    _("a FINESS seen twice"));
			continue;
		}
		p->kept++;
		if (hy > 0 && (hb > 0 || he > 0)) {
			sqlite3_bind_text(site, 1, finess, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(site, 2, year);
			sqlite3_bind_text(site, 3, name, -1, SQLITE_TRANSIENT);
			import_bind_text(site, 4, cons_text(p, s->category));
			import_bind_text(site, 5, dep);
			import_bind_text(site, 6, commune);
			if (hb > 0)
				sqlite3_bind_int64(site, 7, beds);
			else
				sqlite3_bind_null(site, 7);
			if (he > 0)
				sqlite3_bind_int64(site, 8, er);
			else
				sqlite3_bind_null(site, 8);
			sqlite3_bind_int64(site, 9, p->dataset_id);
			if (import_sql_step(site, "sae_site", cause) != 0)
				goto out;
		}
	}
	if (n < 0)
		goto out;
	rc = cons_proto_end(p, cause);
	if (rc == 0 && existing > 0)
		cons_table_reason(p->report, ngettext("%s establishment "
		    "already carried from a mediflux import (same FINESS), "
		    "which wins",
		    "%s establishments already carried from a mediflux import "
		    "(same FINESS), which wins", (unsigned long)existing),
		    texttable_int(existing, count));
	if (rc == 0 && earlier > 0)
		cons_table_reason(p->report, ngettext("%s establishment "
		    "already carried from an earlier prototype table (same "
		    "FINESS)", "%s establishments already carried from an "
		    "earlier prototype table (same FINESS)",
		    (unsigned long)earlier), texttable_int(earlier, count));
out:
	free(dep);
	free(reg);
	free(nkey);
	free(ckey);
	sqlite3_finalize(est);
	sqlite3_finalize(site);
	sqlite3_finalize(have);
	return rc;
}

static int
cons_proto_hospitals(struct cons_proto *p, char **cause)
{
	static const char *const cols[] = {
		"!finess_id", "!name", "department", "commune_insee", "city",
		"postal_code", "category", "address", "mco_beds",
		"emergency_services", "data_year", NULL,
	};
	static const struct cons_site s = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	int rc;

	if (cons_proto_open(p, cols, cause) != 0)
		return -1;
	rc = cons_proto_sites(p, &s, cause);
	if (rc == 0)
		cons_note(p->c, _("%s: hospitals: occupancy_rate, "
		    "availability_score not carried: computed from a doubtful "
		    "formula, not facts; activity_level, emergency_capacity, "
		    "regional_density not carried: labels computed by the "
		    "prototype"), p->in->name);
	return rc;
}

static int
cons_proto_sae_hospitals(struct cons_proto *p, char **cause)
{
	static const char *const cols[] = {
		"!fi", "!rs", "dep", "cominsee", "nomcom", "cpo", "cat", NULL,
	};
	static const struct cons_site s = { 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0 };

	if (cons_proto_open(p, cols, cause) != 0)
		return -1;
	return cons_proto_sites(p, &s, cause);
}

/*
 * The BEN_REG that covers an INSEE region code in *code: 1, 0 when none
 * does, -1 with *cause.
 */
static int
cons_ben_reg(struct cons *c, const char *region, int *code, char **cause)
{
	sqlite3_stmt *st;
	int found;

	if (db_prepare(c->db, "SELECT code FROM med_region WHERE ',' || regions"
	    " || ',' LIKE '%,' || ?1 || ',%' OR CAST(code AS TEXT) = ?1 ORDER BY"
	    " regions IS NULL LIMIT 1", &st, cause) != 0)
		return -1;
	sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
	if ((found = db_step(st, cause)) == DB_ROW)
		*code = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return found;
}

/* Whether OUT has Open Medic rows of a year from a mediflux import: 1, 0, -1. */
static int
cons_has_openmedic(struct cons *c, int64_t year, char **cause)
{
	sqlite3_stmt *st;
	int found;

	if (db_prepare(c->db, "SELECT 1 FROM dataset WHERE kind = 'openmedic'"
	    " AND year = ?1", &st, cause) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, year);
	found = db_step(st, cause);
	sqlite3_finalize(st);
	return found;
}

/*
 * Carries medications as Open Medic facts at product level: per data_year
 * and region, with neither age, sex nor prescriber declared.
 */
static int
cons_proto_medications(struct cons_proto *p, char **cause)
{
	static const char *const cols[] = {
		"!cip13", "denomination", "atc_code", "base_remb", "nb_boites",
		"montant_remb", "!region_code", "!data_year", NULL,
	};
	sqlite3_stmt *prod = NULL, *fact = NULL, *atc = NULL;
	const char *cip, *code, *reg;
	char part[8], number[32];
	int64_t year, boxes;
	double rem, bse;
	int hb, hr, hs, n, k, rc = -1, lvl, ben = 0, superseded_years = 0;
	static const int len[] = { 1, 3, 4, 5, 7 };
	int64_t last_year = -1;

	if (cons_proto_open(p, cols, cause) != 0 ||
	    cons_proto_dataset(p, cause) != 0 ||
	    db_prepare(p->c->db, "INSERT INTO med_product (cip13, label, atc1,"
	    " atc2, atc3, atc4, atc5) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (cip13) DO NOTHING", &prod, cause) != 0 ||
	    db_prepare(p->c->db, "INSERT OR IGNORE INTO atc (code, level, parent)"
	    " VALUES (?1, ?2, ?3)", &atc, cause) != 0 ||
	    /* One year, one rowid range, as the import numbers them. */
	    db_prepare(p->c->db, "INSERT INTO temp.proto_fact (id, year,"
	    " product_id, region, boxes, reimbursed_cents, base_cents) VALUES"
	    " ((SELECT coalesce(max(id), ?2 << 32) + 1 FROM temp.proto_fact"
	    " WHERE id >= ?2 << 32 AND id < (?2 + 1) << 32), ?2,"
	    " (SELECT id FROM med_product WHERE cip13 = ?3), ?4, ?5, ?6, ?7)",
	    &fact, cause) != 0)
		goto out;
	while ((n = cons_proto_next(p, cause)) == 1) {
		cip = cons_text(p, 1);
		code = cons_text(p, 3);
		reg = cons_text(p, 7);
		if (cip == NULL || strlen(cip) != 13 ||
		    strspn(cip, "0123456789") != 13) {
			cons_reject(p, "cip13", _("not a CIP13 code"));
			continue;
		}
		if (cons_int(p, 8, "data_year", &year) <= 0) {
			if (sqlite3_column_type(p->rows, 8) == SQLITE_NULL)
				cons_reject(p, "data_year", _("empty"));
			continue;
		}
		k = reg != NULL ? cons_ben_reg(p->c, reg, &ben, cause) : DB_DONE;
		if (k < 0)
			goto out;
		if (k == DB_DONE) {
			cons_reject(p, "region_code", _("not a region code"));
			continue;
		}
		if ((hb = cons_int(p, 5, "nb_boites", &boxes)) < 0 ||
		    (hr = cons_real(p, 6, "montant_remb", &rem)) < 0 ||
		    (hs = cons_real(p, 4, "base_remb", &bse)) < 0)
			continue;
		if ((k = cons_has_openmedic(p->c, year, cause)) < 0)
			goto out;
		if (k == DB_ROW) {
			p->superseded++;
			if (year != last_year)
				superseded_years++;
			last_year = year;
			continue;
		}
		sqlite3_bind_text(prod, 1, cip, -1, SQLITE_TRANSIENT);
		import_bind_text(prod, 2, cons_text(p, 2));
		for (lvl = 0; lvl < 5; lvl++) {
			if (code != NULL && strlen(code) >= (size_t)len[lvl]) {
				memcpy(part, code, (size_t)len[lvl]);
				part[len[lvl]] = '\0';
				sqlite3_bind_text(prod, 3 + lvl, part, -1,
				    SQLITE_TRANSIENT);
				sqlite3_bind_text(atc, 1, part, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int(atc, 2, lvl + 1);
				if (lvl > 0) {
					part[len[lvl - 1]] = '\0';
					sqlite3_bind_text(atc, 3, part, -1,
					    SQLITE_TRANSIENT);
				} else
					sqlite3_bind_null(atc, 3);
				if (import_sql_step(atc, "atc", cause) != 0)
					goto out;
			} else
				sqlite3_bind_null(prod, 3 + lvl);
		}
		if (import_sql_step(prod, "med_product", cause) != 0)
			goto out;
		sqlite3_bind_int64(fact, 2, year);
		sqlite3_bind_text(fact, 3, cip, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(fact, 4, ben);
		if (hb > 0)
			sqlite3_bind_int64(fact, 5, boxes);
		else
			sqlite3_bind_null(fact, 5);
		if (hr > 0)
			sqlite3_bind_int64(fact, 6, cons_cents(rem));
		else
			sqlite3_bind_null(fact, 6);
		if (hs > 0)
			sqlite3_bind_int64(fact, 7, cons_cents(bse));
		else
			sqlite3_bind_null(fact, 7);
		if (import_sql_step(fact, "med_fact_run", cause) != 0)
			goto out;
		p->kept++;
	}
	if (n < 0)
		goto out;
	rc = cons_proto_end(p, cause);
	if (rc == 0 && p->superseded > 0)
		cons_table_reason(p->report, ngettext("%s row of years a "
		    "mediflux Open Medic import holds, which wins", "%s rows "
		    "of years a mediflux Open Medic import holds, which wins",
		    (unsigned long)p->superseded),
		    texttable_int(p->superseded, number));
	if (rc == 0)
		cons_note(p->c, _("%s: medications: taux_remb not carried: a "
		    "rate, derived from the amounts"), p->in->name);
out:
	(void)superseded_years;
	sqlite3_finalize(prod);
	sqlite3_finalize(fact);
	sqlite3_finalize(atc);
	return rc;
}

/*
 * The level of a territory code in OUT's geography in *out, NULL when
 * unknown (-1 with *cause when it cannot be read): want is the level the
 * column says, or NULL to tell by the name given (84 is both Vaucluse and
 * Auvergne-Rhône-Alpes).
 */
static int
cons_territory_level(struct cons *c, const char *code, const char *want,
    const char *name, const char **out, char **cause)
{
	sqlite3_stmt *st;
	const char *level = NULL;
	char *key = NULL;
	int rc;

	if (code == NULL || strcmp(code, "FR") == 0 || strcmp(code, "FRA") == 0) {
		*out = "france";
		return 0;
	}
	if (db_prepare(c->db, "SELECT 'departement', name_key = ?2 FROM"
	    " departement WHERE code = ?1 UNION ALL SELECT 'region', name_key ="
	    " ?2 FROM region WHERE code = ?1", &st, cause) != 0)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (name != NULL) {
		key = fold_key(name);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	}
	while ((rc = db_step(st, cause)) == DB_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 0);

		if (want != NULL ? strcmp(l, want) != 0 :
		    level != NULL && !sqlite3_column_int(st, 1))
			continue;
		level = strcmp(l, "region") == 0 ? "region" : "departement";
		if (want != NULL || sqlite3_column_int(st, 1))
			break;
	}
	sqlite3_finalize(st);
	free(key);
	*out = level;
	return rc < 0 ? -1 : 0;
}

/*
 * Carries professional_demographics (profession, region_code, department,
 * year, count, density_per_100k, age_avg) or drees_professional_density
 * (profession, territoire_code, territoire_nom, year, effectif, densite_100k)
 * as totals of the professional table.
 */
static int
cons_proto_professionals(struct cons_proto *p, int drees, char **cause)
{
	static const char *const proto_cols[] = {
		"!profession", "region_code", "department", "!year", "count",
		"density_per_100k", "age_avg", NULL,
	};
	static const char *const drees_cols[] = {
		"!profession", "territoire_code", "territoire_nom", "!year",
		"effectif", "densite_100k", NULL,
	};
	sqlite3_stmt *ins = NULL;
	const char *prof, *code, *level;
	char number[32];
	int64_t year, count;
	double density, age;
	int hc, hd, ha = 0, n, rc = -1, existing = 0;

	if (cons_proto_open(p, drees ? drees_cols : proto_cols, cause) != 0 ||
	    cons_proto_dataset(p, cause) != 0 ||
	    db_prepare(p->c->db, "INSERT OR IGNORE INTO professional (profession,"
	    " year, level, territory, territory_label, specialty_group,"
	    " specialty, practice, age_band, sex, is_total, count, density,"
	    " mean_age, dataset_id) VALUES (?1, ?2, ?3, ?4, ?5, '', '', '', '',"
	    " '', 1, ?6, ?7, ?8, ?9)", &ins, cause) != 0)
		goto out;
	while ((n = cons_proto_next(p, cause)) == 1) {
		prof = cons_text(p, 1);
		if (prof == NULL) {
			cons_reject(p, "profession", _("empty"));
			continue;
		}
		/* The département when given, else the region. */
		code = drees ? cons_text(p, 2) : cons_text(p, 3) != NULL ?
		    cons_text(p, 3) : cons_text(p, 2);
		if (cons_territory_level(p->c, code, drees ? NULL :
		    cons_text(p, 3) != NULL ? "departement" : "region",
		    drees ? cons_text(p, 3) : NULL, &level, cause) != 0)
			goto out;
		if (level == NULL) {
			cons_reject(p, drees ? "territoire_code" : cons_text(p, 3)
			    != NULL ? "department" : "region_code",
			    _("a code that is not in the geography"));
			continue;
		}
		if (cons_int(p, 4, "year", &year) <= 0) {
			if (sqlite3_column_type(p->rows, 4) == SQLITE_NULL)
				cons_reject(p, "year", _("empty"));
			continue;
		}
		if ((hc = cons_int(p, 5, drees ? "effectif" : "count", &count)) < 0 ||
		    (hd = cons_real(p, 6, drees ? "densite_100k" :
		    "density_per_100k", &density)) < 0 ||
		    (!drees && (ha = cons_real(p, 7, "age_avg", &age)) < 0))
			continue;
		sqlite3_bind_text(ins, 1, prof, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 2, year);
		sqlite3_bind_text(ins, 3, level, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, strcmp(level, "france") == 0 ? "" : code,
		    -1, SQLITE_TRANSIENT);
		import_bind_text(ins, 5, drees ? cons_text(p, 3) : NULL);
		if (hc > 0)
			sqlite3_bind_int64(ins, 6, count);
		else
			sqlite3_bind_null(ins, 6);
		if (hd > 0)
			sqlite3_bind_double(ins, 7, density);
		else
			sqlite3_bind_null(ins, 7);
		if (ha > 0)
			sqlite3_bind_double(ins, 8, age);
		else
			sqlite3_bind_null(ins, 8);
		sqlite3_bind_int64(ins, 9, p->dataset_id);
		if (import_sql_step(ins, "professional", cause) != 0)
			goto out;
		if (sqlite3_changes(p->c->db) == 0) {
			existing++;
			p->superseded++;
			continue;
		}
		p->kept++;
	}
	if (n < 0)
		goto out;
	rc = cons_proto_end(p, cause);
	if (rc == 0 && existing > 0)
		cons_table_reason(p->report, ngettext("%s row already carried "
		    "(same profession, year and territory)", "%s rows already "
		    "carried (same profession, year and territory)",
		    (unsigned long)existing), texttable_int(existing, number));
	if (rc == 0)
		cons_note(p->c, _("%s: %s: %s not carried: %s"), p->in->name,
		    p->table, drees ? "density_category, population" :
		    "female_percentage", drees ? _("a label the prototype "
		    "computed, and the population is the geography's") :
		    _("no place for it in mediflux's professional table"));
out:
	sqlite3_finalize(ins);
	return rc;
}

/* Completes the report line of a table carried with its rejected rows. */
static void
cons_proto_reason(struct cons_proto *p)
{
	char n[32];

	if (p->report == NULL || p->rejected == 0)
		return;
	cons_table_reason(p->report, ngettext("%s row that cannot be "
	    "carried (see below)", "%s rows that cannot be carried (see "
	    "below)", (unsigned long)p->rejected), texttable_int(p->rejected,
	    n));
}

/* Reads and carries (or reports) one table of a prototype file. */
static int
cons_proto_table(struct cons *c, struct cons_input *in, const char *name,
    char **cause)
{
	struct consolidate_table *t;
	struct cons_proto p;
	char number[32];
	int64_t rows;
	int i, rc = 0;

	if (db_count_rows(in->db, name, &rows, cause) != 0)
		return -1;
	memset(&p, 0, sizeof p);
	p.c = c;
	p.in = in;
	p.table = name;
	if (strcmp(name, "hospitals") == 0)
		rc = cons_proto_hospitals(&p, cause);
	else if (strcmp(name, "sae_hospitals") == 0)
		rc = cons_proto_sae_hospitals(&p, cause);
	else if (strcmp(name, "medications") == 0)
		rc = cons_proto_medications(&p, cause);
	else if (strcmp(name, "professional_demographics") == 0)
		rc = cons_proto_professionals(&p, 0, cause);
	else if (strcmp(name, "drees_professional_density") == 0)
		rc = cons_proto_professionals(&p, 1, cause);
	else if (cons_in_list(cons_derived, name)) {
		t = cons_table(in, name, "derived", rows);
		t->left_out = rows;
		cons_table_reason(t, "%s", _("derived: recomputed from the "
		    "carried establishments, not copied"));
	} else if (strcmp(name, "sae_mco_activity") == 0 ||
	    strcmp(name, "sae_urgences") == 0) {
		t = cons_table(in, name, "left out", rows);
		t->left_out = rows;
		cons_table_reason(t, "%s", _("no year: SAE figures are kept "
		    "for the year they describe"));
	} else if (cons_in_list(cons_per_user, name)) {
		/* Reported by src/consolidate_users.c, which reads them. */
	} else {
		for (i = 0; cons_left_out[i].name != NULL; i++)
			if (strcmp(name, cons_left_out[i].name) == 0)
				break;
		if (cons_left_out[i].name != NULL) {
			t = cons_table(in, name, "left out", rows);
			t->left_out = rows;
			cons_table_reason(t, "%s", _(cons_left_out[i].reason));
		} else {
			t = cons_table(in, name, "unknown", rows);
			t->left_out = rows;
			cons_table_reason(t, ngettext("not consolidated: "
			    "unknown table %s (%s row)", "not consolidated: "
			    "unknown table %s (%s rows)",
			    (unsigned long)rows),
			    t->name, texttable_int(rows, number));
		}
	}
	sqlite3_finalize(p.rows);
	if (rc == 0)
		cons_proto_reason(&p);
	return rc;
}

/* Reads every table of a prototype file, in name order. */
static int
cons_prototype_input(struct cons *c, struct cons_input *in, char **cause)
{
	sqlite3_stmt *st;
	char **names = NULL, *why = NULL;
	size_t n = 0, i;
	int rc;

	if (db_prepare(in->db, "SELECT name FROM sqlite_master WHERE type ="
	    " 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
	    &st, cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		rc = error_set(cause, "%s: %s", in->path, why);
		free(why);
	} else
		rc = 0;
	/* Establishments first: the figures of other tables refer to them. */
	for (i = 0; i < n && rc == 0; i++)
		if (strcmp(names[i], "hospitals") == 0)
			rc = cons_proto_table(c, in, names[i], cause);
	for (i = 0; i < n && rc == 0; i++)
		if (strcmp(names[i], "hospitals") != 0)
			rc = cons_proto_table(c, in, names[i], cause);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
cons_prototype_inputs(struct cons *c, char **cause)
{
	size_t i;

	/* Their medications as rows first, packed into med_fact_run once all are read. */
	if (db_exec(c->db, "CREATE TEMP TABLE proto_fact " REFDB_MED_FACT_COLUMNS,
	    cause) != 0)
		return -1;
	for (i = 0; i < c->ninputs; i++)
		if (c->inputs[i].kind == CONS_PROTOTYPE &&
		    cons_prototype_input(c, &c->inputs[i], cause) != 0)
			return -1;
	return db_exec(c->db, REFDB_MED_FACT_PACK_SQL("temp.proto_fact")
	    "DROP TABLE temp.proto_fact;", cause);
}
