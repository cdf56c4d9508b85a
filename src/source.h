/* SPDX-License-Identifier: ISC */
/* An input file read once, counting its bytes and SHA-256 for provenance as it goes. */
#ifndef MEDIFLUX_SOURCE_H
#define MEDIFLUX_SOURCE_H

#include <stdint.h>
#include <sys/types.h>

struct source;

struct source	*source_open_file(const char *path, char **cause);
void		 source_free(struct source *);

/* A csv_read_fn: reads from the file and feeds the digest. */
ssize_t		 source_read(void *source, char *buf, size_t size, char **cause);

const char	*source_path(const struct source *);
/* The file name without its directory, as recorded in provenance. */
const char	*source_basename(const struct source *);
uint64_t	 source_bytes(const struct source *);

/* Hex SHA-256 of everything read so far (reads the rest of the file first). */
int		 source_sha256_hex(struct source *, char hex[65], char **cause);

#endif
