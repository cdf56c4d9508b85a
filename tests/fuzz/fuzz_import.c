/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fuzz.h"
#include "fuzz_import.h"
#include "progress.h"
#include "xmalloc.h"

/* More entries than this in one input only slows the fuzzer down. */
#define FUZZ_IMPORT_MAX_ENTRIES 4

static sqlite3 *fuzz_import_db;

int
fuzz_import_initialize(int *argc, char ***argv)
{
	(void)argc;
	fuzz_import_db = fuzz_geography_open((*argv)[0]);
	return 0;
}

/* Fails loudly on what the harness itself needs to work. */
static void
fuzz_import_exec(const char *sql)
{
	char *cause = NULL;

	if (db_exec(fuzz_import_db, sql, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", sql, cause);
		abort();
	}
}

/* Reads one entry as import_entry does; 0 when used or not recognised, -1 on error. */
static int
fuzz_import_entry(struct import_job *job, const struct import_kind *kind,
    const struct fuzz_import_layout *layouts, size_t nlayouts,
    const uint8_t *data, size_t size)
{
	const struct fuzz_import_layout *l = NULL;
	struct csv_reader *r;
	struct fuzz_mem m;
	uint8_t *text;
	char *name, *cause = NULL;
	size_t hlen = 0;
	int rc;

	if (size == 0)
		return 0;
	if ((data[0] & 0x80) == 0) {
		l = &layouts[data[0] % nlayouts];
		hlen = strlen(l->header) + 1;
	}
	text = xmalloc(hlen + size);
	if (l != NULL) {
		memcpy(text, l->header, hlen - 1);
		text[hlen - 1] = '\n';
	}
	memcpy(text + hlen, data + 1, size - 1);
	memset(&m, 0, sizeof m);
	m.data = text;
	m.size = hlen + size - 1;
	m.chunk = data[0] & 0x40 ? 7 : 0;
	job->file_name = job->path = l != NULL ? l->file_name : layouts[0].file_name;
	name = xasprintf("%s: %s", job->path, l != NULL ? l->entry : layouts[0].entry);
	r = csv_reader_new(name, fuzz_mem_read, &m);
	free(name);
	if ((rc = csv_reader_next(r, &cause)) == 1) {
		rc = 0;
		if (kind->detect(r))
			rc = kind->read(job, r, l != NULL ? l->entry :
			    layouts[0].entry, &cause);
	} else if (rc == 0)
		rc = error_set(&cause, "%s: line 1: empty file", csv_reader_name(r));
	/* Every refusal must say where: the file's name, then what. */
	if (rc != 0 && (cause == NULL || strstr(cause, ": ") == NULL)) {
		fprintf(stderr, "an error that names nothing: %s\n",
		    cause != NULL ? cause : "(none)");
		abort();
	}
	free(cause);
	csv_reader_free(r);
	free(text);
	return rc;
}

int
fuzz_import_run(const struct import_kind *kind,
    const struct fuzz_import_layout *layouts, size_t nlayouts,
    const uint8_t *data, size_t size)
{
	static const struct import_options options;
	struct import_report report;
	struct import_file file;
	struct import_job job;
	const uint8_t *end = data + size, *next;
	size_t slen = strlen(FUZZ_IMPORT_SPLIT);
	char *cause = NULL;
	int i, rc = 0;

	memset(&report, 0, sizeof report);
	memset(&job, 0, sizeof job);
	job.db = fuzz_import_db;
	job.options = &options;
	job.report = &report;
	job.progress = progress_new(0);
	job.file_size = (int64_t)size;
	memset(job.sha256, '0', sizeof job.sha256 - 1);
	memset(&file, 0, sizeof file);
	file.name = (char *)layouts[0].file_name;
	file.size = job.file_size;
	memcpy(file.sha256, job.sha256, sizeof file.sha256);
	job.files = &file;
	job.nfiles = 1;
	fuzz_import_exec("BEGIN");
	for (i = 0; i < FUZZ_IMPORT_MAX_ENTRIES && data < end && rc == 0; i++) {
		next = memmem(data, (size_t)(end - data), FUZZ_IMPORT_SPLIT, slen);
		if (next == NULL)
			next = end;
		rc = fuzz_import_entry(&job, kind, layouts, nlayouts, data,
		    (size_t)(next - data));
		data = next == end ? end : next + slen;
	}
	if (rc == 0) {
		for (i = 0; i < IMPORT_NKINDS; i++) {
			if (job.state[i] != NULL && kind->finish != NULL &&
			    kind->finish(&job, job.state[i], &cause) != 0)
				rc = -1;
		}
	}
	if (rc == 0 && import_metrics_rebuild(job.db, &cause) != 0)
		rc = -1;
	/* What the import checks once committed, here before the rollback. */
	if (rc == 0 && import_checks_run(&job, job.db, &cause) != 0) {
		fprintf(stderr, "a deferred check failed: %s\n", cause);
		abort();
	}
	import_checks_free(&job);
	free(cause);
	for (i = 0; i < IMPORT_NKINDS; i++) {
		if (job.state[i] != NULL && kind->free != NULL)
			kind->free(job.state[i]);
	}
	fuzz_import_exec("ROLLBACK");
	import_report_free(&report);
	progress_free(job.progress);
	return 0;
}
