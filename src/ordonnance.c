/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "drug_fiche.h"
#include "fold.h"
#include "ocr.h"
#include "ordonnance.h"
#include "out.h"
#include "query_drug.h"
#include "xmalloc.h"

/* The words of a folded string, split on its spaces. */
struct ord_words {
	char	*buf;
	char	**w;
	size_t	 n;
};

static void
ord_words_split(struct ord_words *ws, const char *s)
{
	char *p, *word;

	ws->buf = xstrdup(s);
	ws->w = NULL;
	ws->n = 0;
	p = ws->buf;
	while ((word = strsep(&p, " ")) != NULL) {
		if (*word == '\0')
			continue;
		ws->w = xreallocarray(ws->w, ws->n + 1, sizeof *ws->w);
		ws->w[ws->n++] = word;
	}
}

static void
ord_words_free(struct ord_words *ws)
{
	free(ws->buf);
	free(ws->w);
}

static int
ord_is_number(const char *w)
{
	return *w != '\0' && w[strspn(w, "0123456789")] == '\0';
}

/* Whether w is one of the NULL-terminated words. */
static int
ord_in(const char *w, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(w, *set) == 0)
			return 1;
	return 0;
}

/* Words that say how much, how often or how long, not which medicine. */
static const char *const ord_posology_words[] = {
	"matin", "midi", "soir", "coucher", "jour", "jours", "j", "semaine",
	"semaines", "mois", "pendant", "qsp", "fois", "par", "prendre",
	"heures", "heure", "h", "repas", "avant", "apres", "pendant",
	"renouveler", "renouvelable", "si", "besoin", "douleur", "fievre",
	"toutes", "tous", "les", "le", "au", "x", NULL
};

/* Units of a dosage. */
static const char *const ord_dose_units[] = {
	"mg", "g", "ml", "mcg", "ug", "microgrammes", "microgramme", "ui",
	"dose", "l", "pour", "cent", "milligrammes", "grammes", NULL
};

/* Words of the French a line is written in, which name no medicine. */
static const char *const ord_stop_words[] = {
	"de", "du", "des", "la", "le", "les", "et", "en", "a", "au", "aux",
	"un", "une", "pour", "sur", "avec", "sans", "ou", NULL
};

/*
 * How prescriptions spell a form or a unit: the BDPM's first word of the form
 * it names, and what instructions or a box count it as ("cp": "comprime").
 * Either is NULL when the word is not used that way.
 */
static const struct ord_spelling {
	const char	*spelling;
	const char	*form;
	const char	*unit;
} ord_spellings[] = {
	{ "comprime", "comprime", "comprime" },
	{ "comprimes", "comprime", "comprime" },
	{ "cp", "comprime", "comprime" }, { "cps", "comprime", "comprime" },
	{ "cpr", "comprime", "comprime" }, { "comp", "comprime", "comprime" },
	{ "gelule", "gelule", "gelule" }, { "gelules", "gelule", "gelule" },
	{ "gel", "gelule", "gelule" },
	{ "capsule", "capsule", "capsule" },
	{ "capsules", "capsule", "capsule" },
	{ "sachet", "sachet", "sachet" }, { "sachets", "sachet", "sachet" },
	{ "ampoule", "ampoule", "ampoule" },
	{ "ampoules", "ampoules", "ampoule" },
	{ "suppositoire", "suppositoire", "suppositoire" },
	{ "suppositoires", "suppositoire", "suppositoire" },
	{ "suppo", "suppositoire", "suppositoire" },
	{ "suppos", NULL, "suppositoire" },
	{ "ovule", "ovule", "ovule" }, { "ovules", NULL, "ovule" },
	{ "pastille", "pastille", "pastille" },
	{ "pastilles", NULL, "pastille" },
	{ "lyophilisat", "lyophilisat", "lyophilisat" },
	{ "lyophilisats", NULL, "lyophilisat" },
	{ "poudre", "poudre", NULL }, { "granules", "granules", NULL },
	{ "granule", "granules", NULL }, { "solution", "solution", NULL },
	{ "suspension", "suspension", NULL }, { "sirop", "sirop", NULL },
	{ "creme", "creme", NULL }, { "pommade", "pommade", NULL },
	{ "collyre", "collyre", NULL }, { "emulsion", "emulsion", NULL },
	{ "dispositif", "dispositif", NULL },
	{ "dose", NULL, "dose" }, { "doses", NULL, "dose" },
	{ "bouffee", NULL, "dose" }, { "bouffees", NULL, "dose" },
	{ "inhalation", NULL, "dose" }, { "inhalations", NULL, "dose" },
	{ "pulverisation", NULL, "pulverisation" },
	{ "pulverisations", NULL, "pulverisation" },
};

/* The entry of ord_spellings for w, or NULL. */
static const struct ord_spelling *
ord_spelling_find(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof ord_spellings / sizeof ord_spellings[0]; i++)
		if (strcmp(w, ord_spellings[i].spelling) == 0)
			return &ord_spellings[i];
	return NULL;
}

/* The BDPM form word w stands for on a prescription, or NULL. */
static const char *
ord_form_of(const char *w)
{
	const struct ord_spelling *sp = ord_spelling_find(w);

	return sp != NULL ? sp->form : NULL;
}

static const char *
ord_unit_of(const char *w)
{
	const struct ord_spelling *sp = ord_spelling_find(w);

	return sp != NULL ? sp->unit : NULL;
}

/* --- Normalising what OCR read. ------------------------------------------- */

static char	*ord_unglue(const char *);

/*
 * Undoes OCR's confusions in one folded word: among more letters, 0, 1 and
 * 5 are o, l and s; among digits, o, l, i and s are 0, 1, 1 and 5. A word
 * of fewer than three letters ("d3", "b12") is left as it is.
 */
