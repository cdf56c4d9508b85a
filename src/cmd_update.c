/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"
#include "out.h"
#include "texttable.h"
#include "update.h"
#include "utf8.h"
#include "xmalloc.h"

#define UPDATE_SOURCES_NAME	"sources.json"
#define UPDATE_MAX_YEARS	64

enum { UPDATE_OPT_SHARED, UPDATE_OPT_DRY_RUN, UPDATE_OPT_YEARS,
    UPDATE_OPT_SOURCES, UPDATE_OPT_QUIET, UPDATE_OPT_GEOGRAPHY };

static const struct cmd_option update_options[] = {
	/* TRANSLATORS: %s is the shared database's group. */
	{ "shared", NULL, N_("update the shared database (group %s only)") },
	{ "dry-run", NULL, N_("list what would be fetched, with sizes, and "
	    "stop") },
	{ "years", NC_("placeholder", "LIST"),
	    N_("SAE and Open Medic years only (2023,2024 or 2020-2024)") },
	{ "sources", NC_("placeholder", "FILE"),
	    N_("the catalogue to read (default: MEDIFLUX_SOURCES, else the "
	    "installed sources.json)") },
	{ "quiet", NULL, N_("print nothing but errors (no progress, no "
	    "summary)") },
	{ "geography", NC_("placeholder", "DB"),
	    N_("where a new database's geography comes from (default: the "
	    "bundled database)") },
	{ NULL, NULL, NULL },
};

/* Parses --years: years and ranges separated by commas; -1 when malformed. */
static int
update_parse_years(const char *s, int *years, size_t *n)
{
	char *end;
	long a, b;

	*n = 0;
	for (;;) {
		a = strtol(s, &end, 10);
		if (end == s || a < 1990 || a > 2100)
			return -1;
		b = a;
		if (*end == '-') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s || b < a || b > 2100)
				return -1;
		}
		for (; a <= b; a++) {
			if (*n == UPDATE_MAX_YEARS)
				return -1;
			years[(*n)++] = (int)a;
		}
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -1;
		s = end + 1;
	}
}

/* The last line of an update: up to date, or what was fetched and imported. */
static void
update_print_summary(const char *target, const struct update_report *rep,
    size_t fetched, size_t current)
{
	char *files, *count, took[48];

	if (fetched == 0) {
		files = xasprintf(ngettext("%zu file unchanged",
		    "%zu files unchanged", current), current);
		count = xasprintf(ngettext("%d request", "%d requests",
		    (unsigned long)rep->requests), rep->requests);
		/*
		 * TRANSLATORS: "DB is up to date (5 files unchanged, 8
		 * requests)".
		 */
		out_printf(stdout, _("%s is up to date (%s, %s)\n"), target,
		    files, count);
	} else {
		count = xasprintf(ngettext("%zu dataset", "%zu datasets",
		    rep->import.ndatasets), rep->import.ndatasets);
		files = xasprintf(ngettext("%zu file", "%zu files", fetched),
		    fetched);
		/*
		 * TRANSLATORS: "DB created: 3 datasets from 4 files fetched, 1
		 * up to date, in 2.5 s".
		 */
		out_printf(stdout, rep->import.created ?
		    _("%s created: %s from %s fetched, %zu up to date, in "
		    "%s s\n") :
		    _("%s updated: %s from %s fetched, %zu up to date, in "
		    "%s s\n"), target, count, files, current,
		    texttable_decimal(rep->import.duration_ms / 1000.0, 1,
		    took));
	}
	free(files);
	free(count);
}

