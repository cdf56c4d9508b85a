/* SPDX-License-Identifier: ISC */
/*
 * mksample: one year of the SAE "bases statistiques" as DREES ships them, a
 * 7-Zip archive of latin-1 (Windows-1252) CSV tables. The sites are the
 * hospitals of the generated FINESS extract: ID (quoted, CRLF, lower-case
 * names), MCO, URGENCES, URGENCES2 and, from 2024 only, SYGEN; REA and a
 * text file stand for what the importer skips.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

struct site {
	const struct sample_est	*e;
	/* A site that is not (or no longer) in FINESS. */
	char		 fi[10], fi_ej[10], cat[4], fin_dep[3], dep[4];
	const char	*name, *city, *postcode, *commune;
	int		 mco, er, ped;
	double		 bed_weight, er_weight;
	int64_t		 beds, places, stays_full, stays_partial, days;
	int64_t		 passages_gen, passages_ped, uhcd;
	int		 no_places, no_uhcd, no_autped, not_in_mco, utf8;
};

struct kind {
	const char	*cat;
	double		 mco, er, ped;	/* chances */
	double		 beds, er_share;	/* weights */
};

static const struct kind kinds[] = {
	{ "101", 1.0, 1.0, 0.8, 6.0, 3.0 },
	{ "355", 0.95, 0.85, 0.25, 2.0, 1.5 },
	{ "106", 0.5, 0.0, 0.0, 0.15, 0.0 },
	{ "131", 1.0, 0.0, 0.0, 1.2, 0.0 },
	{ "365", 1.0, 0.25, 0.0, 0.9, 0.6 },
	{ "128", 1.0, 0.05, 0.0, 0.5, 0.4 },
	{ "122", 1.0, 0.0, 0.0, 0.3, 0.0 },
	{ "292", 0.0, 0.0, 0.0, 0.0, 0.0 },
	{ "109", 0.0, 0.0, 0.0, 0.0, 0.0 },
};

/* Real lines of the excerpt that SAE covers (not Saint-Martin, not Wallis). */
static const char *const real_sites[] = { "010000024", "970300026", "970400024" };

static const struct kind *
kind_of(const char *cat)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].cat, cat) == 0)
			return &kinds[i];
	return NULL;
}

