/* SPDX-License-Identifier: ISC */
/* Keys as data: the help screen and the function bar are drawn from this table. */
#ifndef MEDIFLUX_KEYMAP_H
#define MEDIFLUX_KEYMAP_H

enum action {
	ACT_NONE,
	ACT_QUIT,
	ACT_HELP,
	ACT_REDRAW,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_PANE_HOSPITALS,
	ACT_PANE_REGIONS,
	ACT_PANE_MEDS,
	ACT_PANE_PROFILE,
	ACT_PANE_HISTORY,
	ACT_PANE_DATA,
	ACT_NEXT_PANE,
	ACT_PREV_PANE,
	ACT_SEARCH,		/* / : search the rows shown */
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_SORT,		/* next sort column */
	ACT_SORT_REVERSE,
	ACT_EXPORT,		/* the rows shown to a CSV file */
	ACT_OPEN,		/* Enter: detail, drill down, replay, edit */
	ACT_BACK,		/* Backspace: up a level, out of a detail */
	ACT_CANCEL,		/* Esc, and a first Ctrl-C */
	ACT_DELETE,
	ACT_DELETE_ALL,
	ACT_LEVEL,		/* Régions: regions or départements */
	ACT_YEAR_NEXT,
	ACT_YEAR_PREV,
	ACT_FILTER,		/* Médicaments: the next filter to change */
	ACT_FILTER_NEXT_VALUE,
	ACT_FILTER_PREV_VALUE,
	ACT_TOP,		/* Médicaments: top-N */
	ACT_MY_PATHOLOGIES,	/* Médicaments: the profile's pathologies */
	ACT_EDIT,		/* Profil: change the field */
};

/* Where a binding applies, for the help screen. */
enum keymap_context {
	KM_GLOBAL,
	KM_LIST,
	KM_HOSPITALS,
	KM_REGIONS,
	KM_MEDS,
	KM_PROFILE,
	KM_HISTORY,
};

struct keybinding {
	int			 key;
	enum action		 action;
	enum keymap_context	 context;
	const char		*key_name;	/* as shown in help */
	const char		*help;		/* French, as the screens are */
	const char		*bar_label;	/* shown in the function bar, or NULL */
};

/* Action bound to a key, or ACT_NONE. */
enum action			 keymap_lookup(int key);

/* The table, ending with a zero entry. */
const struct keybinding		*keymap_bindings(void);

/* The French name of a context, as a heading of the help screen. */
const char			*keymap_context_name(enum keymap_context);

#endif
