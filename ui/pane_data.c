/* SPDX-License-Identifier: ISC */
/* The Data screen: where every figure comes from, and how much there is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "health.h"
#include "i18n.h"
#include "list.h"
#include "texttable.h"
#include "tui.h"
#include "xmalloc.h"

enum data_row_kind {
	DATA_HEADING,
	DATA_DATASET,
	DATA_TABLE,
};

struct data_row {
	enum data_row_kind	 kind;
	const char		*heading;
	size_t			 index;
	const struct health_db	*db;
};

struct pane_data {
	struct app		*app;
	struct health_report	 report;
	struct data_row		*rows;
	size_t			 nrows;
	struct list		 list;
	char			 cell[64];
};

static const struct list_column data_columns[] = {
	{ N_("Dataset / table"), 30, 0 },
	{ N_("Year"), 0, 1 },
	{ N_("File"), 32, 0 },
	{ N_("Rows"), 0, 1 },
	{ "SHA-256", 0, 0 },
	{ N_("Imported on"), 0, 0 },
	{ N_("Origin"), 0, 0 },
};

static void
data_add_row(struct pane_data *p, enum data_row_kind kind, const char *heading,
    size_t index, const struct health_db *db)
{
	p->rows = xreallocarray(p->rows, p->nrows + 1, sizeof *p->rows);
	p->rows[p->nrows].kind = kind;
	p->rows[p->nrows].heading = heading;
	p->rows[p->nrows].index = index;
	p->rows[p->nrows].db = db;
	p->nrows++;
}

static const char *
data_cell(void *arg, size_t r, int c)
{
	struct pane_data *p = arg;
	const struct data_row *row = &p->rows[r];
	const struct dataset_record *d;
	const struct health_table *t;

	switch (row->kind) {
	case DATA_HEADING:
		return c == 0 ? _(row->heading) : "";
	case DATA_TABLE:
		t = &row->db->tables[row->index];
		if (c == 0)
			return t->name;
		if (c == 3)
			return texttable_int(t->rows, p->cell);
		return "";
	case DATA_DATASET:
		break;
	}
	d = &p->report.datasets[row->index];
	switch (c) {
	case 0:
		return d->kind;
	case 1:
		if (d->year == 0)
			return "";
		snprintf(p->cell, sizeof p->cell, "%d", d->year);
		return p->cell;
	case 2:
		return d->file_name;
	case 3:
		return texttable_int(d->rows_kept, p->cell);
	case 4:
		snprintf(p->cell, sizeof p->cell, "%.12s", d->sha256);
		return p->cell;
	case 5:
		snprintf(p->cell, sizeof p->cell, "%.10s", d->imported_at);
		return p->cell;
	default:
		return d->sample ? _("SAMPLE") : _("published");
	}
}

static int
data_row_attr(void *arg, size_t r)
{
	struct pane_data *p = arg;

	return p->rows[r].kind == DATA_HEADING ? term_attr(C_SECTION) : -1;
}

static void *
data_init(struct app *app)
{
	struct health_source ref = { app->refdb_path, app->ref_origin,
	    app->q->db };
	struct health_source user = { app->userdb_path, app->user_origin,
	    app->user };
	struct pane_data *p;
	size_t i;

	/* Through the connections the interface already holds: no reopening. */
	p = xcalloc(1, sizeof *p);
	p->app = app;
	health_collect(&p->report, &ref, &user, 0);
	/* Headings are translated where they are drawn, in data_cell. */
	data_add_row(p, DATA_HEADING, N_("Loaded datasets"), 0, NULL);
	for (i = 0; i < p->report.ndatasets; i++)
		data_add_row(p, DATA_DATASET, NULL, i, NULL);
	data_add_row(p, DATA_HEADING, N_("Tables of the reference database"), 0,
	    NULL);
	for (i = 0; i < p->report.ref.ntables; i++)
		data_add_row(p, DATA_TABLE, NULL, i, &p->report.ref);
	data_add_row(p, DATA_HEADING, N_("Tables of your personal database"), 0,
	    NULL);
	for (i = 0; i < p->report.user.ntables; i++)
		data_add_row(p, DATA_TABLE, NULL, i, &p->report.user);
	list_init(&p->list, data_columns,
	    sizeof data_columns / sizeof data_columns[0], data_cell,
	    data_row_attr, p);
	list_set_rows(&p->list, p->nrows);
	p->list.cursor = p->nrows > 1 ? 1 : 0;
	return p;
}

/*
 * One line about a database file: where, which schema, how big. The label
 * is padded to labelwidth columns, so that both lines' figures align: the
 * %*s after it is those spaces, which each language puts where it likes
 * (after the colon in English, before it in French).
 */
