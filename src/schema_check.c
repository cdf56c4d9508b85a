/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "refdb.h"
#include "schema_check.h"
#include "userdb.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * The work reading a schema may take, in SQLite virtual machine steps of a
 * thousand: far more than any schema of ours needs, so that a hostile file is
 * stopped, never waited for.
 */
#define SCHEMA_CHECK_BUDGET 100000

/* An object of a schema mediflux knows by heart, as schema_read gives it. */
struct schema_known {
	const char	*type;
	const char	*name;
	const char	*tbl_name;
	const char	*sql;
};

/*
 * The user schema of USERDB_SCHEMA_VERSION, in schema_read's order and
 * folding: a file whose schema reads exactly so is ours without building ours
 * in memory, which cost each command half a millisecond, and without a
 * digest, whose library cost each start 0.09 ms. test_schema_check compares
 * it with what the steps make.
 */
static const struct schema_known schema_user_known[] = {
	{ "table", "cache", "cache", "CREATE TABLE cache ( key TEXT PRIMARY "
	    "KEY, value BLOB, expires_at TEXT) WITHOUT ROWID" },
	{ "table", "history", "history", "CREATE TABLE history ( id INTEGER "
	    "PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, pane TEXT NOT NULL, "
	    "command TEXT NOT NULL, params TEXT NOT NULL DEFAULT '{}', "
	    "result_count INTEGER, duration_ms REAL)" },
	{ "table", "prescription", "prescription", "CREATE TABLE prescription "
	    "( id INTEGER PRIMARY KEY AUTOINCREMENT, kept_at TEXT NOT NULL, "
	    "cost_date TEXT NOT NULL, prescribed_on TEXT, file TEXT NOT NULL, "
	    "coverage_pct INTEGER, base_cents INTEGER, am_cents INTEGER, "
	    "mutuelle_cents INTEGER, franchise_cents INTEGER, left_cents "
	    "INTEGER)" },
	{ "table", "prescription_line", "prescription_line", "CREATE TABLE "
	    "prescription_line ( prescription_id INTEGER NOT NULL REFERENCES "
	    "prescription(id) ON DELETE CASCADE, number INTEGER NOT NULL, text "
	    "TEXT NOT NULL, instructions TEXT, cip13 TEXT, name TEXT, "
	    "presentation TEXT, confidence INTEGER, boxes INTEGER NOT NULL, "
	    "base_cents INTEGER, am_cents INTEGER, mutuelle_cents INTEGER, "
	    "franchise_cents INTEGER, left_cents INTEGER, PRIMARY KEY "
	    "(prescription_id, number)) WITHOUT ROWID" },
	{ "table", "profile", "profile", "CREATE TABLE profile ( id INTEGER "
	    "PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL, updated_at "
	    "TEXT NOT NULL)" },
	{ "table", "sqlite_sequence", "sqlite_sequence",
	    "CREATE TABLE sqlite_sequence(name,seq)" },
	{ "index", "history_at", "history",
	    "CREATE INDEX history_at ON history(at)" },
};

/* Statistics ANALYZE makes: mediflux's builder runs it, an import keeps them. */
#define SCHEMA_OPTIONAL(name) \
	(strcmp(name, "sqlite_stat1") == 0 || strcmp(name, "sqlite_stat4") == 0)

struct schema_object {
	char	*type;
	char	*name;
	char	*tbl_name;
	char	*sql;		/* white space folded; NULL for automatic indexes */
};

struct schema_list {
	struct schema_object	*v;
	size_t			 n;
};

/* Stops a statement once it has spent the budget it was given. */
static int
schema_budget_spent(void *arg)
{
	int *left = arg;

	return --*left < 0;
}

/* SQL with every run of white space made one space, none at either end. */
static char *
schema_fold(const char *sql)
{
	char *out, *o;
	int space = 0;

	if (sql == NULL)
		return NULL;
	out = o = xmalloc(strlen(sql) + 1);
	for (; *sql != '\0'; sql++) {
		if (isspace((unsigned char)*sql)) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *sql;
	}
	*o = '\0';
	return out;
}

