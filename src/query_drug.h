/* SPDX-License-Identifier: ISC */
/*
 * Medicines from the BDPM: finding a speciality by brand name, substance,
 * CIS or CIP13, and its fiche (what it is, its presentations with price and
 * reimbursement, generic group, HAS opinions, prescribing conditions,
 * shortages, safety notices, Open Medic volumes), with what one box costs
 * the user (src/cost.c).
 */
#ifndef MEDIFLUX_QUERY_DRUG_H
#define MEDIFLUX_QUERY_DRUG_H

#include <stdint.h>

#include <jansson.h>

#include "cost.h"
#include "query.h"

#define DRUG_LIMIT_DEFAULT 50

/* One speciality found. */
struct drug_match {
	char	 cis[9];
	char	*name;
	char	*holders;
	char	*marketed;
	int	 presentations;
	int	 reimbursed;	/* presentations with a reimbursement rate */
};

struct drug_results {
	char			*key;		/* the folded words looked for */
	struct drug_match	*rows;
	size_t			 nrows;
	int64_t			 total;		/* before the limit */
	struct query_sample	 sample;
};

/*
 * Finds specialities: 13 digits a CIP13, 8 digits a CIS, else words, each
 * the start of a word of the name or of a substance, in any order, case and
 * accents ignored. Those whose name starts with the words come first, then
 * by name. limit 0 lists them all. 0, or -1 with *cause.
 */
int	drug_search(struct query_db *, const char *query, int limit,
	    struct drug_results **, char **cause);
void	drug_results_free(struct drug_results *);
json_t	*drug_results_to_json(const struct query_db *,
	    const struct drug_results *);

/* Open Medic figures of a presentation for one year. */
struct drug_year {
	int	 year;
	int64_t	 boxes;
	int64_t	 reimbursed_cents;
};

struct drug_presentation {
	char			*cip13;
	char			*label;
	char			*status;
	char			*marketing;
	char			*marketing_date;
	char			*rates;		/* as published, or NULL */
	int			 rate_pct;	/* -1: not reimbursed */
	int64_t			 price_cents;	/* -1: no price published */
	int64_t			 price_fee_cents;
	int64_t			 fee_cents;
	struct drug_year	*years;		/* oldest first */
	size_t			 nyears;
	int			 has_cost;
	struct cost_result	 cost;		/* when has_cost */
};

struct drug_substance {
	char	*name;
	char	*dosage;
	char	*reference;
	char	*nature;	/* SA, FT, ST */
};

struct drug_opinion {
	char	*kind;		/* SMR or ASMR */
	char	*date;
	char	*value;
	char	*motive;
	char	*label;
	char	*url;		/* the HAS's page, or NULL */
};

struct drug_availability {
	int	 code;		/* 1 rupture, 2 tension, 3 arrêt, 4 remise */
	char	*status;
	char	*cip13;		/* NULL: every presentation */
	char	*start;
	char	*updated;
	char	*back;
	char	*url;
};

struct drug_notice {
	char	*start;
	char	*end;
	char	*text;
	char	*url;
};

struct drug_detail {
	char			 cis[9];
	char			*name;		/* NULL when only CIS_CIP has the CIS */
	char			*form;
	char			*routes;
	char			*holders;
	char			*amm_status;
	char			*amm_procedure;
	char			*amm_date;
	char			*marketed;
	char			*bdm_status;
	char			*eu_number;
	int			 surveillance;	/* -1 not said */
	char			*mitm_atc;	/* of major therapeutic interest, or NULL */
	struct drug_substance	*substances;
	size_t			 nsubstances;
	struct drug_presentation *presentations;
	size_t			 npresentations;
	char			*focus;		/* the CIP13 asked for, or NULL */
	/* Generic group, when the speciality is in one. */
	int			 group_id;	/* 0: none */
	char			*group_label;
	int			 group_type;	/* 0 princeps, 1 generic, 2, 4 */
	char			*reference_cis;	/* the group's princeps */
	char			*reference_name;
	char			*cheapest_cip13;	/* of the group, by price with fee */
	char			*cheapest_name;
	int64_t			 cheapest_price_fee_cents;
	struct drug_opinion	*opinions;	/* newest first */
	size_t			 nopinions;
	char			**conditions;
	size_t			 nconditions;
	struct drug_availability *availability;
	size_t			 navailability;
	struct drug_notice	*notices;	/* newest first */
	size_t			 nnotices;
	struct query_sample	 sample;
};

/*
 * The fiche of a speciality by CIS, or of the speciality of a presentation
 * by CIP13 (focus set): 0, 1 when there is none, -1 with *cause.
 */
int	drug_detail_get(struct query_db *, const char *code,
	    struct drug_detail **, char **cause);
void	drug_detail_free(struct drug_detail *);

/*
 * Computes what a box of each reimbursable presentation costs the person
 * (src/cost.c); presentations without a price are left without a cost.
 */
int	drug_detail_cost(struct drug_detail *, const struct cost_rules *,
	    const struct cost_person *, char **cause);

/* The fiche as JSON, in the query envelope; person NULL when no cost was computed. */
json_t	*drug_detail_to_json(const struct query_db *, const struct drug_detail *,
	    const struct cost_person *);

#endif
