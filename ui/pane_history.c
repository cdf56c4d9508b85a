/* SPDX-License-Identifier: ISC */
/*
 * The History screen: every search, filter and drill-down, newest first.
 * Enter replays an entry in the pane that recorded it, d deletes one, D
 * clears them all once confirmed. / filters the entries as it is typed (the
 * list's own / field, Enter keeps the filter, Esc drops it).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fold.h"
#include "history.h"
#include "i18n.h"
#include "list.h"
#include "texttable.h"
#include "tui.h"
#include "xmalloc.h"

/* Lines above the list: the keys. */
#define HISTORY_PANE_HEAD	1

static const struct list_column history_pane_columns[] = {
	{ N_("No."), 0, 1 },
	{ N_("Date"), 0, 0 },
	{ N_("Command"), 0, 0 },
	{ N_("Results"), 0, 1 },
	{ N_("ms"), 0, 1 },
};

#define HISTORY_PANE_NCOLUMNS \
	((int)(sizeof history_pane_columns / sizeof history_pane_columns[0]))

/* History's keys, which its first line shows; the lists' keys work too. */
static const struct keybinding history_pane_bindings[] = {
	{ '\r',	ACT_OPEN,	N_("Enter"),
	    N_("Replay the entry in its screen"), NULL, N_("Enter replay") },
	{ '\n',	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ 'd',	ACT_DELETE,	"d",	N_("Delete the entry"), NULL,
	    N_("d delete") },
	{ 'D',	ACT_DELETE_ALL,	"D",	N_("Clear all (once confirmed)"), NULL,
	    N_("D clear all") },
	{ '/',	ACT_SEARCH,	"/",
	    N_("Filter the history (Esc: no filter)"), NULL, N_("/ filter") },
	{ 'e',	ACT_EXPORT,	NULL,	NULL, NULL, N_("e export") },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable history_pane_keys = {
	N_("History"), history_pane_bindings, &keytable_list, NULL,
};

/*
 * Entries read when the pane opens, enough for the tallest screens; the rest
 * are read when scrolled to, or all at once by a filter. A history at its
 * retention's 10 000 entries takes tens of milliseconds to read and describe.
 */
#define HISTORY_PANE_PAGE	256

struct pane_history {
	struct app		*app;
	/* The newest entries, newest first; then only the new ones are read. */
	struct history_list	 entries;
	size_t			 total;		/* entries in the history */
	size_t			 slots;		/* of described and keys */
	char			**described;	/* each as a command line, lazily */
	char			**keys;		/* each folded for the filter, lazily */
	int			 filtering;	/* shown holds what the filter keeps */
	size_t			*shown;
	size_t			 nshown;
	char			*filter;	/* the filter of the entries shown */
	int64_t			 newest;	/* newest id in the history, 0: none */
	char			*error;		/* why the history cannot be read */
	struct list		 list;
	/* One buffer a column: an export reads a whole row before writing it. */
	char			 cell[HISTORY_PANE_NCOLUMNS][48];
};

/* How history_pane_load brings the entries up to date. */
enum history_pane_reading {
	HISTORY_PANE_FILTER,	/* only the filter changed */
	HISTORY_PANE_SYNC,	/* read what changed in the database */
	HISTORY_PANE_REREAD,	/* read again from the newest */
};

/* The rows the list shows. */
static size_t
history_pane_rows(const struct pane_history *p)
{
	return p->filtering ? p->nshown : p->total;
}

/* Keeps an error to show in place of the entries. */
static void
history_pane_fail(struct pane_history *p, char *cause)
{
	free(p->error);
	p->error = cause;
}

/* Makes room for n entries' descriptions and keys, the new ones empty. */
static void
history_pane_reserve(struct pane_history *p, size_t n)
{
	if (n <= p->slots)
		return;
	p->described = xreallocarray(p->described, n, sizeof *p->described);
	p->keys = xreallocarray(p->keys, n, sizeof *p->keys);
	memset(p->described + p->slots, 0, (n - p->slots) * sizeof *p->described);
	memset(p->keys + p->slots, 0, (n - p->slots) * sizeof *p->keys);
	p->slots = n;
}

/*
 * Reads older entries until want are held (or every one is); fewer than the
 * count said means some were deleted meanwhile, and the count follows.
 */
static void
history_pane_more(struct pane_history *p, size_t want)
{
	struct history_list older;
	char *cause = NULL;
	int64_t before;
	size_t n;

	while (p->error == NULL && p->entries.n < want &&
	    p->entries.n < p->total) {
		n = p->entries.n;
		before = n > 0 ? p->entries.entries[n - 1].id : INT64_MAX;
		if (history_list_before(p->app->user, before,
		    want - n < HISTORY_PANE_PAGE ? HISTORY_PANE_PAGE : want - n,
		    &older, &cause) != 0) {
			history_pane_fail(p, cause);
			return;
		}
		if (older.n == 0)
			p->total = n;
		p->entries.entries = xreallocarray(p->entries.entries,
		    n + older.n + 1, sizeof *p->entries.entries);
		memcpy(p->entries.entries + n, older.entries,
		    older.n * sizeof *older.entries);
		p->entries.n += older.n;
		free(older.entries);
		history_pane_reserve(p, p->entries.n);
	}
}

/* The entry at row r of the list, read if need be; NULL when there is none. */
static const struct history_entry *
history_pane_entry(struct pane_history *p, size_t r, size_t *index)
{
	size_t i = p->filtering ? p->shown[r] : r;

	if (i >= p->entries.n)
		history_pane_more(p, i + 1);
	if (i >= p->entries.n)
		return NULL;
	*index = i;
	return &p->entries.entries[i];
}

/* Entry i as a command line, described the first time it is needed. */
static const char *
history_pane_described(struct pane_history *p, size_t i)
{
	if (p->described[i] == NULL)
		p->described[i] = history_describe(&p->entries.entries[i]);
	return p->described[i];
}

static const char *
history_pane_cell(void *arg, size_t r, int c)
{
	struct pane_history *p = arg;
	const struct history_entry *e;
	char *buf = p->cell[c];
	size_t i;

	if ((e = history_pane_entry(p, r, &i)) == NULL)
		return "";
	switch (c) {
	case 0:
		snprintf(buf, sizeof p->cell[c], "%lld", (long long)e->id);
		return buf;
	case 1:
		return history_local_time(e, buf);
	case 2:
		return history_pane_described(p, i);
	case 3:
		return e->result_count >= 0 ?
		    texttable_int(e->result_count, buf) : "";
	default:
		if (e->duration_ms < 0)
			return "";
		return texttable_decimal(e->duration_ms, 1, buf);
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

/* Frees the entries from first on, keeping those before. */
static void
history_pane_forget_from(struct pane_history *p, size_t first)
{
	size_t i;

	for (i = first; i < p->entries.n; i++) {
		free(p->described[i]);
		free(p->keys[i]);
		p->described[i] = p->keys[i] = NULL;
		history_entry_free(&p->entries.entries[i]);
	}
	p->entries.n = first;
	p->nshown = 0;
}

static void
history_pane_forget(struct pane_history *p)
{
	history_pane_forget_from(p, 0);
	free(p->described);
	free(p->keys);
	free(p->shown);
	p->described = p->keys = NULL;
	p->shown = NULL;
	p->slots = p->total = 0;
	history_list_free(&p->entries);
}

/* Reads the count and the newest page again; an error is kept to be shown. */
static void
history_pane_reread(struct pane_history *p)
{
	int64_t count, oldest;
	char *cause = NULL;

	history_pane_forget(p);
	free(p->error);
	p->error = NULL;
	if (history_span(p->app->user, INT64_MAX, &count, &oldest, &cause) != 0)
		history_pane_fail(p, cause);
	else {
		p->total = (size_t)count;
		history_pane_more(p, HISTORY_PANE_PAGE);
	}
}

/*
 * Puts the entries newer than those held before them, when every entry is
 * held (else reading the newest page again costs less). Only the oldest go
 * by the retention and only new ones come; anything else (an entry deleted,
 * the history cleared, by this program or another) reads again.
 */
static void
history_pane_sync(struct pane_history *p)
{
	struct history_list fresh;
	int64_t count, oldest, newest;
	char *cause = NULL;
	size_t n;

	if (p->error != NULL || p->entries.n == 0 || p->entries.n < p->total) {
		history_pane_reread(p);
		return;
	}
	newest = p->entries.entries[0].id;
	if (history_span(p->app->user, newest, &count, &oldest, &cause) != 0 ||
	    history_list_newer(p->app->user, newest, &fresh, &cause) != 0) {
		history_pane_forget(p);
		history_pane_fail(p, cause);
		return;
	}
	n = p->entries.n;
	while (n > 0 && p->entries.entries[n - 1].id < oldest)
		n--;
	history_pane_forget_from(p, n);
	if ((int64_t)n != count) {
		history_list_free(&fresh);
		history_pane_reread(p);
		return;
	}
	if (fresh.n > 0) {
		fresh.entries = xreallocarray(fresh.entries, fresh.n + n + 1,
		    sizeof *fresh.entries);
		memcpy(fresh.entries + fresh.n, p->entries.entries,
		    n * sizeof *fresh.entries);
		free(p->entries.entries);
		history_pane_reserve(p, fresh.n + n);
		memmove(p->described + fresh.n, p->described,
		    n * sizeof *p->described);
		memmove(p->keys + fresh.n, p->keys, n * sizeof *p->keys);
		memset(p->described, 0, fresh.n * sizeof *p->described);
		memset(p->keys, 0, fresh.n * sizeof *p->keys);
		fresh.n += n;
		p->entries = fresh;
	}
	p->total = p->entries.n;
}

/* Keeps in shown the entries whose command line holds the filter. */
static void
history_pane_refilter(struct pane_history *p, const char *filter)
{
	char *key = fold_key(filter);
	size_t i;

	p->filtering = *key != '\0';
	p->nshown = 0;
	if (p->filtering) {
		history_pane_more(p, p->total);
		free(p->shown);
		p->shown = xcalloc(p->entries.n + 1, sizeof *p->shown);
		for (i = 0; i < p->entries.n; i++) {
			if (p->keys[i] == NULL)
				p->keys[i] = fold_key(
				    history_pane_described(p, i));
			if (strstr(p->keys[i], key) != NULL)
				p->shown[p->nshown++] = i;
		}
	}
	free(key);
}

/*
 * Brings the entries up to date as asked and filters them; the cursor stays
 * on the same line, or goes to the top (the newest) when the filter changed
 * or when asked.
 */
static void
history_pane_load(struct pane_history *p, enum history_pane_reading reading,
    int to_top)
{
	const char *filter = history_pane_filter(p);
	int refiltered;

	refiltered = p->filter == NULL || strcmp(p->filter, filter) != 0;
	if (reading != HISTORY_PANE_FILTER)
		tui_history_fold(p->app);
	if (reading == HISTORY_PANE_REREAD)
		history_pane_reread(p);
	else if (reading == HISTORY_PANE_SYNC)
		history_pane_sync(p);
	history_pane_refilter(p, filter);
	free(p->filter);
	p->filter = xstrdup(filter);
	p->newest = p->entries.n > 0 ? p->entries.entries[0].id : 0;
	if (refiltered || to_top)
		p->list.cursor = p->list.top = 0;
	list_set_rows(&p->list, history_pane_rows(p));
	/* Nothing found is said on the screen, not as a failed search. */
	p->list.search_failed = 0;
}

/* The id of the newest entry; 0 when there is none or on error. */
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

static void *
history_pane_init(struct app *app)
{
	struct pane_history *p;

	p = xcalloc(1, sizeof *p);
	p->app = app;
	list_init(&p->list, history_pane_columns, HISTORY_PANE_NCOLUMNS,
	    history_pane_cell, NULL, p);
	history_pane_load(p, HISTORY_PANE_REREAD, 0);
	return p;
}

static void
history_pane_draw(void *arg, int y, int x, int height, int width,
    char *status, size_t statussize)
{
	struct pane_history *p = arg;
	char *line;

	/*
	 * What other panes and commands recorded meanwhile shows up when this
	 * one is drawn: with nothing pending the fold is two lstat, and the
	 * newest entry a one-row read, cheap enough each frame.
	 */
	tui_history_fold(p->app);
	if (history_pane_newest(p) != p->newest)
		history_pane_load(p, HISTORY_PANE_SYNC, 1);
	if (*p->filter != '\0' && !p->list.searching) {
		line = xasprintf(ngettext("Filter \"%s\": %zu entry · Esc: "
		    "no filter · Enter replay · d delete", "Filter \"%s\": "
		    "%zu entries · Esc: no filter · Enter replay · d delete",
		    (unsigned long)history_pane_rows(p)), p->filter,
		    history_pane_rows(p));
		draw_text(y, x + 1, width - 2, line, term_attr(C_KEY));
		free(line);
	} else {
		line = keymap_hints(&history_pane_keys);
		draw_text(y, x + 1, width - 2, line, term_attr(C_KEY));
		free(line);
	}
	if (p->error != NULL)
		draw_text(y + 2, x + 1, width - 2, p->error, term_attr(C_ERROR));
	else if (history_pane_rows(p) == 0 && *p->filter != '\0')
		draw_text(y + 2 + HISTORY_PANE_HEAD, x + 1, width - 2,
		    _("No entry matches the filter."),
		    term_attr(C_NORMAL));
	else if (history_pane_rows(p) == 0)
		draw_text(y + 2, x + 1, width - 2, _("No query recorded yet: "
		    "your searches will appear here."), term_attr(C_NORMAL));
	if (history_pane_rows(p) > 0 || p->list.searching)
		list_draw(&p->list, y + HISTORY_PANE_HEAD, x,
		    height - HISTORY_PANE_HEAD, width);
	if (history_pane_rows(p) > 0)
		list_position(&p->list, status, statussize);
}

/* Replays the entry under the cursor in the pane that recorded it. */
static void
history_pane_replay(struct pane_history *p)
{
	const struct history_entry *e;
	size_t row = list_selected(&p->list), i;

	if (row == (size_t)-1 || (e = history_pane_entry(p, row, &i)) == NULL)
		return;
	if (tui_replay(p->app, e->pane, e->command, e->params) != 0)
		tui_message(p->app, 1, _("\"%s\" cannot be replayed here"),
		    history_pane_described(p, i));
}

static void
history_pane_delete(struct pane_history *p)
{
	const struct history_entry *e;
	size_t row = list_selected(&p->list), i;
	char *cause = NULL;
	int64_t id;
	int rc;

	if (row == (size_t)-1 || (e = history_pane_entry(p, row, &i)) == NULL)
		return;
	id = e->id;
	if ((rc = history_delete(p->app->user, id, &cause)) < 0) {
		tui_message(p->app, 1, "%s", cause);
		free(cause);
		return;
	}
	tui_message(p->app, 0, rc > 0 ? _("entry %lld deleted") :
	    _("entry %lld already deleted"), (long long)id);
	history_pane_load(p, HISTORY_PANE_SYNC, 0);
}

/*
 * The answer to "Clear the whole history?": only yes (or y), as translated,
 * clears it.
 */
static void
history_pane_clear_done(struct app *app, void *arg, const char *answer)
{
	struct pane_history *p = arg;
	char *key = answer != NULL ? fold_key(answer) : NULL;
	char *cause = NULL, *yes, *y;
	int64_t n;
	int agreed;

	/*
	 * TRANSLATORS: the answers to "Clear the whole history? (yes/no)"
	 * that clear it, the word and its short form; compared in lower
	 * case, without accents.
	 */
	yes = fold_key(_("yes"));
	/* TRANSLATORS: the short form of "yes", in the same question. */
	y = fold_key(_("y"));
	agreed = key != NULL && (strcmp(key, yes) == 0 || strcmp(key, y) == 0);
	free(yes);
	free(y);
	if (agreed)
		tui_history_fold(app);	/* what commands left pending goes too */
	if (!agreed)
		tui_message(app, 0, "%s", _("history kept"));
	else if (history_clear(app->user, &n, &cause) != 0) {
		tui_message(app, 1, "%s", cause);
		free(cause);
	} else
		tui_message(app, 0, ngettext("%lld entry cleared",
		    "%lld entries cleared", (unsigned long)n), (long long)n);
	free(key);
	history_pane_load(p, HISTORY_PANE_SYNC, 0);
}

static int
history_pane_key(void *arg, enum action a, int key)
{
	struct pane_history *p = arg;
	int r;

	if (p->list.searching) {
		r = list_key(&p->list, a, key);
		if (strcmp(history_pane_filter(p), p->filter) != 0)
			history_pane_load(p, HISTORY_PANE_FILTER, 0);
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
		if (history_pane_rows(p) > 0 || *p->filter != '\0')
			tui_ask(p->app, _("Clear the whole history? (yes/no)"),
			    "", history_pane_clear_done, p);
		else
			tui_message(p->app, 0, "%s", _("the history is empty"));
		return R_HANDLED | R_REDRAW;
	case ACT_EXPORT:
		if (history_pane_rows(p) > 0)
			/* TRANSLATORS: in the file name proposed, ASCII. */
			tui_export(p->app, &p->list, _("history"));
		return R_HANDLED | R_REDRAW;
	case ACT_CANCEL:
		if (*p->filter == '\0')
			return R_NONE;
		/* The filter goes the way a / search is cancelled. */
		list_key(&p->list, ACT_SEARCH, '/');
		list_key(&p->list, ACT_CANCEL, 0x1b);
		history_pane_load(p, HISTORY_PANE_FILTER, 0);
		return R_HANDLED | R_REDRAW;
	case ACT_REDRAW:
		history_pane_load(p, HISTORY_PANE_REREAD, 0);	/* and the main loop redraws */
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

/*
 * An idle second: another program (or mediflux) recorded a query meanwhile,
 * or a command left one pending; else the time to read the entries not read
 * yet, that a filter would wait for.
 */
static int
history_pane_tick(void *arg)
{
	struct pane_history *p = arg;
	size_t rows = history_pane_rows(p);

	tui_history_fold(p->app);
	if (history_pane_newest(p) != p->newest)
		return R_REDRAW;
	history_pane_more(p, p->total);
	if (history_pane_rows(p) == rows)
		return R_NONE;
	list_set_rows(&p->list, history_pane_rows(p));	/* some were deleted */
	return R_REDRAW;
}

/* A / search (the history's filter) being typed. */
static int
history_pane_typing(void *arg)
{
	const struct pane_history *p = arg;

	return p->list.searching;
}

const struct pane_ops pane_history_ops = {
	N_("History"), NULL, ACT_PANE_HISTORY, &history_pane_keys,
	history_pane_init, history_pane_draw, history_pane_key, NULL,
	history_pane_free, NULL, NULL, history_pane_tick, history_pane_typing,
};
