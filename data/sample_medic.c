/* SPDX-License-Identifier: ISC */
/*
 * mksample: one year of Open Medic, OPEN_MEDIC_<YYYY>.zip holding
 * OPEN_MEDIC_<YYYY>.CSV (Windows-1252, CRLF, ';', decimal comma, 21 columns).
 *
 * A row is one product (CIP13) x age x sexe x BEN_REG x PSP_SPE cell. Each
 * substance spreads its boxes over the 4,860 cells by its age and sex
 * profile, the population each BEN_REG covers and its prescribers; a product
 * keeps a number of cells that grows with its volume (sampled so that the
 * expected boxes stay the substance's). Totals aim at the published national
 * figures (REM 24.44 bn EUR in 2023, 26.03 bn in 2024) whatever the number of
 * rows. The CSV is written to a file, then streamed into the zip.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sample.h"

#define NAGE	4
#define NSEX	3
#define NREG	15
#define NPSP	27
#define NCELL	(NAGE * NSEX * NREG * NPSP)

#define ROWS_SAMPLE	100000
#define ROWS_FULL	1960000
#define BOXES_2023	2.6e9		/* boxes a year, all substances */

static const int ages[NAGE] = { 0, 20, 60, 99 };
static const int sexes[NSEX] = { 1, 2, 9 };
static const int regs[NREG] = {
	0, 5, 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 99,
};
static const int psps[NPSP] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 17, 18, 19, 31, 32, 35,
	36, 37, 38, 42, 90, 98, 99,
};

static const double age_weights[PROFILE_COUNT][NAGE] = {
	[PROFILE_ALL] = { 0.20, 0.42, 0.38, 0.002 },
	[PROFILE_ADULT] = { 0.04, 0.60, 0.36, 0.002 },
	[PROFILE_ELDERLY] = { 0.005, 0.22, 0.775, 0.002 },
	[PROFILE_CHILD] = { 0.45, 0.35, 0.20, 0.002 },
	[PROFILE_FEMALE] = { 0.15, 0.85, 0.005, 0.002 },
	[PROFILE_FEMALE_ELDERLY] = { 0.002, 0.30, 0.70, 0.002 },
	[PROFILE_MALE_ELDERLY] = { 0.001, 0.20, 0.80, 0.002 },
	[PROFILE_YOUNG] = { 0.02, 0.88, 0.10, 0.002 },
	[PROFILE_FEMALE_HEAVY] = { 0.10, 0.50, 0.40, 0.002 },
};

static const double sex_weights[PROFILE_COUNT][NSEX] = {
	[PROFILE_ALL] = { 0.45, 0.545, 0.005 },
	[PROFILE_ADULT] = { 0.45, 0.545, 0.005 },
	[PROFILE_ELDERLY] = { 0.44, 0.555, 0.005 },
	[PROFILE_CHILD] = { 0.50, 0.495, 0.005 },
	[PROFILE_FEMALE] = { 0.0, 0.995, 0.005 },
	[PROFILE_FEMALE_ELDERLY] = { 0.01, 0.985, 0.005 },
	[PROFILE_MALE_ELDERLY] = { 0.85, 0.145, 0.005 },
	[PROFILE_YOUNG] = { 0.70, 0.295, 0.005 },
	[PROFILE_FEMALE_HEAVY] = { 0.25, 0.745, 0.005 },
};

/* Share of the boxes reimbursed at 100 % (ALD) grows with age. */
static const double age_ald[NAGE] = { 0.5, 0.9, 1.3, 1.0 };

struct cells {
	double	 w[NCELL];	/* in output order; sums to 1 */
	double	*sorted;	/* descending */
	double	*suffix;	/* suffix[j] = sum of sorted[j..] */
	int	 nonzero;
	double	 eff;		/* expected REM/BSE */
	double	 reg[NREG];	/* weight of each BEN_REG */
};

static const struct sample_substance *
subst(size_t i)
{
	return &sample_substances[i];
}

