/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <curses.h>

#include "clock.h"
#include "draw.h"
#include "history.h"
#include "history_pending.h"
#include "i18n.h"
#include "list.h"
#include "out.h"
#include "profile.h"
#include "query.h"
#include "signal_pending.h"
#include "term.h"
#include "texttable.h"
#include "tui.h"
#include "xmalloc.h"

#define TUI_TICK_MS 1000

const struct pane_ops *const tui_panes[TUI_NPANES] = {
	&pane_hospitals_ops,
	&pane_regions_ops,
	&pane_meds_ops,
	&pane_profile_ops,
	&pane_history_ops,
	&pane_data_ops,
	&pane_documents_ops,
};

/* Opens both databases before curses starts, so errors print as plain lines. */
static int
tui_open(struct app *app, const char *db_option, const char *user_db_option,
    char **cause)
{
	struct path_env env;
	int rc = -1;

	paths_env_from_process(&env, db_option, user_db_option);
	if ((app->refdb_path = paths_refdb(&env, &app->ref_origin, cause)) == NULL ||
	    (app->userdb_path = paths_userdb(&env, &app->user_origin,
	    cause)) == NULL)
		goto out;
	if ((app->q = query_db_open(app->refdb_path, cause)) == NULL ||
	    history_open(app->userdb_path, app->user_origin == PATH_XDG,
	    &app->user, cause) != 0)
		goto out;
	/* Ctrl-C stops a long query rather than waiting for it. */
	query_db_cancel_on_signal(app->q);
	tui_apply_language(app);
	rc = 0;
out:
	paths_env_free(&env);
	return rc;
}

void
tui_apply_language(struct app *app)
{
	json_t *doc;

	/* An unreadable profile is reported where it is shown. */
	if (profile_load(app->user, &doc, NULL) != 0)
		return;
	(void)i18n_set_language(profile_preference_text(doc, "language"));
	json_decref(doc);
}

static void
tui_prompt_free(struct prompt *p)
{
	if (p == NULL)
		return;
	free(p->question);
	free(p);
}

/*
 * Drops an unanswered prompt as if it were cancelled, so that whoever asked
 * frees what it handed over (a prompt replaced by another, or the program
 * ending with one open).
 */
static void
tui_prompt_drop(struct app *app)
{
	struct prompt *p = app->prompt;

	if (p == NULL)
		return;
	app->prompt = NULL;
	p->done(app, p->arg, NULL);
	tui_prompt_free(p);
}

static void
tui_close(struct app *app)
{
	int i;

	tui_prompt_drop(app);
	for (i = 0; i < TUI_NPANES; i++)
		if (app->state[i] != NULL)
			tui_panes[i]->free(app->state[i]);
	query_db_free(app->q);
	sqlite3_close(app->user);
	free(app->refdb_path);
	free(app->userdb_path);
	free(app->message);
}

void
tui_message(struct app *app, int error, const char *fmt, ...)
{
	va_list ap;

	free(app->message);
	va_start(ap, fmt);
	app->message = xvasprintf(fmt, ap);
	va_end(ap);
	app->message_is_error = error;
}

void
tui_query_time(struct app *app, double ms)
{
	app->last_query_ms = ms;
}

void
tui_history_fold(struct app *app)
{
	char *cause = NULL;

	if (history_pending_fold(app->user, app->userdb_path, NULL,
	    &cause) != 0) {
		tui_message(app, 1, _("history not read: %s"), cause);
		free(cause);
	}
}

void
tui_record(struct app *app, const char *pane, const char *command,
    json_t *params, int64_t result_count, double duration_ms)
{
	char *cause = NULL;

	/* The commands' entries first, so that ids follow the order things were done in. */
	tui_history_fold(app);
	if (history_record(app->user, pane, command, params, result_count,
	    duration_ms, &cause) != 0) {
		tui_message(app, 1, _("history not recorded: %s"), cause);
		free(cause);
	}
	json_decref(params);
}

void
tui_ask(struct app *app, const char *question, const char *initial,
    void (*done)(struct app *, void *, const char *), void *arg)
{
	tui_prompt_drop(app);
	app->prompt = xcalloc(1, sizeof *app->prompt);
	app->prompt->question = xstrdup(question);
	input_set(&app->prompt->answer, initial != NULL ? initial : "");
	app->prompt->done = done;
	app->prompt->arg = arg;
}

