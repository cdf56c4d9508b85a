/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db.h"
#include "export_postgres.h"
#include "i18n.h"
#include "refdb.h"
#include "utf8.h"
#include "xmalloc.h"

/* PostgreSQL cuts longer identifiers (NAMEDATALEN - 1), which could merge two. */
#define PG_NAME_MAX	63
/* Rows are gathered in a buffer of about this size between two writes. */
#define EXPORT_FLUSH_BYTES	(256 * 1024)

/* A growing byte buffer for the rows of COPY and the statements. */
struct pg_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 write_errno;	/* why the first write to the script failed, 0 if none */
};

/* What a column's values become in PostgreSQL, from its SQLite affinity. */
enum pg_type {
	PG_BIGINT,
	PG_TEXT,
	PG_BYTEA,
	PG_DOUBLE,
	PG_NUMERIC,
};

struct pg_column {
	char		*name;
	char		*decl;		/* the declared SQLite type */
	enum pg_type	 type;
	int		 notnull;
	int		 pk;		/* position in the primary key, 0 if not */
	char		*dflt;		/* PostgreSQL default, or NULL */
};

struct pg_table {
	char		*name;
	const char	*source;	/* what its rows are read from; NULL: main.name */
	struct pg_column *cols;
	int		 ncols;
};

/*
 * med_total's finest cells, packed in med_cell (med_pack.h), written back
 * into med_total as schema 8 held them: PostgreSQL has no med_unpack.
 */
static const char pg_med_total_rows[] =
	"(SELECT year, level, region, age, sex, prescriber, code, rows, boxes,"
	" reimbursed_cents, base_cents FROM main.med_total UNION ALL"
	" SELECT c.year, c.level, u.region, u.age, u.sex, u.prescriber, c.code,"
	" u.rows, u.boxes, u.reimbursed_cents, u.base_cents FROM main.med_cell c,"
	" med_unpack(c.cells) u)";

/* The columns of med_fact, whose rows med_fact_run packs, as schema 8 declared them. */
static const char pg_med_fact_table[] =
	"CREATE TEMP TABLE med_fact " REFDB_MED_FACT_COLUMNS;

/* What pass one learns: the tables to export, and the header's notes. */
struct pg_plan {
	struct pg_table	*tables;
	int		 ntables;
	char		**notes;	/* one header line each, already sanitised */
	int		 nnotes;
	int		 left_out;
};

static void
pg_buf_reserve(struct pg_buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	while (b->len + more > b->cap)
		b->cap = b->cap == 0 ? 4096 : b->cap * 2;
	b->p = xreallocarray(b->p, 1, b->cap);
}

static void
pg_buf_add(struct pg_buf *b, const char *s, size_t len)
{
	pg_buf_reserve(b, len);
	memcpy(b->p + b->len, s, len);
	b->len += len;
}

static void
pg_buf_adds(struct pg_buf *b, const char *s)
{
	pg_buf_add(b, s, strlen(s));
}

static void
pg_buf_addc(struct pg_buf *b, char c)
{
	pg_buf_reserve(b, 1);
	b->p[b->len++] = c;
}

/* Writes what the buffer holds and empties it (errors show in ferror). */
static void
pg_buf_flush(struct pg_buf *b, FILE *out)
{
	errno = 0;
	/* Later calls may change errno: the first failure's is what the user needs. */
	if (b->len > 0 && fwrite(b->p, 1, b->len, out) < b->len &&
	    b->write_errno == 0)
		b->write_errno = errno;
	b->len = 0;
}

/* s between quote characters q, each q inside doubled: SQL's one escape. */
static void
pg_buf_quoted(struct pg_buf *b, const char *s, char q)
{
	pg_buf_addc(b, q);
	for (; *s != '\0'; s++) {
		if (*s == q)
			pg_buf_addc(b, q);
		pg_buf_addc(b, *s);
	}
	pg_buf_addc(b, q);
}

/* A double-quoted identifier, so that any name (rows, level...) is taken as it is. */
static void
pg_buf_ident(struct pg_buf *b, const char *name)
{
	pg_buf_quoted(b, name, '"');
}

/* mediflux."table": everything the script creates lives in one schema. */
static void
pg_buf_qualified(struct pg_buf *b, const char *name)
{
	pg_buf_ident(b, EXPORT_PG_SCHEMA);
	pg_buf_addc(b, '.');
	pg_buf_ident(b, name);
}

/* A string literal (standard_conforming_strings is on: only quotes double). */
static void
pg_buf_literal(struct pg_buf *b, const char *s)
{
	pg_buf_quoted(b, s, '\'');
}

/*
 * A value in COPY's text format: backslash, and every control byte that could
 * end a field or a line, escaped; bytes from 0x80 pass as they are (UTF-8).
 */
