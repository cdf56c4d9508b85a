/* SPDX-License-Identifier: ISC */
/*
 * The Médicaments screen: volumes by ATC level with drill-down from ATC1 to
 * products, filters stepped through with f and ← →, top-N, and "mes
 * pathologies": the ATC classes of the profile's pathologies, side by side.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bar.h"
#include "clock.h"
#include "draw.h"
#include "i18n.h"
#include "list.h"
#include "med_cube.h"
#include "pane_meds_drug.h"
#include "params_meds.h"
#include "pathology.h"
#include "profile.h"
#include "query_meds.h"
#include "query_meds_values.h"
#include "texttable.h"
#include "tui.h"
#include "xmalloc.h"

/* The filters f steps through, in order. */
enum meds_pane_filter {
	MEDS_FILTER_YEAR,
	MEDS_FILTER_REGION,
	MEDS_FILTER_AGE,
	MEDS_FILTER_SEX,
	MEDS_FILTER_PRESCRIBER,
	MEDS_NFILTERS
};

static const char *const meds_pane_filter_names[MEDS_NFILTERS] = {
	N_("Year"), N_("Region"), N_("Age"), N_("Sex"), N_("Prescriber"),
};

/* The columns; the bar is last, and left out of exports. */
enum {
	MEDS_COL_CODE, MEDS_COL_LABEL, MEDS_COL_BOXES, MEDS_COL_REIMBURSED,
	MEDS_COL_BASE, MEDS_COL_SHARE, MEDS_COL_BAR, MEDS_NCOLUMNS
};

static const struct list_column meds_pane_columns[MEDS_NCOLUMNS] = {
	{ N_("Code"), 0, 0 },
	{ N_("Label"), 48, 0 },
	{ N_("Boxes"), 0, 1 },
	{ N_("Reimbursed €"), 0, 1 },
	{ N_("Base €"), 0, 1 },
	{ N_("Share"), 0, 1 },
	{ "", 0, 0 },
};

/*
 * The columns shown: all of them, or without Base € when the terminal is too
 * narrow for every figure (a figure is never cut short).
 */
static const int meds_pane_wide[] = {
	MEDS_COL_CODE, MEDS_COL_LABEL, MEDS_COL_BOXES, MEDS_COL_REIMBURSED,
	MEDS_COL_BASE, MEDS_COL_SHARE, MEDS_COL_BAR,
};
static const int meds_pane_narrow[] = {
	MEDS_COL_CODE, MEDS_COL_LABEL, MEDS_COL_BOXES, MEDS_COL_REIMBURSED,
	MEDS_COL_SHARE, MEDS_COL_BAR,
};

/* Top-N as t steps through it; 0 is every row. */
static const int meds_pane_tops[] = { 0, 10, 20, 50 };