/* Ends the prompt, handing its answer (NULL when cancelled) to whoever asked. */
static void
tui_prompt_end(struct app *app, int cancelled)
{
	struct prompt *p = app->prompt;

	curs_set(0);
	if (cancelled) {
		tui_prompt_drop(app);
		return;
	}
	app->prompt = NULL;
	p->done(app, p->arg, p->answer.text);
	tui_prompt_free(p);
}

void *
tui_show(struct app *app, const struct pane_ops *ops)
{
	double t0;
	int i;

	for (i = 0; i < TUI_NPANES && tui_panes[i] != ops; i++)
		;
	if (i == TUI_NPANES)
		fatalx("tui_show: unknown pane %s", ops->name);
	app->current = i;
	if (app->state[i] == NULL) {
		t0 = clock_now_ms();
		app->state[i] = ops->init(app);
		tui_query_time(app, clock_now_ms() - t0);
	}
	return app->state[i];
}

int
tui_replay(struct app *app, const char *pane, const char *command,
    const json_t *params)
{
	void *state;
	int i;

	for (i = 0; i < TUI_NPANES; i++) {
		if (tui_panes[i]->history == NULL ||
		    tui_panes[i]->replay == NULL ||
		    strcmp(tui_panes[i]->history, pane) != 0)
			continue;
		state = tui_show(app, tui_panes[i]);
		tui_panes[i]->replay(state, command, params);
		return 0;
	}
	return -1;
}

/* What an export needs until its file name is typed. */
struct tui_export {
	struct list	*list;
};

static void
tui_export_done(struct app *app, void *arg, const char *path)
{
	struct tui_export *e = arg;
	char *cause = NULL, *expanded, count[32];
	const char *home = getenv("HOME");
	long n;

	if (path != NULL && *path != '\0') {
		if (path[0] == '~' && path[1] == '/' && home != NULL)
			expanded = xasprintf("%s%s", home, path + 1);
		else
			expanded = xstrdup(path);
		if ((n = list_export_csv(e->list, expanded, &cause)) < 0) {
			tui_message(app, 1, _("export: %s"), cause);
			free(cause);
		} else
			tui_message(app, 0, ngettext("%s row exported to %s",
			    "%s rows exported to %s", (unsigned long)n),
			    texttable_int(n, count), expanded);
		free(expanded);
	}
	free(e);
}

void
tui_export(struct app *app, struct list *list, const char *what)
{
	struct tui_export *e;
	const char *home = getenv("HOME");
	char stamp[32], *initial;
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	initial = xasprintf("%s/mediflux-%s-%s.csv", home != NULL ? home : ".",
	    what, stamp);
	e = xcalloc(1, sizeof *e);
	e->list = list;
	tui_ask(app, _("Export as CSV to:"), initial, tui_export_done, e);
	free(initial);
}

/* Whether printable keys go to a text (the status line's question, a pane's field). */
static int
tui_typing(const struct app *app)
{
	const struct pane_ops *pane = tui_panes[app->current];

	return app->prompt != NULL || (pane->typing != NULL &&
	    pane->typing(app->state[app->current]));
}

/*
 * The key that shows pane i, as the title bar names it, into key: its
 * digit, or while typing (when a digit is text) its function key: F2 to
 * F7, then F11 for Documents (F8 and F9 are the lists').
 */
static void
tui_pane_key(char *key, size_t size, int i, int typing)
{
	const struct keybinding *b;
	int n;

	if (!typing) {
		snprintf(key, size, "%d ", i + 1);
		return;
	}
	*key = '\0';
	for (b = keytable_global.bindings; b->action != ACT_NONE; b++)
		for (n = 1; n <= 12; n++)
			if (b->key == KEY_F(n) && b->action ==
			    tui_panes[i]->action)
				snprintf(key, size, "F%d", n);
}

/* Draws pane i's tab at x of the title bar; returns its width. */
static int
tui_draw_tab(const struct app *app, int i, int x, int cols, int typing)
{
	char key[8];
	int attr = i == app->current ? term_attr(C_SELECTED) :
	    term_attr(C_TITLE), w;

	tui_pane_key(key, sizeof key, i, typing);
	/* A function key drawn apart, as the function bar draws them. */
	w = draw_text(0, x, cols - x, " ", attr);
	w += draw_text(0, x + w, cols - x - w, key, typing ?
	    term_attr(C_NORMAL) : attr);
	w += draw_text(0, x + w, cols - x - w, _(tui_panes[i]->name), attr);
	return w;
}

