/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fold.h"
#include "i18n.h"
#include "location.h"
#include "xmalloc.h"

/*
 * Communes and arrondissements as one list of places; an arrondissement
 * carries its commune (parent) so that it can hide it.
 */
#define LOCATION_COMMUNES_SQL \
	"SELECT code, name, name_key, departement_code, region_code," \
	" population, NULL AS parent FROM commune"
#define LOCATION_ARRONDISSEMENTS_SQL \
	"SELECT code, name, name_key, departement_code, region_code," \
	" population, commune_code AS parent FROM arrondissement"

static void
location_place_free(struct location_place *p)
{
	free(p->code);
	free(p->name);
	free(p->postal_code);
	free(p->departement);
	free(p->region);
}

void
location_match_free(struct location_match *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		location_place_free(&m->places[i]);
	free(m->places);
	memset(m, 0, sizeof *m);
}

static char *
location_column_dup(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return s != NULL ? xstrdup(s) : NULL;
}

/*
 * With drop, removes every commune one of whose arrondissements matched: for a
 * postcode the arrondissement says more ("75016" is Paris 16e, not Paris).
 */
static void
location_drop_parents(struct location_match *m, char **parents, int drop)
{
	size_t i, j, o = 0;

	for (i = 0; i < m->n; i++) {
		for (j = 0; drop && j < m->n; j++)
			if (parents[j] != NULL &&
			    strcmp(parents[j], m->places[i].code) == 0)
				break;
		if (drop && j < m->n)
			location_place_free(&m->places[i]);
		else
			m->places[o++] = m->places[i];
	}
	for (i = 0; i < m->n; i++)
		free(parents[i]);
	m->n = o;
}

/*
 * The statement for a query: only the constraints given, each one a
 * parameter, and written into both arms of the union so that each is an
 * index search (SQLite does not push an IN subquery down into a UNION ALL).
 */
static char *
location_sql(const struct location_query *q)
{
	char *where, *more, *sql;

	where = xstrdup("1");
#define LOCATION_AND(cond) do {					\
	more = xasprintf("%s AND %s", where, cond);			\
	free(where);							\
	where = more;							\
} while (0)
	if (q->name != NULL && q->prefix)
		LOCATION_AND("substr(name_key, 1, length(?1)) = ?1");
	else if (q->name != NULL)
		LOCATION_AND("name_key = ?1");
	if (q->departement != NULL)
		LOCATION_AND("(departement_code = upper(?2) OR"
		    " departement_code IN (SELECT code FROM departement"
		    " WHERE name_key = ?5))");
	if (q->postal_code != NULL)
		LOCATION_AND("code IN (SELECT place_code FROM postcode"
		    " WHERE postal_code = ?3)");
	if (q->code != NULL)
		LOCATION_AND("code = upper(?4)");
#undef LOCATION_AND
	sql = xasprintf("SELECT p.code, p.name, coalesce(?3, (SELECT"
	    " min(postal_code) FROM postcode WHERE place_code = p.code)),"
	    " p.departement_code, p.region_code, p.parent FROM ("
	    LOCATION_COMMUNES_SQL " WHERE %s UNION ALL "
	    LOCATION_ARRONDISSEMENTS_SQL " WHERE %s) p"
	    " ORDER BY %s p.departement_code, p.name, p.code", where, where,
	    q->prefix ? "coalesce(p.population, 0) DESC," : "");
	free(where);
	return sql;
}

int
location_lookup(sqlite3 *refdb, const struct location_query *q,
    struct location_match *m, char **cause)
{
	sqlite3_stmt *stmt;
	char *sql, *name_key = NULL, *dep_key = NULL, **parents = NULL;
	char *why = NULL;
	size_t size = 0;
	int rc;

	memset(m, 0, sizeof *m);
	sql = location_sql(q);
	rc = db_prepare(refdb, sql, &stmt, cause);
	free(sql);
	if (rc != 0)
		return -1;
	if (q->name != NULL) {
		name_key = fold_key(q->name);
		sqlite3_bind_text(stmt, 1, name_key, -1, SQLITE_STATIC);
	}
	if (q->departement != NULL) {
		dep_key = fold_key(q->departement);
		sqlite3_bind_text(stmt, 2, q->departement, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, dep_key, -1, SQLITE_STATIC);
	}
	if (q->postal_code != NULL)
		sqlite3_bind_text(stmt, 3, q->postal_code, -1, SQLITE_STATIC);
	if (q->code != NULL)
		sqlite3_bind_text(stmt, 4, q->code, -1, SQLITE_STATIC);
	while ((rc = db_step(stmt, &why)) == DB_ROW) {
		struct location_place *p;

		if (m->n == size) {
			size = size ? 2 * size : 8;
			m->places = xreallocarray(m->places, size,
			    sizeof *m->places);
			parents = xreallocarray(parents, size, sizeof *parents);
		}
		p = &m->places[m->n];
		p->code = location_column_dup(stmt, 0);
		p->name = location_column_dup(stmt, 1);
		p->postal_code = location_column_dup(stmt, 2);
		p->departement = location_column_dup(stmt, 3);
		p->region = location_column_dup(stmt, 4);
		parents[m->n++] = location_column_dup(stmt, 5);
	}
	if (rc != DB_DONE) {
		error_set(cause, "reference geography: %s", why);
		free(why);
	}
	sqlite3_finalize(stmt);
	free(name_key);
	free(dep_key);
	location_drop_parents(m, parents, q->postal_code != NULL);
	free(parents);
	if (rc != DB_DONE) {
		location_match_free(m);
		return -1;
	}
	return 0;
}

