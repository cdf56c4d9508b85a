/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "i18n.h"
#include "keymap.h"
#include "xmalloc.h"

/*
 * Every action has a plain key and, where a function bar shows it, an F-key.
 * Letters act only outside a text field: while typing they are text.
 */
static const struct keybinding keymap_global[] = {
	{ '?',		ACT_HELP,	"?",		N_("Help (this screen)"), NULL, NULL },
	{ KEY_F(1),	ACT_HELP,	"F1",		N_("Help"), NC_("function bar", "Help"), NULL },
	{ '1',		ACT_PANE_HOSPITALS, "1 F2",	N_("Hospitals: search by city"), NULL, NULL },
	{ KEY_F(2),	ACT_PANE_HOSPITALS, NULL,	NULL, NC_("function bar", "Hosp."), NULL },
	{ '2',		ACT_PANE_REGIONS, "2 F3",	N_("Regions: figures by territory"), NULL, NULL },
	{ KEY_F(3),	ACT_PANE_REGIONS, NULL,		NULL, NC_("function bar", "Reg."), NULL },
	{ '3',		ACT_PANE_MEDS,	"3 F4",		N_("Medicines: volumes by ATC class"), NULL, NULL },
	{ KEY_F(4),	ACT_PANE_MEDS,	NULL,		NULL, NC_("function bar", "Meds"), NULL },
	{ '4',		ACT_PANE_PROFILE, "4 F5",	N_("Profile: mutuelle, place, conditions"), NULL, NULL },
	{ KEY_F(5),	ACT_PANE_PROFILE, NULL,		NULL, NC_("function bar", "Prof."), NULL },
	{ '5',		ACT_PANE_HISTORY, "5 F6",	N_("History of your queries"), NULL, NULL },
	{ KEY_F(6),	ACT_PANE_HISTORY, NULL,		NULL, NC_("function bar", "Hist."), NULL },
	{ '6',		ACT_PANE_DATA,	"6 F7",		N_("Data: sources and volumes"), NULL, NULL },
	{ KEY_F(7),	ACT_PANE_DATA,	NULL,		NULL, NC_("function bar", "Data"), NULL },
	/* F8 and F9 are the lists' (Find, Sort): Documents takes F11. */
	{ '7',		ACT_PANE_DOCUMENTS, "7 F11",	N_("Documents: prescriptions read and kept"), NULL, NULL },
	{ KEY_F(11),	ACT_PANE_DOCUMENTS, NULL,	NULL, NULL, NULL },
	{ '\t',		ACT_NEXT_PANE,	"Tab",		N_("Next screen"), NULL, NULL },
	{ KEY_BTAB,	ACT_PREV_PANE,	N_("Shift-Tab"),	N_("Previous screen"), NULL, NULL },
	{ CTRL('l'),	ACT_REDRAW,	"Ctrl-L",	N_("Redraw the screen"), NULL, NULL },
	{ 'q',		ACT_QUIT,	"q",		N_("Quit"), NULL, NULL },
	{ KEY_F(10),	ACT_QUIT,	"F10",		N_("Quit (Ctrl-C: cancel, then quit)"), NC_("function bar", "Quit"), NULL },
	{ 0,		ACT_NONE,	NULL,		NULL, NULL, NULL },
};

static const struct keybinding keymap_list[] = {
	{ KEY_UP,	ACT_UP,		"↑ k",		N_("Previous line"), NULL, NULL },
	{ 'k',		ACT_UP,		NULL,		NULL, NULL, NULL },
	{ KEY_DOWN,	ACT_DOWN,	"↓ j",		N_("Next line"), NULL, NULL },
	{ 'j',		ACT_DOWN,	NULL,		NULL, NULL, NULL },
	{ KEY_PPAGE,	ACT_PAGE_UP,	"PgUp",		N_("Previous page"), NULL, NULL },
	{ KEY_NPAGE,	ACT_PAGE_DOWN,	N_("PgDn Space"),	N_("Next page"), NULL, NULL },
	{ ' ',		ACT_PAGE_DOWN,	NULL,		NULL, NULL, NULL },
	{ KEY_HOME,	ACT_HOME,	"Home g",	N_("First line"), NULL, NULL },
	{ 'g',		ACT_HOME,	NULL,		NULL, NULL, NULL },
	{ KEY_END,	ACT_END,	"End G",	N_("Last line"), NULL, NULL },
	{ 'G',		ACT_END,	NULL,		NULL, NULL, NULL },
	{ '/',		ACT_SEARCH,	"/ F8",		N_("Search the list"), NULL, NULL },
	{ KEY_F(8),	ACT_SEARCH,	NULL,		NULL, NC_("function bar", "Find"), NULL },
	{ 'n',		ACT_SEARCH_NEXT, "n",		N_("Next match"), NULL, NULL },
	{ 'N',		ACT_SEARCH_PREV, "N",		N_("Previous match"), NULL, NULL },
	{ 's',		ACT_SORT,	"s F9",		N_("Sort by the next column"), NULL, NULL },
	{ KEY_F(9),	ACT_SORT,	NULL,		NULL, NC_("function bar", "Sort"), NULL },
	{ 'S',		ACT_SORT_REVERSE, "S",		N_("Reverse the order"), NULL, NULL },
	{ 'e',		ACT_EXPORT,	"e",		N_("Export the rows as CSV"), NULL, NULL },
	{ '\r',		ACT_OPEN,	N_("Enter"),	N_("Open, drill down, replay"), NULL, NULL },
	{ '\n',		ACT_OPEN,	NULL,		NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,		NULL, NULL, NULL },
	{ KEY_BACKSPACE, ACT_BACK,	N_("Backspace"), N_("Up a level, close"), NULL, NULL },
	{ 0x7f,		ACT_BACK,	NULL,		NULL, NULL, NULL },
	{ CTRL('h'),	ACT_BACK,	NULL,		NULL, NULL, NULL },
	{ 0x1b,		ACT_CANCEL,	N_("Esc"),	N_("Cancel the typing"), NULL, NULL },
	{ 0,		ACT_NONE,	NULL,		NULL, NULL, NULL },
};

const struct keytable keytable_global = {
	N_("Everywhere"), keymap_global, NULL, NULL,
};

const struct keytable keytable_list = {
	N_("Lists"), keymap_list, &keytable_global, NULL,
};

enum action
keymap_lookup(const struct keytable *t, int key)
{
	const struct keybinding *b;

	for (; t != NULL; t = t->next)
		for (b = t->bindings; b->action != ACT_NONE; b++)
			if (b->key == key)
				return b->action;
	return ACT_NONE;
}

char *
keymap_hints(const struct keytable *t)
{
	const struct keybinding *b;
	const char *sep = "";
	char *line, *more;

	line = xstrdup(t->prefix != NULL ? _(t->prefix) : "");
	for (b = t->bindings; b->action != ACT_NONE; b++) {
		if (b->hint == NULL)
			continue;
		more = xasprintf("%s%s%s", line, sep, _(b->hint));
		free(line);
		line = more;
		sep = " · ";
	}
	return line;
}
