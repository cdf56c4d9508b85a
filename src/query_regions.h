/* SPDX-License-Identifier: ISC */
/* Regional metrics: every region or département of one year, sortable by any metric. */
#ifndef MEDIFLUX_QUERY_REGIONS_H
#define MEDIFLUX_QUERY_REGIONS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "query.h"

enum region_level {
	REGION_LEVEL_REGION,
	REGION_LEVEL_DEPARTEMENT,
};

enum region_metric {
	REGION_POPULATION,
	REGION_ESTABLISHMENTS,
	REGION_BEDS_MCO,
	REGION_PLACES_MCO,
	REGION_BEDS_PER_100K,
	REGION_ER_PASSAGES,
	REGION_ER_PER_1000,
	REGION_DOCTORS,
	REGION_DOCTORS_PER_100K,
	REGION_BOXES,
	REGION_REIMBURSED,
	REGION_BOXES_PER_INHABITANT,
	REGION_REIMBURSED_PER_INHABITANT,
	REGION_NMETRICS
};

/* Sorting by code or name rather than by a metric. */
#define REGION_SORT_CODE	(-1)
#define REGION_SORT_NAME	(-2)

/* How a metric is named, shown and stored. */
struct region_metric_info {
	const char	*name;		/* JSON key and --sort value */
	const char	*header;	/* short column header, N_(): show _(header) */
	const char	*label;		/* what it is, N_(): show _(label) */
	int		 decimals;	/* 0 for counts */
};

extern const struct region_metric_info region_metrics[REGION_NMETRICS];

struct region_row {
	char	*code;
	char	*name;
	double	 value[REGION_NMETRICS];
	unsigned present;		/* bit per metric; absent is "not declared" */
	int64_t	 reimbursed_cents;
	int64_t	 meds_population;	/* the population per-inhabitant figures use */
	char	*meds_basis;		/* e.g. "93: 93,94" (BEN_REG and its regions) */
};

struct region_query {
	enum region_level level;
	int		 year;		/* 0: the latest with hospital or medication figures */
	int		 sort;		/* a metric, REGION_SORT_CODE or REGION_SORT_NAME */
	int		 descending;
};

struct region_table {
	enum region_level level;
	int		 year;
	int		*years;		/* every year with metrics, ascending */
	size_t		 nyears;
	struct region_row *rows;
	size_t		 nrows;
	/* The datasets of the year and level shown: SAE, DREES, Open Medic. */
	struct query_sample sample;
};

/* Fills *out with the rows of one level and year, sorted; -1 with *cause on failure. */
int		 region_table_get(struct query_db *, const struct region_query *,
		     struct region_table **out, char **cause);
void		 region_table_free(struct region_table *);

/* Sorts again, without querying (the terminal interface's column sort). */
void		 region_table_sort(struct region_table *, int sort, int descending);

/* The metric of a --sort name, REGION_SORT_CODE/NAME for "code"/"name", or -3. */
int		 region_sort_from_name(const char *);
const char	*region_level_name(enum region_level);

/* The rows as JSON, in the envelope every query result shares. */
json_t		*region_table_to_json(const struct query_db *,
		     const struct region_table *);

#endif
