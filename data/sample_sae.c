/* SPDX-License-Identifier: ISC */
/*
 * mksample: one year of the SAE "bases statistiques" as DREES ships them, a
 * 7-Zip archive of latin-1 (Windows-1252) CSV tables. The sites are the
 * hospitals of the generated FINESS extract: ID (quoted, CRLF, lower-case
 * names), MCO, URGENCES, URGENCES2 and, from 2024 only, SYGEN; the activity
 * tables (PERINAT, REA, IMAGES, BLOCS, PSY, SSR, HAD, DIALYSE, CANCERO,
 * CHIRCAR, NEUROCHIR, BRULES, MCOAVC, SMURSAMU, PALIA) in their published
 * layouts; a text file stands for what the importer skips.
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

/* --- The activity tables: a description each, one writer. ---------------- */

/*
 * Their headers, copied from the published files: the 2021 layout stands for
 * the years before 2023, the 2023 one for 2023 and after.
 */
static const char hdr_blocs_21[] =
    "BOR;AN;FI;RS;FI_EJ;SITES;SALCHIR;SAL24CHIR;SALOBS;SAL24OBS;"
    "SALINT;SAL24INT;SALEND;SALEND24;SALAUT;SALAUT24;SALTOT;SALTOT24;"
    "SALAMBU;SURV;SURV24;SURVAMBU;POST;POST24;POSTAMBU;BLOCS_A10;"
    "BLOCS_B10;BLOCS_C10;BLOCS_D10;BLOCS_E10;BLOCS_A11;BLOCS_B11;"
    "BLOCS_C11;BLOCS_D11;BLOCS_E11;BLOCS_A12;BLOCS_B12;BLOCS_C12;"
    "BLOCS_D12;BLOCS_E12;BLOCS_A13;BLOCS_B13;BLOCS_C13;BLOCS_D13;"
    "BLOCS_E13;BLOCS_A14;BLOCS_B14;BLOCS_C14;BLOCS_D14;BLOCS_E14;"
    "BLOCS_A15;BLOCS_B15;BLOCS_C15;BLOCS_D15;BLOCS_E15";
static const char hdr_blocs_23[] =
    "BOR;AN;FI;RS;FI_EJ;SITES;SALCHIR;SAL24CHIR;SALOBS;SAL24OBS;"
    "SALINT;SAL24INT;SALHYB;SAL24HYB;SALEND;SALEND24;SALAUT;SALAUT24;"
    "SALTOT;SALTOT24;SALAMBU;SURV;SURV24;SURVAMBU;POST;POST24;"
    "POSTAMBU;BLOCS_A10;BLOCS_B10;BLOCS_C10;BLOCS_D10;BLOCS_E10;"
    "BLOCS_A11;BLOCS_B11;BLOCS_C11;BLOCS_D11;BLOCS_E11;BLOCS_A12;"
    "BLOCS_B12;BLOCS_C12;BLOCS_D12;BLOCS_E12;BLOCS_A13;BLOCS_B13;"
    "BLOCS_C13;BLOCS_D13;BLOCS_E13;BLOCS_A14;BLOCS_B14;BLOCS_C14;"
    "BLOCS_D14;BLOCS_E14;BLOCS_A15;BLOCS_B15;BLOCS_C15;BLOCS_D15;"
    "BLOCS_E15";
static const char hdr_brules_21[] =
    "BOR;AN;FI;RS;FI_EJ;LIT_REA;SEJ_REA;SEJENF_REA;JOU_REA;LIT_BRU;"
    "SEJ;SEJENF;JOU;SAL;TISS;CONVSSR;ACT;VEN;CONS;FILADU;FILENF";
static const char hdr_brules_23[] =
    "BOR;AN;FI;RS;FI_EJ;LIT_REA;SEJ_REA;SEJENF_REA;JOU_REA;LIT_BRU;"
    "SEJ;SEJENF;JOU;SAL;TISS;CONVSSR;ACT;VEN;CONS;FILADU;FILENF";
static const char hdr_cancero_21[] =
    "BOR;AN;FI;RS;FI_EJ;CANCERO_A1;CANCERO_A2;CANCERO_A3;CANCERO_A4;"
    "CANCERO_B4;CANCERO_A5;CANCERO_A6;CANCERO_B6;CANCERO_A7;"
    "CANCERO_A8;CANCERO_B8;CANCERO_C8;CANCERO_A9;CANCERO_B9;"
    "CANCERO_C9;CANCERO_A10;CANCERO_A11;CANCERO_B11;CANCERO_C11;"
    "CANCERO_D11;CANCERO_A12;CANCERO_B12;CANCERO_A13;CANCERO_A14;"
    "CANCERO_A15;CANCERO_B15;CANCERO_A16;CANCERO_B16;CANCERO_A17;"
    "CANCERO_B17;CANCERO_A18;CANCERO_A19;CANCERO_A20;CANCERO_A21;"
    "CANCERO_A22;CANCERO_A23;CANCERO_B19;CANCERO_B20;CANCERO_B21;"
    "CANCERO_B22;CANCERO_B23;CANCERO_C19;CANCERO_C20;CANCERO_C21;"
    "CANCERO_C22;CANCERO_C23;CANCERO_A24;CANCERO_A25;CANCERO_A26;"
    "CANCERO_A27;CANCERO_B24;CANCERO_B25;CANCERO_B26;CANCERO_B27;"
    "CANCERO_C24;CANCERO_C25;CANCERO_C26;CANCERO_C27;CANCERO_D24;"
    "CANCERO_D26;CANCERO_E24;CANCERO_E26;CANCERO_A28;CANCERO_A29;"
    "CANCERO_B28;CANCERO_B29;CANCERO_C28;CANCERO_C29;CANCERO_A30;"
    "CANCERO_A31;CANCERO_A32;CANCERO_A33;CANCERO_A34;CANCERO_B30;"
    "CANCERO_B31;CANCERO_B32;CANCERO_B33;CANCERO_B34;CANCERO_C30;"
    "CANCERO_C31;CANCERO_C32;CANCERO_C33;CANCERO_C34";
static const char hdr_cancero_23[] =
    "BOR;AN;FI;RS;FI_EJ;CANCERO_A1;CANCERO_A2;CANCERO_A3;CANCERO_A4;"
    "CANCERO_B4;CANCERO_A5;CANCERO_A6;CANCERO_B6;CANCERO_A7;"
    "CANCERO_A8;CANCERO_B8;CANCERO_C8;CANCERO_A9;CANCERO_B9;"
    "CANCERO_C9;CANCERO_A10;CANCERO_A12;CANCERO_B12;CANCERO_A13;"
    "CANCERO_A14;CANCERO_A15;CANCERO_B15;CANCERO_A16;CANCERO_B16;"
    "CANCERO_D19;CANCERO_D20;CANCERO_D21;CANCERO_D22;CANCERO_D23;"
    "CANCERO_E19;CANCERO_E20;CANCERO_E21;CANCERO_E22;CANCERO_E23;"
    "CANCERO_A24;CANCERO_A25;CANCERO_A26;CANCERO_A27;CANCERO_B24;"
    "CANCERO_B25;CANCERO_B26;CANCERO_B27;CANCERO_C24;CANCERO_C25;"
    "CANCERO_C26;CANCERO_C27;CANCERO_D24;CANCERO_D26;CANCERO_D28;"
    "CANCERO_D29;CANCERO_D30;CANCERO_D31;CANCERO_D32;CANCERO_D33;"
    "CANCERO_D34;CANCERO_E24;CANCERO_E26;CANCERO_E28;CANCERO_E29;"
    "CANCERO_E30;CANCERO_E31;CANCERO_E32;CANCERO_E33;CANCERO_E34";
static const char hdr_chircar_21[] =
    "BOR;AN;FI;RS;FI_EJ;AUT;SAL;SALANG;SEJ;JOU;ACT;ACT1;ACT2;ACT3;"
    "ADU;ENF;GREF;SALAS;CEC;INTENF;INTADU;INTURG;INTCEC;LIT_CHIRC;"
    "LIT_CAR;SEJ_CHIRC;JOU_CHIRC";
static const char hdr_chircar_23[] =
    "BOR;AN;FI;RS;FI_EJ;AUT;SAL;SALANG;SALHYBCAR;SEJ;JOU;ACT;ACT1;"
    "ACT2;ACT3;ADU;ENF;GREF;SALAS;CEC;INTENF;INTADU;INTURG;INTCEC;"
    "LIT_CHIRC;LIT_CAR;SEJ_CHIRC;JOU_CHIRC";
static const char hdr_dialyse_21[] =
    "BOR;AN;FI;RS;FI_EJ;DIALY;UDM;NBUDM;PATUM;CAPA;NBPAT;SEAN;"
    "SEA_HOS;PREPLI;SEM;NVPAT;NVPERIT";
static const char hdr_dialyse_23[] =
    "BOR;AN;FI;RS;DIALYSE_AA100;DIALYSE_AA101;FI_EJ;DIALY;UDM;NBUDM;"
    "PATUM;CAPA;NBPAT;SEAN;SEA_HOS;PREPLI;SEM;NVPAT;NVPERIT";
