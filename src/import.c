/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <nettle/sha2.h>

#include "archive_stream.h"
#include "clock.h"
#include "db.h"
#include "dynlib.h"
#include "import_digest.h"
#include "i18n.h"
#include "import_engine.h"
#include "progress.h"
#include "refdb_update.h"
#include "utf8.h"
#include "xmalloc.h"

/* The order in which a first record is offered: most specific first. */
static const struct import_kind *const import_kinds[IMPORT_NKINDS] = {
	[IMPORT_FINESS] = &import_finess_kind,
	[IMPORT_SAE] = &import_sae_kind,
	[IMPORT_OPENMEDIC] = &import_openmedic_kind,
	[IMPORT_DREES] = &import_drees_kind,
	[IMPORT_BDPM] = &import_bdpm_kind,
};

/* Longest value quoted in an error message. */
#define IMPORT_VALUE_MAX 40

int
import_record_error(char **cause, const struct csv_reader *r, const char *fmt, ...)
{
	va_list ap;
	char *why;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		fatal("vasprintf");
	va_end(ap);
	/*
	 * TRANSLATORS: "FILE: line 12: why"; keep the file first and the line
	 * number.
	 */
	rc = error_set(cause, _("%s: line %lu: %s"), csv_reader_name(r),
	    csv_reader_line(r), why);
	free(why);
	return rc;
}

/* A field's value as a message quotes it: sanitised, cut to IMPORT_VALUE_MAX columns. */
static char *
import_value_shown(const char *value)
{
	char *shown, *cut;

	shown = utf8_sanitize(value != NULL ? value : "");
	if (utf8_width(shown) > IMPORT_VALUE_MAX) {
		cut = utf8_cut(shown, IMPORT_VALUE_MAX, 1);
		free(shown);
		shown = cut;
	}
	return shown;
}

int
import_field_error(char **cause, const struct csv_reader *r, const char *field,
    const char *why, const char *value)
{
	char *shown = import_value_shown(value);
	int rc;

	/*
	 * TRANSLATORS: "field 'rs': not a number 'abc'": the field's name, why,
	 * the value quoted.
	 */
	rc = import_record_error(cause, r, _("field '%s': %s '%s'"), field, why,
	    shown);
	free(shown);
	return rc;
}

void
import_field_warn(struct import_job *job, const struct csv_reader *r,
    const char *field, const char *why, const char *value, const char *then)
{
	char *shown = import_value_shown(value);

	/*
	 * TRANSLATORS: as "field '%s': %s '%s'", then what was done about it.
	 */
	import_warn(job, _("%s: line %lu: field '%s': %s '%s': %s"),
	    csv_reader_name(r), csv_reader_line(r), field, why, shown, then);
	free(shown);
}

int
import_record_has(const struct csv_reader *r, const char *const *names)
{
	size_t i;
	int n;

	for (n = 0; names[n] != NULL; n++) {
		for (i = 0; i < csv_reader_nfields(r); i++) {
			if (strcasecmp(csv_reader_field(r, i), names[n]) == 0)
				break;
		}
		if (i == csv_reader_nfields(r))
			return 0;
	}
	return 1;
}

int
import_take_header(struct csv_reader *r, char **cause)
{
	const char *a, *b;
	size_t i, j, n;

	csv_reader_take_header(r);
	n = csv_reader_nfields_header(r);
	/* Quadratic, but once a file, over a few hundred columns at most. */
	for (i = 0; i < n; i++) {
		a = csv_reader_header(r, i);
		if (*a == '\0')
			continue;
		for (j = i + 1; j < n; j++) {
			b = csv_reader_header(r, j);
			if (strcasecmp(a, b) == 0)
				return import_record_error(cause, r,
				    _("column '%s' appears twice in the "
				    "header"), b);
		}
	}
	return 0;
}

int
import_require_column(const struct csv_reader *r, const char *name, char **cause)
{
	int i = csv_reader_column(r, name);

	if (i < 0)
		import_record_error(cause, r, _("no column '%s' in the header"),
		    name);
	return i;
}

