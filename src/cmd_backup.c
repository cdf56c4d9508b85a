/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_user.h"
#include "dbfile.h"
#include "i18n.h"
#include "out.h"
#include "xmalloc.h"

/* The database a backup or restore works on: the reference one, or with --user yours. */
static char *
backup_target(struct cmd_context *ctx, int flags, enum db_kind *kind)
{
	enum path_origin origin;

	*kind = (flags & CMD_OPT_USER) ? DB_KIND_USER : DB_KIND_REFERENCE;
	if (*kind == DB_KIND_USER)
		return cmd_userdb_path(ctx, &origin);
	return cmd_refdb_path(ctx, &origin);
}

/* Runs backup or restore (told apart by the entry) on the database chosen. */
static int
backup_restore_exec(struct cmd_context *ctx, const struct cmd_entry *e,
    char **args, int nargs, int flags)
{
	int restore = strcmp(e->name, "restore") == 0;
	enum db_kind kind;
	sqlite3 *udb = NULL;
	char *db, *cause = NULL;
	int rc;

	(void)nargs;
	if ((db = backup_target(ctx, flags, &kind)) == NULL)
		return 1;
	if (restore)
		rc = dbfile_restore(args[0], kind, db, &cause);
	else if (kind == DB_KIND_USER && access(db, F_OK) == 0 &&
	    (udb = cmd_user_open(ctx, &cause)) == NULL)
		rc = -1;	/* the history's pending entries go in the copy too */
	else {
		sqlite3_close(udb);
		rc = dbfile_backup(db, kind, args[0], &cause);
	}
	if (rc != 0) {
		cmd_fail(cause);
		free(cause);
	} else if (kind == DB_KIND_USER)
		out_printf(stdout, restore ?
		    _("User database %s restored from %s\n") :
		    _("User database %s backed up to %s\n"), db, args[0]);
	else
		out_printf(stdout, restore ?
		    _("Reference database %s restored from %s\n") :
		    _("Reference database %s backed up to %s\n"), db, args[0]);
	free(db);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_backup_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"backup", NC_("usage", "backup [--user] FILE"),
	N_("copy a database to FILE, consistent while others read"),
	N_("Writes a copy of the reference database (or, with --user, of "
	"your own\n"
	"database) to FILE with SQLite's online backup: the copy is consistent\n"
	"even while other users browse. FILE appears complete or not at all."),
	CMD_OPT_USER, 1, 1, backup_restore_exec, NULL,
};

const struct cmd_entry cmd_restore_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"restore", NC_("usage", "restore [--user] FILE"),
	N_("replace a database with a backup, after checking it"),
	N_("Checks that FILE is a mediflux database of the right kind, of "
	"a schema\n"
	"this program reads, passes SQLite's quick_check, and holds exactly the\n"
	"schema mediflux creates (no trigger, view, table or index of its own);\n"
	"then replaces the reference database (or, with --user, yours) with it\n"
	"in one atomic step. A bad FILE changes nothing. Programs that have the\n"
	"old reference database open keep reading it until they restart."),
	CMD_OPT_USER, 1, 1, backup_restore_exec, NULL,
};
