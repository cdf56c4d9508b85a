/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "consolidate.h"
#include "consolidate_int.h"
#include "db.h"
#include "dbfile.h"
#include "i18n.h"
#include "import_engine.h"
#include "refdb.h"
#include "refdb_update.h"
#include "schema_check.h"
#include "source.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* What a mediflux reference database's tables become in OUT. */
static const struct {
	const char	*name;
	const char	*action;
	const char	*reason;
} cons_ref_tables[] = {
	{ "region", "geography", N_("OUT's geography is the reference geography") },
	{ "departement", "geography", N_("OUT's geography is the reference geography") },
	{ "commune", "geography", N_("OUT's geography is the reference geography") },
	{ "arrondissement", "geography", N_("OUT's geography is the reference geography") },
	{ "postcode", "geography", N_("OUT's geography is the reference geography") },
	{ "med_region", "schema", N_("a code list that comes with the schema") },
	{ "med_code", "schema", N_("a code list that comes with the schema") },
	{ "med_prescriber_group", "schema", N_("a code list that comes with the schema") },
	{ "med_total", "derived", N_("recomputed from the carried rows, not copied") },
	{ "med_cell", "derived", N_("recomputed from the carried rows, not copied") },
	{ "med_value", "derived", N_("recomputed from the carried rows, not copied") },
	{ "place", "derived", N_("recomputed from the carried rows, not copied") },
	{ "place_key", "derived", N_("recomputed from the carried rows, not copied") },
	{ "place_search", "derived", N_("recomputed from the carried rows, not copied") },
	{ "bdpm_key", "derived", N_("recomputed from the carried rows, not copied") },
	{ "bdpm_search", "derived", N_("recomputed from the carried rows, not copied") },
	{ "establishment_rtree", "derived", N_("recomputed from the carried rows, not copied") },
	{ "search_rank", "derived", N_("recomputed from the carried rows, not copied") },
	{ "search_rank_row", "derived", N_("recomputed from the carried rows, not copied") },
	{ "search_rank_source", "derived", N_("recomputed from the carried rows, not copied") },
	{ "region_metric", "derived", N_("recomputed from the carried rows, not copied") },
	{ "table_count", "derived", N_("recomputed from the carried rows, not copied") },
	{ NULL, NULL, NULL },
};

void
cons_note(struct cons *c, const char *fmt, ...)
{
	struct consolidate_report *rep = c->report;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	rep->notes = xreallocarray(rep->notes, rep->nnotes + 1, sizeof *rep->notes);
	rep->notes[rep->nnotes++] = utf8_sanitize(s);
	free(s);
}

struct consolidate_table *
cons_table(struct cons_input *in, const char *name, const char *action,
    int64_t rows)
{
	struct consolidate_input *ri = in->report;
	struct consolidate_table *t;

	ri->tables = xreallocarray(ri->tables, ri->ntables + 1, sizeof *ri->tables);
	t = &ri->tables[ri->ntables++];
	memset(t, 0, sizeof *t);
	t->name = utf8_sanitize(name);
	t->action = xstrdup(action);
	t->rows = rows;
	return t;
}

void
cons_table_reason(struct consolidate_table *t, const char *fmt, ...)
{
	va_list ap;
	char *s, *both;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (t->reason == NULL) {
		t->reason = s;
		return;
	}
	/*
	 * TRANSLATORS: two reasons of one table's line, "1 establishment
	 * already carried ...; 3 rows that cannot be carried (see below)";
	 * French puts a space before the semicolon.
	 */
	both = xasprintf(C_("reasons of a table", "%s; %s"), t->reason, s);
	free(t->reason);
	free(s);
	t->reason = both;
}

