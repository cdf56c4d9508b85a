/* SPDX-License-Identifier: ISC */
/* What every unit test needs: cmocka and a few file helpers. */
#ifndef MEDIFLUX_UNIT_H
#define MEDIFLUX_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* A fresh private directory for one test (removed by the harness's tmp cleaning). */
static inline char *
unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if (asprintf(&dir, "%s/mediflux-unit-XXXXXX", base) < 0 ||
	    mkdtemp(dir) == NULL)
		fail_msg("mkdtemp");
	return dir;
}

static inline void
unit_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Reads a whole file; *len receives its size. */
static inline char *
unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Checks that path still holds exactly the bytes of before (from unit_read_file); frees before. */
static inline void
unit_assert_unchanged(const char *path, char *before, size_t len)
{
	size_t n;
	char *after = unit_read_file(path, &n);

	assert_int_equal(n, len);
	assert_memory_equal(before, after, len);
	free(before);
	free(after);
}

/* Checks that an error message says what it should. */
static inline void
unit_assert_says(const char *cause, const char *why)
{
	assert_non_null(cause);
	if (strstr(cause, why) == NULL)
		fail_msg("'%s' does not say '%s'", cause, why);
}

/* Runs a shell command (for cleaning up test directories). */
static inline void
unit_rm_rf(const char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
		free(cmd);
	}
}

#ifdef REFDB
#include "query.h"

/* The bundled sample database, for the tests of the queries. */
static inline struct query_db *
unit_open_refdb(void)
{
	struct query_db *q;
	char *cause = NULL;

	if ((q = query_db_open(REFDB, &cause)) == NULL)
		fail_msg("%s: %s", REFDB, cause);
	return q;
}
#endif

#endif
