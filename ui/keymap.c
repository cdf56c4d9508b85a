#include "config.h"

#include <curses.h>

#include "keymap.h"

#define CTRL(c) ((c) & 0x1f)

/* Every action has a plain key and, where a function bar shows it, an F-key. */
static const struct keybinding keymap_table[] = {
	{ '?',		ACT_HELP,	"?",		"Aide (cet écran)", NULL },
	{ KEY_F(1),	ACT_HELP,	"F1",		"Aide", "Aide" },
	{ '6',		ACT_PANE_DATA,	"6",		"Données : provenance et volumes", NULL },
	{ KEY_F(6),	ACT_PANE_DATA,	"F6",		"Données", "Données" },
	{ KEY_UP,	ACT_UP,		"↑ k",		"Ligne précédente", NULL },
	{ 'k',		ACT_UP,		NULL,		NULL, NULL },
	{ KEY_DOWN,	ACT_DOWN,	"↓ j",		"Ligne suivante", NULL },
	{ 'j',		ACT_DOWN,	NULL,		NULL, NULL },
	{ KEY_PPAGE,	ACT_PAGE_UP,	"PgUp",		"Page précédente", NULL },
	{ KEY_NPAGE,	ACT_PAGE_DOWN,	"PgDn Espace",	"Page suivante", NULL },
	{ ' ',		ACT_PAGE_DOWN,	NULL,		NULL, NULL },
	{ KEY_HOME,	ACT_HOME,	"Home g",	"Première ligne", NULL },
	{ 'g',		ACT_HOME,	NULL,		NULL, NULL },
	{ KEY_END,	ACT_END,	"End G",	"Dernière ligne", NULL },
	{ 'G',		ACT_END,	NULL,		NULL, NULL },
	{ CTRL('l'),	ACT_REDRAW,	"Ctrl-L",	"Redessiner l'écran", NULL },
	{ 'q',		ACT_QUIT,	"q",		"Quitter", NULL },
	{ KEY_F(10),	ACT_QUIT,	"F10",		"Quitter", "Quitter" },
	{ 0,		ACT_NONE,	NULL,		NULL, NULL },
};

enum action
keymap_lookup(int key)
{
	const struct keybinding *b;

	for (b = keymap_table; b->action != ACT_NONE; b++) {
		if (b->key == key)
			return b->action;
	}
	return ACT_NONE;
}

const struct keybinding *
keymap_bindings(void)
{
	return keymap_table;
}
