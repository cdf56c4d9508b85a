/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "finess.h"
#include "hospital_activity.h"
#include "hospital_context.h"
#include "i18n.h"
#include "query_hospital.h"
#include "xmalloc.h"

#define DETAIL_FIELD(key, member) \
	{ key, offsetof(struct hospital_detail, member) }

/* After the row's columns, in this order (detail_sql). */
static const struct hospital_text_field detail_fields[] = {
	DETAIL_FIELD("finess_ej", finess_ej),
	DETAIL_FIELD("long_name", long_name),
	DETAIL_FIELD("name_extra", name_extra),
	DETAIL_FIELD("category_group", category_group),
	DETAIL_FIELD("siret", siret),
	DETAIL_FIELD("ape", ape),
	DETAIL_FIELD("mft_code", mft_code),
	DETAIL_FIELD("mft_label", mft_label),
	DETAIL_FIELD("sph_code", sph_code),
	DETAIL_FIELD("sph_label", sph_label),
	DETAIL_FIELD("opened", opened),
	DETAIL_FIELD("authorised", authorised),
	DETAIL_FIELD("updated", updated),
	DETAIL_FIELD("address", address),
	DETAIL_FIELD("address_extra", address_extra),
	DETAIL_FIELD("commune_name", commune_name),
	DETAIL_FIELD("finess_departement", finess_departement),
	DETAIL_FIELD("phone", phone),
	DETAIL_FIELD("fax", fax),
	DETAIL_FIELD("coord_source", coord_source),
	DETAIL_FIELD("coord_updated", coord_updated),
};

#define DETAIL_NFIELDS	(sizeof detail_fields / sizeof detail_fields[0])

#define SOURCE_FIELD(key, member) \
	{ key, offsetof(struct hospital_source, member) }

static const struct hospital_text_field source_fields[] = {
	SOURCE_FIELD("kind", kind),
	SOURCE_FIELD("file_name", file_name),
	SOURCE_FIELD("sha256", sha256),
	SOURCE_FIELD("imported_at", imported_at),
};

#define SOURCE_NFIELDS	(sizeof source_fields / sizeof source_fields[0])

/* The columns detail_source_read expects, from dataset ds. */
#define SOURCE_COLUMNS \
	"ds.kind, ds.file_name, ds.sha256, ds.imported_at, ds.year, ds.sample"

static const char detail_sql[] =
	"SELECT " HOSPITAL_ROW_COLUMNS ","
	" e.finess_ej, e.long_name, e.name_extra, e.category_group_label,"
	" e.siret, e.ape, e.mft_code, e.mft_label, e.sph_code, e.sph_label,"
	" e.opened, e.authorised, e.updated, e.address, e.address_extra,"
	" coalesce(a.name, c.name), e.finess_departement, e.phone, e.fax,"
	" e.coord_source, e.coord_updated,"
	" e.commune_known, e.coord_x, e.coord_y, e.coord_epsg, " SOURCE_COLUMNS
	" FROM establishment e" HOSPITAL_ROW_JOINS
	" LEFT JOIN commune c ON c.code = e.commune_code"
	" LEFT JOIN arrondissement a ON a.code = e.commune_code"
	" LEFT JOIN dataset ds ON ds.id = e.dataset_id"
	" WHERE e.finess = ?1";

#define YEAR_FIGURE(key, label, member, yes_no) \
	{ key, label, offsetof(struct hospital_year, member), yes_no, 0 }
#define YEAR_FIGURE_OPTIONAL(key, label, member) \
	{ key, label, offsetof(struct hospital_year, member), 0, 1 }

/*
 * After the year, in the order of year_sql; the labels are marked here and
 * translated where they are shown.
 */
const struct hospital_figure hospital_figures[HOSPITAL_NFIGURES] = {
	YEAR_FIGURE("beds_mco", N_("MCO beds"), beds_mco, 0),
	YEAR_FIGURE("places_mco", N_("MCO places"), places_mco, 0),
	YEAR_FIGURE("stays_full_mco", N_("MCO full stays"), stays_full_mco, 0),
	YEAR_FIGURE("stays_partial_mco", N_("MCO partial stays"),
	    stays_partial_mco, 0),
	YEAR_FIGURE("er_passages_general", N_("Emergency visits"),
	    er_passages_general, 0),
	YEAR_FIGURE("er_passages_paediatric", N_("Paediatric emergency visits"),
	    er_passages_paediatric, 0),
	YEAR_FIGURE_OPTIONAL("er_passages_other",
	    N_("Emergency visits (other units)"), er_passages_other),
	YEAR_FIGURE("er_authorised", N_("Emergencies authorised"),
	    er_authorised, 1),
};

