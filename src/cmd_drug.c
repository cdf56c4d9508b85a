/* SPDX-License-Identifier: ISC */
/*
 * mediflux drug: a medicine from the BDPM, found by name, substance, CIS or
 * CIP13, and its fiche with what a box costs the user.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "cmd_user.h"
#include "cost.h"
#include "out.h"
#include "paths.h"
#include "profile.h"
#include "query_drug.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

#define DRUG_RULES_NAME "rules/medicines.csv"

enum drug_option { DRUG_OPT_LIMIT, DRUG_OPT_DATE, DRUG_OPT_RULES, DRUG_NOPTIONS };

static const struct cmd_option drug_options[] = {
	[DRUG_OPT_LIMIT] = { "limit", "N", "list at most N specialities (50; 0 for all)" },
	[DRUG_OPT_DATE] = { "date", "YYYY-MM-DD",
	    "the day the box is bought, for the rules then in force (today)" },
	[DRUG_OPT_RULES] = { "rules", "FILE",
	    "the cost rules (else MEDIFLUX_RULES, else the installed ones)" },
	{ NULL, NULL, NULL },
};

/* "12,34 €", or "n.d." for an amount not published. */
static const char *
drug_amount(int64_t cents, char buf[48])
{
	char n[48];

	if (cents < 0)
		return "n.d.";
	snprintf(buf, 48, "%s €", texttable_cents(cents, n));
	return buf;
}

