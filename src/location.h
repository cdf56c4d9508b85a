/* SPDX-License-Identifier: ISC */
/*
 * Where someone lives, found in the reference geography: a commune or a
 * municipal arrondissement, from a name, a postcode or both, as people write
 * them. Used by the profile and by the terminal interface's profile form.
 */
#ifndef MEDIFLUX_LOCATION_H
#define MEDIFLUX_LOCATION_H

#include <sqlite3.h>
#include <stddef.h>

/* How many candidates a message or a chooser shows. */
#define LOCATION_MAX_SHOWN 10

/* One commune or arrondissement of the reference database. */
struct location_place {
	char	*code;		/* INSEE code */
	char	*name;
	char	*postal_code;	/* the one asked for, else its lowest, or NULL */
	char	*departement;
	char	*region;
};

/* What to look for; NULL fields are not constraints. */
struct location_query {
	const char	*name;		/* folded before comparing */
	const char	*departement;	/* code ("974", "2a") or name */
	const char	*postal_code;
	const char	*code;		/* INSEE code */
	int		 prefix;	/* names starting with name, most populous first */
};

struct location_match {
	struct location_place	*places;
	size_t			 n;
	int			 suggestions;	/* places are names starting so, not matches */
};

/*
 * Reads what someone typed and finds the places it designates: "Lyon",
 * "42000", "01000 Bourg-en-Bresse" (or the name first), "Saint-Denis (974)",
 * "Saint-Denis (93, 93200)" as location_label writes it, or an INSEE code
 * (five digits are a postcode first, an INSEE code when no postcode). An
 * arrondissement hides its own commune ("75016" is Paris 16e). When nothing
 * matches, the places whose names start with the name typed (or those of the
 * postcode typed) are given as suggestions.
 */
int		 location_find(sqlite3 *refdb, const char *text,
		     struct location_match *, char **cause);

/* Finds the places a query designates, with no suggestions. */
int		 location_lookup(sqlite3 *refdb, const struct location_query *,
		     struct location_match *, char **cause);

void		 location_match_free(struct location_match *);

/* "Saint-Denis (93, 93200)": how a place is shown, which location_find reads back. */
char		*location_label(const struct location_place *);

/* The first LOCATION_MAX_SHOWN labels, comma-separated, then ", and N more". */
char		*location_list_labels(const struct location_match *);

#endif
