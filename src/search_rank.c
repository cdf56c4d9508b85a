/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "db.h"
#include "dynlib.h"
#include "query.h"
#include "query_hospital.h"
#include "search_rank.h"
#include "xmalloc.h"

/*
 * What a search's order follows from, digested: when none of it changed
 * since the pages were stored (an Open Medic import), they stand.
 */
static const char *const search_rank_inputs[] = {
	"SELECT key, finess, category_code, category_group_code, name_key"
	" FROM place ORDER BY id",
	"SELECT finess, postal_code, commune_code, departement, category_code,"
	" category_group_code, name_key FROM establishment ORDER BY finess",
	"SELECT postal_code, place_code FROM postcode ORDER BY 1, 2",
	"SELECT code FROM departement ORDER BY code",
};

/* Each place name, with how many establishments it names. */
static const char search_rank_places_sql[] =
	"SELECT key, count(*) FROM place GROUP BY key";

/* The postcodes and their prefixes (?1 digits) of more than ?2 establishments. */
static const char search_rank_postcodes_sql[] =
	"SELECT substr(postal_code, 1, ?1) AS p FROM establishment"
	" WHERE postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]'"
	" GROUP BY p HAVING count(*) > ?2";

/* The départements of more than ?2 establishments (?1 is the postcodes'). */
static const char search_rank_departements_sql[] =
	"SELECT departement FROM establishment WHERE departement IS NOT NULL"
	" GROUP BY departement HAVING count(*) > ?2";

/* One search stored, then its rows. */
static const char search_rank_insert_sql[] =
	"INSERT OR IGNORE INTO search_rank (kind, key, all_kinds, total,"
	" total_all) VALUES (?1, ?2, ?3, ?4, ?5)";

static const char search_rank_insert_row_sql[] =
	"INSERT INTO search_rank_row (kind, key, all_kinds, rank, finess, match)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

struct search_rank_build {
	sqlite3		*db;
	struct query_db	*q;		/* the search engine, on the import's connection */
	sqlite3_stmt	*insert;
	sqlite3_stmt	*insert_row;
	int64_t		 stored;	/* searches stored */
};

/* A word-start suffix of a place name, and how many establishments it names. */
struct search_rank_suffix {
	const char	*text;
	int64_t		 n;
};

/* Hashes the rows of sql, every column length-prefixed so that no two rows read alike. */
static int
search_rank_digest_sql(sqlite3 *db, const struct dynlib_nettle *h,
    struct sha256_ctx *sha, const char *sql, char **cause)
{
	sqlite3_stmt *stmt;
	const unsigned char *text;
	uint8_t len[4];
	uint32_t n;
	int rc, i, ncol;

	if (db_prepare(db, sql, &stmt, cause) != 0)
		return -1;
	ncol = sqlite3_column_count(stmt);
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		for (i = 0; i < ncol; i++) {
			text = sqlite3_column_text(stmt, i);
			n = text != NULL ?
			    (uint32_t)sqlite3_column_bytes(stmt, i) : UINT32_MAX;
			len[0] = (uint8_t)(n >> 24);
			len[1] = (uint8_t)(n >> 16);
			len[2] = (uint8_t)(n >> 8);
			len[3] = (uint8_t)n;
			h->sha256_add(sha, sizeof len, len);
			if (text != NULL)
				h->sha256_add(sha, n, text);
		}
	}
	sqlite3_finalize(stmt);
	return rc == DB_DONE ? 0 : -1;
}

