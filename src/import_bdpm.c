/* SPDX-License-Identifier: ISC */
/*
 * The BDPM (base de données publique des médicaments, ANSM / HAS /
 * Assurance Maladie): eleven tab-separated files without a header, CP1252 as
 * published (UTF-8 copies exist), each recognised by what its first line
 * holds. Every file is described once, column by column, in bdpm_files; one
 * engine checks, converts and stores the rows of all of them.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "fold.h"
#include "i18n.h"
#include "import_engine.h"
#include "number.h"
#include "xmalloc.h"

/* How a published column is checked, and what it is stored as. */
enum bdpm_type {
	BDPM_CIS,	/* 8 digits */
	BDPM_CIP13,	/* 13 digits */
	BDPM_CIP7,	/* 7 digits */
	BDPM_DIGITS,	/* a code of digits, leading zeros kept */
	BDPM_DOSSIER,	/* a HAS dossier, CT-12345 */
	BDPM_ATC,	/* an ATC code, A to A01AB01 */
	BDPM_TEXT,	/* trimmed */
	BDPM_NAME,	/* text, and its folded search key */
	BDPM_LIST,	/* ';'-separated values, each trimmed */
	BDPM_HTML,	/* text of HTML, tags removed */
	BDPM_ANCHOR,	/* <a href='URL'>text</a>: its text, and its URL */
	BDPM_DATE_DMY,	/* DD/MM/YYYY */
	BDPM_DATE_YMD,	/* YYYYMMDD */
	BDPM_DATE_ISO,	/* YYYY-MM-DD */
	BDPM_INT,	/* whole number from min to max */
	BDPM_PRICE,	/* euros with a decimal comma, "4,755,42" past 1 000 */
	BDPM_RATES,	/* '65%', '65 %', '30%;65%': as published, and the highest */
	BDPM_YESNO,	/* Oui / Non */
	BDPM_NATURE,	/* SA, FT or ST */
};

struct bdpm_column {
	const char	*name;		/* as the ANSM's description names it */
	enum bdpm_type	 type;
	int		 required;
	const char	*sql;		/* the stored column(s), comma-separated */
	int		 min, max;	/* BDPM_INT */
};

enum bdpm_file_id {
	BDPM_F_CIS, BDPM_F_CIP, BDPM_F_COMPO, BDPM_F_GENER, BDPM_F_CPD,
	BDPM_F_SMR, BDPM_F_ASMR, BDPM_F_LINK, BDPM_F_INFO, BDPM_F_DISPO,
	BDPM_F_MITM, BDPM_NFILES
};

#define BDPM_MAX_COLUMNS 13

struct bdpm_file {
	const char		*table;		/* and the dataset's kind */
	const char		*published;	/* the file's published name */
	/* The key a later line may not repeat, or -1. */
	int			 unique;
	struct bdpm_column	 columns[BDPM_MAX_COLUMNS];
};

