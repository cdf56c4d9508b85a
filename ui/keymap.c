/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <curses.h>

#include "keymap.h"

#define CTRL(c) ((c) & 0x1f)

/*
 * Every action has a plain key and, where a function bar shows it, an F-key.
 * Letters act only outside a text field: while typing they are text.
 */
static const struct keybinding keymap_table[] = {
	{ '?',		ACT_HELP,	KM_GLOBAL, "?",		"Aide (cet écran)", NULL },
	{ KEY_F(1),	ACT_HELP,	KM_GLOBAL, "F1",	"Aide", "Aide" },
	{ '1',		ACT_PANE_HOSPITALS, KM_GLOBAL, "1 F2",	"Hôpitaux : recherche par ville", NULL },
	{ KEY_F(2),	ACT_PANE_HOSPITALS, KM_GLOBAL, NULL,	NULL, "Hôpit." },
	{ '2',		ACT_PANE_REGIONS, KM_GLOBAL, "2 F3",	"Régions : indicateurs par territoire", NULL },
	{ KEY_F(3),	ACT_PANE_REGIONS, KM_GLOBAL, NULL,	NULL, "Rég." },
	{ '3',		ACT_PANE_MEDS,	KM_GLOBAL, "3 F4",	"Médicaments : volumes par classe ATC", NULL },
	{ KEY_F(4),	ACT_PANE_MEDS,	KM_GLOBAL, NULL,	NULL, "Médic." },
	{ '4',		ACT_PANE_PROFILE, KM_GLOBAL, "4 F5",	"Profil : mutuelle, lieu, pathologies", NULL },
	{ KEY_F(5),	ACT_PANE_PROFILE, KM_GLOBAL, NULL,	NULL, "Prof." },
	{ '5',		ACT_PANE_HISTORY, KM_GLOBAL, "5 F6",	"Historique de vos requêtes", NULL },
	{ KEY_F(6),	ACT_PANE_HISTORY, KM_GLOBAL, NULL,	NULL, "Hist." },
	{ '6',		ACT_PANE_DATA,	KM_GLOBAL, "6 F7",	"Données : provenance et volumes", NULL },
	{ KEY_F(7),	ACT_PANE_DATA,	KM_GLOBAL, NULL,	NULL, "Donn." },
	{ '\t',		ACT_NEXT_PANE,	KM_GLOBAL, "Tab",	"Écran suivant", NULL },
	{ KEY_BTAB,	ACT_PREV_PANE,	KM_GLOBAL, "Maj-Tab",	"Écran précédent", NULL },
	{ CTRL('l'),	ACT_REDRAW,	KM_GLOBAL, "Ctrl-L",	"Redessiner l'écran", NULL },
	{ 'q',		ACT_QUIT,	KM_GLOBAL, "q",		"Quitter", NULL },
	{ KEY_F(10),	ACT_QUIT,	KM_GLOBAL, "F10",	"Quitter (Ctrl-C : annuler, puis quitter)", "Quit." },
	{ KEY_UP,	ACT_UP,		KM_LIST, "↑ k",		"Ligne précédente", NULL },
	{ 'k',		ACT_UP,		KM_LIST, NULL,		NULL, NULL },
	{ KEY_DOWN,	ACT_DOWN,	KM_LIST, "↓ j",		"Ligne suivante", NULL },
	{ 'j',		ACT_DOWN,	KM_LIST, NULL,		NULL, NULL },
	{ KEY_PPAGE,	ACT_PAGE_UP,	KM_LIST, "PgUp",	"Page précédente", NULL },
	{ KEY_NPAGE,	ACT_PAGE_DOWN,	KM_LIST, "PgDn Espace",	"Page suivante", NULL },
	{ ' ',		ACT_PAGE_DOWN,	KM_LIST, NULL,		NULL, NULL },
	{ KEY_HOME,	ACT_HOME,	KM_LIST, "Home g",	"Première ligne", NULL },
	{ 'g',		ACT_HOME,	KM_LIST, NULL,		NULL, NULL },
	{ KEY_END,	ACT_END,	KM_LIST, "End G",	"Dernière ligne", NULL },
	{ 'G',		ACT_END,	KM_LIST, NULL,		NULL, NULL },
	{ '/',		ACT_SEARCH,	KM_LIST, "/ F8",	"Chercher dans la liste", NULL },
	{ KEY_F(8),	ACT_SEARCH,	KM_LIST, NULL,		NULL, "Cherch." },
	{ 'n',		ACT_SEARCH_NEXT, KM_LIST, "n",		"Occurrence suivante", NULL },
	{ 'N',		ACT_SEARCH_PREV, KM_LIST, "N",		"Occurrence précédente", NULL },
	{ 's',		ACT_SORT,	KM_LIST, "s F9",	"Trier par la colonne suivante", NULL },
	{ KEY_F(9),	ACT_SORT,	KM_LIST, NULL,		NULL, "Tri" },
	{ 'S',		ACT_SORT_REVERSE, KM_LIST, "S",		"Inverser l'ordre du tri", NULL },
	{ 'e',		ACT_EXPORT,	KM_LIST, "e",		"Exporter les lignes en CSV", NULL },
	{ '\r',		ACT_OPEN,	KM_LIST, "Entrée",	"Ouvrir, descendre, rejouer", NULL },
	{ '\n',		ACT_OPEN,	KM_LIST, NULL,		NULL, NULL },
	{ KEY_ENTER,	ACT_OPEN,	KM_LIST, NULL,		NULL, NULL },
	{ KEY_BACKSPACE, ACT_BACK,	KM_LIST, "Retour",	"Remonter d'un niveau, fermer", NULL },
	{ 0x7f,		ACT_BACK,	KM_LIST, NULL,		NULL, NULL },
	{ CTRL('h'),	ACT_BACK,	KM_LIST, NULL,		NULL, NULL },
	{ 0x1b,		ACT_CANCEL,	KM_LIST, "Échap",	"Annuler la saisie", NULL },
	{ 0x1b,		ACT_CANCEL,	KM_HOSPITALS, "Échap",	"Saisie ↔ liste (/ n s e dans la liste)", NULL },
	{ KEY_DOWN,	ACT_DOWN,	KM_HOSPITALS, "↑↓ PgUp PgDn", "Choisir, même pendant la saisie", NULL },
	{ '\r',		ACT_OPEN,	KM_HOSPITALS, "Entrée",	"Fiche de l'établissement", NULL },
	{ '/',		ACT_SEARCH,	KM_HISTORY, "/",	"Filtrer l'historique (Échap : sans filtre)", NULL },
	{ 'l',		ACT_LEVEL,	KM_REGIONS, "l",	"Régions ou départements", NULL },
	{ KEY_RIGHT,	ACT_FILTER_NEXT_VALUE, KM_REGIONS, "→ ←",	"Autres indicateurs (colonnes)", NULL },
	{ 'y',		ACT_YEAR_NEXT,	KM_REGIONS, "y Y",	"Année suivante, précédente", NULL },
	{ 'Y',		ACT_YEAR_PREV,	KM_REGIONS, NULL,	NULL, NULL },
	{ 'f',		ACT_FILTER,	KM_MEDS, "f",		"Filtre suivant (année, région, âge…)", NULL },
	{ KEY_RIGHT,	ACT_FILTER_NEXT_VALUE, KM_MEDS, "→ ←",	"Valeur suivante, précédente du filtre", NULL },
	{ KEY_LEFT,	ACT_FILTER_PREV_VALUE, KM_MEDS, NULL,	NULL, NULL },
	{ 't',		ACT_TOP,	KM_MEDS, "t",		"Top 10, 20, 50 ou tout", NULL },
	{ 'p',		ACT_MY_PATHOLOGIES, KM_MEDS, "p",	"Mes pathologies (profil)", NULL },
	{ 'd',		ACT_DELETE,	KM_HISTORY, "d",	"Supprimer l'entrée", NULL },
	{ 'D',		ACT_DELETE_ALL,	KM_HISTORY, "D",	"Tout effacer (avec confirmation)", NULL },
	{ 'c',		ACT_EDIT,	KM_PROFILE, "c",	"Changer le champ (ou Entrée)", NULL },
	{ 'd',		ACT_DELETE,	KM_PROFILE, "d Suppr",	"Effacer le champ", NULL },
	{ 0,		ACT_NONE,	KM_GLOBAL, NULL,	NULL, NULL },
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

const char *
keymap_context_name(enum keymap_context context)
{
	static const char *const names[] = {
		[KM_GLOBAL] = "Partout",
		[KM_LIST] = "Listes",
		[KM_HOSPITALS] = "Hôpitaux",
		[KM_REGIONS] = "Régions",
		[KM_MEDS] = "Médicaments",
		[KM_PROFILE] = "Profil",
		[KM_HISTORY] = "Historique",
	};

	return names[context];
}
