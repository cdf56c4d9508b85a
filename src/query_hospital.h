/* SPDX-License-Identifier: ISC */
/*
 * Hospitals: the establishments of a city, postcode or département
 * (query_search.c), and everything known of one establishment
 * (query_hospital.c), for the command line and the Hôpitaux pane alike.
 */
#ifndef MEDIFLUX_QUERY_HOSPITAL_H
#define MEDIFLUX_QUERY_HOSPITAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "query.h"

/* How many results the command line lists unless told (--limit). */
#define HOSPITAL_SEARCH_LIMIT	20

/* How far --near looks unless told, and at most, in km. */
#define HOSPITAL_NEAR_KM	30
#define HOSPITAL_NEAR_MAX_KM	1000

/* The longest search text taken, in bytes. */
#define HOSPITAL_QUERY_MAX	200

/* A figure the source left empty: not declared, which is not 0. */
#define HOSPITAL_UNKNOWN	(-1)

/* What a search text was read as. */
enum hospital_query_kind {
	HOSPITAL_QUERY_EMPTY,		/* nothing but spaces and punctuation */
	HOSPITAL_QUERY_CITY,		/* words of a place name, each a prefix */
	HOSPITAL_QUERY_POSTCODE,	/* five digits, or the first one to four */
	HOSPITAL_QUERY_DEPARTEMENT,	/* a département code: 42, 2A, 974 */
};

/* How well an establishment's place matched: results come in this order. */
enum hospital_match {
	HOSPITAL_MATCH_EXACT,	/* the words name the whole place: "sai eti" */
	HOSPITAL_MATCH_PREFIX,	/* the place's name starts with them */
	HOSPITAL_MATCH_WORD,	/* they start a later word of its name */
	HOSPITAL_MATCH_AREA,	/* in the postcode or département asked for */
	HOSPITAL_MATCH_NEAR,	/* within --near's distance of the place */
};

/* One establishment in a list: what the search shows and every row in JSON carries. */
struct hospital_row {
	char			*finess;
	char			*name;
	char			*category;		/* label as published */
	char			*category_code;
	char			*category_group_code;
	char			*city;			/* as FINESS spells it */
	char			*postal_code;
	char			*commune_code;		/* INSEE */
	char			*departement;		/* INSEE code */
	char			*departement_name;
	char			*region;		/* INSEE code */
	char			*region_name;
	enum hospital_match	 match;
	double			 distance_km;	/* from the --near place; -1 not asked */
};

/* Where --near measured from: a commune or arrondissement, and how it was chosen. */
struct hospital_near {
	int	 km;		/* the radius */
	char	*code;		/* INSEE code of the place */
	char	*name;
	char	*departement;
	char	*how;		/* "place", "chef-lieu", "most populous of N", ... */
	double	 latitude, longitude;
};

struct hospital_results {
	enum hospital_query_kind kind;
	char			*query;		/* as given, sanitised (utf8_sanitize) */
	char			*key;		/* folded words, postcode or département code */
	char			*place;		/* the département's name, or NULL */
	int			 limit;		/* 0: every result */
	int			 all;		/* every kind of establishment */
	int64_t			 total;		/* matches of the kinds asked for */
	int64_t			 total_all;	/* of every kind; -1 with --near when some asked are listed (not counted) */
	char			*with;		/* --with as read: "maternity:3,icu", or NULL */
	int			 with_year;	/* the SAE year --with looked at */
	int64_t			 without_activity; /* of the kinds asked for, left out by --with */
	struct hospital_near	*near;		/* --near's centre, or NULL */
	struct hospital_row	*rows;
	size_t			 nrows;
	/* The FINESS datasets of the rows listed (searched, when none is). */
	struct query_sample	 sample;
};

/*
 * Finds the establishments of a city (accents, case, hyphens and "st"
 * ignored; each word a prefix), a postcode (exact, CEDEX included, or a
 * prefix) or a département code; only hospitals and clinics (FINESS group
 * 11xx) unless all is set. At most limit rows (0: all), best place match
 * first, then CHR/CHU, then other hospitals, then by name. An empty query
 * gives kind HOSPITAL_QUERY_EMPTY and no rows, which is not an error.
 */
