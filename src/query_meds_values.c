/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "query_meds_values.h"
#include "xmalloc.h"

/* The values of one dimension in one year, labelled from its code list. */
static const char *const meds_values_sql[] = {
	[MEDS_DIM_REGION] = "SELECT v.value, m.label FROM med_value v"
	    " LEFT JOIN med_region m ON m.code = v.value"
	    " WHERE v.year = ?1 AND v.dimension = 'region' ORDER BY v.value",
	[MEDS_DIM_AGE] = "SELECT v.value, c.label FROM med_value v"
	    " LEFT JOIN med_code c ON c.dimension = 'age' AND c.code = v.value"
	    " WHERE v.year = ?1 AND v.dimension = 'age' ORDER BY v.value",
	[MEDS_DIM_SEX] = "SELECT v.value, c.label FROM med_value v"
	    " LEFT JOIN med_code c ON c.dimension = 'sex' AND c.code = v.value"
	    " WHERE v.year = ?1 AND v.dimension = 'sex' ORDER BY v.value",
	[MEDS_DIM_PRESCRIBER] = "SELECT v.value, g.label FROM med_value v"
	    " LEFT JOIN med_prescriber_group g ON g.code = v.value"
	    " WHERE v.year = ?1 AND v.dimension = 'prescriber'"
	    " ORDER BY v.value",
};

/*
 * The labels of the code lists mediflux writes itself (Open Medic's
 * descriptif for age and sex, its own grouping of prescribers), in the
 * interface's language; what the reference database stores is the French.
 */
static const struct meds_code_label {
	enum meds_dimension	 dim;
	int			 code;
	const char		*label;
} meds_code_labels[] = {
	{ MEDS_DIM_AGE, 0, N_("0-19 years") },
	{ MEDS_DIM_AGE, 20, N_("20-59 years") },
	{ MEDS_DIM_AGE, 60, N_("60 and over") },
	{ MEDS_DIM_AGE, 99, N_("Age unknown") },
	{ MEDS_DIM_SEX, 1, N_("Male") },
	{ MEDS_DIM_SEX, 2, N_("Female") },
	{ MEDS_DIM_SEX, 9, NC_("sex", "Unknown") },
	{ MEDS_DIM_PRESCRIBER, 1, N_("Self-employed general practitioners") },
	{ MEDS_DIM_PRESCRIBER, 2, N_("Self-employed specialist doctors") },
	{ MEDS_DIM_PRESCRIBER, 3, N_("Self-employed dental surgeons") },
	{ MEDS_DIM_PRESCRIBER, 4,
	    N_("Salaried prescribers (mostly public hospitals)") },
	{ MEDS_DIM_PRESCRIBER, 5, N_("Prescribers in town other than doctors") },
	{ MEDS_DIM_PRESCRIBER, 6, N_("Prescriber unknown") },
};

const char *
meds_code_label(enum meds_dimension dim, int code)
{
	size_t i;

	for (i = 0; i < sizeof meds_code_labels / sizeof meds_code_labels[0];
	    i++)
		if (meds_code_labels[i].dim == dim &&
		    meds_code_labels[i].code == code)
			return dim == MEDS_DIM_SEX && code == 9 ?
			    C_("sex", meds_code_labels[i].label) :
			    _(meds_code_labels[i].label);
	return NULL;
}

int
meds_values_get(struct query_db *q, int year, enum meds_dimension dim,
    struct meds_values *out, char **cause)
{
	sqlite3_stmt *st;
	struct meds_value *v;
	char *why = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = query_db_statement(q, meds_values_sql[dim], cause)) == NULL)
		return -1;
	sqlite3_bind_int(st, 1, year);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		out->values = xreallocarray(out->values, out->n + 1,
		    sizeof *out->values);
		v = &out->values[out->n++];
		v->code = sqlite3_column_int(st, 0);
		if (meds_code_label(dim, v->code) != NULL)
			v->label = xstrdup(meds_code_label(dim, v->code));
		else if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			v->label = xstrdup((const char *)
			    sqlite3_column_text(st, 1));
		else
			v->label = xasprintf("%d", v->code);
	}
	sqlite3_reset(st);
	if (rc != DB_DONE) {
		meds_values_free(out);
		error_set(cause, "med_value: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

void
meds_values_free(struct meds_values *mv)
{
	size_t i;

	for (i = 0; i < mv->n; i++)
		free(mv->values[i].label);
	free(mv->values);
	mv->values = NULL;
	mv->n = 0;
}
