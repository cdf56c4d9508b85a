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
#include "history.h"
#include "i18n.h"
#include "ocr.h"
#include "ordonnance.h"
#include "ordonnance_keep.h"
#include "out.h"
#include "query.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum ord_option { ORD_OPT_DATE, ORD_OPT_RULES, ORD_OPT_KEEP, ORD_OPT_PICK,
	ORD_OPT_PRESCRIBED, ORD_OPT_LIST, ORD_OPT_SHOW, ORD_NOPTIONS };

static const struct cmd_option ord_options[] = {
	[ORD_OPT_DATE] = { "date", NC_("placeholder", "YYYY-MM-DD"),
	    N_("the day the boxes are bought, for the rules then in force "
	    "(today)") },
	[ORD_OPT_RULES] = { "rules", NC_("placeholder", "FILE"),
	    N_("the cost rules (else MEDIFLUX_RULES, else the installed "
	    "ones)") },
	[ORD_OPT_KEEP] = { "keep", NULL,
	    N_("keep the result in your user database, to list and show "
	    "again") },
	[ORD_OPT_PICK] = { "pick", NC_("placeholder", "N=CIP13"),
	    N_("make presentation CIP13 line N's match (repeatable)") },
	[ORD_OPT_PRESCRIBED] = { "prescribed", NC_("placeholder", "YYYY-MM-DD"),
	    N_("the prescription's own date, kept with --keep") },
	[ORD_OPT_LIST] = { "list", NULL,
	    N_("list the prescriptions kept, newest first") },
	[ORD_OPT_SHOW] = { "show", NC_("placeholder", "ID"),
	    N_("show kept prescription ID again") },
	{ NULL, NULL, NULL },
};

/* Whether s is a day YYYY-MM-DD: --prescribed, which no rule checks. */
static int
ord_day_ok(const char *s)
{
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

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
		/* TRANSLATORS: the Match column of a presentation the user chose. */
		cells[3] = l->candidates[0].score < 0 ? _("chosen") :
		    texttable_percent(l->candidates[0].score, 0, 0, pct);
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
	if (o->prescribed_on[0] != '\0')
		out_printf(stdout, _("Prescribed on %s\n"), o->prescribed_on);
	out_printf(stdout, "\n");
	ord_print_matches(o);
	out_printf(stdout, "\n");
	ord_print_costs(o);
	out_printf(stdout, "\n");
	ord_print_lines(o);
}

/* The kept prescriptions, newest first: number, when, file, lines, left to pay. */
static void
ord_print_list(const json_t *all)
{
	static const char *const head[5] = { N_("id"), N_("kept"), N_("file"),
	    N_("medicines"), N_("Left to pay") };
	struct history_entry e;
	struct texttable *t;
	const json_t *d, *lines, *l;
	const char *cells[5];
	char id[32], when[32], count[64], left[48];
	size_t i, j, matched;

	if (json_array_size(all) == 0) {
		fputs(_("No prescription kept yet.\n"), stdout);
		return;
	}
	t = texttable_new(5);
	for (i = 0; i < 5; i++)
		cells[i] = _(head[i]);
	texttable_add(t, cells);
	texttable_align_right(t, 0);
	texttable_align_right(t, 3);
	texttable_align_right(t, 4);
	json_array_foreach(all, i, d) {
		memset(&e, 0, sizeof e);
		e.at = (char *)json_string_value(json_object_get(d, "kept_at"));
		lines = json_object_get(d, "lines");
		matched = 0;
		json_array_foreach(lines, j, l)
			matched += json_is_string(json_object_get(l, "cip13"));
		cells[0] = texttable_int(json_integer_value(json_object_get(d,
		    "id")), id);
		cells[1] = e.at != NULL ? history_local_time(&e, when) : "";
		cells[2] = json_string_value(json_object_get(d, "file"));
		/* TRANSLATORS: medicines matched of the lines read. */
		snprintf(count, sizeof count, _("%zu of %zu"), matched,
		    json_array_size(lines));
		cells[3] = count;
		cells[4] = texttable_cents(json_integer_value(json_object_get(
		    json_object_get(d, "total"), "left_to_pay_cents")), left);
		texttable_add(t, cells);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
}

/* A kept prescription again: when, its medicines, their costs, what was not one. */
static void
ord_print_kept(const struct ordonnance *o)
{
	struct history_entry e;
	const struct ord_line *l;
	char when[32];
	size_t i;

	memset(&e, 0, sizeof e);
	e.at = (char *)o->kept_at;
	/* TRANSLATORS: the number, the file's name, when it was kept. */
	out_printf(stdout, _("Prescription %lld (%s), kept %s\n"),
	    (long long)o->kept_id, o->file != NULL ? o->file : "",
	    history_local_time(&e, when));
	if (o->prescribed_on[0] != '\0')
		out_printf(stdout, _("Prescribed on %s\n"), o->prescribed_on);
	if (o->coverage_pct < 0)
		out_printf(stdout, _("Costs on %s without a mutuelle\n"),
		    o->date);
	else
		out_printf(stdout, _("Costs on %s with a mutuelle covering "
		    "%d%% of the base\n"), o->date, o->coverage_pct);
	out_printf(stdout, "\n");
	ord_print_matches(o);
	out_printf(stdout, "\n");
	ord_print_costs(o);
	if (o->matched == o->nlines)
		return;
	out_printf(stdout, "\n%s\n", _("Lines not recognised as a medicine:"));
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		if (l->status != ORD_MATCHED)
			out_printf(stdout, _("%d. \"%s\"\n"), l->number,
			    l->text);
	}
}

