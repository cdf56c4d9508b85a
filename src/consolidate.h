/* SPDX-License-Identifier: ISC */
/*
 * `mediflux consolidate`: the databases of earlier mediflux versions and the
 * tables of the Python prototype, merged into one new reference database
 * (and per-user databases), inputs never modified.
 */
#ifndef MEDIFLUX_CONSOLIDATE_H
#define MEDIFLUX_CONSOLIDATE_H

#include <stddef.h>
#include <stdint.h>

struct consolidate_options {
	const char	*out;		/* must not exist */
	const char	*users_dir;	/* NULL: OUT.users */
	const char	*geography;	/* where OUT's geography comes from */
};

/* What became of one table of an input. */
struct consolidate_table {
	char	*name;
	char	*action;	/* carried, derived, geography, left out... */
	int64_t	 rows;		/* in the input */
	int64_t	 kept;
	int64_t	 left_out;
	char	*reason;	/* why rows were left out, or NULL */
};

struct consolidate_input {
	char			*file;
	char			*kind;		/* reference, user, prototype */
	int			 schema_version;
	struct consolidate_table *tables;
	size_t			 ntables;
};

struct consolidate_count {
	char	*name;
	int64_t	 rows;
};

/* One user database written. */
struct consolidate_user {
	char	*id;		/* sanitised: the file's name without .db */
	char	*file;
	int64_t	 profile_keys;	/* top-level keys of the profile written */
	int64_t	 history;	/* entries written */
	char	*left_unset;	/* profile keys not carried, comma-separated, or NULL */
};

struct consolidate_report {
	struct consolidate_input *inputs;
	size_t			 ninputs;
	char			*out;
	int			 sample;
	struct consolidate_count *tables;	/* OUT's tables, by name */
	size_t			 ntables;
	char		       **notes;		/* superseded datasets, rows not carried */
	size_t			 nnotes;
	char			*users_dir;
	struct consolidate_user	*users;		/* by id */
	size_t			 nusers;
};

/*
 * Writes options->out from the inputs (a temporary file beside it, renamed
 * at the end); on failure nothing is left and the report is empty.
 */
int	consolidate_run(const struct consolidate_options *, char **inputs,
	    int ninputs, struct consolidate_report *, char **cause);
void	consolidate_report_free(struct consolidate_report *);

#endif