static const char *
subst_code(const struct sample_substance *s)
{
	return s->atc5[0] != '\0' ? s->atc5 : s->atc4;
}

static int
cip_taken(struct sample_catalogue *c, uint64_t cip, int insert)
{
	size_t h = (size_t)((cip * UINT64_C(0x9E3779B97F4A7C15)) >> 40) %
	    c->ncips;

	while (c->cips[h] != 0) {
		if (c->cips[h] == cip)
			return 1;
		h = (h + 1) % c->ncips;
	}
	if (insert)
		c->cips[h] = cip;
	return 0;
}

/* 34009 + 7 digits + the EAN-13 key, as every CIP13. */
static void
new_cip(struct sample_catalogue *c, struct rng *r, char out[14])
{
	int sum, i;

	do {
		snprintf(out, 14, "34009%07u", (unsigned)rng_below(r, 10000000));
		for (sum = 0, i = 0; i < 12; i++)
			sum += (out[i] - '0') * (i % 2 ? 3 : 1);
		out[12] = (char)('0' + (10 - sum % 10) % 10);
		out[13] = '\0';
	} while (cip_taken(c, strtoull(out, NULL, 10), 1));
}

static char *
product_label(const struct sample_substance *s, int lab, int dose, int pack)
{
	if (lab < 0)
		return xasprintf("%s %s %s %d", s->brand, s->doses[dose], s->form,
		    pack);
	return xasprintf("%s %s %s %s %d", s->lname != NULL ? s->lname : s->name,
	    sample_labs[lab], s->doses[dose], s->form, pack);
}

static struct sample_product *
add_product(struct sample_catalogue *c, uint64_t seed, size_t si, int lab, int dose,
    int pack_index, int pack, double lab_weight, const int *gen_num)
{
	static const double dose_weights[] = { 1.0, 0.8, 0.5, 0.3, 0.2 };
	const struct sample_substance *s = subst(si);
	struct sample_product *p;
	struct rng r;
	char *key;
	double price;

	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 1024 : c->cap * 2;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	p = &c->v[c->n++];
	memset(p, 0, sizeof *p);
	p->si = si;
	p->lab = lab;
	p->dose = dose;
	p->pack = pack;
	p->label = product_label(s, lab, dose, pack);
	key = xasprintf("product %s %d %d %d", subst_code(s), lab, dose, pack);
	rng_init(&r, seed, key);
	free(key);
	new_cip(c, &r, p->cip);
	p->weight = lab_weight * dose_weights[dose] *
	    (pack_index == 0 ? 0.65 : 0.35);
	price = (double)s->price * (1.0 + 0.35 * dose);
	if (pack_index > 0)
		price *= (double)pack / s->packs[0] * 0.92;
	if (lab >= 0)
		price *= 0.55 + 0.2 * rng_unit(&r);
	p->price = (int64_t)(price + 0.5);
	p->from = 0;
	p->to = 9999;
	if (lab >= 0) {
		double u = rng_unit(&r);

		if (u < 0.03)
			p->from = 2024;
		else if (u < 0.06)
			p->to = 2023;
	}
	if (lab >= 0)
		p->top_gen = 1;
	else
		p->top_gen = s->generics ? 4 : 0;
	p->gen_num = s->generics ? gen_num[dose] : 0;
	if (lab >= 0 && rng_chance(&r, 0.01)) {
		p->top_gen = 9;
		p->gen_num = -1;
	} else if (p->top_gen == 0 && rng_chance(&r, 0.04))
		p->gen_num = -1;
	return p;
}