void
import_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
import_sql_step(sqlite3_stmt *st, const char *what, char **cause)
{
	char *text = NULL;
	int rc = db_step(st, &text);

	sqlite3_reset(st);
	if (rc < 0) {
		error_set(cause, "%s: %s", what, text);
		free(text);
		return -1;
	}
	return 0;
}

void
import_progress_row(struct import_job *job)
{
	if ((++job->rows & 0x3fff) == 0 && job->stream != NULL)
		progress_update(job->progress, archive_stream_position(job->stream),
		    job->rows);
}

int64_t
import_dataset_begin(struct import_job *job, const char *kind,
    const char *source, int year, char **cause)
{
	size_t current = job->nfiles - 1;

	return import_dataset_begin_files(job, kind, source, year, &current, 1,
	    cause);
}

/*
 * What provenance says of several FILEs: their names, and the SHA-256 of
 * their sha256sum listing ("HEX  NAME" lines in the order given), which
 * anyone can recompute from the files.
 */
static void
import_files_fact(const struct import_job *job, const size_t *files,
    size_t nfiles, char **name, int64_t *size, char sha256[65])
{
	const struct dynlib_nettle *h;
	struct sha256_ctx sha;
	uint8_t digest[SHA256_DIGEST_SIZE];
	const struct import_file *f;
	char *names = NULL, *t, *line;
	size_t i;

	if (nfiles == 1) {
		f = &job->files[files[0]];
		*name = xstrdup(f->name);
		*size = f->size;
		memcpy(sha256, f->sha256, 65);
		return;
	}
	h = dynlib_nettle_loaded();
	h->sha256_begin(&sha);
	*size = 0;
	for (i = 0; i < nfiles; i++) {
		f = &job->files[files[i]];
		line = xasprintf("%s  %s\n", f->sha256, f->name);
		h->sha256_add(&sha, strlen(line), (const uint8_t *)line);
		free(line);
		t = xasprintf("%s%s%s", names != NULL ? names : "", i > 0 ? ", " :
		    "", f->name);
		free(names);
		names = t;
		*size += f->size;
	}
	h->sha256_end(&sha, sizeof digest, digest);
	for (i = 0; i < sizeof digest; i++)
		snprintf(sha256 + 2 * i, 3, "%02x", digest[i]);
	*name = names;
}

int64_t
import_dataset_begin_files(struct import_job *job, const char *kind,
    const char *source, int year, const size_t *files, size_t nfiles,
    char **cause)
{
	const struct dataset_origin *origin;
	struct dataset_record rec;
	sqlite3_stmt *st;
	char *ts, *name;
	int rc;

	if (nfiles == 0)
		fatal("a dataset of no file");
	if (db_prepare(job->db, "DELETE FROM dataset WHERE kind = ?1 AND "
	    "year IS ?2 AND source = ?3", &st, cause) != 0)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	/* As dataset_insert stores it. */
	sqlite3_bind_text(st, 3, utf8_sanitize(source), -1, free);
	if (year != 0)
		sqlite3_bind_int(st, 2, year);
	rc = import_sql_step(st, "provenance", cause);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	memset(&rec, 0, sizeof rec);
	rec.kind = (char *)kind;
	rec.year = year;
	rec.source = (char *)source;
	import_files_fact(job, files, nfiles, &name, &rec.file_size, rec.sha256);
	rec.file_name = name;
	rec.imported_at = ts = dataset_timestamp_now();
	rec.sample = job->options->sample;
	/*
	 * Where a download came from, for the next update's conditional
	 * request: only a dataset of one FILE has one place it came from.
	 */
	origin = nfiles == 1 ? job->files[files[0]].origin : NULL;
	if (origin != NULL) {
		rec.url = (char *)origin->url;
		rec.retrieved_at = (char *)origin->retrieved_at;
		rec.etag = (char *)origin->etag;
		rec.last_modified = (char *)origin->last_modified;
	}
	rc = dataset_insert(job->db, &rec, cause);
	free(ts);
	free(name);
	if (rc != 0)
		return -1;
	return sqlite3_last_insert_rowid(job->db);
}