static void
ord_fix_word(char *w)
{
	size_t letters = 0, digits = 0, odd = 0, i;

	for (i = 0; w[i] != '\0'; i++) {
		if (isdigit((unsigned char)w[i]))
			digits++;
		else if (isalpha((unsigned char)w[i])) {
			letters++;
			if (strchr("olis", w[i]) == NULL)
				odd++;
		}
	}
	if (letters == 0 || digits == 0)
		return;
	if (isdigit((unsigned char)w[0]) && odd == 0) {
		for (i = 0; w[i] != '\0'; i++)
			if (w[i] == 'o')
				w[i] = '0';
			else if (w[i] == 'l' || w[i] == 'i')
				w[i] = '1';
			else if (w[i] == 's')
				w[i] = '5';
	} else if (letters >= 3 && letters > digits) {
		for (i = 0; w[i] != '\0'; i++)
			if (w[i] == '0')
				w[i] = 'o';
			else if (w[i] == '1')
				w[i] = 'l';
			else if (w[i] == '5')
				w[i] = 's';
	}
}

/*
 * The letters after a number, as OCR glued them ("1cple soir"): a unit
 * and the small word after it, as two words; else as they are.
 */
static char *
ord_unglue(const char *letters)
{
	static const char *const after[] = { "le", "la", "les", "au", "par",
	    "matin", "midi", "soir", NULL };
	size_t i, n;

	if (ord_unit_of(letters) != NULL)
		return xstrdup(letters);
	for (i = 0; i < sizeof ord_spellings / sizeof ord_spellings[0]; i++) {
		if (ord_spellings[i].unit == NULL)
			continue;
		n = strlen(ord_spellings[i].spelling);
		if (strncmp(letters, ord_spellings[i].spelling, n) == 0 &&
		    ord_in(letters + n, after))
			return xasprintf("%.*s %s", (int)n, letters,
			    letters + n);
	}
	return xstrdup(letters);
}

char *
ord_normalise(const char *text)
{
	struct ord_words ws;
	char *key, *out, *t, *w, *rest;
	size_t i, n;

	key = fold_key(text);
	ord_words_split(&ws, key);
	free(key);
	out = xstrdup("");
	for (i = 0; i < ws.n; i++) {
		w = ws.w[i];
		/* "40mg", "1cp": a number stuck to the word after it. */
		n = strspn(w, "0123456789");
		rest = n > 0 && w[n] != '\0' ? ord_unglue(w + n) : NULL;
		if (rest != NULL && (ord_unit_of(w + n) != NULL ||
		    ord_in(w + n, ord_dose_units) || strchr(rest, ' ') != NULL)) {
			t = xasprintf("%s%s%.*s %s", out, *out != '\0' ? " " : "",
			    (int)n, w, rest);
		} else {
			ord_fix_word(w);
			t = xasprintf("%s%s%s", out, *out != '\0' ? " " : "", w);
		}
		free(rest);
		free(out);
		out = t;
	}
	ord_words_free(&ws);
	return out;
}

/* --- Kinds of lines. ------------------------------------------------------ */

static const char *const ord_header_words[] = {
	"docteur", "dr", "medecin", "generaliste", "rpps", "adeli", "finess",
	"ordonnance", "patient", "patiente", "mme", "mlle", "madame",
	"monsieur", "mr", "ne", "nee", "tel", "telephone", "fax", "email",
	"mail", "rue", "avenue", "boulevard", "bd", "chemin", "allee", "cabinet",
	"signature", "cachet", "consultation", "age", "ans", "poids", "kg",
	"specialiste", "pediatre", "cardiologue", "dermatologue", "date",
	"conventionne", "secteur", "diplome", "faculte", "cedex", NULL
};

/* Whether words from i are a day, "07 12 2026" as "07/12/2026" folds. */
static int
ord_is_date(const struct ord_words *ws, size_t i)
{
	long d, m, y;

	if (i + 2 >= ws->n || !ord_is_number(ws->w[i]) ||
	    !ord_is_number(ws->w[i + 1]) || !ord_is_number(ws->w[i + 2]) ||
	    strlen(ws->w[i]) > 2 || strlen(ws->w[i + 1]) > 2 ||
	    (strlen(ws->w[i + 2]) != 2 && strlen(ws->w[i + 2]) != 4))
		return 0;
	d = strtol(ws->w[i], NULL, 10);
	m = strtol(ws->w[i + 1], NULL, 10);
	y = strtol(ws->w[i + 2], NULL, 10);
	return d >= 1 && d <= 31 && m >= 1 && m <= 12 &&
	    (y < 100 || (y >= 1900 && y <= 2100));
}

/* Whether words from i are a French telephone number, "05 49 12 34 56". */
static int
ord_is_phone(const struct ord_words *ws, size_t i)
{
	size_t k;

	for (k = 0; k < 5; k++)
		if (i + k >= ws->n || strlen(ws->w[i + k]) != 2 ||
		    !ord_is_number(ws->w[i + k]))
			return 0;
	return ws->w[i][0] == '0';
}

/* The months as folded, in their order. */
static const char *const ord_months[] = {
	"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
	"aout", "septembre", "octobre", "novembre", "decembre", NULL
};

/* Words on the patient's line, whose date is a birth, not the prescription's. */
static const char *const ord_birth_words[] = {
	"ne", "nee", "naissance", "age", "ans", NULL
};

/* The month (1 to 12) w names, or 0. */
static int
ord_month_of(const char *w)
{
	int m;

	for (m = 0; ord_months[m] != NULL; m++)
		if (strcmp(w, ord_months[m]) == 0)
			return m + 1;
	return 0;
}

