/* SPDX-License-Identifier: ISC */
/*
 * SAE bases statistiques: the bordereaux of a year, in one archive, several
 * archives or loose CSVs in any order, read into one row per site (FINESS
 * géographique) and year once every FILE of the run is read.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "hashmap.h"
#include "i18n.h"
#include "import_engine.h"
#include "number.h"
#include "sae_activity.h"
#include "utf8.h"
#include "xmalloc.h"

#define SAE_NULL INT64_MIN

/* Rows set aside that a year's provenance and the warnings list one by one. */
#define SAE_NOTES_MAX		20
#define SAE_WARNINGS_MAX	10
/* Kinds of emergency unit (URG) a year may publish before it is not SAE. */
#define SAE_ER_TYPES_MAX	16

enum sae_site_measure {
	SAE_SYGEN_BEDS, SAE_SYGEN_PLACES, SAE_SYGEN_STAYS_FULL, SAE_SYGEN_STAYS_PARTIAL,
	SAE_MCO_BEDS, SAE_MCO_PLACES, SAE_MCO_STAYS_FULL, SAE_MCO_STAYS_PARTIAL,
	SAE_ER_GENERAL, SAE_ER_PAEDIATRIC, SAE_ER_OTHER, SAE_ER_AUTHORISED,
	SAE_NMEASURES
};

/* The tables read: the site's identity and MCO figures, then what it does. */
enum sae_table {
	SAE_ID, SAE_SYGEN, SAE_MCO, SAE_URGENCES, SAE_URGENCES2,
	SAE_PERINAT, SAE_NTABLES = SAE_PERINAT + 15
};

static const char *const sae_table_names[SAE_NTABLES] = {
	"ID", "SYGEN", "MCO", "URGENCES", "URGENCES2",
	"PERINAT", "REA", "IMAGES", "BLOCS", "PSY", "SSR", "HAD", "DIALYSE",
	"CANCERO", "CHIRCAR", "NEUROCHIR", "BRULES", "MCOAVC", "SMURSAMU",
	"PALIA",
};

/* Warnings a table gives one by one for activity values it cannot read. */
#define SAE_ACTIVITY_WARNINGS_MAX	5

/*
 * What health reconciles (dataset_sae_totals, in its order): each sum as the
 * file gives it, over every row of the year (set aside or not), and the part
 * set aside. The four bed measures follow their table's first one.
 */
enum sae_total {
	SAE_T_BEDS, SAE_T_PLACES, SAE_T_STAYS_FULL, SAE_T_STAYS_PARTIAL,
	SAE_T_ER_PASSAGES, SAE_T_ER_AUTHORISED, SAE_NTOTALS
};

_Static_assert(SAE_NTOTALS == DATASET_SAE_NTOTALS, "one name a total");

struct sae_site {
	int	 year;
	char	*finess;
	char	*finess_ej, *name, *category, *departement, *commune;
	int64_t	 value[SAE_NMEASURES];
};

/* Sums of one year, in the bed source's two tables kept apart until written. */
struct sae_sums {
	int64_t	 value[SAE_NMEASURES];
	int	 any[SAE_NMEASURES];
};

/* One activity figure of a site and year (sae_activity's row). */
struct sae_act {
	int		 year;
	size_t		 measure;	/* in sae_measures */
	char		*finess;
	int64_t		 value;
};

struct sae_year {
	int		 year;
	int		 used;		/* a table mediflux reads came in */
	int64_t		 rows[SAE_NTABLES];	/* rows of the year in each table */
	char		*from[SAE_NTABLES];	/* "file: entry" that gave each */
	size_t		*files;		/* the FILEs its tables came from */
	size_t		 nfiles;
	int64_t		 read, rejected;	/* rejected: set aside or of another year */
	int64_t		 aside_rows;
	int64_t		 magnitude;	/* of every figure read: bounds every sum */
	struct sae_sums	 file, aside;
	json_t		*set_aside;	/* the first SAE_NOTES_MAX rows set aside */
	json_t		*other_years;	/* {"2018": 2} */
	json_t		*er_types;	/* PASSU by URG, as published */
	json_t		*not_used;	/* tables of the year mediflux does not read */
	json_t		*columns_missing; /* "PERINAT.ENFANTS": activity columns not published */
	int64_t		*act_sum;	/* by measure: the sum of what was stored */
	int64_t		*act_sites;	/* by measure: how many sites have it */
};

struct sae {
	struct import_job	*job;
	struct strmap		*index;		/* "year/FI" */
	struct sae_site		*sites;
	size_t			 nsites, size;
	struct sae_year		*years;
	size_t			 nyears;
	struct strmap		*act_index;	/* "year/FI/measure" */
	struct sae_act		*acts;
	size_t			 nacts, acts_size;
};