int
import_dataset_end(struct import_job *job, int64_t id, int64_t rows_read,
    int64_t rows_kept, int64_t rows_rejected, json_t *totals, char **cause)
{
	struct import_report *rep = job->report;
	struct dataset_record *rec;
	sqlite3_stmt *st;
	char *json;
	int rc;

	json = json_dumps(totals, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(totals);
	if (db_prepare(job->db, "UPDATE dataset SET rows_read = ?2, rows_kept = ?3,"
	    " rows_rejected = ?4, control_totals = ?5 WHERE id = ?1", &st,
	    cause) != 0) {
		free(json);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, rows_read);
	sqlite3_bind_int64(st, 3, rows_kept);
	sqlite3_bind_int64(st, 4, rows_rejected);
	sqlite3_bind_text(st, 5, json, -1, SQLITE_TRANSIENT);
	rc = import_sql_step(st, "provenance", cause);
	sqlite3_finalize(st);
	if (rc != 0) {
		free(json);
		return -1;
	}
	rep->datasets = xreallocarray(rep->datasets, rep->ndatasets + 1,
	    sizeof *rep->datasets);
	rec = &rep->datasets[rep->ndatasets++];
	memset(rec, 0, sizeof *rec);
	rec->id = id;
	if (db_prepare(job->db, "SELECT kind, year, source, imported_at, "
	    "file_name, file_size, sha256 FROM dataset WHERE id = ?", &st,
	    cause) != 0) {
		free(json);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		rec->kind = xstrdup((const char *)sqlite3_column_text(st, 0));
		rec->year = sqlite3_column_int(st, 1);
		rec->source = xstrdup((const char *)sqlite3_column_text(st, 2));
		rec->imported_at = xstrdup((const char *)sqlite3_column_text(st, 3));
		rec->file_name = xstrdup((const char *)sqlite3_column_text(st, 4));
		rec->file_size = sqlite3_column_int64(st, 5);
		snprintf(rec->sha256, sizeof rec->sha256, "%s",
		    (const char *)sqlite3_column_text(st, 6));
	}
	sqlite3_finalize(st);
	if (rc < 0) {
		free(json);
		return -1;
	}
	if (rec->kind == NULL)
		fatal("dataset %lld vanished", (long long)id);
	rec->rows_read = rows_read;
	rec->rows_kept = rows_kept;
	rec->rows_rejected = rows_rejected;
	rec->control_totals = json;
	rec->sample = job->options->sample;
	return 0;
}

/* Whether an archive entry could be a CSV table (documentation and SAS files are not). */
static int
import_entry_is_table(const char *entry)
{
	const char *dot = strrchr(entry, '.');
	const char *slash = strrchr(entry, '/');

	if (dot == NULL || (slash != NULL && dot < slash))
		return 1;
	return strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".txt") == 0;
}

/* Appends a line to one of the report's lists. */
static void
import_report_add(char ***list, size_t *n, char *line)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = line;
}

void
import_not_used(struct import_job *job, const char *entry, const char *why)
{
	struct import_report *rep = job->report;

	import_report_add(&rep->not_used, &rep->nnot_used, why != NULL ?
	    xasprintf("%s: %s (%s)", job->file_name, entry, why) :
	    xasprintf("%s: %s", job->file_name, entry));
}

void
import_not_recognised(struct import_job *job, const char *entry)
{
	struct import_report *rep = job->report;

	import_report_add(&rep->not_recognised, &rep->nnot_recognised,
	    xasprintf("%s: %s", job->file_name, entry));
}

void
import_warn(struct import_job *job, const char *fmt, ...)
{
	struct import_report *rep = job->report;
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	import_report_add(&rep->warnings, &rep->nwarnings, line);
}

/* What any recognised file looks like, for the message about one that is not. */
static char *
import_expectations(void)
{
	char *s = NULL, *t;
	int i;

	for (i = 0; i < IMPORT_NKINDS; i++) {
		if (i == 0)
			t = xstrdup(_(import_kinds[i]->expect));
		else
			/*
			 * TRANSLATORS: "A, B" then "A, B or C": the kinds of
			 * file mediflux reads.
			 */
			t = xasprintf(i == IMPORT_NKINDS - 1 ? _("%s or %s") :
			    _("%s, %s"), s, _(import_kinds[i]->expect));
		free(s);
		s = t;
	}
	/* TRANSLATORS: the list of the kinds of file mediflux reads follows. */
	t = xasprintf(_("expected %s"), s);
	free(s);
	return t;
}