static const char hdr_had_21[] =
    "BOR;AN;FI;RS;FI_EJ;ANTGEO;NB_ANT;FI1;FI2;FI3;POP;EMSP;EQDOU;"
    "TELESUR;TELECONS;INDOM;ASTR;CONVPER;CONV;AUTMED;AUTOBS;AUTSSR;"
    "AUTCAN;PLATOT;SEJ_HAD;SEJ_PER;SEJ_PAL;SEJ_CAN;JOU_HAD;JOU_PER;"
    "JOU_PAL;JOU_CAN;FIL_HAD;FIL_PER;FIL_PAL;FIL_CAN;P80_HAD;P80_PAL;"
    "P80_CAN;PMS_HAD;PMS_PER;PMS_PAL;PMS_CAN";
static const char hdr_had_23[] =
    "BOR;AN;FI;RS;FI_EJ;ANTGEO;NB_ANT;FI1;FI2;FI3;POP;EMSP;EQDOU;"
    "TELESUR;TELECONS;INDOM;ASTR;CONVPER;CONV;AUTMED;AUTOBS;AUTSSR;"
    "AUTCAN;PLATOT;SEJ_HAD;SEJ_PER;SEJ_PAL;SEJ_CAN;JOU_HAD;JOU_PER;"
    "JOU_PAL;JOU_CAN;FIL_HAD;FIL_PER;FIL_PAL;FIL_CAN;P80_HAD;P80_PAL;"
    "P80_CAN;PMS_HAD;PMS_PER;PMS_PAL;PMS_CAN";
static const char hdr_images_21[] =
    "BOR;AN;FI;RS;FI_EJ;EQUIPIMA;NB;NBEXP;ACTET;ACTEXET;ACTEXEJ;"
    "ACTEX;ACTINT";
static const char hdr_images_23[] =
    "BOR;AN;FI;RS;FI_EJ;EQUIPIMA;NB;NBEXP;ACTET;ACTEXET;ACTEXEJ;"
    "ACTEX;ACT;ACTINT";
static const char hdr_mcoavc_21[] =
    "BOR;AN;FI;RS;FI_EJ;UNV;LIT_UNV;SEJ_UNV;JOU_UNV;EFFPL_PM;"
    "EFFPA_PM;ETP_PM;GAR_PM;AST_PM;EFFPL_NEU;EFFPA_NEU;ETP_NEU;"
    "GAR_NEU;AST_NEU;EFFPL_PNM;EFFPA_PNM;ETP_PNM";
static const char hdr_mcoavc_23[] =
    "BOR;AN;FI;RS;FI_EJ;UNV;LIT_UNV;SEJ_UNV;JOU_UNV;EFFLIB_PM;"
    "ETPSAL_PM;GAR_PM;AST_PM;EFFLIB_NEU;ETPSAL_NEU;GAR_NEU;AST_NEU;"
    "EFFLIB_PNM;ETPSAL_PNM";
static const char hdr_neurochir_21[] =
    "BOR;AN;FI;RS;FI_EJ;EX_NEUCHI;LIT_NEUCHI;EX_REA;EX_POST;"
    "EX_NEURAD;LIT_NEURAD;EX_NAV;TELEEXP;TELEEXP_NB;TELECONS;"
    "TELECONS_NB;CRAN;CERE;STEREOT;NPED;ENDO;SEJ_ADU;SEJ0_ADU;"
    "JOU_ADU;SEJ_PED;SEJ0_PED;JOU_PED;SEJ_REA;JOU_REA;SEJ_POS;"
    "JOU_POS;SEJ_END;SEJ0_END;JOU_END";
static const char hdr_neurochir_23[] =
    "BOR;AN;FI;RS;FI_EJ;EX_NEUCHI;LIT_NEUCHI;EX_REA;EX_POST;"
    "EX_NEURAD;LIT_NEURAD;EX_NAV;TELEEXP;TELEEXP_NB;TELECONS;"
    "TELECONS_NB;SEJ_ADU;SEJ0_ADU;JOU_ADU;SEJ_PED;SEJ0_PED;JOU_PED;"
    "SEJ_REA;JOU_REA;SEJ_POS;JOU_POS;SEJ_END;SEJ0_END;JOU_END";
static const char hdr_palia_21[] =
    "BOR;AN;FI;RS;FI_EJ;PALIA_A1;PALIA_A2;PALIA_A3;PALIA_A4;PALIA_A5;"
    "PALIA_A6;PALIA_A7;PALIA_A8;PALIA_A9;PALIA_A21;PALIA_A22;"
    "PALIA_A23;PALIA_A10;PALIA_A11;PALIA_A12;PALIA_A13;PALIA_A14;"
    "PALIA_A15;PALIA_A16;PALIA_A17;PALIA_A18;PALIA_A24;PALIA_A19;"
    "PALIA_A20;USP_EFFPL_PM;USP_EFFPL_PMPAL;USP_EFFPL_CADRES;"
    "USP_EFFPL_IDE;USP_EFFPL_IDEPAL;USP_EFFPL_AIDES;USP_EFFPL_PSY;"
    "USP_EFFPL_PNMAUT;USP_EFFPA_PM;USP_EFFPA_PMPAL;USP_EFFPA_CADRES;"
    "USP_EFFPA_IDE;USP_EFFPA_IDEPAL;USP_EFFPA_AIDES;USP_EFFPA_PSY;"
    "USP_EFFPA_PNMAUT;USP_ETP_PM;USP_ETP_PMPAL;USP_ETP_CADRES;"
    "USP_ETP_IDE;USP_ETP_IDEPAL;USP_ETP_AIDES;USP_ETP_PSY;"
    "USP_ETP_PNMAUT;EMSP_EFFPL_PM;EMSP_EFFPL_PMPAL;EMSP_EFFPL_CADRES;"
    "EMSP_EFFPL_IDE;EMSP_EFFPL_IDEPAL;EMSP_EFFPL_AIDES;"
    "EMSP_EFFPL_PSY;EMSP_EFFPL_PNMAUT;EMSP_EFFPA_PM;EMSP_EFFPA_PMPAL;"
    "EMSP_EFFPA_CADRES;EMSP_EFFPA_IDE;EMSP_EFFPA_IDEPAL;"
    "EMSP_EFFPA_AIDES;EMSP_EFFPA_PSY;EMSP_EFFPA_PNMAUT;EMSP_ETP_PM;"
    "EMSP_ETP_PMPAL;EMSP_ETP_CADRES;EMSP_ETP_IDE;EMSP_ETP_IDEPAL;"
    "EMSP_ETP_AIDES;EMSP_ETP_PSY;EMSP_ETP_PNMAUT";
static const char hdr_palia_23[] =
    "BOR;AN;FI;RS;FI_EJ;PALIA_A1;PALIA_A2;PALIA_A3;PALIA_A4;PALIA_A5;"
    "PALIA_A6;PALIA_A7;PALIA_A8;PALIA_A9;PALIA_A21;PALIA_A22;"
    "PALIA_A23;PALIA_A10;PALIA_A11;PALIA_A12;PALIA_A13;PALIA_A14;"
    "PALIA_A15;PALIA_A16;PALIA_A17;PALIA_A18;PALIA_A24;PALIA_A19;"
    "PALIA_A20;USP_EFFLIB_PM;USP_EFFLIB_PMPAL;USP_EFFLIB_CADRES;"
    "USP_EFFLIB_IDE;USP_EFFLIB_IDEPAL;USP_EFFLIB_AIDES;"
    "USP_EFFLIB_PSY;USP_EFFLIB_PNMAUT;USP_ETPSAL_PM;USP_ETPSAL_PMPAL;"
    "USP_ETPSAL_CADRES;USP_ETPSAL_IDE;USP_ETPSAL_IDEPAL;"
    "USP_ETPSAL_AIDES;USP_ETPSAL_PSY;USP_ETPSAL_PNMAUT;"
    "EMSP_EFFLIB_PM;EMSP_EFFLIB_PMPAL;EMSP_EFFLIB_CADRES;"
    "EMSP_EFFLIB_IDE;EMSP_EFFLIB_IDEPAL;EMSP_EFFLIB_AIDES;"
    "EMSP_EFFLIB_PSY;EMSP_EFFLIB_PNMAUT;EMSP_ETPSAL_PM;"
    "EMSP_ETPSAL_PMPAL;EMSP_ETPSAL_CADRES;EMSP_ETPSAL_IDE;"
    "EMSP_ETPSAL_IDEPAL;EMSP_ETPSAL_AIDES;EMSP_ETPSAL_PSY;"
    "EMSP_ETPSAL_PNMAUT";