int
cons_copy(struct cons *c, sqlite3 *src, const char *select, int64_t arg,
    const char *insert, int64_t extra, int64_t *read, int64_t *copied,
    char **cause)
{
	sqlite3_stmt *from = NULL, *to = NULL;
	int i, n, rc = -1, step;

	if (db_prepare(src, select, &from, cause) != 0 ||
	    db_prepare(c->db, insert, &to, cause) != 0)
		goto out;
	if (sqlite3_bind_parameter_count(from) > 0)
		sqlite3_bind_int64(from, 1, arg);
	n = sqlite3_column_count(from);
	while ((step = db_step(from, cause)) == DB_ROW) {
		for (i = 0; i < n; i++)
			sqlite3_bind_value(to, i + 1, sqlite3_column_value(from, i));
		if (sqlite3_bind_parameter_count(to) > n)
			sqlite3_bind_int64(to, n + 1, extra);
		if (read != NULL)
			(*read)++;
		if ((step = db_step(to, cause)) != DB_DONE) {
			if (step == DB_ROW)
				error_set(cause, "%s: returned rows", insert);
			goto out;
		}
		if (copied != NULL)
			*copied += sqlite3_changes(c->db);
		sqlite3_reset(to);
	}
	if (step != DB_DONE)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(from);
	sqlite3_finalize(to);
	return rc;
}

/* SQL mediflux_sanitize(x): utf8_sanitize of a text, anything else as it is. */
static void
cons_sanitize_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;
	char *clean;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT ||
	    (s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	clean = utf8_sanitize((const char *)s);
	sqlite3_result_text(ctx, clean, -1, free);
}

/*
 * Sanitises every text OUT holds once the inputs are carried, whatever
 * table or path it came by: an input is anyone's file, and what it held
 * is shown back by every command.
 */
static int
cons_sanitize_text(struct cons *c, char **cause)
{
	sqlite3_stmt *st;
	char *sql;
	int rc = 0, step;

	if (sqlite3_create_function(c->db, "mediflux_sanitize", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
	    cons_sanitize_function, NULL, NULL) != SQLITE_OK)
		return error_set(cause, "%s", db_errmsg(c->db));
	/* Ordinary tables only: the derived ones are rebuilt after this. */
	if (db_prepare(c->db, "SELECT m.name, p.name FROM sqlite_schema AS m,"
	    " pragma_table_info(m.name) AS p WHERE m.type = 'table' AND"
	    " m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE 'sqlite_%'"
	    " AND m.name NOT LIKE 'place_search_%'"
	    " AND m.name NOT LIKE 'bdpm_search_%'"
	    " AND m.name NOT LIKE 'establishment_rtree_%' AND p.type = 'TEXT'"
	    " ORDER BY m.name, p.cid", &st, cause) != 0)
		return -1;
	while (rc == 0 && (step = db_step(st, cause)) == DB_ROW) {
		sql = sqlite3_mprintf("UPDATE OR IGNORE \"%w\" SET \"%w\" ="
		    " mediflux_sanitize(\"%w\") WHERE \"%w\" <>"
		    " mediflux_sanitize(\"%w\")", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 1), sqlite3_column_text(st, 1));
		if (sql == NULL)
			fatalx("cons_sanitize_text: out of memory");
		rc = db_exec(c->db, sql, cause);
		sqlite3_free(sql);
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	sqlite3_finalize(st);
	return rc;
}

/*
 * The columns of one of OUT's tables but skip, comma-separated; *n counts
 * them. NULL with *cause when they cannot all be read.
 */
static char *
cons_columns(struct cons *c, const char *table, const char *skip, int *n,
    char **cause)
{
	sqlite3_stmt *st;
	char *list, *t;
	const char *name;
	int rc;

	*n = 0;
	if (db_prepare(c->db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
	    &st, cause) != 0)
		return NULL;
	list = xstrdup("");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = db_step(st, cause)) == DB_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if (skip != NULL && strcmp(name, skip) == 0)
			continue;
		t = xasprintf("%s%s%s", list, *n ? ", " : "", name);
		free(list);
		list = t;
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		free(list);
		return NULL;
	}
	return list;
}

