/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "finess.h"
#include "fold.h"
#include "i18n.h"
#include "params_search.h"
#include "query_hospital.h"
#include "utf8.h"
#include "xmalloc.h"

/* What a recorded search can grow to once made safe to show. */
#define SEARCH_QUERY_MAX	(4 * HOSPITAL_QUERY_MAX)

const struct cmd_option search_params_options[] = {
	[SEARCH_OPT_LIMIT] = { "limit", NC_("placeholder", "N"),
	    N_("list at most N establishments (default 20, 0 for all)") },
	[SEARCH_OPT_ALL] = { "all", NULL, N_("every kind of establishment, not "
	    "only hospitals and clinics") },
	[SEARCH_OPT_WITH] = { "with", NC_("placeholder", "LIST"),
	    N_("only the sites doing each activity of LIST "
	    "(maternity:3,icu,mri) in the latest SAE year") },
	[SEARCH_OPT_NEAR] = { "near", NC_("placeholder", "[KM]"),
	    N_("within KM of the place (default 30; of your profile's "
	    "location when no place is given), nearest first, as the crow "
	    "flies") },
	[SEARCH_NOPTIONS] = { NULL, NULL, NULL },
};

static const struct param_spec search_params_specs[] = {
	{ "query", PARAM_TEXT, 1, SEARCH_QUERY_MAX },
	{ "limit", PARAM_INT, 0, 1000000 },
	{ "all", PARAM_FLAG, 0, 0 },
	{ "with", PARAM_TEXT, 1, 400 },
	{ "near", PARAM_INT, 1, HOSPITAL_NEAR_MAX_KM },
	{ NULL, 0, 0, 0 },
};

static const struct param_spec hospital_params_specs[] = {
	{ "finess", PARAM_TEXT, 9, 9 },
	{ NULL, 0, 0, 0 },
};

/* The query: the words joined, so that "search saint etienne" needs no quotes. */
static char *
search_params_join(char **words, int nwords)
{
	char *query, *t;
	int i;

	query = xstrdup(nwords > 0 ? words[0] : "");
	for (i = 1; i < nwords; i++) {
		t = xasprintf("%s %s", query, words[i]);
		free(query);
		query = t;
	}
	return query;
}

int
search_params_read_options(char **words, int nwords,
    const char *const option[], struct search_params *sp, char **cause)
{
	const char *v = option[SEARCH_OPT_LIMIT];
	char *end;
	long n;
	int rc;

	memset(sp, 0, sizeof *sp);
	sp->limit = HOSPITAL_SEARCH_LIMIT;
	if (v != NULL) {
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000)
			return params_usage(cause, _("--limit wants a number "
			    "of results (0 for all), not '%s'"), v);
		sp->limit = (int)n;
	}
	sp->all = option[SEARCH_OPT_ALL] != NULL;
	if ((v = option[SEARCH_OPT_WITH]) != NULL) {
		if ((rc = sae_conditions_parse(v, sp->with, SAE_CONDITIONS_MAX,
		    cause)) < 0)
			return PARAMS_USAGE;
		sp->nwith = (size_t)rc;
	}
	if ((v = option[SEARCH_OPT_NEAR]) != NULL) {
		sp->near_km = HOSPITAL_NEAR_KM;
		if (*v != '\0') {
			n = strtol(v, &end, 10);
			if (*end != '\0' || n < 1 || n > HOSPITAL_NEAR_MAX_KM)
				return params_usage(cause, _("--near wants a "
				    "distance in km from 1 to %d, not '%s'"),
				    HOSPITAL_NEAR_MAX_KM, v);
			sp->near_km = (int)n;
		}
	}
	sp->query = search_params_join(words, nwords);
	if (fold_is_blank(sp->query) && sp->near_km == 0) {
		params_usage(cause, _("nothing to search for (a city, a "
		    "postcode or a département code) in '%s'"), sp->query);
		search_params_clear(sp);
		return PARAMS_USAGE;
	}
	return 0;
}

void
search_params_clear(struct search_params *sp)
{
	free(sp->query);
	sp->query = NULL;
}

json_t *
search_params_to_json(const struct search_params *sp)
{
	char *safe = utf8_sanitize(sp->query), *with;
	json_t *params;

	/* As the search's results show it. */
	params = json_pack("{s:s, s:i, s:b}", "query", safe, "limit",
	    sp->limit, "all", sp->all);
	free(safe);
	if (sp->nwith > 0) {
		with = sae_conditions_text(sp->with, sp->nwith);
		json_object_set_new(params, "with", json_string(with));
		free(with);
	}
	if (sp->near_km > 0)
		json_object_set_new(params, "near", json_integer(sp->near_km));
	return params;
}

int
search_params_read_json(const json_t *params, struct search_params *sp,
    char **cause)
{
	struct params_text t;
	const char *query;
	char *why = NULL, *words[1], *safe;

	search_params_clear(sp);
	if (params_json_options(params, search_params_specs,
	    search_params_options, &t, cause) != 0)
		return -1;
	if ((query = json_string_value(json_object_get(params,
	    "query"))) == NULL)
		return error_set(cause, "%s", _("the history entry has no "
		    "query"));
	words[0] = (char *)query;
	if (search_params_read_options(words, 1, t.option, sp, &why) != 0)
		return params_not_replayed(cause, why);
	/* Made safe to show when it was recorded: anything else was written by hand. */
	if ((safe = utf8_sanitize(query)) != NULL && strcmp(safe, query) != 0) {
		free(safe);
		search_params_clear(sp);
		return error_set(cause, "%s", _("the history entry's query "
		    "holds characters no search records"));
	}
	free(safe);
	return 0;
}

json_t *
hospital_params_to_json(const char *finess)
{
	return json_pack("{s:s}", "finess", finess);
}

int
hospital_params_read_json(const json_t *params, char finess[10],
    char **cause)
{
	const char *v;

	if (params_check_json(params, hospital_params_specs, cause) != 0)
		return -1;
	if ((v = json_string_value(json_object_get(params, "finess"))) == NULL ||
	    !finess_number_valid(v))
		return error_set(cause, "%s", _("the history entry has no "
		    "FINESS number"));
	memcpy(finess, v, 10);
	return 0;
}