static void
pg_buf_copy_text(struct pg_buf *b, const unsigned char *s, size_t len)
{
	static const char hex_octal[] = "01234567";
	size_t i, start = 0;
	unsigned char c;

	pg_buf_reserve(b, len);
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 0x20 && c != '\\' && c != 0x7f)
			continue;
		pg_buf_add(b, (const char *)s + start, i - start);
		start = i + 1;
		pg_buf_addc(b, '\\');
		switch (c) {
		case '\\': pg_buf_addc(b, '\\'); break;
		case '\n': pg_buf_addc(b, 'n'); break;
		case '\r': pg_buf_addc(b, 'r'); break;
		case '\t': pg_buf_addc(b, 't'); break;
		case '\b': pg_buf_addc(b, 'b'); break;
		case '\f': pg_buf_addc(b, 'f'); break;
		case '\v': pg_buf_addc(b, 'v'); break;
		default:
			pg_buf_addc(b, hex_octal[(c >> 6) & 7]);
			pg_buf_addc(b, hex_octal[(c >> 3) & 7]);
			pg_buf_addc(b, hex_octal[c & 7]);
			break;
		}
	}
	pg_buf_add(b, (const char *)s + start, len - start);
}

/* A blob as bytea's hex input, its backslash doubled for COPY: \\x0aff. */
static void
pg_buf_copy_blob(struct pg_buf *b, const unsigned char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	pg_buf_reserve(b, 3 + 2 * len);
	pg_buf_add(b, "\\\\x", 3);
	for (i = 0; i < len; i++) {
		b->p[b->len++] = hex[s[i] >> 4];
		b->p[b->len++] = hex[s[i] & 15];
	}
}

