#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "clock.h"
#include "dataset.h"
#include "draw.h"
#include "refdb.h"
#include "term.h"
#include "tui.h"
#include "history.h"
#include "xmalloc.h"

#define TUI_TICK_MS 1000

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
	if (refdb_open(app->refdb_path, &app->ref, cause) != 0 ||
	    history_open(app->userdb_path, app->user_origin == PATH_XDG,
	    &app->user, cause) != 0 ||
	    dataset_summary(app->ref, &app->sample, &app->data_year, cause) != 0)
		goto out;
	rc = 0;
out:
	paths_env_free(&env);
	return rc;
}

static void
tui_close(struct app *app)
{
	if (app->pane != NULL)
		app->pane->free(app->pane_state);
	sqlite3_close(app->ref);
	sqlite3_close(app->user);
	free(app->refdb_path);
	free(app->userdb_path);
	free(app->message);
}

static void
tui_draw_too_small(int rows, int cols)
{
	char *line;

	line = xasprintf("Terminal trop petit (%dx%d) : il faut au moins %dx%d.",
	    cols, rows, TERM_MIN_COLS, TERM_MIN_ROWS);
	draw_text(0, 0, cols, line, term_attr(C_WARN));
	draw_text(rows > 1 ? 1 : 0, 0, cols, "Agrandissez la fenêtre, ou q pour "
	    "quitter.", term_attr(C_NORMAL));
	free(line);
}

/* The function bar, drawn from the keymap's labelled bindings. */
static void
tui_draw_bar(int y, int cols)
{
	const struct keybinding *b;
	int x = 0;

	draw_fill(y, 0, cols, term_attr(C_NORMAL));
	for (b = keymap_bindings(); b->action != ACT_NONE && x < cols; b++) {
		if (b->bar_label == NULL)
			continue;
		x += draw_text(y, x, cols - x, b->key_name, term_attr(C_NORMAL));
		x += draw_text(y, x, cols - x, b->bar_label, term_attr(C_KEY));
		x += draw_text(y, x, cols - x, " ", term_attr(C_NORMAL));
	}
}

static void
tui_draw_status(struct app *app, int y, int cols, const char *pane_status)
{
	const char *base = strrchr(app->refdb_path, '/');
	char *left, year[16];
	int x = 0, w;

	draw_fill(y, 0, cols, term_attr(C_STATUS));
	if (app->sample)
		x += draw_text(y, x, cols, " SAMPLE DATA ", term_attr(C_WARN));
	if (app->data_year != 0)
		snprintf(year, sizeof year, "%d", app->data_year);
	else
		snprintf(year, sizeof year, "—");
	if (app->message != NULL)
		left = xasprintf(" %s", app->message);
	else
		left = xasprintf(" %s · données %s · requête %.1f ms",
		    base != NULL ? base + 1 : app->refdb_path, year,
		    app->last_query_ms);
	x += draw_text(y, x, cols - x, left, app->message != NULL ?
	    (int)(term_attr(C_ERROR) | A_REVERSE) :
	    term_attr(C_STATUS));
	free(left);
	w = draw_width(pane_status);
	if (w + 1 < cols - x)
		draw_text(y, cols - w - 1, w, pane_status, term_attr(C_STATUS));
}

static void
tui_draw(struct app *app)
{
	char status[128] = "", *title;
	int rows, cols;

	erase();
	getmaxyx(stdscr, rows, cols);
	if (rows < TERM_MIN_ROWS || cols < TERM_MIN_COLS) {
		tui_draw_too_small(rows, cols);
		refresh();
		return;
	}
	title = xasprintf(" mediflux · %s", app->pane->name);
	draw_fill(0, 0, cols, term_attr(C_TITLE));
	draw_text(0, 0, cols - 10, title, term_attr(C_TITLE));
	draw_text(0, cols - 9, 9, "? : aide", term_attr(C_TITLE));
	free(title);
	app->pane->draw(app->pane_state, 1, 0, rows - 3, cols, status,
	    sizeof status);
	tui_draw_status(app, rows - 2, cols, status);
	tui_draw_bar(rows - 1, cols);
	if (app->help)
		help_draw(rows, cols);
	refresh();
}

/* Switches to a pane, timing its first query for the status line. */
static void
tui_show_pane(struct app *app, const struct pane_ops *ops)
{
	double t0;

	if (app->pane == ops)
		return;
	if (app->pane != NULL)
		app->pane->free(app->pane_state);
	t0 = clock_now_ms();
	app->pane = ops;
	app->pane_state = ops->init(app);
	app->last_query_ms = clock_now_ms() - t0;
}

/* Handles one key; returns non-zero to quit. */
static int
tui_key(struct app *app, int key)
{
	enum action a;
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (key == KEY_RESIZE)
		return 0;
	if (app->help) {
		app->help = 0;
		return 0;
	}
	a = keymap_lookup(key);
	if (rows < TERM_MIN_ROWS || cols < TERM_MIN_COLS)
		return a == ACT_QUIT;
	free(app->message);
	app->message = NULL;
	if (app->pane->key(app->pane_state, a, key) & R_QUIT)
		return 1;
	switch (a) {
	case ACT_QUIT:
		return 1;
	case ACT_HELP:
		app->help = 1;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_PANE_DATA:
		tui_show_pane(app, &pane_data_ops);
		break;
	default:
		break;
	}
	return 0;
}

int
tui_run(const char *db_option, const char *user_db_option)
{
	struct app app;
	char *cause = NULL;
	int key, sig = 0, quit = 0;

	memset(&app, 0, sizeof app);
	if (term_check(&cause) != 0 ||
	    tui_open(&app, db_option, user_db_option, &cause) != 0) {
		fprintf(stderr, "mediflux: %s\n", cause);
		free(cause);
		tui_close(&app);
		return 1;
	}
	if (term_init(&cause) != 0) {
		fprintf(stderr, "mediflux: %s\n", cause);
		free(cause);
		tui_close(&app);
		return 1;
	}
	tui_show_pane(&app, &pane_data_ops);
	while (!quit) {
		tui_draw(&app);
		key = term_getkey(TUI_TICK_MS);
		if ((sig = term_take_signal()) != 0)
			break;
		if (key == -2)
			break;	/* the terminal is gone */
		if (key != ERR)
			quit = tui_key(&app, key);
	}
	term_done();
	tui_close(&app);
	if (sig == SIGTERM || sig == SIGHUP) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}
