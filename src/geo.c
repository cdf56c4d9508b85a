/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "csv.h"
#include "dataset.h"
#include "db.h"
#include "fold.h"
#include "geo.h"
#include "number.h"
#include "source.h"
#include "xmalloc.h"

enum geo_type {
	GEO_CODE,	/* required text */
	GEO_NAME,	/* required text, bound with its folded key */
	GEO_TEXT,	/* optional text */
	GEO_POPULATION,	/* optional non-negative integer */
	GEO_POSTCODES,	/* space-separated, to the postcode table */
	GEO_LATITUDE,	/* optional degrees, -90 to 90 */
	GEO_LONGITUDE,	/* optional degrees, -180 to 180 */
};

struct geo_column {
	const char	*name;
	enum geo_type	 type;
	const char	*exists_sql;	/* a value must be found by this query */
	const char	*exists_what;
};

#define GEO_MAX_COLUMNS 10

struct geo_file {
	const char		*name;
	const char		*kind;
	const char		*insert_sql;	/* one parameter a column, two for a name */
	struct geo_column	 columns[GEO_MAX_COLUMNS];
};

static const struct geo_file geo_files[] = {
	{ "regions.csv", "insee_regions",
	  "INSERT INTO region (code, name, name_key, chef_lieu, zone)"
	  " VALUES (?, ?, ?, ?, ?)",
	  { { "code", GEO_CODE, NULL, NULL },
	    { "nom", GEO_NAME, NULL, NULL },
	    { "chef_lieu", GEO_TEXT, NULL, NULL },
	    { "zone", GEO_CODE, NULL, NULL } } },
	{ "departements.csv", "insee_departements",
	  "INSERT INTO departement (code, name, name_key, region_code, chef_lieu,"
	  " zone) VALUES (?, ?, ?, ?, ?, ?)",
	  { { "code", GEO_CODE, NULL, NULL },
	    { "nom", GEO_NAME, NULL, NULL },
	    { "region", GEO_CODE, "SELECT 1 FROM region WHERE code = ?", "region" },
	    { "chef_lieu", GEO_TEXT, NULL, NULL },
	    { "zone", GEO_CODE, NULL, NULL } } },
	{ "communes.csv", "insee_communes",
	  "INSERT INTO commune (code, name, name_key, departement_code,"
	  " region_code, population, latitude, longitude)"
	  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	  { { "code", GEO_CODE, NULL, NULL },
	    { "nom", GEO_NAME, NULL, NULL },
	    { "departement", GEO_CODE, "SELECT 1 FROM departement WHERE code = ?",
	      "département" },
	    { "region", GEO_CODE, "SELECT 1 FROM region WHERE code = ?", "region" },
	    { "population", GEO_POPULATION, NULL, NULL },
	    { "codes_postaux", GEO_POSTCODES, NULL, NULL },
	    { "latitude", GEO_LATITUDE, NULL, NULL },
	    { "longitude", GEO_LONGITUDE, NULL, NULL } } },
	{ "arrondissements-municipaux.csv", "insee_arrondissements",
	  "INSERT INTO arrondissement (code, name, name_key, commune_code,"
	  " departement_code, region_code, population, latitude, longitude)"
	  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	  { { "code", GEO_CODE, NULL, NULL },
	    { "nom", GEO_NAME, NULL, NULL },
	    { "commune", GEO_CODE, "SELECT 1 FROM commune WHERE code = ?", "commune" },
	    { "departement", GEO_CODE, "SELECT 1 FROM departement WHERE code = ?",
	      "département" },
	    { "region", GEO_CODE, "SELECT 1 FROM region WHERE code = ?", "region" },
	    { "population", GEO_POPULATION, NULL, NULL },
	    { "codes_postaux", GEO_POSTCODES, NULL, NULL },
	    { "latitude", GEO_LATITUDE, NULL, NULL },
	    { "longitude", GEO_LONGITUDE, NULL, NULL } } },
};

/* One file being loaded: its reader, statements and running totals. */
struct geo_load {
	sqlite3			*db;
	const struct geo_file	*file;
	struct csv_reader	*csv;
	int			 index[GEO_MAX_COLUMNS];
	int			 ncolumns;
	sqlite3_stmt		*insert;
	sqlite3_stmt		*postcode;
	sqlite3_stmt		*exists[GEO_MAX_COLUMNS];
	int64_t			 rows;
	int64_t			 population;
	int64_t			 postcodes;
	int64_t			 positions;	/* rows with a latitude */
	int			 has_population;
};

/* Stores "file: line N: field 'x': why" in *cause. */
static int
geo_row_error(struct geo_load *g, int col, const char *why, const char *value,
    char **cause)
{
	return error_set(cause, "%s: line %lu: field '%s': %s '%s'",
	    csv_reader_name(g->csv), csv_reader_line(g->csv),
	    g->file->columns[col].name, why, value);
}