/* The shortest decimal that reads back as exactly d, so that sums match. */
static void
pg_format_double(double d, char *out, size_t size)
{
	int prec;

	if (isinf(d)) {
		snprintf(out, size, "%s", d > 0 ? "Infinity" : "-Infinity");
		return;
	}
	if (isnan(d)) {
		snprintf(out, size, "NaN");
		return;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(out, size, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			return;
	}
	snprintf(out, size, "%.17g", d);
}

/* SQLite's affinity rules (datatype3 §3.1), in their order, on a declared type. */
static enum pg_type
pg_type_of(const char *decl)
{
	char *up = xstrdup(decl);
	enum pg_type t;
	char *p;

	for (p = up; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (strstr(up, "INT") != NULL)
		t = PG_BIGINT;
	else if (strstr(up, "CHAR") != NULL || strstr(up, "CLOB") != NULL ||
	    strstr(up, "TEXT") != NULL)
		t = PG_TEXT;
	else if (strstr(up, "BLOB") != NULL || *up == '\0')
		t = PG_BYTEA;
	else if (strstr(up, "REAL") != NULL || strstr(up, "FLOA") != NULL ||
	    strstr(up, "DOUB") != NULL)
		t = PG_DOUBLE;
	else
		t = PG_NUMERIC;
	free(up);
	return t;
}

static const char *
pg_type_name(enum pg_type t)
{
	switch (t) {
	case PG_BIGINT: return "bigint";
	case PG_TEXT: return "text";
	case PG_BYTEA: return "bytea";
	case PG_DOUBLE: return "double precision";
	case PG_NUMERIC: return "numeric";
	}
	return "text";
}

/*
 * A column default PostgreSQL reads the same: a number, a quoted string or
 * NULL; anything else (an expression, CURRENT_TIMESTAMP) is only noted.
 */
static int
pg_default_is_literal(const char *v)
{
	const char *p = v;
	int digits = 0;

	if (strcasecmp(v, "NULL") == 0)
		return 1;
	if (*p == '\'') {
		for (p++; *p != '\0'; p++) {
			if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				return p[1] == '\0';
		}
		return 0;
	}
	if (*p == '-' || *p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits > 0 && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return digits > 0 && *p == '\0';
}

static void
pg_plan_note(struct pg_plan *plan, const char *fmt, ...) PRINTFLIKE(2, 3);

/* Adds a line to the header's notes, made safe for a -- comment. */
static void
pg_plan_note(struct pg_plan *plan, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	plan->notes = xreallocarray(plan->notes, plan->nnotes + 1,
	    sizeof *plan->notes);
	/* utf8_sanitize drops line breaks: a name can never end the comment. */
	plan->notes[plan->nnotes++] = utf8_sanitize(raw);
	free(raw);
}

static void
pg_plan_free(struct pg_plan *plan)
{
	int i, j;

	for (i = 0; i < plan->ntables; i++) {
		for (j = 0; j < plan->tables[i].ncols; j++) {
			free(plan->tables[i].cols[j].name);
			free(plan->tables[i].cols[j].decl);
			free(plan->tables[i].cols[j].dflt);
		}
		free(plan->tables[i].cols);
		free(plan->tables[i].name);
	}
	free(plan->tables);
	for (i = 0; i < plan->nnotes; i++)
		free(plan->notes[i]);
	free(plan->notes);
}

/* Refuses a name PostgreSQL would silently cut to 63 bytes. */
static int
pg_check_name(const char *what, const char *name, char **cause)
{
	if (strlen(name) > PG_NAME_MAX)
		return error_set(cause, strcmp(what, "table") == 0 ?
		    _("table name %s is longer than PostgreSQL's %d bytes") :
		    strcmp(what, "index") == 0 ?
		    _("index name %s is longer than PostgreSQL's %d bytes") :
		    _("column name %s is longer than PostgreSQL's %d bytes"),
		    name, PG_NAME_MAX);
	if (strcmp(what, "table") == 0 &&
	    strcmp(name, EXPORT_PG_INFO_TABLE) == 0)
		return error_set(cause, _("table %s: the export adds a table "
		    "of that name"), name);
	return 0;
}

/* Reads a table's columns (table_xinfo: generated columns are kept as plain ones). */
static int
pg_plan_columns(sqlite3 *db, struct pg_plan *plan, struct pg_table *t,
    char **cause)
{
	sqlite3_stmt *stmt;
	char *why = NULL;
	struct pg_column *c;
	const char *dflt;
	int rc, hidden;

	if (db_prepare(db, "SELECT name, coalesce(type, ''), \"notnull\","
	    " dflt_value, pk, hidden FROM pragma_table_xinfo(?1)"
	    " ORDER BY cid", &stmt, cause) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, t->name, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(stmt, &why)) == DB_ROW) {
		hidden = sqlite3_column_int(stmt, 5);
		if (hidden == 1)	/* a virtual table's hidden column */
			continue;
		t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
		c = &t->cols[t->ncols++];
		memset(c, 0, sizeof *c);
		c->name = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		c->decl = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		c->type = pg_type_of(c->decl);
		c->notnull = sqlite3_column_int(stmt, 2);
		c->pk = sqlite3_column_int(stmt, 4);
		dflt = (const char *)sqlite3_column_text(stmt, 3);
		if (pg_check_name("column", c->name, cause) != 0)
			break;
		if (hidden == 2 || hidden == 3)
			pg_plan_note(plan, "  %s.%s: generated in SQLite, an "
			    "ordinary column here holding its values", t->name,
			    c->name);
		if (dflt == NULL)
			continue;
		if (pg_default_is_literal(dflt))
			c->dflt = xstrdup(dflt);
		else
			pg_plan_note(plan, "  %s.%s: default %s not carried over "
			    "(not a plain value)", t->name, c->name, dflt);
	}
	sqlite3_finalize(stmt);
	if (rc < 0) {
		error_set(cause, "table %s: %s", t->name, why);
		free(why);
		return -1;
	}
	if (rc == DB_ROW)
		return -1;
	if (t->ncols == 0)
		return error_set(cause, _("table %s: no columns"), t->name);
	return 0;
}

/* Notes the foreign keys: SQLite does not enforce them, so data may not hold them. */
static int
pg_plan_foreign_keys(sqlite3 *db, struct pg_plan *plan, const char *table,
    char **cause)
{
	sqlite3_stmt *stmt;
	char *why = NULL;
	int rc;

	if (db_prepare(db, "SELECT \"from\", \"table\", coalesce(\"to\", '')"
	    " FROM pragma_foreign_key_list(?1) ORDER BY id, seq", &stmt,
	    cause) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, table, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(stmt, &why)) == DB_ROW)
		pg_plan_note(plan, "  %s(%s) references %s(%s)", table,
		    (const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2));
	sqlite3_finalize(stmt);
	if (rc != DB_DONE) {
		error_set(cause, "table %s: %s", table, why);
		free(why);
		return -1;
	}
	return 0;
}

/* The virtual table whose shadow table name is (the longest name + "_" prefix). */
static const char *
pg_shadow_owner(char **vtabs, int nvtabs, const char *name)
{
	const char *best = NULL;
	size_t n;
	int i;

	for (i = 0; i < nvtabs; i++) {
		n = strlen(vtabs[i]);
		if (strncmp(name, vtabs[i], n) == 0 && name[n] == '_' &&
		    (best == NULL || n > strlen(best)))
			best = vtabs[i];
	}
	return best;
}

/* "fts5" from CREATE VIRTUAL TABLE x USING fts5(...). */
static char *
pg_vtab_module(const char *sql)
{
	const char *p, *q;

	for (p = sql; *p != '\0'; p++)
		if (strncasecmp(p, " USING ", 7) == 0)
			break;
	if (*p == '\0')
		return xstrdup("unknown");
	p += 7;
	while (*p == ' ')
		p++;
	for (q = p; *q != '\0' && *q != '(' && *q != ' '; q++)
		;
	return xstrndup(p, q - p);
}

/* The table an external-content FTS index reads: content = 'place'. */
static char *
pg_vtab_content(const char *sql)
{
	const char *p, *q;

	for (p = sql; (p = strstr(p, "content")) != NULL; p += 7) {
		if (p > sql && (p[-1] == '_' || p[-1] == '\''))
			continue;
		q = p + 7;
		while (*q == ' ')
			q++;
		if (*q++ != '=')
			continue;
		while (*q == ' ')
			q++;
		if (*q != '\'' && *q != '"')
			continue;
		p = q + 1;
		if ((q = strchr(p, *q)) == NULL || q == p)
			return NULL;
		return xstrndup(p, q - p);
	}
	return NULL;
}

/* Adds a table to export, its columns still to read. */
static struct pg_table *
pg_plan_table(struct pg_plan *plan, const char *name)
{
	struct pg_table *t;

	plan->tables = xreallocarray(plan->tables, plan->ntables + 1,
	    sizeof *plan->tables);
	t = &plan->tables[plan->ntables++];
	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	return t;
}

/*
 * Pass one: every table, view and trigger of sqlite_schema in creation order;
 * the ordinary tables are planned, the rest noted with the reason.
 */
static int
pg_plan_build(sqlite3 *db, struct pg_plan *plan, char **cause)
{
	static const char sql[] =
	    "SELECT s.type, s.name, coalesce(s.sql, ''), coalesce(l.type, '')"
	    " FROM sqlite_schema s LEFT JOIN pragma_table_list l"
	    "  ON l.schema = 'main' AND l.name = s.name"
	    " WHERE s.type IN ('table', 'view', 'trigger') ORDER BY s.rowid";
	sqlite3_stmt *stmt;
	char *why = NULL;
	char **vtabs = NULL, *module, *content;
	const char *type, *name, *text, *kind, *owner;
	struct pg_table *t;
	int nvtabs = 0, rc, i, failed = 0, packed_cells = 0;

	if (db_prepare(db, sql, &stmt, cause) != 0)
		return -1;
	/* Virtual tables first, to name the owner of each shadow table. */
	while ((rc = db_step(stmt, &why)) == DB_ROW) {
		if (strcmp((const char *)sqlite3_column_text(stmt, 3),
		    "virtual") != 0)
			continue;
		vtabs = xreallocarray(vtabs, nvtabs + 1, sizeof *vtabs);
		vtabs[nvtabs++] = xstrdup((const char *)
		    sqlite3_column_text(stmt, 1));
	}
	if (rc != DB_DONE)
		failed = 1;
	sqlite3_reset(stmt);
	while (!failed && (rc = db_step(stmt, &why)) == DB_ROW) {
		type = (const char *)sqlite3_column_text(stmt, 0);
		name = (const char *)sqlite3_column_text(stmt, 1);
		text = (const char *)sqlite3_column_text(stmt, 2);
		kind = (const char *)sqlite3_column_text(stmt, 3);
		if (strcmp(type, "view") == 0 || strcmp(type, "trigger") == 0) {
			pg_plan_note(plan, "  %s %s: SQLite SQL, not translated",
			    type, name);
			plan->left_out++;
		} else if (strncmp(name, "sqlite_", 7) == 0) {
			pg_plan_note(plan, "  %s: SQLite's own%s", name,
			    strncmp(name, "sqlite_stat", 11) == 0 ?
			    " (query planner statistics; ANALYZE below makes "
			    "PostgreSQL's)" : " table");
			plan->left_out++;
		} else if (strcmp(kind, "virtual") == 0) {
			module = pg_vtab_module(text);
			content = pg_vtab_content(text);
			if (content != NULL)
				pg_plan_note(plan, "  %s: SQLite %s virtual table, "
				    "an index over %s (rebuilt from it; in "
				    "PostgreSQL use full-text search on %s)",
				    name, module, content, content);
			else if (strcasecmp(module, "rtree") == 0)
				pg_plan_note(plan, "  %s: SQLite rtree virtual "
				    "table, a spatial index over the latitude and "
				    "longitude of its rows' table (rebuilt from it; "
				    "in PostgreSQL use a GiST index on "
				    "point(longitude, latitude))", name);
			else
				pg_plan_note(plan, "  %s: SQLite %s virtual table "
				    "(no PostgreSQL equivalent)", name, module);
			free(module);
			free(content);
			plan->left_out++;
		} else if (strcmp(kind, "shadow") == 0) {
			owner = pg_shadow_owner(vtabs, nvtabs, name);
			pg_plan_note(plan, "  %s: storage of the virtual table %s",
			    name, owner != NULL ? owner : "(unknown)");
			plan->left_out++;
		} else if (strcmp(name, "med_cell") == 0) {
			pg_plan_note(plan, "  med_cell: med_total's finest cells, "
			    "packed; written unpacked into med_total");
			packed_cells = 1;
		} else if (strcmp(name, "med_fact_run") == 0) {
			pg_plan_note(plan, "  med_fact_run: the published rows, "
			    "packed in runs; written unpacked as med_fact");
			if (db_exec(db, pg_med_fact_table, cause) != 0) {
				failed = 1;
				break;
			}
			t = pg_plan_table(plan, "med_fact");
			t->source = MED_FACT_ROWS_SQL;
		} else {
			if (pg_check_name("table", name, cause) != 0) {
				failed = 1;
				break;
			}
			t = pg_plan_table(plan, name);
		}
	}
	if (rc < 0) {
		error_set(cause, "%s", why);
		free(why);
		failed = 1;
	}
	sqlite3_finalize(stmt);
	for (i = 0; i < nvtabs; i++)
		free(vtabs[i]);
	free(vtabs);
	if (failed)
		return -1;
	for (i = 0; i < plan->ntables; i++) {
		if (packed_cells && strcmp(plan->tables[i].name, "med_total") == 0)
			plan->tables[i].source = pg_med_total_rows;
		if (pg_plan_columns(db, plan, &plan->tables[i], cause) != 0)
			return -1;
	}
	return 0;
}

/* The header: what, from where, when, whether SAMPLE, and what was left out. */
static void
pg_write_header(struct pg_buf *b, const struct pg_plan *plan,
    const struct export_pg_options *o, const struct export_pg_stats *st,
    const char *when, char **fk_notes, int nfk)
{
	char *source = utf8_sanitize(o->source);
	char *line;
	int i;

	line = xasprintf("-- mediflux reference database for PostgreSQL, written "
	    "by mediflux %s\n-- Source: %s (reference schema version %d)\n"
	    "-- Exported: %s\n-- Data: %s\n", o->version, source,
	    st->schema_version, when, st->sample ?
	    "SAMPLE: synthetic sample data, not the published files" :
	    "imported from the published files (no sample dataset)");
	pg_buf_adds(b, line);
	free(line);
	free(source);
	pg_buf_adds(b, "--\n-- Load into an empty database: "
	    "psql -X -v ON_ERROR_STOP=1 -f FILE\n"
	    "-- One transaction: schema " EXPORT_PG_SCHEMA ", each table, its "
	    "rows (COPY), keys and indexes,\n-- then ANALYZE. "
	    EXPORT_PG_SCHEMA "." EXPORT_PG_INFO_TABLE " says where the data "
	    "comes from and whether it is SAMPLE.\n"
	    "-- Types: INTEGER -> bigint, REAL -> double precision, TEXT -> text, "
	    "BLOB -> bytea;\n-- money is in integer cents. SQLite's CHECK "
	    "constraints and collations are not carried over.\n");
	if (plan->nnotes > 0) {
		pg_buf_adds(b, "--\n-- Left out or changed:\n");
		for (i = 0; i < plan->nnotes; i++) {
			pg_buf_adds(b, "--");
			pg_buf_adds(b, plan->notes[i]);
			pg_buf_addc(b, '\n');
		}
	}
	if (nfk > 0) {
		pg_buf_adds(b, "--\n-- Foreign keys of the SQLite schema, not "
		    "declared here (SQLite does not enforce them):\n");
		for (i = 0; i < nfk; i++) {
			pg_buf_adds(b, "--");
			pg_buf_adds(b, fk_notes[i]);
			pg_buf_addc(b, '\n');
		}
	}
	pg_buf_adds(b, "\nSET client_encoding = 'UTF8';\n"
	    "SET standard_conforming_strings = on;\n"
	    "SET client_min_messages = warning;\n"
	    "\nBEGIN;\n\nCREATE SCHEMA ");
	pg_buf_ident(b, EXPORT_PG_SCHEMA);
	pg_buf_adds(b, ";\n");
}

/* mediflux.export_info: the header's facts as a row, so that SAMPLE stays visible. */
static void
pg_write_info(struct pg_buf *b, const struct export_pg_options *o,
    const struct export_pg_stats *st, const char *when)
{
	char *source = utf8_sanitize(o->source);
	char *comment, num[32];

	pg_buf_adds(b, "\nCREATE TABLE ");
	pg_buf_qualified(b, EXPORT_PG_INFO_TABLE);
	pg_buf_adds(b, " (\n    \"mediflux_version\" text NOT NULL,\n"
	    "    \"source_database\" text NOT NULL,\n"
	    "    \"schema_version\" integer NOT NULL,\n"
	    "    \"exported_at\" timestamp with time zone NOT NULL,\n"
	    "    \"sample\" boolean NOT NULL,\n"
	    "    \"data\" text NOT NULL\n);\nCOPY ");
	pg_buf_qualified(b, EXPORT_PG_INFO_TABLE);
	pg_buf_adds(b, " (\"mediflux_version\", \"source_database\", "
	    "\"schema_version\", \"exported_at\", \"sample\", \"data\") "
	    "FROM stdin;\n");
	pg_buf_copy_text(b, (const unsigned char *)o->version,
	    strlen(o->version));
	pg_buf_addc(b, '\t');
	pg_buf_copy_text(b, (const unsigned char *)source, strlen(source));
	snprintf(num, sizeof num, "\t%d\t", st->schema_version);
	pg_buf_adds(b, num);
	pg_buf_adds(b, when);
	pg_buf_adds(b, st->sample ? "\tt\tSAMPLE\n\\.\n" : "\tf\tpublished\n\\.\n");
	comment = xasprintf("mediflux reference data (%s), exported %s from %s",
	    st->sample ? "SAMPLE: synthetic, not the published files" :
	    "from the published files", when, source);
	pg_buf_adds(b, "COMMENT ON SCHEMA ");
	pg_buf_ident(b, EXPORT_PG_SCHEMA);
	pg_buf_adds(b, " IS ");
	pg_buf_literal(b, comment);
	pg_buf_adds(b, ";\n");
	free(comment);
	free(source);
}

static void
pg_write_create(struct pg_buf *b, const struct pg_table *t)
{
	int i;

	pg_buf_adds(b, "\nCREATE TABLE ");
	pg_buf_qualified(b, t->name);
	pg_buf_adds(b, " (\n");
	for (i = 0; i < t->ncols; i++) {
		pg_buf_adds(b, "    ");
		pg_buf_ident(b, t->cols[i].name);
		pg_buf_addc(b, ' ');
		pg_buf_adds(b, pg_type_name(t->cols[i].type));
		if (t->cols[i].dflt != NULL) {
			pg_buf_adds(b, " DEFAULT ");
			pg_buf_adds(b, t->cols[i].dflt);
		}
		if (t->cols[i].notnull)
			pg_buf_adds(b, " NOT NULL");
		pg_buf_adds(b, i + 1 < t->ncols ? ",\n" : "\n");
	}
	pg_buf_adds(b, ");\n");
}

/* Why a value cannot go into a column of that type, or NULL when it can. */
static const char *
pg_value_problem(enum pg_type type, int vtype)
{
	switch (type) {
	case PG_BIGINT:
		if (vtype == SQLITE_INTEGER)
			return NULL;
		break;
	case PG_DOUBLE:
	case PG_NUMERIC:
		if (vtype == SQLITE_INTEGER || vtype == SQLITE_FLOAT)
			return NULL;
		break;
	case PG_TEXT:
		if (vtype != SQLITE_BLOB)
			return NULL;
		break;
	case PG_BYTEA:
		if (vtype == SQLITE_BLOB || vtype == SQLITE_TEXT)
			return NULL;
		break;
	}
	switch (vtype) {
	case SQLITE_INTEGER: return _("an integer");
	case SQLITE_FLOAT: return _("a real number");
	case SQLITE_TEXT: return _("a text");
	default: return _("a blob");
	}
}

/* Streams one table's rows as COPY text, checking each value fits its column. */
static int
pg_write_rows(sqlite3 *db, FILE *out, struct pg_buf *b,
    const struct pg_table *t, int64_t *nrows, char **cause)
{
	sqlite3_stmt *stmt;
	struct pg_buf q = { NULL, 0, 0, 0 };
	const unsigned char *v;
	const char *problem;
	char num[40], *why = NULL;
	int64_t row = 0;
	int i, rc, n, vtype, failed = 0;

	pg_buf_adds(&q, "SELECT ");
	for (i = 0; i < t->ncols; i++) {
		if (i > 0)
			pg_buf_adds(&q, ", ");
		pg_buf_ident(&q, t->cols[i].name);
	}
	if (t->source != NULL) {
		pg_buf_adds(&q, " FROM ");
		pg_buf_adds(&q, t->source);
	} else {
		pg_buf_adds(&q, " FROM main.");
		pg_buf_ident(&q, t->name);
	}
	pg_buf_addc(&q, '\0');
	rc = db_prepare(db, q.p, &stmt, cause);
	free(q.p);
	if (rc != 0)
		return -1;
	while (!failed && (rc = db_step(stmt, &why)) == DB_ROW) {
		row++;
		for (i = 0; i < t->ncols; i++) {
			if (i > 0)
				pg_buf_addc(b, '\t');
			vtype = sqlite3_column_type(stmt, i);
			if (vtype == SQLITE_NULL) {
				pg_buf_add(b, "\\N", 2);
				continue;
			}
			if ((problem = pg_value_problem(t->cols[i].type,
			    vtype)) != NULL) {
				/* TRANSLATORS: the fourth %s: "an integer"... */
				failed = error_set(cause, _("table %s, row "
				    "%lld, column %s: %s value in a column of "
				    "type %s (PostgreSQL %s)"), t->name,
				    (long long)row, t->cols[i].name, problem,
				    t->cols[i].decl[0] != '\0' ?
				    t->cols[i].decl : _("none"),
				    pg_type_name(t->cols[i].type));
				break;
			}
			switch (vtype) {
			case SQLITE_INTEGER:
				n = snprintf(num, sizeof num, "%lld", (long long)
				    sqlite3_column_int64(stmt, i));
				pg_buf_add(b, num, n);
				break;
			case SQLITE_FLOAT:
				pg_format_double(sqlite3_column_double(stmt, i),
				    num, sizeof num);
				pg_buf_adds(b, num);
				break;
			case SQLITE_BLOB:
				v = sqlite3_column_blob(stmt, i);
				pg_buf_copy_blob(b, v,
				    sqlite3_column_bytes(stmt, i));
				break;
			default:
				v = sqlite3_column_text(stmt, i);
				n = sqlite3_column_bytes(stmt, i);
				if (t->cols[i].type == PG_BYTEA) {
					pg_buf_copy_blob(b, v, n);
					break;
				}
				if (memchr(v, '\0', n) != NULL ||
				    !utf8_valid((const char *)v, n)) {
					failed = error_set(cause, _("table %s, "
					    "row %lld, column %s: %s, which "
					    "PostgreSQL refuses in text"),
					    t->name, (long long)row,
					    t->cols[i].name,
					    memchr(v, '\0', n) != NULL ?
					    _("a NUL byte") :
					    _("text that is not UTF-8"));
					break;
				}
				pg_buf_copy_text(b, v, n);
				break;
			}
			if (failed)
				break;
		}
		pg_buf_addc(b, '\n');
		if (b->len >= EXPORT_FLUSH_BYTES)
			pg_buf_flush(b, out);
	}
	if (rc < 0) {
		error_set(cause, "table %s: %s", t->name, why);
		free(why);
		failed = 1;
	}
	sqlite3_finalize(stmt);
	*nrows = row;
	return failed ? -1 : 0;
}

/* The key columns of an index, or -1 when it has an expression or the rowid. */
static int
pg_index_columns(sqlite3 *db, const char *index, struct pg_buf *cols,
    int *odd_collation, char **cause)
{
	sqlite3_stmt *stmt;
	char *why = NULL;
	const char *coll;
	int rc, n = 0, plain = 1;

	*odd_collation = 0;
	if (db_prepare(db, "SELECT cid, name, \"desc\", coalesce(coll, 'BINARY')"
	    " FROM pragma_index_xinfo(?1) WHERE key ORDER BY seqno", &stmt,
	    cause) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, index, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(stmt, &why)) == DB_ROW) {
		if (sqlite3_column_int(stmt, 0) < 0) {
			plain = 0;
			continue;
		}
		if (n++ > 0)
			pg_buf_adds(cols, ", ");
		pg_buf_ident(cols, (const char *)sqlite3_column_text(stmt, 1));
		if (sqlite3_column_int(stmt, 2))
			pg_buf_adds(cols, " DESC");
		coll = (const char *)sqlite3_column_text(stmt, 3);
		if (strcasecmp(coll, "BINARY") != 0)
			*odd_collation = 1;
	}
	sqlite3_finalize(stmt);
	if (rc != DB_DONE) {
		error_set(cause, "index %s: %s", index, why);
		free(why);
		return -1;
	}
	return plain && n > 0 ? 1 : 0;
}

