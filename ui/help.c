/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "term.h"
#include "tui.h"

/* The tables help lists, global first: the pane's chain, read backwards. */
static int
help_tables(const struct keytable *pane, const struct keytable *out[8])
{
	const struct keytable *t;
	int n = 0, i;

	for (t = pane; t != NULL && n < 8; t = t->next)
		out[n++] = t;
	for (i = 0; i < n / 2; i++) {
		t = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return n;
}

/*
 * The help's lines in order, a heading before each table: line i is the
 * binding *out, or the heading of table *table when *out is NULL.
 * Returns the number of lines; with want < 0 it only counts them.
 */
static int
help_line(const struct keytable *pane, int want, const struct keybinding **out,
    const struct keytable **table)
{
	const struct keytable *tables[8];
	const struct keybinding *b;
	int n = 0, nt, i, heading;

	nt = help_tables(pane, tables);
	for (i = 0; i < nt; i++) {
		heading = 0;
		for (b = tables[i]->bindings; b->action != ACT_NONE; b++) {
			if (b->help == NULL)
				continue;
			if (!heading++ && n++ == want) {
				*out = NULL;
				*table = tables[i];
				return n;
			}
			if (n++ == want) {
				*out = b;
				*table = tables[i];
				return n;
			}
		}
	}
	return n;
}

/* Lines of help text that fit in a terminal of this height. */
static int
help_room(int rows)
{
	return rows - 5;
}

int
help_scroll(int rows, const struct keytable *pane, int top, enum action a)
{
	int n = help_line(pane, -1, NULL, NULL), room = help_room(rows);

	switch (a) {
	case ACT_UP:
		top--;
		break;
	case ACT_DOWN:
		top++;
		break;
	case ACT_PAGE_UP:
		top -= room;
		break;
	case ACT_PAGE_DOWN:
		top += room;
		break;
	case ACT_HOME:
		top = 0;
		break;
	case ACT_END:
		top = n;
		break;
	default:
		return -1;
	}
	if (top > n - room)
		top = n - room;
	return top < 0 ? 0 : top;
}

void
help_draw(int rows, int cols, const struct keytable *pane, int top)
{
	const struct keybinding *b;
	const struct keytable *t;
	int n = help_line(pane, -1, NULL, NULL), room = help_room(rows);
	int h, w, y, x, line, i;
	char where[96];

	if (top > n - room)
		top = n - room;
	if (top < 0)
		top = 0;
	w = cols - 4 < 68 ? cols - 4 : 68;
	h = n + 4 < rows - 2 ? n + 4 : rows - 2;
	y = (rows - h) / 2;
	x = (cols - w) / 2;
	for (line = 0; line < h; line++)
		draw_fill(y + line, x, w, term_attr(C_NORMAL));
	attrset(term_attr(C_SECTION));
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	draw_text(y, x + 2, w - 4, _(" mediflux help "), term_attr(C_SECTION));
	for (line = y + 1, i = top; i < n && line < y + h - 2; i++, line++) {
		help_line(pane, i, &b, &t);
		if (b == NULL) {
			draw_text(line, x + 2, w - 4, _(t->name),
			    term_attr(C_SECTION));
			continue;
		}
		draw_cell(line, x + 3, 12, _(b->key_name), term_attr(C_KEY), 0);
		draw_text(line, x + 16, w - 18, _(b->help), term_attr(C_NORMAL));
	}
	if (n <= room) {
		draw_text(y + h - 2, x + 2, w - 4, _("Any key to go back."),
		    term_attr(C_NORMAL));
		return;
	}
	/* Not all of it fits: say where we are and how to see the rest. */
	snprintf(where, sizeof where, _("%s lines %d-%d/%d, any other key to "
	    "go back."), term_utf8() ? _("↑↓ PgUp PgDn:") : _("Up/Down:"),
	    top + 1, top + room < n ? top + room : n, n);
	draw_text(y + h - 2, x + 2, w - 4, where, term_attr(C_NORMAL));
}
