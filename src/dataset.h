/* SPDX-License-Identifier: ISC */
/* Provenance: one row for each file loaded into the reference database. */
#ifndef MEDIFLUX_DATASET_H
#define MEDIFLUX_DATASET_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct dataset_record {
	int64_t	 id;
	char	*kind;
	int	 year;		/* 0 when the data has no year */
	char	*source;
	char	*file_name;
	int64_t	 file_size;
	char	 sha256[65];
	int64_t	 rows_read;
	int64_t	 rows_kept;
	int64_t	 rows_rejected;
	char	*control_totals;	/* JSON object */
	char	*imported_at;		/* ISO 8601, UTC */
	int	 sample;
	/* Where `mediflux update` fetched the file (all NULL for a local import). */
	char	*url;
	char	*retrieved_at;		/* ISO 8601, UTC */
	char	*etag;
	char	*last_modified;		/* as the server said it (HTTP date) */
};

/* A downloaded file's origin, for its datasets' provenance. */
struct dataset_origin {
	const char	*url;
	const char	*retrieved_at;
	const char	*etag;
	const char	*last_modified;
};

/*
 * The totals an SAE year's provenance records as its file gives them
 * (control_totals file_totals and set_aside_totals), which health
 * reconciles with what is stored; in this order, shared by both.
 */
#define DATASET_SAE_NTOTALS 6
extern const char *const dataset_sae_totals[DATASET_SAE_NTOTALS];

int	 dataset_insert(sqlite3 *, const struct dataset_record *, char **cause);
int	 dataset_list(sqlite3 *, struct dataset_record **, size_t *, char **cause);
void	 dataset_list_free(struct dataset_record *, size_t);

/* Current UTC time as ISO 8601, or SOURCE_DATE_EPOCH's for reproducible builds. */
char	*dataset_timestamp_now(void);

/*
 * What the database holds as a whole: whether any dataset is sample data (the
 * first screen's hint; an answer's own flag is struct query_sample's), and
 * the latest year of the datasets other than the reference geography (0: none).
 */
int	 dataset_summary(sqlite3 *, int *sample, int *year, char **cause);

#endif
