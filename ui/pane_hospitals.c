/* SPDX-License-Identifier: ISC */
/*
 * The Hospitals screen: the establishments of a city, postcode or département,
 * listed as the text is typed, and the detail of one of them.
 *
 * Two places take keys: the text field (where the pane opens) and the list.
 * In the field every printable key is text (digits too, for postcodes); the
 * arrows and PgUp/PgDn move the list all the same, Enter opens the selected
 * establishment, Esc goes to the list with the text kept. In the list the
 * list's keys work (/ n N s S e, j k g G), and Esc or Backspace go back to
 * the field. Ctrl-C clears the text first and quits only when it is empty.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "draw.h"
#include "fold.h"
#include "hospital_activity.h"
#include "hospital_context.h"
#include "hospital_text.h"
#include "i18n.h"
#include "list.h"
#include "pane_hospitals_with.h"
#include "params_search.h"
#include "profile.h"
#include "query_hospital.h"
#include "sae_activity.h"
#include "texttable.h"
#include "tui.h"
#include "xmalloc.h"

#define CTRL_C		0x03
#define ESCAPE		0x1b

/* Lines above the list: keys, the field, what was found. */
#define HOSPITALS_HEAD	3

/* The first screen's line when the database holds sample data. */
#define HOSPITALS_SAMPLE_HINT \
	N_("Sample data — for the real data: mediflux update")

enum hospitals_focus {
	HOSPITALS_FIELD,
	HOSPITALS_LIST,
};

enum hospitals_line_kind {
	HLINE_BLANK,
	HLINE_SECTION,		/* a title */
	HLINE_FIELD,		/* label and value */
	HLINE_TABLE,		/* a row of the SAE table: label, one cell a year */
};

/* One line of the detail, built when it opens, drawn as it scrolls. */
struct hospitals_line {
	enum hospitals_line_kind	 kind;
	char				*label;
	char				*value;
	char				**cells;	/* HLINE_TABLE: nyears, then the trend */
};

/*
 * Hospitals' two key tables, as tmux has one a mode. While typing, letters,
 * digits and j k are text: only these keys and the global ones act.
 */
