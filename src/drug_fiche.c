/* SPDX-License-Identifier: ISC */
/*
 * A medicine's fiche (src/fiche.h) from its query's answer: what `mediflux
 * drug` prints and the Médicaments pane scrolls through.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "drug_fiche.h"
#include "i18n.h"
#include "profile.h"
#include "texttable.h"
#include "xmalloc.h"


/* "12,34 €", or "n/a" (translated) for an amount not published. */
static const char *
drug_amount(int64_t cents, char buf[48])
{
	char n[48];

	if (cents < 0)
		return _("n/a");
	snprintf(buf, 48, "%s €", texttable_cents(cents, n));
	return buf;
}

static void
drug_fiche_identity(struct fiche *f, const struct drug_detail *d)
{
	struct fiche_section *s = fiche_section(f, _("Identity"), 2, 0);
	const struct drug_substance *sub;
	const char *nature;
	char *text, *dose;
	size_t i;

	fiche_field(s, "CIS", d->cis);
	fiche_field(s, _("Form"), d->form);
	fiche_field(s, _("Routes"), d->routes);
	fiche_field(s, _("Holder"), d->holders);
	fiche_field(s, _("Authorisation"), d->amm_status);
	fiche_field(s, _("Procedure"), d->amm_procedure);
	fiche_field(s, _("Authorisation date"), d->amm_date);
	fiche_field(s, _("Marketing"), d->marketed);
	if (d->bdm_status != NULL)
		fiche_field(s, _("BDM status"), d->bdm_status);
	if (d->eu_number != NULL)
		fiche_field(s, _("European authorisation"), d->eu_number);
	fiche_field(s, _("Additional monitoring"), d->surveillance < 0 ? NULL :
	    d->surveillance ? _("yes") : _("no"));
	if (d->mitm_atc != NULL)
		fiche_field(s, _("Major therapeutic interest"), d->mitm_atc);
	for (i = 0; i < d->nsubstances; i++) {
		sub = &d->substances[i];
		/* The BDPM's code: SA an active substance, FT a moiety. */
		nature = sub->nature != NULL && strcmp(sub->nature, "SA") == 0 ?
		    _("active substance") : _("therapeutic moiety");
		if (sub->reference != NULL && sub->dosage != NULL)
			/*
			 * TRANSLATORS: a dosage and the quantity it is for,
			 * both as the BDPM publishes them: "1,00 mg" per
			 * "un comprimé".
			 */
			dose = xasprintf(_("%s per %s"), sub->dosage,
			    sub->reference);
		else if (sub->reference != NULL)
			/* TRANSLATORS: the quantity a dosage is for, alone. */
			dose = xasprintf(_("per %s"), sub->reference);
		else
			dose = sub->dosage != NULL ? xstrdup(sub->dosage) : NULL;
		text = dose != NULL ? xasprintf("%s %s (%s)", sub->name, dose,
		    nature) : xasprintf("%s (%s)", sub->name, nature);
		fiche_field(s, i == 0 ? _("Composition") : "", text);
		free(dose);
		free(text);
	}
}

static void
drug_fiche_presentations(struct fiche *f, const struct drug_detail *d)
{
	/* The columns' headings, translated below; CIP13 is the code's name. */
	static const char *const head[6] = { "CIP13", N_("Presentation"),
	    N_("Rate"), N_("Price"), N_("With fees"),
	    NC_("a presentation's marketing", "Status") };
	struct fiche_section *s;
	const struct drug_presentation *p;
	const char *cells[6];
	char b1[48], b2[48], rate[48];
	size_t i;
	int c;

	if (d->npresentations == 0) {
		s = fiche_section(f, _("Presentations"), 1, 0);
		fiche_note(s, "%s", _("none in the BDPM's CIS_CIP file"));
		return;
	}
	s = fiche_section(f, _("Presentations"), 6, 1);
	for (c = 2; c <= 4; c++)
		fiche_align_right(s, c);
	cells[0] = head[0];
	for (c = 1; c < 5; c++)
		cells[c] = _(head[c]);
	cells[5] = C_("a presentation's marketing", head[5]);
	fiche_row(s, cells);
	for (i = 0; i < d->npresentations; i++) {
		p = &d->presentations[i];
		if (p->rate_pct < 0)
			/* TRANSLATORS: a presentation's rate, at most 15 bytes. */
			snprintf(rate, sizeof rate, "%s", _("not reimb."));
		else
			texttable_percent(p->rate_pct, 0, 0, rate);
		cells[0] = p->cip13;
		cells[1] = p->label;
		cells[2] = rate;
		cells[3] = drug_amount(p->price_cents, b1);
		cells[4] = drug_amount(p->price_fee_cents, b2);
		cells[5] = p->marketing;
		fiche_row(s, cells);
	}
}

