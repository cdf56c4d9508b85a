/* SPDX-License-Identifier: ISC */
/*
 * The parameters of `mediflux regions` and of the Régions pane: the options
 * read into a struct region_query, the query as its history entry, and an
 * entry read back, checked as the options are, for a replay.
 */
#ifndef MEDIFLUX_PARAMS_REGIONS_H
#define MEDIFLUX_PARAMS_REGIONS_H

#include <jansson.h>

#include "cmd.h"
#include "params.h"
#include "query_regions.h"

/* The options, in the order of regions_params_options. */
enum regions_option {
	REGIONS_OPT_LEVEL, REGIONS_OPT_YEAR, REGIONS_OPT_SORT, REGIONS_OPT_ASC,
	REGIONS_NOPTIONS
};

extern const struct cmd_option regions_params_options[];

/*
 * Reads the options given (option[i] the value of regions_params_options[i],
 * "" for a flag, or NULL) into *rq, every field set: 0, or PARAMS_USAGE with
 * *cause for a value the option does not take.
 */
int	 regions_params_read_options(const char *const option[],
	     struct region_query *rq, char **cause);

/* The query's history entry: the options that differ from the defaults. */
json_t	*regions_params_to_json(const struct region_query *);

/* Reads a history entry back; -1 with *cause when it is not one regions_params_to_json makes. */
int	 regions_params_read_json(const json_t *, struct region_query *,
	     char **cause);

#endif