/* Where one activity figure is in the table being read. */
struct sae_measure_read {
	const struct sae_measure	*m;
	int				 kind_col;
	int				 cols[4];
	int				 ncols;
};

/* Column indexes of one table, -1 where the year does not publish it. */
struct sae_columns {
	int	bor, an, fi, fi_ej, rs, cat, dep, com, urg;
	int	beds, places, stays_full, stays_partial, passu, autsu;
};

/* One table being read: where it is, which year it is, what its rows say. */
struct sae_table_read {
	struct sae		*s;
	struct csv_reader	*r;
	struct sae_columns	 c;
	int			 table;
	const char		*name;
	const char		*entry;
	struct sae_year		*y;
	int64_t			 warned;
	int64_t			 other_rows;
	unsigned long		 other_first_line;
	struct sae_measure_read	*reads;		/* the activity figures it holds */
	size_t			 nreads;
	int64_t			 act_warned;
};

/*
 * Whether a table's name is a bordereau's as DREES names them
 * (SYGEN_2021r.csv, HPR_2023a.csv, ID_2019.csv): upper case, digits and '_',
 * then a year and at most one letter.
 */
static int
sae_name_is_bordereau(const char *name)
{
	const char *p, *base = strrchr(name, '/');
	size_t n;

	base = base != NULL ? base + 1 : name;
	n = strcspn(base, ".");
	if (strcasecmp(base + n, ".csv") != 0 || n < 6)
		return 0;
	if (base[n - 1] == 'r' || base[n - 1] == 'a')
		n--;
	if (n < 6 || base[n - 5] != '_')
		return 0;
	for (p = base + n - 4; p < base + n; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
	}
	for (p = base; p < base + n - 5; p++) {
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '_')
			return 0;
	}
	return 1;
}

/*
 * A bordereau has BOR, AN and FI; some (HPR) lack BOR, and aggregate ones
 * (GHT) have no FI: those are known by their name (sae_name_is_bordereau),
 * to be told apart from files mediflux does not know.
 */
static int
sae_detect(struct csv_reader *r)
{
	static const char *const with_bor[] = { "BOR", "AN", "FI", NULL };

	return import_record_has(r, with_bor);
}

static void
sae_free(void *state)
{
	struct sae *s = state;
	size_t i;
	int t;

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
	for (i = 0; i < s->nacts; i++)
		free(s->acts[i].finess);
	free(s->acts);
	strmap_free(s->act_index);
	for (i = 0; i < s->nyears; i++) {
		json_decref(s->years[i].columns_missing);
		free(s->years[i].act_sum);
		free(s->years[i].act_sites);
		for (t = 0; t < SAE_NTABLES; t++)
			free(s->years[i].from[t]);
		free(s->years[i].files);
		json_decref(s->years[i].set_aside);
		json_decref(s->years[i].other_years);
		json_decref(s->years[i].er_types);
		json_decref(s->years[i].not_used);
	}
	free(s->years);
	free(s->sites);
	strmap_free(s->index);
	free(s);
}

static struct sae_year *
sae_year_get(struct sae *s, int year)
{
	struct sae_year *y;
	size_t i;

	for (i = 0; i < s->nyears; i++) {
		if (s->years[i].year == year)
			return &s->years[i];
	}
	s->years = xreallocarray(s->years, s->nyears + 1, sizeof *s->years);
	y = &s->years[s->nyears++];
	memset(y, 0, sizeof *y);
	y->year = year;
	y->set_aside = json_array();
	y->other_years = json_object();
	y->er_types = json_object();
	y->not_used = json_array();
	y->columns_missing = json_array();
	y->act_sum = xcalloc(sae_nmeasures, sizeof *y->act_sum);
	y->act_sites = xcalloc(sae_nmeasures, sizeof *y->act_sites);
	return y;
}

