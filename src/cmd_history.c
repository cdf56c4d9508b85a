/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "cmd_user.h"
#include "history.h"
#include "history_pending.h"
#include "i18n.h"
#include "out.h"
#include "paths.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

#define HISTORY_DEFAULT_LIMIT 50

enum { HISTORY_OPT_LIMIT };

static const struct cmd_option history_options[] = {
	{ "limit", NC_("placeholder", "N"),
	    N_("show at most N entries, newest first (default 50)") },
	{ NULL, NULL, NULL },
};

/* Reads a whole positive number; -1 when text is anything else. */
static int64_t
history_parse_number(const char *text, int64_t max)
{
	long long v;
	char *end;

	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (*end != '\0' || errno != 0 || v < 1 || v > max)
		return -1;
	return v;
}

static void
history_print_text(const struct history_list *l)
{
	static const char *const head[5] = {
		N_("id"), N_("when"), N_("command"), N_("results"), N_("ms"),
	};
	struct texttable *t;
	const char *cells[5];
	char id[32], when[32], count[32], ms[48];
	char *line;
	size_t i;

	if (l->n == 0) {
		fputs(_("No history yet.\n"), stdout);
		return;
	}
	t = texttable_new(5);
	texttable_align_right(t, 0);
	texttable_align_right(t, 3);
	texttable_align_right(t, 4);
	for (i = 0; i < 5; i++)
		cells[i] = _(head[i]);
	texttable_add(t, cells);
	for (i = 0; i < l->n; i++) {
		const struct history_entry *e = &l->entries[i];

		snprintf(id, sizeof id, "%lld", (long long)e->id);
		line = history_describe(e);
		cells[0] = id;
		cells[1] = history_local_time(e, when);
		cells[2] = line;
		cells[3] = e->result_count >= 0 ?
		    texttable_int(e->result_count, count) : "";
		/* The History pane's figure, in the language's decimals. */
		cells[4] = e->duration_ms >= 0 ?
		    texttable_decimal(e->duration_ms, 1, ms) : "";
		texttable_add(t, cells);
		free(line);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
}

static void
history_print_json(const struct history_list *l)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(list, history_entry_json(&l->entries[i]));
	cmd_json_print(json_pack("{s:o}", "entries", list));
}

static int
history_show(sqlite3 *udb, size_t limit, int json)
{
	struct history_list l;
	char *cause = NULL;

	if (history_list(udb, NULL, limit, &l, &cause) != 0)
		return cmd_user_fail(cause);
	if (json)
		history_print_json(&l);
	else
		history_print_text(&l);
	history_list_free(&l);
	return 0;
}

static int
history_delete_one(sqlite3 *udb, int64_t id)
{
	char *cause = NULL;
	int rc;

	if ((rc = history_delete(udb, id, &cause)) < 0)
		return cmd_user_fail(cause);
	if (rc == 0)
		return cmd_user_fail(xasprintf(_("history: no entry %lld"),
		    (long long)id));
	printf(_("Deleted history entry %lld\n"), (long long)id);
	return 0;
}

static int
history_clear_all(sqlite3 *udb)
{
	char *cause = NULL;
	int64_t n;

	if (history_clear(udb, &n, &cause) != 0)
		return cmd_user_fail(cause);
	printf(ngettext("Deleted %lld history entry\n",
	    "Deleted %lld history entries\n", (unsigned long)n), (long long)n);
	return 0;
}

static int
history_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	const char *limit_text = ctx->option[HISTORY_OPT_LIMIT];
	int64_t limit = HISTORY_DEFAULT_LIMIT, id = 0;
	sqlite3 *udb;
	char *cause = NULL;
	int rc;

	/* Everything is checked before the user database is opened. */
	if (nargs > 0 && (limit_text != NULL || (flags & CMD_OPT_JSON)))
		return cmd_user_usage(e, "%s", _("--limit and --json go with "
		    "the list only"));
	if (nargs == 0 && limit_text != NULL &&
	    (limit = history_parse_number(limit_text, 1000000)) < 0)
		return cmd_user_usage(e, _("--limit wants a whole number from "
		    "%d to %d"), 1, 1000000);
	if (nargs > 0 && strcmp(args[0], "delete") == 0) {
		if (nargs != 2)
			return cmd_user_usage(e, "%s", _("delete wants one "
			    "entry id"));
		if ((id = history_parse_number(args[1], INT64_MAX)) < 0)
			return cmd_user_usage(e, "%s", _("an entry id is a "
			    "whole number, as 'mediflux history' shows"));
	} else if (nargs > 0 && strcmp(args[0], "clear") == 0) {
		if (nargs != 1)
			return cmd_user_usage(e, "%s", _("clear takes no "
			    "argument"));
	} else if (nargs > 0)
		return cmd_user_usage(e, "%s", _("unknown action (delete or "
		    "clear)"));

	if ((udb = cmd_user_open(ctx, &cause)) == NULL)
		return cmd_user_fail(cause);
	if (nargs == 0)
		rc = history_show(udb, (size_t)limit, flags & CMD_OPT_JSON);
	else if (id > 0)
		rc = history_delete_one(udb, id);
	else
		rc = history_clear_all(udb);
	sqlite3_close(udb);
	return rc;
}

const struct cmd_entry cmd_history_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"history", NC_("usage", "history [--limit N] [--json] | delete ID | "
	    "clear"),
	N_("your searches, newest first; delete one or clear them all"),
	N_("Lists what you searched and browsed, newest first: id, "
	"local time,\n"
	"the command with its parameters, how many results, how long it took.\n"
	"'history delete ID' deletes one entry, 'history clear' all of them.\n"
	"Entries older than preferences.history_days (365) or beyond the\n"
	"newest preferences.history_max (10000) are deleted when the history\n"
	"is next opened; see 'mediflux profile'."),
	CMD_OPT_JSON, 0, 2, history_exec, history_options,
};

/*
 * Records a command's query in the user's history: appended to the pending
 * entries beside the database (history_pending.h), which costs a command a
 * few system calls where opening the database cost more than most queries;
 * the next to open the database moves it in. An entry too long for a line
 * goes to the database itself.
 */
void
cmd_history_record(const struct cmd_context *ctx, const char *pane,
    const char *command, json_t *params, int64_t result_count,
    double duration_ms)
{
	enum path_origin origin;
	sqlite3 *udb = NULL;
	char *path, *cause = NULL;
	int rc = -1;

	if ((path = cmd_userdb_locate(ctx, &origin, &cause)) != NULL)
		rc = history_pending_append(path, origin == PATH_XDG, pane,
		    command, params, result_count, duration_ms, &cause);
	free(path);
	if (rc == 1 && ((udb = cmd_user_open(ctx, &cause)) == NULL ||
	    history_record(udb, pane, command, params, result_count,
	    duration_ms, &cause) != 0))
		rc = -1;
	if (rc < 0) {
		out_printf(stderr, _("mediflux: warning: not recorded in your "
		    "history: %s\n"), cause != NULL ? cause : _("unknown error"));
		free(cause);
	}
	sqlite3_close(udb);
	json_decref(params);
}