static void
schema_object_free(struct schema_object *o)
{
	free(o->type);
	free(o->name);
	free(o->tbl_name);
	free(o->sql);
}

static void
schema_list_free(struct schema_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		schema_object_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static char *
schema_column(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return xstrdup(s != NULL ? s : "");
}

/*
 * Reads a schema: triggers first, then views, tables and indexes, each by
 * name, so that the first difference told is the most telling one.
 */
static int
schema_read(sqlite3 *db, struct schema_list *l, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct schema_object *o;
	char *why = NULL;
	int rc, left = SCHEMA_CHECK_BUDGET;

	memset(l, 0, sizeof *l);
	sqlite3_progress_handler(db, 1000, schema_budget_spent, &left);
	if (db_prepare(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema"
	    " ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1"
	    " WHEN 'table' THEN 2 ELSE 3 END, name", &st, cause) != 0) {
		sqlite3_progress_handler(db, 0, NULL, NULL);
		return -1;
	}
	while ((rc = db_step(st, &why)) == DB_ROW) {
		l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
		o = &l->v[l->n++];
		o->type = schema_column(st, 0);
		o->name = schema_column(st, 1);
		o->tbl_name = schema_column(st, 2);
		o->sql = schema_fold((const char *)sqlite3_column_text(st, 3));
	}
	if (rc != DB_DONE) {
		error_set(cause, "%s", left < 0 ? _("too much work, stopped") :
		    why);
		free(why);
	}
	sqlite3_finalize(st);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	if (rc != DB_DONE)
		schema_list_free(l);
	return rc == DB_DONE ? 0 : -1;
}

/* What mediflux's own steps make for a database of that kind and version. */
static int
schema_expected(enum db_kind kind, int version, struct schema_list *l,
    char **cause)
{
	sqlite3 *mem = NULL;
	int rc = -1;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		error_set(cause, "cannot open a database in memory");
		goto out;
	}
	if ((kind == DB_KIND_REFERENCE ? refdb_migrate_to(mem, version, cause) :
	    userdb_migrate_to(mem, version, cause)) != 0 ||
	    db_exec(mem, "ANALYZE", cause) != 0 ||
	    schema_read(mem, l, cause) != 0)
		goto out;
	rc = 0;
out:
	sqlite3_close(mem);
	return rc;
}

/* Whether field, NULL for none (an automatic index), is known's. */
static int
schema_known_field(const char *field, const char *known)
{
	return field == NULL ? known == NULL : known != NULL &&
	    strcmp(field, known) == 0;
}

/* Whether l is exactly the n objects of known, in that order. */
static int
schema_is_known(const struct schema_list *l, const struct schema_known *known,
    size_t n)
{
	size_t i;

	if (l->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(l->v[i].type, known[i].type) != 0 ||
		    strcmp(l->v[i].name, known[i].name) != 0 ||
		    strcmp(l->v[i].tbl_name, known[i].tbl_name) != 0 ||
		    !schema_known_field(l->v[i].sql, known[i].sql))
			return 0;
	return 1;
}

/* The schema known by heart for that kind and version, if any. */
static const struct schema_known *
schema_known(enum db_kind kind, int version, size_t *n)
{
	if (kind == DB_KIND_USER && version == USERDB_SCHEMA_VERSION) {
		*n = sizeof schema_user_known / sizeof schema_user_known[0];
		return schema_user_known;
	}
	*n = 0;
	return NULL;
}

int
schema_known_has(enum db_kind kind, int version)
{
	size_t n;

	return schema_known(kind, version, &n) != NULL;
}

