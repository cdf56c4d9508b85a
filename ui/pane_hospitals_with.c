/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "list.h"
#include "pane_hospitals_with.h"
#include "tui.h"
#include "xmalloc.h"

#define ESCAPE		0x1b

/* Lines above the list: keys, then what is ticked. */
#define HOSPITALS_WITH_HEAD	2

static const struct keybinding hospitals_with_bindings[] = {
	{ ' ',		ACT_TOGGLE,	N_("Space"), N_("Tick, untick (maternity: "
	    "type 1, 2, 3)"), NULL, N_("Space tick") },
	{ 'x',		ACT_CLEAR,	"x", N_("Untick all"), NULL, N_("x none") },
	{ '\r',		ACT_OPEN,	N_("Enter"), N_("Apply to the search"),
	    NULL, N_("Enter apply") },
	{ '\n',		ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,	NULL, NULL, NULL },
	{ ESCAPE,	ACT_CANCEL,	N_("Esc"), N_("Close without changing"),
	    NULL, N_("Esc cancel") },
	{ 0,		ACT_NONE,	NULL,	NULL, NULL, NULL },
};

const struct keytable hospitals_with_keys = {
	N_("Hospitals (activities)"), hospitals_with_bindings, &keytable_list,
	N_("Activities: "),
};

struct hospitals_with {
	int64_t		*level;		/* by sae_activities: 0 off, else the minimum */
	struct list	 list;
	char		 cell[96];
};

static const struct list_column hospitals_with_columns[] = {
	{ "", 0, 0 },
	{ N_("Activity"), 0, 0 },
	{ "--with", 0, 0 },
};

static const char *
hospitals_with_cell(void *arg, size_t row, int column)
{
	struct hospitals_with *w = arg;
	const struct sae_activity *a = &sae_activities[row];

	switch (column) {
	case 0:
		if (w->level[row] == 0)
			return "[ ]";
		if (a->levels > 0) {
			snprintf(w->cell, sizeof w->cell, "[%lld]",
			    (long long)w->level[row]);
			return w->cell;
		}
		return "[x]";
	case 1:
		if (a->levels > 0 && w->level[row] > 1) {
			snprintf(w->cell, sizeof w->cell,
			    _("%s, type %lld or higher"), sae_activity_label(a),
			    (long long)w->level[row]);
			return w->cell;
		}
		return sae_activity_label(a);
	default:
		return a->key;
	}
}

struct hospitals_with *
hospitals_with_new(const struct sae_condition *c, size_t n)
{
	struct hospitals_with *w = xcalloc(1, sizeof *w);
	size_t i;

	w->level = xcalloc(sae_nactivities, sizeof *w->level);
	for (i = 0; i < n; i++)
		w->level[c[i].activity - sae_activities] = c[i].min;
	list_init(&w->list, hospitals_with_columns, 3, hospitals_with_cell, NULL,
	    w);
	/* The checklist keeps sae_activities' order: grouped as people think. */
	w->list.sortable = 0;
	list_set_rows(&w->list, sae_nactivities);
	return w;
}

int
hospitals_with_typing(const struct hospitals_with *w)
{
	return w->list.searching;
}

void
hospitals_with_free(struct hospitals_with *w)
{
	if (w == NULL)
		return;
	list_free(&w->list);
	free(w->level);
	free(w);
}

size_t
hospitals_with_conditions(const struct hospitals_with *w,
    struct sae_condition *c)
{
	size_t i, n = 0;

	for (i = 0; i < sae_nactivities && n < SAE_CONDITIONS_MAX; i++) {
		if (w->level[i] == 0)
			continue;
		c[n].activity = &sae_activities[i];
		c[n].min = w->level[i];
		n++;
	}
	return n;
}

/* Space: ticks the activity; a maternity's type goes up to its last, then off. */
static void
hospitals_with_toggle(struct hospitals_with *w)
{
	size_t row = list_selected(&w->list);
	const struct sae_activity *a;
	size_t i, n = 0;

	if (row == (size_t)-1)
		return;
	a = &sae_activities[row];
	for (i = 0; i < sae_nactivities; i++)
		n += w->level[i] != 0;
	if (w->level[row] == 0 && n == SAE_CONDITIONS_MAX)
		return;
	if (a->levels > 0)
		w->level[row] = w->level[row] < a->levels ? w->level[row] + 1 : 0;
	else
		w->level[row] = !w->level[row];
}

enum hospitals_with_result
hospitals_with_key(struct hospitals_with *w, enum action a, int key)
{
	if (w->list.searching || (a != ACT_TOGGLE && a != ACT_CLEAR &&
	    a != ACT_OPEN && a != ACT_CANCEL)) {
		if (list_key(&w->list, a, key) != 0)
			return HOSPITALS_WITH_OPEN;
		return HOSPITALS_WITH_IGNORED;
	}
	switch (a) {
	case ACT_TOGGLE:
		hospitals_with_toggle(w);
		return HOSPITALS_WITH_OPEN;
	case ACT_CLEAR:
		memset(w->level, 0, sae_nactivities * sizeof *w->level);
		return HOSPITALS_WITH_OPEN;
	case ACT_OPEN:
		return HOSPITALS_WITH_APPLY;
	default:
		return HOSPITALS_WITH_CANCEL;
	}
}

void
hospitals_with_draw(struct hospitals_with *w, int y, int x, int height,
    int width)
{
	struct sae_condition c[SAE_CONDITIONS_MAX];
	char *hints, *ticked, *line;
	size_t n;

	hints = keymap_hints(&hospitals_with_keys);
	draw_text(y, x + 1, width - 2, hints, term_attr(C_KEY));
	free(hints);
	n = hospitals_with_conditions(w, c);
	/* Whole sentences: "none" alone would not say its gender in French. */
	if (n > 0) {
		ticked = sae_conditions_text(c, n);
		line = xasprintf(_("Sites that do all of this (latest SAE "
		    "year): %s"), ticked);
		free(ticked);
	} else
		line = xstrdup(_("Sites that do all of this (latest SAE year): "
		    "none"));
	draw_text(y + 1, x + 1, width - 2, line, term_attr(C_SECTION));
	free(line);
	list_draw(&w->list, y + HOSPITALS_WITH_HEAD, x,
	    height - HOSPITALS_WITH_HEAD, width);
}
