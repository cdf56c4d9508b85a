/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "catalogue.h"
#include "dataset.h"
#include "db.h"
#include "dbfile.h"
#include "http_fetch.h"
#include "i18n.h"
#include "progress.h"
#include "update.h"
#include "xmalloc.h"

/* A file fetched and waiting for the import. */
struct update_body {
	int			 fd;
	char			*path;		/* /proc/self/fd/N */
	struct http_response	 resp;
	char			*retrieved_at;
	struct dataset_origin	 origin;
	const char		*name;
};

const char *
update_state_name(enum update_state s)
{
	switch (s) {
	case UPDATE_PLANNED:
		return N_("planned");
	case UPDATE_FETCHED:
		return N_("fetched");
	case UPDATE_UP_TO_DATE:
		return N_("up to date");
	case UPDATE_NO_IMPORTER:
		return N_("no importer yet, not fetched");
	}
	return "?";
}

/*
 * A temporary file no name points to, so that it is gone when the process
 * ends, even killed: O_TMPFILE, else a name unlinked at once. It lives in
 * TMPDIR, else beside the target (where the import's copy must fit anyway).
 */
static int
update_tmpfile(const char *target, char **cause)
{
	const char *env = getenv("TMPDIR");
	char *dir, *tmpl;
	int fd;

	dir = env != NULL && *env == '/' ? xstrdup(env) : dbfile_dirname(target);
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		tmpl = xasprintf("%s/.mediflux-download-XXXXXX", dir);
		if ((fd = mkostemp(tmpl, O_CLOEXEC)) >= 0)
			unlink(tmpl);
		free(tmpl);
	}
	if (fd < 0)
		error_set(cause, _("%s: cannot make a temporary file: %s"), dir,
		    strerror(errno));
	free(dir);
	return fd;
}

/*
 * The validators of the datasets the target holds from url (NULL when none,
 * as in a database of a schema without them); -1 with *cause when the target
 * cannot be read.
 */