static const struct bdpm_file bdpm_files[BDPM_NFILES] = {
	[BDPM_F_CIS] = { "bdpm_cis", "CIS_bdpm.txt", 0, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Dénomination", BDPM_NAME, 1, "name, name_key", 0, 0 },
		{ "Forme pharmaceutique", BDPM_TEXT, 0, "form", 0, 0 },
		{ "Voies d'administration", BDPM_LIST, 0, "routes", 0, 0 },
		{ "Statut administratif de l'AMM", BDPM_TEXT, 0, "amm_status", 0, 0 },
		{ "Type de procédure d'AMM", BDPM_TEXT, 0, "amm_procedure", 0, 0 },
		{ "Etat de commercialisation", BDPM_TEXT, 0, "marketed", 0, 0 },
		{ "Date d'AMM", BDPM_DATE_DMY, 0, "amm_date", 0, 0 },
		{ "StatutBdm", BDPM_TEXT, 0, "bdm_status", 0, 0 },
		{ "Numéro de l'autorisation européenne", BDPM_TEXT, 0, "eu_number", 0, 0 },
		{ "Titulaire(s)", BDPM_LIST, 0, "holders", 0, 0 },
		{ "Surveillance renforcée", BDPM_YESNO, 0, "surveillance", 0, 0 },
	} },
	[BDPM_F_CIP] = { "bdpm_cip", "CIS_CIP_bdpm.txt", 6, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Code CIP7", BDPM_CIP7, 0, "cip7", 0, 0 },
		{ "Libellé de la présentation", BDPM_TEXT, 0, "label", 0, 0 },
		{ "Statut administratif de la présentation", BDPM_TEXT, 0, "status", 0, 0 },
		{ "Etat de commercialisation", BDPM_TEXT, 0, "marketing", 0, 0 },
		{ "Date de la déclaration de commercialisation", BDPM_DATE_DMY, 0,
		    "marketing_date", 0, 0 },
		{ "Code CIP13", BDPM_CIP13, 1, "cip13", 0, 0 },
		{ "Agrément aux collectivités", BDPM_TEXT, 0, "collectivites", 0, 0 },
		{ "Taux de remboursement", BDPM_RATES, 0, "rates, rate_pct", 0, 0 },
		{ "Prix du médicament", BDPM_PRICE, 0, "price_cents", 0, 0 },
		{ "Prix avec honoraires", BDPM_PRICE, 0, "price_fee_cents", 0, 0 },
		{ "Honoraires de dispensation", BDPM_PRICE, 0, "fee_cents", 0, 0 },
		{ "Indications ouvrant droit au remboursement", BDPM_HTML, 0,
		    "indications", 0, 0 },
	} },
	[BDPM_F_COMPO] = { "bdpm_compo", "CIS_COMPO_bdpm.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Désignation de l'élément pharmaceutique", BDPM_TEXT, 0, "element", 0, 0 },
		{ "Code de la substance", BDPM_DIGITS, 0, "substance_code", 0, 0 },
		{ "Dénomination de la substance", BDPM_NAME, 1,
		    "substance, substance_key", 0, 0 },
		{ "Dosage de la substance", BDPM_TEXT, 0, "dosage", 0, 0 },
		{ "Référence de ce dosage", BDPM_TEXT, 0, "reference", 0, 0 },
		{ "Nature du composant", BDPM_NATURE, 1, "nature", 0, 0 },
		{ "Numéro de liaison SA/FT", BDPM_INT, 0, "link", 0, 1000000 },
	} },
	[BDPM_F_GENER] = { "bdpm_gener", "CIS_GENER_bdpm.txt", -1, {
		{ "Identifiant du groupe générique", BDPM_INT, 1, "group_id", 1,
		    100000000 },
		{ "Libellé du groupe générique", BDPM_TEXT, 0, "label", 0, 0 },
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Type de générique", BDPM_INT, 1, "type", 0, 4 },
		{ "Numéro de tri", BDPM_INT, 0, "sort", 0, 100000000 },
	} },
	[BDPM_F_CPD] = { "bdpm_cpd", "CIS_CPD_bdpm.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Condition de prescription ou de délivrance", BDPM_TEXT, 1,
		    "condition", 0, 0 },
	} },
	[BDPM_F_SMR] = { "bdpm_has_smr", "CIS_HAS_SMR_bdpm.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Code de dossier HAS", BDPM_DOSSIER, 0, "dossier", 0, 0 },
		{ "Motif d'évaluation", BDPM_TEXT, 0, "motive", 0, 0 },
		{ "Date de l'avis de la Commission de la transparence",
		    BDPM_DATE_YMD, 0, "date", 0, 0 },
		{ "Valeur du SMR", BDPM_TEXT, 0, "value", 0, 0 },
		{ "Libellé du SMR", BDPM_HTML, 0, "label", 0, 0 },
	} },
	[BDPM_F_ASMR] = { "bdpm_has_asmr", "CIS_HAS_ASMR_bdpm.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Code de dossier HAS", BDPM_DOSSIER, 0, "dossier", 0, 0 },
		{ "Motif d'évaluation", BDPM_TEXT, 0, "motive", 0, 0 },
		{ "Date de l'avis de la Commission de la transparence",
		    BDPM_DATE_YMD, 0, "date", 0, 0 },
		{ "Valeur de l'ASMR", BDPM_TEXT, 0, "value", 0, 0 },
		{ "Libellé de l'ASMR", BDPM_HTML, 0, "label", 0, 0 },
	} },
	[BDPM_F_LINK] = { "bdpm_has_link", "HAS_LiensPageCT_bdpm.txt", 0, {
		{ "Code de dossier HAS", BDPM_DOSSIER, 1, "dossier", 0, 0 },
		{ "Lien vers les pages d'avis de la CT", BDPM_TEXT, 1, "url", 0, 0 },
	} },
	[BDPM_F_INFO] = { "bdpm_info", "CIS_InfoImportantes_*_bdpm.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Date de début de l'information de sécurité", BDPM_DATE_ISO, 1,
		    "start_date", 0, 0 },
		{ "Date de fin de l'information de sécurité", BDPM_DATE_ISO, 0,
		    "end_date", 0, 0 },
		{ "Texte à afficher et lien vers l'information de sécurité",
		    BDPM_ANCHOR, 0, "text, url", 0, 0 },
	} },
	[BDPM_F_DISPO] = { "bdpm_dispo", "CIS_CIP_Dispo_Spec.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Code CIP13", BDPM_CIP13, 0, "cip13", 0, 0 },
		{ "Code statut", BDPM_INT, 1, "status_code", 1, 4 },
		{ "Libellé statut", BDPM_TEXT, 0, "status", 0, 0 },
		{ "Date début", BDPM_DATE_DMY, 0, "start_date", 0, 0 },
		{ "Date mise à jour", BDPM_DATE_DMY, 0, "updated", 0, 0 },
		{ "Date remise à disposition", BDPM_DATE_DMY, 0, "back_date", 0, 0 },
		{ "Lien vers la page ANSM", BDPM_TEXT, 0, "url", 0, 0 },
	} },
	[BDPM_F_MITM] = { "bdpm_mitm", "CIS_MITM.txt", -1, {
		{ "Code CIS", BDPM_CIS, 1, "cis", 0, 0 },
		{ "Code ATC", BDPM_ATC, 1, "atc", 0, 0 },
		{ "Dénomination de la spécialité", BDPM_TEXT, 0, "name", 0, 0 },
		{ "Lien vers la BDPM", BDPM_TEXT, 0, "url", 0, 0 },
	} },
};

