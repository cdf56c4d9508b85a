/* SPDX-License-Identifier: ISC */
/*
 * The Historique screen: every search, filter and drill-down, newest first.
 * Enter replays an entry in the pane that recorded it, d deletes one, D
 * clears them all once confirmed. / filters the entries as it is typed (the
 * list's own / field, Enter keeps the filter, Esc drops it).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fold.h"
#include "history.h"
#include "list.h"
#include "texttable.h"
#include "tui.h"
#include "xmalloc.h"

/* Lines above the list: the keys. */
#define HISTORY_PANE_HEAD	1

static const struct list_column history_pane_columns[] = {
	{ "n°", 0, 1 },
	{ "Date", 0, 0 },
	{ "Commande", 0, 0 },
	{ "Résultats", 0, 1 },
	{ "ms", 0, 1 },
};

#define HISTORY_PANE_NCOLUMNS \
	((int)(sizeof history_pane_columns / sizeof history_pane_columns[0]))

/* Historique's keys, which its first line shows; the lists' keys work too. */
static const struct keybinding history_pane_bindings[] = {
	{ '\r',	ACT_OPEN,	"Entrée", "Rejouer l'entrée dans son écran", NULL,
	    "Entrée rejouer" },
	{ '\n',	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ 'd',	ACT_DELETE,	"d",	"Supprimer l'entrée", NULL, "d supprimer" },
	{ 'D',	ACT_DELETE_ALL,	"D",	"Tout effacer (avec confirmation)", NULL,
	    "D tout effacer" },
	{ '/',	ACT_SEARCH,	"/",	"Filtrer l'historique (Échap : sans filtre)",
	    NULL, "/ filtrer" },
	{ 'e',	ACT_EXPORT,	NULL,	NULL, NULL, "e exporter" },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable history_pane_keys = {
	"Historique", history_pane_bindings, &keytable_list, NULL,
};

struct pane_history {
	struct app		*app;
	struct history_list	 entries;	/* newest first */
	char			**described;	/* each entry as a command line */
	char			*filter;	/* the filter of the entries read */
	int64_t			 newest;	/* newest id in the history, 0: none */
	char			*error;		/* why the history cannot be read */
	struct list		 list;
	/* One buffer a column: an export reads a whole row before writing it. */
	char			 cell[HISTORY_PANE_NCOLUMNS][48];
};

static const char *
history_pane_cell(void *arg, size_t r, int c)
{
	struct pane_history *p = arg;
	const struct history_entry *e = &p->entries.entries[r];
	char *buf = p->cell[c];

	switch (c) {
	case 0:
		snprintf(buf, sizeof p->cell[c], "%lld", (long long)e->id);
		return buf;
	case 1:
		return history_local_time(e, buf);
	case 2:
		return p->described[r];
	case 3:
		return e->result_count >= 0 ?
		    texttable_int(e->result_count, buf) : "";
	default:
		if (e->duration_ms < 0)
			return "";
		snprintf(buf, sizeof p->cell[c], "%.1f", e->duration_ms);
		return buf;
	}
}

/* The filter typed after /, while it is typed or once kept with Enter. */
static const char *
history_pane_filter(const struct pane_history *p)
{
	if (p->list.searching || p->list.search_key != NULL)
		return p->list.search.text;
	return "";
}

static void
history_pane_forget(struct pane_history *p)
{
	size_t i;

	for (i = 0; i < p->entries.n; i++)
		free(p->described[i]);
	free(p->described);
	p->described = NULL;
	history_list_free(&p->entries);
}

/* The id of the newest entry, filter or not; 0 when there is none or on error. */
static int64_t
history_pane_newest(struct pane_history *p)
{
	struct history_list newest;
	char *cause = NULL;
	int64_t id;

	if (history_list(p->app->user, NULL, 1, &newest, &cause) != 0) {
		free(cause);
		return 0;
	}
	id = newest.n > 0 ? newest.entries[0].id : 0;
	history_list_free(&newest);
	return id;
}

/*
 * Reads the entries again with the filter in force; the cursor stays on the
 * same line, or goes to the top (the newest) when the filter changed or when
 * asked.
 */
static void
history_pane_load(struct pane_history *p, int to_top)
{
	const char *filter = history_pane_filter(p);
	char *cause = NULL;
	int refiltered;
	size_t i;

	refiltered = p->filter == NULL || strcmp(p->filter, filter) != 0;
	history_pane_forget(p);
	free(p->error);
	p->error = NULL;
	if (history_list(p->app->user, filter, 0, &p->entries, &cause) != 0)
		p->error = cause;
	p->described = xcalloc(p->entries.n + 1, sizeof *p->described);
	for (i = 0; i < p->entries.n; i++)
		p->described[i] = history_describe(&p->entries.entries[i]);
	free(p->filter);
	p->filter = xstrdup(filter);
	p->newest = *filter == '\0' ? (p->entries.n > 0 ?
	    p->entries.entries[0].id : 0) : history_pane_newest(p);
	if (refiltered || to_top)
		p->list.cursor = p->list.top = 0;
	list_set_rows(&p->list, p->entries.n);
	/* Nothing found is said on the screen, not as a failed search. */
	p->list.search_failed = 0;
}

static void *
history_pane_init(struct app *app)
{
	struct pane_history *p;

	p = xcalloc(1, sizeof *p);
	p->app = app;
	list_init(&p->list, history_pane_columns, HISTORY_PANE_NCOLUMNS,
	    history_pane_cell, NULL, p);
	history_pane_load(p, 0);
	return p;
}

static void
history_pane_draw(void *arg, int y, int x, int height, int width,
    char *status, size_t statussize)
{
	struct pane_history *p = arg;
	char *line;

	/*
	 * What other panes recorded meanwhile shows up when this one is
	 * drawn: the newest entry is a one-row read, cheap enough each frame.
	 */
	if (history_pane_newest(p) != p->newest)
		history_pane_load(p, 1);
	if (*p->filter != '\0' && !p->list.searching) {
		line = xasprintf("Filtre « %s » : %zu entrée%s · Échap : sans "
		    "filtre · Entrée rejouer · d supprimer", p->filter,
		    p->entries.n, p->entries.n > 1 ? "s" : "");
		draw_text(y, x + 1, width - 2, line, term_attr(C_KEY));
		free(line);
	} else {
		line = keymap_hints(&history_pane_keys);
		draw_text(y, x + 1, width - 2, line, term_attr(C_KEY));
		free(line);
	}
	if (p->error != NULL)
		draw_text(y + 2, x + 1, width - 2, p->error, term_attr(C_ERROR));
	else if (p->entries.n == 0 && *p->filter != '\0')
		draw_text(y + 2 + HISTORY_PANE_HEAD, x + 1, width - 2,
		    "Aucune entrée ne correspond au filtre.",
		    term_attr(C_NORMAL));
	else if (p->entries.n == 0)
		draw_text(y + 2, x + 1, width - 2, "Aucune requête enregistrée : "
		    "vos recherches apparaîtront ici.", term_attr(C_NORMAL));
	if (p->entries.n > 0 || p->list.searching)
		list_draw(&p->list, y + HISTORY_PANE_HEAD, x,
		    height - HISTORY_PANE_HEAD, width);
	if (p->entries.n > 0)
		list_position(&p->list, status, statussize);
}

/* Replays the entry under the cursor in the pane that recorded it. */
static void
history_pane_replay(struct pane_history *p)
{
	const struct history_entry *e;
	size_t row = list_selected(&p->list);

	if (row == (size_t)-1)
		return;
	e = &p->entries.entries[row];
	if (tui_replay(p->app, e->pane, e->command, e->params) != 0)
		tui_message(p->app, 1, "« %s » ne se rejoue pas ici",
		    p->described[row]);
}

static void
history_pane_delete(struct pane_history *p)
{
	size_t row = list_selected(&p->list);
	char *cause = NULL;
	int64_t id;
	int rc;

	if (row == (size_t)-1)
		return;
	id = p->entries.entries[row].id;
	if ((rc = history_delete(p->app->user, id, &cause)) < 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return;
	}
	tui_message(p->app, 0, rc > 0 ? "entrée %lld supprimée" :
	    "entrée %lld déjà supprimée", (long long)id);
	history_pane_load(p, 0);
}

/* The answer to "Effacer tout l'historique ?": only oui (or o) clears it. */
static void
history_pane_clear_done(struct app *app, void *arg, const char *answer)
{
	struct pane_history *p = arg;
	char *key = answer != NULL ? fold_key(answer) : NULL;
	char *cause = NULL;
	int64_t n;

	if (key == NULL || (strcmp(key, "oui") != 0 && strcmp(key, "o") != 0))
		tui_message(app, 0, "historique conservé");
	else if (history_clear(app->user, &n, &cause) != 0) {
		tui_message(app, 1, "%s", cause);
		free(cause);
	} else
		tui_message(app, 0, "%lld entrée%s effacée%s", (long long)n,
		    n > 1 ? "s" : "", n > 1 ? "s" : "");
	free(key);
	history_pane_load(p, 0);
}

static int
history_pane_key(void *arg, enum action a, int key)
{
	struct pane_history *p = arg;
	int r;

	if (p->list.searching) {
		r = list_key(&p->list, a, key);
		if (strcmp(history_pane_filter(p), p->filter) != 0)
			history_pane_load(p, 0);
		return r;
	}
	switch (a) {
	case ACT_OPEN:
		history_pane_replay(p);
		return R_HANDLED | R_REDRAW;
	case ACT_DELETE:
		history_pane_delete(p);
		return R_HANDLED | R_REDRAW;
	case ACT_DELETE_ALL:
		if (p->entries.n > 0 || *p->filter != '\0')
			tui_ask(p->app, "Effacer tout l'historique ? (oui/non)",
			    "", history_pane_clear_done, p);
		else
			tui_message(p->app, 0, "l'historique est vide");
		return R_HANDLED | R_REDRAW;
	case ACT_EXPORT:
		if (p->entries.n > 0)
			tui_export(p->app, &p->list, "historique");
		return R_HANDLED | R_REDRAW;
	case ACT_CANCEL:
		if (*p->filter == '\0')
			return R_NONE;
		/* The filter goes the way a / search is cancelled. */
		list_key(&p->list, ACT_SEARCH, '/');
		list_key(&p->list, ACT_CANCEL, 0x1b);
		history_pane_load(p, 0);
		return R_HANDLED | R_REDRAW;
	case ACT_REDRAW:
		history_pane_load(p, 0);	/* and the main loop redraws */
		return R_NONE;
	default:
		return list_key(&p->list, a, key);
	}
}

static void
history_pane_free(void *arg)
{
	struct pane_history *p = arg;

	history_pane_forget(p);
	list_free(&p->list);
	free(p->filter);
	free(p->error);
	free(p);
}

/* An idle second: another program (or mediflux) recorded a query meanwhile. */
static int
history_pane_tick(void *arg)
{
	struct pane_history *p = arg;

	return history_pane_newest(p) != p->newest ? R_REDRAW : R_NONE;
}

const struct pane_ops pane_history_ops = {
	"Historique", NULL, ACT_PANE_HISTORY, &history_pane_keys,
	history_pane_init, history_pane_draw, history_pane_key, NULL,
	history_pane_free, NULL, NULL, history_pane_tick,
};
