/* SPDX-License-Identifier: ISC */
/*
 * `mediflux update`: fetches the catalogue's current files and imports them
 * all or nothing, keeping no raw file (doc/guide.md, "Updating from the
 * publishers").
 */
#ifndef MEDIFLUX_UPDATE_H
#define MEDIFLUX_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "import.h"

struct update_options {
	const char	 *target;	/* the reference database to update */
	const char	 *geography;	/* where a new target's geography comes from */
	const char	 *sources;	/* the catalogue file */
	char *const	 *datasets;	/* catalogue entries to update; all when none */
	int		  ndatasets;
	const int	 *years;	/* --years; all when none */
	size_t		  nyears;
	int		  dry_run;	/* only say what would be fetched */
	int		  progress;
};

enum update_state {
	UPDATE_PLANNED,		/* --dry-run */
	UPDATE_FETCHED,
	UPDATE_UP_TO_DATE,	/* the server answered 304 */
	UPDATE_NO_IMPORTER,	/* in the catalogue, but mediflux cannot load it yet */
};

struct update_file {
	char			*source;
	char			*url;
	char			*name;
	int			 year;
	int64_t			 size;	/* published, or received; -1 unknown */
	enum update_state	 state;
	int			 requests;
};

struct update_report {
	struct update_file	*files;
	size_t			 nfiles;
	int			 requests;	/* catalogue requests included */
	int			 imported;	/* import holds a report */
	struct import_report	 import;
};

/* Plans, fetches and imports; on failure the database is untouched. */
int	update_run(const struct update_options *, struct update_report *,
	    char **cause);
void	update_report_free(struct update_report *);

/*
 * A file's state in English, as --json says it; marked N_() for people's
 * tables.
 */
const char *update_state_name(enum update_state);

#endif