/* The width of pane i's tab, for a click on the title bar. */
static int
tui_tab_width(int i, int typing)
{
	char key[8];

	tui_pane_key(key, sizeof key, i, typing);
	return 1 + draw_width(key) + draw_width(_(tui_panes[i]->name));
}

/*
 * The title bar's name of the program, left out when every tab would not
 * fit beside it (80 columns in French): the tabs are what the bar is for.
 */
static const char *
tui_title_label(int cols, int typing)
{
	int i, w = draw_width(" mediflux ");

	for (i = 0; i < TUI_NPANES; i++)
		w += tui_tab_width(i, typing);
	return w <= cols ? " mediflux " : "";
}

static void
tui_draw_too_small(int rows, int cols)
{
	char *line;

	line = xasprintf(_("Terminal too small (%dx%d): at least %dx%d is needed."),
	    cols, rows, TERM_MIN_COLS, TERM_MIN_ROWS);
	draw_text(0, 0, cols, line, term_attr(C_WARN));
	draw_text(rows > 1 ? 1 : 0, 0, cols, _("Enlarge the window, or F10 "
	    "to quit."), term_attr(C_NORMAL));
	free(line);
}

/* The key table of the pane shown, in the mode it is in. */
static const struct keytable *
tui_keys(const struct app *app)
{
	const struct pane_ops *pane = tui_panes[app->current];

	if (pane->mode_keys != NULL)
		return pane->mode_keys(app->state[app->current]);
	return pane->keys;
}

/* The function bar, drawn from the keymap's labelled bindings, F1 to F12. */
static void
tui_draw_bar(int y, int cols)
{
	const struct keytable *t;
	const struct keybinding *b = NULL;
	char name[8];
	int x = 0, n;

	draw_fill(y, 0, cols, term_attr(C_NORMAL));
	for (n = 1; n <= 12 && x < cols; n++) {
		for (t = &keytable_list; t != NULL; t = t->next) {
			for (b = t->bindings; b->action != ACT_NONE; b++)
				if (b->key == KEY_F(n) && b->bar_label != NULL)
					break;
			if (b->action != ACT_NONE)
				break;
		}
		if (t == NULL)
			continue;
		snprintf(name, sizeof name, "%sF%d", x > 0 ? " " : "", n);
		x += draw_text(y, x, cols - x, name, term_attr(C_NORMAL));
		x += draw_text(y, x, cols - x, C_("function bar",
		    b->bar_label), term_attr(C_KEY));
	}
}

/* The status line; sample: the pane shows sample data (SAMPLE DATA first). */
static void
tui_draw_status(struct app *app, int y, int cols, const char *pane_status,
    int sample)
{
	const char *base = strrchr(app->refdb_path, '/');
	char *left, year[16], took[48];
	int x = 0, w;

	draw_fill(y, 0, cols, term_attr(C_STATUS));
	if (app->prompt != NULL) {
		x = draw_text(y, 0, cols, app->prompt->question, term_attr(C_STATUS));
		input_draw(&app->prompt->answer, y, x + 1, cols - x - 1,
		    term_attr(C_NORMAL), 1);
		return;
	}
	/* TRANSLATORS: the status line's flag of sample figures, spaces around. */
	if (sample)
		x += draw_text(y, x, cols, _(" SAMPLE DATA "), term_attr(C_WARN));
	if (app->q->data_year != 0)
		snprintf(year, sizeof year, "%d", app->q->data_year);
	else
		snprintf(year, sizeof year, "—");
	if (app->message != NULL)
		left = xasprintf(" %s", app->message);
	else
		left = xasprintf(_(" %s · data %s · query %s ms"),
		    base != NULL ? base + 1 : app->refdb_path, year,
		    texttable_decimal(app->last_query_ms, 1, took));
	/* The pane's part keeps its room; the left part is cut to what is left. */
	w = draw_width(pane_status);
	if (w + 1 > cols - x - 12)
		w = cols - x - 12 > 0 ? cols - x - 12 : 0;
	draw_cell(y, x, cols - x - w - 2, left, app->message != NULL &&
	    app->message_is_error ? (int)(term_attr(C_ERROR) | A_REVERSE) :
	    term_attr(C_STATUS), 0);
	free(left);
	if (w > 0)
		draw_cell(y, cols - w - 1, w, pane_status, term_attr(C_STATUS), 1);
}

static void	tui_timing(struct app *, const char *, double);