static int
update_validators(sqlite3 *db, const char *url, char **etag,
    char **last_modified, char **cause)
{
	sqlite3_stmt *st;
	const char *s;
	char *why = NULL;
	int rc;

	*etag = *last_modified = NULL;
	if (db == NULL)
		return 0;
	if (db_prepare(db, "SELECT etag, last_modified FROM dataset WHERE url ="
	    " ?1 ORDER BY id DESC LIMIT 1", &st, &why) != 0) {
		/* SQLite's plain error: no such column; any other is the file's. */
		rc = (sqlite3_errcode(db) & 0xff) == SQLITE_ERROR ? 0 :
		    error_set(cause, "%s", why);
		free(why);
		return rc;
	}
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		if ((s = (const char *)sqlite3_column_text(st, 0)) != NULL)
			*etag = xstrdup(s);
		if ((s = (const char *)sqlite3_column_text(st, 1)) != NULL)
			*last_modified = xstrdup(s);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/*
 * Names the URL in an import's message about a download: the import knows it
 * by its file name, and its archive reader by /proc/self/fd/N.
 */
static void
update_name_urls(char **cause, const struct update_body *bodies, size_t n)
{
	char *p, *t;
	size_t i, len;

	if (cause == NULL || *cause == NULL)
		return;
	for (i = 0; i < n; i++) {
		len = strlen(bodies[i].path);
		while ((p = strstr(*cause, bodies[i].path)) != NULL &&
		    (p[len] < '0' || p[len] > '9')) {
			t = xasprintf("%.*s%s%s", (int)(p - *cause), *cause,
			    bodies[i].origin.url, p + len);
			free(*cause);
			*cause = t;
		}
	}
	for (i = 0; i < n; i++) {
		len = strlen(bodies[i].name);
		if (strncmp(*cause, bodies[i].name, len) == 0 &&
		    (*cause)[len] == ':') {
			t = xasprintf("%s%s", bodies[i].origin.url, *cause + len);
			free(*cause);
			*cause = t;
			break;
		}
	}
}

/* The catalogue's files for the entries asked for. */
static int
update_plan(const struct update_options *o, const struct http_settings *hs,
    struct catalogue_file **files, size_t *nfiles, int *requests, char **cause)
{
	struct catalogue *cat;
	int i, rc = 0;
	size_t k;

	if ((cat = catalogue_load(o->sources, cause)) == NULL)
		return -1;
	for (i = 0; i < o->ndatasets; i++) {
		if (catalogue_find(cat, o->datasets[i]) < 0) {
			error_set(cause, _("%s: no dataset '%s' in the "
			    "catalogue (see mediflux update --help)"),
			    o->sources, o->datasets[i]);
			catalogue_free(cat);
			return -1;
		}
	}
	for (k = 0; k < catalogue_count(cat) && rc == 0; k++) {
		for (i = 0; i < o->ndatasets; i++)
			if (strcmp(o->datasets[i], catalogue_name(cat, k)) == 0)
				break;
		if (o->ndatasets > 0 ? i == o->ndatasets :
		    !catalogue_default(cat, k))
			continue;
		rc = catalogue_resolve(cat, k, hs, o->years, o->nyears, files,
		    nfiles, requests, cause);
	}
	catalogue_free(cat);
	return rc;
}

static struct update_file *
update_report_add(struct update_report *rep, const struct catalogue_file *f,
    enum update_state state)
{
	struct update_file *u;

	rep->files = xreallocarray(rep->files, rep->nfiles + 1, sizeof *rep->files);
	u = &rep->files[rep->nfiles++];
	memset(u, 0, sizeof *u);
	u->source = xstrdup(f->source);
	u->url = xstrdup(f->url);
	u->name = xstrdup(f->name);
	u->year = f->year;
	u->size = f->size;
	u->state = state;
	return u;
}

/* Fetches one file into a new body; 1 when the server says it has not changed. */
static int
update_fetch(const struct update_options *o, const struct http_settings *hs,
    sqlite3 *old, const struct catalogue_file *f, struct progress *progress,
    struct update_body *b, struct update_file *u, char **cause)
{
	struct http_request req;
	char *etag, *lm, sha[65];
	int rc;

	memset(b, 0, sizeof *b);
	if (update_validators(old, f->url, &etag, &lm, cause) != 0)
		return -1;
	if ((b->fd = update_tmpfile(o->target, cause)) < 0) {
		free(etag);
		free(lm);
		return -1;
	}
	b->path = xasprintf("/proc/self/fd/%d", b->fd);
	memset(&req, 0, sizeof req);
	req.url = f->url;
	req.etag = etag;
	req.last_modified = lm;
	req.name = f->name;
	req.progress = progress;
	rc = http_fetch_fd(hs, &req, b->fd, &b->resp, cause);
	u->requests = b->resp.requests;
	free(etag);
	free(lm);
	if (rc != 0)
		return -1;
	if (b->resp.status == 304)
		return 1;
	if (http_verify_fd(b->fd, f->size, f->checksum_type, f->checksum, f->url,
	    sha, cause) != 0)
		return -1;
	u->size = b->resp.size;
	b->retrieved_at = dataset_timestamp_now();
	b->origin.url = f->url;
	b->origin.retrieved_at = b->retrieved_at;
	b->origin.etag = b->resp.etag;
	b->origin.last_modified = b->resp.last_modified;
	b->name = f->name;
	return 0;
}

static void
update_body_free(struct update_body *b)
{
	if (b->fd > 0)
		close(b->fd);
	free(b->path);
	free(b->retrieved_at);
	http_response_free(&b->resp);
}

/* Loads every fetched body through the import, all or nothing. */
static int
update_import(const struct update_options *o, struct update_body *bodies,
    size_t n, struct update_report *rep, char **cause)
{
	struct import_options io;
	struct dataset_origin *origins;
	const char **names;
	char **paths;
	size_t i;
	int rc;

	paths = xcalloc(n, sizeof *paths);
	names = xcalloc(n, sizeof *names);
	origins = xcalloc(n, sizeof *origins);
	for (i = 0; i < n; i++) {
		paths[i] = bodies[i].path;
		names[i] = bodies[i].name;
		origins[i] = bodies[i].origin;
	}
	memset(&io, 0, sizeof io);
	io.target = o->target;
	io.geography = o->geography;
	io.progress = o->progress;
	io.names = names;
	io.origins = origins;
	rc = import_run(&io, paths, (int)n, &rep->import, cause);
	if (rc == 0)
		rep->imported = 1;
	else
		update_name_urls(cause, bodies, n);
	free(paths);
	free(names);
	free(origins);
	return rc;
}

int
update_run(const struct update_options *o, struct update_report *rep,
    char **cause)
{
	struct http_settings hs;
	struct catalogue_file *files = NULL;
	struct update_body *bodies;
	struct update_file *u;
	struct progress *progress;
	sqlite3 *old = NULL;
	size_t nfiles = 0, nbodies = 0, i;
	int rc = -1, n;

	memset(rep, 0, sizeof *rep);
	if (http_init(cause) != 0)
		return -1;
	http_settings_from_env(&hs);
	if (update_plan(o, &hs, &files, &nfiles, &rep->requests, cause) != 0) {
		catalogue_files_free(files, nfiles);
		free(files);
		return -1;
	}
	if (o->dry_run) {
		for (i = 0; i < nfiles; i++)
			update_report_add(rep, &files[i], files[i].importer ?
			    UPDATE_PLANNED : UPDATE_NO_IMPORTER);
		catalogue_files_free(files, nfiles);
		free(files);
		return 0;
	}
	/* Hardened: nothing in the target's schema runs while it is read. */
	if (access(o->target, F_OK) == 0 &&
	    db_open_readonly(o->target, &old, NULL) != 0)
		old = NULL;
	bodies = xcalloc(nfiles + 1, sizeof *bodies);
	progress = progress_new(o->progress);
	for (i = 0; i < nfiles; i++) {
		if (!files[i].importer) {
			update_report_add(rep, &files[i], UPDATE_NO_IMPORTER);
			continue;
		}
		u = update_report_add(rep, &files[i], UPDATE_FETCHED);
		n = update_fetch(o, &hs, old, &files[i], progress,
		    &bodies[nbodies], u, cause);
		rep->requests += u->requests;
		if (n < 0) {
			nbodies++;
			goto out;
		}
		if (n == 1) {
			u->state = UPDATE_UP_TO_DATE;
			update_body_free(&bodies[nbodies]);
			continue;
		}
		nbodies++;
	}
	sqlite3_close(old);
	old = NULL;
	progress_free(progress);
	progress = NULL;
	rc = nbodies > 0 ? update_import(o, bodies, nbodies, rep, cause) : 0;
out:
	progress_free(progress);
	sqlite3_close(old);
	for (i = 0; i < nbodies; i++)
		update_body_free(&bodies[i]);
	free(bodies);
	catalogue_files_free(files, nfiles);
	free(files);
	if (rc != 0)
		update_report_free(rep);
	return rc;
}

void
update_report_free(struct update_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nfiles; i++) {
		free(rep->files[i].source);
		free(rep->files[i].url);
		free(rep->files[i].name);
	}
	free(rep->files);
	if (rep->imported)
		import_report_free(&rep->import);
	memset(rep, 0, sizeof *rep);
}