static void
drug_print_list(const struct drug_results *r, const char *query)
{
	struct texttable *t;
	const char *cells[4];
	char *shown = utf8_sanitize(query), n[32], m[32];
	size_t i;

	cmd_print_sample(&r->sample);
	if (r->nrows == 0) {
		out_printf(stdout, "No medicine matches \"%s\".\n", shown);
		free(shown);
		return;
	}
	out_printf(stdout, "Medicines matching \"%s\": %zu", shown, r->nrows);
	if ((int64_t)r->nrows < r->total)
		printf(" of %lld (--limit 0 lists them all)", (long long)r->total);
	putchar('\n');
	free(shown);
	t = texttable_new(4);
	cells[0] = "CIS";
	cells[1] = "Dénomination";
	cells[2] = "Titulaire";
	cells[3] = "Présentations remboursables";
	texttable_add(t, cells);
	texttable_align_right(t, 3);
	for (i = 0; i < r->nrows; i++) {
		cells[0] = r->rows[i].cis;
		cells[1] = r->rows[i].name;
		cells[2] = r->rows[i].holders != NULL ? r->rows[i].holders : "";
		snprintf(m, sizeof m, "%s/%d", texttable_int(r->rows[i].reimbursed,
		    n), r->rows[i].presentations);
		cells[3] = m;
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
}

/* Prints a section: its title, then its rows indented. */
static void
drug_print_section(const char *title, struct texttable *t)
{
	printf("\n%s\n", title);
	texttable_print(t, stdout, 2);
	texttable_free(t);
}

static void
drug_add(struct texttable *t, const char *label, const char *value)
{
	const char *cells[2] = { label, value != NULL ? value : "n.d." };

	texttable_add(t, cells);
}

static void
drug_print_identity(const struct drug_detail *d)
{
	struct texttable *t = texttable_new(2);
	char *subst;
	size_t i;

	drug_add(t, "CIS", d->cis);
	drug_add(t, "Forme", d->form);
	drug_add(t, "Voies", d->routes);
	drug_add(t, "Titulaire", d->holders);
	drug_add(t, "AMM", d->amm_status);
	drug_add(t, "Procédure", d->amm_procedure);
	drug_add(t, "Date d'AMM", d->amm_date);
	drug_add(t, "Commercialisation", d->marketed);
	if (d->bdm_status != NULL)
		drug_add(t, "Statut BDM", d->bdm_status);
	if (d->eu_number != NULL)
		drug_add(t, "Autorisation européenne", d->eu_number);
	drug_add(t, "Surveillance renforcée", d->surveillance < 0 ? NULL :
	    d->surveillance ? "oui" : "non");
	if (d->mitm_atc != NULL)
		drug_add(t, "Intérêt thérapeutique majeur", d->mitm_atc);
	for (i = 0; i < d->nsubstances; i++) {
		const struct drug_substance *s = &d->substances[i];

		subst = xasprintf("%s%s%s%s%s (%s)", s->name, s->dosage != NULL ?
		    " " : "", s->dosage != NULL ? s->dosage : "",
		    s->reference != NULL ? " pour " : "",
		    s->reference != NULL ? s->reference : "",
		    s->nature != NULL && strcmp(s->nature, "SA") == 0 ?
		    "substance active" : "fraction thérapeutique");
		drug_add(t, i == 0 ? "Composition" : "", subst);
		free(subst);
	}
	drug_print_section("Identité", t);
}

static void
drug_print_presentations(const struct drug_detail *d)
{
	struct texttable *t = texttable_new(6);
	const char *cells[6];
	char b1[48], b2[48], rate[16];
	size_t i;

	cells[0] = "CIP13";
	cells[1] = "Présentation";
	cells[2] = "Taux";
	cells[3] = "Prix";
	cells[4] = "Avec honoraires";
	cells[5] = "État";
	texttable_add(t, cells);
	for (i = 2; i <= 4; i++)
		texttable_align_right(t, (int)i);
	for (i = 0; i < d->npresentations; i++) {
		const struct drug_presentation *p = &d->presentations[i];

		cells[0] = p->cip13;
		cells[1] = p->label != NULL ? p->label : "";
		if (p->rate_pct < 0)
			snprintf(rate, sizeof rate, "non remb.");
		else
			snprintf(rate, sizeof rate, "%d %%", p->rate_pct);
		cells[2] = rate;
		cells[3] = drug_amount(p->price_cents, b1);
		cells[4] = drug_amount(p->price_fee_cents, b2);
		cells[5] = p->marketing != NULL ? p->marketing : "";
		texttable_add(t, cells);
	}
	drug_print_section(d->npresentations > 0 ? "Présentations" :
	    "Présentations: none in the BDPM's CIS_CIP file", t);
}

/* What a box costs: a line per priced presentation, then the rules applied. */
static void
drug_print_cost(const struct drug_detail *d, const struct cost_person *person)
{
	struct texttable *t = texttable_new(6);
	const struct cost_rule *seen[32];
	const char *cells[6];
	char b[5][48], *title;
	size_t i, nseen = 0, k;
	int any = 0;

	cells[0] = "CIP13";
	cells[1] = "Base";
	cells[2] = "Assurance Maladie";
	cells[3] = "Mutuelle";
	cells[4] = "Franchise";
	cells[5] = "Reste à payer";
	texttable_add(t, cells);
	for (i = 1; i <= 5; i++)
		texttable_align_right(t, (int)i);
	for (i = 0; i < d->npresentations; i++) {
		const struct drug_presentation *p = &d->presentations[i];
		const struct cost_rule *used[6];

		if (!p->has_cost)
			continue;
		any = 1;
		cells[0] = p->cip13;
		cells[1] = drug_amount(p->cost.base_cents, b[0]);
		cells[2] = drug_amount(p->cost.am_cents, b[1]);
		cells[3] = drug_amount(p->cost.mutuelle_cents, b[2]);
		cells[4] = drug_amount(p->cost.franchise_cents, b[3]);
		cells[5] = drug_amount(p->cost.left_cents, b[4]);
		texttable_add(t, cells);
		used[0] = p->cost.rate_rule;
		used[1] = p->cost.rate_exemption;
		used[2] = p->cost.franchise_rule;
		used[3] = p->cost.franchise_exemption;
		used[4] = p->cost.cap_rule;
		used[5] = p->cost.rest_exemption;
		for (k = 0; k < 6; k++) {
			size_t j;

			if (used[k] == NULL)
				continue;
			for (j = 0; j < nseen && seen[j] != used[k]; j++)
				;
			if (j == nseen && nseen < sizeof seen / sizeof seen[0])
				seen[nseen++] = used[k];
		}
	}
	if (!any) {
		texttable_free(t);
		printf("\nCe que coûte une boîte\n  no presentation with a "
		    "published price\n");
		return;
	}
	title = person->coverage_pct < 0 ?
	    xasprintf("Ce que coûte une boîte le %s (sans mutuelle: none in "
	    "your profile; mediflux profile set mutuelle.coverage 100)",
	    person->date) :
	    xasprintf("Ce que coûte une boîte le %s (mutuelle: %d %% de la base)",
	    person->date, person->coverage_pct);
	drug_print_section(title, t);
	free(title);
	printf("  Règles appliquées:\n");
	for (i = 0; i < nseen; i++)
		out_printf(stdout, "  - %s (%s)\n", seen[i]->label,
		    seen[i]->source);
}

static void
drug_print_group(const struct drug_detail *d)
{
	struct texttable *t;
	char b[48], *s;

	if (d->group_id == 0)
		return;
	t = texttable_new(2);
	drug_add(t, "Groupe", d->group_label);
	drug_add(t, "Cette spécialité", d->group_type == 0 ? "princeps "
	    "(référence)" : d->group_type == 2 ? "générique par complémentarité "
	    "posologique" : d->group_type == 4 || d->group_type == 3 ?
	    "générique substituable" : "générique");
	if (d->reference_cis != NULL) {
		s = xasprintf("%s (CIS %s)", d->reference_name != NULL ?
		    d->reference_name : "n.d.", d->reference_cis);
		drug_add(t, "Référence", s);
		free(s);
	}
	if (d->cheapest_cip13 != NULL) {
		s = xasprintf("%s, CIP13 %s, %s", d->cheapest_name,
		    d->cheapest_cip13, drug_amount(d->cheapest_price_fee_cents,
		    b));
		drug_add(t, "La moins chère", s);
		free(s);
	}
	drug_print_section("Groupe générique", t);
}

static void
drug_print_rest(const struct drug_detail *d)
{
	struct texttable *t;
	char *s;
	size_t i;

	if (d->nopinions > 0) {
		t = texttable_new(2);
		for (i = 0; i < d->nopinions; i++) {
			const struct drug_opinion *o = &d->opinions[i];

			s = xasprintf("%s %s: %s — %s", o->kind, o->value != NULL ?
			    o->value : "n.d.", o->motive != NULL ? o->motive : "",
			    o->label != NULL ? o->label : "");
			drug_add(t, o->date != NULL ? o->date : "", s);
			free(s);
		}
		drug_print_section("Avis de la HAS", t);
	}
	if (d->nconditions > 0) {
		t = texttable_new(1);
		for (i = 0; i < d->nconditions; i++)
			texttable_add(t, (const char *const *)&d->conditions[i]);
		drug_print_section("Conditions de prescription et de délivrance", t);
	}
	if (d->navailability > 0) {
		t = texttable_new(2);
		for (i = 0; i < d->navailability; i++) {
			const struct drug_availability *a = &d->availability[i];

			s = xasprintf("%s%s%s%s%s", a->status != NULL ? a->status :
			    "n.d.", a->cip13 != NULL ? " (CIP13 " : " (toutes "
			    "présentations", a->cip13 != NULL ? a->cip13 : "",
			    ")", a->back != NULL ? ", remise à disposition le " :
			    "");
			if (a->back != NULL) {
				char *t2 = xasprintf("%s%s", s, a->back);

				free(s);
				s = t2;
			}
			drug_add(t, a->start != NULL ? a->start : "", s);
			free(s);
		}
		drug_print_section("Disponibilité", t);
	}
	if (d->nnotices > 0) {
		t = texttable_new(2);
		for (i = 0; i < d->nnotices; i++) {
			const struct drug_notice *n = &d->notices[i];

			s = xasprintf("%s%s%s", n->text != NULL ? n->text : "",
			    n->url != NULL ? " " : "", n->url != NULL ? n->url : "");
			drug_add(t, n->start != NULL ? n->start : "", s);
			free(s);
		}
		drug_print_section("Informations de sécurité", t);
	}
}

/* Open Medic boxes and euros reimbursed, by year, with the change on the year before. */
static void
drug_print_volumes(const struct drug_detail *d)
{
	struct texttable *t = texttable_new(5);
	const char *cells[5];
	char y[16], b1[32], b2[48], trend[32];
	size_t i, k;
	int any = 0;

	cells[0] = "CIP13";
	cells[1] = "Année";
	cells[2] = "Boîtes";
	cells[3] = "Remboursé";
	cells[4] = "Évolution";
	texttable_add(t, cells);
	for (i = 2; i <= 4; i++)
		texttable_align_right(t, (int)i);
	for (i = 0; i < d->npresentations; i++) {
		const struct drug_presentation *p = &d->presentations[i];

		for (k = 0; k < p->nyears; k++) {
			any = 1;
			snprintf(y, sizeof y, "%d", p->years[k].year);
			cells[0] = k == 0 ? p->cip13 : "";
			cells[1] = y;
			cells[2] = texttable_int(p->years[k].boxes, b1);
			cells[3] = drug_amount(p->years[k].reimbursed_cents, b2);
			if (k > 0 && p->years[k - 1].boxes > 0 &&
			    p->years[k - 1].year == p->years[k].year - 1)
				snprintf(trend, sizeof trend, "%+.1f %%", 100.0 *
				    (double)(p->years[k].boxes -
				    p->years[k - 1].boxes) /
				    (double)p->years[k - 1].boxes);
			else
				trend[0] = '\0';
			cells[4] = trend;
			texttable_add(t, cells);
		}
	}
	if (!any) {
		texttable_free(t);
		printf("\nOpen Medic\n  no Open Medic figures for these "
		    "presentations\n");
		return;
	}
	drug_print_section("Open Medic (boîtes remboursées en officine)", t);
}

static void
drug_print_detail(const struct drug_detail *d, const struct cost_person *person)
{
	cmd_print_sample(&d->sample);
	out_printf(stdout, "%s\n", d->name != NULL ? d->name :
	    "(speciality not in the BDPM's CIS_bdpm file)");
	drug_print_identity(d);
	drug_print_presentations(d);
	drug_print_cost(d, person);
	drug_print_group(d);
	drug_print_rest(d);
	drug_print_volumes(d);
}

/* The user's mutuelle coverage from the profile, -1 without one. */
static int
drug_profile_coverage(const struct cmd_context *ctx, int *coverage, char **cause)
{
	sqlite3 *udb;
	json_t *doc = NULL, *v;
	int rc;

	*coverage = -1;
	if ((udb = cmd_user_open(ctx, cause)) == NULL)
		return -1;
	rc = profile_load(udb, &doc, cause);
	sqlite3_close(udb);
	if (rc != 0)
		return -1;
	v = json_object_get(json_object_get(doc, "mutuelle"), "coverage");
	if (json_is_integer(v))
		*coverage = (int)json_integer_value(v);
	json_decref(doc);
	return 0;
}

/* Whether s is a day YYYY-MM-DD (the rules check it is one they cover). */
static int
drug_date_ok(const char *s)
{
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* The rules file: --rules, MEDIFLUX_RULES, or the one installed. */
static char *
drug_rules_path(const struct cmd_context *ctx)
{
	struct path_env env;
	const char *e = getenv("MEDIFLUX_RULES");
	char *path;

	if (ctx->option[DRUG_OPT_RULES] != NULL)
		return xstrdup(ctx->option[DRUG_OPT_RULES]);
	if (e != NULL && *e != '\0')
		return xstrdup(e);
	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	path = paths_bundled_file(&env, DRUG_RULES_NAME);
	paths_env_free(&env);
	return path;
}

static int
drug_fiche(struct cmd_context *ctx, struct query_db *q, const char *code,
    const char *date, int flags, double *ms)
{
	struct drug_detail *d;
	struct cost_rules *rules;
	struct cost_person person;
	char *cause = NULL, *path, *msg, *shown;
	double t0 = clock_now_ms();
	int rc;

	if ((rc = drug_detail_get(q, code, &d, &cause)) != 0) {
		if (rc > 0) {
			shown = utf8_sanitize(code);
			cause = xasprintf("no medicine with CIS or CIP13 %s in %s",
			    shown, q->path);
			free(shown);
		}
		cmd_fail(cause);
		free(cause);
		return 1;
	}
	*ms = clock_now_ms() - t0;
	memset(&person, 0, sizeof person);
	person.date = date;
	if ((path = drug_rules_path(ctx)) == NULL) {
		drug_detail_free(d);
		return cmd_fail("no cost rules: " DRUG_RULES_NAME " is not "
		    "installed; give them with --rules FILE");
	}
	rules = cost_rules_load(path, &cause);
	free(path);
	if (rules == NULL || drug_profile_coverage(ctx, &person.coverage_pct,
	    &cause) != 0 || drug_detail_cost(d, rules, &person, &cause) != 0) {
		msg = cause;
		cmd_fail(msg);
		free(msg);
		cost_rules_free(rules);
		drug_detail_free(d);
		return 1;
	}
	if (flags & CMD_OPT_JSON)
		cmd_json_print(drug_detail_to_json(q, d, &person));
	else
		drug_print_detail(d, &person);
	cost_rules_free(rules);
	drug_detail_free(d);
	return 0;
}

static int
drug_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct drug_results *r;
	struct query_db *q;
	char *query = NULL, *t, *cause = NULL, date[11];
	double t0, ms = 0;
	int limit = DRUG_LIMIT_DEFAULT, i, rc;
	int64_t count;
	time_t now;
	json_t *params;

	if (ctx->option[DRUG_OPT_LIMIT] != NULL && (rc = cmd_option_int(e,
	    "limit", ctx->option[DRUG_OPT_LIMIT], 0, 1000000, &limit)) != 0)
		return rc;
	if (ctx->option[DRUG_OPT_DATE] != NULL) {
		if (!drug_date_ok(ctx->option[DRUG_OPT_DATE]))
			return cmd_usage_error(e, "--date must be a day such as "
			    "2026-12-04");
		snprintf(date, sizeof date, "%s", ctx->option[DRUG_OPT_DATE]);
	} else {
		now = time(NULL);
		strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
	}
	for (i = 0; i < nargs; i++) {
		t = xasprintf("%s%s%s", query != NULL ? query : "", i > 0 ? " " :
		    "", args[i]);
		free(query);
		query = t;
	}
	if ((q = cmd_query_open(ctx)) == NULL) {
		free(query);
		return 1;
	}
	t0 = clock_now_ms();
	if (drug_search(q, query, limit, &r, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		free(query);
		query_db_free(q);
		return rc;
	}
	ms = clock_now_ms() - t0;
	count = r->total;
	/* A code names one speciality: its fiche, not a list of one. */
	if (r->key[strspn(r->key, "0123456789")] == '\0' &&
	    (strlen(r->key) == 8 || strlen(r->key) == 13)) {
		rc = drug_fiche(ctx, q, r->key, date, flags, &ms);
	} else {
		rc = 0;
		if (flags & CMD_OPT_JSON)
			cmd_json_print(drug_results_to_json(q, r));
		else
			drug_print_list(r, query);
	}
	if (rc == 0) {
		params = json_pack("{s:s}", "query", r->key);
		if (limit != DRUG_LIMIT_DEFAULT)
			json_object_set_new(params, "limit", json_integer(limit));
		cmd_history_record(ctx, "meds", "drug", params, count, ms);
	}
	drug_results_free(r);
	free(query);
	query_db_free(q);
	return rc;
}

const struct cmd_entry cmd_drug_entry = {
	"drug", "drug NAME|SUBSTANCE|CIS|CIP13 [--limit N] [--date DAY] [--json]",
	"look a medicine up in the BDPM: what it is, its price, what a box costs you",
	"Finds medicines in the BDPM (base de données publique des médicaments)\n"
	"by brand name or substance: each word is the start of a word of the name\n"
	"or of a substance, in any order, case and accents ignored ('amlo bioga'\n"
	"finds AMLODIPINE BIOGARAN). Those whose name starts with the words come\n"
	"first.\n"
	"\n"
	"A CIS (8 digits) or a CIP13 (13 digits) shows the speciality's fiche:\n"
	"form, routes, holder, substances and dosages, each presentation with its\n"
	"price, dispensing fee and reimbursement rate, the generic group with its\n"
	"reference and cheapest presentation, the HAS's SMR and ASMR, prescribing\n"
	"conditions, shortages, safety notices, and the Open Medic boxes and euros\n"
	"reimbursed by year. For each priced presentation it says what one box\n"
	"costs you on --date (today): what the Assurance Maladie reimburses\n"
	"(rate x base), what your mutuelle adds (mutuelle.coverage of your\n"
	"profile, in percent of the base, capped at what is left), the franchise\n"
	"médicale, which no contrat responsable covers, and what is left to pay,\n"
	"with the rules applied and their official sources (data/rules). Without\n"
	"a mutuelle in your profile the fiche says so and counts none. Exits 1\n"
	"when no medicine has the code.",
	CMD_OPT_JSON | CMD_OPT_USER, 1, 64, drug_exec, drug_options,
};
