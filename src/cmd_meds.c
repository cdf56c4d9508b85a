/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "med_cube.h"
#include "out.h"
#include "query_meds.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum {
	OPT_YEAR, OPT_REGION, OPT_ATC, OPT_BY, OPT_AGE, OPT_SEX, OPT_PRESCRIBER,
	OPT_TOP,
};

static const struct cmd_option meds_options[] = {
	{ "year", "YEAR", "the year (default: the latest)" },
	{ "region", "REGION", "INSEE region code or name, or BEN_REG "
	    "(default: all of France)" },
	{ "atc", "PREFIX", "only what is under this ATC code (N, N02, N02BE01)" },
	{ "by", "LEVEL", "atc1 to atc5 or product (default: the level below "
	    "--atc)" },
	{ "age", "BAND", "0-19, 20-59, 60+ or inconnu" },
	{ "sex", "SEX", "homme, femme or inconnu" },
	{ "prescriber", "GROUP", "generaliste, specialiste, dentiste, salarie, "
	    "autre or inconnu" },
	{ "top", "N", "only the N largest rows (default: all)" },
	{ NULL, NULL, NULL },
};

/* A measure for people: "" when no row declared it. */
static const char *
meds_cell_cents(int64_t cents, int declared, char buf[48])
{
	return declared ? texttable_cents(cents, buf) : "";
}

static void
meds_print(const struct meds_result *r)
{
	static const char *const head[] = { "Code", "Libellé", "Boîtes",
	    "Remboursé €", "Base €", "Part" };
	const struct meds_row *row;
	struct texttable *t;
	const char *cells[6];
	char boxes[32], rem[48], bse[48], pct[48], share[48], *label;
	size_t i;
	int c;

	cmd_print_sample(&r->sample);
	out_printf(stdout, "Médicaments remboursés %d, by %s", r->year,
	    meds_by_name(r->by));
	if (*r->atc != '\0')
		out_printf(stdout, ", ATC %s%s%s", r->atc,
		    r->atc_label != NULL ? " " : "", r->atc_label != NULL ? r->atc_label : "");
	out_printf(stdout, "\n%s · %s · %s · %s\n", r->region.label,
	    r->age.label, r->sex.label, r->prescriber.label);
	t = texttable_new(6);
	for (c = 2; c < 6; c++)
		texttable_align_right(t, c);
	texttable_add(t, head);
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
		snprintf(share, sizeof share, "%s %%",
		    texttable_decimal(row->share * 100, 1, pct));
		cells[5] = share;
		texttable_add(t, cells);
		free(label);
	}
	cells[0] = "Total";
	cells[1] = r->nrows < r->nall ? "(every row, not only those shown)" : "";
	cells[2] = texttable_int(r->total_boxes, boxes);
	cells[3] = texttable_cents(r->total_reimbursed_cents, rem);
	cells[4] = texttable_cents(r->total_base_cents, bse);
	cells[5] = "100,0 %";
	texttable_add(t, cells);
	texttable_print(t, stdout, 0);
	texttable_free(t);
	if (r->nrows < r->nall)
		printf("%zu of %zu rows shown (--top)\n", r->nrows, r->nall);
}

/* Reads the filters into mq and params; EXIT_USAGE or 1 on a bad value. */
static int
meds_read_options(struct cmd_context *ctx, const struct cmd_entry *e,
    struct query_db *q, struct meds_query *mq, json_t *params)
{
	const char *v;
	char *cause = NULL, *note = NULL, *msg;
	size_t i;
	int rc;

