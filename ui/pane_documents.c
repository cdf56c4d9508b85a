/* SPDX-License-Identifier: ISC */
/*
 * The Documents screen (issue 20): the prescriptions kept, newest first;
 * o asks for a scan's path and reads it in a worker thread while the screen
 * stays alive (Esc gives up waiting); then each line with its match, the
 * confidence, boxes and costs, and the total. Enter on a line lists its
 * candidates to pick another (every cost counted again, src/ordonnance.c),
 * c keeps the prescription in the user database (src/ordonnance_keep.c).
 * Enter on a kept one shows it again. Everything here is drawn through
 * draw_*, which sanitises what OCR read.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cost.h"
#include "draw.h"
#include "history.h"
#include "i18n.h"
#include "list.h"
#include "ocr.h"
#include "ordonnance.h"
#include "ordonnance_keep.h"
#include "texttable.h"
#include "tui.h"
#include "utf8.h"
#include "xmalloc.h"

/* Lines above the list (keys, what is shown), and below it (the total). */
#define DOCS_HEAD	2
#define DOCS_FOOT	2

enum docs_mode {
	DOCS_KEPT,		/* the prescriptions kept */
	DOCS_VIEW,		/* one prescription, read or kept */
	DOCS_CANDIDATES,	/* a line's candidates, to pick one */
};

static const struct list_column docs_kept_columns[] = {
	{ N_("No."), 0, 1 },
	{ N_("Kept"), 0, 0 },
	{ N_("File"), 30, 0 },
	{ N_("Medicines"), 0, 1 },
	{ N_("Left to pay"), 0, 1 },
};

/*
 * What each line became; what it was read as is under the list, for the
 * line selected. What is left to pay comes before its breakdown, which a
 * terminal narrower than DOCS_VIEW_WIDE leaves to the total's line.
 */
static const struct list_column docs_view_columns[] = {
	{ N_("Line"), 0, 1 },
	{ N_("Presentation"), 38, 0 },
	{ N_("CIP13"), 0, 0 },
	{ N_("Match"), 0, 1 },
	{ N_("Boxes"), 0, 1 },
	{ N_("Left to pay"), 0, 1 },
	{ N_("Base"), 0, 1 },
	/* TRANSLATORS: a short column heading, the Assurance Maladie's share. */
	{ N_("AM"), 0, 1 },
	{ N_("Mutuelle"), 0, 1 },
	{ N_("Franchise"), 0, 1 },
};

/* The view's columns up to what is left to pay, and the breakdown from this width. */
#define DOCS_VIEW_NARROW	6
#define DOCS_VIEW_WIDE		110

static const struct list_column docs_candidate_columns[] = {
	{ N_("Medicine"), 0, 0 },
	{ N_("CIP13"), 0, 0 },
	{ N_("Match"), 0, 1 },
	{ N_("Presentation"), 0, 0 },
};

#define DOCS_NCOLUMNS(c) ((int)(sizeof c / sizeof c[0]))

