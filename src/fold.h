/* SPDX-License-Identifier: ISC */
/* Search keys: one spelling for every way a French place name is written. */
#ifndef MEDIFLUX_FOLD_H
#define MEDIFLUX_FOLD_H

#include <stdint.h>

/*
 * Returns the folded search key of a UTF-8 name: lower case, accents removed,
 * hyphens, apostrophes and punctuation as single spaces, trimmed, and the words
 * "st"/"ste" spelt "saint"/"sainte". "ST ETIENNE", "Saint-Étienne" and
 * "saint etienne" all give "saint etienne".
 */
char		*fold_key(const char *);

/*
 * Tells whether text folds to the empty key (only spaces and punctuation, as
 * "%" or "-"): nothing to look for, which a prefix match would take as
 * "everything".
 */
int		 fold_is_blank(const char *);

/*
 * Returns the ASCII spelling of a Latin letter (case kept: "É" gives "E",
 * "œ" gives "oe"), or NULL when cp has none.
 */
const char	*fold_ascii(uint32_t cp);

/* Returns a copy of a UTF-8 string with Latin letters spelt in ASCII, for non-UTF-8 terminals. */
char		*fold_transliterate(const char *);

#endif