static char *
cons_placeholders(int n)
{
	char *s = xstrdup(""), *t;
	int i;

	for (i = 1; i <= n; i++) {
		t = xasprintf("%s%s?%d", s, i > 1 ? ", " : "", i);
		free(s);
		s = t;
	}
	return s;
}

/* Copies the rows of table that belong to dataset old, as rows of dataset new. */
static int
cons_copy_dataset_rows(struct cons *c, sqlite3 *src, const char *table,
    int64_t old, int64_t new, int64_t *copied, char **cause)
{
	char *cols, *ph, *sel, *ins;
	int n, rc;

	if ((cols = cons_columns(c, table, "dataset_id", &n, cause)) == NULL)
		return -1;
	ph = cons_placeholders(n + 1);
	sel = xasprintf("SELECT %s FROM %s WHERE dataset_id = ?1", cols, table);
	ins = xasprintf("INSERT OR IGNORE INTO %s (%s, dataset_id) VALUES (%s)",
	    table, cols, ph);
	rc = cons_copy(c, src, sel, old, ins, new, NULL, copied, cause);
	free(cols);
	free(ph);
	free(sel);
	free(ins);
	return rc;
}

/* Opens a file given as input read-only and tells what it is. */
static int
cons_open_input(struct cons_input *in, char **cause)
{
	struct source *src;
	int64_t appid, version;
	char *why = NULL, *check = NULL;
	const char *slash;
	struct stat st;

	slash = strrchr(in->path, '/');
	in->name = slash != NULL ? slash + 1 : in->path;
	if (stat(in->path, &st) != 0)
		return error_set(cause, "%s: %s", in->path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(cause, _("%s: not a regular file"), in->path);
	if (access(in->path, R_OK) != 0)
		return error_set(cause, "%s: %s", in->path, strerror(errno));
	if ((src = source_open_file(in->path, cause)) == NULL)
		return -1;
	if (source_sha256_hex(src, in->sha256, cause) != 0) {
		source_free(src);
		return -1;
	}
	in->size = (int64_t)source_bytes(src);
	source_free(src);
	if (db_open_readonly(in->path, &in->db, cause) != 0)
		return -1;
	if (db_pragma_int(in->db, "application_id", &appid, &why) != 0 ||
	    db_pragma_int(in->db, "user_version", &version, &why) != 0) {
		/* SQLite's own words for a file of another kind are English. */
		if (sqlite3_errcode(in->db) == SQLITE_NOTADB)
			error_set(cause, _("%s: not an SQLite database"),
			    in->path);
		else
			error_set(cause, "%s: %s", in->path, why);
		free(why);
		return -1;
	}
	in->version = (int)version;
	if (appid == DB_APPID_REFERENCE)
		in->kind = CONS_REFERENCE;
	else if (appid == DB_APPID_USER)
		in->kind = CONS_USER;
	else if (appid == 0)
		in->kind = CONS_PROTOTYPE;
	else
		return error_set(cause, _("%s: neither a mediflux database nor "
		    "a file of the prototype (application_id %lld)"), in->path,
		    (long long)appid);
	if (in->kind != CONS_PROTOTYPE &&
	    version > db_kind_schema_version(in->kind == CONS_REFERENCE ?
	    DB_KIND_REFERENCE : DB_KIND_USER))
		return error_set(cause, in->kind == CONS_REFERENCE ?
		    _("%s: reference database of schema version %lld, newer "
		    "than this mediflux knows: upgrade mediflux") :
		    _("%s: user database of schema version %lld, newer than "
		    "this mediflux knows: upgrade mediflux"), in->path,
		    (long long)version);
	/* Nothing but what mediflux (or the prototype) made is read from it. */
	if ((in->kind == CONS_PROTOTYPE ?
	    schema_check_no_code(in->db, in->path, cause) :
	    schema_check(in->db, in->path, in->kind == CONS_REFERENCE ?
	    DB_KIND_REFERENCE : DB_KIND_USER, in->version, cause)) != 0)
		return -1;
	if (db_quick_check(in->db, &check, &why) != 0) {
		error_set(cause, "%s: %s", in->path, why);
		free(why);
		return -1;
	}
	if (strcmp(check, "ok") != 0) {
		error_set(cause, _("%s: a damaged SQLite file: %s"), in->path,
		    check);
		free(check);
		return -1;
	}
	free(check);
	return 0;
}

/*
 * An older reference database is read through a migrated copy in memory: the
 * input itself is never written.
 */
static int
cons_migrate_copy(struct cons_input *in, char **cause)
{
	sqlite3 *mem = NULL;
	char *why = NULL;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    dbfile_copy(in->db, mem, in->path, &why) != 0 ||
	    refdb_migrate(mem, &why) != 0) {
		error_set(cause,
		    _("%s: cannot bring its schema %d up to %d: %s"),
		    in->path, in->version, REFDB_SCHEMA_VERSION,
		    why != NULL ? why : db_errmsg(mem));
		free(why);
		sqlite3_close(mem);
		return -1;
	}
	sqlite3_close(in->db);
	in->db = mem;
	return 0;
}