/* Notes that the current FILE holds some of the year's tables. */
static void
sae_year_add_file(struct sae_year *y, size_t file)
{
	size_t i;

	for (i = 0; i < y->nfiles; i++) {
		if (y->files[i] == file)
			return;
	}
	y->files = xreallocarray(y->files, y->nfiles + 1, sizeof *y->files);
	y->files[y->nfiles++] = file;
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

/* Adds a count to a measure; SAE_NULL (an empty cell) leaves it as it was. */
static void
sae_value_add(int64_t *to, int64_t v)
{
	if (v != SAE_NULL)
		*to = *to == SAE_NULL ? v : *to + v;
}

static void
sae_sums_add(struct sae_sums *sums, int m, int64_t v)
{
	if (v == SAE_NULL)
		return;
	sums->value[m] += v;
	sums->any[m] = 1;
}

/*
 * Reads a published count of the table's year; SAE_NULL for an empty cell (not
 * declared). Every sum of the year adds some of these figures: they all fit
 * while the magnitude of all of them does, which is checked here, row by row.
 */
static int
sae_count(struct sae_table_read *tr, int col, const char *name, int64_t *v,
    char **cause)
{
	struct csv_reader *r = tr->r;
	const char *f;
	int rc;

	*v = SAE_NULL;
	if (col < 0)
		return 0;
	f = csv_reader_field(r, col);
	if ((rc = number_parse_int(f, v)) < 0)
		return import_field_error(cause, r, name,
		    _("not a whole number"),
		    f);
	if (rc == 1)
		*v = SAE_NULL;
	else if (number_magnitude_add(&tr->y->magnitude, *v) != 0)
		return import_field_error(cause, r, name, _("the year's "
		    "figures add up beyond what can be counted (2^63) at"), f);
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
		*name = utf8_sanitize(csv_reader_field(r, bor));
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

/* The year a name gives (SYGEN_2021r.csv, SAE_2023_bases…7z), or 0. */
static int
sae_year_in_name(const char *name)
{
	const char *base = strrchr(name, '/'), *p;
	int year;

	for (p = base != NULL ? base + 1 : name; *p != '\0'; p++) {
		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]) ||
		    isdigit((unsigned char)p[4]) ||
		    (p > name && isdigit((unsigned char)p[-1])))
			continue;
		year = atoi(p);
		if (year >= 1990 && year <= 2100)
			return year;
	}
	return 0;
}

/* A row's AN as a year, or 0 when it is none (an export's unresolved "&an."). */
static int
sae_row_year(const char *an)
{
	int64_t year;

	if (number_parse_int(an, &year) != 0 || year < 1990 || year > 2100)
		return 0;
	return (int)year;
}

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

/*
 * Sets a row aside: counted in the year's provenance with where and why, and
 * when it is a defect (not a published convention such as URGENCES2's rows
 * without a kind of unit) a warning, the first few one by one. why is
 * English, marked N_(): provenance keeps it so, the warning translates it.
 */
static void
sae_set_aside(struct sae_table_read *tr, const char *field, const char *why,
    const char *value, int warn)
{
	struct import_job *job = tr->s->job;
	struct sae_year *y = tr->y;
	char *shown = utf8_sanitize(value != NULL ? value : "");
	char *where;

	y->rejected++;
	y->aside_rows++;
	/* Provenance names the file as it records it, not the path it was read at. */
	if (strcmp(tr->entry, job->file_name) == 0)
		where = xasprintf("%s: line %lu", job->file_name,
		    csv_reader_line(tr->r));
	else
		where = xasprintf("%s: %s: line %lu", job->file_name, tr->entry,
		    csv_reader_line(tr->r));
	if (json_array_size(y->set_aside) < SAE_NOTES_MAX)
		json_array_append_new(y->set_aside, json_pack("{s:s, s:s, s:s, s:s}",
		    "where", where, "field", field, "why", why, "value", shown));
	free(where);
	if (warn && tr->warned++ < SAE_WARNINGS_MAX)
		import_warn(job, _("%s: line %lu: field '%s': %s '%s': row set "
		    "aside"), csv_reader_name(tr->r), csv_reader_line(tr->r),
		    field, _(why), shown);
	free(shown);
}

/* The figures of one row, by measure, as published (SAE_NULL when empty). */
static int
sae_row_values(struct sae_table_read *tr, int64_t v[SAE_NMEASURES], char **cause)
{
	const struct sae_columns *c = &tr->c;
	struct csv_reader *r = tr->r;
	const char *urg;
	int m, base;

	for (m = 0; m < SAE_NMEASURES; m++)
		v[m] = SAE_NULL;
	switch (tr->table) {
	case SAE_SYGEN:
	case SAE_MCO:
		base = tr->table == SAE_SYGEN ? SAE_SYGEN_BEDS : SAE_MCO_BEDS;
		if (sae_count(tr, c->beds, "LIT_MCO", &v[base], cause) != 0 ||
		    sae_count(tr, c->places, "PLA_MCO", &v[base + 1], cause) != 0 ||
		    sae_count(tr, c->stays_full, "SEJHC_MCO", &v[base + 2],
		    cause) != 0 ||
		    sae_count(tr, c->stays_partial, "SEJHP_MCO", &v[base + 3],
		    cause) != 0)
			return -1;
		return 0;
	case SAE_URGENCES:
		return sae_count(tr, c->autsu, "AUTSU", &v[SAE_ER_AUTHORISED], cause);
	case SAE_URGENCES2:
		urg = csv_reader_field(r, c->urg);
		if (strcasecmp(urg, "GEN") == 0)
			m = SAE_ER_GENERAL;
		else if (strcasecmp(urg, "PED") == 0)
			m = SAE_ER_PAEDIATRIC;
		else
			m = SAE_ER_OTHER;
		return sae_count(tr, c->passu, "PASSU", &v[m], cause);
	}
	return 0;
}

