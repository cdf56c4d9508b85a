/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "cmd_user.h"
#include "i18n.h"
#include "med_cube.h"
#include "out.h"
#include "params_meds.h"
#include "profile.h"
#include "query_meds.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* A measure for people: "" when no row declared it. */
static const char *
meds_cell_cents(int64_t cents, int declared, char buf[48])
{
	return declared ? texttable_cents(cents, buf) : "";
}

/* The table; mine names the pathologies when the rows are their classes. */
static void
meds_print(const struct meds_result *r, const char *mine)
{
	/* As the Médicaments pane names its columns. */
	static const char *const head[] = { N_("Code"), N_("Label"),
	    N_("Boxes"), N_("Reimbursed €"), N_("Base €"), N_("Share") };
	const struct meds_row *row;
	struct texttable *t;
	const char *cells[6], *heads[6];
	char boxes[32], rem[48], bse[48], share[48], *label;
	size_t i;
	int c;

	cmd_print_sample(&r->sample);
	if (mine != NULL)
		out_printf(stdout, _("Reimbursed medicines %d, my pathologies: "
		    "%s"), r->year, mine);
	else if (r->by == MEDS_BY_PRODUCT)
		out_printf(stdout, _("Reimbursed medicines %d, by product"),
		    r->year);
	else
		out_printf(stdout, _("Reimbursed medicines %d, by ATC%d"),
		    r->year, r->by);
	if (mine == NULL && *r->atc != '\0')
		out_printf(stdout, ", ATC %s%s%s", r->atc,
		    r->atc_label != NULL ? " " : "", r->atc_label != NULL ? r->atc_label : "");
	out_printf(stdout, "\n%s · %s · %s · %s\n", r->region.label,
	    r->age.label, r->sex.label, r->prescriber.label);
	t = texttable_new(6);
	for (c = 2; c < 6; c++)
		texttable_align_right(t, c);
	for (c = 0; c < 6; c++)
		heads[c] = _(head[c]);
	texttable_add(t, heads);
	for (i = 0; i < r->nrows; i++) {
		row = &r->rows[i];
		label = utf8_cut(row->label != NULL ? row->label : "", 48, 1);
		cells[0] = row->code;
		cells[1] = label;
		cells[2] = row->has & MED_HAS_BOXES ?
		    texttable_int(row->boxes, boxes) : "";
		cells[3] = meds_cell_cents(row->reimbursed_cents,
		    row->has & MED_HAS_REM, rem);
		cells[4] = meds_cell_cents(row->base_cents, row->has & MED_HAS_BSE,
		    bse);
		cells[5] = texttable_percent(row->share * 100, 1, 0, share);
		texttable_add(t, cells);
		free(label);
	}
	cells[0] = _("Total");
	cells[1] = mine != NULL ? _("(every medication: the share's base)") :
	    r->nrows < r->nall ? _("(every row, not only those shown)") : "";
	cells[2] = texttable_int(r->total_boxes, boxes);
	cells[3] = texttable_cents(r->total_reimbursed_cents, rem);
	cells[4] = texttable_cents(r->total_base_cents, bse);
	cells[5] = texttable_percent(100, 1, 0, share);
	texttable_add(t, cells);
	texttable_print(t, stdout, 0);
	texttable_free(t);
	if (r->nrows < r->nall)
		printf(ngettext("%zu of %zu row shown (--top)\n",
		    "%zu of %zu rows shown (--top)\n", r->nall), r->nrows,
		    r->nall);
}

/* Runs the query, or "mes pathologies" from the user's profile (*mine names them). */
static int
meds_run(const struct cmd_context *ctx, struct query_db *q,
    const struct meds_query *mq, struct meds_result **r, char **mine,
    char **cause)
{
	json_t *doc = NULL;
	int rc;

	*mine = NULL;
	if (!mq->pathologies)
		return meds_query_run(q, mq, r, cause);
	if (cmd_user_profile(ctx, &doc, cause) != 0)
		return -1;
	rc = meds_mine_run(q, mq, doc, r, mine, cause);
	json_decref(doc);
	if (rc > 0)
		return error_set(cause, "%s", _("your profile names no "
		    "pathology (mediflux profile set pathologies \"diabète, "
		    "asthme\")"));
	return rc;
}

static int
meds_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct meds_query mq;
	struct meds_result *r;
	struct query_db *q;
	char *cause = NULL, *note = NULL, *mine;
	double start;
	json_t *j;
	int rc;

	(void)args;
	(void)nargs;
	meds_query_init(&mq);
	if ((q = cmd_query_open(ctx)) == NULL)
		return 1;
	if ((rc = meds_params_read_options(q, ctx->option, &mq, &note,
	    &cause)) != 0) {
		rc = rc == PARAMS_USAGE ? cmd_usage_error(e, cause) :
		    cmd_fail(cause);
		free(cause);
		query_db_free(q);
		return rc;
	}
	if (note != NULL)
		out_printf(stderr, _("mediflux: note: %s\n"), note);
	free(note);
	start = clock_now_ms();
	if (meds_run(ctx, q, &mq, &r, &mine, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		query_db_free(q);
		return rc;
	}
	cmd_history_record(ctx, "meds", "meds", meds_params_to_json(&mq),
	    (int64_t)r->nall, clock_now_ms() - start);
	if (flags & CMD_OPT_JSON) {
		j = meds_result_to_json(q, r);
		if (mine != NULL) {
			json_object_set_new(j, "by", json_string("pathologies"));
			json_object_set_new(j, "pathologies", json_string(mine));
		}
		cmd_json_print(j);
	} else
		meds_print(r, mine);
	free(mine);
	meds_result_free(r);
	query_db_free(q);
	return 0;
}

const struct cmd_entry cmd_meds_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"meds", NC_("usage", "meds [--year Y] [--region R] [--atc PREFIX] "
	    "[--by LEVEL] [--top N]"),
	N_("medication volumes by ATC class or product (Open Medic)"),
	N_("Lists boxes, amounts reimbursed and their base (euros) by ATC level or\n"
	"by product, with each row's share of the amount reimbursed, from\n"
	"Open Medic. --atc drills down: without --by, the rows are the level\n"
	"below the code given (ATC1 -> ATC2 -> ... -> ATC5 -> products).\n"
	"Filters: year, region (Open Medic counts Corse with PACA and the\n"
	"overseas regions together, as BEN_REG 93 and 5), age band, sex and\n"
	"prescriber group. Rows are sorted by amount reimbursed.\n"
	"--pathologies lists instead the ATC classes of the pathologies in your\n"
	"profile (as the Médicaments screen's p does), with the same filters:\n"
	"each class's volumes and its share of every medication's amount."),
	CMD_OPT_JSON, 0, 0, meds_exec, meds_params_options,
};