static void
build_catalogue(struct sample_catalogue *c, uint64_t seed, int full)
{
	struct rng r;
	size_t si, i, k;
	int order[32], nlabs, j, t, d, pk, gen_num[5], next = 1;
	double lab_weight;
	char *key;

	memset(c, 0, sizeof *c);
	c->ncips = 65536;
	c->cips = xcalloc(c->ncips, sizeof *c->cips);
	for (i = 0; i < sample_nreal_products; i++)
		cip_taken(c, strtoull(sample_real_products[i].cip13, NULL, 10), 1);
	rng_init(&r, seed, "generic groups");
	for (si = 0; si < sample_nsubstances; si++) {
		const struct sample_substance *s = subst(si);
		struct rng lr;

		for (d = 0; d < 5; d++) {
			gen_num[d] = next;
			if (s->generics && s->doses[d] != NULL)
				next += 1 + (int)rng_below(&r, 10);
		}
		key = xasprintf("labs %s", subst_code(s));
		rng_init(&lr, seed, key);
		free(key);
		for (j = 0; j < (int)sample_nlabs; j++)
			order[j] = j;
		for (j = (int)sample_nlabs - 1; j > 0; j--) {
			k = rng_below(&lr, (uint64_t)j + 1);
			t = order[j];
			order[j] = order[k];
			order[k] = t;
		}
		nlabs = s->generics ? 3 + (int)rng_below(&lr, 8) : 0;
		if (!full && nlabs > 2)
			nlabs = 2;
		for (j = s->brand != NULL ? -1 : 0; j < nlabs; j++) {
			int lab = j < 0 ? -1 : order[j];

			lab_weight = lab < 0 ? (s->generics ? 0.35 : 1.0) :
			    (0.2 + 0.8 * rng_unit(&lr)) / nlabs;
			for (d = 0; d < 5 && s->doses[d] != NULL; d++)
				for (pk = 0; pk < 3 && s->packs[pk] != 0; pk++) {
					if (!full && pk > 0)
						break;
					add_product(c, seed, si, lab, d, pk,
					    s->packs[pk], lab_weight, gen_num);
				}
		}
	}
	/* The published codes: their own line, or an added one. */
	for (i = 0; i < sample_nreal_products; i++) {
		const struct sample_real_product *rp = &sample_real_products[i];
		struct sample_product *p = NULL;

		for (k = 0; k < c->n; k++)
			if (strcmp(c->v[k].label, rp->label) == 0)
				p = &c->v[k];
		if (p == NULL) {
			int lab = -1, dose = -1, pack_index = 1;

			for (si = 0; si < sample_nsubstances; si++)
				if (strcmp(subst(si)->atc5, rp->atc5) == 0)
					break;
			if (si == sample_nsubstances)
				fatalx("no substance %s", rp->atc5);
			for (j = 0; rp->lab != NULL && j < (int)sample_nlabs; j++)
				if (strcmp(sample_labs[j], rp->lab) == 0)
					lab = j;
			for (d = 0; d < 5 && subst(si)->doses[d] != NULL; d++)
				if (strcmp(subst(si)->doses[d], rp->dose) == 0)
					dose = d;
			if (dose < 0 || (rp->lab != NULL && lab < 0))
				fatalx("real product %s does not fit", rp->label);
			for (pk = 0; pk < 3; pk++)
				if (subst(si)->packs[pk] == rp->pack)
					pack_index = pk;
			for (d = 0, next = 1; d < 5; d++)
				gen_num[d] = 0;
			p = add_product(c, seed, si, lab, dose, pack_index,
			    rp->pack, lab < 0 ? 0.35 : 0.3, gen_num);
			/* Same generic group as its siblings. */
			for (k = 0; k + 1 < c->n; k++)
				if (c->v[k].si == si && c->v[k].dose == dose)
					p->gen_num = c->v[k].gen_num;
		}
		if (strcmp(p->label, rp->label) != 0)
			fatalx("real product label %s built as %s", rp->label,
			    p->label);
		snprintf(p->cip, sizeof p->cip, "%s", rp->cip13);
		p->from = 0;
		p->to = 9999;
		if (p->top_gen == 9)
			p->top_gen = 1;
		if (p->gen_num < 0 && p->top_gen != 0)
			p->gen_num = 0;
	}
}

void
sample_medic_catalogue_free(struct sample_catalogue *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].label);
	free(c->v);
	free(c->cips);
	memset(c, 0, sizeof *c);
}

