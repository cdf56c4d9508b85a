/* SPDX-License-Identifier: ISC */
/*
 * mksample: the geolocated FINESS extract (etalab-cs1100507), UTF-8, ';',
 * no header: a meta line, the structureet lines (32 fields, ending in ';'),
 * then the geolocalisation lines. The first structureet lines are the real
 * ones of tests/fixtures/finess, verbatim.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

#define FINESS_FILE	"etalab-cs1100507-stock-20260504-0400.csv"

struct category {
	const char	*code;
	const char	*label;
	const char	*agr;
	const char	*agr_label;
	const char	*mft;
	const char	*mft_label;
	const char	*sph;
	const char	*sph_label;
	const char	*ape;
	int		 count;		/* establishments across the country */
	int64_t		 floor;		/* commune weight: population + floor */
	const char	*prefix;	/* name: prefix + a name or the city */
	int		 named;		/* 1: a name from the pool, 0: the city */
};

#define MFT_PUBLIC	"03", "ARS établissements Publics de santé dotation globale"
#define MFT_PRIVATE	"07", "ARS établissements de santé non financés dotation globale"
#define MFT_FREE	"01", "Etablissement Tarif Libre"
#define SPH_PUBLIC	"1", "Etablissement public de santé"
#define SPH_NONE	"0", "Non concerné"
#define SPH_EMPTY	"", ""

/* CHU/CHR and cancer centres are placed in the cities listed below. */
static const struct category cat_chu = {
	"101", "Centre Hospitalier Régional (C.H.R.)", "1101",
	"Centres Hospitaliers Régionaux", MFT_PUBLIC, SPH_PUBLIC, "8610Z",
	0, 0, "CHU", 0,
};
static const struct category cat_clcc = {
	"131", "Centre de Lutte Contre Cancer", "1104",
	"Centres de Lutte contre le Cancer", MFT_PUBLIC, SPH_EMPTY, "8610Z",
	0, 0, "CLCC", 0,
};

static const struct category categories[] = {
	{ "355", "Centre Hospitalier (C.H.)", "1102", "Centres Hospitaliers",
	    MFT_PUBLIC, SPH_PUBLIC, "8610Z", 520, 0, "CH", 0 },
	{ "106", "Centre hospitalier, ex Hôpital local", "1106",
	    "Hôpitaux Locaux", MFT_PUBLIC, SPH_PUBLIC, "8610Z", 80, 2000,
	    "CH", 0 },
	{ "292", "Centre Hospitalier Spécialisé lutte Maladies Mentales", "1103",
	    "Centres Hospitaliers Spécialisés Lutte Maladies Mentales",
	    MFT_PUBLIC, SPH_PUBLIC, "8610Z", 90, 0, "CHS", 0 },
	{ "365", "Etablissement de Soins Pluridisciplinaire", "1110",
	    "Etablissements de Soins de Courte Durée", MFT_PRIVATE, SPH_NONE,
	    "8610Z", 330, 0, "CLINIQUE", 1 },
	{ "128", "Etablissement de Soins Chirurgicaux", "1110",
	    "Etablissements de Soins de Courte Durée", MFT_PRIVATE, SPH_NONE,
	    "8610Z", 60, 0, "CLINIQUE CHIRURGICALE", 1 },
	{ "122", "Etablissement Soins Obstétriques Chirurgico-Gynécologiques",
	    "1110", "Etablissements de Soins de Courte Durée", MFT_PRIVATE,
	    SPH_NONE, "8610Z", 25, 0, "MATERNITE", 1 },
	{ "109", "Etablissement de santé privé autorisé en SSR", "1107",
	    "Etablissements de santé privé autorisés en SSR", MFT_PRIVATE,
	    SPH_NONE, "8610Z", 150, 5000, "CENTRE DE READAPTATION", 1 },
	{ "127", "Hospitalisation à Domicile", "1201",
	    "Traitements et Soins à Domicile", MFT_PRIVATE, SPH_NONE, "8610Z",
	    60, 0, "HAD", 0 },
	{ "146", "Structure d'Alternative à la dialyse en centre", "1203",
	    "Dialyse Ambulatoire", MFT_PRIVATE, SPH_NONE, "", 150, 1000,
	    "UAD", 0 },
	{ "500", "Etablissement d'hébergement pour personnes âgées dépendantes",
	    "4401", "Etablissements d'Hébergement pour Personnes Âgées", "40",
	    "ARS/PCD, Tarif global, habilité aide sociale, recours PUI",
	    SPH_EMPTY, "8710A", 900, 3000, "EHPAD", 1 },
	{ "223", "Protection Maternelle et Infantile (P.M.I.)", "2202",
	    "Etablissements de PMI et de Planification Familiale", MFT_FREE,
	    SPH_EMPTY, "", 300, 1000, "PMI", 0 },
	{ "124", "Centre de Santé", "2206", "Centres de Santé", MFT_FREE,
	    SPH_EMPTY, "8621Z", 150, 1000, "CENTRE DE SANTE", 1 },
	{ "156", "Centre Médico-Psychologique (C.M.P.)", "1202",
	    "Santé Mentale", MFT_PUBLIC, SPH_EMPTY, "", 100, 1000, "CMP", 0 },
};