/* --list and --show ID: what the user database keeps, no image read. */
static int
ord_exec_kept(struct cmd_context *ctx, const struct cmd_entry *e, int flags)
{
	struct ordonnance *o;
	sqlite3 *udb;
	json_t *all = NULL, *doc = NULL;
	char *cause = NULL;
	int id = 0, rc;

	if (ctx->option[ORD_OPT_SHOW] != NULL && (rc = cmd_option_int(e, "show",
	    ctx->option[ORD_OPT_SHOW], 1, 2000000000, &id)) != 0)
		return rc;
	if ((udb = cmd_user_open(ctx, &cause)) == NULL)
		return cmd_user_fail(cause);
	if (id == 0)
		rc = ordonnance_kept_list(udb, &all, &cause);
	else
		rc = ordonnance_kept_get(udb, id, &doc, &cause);
	sqlite3_close(udb);
	if (rc < 0)
		return cmd_user_fail(cause);
	if (id == 0) {
		if (flags & CMD_OPT_JSON)
			cmd_json_print(all);
		else {
			ord_print_list(all);
			json_decref(all);
		}
		return 0;
	}
	if (rc == 0)
		return cmd_fail(_("no prescription kept with this number "
		    "(mediflux ordonnance --list lists them)"));
	if (flags & CMD_OPT_JSON) {
		cmd_json_print(doc);
		return 0;
	}
	o = ordonnance_from_kept(doc);
	json_decref(doc);
	ord_print_kept(o);
	ordonnance_free(o);
	return 0;
}

/* The --pick values, in the order given: each "N=CIP13". */
static int
ord_apply_picks(struct cmd_context *ctx, const struct cmd_entry *e,
    struct query_db *q, sqlite3 *udb, struct ordonnance *o, const char *rules,
    char **cause)
{
	const char *v;
	char *end, cip13[14];
	long n;
	size_t i;
	int rc;

	for (i = 0; i < ctx->nvalues[ORD_OPT_PICK]; i++) {
		v = ctx->values[ORD_OPT_PICK][i];
		n = strtol(v, &end, 10);
		if (end == v || *end != '=' || n < 1 || n > 100000 ||
		    strlen(end + 1) != 13 || strspn(end + 1, "0123456789") !=
		    13) {
			cmd_usage_error(e, _("--pick takes a line's number and "
			    "a CIP13, such as 2=3400912345678"));
			return EXIT_USAGE;
		}
		snprintf(cip13, sizeof cip13, "%s", end + 1);
		if ((size_t)n > o->nlines) {
			error_set(cause, ngettext("--pick %s: the prescription "
			    "has %zu line", "--pick %s: the prescription has %zu "
			    "lines", (unsigned long)o->nlines), v, o->nlines);
			return 1;
		}
		rc = ordonnance_pick(q, udb, o, (size_t)n - 1, cip13, rules,
		    cause);
		if (rc < 0)
			return 1;
		if (rc == 0) {
			error_set(cause, _("--pick %s: no presentation of the "
			    "BDPM has this CIP13"), v);
			return 1;
		}
	}
	return 0;
}

