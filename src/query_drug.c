/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fold.h"
#include "i18n.h"
#include "out.h"
#include "query_drug.h"
#include "xmalloc.h"

/* A column's text, or NULL. */
static char *
drug_column(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

static int64_t
drug_column_int(sqlite3_stmt *st, int i, int64_t none)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? none :
	    sqlite3_column_int64(st, i);
}

static int
drug_is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return i == n;
}

/* Steps a kept statement to its end, calling row for each row; reset after. */
static int
drug_each(sqlite3_stmt *st, void (*row)(sqlite3_stmt *, void *), void *arg,
    char **cause)
{
	char *why = NULL;
	int rc;

	while ((rc = db_step(st, &why)) == DB_ROW)
		row(st, arg);
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

/* --- Search. -------------------------------------------------------------- */

/*
 * The index numbers specialities in name order, so it hands matches back
 * sorted by name: the page is those whose name starts with the words
 * (^"w1 w2"*), then the others, each up to the limit, and their count; then
 * the display columns of that page only. A word common to thousands of
 * specialities ("pour", in every homeopathic stock's substance) never has
 * each of them looked up or sorted.
 */
static const char drug_page_sql[] =
	"SELECT rowid FROM bdpm_search WHERE bdpm_search MATCH ?1 LIMIT ?2";

static const char drug_count_sql[] =
	"SELECT count(*) FROM bdpm_search WHERE bdpm_search MATCH ?1";

/*
 * The rows of the list of a batch of specialities by their places in the
 * index (QUERY_BATCH), in no order, each then its place.
 */
static const char drug_ranked_sql[] =
	"SELECT c.cis, c.name, c.holders, c.marketed,"
	" (SELECT count(*) FROM bdpm_cip p WHERE p.cis = c.cis),"
	" (SELECT count(*) FROM bdpm_cip p WHERE p.cis = c.cis"
	"  AND p.rate_pct IS NOT NULL), k.id"
	" FROM bdpm_key k JOIN bdpm_cis c ON c.cis = k.cis"
	" WHERE k.id IN " QUERY_BATCH_PARAMS;

/* A speciality's row of the list, by its CIS (or a presentation's CIP13). */
static const char drug_code_sql[] =
	"SELECT c.cis, c.name, c.holders, c.marketed,"
	" (SELECT count(*) FROM bdpm_cip p WHERE p.cis = c.cis),"
	" (SELECT count(*) FROM bdpm_cip p WHERE p.cis = c.cis"
	"  AND p.rate_pct IS NOT NULL)"
	" FROM bdpm_cis c WHERE c.cis = ?1"
	" OR c.cis = (SELECT cis FROM bdpm_cip WHERE cip13 = ?1)";

static const char drug_search_sample_sql[] =
	"SELECT kind, coalesce(year, 0) FROM dataset WHERE sample <> 0"
	" AND kind IN ('bdpm_cis', 'bdpm_compo')";

/* Reads the row the statement stands on into m. */
static void
drug_match_read(struct drug_match *m, sqlite3_stmt *st)
{
	memset(m, 0, sizeof *m);
	snprintf(m->cis, sizeof m->cis, "%s", sqlite3_column_text(st, 0));
	m->name = drug_column(st, 1);
	m->holders = drug_column(st, 2);
	m->marketed = drug_column(st, 3);
	m->presentations = sqlite3_column_int(st, 4);
	m->reimbursed = sqlite3_column_int(st, 5);
}

/* The row of one code (a CIS or CIP13), if any. */
static int
drug_search_code(struct query_db *q, struct drug_results *r, const char *code,
    char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if ((st = query_db_statement(q, drug_code_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	if ((rc = db_step(st, &why)) == DB_ROW) {
		r->rows = xcalloc(1, sizeof *r->rows);
		drug_match_read(&r->rows[r->nrows++], st);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		error_set(cause, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * The rows of the specialities at places ids in the index, in that order,
 * QUERY_BATCH at a time; a place without a row is left out.
 */
static int
drug_search_ranked(struct query_db *q, struct drug_results *r,
    const int64_t *ids, size_t nids, char **cause)
{
	sqlite3_stmt *st;
	char *got;
	size_t first, i, n, kept;
	int64_t id;
	int rc = DB_DONE;

	if (nids == 0)
		return 0;
	if ((st = query_db_statement(q, drug_ranked_sql, cause)) == NULL)
		return -1;
	r->rows = xcalloc(nids, sizeof *r->rows);
	got = xcalloc(nids, 1);
	for (first = 0; first < nids && rc == DB_DONE; first += QUERY_BATCH) {
		n = nids - first < QUERY_BATCH ? nids - first : QUERY_BATCH;
		for (i = 0; i < n; i++)
			sqlite3_bind_int64(st, (int)i + 1, ids[first + i]);
		query_batch_bind_rest(st, n);
		while ((rc = db_step(st, cause)) == DB_ROW) {
			id = sqlite3_column_int64(st, 6);
			for (i = 0; i < n && ids[first + i] != id; i++)
				continue;
			if (i < n && !got[first + i]) {
				drug_match_read(&r->rows[first + i], st);
				got[first + i] = 1;
			}
		}
		sqlite3_reset(st);
	}
	for (i = kept = 0; i < nids; i++)
		if (got[i])
			r->rows[kept++] = r->rows[i];
	r->nrows = kept;
	free(got);
	return rc == DB_DONE ? 0 : -1;
}

/* Appends the ranks an index query gives, up to *left of them. */
static int
drug_search_page(struct query_db *q, const char *expr, int64_t **ids,
    size_t *nids, int64_t *left, char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int step;

	if (*left == 0)
		return 0;
	if ((st = query_db_statement(q, drug_page_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, *left);
	while ((step = db_step(st, &why)) == DB_ROW) {
		*ids = xreallocarray(*ids, *nids + 1, sizeof **ids);
		(*ids)[(*nids)++] = sqlite3_column_int64(st, 0);
		if (*left > 0)
			(*left)--;
	}
	sqlite3_reset(st);
	if (step < 0) {
		error_set(cause, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * The FTS5 queries of folded words: every word the start of a word (all),
 * and the name starting with the words as typed (first).
 */
static void
drug_match_expressions(const char *key, char **all, char **first)
{
	char *copy = xstrdup(key), *word, *next = copy, *t;

	*all = xstrdup("");
	while ((word = strsep(&next, " ")) != NULL) {
		if (*word == '\0')
			continue;
		t = xasprintf("%s%s\"%s\"*", *all, **all != '\0' ? " " : "", word);
		free(*all);
		*all = t;
	}
	free(copy);
	*first = xasprintf("^\"%s\"*", key);
}

int
drug_search(struct query_db *q, const char *query, int limit,
    struct drug_results **out, char **cause)
{
	struct drug_results *r;
	sqlite3_stmt *st;
	int64_t *ids = NULL, left = limit > 0 ? limit : -1;
	size_t nids = 0;
	char *all = NULL, *first = NULL, *others = NULL, *why = NULL;
	int rc = -1, step;

	r = xcalloc(1, sizeof *r);
	r->key = fold_key(query);
	if (*r->key == '\0') {
		error_set(cause, _("nothing to look for in '%s'"), query);
		drug_results_free(r);
		return -1;
	}
	if (query_db_begin(q, cause) != 0) {
		drug_results_free(r);
		return -1;
	}
	if (drug_is_digits(r->key, 13) || drug_is_digits(r->key, 8)) {
		if (drug_search_code(q, r, r->key, cause) != 0)
			goto out;
		r->total = (int64_t)r->nrows;
	} else {
		drug_match_expressions(r->key, &all, &first);
		others = xasprintf("(%s) NOT (%s)", all, first);
		if ((st = query_db_statement(q, drug_count_sql, cause)) == NULL)
			goto out;
		sqlite3_bind_text(st, 1, all, -1, SQLITE_STATIC);
		if ((step = db_step(st, &why)) == DB_ROW)
			r->total = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (step < 0) {
			error_set(cause, "%s", why);
			free(why);
			goto out;
		}
		if (drug_search_page(q, first, &ids, &nids, &left, cause) != 0 ||
		    drug_search_page(q, others, &ids, &nids, &left, cause) != 0)
			goto out;
		if (drug_search_ranked(q, r, ids, nids, cause) != 0)
			goto out;
	}
	if ((st = query_db_statement(q, drug_search_sample_sql, cause)) == NULL ||
	    query_sample_read(q, st, &r->sample, cause) != 0)
		goto out;
	rc = 0;
out:
	query_db_end(q);
	free(all);
	free(first);
	free(others);
	free(ids);
	if (rc != 0)
		drug_results_free(r);
	else
		*out = r;
	return rc;
}

void
drug_results_free(struct drug_results *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrows; i++) {
		free(r->rows[i].name);
		free(r->rows[i].holders);
		free(r->rows[i].marketed);
	}
	free(r->rows);
	free(r->key);
	query_sample_clear(&r->sample);
	free(r);
}

json_t *
drug_results_to_json(const struct query_db *q, const struct drug_results *r)
{
	json_t *o = query_json_envelope(q, &r->sample), *rows = json_array(), *m;
	size_t i;

	json_object_set_new(o, "query", out_json_text(r->key));
	json_object_set_new(o, "total", json_integer(r->total));
	for (i = 0; i < r->nrows; i++) {
		m = json_object();
		json_object_set_new(m, "cis", json_string(r->rows[i].cis));
		json_object_set_new(m, "name", out_json_text(r->rows[i].name));
		json_object_set_new(m, "holders",
		    out_json_text(r->rows[i].holders));
		json_object_set_new(m, "marketed",
		    out_json_text(r->rows[i].marketed));
		json_object_set_new(m, "presentations",
		    json_integer(r->rows[i].presentations));
		json_object_set_new(m, "reimbursed_presentations",
		    json_integer(r->rows[i].reimbursed));
		json_array_append_new(rows, m);
	}
	json_object_set_new(o, "specialities", rows);
	return o;
}

/* --- The fiche. ----------------------------------------------------------- */

static const char drug_cis_sql[] =
	"SELECT cis, name, form, routes, holders, amm_status, amm_procedure,"
	" amm_date, marketed, bdm_status, eu_number, surveillance,"
	" (SELECT atc FROM bdpm_mitm m WHERE m.cis = c.cis ORDER BY id LIMIT 1)"
	" FROM bdpm_cis c WHERE cis = ?1";

static const char drug_cis_of_sql[] =
	"SELECT cis FROM bdpm_cip WHERE cip13 = ?1"
	" UNION ALL SELECT cis FROM bdpm_cis WHERE cis = ?1"
	" UNION ALL SELECT cis FROM bdpm_cip WHERE cis = ?1 LIMIT 1";

static const char drug_compo_sql[] =
	"SELECT substance, dosage, reference, nature FROM bdpm_compo"
	" WHERE cis = ?1 ORDER BY link, nature = 'SA', id";

static const char drug_cip_sql[] =
	"SELECT cip13, label, status, marketing, marketing_date, rates, rate_pct,"
	" price_cents, price_fee_cents, fee_cents FROM bdpm_cip WHERE cis = ?1"
	" ORDER BY price_cents IS NULL, price_cents, cip13";

/* A presentation's product code at level 6 of med_total, as REFDB_MED_TOTAL_SQL makes it. */
static const char drug_product_code_sql[] =
	"SELECT coalesce(atc5, atc4, atc3, atc2, atc1, '') || ' ' || cip13"
	" FROM med_product WHERE cip13 = ?1";

static const char drug_years_sql[] =
	"SELECT DISTINCT year FROM med_value ORDER BY year";

static const char drug_year_sql[] =
	"SELECT boxes, reimbursed_cents FROM med_total WHERE year = ?1"
	" AND level = 6 AND region = -2 AND age = -2 AND sex = -2"
	" AND prescriber = -2 AND code = ?2";

static const char drug_group_sql[] =
	"SELECT group_id, label, type FROM bdpm_gener WHERE cis = ?1"
	" ORDER BY id LIMIT 1";

static const char drug_reference_sql[] =
	"SELECT g.cis, c.name FROM bdpm_gener g LEFT JOIN bdpm_cis c"
	" ON c.cis = g.cis WHERE g.group_id = ?1 AND g.type = 0"
	" ORDER BY g.sort, g.id LIMIT 1";

static const char drug_cheapest_sql[] =
	"SELECT p.cip13, coalesce(c.name, p.cis) || ' — ' || coalesce(p.label, ''),"
	" p.price_fee_cents FROM bdpm_gener g JOIN bdpm_cip p ON p.cis = g.cis"
	" LEFT JOIN bdpm_cis c ON c.cis = g.cis WHERE g.group_id = ?1"
	" AND p.price_fee_cents IS NOT NULL"
	" ORDER BY p.price_fee_cents, p.cip13 LIMIT 1";

static const char drug_opinions_sql[] =
	"SELECT 'SMR', s.date, s.value, s.motive, s.label, l.url"
	" FROM bdpm_has_smr s LEFT JOIN bdpm_has_link l ON l.dossier = s.dossier"
	" WHERE s.cis = ?1"
	" UNION ALL SELECT 'ASMR', a.date, a.value, a.motive, a.label, l.url"
	" FROM bdpm_has_asmr a LEFT JOIN bdpm_has_link l ON l.dossier = a.dossier"
	" WHERE a.cis = ?1 ORDER BY 2 DESC, 1 DESC";

static const char drug_conditions_sql[] =
	"SELECT condition FROM bdpm_cpd WHERE cis = ?1 ORDER BY id";

static const char drug_availability_sql[] =
	"SELECT status_code, status, cip13, start_date, updated, back_date, url"
	" FROM bdpm_dispo WHERE cis = ?1 ORDER BY start_date DESC, id";

static const char drug_notices_sql[] =
	"SELECT start_date, end_date, text, url FROM bdpm_info WHERE cis = ?1"
	" ORDER BY start_date DESC, id";

/* The sample datasets the fiche's rows come from. */
static const char drug_sample_sql[] =
	"SELECT kind, coalesce(year, 0) FROM dataset WHERE sample <> 0 AND id IN ("
	" SELECT dataset_id FROM bdpm_cis WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_cip WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_compo WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_gener WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_has_smr WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_has_asmr WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_cpd WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_dispo WHERE cis = ?1"
	" UNION SELECT dataset_id FROM bdpm_info WHERE cis = ?1)"
	" OR (kind = 'openmedic' AND year = ?2)";

static void
drug_substance_row(sqlite3_stmt *st, void *arg)
{
	struct drug_detail *d = arg;
	struct drug_substance *s;

	d->substances = xreallocarray(d->substances, d->nsubstances + 1,
	    sizeof *d->substances);
	s = &d->substances[d->nsubstances++];
	s->name = drug_column(st, 0);
	s->dosage = drug_column(st, 1);
	s->reference = drug_column(st, 2);
	s->nature = drug_column(st, 3);
}

static void
drug_presentation_row(sqlite3_stmt *st, void *arg)
{
	struct drug_detail *d = arg;
	struct drug_presentation *p;

	d->presentations = xreallocarray(d->presentations, d->npresentations + 1,
	    sizeof *d->presentations);
	p = &d->presentations[d->npresentations++];
	memset(p, 0, sizeof *p);
	p->cip13 = drug_column(st, 0);
	p->label = drug_column(st, 1);
	p->status = drug_column(st, 2);
	p->marketing = drug_column(st, 3);
	p->marketing_date = drug_column(st, 4);
	p->rates = drug_column(st, 5);
	p->rate_pct = (int)drug_column_int(st, 6, -1);
	p->price_cents = drug_column_int(st, 7, -1);
	p->price_fee_cents = drug_column_int(st, 8, -1);
	p->fee_cents = drug_column_int(st, 9, -1);
}

static void
drug_opinion_row(sqlite3_stmt *st, void *arg)
{
	struct drug_detail *d = arg;
	struct drug_opinion *o;

	d->opinions = xreallocarray(d->opinions, d->nopinions + 1,
	    sizeof *d->opinions);
	o = &d->opinions[d->nopinions++];
	o->kind = drug_column(st, 0);
	o->date = drug_column(st, 1);
	o->value = drug_column(st, 2);
	o->motive = drug_column(st, 3);
	o->label = drug_column(st, 4);
	o->url = drug_column(st, 5);
}

static void
drug_condition_row(sqlite3_stmt *st, void *arg)
{
	struct drug_detail *d = arg;

	d->conditions = xreallocarray(d->conditions, d->nconditions + 1,
	    sizeof *d->conditions);
	d->conditions[d->nconditions++] = drug_column(st, 0);
}

static void
drug_availability_row(sqlite3_stmt *st, void *arg)
{
	struct drug_detail *d = arg;
	struct drug_availability *a;

	d->availability = xreallocarray(d->availability, d->navailability + 1,
	    sizeof *d->availability);
	a = &d->availability[d->navailability++];
	a->code = sqlite3_column_int(st, 0);
	a->status = drug_column(st, 1);
	a->cip13 = drug_column(st, 2);
	a->start = drug_column(st, 3);
	a->updated = drug_column(st, 4);
	a->back = drug_column(st, 5);
	a->url = drug_column(st, 6);
}

static void
drug_notice_row(sqlite3_stmt *st, void *arg)
{
	struct drug_detail *d = arg;
	struct drug_notice *n;

	d->notices = xreallocarray(d->notices, d->nnotices + 1,
	    sizeof *d->notices);
	n = &d->notices[d->nnotices++];
	n->start = drug_column(st, 0);
	n->end = drug_column(st, 1);
	n->text = drug_column(st, 2);
	n->url = drug_column(st, 3);
}

/* Prepares a kept statement and binds the CIS as ?1. */
static sqlite3_stmt *
drug_statement(struct query_db *q, const char *sql, const char *cis,
    char **cause)
{
	sqlite3_stmt *st;

	if ((st = query_db_statement(q, sql, cause)) != NULL)
		sqlite3_bind_text(st, 1, cis, -1, SQLITE_TRANSIENT);
	return st;
}

/* The speciality's own line of CIS_bdpm: 0, or 1 when only CIS_CIP has the CIS. */
static int
drug_identity(struct query_db *q, struct drug_detail *d, char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if ((st = drug_statement(q, drug_cis_sql, d->cis, cause)) == NULL)
		return -1;
	if ((rc = db_step(st, &why)) == DB_ROW) {
		d->name = drug_column(st, 1);
		d->form = drug_column(st, 2);
		d->routes = drug_column(st, 3);
		d->holders = drug_column(st, 4);
		d->amm_status = drug_column(st, 5);
		d->amm_procedure = drug_column(st, 6);
		d->amm_date = drug_column(st, 7);
		d->marketed = drug_column(st, 8);
		d->bdm_status = drug_column(st, 9);
		d->eu_number = drug_column(st, 10);
		d->surveillance = (int)drug_column_int(st, 11, -1);
		d->mitm_atc = drug_column(st, 12);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		error_set(cause, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

/* Each presentation's Open Medic boxes and euros, year by year. */
static int
drug_volumes(struct query_db *q, struct drug_detail *d, int *latest,
    char **cause)
{
	sqlite3_stmt *code_st, *years_st, *year_st;
	struct drug_presentation *p;
	int *years = NULL, nyears = 0, i, rc = 0;
	char *code, *why = NULL;
	size_t k;

	*latest = 0;
	if ((years_st = query_db_statement(q, drug_years_sql, cause)) == NULL)
		return -1;
	while ((rc = db_step(years_st, &why)) == DB_ROW) {
		years = xreallocarray(years, (size_t)nyears + 1, sizeof *years);
		years[nyears++] = sqlite3_column_int(years_st, 0);
	}
	sqlite3_reset(years_st);
	if (rc < 0) {
		error_set(cause, "%s", why);
		free(why);
		free(years);
		return -1;
	}
	rc = 0;
	for (k = 0; k < d->npresentations && rc == 0; k++) {
		p = &d->presentations[k];
		if ((code_st = drug_statement(q, drug_product_code_sql, p->cip13,
		    cause)) == NULL) {
			rc = -1;
			break;
		}
		code = db_step(code_st, NULL) == DB_ROW ? drug_column(code_st, 0) :
		    NULL;
		sqlite3_reset(code_st);
		for (i = 0; code != NULL && i < nyears; i++) {
			if ((year_st = query_db_statement(q, drug_year_sql,
			    cause)) == NULL) {
				rc = -1;
				break;
			}
			sqlite3_bind_int(year_st, 1, years[i]);
			sqlite3_bind_text(year_st, 2, code, -1, SQLITE_STATIC);
			if ((rc = db_step(year_st, &why)) == DB_ROW) {
				p->years = xreallocarray(p->years, p->nyears + 1,
				    sizeof *p->years);
				p->years[p->nyears].year = years[i];
				p->years[p->nyears].boxes =
				    drug_column_int(year_st, 0, 0);
				p->years[p->nyears].reimbursed_cents =
				    drug_column_int(year_st, 1, 0);
				p->nyears++;
				if (years[i] > *latest)
					*latest = years[i];
			}
			sqlite3_reset(year_st);
			if (rc < 0) {
				error_set(cause, "%s", why);
				free(why);
				break;
			}
			rc = 0;
		}
		free(code);
	}
	free(years);
	return rc;
}

/* The generic group, its princeps and its cheapest presentation. */
static int
drug_group(struct query_db *q, struct drug_detail *d, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = drug_statement(q, drug_group_sql, d->cis, cause)) == NULL)
		return -1;
	if ((rc = db_step(st, cause)) == DB_ROW) {
		d->group_id = sqlite3_column_int(st, 0);
		d->group_label = drug_column(st, 1);
		d->group_type = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	if (d->group_id == 0)
		return 0;
	if ((st = query_db_statement(q, drug_reference_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, d->group_id);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		d->reference_cis = drug_column(st, 0);
		d->reference_name = drug_column(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	if ((st = query_db_statement(q, drug_cheapest_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, d->group_id);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		d->cheapest_cip13 = drug_column(st, 0);
		d->cheapest_name = drug_column(st, 1);
		d->cheapest_price_fee_cents = drug_column_int(st, 2, -1);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

int
drug_detail_get(struct query_db *q, const char *code, struct drug_detail **out,
    char **cause)
{
	struct drug_detail *d;
	sqlite3_stmt *st;
	char *key;
	int rc = -1, latest = 0, found;

	key = fold_key(code);
	if (!drug_is_digits(key, 13) && !drug_is_digits(key, 8)) {
		free(key);
		return error_set(cause, _("'%s' is neither a CIS (8 digits) "
		    "nor a CIP13 (13 digits)"), code);
	}
	if (query_db_begin(q, cause) != 0) {
		free(key);
		return -1;
	}
	d = xcalloc(1, sizeof *d);
	d->surveillance = -1;
	if ((st = drug_statement(q, drug_cis_of_sql, key, cause)) == NULL)
		goto out;
	found = db_step(st, cause);
	if (found == DB_ROW)
		snprintf(d->cis, sizeof d->cis, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (found < 0)
		goto out;
	if (found != DB_ROW) {
		rc = 1;
		goto out;
	}
	if (strlen(key) == 13)
		d->focus = xstrdup(key);
	if (drug_identity(q, d, cause) != 0 ||
	    (st = drug_statement(q, drug_compo_sql, d->cis, cause)) == NULL ||
	    drug_each(st, drug_substance_row, d, cause) != 0 ||
	    (st = drug_statement(q, drug_cip_sql, d->cis, cause)) == NULL ||
	    drug_each(st, drug_presentation_row, d, cause) != 0 ||
	    drug_volumes(q, d, &latest, cause) != 0 ||
	    drug_group(q, d, cause) != 0 ||
	    (st = drug_statement(q, drug_opinions_sql, d->cis, cause)) == NULL ||
	    drug_each(st, drug_opinion_row, d, cause) != 0 ||
	    (st = drug_statement(q, drug_conditions_sql, d->cis, cause)) == NULL ||
	    drug_each(st, drug_condition_row, d, cause) != 0 ||
	    (st = drug_statement(q, drug_availability_sql, d->cis,
	    cause)) == NULL ||
	    drug_each(st, drug_availability_row, d, cause) != 0 ||
	    (st = drug_statement(q, drug_notices_sql, d->cis, cause)) == NULL ||
	    drug_each(st, drug_notice_row, d, cause) != 0)
		goto out;
	if ((st = drug_statement(q, drug_sample_sql, d->cis, cause)) == NULL)
		goto out;
	sqlite3_bind_int(st, 2, latest);
	if (query_sample_read(q, st, &d->sample, cause) != 0)
		goto out;
	rc = 0;
out:
	query_db_end(q);
	free(key);
	if (rc != 0)
		drug_detail_free(d);
	else
		*out = d;
	return rc;
}

void
drug_detail_free(struct drug_detail *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->name);
	free(d->form);
	free(d->routes);
	free(d->holders);
	free(d->amm_status);
	free(d->amm_procedure);
	free(d->amm_date);
	free(d->marketed);
	free(d->bdm_status);
	free(d->eu_number);
	free(d->mitm_atc);
	for (i = 0; i < d->nsubstances; i++) {
		free(d->substances[i].name);
		free(d->substances[i].dosage);
		free(d->substances[i].reference);
		free(d->substances[i].nature);
	}
	free(d->substances);
	for (i = 0; i < d->npresentations; i++) {
		struct drug_presentation *p = &d->presentations[i];

		free(p->cip13);
		free(p->label);
		free(p->status);
		free(p->marketing);
		free(p->marketing_date);
		free(p->rates);
		free(p->years);
	}
	free(d->presentations);
	free(d->focus);
	free(d->group_label);
	free(d->reference_cis);
	free(d->reference_name);
	free(d->cheapest_cip13);
	free(d->cheapest_name);
	for (i = 0; i < d->nopinions; i++) {
		free(d->opinions[i].kind);
		free(d->opinions[i].date);
		free(d->opinions[i].value);
		free(d->opinions[i].motive);
		free(d->opinions[i].label);
		free(d->opinions[i].url);
	}
	free(d->opinions);
	for (i = 0; i < d->nconditions; i++)
		free(d->conditions[i]);
	free(d->conditions);
	for (i = 0; i < d->navailability; i++) {
		free(d->availability[i].status);
		free(d->availability[i].cip13);
		free(d->availability[i].start);
		free(d->availability[i].updated);
		free(d->availability[i].back);
		free(d->availability[i].url);
	}
	free(d->availability);
	for (i = 0; i < d->nnotices; i++) {
		free(d->notices[i].start);
		free(d->notices[i].end);
		free(d->notices[i].text);
		free(d->notices[i].url);
	}
	free(d->notices);
	query_sample_clear(&d->sample);
	free(d);
}

int
drug_detail_cost(struct drug_detail *d, const struct cost_rules *rules,
    const struct cost_person *person, char **cause)
{
	struct drug_presentation *p;
	struct cost_box box;
	size_t i;

	for (i = 0; i < d->npresentations; i++) {
		p = &d->presentations[i];
		p->has_cost = 0;
		if (p->price_fee_cents < 0)
			continue;
		box.base_cents = p->price_fee_cents;
		box.rate_pct = p->rate_pct < 0 ? 0 : p->rate_pct;
		if (cost_compute(rules, &box, person, &p->cost, cause) != 0)
			return -1;
		p->has_cost = 1;
	}
	return 0;
}

/* A rule the cost applied, as the fiche cites it: its label, source and dates. */
static json_t *
drug_rule_json(const struct cost_rule *r)
{
	if (r == NULL)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "label",
	    out_json_text(r->label), "source", out_json_text(r->source),
	    "valid_from", out_json_text(r->valid_from), "valid_to",
	    *r->valid_to != '\0' ? out_json_text(r->valid_to) : json_null(),
	    "key", out_json_text(r->key));
}

static json_t *
drug_cost_json(const struct cost_result *c)
{
	return json_pack("{s:I, s:i, s:I, s:I, s:I, s:I, s:{s:o, s:o, s:o, s:o, "
	    "s:o, s:o}}", "base_cents", (json_int_t)c->base_cents, "rate_pct",
	    c->rate_pct, "assurance_maladie_cents", (json_int_t)c->am_cents,
	    "mutuelle_cents", (json_int_t)c->mutuelle_cents, "franchise_cents",
	    (json_int_t)c->franchise_cents, "left_to_pay_cents",
	    (json_int_t)c->left_cents, "rules",
	    "rate", drug_rule_json(c->rate_rule),
	    "rate_exemption", drug_rule_json(c->rate_exemption),
	    "franchise", drug_rule_json(c->franchise_rule),
	    "franchise_exemption", drug_rule_json(c->franchise_exemption),
	    "franchise_cap", drug_rule_json(c->cap_rule),
	    "rest_exemption", drug_rule_json(c->rest_exemption));
}

static json_t *
drug_cents_json(int64_t cents)
{
	return cents < 0 ? json_null() : json_integer(cents);
}

static json_t *
drug_presentation_json(const struct drug_presentation *p)
{
	json_t *o = json_object(), *years = json_array();
	size_t i;

	json_object_set_new(o, "cip13", json_string(p->cip13));
	json_object_set_new(o, "label", out_json_text(p->label));
	json_object_set_new(o, "status", out_json_text(p->status));
	json_object_set_new(o, "marketing", out_json_text(p->marketing));
	json_object_set_new(o, "marketing_date",
	    out_json_text(p->marketing_date));
	json_object_set_new(o, "rates", out_json_text(p->rates));
	json_object_set_new(o, "rate_pct", p->rate_pct < 0 ? json_null() :
	    json_integer(p->rate_pct));
	json_object_set_new(o, "price_cents", drug_cents_json(p->price_cents));
	json_object_set_new(o, "price_with_fee_cents",
	    drug_cents_json(p->price_fee_cents));
	json_object_set_new(o, "fee_cents", drug_cents_json(p->fee_cents));
	for (i = 0; i < p->nyears; i++)
		json_array_append_new(years, json_pack("{s:i, s:I, s:I}", "year",
		    p->years[i].year, "boxes", (json_int_t)p->years[i].boxes,
		    "reimbursed_cents",
		    (json_int_t)p->years[i].reimbursed_cents));
	json_object_set_new(o, "open_medic", years);
	json_object_set_new(o, "cost", p->has_cost ? drug_cost_json(&p->cost) :
	    json_null());
	return o;
}

json_t *
drug_detail_to_json(const struct query_db *q, const struct drug_detail *d,
    const struct cost_person *person)
{
	json_t *o = query_json_envelope(q, &d->sample), *a, *x;
	size_t i;

	json_object_set_new(o, "cis", json_string(d->cis));
	json_object_set_new(o, "focus_cip13", d->focus != NULL ?
	    json_string(d->focus) : json_null());
	json_object_set_new(o, "name", out_json_text(d->name));
	json_object_set_new(o, "form", out_json_text(d->form));
	json_object_set_new(o, "routes", out_json_text(d->routes));
	json_object_set_new(o, "holders", out_json_text(d->holders));
	json_object_set_new(o, "amm_status", out_json_text(d->amm_status));
	json_object_set_new(o, "amm_procedure", out_json_text(d->amm_procedure));
	json_object_set_new(o, "amm_date", out_json_text(d->amm_date));
	json_object_set_new(o, "marketed", out_json_text(d->marketed));
	json_object_set_new(o, "bdm_status", out_json_text(d->bdm_status));
	json_object_set_new(o, "eu_number", out_json_text(d->eu_number));
	json_object_set_new(o, "surveillance_renforcee", d->surveillance < 0 ?
	    json_null() : json_boolean(d->surveillance));
	json_object_set_new(o, "mitm_atc", out_json_text(d->mitm_atc));
	a = json_array();
	for (i = 0; i < d->nsubstances; i++)
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o}", "name",
		    out_json_text(d->substances[i].name), "dosage",
		    out_json_text(d->substances[i].dosage), "reference",
		    out_json_text(d->substances[i].reference), "nature",
		    out_json_text(d->substances[i].nature)));
	json_object_set_new(o, "substances", a);
	a = json_array();
	for (i = 0; i < d->npresentations; i++)
		json_array_append_new(a,
		    drug_presentation_json(&d->presentations[i]));
	json_object_set_new(o, "presentations", a);
	if (d->group_id != 0) {
		x = json_pack("{s:i, s:o, s:i, s:o, s:o}", "id", d->group_id,
		    "label", out_json_text(d->group_label), "type",
		    d->group_type, "reference_cis",
		    out_json_text(d->reference_cis), "reference_name",
		    out_json_text(d->reference_name));
		json_object_set_new(x, "cheapest", d->cheapest_cip13 == NULL ?
		    json_null() : json_pack("{s:s, s:o, s:I}", "cip13",
		    d->cheapest_cip13, "name", out_json_text(d->cheapest_name),
		    "price_with_fee_cents",
		    (json_int_t)d->cheapest_price_fee_cents));
		json_object_set_new(o, "generic_group", x);
	} else
		json_object_set_new(o, "generic_group", json_null());
	a = json_array();
	for (i = 0; i < d->nopinions; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}",
		    "kind", d->opinions[i].kind, "date",
		    out_json_text(d->opinions[i].date), "value",
		    out_json_text(d->opinions[i].value), "motive",
		    out_json_text(d->opinions[i].motive), "label",
		    out_json_text(d->opinions[i].label), "url",
		    out_json_text(d->opinions[i].url)));
	json_object_set_new(o, "has_opinions", a);
	a = json_array();
	for (i = 0; i < d->nconditions; i++)
		json_array_append_new(a, out_json_text(d->conditions[i]));
	json_object_set_new(o, "prescribing_conditions", a);
	a = json_array();
	for (i = 0; i < d->navailability; i++)
		json_array_append_new(a, json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, "
		    "s:o}", "code", d->availability[i].code, "status",
		    out_json_text(d->availability[i].status), "cip13",
		    out_json_text(d->availability[i].cip13), "start",
		    out_json_text(d->availability[i].start), "updated",
		    out_json_text(d->availability[i].updated), "back",
		    out_json_text(d->availability[i].back), "url",
		    out_json_text(d->availability[i].url)));
	json_object_set_new(o, "availability", a);
	a = json_array();
	for (i = 0; i < d->nnotices; i++)
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o}", "start",
		    out_json_text(d->notices[i].start), "end",
		    out_json_text(d->notices[i].end), "text",
		    out_json_text(d->notices[i].text), "url",
		    out_json_text(d->notices[i].url)));
	json_object_set_new(o, "safety_notices", a);
	if (person != NULL) {
		a = json_array();
		for (i = 0; person->exemptions != NULL &&
		    person->exemptions[i] != NULL; i++)
			json_array_append_new(a,
			    out_json_text(person->exemptions[i]));
		json_object_set_new(o, "cost_for", json_pack("{s:s, s:o, s:o}",
		    "date", person->date, "mutuelle_coverage_pct",
		    person->coverage_pct < 0 ? json_null() :
		    json_integer(person->coverage_pct), "exemptions", a));
	}
	return o;
}
