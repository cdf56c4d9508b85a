/* SPDX-License-Identifier: ISC */
/* What the profile and history commands share: the user database and their usage errors. */
#ifndef MEDIFLUX_CMD_USER_H
#define MEDIFLUX_CMD_USER_H

#include <sqlite3.h>

#include <jansson.h>

#include "cmd.h"

/*
 * Opens the user database the options and environment designate, through
 * history_open (retention applied); NULL with *cause, printing nothing, so
 * that a caller may report it as an error or as a warning.
 */
sqlite3	*cmd_user_open(const struct cmd_context *, char **cause);

/* The user's profile, read from the user database and closed again; -1 with *cause. */
int	 cmd_user_profile(const struct cmd_context *, json_t **doc,
	     char **cause);

/* Reports a runtime error on stderr, sanitised for the terminal; frees cause and returns 1. */
int	 cmd_user_fail(char *cause);

/* Reports a usage error of a command on stderr, sanitised, and returns EXIT_USAGE. */
int	 cmd_user_usage(const struct cmd_entry *, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));

#endif
