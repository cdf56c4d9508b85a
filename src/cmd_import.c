/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "dbfile.h"
#include "i18n.h"
#include "import.h"
#include "pathkind.h"
#include "out.h"
#include "refdb_update.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum { IMPORT_OPT_GEOGRAPHY, IMPORT_OPT_YEAR, IMPORT_OPT_SAMPLE, IMPORT_OPT_QUIET,
    IMPORT_OPT_SHARED };

static const struct cmd_option import_options[] = {
	{ "geography", NC_("placeholder", "DB"),
	    N_("where a new database's geography comes from (default: the "
	    "bundled database)") },
	{ "year", NC_("placeholder", "YEAR"),
	    N_("year of Open Medic files not named OPEN_MEDIC_<YEAR>") },
	{ "sample", NULL, N_("mark the data as generated sample data") },
	{ "quiet", NULL, N_("print nothing but errors (no progress, no "
	    "summary)") },
	/* TRANSLATORS: %s is the shared database's group. */
	{ "shared", NULL, N_("into the shared database (group %s only)") },
	{ NULL, NULL, NULL },
};

enum { ROLLBACK_OPT_SHARED };

static const struct cmd_option rollback_options[] = {
	/* TRANSLATORS: %s is the shared database's group. */
	{ "shared", NULL, N_("the shared database (group %s only)") },
	{ NULL, NULL, NULL },
};

/*
 * Whether this user may update the shared database, asked before any work so
 * that someone outside the group is told how to get the right rather than
 * meeting a failed lock or copy; what says what was attempted.
 */
static int
import_shared_check(const char *target, const char *what, char **cause)
{
	char *dir = dbfile_dirname(target);
	const char *denied = NULL;
	int rc = 0;

	if (access(dir, W_OK | X_OK) != 0)
		denied = dir;
	else if (access(target, F_OK) == 0 && access(target, R_OK | W_OK) != 0)
		denied = target;
	if (denied != NULL && errno == ENOENT)
		rc = error_set(cause, _("%s: %s (make install creates the "
		    "shared database's directory)"), denied, strerror(errno));
	else if (denied != NULL && (errno == EACCES || errno == EPERM))
		/*
		 * TRANSLATORS: the third %s is "importing into", "updating" or
		 * "rolling back".
		 */
		rc = error_set(cause, _("%s: %s: %s the shared database needs "
		    "membership of group %s"), denied, strerror(errno), what,
		    MEDIFLUX_SHARED_GROUP);
	else if (denied != NULL)
		rc = error_set(cause, "%s: %s", denied, strerror(errno));
	free(dir);
	return rc;
}

/*
 * Where import, update and rollback write (refused when a device, a FIFO or a
 * directory), with our data directory created (0700, shared with the private
 * user database) when it is the default; the shared database's directory is
 * make install's, never created here.
 */
char *
cmd_import_target(const struct path_env *env, int shared, const char *what)
{
	enum path_origin origin;
	char *target, *cause = NULL;

	target = paths_import_target(env, shared, &origin, &cause);
	/* Before any work (update's downloads): a device or FIFO is no database. */
	if (target != NULL && pathkind_check_regular(target, 1, &cause) != 0) {
		free(target);
		target = NULL;
	}
	if (target != NULL && origin == PATH_XDG &&
	    dbfile_make_parents(target, &cause) != 0) {
		free(target);
		target = NULL;
	}
	if (target != NULL && origin == PATH_SHARED &&
	    import_shared_check(target, what, &cause) != 0) {
		free(target);
		target = NULL;
	}
	if (target == NULL) {
		cmd_fail(cause);
		free(cause);
	}
	return target;
}

/* Prints each line of a list behind its label, sanitised (out_printf). */
static void
import_print_lines(FILE *f, const char *label, char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out_printf(f, "%s%s\n", label, lines[i]);
}

void
cmd_import_print_entries(const struct import_report *rep)
{
	import_print_lines(stdout, _("not used: "), rep->not_used,
	    rep->nnot_used);
	import_print_lines(stdout, _("not recognised: "), rep->not_recognised,
	    rep->nnot_recognised);
}