/* Cities with a CHU: INSEE code, and the prefix of its arrondissements. */
static const struct chu_city {
	const char	*code;
	const char	*arrondissements;
	int		 clcc;
} chu_cities[] = {
	{ "75056", "751", 1 }, { "13055", "132", 1 }, { "69123", "6938", 1 },
	{ "31555", NULL, 1 }, { "06088", NULL, 1 }, { "44109", NULL, 1 },
	{ "34172", NULL, 1 }, { "67482", NULL, 1 }, { "33063", NULL, 1 },
	{ "59350", NULL, 1 }, { "35238", NULL, 1 }, { "51454", NULL, 1 },
	{ "42218", NULL, 0 }, { "38185", NULL, 0 }, { "21231", NULL, 1 },
	{ "49007", NULL, 1 }, { "30189", NULL, 0 }, { "63113", NULL, 1 },
	{ "29019", NULL, 0 }, { "37261", NULL, 0 }, { "80021", NULL, 0 },
	{ "87085", NULL, 0 }, { "25056", NULL, 0 }, { "45234", NULL, 0 },
	{ "76540", NULL, 1 }, { "14118", NULL, 1 }, { "54395", NULL, 1 },
	{ "86194", NULL, 0 }, { "57463", NULL, 0 }, { "97120", NULL, 0 },
	{ "97209", NULL, 0 }, { "97416", NULL, 0 },
};

static const char *const site_names[] = {
	"HÔPITAL NORD", "HÔPITAL SUD", "HÔTEL-DIEU", "HÔPITAL CENTRAL",
	"HÔPITAL DES ENFANTS", "HÔPITAL PASTEUR", "HÔPITAL SAINT-ANDRÉ",
	"HÔPITAL BELLEVUE", "HÔPITAL DE LA MÈRE ET DE L'ENFANT",
	"HÔPITAL SAINT-JACQUES", "HÔPITAL DU MAIL", "HÔPITAL EST",
};

static const char *const names[] = {
	"SAINT-JOSEPH", "SAINTE-ANNE", "SAINT-FRANÇOIS", "SAINT-VINCENT",
	"SAINTE-MARIE", "SAINT-JEAN", "SAINT-MARTIN", "DU PARC", "DES CÈDRES",
	"DU LAC", "DES FLEURS", "DE L'ESPÉRANCE", "PASTEUR", "BELLEVUE",
	"LA PROVIDENCE", "CLAUDE BERNARD", "DU MAIL", "LES LAURIERS",
	"DE L'EUROPE", "JEAN MERMOZ", "AMBROISE PARÉ", "VICTOR HUGO",
	"LES FRANCISCAINES", "DU VAL FLEURI",
};

static const char *const residences[] = {
	"LES TILLEULS", "LES GLYCINES", "LE BOIS FLEURI", "LES JARDINS D'ALICE",
	"LA ROSERAIE", "LES CHARMILLES", "SAINTE-THÉRÈSE", "LES ÉRABLES",
	"LE CLOS DES VIGNES", "LES MYOSOTIS", "LA CLAIRIÈRE", "LES AUBÉPINES",
	"LE PARC", "LES LILAS", "LA SOURCE", "LES CÈDRES", "DU LAC",
	"LES HORTENSIAS", "L'OUSTAL", "KER ANNA", "LES SOURCES", "LE VAL D'OR",
};

static const char *const street_types[] = {
	"R", "R", "R", "AV", "AV", "BD", "RTE", "CHE", "PL", "ALL", "IMP", "QUAI",
};