static const char year_sql[] =
	"SELECT s.year, s.beds_mco, s.places_mco, s.stays_full_mco,"
	" s.stays_partial_mco, s.er_passages_general, s.er_passages_paediatric,"
	" s.er_passages_other, s.er_authorised, s.beds_source, " SOURCE_COLUMNS
	" FROM sae_site s LEFT JOIN dataset ds ON ds.id = s.dataset_id"
	" WHERE s.finess = ?1 ORDER BY s.year";

int
hospital_figure_shown(const struct hospital_year *years, size_t nyears,
    const struct hospital_figure *f)
{
	size_t i;

	for (i = 0; f->optional && i < nyears; i++) {
		if (hospital_year_value(&years[i], f) != HOSPITAL_UNKNOWN)
			return 1;
	}
	return !f->optional;
}

char *
hospital_finess_parse(const char *text)
{
	const char *s = text + strspn(text, " \t");
	char *finess;
	size_t n = strcspn(s, " \t");

	if (n != 9 || s[9 + strspn(s + 9, " \t")] != '\0')
		return NULL;
	finess = xstrndup(s, 9);
	if (finess[1] == 'a' || finess[1] == 'b')
		finess[1] -= 32;
	if (!finess_number_valid(finess)) {
		free(finess);
		return NULL;
	}
	return finess;
}

/* Reads a dataset's provenance (SOURCE_COLUMNS) from column first on. */
static void
detail_source_read(struct hospital_source *s, sqlite3_stmt *stmt, int first)
{
	hospital_text_fields_read(source_fields, SOURCE_NFIELDS, s, stmt, first);
	s->year = sqlite3_column_int(stmt, first + (int)SOURCE_NFIELDS);
	s->sample = sqlite3_column_int(stmt, first + (int)SOURCE_NFIELDS + 1);
}

static json_t *
detail_source_json(const struct hospital_source *s)
{
	json_t *o = json_object();

	hospital_text_fields_json(source_fields, SOURCE_NFIELDS, s, o);
	json_object_set_new(o, "year", s->year ? json_integer(s->year) :
	    json_null());
	json_object_set_new(o, "sample", json_boolean(s->sample));
	return o;
}

/* The member of y a figure stands for. */
static int64_t *
detail_figure_slot(const struct hospital_figure *f, const struct hospital_year *y)
{
	return (int64_t *)((char *)(uintptr_t)y + f->offset);
}

int64_t
hospital_year_value(const struct hospital_year *y, const struct hospital_figure *f)
{
	return *detail_figure_slot(f, y);
}

/* Reads the site's SAE years. */
static int
detail_read_years(struct query_db *q, const char *finess,
    struct hospital_detail *d, char **cause)
{
	struct hospital_year *y;
	sqlite3_stmt *stmt;
	size_t i, size = 0;
	int rc, col;

	if ((stmt = query_db_statement(q, year_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, finess, -1, SQLITE_STATIC);
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		if (d->nyears == size) {
			size = size ? 2 * size : 4;
			d->years = xreallocarray(d->years, size, sizeof *d->years);
		}
		y = &d->years[d->nyears++];
		memset(y, 0, sizeof *y);
		y->year = sqlite3_column_int(stmt, 0);
		for (i = 0; i < HOSPITAL_NFIGURES; i++) {
			col = 1 + (int)i;
			*detail_figure_slot(&hospital_figures[i], y) =
			    sqlite3_column_type(stmt, col) == SQLITE_NULL ?
			    HOSPITAL_UNKNOWN : sqlite3_column_int64(stmt, col);
		}
		col = 1 + (int)HOSPITAL_NFIGURES;
		if (sqlite3_column_type(stmt, col) != SQLITE_NULL)
			y->beds_source = xstrdup((const char *)
			    sqlite3_column_text(stmt, col));
		detail_source_read(&y->source, stmt, col + 1);
	}
	sqlite3_reset(stmt);
	if (rc != DB_DONE)
		return -1;
	return 0;
}

/* The detail is sample data when one of its sources (FINESS, SAE years) is. */
static void
detail_note_sample(struct hospital_detail *d)
{
	size_t i;

	if (d->source.sample)
		query_sample_add(&d->sample, d->source.kind != NULL ?
		    d->source.kind : "", d->source.year);
	for (i = 0; i < d->nyears; i++)
		if (d->years[i].source.sample)
			query_sample_add(&d->sample, d->years[i].source.kind !=
			    NULL ? d->years[i].source.kind : "",
			    d->years[i].source.year);
}

/* hospital_detail_get, inside the read transaction its caller opened. */
static int
detail_find(struct query_db *q, const char *finess,
    struct hospital_detail **out, char **cause)
{
	struct hospital_detail *d = NULL;
	sqlite3_stmt *stmt;
	char *key;
	int rc, col;

