/* SPDX-License-Identifier: ISC */
/*
 * What people and programs read on stdout and stderr: every printer of text
 * that comes from the databases, a file, the environment or the command line
 * goes through here, so that utf8_sanitize sees all of it (issue 15).
 */
#ifndef MEDIFLUX_OUT_H
#define MEDIFLUX_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "xmalloc.h"

/*
 * Prints the formatted text sanitised as a whole (utf8_sanitize): no escape,
 * C1, bidi or zero-width character of an argument reaches f. The line breaks
 * fmt begins and ends with are kept; fmt has none elsewhere (a bug).
 */
void	 out_printf(FILE *f, const char *fmt, ...) PRINTFLIKE(2, 3);

/*
 * Returns a copy of j whose every string, object key included, went through
 * utf8_sanitize: what --json prints and what a profile export writes.
 */
json_t	*out_json_sanitized(const json_t *j);

/*
 * What the JSON parser found wrong, in the user's language: its fixed
 * messages translated (without the token it quotes), else the kind of
 * error; the parser's own words only for a case neither covers.
 */
const char *out_json_error(const json_error_t *);

/* A JSON string of a text from outside (a file, the database), sanitised, or null for NULL. */
json_t	*out_json_text(const char *s);

/*
 * Prints j sanitised (out_json_sanitized) to f with json_dumps flags, then a
 * line break, and frees j; -1 if writing failed.
 */
int	 out_json(FILE *f, json_t *j, size_t flags);

#endif
