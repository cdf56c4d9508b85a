/* SPDX-License-Identifier: ISC */
/*
 * The SHA-256 and size of each FILE of an import, for provenance, taken on a
 * thread of their own in the order the files are imported: a file's is
 * ready (or nearly) when its import starts, rather than a read of the whole
 * file before it.
 */
#ifndef MEDIFLUX_IMPORT_DIGEST_H
#define MEDIFLUX_IMPORT_DIGEST_H

#include <stdint.h>

struct import_digests;

/* Starts on paths[order[0]], paths[order[1]], ...; paths and order outlive it. */
struct import_digests *import_digests_start(char **paths, const int *order,
		    int n);
/* File i's digest and size, once taken; -1 with *cause when it could not be. */
int		 import_digests_take(struct import_digests *, int i,
		    char sha256[65], int64_t *size, char **cause);
/* Stops the thread at the file it is on and frees everything. */
void		 import_digests_free(struct import_digests *);

#endif
