/* SPDX-License-Identifier: ISC */
/*
 * A query's parameters, owned by one module a query (params_meds.c,
 * params_regions.c, params_search.c): the options the command line takes are
 * the keys its history entries hold, so that the command, the pane and replay
 * read them through the same checks. This is the engine they share.
 */
#ifndef MEDIFLUX_PARAMS_H
#define MEDIFLUX_PARAMS_H

#include <jansson.h>

#include "cmd.h"

/* What a params_*_read_options returns for a value its option does not take. */
#define PARAMS_USAGE	2

enum param_type {
	PARAM_INT,		/* a JSON integer within min..max */
	PARAM_TEXT,		/* a JSON string of min..max bytes */
	PARAM_FLAG,		/* a JSON boolean */
};

/* One key a query's history entries may hold; a table ends with a NULL key. */
struct param_spec {
	const char	*key;
	enum param_type	 type;
	int		 min, max;
};

/*
 * A whole number given to option --name; PARAMS_USAGE with *cause when the
 * text is not one from min to max.
 */
int	 params_option_int(const char *name, const char *text, int min, int max,
	     int *out, char **cause);

/*
 * Checks a history entry's parameters before a replay reads them: an object
 * whose every key is in specs, each value of its type and range; -1 with
 * *cause naming the key otherwise.
 */
int	 params_check_json(const json_t *params, const struct param_spec *specs,
	     char **cause);

/* A history entry's values as the command line would have been given them. */
struct params_text {
	const char	*option[CMD_MAX_OPTIONS];	/* NULL: not given */
	char		 buf[CMD_MAX_OPTIONS][32];	/* an integer's text */
};

/*
 * Checks a history entry (params_check_json), then sets out->option[i] to the
 * text of options[i] as typed: an integer in decimal, a true flag as "", NULL
 * for a key absent or a flag false; -1 with *cause when the check fails.
 */
int	 params_json_options(const json_t *params,
	     const struct param_spec *specs, const struct cmd_option *options,
	     struct params_text *out, char **cause);

/* Sets *cause and returns PARAMS_USAGE: a value an option does not take. */
int	 params_usage(char **cause, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));

/* Why a history entry was refused, from why its options were (freed): returns -1. */
int	 params_not_replayed(char **cause, char *why);

#endif
