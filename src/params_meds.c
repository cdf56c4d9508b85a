/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "params_meds.h"
#include "xmalloc.h"

const struct cmd_option meds_params_options[] = {
	[MEDS_OPT_YEAR] = { "year", NC_("placeholder", "YEAR"),
	    N_("the year (default: the latest)") },
	[MEDS_OPT_REGION] = { "region", NC_("placeholder", "REGION"),
	    N_("INSEE region code or name, or BEN_REG (default: all of "
	    "France)") },
	[MEDS_OPT_ATC] = { "atc", NC_("placeholder", "PREFIX"),
	    N_("only what is under this ATC code (N, N02, N02BE01)") },
	[MEDS_OPT_BY] = { "by", NC_("placeholder", "LEVEL"),
	    N_("atc1 to atc5 or product (default: the level below --atc)") },
	/* The values in the user's language; either language's are read. */
	[MEDS_OPT_AGE] = { "age", NC_("placeholder", "BAND"),
	    N_("0-19, 20-59, 60+ or unknown") },
	[MEDS_OPT_SEX] = { "sex", NC_("placeholder", "SEX"),
	    N_("male, female or unknown") },
	[MEDS_OPT_PRESCRIBER] = { "prescriber", NC_("placeholder", "GROUP"),
	    N_("gp, specialist, dentist, salaried, other or unknown") },
	[MEDS_OPT_TOP] = { "top", NC_("placeholder", "N"),
	    N_("only the N largest rows (default: all)") },
	[MEDS_OPT_PATHOLOGIES] = { "pathologies", NULL, N_("the rows: the ATC "
	    "classes of your profile's pathologies") },
	[MEDS_NOPTIONS] = { NULL, NULL, NULL },
};

/* What a history entry may hold: the options, as meds_params_to_json writes them. */
static const struct param_spec meds_params_specs[] = {
	{ "year", PARAM_INT, 1900, 2100 },
	{ "region", PARAM_TEXT, 1, 64 },
	{ "atc", PARAM_TEXT, 1, 7 },
	{ "by", PARAM_TEXT, 1, 16 },
	{ "age", PARAM_INT, 0, 99 },
	{ "sex", PARAM_INT, 0, 9 },
	{ "prescriber", PARAM_INT, 0, 999 },
	{ "top", PARAM_INT, 0, 1000000 },
	{ "pathologies", PARAM_FLAG, 0, 0 },
	{ NULL, 0, 0, 0 },
};

/* Sets one option from its text, as typed or as a history entry holds it. */
static int
meds_params_set(struct query_db *q, struct meds_query *mq, int opt,
    const char *v, char **note, char **cause)
{
	char *why = NULL;
	size_t i;

	switch (opt) {
	case MEDS_OPT_YEAR:
		return params_option_int("year", v, 1900, 2100, &mq->year, cause);
	case MEDS_OPT_TOP:
		return params_option_int("top", v, 0, 1000000, &mq->top, cause);
	case MEDS_OPT_ATC:
		if (strlen(v) >= sizeof mq->atc)
			return params_usage(cause, "%s", _("--atc: an ATC code "
			    "has at most 7 characters"));
		for (i = 0; v[i] != '\0'; i++)
			mq->atc[i] = (char)toupper((unsigned char)v[i]);
		mq->atc[i] = '\0';
		if (meds_atc_level(mq->atc) < 0)
			return params_usage(cause, "%s", _("--atc: not the "
			    "beginning of an ATC code (N, N02, N02B, N02BE, "
			    "N02BE01)"));
		return 0;
	case MEDS_OPT_BY:
		if ((mq->by = meds_by_from_name(v)) < 0)
			return params_usage(cause, "%s", _("--by is atc1 to "
			    "atc5 or product"));
		return 0;
	case MEDS_OPT_AGE:
		if ((mq->age = meds_age_from_name(v)) < 0)
			return params_usage(cause, "%s", _("--age is 0-19, "
			    "20-59, 60+ or unknown"));
		return 0;
	case MEDS_OPT_SEX:
		if ((mq->sex = meds_sex_from_name(v)) < 0)
			return params_usage(cause, "%s", _("--sex is male, "
			    "female or unknown"));
		return 0;
	case MEDS_OPT_PRESCRIBER:
		if ((mq->prescriber = meds_prescriber_from_name(q, v,
		    &why)) < 0) {
			params_usage(cause, _("--prescriber: %s"), why);
			free(why);
			return PARAMS_USAGE;
		}
		return 0;
	case MEDS_OPT_REGION:
		return meds_region_from_name(q, v, &mq->region, note, cause);
	}
	fatal("meds_params_set: option %d", opt);
}