static const struct keybinding docs_kept_bindings[] = {
	{ 'o',	ACT_READ,	"o",	N_("Read a prescription (the scan's file)"),
	    NULL, N_("o read a scan") },
	{ '\r',	ACT_OPEN,	N_("Enter"),	N_("Show the prescription kept"),
	    NULL, N_("Enter show") },
	{ '\n',	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable docs_kept_keys = {
	N_("Documents"), docs_kept_bindings, &keytable_list, NULL,
};

static const struct keybinding docs_view_bindings[] = {
	{ '\r',	ACT_OPEN,	N_("Enter"),
	    N_("The line's candidates, to pick another"), NULL,
	    N_("Enter candidates") },
	{ '\n',	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ 'm',	ACT_DRUG_SEARCH, "m",
	    N_("Find another medicine in the BDPM for the line (name and "
	    "dosage, or CIP13)"), NULL, NULL },
	{ 'c',	ACT_KEEP,	"c",	N_("Confirm and keep the prescription"),
	    NULL, N_("c confirm and keep") },
	{ 'o',	ACT_READ,	"o",	N_("Read another prescription"), NULL,
	    NULL },
	{ KEY_BACKSPACE, ACT_BACK, N_("Backspace"),
	    N_("Back to the prescriptions kept"), NULL, N_("Backspace back") },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable docs_view_keys = {
	N_("Prescription"), docs_view_bindings, &keytable_list, NULL,
};

static const struct keybinding docs_candidate_bindings[] = {
	{ '\r',	ACT_OPEN,	N_("Enter"),	N_("Pick this presentation"),
	    NULL, N_("Enter pick") },
	{ '\n',	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ 'm',	ACT_DRUG_SEARCH, "m",
	    N_("Find another medicine in the BDPM (name and dosage, or "
	    "CIP13)"), NULL, N_("m another medicine") },
	{ 0x1b,	ACT_CANCEL,	N_("Esc"),	N_("Keep the match as it is"),
	    NULL, N_("Esc back") },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable docs_candidate_keys = {
	N_("Candidates"), docs_candidate_bindings, &keytable_list, NULL,
};

/*
 * A scan being read by the worker thread. The main loop and the worker share
 * it under lock; whichever of them is last (the worker done, the pane gone
 * or the wait given up) frees it. Giving up also stops the reading, so that
 * Tesseract does not go on taking a core of a shared server for nobody.
 */
struct docs_job {
	pthread_mutex_t		 lock;
	atomic_int		 stop;
	char			*path;
	int			 done;
	int			 abandoned;
	int			 rc;
	struct ocr_text		*text;
	char			*cause;
};

struct pane_docs {
	struct app		*app;
	enum docs_mode		 mode;
	/* The kept prescriptions' documents, newest first. */
	json_t			*kept;
	struct list		 kept_list;
	/* The prescription shown: read (file set) or kept (kept_id set). */
	struct ordonnance	*o;
	char			*file;
	char			*rules;
	int			 is_kept;	/* o is one kept: no picking */
	struct list		 view_list;
	struct list		 candidate_list;
	size_t			 candidate_line;
	/* What the user's words found in the BDPM for it, shown instead: or NULL. */
	struct ord_line		*found;
	struct docs_job		*job;
	char			*error;
	char			 cell[10][64];
};

static void
docs_job_free(struct docs_job *j)
{
	pthread_mutex_destroy(&j->lock);
	free(j->path);
	ocr_text_free(j->text);
	free(j->cause);
	free(j);
}

/* The worker: reads the scan's text, the slow part; matching is the main loop's. */
static void *
docs_job_run(void *arg)
{
	struct docs_job *j = arg;
	struct ocr_text *text = NULL;
	char *cause = NULL;
	int rc, gone;

	rc = ocr_read_file(j->path, &j->stop, &text, &cause);
	pthread_mutex_lock(&j->lock);
	j->rc = rc;
	j->text = text;
	j->cause = cause;
	j->done = 1;
	gone = j->abandoned;
	pthread_mutex_unlock(&j->lock);
	if (gone)
		docs_job_free(j);
	return NULL;
}

/*
 * Stops the worker's reading and waiting for it: it frees the job when it
 * ends, or now if it has.
 */
static void
docs_job_abandon(struct docs_job *j)
{
	int done;

	atomic_store(&j->stop, 1);
	pthread_mutex_lock(&j->lock);
	j->abandoned = 1;
	done = j->done;
	pthread_mutex_unlock(&j->lock);
	if (done)
		docs_job_free(j);
}

/* --- The cells. ----------------------------------------------------------- */

static const char *
docs_kept_cell(void *arg, size_t r, int c)
{
	struct pane_docs *p = arg;
	const json_t *d = json_array_get(p->kept, r), *lines, *l;
	struct history_entry e;
	size_t i, matched = 0;
	const char *s;

	switch (c) {
	case 0:
		return texttable_int(json_integer_value(json_object_get(d,
		    "id")), p->cell[0]);
	case 1:
		memset(&e, 0, sizeof e);
		e.at = (char *)json_string_value(json_object_get(d, "kept_at"));
		return e.at != NULL ? history_local_time(&e, p->cell[1]) : "";
	case 2:
		s = json_string_value(json_object_get(d, "file"));
		return s != NULL ? s : "";
	case 3:
		lines = json_object_get(d, "lines");
		json_array_foreach(lines, i, l)
			matched += json_is_string(json_object_get(l, "cip13"));
		/* TRANSLATORS: medicines matched of the lines read. */
		snprintf(p->cell[3], sizeof p->cell[3], _("%zu of %zu"),
		    matched, json_array_size(lines));
		return p->cell[3];
	default:
		return texttable_cents(json_integer_value(json_object_get(
		    json_object_get(d, "total"), "left_to_pay_cents")),
		    p->cell[4]);
	}
}

static const char *
docs_view_cell(void *arg, size_t r, int c)
{
	struct pane_docs *p = arg;
	const struct ord_line *l = &p->o->lines[r];
	const struct ord_candidate *m = l->status == ORD_MATCHED ?
	    &l->candidates[0] : NULL;
	const int64_t sums[5] = { l->left_cents, l->base_cents, l->am_cents,
	    l->mutuelle_cents, l->franchise_cents };

	switch (c) {
	case 0:
		return texttable_int(l->number, p->cell[0]);
	case 1:
		return m != NULL ? m->name : _("not recognised");
	case 2:
		return m != NULL ? m->cip13 : "";
	case 3:
		if (m == NULL)
			return "";
		if (m->score < 0)
			/* TRANSLATORS: the Match column of a presentation the user chose. */
			return _("chosen");
		return texttable_percent(m->score, 0, 0, p->cell[3]);
	case 4:
		return m != NULL ? texttable_int(l->boxes, p->cell[4]) : "";
	default:
		if (m == NULL)
			return "";
		if (!l->has_cost)
			return c == 5 ? _("no price") : "";
		return texttable_cents(sums[c - 5], p->cell[c]);
	}
}

/* The candidates listed: what the user's words found, else the line's own. */
static const struct ord_line *
docs_candidates(const struct pane_docs *p)
{
	return p->found != NULL ? p->found : &p->o->lines[p->candidate_line];
}

static const char *
docs_candidate_cell(void *arg, size_t r, int c)
{
	struct pane_docs *p = arg;
	const struct ord_candidate *k = &docs_candidates(p)->candidates[r];

	switch (c) {
	case 0:
		return k->name;
	case 1:
		return k->cip13;
	case 2:
		return k->score < 0 ? _("chosen") : texttable_percent(k->score,
		    0, 0, p->cell[2]);
	default:
		return k->label;
	}
}

/* --- Reading, picking, keeping. ------------------------------------------- */

static void
docs_fail(struct pane_docs *p, char *cause)
{
	free(p->error);
	p->error = cause;
}

/* Reads the kept prescriptions again (after one is kept, or another program's). */
static void
docs_load_kept(struct pane_docs *p)
{
	char *cause = NULL;
	json_t *all;

	if (ordonnance_kept_list(p->app->user, &all, &cause) != 0) {
		docs_fail(p, cause);
		return;
	}
	json_decref(p->kept);
	p->kept = all;
	list_set_rows(&p->kept_list, json_array_size(all));
}

static void
docs_forget(struct pane_docs *p)
{
	ordonnance_found_free(p->found);
	p->found = NULL;
	ordonnance_free(p->o);
	p->o = NULL;
	free(p->file);
	p->file = NULL;
	p->is_kept = 0;
}

/* Shows prescription o (taken), read from file or kept. */
static void
docs_show(struct pane_docs *p, struct ordonnance *o, const char *file,
    int kept)
{
	docs_forget(p);
	p->o = o;
	p->file = file != NULL ? xstrdup(file) : NULL;
	p->is_kept = kept;
	p->mode = DOCS_VIEW;
	list_set_rows(&p->view_list, o->nlines);
	list_select(&p->view_list, 0);
}

/* The worker's text, matched and costed here, where the databases are. */
static void
docs_job_finish(struct pane_docs *p, struct docs_job *j)
{
	struct ordonnance *o;
	char *cause = NULL, date[11];
	time_t now = time(NULL);
	struct tm tm;

	if (j->rc != 0) {
		tui_message(p->app, 1, "%s", j->cause);
		return;
	}
	if (j->text->nlines == 0) {
		tui_message(p->app, 1, _("no text found in %s: a blank page, or "
		    "writing too faint or too small to read"), j->path);
		return;
	}
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	if (ordonnance_build(p->app->q, p->app->user, j->text, p->rules, date,
	    &o, &cause) != 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return;
	}
	if (o->matched == 0) {
		tui_message(p->app, 1, ngettext("no medicine found in %s (%zu "
		    "line of text read, none a medicine of the BDPM)", "no "
		    "medicine found in %s (%zu lines of text read, none a "
		    "medicine of the BDPM)", (unsigned long)j->text->nlines),
		    j->path, j->text->nlines);
		ordonnance_free(o);
		return;
	}
	docs_show(p, o, j->path, 0);
	tui_message(p->app, 0, ngettext("%zu medicine recognised: Enter on a "
	    "line to pick another, c to keep", "%zu medicines recognised: "
	    "Enter on a line to pick another, c to keep",
	    (unsigned long)o->matched), o->matched);
}

/* Whether the worker is done; its result taken if so. */
static int
docs_job_poll(struct pane_docs *p)
{
	struct docs_job *j = p->job;
	int done;

	if (j == NULL)
		return 0;
	pthread_mutex_lock(&j->lock);
	done = j->done;
	pthread_mutex_unlock(&j->lock);
	if (!done)
		return 0;
	p->job = NULL;
	docs_job_finish(p, j);
	docs_job_free(j);
	return 1;
}

static void
docs_read_done(struct app *app, void *arg, const char *answer)
{
	struct pane_docs *p = arg;
	struct docs_job *j;
	const char *home = getenv("HOME");
	pthread_t thread;
	char *path;

	if (answer == NULL || *answer == '\0')
		return;
	if (answer[0] == '~' && answer[1] == '/' && home != NULL)
		path = xasprintf("%s%s", home, answer + 1);
	else
		path = xstrdup(answer);
	/* Set before the thread reads the environment (ocr.c). */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	j = xcalloc(1, sizeof *j);
	pthread_mutex_init(&j->lock, NULL);
	atomic_init(&j->stop, 0);
	j->path = path;
	if (pthread_create(&thread, NULL, docs_job_run, j) != 0) {
		/* No thread: read here, the screen waiting. */
		docs_job_run(j);
		p->job = j;
		docs_job_poll(p);
		return;
	}
	pthread_detach(thread);
	p->job = j;
	tui_message(app, 0, _("reading %s… (Esc: stop)"), path);
}

/* Makes candidate row r the match of the line chosen, and counts again. */
static void
docs_pick(struct pane_docs *p, size_t r)
{
	struct ord_line *l = &p->o->lines[p->candidate_line];
	char *cause = NULL, cip13[14], left[48];
	int rc;

	snprintf(cip13, sizeof cip13, "%s",
	    docs_candidates(p)->candidates[r].cip13);
	rc = ordonnance_pick(p->app->q, p->app->user, p->o,
	    p->candidate_line, cip13, p->rules, &cause);
	if (rc < 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return;
	}
	ordonnance_found_free(p->found);
	p->found = NULL;
	p->mode = DOCS_VIEW;
	list_set_rows(&p->view_list, p->o->nlines);
	tui_message(p->app, 0, _("line %d: %s chosen; left to pay in all: %s"),
	    l->number, l->candidates[0].name, texttable_cents(
	    p->o->left_cents, left));
}

/* Lists the candidates of the line chosen: found (taken) for the user's words, or its own when NULL. */
static void
docs_list_candidates(struct pane_docs *p, struct ord_line *found)
{
	ordonnance_found_free(p->found);
	p->found = found;
	p->mode = DOCS_CANDIDATES;
	list_set_rows(&p->candidate_list,
	    (size_t)docs_candidates(p)->ncandidates);
	list_select(&p->candidate_list, 0);
}

/* The user's words for the line chosen: the BDPM's presentations they may be, to pick one. */
static void
docs_find_done(struct app *app, void *arg, const char *answer)
{
	struct pane_docs *p = arg;
	struct ord_line *f;
	char *cause = NULL;

	/* The question's line, unless a reading ended meanwhile and changed the lines. */
	if (answer == NULL || answer[strspn(answer, " ")] == '\0' ||
	    p->o == NULL || p->candidate_line >= p->o->nlines)
		return;
	if (ordonnance_find(app->q, p->o, p->candidate_line, answer, &f,
	    &cause) != 0) {
		tui_message(app, 1, "%s", cause);
		free(cause);
		return;
	}
	if (f->ncandidates == 0) {
		tui_message(app, 0, _("nothing in the BDPM for \"%s\""), answer);
		ordonnance_found_free(f);
		return;
	}
	docs_list_candidates(p, f);
}

/* Asks for the words of another medicine for line r (from 0). */
static void
docs_find_ask(struct pane_docs *p, size_t r)
{
	char *question;

	p->candidate_line = r;
	/* TRANSLATORS: the line's number. */
	question = xasprintf(_("Medicine for line %d (name and dosage, or "
	    "CIP13):"), p->o->lines[r].number);
	tui_ask(p->app, question, "", docs_find_done, p);
	free(question);
}

static void
docs_keep(struct pane_docs *p)
{
	char *cause = NULL;
	int64_t id;

	if (p->is_kept) {
		tui_message(p->app, 0, _("prescription %lld is kept already"),
		    (long long)p->o->kept_id);
		return;
	}
	/* The commands' entries first, so that ids follow the order things were done in. */
	tui_history_fold(p->app);
	if (ordonnance_keep(p->app->user, p->o, p->file, NULL, &id,
	    &cause) != 0) {
		tui_message(p->app, 1, _("not kept: %s"), cause);
		free(cause);
		return;
	}
	p->o->kept_id = id;
	p->is_kept = 1;
	docs_load_kept(p);
	tui_message(p->app, 0, _("prescription kept as No. %lld (mediflux "
	    "ordonnance --show %lld)"), (long long)id, (long long)id);
}

/* Shows kept prescription id again; 0 when there is none. */
static int
docs_open_kept(struct pane_docs *p, int64_t id)
{
	char *cause = NULL;
	json_t *doc;
	int rc;

	if ((rc = ordonnance_kept_get(p->app->user, id, &doc, &cause)) < 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return 0;
	}
	if (rc == 0) {
		tui_message(p->app, 1, _("no prescription kept as No. %lld"),
		    (long long)id);
		return 0;
	}
	docs_show(p, ordonnance_from_kept(doc), NULL, 1);
	json_decref(doc);
	return 1;
}

/* --- The pane. ------------------------------------------------------------ */

static void *
docs_init(struct app *app)
{
	struct pane_docs *p = xcalloc(1, sizeof *p);

	p->app = app;
	p->rules = cost_rules_path(NULL);
	list_init(&p->kept_list, docs_kept_columns,
	    DOCS_NCOLUMNS(docs_kept_columns), docs_kept_cell, NULL, p);
	list_init(&p->view_list, docs_view_columns,
	    DOCS_NCOLUMNS(docs_view_columns), docs_view_cell, NULL, p);
	list_init(&p->candidate_list, docs_candidate_columns,
	    DOCS_NCOLUMNS(docs_candidate_columns), docs_candidate_cell, NULL,
	    p);
	p->kept_list.sortable = p->view_list.sortable = 0;
	p->candidate_list.sortable = 0;
	docs_load_kept(p);
	return p;
}

/* What is shown, on the line under the keys: candidates, a kept one, or the costs' day. */
static char *
docs_heading_costs(const struct pane_docs *p)
{
	const struct ordonnance *o = p->o;
	struct history_entry e;
	char when[32];
	const char *file;

	if (p->mode == DOCS_CANDIDATES && p->found != NULL)
		/* TRANSLATORS: a line's number and the words the user typed. */
		return xasprintf(_("Line %d: the BDPM's presentations for "
		    "\"%s\""), p->found->number, p->found->text);
	if (p->mode == DOCS_CANDIDATES)
		/* TRANSLATORS: a line's number and its text as read. */
		return xasprintf(_("Line %d, read \"%s\": its candidates"),
		    o->lines[p->candidate_line].number,
		    o->lines[p->candidate_line].text);
	if (p->is_kept) {
		memset(&e, 0, sizeof e);
		e.at = (char *)o->kept_at;
		/* TRANSLATORS: the number, the file's name, when it was kept. */
		return xasprintf(_("Prescription No. %lld (%s), kept %s"),
		    (long long)o->kept_id, o->file != NULL ? o->file : "",
		    history_local_time(&e, when));
	}
	file = strrchr(p->file, '/') != NULL ? strrchr(p->file, '/') + 1 :
	    p->file;
	if (o->coverage_pct < 0)
		/* TRANSLATORS: the file's name, the day costs are counted on. */
		return xasprintf(_("%s: costs on %s without a mutuelle"), file,
		    o->date);
	/* TRANSLATORS: the file's name, the day, the mutuelle's coverage. */
	return xasprintf(_("%s: costs on %s, mutuelle at %d%%"), file, o->date,
	    o->coverage_pct);
}

/* The heading over the lines, with the day the prescription was written when known. */
static char *
docs_heading(const struct pane_docs *p)
{
	char *base = docs_heading_costs(p), *line;

	if (p->mode == DOCS_CANDIDATES || p->o->prescribed_on[0] == '\0')
		return base;
	/* TRANSLATORS: the heading, then the day written on the prescription. */
	line = xasprintf(_("%s · prescribed on %s"), base, p->o->prescribed_on);
	free(base);
	return line;
}

/* The line selected as it was read, and its instructions, under the list. */
static void
docs_draw_read(const struct pane_docs *p, int y, int x, int width)
{
	size_t r = list_selected(&p->view_list);
	const struct ord_line *l;
	char *line;

	if (r == (size_t)-1)
		return;
	l = &p->o->lines[r];
	if (l->instructions != NULL)
		/* TRANSLATORS: a line as read, then its instructions as read. */
		line = xasprintf(_("Read: \"%s\" · %s"), l->text,
		    l->instructions);
	else
		line = xasprintf(_("Read: \"%s\""), l->text);
	draw_text(y, x + 1, width - 2, line, term_attr(C_NORMAL));
	free(line);
}

/* The prescription's total, under its lines. */
static void
docs_draw_total(const struct pane_docs *p, int y, int x, int width)
{
	const struct ordonnance *o = p->o;
	char b[5][48], *line;

	/*
	 * TRANSLATORS: the prescription's sums: left to pay first (a narrow
	 * terminal cuts the end), then base, AM, mutuelle, franchise.
	 */
	line = xasprintf(_("Total: left to pay %s · base %s · Assurance Maladie "
	    "%s · mutuelle %s · franchise %s"), texttable_cents(o->left_cents,
	    b[4]), texttable_cents(o->base_cents, b[0]),
	    texttable_cents(o->am_cents, b[1]),
	    texttable_cents(o->mutuelle_cents, b[2]),
	    texttable_cents(o->franchise_cents, b[3]));
	draw_text(y, x + 1, width - 2, line, term_attr(C_SECTION));
	free(line);
}

static void
docs_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	struct pane_docs *p = arg;
	const struct keytable *t;
	char *line;

	docs_job_poll(p);
	t = p->mode == DOCS_KEPT ? &docs_kept_keys : p->mode == DOCS_VIEW ?
	    &docs_view_keys : &docs_candidate_keys;
	line = keymap_hints(t);
	draw_text(y, x + 1, width - 2, line, term_attr(C_KEY));
	free(line);
	if (p->job != NULL)
		draw_text(y + 1, x + 1, width - 2, _("Reading the scan… Esc "
		    "stops it."), term_attr(C_SECTION));
	if (p->error != NULL) {
		draw_text(y + 2, x + 1, width - 2, p->error, term_attr(C_ERROR));
		return;
	}
	switch (p->mode) {
	case DOCS_KEPT:
		if (p->job == NULL)
			draw_text(y + 1, x + 1, width - 2, _("Prescriptions "
			    "kept, newest first"), term_attr(C_SECTION));
		if (json_array_size(p->kept) == 0) {
			draw_text(y + 3, x + 1, width - 2, _("No prescription "
			    "kept yet: o reads a scan (PNG, JPEG, TIFF or "
			    "PDF)."), term_attr(C_NORMAL));
			return;
		}
		list_draw(&p->kept_list, y + DOCS_HEAD, x, height - DOCS_HEAD,
		    width);
		list_position(&p->kept_list, status, statussize);
		return;
	case DOCS_VIEW:
		if (p->job == NULL) {
			line = docs_heading(p);
			draw_text(y + 1, x + 1, width - 2, line,
			    term_attr(C_SECTION));
			free(line);
		}
		list_show_columns(&p->view_list, width >= DOCS_VIEW_WIDE ?
		    DOCS_NCOLUMNS(docs_view_columns) : DOCS_VIEW_NARROW);
		list_draw(&p->view_list, y + DOCS_HEAD, x, height - DOCS_HEAD -
		    DOCS_FOOT, width);
		docs_draw_read(p, y + height - 2, x, width);
		docs_draw_total(p, y + height - 1, x, width);
		list_position(&p->view_list, status, statussize);
		return;
	case DOCS_CANDIDATES:
		line = docs_heading(p);
		draw_text(y + 1, x + 1, width - 2, line, term_attr(C_SECTION));
		free(line);
		list_draw(&p->candidate_list, y + DOCS_HEAD, x, height -
		    DOCS_HEAD, width);
		list_position(&p->candidate_list, status, statussize);
		return;
	}
}

/* The line selected, when its match may change: (size_t)-1 when none is, or it is kept. */
static size_t
docs_line_to_change(struct pane_docs *p)
{
	size_t r = list_selected(&p->view_list);

	if (r != (size_t)-1 && p->is_kept) {
		tui_message(p->app, 0, "%s", _("a prescription kept stays as "
		    "it was: read the scan again to choose otherwise"));
		return (size_t)-1;
	}
	return r;
}

/* Enter on a line: its candidates, when there is another to pick. */
static void
docs_open_line(struct pane_docs *p)
{
	size_t r = docs_line_to_change(p);
	const struct ord_line *l;

	if (r == (size_t)-1)
		return;
	l = &p->o->lines[r];
	if (l->ncandidates == 0) {
		/* Nothing to pick among: the user says which medicine. */
		docs_find_ask(p, r);
		return;
	}
	p->candidate_line = r;
	docs_list_candidates(p, NULL);
}

static int
docs_key(void *arg, enum action a, int key)
{
	struct pane_docs *p = arg;
	struct list *l;
	size_t r;

	l = p->mode == DOCS_KEPT ? &p->kept_list : p->mode == DOCS_VIEW ?
	    &p->view_list : &p->candidate_list;
	if (l->searching)
		return list_key(l, a, key);
	if (a == ACT_CANCEL && p->job != NULL) {
		docs_job_abandon(p->job);
		p->job = NULL;
		tui_message(p->app, 0, "%s", _("reading stopped"));
		return R_HANDLED | R_REDRAW;
	}
	if (a == ACT_READ) {
		if (p->job != NULL)
			tui_message(p->app, 0, "%s", _("a scan is being read "
			    "already (Esc: stop it)"));
		else
			tui_ask(p->app, _("Scan of the prescription (PNG, JPEG, "
			    "TIFF or PDF):"), "", docs_read_done, p);
		return R_HANDLED | R_REDRAW;
	}
	switch (p->mode) {
	case DOCS_KEPT:
		if (a == ACT_OPEN) {
			if ((r = list_selected(l)) != (size_t)-1)
				docs_open_kept(p, json_integer_value(
				    json_object_get(json_array_get(p->kept, r),
				    "id")));
			return R_HANDLED | R_REDRAW;
		}
		break;
	case DOCS_VIEW:
		if (a == ACT_OPEN) {
			docs_open_line(p);
			return R_HANDLED | R_REDRAW;
		}
		if (a == ACT_DRUG_SEARCH) {
			if ((r = docs_line_to_change(p)) != (size_t)-1)
				docs_find_ask(p, r);
			return R_HANDLED | R_REDRAW;
		}
		if (a == ACT_KEEP) {
			docs_keep(p);
			return R_HANDLED | R_REDRAW;
		}
		if (a == ACT_BACK) {
			docs_forget(p);
			p->mode = DOCS_KEPT;
			return R_HANDLED | R_REDRAW;
		}
		break;
	case DOCS_CANDIDATES:
		if (a == ACT_OPEN) {
			if ((r = list_selected(l)) != (size_t)-1)
				docs_pick(p, r);
			return R_HANDLED | R_REDRAW;
		}
		if (a == ACT_DRUG_SEARCH) {
			docs_find_ask(p, p->candidate_line);
			return R_HANDLED | R_REDRAW;
		}
		if (a == ACT_CANCEL || a == ACT_BACK) {
			ordonnance_found_free(p->found);
			p->found = NULL;
			p->mode = DOCS_VIEW;
			return R_HANDLED | R_REDRAW;
		}
		break;
	}
	return list_key(l, a, key);
}

/* A history entry "ordonnance --show ID": that prescription again. */
static void
docs_replay(void *arg, const char *command, const json_t *params)
{
	struct pane_docs *p = arg;
	const json_t *id = json_object_get(params, "show");

	if (strcmp(command, "ordonnance") == 0 && json_is_integer(id))
		docs_open_kept(p, json_integer_value(id));
}

static void
docs_free(void *arg)
{
	struct pane_docs *p = arg;

	if (p->job != NULL)
		docs_job_abandon(p->job);
	docs_forget(p);
	json_decref(p->kept);
	list_free(&p->kept_list);
	list_free(&p->view_list);
	list_free(&p->candidate_list);
	free(p->rules);
	free(p->error);
	free(p);
}

/* Whether the costs shown come from sample data. */
static int
docs_sample(void *arg)
{
	const struct pane_docs *p = arg;

	return p->mode != DOCS_KEPT && p->o != NULL && p->o->sample.sample;
}

/* The keys of the mode the pane is in. */
static const struct keytable *
docs_mode_keys(void *arg)
{
	const struct pane_docs *p = arg;

	return p->mode == DOCS_KEPT ? &docs_kept_keys : p->mode == DOCS_VIEW ?
	    &docs_view_keys : &docs_candidate_keys;
}

/* An idle second: the worker may be done, or another program kept one. */
static int
docs_tick(void *arg)
{
	struct pane_docs *p = arg;
	size_t before = json_array_size(p->kept);

	if (docs_job_poll(p))
		return R_REDRAW;
	if (p->mode != DOCS_KEPT)
		return R_NONE;
	docs_load_kept(p);
	return json_array_size(p->kept) != before ? R_REDRAW : R_NONE;
}

static int
docs_typing(void *arg)
{
	const struct pane_docs *p = arg;

	return p->kept_list.searching || p->view_list.searching ||
	    p->candidate_list.searching;
}

const struct pane_ops pane_documents_ops = {
	N_("Documents"), "documents", ACT_PANE_DOCUMENTS, &docs_kept_keys,
	docs_init, docs_draw, docs_key, docs_replay, docs_free, docs_sample,
	docs_mode_keys, docs_tick, docs_typing,
};