/* Counts PASSU under its URG as published, for the year's breakdown. */
static int
sae_er_type_add(struct sae_table_read *tr, const char *urg, int64_t passages,
    char **cause)
{
	json_t *types = tr->y->er_types, *n;
	char *key = utf8_sanitize(*urg != '\0' ? urg : "(empty)");
	int rc = 0;

	for (char *p = key; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	if ((n = json_object_get(types, key)) != NULL)
		json_integer_set(n, json_integer_value(n) + passages);
	else if (json_object_size(types) == SAE_ER_TYPES_MAX)
		rc = import_field_error(cause, tr->r, "URG", _("more than "
		    "16 kinds of emergency unit in a year, at"), urg);
	else
		json_object_set_new(types, key, json_integer(passages));
	free(key);
	return rc;
}

/* Keeps one row of the table's year: its site's identity and figures. */
static int
sae_row_keep(struct sae_table_read *tr, const int64_t v[SAE_NMEASURES])
{
	const struct sae_columns *c = &tr->c;
	struct csv_reader *r = tr->r;
	struct sae_site *site;
	int m;

	site = sae_site(tr->s, tr->y->year, csv_reader_field(r, c->fi));
	for (m = 0; m < SAE_NMEASURES; m++)
		sae_value_add(&site->value[m], v[m]);
	if (tr->table == SAE_URGENCES2)
		return 0;
	if (c->fi_ej >= 0)
		sae_set_text(&site->finess_ej, csv_reader_field(r, c->fi_ej));
	if (c->rs >= 0)
		sae_set_text(&site->name, csv_reader_field(r, c->rs));
	if (tr->table == SAE_ID) {
		if (c->cat >= 0)
			sae_set_text(&site->category, csv_reader_field(r, c->cat));
		if (c->dep >= 0)
			sae_set_text(&site->departement,
			    import_departement_from_finess(csv_reader_field(r, c->dep)));
		if (c->com >= 0)
			sae_set_text(&site->commune, csv_reader_field(r, c->com));
	}
	return 0;
}

/* Whether a JSON array of strings holds this one. */
static int
json_array_contains_string(const json_t *a, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++) {
		if (strcmp(json_string_value(json_array_get(a, i)), s) == 0)
			return 1;
	}
	return 0;
}

/*
 * Finds the columns of the activity figures the table holds. A column the
 * year does not publish leaves its figure out of that year, noted in the
 * provenance: bordereaux change from one year to the next.
 */
static void
sae_activity_columns(struct sae_table_read *tr)
{
	struct csv_reader *r = tr->r;
	struct sae_measure_read *mr;
	const struct sae_measure *m;
	const char *p;
	char *col, *missing;
	size_t i, len;
	int ok;

	tr->reads = xcalloc(sae_nmeasures, sizeof *tr->reads);
	for (i = 0; i < sae_nmeasures; i++) {
		m = &sae_measures[i];
		if (strcasecmp(m->table, sae_table_names[tr->table]) != 0)
			continue;
		mr = &tr->reads[tr->nreads];
		memset(mr, 0, sizeof *mr);
		mr->m = m;
		mr->kind_col = m->kind_column != NULL ?
		    csv_reader_column(r, m->kind_column) : -1;
		ok = m->kind_column == NULL || mr->kind_col >= 0;
		missing = NULL;
		if (!ok)
			missing = xstrdup(m->kind_column);
		for (p = m->columns; ok && p != NULL && *p != '\0'; p += len) {
			if (*p == '+')
				p++;
			len = strcspn(p, "+");
			col = xstrndup(p, len);
			if (mr->ncols == 4)
				fatal("sae_measures: %s adds more than 4 columns",
				    m->key);
			if ((mr->cols[mr->ncols++] = csv_reader_column(r, col)) < 0) {
				ok = 0;
				missing = col;
			} else
				free(col);
		}
		if (!ok) {
			col = xasprintf("%s.%s", sae_table_names[tr->table], missing);
			free(missing);
			if (!json_array_contains_string(tr->y->columns_missing, col))
				json_array_append_new(tr->y->columns_missing,
				    json_string(col));
			free(col);
			continue;
		}
		tr->nreads++;
	}
}

