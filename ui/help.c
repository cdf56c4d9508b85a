#include "config.h"

#include <curses.h>

#include "draw.h"
#include "keymap.h"
#include "tui.h"

/* Whether the help of the pane shown lists a binding's context. */
static int
help_shows(enum keymap_context context, enum keymap_context pane)
{
	return context == KM_GLOBAL || context == KM_LIST || context == pane;
}

void
help_draw(int rows, int cols, enum keymap_context pane)
{
	const struct keybinding *b;
	enum keymap_context shown = (enum keymap_context)-1;
	int n = 0, h, w, y, x, line;

	for (b = keymap_bindings(); b->action != ACT_NONE; b++) {
		if (b->help == NULL || !help_shows(b->context, pane))
			continue;
		if (b->context != shown)
			n++;
		shown = b->context;
		n++;
	}
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
	draw_text(y, x + 2, w - 4, " Aide de mediflux ", term_attr(C_SECTION));
	line = y + 1;
	shown = (enum keymap_context)-1;
	for (b = keymap_bindings(); b->action != ACT_NONE && line < y + h - 2;
	    b++) {
		if (b->help == NULL || !help_shows(b->context, pane))
			continue;
		if (b->context != shown) {
			draw_text(line++, x + 2, w - 4,
			    keymap_context_name(b->context), term_attr(C_SECTION));
			shown = b->context;
			if (line >= y + h - 2)
				break;
		}
		draw_cell(line, x + 3, 12, b->key_name, term_attr(C_KEY), 0);
		draw_text(line, x + 16, w - 18, b->help, term_attr(C_NORMAL));
		line++;
	}
	draw_text(y + h - 2, x + 2, w - 4, "Une touche pour revenir.",
	    term_attr(C_NORMAL));
}