/* What one run has read, so that the same file twice is refused, naming both. */
struct bdpm_run {
	char	*from[BDPM_NFILES];
};

/* One converted value, bound in the column's place. */
struct bdpm_value {
	char	*text[2];
	int64_t	 number;
	int	 has_number;
};

static size_t
bdpm_ncolumns(const struct bdpm_file *f)
{
	size_t n = 0;

	while (n < BDPM_MAX_COLUMNS && f->columns[n].name != NULL)
		n++;
	return n;
}

/* Fields a line needs: up to its last required column. */
static size_t
bdpm_min_fields(const struct bdpm_file *f)
{
	size_t i, n = 0;

	for (i = 0; i < bdpm_ncolumns(f); i++)
		if (f->columns[i].required)
			n = i + 1;
	return n;
}

static int
bdpm_all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n == 0 ? i > 0 : i == n;
}

/* A copy without the spaces around it (the titulaire starts with some). */
static char *
bdpm_trim(const char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n);
}

/* "DD/MM/YYYY", "YYYYMMDD" or "YYYY-MM-DD" as ISO, or NULL when not a real day. */
static char *
bdpm_date(const char *s, enum bdpm_type type)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	char d[11];
	int y, m, dd, i;

	switch (type) {
	case BDPM_DATE_DMY:
		if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
			return NULL;
		snprintf(d, sizeof d, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
		break;
	case BDPM_DATE_YMD:
		if (strlen(s) != 8)
			return NULL;
		snprintf(d, sizeof d, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
		break;
	default:
		if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
			return NULL;
		memcpy(d, s, sizeof d);
		break;
	}
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
			return NULL;
	y = atoi(d);
	m = atoi(d + 5);
	dd = atoi(d + 8);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || dd < 1 ||
	    dd > mdays[m - 1] || (m == 2 && dd == 29 &&
	    (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))))
		return NULL;
	return xstrdup(d);
}

/*
 * A price: "31,59", and past a thousand euros "4,755,42" with a comma for
 * the thousands too, as the file has it: groups of three digits after the
 * first, the last comma the decimal one.
 */
static int
bdpm_price(const char *s, int64_t *cents)
{
	const char *last = strrchr(s, ','), *p, *group;
	char *plain;
	size_t n;
	int rc;

	if (last == NULL || strchr(s, ',') == last)
		return number_parse_cents(s, cents);
	plain = xmalloc(strlen(s) + 1);
	n = 0;
	for (group = s; group <= last; group = p + 1) {
		p = strchr(group, ',');
		if ((group != s && p - group != 3) || p == group ||
		    p - group > 3) {
			free(plain);
			return -1;
		}
		memcpy(plain + n, group, (size_t)(p - group));
		n += (size_t)(p - group);
		if (p == last)
			break;
	}
	plain[n] = '\0';
	if (strlen(last + 1) > 2 || !bdpm_all_digits(plain, 0)) {
		free(plain);
		return -1;
	}
	plain = xreallocarray(plain, n + strlen(last) + 1, 1);
	strcpy(plain + n, last);
	rc = number_parse_cents(plain, cents);
	free(plain);
	return rc;
}

