/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dbtx.h"
#include "fold.h"
#include "location.h"
#include "cost.h"
#include "pathology.h"
#include "i18n.h"
#include "profile.h"
#include "utf8.h"
#include "texttable.h"
#include "xmalloc.h"

enum profile_kind {
	PROFILE_OBJECT,
	PROFILE_TEXT,
	PROFILE_INT,
	PROFILE_CHOICE,		/* one of the words of charset */
	PROFILE_PATHOLOGIES,
	PROFILE_EXEMPTIONS,
};

/* One field of the document: where it is, what it holds, and the rule its errors state. */
struct profile_field {
	const char		*path;
	enum profile_kind	 kind;
	int			 required;	/* within its object */
	int64_t			 min, max;	/* INT: bounds; TEXT: characters */
	const char		*charset;	/* TEXT: the bytes allowed, or NULL;
						   CHOICE: the words allowed */
	const char		*rule;		/* marked N_(), translated when said */
};

/* The whole schema, parents before their children, in the order documents are written. */
static const struct profile_field profile_fields[] = {
	{ "mutuelle", PROFILE_OBJECT, 0, 0, 0, NULL, N_("must be an object") },
	{ "mutuelle.name", PROFILE_TEXT, 0, 1, 100, NULL,
	    N_("must be text of 1 to 100 characters, without control or "
	    "invisible characters") },
	{ "mutuelle.coverage", PROFILE_INT, 0, 100, 500, NULL,
	    N_("must be a whole number from 100 to 500 (percent of the base de "
	    "remboursement)") },
	{ "location", PROFILE_OBJECT, 0, 0, 0, NULL, N_("must be an object") },
	{ "location.commune_code", PROFILE_TEXT, 1, 5, 5, "0123456789AB",
	    N_("must be an INSEE code of 5 characters") },
	{ "location.name", PROFILE_TEXT, 1, 1, 200, NULL,
	    N_("must be text of 1 to 200 characters, without control or "
	    "invisible characters") },
	{ "location.postal_code", PROFILE_TEXT, 0, 5, 5, "0123456789",
	    N_("must be a postcode of 5 digits") },
	{ "location.departement", PROFILE_TEXT, 1, 2, 3, "0123456789AB",
	    N_("must be a département code such as 01, 2A or 974") },
	{ "location.region", PROFILE_TEXT, 1, 2, 3, "0123456789",
	    N_("must be a region code such as 84 or 974") },
	{ "pathologies", PROFILE_PATHOLOGIES, 0, 0, 0, NULL,
	    N_("must be a list of pathology names") },
	{ "exemptions", PROFILE_EXEMPTIONS, 0, 0, 0, NULL,
	    N_("must be a list of exemption names (letters and _)") },
	{ "preferences", PROFILE_OBJECT, 0, 0, 0, NULL, N_("must be an object") },
	{ "preferences.history_days", PROFILE_INT, 0, 1, 36500, NULL,
	    N_("must be a whole number from 1 to 36500") },
	{ "preferences.history_max", PROFILE_INT, 0, 1, 1000000, NULL,
	    N_("must be a whole number from 1 to 1000000") },
	{ "preferences.language", PROFILE_CHOICE, 0, 0, 0, "en fr",
	    N_("must be en (English) or fr (French)") },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct {
	const char	*name;
	int64_t		 value;
} profile_defaults[] = {
	{ "history_days", 365 },
	{ "history_max", 10000 },
	{ NULL, 0 },
};

const char *const profile_keys[] = {
	"mutuelle.name",
	"mutuelle.coverage",
	"location",
	"pathologies",
	"exemptions",
	"preferences.history_days",
	"preferences.history_max",
	"preferences.language",
	NULL,
};

static const struct profile_field *
profile_field_find(const char *path)
{
	const struct profile_field *f;

	for (f = profile_fields; f->path != NULL; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

/* The last part of a path: the key inside its object. */
static const char *
profile_leaf(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot != NULL ? dot + 1 : path;
}

/* Tells whether a field sits directly in the object at prefix (NULL: the document). */
static int
profile_field_in(const struct profile_field *f, const char *prefix)
{
	size_t n;

	if (prefix == NULL)
		return strchr(f->path, '.') == NULL;
	n = strlen(prefix);
	return strncmp(f->path, prefix, n) == 0 && f->path[n] == '.' &&
	    strchr(f->path + n + 1, '.') == NULL;
}

/* The value at a dotted path of doc, or NULL. */
static json_t *
profile_get(const json_t *doc, const char *path)
{
	const char *dot = strchr(path, '.');
	json_t *parent;
	char *head;

	if (dot == NULL)
		return json_object_get(doc, path);
	head = xstrndup(path, dot - path);
	parent = json_object_get(doc, head);
	free(head);
	return json_is_object(parent) ? json_object_get(parent, dot + 1) : NULL;
}

/* Tells whether s is text a field may hold: valid UTF-8, nothing invisible, within its bounds. */
/* Whether s is one of a CHOICE field's words. */
static int
profile_choice_ok(const struct profile_field *f, const char *s)
{
	const char *w = f->charset;
	size_t n = strlen(s), len;

	while (*w != '\0') {
		len = strcspn(w, " ");
		if (len == n && n > 0 && strncmp(w, s, n) == 0)
			return 1;
		w += len;
		w += strspn(w, " ");
	}
	return 0;
}

static int
profile_text_ok(const struct profile_field *f, const char *s)
{
	size_t len = strlen(s), i;
	int64_t chars = 0;
	uint32_t cp;
	int n;

	if (f->charset != NULL)
		for (i = 0; i < len; i++)
			if (strchr(f->charset, s[i]) == NULL)
				return 0;
	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) < 0 || utf8_is_invisible(cp))
			return 0;
		s += n;
		len -= n;
		chars++;
	}
	return chars >= f->min && chars <= f->max;
}

