/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "i18n.h"
#include "out.h"
#include "params_regions.h"
#include "query_regions.h"
#include "texttable.h"
#include "xmalloc.h"

/* Formats one metric of a row for people; "" when not declared. */
static const char *
regions_cell(const struct region_row *row, int m, char buf[48])
{
	if (!(row->present & (1u << m)))
		return "";
	if (m == REGION_REIMBURSED)
		return texttable_cents(row->reimbursed_cents, buf);
	return texttable_decimal(row->value[m], region_metrics[m].decimals, buf);
}

static void
regions_print(const struct region_table *t)
{
	const char *cells[2 + REGION_NMETRICS];
	char buf[REGION_NMETRICS][48];
	struct texttable *tt;
	char *name;
	size_t i;
	int m, shared = 0;

	cmd_print_sample(&t->sample);
	/* TRANSLATORS: "Regions" or "Departments", the year, the number of rows. */
	printf(ngettext("%s, %d: %zu row\n", "%s, %d: %zu rows\n", t->nrows),
	    t->level == REGION_LEVEL_REGION ? _("Regions") : _("Departments"),
	    t->year, t->nrows);
	tt = texttable_new(2 + REGION_NMETRICS);
	cells[0] = _("Code");
	cells[1] = _("Name");
	for (m = 0; m < REGION_NMETRICS; m++) {
		cells[2 + m] = _(region_metrics[m].header);
		texttable_align_right(tt, 2 + m);
	}
	texttable_add(tt, cells);
	for (i = 0; i < t->nrows; i++) {
		/* A BEN_REG covering several regions: its figures are the group's. */
		name = xasprintf("%s%s", t->rows[i].name,
		    t->rows[i].meds_basis != NULL &&
		    strchr(t->rows[i].meds_basis, ',') != NULL ? " *" : "");
		shared |= name[strlen(name) - 1] == '*';
		cells[0] = t->rows[i].code;
		cells[1] = name;
		for (m = 0; m < REGION_NMETRICS; m++)
			cells[2 + m] = regions_cell(&t->rows[i], m, buf[m]);
		texttable_add(tt, cells);
		free(name);
	}
	texttable_print(tt, stdout, 0);
	texttable_free(tt);
	if (shared)
		printf("%s\n  %s\n", _("* Open Medic counts PACA with Corse and "
		    "the overseas regions together:"), _("boxes and amounts are "
		    "the group's, per inhabitant over the group's population."));
}

static int
regions_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct region_query rq;
	struct region_table *t;
	struct query_db *q;
	char *cause = NULL;
	double start;
	int rc;

	(void)args;
	(void)nargs;
	if (regions_params_read_options(ctx->option, &rq, &cause) != 0) {
		rc = cmd_usage_error(e, cause);
		free(cause);
		return rc;
	}
	if ((q = cmd_query_open(ctx)) == NULL)
		return 1;
	start = clock_now_ms();
	if (region_table_get(q, &rq, &t, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		query_db_free(q);
		return rc;
	}
	cmd_history_record(ctx, "regions", "regions", regions_params_to_json(&rq),
	    (int64_t)t->nrows, clock_now_ms() - start);
	if (flags & CMD_OPT_JSON)
		cmd_json_print(region_table_to_json(q, t));
	else
		regions_print(t);
	region_table_free(t);
	query_db_free(q);
	return 0;
}

const struct cmd_entry cmd_regions_entry = {
	/* TRANSLATORS: the placeholders, in capitals, and the levels. */
	"regions", NC_("usage", "regions [--level region|department] "
	    "[--year Y] [--sort M]"),
	N_("regional metrics: hospitals, doctors, medications per inhabitant"),
	N_("Lists every region (or département) with its population and the\n"
	"figures derived from the imported data for one year: SAE\n"
	"establishments, MCO beds and places, emergency passages, doctors\n"
	"(DREES), medication boxes and amounts reimbursed (Open Medic), and\n"
	"the same per inhabitant. Open Medic counts Corse with PACA and every\n"
	"overseas region together: their per-inhabitant figures use the\n"
	"population of that whole group (meds_basis in --json).\n"
	"\n"
	"Metrics for --sort: population, establishments, beds_mco, places_mco,\n"
	"beds_per_100k, er_passages, er_per_1000, doctors, doctors_per_100k,\n"
	"boxes, reimbursed, boxes_per_inhabitant, reimbursed_per_inhabitant."),
	CMD_OPT_JSON, 0, 0, regions_exec, regions_params_options,
};
