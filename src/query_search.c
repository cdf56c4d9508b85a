/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fold.h"
#include "hashmap.h"
#include "i18n.h"
#include "position.h"
#include "query_hospital.h"
#include "sae_activity.h"
#include "search_rank.h"
#include "strpool.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * Searching is two steps: the candidates (every establishment the query
 * finds, with what ranks it), ranked in C, then the display columns of the
 * page alone. Each candidate statement returns the establishment's finess,
 * the place key that matched (NULL but for cities), category_code,
 * category_group_code and name_key. Ranking in SQL (GROUP BY, window
 * functions) cost several times more than the lookups themselves on
 * one-letter queries.
 */

/*
 * place holds what ranks a result beside each place name, so that a
 * one-letter query never looks up the hundreds of establishments it drops;
 * the index finds the names (place_key), each name's rows follow one another.
 */
static const char search_city_sql[] =
	"SELECT p.finess, p.key, p.category_code, p.category_group_code,"
	" p.name_key FROM place_search s JOIN place_key k ON k.id = s.rowid"
	" JOIN place p ON p.id BETWEEN k.first AND k.last AND p.key = k.key"
	" WHERE place_search MATCH ?1";

/*
 * A postcode is the establishment's own, or its commune's when the one it
 * publishes is not (a CEDEX code).
 */
static const char search_postcode_sql[] =
	"SELECT e.finess, NULL, e.category_code, e.category_group_code,"
	" e.name_key FROM establishment e WHERE e.postal_code = ?1"
	" UNION ALL SELECT e.finess, NULL, e.category_code,"
	" e.category_group_code, e.name_key FROM postcode p"
	" JOIN establishment e ON e.commune_code = p.place_code"
	" WHERE p.postal_code = ?1 AND NOT EXISTS (SELECT 1 FROM postcode x"
	"  WHERE x.postal_code = e.postal_code AND x.place_code = e.commune_code)";

/* A prefix is the range of the five-digit codes it starts. */
static const char search_prefix_sql[] =
	"SELECT e.finess, NULL, e.category_code, e.category_group_code,"
	" e.name_key FROM establishment e WHERE e.postal_code BETWEEN ?1 AND ?2";

static const char search_departement_sql[] =
	"SELECT e.finess, NULL, e.category_code, e.category_group_code,"
	" e.name_key FROM establishment e WHERE e.departement = ?1";

/*
 * The establishments placed inside a latitude/longitude box (?1-?4: least
 * and greatest latitude, then longitude) of kind ?5 or above (1: hospitals
 * and clinics alone, 0: all), read from the R*Tree alone: its id, position
 * (single precision, rounded outwards) and kind.
 */
static const char search_near_sql[] =
	"SELECT id, min_lat, max_lat, min_lon, max_lon, max_kind"
	" FROM establishment_rtree WHERE max_lat >= ?1 AND min_lat <= ?2"
	" AND max_lon >= ?3 AND min_lon <= ?4 AND max_kind >= ?5";

/* An establishment found around a place, as the candidates are read, and its exact position. */
static const char search_near_row_sql[] =
	"SELECT finess, NULL, category_code, category_group_code, name_key,"
	" latitude, longitude FROM establishment WHERE rowid = ?1";

/*
 * The rows of a batch of establishments (QUERY_BATCH), in no order, each then
 * the dataset it comes from (column HOSPITAL_ROW_NCOLUMNS). Run for each row,
 * opening and closing its four cursors, it took about half of a search's
 * time on make bench's 100,000 establishments.
 */
static const char search_row_sql[] =
	"SELECT " HOSPITAL_ROW_COLUMNS ", e.dataset_id FROM establishment e"
	HOSPITAL_ROW_JOINS " WHERE e.finess IN " QUERY_BATCH_PARAMS;

/* A dataset of the rows listed, when it is sample data. */
static const char search_dataset_sql[] =
	"SELECT kind, year FROM dataset WHERE id = ?1 AND sample <> 0";

/* A search that lists nothing is still an answer of the FINESS extract searched. */
static const char search_finess_sql[] =
	"SELECT kind, year FROM dataset WHERE kind = 'finess' AND sample <> 0";

/* Whether the stored rankings were made by this ranking (search_rank.c). */
static const char search_rank_source_sql[] =
	"SELECT count(*) FROM search_rank_source WHERE engine = ?1";

/* A search's stored first page: its totals, then its establishments in order. */
static const char search_rank_sql[] =
	"SELECT total, total_all FROM search_rank WHERE kind = ?1 AND key = ?2"
	" AND all_kinds = ?3";

static const char search_rank_row_sql[] =
	"SELECT finess, match FROM search_rank_row WHERE kind = ?1 AND key = ?2"
	" AND all_kinds = ?3 ORDER BY rank LIMIT ?4";

