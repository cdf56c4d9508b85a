/* SPDX-License-Identifier: ISC */
/*
 * What each establishment does, from the SAE's activity tables: the figures
 * mediflux reads (each from one table, column and, where the table has a
 * row per kind of unit or equipment, one kind), and the activities a search
 * filters on (--with maternity:3,icu,mri). One list, read by the importer,
 * the fiche, the search and the documentation's test alike.
 */
#ifndef MEDIFLUX_SAE_ACTIVITY_H
#define MEDIFLUX_SAE_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

/* How a figure is read from its row. */
enum sae_measure_kind {
	SAE_MEASURE_COUNT,	/* a whole number; columns "A+B" add up */
	SAE_MEASURE_FLAG,	/* 0 or 1 as published */
	SAE_MEASURE_PRESENT,	/* 1 when the site has a row (of the kind) */
	SAE_MEASURE_LEVEL,	/* TYPE1, TYPE2, TYPE3 read as 1, 2, 3 */
};

struct sae_measure {
	const char		*key;		/* "maternity.deliveries", in the database */
	const char		*group;		/* the fiche's heading: "Maternity" */
	const char		*label;		/* "Deliveries" */
	const char		*table;		/* the bordereau: "PERINAT" */
	const char		*kind_column;	/* the row's kind: "UNI", or NULL */
	const char		*kind_value;	/* "REAADU"; "!TOT": any but TOT */
	const char		*columns;	/* "ACCUN+ACCMU"; NULL for PRESENT */
	enum sae_measure_kind	 kind;
};

extern const struct sae_measure sae_measures[];
extern const size_t sae_nmeasures;

/* The measure of that key, or NULL. */
const struct sae_measure *sae_measure_find(const char *key);
/* Its index in sae_measures. */
size_t		 sae_measure_index(const struct sae_measure *);
/*
 * Its heading and label as people read them, translated: group and label
 * are English, marked N_(); key, table and columns are identifiers.
 */
const char	*sae_measure_group(const struct sae_measure *);
const char	*sae_measure_label(const struct sae_measure *);

/* Whether a row whose kind column holds value is of the measure's kind. */
int		 sae_measure_kind_matches(const struct sae_measure *,
		     const char *value);

/* Something a site does, for --with: its measure at least min in a year. */
struct sae_activity {
	const char	*key;		/* "maternity", as typed */
	const char	*label;		/* "Maternity (type 1, 2 or 3)": N_() */
	const char	*measure;	/* "maternity.level" */
	int		 levels;	/* takes ":N", a minimum level up to this */
};

extern const struct sae_activity sae_activities[];
extern const size_t sae_nactivities;

/* The activity of that key (case-insensitive), or NULL. */
const struct sae_activity *sae_activity_find(const char *key);
/* Its label as people read it, translated; the key is typed as it is. */
const char	*sae_activity_label(const struct sae_activity *);

/* One condition of a --with list: an activity and the least value it needs. */
struct sae_condition {
	const struct sae_activity	*activity;
	int64_t				 min;
};

/*
 * Reads "maternity:3,icu,mri" into at most max conditions. Returns their
 * number, or -1 with *cause naming the word that is no activity or a level
 * it does not take.
 */
int		 sae_conditions_parse(const char *text, struct sae_condition *,
		     size_t max, char **cause);
/* Writes conditions back as "maternity:3,icu" (the canonical form). */
char		*sae_conditions_text(const struct sae_condition *, size_t n);

#define SAE_CONDITIONS_MAX	16

#endif