static double
between(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

static int64_t
round_pos(double x)
{
	return x <= 0 ? 0 : (int64_t)(x + 0.5);
}

static int
is_real_site(const char *fi)
{
	size_t i;

	for (i = 0; i < sizeof real_sites / sizeof real_sites[0]; i++)
		if (strcmp(real_sites[i], fi) == 0)
			return 1;
	return 0;
}

static int
non_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* The sites of a year, with what they declare. */
static struct site *
sites_of(const struct sample_geo *geo, const struct sample_ests *ests,
    uint64_t seed, int year, size_t *np)
{
	struct site *v = xcalloc(ests->n + 1, sizeof *v), *s;
	size_t n = 0, i, j, nutf8 = 0;
	struct rng r;
	char stream[32];

	for (i = 0; i < ests->n; i++) {
		const struct sample_est *e = &ests->v[i];
		const struct kind *k = kind_of(e->category);

		if (k == NULL || (e->real && !is_real_site(e->finess)))
			continue;
		if (e->opened > year)
			continue;
		s = &v[n++];
		s->e = e;
		snprintf(s->fi, sizeof s->fi, "%s", e->finess);
		snprintf(s->fi_ej, sizeof s->fi_ej, "%s", e->finess_ej);
		snprintf(s->cat, sizeof s->cat, "%s", e->category);
		snprintf(s->fin_dep, sizeof s->fin_dep, "%s", e->fin_dep);
		snprintf(s->dep, sizeof s->dep, "%s", e->dep);
		s->name = e->name;
		s->city = e->city;
		s->postcode = e->postcode;
		s->commune = e->commune;
		/* What a site is does not depend on the year. */
		rng_init(&r, seed, e->finess);
		s->mco = rng_chance(&r, k->mco);
		s->er = s->mco && rng_chance(&r, k->er);
		s->ped = s->er && rng_chance(&r, k->ped);
		s->bed_weight = k->beds * between(&r, 0.4, 1.6);
		s->er_weight = k->er_share * between(&r, 0.5, 1.5);
		s->no_places = rng_chance(&r, 0.03);
		s->no_uhcd = rng_chance(&r, 0.1);
		s->no_autped = rng_chance(&r, 0.02);
		s->not_in_mco = year >= 2024 && s->mco && rng_chance(&r, 0.008);
		/* The published hospitals have beds and an emergency unit. */
		if (e->real) {
			s->mco = s->er = 1;
			s->ped = strcmp(e->category, "101") == 0 || s->ped;
		}
		if (non_ascii(e->name) && nutf8 < 2) {
			s->utf8 = 1;
			nutf8++;
		}
	}
	if (year == 2023) {
		/* A clinic that closed since: in SAE 2023, no longer in FINESS. */
		s = &v[n++];
		snprintf(s->fi, sizeof s->fi, "59090%03d", 307);
		s->fi[8] = sample_luhn(s->fi, 8);
		s->fi[9] = '\0';
		snprintf(s->fi_ej, sizeof s->fi_ej, "590790%02d", 11);
		s->fi_ej[8] = sample_luhn(s->fi_ej, 8);
		s->fi_ej[9] = '\0';
		snprintf(s->cat, sizeof s->cat, "365");
		snprintf(s->fin_dep, sizeof s->fin_dep, "59");
		snprintf(s->dep, sizeof s->dep, "59");
		s->name = "CLINIQUE DU BELVÉDÈRE";
		s->city = "ROUBAIX";
		s->postcode = "59100";
		s->commune = "59512";
		s->mco = 1;
		s->bed_weight = 0.5;
	}
	/* Beds and passages: the département's share, by weight. */
	for (i = 0; i < geo->ndeps; i++) {
		const struct sample_dep *d = &geo->deps[i];
		double wb = 0, we = 0;

		for (j = 0; j < n; j++) {
			if (strcmp(v[j].dep, d->code) != 0)
				continue;
			if (v[j].mco)
				wb += v[j].bed_weight;
			if (v[j].er)
				we += v[j].er_weight;
		}
		for (j = 0; j < n; j++) {
			double beds, passages;

			s = &v[j];
			if (strcmp(s->dep, d->code) != 0)
				continue;
			snprintf(stream, sizeof stream, "%s-%d", s->fi, year);
			rng_init(&r, seed, stream);
			if (s->mco && wb > 0) {
				beds = (double)d->population / 350.0 *
				    s->bed_weight / wb;
				if (year == 2023)
					beds *= between(&r, 1.0, 1.04);
				s->beds = round_pos(beds);
				s->places = round_pos(beds * between(&r, 0.08, 0.2));
				s->stays_full = round_pos(beds * between(&r, 40, 60));
				s->stays_partial = round_pos((double)s->places *
				    between(&r, 200, 300));
				s->days = round_pos(beds * 365 * between(&r, 0.7, 0.9));
			}
			if (s->er && we > 0) {
				passages = (double)d->population * 0.3 *
				    s->er_weight / we;
				if (year == 2023)
					passages *= between(&r, 0.95, 1.0);
				if (s->ped) {
					s->passages_ped = round_pos(passages *
					    between(&r, 0.18, 0.3));
					s->passages_gen = round_pos(passages) -
					    s->passages_ped;
				} else
					s->passages_gen = round_pos(passages);
				s->uhcd = 1 + s->passages_gen / 4000;
			}
		}
	}
	*np = n;
	return v;
}

static void
opt_int(struct sbuf *b, int present, int64_t v)
{
	sbuf_addc(b, ';');
	if (present)
		sbuf_addf(b, "%lld", (long long)v);
}

static char *
table_id(const struct site *v, size_t n, int year)
{
	struct sbuf b = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	char y[8];
	size_t i;

	snprintf(y, sizeof y, "%d", year);
	sbuf_add(&b, "\"bor\";\"an\";\"fi\";\"fi_ej\";\"rs\";\"cat\";\"dep\";"
	    "\"nomcom\";\"cpo\";\"COMINSEE\"\r\n");
	for (i = 0; i < n; i++) {
		const char *f[] = { "ID", y, v[i].fi, v[i].fi_ej, v[i].name,
		    v[i].cat, v[i].fin_dep, v[i].city, v[i].postcode,
		    v[i].commune };
		size_t k;

		line.len = 0;
		for (k = 0; k < sizeof f / sizeof f[0]; k++) {
			if (k > 0)
				sbuf_addc(&line, ';');
			sbuf_add_field(&line, f[k], 1);
		}
		sbuf_add(&line, "\r\n");
		/* Some values come UTF-8 encoded inside the latin-1 file. */
		if (v[i].utf8)
			sbuf_add(&b, line.data);
		else
			sbuf_add_cp1252(&b, line.data);
	}
	sbuf_free(&line);
	return b.data;
}

static char *
table_mco(const struct site *v, size_t n, int year)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t i;

	sbuf_add(&b, "BOR;AN;FI;FI_EJ;LIT_MCO;PLA_MCO;SEJHC_MCO;SEJHP_MCO\n");
	for (i = 0; i < n; i++) {
		if (!v[i].mco || v[i].not_in_mco)
			continue;
		sbuf_addf(&b, "MCO;%d;%s;%s;%lld", year, v[i].fi, v[i].fi_ej,
		    (long long)v[i].beds);
		opt_int(&b, !v[i].no_places, v[i].places);
		opt_int(&b, 1, v[i].stays_full);
		opt_int(&b, !v[i].no_places, v[i].stays_partial);
		sbuf_addc(&b, '\n');
	}
	return b.data;
}

