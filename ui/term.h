/* SPDX-License-Identifier: ISC */
/* The one terminal module: set-up, colours, signals, restore on every exit path. */
#ifndef MEDIFLUX_TERM_H
#define MEDIFLUX_TERM_H

#include <signal.h>

#define TERM_MIN_COLS	60
#define TERM_MIN_ROWS	15

/* Semantic colours: name, foreground, background, attribute when colours are off. */
#define TERM_COLOURS(X) \
	X(C_NORMAL,   -1,            -1,          A_NORMAL) \
	X(C_TITLE,    COLOR_WHITE,   COLOR_BLUE,  A_REVERSE) \
	X(C_HEADER,   COLOR_BLACK,   COLOR_CYAN,  A_REVERSE) \
	X(C_SELECTED, COLOR_BLACK,   COLOR_GREEN, A_REVERSE) \
	X(C_STATUS,   COLOR_WHITE,   COLOR_BLUE,  A_REVERSE) \
	X(C_KEY,      COLOR_BLACK,   COLOR_CYAN,  A_BOLD) \
	X(C_SECTION,  COLOR_YELLOW,  -1,          A_BOLD) \
	X(C_WARN,     COLOR_WHITE,   COLOR_RED,   A_BOLD | A_REVERSE) \
	X(C_ERROR,    COLOR_RED,     -1,          A_BOLD)

enum term_colour {
#define TERM_COLOUR_ENUM(name, fg, bg, mono) name,
	TERM_COLOURS(TERM_COLOUR_ENUM)
#undef TERM_COLOUR_ENUM
	C_COUNT
};

/*
 * Checks that there is a terminal mediflux can drive; on failure *cause says
 * why in one line (no terminal, TERM unset or dumb, unknown TERM).
 */
int	 term_check(char **cause);

/*
 * Starts curses on a terminal term_check() accepted, with mouse clicks and
 * the wheel when mouse is set; -1 with *cause on failure.
 */
int	 term_init(int mouse, char **cause);

/* Ends curses and restores the terminal; safe to call any number of times. */
void	 term_done(void);

/* Attribute of a semantic colour (colour pair, or the monochrome attribute). */
int	 term_attr(enum term_colour);

/* Whether text reaches the terminal as UTF-8 (otherwise it is transliterated). */
int	 term_utf8(void);

/*
 * A signal that asked us to stop, or 0; no longer pending once returned. When
 * several are, SIGTERM and SIGHUP come before SIGINT (signal_pending.h).
 */
int	 term_take_signal(void);

/*
 * Keys as term_getkey returns them: KEY_* codes for function keys, ASCII as
 * itself, and other characters as their code point with TERM_CHAR_BIT set,
 * above every KEY_* code.
 */
#define TERM_CHAR_BIT		0x200000
#define TERM_CHAR(cp)		((cp) < 0x80 ? (cp) : (TERM_CHAR_BIT | (cp)))
/* The code point of a character key, or -1 for a function key. */
#define TERM_KEY_CHAR(k)	((k) >= 0 && (k) < 0x80 ? (k) : \
				 ((k) & TERM_CHAR_BIT) ? ((k) & 0x1fffff) : -1)

/*
 * Reads a key, waiting at most timeout_ms; ERR on timeout; -2 when the
 * terminal is gone.
 */
int	 term_getkey(int timeout_ms);

#endif