static int
ord_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct ocr_text *text;
	struct ordonnance *o;
	struct query_db *q;
	sqlite3 *udb;
	json_t *j;
	char *cause = NULL, *path, date[11];
	int64_t id = 0;
	int rc, kept_mode;

	kept_mode = ctx->option[ORD_OPT_LIST] != NULL ||
	    ctx->option[ORD_OPT_SHOW] != NULL;
	if (kept_mode && (nargs != 0 || ctx->option[ORD_OPT_KEEP] != NULL ||
	    ctx->option[ORD_OPT_PICK] != NULL || (ctx->option[ORD_OPT_LIST] !=
	    NULL && ctx->option[ORD_OPT_SHOW] != NULL)))
		return cmd_usage_error(e, _("--list and --show go alone, "
		    "without a file"));
	if (kept_mode)
		return ord_exec_kept(ctx, e, flags);
	if (nargs != 1)
		return cmd_usage_error(e, _("missing argument"));
	if (ctx->option[ORD_OPT_PRESCRIBED] != NULL && (ctx->option[ORD_OPT_KEEP]
	    == NULL || !ord_day_ok(ctx->option[ORD_OPT_PRESCRIBED])))
		return cmd_usage_error(e, _("--prescribed must be a day such "
		    "as 2026-12-04, with --keep"));
	if ((rc = cmd_option_day(e, ctx->option[ORD_OPT_DATE], date)) != 0)
		return rc;
	/* The database first: a missing one is said before a minute of OCR. */
	if ((q = cmd_query_open(ctx)) == NULL)
		return 1;
	if (ocr_read_file(args[0], NULL, &text, &cause) != 0) {
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
	if (rc == 0 && (rc = ord_apply_picks(ctx, e, q, udb, o, path,
	    &cause)) != 0) {
		ordonnance_free(o);
		free(path);
		sqlite3_close(udb);
		if (rc == EXIT_USAGE) {
			ocr_text_free(text);
			query_db_free(q);
			return rc;
		}
		goto fail;
	}
	free(path);
	if (rc != 0) {
		sqlite3_close(udb);
		goto fail;
	}
	/* The day given stands over the one read on the page. */
	if (ctx->option[ORD_OPT_PRESCRIBED] != NULL)
		snprintf(o->prescribed_on, sizeof o->prescribed_on, "%s",
		    ctx->option[ORD_OPT_PRESCRIBED]);
	if (o->matched == 0) {
		sqlite3_close(udb);
		cause = xasprintf(ngettext("no medicine found in %s (%zu line "
		    "of text read, none a medicine of the BDPM)", "no medicine "
		    "found in %s (%zu lines of text read, none a medicine of "
		    "the BDPM)", (unsigned long)text->nlines), args[0],
		    text->nlines);
		ordonnance_free(o);
		goto fail;
	}
	if (ctx->option[ORD_OPT_KEEP] != NULL && ordonnance_keep(udb, o,
	    args[0], ctx->option[ORD_OPT_PRESCRIBED], &id, &cause) != 0) {
		sqlite3_close(udb);
		ordonnance_free(o);
		ocr_text_free(text);
		query_db_free(q);
		return cmd_user_fail(cause);
	}
	sqlite3_close(udb);
	if (flags & CMD_OPT_JSON) {
		j = ordonnance_to_json(q, o, args[0]);
		if (id > 0)
			json_object_set_new(j, "kept_id",
			    json_integer((json_int_t)id));
		cmd_json_print(j);
	} else {
		cmd_print_sample(&o->sample);
		ord_print(o, args[0]);
		if (id > 0)
			out_printf(stdout, _("\nKept as prescription %lld: "
			    "mediflux ordonnance --show %lld shows it again.\n"),
			    (long long)id, (long long)id);
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
	"ordonnance", NC_("usage", "ordonnance FILE [--date DAY] [--keep] "
	"[--pick N=CIP13]... [--json] | --list [--json] | --show ID [--json]"),
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
	"holds no text or no medicine.\n"
	"\n"
	"--pick N=CIP13 makes line N's match one of its other candidates or\n"
	"any presentation of the BDPM, and counts the costs again. --keep keeps\n"
	"the result in your private user database with today's date: the lines\n"
	"as read, the presentations chosen and the costs, never the image nor\n"
	"where it was (its file name at most). --list lists what was kept,\n"
	"--show ID shows one again; mediflux history lists each as an entry,\n"
	"and profile export carries them."),
	CMD_OPT_JSON | CMD_OPT_USER, 0, 1, ord_exec, ord_options,
};
