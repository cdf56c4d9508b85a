/* SPDX-License-Identifier: ISC */
/* Loads the INSEE reference geography (the CSV files of data/reference) into a reference database. */
#ifndef MEDIFLUX_GEO_H
#define MEDIFLUX_GEO_H

#include <sqlite3.h>

struct geo_info {
	int		 year;		/* year of the code officiel géographique */
	const char	*source;	/* who published it, under which licence */
};

/*
 * Reads regions.csv, departements.csv, communes.csv and
 * arrondissements-municipaux.csv from dir into db (inside the caller's
 * transaction), sums populations up from the communes, folds every name into
 * its search key and records one dataset row a file. Errors name file, line
 * and field.
 */
int	geo_load_dir(sqlite3 *, const char *dir, const struct geo_info *, char **cause);

#endif
