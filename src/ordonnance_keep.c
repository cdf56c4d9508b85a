/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dbtx.h"
#include "history.h"
#include "i18n.h"
#include "ordonnance.h"
#include "ordonnance_keep.h"
#include "out.h"
#include "utf8.h"
#include "xmalloc.h"

/* The five sums of a line or a prescription, as the tables and JSON name them. */
static const char *const ord_keep_sums[5] = {
	"base_cents", "assurance_maladie_cents", "mutuelle_cents",
	"franchise_cents", "left_to_pay_cents",
};

static json_t *
ord_keep_sums_json(int64_t base, int64_t am, int64_t mutuelle,
    int64_t franchise, int64_t left)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", ord_keep_sums[0],
	    (json_int_t)base, ord_keep_sums[1], (json_int_t)am,
	    ord_keep_sums[2], (json_int_t)mutuelle, ord_keep_sums[3],
	    (json_int_t)franchise, ord_keep_sums[4], (json_int_t)left);
}

/* The file's base name: where it was is nobody's business but the user's. */
static const char *
ord_keep_base(const char *file)
{
	const char *slash = strrchr(file, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : file;
}

/*
 * A prescription as the document kept, kept_at set by the caller; its day
 * the one given, else the one read on the page.
 */
static json_t *
ord_keep_doc(const struct ordonnance *o, const char *file,
    const char *prescribed)
{
	const struct ord_line *l;
	const struct ord_candidate *c;
	json_t *doc, *lines, *j;
	size_t i;
	int matched;

	lines = json_array();
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		matched = l->status == ORD_MATCHED;
		c = matched ? &l->candidates[0] : NULL;
		j = json_pack("{s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:i, "
		    "s:o}", "line", l->number, "status", matched ? "matched" :
		    "unmatched", "text", out_json_text(l->text), "instructions",
		    out_json_text(l->instructions), "cip13", c != NULL ?
		    json_string(c->cip13) : json_null(), "name", out_json_text(c
		    != NULL ? c->name : NULL), "presentation", out_json_text(c !=
		    NULL ? c->label : NULL), "confidence", c != NULL && c->score
		    >= 0 ? json_integer(c->score) : json_null(), "boxes",
		    matched ? l->boxes : 0, "cost", matched && l->has_cost ?
		    ord_keep_sums_json(l->base_cents, l->am_cents,
		    l->mutuelle_cents, l->franchise_cents, l->left_cents) :
		    json_null());
		json_array_append_new(lines, j);
	}
	if (prescribed == NULL && o->prescribed_on[0] != '\0')
		prescribed = o->prescribed_on;
	doc = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "date", o->date,
	    "prescribed_on", prescribed != NULL ? json_string(prescribed) :
	    json_null(), "file", out_json_text(ord_keep_base(file)),
	    "mutuelle_coverage_pct", o->coverage_pct >= 0 ?
	    json_integer(o->coverage_pct) : json_null(), "total",
	    ord_keep_sums_json(o->base_cents, o->am_cents, o->mutuelle_cents,
	    o->franchise_cents, o->left_cents), "lines", lines);
	return doc;
}

/* --- Checking a document. ------------------------------------------------- */

