/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "fold.h"
#include "i18n.h"
#include "params_drug.h"
#include "query_drug.h"
#include "xmalloc.h"

static const struct param_spec drug_params_specs[] = {
	{ "query", PARAM_TEXT, 1, DRUG_QUERY_MAX },
	{ "limit", PARAM_INT, 0, 1000000 },
	{ NULL, 0, 0, 0 },
};

json_t *
drug_params_to_json(const char *query, int limit)
{
	json_t *o = json_pack("{s:s}", "query", query);

	if (limit != DRUG_LIMIT_DEFAULT)
		json_object_set_new(o, "limit", json_integer(limit));
	return o;
}

int
drug_params_read_json(const json_t *params, char *query, int *limit,
    char **cause)
{
	const char *q;
	json_t *l;

	if (params_check_json(params, drug_params_specs, cause) != 0)
		return -1;
	if ((q = json_string_value(json_object_get(params, "query"))) == NULL ||
	    fold_is_blank(q))
		return error_set(cause, "%s", _("the history entry has no "
		    "query"));
	memcpy(query, q, strlen(q) + 1);
	l = json_object_get(params, "limit");
	*limit = l != NULL ? (int)json_integer_value(l) : DRUG_LIMIT_DEFAULT;
	return 0;
}
