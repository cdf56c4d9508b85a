/*
 * SAE bases statistiques: one archive per year of bordereaux, read into one
 * row per site (FINESS géographique) and year once every table is in.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "hashmap.h"
#include "import_engine.h"
#include "number.h"
#include "xmalloc.h"

#define SAE_NULL INT64_MIN

enum sae_measure {
	SAE_SYGEN_BEDS, SAE_SYGEN_PLACES, SAE_SYGEN_STAYS_FULL, SAE_SYGEN_STAYS_PARTIAL,
	SAE_MCO_BEDS, SAE_MCO_PLACES, SAE_MCO_STAYS_FULL, SAE_MCO_STAYS_PARTIAL,
	SAE_ER_GENERAL, SAE_ER_PAEDIATRIC, SAE_ER_AUTHORISED,
	SAE_NMEASURES
};

enum sae_table { SAE_ID, SAE_SYGEN, SAE_MCO, SAE_URGENCES, SAE_URGENCES2, SAE_NTABLES };

static const char *const sae_table_names[SAE_NTABLES] = {
	"ID", "SYGEN", "MCO", "URGENCES", "URGENCES2",
};

struct sae_site {
	int	 year;
	char	*finess;
	char	*finess_ej, *name, *category, *departement, *commune;
	int64_t	 value[SAE_NMEASURES];
};

struct sae_year {
	int	 year;
	int	 tables[SAE_NTABLES];	/* rows read from each */
	int64_t	 rejected;
};

struct sae {
	struct import_job	*job;
	struct strmap		*index;		/* "year/FI" */
	struct sae_site		*sites;
	size_t			 nsites, size;
	struct sae_year		 years[8];
	int			 nyears;
	json_t			*skipped;
};

static int
sae_detect(struct csv_reader *r)
{
	static const char *const names[] = { "BOR", "AN", "FI", NULL };

	return import_record_has(r, names);
}

static void
sae_free(void *state)
{
	struct sae *s = state;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nsites; i++) {
		free(s->sites[i].finess);
		free(s->sites[i].finess_ej);
		free(s->sites[i].name);
		free(s->sites[i].category);
		free(s->sites[i].departement);
		free(s->sites[i].commune);
	}
	free(s->sites);
	strmap_free(s->index);
	json_decref(s->skipped);
	free(s);
}

static struct sae_year *
sae_year(struct sae *s, int year, const struct csv_reader *r, char **cause)
{
	int i;

	for (i = 0; i < s->nyears; i++) {
		if (s->years[i].year == year)
			return &s->years[i];
	}
	if (s->nyears == (int)(sizeof s->years / sizeof s->years[0])) {
		import_record_error(cause, r, "more than %d SAE years in one file",
		    s->nyears);
		return NULL;
	}
	memset(&s->years[s->nyears], 0, sizeof s->years[0]);
	s->years[s->nyears].year = year;
	return &s->years[s->nyears++];
}

static struct sae_site *
sae_site(struct sae *s, int year, const char *fi)
{
	struct sae_site *site;
	uint32_t *slot;
	char *key;
	int added, i;

	key = xasprintf("%d/%s", year, fi);
	slot = strmap_put(s->index, key, &added);
	free(key);
	if (added) {
		if (s->nsites == s->size) {
			s->size = s->size * 2 + 1024;
			s->sites = xreallocarray(s->sites, s->size, sizeof *s->sites);
		}
		*slot = (uint32_t)s->nsites;
		site = &s->sites[s->nsites++];
		memset(site, 0, sizeof *site);
		site->year = year;
		site->finess = xstrdup(fi);
		for (i = 0; i < SAE_NMEASURES; i++)
			site->value[i] = SAE_NULL;
	}
	return &s->sites[*slot];
}

/* Adds a published count to a measure; an empty cell leaves it as it was. */
static int
sae_add(struct csv_reader *r, int col, const char *name, int64_t *to, char **cause)
{
	const char *f;
	int64_t v;
	int rc;

	if (col < 0)
		return 0;
	f = csv_reader_field(r, col);
	if ((rc = number_parse_int(f, &v)) < 0)
		return import_field_error(cause, r, name, "not a whole number", f);
	if (rc == 0)
		*to = *to == SAE_NULL ? v : *to + v;
	return 0;
}