/* Adds one activity figure to its site's, summing rows of the same kind. */
static void
sae_activity_add(struct sae_table_read *tr, const char *fi, size_t measure,
    int64_t v)
{
	struct sae *s = tr->s;
	struct sae_act *a;
	uint32_t *slot;
	char *key;
	int added;

	key = xasprintf("%d/%s/%zu", tr->y->year, fi, measure);
	slot = strmap_put(s->act_index, key, &added);
	free(key);
	if (added) {
		if (s->nacts == s->acts_size) {
			s->acts_size = s->acts_size * 2 + 1024;
			s->acts = xreallocarray(s->acts, s->acts_size,
			    sizeof *s->acts);
		}
		*slot = (uint32_t)s->nacts;
		a = &s->acts[s->nacts++];
		a->year = tr->y->year;
		a->measure = measure;
		a->finess = xstrdup(fi);
		a->value = 0;
		tr->y->act_sites[measure]++;
	}
	s->acts[*slot].value += v;
	tr->y->act_sum[measure] += v;
}

/* A maternity's type as a level: TYPE1 to TYPE3, 0 for anything else. */
static int
sae_activity_level(const char *text)
{
	if (strncasecmp(text, "TYPE", 4) == 0 && text[4] >= '1' &&
	    text[4] <= '3' && text[5] == '\0')
		return text[4] - '0';
	return 0;
}

/*
 * Reads a row's activity figures. An empty cell is not declared and stores
 * nothing; a level that is none of TYPE1-3 (CPPR, a centre without births,
 * has a figure of its own) is left out with a warning, the first few one by
 * one; a count that is not a whole number refuses the file, like the MCO's.
 */
static int
sae_activity_row(struct sae_table_read *tr, char **cause)
{
	const struct sae_measure_read *mr;
	struct csv_reader *r = tr->r;
	const char *fi = csv_reader_field(r, tr->c.fi), *f;
	char *shown;
	int64_t v, sum;
	size_t i;
	int c, any;

	for (i = 0; i < tr->nreads; i++) {
		mr = &tr->reads[i];
		if (mr->kind_col >= 0 && !sae_measure_kind_matches(mr->m,
		    csv_reader_field(r, mr->kind_col)))
			continue;
		switch (mr->m->kind) {
		case SAE_MEASURE_PRESENT:
			sae_activity_add(tr, fi, sae_measure_index(mr->m), 1);
			continue;
		case SAE_MEASURE_LEVEL:
			f = csv_reader_field(r, mr->cols[0]);
			if (*f == '\0' || strcasecmp(f, "CPPR") == 0)
				continue;
			if ((v = sae_activity_level(f)) == 0) {
				if (tr->act_warned++ < SAE_ACTIVITY_WARNINGS_MAX) {
					shown = utf8_sanitize(f);
					import_warn(tr->s->job, _("%s: line "
					    "%lu: field '%s': '%s' is no "
					    "maternity type (TYPE1 to TYPE3): "
					    "left out"),
					    csv_reader_name(r), csv_reader_line(r),
					    csv_reader_header(r, (size_t)mr->cols[0]),
					    shown);
					free(shown);
				}
				continue;
			}
			sae_activity_add(tr, fi, sae_measure_index(mr->m), v);
			continue;
		default:
			break;
		}
		sum = 0;
		any = 0;
		for (c = 0; c < mr->ncols; c++) {
			if (sae_count(tr, mr->cols[c], csv_reader_header(r,
			    (size_t)mr->cols[c]), &v, cause) != 0)
				return -1;
			if (v != SAE_NULL) {
				sum += v;
				any = 1;
			}
		}
		if (any)
			sae_activity_add(tr, fi, sae_measure_index(mr->m), sum);
	}
	return 0;
}

/*
 * One row: a row of another year than the table's belongs to no dataset, a
 * row whose year cannot be read or that is no unit (no FI, no URG) is set
 * aside; a figure that cannot be read refuses the file, since a total
 * without it would be wrong.
 */
static int
sae_row(struct sae_table_read *tr, char **cause)
{
	struct csv_reader *r = tr->r;
	struct sae_year *y = tr->y;
	const char *an = csv_reader_field(r, tr->c.an);
	const char *fi = csv_reader_field(r, tr->c.fi), *urg = NULL;
	int64_t v[SAE_NMEASURES];
	json_t *n;
	char key[16];
	int year, m;

	y->read++;
	if ((year = sae_row_year(an)) == 0) {
		sae_set_aside(tr, "AN", N_("not a year"), an, 1);
		return 0;
	}
	if (year != y->year) {
		y->rejected++;
		snprintf(key, sizeof key, "%d", year);
		if ((n = json_object_get(y->other_years, key)) != NULL)
			json_integer_set(n, json_integer_value(n) + 1);
		else
			json_object_set_new(y->other_years, key, json_integer(1));
		if (tr->other_rows++ == 0)
			tr->other_first_line = csv_reader_line(r);
		return 0;
	}
	y->rows[tr->table]++;
	if (sae_row_values(tr, v, cause) != 0)
		return -1;
	if (tr->table == SAE_URGENCES2) {
		urg = csv_reader_field(r, tr->c.urg);
		for (m = SAE_ER_GENERAL; m <= SAE_ER_OTHER; m++) {
			if (v[m] != SAE_NULL &&
			    sae_er_type_add(tr, urg, v[m], cause) != 0)
				return -1;
		}
	}
	for (m = 0; m < SAE_NMEASURES; m++)
		sae_sums_add(&y->file, m, v[m]);
	if (*fi == '\0' || (urg != NULL && *urg == '\0')) {
		for (m = 0; m < SAE_NMEASURES; m++)
			sae_sums_add(&y->aside, m, v[m]);
		if (*fi == '\0')
			sae_set_aside(tr, "FI", N_("no site"), fi, 1);
		else
			sae_set_aside(tr, "URG", N_("no kind of unit"), urg, 0);
		return 0;
	}
	if (tr->table < SAE_PERINAT && sae_row_keep(tr, v) != 0)
		return -1;
	return sae_activity_row(tr, cause);
}

