/* SPDX-License-Identifier: ISC */
/*
 * mediflux drug: a medicine from the BDPM, found by name, substance, CIS or
 * CIP13, and its fiche with what a box costs the user.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "cmd_user.h"
#include "drug_fiche.h"
#include "fold.h"
#include "i18n.h"
#include "out.h"
#include "params_drug.h"
#include "query_drug.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum drug_option { DRUG_OPT_LIMIT, DRUG_OPT_DATE, DRUG_OPT_RULES, DRUG_NOPTIONS };

static const struct cmd_option drug_options[] = {
	[DRUG_OPT_LIMIT] = { "limit", NC_("placeholder", "N"),
	    N_("list at most N specialities (50; 0 for all)") },
	[DRUG_OPT_DATE] = { "date", NC_("placeholder", "YYYY-MM-DD"),
	    N_("the day the box is bought, for the rules then in force "
	    "(today)") },
	[DRUG_OPT_RULES] = { "rules", NC_("placeholder", "FILE"),
	    N_("the cost rules (else MEDIFLUX_RULES, else the installed "
	    "ones)") },
	{ NULL, NULL, NULL },
};

static void
drug_print_list(const struct drug_results *r, const char *query)
{
	struct texttable *t;
	const char *cells[4];
	char *shown = utf8_sanitize(query), n[32], m[32];
	size_t i;

	cmd_print_sample(&r->sample);
	if (r->nrows == 0) {
		out_printf(stdout, _("No medicine matches \"%s\".\n"), shown);
		free(shown);
		return;
	}
	/* The count in the sentence: each language makes its noun agree. */
	if ((int64_t)r->nrows < r->total)
		out_printf(stdout, ngettext("%zu of %lld medicine matching "
		    "\"%s\" (--limit 0 lists them all)\n", "%zu of %lld "
		    "medicines matching \"%s\" (--limit 0 lists them all)\n",
		    (unsigned long)r->total), r->nrows, (long long)r->total,
		    shown);
	else
		out_printf(stdout, ngettext("%zu medicine matching \"%s\"\n",
		    "%zu medicines matching \"%s\"\n", r->nrows), r->nrows,
		    shown);
	free(shown);
	t = texttable_new(4);
	/* As the Médicaments pane names its columns. */
	cells[0] = "CIS";
	cells[1] = _("Medicine name");
	cells[2] = _("Holder");
	cells[3] = _("Reimbursable presentations");
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

/* The fiche of a CIS or CIP13: the costs for the user's profile on date. */
static int
drug_fiche(struct cmd_context *ctx, struct query_db *q, const char *code,
    const char *date, int flags, double *ms)
{
	struct drug_view *v;
	struct fiche *f;
	sqlite3 *udb;
	char *cause = NULL, *path, *shown;
	double t0 = clock_now_ms();
	int rc;

	if ((udb = cmd_user_open(ctx, &cause)) == NULL)
		return cmd_user_fail(cause);
	path = cost_rules_path(ctx->option[DRUG_OPT_RULES]);
	rc = drug_view_open(q, udb, code, path, date, &v, &cause);
	sqlite3_close(udb);
	free(path);
	*ms = clock_now_ms() - t0;
	if (rc != 0) {
		if (rc > 0) {
			shown = utf8_sanitize(code);
			cause = xasprintf(_("no medicine with CIS or CIP13 %s "
			    "in %s"), shown, q->path);
			free(shown);
		}
		cmd_fail(cause);
		free(cause);
		return 1;
	}
	if (flags & CMD_OPT_JSON)
		cmd_json_print(drug_detail_to_json(q, v->detail, &v->person));
	else {
		cmd_print_sample(&v->detail->sample);
		f = drug_fiche_build(v->detail, &v->person);
		fiche_print(f, stdout);
		fiche_free(f);
	}
	drug_view_free(v);
	return 0;
}

static int
drug_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct drug_results *r;
	struct query_db *q;
	char *query = NULL, *t, *cause = NULL, *key, date[11];
	double t0, ms = 0;
	int limit = DRUG_LIMIT_DEFAULT, i, rc;

	if (ctx->option[DRUG_OPT_LIMIT] != NULL && (rc = cmd_option_int(e,
	    "limit", ctx->option[DRUG_OPT_LIMIT], 0, 1000000, &limit)) != 0)
		return rc;
	if ((rc = cmd_option_day(e, ctx->option[DRUG_OPT_DATE], date)) != 0)
		return rc;
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
	/* A code names one speciality: its fiche, not a list of one. */
	key = fold_key(query);
	if (key[strspn(key, "0123456789")] == '\0' &&
	    (strlen(key) == 8 || strlen(key) == 13)) {
		if ((rc = drug_fiche(ctx, q, key, date, flags, &ms)) == 0)
			cmd_history_record(ctx, "meds", "drug",
			    drug_params_to_json(key, limit), 1, ms);
		free(key);
		free(query);
		query_db_free(q);
		return rc;
	}
	free(key);
	t0 = clock_now_ms();
	if (drug_search(q, query, limit, &r, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		free(query);
		query_db_free(q);
		return rc;
	}
	ms = clock_now_ms() - t0;
	if (flags & CMD_OPT_JSON)
		cmd_json_print(drug_results_to_json(q, r));
	else
		drug_print_list(r, query);
	cmd_history_record(ctx, "meds", "drug", drug_params_to_json(r->key,
	    limit), r->total, ms);
	drug_results_free(r);
	free(query);
	query_db_free(q);
	return 0;
}

const struct cmd_entry cmd_drug_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"drug", NC_("usage", "drug NAME|SUBSTANCE|CIS|CIP13 [--limit N] "
	    "[--date DAY] [--json]"),
	N_("look a medicine up in the BDPM: what it is, its price, what a box "
	"costs you"),
	N_("Finds medicines in the BDPM (base de données publique des médicaments)\n"
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
	"when no medicine has the code."),
	CMD_OPT_JSON | CMD_OPT_USER, 1, 64, drug_exec, drug_options,
};
