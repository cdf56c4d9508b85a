/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "health.h"
#include "i18n.h"
#include "out.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* Prints one database's part of the report for people. */
static void
health_print_db(const char *title, const struct health_db *h)
{
	struct texttable *t;
	const char *cells[2];
	char n[32], size[64], took[48];
	size_t i;

	/*
	 * TRANSLATORS: "Reference database: PATH (option)": the database, its
	 * path, where the path comes from.
	 */
	out_printf(stdout, _("%s: %s (%s)\n"), _(title), h->path,
	    _(paths_origin_name(h->origin)));
	if (h->error != NULL) {
		out_printf(stdout, _("  error: %s\n"), h->error);
		return;
	}
	if (!h->present) {
		fputs(_("  not created yet\n"), stdout);
		return;
	}
	snprintf(size, sizeof size, "%s", texttable_int(h->size_bytes, n));
	out_printf(stdout, ngettext("  schema %d, %s byte, mode %04o, "
	    "quick_check %s (%s ms)\n", "  schema %d, %s bytes, mode %04o, "
	    "quick_check %s (%s ms)\n", (unsigned long)h->size_bytes),
	    h->schema_version, size, h->mode, h->quick_check,
	    texttable_decimal(h->check_ms, 1, took));
	t = texttable_new(2);
	texttable_align_right(t, 1);
	for (i = 0; i < h->ntables; i++) {
		cells[0] = h->tables[i].name;
		cells[1] = texttable_int(h->tables[i].rows, n);
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 2);
	texttable_free(t);
}

static void
health_print_datasets(const struct health_report *r)
{
	static const char *const head[] = { N_("id"), N_("kind"), N_("year"),
	    N_("file"), N_("rows"), N_("sha256"), N_("imported"),
	    N_("sample") };
	struct texttable *t;
	const char *cells[8];
	char id[32], year[16], rows[32], sha[16];
	size_t i;

	fputs(_("Provenance:\n"), stdout);
	if (r->ndatasets == 0) {
		fputs(_("  nothing loaded\n"), stdout);
		return;
	}
	t = texttable_new(8);
	texttable_align_right(t, 0);
	texttable_align_right(t, 4);
	for (i = 0; i < 8; i++)
		cells[i] = _(head[i]);
	texttable_add(t, cells);
	for (i = 0; i < r->ndatasets; i++) {
		const struct dataset_record *d = &r->datasets[i];

		snprintf(id, sizeof id, "%lld", (long long)d->id);
		snprintf(year, sizeof year, "%d", d->year);
		snprintf(sha, sizeof sha, "%.12s", d->sha256);
		cells[0] = id;
		cells[1] = d->kind;
		cells[2] = d->year ? year : "";
		cells[3] = d->file_name;
		cells[4] = texttable_int(d->rows_kept, rows);
		cells[5] = sha;
		cells[6] = d->imported_at;
		cells[7] = d->sample ? _("SAMPLE") : "";
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 2);
	texttable_free(t);
	for (i = 0; i < r->ndatasets; i++)
		if (i == 0 || strcmp(r->datasets[i].source,
		    r->datasets[i - 1].source) != 0)
			out_printf(stdout, _("  source: %s\n"),
			    r->datasets[i].source);
}

/* The count ngettext chooses a plural form by, for a figure of any sign. */
static unsigned long
health_plural(int64_t n)
{
	return n < 0 ? -(unsigned long)n : (unsigned long)n;
}

/*
 * One SAE year: its beds, stays and emergency passages by kind of unit, and
 * whether they are what its file's rows add up to (less the rows set aside).
 */
static void
health_print_sae(const struct health_sae *y)
{
	char a[32], b[32];
	char *beds, *stays, *passages;
	const char *key;
	json_t *v;
	int t, first = 1;

	beds = xasprintf(ngettext("%s MCO bed", "%s MCO beds",
	    health_plural(y->totals[0].stored)),
	    texttable_int(y->totals[0].stored, a));
	stays = xasprintf(ngettext("%s + %s stay", "%s + %s stays",
	    health_plural(y->totals[2].stored + y->totals[3].stored)),
	    texttable_int(y->totals[2].stored, a),
	    texttable_int(y->totals[3].stored, b));
	passages = xasprintf(ngettext("%s emergency passage",
	    "%s emergency passages", health_plural(y->totals[4].stored)),
	    texttable_int(y->totals[4].stored, a));
	/*
	 * TRANSLATORS: "SAE 2024: 12 MCO beds, 30 + 4 stays, 50 emergency
	 * passages".
	 */
	printf(_("SAE %d: %s, %s, %s"), y->year, beds, stays, passages);
	free(beds);
	free(stays);
	free(passages);
	json_object_foreach(y->er_types, key, v) {
		char *shown = utf8_sanitize(key);

		/*
		 * TRANSLATORS: the emergency passages by type, as the file
		 * gives them, follow.
		 */
		out_printf(stdout, "%s%s %s", first ? _(" (file: ") : ", ",
		    shown, texttable_int(json_integer_value(v), b));
		free(shown);
		first = 0;
	}
	fputs(first ? "" : ")", stdout);
	if (y->rows_set_aside > 0)
		printf(ngettext("; %s row set aside", "; %s rows set aside",
		    health_plural(y->rows_set_aside)),
		    texttable_int(y->rows_set_aside, a));
	if (!y->reconciled)
		fputs(_("; imported before files' totals were recorded\n"),
		    stdout);
	else if (y->mismatches == 0)
		fputs(_("; every total matches the file\n"), stdout);
	else {
		printf(ngettext("; %d total does NOT match the file:",
		    "; %d totals do NOT match the file:",
		    (unsigned long)y->mismatches), y->mismatches);
		for (t = 0; t < DATASET_SAE_NTOTALS; t++) {
			if (y->totals[t].stored == y->totals[t].file - y->totals[t].aside)
				continue;
			/*
			 * TRANSLATORS: " beds_mco 12 stored, 13 in the file":
			 * the first %s names the total.
			 */
			printf(_(" %s %s stored, %s in the file"),
			    y->totals[t].name,
			    texttable_int(y->totals[t].stored, a),
			    texttable_int(y->totals[t].file - y->totals[t].aside, b));
		}
		putchar('\n');
	}
}