/*
 * The year a table is of: the one its name gives, else its first row's,
 * else its FILE's name's.
 */
static int
sae_table_year(struct import_job *job, struct csv_reader *r, int an,
    const char *entry, char **cause)
{
	int year;

	if ((year = sae_year_in_name(entry)) != 0 ||
	    (year = sae_row_year(csv_reader_field(r, an))) != 0 ||
	    (year = sae_year_in_name(job->file_name)) != 0)
		return year;
	import_field_error(cause, r, "AN", _("not a year, and the table's name "
	    "gives none (<BOR>_<YYYY>.csv)"), csv_reader_field(r, an));
	return 0;
}

static int
sae_read(struct import_job *job, struct csv_reader *r, const char *entry,
    char **cause)
{
	struct sae *s = job->state[IMPORT_SAE];
	struct sae_table_read tr;
	char *name = NULL, *why;
	int year, rc = -1;

	if (s == NULL) {
		s = job->state[IMPORT_SAE] = xcalloc(1, sizeof *s);
		s->job = job;
		s->index = strmap_new();
		s->act_index = strmap_new();
	}
	memset(&tr, 0, sizeof tr);
	tr.s = s;
	tr.r = r;
	tr.entry = entry;
	if (import_take_header(r, cause) != 0)
		return -1;
	sae_columns(r, &tr.c);
	if ((rc = csv_reader_next(r, cause)) <= 0)
		return rc;	/* 0: a table with no site */
	rc = -1;
	tr.table = sae_table_of(r, tr.c.bor, entry, &name);
	tr.name = name;
	if (tr.table >= 0 && (tr.c.an < 0 || tr.c.fi < 0)) {
		import_record_error(cause, r, _("an SAE %s table without %s"),
		    name, tr.c.an < 0 ? "AN" : "FI");
		goto out;
	}
	if (tr.c.an >= 0)
		year = sae_table_year(job, r, tr.c.an, entry, cause);
	else if ((year = sae_year_in_name(csv_reader_name(r))) == 0)
		error_set(cause, _("%s: an SAE table without AN whose name "
		    "gives no year"), csv_reader_name(r));
	if (year == 0)
		goto out;
	tr.y = sae_year_get(s, year);
	if (tr.table < 0) {
		json_array_append_new(tr.y->not_used, json_string(name));
		why = xasprintf(_("SAE %s, a table mediflux does not read"),
		    name);
		import_not_used(job, entry, why);
		free(why);
		rc = 0;
		goto out;
	}
	if (tr.y->from[tr.table] != NULL) {
		error_set(cause, _("%s: SAE %s %d a second time in one import "
		    "(the first is %s): import each table of a year once"),
		    csv_reader_name(r), name, year, tr.y->from[tr.table]);
		goto out;
	}
	if (tr.table == SAE_URGENCES2 && tr.c.urg < 0) {
		import_record_error(cause, r, _("URGENCES2 without a URG "
		    "column"));
		goto out;
	}
	tr.y->from[tr.table] = xstrdup(csv_reader_name(r));
	tr.y->used = 1;
	sae_activity_columns(&tr);
	sae_year_add_file(tr.y, job->nfiles - 1);
	do {
		if (csv_reader_nfields(r) != csv_reader_nfields_header(r)) {
			import_record_error(cause, r, _("%zu fields where the "
			    "header has %zu"), csv_reader_nfields(r),
			    csv_reader_nfields_header(r));
			goto out;
		}
		if (sae_row(&tr, cause) != 0)
			goto out;
		import_progress_row(job);
	} while ((rc = csv_reader_next(r, cause)) == 1);
	if (rc < 0)
		goto out;
	if (tr.warned > SAE_WARNINGS_MAX)
		import_warn(job, ngettext("%s: %lld more row set aside",
		    "%s: %lld more rows set aside",
		    (unsigned long)(tr.warned - SAE_WARNINGS_MAX)),
		    csv_reader_name(r),
		    (long long)(tr.warned - SAE_WARNINGS_MAX));
	if (tr.other_rows > 0)
		import_warn(job, ngettext("%s: %lld row of another year than "
		    "%d set aside (the first at line %lu): they belong to no "
		    "dataset",
		    "%s: %lld rows of another year than %d set aside (the "
		    "first at line %lu): they belong to no dataset",
		    (unsigned long)tr.other_rows), csv_reader_name(r),
		    (long long)tr.other_rows, year, tr.other_first_line);
	if (tr.act_warned > SAE_ACTIVITY_WARNINGS_MAX)
		import_warn(job, ngettext(
		    "%s: %lld more maternity type left out",
		    "%s: %lld more maternity types left out",
		    (unsigned long)(tr.act_warned - SAE_ACTIVITY_WARNINGS_MAX)),
		    csv_reader_name(r),
		    (long long)(tr.act_warned - SAE_ACTIVITY_WARNINGS_MAX));
	rc = 0;
out:
	free(tr.reads);
	free(name);
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

/* One of the reconciled totals of a year's sums, bed measures from their source. */
static json_t *
sae_total_json(const struct sae_sums *sums, int total, int beds)
{
	int64_t v = 0;
	int any = 0, m;

	switch (total) {
	case SAE_T_ER_PASSAGES:
		for (m = SAE_ER_GENERAL; m <= SAE_ER_OTHER; m++) {
			v += sums->value[m];
			any |= sums->any[m];
		}
		break;
	case SAE_T_ER_AUTHORISED:
		v = sums->value[SAE_ER_AUTHORISED];
		any = sums->any[SAE_ER_AUTHORISED];
		break;
	default:
		v = sums->value[beds + total];
		any = sums->any[beds + total];
	}
	return any ? json_integer(v) : json_null();
}

/* The entries of the year's FILEs that were not recognised, for its provenance. */
static json_t *
sae_not_recognised(const struct sae *s, const struct sae_year *y)
{
	const struct import_report *rep = s->job->report;
	json_t *list = json_array();
	const char *name;
	size_t i, f, n;

	for (i = 0; i < rep->nnot_recognised; i++) {
		for (f = 0; f < y->nfiles; f++) {
			name = s->job->files[y->files[f]].name;
			n = strlen(name);
			if (strncmp(rep->not_recognised[i], name, n) == 0 &&
			    strncmp(rep->not_recognised[i] + n, ": ", 2) == 0) {
				json_array_append_new(list,
				    json_string(rep->not_recognised[i] + n + 2));
				break;
			}
		}
	}
	return list;
}

/*
 * The activity figures of a year by measure: how many sites have one, their
 * sum, and where they come from, so that a test or a reader can take the
 * same sum from the published table.
 */
static json_t *
sae_activity_totals(const struct sae_year *y)
{
	const struct sae_measure *m;
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < sae_nmeasures; i++) {
		if (y->act_sites[i] == 0)
			continue;
		m = &sae_measures[i];
		json_object_set_new(o, m->key, json_pack("{s:I, s:I, s:s, s:s?, "
		    "s:s?, s:s?}", "sites", (json_int_t)y->act_sites[i],
		    "sum", (json_int_t)y->act_sum[i], "table", m->table,
		    "kind_column", m->kind_column, "kind_value", m->kind_value,
		    "columns", m->columns));
	}
	return o;
}

