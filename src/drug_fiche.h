/* SPDX-License-Identifier: ISC */
/* A medicine's fiche, as the command line prints it and the terminal scrolls it. */
#ifndef MEDIFLUX_DRUG_FICHE_H
#define MEDIFLUX_DRUG_FICHE_H

#include <sqlite3.h>

#include "fiche.h"
#include "query_drug.h"

/* A medicine's detail with its costs for the user, the rules they cite kept. */
struct drug_view {
	struct drug_detail	*detail;
	struct cost_rules	*rules;
	struct cost_person	 person;
	char			 date[11];
	char			**exemptions;	/* the profile's, NULL-terminated */
};

/*
 * The medicine with this CIS or CIP13, its costs on date (YYYY-MM-DD) with
 * the mutuelle and exemptions of the profile in udb (none when udb is NULL
 * or its profile has none), by the rules of rules_path: 0, 1 when no medicine has the
 * code, -1 with *cause.
 */
int		 drug_view_open(struct query_db *, sqlite3 *udb, const char *code,
		     const char *rules_path, const char *date,
		     struct drug_view **, char **cause);
void		 drug_view_free(struct drug_view *);

/* The fiche of d, its costs for person (drug_detail_cost computed them). */
struct fiche	*drug_fiche_build(const struct drug_detail *,
		     const struct cost_person *);

#endif