static const char hdr_perinat_21[] =
    "BOR;AN;FI;RS;FI_EJ;AUTOR;LACTA;LIT_KANG;LIT_OBS;LIT_NEO_HSI;"
    "LIT_SIN;LIT_REA;SALTRAV;SEJ_OBS;SEJ0_Obs;SEJ_NEO_HSI;"
    "SEJ0_NEO_HSI;SEJ_SIN;SEJ0_SIN;SEJ_REA;SEJ0_REA;SEJ_BAM;SEJ0_BAM;"
    "JOU_OBS;JOU_NEO_HSI;JOU_SIN;JOU_REA;JOU_BAM;SEJACC;JOUACC;"
    "SEJCES;JOUCES;FSUIV;ACCUN;ACCMU;ENFTR;TRANSDES;ENFANTS;CONSGYN;"
    "CONSSAG;CONSENTR;SORPREC;MUTHAD;PRIS;IVG;IVGN_1;IVGME;IVG1214;"
    "CONV;IMG;AMP;PAT_AMP";
static const char hdr_perinat_23[] =
    "BOR;AN;FI;RS;FI_EJ;AUTOR;LACTA;LIT_KANG;LIT_OBS;LIT_NEO_HSI;"
    "LIT_SIN;LIT_REA;SALTRAV;SEJ_OBS;SEJ0_Obs;SEJ_NEO_HSI;"
    "SEJ0_NEO_HSI;SEJ_SIN;SEJ0_SIN;SEJ_REA;SEJ0_REA;SEJ_BAM;SEJ0_BAM;"
    "JOU_OBS;JOU_NEO_HSI;JOU_SIN;JOU_REA;JOU_BAM;SEJACC;JOUACC;"
    "SEJCES;JOUCES;FSUIV;ACCUN;ACCMU;ENFTR;TRANSDES;ENFANTS;CONSGYN;"
    "CONSSAG;CONSENTR;SORPREC;MUTHAD;PRIS;IVG;IVGN_1;IVGME;IVG1214;"
    "IVG1516;CONV;IMG;AMP;PAT_AMP";
static const char hdr_psy_21[] =
    "BOR;AN;FI;RS;FI_EJ;DIS;PART;NB_SECT;NB_DIF;INT;CAP_HTP;CAP_PFT;"
    "CAP_AAT;CAP_ACP;CAP_CCU;CAP_HAD;JLI_HTP;CAP_HDJ;CAP_HDN;NB_AT;"
    "SEJ_HTP;JOU_HTP;JOU_PFT;JOU_AAT;JOU_ACP;JOU_CCU;JOU_HAD;JOU_ST;"
    "VEN_HDJ;VEN_HDN;VEN_AT;NB_CMP_SEUL_PA;NB_CMP_SEUL_PL;"
    "NB_CONSULT_SEUL;NB_CATTP;ACT_CMP_SEUL;ACT_CONSULT_SEUL;"
    "ACT_CATTP;ACT_AD;ACT_EMS;ACT_UHS;ACT_EME;FIL_TOT;FIL_AMB;"
    "FIL_TPL;FIL_PLA;EFFPL_PKT;EFFPA_PKT;ETP_PKT;EFFPL_MED;EFFPA_MED;"
    "ETP_MED;GAR_SEN;AST_SEN;EFFPL_PNM;EFFPA_PNM;ETP_PNM;ETP_INF;"
    "ETP_AID;ETP_PSY;ETP_REE;ETP_EDU;HPLEFFPL_PKT;HPLEFFPA_PKT;"
    "HPLETP_PKT;HPLEFFPL_MED;HPLEFFPA_MED;HPLETP_MED;HPLEFFPL_PNM;"
    "HPLEFFPA_PNM;HPLETP_PNM;HPLETP_INF;HPLETP_AID;HPLETP_PSY;"
    "HPLETP_REE;HPLETP_EDU";
static const char hdr_psy_23[] =
    "BOR;AN;FI;RS;FI_EJ;DIS;PART;NB_SECT;NB_DIF;INT;CAP_HTP;CAP_PFT;"
    "CAP_AAT;CAP_ACP;CAP_CCU;CAP_HAD;JLI_HTP;CAP_HDJ;CAP_HDN;NB_AT;"
    "SEJ_HTP;JOU_HTP;JOU_PFT;JOU_AAT;JOU_ACP;JOU_CCU;JOU_HAD;VEN_HDJ;"
    "VEN_HDN;VEN_AT;NB_CMP_SEUL;NB_CONSULT_SEUL;NB_CATTP;"
    "ACT_CMP_SEUL;ACT_CONSULT_SEUL;ACT_CATTP;ACT_AD;ACT_EMS;ACT_UHS;"
    "ACT_EME;FIL_TOT;FIL_AMB;EFFLIB_PKT;ETPSAL_PKT;EFFLIB_MED;"
    "ETPSAL_MED;GAR_SEN;AST_SEN;EFFLIB_PNM;ETPSAL_PNM;ETP_INF;"
    "ETP_AID;ETP_PSY;ETP_REE;ETP_EDU";
static const char hdr_rea_21[] =
    "BOR;AN;FI;RS;FI_EJ;UNI;LIT;JLI;SEJ;PAS;PAS0;JOU;pctEXT;IGC2med;"
    "SEJ80;EFFPL_MED;EFFPA_MED;ETP_MED;EFFPL_INFSP;EFFPA_INFSP;"
    "ETP_INFSP;EFFPL_INFNS;EFFPA_INFNS;ETP_INFNS;EFFPL_AID;EFFPA_AID;"
    "ETP_AID;EFFPL_KINE;EFFPA_KINE;ETP_KINE;EFFPL_APNM;EFFPA_APNM;"
    "ETP_APNM";
static const char hdr_rea_23[] =
    "BOR;AN;FI;RS;FI_EJ;UNI;LIT;LIT_PROXI;JLI;SEJ;PAS;PAS0;JOU;"
    "pctEXT;IGC2med;SEJ80;ETPSAL_MED;EFFLIB_MED;ETPSAL_INFSP;"
    "EFFLIB_INFSP;ETPSAL_INFNS;EFFLIB_INFNS;ETPSAL_AID;EFFLIB_AID;"
    "ETPSAL_KINE;EFFLIB_KINE;ETPSAL_APNM;EFFLIB_APNM";
static const char hdr_smursamu_21[] =
    "BOR;AN;FI;RS;FI_EJ;SMUR;GEN;SAIS;PED;ANT;FIAUTOR;ANTSAIS;SAMU;"
    "HMED;HIDE;HAMB;AMBLCE;VEHLEG;MOYAER;MOYMAR;SORTER1;SORTER2;"
    "dtTIH;SORAER1;SORAER2;SORMAR;SORTIES;SORTNM;PATDC;PATLSP;PATTSP;"
    "PATTRANM;TRAN;TRAN18;TRAN80;TRANSIEG;TRANAUT;APP;APR15;APD;"
    "APMIN;DR;DRM;DRMLIB;HMR;HMRAMU;HMRAM;ARM;NRML;NBLIB;NBSAL;CAR;"
    "SAMUSDIS";
static const char hdr_smursamu_23[] =
    "BOR;AN;FI;RS;FI_EJ;SMUR;GEN;SAIS;PED;ANT;FIAUTOR;ANTSAIS;SAMU;"
    "HMED;HIDE;HAMB;AMBLCE;VEHLEG;MOYAER;MOYMAR;SORTER1;SORTER2;"
    "dtTIH;SORAER1;SORAER2;SORMAR;SORTIES;SORTNM;PATDC;PATLSP;PATTSP;"
    "PATTRANM;TRAN;TRAN18;TRAN80;TRANSIEG;TRANAUT;APP;APR15;APD;"
    "APMIN;DR;DRM;DRMLIB;HMR;HMRAMU;HMRAM;ARM;NRML;NBLIB;NBSAL;CAR;"
    "SAMUSDIS";
static const char hdr_ssr_21[] =
    "BOR;AN;FI;RS;FI_EJ;GDE;AUT;LIT;JLI;PLA;SEJHC;JOUHC;SEJ3M;JOUHP;"
    "EMSSR";
static const char hdr_ssr_23[] =
    "BOR;AN;FI;RS;FI_EJ;GDE;AUT;LIT;JLI;PLA;SEJHC;JOUHC;JOUHP;EMSSR";

/* A cell: empty, a count, hundredths (written 6.65) or text. */
enum cell_kind { CELL_EMPTY, CELL_INT, CELL_DEC, CELL_TEXT };

struct cell {
	enum cell_kind	 kind;
	int64_t		 v;
	const char	*text;
};

/* A header split into its column names. */
struct layout {
	char		*buf;
	char		**col;
	size_t		 n;
};

struct activity;

/* One table being written: the rows of the current site, then its bytes. */
struct act {
	const struct activity	*t;
	struct layout		 lay;
	const struct site	*v, *s;
	size_t			 n;
	int			 year;
	struct rng		 who;	/* what the site is, any year */
	struct rng		 r;	/* the year's figures */
	double			 scale;	/* size of the current row's unit */
	struct cell		*rows;	/* nrows * lay.n */
	size_t			 nrows, cap;
	struct sbuf		 out;
};

struct activity {
	const char	*name;
	const char	*header[2];	/* before 2023, from 2023 */
	char		 old_suffix;	/* file name before 2023: r or a */
	const char	*type;		/* the column of row kinds, or NULL */
	const char	*flags;		/* 0/1 columns */
	const char	*decimals;	/* besides the ETP ones */
	const char	*blank;		/* empty unless the rows set them */
	double		 filled;	/* chance another cell is declared */
	void		(*rows)(struct act *);
};