static int
ord_keep_is_day(const json_t *v)
{
	const char *s;
	int i;

	if (!json_is_string(v))
		return 0;
	s = json_string_value(v);
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* Whether v is a string of at most max bytes (NULL allowed when nullable). */
static int
ord_keep_is_text(const json_t *v, size_t max, int nullable)
{
	if (v == NULL || json_is_null(v))
		return nullable;
	return json_is_string(v) && json_string_length(v) <= max;
}

static int
ord_keep_is_int(const json_t *v, json_int_t min, json_int_t max, int nullable)
{
	if (v == NULL || json_is_null(v))
		return nullable;
	return json_is_integer(v) && json_integer_value(v) >= min &&
	    json_integer_value(v) <= max;
}

/* Whether v holds the five sums, each a whole number of cents. */
static int
ord_keep_is_sums(const json_t *v)
{
	int k;

	if (!json_is_object(v))
		return 0;
	for (k = 0; k < 5; k++)
		if (!ord_keep_is_int(json_object_get(v, ord_keep_sums[k]),
		    -1000000000, 1000000000, 0))
			return 0;
	return 1;
}

/* Checks one document; what names the place of the first fault. */
static const char *
ord_keep_check_doc(const json_t *d, size_t *line)
{
	const json_t *lines, *l, *v;
	const char *cip;
	size_t i;

	*line = (size_t)-1;
	if (!json_is_object(d))
		return "";
	v = json_object_get(d, "kept_at");
	if (!json_is_string(v) || json_string_length(v) < 10 ||
	    json_string_length(v) > 30)
		return ".kept_at";
	if (!ord_keep_is_day(json_object_get(d, "date")))
		return ".date";
	v = json_object_get(d, "prescribed_on");
	if (v != NULL && !json_is_null(v) && !ord_keep_is_day(v))
		return ".prescribed_on";
	if (!ord_keep_is_text(json_object_get(d, "file"), 255, 0) ||
	    json_string_length(json_object_get(d, "file")) == 0 ||
	    strchr(json_string_value(json_object_get(d, "file")), '/') != NULL)
		return ".file";
	if (!ord_keep_is_int(json_object_get(d, "mutuelle_coverage_pct"), 0,
	    1000, 1))
		return ".mutuelle_coverage_pct";
	if (!ord_keep_is_sums(json_object_get(d, "total")))
		return ".total";
	lines = json_object_get(d, "lines");
	if (!json_is_array(lines) || json_array_size(lines) > 200)
		return ".lines";
	json_array_foreach(lines, i, l) {
		*line = i;
		if (!json_is_object(l))
			return "";
		if (!ord_keep_is_int(json_object_get(l, "line"), 1, 10000, 0))
			return ".line";
		if (!ord_keep_is_text(json_object_get(l, "text"), 4096, 0))
			return ".text";
		if (!ord_keep_is_text(json_object_get(l, "instructions"), 4096,
		    1))
			return ".instructions";
		v = json_object_get(l, "cip13");
		if (v != NULL && !json_is_null(v)) {
			cip = json_string_value(v);
			if (cip == NULL || strlen(cip) != 13 ||
			    strspn(cip, "0123456789") != 13)
				return ".cip13";
		}
		if (!ord_keep_is_text(json_object_get(l, "name"), 4096, 1))
			return ".name";
		if (!ord_keep_is_text(json_object_get(l, "presentation"), 4096,
		    1))
			return ".presentation";
		if (!ord_keep_is_int(json_object_get(l, "confidence"), 0, 100,
		    1))
			return ".confidence";
		if (!ord_keep_is_int(json_object_get(l, "boxes"), 0, 1000, 0))
			return ".boxes";
		v = json_object_get(l, "cost");
		if (v != NULL && !json_is_null(v) && !ord_keep_is_sums(v))
			return ".cost";
	}
	return NULL;
}

int
ordonnance_kept_check(const json_t *array, char **cause)
{
	const json_t *d;
	const char *what;
	size_t i, line;

	if (!json_is_array(array) || json_array_size(array) >
	    ORD_KEEP_IMPORT_MAX)
		return error_set(cause, _("prescriptions: must be a list of at "
		    "most %d kept prescriptions"), ORD_KEEP_IMPORT_MAX);
	json_array_foreach(array, i, d) {
		if ((what = ord_keep_check_doc(d, &line)) == NULL)
			continue;
		if (line == (size_t)-1)
			/* TRANSLATORS: a JSON path; the rest is the field's name. */
			return error_set(cause, _("prescriptions[%zu]%s: missing "
			    "or not valid"), i, what);
		return error_set(cause, _("prescriptions[%zu].lines[%zu]%s: "
		    "missing or not valid"), i, line, what);
	}
	return 0;
}

/* --- Storing. ------------------------------------------------------------- */

static const char ord_keep_insert_sql[] =
	"INSERT INTO prescription (kept_at, cost_date, prescribed_on, file,"
	" coverage_pct, base_cents, am_cents, mutuelle_cents, franchise_cents,"
	" left_cents) VALUES (coalesce(?1, strftime('%Y-%m-%dT%H:%M:%fZ',"
	" 'now')), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

static const char ord_keep_line_sql[] =
	"INSERT INTO prescription_line (prescription_id, number, text,"
	" instructions, cip13, name, presentation, confidence, boxes,"
	" base_cents, am_cents, mutuelle_cents, franchise_cents, left_cents)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/* Binds a JSON string, number or null; strings sanitised once more. */
static void
ord_keep_bind(sqlite3_stmt *st, int i, const json_t *v)
{
	char *clean;

	if (json_is_string(v)) {
		clean = utf8_sanitize(json_string_value(v));
		sqlite3_bind_text(st, i, clean, -1, free);
	} else if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else
		sqlite3_bind_null(st, i);
}

static void
ord_keep_bind_sums(sqlite3_stmt *st, int first, const json_t *sums)
{
	int k;

	for (k = 0; k < 5; k++)
		ord_keep_bind(st, first + k, sums == NULL ? NULL :
		    json_object_get(sums, ord_keep_sums[k]));
}

static int
ord_keep_run(sqlite3 *db, sqlite3_stmt *st, char **cause)
{
	int rc = db_step(st, cause);

	sqlite3_finalize(st);
	(void)db;
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Inserts one checked document, and its history entry at its kept_at
 * (NULL: now), inside the caller's transaction.
 */
static int
ord_keep_insert(sqlite3 *db, const json_t *doc, int64_t *id, char **cause)
{
	const json_t *l, *lines, *cip;
	sqlite3_stmt *st;
	json_t *params;
	size_t i, matched = 0;
	int rc;

	if (db_prepare(db, ord_keep_insert_sql, &st, cause) != 0)
		return -1;
	ord_keep_bind(st, 1, json_object_get(doc, "kept_at"));
	ord_keep_bind(st, 2, json_object_get(doc, "date"));
	ord_keep_bind(st, 3, json_object_get(doc, "prescribed_on"));
	ord_keep_bind(st, 4, json_object_get(doc, "file"));
	ord_keep_bind(st, 5, json_object_get(doc, "mutuelle_coverage_pct"));
	ord_keep_bind_sums(st, 6, json_object_get(doc, "total"));
	if (ord_keep_run(db, st, cause) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db);
	lines = json_object_get(doc, "lines");
	json_array_foreach(lines, i, l) {
		if (db_prepare(db, ord_keep_line_sql, &st, cause) != 0)
			return -1;
		cip = json_object_get(l, "cip13");
		sqlite3_bind_int64(st, 1, *id);
		ord_keep_bind(st, 2, json_object_get(l, "line"));
		ord_keep_bind(st, 3, json_object_get(l, "text"));
		ord_keep_bind(st, 4, json_object_get(l, "instructions"));
		ord_keep_bind(st, 5, cip);
		ord_keep_bind(st, 6, json_object_get(l, "name"));
		ord_keep_bind(st, 7, json_object_get(l, "presentation"));
		ord_keep_bind(st, 8, json_object_get(l, "confidence"));
		ord_keep_bind(st, 9, json_object_get(l, "boxes"));
		ord_keep_bind_sums(st, 10, json_object_get(l, "cost"));
		if (ord_keep_run(db, st, cause) != 0)
			return -1;
		if (json_is_string(cip))
			matched++;
	}
	/* The history shows it as the command that shows it again. */
	params = json_pack("{s:I}", "show", (json_int_t)*id);
	rc = history_insert(db, json_string_value(json_object_get(doc,
	    "kept_at")), "documents", "ordonnance", params, (int64_t)matched,
	    -1, cause);
	json_decref(params);
	return rc;
}

struct ord_keep_one {
	const json_t	*doc;
	int64_t		 id;
};

static int
ord_keep_one_step(sqlite3 *db, void *arg, char **cause)
{
	struct ord_keep_one *k = arg;

	return ord_keep_insert(db, k->doc, &k->id, cause);
}

int
ordonnance_keep(sqlite3 *udb, const struct ordonnance *o, const char *file,
    const char *prescribed, int64_t *id, char **cause)
{
	struct ord_keep_one k;
	json_t *doc;
	int rc;

	doc = ord_keep_doc(o, file, prescribed);
	k.doc = doc;
	k.id = 0;
	rc = dbtx_run(udb, ord_keep_one_step, &k, cause);
	json_decref(doc);
	if (rc == 0)
		*id = k.id;
	return rc;
}

int
ordonnance_kept_add(sqlite3 *db, const json_t *array, int64_t *added,
    char **cause)
{
	const json_t *d;
	sqlite3_stmt *st;
	int64_t id;
	size_t i;
	int rc;

	*added = 0;
	json_array_foreach(array, i, d) {
		if (db_prepare(db, "SELECT 1 FROM prescription WHERE kept_at ="
		    " ?1 AND file = ?2", &st, cause) != 0)
			return -1;
		ord_keep_bind(st, 1, json_object_get(d, "kept_at"));
		ord_keep_bind(st, 2, json_object_get(d, "file"));
		rc = db_step(st, cause);
		sqlite3_finalize(st);
		if (rc < 0)
			return -1;
		if (rc == DB_ROW)
			continue;
		if (ord_keep_insert(db, d, &id, cause) != 0)
			return -1;
		(*added)++;
	}
	return 0;
}

/* --- Reading. ------------------------------------------------------------- */

static json_t *
ord_keep_column(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer((json_int_t)sqlite3_column_int64(st, i));
	default:
		return out_json_text((const char *)sqlite3_column_text(st, i));
	}
}

/* The five sums from columns first to first + 4; null when the first is. */
static json_t *
ord_keep_column_sums(sqlite3_stmt *st, int first)
{
	json_t *j;
	int k;

	if (sqlite3_column_type(st, first) == SQLITE_NULL)
		return json_null();
	j = json_object();
	for (k = 0; k < 5; k++)
		json_object_set_new(j, ord_keep_sums[k], ord_keep_column(st,
		    first + k));
	return j;
}

static const char ord_keep_select_sql[] =
	"SELECT id, kept_at, cost_date, prescribed_on, file, coverage_pct,"
	" base_cents, am_cents, mutuelle_cents, franchise_cents, left_cents"
	" FROM prescription WHERE ?1 IS NULL OR id = ?1 ORDER BY id DESC";

static const char ord_keep_lines_sql[] =
	"SELECT prescription_id, number, text, instructions, cip13, name,"
	" presentation, confidence, boxes, base_cents, am_cents,"
	" mutuelle_cents, franchise_cents, left_cents FROM prescription_line"
	" WHERE ?1 IS NULL OR prescription_id = ?1"
	" ORDER BY prescription_id DESC, number";

/* One line's document, from a row of ord_keep_lines_sql. */
static json_t *
ord_keep_line(sqlite3_stmt *st)
{
	return json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "line", ord_keep_column(st, 1), "status",
	    sqlite3_column_type(st, 4) == SQLITE_NULL ? "unmatched" :
	    "matched", "text", ord_keep_column(st, 2), "instructions",
	    ord_keep_column(st, 3), "cip13", ord_keep_column(st, 4), "name",
	    ord_keep_column(st, 5), "presentation", ord_keep_column(st, 6),
	    "confidence", ord_keep_column(st, 7), "boxes",
	    ord_keep_column(st, 8), "cost", ord_keep_column_sums(st, 9));
}