/* Says what is wrong with the field at path: rule is marked N_(), translated here. */
static int
profile_field_error(const char *path, const char *rule, char **cause)
{
	char *clean = utf8_sanitize(path);

	/* TRANSLATORS: a profile field's path, then what is wrong with it. */
	error_set(cause, _("%s: %s"), clean, _(rule));
	free(clean);
	return -1;
}

/* Checks a pathology list: canonical names, each once. */
static int
profile_check_pathologies(const struct profile_field *f, const json_t *list,
    char **cause)
{
	const struct pathology *p;
	const char *name;
	char *known, path[32];
	size_t i, j;
	int rc;

	if (!json_is_array(list))
		return profile_field_error(f->path, f->rule, cause);
	for (i = 0; i < json_array_size(list); i++) {
		snprintf(path, sizeof path, "%s[%zu]", f->path, i);
		name = json_string_value(json_array_get(list, i));
		if (name == NULL)
			return profile_field_error(path,
			    N_("must be a pathology name"), cause);
		if ((p = pathology_find(name)) == NULL) {
			known = pathology_names();
			rc = error_set(cause, _("%s: not a known pathology "
			    "(known: %s)"), path, known);
			free(known);
			return rc;
		}
		if (strcmp(p->name, name) != 0)
			return error_set(cause, _("%s: must be written '%s'"),
			    path, p->name);
		for (j = 0; j < i; j++)
			if (strcmp(name, json_string_value(json_array_get(list,
			    j))) == 0)
				return profile_field_error(path,
				    N_("listed twice"), cause);
	}
	return 0;
}

/*
 * Checks an exemption list: names as the cost rules spell them, each once.
 * Whether the rules know each is checked when it is set and when a cost is
 * computed, since the rules are data that may change.
 */
static int
profile_check_exemptions(const struct profile_field *f, const json_t *list,
    char **cause)
{
	const char *name;
	char path[32];
	size_t i, j;

	if (!json_is_array(list))
		return profile_field_error(f->path, f->rule, cause);
	for (i = 0; i < json_array_size(list); i++) {
		snprintf(path, sizeof path, "%s[%zu]", f->path, i);
		name = json_string_value(json_array_get(list, i));
		if (name == NULL || *name == '\0' || strlen(name) > 32 ||
		    strspn(name, "abcdefghijklmnopqrstuvwxyz_") != strlen(name))
			return profile_field_error(path, N_("must be an "
			    "exemption name (letters and _)"), cause);
		for (j = 0; j < i; j++)
			if (strcmp(name, json_string_value(json_array_get(list,
			    j))) == 0)
				return profile_field_error(path,
				    N_("listed twice"), cause);
	}
	return 0;
}