/*
 * Reads one entry: recognises its kind from its first record and hands the
 * rest to that kind. Returns 1 when used, 0 when not recognised, -1 on error.
 */
static int
import_entry(struct import_job *job, struct archive_stream *in,
    const char *entry, char **cause)
{
	struct csv_reader *r;
	char *name;
	int i, rc;

	if (archive_stream_is_container(in))
		name = xasprintf("%s: %s", job->path, entry);
	else
		name = xstrdup(job->path);
	r = csv_reader_new(name, archive_stream_read, in);
	csv_reader_set_borrow(r, archive_stream_borrow);
	csv_reader_split_quoted_header(r);
	/* The entry is read to its end: decompressing and splitting overlap the rest. */
	csv_reader_read_ahead(r);
	free(name);
	rc = csv_reader_next(r, cause);
	if (rc <= 0) {
		if (rc == 0)
			rc = error_set(cause, _("%s: line 1: empty file"),
			    csv_reader_name(r));
		csv_reader_free(r);
		return rc;
	}
	for (i = 0; i < IMPORT_NKINDS; i++) {
		if (import_kinds[i]->detect(r))
			break;
	}
	for (int k = 0; i == IMPORT_NKINDS && k < IMPORT_NKINDS; k++) {
		if (import_kinds[k]->detect_name != NULL &&
		    import_kinds[k]->detect_name(entry))
			i = k;
	}
	if (i == IMPORT_NKINDS)
		rc = 0;
	else
		rc = import_kinds[i]->read(job, r, entry, cause) == 0 ? 1 : -1;
	csv_reader_free(r);
	return rc;
}

/*
 * Loads one FILE given on the command line, shown as name (NULL: path);
 * what it holds is written at the end of the run.
 */
static int
import_file(struct import_job *job, int index, const char *path,
    const char *name, char **cause)
{
	struct archive_stream *in = NULL;
	struct import_file *f;
	const char *entry, *slash;
	char *expect;
	int rc = -1, used = 0, n;

	if (name == NULL)
		name = path;
	job->files = xreallocarray(job->files, job->nfiles + 1, sizeof *job->files);
	f = &job->files[job->nfiles];
	memset(f, 0, sizeof *f);
	f->origin = job->origin;
	if (import_digests_take(job->digests, index, f->sha256, &f->size,
	    cause) != 0)
		return -1;
	slash = strrchr(name, '/');
	f->name = xstrdup(slash != NULL ? slash + 1 : name);
	job->nfiles++;
	job->path = name;
	job->file_name = f->name;
	job->file_size = f->size;
	memcpy(job->sha256, f->sha256, sizeof job->sha256);

	if ((in = archive_stream_open(path, cause)) == NULL)
		goto out;
	job->stream = in;
	job->rows = 0;
	progress_start(job->progress, job->file_name, archive_stream_file_size(in));
	while ((n = archive_stream_next(in, &entry, cause)) == 1) {
		if (archive_stream_is_container(in) && !import_entry_is_table(entry)) {
			import_not_used(job, entry, _("not a CSV table"));
			continue;
		}
		if ((n = import_entry(job, in, entry, cause)) < 0)
			goto out;
		if (n == 0) {
			if (!archive_stream_is_container(in)) {
				expect = import_expectations();
				error_set(cause, _("%s: line 1: not a file "
				    "mediflux knows: %s"), name, expect);
				free(expect);
				goto out;
			}
			import_not_recognised(job, entry);
		}
		used += n;
	}
	if (n < 0)
		goto out;
	if (used == 0) {
		expect = import_expectations();
		error_set(cause, _("%s: nothing mediflux knows in it: %s"),
		    name, expect);
		free(expect);
		goto out;
	}
	rc = 0;
out:
	progress_end(job->progress);
	job->stream = NULL;
	archive_stream_free(in);
	return rc;
}