/*
 * Gives each document of all (in ord_keep_select_sql's order) its lines, read
 * in one query in the same order rather than one query per prescription.
 */
static int
ord_keep_read_lines(sqlite3 *udb, int64_t id, json_t *all, char **cause)
{
	sqlite3_stmt *st;
	json_t *d;
	size_t i;
	int64_t pid;
	int rc;

	json_array_foreach(all, i, d)
		json_object_set_new(d, "lines", json_array());
	if (db_prepare(udb, ord_keep_lines_sql, &st, cause) != 0)
		return -1;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	i = 0;
	while ((rc = db_step(st, cause)) == DB_ROW) {
		pid = sqlite3_column_int64(st, 0);
		while ((d = json_array_get(all, i)) != NULL &&
		    json_integer_value(json_object_get(d, "id")) > pid)
			i++;
		if (d != NULL && json_integer_value(json_object_get(d, "id")) ==
		    pid)
			json_array_append_new(json_object_get(d, "lines"),
			    ord_keep_line(st));
	}
	sqlite3_finalize(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The documents of every kept prescription, or of the one numbered id (> 0). */
static int
ord_keep_read(sqlite3 *udb, int64_t id, json_t **array, char **cause)
{
	sqlite3_stmt *st;
	json_t *all, *d;
	int rc;

	if (db_prepare(udb, ord_keep_select_sql, &st, cause) != 0)
		return -1;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	all = json_array();
	while ((rc = db_step(st, cause)) == DB_ROW) {
		d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
		    ord_keep_column(st, 0), "kept_at", ord_keep_column(st, 1),
		    "date", ord_keep_column(st, 2), "prescribed_on",
		    ord_keep_column(st, 3), "file", ord_keep_column(st, 4),
		    "mutuelle_coverage_pct", ord_keep_column(st, 5), "total",
		    ord_keep_column_sums(st, 6));
		json_array_append_new(all, d);
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE || ord_keep_read_lines(udb, id, all, cause) != 0) {
		json_decref(all);
		return -1;
	}
	*array = all;
	return 0;
}

int
ordonnance_kept_list(sqlite3 *udb, json_t **array, char **cause)
{
	return ord_keep_read(udb, 0, array, cause);
}

int
ordonnance_kept_get(sqlite3 *udb, int64_t id, json_t **doc, char **cause)
{
	json_t *all;

	if (id <= 0)
		return 0;
	if (ord_keep_read(udb, id, &all, cause) != 0)
		return -1;
	if (json_array_size(all) == 0) {
		json_decref(all);
		return 0;
	}
	*doc = json_incref(json_array_get(all, 0));
	json_decref(all);
	return 1;
}

static int64_t
ord_keep_int(const json_t *o, const char *key, int64_t otherwise)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : otherwise;
}