static int	profile_check_object(const json_t *, const char *prefix,
		    char **cause);

static int
profile_check_value(const struct profile_field *f, const json_t *v,
    char **cause)
{
	switch (f->kind) {
	case PROFILE_OBJECT:
		if (!json_is_object(v))
			break;
		return profile_check_object(v, f->path, cause);
	case PROFILE_TEXT:
		if (!json_is_string(v) || !profile_text_ok(f,
		    json_string_value(v)))
			break;
		return 0;
	case PROFILE_CHOICE:
		if (!json_is_string(v) || !profile_choice_ok(f,
		    json_string_value(v)))
			break;
		return 0;
	case PROFILE_INT:
		if (!json_is_integer(v) || json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max)
			break;
		return 0;
	case PROFILE_PATHOLOGIES:
		return profile_check_pathologies(f, v, cause);
	case PROFILE_EXEMPTIONS:
		return profile_check_exemptions(f, v, cause);
	}
	return profile_field_error(f->path, f->rule, cause);
}

/* Checks every key of the object at prefix (NULL: the document) and that none required is missing. */
static int
profile_check_object(const json_t *obj, const char *prefix, char **cause)
{
	const struct profile_field *f;
	const char *key;
	json_t *v;
	char *path;
	int rc;

	json_object_foreach((json_t *)obj, key, v) {
		path = prefix != NULL ? xasprintf("%s.%s", prefix, key) :
		    xstrdup(key);
		f = strchr(key, '.') == NULL ? profile_field_find(path) : NULL;
		rc = f != NULL ? profile_check_value(f, v, cause) :
		    profile_field_error(path, N_("unknown key"), cause);
		free(path);
		if (rc != 0)
			return -1;
	}
	for (f = profile_fields; f->path != NULL; f++)
		if (f->required && profile_field_in(f, prefix) &&
		    json_object_get(obj, profile_leaf(f->path)) == NULL)
			return profile_field_error(f->path, N_("missing"),
			    cause);
	return 0;
}

/* Checks that a well-formed location is a place of the reference, spelt as it spells it. */
static int
profile_check_location(sqlite3 *refdb, const json_t *loc, char **cause)
{
	static const char *const same[][2] = {
		{ "name", "location.name" },
		{ "departement", "location.departement" },
		{ "region", "location.region" },
	};
	struct location_query q;
	struct location_match m;
	const struct location_place *p;
	const char *want[3];
	size_t i;
	int rc = 0;

	memset(&q, 0, sizeof q);
	q.code = json_string_value(json_object_get(loc, "commune_code"));
	q.postal_code = json_string_value(json_object_get(loc, "postal_code"));
	if (location_lookup(refdb, &q, &m, cause) != 0)
		return -1;
	if (m.n == 0) {
		q.postal_code = NULL;
		location_match_free(&m);
		if (location_lookup(refdb, &q, &m, cause) != 0)
			return -1;
		rc = m.n > 0 ? profile_field_error("location.postal_code",
		    N_("not a postcode of that commune"), cause) :
		    profile_field_error("location.commune_code",
		    N_("not a commune of the reference geography"), cause);
		location_match_free(&m);
		return rc;
	}
	p = &m.places[0];
	want[0] = p->name;
	want[1] = p->departement;
	want[2] = p->region;
	for (i = 0; i < 3 && rc == 0; i++)
		if (strcmp(json_string_value(json_object_get(loc, same[i][0])),
		    want[i]) != 0)
			rc = error_set(cause, _("%s: must be '%s' for commune "
			    "%s"), same[i][1], want[i], p->code);
	location_match_free(&m);
	return rc;
}

int
profile_validate(const json_t *doc, sqlite3 *refdb, char **cause)
{
	const json_t *loc;

	if (!json_is_object(doc))
		return error_set(cause, "%s", _("profile: must be a JSON "
		    "object"));
	if (profile_check_object(doc, NULL, cause) != 0)
		return -1;
	if (refdb != NULL && (loc = json_object_get(doc, "location")) != NULL)
		return profile_check_location(refdb, loc, cause);
	return 0;
}