	*out = NULL;
	if ((key = hospital_finess_parse(finess)) == NULL)
		return 1;
	if ((stmt = query_db_statement(q, detail_sql, cause)) == NULL) {
		free(key);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		d = xcalloc(1, sizeof *d);
		hospital_row_read(&d->row, stmt, 0);
		col = HOSPITAL_ROW_NCOLUMNS;
		hospital_text_fields_read(detail_fields, DETAIL_NFIELDS, d, stmt,
		    col);
		col += (int)DETAIL_NFIELDS;
		d->commune_known = sqlite3_column_int(stmt, col);
		d->has_coordinates = sqlite3_column_type(stmt, col + 1) !=
		    SQLITE_NULL && sqlite3_column_type(stmt, col + 2) != SQLITE_NULL;
		d->coord_x = sqlite3_column_double(stmt, col + 1);
		d->coord_y = sqlite3_column_double(stmt, col + 2);
		d->coord_epsg = sqlite3_column_int(stmt, col + 3);
		detail_source_read(&d->source, stmt, col + 4);
	}
	sqlite3_reset(stmt);
	if (rc < 0) {
		free(key);
		return -1;
	}
	if (d != NULL && (detail_read_years(q, key, d, cause) != 0 ||
	    hospital_activity_read(q, key, d, cause) != 0 ||
	    hospital_context_read(q, d, cause) != 0)) {
		hospital_detail_free(d);
		free(key);
		return -1;
	}
	free(key);
	if (d != NULL)
		detail_note_sample(d);
	*out = d;
	return d != NULL ? 0 : 1;
}

int
hospital_detail_get(struct query_db *q, const char *finess,
    struct hospital_detail **out, char **cause)
{
	int rc;

	if (query_db_begin(q, cause) != 0)
		return -1;
	rc = detail_find(q, finess, out, cause);
	query_db_end(q);
	return rc;
}

static void
detail_source_clear(struct hospital_source *s)
{
	hospital_text_fields_free(source_fields, SOURCE_NFIELDS, s);
}

void
hospital_detail_free(struct hospital_detail *d)
{
	size_t i;

	if (d == NULL)
		return;
	hospital_row_clear(&d->row);
	hospital_text_fields_free(detail_fields, DETAIL_NFIELDS, d);
	detail_source_clear(&d->source);
	for (i = 0; i < d->nyears; i++) {
		free(d->years[i].beds_source);
		detail_source_clear(&d->years[i].source);
	}
	free(d->years);
	free(d->activity);
	query_sample_clear(&d->sample);
	free(d);
}

static json_t *
detail_year_json(const struct hospital_year *y)
{
	json_t *o = json_object();
	int64_t v;
	size_t i;

	json_object_set_new(o, "year", json_integer(y->year));
	for (i = 0; i < HOSPITAL_NFIGURES; i++) {
		v = hospital_year_value(y, &hospital_figures[i]);
		json_object_set_new(o, hospital_figures[i].key,
		    v == HOSPITAL_UNKNOWN ? json_null() : hospital_figures[i].yes_no ?
		    json_boolean(v) : json_integer(v));
	}
	json_object_set_new(o, "beds_source", y->beds_source != NULL ?
	    json_string(y->beds_source) : json_null());
	json_object_set_new(o, "source", detail_source_json(&y->source));
	return o;
}

json_t *
hospital_detail_to_json(const struct query_db *q,
    const struct hospital_detail *d)
{
	json_t *o, *years;
	size_t i;

	o = query_json_envelope(q, &d->sample);
	hospital_row_to_json(&d->row, o);
	hospital_text_fields_json(detail_fields, DETAIL_NFIELDS, d, o);
	json_object_set_new(o, "commune_known", json_boolean(d->commune_known));
	json_object_set_new(o, "coord_x", d->has_coordinates ?
	    json_real(d->coord_x) : json_null());
	json_object_set_new(o, "coord_y", d->has_coordinates ?
	    json_real(d->coord_y) : json_null());
	json_object_set_new(o, "coord_epsg", d->has_coordinates &&
	    d->coord_epsg != 0 ? json_integer(d->coord_epsg) : json_null());
	json_object_set_new(o, "source", detail_source_json(&d->source));
	years = json_array();
	for (i = 0; i < d->nyears; i++)
		json_array_append_new(years, detail_year_json(&d->years[i]));
	json_object_set_new(o, "sae", years);
	json_object_set_new(o, "activities", hospital_activity_json(d));
	json_object_set_new(o, "context", hospital_context_json(d));
	return o;
}
