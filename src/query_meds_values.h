/* SPDX-License-Identifier: ISC */
/*
 * The values each medication filter takes in one year of Open Medic, with
 * their labels: what the terminal interface's filter keys step through.
 */
#ifndef MEDIFLUX_QUERY_MEDS_VALUES_H
#define MEDIFLUX_QUERY_MEDS_VALUES_H

#include <stddef.h>

#include "query.h"

/* The filters of a medication query, in the order people step through them. */
enum meds_dimension {
	MEDS_DIM_REGION,	/* BEN_REG */
	MEDS_DIM_AGE,
	MEDS_DIM_SEX,
	MEDS_DIM_PRESCRIBER,	/* med_prescriber_group */
};

struct meds_value {
	int	 code;
	char	*label;
};

struct meds_values {
	struct meds_value *values;	/* by code, ascending */
	size_t		 n;
};

/*
 * Fills *out with the values a dimension takes in year's data (every
 * BEN_REG published, the age bands...); -1 with *cause on failure.
 */
/*
 * The label of a code of the lists mediflux writes (age, sex, prescriber
 * groups), in the interface's language; NULL for a code it does not know,
 * whose label is the reference database's.
 */
const char *meds_code_label(enum meds_dimension, int code);

int	meds_values_get(struct query_db *, int year, enum meds_dimension,
	    struct meds_values *out, char **cause);
void	meds_values_free(struct meds_values *);

#endif
