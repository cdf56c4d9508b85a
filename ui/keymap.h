/* SPDX-License-Identifier: ISC */
/* Keys as data: the help screen and the function bar are drawn from this table. */
#ifndef MEDIFLUX_KEYMAP_H
#define MEDIFLUX_KEYMAP_H

/* The key Ctrl with c gives. */
#define CTRL(c) ((c) & 0x1f)

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
	ACT_PANE_DOCUMENTS,
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
	ACT_DRUG_SEARCH,	/* Médicaments: find a medicine by name */
	ACT_EDIT,		/* Profil: change the field */
	ACT_ACTIVITIES,		/* Hôpitaux: the checklist of activities */
	ACT_TOGGLE,		/* a checklist: tick, untick */
	ACT_CLEAR,		/* a checklist: untick all */
	ACT_NEAR,		/* Hôpitaux: nearest first, or back to the place's */
	ACT_NEAR_WIDER,		/* Hôpitaux: a longer distance */
	ACT_NEAR_NARROWER,
	ACT_READ,		/* Documents: read a scan */
	ACT_KEEP,		/* Documents: confirm and keep */
};

/* One key of a table: what it does, how help, the function bar and a pane's first line show it. */
struct keybinding {
	int			 key;
	enum action		 action;
	const char		*key_name;	/* as shown in help */
	const char		*help;		/* French, as the screens are */
	const char		*bar_label;	/* shown in the function bar, or NULL */
	const char		*hint;		/* on the pane's first line ("d supprimer"), or NULL */
};

/*
 * A key table, as tmux has one a mode: a key is looked up in the pane's
 * table first, then in each table it falls back to (the lists' keys, then
 * the global ones); help lists the same chain, the function bar the global
 * and list tables, and a pane's first line the hints of its own table.
 */
struct keytable {
	const char		*name;		/* the help's heading */
	const struct keybinding	*bindings;	/* ends with ACT_NONE */
	const struct keytable	*next;		/* the table looked up after this one */
	const char		*prefix;	/* before the hints ("Liste : "), or NULL */
};

/* Keys that work everywhere, and the keys of every list (which fall back to them). */
extern const struct keytable keytable_global;
extern const struct keytable keytable_list;

/* The action bound to a key in table or the tables it falls back to, or ACT_NONE. */
enum action			 keymap_lookup(const struct keytable *, int key);

/* The table's hints joined for the pane's first line, after its prefix. */
char				*keymap_hints(const struct keytable *);

#endif
