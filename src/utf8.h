/* SPDX-License-Identifier: ISC */
/* UTF-8 decoding, sanitising and display-width helpers (no curses). */
#ifndef MEDIFLUX_UTF8_H
#define MEDIFLUX_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define UTF8_REPLACEMENT 0xFFFD

/* The byte order mark some editors (Notepad, Excel) put at the start of UTF-8 text. */
#define UTF8_BOM	"\xEF\xBB\xBF"
#define UTF8_BOM_LEN	3

/*
 * Moves f, a regular file at its start, past a leading byte order mark, or
 * back to its start when it has none: JSON parsers refuse the mark.
 */
void	 utf8_skip_bom(FILE *f);

/*
 * Decodes one code point from s (at most len bytes). Returns the number of bytes
 * used, or -1 if the sequence is invalid (overlong, surrogate, truncated, > U+10FFFF).
 */
int	 utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 encoding of cp to buf (at least 4 bytes free); returns its length. */
int	 utf8_encode(uint32_t cp, char *buf);

/* Tells whether the len bytes at s are entirely valid UTF-8. */
int	 utf8_valid(const char *s, size_t len);

/* Tells whether cp is a C0/C1 control or DEL, which never reach the screen. */
int	 utf8_is_control(uint32_t cp);

/*
 * Tells whether cp is a line separator that shows as a space: tab, line feed,
 * U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
 */
int	 utf8_is_separator(uint32_t cp);

/*
 * Tells whether cp must never reach a terminal or a stored string: a C0 or C1
 * control or DEL, a bidirectional control (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069), a zero-width or invisible format character
 * (U+200B-U+200D, U+2060-U+206F, U+FEFF), or a separator (which callers show
 * as a space).
 */
int	 utf8_is_invisible(uint32_t cp);

/*
 * Returns a copy of s fit for a terminal, a message, --json or the database:
 * invalid bytes become U+FFFD, separators (utf8_is_separator) become a space,
 * other invisible characters (utf8_is_invisible: escape sequences, C1 CSI,
 * bidi overrides, zero-width characters) are dropped.
 */
char	*utf8_sanitize(const char *s);

/* Display width of one code point in terminal columns (0, 1 or 2). */
int	 utf8_cp_width(uint32_t cp);

/* Display width of a UTF-8 string. */
int	 utf8_width(const char *s);

/*
 * Returns how many bytes of s fit in max columns without cutting a character;
 * *used receives the columns they take.
 */
size_t	 utf8_fit(const char *s, int max, int *used);

/*
 * Returns a copy of s cut to at most max columns; when something is cut and
 * ellipsis is set the last column shows "…".
 */
char	*utf8_cut(const char *s, int max, int ellipsis);

/* Returns a copy of s cut or right-padded with spaces to exactly width columns. */
char	*utf8_pad(const char *s, int width, int right_align);

#endif