/* Reads a reference input's datasets (other than its geography). */
static int
cons_read_datasets(struct cons *c, size_t i, char **cause)
{
	struct cons_input *in = &c->inputs[i];
	struct cons_dataset *d;
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if (db_prepare(in->db, "SELECT id, kind, coalesce(year, 0), imported_at,"
	    " sample FROM dataset WHERE kind NOT LIKE 'insee\\_%' ESCAPE '\\'"
	    " ORDER BY id", &st, cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		c->datasets = xreallocarray(c->datasets, c->ndatasets + 1,
		    sizeof *c->datasets);
		d = &c->datasets[c->ndatasets++];
		memset(d, 0, sizeof *d);
		d->input = i;
		d->old_id = sqlite3_column_int64(st, 0);
		d->kind = xstrdup((const char *)sqlite3_column_text(st, 1));
		d->year = sqlite3_column_int(st, 2);
		d->imported_at = xstrdup((const char *)sqlite3_column_text(st, 3));
		d->sample = sqlite3_column_int(st, 4);
		d->winner = 1;
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "%s: dataset: %s", in->path, why);
		free(why);
		return -1;
	}
	return 0;
}

/* Whether a is to be kept rather than b: imported later, else given later. */
static int
cons_newer(const struct cons_dataset *a, const struct cons_dataset *b)
{
	int cmp = strcmp(a->imported_at, b->imported_at);

	return cmp > 0 || (cmp == 0 && a->input > b->input);
}

/* The rule: one dataset of each kind and year, the one imported most recently. */
static void
cons_choose_datasets(struct cons *c)
{
	struct cons_dataset *a, *b;
	size_t i, j;

	for (i = 0; i < c->ndatasets; i++) {
		a = &c->datasets[i];
		for (j = 0; j < c->ndatasets; j++) {
			b = &c->datasets[j];
			if (i == j || strcmp(a->kind, b->kind) != 0 ||
			    a->year != b->year)
				continue;
			if (cons_newer(b, a)) {
				a->winner = 0;
				a->superseded_by = j;
			}
		}
	}
	for (i = 0; i < c->ndatasets; i++) {
		a = &c->datasets[i];
		if (a->winner)
			continue;
		b = &c->datasets[a->superseded_by];
		cons_note(c, _("superseded: %s %d of %s (imported %s) by the "
		    "one of %s (imported %s)"), a->kind, a->year,
		    c->inputs[a->input].name, a->imported_at,
		    c->inputs[b->input].name, b->imported_at);
	}
}

static int
cons_dataset_cmp_newest(const void *pa, const void *pb)
{
	const struct cons_dataset *const *a = pa, *const *b = pb;

	return cons_newer(*a, *b) ? -1 : cons_newer(*b, *a) ? 1 : 0;
}

