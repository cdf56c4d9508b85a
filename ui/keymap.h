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
	ACT_PANE_DATA,
};

struct keybinding {
	int		 key;
	enum action	 action;
	const char	*key_name;	/* as shown in help */
	const char	*help;		/* French, as the screens are */
	const char	*bar_label;	/* shown in the function bar, or NULL */
};

/* Action bound to a key, or ACT_NONE. */
enum action			 keymap_lookup(int key);

/* The table, ending with a zero entry. */
const struct keybinding		*keymap_bindings(void);

#endif