/*
 * The table's primary key and UNIQUE constraints (added after the rows, which
 * is faster), then its own indexes; partial and expression indexes are noted
 * in the script, not translated.
 */
static int
pg_write_keys(sqlite3 *db, struct pg_buf *b, const struct pg_table *t,
    char **cause)
{
	sqlite3_stmt *stmt;
	char *why = NULL;
	struct pg_buf cols = { NULL, 0, 0, 0 };
	const char *name, *origin;
	char *clean;
	int i, k, npk = 0, rc, plain, odd, unique, partial, failed = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].pk > npk)
			npk = t->cols[i].pk;
	if (npk > 0) {
		pg_buf_adds(b, "ALTER TABLE ");
		pg_buf_qualified(b, t->name);
		pg_buf_adds(b, " ADD PRIMARY KEY (");
		for (k = 1; k <= npk; k++)
			for (i = 0; i < t->ncols; i++)
				if (t->cols[i].pk == k) {
					if (k > 1)
						pg_buf_adds(b, ", ");
					pg_buf_ident(b, t->cols[i].name);
				}
		pg_buf_adds(b, ");\n");
	}
	if (db_prepare(db, "SELECT name, \"unique\", origin, partial"
	    " FROM pragma_index_list(?1) ORDER BY name", &stmt, cause) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, t->name, -1, SQLITE_TRANSIENT);
	while (!failed && (rc = db_step(stmt, &why)) == DB_ROW) {
		name = (const char *)sqlite3_column_text(stmt, 0);
		unique = sqlite3_column_int(stmt, 1);
		origin = (const char *)sqlite3_column_text(stmt, 2);
		partial = sqlite3_column_int(stmt, 3);
		if (strcmp(origin, "pk") == 0)
			continue;	/* the primary key above */
		cols.len = 0;
		if ((plain = pg_index_columns(db, name, &cols, &odd, cause)) < 0) {
			failed = 1;
			break;
		}
		pg_buf_addc(&cols, '\0');
		clean = utf8_sanitize(name);
		if (!plain || partial) {
			pg_buf_adds(b, "-- Not translated: index ");
			pg_buf_adds(b, clean);
			pg_buf_adds(b, partial ? " (partial: its WHERE is SQLite "
			    "SQL)\n" : " (on an expression or the rowid)\n");
		} else if (strcmp(origin, "u") == 0) {
			pg_buf_adds(b, "ALTER TABLE ");
			pg_buf_qualified(b, t->name);
			pg_buf_adds(b, " ADD UNIQUE (");
			pg_buf_adds(b, cols.p);
			pg_buf_adds(b, ");\n");
		} else {
			if (pg_check_name("index", name, cause) != 0) {
				free(clean);
				failed = 1;
				break;
			}
			if (odd) {
				pg_buf_adds(b, "-- Index ");
				pg_buf_adds(b, clean);
				pg_buf_adds(b, " uses a SQLite collation: "
				    "PostgreSQL's default here\n");
			}
			pg_buf_adds(b, unique ? "CREATE UNIQUE INDEX " :
			    "CREATE INDEX ");
			pg_buf_ident(b, name);
			pg_buf_adds(b, " ON ");
			pg_buf_qualified(b, t->name);
			pg_buf_adds(b, " (");
			pg_buf_adds(b, cols.p);
			pg_buf_adds(b, ");\n");
		}
		free(clean);
	}
	if (rc < 0) {
		error_set(cause, "table %s: %s", t->name, why);
		free(why);
		failed = 1;
	}
	sqlite3_finalize(stmt);
	free(cols.p);
	return failed ? -1 : 0;
}