static void
layout_init(struct layout *l, const char *header)
{
	char *p;

	l->buf = xstrdup(header);
	l->n = 1;
	for (p = l->buf; *p != '\0'; p++)
		l->n += *p == ';';
	l->col = xcalloc(l->n, sizeof *l->col);
	l->n = 0;
	for (p = l->buf;;) {
		l->col[l->n++] = p;
		if ((p = strchr(p, ';')) == NULL)
			break;
		*p++ = '\0';
	}
}

/* Whether a space-separated list names a column. */
static int
listed(const char *list, const char *col)
{
	size_t len = strlen(col);
	const char *p;

	for (p = list; p != NULL && (p = strstr(p, col)) != NULL; p += len)
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

static size_t
col_index(const struct act *a, const char *col)
{
	size_t i;

	for (i = 0; i < a->lay.n; i++)
		if (strcmp(a->lay.col[i], col) == 0)
			return i;
	return (size_t)-1;
}

/* The cell of a row, NULL when the year's layout has no such column. */
static struct cell *
cell_at(struct act *a, size_t row, const char *col)
{
	size_t i = col_index(a, col);

	return i == (size_t)-1 ? NULL : &a->rows[row * a->lay.n + i];
}

static void
set_int(struct act *a, const char *col, int64_t v)
{
	struct cell *c = cell_at(a, a->nrows - 1, col);

	if (c != NULL) {
		c->kind = CELL_INT;
		c->v = v < 0 ? 0 : v;
	}
}

static void
set_dec(struct act *a, const char *col, double v)
{
	struct cell *c = cell_at(a, a->nrows - 1, col);

	if (c != NULL) {
		c->kind = CELL_DEC;
		c->v = round_pos(v * 100);
	}
}

static void
set_text(struct act *a, const char *col, const char *text)
{
	struct cell *c = cell_at(a, a->nrows - 1, col);

	if (c != NULL) {
		c->kind = text == NULL ? CELL_EMPTY : CELL_TEXT;
		c->text = text;
	}
}

static void
set_empty(struct act *a, const char *col)
{
	set_text(a, col, NULL);
}

/* A column of the current row as a count (0 when empty or absent). */
static int64_t
get(struct act *a, const char *col)
{
	struct cell *c = cell_at(a, a->nrows - 1, col);

	return c == NULL || c->kind == CELL_EMPTY ? 0 : c->v;
}

/* Whether a column comes from the site (BOR to FI_EJ) or is the row's kind. */
static int
is_identity(const struct act *a, const char *col)
{
	return strcmp(col, "BOR") == 0 || strcmp(col, "AN") == 0 ||
	    strcmp(col, "FI") == 0 || strcmp(col, "RS") == 0 ||
	    strcmp(col, "FI_EJ") == 0 ||
	    (a->t->type != NULL && strcmp(col, a->t->type) == 0);
}

/* Every figure of the current row becomes 0. */
static void
set_zeros(struct act *a)
{
	struct cell *row = &a->rows[(a->nrows - 1) * a->lay.n];
	size_t i;

	for (i = 0; i < a->lay.n; i++)
		if (!is_identity(a, a->lay.col[i])) {
			row[i].kind = CELL_INT;
			row[i].v = 0;
		}
}

/* An undeclared-or-plausible value for a column the table does not set. */
static void
generic_cell(struct act *a, const char *col, struct cell *c)
{
	double s = a->scale < 1 ? 1 : a->scale;

	c->kind = CELL_EMPTY;
	if (listed(a->t->blank, col) || !rng_chance(&a->r, a->t->filled))
		return;
	c->kind = CELL_INT;
	if (listed(a->t->flags, col))
		c->v = rng_chance(&a->r, 0.6);
	else if (strstr(col, "ETP") != NULL || listed(a->t->decimals, col)) {
		c->kind = CELL_DEC;
		c->v = round_pos(100 * between(&a->r, 0.1, 0.8) *
		    (1 + s / 12));
	} else if (strstr(col, "EFF") != NULL)
		c->v = round_pos(between(&a->r, 0, 1 + s / 40));
	else if (strncmp(col, "JOU", 3) == 0 || strncmp(col, "JLI", 3) == 0 ||
	    strncmp(col, "VEN", 3) == 0 || strncmp(col, "SEA", 3) == 0)
		c->v = round_pos(s * between(&a->r, 100, 300));
	else if (strncmp(col, "LIT", 3) == 0 || strncmp(col, "SAL", 3) == 0 ||
	    strncmp(col, "PLA", 3) == 0 || strncmp(col, "CAP", 3) == 0 ||
	    strncmp(col, "NB", 2) == 0 || strncmp(col, "POST", 4) == 0 ||
	    strncmp(col, "SURV", 4) == 0)
		c->v = round_pos(between(&a->r, 0, 1 + s / 10));
	else
		c->v = round_pos(s * between(&a->r, 2, 30));
}

/* Starts a row of the current site; kind goes in the type column. */
static void
act_row(struct act *a, const char *kind)
{
	struct cell *row;
	size_t i;

	if (a->nrows == a->cap) {
		a->cap = a->cap * 2 + 8;
		a->rows = xreallocarray(a->rows, a->cap * a->lay.n,
		    sizeof *a->rows);
	}
	row = &a->rows[a->nrows++ * a->lay.n];
	for (i = 0; i < a->lay.n; i++) {
		row[i].kind = CELL_EMPTY;
		row[i].v = 0;
		row[i].text = NULL;
		if (!is_identity(a, a->lay.col[i]))
			generic_cell(a, a->lay.col[i], &row[i]);
	}
	if (a->t->type != NULL)
		set_text(a, a->t->type, kind);
}

/* Adds row k's counts into the current row (an empty sum stays empty). */
static void
act_add(struct act *a, size_t k)
{
	struct cell *dst = &a->rows[(a->nrows - 1) * a->lay.n], *c;
	size_t i;

	for (i = 0; i < a->lay.n; i++) {
		c = &a->rows[k * a->lay.n + i];
		if (is_identity(a, a->lay.col[i]) ||
		    (c->kind != CELL_INT && c->kind != CELL_DEC))
			continue;
		if (dst[i].kind != CELL_INT && dst[i].kind != CELL_DEC)
			dst[i].v = 0;
		if (dst[i].kind != CELL_DEC)
			dst[i].kind = c->kind;
		dst[i].v += c->v;
	}
}

/* The current row becomes the column sums of rows [from, to). */
static void
act_sum(struct act *a, size_t from, size_t to)
{
	struct cell *dst = &a->rows[(a->nrows - 1) * a->lay.n];
	size_t i;

	for (i = 0; i < a->lay.n; i++)
		if (!is_identity(a, a->lay.col[i])) {
			dst[i].kind = CELL_EMPTY;
			dst[i].v = 0;
		}
	for (; from < to; from++)
		act_add(a, from);
}

/* Moves the current row up to row at (a total written before its parts). */
static void
act_move_last(struct act *a, size_t at)
{
	size_t w = a->lay.n, last = a->nrows - 1;
	struct cell *tmp = xcalloc(w, sizeof *tmp);

	memcpy(tmp, &a->rows[last * w], w * sizeof *tmp);
	memmove(&a->rows[(at + 1) * w], &a->rows[at * w],
	    (last - at) * w * sizeof *tmp);
	memcpy(&a->rows[at * w], tmp, w * sizeof *tmp);
	free(tmp);
}

/* Hundredths in their shortest form with a decimal point: 6.65, 2.2, 3. */
static void
add_hundredths(struct sbuf *b, int64_t v)
{
	if (v % 100 == 0)
		sbuf_addf(b, "%lld", (long long)(v / 100));
	else if (v % 10 == 0)
		sbuf_addf(b, "%lld.%lld", (long long)(v / 100),
		    (long long)(v % 100 / 10));
	else
		sbuf_addf(b, "%lld.%02lld", (long long)(v / 100),
		    (long long)(v % 100));
}

/* Writes the current site's rows, CRLF, and forgets them. */
static void
act_flush(struct act *a)
{
	struct sbuf line = { NULL, 0, 0 };
	char an[8];
	size_t k, i;

	snprintf(an, sizeof an, "%d", a->year);
	for (k = 0; k < a->nrows; k++) {
		struct cell *row = &a->rows[k * a->lay.n];

		line.len = 0;
		for (i = 0; i < a->lay.n; i++) {
			const char *col = a->lay.col[i];

			if (i > 0)
				sbuf_addc(&line, ';');
			if (strcmp(col, "BOR") == 0)
				sbuf_add(&line, a->t->name);
			else if (strcmp(col, "AN") == 0)
				sbuf_add(&line, an);
			else if (strcmp(col, "FI") == 0)
				sbuf_add(&line, a->s->fi);
			else if (strcmp(col, "FI_EJ") == 0)
				sbuf_add(&line, a->s->fi_ej);
			else if (strcmp(col, "RS") == 0)
				sbuf_add_field(&line, a->s->name, 0);
			else if (row[i].kind == CELL_INT)
				sbuf_addf(&line, "%lld", (long long)row[i].v);
			else if (row[i].kind == CELL_DEC)
				add_hundredths(&line, row[i].v);
			else if (row[i].kind == CELL_TEXT)
				sbuf_add(&line, row[i].text);
		}
		sbuf_add(&line, "\r\n");
		sbuf_add_cp1252(&a->out, line.data);
	}
	sbuf_free(&line);
	a->nrows = 0;
}

/* --- What each site declares, table by table. ----------------------------- */

static int
is_cat(const struct site *s, const char *cat)
{
	return strcmp(s->cat, cat) == 0;
}

/* A CHR/CHU, or one of the biggest general hospitals: the rare equipment. */
static int
is_big(const struct site *s)
{
	return is_cat(s, "101") || (is_cat(s, "355") && s->bed_weight > 2.6);
}

/* A site's size in beds, for those without MCO beds a drawn one. */
static double
site_size(struct act *a)
{
	double size = between(&a->who, 20, 160);

	return a->s->beds > 0 ? (double)a->s->beds : size;
}

/* Whether the site declares the table: a chance per category, as in kinds[]. */
static int
has_by_cat(struct act *a, double c101, double c355, double c106, double c131,
    double c365, double c128, double c122, double c292, double c109)
{
	const double p[] = { c101, c355, c106, c131, c365, c128, c122, c292,
	    c109 };
	size_t i;
	double u = rng_unit(&a->who);

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].cat, a->s->cat) == 0)
			return u < p[i];
	return 0;
}

