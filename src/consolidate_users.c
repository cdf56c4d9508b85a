/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "consolidate_int.h"
#include "db.h"
#include "history.h"
#include "i18n.h"
#include "out.h"
#include "profile.h"
#include "refdb.h"
#include "userdb.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * Per-user data gathered from every input before anything is written: the
 * profile as mediflux keeps it, and history entries with their own times.
 * Nothing of a profile's contents is ever printed, only counts and key names.
 */
struct cons_entry {
	char	*at;
	char	*pane, *command;
	json_t	*params;
};

struct cons_user {
	char			*id;		/* sanitised */
	json_t			*doc;
	struct cons_entry	*entries;
	size_t			 n;
	char			*unset;		/* key names not carried */
};

struct cons_users {
	struct cons		*c;
	sqlite3			*refdb;		/* OUT, to resolve locations */
	struct cons_user	*list;
	size_t			 n;
};

static void	cons_user_unset(struct cons_user *, const char *);

/* A user id as a file name: letters, digits, '-', '_' and inner dots. */
static char *
cons_user_file_id(const char *id)
{
	char *s = xstrdup(id != NULL && *id != '\0' ? id : "_");
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    (ch == '.' && i > 0)))
			s[i] = '_';
	}
	if (strlen(s) > 100)
		s[100] = '\0';
	return s;
}

static struct cons_user *
cons_user_get(struct cons_users *u, const char *raw)
{
	char *id = cons_user_file_id(raw);
	struct cons_user *p;
	size_t i;

	for (i = 0; i < u->n; i++) {
		if (strcmp(u->list[i].id, id) == 0) {
			/* Two ids that differ only where sanitised: one file, said so. */
			if (raw != NULL && strcmp(raw, id) != 0)
				cons_user_unset(&u->list[i], "id shared after "
				    "sanitising");
			free(id);
			return &u->list[i];
		}
	}
	u->list = xreallocarray(u->list, u->n + 1, sizeof *u->list);
	p = &u->list[u->n++];
	memset(p, 0, sizeof *p);
	p->id = id;
	p->doc = json_object();
	return p;
}

/* Notes a profile key that is not carried, each name once. */
static void
cons_user_unset(struct cons_user *p, const char *key)
{
	char *t;
	size_t n = strlen(key);
	const char *s;

	for (s = p->unset; s != NULL && (s = strstr(s, key)) != NULL; s += n)
		if ((s == p->unset || s[-2] == ',') && (s[n] == '\0' ||
		    s[n] == ','))
			return;
	t = xasprintf("%s%s%s", p->unset != NULL ? p->unset : "",
	    p->unset != NULL ? ", " : "", key);
	free(p->unset);
	p->unset = t;
}

/* Sets one key as a user would type it; a value mediflux refuses is left unset. */
static void
cons_user_set(struct cons_users *u, struct cons_user *p, const char *key,
    const char *value, const char *shown)
{
	char *why = NULL;

	if (value == NULL || *value == '\0')
		return;
	/* The message may quote the value: it is health data, never shown. */
	if (profile_set(p->doc, key, value, u->refdb, &why) != 0)
		cons_user_unset(p, shown);
	free(why);
}

/* Maps the prototype's profile JSON onto mediflux's profile keys. */
static void
cons_user_profile(struct cons_users *u, struct cons_user *p, const char *text)
{
	json_t *doc, *v, *w;
	const char *key;
	char num[32];

	if (text == NULL || *text == '\0')
		return;
	if ((doc = json_loads(text, 0, NULL)) == NULL || !json_is_object(doc)) {
		cons_user_unset(p, "profile (not a JSON object)");
		json_decref(doc);
		return;
	}
	json_object_foreach(doc, key, v) {
		if (strcmp(key, "mutuelle") == 0 && json_is_string(v))
			cons_user_set(u, p, "mutuelle.name", json_string_value(v),
			    "mutuelle");
		else if (strcmp(key, "mutuelle") == 0 && json_is_object(v)) {
			w = json_object_get(v, "provider");
			if (w == NULL)
				w = json_object_get(v, "name");
			if (json_is_string(w))
				cons_user_set(u, p, "mutuelle.name",
				    json_string_value(w), "mutuelle.provider");
			w = json_object_get(v, "coverage");
			if (json_is_integer(w)) {
				snprintf(num, sizeof num, "%lld",
				    (long long)json_integer_value(w));
				cons_user_set(u, p, "mutuelle.coverage", num,
				    "mutuelle.coverage");
			} else if (json_is_string(w))
				cons_user_set(u, p, "mutuelle.coverage",
				    json_string_value(w), "mutuelle.coverage");
		} else if (strcmp(key, "location") == 0 && json_is_string(v))
			cons_user_set(u, p, "location", json_string_value(v),
			    "location");
		else if (strcmp(key, "pathology") == 0 && json_is_string(v))
			cons_user_set(u, p, "pathologies", json_string_value(v),
			    "pathology");
		else
			cons_user_unset(p, key);
	}
	json_decref(doc);
}

