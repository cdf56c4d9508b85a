/* SPDX-License-Identifier: ISC */
/*
 * FINESS extracts (cs1100502, and cs1100507 with its geolocalisation section):
 * no header, a meta line, then one record per line named by its first field.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "finess.h"
#include "fold.h"
#include "hashmap.h"
#include "i18n.h"
#include "import_engine.h"
#include "number.h"
#include "position.h"
#include "utf8.h"
#include "xmalloc.h"

/* structureet field positions (official XSD). */
enum {
	FI_NOFINESSET = 1, FI_NOFINESSEJ, FI_RS, FI_RSLONGUE, FI_COMPLRS,
	FI_COMPLDISTRIB, FI_NUMVOIE, FI_TYPVOIE, FI_VOIE, FI_COMPVOIE,
	FI_LIEUDITBP, FI_COMMUNE, FI_DEPARTEMENT, FI_LIBDEPARTEMENT,
	FI_LIGNEACHEMINEMENT, FI_TELEPHONE, FI_TELECOPIE, FI_CATEGETAB,
	FI_LIBCATEGETAB, FI_CATEGAGRETAB, FI_LIBCATEGAGRETAB, FI_SIRET,
	FI_CODEAPE, FI_CODEMFT, FI_LIBMFT, FI_CODESPH, FI_LIBSPH, FI_DATEOUV,
	FI_DATEAUTOR, FI_DATEMAJ, FI_NUMUAI
};

/* DOM and COM département codes as FINESS writes them, and INSEE's. */
static const struct {
	const char	*finess;
	const char	*insee;
} finess_overseas[] = {
	{ "9A", "971" }, { "9B", "972" }, { "9C", "973" }, { "9D", "974" },
	{ "9E", "975" }, { "9F", "976" }, { "9J", "986" },
};

/* Dates a structureet line gives, and the fields they are read from. */
static const struct {
	int		 field;
	const char	*name;
} finess_dates[] = {
	{ FI_DATEOUV, "dateouv" }, { FI_DATEAUTOR, "dateautor" },
	{ FI_DATEMAJ, "datemaj" },
};
#define FINESS_NDATES (sizeof finess_dates / sizeof finess_dates[0])

/* Fields set aside (stored as not declared) that the warnings list one by one. */
#define FINESS_WARNINGS_MAX 10

/* EPSG codes have at most 6 digits; a longer run names no projection. */
#define FINESS_EPSG_DIGITS 6

/* Commune codes FINESS still uses that INSEE has since replaced. */
static const struct {
	const char	*old;
	const char	*current;
} finess_renamed[] = {
	{ "97123", "97701" },	/* Saint-Barthélemy */
	{ "97127", "97801" },	/* Saint-Martin */
};

struct finess {
	struct import_job	*job;
	int64_t			 dataset;
	int			 year;
	char			*extracted;
	char			*name;		/* file and entry, for messages */
	int64_t			 rows_read, structureet, geolocated;
	int64_t			 geo_unmatched, other_records, commune_unknown;
	int64_t			 fields_not_valid;
	json_t			*other_kinds;	/* record type: {"rows", "first_line"} */
	sqlite3_stmt		*insert, *locate, *place;
	struct position_converter *positions;
	sqlite3_stmt		*departement;	/* of an establishment read */
	struct strmap		*box_of;	/* département: index in boxes */
	struct position_box	*boxes;		/* around each one's communes */
	int64_t			 placed;	/* converted to latitude and longitude */
	json_t			*unplaced;	/* why: {"rows", "first_line"} */
	json_t			*unplaced_said;	/* why: the same, for a person */
};

static int
finess_detect(struct csv_reader *r)
{
	return csv_reader_nfields(r) >= 2 &&
	    strcmp(csv_reader_field(r, 0), "finess") == 0 &&
	    strcmp(csv_reader_field(r, 1), "etalab") == 0;
}

