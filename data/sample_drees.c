/* SPDX-License-Identifier: ISC */
/*
 * mksample: medecins_rpps_2012_2025.csv, a CSV export (UTF-8, ';') of the
 * DREES physicians workbook: France, each region and each département (DROM
 * and metropole), the totals and a few breakdowns, effectifs and densities
 * per 100,000 inhabitants for 2012-2025. A département cell under 10 is ND;
 * regions and France add up the true values, as the published ones do.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

#define DREES_FILE	"medecins_rpps_2012_2025.csv"
#define FIRST_YEAR	2012
#define NYEARS		14
#define DENSITY		340.0		/* doctors per 100,000 inhabitants in 2025 */

/* The breakdowns: one dimension set, the others "Ensemble". */
static const struct breakdown {
	const char	*specialty_group;
	const char	*specialty;
	const char	*practice;
	const char	*age;
	const char	*sex;
} breakdowns[] = {
	{ "00-Ensemble", "00-Ensemble", "0-Ensemble", "00-Ensemble", "0-Ensemble" },
	{ "00-Ensemble", "00-Ensemble", "0-Ensemble", "00-Ensemble", "1-Hommes" },
	{ "00-Ensemble", "00-Ensemble", "0-Ensemble", "00-Ensemble", "2-Femmes" },
	{ "00-Ensemble", "00-Ensemble", "1-Libéral", "00-Ensemble", "0-Ensemble" },
	{ "00-Ensemble", "00-Ensemble", "2-Salarié", "00-Ensemble", "0-Ensemble" },
	{ "00-Ensemble", "00-Ensemble", "3-Mixte", "00-Ensemble", "0-Ensemble" },
	{ "01-Médecine générale", "00-Ensemble", "0-Ensemble", "00-Ensemble", "0-Ensemble" },
	{ "02-Spécialités médicales", "00-Ensemble", "0-Ensemble", "00-Ensemble", "0-Ensemble" },
	{ "02-Spécialités médicales", "24-Psychiatrie", "0-Ensemble", "00-Ensemble", "0-Ensemble" },
	{ "00-Ensemble", "00-Ensemble", "0-Ensemble", "02-25-29 ans", "0-Ensemble" },
};
#define NBREAK	(sizeof breakdowns / sizeof breakdowns[0])

typedef int64_t counts[NBREAK][NYEARS];

/* Big university towns have more doctors per inhabitant. */
static const char *const dense_deps[] = {
	"06", "13", "21", "31", "33", "34", "35", "38", "44", "54", "59", "63",
	"67", "69", "75", "86", "87",
};

static double
dep_factor(const struct sample_dep *d, struct rng *r)
{
	static const struct { const char *code; double f; } dom[] = {
		{ "971", 0.75 }, { "972", 0.8 }, { "973", 0.5 }, { "974", 0.8 },
		{ "976", 0.25 },
	};
	double f = 0.75 + 0.3 * rng_unit(r);
	size_t i;

	for (i = 0; i < sizeof dom / sizeof dom[0]; i++)
		if (strcmp(d->code, dom[i].code) == 0)
			return dom[i].f;
	for (i = 0; i < sizeof dense_deps / sizeof dense_deps[0]; i++)
		if (strcmp(d->code, dense_deps[i]) == 0)
			f *= 1.3;
	if (strcmp(d->code, "75") == 0)
		f *= 2.0;
	return f;
}

static int64_t
share(int64_t total, double s)
{
	return (int64_t)((double)total * s + 0.5);
}

static void
dep_counts(const struct sample_dep *d, double scale, uint64_t seed,
    counts out)
{
	struct rng r;
	double base, slope, fem, lib, sal, gp, med, psy, young;
	int y;
	int64_t t;

	rng_init(&r, seed, d->code);
	base = (double)d->population * DENSITY / 100000.0 * dep_factor(d, &r) *
	    scale;
	slope = 0.002 + 0.004 * rng_unit(&r);
	fem = 0.03 * (rng_unit(&r) - 0.5);
	lib = 0.46 + 0.08 * (rng_unit(&r) - 0.5);
	sal = 0.40 + 0.08 * (rng_unit(&r) - 0.5);
	gp = 0.44 + 0.08 * (rng_unit(&r) - 0.5);
	med = 0.38 + 0.06 * (rng_unit(&r) - 0.5);
	psy = 0.065 * (0.6 + 0.8 * rng_unit(&r));
	young = 0.025 * (0.4 + 1.2 * rng_unit(&r));
	for (y = 0; y < NYEARS; y++) {
		t = share((int64_t)(base * (1 - slope * (NYEARS - 1 - y)) + 0.5),
		    1 + 0.01 * (rng_unit(&r) - 0.5));
		out[0][y] = t;
		out[2][y] = share(t, 0.42 + 0.09 * y / (NYEARS - 1) + fem);
		out[1][y] = t - out[2][y];
		out[3][y] = share(t, lib - 0.002 * y);
		out[4][y] = share(t, sal + 0.002 * y);
		out[5][y] = t - out[3][y] - out[4][y];
		out[6][y] = share(t, gp - 0.001 * y);
		out[7][y] = share(t, med);
		out[8][y] = share(t, psy);
		out[9][y] = share(t, young * (0.8 + 0.03 * y));
	}
}