/* "YYYY-MM-DD HH:MM:SS" (SQLite text) as history stores times; NULL if not one. */
static char *
cons_user_time(const char *s)
{
	int y, mo, d, h, mi, se;
	char sep, end;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%c", &y, &mo, &d,
	    &sep, &h, &mi, &se, &end) < 7 || (sep != ' ' && sep != 'T'))
		return NULL;
	return xasprintf("%04d-%02d-%02dT%02d:%02d:%02d.000Z", y, mo, d, h, mi,
	    se);
}

/*
 * Adds a history entry read from an input (params stolen), its text
 * sanitised: history shows it back, and the input may be anyone's file.
 */
static void
cons_user_entry(struct cons_user *p, char *at, const char *pane,
    const char *command, json_t *params)
{
	struct cons_entry *e;

	p->entries = xreallocarray(p->entries, p->n + 1, sizeof *p->entries);
	e = &p->entries[p->n++];
	e->at = at;
	e->pane = utf8_sanitize(pane);
	e->command = utf8_sanitize(command);
	e->params = params != NULL ? out_json_sanitized(params) : NULL;
	json_decref(params);
}

/*
 * Reads a per-user table of a prototype file: profiles (profile_col holds
 * the JSON) or sessions (a query and its time).
 */
static int
cons_user_table(struct cons_users *u, struct cons_input *in, const char *table,
    char **cause)
{
	struct consolidate_table *t;
	sqlite3_stmt *st;
	const char *col, *q;
	char *sql, *at, *clean, *why = NULL;
	int64_t rows = 0, kept = 0;
	int sessions, rc;
	struct cons_user *p;

	sessions = strcmp(table, "sessions") == 0 ||
	    strcmp(table, "session_history") == 0;
	if (sessions)
		col = "query";
	else {
		col = NULL;
		if (db_prepare(in->db, "SELECT name FROM pragma_table_info(?1)"
		    " WHERE name IN ('profile_data', 'profile') ORDER BY name DESC"
		    " LIMIT 1", &st, cause) != 0)
			return -1;
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		if ((rc = db_step(st, &why)) == DB_ROW)
			col = strcmp((const char *)sqlite3_column_text(st, 0),
			    "profile_data") == 0 ? "profile_data" : "profile";
		sqlite3_finalize(st);
		if (rc < 0) {
			error_set(cause, "%s: table %s: %s", in->path, table, why);
			free(why);
			return -1;
		}
		if (col == NULL)
			return error_set(cause, _("%s: table %s: no column "
			    "'profile_data' or 'profile', which it needs to be "
			    "consolidated"), in->path, table);
	}
	sql = xasprintf("SELECT user_id, \"%s\"%s FROM \"%s\" ORDER BY rowid",
	    col, sessions ? ", timestamp" : "", table);
	rc = db_prepare(in->db, sql, &st, &why);
	free(sql);
	/* Only SQLite's plain error is a missing column: not a damaged file. */
	if (rc != 0 && (sqlite3_errcode(in->db) & 0xff) != SQLITE_ERROR) {
		error_set(cause, "%s: table %s: %s", in->path, table, why);
		free(why);
		return -1;
	}
	free(why);
	why = NULL;
	if (rc != 0)
		return error_set(cause, sessions ? _("%s: table %s: no column "
		    "'user_id', '%s' or 'timestamp', which it needs to be "
		    "consolidated") : _("%s: table %s: no column 'user_id' or "
		    "'%s', which it needs to be consolidated"), in->path, table,
		    col);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		rows++;
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;
		p = cons_user_get(u, (const char *)sqlite3_column_text(st, 0));
		if (!sessions) {
			cons_user_profile(u, p, (const char *)
			    sqlite3_column_text(st, 1));
			kept++;
			continue;
		}
		q = (const char *)sqlite3_column_text(st, 1);
		if (q == NULL || *q == '\0' ||
		    (at = cons_user_time((const char *)
		    sqlite3_column_text(st, 2))) == NULL)
			continue;
		/* Sanitised first: json_pack refuses a string that is not UTF-8. */
		clean = utf8_sanitize(q);
		cons_user_entry(p, at, "hospitals", "search",
		    json_pack("{s:s}", "query", clean));
		free(clean);
		kept++;
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "%s: table %s: %s", in->path, table, why);
		free(why);
		return -1;
	}
	t = cons_table(in, table, "per-user", rows);
	t->kept = kept;
	t->left_out = rows - kept;
	cons_table_reason(t, "%s", sessions ? _("private: each user's history "
	    "in DIR; a session without a user, a query or a readable time is "
	    "left out (the intent and cached answers are not carried)") :
	    _("private: each user's profile in DIR, never in OUT"));
	return 0;
}

