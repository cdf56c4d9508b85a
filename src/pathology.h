/* SPDX-License-Identifier: ISC */
/*
 * Common pathologies and the ATC classes of the medicines that treat them: the
 * profile's list is checked against this table, and the medication pane's
 * "mes pathologies" filter reads its ATC prefixes.
 */
#ifndef MEDIFLUX_PATHOLOGY_H
#define MEDIFLUX_PATHOLOGY_H

#include <stddef.h>

#define PATHOLOGY_MAX_ALIASES	4
#define PATHOLOGY_MAX_ATC	6

struct pathology {
	const char	*name;		/* canonical, in French with its accents */
	const char	*key;		/* fold_key(name) */
	/* Other folded spellings accepted ("hta"), NULL-terminated. */
	const char	*aliases[PATHOLOGY_MAX_ALIASES + 1];
	/* ATC prefixes of its treatments ("C09" covers C09AA05), NULL-terminated. */
	const char	*atc[PATHOLOGY_MAX_ATC + 1];
};

/* The table, in the order people are shown it; ends with a NULL name. */
extern const struct pathology pathology_table[];

/* The entry a name in any case or accentuation designates, or NULL. */
const struct pathology	*pathology_find(const char *text);

/* Tells whether an ATC code (any level) is one of the pathology's classes. */
int			 pathology_covers_atc(const struct pathology *,
			     const char *atc);

/* The canonical names, comma-separated, for messages ("diabète, hypertension, ..."). */
char			*pathology_names(void);

#endif
