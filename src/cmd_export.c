/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "dbfile.h"
#include "export_postgres.h"
#include "i18n.h"
#include "number.h"
#include "out.h"
#include "refdb.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

static const struct cmd_option export_options[] = {
	{ "postgres", NULL, N_("a psql script (PostgreSQL's COPY format)") },
	{ NULL, NULL, NULL },
};

/*
 * The time the header states: now, or SOURCE_DATE_EPOCH when set, so that two
 * exports of the same database can be compared byte for byte.
 */
static time_t
export_time(void)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	int64_t v;

	if (env != NULL && number_parse_int(env, &v) == 0 && v >= 0)
		return (time_t)v;
	return time(NULL);
}

/* Fails with the cause, naming the database the export read when it does not. */
static int
export_fail(const char *db, char *cause, int prefix)
{
	char *msg = prefix ? xasprintf("%s: %s", db, cause) : xstrdup(cause);

	cmd_fail(msg);
	free(msg);
	free(cause);
	return 1;
}

/*
 * What an export to a file says when done: where, how much, what was left out.
 */
static void
export_print_summary(const char *db, const char *file,
    const struct export_pg_stats *st)
{
	char *tables, *rows, *left, count[32];

	tables = xasprintf(ngettext("%d table", "%d tables",
	    (unsigned long)st->tables), st->tables);
	/* TRANSLATORS: the count has the language's digit groups (741 761). */
	rows = xasprintf(ngettext("%s row", "%s rows",
	    (unsigned long)st->rows), texttable_int(st->rows, count));
	left = xasprintf(ngettext("%d left out", "%d left out",
	    (unsigned long)st->left_out), st->left_out);
	/*
	 * TRANSLATORS: "Reference database DB exported to FILE for PostgreSQL:
	 * 30 tables, 1 000 rows; 2 left out (see its header)".
	 */
	out_printf(stdout, st->sample ? _("Reference database %s exported to "
	    "%s for PostgreSQL: %s, %s, SAMPLE data; %s (see its header)\n") :
	    _("Reference database %s exported to %s for PostgreSQL: %s, %s; %s "
	    "(see its header)\n"), db, file, tables, rows, left);
	free(tables);
	free(rows);
	free(left);
}

static int
export_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct export_pg_options o;
	struct export_pg_stats st;
	struct dbfile_atomic a;
	enum path_origin origin;
	const char *file = nargs > 0 ? args[0] : "-";
	int to_stdout = strcmp(file, "-") == 0;
	char *path, *cause = NULL, *clean, *shown, *real;
	sqlite3 *db;
	mode_t mask;
	FILE *out;
	int rc;

	(void)flags;
	if (ctx->option[0] == NULL)
		return cmd_usage_error(e, _("say which format: --postgres "
		    "(PostgreSQL) is the only one so far"));
	if ((path = cmd_refdb_path(ctx, &origin)) == NULL)
		return 1;
	if (refdb_open(path, &db, &cause) != 0) {
		free(path);
		return export_fail(NULL, cause, 0);
	}
	if (to_stdout)
		out = stdout;
	else {
		if (dbfile_atomic_open(&a, file, &cause) != 0) {
			sqlite3_close(db);
			free(path);
			return export_fail(NULL, cause, 0);
		}
		/* Reference data is public: the file is made as any other would be. */
		mask = umask(022);
		umask(mask);
		if (fchmod(fileno(a.f), 0666 & ~mask) != 0) {
			cause = xasprintf("%s: %s", file, strerror(errno));
			dbfile_atomic_abort(&a);
			sqlite3_close(db);
			free(path);
			return export_fail(NULL, cause, 0);
		}
		out = a.f;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 16);
	o.version = PACKAGE_VERSION;
	/* The header names the source wherever the script is read. */
	o.source = (real = realpath(path, NULL)) != NULL ? real : path;
	o.exported_at = export_time();
	rc = export_postgres_write(db, out, &o, &st, &cause);
	sqlite3_close(db);
	free(real);
	if (rc != 0) {
		if (!to_stdout)
			dbfile_atomic_abort(&a);
		rc = export_fail(path, cause, 1);
		free(path);
		return rc;
	}
	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		cause = xasprintf("%s: %s",
		    to_stdout ? _("standard output") : file,
		    strerror(errno != 0 ? errno : st.write_errno != 0 ?
		    st.write_errno : EIO));
		if (!to_stdout)
			dbfile_atomic_abort(&a);
		free(path);
		return export_fail(NULL, cause, 0);
	}
	if (!to_stdout) {
		if (dbfile_atomic_commit(&a, &cause) != 0) {
			free(path);
			return export_fail(NULL, cause, 0);
		}
		clean = utf8_sanitize(file);
		shown = utf8_sanitize(path);
		export_print_summary(shown, clean, &st);
		free(clean);
		free(shown);
	}
	free(path);
	return 0;
}

const struct cmd_entry cmd_export_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"export", NC_("usage", "export --postgres [FILE]"),
	N_("write the reference database as a psql script"),
	N_("With --postgres, writes the reference database as a script "
	"that psql\n"
	"loads into an empty PostgreSQL database in one transaction:\n"
	"  psql -X -v ON_ERROR_STOP=1 -f FILE\n"
	"Every table goes into the schema mediflux, its rows through COPY, with\n"
	"its keys and indexes; mediflux.export_info says where the data comes\n"
	"from and whether it is SAMPLE data. What SQLite alone has (the\n"
	"full-text index, its statistics) is left out and listed in the script's\n"
	"header. FILE appears complete or not at all; without FILE, or with -,\n"
	"the script goes to standard output. SOURCE_DATE_EPOCH, when set, is\n"
	"the export time the script states."),
	0, 0, 1, export_exec, export_options,
};