static char *
table_sygen(const struct site *v, size_t n, int year)
{
	struct sbuf b = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	size_t i;

	sbuf_add(&b, "BOR;AN;FI;FI_EJ;RS;LIT_MCO;PLA_MCO;SEJHC_MCO;SEJHP_MCO;"
	    "JOU_MCO;PASSU_GEN;PASSU_PED\n");
	for (i = 0; i < n; i++) {
		const struct site *s = &v[i];

		line.len = 0;
		sbuf_addf(&line, "SYGEN;%d;%s;%s;", year, s->fi, s->fi_ej);
		sbuf_add_field(&line, s->name, 0);
		opt_int(&line, s->mco, s->beds);
		opt_int(&line, s->mco && !s->no_places, s->places);
		opt_int(&line, s->mco, s->stays_full);
		opt_int(&line, s->mco && !s->no_places, s->stays_partial);
		opt_int(&line, s->mco, s->days);
		opt_int(&line, s->er, s->passages_gen);
		opt_int(&line, s->ped, s->passages_ped);
		sbuf_addc(&line, '\n');
		sbuf_add_cp1252(&b, line.data);
	}
	sbuf_free(&line);
	return b.data;
}

static char *
table_urgences(const struct site *v, size_t n, int year)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t i;

	sbuf_add(&b, "BOR;AN;FI;FI_EJ;AUTSU;AUTGEN;AUTPED\n");
	for (i = 0; i < n; i++) {
		if (!v[i].mco)
			continue;
		sbuf_addf(&b, "URGENCES;%d;%s;%s;%d;%d;", year, v[i].fi,
		    v[i].fi_ej, v[i].er, v[i].er);
		if (!v[i].no_autped)
			sbuf_addf(&b, "%d", v[i].ped);
		sbuf_addc(&b, '\n');
	}
	return b.data;
}