static const struct keybinding hospitals_field_bindings[] = {
	{ KEY_UP,	ACT_UP,		"↑↓ PgUp PgDn",
	    N_("Choose, even while typing"), NULL, N_("↑↓ choose") },
	{ KEY_DOWN,	ACT_DOWN,	NULL,	NULL, NULL, NULL },
	{ KEY_PPAGE,	ACT_PAGE_UP,	NULL,	NULL, NULL, NULL },
	{ KEY_NPAGE,	ACT_PAGE_DOWN,	NULL,	NULL, NULL, NULL },
	{ '\r',		ACT_OPEN,	N_("Enter"), N_("Establishment details"),
	    NULL, N_("Enter details") },
	{ '\n',		ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ ESCAPE,	ACT_CANCEL,	N_("Esc"),
	    N_("The list (where / n s e a p y work)"), NULL,
	    N_("Esc: the list (/ n s e a p)") },
	{ 0,		ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable hospitals_field_keys = {
	N_("Hospitals (typing)"), hospitals_field_bindings, &keytable_global,
	N_("Typing: "),
};

/* In the list (and a detail): the lists' keys, these first. */
static const struct keybinding hospitals_list_bindings[] = {
	{ '/',		ACT_SEARCH,	NULL,	NULL, NULL, N_("/ search") },
	{ 's',		ACT_SORT,	NULL,	NULL, NULL, N_("s S sort") },
	{ 'e',		ACT_EXPORT,	NULL,	NULL, NULL, N_("e export") },
	{ 'a',		ACT_ACTIVITIES,	"a",	N_("Filter by activity (maternity, "
	    "intensive care, MRI...)"), NULL, N_("a activities") },
	{ 'p',		ACT_NEAR,	"p",	N_("Nearest to the place (or to your "
	    "profile's), as the crow flies"), NULL, N_("p nearest") },
	{ '+',		ACT_NEAR_WIDER,	"+ -",	N_("Farther, nearer (while showing "
	    "the nearest)"), NULL, NULL },
	{ '-',		ACT_NEAR_NARROWER, NULL, NULL, NULL, NULL },
	/* Enter, as in every list, goes without a hint: 80 columns hold the rest. */
	{ '\r',		ACT_OPEN,	N_("Enter"), N_("Establishment details"),
	    NULL, NULL },
	{ '\n',		ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	/* Nor Esc, back to the field as everywhere: 80 columns hold p. */
	{ ESCAPE,	ACT_CANCEL,	N_("Esc"), N_("The search field"), NULL,
	    NULL },
	{ 0,		ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable hospitals_list_keys = {
	N_("Hospitals"), hospitals_list_bindings, &keytable_list, N_("List: "),
};

struct pane_hospitals {
	struct app		*app;
	struct input		 field;
	enum hospitals_focus	 focus;
	int			 unsaved;	/* a search not yet in the history */
	int			 limit;		/* of the search shown: 0 all */
	int			 all;		/* every kind of establishment */
	/* Activities every site listed has, as search --with. */
	struct sae_condition	 with[SAE_CONDITIONS_MAX];
	size_t			 nwith;
	struct hospitals_with	*picker;	/* the checklist open, or NULL */
	int			 near_km;	/* nearest first within this; 0 off */
	char			 km_text[48];	/* a distance cell */
	struct hospital_results	*results;
	int			 partial;	/* results: the first page of all (limit 0) */
	int			 list_rows;	/* rows the list had room for at the last draw */
	double			 ms;		/* the search's time */
	struct list		 list;

	struct hospital_detail	*detail;	/* open, or NULL */
	struct hospitals_line	*lines;
	size_t			 nlines;
	size_t			 top;		/* first line shown */
	int			 page;		/* lines shown at the last draw */
	int			 label_width;	/* of HLINE_FIELD labels */
	int			*column_width;	/* of the SAE table, label first */
	size_t			 ncolumns;
	enum hospital_section	 section;	/* the one being built */
};

static const struct list_column hospitals_columns[] = {
	{ "FINESS", 0, 0 },
	{ N_("Name"), 0, 0 },
	{ N_("Category"), 14, 0 },
	{ N_("Postcode"), 0, 0 },
	{ N_("City"), 16, 0 },
	{ N_("Dept"), 0, 0 },
	{ "km", 0, 1 },		/* shown while p shows the nearest */
};

#define HOSPITALS_NCOLUMNS \
	((int)(sizeof hospitals_columns / sizeof hospitals_columns[0]))

static const char *
hospitals_cell(void *arg, size_t r, int c)
{
	struct pane_hospitals *p = arg;
	const struct hospital_row *row = &p->results->rows[r];
	const char *s;

	switch (c) {
	case 0:
		s = row->finess;
		break;
	case 1:
		s = row->name;
		break;
	case 2:
		s = row->category;
		break;
	case 3:
		s = row->postal_code;
		break;
	case 4:
		s = row->city;
		break;
	case 5:
		s = row->departement;
		break;
	default:
		if (row->distance_km < 0)
			return "";
		return texttable_decimal(row->distance_km, 1, p->km_text);
	}
	return s != NULL ? s : "";
}

static void *
hospitals_init(struct app *app)
{
	struct pane_hospitals *p;

	p = xcalloc(1, sizeof *p);
	p->app = app;
	p->focus = HOSPITALS_FIELD;
	list_init(&p->list, hospitals_columns, HOSPITALS_NCOLUMNS,
	    hospitals_cell, NULL, p);
	list_show_columns(&p->list, HOSPITALS_NCOLUMNS - 1);
	return p;
}

/* The profile's location as search --near reads it, or NULL (none, or no user database). */
static char *
hospitals_profile_place(struct pane_hospitals *p)
{
	json_t *doc = NULL;
	char *cause = NULL, *label;

	if (p->app->user == NULL)
		return NULL;
	if (profile_load(p->app->user, &doc, &cause) != 0) {
		free(cause);
		return NULL;
	}
	label = profile_location_label(doc);
	json_decref(doc);
	return label;
}

/* Searches the field's text again, at most limit rows (0: all); the list follows, its cursor on the first row. */
static void
hospitals_run(struct pane_hospitals *p, int limit)
{
	struct hospital_results *r = NULL;
	char *cause = NULL, *from = NULL;
	const char *text = p->field.text;
	double t0;

	t0 = clock_now_ms();
	/* Nearest with nothing typed: nearest to where the profile says you live. */
	if (p->near_km > 0 && fold_is_blank(text) &&
	    (from = hospitals_profile_place(p)) != NULL)
		text = from;
	if (hospital_search_near(p->app->q, text, limit, p->all, p->with,
	    p->nwith, p->near_km, &r, &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		r = NULL;
	}
	free(from);
	p->ms = clock_now_ms() - t0;
	tui_query_time(p->app, p->ms);
	hospital_results_free(p->results);
	p->results = r;
	p->partial = p->limit == 0 && r != NULL && (int64_t)r->nrows < r->total;
	list_show_columns(&p->list, r != NULL && r->near != NULL ?
	    HOSPITALS_NCOLUMNS : HOSPITALS_NCOLUMNS - 1);
	p->list.cursor = p->list.top = 0;
	list_set_rows(&p->list, r != NULL ? r->nrows : 0);
	p->list.total = p->partial ? (size_t)r->total : 0;
}

/*
 * Runs the search shown: at each keystroke, of the list asked for all
 * (limit 0), only the first page when it fills the screen, which the
 * biggest searches have stored (src/search_rank.c); the rest comes when
 * the user moves in the list (hospitals_complete).
 */
static void
hospitals_search(struct pane_hospitals *p)
{
	hospitals_run(p, p->limit == 0 && p->list_rows > 0 &&
	    p->list_rows <= HOSPITAL_SEARCH_LIMIT ? HOSPITAL_SEARCH_LIMIT :
	    p->limit);
}

/* The whole list where only its first page was read, the cursor where it was. */
static void
hospitals_complete(struct pane_hospitals *p)
{
	size_t cursor = p->list.cursor, top = p->list.top;

	if (!p->partial)
		return;
	hospitals_run(p, 0);
	if (p->results != NULL && cursor < p->list.nrows) {
		p->list.cursor = cursor;
		p->list.top = top;
	}
}

/* Forgets the text and what it found. */
static void
hospitals_clear(struct pane_hospitals *p)
{
	input_clear(&p->field);
	hospital_results_free(p->results);
	p->results = NULL;
	p->partial = 0;
	p->unsaved = 0;
	p->list.cursor = p->list.top = 0;
	list_set_rows(&p->list, 0);
	p->list.total = 0;
}

/* Records the search shown, once, when the user settles on it. */
static void
hospitals_settle(struct pane_hospitals *p)
{
	const struct hospital_results *r = p->results;
	struct search_params sp;

	if (!p->unsaved || r == NULL || r->kind == HOSPITAL_QUERY_EMPTY)
		return;
	p->unsaved = 0;
	/* As `mediflux search` records the same search. */
	sp.query = r->query;
	sp.limit = p->limit;
	sp.all = p->all;
	memcpy(sp.with, p->with, sizeof sp.with);
	sp.nwith = p->nwith;
	sp.near_km = r->near != NULL ? r->near->km : 0;
	tui_record(p->app, "hospitals", "search", search_params_to_json(&sp),
	    r->total, p->ms);
}

static void
hospitals_line_add(struct pane_hospitals *p, enum hospitals_line_kind kind,
    const char *label, const char *value)
{
	struct hospitals_line *l;
	int w;

	p->lines = xreallocarray(p->lines, p->nlines + 1, sizeof *p->lines);
	l = &p->lines[p->nlines++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->label = label != NULL ? xstrdup(label) : NULL;
	l->value = value != NULL ? xstrdup(value) : NULL;
	if (kind == HLINE_FIELD && (w = draw_width(label)) > p->label_width)
		p->label_width = w;
}

/* Receives the lines of the section being built, and leaves the others. */
static void
hospitals_field_line(void *arg, enum hospital_section s, const char *label,
    const char *value)
{
	struct pane_hospitals *p = arg;

	if (s == p->section)
		hospitals_line_add(p, HLINE_FIELD, label, value);
}

/* A section of hospital_detail_fields, under its title. */
static void
hospitals_build_section(struct pane_hospitals *p, enum hospital_section s)
{
	if (p->nlines > 0)
		hospitals_line_add(p, HLINE_BLANK, NULL, NULL);
	hospitals_line_add(p, HLINE_SECTION, hospital_section_title(s), NULL);
	p->section = s;
	hospital_detail_fields(p->detail, hospitals_field_line, p);
}

/* A row of the SAE table: the label, then one cell a year. */
static void
hospitals_table_row(struct pane_hospitals *p, const char *label, char **cells)
{
	size_t i;
	int w;

	hospitals_line_add(p, HLINE_TABLE, label, NULL);
	p->lines[p->nlines - 1].cells = cells;
	if ((w = draw_width(label)) > p->column_width[0])
		p->column_width[0] = w;
	for (i = 0; i + 1 < p->ncolumns; i++)
		if ((w = draw_width(cells[i])) > p->column_width[i + 1])
			p->column_width[i + 1] = w;
}

/*
 * What the site does, under the SAE figures in the same columns: each group
 * of sae_measures a title, then its figures, as `mediflux hospital` shows.
 */
static void
hospitals_build_activities(struct pane_hospitals *p)
{
	const struct hospital_detail *d = p->detail;
	const char *group = NULL;
	char **cells, buf[32], trend[16], *label;
	size_t i, y;

	for (i = 0; i < sae_nmeasures; i++) {
		if (!hospital_activity_shown(d, i))
			continue;
		if (group == NULL) {
			/* Its own heading, and the years again, as the command line. */
			hospitals_line_add(p, HLINE_BLANK, NULL, NULL);
			hospitals_line_add(p, HLINE_SECTION,
			    _("Activities (SAE)"), NULL);
			cells = xcalloc(d->nyears + 1, sizeof *cells);
			for (y = 0; y < d->nyears; y++)
				cells[y] = xasprintf("%d", d->years[y].year);
			cells[d->nyears] = xstrdup(_("Trend"));
			hospitals_table_row(p, "", cells);
		}
		if (group == NULL || strcmp(group,
		    sae_measure_group(&sae_measures[i])) != 0) {
			group = sae_measure_group(&sae_measures[i]);
			cells = xcalloc(d->nyears + 1, sizeof *cells);
			for (y = 0; y <= d->nyears; y++)
				cells[y] = xstrdup("");
			hospitals_table_row(p, group, cells);
		}
		cells = xcalloc(d->nyears + 1, sizeof *cells);
		for (y = 0; y < d->nyears; y++)
			cells[y] = xstrdup(hospital_activity_text(d, y, i, buf));
		cells[d->nyears] = xstrdup(hospital_activity_trend(d, i, trend));
		label = xasprintf("  %s", sae_measure_label(&sae_measures[i]));
		hospitals_table_row(p, label, cells);
		free(label);
	}
}

/* The site's weight in its département and region, a line a figure. */
static void
hospitals_build_context(struct pane_hospitals *p)
{
	const struct hospital_detail *d = p->detail;
	const struct hospital_share *c;
	char site[32], sdep[16], sreg[16], *title, *value;
	int i;

	if (d->context_year == 0)
		return;
	hospitals_line_add(p, HLINE_BLANK, NULL, NULL);
	title = xasprintf(_("Weight in its area (SAE %d)"), d->context_year);
	hospitals_line_add(p, HLINE_SECTION, title, NULL);
	free(title);
	for (i = 0; i < HOSPITAL_NSHARES; i++) {
		c = &d->context[i];
		if (c->site == HOSPITAL_UNKNOWN)
			continue;
		/* The totals are the command line's: 80 columns hold the shares. */
		value = xasprintf(_("%s · %s of the département · %s of the "
		    "region"),
		    texttable_int(c->site, site),
		    *hospital_share_text(c->site, c->departement, sdep) != '\0' ?
		    sdep : HOSPITAL_NOT_DECLARED,
		    *hospital_share_text(c->site, c->region, sreg) != '\0' ?
		    sreg : HOSPITAL_NOT_DECLARED);
		hospitals_line_add(p, HLINE_FIELD, c->short_label, value);
		free(value);
	}
}

/* The SAE figures, one column a year so that years compare side by side. */
static void
hospitals_build_years(struct pane_hospitals *p)
{
	const struct hospital_detail *d = p->detail;
	char **cells, buf[32], trend[16];
	size_t i;
	int f;

	hospitals_line_add(p, HLINE_BLANK, NULL, NULL);
	hospitals_line_add(p, HLINE_SECTION, _("Activity (SAE)"), NULL);
	if (d->nyears == 0) {
		hospitals_line_add(p, HLINE_FIELD, "", _("no SAE figures for "
		    "this site"));
		return;
	}
	/* A column a year, then the change over the last two. */
	p->ncolumns = d->nyears + 2;
	p->column_width = xcalloc(p->ncolumns, sizeof *p->column_width);
	cells = xcalloc(d->nyears + 1, sizeof *cells);
	for (i = 0; i < d->nyears; i++)
		cells[i] = xasprintf("%d", d->years[i].year);
	cells[d->nyears] = xstrdup(_("Trend"));
	hospitals_table_row(p, "", cells);
	for (f = 0; f < HOSPITAL_NFIGURES; f++) {
		if (!hospital_figure_shown(d->years, d->nyears,
		    &hospital_figures[f]))
			continue;
		cells = xcalloc(d->nyears + 1, sizeof *cells);
		for (i = 0; i < d->nyears; i++)
			cells[i] = xstrdup(hospital_figure_text(&d->years[i],
			    &hospital_figures[f], buf));
		cells[d->nyears] = xstrdup(d->nyears < 2 ||
		    hospital_figures[f].yes_no ? "" : hospital_trend_text(
		    hospital_year_value(&d->years[d->nyears - 2],
		    &hospital_figures[f]), hospital_year_value(
		    &d->years[d->nyears - 1], &hospital_figures[f]), trend));
		hospitals_table_row(p, _(hospital_figures[f].label), cells);
	}
	cells = xcalloc(d->nyears + 1, sizeof *cells);
	for (i = 0; i < d->nyears; i++)
		cells[i] = xstrdup(d->years[i].beds_source != NULL ?
		    d->years[i].beds_source : HOSPITAL_NOT_DECLARED);
	cells[d->nyears] = xstrdup("");
	hospitals_table_row(p, _("Beds source"), cells);
	hospitals_build_activities(p);
}

/* One line of provenance: file, import date, sample flag, start of the SHA-256. */
static void
hospitals_build_source(struct pane_hospitals *p, const char *what, int year,
    const struct hospital_source *s)
{
	char *label, *value;

	if (s->file_name == NULL)
		return;
	label = xasprintf("%s %d", what, year);
	value = xasprintf(_("%s, imported %.10s%s, sha256 %.16s…"),
	    s->file_name, s->imported_at != NULL ? s->imported_at : "?",
	    s->sample ? _(", SAMPLE") : "", s->sha256 != NULL ? s->sha256 : "");
	hospitals_line_add(p, HLINE_FIELD, label, value);
	free(label);
	free(value);
}

/*
 * Builds the detail's lines: where it is and its figures on the first
 * screen, then its identity and the sources.
 */
static void
hospitals_build_detail(struct pane_hospitals *p)
{
	const struct hospital_detail *d = p->detail;
	size_t i;

	hospitals_build_section(p, HOSPITAL_SECTION_ADDRESS);
	hospitals_build_years(p);
	hospitals_build_context(p);
	hospitals_build_section(p, HOSPITAL_SECTION_IDENTITY);
	hospitals_line_add(p, HLINE_BLANK, NULL, NULL);
	hospitals_line_add(p, HLINE_SECTION, _("Sources"), NULL);
	hospitals_build_source(p, "FINESS", d->source.year, &d->source);
	for (i = 0; i < d->nyears; i++)
		hospitals_build_source(p, "SAE", d->years[i].year,
		    &d->years[i].source);
}

static void
hospitals_close_detail(struct pane_hospitals *p)
{
	size_t i, j;

	for (i = 0; i < p->nlines; i++) {
		free(p->lines[i].label);
		free(p->lines[i].value);
		if (p->lines[i].cells != NULL) {
			for (j = 0; j + 1 < p->ncolumns; j++)
				free(p->lines[i].cells[j]);
			free(p->lines[i].cells);
		}
	}
	free(p->lines);
	free(p->column_width);
	hospital_detail_free(p->detail);
	p->detail = NULL;
	p->lines = NULL;
	p->column_width = NULL;
	p->nlines = p->ncolumns = p->top = 0;
	p->label_width = 0;
}

/*
 * Opens the detail of an establishment; recorded in the history unless it
 * is a history entry being replayed.
 */
static void
hospitals_open(struct pane_hospitals *p, const char *finess, int record)
{
	struct hospital_detail *d;
	char *cause = NULL;
	double t0, ms;
	int rc;

	t0 = clock_now_ms();
	rc = hospital_detail_get(p->app->q, finess, &d, &cause);
	ms = clock_now_ms() - t0;
	tui_query_time(p->app, ms);
	if (rc != 0) {
		if (rc > 0)
			tui_message(p->app, 1, _("no establishment has FINESS "
			    "number %s"), finess);
		else
			tui_message(p->app, 1, "%s", cause);
		free(cause);
		return;
	}
	hospitals_close_detail(p);
	p->detail = d;
	hospitals_build_detail(p);
	if (record)
		tui_record(p->app, "hospitals", "hospital",
		    hospital_params_to_json(d->row.finess), 1, ms);
}

/* Opens the establishment under the cursor, the search settled first. */
static void
hospitals_open_selected(struct pane_hospitals *p)
{
	size_t row = list_selected(&p->list);

	hospitals_settle(p);
	if (p->results != NULL && row != (size_t)-1)
		hospitals_open(p, p->results->rows[row].finess, 1);
}

/* What was found, in words: "13 hospitals and clinics · places named "lyon"". */
static char *
hospitals_summary(const struct pane_hospitals *p)
{
	const struct hospital_results *r = p->results;
	char *where, *count, *line, *others, *label;
	int64_t more;
	size_t n;

	switch (r != NULL ? r->kind : HOSPITAL_QUERY_EMPTY) {
	case HOSPITAL_QUERY_EMPTY:
		if (p->near_km > 0 && !fold_is_blank(p->field.text))
			return xstrdup(_("Nearest: no commune found for this "
			    "place."));
		if (p->near_km > 0)
			return xstrdup(_("Nearest: type a place, or give your "
			    "commune in Profile."));
		return xstrdup(_("A city (\"sai eti\" finds Saint-Étienne), a "
		    "postcode (42000, or 420) or a département (42, 2A)."));
	case HOSPITAL_QUERY_POSTCODE:
		where = strlen(r->key) == 5 ? xasprintf(_("postcode %s"),
		    r->key) : xasprintf(_("postcodes starting with %s"),
		    r->key);
		break;
	case HOSPITAL_QUERY_DEPARTEMENT:
		where = xasprintf(_("département %s (%s)"), r->key,
		    r->place != NULL ? r->place : "?");
		break;
	default:
		where = xasprintf(_("places named \"%s\""), r->key);
		break;
	}
	if (r->near != NULL) {
		free(where);
		label = hospital_near_label(r->near);
		where = xasprintf(_("within %d km of %s, as the crow flies"),
		    r->near->km, label);
		free(label);
	}
	if (r->with != NULL) {
		line = xasprintf(_("%s · with %s (%lld without)"), where,
		    r->with, (long long)r->without_activity);
		free(where);
		where = line;
	}
	if (r->nrows == 0) {
		more = r->total_all - r->total;
		others = more > 0 ? xasprintf(ngettext(
		    " (%lld other establishment)",
		    " (%lld other establishments)", (unsigned long)more),
		    (long long)more) : xstrdup("");
		line = xasprintf(r->all ? _("No establishment · %s%s") :
		    _("No hospital or clinic · %s%s"), where, others);
		free(others);
		free(where);
		return line;
	}
	/* A first page read alone stands for the whole list, read on demand. */
	n = p->partial ? (size_t)r->total : r->nrows;
	if ((int64_t)n < r->total)
		count = xasprintf(_("first %zu of %lld"), n,
		    (long long)r->total);
	else
		count = xasprintf("%zu", n);
	line = xasprintf(r->all ? ngettext("%s establishment · %s",
	    "%s establishments · %s", n) :
	    ngettext("%s hospital or clinic · %s",
	    "%s hospitals and clinics · %s", n), count, where);
	free(count);
	free(where);
	return line;
}

/* One line of the detail at row y. */
static void
hospitals_draw_line(struct pane_hospitals *p, const struct hospitals_line *l,
    int y, int x, int width)
{
	int cx, w;
	size_t i;

	switch (l->kind) {
	case HLINE_BLANK:
		break;
	case HLINE_SECTION:
		draw_text(y, x, width, l->label, term_attr(C_SECTION));
		break;
	case HLINE_FIELD:
		w = p->label_width < width - 2 ? p->label_width : width - 2;
		draw_cell(y, x + 2, w, l->label, term_attr(C_NORMAL), 0);
		cx = x + 2 + w + 2;
		draw_text(y, cx, x + width - cx, l->value, term_attr(C_NORMAL));
		break;
	case HLINE_TABLE:
		w = p->column_width[0] < width - 2 ? p->column_width[0] :
		    width - 2;
		draw_cell(y, x + 2, w, l->label, term_attr(C_NORMAL), 0);
		cx = x + 2 + w;
		for (i = 1; i < p->ncolumns && cx + 2 < x + width; i++) {
			cx += 2;
			w = p->column_width[i] < x + width - cx ?
			    p->column_width[i] : x + width - cx;
			/* The first row, without a label, names the years. */
			draw_cell(y, cx, w, l->cells[i - 1], *l->label == '\0' ?
			    term_attr(C_SECTION) : term_attr(C_NORMAL), 1);
			cx += w;
		}
		break;
	}
}

static void
hospitals_draw_detail(struct pane_hospitals *p, int y, int x, int height,
    int width, char *status, size_t statussize)
{
	const struct hospital_detail *d = p->detail;
	char *title;
	int i, rows = height - 2;

	draw_text(y, x + 1, width - 2, _("Details: ↑↓ PgUp PgDn scroll · "
	    "Backspace or Esc: back to the list"), term_attr(C_KEY));
	title = xasprintf("%s — %s — %s", d->row.name != NULL ? d->row.name :
	    "?", d->row.finess, d->row.category != NULL ? d->row.category : "");
	draw_text(y + 1, x + 1, width - 2, title, term_attr(C_TITLE));
	free(title);
	p->page = rows > 0 ? rows : 1;
	if (p->nlines <= (size_t)p->page)
		p->top = 0;
	else if (p->top > p->nlines - p->page)
		p->top = p->nlines - p->page;
	for (i = 0; i < rows && p->top + i < p->nlines; i++)
		hospitals_draw_line(p, &p->lines[p->top + i], y + 2 + i, x + 1,
		    width - 2);
	snprintf(status, statussize, _("line %zu/%zu"), p->top + 1, p->nlines);
}

static void
hospitals_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	struct pane_hospitals *p = arg;
	const char *label = _("Search: ");
	char *summary, *hints;
	int lw, field = p->focus == HOSPITALS_FIELD;

	if (p->detail != NULL) {
		hospitals_draw_detail(p, y, x, height, width, status,
		    statussize);
		return;
	}
	if (p->picker != NULL) {
		hospitals_with_draw(p->picker, y, x, height, width);
		return;
	}
	hints = keymap_hints(field ? &hospitals_field_keys :
	    &hospitals_list_keys);
	draw_text(y, x + 1, width - 2, hints, term_attr(C_KEY));
	free(hints);
	lw = draw_text(y + 1, x + 1, width - 2, label, field ?
	    term_attr(C_SECTION) : term_attr(C_NORMAL));
	summary = hospitals_summary(p);
	draw_text(y + 2, x + 1, width - 2, summary, term_attr(C_NORMAL));
	free(summary);
	/* Before any search, where the list goes: how to leave the sample. */
	if (p->app->q->sample && (p->results == NULL ||
	    p->results->kind == HOSPITAL_QUERY_EMPTY) && height > HOSPITALS_HEAD + 1)
		draw_text(y + HOSPITALS_HEAD + 1, x + 1, width - 2,
		    _(HOSPITALS_SAMPLE_HINT), term_attr(C_WARN));
	/* A taller screen than the first page: the whole list. */
	p->list_rows = height - HOSPITALS_HEAD - 1;
	if (p->partial && p->list_rows > (int)p->list.nrows)
		hospitals_complete(p);
	if (p->results != NULL && p->results->nrows > 0)
		list_draw(&p->list, y + HOSPITALS_HEAD, x,
		    height - HOSPITALS_HEAD, width);
	/* Last, so that the terminal cursor is left where typing goes. */
	input_draw(&p->field, y + 1, x + 1 + lw, width - 2 - lw, field ?
	    (int)(term_attr(C_NORMAL) | A_UNDERLINE) : term_attr(C_NORMAL),
	    field && !p->list.searching);
	/* The count is on the summary line: the status line is short of room. */
	if (p->results != NULL && p->results->nrows > 0)
		list_position(&p->list, status, statussize);
}

/* Keys while the detail is open: it scrolls, Backspace and Esc close it. */
static int
hospitals_detail_key(struct pane_hospitals *p, enum action a)
{
	if (list_scroll_text(&p->top, p->nlines, p->page, a))
		return R_HANDLED | R_REDRAW;
	switch (a) {
	case ACT_BACK:
	case ACT_CANCEL:
		hospitals_close_detail(p);
		break;
	case ACT_OPEN:
		break;
	default:
		return R_NONE;
	}
	return R_HANDLED | R_REDRAW;
}

/* Whether an action shows another pane or ends the program. */
static int
hospitals_leaves(enum action a)
{
	switch (a) {
	case ACT_QUIT:
	case ACT_PANE_REGIONS:
	case ACT_PANE_MEDS:
	case ACT_PANE_PROFILE:
	case ACT_PANE_HISTORY:
	case ACT_PANE_DATA:
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		return 1;
	default:
		return 0;
	}
}

/* Keys while typing: text, except the arrows and pages that move the list. */
static int
hospitals_field_key(struct pane_hospitals *p, enum action a, int key)
{
	int cp = TERM_KEY_CHAR(key);

	if (key == CTRL_C || (a == ACT_CANCEL && key != ESCAPE)) {
		if (p->field.len == 0)
			return R_NONE;	/* nothing to cancel: Ctrl-C quits */
		hospitals_clear(p);
		return R_HANDLED | R_REDRAW;
	}
	/* Even with nothing typed: p there lists what is near the profile's place. */
	if (key == ESCAPE) {
		hospitals_settle(p);
		p->focus = HOSPITALS_LIST;
		return R_HANDLED | R_REDRAW;
	}
	/* Not j, k or space: those are text here. */
	if ((a == ACT_UP || a == ACT_DOWN || a == ACT_PAGE_UP ||
	    a == ACT_PAGE_DOWN) && (cp < 0x20 || cp == 0x7f)) {
		hospitals_complete(p);
		return list_key(&p->list, a, key);
	}
	switch (input_key(&p->field, key)) {
	case INPUT_CHANGED:
		/* A new search: whatever a replay asked for no longer holds. */
		p->unsaved = 1;
		p->limit = 0;
		p->all = 0;
		hospitals_search(p);
		return R_HANDLED | R_REDRAW;
	case INPUT_MOVED:
		return R_HANDLED | R_REDRAW;
	case INPUT_SUBMIT:
		hospitals_open_selected(p);
		return R_HANDLED | R_REDRAW;
	case INPUT_CANCEL:
	case INPUT_IGNORED:
		break;
	}
	if (hospitals_leaves(a))
		hospitals_settle(p);
	return R_NONE;
}

/* The distances + and - step through, in km. */
static const int hospitals_near_steps[] = { 5, 10, 20, 30, 50, 100, 200 };

#define HOSPITALS_NEAR_NSTEPS \
	(sizeof hospitals_near_steps / sizeof hospitals_near_steps[0])

/* p turns the nearest first on and off; + and - change how far, while on. */
static void
hospitals_near_key(struct pane_hospitals *p, enum action a)
{
	size_t i;

	if (a == ACT_NEAR)
		p->near_km = p->near_km > 0 ? 0 : HOSPITAL_NEAR_KM;
	else if (p->near_km == 0)
		return;
	else {
		for (i = 0; i < HOSPITALS_NEAR_NSTEPS &&
		    hospitals_near_steps[i] <= p->near_km; i++)
			;
		/* i: the first step beyond; the one below is i - 1 or i - 2. */
		if (a == ACT_NEAR_WIDER && i < HOSPITALS_NEAR_NSTEPS)
			p->near_km = hospitals_near_steps[i];
		else if (a == ACT_NEAR_NARROWER && i >= 2)
			p->near_km = hospitals_near_steps[i - 2];
		else
			return;
	}
	/* The search seen so far is one the user settled on. */
	hospitals_settle(p);
	p->unsaved = 1;
	hospitals_search(p);
}

/* Keys in the list: the list's own, Enter, e, and the ways back to the field. */
static int
hospitals_list_key(struct pane_hospitals *p, enum action a, int key)
{
	/* A search p, + or - made here is settled on as one typed is. */
	if (hospitals_leaves(a))
		hospitals_settle(p);
	switch (a) {
	case ACT_CANCEL:
		if (key != ESCAPE)
			hospitals_clear(p);	/* Ctrl-C: the search, gone */
		/* FALLTHROUGH */
	case ACT_BACK:
		p->focus = HOSPITALS_FIELD;
		return R_HANDLED | R_REDRAW;
	case ACT_OPEN:
		hospitals_open_selected(p);
		return R_HANDLED | R_REDRAW;
	case ACT_EXPORT:
		if (p->list.nrows > 0)
			tui_export(p->app, &p->list, "hopitaux");
		return R_HANDLED | R_REDRAW;
	case ACT_ACTIVITIES:
		p->picker = hospitals_with_new(p->with, p->nwith);
		return R_HANDLED | R_REDRAW;
	case ACT_NEAR:
	case ACT_NEAR_WIDER:
	case ACT_NEAR_NARROWER:
		hospitals_near_key(p, a);
		return R_HANDLED | R_REDRAW;
	default:
		return list_key(&p->list, a, key);
	}
}

/* Keys while the checklist is open: Enter searches again with what is ticked. */
static int
hospitals_picker_key(struct pane_hospitals *p, enum action a, int key)
{
	switch (hospitals_with_key(p->picker, a, key)) {
	case HOSPITALS_WITH_OPEN:
		return R_HANDLED | R_REDRAW;
	case HOSPITALS_WITH_APPLY:
		/* The search seen so far is one the user settled on. */
		hospitals_settle(p);
		p->nwith = hospitals_with_conditions(p->picker, p->with);
		hospitals_with_free(p->picker);
		p->picker = NULL;
		p->unsaved = 1;
		hospitals_search(p);
		return R_HANDLED | R_REDRAW;
	case HOSPITALS_WITH_CANCEL:
		hospitals_with_free(p->picker);
		p->picker = NULL;
		return R_HANDLED | R_REDRAW;
	default:
		return R_NONE;
	}
}

static int
hospitals_key(void *arg, enum action a, int key)
{
	struct pane_hospitals *p = arg;

	if (p->detail != NULL)
		return hospitals_detail_key(p, a);
	if (p->picker != NULL)
		return hospitals_picker_key(p, a, key);
	if (p->list.searching)
		return list_key(&p->list, a, key);
	if (p->focus == HOSPITALS_FIELD)
		return hospitals_field_key(p, a, key);
	/* In the list, every key may need the rows past the first page. */
	hospitals_complete(p);
	return hospitals_list_key(p, a, key);
}

/*
 * Shows a history entry again: a search (its text, limit and kinds), or an
 * establishment's detail. Not recorded again: it is in the history already.
 */
static void
hospitals_replay(void *arg, const char *command, const json_t *params)
{
	struct pane_hospitals *p = arg;
	struct search_params sp;
	char finess[10], *cause = NULL;

	memset(&sp, 0, sizeof sp);

	if (strcmp(command, "search") == 0) {
		if (search_params_read_json(params, &sp, &cause) != 0)
			goto refused;
		hospitals_close_detail(p);
		hospitals_with_free(p->picker);
		p->picker = NULL;
		input_set(&p->field, sp.query);
		p->limit = sp.limit;
		p->all = sp.all;
		memcpy(p->with, sp.with, sizeof p->with);
		p->nwith = sp.nwith;
		p->near_km = sp.near_km;
		search_params_clear(&sp);
		/* Come to see, not to type: the list's keys (and 1-6) work. */
		p->focus = HOSPITALS_LIST;
		p->unsaved = 0;
		hospitals_search(p);
	} else if (strcmp(command, "hospital") == 0) {
		if (hospital_params_read_json(params, finess, &cause) != 0)
			goto refused;
		hospitals_open(p, finess, 0);
	} else
		tui_message(p->app, 1, _("Hospitals cannot replay \"%s\""),
		    command);
	return;
refused:
	tui_message(p->app, 1, "%s", cause);
	free(cause);
}

static void
hospitals_free(void *arg)
{
	struct pane_hospitals *p = arg;

	hospitals_close_detail(p);
	hospitals_with_free(p->picker);
	hospital_results_free(p->results);
	list_free(&p->list);
	free(p);
}

/* The establishment open (its FINESS and SAE sources), else the list's. */
static int
hospitals_sample(void *arg)
{
	const struct pane_hospitals *p = arg;

	if (p->detail != NULL)
		return p->detail->sample.sample;
	return p->results != NULL && p->results->sample.sample;
}

/* The field, or a / search in the list or the checklist. */
static int
hospitals_typing(void *arg)
{
	const struct pane_hospitals *p = arg;

	if (p->detail != NULL)
		return 0;
	if (p->picker != NULL)
		return hospitals_with_typing(p->picker);
	return p->list.searching || p->focus == HOSPITALS_FIELD;
}

/* While typing, the field's keys; else the list's. */
static const struct keytable *
hospitals_mode_keys(void *arg)
{
	const struct pane_hospitals *p = arg;

	if (p->detail == NULL && p->picker != NULL)
		return &hospitals_with_keys;
	return p->detail == NULL && p->focus == HOSPITALS_FIELD ?
	    &hospitals_field_keys : &hospitals_list_keys;
}

const struct pane_ops pane_hospitals_ops = {
	N_("Hospitals"), "hospitals", ACT_PANE_HOSPITALS, &hospitals_list_keys,
	hospitals_init, hospitals_draw, hospitals_key, hospitals_replay,
	hospitals_free, hospitals_sample, hospitals_mode_keys, NULL,
	hospitals_typing,
};