static void
add_counts(counts to, counts from)
{
	size_t b;
	int y;

	for (b = 0; b < NBREAK; b++)
		for (y = 0; y < NYEARS; y++)
			to[b][y] += from[b][y];
}

static void
rows(struct sbuf *s, const char *region, const char *dep, counts c,
    int64_t population, int nd)
{
	size_t b;
	int y;

	for (b = 0; b < NBREAK; b++) {
		sbuf_addf(s, "%s;%s;%s;%s;%s;%s;%s", region, dep,
		    breakdowns[b].specialty_group, breakdowns[b].specialty,
		    breakdowns[b].practice, breakdowns[b].age,
		    breakdowns[b].sex);
		for (y = 0; y < NYEARS; y++) {
			if (nd && c[b][y] < 10)
				sbuf_add(s, ";ND");
			else
				sbuf_addf(s, ";%lld", (long long)c[b][y]);
		}
		for (y = 0; y < NYEARS; y++) {
			int64_t d10;

			if (nd && c[b][y] < 10) {
				sbuf_add(s, ";ND");
				continue;
			}
			d10 = (c[b][y] * 1000000 + population / 2) / population;
			sbuf_addf(s, ";%lld,%lld", (long long)(d10 / 10),
			    (long long)(d10 % 10));
		}
		sbuf_addc(s, '\n');
	}
}

int
sample_drees(const struct sample_geo *geo, uint64_t seed, const char *dir,
    char **cause)
{
	struct sbuf s = { NULL, 0, 0 };
	counts *dep, france, region;
	double raw = 0, scale;
	size_t i, k;
	int y, rc;
	char *rlabel, *dlabel;

	dep = xcalloc(geo->ndeps, sizeof *dep);
	/* A first pass at scale 1 sets the national density. */
	for (i = 0; i < geo->ndeps; i++) {
		dep_counts(&geo->deps[i], 1.0, seed, dep[i]);
		raw += (double)dep[i][0][NYEARS - 1];
	}
	scale = DENSITY / 100000.0 * (double)geo->population / raw;
	memset(france, 0, sizeof france);
	for (i = 0; i < geo->ndeps; i++) {
		dep_counts(&geo->deps[i], scale, seed, dep[i]);
		add_counts(france, dep[i]);
	}

	sbuf_add(&s, "region;departement;specialites_agregees;specialites;"
	    "exercice;tranche_age;sexe");
	for (y = 0; y < NYEARS; y++)
		sbuf_addf(&s, ";effectif_%d", FIRST_YEAR + y);
	for (y = 0; y < NYEARS; y++)
		sbuf_addf(&s, ";densite_%d", FIRST_YEAR + y);
	sbuf_addc(&s, '\n');
	rows(&s, "Ensemble", "Ensemble", france, geo->population, 0);
	for (k = 0; k < geo->nregions; k++) {
		const struct sample_region *r = &geo->regions[k];
		int64_t pop = 0;

		memset(region, 0, sizeof region);
		for (i = 0; i < geo->ndeps; i++)
			if (strcmp(geo->deps[i].region, r->code) == 0) {
				add_counts(region, dep[i]);
				pop += geo->deps[i].population;
			}
		if (pop == 0)
			continue;
		rlabel = xasprintf("%s-%s", r->code, r->name);
		rows(&s, rlabel, "Ensemble", region, pop, 0);
		for (i = 0; i < geo->ndeps; i++) {
			const struct sample_dep *d = &geo->deps[i];

			if (strcmp(d->region, r->code) != 0)
				continue;
			if (strlen(d->code) == 3)
				dlabel = xasprintf("%s -%s", d->code, d->name);
			else
				dlabel = xasprintf("0%s-%s", d->code, d->name);
			rows(&s, rlabel, dlabel, dep[i], d->population, 1);
			free(dlabel);
		}
		free(rlabel);
	}
	rc = sample_write_file(dir, DREES_FILE, s.data, s.len, cause);
	sbuf_free(&s);
	free(dep);
	return rc;
}