/* "65%", "65 %", "30%;65%": each trimmed and rewritten "N%", and the highest N. */
static int
bdpm_rates(const char *s, char **text, int64_t *highest)
{
	char *copy = xstrdup(s), *part, *next = copy, *out = NULL, *t, *end;
	long v;
	int rc = 0;

	*highest = -1;
	while (rc == 0 && (part = strsep(&next, ";")) != NULL) {
		while (*part == ' ')
			part++;
		v = strtol(part, &end, 10);
		while (*end == ' ')
			end++;
		if (!isdigit((unsigned char)*part) || *end != '%' ||
		    end[1 + strspn(end + 1, " ")] != '\0' || v < 0 || v > 100) {
			rc = -1;
			break;
		}
		t = xasprintf("%s%s%ld%%", out != NULL ? out : "",
		    out != NULL ? ";" : "", v);
		free(out);
		out = t;
		if (v > *highest)
			*highest = v;
	}
	free(copy);
	if (rc != 0) {
		free(out);
		return -1;
	}
	*text = out;
	return 0;
}

/* Appends the text of HTML: entities decoded, tags dropped, <br> a space. */
static void
bdpm_html_text(const char *s, const char *end, char **out, size_t *len)
{
	static const struct {
		const char	*entity;
		char		 c;
	} entities[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&apos;", '\'' },
		{ "&nbsp;", ' ' },
	};
	const char *close;
	size_t i, n;

	*out = xreallocarray(*out, *len + (size_t)(end - s) + 1, 1);
	while (s < end) {
		if (*s == '<' && (close = memchr(s, '>', (size_t)(end - s))) != NULL) {
			/* Lines are a space apart: the database keeps no line breaks. */
			if (strncasecmp(s, "<br", 3) == 0 && *len > 0 &&
			    (*out)[*len - 1] != ' ')
				(*out)[(*len)++] = ' ';
			s = close + 1;
			continue;
		}
		for (i = 0; *s == '&' && i < sizeof entities / sizeof entities[0];
		    i++) {
			n = strlen(entities[i].entity);
			if ((size_t)(end - s) >= n &&
			    strncasecmp(s, entities[i].entity, n) == 0)
				break;
		}
		if (*s == '&' && i < sizeof entities / sizeof entities[0]) {
			(*out)[(*len)++] = entities[i].c;
			s += strlen(entities[i].entity);
			continue;
		}
		(*out)[(*len)++] = *s++;
	}
	while (*len > 0 && (*out)[*len - 1] == ' ')
		(*len)--;
	(*out)[*len] = '\0';
}

static char *
bdpm_html(const char *s)
{
	char *out = NULL, *t;
	size_t len = 0;

	bdpm_html_text(s, s + strlen(s), &out, &len);
	t = bdpm_trim(out);
	free(out);
	return t;
}

/* "<a target='_blank' href='URL'>Text</a>": the text and the URL (NULL without one). */
static void
bdpm_anchor(const char *s, char **text, char **url)
{
	const char *href, *q, *close;
	char quote;

	*url = NULL;
	if ((href = strcasestr(s, "href=")) != NULL) {
		quote = href[5];
		if (quote == '\'' || quote == '"') {
			q = strchr(href + 6, quote);
			if (q != NULL)
				*url = xstrndup(href + 6, (size_t)(q - href - 6));
		}
	}
	if (*s == '<' && (close = strchr(s, '>')) != NULL && *url != NULL)
		*text = bdpm_html(close + 1);
	else
		*text = bdpm_html(s);
}

static int
bdpm_is_atc(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 7 || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n; i++) {
		if ((i == 1 || i == 2 || i == 5 || i == 6) ?
		    !isdigit((unsigned char)s[i]) : !isupper((unsigned char)s[i]))
			return 0;
	}
	return n == 1 || n == 3 || n == 4 || n == 5 || n == 7;
}

static void
bdpm_value_clear(struct bdpm_value *v)
{
	free(v->text[0]);
	free(v->text[1]);
	memset(v, 0, sizeof *v);
}

/*
 * Checks and converts one published field; returns 0, or -1 with why set
 * (a static string) when it is not what the column holds.
 */
static int
bdpm_convert(const struct bdpm_column *col, const char *raw,
    struct bdpm_value *v, const char **why)
{
	char *s = bdpm_trim(raw);
	int rc = 0, price;