static const char *const streets[] = {
	"DE LA REPUBLIQUE", "DU GENERAL DE GAULLE", "JEAN JAURES", "VICTOR HUGO",
	"PASTEUR", "DES ECOLES", "DE LA GARE", "DU MOULIN", "DE PARIS", "FOCH",
	"GAMBETTA", "DES TILLEULS", "DE L'HOPITAL", "ROGER SALENGRO",
	"DU 8 MAI 1945", "ARISTIDE BRIAND", "CLEMENCEAU", "DE VERDUN",
	"DES LILAS", "DU STADE", "DE LA LIBERATION", "SAINT-EXUPERY",
};

/* Where the establishments of the real lines are (no line for the others). */
static const struct real_spot {
	const char	*finess;
	int64_t		 x10, y10;
	int		 epsg;
} real_spots[] = {
	{ "010000024", 8702622, 65715408, 2154 },
	{ "970100400", 4916350, 19983710, 5490 },
	{ "970102059", 4894020, 19946120, 5490 },
	{ "970210126", 7158740, 16138590, 5490 },
	{ "970300026", 3531180, 5434920, 2972 },
	{ "970400024", 3385270, 76906450, 2975 },
	{ "970409645", 3283440, 76809730, 2975 },
	{ "980501506", 5160880, 85702140, 4471 },
	{ "970302287", 3530560, 5435870, 2972 },
};

struct gen {
	struct rng		 r;
	const struct sample_geo	*geo;
	struct sample_ests	*ests;
	size_t			 cap;
	char			**text;		/* the line of each generated one */
	uint64_t		*used;		/* FINESS numbers taken */
	size_t			 nused;
};

#define NUSED	32768

/* FINESS numbers taken: an open-addressing set of their base-36 values. */
static uint64_t
number_key(const char *n)
{
	uint64_t k = 0;

	for (; *n != '\0'; n++)
		k = k * 36 + (uint64_t)(*n >= 'A' ? *n - 'A' + 10 : *n - '0');
	return k + 1;
}

static int
used(struct gen *g, const char *n)
{
	uint64_t k = number_key(n);
	size_t h = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 40) % NUSED;

	for (; g->used[h] != 0; h = (h + 1) % NUSED)
		if (g->used[h] == k)
			return 1;
	return 0;
}

static void
use(struct gen *g, const char *n)
{
	uint64_t k = number_key(n);
	size_t h = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 40) % NUSED;

	if (++g->nused > NUSED / 2)
		fatalx("too many FINESS numbers");
	for (; g->used[h] != 0; h = (h + 1) % NUSED)
		if (g->used[h] == k)
			return;
	g->used[h] = k;
}

static void
new_number(struct gen *g, const struct sample_dep *d, const char *lead,
    char out[10])
{
	size_t len;

	do {
		snprintf(out, 10, "%s%s", d->finess_prefix, lead);
		len = strlen(out);
		while (len < 8)
			out[len++] = (char)('0' + rng_below(&g->r, 10));
		out[8] = sample_luhn(out, 8);
		out[9] = '\0';
	} while (used(g, out));
	use(g, out);
}

static void
digits(struct gen *g, struct sbuf *b, int n)
{
	while (n-- > 0)
		sbuf_addc(b, (char)('0' + rng_below(&g->r, 10)));
}

static void
phone(struct gen *g, struct sbuf *b, const struct sample_dep *d)
{
	static const struct { const char *dep, *prefix; } dom[] = {
		{ "971", "0590" }, { "972", "0596" }, { "973", "0594" },
		{ "974", "0262" }, { "976", "0269" },
	};
	static const char *const south_west[] = {
		"09", "12", "31", "32", "46", "65", "81", "82",
	};
	const char *r = d->region;
	size_t i;
	char area = '4';

	for (i = 0; i < sizeof dom / sizeof dom[0]; i++)
		if (strcmp(d->code, dom[i].dep) == 0) {
			sbuf_add(b, dom[i].prefix);
			digits(g, b, 6);
			return;
		}
	if (strcmp(r, "11") == 0)
		area = '1';
	else if (strcmp(r, "24") == 0 || strcmp(r, "28") == 0 ||
	    strcmp(r, "52") == 0 || strcmp(r, "53") == 0)
		area = '2';
	else if (strcmp(r, "27") == 0 || strcmp(r, "32") == 0 ||
	    strcmp(r, "44") == 0)
		area = '3';
	else if (strcmp(r, "75") == 0)
		area = '5';
	else if (strcmp(r, "76") == 0)
		for (i = 0; i < sizeof south_west / sizeof south_west[0]; i++)
			if (strcmp(d->code, south_west[i]) == 0)
				area = '5';
	sbuf_addc(b, '0');
	sbuf_addc(b, area);
	digits(g, b, 8);
}