/* The day from words i, i+1, i+2 as y, m, d: "07 12 2026", "7 decembre 2026", "2026 12 07". */
static int
ord_words_day(const struct ord_words *ws, size_t i, long *y, long *m, long *d)
{
	const char *a, *b, *c;

	if (i + 2 >= ws->n)
		return 0;
	a = ws->w[i];
	b = ws->w[i + 1];
	c = ws->w[i + 2];
	if (!ord_is_number(c) || strlen(c) > 4)
		return 0;
	/* "1er décembre", which OCR reads as "ler" too. */
	if ((ord_is_number(a) && strlen(a) <= 2) || strcmp(a, "1er") == 0 ||
	    strcmp(a, "ler") == 0) {
		*d = ord_is_number(a) ? strtol(a, NULL, 10) : 1;
		if ((*m = ord_month_of(b)) != 0 && strlen(c) == 4) {
			*y = strtol(c, NULL, 10);
			return 1;
		}
		if (!ord_is_date(ws, i))
			return 0;
		*m = strtol(b, NULL, 10);
		*y = strtol(c, NULL, 10);
		if (*y < 100)
			*y += 2000;
		return 1;
	}
	if (ord_is_number(a) && strlen(a) == 4 && ord_is_number(b) &&
	    strlen(b) <= 2 && strlen(c) <= 2) {
		*y = strtol(a, NULL, 10);
		*m = strtol(b, NULL, 10);
		*d = strtol(c, NULL, 10);
		return 1;
	}
	return 0;
}

int
ord_read_day(const char *text, const char *latest, char day[11])
{
	struct ord_words ws;
	char *key = ord_normalise(text), found[32];
	long y, m, d;
	size_t i;
	int rc = 0;

	ord_words_split(&ws, key);
	for (i = 0; i < ws.n; i++)
		if (ord_in(ws.w[i], ord_birth_words))
			goto out;
	for (i = 0; i < ws.n && rc == 0; i++) {
		if (!ord_words_day(&ws, i, &y, &m, &d) || y < 1900 || y > 2100)
			continue;
		snprintf(found, sizeof found, "%04ld-%02ld-%02ld", y, m, d);
		if (calendar_day_valid(found) &&
		    (latest == NULL || strcmp(found, latest) <= 0)) {
			memcpy(day, found, 11);
			rc = 1;
		}
	}
out:
	ord_words_free(&ws);
	free(key);
	return rc;
}

enum ord_kind
ord_line_kind(const char *text)
{
	struct ord_words ws;
	enum ord_kind kind = ORD_KIND_OTHER;
	char *key = ord_normalise(text);
	size_t i, letters = 0;
	int posology = 0, take = 0;

	for (i = 0; key[i] != '\0'; i++)
		if (isalpha((unsigned char)key[i]))
			letters++;
	ord_words_split(&ws, key);
	if (letters < 3)
		kind = ORD_KIND_NOISE;
	for (i = 0; i < ws.n && kind == ORD_KIND_OTHER; i++) {
		if (ord_is_date(&ws, i) || ord_is_phone(&ws, i) ||
		    ord_in(ws.w[i], ord_header_words) ||
		    ord_month_of(ws.w[i]) != 0 ||
		    (strlen(ws.w[i]) >= 9 && ord_is_number(ws.w[i])))
			kind = ORD_KIND_HEADER;
		else if (strlen(ws.w[i]) == 5 && ord_is_number(ws.w[i]) &&
		    i + 1 < ws.n && !ord_is_number(ws.w[i + 1]) &&
		    !ord_in(ws.w[i + 1], ord_dose_units))
			kind = ORD_KIND_HEADER;	/* a postcode and its town */
		else if (ord_in(ws.w[i], ord_posology_words) &&
		    strcmp(ws.w[i], "le") != 0 && strcmp(ws.w[i], "les") != 0 &&
		    strcmp(ws.w[i], "au") != 0 && strcmp(ws.w[i], "par") != 0)
			posology++;
		else if (ord_is_number(ws.w[i]) && i + 1 < ws.n &&
		    ord_unit_of(ws.w[i + 1]) != NULL)
			take = 1;
	}
	/* "1 cp matin et soir", "QSP 1 mois", "2 gélules par jour" */
	if (kind == ORD_KIND_OTHER && (posology >= 1 && (take || posology >= 2 ||
	    (ws.n > 0 && (ord_is_number(ws.w[0]) || strcmp(ws.w[0], "qsp") == 0 ||
	    strcmp(ws.w[0], "prendre") == 0)))))
		kind = ORD_KIND_INSTRUCTIONS;
	ord_words_free(&ws);
	free(key);
	return kind;
}

/* --- Instructions. -------------------------------------------------------- */

/* Days in n of a unit of time ("jours", "semaine", "mois"), 0 if w is none. */
static int
ord_days(long n, const char *w)
{
	if (strcmp(w, "jour") == 0 || strcmp(w, "jours") == 0 ||
	    strcmp(w, "j") == 0)
		return (int)n;
	if (strcmp(w, "semaine") == 0 || strcmp(w, "semaines") == 0 ||
	    strcmp(w, "sem") == 0)
		return (int)n * 7;
	if (strcmp(w, "mois") == 0)
		return (int)n * 30;
	return 0;
}