/* The export time in ISO 8601, UTC. */
static void
pg_format_time(time_t when, char *out, size_t size)
{
	struct tm tm;

	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, size, "1970-01-01T00:00:00Z");
}

/* Collects every table's foreign keys for the header. */
static int
pg_collect_foreign_keys(sqlite3 *db, struct pg_plan *plan, char ***fk,
    int *nfk, char **cause)
{
	struct pg_plan tmp;
	int i;

	memset(&tmp, 0, sizeof tmp);
	for (i = 0; i < plan->ntables; i++)
		if (pg_plan_foreign_keys(db, &tmp, plan->tables[i].name,
		    cause) != 0) {
			pg_plan_free(&tmp);
			return -1;
		}
	*fk = tmp.notes;
	*nfk = tmp.nnotes;
	return 0;
}

int
export_postgres_write(sqlite3 *db, FILE *out,
    const struct export_pg_options *o, struct export_pg_stats *st,
    char **cause)
{
	struct pg_plan plan;
	struct pg_buf b = { NULL, 0, 0, 0 };
	char when[32], num[64], **fk = NULL, *why = NULL;
	int64_t version, sample, nrows;
	int i, nfk = 0, rc = -1;

	memset(st, 0, sizeof *st);
	memset(&plan, 0, sizeof plan);
	/* One read transaction: every table from the same state of the file. */
	if (db_exec(db, "BEGIN", cause) != 0)
		return -1;
	if (db_pragma_int(db, "user_version", &version, cause) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM dataset WHERE sample <> 0",
	    &sample, &why) != 0)
		goto out;
	st->schema_version = (int)version;
	st->sample = sample > 0;
	if (pg_plan_build(db, &plan, cause) != 0 ||
	    pg_collect_foreign_keys(db, &plan, &fk, &nfk, cause) != 0)
		goto out;
	st->left_out = plan.left_out;
	pg_format_time(o->exported_at, when, sizeof when);
	pg_write_header(&b, &plan, o, st, when, fk, nfk);
	pg_write_info(&b, o, st, when);
	for (i = 0; i < plan.ntables; i++) {
		pg_write_create(&b, &plan.tables[i]);
		pg_buf_adds(&b, "COPY ");
		pg_buf_qualified(&b, plan.tables[i].name);
		pg_buf_adds(&b, " (");
		for (int c = 0; c < plan.tables[i].ncols; c++) {
			if (c > 0)
				pg_buf_adds(&b, ", ");
			pg_buf_ident(&b, plan.tables[i].cols[c].name);
		}
		pg_buf_adds(&b, ") FROM stdin;\n");
		if (pg_write_rows(db, out, &b, &plan.tables[i], &nrows,
		    cause) != 0)
			goto out;
		snprintf(num, sizeof num, "\\.\n-- %lld rows\n",
		    (long long)nrows);
		pg_buf_adds(&b, num);
		if (pg_write_keys(db, &b, &plan.tables[i], cause) != 0)
			goto out;
		st->rows += nrows;
		st->tables++;
		pg_buf_flush(&b, out);
	}
	pg_buf_addc(&b, '\n');
	for (i = 0; i < plan.ntables; i++) {
		pg_buf_adds(&b, "ANALYZE ");
		pg_buf_qualified(&b, plan.tables[i].name);
		pg_buf_adds(&b, ";\n");
	}
	pg_buf_adds(&b, "\nCOMMIT;\n");
	pg_buf_flush(&b, out);
	st->write_errno = b.write_errno;
	rc = 0;
out:
	if (why != NULL) {
		error_set(cause, _("no dataset table with a sample column: %s"),
		    why);
		free(why);
	}
	/* A failed export must never look complete: the buffer's tail is dropped. */
	free(b.p);
	db_exec(db, "COMMIT", NULL);
	pg_plan_free(&plan);
	for (i = 0; i < nfk; i++)
		free(fk[i]);
	free(fk);
	return rc;
}