int
schema_known_same(enum db_kind kind, int version, char **cause)
{
	const struct schema_known *known;
	struct schema_list want;
	char *text = NULL, *t;
	size_t i, kept = 0, n;
	int rc;

	if ((known = schema_known(kind, version, &n)) == NULL)
		return error_set(cause, "no %s schema %d known by heart",
		    db_kind_name(kind), version);
	if (schema_expected(kind, version, &want, cause) != 0)
		return -1;
	/* As a file comes without statistics: with them it takes the long way. */
	for (i = 0; i < want.n; i++) {
		if (SCHEMA_OPTIONAL(want.v[i].name))
			schema_object_free(&want.v[i]);
		else
			want.v[kept++] = want.v[i];
	}
	want.n = kept;
	rc = 0;
	if (!schema_is_known(&want, known, n)) {
		/* What the list should hold, to paste into it. */
		for (i = 0; i < want.n; i++) {
			t = xasprintf("%s{ \"%s\", \"%s\", \"%s\", \"%s\" }\n",
			    text != NULL ? text : "", want.v[i].type,
			    want.v[i].name, want.v[i].tbl_name,
			    want.v[i].sql != NULL ? want.v[i].sql : "(NULL)");
			free(text);
			text = t;
		}
		rc = error_set(cause, "the schema known by heart is not the "
		    "one the steps make:\n%s", text != NULL ? text : "");
		free(text);
	}
	schema_list_free(&want);
	return rc;
}

