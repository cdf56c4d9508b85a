/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "hospital_activity.h"
#include "hospital_context.h"
#include "hospital_text.h"
#include "i18n.h"
#include "out.h"
#include "params_search.h"
#include "query_hospital.h"
#include "sae_activity.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* Adds a line of a section to its table. */
static void
hospital_add_field(void *arg, enum hospital_section section, const char *label,
    const char *value)
{
	struct texttable **t = arg;
	const char *cells[2] = { label, value };

	texttable_add(t[section], cells);
}

/* Prints a section: its title, then its rows indented. */
static void
hospital_print_section(const char *title, struct texttable *t)
{
	printf("\n%s\n", title);
	texttable_print(t, stdout, 2);
	texttable_free(t);
}

/* The Identity and Address sections, as the Hôpitaux pane shows them too. */
static void
hospital_print_fields(const struct hospital_detail *d)
{
	struct texttable *t[2];

	t[HOSPITAL_SECTION_IDENTITY] = texttable_new(2);
	t[HOSPITAL_SECTION_ADDRESS] = texttable_new(2);
	hospital_detail_fields(d, hospital_add_field, t);
	hospital_print_section(hospital_section_title(HOSPITAL_SECTION_IDENTITY),
	    t[HOSPITAL_SECTION_IDENTITY]);
	hospital_print_section(hospital_section_title(HOSPITAL_SECTION_ADDRESS),
	    t[HOSPITAL_SECTION_ADDRESS]);
}

/* The SAE figures, one column a year so that years compare side by side, then the change. */
static void
hospital_print_years(const struct hospital_detail *d)
{
	const struct hospital_figure *f;
	struct texttable *t;
	const char **cells;
	char (*buf)[32], trend[16];
	size_t i, n = d->nyears;
	int k;

	if (n == 0) {
		printf("\n%s\n  %s\n", _("Activity (SAE)"),
		    _("no SAE figures for this site"));
		return;
	}
	t = texttable_new((int)n + 2);
	cells = xcalloc(n + 2, sizeof *cells);
	buf = xcalloc(n, sizeof *buf);
	for (i = 1; i <= n + 1; i++)
		texttable_align_right(t, (int)i);
	cells[0] = "";
	for (i = 0; i < n; i++) {
		snprintf(buf[i], sizeof buf[i], "%d", d->years[i].year);
		cells[i + 1] = buf[i];
	}
	cells[n + 1] = _("Trend");
	texttable_add(t, cells);
	for (k = 0; k < HOSPITAL_NFIGURES; k++) {
		f = &hospital_figures[k];
		if (!hospital_figure_shown(d->years, n, f))
			continue;
		cells[0] = _(f->label);
		for (i = 0; i < n; i++)
			cells[i + 1] = hospital_figure_text(&d->years[i], f, buf[i]);
		cells[n + 1] = n < 2 || f->yes_no ? "" : hospital_trend_text(
		    hospital_year_value(&d->years[n - 2], f),
		    hospital_year_value(&d->years[n - 1], f), trend);
		texttable_add(t, cells);
	}
	cells[0] = _("Beds source");
	for (i = 0; i < n; i++)
		cells[i + 1] = d->years[i].beds_source != NULL ?
		    d->years[i].beds_source : HOSPITAL_NOT_DECLARED;
	cells[n + 1] = "";
	texttable_add(t, cells);
	free(cells);
	free(buf);
	hospital_print_section(_("Activity (SAE)"), t);
}

/*
 * What the site does, grouped as sae_measures is, one column a year and the
 * change over the last two; a group without a figure is left out.
 */
static void
hospital_print_activities(const struct hospital_detail *d)
{
	struct texttable *t;
	const char **cells, *group = NULL;
	char (*buf)[32], trend[16], *label;
	size_t i, y, n = d->nyears;

	for (i = 0; i < sae_nmeasures && !hospital_activity_shown(d, i); i++)
		;
	if (i == sae_nmeasures)
		return;
	t = texttable_new((int)n + 2);
	cells = xcalloc(n + 2, sizeof *cells);
	buf = xcalloc(n, sizeof *buf);
	for (y = 1; y <= n + 1; y++)
		texttable_align_right(t, (int)y);
	cells[0] = "";
	for (y = 0; y < n; y++) {
		snprintf(buf[y], sizeof buf[y], "%d", d->years[y].year);
		cells[y + 1] = buf[y];
	}
	cells[n + 1] = _("Trend");
	texttable_add(t, cells);
	for (i = 0; i < sae_nmeasures; i++) {
		if (!hospital_activity_shown(d, i))
			continue;
		if (group == NULL || strcmp(group,
		    sae_measure_group(&sae_measures[i])) != 0) {
			group = sae_measure_group(&sae_measures[i]);
			cells[0] = group;
			for (y = 1; y <= n + 1; y++)
				cells[y] = "";
			texttable_add(t, cells);
		}
		label = xasprintf("  %s", sae_measure_label(&sae_measures[i]));
		cells[0] = label;
		for (y = 0; y < n; y++)
			cells[y + 1] = hospital_activity_text(d, y, i, buf[y]);
		cells[n + 1] = hospital_activity_trend(d, i, trend);
		texttable_add(t, cells);
		free(label);
	}
	free(cells);
	free(buf);
	hospital_print_section(_("Activities (SAE)"), t);
}