int	 hospital_search(struct query_db *, const char *query, int limit, int all,
	     struct hospital_results **, char **cause);
/*
 * The same, keeping only the sites that do every activity of with (a
 * measure at least its minimum) in the latest SAE year loaded.
 */
struct sae_condition;
int	 hospital_search_with(struct query_db *, const char *query, int limit,
	     int all, const struct sae_condition *with, size_t nwith,
	     struct hospital_results **, char **cause);
/*
 * The same around a place: every site within near_km of the commune the
 * query names (a commune or arrondissement as location_find reads it, the
 * most populous when several; a département's chef-lieu; the most populous
 * place of a postcode prefix), nearest first, with its distance on the
 * ellipsoid. Read from the R*Tree of positions: sites without a position
 * are not found.
 */
int	 hospital_search_near(struct query_db *, const char *query, int limit,
	     int all, const struct sae_condition *with, size_t nwith,
	     int near_km, struct hospital_results **, char **cause);
void	 hospital_results_free(struct hospital_results *);

/* The five-digit postcodes a prefix of one to five digits starts: lo to hi. */
void	 hospital_postcode_range(const char *prefix, char lo[6], char hi[6]);

/* A centre whose geography gives no position (latitude and longitude NULL). */
#define HOSPITAL_NEAR_NO_POSITION	(-999.0)

/*
 * The centre of r's query (src/query_near.c): 0 and *out, or -1 with
 * *cause naming what was typed when no place is found or it has no position.
 */
int	 hospital_near_resolve(struct query_db *,
	     const struct hospital_results *r, int km,
	     struct hospital_near **out, char **cause);
void	 hospital_near_free(struct hospital_near *);
/* "Vienne (38)" */
char	*hospital_near_label(const struct hospital_near *);
json_t	*hospital_near_to_json(const struct hospital_near *);

const char	*hospital_query_kind_name(enum hospital_query_kind);
const char	*hospital_match_name(enum hospital_match);

/* The search as JSON: the envelope, then query, kind, counts and results. */
json_t	*hospital_results_to_json(const struct query_db *,
	     const struct hospital_results *);
/* One row's keys (finess, name, category, city, ...) added to an object. */
void	 hospital_row_to_json(const struct hospital_row *, json_t *);

/* Where a figure comes from: the dataset it was imported with. */
struct hospital_source {
	char	*kind;
	int	 year;
	char	*file_name;
	char	*sha256;
	char	*imported_at;
	int	 sample;
};

/* One year of SAE figures of a site; HOSPITAL_UNKNOWN where not declared. */
struct hospital_year {
	int			 year;
	int64_t			 beds_mco;
	int64_t			 places_mco;
	int64_t			 stays_full_mco;
	int64_t			 stays_partial_mco;
	int64_t			 er_passages_general;
	int64_t			 er_passages_paediatric;
	int64_t			 er_passages_other;	/* units beyond GEN, PED */
	int64_t			 er_authorised;		/* 1, 0 or unknown */
	char			*beds_source;		/* SYGEN or MCO */
	struct hospital_source	 source;
};

/* An SAE figure of a year, in the order shown, for every front end. */
struct hospital_figure {
	const char	*key;		/* in JSON */
	const char	*label;		/* marked N_(): translate it to show it */
	size_t		 offset;	/* of its int64_t in struct hospital_year */
	int		 yes_no;	/* 1 or 0 rather than a count */
	int		 optional;	/* shown only when a year declares it */
};

#define HOSPITAL_NFIGURES	8
extern const struct hospital_figure hospital_figures[HOSPITAL_NFIGURES];

/* Whether a screen shows a figure: always, unless optional and never declared. */
int	 hospital_figure_shown(const struct hospital_year *, size_t nyears,
	     const struct hospital_figure *);

/* The value of one figure of a year (HOSPITAL_UNKNOWN when not declared). */
int64_t	 hospital_year_value(const struct hospital_year *,
	     const struct hospital_figure *);

