/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* The languages mediflux speaks: the source's, then po/'s catalogues. */
static const char *const i18n_languages[] = { "en", "fr", NULL };

/* What i18n_init made of the environment, which i18n_set_language(NULL) restores. */
static char *i18n_env_language;		/* LANGUAGE, or NULL when unset */
static char *i18n_env_messages;		/* the LC_MESSAGES locale */

/* The language of a locale or LANGUAGE entry ("fr_FR.UTF-8" is "fr") if mediflux speaks it. */
static const char *
i18n_known(const char *name, size_t n)
{
	size_t i, len;

	for (len = 0; len < n && name[len] != '_' && name[len] != '.' &&
	    name[len] != '@'; len++)
		;
	for (i = 0; i18n_languages[i] != NULL; i++)
		if (strlen(i18n_languages[i]) == len &&
		    strncmp(name, i18n_languages[i], len) == 0)
			return i18n_languages[i];
	return NULL;
}

/* The first of LC_ALL, LC_MESSAGES and LANG that is set, as setlocale reads them. */
static const char *
i18n_locale_name(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

void
i18n_init(void)
{
	const char *dir = getenv("MEDIFLUX_LOCALEDIR"), *name, *lang;

	/* Character types and messages only: numbers are number.h's. */
	setlocale(LC_CTYPE, "");
	if (setlocale(LC_MESSAGES, "") == NULL) {
		/*
		 * The locale named is not installed (servers often have
		 * C.UTF-8 alone): its language still says what to speak,
		 * through LANGUAGE, which gettext reads under C.UTF-8.
		 */
		name = i18n_locale_name();
		lang = name != NULL ? i18n_known(name, strlen(name)) : NULL;
		if (lang != NULL && setlocale(LC_MESSAGES, "C.UTF-8") != NULL)
			(void)setenv("LANGUAGE", lang, 0);
	}
	if ((name = getenv("LANGUAGE")) != NULL)
		i18n_env_language = strdup(name);
	if ((name = setlocale(LC_MESSAGES, NULL)) != NULL)
		i18n_env_messages = strdup(name);
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir :
	    MEDIFLUX_LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

int
i18n_set_language(const char *lang)
{
	const char *known, *messages;

	if (lang == NULL || *lang == '\0') {
		/* Back to what the environment chose. */
		if (i18n_env_messages != NULL)
			(void)setlocale(LC_MESSAGES, i18n_env_messages);
		if (i18n_env_language != NULL)
			(void)setenv("LANGUAGE", i18n_env_language, 1);
		else
			(void)unsetenv("LANGUAGE");
		textdomain(PACKAGE);
		return 0;
	}
	if ((known = i18n_known(lang, strlen(lang))) == NULL ||
	    strlen(known) != strlen(lang))
		return -1;
	/*
	 * LANGUAGE outranks LC_ALL, LC_MESSAGES and LANG for gettext, but
	 * not under the C locale: C.UTF-8 then stands in.
	 */
	messages = setlocale(LC_MESSAGES, NULL);
	if (messages == NULL || strcmp(messages, "C") == 0 ||
	    strcmp(messages, "POSIX") == 0)
		(void)setlocale(LC_MESSAGES, "C.UTF-8");
	if (setenv("LANGUAGE", known, 1) != 0)
		return -1;
	/* Setting the domain again makes gettext look its catalogue up anew. */
	textdomain(PACKAGE);
	return 0;
}

const char *
i18n_pgettext(const char *ctx, const char *s)
{
	char key[256];
	const char *t;
	int n;

	/* gettext's own form: the context, EOT, the string. */
	n = snprintf(key, sizeof key, "%s\004%s", ctx, s);
	if (n < 0 || (size_t)n >= sizeof key)
		return s;
	t = gettext(key);
	return t == key ? s : t;
}

const char *
i18n_language(void)
{
	const char *messages = setlocale(LC_MESSAGES, NULL), *v, *end, *known;

	/* Under C, gettext translates nothing, whatever LANGUAGE says. */
	if (messages == NULL || strcmp(messages, "C") == 0 ||
	    strcmp(messages, "POSIX") == 0)
		return "en";
	/* LANGUAGE, when set, is the whole list gettext tries, in order. */
	if ((v = getenv("LANGUAGE")) != NULL && *v != '\0') {
		for (; *v != '\0'; v = *end != '\0' ? end + 1 : end) {
			if ((end = strchr(v, ':')) == NULL)
				end = v + strlen(v);
			if ((known = i18n_known(v, (size_t)(end - v))) != NULL)
				return known;
		}
		return "en";
	}
	known = i18n_known(messages, strlen(messages));
	return known != NULL ? known : "en";
}
