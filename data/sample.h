/* SPDX-License-Identifier: ISC */
/*
 * data/mksample: deterministic sample files in the published layouts
 * (doc/import.md, shared/docs/data-formats.md). Everything random comes from
 * one seeded generator per file, so that a seed gives byte-identical files.
 */
#ifndef MEDIFLUX_SAMPLE_H
#define MEDIFLUX_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "xmalloc.h"

struct position_converter;

/* The date of the generated extracts; archive entries carry it as mtime. */
#define SAMPLE_DATE		"2026-05-04"
#define SAMPLE_MTIME		1777852800	/* 2026-05-04T00:00:00Z */

/* --- Random numbers: splitmix64, one stream per named use. --------------- */
struct rng {
	uint64_t	s;
};

void		 rng_init(struct rng *, uint64_t seed, const char *stream);
uint64_t	 rng_next(struct rng *);
double		 rng_unit(struct rng *);		/* [0, 1) */
uint64_t	 rng_below(struct rng *, uint64_t n);	/* [0, n) */
int64_t		 rng_range(struct rng *, int64_t lo, int64_t hi); /* [lo, hi] */
int		 rng_chance(struct rng *, double p);

/* --- Growable byte buffers. ----------------------------------------------- */
struct sbuf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 sbuf_add(struct sbuf *, const char *);
void	 sbuf_addn(struct sbuf *, const char *, size_t);
void	 sbuf_addc(struct sbuf *, char);
void	 sbuf_addf(struct sbuf *, const char *, ...) PRINTFLIKE(2, 3);
/* Appends UTF-8 text as Windows-1252 (a character it lacks is a bug). */
void	 sbuf_add_cp1252(struct sbuf *, const char *);
/* Appends a CSV field, quoted (doubling quotes) when always or when needed. */
void	 sbuf_add_field(struct sbuf *, const char *, int always);
/* Appends an amount of cents with a decimal comma, shortest form: 12,5 12 -0,3 */
void	 sbuf_add_cents(struct sbuf *, int64_t);
void	 sbuf_free(struct sbuf *);

/* Upper-case ASCII spelling of a UTF-8 name ("Bourg-en-Bresse" -> "BOURG-EN-BRESSE"). */
char	*sample_upper_ascii(const char *);
/* The Luhn key of n digits (FINESS numbers; a letter counts as 0). */
char	 sample_luhn(const char *, size_t n);
/* La Poste's spelling of a folded name key: "saint denis" -> "ST DENIS". */
char	*sample_acheminement(const char *name_key);

/* --- Output files: written beside, then renamed. --------------------------- */
int	 sample_write_file(const char *dir, const char *name, const void *,
	     size_t, char **cause);

enum sample_archive_format {
	SAMPLE_ZIP,
	SAMPLE_7Z,
};
struct sample_archive;

struct sample_archive	*sample_archive_open(const char *dir, const char *name,
			     enum sample_archive_format, char **cause);
int	 sample_archive_add(struct sample_archive *, const char *entry,
	     const void *, size_t, char **cause);
/* Streams a file into an entry, a block at a time. */
int	 sample_archive_add_file(struct sample_archive *, const char *entry,
	     const char *path, char **cause);
/* Finishes the archive (renaming it into place); frees it in every case. */
int	 sample_archive_close(struct sample_archive *, char **cause);

/* --- The reference geography (data/geography.db). ------------------------- */
struct sample_region {
	char		 code[4];
	char		*name;
	int64_t		 population;
	int		 drom;
};

struct sample_dep {
	char		 code[4];	/* INSEE: 01, 2A, 971 */
	char		 finess[3];	/* FINESS: 01, 2A, 9A */
	char		 finess_prefix[5]; /* first digits of FINESS numbers */
	char		*name;
	char		 region[4];
	int64_t		 population;
	size_t		 first_place;	/* its places in sample_geo.places */
	size_t		 nplaces;
	int64_t		 x, y;		/* a central point, metres, in epsg */
	int64_t		 radius;
	int		 epsg;
};

/* A commune, or an arrondissement of Paris, Lyon or Marseille. */
struct sample_place {
	char		 code[6];
	char		*name;
	char		*name_key;
	char		 postcode[6];
	int64_t		 population;
	size_t		 dep;		/* index in sample_geo.deps */
	int		 placed;	/* the geography gives its centre */
	double		 latitude, longitude;
};

struct sample_geo {
	struct sample_region	*regions;	/* ordered by code, DROM and metropole */
	size_t			 nregions;
	struct sample_dep	*deps;		/* the 101 DROM and metropole ones */
	size_t			 ndeps;
	struct sample_place	*places;	/* grouped by département */
	size_t			 nplaces;
	int64_t			 population;
	struct position_converter *positions;	/* projects the centres */
};

int	 sample_geo_load(struct sample_geo *, const char *path, char **cause);
void	 sample_geo_free(struct sample_geo *);
const struct sample_dep		*sample_geo_dep(const struct sample_geo *, const char *code);
const struct sample_place	*sample_geo_place(const struct sample_geo *, const char *code);
const struct sample_region	*sample_geo_region(const struct sample_geo *, const char *code);
/* A place of a département drawn with weight population + floor. */
const struct sample_place	*sample_geo_pick(const struct sample_geo *,
				    const struct sample_dep *, struct rng *,
				    int64_t floor);