static void
data_draw_db(int y, int x, int width, const char *label, int labelwidth,
    const struct health_db *h)
{
	char *line, size[32];
	int pad = labelwidth - draw_width(label);

	if (pad < 0)
		pad = 0;
	if (h->error != NULL)
		/* TRANSLATORS: %*s pads the label so that both lines align. */
		line = xasprintf(_("%s:%*s %s"), label, pad, "", h->error);
	else if (!h->present)
		/* TRANSLATORS: %*s pads the label so that both lines align. */
		line = xasprintf(_("%s:%*s %s (not created yet)"), label, pad,
		    "", h->path);
	else
		/* TRANSLATORS: %*s pads the label so that both lines align. */
		line = xasprintf(_("%s:%*s schema %d · %s bytes · %04o · %s "
		    "(%s)"), label, pad, "", h->schema_version,
		    texttable_int(h->size_bytes, size), h->mode, h->path,
		    _(paths_origin_name(h->origin)));
	draw_text(y, x, width, line, term_attr(C_NORMAL));
	free(line);
}

/* A text member of a provenance object, "" when it has none. */
static const char *
data_json_text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/*
 * What the status line says of a dataset that had rows set aside at import:
 * how many, and where the first one was, from its provenance.
 */
static void
data_status_rejected(const struct dataset_record *d, char *status,
    size_t statussize)
{
	json_t *totals, *first, *years;
	const char *key;
	char *detail = NULL, n[32];
	json_t *v;

	totals = d->control_totals != NULL ? json_loads(d->control_totals, 0,
	    NULL) : NULL;
	first = json_array_get(json_object_get(totals, "set_aside"), 0);
	years = json_object_get(totals, "other_years");
	if (json_is_object(first))
		detail = xasprintf(_(" (field %s: \"%s\"…)"),
		    data_json_text(first, "field"), data_json_text(first, "value"));
	else if (json_object_size(years) > 0) {
		json_object_foreach(years, key, v) {
			detail = xasprintf(_(" (from year %s: %lld)"), key,
			    (long long)json_integer_value(v));
			break;
		}
	}
	snprintf(status, statussize, ngettext("%s %d: %s row set aside at "
	    "import%s", "%s %d: %s rows set aside at import%s",
	    (unsigned long)d->rows_rejected), d->kind, d->year,
	    texttable_int(d->rows_rejected, n), detail != NULL ? detail : "");
	free(detail);
	json_decref(totals);
}

static void
data_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	struct pane_data *p = arg;
	const char *ref = _("Reference database"), *user = _("Personal database");
	char *line, n[32];
	size_t row;
	int labelwidth;

	labelwidth = draw_width(ref) > draw_width(user) ? draw_width(ref) :
	    draw_width(user);
	data_draw_db(y, x + 1, width - 2, ref, labelwidth, &p->report.ref);
	data_draw_db(y + 1, x + 1, width - 2, user, labelwidth,
	    &p->report.user);
	if (p->report.ref.error == NULL) {
		/* The sums are checked by mediflux health; this screen opens at once. */
		line = xasprintf(ngettext("Population: %s inhabitant%s",
		    "Population: %s inhabitants%s",
		    (unsigned long)p->report.population),
		    texttable_int(p->report.population, n),
		    p->report.population_mismatches > 0 ? _(" · WARNING: some "
		    "regional totals do not match") :
		    _(" · sums checked by \"mediflux health\""));
		draw_text(y + 2, x + 1, width - 2, line,
		    p->report.population_mismatches > 0 ? term_attr(C_ERROR) :
		    term_attr(C_NORMAL));
		free(line);
	}
	list_draw(&p->list, y + 4, x, height - 4, width);
	list_position(&p->list, status, statussize);
	row = list_selected(&p->list);
	if (row < p->nrows && p->rows[row].kind == DATA_DATASET &&
	    p->report.datasets[p->rows[row].index].rows_rejected > 0)
		data_status_rejected(&p->report.datasets[p->rows[row].index],
		    status, statussize);
}

static int
data_key(void *arg, enum action a, int key)
{
	struct pane_data *p = arg;

	if (a == ACT_EXPORT && !p->list.searching) {
		tui_export(p->app, &p->list, "donnees");
		return R_HANDLED | R_REDRAW;
	}
	return list_key(&p->list, a, key);
}

static void
data_free(void *arg)
{
	struct pane_data *p = arg;

	health_free(&p->report);
	list_free(&p->list);
	free(p->rows);
	free(p);
}

/* The datasets listed are the whole database's: sample when any of them is. */
static int
data_sample(void *arg)
{
	const struct pane_data *p = arg;

	return p->report.sample;
}

/* A / search in the table. */
static int
data_typing(void *arg)
{
	const struct pane_data *p = arg;

	return p->list.searching;
}

const struct pane_ops pane_data_ops = {
	N_("Data"), NULL, ACT_PANE_DATA, &keytable_list, data_init, data_draw, data_key, NULL,
	data_free, data_sample, NULL, NULL, data_typing,
};