static int
double_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The spread of a substance over the cells. */
static void
substance_cells(const struct sample_geo *geo, const struct sample_substance *s,
    struct cells *c)
{
	double reg_w[NREG], psp_w[NPSP], sum, eff = 0;
	int a, x, g, p, i, n = 0;
	size_t k;

	for (g = 0; g < NREG; g++) {
		int64_t pop = 0;

		for (k = 0; k < geo->nregions; k++) {
			const struct sample_region *r = &geo->regions[k];
			int code = atoi(r->code);

			if ((regs[g] == 5 && r->drom) ||
			    (regs[g] == 93 && (code == 93 || code == 94)) ||
			    (regs[g] != 5 && regs[g] != 93 && code == regs[g] &&
			    !r->drom))
				pop += r->population;
		}
		reg_w[g] = (double)pop / (double)geo->population * 0.993;
	}
	reg_w[0] = 0.002;
	reg_w[NREG - 1] = 0.005;
	for (sum = 0, p = 0; p < NPSP; p++) {
		switch (psps[p]) {
		case 1: psp_w[p] = 50; break;
		case 90: psp_w[p] = 16; break;
		case 99: psp_w[p] = 8; break;
		case 98: psp_w[p] = 1.5; break;
		case 19: psp_w[p] = 0.3; break;
		case 38: psp_w[p] = 0.1; break;
		case 36: case 37: psp_w[p] = 0.05; break;
		default: psp_w[p] = 0.6; break;
		}
		if (psps[p] == s->psp[0])
			psp_w[p] += 12;
		else if (psps[p] == s->psp[1])
			psp_w[p] += 5;
		sum += psp_w[p];
	}
	for (p = 0; p < NPSP; p++)
		psp_w[p] /= sum;
	i = 0;
	for (a = 0; a < NAGE; a++) {
		double ald = (double)s->ald / 100 * age_ald[a], e;

		if (ald > 1)
			ald = 1;
		e = ((double)s->rate + (100.0 - s->rate) * ald) / 100;
		for (x = 0; x < NSEX; x++)
			for (g = 0; g < NREG; g++)
				for (p = 0; p < NPSP; p++) {
					c->w[i] = age_weights[s->profile][a] *
					    sex_weights[s->profile][x] *
					    reg_w[g] * psp_w[p];
					eff += c->w[i] * e;
					i++;
				}
	}
	for (sum = 0, i = 0; i < NCELL; i++)
		sum += c->w[i];
	for (i = 0; i < NCELL; i++) {
		c->w[i] /= sum;
		c->reg[i / NPSP % NREG] += c->w[i];
		if (c->w[i] > 0)
			n++;
	}
	c->eff = eff / sum;
	c->nonzero = n;
	c->sorted = xcalloc(NCELL, sizeof *c->sorted);
	c->suffix = xcalloc(NCELL + 1, sizeof *c->suffix);
	memcpy(c->sorted, c->w, sizeof c->w);
	qsort(c->sorted, NCELL, sizeof *c->sorted, double_desc);
	for (i = NCELL - 1; i >= 0; i--)
		c->suffix[i] = c->suffix[i + 1] + c->sorted[i];
}

/* lambda such that the sum over cells of min(1, lambda w) is n. */
static double
solve_lambda(const struct cells *c, double n)
{
	double lam;
	int j;

	if (n >= c->nonzero)
		return HUGE_VAL;
	for (j = 0; j < c->nonzero; j++) {
		lam = (n - j) / c->suffix[j];
		if (c->sorted[j] * lam <= 1)
			return lam;
	}
	return HUGE_VAL;
}

static double
rows_for(double k, double volume, int nonzero)
{
	double n = k * sqrt(volume);

	if (n < 1)
		n = 1;
	return n > nonzero ? nonzero : n;
}

static int
product_compare(const void *a, const void *b)
{
	const struct sample_product *p = a, *q = b;
	int c = strcmp(subst_code(subst(p->si)), subst_code(subst(q->si)));

	return c != 0 ? c : strcmp(p->cip, q->cip);
}