	memset(v, 0, sizeof *v);
	if (*s == '\0') {
		free(s);
		if (col->required) {
			*why = _("empty, and the BDPM always gives it");
			return -1;
		}
		return 0;
	}
	switch (col->type) {
	case BDPM_CIS:
		if (!bdpm_all_digits(s, 8) &&
		    (*why = _("not a CIS code of 8 digits")))
			rc = -1;
		break;
	case BDPM_CIP13:
		if (!bdpm_all_digits(s, 13) &&
		    (*why = _("not a CIP13 of 13 digits")))
			rc = -1;
		break;
	case BDPM_CIP7:
		if (!bdpm_all_digits(s, 7) &&
		    (*why = _("not a CIP7 of 7 digits")))
			rc = -1;
		break;
	case BDPM_DIGITS:
		if (!bdpm_all_digits(s, 0) &&
		    (*why = _("not a code of digits")))
			rc = -1;
		break;
	case BDPM_DOSSIER:
		if ((strncmp(s, "CT-", 3) != 0 || !bdpm_all_digits(s + 3, 0)) &&
		    (*why = _("not a HAS dossier such as CT-12345")))
			rc = -1;
		break;
	case BDPM_ATC:
		if (!bdpm_is_atc(s) && (*why = _("not an ATC code")))
			rc = -1;
		break;
	case BDPM_TEXT:
		break;
	case BDPM_NAME:
		v->text[1] = fold_key(s);
		break;
	case BDPM_LIST: {
		char *copy = s, *part, *t, *out = NULL;

		while ((part = strsep(&copy, ";")) != NULL) {
			if ((t = bdpm_trim(part))[0] != '\0') {
				char *j = xasprintf("%s%s%s", out != NULL ? out :
				    "", out != NULL ? ";" : "", t);

				free(out);
				out = j;
			}
			free(t);
		}
		free(s);
		v->text[0] = out;
		return 0;
	}
	case BDPM_HTML:
		v->text[0] = bdpm_html(s);
		free(s);
		return 0;
	case BDPM_ANCHOR:
		bdpm_anchor(s, &v->text[0], &v->text[1]);
		free(s);
		return 0;
	case BDPM_DATE_DMY:
	case BDPM_DATE_YMD:
	case BDPM_DATE_ISO:
		v->text[0] = bdpm_date(s, col->type);
		free(s);
		if (v->text[0] == NULL) {
			*why = col->type == BDPM_DATE_DMY ?
			    _("not a date DD/MM/YYYY") :
			    col->type == BDPM_DATE_YMD ?
			    _("not a date YYYYMMDD") :
			    _("not a date YYYY-MM-DD");
			return -1;
		}
		return 0;
	case BDPM_INT:
		if (number_parse_int(s, &v->number) != 0 || v->number < col->min ||
		    v->number > col->max) {
			*why = _("not a whole number in the range the BDPM "
			    "uses");
			rc = -1;
		}
		v->has_number = 1;
		free(s);
		return rc;
	case BDPM_PRICE:
		price = bdpm_price(s, &v->number);
		free(s);
		if (price != 0 || v->number < 0) {
			*why = _("not a price in euros");
			return -1;
		}
		v->has_number = 1;
		return 0;
	case BDPM_RATES:
		if (bdpm_rates(s, &v->text[0], &v->number) != 0) {
			/* xgettext:no-c-format */
			*why = _("not a reimbursement rate such as 65% or "
			    "30%;65%");
			rc = -1;
		} else
			v->has_number = 1;
		free(s);
		return rc;
	case BDPM_YESNO:
		v->has_number = 1;
		if (strcasecmp(s, "oui") == 0)
			v->number = 1;
		else if (strcasecmp(s, "non") == 0)
			v->number = 0;
		else if ((*why = _("neither Oui nor Non")))
			rc = -1;
		free(s);
		return rc;
	case BDPM_NATURE:
		if (strcmp(s, "SA") != 0 && strcmp(s, "FT") != 0 &&
		    strcmp(s, "ST") != 0 &&
		    (*why = _("neither SA, FT nor ST")))
			rc = -1;
		break;
	}
	if (rc != 0) {
		free(s);
		return -1;
	}
	v->text[0] = s;
	return 0;
}

/* Whether a record has a field count this file's lines can have. */
static int
bdpm_fields_fit(const struct bdpm_file *f, const struct csv_reader *r)
{
	size_t n = csv_reader_nfields(r), cols = bdpm_ncolumns(f);

	if (n < bdpm_min_fields(f))
		return 0;
	/* Lines may end with a tab: one empty field past the last column. */
	return n <= cols || (n == cols + 1 && *csv_reader_field(r, cols) == '\0');
}