static const char *const cons_carried_names[CONS_T_N] = {
	[CONS_T_ESTABLISHMENT] = "establishment",
	[CONS_T_SAE] = "sae_site",
	[CONS_T_PROFESSIONAL] = "professional",
	[CONS_T_MED_FACT] = "med_fact_run",
	[CONS_T_BDPM_CIS] = "bdpm_cis",
	[CONS_T_BDPM_CIP] = "bdpm_cip",
	[CONS_T_BDPM_COMPO] = "bdpm_compo",
	[CONS_T_BDPM_GENER] = "bdpm_gener",
	[CONS_T_BDPM_CPD] = "bdpm_cpd",
	[CONS_T_BDPM_SMR] = "bdpm_has_smr",
	[CONS_T_BDPM_ASMR] = "bdpm_has_asmr",
	[CONS_T_BDPM_LINK] = "bdpm_has_link",
	[CONS_T_BDPM_INFO] = "bdpm_info",
	[CONS_T_BDPM_DISPO] = "bdpm_dispo",
	[CONS_T_BDPM_MITM] = "bdpm_mitm",
	[CONS_T_SAE_ACTIVITY] = "sae_activity",
};

/* Copies one kept dataset's provenance and rows into OUT. */
static int
cons_carry_dataset(struct cons *c, struct cons_dataset *d, char **cause)
{
	struct cons_input *in = &c->inputs[d->input];
	static const char cols[] = "kind, year, source, file_name, file_size,"
	    " sha256, rows_read, rows_kept, rows_rejected, control_totals,"
	    " imported_at, sample, url, retrieved_at, etag, last_modified";
	char *sel, *ins;
	int k, rc;

	sel = xasprintf("SELECT %s FROM dataset WHERE id = ?1", cols);
	ins = xasprintf("INSERT INTO dataset (%s) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", cols);
	rc = cons_copy(c, in->db, sel, d->old_id, ins, 0, NULL, NULL, cause);
	free(sel);
	free(ins);
	if (rc != 0)
		return -1;
	d->new_id = sqlite3_last_insert_rowid(c->db);
	if (d->sample)
		c->sample = 1;
	if (strcmp(d->kind, "finess") == 0)
		return cons_copy_dataset_rows(c, in->db, "establishment", d->old_id,
		    d->new_id, &in->kept[CONS_T_ESTABLISHMENT], cause);
	if (strcmp(d->kind, "sae") == 0)
		return cons_copy_dataset_rows(c, in->db, "sae_site", d->old_id,
		    d->new_id, &in->kept[CONS_T_SAE], cause) != 0 ||
		    cons_copy_dataset_rows(c, in->db, "sae_activity", d->old_id,
		    d->new_id, &in->kept[CONS_T_SAE_ACTIVITY], cause) != 0 ?
		    -1 : 0;
	if (strcmp(d->kind, "drees") == 0)
		return cons_copy_dataset_rows(c, in->db, "professional",
		    d->old_id, d->new_id, &in->kept[CONS_T_PROFESSIONAL], cause);
	if (strcmp(d->kind, "openmedic") == 0) {
		if (cons_copy(c, in->db, "SELECT cip13, label, atc1, atc2, atc3,"
		    " atc4, atc5, generic_status, generic_group FROM med_product"
		    " WHERE id IN (SELECT product_id FROM med_fact_run WHERE"
		    " year = ?1)",
		    d->year, "INSERT OR IGNORE INTO med_product (cip13, label, atc1,"
		    " atc2, atc3, atc4, atc5, generic_status, generic_group) VALUES"
		    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", 0, NULL, NULL,
		    cause) != 0 ||
		    cons_copy(c, in->db, "SELECT code, level, label, parent FROM atc",
		    0, "INSERT OR IGNORE INTO atc (code, level, label, parent)"
		    " VALUES (?1, ?2, ?3, ?4)", 0, NULL, NULL, cause) != 0)
			return -1;
		/* The runs are copied packed; the rebuild unpacks them. */
		return cons_copy(c, in->db, "SELECT r.id, r.year, p.cip13,"
		    " r.facts FROM med_fact_run r JOIN med_product p ON"
		    " p.id = r.product_id WHERE r.year = ?1 AND r.id >> 32 = ?1"
		    " ORDER BY r.id", d->year,
		    "INSERT INTO med_fact_run (id, year, product_id, facts) VALUES"
		    " (?1, ?2, (SELECT id FROM med_product WHERE cip13 = ?3), ?4)",
		    0, NULL, &in->kept[CONS_T_MED_FACT], cause);
	}
	for (k = CONS_T_BDPM_CIS; k <= CONS_T_BDPM_MITM; k++)
		if (strcmp(d->kind, cons_carried_names[k]) == 0)
			return cons_copy_dataset_rows(c, in->db,
			    cons_carried_names[k], d->old_id, d->new_id,
			    &in->kept[k], cause);
	cons_note(c, _("%s: dataset %s %d: a kind this mediflux does not know, "
	    "only its provenance is carried"), in->name, d->kind, d->year);
	return 0;
}