/* An establishment found, with what orders the list. */
struct search_candidate {
	char			 finess[16];	/* finds it; breaks ties of names */
	char			*name_key;	/* in names; NULL: of a kind not asked for */
	enum hospital_match	 match;
	int			 tier;		/* 0 CHR/CHU, 1 CH, 2 others */
	int			 without;	/* of a kind asked for, without --with's activities */
	double			 km;		/* from --near's centre; -1 not asked */
};

/*
 * The establishments found, each once (a Paris hospital is found under
 * "paris" and under its arrondissement), in the order found.
 */
struct search_candidates {
	struct search_candidate	*list;
	size_t			 n, size;
	struct strmap		*seen;		/* FINESS to index in list */
	struct strpool		 names;		/* the candidates' name keys */
	size_t			 unread;	/* around a place: found, counted, not read */
	size_t			 unread_asked;	/* of those, of the kinds asked for */
};

#define ROW_FIELD(key, member) { key, offsetof(struct hospital_row, member) }

static const struct hospital_text_field search_row_fields[] = {
	ROW_FIELD("finess", finess),
	ROW_FIELD("name", name),
	ROW_FIELD("category", category),
	ROW_FIELD("category_code", category_code),
	ROW_FIELD("category_group_code", category_group_code),
	ROW_FIELD("city", city),
	ROW_FIELD("postal_code", postal_code),
	ROW_FIELD("commune_code", commune_code),
	ROW_FIELD("departement", departement),
	ROW_FIELD("departement_name", departement_name),
	ROW_FIELD("region", region),
	ROW_FIELD("region_name", region_name),
};

#define SEARCH_NROW_FIELDS \
	(sizeof search_row_fields / sizeof search_row_fields[0])

_Static_assert(SEARCH_NROW_FIELDS == HOSPITAL_ROW_NCOLUMNS,
    "one field a column of HOSPITAL_ROW_COLUMNS");

/* The struct member a field of a table stands for. */
static char **
search_field_slot(const struct hospital_text_field *f, const void *obj)
{
	return (char **)((char *)(uintptr_t)obj + f->offset);
}

void
hospital_text_fields_read(const struct hospital_text_field *fields, size_t n,
    void *obj, sqlite3_stmt *stmt, int first)
{
	const unsigned char *text;
	size_t i;

	for (i = 0; i < n; i++) {
		text = sqlite3_column_text(stmt, first + (int)i);
		*search_field_slot(&fields[i], obj) = text != NULL ?
		    xstrdup((const char *)text) : NULL;
	}
}

void
hospital_text_fields_json(const struct hospital_text_field *fields, size_t n,
    const void *obj, json_t *o)
{
	const char *text;
	size_t i;

	for (i = 0; i < n; i++) {
		text = *search_field_slot(&fields[i], obj);
		json_object_set_new(o, fields[i].key, text != NULL ?
		    json_string(text) : json_null());
	}
}

void
hospital_text_fields_free(const struct hospital_text_field *fields, size_t n,
    void *obj)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(*search_field_slot(&fields[i], obj));
		*search_field_slot(&fields[i], obj) = NULL;
	}
}

void
hospital_row_read(struct hospital_row *row, sqlite3_stmt *stmt, int first)
{
	hospital_text_fields_read(search_row_fields, SEARCH_NROW_FIELDS, row,
	    stmt, first);
}

void
hospital_row_clear(struct hospital_row *row)
{
	hospital_text_fields_free(search_row_fields, SEARCH_NROW_FIELDS, row);
}

void
hospital_row_to_json(const struct hospital_row *row, json_t *o)
{
	hospital_text_fields_json(search_row_fields, SEARCH_NROW_FIELDS, row, o);
}

const char *
hospital_query_kind_name(enum hospital_query_kind kind)
{
	static const char *const names[] = {
		[HOSPITAL_QUERY_EMPTY] = "empty",
		[HOSPITAL_QUERY_CITY] = "city",
		[HOSPITAL_QUERY_POSTCODE] = "postcode",
		[HOSPITAL_QUERY_DEPARTEMENT] = "departement",
	};

	return names[kind];
}

const char *
hospital_match_name(enum hospital_match match)
{
	static const char *const names[] = {
		[HOSPITAL_MATCH_EXACT] = "exact",
		[HOSPITAL_MATCH_PREFIX] = "prefix",
		[HOSPITAL_MATCH_WORD] = "word",
		[HOSPITAL_MATCH_AREA] = "area",
		[HOSPITAL_MATCH_NEAR] = "near",
	};

	return names[match];
}

/*
 * The département whose code the folded text is ("42", "2a", "974"), with
 * its name; a valid code wins over the postcode prefix the same digits are.
 */
