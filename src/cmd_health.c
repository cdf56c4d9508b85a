/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "health.h"
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
	char n[32], size[64];
	size_t i;

	out_printf(stdout, "%s: %s (%s)\n", title, h->path,
	    paths_origin_name(h->origin));
	if (h->error != NULL) {
		out_printf(stdout, "  error: %s\n", h->error);
		return;
	}
	if (!h->present) {
		printf("  not created yet\n");
		return;
	}
	snprintf(size, sizeof size, "%s", texttable_int(h->size_bytes, n));
	out_printf(stdout, "  schema %d, %s bytes, mode %04o, quick_check %s "
	    "(%.1f ms)\n", h->schema_version, size, h->mode, h->quick_check,
	    h->check_ms);
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
	static const char *const head[] = { "id", "kind", "year", "file", "rows",
	    "sha256", "imported", "sample" };
	struct texttable *t;
	const char *cells[8];
	char id[32], year[16], rows[32], sha[16];
	size_t i;

	printf("Provenance:\n");
	if (r->ndatasets == 0) {
		printf("  nothing loaded\n");
		return;
	}
	t = texttable_new(8);
	texttable_align_right(t, 0);
	texttable_align_right(t, 4);
	texttable_add(t, head);
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
		cells[7] = d->sample ? "SAMPLE" : "";
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 2);
	texttable_free(t);
	for (i = 0; i < r->ndatasets; i++)
		if (i == 0 || strcmp(r->datasets[i].source,
		    r->datasets[i - 1].source) != 0)
			out_printf(stdout, "  source: %s\n",
			    r->datasets[i].source);
}

/*
 * One SAE year: its beds, stays and emergency passages by kind of unit, and
 * whether they are what its file's rows add up to (less the rows set aside).
 */
static void
health_print_sae(const struct health_sae *y)
{
	char a[32], b[32], c[32], d[32];
	const char *key;
	json_t *v;
	int t, first = 1;

	printf("SAE %d: %s MCO beds, %s + %s stays, %s emergency passages", y->year,
	    texttable_int(y->totals[0].stored, a), texttable_int(y->totals[2].stored,
	    b), texttable_int(y->totals[3].stored, c),
	    texttable_int(y->totals[4].stored, d));
	json_object_foreach(y->er_types, key, v) {
		char *shown = utf8_sanitize(key);

		out_printf(stdout, "%s%s %s", first ? " (file: " : ", ", shown,
		    texttable_int(json_integer_value(v), b));
		free(shown);
		first = 0;
	}
	printf("%s", first ? "" : ")");
	if (y->rows_set_aside > 0)
		printf("; %s rows set aside", texttable_int(y->rows_set_aside, a));
	if (!y->reconciled)
		printf("; imported before files' totals were recorded\n");
	else if (y->mismatches == 0)
		printf("; every total matches the file\n");
	else {
		printf("; %d totals do NOT match the file:", y->mismatches);
		for (t = 0; t < DATASET_SAE_NTOTALS; t++) {
			if (y->totals[t].stored == y->totals[t].file - y->totals[t].aside)
				continue;
			printf(" %s %s stored, %s in the file", y->totals[t].name,
			    texttable_int(y->totals[t].stored, a),
			    texttable_int(y->totals[t].file - y->totals[t].aside, b));
		}
		printf("\n");
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
			printf("SAMPLE DATA: generated figures, not real ones\n");
		health_print_db("Reference database", &r.ref);
		health_print_db("User database", &r.user);
		printf("Shared directory: %s (%s)\n", paths_shared_dir(),
		    shared_present ? PATHS_REFDB_NAME " present" :
		    "no " PATHS_REFDB_NAME);
		health_print_datasets(&r);
		if (r.ref.error == NULL) {
			printf("Geography: population %s; ",
			    texttable_int(r.population, n));
			if (r.population_mismatches == 0)
				printf("every region and département is the sum "
				    "of its communes\n");
			else
				printf("%lld regions or départements do not add "
				    "up\n", (long long)r.population_mismatches);
		}
		for (size_t i = 0; i < r.nmeds; i++) {
			printf("Open Medic %d: %s rows; ", r.meds[i].year,
			    texttable_int(r.meds[i].rows, n));
			if (r.meds[i].mismatches == 0)
				printf("every aggregate adds up to the rows\n");
			else
				printf("%d aggregates do NOT add up to the rows\n",
				    r.meds[i].mismatches);
		}
		for (size_t i = 0; i < r.nsae; i++)
			health_print_sae(&r.sae[i]);
		printf("Status: %s\n", ok ? "ok" : "PROBLEMS FOUND");
	}
	health_free(&r);
	free(shared);
	free(refdb);
	free(userdb);
	return ok ? 0 : 1;
}

const struct cmd_entry cmd_health_entry = {
	"health", "health [--json]",
	"check the databases: integrity, counts, sizes, provenance",
	"Runs SQLite's quick_check on the reference database and on your user\n"
	"database (if it exists), checks that each schema is exactly the one\n"
	"mediflux creates, counts the rows of every table, and lists the\n"
	"provenance of every dataset loaded. Exits 1 if anything is wrong.",
	CMD_OPT_JSON, 0, 0, health_exec, NULL,
};