/* Médicaments' keys; the lists' keys work too. */
static const struct keybinding meds_pane_bindings[] = {
	{ 'f',	ACT_FILTER,	"f",
	    N_("Next filter (year, region, age…)"), NULL, NULL },
	{ KEY_RIGHT, ACT_FILTER_NEXT_VALUE, "→ ←",
	    N_("Next, previous value of the filter"), NULL, NULL },
	{ KEY_LEFT, ACT_FILTER_PREV_VALUE, NULL, NULL, NULL, NULL },
	{ 't',	ACT_TOP,	"t",	N_("Top 10, 20, 50 or all"), NULL,
	    NULL },
	{ 'p',	ACT_MY_PATHOLOGIES, "p", N_("My pathologies (profile)"), NULL,
	    NULL },
	{ 'm',	ACT_DRUG_SEARCH, "m",
	    N_("Search for a medicine by its name"), NULL, NULL },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable meds_pane_keys = {
	N_("Medicines"), meds_pane_bindings, &keytable_list, NULL,
};

struct meds_pane {
	struct app		*app;
	struct meds_query	 mq;
	struct meds_result	*r;
	int			 filter;	/* the one ← → change */

	char			*mine_line;	/* "diabète → A10 ; ..." */

	const struct meds_row	*rows;		/* what the list shows */
	size_t			 nrows;
	double			 max_share;
	int			 fixed;		/* all but the label and bar */
	int			 label;		/* the widest label */
	int			 base;		/* the widest Base € */
	int			 bar_width;
	const int		*shown;		/* meds_pane_wide or _narrow */
	struct list_column	 columns[MEDS_NCOLUMNS];
	struct list		 list;
	struct list		 all;		/* without the bar: exports */
	char			 cell[BAR_BUFSIZE]; /* the last cell given */
	struct meds_drug	*drug;		/* m: a medicine's search and fiche */
};

/* The text of a column (a MEDS_COL_*) of a row. */
static const char *
meds_pane_text(struct meds_pane *p, size_t r, int c)
{
	const struct meds_row *row = &p->rows[r];

	switch (c) {
	case MEDS_COL_CODE:
		return row->code;
	case MEDS_COL_LABEL:
		return row->label != NULL ? row->label : "";
	case MEDS_COL_BOXES:
		return row->has & MED_HAS_BOXES ? texttable_int(row->boxes,
		    p->cell) : "";
	case MEDS_COL_REIMBURSED:
		return row->has & MED_HAS_REM ?
		    texttable_cents(row->reimbursed_cents, p->cell) : "";
	case MEDS_COL_BASE:
		return row->has & MED_HAS_BSE ?
		    texttable_cents(row->base_cents, p->cell) : "";
	case MEDS_COL_SHARE:
		return texttable_percent(row->share * 100, 1, 0, p->cell);
	default:
		return bar_format(p->cell, row->share, p->max_share,
		    p->bar_width);
	}
}

static const char *
meds_pane_cell(void *arg, size_t r, int c)
{
	struct meds_pane *p = arg;

	return meds_pane_text(p, r, p->shown[c]);
}

/* The export's cells: every column but the bar, in order. */
static const char *
meds_pane_all_cell(void *arg, size_t r, int c)
{
	return meds_pane_text(arg, r, c);
}

/* The columns the rows need: the label's, and the others' with separators. */
static void
meds_pane_measure(struct meds_pane *p)
{
	size_t r;
	int c, w, cw;

	p->fixed = MEDS_NCOLUMNS - 1;
	for (c = 0; c < MEDS_COL_BAR; c++) {
		w = draw_width(_(meds_pane_columns[c].title));
		for (r = 0; r < p->nrows; r++)
			if ((cw = draw_width(meds_pane_text(p, r, c))) > w)
				w = cw;
		if (c == MEDS_COL_LABEL)
			p->label = w;
		else
			p->fixed += w;
		if (c == MEDS_COL_BASE)
			p->base = w;
	}
}

/*
 * Chooses the columns for width: every one when the figures fit with 12
 * columns of label, else all but Base €; then the bar's width, what is left
 * when the label has 20 columns, else a short bar if the label keeps 12,
 * else none; the label takes the rest, so that no figure is ever cut. The
 * sort stays on its column, or ends when that is no longer shown.
 */
static void
meds_pane_layout(struct meds_pane *p, int width)
{
	const int *shown = meds_pane_wide;
	size_t n = sizeof meds_pane_wide / sizeof meds_pane_wide[0], k, row;
	int label = p->label < 12 ? p->label : 12, rest, sort = -1;

	rest = width - p->fixed;
	if (rest < label) {
		shown = meds_pane_narrow;
		n = sizeof meds_pane_narrow / sizeof meds_pane_narrow[0];
		rest += p->base + 1;
	}
	if ((p->bar_width = bar_width(rest - (p->label < 20 ? p->label :
	    20))) == 0 && rest - label >= BAR_MIN_WIDTH)
		p->bar_width = BAR_MIN_WIDTH;
	for (k = 0; k < n; k++) {
		p->columns[k] = meds_pane_columns[shown[k]];
		if (shown[k] == MEDS_COL_LABEL && rest - p->bar_width <
		    p->columns[k].max_width)
			p->columns[k].max_width = rest - p->bar_width > 4 ?
			    rest - p->bar_width : 4;
	}
	p->list.ncolumns = (int)n;
	if (shown == p->shown)
		return;
	if (p->shown != NULL && p->list.sort_column >= 0) {
		for (k = 0; k < n; k++)
			if (shown[k] == p->shown[p->list.sort_column])
				sort = (int)k;
	}
	p->shown = shown;
	row = list_selected(&p->list);
	p->list.sort_column = sort;
	list_set_rows(&p->list, p->nrows);
	if (row != (size_t)-1)
		list_select(&p->list, row);
}

/* Points the list at the rows of the view, the cursor on keep (a code). */
static void
meds_pane_show(struct meds_pane *p, const char *keep)
{
	size_t i;

	p->rows = p->r != NULL ? p->r->rows : NULL;
	p->nrows = p->r != NULL ? p->r->nrows : 0;
	p->max_share = 0;
	for (i = 0; i < p->nrows; i++)
		if (p->rows[i].share > p->max_share)
			p->max_share = p->rows[i].share;
	meds_pane_measure(p);
	list_set_rows(&p->list, p->nrows);
	p->list.cursor = p->list.top = 0;
	for (i = 0; keep != NULL && i < p->nrows; i++)
		if (strcmp(p->rows[i].code, keep) == 0)
			list_select(&p->list, i);
}

/* The code at the cursor, copied (NULL when the list is empty). */
static char *
meds_pane_selected_code(const struct meds_pane *p)
{
	size_t r = list_selected(&p->list);

	return r == (size_t)-1 ? NULL : xstrdup(p->rows[r].code);
}

/* Runs the pane's query; -1 with a message on the status line, no change. */
static int
meds_pane_run(struct meds_pane *p, double *ms)
{
	struct meds_result *r;
	char *cause = NULL;
	double t0 = clock_now_ms();

	if (meds_query_run(p->app->q, &p->mq, &r, &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return -1;
	}
	*ms = clock_now_ms() - t0;
	tui_query_time(p->app, *ms);
	meds_result_free(p->r);
	p->r = r;
	return 0;
}

/*
 * Shows "mes pathologies" (src/query_meds_mine.c) with the pane's filters;
 * nothing changes when it fails or the profile names no pathology.
 */
static int
meds_pane_mine_query(struct meds_pane *p, double *ms)
{
	struct meds_result *r;
	json_t *doc = NULL;
	char *cause = NULL, *line = NULL;
	double t0 = clock_now_ms();
	int rc;

	if (profile_load(p->app->user, &doc, &cause) != 0) {
		tui_message(p->app, 1, _("unreadable profile: %s"), cause);
		free(cause);
		return -1;
	}
	rc = meds_mine_run(p->app->q, &p->mq, doc, &r, &line, &cause);
	json_decref(doc);
	if (rc > 0) {
		tui_message(p->app, 0, "%s", _("no known pathology in your "
		    "profile (screen 4 Profile)"));
		return -1;
	}
	if (rc < 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return -1;
	}
	free(p->mine_line);
	p->mine_line = line;
	meds_result_free(p->r);
	p->r = r;
	*ms = clock_now_ms() - t0;
	tui_query_time(p->app, *ms);
	return 0;
}

/* Records the query shown as `mediflux meds` records the same one. */
static void
meds_pane_record(struct meds_pane *p, double ms)
{
	tui_record(p->app, "meds", "meds", meds_params_to_json(&p->mq),
	    (int64_t)p->r->nall, ms);
}

/* Runs the view shown again after a change, recorded when asked; -1 when it failed. */
static int
meds_pane_refresh(struct meds_pane *p, const char *keep, int record)
{
	double ms;

	if (p->mq.pathologies) {
		if (meds_pane_mine_query(p, &ms) != 0)
			return -1;
	} else if (meds_pane_run(p, &ms) != 0)
		return -1;
	if (record)
		meds_pane_record(p, ms);
	meds_pane_show(p, keep);
	return 0;
}

/* The profile's home region as the BEN_REG that counts it, when it has one. */
static void
meds_pane_home(struct meds_pane *p)
{
	json_t *doc = NULL;
	const char *region;
	char *cause = NULL, *note = NULL;
	int ben_reg;

	if (profile_load(p->app->user, &doc, &cause) != 0) {
		tui_message(p->app, 1, _("unreadable profile: %s"), cause);
		free(cause);
		return;
	}
	region = json_string_value(json_object_get(json_object_get(doc,
	    "location"), "region"));
	if (region != NULL) {
		if (meds_region_from_name(p->app->q, region, &ben_reg, &note,
		    &cause) == 0)
			p->mq.region = ben_reg;
		free(note);
		free(cause);
	}
	json_decref(doc);
}

static void *
meds_pane_init(struct app *app)
{
	struct meds_pane *p;

	p = xcalloc(1, sizeof *p);
	p->app = app;
	p->drug = meds_drug_new(app);
	meds_query_init(&p->mq);
	list_init(&p->list, p->columns, 0, meds_pane_cell, NULL, p);
	list_init(&p->all, meds_pane_columns, MEDS_COL_BAR, meds_pane_all_cell,
	    NULL, p);
	meds_pane_layout(p, COLS);
	meds_pane_home(p);
	meds_pane_refresh(p, NULL, 0);
	return p;
}

/* "ATC N → N02 → N02B ANALGESIQUES · by ATC4": where the drill-down is. */
static char *
meds_pane_path(const struct meds_pane *p)
{
	static const size_t lengths[] = { 1, 3, 4, 5, 7 };
	const char *atc = p->r->atc, *by;
	char *path, *more;
	size_t i, n = strlen(atc);

	by = p->r->by == MEDS_BY_PRODUCT ? _("by product") : NULL;
	if (n == 0)
		path = xstrdup(_("ATC: all classes"));
	else {
		path = xstrdup("ATC");
		for (i = 0; i < 5 && lengths[i] <= n; i++) {
			more = xasprintf("%s%s%.*s", path, i > 0 ? " → " : " ",
			    (int)lengths[i], atc);
			free(path);
			path = more;
		}
		if (p->r->atc_label != NULL) {
			more = xasprintf("%s %s", path, p->r->atc_label);
			free(path);
			path = more;
		}
	}
	if (by != NULL)
		more = xasprintf("%s · %s", path, by);
	else
		more = xasprintf(_("%s · by ATC%d"), path, p->r->by);
	free(path);
	return more;
}

/* The filters, the one ← → change highlighted with its name. */
static void
meds_pane_draw_filters(struct meds_pane *p, int y, int x, int width)
{
	const char *values[MEDS_NFILTERS];
	char year[16], *text;
	int i, attr, end = x + width;

	snprintf(year, sizeof year, "%d", p->r->year);
	values[MEDS_FILTER_YEAR] = year;
	values[MEDS_FILTER_REGION] = p->r->region.label;
	values[MEDS_FILTER_AGE] = p->r->age.label;
	values[MEDS_FILTER_SEX] = p->mq.sex == MEDS_ANY ? _("All sexes") :
	    p->r->sex.label;
	values[MEDS_FILTER_PRESCRIBER] = p->r->prescriber.label;
	for (i = 0; i < MEDS_NFILTERS && x < end; i++) {
		if (i > 0)
			x += draw_text(y, x, end - x, " · ",
			    term_attr(C_NORMAL));
		attr = i == p->filter ? term_attr(C_SELECTED) :
		    term_attr(C_NORMAL);
		text = i == p->filter ? xasprintf(_("%s: %s"),
		    _(meds_pane_filter_names[i]), values[i]) :
		    xstrdup(values[i]);
		x += draw_text(y, x, end - x, text, attr);
		free(text);
	}
}

/* The totals of what is listed. */
static void
meds_pane_draw_total(struct meds_pane *p, int y, int x, int width)
{
	char boxes[32], cents[48], *line;

	if (p->mq.pathologies)
		line = xasprintf(_("Share: of the total reimbursed, %s €"),
		    texttable_cents(p->r->total_reimbursed_cents, cents));
	else if (p->mq.top > 0)
		line = xasprintf(_("Total: %s boxes · %s € reimbursed · "
		    "top %d of %zu"), texttable_int(p->r->total_boxes, boxes),
		    texttable_cents(p->r->total_reimbursed_cents, cents),
		    p->mq.top, p->r->nall);
	else
		line = xasprintf(ngettext("Total: %s boxes · %s € "
		    "reimbursed · %zu row", "Total: %s boxes · %s € "
		    "reimbursed · %zu rows", (unsigned long)p->r->nall),
		    texttable_int(p->r->total_boxes, boxes),
		    texttable_cents(p->r->total_reimbursed_cents, cents),
		    p->r->nall);
	draw_text(y, x, width, line, term_attr(C_NORMAL));
	free(line);
}

static void
meds_pane_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	struct meds_pane *p = arg;
	char *path;

	if (meds_drug_active(p->drug)) {
		meds_drug_draw(p->drug, y, x, height, width, status, statussize);
		return;
	}
	if (p->r == NULL) {
		draw_text(y + 1, x + 1, width - 2, _("No Open Medic data in "
		    "this database."), term_attr(C_NORMAL));
		return;
	}
	if (p->mq.pathologies)
		path = xasprintf(_("My pathologies: %s"), p->mine_line);
	else
		path = meds_pane_path(p);
	draw_text(y, x + 1, width - 2, path, term_attr(C_SECTION));
	free(path);
	meds_pane_draw_filters(p, y + 1, x + 1, width - 2);
	meds_pane_draw_total(p, y + 2, x + 1, width - 2);
	meds_pane_layout(p, width);
	list_draw(&p->list, y + 3, x, height - 3, width);
	list_position(&p->list, status, statussize);
}

/* Enter: the class at the cursor, one level down (products below ATC5). */
static void
meds_pane_open(struct meds_pane *p)
{
	struct meds_query saved = p->mq;
	size_t r = list_selected(&p->list);
	const char *code;
	int level;

	if (r == (size_t)-1)
		return;
	code = p->rows[r].code;
	level = meds_atc_level(code);
	/* A product: its fiche in the BDPM, by its CIP13. */
	if (!p->mq.pathologies && p->r->by == MEDS_BY_PRODUCT) {
		meds_drug_open(p->drug, code, 1);
		return;
	}
	if (level <= 0 || (!p->mq.pathologies && level != p->r->by)) {
		tui_message(p->app, 0, _("no ATC%d class to open here"),
		    p->r->by);
		return;
	}
	snprintf(p->mq.atc, sizeof p->mq.atc, "%s", code);
	p->mq.by = 0;
	p->mq.pathologies = 0;
	if (meds_pane_refresh(p, NULL, 1) != 0)
		p->mq = saved;
}

/* Backspace: up a level, onto the class left; out of "mes pathologies". */
static int
meds_pane_back(struct meds_pane *p)
{
	static const size_t lengths[] = { 0, 1, 3, 4, 5 };
	struct meds_query saved = p->mq;
	char left[sizeof p->mq.atc];
	int level;

	if (p->mq.pathologies) {
		p->mq.pathologies = 0;
		if (meds_pane_refresh(p, NULL, 0) != 0)
			p->mq.pathologies = 1;
		return R_HANDLED | R_REDRAW;
	}
	if ((level = meds_atc_level(p->mq.atc)) <= 0)
		return R_NONE;
	snprintf(left, sizeof left, "%s", p->mq.atc);
	p->mq.atc[lengths[level - 1]] = '\0';
	p->mq.by = 0;
	if (meds_pane_refresh(p, left, 1) != 0)
		p->mq = saved;
	return R_HANDLED | R_REDRAW;
}

/* The codes a filter steps through: the year's values, "every" first. */
static int
meds_pane_values(struct meds_pane *p, int **codes, size_t *n)
{
	static const enum meds_dimension dims[MEDS_NFILTERS] = {
		[MEDS_FILTER_REGION] = MEDS_DIM_REGION,
		[MEDS_FILTER_AGE] = MEDS_DIM_AGE,
		[MEDS_FILTER_SEX] = MEDS_DIM_SEX,
		[MEDS_FILTER_PRESCRIBER] = MEDS_DIM_PRESCRIBER,
	};
	struct meds_values mv;
	char *cause = NULL;
	size_t i;

	if (p->filter == MEDS_FILTER_YEAR) {
		*codes = xreallocarray(NULL, p->r->nyears, sizeof **codes);
		memcpy(*codes, p->r->years, p->r->nyears * sizeof **codes);
		*n = p->r->nyears;
		return 0;
	}
	if (meds_values_get(p->app->q, p->r->year, dims[p->filter], &mv,
	    &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return -1;
	}
	*codes = xreallocarray(NULL, mv.n + 1, sizeof **codes);
	(*codes)[0] = MEDS_ANY;
	for (i = 0; i < mv.n; i++)
		(*codes)[i + 1] = mv.values[i].code;
	*n = mv.n + 1;
	meds_values_free(&mv);
	return 0;
}

/* → ←: the next or previous value of the filter chosen with f, round. */
static void
meds_pane_step(struct meds_pane *p, int step)
{
	static const size_t offsets[MEDS_NFILTERS] = {
		offsetof(struct meds_query, year),
		offsetof(struct meds_query, region),
		offsetof(struct meds_query, age),
		offsetof(struct meds_query, sex),
		offsetof(struct meds_query, prescriber),
	};
	struct meds_query saved = p->mq;
	int *codes, *value = (int *)((char *)&p->mq + offsets[p->filter]);
	int current;
	size_t i, n;
	char *keep;

	if (meds_pane_values(p, &codes, &n) != 0 || n == 0)
		return;
	current = p->filter == MEDS_FILTER_YEAR ? p->r->year : *value;
	for (i = 0; i < n && codes[i] != current; i++)
		;
	if (i == n)
		i = 0;
	else
		i = (i + n + (size_t)(step > 0 ? 1 : n - 1)) % n;
	*value = codes[i];
	free(codes);
	keep = meds_pane_selected_code(p);
	if (meds_pane_refresh(p, keep, 1) != 0)
		p->mq = saved;
	free(keep);
}

/* t: top 10, 20, 50, then every row. */
static void
meds_pane_top(struct meds_pane *p)
{
	size_t i, n = sizeof meds_pane_tops / sizeof meds_pane_tops[0];
	int saved = p->mq.top;
	char *keep;

	for (i = 0; i < n && meds_pane_tops[i] != p->mq.top; i++)
		;
	p->mq.top = meds_pane_tops[i < n ? (i + 1) % n : 0];
	keep = meds_pane_selected_code(p);
	if (meds_pane_refresh(p, keep, 1) != 0)
		p->mq.top = saved;
	free(keep);
}

/* p: the classes of the profile's pathologies, or back to the drill-down. */
static void
meds_pane_mine(struct meds_pane *p)
{
	p->mq.pathologies = !p->mq.pathologies;
	/* Recorded as meds --pathologies; back to the drill-down, not again. */
	if (meds_pane_refresh(p, NULL, p->mq.pathologies) != 0)
		p->mq.pathologies = !p->mq.pathologies;
}

static int
meds_pane_key(void *arg, enum action a, int key)
{
	struct meds_pane *p = arg;
	int rc;

	if (meds_drug_active(p->drug))
		return meds_drug_key(p->drug, a, key);
	if (a == ACT_DRUG_SEARCH && !p->list.searching) {
		meds_drug_start(p->drug);
		return R_HANDLED | R_REDRAW;
	}
	if (p->list.searching || p->r == NULL)
		return list_key(&p->list, a, key);
	switch (a) {
	case ACT_OPEN:
		meds_pane_open(p);
		break;
	case ACT_BACK:
		return meds_pane_back(p);
	case ACT_FILTER:
		p->filter = (p->filter + 1) % MEDS_NFILTERS;
		break;
	case ACT_FILTER_NEXT_VALUE:
	case ACT_FILTER_PREV_VALUE:
		meds_pane_step(p, a == ACT_FILTER_NEXT_VALUE ? 1 : -1);
		break;
	case ACT_TOP:
		meds_pane_top(p);
		break;
	case ACT_MY_PATHOLOGIES:
		meds_pane_mine(p);
		break;
	case ACT_EXPORT:
		/* The rows in the order shown, without the bar. */
		p->all.sort_column = p->list.sort_column >= 0 ?
		    p->shown[p->list.sort_column] : -1;
		p->all.sort_descending = p->list.sort_descending;
		list_set_rows(&p->all, p->nrows);
		tui_export(p->app, &p->all, "medicaments");
		break;
	case ACT_SORT:
		rc = list_key(&p->list, a, key);
		/* Past the bar: it sorts as Part does. */
		if (p->list.sort_column >= 0 &&
		    p->shown[p->list.sort_column] == MEDS_COL_BAR)
			rc = list_key(&p->list, a, key);
		return rc;
	default:
		return list_key(&p->list, a, key);
	}
	return R_HANDLED | R_REDRAW;
}

/* Shows a history entry, checked as the command line checks its options. */
static void
meds_pane_replay(void *arg, const char *command, const json_t *params)
{
	struct meds_pane *p = arg;
	struct meds_query saved = p->mq;
	char *cause = NULL;

	if (strcmp(command, "drug") == 0) {
		meds_drug_replay(p->drug, params);
		return;
	}
	if (strcmp(command, "meds") != 0)
		return;
	if (meds_params_read_json(p->app->q, params, &p->mq, &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		p->mq = saved;
		return;
	}
	if (meds_pane_refresh(p, NULL, 0) != 0)
		p->mq = saved;
}

static void
meds_pane_free(void *arg)
{
	struct meds_pane *p = arg;

	meds_drug_free(p->drug);
	meds_result_free(p->r);
	free(p->mine_line);
	list_free(&p->list);
	list_free(&p->all);
	free(p);
}

/* The Open Medic year shown (the pathologies' classes are of the same year). */
static int
meds_pane_sample(void *arg)
{
	const struct meds_pane *p = arg;

	if (meds_drug_active(p->drug))
		return meds_drug_sample(p->drug);
	return p->r != NULL && p->r->sample.sample;
}

/* A medicine's search or fiche has its own keys; else the pane's. */
static const struct keytable *
meds_pane_mode_keys(void *arg)
{
	const struct meds_pane *p = arg;

	return meds_drug_active(p->drug) ? meds_drug_keys(p->drug) :
	    &meds_pane_keys;
}

/* A medicine's name being typed, or a / search in the list. */
static int
meds_pane_typing(void *arg)
{
	const struct meds_pane *p = arg;

	if (meds_drug_active(p->drug))
		return meds_drug_typing(p->drug);
	return p->list.searching;
}

const struct pane_ops pane_meds_ops = {
	N_("Medicines"), "meds", ACT_PANE_MEDS, &meds_pane_keys, meds_pane_init,
	meds_pane_draw, meds_pane_key, meds_pane_replay, meds_pane_free,
	meds_pane_sample, meds_pane_mode_keys, NULL, meds_pane_typing,
};