/*
 * Whether the current record is a line of file f: it has every column (files
 * differ by their count) and its fields have their shapes: every checked one
 * when strict, the codes alone otherwise (so that a bad date or price on the
 * first line is reported by the reading, naming its field).
 */
static int
bdpm_record_is(const struct bdpm_file *f, const struct csv_reader *r,
    int strict)
{
	const struct bdpm_column *col;
	struct bdpm_value v;
	const char *why;
	size_t i;
	int ok = 1, code;

	if (!bdpm_fields_fit(f, r) || csv_reader_nfields(r) < bdpm_ncolumns(f))
		return 0;
	for (i = 0; ok && i < bdpm_ncolumns(f); i++) {
		col = &f->columns[i];
		code = col->type == BDPM_CIS || col->type == BDPM_CIP13 ||
		    col->type == BDPM_DOSSIER || col->type == BDPM_ATC ||
		    col->type == BDPM_INT || col->type == BDPM_NATURE ||
		    col->type == BDPM_YESNO;
		if (col->type == BDPM_TEXT || col->type == BDPM_NAME ||
		    col->type == BDPM_LIST || col->type == BDPM_HTML ||
		    col->type == BDPM_ANCHOR || (!strict && !code))
			continue;
		ok = bdpm_convert(col, csv_reader_field(r, i), &v, &why) == 0;
		bdpm_value_clear(&v);
	}
	return ok;
}

/*
 * Tells the HAS's SMR file from its ASMR file, whose lines have one shape:
 * an ASMR is a roman figure or is worded as an "amélioration"; the file's
 * name tells when the first line's words do not. Returns the file or -1.
 */
static int
bdpm_smr_or_asmr(const struct csv_reader *r, const char *entry)
{
	static const char *const asmr[] = { "i", "ii", "iii", "iv", "v", NULL };
	static const char *const smr[] = { "important", "modere", "faible",
	    "insuffisant", NULL };
	char *value = fold_key(csv_reader_field(r, 4));
	char *label = fold_key(csv_reader_nfields(r) > 5 ?
	    csv_reader_field(r, 5) : "");
	const char *base;
	int i, which = -1;

	for (i = 0; which < 0 && asmr[i] != NULL; i++)
		if (strcmp(value, asmr[i]) == 0)
			which = BDPM_F_ASMR;
	if (which < 0 && (strstr(value, "asmr") != NULL ||
	    strstr(label, "amelioration") != NULL || strstr(label, "asmr") != NULL))
		which = BDPM_F_ASMR;
	for (i = 0; which < 0 && smr[i] != NULL; i++)
		if (strncmp(value, smr[i], strlen(smr[i])) == 0)
			which = BDPM_F_SMR;
	free(value);
	free(label);
	if (which >= 0)
		return which;
	base = strrchr(entry, '/') != NULL ? strrchr(entry, '/') + 1 : entry;
	if (strcasestr(base, "ASMR") != NULL)
		return BDPM_F_ASMR;
	if (strcasestr(base, "SMR") != NULL)
		return BDPM_F_SMR;
	return BDPM_F_SMR;
}

/*
 * Which BDPM file the first record starts, or -1: the one whose every field
 * fits, else the only one whose codes do.
 */
static int
bdpm_which(const struct csv_reader *r, const char *entry)
{
	int i, strict, found;

	if (csv_reader_separator(r) != '\t')
		return -1;
	for (strict = 1; strict >= 0; strict--) {
		found = -1;
		for (i = 0; i < BDPM_NFILES; i++) {
			if (i == BDPM_F_ASMR ||
			    !bdpm_record_is(&bdpm_files[i], r, strict))
				continue;
			if (strict || found >= 0) {
				found = strict ? i : -2;
				break;
			}
			found = i;
		}
		if (found == BDPM_F_SMR)
			return bdpm_smr_or_asmr(r, entry);
		if (found >= 0)
			return found;
	}
	return -1;
}

static int
bdpm_detect(struct csv_reader *r)
{
	return bdpm_which(r, csv_reader_name(r)) >= 0;
}

