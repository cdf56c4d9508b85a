/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "fold.h"
#include "i18n.h"
#include "med_cube.h"
#include "med_pack.h"
#include "number.h"
#include "query_meds.h"
#include "query_meds_values.h"
#include "refdb.h"
#include "xmalloc.h"

/* The four filters in med_total's key order, as med_pack's cells hold them. */
enum { DIM_REGION, DIM_AGE, DIM_SEX, DIM_PRESCRIBER, NDIMS };

/* Codes above the ATC bytes, to end a prefix range ("N02" to "N02\x7f"). */
#define MEDS_PREFIX_END "\x7f"

void
meds_query_init(struct meds_query *mq)
{
	memset(mq, 0, sizeof *mq);
	mq->region = mq->age = mq->sex = mq->prescriber = MEDS_ANY;
	mq->sort = MEDS_SORT_REIMBURSED;
}

int
meds_atc_level(const char *atc)
{
	/* What each position of an ATC code is: L letter, D digit. */
	static const char shape[] = "LDDLLDD";
	static const int level_at[] = { 0, 1, 1, 2, 3, 4, 4, 5 };
	size_t i, n = strlen(atc);

	if (n > 7)
		return -1;
	for (i = 0; i < n; i++) {
		if (shape[i] == 'L' ? !isupper((unsigned char)atc[i]) :
		    !isdigit((unsigned char)atc[i]))
			return -1;
	}
	return level_at[n];
}

int
meds_age_from_name(const char *s)
{
	static const struct { const char *name; int code; } ages[] = {
		{ "0", 0 }, { "0-19", 0 }, { "20", 20 }, { "20-59", 20 },
		{ "60", 60 }, { "60+", 60 }, { "99", 99 }, { "inconnu", 99 },
		{ "unknown", 99 },
	};
	size_t i;

	for (i = 0; i < sizeof ages / sizeof ages[0]; i++)
		if (strcasecmp(s, ages[i].name) == 0)
			return ages[i].code;
	return -1;
}

int
meds_sex_from_name(const char *s)
{
	/* Open Medic's codes, the French words and the English ones. */
	static const struct { const char *name; int code; } sexes[] = {
		{ "1", 1 }, { "m", 1 }, { "h", 1 }, { "homme", 1 },
		{ "hommes", 1 }, { "masculin", 1 }, { "male", 1 }, { "man", 1 },
		{ "men", 1 }, { "2", 2 }, { "f", 2 }, { "femme", 2 },
		{ "femmes", 2 }, { "feminin", 2 }, { "féminin", 2 },
		{ "female", 2 }, { "woman", 2 }, { "women", 2 }, { "9", 9 },
		{ "inconnu", 9 }, { "unknown", 9 },
	};
	size_t i;

	for (i = 0; i < sizeof sexes / sizeof sexes[0]; i++)
		if (strcasecmp(s, sexes[i].name) == 0)
			return sexes[i].code;
	return -1;
}

int
meds_by_from_name(const char *s)
{
	if (strcasecmp(s, "product") == 0 || strcasecmp(s, "produit") == 0 ||
	    strcasecmp(s, "cip13") == 0)
		return MEDS_BY_PRODUCT;
	if (strncasecmp(s, "atc", 3) == 0 && s[3] >= '1' && s[3] <= '5' &&
	    s[4] == '\0')
		return s[3] - '0';
	return -1;
}

const char *
meds_by_name(int by)
{
	static const char *const names[] = {
		"", "atc1", "atc2", "atc3", "atc4", "atc5", "product",
	};

	return by >= 1 && by <= MEDS_BY_PRODUCT ? names[by] : "";
}

int
meds_sort_from_name(const char *s)
{
	if (strcmp(s, "reimbursed") == 0)
		return MEDS_SORT_REIMBURSED;
	if (strcmp(s, "boxes") == 0)
		return MEDS_SORT_BOXES;
	if (strcmp(s, "base") == 0)
		return MEDS_SORT_BASE;
	if (strcmp(s, "code") == 0)
		return MEDS_SORT_CODE;
	return -1;
}

