/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalogue.h"
#include "i18n.h"
#include "http_fetch.h"
#include "out.h"
#include "utf8.h"
#include "xmalloc.h"

/* Largest API answer read: a dataset with a few hundred resources is well under. */
#define CATALOGUE_API_MAX	(16 * 1024 * 1024)
#define CATALOGUE_YEAR		"{year}"

struct catalogue {
	char	*path;
	json_t	*sources;	/* the array of entries */
};

struct catalogue *
catalogue_load(const char *path, char **cause)
{
	struct catalogue *c;
	json_error_t err;
	json_t *root, *src, *e;
	struct stat st;
	size_t i;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		error_set(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		error_set(cause, _("%s: not a regular file"), path);
		return NULL;
	}
	utf8_skip_bom(f);
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
	fclose(f);
	if (root == NULL) {
		error_set(cause, _("%s: line %d: %s"), path,
		    err.line, out_json_error(&err));
		return NULL;
	}
	src = json_object_get(root, "sources");
	if (!json_is_array(src)) {
		json_decref(root);
		error_set(cause, _("%s: no \"sources\" array"), path);
		return NULL;
	}
	json_array_foreach(src, i, e) {
		if (!json_is_string(json_object_get(e, "name")) ||
		    (!json_is_string(json_object_get(e, "api")) &&
		    !json_is_string(json_object_get(e, "url")) &&
		    !json_is_array(json_object_get(e, "files")))) {
			json_decref(root);
			error_set(cause, _("%s: source %zu: wants a \"name\" "
			    "and one of \"api\", \"url\" or \"files\""),
			    path, i + 1);
			return NULL;
		}
	}
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->sources = json_incref(src);
	json_decref(root);
	return c;
}

void
catalogue_free(struct catalogue *c)
{
	if (c == NULL)
		return;
	json_decref(c->sources);
	free(c->path);
	free(c);
}

size_t
catalogue_count(const struct catalogue *c)
{
	return json_array_size(c->sources);
}

const char *
catalogue_name(const struct catalogue *c, size_t i)
{
	return json_string_value(json_object_get(json_array_get(c->sources, i),
	    "name"));
}

int
catalogue_default(const struct catalogue *c, size_t i)
{
	return !json_is_false(json_object_get(json_array_get(c->sources, i),
	    "default"));
}

int
catalogue_find(const struct catalogue *c, const char *name)
{
	size_t i;

	for (i = 0; i < catalogue_count(c); i++)
		if (strcmp(catalogue_name(c, i), name) == 0)
			return (int)i;
	return -1;
}

/* s with every {year} replaced by year, or by a glob of four digits when year is 0. */
static char *
catalogue_expand(const char *s, int year)
{
	const char *p;
	char *out, *t, y[32];

	if (year != 0)
		snprintf(y, sizeof y, "%d", year);
	else
		snprintf(y, sizeof y, "[0-9][0-9][0-9][0-9]");
	out = xstrdup("");
	while ((p = strstr(s, CATALOGUE_YEAR)) != NULL) {
		t = xasprintf("%s%.*s%s", out, (int)(p - s), s, y);
		free(out);
		out = t;
		s = p + strlen(CATALOGUE_YEAR);
	}
	t = xasprintf("%s%s", out, s);
	free(out);
	return t;
}

/* The first run of exactly four digits in name, as a year (19xx, 20xx), or 0. */
static int
catalogue_year_in(const char *name)
{
	const char *p;
	int y;

	for (p = name; *p != '\0'; p++) {
		if ((p == name || p[-1] < '0' || p[-1] > '9') &&
		    strspn(p, "0123456789") == 4) {
			y = atoi(p);
			if (y >= 1900 && y < 2100)
				return y;
		}
	}
	return 0;
}

/* The last path segment of a URL, without query or fragment. */
static char *
catalogue_url_basename(const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *slash;
	char *path = xmalloc(end + 1), *name;

	memcpy(path, url, end);
	path[end] = '\0';
	while (end > 0 && path[end - 1] == '/')
		path[--end] = '\0';
	slash = strrchr(path, '/');
	name = xstrdup(slash != NULL ? slash + 1 : path);
	free(path);
	return name;
}

static int
catalogue_year_wanted(int year, const int *years, size_t nyears)
{
	size_t i;

	if (nyears == 0)
		return 1;
	for (i = 0; i < nyears; i++)
		if (years[i] == year)
			return 1;
	return 0;
}

static struct catalogue_file *
catalogue_add(struct catalogue_file **files, size_t *n, const char *source,
    const char *url, const char *name, int importer)
{
	struct catalogue_file *f;

	*files = xreallocarray(*files, *n + 1, sizeof **files);
	f = &(*files)[(*n)++];
	memset(f, 0, sizeof *f);
	f->source = xstrdup(source);
	f->url = xstrdup(url);
	f->name = xstrdup(name);
	f->size = -1;
	f->importer = importer;
	return f;
}

