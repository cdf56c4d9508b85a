/* SPDX-License-Identifier: ISC */
/*
 * DREES "démographie des professionnels de santé": the CSV export of one
 * profession's workbook, wide by year (effectif_2012 … densite_2025).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "i18n.h"
#include "import_engine.h"
#include "number.h"
#include "xmalloc.h"

enum drees_measure { DREES_COUNT, DREES_DENSITY, DREES_MEAN_AGE, DREES_NMEASURES };

static const char *const drees_prefixes[DREES_NMEASURES] = {
	"effectif_", "densite_", "am_",
};

/* Professions as the workbooks are named, to tell one from a file name. */
static const struct {
	const char	*name_part;
	const char	*profession;
} drees_professions[] = {
	{ "medecin", "medecins" },
	{ "pharmacien", "pharmaciens" },
	{ "chirurgiens_dentistes", "chirurgiens-dentistes" },
	{ "chirurgiens-dentistes", "chirurgiens-dentistes" },
	{ "dentiste", "chirurgiens-dentistes" },
	{ "sages_femmes", "sages-femmes" },
	{ "sages-femmes", "sages-femmes" },
	{ "kinesitherapeute", "kinesitherapeutes" },
	{ "infirmier", "infirmiers" },
};

#define DREES_MAX_YEARS 64

struct drees_year {
	int	year;
	int	col[DREES_NMEASURES];	/* -1 when not published */
};

enum drees_dimension { DREES_SPEC_GROUP, DREES_SPEC, DREES_PRACTICE, DREES_AGE,
	DREES_SEX, DREES_NDIMENSIONS };

static const char *const drees_dimension_columns[DREES_NDIMENSIONS] = {
	"specialites_agregees", "specialites", "exercice", "tranche_age", "sexe",
};

/* Whether a header names a measure column: effectif_2012, densite_2025... */
static int
drees_measure_column(const char *name, int *measure, int *year)
{
	size_t n;
	int m;

	for (m = 0; m < DREES_NMEASURES; m++) {
		n = strlen(drees_prefixes[m]);
		if (strncasecmp(name, drees_prefixes[m], n) == 0 &&
		    strlen(name + n) == 4 && isdigit((unsigned char)name[n]) &&
		    isdigit((unsigned char)name[n + 1]) &&
		    isdigit((unsigned char)name[n + 2]) &&
		    isdigit((unsigned char)name[n + 3])) {
			*measure = m;
			*year = atoi(name + n);
			return 1;
		}
	}
	return 0;
}

static int
drees_detect(struct csv_reader *r)
{
	size_t i;
	int m, y, territory = 0, measures = 0;

	for (i = 0; i < csv_reader_nfields(r); i++) {
		const char *f = csv_reader_field(r, i);

		if (strcasecmp(f, "region") == 0 || strcasecmp(f, "departement") == 0)
			territory = 1;
		else if (drees_measure_column(f, &m, &y))
			measures = 1;
	}
	return territory && measures;
}

/* "Ensemble", "0-Ensemble", "00-Ensemble", "France entière", "" stand for a total. */
static int
drees_is_total(const char *s)
{
	const char *dash;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 1;
	dash = strchr(s, '-');
	if (dash != NULL && dash - s <= 4 && isdigit((unsigned char)*s))
		s = dash + 1;
	while (*s == ' ')
		s++;
	return strncasecmp(s, "Ensemble", 8) == 0 || strncasecmp(s, "Total", 5) == 0 ||
	    strncasecmp(s, "France", 6) == 0;
}

/*
 * The INSEE code in a territory label: "075-Paris" is 75, "02A-Corse-du-Sud"
 * 2A, "971 -Guadeloupe" 971, "84-Auvergne-Rhône-Alpes" 84. NULL without a code.
 */
static char *
drees_territory_code(const char *label, int departement)
{
	const char *p = label, *start;
	size_t n;

	while (*p == ' ')
		p++;
	start = p;
	while (isalnum((unsigned char)*p))
		p++;
	n = (size_t)(p - start);
	while (*p == ' ')
		p++;
	if (n == 0 || n > 3 || *p != '-' || !isdigit((unsigned char)*start))
		return NULL;
	if (departement && n == 3 && start[0] == '0')
		return xstrndup(start + 1, 2);
	return xstrndup(start, n);
}

static const char *
drees_profession(struct csv_reader *r, int col, const char *entry,
    const char *file, int has_specialties)
{
	char *lower;
	size_t i, j;
	const char *names[2] = { entry, file };

	if (col >= 0 && *csv_reader_field(r, col) != '\0')
		return NULL;	/* per row */
	for (j = 0; j < 2; j++) {
		lower = xstrdup(names[j]);
		for (i = 0; lower[i] != '\0'; i++)
			lower[i] = (char)tolower((unsigned char)lower[i]);
		for (i = 0; i < sizeof drees_professions / sizeof drees_professions[0];
		    i++) {
			if (strstr(lower, drees_professions[i].name_part) != NULL) {
				free(lower);
				return drees_professions[i].profession;
			}
		}
		free(lower);
	}
	return has_specialties ? "medecins" : "";
}