/*
 * Whether a file's first table is an Open Medic one. Those files are read
 * first: a national year is the import's peak of memory, and read after the
 * others it would come on top of what they hold until the end (SAE's sites,
 * FINESS's PROJ, 20 MB): ten years with the other sources peaked at 82 MB
 * in the order given, 61 MB so. Any doubt (an error, another kind) leaves
 * the file in its place, where it is read and reported as always.
 */
static int
import_is_openmedic(const char *path)
{
	struct archive_stream *in;
	struct csv_reader *r;
	const char *entry;
	int is = 0;

	if ((in = archive_stream_open(path, NULL)) == NULL)
		return 0;
	while (archive_stream_next(in, &entry, NULL) == 1) {
		if (archive_stream_is_container(in) &&
		    !import_entry_is_table(entry))
			continue;
		r = csv_reader_new(path, archive_stream_read, in);
		csv_reader_split_quoted_header(r);
		is = csv_reader_next(r, NULL) == 1 &&
		    import_kinds[IMPORT_OPENMEDIC]->detect(r);
		csv_reader_free(r);
		break;
	}
	archive_stream_free(in);
	return is;
}

/* The order files are read in: Open Medic first, each group as given. */
static int *
import_file_order(char **files, int nfiles)
{
	size_t n0 = nfiles > 0 ? (size_t)nfiles : 1;
	int *order = xcalloc(n0, sizeof *order);
	char *om = xcalloc(n0, 1);
	int i, n = 0;

	for (i = 0; i < nfiles; i++)
		if ((om[i] = (char)import_is_openmedic(files[i])))
			order[n++] = i;
	for (i = 0; i < nfiles; i++)
		if (!om[i])
			order[n++] = i;
	free(om);
	return order;
}

/* Writes what every kind read from all the FILEs, then lets go of it. */
static int
import_finish(struct import_job *job, int write, char **cause)
{
	int i, rc = 0;

	for (i = 0; i < IMPORT_NKINDS; i++) {
		if (write && rc == 0 && job->state[i] != NULL &&
		    import_kinds[i]->finish != NULL &&
		    import_kinds[i]->finish(job, job->state[i], cause) != 0)
			rc = -1;
		if (job->state[i] != NULL && import_kinds[i]->free != NULL)
			import_kinds[i]->free(job->state[i]);
		job->state[i] = NULL;
	}
	return rc;
}

static void
import_job_free_files(struct import_job *job)
{
	size_t i;

	for (i = 0; i < job->nfiles; i++)
		free(job->files[i].name);
	free(job->files);
	job->files = NULL;
	job->nfiles = 0;
}

/* Whether the last failure on db was writing its file. */
static int
import_write_failed(sqlite3 *db)
{
	int code = sqlite3_errcode(db) & 0xff;

	return code == SQLITE_FULL || code == SQLITE_IOERR;
}

struct import_check {
	import_check_fn	  fn;
	void		 *arg;
	void		(*free_arg)(void *);
};

void
import_defer_check(struct import_job *job, import_check_fn fn, void *arg,
    void (*free_arg)(void *))
{
	struct import_check *c;

	job->checks = xreallocarray(job->checks, job->nchecks + 1,
	    sizeof *job->checks);
	c = &job->checks[job->nchecks++];
	c->fn = fn;
	c->arg = arg;
	c->free_arg = free_arg;
}

int
import_checks_run(const struct import_job *job, sqlite3 *db, char **cause)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < job->nchecks && rc == 0; i++)
		rc = job->checks[i].fn(db, job->checks[i].arg, cause);
	return rc;
}

/* Runs the deferred checks on the committed copy at path (refdb_update_check_fn). */
static int
import_run_checks(const char *path, void *arg, char **cause)
{
	sqlite3 *db;
	int rc;

	if (db_open_readonly(path, &db, cause) != 0)
		return -1;
	rc = import_checks_run(arg, db, cause);
	sqlite3_close(db);
	return rc;
}

