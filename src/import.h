/* SPDX-License-Identifier: ISC */
/*
 * `mediflux import`: published files into the reference database, all or
 * nothing (doc/import.md).
 */
#ifndef MEDIFLUX_IMPORT_H
#define MEDIFLUX_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

struct import_options {
	const char	*target;	/* the reference database to update */
	const char	*geography;	/* where a new target's geography comes from */
	int		 year;		/* --year: for Open Medic files not named by year */
	int		 sample;	/* mark the datasets as sample data */
	int		 progress;	/* report progress on stderr */
	/*
	 * Per FILE, or NULL: the name shown in messages and recorded as its
	 * file_name instead of the path's basename (a download's), and where
	 * it was fetched from.
	 */
	const char *const		*names;
	const struct dataset_origin	*origins;
};

struct import_report {
	struct dataset_record	*datasets;	/* what was loaded, in order */
	size_t			 ndatasets;
	char		       **not_used;	/* "file: entry (why)": known, not read */
	size_t			 nnot_used;
	char		       **not_recognised;	/* "file: entry": content not known */
	size_t			 nnot_recognised;
	char		       **warnings;	/* rows set aside, with where and why */
	size_t			 nwarnings;
	int			 created;	/* the target did not exist */
	int64_t			 duration_ms;
};

/*
 * Loads every file into a copy of the target, checks it, then switches files;
 * on failure the report is left empty.
 */
int	import_run(const struct import_options *, char **files, int nfiles,
	    struct import_report *, char **cause);
void	import_report_free(struct import_report *);

#endif