static void
date(struct gen *g, struct sbuf *b, int from, int to)
{
	sbuf_addf(b, "%d-%02d-%02d", (int)rng_range(&g->r, from, to),
	    (int)rng_range(&g->r, 1, 12), (int)rng_range(&g->r, 1, 28));
}

/* "DE BOURG-EN-BRESSE", "D'AMIENS" */
static char *
of_city(const char *city)
{
	return strchr("AEIOUY", city[0]) != NULL ?
	    xasprintf("D'%s", city) : xasprintf("DE %s", city);
}

static char *
place_city(const struct sample_place *p)
{
	if (strstr(p->name, "Arrondissement") != NULL)
		return sample_acheminement(p->name_key);
	return sample_upper_ascii(p->name);
}

static struct sample_est *
new_est(struct gen *g)
{
	struct sample_ests *e = g->ests;

	if (e->n == g->cap) {
		g->cap = g->cap == 0 ? 1024 : g->cap * 2;
		e->v = xreallocarray(e->v, g->cap, sizeof *e->v);
		g->text = xreallocarray(g->text, g->cap, sizeof *g->text);
	}
	memset(&e->v[e->n], 0, sizeof e->v[e->n]);
	g->text[e->n] = NULL;
	return &e->v[e->n++];
}

/*
 * One generated structureet line, kept in g->text until sorted. The number is
 * drawn unless given; *ej is drawn when empty, else shared.
 */
