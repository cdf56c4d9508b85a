/* SPDX-License-Identifier: ISC */
/*
 * The Regions screen: every region or département of one year with every
 * metric as a column, sorted by any of them, a bar for the sorted metric.
 * Sorting is region_table_sort's, as the command line's --sort, so that the
 * history records it alike; the columns that do not fit scroll with ← →.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bar.h"
#include "clock.h"
#include "draw.h"
#include "i18n.h"
#include "list.h"
#include "params_regions.h"
#include "profile.h"
#include "query_regions.h"
#include "texttable.h"
#include "tui.h"
#include "utf8.h"
#include "xmalloc.h"

/* What a shown column holds besides a metric. */
#define REGIONS_COL_BAR		(-3)

#define REGIONS_NAME_WIDTH	24
#define REGIONS_MAX_COLUMNS	(3 + REGION_NMETRICS)

/* Regions' keys; the lists' keys work too. */
static const struct keybinding regions_pane_bindings[] = {
	{ 'l',	ACT_LEVEL,	"l",	N_("Regions or departments"), NULL, NULL },
	{ KEY_RIGHT, ACT_FILTER_NEXT_VALUE, "→ ←", N_("Other metrics (columns)"),
	    NULL, NULL },
	{ KEY_LEFT, ACT_FILTER_PREV_VALUE, NULL, NULL, NULL, NULL },
	{ 'y',	ACT_YEAR_NEXT,	"y Y",	N_("Next, previous year"), NULL, NULL },
	{ 'Y',	ACT_YEAR_PREV,	NULL,	NULL, NULL, NULL },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable regions_pane_keys = {
	N_("Regions"), regions_pane_bindings, &keytable_list, NULL,
};

struct regions_pane {
	struct app		*app;
	struct region_query	 rq;		/* year 0: the latest */
	struct region_table	*t;
	char			*home[2];	/* region, département */

	int			 bar_metric;	/* sorted, or the last sorted */
	double			 bar_max;
	int			 bar_width;
	int			 first;		/* first other metric (← →) */
	int			 nothers;	/* other metrics last drawn */
	int			 natural[REGION_NMETRICS]; /* widest cell */
	int			 code_width, name_width;
	int			 shared;	/* some figures are a group's */

	int			 shown[REGIONS_MAX_COLUMNS];
	struct list_column	 columns[REGIONS_MAX_COLUMNS];
	struct list		 list;		/* the columns that fit */
	struct list_column	 all_columns[2 + REGION_NMETRICS];
	struct list		 all;		/* every column, for export */
	char			 cell[BAR_BUFSIZE]; /* the last cell given */
};

/* A metric of a row as the command line prints it; "" when not declared. */
static const char *
regions_pane_metric(const struct region_row *row, int m, char *buf)
{
	if (!(row->present & (1u << m)))
		return "";
	if (m == REGION_REIMBURSED)
		return texttable_cents(row->reimbursed_cents, buf);
	return texttable_decimal(row->value[m], region_metrics[m].decimals,
	    buf);
}

/*
 * A name, starred when its medication figures are those of a group of
 * regions; cut to the column before the star, so that the star stays.
 */
static const char *
regions_pane_name(const struct region_row *row, char *buf, size_t size)
{
	char *cut;

	if (row->meds_basis == NULL || strchr(row->meds_basis, ',') == NULL)
		return row->name;
	cut = utf8_cut(row->name, REGIONS_NAME_WIDTH - 2, term_utf8());
	snprintf(buf, size, "%s *", cut);
	free(cut);
	return buf;
}

/* What a column holds (code, name, metric or bar) for one row, in buf. */
static const char *
regions_pane_text(struct regions_pane *p, size_t r, int what, char *buf)
{
	const struct region_row *row = &p->t->rows[r];

	switch (what) {
	case REGION_SORT_CODE:
		return row->code;
	case REGION_SORT_NAME:
		return regions_pane_name(row, buf, BAR_BUFSIZE);
	case REGIONS_COL_BAR:
		return bar_format(buf, (row->present &
		    (1u << p->bar_metric)) ? row->value[p->bar_metric] : 0,
		    p->bar_max, p->bar_width);
	default:
		return regions_pane_metric(row, what, buf);
	}
}

static const char *
regions_pane_cell(void *arg, size_t r, int c)
{
	struct regions_pane *p = arg;

	return regions_pane_text(p, r, p->shown[c], p->cell);
}

/* The export's cells: code, name, then every metric in order. */
static const char *
regions_pane_all_cell(void *arg, size_t r, int c)
{
	struct regions_pane *p = arg;

	return regions_pane_text(p, r, c == 0 ? REGION_SORT_CODE :
	    c == 1 ? REGION_SORT_NAME : c - 2, p->cell);
}

/* The widest cell of each column, and whether a row is starred. */
static void
regions_pane_measure(struct regions_pane *p)
{
	const char *name;
	char buf[128];
	size_t r;
	int m, w;

	/* The titles as the list draws them, translated. */
	p->code_width = draw_width(_("Code"));
	p->name_width = draw_width(_("Name"));
	p->shared = 0;
	for (m = 0; m < REGION_NMETRICS; m++)
		p->natural[m] = draw_width(_(region_metrics[m].header));
	for (r = 0; r < p->t->nrows; r++) {
		const struct region_row *row = &p->t->rows[r];

		if ((w = draw_width(row->code)) > p->code_width)
			p->code_width = w;
		name = regions_pane_name(row, buf, sizeof buf);
		if ((w = draw_width(name)) > p->name_width)
			p->name_width = w;
		p->shared |= name == buf;
		for (m = 0; m < REGION_NMETRICS; m++)
			if ((w = draw_width(regions_pane_metric(row, m, buf))) >
			    p->natural[m])
				p->natural[m] = w;
	}
	if (p->name_width > REGIONS_NAME_WIDTH)
		p->name_width = REGIONS_NAME_WIDTH;
}

/* The largest value of the bar's metric, which a full bar stands for. */
static void
regions_pane_bar_max(struct regions_pane *p)
{
	size_t r;

	p->bar_max = 0;
	for (r = 0; r < p->t->nrows; r++)
		if ((p->t->rows[r].present & (1u << p->bar_metric)) &&
		    p->t->rows[r].value[p->bar_metric] > p->bar_max)
			p->bar_max = p->t->rows[r].value[p->bar_metric];
}

/* The data row of a code, or (size_t)-1. */
static size_t
regions_pane_find(const struct regions_pane *p, const char *code)
{
	size_t r;

	if (code == NULL || p->t == NULL)
		return (size_t)-1;
	for (r = 0; r < p->t->nrows; r++)
		if (strcmp(p->t->rows[r].code, code) == 0)
			return r;
	return (size_t)-1;
}

/* Puts the cursor on a code's row, else on the first row. */
static void
regions_pane_select(struct regions_pane *p, const char *code)
{
	size_t r = regions_pane_find(p, code);

	p->list.cursor = p->list.top = 0;
	if (r != (size_t)-1)
		list_select(&p->list, r);
	p->all.cursor = p->list.cursor;
}

/* The code at the cursor, copied (NULL when the list is empty). */
static char *
regions_pane_selected_code(const struct regions_pane *p)
{
	size_t r = list_selected(&p->list);

	return r == (size_t)-1 || p->t == NULL ? NULL :
	    xstrdup(p->t->rows[r].code);
}

/*
 * Reads the table for the pane's level, year and sort, keeping the cursor
 * on keep (a code) when it is still there, else on the profile's place; -1
 * with a message on the status line, the table shown unchanged.
 */
static int
regions_pane_query(struct regions_pane *p, const char *keep, double *ms)
{
	struct region_table *t;
	char *cause = NULL;
	double t0 = clock_now_ms();

	if (region_table_get(p->app->q, &p->rq, &t, &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return -1;
	}
	*ms = clock_now_ms() - t0;
	tui_query_time(p->app, *ms);
	region_table_free(p->t);
	p->t = t;
	if (p->rq.sort >= 0)
		p->bar_metric = p->rq.sort;
	regions_pane_measure(p);
	regions_pane_bar_max(p);
	list_set_rows(&p->list, t->nrows);
	list_set_rows(&p->all, t->nrows);
	if (regions_pane_find(p, keep) != (size_t)-1)
		regions_pane_select(p, keep);
	else
		regions_pane_select(p, p->home[p->rq.level]);
	return 0;
}

/* Records the table shown as `mediflux regions` records the same one. */
static void
regions_pane_record(struct regions_pane *p, double ms)
{
	tui_record(p->app, "regions", "regions", regions_params_to_json(&p->rq),
	    (int64_t)p->t->nrows, ms);
}

/* Reads the profile's home region and département, when it has a location. */
static void
regions_pane_home(struct regions_pane *p)
{
	json_t *doc = NULL, *loc;
	const char *v;
	char *cause = NULL;

	if (profile_load(p->app->user, &doc, &cause) != 0) {
		tui_message(p->app, 1, _("unreadable profile: %s"), cause);
		free(cause);
		return;
	}
	loc = json_object_get(doc, "location");
	if ((v = json_string_value(json_object_get(loc, "region"))) != NULL)
		p->home[REGION_LEVEL_REGION] = xstrdup(v);
	v = json_string_value(json_object_get(loc, "departement"));
	if (v != NULL)
		p->home[REGION_LEVEL_DEPARTEMENT] = xstrdup(v);
	json_decref(doc);
}

static void *
regions_pane_init(struct app *app)
{
	struct regions_pane *p;
	double ms;
	int m;

	p = xcalloc(1, sizeof *p);
	p->app = app;
	p->rq.level = REGION_LEVEL_REGION;
	p->rq.sort = REGION_SORT_CODE;
	p->bar_metric = REGION_POPULATION;
	list_init(&p->list, p->columns, 0, regions_pane_cell, NULL, p);
	p->list.sortable = 0;	/* sorted by region_table_sort */
	/* Titles are translated where the list draws or exports them. */
	p->all_columns[0] = (struct list_column){ N_("Code"), 0, 0 };
	p->all_columns[1] = (struct list_column){ N_("Name"), 0, 0 };
	for (m = 0; m < REGION_NMETRICS; m++)
		p->all_columns[2 + m] = (struct list_column){
		    region_metrics[m].header, 0, 1 };
	list_init(&p->all, p->all_columns, 2 + REGION_NMETRICS,
	    regions_pane_all_cell, NULL, p);
	p->all.sortable = 0;
	regions_pane_home(p);
	regions_pane_query(p, NULL, &ms);
	return p;
}

/* Adds a shown column. */
static void
regions_pane_column(struct regions_pane *p, int what, const char *title,
    int max_width, int right)
{
	int n = p->list.ncolumns;

	p->shown[n] = what;
	p->columns[n] = (struct list_column){ title, max_width, right };
	p->list.ncolumns = n + 1;
}

/*
 * Chooses the columns for width: code, name, the bar's metric and its bar,
 * then the other metrics from the first scrolled to, as many as fit.
 */
static void
regions_pane_layout(struct regions_pane *p, int width)
{
	int m, k, used, avail, others = 0;

	p->list.ncolumns = 0;
	regions_pane_column(p, REGION_SORT_CODE, N_("Code"), 0, 0);
	regions_pane_column(p, REGION_SORT_NAME, N_("Name"), REGIONS_NAME_WIDTH,
	    0);
	regions_pane_column(p, p->bar_metric,
	    region_metrics[p->bar_metric].header, 0, 1);
	used = p->code_width + 1 + p->name_width + 1 +
	    p->natural[p->bar_metric] + 1;
	/* A quarter of what is left, or a short bar when that is too little. */
	avail = width - used - 1;
	p->bar_width = bar_width(avail / 4 >= BAR_MIN_WIDTH ? avail / 4 :
	    avail >= BAR_MIN_WIDTH ? BAR_MIN_WIDTH : 0);
	regions_pane_column(p, REGIONS_COL_BAR, "", 0, 0);
	used += p->bar_width;
	if (p->first > REGION_NMETRICS - 2)
		p->first = REGION_NMETRICS - 2;
	for (k = 0, m = 0; m < REGION_NMETRICS; m++) {
		if (m == p->bar_metric)
			continue;
		if (k++ < p->first)
			continue;
		if (used + 1 + p->natural[m] > width)
			break;
		used += 1 + p->natural[m];
		regions_pane_column(p, m, region_metrics[m].header, 0, 1);
		others++;
	}
	p->nothers = others;
}

/* The pane's first line: what is shown, its order, the columns scrolled to. */
static void
regions_pane_draw_head(struct regions_pane *p, int y, int x, int width)
{
	char *line, range[128] = "";
	const char *sort;
	int last = REGION_NMETRICS - 1;

	if (p->nothers < last)
		snprintf(range, sizeof range, _(" · columns %d–%d/%d (← →)"),
		    p->first + 1, p->first + p->nothers, last);
	sort = p->rq.sort == REGION_SORT_CODE ? _("Code") :
	    p->rq.sort == REGION_SORT_NAME ? _("Name") :
	    _(region_metrics[p->rq.sort].header);
	line = xasprintf(_("%s %d · sort: %s %s%s"),
	    p->rq.level == REGION_LEVEL_REGION ? _("Regions") :
	    _("Departments"),
	    p->t->year, sort, p->rq.descending ?
	    (term_utf8() ? "▼" : "v") : (term_utf8() ? "▲" : "^"), range);
	draw_text(y, x, width, line, term_attr(C_SECTION));
	free(line);
}

static void
regions_pane_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	struct regions_pane *p = arg;
	int foot;

	if (p->t == NULL) {
		draw_text(y + 1, x + 1, width - 2,
		    _("No regional metrics in this database."),
		    term_attr(C_NORMAL));
		return;
	}
	regions_pane_layout(p, width);
	regions_pane_draw_head(p, y, x + 1, width - 2);
	foot = p->shared && height > 4;
	list_draw(&p->list, y + 1, x, height - 1 - foot, width);
	if (foot)
		draw_text(y + height - 1, x + 1, width - 2, _("* Medicines: "
		    "Open Medic counts PACA with Corsica, and overseas regions "
		    "as one."), term_attr(C_NORMAL));
	list_position(&p->list, status, statussize);
}

/* s: the next sort key (code, name, each metric), S: the other direction. */
static void
regions_pane_sort(struct regions_pane *p, enum action a)
{
	char *keep = regions_pane_selected_code(p);
	double t0 = clock_now_ms(), ms;

	if (a == ACT_SORT) {
		if (p->rq.sort == REGION_SORT_CODE)
			p->rq.sort = REGION_SORT_NAME;
		else if (p->rq.sort == REGION_SORT_NAME)
			p->rq.sort = 0;
		else if (p->rq.sort + 1 < REGION_NMETRICS)
			p->rq.sort++;
		else
			p->rq.sort = REGION_SORT_CODE;
		/* Figures read best largest first, names and codes A to Z. */
		p->rq.descending = p->rq.sort >= 0;
	} else
		p->rq.descending = !p->rq.descending;
	if (p->rq.sort >= 0) {
		p->bar_metric = p->rq.sort;
		regions_pane_bar_max(p);
	}
	region_table_sort(p->t, p->rq.sort, p->rq.descending);
	list_set_rows(&p->list, p->t->nrows);
	list_set_rows(&p->all, p->t->nrows);
	regions_pane_select(p, keep);
	free(keep);
	ms = clock_now_ms() - t0;
	tui_query_time(p->app, ms);
	regions_pane_record(p, ms);
}

/* y and Y: the next or previous year that has figures. */
static void
regions_pane_year(struct regions_pane *p, int step)
{
	char *keep;
	size_t i;
	int year = 0, previous = p->rq.year;
	double ms;

	for (i = 0; i < p->t->nyears; i++)
		if (p->t->years[i] == p->t->year)
			break;
	if (i < p->t->nyears && (step > 0 ? i + 1 < p->t->nyears : i > 0))
		year = p->t->years[step > 0 ? i + 1 : i - 1];
	if (year == 0) {
		if (step > 0)
			tui_message(p->app, 0, _("no year more recent than %d"),
			    p->t->year);
		else
			tui_message(p->app, 0, _("no year older than %d"),
			    p->t->year);
		return;
	}
	keep = regions_pane_selected_code(p);
	p->rq.year = year;
	if (regions_pane_query(p, keep, &ms) == 0)
		regions_pane_record(p, ms);
	else
		p->rq.year = previous;
	free(keep);
}

/* l: regions or départements, the cursor on the profile's place. */
static void
regions_pane_level(struct regions_pane *p)
{
	enum region_level previous = p->rq.level;
	double ms;

	p->rq.level = previous == REGION_LEVEL_REGION ?
	    REGION_LEVEL_DEPARTEMENT : REGION_LEVEL_REGION;
	p->first = 0;
	if (regions_pane_query(p, NULL, &ms) == 0)
		regions_pane_record(p, ms);
	else
		p->rq.level = previous;
}

/* ← →: the other metrics, a column at a time. */
static int
regions_pane_scroll(struct regions_pane *p, int step)
{
	if (step > 0 && p->first + p->nothers < REGION_NMETRICS - 1)
		p->first++;
	else if (step < 0 && p->first > 0)
		p->first--;
	else
		return R_HANDLED;
	return R_HANDLED | R_REDRAW;
}

static int
regions_pane_key(void *arg, enum action a, int key)
{
	struct regions_pane *p = arg;

	if (p->list.searching || p->t == NULL)
		return list_key(&p->list, a, key);
	switch (a) {
	case ACT_SORT:
	case ACT_SORT_REVERSE:
		regions_pane_sort(p, a);
		break;
	case ACT_YEAR_NEXT:
	case ACT_YEAR_PREV:
		regions_pane_year(p, a == ACT_YEAR_NEXT ? 1 : -1);
		break;
	case ACT_LEVEL:
		regions_pane_level(p);
		break;
	case ACT_FILTER_NEXT_VALUE:
	case ACT_FILTER_PREV_VALUE:
		return regions_pane_scroll(p, a == ACT_FILTER_NEXT_VALUE ?
		    1 : -1);
	case ACT_EXPORT:
		p->all.cursor = p->list.cursor;
		tui_export(p->app, &p->all, p->rq.level == REGION_LEVEL_REGION ?
		    "regions" : "departements");
		break;
	default:
		return list_key(&p->list, a, key);
	}
	return R_HANDLED | R_REDRAW;
}

/* Shows a history entry, checked as the command line checks its options. */
static void
regions_pane_replay(void *arg, const char *command, const json_t *params)
{
	struct regions_pane *p = arg;
	struct region_query saved = p->rq;
	char *keep, *cause = NULL;
	double ms;

	if (strcmp(command, "regions") != 0)
		return;
	if (regions_params_read_json(params, &p->rq, &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		p->rq = saved;
		return;
	}
	p->first = 0;
	keep = p->rq.level == saved.level ? regions_pane_selected_code(p) :
	    NULL;
	if (regions_pane_query(p, keep, &ms) != 0)
		p->rq = saved;
	free(keep);
}

static void
regions_pane_free(void *arg)
{
	struct regions_pane *p = arg;

	region_table_free(p->t);
	list_free(&p->list);
	list_free(&p->all);
	free(p->home[0]);
	free(p->home[1]);
	free(p);
}

/* The year and level shown: their SAE, DREES and Open Medic datasets. */
static int
regions_pane_sample(void *arg)
{
	const struct regions_pane *p = arg;

	return p->t != NULL && p->t->sample.sample;
}

/* A / search in the table. */
static int
regions_pane_typing(void *arg)
{
	const struct regions_pane *p = arg;

	return p->list.searching;
}

const struct pane_ops pane_regions_ops = {
	N_("Regions"), "regions", ACT_PANE_REGIONS, &regions_pane_keys,
	regions_pane_init,
	regions_pane_draw, regions_pane_key, regions_pane_replay,
	regions_pane_free, regions_pane_sample, NULL, NULL, regions_pane_typing,
};