/* A figure of the site beside its département's and region's (HOSPITAL_UNKNOWN when not known). */
struct hospital_share {
	const char	*key;		/* in JSON: beds_mco */
	const char	*label;		/* Passages aux urgences */
	const char	*short_label;	/* Urgences, where room is short */
	int64_t		 site, departement, region;
};

#define HOSPITAL_NSHARES	3

/* Everything known of one establishment. */
struct hospital_detail {
	struct hospital_row	 row;
	char			*finess_ej;
	char			*long_name;
	char			*name_extra;
	char			*category_group;	/* label */
	char			*siret;
	char			*ape;
	char			*mft_code;		/* how its prices are set */
	char			*mft_label;
	char			*sph_code;		/* its public-service status */
	char			*sph_label;
	char			*opened;		/* YYYY-MM-DD */
	char			*authorised;
	char			*updated;
	char			*address;
	char			*address_extra;		/* BP, lieu-dit */
	char			*commune_name;		/* from the reference, or NULL */
	int			 commune_known;
	char			*finess_departement;	/* as published: 9A, 2A ... */
	char			*phone;
	char			*fax;
	int			 has_coordinates;
	double			 coord_x, coord_y;	/* projected, in coord_epsg */
	int			 coord_epsg;
	char			*coord_source;
	char			*coord_updated;
	struct hospital_source	 source;
	struct hospital_year	*years;			/* oldest first */
	size_t			 nyears;
	/* nyears rows of sae_nmeasures activity figures (hospital_activity.h). */
	int64_t			*activity;
	/* Its weight in its territory in its latest SAE year (hospital_context.h). */
	int			 context_year;		/* 0: none */
	struct hospital_share	 context[HOSPITAL_NSHARES];
	struct query_sample	 sample;		/* of its sources */
};

/*
 * Returns the FINESS number text spells (two characters for the département,
 * digits or 2A/2B, then seven digits; spaces around it allowed) as stored,
 * 2A and 2B in capitals; NULL when it is not one.
 */
char	*hospital_finess_parse(const char *text);

/*
 * Reads one establishment and its SAE years. Returns 0 and *out, 1 when no
 * establishment has that number or it is not one (*out NULL), -1 with *cause
 * on failure.
 */
int	 hospital_detail_get(struct query_db *, const char *finess,
	     struct hospital_detail **out, char **cause);
void	 hospital_detail_free(struct hospital_detail *);
json_t	*hospital_detail_to_json(const struct query_db *,
	     const struct hospital_detail *);

/*
 * Reading result columns into the structs above, shared by the search and
 * the detail: a text column goes to the char * at offset in the struct,
 * under key in JSON.
 */
struct hospital_text_field {
	const char	*key;
	size_t		 offset;
};

/* Copies the text columns from column first on (NULL stays NULL). */
void	 hospital_text_fields_read(const struct hospital_text_field *, size_t,
	     void *, sqlite3_stmt *, int first);
void	 hospital_text_fields_json(const struct hospital_text_field *, size_t,
	     const void *, json_t *);
void	 hospital_text_fields_free(const struct hospital_text_field *, size_t,
	     void *);

/* Reads a row (HOSPITAL_ROW_COLUMNS) from column first on. */
void	 hospital_row_read(struct hospital_row *, sqlite3_stmt *, int first);
void	 hospital_row_clear(struct hospital_row *);

/*
 * The columns hospital_row_read expects, from establishment e, departement d
 * and region r.
 */
#define HOSPITAL_ROW_COLUMNS \
	"e.finess, e.name, e.category_label, e.category_code," \
	" e.category_group_code, e.city, e.postal_code, e.commune_code," \
	" e.departement, d.name, e.region, r.name"
#define HOSPITAL_ROW_NCOLUMNS	12
#define HOSPITAL_ROW_JOINS \
	" LEFT JOIN departement d ON d.code = e.departement" \
	" LEFT JOIN region r ON r.code = e.region"

#endif