/* The digest of what the searches read, in hex, with the ranking's version. */
static char *
search_rank_digest(sqlite3 *db, char **cause)
{
	const struct dynlib_nettle *h;
	struct sha256_ctx sha;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char *hex;
	size_t i;

	if ((h = dynlib_nettle(cause)) == NULL)
		return NULL;
	h->sha256_begin(&sha);
	for (i = 0; i < sizeof search_rank_inputs / sizeof *search_rank_inputs;
	    i++)
		if (search_rank_digest_sql(db, h, &sha, search_rank_inputs[i],
		    cause) != 0)
			return NULL;
	h->sha256_end(&sha, sizeof digest, digest);
	hex = xmalloc(2 * sizeof digest + 1);
	for (i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return hex;
}

/* Whether the pages stored were ranked, by this ranking, from what digest says. */
static int
search_rank_current(sqlite3 *db, const char *digest, char **cause)
{
	sqlite3_stmt *stmt;
	int rc, same = 0;

	if (db_prepare(db, "SELECT count(*) FROM search_rank_source"
	    " WHERE engine = ?1 AND digest = ?2", &stmt, cause) != 0)
		return -1;
	sqlite3_bind_int(stmt, 1, SEARCH_RANK_ENGINE);
	sqlite3_bind_text(stmt, 2, digest, -1, SQLITE_STATIC);
	if ((rc = db_step(stmt, cause)) == DB_ROW)
		same = sqlite3_column_int(stmt, 0) == 1;
	sqlite3_finalize(stmt);
	return rc == DB_ROW ? same : -1;
}

/* Stores the first page of query's search of the kinds asked (all); *big says whether it was stored. */
static int
search_rank_store_one(struct search_rank_build *b, const char *query, int all,
    int *big, char **cause)
{
	struct hospital_results *r;
	size_t i;
	int rc = 0;

	*big = 0;
	if (hospital_search(b->q, query, SEARCH_RANK_ROWS, all, &r, cause) != 0)
		return -1;
	if (r->kind == HOSPITAL_QUERY_EMPTY || r->total_all <= SEARCH_RANK_MIN)
		goto out;
	sqlite3_bind_int(b->insert, 1, (int)r->kind);
	sqlite3_bind_text(b->insert, 2, r->key, -1, SQLITE_STATIC);
	sqlite3_bind_int(b->insert, 3, all);
	sqlite3_bind_int64(b->insert, 4, r->total);
	sqlite3_bind_int64(b->insert, 5, r->total_all);
	rc = db_step(b->insert, cause) == DB_DONE ? 0 : -1;
	sqlite3_reset(b->insert);
	/* Another spelling of a search stored already ("st", "saint"). */
	if (rc != 0 || sqlite3_changes(b->db) == 0)
		goto out;
	*big = 1;
	b->stored++;
	for (i = 0; i < r->nrows && rc == 0; i++) {
		sqlite3_bind_int(b->insert_row, 1, (int)r->kind);
		sqlite3_bind_text(b->insert_row, 2, r->key, -1, SQLITE_STATIC);
		sqlite3_bind_int(b->insert_row, 3, all);
		sqlite3_bind_int64(b->insert_row, 4, (int64_t)i);
		sqlite3_bind_text(b->insert_row, 5, r->rows[i].finess, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(b->insert_row, 6, (int)r->rows[i].match);
		rc = db_step(b->insert_row, cause) == DB_DONE ? 0 : -1;
		sqlite3_reset(b->insert_row);
	}
out:
	hospital_results_free(r);
	return rc;
}

/* Stores query's search when it is big enough, of hospitals and of every kind. */
static int
search_rank_store(struct search_rank_build *b, const char *query, char **cause)
{
	int big;

	if (search_rank_store_one(b, query, 0, &big, cause) != 0)
		return -1;
	return big ? search_rank_store_one(b, query, 1, &big, cause) : 0;
}

static int
search_rank_by_text(const void *a, const void *b)
{
	const struct search_rank_suffix *x = a, *y = b;

	return strcmp(x->text, y->text);
}

/*
 * Stores the searches of the prefixes shared by suffixes lo to hi (sorted,
 * depth bytes in common), each naming more than SEARCH_RANK_MIN
 * establishments counted with their repeats (sum: running totals of n):
 * as a user types a place name, each prefix is a search.
 */
static int
search_rank_prefixes(struct search_rank_build *b,
    const struct search_rank_suffix *s, const int64_t *sum, size_t lo,
    size_t hi, size_t depth, char **cause)
{
	char *query;
	size_t i, j;
	int rc;

	if (sum[hi] - sum[lo] <= SEARCH_RANK_MIN)
		return 0;
	if (depth > 0 && s[lo].text[depth - 1] != ' ') {
		query = xstrndup(s[lo].text, depth);
		rc = search_rank_store(b, query, cause);
		free(query);
		if (rc != 0)
			return -1;
	}
	/* Those that end here sort first; the rest go on by their next byte. */
	for (i = lo; i < hi && s[i].text[depth] == '\0'; i++)
		continue;
	for (; i < hi; i = j) {
		for (j = i + 1; j < hi && s[j].text[depth] == s[i].text[depth];
		    j++)
			continue;
		if (search_rank_prefixes(b, s, sum, i, j, depth + 1, cause) != 0)
			return -1;
	}
	return 0;
}

/* Stores the searches of the place names' prefixes, each word of a name a start. */
static int
search_rank_places(struct search_rank_build *b, char **cause)
{
	struct search_rank_suffix *s = NULL;
	sqlite3_stmt *stmt;
	char **keys = NULL;
	int64_t *sum;
	size_t nkeys = 0, ns = 0, size = 0, i;
	const char *p;
	int rc;

	if (db_prepare(b->db, search_rank_places_sql, &stmt, cause) != 0)
		return -1;
	while ((rc = db_step(stmt, cause)) == DB_ROW) {
		keys = xreallocarray(keys, nkeys + 1, sizeof *keys);
		keys[nkeys] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		for (p = keys[nkeys]; *p != '\0'; p++) {
			if (p != keys[nkeys] && p[-1] != ' ')
				continue;
			if (ns == size) {
				size = size ? 2 * size : 1024;
				s = xreallocarray(s, size, sizeof *s);
			}
			s[ns].text = p;
			s[ns++].n = sqlite3_column_int64(stmt, 1);
		}
		nkeys++;
	}
	sqlite3_finalize(stmt);
	if (rc == DB_DONE) {
		if (ns > 0)
			qsort(s, ns, sizeof *s, search_rank_by_text);
		sum = xcalloc(ns + 1, sizeof *sum);
		for (i = 0; i < ns; i++)
			sum[i + 1] = sum[i] + s[i].n;
		rc = search_rank_prefixes(b, s, sum, 0, ns, 0, cause);
		free(sum);
	} else
		rc = -1;
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	free(s);
	return rc;
}

/* Stores the searches of the texts sql lists (?1: digits, ?2: the least count). */
static int
search_rank_listed(struct search_rank_build *b, const char *sql, int digits,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db_prepare(b->db, sql, &stmt, cause) != 0)
		return -1;
	sqlite3_bind_int(stmt, 1, digits);
	sqlite3_bind_int(stmt, 2, SEARCH_RANK_MIN);
	/* The text stays valid: the searches run other statements, never this one. */
	while ((rc = db_step(stmt, cause)) == DB_ROW &&
	    (rc = search_rank_store(b, (const char *)sqlite3_column_text(stmt,
	    0), cause)) == 0)
		continue;
	sqlite3_finalize(stmt);
	return rc == DB_DONE ? 0 : -1;
}

int
search_rank_rebuild(sqlite3 *db, char **cause)
{
	struct search_rank_build b;
	sqlite3_stmt *stmt;
	char *digest;
	int rc, digits;

	if ((digest = search_rank_digest(db, cause)) == NULL)
		return -1;
	if ((rc = search_rank_current(db, digest, cause)) != 0) {
		free(digest);
		return rc < 0 ? -1 : 0;
	}
	memset(&b, 0, sizeof b);
	b.db = db;
	/* Emptied first: the searches ranking them take the general path. */
	if (db_exec(db, "DELETE FROM search_rank; DELETE FROM search_rank_row;"
	    " DELETE FROM search_rank_source", cause) != 0 ||
	    db_prepare(db, search_rank_insert_sql, &b.insert, cause) != 0 ||
	    db_prepare(db, search_rank_insert_row_sql, &b.insert_row,
	    cause) != 0) {
		rc = -1;
		goto out;
	}
	b.q = query_db_borrow(db, "");
	rc = search_rank_places(&b, cause);
	for (digits = 1; digits <= 5 && rc == 0; digits++)
		rc = search_rank_listed(&b, search_rank_postcodes_sql, digits,
		    cause);
	if (rc == 0)
		rc = search_rank_listed(&b, search_rank_departements_sql, 0,
		    cause);
	if (rc == 0 && db_prepare(db, "INSERT INTO search_rank_source"
	    " (engine, digest) VALUES (?1, ?2)", &stmt, cause) == 0) {
		sqlite3_bind_int(stmt, 1, SEARCH_RANK_ENGINE);
		sqlite3_bind_text(stmt, 2, digest, -1, SQLITE_STATIC);
		rc = db_step(stmt, cause) == DB_DONE ? 0 : -1;
		sqlite3_finalize(stmt);
	} else if (rc == 0)
		rc = -1;
out:
	query_db_free(b.q);
	sqlite3_finalize(b.insert);
	sqlite3_finalize(b.insert_row);
	free(digest);
	return rc;
}
