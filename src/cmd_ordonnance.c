/* SPDX-License-Identifier: ISC */
/*
 * mediflux ordonnance: a scanned or photographed prescription read offline
 * (src/ocr.c), each line matched to a BDPM presentation, and what its boxes
 * cost the user with their mutuelle (src/ordonnance.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "cmd_user.h"
#include "i18n.h"
#include "ocr.h"
#include "ordonnance.h"
#include "out.h"
#include "query.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum ord_option { ORD_OPT_DATE, ORD_OPT_RULES, ORD_NOPTIONS };

static const struct cmd_option ord_options[] = {
	[ORD_OPT_DATE] = { "date", NC_("placeholder", "YYYY-MM-DD"),
	    N_("the day the boxes are bought, for the rules then in force "
	    "(today)") },
	[ORD_OPT_RULES] = { "rules", NC_("placeholder", "FILE"),
	    N_("the cost rules (else MEDIFLUX_RULES, else the installed "
	    "ones)") },
	{ NULL, NULL, NULL },
};

/* The medicines recognised: which presentation, how sure, how many boxes. */
static void
ord_print_matches(const struct ordonnance *o)
{
	static const char *const head[5] = { N_("Line"), N_("Medicine"), "CIP13",
	    N_("Match"), N_("Boxes") };
	struct texttable *t;
	const struct ord_line *l;
	const char *cells[5];
	char num[32], pct[48], boxes[32];
	size_t i;
	int c;

	t = texttable_new(5);
	for (c = 0; c < 5; c++)
		cells[c] = c == 2 ? head[c] : _(head[c]);
	texttable_add(t, cells);
	texttable_align_right(t, 0);
	texttable_align_right(t, 3);
	texttable_align_right(t, 4);
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		if (l->status != ORD_MATCHED)
			continue;
		cells[0] = texttable_int(l->number, num);
		cells[1] = l->candidates[0].name;
		cells[2] = l->candidates[0].cip13;
		cells[3] = texttable_percent(l->candidates[0].score, 0, 0, pct);
		cells[4] = texttable_int(l->boxes, boxes);
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
}

/* What each line's boxes cost, and the prescription's total. */
static void
ord_print_costs(const struct ordonnance *o)
{
	static const char *const head[6] = { N_("Line"), N_("Base"),
	    N_("Assurance Maladie"), N_("Mutuelle"), N_("Franchise"),
	    N_("Left to pay") };
	struct texttable *t;
	const struct ord_line *l;
	const char *cells[6];
	char b[6][48];
	size_t i;
	int c;

	t = texttable_new(6);
	for (c = 0; c < 6; c++) {
		cells[c] = _(head[c]);
		texttable_align_right(t, c);
	}
	texttable_add(t, cells);
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		if (l->status != ORD_MATCHED)
			continue;
		cells[0] = texttable_int(l->number, b[0]);
		if (!l->has_cost) {
			cells[1] = _("no price");
			for (c = 2; c < 6; c++)
				cells[c] = "";
		} else {
			cells[1] = texttable_cents(l->base_cents, b[1]);
			cells[2] = texttable_cents(l->am_cents, b[2]);
			cells[3] = texttable_cents(l->mutuelle_cents, b[3]);
			cells[4] = texttable_cents(l->franchise_cents, b[4]);
			cells[5] = texttable_cents(l->left_cents, b[5]);
		}
		texttable_add(t, cells);
	}
	/* TRANSLATORS: the last row of the costs table, the prescription's sum. */
	cells[0] = _("Total");
	cells[1] = texttable_cents(o->base_cents, b[1]);
	cells[2] = texttable_cents(o->am_cents, b[2]);
	cells[3] = texttable_cents(o->mutuelle_cents, b[3]);
	cells[4] = texttable_cents(o->franchise_cents, b[4]);
	cells[5] = texttable_cents(o->left_cents, b[5]);
	texttable_add(t, cells);
	texttable_print(t, stdout, 0);
	texttable_free(t);
}

/* Each line as read, its instructions and what they came to, and the runner-ups. */
static void
ord_print_lines(const struct ordonnance *o)
{
	const struct ord_line *l;
	const struct ord_candidate *c;
	char pct[48];
	size_t i, unmatched = 0;
	int k;

	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		if (l->status != ORD_MATCHED) {
			unmatched++;
			continue;
		}
		/* TRANSLATORS: a line's number, its text as read, OCR's confidence. */
		out_printf(stdout, _("%d. read \"%s\" (OCR %s)\n"), l->number,
		    l->text, texttable_percent(l->ocr_confidence, 0, 0, pct));
		out_printf(stdout, _("   presentation: %s\n"),
		    l->candidates[0].label);
		if (l->instructions != NULL && l->boxes_derived)
			out_printf(stdout, ngettext("   instructions: \"%s\": "
			    "%ld units, %d box\n", "   instructions: \"%s\": "
			    "%ld units, %d boxes\n", (unsigned long)l->boxes),
			    l->instructions, l->posology.units, l->boxes);
		else if (l->instructions != NULL)
			out_printf(stdout, _("   instructions: \"%s\": one box "
			    "counted\n"), l->instructions);
		else
			out_printf(stdout, "%s\n", _("   no instructions read: "
			    "one box counted"));
		for (k = 1; k < l->ncandidates; k++) {
			c = &l->candidates[k];
			/* TRANSLATORS: a medicine's name, its CIP13, the score. */
			out_printf(stdout, _("   or: %s (%s, %s)\n"), c->name,
			    c->cip13, texttable_percent(c->score, 0, 0, pct));
		}
	}
	if (unmatched == 0)
		return;
	out_printf(stdout, "\n%s\n", _("Lines not recognised as a medicine:"));
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		if (l->status == ORD_MATCHED)
			continue;
		out_printf(stdout, _("%d. \"%s\"\n"), l->number, l->text);
		for (k = 0; k < l->ncandidates; k++) {
			c = &l->candidates[k];
			out_printf(stdout, _("   perhaps: %s (%s, %s)\n"),
			    c->name, c->cip13, texttable_percent(c->score, 0, 0,
			    pct));
		}
	}
}

