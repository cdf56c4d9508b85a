/* SPDX-License-Identifier: ISC */
/*
 * Where `search --near` measures from: the commune or arrondissement a
 * search text names, with its centre from the reference geography.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "location.h"
#include "query_hospital.h"
#include "utf8.h"
#include "xmalloc.h"

/* A place's centre and population, commune or arrondissement alike. */
static const char near_place_sql[] =
	"SELECT code, name, departement_code, latitude, longitude,"
	" coalesce(population, 0) FROM commune WHERE code = ?1"
	" UNION ALL SELECT code, name, departement_code, latitude, longitude,"
	" coalesce(population, 0) FROM arrondissement WHERE code = ?1";

/* A département's chef-lieu. */
static const char near_chef_lieu_sql[] =
	"SELECT c.code, c.name, c.departement_code, c.latitude, c.longitude,"
	" coalesce(c.population, 0) FROM departement d JOIN commune c"
	" ON c.code = d.chef_lieu WHERE d.code = ?1";

/* The most populous place with a postcode in a range (a prefix typed). */
static const char near_postcode_prefix_sql[] =
	"SELECT p.code, p.name, p.departement_code, p.latitude, p.longitude,"
	" coalesce(p.population, 0) FROM (SELECT code, name, departement_code,"
	"  latitude, longitude, population FROM commune UNION ALL SELECT code,"
	"  name, departement_code, latitude, longitude, population"
	"  FROM arrondissement) p"
	" WHERE p.code IN (SELECT place_code FROM postcode"
	"  WHERE postal_code BETWEEN ?1 AND ?2)"
	" ORDER BY coalesce(p.population, 0) DESC, p.code LIMIT 1";

/*
 * The places of a postcode, near_from_statement choosing among them,
 * leaving out a commune one of whose arrondissements has it too ("75013"
 * is Paris 13e, not Paris), as location_find reads a postcode (a statement
 * kept).
 */
static const char near_postcode_sql[] =
	"SELECT c.code, c.name, c.departement_code, c.latitude, c.longitude,"
	" coalesce(c.population, 0)"
	" FROM postcode p JOIN commune c ON c.code = p.place_code"
	" WHERE p.postal_code = ?1 AND NOT EXISTS (SELECT 1 FROM"
	"  arrondissement a JOIN postcode x ON x.place_code = a.code"
	"  WHERE a.commune_code = c.code AND x.postal_code = ?1)"
	" UNION ALL SELECT a.code, a.name, a.departement_code, a.latitude,"
	" a.longitude, coalesce(a.population, 0) FROM postcode p"
	" JOIN arrondissement a ON a.code = p.place_code"
	" WHERE p.postal_code = ?1";

/*
 * The places whose name's words start with the folded words typed, in
 * order ("sai eti": Saint-Étienne), as the search reads a city, for
 * near_from_statement to choose among: ?1 and ?2 bound the first word's
 * range in the name index, ?3 the GLOB of all of them.
 */
static const char near_words_sql[] =
	"SELECT code, name, departement_code, latitude, longitude,"
	" coalesce(population, 0) FROM commune"
	" WHERE name_key >= ?1 AND name_key < ?2 AND name_key GLOB ?3"
	" UNION ALL SELECT code, name, departement_code, latitude, longitude,"
	" coalesce(population, 0) FROM arrondissement"
	" WHERE name_key >= ?1 AND name_key < ?2 AND name_key GLOB ?3";

/* The places of a folded name, for near_from_statement (a statement kept). */
static const char near_name_sql[] =
	"SELECT code, name, departement_code, latitude, longitude,"
	" coalesce(population, 0) FROM commune WHERE name_key = ?1"
	" UNION ALL SELECT code, name, departement_code, latitude, longitude,"
	" coalesce(population, 0) FROM arrondissement WHERE name_key = ?1";

void
hospital_near_free(struct hospital_near *n)
{
	if (n == NULL)
		return;
	free(n->code);
	free(n->name);
	free(n->departement);
	free(n->how);
	free(n);
}