static void
establishment(struct gen *g, const struct category *c,
    const struct sample_place *p, const char *number, const char *name,
    const char *long_name, char ej[10], int opened_year)
{
	const struct sample_dep *d = &g->geo->deps[p->dep];
	struct sample_est *e = new_est(g);
	struct sbuf line = { NULL, 0, 0 }, *b = &line;
	char *city = sample_acheminement(p->name_key);
	int cedex = rng_chance(&g->r, 0.1), pub = strcmp(c->mft, "03") == 0;
	int year;

	if (number != NULL)
		snprintf(e->finess, sizeof e->finess, "%s", number);
	else if (d->finess_prefix[2] != '\0')
		new_number(g, d, "0", e->finess);
	else
		new_number(g, d, "00", e->finess);
	if (ej[0] == '\0')
		new_number(g, d, d->finess_prefix[2] != '\0' ? "6" : "07", ej);
	snprintf(e->finess_ej, sizeof e->finess_ej, "%s", ej);
	e->name = xstrdup(name);
	snprintf(e->category, sizeof e->category, "%s", c->code);
	snprintf(e->fin_dep, sizeof e->fin_dep, "%s", d->finess);
	snprintf(e->dep, sizeof e->dep, "%s", d->code);
	snprintf(e->commune, sizeof e->commune, "%s", p->code);
	e->city = city;
	if (!cedex)
		snprintf(e->postcode, sizeof e->postcode, "%s", p->postcode);
	else if (d->finess_prefix[2] != '\0')
		snprintf(e->postcode, sizeof e->postcode, "%.4s%d", p->postcode,
		    (int)rng_range(&g->r, 1, 9));
	else
		snprintf(e->postcode, sizeof e->postcode, "%.2s0%02d",
		    p->postcode, (int)rng_range(&g->r, 1, 99));

	sbuf_add(b, "structureet;");
	sbuf_add(b, e->finess);
	sbuf_addc(b, ';');
	sbuf_add(b, ej);
	sbuf_addc(b, ';');
	sbuf_add_field(b, name, 0);
	sbuf_addc(b, ';');
	sbuf_add_field(b, long_name, 0);
	sbuf_addc(b, ';');
	/* complrs, compldistrib */
	sbuf_add(b, rng_chance(&g->r, 0.05) ? "SITE PRINCIPAL;" : ";");
	sbuf_add(b, rng_chance(&g->r, 0.04) ? "BATIMENT A;" : ";");
	/* numvoie, typvoie, voie, compvoie */
	if (rng_chance(&g->r, 0.9)) {
		if (rng_chance(&g->r, 0.85))
			sbuf_addf(b, "%d", (int)rng_range(&g->r, 1, 250));
		sbuf_addf(b, ";%s;%s;%s;",
		    street_types[rng_below(&g->r, sizeof street_types /
		    sizeof street_types[0])],
		    streets[rng_below(&g->r, sizeof streets / sizeof streets[0])],
		    rng_chance(&g->r, 0.04) ? "B" : "");
	} else
		sbuf_add(b, ";;;;");
	/* lieuditbp */
	if (cedex || rng_chance(&g->r, 0.05))
		sbuf_addf(b, "%s %d;", rng_chance(&g->r, 0.5) ? "BP" : "CS",
		    (int)rng_range(&g->r, 1, 90000));
	else
		sbuf_addc(b, ';');
	/* commune, departement, libdepartement, ligneacheminement */
	sbuf_addf(b, "%s;%s;", p->code + strlen(p->code) - 3, d->finess);
	{
		char *libdep = sample_upper_ascii(d->name);

		sbuf_add_field(b, libdep, 0);
		free(libdep);
	}
	sbuf_addf(b, ";%s %s%s;", e->postcode, city, !cedex ? "" :
	    rng_chance(&g->r, 0.2) ? " CEDEX 9" : " CEDEX");
	/* telephone, telecopie */
	if (rng_chance(&g->r, 0.97))
		phone(g, b, d);
	sbuf_addc(b, ';');
	if (rng_chance(&g->r, 0.7))
		phone(g, b, d);
	sbuf_addc(b, ';');
	sbuf_addf(b, "%s;%s;%s;", c->code, c->label, c->agr);
	sbuf_add_field(b, c->agr_label, 0);
	sbuf_addc(b, ';');
	/* siret (Luhn-valid), codeape */
	if (strcmp(c->code, "223") != 0 && rng_chance(&g->r, 0.9)) {
		char siret[15];
		int sum, i, dd;

		snprintf(siret, sizeof siret, "%s", pub ? "26" : "3");
		for (i = (int)strlen(siret); i < 13; i++)
			siret[i] = (char)('0' + rng_below(&g->r, 10));
		siret[13] = '0';
		siret[14] = '\0';
		for (sum = 0, i = 0; i < 14; i++) {
			dd = siret[i] - '0';
			if (i % 2 == 0 && (dd *= 2) > 9)
				dd -= 9;
			sum += dd;
		}
		siret[13] = (char)('0' + (10 - sum % 10) % 10);
		sbuf_add(b, siret);
	}
	sbuf_addf(b, ";%s;", c->ape);
	sbuf_addf(b, "%s;%s;%s;%s;", c->mft, c->mft_label, c->sph, c->sph_label);
	/* dateouv, dateautor, datemaj, numuai */
	year = opened_year != 0 ? opened_year : (int)rng_range(&g->r, 1950, 2023);
	e->opened = year;
	date(g, b, year, year);
	sbuf_addc(b, ';');
	date(g, b, year > 1960 ? year - 2 : year, year);
	sbuf_addc(b, ';');
	date(g, b, year > 2016 ? year : 2016, 2025);
	sbuf_add(b, ";\n");
	g->text[g->ests->n - 1] = line.data;
}

static const char *
pick(struct gen *g, const char *const *v, size_t n)
{
	return v[rng_below(&g->r, n)];
}

#define PICK(g, v) pick((g), (v), sizeof (v) / sizeof (v)[0])

