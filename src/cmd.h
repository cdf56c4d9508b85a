/* SPDX-License-Identifier: ISC */
/* The command line (DESIGN §5): one entry a command, dispatched from main. */
#ifndef MEDIFLUX_CMD_H
#define MEDIFLUX_CMD_H

#include <stdio.h>

#include <stdint.h>

#include <jansson.h>

#include "paths.h"

struct query_db;
struct query_sample;

#define EXIT_USAGE 2

#define CMD_MAX_OPTIONS 16

/*
 * An option of one command only: --name, with a value when arg is set; a
 * one-letter name is a short option, -n. help, as an entry's summary and
 * help, is English marked N_() and printed translated; "%s" in them stands
 * for the shared database's group (MEDIFLUX_SHARED_GROUP). arg is marked
 * NC_("placeholder", ...) and help shows it translated ("[KM]": the value
 * is optional); an entry's usage is marked NC_("usage", ...).
 */
struct cmd_option {
	const char	*name;
	const char	*arg;		/* placeholder shown in help, or NULL */
	const char	*help;
};

/* Options given before the command, which the command's own may override. */
struct cmd_context {
	const char	*db_option;
	const char	*user_db_option;
	/* The command's own options, by position in its entry: value, "" or NULL. */
	const char	*option[CMD_MAX_OPTIONS];
	/* Every value of each, in the order given, for an option given more than once. */
	const char	**values[CMD_MAX_OPTIONS];
	size_t		 nvalues[CMD_MAX_OPTIONS];
};

/* Which common options a command takes. */
#define CMD_OPT_JSON	0x1
#define CMD_OPT_USER	0x2

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "mediflux " */
	const char	*summary;	/* one line, for mediflux --help */
	const char	*help;		/* paragraphs for COMMAND --help */
	int		 options;	/* CMD_OPT_* */
	int		 min_args, max_args;
	int		(*exec)(struct cmd_context *, const struct cmd_entry *,
			    char **args, int nargs, int flags);
	const struct cmd_option *own;	/* NULL-terminated by name, or NULL */
};

extern const struct cmd_entry *const cmd_table[];

const struct cmd_entry	*cmd_find(const char *);

/* Parses a command's options and runs it; returns the exit status. */
int			 cmd_run(struct cmd_context *, const struct cmd_entry *,
			     int argc, char **argv);

/* Prints the program's usage (mediflux --help). */
void			 cmd_print_usage(FILE *);

/* Reports a runtime error on stderr and returns 1. */
int			 cmd_fail(const char *cause);

/* Resolves the databases as DESIGN §4 says; NULL with a message printed on failure. */
char			*cmd_refdb_path(const struct cmd_context *, enum path_origin *);
char			*cmd_userdb_path(const struct cmd_context *, enum path_origin *);
/* cmd_userdb_path with the failure in *cause, for callers that only warn. */
char			*cmd_userdb_locate(const struct cmd_context *,
			    enum path_origin *, char **cause);

/*
 * Reads the whole number of option --name into *out; on a value that is not
 * one from min to max, prints a usage error and returns EXIT_USAGE.
 */
int			 cmd_option_int(const struct cmd_entry *, const char *name,
			     const char *value, int min, int max, int *out);

/*
 * The day the costs are worked out for: --date's value (NULL: today, in
 * local time) into day; on a value that is no YYYY-MM-DD, prints a usage
 * error and returns EXIT_USAGE.
 */
int			 cmd_option_day(const struct cmd_entry *, const char *value,
			     char day[11]);

/* Prints a usage error for the command and returns EXIT_USAGE. */
int			 cmd_usage_error(const struct cmd_entry *, const char *what);

/* Opens the reference database for a query command; NULL with a message printed. */
struct query_db		*cmd_query_open(const struct cmd_context *);

/*
 * Says first, in plain output, that an answer is made of sample data and
 * which datasets are: nothing when it is all published data.
 */
void			 cmd_print_sample(const struct query_sample *);

/* Prints a JSON document on stdout (indented, keys in insertion order) and frees it. */
void			 cmd_json_print(json_t *);

/*
 * Records one query in the user's history (src/cmd_history.c): pane and
 * command name it, params (a JSON object, stolen) holds the options given.
 * A failure is reported as a warning on stderr and never changes the
 * command's exit status: the user asked for results, not for history.
 */
void			 cmd_history_record(const struct cmd_context *,
			     const char *pane, const char *command, json_t *params,
			     int64_t result_count, double duration_ms);

/*
 * Where import, update and rollback write (what says which, for messages),
 * with the user's data directory made if needed and the shared database's
 * permission checked; NULL with a message printed.
 */
char			*cmd_import_target(const struct path_env *, int shared,
			     const char *what);

struct import_report;
/* What an import left on purpose and did not understand, on stdout, sanitised. */
void			 cmd_import_print_entries(const struct import_report *);
/* The same three lists as --json members not_used, not_recognised and warnings. */
void			 cmd_import_json_entries(json_t *, const struct import_report *);
/* The rows an import set aside, as warnings on stderr, sanitised. */
void			 cmd_import_print_warnings(const struct import_report *);

extern const struct cmd_entry cmd_search_entry;
extern const struct cmd_entry cmd_hospital_entry;
extern const struct cmd_entry cmd_regions_entry;
extern const struct cmd_entry cmd_meds_entry;
extern const struct cmd_entry cmd_drug_entry;
extern const struct cmd_entry cmd_ordonnance_entry;
extern const struct cmd_entry cmd_profile_entry;
extern const struct cmd_entry cmd_history_entry;
extern const struct cmd_entry cmd_health_entry;
extern const struct cmd_entry cmd_backup_entry;
extern const struct cmd_entry cmd_restore_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_rollback_entry;
extern const struct cmd_entry cmd_consolidate_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_update_entry;

#endif