/* A centre from the row a statement's step gave: code, name, département, position. */
static struct hospital_near *
near_from_row(sqlite3_stmt *stmt)
{
	struct hospital_near *n;

	n = xcalloc(1, sizeof *n);
	n->code = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	n->name = xstrdup((const char *)sqlite3_column_text(stmt, 1));
	n->departement = xstrdup((const char *)sqlite3_column_text(stmt, 2));
	if (sqlite3_column_type(stmt, 3) == SQLITE_NULL ||
	    sqlite3_column_type(stmt, 4) == SQLITE_NULL)
		n->latitude = n->longitude = HOSPITAL_NEAR_NO_POSITION;
	else {
		n->latitude = sqlite3_column_double(stmt, 3);
		n->longitude = sqlite3_column_double(stmt, 4);
	}
	return n;
}

/*
 * Reads the statement's row into a new centre when it has a larger
 * population than *best (or there is none yet): 1 kept, 0 not, -1 error.
 */
static int
near_read(sqlite3_stmt *stmt, struct hospital_near **best, int64_t *best_pop,
    char **cause)
{
	struct hospital_near *n;
	int64_t pop;
	int rc;

	if ((rc = db_step(stmt, cause)) != DB_ROW) {
		sqlite3_reset(stmt);
		return rc == DB_DONE ? 0 : -1;
	}
	pop = sqlite3_column_int64(stmt, 5);
	if (*best != NULL && pop <= *best_pop) {
		sqlite3_reset(stmt);
		return 0;
	}
	n = near_from_row(stmt);
	sqlite3_reset(stmt);
	hospital_near_free(*best);
	*best = n;
	*best_pop = pop;
	return 1;
}

/* The place of location_find's answer for text, the most populous of several. */
static int
near_from_location(struct query_db *q, const char *text,
    struct hospital_near **out, char **cause)
{
	struct location_match m;
	sqlite3_stmt *stmt;
	int64_t pop = 0;
	size_t i;

	if (location_find(q->db, text, &m, cause) != 0)
		return -1;
	if ((stmt = query_db_statement(q, near_place_sql, cause)) == NULL) {
		location_match_free(&m);
		return -1;
	}
	for (i = 0; i < m.n; i++) {
		sqlite3_bind_text(stmt, 1, m.places[i].code, -1, SQLITE_STATIC);
		if (near_read(stmt, out, &pop, cause) < 0) {
			location_match_free(&m);
			return -1;
		}
	}
	if (*out != NULL)
		(*out)->how = m.n == 1 ? xstrdup("place") :
		    xasprintf("most populous of %zu %s", m.n, m.suggestions ?
		    "places whose name starts so" : "places found");
	location_match_free(&m);
	return 0;
}

/*
 * The most populous of the places a statement (near_name_sql,
 * near_words_sql, near_postcode_sql) finds, the lowest code among equals,
 * and how many it chose from; binds are the caller's. Chosen here as the
 * rows go by: a window's count and an ORDER BY made SQLite build and drop
 * a temporary table at every call, and glibc give its pages back, half of
 * a search --near's time.
 */
static int
near_from_statement(sqlite3_stmt *stmt, const char *several,
    struct hospital_near **out, char **cause)
{
	struct hospital_near *best = NULL;
	int64_t pop, best_pop = 0, found = 0;
	const char *code;
	int rc;

	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		found++;
		pop = sqlite3_column_int64(stmt, 5);
		code = (const char *)sqlite3_column_text(stmt, 0);
		if (best != NULL && (pop < best_pop || (pop == best_pop &&
		    strcmp(code, best->code) >= 0)))
			continue;
		hospital_near_free(best);
		best = near_from_row(stmt);
		best_pop = pop;
	}
	sqlite3_reset(stmt);
	if (rc != DB_DONE) {
		hospital_near_free(best);
		return -1;
	}
	if (best != NULL) {
		best->how = found == 1 ? xstrdup("place") :
		    xasprintf("most populous of %lld places %s",
		    (long long)found, several);
		*out = best;
	}
	return 0;
}

/* The place near_words_sql finds for the folded words of key. */
static int
near_from_words(struct query_db *q, const char *key,
    struct hospital_near **out, char **cause)
{
	sqlite3_stmt *stmt;
	char *lo, *hi, *glob, *g;
	const char *k;
	size_t n = strcspn(key, " ");
	int rc;