void
ord_posology_parse(const char *text, struct ord_posology *p)
{
	struct ord_words ws;
	const char *unit;
	char *t, *key;
	size_t i;
	long n;
	int moments = 0, seen[4] = { 0, 0, 0, 0 };
	double total;

	memset(p, 0, sizeof *p);
	/* "1/2 cp", "½ cp": half a unit, before folding makes it "1 2". */
	t = xstrdup(text);
	for (i = 0; t[i] != '\0'; i++)
		if (t[i] == '1' && t[i + 1] == '/' && t[i + 2] == '2') {
			t[i] = ' ';
			t[i + 1] = 'H';
			t[i + 2] = ' ';
		}
	key = ord_normalise(t);
	free(t);
	ord_words_split(&ws, key);
	for (i = 0; i < ws.n; i++) {
		const char *w = ws.w[i], *next = i + 1 < ws.n ? ws.w[i + 1] : "";

		if (strcmp(w, "matin") == 0 || strcmp(w, "midi") == 0 ||
		    strcmp(w, "soir") == 0 || strcmp(w, "coucher") == 0) {
			int k = w[0] == 'm' ? (w[1] == 'a' ? 0 : 1) :
			    w[0] == 's' ? 2 : 3;

			if (!seen[k]++)
				moments++;
			continue;
		}
		if (strcmp(w, "h") == 0 && p->per_take == 0 &&
		    (unit = ord_unit_of(next)) != NULL) {
			p->per_take = 0.5;
			snprintf(p->unit, sizeof p->unit, "%s", unit);
			continue;
		}
		if (!ord_is_number(w) || strlen(w) > 4)
			continue;
		n = strtol(w, NULL, 10);
		if (p->per_take == 0 && (unit = ord_unit_of(next)) != NULL) {
			p->per_take = (double)n;
			snprintf(p->unit, sizeof p->unit, "%s", unit);
			i++;
		} else if (strcmp(next, "fois") == 0 || strcmp(next, "x") == 0)
			p->takes_per_day = (int)n;
		else if (p->days == 0 && ord_days(n, next) > 0 && (i == 0 ||
		    strcmp(ws.w[i - 1], "fois") != 0)) {
			p->days = ord_days(n, next);
			i++;
		}
	}
	if (moments > 0)
		p->takes_per_day = moments;
	else if (p->takes_per_day == 0 && p->per_take > 0 &&
	    (strstr(key, " par jour") != NULL || strstr(key, " j ") != NULL))
		p->takes_per_day = 1;
	if (p->per_take > 0 && p->takes_per_day > 0 && p->days > 0) {
		total = ceil(p->per_take * p->takes_per_day * p->days);
		p->units = total > 1e6 ? 0 : (long)total;
	}
	ord_words_free(&ws);
	free(key);
}

int
ord_units_per_box(const char *label, char unit[16])
{
	struct ord_words ws;
	const char *u;
	char *key = fold_key(label);
	long containers = 1, count = 0;
	size_t i;

	unit[0] = '\0';
	ord_words_split(&ws, key);
	/* "50 plaquette(s) ... de 1 comprimé(s)": the containers first. */
	if (ws.n > 1 && ord_is_number(ws.w[0]) && strlen(ws.w[0]) <= 4)
		containers = strtol(ws.w[0], NULL, 10);
	for (i = 0; i + 2 < ws.n; i++)
		if (strcmp(ws.w[i], "de") == 0 && ord_is_number(ws.w[i + 1]) &&
		    strlen(ws.w[i + 1]) <= 5 &&
		    (u = ord_unit_of(ws.w[i + 2])) != NULL) {
			count = strtol(ws.w[i + 1], NULL, 10);
			snprintf(unit, 16, "%s", u);
		}
	ord_words_free(&ws);
	free(key);
	if (count <= 0 || containers <= 0 || containers * count > 100000) {
		unit[0] = '\0';
		return 0;
	}
	return (int)(containers * count);
}

/* --- Scoring. ------------------------------------------------------------- */

/* The edit distance of two short words, capped at 9. */
static int
ord_distance(const char *a, const char *b)
{
	int d[33][33], i, j, la = (int)strlen(a), lb = (int)strlen(b), c;

	if (la > 32 || lb > 32)
		return strcmp(a, b) == 0 ? 0 : 9;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb] > 9 ? 9 : d[la][lb];
}

/* Whether a word of a name and one read are the same, give or take OCR's errors. */
static int
ord_similar(const char *name, const char *read)
{
	size_t n = strlen(name);

	if (strcmp(name, read) == 0)
		return 1;
	if (n < 4)
		return 0;
	return ord_distance(name, read) <= (n >= 8 ? 2 : 1);
}

/*
 * Whether a word of the name is on the line, alone or split in two or
 * three pieces ("amoxi cilline"); marks the words of the line it took.
 */
static int
ord_find(const char *word, const struct ord_words *line, char *used)
{
	char joined[96];
	size_t i, k, len;

	for (i = 0; i < line->n; i++) {
		joined[0] = '\0';
		len = 0;
		for (k = 0; k < 3 && i + k < line->n; k++) {
			len += strlen(line->w[i + k]);
			if (len >= sizeof joined)
				break;
			strcat(joined, line->w[i + k]);
			if (ord_similar(word, joined)) {
				memset(used + i, 1, k + 1);
				return 1;
			}
			if (len > strlen(word) + 2)
				break;
		}
	}
	return 0;
}

int
ord_score(const char *line_key, const char *name_key, const char *form_key)
{
	struct ord_words line, name, form;
	char *used;
	size_t i, j, name_len = 0, found_len = 0, nnum = 0, fnum = 0;
	size_t words = 0, taken = 0, line_nums = 0;
	double s_name, s_dose, s_form = 0.5;
	const char *f, *want;
	int first = 1, score = 0, in_dose = 0;

	ord_words_split(&line, line_key);
	ord_words_split(&name, name_key);
	ord_words_split(&form, form_key);
	used = xcalloc(line.n + 1, 1);
	for (i = 0; i < name.n; i++) {
		const char *w = name.w[i];

		if (ord_is_number(w))
			in_dose = 1;
		if (in_dose)
			break;
		if (ord_in(w, ord_stop_words))
			continue;
		name_len += strlen(w);
		if (ord_find(w, &line, used))
			found_len += strlen(w);
		else if (first)
			goto out;	/* the brand or first substance is not there */
		first = 0;
	}
	if (first || name_len == 0)
		goto out;
	/* Every number of the name's dosage among the line's numbers. */
	for (j = 0; j < line.n; j++)
		if (ord_is_number(line.w[j]))
			line_nums++;
	for (; i < name.n; i++) {
		if (!ord_is_number(name.w[i]))
			continue;
		nnum++;
		for (j = 0; j < line.n; j++)
			if (!used[j] && ord_is_number(line.w[j]) &&
			    strcmp(line.w[j], name.w[i]) == 0) {
				used[j] = 1;
				fnum++;
				break;
			}
	}
	s_dose = nnum == 0 ? 1 : line_nums == 0 ? 0.5 : (double)fnum / nnum;
	/* The words of the line the name leaves unexplained. */
	for (j = 0; j < line.n; j++) {
		const char *w = line.w[j];

		if (ord_is_number(w) || strlen(w) < 3 || ord_in(w,
		    ord_posology_words) || ord_in(w, ord_dose_units) ||
		    ord_in(w, ord_stop_words) || ord_form_of(w) != NULL ||
		    ord_unit_of(w) != NULL)
			continue;
		words++;
		if (used[j])
			taken++;
	}
	/* The form: the name's, another, or none said. */
	want = form.n > 0 ? form.w[0] : "";
	for (j = 0; j < line.n && *want != '\0'; j++) {
		if ((f = ord_form_of(line.w[j])) == NULL)
			continue;
		if (strcmp(f, want) == 0 || (strcmp(want, "comprime") == 0 &&
		    strcmp(f, "comprime") == 0)) {
			s_form = 1;
			break;
		}
		s_form = 0;
	}
	s_name = 0.75 * found_len / name_len + 0.25 * (words == 0 ? 1 :
	    (double)taken / words);
	score = (int)lround(100 * (0.6 * s_name + 0.3 * s_dose + 0.1 * s_form));
out:
	free(used);
	ord_words_free(&line);
	ord_words_free(&name);
	ord_words_free(&form);
	return score;
}

