#include "config.h"

#include <stdlib.h>

#include "dataset.h"
#include "query.h"
#include "refdb.h"
#include "xmalloc.h"

struct query_db *
query_db_open(const char *path, char **cause)
{
	struct query_db *q;
	sqlite3 *db;

	if (refdb_open(path, &db, cause) != 0)
		return NULL;
	q = xcalloc(1, sizeof *q);
	q->db = db;
	q->path = xstrdup(path);
	if (dataset_summary(db, &q->sample, &q->data_year, cause) != 0) {
		query_db_free(q);
		return NULL;
	}
	return q;
}

void
query_db_free(struct query_db *q)
{
	if (q == NULL)
		return;
	sqlite3_close(q->db);
	free(q->path);
	free(q);
}

json_t *
query_json_envelope(const struct query_db *q)
{
	return json_pack("{s:b, s:s}", "sample", q->sample, "database", q->path);
}