/* Adds the rules a cost applied to the list seen, each once. */
static void
drug_fiche_rules_seen(const struct cost_result *c, const struct cost_rule **seen,
    size_t *nseen, size_t max)
{
	const struct cost_rule *used[6] = { c->rate_rule, c->rate_exemption,
	    c->franchise_rule, c->franchise_exemption, c->cap_rule,
	    c->rest_exemption };
	size_t k, j;

	for (k = 0; k < 6; k++) {
		if (used[k] == NULL)
			continue;
		for (j = 0; j < *nseen && seen[j] != used[k]; j++)
			;
		if (j == *nseen && *nseen < max)
			seen[(*nseen)++] = used[k];
	}
}

/* What a box costs: a row per priced presentation, then the rules applied. */
static void
drug_fiche_cost(struct fiche *f, const struct drug_detail *d,
    const struct cost_person *person)
{
	/* The columns' headings, translated below; CIP13 is the code's name. */
	static const char *const head[6] = { "CIP13", N_("Base"),
	    N_("Assurance Maladie"), N_("Mutuelle"), N_("Franchise"),
	    N_("Left to pay") };
	const struct cost_rule *seen[32];
	const struct drug_presentation *p;
	struct fiche_section *s;
	const char *cells[6];
	char b[5][48], *title, *exempt, *list, *t;
	size_t i, nseen = 0;
	int c, any = 0;

	for (i = 0; i < d->npresentations; i++)
		any |= d->presentations[i].has_cost;
	if (!any) {
		s = fiche_section(f, _("What a box costs"), 1, 0);
		fiche_note(s, "%s", _("no presentation with a published price"));
		return;
	}
	/* The exemptions as the rules name them (ald, css...), not translated. */
	list = xstrdup("");
	for (i = 0; person->exemptions != NULL && person->exemptions[i] != NULL;
	    i++) {
		t = xasprintf("%s%s%s", list, i > 0 ? ", " : "",
		    person->exemptions[i]);
		free(list);
		list = t;
	}
	/* TRANSLATORS: ends the title below, inside its parentheses. */
	exempt = i > 0 ? xasprintf(_("; exemptions: %s"), list) : xstrdup("");
	free(list);
	if (person->coverage_pct < 0)
		/*
		 * TRANSLATORS: a day (YYYY-MM-DD), then what the exemptions
		 * add ("; exemptions: ald") or nothing.
		 */
		title = xasprintf(_("What a box costs on %s (no mutuelle: none "
		    "in your profile; mediflux profile set mutuelle.coverage "
		    "100%s)"), person->date, exempt);
	else
		/*
		 * TRANSLATORS: a day (YYYY-MM-DD), the mutuelle's coverage in
		 * percent of the base, what the exemptions add or nothing.
		 */
		title = xasprintf(_("What a box costs on %s (mutuelle: %d%% of "
		    "the base%s)"), person->date, person->coverage_pct, exempt);
	free(exempt);
	s = fiche_section(f, title, 6, 1);
	free(title);
	for (c = 1; c <= 5; c++)
		fiche_align_right(s, c);
	cells[0] = head[0];
	for (c = 1; c < 6; c++)
		cells[c] = _(head[c]);
	fiche_row(s, cells);
	for (i = 0; i < d->npresentations; i++) {
		p = &d->presentations[i];
		if (!p->has_cost)
			continue;
		cells[0] = p->cip13;
		cells[1] = drug_amount(p->cost.base_cents, b[0]);
		cells[2] = drug_amount(p->cost.am_cents, b[1]);
		cells[3] = drug_amount(p->cost.mutuelle_cents, b[2]);
		cells[4] = drug_amount(p->cost.franchise_cents, b[3]);
		cells[5] = drug_amount(p->cost.left_cents, b[4]);
		fiche_row(s, cells);
		drug_fiche_rules_seen(&p->cost, seen, &nseen,
		    sizeof seen / sizeof seen[0]);
	}
	fiche_note(s, "%s", _("Rules applied:"));
	for (i = 0; i < nseen; i++)
		fiche_note(s, "- %s (%s)", seen[i]->label, seen[i]->source);
}