struct drees {
	struct import_job	*job;
	struct csv_reader	*r;
	int			 region, departement, profession_col;
	int			 dim[DREES_NDIMENSIONS];
	struct drees_year	 years[DREES_MAX_YEARS];
	int			 nyears;
	int			 has[DREES_NMEASURES];
	const char		*profession;
	sqlite3_stmt		*upsert;
	int64_t			 rows, stored, unknown_territories, dataset;
};

static struct drees_year *
drees_year(struct drees *d, int year)
{
	int i;

	for (i = 0; i < d->nyears; i++) {
		if (d->years[i].year == year)
			return &d->years[i];
	}
	if (d->nyears == DREES_MAX_YEARS)
		return NULL;
	d->years[d->nyears].year = year;
	for (i = 0; i < DREES_NMEASURES; i++)
		d->years[d->nyears].col[i] = -1;
	return &d->years[d->nyears++];
}

static int
drees_row(struct drees *d, char **cause)
{
	struct csv_reader *r = d->r;
	const char *reg = d->region >= 0 ? csv_reader_field(r, d->region) : "";
	const char *dep = d->departement >= 0 ? csv_reader_field(r, d->departement) : "";
	const char *level, *label, *profession = d->profession, *v;
	char *code = NULL;
	sqlite3_stmt *st = d->upsert;
	int i, m, total = 1, rc;
	int64_t count;
	double x;

	if (csv_reader_nfields(r) != csv_reader_nfields_header(r))
		return import_record_error(cause, r, _("%zu fields where the "
		    "header has %zu"), csv_reader_nfields(r),
		    csv_reader_nfields_header(r));
	if (profession == NULL)
		profession = csv_reader_field(r, d->profession_col);
	if (!drees_is_total(dep)) {
		level = "departement";
		label = dep;
		if ((code = drees_territory_code(dep, 1)) == NULL)
			return import_field_error(cause, r, "departement",
			    _("no code in the label"), dep);
	} else if (!drees_is_total(reg)) {
		level = "region";
		label = reg;
		if ((code = drees_territory_code(reg, 0)) == NULL)
			return import_field_error(cause, r, "region",
			    _("no code in the label"), reg);
	} else {
		level = "france";
		label = "France";
		code = xstrdup("");
	}
	sqlite3_bind_text(st, 1, profession, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, label, -1, SQLITE_TRANSIENT);
	for (i = 0; i < DREES_NDIMENSIONS; i++) {
		v = d->dim[i] >= 0 ? csv_reader_field(r, d->dim[i]) : "";
		if (!drees_is_total(v))
			total = 0;
		sqlite3_bind_text(st, 6 + i, v, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int(st, 11, total);
	free(code);
	for (i = 0; i < d->nyears; i++) {
		sqlite3_bind_int(st, 2, d->years[i].year);
		for (m = 0; m < DREES_NMEASURES; m++) {
			sqlite3_bind_null(st, 12 + m);
			if (d->years[i].col[m] < 0)
				continue;
			v = csv_reader_field(r, d->years[i].col[m]);
			/* ND: fewer than ten professionals, not published. */
			if (strcasecmp(v, "ND") == 0 || strcmp(v, "-") == 0)
				continue;
			if (m == DREES_COUNT) {
				if ((rc = number_parse_int(v, &count)) < 0)
					return import_field_error(cause, r,
					    csv_reader_header(r, d->years[i].col[m]),
					    _("not a whole number"), v);
				if (rc == 0)
					sqlite3_bind_int64(st, 12 + m, count);
			} else {
				if ((rc = number_parse_double(v, &x)) < 0)
					return import_field_error(cause, r,
					    csv_reader_header(r, d->years[i].col[m]),
					    _("not a number"), v);
				if (rc == 0)
					sqlite3_bind_double(st, 12 + m, x);
			}
		}
		sqlite3_bind_int64(st, 15, d->dataset);
		if (import_sql_step(st, "professional", cause) != 0)
			return -1;
		d->stored++;
	}
	d->rows++;
	import_progress_row(d->job);
	return 0;
}

static int
drees_read(struct import_job *job, struct csv_reader *r, const char *entry,
    char **cause)
{
	struct drees d;
	struct drees_year *y;
	json_t *o, *years, *measures;
	char *source = NULL, *sql;
	size_t i;
	int m, year, latest = 0, rc = -1;

	memset(&d, 0, sizeof d);
	d.job = job;
	d.r = r;
	if (import_take_header(r, cause) != 0)
		return -1;
	d.region = csv_reader_column(r, "region");
	d.departement = csv_reader_column(r, "departement");
	d.profession_col = csv_reader_column(r, "profession");
	for (i = 0; i < DREES_NDIMENSIONS; i++)
		d.dim[i] = csv_reader_column(r, drees_dimension_columns[i]);
	for (i = 0; i < csv_reader_nfields_header(r); i++) {
		if (!drees_measure_column(csv_reader_header(r, i), &m, &year))
			continue;
		if ((y = drees_year(&d, year)) == NULL)
			return import_record_error(cause, r,
			    _("more than %d years"), DREES_MAX_YEARS);
		y->col[m] = (int)i;
		d.has[m] = 1;
		if (year > latest)
			latest = year;
	}
	d.profession = drees_profession(r, d.profession_col, entry, job->file_name,
	    d.dim[DREES_SPEC] >= 0);
	if (d.profession != NULL && *d.profession == '\0')
		return error_set(cause, _("%s: a DREES file that does not say "
		    "which profession it counts: add a 'profession' column or "
		    "keep the workbook's name (medecins_…, pharmaciens_…)"),
		    csv_reader_name(r));
	source = xasprintf("DREES, démographie des professionnels de santé: %s "
	    "(%s%s%s%s%s)", d.profession != NULL ? d.profession : "par profession",
	    d.has[DREES_COUNT] ? "effectif" : "",
	    d.has[DREES_COUNT] && d.has[DREES_DENSITY] ? ", " : "",
	    d.has[DREES_DENSITY] ? "densité" : "",
	    (d.has[DREES_COUNT] || d.has[DREES_DENSITY]) && d.has[DREES_MEAN_AGE] ?
	    ", " : "", d.has[DREES_MEAN_AGE] ? "âge moyen" : "");
	if ((d.dataset = import_dataset_begin(job, "drees", source, latest,
	    cause)) < 0)
		goto out;
	/*
	 * The measures this file publishes replace the profession's earlier
	 * ones; a sheet of densities leaves the counts of another sheet alone.
	 */
	for (m = 0; m < DREES_NMEASURES; m++) {
		static const char *const column[DREES_NMEASURES] = {
			"count", "density", "mean_age",
		};
		if (!d.has[m] || d.profession == NULL)
			continue;
		sql = sqlite3_mprintf("UPDATE professional SET %s = NULL WHERE "
		    "profession = %Q", column[m], d.profession);
		rc = db_exec(job->db, sql, cause);
		sqlite3_free(sql);
		if (rc != 0)
			goto out;
	}
	rc = -1;
	if (db_prepare(job->db, "INSERT INTO professional (profession, year, level,"
	    " territory, territory_label, specialty_group, specialty, practice, "
	    "age_band, sex, is_total, count, density, mean_age, dataset_id) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
	    "ON CONFLICT (profession, year, level, territory, specialty_group, "
	    "specialty, practice, age_band, sex) DO UPDATE SET "
	    "count = coalesce(excluded.count, count), "
	    "density = coalesce(excluded.density, density), "
	    "mean_age = coalesce(excluded.mean_age, mean_age), "
	    "territory_label = excluded.territory_label, "
	    "dataset_id = excluded.dataset_id", &d.upsert, cause) != 0)
		goto out;
	while ((rc = csv_reader_next(r, cause)) == 1) {
		if (drees_row(&d, cause) != 0) {
			rc = -1;
			break;
		}
	}
	if (rc != 0)
		goto out;
	rc = -1;
	/*
	 * Rows of the earlier import that this one no longer holds anything
	 * for, then the provenance of files no row comes from any more (a
	 * sample file replaced by a published one must not still be listed).
	 */
	sql = sqlite3_mprintf("DELETE FROM professional WHERE dataset_id != %lld AND "
	    "count IS NULL AND density IS NULL AND mean_age IS NULL;"
	    "DELETE FROM dataset WHERE kind = 'drees' AND id != %lld AND NOT EXISTS "
	    "(SELECT 1 FROM professional p WHERE p.dataset_id = dataset.id)",
	    (long long)d.dataset, (long long)d.dataset);
	rc = db_exec(job->db, sql, cause);
	sqlite3_free(sql);
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	o = json_object();
	json_object_set_new(o, "profession", json_string(d.profession != NULL ?
	    d.profession : "per row"));
	years = json_array();
	for (i = 0; i < (size_t)d.nyears; i++)
		json_array_append_new(years, json_integer(d.years[i].year));
	json_object_set_new(o, "years", years);
	measures = json_array();
	for (m = 0; m < DREES_NMEASURES; m++) {
		if (d.has[m])
			json_array_append_new(measures, json_string(drees_prefixes[m]));
	}
	json_object_set_new(o, "measures", measures);
	json_object_set_new(o, "values", json_integer(d.stored));
	rc = import_dataset_end(job, d.dataset, d.rows, d.rows, 0, o, cause);
out:
	sqlite3_finalize(d.upsert);
	free(source);
	return rc;
}

const struct import_kind import_drees_kind = {
	"drees",
	N_("a DREES démographie CSV (header with region, departement and "
	"effectif_<year> or densite_<year> columns)"),
	drees_detect, drees_read, NULL, NULL, NULL,
};