/* Reports what became of every table of a reference input. */
static int
cons_report_reference(struct cons *c, struct cons_input *in, char **cause)
{
	struct consolidate_table *t;
	sqlite3_stmt *st;
	const char *name;
	char *why = NULL, n1[32], n2[32];
	int64_t rows, winners = 0, total = 0;
	size_t i;
	int k, rc;

	for (i = 0; i < c->ndatasets; i++) {
		if (&c->inputs[c->datasets[i].input] != in)
			continue;
		total++;
		winners += c->datasets[i].winner;
	}
	if (db_prepare(in->db, "SELECT name FROM sqlite_master WHERE type ="
	    " 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT"
	    " LIKE 'place\\_search\\_%' ESCAPE '\\' AND name NOT LIKE"
	    " 'bdpm\\_search\\_%' ESCAPE '\\' AND name NOT LIKE"
	    " 'establishment\\_rtree\\_%' ESCAPE '\\' ORDER BY name", &st,
	    cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if (db_count_rows(in->db, name, &rows, cause) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
		for (k = 0; k < CONS_T_N; k++)
			if (strcmp(name, cons_carried_names[k]) == 0)
				break;
		if (k < CONS_T_N) {
			t = cons_table(in, name, "carried", rows);
			t->kept = in->kept[k];
			t->left_out = rows - t->kept;
			if (t->left_out != 0)
				cons_table_reason(t, "%s", _("in a superseded "
				    "dataset, or the same key already carried "
				    "from a newer one"));
			continue;
		}
		if (strcmp(name, "dataset") == 0) {
			t = cons_table(in, name, "provenance", rows);
			t->kept = winners;
			t->left_out = rows - winners;
			if (total > winners)
				cons_table_reason(t, ngettext("%s superseded "
				    "(the same kind and year imported later), "
				    "%s of the geography", "%s superseded (the "
				    "same kind and year imported later), %s of "
				    "the geography",
				    (unsigned long)(total - winners)),
				    texttable_int(total - winners, n1),
				    texttable_int(rows - total, n2));
			else
				cons_table_reason(t, _("%s of the geography, "
				    "which OUT has from the reference "
				    "geography"), texttable_int(rows - total,
				    n1));
			continue;
		}
		if (strcmp(name, "atc") == 0 || strcmp(name, "med_product") == 0) {
			t = cons_table(in, name, "dictionary", rows);
			cons_table_reason(t, "%s", _("what the carried rows "
			    "refer to"));
			continue;
		}
		for (k = 0; cons_ref_tables[k].name != NULL; k++)
			if (strcmp(name, cons_ref_tables[k].name) == 0)
				break;
		if (cons_ref_tables[k].name != NULL) {
			t = cons_table(in, name, cons_ref_tables[k].action, rows);
			t->left_out = rows;
			cons_table_reason(t, "%s",
			    _(cons_ref_tables[k].reason));
			continue;
		}
		t = cons_table(in, name, "unknown", rows);
		t->left_out = rows;
		cons_table_reason(t, ngettext("not consolidated: unknown table "
		    "%s (%s row)",
		    "not consolidated: unknown table %s (%s rows)",
		    (unsigned long)rows), t->name, texttable_int(rows, n1));
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "%s: %s", in->path, why);
		free(why);
		return -1;
	}
	return 0;
}

/* Merges every reference input's datasets, newest first for shared keys. */
static int
cons_reference_inputs(struct cons *c, char **cause)
{
	struct cons_dataset **order;
	size_t i, n = 0;
	int rc = 0;
	char *why = NULL;

	for (i = 0; i < c->ninputs; i++) {
		if (c->inputs[i].kind != CONS_REFERENCE)
			continue;
		if (c->inputs[i].version < REFDB_SCHEMA_VERSION &&
		    cons_migrate_copy(&c->inputs[i], cause) != 0)
			return -1;
		if (cons_read_datasets(c, i, cause) != 0)
			return -1;
	}
	cons_choose_datasets(c);
	order = xcalloc(c->ndatasets + 1, sizeof *order);
	for (i = 0; i < c->ndatasets; i++)
		if (c->datasets[i].winner)
			order[n++] = &c->datasets[i];
	qsort(order, n, sizeof *order, cons_dataset_cmp_newest);
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = cons_carry_dataset(c, order[i], &why)) != 0) {
			error_set(cause, "%s: %s %d: %s",
			    c->inputs[order[i]->input].path, order[i]->kind,
			    order[i]->year, why);
			free(why);
		}
	}
	free(order);
	for (i = 0; i < c->ninputs && rc == 0; i++)
		if (c->inputs[i].kind == CONS_REFERENCE)
			rc = cons_report_reference(c, &c->inputs[i], cause);
	return rc;
}