	if ((v = ctx->option[OPT_YEAR]) != NULL) {
		if ((rc = cmd_option_int(e, "year", v, 1900, 2100,
		    &mq->year)) != 0)
			return rc;
		json_object_set_new(params, "year", json_integer(mq->year));
	}
	if ((v = ctx->option[OPT_TOP]) != NULL) {
		if ((rc = cmd_option_int(e, "top", v, 0, 1000000, &mq->top)) != 0)
			return rc;
		json_object_set_new(params, "top", json_integer(mq->top));
	}
	if ((v = ctx->option[OPT_ATC]) != NULL) {
		if (strlen(v) >= sizeof mq->atc)
			return cmd_usage_error(e, "--atc: an ATC code has at most "
			    "7 characters");
		for (i = 0; v[i] != '\0'; i++)
			mq->atc[i] = (char)toupper((unsigned char)v[i]);
		mq->atc[i] = '\0';
		if (meds_atc_level(mq->atc) < 0)
			return cmd_usage_error(e, "--atc: not the beginning of "
			    "an ATC code (N, N02, N02B, N02BE, N02BE01)");
		json_object_set_new(params, "atc", json_string(mq->atc));
	}
	if ((v = ctx->option[OPT_BY]) != NULL) {
		if ((mq->by = meds_by_from_name(v)) < 0)
			return cmd_usage_error(e, "--by is atc1 to atc5 or "
			    "product");
		json_object_set_new(params, "by", json_string(
		    meds_by_name(mq->by)));
	}
	if ((v = ctx->option[OPT_AGE]) != NULL) {
		if ((mq->age = meds_age_from_name(v)) < 0)
			return cmd_usage_error(e, "--age is 0-19, 20-59, 60+ or "
			    "inconnu");
		json_object_set_new(params, "age", json_integer(mq->age));
	}
	if ((v = ctx->option[OPT_SEX]) != NULL) {
		if ((mq->sex = meds_sex_from_name(v)) < 0)
			return cmd_usage_error(e, "--sex is homme, femme or "
			    "inconnu");
		json_object_set_new(params, "sex", json_integer(mq->sex));
	}
	if ((v = ctx->option[OPT_PRESCRIBER]) != NULL) {
		if ((mq->prescriber = meds_prescriber_from_name(q, v,
		    &cause)) < 0) {
			msg = xasprintf("--prescriber: %s", cause);
			free(cause);
			rc = cmd_usage_error(e, msg);
			free(msg);
			return rc;
		}
		json_object_set_new(params, "prescriber",
		    json_integer(mq->prescriber));
	}
	if ((v = ctx->option[OPT_REGION]) != NULL) {
		if (meds_region_from_name(q, v, &mq->region, &note, &cause) != 0) {
			rc = cmd_fail(cause);
			free(cause);
			return rc;
		}
		if (note != NULL)
			out_printf(stderr, "mediflux: note: %s\n", note);
		free(note);
		json_object_set_new(params, "region", json_string(v));
	}
	return 0;
}

static int
meds_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct meds_query mq;
	struct meds_result *r;
	struct query_db *q;
	char *cause = NULL;
	json_t *params;
	double start;
	int rc;

	(void)args;
	(void)nargs;
	meds_query_init(&mq);
	if ((q = cmd_query_open(ctx)) == NULL)
		return 1;
	params = json_object();
	if ((rc = meds_read_options(ctx, e, q, &mq, params)) != 0) {
		json_decref(params);
		query_db_free(q);
		return rc;
	}
	start = clock_now_ms();
	if (meds_query_run(q, &mq, &r, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		json_decref(params);
		query_db_free(q);
		return rc;
	}
	cmd_history_record(ctx, "meds", "meds", params, (int64_t)r->nall,
	    clock_now_ms() - start);
	if (flags & CMD_OPT_JSON)
		cmd_json_print(meds_result_to_json(q, r));
	else
		meds_print(r);
	meds_result_free(r);
	query_db_free(q);
	return 0;
}

const struct cmd_entry cmd_meds_entry = {
	"meds", "meds [--year Y] [--region R] [--atc PREFIX] [--by LEVEL] "
	    "[--top N]",
	"medication volumes by ATC class or product (Open Medic)",
	"Lists boxes, amounts reimbursed and their base (euros) by ATC level or\n"
	"by product, with each row's share of the amount reimbursed, from\n"
	"Open Medic. --atc drills down: without --by, the rows are the level\n"
	"below the code given (ATC1 -> ATC2 -> ... -> ATC5 -> products).\n"
	"Filters: year, region (Open Medic counts Corse with PACA and the\n"
	"overseas regions together, as BEN_REG 93 and 5), age band, sex and\n"
	"prescriber group. Rows are sorted by amount reimbursed.",
	CMD_OPT_JSON, 0, 0, meds_exec, meds_options,
};