static void
add_int(struct sbuf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t a = v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;

	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (v < 0)
		*--p = '-';
	sbuf_addn(b, p, (size_t)(tmp + sizeof tmp - p));
}

static int64_t
round_away(double x)
{
	return x < 0 ? -(int64_t)(-x + 0.5) : (int64_t)(x + 0.5);
}

/* The columns before age: ATC levels and labels, CIP13, label, generics. */
static char *
product_prefix(const struct sample_product *p)
{
	const struct sample_substance *s = subst(p->si);
	struct sbuf u = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	char code[8];
	const char *label;
	int len;

	for (len = 1; len <= 4; len++) {
		snprintf(code, sizeof code, "%.*s", len == 1 ? 1 : len == 2 ? 3 :
		    len == 3 ? 4 : 5, s->atc4);
		if ((label = sample_atc_label(code)) == NULL)
			fatalx("no label for ATC %s", code);
		sbuf_addf(&u, "%s;%s;", code, label);
	}
	sbuf_addf(&u, "%s;%s;%s;%s;%d;", s->atc5, s->name, p->cip, p->label,
	    p->top_gen);
	if (p->gen_num >= 0)
		sbuf_addf(&u, "%d", p->gen_num);
	sbuf_addc(&u, ';');
	sbuf_add_cp1252(&b, u.data);
	sbuf_free(&u);
	return b.data;
}

struct year_plan {
	int	year;
	double	box_scale;
	double	price_scale;
	double	k;		/* rows = k sqrt(volume) */
};

static int
sold(const struct sample_product *p, int year)
{
	return p->from <= year && year <= p->to;
}

static void
plan_year(struct sample_catalogue *c, struct cells *cells, struct year_plan *y,
    int full)
{
	double *wsum = xcalloc(sample_nsubstances, sizeof *wsum);
	double boxes = 0, rem = 0, lo, hi, mid, target, n;
	size_t i, si;
	int it;

	for (si = 0; si < sample_nsubstances; si++)
		boxes += subst(si)->kboxes * 1000.0;
	y->box_scale = BOXES_2023 / boxes;
	for (i = 0; i < c->n; i++)
		if (sold(&c->v[i], y->year))
			wsum[c->v[i].si] += c->v[i].weight;
	for (i = 0; i < c->n; i++) {
		struct sample_product *p = &c->v[i];
		const struct sample_substance *s = subst(p->si);

		p->volume = 0;
		if (!sold(p, y->year))
			continue;
		p->volume = s->kboxes * 1000.0 * y->box_scale * p->weight /
		    wsum[p->si];
		if (y->year >= 2024)
			p->volume *= 1 + s->growth / 100.0;
		rem += p->volume * (double)p->price * cells[p->si].eff;
	}
	target = y->year >= 2024 ? 26.03e11 : 24.44e11;	/* cents */
	y->price_scale = target / rem;
	for (i = 0; i < c->n; i++) {
		c->v[i].year_price = (int64_t)((double)c->v[i].price *
		    y->price_scale + 0.5);
		if (c->v[i].year_price < 1)
			c->v[i].year_price = 1;
	}
	/* Rows: k such that the cells kept add up to the target. */
	target = full ? ROWS_FULL : ROWS_SAMPLE;
	lo = 0;
	hi = 1e4;
	for (it = 0; it < 100; it++) {
		mid = (lo + hi) / 2;
		for (n = 0, i = 0; i < c->n; i++)
			if (c->v[i].volume > 0)
				n += rows_for(mid, c->v[i].volume,
				    cells[c->v[i].si].nonzero);
		if (n < target)
			lo = mid;
		else
			hi = mid;
	}
	y->k = lo;
	for (i = 0; i < c->n; i++)
		c->v[i].rows = c->v[i].volume > 0 ? rows_for(y->k, c->v[i].volume,
		    cells[c->v[i].si].nonzero) : 0;
	free(wsum);
}

/*
 * One product's rows of the year. The cells kept are drawn first; their boxes
 * are then scaled so that each BEN_REG gets its expected share exactly, which
 * keeps regional totals steady however few rows a product has.
 */