int
meds_params_read_options(struct query_db *q, const char *const option[],
    struct meds_query *mq, char **note, char **cause)
{
	/* The region last: its lookup is the only one that is not a usage error. */
	static const int order[] = {
		MEDS_OPT_YEAR, MEDS_OPT_TOP, MEDS_OPT_ATC, MEDS_OPT_BY,
		MEDS_OPT_AGE, MEDS_OPT_SEX, MEDS_OPT_PRESCRIBER, MEDS_OPT_REGION,
	};
	size_t i;
	int rc;

	*note = NULL;
	if (option[MEDS_OPT_PATHOLOGIES] != NULL) {
		/* The rows are the profile's classes: no level, prefix or cut. */
		if (option[MEDS_OPT_ATC] != NULL || option[MEDS_OPT_BY] != NULL ||
		    option[MEDS_OPT_TOP] != NULL)
			return params_usage(cause, "%s", _("--pathologies "
			    "lists the classes of your pathologies: not with "
			    "--atc, --by or --top"));
		mq->pathologies = 1;
	}
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (option[order[i]] == NULL)
			continue;
		if ((rc = meds_params_set(q, mq, order[i], option[order[i]],
		    note, cause)) != 0)
			return rc;
	}
	return 0;
}

json_t *
meds_params_to_json(const struct meds_query *mq)
{
	json_t *params = json_object();
	char region[16];

	if (mq->pathologies)
		json_object_set_new(params, "pathologies", json_true());
	if (mq->year != 0)
		json_object_set_new(params, "year", json_integer(mq->year));
	/* The pathologies' classes are the rows, whatever the level shown. */
	if (mq->top != 0 && !mq->pathologies)
		json_object_set_new(params, "top", json_integer(mq->top));
	if (mq->atc[0] != '\0' && !mq->pathologies)
		json_object_set_new(params, "atc", json_string(mq->atc));
	if (mq->by != 0 && !mq->pathologies)
		json_object_set_new(params, "by",
		    json_string(meds_by_name(mq->by)));
	if (mq->age != MEDS_ANY)
		json_object_set_new(params, "age", json_integer(mq->age));
	if (mq->sex != MEDS_ANY)
		json_object_set_new(params, "sex", json_integer(mq->sex));
	if (mq->prescriber != MEDS_ANY)
		json_object_set_new(params, "prescriber",
		    json_integer(mq->prescriber));
	if (mq->region != MEDS_ANY) {
		/* The BEN_REG, which --region reads back as one. */
		snprintf(region, sizeof region, "%d", mq->region);
		json_object_set_new(params, "region", json_string(region));
	}
	return params;
}

int
meds_params_read_json(struct query_db *q, const json_t *params,
    struct meds_query *mq, char **cause)
{
	struct params_text t;
	char *note = NULL, *why = NULL;
	int rc;

	if (params_json_options(params, meds_params_specs, meds_params_options,
	    &t, cause) != 0)
		return -1;
	meds_query_init(mq);
	rc = meds_params_read_options(q, t.option, mq, &note, &why);
	free(note);
	return rc != 0 ? params_not_replayed(cause, why) : 0;
}