/* Runs a query of one integer result bound to one text; 1 when no row. */
static int
meds_lookup_int(struct query_db *q, const char *sql, const char *arg,
    int *out, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = query_db_statement(q, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	rc = db_step(st, cause);
	if (rc == DB_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : 1;
}

int
meds_prescriber_from_name(struct query_db *q, const char *s, char **cause)
{
	/*
	 * The English names, folded: the French ones are the reference
	 * database's (med_prescriber_group.name), which stores no other.
	 */
	static const struct { const char *name; int code; } english[] = {
		{ "gp", 1 }, { "general practitioner", 1 }, { "generalist", 1 },
		{ "specialist", 2 }, { "dentist", 3 }, { "salaried", 4 },
		{ "other", 5 }, { "unknown", 6 },
	};
	char *key = fold_key(s);
	size_t i;
	int code, rc;

	for (i = 0; i < sizeof english / sizeof english[0]; i++)
		if (strcmp(key, english[i].name) == 0) {
			free(key);
			return english[i].code;
		}
	rc = meds_lookup_int(q, "SELECT code FROM med_prescriber_group WHERE "
	    "name = ?1 OR CAST(code AS TEXT) = ?1", key, &code, cause);
	free(key);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return error_set(cause, _("unknown prescriber group '%s': "
		    "gp, specialist, dentist, salaried, other, unknown (or 1 "
		    "to 6)"), s);
	return code;
}

int
meds_region_from_name(struct query_db *q, const char *s, int *ben_reg,
    char **note, char **cause)
{
	sqlite3_stmt *st;
	char *key, *insee = NULL, *name = NULL, *covers = NULL, *label = NULL;
	int rc, found = 0;

	*note = NULL;
	key = fold_key(s);
	/* An INSEE region by code or name, then the BEN_REG covering it. */
	if ((st = query_db_statement(q, "SELECT r.code, r.name, m.code,"
	    " m.regions, m.label FROM region r JOIN med_region m ON"
	    " instr(',' || m.regions || ',', ',' || r.code || ',') > 0"
	    " WHERE r.code = ?1 OR r.name_key = ?2"
	    " OR (length(?1) = 1 AND r.code = '0' || ?1)", cause)) == NULL) {
		free(key);
		return -1;
	}
	sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		insee = xstrdup((const char *)sqlite3_column_text(st, 0));
		name = xstrdup((const char *)sqlite3_column_text(st, 1));
		*ben_reg = sqlite3_column_int(st, 2);
		covers = xstrdup((const char *)sqlite3_column_text(st, 3));
		label = xstrdup((const char *)sqlite3_column_text(st, 4));
		found = 1;
	}
	sqlite3_reset(st);
	free(key);
	if (rc < 0)
		return -1;
	if (found) {
		if (strcmp(covers, insee) != 0)
			*note = xasprintf(_("Open Medic counts %s within "
			    "BEN_REG %d, %s"), name, *ben_reg, label);
		free(insee);
		free(name);
		free(covers);
		free(label);
		return 0;
	}
	/* Else a BEN_REG as published (5, 0, 99...). */
	rc = meds_lookup_int(q, "SELECT code FROM med_region WHERE "
	    "CAST(code AS TEXT) = ?1", s, ben_reg, cause);
	if (rc == 1)
		return error_set(cause, _("unknown region '%s': give an INSEE "
		    "region code or name (84, Bretagne, Corse) or an Open Medic "
		    "BEN_REG (5 for the overseas regions)"), s);
	return rc;
}

void
meds_rows_free(struct meds_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].code);
		free(rows[i].label);
		free(rows[i].atc);
	}
	free(rows);
}

void
meds_result_free(struct meds_result *r)
{
	if (r == NULL)
		return;
	meds_rows_free(r->rows, r->nrows);
	free(r->years);
	free(r->atc);
	free(r->atc_label);
	free(r->region.label);
	free(r->age.label);
	free(r->sex.label);
	free(r->prescriber.label);
	query_sample_clear(&r->sample);
	free(r);
}

