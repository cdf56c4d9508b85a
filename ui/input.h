/* SPDX-License-Identifier: ISC */
/*
 * A one-line text field: UTF-8 editing by characters, a cursor, and a view
 * that scrolls by display width. Used by the search-as-you-type of Hôpitaux,
 * the list's / search, the profile form and every prompt.
 */
#ifndef MEDIFLUX_INPUT_H
#define MEDIFLUX_INPUT_H

#include <stddef.h>

#define INPUT_MAX 256		/* bytes of text, the terminator excluded */

/* What a key did to the field. */
enum input_result {
	INPUT_IGNORED,		/* not an editing key: the caller may use it */
	INPUT_MOVED,		/* the cursor moved, the text did not change */
	INPUT_CHANGED,
	INPUT_SUBMIT,		/* Enter */
	INPUT_CANCEL,		/* Esc or Ctrl-C */
};

struct input {
	char	text[INPUT_MAX + 1];
	size_t	len;		/* bytes */
	size_t	cursor;		/* byte offset, on a character boundary */
	int	scroll;		/* display columns hidden on the left */
};

void			 input_clear(struct input *);
void			 input_set(struct input *, const char *);

/* Applies a key (as term_getkey returns it: a character or a KEY_ code). */
enum input_result	 input_key(struct input *, int key);

/*
 * Draws the field at (y, x) in width columns, attr for the text; when active
 * the terminal cursor is left where typing goes.
 */
void			 input_draw(struct input *, int y, int x, int width,
			     int attr, int active);

#endif