/* Tells whether the n bytes at s are a postcode (five digits). */
static int
location_is_postcode(const char *s, size_t n)
{
	size_t i;

	if (n != 5)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Tells whether s is an INSEE code of Corsica (2A004), which no postcode looks like. */
static int
location_is_corsican_code(const char *s)
{
	return strlen(s) == 5 && s[0] == '2' && strchr("AaBb", s[1]) != NULL &&
	    isdigit((unsigned char)s[2]) &&
	    isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]);
}

/* Cuts the spaces at both ends of s in place. */
static char *
location_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/*
 * Splits "NAME (DEP)" or "NAME (DEP, POSTCODE)" in place; returns the name
 * part (the whole text when it has no such ending).
 */
static char *
location_split_parens(char *s, struct location_query *q)
{
	char *open, *comma;
	size_t len = strlen(s);

	if (len == 0 || s[len - 1] != ')' || (open = strrchr(s, '(')) == NULL)
		return s;
	s[len - 1] = '\0';
	*open = '\0';
	if ((comma = strchr(open + 1, ',')) != NULL) {
		*comma = '\0';
		q->postal_code = location_trim(comma + 1);
	}
	q->departement = location_trim(open + 1);
	if (*q->departement == '\0')
		q->departement = NULL;
	if (q->postal_code != NULL && *q->postal_code == '\0')
		q->postal_code = NULL;
	return location_trim(s);
}

/* Takes a postcode written before or after the name ("01000 Bourg", "Bourg 01000"). */
static char *
location_split_postcode(char *s, struct location_query *q)
{
	char *space;

	if (q->postal_code != NULL)
		return s;
	space = strchr(s, ' ');
	if (space != NULL && location_is_postcode(s, space - s)) {
		*space = '\0';
		q->postal_code = s;
		return location_trim(space + 1);
	}
	space = strrchr(s, ' ');
	if (space != NULL && location_is_postcode(space + 1,
	    strlen(space + 1))) {
		q->postal_code = space + 1;
		*space = '\0';
		return location_trim(s);
	}
	return s;
}

/* Reads typed text into a query; returns the copy its fields point into. */
static char *
location_parse(const char *text, struct location_query *q)
{
	char *copy, *name;

	memset(q, 0, sizeof *q);
	copy = xstrdup(text);
	name = location_split_parens(location_trim(copy), q);
	name = location_split_postcode(name, q);
	if (q->postal_code == NULL && location_is_postcode(name, strlen(name)))
		q->postal_code = name;
	else if (location_is_corsican_code(name))
		q->code = name;
	else if (!fold_is_blank(name))
		q->name = name;	/* "%" would prefix-match every commune */
	return copy;
}

/* Looks again with another query when the last one found nothing. */
static int
location_retry(sqlite3 *refdb, const struct location_query *q,
    struct location_match *m, char **cause)
{
	location_match_free(m);
	return location_lookup(refdb, q, m, cause);
}

int
location_find(sqlite3 *refdb, const char *text, struct location_match *m,
    char **cause)
{
	struct location_query q, alt;
	char *copy;
	int rc;

	memset(m, 0, sizeof *m);
	copy = location_parse(text, &q);
	if (q.name == NULL && q.postal_code == NULL && q.code == NULL) {
		free(copy);
		return 0;
	}
	rc = location_lookup(refdb, &q, m, cause);
	memset(&alt, 0, sizeof alt);
	if (rc == 0 && m->n == 0 && q.postal_code != NULL && q.name == NULL &&
	    q.departement == NULL) {
		/* Five digits no postcode has may be an INSEE code. */
		alt.code = q.postal_code;
		rc = location_retry(refdb, &alt, m, cause);
	}
	if (rc == 0 && m->n == 0 && q.name != NULL) {
		/* Suggestions: the places of the postcode, else names starting so. */
		if (q.postal_code != NULL) {
			alt.postal_code = q.postal_code;
			rc = location_retry(refdb, &alt, m, cause);
			alt.postal_code = NULL;
		}
		alt.name = q.name;
		alt.prefix = 1;
		alt.departement = q.departement;
		if (rc == 0 && m->n == 0)
			rc = location_retry(refdb, &alt, m, cause);
		alt.departement = NULL;
		if (rc == 0 && m->n == 0 && q.departement != NULL)
			rc = location_retry(refdb, &alt, m, cause);
		m->suggestions = 1;
	}
	free(copy);
	return rc;
}

char *
location_label(const struct location_place *p)
{
	if (p->postal_code != NULL)
		return xasprintf("%s (%s, %s)", p->name, p->departement,
		    p->postal_code);
	return xasprintf("%s (%s)", p->name, p->departement);
}

char *
location_list_labels(const struct location_match *m)
{
	char *list = xstrdup(""), *label, *more;
	size_t i;

	for (i = 0; i < m->n && i < LOCATION_MAX_SHOWN; i++) {
		label = location_label(&m->places[i]);
		more = xasprintf("%s%s%s", list, i > 0 ? ", " : "", label);
		free(label);
		free(list);
		list = more;
	}
	if (m->n > LOCATION_MAX_SHOWN) {
		more = xasprintf(ngettext("%s, and %zu more", "%s, and %zu more",
		    m->n - LOCATION_MAX_SHOWN), list, m->n - LOCATION_MAX_SHOWN);
		free(list);
		list = more;
	}
	return list;
}