/* Every Open Medic year, and whether the one asked for is among them. */
static int
meds_years(struct query_db *q, struct meds_result *r, int year, char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	/* med_value is a few dozen rows a year; med_total is millions. */
	if ((st = query_db_statement(q, "SELECT DISTINCT year FROM med_value"
	    " ORDER BY year", cause)) == NULL)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		r->years = xreallocarray(r->years, r->nyears + 1,
		    sizeof *r->years);
		r->years[r->nyears++] = sqlite3_column_int(st, 0);
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, _("med_total: %s"), why);
		free(why);
		return -1;
	}
	if (r->nyears == 0)
		return error_set(cause, _("no Open Medic data in %s: import "
		    "OPEN_MEDIC_<year>.zip first"), q->path);
	r->year = year != 0 ? year : r->years[r->nyears - 1];
	for (size_t i = 0; i < r->nyears; i++)
		if (r->years[i] == r->year)
			return 0;
	return error_set(cause, _("no Open Medic data for %d (years %d to "
	    "%d)"), r->year, r->years[0], r->years[r->nyears - 1]);
}

/* A query's roll-up rows: with at most one filter set, med_total holds them. */
static const char meds_rollup_sql[] = "SELECT code, rows, boxes,"
    " reimbursed_cents, base_cents FROM med_total WHERE year = ?1 AND"
    " level = ?2 AND region = ?3 AND age = ?4 AND sex = ?5 AND prescriber = ?6"
    " AND code >= ?7 AND code < ?8";

/* With more filters, the finest cells of each code, packed in med_cell. */
static const char meds_cells_sql[] = "SELECT code, cells FROM med_cell"
    " WHERE year = ?1 AND level = ?2 AND code >= ?3 AND code < ?4";

/* The next free row of r, which grows; *size is its room. */
static struct meds_row *
meds_row_push(struct meds_result *r, size_t *size)
{
	if (r->nall == *size) {
		*size = *size * 2 + 64;
		r->rows = xreallocarray(r->rows, *size, sizeof *r->rows);
	}
	r->nrows = ++r->nall;
	return &r->rows[r->nall - 1];
}

/* A row's code, split into ATC code and CIP13 for products. */
static void
meds_row_code(struct meds_row *row, const char *code, int by)
{
	const char *space;

	memset(row, 0, sizeof *row);
	if (code == NULL)
		code = "";
	if (by == MEDS_BY_PRODUCT && (space = strchr(code, ' ')) != NULL) {
		row->atc = xstrndup(code, (size_t)(space - code));
		row->code = xstrdup(space + 1);
	} else
		row->code = xstrdup(code);
}

static void
meds_row_read(sqlite3_stmt *st, int by, struct meds_row *row)
{
	int i;

	meds_row_code(row, (const char *)sqlite3_column_text(st, 0), by);
	row->rows = sqlite3_column_int64(st, 1);
	for (i = 0; i < 3; i++)
		if (sqlite3_column_type(st, 2 + i) != SQLITE_NULL)
			row->has |= 1 << i;
	row->boxes = sqlite3_column_int64(st, 2);
	row->reimbursed_cents = sqlite3_column_int64(st, 3);
	row->base_cents = sqlite3_column_int64(st, 4);
}