static const struct schema_object *
schema_find(const struct schema_list *l, const char *type, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if ((type == NULL || strcmp(l->v[i].type, type) == 0) &&
		    strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* "trigger t on dataset", "table notes": an object as a message names it. */
static char *
schema_object_text(const struct schema_object *o)
{
	char *s, *clean;

	if (strcmp(o->type, "index") == 0 || strcmp(o->type, "trigger") == 0)
		s = xasprintf("%s %s on %s", o->type, o->name, o->tbl_name);
	else
		s = xasprintf("%s %s", o->type, o->name);
	clean = utf8_sanitize(s);
	free(s);
	return clean;
}

/*
 * What follows a difference at offset at: from the start of its word to the
 * end of the definition (a comma or a parenthesis after it), 60 bytes at most.
 */
static char *
schema_excerpt(const char *sql, size_t at)
{
	size_t end;
	char *s, *clean;

	if (sql == NULL)
		return xstrdup("(none)");
	for (end = at; sql[end] != '\0'; end++)
		if (end > at && (sql[end] == ',' || sql[end] == ')')) {
			end++;
			break;
		}
	while (at > 0 && (isalnum((unsigned char)sql[at - 1]) ||
	    sql[at - 1] == '_' || sql[at - 1] == '"'))
		at--;
	if (end - at > 60)
		end = at + 60;
	s = xstrndup(sql + at, end - at);
	clean = utf8_sanitize(s);
	free(s);
	return clean;
}

/* How got (the file's) differs from want (ours), both of one name and type. */
static char *
schema_altered(const struct schema_object *got, const struct schema_object *want)
{
	char *what, *a, *b, *s;
	size_t at = 0;

	what = schema_object_text(want);
	if (got->sql == NULL || want->sql == NULL ||
	    strcmp(got->sql, want->sql) == 0) {
		s = xasprintf(_("%s altered"), what);
		free(what);
		return s;
	}
	while (got->sql[at] != '\0' && got->sql[at] == want->sql[at])
		at++;
	a = schema_excerpt(got->sql, at);
	b = schema_excerpt(want->sql, at);
	s = xasprintf(_("%s altered: \"%s\" where mediflux has \"%s\""), what,
	    a, b);
	free(what);
	free(a);
	free(b);
	return s;
}

static int
schema_same(const struct schema_object *a, const struct schema_object *b)
{
	return strcmp(a->tbl_name, b->tbl_name) == 0 &&
	    (a->sql == NULL ? b->sql == NULL :
	    b->sql != NULL && strcmp(a->sql, b->sql) == 0);
}

/* The first difference between the file's schema and ours, or NULL. */
static char *
schema_difference(const struct schema_list *got, const struct schema_list *want)
{
	const struct schema_object *g, *w;
	char *a, *b, *s;
	size_t i;

	for (i = 0; i < got->n; i++) {
		g = &got->v[i];
		if ((w = schema_find(want, g->type, g->name)) != NULL) {
			if (!schema_same(g, w))
				return schema_altered(g, w);
			continue;
		}
		/* A view where a table was (they share their names). */
		w = schema_find(want, NULL, g->name);
		if (w != NULL && strcmp(g->type, "trigger") != 0 &&
		    strcmp(w->type, "trigger") != 0) {
			a = schema_object_text(g);
			b = schema_object_text(w);
			s = xasprintf(_("%s in place of %s"), a, b);
			free(a);
			free(b);
			return s;
		}
		a = schema_object_text(g);
		s = xasprintf(_("extra %s"), a);
		free(a);
		return s;
	}
	for (i = 0; i < want->n; i++) {
		w = &want->v[i];
		if (SCHEMA_OPTIONAL(w->name) ||
		    schema_find(got, w->type, w->name) != NULL)
			continue;
		a = schema_object_text(w);
		s = xasprintf(_("missing %s"), a);
		free(a);
		return s;
	}
	return NULL;
}

/* "PATH: " (sanitised) to start a message with, or "" without a path. */
static char *
schema_prefix(const char *path)
{
	char *clean, *s;

	if (path == NULL)
		return xstrdup("");
	clean = utf8_sanitize(path);
	s = xasprintf("%s: ", clean);
	free(clean);
	return s;
}

int
schema_check(sqlite3 *db, const char *path, enum db_kind kind, int version,
    char **cause)
{
	const struct schema_known *known;
	char *why = NULL, *diff, *shown;
	struct schema_list got, want;
	size_t nknown;
	int rc;

	shown = schema_prefix(path);
	if (schema_read(db, &got, &why) != 0) {
		rc = error_set(cause, _("%sreading its schema: %s"),
		    shown, why);
		goto out;
	}
	/* Exactly ours, statistics aside: nothing to compare one by one. */
	known = schema_known(kind, version, &nknown);
	if (known != NULL && schema_is_known(&got, known, nknown)) {
		schema_list_free(&got);
		rc = 0;
		goto out;
	}
	if (schema_expected(kind, version, &want, &why) != 0) {
		schema_list_free(&got);
		rc = error_set(cause, "%smediflux's %s schema %d: %s", shown,
		    db_kind_name(kind), version, why);
		goto out;
	}
	rc = 0;
	if ((diff = schema_difference(&got, &want)) != NULL) {
		rc = error_set(cause, kind == DB_KIND_REFERENCE ?
		    _("%sforeign schema, not the one mediflux creates for a "
		    "reference database of version %d: %s") :
		    _("%sforeign schema, not the one mediflux creates for a "
		    "user database of version %d: %s"), shown, version, diff);
		free(diff);
	}
	schema_list_free(&got);
	schema_list_free(&want);
out:
	free(why);
	free(shown);
	return rc;
}

int
schema_check_no_code(sqlite3 *db, const char *path, char **cause)
{
	struct schema_list got;
	char *why = NULL, *what, *shown;
	size_t i;
	int rc = 0;

	shown = schema_prefix(path);
	if (schema_read(db, &got, &why) != 0) {
		rc = error_set(cause, _("%sreading its schema: %s"),
		    shown, why);
		free(why);
		free(shown);
		return rc;
	}
	for (i = 0; i < got.n && rc == 0; i++) {
		if (strcmp(got.v[i].type, "view") != 0 &&
		    strcmp(got.v[i].type, "trigger") != 0)
			continue;
		what = schema_object_text(&got.v[i]);
		rc = error_set(cause, _("%sforeign schema, a prototype file "
		    "holds no views or triggers: %s"), shown, what);
		free(what);
	}
	schema_list_free(&got);
	free(shown);
	return rc;
}
