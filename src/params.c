/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "number.h"
#include "params.h"
#include "xmalloc.h"

int
params_option_int(const char *name, const char *text, int min, int max,
    int *out, char **cause)
{
	int64_t v;

	if (number_parse_int(text, &v) != 0 || v < min || v > max)
		return params_usage(cause, _("--%s wants a whole number from "
		    "%d to %d"), name, min, max);
	*out = (int)v;
	return 0;
}

/* The spec of key, or NULL when the query has no such parameter. */
static const struct param_spec *
params_find(const struct param_spec *specs, const char *key)
{
	for (; specs->key != NULL; specs++)
		if (strcmp(specs->key, key) == 0)
			return specs;
	return NULL;
}

int
params_check_json(const json_t *params, const struct param_spec *specs,
    char **cause)
{
	const struct param_spec *s;
	const char *key;
	json_t *v;
	json_int_t n;
	size_t len;

	if (!json_is_object(params))
		return error_set(cause, "%s", _("the history entry's "
		    "parameters are not an object"));
	json_object_foreach((json_t *)params, key, v) {
		if ((s = params_find(specs, key)) == NULL)
			return error_set(cause, _("the history entry has an "
			    "unknown parameter '%s'"), key);
		switch (s->type) {
		case PARAM_INT:
			if (!json_is_integer(v) ||
			    (n = json_integer_value(v)) < s->min || n > s->max)
				return error_set(cause, _("the history entry's "
				    "%s is not a whole number from %d to %d"),
				    key, s->min, s->max);
			break;
		case PARAM_TEXT:
			if (!json_is_string(v) ||
			    (len = json_string_length(v)) < (size_t)s->min ||
			    len > (size_t)s->max ||
			    strlen(json_string_value(v)) != len)
				return error_set(cause, _("the history entry's "
				    "%s is not a text of %d to %d bytes"), key,
				    s->min, s->max);
			break;
		case PARAM_FLAG:
			if (!json_is_boolean(v))
				return error_set(cause, _("the history entry's "
				    "%s is not true or false"), key);
			break;
		}
	}
	return 0;
}

int
params_usage(char **cause, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
	return PARAMS_USAGE;
}

int
params_not_replayed(char **cause, char *why)
{
	error_set(cause, _("not replayed: %s"), why);
	free(why);
	return -1;
}

/* One checked value as typed, or NULL (see params_json_options). */
static const char *
params_json_text(const json_t *params, const char *key, char buf[32])
{
	const json_t *v = json_object_get(params, key);

	if (v == NULL || json_is_false(v))
		return NULL;
	if (json_is_true(v))
		return "";
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	return json_string_value(v);
}

int
params_json_options(const json_t *params, const struct param_spec *specs,
    const struct cmd_option *options, struct params_text *out, char **cause)
{
	int i;

	if (params_check_json(params, specs, cause) != 0)
		return -1;
	memset(out->option, 0, sizeof out->option);
	for (i = 0; i < CMD_MAX_OPTIONS && options[i].name != NULL; i++)
		out->option[i] = params_json_text(params, options[i].name,
		    out->buf[i]);
	return 0;
}
