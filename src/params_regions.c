/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "params_regions.h"
#include "xmalloc.h"

const struct cmd_option regions_params_options[] = {
	[REGIONS_OPT_LEVEL] = { "level", NC_("placeholder", "LEVEL"),
	    N_("region (default) or department") },
	[REGIONS_OPT_YEAR] = { "year", NC_("placeholder", "YEAR"),
	    N_("the year (default: the latest with hospital or medication "
	    "figures)") },
	[REGIONS_OPT_SORT] = { "sort", NC_("placeholder", "METRIC"),
	    N_("sort by code, name or a metric (largest first)") },
	[REGIONS_OPT_ASC] = { "asc", NULL, N_("sort in ascending order") },
	[REGIONS_NOPTIONS] = { NULL, NULL, NULL },
};

/* What a history entry may hold: the options, as regions_params_to_json writes them. */
static const struct param_spec regions_params_specs[] = {
	{ "level", PARAM_TEXT, 1, 16 },
	{ "year", PARAM_INT, 1900, 2100 },
	{ "sort", PARAM_TEXT, 1, 64 },
	{ "asc", PARAM_FLAG, 0, 0 },
	{ NULL, 0, 0, 0 },
};

int
regions_params_read_options(const char *const option[],
    struct region_query *rq, char **cause)
{
	const char *v;

	rq->level = REGION_LEVEL_REGION;
	rq->year = 0;
	rq->sort = REGION_SORT_CODE;
	rq->descending = 0;
	if ((v = option[REGIONS_OPT_LEVEL]) != NULL) {
		if (strcmp(v, "region") == 0 || strcmp(v, "regions") == 0)
			rq->level = REGION_LEVEL_REGION;
		else if (strcmp(v, "departement") == 0 ||
		    strcmp(v, "departements") == 0 ||
		    strcmp(v, "département") == 0 ||
		    strcmp(v, "départements") == 0 ||
		    strcmp(v, "department") == 0 ||
		    strcmp(v, "departments") == 0)
			rq->level = REGION_LEVEL_DEPARTEMENT;
		else
			return params_usage(cause, "%s", _("--level is region "
			    "or department"));
	}
	if ((v = option[REGIONS_OPT_YEAR]) != NULL &&
	    params_option_int("year", v, 1900, 2100, &rq->year, cause) != 0)
		return PARAMS_USAGE;
	if ((v = option[REGIONS_OPT_SORT]) != NULL) {
		if ((rq->sort = region_sort_from_name(v)) < REGION_SORT_NAME)
			return params_usage(cause, _("--sort: '%s' is not "
			    "code, name or a metric (see mediflux regions "
			    "--help)"), v);
		/* Figures read best largest first; names and codes A to Z. */
		rq->descending = rq->sort >= 0;
	}
	if (option[REGIONS_OPT_ASC] != NULL)
		rq->descending = 0;
	return 0;
}

json_t *
regions_params_to_json(const struct region_query *rq)
{
	json_t *params = json_object();

	if (rq->level != REGION_LEVEL_REGION)
		json_object_set_new(params, "level",
		    json_string(region_level_name(rq->level)));
	if (rq->year != 0)
		json_object_set_new(params, "year", json_integer(rq->year));
	/* Names and codes only sort A to Z on the command line. */
	if (rq->sort != REGION_SORT_CODE)
		json_object_set_new(params, "sort", json_string(
		    rq->sort == REGION_SORT_NAME ? "name" :
		    region_metrics[rq->sort].name));
	if (rq->sort >= 0 && !rq->descending)
		json_object_set_new(params, "asc", json_true());
	return params;
}

int
regions_params_read_json(const json_t *params, struct region_query *rq,
    char **cause)
{
	struct params_text t;
	char *why = NULL;

	if (params_json_options(params, regions_params_specs,
	    regions_params_options, &t, cause) != 0)
		return -1;
	if (regions_params_read_options(t.option, rq, &why) != 0)
		return params_not_replayed(cause, why);
	return 0;
}
