/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "med_cube.h"
#include "pathology.h"
#include "query_meds.h"
#include "xmalloc.h"

/* The classes of the profile's pathologies, each once, and the line naming them. */
static size_t
meds_mine_classes(const json_t *profile, const char ***out, char **line)
{
	const struct pathology *path;
	const char *const *prefix;
	const char **atc = NULL;
	char *more, *classes;
	json_t *v;
	size_t i, j, n = 0;

	*line = xstrdup("");
	json_array_foreach(json_object_get(profile, "pathologies"), i, v) {
		if (json_string_value(v) == NULL ||
		    (path = pathology_find(json_string_value(v))) == NULL)
			continue;
		classes = xstrdup("");
		for (prefix = path->atc; *prefix != NULL; prefix++) {
			more = xasprintf("%s%s%s", classes, *classes != '\0' ?
			    " " : "", *prefix);
			free(classes);
			classes = more;
			for (j = 0; j < n && strcmp(atc[j], *prefix) != 0; j++)
				;
			if (j == n) {
				atc = xreallocarray(atc, n + 1, sizeof *atc);
				atc[n++] = *prefix;
			}
		}
		more = xasprintf("%s%s%s → %s", *line, **line != '\0' ? " ; " :
		    "", path->name, classes);
		free(*line);
		free(classes);
		*line = more;
	}
	*out = atc;
	return n;
}

/* One class's row: its volumes under the filters, its share of every class's amount. */
static int
meds_mine_row(struct query_db *q, struct meds_query *mq, const char *atc,
    const struct meds_result *all, struct meds_row *row, char **cause)
{
	struct meds_result *r;

	snprintf(mq->atc, sizeof mq->atc, "%s", atc);
	mq->by = 0;
	if (meds_query_run(q, mq, &r, cause) != 0)
		return -1;
	row->code = xstrdup(atc);
	row->label = xstrdup(r->total_rows == 0 ? _("(no data)") :
	    r->atc_label != NULL ? r->atc_label : "");
	row->rows = r->total_rows;
	row->boxes = r->total_boxes;
	row->reimbursed_cents = r->total_reimbursed_cents;
	row->base_cents = r->total_base_cents;
	row->has = r->total_rows == 0 ? 0 :
	    MED_HAS_BOXES | MED_HAS_REM | MED_HAS_BSE;
	if (all->total_reimbursed_cents != 0)
		row->share = (double)row->reimbursed_cents /
		    (double)all->total_reimbursed_cents;
	if (all->total_boxes != 0)
		row->share_boxes = (double)row->boxes / (double)all->total_boxes;
	meds_result_free(r);
	return 0;
}

int
meds_mine_run(struct query_db *q, const struct meds_query *filters,
    const json_t *profile, struct meds_result **out, char **line,
    char **cause)
{
	struct meds_query mq = *filters;
	struct meds_result *all = NULL;
	struct meds_row *rows = NULL;
	const char **atc;
	size_t i, n;

	*out = NULL;
	if ((n = meds_mine_classes(profile, &atc, line)) == 0) {
		free(*line);
		*line = NULL;
		return 1;
	}
	/* One snapshot: an import switching the database meanwhile is not half seen. */
	if (query_db_begin(q, cause) != 0)
		goto fail;
	mq.atc[0] = '\0';
	mq.by = 1;
	mq.top = 0;
	if (meds_query_run(q, &mq, &all, cause) != 0)
		goto fail_end;
	rows = xcalloc(n, sizeof *rows);
	for (i = 0; i < n; i++) {
		if (meds_mine_row(q, &mq, atc[i], all, &rows[i], cause) != 0) {
			meds_rows_free(rows, i);
			goto fail_end;
		}
	}
	query_db_end(q);
	free(atc);
	/* The classes replace the ATC1 rows; the totals stay every class's. */
	meds_rows_free(all->rows, all->nrows);
	all->rows = rows;
	all->nrows = all->nall = n;
	*out = all;
	return 0;
fail_end:
	query_db_end(q);
fail:
	meds_result_free(all);
	free(atc);
	free(*line);
	*line = NULL;
	return -1;
}
