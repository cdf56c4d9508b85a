/* SPDX-License-Identifier: ISC */
/*
 * Medication volumes (Open Medic): boxes, amounts reimbursed and their base
 * by ATC level or by product, under an ATC prefix, filtered by year, region,
 * age band, sex and prescriber group, read from med_total's primary key.
 */
#ifndef MEDIFLUX_QUERY_MEDS_H
#define MEDIFLUX_QUERY_MEDS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "query.h"

/* A filter left open: every value counts. */
#define MEDS_ANY	(-100)

/* What the rows are: ATC levels 1 to 5, or products. */
#define MEDS_BY_PRODUCT	6

enum meds_sort {
	MEDS_SORT_REIMBURSED,
	MEDS_SORT_BOXES,
	MEDS_SORT_BASE,
	MEDS_SORT_CODE,
};

struct meds_query {
	int		year;		/* 0: the latest */
	char		atc[8];		/* ATC prefix, upper case; "" for all */
	int		by;		/* 1-5 or MEDS_BY_PRODUCT; 0: the level below atc */
	int		region;		/* BEN_REG or MEDS_ANY (all of France) */
	int		age;		/* 0, 20, 60, 99 or MEDS_ANY */
	int		sex;		/* 1, 2, 9 or MEDS_ANY */
	int		prescriber;	/* med_prescriber_group code or MEDS_ANY */
	int		top;		/* 0: every row */
	enum meds_sort	sort;
	int		ascending;
	int		pathologies;	/* the rows: the profile's pathologies' classes */
};

struct meds_row {
	char	*code;		/* ATC code ("" for none at that level) or CIP13 */
	char	*label;		/* as published, or ours translated: "(no data)" */
	char	*atc;		/* a product's deepest ATC code; NULL for ATC rows */
	int64_t	 rows;		/* published rows summed */
	int64_t	 boxes, reimbursed_cents, base_cents;
	int	 has;		/* MED_HAS_*: which measures some row declared */
	double	 share;		/* of the amount reimbursed of every row listed */
	double	 share_boxes;
};

/* One filter as chosen, with its label. */
struct meds_filter {
	int	 code;		/* MEDS_ANY when open */
	char	*label;		/* as published; translated when open */
};

struct meds_result {
	int		 year;
	int		*years;		/* every Open Medic year, ascending */
	size_t		 nyears;
	int		 by;
	char		*atc;		/* the prefix */
	char		*atc_label;	/* its label when it is a whole code */
	struct meds_filter region, age, sex, prescriber;
	struct meds_row	*rows;		/* sorted, cut to top */
	size_t		 nrows;
	size_t		 nall;		/* rows before the cut */
	int64_t		 total_rows, total_boxes, total_reimbursed_cents,
			 total_base_cents;
	struct query_sample sample;	/* the Open Medic year's dataset */
};

/* Sets a query to its defaults: latest year, all of France, ATC1, by amount. */
void		 meds_query_init(struct meds_query *);

/* Runs a query; -1 with *cause naming what is wrong (unknown year, bad prefix). */
int		 meds_query_run(struct query_db *, const struct meds_query *,
		     struct meds_result **out, char **cause);
void		 meds_result_free(struct meds_result *);
void		 meds_rows_free(struct meds_row *, size_t);

/*
 * "Mes pathologies": the ATC classes of the pathologies a profile document
 * names (each class once, in the profile's order: no limit on their number)
 * with the filters of mq (its atc, by and top set aside), in one read
 * transaction. The result is the ATC1 query of every class (year, filters,
 * totals) with the classes as its rows, each with its share of the total;
 * *line names them ("diabète → A10 ; asthme → R03"). 1 with *line set to
 * NULL when the profile names no pathology, -1 with *cause on failure.
 */
int		 meds_mine_run(struct query_db *, const struct meds_query *mq,
		     const json_t *profile, struct meds_result **out,
		     char **line, char **cause);
json_t		*meds_result_to_json(const struct query_db *,
		     const struct meds_result *);

/*
 * The ATC level an ATC prefix completes (0 for "", -1 when it is not the
 * beginning of an ATC code: letter, 2 digits, 2 letters, 2 digits).
 */
int		 meds_atc_level(const char *);

/* Readers of user input for the filters: the code, or -1 when unknown. */
int		 meds_age_from_name(const char *);
int		 meds_sex_from_name(const char *);
int		 meds_by_from_name(const char *);
const char	*meds_by_name(int);
int		 meds_sort_from_name(const char *);
int		 meds_prescriber_from_name(struct query_db *, const char *,
		     char **cause);

/*
 * The BEN_REG of a region given as an INSEE code or name ("94", "Corse",
 * "bretagne") or as a BEN_REG ("5"): Open Medic counts Corse with PACA and
 * the overseas regions together, which *note explains (NULL otherwise).
 */
int		 meds_region_from_name(struct query_db *, const char *,
		     int *ben_reg, char **note, char **cause);

#endif
