/* SPDX-License-Identifier: ISC */
/*
 * The parameters of `mediflux search` and `mediflux hospital` and of the
 * Hôpitaux pane: what was asked, as a history entry, and an entry read
 * back, checked as the command line checks what it is given, for a replay.
 */
#ifndef MEDIFLUX_PARAMS_SEARCH_H
#define MEDIFLUX_PARAMS_SEARCH_H

#include <jansson.h>

#include "cmd.h"
#include "params.h"
#include "sae_activity.h"

/* The options of search, in the order of search_params_options. */
enum search_option { SEARCH_OPT_LIMIT, SEARCH_OPT_ALL, SEARCH_OPT_WITH,
    SEARCH_OPT_NEAR, SEARCH_NOPTIONS };

extern const struct cmd_option search_params_options[];

struct search_params {
	char	*query;		/* the words, joined and made safe to show */
	int	 limit;		/* at most this many establishments; 0 for all */
	int	 all;		/* every kind, not only hospitals and clinics */
	/* --with: activities every site listed has (sae_activity.h) */
	struct sae_condition	 with[SAE_CONDITIONS_MAX];
	size_t			 nwith;
	/* --near: within this many km of the place, nearest first; 0 not asked */
	int			 near_km;
};

/*
 * Reads the words and options of `search` (option[i] the value of
 * search_params_options[i], "" for a flag, or NULL) into *sp: 0, or
 * PARAMS_USAGE with *cause (nothing to search for, a bad --limit). With
 * --near the words may be none: the caller then searches around the
 * profile's location.
 */
int	 search_params_read_options(char **words, int nwords,
	     const char *const option[], struct search_params *sp,
	     char **cause);
void	 search_params_clear(struct search_params *);

/* The search's history entry: query, limit and all, always all three; with and near when given. */
json_t	*search_params_to_json(const struct search_params *);

/* Reads a history entry back into *sp (cleared first); -1 with *cause when it is not one search_params_to_json makes. */
int	 search_params_read_json(const json_t *, struct search_params *,
	     char **cause);

/* An establishment's detail as a history entry: its FINESS number. */
json_t	*hospital_params_to_json(const char *finess);

/* The FINESS number of a detail's history entry; -1 with *cause when it is not one. */
int	 hospital_params_read_json(const json_t *, char finess[10],
	     char **cause);

#endif