static void
update_print_text(const char *target, const struct update_report *rep,
    int dry_run)
{
	struct texttable *t;
	const char *cells[5];
	char year[16], size[32];
	size_t i, fetched = 0, current = 0;
	char *clean[3];
	int k;

	t = texttable_new(5);
	texttable_align_right(t, 3);
	for (i = 0; i < rep->nfiles; i++) {
		const struct update_file *f = &rep->files[i];

		snprintf(year, sizeof year, "%d", f->year);
		if (f->size >= 0)
			texttable_int(f->size, size);
		else
			snprintf(size, sizeof size, "?");
		clean[0] = utf8_sanitize(f->source);
		clean[1] = utf8_sanitize(f->name);
		clean[2] = utf8_sanitize(f->url);
		cells[0] = clean[0];
		cells[1] = f->year != 0 ? year : "";
		cells[2] = clean[1];
		cells[3] = size;
		cells[4] = _(update_state_name(f->state));
		texttable_add(t, cells);
		for (k = 0; k < 3; k++)
			free(clean[k]);
		fetched += f->state == UPDATE_FETCHED;
		current += f->state == UPDATE_UP_TO_DATE;
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
	if (dry_run) {
		printf(ngettext("%zu file would be fetched",
		    "%zu files would be fetched", rep->nfiles), rep->nfiles);
		printf(ngettext(" (dry run: %d catalogue request made)\n",
		    " (dry run: %d catalogue requests made)\n",
		    (unsigned long)rep->requests), rep->requests);
		return;
	}
	cmd_import_print_entries(&rep->import);
	update_print_summary(target, rep, fetched, current);
}

/* A JSON string of an external text (a URL, a published file name), sanitised. */
static json_t *
update_json_text(const char *s)
{
	char *clean = utf8_sanitize(s);
	json_t *j = json_string(clean);

	free(clean);
	return j;
}

static void
update_print_json(const char *target, const struct update_report *rep,
    int dry_run)
{
	json_t *o = json_object(), *list = json_array(), *d;
	size_t i, fetched = 0;

	for (i = 0; i < rep->nfiles; i++) {
		const struct update_file *f = &rep->files[i];

		d = json_object();
		json_object_set_new(d, "dataset", update_json_text(f->source));
		json_object_set_new(d, "url", update_json_text(f->url));
		json_object_set_new(d, "file_name", update_json_text(f->name));
		json_object_set_new(d, "year", f->year != 0 ?
		    json_integer(f->year) : json_null());
		json_object_set_new(d, "size", f->size >= 0 ?
		    json_integer(f->size) : json_null());
		json_object_set_new(d, "status", json_string(
		    update_state_name(f->state)));
		json_object_set_new(d, "requests", json_integer(f->requests));
		json_array_append_new(list, d);
		fetched += f->state == UPDATE_FETCHED;
	}
	json_object_set_new(o, "database", update_json_text(target));
	json_object_set_new(o, "dry_run", json_boolean(dry_run));
	json_object_set_new(o, "files", list);
	list = json_array();
	for (i = 0; i < rep->import.ndatasets; i++) {
		const struct dataset_record *r = &rep->import.datasets[i];

		d = json_object();
		json_object_set_new(d, "kind", json_string(r->kind));
		json_object_set_new(d, "year", json_integer(r->year));
		json_object_set_new(d, "file_name", update_json_text(r->file_name));
		json_object_set_new(d, "sha256", json_string(r->sha256));
		json_object_set_new(d, "rows_kept", json_integer(r->rows_kept));
		json_object_set_new(d, "rows_rejected",
		    json_integer(r->rows_rejected));
		json_array_append_new(list, d);
	}
	json_object_set_new(o, "datasets", list);
	json_object_set_new(o, "up_to_date", json_boolean(!dry_run &&
	    fetched == 0));
	json_object_set_new(o, "requests", json_integer(rep->requests));
	cmd_import_json_entries(o, &rep->import);
	cmd_json_print(o);
}

static int
update_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct update_options opt;
	struct update_report rep;
	struct path_env env;
	int years[UPDATE_MAX_YEARS];
	const char *quiet = ctx->option[UPDATE_OPT_QUIET];
	char *target = NULL, *geography, *sources, *cause = NULL;
	int rc, shared;

	memset(&opt, 0, sizeof opt);
	if (ctx->option[UPDATE_OPT_YEARS] != NULL &&
	    update_parse_years(ctx->option[UPDATE_OPT_YEARS], years,
	    &opt.nyears) != 0)
		return cmd_usage_error(e, _("--years wants years such as 2024, "
		    "2023,2024 or 2020-2024"));
	opt.years = years;
	shared = ctx->option[UPDATE_OPT_SHARED] != NULL;
	if (shared && ctx->db_option != NULL)
		return cmd_usage_error(e, _("--shared and --db cannot go "
		    "together"));
	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	/* The target first: a --db that cannot be updated is said before the catalogue. */
	if ((target = cmd_import_target(&env, shared, _("updating"))) == NULL) {
		paths_env_free(&env);
		return 1;
	}
	if (ctx->option[UPDATE_OPT_SOURCES] != NULL)
		sources = xstrdup(ctx->option[UPDATE_OPT_SOURCES]);
	else if (getenv("MEDIFLUX_SOURCES") != NULL &&
	    *getenv("MEDIFLUX_SOURCES") != '\0')
		sources = xstrdup(getenv("MEDIFLUX_SOURCES"));
	else
		sources = paths_bundled_file(&env, UPDATE_SOURCES_NAME);
	if (sources == NULL) {
		paths_env_free(&env);
		free(target);
		return cmd_fail(_("no catalogue: sources.json is not "
		    "installed; give one with --sources FILE"));
	}
	geography = ctx->option[UPDATE_OPT_GEOGRAPHY] != NULL ?
	    xstrdup(ctx->option[UPDATE_OPT_GEOGRAPHY]) : paths_bundled_refdb(&env);
	paths_env_free(&env);
	opt.target = target;
	opt.geography = geography;
	opt.sources = sources;
	opt.datasets = args;
	opt.ndatasets = nargs;
	opt.dry_run = ctx->option[UPDATE_OPT_DRY_RUN] != NULL;
	opt.progress = quiet == NULL && isatty(2);
	rc = update_run(&opt, &rep, &cause);
	if (rc != 0) {
		cmd_fail(cause);
		free(cause);
	} else {
		if (!(flags & CMD_OPT_JSON))
			cmd_import_print_warnings(&rep.import);
		if (flags & CMD_OPT_JSON)
			update_print_json(target, &rep, opt.dry_run);
		else if (quiet == NULL)
			update_print_text(target, &rep, opt.dry_run);
		update_report_free(&rep);
	}
	free(target);
	free(geography);
	free(sources);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_update_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"update", NC_("usage", "update [--db PATH | --shared] [--dry-run] "
	"[--years LIST] [DATASET...]"),
	N_("fetch the published files and import them (finess, sae, openmedic, "
	"drees, bdpm)"),
	N_("Fetches the current files of each DATASET of the catalogue (all "
	"of them\n"
	"by default: finess, sae, openmedic, drees, bdpm) from their publishers\n"
	"and imports them as 'mediflux import' does, all or nothing. A file the\n"
	"server says is unchanged since the last update (ETag, Last-Modified)\n"
	"costs one request and is reported up to date. No downloaded file is\n"
	"kept: each lives in an unlinked temporary file (in TMPDIR, else beside\n"
	"the database) until the import has read it. Sizes and checksums are\n"
	"checked where the publisher gives them. The catalogue is data: the\n"
	"installed sources.json, or --sources FILE, or MEDIFLUX_SOURCES.\n"
	"BDPM files are listed but not fetched until mediflux can import them.\n"
	"MEDIFLUX_HTTP_TIMEOUT (seconds), MEDIFLUX_HTTP_RETRIES and\n"
	"MEDIFLUX_HTTP_BACKOFF_MS tune the downloads; http_proxy, https_proxy\n"
	"and no_proxy are honoured."),
	CMD_OPT_JSON, 0, 16, update_exec, update_options,
};