/* A maternity: its type (AUTOR) sets its neonatal beds, births the rest. */
static void
rows_perinat(struct act *a)
{
	const struct site *s = a->s;
	const char *autor;
	double u, births;
	int64_t mult, single;

	if (!s->mco || !has_by_cat(a, 1, 0.8, 0, 0, 0.3, 0, 0.6, 0, 0))
		return;
	u = rng_unit(&a->who);
	if (is_cat(s, "101"))
		autor = u < 0.75 ? "TYPE3" : "TYPE2";
	else if (is_cat(s, "355"))
		autor = u < 0.45 ? "TYPE2" : u < 0.85 ? "TYPE1" : "CPPR";
	else
		autor = u < 0.6 ? "TYPE1" : u < 0.85 ? "CPPR" : "";
	a->scale = (double)s->beds / 10;
	act_row(a, NULL);
	if (*autor == '\0' || strcmp(autor, "CPPR") == 0) {
		/* No deliveries: zeros, abortions and consultations aside. */
		set_zeros(a);
		set_text(a, "AUTOR", *autor == '\0' ? NULL : autor);
		set_empty(a, "LACTA");
		set_int(a, "CONSGYN", round_pos((double)s->beds *
		    between(&a->r, 5, 20)));
		set_int(a, "IVG", round_pos((double)s->beds *
		    between(&a->r, 0.5, 1.5)));
		set_int(a, "IVGME", get(a, "IVG") / 2);
		return;
	}
	set_text(a, "AUTOR", autor);
	set_text(a, "LACTA", rng_chance(&a->who, 0.7) ? "INT" : NULL);
	births = (double)s->beds * between(&a->r, 3, 6);
	mult = round_pos(births * between(&a->r, 0.012, 0.02));
	single = round_pos(births) - mult;
	set_int(a, "ACCUN", single);
	set_int(a, "ACCMU", mult);
	set_int(a, "ENFANTS", single + 2 * mult);
	set_int(a, "SEJACC", single + mult);
	set_int(a, "SEJCES", round_pos((double)(single + mult) *
	    between(&a->r, 0.17, 0.24)));
	set_int(a, "LIT_OBS", round_pos(births / 90) + 2);
	set_int(a, "SALTRAV", round_pos(births / 600) + 1);
	set_int(a, "SEJ_OBS", round_pos(births * between(&a->r, 1.3, 1.6)));
	set_int(a, "JOU_OBS", get(a, "SEJ_OBS") * 4);
	if (strcmp(autor, "TYPE1") == 0) {
		set_int(a, "LIT_NEO_HSI", 0);
		set_int(a, "LIT_SIN", 0);
		set_int(a, "LIT_REA", 0);
	} else {
		set_int(a, "LIT_NEO_HSI", round_pos(births / 250) + 3);
		set_int(a, "LIT_SIN", strcmp(autor, "TYPE3") == 0 ?
		    round_pos(births / 400) + 4 : 0);
		set_int(a, "LIT_REA", strcmp(autor, "TYPE3") == 0 ?
		    round_pos(births / 350) + 6 : 0);
	}
	set_int(a, "SEJ_REA", get(a, "LIT_REA") * 25);
	set_int(a, "JOU_REA", get(a, "LIT_REA") * 300);
	set_int(a, "SEJ_SIN", get(a, "LIT_SIN") * 40);
	set_int(a, "JOU_SIN", get(a, "LIT_SIN") * 310);
	set_int(a, "SEJ_NEO_HSI", get(a, "LIT_NEO_HSI") * 45);
	set_int(a, "JOU_NEO_HSI", get(a, "LIT_NEO_HSI") * 290);
	set_int(a, "IVGME", round_pos(births * between(&a->r, 0.1, 0.2)));
	set_int(a, "IVG", get(a, "IVGME") +
	    round_pos(births * between(&a->r, 0.05, 0.15)));
}


/* Resuscitation, intensive care and monitoring units, SITOT their total. */
static void
rows_rea(struct act *a)
{
	static const char *const units[] = { "AUTSI", "REAADU", "REAENF",
	    "SITOT", "SIUNV", "SURVADU", "SURVENF", "USIC" };
	static const double p101[] = { 0.3, 1, 0.4, 0, 0.8, 1, 0.5, 1 };
	static const double p355[] = { 0.1, 0.7, 0, 0, 0.3, 0.9, 0.1, 0.5 };
	static const double pother[] = { 0.05, 0.1, 0, 0, 0, 0.5, 0, 0.2 };
	const struct site *s = a->s;
	const double *p;
	size_t k, first = a->nrows, sitot = 0;
	int has[8], any_si;
	int64_t beds;

	if (!s->mco)
		return;
	if (is_cat(s, "101"))
		p = p101;
	else if (is_cat(s, "355"))
		p = p355;
	else if (is_cat(s, "365") || is_cat(s, "128"))
		p = pother;
	else
		return;
	for (k = 0; k < 8; k++)
		has[k] = rng_chance(&a->who, p[k]);
	any_si = has[0] || has[4] || has[7];
	for (k = 0; k < 8; k++) {
		if (k == 3) {
			sitot = a->nrows;
			continue;
		}
		if (!has[k])
			continue;
		beds = round_pos((double)s->beds / (k == 1 ? 35 : 70) *
		    between(&a->r, 0.7, 1.3));
		if (beds < 4)
			beds = 4 + rng_range(&a->r, 0, 4);
		a->scale = (double)beds;
		act_row(a, units[k]);
		set_int(a, "LIT", beds);
		if (k != 1 && k != 2 && rng_chance(&a->who, 0.5))
			set_int(a, "LIT_PROXI", beds);
		set_int(a, "JLI", beds * 365);
		set_int(a, "SEJ", round_pos((double)beds * between(&a->r, 30,
		    k == 5 || k == 6 ? 160 : 90)));
		set_int(a, "JOU", round_pos((double)beds * 365 *
		    between(&a->r, 0.6, 0.9)));
		if (k != 1 && k != 2)
			continue;
		/* Resuscitation: passages, severity and staff. */
		set_int(a, "PAS", get(a, "SEJ") + rng_range(&a->r, 0, 20));
		set_int(a, "PAS0", rng_range(&a->r, 0, 60));
		set_int(a, "pctEXT", rng_range(&a->r, 0, 25));
		set_int(a, "IGC2med", rng_range(&a->r, 35, 60));
		set_int(a, "SEJ80", round_pos((double)get(a, "SEJ") *
		    between(&a->r, 0.04, 0.1)));
		set_dec(a, "ETP_MED", (double)beds * between(&a->r, 0.4, 0.8));
		set_dec(a, "ETPSAL_MED", (double)beds *
		    between(&a->r, 0.4, 0.8));
		set_dec(a, "ETP_INFSP", (double)beds * between(&a->r, 2, 3));
		set_dec(a, "ETPSAL_INFSP", (double)beds *
		    between(&a->r, 2, 3));
		set_dec(a, "ETP_AID", (double)beds * between(&a->r, 1.5, 2.5));
		set_dec(a, "ETPSAL_AID", (double)beds *
		    between(&a->r, 1.5, 2.5));
		set_dec(a, "ETP_KINE", (double)beds * between(&a->r, 0, 0.2));
		set_dec(a, "ETPSAL_KINE", (double)beds *
		    between(&a->r, 0, 0.2));
		set_int(a, "EFFLIB_MED", 0);
	}
	if (!any_si)
		return;
	/* SITOT: the intensive care units' total, in its place. */
	act_row(a, "SITOT");
	for (k = first; k < a->nrows - 1; k++) {
		const char *u = a->rows[k * a->lay.n +
		    col_index(a, "UNI")].text;

		if (strcmp(u, "AUTSI") == 0 || strcmp(u, "SIUNV") == 0 ||
		    strcmp(u, "USIC") == 0)
			act_add(a, k);
	}
	set_empty(a, "LIT_PROXI");
	act_move_last(a, sitot);
}