static void
drug_fiche_group(struct fiche *f, const struct drug_detail *d)
{
	struct fiche_section *s;
	char b[48], *text;

	if (d->group_id == 0)
		return;
	s = fiche_section(f, _("Generic group"), 2, 0);
	fiche_field(s, _("Group"), d->group_label);
	/* Its type in the group, as the BDPM codes it. */
	fiche_field(s, _("This speciality"), d->group_type == 0 ?
	    _("originator (reference)") : d->group_type == 2 ?
	    _("generic by dosage complementarity") : d->group_type == 4 ||
	    d->group_type == 3 ? _("substitutable generic") : _("generic"));
	if (d->reference_cis != NULL) {
		text = xasprintf("%s (CIS %s)", d->reference_name != NULL ?
		    d->reference_name : _("n/a"), d->reference_cis);
		fiche_field(s, _("Reference"), text);
		free(text);
	}
	if (d->cheapest_cip13 != NULL) {
		text = xasprintf("%s, CIP13 %s, %s", d->cheapest_name,
		    d->cheapest_cip13, drug_amount(d->cheapest_price_fee_cents,
		    b));
		fiche_field(s, _("Cheapest"), text);
		free(text);
	}
}

static void
drug_fiche_opinions(struct fiche *f, const struct drug_detail *d)
{
	const struct drug_opinion *o;
	struct fiche_section *s;
	char *text;
	size_t i;

	if (d->nopinions == 0)
		return;
	s = fiche_section(f, _("HAS opinions"), 2, 0);
	for (i = 0; i < d->nopinions; i++) {
		o = &d->opinions[i];
		/* TRANSLATORS: SMR or ASMR, its value, motive — label. */
		text = xasprintf(_("%s %s: %s — %s"), o->kind,
		    o->value != NULL ? o->value : _("n/a"),
		    o->motive != NULL ? o->motive : "",
		    o->label != NULL ? o->label : "");
		fiche_field(s, o->date != NULL ? o->date : "", text);
		free(text);
	}
}

static void
drug_fiche_conditions(struct fiche *f, const struct drug_detail *d)
{
	struct fiche_section *s;
	size_t i;

	if (d->nconditions == 0)
		return;
	s = fiche_section(f, _("Prescribing and dispensing conditions"), 1, 0);
	for (i = 0; i < d->nconditions; i++)
		fiche_row(s, (const char *const *)&d->conditions[i]);
}

static void
drug_fiche_availability(struct fiche *f, const struct drug_detail *d)
{
	const struct drug_availability *a;
	struct fiche_section *s;
	const char *status;
	char *text, *what;
	size_t i;

	if (d->navailability == 0)
		return;
	s = fiche_section(f, _("Availability"), 2, 0);
	for (i = 0; i < d->navailability; i++) {
		a = &d->availability[i];
		status = a->status != NULL ? a->status : _("n/a");
		what = a->cip13 != NULL ? xasprintf("CIP13 %s", a->cip13) :
		    xstrdup(_("all presentations"));
		text = a->back != NULL ?
		    /*
		     * TRANSLATORS: a shortage's status as the BDPM publishes
		     * it, what it concerns (CIP13 3400936165434, or all
		     * presentations), the day (YYYY-MM-DD) it ends.
		     */
		    xasprintf(_("%s (%s), available again on %s"), status, what,
		    a->back) : xasprintf("%s (%s)", status, what);
		fiche_field(s, a->start != NULL ? a->start : "", text);
		free(what);
		free(text);
	}
}

static void
drug_fiche_notices(struct fiche *f, const struct drug_detail *d)
{
	const struct drug_notice *n;
	struct fiche_section *s;
	char *text;
	size_t i;

	if (d->nnotices == 0)
		return;
	s = fiche_section(f, _("Safety information"), 2, 0);
	for (i = 0; i < d->nnotices; i++) {
		n = &d->notices[i];
		text = xasprintf("%s%s%s", n->text != NULL ? n->text : "",
		    n->url != NULL ? " " : "", n->url != NULL ? n->url : "");
		fiche_field(s, n->start != NULL ? n->start : "", text);
		free(text);
	}
}