/* A mediflux user database given as input: its profile and history, as they are. */
static int
cons_user_database(struct cons_users *u, struct cons_input *in, char **cause)
{
	struct consolidate_table *t;
	struct history_list list;
	struct cons_user *p;
	json_t *doc, *clean;
	char *id, *dot, *why = NULL;
	size_t i;

	if (in->version < USERDB_SCHEMA_VERSION) {
		t = cons_table(in, "profile", "per-user", 0);
		cons_table_reason(t, "%s", _("an empty user database"));
		return 0;
	}
	id = xstrdup(in->name);
	if ((dot = strrchr(id, '.')) != NULL && dot != id)
		*dot = '\0';
	p = cons_user_get(u, id);
	free(id);
	if (profile_load(in->db, &doc, &why) != 0 ||
	    history_list(in->db, NULL, 0, &list, &why) != 0) {
		error_set(cause, "%s: %s", in->path, why);
		free(why);
		return -1;
	}
	/* Sanitised: a value stored before invisible characters were refused. */
	clean = out_json_sanitized(doc);
	json_decref(doc);
	json_object_update(p->doc, clean);
	t = cons_table(in, "profile", "per-user", 1);
	t->kept = json_object_size(clean) > 0;
	json_decref(clean);
	for (i = list.n; i-- > 0;)
		cons_user_entry(p, xstrdup(list.entries[i].at),
		    list.entries[i].pane, list.entries[i].command,
		    json_incref(list.entries[i].params));
	t = cons_table(in, "history", "per-user", (int64_t)list.n);
	t->kept = (int64_t)list.n;
	history_list_free(&list);
	t = cons_table(in, "cache", "left out", 0);
	cons_table_reason(t, "%s", _("a cache, refetched on demand"));
	return 0;
}

static int
cons_user_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cons_user *)a)->id,
	    ((const struct cons_user *)b)->id);
}

/* Writes one user's database: 0600, through userdb, profile and history. */
static int
cons_user_write(struct cons_users *u, struct cons_user *p, const char *path,
    char **cause)
{
	sqlite3 *udb = NULL;
	char *why = NULL;
	size_t i;
	int rc = -1;

	if (userdb_open(path, 1, &udb, &why) != 0)
		goto out;
	if (json_object_size(p->doc) > 0 &&
	    (profile_validate(p->doc, u->refdb, &why) != 0 ||
	    profile_save(udb, p->doc, &why) != 0))
		goto out;
	/* Each entry in its own transaction, as history_record writes them. */
	for (i = 0; i < p->n; i++)
		if (history_record_at(udb, p->entries[i].at, p->entries[i].pane,
		    p->entries[i].command, p->entries[i].params,
		    HISTORY_NO_COUNT, -1, &why) != 0)
			goto out;
	rc = 0;
out:
	if (rc != 0) {
		error_set(cause, "%s: %s", path, why != NULL ? why :
		    _("failed"));
		free(why);
	}
	sqlite3_close(udb);
	return rc;
}

static void
cons_users_free(struct cons_users *u)
{
	size_t i, j;

	for (i = 0; i < u->n; i++) {
		for (j = 0; j < u->list[i].n; j++) {
			free(u->list[i].entries[j].at);
			free(u->list[i].entries[j].pane);
			free(u->list[i].entries[j].command);
			json_decref(u->list[i].entries[j].params);
		}
		free(u->list[i].entries);
		json_decref(u->list[i].doc);
		free(u->list[i].id);
		free(u->list[i].unset);
	}
	free(u->list);
	sqlite3_close(u->refdb);
}

/*
 * Says how many entries the retention of the user's profile will drop when
 * the user next opens mediflux: consolidate keeps them, the user decides.
 */
