/* SPDX-License-Identifier: ISC */
/*
 * The catalogue of where each dataset is published (data/sources.json): read
 * as data, and resolved through data.gouv.fr's API into the files to fetch.
 */
#ifndef MEDIFLUX_CATALOGUE_H
#define MEDIFLUX_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

struct http_settings;
struct catalogue;

/* One file to fetch, as its publisher describes it. */
struct catalogue_file {
	char	*source;		/* the catalogue entry ("finess") */
	char	*url;
	char	*name;			/* file name recorded in provenance */
	int	 year;			/* 0 when not by year */
	int64_t	 size;			/* -1 when not published */
	char	*checksum_type;		/* sha256, sha1, md5 or NULL */
	char	*checksum;
	char	*last_modified;		/* as published, or NULL */
	int	 importer;		/* whether mediflux can import it */
};

struct catalogue	*catalogue_load(const char *path, char **cause);
void			 catalogue_free(struct catalogue *);

size_t			 catalogue_count(const struct catalogue *);
const char		*catalogue_name(const struct catalogue *, size_t);
/* Whether entry i is updated when no dataset is named ("default": false says not). */
int			 catalogue_default(const struct catalogue *, size_t);
/* Index of the entry called name, or -1. */
int			 catalogue_find(const struct catalogue *, const char *name);

/*
 * The files entry i names today: its data.gouv.fr API answer filtered by its
 * pattern, or its URL pattern for every year it lists; years (nyears > 0)
 * keeps those years only. Appends to *files; counts the HTTP requests made.
 */
int	catalogue_resolve(const struct catalogue *, size_t i,
	    const struct http_settings *, const int *years, size_t nyears,
	    struct catalogue_file **files, size_t *nfiles, int *requests,
	    char **cause);

/* Frees what the n files hold; the array itself is the caller's. */
void	catalogue_files_free(struct catalogue_file *, size_t);

#endif
