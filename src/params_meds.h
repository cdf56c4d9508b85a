/* SPDX-License-Identifier: ISC */
/*
 * The parameters of `mediflux meds` and of the Médicaments pane: the options
 * read into a struct meds_query, the query as its history entry, and an entry
 * read back, checked as the options are, for a replay.
 */
#ifndef MEDIFLUX_PARAMS_MEDS_H
#define MEDIFLUX_PARAMS_MEDS_H

#include <jansson.h>

#include "cmd.h"
#include "params.h"
#include "query_meds.h"

/* The options, in the order of meds_params_options. */
enum meds_option {
	MEDS_OPT_YEAR, MEDS_OPT_REGION, MEDS_OPT_ATC, MEDS_OPT_BY, MEDS_OPT_AGE,
	MEDS_OPT_SEX, MEDS_OPT_PRESCRIBER, MEDS_OPT_TOP, MEDS_OPT_PATHOLOGIES,
	MEDS_NOPTIONS
};

extern const struct cmd_option meds_params_options[];

/*
 * Reads the options given (option[i] the value of meds_params_options[i], or
 * NULL) into a query set by meds_query_init: 0, PARAMS_USAGE for a value the
 * option does not take, -1 when the database has no such region or
 * prescriber group; *note explains how Open Medic counts a region, or is NULL.
 */
int	 meds_params_read_options(struct query_db *, const char *const option[],
	     struct meds_query *, char **note, char **cause);

/* The query's history entry: the options that differ from the defaults. */
json_t	*meds_params_to_json(const struct meds_query *);

/* Reads a history entry back; -1 with *cause when it is not one meds_params_to_json makes. */
int	 meds_params_read_json(struct query_db *, const json_t *,
	     struct meds_query *, char **cause);

#endif