static char *
ord_keep_dup(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? utf8_sanitize(s) : NULL;
}

struct ordonnance *
ordonnance_from_kept(const json_t *doc)
{
	struct ordonnance *o;
	struct ord_line *l;
	const json_t *lines, *jl, *cost, *total;
	const char *s;
	size_t i;

	o = xcalloc(1, sizeof *o);
	o->kept_id = ord_keep_int(doc, "id", 0);
	if ((s = json_string_value(json_object_get(doc, "kept_at"))) != NULL)
		snprintf(o->kept_at, sizeof o->kept_at, "%s", s);
	if ((s = json_string_value(json_object_get(doc, "date"))) != NULL)
		snprintf(o->date, sizeof o->date, "%s", s);
	if ((s = json_string_value(json_object_get(doc, "prescribed_on"))) !=
	    NULL)
		snprintf(o->prescribed_on, sizeof o->prescribed_on, "%s", s);
	o->file = ord_keep_dup(doc, "file");
	o->coverage_pct = (int)ord_keep_int(doc, "mutuelle_coverage_pct", -1);
	total = json_object_get(doc, "total");
	o->base_cents = ord_keep_int(total, ord_keep_sums[0], 0);
	o->am_cents = ord_keep_int(total, ord_keep_sums[1], 0);
	o->mutuelle_cents = ord_keep_int(total, ord_keep_sums[2], 0);
	o->franchise_cents = ord_keep_int(total, ord_keep_sums[3], 0);
	o->left_cents = ord_keep_int(total, ord_keep_sums[4], 0);
	lines = json_object_get(doc, "lines");
	o->nlines = json_array_size(lines);
	o->lines = xcalloc(o->nlines > 0 ? o->nlines : 1, sizeof *o->lines);
	json_array_foreach(lines, i, jl) {
		l = &o->lines[i];
		l->number = (int)ord_keep_int(jl, "line", (int64_t)i + 1);
		l->text = ord_keep_dup(jl, "text");
		if (l->text == NULL)
			l->text = xstrdup("");
		l->instructions = ord_keep_dup(jl, "instructions");
		l->ocr_confidence = -1;
		l->boxes = (int)ord_keep_int(jl, "boxes", 0);
		if ((s = json_string_value(json_object_get(jl, "cip13"))) ==
		    NULL) {
			l->status = ORD_UNMATCHED;
			continue;
		}
		l->status = ORD_MATCHED;
		o->matched++;
		l->ncandidates = 1;
		snprintf(l->candidates[0].cip13, sizeof l->candidates[0].cip13,
		    "%s", s);
		l->candidates[0].name = ord_keep_dup(jl, "name");
		l->candidates[0].label = ord_keep_dup(jl, "presentation");
		if (l->candidates[0].name == NULL)
			l->candidates[0].name = xstrdup("");
		if (l->candidates[0].label == NULL)
			l->candidates[0].label = xstrdup("");
		l->candidates[0].score = (int)ord_keep_int(jl, "confidence",
		    ORD_SCORE_PICKED);
		l->candidates[0].price_fee_cents = -1;
		l->candidates[0].rate_pct = -1;
		cost = json_object_get(jl, "cost");
		if (!json_is_object(cost)) {
			o->unpriced++;
			continue;
		}
		l->has_cost = 1;
		l->base_cents = ord_keep_int(cost, ord_keep_sums[0], 0);
		l->am_cents = ord_keep_int(cost, ord_keep_sums[1], 0);
		l->mutuelle_cents = ord_keep_int(cost, ord_keep_sums[2], 0);
		l->franchise_cents = ord_keep_int(cost, ord_keep_sums[3], 0);
		l->left_cents = ord_keep_int(cost, ord_keep_sums[4], 0);
	}
	return o;
}
