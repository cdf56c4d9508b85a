/* SPDX-License-Identifier: ISC */
/*
 * Builds a reference database holding the INSEE geography, for `make`:
 *   mkrefdb -o data/mediflux.db --year 2026 --source "..." DIR
 * The file appears only when complete (written beside it, then renamed).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "geo.h"
#include "refdb.h"
#include "xmalloc.h"

static int
mkrefdb_build(const char *tmp, const char *dir, const struct geo_info *info,
    char **cause)
{
	sqlite3 *db = NULL;
	int rc = -1;

	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    NULL) != SQLITE_OK) {
		error_set(cause, "%s: %s", tmp, sqlite3_errmsg(db));
		goto out;
	}
	if (db_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF",
	    cause) != 0 ||
	    refdb_create_schema(db, cause) != 0 ||
	    db_exec(db, "BEGIN", cause) != 0 ||
	    geo_load_dir(db, dir, info, cause) != 0 ||
	    db_exec(db, "COMMIT; ANALYZE; PRAGMA journal_mode = DELETE", cause) != 0)
		goto out;
	rc = 0;
out:
	if (sqlite3_close(db) != SQLITE_OK && rc == 0)
		rc = error_set(cause, "%s: close failed", tmp);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "source", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct geo_info info = { 0, NULL };
	const char *out = NULL;
	char *tmp, *cause = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'y':
			info.year = atoi(optarg);
			break;
		case 's':
			info.source = optarg;
			break;
		default:
			return 2;
		}
	}
	if (out == NULL || info.source == NULL || optind != argc - 1) {
		fprintf(stderr, "usage: mkrefdb -o OUT --year YEAR --source TEXT DIR\n");
		return 2;
	}
	tmp = xasprintf("%s.tmp", out);
	unlink(tmp);
	if (mkrefdb_build(tmp, argv[optind], &info, &cause) != 0 ||
	    rename(tmp, out) != 0) {
		fprintf(stderr, "mkrefdb: %s\n", cause != NULL ? cause : out);
		unlink(tmp);
		free(cause);
		free(tmp);
		return 1;
	}
	free(tmp);
	return 0;
}
