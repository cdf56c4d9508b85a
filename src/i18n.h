/* SPDX-License-Identifier: ISC */
/*
 * The language of what mediflux says: GNU gettext, English in the source,
 * each translation in po/ (po/fr.po). Strings a person reads go through _()
 * where they are used; those in static tables are marked N_() there and
 * translated with _() where they are drawn or printed. --json keys and the
 * data as published are never translated.
 */
#ifndef MEDIFLUX_I18N_H
#define MEDIFLUX_I18N_H

#include <libintl.h>

#define _(s)	i18n_gettext(s)
#define N_(s)	(s)
/* A string whose translation depends on where it is shown (ctx), as pgettext. */
#define C_(ctx, s)	i18n_pgettext(ctx, s)
#define NC_(ctx, s)	(s)

/*
 * gettext, for strings from tables too: NULL and "" stay as they are, where
 * gettext("") would give the catalogue's header.
 */
static inline __attribute__((format_arg(1))) const char *
i18n_gettext(const char *s)
{
	return s == NULL || *s == '\0' ? s : gettext(s);
}

/*
 * Chooses the language from the environment as every GNU program does
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) and binds the translations, from
 * MEDIFLUX_LOCALEDIR when set (the tests' uninstalled catalogues) or the
 * installed ones. Character types follow the locale too; numbers do not
 * (they are parsed and formatted by number.h, for the language).
 */
void		 i18n_init(void);

/*
 * Overrides the environment's language with lang ("fr", "en"), as the
 * profile's preferences.language does for the interface; NULL or "" goes
 * back to the environment's. Returns 0, or -1 when lang is not a language
 * mediflux speaks (the language is then unchanged).
 */
int		 i18n_set_language(const char *lang);

/* The translation of s in context ctx ("function bar"), or s. */
const char	*i18n_pgettext(const char *ctx, const char *s)
		    __attribute__((format_arg(2)));

/* The language messages are in now: "fr" or "en". */
const char	*i18n_language(void);

#endif