static void
product_rows(const struct sample_product *p, const struct cells *c,
    const struct year_plan *y, uint64_t seed, struct sbuf *b,
    struct sample_medic_totals *t)
{
	const struct sample_substance *s = subst(p->si);
	double lam = solve_lambda(c, p->rows), pc, ald, eff, q;
	double drawn[NREG] = { 0 }, *e = xcalloc(NCELL, sizeof *e);
	int64_t price = p->year_price;
	int64_t boxes, bse, rem;
	char *prefix = product_prefix(p), *key;
	struct rng r, m;
	int *kept = xcalloc(NCELL, sizeof *kept), nkept = 0;
	int i, j, a, x, g, k;

	key = xasprintf("rows %s %d", p->cip, y->year);
	rng_init(&r, seed, key);
	free(key);
	key = xasprintf("money %s %d", p->cip, y->year);
	rng_init(&m, seed, key);
	free(key);
	for (i = 0; i < NCELL; i++) {
		if (c->w[i] <= 0)
			continue;
		pc = lam * c->w[i];
		if (pc > 1)
			pc = 1;
		if (rng_unit(&r) >= pc)
			continue;
		e[i] = p->volume * c->w[i] / pc * (0.5 + rng_unit(&r));
		drawn[i / NPSP % NREG] += e[i];
		kept[nkept++] = i;
	}
	for (j = 0; j < nkept; j++) {
		i = kept[j];
		a = i / (NSEX * NREG * NPSP);
		x = i / (NREG * NPSP) % NSEX;
		g = i / NPSP % NREG;
		k = i % NPSP;
		boxes = round_away(e[i] * p->volume * c->reg[g] / drawn[g]);
		if (boxes < 1)
			boxes = 1;
		ald = (double)s->ald / 100 * age_ald[a] *
		    (0.8 + 0.4 * rng_unit(&m));
		if (ald > 1)
			ald = 1;
		eff = ((double)s->rate + (100.0 - s->rate) * ald) / 100;
		bse = boxes * price;
		if (rng_chance(&m, 0.1))	/* a price change in the year */
			bse = round_away((double)bse * (0.97 + 0.06 *
			    rng_unit(&m)));
		q = rng_unit(&m);
		if (q < 1.0 / 9000) {
			/* Regularisation: boxes taken back. */
			boxes = -rng_range(&m, 1, 51);
			bse = boxes * price;
		} else if (q < 2.0 / 9000) {
			boxes = 0;
			bse = -rng_range(&m, 1, price * 3);
		} else if (q < 2.0 / 9000 + 1.0 / 4000) {
			boxes = 0;
			bse = rng_chance(&m, 0.5) ? 0 : rng_range(&m, 1, price);
		}
		rem = round_away((double)bse * eff);
		if (q >= 2.0 / 9000 + 1.0 / 4000 &&
		    q < 2.0 / 9000 + 1.0 / 4000 + 1.0 / 7500 && bse > 0)
			rem = bse + 1 + round_away((double)bse * 0.2 *
			    rng_unit(&m));
		sbuf_add(b, prefix);
		add_int(b, ages[a]);
		sbuf_addc(b, ';');
		add_int(b, sexes[x]);
		sbuf_addc(b, ';');
		add_int(b, regs[g]);
		sbuf_addc(b, ';');
		add_int(b, psps[k]);
		sbuf_addc(b, ';');
		add_int(b, boxes);
		sbuf_addc(b, ';');
		sbuf_add_cents(b, rem);
		sbuf_addc(b, ';');
		sbuf_add_cents(b, bse);
		sbuf_add(b, "\r\n");
		t->rows++;
		t->boxes += boxes;
		t->rem_cents += rem;
		t->bse_cents += bse;
	}
	t->products += nkept > 0;
	free(kept);
	free(e);
	free(prefix);
}