/* University hospitals: one legal entity per city, several sites. */
static void
chu(struct gen *g)
{
	const struct sample_geo *geo = g->geo;
	const struct sample_place *p, *city_place;
	size_t i, k, nsites, j;
	int64_t pop;
	char ej[10], *city, *ofc, *name, *lname;

	for (i = 0; i < sizeof chu_cities / sizeof chu_cities[0]; i++) {
		const struct chu_city *cc = &chu_cities[i];
		const struct sample_place *arr[32];
		size_t narr = 0;

		city_place = sample_geo_place(geo, cc->code);
		pop = 0;
		if (cc->arrondissements != NULL) {
			for (k = 0; k < geo->nplaces && narr < 32; k++)
				if (strncmp(geo->places[k].code, cc->arrondissements,
				    strlen(cc->arrondissements)) == 0) {
					arr[narr++] = &geo->places[k];
					pop += geo->places[k].population;
				}
		} else if (city_place != NULL) {
			arr[narr++] = city_place;
			pop = city_place->population;
		}
		if (narr == 0)
			fatalx("CHU city %s not in the geography", cc->code);
		city = sample_acheminement(arr[0]->name_key);
		ofc = of_city(city);
		ej[0] = '\0';
		if (strcmp(cc->code, "75056") == 0)
			snprintf(ej, sizeof ej, "750712184");
		nsites = 1 + (size_t)(pop / 200000);
		if (nsites > 11)
			nsites = 11;
		for (j = 0; j < nsites; j++) {
			p = arr[rng_below(&g->r, narr)];
			if (j == 0 && strcmp(cc->code, "75056") == 0) {
				/* A published AP-HP site and its legal entity. */
				establishment(g, &cat_chu,
				    sample_geo_place(geo, "75113"), "750100125",
				    "GHU APHP SUN SITE PITIE SALPETRIERE",
				    "GHU APHP SORBONNE UNIVERSITE SITE PITIE SALPETRIERE",
				    ej, 0);
				continue;
			}
			if (nsites == 1) {
				name = xasprintf("CHU %s", ofc);
				lname = xasprintf("CENTRE HOSPITALIER UNIVERSITAIRE %s",
				    ofc);
			} else {
				name = xasprintf("CHU %s - %s", city,
				    site_names[j % (sizeof site_names /
				    sizeof site_names[0])]);
				lname = xasprintf("CENTRE HOSPITALIER UNIVERSITAIRE "
				    "%s - %s", ofc, site_names[j %
				    (sizeof site_names / sizeof site_names[0])]);
			}
			establishment(g, &cat_chu, p, NULL, name, lname, ej, 0);
			free(name);
			free(lname);
		}
		if (cc->clcc) {
			char cej[10] = "";

			name = xasprintf("CLCC %s", city);
			lname = xasprintf("CENTRE DE LUTTE CONTRE LE CANCER %s", ofc);
			establishment(g, &cat_clcc, arr[rng_below(&g->r, narr)],
			    NULL, name, lname, cej, 0);
			free(name);
			free(lname);
		}
		free(ofc);
		free(city);
	}
}

/* Spreads count over départements by population (largest remainders). */
static void
spread(const struct sample_geo *geo, int count, int min, int *out)
{
	int64_t *rem = xcalloc(geo->ndeps, sizeof *rem);
	int given = 0;
	size_t i, best;

	for (i = 0; i < geo->ndeps; i++) {
		int64_t share = (int64_t)count * geo->deps[i].population;

		out[i] = (int)(share / geo->population);
		rem[i] = share % geo->population;
		if (out[i] < min) {
			out[i] = min;
			rem[i] = -1;
		}
		given += out[i];
	}
	while (given < count) {
		best = 0;
		for (i = 1; i < geo->ndeps; i++)
			if (rem[i] > rem[best])
				best = i;
		if (rem[best] < 0)
			break;
		out[best]++;
		rem[best] = -1;
		given++;
	}
	free(rem);
}

static void
others(struct gen *g)
{
	const struct sample_geo *geo = g->geo;
	int *count = xcalloc(geo->ndeps, sizeof *count);
	size_t c, i;
	int k, quoted = 0, opened_2024 = 0;

	for (c = 0; c < sizeof categories / sizeof categories[0]; c++) {
		const struct category *cat = &categories[c];

		spread(geo, cat->count, strcmp(cat->code, "355") == 0 ? 1 : 0,
		    count);
		for (i = 0; i < geo->ndeps; i++) {
			for (k = 0; k < count[i]; k++) {
				const struct sample_place *p = sample_geo_pick(geo,
				    &geo->deps[i], &g->r, cat->floor);
				char *city = place_city(p), *ofc = of_city(city);
				char *name, *lname, ej[10] = "";
				const char *n;
				int year = 0;

				if (strcmp(cat->code, "500") == 0) {
					n = PICK(g, residences);
					if (quoted < 4 && (quoted == 0 ||
					    rng_chance(&g->r, 0.01))) {
						name = xasprintf("EHPAD \"%s\"", n);
						lname = xasprintf("RESIDENCE \"%s\" %s",
						    n, city);
						quoted++;
					} else {
						name = xasprintf("EHPAD %s", n);
						lname = xasprintf("EHPAD %s %s", n, city);
					}
				} else if (cat->named) {
					n = PICK(g, names);
					if (strcmp(cat->code, "365") == 0 &&
					    rng_chance(&g->r, 0.3))
						name = xasprintf("POLYCLINIQUE %s", n);
					else
						name = xasprintf("%s %s", cat->prefix, n);
					lname = xasprintf("%s %s", name, city);
					if (strcmp(cat->code, "365") == 0 &&
					    !opened_2024 && i > 40) {
						year = 2024;
						opened_2024 = 1;
					}
				} else {
					name = xasprintf("%s %s", cat->prefix, ofc);
					if (strcmp(cat->prefix, "CH") == 0)
						lname = xasprintf("CENTRE HOSPITALIER %s",
						    ofc);
					else if (strcmp(cat->prefix, "CHS") == 0)
						lname = xasprintf("CENTRE HOSPITALIER "
						    "SPECIALISE %s", ofc);
					else if (strcmp(cat->prefix, "UAD") == 0)
						lname = xasprintf("UNITE D'AUTODIALYSE %s",
						    ofc);
					else
						lname = xstrdup("");
				}
				establishment(g, cat, p, NULL, name, lname, ej, year);
				free(name);
				free(lname);
				free(ofc);
				free(city);
			}
		}
	}
	free(count);
}