void
import_checks_free(struct import_job *job)
{
	size_t i;

	for (i = 0; i < job->nchecks; i++)
		if (job->checks[i].free_arg != NULL)
			job->checks[i].free_arg(job->checks[i].arg);
	free(job->checks);
	job->checks = NULL;
	job->nchecks = 0;
}

/*
 * Keeps the memory an import frees for its next allocations: glibc gives
 * the top of its heap back to the system past 128 KiB free and maps each
 * block of 128 KiB or more on its own, so that the cubes made and freed
 * for each of a year's products took their pages from the system over and
 * over, a page fault each (some 7,000 a year, each dear in a virtual
 * machine). The peak stays the same: what is kept is used again.
 */
static void
import_keep_memory(void)
{
#ifdef __GLIBC__
	(void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int
import_run(const struct import_options *options, char **files, int nfiles,
    struct import_report *report, char **cause)
{
	struct refdb_update *u;
	struct import_job job;
	double started = clock_now_ms();
	char *why = NULL;
	int *order = NULL, i, k, rc;

	memset(report, 0, sizeof *report);
	memset(&job, 0, sizeof job);
	job.options = options;
	job.report = report;
	/*
	 * The files' digests are taken meanwhile, from the copy of the target
	 * on: each file was read whole for its digest before its import.
	 * Nettle is opened on this thread, as libarchive was (which needs it):
	 * opened on the digests' thread, glibc kept a list of libarchive's
	 * dependencies for good (valgrind: definitely lost). Where it cannot
	 * be, the digests say so, file by file.
	 */
	import_keep_memory();
	order = import_file_order(files, nfiles);
	(void)dynlib_nettle(NULL);
	job.digests = import_digests_start(files, order, nfiles);
	if ((u = refdb_update_begin(options->target, options->geography, &job.db,
	    cause)) == NULL) {
		import_digests_free(job.digests);
		free(order);
		return -1;
	}
	report->created = refdb_update_created(u);
	job.progress = progress_new(options->progress);
	if (db_exec(job.db, "BEGIN", cause) != 0)
		goto fail;
	for (k = 0; k < nfiles; k++) {
		i = order[k];
		job.origin = options->origins != NULL ? &options->origins[i] : NULL;
		if (import_file(&job, i, files[i], options->names != NULL ?
		    options->names[i] : NULL, cause) != 0)
			goto fail;
	}
	import_digests_free(job.digests);
	job.digests = NULL;
	free(order);
	order = NULL;
	if (import_finish(&job, 1, cause) != 0)
		goto fail;
	progress_phase(job.progress, _("regional metrics"));
	if (import_metrics_rebuild(job.db, cause) != 0)
		goto fail;
	if (db_exec(job.db, "COMMIT", cause) != 0)
		goto fail;
	progress_phase(job.progress, _("checking the new database"));
	rc = job.nchecks > 0 ? refdb_update_commit_checked(u, import_run_checks,
	    &job, cause) : refdb_update_commit(u, cause);
	import_checks_free(&job);
	progress_free(job.progress);
	import_job_free_files(&job);
	if (rc != 0) {
		import_report_free(report);
		return -1;
	}
	report->duration_ms = (int64_t)(clock_now_ms() - started);
	return 0;
fail:
	/*
	 * A full disk or a file size limit, met at the commit or earlier when
	 * the cache spilled: say which database could not be written.
	 */
	if (cause != NULL && *cause != NULL && import_write_failed(job.db)) {
		why = *cause;
		*cause = NULL;
		error_set(cause,
		    _("%s: writing the new database beside it: %s"),
		    options->target, why);
		free(why);
	}
	import_digests_free(job.digests);
	free(order);
	import_finish(&job, 0, NULL);
	import_checks_free(&job);
	import_job_free_files(&job);
	progress_free(job.progress);
	refdb_update_abort(u);
	import_report_free(report);
	return -1;
}


void
import_report_free(struct import_report *report)
{
	xfree_strings(report->not_used, report->nnot_used);
	xfree_strings(report->not_recognised, report->nnot_recognised);
	xfree_strings(report->warnings, report->nwarnings);
	dataset_list_free(report->datasets, report->ndatasets);
	memset(report, 0, sizeof *report);
}