/* Rebuilds what is derived from the carried rows, as an import leaves it. */
static int
cons_rebuild(struct cons *c, char **cause)
{
	if (db_exec(c->db, "DELETE FROM med_total; DELETE FROM med_cell;"
	    REFDB_MED_TOTAL_FROM_SQL(MED_FACT_ROWS_SQL) REFDB_MED_ROLLUP_SQL
	    REFDB_MED_PACK_SQL, cause) != 0)
		return -1;
	if (c->sample && db_exec(c->db, "UPDATE dataset SET sample = 1 WHERE"
	    " kind NOT LIKE 'insee\\_%' ESCAPE '\\'", cause) != 0)
		return -1;
	return import_metrics_rebuild(c->db, cause);
}

static int
cons_read_out_counts(struct cons *c, char **cause)
{
	struct consolidate_report *rep = c->report;
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if (db_prepare(c->db, "SELECT name, rows FROM table_count ORDER BY name",
	    &st, cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		rep->tables = xreallocarray(rep->tables, rep->ntables + 1,
		    sizeof *rep->tables);
		rep->tables[rep->ntables].name =
		    xstrdup((const char *)sqlite3_column_text(st, 0));
		rep->tables[rep->ntables++].rows = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "table_count: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

static void
cons_free(struct cons *c)
{
	size_t i;

	for (i = 0; i < c->ninputs; i++)
		sqlite3_close(c->inputs[i].db);
	free(c->inputs);
	for (i = 0; i < c->ndatasets; i++) {
		free(c->datasets[i].kind);
		free(c->datasets[i].imported_at);
	}
	free(c->datasets);
}

int
consolidate_run(const struct consolidate_options *o, char **files, int nfiles,
    struct consolidate_report *rep, char **cause)
{
	struct refdb_update *u = NULL;
	struct cons c;
	struct stat st;
	char *why = NULL;
	int i, rc = -1;
	mode_t mask;

	memset(rep, 0, sizeof *rep);
	memset(&c, 0, sizeof c);
	c.report = rep;
	c.options = o;
	if (lstat(o->out, &st) == 0)
		return error_set(cause, _("%s exists: consolidate writes a new "
		    "database"), o->out);
	if (errno != ENOENT)
		return error_set(cause, "%s: %s", o->out, strerror(errno));
	rep->out = xstrdup(o->out);
	rep->users_dir = o->users_dir != NULL ? xstrdup(o->users_dir) :
	    xasprintf("%s.users", o->out);
	c.ninputs = (size_t)nfiles;
	c.inputs = xcalloc(c.ninputs, sizeof *c.inputs);
	rep->ninputs = c.ninputs;
	rep->inputs = xcalloc(rep->ninputs, sizeof *rep->inputs);
	for (i = 0; i < nfiles; i++) {
		c.inputs[i].path = files[i];
		c.inputs[i].report = &rep->inputs[i];
		rep->inputs[i].file = utf8_sanitize(files[i]);
		if (cons_open_input(&c.inputs[i], cause) != 0)
			goto fail;
		rep->inputs[i].kind = xstrdup(c.inputs[i].kind == CONS_REFERENCE ?
		    "reference" : c.inputs[i].kind == CONS_USER ? "user" :
		    "prototype");
		rep->inputs[i].schema_version = c.inputs[i].version;
	}
	/* OUT is new: so is its lock file, unless another update made it. */
	if ((u = refdb_update_begin(o->out, o->geography, &c.db, cause)) != NULL)
		refdb_update_remove_own_lock(u);
	if (u != NULL && db_exec(c.db, "BEGIN", cause) != 0) {
		refdb_update_abort(u);
		u = NULL;
	}
	if (u != NULL && (cons_reference_inputs(&c, cause) != 0 ||
	    cons_prototype_inputs(&c, cause) != 0 ||
	    cons_sanitize_text(&c, cause) != 0 ||
	    cons_rebuild(&c, cause) != 0 ||
	    cons_read_out_counts(&c, cause) != 0)) {
		refdb_update_abort(u);
		u = NULL;
	}
	if (u != NULL && db_exec(c.db, "COMMIT", &why) != 0) {
		error_set(cause,
		    _("%s: writing the new database beside it: %s"),
		    o->out, why);
		free(why);
		refdb_update_abort(u);
		u = NULL;
	}
	rep->sample = c.sample;
	if (u != NULL && refdb_update_commit(u, cause) == 0)
		rc = 0;
	if (rc != 0)
		goto fail;
	/* New files follow the umask, as anything a command creates. */
	mask = umask(0);
	umask(mask);
	if (chmod(o->out, 0644 & ~mask) != 0) {
		error_set(cause, "%s: %s", o->out, strerror(errno));
		unlink(o->out);
		goto fail;
	}
	if (cons_user_outputs(&c, cause) != 0) {
		unlink(o->out);
		goto fail;
	}
	cons_free(&c);
	return 0;
fail:
	cons_free(&c);
	consolidate_report_free(rep);
	return -1;
}

void
consolidate_report_free(struct consolidate_report *rep)
{
	size_t i, j;

	for (i = 0; i < rep->ninputs; i++) {
		for (j = 0; j < rep->inputs[i].ntables; j++) {
			free(rep->inputs[i].tables[j].name);
			free(rep->inputs[i].tables[j].action);
			free(rep->inputs[i].tables[j].reason);
		}
		free(rep->inputs[i].tables);
		free(rep->inputs[i].file);
		free(rep->inputs[i].kind);
	}
	free(rep->inputs);
	for (i = 0; i < rep->ntables; i++)
		free(rep->tables[i].name);
	free(rep->tables);
	for (i = 0; i < rep->nnotes; i++)
		free(rep->notes[i]);
	free(rep->notes);
	for (i = 0; i < rep->nusers; i++) {
		free(rep->users[i].id);
		free(rep->users[i].file);
		free(rep->users[i].left_unset);
	}
	free(rep->users);
	free(rep->out);
	free(rep->users_dir);
	memset(rep, 0, sizeof *rep);
}