/* Splits a line of the published file (quotes doubled) into its fields. */
static size_t
split(const char *line, char **f, size_t max)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t n = 0;
	const char *p = line;
	int q = 0;

	for (;; p++) {
		if (q) {
			if (*p == '"' && p[1] == '"')
				sbuf_addc(&b, *p++);
			else if (*p == '"')
				q = 0;
			else if (*p == '\0')
				break;
			else
				sbuf_addc(&b, *p);
			continue;
		}
		if (*p == '"') {
			q = 1;
			continue;
		}
		if (*p == ';' || *p == '\0') {
			if (n < max)
				f[n++] = b.data != NULL ? b.data : xstrdup("");
			else
				free(b.data);
			b.data = NULL;
			b.len = b.cap = 0;
			if (*p == '\0')
				break;
			continue;
		}
		sbuf_addc(&b, *p);
	}
	free(b.data);
	return n;
}

/* The real lines: copied, and remembered for SAE. */
static int
excerpt(struct gen *g, struct sbuf *b, const char *path, char **cause)
{
	FILE *f;
	char line[8192], *fld[40], *cedex;
	size_t n, i, len;
	int first = 1;

	if ((f = fopen(path, "r")) == NULL)
		return error_set(cause, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		len = strlen(line);
		if (len == 0 || line[len - 1] != '\n') {
			fclose(f);
			return error_set(cause, "%s: line too long", path);
		}
		if (first) {
			first = 0;
			continue;
		}
		sbuf_add(b, line);
		line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		n = split(line, fld, 40);
		if (n == 32 && strcmp(fld[0], "structureet") == 0) {
			struct sample_est *e = new_est(g);
			const char *dep = fld[13];

			snprintf(e->finess, sizeof e->finess, "%s", fld[1]);
			snprintf(e->finess_ej, sizeof e->finess_ej, "%s", fld[2]);
			e->name = xstrdup(fld[3]);
			snprintf(e->category, sizeof e->category, "%s", fld[18]);
			snprintf(e->fin_dep, sizeof e->fin_dep, "%s", dep);
			if (dep[0] == '9' && dep[1] >= 'A' && dep[1] <= 'I') {
				snprintf(e->dep, sizeof e->dep, "97%c",
				    '1' + (dep[1] - 'A'));
				snprintf(e->commune, sizeof e->commune, "97%s",
				    fld[12]);
			} else if (strcmp(dep, "9J") == 0) {
				snprintf(e->dep, sizeof e->dep, "986");
				snprintf(e->commune, sizeof e->commune, "98%s",
				    fld[12]);
			} else {
				snprintf(e->dep, sizeof e->dep, "%s", dep);
				snprintf(e->commune, sizeof e->commune, "%s%s",
				    dep, fld[12]);
			}
			if (strcmp(dep, "9F") == 0)
				snprintf(e->dep, sizeof e->dep, "976");
			snprintf(e->postcode, sizeof e->postcode, "%.5s", fld[15]);
			e->city = xstrdup(strlen(fld[15]) > 6 ? fld[15] + 6 : "");
			if ((cedex = strstr(e->city, " CEDEX")) != NULL)
				*cedex = '\0';
			e->real = 1;
			e->opened = atoi(fld[28]);
			use(g, e->finess);
			if (!used(g, e->finess_ej))
				use(g, e->finess_ej);
		}
		for (i = 0; i < n; i++)
			free(fld[i]);
	}
	if (ferror(f)) {
		fclose(f);
		return error_set(cause, "%s: read error", path);
	}
	fclose(f);
	return 0;
}