static void
ord_print(const struct ordonnance *o, const char *file)
{
	char *shown = utf8_sanitize(file);

	if (o->coverage_pct < 0)
		/* TRANSLATORS: the file, the day (YYYY-MM-DD). */
		out_printf(stdout, ngettext("Prescription %s: %zu medicine "
		    "recognised; costs on %s without a mutuelle (none in your "
		    "profile)\n", "Prescription %s: %zu medicines recognised; "
		    "costs on %s without a mutuelle (none in your profile)\n",
		    (unsigned long)o->matched), shown, o->matched, o->date);
	else
		/* TRANSLATORS: the file, the day, the mutuelle's coverage in percent. */
		out_printf(stdout, ngettext("Prescription %s: %zu medicine "
		    "recognised; costs on %s with a mutuelle covering %d%% of "
		    "the base\n", "Prescription %s: %zu medicines recognised; "
		    "costs on %s with a mutuelle covering %d%% of the base\n",
		    (unsigned long)o->matched), shown, o->matched, o->date,
		    o->coverage_pct);
	free(shown);
	out_printf(stdout, "\n");
	ord_print_matches(o);
	out_printf(stdout, "\n");
	ord_print_costs(o);
	out_printf(stdout, "\n");
	ord_print_lines(o);
}

static int
ord_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct ocr_text *text;
	struct ordonnance *o;
	struct query_db *q;
	sqlite3 *udb;
	char *cause = NULL, *path, date[11];
	int rc;

	(void)nargs;
	if ((rc = cmd_option_day(e, ctx->option[ORD_OPT_DATE], date)) != 0)
		return rc;
	/* The database first: a missing one is said before a minute of OCR. */
	if ((q = cmd_query_open(ctx)) == NULL)
		return 1;
	if (ocr_read_file(args[0], &text, &cause) != 0) {
		query_db_free(q);
		rc = cmd_fail(cause);
		free(cause);
		return rc;
	}
	if (text->nlines == 0) {
		cause = xasprintf(_("no text found in %s: a blank page, or "
		    "writing too faint or too small to read"), args[0]);
		goto fail;
	}
	if ((udb = cmd_user_open(ctx, &cause)) == NULL) {
		ocr_text_free(text);
		query_db_free(q);
		return cmd_user_fail(cause);
	}
	path = cost_rules_path(ctx->option[ORD_OPT_RULES]);
	rc = ordonnance_build(q, udb, text, path, date, &o, &cause);
	sqlite3_close(udb);
	free(path);
	if (rc != 0)
		goto fail;
	if (o->matched == 0) {
		cause = xasprintf(ngettext("no medicine found in %s (%zu line "
		    "of text read, none a medicine of the BDPM)", "no medicine "
		    "found in %s (%zu lines of text read, none a medicine of "
		    "the BDPM)", (unsigned long)text->nlines), args[0],
		    text->nlines);
		ordonnance_free(o);
		goto fail;
	}
	if (flags & CMD_OPT_JSON)
		cmd_json_print(ordonnance_to_json(q, o, args[0]));
	else {
		cmd_print_sample(&o->sample);
		ord_print(o, args[0]);
	}
	ordonnance_free(o);
	ocr_text_free(text);
	query_db_free(q);
	return 0;
fail:
	ocr_text_free(text);
	query_db_free(q);
	rc = cmd_fail(cause);
	free(cause);
	return rc;
}

const struct cmd_entry cmd_ordonnance_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"ordonnance", NC_("usage", "ordonnance FILE [--date DAY] [--json]"),
	N_("read a scanned prescription: its medicines and what they cost you"),
	N_("Reads a scanned or photographed prescription (PNG, JPEG, TIFF or\n"
	"PDF) on this machine, with Tesseract's French model: nothing is sent\n"
	"anywhere and the image is not kept. Each medicine line is matched to a\n"
	"presentation of the BDPM by its brand or substance, dosage and form,\n"
	"tolerant of reading errors, with a confidence and up to three other\n"
	"candidates. Simple instructions (\"1 cp matin et soir pendant 10\n"
	"jours\", \"QSP 1 mois\") give the number of boxes; otherwise one box is\n"
	"counted. For each line: the base price of its boxes, what the\n"
	"Assurance Maladie reimburses, what your mutuelle adds (mutuelle.coverage\n"
	"of your profile), the franchise médicale and what is left to pay, then\n"
	"the prescription's total, on --date (today). Lines that are no medicine\n"
	"are listed as such.\n"
	"\n"
	"Files over 32 MB, images over 16,000 pixels a side or 60 megapixels,\n"
	"PDFs of more than 10 pages and pages that take more than 30 seconds to\n"
	"read are refused. Exits 1, naming the file, when it cannot be read or\n"
	"holds no text or no medicine."),
	CMD_OPT_JSON | CMD_OPT_USER, 1, 1, ord_exec, ord_options,
};
