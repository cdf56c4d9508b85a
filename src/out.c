/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
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

/* The parser's fixed messages (jansson's load.c), the English as it says them. */
static const char *const out_json_messages[] = {
	N_("premature end of input"),
	N_("unexpected newline"),
	N_("invalid escape"),
	N_("too big negative integer"),
	N_("too big integer"),
	N_("real number overflow"),
	N_("maximum parsing depth reached"),
	N_("string or '}' expected"),
	N_("duplicate object key"),
	N_("':' expected"),
	N_("invalid token"),
	N_("unexpected token"),
	N_("']' expected"),
	N_("'[' or '{' expected"),
	N_("end of file expected"),
	N_("NUL byte in object key not supported"),
};

const char *
out_json_error(const json_error_t *e)
{
	size_t i, n;

	/* Its own words first, without the "near 'token'" it quotes. */
	for (i = 0; i < sizeof out_json_messages / sizeof out_json_messages[0];
	    i++) {
		n = strlen(out_json_messages[i]);
		if (strncmp(e->text, out_json_messages[i], n) == 0 &&
		    (e->text[n] == '\0' || strncmp(e->text + n, " near ", 6) == 0))
			return _(out_json_messages[i]);
	}
	switch (json_error_code(e)) {
	case json_error_invalid_syntax:
		return _("not valid JSON");
	case json_error_premature_end_of_input:
		return _("the JSON text ends too early");
	case json_error_end_of_input_expected:
		return _("more after the end of the JSON text");
	case json_error_invalid_utf8:
		return _("not UTF-8 text");
	case json_error_duplicate_key:
		return _("the same key twice in one object");
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return _("a NUL character in the text");
	case json_error_numeric_overflow:
		return _("a number too large");
	case json_error_cannot_open_file:
		return _("cannot open the file");
	case json_error_stack_overflow:
		return _("nested too deeply");
	default:
		return e->text;
	}
}
