/* SPDX-License-Identifier: ISC */
/*
 * The parameters of `mediflux drug` and of the Médicaments pane's medicine
 * search: what was asked, as a history entry, and an entry read back,
 * checked, for a replay.
 */
#ifndef MEDIFLUX_PARAMS_DRUG_H
#define MEDIFLUX_PARAMS_DRUG_H

#include <jansson.h>

#include "params.h"

#define DRUG_QUERY_MAX 256

/* The search's history entry: the folded words or code, and a limit other than the default. */
json_t	*drug_params_to_json(const char *query, int limit);

/*
 * Reads a history entry back: query copied into a buffer of
 * DRUG_QUERY_MAX + 1 bytes, limit the default when absent; -1 with *cause
 * when it is not one drug_params_to_json makes.
 */
int	 drug_params_read_json(const json_t *, char *query, int *limit,
	     char **cause);

#endif