static void
finess_free(void *state)
{
	struct finess *f = state;

	if (f == NULL)
		return;
	sqlite3_finalize(f->insert);
	sqlite3_finalize(f->locate);
	sqlite3_finalize(f->place);
	position_converter_free(f->positions);
	sqlite3_finalize(f->departement);
	strmap_free(f->box_of);
	free(f->boxes);
	json_decref(f->unplaced);
	json_decref(f->unplaced_said);
	json_decref(f->other_kinds);
	free(f->extracted);
	free(f->name);
	free(f);
}

/* The INSEE commune code of a FINESS département and 3-character commune. */
static void
finess_commune_code(const char *dep, const char *commune, char out[8])
{
	size_t i;

	if (dep[0] == '9' && dep[1] >= 'A' && dep[1] <= 'I' && dep[2] == '\0')
		snprintf(out, 8, "97%.3s", commune);
	else if (dep[0] == '9' && dep[1] >= 'J' && dep[1] <= 'Z' && dep[2] == '\0')
		snprintf(out, 8, "98%.3s", commune);
	else
		snprintf(out, 8, "%.2s%.3s", dep, commune);
	for (i = 0; i < sizeof finess_renamed / sizeof finess_renamed[0]; i++) {
		if (strcmp(out, finess_renamed[i].old) == 0)
			snprintf(out, 8, "%s", finess_renamed[i].current);
	}
}

const char *
import_departement_from_finess(const char *dep)
{
	size_t i;

	for (i = 0; i < sizeof finess_overseas / sizeof finess_overseas[0]; i++) {
		if (strcmp(dep, finess_overseas[i].finess) == 0)
			return finess_overseas[i].insee;
	}
	return *dep != '\0' ? dep : NULL;
}

/*
 * Splits "01440 VIRIAT" or "97306 CAYENNE CEDEX" into postcode and city,
 * without the CEDEX mention (and its office number).
 */
static void
finess_split_acheminement(const char *s, char **postal, char **city)
{
	const char *p = s, *end;
	size_t n;

	*postal = *city = NULL;
	while (*p == ' ')
		p++;
	n = strspn(p, "0123456789");
	if (n == 5 && (p[5] == ' ' || p[5] == '\0')) {
		*postal = xstrndup(p, 5);
		p += 5;
	}
	while (*p == ' ')
		p++;
	end = p + strlen(p);
	/* Drop a trailing "CEDEX" or "CEDEX 13". */
	while (end > p && (isdigit((unsigned char)end[-1]) || end[-1] == ' '))
		end--;
	if (end - p >= 5 && strncmp(end - 5, "CEDEX", 5) == 0 &&
	    (end - 5 == p || end[-6] == ' '))
		end -= 5;
	else
		end = p + strlen(p);
	while (end > p && end[-1] == ' ')
		end--;
	if (end > p)
		*city = xstrndup(p, end - p);
}

/* Joins the non-empty fields given, separated by sep. */
static char *
finess_join(const char *sep, const char *a, const char *b, const char *c,
    const char *d)
{
	const char *parts[4] = { a, b, c, d };
	char *out = NULL, *t;
	int i;

	for (i = 0; i < 4; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (out == NULL)
			out = xstrdup(parts[i]);
		else {
			t = xasprintf("%s%s%s", out, sep, parts[i]);
			free(out);
			out = t;
		}
	}
	return out;
}

/*
 * Looks a commune (or arrondissement) code up in the reference geography:
 * DB_ROW, DB_DONE when it is not there, -1 with *cause.
 */
static int
finess_place(struct finess *f, const char *code, char **dep, char **region,
    char **cause)
{
	int found;

	*dep = *region = NULL;
	sqlite3_bind_text(f->place, 1, code, -1, SQLITE_STATIC);
	if ((found = db_step(f->place, cause)) == DB_ROW) {
		*dep = xstrdup((const char *)sqlite3_column_text(f->place, 0));
		*region = xstrdup((const char *)sqlite3_column_text(f->place, 1));
	}
	sqlite3_reset(f->place);
	return found;
}

/*
 * Notes a field that cannot be what FINESS publishes there: the line is kept
 * and the field stored as not declared, since one wrong date should not cost
 * the establishment; the first ones are listed in the import's warnings.
 */