/* What the year's provenance records: counts, sums, what was set aside and why. */
static json_t *
sae_year_totals(const struct sae *s, const struct sae_year *y, int beds,
    int64_t sites)
{
	json_t *o = json_object(), *tables = json_object(), *file, *aside, *files;
	const struct import_file *f;
	size_t i;
	int t;

	for (t = 0; t < SAE_NTABLES; t++) {
		if (y->from[t] != NULL)
			json_object_set_new(tables, sae_table_names[t],
			    json_integer(y->rows[t]));
	}
	json_object_set_new(o, "tables", tables);
	json_object_set(o, "tables_not_used", y->not_used);
	json_object_set_new(o, "entries_not_recognised", sae_not_recognised(s, y));
	json_object_set_new(o, "sites", json_integer(sites));
	json_object_set_new(o, "beds_source", json_string(beds == SAE_SYGEN_BEDS ?
	    "SYGEN" : "MCO"));
	json_object_set_new(o, "beds_mco", sae_sum(s, y->year, beds));
	json_object_set_new(o, "places_mco", sae_sum(s, y->year, beds + 1));
	json_object_set_new(o, "stays_full_mco", sae_sum(s, y->year, beds + 2));
	json_object_set_new(o, "stays_partial_mco", sae_sum(s, y->year, beds + 3));
	json_object_set_new(o, "er_passages_general",
	    sae_sum(s, y->year, SAE_ER_GENERAL));
	json_object_set_new(o, "er_passages_paediatric",
	    sae_sum(s, y->year, SAE_ER_PAEDIATRIC));
	json_object_set_new(o, "er_passages_other",
	    sae_sum(s, y->year, SAE_ER_OTHER));
	json_object_set_new(o, "er_authorised", sae_sum(s, y->year, SAE_ER_AUTHORISED));
	json_object_set(o, "er_passages_by_type", y->er_types);
	file = json_object();
	aside = json_object();
	for (t = 0; t < SAE_NTOTALS; t++) {
		json_object_set_new(file, dataset_sae_totals[t],
		    sae_total_json(&y->file, t, beds));
		json_object_set_new(aside, dataset_sae_totals[t],
		    sae_total_json(&y->aside, t, beds));
	}
	json_object_set_new(o, "activity", sae_activity_totals(y));
	json_object_set(o, "activity_columns_missing", y->columns_missing);
	json_object_set_new(o, "file_totals", file);
	json_object_set_new(o, "set_aside_totals", aside);
	json_object_set_new(o, "rows_set_aside", json_integer(y->aside_rows));
	json_object_set(o, "set_aside", y->set_aside);
	json_object_set(o, "other_years", y->other_years);
	if (y->nfiles > 1) {
		files = json_array();
		for (i = 0; i < y->nfiles; i++) {
			f = &s->job->files[y->files[i]];
			json_array_append_new(files, json_pack("{s:s, s:I, s:s}",
			    "name", f->name, "size", (json_int_t)f->size,
			    "sha256", f->sha256));
		}
		json_object_set_new(o, "files", files);
	}
	return o;
}