/* A row per kind of imaging equipment; the rare ones at big hospitals. */
static void
rows_images(struct act *a)
{
	static const char *const kinds_ima[] = { "CAM", "IRM", "LITHO", "MAMM",
	    "RADIO", "SCAN", "TOMO", "VASC", "dtIRM1", "dtIRM2" };
	const struct site *s = a->s;
	int big = is_big(s), has[10];
	size_t k;

	if (!s->mco || !(s->er || is_cat(s, "131") ||
	    has_by_cat(a, 1, 1, 0, 1, 0.4, 0.2, 0, 0, 0)))
		return;
	has[0] = big || is_cat(s, "131");			/* CAM */
	has[1] = big;						/* IRM */
	has[2] = big && rng_chance(&a->who, 0.4);		/* LITHO */
	has[3] = rng_chance(&a->who, big ? 0.9 : 0.5);		/* MAMM */
	has[4] = 1;						/* RADIO */
	has[5] = s->er || big || is_cat(s, "131");		/* SCAN */
	has[6] = (big && rng_chance(&a->who, 0.7)) || is_cat(s, "131");
	has[7] = big || rng_chance(&a->who, 0.3);		/* VASC */
	has[8] = big && rng_chance(&a->who, 0.2);		/* dtIRM1 */
	has[9] = big && rng_chance(&a->who, 0.4);		/* dtIRM2 */
	for (k = 0; k < 10; k++) {
		int64_t nb, et, exet, ex;

		if (!has[k])
			continue;
		nb = 1 + (int64_t)((double)s->beds / (k == 4 ? 150 : 400) *
		    between(&a->who, 0.8, 1.2));
		a->scale = (double)nb;
		act_row(a, kinds_ima[k]);
		set_int(a, "NB", nb);
		set_int(a, "NBEXP", nb);
		et = round_pos((double)nb * between(&a->r, 1500, 4000));
		exet = round_pos((double)et * between(&a->r, 0, 0.03));
		ex = round_pos((double)nb * between(&a->r, 1000, 3000));
		if (k == 7)
			ex = 0;
		set_int(a, "ACTET", et);
		set_int(a, "ACTEXET", exet);
		set_empty(a, "ACTEXEJ");
		set_int(a, "ACTEX", ex);
		set_int(a, "ACT", et + exet + ex);
		if (rng_chance(&a->who, 0.5))
			set_int(a, "ACTINT", 1);
		else
			set_empty(a, "ACTINT");
	}
}

/* Operating rooms by speciality, SALTOT their sum. */
static void
rows_blocs(struct act *a)
{
	const struct site *s = a->s;
	int64_t chir, obs, inter, endo, other;

	if (!s->mco || !has_by_cat(a, 1, 1, 0, 1, 0.9, 1, 1, 0, 0))
		return;
	a->scale = (double)s->beds / 8;
	act_row(a, NULL);
	chir = 1 + s->beds / 40;
	obs = is_cat(s, "101") || is_cat(s, "122") ? 1 + s->beds / 300 : 0;
	inter = is_big(s) ? 1 + s->beds / 400 : 0;
	endo = 1 + s->beds / 200;
	other = rng_range(&a->who, 0, 2);
	set_int(a, "SITES", 1 + (is_cat(s, "101") && s->beds > 800));
	set_int(a, "SALCHIR", chir);
	set_int(a, "SAL24CHIR", is_big(s) ? 1 + chir / 6 : 0);
	set_int(a, "SALOBS", obs);
	set_int(a, "SAL24OBS", obs > 0);
	set_int(a, "SALINT", inter);
	set_int(a, "SAL24INT", inter > 0);
	set_int(a, "SALHYB", is_big(s) && rng_chance(&a->who, 0.5));
	set_int(a, "SAL24HYB", 0);
	set_int(a, "SALEND", endo);
	set_int(a, "SALEND24", 0);
	set_int(a, "SALAUT", other);
	set_int(a, "SALAUT24", 0);
	set_int(a, "SALTOT", chir + obs + inter + get(a, "SALHYB") + endo +
	    other);
	set_int(a, "SALTOT24", get(a, "SAL24CHIR") + get(a, "SAL24OBS") +
	    get(a, "SAL24INT"));
	set_int(a, "SURV", 2 + get(a, "SALTOT") * 3 / 2);
}

/* Psychiatry by discipline (adults, children, prisons), TOT their sum. */
static void
rows_psy(struct act *a)
{
	static const char *const dis[] = { "GEN", "INF", "PEN" };
	const struct site *s = a->s;
	double size;
	size_t k, first = a->nrows;
	int has[3];

	if (!has_by_cat(a, 0.8, 0.4, 0, 0, 0.05, 0, 0, 1, 0))
		return;
	size = is_cat(s, "292") ? between(&a->who, 80, 400) :
	    (double)s->beds / 8;
	has[0] = 1;
	has[1] = is_cat(s, "292") || rng_chance(&a->who, 0.5);
	has[2] = rng_chance(&a->who, is_cat(s, "292") ? 0.4 : 0.1);
	for (k = 0; k < 3; k++) {
		double cap;

		if (!has[k])
			continue;
		cap = size * (k == 0 ? 1 : k == 1 ? 0.15 : 0.05);
		a->scale = cap;
		act_row(a, dis[k]);
		set_empty(a, "PART");
		set_int(a, "NB_SECT", 1 + (int64_t)(cap / 60));
		set_int(a, "CAP_HTP", round_pos(cap));
		set_int(a, "JLI_HTP", round_pos(cap) * 365);
		set_int(a, "JOU_HTP", round_pos(cap * 365 *
		    between(&a->r, 0.75, 0.95)));
		set_int(a, "SEJ_HTP", round_pos(cap * between(&a->r, 8, 14)));
		set_int(a, "FIL_TOT", round_pos(cap * between(&a->r, 15, 30)));
		set_int(a, "FIL_AMB", round_pos((double)get(a, "FIL_TOT") *
		    between(&a->r, 0.7, 0.9)));
	}
	/* TOT: the sum of the rows above, with the establishment's flags. */
	act_row(a, "TOT");
	act_sum(a, first, a->nrows - 1);
	set_int(a, "PART", 1);
	set_int(a, "INT", rng_chance(&a->who, 0.6));
	set_empty(a, "GAR_SEN");
	set_empty(a, "AST_SEN");
}

/* Rehabilitation: mentions, SSR_A and SSR_E their sums, SSR_TOT all. */
static void
rows_ssr(struct act *a)
{
	static const char *const adult[] = { "SSR_A50", "SSR_A51", "SSR_A52",
	    "SSR_A53", "SSR_A54", "SSR_A55", "SSR_A56", "SSR_A57", "SSR_A58",
	    "SSR_A59" };
	static const char *const child[] = { "SSR_E50", "SSR_E51", "SSR_E52",
	    "SSR_E55" };
	const struct site *s = a->s;
	double size;
	size_t k, first = a->nrows, part, tot;
	int children;

	if (!has_by_cat(a, 1, 0.7, 1, 0, 0.3, 0, 0, 0, 1))
		return;
	size = is_cat(s, "109") || is_cat(s, "106") ?
	    between(&a->who, 30, 120) : (double)s->beds / 10 + 10;
	children = rng_chance(&a->who, is_cat(s, "109") ? 0.3 :
	    is_cat(s, "101") ? 0.3 : 0);
	for (part = 0; part < 2; part++) {
		size_t from = a->nrows, nm = part == 0 ? 10 : 4;
		int any = 0;

		if (part == 1 && !children)
			break;
		for (k = 0; k < nm; k++) {
			/* A50 nearly always, the others less. */
			double lit;

			if (!rng_chance(&a->who, k == 0 ? 0.85 : k == 9 ? 0.4 :
			    0.2) && !(k == nm - 1 && !any))
				continue;
			any = 1;
			lit = size * between(&a->who, 0.2, 0.6) *
			    (part == 0 ? 1 : 0.3);
			a->scale = lit;
			act_row(a, part == 0 ? adult[k] : child[k]);
			set_int(a, "AUT", 1);
			set_int(a, "LIT", round_pos(lit));
			set_empty(a, "JLI");
			set_int(a, "PLA", round_pos(lit * between(&a->r, 0,
			    0.3)));
			set_empty(a, "SEJHC");
			set_int(a, "JOUHC", round_pos(lit * 365 *
			    between(&a->r, 0.8, 0.95)));
			set_int(a, "JOUHP", get(a, "PLA") * 230);
			set_empty(a, "SEJ3M");
			set_empty(a, "EMSSR");
		}
		/* SSR_A, SSR_E: the mentions' sum, before them. */
		act_row(a, part == 0 ? "SSR_A" : "SSR_E");
		act_sum(a, from, a->nrows - 1);
		set_empty(a, "AUT");
		set_int(a, "JLI", get(a, "LIT") * 365);
		set_int(a, "SEJHC", get(a, "JOUHC") / 30);
		set_int(a, "SEJ3M", get(a, "SEJHC") / 20);
		act_move_last(a, from);
	}
	act_row(a, "SSR_TOT");
	for (tot = first; tot < a->nrows - 1; tot++) {
		const char *g = a->rows[tot * a->lay.n +
		    col_index(a, "GDE")].text;

		if (strcmp(g, "SSR_A") == 0 || strcmp(g, "SSR_E") == 0)
			act_add(a, tot);
	}
	set_int(a, "EMSSR", rng_chance(&a->who, 0.2));
}