/* Coordinates (decimetres) of an establishment in a place, near its commune's spot. */
void	 sample_geo_point(const struct sample_geo *, const struct sample_place *,
	     struct rng *, int64_t *x10, int64_t *y10, int *epsg);

/* --- FINESS establishments, kept for SAE. ---------------------------------- */
struct sample_est {
	char		 finess[10];
	char		 finess_ej[10];
	char		*name;		/* rs, UTF-8 */
	char		 category[4];
	char		 fin_dep[3];	/* 01, 2A, 9A */
	char		 dep[4];	/* INSEE */
	char		 commune[6];	/* INSEE */
	char		*city;		/* as in ligneacheminement, without CEDEX */
	char		 postcode[6];
	int		 real;		/* copied from the published excerpt */
	int		 opened;	/* year */
};

struct sample_ests {
	struct sample_est	*v;
	size_t			 n;
};

int	 sample_finess(const struct sample_geo *, uint64_t seed, const char *dir,
	     const char *excerpt, struct sample_ests *, char **cause);
void	 sample_ests_free(struct sample_ests *);

int	 sample_sae(const struct sample_geo *, const struct sample_ests *,
	     uint64_t seed, int year, const char *dir, char **cause);

/* Open Medic: the ATC classification and the substances (data/sample_atc.c). */
struct sample_atc_label {
	const char	*code;
	const char	*label;		/* level 1 as in 2024 files, others as in the descriptif */
};

enum sample_profile {
	PROFILE_ALL,
	PROFILE_ADULT,
	PROFILE_ELDERLY,
	PROFILE_CHILD,
	PROFILE_FEMALE,			/* women of child-bearing age */
	PROFILE_FEMALE_ELDERLY,
	PROFILE_MALE_ELDERLY,
	PROFILE_YOUNG,			/* young adults, more men */
	PROFILE_FEMALE_HEAVY,
	PROFILE_COUNT,
};

struct sample_substance {
	const char	*atc4;
	const char	*atc5;		/* "" when the product has no level 5 */
	const char	*name;		/* L_ATC5 */
	const char	*lname;		/* in product labels; NULL: name */
	const char	*brand;		/* princeps; NULL: generics only */
	int		 generics;	/* a generic family */
	const char	*form;
	const char	*doses[5];
	int		 packs[3];
	int		 kboxes;	/* thousand boxes in 2023 */
	int		 price;		/* cents a box, first dose and pack */
	int		 rate;		/* reimbursement rate, % */
	int		 ald;		/* % of boxes reimbursed at 100 % */
	enum sample_profile profile;
	int		 psp[2];	/* prescribers that stand out */
	int		 growth;	/* volume change 2023 -> 2024, % */
};

/* A published CIP13 and label: lab NULL for the princeps. */
struct sample_real_product {
	const char	*atc5;
	const char	*lab;
	const char	*dose;
	int		 pack;
	const char	*cip13;
	const char	*label;
};

extern const struct sample_atc_label		sample_atc_labels[];
extern const size_t				sample_natc_labels;
extern const struct sample_substance		sample_substances[];
extern const size_t				sample_nsubstances;
extern const struct sample_real_product	sample_real_products[];
extern const size_t				sample_nreal_products;
extern const char *const			sample_labs[];
extern const size_t				sample_nlabs;

const char	*sample_atc_label(const char *code);

/* Open Medic: rows is the target row count; keep_csv leaves OPEN_MEDIC_<Y>.CSV in dir. */
struct sample_medic_totals {
	int64_t		rows;
	int64_t		boxes;
	int64_t		rem_cents;
	int64_t		bse_cents;
	int64_t		products;
};

int	 sample_medic(const struct sample_geo *, uint64_t seed, int year,
	     int full, const char *dir, struct sample_medic_totals *,
	     char **cause);

/*
 * The Open Medic products (one CIP13 each) of a scale, as sample_medic writes
 * them: in file order (ATC then CIP13), planned for a year.
 */
struct sample_product {
	size_t		 si;		/* in sample_substances */
	int		 lab;		/* in sample_labs; -1: princeps */
	int		 dose;		/* in the substance's doses */
	int		 pack;		/* units a box */
	char		 cip[14];
	char		*label;
	int		 top_gen;
	int		 gen_num;	/* -1: empty */
	int64_t		 price;		/* cents a box before the year's scale */
	int64_t		 year_price;	/* cents a box in the year planned (BSE/BOITES) */
	double		 weight;	/* within its substance */
	int		 from, to;	/* years sold */
	double		 volume;	/* boxes in the year */
	double		 rows;		/* cells aimed at in the year */
};

struct sample_catalogue {
	struct sample_product	*v;
	size_t			 n;
	size_t			 cap;
	uint64_t		*cips;		/* open addressing, 0 = free */
	size_t			 ncips;
};

void	 sample_medic_catalogue(const struct sample_geo *, uint64_t seed,
	     int year, int full, struct sample_catalogue *);
void	 sample_medic_catalogue_free(struct sample_catalogue *);

int	 sample_drees(const struct sample_geo *, uint64_t seed, const char *dir,
	     char **cause);

/*
 * The BDPM files (data/sample_bdpm.c), over the Open Medic 2024 catalogue;
 * full: the catalogue at its published size, for make bench.
 */
int	 sample_bdpm(const struct sample_geo *, uint64_t seed, int full,
	     const char *dir, char **cause);

#endif