/* The site's weight in its département and region, in its latest SAE year. */
static void
hospital_print_context(const struct hospital_detail *d)
{
	const struct hospital_share *c;
	struct texttable *t;
	const char *cells[6];
	char buf[5][32], *title;
	int i;

	if (d->context_year == 0)
		return;
	t = texttable_new(6);
	for (i = 1; i < 6; i++)
		texttable_align_right(t, i);
	cells[0] = "";
	/* TRANSLATORS: headings of the site's weight: its figure, then the
	   département's total and the site's share of it, then the region's. */
	cells[1] = _("Site");
	cells[2] = _("Département");
	cells[3] = _("Share");
	cells[4] = _("Region");
	cells[5] = _("Share");
	texttable_add(t, cells);
	for (i = 0; i < HOSPITAL_NSHARES; i++) {
		c = &d->context[i];
		if (c->site == HOSPITAL_UNKNOWN)
			continue;
		cells[0] = c->label;
		cells[1] = texttable_int(c->site, buf[0]);
		cells[2] = c->departement == HOSPITAL_UNKNOWN ?
		    HOSPITAL_NOT_DECLARED : texttable_int(c->departement, buf[1]);
		cells[3] = hospital_share_text(c->site, c->departement, buf[2]);
		cells[4] = c->region == HOSPITAL_UNKNOWN ?
		    HOSPITAL_NOT_DECLARED : texttable_int(c->region, buf[3]);
		cells[5] = hospital_share_text(c->site, c->region, buf[4]);
		texttable_add(t, cells);
	}
	title = xasprintf(_("Weight in its area (SAE %d)"), d->context_year);
	hospital_print_section(title, t);
	free(title);
}

/* One line of provenance: file, year, import time, sample flag, SHA-256. */
static void
hospital_add_source(struct texttable *t, const char *label,
    const struct hospital_source *s)
{
	const char *cells[2];
	char *value;

	if (s->file_name == NULL)
		return;
	/* TRANSLATORS: a source file, when it was imported, then ", SAMPLE" or
	   nothing, then the start of its SHA-256. */
	value = xasprintf(_("%s, imported %s%s, sha256 %.16s…"), s->file_name,
	    s->imported_at != NULL ? s->imported_at : "?",
	    s->sample ? _(", SAMPLE") : "", s->sha256 != NULL ? s->sha256 : "");
	cells[0] = label;
	cells[1] = value;
	texttable_add(t, cells);
	free(value);
}

static void
hospital_print_sources(const struct hospital_detail *d)
{
	struct texttable *t = texttable_new(2);
	char label[32];
	size_t i;

	snprintf(label, sizeof label, "FINESS %d", d->source.year);
	hospital_add_source(t, label, &d->source);
	for (i = 0; i < d->nyears; i++) {
		snprintf(label, sizeof label, "SAE %d", d->years[i].year);
		hospital_add_source(t, label, &d->years[i].source);
	}
	hospital_print_section(_("Sources"), t);
}

static void
hospital_print_text(const struct hospital_detail *d)
{
	cmd_print_sample(&d->sample);
	out_printf(stdout, "%s\n", d->row.name);
	hospital_print_fields(d);
	hospital_print_years(d);
	hospital_print_activities(d);
	hospital_print_context(d);
	hospital_print_sources(d);
}

static int
hospital_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct hospital_detail *d;
	struct query_db *q;
	char *finess, *cause = NULL, *msg;
	double t0, ms;
	int rc;

	(void)e;
	(void)nargs;
	if ((finess = hospital_finess_parse(args[0])) == NULL) {
		finess = utf8_sanitize(args[0]);
		msg = xasprintf(_("'%s' is not a FINESS number (nine "
		    "characters: the département, such as 01, 2A or 97, then "
		    "digits)"), finess);
		rc = cmd_fail(msg);
		free(msg);
		free(finess);
		return rc;
	}
	if ((q = cmd_query_open(ctx)) == NULL) {
		free(finess);
		return 1;
	}
	t0 = clock_now_ms();
	rc = hospital_detail_get(q, finess, &d, &cause);
	ms = clock_now_ms() - t0;
	if (rc != 0) {
		msg = rc > 0 ? xasprintf(_("no establishment with FINESS "
		    "number %s in %s"), finess, q->path) : cause;
		cmd_fail(msg);
		free(msg);
		free(finess);
		query_db_free(q);
		return 1;
	}
	free(finess);
	if (flags & CMD_OPT_JSON)
		cmd_json_print(hospital_detail_to_json(q, d));
	else
		hospital_print_text(d);
	cmd_history_record(ctx, "hospitals", "hospital",
	    hospital_params_to_json(d->row.finess), 1, ms);
	hospital_detail_free(d);
	query_db_free(q);
	return 0;
}

const struct cmd_entry cmd_hospital_entry = {
	"hospital", NC_("usage", "hospital FINESS [--json]"),
	N_("everything known of one establishment"),
	N_("Shows one establishment by its FINESS number (the site's, FINESS ET):\n"
	"identity, legal entity, category, status, address with its commune,\n"
	"département and region, phone, coordinates, and the SAE figures of each\n"
	"year loaded (MCO beds and places, stays, emergency passages), with the\n"
	"file each comes from. A figure the source left empty is shown as n/a\n"
	"(not declared), never as 0. Exits 1 if the number is not a FINESS number\n"
	"or no establishment has it."),
	CMD_OPT_JSON, 1, 1, hospital_exec, NULL,
};