/* Hospitalisation at home, for a few hospitals. */
static void
rows_had(struct act *a)
{
	double places;

	if (!has_by_cat(a, 0.3, 0.15, 0.05, 0, 0.1, 0, 0, 0, 0.1))
		return;
	places = between(&a->who, 20, 120);
	a->scale = places;
	act_row(a, NULL);
	set_int(a, "ANTGEO", 0);
	set_empty(a, "NB_ANT");
	set_empty(a, "FI1");
	set_empty(a, "FI2");
	set_empty(a, "FI3");
	set_int(a, "POP", round_pos(places * between(&a->who, 2500, 5000)));
	set_int(a, "AUTMED", 1);
	set_int(a, "PLATOT", round_pos(places));
	set_int(a, "JOU_HAD", round_pos(places * 365 *
	    between(&a->r, 0.7, 0.95)));
	set_int(a, "SEJ_HAD", get(a, "JOU_HAD") / 25);
	set_int(a, "FIL_HAD", get(a, "SEJ_HAD") / 2);
}

/* A row per dialysis modality, then the site's TOT row. */
static void
rows_dialyse(struct act *a)
{
	static const char *const modes[] = { "112AX", "112BA", "112BE",
	    "1130X", "1140X", "1150A", "1210", "121AX", "121CX", "122AX",
	    "122BX" };
	const struct site *s = a->s;
	size_t k;
	int64_t pat = 0;

	if (!s->mco || !has_by_cat(a, 1, 0.5, 0, 0, 0.2, 0, 0, 0, 0))
		return;
	for (k = 0; k < sizeof modes / sizeof modes[0]; k++) {
		double p = k == 1 ? 0.9 : k == 0 || k == 3 || k == 4 ? 0.5 :
		    0.25;
		int64_t n;

		if (!rng_chance(&a->who, p))
			continue;
		n = rng_range(&a->r, 1, 60);
		a->scale = (double)n;
		act_row(a, modes[k]);
		/* Haemodialysis has stations and sessions, peritoneal not. */
		if (k < 6) {
			set_int(a, "CAPA", 2 + n / 4);
			set_int(a, "SEAN", n * rng_range(&a->r, 120, 156));
		}
		set_int(a, "NBPAT", n);
		pat += n;
	}
	act_row(a, "TOT");
	set_int(a, "DIALYSE_AA100", rng_chance(&a->who, 0.6));
	set_int(a, "DIALYSE_AA101", rng_chance(&a->who, 0.6));
	set_int(a, "UDM", 0);
	set_int(a, "SEA_HOS", pat * rng_range(&a->r, 5, 15));
	set_int(a, "PREPLI", pat / 20);
	set_int(a, "NVPAT", pat / 4);
	set_int(a, "NVPERIT", pat / 25);
}

/* Cancer treatment authorisations and chemotherapy. */
static void
rows_cancero(struct act *a)
{
	const struct site *s = a->s;
	int64_t chimio;

	if (!has_by_cat(a, 1, 0.6, 0, 1, 0.3, 0.2, 0, 0, 0))
		return;
	a->scale = (double)s->beds / 5 + 10;
	act_row(a, NULL);
	chimio = round_pos(a->scale * between(&a->r, 20, 60));
	set_int(a, "CANCERO_A1", 1);
	set_int(a, "CANCERO_A2", is_big(s) || is_cat(s, "131"));
	set_int(a, "CANCERO_A3", is_big(s) || is_cat(s, "131"));
	set_int(a, "CANCERO_A4", chimio);
	set_empty(a, "CANCERO_A8");
	set_empty(a, "CANCERO_B8");
	set_empty(a, "CANCERO_C8");
}

/* Cardiac surgery, at most big hospitals (its acts: ACT1 + ACT2 + ACT3). */
static void
rows_chircar(struct act *a)
{
	const struct site *s = a->s;
	int64_t act1, act2, act3;

	if (!is_big(s) || !rng_chance(&a->who, is_cat(s, "101") ? 0.8 : 0.3))
		return;
	a->scale = (double)s->beds / 40;
	act_row(a, NULL);
	set_int(a, "AUT", 1);
	act1 = round_pos(a->scale * between(&a->r, 5, 20));
	act2 = round_pos(a->scale * between(&a->r, 0, 5));
	act3 = round_pos(a->scale * between(&a->r, 20, 60));
	set_int(a, "ACT1", act1);
	set_int(a, "ACT2", act2);
	set_int(a, "ACT3", act3);
	set_int(a, "ACT", act1 + act2 + act3);
	set_int(a, "SEJ", act1 + act2 + act3 + rng_range(&a->r, 0, 30));
	set_int(a, "JOU", get(a, "SEJ") * rng_range(&a->r, 3, 9));
	set_int(a, "ADU", 1);
	set_int(a, "ENF", rng_chance(&a->who, 0.2));
	set_int(a, "GREF", rng_chance(&a->who, 0.15));
}

/* Neurosurgery, at some CHR/CHU. */
static void
rows_neurochir(struct act *a)
{
	const struct site *s = a->s;
	int64_t beds;

	if (!is_cat(s, "101") || !rng_chance(&a->who, 0.6))
		return;
	beds = 10 + s->beds / 60;
	a->scale = (double)beds;
	act_row(a, NULL);
	set_int(a, "EX_NEUCHI", 1);
	set_int(a, "LIT_NEUCHI", beds);
	set_int(a, "SEJ_ADU", beds * rng_range(&a->r, 35, 55));
	set_int(a, "JOU_ADU", get(a, "SEJ_ADU") * rng_range(&a->r, 5, 7));
}

/* Burns units, at a few CHR/CHU. */
static void
rows_brules(struct act *a)
{
	const struct site *s = a->s;
	int64_t rea, bru;

	if (!is_cat(s, "101") || !rng_chance(&a->who, 0.2))
		return;
	rea = rng_range(&a->who, 3, 16);
	bru = rng_range(&a->who, 0, 20);
	a->scale = (double)(rea + bru);
	act_row(a, NULL);
	set_int(a, "LIT_REA", rea);
	set_int(a, "SEJ_REA", rea * rng_range(&a->r, 10, 40));
	set_int(a, "SEJENF_REA", get(a, "SEJ_REA") / rng_range(&a->r, 5, 30));
	set_int(a, "JOU_REA", rea * rng_range(&a->r, 200, 300));
	set_int(a, "LIT_BRU", bru);
	set_int(a, "SEJ", bru * rng_range(&a->r, 15, 30));
	set_int(a, "SEJENF", get(a, "SEJ") / rng_range(&a->r, 5, 30));
	set_int(a, "JOU", bru * rng_range(&a->r, 150, 300));
}

/* Stroke units (UNV) with their beds, at CHR/CHU and big hospitals. */
static void
rows_mcoavc(struct act *a)
{
	const struct site *s = a->s;
	int64_t beds;

	if (!s->er || !(is_cat(s, "101") || (is_big(s) &&
	    rng_chance(&a->who, 0.6))))
		return;
	beds = rng_range(&a->who, 6, 24);
	a->scale = (double)beds;
	act_row(a, NULL);
	/* A few declare no neurovascular unit: no beds then. */
	if (!rng_chance(&a->who, 0.9)) {
		set_zeros(a);
		set_empty(a, "LIT_UNV");
		set_empty(a, "SEJ_UNV");
		set_empty(a, "JOU_UNV");
		return;
	}
	set_int(a, "UNV", 1);
	set_int(a, "LIT_UNV", beds);
	set_int(a, "SEJ_UNV", beds * rng_range(&a->r, 25, 45));
	set_int(a, "JOU_UNV", beds * rng_range(&a->r, 250, 330));
}

/* The largest site with emergencies of a département has its SAMU. */
static int
has_samu(const struct act *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct site *o = &a->v[i];

		if (o != a->s && o->er && strcmp(o->dep, a->s->dep) == 0 &&
		    o->bed_weight > a->s->bed_weight)
			return 0;
	}
	return 1;
}