static char *
catalogue_dup_string(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* Files of an entry with "url" and "years" (a URL pattern) or "files" (fixed URLs). */
static void
catalogue_resolve_fixed(json_t *e, const char *source, int importer,
    const int *years, size_t nyears, struct catalogue_file **files,
    size_t *nfiles)
{
	const char *url = json_string_value(json_object_get(e, "url"));
	const char *file = json_string_value(json_object_get(e, "file"));
	json_t *list, *v;
	char *u, *name;
	size_t i;
	int y;

	if (url != NULL) {
		json_array_foreach(json_object_get(e, "years"), i, v) {
			y = (int)json_integer_value(v);
			if (y == 0 || !catalogue_year_wanted(y, years, nyears))
				continue;
			u = catalogue_expand(url, y);
			name = file != NULL ? catalogue_expand(file, y) :
			    catalogue_url_basename(u);
			catalogue_add(files, nfiles, source, u, name,
			    importer)->year = y;
			free(u);
			free(name);
		}
		if (json_object_get(e, "years") == NULL) {
			name = file != NULL ? xstrdup(file) :
			    catalogue_url_basename(url);
			catalogue_add(files, nfiles, source, url, name, importer);
			free(name);
		}
	}
	list = json_object_get(e, "files");
	json_array_foreach(list, i, v) {
		url = json_string_value(json_object_get(v, "url"));
		if (url == NULL)
			continue;
		file = json_string_value(json_object_get(v, "file"));
		name = file != NULL ? xstrdup(file) : catalogue_url_basename(url);
		catalogue_add(files, nfiles, source, url, name, importer);
		free(name);
	}
}

/* Files of an entry with "api": the dataset's resources whose name matches. */
static int
catalogue_resolve_api(json_t *e, const char *source, int importer,
    const struct http_settings *hs, const int *years, size_t nyears,
    struct catalogue_file **files, size_t *nfiles, char **cause)
{
	const char *api = json_string_value(json_object_get(e, "api"));
	const char *match = json_string_value(json_object_get(e, "match"));
	int latest = json_is_true(json_object_get(e, "latest"));
	int by_year = match != NULL && strstr(match, CATALOGUE_YEAR) != NULL;
	struct catalogue_file *f, tmp;
	json_error_t err;
	json_t *root, *res, *r, *ck;
	char *body, *glob, *name, *title;
	size_t len, i, first = *nfiles, best = (size_t)-1;
	const char *url;
	int y;

	if (http_fetch_memory(hs, api, CATALOGUE_API_MAX, &body, &len, cause) != 0)
		return -1;
	root = json_loadb(body, len, 0, &err);
	free(body);
	res = json_object_get(root, "resources");
	if (!json_is_array(res)) {
		json_decref(root);
		return error_set(cause, _("%s: not a data.gouv.fr dataset (no "
		    "\"resources\" list)%s%s"), api, root == NULL ? ": " : "",
		    root == NULL ? out_json_error(&err) : "");
	}
	glob = catalogue_expand(match != NULL ? match : "*", 0);
	json_array_foreach(res, i, r) {
		url = json_string_value(json_object_get(r, "url"));
		if (url == NULL)
			continue;
		name = catalogue_url_basename(url);
		if (fnmatch(glob, name, FNM_CASEFOLD) != 0) {
			title = catalogue_dup_string(r, "title");
			free(name);
			name = title;
			if (name == NULL || fnmatch(glob, name, FNM_CASEFOLD) != 0) {
				free(name);
				continue;
			}
		}
		y = by_year ? catalogue_year_in(name) : 0;
		if (by_year && !catalogue_year_wanted(y, years, nyears)) {
			free(name);
			continue;
		}
		f = catalogue_add(files, nfiles, source, url, name, importer);
		free(name);
		f->year = y;
		if (json_is_integer(json_object_get(r, "filesize")))
			f->size = json_integer_value(json_object_get(r, "filesize"));
		ck = json_object_get(r, "checksum");
		f->checksum_type = catalogue_dup_string(ck, "type");
		f->checksum = catalogue_dup_string(ck, "value");
		f->last_modified = catalogue_dup_string(r, "last_modified");
	}
	free(glob);
	json_decref(root);
	if (*nfiles == first)
		return error_set(cause, _("%s: no resource named like '%s'"),
		    api, match != NULL ? match : "*");
	/* Only the newest extract (names carry their date) when asked. */
	if (latest) {
		for (i = first; i < *nfiles; i++)
			if (best == (size_t)-1 ||
			    strcmp((*files)[i].name, (*files)[best].name) > 0)
				best = i;
		if (best != first) {
			tmp = (*files)[first];
			(*files)[first] = (*files)[best];
			(*files)[best] = tmp;
		}
		catalogue_files_free(*files + first + 1, *nfiles - first - 1);
		*nfiles = first + 1;
	}
	return 0;
}

int
catalogue_resolve(const struct catalogue *c, size_t i,
    const struct http_settings *hs, const int *years, size_t nyears,
    struct catalogue_file **files, size_t *nfiles, int *requests, char **cause)
{
	json_t *e = json_array_get(c->sources, i);
	const char *name = catalogue_name(c, i);
	json_t *imp = json_object_get(e, "importer");
	int importer = imp == NULL || json_is_true(imp);

	if (json_is_string(json_object_get(e, "api"))) {
		(*requests)++;
		return catalogue_resolve_api(e, name, importer, hs, years, nyears,
		    files, nfiles, cause);
	}
	catalogue_resolve_fixed(e, name, importer, years, nyears, files, nfiles);
	return 0;
}

void
catalogue_files_free(struct catalogue_file *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(files[i].source);
		free(files[i].url);
		free(files[i].name);
		free(files[i].checksum_type);
		free(files[i].checksum);
		free(files[i].last_modified);
	}
}
