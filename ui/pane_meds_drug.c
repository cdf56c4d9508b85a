/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "draw.h"
#include "drug_fiche.h"
#include "fiche_view.h"
#include "fold.h"
#include "i18n.h"
#include "input.h"
#include "list.h"
#include "params_drug.h"
#include "pane_meds_drug.h"
#include "query_drug.h"
#include "tui.h"
#include "xmalloc.h"

#define CTRL_C		0x03
#define ESCAPE		0x1b

/* Lines above the list: keys, the field, what was found. */
#define MEDS_DRUG_HEAD	3
/* At most this many medicines listed as the text is typed. */
#define MEDS_DRUG_LIMIT	200

/* While typing, letters and digits are text: only these keys and the global ones act. */
static const struct keybinding meds_drug_field_bindings[] = {
	{ KEY_UP,	ACT_UP,		"↑↓ PgUp PgDn",
	    N_("Select, even while typing"), NULL, N_("↑↓ select") },
	{ KEY_DOWN,	ACT_DOWN,	NULL,	NULL, NULL, NULL },
	{ KEY_PPAGE,	ACT_PAGE_UP,	NULL,	NULL, NULL, NULL },
	{ KEY_NPAGE,	ACT_PAGE_DOWN,	NULL,	NULL, NULL, NULL },
	{ '\r',		ACT_OPEN,	N_("Enter"),
	    N_("Medicine details"), NULL, N_("Enter details") },
	{ '\n',		ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ ESCAPE,	ACT_CANCEL,	N_("Esc"),
	    N_("Back to the ATC classes"), NULL, N_("Esc ATC classes") },
	{ 0,		ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable meds_drug_field_keys = {
	N_("Medicines (search for a medicine)"), meds_drug_field_bindings,
	&keytable_global, N_("Medicine: "),
};

/* In a fiche: it scrolls, Backspace and Esc close it. */
static const struct keybinding meds_drug_fiche_bindings[] = {
	{ KEY_BACKSPACE, ACT_BACK,	N_("Backspace Esc"),
	    N_("Close the details"), NULL, NULL },
	{ ESCAPE,	ACT_CANCEL,	NULL,	NULL, NULL, NULL },
	{ 0,		ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable meds_drug_fiche_keys = {
	N_("Medicines (a medicine's details)"), meds_drug_fiche_bindings,
	&keytable_list, NULL,
};

struct meds_drug {
	struct app		*app;
	int			 searching;	/* the field and its list shown */
	struct input		 field;
	struct drug_results	*results;
	double			 ms;
	int			 unsaved;	/* a search not yet in the history */
	struct list		 list;
	struct fiche_view	 view;
	int			 sample;	/* the fiche shown is sample data */
	char			 cell[32];	/* the last cell given */
};

static const struct list_column meds_drug_columns[] = {
	{ "CIS", 0, 0 },
	{ N_("Medicine name"), 0, 0 },
	{ N_("Holder"), 24, 0 },
	{ N_("Reimb."), 0, 1 },
};

static const char *
meds_drug_cell(void *arg, size_t r, int c)
{
	struct meds_drug *d = arg;
	const struct drug_match *m = &d->results->rows[r];

	switch (c) {
	case 0:
		return m->cis;
	case 1:
		return m->name != NULL ? m->name : "";
	case 2:
		return m->holders != NULL ? m->holders : "";
	default:
		snprintf(d->cell, sizeof d->cell, "%d/%d", m->reimbursed,
		    m->presentations);
		return d->cell;
	}
}

struct meds_drug *
meds_drug_new(struct app *app)
{
	struct meds_drug *d = xcalloc(1, sizeof *d);

	d->app = app;
	list_init(&d->list, meds_drug_columns, (int)(sizeof meds_drug_columns /
	    sizeof meds_drug_columns[0]), meds_drug_cell, NULL, d);
	return d;
}

void
meds_drug_free(struct meds_drug *d)
{
	if (d == NULL)
		return;
	fiche_view_close(&d->view);
	drug_results_free(d->results);
	list_free(&d->list);
	free(d);
}

int
meds_drug_active(const struct meds_drug *d)
{
	return d->searching || d->view.fiche != NULL;
}

int
meds_drug_typing(const struct meds_drug *d)
{
	return d->searching && d->view.fiche == NULL;
}

/* Searches the field's text again; the list follows, its cursor on the first row. */
static void
meds_drug_search(struct meds_drug *d)
{
	struct drug_results *r = NULL;
	char *cause = NULL;
	double t0 = clock_now_ms();

	drug_results_free(d->results);
	d->results = NULL;
	if (!fold_is_blank(d->field.text) && drug_search(d->app->q, d->field.text,
	    MEDS_DRUG_LIMIT, &r, &cause) != 0) {
		tui_message(d->app, 1, "%s", cause);
		free(cause);
		r = NULL;
	}
	d->ms = clock_now_ms() - t0;
	tui_query_time(d->app, d->ms);
	d->results = r;
	d->list.cursor = d->list.top = 0;
	list_set_rows(&d->list, r != NULL ? r->nrows : 0);
}

void
meds_drug_start(struct meds_drug *d)
{
	d->searching = 1;
	input_clear(&d->field);
	d->unsaved = 0;
	meds_drug_search(d);
}

/* Records the search shown, once, as `mediflux drug WORDS --limit 200` would be. */
static void
meds_drug_settle(struct meds_drug *d)
{
	if (!d->unsaved || d->results == NULL)
		return;
	d->unsaved = 0;
	tui_record(d->app, "meds", "drug", drug_params_to_json(d->results->key,
	    MEDS_DRUG_LIMIT), d->results->total, d->ms);
}

int
meds_drug_open(struct meds_drug *d, const char *code, int record)
{
	struct drug_view *v;
	char *cause = NULL, *path, date[11];
	double t0 = clock_now_ms(), ms;
	time_t now = time(NULL);
	int rc;

	strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
	path = cost_rules_path(NULL);
	rc = drug_view_open(d->app->q, d->app->user, code, path, date, &v,
	    &cause);
	free(path);
	ms = clock_now_ms() - t0;
	tui_query_time(d->app, ms);
	if (rc != 0) {
		if (rc > 0)
			tui_message(d->app, 1, _("no BDPM medicine has the "
			    "code %s"), code);
		else
			tui_message(d->app, 1, "%s", cause);
		free(cause);
		return -1;
	}
	d->sample = v->detail->sample.sample;
	fiche_view_open(&d->view, drug_fiche_build(v->detail, &v->person));
	if (record)
		tui_record(d->app, "meds", "drug", drug_params_to_json(code,
		    DRUG_LIMIT_DEFAULT), 1, ms);
	drug_view_free(v);
	return 0;
}

/* What was found, in words. */
static char *
meds_drug_summary(const struct meds_drug *d)
{
	const struct drug_results *r = d->results;

	if (r == NULL)
		return xstrdup(_("A name (\"amlo bioga\"), a substance, a CIS "
		    "(8 digits) or a CIP13 (13 digits)."));
	if (r->nrows == 0)
		return xasprintf(_("No medicine · \"%s\""), r->key);
	if ((int64_t)r->nrows < r->total)
		return xasprintf(_("First %zu of %lld medicines · \"%s\""),
		    r->nrows, (long long)r->total, r->key);
	return xasprintf(ngettext("%zu medicine · \"%s\"",
	    "%zu medicines · \"%s\"", (unsigned long)r->nrows), r->nrows,
	    r->key);
}

void
meds_drug_draw(struct meds_drug *d, int y, int x, int height, int width,
    char *status, size_t statussize)
{
	const char *label = _("Medicine: ");
	char *summary, *hints;
	int lw;

	if (d->view.fiche != NULL) {
		fiche_view_draw(&d->view, y, x, height, width, status,
		    statussize);
		return;
	}
	hints = keymap_hints(&meds_drug_field_keys);
	draw_text(y, x + 1, width - 2, hints, term_attr(C_KEY));
	free(hints);
	lw = draw_text(y + 1, x + 1, width - 2, label, term_attr(C_SECTION));
	summary = meds_drug_summary(d);
	draw_text(y + 2, x + 1, width - 2, summary, term_attr(C_NORMAL));
	free(summary);
	if (d->results != NULL && d->results->nrows > 0) {
		list_draw(&d->list, y + MEDS_DRUG_HEAD, x,
		    height - MEDS_DRUG_HEAD, width);
		list_position(&d->list, status, statussize);
	}
	/* Last, so that the terminal cursor is left where typing goes. */
	input_draw(&d->field, y + 1, x + 1 + lw, width - 2 - lw,
	    (int)(term_attr(C_NORMAL) | A_UNDERLINE), 1);
}

/* Opens the medicine under the cursor, the search settled first. */
static void
meds_drug_open_selected(struct meds_drug *d)
{
	size_t row = list_selected(&d->list);

	meds_drug_settle(d);
	if (d->results != NULL && row != (size_t)-1)
		meds_drug_open(d, d->results->rows[row].cis, 1);
}

/* Keys while typing: text, except the arrows and pages that move the list. */
static int
meds_drug_field_key(struct meds_drug *d, enum action a, int key)
{
	int cp = TERM_KEY_CHAR(key);

	if (key == ESCAPE || key == CTRL_C || a == ACT_CANCEL) {
		if (key != ESCAPE && d->field.len > 0) {
			input_clear(&d->field);
			meds_drug_search(d);
			d->unsaved = 0;
			return R_HANDLED | R_REDRAW;
		}
		meds_drug_settle(d);
		d->searching = 0;
		return R_HANDLED | R_REDRAW;
	}
	if ((a == ACT_UP || a == ACT_DOWN || a == ACT_PAGE_UP ||
	    a == ACT_PAGE_DOWN) && (cp < 0x20 || cp == 0x7f))
		return list_key(&d->list, a, key);
	switch (input_key(&d->field, key)) {
	case INPUT_CHANGED:
		d->unsaved = 1;
		meds_drug_search(d);
		return R_HANDLED | R_REDRAW;
	case INPUT_MOVED:
		return R_HANDLED | R_REDRAW;
	case INPUT_SUBMIT:
		meds_drug_open_selected(d);
		return R_HANDLED | R_REDRAW;
	case INPUT_CANCEL:
	case INPUT_IGNORED:
		break;
	}
	if (a != ACT_NONE)
		meds_drug_settle(d);
	return R_NONE;
}

int
meds_drug_key(struct meds_drug *d, enum action a, int key)
{
	if (d->view.fiche != NULL)
		return fiche_view_key(&d->view, a);
	if (d->searching)
		return meds_drug_field_key(d, a, key);
	return R_NONE;
}

void
meds_drug_replay(struct meds_drug *d, const json_t *params)
{
	char query[DRUG_QUERY_MAX + 1], *cause = NULL;
	int limit;

	if (drug_params_read_json(params, query, &limit, &cause) != 0) {
		tui_message(d->app, 1, "%s", cause);
		free(cause);
		return;
	}
	if (strspn(query, "0123456789") == strlen(query) &&
	    (strlen(query) == 8 || strlen(query) == 13)) {
		meds_drug_open(d, query, 0);
		return;
	}
	fiche_view_close(&d->view);
	d->searching = 1;
	input_set(&d->field, query);
	d->unsaved = 0;
	meds_drug_search(d);
}

const struct keytable *
meds_drug_keys(const struct meds_drug *d)
{
	return d->view.fiche != NULL ? &meds_drug_fiche_keys :
	    &meds_drug_field_keys;
}

int
meds_drug_sample(const struct meds_drug *d)
{
	if (d->view.fiche != NULL)
		return d->sample;
	return d->results != NULL && d->results->sample.sample;
}