/* Open Medic boxes and euros reimbursed, by year, with the change on the year before. */
static void
drug_fiche_volumes(struct fiche *f, const struct drug_detail *d)
{
	/* The columns' headings, translated below; CIP13 is the code's name. */
	static const char *const head[5] = { "CIP13", N_("Year"), N_("Boxes"),
	    N_("Reimbursed"), N_("Trend") };
	const struct drug_presentation *p;
	struct fiche_section *s = NULL;
	const char *cells[5];
	char y[16], b1[32], b2[48], trend[48];
	double change;
	size_t i, k;
	int c;

	for (i = 0; i < d->npresentations; i++) {
		p = &d->presentations[i];
		for (k = 0; k < p->nyears; k++) {
			if (s == NULL) {
				s = fiche_section(f, _("Open Medic (boxes "
				    "reimbursed in community pharmacies)"), 5, 1);
				for (c = 2; c <= 4; c++)
					fiche_align_right(s, c);
				cells[0] = head[0];
				for (c = 1; c < 5; c++)
					cells[c] = _(head[c]);
				fiche_row(s, cells);
			}
			snprintf(y, sizeof y, "%d", p->years[k].year);
			cells[0] = k == 0 ? p->cip13 : "";
			cells[1] = y;
			cells[2] = texttable_int(p->years[k].boxes, b1);
			cells[3] = drug_amount(p->years[k].reimbursed_cents, b2);
			trend[0] = '\0';
			if (k > 0 && p->years[k - 1].boxes > 0 &&
			    p->years[k - 1].year == p->years[k].year - 1) {
				change = 100.0 * (double)(p->years[k].boxes -
				    p->years[k - 1].boxes) /
				    (double)p->years[k - 1].boxes;
				texttable_percent(change, 1, 1, trend);
			}
			cells[4] = trend;
			fiche_row(s, cells);
		}
	}
	if (s == NULL) {
		s = fiche_section(f, "Open Medic", 1, 0);
		fiche_note(s, "%s", _("no Open Medic figures for these "
		    "presentations"));
	}
}

struct fiche *
drug_fiche_build(const struct drug_detail *d, const struct cost_person *person)
{
	struct fiche *f;

	f = fiche_new(d->name != NULL ? d->name :
	    _("(speciality not in the BDPM's CIS_bdpm file)"));
	drug_fiche_identity(f, d);
	drug_fiche_presentations(f, d);
	drug_fiche_cost(f, d, person);
	drug_fiche_group(f, d);
	drug_fiche_opinions(f, d);
	drug_fiche_conditions(f, d);
	drug_fiche_availability(f, d);
	drug_fiche_notices(f, d);
	drug_fiche_volumes(f, d);
	return f;
}

/* The profile's mutuelle coverage (-1 without one) and exemptions (NULL-terminated). */
static int
drug_profile_read(sqlite3 *udb, int *coverage, char ***exemptions,
    char **cause)
{
	json_t *doc = NULL, *v, *item;
	size_t i;

	*coverage = -1;
	*exemptions = xcalloc(1, sizeof **exemptions);
	if (udb == NULL)
		return 0;
	if (profile_load(udb, &doc, cause) != 0)
		return -1;
	v = json_object_get(json_object_get(doc, "mutuelle"), "coverage");
	if (json_is_integer(v))
		*coverage = (int)json_integer_value(v);
	v = json_object_get(doc, "exemptions");
	if (json_is_array(v)) {
		free(*exemptions);
		*exemptions = xcalloc(json_array_size(v) + 1,
		    sizeof **exemptions);
		json_array_foreach(v, i, item)
			(*exemptions)[i] = xstrdup(json_string_value(item));
	}
	json_decref(doc);
	return 0;
}

int
drug_view_open(struct query_db *q, sqlite3 *udb, const char *code,
    const char *rules_path, const char *date, struct drug_view **out,
    char **cause)
{
	struct drug_view *v;
	int rc;

	if (rules_path == NULL)
		return error_set(cause, "%s", _("no cost rules: "
		    "rules/medicines.csv is not installed; give them with "
		    "--rules FILE"));
	v = xcalloc(1, sizeof *v);
	snprintf(v->date, sizeof v->date, "%s", date);
	v->person.date = v->date;
	if ((rc = drug_detail_get(q, code, &v->detail, cause)) != 0) {
		free(v);
		return rc;
	}
	if ((v->rules = cost_rules_load(rules_path, cause)) == NULL ||
	    drug_profile_read(udb, &v->person.coverage_pct, &v->exemptions,
	    cause) != 0) {
		drug_view_free(v);
		return -1;
	}
	v->person.exemptions = (const char *const *)v->exemptions;
	if (drug_detail_cost(v->detail, v->rules, &v->person, cause) != 0) {
		drug_view_free(v);
		return -1;
	}
	*out = v;
	return 0;
}

void
drug_view_free(struct drug_view *v)
{
	size_t i;

	if (v == NULL)
		return;
	drug_detail_free(v->detail);
	cost_rules_free(v->rules);
	for (i = 0; v->exemptions != NULL && v->exemptions[i] != NULL; i++)
		free(v->exemptions[i]);
	free(v->exemptions);
	free(v);
}
