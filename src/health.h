/* SPDX-License-Identifier: ISC */
/* `mediflux health` and the Données screen: integrity, counts, sizes, provenance. */
#ifndef MEDIFLUX_HEALTH_H
#define MEDIFLUX_HEALTH_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "paths.h"

struct health_table {
	char	*name;
	int64_t	 rows;
};

/* What was found of one database file. */
struct health_db {
	char			*path;
	enum path_origin	 origin;
	int			 present;
	/* Could not be opened or read, or its schema is not mediflux's. */
	char			*error;
	int64_t			 size_bytes;	/* the file and its WAL */
	unsigned		 mode;		/* permission bits */
	int			 schema_version;
	char			*quick_check;	/* "ok" or the first problem */
	double			 check_ms;
	struct health_table	*tables;
	size_t			 ntables;
};

struct health_place {
	char	*code;
	char	*name;
	int64_t	 population;
	int	 has_population;
};

/* One Open Medic year: its facts, and how many aggregate levels fail to add up to them. */
struct health_meds {
	int	 year;
	int64_t	 rows, boxes, reimbursed_cents, base_cents;
	int	 mismatches;	/* of the five ATC levels and the product totals */
};

/* The totals an SAE year reconciles: as stored, and as its file gave them. */
struct health_sae {
	int	 year;
	int	 reconciled;	/* the dataset records its file's totals */
	int	 mismatches;
	int64_t	 rows_set_aside;
	struct {
		const char	*name;
		int64_t		 stored, file, aside;
	} totals[DATASET_SAE_NTOTALS];
	json_t	*er_types;	/* passages by kind of unit, as published */
};

struct health_report {
	struct health_db	 ref;
	struct health_db	 user;
	struct dataset_record	*datasets;
	size_t			 ndatasets;
	int			 sample;
	int64_t			 population;	/* of all communes */
	struct health_place	*regions;
	size_t			 nregions;
	struct health_place	*largest;	/* the most populous communes */
	size_t			 nlargest;
	/* Regions and départements whose population is not the sum of their communes'. */
	int64_t			 population_mismatches;
	/* Open Medic years, checked only when health_collect runs its checks. */
	struct health_meds	*meds;
	size_t			 nmeds;
	int			 meds_checked;
	/* SAE years, reconciled with their files' totals when checking. */
	struct health_sae	*sae;
	size_t			 nsae;
};

/* A database to look at: where it is, and a connection if the caller has one open. */
struct health_source {
	const char		*path;
	enum path_origin	 origin;
	sqlite3			*db;
};

/*
 * Looks at both databases (the user database only if it exists: health never
 * creates it); problems with the files are reported inside the report. With
 * check set, runs quick_check, which reads every page (skipped by screens that
 * must open fast).
 */
void	 health_collect(struct health_report *, const struct health_source *ref,
	     const struct health_source *user, int check);
void	 health_free(struct health_report *);

/* Whether everything checked is fine (the exit status of `mediflux health`). */
int	 health_ok(const struct health_report *);

json_t	*health_to_json(const struct health_report *);

#endif