/* A copy of the object at prefix with its keys in the schema's order. */
static json_t *
profile_ordered(const json_t *obj, const char *prefix)
{
	const struct profile_field *f;
	json_t *out = json_object(), *v;

	for (f = profile_fields; f->path != NULL; f++) {
		if (!profile_field_in(f, prefix) ||
		    (v = json_object_get(obj, profile_leaf(f->path))) == NULL)
			continue;
		json_object_set_new(out, profile_leaf(f->path),
		    f->kind == PROFILE_OBJECT ? profile_ordered(v, f->path) :
		    json_deep_copy(v));
	}
	return out;
}

int
profile_load(sqlite3 *udb, json_t **doc, char **cause)
{
	sqlite3_stmt *stmt;
	json_error_t jerr;
	int rc;

	*doc = NULL;
	if (db_prepare(udb, "SELECT document FROM profile WHERE id = 1", &stmt,
	    cause) != 0)
		return -1;
	if ((rc = db_step(stmt, cause)) == DB_ROW) {
		*doc = json_loads((const char *)sqlite3_column_text(stmt, 0), 0,
		    &jerr);
		if (*doc == NULL || !json_is_object(*doc)) {
			json_decref(*doc);
			*doc = NULL;
			error_set(cause, "%s", _("the stored profile is damaged "
			    "(not a JSON object): replace it with 'mediflux "
			    "profile import'"));
		}
	} else if (rc == DB_DONE)
		*doc = json_object();
	sqlite3_finalize(stmt);
	return *doc != NULL ? 0 : -1;
}

