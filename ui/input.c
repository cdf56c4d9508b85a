/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include <curses.h>

#include "draw.h"
#include "input.h"
#include "term.h"
#include "utf8.h"

#define CTRL(c) ((c) & 0x1f)

void
input_clear(struct input *in)
{
	memset(in, 0, sizeof *in);
}

void
input_set(struct input *in, const char *s)
{
	size_t n = strlen(s);

	input_clear(in);
	if (n > INPUT_MAX) {
		/* Never keep half a character. */
		n = INPUT_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(in->text, s, n);
	in->text[n] = '\0';
	in->len = in->cursor = n;
}

/* The byte offset of the character before (or after) pos. */
static size_t
input_prev(const struct input *in, size_t pos)
{
	if (pos == 0)
		return 0;
	do
		pos--;
	while (pos > 0 && ((unsigned char)in->text[pos] & 0xc0) == 0x80);
	return pos;
}

static size_t
input_next(const struct input *in, size_t pos)
{
	if (pos >= in->len)
		return in->len;
	do
		pos++;
	while (pos < in->len && ((unsigned char)in->text[pos] & 0xc0) == 0x80);
	return pos;
}

/* Removes the bytes from a to b. */
static void
input_cut(struct input *in, size_t a, size_t b)
{
	memmove(in->text + a, in->text + b, in->len - b + 1);
	in->len -= b - a;
	in->cursor = a;
}

static enum input_result
input_insert(struct input *in, int cp)
{
	char buf[4];
	int n;

	/* Control characters never enter the text: what is typed is shown. */
	if (utf8_is_control((uint32_t)cp) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return INPUT_IGNORED;
	n = utf8_encode((uint32_t)cp, buf);
	if (in->len + (size_t)n > INPUT_MAX)
		return INPUT_MOVED;	/* full: the key is taken, nothing added */
	memmove(in->text + in->cursor + n, in->text + in->cursor,
	    in->len - in->cursor + 1);
	memcpy(in->text + in->cursor, buf, (size_t)n);
	in->len += (size_t)n;
	in->cursor += (size_t)n;
	return INPUT_CHANGED;
}

enum input_result
input_key(struct input *in, int key)
{
	size_t pos;
	int cp;

	switch (key) {
	case '\r':
	case '\n':
	case KEY_ENTER:
		return INPUT_SUBMIT;
	case 0x1b:
	case CTRL('c'):
		return INPUT_CANCEL;
	case KEY_LEFT:
	case CTRL('b'):
		in->cursor = input_prev(in, in->cursor);
		return INPUT_MOVED;
	case KEY_RIGHT:
	case CTRL('f'):
		in->cursor = input_next(in, in->cursor);
		return INPUT_MOVED;
	case KEY_HOME:
	case CTRL('a'):
		in->cursor = 0;
		return INPUT_MOVED;
	case KEY_END:
	case CTRL('e'):
		in->cursor = in->len;
		return INPUT_MOVED;
	case KEY_BACKSPACE:
	case 0x7f:
	case CTRL('h'):
		if (in->cursor == 0)
			return INPUT_MOVED;
		input_cut(in, input_prev(in, in->cursor), in->cursor);
		return INPUT_CHANGED;
	case KEY_DC:
	case CTRL('d'):
		if (in->cursor == in->len)
			return INPUT_MOVED;
		input_cut(in, in->cursor, input_next(in, in->cursor));
		return INPUT_CHANGED;
	case CTRL('u'):
		input_cut(in, 0, in->cursor);
		return INPUT_CHANGED;
	case CTRL('k'):
		in->text[in->cursor] = '\0';
		in->len = in->cursor;
		return INPUT_CHANGED;
	case CTRL('w'):
		/* The word before the cursor, and the spaces after it. */
		pos = in->cursor;
		while (pos > 0 && in->text[pos - 1] == ' ')
			pos--;
		while (pos > 0 && in->text[pos - 1] != ' ')
			pos--;
		input_cut(in, pos, in->cursor);
		return INPUT_CHANGED;
	}
	if ((cp = TERM_KEY_CHAR(key)) < 0)
		return INPUT_IGNORED;
	return input_insert(in, cp);
}

void
input_draw(struct input *in, int y, int x, int width, int attr, int active)
{
	char saved;
	int before;

	if (width < 2)
		return;
	/* Columns before the cursor decide the view: the cursor stays visible. */
	saved = in->text[in->cursor];
	in->text[in->cursor] = '\0';
	before = draw_width(in->text);
	in->text[in->cursor] = saved;
	if (before < in->scroll)
		in->scroll = before;
	if (before - in->scroll > width - 1)
		in->scroll = before - (width - 1);
	draw_fill(y, x, width, attr);
	draw_text_from(y, x, width, in->text, in->scroll, attr);
	if (active) {
		move(y, x + before - in->scroll);
		curs_set(1);
	}
}