static void
finess_field_not_valid(struct finess *f, struct csv_reader *r, const char *field,
    const char *why, const char *value)
{
	if (f->fields_not_valid++ < FINESS_WARNINGS_MAX)
		import_field_warn(f->job, r, field, why, value,
		    _("stored as not declared"));
}

/* Counts a record of a type mediflux does not read, by type, for the report. */
static void
finess_other_record(struct finess *f, struct csv_reader *r, const char *kind)
{
	json_t *o, *rows;
	char *key;

	f->other_records++;
	key = utf8_sanitize(*kind != '\0' ? kind : "(empty)");
	if ((o = json_object_get(f->other_kinds, key)) != NULL) {
		rows = json_object_get(o, "rows");
		json_integer_set(rows, json_integer_value(rows) + 1);
	} else if (json_object_size(f->other_kinds) < FINESS_WARNINGS_MAX)
		json_object_set_new(f->other_kinds, key, json_pack("{s:I, s:I}",
		    "rows", (json_int_t)1, "first_line",
		    (json_int_t)csv_reader_line(r)));
	free(key);
}

static int
finess_structureet(struct finess *f, struct csv_reader *r, char **cause)
{
#define F(i) csv_reader_field(r, (i))
	sqlite3_stmt *st = f->insert;
	char code[8], *postal, *city, *address, *extra, *dep, *region, *key;
	char *why = NULL;
	char dates_buf[FINESS_NDATES][11];
	const char *fdep, *ej, *date, *dates[FINESS_NDATES];
	size_t n = csv_reader_nfields(r), i;
	int known, rc, constraint;

	if (n != 31 && n != 32)
		return import_record_error(cause, r, _("a structureet record "
		    "of %zu fields, where FINESS publishes 32"), n);
	if (!finess_number_valid(F(FI_NOFINESSET)))
		return import_field_error(cause, r, "nofinesset", _("not a "
		    "FINESS number (nine characters: the département, such as "
		    "01 or 2A, then digits)"), F(FI_NOFINESSET));
	if (*F(FI_RS) == '\0')
		return import_field_error(cause, r, "rs", _("empty"), "");
	ej = F(FI_NOFINESSEJ);
	if (*ej != '\0' && !finess_number_valid(ej)) {
		finess_field_not_valid(f, r, "nofinessej",
		    _("not a FINESS number"), ej);
		ej = "";
	}
	for (i = 0; i < FINESS_NDATES; i++) {
		date = F(finess_dates[i].field);
		if (*date == '\0')
			dates[i] = NULL;
		else if (finess_date_parse(date, dates_buf[i]) == 0)
			dates[i] = dates_buf[i];
		else {
			finess_field_not_valid(f, r, finess_dates[i].name,
			    _("not a date"), date);
			dates[i] = NULL;
		}
	}
	fdep = F(FI_DEPARTEMENT);
	finess_commune_code(fdep, F(FI_COMMUNE), code);
	known = *F(FI_COMMUNE) != '\0' ? finess_place(f, code, &dep, &region,
	    &why) : DB_DONE;
	if (known < 0) {
		rc = import_record_error(cause, r, _("commune %s: %s"),
		    code, why);
		free(why);
		return rc;
	}
	if (known == DB_DONE) {
		f->commune_unknown++;
		dep = NULL;
		region = NULL;
		if (import_departement_from_finess(fdep) != NULL)
			dep = xstrdup(import_departement_from_finess(fdep));
	}
	finess_split_acheminement(F(FI_LIGNEACHEMINEMENT), &postal, &city);
	address = finess_join(" ", F(FI_NUMVOIE), F(FI_COMPVOIE), F(FI_TYPVOIE),
	    F(FI_VOIE));
	extra = finess_join(", ", F(FI_COMPLDISTRIB), F(FI_LIEUDITBP), NULL, NULL);

	import_bind_text(st, 1, F(FI_NOFINESSET));
	import_bind_text(st, 2, ej);
	import_bind_text(st, 3, F(FI_RS));
	import_bind_text(st, 4, F(FI_RSLONGUE));
	import_bind_text(st, 5, F(FI_COMPLRS));
	import_bind_text(st, 6, address);
	import_bind_text(st, 7, extra);
	import_bind_text(st, 8, postal);
	import_bind_text(st, 9, city);
	import_bind_text(st, 10, *F(FI_COMMUNE) != '\0' ? code : NULL);
	sqlite3_bind_int(st, 11, known);
	import_bind_text(st, 12, fdep);
	import_bind_text(st, 13, dep);
	import_bind_text(st, 14, region);
	import_bind_text(st, 15, F(FI_TELEPHONE));
	import_bind_text(st, 16, F(FI_TELECOPIE));
	import_bind_text(st, 17, F(FI_CATEGETAB));
	import_bind_text(st, 18, F(FI_LIBCATEGETAB));
	import_bind_text(st, 19, F(FI_CATEGAGRETAB));
	import_bind_text(st, 20, F(FI_LIBCATEGAGRETAB));
	import_bind_text(st, 21, F(FI_SIRET));
	import_bind_text(st, 22, F(FI_CODEAPE));
	import_bind_text(st, 23, F(FI_CODEMFT));
	import_bind_text(st, 24, F(FI_LIBMFT));
	import_bind_text(st, 25, F(FI_CODESPH));
	import_bind_text(st, 26, F(FI_LIBSPH));
	for (i = 0; i < FINESS_NDATES; i++)
		import_bind_text(st, 27 + (int)i, dates[i]);
	key = fold_key(F(FI_RS));
	sqlite3_bind_text(st, 30, key, -1, SQLITE_TRANSIENT);
	free(key);
	key = city != NULL ? fold_key(city) : NULL;
	import_bind_text(st, 31, key);
	free(key);
	sqlite3_bind_int64(st, 32, f->dataset);
	rc = db_step(st, &why);
	/* Extended result codes are on: SQLITE_CONSTRAINT_PRIMARYKEY and kin. */
	constraint = rc < 0 &&
	    (sqlite3_extended_errcode(f->job->db) & 0xff) == SQLITE_CONSTRAINT;
	sqlite3_reset(st);
	free(postal);
	free(city);
	free(address);
	free(extra);
	free(dep);
	free(region);
	if (constraint) {
		free(why);
		return import_field_error(cause, r, "nofinesset",
		    _("appears twice in the extract"), F(FI_NOFINESSET));
	}
	if (rc < 0) {
		rc = import_record_error(cause, r, "%s", why);
		free(why);
		return rc;
	}
	f->structureet++;
	return 0;
#undef F
}