/* Checks the header and prepares the statements for one file. */
static int
geo_load_begin(struct geo_load *g, char **cause)
{
	const struct geo_column *c;
	char *why = NULL;
	int i, rc;

	if ((rc = csv_reader_next(g->csv, cause)) < 0)
		return -1;
	if (rc == 0)
		return error_set(cause, "%s: empty file (a header line was "
		    "expected)", csv_reader_name(g->csv));
	csv_reader_take_header(g->csv);
	for (i = 0; i < GEO_MAX_COLUMNS && g->file->columns[i].name != NULL; i++) {
		c = &g->file->columns[i];
		/* A geography without positions is still one: --near says so. */
		if ((g->index[i] = csv_reader_column(g->csv, c->name)) < 0 &&
		    (c->type == GEO_LATITUDE || c->type == GEO_LONGITUDE))
			continue;
		if (g->index[i] < 0)
			return error_set(cause, "%s: line 1: missing column '%s'",
			    csv_reader_name(g->csv), c->name);
		if (c->exists_sql != NULL &&
		    db_prepare(g->db, c->exists_sql, &g->exists[i], &why) != 0)
			goto fail;
		if (c->type == GEO_POPULATION)
			g->has_population = 1;
	}
	g->ncolumns = i;
	if (db_prepare(g->db, g->file->insert_sql, &g->insert, &why) != 0 ||
	    db_prepare(g->db, "INSERT OR IGNORE INTO postcode (postal_code,"
	    " place_code) VALUES (?, ?)", &g->postcode, &why) != 0)
		goto fail;
	return 0;
fail:
	error_set(cause, "%s: %s", csv_reader_name(g->csv), why);
	free(why);
	return -1;
}

static void
geo_load_end(struct geo_load *g)
{
	int i;

	for (i = 0; i < GEO_MAX_COLUMNS; i++)
		sqlite3_finalize(g->exists[i]);
	sqlite3_finalize(g->insert);
	sqlite3_finalize(g->postcode);
}

/*
 * Tells whether a referenced code exists (départements need their region,
 * ...): DB_ROW, DB_DONE, or -1 with *cause.
 */
static int
geo_exists(sqlite3_stmt *stmt, const char *value, char **cause)
{
	int found;

	sqlite3_bind_text(stmt, 1, value, -1, SQLITE_STATIC);
	found = db_step(stmt, cause);
	sqlite3_reset(stmt);
	return found;
}

/* Inserts the space-separated postcodes of one place. */
static int
geo_add_postcodes(struct geo_load *g, int col, const char *list,
    const char *place, char **cause)
{
	char *copy, *word, *save;
	size_t i;
	int rc = 0;

	copy = xstrdup(list);
	for (word = strtok_r(copy, " ", &save); word != NULL && rc == 0;
	    word = strtok_r(NULL, " ", &save)) {
		for (i = 0; word[i] != '\0'; i++)
			if (word[i] < '0' || word[i] > '9')
				break;
		if (i != 5 || word[i] != '\0') {
			rc = geo_row_error(g, col, "not a postcode", word, cause);
			break;
		}
		sqlite3_bind_text(g->postcode, 1, word, -1, SQLITE_STATIC);
		sqlite3_bind_text(g->postcode, 2, place, -1, SQLITE_STATIC);
		if (db_step(g->postcode, cause) < 0)
			rc = -1;
		else if (sqlite3_changes(g->db) > 0)
			g->postcodes++;
		sqlite3_reset(g->postcode);
	}
	free(copy);
	return rc;
}

/* Validates one data line and inserts it. */
static int
geo_load_row(struct geo_load *g, char **cause)
{
	const struct geo_column *c;
	const char *v, *code = NULL, *postcodes = NULL;
	char *key, *why = NULL;
	int64_t n;
	double degrees, limit;
	int i, p = 1, pc_col = -1, rc;

	sqlite3_reset(g->insert);
	sqlite3_clear_bindings(g->insert);
	for (i = 0; i < g->ncolumns; i++) {
		c = &g->file->columns[i];
		if (g->index[i] < 0) {		/* an optional column absent */
			p++;
			continue;
		}
		if ((v = csv_reader_field(g->csv, g->index[i])) == NULL)
			return error_set(cause, "%s: line %lu: %zu fields, the "
			    "header has %zu", csv_reader_name(g->csv),
			    csv_reader_line(g->csv), csv_reader_nfields(g->csv),
			    (size_t)g->index[i] + 1);
		switch (c->type) {
		case GEO_CODE:
		case GEO_NAME:
			if (*v == '\0')
				return geo_row_error(g, i, "empty", v, cause);
			if (c->exists_sql != NULL &&
			    (rc = geo_exists(g->exists[i], v, cause)) != DB_ROW) {
				if (rc < 0)
					return -1;
				return geo_row_error(g, i, "unknown", v, cause);
			}
			if (code == NULL)
				code = v;
			sqlite3_bind_text(g->insert, p++, v, -1, SQLITE_TRANSIENT);
			if (c->type == GEO_NAME) {
				key = fold_key(v);
				sqlite3_bind_text(g->insert, p++, key, -1, free);
			}
			break;
		case GEO_TEXT:
			if (*v != '\0')
				sqlite3_bind_text(g->insert, p, v, -1,
				    SQLITE_TRANSIENT);
			p++;
			break;
		case GEO_POPULATION:
			if ((rc = csv_parse_int64(v, &n)) < 0 || (rc == 0 && n < 0))
				return geo_row_error(g, i, "not a population", v,
				    cause);
			if (rc == 0) {
				sqlite3_bind_int64(g->insert, p, n);
				g->population += n;
			}
			p++;
			break;
		case GEO_POSTCODES:
			postcodes = v;
			pc_col = i;
			break;
		case GEO_LATITUDE:
		case GEO_LONGITUDE:
			limit = c->type == GEO_LATITUDE ? 90 : 180;
			if (*v != '\0' && (number_parse_double(v, &degrees) != 0 ||
			    !(degrees >= -limit && degrees <= limit)))
				return geo_row_error(g, i, "not a position in "
				    "degrees", v, cause);
			if (*v != '\0') {
				sqlite3_bind_double(g->insert, p, degrees);
				if (c->type == GEO_LATITUDE)
					g->positions++;
			}
			p++;
			break;
		}
	}
	if (db_step(g->insert, &why) < 0) {
		error_set(cause, "%s: line %lu: %s", csv_reader_name(g->csv),
		    csv_reader_line(g->csv), why);
		free(why);
		return -1;
	}
	g->rows++;
	if (postcodes != NULL)
		return geo_add_postcodes(g, pc_col, postcodes, code, cause);
	return 0;
}