static void
cons_user_retention(struct cons *c, const struct cons_user *p)
{
	int64_t days = profile_preference(p->doc, "history_days"), old = 0;
	char limit[32];
	struct tm tm;
	time_t t;
	size_t i;

	t = time(NULL) - (time_t)(days * 86400);
	gmtime_r(&t, &tm);
	strftime(limit, sizeof limit, "%Y-%m-%dT%H:%M:%S", &tm);
	for (i = 0; i < p->n; i++)
		old += strcmp(p->entries[i].at, limit) < 0;
	if (old > 0)
		cons_note(c, ngettext("user %s: %lld history entry older than "
		    "%lld days: the retention drops it when the user next "
		    "opens mediflux, unless preferences.history_days is raised",
		    "user %s: %lld history entries older than %lld days: the "
		    "retention drops them when the user next opens mediflux, "
		    "unless preferences.history_days is raised",
		    (unsigned long)old), p->id, (long long)old,
		    (long long)days);
}

/* Removes what was written of DIR after a failure. */
static void
cons_users_remove(struct consolidate_report *rep, int made_dir)
{
	char *wal;
	size_t i;

	for (i = 0; i < rep->nusers; i++) {
		unlink(rep->users[i].file);
		wal = xasprintf("%s-wal", rep->users[i].file);
		unlink(wal);
		free(wal);
		wal = xasprintf("%s-shm", rep->users[i].file);
		unlink(wal);
		free(wal);
	}
	if (made_dir)
		rmdir(rep->users_dir);
}

int
cons_user_outputs(struct cons *c, char **cause)
{
	struct consolidate_report *rep = c->report;
	struct consolidate_user *ru;
	struct cons_users u;
	struct stat st;
	const char *name;
	size_t i;
	int made_dir = 0, rc = 0;
	static const char *const tables[] = {
		"user_profiles", "users", "sessions", "session_history", NULL,
	};
	const char *const *t;
	sqlite3_stmt *q;

	memset(&u, 0, sizeof u);
	u.c = c;
	if (refdb_open(c->options->out, &u.refdb, cause) != 0)
		return -1;
	for (i = 0; i < c->ninputs && rc == 0; i++) {
		if (c->inputs[i].kind == CONS_USER) {
			rc = cons_user_database(&u, &c->inputs[i], cause);
			continue;
		}
		if (c->inputs[i].kind != CONS_PROTOTYPE)
			continue;
		for (t = tables; *t != NULL && rc == 0; t++) {
			if (db_prepare(c->inputs[i].db, "SELECT 1 FROM sqlite_master"
			    " WHERE type = 'table' AND name = ?1", &q, cause) != 0) {
				rc = -1;
				break;
			}
			sqlite3_bind_text(q, 1, *t, -1, SQLITE_STATIC);
			rc = db_step(q, cause);
			name = rc == DB_ROW ? *t : NULL;
			sqlite3_finalize(q);
			if (rc < 0)
				break;
			rc = 0;
			if (name != NULL)
				rc = cons_user_table(&u, &c->inputs[i], name, cause);
		}
	}
	if (rc != 0 || u.n == 0)
		goto out;
	qsort(u.list, u.n, sizeof *u.list, cons_user_cmp);
	if (mkdir(rep->users_dir, 0700) == 0)
		made_dir = 1;
	else if (errno != EEXIST || stat(rep->users_dir, &st) != 0 ||
	    !S_ISDIR(st.st_mode)) {
		rc = error_set(cause, "%s: %s", rep->users_dir, strerror(errno));
		goto out;
	}
	if (chmod(rep->users_dir, 0700) != 0) {
		rc = error_set(cause, "%s: %s", rep->users_dir, strerror(errno));
		goto out;
	}
	for (i = 0; i < u.n; i++) {
		char *path = xasprintf("%s/%s.db", rep->users_dir, u.list[i].id);

		if (access(path, F_OK) == 0)
			rc = error_set(cause, _("%s exists: consolidate writes "
			    "new user databases"), path);
		free(path);
		if (rc != 0) {
			if (made_dir)
				rmdir(rep->users_dir);
			goto out;
		}
	}
	rep->users = xcalloc(u.n, sizeof *rep->users);
	for (i = 0; i < u.n && rc == 0; i++) {
		ru = &rep->users[rep->nusers++];
		ru->id = utf8_sanitize(u.list[i].id);
		ru->file = xasprintf("%s/%s.db", rep->users_dir, u.list[i].id);
		ru->profile_keys = (int64_t)json_object_size(u.list[i].doc);
		ru->history = (int64_t)u.list[i].n;
		ru->left_unset = u.list[i].unset != NULL ?
		    xstrdup(u.list[i].unset) : NULL;
		rc = cons_user_write(&u, &u.list[i], ru->file, cause);
		if (rc == 0)
			cons_user_retention(c, &u.list[i]);
	}
	if (rc != 0)
		cons_users_remove(rep, made_dir);
out:
	cons_users_free(&u);
	return rc;
}
