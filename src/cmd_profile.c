/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "cmd_user.h"
#include "dbfile.h"
#include "dbtx.h"
#include "i18n.h"
#include "ordonnance_keep.h"
#include "pathkind.h"
#include "out.h"
#include "profile.h"
#include "query.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * A profile file larger than this is not one: room for the prescriptions
 * kept that it carries (ORD_KEEP_IMPORT_MAX of some 2 kB each).
 */
#define PROFILE_FILE_MAX (32L * 1024 * 1024)

/* Opens the user database or reports why not. */
static sqlite3 *
profile_open_user(const struct cmd_context *ctx)
{
	char *cause = NULL;
	sqlite3 *udb;

	if ((udb = cmd_user_open(ctx, &cause)) == NULL)
		cmd_user_fail(cause);
	return udb;
}

/* Reads the stored document or reports why not. */
static json_t *
profile_read(const struct cmd_context *ctx)
{
	sqlite3 *udb;
	json_t *doc = NULL;
	char *cause = NULL;

	if ((udb = profile_open_user(ctx)) == NULL)
		return NULL;
	if (profile_load(udb, &doc, &cause) != 0)
		cmd_user_fail(cause);
	sqlite3_close(udb);
	return doc;
}

static int
profile_show(const struct cmd_context *ctx, int json)
{
	struct texttable *t;
	const char *const *key;
	const char *cells[2];
	json_t *doc;
	char *value;

	if ((doc = profile_read(ctx)) == NULL)
		return 1;
	if (json) {
		cmd_json_print(doc);
		return 0;
	}
	t = texttable_new(2);
	for (key = profile_keys; *key != NULL; key++) {
		value = profile_format(doc, *key);
		cells[0] = *key;
		cells[1] = value != NULL ? value : _("(not set)");
		texttable_add(t, cells);
		free(value);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
	json_decref(doc);
	return 0;
}

/* Sets (value not NULL) or unsets one key, then prints what it now holds. */
static int
profile_change(const struct cmd_context *ctx, const struct cmd_entry *e,
    const char *key, const char *value)
{
	struct query_db *q = NULL;
	sqlite3 *udb;
	json_t *doc;
	char *cause = NULL, *clean, *shown;
	int rc;

	if (profile_key_check(key, &cause) != 0) {
		rc = cmd_user_usage(e, "%s", cause);
		free(cause);
		return rc;
	}
	if (value != NULL && profile_key_needs_refdb(key) &&
	    (q = cmd_query_open(ctx)) == NULL)
		return 1;
	if ((udb = profile_open_user(ctx)) == NULL) {
		query_db_free(q);
		return 1;
	}
	rc = profile_store_key(udb, key, value, q != NULL ? q->db : NULL,
	    &cause);
	if (rc == 0)
		rc = profile_load(udb, &doc, &cause);
	sqlite3_close(udb);
	query_db_free(q);
	if (rc != 0)
		return cmd_user_fail(cause);
	shown = profile_format(doc, key);
	clean = utf8_sanitize(shown != NULL ? shown : _("(not set)"));
	/* TRANSLATORS: a profile key, as typed, and its new value. */
	out_printf(stdout, _("%s: %s\n"), key, clean);
	free(clean);
	free(shown);
	json_decref(doc);
	return 0;
}

/* Writes text to path in one step: a private temporary file beside it, renamed over it. */
static int
profile_write_file(const char *path, const char *text, char **cause)
{
	struct dbfile_atomic a;

	if (dbfile_atomic_open(&a, path, cause) != 0)
		return -1;
	if (fputs(text, a.f) == EOF) {
		error_set(cause, "%s: %s", path, strerror(errno));
		dbfile_atomic_abort(&a);
		return -1;
	}
	return dbfile_atomic_commit(&a, cause);
}

/*
 * The profile with the prescriptions kept (src/ordonnance_keep.h), under
 * "prescriptions" when there are any: a file made before there were any
 * reads the same. Their numbers stay behind, another database has its own.
 */
static json_t *
profile_read_all(const struct cmd_context *ctx)
{
	sqlite3 *udb;
	json_t *doc = NULL, *kept = NULL, *d;
	char *cause = NULL;
	size_t i;

	if ((udb = profile_open_user(ctx)) == NULL)
		return NULL;
	if (profile_load(udb, &doc, &cause) != 0 ||
	    ordonnance_kept_list(udb, &kept, &cause) != 0) {
		json_decref(doc);
		doc = NULL;
		cmd_user_fail(cause);
	}
	sqlite3_close(udb);
	if (doc == NULL)
		return NULL;
	if (json_array_size(kept) > 0) {
		/* Oldest first, as they were kept. */
		json_array_foreach(kept, i, d)
			json_object_del(d, "id");
		for (i = 0; i < json_array_size(kept) / 2; i++) {
			d = json_incref(json_array_get(kept, i));
			json_array_set(kept, i, json_array_get(kept,
			    json_array_size(kept) - 1 - i));
			json_array_set_new(kept, json_array_size(kept) - 1 - i,
			    d);
		}
		json_object_set(doc, "prescriptions", kept);
	}
	json_decref(kept);
	return doc;
}

static int
profile_export(const struct cmd_context *ctx, const char *path)
{
	json_t *doc, *clean;
	char *text, *line, *cause = NULL;
	int rc = 0;

	if ((doc = profile_read_all(ctx)) == NULL)
		return 1;
	/* Sanitised: a value stored before invisible characters were refused. */
	clean = out_json_sanitized(doc);
	json_decref(doc);
	text = json_dumps(clean, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(clean);
	if (text == NULL)
		fatalx("cannot encode the profile");
	if (path == NULL || strcmp(path, "-") == 0)
		puts(text);
	else {
		/* json_dumps leaves the final newline to us. */
		line = xasprintf("%s\n", text);
		if (profile_write_file(path, line, &cause) != 0)
			rc = cmd_user_fail(cause);
		free(line);
	}
	free(text);
	return rc;
}

/*
 * Reads a profile file, without quoting its content in errors: JSON parse
 * messages are cut before "near '...'", which would.
 */
static json_t *
profile_read_file(const char *path, char **cause)
{
	json_error_t jerr;
	struct stat st;
	json_t *doc;
	char *near;
	FILE *f;
	int fd;

	if ((fd = pathkind_open_read(path, cause)) < 0)
		return NULL;
	if ((f = fdopen(fd, "r")) == NULL) {
		error_set(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || st.st_size > PROFILE_FILE_MAX) {
		error_set(cause, _("%s: not a profile file (a JSON document "
		    "of at most 32 MiB)"), path);
		fclose(f);
		return NULL;
	}
	utf8_skip_bom(f);
	doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (doc == NULL) {
		if ((near = strstr(jerr.text, " near ")) != NULL)
			*near = '\0';
		/* TRANSLATORS: the file, then where, then what is wrong. */
		error_set(cause, _("%s: line %d, column %d: %s"), path,
		    jerr.line, jerr.column, out_json_error(&jerr));
	}
	return doc;
}

/* What profile import writes, in one transaction: the profile, and the prescriptions kept. */
struct profile_import {
	const json_t	*doc;
	const json_t	*kept;
	int64_t		 added;
};

static int
profile_import_step(sqlite3 *udb, void *arg, char **cause)
{
	struct profile_import *imp = arg;

	imp->added = 0;
	if (profile_write(udb, imp->doc, cause) != 0)
		return -1;
	/* Those kept already stay, once: importing twice adds nothing. */
	return imp->kept != NULL ? ordonnance_kept_add(udb, imp->kept,
	    &imp->added, cause) : 0;
}

static int
profile_import(const struct cmd_context *ctx, const char *path)
{
	struct profile_import imp;
	struct query_db *q = NULL;
	sqlite3 *udb;
	json_t *doc, *kept;
	char *cause = NULL, *clean;
	int64_t added = 0;
	int rc;

	/* Everything is checked before the user database is even opened. */
	if ((doc = profile_read_file(path, &cause)) == NULL)
		return cmd_user_fail(cause);
	/* The prescriptions kept are no part of the profile's document. */
	kept = json_incref(json_object_get(doc, "prescriptions"));
	json_object_del(doc, "prescriptions");
	rc = kept != NULL ? ordonnance_kept_check(kept, &cause) : 0;
	if (rc == 0)
		rc = profile_validate(doc, NULL, &cause);
	if (rc == 0 && json_object_get(doc, "location") != NULL) {
		if ((q = cmd_query_open(ctx)) == NULL) {
			json_decref(doc);
			return 1;
		}
		rc = profile_validate(doc, q->db, &cause);
		query_db_free(q);
	}
	if (rc != 0) {
		json_decref(doc);
		json_decref(kept);
		clean = xasprintf("%s: %s", path, cause);
		free(cause);
		return cmd_user_fail(clean);
	}
	if ((udb = profile_open_user(ctx)) == NULL) {
		json_decref(doc);
		json_decref(kept);
		return 1;
	}
	imp.doc = doc;
	imp.kept = kept;
	rc = dbtx_run(udb, profile_import_step, &imp, &cause);
	added = imp.added;
	sqlite3_close(udb);
	json_decref(doc);
	json_decref(kept);
	if (rc != 0)
		return cmd_user_fail(cause);
	clean = utf8_sanitize(path);
	out_printf(stdout, _("Profile imported from %s\n"), clean);
	free(clean);
	if (added > 0)
		out_printf(stdout, ngettext("%lld prescription kept added\n",
		    "%lld prescriptions kept added\n", (unsigned long)added),
		    (long long)added);
	return 0;
}

static int
profile_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	static const struct {
		const char	*verb;
		int		 min, max;
	} verbs[] = {
		{ "show", 0, 0 },
		{ "set", 2, 2 },
		{ "unset", 1, 1 },
		{ "export", 0, 1 },
		{ "import", 1, 1 },
	};
	const char *verb = args[0];
	size_t i;
	int n = nargs - 1;

	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(verbs[i].verb, verb) == 0)
			break;
	if (i == sizeof verbs / sizeof verbs[0])
		return cmd_user_usage(e, "%s", _("unknown action (show, set, "
		    "unset, export or import)"));
	if (n < verbs[i].min)
		return cmd_user_usage(e, _("%s: missing argument"), verb);
	if (n > verbs[i].max)
		return cmd_user_usage(e, _("%s: too many arguments"), verb);
	if ((flags & CMD_OPT_JSON) && strcmp(verb, "show") != 0)
		return cmd_user_usage(e, "%s", _("--json goes with show only"));
	switch (i) {
	case 0:
		return profile_show(ctx, flags & CMD_OPT_JSON);
	case 1:
		return profile_change(ctx, e, args[1], args[2]);
	case 2:
		return profile_change(ctx, e, args[1], NULL);
	case 3:
		return profile_export(ctx, n == 1 ? args[1] : NULL);
	default:
		return profile_import(ctx, args[1]);
	}
}

const struct cmd_entry cmd_profile_entry = {
	"profile",
	/* TRANSLATORS: only the placeholders, in capitals. */
	NC_("usage", "profile show [--json] | set KEY VALUE | unset KEY | "
	"export [FILE] | import FILE"),
	N_("your profile: mutuelle, location, pathologies, preferences"),
	N_("Shows or changes your profile, kept private in your user database.\n"
	"Keys for set and unset:\n"
	"  mutuelle.name             your mutuelle's name\n"
	"  mutuelle.coverage         its cover, in percent of the base de\n"
	"                            remboursement (100 to 500)\n"
	"  location                  a commune name or a postcode: 'Lyon',\n"
	"                            '42000', '01000 Bourg-en-Bresse',\n"
	"                            'Saint-Denis (974)' or an INSEE code\n"
	"  pathologies               comma-separated: 'diabète, asthme'\n"
	"  preferences.history_days  keep history this many days (365)\n"
	"  preferences.history_max   keep at most this many entries (10000)\n"
	"  preferences.language      the interface's language, en or fr\n"
	"                            (unset: the locale's)\n"
	"export writes the profile as JSON to FILE (private, 0600) or to the\n"
	"standard output, with the prescriptions kept (mediflux ordonnance\n"
	"--keep) under \"prescriptions\"; import replaces the profile with FILE's\n"
	"and adds the prescriptions not kept yet, after checking all of it: a\n"
	"bad file changes nothing."),
	CMD_OPT_JSON, 1, 3, profile_exec, NULL,
};