	if (n == 0)
		return 0;
	lo = xstrndup(key, n);
	hi = xstrdup(lo);
	hi[n - 1]++;		/* keys are [a-z0-9 ]: the next byte is above them all */
	glob = g = xmalloc(2 * strlen(key) + 2);
	for (k = key; *k != '\0'; k++) {
		if (*k == ' ')
			*g++ = '*';
		*g++ = *k;
	}
	*g++ = '*';
	*g = '\0';
	if ((stmt = query_db_statement(q, near_words_sql, cause)) == NULL)
		rc = -1;
	else {
		sqlite3_bind_text(stmt, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, hi, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, glob, -1, SQLITE_STATIC);
		rc = near_from_statement(stmt, "whose name starts so", out,
		    cause);
	}
	free(lo);
	free(hi);
	free(glob);
	return rc;
}

int
hospital_near_resolve(struct query_db *q, const struct hospital_results *r,
    int km, struct hospital_near **out, char **cause)
{
	struct hospital_near *n = NULL;
	sqlite3_stmt *stmt;
	int64_t pop = 0;
	char lo[6], hi[6];
	int rc = 0;

	*out = NULL;
	if (r->kind == HOSPITAL_QUERY_DEPARTEMENT) {
		if ((stmt = query_db_statement(q, near_chef_lieu_sql,
		    cause)) == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, r->key, -1, SQLITE_STATIC);
		if ((rc = near_read(stmt, &n, &pop, cause)) > 0)
			n->how = xstrdup("chef-lieu");
	} else if (r->kind == HOSPITAL_QUERY_POSTCODE && strlen(r->key) < 5) {
		if ((stmt = query_db_statement(q, near_postcode_prefix_sql,
		    cause)) == NULL)
			return -1;
		hospital_postcode_range(r->key, lo, hi);
		sqlite3_bind_text(stmt, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, hi, -1, SQLITE_STATIC);
		if ((rc = near_read(stmt, &n, &pop, cause)) > 0)
			n->how = xstrdup("most populous of the postcodes "
			    "starting so");
	} else if (r->kind == HOSPITAL_QUERY_POSTCODE) {
		/* A whole postcode, by a statement kept. */
		if ((stmt = query_db_statement(q, near_postcode_sql,
		    cause)) == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, r->key, -1, SQLITE_STATIC);
		rc = near_from_statement(stmt, "found", &n, cause);
	} else if (r->kind == HOSPITAL_QUERY_CITY) {
		/* A name as typed, the common case, by a statement kept. */
		if ((stmt = query_db_statement(q, near_name_sql, cause)) == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, r->key, -1, SQLITE_STATIC);
		rc = near_from_statement(stmt, "found", &n, cause);
	}
	if (n == NULL && rc == 0 && r->kind != HOSPITAL_QUERY_EMPTY &&
	    r->kind != HOSPITAL_QUERY_DEPARTEMENT) {
		/* Postcodes, and "Saint-Denis (974)", as the profile reads them. */
		rc = near_from_location(q, r->query, &n, cause);
		/* Word prefixes, as the search reads a city. */
		if (rc == 0 && n == NULL && r->kind == HOSPITAL_QUERY_CITY)
			rc = near_from_words(q, r->key, &n, cause);
	}
	if (rc < 0)
		return -1;
	if (n == NULL)
		return error_set(cause, _("--near: no commune found for '%s' (a "
		    "commune, a postcode or a département code)"), r->query);
	if (n->latitude == HOSPITAL_NEAR_NO_POSITION) {
		error_set(cause, _("--near: %s has no position for %s (%s): its "
		    "geography was built without the communes' centres (an "
		    "import into it adds them from the bundled geography)"),
		    q->path, n->name, n->code);
		hospital_near_free(n);
		return -1;
	}
	n->km = km;
	*out = n;
	return 0;
}

char *
hospital_near_label(const struct hospital_near *n)
{
	return xasprintf("%s (%s)", n->name, n->departement);
}

json_t *
hospital_near_to_json(const struct hospital_near *n)
{
	if (n == NULL)
		return json_null();
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:f, s:f, s:s}",
	    "km", n->km, "code", n->code, "name", n->name,
	    "departement", n->departement, "how", n->how,
	    "latitude", n->latitude, "longitude", n->longitude,
	    "distance", "as the crow flies (geodesic on WGS 84)");
}