void
cmd_import_print_warnings(const struct import_report *rep)
{
	import_print_lines(stderr, _("mediflux: warning: "), rep->warnings,
	    rep->nwarnings);
}

static void
import_print_text(const char *target, const struct import_report *rep)
{
	static const char *const head[7] = {
		N_("dataset"), N_("year"), N_("file"), N_("read"), N_("kept"),
		N_("rejected"), N_("sample"),
	};
	const char *heads[7];
	struct texttable *t;
	char year[16], b1[32], b2[32], b3[32], took[48];
	const char *cells[7];
	size_t i;
	int c;

	t = texttable_new(7);
	for (c = 3; c < 6; c++)
		texttable_align_right(t, c);
	for (c = 0; c < 7; c++)
		heads[c] = _(head[c]);
	texttable_add(t, heads);
	for (i = 0; i < rep->ndatasets; i++) {
		const struct dataset_record *d = &rep->datasets[i];

		snprintf(year, sizeof year, "%d", d->year);
		cells[0] = d->kind;
		cells[1] = d->year ? year : "";
		cells[2] = d->file_name;
		cells[3] = texttable_int(d->rows_read, b1);
		cells[4] = texttable_int(d->rows_kept, b2);
		cells[5] = texttable_int(d->rows_rejected, b3);
		cells[6] = d->sample ? _("yes") : _("no");
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
	cmd_import_print_entries(rep);
	out_printf(stdout, rep->created ? _("%s created in %s s\n") :
	    _("%s updated in %s s\n"), target,
	    texttable_decimal(rep->duration_ms / 1000.0, 1, took));
}

static json_t *
import_json_list(char **lines, size_t n)
{
	json_t *list = json_array();
	char *clean;
	size_t i;

	for (i = 0; i < n; i++) {
		clean = utf8_sanitize(lines[i]);
		json_array_append_new(list, json_string(clean));
		free(clean);
	}
	return list;
}

void
cmd_import_json_entries(json_t *o, const struct import_report *rep)
{
	json_object_set_new(o, "not_used", import_json_list(rep->not_used,
	    rep->nnot_used));
	json_object_set_new(o, "not_recognised",
	    import_json_list(rep->not_recognised, rep->nnot_recognised));
	json_object_set_new(o, "warnings", import_json_list(rep->warnings,
	    rep->nwarnings));
}

static void
import_print_json(const char *target, const struct import_report *rep)
{
	json_t *o = json_object(), *list = json_array(), *d, *totals;
	size_t i;

	for (i = 0; i < rep->ndatasets; i++) {
		const struct dataset_record *r = &rep->datasets[i];

		d = json_object();
		json_object_set_new(d, "kind", json_string(r->kind));
		json_object_set_new(d, "year", r->year ? json_integer(r->year) :
		    json_null());
		json_object_set_new(d, "source", json_string(r->source));
		json_object_set_new(d, "file_name", json_string(r->file_name));
		json_object_set_new(d, "file_size", json_integer(r->file_size));
		json_object_set_new(d, "sha256", json_string(r->sha256));
		json_object_set_new(d, "rows_read", json_integer(r->rows_read));
		json_object_set_new(d, "rows_kept", json_integer(r->rows_kept));
		json_object_set_new(d, "rows_rejected", json_integer(r->rows_rejected));
		totals = json_loads(r->control_totals, 0, NULL);
		json_object_set_new(d, "control_totals", totals != NULL ? totals :
		    json_null());
		json_object_set_new(d, "sample", json_boolean(r->sample));
		json_array_append_new(list, d);
	}
	json_object_set_new(o, "database", json_string(target));
	json_object_set_new(o, "created", json_boolean(rep->created));
	json_object_set_new(o, "datasets", list);
	cmd_import_json_entries(o, rep);
	json_object_set_new(o, "duration_ms", json_integer(rep->duration_ms));
	out_json(stdout, o, JSON_INDENT(2) | JSON_SORT_KEYS);
}

static int
import_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct import_options opt;
	struct import_report rep;
	struct path_env env;
	char *target, *geography, *cause = NULL;
	int rc, shared;

	memset(&opt, 0, sizeof opt);
	if (ctx->option[IMPORT_OPT_YEAR] != NULL) {
		if ((rc = cmd_option_int(e, "year", ctx->option[IMPORT_OPT_YEAR],
		    1990, 2100, &opt.year)) != 0)
			return rc;
	}
	shared = ctx->option[IMPORT_OPT_SHARED] != NULL;
	if (shared && ctx->db_option != NULL)
		return cmd_usage_error(e, _("--shared and --db cannot go "
		    "together"));
	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	target = cmd_import_target(&env, shared, _("importing into"));
	geography = ctx->option[IMPORT_OPT_GEOGRAPHY] != NULL ?
	    xstrdup(ctx->option[IMPORT_OPT_GEOGRAPHY]) : paths_bundled_refdb(&env);
	paths_env_free(&env);
	if (target == NULL) {
		free(geography);
		return 1;
	}
	opt.target = target;
	opt.geography = geography;
	opt.sample = ctx->option[IMPORT_OPT_SAMPLE] != NULL;
	opt.progress = ctx->option[IMPORT_OPT_QUIET] == NULL && isatty(2);
	xmalloc_give_back_freed();
	rc = import_run(&opt, args, nargs, &rep, &cause);
	if (rc != 0) {
		cmd_fail(cause);
		free(cause);
	} else {
		/* Rows set aside are told even when the summary is not wanted. */
		if (!(flags & CMD_OPT_JSON))
			cmd_import_print_warnings(&rep);
		if (flags & CMD_OPT_JSON)
			import_print_json(target, &rep);
		else if (ctx->option[IMPORT_OPT_QUIET] == NULL)
			import_print_text(target, &rep);
		import_report_free(&rep);
	}
	free(target);
	free(geography);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_import_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"import", NC_("usage", "import [--db PATH | --shared] FILE..."),
	N_("load published files (FINESS, SAE, Open Medic, DREES)"),
	/* TRANSLATORS: %s is the shared database's group. */
	N_("Loads the files exactly as the agencies publish them: CSV, "
	"gzip, zip,\n"
	"7z or tar, in Latin-1 or UTF-8; each table's kind is recognised from its\n"
	"content. Everything is loaded into a copy of the reference database,\n"
	"checked, then put in place in one step: on any error the database is\n"
	"left exactly as it was, and the version replaced is kept for 'mediflux\n"
	"rollback'. Re-importing a dataset replaces it.\n"
	"Without --db, it goes into your own database under XDG_DATA_HOME (which\n"
	"you then browse instead of the shared one); --shared updates the shared\n"
	"database every user browses (members of group %s only)."),
	CMD_OPT_JSON, 1, 4096, import_exec, import_options,
};