/* The INSERT of a file's rows, its columns in the published order. */
static char *
bdpm_insert_sql(const struct bdpm_file *f, int *nparams)
{
	char *cols = xstrdup(""), *ph = xstrdup(""), *t;
	const char *p;
	size_t i;
	int n = 0;

	for (i = 0; i < bdpm_ncolumns(f); i++) {
		t = xasprintf("%s%s, ", cols, f->columns[i].sql);
		free(cols);
		cols = t;
		for (p = f->columns[i].sql; p != NULL; p = strchr(p + 1, ',')) {
			t = xasprintf("%s?%d, ", ph, ++n);
			free(ph);
			ph = t;
		}
	}
	t = xasprintf("INSERT OR IGNORE INTO %s (%sdataset_id) VALUES (%s?%d)",
	    f->table, cols, ph, n + 1);
	free(cols);
	free(ph);
	*nparams = n + 1;
	return t;
}

/* Binds one converted value at *param (one or two parameters). */
static void
bdpm_bind(sqlite3_stmt *st, const struct bdpm_column *col,
    const struct bdpm_value *v, int *param)
{
	if (col->type == BDPM_RATES) {
		import_bind_text(st, (*param)++, v->text[0]);
		if (v->has_number)
			sqlite3_bind_int64(st, (*param)++, v->number);
		else
			sqlite3_bind_null(st, (*param)++);
		return;
	}
	if (col->type == BDPM_NAME || col->type == BDPM_ANCHOR) {
		import_bind_text(st, (*param)++, v->text[0]);
		if (col->type == BDPM_NAME)
			sqlite3_bind_text(st, (*param)++, v->text[1] != NULL ?
			    v->text[1] : "", -1, SQLITE_TRANSIENT);
		else
			import_bind_text(st, (*param)++, v->text[1]);
		return;
	}
	if (v->has_number)
		sqlite3_bind_int64(st, (*param)++, v->number);
	else
		import_bind_text(st, (*param)++, v->text[0]);
}

/* What provenance keeps of a file: its rows, and the sums a reader can redo. */
struct bdpm_totals {
	int64_t	 rows, blank;
	int64_t	 priced, price_cents, price_fee_cents, fee_cents;
	int64_t	 by_rate[101];
	int64_t	 not_reimbursed;
};

static void
bdpm_count(const struct bdpm_file *f, const struct bdpm_value *vals,
    struct bdpm_totals *t)
{
	size_t i;

	t->rows++;
	if (f != &bdpm_files[BDPM_F_CIP])
		return;
	for (i = 0; i < bdpm_ncolumns(f); i++) {
		const struct bdpm_column *col = &f->columns[i];

		if (col->type == BDPM_RATES) {
			if (vals[i].has_number)
				t->by_rate[vals[i].number]++;
			else
				t->not_reimbursed++;
		}
		if (col->type != BDPM_PRICE || !vals[i].has_number)
			continue;
		if (strcmp(col->sql, "price_cents") == 0) {
			t->priced++;
			t->price_cents += vals[i].number;
		} else if (strcmp(col->sql, "price_fee_cents") == 0)
			t->price_fee_cents += vals[i].number;
		else
			t->fee_cents += vals[i].number;
	}
}

static json_t *
bdpm_totals_json(const struct bdpm_file *f, const struct bdpm_totals *t)
{
	json_t *o = json_object(), *rates;
	int i;

	json_object_set_new(o, "file", json_string(f->published));
	json_object_set_new(o, "rows", json_integer(t->rows));
	if (t->blank > 0)
		json_object_set_new(o, "blank_lines", json_integer(t->blank));
	if (f != &bdpm_files[BDPM_F_CIP])
		return o;
	json_object_set_new(o, "priced", json_integer(t->priced));
	json_object_set_new(o, "price_cents", json_integer(t->price_cents));
	json_object_set_new(o, "price_fee_cents",
	    json_integer(t->price_fee_cents));
	json_object_set_new(o, "fee_cents", json_integer(t->fee_cents));
	rates = json_object();
	for (i = 0; i <= 100; i++) {
		char key[8];

		if (t->by_rate[i] == 0)
			continue;
		snprintf(key, sizeof key, "%d", i);
		json_object_set_new(rates, key, json_integer(t->by_rate[i]));
	}
	json_object_set_new(rates, "none", json_integer(t->not_reimbursed));
	json_object_set_new(o, "rates", rates);
	return o;
}