/* --- Matching against the BDPM. ------------------------------------------- */

/* A speciality as the matcher compares it. */
struct ord_speciality {
	char	 cis[9];
	char	*name;
	char	*name_key;
	char	*form_key;
};

struct ord_catalogue {
	struct ord_speciality	*rows;
	size_t			 n;
};

static const char ord_specialities_sql[] =
	"SELECT c.cis, c.name, c.name_key, coalesce(c.form, '') FROM bdpm_cis c"
	" WHERE EXISTS (SELECT 1 FROM bdpm_cip p WHERE p.cis = c.cis)"
	" ORDER BY c.name_key";

static const char ord_presentations_sql[] =
	"SELECT cip13, coalesce(label, ''), coalesce(price_fee_cents, -1),"
	" coalesce(rate_pct, -1) FROM bdpm_cip WHERE cis = ?1 ORDER BY cip13";

static const char ord_sample_sql[] =
	"SELECT kind, coalesce(year, 0) FROM dataset WHERE sample <> 0"
	" AND kind IN ('bdpm_cis', 'bdpm_cip')";

static int
ord_catalogue_load(struct query_db *q, struct ord_catalogue *c, char **cause)
{
	struct ord_speciality *s;
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	memset(c, 0, sizeof *c);
	if ((st = query_db_statement(q, ord_specialities_sql, cause)) == NULL)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		c->rows = xreallocarray(c->rows, c->n + 1, sizeof *c->rows);
		s = &c->rows[c->n++];
		snprintf(s->cis, sizeof s->cis, "%s", sqlite3_column_text(st, 0));
		s->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		s->name_key = xstrdup((const char *)sqlite3_column_text(st, 2));
		s->form_key = fold_key((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		error_set(cause, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

static void
ord_catalogue_free(struct ord_catalogue *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->rows[i].name);
		free(c->rows[i].name_key);
		free(c->rows[i].form_key);
	}
	free(c->rows);
}

/* Whether a presentation is a better one to dispense than the best so far. */
static int
ord_better(int priced, long boxes, long waste, int best_priced,
    long best_boxes, long best_waste)
{
	if (priced != best_priced)
		return priced > best_priced;
	if (boxes == 0 || best_boxes == 0)
		return boxes != 0 && best_boxes == 0;
	if (boxes != best_boxes)
		return boxes < best_boxes;
	return waste < best_waste;
}

/*
 * The presentation of a speciality to dispense: one with a price and a
 * rate first, then the one that needs the fewest boxes for the units the
 * instructions ask for, then the one wasting the fewest units; else by CIP13.
 */
static int
ord_candidate_fill(struct query_db *q, const struct ord_speciality *s,
    int score, long units, struct ord_candidate *out, char **cause)
{
	sqlite3_stmt *st;
	struct ord_candidate c;
	char *why = NULL;
	long boxes, best_boxes = 0, waste, best_waste = 0;
	int rc, have = 0, priced, best_priced = 0;

	if ((st = query_db_statement(q, ord_presentations_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, s->cis, -1, SQLITE_TRANSIENT);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		snprintf(c.cip13, sizeof c.cip13, "%s", sqlite3_column_text(st, 0));
		c.price_fee_cents = sqlite3_column_int64(st, 2);
		c.rate_pct = sqlite3_column_int(st, 3);
		c.units_per_box = ord_units_per_box((const char *)
		    sqlite3_column_text(st, 1), c.box_unit);
		priced = c.price_fee_cents >= 0 && c.rate_pct >= 0;
		boxes = units > 0 && c.units_per_box > 0 ? (units +
		    c.units_per_box - 1) / c.units_per_box : 0;
		waste = boxes > 0 ? boxes * c.units_per_box - units : 0;
		if (have && !ord_better(priced, boxes, waste, best_priced,
		    best_boxes, best_waste))
			continue;
		if (have)
			free(out->label);
		*out = c;
		out->label = xstrdup((const char *)sqlite3_column_text(st, 1));
		best_priced = priced;
		best_boxes = boxes;
		best_waste = waste;
		have = 1;
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		if (have)
			free(out->label);
		error_set(cause, "%s", why);
		free(why);
		return -1;
	}
	if (!have)
		return 1;
	snprintf(out->cis, sizeof out->cis, "%s", s->cis);
	out->name = xstrdup(s->name);
	out->score = score;
	return 0;
}

/* The candidates of a medicine line, best first, at least ORD_HINT_SCORE. */
static int
ord_match(struct query_db *q, const struct ord_catalogue *cat,
    struct ord_line *l, char **cause)
{
	const struct ord_speciality *best[ORD_CANDIDATES];
	int scores[ORD_CANDIDATES], n = 0, k, rc;
	char *key, *both;
	size_t i;
	int s;

	both = xasprintf("%s %s", l->text, l->instructions != NULL ?
	    l->instructions : "");
	key = ord_normalise(l->text);
	ord_posology_parse(both, &l->posology);
	free(both);
	for (i = 0; i < cat->n; i++) {
		s = ord_score(key, cat->rows[i].name_key, cat->rows[i].form_key);
		if (s < ORD_HINT_SCORE || (n == ORD_CANDIDATES &&
		    s <= scores[n - 1]))
			continue;
		/* Kept sorted by score; an equal score keeps the name order. */
		k = n < ORD_CANDIDATES ? n++ : n - 1;
		while (k > 0 && scores[k - 1] < s) {
			scores[k] = scores[k - 1];
			best[k] = best[k - 1];
			k--;
		}
		scores[k] = s;
		best[k] = &cat->rows[i];
	}
	free(key);
	for (k = 0; k < n; k++) {
		rc = ord_candidate_fill(q, best[k], scores[k], l->posology.units,
		    &l->candidates[l->ncandidates], cause);
		if (rc < 0)
			return -1;
		if (rc == 0)
			l->ncandidates++;
	}
	l->status = l->ncandidates > 0 && l->candidates[0].score >=
	    ORD_MATCH_SCORE ? ORD_MATCHED : ORD_UNMATCHED;
	return 0;
}

/* Whether a line names a medicine well enough to be matched. */
static int
ord_names_medicine(const struct ord_catalogue *cat, const char *text)
{
	char *key = ord_normalise(text);
	size_t i;
	int found = 0;

	for (i = 0; i < cat->n && !found; i++)
		found = ord_score(key, cat->rows[i].name_key,
		    cat->rows[i].form_key) >= ORD_MATCH_SCORE;
	free(key);
	return found;
}

/* --- The prescription. ---------------------------------------------------- */

static struct ord_line *
ord_add_line(struct ordonnance *o, const char *text, int confidence)
{
	struct ord_line *l;

	o->lines = xreallocarray(o->lines, o->nlines + 1, sizeof *o->lines);
	l = &o->lines[o->nlines++];
	memset(l, 0, sizeof *l);
	l->number = (int)o->nlines;
	l->text = xstrdup(text);
	l->ocr_confidence = confidence;
	l->boxes = 1;
	return l;
}

static void
ord_add_instructions(struct ord_line *l, const char *text)
{
	char *t;

	if (l->instructions == NULL) {
		l->instructions = xstrdup(text);
		return;
	}
	t = xasprintf("%s %s", l->instructions, text);
	free(l->instructions);
	l->instructions = t;
}

/*
 * The medicine lines of the page, each with the instructions below it:
 * the header, noise and instructions before any medicine are left out.
 */
static void
ord_split(struct ordonnance *o, const struct ocr_text *text,
    const struct ord_catalogue *cat)
{
	struct ord_line *last = NULL;
	size_t i;

	for (i = 0; i < text->nlines; i++) {
		switch (ord_line_kind(text->lines[i].text)) {
		case ORD_KIND_HEADER:
			/* The first day in the header, not after the costs' day. */
			if (o->prescribed_on[0] == '\0')
				ord_read_day(text->lines[i].text, o->date,
				    o->prescribed_on);
			break;
		case ORD_KIND_NOISE:
			break;
		case ORD_KIND_INSTRUCTIONS:
			/* "EUPANTOL 40 mg : 1 cp le soir": both on one line. */
			if (!ord_names_medicine(cat, text->lines[i].text)) {
				if (last != NULL)
					ord_add_instructions(last,
					    text->lines[i].text);
				break;
			}
			/* FALLTHROUGH */
		case ORD_KIND_OTHER:
			last = ord_add_line(o, text->lines[i].text,
			    text->lines[i].confidence);
			break;
		}
	}
}

/*
 * What the line's boxes cost, box after box so that the franchises
 * retained count towards the year's cap as they would at the pharmacy.
 */
static int
ord_cost(struct query_db *q, struct drug_view *v, struct ord_line *l,
    char **cause)
{
	struct drug_detail *d;
	struct drug_presentation *p = NULL;
	struct cost_box box;
	struct cost_result r;
	const struct ord_candidate *c = &l->candidates[0];
	size_t i;
	int b, rc;

	if (c->units_per_box > 0 && l->posology.units > 0 &&
	    strcmp(c->box_unit, l->posology.unit) == 0) {
		l->boxes = (int)((l->posology.units + c->units_per_box - 1) /
		    c->units_per_box);
		l->boxes_derived = 1;
	}
	if ((rc = drug_detail_get(q, c->cip13, &d, cause)) != 0)
		return rc < 0 ? -1 : 0;
	for (i = 0; i < d->npresentations; i++)
		if (strcmp(d->presentations[i].cip13, c->cip13) == 0)
			p = &d->presentations[i];
	if (p == NULL || p->price_fee_cents < 0) {
		drug_detail_free(d);
		return 0;
	}
	box.base_cents = p->price_fee_cents;
	box.rate_pct = p->rate_pct < 0 ? 0 : p->rate_pct;
	for (b = 0; b < l->boxes; b++) {
		if (cost_compute(v->rules, &box, &v->person, &r, cause) != 0) {
			drug_detail_free(d);
			return -1;
		}
		if (b == 0)
			l->box_cost = r;
		v->person.franchise_year_cents += r.franchise_cents;
		l->base_cents += r.base_cents;
		l->am_cents += r.am_cents;
		l->mutuelle_cents += r.mutuelle_cents;
		l->franchise_cents += r.franchise_cents;
		l->left_cents += r.left_cents;
	}
	l->has_cost = 1;
	drug_detail_free(d);
	return 0;
}

/*
 * Every matched line's boxes and costs, from nothing: after a build and after
 * a pick, since the franchises of one line count towards the year's cap of
 * the lines after it.
 */
static int
ord_cost_all(struct query_db *q, sqlite3 *udb, struct ordonnance *o,
    const char *rules_path, char **cause)
{
	struct drug_view *v = NULL;
	struct ord_line *l;
	size_t i;
	int rc = -1;

	o->matched = o->unpriced = 0;
	o->base_cents = o->am_cents = o->mutuelle_cents = 0;
	o->franchise_cents = o->left_cents = 0;
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		l->boxes = 1;
		l->boxes_derived = l->has_cost = 0;
		memset(&l->box_cost, 0, sizeof l->box_cost);
		l->base_cents = l->am_cents = l->mutuelle_cents = 0;
		l->franchise_cents = l->left_cents = 0;
		if (l->status != ORD_MATCHED)
			continue;
		o->matched++;
		/* The rules and the profile, read once, with the first match. */
		if (v == NULL && drug_view_open(q, udb, l->candidates[0].cip13,
		    rules_path, o->date, &v, cause) != 0) {
			v = NULL;
			goto out;
		}
		o->coverage_pct = v->person.coverage_pct;
		if (ord_cost(q, v, l, cause) != 0)
			goto out;
		if (!l->has_cost) {
			o->unpriced++;
			continue;
		}
		o->base_cents += l->base_cents;
		o->am_cents += l->am_cents;
		o->mutuelle_cents += l->mutuelle_cents;
		o->franchise_cents += l->franchise_cents;
		o->left_cents += l->left_cents;
	}
	rc = 0;
out:
	drug_view_free(v);
	return rc;
}

int
ordonnance_build(struct query_db *q, sqlite3 *udb, const struct ocr_text *text,
    const char *rules_path, const char *date, struct ordonnance **out,
    char **cause)
{
	struct ordonnance *o;
	struct ord_catalogue cat;
	sqlite3_stmt *st;
	size_t i;
	int rc = -1;

	o = xcalloc(1, sizeof *o);
	snprintf(o->date, sizeof o->date, "%s", date);
	o->coverage_pct = -1;
	memset(&cat, 0, sizeof cat);
	if (query_db_begin(q, cause) != 0) {
		free(o);
		return -1;
	}
	if (ord_catalogue_load(q, &cat, cause) != 0)
		goto out;
	ord_split(o, text, &cat);
	for (i = 0; i < o->nlines; i++)
		if (ord_match(q, &cat, &o->lines[i], cause) != 0)
			goto out;
	if (ord_cost_all(q, udb, o, rules_path, cause) != 0)
		goto out;
	if ((st = query_db_statement(q, ord_sample_sql, cause)) == NULL ||
	    query_sample_read(q, st, &o->sample, cause) != 0)
		goto out;
	rc = 0;
out:
	query_db_end(q);
	ord_catalogue_free(&cat);
	if (rc != 0)
		ordonnance_free(o);
	else
		*out = o;
	return rc;
}

static const char ord_presentation_sql[] =
	"SELECT p.cis, c.name, coalesce(p.label, ''),"
	" coalesce(p.price_fee_cents, -1), coalesce(p.rate_pct, -1)"
	" FROM bdpm_cip p JOIN bdpm_cis c ON c.cis = p.cis WHERE p.cip13 = ?1";

/* Presentation cip13 of the BDPM as a candidate: 1 found, 0 none, -1 error. */
static int
ord_candidate_read(struct query_db *q, const char *cip13,
    struct ord_candidate *c, char **cause)
{
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if ((st = query_db_statement(q, ord_presentation_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, cip13, -1, SQLITE_TRANSIENT);
	rc = db_step(st, &why);
	if (rc == DB_ROW) {
		memset(c, 0, sizeof *c);
		snprintf(c->cis, sizeof c->cis, "%s", sqlite3_column_text(st, 0));
		snprintf(c->cip13, sizeof c->cip13, "%s", cip13);
		c->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		c->label = xstrdup((const char *)sqlite3_column_text(st, 2));
		c->price_fee_cents = sqlite3_column_int64(st, 3);
		c->rate_pct = sqlite3_column_int(st, 4);
		c->units_per_box = ord_units_per_box(c->label, c->box_unit);
		c->score = ORD_SCORE_PICKED;
	}
	sqlite3_reset(st);
	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	error_set(cause, "%s", why);
	free(why);
	return -1;
}

int
ordonnance_pick(struct query_db *q, sqlite3 *udb, struct ordonnance *o,
    size_t line, const char *cip13, const char *rules_path, char **cause)
{
	struct ord_line *l;
	struct ord_candidate c;
	int k, rc;

	if (line >= o->nlines)
		return 0;
	l = &o->lines[line];
	for (k = 0; k < l->ncandidates; k++)
		if (strcmp(l->candidates[k].cip13, cip13) == 0)
			break;
	if (k < l->ncandidates) {
		/* A runner-up: it and the match swap places. */
		c = l->candidates[k];
		l->candidates[k] = l->candidates[0];
		l->candidates[0] = c;
	} else {
		if (strlen(cip13) != 13 || strspn(cip13, "0123456789") != 13)
			return 0;
		if ((rc = ord_candidate_read(q, cip13, &c, cause)) <= 0)
			return rc;
		/* Any other presentation goes first, the last runner-up out. */
		if (l->ncandidates == ORD_CANDIDATES) {
			free(l->candidates[ORD_CANDIDATES - 1].name);
			free(l->candidates[ORD_CANDIDATES - 1].label);
			l->ncandidates--;
		}
		memmove(&l->candidates[1], &l->candidates[0],
		    (size_t)l->ncandidates * sizeof l->candidates[0]);
		l->candidates[0] = c;
		l->ncandidates++;
	}
	l->status = ORD_MATCHED;
	l->picked = 1;
	if (query_db_begin(q, cause) != 0)
		return -1;
	rc = ord_cost_all(q, udb, o, rules_path, cause);
	query_db_end(q);
	return rc != 0 ? -1 : 1;
}

/* Frees the strings a line holds: its text, instructions and candidates'. */
static void
ord_line_clear(struct ord_line *l)
{
	int k;

	free(l->text);
	free(l->instructions);
	for (k = 0; k < l->ncandidates; k++) {
		free(l->candidates[k].name);
		free(l->candidates[k].label);
	}
	memset(l, 0, sizeof *l);
}

int
ordonnance_find(struct query_db *q, const struct ordonnance *o, size_t line,
    const char *words, struct ord_line **out, char **cause)
{
	const struct ord_line *l;
	struct ord_catalogue cat;
	struct ord_line *f;
	int rc;

	if (line >= o->nlines)
		fatalx("ordonnance_find: line %zu of %zu", line, o->nlines);
	l = &o->lines[line];
	f = xcalloc(1, sizeof *f);
	f->number = l->number;
	f->text = xstrdup(words);
	f->instructions = l->instructions != NULL ? xstrdup(l->instructions) :
	    NULL;
	if (strlen(words) == 13 && strspn(words, "0123456789") == 13) {
		if ((rc = ord_candidate_read(q, words, &f->candidates[0],
		    cause)) > 0)
			f->ncandidates = 1;
	} else {
		memset(&cat, 0, sizeof cat);
		if ((rc = query_db_begin(q, cause)) == 0) {
			if ((rc = ord_catalogue_load(q, &cat, cause)) == 0)
				rc = ord_match(q, &cat, f, cause);
			query_db_end(q);
		}
		ord_catalogue_free(&cat);
	}
	if (rc < 0) {
		ordonnance_found_free(f);
		return -1;
	}
	*out = f;
	return 0;
}

void
ordonnance_found_free(struct ord_line *f)
{
	if (f == NULL)
		return;
	ord_line_clear(f);
	free(f);
}

void
ordonnance_free(struct ordonnance *o)
{
	size_t i;

	if (o == NULL)
		return;
	free(o->file);
	for (i = 0; i < o->nlines; i++)
		ord_line_clear(&o->lines[i]);
	free(o->lines);
	query_sample_clear(&o->sample);
	free(o);
}

/* --- JSON. ---------------------------------------------------------------- */

static json_t *
ord_cents_json(int64_t c, int have)
{
	return have ? json_integer((json_int_t)c) : json_null();
}

static json_t *
ord_candidate_json(const struct ord_candidate *c)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "cip13", c->cip13, "cis", c->cis, "name", out_json_text(c->name),
	    "presentation", out_json_text(c->label), "confidence",
	    c->score >= 0 ? json_integer(c->score) : json_null(),
	    "units_per_box", c->units_per_box > 0 ?
	    json_integer(c->units_per_box) : json_null(),
	    "price_cents", c->price_fee_cents >= 0 ?
	    json_integer((json_int_t)c->price_fee_cents) : json_null(),
	    "rate_pct", c->rate_pct >= 0 ? json_integer(c->rate_pct) :
	    json_null());
}

static json_t *
ord_line_json(const struct ord_line *l)
{
	json_t *j, *others;
	int k, matched = l->status == ORD_MATCHED;

	others = json_array();
	for (k = matched ? 1 : 0; k < l->ncandidates; k++)
		json_array_append_new(others, ord_candidate_json(&l->candidates[k]));
	j = json_pack("{s:i, s:s, s:o, s:o, s:i, s:o, s:o}", "line", l->number,
	    "status", matched ? "matched" : "unmatched", "text",
	    out_json_text(l->text), "instructions",
	    out_json_text(l->instructions), "ocr_confidence",
	    l->ocr_confidence, "match", matched ?
	    ord_candidate_json(&l->candidates[0]) : json_null(),
	    "candidates", others);
	if (!matched)
		return j;
	json_object_set_new(j, "picked", json_boolean(l->picked));
	json_object_set_new(j, "boxes", json_integer(l->boxes));
	json_object_set_new(j, "boxes_from_instructions",
	    json_boolean(l->boxes_derived));
	json_object_set_new(j, "units_needed", l->posology.units > 0 ?
	    json_integer(l->posology.units) : json_null());
	json_object_set_new(j, "cost", !l->has_cost ? json_null() :
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "box_base_cents",
	    (json_int_t)l->box_cost.base_cents, "base_cents",
	    (json_int_t)l->base_cents, "assurance_maladie_cents",
	    (json_int_t)l->am_cents, "mutuelle_cents",
	    (json_int_t)l->mutuelle_cents, "franchise_cents",
	    (json_int_t)l->franchise_cents, "left_to_pay_cents",
	    (json_int_t)l->left_cents));
	return j;
}

json_t *
ordonnance_to_json(const struct query_db *q, const struct ordonnance *o,
    const char *file)
{
	json_t *j, *lines;
	size_t i;
	int have = o->matched > o->unpriced;

	j = query_json_envelope(q, &o->sample);
	lines = json_array();
	for (i = 0; i < o->nlines; i++)
		json_array_append_new(lines, ord_line_json(&o->lines[i]));
	json_object_set_new(j, "file", out_json_text(file));
	json_object_set_new(j, "date", json_string(o->date));
	json_object_set_new(j, "prescribed_on", o->prescribed_on[0] != '\0' ?
	    json_string(o->prescribed_on) : json_null());
	json_object_set_new(j, "mutuelle_coverage_pct", o->coverage_pct >= 0 ?
	    json_integer(o->coverage_pct) : json_null());
	json_object_set_new(j, "lines", lines);
	json_object_set_new(j, "matched", json_integer((json_int_t)o->matched));
	json_object_set_new(j, "unmatched",
	    json_integer((json_int_t)(o->nlines - o->matched)));
	json_object_set_new(j, "total", json_pack("{s:o, s:o, s:o, s:o, s:o, "
	    "s:I}", "base_cents", ord_cents_json(o->base_cents, have),
	    "assurance_maladie_cents", ord_cents_json(o->am_cents, have),
	    "mutuelle_cents", ord_cents_json(o->mutuelle_cents, have),
	    "franchise_cents", ord_cents_json(o->franchise_cents, have),
	    "left_to_pay_cents", ord_cents_json(o->left_cents, have),
	    "unpriced_lines", (json_int_t)o->unpriced));
	return j;
}