static char *
table_urgences2(const struct site *v, size_t n, int year)
{
	struct sbuf b = { NULL, 0, 0 };
	size_t i, odd = 0;

	sbuf_add(&b, "BOR;AN;FI;FI_EJ;URG;PASSU;LIT_UHCD\n");
	for (i = 0; i < n; i++) {
		const struct site *s = &v[i];

		if (!s->er)
			continue;
		sbuf_addf(&b, "URGENCES2;%d;%s;%s;GEN;%lld", year, s->fi,
		    s->fi_ej, (long long)s->passages_gen);
		opt_int(&b, !s->no_uhcd, s->uhcd);
		sbuf_addc(&b, '\n');
		if (s->ped)
			sbuf_addf(&b, "URGENCES2;%d;%s;%s;PED;%lld;\n", year,
			    s->fi, s->fi_ej, (long long)s->passages_ped);
		/* Two rows without a type of unit: not real units. */
		if (odd < 2 && strcmp(s->cat, "101") == 0 && s->ped) {
			sbuf_addf(&b, "URGENCES2;%d;%s;%s;;%d;\n", year, s->fi,
			    s->fi_ej, odd == 0 ? 0 : 12);
			odd++;
		}
	}
	return b.data;
}

static char *
table_rea(const struct site *v, size_t n, int year)
{
	static const char *const units[] = { "REAADU", "SIADU", "SITOT" };
	struct sbuf b = { NULL, 0, 0 };
	size_t i, k;
	int64_t beds;

	sbuf_add(&b, "BOR;AN;FI;FI_EJ;UNI;LIT\n");
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].cat, "101") != 0 || !v[i].mco)
			continue;
		for (k = 0; k < 3; k++) {
			beds = v[i].beds / (k == 0 ? 40 : 60);
			if (k == 2)
				beds = v[i].beds / 60 + v[i].beds / 90;
			sbuf_addf(&b, "REA;%d;%s;%s;%s;%lld\n", year, v[i].fi,
			    v[i].fi_ej, units[k], (long long)beds);
		}
	}
	return b.data;
}

int
sample_sae(const struct sample_geo *geo, const struct sample_ests *ests,
    uint64_t seed, int year, const char *dir, char **cause)
{
	static const char readme[] =
	    "Données d'exemple générées par mksample (mediflux) : mêmes noms "
	    "de fichiers et de colonnes que les bases statistiques de la SAE "
	    "(DREES), valeurs inventées.\r\n"
	    "Sample data made by mksample (mediflux): the layout of the SAE "
	    "statistical bases, invented values.\r\n";
	struct {
		const char	*table;
		char		*(*make)(const struct site *, size_t, int);
	} tables[] = {
		{ "ID", table_id },
		{ "MCO", table_mco },
		{ "REA", table_rea },
		{ "SYGEN", table_sygen },
		{ "URGENCES", table_urgences },
		{ "URGENCES2", table_urgences2 },
	};
	struct sample_archive *a;
	struct site *v;
	struct sbuf text = { NULL, 0, 0 };
	size_t n, i;
	char *name, *entry, *data;
	int rc = 0;

	v = sites_of(geo, ests, seed, year, &n);
	name = xasprintf("sae_%d_bases_statistiques_formats_sas_csv.7z", year);
	if ((a = sample_archive_open(dir, name, SAMPLE_7Z, cause)) == NULL) {
		free(name);
		free(v);
		return -1;
	}
	for (i = 0; i < sizeof tables / sizeof tables[0] && rc == 0; i++) {
		/* SYGEN exists from 2024 on in this sample. */
		if (strcmp(tables[i].table, "SYGEN") == 0 && year < 2024)
			continue;
		data = tables[i].make(v, n, year);
		entry = xasprintf("SAE %d Bases statistiques - formats SAS-CSV/"
		    "Bases statistiques/Bases CSV/%s_%dr.csv", year,
		    tables[i].table, year);
		rc = sample_archive_add(a, entry, data, strlen(data), cause);
		free(entry);
		free(data);
	}
	if (rc == 0) {
		sbuf_add_cp1252(&text, readme);
		entry = xasprintf("SAE %d Bases statistiques - formats SAS-CSV/"
		    "Documentation/LISEZMOI.txt", year);
		rc = sample_archive_add(a, entry, text.data, text.len, cause);
		free(entry);
		sbuf_free(&text);
	}
	if (sample_archive_close(a, rc == 0 ? cause : NULL) != 0)
		rc = -1;
	free(name);
	free(v);
	return rc;
}