static void
sae_set_text(char **to, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	free(*to);
	*to = xstrdup(s);
}

/* Which bordereau an entry holds: from its BOR column, else its name (MCO_2022r.csv). */
static int
sae_table_of(struct csv_reader *r, int bor, const char *entry, char **name)
{
	const char *base = strrchr(entry, '/');
	size_t n;
	int t;

	*name = NULL;
	if (bor >= 0 && csv_reader_field(r, bor) != NULL &&
	    *csv_reader_field(r, bor) != '\0')
		*name = xstrdup(csv_reader_field(r, bor));
	else {
		base = base != NULL ? base + 1 : entry;
		n = strcspn(base, ".");
		while (n > 0 && (isdigit((unsigned char)base[n - 1]) ||
		    base[n - 1] == 'r' || base[n - 1] == 'a'))
			n--;
		if (n > 0 && base[n - 1] == '_')
			n--;
		*name = xstrndup(base, n);
	}
	for (t = 0; t < SAE_NTABLES; t++) {
		if (strcasecmp(*name, sae_table_names[t]) == 0)
			return t;
	}
	return -1;
}

/* Column indexes of one table, -1 where the year does not publish it. */
struct sae_columns {
	int	bor, an, fi, fi_ej, rs, cat, dep, com, urg;
	int	beds, places, stays_full, stays_partial, passu, autsu;
};

static void
sae_columns(struct csv_reader *r, struct sae_columns *c)
{
	c->bor = csv_reader_column(r, "BOR");
	c->an = csv_reader_column(r, "AN");
	c->fi = csv_reader_column(r, "FI");
	c->fi_ej = csv_reader_column(r, "FI_EJ");
	c->rs = csv_reader_column(r, "RS");
	c->cat = csv_reader_column(r, "CAT");
	c->dep = csv_reader_column(r, "DEP");
	c->com = csv_reader_column(r, "COMINSEE");
	if (c->com < 0)
		c->com = csv_reader_column(r, "COM");
	c->urg = csv_reader_column(r, "URG");
	c->beds = csv_reader_column(r, "LIT_MCO");
	c->places = csv_reader_column(r, "PLA_MCO");
	c->stays_full = csv_reader_column(r, "SEJHC_MCO");
	c->stays_partial = csv_reader_column(r, "SEJHP_MCO");
	c->passu = csv_reader_column(r, "PASSU");
	c->autsu = csv_reader_column(r, "AUTSU");
}

static int
sae_row(struct sae *s, struct csv_reader *r, int table, const struct sae_columns *c,
    struct sae_year **y, char **cause)
{
	struct sae_site *site;
	const char *an = csv_reader_field(r, c->an), *fi = csv_reader_field(r, c->fi);
	const char *urg;
	int64_t year;
	int m;

