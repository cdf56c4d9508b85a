/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "utf8.h"

void
out_printf(FILE *f, const char *fmt, ...)
{
	const char *end = fmt + strlen(fmt), *p;
	size_t lead = 0, trail = 0;
	va_list ap;
	char *text, *clean;

	while (fmt[lead] == '\n')
		lead++;
	while (end - trail > fmt + lead && end[-1 - (ptrdiff_t)trail] == '\n')
		trail++;
	/* utf8_sanitize would make an inner line break a space: one call a line. */
	for (p = fmt + lead; p < end - trail; p++)
		if (*p == '\n')
			fatalx("out_printf: a line break inside \"%s\"", fmt);
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	/* The format's own line breaks are literal at both ends of text. */
	text[strlen(text) - trail] = '\0';
	clean = utf8_sanitize(text + lead);
	fprintf(f, "%.*s%s%.*s", (int)lead, fmt, clean, (int)trail, end - trail);
	free(clean);
	free(text);
}

json_t *
out_json_sanitized(const json_t *j)
{
	const char *key;
	json_t *copy, *v;
	char *clean;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_STRING:
		clean = utf8_sanitize(json_string_value(j));
		copy = json_string(clean);
		free(clean);
		break;
	case JSON_ARRAY:
		copy = json_array();
		json_array_foreach(j, i, v)
			json_array_append_new(copy, out_json_sanitized(v));
		break;
	case JSON_OBJECT:
		copy = json_object();
		/* Insertion order: --json keeps the order its writers chose. */
		json_object_foreach((json_t *)j, key, v) {
			clean = utf8_sanitize(key);
			json_object_set_new(copy, clean, out_json_sanitized(v));
			free(clean);
		}
		break;
	default:
		copy = json_deep_copy(j);
		break;
	}
	if (copy == NULL)
		fatalx("out_json_sanitized: out of memory");
	return copy;
}

int
out_json(FILE *f, json_t *j, size_t flags)
{
	json_t *clean = out_json_sanitized(j);
	char *text;
	int rc = 0;

	text = json_dumps(clean, flags);
	json_decref(clean);
	json_decref(j);
	if (text == NULL)
		fatalx("cannot encode JSON output");
	if (fputs(text, f) == EOF || fputc('\n', f) == EOF)
		rc = -1;
	free(text);
	return rc;
}

json_t *
out_json_text(const char *s)
{
	char *clean;
	json_t *j;

	if (s == NULL)
		return json_null();
	clean = utf8_sanitize(s);
	j = json_string(clean);
	free(clean);
	return j;
}