/* Mobile emergency units where there are emergencies; SAMU figures once. */
static void
rows_smursamu(struct act *a)
{
	static const char *const samu_cols[] = { "APP", "APR15", "APD",
	    "APMIN", "DR", "DRM", "DRMLIB", "HMR", "HMRAMU", "HMRAM", "ARM",
	    "NRML", "NBLIB", "NBSAL", "CAR", "SAMUSDIS" };
	const struct site *s = a->s;
	int samu;
	size_t k;

	if (!s->er || !has_by_cat(a, 1, 0.9, 0, 0, 0.15, 0.05, 0, 0, 0))
		return;
	samu = has_samu(a);
	a->scale = (double)s->passages_gen / 1000;
	act_row(a, NULL);
	set_int(a, "SMUR", 1);
	set_int(a, "GEN", 1);
	set_int(a, "SAIS", 0);
	set_int(a, "PED", s->ped && is_cat(s, "101") &&
	    rng_chance(&a->who, 0.3));
	set_int(a, "ANT", 0);
	set_empty(a, "FIAUTOR");
	set_int(a, "SAMU", samu);
	set_int(a, "SORTER1", round_pos(a->scale * between(&a->r, 20, 40)));
	set_int(a, "SORTIES", get(a, "SORTER1") + get(a, "SORTER2") +
	    get(a, "SORAER1") + get(a, "SORAER2") + get(a, "SORMAR"));
	for (k = 0; k < sizeof samu_cols / sizeof samu_cols[0]; k++)
		if (!samu)
			set_empty(a, samu_cols[k]);
	if (samu) {
		set_int(a, "APP", round_pos(a->scale * between(&a->r, 3000,
		    6000)));
		set_int(a, "APR15", get(a, "APP") * 95 / 100);
		set_int(a, "SAMUSDIS", 1);
	}
}

/* Palliative care: a unit (USP) at CHR/CHU and cancer centres. */
static void
rows_palia(struct act *a)
{
	const struct site *s = a->s;
	int usp;

	if (!has_by_cat(a, 1, 0.7, 0.3, 1, 0.3, 0, 0, 0, 0.2))
		return;
	usp = is_cat(s, "101") || is_cat(s, "131") || rng_chance(&a->who, 0.2);
	a->scale = 10;
	act_row(a, NULL);
	set_int(a, "PALIA_A1", usp);
	if (usp)
		set_int(a, "PALIA_A2", rng_range(&a->who, 8, 15));
	else
		set_empty(a, "PALIA_A2");
	set_int(a, "PALIA_A6", rng_chance(&a->who, 0.7));
	set_int(a, "PALIA_A10", rng_chance(&a->who, 0.5));
}

/* The tables, in archive order with the others (alphabetical). */
static const struct activity activities[] = {
	{ "BLOCS", { hdr_blocs_21, hdr_blocs_23 }, 'r', NULL,
	    "", "", "", 0.7, rows_blocs },
	{ "BRULES", { hdr_brules_21, hdr_brules_23 }, 'a', NULL,
	    "SAL TISS CONVSSR", "", "", 0.9, rows_brules },
	{ "CANCERO", { hdr_cancero_21, hdr_cancero_23 }, 'r', NULL,
	    "CANCERO_A1 CANCERO_A2 CANCERO_A3 CANCERO_A7 CANCERO_B12 "
	    "CANCERO_E32 CANCERO_E33",
	    "CANCERO_C19 CANCERO_C20 CANCERO_C21 CANCERO_C22 CANCERO_C23 "
	    "CANCERO_C28 CANCERO_C29 CANCERO_C30 CANCERO_C31 CANCERO_C32 "
	    "CANCERO_C33 CANCERO_C34 CANCERO_D19 CANCERO_D20 CANCERO_D21 "
	    "CANCERO_D22 CANCERO_D23 CANCERO_D28 CANCERO_D29 CANCERO_D30 "
	    "CANCERO_D31 CANCERO_D32 CANCERO_D33 CANCERO_D34", "", 0.4,
	    rows_cancero },
	{ "CHIRCAR", { hdr_chircar_21, hdr_chircar_23 }, 'r', NULL,
	    "AUT ADU ENF GREF", "", "", 0.8, rows_chircar },
	{ "DIALYSE", { hdr_dialyse_21, hdr_dialyse_23 }, 'r', "DIALY",
	    "DIALYSE_AA100 DIALYSE_AA101 UDM", "", "", 0, rows_dialyse },
	{ "HAD", { hdr_had_21, hdr_had_23 }, 'a', NULL,
	    "ANTGEO EMSP EQDOU TELESUR TELECONS INDOM ASTR CONVPER CONV "
	    "AUTMED AUTOBS AUTSSR AUTCAN", "", "", 0.9, rows_had },
	{ "IMAGES", { hdr_images_21, hdr_images_23 }, 'r', "EQUIPIMA",
	    "ACTINT", "", "", 0, rows_images },
	{ "MCOAVC", { hdr_mcoavc_21, hdr_mcoavc_23 }, 'a', NULL,
	    "UNV GAR_PM AST_PM GAR_NEU AST_NEU", "", "", 0.8, rows_mcoavc },
	{ "NEUROCHIR", { hdr_neurochir_21, hdr_neurochir_23 }, 'a', NULL,
	    "EX_NEUCHI EX_REA EX_POST EX_NEURAD EX_NAV TELEEXP TELECONS CRAN "
	    "CERE STEREOT NPED ENDO", "", "TELEEXP_NB TELECONS_NB", 0.9,
	    rows_neurochir },
	{ "PALIA", { hdr_palia_21, hdr_palia_23 }, 'r', NULL,
	    "PALIA_A1 PALIA_A6 PALIA_A10 PALIA_A22", "", "", 0.3, rows_palia },
	{ "PERINAT", { hdr_perinat_21, hdr_perinat_23 }, 'r', NULL,
	    "LIT_KANG PRIS AMP", "", "LACTA", 0.85, rows_perinat },
	{ "PSY", { hdr_psy_21, hdr_psy_23 }, 'r', "DIS",
	    "PART INT GAR_SEN AST_SEN", "", "", 0.5, rows_psy },
	{ "REA", { hdr_rea_21, hdr_rea_23 }, 'r', "UNI",
	    "", "", "", 0, rows_rea },
	{ "SMURSAMU", { hdr_smursamu_21, hdr_smursamu_23 }, 'r', NULL,
	    "SMUR GEN SAIS PED ANT ANTSAIS SAMU MOYMAR NRML SAMUSDIS", "",
	    "FIAUTOR dtTIH", 0.7, rows_smursamu },
	{ "SSR", { hdr_ssr_21, hdr_ssr_23 }, 'r', "GDE",
	    "AUT EMSSR", "", "", 0, rows_ssr },
};

/* One activity table of a year: every site's rows, as DREES lays them out. */
static char *
table_activity(const struct activity *t, const struct site *v, size_t n,
    uint64_t seed, int year)
{
	struct act a;
	char stream[64];
	size_t i;

	memset(&a, 0, sizeof a);
	a.t = t;
	a.v = v;
	a.n = n;
	a.year = year;
	layout_init(&a.lay, t->header[year >= 2023]);
	sbuf_add(&a.out, t->header[year >= 2023]);
	sbuf_add(&a.out, "\r\n");
	for (i = 0; i < n; i++) {
		a.s = &v[i];
		/* Streams of their own: the other tables stay as they were. */
		snprintf(stream, sizeof stream, "sae-%s-%s", t->name, v[i].fi);
		rng_init(&a.who, seed, stream);
		snprintf(stream, sizeof stream, "sae-%s-%s-%d", t->name,
		    v[i].fi, year);
		rng_init(&a.r, seed, stream);
		a.scale = site_size(&a);
		t->rows(&a);
		act_flush(&a);
	}
	free(a.rows);
	free(a.lay.col);
	free(a.lay.buf);
	return a.out.data;
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
		{ "SYGEN", table_sygen },
		{ "URGENCES", table_urgences },
		{ "URGENCES2", table_urgences2 },
	};
	const struct activity *t;
	struct sample_archive *a;
	struct site *v;
	struct sbuf text = { NULL, 0, 0 };
	size_t n, i, k, ntables = sizeof tables / sizeof tables[0];
	size_t nact = sizeof activities / sizeof activities[0];
	const char *table;
	char *name, *entry, *data, suffix;
	int rc = 0;

	v = sites_of(geo, ests, seed, year, &n);
	name = xasprintf("sae_%d_bases_statistiques_formats_sas_csv.7z", year);
	if ((a = sample_archive_open(dir, name, SAMPLE_7Z, cause)) == NULL) {
		free(name);
		free(v);
		return -1;
	}
	/* Both lists are alphabetical: the entries go in merged order. */
	for (i = 0, k = 0; (i < ntables || k < nact) && rc == 0;) {
		if (k < nact && (i == ntables ||
		    strcmp(activities[k].name, tables[i].table) < 0)) {
			t = &activities[k++];
			data = table_activity(t, v, n, seed, year);
			suffix = year >= 2023 ? 'r' : t->old_suffix;
			table = t->name;
		} else {
			table = tables[i].table;
			/* SYGEN exists from 2024 on in this sample. */
			if (strcmp(tables[i++].table, "SYGEN") == 0 &&
			    year < 2024)
				continue;
			data = tables[i - 1].make(v, n, year);
			suffix = 'r';
		}
		entry = xasprintf("SAE %d Bases statistiques - formats SAS-CSV/"
		    "Bases statistiques/Bases CSV/%s_%d%c.csv", year, table,
		    year, suffix);
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