/* Writes a year's activity figures in place of the year's earlier ones. */
static int
sae_write_activity(struct sae *s, const struct sae_year *y, int64_t dataset,
    char **cause)
{
	sqlite3_stmt *st;
	const struct sae_act *a;
	size_t i;
	int rc;

	if (db_prepare(s->job->db, "DELETE FROM sae_activity WHERE year = ?", &st,
	    cause) != 0)
		return -1;
	sqlite3_bind_int(st, 1, y->year);
	rc = import_sql_step(st, "sae_activity", cause);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	if (db_prepare(s->job->db, "INSERT INTO sae_activity (finess, year, "
	    "measure, value, dataset_id) VALUES (?1, ?2, ?3, ?4, ?5)", &st,
	    cause) != 0)
		return -1;
	for (i = 0; i < s->nacts && rc == 0; i++) {
		a = &s->acts[i];
		if (a->year != y->year)
			continue;
		sqlite3_bind_text(st, 1, a->finess, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, y->year);
		sqlite3_bind_text(st, 3, sae_measures[a->measure].key, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, a->value);
		sqlite3_bind_int64(st, 5, dataset);
		rc = import_sql_step(st, "sae_activity", cause);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Writes one year: its sites replace the year's earlier ones. */
static int
sae_write_year(struct sae *s, const struct sae_year *y, char **cause)
{
	sqlite3_stmt *st;
	struct sae_site *site;
	int64_t dataset, sites = 0;
	int sygen = y->from[SAE_SYGEN] != NULL, b, rc = 0;

	if ((dataset = import_dataset_begin_files(s->job, "sae",
	    "DREES, SAE bases statistiques", y->year, y->files, y->nfiles,
	    cause)) < 0)
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
	    "er_passages_paediatric, er_passages_other, er_authorised, "
	    "beds_source, dataset_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", &st, cause) != 0)
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
		sae_bind_value(st, 14, site->value[SAE_ER_OTHER]);
		sae_bind_value(st, 15, site->value[SAE_ER_AUTHORISED]);
		sqlite3_bind_text(st, 16, sygen ? "SYGEN" : "MCO", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 17, dataset);
		rc = import_sql_step(st, "sae_site", cause);
		sites++;
	}
	sqlite3_finalize(st);
	if (rc != 0 || sae_write_activity(s, y, dataset, cause) != 0)
		return -1;
	return import_dataset_end(s->job, dataset, y->read, y->read - y->rejected,
	    y->rejected, sae_year_totals(s, y, b, sites), cause);
}

static int
sae_finish(struct import_job *job, void *state, char **cause)
{
	struct sae *s = state;
	size_t i;

	(void)job;
	for (i = 0; i < s->nyears; i++) {
		if (s->years[i].used && sae_write_year(s, &s->years[i], cause) != 0)
			return -1;
	}
	return 0;
}

const struct import_kind import_sae_kind = {
	"sae",
	N_("an SAE table (header with BOR, AN and FI)"),
	sae_detect, sae_read, sae_finish, sae_free, sae_name_is_bordereau,
};