/* Records where one file came from and what it held. */
static int
geo_record_dataset(struct geo_load *g, struct source *src,
    const struct geo_info *info, char **cause)
{
	struct dataset_record d;
	json_t *totals;
	int rc;

	memset(&d, 0, sizeof d);
	if (source_sha256_hex(src, d.sha256, cause) != 0)
		return -1;
	totals = json_pack("{s:I}", "rows", (json_int_t)g->rows);
	if (g->has_population)
		json_object_set_new(totals, "population",
		    json_integer(g->population));
	if (g->postcodes > 0)
		json_object_set_new(totals, "postcodes", json_integer(g->postcodes));
	if (g->positions > 0)
		json_object_set_new(totals, "positions", json_integer(g->positions));
	d.kind = (char *)g->file->kind;
	d.year = info->year;
	d.source = (char *)info->source;
	d.file_name = (char *)source_basename(src);
	d.file_size = (int64_t)source_bytes(src);
	d.rows_read = d.rows_kept = g->rows;
	d.control_totals = json_dumps(totals, JSON_COMPACT | JSON_SORT_KEYS);
	d.imported_at = dataset_timestamp_now();
	rc = dataset_insert(g->db, &d, cause);
	free(d.control_totals);
	free(d.imported_at);
	json_decref(totals);
	return rc;
}

static int
geo_load_file(sqlite3 *db, const char *dir, const struct geo_file *file,
    const struct geo_info *info, char **cause)
{
	struct geo_load g;
	struct source *src;
	char *path;
	int rc;

	path = xasprintf("%s/%s", dir, file->name);
	src = source_open_file(path, cause);
	free(path);
	if (src == NULL)
		return -1;
	memset(&g, 0, sizeof g);
	g.db = db;
	g.file = file;
	g.csv = csv_reader_new(source_path(src), source_read, src);
	csv_reader_set_separator(g.csv, ',');
	rc = geo_load_begin(&g, cause);
	while (rc == 0 && (rc = csv_reader_next(g.csv, cause)) == 1)
		rc = geo_load_row(&g, cause);
	if (rc == 0)
		rc = geo_record_dataset(&g, src, info, cause);
	geo_load_end(&g);
	csv_reader_free(g.csv);
	source_free(src);
	return rc;
}

/* Populations of regions and départements are the sums of their communes'. */
static const char geo_sum_sql[] =
	"UPDATE departement SET population = (SELECT sum(population)"
	" FROM commune WHERE departement_code = departement.code);"
	"UPDATE region SET population = (SELECT sum(population)"
	" FROM commune WHERE region_code = region.code);";

/* A commune whose region is not its département's is an error in the files. */
static const char geo_consistency_sql[] =
	"SELECT c.code, c.region_code, d.region_code FROM commune c"
	" JOIN departement d ON d.code = c.departement_code"
	" WHERE c.region_code <> d.region_code LIMIT 1";

int
geo_load_dir(sqlite3 *db, const char *dir, const struct geo_info *info,
    char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	for (i = 0; i < sizeof geo_files / sizeof geo_files[0]; i++) {
		if (geo_load_file(db, dir, &geo_files[i], info, cause) != 0)
			return -1;
	}
	if (db_prepare(db, geo_consistency_sql, &stmt, cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		error_set(cause, "%s/communes.csv: commune %s is in region %s but "
		    "its département is in region %s", dir,
		    sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1),
		    sqlite3_column_text(stmt, 2));
	sqlite3_finalize(stmt);
	if (rc != DB_DONE)
		return -1;
	return db_exec(db, geo_sum_sql, cause);
}