static int
search_departement(struct query_db *q, struct hospital_results *r,
    char **cause)
{
	sqlite3_stmt *stmt;
	const char *key = r->key;
	char code[4];
	size_t i, n = strlen(key);
	int rc;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		code[i] = key[i] >= 'a' && key[i] <= 'z' ? key[i] - 32 : key[i];
	code[n] = '\0';
	if ((stmt = query_db_statement(q, "SELECT code, name FROM departement"
	    " WHERE code = ?1", cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		r->kind = HOSPITAL_QUERY_DEPARTEMENT;
		free(r->key);
		r->key = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		r->place = xstrdup((const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	return rc < 0 ? -1 : 0;
}

/* Decides what the folded query is (r->key), a département code needing the database. */
static int
search_classify(struct query_db *q, struct hospital_results *r, char **cause)
{
	size_t n = strlen(r->key);

	if (n == 0) {
		r->kind = HOSPITAL_QUERY_EMPTY;
		return 0;
	}
	r->kind = HOSPITAL_QUERY_CITY;
	if (search_departement(q, r, cause) != 0)
		return -1;
	if (r->kind == HOSPITAL_QUERY_CITY && n <= 5 &&
	    strspn(r->key, "0123456789") == n)
		r->kind = HOSPITAL_QUERY_POSTCODE;
	return 0;
}

/*
 * The FTS5 expression of folded words: one phrase of prefix tokens, each
 * quoted so that nothing in them is FTS syntax.
 */
static char *
search_fts_phrase(const char *key)
{
	char *out, *o;
	const char *p;

	out = o = xmalloc(6 * strlen(key) + 4);
	*o++ = '"';
	for (p = key; *p != '\0'; p++) {
		if (*p == ' ') {
			memcpy(o, "\"* + \"", 6);
			o += 6;
			continue;
		}
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	memcpy(o, "\"*", 3);
	return out;
}

/*
 * How a place key that FTS5 matched matches the folded words: each word the
 * start of the key's word at the same place, and as many words (exact), or
 * fewer (prefix); else they start later words (FTS5 found them somewhere).
 */
static enum hospital_match
search_place_match(const char *key, const char *words)
{
	size_t kn, wn;

	for (;;) {
		kn = strcspn(key, " ");
		wn = strcspn(words, " ");
		if (wn > kn || memcmp(key, words, wn) != 0)
			return HOSPITAL_MATCH_WORD;
		key += kn;
		words += wn;
		if (*words == '\0')
			return *key == '\0' ? HOSPITAL_MATCH_EXACT :
			    HOSPITAL_MATCH_PREFIX;
		if (*key == '\0')
			return HOSPITAL_MATCH_WORD;
		key++;
		words++;
	}
}

/* Regional and university hospitals first, then general and ex-local hospitals. */
static int
search_tier(const char *category)
{
	if (category == NULL)
		return 2;
	if (strcmp(category, "101") == 0)
		return 0;
	return strcmp(category, "355") == 0 || strcmp(category, "106") == 0 ?
	    1 : 2;
}

static const char *
search_column(sqlite3_stmt *stmt, int i)
{
	const unsigned char *text = sqlite3_column_text(stmt, i);

	return text != NULL ? (const char *)text : "";
}

/*
 * Adds the candidate of the statement's current row, or improves the match of
 * the one already there; only the kinds asked for keep what ranks them.
 */
static void
search_add_candidate(struct search_candidates *c, sqlite3_stmt *stmt,
    const struct hospital_results *r)
{
	struct search_candidate *k;
	const char *key;
	enum hospital_match match;
	uint32_t *slot;
	int added;

	key = (const char *)sqlite3_column_text(stmt, 1);
	match = key != NULL ? search_place_match(key, r->key) :
	    HOSPITAL_MATCH_AREA;
	slot = strmap_put(c->seen, search_column(stmt, 0), &added);
	if (!added) {
		if (match < c->list[*slot].match)
			c->list[*slot].match = match;
		return;
	}
	if (c->n == c->size) {
		c->size = c->size ? 2 * c->size : 64;
		c->list = xreallocarray(c->list, c->size, sizeof *c->list);
	}
	*slot = (uint32_t)c->n;
	k = &c->list[c->n++];
	memset(k, 0, sizeof *k);
	k->match = match;
	k->km = -1;
	strncpy(k->finess, search_column(stmt, 0), sizeof k->finess - 1);
	if (!r->all && strncmp(search_column(stmt, 3), "11", 2) != 0)
		return;
	k->name_key = strpool_add(&c->names, search_column(stmt, 4));
	k->tier = search_tier((const char *)sqlite3_column_text(stmt, 2));
}

void
hospital_postcode_range(const char *prefix, char lo[6], char hi[6])
{
	size_t n = strlen(prefix);

	if (n > 5)
		n = 5;
	memcpy(lo, prefix, n);
	memcpy(hi, prefix, n);
	memset(lo + n, '0', 5 - n);
	memset(hi + n, '9', 5 - n);
	lo[5] = hi[5] = '\0';
}

/* Reads the candidates of the kind's statement. */
static int
search_read_candidates(struct query_db *q, const struct hospital_results *r,
    struct search_candidates *c, char **cause)
{
	sqlite3_stmt *stmt;
	const char *sql;
	char *phrase = NULL, lo[6], hi[6];
	size_t n;
	int rc;

	n = strlen(r->key);
	if (r->kind == HOSPITAL_QUERY_CITY)
		sql = search_city_sql;
	else if (r->kind == HOSPITAL_QUERY_DEPARTEMENT)
		sql = search_departement_sql;
	else
		sql = n == 5 ? search_postcode_sql : search_prefix_sql;
	if ((stmt = query_db_statement(q, sql, cause)) == NULL)
		return -1;
	if (r->kind == HOSPITAL_QUERY_CITY) {
		phrase = search_fts_phrase(r->key);
		sqlite3_bind_text(stmt, 1, phrase, -1, SQLITE_STATIC);
	} else if (sql == search_prefix_sql) {
		hospital_postcode_range(r->key, lo, hi);
		sqlite3_bind_text(stmt, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, hi, -1, SQLITE_STATIC);
	} else
		sqlite3_bind_text(stmt, 1, r->key, -1, SQLITE_STATIC);
	c->seen = strmap_new();
	while ((rc = db_step(stmt, cause)) == DB_ROW)
		search_add_candidate(c, stmt, r);
	sqlite3_reset(stmt);
	free(phrase);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Slack on a distance from the R*Tree's single-precision position: under
 * two metres off the double one, widened tenfold.
 */
#define SEARCH_NEAR_SLACK_KM	0.02

/* A point the R*Tree finds around a place, before its row is read. */
struct search_point {
	int64_t	 id;
	double	 km;		/* on the sphere, from the R*Tree's position */
	int	 listable;	/* of a kind the list may show */
	int	 read;		/* its row is to be read */
};

static int
search_point_by_km(const void *a, const void *b)
{
	const struct search_point *x = a, *y = b;

	return x->km < y->km ? -1 : x->km > y->km;
}

/*
 * Marks the points whose row must be read: those whose place inside or
 * outside the radius the sphere cannot settle, and every one that may be
 * listed, which is all of them under --with (whose filter needs them) or
 * without a limit, else those within the limit-th listable distance widened
 * by the sphere's error both ways (any farther is farther on the
 * ellipsoid too). The points are sorted by distance.
 */
static void
search_near_choose(struct search_point *p, size_t n, double radius,
    const struct hospital_results *r, int read_all)
{
	double sure = radius * (1 - POSITION_SPHERE_ERROR) - SEARCH_NEAR_SLACK_KM;
	double edge = HUGE_VAL;
	size_t i, listable = 0;

	if (n > 0)	/* qsort's array must not be NULL */
		qsort(p, n, sizeof *p, search_point_by_km);
	for (i = 0; i < n && !read_all && r->limit > 0; i++)
		if (p[i].listable && ++listable == (size_t)r->limit) {
			edge = (p[i].km + SEARCH_NEAR_SLACK_KM) *
			    (1 + POSITION_SPHERE_ERROR) /
			    (1 - POSITION_SPHERE_ERROR) + SEARCH_NEAR_SLACK_KM;
			break;
		}
	for (i = 0; i < n; i++)
		p[i].read = p[i].km >= sure || (p[i].listable &&
		    p[i].km <= edge);
}

/*
 * Reads a chosen point's row into the candidates when it is within the
 * radius on the ellipsoid; stmt is search_near_row_sql's.
 */
static int
search_near_read(sqlite3_stmt *stmt, const struct search_point *p,
    struct search_candidates *c, const struct hospital_results *r,
    char **cause)
{
	const struct hospital_near *n = r->near;
	size_t before = c->n;
	double km;
	int rc;

	sqlite3_bind_int64(stmt, 1, p->id);
	if ((rc = db_step(stmt, cause)) != DB_ROW) {
		sqlite3_reset(stmt);
		return rc == DB_DONE ? error_set(cause, "%s", _("an "
		    "establishment vanished while searching")) : -1;
	}
	km = position_distance_km(n->latitude, n->longitude,
	    sqlite3_column_double(stmt, 5), sqlite3_column_double(stmt, 6));
	if (km <= n->km)
		search_add_candidate(c, stmt, r);
	if (c->n > before) {
		c->list[before].match = HOSPITAL_MATCH_NEAR;
		c->list[before].km = km;
	}
	sqlite3_reset(stmt);
	return 0;
}

/*
 * Reads the establishments within r->near's distance of its centre, of
 * every kind when all is set, else of the hospitals and clinics alone: the
 * R*Tree's box and positions, the sphere's distance for each, then the
 * rows of those the sphere leaves in doubt or the list may show, each
 * measured on the ellipsoid; the rest are counted (c->unread), not read.
 */
static int
search_read_near(struct query_db *q, const struct hospital_results *r,
    int all, int read_all, struct search_candidates *c, char **cause)
{
	const struct hospital_near *n = r->near;
	double lat, lon, km, far = n->km * (1 + POSITION_SPHERE_ERROR) +
	    SEARCH_NEAR_SLACK_KM;
	struct search_point *p = NULL;
	struct position_box box;
	sqlite3_stmt *stmt;
	size_t np = 0, size = 0, i;
	int rc;

	/* Distances on the ellipsoid are PROJ's, loaded on first use. */
	if (position_available(cause) != 0)
		return -1;
	position_box_around(n->latitude, n->longitude, n->km, &box);
	if ((stmt = query_db_statement(q, search_near_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_double(stmt, 1, box.min_lat);
	sqlite3_bind_double(stmt, 2, box.max_lat);
	sqlite3_bind_double(stmt, 3, box.min_lon);
	sqlite3_bind_double(stmt, 4, box.max_lon);
	sqlite3_bind_int(stmt, 5, all ? 0 : 1);
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		lat = (sqlite3_column_double(stmt, 1) +
		    sqlite3_column_double(stmt, 2)) / 2;
		lon = (sqlite3_column_double(stmt, 3) +
		    sqlite3_column_double(stmt, 4)) / 2;
		if ((km = position_sphere_km(n->latitude, n->longitude, lat,
		    lon)) > far)
			continue;
		if (np == size) {
			size = size ? 2 * size : 256;
			p = xreallocarray(p, size, sizeof *p);
		}
		p[np].id = sqlite3_column_int64(stmt, 0);
		p[np].km = km;
		p[np].listable = r->all || sqlite3_column_int(stmt, 5) >= 1;
		np++;
	}
	sqlite3_reset(stmt);
	if (rc != DB_DONE) {
		free(p);
		return -1;
	}
	search_near_choose(p, np, n->km, r, read_all);
	c->seen = strmap_new();
	stmt = query_db_statement(q, search_near_row_sql, cause);
	for (i = 0; i < np && stmt != NULL; i++) {
		if (!p[i].read) {
			c->unread++;
			c->unread_asked += p[i].listable;
		} else if (search_near_read(stmt, &p[i], c, r, cause) != 0)
			break;
	}
	rc = stmt != NULL && i == np ? 0 : -1;
	free(p);
	return rc;
}

static void
search_candidates_clear(struct search_candidates *c)
{
	free(c->list);
	strmap_free(c->seen);
	strpool_clear(&c->names);
}

/* The order of the list: place match, tier, name, then FINESS so that ties never move. */
static int
search_by_rank(const void *a, const void *b)
{
	const struct search_candidate *x = a, *y = b;
	int d;

	if (x->match != y->match)
		return (int)x->match - (int)y->match;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	if ((d = strcmp(x->name_key, y->name_key)) != 0)
		return d;
	return strcmp(x->finess, y->finess);
}

/* Nearest first, then as search_by_rank. */
static int
search_by_distance(const void *a, const void *b)
{
	const struct search_candidate *x = a, *y = b;

	if (x->km != y->km)
		return x->km < y->km ? -1 : 1;
	return search_by_rank(a, b);
}

/* Counts the candidates, keeps those of the kinds asked for and ranks them. */
static void
search_rank(struct search_candidates *c, struct hospital_results *r)
{
	size_t i, kept = 0;

	r->total_all = (int64_t)(c->n + c->unread) - r->without_activity;
	for (i = 0; i < c->n; i++)
		if (c->list[i].name_key != NULL)
			c->list[kept++] = c->list[i];
	c->n = kept;
	r->total = (int64_t)(kept + c->unread_asked);
	if (c->n > 0)	/* qsort's array must not be NULL, even empty */
		qsort(c->list, c->n, sizeof *c->list, r->near != NULL ?
		    search_by_distance : search_by_rank);
}

/*
 * Notes in r->sample which of the datasets of the rows listed (ids, each
 * once) are sample data; the FINESS datasets searched when none is listed.
 */
static int
search_read_sample(struct query_db *q, struct hospital_results *r,
    const int64_t *ids, size_t nids, char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;

	if (nids == 0) {
		if ((stmt = query_db_statement(q, search_finess_sql,
		    cause)) == NULL)
			return -1;
		return query_sample_read(q, stmt, &r->sample, cause);
	}
	for (i = 0; i < nids; i++) {
		if ((stmt = query_db_statement(q, search_dataset_sql,
		    cause)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, ids[i]);
		if (query_sample_read(q, stmt, &r->sample, cause) != 0)
			return -1;
	}
	return 0;
}

/* Adds a dataset id to those of the rows listed, unless it is there already. */
static void
search_add_dataset(int64_t **ids, size_t *nids, int64_t id)
{
	size_t i;

	for (i = 0; i < *nids; i++)
		if ((*ids)[i] == id)
			return;
	*ids = xreallocarray(*ids, *nids + 1, sizeof **ids);
	(*ids)[(*nids)++] = id;
}

/*
 * Reads the rows of candidates first to first + n - 1 (n at most
 * QUERY_BATCH) into r->rows at the same places, noting their datasets.
 */
static int
search_read_batch(sqlite3_stmt *stmt, const struct search_candidates *c,
    size_t first, size_t n, struct hospital_results *r, int64_t **ids,
    size_t *nids, char **cause)
{
	const char *finess;
	size_t i, found = 0;
	int rc;

	for (i = 0; i < n; i++)
		sqlite3_bind_text(stmt, (int)i + 1, c->list[first + i].finess,
		    -1, SQLITE_STATIC);
	query_batch_bind_rest(stmt, n);
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		finess = search_column(stmt, 0);
		for (i = 0; i < n; i++)
			if (strcmp(c->list[first + i].finess, finess) == 0)
				break;
		/* FINESS numbers are unique: a row is read once, if at all. */
		if (i == n || r->rows[first + i].finess != NULL)
			continue;
		hospital_row_read(&r->rows[first + i], stmt, 0);
		r->rows[first + i].match = c->list[first + i].match;
		r->rows[first + i].distance_km = c->list[first + i].km;
		search_add_dataset(ids, nids,
		    sqlite3_column_int64(stmt, HOSPITAL_ROW_NCOLUMNS));
		found++;
	}
	sqlite3_reset(stmt);
	if (rc != DB_DONE)
		return -1;
	if (found < n)
		return error_set(cause, "%s", _("an establishment vanished "
		    "while searching"));
	return 0;
}

/*
 * Reads the display columns of the first limit candidates into r->rows, and
 * whether the datasets they come from are sample data.
 */
static int
search_read_rows(struct query_db *q, const struct search_candidates *c,
    struct hospital_results *r, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t *ids = NULL;
	size_t i, n, nids = 0;
	int rc = 0;

	n = r->limit > 0 && (size_t)r->limit < c->n ? (size_t)r->limit : c->n;
	if (n == 0)
		return search_read_sample(q, r, NULL, 0, cause);
	if ((stmt = query_db_statement(q, search_row_sql, cause)) == NULL)
		return -1;
	r->rows = xcalloc(n, sizeof *r->rows);
	r->nrows = n;
	for (i = 0; i < n && rc == 0; i += QUERY_BATCH)
		rc = search_read_batch(stmt, c, i, n - i < QUERY_BATCH ?
		    n - i : QUERY_BATCH, r, &ids, &nids, cause);
	if (rc == 0)
		rc = search_read_sample(q, r, ids, nids, cause);
	free(ids);
	return rc;
}

/* Whether q's stored rankings may stand for this ranking, looked up once per database opened. */
static int
search_rank_usable(struct query_db *q, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (q->search_rank != 0)
		return q->search_rank > 0;
	if ((stmt = query_db_statement(q, search_rank_source_sql, cause)) ==
	    NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, SEARCH_RANK_ENGINE);
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		q->search_rank = sqlite3_column_int(stmt, 0) == 1 ? 1 : -1;
	sqlite3_reset(stmt);
	return rc == DB_ROW ? q->search_rank > 0 : -1;
}

/* Binds the key of r's stored ranking to stmt: kind, folded query, kinds asked. */
static void
search_rank_bind(sqlite3_stmt *stmt, const struct hospital_results *r)
{
	sqlite3_bind_int(stmt, 1, (int)r->kind);
	sqlite3_bind_text(stmt, 2, r->key, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, r->all);
}

/*
 * Reads r's first page from its stored ranking into c, with r's totals:
 * 1 when the search has one, 0 when it must be ranked here, -1 on error.
 */
static int
search_read_stored(struct query_db *q, struct hospital_results *r,
    struct search_candidates *c, char **cause)
{
	struct search_candidate *k;
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = search_rank_usable(q, cause)) <= 0)
		return rc;
	if ((stmt = query_db_statement(q, search_rank_sql, cause)) == NULL)
		return -1;
	search_rank_bind(stmt, r);
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		r->total = sqlite3_column_int64(stmt, 0);
		r->total_all = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	if ((stmt = query_db_statement(q, search_rank_row_sql, cause)) == NULL)
		return -1;
	search_rank_bind(stmt, r);
	sqlite3_bind_int(stmt, 4, r->limit);
	c->list = xcalloc((size_t)r->limit, sizeof *c->list);
	c->size = (size_t)r->limit;
	while ((rc = db_step(stmt, cause)) == DB_ROW && c->n < c->size) {
		k = &c->list[c->n++];
		strncpy(k->finess, search_column(stmt, 0), sizeof k->finess - 1);
		k->match = (enum hospital_match)sqlite3_column_int(stmt, 1);
		k->km = -1;
	}
	sqlite3_reset(stmt);
	return rc < 0 ? -1 : 1;
}

/*
 * The SQL that counts how many of n conditions a site meets in a year: ?1
 * the site, ?2 the year, then a measure and its least value a condition.
 */
static char *
search_with_sql(size_t n)
{
	char *sql = xstrdup("SELECT count(*) FROM sae_activity WHERE finess = ?1"
	    " AND year = ?2 AND ("), *t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s(measure = ?%zu AND value >= ?%zu)", sql,
		    i > 0 ? " OR " : "", 3 + 2 * i, 4 + 2 * i);
		free(sql);
		sql = t;
	}
	t = xasprintf("%s)", sql);
	free(sql);
	return t;
}

/*
 * Leaves out of the kinds asked for the sites that lack an activity of
 * --with in the latest SAE year loaded (the latest any of them has),
 * counting them apart.
 */
static int
search_filter_with(struct query_db *q, struct search_candidates *c,
    struct hospital_results *r, const struct sae_condition *with, size_t nwith,
    char **cause)
{
	sqlite3_stmt *stmt;
	char *sql;
	size_t i, k;
	int rc;

	/* Each measure's latest year is an index seek; the table's, a scan. */
	if ((stmt = query_db_statement(q, "SELECT max(year) FROM sae_activity"
	    " WHERE measure = ?1", cause)) == NULL)
		return -1;
	for (k = 0; k < nwith; k++) {
		sqlite3_bind_text(stmt, 1, with[k].activity->measure, -1,
		    SQLITE_STATIC);
		if ((rc = db_step(stmt, cause)) == DB_ROW &&
		    sqlite3_column_int(stmt, 0) > r->with_year)
			r->with_year = sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
		if (rc != DB_ROW)
			return -1;
	}
	if (r->with_year == 0)
		return error_set(cause, _("--with: %s holds no SAE activity "
		    "figures (import the SAE's bases statistiques with their "
		    "activity tables: PERINAT, REA, IMAGES...)"), q->path);
	sql = search_with_sql(nwith);
	stmt = query_db_statement(q, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	for (i = 0; i < c->n; i++) {
		if (c->list[i].name_key == NULL)
			continue;
		sqlite3_bind_text(stmt, 1, c->list[i].finess, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, r->with_year);
		for (k = 0; k < nwith; k++) {
			sqlite3_bind_text(stmt, 3 + 2 * (int)k,
			    with[k].activity->measure, -1, SQLITE_STATIC);
			sqlite3_bind_int64(stmt, 4 + 2 * (int)k, with[k].min);
		}
		if ((rc = db_step(stmt, cause)) != DB_ROW) {
			sqlite3_reset(stmt);
			return -1;
		}
		if (sqlite3_column_int64(stmt, 0) != (int64_t)nwith) {
			c->list[i].name_key = NULL;
			c->list[i].without = 1;
			r->without_activity++;
		}
		sqlite3_reset(stmt);
	}
	return 0;
}

/* Finds, ranks and reads what r->key is for. */
static int
search_run(struct query_db *q, struct hospital_results *r,
    const struct sae_condition *with, size_t nwith, char **cause)
{
	struct search_candidates c = { .list = NULL };
	int rc;

	/* A first page the import ranked already (search_rank.c). */
	if (r->near == NULL && nwith == 0 && r->limit > 0 &&
	    r->limit <= SEARCH_RANK_ROWS) {
		if ((rc = search_read_stored(q, r, &c, cause)) != 0) {
			if (rc > 0)
				rc = search_read_rows(q, &c, r, cause);
			search_candidates_clear(&c);
			return rc;
		}
	}
	rc = r->near != NULL ? search_read_near(q, r, r->all, nwith > 0, &c,
	    cause) :
	    search_read_candidates(q, r, &c, cause);
	if (rc == 0 && nwith > 0)
		rc = search_filter_with(q, &c, r, with, nwith, cause);
	if (rc == 0) {
		search_rank(&c, r);
		rc = search_read_rows(q, &c, r, cause);
	}
	search_candidates_clear(&c);
	/*
	 * Around a place the other kinds are counted only when none of those
	 * asked is there, which is all a list then says of them: reading
	 * them always would read twenty times the rows.
	 */
	if (rc == 0 && r->near != NULL && !r->all) {
		r->total_all = -1;
		if (r->total == 0) {
			memset(&c, 0, sizeof c);
			rc = search_read_near(q, r, 1, nwith > 0, &c, cause);
			r->total_all = (int64_t)(c.n + c.unread) -
			    r->without_activity;
			search_candidates_clear(&c);
		}
	}
	return rc;
}

/* hospital_search, inside the read transaction its caller opened. */
static int
search_find(struct query_db *q, const char *query, int limit, int all,
    const struct sae_condition *with, size_t nwith, int near_km,
    struct hospital_results **out, char **cause)
{
	struct hospital_results *r;

	/* The longest French commune name is 45 characters; a page is not a place. */
	if (strlen(query) > HOSPITAL_QUERY_MAX) {
		*out = NULL;
		return error_set(cause, _("a search of more than %d bytes: give "
		    "a city, postcode or département"), HOSPITAL_QUERY_MAX);
	}
	r = xcalloc(1, sizeof *r);
	r->query = utf8_sanitize(query);
	r->key = fold_key(query);
	r->limit = limit > 0 ? limit : 0;
	r->all = all != 0;
	if (nwith > 0)
		r->with = sae_conditions_text(with, nwith);
	if (search_classify(q, r, cause) != 0 ||
	    (near_km > 0 && r->kind != HOSPITAL_QUERY_EMPTY &&
	    hospital_near_resolve(q, r, near_km, &r->near,
	    cause) != 0) ||
	    (r->kind != HOSPITAL_QUERY_EMPTY && search_run(q, r, with, nwith,
	    cause) != 0)) {
		hospital_results_free(r);
		*out = NULL;
		return -1;
	}
	*out = r;
	return 0;
}

int
hospital_search(struct query_db *q, const char *query, int limit, int all,
    struct hospital_results **out, char **cause)
{
	return hospital_search_with(q, query, limit, all, NULL, 0, out, cause);
}

int
hospital_search_with(struct query_db *q, const char *query, int limit, int all,
    const struct sae_condition *with, size_t nwith,
    struct hospital_results **out, char **cause)
{
	return hospital_search_near(q, query, limit, all, with, nwith, 0, out,
	    cause);
}

int
hospital_search_near(struct query_db *q, const char *query, int limit,
    int all, const struct sae_condition *with, size_t nwith, int near_km,
    struct hospital_results **out, char **cause)
{
	int rc;

	if (query_db_begin(q, cause) != 0)
		return -1;
	rc = search_find(q, query, limit, all, with, nwith, near_km, out,
	    cause);
	query_db_end(q);
	return rc;
}

void
hospital_results_free(struct hospital_results *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrows; i++)
		hospital_row_clear(&r->rows[i]);
	free(r->rows);
	free(r->query);
	free(r->key);
	free(r->place);
	free(r->with);
	hospital_near_free(r->near);
	query_sample_clear(&r->sample);
	free(r);
}

json_t *
hospital_results_to_json(const struct query_db *q,
    const struct hospital_results *r)
{
	json_t *o, *list, *row;
	size_t i;

	o = query_json_envelope(q, &r->sample);
	json_object_set_new(o, "query", json_string(r->query));
	json_object_set_new(o, "kind", json_string(hospital_query_kind_name(r->kind)));
	json_object_set_new(o, "key", json_string(r->key));
	json_object_set_new(o, "place", r->place != NULL ? json_string(r->place) :
	    json_null());
	json_object_set_new(o, "all", json_boolean(r->all));
	json_object_set_new(o, "limit", json_integer(r->limit));
	json_object_set_new(o, "count", json_integer((json_int_t)r->nrows));
	json_object_set_new(o, "total", json_integer(r->total));
	json_object_set_new(o, "total_all", r->total_all >= 0 ?
	    json_integer(r->total_all) : json_null());
	json_object_set_new(o, "with", r->with != NULL ? json_string(r->with) :
	    json_null());
	json_object_set_new(o, "with_year", r->with != NULL ?
	    json_integer(r->with_year) : json_null());
	json_object_set_new(o, "without_activity", json_integer(
	    r->without_activity));
	json_object_set_new(o, "near", hospital_near_to_json(r->near));
	list = json_array();
	for (i = 0; i < r->nrows; i++) {
		row = json_object();
		hospital_row_to_json(&r->rows[i], row);
		json_object_set_new(row, "match",
		    json_string(hospital_match_name(r->rows[i].match)));
		/* Tenths of a km: the centre is a commune's, not an address. */
		json_object_set_new(row, "distance_km", r->rows[i].distance_km >= 0 ?
		    json_real(round(r->rows[i].distance_km * 10) / 10) :
		    json_null());
		json_array_append_new(list, row);
	}
	json_object_set_new(o, "results", list);
	return o;
}