static void
tui_draw(struct app *app)
{
	const struct pane_ops *pane = tui_panes[app->current];
	char status[160] = "";
	int rows, cols, i, x, cy, cx, typing;
	double t0 = clock_now_ms();

	erase();
	curs_set(0);
	getmaxyx(stdscr, rows, cols);
	if (rows < TERM_MIN_ROWS || cols < TERM_MIN_COLS) {
		tui_draw_too_small(rows, cols);
		refresh();
		return;
	}
	/* The title bar names every pane, the one shown highlighted. */
	draw_fill(0, 0, cols, term_attr(C_TITLE));
	typing = tui_typing(app);
	x = draw_text(0, 0, cols, tui_title_label(cols, typing),
	    term_attr(C_TITLE));
	for (i = 0; i < TUI_NPANES && x < cols; i++)
		x += tui_draw_tab(app, i, x, cols, typing);
	pane->draw(app->state[app->current], 1, 0, rows - 3, cols, status,
	    sizeof status);
	/* Where the pane left the cursor (its field, its row) is where it stays. */
	getyx(stdscr, cy, cx);
	tui_draw_bar(rows - 1, cols);
	tui_draw_status(app, rows - 2, cols, status, pane->sample != NULL &&
	    pane->sample(app->state[app->current]));
	if (app->prompt == NULL)
		move(cy, cx);
	if (app->help)
		help_draw(rows, cols, tui_keys(app), app->help_top);
	refresh();
	tui_timing(app, "draw", clock_now_ms() - t0);
}

/* The pane an action shows, or -1. */
static int
tui_pane_of(enum action a)
{
	int i;

	for (i = 0; i < TUI_NPANES; i++)
		if (tui_panes[i]->action == a)
			return i;
	return -1;
}

/*
 * A click on the title bar shows that pane, the wheel moves the list; the
 * mouse is never needed, only a shortcut.
 */
static int
tui_mouse(struct app *app, int rows, int cols)
{
	MEVENT ev;
	enum action a = ACT_NONE;
	int i, x, w, typing;

	if (getmouse(&ev) != OK || rows < TERM_MIN_ROWS || cols < TERM_MIN_COLS)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		a = ACT_UP;
	else if (ev.bstate & BUTTON5_PRESSED)
		a = ACT_DOWN;
	else if ((ev.bstate & BUTTON1_CLICKED) && ev.y == 0) {
		typing = tui_typing(app);
		x = draw_width(tui_title_label(cols, typing));
		for (i = 0; i < TUI_NPANES; i++) {
			w = tui_tab_width(i, typing);
			if (ev.x >= x && ev.x < x + w) {
				tui_show(app, tui_panes[i]);
				break;
			}
			x += w;
		}
		return 0;
	}
	if (a != ACT_NONE)
		tui_panes[app->current]->key(app->state[app->current], a, 0);
	return 0;
}

/*
 * Handles one key; returns non-zero to quit. *redraw is set when the screen
 * changed: what the pane's reaction says (R_REDRAW), a global action, a
 * message shown or cleared; a key that changed nothing redraws nothing.
 */
static int
tui_key(struct app *app, int key, int *redraw)
{
	const struct pane_ops *pane = tui_panes[app->current];
	enum action a;
	int rows, cols, i, r;

	getmaxyx(stdscr, rows, cols);
	*redraw = 1;
	if (key == KEY_RESIZE)
		return 0;
	if (key == KEY_MOUSE)
		return tui_mouse(app, rows, cols);
	a = keymap_lookup(tui_keys(app), key);
	if (rows < TERM_MIN_ROWS || cols < TERM_MIN_COLS)
		return a == ACT_QUIT;
	if (app->help) {
		if ((i = help_scroll(rows, tui_keys(app), app->help_top, a)) >= 0)
			app->help_top = i;
		else
			app->help = 0;
		return 0;
	}
	/* A message stays until the next key: clearing it is a change. */
	*redraw = app->message != NULL;
	free(app->message);
	app->message = NULL;
	if (app->prompt != NULL) {
		*redraw = 1;
		switch (input_key(&app->prompt->answer, key)) {
		case INPUT_SUBMIT:
			tui_prompt_end(app, 0);
			break;
		case INPUT_CANCEL:
			tui_prompt_end(app, 1);
			break;
		default:
			break;
		}
		return 0;
	}
	r = pane->key(app->state[app->current], a, key);
	if ((r & R_REDRAW) || app->message != NULL)
		*redraw = 1;
	if (r & R_QUIT)
		return 1;
	if (r & R_HANDLED)
		return 0;
	switch (a) {
	case ACT_NONE:
		return 0;	/* not bound here: nothing changes */
	case ACT_QUIT:
		return 1;
	case ACT_HELP:
		app->help = 1;
		app->help_top = 0;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		i = (app->current + (a == ACT_NEXT_PANE ? 1 : TUI_NPANES - 1)) %
		    TUI_NPANES;
		tui_show(app, tui_panes[i]);
		break;
	default:
		if ((i = tui_pane_of(a)) < 0)
			return 0;
		tui_show(app, tui_panes[i]);
		break;
	}
	*redraw = 1;
	return 0;
}

