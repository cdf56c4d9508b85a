/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
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
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
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