struct sorted {
	struct sample_est	 e;
	char			*text;
};

static int
sorted_compare(const void *a, const void *b)
{
	return strcmp(((const struct sorted *)a)->e.finess,
	    ((const struct sorted *)b)->e.finess);
}

/* Appends the generated lines ordered by number (ests from nreal on too). */
static void
sort_generated(struct gen *g, struct sbuf *b, size_t nreal)
{
	struct sample_est *v = g->ests->v + nreal;
	size_t n = g->ests->n - nreal, i;
	struct sorted *s = xcalloc(n, sizeof *s);

	for (i = 0; i < n; i++) {
		s[i].e = v[i];
		s[i].text = g->text[nreal + i];
		g->text[nreal + i] = NULL;
	}
	qsort(s, n, sizeof *s, sorted_compare);
	for (i = 0; i < n; i++) {
		v[i] = s[i].e;
		sbuf_add(b, s[i].text);
		free(s[i].text);
	}
	free(s);
}

static const char *
coord_source(int epsg)
{
	switch (epsg) {
	case 2154:
		return "1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)";
	case 5490:
		return "2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM Zone 20N (Antilles)";
	case 2972:
		return "2,ATLASANTE,96,BAN,EPSG:2972 RGFG95/UTM Zone 22N (Guyane)";
	case 2975:
		return "2,ATLASANTE,96,BAN,EPSG:2975 RGR92/UTM Zone 40S (Réunion)";
	case 4471:
		return "2,ATLASANTE,96,BAN,EPSG:4471 RGM04/UTM Zone 38S (Mayotte)";
	}
	fatalx("EPSG %d", epsg);
}

static void
geoloc_line(struct sbuf *b, const char *finess, int64_t x10, int64_t y10,
    int epsg)
{
	sbuf_addf(b, "geolocalisation;%s;%lld.%lld;%lld.%lld;%s;%s\n", finess,
	    (long long)(x10 / 10), (long long)(x10 % 10), (long long)(y10 / 10),
	    (long long)(y10 % 10), coord_source(epsg), SAMPLE_DATE);
}

static void
geolocalisation(struct gen *g, struct sbuf *b, size_t nreal)
{
	const struct sample_ests *e = g->ests;
	const struct sample_place *p;
	size_t i, k;
	int64_t x10, y10;
	int epsg;

	for (i = 0; i < nreal; i++)
		for (k = 0; k < sizeof real_spots / sizeof real_spots[0]; k++)
			if (strcmp(real_spots[k].finess, e->v[i].finess) == 0)
				geoloc_line(b, e->v[i].finess, real_spots[k].x10,
				    real_spots[k].y10, real_spots[k].epsg);
	for (i = nreal; i < e->n; i++) {
		if (rng_chance(&g->r, 0.04))
			continue;
		if ((p = sample_geo_place(g->geo, e->v[i].commune)) == NULL)
			fatalx("no place %s", e->v[i].commune);
		sample_geo_point(g->geo, p, &g->r, &x10, &y10, &epsg);
		geoloc_line(b, e->v[i].finess, x10, y10, epsg);
	}
}

int
sample_finess(const struct sample_geo *geo, uint64_t seed, const char *dir,
    const char *excerpt_path, struct sample_ests *ests, char **cause)
{
	struct gen g;
	struct sbuf b = { NULL, 0, 0 };
	size_t nreal;
	int rc = -1;

	memset(&g, 0, sizeof g);
	memset(ests, 0, sizeof *ests);
	rng_init(&g.r, seed, "finess");
	g.geo = geo;
	g.ests = ests;
	g.used = xcalloc(NUSED, sizeof *g.used);
	/* The published AP-HP numbers: no other draws them. */
	use(&g, "750100125");
	use(&g, "750712184");

	sbuf_add(&b, "finess;etalab;98;" SAMPLE_DATE "\n");
	if (excerpt(&g, &b, excerpt_path, cause) != 0)
		goto out;
	nreal = ests->n;
	chu(&g);
	others(&g);
	sort_generated(&g, &b, nreal);
	geolocalisation(&g, &b, nreal);
	rc = sample_write_file(dir, FINESS_FILE, b.data, b.len, cause);
out:
	free(g.used);
	free(g.text);
	sbuf_free(&b);
	if (rc != 0)
		sample_ests_free(ests);
	return rc;
}

void
sample_ests_free(struct sample_ests *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].name);
		free(e->v[i].city);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}