int
profile_write(sqlite3 *udb, const json_t *doc, char **cause)
{
	sqlite3_stmt *stmt;
	json_t *ordered;
	char *text;
	int rc;

	if (profile_validate(doc, NULL, cause) != 0)
		return -1;
	ordered = profile_ordered(doc, NULL);
	text = json_dumps(ordered, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(ordered);
	if (text == NULL)
		fatalx("cannot encode the profile");
	if (db_prepare(udb, "INSERT INTO profile (id, document, updated_at)"
	    " VALUES (1, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
	    " ON CONFLICT (id) DO UPDATE SET document = excluded.document,"
	    " updated_at = excluded.updated_at", &stmt, cause) != 0) {
		free(text);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	rc = db_step(stmt, cause) < 0 ? -1 : 0;
	sqlite3_finalize(stmt);
	free(text);
	return rc;
}

static int
profile_save_step(sqlite3 *udb, void *arg, char **cause)
{
	return profile_write(udb, arg, cause);
}

int
profile_save(sqlite3 *udb, const json_t *doc, char **cause)
{
	return dbtx_run(udb, profile_save_step, (void *)doc, cause);
}

int
profile_key_check(const char *key, char **cause)
{
	const char *const *k;
	char *clean, *list, *more;

	for (k = profile_keys; *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 0;
	list = xstrdup(profile_keys[0]);
	for (k = profile_keys + 1; *k != NULL; k++) {
		more = xasprintf("%s, %s", list, *k);
		free(list);
		list = more;
	}
	clean = utf8_sanitize(key);
	error_set(cause, _("unknown profile key '%s' (keys: %s)"), clean,
	    list);
	free(clean);
	free(list);
	return -1;
}

int
profile_key_needs_refdb(const char *key)
{
	return strcmp(key, "location") == 0;
}

/* A copy of s without the spaces at its ends. */
static char *
profile_trimmed(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* A number or text field from what was typed ("200 %" for a percentage). */
static json_t *
profile_parse_scalar(const struct profile_field *f, const char *value,
    char **cause)
{
	json_t *v = NULL;
	char *s, *end;
	size_t n;
	long long i;

	s = profile_trimmed(value);
	if (f->kind == PROFILE_TEXT) {
		if (profile_text_ok(f, s))
			v = json_string(s);
	} else if (f->kind == PROFILE_CHOICE) {
		if (profile_choice_ok(f, s))
			v = json_string(s);
	} else {
		n = strlen(s);
		if (strcmp(f->path, "mutuelle.coverage") == 0 && n > 0 &&
		    s[n - 1] == '%') {
			s[--n] = '\0';
			while (n > 0 && s[n - 1] == ' ')
				s[--n] = '\0';
		}
		errno = 0;
		i = isdigit((unsigned char)*s) ? strtoll(s, &end, 10) : 0;
		if (isdigit((unsigned char)*s) && *end == '\0' && errno == 0 &&
		    i >= f->min && i <= f->max)
			v = json_integer(i);
	}
	free(s);
	if (v == NULL)
		profile_field_error(f->path, f->rule, cause);
	return v;
}

static json_t *
profile_location_json(const struct location_place *p)
{
	json_t *loc = json_object();

	json_object_set_new(loc, "commune_code", json_string(p->code));
	json_object_set_new(loc, "name", json_string(p->name));
	if (p->postal_code != NULL)
		json_object_set_new(loc, "postal_code",
		    json_string(p->postal_code));
	json_object_set_new(loc, "departement", json_string(p->departement));
	json_object_set_new(loc, "region", json_string(p->region));
	return loc;
}

/*
 * The location a commune name or postcode designates; otherwise an error
 * listing the reference's candidates (never what was typed: it is health
 * data once stored).
 */
static json_t *
profile_parse_location(const char *value, sqlite3 *refdb, char **cause)
{
	struct location_match m;
	json_t *loc = NULL;
	char *list, *first;

	if (refdb == NULL)
		fatalx("profile_set: a location needs the reference database");
	if (fold_is_blank(value)) {
		error_set(cause, "%s", _("location: give a commune name, a "
		    "postcode or an INSEE code"));
		return NULL;
	}
	if (location_find(refdb, value, &m, cause) != 0)
		return NULL;
	if (m.n == 1 && !m.suggestions)
		loc = profile_location_json(&m.places[0]);
	else if (m.n == 0 && !m.suggestions)
		error_set(cause, "%s", _("location: no commune of the "
		    "reference geography matches (give a commune name, a "
		    "postcode or an INSEE code)"));
	else if (m.n == 0)
		error_set(cause, "%s", _("location: no commune of the "
		    "reference geography has that name"));
	else {
		list = location_list_labels(&m);
		first = location_label(&m.places[0]);
		if (m.suggestions)
			error_set(cause, _("location: no commune of the "
			    "reference geography has that name; did you mean: "
			    "%s"), list);
		else
			error_set(cause, ngettext("location: %zu place matches: "
			    "%s; write it as shown, e.g. '%s'", "location: %zu "
			    "places match: %s; write one as shown, e.g. '%s'",
			    m.n), m.n, list, first);
		free(list);
		free(first);
	}
	location_match_free(&m);
	return loc;
}

/* A comma-separated list of pathologies, each spelt canonically, each once. */
static json_t *
profile_parse_pathologies(const char *value, char **cause)
{
	const struct pathology *p;
	json_t *list = json_array(), *name;
	char *copy, *item, *next, *known;
	size_t i, n = 0;

	copy = xstrdup(value);
	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if (strspn(item, " \t") == strlen(item))
			continue;
		n++;
		if ((p = pathology_find(item)) == NULL) {
			known = pathology_names();
			error_set(cause, _("pathologies: item %zu is not a "
			    "known pathology (known: %s)"), n, known);
			free(known);
			json_decref(list);
			list = NULL;
			break;
		}
		json_array_foreach(list, i, name)
			if (strcmp(json_string_value(name), p->name) == 0)
				break;
		if (i == json_array_size(list))
			json_array_append_new(list, json_string(p->name));
	}
	free(copy);
	if (list != NULL && n == 0) {
		known = pathology_names();
		error_set(cause, _("pathologies: give one or more of: %s"),
		    known);
		free(known);
		json_decref(list);
		list = NULL;
	}
	return list;
}

/* A comma-separated list of the exemptions the cost rules know, each once. */
static json_t *
profile_parse_exemptions(const char *value, char **cause)
{
	struct cost_rules *rules;
	const char **known;
	json_t *list = json_array(), *name;
	char *copy, *item, *next, *path, *names = NULL, *t;
	size_t i, n = 0, k;

	if ((path = cost_rules_path(NULL)) == NULL) {
		json_decref(list);
		error_set(cause, "%s", _("exemptions: no cost rules to check "
		    "them against (rules/medicines.csv is not installed; "
		    "MEDIFLUX_RULES)"));
		return NULL;
	}
	rules = cost_rules_load(path, cause);
	free(path);
	if (rules == NULL) {
		json_decref(list);
		return NULL;
	}
	known = cost_rules_exemptions(rules);
	for (k = 0; known[k] != NULL; k++) {
		t = xasprintf("%s%s%s", names != NULL ? names : "", k > 0 ? ", " :
		    "", known[k]);
		free(names);
		names = t;
	}
	copy = xstrdup(value);
	for (item = copy; item != NULL && list != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		t = xstrdup(item + strspn(item, " \t"));
		t[strcspn(t, " \t")] = '\0';
		if (*t == '\0') {
			free(t);
			continue;
		}
		n++;
		for (k = 0; known[k] != NULL && strcmp(known[k], t) != 0; k++)
			;
		if (known[k] == NULL) {
			error_set(cause, _("exemptions: item %zu is not an "
			    "exemption the cost rules know (known: %s)"), n,
			    names);
			json_decref(list);
			list = NULL;
		} else {
			json_array_foreach(list, i, name)
				if (strcmp(json_string_value(name), t) == 0)
					break;
			if (i == json_array_size(list))
				json_array_append_new(list, json_string(t));
		}
		free(t);
	}
	if (list != NULL && n == 0) {
		error_set(cause, _("exemptions: give one or more of: %s"),
		    names);
		json_decref(list);
		list = NULL;
	}
	free(copy);
	free(names);
	free(known);
	cost_rules_free(rules);
	return list;
}

/* Sets a dotted path of doc, creating its object; steals v. */
static void
profile_put(json_t *doc, const char *path, json_t *v)
{
	const char *dot = strchr(path, '.');
	json_t *parent;
	char *head;

	if (dot == NULL) {
		json_object_set_new(doc, path, v);
		return;
	}
	head = xstrndup(path, dot - path);
	if (!json_is_object(parent = json_object_get(doc, head))) {
		parent = json_object();
		json_object_set_new(doc, head, parent);
	}
	json_object_set_new(parent, dot + 1, v);
	free(head);
}

/* Puts doc's keys back in the schema's order, so that documents read the same however made. */
static void
profile_reorder(json_t *doc)
{
	json_t *ordered = profile_ordered(doc, NULL);

	json_object_clear(doc);
	json_object_update(doc, ordered);
	json_decref(ordered);
}

int
profile_set(json_t *doc, const char *key, const char *value, sqlite3 *refdb,
    char **cause)
{
	json_t *v;

	if (profile_key_check(key, cause) != 0)
		return -1;
	if (strcmp(key, "location") == 0)
		v = profile_parse_location(value, refdb, cause);
	else if (strcmp(key, "pathologies") == 0)
		v = profile_parse_pathologies(value, cause);
	else if (strcmp(key, "exemptions") == 0)
		v = profile_parse_exemptions(value, cause);
	else
		v = profile_parse_scalar(profile_field_find(key), value, cause);
	if (v == NULL)
		return -1;
	profile_put(doc, key, v);
	profile_reorder(doc);
	return 0;
}

int
profile_unset(json_t *doc, const char *key, char **cause)
{
	const char *dot;
	json_t *parent;
	char *head;

	if (profile_key_check(key, cause) != 0)
		return -1;
	if ((dot = strchr(key, '.')) == NULL) {
		json_object_del(doc, key);
		return 0;
	}
	head = xstrndup(key, dot - key);
	if (json_is_object(parent = json_object_get(doc, head))) {
		json_object_del(parent, dot + 1);
		if (json_object_size(parent) == 0)
			json_object_del(doc, head);
	}
	free(head);
	return 0;
}

struct profile_change {
	const char	*key;
	const char	*value;		/* NULL: unset */
	sqlite3		*refdb;
};

static int
profile_change_step(sqlite3 *udb, void *arg, char **cause)
{
	struct profile_change *c = arg;
	json_t *doc;
	int rc;

	if (profile_load(udb, &doc, cause) != 0)
		return -1;
	if (c->value != NULL)
		rc = profile_set(doc, c->key, c->value, c->refdb, cause);
	else
		rc = profile_unset(doc, c->key, cause);
	if (rc == 0)
		rc = profile_write(udb, doc, cause);
	json_decref(doc);
	return rc;
}

int
profile_store_key(sqlite3 *udb, const char *key, const char *value,
    sqlite3 *refdb, char **cause)
{
	struct profile_change c = { key, value, refdb };

	return dbtx_run(udb, profile_change_step, &c, cause);
}

int64_t
profile_preference_default(const char *name)
{
	int i;

	for (i = 0; profile_defaults[i].name != NULL; i++)
		if (strcmp(profile_defaults[i].name, name) == 0)
			return profile_defaults[i].value;
	fatalx("no preference named %s", name);
}

const char *
profile_preference_text(const json_t *doc, const char *name)
{
	json_t *prefs = json_object_get(doc, "preferences");
	json_t *v = json_is_object(prefs) ? json_object_get(prefs, name) : NULL;

	return json_string_value(v);
}

int64_t
profile_preference(const json_t *doc, const char *name)
{
	json_t *prefs = json_object_get(doc, "preferences");
	json_t *v = json_is_object(prefs) ? json_object_get(prefs, name) : NULL;

	return json_is_integer(v) ? json_integer_value(v) :
	    profile_preference_default(name);
}

/* The location as people read it: "Saint-Étienne (42, 42000), INSEE 42218". */
static char *
profile_format_location(const json_t *loc)
{
	struct location_place p;
	const char *code;
	char *label, *text;

	memset(&p, 0, sizeof p);
	code = json_string_value(json_object_get(loc, "commune_code"));
	p.name = (char *)json_string_value(json_object_get(loc, "name"));
	p.departement = (char *)json_string_value(json_object_get(loc,
	    "departement"));
	p.postal_code = (char *)json_string_value(json_object_get(loc,
	    "postal_code"));
	if (code == NULL || p.name == NULL || p.departement == NULL)
		return NULL;
	label = location_label(&p);
	text = xasprintf("%s, INSEE %s", label, code);
	free(label);
	return text;
}

char *
profile_format(const json_t *doc, const char *key)
{
	char pct[48];
	json_t *v = profile_get(doc, key), *item;
	char *text, *more;
	size_t i;

	if (strcmp(key, "preferences.language") == 0)
		return json_is_string(v) ? xstrdup(json_string_value(v)) :
		    xasprintf(_("%s (default: the locale's)"), i18n_language());
	if (strncmp(key, "preferences.", 12) == 0) {
		if (json_is_integer(v))
			return xasprintf("%lld", (long long)json_integer_value(v));
		return xasprintf(_("%lld (default)"),
		    (long long)profile_preference_default(key + 12));
	}
	if (v == NULL)
		return NULL;
	if (strcmp(key, "location") == 0)
		return profile_format_location(v);
	if (strcmp(key, "mutuelle.coverage") == 0)
		return xstrdup(texttable_percent((double)
		    json_integer_value(v), 0, 0, pct));
	if (json_is_array(v)) {
		text = xstrdup("");
		json_array_foreach(v, i, item) {
			more = xasprintf("%s%s%s", text, i > 0 ? ", " : "",
			    json_string_value(item) != NULL ?
			    json_string_value(item) : "");
			free(text);
			text = more;
		}
		return text;
	}
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

char *
profile_location_label(const json_t *doc)
{
	const json_t *loc = json_object_get(doc, "location");
	struct location_place p;

	memset(&p, 0, sizeof p);
	p.name = (char *)json_string_value(json_object_get(loc, "name"));
	p.departement = (char *)json_string_value(json_object_get(loc,
	    "departement"));
	p.postal_code = (char *)json_string_value(json_object_get(loc,
	    "postal_code"));
	if (p.name == NULL || p.departement == NULL)
		return NULL;
	return location_label(&p);
}