static int
write_csv(const char *path, struct sample_catalogue *c, struct cells *cells,
    const struct year_plan *y, uint64_t seed, struct sample_medic_totals *t,
    char **cause)
{
	struct sbuf b = { NULL, 0, 0 };
	FILE *f;
	size_t i;
	int rc = -1;

	if ((f = fopen(path, "wb")) == NULL)
		return error_set(cause, "%s: %s", path, strerror(errno));
	sbuf_addf(&b, "ATC1;l_ATC1;ATC2;L_ATC2;ATC3;L_ATC3;ATC4;L_ATC4;ATC5;"
	    "L_ATC5;CIP13;l_cip13;TOP_GEN;GEN_NUM;%s;sexe;BEN_REG;PSP_SPE;"
	    "BOITES;REM;BSE\r\n", y->year == 2023 ? "AGE" : "age");
	for (i = 0; i < c->n; i++) {
		if (c->v[i].volume <= 0)
			continue;
		product_rows(&c->v[i], &cells[c->v[i].si], y, seed, &b, t);
		if (b.len >= (1 << 20)) {
			if (fwrite(b.data, 1, b.len, f) != b.len)
				goto out;
			b.len = 0;
		}
	}
	if (b.len > 0 && fwrite(b.data, 1, b.len, f) != b.len)
		goto out;
	rc = 0;
out:
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		error_set(cause, "%s: %s", path, strerror(errno));
	sbuf_free(&b);
	return rc;
}

/* The catalogue in file order, each substance's cells, the year planned. */
static struct cells *
prepare(const struct sample_geo *geo, uint64_t seed, int year, int full,
    struct sample_catalogue *c, struct year_plan *y)
{
	struct cells *cells;
	size_t i;

	memset(y, 0, sizeof *y);
	y->year = year;
	build_catalogue(c, seed, full);
	qsort(c->v, c->n, sizeof *c->v, product_compare);
	cells = xcalloc(sample_nsubstances, sizeof *cells);
	for (i = 0; i < sample_nsubstances; i++)
		substance_cells(geo, subst(i), &cells[i]);
	plan_year(c, cells, y, full);
	return cells;
}

static void
free_cells(struct cells *cells)
{
	size_t i;

	for (i = 0; i < sample_nsubstances; i++) {
		free(cells[i].sorted);
		free(cells[i].suffix);
	}
	free(cells);
}

void
sample_medic_catalogue(const struct sample_geo *geo, uint64_t seed, int year,
    int full, struct sample_catalogue *c)
{
	struct year_plan y;

	free_cells(prepare(geo, seed, year, full, c, &y));
}

int
sample_medic(const struct sample_geo *geo, uint64_t seed, int year, int full,
    const char *dir, struct sample_medic_totals *t, char **cause)
{
	struct sample_catalogue c;
	struct cells *cells;
	struct year_plan y;
	struct sample_archive *a;
	char *csv_name, *zip_name, *tmp, *path;
	int rc = -1;

	memset(t, 0, sizeof *t);
	cells = prepare(geo, seed, year, full, &c, &y);

	csv_name = xasprintf("OPEN_MEDIC_%d.CSV", year);
	zip_name = xasprintf("OPEN_MEDIC_%d.zip", year);
	tmp = xasprintf("%s/.%s.tmp", dir, csv_name);
	path = xasprintf("%s/%s", dir, csv_name);
	if (write_csv(tmp, &c, cells, &y, seed, t, cause) != 0)
		goto out;
	if ((a = sample_archive_open(dir, zip_name, SAMPLE_ZIP, cause)) == NULL)
		goto out;
	if (sample_archive_add_file(a, csv_name, tmp, cause) != 0) {
		sample_archive_close(a, NULL);
		goto out;
	}
	if (sample_archive_close(a, cause) != 0)
		goto out;
	/* The plain CSV stays only for the benchmark's baseline. */
	if (full && rename(tmp, path) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	unlink(tmp);
	free_cells(cells);
	sample_medic_catalogue_free(&c);
	free(csv_name);
	free(zip_name);
	free(tmp);
	free(path);
	return rc;
}
