/* SPDX-License-Identifier: ISC */
/* What the parts of consolidate share (src/consolidate*.c). */
#ifndef MEDIFLUX_CONSOLIDATE_INT_H
#define MEDIFLUX_CONSOLIDATE_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "consolidate.h"

enum cons_kind { CONS_REFERENCE, CONS_USER, CONS_PROTOTYPE };

/* The data tables of a reference database whose rows are carried. */
enum { CONS_T_ESTABLISHMENT, CONS_T_SAE, CONS_T_PROFESSIONAL, CONS_T_MED_FACT,
    /* The BDPM's, one dataset each whose kind is the table's name. */
    CONS_T_BDPM_CIS, CONS_T_BDPM_CIP, CONS_T_BDPM_COMPO, CONS_T_BDPM_GENER,
    CONS_T_BDPM_CPD, CONS_T_BDPM_SMR, CONS_T_BDPM_ASMR, CONS_T_BDPM_LINK,
    CONS_T_BDPM_INFO, CONS_T_BDPM_DISPO, CONS_T_BDPM_MITM,
    /* What each SAE site does, carried with its year's dataset. */
    CONS_T_SAE_ACTIVITY, CONS_T_N };

struct cons_input {
	const char		*path;
	const char		*name;		/* basename, for provenance */
	sqlite3			*db;		/* read-only, or a migrated copy */
	enum cons_kind		 kind;
	int			 version;
	int64_t			 size;
	char			 sha256[65];
	int64_t			 kept[CONS_T_N];
	struct consolidate_input *report;
};

/* A dataset of a reference input. */
struct cons_dataset {
	size_t	 input;
	int64_t	 old_id, new_id;
	char	*kind;
	int	 year;
	char	*imported_at;
	int	 sample;
	int	 winner;
	size_t	 superseded_by;
};

struct cons {
	const struct consolidate_options *options;
	struct consolidate_report	*report;
	sqlite3				*db;	/* OUT's copy */
	struct cons_input		*inputs;
	size_t				 ninputs;
	struct cons_dataset		*datasets;
	size_t				 ndatasets;
	int				 sample;
};

/* Adds a line to the report's notes. */
void	cons_note(struct cons *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Adds a table to an input's report. */
struct consolidate_table *cons_table(struct cons_input *, const char *name,
	    const char *action, int64_t rows);
/* Gives a table's line a reason; a second one follows the first, joined in the language. */
void	cons_table_reason(struct consolidate_table *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Runs select on src (?1 bound to arg when it has a parameter) and insert on
 * OUT for each row, its columns bound in order and extra after them when
 * insert has one more parameter; counts rows read and rows inserted.
 */
int	cons_copy(struct cons *, sqlite3 *src, const char *select, int64_t arg,
	    const char *insert, int64_t extra, int64_t *read, int64_t *copied,
	    char **cause);

/* The prototype inputs' tables into OUT (src/consolidate_proto.c). */
int	cons_prototype_inputs(struct cons *, char **cause);

/* Per-user data into one user database per user id (src/consolidate_users.c). */
int	cons_user_outputs(struct cons *, char **cause);

#endif
