/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "keymap.h"
#include "xmalloc.h"

/*
 * Every action has a plain key and, where a function bar shows it, an F-key.
 * Letters act only outside a text field: while typing they are text.
 */
static const struct keybinding keymap_global[] = {
	{ '?',		ACT_HELP,	"?",		"Aide (cet écran)", NULL, NULL },
	{ KEY_F(1),	ACT_HELP,	"F1",		"Aide", "Aide", NULL },
	{ '1',		ACT_PANE_HOSPITALS, "1 F2",	"Hôpitaux : recherche par ville", NULL, NULL },
	{ KEY_F(2),	ACT_PANE_HOSPITALS, NULL,	NULL, "Hôpit.", NULL },
	{ '2',		ACT_PANE_REGIONS, "2 F3",	"Régions : indicateurs par territoire", NULL, NULL },
	{ KEY_F(3),	ACT_PANE_REGIONS, NULL,		NULL, "Rég.", NULL },
	{ '3',		ACT_PANE_MEDS,	"3 F4",		"Médicaments : volumes par classe ATC", NULL, NULL },
	{ KEY_F(4),	ACT_PANE_MEDS,	NULL,		NULL, "Médic.", NULL },
	{ '4',		ACT_PANE_PROFILE, "4 F5",	"Profil : mutuelle, lieu, pathologies", NULL, NULL },
	{ KEY_F(5),	ACT_PANE_PROFILE, NULL,		NULL, "Prof.", NULL },
	{ '5',		ACT_PANE_HISTORY, "5 F6",	"Historique de vos requêtes", NULL, NULL },
	{ KEY_F(6),	ACT_PANE_HISTORY, NULL,		NULL, "Hist.", NULL },
	{ '6',		ACT_PANE_DATA,	"6 F7",		"Données : provenance et volumes", NULL, NULL },
	{ KEY_F(7),	ACT_PANE_DATA,	NULL,		NULL, "Donn.", NULL },
	{ '\t',		ACT_NEXT_PANE,	"Tab",		"Écran suivant", NULL, NULL },
	{ KEY_BTAB,	ACT_PREV_PANE,	"Maj-Tab",	"Écran précédent", NULL, NULL },
	{ CTRL('l'),	ACT_REDRAW,	"Ctrl-L",	"Redessiner l'écran", NULL, NULL },
	{ 'q',		ACT_QUIT,	"q",		"Quitter", NULL, NULL },
	{ KEY_F(10),	ACT_QUIT,	"F10",		"Quitter (Ctrl-C : annuler, puis quitter)", "Quit.", NULL },
	{ 0,		ACT_NONE,	NULL,		NULL, NULL, NULL },
};

static const struct keybinding keymap_list[] = {
	{ KEY_UP,	ACT_UP,		"↑ k",		"Ligne précédente", NULL, NULL },
	{ 'k',		ACT_UP,		NULL,		NULL, NULL, NULL },
	{ KEY_DOWN,	ACT_DOWN,	"↓ j",		"Ligne suivante", NULL, NULL },
	{ 'j',		ACT_DOWN,	NULL,		NULL, NULL, NULL },
	{ KEY_PPAGE,	ACT_PAGE_UP,	"PgUp",		"Page précédente", NULL, NULL },
	{ KEY_NPAGE,	ACT_PAGE_DOWN,	"PgDn Espace",	"Page suivante", NULL, NULL },
	{ ' ',		ACT_PAGE_DOWN,	NULL,		NULL, NULL, NULL },
	{ KEY_HOME,	ACT_HOME,	"Home g",	"Première ligne", NULL, NULL },
	{ 'g',		ACT_HOME,	NULL,		NULL, NULL, NULL },
	{ KEY_END,	ACT_END,	"End G",	"Dernière ligne", NULL, NULL },
	{ 'G',		ACT_END,	NULL,		NULL, NULL, NULL },
	{ '/',		ACT_SEARCH,	"/ F8",		"Chercher dans la liste", NULL, NULL },
	{ KEY_F(8),	ACT_SEARCH,	NULL,		NULL, "Cherch.", NULL },
	{ 'n',		ACT_SEARCH_NEXT, "n",		"Occurrence suivante", NULL, NULL },
	{ 'N',		ACT_SEARCH_PREV, "N",		"Occurrence précédente", NULL, NULL },
	{ 's',		ACT_SORT,	"s F9",		"Trier par la colonne suivante", NULL, NULL },
	{ KEY_F(9),	ACT_SORT,	NULL,		NULL, "Tri", NULL },
	{ 'S',		ACT_SORT_REVERSE, "S",		"Inverser l'ordre du tri", NULL, NULL },
	{ 'e',		ACT_EXPORT,	"e",		"Exporter les lignes en CSV", NULL, NULL },
	{ '\r',		ACT_OPEN,	"Entrée",	"Ouvrir, descendre, rejouer", NULL, NULL },
	{ '\n',		ACT_OPEN,	NULL,		NULL, NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	NULL,		NULL, NULL, NULL },
	{ KEY_BACKSPACE, ACT_BACK,	"Retour",	"Remonter d'un niveau, fermer", NULL, NULL },
	{ 0x7f,		ACT_BACK,	NULL,		NULL, NULL, NULL },
	{ CTRL('h'),	ACT_BACK,	NULL,		NULL, NULL, NULL },
	{ 0x1b,		ACT_CANCEL,	"Échap",	"Annuler la saisie", NULL, NULL },
	{ 0,		ACT_NONE,	NULL,		NULL, NULL, NULL },
};

const struct keytable keytable_global = {
	"Partout", keymap_global, NULL, NULL,
};

const struct keytable keytable_list = {
	"Listes", keymap_list, &keytable_global, NULL,
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

	line = xstrdup(t->prefix != NULL ? t->prefix : "");
	for (b = t->bindings; b->action != ACT_NONE; b++) {
		if (b->hint == NULL)
			continue;
		more = xasprintf("%s%s%s", line, sep, b->hint);
		free(line);
		line = more;
		sep = " · ";
	}
	return line;
}