/* An idle tick: whether what the pane shows changed meanwhile (another program). */
static int
tui_tick(struct app *app)
{
	const struct pane_ops *pane = tui_panes[app->current];

	return pane->tick != NULL && (pane->tick(app->state[app->current]) &
	    R_REDRAW);
}

/*
 * MEDIFLUX_TIMINGS=FILE makes the interface write how long it took to show
 * its first screen and each key's updated screen, and its peak memory, so
 * that make bench measures the real program (tests/bench/tui.py).
 */
static void
tui_timing(struct app *app, const char *what, double ms)
{
	const char *path;

	if (app->timings == NULL && (path = getenv("MEDIFLUX_TIMINGS")) != NULL &&
	    *path != '\0')
		app->timings = fopen(path, "a");
	if (app->timings == NULL)
		return;
	fprintf(app->timings, "%s\t%.3f\n", what, ms);
	fflush(app->timings);
}

static void
tui_timing_end(struct app *app)
{
	struct rusage ru;

	if (app->timings == NULL)
		return;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fprintf(app->timings, "peak_rss_kb\t%ld\n", ru.ru_maxrss);

	fclose(app->timings);
	app->timings = NULL;
}

/*
 * Ctrl-C: cancels what is being typed or asked first (the pane sees
 * ACT_CANCEL), and quits only when there was nothing to cancel.
 */
static int
tui_interrupt(struct app *app)
{
	if (app->help) {
		app->help = 0;
		return 0;
	}
	if (app->prompt != NULL) {
		tui_prompt_end(app, 1);
		return 0;
	}
	return !(tui_panes[app->current]->key(app->state[app->current],
	    ACT_CANCEL, 0x03) & R_HANDLED);
}

int
tui_run(const char *db_option, const char *user_db_option, int mouse)
{
	struct app app;
	double started = clock_now_ms(), keyed = 0;
	char *cause = NULL;
	int key, sig = 0, quit = 0, redraw;

	memset(&app, 0, sizeof app);
	app.mouse = mouse;
	if (term_check(&cause) != 0 ||
	    tui_open(&app, db_option, user_db_option, &cause) != 0) {
		out_printf(stderr, _("mediflux: %s\n"), cause);
		free(cause);
		tui_close(&app);
		return 1;
	}
	if (term_init(mouse, &cause) != 0) {
		out_printf(stderr, _("mediflux: %s\n"), cause);
		free(cause);
		tui_close(&app);
		return 1;
	}
	tui_show(&app, tui_panes[0]);
	tui_draw(&app);
	tui_timing(&app, "first_screen", clock_now_ms() - started);
	/* Drawn only when something changed, as htop's ScreenManager does. */
	while (!quit) {
		key = term_getkey(TUI_TICK_MS);
		if (key != ERR && key != -2)
			keyed = clock_now_ms();
		if ((sig = term_take_signal()) != 0) {
			if (sig != SIGINT)
				break;
			sig = 0;
			if ((quit = tui_interrupt(&app)) == 0)
				tui_draw(&app);
			continue;
		}
		if (key == -2)
			break;	/* the terminal is gone */
		if (key != ERR)
			quit = tui_key(&app, key, &redraw);
		else
			redraw = tui_tick(&app);
		if (query_db_take_interrupted(app.q) &&
		    signal_pending_take_interrupt()) {
			/* The Ctrl-C cancelled a query, and does nothing more. */
			tui_message(&app, 1, _("query interrupted (Ctrl-C)"));
			redraw = 1;
		}
		if (quit)
			break;
		if (redraw)
			tui_draw(&app);
		if (key != ERR)
			tui_timing(&app, tui_panes[app.current]->name,
			    clock_now_ms() - keyed);
	}
	tui_timing_end(&app);
	term_done();
	tui_close(&app);
	if (sig == SIGTERM || sig == SIGHUP) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}