	if (number_parse_int(an, &year) != 0 || year < 1990 || year > 2100)
		return import_field_error(cause, r, "AN", "not a year", an);
	if (*y == NULL || (*y)->year != year) {
		if ((*y = sae_year(s, (int)year, r, cause)) == NULL)
			return -1;
	}
	(*y)->tables[table]++;
	if (*fi == '\0') {
		(*y)->rejected++;
		return 0;
	}
	if (table == SAE_URGENCES2) {
		urg = csv_reader_field(r, c->urg);
		if (*urg == '\0') {
			/* Rows without a type of unit are not real units. */
			(*y)->rejected++;
			return 0;
		}
		site = sae_site(s, (int)year, fi);
		if (strcasecmp(urg, "GEN") == 0)
			m = SAE_ER_GENERAL;
		else if (strcasecmp(urg, "PED") == 0)
			m = SAE_ER_PAEDIATRIC;
		else
			return 0;
		return sae_add(r, c->passu, "PASSU", &site->value[m], cause);
	}
	site = sae_site(s, (int)year, fi);
	if (c->fi_ej >= 0)
		sae_set_text(&site->finess_ej, csv_reader_field(r, c->fi_ej));
	if (c->rs >= 0)
		sae_set_text(&site->name, csv_reader_field(r, c->rs));
	switch (table) {
	case SAE_ID:
		if (c->cat >= 0)
			sae_set_text(&site->category, csv_reader_field(r, c->cat));
		if (c->dep >= 0)
			sae_set_text(&site->departement,
			    import_departement_from_finess(csv_reader_field(r, c->dep)));
		if (c->com >= 0)
			sae_set_text(&site->commune, csv_reader_field(r, c->com));
		return 0;
	case SAE_SYGEN:
	case SAE_MCO:
		m = table == SAE_SYGEN ? SAE_SYGEN_BEDS : SAE_MCO_BEDS;
		if (sae_add(r, c->beds, "LIT_MCO", &site->value[m], cause) != 0 ||
		    sae_add(r, c->places, "PLA_MCO", &site->value[m + 1], cause) != 0 ||
		    sae_add(r, c->stays_full, "SEJHC_MCO", &site->value[m + 2],
		    cause) != 0 ||
		    sae_add(r, c->stays_partial, "SEJHP_MCO", &site->value[m + 3],
		    cause) != 0)
			return -1;
		return 0;
	case SAE_URGENCES:
		return sae_add(r, c->autsu, "AUTSU", &site->value[SAE_ER_AUTHORISED],
		    cause);
	}
	return 0;
}

static int
sae_read(struct import_job *job, struct csv_reader *r, const char *entry,
    char **cause)
{
	struct sae *s = job->state[IMPORT_SAE];
	struct sae_columns c;
	struct sae_year *y = NULL;
	char *name;
	int table, rc;

	if (s == NULL) {
		s = job->state[IMPORT_SAE] = xcalloc(1, sizeof *s);
		s->job = job;
		s->index = strmap_new();
		s->skipped = json_array();
	}
	if (import_take_header(r, cause) != 0)
		return -1;
	sae_columns(r, &c);
	if (c.an < 0 || c.fi < 0)
		return import_record_error(cause, r, "an SAE table without %s",
		    c.an < 0 ? "AN" : "FI");
	if ((rc = csv_reader_next(r, cause)) < 0)
		return -1;
	if (rc == 0)
		return 0;	/* a table with no site */
	table = sae_table_of(r, c.bor, entry, &name);
	if (table < 0) {
		json_array_append_new(s->skipped, json_string(name));
		import_skip(job, entry);
		free(name);
		return 0;
	}
	free(name);
	if (table == SAE_URGENCES2 && c.urg < 0)
		return import_record_error(cause, r, "URGENCES2 without a URG column");
	do {
		if (csv_reader_nfields(r) != csv_reader_nfields_header(r))
			return import_record_error(cause, r, "%zu fields where "
			    "the header has %zu", csv_reader_nfields(r),
			    csv_reader_nfields_header(r));
		if (sae_row(s, r, table, &c, &y, cause) != 0)
			return -1;
		import_progress_row(job);
	} while ((rc = csv_reader_next(r, cause)) == 1);
	return rc;
}

