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
#include "number.h"
#include "out.h"
#include "refdb.h"
#include "utf8.h"
#include "xmalloc.h"

static const struct cmd_option export_options[] = {
	{ "postgres", NULL, "a psql script (PostgreSQL's COPY format)" },
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
		return cmd_usage_error(e, "say which format: --postgres "
		    "(PostgreSQL) is the only one so far");
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
		cause = xasprintf("%s: %s", to_stdout ? "standard output" : file,
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
		out_printf(stdout, "Reference database %s exported to %s for "
		    "PostgreSQL: %d tables, %lld rows%s; %d left out (see its "
		    "header)\n",
		    shown, clean, st.tables, (long long)st.rows,
		    st.sample ? ", SAMPLE data" : "", st.left_out);
		free(clean);
		free(shown);
	}
	free(path);
	return 0;
}

const struct cmd_entry cmd_export_entry = {
	"export", "export --postgres [FILE]",
	"write the reference database as a psql script",
	"With --postgres, writes the reference database as a script that psql\n"
	"loads into an empty PostgreSQL database in one transaction:\n"
	"  psql -X -v ON_ERROR_STOP=1 -f FILE\n"
	"Every table goes into the schema mediflux, its rows through COPY, with\n"
	"its keys and indexes; mediflux.export_info says where the data comes\n"
	"from and whether it is SAMPLE data. What SQLite alone has (the\n"
	"full-text index, its statistics) is left out and listed in the script's\n"
	"header. FILE appears complete or not at all; without FILE, or with -,\n"
	"the script goes to standard output. SOURCE_DATE_EPOCH, when set, is\n"
	"the export time the script states.",
	0, 0, 1, export_exec, export_options,
};