static int
health_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct health_report r;
	struct health_source ref = { NULL, PATH_OPTION, NULL };
	struct health_source user = { NULL, PATH_OPTION, NULL };
	char *refdb, *userdb, *shared, n[32];
	json_t *j;
	int ok, shared_present;

	(void)e;
	(void)args;
	(void)nargs;
	if ((refdb = cmd_refdb_path(ctx, &ref.origin)) == NULL)
		return 1;
	if ((userdb = cmd_userdb_path(ctx, &user.origin)) == NULL) {
		free(refdb);
		return 1;
	}
	ref.path = refdb;
	user.path = userdb;
	health_collect(&r, &ref, &user, 1);
	ok = health_ok(&r);
	shared = xasprintf("%s/%s", paths_shared_dir(), PATHS_REFDB_NAME);
	shared_present = access(shared, F_OK) == 0;
	if (flags & CMD_OPT_JSON) {
		j = health_to_json(&r);
		json_object_set_new(j, "shared", json_pack("{s:s, s:s, s:b}",
		    "dir", paths_shared_dir(), "path", shared, "present",
		    shared_present));
		out_json(stdout, j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	} else {
		if (r.sample)
			fputs(_("SAMPLE DATA: generated figures, not real "
			    "ones\n"), stdout);
		health_print_db(N_("Reference database"), &r.ref);
		health_print_db(N_("User database"), &r.user);
		printf(shared_present ?
		    _("Shared directory: %s (%s present)\n") :
		    _("Shared directory: %s (no %s)\n"), paths_shared_dir(),
		    PATHS_REFDB_NAME);
		health_print_datasets(&r);
		if (r.ref.error == NULL) {
			printf(_("Geography: population %s; "),
			    texttable_int(r.population, n));
			if (r.population_mismatches == 0)
				fputs(_("every region and département is the "
				    "sum of its communes\n"), stdout);
			else
				printf(ngettext("%lld region or département "
				    "does not add up\n", "%lld regions or "
				    "départements do not add up\n",
				    health_plural(r.population_mismatches)),
				    (long long)r.population_mismatches);
		}
		for (size_t i = 0; i < r.nmeds; i++) {
			printf(ngettext("Open Medic %d: %s row; ",
			    "Open Medic %d: %s rows; ",
			    health_plural(r.meds[i].rows)), r.meds[i].year,
			    texttable_int(r.meds[i].rows, n));
			if (r.meds[i].mismatches == 0)
				fputs(_("every aggregate adds up to the "
				    "rows\n"), stdout);
			else
				printf(ngettext("%d aggregate does NOT add up "
				    "to the rows\n", "%d aggregates do NOT add "
				    "up to the rows\n",
				    (unsigned long)r.meds[i].mismatches),
				    r.meds[i].mismatches);
		}
		for (size_t i = 0; i < r.nsae; i++)
			health_print_sae(&r.sae[i]);
		fputs(ok ? _("Status: ok\n") : _("Status: PROBLEMS FOUND\n"),
		    stdout);
	}
	health_free(&r);
	free(shared);
	free(refdb);
	free(userdb);
	return ok ? 0 : 1;
}

const struct cmd_entry cmd_health_entry = {
	"health", NC_("usage", "health [--json]"),
	N_("check the databases: integrity, counts, sizes, provenance"),
	N_("Runs SQLite's quick_check on the reference database and on your "
	"user\n"
	"database (if it exists), checks that each schema is exactly the one\n"
	"mediflux creates, counts the rows of every table, and lists the\n"
	"provenance of every dataset loaded. Exits 1 if anything is wrong."),
	CMD_OPT_JSON, 0, 0, health_exec, NULL,
};
