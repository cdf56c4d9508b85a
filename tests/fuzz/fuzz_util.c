/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "refdb.h"
#include "xmalloc.h"

ssize_t
fuzz_mem_read(void *arg, char *buf, size_t size, char **cause)
{
	struct fuzz_mem *m = arg;
	size_t n = m->size - m->pos;

	(void)cause;
	if (n > size)
		n = size;
	if (m->chunk != 0 && n > m->chunk)
		n = m->chunk;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

/* Where the build tree keeps the geography, seen from tests/fuzz/<program>. */
static char *
fuzz_geography_path(const char *argv0)
{
	const char *env = getenv("MEDIFLUX_FUZZ_GEOGRAPHY"), *slash;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	slash = argv0 != NULL ? strrchr(argv0, '/') : NULL;
	if (slash == NULL)
		return xstrdup("../../data/geography.db");
	return xasprintf("%.*s/../../data/geography.db", (int)(slash - argv0), argv0);
}

sqlite3 *
fuzz_geography_open(const char *argv0)
{
	sqlite3 *file = NULL, *db = NULL;
	sqlite3_backup *b;
	char *path = fuzz_geography_path(argv0), *cause = NULL;

	if (sqlite3_open_v2(path, &file, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    (b = sqlite3_backup_init(db, "main", file, "main")) == NULL) {
		fprintf(stderr, "%s: %s (set MEDIFLUX_FUZZ_GEOGRAPHY to the build "
		    "tree's data/geography.db)\n", path,
		    sqlite3_errmsg(db != NULL ? db : file));
		exit(1);
	}
	if (sqlite3_backup_step(b, -1) != SQLITE_DONE) {
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_backup_finish(b);
	sqlite3_close(file);
	if (refdb_migrate(db, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", path, cause);
		exit(1);
	}
	free(path);
	return db;
}