static int
rollback_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct path_env env;
	char *target, *cause = NULL;
	int rc, shared;

	(void)args;
	(void)nargs;
	(void)flags;
	shared = ctx->option[ROLLBACK_OPT_SHARED] != NULL;
	if (shared && ctx->db_option != NULL)
		return cmd_usage_error(e, _("--shared and --db cannot go "
		    "together"));
	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	target = cmd_import_target(&env, shared, _("rolling back"));
	paths_env_free(&env);
	if (target == NULL)
		return 1;
	if ((rc = refdb_rollback(target, &cause)) != 0) {
		cmd_fail(cause);
		free(cause);
	} else
		out_printf(stdout, _("%s is back to the version before the "
		    "last import; 'mediflux rollback' again returns to that "
		    "import\n"), target);
	free(target);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_rollback_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"rollback", NC_("usage", "rollback [--db PATH | --shared]"),
	N_("return to the database as it was before the last import"),
	/* TRANSLATORS: %s is the shared database's group. */
	N_("Swaps the reference database with the version the last import "
	"replaced\n"
	"(kept beside it as FILE.prev), after checking that version. Running it\n"
	"again swaps back. --shared does it to the shared database (members of\n"
	"group %s only)."),
	0, 0, 0, rollback_exec, rollback_options,
};