static void
sae_bind_value(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == SAE_NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static json_t *
sae_sum(const struct sae *s, int year, int m)
{
	int64_t sum = 0;
	size_t i;
	int any = 0;

	for (i = 0; i < s->nsites; i++) {
		if (s->sites[i].year == year && s->sites[i].value[m] != SAE_NULL) {
			sum += s->sites[i].value[m];
			any = 1;
		}
	}
	return any ? json_integer(sum) : json_null();
}

/* Writes one year: its sites replace the year's earlier ones. */
static int
sae_write_year(struct sae *s, const struct sae_year *y, char **cause)
{
	sqlite3_stmt *st;
	struct sae_site *site;
	int64_t dataset, rows = 0, sites = 0;
	int sygen = y->tables[SAE_SYGEN] > 0, b, t, rc = 0;
	json_t *o, *tables;

	if ((dataset = import_dataset_begin(s->job, "sae",
	    "DREES, SAE bases statistiques", y->year, cause)) < 0)
		return -1;
	if (db_prepare(s->job->db, "DELETE FROM sae_site WHERE year = ?", &st,
	    cause) != 0)
		return -1;
	sqlite3_bind_int(st, 1, y->year);
	rc = import_sql_step(st, "sae_site", cause);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	if (db_prepare(s->job->db, "INSERT INTO sae_site (finess, year, finess_ej, "
	    "name, category_code, departement, commune_code, beds_mco, places_mco, "
	    "stays_full_mco, stays_partial_mco, er_passages_general, "
	    "er_passages_paediatric, er_authorised, beds_source, dataset_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?16)", &st, cause) != 0)
		return -1;
	b = sygen ? SAE_SYGEN_BEDS : SAE_MCO_BEDS;
	for (size_t i = 0; i < s->nsites && rc == 0; i++) {
		site = &s->sites[i];
		if (site->year != y->year)
			continue;
		sqlite3_bind_text(st, 1, site->finess, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, y->year);
		import_bind_text(st, 3, site->finess_ej);
		import_bind_text(st, 4, site->name);
		import_bind_text(st, 5, site->category);
		import_bind_text(st, 6, site->departement);
		import_bind_text(st, 7, site->commune);
		sae_bind_value(st, 8, site->value[b]);
		sae_bind_value(st, 9, site->value[b + 1]);
		sae_bind_value(st, 10, site->value[b + 2]);
		sae_bind_value(st, 11, site->value[b + 3]);
		sae_bind_value(st, 12, site->value[SAE_ER_GENERAL]);
		sae_bind_value(st, 13, site->value[SAE_ER_PAEDIATRIC]);
		sae_bind_value(st, 14, site->value[SAE_ER_AUTHORISED]);
		sqlite3_bind_text(st, 15, sygen ? "SYGEN" : "MCO", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 16, dataset);
		rc = import_sql_step(st, "sae_site", cause);
		sites++;
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	o = json_object();
	tables = json_object();
	for (t = 0; t < SAE_NTABLES; t++) {
		if (y->tables[t] > 0)
			json_object_set_new(tables, sae_table_names[t],
			    json_integer(y->tables[t]));
		rows += y->tables[t];
	}
	json_object_set_new(o, "tables", tables);
	json_object_set(o, "tables_skipped", s->skipped);
	json_object_set_new(o, "sites", json_integer(sites));
	json_object_set_new(o, "beds_source", json_string(sygen ? "SYGEN" : "MCO"));
	json_object_set_new(o, "beds_mco", sae_sum(s, y->year, b));
	json_object_set_new(o, "places_mco", sae_sum(s, y->year, b + 1));
	json_object_set_new(o, "stays_full_mco", sae_sum(s, y->year, b + 2));
	json_object_set_new(o, "stays_partial_mco", sae_sum(s, y->year, b + 3));
	json_object_set_new(o, "er_passages_general",
	    sae_sum(s, y->year, SAE_ER_GENERAL));
	json_object_set_new(o, "er_passages_paediatric",
	    sae_sum(s, y->year, SAE_ER_PAEDIATRIC));
	json_object_set_new(o, "er_authorised",
	    sae_sum(s, y->year, SAE_ER_AUTHORISED));
	return import_dataset_end(s->job, dataset, rows, rows - y->rejected,
	    y->rejected, o, cause);
}

static int
sae_finish(struct import_job *job, void *state, char **cause)
{
	struct sae *s = state;
	int i;

	(void)job;
	for (i = 0; i < s->nyears; i++) {
		if (sae_write_year(s, &s->years[i], cause) != 0)
			return -1;
	}
	return 0;
}

const struct import_kind import_sae_kind = {
	"sae",
	"an SAE table (header with BOR, AN and FI)",
	sae_detect, sae_read, sae_finish, sae_free,
};