/* Checks, converts and stores the current record; -1 names the line and field. */
static int
bdpm_row(const struct bdpm_file *f, struct csv_reader *r, sqlite3_stmt *st,
    int nparams, int64_t dataset, struct bdpm_totals *t, char **cause)
{
	struct bdpm_value vals[BDPM_MAX_COLUMNS];
	const char *why = NULL;
	size_t i, n = bdpm_ncolumns(f), nf = csv_reader_nfields(r);
	int param = 1, rc = 0;

	if (!bdpm_fields_fit(f, r))
		return import_record_error(cause, r, _("%zu fields, where %s "
		    "has %zu"), nf, f->published, n);
	memset(vals, 0, sizeof vals);
	for (i = 0; i < n; i++) {
		if (bdpm_convert(&f->columns[i], i < nf ? csv_reader_field(r, i) :
		    "", &vals[i], &why) != 0) {
			rc = import_field_error(cause, r, f->columns[i].name, why,
			    csv_reader_field(r, i));
			break;
		}
		bdpm_bind(st, &f->columns[i], &vals[i], &param);
	}
	if (rc == 0) {
		sqlite3_bind_int64(st, nparams, dataset);
		bdpm_count(f, vals, t);
	}
	for (i = 0; i < n; i++)
		bdpm_value_clear(&vals[i]);
	return rc;
}

static int
bdpm_read(struct import_job *job, struct csv_reader *r, const char *entry,
    char **cause)
{
	struct bdpm_run *run = job->state[IMPORT_BDPM];
	const struct bdpm_file *f;
	struct bdpm_totals *t = NULL;
	sqlite3_stmt *st = NULL;
	char *sql, *source, *del;
	int64_t dataset;
	int which, nparams, rc = -1, more;

	(void)entry;
	if ((which = bdpm_which(r, entry)) < 0)
		fatal("a BDPM file no longer recognised");
	f = &bdpm_files[which];
	if (run == NULL)
		run = job->state[IMPORT_BDPM] = xcalloc(1, sizeof *run);
	if (run->from[which] != NULL)
		return error_set(cause, _("%s: the BDPM's %s again, already "
		    "read from %s: give each file once"), csv_reader_name(r),
		    f->published, run->from[which]);
	run->from[which] = xstrdup(csv_reader_name(r));

	/* A file replaces what the previous one of its kind left. */
	del = xasprintf("DELETE FROM %s; DELETE FROM dataset WHERE kind = '%s';",
	    f->table, f->table);
	rc = db_exec(job->db, del, cause);
	free(del);
	if (rc != 0)
		return -1;
	rc = -1;
	source = xasprintf("BDPM (ANSM, HAS, Assurance Maladie): %s",
	    f->published);
	dataset = import_dataset_begin(job, f->table, source, 0, cause);
	free(source);
	if (dataset < 0)
		return -1;
	sql = bdpm_insert_sql(f, &nparams);
	if (db_prepare(job->db, sql, &st, cause) != 0) {
		free(sql);
		return -1;
	}
	free(sql);
	t = xcalloc(1, sizeof *t);
	do {
		/* A line of spaces alone is a blank line, as the CPD file has. */
		if (csv_reader_nfields(r) == 1 &&
		    csv_reader_field(r, 0)[strspn(csv_reader_field(r, 0), " ")] ==
		    '\0') {
			t->blank++;
			continue;
		}
		if (bdpm_row(f, r, st, nparams, dataset, t, cause) != 0)
			goto out;
		if (import_sql_step(st, f->table, cause) != 0)
			goto out;
		if (f->unique >= 0 && sqlite3_changes(job->db) == 0) {
			const struct bdpm_column *key = &f->columns[f->unique];

			if (which != BDPM_F_LINK) {
				import_field_error(cause, r, key->name,
				    _("already on an earlier line"),
				    csv_reader_field(r, (size_t)f->unique));
				goto out;
			}
			import_field_warn(job, r, key->name,
			    _("already on an earlier line"),
			    csv_reader_field(r, (size_t)f->unique),
			    _("the first link kept"));
			t->rows--;
		}
		import_progress_row(job);
	} while ((more = csv_reader_next(r, cause)) == 1);
	if (more < 0)
		goto out;
	rc = import_dataset_end(job, dataset, t->rows + t->blank, t->rows, 0,
	    bdpm_totals_json(f, t), cause);
out:
	sqlite3_finalize(st);
	free(t);
	return rc;
}

static void
bdpm_free(void *state)
{
	struct bdpm_run *run = state;
	int i;

	if (run == NULL)
		return;
	for (i = 0; i < BDPM_NFILES; i++)
		free(run->from[i]);
	free(run);
}

const struct import_kind import_bdpm_kind = {
	"bdpm",
	N_("a BDPM file (tab-separated, such as CIS_bdpm.txt or "
	    "CIS_CIP_bdpm.txt)"),
	bdpm_detect, bdpm_read, NULL, bdpm_free, NULL,
};