/*
 * The EPSG code in "1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93", or 2154
 * for "LAMBERT_93"; 0 for none. Its digits are read whole: a run too long to
 * be a code is none, not a code wrapped round (EPSG:4294969450 is not 2154).
 */
static int
finess_epsg(const char *source)
{
	const char *p = strstr(source, "EPSG:");
	char digits[FINESS_EPSG_DIGITS + 1];
	int64_t code;
	size_t n;

	if (p != NULL) {
		n = strspn(p + 5, "0123456789");
		if (n == 0 || n > FINESS_EPSG_DIGITS)
			return 0;
		memcpy(digits, p + 5, n);
		digits[n] = '\0';
		return number_parse_int(digits, &code) == 0 ? (int)code : 0;
	}
	if (strstr(source, "LAMBERT_93") != NULL)
		return 2154;
	return 0;
}

/*
 * Reads a box around the communes of each département (their centres, and
 * a margin of some 25 km), which an establishment's position must fall in:
 * a line whose coordinates are in another system than the one it names
 * lands in another ocean, not in its département.
 */
static int
finess_read_boxes(struct finess *f, char **cause)
{
	sqlite3_stmt *st;
	struct position_box *b;
	uint32_t *slot;
	size_t n = 0;
	int added, rc;

	if (db_prepare(f->job->db, "SELECT departement_code, min(latitude),"
	    " max(latitude), min(longitude), max(longitude) FROM commune"
	    " WHERE latitude IS NOT NULL GROUP BY departement_code", &st,
	    cause) != 0)
		return -1;
	f->box_of = strmap_new();
	while ((rc = db_step(st, cause)) == DB_ROW) {
		slot = strmap_put(f->box_of, (const char *)sqlite3_column_text(st,
		    0), &added);
		f->boxes = xreallocarray(f->boxes, n + 1, sizeof *f->boxes);
		b = &f->boxes[n];
		b->min_lat = sqlite3_column_double(st, 1) - 0.25;
		b->max_lat = sqlite3_column_double(st, 2) + 0.25;
		b->min_lon = sqlite3_column_double(st, 3) - 0.35;
		b->max_lon = sqlite3_column_double(st, 4) + 0.35;
		*slot = (uint32_t)n++;
	}
	sqlite3_finalize(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Whether a position is in its establishment's département: 0, or -1 with
 * why when it falls outside.
 */
static int
finess_outside(struct finess *f, const char *finess, int epsg, double x,
    double y, double lat, double lon, struct position_why *why)
{
	const struct position_box *b;
	const char *dep;
	uint32_t *slot;
	int rc = 0;

	sqlite3_bind_text(f->departement, 1, finess, -1, SQLITE_STATIC);
	if (sqlite3_step(f->departement) == SQLITE_ROW &&
	    (dep = (const char *)sqlite3_column_text(f->departement, 0)) != NULL &&
	    (slot = strmap_get(f->box_of, dep)) != NULL) {
		b = &f->boxes[*slot];
		if (lat < b->min_lat || lat > b->max_lat || lon < b->min_lon ||
		    lon > b->max_lon) {
			memset(why, 0, sizeof *why);
			why->kind = POSITION_OUTSIDE;
			why->epsg = epsg;
			why->x = x;
			why->y = y;
			snprintf(why->detail, sizeof why->detail, "%s", dep);
			rc = -1;
		}
	}
	sqlite3_reset(f->departement);
	return rc;
}

/*
 * Binds the latitude and longitude of a geolocalisation line (?7, ?8), or
 * NULLs counted by why the point could not be placed: a position is an
 * addition to the line, never a reason to refuse the extract. The reason
 * keys the dataset's control totals in English, the words of earlier
 * versions, whatever the language; its warning is in the user's.
 */
static int
finess_position(struct finess *f, struct csv_reader *r, int has_xy, double x,
    double y, int epsg)
{
	sqlite3_stmt *st = f->locate;
	struct position_why why;
	json_t *entry;
	char *key, *said;
	double lat, lon;

	if (has_xy && epsg > 0 && position_from_projected(f->positions, epsg, x,
	    y, &lat, &lon, &why) == 0 && finess_outside(f,
	    csv_reader_field(r, 1), epsg, x, y, lat, lon, &why) == 0) {
		sqlite3_bind_double(st, 7, lat);
		sqlite3_bind_double(st, 8, lon);
		return 1;
	}
	sqlite3_bind_null(st, 7);
	sqlite3_bind_null(st, 8);
	if (!has_xy || epsg <= 0) {
		key = xstrdup(!has_xy ? N_("no coordinates") :
		    N_("no coordinate system named (EPSG code)"));
		said = xstrdup(_(key));
	} else {
		key = position_why_text(&why, 1);
		said = NULL;
	}
	if ((entry = json_object_get(f->unplaced, key)) == NULL) {
		entry = json_pack("{s:I,s:I}", "rows", (json_int_t)0, "first_line",
		    (json_int_t)csv_reader_line(r));
		json_object_set_new(f->unplaced, key, entry);
		if (said == NULL)
			said = position_why_text(&why, 0);
		json_object_set_new(f->unplaced_said, key, json_string(said));
	}
	json_object_set_new(entry, "rows", json_integer(
	    json_integer_value(json_object_get(entry, "rows")) + 1));
	free(said);
	free(key);
	return 0;
}

static int
finess_geolocalisation(struct finess *f, struct csv_reader *r, char **cause)
{
	sqlite3_stmt *st = f->locate;
	const char *x = csv_reader_field(r, 2), *y = csv_reader_field(r, 3);
	double dx, dy;
	char *why = NULL;
	int epsg, placed;

	if (csv_reader_nfields(r) < 5)
		return import_record_error(cause, r, _("a geolocalisation "
		    "record of %zu fields, where FINESS publishes 6"),
		    csv_reader_nfields(r));
	/* Read at the first line that needs them: an extract without positions never does. */
	if (f->box_of == NULL && finess_read_boxes(f, &why) != 0) {
		error_set(cause, _("%s: line %lu: the communes' centres: %s"),
		    csv_reader_name(r), csv_reader_line(r), why);
		free(why);
		return -1;
	}
	if (number_parse_double(x, &dx) < 0)
		return import_field_error(cause, r, "coordxet",
		    _("not a number"), x);
	if (number_parse_double(y, &dy) < 0)
		return import_field_error(cause, r, "coordyet",
		    _("not a number"), y);
	sqlite3_bind_text(st, 1, csv_reader_field(r, 1), -1, SQLITE_STATIC);
	if (*x != '\0')
		sqlite3_bind_double(st, 2, dx);
	else
		sqlite3_bind_null(st, 2);
	if (*y != '\0')
		sqlite3_bind_double(st, 3, dy);
	else
		sqlite3_bind_null(st, 3);
	epsg = finess_epsg(csv_reader_field(r, 4));
	if (epsg > 0)
		sqlite3_bind_int(st, 4, epsg);
	else
		sqlite3_bind_null(st, 4);
	import_bind_text(st, 5, csv_reader_field(r, 4));
	import_bind_text(st, 6, csv_reader_field(r, 5));
	placed = finess_position(f, r, *x != '\0' && *y != '\0', dx, dy, epsg);
	if (import_sql_step(st, "establishment", cause) != 0)
		return -1;
	if (sqlite3_changes(f->job->db) == 0)
		f->geo_unmatched++;
	else {
		f->geolocated++;
		f->placed += placed;
	}
	return 0;
}

static int
finess_read(struct import_job *job, struct csv_reader *r, const char *entry,
    char **cause)
{
	struct finess *f;
	const char *date, *kind;
	char extracted[11];
	int rc;

	(void)entry;
	date = csv_reader_nfields(r) >= 4 ? csv_reader_field(r, 3) : "";
	if (finess_date_parse(date, extracted) != 0)
		return import_field_error(cause, r, "date d'extraction",
		    _("not a date"), date);
	/* A second extract would silently replace the first one read. */
	if ((f = job->state[IMPORT_FINESS]) != NULL)
		return error_set(cause, _("%s: a second FINESS extract in one "
		    "import (the first is %s): each extract replaces the whole "
		    "file, import one"), csv_reader_name(r), f->name);
	f = xcalloc(1, sizeof *f);
	job->state[IMPORT_FINESS] = f;
	f->job = job;
	f->name = xstrdup(csv_reader_name(r));
	f->year = atoi(extracted);
	f->extracted = xstrdup(extracted);
	f->other_kinds = json_object();
	f->unplaced = json_object();
	f->unplaced_said = json_object();
	if ((f->positions = position_converter_new(cause)) == NULL)
		return -1;
	/* An extract is a whole snapshot: it replaces the previous one. */
	if (db_exec(job->db, "DELETE FROM establishment;"
	    " DELETE FROM dataset WHERE kind = 'finess'", cause) != 0)
		return -1;
	if ((f->dataset = import_dataset_begin(job, "finess",
	    "FINESS, extraction du fichier des établissements", f->year, cause)) < 0)
		return -1;
	if (db_prepare(job->db, "INSERT INTO establishment (finess, finess_ej, "
	    "name, long_name, name_extra, address, address_extra, postal_code, "
	    "city, commune_code, commune_known, finess_departement, departement, "
	    "region, phone, fax, category_code, category_label, "
	    "category_group_code, category_group_label, siret, ape, mft_code, "
	    "mft_label, sph_code, sph_label, opened, authorised, updated, "
	    "name_key, city_key, dataset_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
	    "?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
	    &f->insert, cause) != 0 ||
	    db_prepare(job->db, "UPDATE establishment SET coord_x = ?2, "
	    "coord_y = ?3, coord_epsg = ?4, coord_source = ?5, coord_updated = ?6,"
	    " latitude = ?7, longitude = ?8 WHERE finess = ?1", &f->locate,
	    cause) != 0 ||
	    db_prepare(job->db, "SELECT departement FROM establishment"
	    " WHERE finess = ?1", &f->departement, cause) != 0 ||
	    db_prepare(job->db, "SELECT departement_code, region_code FROM commune "
	    "WHERE code = ?1 UNION ALL SELECT departement_code, region_code FROM "
	    "arrondissement WHERE code = ?1", &f->place, cause) != 0)
		return -1;
	while ((rc = csv_reader_next(r, cause)) == 1) {
		f->rows_read++;
		kind = csv_reader_field(r, 0);
		if (strcmp(kind, "structureet") == 0)
			rc = finess_structureet(f, r, cause);
		else if (strcmp(kind, "geolocalisation") == 0)
			rc = finess_geolocalisation(f, r, cause);
		else {
			finess_other_record(f, r, kind);
			rc = 0;
		}
		if (rc != 0)
			return -1;
		import_progress_row(job);
	}
	if (rc < 0)
		return -1;
	if (f->structureet == 0)
		return error_set(cause, _("%s: a FINESS extract without any "
		    "structureet line"), csv_reader_name(r));
	return 0;
}

static int
finess_finish(struct import_job *job, void *state, char **cause)
{
	struct finess *f = state;
	json_t *o = json_object(), *v;
	const char *kind, *said;
	json_int_t n;

	/* Record types skipped are said, so a new kind of line is never lost unseen. */
	json_object_foreach(f->other_kinds, kind, v) {
		n = json_integer_value(json_object_get(v, "rows"));
		import_warn(job, ngettext("%s: %lld '%s' record not read "
		    "(mediflux reads structureet and geolocalisation lines), "
		    "the first at line %lld", "%s: %lld '%s' records not read "
		    "(mediflux reads structureet and geolocalisation lines), "
		    "the first at line %lld", (unsigned long)n),
		    f->name, (long long)n, kind,
		    (long long)json_integer_value(json_object_get(v,
		    "first_line")));
	}
	if (f->fields_not_valid > FINESS_WARNINGS_MAX)
		import_warn(job, ngettext("%s: %lld more field stored as not "
		    "declared", "%s: %lld more fields stored as not declared",
		    (unsigned long)(f->fields_not_valid - FINESS_WARNINGS_MAX)),
		    f->name, (long long)(f->fields_not_valid - FINESS_WARNINGS_MAX));

	json_object_set_new(o, "extracted", json_string(f->extracted));
	json_object_set_new(o, "establishments", json_integer(f->structureet));
	json_object_set_new(o, "geolocated", json_integer(f->geolocated));
	json_object_set_new(o, "geolocalisation_unmatched",
	    json_integer(f->geo_unmatched));
	json_object_set_new(o, "placed", json_integer(f->placed));
	json_object_set(o, "not_placed", f->unplaced);
	json_object_foreach(f->unplaced, kind, v) {
		n = json_integer_value(json_object_get(v, "rows"));
		if ((said = json_string_value(json_object_get(f->unplaced_said,
		    kind))) == NULL)
			said = kind;
		import_warn(job, ngettext("%s: %lld geolocalisation line "
		    "without a position (%s), the first at line %lld", "%s: "
		    "%lld geolocalisation lines without a position (%s), the "
		    "first at line %lld", (unsigned long)n),
		    f->name, (long long)n, said, (long long)json_integer_value(
		    json_object_get(v, "first_line")));
	}
	json_object_set_new(o, "other_records", json_integer(f->other_records));
	json_object_set(o, "other_record_types", f->other_kinds);
	json_object_set_new(o, "fields_not_valid", json_integer(f->fields_not_valid));
	json_object_set_new(o, "commune_unknown", json_integer(f->commune_unknown));
	return import_dataset_end(job, f->dataset, f->rows_read,
	    f->structureet + f->geolocated,
	    f->rows_read - f->structureet - f->geolocated, o, cause);
}

const struct import_kind import_finess_kind = {
	"finess",
	N_("a FINESS extract (first line 'finess;etalab;…')"),
	finess_detect, finess_read, finess_finish, finess_free, NULL,
};