/* Reads the roll-up rows of a query of at most one filter into r. */
static int
meds_read_rollups(struct query_db *q, struct meds_result *r, const int *dims,
    const char *atc, const char *end, size_t *size, char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int d, rc;

	if ((st = query_db_statement(q, meds_rollup_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	sqlite3_bind_int(st, 2, r->by);
	for (d = 0; d < NDIMS; d++)
		sqlite3_bind_int(st, 3 + d, dims[d] == MEDS_ANY ? MED_ALL : dims[d]);
	sqlite3_bind_text(st, 7, atc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, end, -1, SQLITE_STATIC);
	while ((rc = db_step(st, &why)) == DB_ROW)
		meds_row_read(st, r->by, meds_row_push(r, size));
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, _("med_total: %s"), why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * Adds the cells of one code's BLOB that pass every filter set into row:
 * 1 if some did, 0 if none, -1 with *cause for bytes that are not cells or
 * sums that overflow (a hostile file). Summed here rather than through
 * med_unpack, which hands SQLite each of a level's thousands of cells as a
 * row to filter and sum: the slowest of the drill-downs took 1.5 ms so.
 */
static int
meds_sum_cells(const uint8_t *p, size_t n, const int *dims,
    struct meds_row *row, char **cause)
{
	const uint8_t *end;
	struct med_pack_cell cell;
	int64_t *sum[MED_PACK_NVALUES] = {
		&row->boxes, &row->reimbursed_cents, &row->base_cents,
	};
	int d, i, rc, found = 0;

	if (n == 0)	/* an empty BLOB's pointer may be NULL */
		return 0;
	end = p + n;
	while ((rc = med_pack_next(&p, end, &cell)) == 1) {
		for (d = 0; d < NDIMS; d++)
			if (dims[d] != MEDS_ANY && cell.dim[d] != dims[d])
				break;
		if (d < NDIMS)
			continue;
		found = 1;
		row->has |= cell.has;
		if (__builtin_add_overflow(row->rows, cell.rows, &row->rows))
			goto overflow;
		for (i = 0; i < MED_PACK_NVALUES; i++)
			if (__builtin_add_overflow(*sum[i], cell.value[i],
			    sum[i]))
				goto overflow;
	}
	if (rc < 0)
		return error_set(cause, _("med_cell: code %s holds bytes that"
		    " are not packed cells"), row->code);
	return found;
overflow:
	return error_set(cause, _("med_cell: code %s: its sums overflow"),
	    row->code);
}

/* Sums the finest cells of each code in range for a query of several filters. */
static int
meds_read_cells(struct query_db *q, struct meds_result *r, const int *dims,
    const char *atc, const char *end, size_t *size, char **cause)
{
	sqlite3_stmt *st;
	struct meds_row *row;
	char *why = NULL;
	int rc, found;

	if ((st = query_db_statement(q, meds_cells_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	sqlite3_bind_int(st, 2, r->by);
	sqlite3_bind_text(st, 3, atc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, end, -1, SQLITE_STATIC);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		row = meds_row_push(r, size);
		meds_row_code(row, (const char *)sqlite3_column_text(st, 0),
		    r->by);
		found = meds_sum_cells(sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), dims, row, cause);
		if (found <= 0) {
			/* A code none of whose cells passed has no row. */
			free(row->code);
			free(row->atc);
			r->nrows = --r->nall;
		}
		if (found < 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, _("med_cell: %s"), why);
		free(why);
		return -1;
	}
	return 0;
}

static int
meds_row_compare(const void *a, const void *b, void *arg)
{
	const struct meds_row *x = a, *y = b;
	const struct meds_query *mq = arg;
	int64_t u, v;
	int c;

	switch (mq->sort) {
	case MEDS_SORT_BOXES:
		u = x->boxes, v = y->boxes;
		break;
	case MEDS_SORT_BASE:
		u = x->base_cents, v = y->base_cents;
		break;
	case MEDS_SORT_CODE:
		u = v = 0;
		break;
	default:
		u = x->reimbursed_cents, v = y->reimbursed_cents;
		break;
	}
	c = u < v ? -1 : u > v;
	/* Amounts read best largest first, codes A to Z. */
	if (mq->sort != MEDS_SORT_CODE && !mq->ascending)
		c = -c;
	if (c == 0)
		c = strcmp(x->code, y->code);
	return c;
}

/* Labels of the rows kept: looked up only for them, not for every row summed. */
static int
meds_label_rows(struct query_db *q, struct meds_result *r, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((st = query_db_statement(q, r->by == MEDS_BY_PRODUCT ?
	    "SELECT label FROM med_product WHERE cip13 = ?1" :
	    "SELECT label FROM atc WHERE code = ?1", cause)) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, r->rows[i].code, -1, SQLITE_STATIC);
		if ((rc = db_step(st, cause)) < 0) {
			sqlite3_reset(st);
			return -1;
		}
		if (rc == DB_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			r->rows[i].label = xstrdup((const char *)
			    sqlite3_column_text(st, 0));
		/* A code of a level above: what has no code at this level. */
		if (r->by < MEDS_BY_PRODUCT &&
		    meds_atc_level(r->rows[i].code) != r->by) {
			free(r->rows[i].label);
			r->rows[i].label = xasprintf(_("(no ATC%d code)"),
			    r->by);
		}
	}
	sqlite3_reset(st);
	return 0;
}

/* The label of a whole ATC code in *label, NULL when none; -1 with *cause. */
static int
meds_atc_label(struct query_db *q, const char *code, char **label,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*label = NULL;
	if ((st = query_db_statement(q, "SELECT label FROM atc WHERE code = ?1",
	    cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = db_step(st, cause)) == DB_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		*label = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * The label of a filter's code from a code list of the reference database
 * (the code itself when the list has no label for it), or all, translated
 * already, when the filter is open; -1 with *cause.
 */
static int
meds_filter_set(struct query_db *q, struct meds_filter *f, int code,
    enum meds_dimension dim, const char *sql, const char *all, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	f->code = code;
	if (code == MEDS_ANY) {
		f->label = xstrdup(all);
		return 0;
	}
	if (meds_code_label(dim, code) != NULL) {
		f->label = xstrdup(meds_code_label(dim, code));
		return 0;
	}
	if ((st = query_db_statement(q, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, code);
	if ((rc = db_step(st, cause)) == DB_ROW)
		f->label = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc == DB_DONE)
		f->label = xasprintf("%d", code);
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
meds_filters_describe(struct query_db *q, const struct meds_query *mq,
    struct meds_result *r, char **cause)
{
	if (meds_filter_set(q, &r->region, mq->region, MEDS_DIM_REGION,
	    "SELECT label FROM med_region WHERE code = ?1", _("All of France"),
	    cause) != 0 ||
	    meds_filter_set(q, &r->age, mq->age, MEDS_DIM_AGE, "SELECT label "
	    "FROM med_code WHERE dimension = 'age' AND code = ?1",
	    _("All ages"), cause) != 0 ||
	    meds_filter_set(q, &r->sex, mq->sex, MEDS_DIM_SEX, "SELECT label "
	    "FROM med_code WHERE dimension = 'sex' AND code = ?1",
	    C_("sex filter", "All"), cause) != 0 ||
	    meds_filter_set(q, &r->prescriber, mq->prescriber,
	    MEDS_DIM_PRESCRIBER, "SELECT label FROM med_prescriber_group "
	    "WHERE code = ?1", _("All prescribers"), cause) != 0)
		return -1;
	return 0;
}

/* meds_query_run, inside the read transaction its caller opened. */
static int
meds_query_read(struct query_db *q, const struct meds_query *mq,
    struct meds_result **out, char **cause)
{
	struct meds_result *r;
	sqlite3_stmt *st = NULL;
	char *end;
	int dims[NDIMS], level, d, set, rc;
	size_t i, size = 0;

	*out = NULL;
	if ((level = meds_atc_level(mq->atc)) < 0)
		return error_set(cause, _("'%s' is not the beginning of an ATC "
		    "code (letter, 2 digits, 2 letters, 2 digits: N02BE01)"),
		    mq->atc);
	r = xcalloc(1, sizeof *r);
	r->by = mq->by != 0 ? mq->by : level + 1;
	if (r->by <= level || r->by > MEDS_BY_PRODUCT) {
		error_set(cause, _("ATC %s is already at level %d: list by a "
		    "deeper level or by product"), mq->atc, level);
		goto fail;
	}
	r->atc = xstrdup(mq->atc);
	if (meds_years(q, r, mq->year, cause) != 0)
		goto fail;
	dims[DIM_REGION] = mq->region;
	dims[DIM_AGE] = mq->age;
	dims[DIM_SEX] = mq->sex;
	dims[DIM_PRESCRIBER] = mq->prescriber;
	for (d = 0, set = 0; d < NDIMS; d++)
		set += dims[d] != MEDS_ANY;
	end = xasprintf("%s" MEDS_PREFIX_END, mq->atc);
	rc = (set <= 1 ? meds_read_rollups : meds_read_cells)(q, r, dims,
	    mq->atc, end, &size, cause);
	free(end);
	if (rc != 0)
		goto fail;
	for (i = 0; i < r->nall; i++) {
		r->total_rows += r->rows[i].rows;
		r->total_boxes += r->rows[i].boxes;
		r->total_reimbursed_cents += r->rows[i].reimbursed_cents;
		r->total_base_cents += r->rows[i].base_cents;
	}
	for (i = 0; i < r->nall; i++) {
		if (r->total_reimbursed_cents != 0)
			r->rows[i].share = (double)r->rows[i].reimbursed_cents /
			    (double)r->total_reimbursed_cents;
		if (r->total_boxes != 0)
			r->rows[i].share_boxes = (double)r->rows[i].boxes /
			    (double)r->total_boxes;
	}
	if (r->nall > 0)	/* qsort's array must not be NULL, even empty */
		qsort_r(r->rows, r->nall, sizeof *r->rows, meds_row_compare,
		    (void *)mq);
	if (mq->top > 0 && (size_t)mq->top < r->nall) {
		for (i = (size_t)mq->top; i < r->nall; i++) {
			free(r->rows[i].code);
			free(r->rows[i].atc);
		}
		r->nrows = (size_t)mq->top;
	}
	if (meds_label_rows(q, r, cause) != 0)
		goto fail;
	if (*mq->atc != '\0' &&
	    meds_atc_label(q, mq->atc, &r->atc_label, cause) != 0)
		goto fail;
	if (meds_filters_describe(q, mq, r, cause) != 0)
		goto fail;
	if ((st = query_db_statement(q, "SELECT kind, year FROM dataset WHERE"
	    " kind = 'openmedic' AND year = ?1 AND sample <> 0", cause)) == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, r->year);
	rc = query_sample_read(q, st, &r->sample, cause);
	st = NULL;
	if (rc != 0)
		goto fail;
	*out = r;
	return 0;
fail:
	sqlite3_reset(st);
	meds_result_free(r);
	return -1;
}

int
meds_query_run(struct query_db *q, const struct meds_query *mq,
    struct meds_result **out, char **cause)
{
	int rc;

	if (query_db_begin(q, cause) != 0)
		return -1;
	rc = meds_query_read(q, mq, out, cause);
	query_db_end(q);
	return rc;
}

/* A filter as JSON: its code (null when open) and label. */
static json_t *
meds_filter_json(const struct meds_filter *f)
{
	return json_pack("{s:o, s:s}", "code", f->code == MEDS_ANY ?
	    json_null() : json_integer(f->code), "label", f->label);
}

/* Cents as euros, or null when no row declared the amount. */
static json_t *
meds_euros_json(int64_t cents, int declared)
{
	return declared ? json_real((double)cents / 100.0) : json_null();
}

json_t *
meds_result_to_json(const struct query_db *q, const struct meds_result *r)
{
	const struct meds_row *row;
	json_t *j, *rows, *o, *years;
	size_t i;

	j = query_json_envelope(q, &r->sample);
	json_object_set_new(j, "year", json_integer(r->year));
	years = json_array();
	for (i = 0; i < r->nyears; i++)
		json_array_append_new(years, json_integer(r->years[i]));
	json_object_set_new(j, "years", years);
	json_object_set_new(j, "by", json_string(meds_by_name(r->by)));
	json_object_set_new(j, "atc", *r->atc != '\0' ? json_pack("{s:s, s:s?}",
	    "code", r->atc, "label", r->atc_label) : json_null());
	json_object_set_new(j, "filters", json_pack("{s:o, s:o, s:o, s:o}",
	    "region", meds_filter_json(&r->region), "age",
	    meds_filter_json(&r->age), "sex", meds_filter_json(&r->sex),
	    "prescriber", meds_filter_json(&r->prescriber)));
	json_object_set_new(j, "total", json_pack("{s:I, s:I, s:o, s:o}",
	    "rows", (json_int_t)r->total_rows, "boxes",
	    (json_int_t)r->total_boxes, "reimbursed",
	    meds_euros_json(r->total_reimbursed_cents, 1), "base",
	    meds_euros_json(r->total_base_cents, 1)));
	json_object_set_new(j, "count", json_integer((json_int_t)r->nall));
	rows = json_array();
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		o = json_pack("{s:s, s:s?}", "code", row->code, "label",
		    row->label);
		if (row->atc != NULL)
			json_object_set_new(o, "atc", json_string(row->atc));
		json_object_set_new(o, "boxes", row->has & MED_HAS_BOXES ?
		    json_integer(row->boxes) : json_null());
		json_object_set_new(o, "reimbursed", meds_euros_json(
		    row->reimbursed_cents, row->has & MED_HAS_REM));
		json_object_set_new(o, "base", meds_euros_json(row->base_cents,
		    row->has & MED_HAS_BSE));
		json_object_set_new(o, "share", json_real(row->share));
		json_object_set_new(o, "share_boxes", json_real(row->share_boxes));
		json_object_set_new(o, "rows", json_integer(row->rows));
		json_array_append_new(rows, o);
	}
	json_object_set_new(j, "rows", rows);
	return j;
}
